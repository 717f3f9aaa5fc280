//! Publishing the output folder without ever losing a folder `ocop` did not write.
//!
//! A build replaces a whole folder, so the folder it is pointed at must be one it may
//! replace. An office that types `--output ~/Documents`, `--output o/../site` or a root
//! reached through a symbolic link must get a refusal, not a lost folder. Before anything is
//! written this module:
//!
//! - resolves the output path for real (`..`, symbolic links, and on Unix the identity of
//!   each folder, which also sees through bind mounts and letter case on case-insensitive
//!   disks) and refuses one that is or holds the site's sources, or lies inside them;
//! - refuses an output path that is a file, and a folder that has files in it but no
//!   [`MARKER`] (the file every output carries), unless the build stamp or the shape of the
//!   folder shows an earlier `ocop` wrote it;
//! - takes a lock beside the output, so two builds of one output exclude each other (the
//!   second is told another build is running); the system releases it when a build dies, so
//!   a stale lock never blocks;
//! - makes a fresh staging folder beside the output, remembers its identity, and swaps it in
//!   only if it is still the very folder this build made and filled.
//!
//! The replaced site is set aside and deleted by a later build, in the background; only
//! folders named and marked as this program's leftovers are ever deleted.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::base::diag::Problem;
use crate::base::fsutil::{self, FsError};

/// The file written into every output folder: a folder with it may be replaced by a build.
pub const MARKER: &str = ".ocop-output";

const MARKER_TEXT: &str = "This folder is the output of `ocop build`: the next build replaces it whole.\n\
Do not keep other files here.\n";

/// The output path with `..` and symbolic links resolved; the part that does not exist yet
/// is taken as written (a folder that does not exist cannot be a link).
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut cur = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                let next = cur.join(name);
                cur = if fs::symlink_metadata(&next).is_ok() {
                    fs::canonicalize(&next)?
                } else {
                    next
                };
            }
        }
    }
    Ok(cur)
}

/// The identity of a file or folder: the same for every path that reaches it.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path).ok()
}

/// `path` and every folder above it that exists, nearest first.
fn existing_ancestors(path: &Path) -> impl Iterator<Item = &Path> {
    path.ancestors().filter(|p| p.exists())
}

fn refuse(output: &Path, message: impl Into<String>, hint: &str) -> Box<Problem> {
    Box::new(Problem::error(output, message).hint(hint))
}

/// Refuses an output that would replace the site's own files: the site folder, a folder
/// above it, or anything inside `content/`, `static/`, `themes/` or `site.toml`.
pub(crate) fn check_location(root: &Path, shown: &Path, output: &Path) -> Result<(), Box<Problem>> {
    let root = resolve(root).unwrap_or_else(|_| root.to_path_buf());
    let hint = "choose an output folder of its own, such as `public` inside the site folder";
    let sources: Vec<PathBuf> = ["content", "static", "themes", "site.toml"]
        .iter()
        .map(|p| root.join(p))
        .collect();
    // By path, once both are resolved.
    if output == root || root.starts_with(output) || sources.iter().any(|s| output.starts_with(s)) {
        return Err(refuse(
            shown,
            format!(
                "the output folder would replace the site's own files (it resolves to {})",
                output.display()
            ),
            hint,
        ));
    }
    // By identity: another path to the same folder (a bind mount, other letter case).
    let root_id = identity(&root);
    let source_ids: Vec<_> = sources.iter().filter_map(|s| identity(s)).collect();
    let inside_sources =
        existing_ancestors(output).any(|a| identity(a).is_some_and(|id| source_ids.contains(&id)));
    let out_id = identity(output);
    let is_root = out_id.is_some() && out_id == root_id;
    let holds_root = out_id.is_some() && existing_ancestors(&root).any(|a| identity(a) == out_id);
    if inside_sources || is_root || holds_root {
        return Err(refuse(
            shown,
            "the output folder is the site's own folder, or one of its sources, reached by another path",
            hint,
        ));
    }
    Ok(())
}

