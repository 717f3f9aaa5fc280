//! Details of the record pages (issue #18, point 5): an address written once, links that open
//! the phone's map app, a fair's venue on the map and in its calendar, illustrative photos,
//! certificates linking their decision, and English pages that translate what a rule can.

mod common;

use common::*;

const BILINGUAL: &str = "languages = [\"vi\", \"en\"]\n";

fn bilingual() -> SiteTest {
    SiteTest::new().file("site.toml", format!("{SITE_TOML}{BILINGUAL}"))
}

fn sales_point(address: &str) -> String {
    format!(
        "+++\nname = \"Cửa hàng OCOP Na Hang\"\nkind = \"shop\"\nprovince = \"Tuyên Quang\"\n\
         commune = \"Xã Nà Hang\"\naddress = \"{address}\"\nlat = 22.3476\nlon = 105.3851\n\
         products = [\"che-shan-tuyet\"]\n+++\nCửa hàng.\n"
    )
}

fn address_of(b: &Built, page: &str) -> String {
    let d = b.html(page);
    texts(&d, ".facts dd")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no address on {page}"))
}

#[test]
fn a_sales_point_address_is_written_once_in_both_languages() {
    let b = bilingual()
        .file(
            "content/sales-points/na-hang.md",
            sales_point("Tổ 00, xã Nà Hang, tỉnh Tuyên Quang"),
        )
        .file(
            "content/sales-points/pho.md",
            sales_point("Số 5 đường Mẫu").replace("Na Hang\"\nkind", "Phố\"\nkind"),
        )
        .build();
    b.assert_ok();
    for lang in ["", "en/"] {
        assert_eq!(
            address_of(&b, &format!("{lang}diem-ban/na-hang/index.html")),
            "Tổ 00, xã Nà Hang, tỉnh Tuyên Quang",
            "{lang}"
        );
        assert_eq!(
            address_of(&b, &format!("{lang}diem-ban/pho/index.html")),
            "Số 5 đường Mẫu, Xã Nà Hang, Tuyên Quang",
            "{lang}"
        );
    }
    // On the English page the Vietnamese address is marked as such.
    let en = b.html("en/diem-ban/na-hang/index.html");
    assert_eq!(
        attrs(&en, ".facts dd", "lang").first().map(String::as_str),
        Some("vi")
    );
}

