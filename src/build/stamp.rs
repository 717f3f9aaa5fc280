//! Build stamps: a build whose inputs have not changed since the last one is not redone.
//!
//! An office runs `ocop build` from a script or a habit, often with nothing changed; a
//! national catalogue takes seconds of CPU to render and rewrite tens of thousands of files
//! that would come out byte for byte the same. Before loading anything, the build takes a
//! fingerprint of everything the output depends on: the path, size and modification time of
//! every file under `site.toml`, `content/`, `static/` and `themes/`, the program itself,
//! and the options (output folder, base URL, build date, drafts). A successful build leaves
//! the fingerprint in `.ocop-cache/build-stamp.json` with its report (page counts and
//! warnings) and the identity of the output folder it wrote. The next build with the same
//! fingerprint, whose output folder is still that one, prints the same report and stops.
//!
//! Like `make` and Cargo this trusts modification times, with Git's guard against "racy"
//! files: a file modified less than two seconds before the stamped build started may have
//! changed again within the file system's clock tick, so it makes the next build run in
//! full. Changes made by hand inside the output folder are not noticed; `ocop build --force`
//! rebuilds regardless.

use std::hash::Hasher;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::base::diag::Problem;
use crate::build::BuildOptions;
use crate::outputs::Stats;

/// Where the stamp lives, in the site's cache folder.
fn stamp_path(root: &Path) -> PathBuf {
    root.join(".ocop-cache").join("build-stamp.json")
}

/// What a build depends on, taken before it reads anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inputs {
    fingerprint: String,
    /// Newest modification time of any input, in nanoseconds since 1970.
    newest: u128,
    /// When the fingerprint was taken, in nanoseconds since 1970.
    taken: u128,
}

#[derive(Serialize, Deserialize)]
struct Stamp {
    fingerprint: String,
    /// When the stamped build started (nanoseconds since 1970).
    started: u128,
    output: PathBuf,
    output_id: (u64, u64, u128),
    stats: Stats,
    base_url: String,
    problems: Vec<Problem>,
}

/// What the last build reported, when its stamp still holds.
pub(crate) struct Fresh {
    pub stats: Stats,
    pub base_url: String,
    pub problems: Vec<Problem>,
}

fn nanos(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// Identity of a folder: device, inode, modification time. A build swaps a new folder into
/// place, so each build's output has its own.
fn folder_id(dir: &Path) -> Option<(u64, u64, u128)> {
    let m = std::fs::metadata(dir).ok()?;
    if !m.is_dir() {
        return None;
    }
    #[cfg(unix)]
    let (dev, ino) = {
        use std::os::unix::fs::MetadataExt;
        (m.dev(), m.ino())
    };
    #[cfg(not(unix))]
    let (dev, ino) = (0, 0);
    Some((dev, ino, nanos(m.modified().ok()?)))
}

/// Whether an earlier build left a stamp.
pub(crate) fn exists(root: &Path) -> bool {
    stamp_path(root).is_file()
}

/// Fingerprints the inputs of a build of `opts` into `output` that started reading them at
/// `started` (or later).
pub(crate) fn inputs(opts: &BuildOptions, output: &Path, started: SystemTime) -> Inputs {
    let taken = nanos(started);
    let mut h = std::hash::DefaultHasher::new();
    let mut newest = 0u128;
    let add_str = |h: &mut std::hash::DefaultHasher, s: &str| {
        h.write(s.as_bytes());
        h.write_u8(0xff);
    };
    add_str(&mut h, env!("CARGO_PKG_VERSION"));
    // The program itself: a rebuilt `ocop` may render differently (its theme is built in).
    if let Some(m) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        h.write_u64(m.len());
        h.write_u128(m.modified().map_or(0, nanos));
    }
    let abs = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    add_str(&mut h, &abs.to_string_lossy());
    add_str(&mut h, opts.base_url.as_deref().unwrap_or(""));
    add_str(&mut h, &opts.today.to_string());
    h.write_u8(opts.drafts as u8);
    // A site with sources is always built: they may have changed without a file here.
    let mut ignored = crate::base::diag::Problems::new();
    if !crate::load::load_config(&opts.root, &mut ignored)
        .sources
        .is_empty()
    {
        add_str(&mut h, &format!("sources {taken}"));
    }
    for top in ["site.toml", "content", "static", "themes"] {
        let walk = walkdir::WalkDir::new(opts.root.join(top))
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                // A folder the site does not have (`static/`, `themes/`) is a state like any.
                Err(e) if e.io_error().map(|e| e.kind()) == Some(ErrorKind::NotFound) => {
                    add_str(&mut h, &format!("missing {top}"));
                    continue;
                }
                // Unreadable: a fingerprint that can never match, so the build runs and
                // reports the problem.
                Err(_) => {
                    add_str(&mut h, &format!("unreadable {taken}"));
                    continue;
                }
            };
            let Ok(m) = entry.metadata() else { continue };
            if m.is_dir() {
                continue;
            }
            let modified = m.modified().map_or(0, nanos);
            newest = newest.max(modified);
            add_str(&mut h, &entry.path().to_string_lossy());
            h.write_u64(m.len());
            h.write_u128(modified);
        }
    }
    Inputs {
        fingerprint: format!("{:016x}", h.finish()),
        newest,
        taken,
    }
}

