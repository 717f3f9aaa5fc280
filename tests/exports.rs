//! Data exports of the example site: CSV, JSON, calendars, QR codes, data page.

mod common;

use std::path::PathBuf;

use calamine::DataType;
use common::*;
use ocop::build::{self, BuildOptions};

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut o = BuildOptions::new(env!("CARGO_MANIFEST_DIR"), today());
    o.output = Some(out.clone());
    let r = build::build(&o);
    assert!(r.ok(), "{:?}", r.problems.errors().collect::<Vec<_>>());
    (tmp, out)
}

#[test]
fn csv_has_bom_stable_columns_and_one_row_per_product() {
    let (_t, out) = built();
    let bytes = std::fs::read(out.join("du-lieu/products.csv")).unwrap();
    assert_eq!(
        &bytes[..3],
        &[0xEF, 0xBB, 0xBF],
        "no BOM: Excel would garble Vietnamese"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, ocop::outputs::exports::PRODUCT_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 51, "the example has 51 published products");
    let honey = rows
        .iter()
        .find(|row| &row[0] == "mat-ong-bac-ha-meo-vac")
        .expect("honey row");
    assert_eq!(&honey[1], "Mật ong bạc hà Mèo Vạc");
    assert_eq!(&honey[3], "4");
    assert_eq!(&honey[4], "expiring");
    assert!(honey[2].starts_with("https://ocop.tuyenquang.example.gov.vn/san-pham/"));
    let producers = std::fs::read(out.join("du-lieu/producers.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&producers[3..]);
    assert_eq!(
        r.headers().unwrap().len(),
        ocop::outputs::exports::PRODUCER_COLUMNS.len()
    );
    assert_eq!(r.records().count(), 26);
}

#[test]
fn json_follows_its_documented_schema() {
    let (_t, out) = built();
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("du-lieu/products.json")).unwrap()).unwrap();
    assert_eq!(v["schema"], "ocop-products/1");
    assert_eq!(v["site"]["url"], "https://ocop.tuyenquang.example.gov.vn/");
    assert_eq!(v["generated"], "2026-11-22");
    let products = v["products"].as_array().unwrap();
    assert_eq!(products.len(), 51);
    for p in products {
        for key in [
            "slug",
            "name",
            "url",
            "stars",
            "status",
            "certificates",
            "group",
            "province",
            "producer",
            "specs",
        ] {
            assert!(!p[key].is_null(), "{} lacks {key}", p["slug"]);
        }
        assert!(p["url"].as_str().unwrap().starts_with("https://"));
        assert!(
            p["producer"]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://")
        );
    }
    let history = products
        .iter()
        .find(|p| p["slug"] == "mat-ong-bac-ha-meo-vac")
        .unwrap()["certificates"]
        .as_array()
        .unwrap()
        .len();
    assert!(history >= 2, "star history missing");
    for (file, schema, key) in [
        ("producers.json", "ocop-producers/1", "producers"),
        ("sales-points.json", "ocop-sales-points/1", "sales_points"),
        ("fairs.json", "ocop-fairs/1", "fairs"),
    ] {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("du-lieu").join(file)).unwrap())
                .unwrap();
        assert_eq!(v["schema"], schema);
        assert!(!v[key].as_array().unwrap().is_empty());
    }
}