#[test]
fn map_links_open_the_phone_map_app_and_the_link_check_accepts_them() {
    let t = SiteTest::new().file(
        "content/sales-points/na-hang.md",
        sales_point("Tổ 00, xã Nà Hang, tỉnh Tuyên Quang"),
    );
    let b = t.build();
    b.assert_ok();
    let d = b.html("diem-ban/na-hang/index.html");
    let links = attrs(&d, ".info-box .actions a", "href");
    assert!(
        links.contains(
            &"https://www.google.com/maps/dir/?api=1&destination=22.34760%2C105.38510".to_string()
        ),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("https://www.openstreetmap.org/")),
        "{links:?}"
    );
    // The sales point's card on the product page (where to buy) has the directions too.
    let product = b.html("san-pham/che-shan-tuyet/index.html");
    assert!(
        attrs(&product, ".point-card a", "href").iter().any(
            |l| l == "https://www.google.com/maps/dir/?api=1&destination=22.34760%2C105.38510"
        ),
        "no directions on the sales point card"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["check", "--links", "--root"])
        .arg(b.site.root())
        .args(["--today", "2026-11-22"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const FAIR: &str = "+++\nname = \"Hội chợ OCOP 2027\"\nstarts = 2027-04-23\nends = 2027-04-27\n\
venue = \"Sân vận động trung tâm\"\nprovince = \"Tuyên Quang\"\n\
address = \"Số 00 đường Mẫu, phường Hà Giang 2, tỉnh Tuyên Quang\"\nlat = 22.8233\nlon = 104.9784\n\
+++\nHội chợ.\n";

#[test]
fn a_fair_venue_has_its_address_map_links_calendar_geo_and_structured_place() {
    let b = bilingual().file("content/fairs/hoi-cho.md", FAIR).build();
    b.assert_ok();
    let d = b.html("hoi-cho/hoi-cho/index.html");
    let facts = texts(&d, ".facts dd").join(" | ");
    assert!(
        facts.contains("Sân vận động trung tâm")
            && facts.contains("Số 00 đường Mẫu, phường Hà Giang 2, tỉnh Tuyên Quang")
            && !facts.contains("tỉnh Tuyên Quang, Tuyên Quang"),
        "{facts}"
    );
    let links = attrs(&d, ".info-box .actions a", "href");
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(
        links[0].contains("destination=22.82330%2C104.97840"),
        "{links:?}"
    );
    let en = b.html("en/hoi-cho/hoi-cho/index.html");
    assert!(attrs(&en, ".facts dd span", "lang").contains(&"vi".to_string()));
    // The calendar entry: the address once and the coordinates.
    let ics = b.read("hoi-cho/hoi-cho/lich.ics").replace("\r\n ", "");
    assert!(
        ics.contains(
            "LOCATION:Sân vận động trung tâm\\, Số 00 đường Mẫu\\, phường Hà Giang 2\\, tỉnh Tuyên Quang\r\n"
        ),
        "{ics}"
    );
    assert!(ics.contains("GEO:22.823300;104.978400\r\n"), "{ics}");
    // JSON-LD: a Place with the street address and geo.
    let ld = attrs(&d, "script[type='application/ld+json']", "type");
    assert!(!ld.is_empty());
    let json: Vec<serde_json::Value> = texts(&d, "script[type='application/ld+json']")
        .iter()
        .filter_map(|t| serde_json::from_str(t).ok())
        .collect();
    let event = json
        .iter()
        .find(|j| j["@type"] == "Event")
        .expect("an Event");
    assert_eq!(event["location"]["geo"]["latitude"], 22.8233);
    assert_eq!(
        event["location"]["address"]["streetAddress"],
        "Số 00 đường Mẫu, phường Hà Giang 2, tỉnh Tuyên Quang"
    );
    // The export carries them too.
    let fairs: serde_json::Value = serde_json::from_str(&b.read("du-lieu/fairs.json")).unwrap();
    assert_eq!(fairs["fairs"][0]["location"]["lon"], 104.9784);
}

#[test]
fn a_fair_without_a_location_keeps_its_province_and_has_no_map_links() {
    let plain = FAIR
        .replace(
            "address = \"Số 00 đường Mẫu, phường Hà Giang 2, tỉnh Tuyên Quang\"\n",
            "",
        )
        .replace("lat = 22.8233\nlon = 104.9784\n", "");
    let b = SiteTest::new()
        .file("content/fairs/hoi-cho.md", plain)
        .build();
    b.assert_ok();
    let d = b.html("hoi-cho/hoi-cho/index.html");
    assert!(texts(&d, ".facts dd").contains(&"Sân vận động trung tâm, Tuyên Quang".to_string()));
    assert!(attrs(&d, ".info-box .actions a", "href").is_empty());
    let ics = b.read("hoi-cho/hoi-cho/lich.ics");
    assert!(!ics.contains("GEO:"));
}

#[test]
fn a_fair_with_half_a_location_is_an_error() {
    let b = SiteTest::new()
        .file(
            "content/fairs/hoi-cho.md",
            FAIR.replace("lon = 104.9784\n", ""),
        )
        .build();
    b.assert_error(
        "content/fairs/hoi-cho.md",
        Some(8),
        Some("lon"),
        "needs both `lat` and `lon`",
    );
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\"><rect width=\"40\" height=\"30\" fill=\"#8a5\"/></svg>";

/// The minimal product as a bundle with two photos, `front` added to its front matter.
fn product_bundle(front: &str) -> SiteTest {
    bilingual()
        .remove("content/products/che-shan-tuyet.md")
        .file(
            "content/products/che-shan-tuyet/index.md",
            PRODUCT.replacen("+++\nname", &format!("+++\n{front}name"), 1),
        )
        .file("content/products/che-shan-tuyet/a.svg", SVG)
        .file("content/products/che-shan-tuyet/b.svg", SVG)
}

#[test]
fn an_illustrative_photo_is_noted_on_the_gallery_and_the_cards_in_both_languages() {
    let b = product_bundle("illustrative = [\"b.svg\"]\n").build();
    b.assert_ok();
    let page = b.html("san-pham/che-shan-tuyet/index.html");
    // The second photo of the gallery carries the note, the first does not.
    assert_eq!(
        texts(&page, ".gallery-slides li .photo-note"),
        vec!["Ảnh minh họa"]
    );
    let slides = texts(&page, ".gallery-slides li");
    assert!(
        !slides[0].contains("minh họa") && slides[1].contains("Ảnh minh họa"),
        "{slides:?}"
    );
    let en = b.html("en/san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        texts(&en, ".gallery-slides .photo-note"),
        vec!["Illustrative photo"]
    );
    // The cover is the card's photo: noted on the catalogue when it is illustrative.
    assert!(texts(&b.html("san-pham/index.html"), ".card .photo-note").is_empty());
    let b = b
        .into_site()
        .file(
            "content/products/che-shan-tuyet/index.md",
            PRODUCT.replacen("+++\nname", "+++\nillustrative = [\"a.svg\"]\nname", 1),
        )
        .build();
    b.assert_ok();
    assert_eq!(
        texts(&b.html("san-pham/index.html"), ".card .photo-note"),
        vec!["Ảnh minh họa"]
    );
}

#[test]
fn an_illustrative_name_that_is_not_a_photo_is_an_error_with_its_entry() {
    let b = product_bundle("illustrative = [\"a.svg\", \"c.svg\"]\n").build();
    let e = b.assert_error(
        "content/products/che-shan-tuyet/index.md",
        Some(2),
        Some("illustrative[1]"),
        "`c.svg` is not one of the record's photos",
    );
    assert!(e.hint.as_deref().unwrap_or("").contains("a.svg"), "{e}");
    // A record without a bundle has no photos to mark.
    let b = SiteTest::new()
        .file(
            "content/products/che-shan-tuyet.md",
            PRODUCT.replacen("+++\nname", "+++\nillustrative = [\"a.jpg\"]\nname", 1),
        )
        .build();
    b.assert_error(
        "content/products/che-shan-tuyet.md",
        Some(2),
        Some("illustrative[0]"),
        "not one of the record's photos",
    );
}

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The minimal product as a bundle whose certificate has `document = "{doc}"`.
fn product_with_document(doc: &str) -> SiteTest {
    bilingual()
        .remove("content/products/che-shan-tuyet.md")
        .file(
            "content/products/che-shan-tuyet/index.md",
            PRODUCT.replace(
                "issued = 2025-03-10\n",
                &format!("issued = 2025-03-10\ndocument = \"{doc}\"\n"),
            ),
        )
}

#[test]
fn a_certificate_links_its_decision_pdf_published_beside_the_page() {
    let b = product_with_document("quyết định 1234.pdf")
        .file("content/products/che-shan-tuyet/quyết định 1234.pdf", PDF)
        .build();
    b.assert_ok();
    assert_eq!(
        b.read("san-pham/che-shan-tuyet/quyết định 1234.pdf")
            .as_bytes(),
        PDF
    );
    let d = b.html("san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        texts(&d, ".cert-document a"),
        vec!["Xem quyết định (PDF, 77 B)"]
    );
    assert_eq!(
        attrs(&d, ".cert-document a", "href"),
        vec!["/san-pham/che-shan-tuyet/quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%201234.pdf"]
    );
    let en = b.html("en/san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        texts(&en, ".cert-document a"),
        vec!["View the decision (PDF, 77 B)"]
    );
    // The data export names it with its absolute address.
    let json: serde_json::Value = serde_json::from_str(&b.read("du-lieu/products.json")).unwrap();
    assert_eq!(
        json["products"][0]["certificates"][0]["document"],
        "https://ocop.example.gov.vn/san-pham/che-shan-tuyet/quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%201234.pdf"
    );
    // Every link of the site resolves, the PDF's included.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["check", "--links", "--root"])
        .arg(b.site.root())
        .args(["--today", "2026-11-22"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_certificate_links_a_decision_on_another_site() {
    let b = product_with_document("https://tuyenquang.gov.vn/qd/1234.pdf").build();
    b.assert_ok();
    let d = b.html("san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        attrs(&d, ".cert-document a", "href"),
        vec!["https://tuyenquang.gov.vn/qd/1234.pdf"]
    );
    assert_eq!(texts(&d, ".cert-document a"), vec!["Xem quyết định"]);
}

#[test]
fn a_bad_decision_document_is_an_error_with_file_line_field_and_fix() {
    let file = "content/products/che-shan-tuyet/index.md";
    let field = Some("certificates[0].document");
    let cases: Vec<(SiteTest, &str, &str)> = vec![
        (
            product_with_document("http://tuyenquang.gov.vn/qd.pdf"),
            "is not an https:// address",
            "https://",
        ),
        (
            product_with_document("quyet-dinh.pdf"),
            "`quyet-dinh.pdf` does not exist",
            "beside index.md",
        ),
        (
            product_with_document("quyet-dinh.docx")
                .file("content/products/che-shan-tuyet/quyet-dinh.docx", "x"),
            "is not the name of a PDF",
            "PDF",
        ),
        (
            product_with_document("quyet-dinh.pdf").file(
                "content/products/che-shan-tuyet/quyet-dinh.pdf",
                "<html>not a pdf",
            ),
            "is not a PDF file",
            "Save as PDF",
        ),
        (
            product_with_document("../khac.pdf"),
            "is not the name of a PDF beside the record",
            "record's folder",
        ),
        (
            product_with_document("quyet-dinh.pdf").file(
                "content/products/che-shan-tuyet/quyet-dinh.pdf",
                [PDF, &vec![b' '; 10 * 1024 * 1024]].concat(),
            ),
            "more than the limit of 10 MB",
            "150–200 dpi",
        ),
    ];
    for (site, msg, hint) in cases {
        let b = site.build();
        let e = b.assert_error(file, Some(14), field, msg);
        assert!(e.hint.as_deref().unwrap_or("").contains(hint), "{e}");
    }
    // A record that is not a bundle cannot hold a PDF.
    let b = SiteTest::new()
        .file(
            "content/products/che-shan-tuyet.md",
            PRODUCT.replace(
                "issued = 2025-03-10\n",
                "issued = 2025-03-10\ndocument = \"qd.pdf\"\n",
            ),
        )
        .build();
    b.assert_error(
        "content/products/che-shan-tuyet.md",
        Some(14),
        field,
        "needs a bundle folder",
    );
}

#[test]
fn english_pages_translate_issuers_and_units_by_rule_and_mark_the_rest_vietnamese() {
    let product = |issuer: &str, unit: &str| {
        PRODUCT
            .replace("unit = \"hộp 200 g\"", &format!("unit = \"{unit}\""))
            .replace(
                "issued = 2025-03-10\n",
                &format!("issued = 2025-03-10\nissuer = \"{issuer}\"\n\n[specs]\nnet_content = \"200 g\"\nbarcode = \"8934563138165\"\nstorage = \"Nơi khô ráo\"\n"),
            )
    };
    let b = bilingual()
        .file(
            "content/products/che-shan-tuyet.md",
            product("UBND tỉnh Tuyên Quang", "500 g"),
        )
        .file(
            "content/products/che-hop.md",
            product("Hội đồng đánh giá sản phẩm OCOP tỉnh", "hộp 100 g"),
        )
        .build();
    b.assert_ok();
    let issuer = |d: &scraper::Html| {
        let s = scraper::Selector::parse(".certificate .facts div").unwrap();
        d.select(&s)
            .find(|e| {
                e.text()
                    .any(|t| t == "Certified by" || t == "Cơ quan công nhận")
            })
            .map(|e| {
                let dd = e
                    .select(&scraper::Selector::parse("dd").unwrap())
                    .next()
                    .unwrap();
                (
                    dd.text().collect::<String>(),
                    dd.value().attr("lang").map(String::from),
                )
            })
    };
    let en = b.html("en/san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        issuer(&en),
        Some((
            "Tuyên Quang Provincial People's Committee".to_string(),
            None
        ))
    );
    // A measure is the unit in English too, without the Vietnamese mark.
    assert_eq!(attrs(&en, ".price .unit", "lang"), Vec::<String>::new());
    assert_eq!(texts(&en, ".price .unit"), vec!["/ 500 g"]);
    // Specification values: measures and digits unmarked, Vietnamese text marked.
    let spec_langs: Vec<(String, Option<String>)> = {
        let s = scraper::Selector::parse("table.specs td").unwrap();
        en.select(&s)
            .map(|e| (e.text().collect(), e.value().attr("lang").map(String::from)))
            .collect()
    };
    assert!(
        spec_langs.contains(&("200 g".into(), None)),
        "{spec_langs:?}"
    );
    assert!(
        spec_langs.contains(&("8934563138165".into(), None)),
        "{spec_langs:?}"
    );
    assert!(
        spec_langs.contains(&("Nơi khô ráo".into(), Some("vi".into()))),
        "{spec_langs:?}"
    );
    // No rule: Vietnamese, marked.
    let en = b.html("en/san-pham/che-hop/index.html");
    assert_eq!(
        issuer(&en),
        Some((
            "Hội đồng đánh giá sản phẩm OCOP tỉnh".to_string(),
            Some("vi".to_string())
        ))
    );
    assert_eq!(attrs(&en, ".price .unit", "lang"), vec!["vi"]);
    // The decision number is Vietnamese text too.
    let s = scraper::Selector::parse(".certificate .facts dd").unwrap();
    let decision = en
        .select(&s)
        .find(|e| e.text().any(|t| t.contains("QĐ-UBND")))
        .expect("the decision number");
    assert_eq!(decision.value().attr("lang"), Some("vi"));
    // The Vietnamese page keeps the record's words.
    let vi = b.html("san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        issuer(&vi),
        Some(("UBND tỉnh Tuyên Quang".to_string(), None))
    );
}

#[test]
fn the_star_history_names_each_value_for_the_phone_layout() {
    let two = PRODUCT.replace(
        "[[certificates]]\n",
        "[[certificates]]\nstars = 3\ndecision = \"1/QĐ-UBND\"\nissued = 2021-03-10\n\n[[certificates]]\n",
    );
    let b = bilingual()
        .file("content/products/che-shan-tuyet.md", two)
        .build();
    b.assert_ok();
    let en = b.html("en/san-pham/che-shan-tuyet/index.html");
    let labels = attrs(&en, "table.history tbody tr:first-child td", "data-label");
    assert_eq!(
        labels,
        texts(&en, "table.history thead th"),
        "each cell names its column"
    );
    let css = b.read("style.css");
    assert!(css.contains(".history td::before { content: attr(data-label)"));
}

#[test]
fn a_story_author_is_marked_vietnamese_on_english_pages() {
    let b = bilingual()
        .file(
            "content/stories/mua-che/index.md",
            "+++\ntitle = \"Mùa chè\"\ndate = 2026-11-02\nauthor = \"Ban biên tập\"\n+++\nChè.\n",
        )
        .build();
    b.assert_ok();
    for page in [
        "en/cau-chuyen/mua-che/index.html",
        "en/cau-chuyen/index.html",
    ] {
        let d = b.html(page);
        assert_eq!(
            texts(&d, "[lang=vi]")
                .into_iter()
                .filter(|t| t == "Ban biên tập")
                .count(),
            1,
            "{page}"
        );
    }
    // Vietnamese pages need no mark.
    let vi = b.html("cau-chuyen/mua-che/index.html");
    assert!(!texts(&vi, "[lang=vi]").contains(&"Ban biên tập".to_string()));
    assert!(texts(&vi, ".byline")[0].contains("Ban biên tập"));
}
