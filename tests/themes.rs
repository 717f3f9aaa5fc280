//! Themes: a site's files override the built-in theme one by one, `[colors]` and the footer
//! come from site.toml, `ocop theme eject` copies the theme out, and docs/themes.md lists
//! exactly the variables the view structs give templates.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn themed() -> SiteTest {
    SiteTest::new().file(
        "site.toml",
        format!("{SITE_TOML}theme = \"tinh\"\nfooter = \"Sở Công Thương\"\n"),
    )
}

#[test]
fn site_theme_overrides_templates_and_static_files_one_by_one() {
    let b = themed()
        .file(
            "themes/tinh/templates/partials/stars.html",
            "<span class=\"my-stars\">{{ stars }}</span>",
        )
        .file("themes/tinh/static/style.css", "body { color: red }")
        .file("themes/tinh/static/extra.txt", "mine")
        .build();
    b.assert_ok();
    let page = b.read("san-pham/che-shan-tuyet/index.html");
    assert!(
        page.contains("<span class=\"my-stars\">4</span>"),
        "partial not overridden"
    );
    // Everything else is the built-in theme.
    assert!(page.contains("class=\"breadcrumb\""));
    assert_eq!(b.read("style.css"), "body { color: red }");
    assert_eq!(b.read("extra.txt"), "mine");
    assert!(
        b.read("search.js").contains("function page(root)"),
        "built-in static file missing"
    );
    assert!(
        b.read("index.html").contains("Sở Công Thương"),
        "footer text from site.toml"
    );
}

/// Product cards and supplier entries are rendered once per record and shared by every page
/// that shows them (`Shared` in src/present/view/mod.rs): an override of their partial must still reach
/// every such page, with the card's own data.
#[test]
fn overridden_card_partials_reach_every_page_that_shows_the_card() {
    // A second product of the same producer, so each product page has a related card.
    let second = PRODUCT.replace("Chè Shan tuyết", "Chè Shan tuyết búp");
    let b = themed()
        .file("content/products/che-shan-tuyet-2.md", second)
        .file(
            "themes/tinh/templates/partials/product_card.html",
            "<p class=\"my-card\">{{ card.name }} / {{ t.common.price }}</p>",
        )
        .file(
            "themes/tinh/templates/partials/supplier.html",
            "<p class=\"my-entry\">{{ entry.card.name }}</p>",
        )
        .build();
    b.assert_ok();
    for page in [
        "san-pham/index.html",
        "index.html",
        "chu-the/htx-che/index.html",
        "san-pham/che-shan-tuyet-2/index.html",
    ] {
        let doc = b.html(page);
        let cards = texts(&doc, ".my-card");
        assert!(!cards.is_empty(), "{page}: no overridden card");
        assert!(
            texts(&doc, ".product-card").is_empty(),
            "{page}: a built-in card is left"
        );
        assert!(
            cards.iter().all(|c| c.contains(" / Giá")),
            "{page}: {cards:?}"
        );
    }
    let listing = texts(&b.html("san-pham/index.html"), ".my-card");
    assert!(
        listing.iter().any(|c| c.starts_with("Chè Shan tuyết")),
        "{listing:?}"
    );
    let entries = texts(&b.html("chu-the/index.html"), ".my-entry");
    assert!(!entries.is_empty(), "directory without overridden entries");
}

/// A product page shows its producer's card rendered once per producer
/// (`product.producer_card`): an override of the partial must reach every product page of
/// that producer.
#[test]
fn overridden_producer_card_reaches_every_product_page_of_the_producer() {
    let second = PRODUCT.replace("Chè Shan tuyết", "Chè Shan tuyết búp");
    let b = themed()
        .file("content/products/che-shan-tuyet-2.md", second)
        .file(
            "themes/tinh/templates/partials/producer_card.html",
            "<p class=\"my-producer\">{{ producer.name }} / {{ t.common.producer }}</p>",
        )
        .build();
    b.assert_ok();
    for page in [
        "san-pham/che-shan-tuyet/index.html",
        "san-pham/che-shan-tuyet-2/index.html",
    ] {
        let doc = b.html(page);
        let cards = texts(&doc, ".producer-box .my-producer");
        assert_eq!(cards.len(), 1, "{page}: {cards:?}");
        assert!(cards[0].ends_with(" / Chủ thể"), "{page}: {cards:?}");
    }
}