/// Unfolds an iCalendar text into its logical lines.
fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn fair_calendars_have_all_day_dates_and_stable_uids() {
    let (_t, out) = built();
    let ics = std::fs::read_to_string(out.join("hoi-cho/hoi-cho-ocop-tuyen-quang-2027/lich.ics"))
        .unwrap();
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "a line is longer than 75 octets"
    );
    let lines = unfold(&ics);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert!(
        lines.contains(
            &"UID:hoi-cho-ocop-tuyen-quang-2027@ocop.tuyenquang.example.gov.vn".to_string()
        )
    );
    let fairs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("du-lieu/fairs.json")).unwrap()).unwrap();
    let fair = fairs["fairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == "hoi-cho-ocop-tuyen-quang-2027")
        .unwrap();
    let starts = fair["starts"].as_str().unwrap().replace('-', "");
    let ends =
        chrono::NaiveDate::parse_from_str(fair["ends"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert!(lines.contains(&format!("DTSTART;VALUE=DATE:{starts}")));
    // The venue's address once, and its coordinates (the fair gives `lat` and `lon`).
    assert!(
        lines.contains(&"GEO:22.823300;104.978400".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"LOCATION:Sân vận động trung tâm\\, Số 00 đường Mẫu\\, phường Hà Giang 2\\, tỉnh Tuyên Quang"
                .to_string()
        ),
        "{lines:?}"
    );
    // All-day events end on the day after the last day.
    let after = ends.succ_opt().unwrap().format("%Y%m%d").to_string();
    assert!(
        lines.contains(&format!("DTEND;VALUE=DATE:{after}")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("LOCATION:") && l.contains("\\,")),
        "commas not escaped"
    );
    // The calendar of all fairs holds only those not over yet.
    let all = unfold(&std::fs::read_to_string(out.join("hoi-cho/lich.ics")).unwrap());
    assert_eq!(all.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
}

#[test]
fn qr_codes_and_data_page_are_linked() {
    let (_t, out) = built();
    let d = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("san-pham/mat-ong-bac-ha-meo-vac/index.html")).unwrap(),
    );
    // The code is drawn in the page, labelled for screen readers; no file per record.
    assert_eq!(
        attrs(&d, "figure.qr .qr-code[role=img]", "aria-label"),
        vec!["Mã QR dẫn đến trang sản phẩm Mật ong bạc hà Mèo Vạc".to_string()]
    );
    assert!(!attrs(&d, "figure.qr .qr-code svg path", "d").is_empty());
    // The download link is made from the drawing by status.js: hidden without it.
    assert_eq!(
        attrs(&d, "figure.qr [data-qr-download][hidden]", "hidden").len(),
        1
    );
    assert!(!out.join("san-pham/mat-ong-bac-ha-meo-vac/qr.svg").exists());
    let producer = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("chu-the/htx-nong-san-hoa-da-meo-vac/index.html"))
            .unwrap(),
    );
    assert!(!attrs(&producer, "figure.qr .qr-code svg path", "d").is_empty());
    assert!(
        !out.join("chu-the/htx-nong-san-hoa-da-meo-vac/qr.svg")
            .exists()
    );
    let data = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("du-lieu/index.html")).unwrap(),
    );
    let links = attrs(&data, ".data-files a", "href");
    assert_eq!(links.len(), 13);
    for l in links {
        assert!(out.join(l.trim_start_matches('/')).is_file(), "{l} missing");
    }
    let feed = std::fs::read_to_string(out.join("san-pham/moi-cong-nhan.xml")).unwrap();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
}

// ------------------------------------------------------------------ real parsers

/// The events of a calendar file, read by the `icalendar` crate's RFC 5545 parser.
fn parse_calendar(path: &std::path::Path) -> Vec<icalendar::Event> {
    let text = std::fs::read_to_string(path).unwrap();
    let calendar: icalendar::Calendar = text
        .parse()
        .unwrap_or_else(|e| panic!("{} does not parse as iCalendar: {e}", path.display()));
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_event().cloned())
        .collect()
}

fn all_day(d: Option<icalendar::DatePerhapsTime>) -> chrono::NaiveDate {
    match d {
        Some(icalendar::DatePerhapsTime::Date(d)) => d,
        other => panic!("not an all-day date: {other:?}"),
    }
}

