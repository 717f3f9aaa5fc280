//! The content folder as the editor sees it, and every write it makes there.
//!
//! The editor (Decap CMS) names files by paths it makes from its configuration. Here those
//! paths are checked and mapped onto the content folder, and nothing else is ever read or
//! written: a record is `content/SECTION/SLUG.md` to the editor whether it is a single file
//! or a bundle (`content/SECTION/SLUG/index.md`) on disk, and its photos are in
//! `content/SECTION/SLUG/`. A path with `..`, `.`, an empty or hidden segment, a backslash, a
//! colon, a control character, an absolute or a non-ASCII form, a section that does not
//! exist, or a symbolic link anywhere on the way is refused before the disk is touched.
//!
//! Every write is atomic (a hidden file beside the target, flushed, then renamed), and the
//! earlier version of every file changed or deleted is first copied into
//! `.ocop-cache/history/TIME/` with its path, so that nothing an officer saves or deletes is
//! ever lost.

use std::path::{Path, PathBuf};

use crate::base::fsutil;
use crate::base::vietnamese::is_slug;
use crate::load::{self, Section};

/// The folder of earlier versions, inside the site folder.
pub(crate) const HISTORY: &str = ".ocop-cache/history";

/// A record as the editor names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordPath {
    pub section: Section,
    pub slug: String,
}

impl RecordPath {
    /// `content/SECTION/SLUG.md`, the path the editor uses.
    pub(crate) fn editor_path(&self) -> String {
        format!("content/{}/{}.md", self.section.dir(), self.slug)
    }

    /// The bundle folder, relative to the site (`content/products/mat-ong`).
    pub(crate) fn bundle(&self) -> PathBuf {
        Path::new("content")
            .join(self.section.dir())
            .join(&self.slug)
    }

    /// The single file, relative to the site (`content/products/mat-ong.md`).
    pub(crate) fn single(&self) -> PathBuf {
        Path::new("content")
            .join(self.section.dir())
            .join(format!("{}.md", self.slug))
    }

    /// The English body beside the single file (`content/products/mat-ong.en.md`).
    pub(crate) fn single_english(&self) -> PathBuf {
        Path::new("content").join(self.section.dir()).join(format!(
            "{}{}",
            self.slug,
            load::ENGLISH_SUFFIX
        ))
    }
}

/// A file in a record's bundle, as the editor names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaPath {
    pub record: RecordPath,
    pub name: String,
}

impl MediaPath {
    pub(crate) fn rel(&self) -> PathBuf {
        self.record.bundle().join(&self.name)
    }

    pub(crate) fn editor_path(&self) -> String {
        format!(
            "content/{}/{}/{}",
            self.record.section.dir(),
            self.record.slug,
            self.name
        )
    }
}

/// Why a path is refused, in words for the officer (and the log).
pub(crate) type Refusal = String;

/// The segments of a path the editor sent, refused unless every one is plain.
fn segments(path: &str) -> Result<Vec<&str>, Refusal> {
    let bad = || format!("đường dẫn không hợp lệ: `{}`", path.escape_debug());
    if path.is_empty() || path.len() > 1024 || path.starts_with('/') {
        return Err(bad());
    }
    let parts: Vec<&str> = path.split('/').collect();
    for p in &parts {
        let plain = !p.is_empty()
            && *p != "."
            && *p != ".."
            && !p.starts_with('.')
            && p.len() <= 255
            && p.bytes()
                .all(|b| b.is_ascii_graphic() && !b"\\:*?\"<>|%".contains(&b));
        if !plain {
            return Err(bad());
        }
    }
    Ok(parts)
}

fn section_of(dir: &str) -> Option<Section> {
    Section::ALL.into_iter().find(|s| s.dir() == dir)
}

/// The section whose folder is `folder` (`content/products`), as the editor lists it.
pub(crate) fn section_folder(folder: &str) -> Result<Section, Refusal> {
    match segments(folder.trim_end_matches('/'))?.as_slice() {
        ["content", dir] => section_of(dir).ok_or_else(|| format!("không có mục nội dung `{dir}`")),
        _ => Err(format!("không phải thư mục nội dung: `{folder}`")),
    }
}

