//! Obtaining a source's export files: over HTTP with a deadline, a size limit and
//! conditional requests, or from a folder; and the cache of the last good copy of each
//! source (`.ocop-cache/sources/KEY/`), which a build falls back to when a source cannot be
//! read.
//!
//! A copy is the four files of one moment. A build asks for each file again only when it may
//! have changed (`If-None-Match`, `If-Modified-Since`; for a folder, its size and time), and
//! the cache is replaced only by a copy that was read whole and parsed: a source that fails
//! never leaves the cache half-written or empty.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::base::fsutil;
use crate::model::federation::{Location, SourceSpec};

/// The export files of a source, in the order they are read; the first two must be there.
pub(crate) const FILES: [&str; 4] = [
    "products.json",
    "producers.json",
    "sales-points.json",
    "fairs.json",
];

/// What the cache remembers of the copy it holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Meta {
    /// Where the copy came from (a changed location does not validate the old copy).
    pub location: String,
    /// The day the copy's bytes were fetched.
    pub fetched: Option<NaiveDate>,
    /// Per file: what tells whether it changed since.
    pub files: BTreeMap<String, Validator>,
}

/// What a later request sends to learn whether a file changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Validator {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// For a folder: size and modification time in nanoseconds.
    pub size: Option<u64>,
    pub mtime: Option<u128>,
    /// The file was not there (an optional file): an empty list.
    pub absent: bool,
}

/// One file as obtained now.
pub(crate) enum Got {
    /// New bytes (`None`: the optional file is not there).
    New(Option<Vec<u8>>, Validator),
    /// Unchanged since the cached copy.
    Same,
}

/// The cache folder of one source.
pub(crate) struct Cache {
    pub dir: PathBuf,
}

impl Cache {
    pub(crate) fn new(root: &Path, key: &str) -> Cache {
        Cache {
            dir: root.join(".ocop-cache").join("sources").join(key),
        }
    }

