//! Resolution of site.toml: the site's settings checked and turned into `model::Config`
//! (languages, colours and their contrast, image settings, contact details), every problem
//! naming its field.

use std::path::Path;

use crate::base::diag::{Problem, Problems};
use crate::load::fields::Sp;
use crate::load::{self, RawSite};
use crate::model::Lang;
use crate::model::refdata::{self, ProvinceMatch};
use crate::model::*;

use super::base_url::resolve_base_url;
use super::fields::web_address;
use super::{ResolveOptions, opt, pos, text};

/// The site's settings, checked.
pub(crate) fn resolve_config(raw: &RawSite, opts: &ResolveOptions, out: &mut Problems) -> Config {
    let c = &raw.config;
    let file = Path::new("site.toml");
    let base_url = resolve_base_url(c, opts.base_url.as_deref(), out);
    let province =
        c.province
            .as_ref()
            .and_then(|p| match refdata::data().find_province(&p.value) {
                Some(ProvinceMatch::Current(id)) | Some(ProvinceMatch::Legacy(id)) => Some(id),
                None => {
                    out.push(
                        Problem::error(file, format!("unknown province `{}`", p.value))
                            .at(p.pos)
                            .field("province")
                            .hint("write one of the 34 provinces, e.g. \"Tuyên Quang\""),
                    );
                    None
                }
            });
    let expired = match c.expired_products.as_ref().map(|s| s.value.as_str()) {
        None | Some("list") => ExpiredPolicy::List,
        Some("hide") => ExpiredPolicy::Hide,
        Some(other) => {
            out.push(
                Problem::error(
                    file,
                    format!("expired_products must be \"list\" or \"hide\", found \"{other}\""),
                )
                .at(pos(&c.expired_products))
                .field("expired_products"),
            );
            ExpiredPolicy::List
        }
    };
    let per_page = match &c.per_page {
        Some(n) if (1..=500).contains(&n.value) => n.value as usize,
        Some(n) => {
            out.push(
                Problem::error(
                    file,
                    format!("per_page must be 1 to 500, found {}", n.value),
                )
                .at(n.pos)
                .field("per_page"),
            );
            crate::model::DEFAULT_PER_PAGE
        }
        None => crate::model::DEFAULT_PER_PAGE,
    };
    if let Some(l) = &c.language
        && l.value != "vi"
    {
        out.push(
            Problem::error(file, format!("language `{}` is not supported as the main language", l.value))
                .at(l.pos)
                .field("language")
                .hint("the main language is Vietnamese (`language = \"vi\"`); add English pages with `languages = [\"vi\", \"en\"]`"),
        );
    }
    let languages = resolve_languages(&c.languages, out);
    let colors = resolve_colors(&c.colors, out);
    let theme = c
        .theme
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_else(|| "default".into());
    if theme.contains(['/', '\\']) || theme.starts_with('.') {
        out.push(
            Problem::error(file, format!("theme `{theme}` is not a folder name"))
                .at(pos(&c.theme))
                .field("theme")
                .hint("name a folder inside themes/, e.g. `theme = \"tuyenquang\"`"),
        );
    }
    let logo = c.logo.as_ref().and_then(|l| {
        let v = l.value.trim_start_matches('/');
        let ok = !v.split('/').any(|s| s == "..") && raw.root.join("static").join(v).is_file();
        if ok {
            Some(v.to_string())
        } else {
            out.push(
                Problem::error(file, format!("logo `{}` is not a file in static/", l.value))
                    .at(l.pos)
                    .field("logo")
                    .hint("put the logo in static/ and write its path there, e.g. `logo = \"logo.svg\"`"),
            );
            None
        }
    });
    let contact = Contact {
        office: opt(&c.contact.office),
        address: opt(&c.contact.address),
        phone: opt(&c.contact.phone),
        email: opt(&c.contact.email),
        website: web_address(file, "contact.website", &c.contact.website, out),
    };
    let images = resolve_images(&c.images, out);
    Config {
        images,
        title: text(&c.title),
        description: text(&c.description),
        base_url,
        language: "vi".into(),
        province,
        theme,
        logo,
        expired,
        trust_html: c.trust_html.as_ref().is_some_and(|t| t.value),
        per_page,
        footer: opt(&c.footer),
        languages,
        title_en: opt(&c.title_en),
        description_en: opt(&c.description_en),
        footer_en: opt(&c.footer_en),
        colors,
        contact,
    }
}