#[test]
fn fair_calendars_parse_with_an_rfc5545_parser_with_exclusive_all_day_ends() {
    use icalendar::{Component, EventLike};
    let (_t, out) = built();
    let fairs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("du-lieu/fairs.json")).unwrap()).unwrap();
    let fairs = fairs["fairs"].as_array().unwrap();
    assert_eq!(fairs.len(), 4);
    let date = |v: &serde_json::Value| {
        chrono::NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
    };
    for fair in fairs {
        let slug = fair["slug"].as_str().unwrap();
        let events = parse_calendar(&out.join(format!("hoi-cho/{slug}/lich.ics")));
        assert_eq!(events.len(), 1, "{slug}");
        let e = &events[0];
        assert_eq!(
            e.get_uid(),
            Some(format!("{slug}@ocop.tuyenquang.example.gov.vn").as_str())
        );
        assert_eq!(e.get_summary(), fair["name"].as_str(), "{slug}");
        // The venue and its address (which names the province), or the venue and province,
        // joined by a comma that the file escapes as `\,`.
        let place = fair["address"]
            .as_str()
            .or(fair["province"].as_str())
            .unwrap();
        assert_eq!(
            e.get_location(),
            Some(format!("{}, {place}", fair["venue"].as_str().unwrap()).as_str()),
        );
        assert_eq!(all_day(e.get_start()), date(&fair["starts"]), "{slug}");
        // DTEND of an all-day event is exclusive: the day after the last day.
        assert_eq!(
            all_day(e.get_end()),
            date(&fair["ends"]).succ_opt().unwrap(),
            "{slug}"
        );
        assert_eq!(e.get_url(), fair["url"].as_str());
    }
    let upcoming = parse_calendar(&out.join("hoi-cho/lich.ics"));
    let expected: Vec<&str> = fairs
        .iter()
        .filter(|f| date(&f["ends"]) >= today())
        .map(|f| f["slug"].as_str().unwrap())
        .collect();
    let mut got: Vec<String> = upcoming
        .iter()
        .map(|e| e.get_uid().unwrap().split('@').next().unwrap().to_string())
        .collect();
    got.sort();
    let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
    expected.sort();
    assert_eq!(got, expected);
}

const FAIR_WITH_AWKWARD_TEXT: &str = r#"+++
name = "Hội chợ \"Xuân\"; OCOP, đặc sản vùng cao"
starts = 2026-12-30
ends = 2027-01-02
venue = "Nhà văn hoá; sân trước, khu A"
province = "Tuyên Quang"
organizer = "Sở Công Thương, tỉnh Tuyên Quang;\nphòng Quản lý thương mại"
producers = ["htx-che"]
+++
Hội chợ cuối năm.
"#;

#[test]
fn calendar_text_with_commas_semicolons_and_newlines_survives_a_parser() {
    use icalendar::{Component, EventLike};
    let built = SiteTest::new()
        .file("content/fairs/hoi-cho-xuan.md", FAIR_WITH_AWKWARD_TEXT)
        .build();
    built.assert_ok();
    let events = parse_calendar(&built.out.join("hoi-cho/hoi-cho-xuan/lich.ics"));
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        e.get_summary(),
        Some("Hội chợ \"Xuân\"; OCOP, đặc sản vùng cao")
    );
    assert_eq!(
        e.get_location(),
        Some("Nhà văn hoá; sân trước, khu A, Tuyên Quang")
    );
    let description = e.get_description().unwrap();
    assert!(
        description.starts_with(
            "Đơn vị tổ chức: Sở Công Thương, tỉnh Tuyên Quang;\nphòng Quản lý thương mại\n"
        ),
        "{description:?}"
    );
    // Across a year boundary, DTEND is the day after the last day.
    let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(all_day(e.get_start()), d(2026, 12, 30));
    assert_eq!(all_day(e.get_end()), d(2027, 1, 3));
}

#[test]
fn calendar_uids_are_stable_across_builds_and_dates() {
    use icalendar::Component;
    let site = SiteTest::new().file("content/fairs/hoi-cho-xuan.md", FAIR_WITH_AWKWARD_TEXT);
    let first = build::build(&site.options());
    assert!(first.ok());
    let uid = |out: &std::path::Path| {
        parse_calendar(&out.join("hoi-cho/hoi-cho-xuan/lich.ics"))[0]
            .get_uid()
            .unwrap()
            .to_string()
    };
    let a = uid(&site.path("public"));
    let mut later = site.options();
    later.today = chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
    assert!(build::build(&later).ok());
    assert_eq!(uid(&site.path("public")), a);
    assert_eq!(a, "hoi-cho-xuan@ocop.example.gov.vn");
}

