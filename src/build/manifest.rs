//! The manifest of every build's output, and what changed since the build before it.
//!
//! An office uploads the output to its web server, often over a slow link, and wants to send
//! only what a build changed. Each build writes [`FILE`] at the root of its output: path,
//! size, hash and modification time of every file (the format is `base::manifest`), made as
//! the files are written (`base::recorder`). Before anything is written the previous output's
//! manifest is read, so that a file with the same bytes as before gets the modification time
//! it had (tools that compare sizes and times skip it) and a new or changed file a time later
//! than any file of the previous build. The previous manifest is kept in the new output as
//! [`PREVIOUS`], for `ocop changes` to list what this build changed; the build itself reports
//! how many files it added, changed and removed.
//!
//! Photos are not written through `fsutil`: the photo plan places them as hard links into
//! its cache. They are found by listing the staging folder once everything is written; one
//! whose size and time are those the previous manifest gives keeps its hash from there (the
//! same test `rsync` makes), any other is read and hashed.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::manifest::{self, Entry, Manifest};
use crate::base::recorder;

/// The manifest of an output, at its root.
pub const FILE: &str = ".ocop-manifest";
/// The manifest of the output a build replaced, kept in the new output.
pub const PREVIOUS: &str = ".ocop-previous-manifest";

/// Whether `rel` is one of the files a build keeps at the root of its output about the
/// output itself (the marker, the manifests): not part of the site, not in the manifest.
pub fn is_bookkeeping(rel: &str) -> bool {
    !rel.contains('/') && rel.starts_with(".ocop-")
}

/// How many files a build added, changed and removed since the previous build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// The manifest of a build being written.
pub(crate) struct Pending {
    recording: recorder::Guard,
    output: PathBuf,
    staging: PathBuf,
    /// The manifest of the output being replaced, and its text.
    previous: Option<(Arc<Manifest>, String)>,
    /// The time new and changed files get.
    now: SystemTime,
    /// The latest time of the previous manifest.
    newest_before: Option<SystemTime>,
}

/// Starts the manifest of a build that writes into `staging` to replace `output`: reads the
/// manifest of `output`, if it has one, and records every file written into `staging`.
pub(crate) fn begin(output: &Path, staging: &Path, problems: &mut Problems) -> Pending {
    let previous = read_previous(output, problems);
    let newest_before = previous
        .as_ref()
        .and_then(|(m, _)| m.entries.values().map(|e| e.mtime).max());
    let now = build_time(SystemTime::now(), newest_before);
    let before = previous
        .as_ref()
        .map_or_else(|| Arc::new(Manifest::default()), |(m, _)| Arc::clone(m));
    Pending {
        recording: recorder::start(staging, before, now),
        output: output.to_path_buf(),
        staging: staging.to_path_buf(),
        previous,
        now,
        newest_before,
    }
}

/// The manifest of the output being replaced, if it has one that can be read; one that
/// cannot is a warning (every file then counts as new).
fn read_previous(output: &Path, problems: &mut Problems) -> Option<(Arc<Manifest>, String)> {
    let path = output.join(FILE);
    if !path.is_file() {
        return None;
    }
    let read =
        fsutil::read_to_string(&path).map_err(|e| Box::new(Problem::warning(&path, e.to_string())));
    match read.and_then(|text| Manifest::parse(&text, &path).map(|m| (m, text))) {
        Ok((m, text)) => Some((Arc::new(m), text)),
        Err(p) => {
            let mut p = *p;
            p.severity = crate::base::diag::Severity::Warning;
            p.hint = Some("the manifest of the previous build could not be read, so every file of this build counts as new and gets this build's time; the next build compares with this one".into());
            problems.push(p);
            None
        }
    }
}

/// The time of new and changed files: now, in whole seconds (as FTP servers and most tools
/// compare times), and later than every time of the previous build (a clock set back, or two
/// builds within a second, cannot give a changed file a time a tool takes for older).
fn build_time(now: SystemTime, newest_before: Option<SystemTime>) -> SystemTime {
    let whole = |t: SystemTime| {
        let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        UNIX_EPOCH + Duration::from_secs(secs)
    };
    let now = whole(now);
    match newest_before {
        Some(newest) if newest >= now => whole(newest) + Duration::from_secs(1),
        _ => now,
    }
}

