//! The files a build writes into its staging folder, recorded one by one as they are written:
//! the output's manifest (`base::manifest`) is made from here, each file hashed from the bytes
//! while they are in memory rather than read back from the disk.
//!
//! Every kind of output (pages, the search index, exports, QR codes, static files, the SVGs of
//! photos) is written through the writers of `fsutil` (`write`, `write_new`, `write_with`,
//! `copy`). Rather than hand a recorder to each of them, a build registers its staging folder
//! here for as long as it writes ([`start`]); each writer asks [`of`] whether its file lies
//! in a registered folder and, if so, hashes the bytes as it writes them and hands size and
//! hash to [`Target::wrote`]. That gives the file its modification time, on the open file:
//! the time the previous build gave it when the bytes are the same (so `rsync`'s quick check
//! and the "newer files only" of FTP clients skip it), otherwise the build's time. Several
//! builds of one process (tests) each register their own folder.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::SystemTime;

use crate::base::manifest::{Entry, Manifest};

/// The folders being recorded.
static ACTIVE: RwLock<Vec<Arc<Recorder>>> = RwLock::new(Vec::new());

/// One registered folder.
pub(crate) struct Recorder {
    root: PathBuf,
    previous: Arc<Manifest>,
    now: SystemTime,
    /// In the order written: a later write of a path replaces an earlier one.
    written: Mutex<Vec<(String, Entry)>>,
}

impl Recorder {
    /// The modification time for a file of `rel` with these bytes: the previous build's
    /// when it had the same bytes there, otherwise the build's time.
    pub(crate) fn time_for(&self, rel: &str, size: u64, hash: u128) -> SystemTime {
        match self.previous.entries.get(rel) {
            Some(e) if e.size == size && e.hash == hash => e.mtime,
            _ => self.now,
        }
    }
}

/// The registration of one folder: recording ends when it is finished or dropped.
pub(crate) struct Guard(Arc<Recorder>);

/// Starts recording what is written below `root`: files of the same bytes as in `previous`
/// keep its time, others get `now`.
pub(crate) fn start(root: &Path, previous: Arc<Manifest>, now: SystemTime) -> Guard {
    let rec = Arc::new(Recorder {
        root: root.to_path_buf(),
        previous,
        now,
        written: Mutex::new(Vec::new()),
    });
    ACTIVE
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Arc::clone(&rec));
    Guard(rec)
}

impl Guard {
    /// Ends the recording: every file written, by path relative to the folder (the last
    /// write of each).
    pub(crate) fn finish(self) -> HashMap<String, Entry> {
        self.unregister();
        let written = std::mem::take(
            &mut *self
                .0
                .written
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        written.into_iter().collect()
    }

    fn unregister(&self) {
        ACTIVE
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|r| !Arc::ptr_eq(r, &self.0));
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.unregister();
    }
}

/// A file about to be written into a recorded folder.
pub(crate) struct Target {
    rec: Arc<Recorder>,
    rel: String,
}

/// The recorded folder `path` lies in, if any, with its path inside it (`/`-separated).
pub(crate) fn of(path: &Path) -> Option<Target> {
    let active = ACTIVE.read().unwrap_or_else(PoisonError::into_inner);
    active.iter().find_map(|rec| {
        let inside = path.strip_prefix(&rec.root).ok()?;
        Some(Target {
            rec: Arc::clone(rec),
            rel: relative(inside)?,
        })
    })
}

/// A relative path as a manifest names it: `/`-separated, without `.` or `..`.
pub(crate) fn relative(path: &Path) -> Option<String> {
    let mut rel = String::new();
    for c in path.components() {
        let Component::Normal(name) = c else {
            return None;
        };
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str(&name.to_string_lossy());
    }
    (!rel.is_empty()).then_some(rel)
}

impl Target {
    /// Records the file just written through `file` (`size` bytes of hash `hash`) and gives
    /// it its modification time.
    pub(crate) fn wrote(self, file: &File, size: u64, hash: u128) -> io::Result<()> {
        let mtime = set_time(file, self.rec.time_for(&self.rel, size, hash))?;
        self.rec
            .written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((self.rel, Entry { size, hash, mtime }));
        Ok(())
    }
}

/// Gives `file` the modification time `t`, and returns the time it has then: `t`, or where
/// the file system cannot set times (some network shares), the one it kept, so that a
/// manifest always says what is on the disk and the build goes on.
pub(crate) fn set_time(file: &File, t: SystemTime) -> io::Result<SystemTime> {
    match file.set_modified(t) {
        Ok(()) => Ok(t),
        Err(_) => file.metadata()?.modified(),
    }
}