/// Whether a build may replace the folder at `output`: it is missing, empty, marked, or an
/// earlier build's (the stamp names it, or it has the files only an `ocop` output has).
pub(crate) fn check_replaceable(
    root: &Path,
    shown: &Path,
    output: &Path,
) -> Result<(), Box<Problem>> {
    let meta = match fs::metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(output).is_ok() {
                return Err(refuse(
                    shown,
                    "the output path is a symbolic link to nothing",
                    "remove the link or point it at a folder",
                ));
            }
            return Ok(());
        }
        Err(e) => {
            return Err(refuse(
                shown,
                format!("cannot read the output folder: {e}"),
                "check the path and its permissions",
            ));
        }
    };
    if !meta.is_dir() {
        return Err(refuse(
            shown,
            "the output path is a file, not a folder; a build writes a whole folder there",
            "choose a folder path for `--output` (the file is left as it is)",
        ));
    }
    if output.join(MARKER).is_file()
        || is_empty(output)
        || crate::build::stamp::wrote(root, output)
        || looks_like_an_earlier_output(output)
    {
        return Ok(());
    }
    Err(refuse(
        shown,
        format!(
            "the output folder has files that `ocop` did not write (it has no `{MARKER}` file); a build replaces the whole folder, so it is left as it is"
        ),
        "choose a new or empty folder for `--output`, such as `public`; if this folder holds only an old site of yours, empty it first",
    ))
}

fn is_empty(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Outputs written before the marker existed: the site map and the data folder together
/// are found in no other kind of folder.
fn looks_like_an_earlier_output(dir: &Path) -> bool {
    dir.join("sitemap.xml").is_file()
        && dir.join("du-lieu").join("products.csv").is_file()
        && dir.join("index.html").is_file()
}

/// Hidden names beside `output` that builds use: the lock, the staging folder of a build
/// (`.public.building-PID`) and the site a build replaced (`.public.previous-PID`).
struct Beside {
    parent: PathBuf,
    name: String,
}

impl Beside {
    fn of(output: &Path) -> Beside {
        Beside {
            parent: output.parent().unwrap_or(Path::new(".")).to_path_buf(),
            name: output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "public".into()),
        }
    }
    fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }
    fn building(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.building-{}", self.name, std::process::id()))
    }
    fn previous(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.previous-{}", self.name, std::process::id()))
    }
    /// Whether `name` is one of the leftover folders of a build of this output.
    fn is_leftover(&self, name: &str) -> bool {
        ["building-", "previous-"].iter().any(|kind| {
            name.strip_prefix(&format!(".{}.{kind}", self.name))
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
    }
}

/// A build's exclusive hold on one output folder, from before it reads the site until it
/// has published or given up. The system releases it if the process dies.
pub struct Lock {
    _file: fs::File,
}

/// Takes the lock of the output at `output` (resolved), creating the folder it sits in; or
/// says which build holds it.
pub fn lock(output: &Path, shown: &Path) -> Result<Lock, Box<Problem>> {
    let beside = Beside::of(output);
    fsutil::create_dir_all(&beside.parent)
        .map_err(|e| Box::new(Problem::error(shown, e.to_string())))?;
    take_lock(&beside.lock(), shown).map(|file| Lock { _file: file })
}

/// A build's hold on its output: the lock, and the staging folder it fills.
pub(crate) struct Publication {
    output: PathBuf,
    staging: PathBuf,
    staging_id: Option<StagingId>,
    cleanup: Cleanup,
    /// Held until the publication ends.
    _lock: Lock,
}

#[cfg(unix)]
type StagingId = (u64, u64);
#[cfg(not(unix))]
type StagingId = PathBuf;

impl Publication {
    /// Makes an empty, marked staging folder for the output (resolved, checked, locked).
    pub(crate) fn start(
        output: &Path,
        shown: &Path,
        lock: Lock,
    ) -> Result<Publication, Box<Problem>> {
        let beside = Beside::of(output);
        let fs_problem = |e: FsError| Box::new(Problem::error(shown, e.to_string()));
        let staging = beside.building();
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| {
                fs_problem(FsError {
                    action: "remove",
                    path: staging.clone(),
                    source: e,
                })
            })?;
        }
        fsutil::create_dir_all(&staging).map_err(fs_problem)?;
        fsutil::write_new(&staging.join(MARKER), MARKER_TEXT).map_err(fs_problem)?;
        let staging_id = identity(&staging);
        let cleanup = Cleanup::start(&beside);
        Ok(Publication {
            output: output.to_path_buf(),
            staging,
            staging_id,
            cleanup,
            _lock: lock,
        })
    }

    /// The folder the build writes into.
    pub(crate) fn staging(&self) -> &Path {
        &self.staging
    }

    /// The output folder it replaces.
    pub(crate) fn output(&self) -> &Path {
        &self.output
    }

    /// Swaps the finished staging folder into place, if it is still the one this build made.
    pub(crate) fn publish(self) -> fsutil::Result<()> {
        if identity(&self.staging) != self.staging_id || !self.staging.join(MARKER).is_file() {
            return Err(FsError {
                action: "publish",
                path: self.staging.clone(),
                source: io::Error::other(
                    "the build's staging folder was removed or replaced while it ran; the output is unchanged",
                ),
            });
        }
        let result = swap_into_place(&self.staging, &self.output);
        if result.is_err() {
            discard(&self.staging);
        }
        result
    }

    /// Gives up: removes the staging folder; the output is untouched.
    pub(crate) fn discard(self) {
        discard(&self.staging);
    }

    /// Waits for the removal of earlier builds' leftovers, at most `patience`.
    pub(crate) fn finish_cleanup(&mut self, patience: std::time::Duration) {
        std::mem::replace(&mut self.cleanup, Cleanup(None)).finish(patience);
    }
}