/// A card partial that fails while rendering (not when parsed) is an error naming it, not
/// a page with a hole where the cards were.
#[test]
fn card_partial_failing_at_render_time_is_an_error_naming_it() {
    let b = themed()
        .file(
            "themes/tinh/templates/partials/product_card.html",
            "{{ card.no_such_field | upper }}",
        )
        .build();
    let e = b
        .errors()
        .into_iter()
        .find(|p| p.file.ends_with("product_card.html"))
        .unwrap_or_else(|| panic!("no error naming the partial: {:?}", b.errors()));
    assert!(e.message.contains("product_card.html"), "{}", e.message);
}

/// The footer is rendered once per language (`footer_html`, shown by `base.html`), not per
/// page: an override of its partial must still reach every page, in each language.
#[test]
fn overridden_footer_partial_reaches_every_page_in_each_language() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!(
                "{SITE_TOML}theme = \"tinh\"\nlanguages = [\"vi\", \"en\"]\nfooter = \"Sở Công Thương\"\n"
            ),
        )
        .file(
            "themes/tinh/templates/partials/footer.html",
            "<footer class=\"my-footer\">{{ site.footer }} · {{ t.layout.contact }}</footer>\n",
        )
        .build();
    b.assert_ok();
    for (page, contact) in [
        ("index.html", "Liên hệ"),
        ("san-pham/che-shan-tuyet/index.html", "Liên hệ"),
        ("chu-the/index.html", "Liên hệ"),
        ("en/san-pham/che-shan-tuyet/index.html", "Contact"),
    ] {
        let doc = b.html(page);
        assert_eq!(
            texts(&doc, ".my-footer"),
            vec![format!("Sở Công Thương · {contact}")],
            "{page}"
        );
        assert!(
            texts(&doc, ".site-footer").is_empty(),
            "{page}: built-in footer left"
        );
    }
}

/// The main navigation is rendered once per language and section (`nav_html`): each page
/// must still get the one that marks its own section, and an override must reach them all.
#[test]
fn navigation_marks_each_page_section_and_an_override_reaches_every_page() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}theme = \"tinh\"\nlanguages = [\"vi\", \"en\"]\n"),
        )
        .file(
            "themes/tinh/templates/partials/nav.html",
            "<nav class=\"my-nav\">{% for item in site.nav %}<a href=\"{{ item.url }}\"{% if item.key == current %} aria-current=\"page\"{% endif %}>{{ item.key }}</a>{% endfor %}</nav>\n",
        )
        .build();
    b.assert_ok();
    for (page, current) in [
        ("index.html", vec![]),
        ("san-pham/index.html", vec!["products"]),
        ("san-pham/che-shan-tuyet/index.html", vec!["products"]),
        ("chu-the/htx-che/index.html", vec!["producers"]),
        ("en/san-pham/che-shan-tuyet/index.html", vec!["products"]),
    ] {
        let doc = b.html(page);
        assert_eq!(texts(&doc, ".my-nav").len(), 1, "{page}");
        assert!(
            texts(&doc, ".main-nav").is_empty(),
            "{page}: built-in nav left"
        );
        assert_eq!(
            texts(&doc, ".my-nav [aria-current=page]"),
            current,
            "{page}"
        );
    }
}