/// The dark modules of a QR code SVG as written by `exports::qr_svg` (one line per
/// horizontal run of dark modules, `qr::qr_path_runs`, inside a `viewBox` with the
/// quiet zone), drawn 4 pixels per module.
fn decode_qr_svg(svg: &str) -> String {
    let view = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("viewBox");
    let size: usize = view.split(' ').next().unwrap().parse().unwrap();
    let d = svg
        .split(" d=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("path");
    let mut dark = vec![false; size * size];
    assert!(svg.contains("stroke=\"#000\""), "runs are not stroked");
    for (x, y, width) in ocop::base::qr::qr_path_runs(d) {
        assert!(x + width <= size && y < size, "module outside the viewBox");
        for dx in 0..width {
            dark[y * size + x + dx] = true;
        }
    }
    const SCALE: usize = 4;
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(size * SCALE, size * SCALE, |x, y| {
            if dark[(y / SCALE) * size + x / SCALE] {
                0
            } else {
                255
            }
        });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "no QR code found");
    grids[0].decode().expect("QR code does not decode").1
}

/// The QR code drawn in a page (the `<svg>` of its `figure.qr`).
fn page_qr(page: &std::path::Path) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let at = html
        .find("class=\"qr-code\"")
        .expect("no QR code in the page");
    let start = at + html[at..].find("<svg").unwrap();
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    html[start..end].to_string()
}

#[test]
fn qr_codes_decode_to_the_absolute_page_address() {
    let (_t, out) = built();
    let mut checked = 0;
    for (dir, json, key) in [
        ("san-pham", "products.json", "products"),
        ("chu-the", "producers.json", "producers"),
    ] {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("du-lieu").join(json)).unwrap())
                .unwrap();
        for item in v[key].as_array().unwrap() {
            let slug = item["slug"].as_str().unwrap();
            let svg = page_qr(&out.join(dir).join(slug).join("index.html"));
            assert_eq!(
                decode_qr_svg(&svg),
                item["url"].as_str().unwrap(),
                "{dir}/{slug}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 51 + 26);
}

#[test]
fn qr_codes_of_a_sub_path_site_carry_the_sub_path() {
    let built = SiteTest::new()
        .base_url("https://so.example.gov.vn/ocop/")
        .build();
    built.assert_ok();
    let svg = page_qr(&built.out.join("san-pham/che-shan-tuyet/index.html"));
    assert_eq!(
        decode_qr_svg(&svg),
        "https://so.example.gov.vn/ocop/san-pham/che-shan-tuyet/"
    );
}

#[test]
fn json_exports_validate_against_the_schemas_in_docs() {
    let (_t, out) = built();
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/schemas");
    for (file, schema) in [
        ("products.json", "ocop-products-1.schema.json"),
        ("producers.json", "ocop-producers-1.schema.json"),
        ("sales-points.json", "ocop-sales-points-1.schema.json"),
        ("fairs.json", "ocop-fairs-1.schema.json"),
    ] {
        let schema: serde_json::Value =
            serde_json::from_slice(&std::fs::read(docs.join(schema)).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{file}: the schema is not valid: {e}"));
        let instance: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("du-lieu").join(file)).unwrap())
                .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
    }
}

#[test]
fn json_schema_rejects_what_the_docs_forbid() {
    // The schema is not vacuous: an export with a wrong star rating or a relative URL fails.
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/schemas");
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(docs.join("ocop-fairs-1.schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut doc = serde_json::json!({
        "schema": "ocop-fairs/1",
        "site": {"title": "T", "url": "https://a.example/", "province": null},
        "generated": "2026-11-22",
        "fairs": [{
            "slug": "hoi-cho", "name": "Hội chợ", "url": "https://a.example/hoi-cho/hoi-cho/",
            "starts": "2026-12-01", "ends": "2026-12-03", "venue": "V", "province": "Tuyên Quang",
            "organizer": null, "website": null,
            "calendar": "https://a.example/hoi-cho/hoi-cho/lich.ics",
            "producers": [], "products": []
        }]
    });
    assert!(validator.is_valid(&doc));
    doc["fairs"][0]["url"] = "/hoi-cho/hoi-cho/".into();
    assert!(!validator.is_valid(&doc));
    doc["fairs"][0]["url"] = "https://a.example/hoi-cho/hoi-cho/".into();
    doc["fairs"][0]["starts"] = "01/12/2026".into();
    assert!(!validator.is_valid(&doc));
}

