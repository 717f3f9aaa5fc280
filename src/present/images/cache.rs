//! The photo cache's index: which photo (by path, size and modification time) has which
//! content hash and size, so an unchanged photo is neither hashed nor decoded again, and
//! cache entries are written whole (a unique temporary name, then a rename).

use crate::base::fsutil;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

/// CacheIndex of known photos: path → (size, mtime, hash, oriented width, height).
#[derive(Default)]
pub(super) struct CacheIndex {
    pub(super) entries: BTreeMap<String, (u64, u128, String, u32, u32)>,
}

impl CacheIndex {
    pub(super) fn load(path: &Path) -> CacheIndex {
        let mut idx = CacheIndex::default();
        let Ok(text) = std::fs::read_to_string(path) else {
            return idx;
        };
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                continue;
            }
            let (Ok(size), Ok(mtime), Ok(w), Ok(h)) =
                (f[1].parse(), f[2].parse(), f[4].parse(), f[5].parse())
            else {
                continue;
            };
            idx.entries
                .insert(f[0].to_string(), (size, mtime, f[3].to_string(), w, h));
        }
        idx
    }

    pub(super) fn save(&self, path: &Path) {
        let mut s = String::new();
        for (p, (size, mtime, hash, w, h)) in &self.entries {
            s.push_str(&format!("{p}\t{size}\t{mtime}\t{hash}\t{w}\t{h}\n"));
        }
        // Written aside and renamed, so that builds of one site running at once never see a
        // half-written index. The index only saves work; failing to write it is not an error.
        let tmp = path.with_extension(unique_suffix());
        if fsutil::write(&tmp, s).is_ok() && std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// A name part no other build (process or thread) uses at the same time: `tmp-PID-N`.
pub(super) fn unique_suffix() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    format!(
        "tmp-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether a cache entry holds every file `widths` needs.
pub(super) fn entry_complete(dir: &Path, widths: &[u32]) -> bool {
    dir.join("og.jpg").is_file()
        && widths.iter().all(|w| {
            dir.join(format!("{w}.webp")).is_file() && dir.join(format!("{w}.jpg")).is_file()
        })
}

pub(super) fn stat(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), mtime))
}

/// Removes cache folders that no photo of this build uses.
pub(super) fn prune(index_path: &Path, placements: &[(PathBuf, String)]) {
    let Some(dir) = index_path.parent() else {
        return;
    };
    let used: std::collections::HashSet<PathBuf> = placements
        .iter()
        .filter_map(|(f, _)| f.parent().map(Path::to_path_buf))
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if !p.is_dir() || used.contains(&p) {
            continue;
        }
        // Another build of this site may be filling a work folder right now; leave those
        // younger than an hour (older ones were left by an interrupted build).
        let working = p.to_string_lossy().contains(".tmp-")
            && e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() < 3600));
        if !working {
            let _ = std::fs::remove_dir_all(&p);
        }
    }
}
