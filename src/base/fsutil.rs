//! File-system helpers whose every error names the path.
//!
//! "No such file or directory" alone tells an office nothing. These wrappers attach the path
//! and the action to each I/O error, so messages read "cannot read content/products/a.md: ...".
//!
//! Every file `ocop` reads from a site, a theme or a spreadsheet is read through [`read`]
//! or [`read_to_string`] (or opened with [`open_regular`]), which refuse anything but a
//! regular file: a named pipe (FIFO) or a device in `content/` would otherwise block the
//! build, `ocop check` or the server forever, waiting for a writer that never comes.
//!
//! Every file a build writes into its staging folder goes through [`write`], [`write_new`],
//! [`write_with`] or [`copy`]: in a folder a build records (`recorder`), they hash the bytes
//! as they write them, for the output's manifest, and give the file its modification time.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::base::{manifest, recorder};

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

pub(crate) type Result<T> = std::result::Result<T, FsError>;

fn err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> FsError + 'a {
    move |source| FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Opens `path` for reading if it is a regular file (also through a symbolic link).
///
/// The file is opened without waiting (`O_NONBLOCK` on Unix: opening a named pipe with no
/// writer would block forever), then its type is taken from the open file itself, so it
/// cannot be swapped for a pipe between the check and the read.
pub(crate) fn open_regular(path: &Path) -> Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(err("read", path))?;
    let kind = file.metadata().map_err(err("read", path))?.file_type();
    if !kind.is_file() {
        return Err(FsError {
            action: "read",
            path: path.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, not_regular(kind)),
        });
    }
    Ok(file)
}

/// Why a path that is not a regular file is not read, for the error message.
pub(crate) fn not_regular(kind: fs::FileType) -> String {
    let what = if kind.is_dir() {
        "a folder"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                "a named pipe (FIFO)"
            } else if kind.is_socket() {
                "a socket"
            } else if kind.is_block_device() || kind.is_char_device() {
                "a device"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        "not a regular file"
    };
    format!(
        "it is {what}, not a regular file; only regular files are read (remove it or replace it with a file)"
    )
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    let mut file = open_regular(path)?;
    let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
    io::Read::read_to_end(&mut file, &mut bytes).map_err(err("read", path))?;
    Ok(bytes)
}

pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|_| FsError {
        action: "read",
        path: path.to_path_buf(),
        source: io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(err("create folder", path))
}

/// Writes `contents` to `path`, creating its parent folders.
pub(crate) fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    write_new(path, contents)
}

/// Writes `contents` to `path` whole or not at all: into a hidden file beside it first,
/// flushed to disk, then renamed over it, so a full disk or a killed process never leaves a
/// half-written file (an earlier one stays as it was).
pub(crate) fn write_atomic(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_dir_all(parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut f = fs::File::create(&tmp)?;
        io::Write::write_all(&mut f, contents.as_ref())?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written.map_err(err("write", path))
}

/// Writes a file through a buffer with `write`, creating its folder; for large files made
/// piece by piece (data exports), which are never held whole in memory.
pub(crate) fn write_with(
    path: &Path,
    write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    let file = fs::File::create(path).map_err(err("write", path))?;
    let Some(target) = recorder::of(path) else {
        let mut w = io::BufWriter::with_capacity(256 * 1024, file);
        return write(&mut w)
            .and_then(|()| io::Write::flush(&mut w))
            .map_err(err("write", path));
    };
    let hashing = Hashing {
        file,
        hasher: manifest::Hasher::default(),
    };
    let mut w = io::BufWriter::with_capacity(256 * 1024, hashing);
    (|| {
        write(&mut w)?;
        let done = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        let (size, hash) = done.hasher.finish();
        target.wrote(&done.file, size, hash)
    })()
    .map_err(err("write", path))
}

/// A file that hashes what is written to it.
struct Hashing {
    file: fs::File,
    hasher: manifest::Hasher,
}

impl io::Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Writes `contents` to `path` whose folder is known to exist (one system call fewer per
/// file than `write`, which matters for tens of thousands of files).
///
/// In a folder a build records ([`recorder`]), the bytes are hashed as they are written and
/// the file gets the modification time the recorder decides.
pub(crate) fn write_new(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let Some(target) = recorder::of(path) else {
        return fs::write(path, contents).map_err(err("write", path));
    };
    let bytes = contents.as_ref();
    (|| {
        let mut f = fs::File::create(path)?;
        io::Write::write_all(&mut f, bytes)?;
        target.wrote(&f, bytes.len() as u64, manifest::hash(bytes))
    })()
    .map_err(err("write", path))
}

/// Copies a regular file (never a named pipe or a device: see [`open_regular`]); into a
/// folder a build records, through memory, hashing the bytes on their way.
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    let source = open_regular(from)?;
    let Some(target) = recorder::of(to) else {
        drop(source);
        return fs::copy(from, to).map(|_| ()).map_err(err("copy", from));
    };
    let mut hashing = Hashing {
        file: fs::File::create(to).map_err(err("write", to))?,
        hasher: manifest::Hasher::default(),
    };
    let mut source = io::BufReader::with_capacity(256 * 1024, source);
    io::copy(&mut source, &mut hashing).map_err(err("copy", from))?;
    let (size, hash) = hashing.hasher.finish();
    target
        .wrote(&hashing.file, size, hash)
        .map_err(err("write", to))
}

pub(crate) fn read_dir_sorted(path: &Path) -> Result<Vec<fs::DirEntry>> {
    let mut entries: Vec<fs::DirEntry> = fs::read_dir(path)
        .map_err(err("list folder", path))?
        .collect::<io::Result<_>>()
        .map_err(err("list folder", path))?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
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

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("record.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = read_to_string(&fifo).unwrap_err().to_string();
        assert!(e.contains("named pipe"), "{e}");
        assert!(copy(&fifo, &dir.path().join("copy")).is_err());
    }
}