/// A record's editor path (`content/products/mat-ong.md`).
pub(crate) fn record_path(path: &str) -> Result<RecordPath, Refusal> {
    match segments(path)?.as_slice() {
        ["content", dir, file] => {
            let section =
                section_of(dir).ok_or_else(|| format!("không có mục nội dung `{dir}`"))?;
            let slug = file
                .strip_suffix(".md")
                .filter(|s| is_slug(s) && !s.ends_with(".en"))
                .ok_or_else(|| {
                    format!(
                        "`{file}` không phải tên bản ghi: chỉ chữ thường không dấu, chữ số và dấu `-`, đuôi .md"
                    )
                })?;
            Ok(RecordPath {
                section,
                slug: slug.to_string(),
            })
        }
        _ => Err(format!("không phải một bản ghi: `{path}`")),
    }
}

/// The file types a bundle may receive from the editor: the photos the build publishes, and
/// PDF decisions of certificates.
pub(crate) fn is_media_name(name: &str) -> bool {
    load::is_image_name(name) || name.to_ascii_lowercase().ends_with(".pdf")
}

/// A file of a record's bundle (`content/products/mat-ong/anh-1.jpg`).
pub(crate) fn media_path(path: &str) -> Result<MediaPath, Refusal> {
    match segments(path)?.as_slice() {
        ["content", dir, slug, name] => {
            let section =
                section_of(dir).ok_or_else(|| format!("không có mục nội dung `{dir}`"))?;
            if !is_slug(slug) {
                return Err(format!("`{slug}` không phải tên bản ghi"));
            }
            if !is_media_name(name) || name.ends_with(".md") {
                return Err(format!(
                    "`{name}`: chỉ nhận ảnh JPEG, PNG, WebP, GIF, SVG hoặc tệp PDF"
                ));
            }
            Ok(MediaPath {
                record: RecordPath {
                    section,
                    slug: slug.to_string(),
                },
                name: name.to_string(),
            })
        }
        _ => Err(format!(
            "tệp ảnh phải nằm trong thư mục của một bản ghi: `{path}`"
        )),
    }
}

/// The site folder and the operations on it; `root` is canonical.
pub(crate) struct Files {
    pub root: PathBuf,
}

/// Where a record is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OnDisk {
    Single(PathBuf),
    Bundle(PathBuf),
    Absent,
}

