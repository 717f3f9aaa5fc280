//! Loading: walk `content/`, split front matter from Markdown, read typed raw records.
//!
//! This stage knows the shape of files and the types of fields, nothing else: a province is
//! still just text here, a producer reference just a slug. It reads every file it can (in
//! parallel), records a problem for every file or field it cannot, and hands the raw records
//! to `resolve`, which turns them into the model. Files are read whole, NFC-normalised, and
//! refused early when they are not UTF-8, empty, or unreasonably large.

pub mod fields;
pub mod markdown;

mod config;
mod fairs;
mod pages;
mod producers;
mod products;
mod raw;
mod sales_points;
mod stories;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diag::{Pos, Problem, Problems, did_you_mean, rel};
use crate::base::fsutil;
use crate::base::vietnamese::{into_nfc, is_slug, nfc, slugify};
use crate::load::fairs::read_fair;
use crate::load::fields::{Fields, Source, parse_toml};
use crate::load::pages::read_page;
use crate::load::producers::read_producer;
use crate::load::products::read_product;
use crate::load::sales_points::read_sales_point;
use crate::load::stories::read_story;

pub use config::{RawColors, RawConfig, RawContact, RawImages, load_config};
pub use raw::{
    RawCertificate, RawEnglish, RawFair, RawFields, RawPage, RawProducer, RawProduct, RawRecord,
    RawSalesPoint, RawShop, RawSite, RawSpecs, RawStory, Section,
};

/// Largest record file read, and largest front matter.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// Image file endings a bundle may hold.
pub const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "svg"];

/// Reads `site.toml` and every record below `content/`.
pub fn load(root: &Path, out: &mut Problems) -> RawSite {
    let config = load_config(root, out);
    let files = find_records(root, out);
    let results: Vec<(Option<RawRecord>, Problems)> = files
        .par_iter()
        .map(|f| {
            let mut p = Problems::new();
            let r = load_record(root, f, &mut p);
            (r, p)
        })
        .collect();
    let mut records = Vec::with_capacity(results.len());
    let mut unreadable = Vec::new();
    for ((r, p), f) in results.into_iter().zip(&files) {
        out.extend(p);
        match r {
            Some(r) => records.push(r),
            None => unreadable.push((f.section, f.slug.clone())),
        }
    }
    RawSite {
        root: root.to_path_buf(),
        config,
        records,
        unreadable,
    }
}

/// Lists the record files below `content/` in load order (section by section, by name),
/// reporting misplaced files and folders; reads no record.
pub fn find_records(root: &Path, out: &mut Problems) -> Vec<Found> {
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
pub struct Found {
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

/// Why a record's text has no front matter to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoFrontMatter {
    /// The first line is not `+++`.
    NotOpened,
    /// The first line is `+++` but no later line is.
    NotClosed,
}

/// Splits `+++\nTOML\n+++\nbody`; returns (toml, first line of toml, body). The `+++`
/// lines may have trailing spaces.
fn split_front_matter(text: &str) -> Result<(&str, usize, &str), NoFrontMatter> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err(NoFrontMatter::NotOpened);
    }
    let rest = &text[first_end..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((toml, 2, body));
        }
        offset += line.len();
    }
    Err(NoFrontMatter::NotClosed)
}

/// The problem of a record file whose front matter cannot be found.
fn front_matter_problem(file: &Path, why: NoFrontMatter) -> Problem {
    let p = match why {
        NoFrontMatter::NotOpened => Problem::error(
            file,
            "no front matter: the file must start with a `+++` line",
        )
        .hint("put the record's fields between two lines of `+++` at the top of the file"),
        NoFrontMatter::NotClosed => Problem::error(
            file,
            "front matter opened with `+++` on line 1 is never closed",
        )
        .hint("add a line `+++` after the last field, before the Markdown text"),
    };
    p.at(Some(Pos { line: 1, column: 1 }))
}