/// Tries the lock; when this very process seems to hold it, tries again for a moment first.
///
/// A lock is released when the last descriptor of its open file closes. A program that
/// builds twice in a row while another of its threads starts a process (a test suite, a
/// program using the library) can find its own released lock still held for an instant by
/// the new process, between its fork and its exec. Another process's build is refused at once.
fn try_lock_patiently(file: &fs::File, path: &Path) -> Result<(), fs::TryLockError> {
    let own = std::process::id().to_string();
    for _ in 0..200 {
        match file.try_lock() {
            Err(fs::TryLockError::WouldBlock)
                if fs::read_to_string(path).is_ok_and(|holder| holder.trim() == own) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
    file.try_lock()
}

/// Takes the lock of one output, or says which build holds it.
fn take_lock(path: &Path, shown: &Path) -> Result<fs::File, Box<Problem>> {
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| {
            Box::new(Problem::error(
                shown,
                format!("cannot create the build lock {}: {e}", path.display()),
            ))
        })?;
    match try_lock_patiently(&file, path) {
        Ok(()) => {
            // Say who holds it, for the message another build shows.
            // Written over the old number, then cut to length: never empty for a reader.
            let pid = std::process::id().to_string();
            if io::Write::write_all(&mut &file, pid.as_bytes()).is_ok() {
                let _ = file.set_len(pid.len() as u64);
            }
            Ok(file)
        }
        Err(fs::TryLockError::WouldBlock) => {
            let holder = fs::read_to_string(path).unwrap_or_default();
            let who = match holder.trim() {
                "" => String::new(),
                pid => format!(" (process {pid})"),
            };
            Err(refuse(
                shown,
                format!("another build of this output folder is running{who}; nothing was written"),
                "wait for it to finish and build again; a build that was killed releases the lock by itself",
            ))
        }
        Err(fs::TryLockError::Error(e)) => Err(Box::new(Problem::error(
            shown,
            format!("cannot lock {}: {e}", path.display()),
        ))),
    }
}

/// Removes what earlier builds left beside the output, in the background.
///
/// Deleting thousands of files is slow on some disks (seconds for a few thousand), so a
/// replaced site is not deleted while the user waits: it is renamed aside and removed here,
/// during the next build (which holds the lock, so no other build is using them). The build
/// waits for this at most a while at its end; what is not removed by then is removed by a
/// later build. But when it found more than one leftover (on a slow disk, earlier builds
/// did not finish theirs), it waits until all are gone: a site rebuilt every day must not
/// pile up copies of itself until the disk is full. So beside the output there are at most
/// two: the site this build replaced and one being removed.
struct Cleanup(Option<(std::thread::JoinHandle<()>, usize)>);

impl Cleanup {
    fn start(beside: &Beside) -> Cleanup {
        let keep = beside.building();
        let Ok(entries) = fs::read_dir(&beside.parent) else {
            return Cleanup(None);
        };
        let doomed: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| beside.is_leftover(&e.file_name().to_string_lossy()))
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path())
            .filter(|p| *p != keep)
            .collect();
        if doomed.is_empty() {
            return Cleanup(None);
        }
        let count = doomed.len();
        let removing = std::thread::spawn(move || {
            for d in doomed {
                // Best effort: anything left is retried by the next build.
                let _ = fs::remove_dir_all(d);
            }
        });
        Cleanup(Some((removing, count)))
    }

    fn finish(self, patience: std::time::Duration) {
        let Some((h, count)) = self.0 else { return };
        if count > 1 {
            let _ = h.join();
            return;
        }
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

fn err<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> FsError + 'a {
    move |source| FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Replaces `output` by `staging`. Where the system can swap two folders atomically, readers
/// (and a build killed at any moment) see either the old site or the new one, whole;
/// elsewhere the old output is moved aside and the new one renamed in its place.
fn swap_into_place(staging: &Path, output: &Path) -> fsutil::Result<()> {
    let beside = Beside::of(output);
    if output.is_dir() && exchange(staging, output).is_ok() {
        // `staging` now holds the previous site: set it aside for the next build's cleanup.
        if fs::rename(staging, beside.previous()).is_err() {
            let _ = fs::remove_dir_all(staging);
        }
        return Ok(());
    }
    if output.is_dir() {
        let old = beside.previous();
        if old.exists() {
            fs::remove_dir_all(&old).map_err(err("remove", &old))?;
        }
        fs::rename(output, &old).map_err(err("move aside", output))?;
        if let Err(e) = fs::rename(staging, output) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, output);
            return Err(err("move into place", staging)(e));
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(staging, output).map_err(err("move into place", staging))?;
    }
    Ok(())
}

