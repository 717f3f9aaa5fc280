//! Writing an import's records all or nothing.
//!
//! An import writes several files (products, their new producers, changed records), and a
//! site where a product names a producer that was never written no longer builds. So every
//! file is first written whole into a hidden temporary file beside its place (same folder,
//! same file system, a short name that fits whatever the record's name), and only when every
//! one of them could be written are they renamed into place. When a file cannot be written,
//! the temporary files and the folders made for them are removed and the site is exactly as
//! it was; when a rename fails midway (a full disk cannot cause that: the bytes are already
//! written), the files already moved are put back as they were.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files written but not yet in place.
pub(crate) struct Staging {
    root: PathBuf,
    /// Folders this staging made, parents first.
    dirs: Vec<PathBuf>,
    /// (temporary file, its place), both absolute.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Staging {
    pub(crate) fn new(root: &Path) -> Staging {
        Staging {
            root: root.to_path_buf(),
            dirs: Vec::new(),
            staged: Vec::new(),
        }
    }

    /// Writes `text` into a temporary file beside `rel` (relative to the site root), making
    /// its folder when needed.
    pub(crate) fn stage(&mut self, rel: &Path, text: &str) -> Result<(), String> {
        let target = self.root.join(rel);
        let dir = target
            .parent()
            .ok_or_else(|| format!("{}: not a file in the site", rel.display()))?
            .to_path_buf();
        self.make_dirs(&dir)
            .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
        let tmp = dir.join(format!(
            ".ocop-import-{}-{}.tmp",
            std::process::id(),
            self.staged.len()
        ));
        let written = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| {
                // Remembered before the bytes go in, so that a half-written file is removed.
                self.staged.push((tmp.clone(), target.clone()));
                f.write_all(text.as_bytes())?;
                f.sync_all()
            });
        written.map_err(|e| format!("cannot write {}: {e}", rel.display()))
    }

    /// Makes `dir` and its missing parents, remembering each one made.
    fn make_dirs(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut d = dir;
        while !d.is_dir() {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        for m in missing.into_iter().rev() {
            fs::create_dir(&m)?;
            self.dirs.push(m);
        }
        Ok(())
    }

    /// Moves every staged file into its place. On failure, the files already moved are put
    /// back as they were and the rest is removed.
    pub(crate) fn commit(mut self) -> Result<(), String> {
        let shown = |p: &Path| {
            p.strip_prefix(&self.root)
                .unwrap_or(p)
                .display()
                .to_string()
        };
        // The files replaced, read before anything moves, to put them back on failure.
        let mut originals = Vec::new();
        for (_, target) in &self.staged {
            let old = match fs::read(target) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(format!("cannot read {}: {e}", shown(target))),
            };
            originals.push(old);
        }
        for i in 0..self.staged.len() {
            let (tmp, target) = &self.staged[i];
            if let Err(e) = fs::rename(tmp, target) {
                let msg = format!("cannot move {} into place: {e}", shown(target));
                for j in (0..i).rev() {
                    put_back(&self.staged[j].1, originals[j].as_deref());
                }
                return Err(msg);
            }
        }
        self.staged.clear();
        self.dirs.clear();
        Ok(())
    }

    /// Removes the temporary files and the folders made for them.
    fn discard(&mut self) {
        for (tmp, _) in self.staged.drain(..) {
            let _ = fs::remove_file(tmp);
        }
        for d in self.dirs.drain(..).rev() {
            let _ = fs::remove_dir(d);
        }
    }
}

/// Restores a file replaced by a commit (`None`: it did not exist).
fn put_back(target: &Path, original: Option<&[u8]>) {
    let _ = match original {
        Some(bytes) => fs::write(target, bytes),
        None => fs::remove_file(target),
    };
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.discard();
    }
}
