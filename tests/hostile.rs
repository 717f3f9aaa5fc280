//! Hostile content: script in every text field, `javascript:` in every address field, raw
//! HTML in every Markdown body. Content comes from many hands (cooperatives, imported
//! spreadsheets); whatever it holds, the published site must carry no script of its author's,
//! and every generated file (pages, feeds, exports, calendars, search index) must stay
//! well-formed.

mod common;

use std::path::Path;

use common::SiteTest;

/// Closes a script element, opens one, adds an event handler and breaks out of an attribute.
const PAYLOAD: &str =
    r#"</script><script>alert(1)</script><img src=x onerror=alert(1)>" onmouseover="alert(1)"#;

/// The payload as a TOML basic string.
fn t() -> String {
    format!("\"{}\"", PAYLOAD.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A Markdown body with every way of smuggling script through Markdown.
const BODY: &str = r#"Mô tả <script>alert(1)</script> ở đây.

[liên kết](javascript:alert(1)) [hai](JaVaScRiPt:alert(1)) [ba](data:text/html;base64,PHNjcmlwdD4=)

<a href="javascript:alert(1)" onclick="alert(1)">bấm</a> <img src="x" onerror="alert(1)">
<iframe src="https://example.com/"></iframe><svg onload="alert(1)"></svg>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">gửi</button></form>
<style>body{display:none}</style><object data="x.swf"></object><embed src="x.swf">

![ảnh](javascript:alert(1))
"#;

fn hostile_site() -> SiteTest {
    let p = t();
    SiteTest::empty()
        .file(
            "site.toml",
            format!(
                "title = {p}\ndescription = {p}\nbase_url = \"https://ocop.example.gov.vn/\"\n\
                 province = \"Tuyên Quang\"\nfooter = {p}\n\n[contact]\noffice = {p}\n\
                 address = {p}\nphone = \"0207 000 0000\"\nemail = \"ocop@example.gov.vn\"\n"
            ),
        )
        .file(
            "content/producers/htx-che.md",
            format!(
                "+++\nname = {p}\nkind = \"cooperative\"\nprovince = \"Tuyên Quang\"\n\
                 commune = \"Xã Nà Hang\"\naddress = {p}\nrepresentative = {p}\n\
                 phone = \"0207 000 0101\"\nzalo = {p}\ntax_code = {p}\n\
                 certifications = [{p}]\n+++\n{BODY}"
            ),
        )
        .file(
            "content/products/che.md",
            format!(
                "+++\nname = {p}\nproducer = \"htx-che\"\ngroup = \"food\"\nsubgroup = {p}\n\
                 province = \"Tuyên Quang\"\ncommune = \"Xã Nà Hang\"\naddress = {p}\n\
                 summary = {p}\nprice = 250000\nunit = {p}\ntags = [{p}]\n\
                 sold_at = [\"cua-hang\"]\n\n[[certificates]]\nstars = 4\n\
                 decision = {p}\nissued = 2025-03-10\nissuer = {p}\n\n[specs]\n\
                 packaging = {p}\nnet_content = {p}\nshelf_life = {p}\ningredients = {p}\n\
                 storage = {p}\ncertifications = [{p}]\ncapacity = {p}\nmin_order = {p}\n\
                 +++\n{BODY}"
            ),
        )
        .file(
            "content/sales-points/cua-hang.md",
            format!(
                "+++\nname = {p}\nkind = \"shop\"\nprovince = \"Tuyên Quang\"\n\
                 commune = \"Xã Nà Hang\"\naddress = {p}\nphone = \"0207 000 0102\"\n\
                 hours = {p}\n+++\n{BODY}"
            ),
        )
        .file(
            "content/fairs/hoi-cho.md",
            format!(
                "+++\nname = {p}\nstarts = 2026-12-01\nends = 2026-12-03\nvenue = {p}\n\
                 province = \"Tuyên Quang\"\norganizer = {p}\nproducers = [\"htx-che\"]\n\
                 products = [\"che\"]\n+++\n{BODY}"
            ),
        )
        .file(
            "content/stories/chuyen.md",
            format!(
                "+++\ntitle = {p}\ndate = 2026-11-01\nauthor = {p}\nsummary = {p}\n\
                 producers = [\"htx-che\"]\nproducts = [\"che\"]\n+++\n{BODY}"
            ),
        )
        .file(
            "content/pages/gioi-thieu.md",
            format!("+++\ntitle = {p}\nsummary = {p}\n+++\n{BODY}"),
        )
}

/// Every file of the output, relative path and bytes.
fn output_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn is_dangerous_url(v: &str) -> bool {
    let squeezed: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.starts_with("javascript:")
        || squeezed.starts_with("vbscript:")
        || squeezed.starts_with("data:text")
}

/// The checks a page must pass whatever its content said.
fn assert_page_inert(rel: &str, html: &str) {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let v = el.value();
        let name = v.name();
        assert!(
            !matches!(name, "iframe" | "object" | "embed" | "style" | "form")
                || (name == "form" && v.attr("action").is_some_and(|a| a.starts_with('/'))),
            "{rel}: <{name}> element from content"
        );
        // The Nu checker rejects these: what a sanitiser leaves of a `javascript:` link.
        assert!(
            !(name == "a" && v.attr("href").is_none() && v.attr("rel").is_some()),
            "{rel}: <a rel> without href: {}",
            el.html()
        );
        assert!(
            !(name == "img" && v.attr("src").is_none()),
            "{rel}: <img> without src: {}",
            el.html()
        );
        if name == "script" {
            match (v.attr("type"), v.attr("src")) {
                // JSON-LD, and the search page's interface text for search.js: data, never
                // run, as long as the content cannot break out of the JSON.
                (Some("application/ld+json" | "application/json"), None) => {
                    let text: String = el.text().collect();
                    assert!(
                        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                        "{rel}: JSON broken out of: {text}"
                    );
                }
                (_, Some(src)) => assert!(
                    src.starts_with('/') && !src.starts_with("//"),
                    "{rel}: script from {src}"
                ),
                _ => panic!("{rel}: inline script: {}", el.html()),
            }
        }
        for (attr, value) in v.attrs() {
            assert!(
                !attr.starts_with("on"),
                "{rel}: event handler {attr}={value} on <{name}>"
            );
            if matches!(
                attr,
                "href" | "src" | "action" | "formaction" | "srcset" | "data"
            ) {
                assert!(
                    !is_dangerous_url(value),
                    "{rel}: {attr}={value} on <{name}>"
                );
            }
        }
    }
}

#[test]
fn script_in_every_text_field_and_body_is_inert_in_every_output_file() {
    let b = hostile_site().build();
    b.assert_ok();
    let files = output_files(&b.out);
    let mut pages = 0;
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        let ext = rel.rsplit('.').next().unwrap_or("");
        match ext {
            "html" => {
                pages += 1;
                assert_page_inert(rel, &text);
            }
            "json" | "webmanifest" => {
                assert!(
                    serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
                    "{rel}: not valid JSON"
                );
            }
            "xml" | "svg" => {
                // Feeds, sitemap and QR codes: the payload may only appear escaped.
                assert!(!text.contains("<script"), "{rel}: raw <script>");
                assert!(!text.contains("<img src=x"), "{rel}: raw <img>");
            }
            "ics" => {
                for line in text.split("\r\n") {
                    assert!(
                        !line.starts_with("BEGIN:VALARM") && !line.starts_with("ATTACH"),
                        "{rel}: content made a calendar property: {line}"
                    );
                }
            }
            "csv" => {
                let mut r = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
                let width = r.headers().map(|h| h.len()).unwrap_or(0);
                for rec in r.records() {
                    let rec = rec.unwrap_or_else(|e| panic!("{rel}: {e}"));
                    assert_eq!(rec.len(), width, "{rel}: a field broke the row");
                }
            }
            _ => {}
        }
    }
    assert!(pages >= 10, "only {pages} pages were checked");
    // The text itself survives, escaped: nothing is silently dropped from the record.
    let product = b.read("san-pham/che/index.html");
    assert!(product.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn javascript_addresses_in_every_url_field_are_errors() {
    let js = "\"javascript:alert(1)\"";
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!(
                "{}\n[contact]\nwebsite = {js}\n",
                common::SITE_TOML.trim_end()
            ),
        )
        .file(
            "content/producers/htx-che.md",
            common::PRODUCER.replace(
                "phone = ",
                &format!("website = {js}\nfacebook = \" JaVaScRiPt:alert(1)\"\nphone = "),
            ),
        )
        .file(
            "content/fairs/hoi-cho.md",
            format!(
                "+++\nname = \"Hội chợ\"\nstarts = 2026-12-01\nends = 2026-12-03\n\
                 venue = \"Quảng trường\"\nprovince = \"Tuyên Quang\"\nwebsite = {js}\n+++\n"
            ),
        )
        .build();
    b.assert_error(
        "site.toml",
        Some(6),
        Some("contact.website"),
        "not a web address",
    );
    b.assert_error(
        "content/producers/htx-che.md",
        Some(6),
        Some("website"),
        "not a web address",
    );
    b.assert_error(
        "content/producers/htx-che.md",
        Some(7),
        Some("facebook"),
        "not a web address",
    );
    b.assert_error(
        "content/fairs/hoi-cho.md",
        Some(7),
        Some("website"),
        "not a web address",
    );
}

/// The cells of a CSV export, without its byte order mark.
fn csv_rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    r.records().map(Result::unwrap).collect()
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe() {
    let b = SiteTest::new()
        .file(
            "content/producers/htx-che.md",
            common::PRODUCER
                .replace(
                    "name = \"HTX Chè Shan tuyết Na Hang\"",
                    "name = \"@SUM(1+1)*cmd|' /C calc'!A0\"",
                )
                .replace(
                    "phone = \"0207 000 0101\"",
                    "phone = \"+84 207 000 0101\"\nrepresentative = \"-2+3+cmd|' /C calc'!A0\"",
                ),
        )
        .file(
            "content/products/che-shan-tuyet.md",
            common::PRODUCT.replace(
                "name = \"Chè Shan tuyết Na Hang\"",
                "name = \"=HYPERLINK(\\\"http://evil.example\\\",\\\"Bấm\\\")\"",
            ),
        )
        .build();
    b.assert_ok();
    let products = csv_rows(&std::fs::read(b.out.join("du-lieu/products.csv")).unwrap());
    assert_eq!(
        &products[0][1],
        "'=HYPERLINK(\"http://evil.example\",\"Bấm\")"
    );
    assert_eq!(
        &products[0][13], "'@SUM(1+1)*cmd|' /C calc'!A0",
        "producer column"
    );
    let producers = csv_rows(&std::fs::read(b.out.join("du-lieu/producers.csv")).unwrap());
    assert_eq!(&producers[0][1], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(
        &producers[0][7], "'-2+3+cmd|' /C calc'!A0",
        "representative"
    );
    // A phone number stays a usable phone number.
    assert_eq!(&producers[0][8], "+84 207 000 0101");
}

#[test]
fn control_characters_in_record_text_are_removed_with_a_warning() {
    let b = SiteTest::new()
        .file(
            "content/products/che-shan-tuyet.md",
            common::PRODUCT
                .replace(
                    "name = \"Chè Shan tuyết Na Hang\"",
                    "name = \"Chè \\u001b[2J\\u001b]0;x\\u0007Shan\\u0000 tuyết\\u009b\\u007f\"\ntags = [\"a\\u0008b\"]",
                )
                .replace("Chè cổ thụ.", "Chè \u{1b}[31mcổ\u{7} thụ.\r\nDòng hai.\r\n"),
        )
        .file(
            "content/fairs/hoi-cho.md",
            "+++\nname = \"Hội \\u001bchợ\"\nstarts = 2026-12-01\nends = 2026-12-03\nvenue = \"Quảng \\u0007trường\"\nprovince = \"Tuyên Quang\"\n+++\n",
        )
        .build();
    b.assert_ok();
    let file = "content/products/che-shan-tuyet.md";
    b.assert_warning(file, Some("name"), "control character U+001B removed");
    b.assert_warning(file, Some("tags[0]"), "control character U+0008 removed");
    b.assert_warning(
        file,
        None,
        "control character U+001B removed from the Markdown body",
    );
    b.assert_warning("content/fairs/hoi-cho.md", Some("venue"), "U+0007");
    let body = b
        .warnings()
        .into_iter()
        .find(|p| p.message.contains("Markdown body"))
        .unwrap();
    assert_eq!(body.line, Some(16), "the body's line");
    let mut checked = 0;
    for (rel, bytes) in output_files(&b.out) {
        let ext = rel.rsplit('.').next().unwrap_or("");
        if matches!(ext, "html" | "xml" | "ics" | "csv" | "json") {
            let text = String::from_utf8_lossy(&bytes);
            let bad: Vec<char> = text
                .chars()
                .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            assert!(bad.is_empty(), "{rel}: control characters {bad:?}");
            checked += 1;
        }
    }
    assert!(checked > 10);
    let page = b.read("san-pham/che-shan-tuyet/index.html");
    assert!(
        page.contains("Chè [2J]0;xShan tuyết"),
        "the text stays, less its controls"
    );
    assert!(page.contains("cổ thụ."));
}

#[test]
fn javascript_link_in_markdown_keeps_its_text_without_a_link_and_warns() {
    let b = SiteTest::new()
        .file(
            "content/products/che-shan-tuyet.md",
            common::PRODUCT.replace(
                "Chè cổ thụ.",
                "Chè cổ thụ.\n\nXem [bảng giá](javascript:alert(1)) và [web](https://a.vn).\n",
            ),
        )
        .build();
    b.assert_ok();
    b.assert_warning(
        "content/products/che-shan-tuyet.md",
        None,
        "`javascript:alert(1)` is not a web, mail or phone address",
    );
    let page = b.read("san-pham/che-shan-tuyet/index.html");
    assert!(page.contains("Xem bảng giá và"), "the link text stays");
    assert!(!page.contains("javascript:"));
    assert_page_inert("san-pham/che-shan-tuyet/index.html", &page);
}
