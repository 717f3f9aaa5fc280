//! `site.toml`: the site's settings, read into a typed but unresolved `RawConfig`.
//!
//! The settings file is read like a record's front matter (positioned fields, unknown keys
//! reported with a "did you mean" hint), but it has no body and its own list of keys
//! (`load::schema::SITE`); when it cannot be read at all the config says so, so nothing more
//! is said about its fields.

use std::path::{Path, PathBuf};

use crate::base::diag::{Pos, Problem, Problems};
use crate::base::fsutil;
use crate::base::vietnamese::nfc;
use crate::load::fields::{Fields, Source, Sp, parse_toml};
use crate::load::schema;

/// `site.toml`, typed but not yet resolved.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawConfig {
    pub title: Option<Sp<String>>,
    pub description: Option<Sp<String>>,
    pub base_url: Option<Sp<String>>,
    pub language: Option<Sp<String>>,
    pub province: Option<Sp<String>>,
    pub theme: Option<Sp<String>>,
    pub logo: Option<Sp<String>>,
    pub expired_products: Option<Sp<String>>,
    pub trust_html: Option<Sp<bool>>,
    pub per_page: Option<Sp<i64>>,
    pub footer: Option<Sp<String>>,
    /// `languages = ["vi", "en"]`.
    pub languages: Vec<Sp<String>>,
    pub title_en: Option<Sp<String>>,
    pub description_en: Option<Sp<String>>,
    pub footer_en: Option<Sp<String>>,
    pub colors: RawColors,
    pub contact: RawContact,
    pub images: RawImages,
    /// `[[sources]]`: other ocop sites whose exports this site merges with its own records.
    pub sources: Vec<RawSource>,
    /// site.toml could not be read or parsed (the problem is reported): its fields are
    /// unknown rather than missing, so nothing more is said about them.
    pub unreadable: bool,
}

/// `[colors]` of site.toml.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawColors {
    pub primary: Option<Sp<String>>,
    pub accent: Option<Sp<String>>,
}

/// `[images]` of site.toml.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawImages {
    pub widths: Vec<Sp<i64>>,
    pub widths_pos: Option<Pos>,
    pub webp_quality: Option<Sp<i64>>,
    pub jpeg_quality: Option<Sp<i64>>,
}

/// One `[[sources]]` entry of site.toml: another ocop site's exports, by address or folder.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawSource {
    /// Index among the sources, for messages (`sources[2].url`).
    pub index: usize,
    pub pos: Option<Pos>,
    pub label: Option<Sp<String>>,
    pub key: Option<Sp<String>>,
    pub url: Option<Sp<String>>,
    pub path: Option<Sp<String>>,
    pub timeout: Option<Sp<i64>>,
    pub max_mb: Option<Sp<i64>>,
}

#[derive(Debug, Default, Clone)]
pub(crate) struct RawContact {
    pub office: Option<Sp<String>>,
    pub address: Option<Sp<String>>,
    pub phone: Option<Sp<String>>,
    pub email: Option<Sp<String>>,
    pub website: Option<Sp<String>>,
}

pub(crate) fn load_config(root: &Path, out: &mut Problems) -> RawConfig {
    let path = root.join("site.toml");
    let file = PathBuf::from("site.toml");
    let text =
        match fsutil::read_to_string(&path) {
            Ok(t) => nfc(&t),
            Err(e) => {
                out.push(Problem::error(&file, e.source.to_string()).hint(
                    "run `ocop init DIR` to create a site, or pass `--root` to the site folder",
                ));
                return RawConfig {
                    unreadable: true,
                    ..RawConfig::default()
                };
            }
        };
    let starts = crate::load::fields::line_starts(&text);
    let src = Source {
        file: &file,
        text: &text,
        first_line: 1,
        line_starts: &starts,
    };
    let hint = "check quotes around text and `=` between field and value; see docs/content-format.md (site.toml)";
    let Some(table) = parse_toml(src, &text, hint, out) else {
        return RawConfig {
            unreadable: true,
            ..RawConfig::default()
        };
    };
    let mut f = Fields::new(src, table, "", Pos { line: 1, column: 1 }, schema::SITE);
    let mut c = RawConfig {
        title: f.required_string(out, "title", "\"Sản phẩm OCOP Tuyên Quang\""),
        description: f.string(out, "description"),
        base_url: f.string(out, "base_url"),
        language: f.string(out, "language"),
        province: f.string(out, "province"),
        theme: f.string(out, "theme"),
        logo: f.string(out, "logo"),
        expired_products: f.string(out, "expired_products"),
        trust_html: f.boolean(out, "trust_html"),
        per_page: f.integer(out, "per_page"),
        footer: f.string(out, "footer"),
        languages: f.string_list(out, "languages"),
        title_en: f.string(out, "title_en"),
        description_en: f.string(out, "description_en"),
        footer_en: f.string(out, "footer_en"),
        ..Default::default()
    };
    if let Some(mut t) = f.table(out, "colors") {
        c.colors = RawColors {
            primary: t.string(out, "primary"),
            accent: t.string(out, "accent"),
        };
        t.finish(out);
    }
    if let Some(mut t) = f.table(out, "contact") {
        c.contact = RawContact {
            office: t.string(out, "office"),
            address: t.string(out, "address"),
            phone: t.string(out, "phone"),
            email: t.string(out, "email"),
            website: t.string(out, "website"),
        };
        t.finish(out);
    }
    if let Some(mut t) = f.table(out, "images") {
        c.images = RawImages {
            widths_pos: t.has("widths").then(|| t.position()),
            widths: t.integer_list(out, "widths"),
            webp_quality: t.integer(out, "webp_quality"),
            jpeg_quality: t.integer(out, "jpeg_quality"),
        };
        t.finish(out);
    }
    for (index, mut t) in f.tables(out, "sources").into_iter().enumerate() {
        c.sources.push(RawSource {
            index,
            pos: Some(t.position()),
            label: t.required_string(out, "label", "\"Tuyên Quang\""),
            key: t.string(out, "key"),
            url: t.string(out, "url"),
            path: t.string(out, "path"),
            timeout: t.integer(out, "timeout"),
            max_mb: t.integer(out, "max_mb"),
        });
        t.finish(out);
    }
    f.finish(out);
    c
}
