//! The national catalogue (`[[sources]]`): province sites' exports merged into one site,
//! with provenance, duplicates shown once, a change log across builds, and sources that
//! fail (malformed, hostile, huge, looping, slow, gone) reported and skipped, their last
//! good copy kept. Bad sources are served by a small HTTP server on 127.0.0.1 only.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;

const PROVINCE_B: &str = r#"title = "Sản phẩm OCOP Lào Cai"
description = "Trang thử nghiệm"
base_url = "https://ocop.laocai.example.gov.vn/"
province = "Lào Cai"
"#;

const PRODUCER_B: &str = r#"+++
name = "HTX Mật ong Bắc Hà"
kind = "cooperative"
province = "Lào Cai"
tax_code = "5300000001"
+++
"#;

/// A product of province A with a GTIN and 4 stars.
const HONEY_A: &str = r#"+++
name = "Mật ong bạc hà"
producer = "htx-che"
group = "food"
province = "Tuyên Quang"
specs.barcode = "8930000100214"

[[certificates]]
stars = 4
decision = "10/QĐ-UBND"
issued = 2025-01-10
+++
"#;

/// The same product (same GTIN) reported by province B, with a newer 5-star certificate.
const HONEY_B: &str = r#"+++
name = "Mật ong bạc hà Bắc Hà"
producer = "htx-mat-ong"
group = "food"
province = "Lào Cai"
specs.barcode = "8930000100214"

[[certificates]]
stars = 5
decision = "20/QĐ-UBND"
issued = 2026-02-01
+++
"#;

const PLUM_B: &str = r#"+++
name = "Mận hậu Bắc Hà"
producer = "htx-mat-ong"
group = "food"
province = "Lào Cai"

[[certificates]]
stars = 3
decision = "21/QĐ-UBND"
issued = 2025-06-01
+++
"#;

fn province_a() -> SiteTest {
    SiteTest::new().file("content/products/mat-ong.md", HONEY_A)
}

fn province_b() -> SiteTest {
    SiteTest::empty()
        .file("site.toml", PROVINCE_B)
        .file("content/producers/htx-mat-ong.md", PRODUCER_B)
        .file("content/products/mat-ong.md", HONEY_B)
        .file("content/products/man-hau.md", PLUM_B)
}

fn national(sources: &str) -> SiteTest {
    let toml = format!(
        "title = \"Sản phẩm OCOP toàn quốc\"\ndescription = \"Thử\"\nbase_url = \"https://ocop.example.gov.vn/\"\n{sources}"
    );
    SiteTest::empty()
        .file("site.toml", toml)
        .file("content/.keep", "")
}

fn folder_source(label: &str, key: &str, out: &Path) -> String {
    format!(
        "[[sources]]\nlabel = \"{label}\"\nkey = \"{key}\"\npath = \"{}\"\n",
        out.join("du-lieu").display()
    )
}

#[test]
fn provinces_merge_with_provenance_and_a_duplicate_shown_once() {
    let a = province_a().build();
    a.assert_ok();
    let b = province_b().build();
    b.assert_ok();
    let n = national(&format!(
        "{}{}",
        folder_source("Tuyên Quang", "tq", &a.out),
        folder_source("Lào Cai", "lc", &b.out)
    ))
    .build();
    n.assert_ok();
    // Both provinces' records are here, under their source's key.
    let page = n.read("san-pham/tq-che-shan-tuyet/index.html");
    assert!(page.contains("Dữ liệu của"), "no provenance note");
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://ocop.example.gov.vn/san-pham/che-shan-tuyet/\">"
    ));
    assert!(n.out.join("san-pham/lc-man-hau/index.html").is_file());
    assert!(n.out.join("chu-the/lc-htx-mat-ong/index.html").is_file());
    // The honey is reported twice (same GTIN): kept once, from the newer 5-star report.
    assert!(n.out.join("san-pham/lc-mat-ong/index.html").is_file());
    assert!(!n.out.join("san-pham/tq-mat-ong/index.html").exists());
    n.assert_warning(
        ".ocop-cache/sources/tq/products.json",
        None,
        "the same GTIN 8930000100214",
    );
    let w: Vec<String> = n.warnings().iter().map(|p| p.to_string()).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("disagree") && m.contains("5 sao") && m.contains("4 sao")),
        "{w:?}"
    );
    // Merged pages are not in this site's sitemap: their canonical page is the source's.
    let sitemap = n.read("sitemap.xml");
    assert!(!sitemap.contains("tq-che-shan-tuyet"));
    // The exports say where each record came from.
    let csv = n.read("du-lieu/products.csv");
    assert!(
        csv.lines().next().unwrap().ends_with(",source"),
        "{}",
        csv.lines().next().unwrap()
    );
    assert!(csv.contains("https://ocop.laocai.example.gov.vn/"));
    let sources = &n.report.sources;
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].left_out, 1, "the duplicate honey of Tuyên Quang");
}

