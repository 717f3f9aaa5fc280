//! Reading one record file: bounded bytes, UTF-8, front matter, then the section's fields.
//!
//! A record is read whole and refused early when it is empty, too large or not UTF-8; its
//! front matter is parsed with positions and handed to the reader of its section, and its
//! English body (a sibling Markdown file) is read beside it.

use std::path::{Path, PathBuf};

use crate::base::diag::{Pos, Problem, Problems, rel};
use crate::base::fsutil;
use crate::base::vietnamese::{into_nfc, is_slug, nfc, slugify};
use crate::load::fairs::read_fair;
use crate::load::fields::{Fields, Source, parse_toml};
use crate::load::front_matter::{front_matter_problem, split_front_matter};
use crate::load::pages::read_page;
use crate::load::plans::read_plan;
use crate::load::producers::read_producer;
use crate::load::products::read_product;
use crate::load::sales_points::read_sales_point;
use crate::load::schema;
use crate::load::stories::read_story;
use crate::load::walk::bundle_images;
use crate::load::{Found, RawEnglish, RawFields, RawRecord, Section};

/// Largest record file read, and largest front matter.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
const MAX_FRONT_MATTER_BYTES: usize = 1024 * 1024;

/// Reads one record file; `None` when it cannot be read at all (the problems say why).
pub(crate) fn load_record(root: &Path, found: &Found, out: &mut Problems) -> Option<RawRecord> {
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
        origin: None,
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
                english_fields(found.section).collect::<Vec<_>>().join(", ")
            )),
        );
        return None;
    }
    let text = crate::load::markdown::checked_body(&file, &text, &text, out);
    Some((file, text))
}

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
    let mut top = Fields::new(
        src,
        table,
        "",
        Pos { line: 1, column: 1 },
        schema::fields(section),
    );
    let english = read_english(&mut top, section, out);
    let fields = match section {
        Section::Products => RawFields::Product(Box::new(read_product(top, out))),
        Section::Producers => RawFields::Producer(Box::new(read_producer(top, out))),
        Section::SalesPoints => RawFields::SalesPoint(Box::new(read_sales_point(top, out))),
        Section::Fairs => RawFields::Fair(Box::new(read_fair(top, out))),
        Section::Stories => RawFields::Story(Box::new(read_story(top, out))),
        Section::Pages => RawFields::Page(read_page(top, out)),
        Section::Plans => RawFields::Plan(Box::new(read_plan(top, out))),
    };
    let body = crate::load::markdown::checked_body(&file, &text, body, out);
    Some((body, fields, english))
}

/// The English fields a section's records may have: the keys of its schema that end in
/// `_en` (`name_en`, `summary_en`...), read before the section's own fields.
pub(crate) fn english_fields(section: Section) -> impl Iterator<Item = &'static str> {
    schema::fields(section)
        .iter()
        .map(|f| f.key)
        .filter(|k| k.ends_with("_en"))
}

fn read_english(f: &mut Fields, section: Section, out: &mut Problems) -> RawEnglish {
    let mut e = RawEnglish::default();
    for key in english_fields(section) {
        let v = f.string(out, key);
        match key {
            "name_en" | "title_en" => e.name = v,
            "summary_en" => e.summary = v,
            "unit_en" => e.unit = v,
            "hours_en" => e.hours = v,
            "venue_en" => e.venue = v,
            other => {
                if cfg!(debug_assertions) {
                    panic!(
                        "`{other}` is in src/load/schema.rs but `RawEnglish` has no place for it"
                    );
                }
            }
        }
    }
    e
}