#[test]
fn csv_quoting_of_commas_quotes_and_newlines_round_trips() {
    let name = "Chè \"Shan tuyết\", hộp quà";
    let storage = "Nơi khô ráo, thoáng mát;\nTránh \"ánh nắng\" trực tiếp";
    let packaging = "Hộp giấy, 10 gói \"túi lọc\"";
    let built = SiteTest::new()
        .product(
            "che-shan-tuyet",
            &format!(
                r#"name = {name:?}
producer = "htx-che"
group = "food"
province = "Tuyên Quang"
unit = "hộp, 200 g"

[[certificates]]
stars = 4
decision = "1234/QĐ-UBND"
issued = 2025-03-10

[specs]
storage = {storage:?}
packaging = {packaging:?}
"#
            ),
        )
        .file(
            "content/producers/htx-che.md",
            "+++\nname = \"HTX Chè, \\\"Na Hang\\\"\"\nkind = \"cooperative\"\nprovince = \"Tuyên Quang\"\naddress = \"Thôn 1,\\nxã Nà Hang\"\n+++\n",
        )
        .build();
    built.assert_ok();
    let bytes = std::fs::read(built.out.join("du-lieu/products.csv")).unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "no byte order mark");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers = r.headers().unwrap().clone();
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].len(), headers.len());
    assert_eq!(&rows[0][col("name")], name);
    assert_eq!(&rows[0][col("storage")], storage);
    assert_eq!(&rows[0][col("packaging")], packaging);
    assert_eq!(&rows[0][col("unit")], "hộp, 200 g");
    assert_eq!(&rows[0][col("producer")], "HTX Chè, \"Na Hang\"");
    let bytes = std::fs::read(built.out.join("du-lieu/producers.csv")).unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers = r.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let address = headers.iter().position(|x| x == "address").unwrap();
    assert_eq!(&rows[0][address], "Thôn 1,\nxã Nà Hang");
}

#[test]
fn json_exports_keep_every_object_s_keys_in_alphabetical_order() {
    // The exports have always listed keys alphabetically (they were built as sorted JSON
    // maps); the typed items that replaced the maps must keep that order, so a diff between
    // two exports shows only what changed. A sorted re-serialisation must be the file.
    let (_t, out) = built();
    for file in [
        "products.json",
        "producers.json",
        "sales-points.json",
        "fairs.json",
    ] {
        let text = std::fs::read_to_string(out.join("du-lieu").join(file)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // JSON strings hold no raw line break: without the layout's, the file is compact.
        let sorted = serde_json::to_string(&v).unwrap();
        assert!(
            text.replace('\n', "") == sorted,
            "{file}: keys out of alphabetical order"
        );
        // One item a line, between the envelope's opening and closing lines (issue #19:
        // a quarter smaller than pretty-printing, still one record a line for a diff).
        let items = v
            .as_object()
            .unwrap()
            .values()
            .find_map(|x| x.as_array())
            .unwrap();
        assert_eq!(text.lines().count(), items.len() + 2, "{file}");
    }
}

// ------------------------------------------------------------------ the buyer's files

/// The sheets of a workbook as calamine reads them (as a spreadsheet would): name and cells.
fn read_workbook(path: &std::path::Path) -> Vec<(String, calamine::Range<calamine::Data>)> {
    use calamine::Reader;
    let bytes = std::fs::read(path).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range)
        })
        .collect()
}

/// One part of a workbook (`xl/worksheets/sheet1.xml`), as text.
fn workbook_part(path: &std::path::Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The cells of a sheet's row whose column `key` holds `value`, by heading.
fn row_by<'r>(
    range: &'r calamine::Range<calamine::Data>,
    heading: &str,
    value: &str,
) -> std::collections::HashMap<String, &'r calamine::Data> {
    let rows: Vec<&[calamine::Data]> = range.rows().collect();
    let headings: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = headings.iter().position(|h| h == heading).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col] == value)
        .unwrap_or_else(|| panic!("no row with {heading} = {value}"));
    headings.into_iter().zip(row.iter()).collect()
}