/// `languages = ["vi", "en"]`: Vietnamese always, first; English when listed.
fn resolve_languages(list: &[Sp<String>], out: &mut Problems) -> Vec<Lang> {
    let file = Path::new("site.toml");
    let mut langs = vec![Lang::Vi];
    for (i, l) in list.iter().enumerate() {
        match Lang::parse(&l.value) {
            Some(lang) if !langs.contains(&lang) => langs.push(lang),
            Some(_) => {}
            None => out.push(
                Problem::error(file, format!("language `{}` is not supported", l.value))
                    .at(l.pos)
                    .field(format!("languages[{i}]"))
                    .hint("the supported languages are \"vi\" (always published) and \"en\""),
            ),
        }
    }
    if !list.is_empty() && !list.iter().any(|l| l.value.trim() == "vi") {
        out.push(
            Problem::warning(
                file,
                "`languages` does not list \"vi\"; Vietnamese pages are published anyway",
            )
            .at(list[0].pos)
            .field("languages")
            .hint("write `languages = [\"vi\", \"en\"]`"),
        );
    }
    langs
}

/// `[colors]`: CSS colours of the theme, checked, with a warning when text on them would
/// be hard to read.
fn resolve_colors(c: &load::RawColors, out: &mut Problems) -> Vec<(String, String)> {
    let file = Path::new("site.toml");
    let mut colors = Vec::new();
    let mut parsed = Vec::new();
    for (name, value) in [("primary", &c.primary), ("accent", &c.accent)] {
        let Some(v) = value else { continue };
        match crate::model::color::parse(&v.value) {
            Some(rgb) => {
                colors.push((name.to_string(), crate::model::color::to_hex(rgb)));
                parsed.push((name, rgb, v.pos));
            }
            None => out.push(
                Problem::error(file, format!("`{}` is not a colour", v.value))
                    .at(v.pos)
                    .field(format!("colors.{name}"))
                    .hint("write a hexadecimal colour such as \"#0f3d24\" or \"#f2c14e\", or rgb(15, 61, 36)"),
            ),
        }
    }
    // The header and buttons put white text on the primary colour, and the primary colour
    // on the accent (the current menu item, the search button).
    const WHITE: crate::model::color::Rgb = [255, 255, 255];
    let primary = parsed.iter().find(|p| p.0 == "primary");
    let accent = parsed.iter().find(|p| p.0 == "accent");
    if let Some((_, rgb, pos)) = primary {
        let r = crate::model::color::contrast(*rgb, WHITE);
        if r < 4.5 {
            out.push(
                Problem::warning(
                    file,
                    format!(
                        "white text on the primary colour has a contrast of {r:.1}:1, below 4.5:1"
                    ),
                )
                .at(*pos)
                .field("colors.primary")
                .hint("choose a darker primary colour so the header and buttons stay readable"),
            );
        }
    }
    if let Some((_, a, pos)) = accent {
        let p = primary
            .map(|p| p.1)
            .unwrap_or(crate::model::color::DEFAULT_PRIMARY);
        let r = crate::model::color::contrast(*a, p);
        if r < 4.5 {
            out.push(
                Problem::warning(file, format!("the accent and the primary colour have a contrast of {r:.1}:1, below 4.5:1"))
                    .at(*pos)
                    .field("colors.accent")
                    .hint("text in the primary colour is shown on the accent (and the other way round); choose a lighter accent or a darker primary"),
            );
        }
    }
    colors
}

fn resolve_images(raw: &load::RawImages, out: &mut Problems) -> crate::model::images::Settings {
    let file = Path::new("site.toml");
    let mut s = crate::model::images::Settings::default();
    if raw.widths_pos.is_some() {
        let mut widths = Vec::new();
        for w in &raw.widths {
            if (16..=4096).contains(&w.value) {
                widths.push(w.value as u32);
            } else {
                out.push(
                    Problem::error(file, format!("image width {} is out of range", w.value))
                        .at(w.pos)
                        .field("images.widths")
                        .hint("use widths from 16 to 4096 pixels, e.g. [360, 720, 1200, 1800]"),
                );
            }
        }
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() {
            out.push(
                Problem::error(file, "images.widths needs at least one width")
                    .at(raw.widths_pos)
                    .field("images.widths")
                    .hint("e.g. `widths = [360, 720, 1200, 1800]`"),
            );
        } else {
            s.widths = widths;
        }
    }
    for (q, field, target) in [
        (
            &raw.webp_quality,
            "images.webp_quality",
            &mut s.webp_quality,
        ),
        (
            &raw.jpeg_quality,
            "images.jpeg_quality",
            &mut s.jpeg_quality,
        ),
    ] {
        if let Some(q) = q {
            if (1..=100).contains(&q.value) {
                *target = q.value as u8;
            } else {
                out.push(
                    Problem::error(file, format!("quality must be 1 to 100, found {}", q.value))
                        .at(q.pos)
                        .field(field)
                        .hint("75 to 85 is a good balance of size and look"),
                );
            }
        }
    }
    s
}