/// A navigation partial that fails is one error naming it.
#[test]
fn nav_partial_failing_is_one_error_naming_it() {
    let b = themed()
        .file(
            "themes/tinh/templates/partials/nav.html",
            "{{ site.no_such_field | upper }}",
        )
        .build();
    let errors = b.errors();
    let named: Vec<_> = errors
        .iter()
        .filter(|p| p.file.ends_with("nav.html"))
        .collect();
    assert_eq!(named.len(), 1, "{errors:?}");
}

/// A footer partial that fails is one error naming it, not one per page.
#[test]
fn footer_partial_failing_is_one_error_naming_it() {
    let b = themed()
        .file(
            "themes/tinh/templates/partials/footer.html",
            "{{ site.no_such_field | upper }}",
        )
        .build();
    let errors = b.errors();
    let named: Vec<_> = errors
        .iter()
        .filter(|p| p.file.ends_with("footer.html"))
        .collect();
    assert_eq!(named.len(), 1, "{errors:?}");
    assert!(
        named[0].message.contains("footer.html"),
        "{}",
        named[0].message
    );
}

#[test]
fn broken_override_template_is_an_error_naming_the_theme() {
    let b = themed()
        .file("themes/tinh/templates/home.html", "{% if %}")
        .build();
    let e = b
        .errors()
        .into_iter()
        .find(|p| p.message.contains("template error"))
        .unwrap_or_else(|| panic!("no template error: {:?}", b.errors()));
    assert_eq!(e.file, std::path::Path::new("themes/tinh"));
}

#[test]
fn colours_from_site_toml_become_css_custom_properties() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!(
                "{SITE_TOML}[colors]\nprimary = \"#7A1F1F\"\naccent = \"rgb(255, 214, 102)\"\n"
            ),
        )
        .build();
    b.assert_ok();
    let page = b.read("index.html");
    assert!(
        page.contains("--primary: #7a1f1f; --accent: #ffd666;"),
        "{}",
        page.lines()
            .find(|l| l.contains("<style>"))
            .unwrap_or("no <style>")
    );
    // Without [colors], no style element: the stylesheet's defaults apply.
    let plain = SiteTest::new().build();
    assert!(!plain.read("index.html").contains("<style>"));
}

#[test]
fn invalid_colour_is_an_error_with_its_field() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[colors]\nprimary = \"green-ish\"\n"),
        )
        .build();
    b.assert_error(
        "site.toml",
        None,
        Some("colors.primary"),
        "`green-ish` is not a colour",
    );
}

#[test]
fn low_contrast_colours_are_warned_about() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}[colors]\nprimary = \"#9fd3a8\"\naccent = \"#a8d8b0\"\n"),
        )
        .build();
    b.assert_ok();
    b.assert_warning(
        "site.toml",
        Some("colors.primary"),
        "white text on the primary colour",
    );
    b.assert_warning(
        "site.toml",
        Some("colors.accent"),
        "the accent and the primary colour",
    );
}

#[test]
fn theme_eject_copies_the_default_theme_and_keeps_existing_files() {
    let s = themed().file("themes/tinh/static/style.css", "/* mine */");
    let e = ocop::theme::eject(s.root(), None).unwrap();
    assert_eq!(e.dir, PathBuf::from("themes/tinh"));
    assert_eq!(e.kept, vec!["static/style.css".to_string()]);
    assert!(e.copied > 20, "only {} files copied", e.copied);
    for f in [
        "templates/base.html",
        "templates/partials/stars.html",
        "i18n/en.toml",
        "static/search.js",
    ] {
        assert!(s.path("themes/tinh").join(f).is_file(), "{f} not ejected");
    }
    assert_eq!(
        std::fs::read_to_string(s.path("themes/tinh/static/style.css")).unwrap(),
        "/* mine */"
    );
    // The ejected theme builds the same site.
    let b = s.build();
    b.assert_ok();
    assert_eq!(b.read("style.css"), "/* mine */");
    // A name of its own.
    let s = SiteTest::new();
    let e = ocop::theme::eject(s.root(), Some("moi")).unwrap();
    assert_eq!(e.dir, PathBuf::from("themes/moi"));
    assert!(ocop::theme::eject(s.root(), Some("../x")).is_err());
}

