//! Data exports of the example site: CSV, JSON, calendars, QR codes, data page.

mod common;

use std::path::PathBuf;

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
    assert_eq!(headers, ocop::exports::PRODUCT_COLUMNS);
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
        ocop::exports::PRODUCER_COLUMNS.len()
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
    let qr = attrs(&d, "figure.qr img", "src");
    assert_eq!(
        qr,
        vec!["/san-pham/mat-ong-bac-ha-meo-vac/qr.svg".to_string()]
    );
    let svg = std::fs::read_to_string(out.join("san-pham/mat-ong-bac-ha-meo-vac/qr.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("<path"));
    assert!(
        out.join("chu-the/htx-nong-san-hoa-da-meo-vac/qr.svg")
            .is_file()
    );
    let data = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("du-lieu/index.html")).unwrap(),
    );
    let links = attrs(&data, ".data-files a", "href");
    assert_eq!(links.len(), 8);
    for l in links {
        assert!(out.join(l.trim_start_matches('/')).is_file(), "{l} missing");
    }
    let feed = std::fs::read_to_string(out.join("san-pham/moi-cong-nhan.xml")).unwrap();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
}