/// The last build's report, if its stamp matches `inputs` and its output is still in place.
pub(crate) fn fresh(root: &Path, inputs: &Inputs, output: &Path) -> Option<Fresh> {
    let bytes = std::fs::read(stamp_path(root)).ok()?;
    let stamp: Stamp = serde_json::from_slice(&bytes).ok()?;
    let racy = Duration::from_secs(2).as_nanos();
    let matches = stamp.fingerprint == inputs.fingerprint
        && inputs.newest.saturating_add(racy) < stamp.started
        && folder_id(output) == Some(stamp.output_id)
        && stamp.output == output;
    matches.then_some(Fresh {
        stats: stamp.stats,
        base_url: stamp.base_url,
        problems: stamp.problems,
    })
}

/// Whether the last stamped build wrote the folder now at `output` (the same folder, not
/// only the same path): such a folder may be replaced although it has no output marker.
pub(crate) fn wrote(root: &Path, output: &Path) -> bool {
    let Some(stamp) = std::fs::read(stamp_path(root))
        .ok()
        .and_then(|b| serde_json::from_slice::<Stamp>(&b).ok())
    else {
        return false;
    };
    let same = |a: Option<(u64, u64, u128)>| a.map(|(d, i, _)| (d, i));
    stamp.output == output && same(folder_id(output)) == same(Some(stamp.output_id)) && cfg!(unix)
}

/// Records a successful build of `inputs` into `output`. Failing to write the stamp only
/// means the next build runs in full, so it is not an error.
pub(crate) fn record(
    root: &Path,
    inputs: &Inputs,
    output: &Path,
    stats: Stats,
    base_url: &str,
    problems: &[Problem],
) {
    let Some(output_id) = folder_id(output) else {
        return;
    };
    let stamp = Stamp {
        fingerprint: inputs.fingerprint.clone(),
        started: inputs.taken,
        output: output.to_path_buf(),
        output_id,
        stats,
        base_url: base_url.to_string(),
        problems: problems.to_vec(),
    };
    let path = stamp_path(root);
    if let Ok(bytes) = serde_json::to_vec(&stamp) {
        let tmp = path.with_extension(format!("json.{}", std::process::id()));
        let written = path
            .parent()
            .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
            && std::fs::write(&tmp, bytes).is_ok()
            && std::fs::rename(&tmp, &path).is_ok();
        if !written {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Forgets the stamp (a build that failed, or one asked to run in full).
pub(crate) fn forget(root: &Path) {
    let _ = std::fs::remove_file(stamp_path(root));
}