#[test]
fn buyer_workbook_has_vietnamese_sheets_and_typed_cells() {
    use calamine::Data;
    let (_t, out) = built();
    let sheets = read_workbook(&out.join("du-lieu/danh-muc-ocop.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Sản phẩm", "Chủ thể", "Điểm bán"]);
    let products = &sheets[0].1;
    assert_eq!(
        products.height(),
        52,
        "the header and 51 published products"
    );
    let honey = row_by(products, "Tên sản phẩm", "Mật ong bạc hà Mèo Vạc");
    // Codes stay text: a GTIN is not 8.93E+12, a tax code keeps its zeros.
    assert_eq!(
        honey["Mã vạch (GTIN)"],
        &Data::String("8930000100160".into())
    );
    assert_eq!(honey["Mã số thuế"], &Data::String("0000000113".into()));
    assert_eq!(honey["Điện thoại"], &Data::String("0219 000 0113".into()));
    assert_eq!(
        honey["Thư điện tử"],
        &Data::String("lienhe@htx-hoa-da.example.vn".into())
    );
    // Numbers are numbers, dates are dates.
    assert_eq!(honey["Hạng sao"], &Data::Float(4.0));
    assert!(
        matches!(honey["Giá tham khảo (đồng)"], Data::Float(p) if *p > 0.0),
        "price is {:?}",
        honey["Giá tham khảo (đồng)"]
    );
    for date in ["Ngày cấp", "Hiệu lực đến"] {
        assert!(honey[date].is_datetime(), "{date} is {:?}", honey[date]);
        assert!(honey[date].as_datetime().is_some());
    }
    // Words, not codes; sales points by name, not slug.
    assert_eq!(honey["Nhóm sản phẩm"], &Data::String("Thực phẩm".into()));
    assert_eq!(
        honey["Loại hình chủ thể"],
        &Data::String("Hợp tác xã".into())
    );
    assert_eq!(honey["Tình trạng chứng nhận"].to_string(), "Sắp hết hạn");
    let sold_at = honey["Nơi bán"].to_string();
    assert!(
        sold_at.contains("Trung tâm") && !sold_at.contains("trung-tam"),
        "{sold_at}"
    );
    assert!(
        honey["Trang sản phẩm"]
            .to_string()
            .starts_with("https://ocop.tuyenquang.example.gov.vn/san-pham/")
    );
    let producers = &sheets[1].1;
    assert_eq!(producers.height(), 27);
    let htx = row_by(producers, "Mã số thuế", "0000000113");
    assert_eq!(htx["Loại hình chủ thể"].to_string(), "Hợp tác xã");
    assert!(matches!(htx["Số sản phẩm OCOP"], Data::Float(_)));
    let points = &sheets[2].1;
    assert!(points.height() > 1);
    let centre = row_by(
        points,
        "Mã trên trang",
        "trung-tam-gioi-thieu-san-pham-ocop-tinh-tuyen-quang",
    );
    assert!(
        centre["Sản phẩm OCOP có bán"]
            .to_string()
            .contains("Mật ong bạc hà Mèo Vạc")
    );
}

