//! Sources: the other `ocop` sites a site merges into its catalogue (`[[sources]]` of
//! site.toml), read before resolution so that their records are checked like local ones.
//!
//! Each source is a province site's address or a folder of its exports. A build reads every
//! source at once (one thread each: most of the time is waiting for the network), each
//! within its timeout and size limit, asking only for what changed since the copy in the
//! cache; a source that cannot be read, or sends something that is not an `ocop` export,
//! falls back to its last good copy with a warning, and never to nothing when there is one.

mod fetch;
mod records;

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;

use crate::base::diag::{Problem, Problems};
use crate::base::vietnamese::slugify;
use crate::load::RawRecord;
use crate::load::config::RawSource;
use crate::model::federation::{CopyState, Location, Source, SourceSpec};

pub(crate) use records::{is_slug, is_web_address};

/// Checks the `[[sources]]` entries of site.toml; an entry with an error is left out.
pub(crate) fn specs(root: &Path, raw: &[RawSource], out: &mut Problems) -> Vec<SourceSpec> {
    let file = Path::new("site.toml");
    let mut specs: Vec<SourceSpec> = Vec::new();
    for s in raw {
        let field = |f: &str| format!("sources[{}].{f}", s.index);
        let err = |f: &str, pos, msg: String| Problem::error(file, msg).at(pos).field(field(f));
        let Some(label) = &s.label else { continue };
        let key =
            match &s.key {
                Some(k) if !is_slug(&k.value) => {
                    out.push(err("key", k.pos, format!("`{}` is not a slug", k.value)).hint(
                    "write lowercase letters a–z, digits and single hyphens: \"tuyen-quang\"",
                ));
                    continue;
                }
                Some(k) => k.value.clone(),
                None => slugify(&label.value),
            };
        if key.is_empty() {
            out.push(
                err("label", label.pos, "the label makes no address".into())
                    .hint("add `key = \"tuyen-quang\"`: the prefix of the source's addresses"),
            );
            continue;
        }
        if let Some(first) = specs.iter().find(|x| x.key == key) {
            out.push(
                err(
                    "key",
                    s.key.as_ref().map_or(label.pos, |k| k.pos),
                    format!("two sources have the key `{key}`"),
                )
                .hint(format!(
                    "`{}` has it already: give one a `key` of its own",
                    first.label
                )),
            );
            continue;
        }
        let location = match (&s.url, &s.path) {
            (Some(u), None) if is_web_address(&u.value) => Location::Url(u.value.clone()),
            (Some(u), None) => {
                out.push(
                    err(
                        "url",
                        u.pos,
                        format!("`{}` is not an http(s) address", u.value),
                    )
                    .hint("write the province site's address: \"https://ocop.tuyenquang.gov.vn/\""),
                );
                continue;
            }
            (None, Some(p)) => Location::Folder(root.join(&p.value)),
            (Some(u), Some(_)) => {
                out.push(
                    err(
                        "url",
                        u.pos,
                        "a source has either `url` or `path`, not both".into(),
                    )
                    .hint("keep the one the exports are read from"),
                );
                continue;
            }
            (None, None) => {
                out.push(err("url", s.pos, "the source says neither `url` nor `path`".into()).hint(
                    "add `url = \"https://ocop.tuyenquang.gov.vn/\"` or `path = \"../tuyen-quang/public/du-lieu\"`",
                ));
                continue;
            }
        };
        let timeout = match &s.timeout {
            Some(t) if !(1..=600).contains(&t.value) => {
                out.push(err(
                    "timeout",
                    t.pos,
                    format!("{} is not 1 to 600 seconds", t.value),
                ));
                continue;
            }
            Some(t) => t.value as u64,
            None => SourceSpec::DEFAULT_TIMEOUT_SECONDS,
        };
        let max_mb = match &s.max_mb {
            Some(m) if !(1..=4096).contains(&m.value) => {
                out.push(err(
                    "max_mb",
                    m.pos,
                    format!("{} is not 1 to 4096 MB", m.value),
                ));
                continue;
            }
            Some(m) => m.value as u64,
            None => SourceSpec::DEFAULT_MAX_MB,
        };
        specs.push(SourceSpec {
            label: label.value.clone(),
            key,
            location,
            timeout: Duration::from_secs(timeout),
            max_bytes: max_mb * 1024 * 1024,
        });
    }
    specs
}

/// Reads every source (at once), returning each as found and the raw records of all, in
/// the order of `specs`. Problems of a source are warnings: a source never stops a build.
pub(crate) fn gather(
    root: &Path,
    specs: Vec<SourceSpec>,
    today: NaiveDate,
    out: &mut Problems,
) -> (Vec<Source>, Vec<RawRecord>) {
    let results: Vec<(Source, Vec<RawRecord>, Problems)> = std::thread::scope(|scope| {
        let handles: Vec<_> = specs
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, spec)| scope.spawn(move || one(root, i, spec, today)))
            .collect();
        // A source keeps its place whatever happens to its thread: records name their
        // source by position.
        handles
            .into_iter()
            .zip(specs)
            .map(|(h, spec)| {
                h.join().unwrap_or_else(|_| {
                    let reason = "reading it failed unexpectedly".to_string();
                    (unavailable(spec, reason), Vec::new(), Problems::new())
                })
            })
            .collect()
    });
    let mut sources = Vec::with_capacity(results.len());
    let mut all = Vec::new();
    for (s, records, p) in results {
        out.extend(p);
        sources.push(s);
        all.extend(records);
    }
    (sources, all)
}