impl Files {
    /// Refuses a relative path that passes through a symbolic link or anything but folders
    /// (up to its last segment, which may be absent).
    fn checked(&self, rel: &Path) -> Result<PathBuf, Refusal> {
        let mut at = self.root.clone();
        for c in rel.components() {
            at.push(c);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(format!(
                        "`{}` là một liên kết (symbolic link): trình sửa không đi qua liên kết",
                        rel.display()
                    ));
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(self.root.join(rel))
    }

    /// Where `r` is: its bundle's `index.md`, its single file, or nowhere.
    pub(crate) fn locate(&self, r: &RecordPath) -> Result<OnDisk, Refusal> {
        let index = self.checked(&r.bundle().join("index.md"))?;
        if index.is_file() {
            return Ok(OnDisk::Bundle(index));
        }
        let single = self.checked(&r.single())?;
        if single.is_file() {
            return Ok(OnDisk::Single(single));
        }
        Ok(OnDisk::Absent)
    }

    /// The text of a record, as it is on disk.
    pub(crate) fn read_record(&self, r: &RecordPath) -> Result<Option<Vec<u8>>, Refusal> {
        let path = match self.locate(r)? {
            OnDisk::Single(p) | OnDisk::Bundle(p) => p,
            OnDisk::Absent => return Ok(None),
        };
        fsutil::read(&path)
            .map(Some)
            .map_err(|e| e.source.to_string())
    }

    /// The records of a section, by slug, as the loader finds them.
    pub(crate) fn records(&self, section: Section) -> Vec<RecordPath> {
        let mut p = crate::base::diag::Problems::new();
        let mut out: Vec<RecordPath> = load::find_records(&self.root, &mut p)
            .into_iter()
            .filter(|f| f.section == section && is_slug(&f.slug))
            .map(|f| RecordPath {
                section,
                slug: f.slug,
            })
            .collect();
        out.sort_by(|a, b| a.slug.cmp(&b.slug));
        out.dedup();
        out
    }

    /// The media files of a record's bundle, by name.
    pub(crate) fn media(&self, r: &RecordPath) -> Vec<String> {
        let Ok(dir) = self.checked(&r.bundle()) else {
            return Vec::new();
        };
        let Ok(entries) = fsutil::read_dir_sorted(&dir) else {
            return Vec::new();
        };
        entries
            .into_iter()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .filter(|n| !n.starts_with('.') && is_media_name(n))
            .collect()
    }

    /// The bytes of a bundle file.
    pub(crate) fn read_media(&self, m: &MediaPath) -> Result<Vec<u8>, Refusal> {
        let path = self.checked(&m.rel())?;
        fsutil::open_regular(&path).map_err(|e| e.source.to_string())?;
        fsutil::read(&path).map_err(|e| e.source.to_string())
    }
}

/// One save or deletion: the files it writes and removes, applied together after the
/// earlier versions are kept.
#[derive(Debug, Default)]
pub(crate) struct Change {
    /// Files to write (relative to the site), with their bytes.
    pub write: Vec<(PathBuf, Vec<u8>)>,
    /// Files or folders to remove (relative).
    pub remove: Vec<PathBuf>,
    /// Files to move (relative, from → to), e.g. an English body into a new bundle.
    pub moves: Vec<(PathBuf, PathBuf)>,
}

impl Files {
    /// Applies `change`: every file it replaces or removes is first copied into a new
    /// folder of [`HISTORY`]; then the moves, the writes (each atomic) and the removals.
    /// Returns the history folder used, if anything was kept.
    pub(crate) fn apply(&self, change: &Change, now: &str) -> Result<Option<PathBuf>, Refusal> {
        let mut kept: Vec<PathBuf> = Vec::new();
        for rel in change
            .write
            .iter()
            .map(|(p, _)| p)
            .chain(change.remove.iter())
            .chain(change.moves.iter().map(|(from, _)| from))
        {
            let path = self.checked(rel)?;
            if path.exists() {
                kept.push(rel.clone());
            }
        }
        let history = if kept.is_empty() {
            None
        } else {
            let dir = self.history_folder(now)?;
            for rel in &kept {
                let from = self.root.join(rel);
                let to = dir.join(rel);
                let copied = if from.is_dir() {
                    fsutil::copy_tree(&from, &to).map(|_| ())
                } else {
                    fsutil::create_dir_all(to.parent().unwrap_or(&dir))
                        .and_then(|_| fsutil::copy(&from, &to))
                };
                copied.map_err(|e| {
                    format!(
                        "không lưu được bản cũ của {} vào lịch sử ({}); không có gì bị thay đổi",
                        rel.display(),
                        e.source
                    )
                })?;
            }
            Some(dir)
        };
        for (from, to) in &change.moves {
            let (from, to) = (self.checked(from)?, self.checked(to)?);
            if from.exists() {
                if let Some(parent) = to.parent() {
                    fsutil::create_dir_all(parent).map_err(|e| e.source.to_string())?;
                }
                std::fs::rename(&from, &to).map_err(|e| e.to_string())?;
            }
        }
        for (rel, bytes) in &change.write {
            let path = self.checked(rel)?;
            fsutil::write_atomic(&path, bytes).map_err(|e| e.source.to_string())?;
        }
        for rel in &change.remove {
            let path = self.checked(rel)?;
            let removed = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            match removed {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("không xóa được {}: {e}", rel.display())),
            }
        }
        Ok(history)
    }