/// Reads one record file; `None` when it cannot be read at all (the problems say why).
pub fn load_record(root: &Path, found: &Found, out: &mut Problems) -> Option<RawRecord> {
    let file = rel(root, &found.path);
    // Opened once: its size comes from the open file, not from looking the path up again.
    let bytes = match read_bounded(&found.path) {
        Ok(Ok(b)) => b,
        Ok(Err(0)) => {
            out.push(
                Problem::error(&file, "the file is empty")
                    .hint("start it with front matter between two `+++` lines, or delete it"),
            );
            return None;
        }
        Ok(Err(len)) => {
            out.push(
                Problem::error(
                    &file,
                    format!("the file is too large ({} MB)", len / 1_000_000),
                )
                .hint("a record should be a few kilobytes; put photos beside it, not inside it"),
            );
            return None;
        }
        Err(e) => {
            out.push(Problem::error(&file, e.to_string()).hint("check the file's permissions"));
            return None;
        }
    };
    let (body, fields, mut english) = parse_record(&file, found.section, &found.slug, bytes, out)?;
    english.body = read_english_body(root, found, out);
    let (bundle_images, bundle_unsupported) = match &found.bundle {
        Some(dir) => bundle_images(dir),
        None => (Vec::new(), Vec::new()),
    };
    Some(RawRecord {
        section: found.section,
        slug: found.slug.clone(),
        file,
        bundle: found.bundle.clone(),
        bundle_images,
        bundle_unsupported,
        body,
        fields,
        english,
    })
}

/// The bytes of a record file, or `Err(size)` when it is empty or larger than
/// `MAX_FILE_BYTES`.
fn read_bounded(path: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let mut f = fsutil::open_regular(path).map_err(|e| e.source)?;
    let len = f.metadata()?.len();
    if len == 0 || len > MAX_FILE_BYTES {
        return Ok(Err(len));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    // Through `take`, which asks the system for the size no second time; a file that grew
    // meanwhile is still read to its end, or found too large.
    (&mut f).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// The sibling English body of a record (`index.en.md` in its bundle, or `SLUG.en.md`
/// beside `SLUG.md`): Markdown only, as the English fields live in the record itself.
fn read_english_body(root: &Path, found: &Found, out: &mut Problems) -> Option<(PathBuf, String)> {
    let path = found.english.as_deref()?;
    let file = rel(root, path);
    let text = match fsutil::read(path).map(String::from_utf8) {
        Ok(Ok(t)) => nfc(&t),
        Ok(Err(_)) => {
            out.push(
                Problem::error(&file, "the file is not valid UTF-8 text")
                    .hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)"),
            );
            return None;
        }
        Err(e) => {
            out.push(Problem::error(&file, e.source.to_string()));
            return None;
        }
    };
    if text.trim_start_matches('\u{feff}').starts_with("+++") {
        out.push(
            Problem::error(
                &file,
                "an English body file holds only Markdown, no front matter",
            )
            .at(Some(Pos { line: 1, column: 1 }))
            .hint(format!(
                "put the English fields in {} ({}), and only the English text here",
                rel(root, &found.path).display(),
                english_fields(found.section).join(", ")
            )),
        );
        return None;
    }
    let text = crate::load::markdown::checked_body(&file, &text, &text, out);
    Some((file, text))
}

/// The English body file of a bundle, and the suffix of a single-file record's.
pub const ENGLISH_INDEX: &str = "index.en.md";
pub const ENGLISH_SUFFIX: &str = ".en.md";

/// Reads one record from its bytes: UTF-8, front matter, typed fields. `file` is the path
/// used in messages. Returns the Markdown body, the fields and the English fields (without
/// the English body, which is another file).
pub fn parse_record(
    file: &Path,
    section: Section,
    slug: &str,
    bytes: Vec<u8>,
    out: &mut Problems,
) -> Option<(String, RawFields, RawEnglish)> {
    let file = file.to_path_buf();
    // Checked 16 bytes at a time: a third of the bytes of Vietnamese text are not ASCII,
    // where the standard check goes byte by byte; copying a few kilobytes costs less.
    let valid = simdutf8::basic::from_utf8(&bytes).map(str::to_owned);
    let text = match valid.map_or_else(|_| String::from_utf8(bytes), Ok) {
        Ok(t) => t,
        Err(e) => {
            let pos = crate::base::diag::pos_of(
                &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
                usize::MAX,
            );
            out.push(
                Problem::error(&file, "the file is not valid UTF-8 text")
                    .at(Some(pos))
                    .hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)"),
            );
            return None;
        }
    };
    let text = into_nfc(text);
    let (toml_text, first_line, body) = match split_front_matter(&text) {
        Ok(parts) => parts,
        Err(why) => {
            out.push(front_matter_problem(&file, why));
            return None;
        }
    };
    if toml_text.len() > MAX_FRONT_MATTER_BYTES {
        out.push(
            Problem::error(
                &file,
                format!("front matter is too large ({} KB)", toml_text.len() / 1024),
            )
            .at(Some(Pos { line: 1, column: 1 }))
            .hint("front matter holds a record's fields; put long text in the Markdown body"),
        );
        return None;
    }
    if !is_slug(slug) {
        out.push(
            Problem::error(&file, format!("`{}` is not a valid slug", slug)).hint(format!(
                "rename it to `{}`: lower-case letters a-z, digits and single dashes",
                slugify(slug)
            )),
        );
    }
    let starts = crate::load::fields::line_starts(toml_text);
    let src = Source {
        file: &file,
        text: toml_text,
        first_line,
        line_starts: &starts,
    };
    let hint =
        "check quotes around text, `=` between field and value, and `[[certificates]]` headers";
    let table = parse_toml(src, toml_text, hint, out)?;
    let mut top = Fields::new(src, table, "", Pos { line: 1, column: 1 });
    let english = read_english(&mut top, section, out);
    let fields = match section {
        Section::Products => RawFields::Product(Box::new(read_product(top, out))),
        Section::Producers => RawFields::Producer(Box::new(read_producer(top, out))),
        Section::SalesPoints => RawFields::SalesPoint(Box::new(read_sales_point(top, out))),
        Section::Fairs => RawFields::Fair(Box::new(read_fair(top, out))),
        Section::Stories => RawFields::Story(Box::new(read_story(top, out))),
        Section::Pages => RawFields::Page(read_page(top, out)),
    };
    let body = crate::load::markdown::checked_body(&file, &text, body, out);
    Some((body, fields, english))
}