#[test]
fn buyer_workbook_freezes_and_filters_its_bold_header_and_links_pages() {
    let (_t, out) = built();
    let book = out.join("du-lieu/danh-muc-ocop.xlsx");
    for n in 1..=3 {
        let sheet = workbook_part(&book, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains("<pane ") && sheet.contains(r#"ySplit="1""#),
            "sheet {n}: header row not frozen"
        );
        assert!(sheet.contains(r#"state="frozen""#), "sheet {n}");
        assert!(
            sheet.contains("<autoFilter ref=\"A1:"),
            "sheet {n}: no filter"
        );
        assert!(sheet.contains("<cols>"), "sheet {n}: no column widths");
        assert!(sheet.contains("<hyperlink "), "sheet {n}: page not linked");
        // No cell is a formula.
        assert!(!sheet.contains("<f>"), "sheet {n} has a formula");
    }
    assert!(workbook_part(&book, "xl/styles.xml").contains("<b/>"));
}

#[test]
fn buyer_workbook_is_dated_by_the_build_and_reproducible() {
    let (_a, out_a) = built();
    let (_b, out_b) = built();
    let book = out_a.join("du-lieu/danh-muc-ocop.xlsx");
    let core = workbook_part(&book, "docProps/core.xml");
    assert!(
        core.contains("2026-11-22T00:00:00Z"),
        "creation date is not the build date: {core}"
    );
    assert!(core.contains("Danh mục sản phẩm OCOP"), "{core}");
    for f in [
        "danh-muc-ocop.xlsx",
        "danh-muc-ocop-en.xlsx",
        "san-pham.csv",
    ] {
        let (a, b) = (
            std::fs::read(out_a.join("du-lieu").join(f)).unwrap(),
            std::fs::read(out_b.join("du-lieu").join(f)).unwrap(),
        );
        assert!(a == b, "{f} differs between two builds");
    }
}

#[test]
fn english_workbook_has_english_headings_labels_and_pages() {
    let (_t, out) = built();
    let sheets = read_workbook(&out.join("du-lieu/danh-muc-ocop-en.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Products", "Producers", "Sales points"]);
    let honey = row_by(&sheets[0].1, "Code on the site", "mat-ong-bac-ha-meo-vac");
    assert_eq!(honey["Product group"].to_string(), "Food");
    assert_eq!(honey["Kind of producer"].to_string(), "Cooperative");
    assert!(
        honey["Product page"]
            .to_string()
            .starts_with("https://ocop.tuyenquang.example.gov.vn/en/san-pham/")
    );
    assert!(honey["Issued"].is_datetime());
    let core = workbook_part(
        &out.join("du-lieu/danh-muc-ocop-en.xlsx"),
        "docProps/core.xml",
    );
    assert!(
        core.contains("OCOP products of Tuyên Quang – OCOP product catalogue"),
        "{core}"
    );
}

#[test]
fn vietnamese_csv_twins_have_the_workbook_columns_in_words() {
    let (_t, out) = built();
    let sheets = read_workbook(&out.join("du-lieu/danh-muc-ocop.xlsx"));
    for (file, (_, range)) in ["san-pham.csv", "chu-the.csv", "diem-ban.csv"]
        .iter()
        .zip(&sheets)
    {
        let bytes = std::fs::read(out.join("du-lieu").join(file)).unwrap();
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "{file}: no BOM");
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let headings: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let sheet_headings: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(headings, sheet_headings, "{file}");
        assert_eq!(r.records().count() + 1, range.height(), "{file}");
    }
    let bytes = std::fs::read(out.join("du-lieu/san-pham.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headings: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = |h: &str| headings.iter().position(|x| x == h).unwrap();
    let honey = r
        .records()
        .map(Result::unwrap)
        .find(|row| &row[col("Mã trên trang")] == "mat-ong-bac-ha-meo-vac")
        .unwrap();
    assert_eq!(&honey[col("Nhóm sản phẩm")], "Thực phẩm");
    assert_eq!(&honey[col("Mã số thuế")], "0000000113");
    assert_eq!(&honey[col("Ngày cấp")].len(), &10, "dates are YYYY-MM-DD");
    assert!(honey[col("Nơi bán")].contains("Trung tâm"));
}

#[test]
fn machine_csv_carries_the_producer_s_contacts_on_each_product() {
    let (_t, out) = built();
    let bytes = std::fs::read(out.join("du-lieu/products.csv")).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let at = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let honey = r
        .records()
        .map(Result::unwrap)
        .find(|row| &row[0] == "mat-ong-bac-ha-meo-vac")
        .unwrap();
    assert_eq!(&honey[at("producer_phone")], "0219 000 0113");
    assert_eq!(&honey[at("producer_email")], "lienhe@htx-hoa-da.example.vn");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("du-lieu/products.json")).unwrap()).unwrap();
    let p = v["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "mat-ong-bac-ha-meo-vac")
        .unwrap();
    assert_eq!(p["producer"]["phone"], "0219 000 0113");
}

#[test]
fn workbook_writes_formula_text_as_text() {
    use calamine::Data;
    let b = SiteTest::new()
        .product(
            "cong-thuc",
            "name = \"=HYPERLINK(\\\"http://x.example/\\\",\\\"Bấm\\\")\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\nunit = \"+1+1\"\n\n[[certificates]]\nstars = 3\ndecision = \"@SUM(1)\"\nissued = 2025-06-01\n",
        )
        .build();
    b.assert_ok();
    let book = b.out.join("du-lieu/danh-muc-ocop.xlsx");
    let sheets = read_workbook(&book);
    let row = row_by(&sheets[0].1, "Mã trên trang", "cong-thuc");
    assert_eq!(
        row["Tên sản phẩm"],
        &Data::String("=HYPERLINK(\"http://x.example/\",\"Bấm\")".into())
    );
    assert_eq!(row["Số quyết định"], &Data::String("@SUM(1)".into()));
    assert_eq!(row["Đơn vị tính"], &Data::String("+1+1".into()));
    assert!(!workbook_part(&book, "xl/worksheets/sheet1.xml").contains("<f>"));
    // The CSV twin neutralises it as the machine CSV does.
    let csv = b.read("du-lieu/san-pham.csv");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

#[test]
fn data_page_and_supplier_directory_link_the_files_with_format_and_size() {
    let (_t, out) = built();
    let data = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("du-lieu/index.html")).unwrap(),
    );
    let buyer = attrs(&data, ".data-files-buyer a", "href");
    assert_eq!(
        buyer,
        [
            "/du-lieu/danh-muc-ocop.xlsx",
            "/du-lieu/san-pham.csv",
            "/du-lieu/chu-the.csv",
            "/du-lieu/diem-ban.csv"
        ]
    );
    let sizes = texts(&data, ".data-files .data-size");
    assert_eq!(sizes.len(), 13, "every file shows its size: {sizes:?}");
    assert!(sizes.iter().all(|s| s.ends_with("kB") || s.ends_with(" B")));
    let en = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("en/du-lieu/index.html")).unwrap(),
    );
    assert_eq!(
        attrs(&en, ".data-files-buyer a", "href")[0],
        "/du-lieu/danh-muc-ocop-en.xlsx"
    );
    for page in ["chu-the/index.html", "chu-the/loai/hop-tac-xa/index.html"] {
        let d = scraper::Html::parse_document(&std::fs::read_to_string(out.join(page)).unwrap());
        let links = attrs(&d, ".directory-downloads a", "href");
        assert_eq!(
            links,
            [
                "/du-lieu/danh-muc-ocop.xlsx",
                "/du-lieu/chu-the.csv",
                "/du-lieu/"
            ],
            "{page}"
        );
        let shown = texts(&d, ".directory-downloads a").join(" | ");
        assert!(
            shown.contains("Excel (.xlsx)") && shown.contains("kB"),
            "{page}: {shown}"
        );
        let size = std::fs::metadata(out.join("du-lieu/danh-muc-ocop.xlsx"))
            .unwrap()
            .len();
        let kb = format!("{} kB", (size as f64 / 1e3).round());
        assert!(shown.contains(&kb), "{page}: {shown} lacks {kb}");
    }
}

