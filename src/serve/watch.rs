//! Watching a site's sources for `ocop serve`.
//!
//! An editor's save is a burst of file events (a backup copy, a swap file, a test file named
//! `4913`, a rename, the write itself). The server should rebuild once per save, as soon as
//! the burst is over, and never because of its own work. So only `site.toml`, `content/`,
//! `static/` and `themes/` are watched (never the photo cache or an output folder), editor
//! temporary files are ignored, and events are gathered until the files have been quiet for
//! a moment ([`QUIET`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::serve::incremental::Changes;

/// How long the files must stay quiet before a burst of events counts as one change.
pub(crate) const QUIET: Duration = Duration::from_millis(30);
/// A burst that goes on longer than this is handled anyway.
const LONGEST_BURST: Duration = Duration::from_secs(1);

/// The folders of a site that are watched recursively.
pub(crate) const WATCHED_DIRS: [&str; 3] = ["content", "static", "themes"];

/// What [`Watcher::next`] saw.
pub(crate) enum Next {
    /// A burst of changes, over.
    Changed(Changes),
    /// Nothing happened for the time asked.
    Idle,
    /// Watching stopped.
    Stopped,
}

pub(crate) struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// Which of [`WATCHED_DIRS`] are being watched (they may be created later).
    watching: [bool; 3],
}

/// Whether `name` is a file editors write beside the one being saved, and remove again.
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".tmp")
        || name == ".DS_Store"
}

impl Watcher {
    /// Starts watching the site at `root` (an absolute path).
    pub(crate) fn new(root: &Path) -> Result<Watcher, String> {
        let (tx, rx) = channel();
        let inner = notify::recommended_watcher(tx)
            .map_err(|e| format!("cannot watch the site's files: {e}"))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            inner,
            events: rx,
            watching: [false; 3],
        };
        w.inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        w.watch_new_dirs();
        Ok(w)
    }

    fn watch_new_dirs(&mut self) {
        for (i, dir) in WATCHED_DIRS.iter().enumerate() {
            let path = self.root.join(dir);
            if !self.watching[i] && path.is_dir() {
                self.watching[i] = self.inner.watch(&path, RecursiveMode::Recursive).is_ok();
            } else if self.watching[i] && !path.is_dir() {
                self.watching[i] = false;
            }
        }
    }

    /// Whether a change of `path` can change the site.
    fn relevant(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        let Some(first) = parts.next() else {
            return false;
        };
        let first = first.as_os_str();
        let top = first == "site.toml" || WATCHED_DIRS.iter().any(|d| first == *d);
        top && !path
            .file_name()
            .is_some_and(|n| is_editor_temp(&n.to_string_lossy()))
    }

    /// [`Watcher::wait`], but returns [`Next::Idle`] when nothing at all happened for `idle`
    /// (so that the caller can do work that should not delay a rebuild).
    pub(crate) fn next(&mut self, idle: Option<Duration>) -> Next {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut rescan = false;
        let mut first: Option<Instant> = None;
        loop {
            let event = match (first, idle) {
                (None, None) => match self.events.recv() {
                    Ok(e) => e,
                    Err(_) => return Next::Stopped,
                },
                (None, Some(idle)) => match self.events.recv_timeout(idle) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) if paths.is_empty() && !rescan => {
                        return Next::Idle;
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
                },
                (Some(t), _) => {
                    if t.elapsed() > LONGEST_BURST {
                        break;
                    }
                    match self.events.recv_timeout(QUIET) {
                        Ok(e) => e,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            };
            match event {
                Ok(e) => {
                    if matches!(e.kind, EventKind::Access(_)) {
                        continue;
                    }
                    if e.need_rescan() {
                        rescan = true;
                        first.get_or_insert_with(Instant::now);
                        continue;
                    }
                    let before = paths.len();
                    paths.extend(e.paths.into_iter().filter(|p| self.relevant(p)));
                    if paths.len() > before {
                        first.get_or_insert_with(Instant::now);
                    }
                }
                Err(_) => {
                    rescan = true;
                    first.get_or_insert_with(Instant::now);
                }
            }
        }
        self.watch_new_dirs();
        if rescan {
            return Next::Changed(Changes::All);
        }
        paths.sort();
        paths.dedup();
        Next::Changed(Changes::Paths(paths))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporary_files_are_ignored() {
        for name in [
            "4913",
            "mat-ong.md~",
            ".mat-ong.md.swp",
            ".#mat-ong.md",
            "#mat-ong.md#",
        ] {
            assert!(is_editor_temp(name), "{name}");
        }
        for name in ["mat-ong.md", "index.md", "anh.jpg", "site.toml", "4914"] {
            assert!(!is_editor_temp(name), "{name}");
        }
    }
}