#[test]
fn a_wrong_record_of_a_source_is_left_out_with_file_line_and_field() {
    let a = province_a().build();
    a.assert_ok();
    let products = a.out.join("du-lieu/products.json");
    let text = std::fs::read_to_string(&products).unwrap();
    // Stars 7 on the second line's record: left out, the other kept.
    let broken = text.replacen("\"stars\":4", "\"stars\":7", 1);
    assert_ne!(broken, text);
    std::fs::write(&products, broken).unwrap();
    let n = national(&folder_source("Tuyên Quang", "tq", &a.out)).build();
    n.assert_ok();
    let w = n
        .warnings()
        .into_iter()
        .find(|p| {
            p.message.starts_with("record left out")
                && p.field.as_deref() == Some("certificates[0].stars")
        })
        .unwrap_or_else(|| panic!("{:?}", n.warnings()));
    assert_eq!(w.file, Path::new(".ocop-cache/sources/tq/products.json"));
    assert!(w.line.is_some());
    assert_eq!(
        n.out
            .join("san-pham")
            .read_dir()
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("tq-"))
            .count(),
        1
    );
}

/// Certificates of a product: `(stars, issued, valid_until, revoked)`.
fn product_with(name: &str, certs: &[(u8, &str, Option<&str>, Option<&str>)]) -> String {
    let mut s = format!(
        "+++\nname = \"{name}\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\n"
    );
    for (i, (stars, issued, until, revoked)) in certs.iter().enumerate() {
        s.push_str(&format!(
            "\n[[certificates]]\nstars = {stars}\ndecision = \"{i}{stars}/QĐ-UBND\"\nissued = {issued}\n"
        ));
        if let Some(u) = until {
            s.push_str(&format!("valid_until = {u}\n"));
        }
        if let Some(r) = revoked {
            s.push_str(&format!("revoked = {r}\n"));
        }
    }
    s.push_str("+++\n");
    s
}