impl Pending {
    /// Ends the recording, hashes the files placed without `fsutil` (`placed`: the photos
    /// the photo plan linked in, relative to the output), and writes the manifest, and the
    /// previous one, into the staging folder. Returns what changed since the previous build
    /// when there was one; `Err` when a file could not be read or dated (the problems say
    /// which).
    ///
    /// The files come from the recording and the photo plan, not from listing the staging
    /// folder: at 100,000 products that listing was 140,000 system calls (a folder opened,
    /// read twice and examined per page) and 6 s of processor time. `tests/site.rs` checks
    /// that the manifest lists every file of an output.
    pub(crate) fn finish(
        self,
        placed: &[&str],
        problems: &mut Problems,
    ) -> Result<Option<Summary>, ()> {
        let Pending {
            recording,
            output,
            staging,
            previous,
            now,
            newest_before,
        } = self;
        let written = recording.finish();
        let placed: Vec<(String, PathBuf)> = placed
            .iter()
            .filter(|rel| !written.contains_key(**rel))
            .map(|rel| (rel.to_string(), staging.join(rel)))
            .collect();
        let mut entries: Vec<(String, Entry)> = written
            .into_iter()
            .filter(|(rel, _)| !is_bookkeeping(rel))
            .collect();
        let before = previous.as_ref().map(|(m, _)| &**m);
        let dated: Vec<_> = placed
            .into_par_iter()
            .map(|(rel, path)| {
                let prev = before.and_then(|m| m.entries.get(&rel));
                let entry = date_placed(&path, prev, newest_before, now);
                (rel, entry.map_err(|e| Problem::error(path, e.to_string())))
            })
            .collect();
        let mut unreadable = false;
        for (rel, entry) in dated {
            match entry {
                Ok(entry) => entries.push((rel, entry)),
                Err(p) => {
                    problems.push(p);
                    unreadable = true;
                }
            }
        }
        if unreadable {
            return Err(());
        }
        let manifest = Manifest {
            entries: entries.into_iter().collect(),
        };
        let at = staging.join(FILE);
        fsutil::write_new(&at, manifest.to_text())
            .map_err(|e| problems.push(Problem::error(&at, e.to_string())))?;
        let Some((before, text)) = previous else {
            return Ok(None);
        };
        // The previous output's file itself, linked rather than written again.
        let at = staging.join(PREVIOUS);
        fs::hard_link(output.join(FILE), &at)
            .or_else(|_| fs::write(&at, &text))
            .map_err(|e| problems.push(Problem::error(&at, e.to_string())))?;
        let c = manifest.changes_since(&before);
        Ok(Some(Summary {
            added: c.added.len(),
            changed: c.changed.len(),
            removed: c.removed.len(),
        }))
    }
}

/// The entry of a file placed in the output by other means than `fsutil` (a photo linked
/// from the cache), its time set as a written file's would be: the previous time for the
/// same bytes; for other bytes its own time when that is later than every time of the
/// previous build (a photo processed now: it stays the same for every output that links
/// it), otherwise the build's time.
fn date_placed(
    path: &Path,
    prev: Option<&Entry>,
    newest_before: Option<SystemTime>,
    now: SystemTime,
) -> io::Result<Entry> {
    let meta = fs::metadata(path)?;
    let mtime = meta.modified()?;
    if let Some(p) = prev
        && p.size == meta.len()
        && p.mtime == mtime
    {
        return Ok(*p);
    }
    let mut file = fs::File::open(path)?;
    let mut hasher = manifest::Hasher::default();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    let (size, hash) = hasher.finish();
    let desired = match prev {
        Some(p) if p.size == size && p.hash == hash => p.mtime,
        _ if newest_before.is_none_or(|n| mtime > n) => mtime,
        _ => now,
    };
    let mtime = if desired == mtime {
        mtime
    } else {
        // Opened again to write: some systems set times only through a file open for it.
        let file = fs::OpenOptions::new().write(true).open(path)?;
        recorder::set_time(&file, desired)?
    };
    Ok(Entry { size, hash, mtime })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_are_dated_after_every_file_of_the_previous_build() {
        let at = |s: u64, n: u32| UNIX_EPOCH + Duration::new(s, n);
        assert_eq!(build_time(at(100, 5), None), at(100, 0));
        assert_eq!(build_time(at(100, 5), Some(at(50, 0))), at(100, 0));
        assert_eq!(build_time(at(100, 5), Some(at(100, 0))), at(101, 0));
        assert_eq!(build_time(at(100, 5), Some(at(300, 7))), at(301, 0));
    }

    #[test]
    fn bookkeeping_files_are_the_root_ones() {
        assert!(is_bookkeeping(".ocop-output"));
        assert!(is_bookkeeping(FILE));
        assert!(is_bookkeeping(PREVIOUS));
        assert!(!is_bookkeeping("a/.ocop-manifest"));
        assert!(!is_bookkeeping(".well-known/security.txt"));
    }
}