/// The fields of each `pub struct` of src/present/view/.
fn view_structs() -> BTreeMap<String, BTreeSet<String>> {
    let mut src = String::new();
    let dir = repo().join("src/present/view");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
    {
        src.push_str(&std::fs::read_to_string(f).unwrap());
    }
    let re = regex::Regex::new(r"(?s)pub struct (\w+) \{(.*?)\n\}").unwrap();
    let field = regex::Regex::new(r"(?m)^\s*pub (\w+):").unwrap();
    re.captures_iter(&src)
        .map(|c| {
            let fields = field
                .captures_iter(&c[2])
                .map(|f| f[1].to_string())
                .collect();
            (c[1].to_string(), fields)
        })
        .collect()
}

/// The variables docs/themes.md lists per struct: a `### StructName` heading followed by a
/// table whose first column is `` `field` ``.
fn documented() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(repo().join("docs/themes.md")).unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let row = regex::Regex::new(r"^\| `(\w+)` \|").unwrap();
    for line in doc.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            current = Some(h.trim().trim_matches('`').to_string());
            out.entry(current.clone().unwrap()).or_default();
        } else if let (Some(c), Some(m)) = (&current, row.captures(line)) {
            out.get_mut(c).unwrap().insert(m[1].to_string());
        }
    }
    out
}

#[test]
fn docs_list_every_template_variable_of_the_view_structs() {
    let code = view_structs();
    let docs = documented();
    assert!(
        code.len() > 30,
        "only {} structs found in src/present/view/",
        code.len()
    );
    let mut problems = Vec::new();
    for (name, fields) in &code {
        match docs.get(name) {
            None => problems.push(format!("struct {name} is not documented (### {name})")),
            Some(d) => {
                for f in fields.difference(d) {
                    problems.push(format!("{name}.{f} is missing from docs/themes.md"));
                }
                for f in d.difference(fields) {
                    problems.push(format!("{name}.{f} is documented but does not exist"));
                }
            }
        }
    }
    for name in docs.keys().filter(|n| !code.contains_key(*n)) {
        problems.push(format!(
            "docs/themes.md documents {name}, which src/present/view/ does not have"
        ));
    }
    assert!(
        problems.is_empty(),
        "docs/themes.md is out of step with src/present/view/:\n{}",
        problems.join("\n")
    );
}

/// Plain `{{ t.KEY }}` and `{{ site.KEY }}` uses are written into the templates before
/// rendering (src/theme/prefill.rs). A theme that names its own variable `t` must still see its
/// variable, in the template that rebinds it and in the partials that template includes,
/// and translation overrides must reach the prefilled text.
#[test]
fn a_theme_variable_named_t_is_not_replaced_by_interface_text() {
    let b = themed()
        .file(
            "themes/tinh/templates/partials/stars.html",
            "{% set items = [{\"nav\": {\"products\": \"của tôi\"}}] %}\
             {% for t in items %}<i class=\"mine\">{{ t.nav.products }}</i>{% endfor %}",
        )
        .build();
    b.assert_ok();
    let page = b.read("san-pham/che-shan-tuyet/index.html");
    assert!(
        page.contains("<i class=\"mine\">của tôi</i>"),
        "theme variable `t` replaced"
    );
    // The navigation still shows the interface text of the same key.
    assert!(page.contains("Sản phẩm"));
}

#[test]
fn translation_overrides_reach_prefilled_interface_text() {
    let b = themed()
        .file(
            "themes/tinh/i18n/vi.toml",
            "[layout]\nskip_link = \"Tới nội dung & hơn\"\n",
        )
        .build();
    b.assert_ok();
    let page = b.read("san-pham/che-shan-tuyet/index.html");
    assert!(
        page.contains(">Tới nội dung &amp; hơn</a>"),
        "override not prefilled"
    );
}