#[test]
fn the_change_log_tells_new_rerated_expired_revoked_and_removed_across_builds() {
    let province = SiteTest::new()
        .file(
            "site.toml",
            SITE_TOML.replace("province", "expired_products = \"list\"\nprovince"),
        )
        .file(
            "content/products/len-hang.md",
            product_with("Trà lên hạng", &[(3, "2025-01-10", None, None)]),
        )
        .file(
            "content/products/ha-hang.md",
            product_with("Miến hạ hạng", &[(5, "2025-01-10", None, None)]),
        )
        .file(
            "content/products/ruou-het-han.md",
            product_with("Rượu hết hạn", &[(4, "2023-12-20", None, None)]),
        )
        .file(
            "content/products/thu-hoi.md",
            product_with("Bánh thu hồi", &[(4, "2025-01-10", None, None)]),
        )
        .file(
            "content/products/go-bo.md",
            product_with("Nấm gỡ bỏ", &[(3, "2025-01-10", None, None)]),
        );
    let built = province.build();
    built.assert_ok();
    let out = built.out.clone();
    let nat = national(&folder_source("Tuyên Quang", "tq", &out));
    let first = nat.build();
    first.assert_ok();
    assert!(first.read("thay-doi/index.html").contains("mốc đầu tiên"));
    // The province changes its records; a day later both are built again.
    let province = built
        .into_site()
        .file(
            "content/products/len-hang.md",
            product_with(
                "Trà lên hạng",
                &[(4, "2026-11-23", None, None), (3, "2025-01-10", None, None)],
            ),
        )
        .file(
            "content/products/ha-hang.md",
            product_with(
                "Miến hạ hạng",
                &[(4, "2026-11-23", None, None), (5, "2025-01-10", None, None)],
            ),
        )
        .file(
            "content/products/thu-hoi.md",
            product_with(
                "Bánh thu hồi",
                &[(4, "2025-01-10", None, Some("2026-11-23"))],
            ),
        )
        .remove("content/products/go-bo.md")
        .file(
            "content/products/moi.md",
            product_with("Gạo mới", &[(3, "2026-11-23", None, None)]),
        );
    let mut o = province.options();
    o.today = chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
    let province_report = ocop::build::build(&o);
    assert!(
        !province_report.problems.has_errors(),
        "{:?}",
        province_report.problems.errors().collect::<Vec<_>>()
    );
    let nat = first.into_site();
    let mut o = nat.options();
    o.today = chrono::NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
    let report = ocop::build::build(&o);
    assert!(!report.problems.has_errors());
    let json = std::fs::read_to_string(nat.path("public/du-lieu/thay-doi.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "ocop-changes/1");
    let got: HashMap<String, String> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["slug"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: HashMap<String, String> = [
        ("tq-len-hang", "upgraded"),
        ("tq-ha-hang", "downgraded"),
        ("tq-ruou-het-han", "expired"),
        ("tq-thu-hoi", "revoked"),
        ("tq-go-bo", "removed"),
        ("tq-moi", "new"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    let page = std::fs::read_to_string(nat.path("public/thay-doi/index.html")).unwrap();
    for label in [
        "Nâng hạng",
        "Hạ hạng",
        "Hết hạn",
        "Thu hồi",
        "Gỡ khỏi danh mục",
        "Mới",
        "3 → 4 sao",
    ] {
        assert!(page.contains(label), "{label} missing");
    }
    let feed = std::fs::read_to_string(nat.path("public/thay-doi/tuyen-quang.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 6);
    // A third build with nothing changed keeps the log as it was.
    let report = ocop::build::build(&o);
    assert!(!report.problems.has_errors());
    assert_eq!(
        std::fs::read_to_string(nat.path("public/du-lieu/thay-doi.json")).unwrap(),
        json
    );
}

/// What the test server answers for a source, by its first path segment.
#[derive(Clone)]
enum Mode {
    /// The files of a province's `du-lieu/`, with ETags and `304 Not Modified`.
    Good(std::path::PathBuf),
    Malformed,
    Hostile,
    Huge,
    Loop,
    Slow,
    Gone,
}

struct Server {
    port: u16,
    modes: Arc<Mutex<HashMap<String, Mode>>>,
    not_modified: Arc<Mutex<usize>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let modes: Arc<Mutex<HashMap<String, Mode>>> = Arc::default();
        let not_modified: Arc<Mutex<usize>> = Arc::default();
        let (m, nm) = (modes.clone(), not_modified.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (m, nm) = (m.clone(), nm.clone());
                std::thread::spawn(move || answer(stream, &m, &nm));
            }
        });
        Server {
            port,
            modes,
            not_modified,
        }
    }

    fn set(&self, key: &str, mode: Mode) {
        self.modes.lock().unwrap().insert(key.to_string(), mode);
    }

    fn source(&self, key: &str) -> String {
        format!(
            "[[sources]]\nlabel = \"Nguồn {key}\"\nkey = \"{key}\"\nurl = \"http://127.0.0.1:{}/{key}/\"\ntimeout = 2\nmax_mb = 1\n",
            self.port
        )
    }
}

fn answer(mut s: TcpStream, modes: &Mutex<HashMap<String, Mode>>, not_modified: &Mutex<usize>) {
    let mut reader = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
    let mut etag = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("if-none-match:") {
            etag = Some(v.trim().to_string());
        }
    }
    let key = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    let file = path.rsplit('/').next().unwrap_or("").to_string();
    let mode = modes.lock().unwrap().get(&key).cloned();
    let send = |s: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let _ = write!(
            s,
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
            body.len()
        );
        let _ = s.write_all(body);
    };
    match mode {
        Some(Mode::Good(dir)) => match std::fs::read(dir.join(&file)) {
            Ok(body) => {
                let tag = format!("\"{}-{}\"", file, body.len());
                if etag.as_deref() == Some(tag.as_str()) {
                    *not_modified.lock().unwrap() += 1;
                    send(&mut s, "304 Not Modified", &format!("ETag: {tag}\r\n"), b"");
                } else {
                    send(
                        &mut s,
                        "200 OK",
                        &format!("ETag: {tag}\r\nContent-Type: application/json\r\n"),
                        &body,
                    );
                }
            }
            Err(_) => send(&mut s, "404 Not Found", "", b""),
        },
        Some(Mode::Malformed) => send(&mut s, "200 OK", "", b"{\"products\":[{\"slug\":"),
        Some(Mode::Hostile) => {
            let body = if file == "products.json" {
                r#"{"schema":"ocop-products/1","site":{"title":"x","url":"http://127.0.0.1/"},"products":[
{"slug":"doc","url":"javascript:alert(1)","name":"Mã độc"},
{"slug":"a\/..\/..\/etc","url":"http://127.0.0.1/a/","name":"Đường dẫn"}
]}"#.to_string()
            } else if file == "producers.json" {
                r#"{"schema":"ocop-producers/1","producers":[]}"#.to_string()
            } else {
                String::new()
            };
            if body.is_empty() {
                send(&mut s, "404 Not Found", "", b"");
            } else {
                send(&mut s, "200 OK", "", body.as_bytes());
            }
        }
        Some(Mode::Huge) => {
            let _ = write!(
                s,
                "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n"
            );
            let chunk = vec![b' '; 1 << 16];
            for _ in 0..(1 << 14) {
                if s.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        Some(Mode::Loop) => send(&mut s, "302 Found", &format!("Location: {path}\r\n"), b""),
        Some(Mode::Slow) => {
            std::thread::sleep(Duration::from_secs(6));
            send(&mut s, "200 OK", "", b"{}");
        }
        Some(Mode::Gone) | None => send(&mut s, "404 Not Found", "", b""),
    }
    let _ = reader.read(&mut [0u8; 1]);
}

#[test]
fn bad_sources_are_reported_and_their_last_good_copy_kept() {
    let a = province_a().build();
    a.assert_ok();
    let good = a.out.join("du-lieu");
    let server = Server::start();
    let keys = ["malformed", "hostile", "huge", "loop", "slow", "gone"];
    for k in keys {
        server.set(k, Mode::Good(good.clone()));
    }
    server.set("never", Mode::Malformed);
    let sources: String = keys
        .iter()
        .chain(&["never"])
        .map(|k| server.source(k))
        .collect();
    let nat = national(&sources);
    let first = nat.build();
    first.assert_ok();
    for k in keys {
        assert!(
            first
                .out
                .join(format!("san-pham/{k}-che-shan-tuyet/index.html"))
                .is_file(),
            "{k}"
        );
    }
    first.assert_warning(".ocop-cache/sources/never", None, "not valid JSON");
    // Every source goes bad; each is reported and its last good copy used.
    server.set("malformed", Mode::Malformed);
    server.set("hostile", Mode::Hostile);
    server.set("huge", Mode::Huge);
    server.set("loop", Mode::Loop);
    server.set("slow", Mode::Slow);
    server.set("gone", Mode::Gone);
    let started = std::time::Instant::now();
    let second = first.into_site().build();
    second.assert_ok();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    for (k, reason) in [
        ("malformed", "not valid JSON"),
        ("huge", "larger than 1 MB"),
        ("loop", "redirects"),
        ("slow", "did not answer within 2 s"),
        ("gone", "HTTP 404"),
    ] {
        second.assert_warning(&format!(".ocop-cache/sources/{k}"), None, reason);
        assert!(
            second
                .out
                .join(format!("san-pham/{k}-che-shan-tuyet/index.html"))
                .is_file(),
            "{k}"
        );
    }
    // The hostile copy parses: its records with a script address or a path for a slug are
    // left out, and it replaces nothing with markup.
    let w: Vec<String> = second.warnings().iter().map(|p| p.to_string()).collect();
    assert!(
        w.iter()
            .any(|m| m.contains("hostile") && m.contains("no `http(s)://` address")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|m| m.contains("hostile") && m.contains("is not a slug")),
        "{w:?}"
    );
    assert!(!second.out.join("etc").exists());
    assert!(
        w.iter()
            .any(|m| m.contains("never") && m.contains("adds nothing")),
        "{w:?}"
    );
}

#[test]
fn an_unchanged_source_is_asked_with_a_conditional_request() {
    let a = province_a().build();
    a.assert_ok();
    let server = Server::start();
    server.set("tq", Mode::Good(a.out.join("du-lieu")));
    let nat = national(&server.source("tq"));
    let first = nat.build();
    first.assert_ok();
    let before =
        std::fs::read_to_string(first.out.join("san-pham/tq-che-shan-tuyet/index.html")).unwrap();
    let second = first.into_site().build();
    second.assert_ok();
    assert_eq!(
        *server.not_modified.lock().unwrap(),
        4,
        "each of the four files answered 304"
    );
    let after =
        std::fs::read_to_string(second.out.join("san-pham/tq-che-shan-tuyet/index.html")).unwrap();
    assert_eq!(before, after);
    assert_eq!(
        second.report.sources[0].state,
        ocop::model::federation::CopyState::Unchanged
    );
}

#[test]
fn script_in_a_source_field_is_shown_as_text() {
    let a = SiteTest::new()
        .file(
            "content/products/doc.md",
            HONEY_A.replace("Mật ong bạc hà", "</script><script>alert(1)</script>"),
        )
        .build();
    a.assert_ok();
    let n = national(&folder_source("Tuyên Quang", "tq", &a.out)).build();
    n.assert_ok();
    for rel in [
        "san-pham/tq-doc/index.html",
        "san-pham/index.html",
        "index.html",
    ] {
        let html = n.read(rel);
        assert!(!html.contains("<script>alert(1)"), "{rel}");
    }
}

#[test]
fn two_products_of_one_province_with_one_name_are_both_kept() {
    // One producer (with a tax code) sells two packagings under one name: two records of
    // its province, not a duplicate; only reports by two sites are merged.
    let producer = PRODUCER.replace("phone =", "tax_code = \"5000000009\"\nphone =");
    let second = PRODUCT.replace("1234/QĐ-UBND", "1235/QĐ-UBND");
    let a = SiteTest::new()
        .file("content/producers/htx-che.md", producer)
        .file("content/products/che-shan-tuyet-hop-lon.md", second)
        .build();
    a.assert_ok();
    let n = national(&folder_source("Tuyên Quang", "tq", &a.out)).build();
    n.assert_ok();
    assert!(
        n.out
            .join("san-pham/tq-che-shan-tuyet/index.html")
            .is_file()
    );
    assert!(
        n.out
            .join("san-pham/tq-che-shan-tuyet-hop-lon/index.html")
            .is_file()
    );
    let w: Vec<String> = n.warnings().iter().map(|p| p.to_string()).collect();
    assert!(!w.iter().any(|m| m.contains("also reported")), "{w:?}");
}

#[test]
fn a_site_folder_is_a_source_too_built_with_its_own_settings() {
    // Not built, not published: its folder is named, and its exports are made here.
    let a = province_a();
    let n = national(&format!(
        "[[sources]]\nlabel = \"Tuyên Quang\"\nkey = \"tq\"\npath = \"{}\"\n",
        a.root().display()
    ))
    .build();
    n.assert_ok();
    let page = n.read("san-pham/tq-mat-ong/index.html");
    // The province's own address, from its site.toml, is the canonical one.
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://ocop.example.gov.vn/san-pham/mat-ong/\">"
    ));
    // A mistake in the province's content: its exports made last time are used.
    let a = a.file(
        "content/products/mat-ong.md",
        HONEY_A.replace("stars = 4", "stars = 9"),
    );
    let n = n.into_site().build();
    n.assert_ok();
    n.assert_warning(".ocop-cache/sources/tq", None, "could not be built");
    assert!(n.out.join("san-pham/tq-mat-ong/index.html").is_file());
    drop(a);
}