/// One source: obtained, parsed, cached; or its last good copy.
fn one(
    root: &Path,
    index: usize,
    spec: SourceSpec,
    today: NaiveDate,
) -> (Source, Vec<RawRecord>, Problems) {
    let mut out = Problems::new();
    let cache = fetch::Cache::new(root, &spec.key);
    let dir = records::cache_dir(&spec.key);
    let from = records::From {
        source: index,
        key: &spec.key,
        dir: &dir,
    };
    let meta = cache.meta();
    let cached = || -> [Option<Vec<u8>>; 4] { fetch::FILES.map(|n| cache.file(n)) };
    let attempt = refresh(&spec, &cache, meta.as_ref(), &from, today);
    let (parsed, problems, state, fetched) = match attempt {
        Ok(x) => x,
        Err(reason) => {
            let mut p = Problems::new();
            match meta.as_ref().and_then(|m| {
                records::read(&cached(), &from, &mut p)
                    .ok()
                    .map(|x| (x, m.fetched))
            }) {
                Some((parsed, fetched)) => {
                    out.push(
                        Problem::warning(
                            &dir,
                            format!("source `{}` could not be read: {reason}", spec.label),
                        )
                        .hint(format!(
                            "its last good copy{} is used; the build goes on",
                            fetched
                                .map(|d| format!(" (fetched {d})"))
                                .unwrap_or_default()
                        )),
                    );
                    (parsed, p, CopyState::Fallback(reason), fetched)
                }
                None => {
                    out.push(
                        Problem::warning(
                            &dir,
                            format!("source `{}` could not be read: {reason}", spec.label),
                        )
                        .hint("there is no earlier copy: the source adds nothing to this build"),
                    );
                    return (unavailable(spec, reason), Vec::new(), out);
                }
            }
        }
    };
    let mut parsed = parsed;
    let mut problems = problems;
    if let Some(site) = parsed.site.url.clone().filter(|u| is_web_address(u)) {
        parsed.records.retain(|r| {
            let page = r.origin.as_ref().map_or("", |o| o.page.as_str());
            let ok = page.starts_with(&site);
            if !ok {
                problems.push(
                    Problem::warning(
                        &r.file,
                        format!(
                            "record left out: its page {page} is not on the source site {site}"
                        ),
                    )
                    .field("url"),
                );
            }
            ok
        });
    }
    let read = parsed.records.len() + problems.iter().filter(|p| !p.is_error()).count();
    let left_out = problems.iter().count();
    out.extend(problems);
    let site_url = parsed.site.url.clone().filter(|u| is_web_address(u));
    let source = Source {
        spec,
        state,
        title: parsed.site.title.clone(),
        site_url,
        fetched,
        generated: parsed.generated,
        read,
        left_out,
        warnings: 0,
    };
    (source, parsed.records, out)
}

type Attempt = (records::Parsed, Problems, CopyState, Option<NaiveDate>);

/// Reads the source anew (what changed of it) and keeps the copy when it parses.
fn refresh(
    spec: &SourceSpec,
    cache: &fetch::Cache,
    meta: Option<&fetch::Meta>,
    from: &records::From,
    today: NaiveDate,
) -> Result<Attempt, String> {
    let dir = from.dir;
    let got = fetch::obtain(spec, meta)?;
    let cached = || -> [Option<Vec<u8>>; 4] { fetch::FILES.map(|n| cache.file(n)) };
    let unchanged = meta.is_some() && got.iter().all(|g| matches!(g, fetch::Got::Same));
    let old = cached();
    let mut files: [Option<Vec<u8>>; 4] = Default::default();
    let mut new_meta = fetch::Meta {
        location: fetch::location_text(&spec.location),
        fetched: Some(today),
        files: Default::default(),
    };
    for (i, (g, name)) in got.into_iter().zip(fetch::FILES).enumerate() {
        let before = meta.and_then(|m| m.files.get(name)).cloned();
        match g {
            fetch::Got::New(bytes, v) => {
                files[i] = bytes;
                new_meta.files.insert(name.to_string(), v);
            }
            fetch::Got::Same => {
                files[i] = old[i].clone();
                new_meta
                    .files
                    .insert(name.to_string(), before.unwrap_or_default());
            }
        }
    }
    let mut p = Problems::new();
    let parsed = records::read(&files, from, &mut p)?;
    if unchanged {
        return Ok((
            parsed,
            p,
            CopyState::Unchanged,
            meta.and_then(|m| m.fetched),
        ));
    }
    let same_bytes = files == old;
    if same_bytes {
        new_meta.fetched = meta.and_then(|m| m.fetched).or(Some(today));
    }
    cache
        .store(&files, &new_meta)
        .map_err(|e| format!("its copy could not be kept in {}: {e}", dir.display()))?;
    let state = if same_bytes {
        CopyState::Unchanged
    } else {
        CopyState::Fresh
    };
    Ok((parsed, p, state, new_meta.fetched))
}

/// A source that adds nothing to this build, and why.
fn unavailable(spec: SourceSpec, reason: String) -> Source {
    Source {
        spec,
        state: CopyState::Unavailable(reason),
        title: None,
        site_url: None,
        fetched: None,
        generated: None,
        read: 0,
        left_out: 0,
        warnings: 0,
    }
}