/// Removes a staging folder after a failed build; errors are ignored (best effort).
fn discard(staging: &Path) {
    let _ = fs::remove_dir_all(staging);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_through_dot_dot_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir(base.join("site")).unwrap();
        assert_eq!(resolve(&base.join("o/../site")).unwrap(), base.join("site"));
        assert_eq!(
            resolve(&base.join("x/y/../../site/./public")).unwrap(),
            base.join("site/public")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("site"), base.join("link")).unwrap();
            assert_eq!(
                resolve(&base.join("link/public")).unwrap(),
                base.join("site/public")
            );
        }
    }

    #[test]
    fn leftovers_are_only_this_outputs_numbered_folders() {
        let b = Beside::of(Path::new("/x/public"));
        assert!(b.is_leftover(".public.building-123"));
        assert!(b.is_leftover(".public.previous-9"));
        assert!(!b.is_leftover(".public.previous-"));
        assert!(!b.is_leftover(".public.previous-1x"));
        assert!(!b.is_leftover(".publicity.building-1"));
        assert!(!b.is_leftover("public"));
    }

    #[test]
    fn swap_replaces_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fsutil::write(&out.join("old.html"), "old").unwrap();
        fsutil::write(&out.join(MARKER), MARKER_TEXT).unwrap();
        let p = Publication::start(&out, &out, lock(&out, &out).unwrap()).unwrap();
        fsutil::write(&p.staging().join("new.html"), "new").unwrap();
        let staging = p.staging().to_path_buf();
        p.publish().unwrap();
        assert!(out.join("new.html").exists());
        assert!(!out.join("old.html").exists());
        assert!(!staging.exists());
        // The replaced site is removed by the next build's cleanup.
        let mut next = Publication::start(&out, &out, lock(&out, &out).unwrap()).unwrap();
        next.finish_cleanup(std::time::Duration::from_secs(10));
        next.discard();
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec![".public.lock", "public"]);
    }

    #[test]
    fn leftovers_of_slow_disks_do_not_pile_up() {
        // Two replaced sites left beside the output (earlier builds could not remove them
        // in time): the next build removes both before it ends, however long it takes.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fsutil::write(&out.join(MARKER), MARKER_TEXT).unwrap();
        for pid in ["11", "12"] {
            let old = dir.path().join(format!(".public.previous-{pid}"));
            for i in 0..50 {
                fsutil::write(&old.join(format!("p{i}/index.html")), "old").unwrap();
            }
        }
        let mut next = Publication::start(&out, &out, lock(&out, &out).unwrap()).unwrap();
        next.finish_cleanup(std::time::Duration::ZERO);
        next.discard();
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".previous-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