#[test]
fn a_merged_products_photos_and_json_ld_point_to_its_province_site() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><circle cx="5" cy="5" r="4" fill="#e9a23b"/></svg>"##;
    let a = SiteTest::new()
        .base_url("https://ocop.tuyenquang.example.gov.vn/")
        .file("content/products/mat-ong/index.md", HONEY_A)
        .file("content/products/mat-ong/anh.svg", svg)
        .build();
    a.assert_ok();
    let n = national(&folder_source("Tuyên Quang", "tq", &a.out)).build();
    n.assert_ok();
    let photo = "https://ocop.tuyenquang.example.gov.vn/san-pham/mat-ong/anh.svg";
    let page = n.read("san-pham/tq-mat-ong/index.html");
    assert!(
        page.contains(&format!("src=\"{photo}\"")),
        "the photo is shown from the province site"
    );
    assert!(
        page.contains(&format!("\"image\":[\"{photo}\"]")),
        "JSON-LD image"
    );
    assert!(page.contains("\"url\":\"https://ocop.tuyenquang.example.gov.vn/san-pham/mat-ong/\""));
    assert!(!page.contains("https://ocop.example.gov.vn/https://"));
    let json: serde_json::Value = serde_json::from_str(&n.read("du-lieu/products.json")).unwrap();
    let honey = json["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "tq-mat-ong")
        .unwrap();
    assert_eq!(honey["photos"][0], photo);
    assert_eq!(honey["source"], "https://ocop.tuyenquang.example.gov.vn/");
}

