//! Finding record files: walking `content/` section by section, bundles and their photos.
//!
//! The listing reads no record: it says which files are records (`SLUG.md`, or
//! `SLUG/index.md` bundles with their photos), pairs each with its English body file, and
//! reports what is misplaced (unknown sections, links, stray files) before anything is read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::base::diag::{Problem, Problems, did_you_mean, rel};
use crate::base::fsutil;
use crate::base::vietnamese::nfc;
use crate::load::Section;

/// Image file endings a bundle may hold.
pub(crate) const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "svg"];

/// Lists the record files below `content/` in load order (section by section, by name),
/// reporting misplaced files and folders; reads no record.
pub(crate) fn find_records(root: &Path, out: &mut Problems) -> Vec<Found> {
    let mut files = Vec::new();
    let content = root.join("content");
    if !content.is_dir() {
        out.push(
            Problem::error("content", "the content folder is missing").hint(
                "create `content/products/` and the other section folders, or run `ocop init`",
            ),
        );
    }
    for section in Section::ALL {
        collect_section(root, section, &mut files, out);
    }
    if content.is_dir() {
        check_unknown_sections(root, &content, out);
    }
    files
}

/// A record file found on disk, before reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub section: Section,
    pub slug: String,
    /// The Markdown file (absolute when `root` is).
    pub path: PathBuf,
    /// The bundle folder, for `index.md` records.
    pub bundle: Option<PathBuf>,
    /// The record's English body file (`index.en.md` in its bundle, `SLUG.en.md` beside
    /// it), when the listing found one: known here, so loading asks the disk no more.
    pub english: Option<PathBuf>,
}

fn check_unknown_sections(root: &Path, content: &Path, out: &mut Problems) {
    let Ok(entries) = fsutil::read_dir_sorted(content) else {
        return;
    };
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir && !Section::ALL.iter().any(|s| s.dir() == name) && !name.starts_with('.') {
            let known: Vec<&str> = Section::ALL.iter().map(|s| s.dir()).collect();
            let mut p = Problem::warning(
                rel(root, &e.path()),
                "this folder is not a known section and is ignored",
            );
            if let Some(s) = did_you_mean(&name, known.iter().copied()) {
                p = p.hint(format!("did you mean `content/{s}/`?"));
            } else {
                p = p.hint(format!("sections are: {}", known.join(", ")));
            }
            out.push(p);
        }
    }
}

fn collect_section(root: &Path, section: Section, files: &mut Vec<Found>, out: &mut Problems) {
    let dir = root.join("content").join(section.dir());
    if !dir.is_dir() {
        return;
    }
    let entries = match fsutil::read_dir_sorted(&dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Problem::error(rel(root, &dir), e.to_string()));
            return;
        }
    };
    // Names in the folder, to pair each `SLUG.md` with its `SLUG.en.md` without a lookup.
    let names: HashSet<std::ffi::OsString> = entries.iter().map(|e| e.file_name()).collect();
    for e in &entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // Symbolic links are not followed: they could point outside the site or loop.
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_symlink() {
            out.push(
                Problem::error(
                    rel(root, &path),
                    "symbolic links are not followed in content/",
                )
                .hint("copy the file or folder here instead of linking to it"),
            );
            continue;
        }
        if !ft.is_dir() && !ft.is_file() {
            out.push(
                Problem::error(rel(root, &path), fsutil::not_regular(ft))
                    .hint("a record is a Markdown file or a folder with an `index.md`"),
            );
            continue;
        }
        if ft.is_dir() {
            let index = path.join("index.md");
            if let Ok(m) = std::fs::symlink_metadata(&index)
                && !m.is_file()
                && !m.is_dir()
            {
                out.push(Problem::error(
                    rel(root, &index),
                    fsutil::not_regular(m.file_type()),
                ));
            } else if index.is_file() {
                let english = path.join(ENGLISH_INDEX);
                files.push(Found {
                    section,
                    slug: nfc(&name),
                    path: index,
                    english: english.is_file().then_some(english),
                    bundle: Some(path),
                });
            } else {
                out.push(
                    Problem::error(rel(root, &path), "bundle folder has no index.md")
                        .hint("a record folder needs an `index.md` with the record's front matter"),
                );
            }
        } else if let Some(stem) = name.strip_suffix(ENGLISH_SUFFIX) {
            // The English body of `stem.md`, read with it; alone it is a mistake.
            if !names.contains(std::ffi::OsStr::new(&format!("{stem}.md"))) {
                out.push(
                    Problem::warning(rel(root, &path), format!("English body without a record: there is no `{stem}.md`"))
                        .hint(format!("name it after its record (`SLUG{ENGLISH_SUFFIX}` beside `SLUG.md`), or delete it")),
                );
            }
        } else if let Some(stem) = name.strip_suffix(".md") {
            let english = format!("{stem}{ENGLISH_SUFFIX}");
            files.push(Found {
                section,
                slug: nfc(stem),
                english: names
                    .contains(std::ffi::OsStr::new(&english))
                    .then(|| dir.join(&english)),
                path,
                bundle: None,
            });
        } else if section != Section::Pages || !name.ends_with(".md") {
            out.push(
                Problem::warning(rel(root, &path), "not a Markdown record (.md); ignored").hint(
                    "records are `SLUG.md` files or `SLUG/index.md` bundles with their photos",
                ),
            );
        }
    }
}

/// The English body file of a bundle, and the suffix of a single-file record's.
pub(crate) const ENGLISH_INDEX: &str = "index.en.md";
pub(crate) const ENGLISH_SUFFIX: &str = ".en.md";

pub(crate) fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    IMAGE_EXTENSIONS
        .iter()
        .any(|ext| lower.rsplit_once('.').is_some_and(|(_, e)| e == *ext))
}

/// Photo formats people have but browsers or `ocop` cannot use.
const UNSUPPORTED_PHOTO_EXTENSIONS: [&str; 7] =
    ["heic", "heif", "tif", "tiff", "bmp", "avif", "raw"];

pub(crate) fn bundle_images(dir: &Path) -> (Vec<String>, Vec<String>) {
    let Ok(entries) = fsutil::read_dir_sorted(dir) else {
        return (Vec::new(), Vec::new());
    };
    // Hidden files are not photos: `._photo.jpg` (what macOS leaves on other disks),
    // `.DS_Store`, editors' backups.
    let entries: Vec<_> = entries
        .into_iter()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    let unsupported = entries
        .iter()
        .map(|e| nfc(&e.file_name().to_string_lossy()))
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            UNSUPPORTED_PHOTO_EXTENSIONS
                .iter()
                .any(|ext| lower.rsplit_once('.').is_some_and(|(_, e)| e == *ext))
        })
        .collect();
    let images = entries
        .into_iter()
        // Links are listed too, so that `resolve` can refuse those pointing outside the site.
        .filter(|e| {
            e.file_type()
                .map(|t| t.is_file() || t.is_symlink())
                .unwrap_or(false)
        })
        .map(|e| nfc(&e.file_name().to_string_lossy()))
        .filter(|n| is_image_name(n))
        .collect();
    (images, unsupported)
}
