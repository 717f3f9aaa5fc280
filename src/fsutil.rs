//! File-system helpers whose every error names the path.
//!
//! "No such file or directory" alone tells an office nothing. These wrappers attach the path
//! and the action to each I/O error, so messages read "cannot read content/products/a.md: ...".
//! `swap_into_place` is how a build publishes: everything is written into a fresh sibling
//! folder first and only then renamed over the old output, so a failed or killed build never
//! leaves a half-written site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct FsError {
    pub action: &'static str,
    pub path: PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for FsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for FsError {}

pub type Result<T> = std::result::Result<T, FsError>;

fn err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> FsError + 'a {
    move |source| FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(err("read", path))
}

pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(err("read", path))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(err("create folder", path))
}

/// Writes `contents` to `path`, creating its parent folders.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, contents).map_err(err("write", path))
}

/// Writes a file through a buffer with `write`, creating its folder; for large files made
/// piece by piece (data exports), which are never held whole in memory.
pub fn write_with(path: &Path, write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let file = fs::File::create(path).map_err(err("write", path))?;
    let mut w = io::BufWriter::with_capacity(256 * 1024, file);
    write(&mut w)
        .and_then(|()| io::Write::flush(&mut w))
        .map_err(err("write", path))
}

/// Writes `contents` to `path` whose folder is known to exist (one system call fewer per
/// file than `write`, which matters for tens of thousands of files).
pub fn write_new(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    fs::write(path, contents).map_err(err("write", path))
}

pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    fs::copy(from, to).map(|_| ()).map_err(err("copy", from))
}

pub fn read_dir_sorted(path: &Path) -> Result<Vec<fs::DirEntry>> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(path)
        .map_err(err("list folder", path))?
        .collect::<io::Result<_>>()
        .map_err(err("list folder", path))?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// Hidden folders beside the output that builds leave: `.public.building-PID` (a build
/// that was killed) and `.public.previous-PID` (the site a build replaced).
fn leftover_prefixes(output: &Path) -> (PathBuf, [String; 2]) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output.parent().unwrap_or(Path::new(".")).to_path_buf();
    (
        parent,
        [format!(".{name}.building-"), format!(".{name}.previous-")],
    )
}

/// A fresh, empty staging folder beside `output` (same file system, so the swap is a rename).
pub fn staging_dir(output: &Path) -> Result<PathBuf> {
    let (parent, [building, _]) = leftover_prefixes(output);
    let staging = parent.join(format!("{building}{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(err("remove", &staging))?;
    }
    create_dir_all(&staging)?;
    Ok(staging)
}

/// Starts removing what earlier builds left beside `output`, in the background.
///
/// Deleting thousands of files is slow on some disks (seconds for a few thousand), so a
/// replaced site is not deleted while the user waits: it is renamed aside and removed here,
/// during the next build. The build waits for this at most `patience` at its end; what is
/// not removed by then is removed by a later build.
pub struct Cleanup(Option<std::thread::JoinHandle<()>>);

impl Cleanup {
    pub fn start(output: &Path, keep: &Path) -> Cleanup {
        let (parent, prefixes) = leftover_prefixes(output);
        let keep = keep.to_path_buf();
        let Ok(entries) = fs::read_dir(&parent) else {
            return Cleanup(None);
        };
        let doomed: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                prefixes.iter().any(|p| n.starts_with(p))
            })
            .map(|e| e.path())
            .filter(|p| *p != keep)
            .collect();
        if doomed.is_empty() {
            return Cleanup(None);
        }
        Cleanup(Some(std::thread::spawn(move || {
            for d in doomed {
                // Best effort: anything left is retried by the next build.
                let _ = fs::remove_dir_all(d);
            }
        })))
    }

    /// Waits for the removal to finish, at most `patience`.
    pub fn finish(self, patience: std::time::Duration) {
        let Some(h) = self.0 else { return };
        let deadline = std::time::Instant::now() + patience;
        while !h.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if h.is_finished() {
            let _ = h.join();
        }
    }
}

/// Swaps two folders in one atomic step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Replaces `output` by `staging`. Where the system can swap two folders atomically, readers
/// (and a build killed at any moment) see either the old site or the new one, whole;
/// elsewhere the old output is moved aside and the new one renamed in its place.
pub fn swap_into_place(staging: &Path, output: &Path) -> Result<()> {
    if output.is_dir() && exchange(staging, output).is_ok() {
        // `staging` now holds the previous site: set it aside for the next build's cleanup.
        let (parent, [_, previous]) = leftover_prefixes(output);
        let aside = parent.join(format!("{previous}{}", std::process::id()));
        if fs::rename(staging, &aside).is_err() {
            let _ = fs::remove_dir_all(staging);
        }
        return Ok(());
    }
    if output.exists() {
        let old = staging.with_extension("old");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(err("remove", &old))?;
        }
        fs::rename(output, &old).map_err(err("move aside", output))?;
        if let Err(e) = fs::rename(staging, output) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, output);
            return Err(err("move into place", staging)(e));
        }
        fs::remove_dir_all(&old).map_err(err("remove", &old))?;
    } else {
        if let Some(parent) = output.parent() {
            create_dir_all(parent)?;
        }
        fs::rename(staging, output).map_err(err("move into place", staging))?;
    }
    Ok(())
}

/// Removes a staging folder after a failed build; errors are ignored (best effort).
pub fn discard(staging: &Path) {
    let _ = fs::remove_dir_all(staging);
}

/// Copies every file below `from` into `to`, keeping relative paths; links are not followed.
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize> {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(from)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| FsError {
            action: "walk",
            path: e.path().unwrap_or(from).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| io::Error::other("link loop")),
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
            copy(entry.path(), &to.join(rel))?;
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path() {
        let e = read(Path::new("/nonexistent/x.md")).unwrap_err();
        assert!(e.to_string().starts_with("cannot read /nonexistent/x.md: "));
    }

    #[test]
    fn swap_replaces_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out.join("old.html"), "old").unwrap();
        let staging = staging_dir(&out).unwrap();
        write(&staging.join("new.html"), "new").unwrap();
        swap_into_place(&staging, &out).unwrap();
        assert!(out.join("new.html").exists());
        assert!(!out.join("old.html").exists());
        assert!(!staging.exists());
        // The replaced site is removed by the next build's cleanup.
        Cleanup::start(&out, &out).finish(std::time::Duration::from_secs(10));
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, vec![std::ffi::OsString::from("public")]);
    }
}