#[test]
fn source_entries_are_checked_in_site_toml() {
    let n = national(
        "[[sources]]\nlabel = \"Tuyên Quang\"\nurl = \"https://ocop.tq.example.vn/\"\npath = \"../tq\"\n\n\
         [[sources]]\nlabel = \"Lào Cai\"\nkey = \"Lào Cai\"\npath = \"../lc\"\n\n\
         [[sources]]\nlabel = \"Hà Nội\"\nurl = \"ftp://ocop.hanoi.example.vn/\"\n\n\
         [[sources]]\nlabel = \"Huế\"\npath = \"../hue\"\ntimeout = 0\n\n\
         [[sources]]\nlabel = \"Cà Mau\"\nkey = \"tuyen-quang\"\npath = \"../cm\"\nbaseurl = \"x\"\n",
    )
    .build();
    n.assert_error(
        "site.toml",
        None,
        Some("sources[0].url"),
        "either `url` or `path`",
    );
    n.assert_error("site.toml", None, Some("sources[1].key"), "is not a slug");
    n.assert_error(
        "site.toml",
        None,
        Some("sources[2].url"),
        "not an http(s) address",
    );
    n.assert_error(
        "site.toml",
        None,
        Some("sources[3].timeout"),
        "not 1 to 600 seconds",
    );
    n.assert_error(
        "site.toml",
        None,
        Some("sources[4].baseurl"),
        "unknown field",
    );
}
