//! Languages: every interface text comes from the theme's translation files, in both
//! languages, and English pages are complete, linked to their Vietnamese counterparts and
//! honest about what is still in Vietnamese.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use ocop::model::Lang;
use ocop::theme::i18n::builtin;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect()
}

/// Every `"a.b"` literal a pattern captures, in every file.
fn captures(files: &[PathBuf], re: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(re).unwrap();
    let mut keys = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        for c in re.captures_iter(&text) {
            keys.insert(c[1].to_string());
        }
    }
    keys
}

/// The keys the code and the default theme use: `t.x.y` in templates, `tr.get("x.y")` and
/// `tr.fill("x.y", ...)` in Rust, `tr('x')` in search.js, and the keys built from reference
/// values (statuses, groups, producer and sales point kinds).
fn used_keys() -> BTreeSet<String> {
    let templates = files_with_ext(&repo().join("themes/default/templates"), "html");
    let rust = files_with_ext(&repo().join("src"), "rs");
    let mut keys = captures(&templates, r"\bt\.([a-z_]+\.[a-z_0-9.-]+)");
    keys.extend(captures(
        &rust,
        r#"\btr\.(?:get|fill)\(\s*"([a-z_]+\.[a-z_0-9.-]+)""#,
    ));
    let js = [repo().join("themes/default/static/search.js")];
    for k in captures(&js, r"\btr\('([a-z_]+)'") {
        keys.insert(format!("search_js.{k}"));
    }
    // search.js builds these from its facet names and tabs.
    for dim in ["sao", "nhom", "loai", "tinh"] {
        keys.insert(format!("search_js.dim_{dim}"));
    }
    for noun in ["products", "producers"] {
        for k in ["found", "none", "other_tab"] {
            keys.insert(format!("search_js.{k}_{noun}"));
        }
    }
    for s in ocop::model::CertStatus::ALL {
        keys.insert(format!("status.{}", s.key()));
    }
    for f in ["upcoming", "ongoing", "past"] {
        keys.insert(format!("fair_status.{f}"));
    }
    for g in ocop::model::refdata::Group::ALL {
        keys.insert(format!("group.{}.name", g.key()));
        keys.insert(format!("group.{}.short", g.key()));
    }
    for k in ocop::model::ProducerKind::ALL {
        keys.insert(format!("producer_kind.{}", k.key()));
    }
    for k in ocop::model::SalesPointKind::ALL {
        keys.insert(format!("sales_point_kind.{}", k.key()));
    }
    // The files of the data page (`file("products_csv", ...)` in present/pages/data.rs).
    let data = captures(
        &[repo().join("src/present/pages/data.rs")],
        r#"\bfile\(\s*(?:pr,\s*)?"([a-z_]+)""#,
    );
    assert!(data.len() >= 8, "data page files not found: {data:?}");
    for k in data {
        keys.insert(format!("data.{k}"));
        keys.insert(format!("data.{k}_about"));
    }
    keys
}

#[test]
fn every_ui_string_exists_in_both_languages() {
    let used = used_keys();
    assert!(used.len() > 150, "only {} keys found in use", used.len());
    for lang in Lang::ALL {
        let have: BTreeSet<&str> = builtin(lang).keys().collect();
        let missing: Vec<&String> = used.iter().filter(|k| !have.contains(k.as_str())).collect();
        assert!(
            missing.is_empty(),
            "keys used but missing in themes/default/i18n/{}.toml: {missing:?}",
            lang.code()
        );
    }
    let vi: BTreeSet<&str> = builtin(Lang::Vi).keys().collect();
    let en: BTreeSet<&str> = builtin(Lang::En).keys().collect();
    assert_eq!(
        vi.symmetric_difference(&en).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "vi.toml and en.toml must have the same keys"
    );
}

/// Text of a template outside `{{ }}`, `{% %}` and `{# #}` and outside tags, plus the values
/// of attributes people read (alt, aria-label, placeholder, title), with the template parts
/// removed: what would be hard-coded interface text.
fn hard_coded_text(template: &str) -> Vec<String> {
    let strip = |s: &str| {
        let re = regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}").unwrap();
        re.replace_all(s, "\u{0}").into_owned()
    };
    let letters = |s: &str| s.chars().any(char::is_alphabetic);
    let no_comments = regex::Regex::new(r"(?s)\{#.*?#\}")
        .unwrap()
        .replace_all(template, "")
        .into_owned();
    let mut found = Vec::new();
    let attr = regex::Regex::new(r#"\b(alt|aria-label|placeholder|title)="([^"]*)""#).unwrap();
    for c in attr.captures_iter(&no_comments) {
        let v = strip(&c[2]);
        if letters(&v) {
            found.push(format!("{}=\"{}\"", &c[1], &c[2]));
        }
    }
    let stripped = strip(&no_comments);
    let scripts = regex::Regex::new(r"(?s)<script\b.*?</script>|<style\b.*?</style>").unwrap();
    let no_scripts = scripts.replace_all(&stripped, "");
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    for piece in tags.split(&no_scripts) {
        for part in piece.split('\u{0}') {
            if letters(part) {
                found.push(part.trim().to_string());
            }
        }
    }
    found
}