#[test]
fn exports_carry_what_the_plans_and_figures_count_by() {
    let (_t, out) = built();
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join(f)).unwrap()).unwrap()
    };
    let products = read("du-lieu/products.json");
    let find = |slug: &str| {
        products["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        find("mat-ong-bac-ha-meo-vac")["former_province"],
        "Hà Giang"
    );
    assert_eq!(
        find("mat-ong-bac-ha-meo-vac")["legacy_group"],
        serde_json::Value::Null
    );
    assert_eq!(
        find("gio-may-tre-dan-binh-ca")["legacy_group"],
        "Lưu niệm - nội thất - trang trí"
    );
    let points = read("du-lieu/sales-points.json");
    let tan_trao = points["sales_points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slug"] == "diem-ban-ocop-tan-trao")
        .cloned()
        .unwrap();
    assert_eq!(tan_trao["opened"], "2025-03-15");
    let csv = std::fs::read_to_string(out.join("du-lieu/products.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &headers[headers.len() - 3..],
        ["former_province", "legacy_group", "source"]
    );
    let honey = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "mat-ong-bac-ha-meo-vac")
        .unwrap();
    assert_eq!(&honey[headers.len() - 3], "Hà Giang");
    // The example site's own records have no source.
    assert_eq!(&honey[headers.len() - 1], "");
}