    pub(crate) fn meta(&self) -> Option<Meta> {
        let bytes = fsutil::read(&self.dir.join("meta.json")).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The cached bytes of `name` (`None` when absent, or when the file was absent at the
    /// source).
    pub(crate) fn file(&self, name: &str) -> Option<Vec<u8>> {
        fsutil::read(&self.dir.join(name)).ok()
    }

    /// Replaces the cached copy: each file written whole (to a temporary name, then moved),
    /// the meta last, so a copy interrupted half-way is never taken for a good one.
    pub(crate) fn store(&self, files: &[Option<Vec<u8>>; 4], meta: &Meta) -> Result<(), String> {
        fsutil::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(self.dir.join("meta.json"));
        for (name, bytes) in FILES.iter().zip(files) {
            let path = self.dir.join(name);
            match bytes {
                Some(b) => fsutil::write_atomic(&path, b).map_err(|e| e.to_string())?,
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let json = serde_json::to_vec_pretty(meta).map_err(|e| e.to_string())?;
        fsutil::write_atomic(&self.dir.join("meta.json"), json).map_err(|e| e.to_string())
    }
}

/// The folder address of a source's exports: a site address gets `du-lieu/`; an address
/// of the folder itself or of one of its files is taken as it is.
pub(crate) fn exports_url(url: &str) -> String {
    let u = url.trim();
    if u.ends_with(".json") {
        return u[..u.rfind('/').map_or(u.len(), |i| i + 1)].to_string();
    }
    let u = if u.ends_with('/') {
        u.to_string()
    } else {
        format!("{u}/")
    };
    if u.ends_with("/du-lieu/") {
        u
    } else {
        format!("{u}du-lieu/")
    }
}

/// Obtains the four files of `spec`, asking only for what may have changed since `meta`.
pub(crate) fn obtain(spec: &SourceSpec, meta: Option<&Meta>) -> Result<[Got; 4], String> {
    let meta = meta.filter(|m| m.location == location_text(&spec.location));
    let before = |name: &str| meta.and_then(|m| m.files.get(name));
    match &spec.location {
        Location::Url(url) => {
            let agent = agent(spec);
            let base = exports_url(url);
            let mut got = Vec::with_capacity(4);
            for (i, name) in FILES.iter().enumerate() {
                got.push(get(
                    &agent,
                    &format!("{base}{name}"),
                    before(name),
                    i >= 2,
                    spec,
                )?);
            }
            Ok(to_array(got))
        }
        Location::Folder(dir) => {
            let mut got = Vec::with_capacity(4);
            for (i, name) in FILES.iter().enumerate() {
                got.push(read_file(&dir.join(name), before(name), i >= 2, spec)?);
            }
            Ok(to_array(got))
        }
    }
}

fn to_array(mut v: Vec<Got>) -> [Got; 4] {
    let d = v.pop();
    let c = v.pop();
    let b = v.pop();
    let a = v.pop();
    match (a, b, c, d) {
        (Some(a), Some(b), Some(c), Some(d)) => [a, b, c, d],
        _ => unreachable!("four files asked for"),
    }
}

/// How the cache names a location.
pub(crate) fn location_text(l: &Location) -> String {
    match l {
        Location::Url(u) => u.clone(),
        Location::Folder(p) => p.display().to_string(),
    }
}

/// The HTTP client of sources: the whole exchange (connection, redirects, body) within the
/// source's timeout, at most 5 redirects, statuses handled here.
fn agent(spec: &SourceSpec) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(spec.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .user_agent(concat!("ocop-sources/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn get(
    agent: &ureq::Agent,
    url: &str,
    before: Option<&Validator>,
    optional: bool,
    spec: &SourceSpec,
) -> Result<Got, String> {
    let mut req = agent.get(url).header("Accept", "application/json");
    if let Some(v) = before.filter(|v| !v.absent) {
        if let Some(e) = &v.etag {
            req = req.header("If-None-Match", e);
        }
        if let Some(m) = &v.last_modified {
            req = req.header("If-Modified-Since", m);
        }
    }
    let mut resp = req.call().map_err(|e| describe(url, &e, spec))?;
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    match status {
        304 if before.is_some() => Ok(Got::Same),
        200 => {
            let validator = Validator {
                etag: header("etag"),
                last_modified: header("last-modified"),
                ..Validator::default()
            };
            let bytes = resp
                .body_mut()
                .with_config()
                .limit(spec.max_bytes)
                .read_to_vec()
                .map_err(|e| describe(url, &e, spec))?;
            Ok(Got::New(Some(bytes), validator))
        }
        404 | 410 if optional => Ok(Got::New(
            None,
            Validator {
                absent: true,
                ..Validator::default()
            },
        )),
        s => Err(format!("{url} answered HTTP {s}")),
    }
}

/// A failed request in words an officer can act on.
fn describe(url: &str, e: &ureq::Error, spec: &SourceSpec) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "{url} did not answer within {} s (`timeout` of the source)",
            spec.timeout.as_secs()
        ),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "{url} is larger than {} MB (`max_mb` of the source)",
            spec.max_bytes / (1024 * 1024)
        ),
        ureq::Error::TooManyRedirects => format!("{url} redirects more than 5 times"),
        ureq::Error::RedirectFailed => {
            format!("{url} redirects to an address that cannot be followed")
        }
        other => format!("{url}: {other}"),
    }
}

fn read_file(
    path: &Path,
    before: Option<&Validator>,
    optional: bool,
    spec: &SourceSpec,
) -> Result<Got, String> {
    let md = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && optional => {
            return Ok(Got::New(
                None,
                Validator {
                    absent: true,
                    ..Validator::default()
                },
            ));
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let validator = Validator {
        size: Some(md.len()),
        mtime: md
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos()),
        ..Validator::default()
    };
    if before == Some(&validator) {
        return Ok(Got::Same);
    }
    if md.len() > spec.max_bytes {
        return Err(format!(
            "{} is larger than {} MB (`max_mb` of the source)",
            path.display(),
            spec.max_bytes / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::with_capacity(md.len() as usize);
    fsutil::open_regular(path)
        .map_err(|e| format!("{}: {}", path.display(), e.source))?
        .take(spec.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Got::New(Some(bytes), validator))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_url_accepts_the_site_the_folder_or_a_file() {
        let f = "https://ocop.tq.example.vn/du-lieu/";
        assert_eq!(exports_url("https://ocop.tq.example.vn/"), f);
        assert_eq!(exports_url("https://ocop.tq.example.vn"), f);
        assert_eq!(exports_url("https://ocop.tq.example.vn/du-lieu"), f);
        assert_eq!(
            exports_url("https://ocop.tq.example.vn/du-lieu/products.json"),
            f
        );
        assert_eq!(
            exports_url("https://so.example.vn/ocop/"),
            "https://so.example.vn/ocop/du-lieu/"
        );
    }
}