#[test]
fn the_text_scan_finds_hard_coded_text() {
    assert_eq!(hard_coded_text("<p>Tìm {{ x }}</p>"), vec!["Tìm"]);
    assert_eq!(
        hard_coded_text(r#"<a aria-label="Trang {{ n }}">"#).len(),
        1
    );
    assert!(hard_coded_text("<p>{{ t.a }} · {{ b }}: 1/2 ★</p>{# Ghi chú #}").is_empty());
    assert!(hard_coded_text(r#"<img alt="{{ img.alt }}" src="{{ x }}">"#).is_empty());
}

#[test]
fn no_template_has_hard_coded_ui_text() {
    let mut problems = Vec::new();
    for f in files_with_ext(&repo().join("themes/default/templates"), "html") {
        for text in hard_coded_text(&std::fs::read_to_string(&f).unwrap()) {
            problems.push(format!("{}: {text:?}", f.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "text in templates must come from themes/default/i18n/*.toml (`{{{{ t.section.key }}}}`):\n{}",
        problems.join("\n")
    );
}

const BILINGUAL_SITE: &str = r#"title = "Sản phẩm OCOP thử nghiệm"
title_en = "Test OCOP products"
description = "Trang thử nghiệm"
base_url = "https://ocop.example.gov.vn/"
province = "Tuyên Quang"
languages = ["vi", "en"]
"#;

const TRANSLATED: &str = r#"name = "Mật ong bạc hà"
name_en = "Mint-flower honey"
summary = "Mật ong thơm."
summary_en = "Fragrant honey."
producer = "htx-che"
group = "food"
province = "Tuyên Quang"
unit = "chai"
price = 120000

[[certificates]]
stars = 4
decision = "1/QĐ-UBND"
issued = 2025-03-10
"#;

fn bilingual() -> SiteTest {
    SiteTest::new()
        .file("site.toml", BILINGUAL_SITE)
        .file(
            "content/products/mat-ong/index.md",
            format!("+++\n{TRANSLATED}+++\nMật ong nguyên chất.\n"),
        )
        .file(
            "content/products/mat-ong/index.en.md",
            "Pure honey from the karst plateau.\n",
        )
}

fn read(b: &Built, rel: &str) -> String {
    std::fs::read_to_string(b.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn english_pages_use_english_text_and_link_to_their_counterparts() {
    let b = bilingual().build();
    b.assert_ok();
    let d = scraper::Html::parse_document(&read(&b, "en/san-pham/mat-ong/index.html"));
    assert_eq!(attrs(&d, "html", "lang"), vec!["en"]);
    assert_eq!(texts(&d, "h1"), vec!["Mint-flower honey"]);
    assert!(texts(&d, ".lead").iter().any(|t| t == "Fragrant honey."));
    assert!(
        read(&b, "en/san-pham/mat-ong/index.html").contains("Pure honey from the karst plateau.")
    );
    // Interface text is English.
    assert!(
        texts(&d, "h2").iter().any(|t| t == "OCOP certificate"),
        "{:?}",
        texts(&d, "h2")
    );
    // hreflang alternates, x-default included, and the switcher to the Vietnamese page.
    let alt = |lang: &str| attrs(&d, &format!("link[rel=alternate][hreflang={lang}]"), "href");
    assert_eq!(
        alt("vi"),
        vec!["https://ocop.example.gov.vn/san-pham/mat-ong/"]
    );
    assert_eq!(
        alt("en"),
        vec!["https://ocop.example.gov.vn/en/san-pham/mat-ong/"]
    );
    assert_eq!(
        alt("x-default"),
        vec!["https://ocop.example.gov.vn/san-pham/mat-ong/"]
    );
    assert_eq!(
        attrs(&d, ".lang-switch a[hreflang=vi]", "href"),
        vec!["/san-pham/mat-ong/"]
    );
    assert_eq!(
        attrs(&d, ".lang-switch a[aria-current]", "hreflang"),
        vec!["en"]
    );
    // The Vietnamese page links back.
    let v = scraper::Html::parse_document(&read(&b, "san-pham/mat-ong/index.html"));
    assert_eq!(attrs(&v, "html", "lang"), vec!["vi"]);
    assert_eq!(texts(&v, "h1"), vec!["Mật ong bạc hà"]);
    assert_eq!(
        attrs(&v, ".lang-switch a[hreflang=en]", "href"),
        vec!["/en/san-pham/mat-ong/"]
    );
    // Sitemap: both languages.
    let sitemap = read(&b, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://ocop.example.gov.vn/san-pham/mat-ong/</loc>"));
    assert!(sitemap.contains("<loc>https://ocop.example.gov.vn/en/san-pham/mat-ong/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://ocop.example.gov.vn/en/san-pham/mat-ong/\"/>"
    ));
    assert_eq!(
        sitemap
            .matches("<loc>https://ocop.example.gov.vn/en/")
            .count(),
        sitemap.matches("<loc>").count() / 2,
        "as many English entries as Vietnamese ones"
    );
    // The English stories feed.
    assert!(read(&b, "en/cau-chuyen/atom.xml").contains("xml:lang=\"en\""));
}

#[test]
fn missing_translations_fall_back_to_vietnamese_marked_lang_vi() {
    let b = bilingual().build();
    b.assert_ok();
    // che-shan-tuyet has no English text at all.
    let d = scraper::Html::parse_document(&read(&b, "en/san-pham/che-shan-tuyet/index.html"));
    assert_eq!(attrs(&d, "h1", "lang"), vec!["vi"]);
    assert_eq!(texts(&d, "h1"), vec!["Chè Shan tuyết Na Hang"]);
    assert_eq!(
        attrs(&d, "section.prose", "lang"),
        vec!["vi"],
        "body without an English version"
    );
    // The translated product needs no mark; its untranslated unit does.
    let t = scraper::Html::parse_document(&read(&b, "en/san-pham/mat-ong/index.html"));
    assert!(attrs(&t, "h1", "lang").is_empty());
    assert_eq!(attrs(&t, ".price .unit", "lang"), vec!["vi"]);
    // On the English catalogue, cards mark the fallback names only.
    let l = scraper::Html::parse_document(&read(&b, "en/san-pham/index.html"));
    let marked: Vec<String> = l
        .select(&scraper::Selector::parse(".card-title a[lang=vi]").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(marked, vec!["Chè Shan tuyết Na Hang"]);
    // So do the supplier directory's entries: the untranslated product name and producer
    // name, not the translated one.
    let dir = scraper::Html::parse_document(&read(&b, "en/chu-the/index.html"));
    let marked: Vec<String> = dir
        .select(&scraper::Selector::parse(".supplier a[lang=vi]").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert!(
        marked.contains(&"Chè Shan tuyết Na Hang".to_string()),
        "untranslated product name not marked: {marked:?}"
    );
    assert!(
        !texts(&dir, ".supplier .sp-name").is_empty(),
        "no supplier products listed"
    );
    // Vietnamese pages never carry a lang mark on record text.
    for page in [
        "san-pham/index.html",
        "san-pham/che-shan-tuyet/index.html",
        "chu-the/index.html",
        "index.html",
    ] {
        let v = scraper::Html::parse_document(&read(&b, page));
        let marked = attrs(&v, "main [lang], footer [lang]", "lang");
        assert!(
            marked.is_empty(),
            "{page}: a Vietnamese page marks text {marked:?}"
        );
    }
}

#[test]
fn vietnamese_only_sites_have_no_english_pages_or_switcher() {
    let b = SiteTest::new().build();
    b.assert_ok();
    assert!(!b.out.join("en").exists());
    let home = read(&b, "index.html");
    assert!(
        !home.contains("hreflang"),
        "hreflang on a one-language site"
    );
    assert!(!home.contains("lang-switch"));
}

#[test]
fn english_body_file_with_front_matter_is_an_error() {
    let b = bilingual()
        .file(
            "content/products/mat-ong/index.en.md",
            "+++\nname = \"x\"\n+++\nText\n",
        )
        .build();
    b.assert_error(
        "content/products/mat-ong/index.en.md",
        Some(1),
        None,
        "an English body file holds only Markdown",
    );
}

#[test]
fn unknown_language_is_an_error_naming_the_entry() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            BILINGUAL_SITE.replace("[\"vi\", \"en\"]", "[\"vi\", \"fr\"]"),
        )
        .build();
    b.assert_error(
        "site.toml",
        None,
        Some("languages[1]"),
        "language `fr` is not supported",
    );
}

#[test]
fn site_theme_overrides_translations_key_by_key() {
    let b = bilingual()
        .file("site.toml", format!("{BILINGUAL_SITE}theme = \"tinh\"\n"))
        .file(
            "themes/tinh/i18n/en.toml",
            "[nav]\nproducts = \"Our products\"\n",
        )
        .build();
    b.assert_ok();
    let d = scraper::Html::parse_document(&read(&b, "en/index.html"));
    let nav = texts(&d, ".main-nav a");
    assert_eq!(nav[0], "Our products");
    assert_eq!(nav[1], "Producers", "other keys keep the built-in text");
}

#[test]
fn translation_missing_in_one_language_is_an_error_naming_file_and_key() {
    let b = bilingual()
        .file("site.toml", format!("{BILINGUAL_SITE}theme = \"tinh\"\n"))
        .file(
            "themes/tinh/i18n/vi.toml",
            "[custom]\nbanner = \"Chào mừng\"\n",
        )
        .build();
    b.assert_error(
        "themes/tinh/i18n/en.toml",
        None,
        Some("custom.banner"),
        "translation `custom.banner` is missing in language `en`",
    );
}

#[test]
fn english_search_page_has_english_strings_and_links_results_to_english_pages() {
    let b = bilingual().build();
    b.assert_ok();
    let d = scraper::Html::parse_document(&read(&b, "en/tim-kiem/index.html"));
    let root = scraper::Selector::parse("#tim-kiem").unwrap();
    let el = d.select(&root).next().unwrap();
    assert_eq!(el.value().attr("data-pages"), Some("/en/"));
    assert_eq!(el.value().attr("data-assets"), Some("/"));
    let strings: serde_json::Value =
        serde_json::from_str(&texts(&d, "script[data-strings]")[0]).unwrap();
    assert_eq!(strings["lang"], "en");
    assert_eq!(strings["loading"], "Loading…");
    assert_eq!(strings["groups"]["thuc-pham"], "Food");
    // Both pages use the one index.
    let v = scraper::Html::parse_document(&read(&b, "tim-kiem/index.html"));
    let index = |d: &scraper::Html| {
        d.select(&root)
            .next()
            .unwrap()
            .value()
            .attr("data-index")
            .map(String::from)
    };
    assert_eq!(index(&d), index(&v));
}

#[test]
fn search_index_carries_english_names_for_english_search_pages() {
    let b = bilingual().build();
    b.assert_ok();
    let mut rows = Vec::new();
    let mut terms = String::new();
    for e in std::fs::read_dir(b.out.join("search")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&p).unwrap();
        if name.starts_with("products-") {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            rows.extend(v.as_array().unwrap().iter().cloned());
        } else if name.starts_with("terms-") {
            terms.push_str(&text);
        }
    }
    let honey = rows
        .iter()
        .find(|r| r[0] == "Mật ong bạc hà")
        .expect("honey in the index");
    assert_eq!(
        honey.as_array().unwrap().last().unwrap(),
        "Mint-flower honey"
    );
    let tea = rows
        .iter()
        .find(|r| r[0] == "Chè Shan tuyết Na Hang")
        .expect("tea in the index");
    // Name, URL, thumbnail, stars, producer, province, group, price, unit: no English
    // name, no extra field (a certified product has no end date either).
    assert_eq!(
        tea.as_array().unwrap().len(),
        9,
        "no English name, no extra field"
    );
    assert!(terms.contains("\"honey\""), "English names are not indexed");
}

#[test]
fn english_body_beside_a_single_file_record_is_read_and_one_without_a_record_is_a_warning() {
    let b = bilingual()
        .file(
            "content/products/mat-ong-rung.md",
            format!(
                "+++\n{}+++\nMật ong rừng.\n",
                TRANSLATED.replace("Mint-flower honey", "Forest honey")
            ),
        )
        .file(
            "content/products/mat-ong-rung.en.md",
            "Honey from the forest.\n",
        )
        .file("content/products/khong-co.en.md", "Nobody's body.\n")
        .build();
    b.assert_ok();
    assert!(
        read(&b, "en/san-pham/mat-ong-rung/index.html").contains("Honey from the forest."),
        "the English body beside the record was not used"
    );
    b.assert_warning(
        "content/products/khong-co.en.md",
        None,
        "English body without a record: there is no `khong-co.md`",
    );
    assert!(
        !b.warnings()
            .iter()
            .any(|p| p.to_string().contains("mat-ong-rung.en.md")),
        "a body beside its record was reported"
    );
}