    /// A new folder of the history, named after the time (`2026-12-06T08-30-05Z`), with a
    /// number added when that name is taken.
    fn history_folder(&self, now: &str) -> Result<PathBuf, Refusal> {
        let base = self.root.join(HISTORY);
        fsutil::create_dir_all(&base).map_err(|e| e.source.to_string())?;
        for n in 0..1000 {
            let name = if n == 0 {
                now.to_string()
            } else {
                format!("{now}-{n}")
            };
            let dir = base.join(name);
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(dir),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e.to_string()),
            }
        }
        Err("không tạo được thư mục lịch sử".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_traversal_form_is_refused() {
        for bad in [
            "../site.toml",
            "content/../site.toml",
            "content/products/../../site.toml",
            "/etc/passwd",
            "content//products/a.md",
            "content/./products/a.md",
            "content/products/.hidden.md",
            "content\\products\\a.md",
            "content/products/a.md\0",
            "C:/content/products/a.md",
            "content/products/%2e%2e/a.md",
            "content/products/m\u{1ea1}t.md",
            "content/products/A.md",
            "content/products/a.en.md",
            "content/unknown/a.md",
            "static/a.md",
            "site.toml",
            "",
        ] {
            assert!(record_path(bad).is_err(), "{bad:?} was taken as a record");
            assert!(media_path(bad).is_err(), "{bad:?} was taken as a photo");
        }
        for bad in [
            "content/products/a/../b.jpg",
            "content/products/a/b.exe",
            "content/products/a/index.md",
            "content/products/a/b/c.jpg",
            "content/products/a.jpg",
        ] {
            assert!(media_path(bad).is_err(), "{bad:?} was taken as a photo");
        }
    }

    #[test]
    fn plain_paths_name_records_and_their_photos() {
        let r = record_path("content/products/mat-ong.md").unwrap();
        assert_eq!((r.section, r.slug.as_str()), (Section::Products, "mat-ong"));
        assert_eq!(r.editor_path(), "content/products/mat-ong.md");
        let m = media_path("content/sales-points/cho-phien/anh-1.JPG").unwrap();
        assert_eq!(m.record.section, Section::SalesPoints);
        assert_eq!(
            m.rel(),
            Path::new("content/sales-points/cho-phien/anh-1.JPG")
        );
        assert_eq!(section_folder("content/fairs").unwrap(), Section::Fairs);
        assert!(section_folder("content").is_err());
    }

    #[test]
    fn a_change_keeps_what_it_replaces_and_removes_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content/products/a")).unwrap();
        std::fs::write(root.join("content/products/a/index.md"), "old").unwrap();
        std::fs::write(root.join("content/products/b.md"), "gone").unwrap();
        let files = Files { root: root.clone() };
        let change = Change {
            write: vec![(
                PathBuf::from("content/products/a/index.md"),
                b"new".to_vec(),
            )],
            remove: vec![PathBuf::from("content/products/b.md")],
            moves: Vec::new(),
        };
        let kept = files
            .apply(&change, "2026-12-06T08-30-05Z")
            .unwrap()
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("content/products/a/index.md")).unwrap(),
            "new"
        );
        assert!(!root.join("content/products/b.md").exists());
        assert_eq!(
            std::fs::read_to_string(kept.join("content/products/a/index.md")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_to_string(kept.join("content/products/b.md")).unwrap(),
            "gone"
        );
        // A second save in the same second gets its own folder.
        let again = files
            .apply(&change, "2026-12-06T08-30-05Z")
            .unwrap()
            .unwrap();
        assert_ne!(kept, again);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_on_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("content/products")).unwrap();
        let files = Files { root: root.clone() };
        let r = record_path("content/products/a.md").unwrap();
        assert!(files.locate(&r).is_err());
        let change = Change {
            write: vec![(r.single(), b"x".to_vec())],
            ..Default::default()
        };
        assert!(files.apply(&change, "t").is_err());
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}