/// The English fields a section's records may have.
pub fn english_fields(section: Section) -> &'static [&'static str] {
    match section {
        Section::Products => &["name_en", "summary_en", "unit_en"],
        Section::Producers => &["name_en"],
        Section::SalesPoints => &["name_en", "hours_en"],
        Section::Fairs => &["name_en", "venue_en"],
        Section::Stories | Section::Pages => &["title_en", "summary_en"],
    }
}

fn read_english(f: &mut Fields, section: Section, out: &mut Problems) -> RawEnglish {
    let mut e = RawEnglish::default();
    for &key in english_fields(section) {
        let v = f.string(out, key);
        match key {
            "name_en" | "title_en" => e.name = v,
            "summary_en" => e.summary = v,
            "unit_en" => e.unit = v,
            "hours_en" => e.hours = v,
            "venue_en" => e.venue = v,
            _ => {}
        }
    }
    e
}

pub fn is_image_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    IMAGE_EXTENSIONS
        .iter()
        .any(|ext| lower.rsplit_once('.').is_some_and(|(_, e)| e == *ext))
}

/// Photo formats people have but browsers or `ocop` cannot use.
const UNSUPPORTED_PHOTO_EXTENSIONS: [&str; 7] =
    ["heic", "heif", "tif", "tiff", "bmp", "avif", "raw"];

fn bundle_images(dir: &Path) -> (Vec<String>, Vec<String>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_body() {
        let (toml, line, body) = split_front_matter("+++\nname = \"a\"\n+++\nHello\n").unwrap();
        assert_eq!(toml, "name = \"a\"\n");
        assert_eq!(line, 2);
        assert_eq!(body, "Hello\n");
    }

    #[test]
    fn crlf_front_matter_is_accepted() {
        let (toml, _, body) = split_front_matter("+++\r\nname = \"a\"\r\n+++\r\nHi").unwrap();
        assert_eq!(toml, "name = \"a\"\r\n");
        assert_eq!(body, "Hi");
    }

    #[test]
    fn unterminated_front_matter_is_told_from_a_missing_one() {
        assert_eq!(
            split_front_matter("+++\nname = \"a\"\n"),
            Err(NoFrontMatter::NotClosed)
        );
        assert_eq!(
            split_front_matter("name = 1"),
            Err(NoFrontMatter::NotOpened)
        );
        assert_eq!(split_front_matter("+++"), Err(NoFrontMatter::NotClosed));
    }

    #[test]
    fn opening_line_may_have_trailing_spaces() {
        let (toml, _, body) = split_front_matter("+++  \nname = \"a\"\n+++\nHi").unwrap();
        assert_eq!(toml, "name = \"a\"\n");
        assert_eq!(body, "Hi");
    }
}
