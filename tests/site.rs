//! End-to-end: the repository's example site and sites made in the test, built for real and
//! checked on the parsed HTML.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use ocop::build::{self, BuildOptions};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example site into a temporary folder.
fn build_example(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut o = BuildOptions::new(repo(), today());
    o.output = Some(out.clone());
    o.base_url = base_url.map(String::from);
    let report = build::build(&o);
    let errs: Vec<String> = report.problems.errors().map(|p| p.to_string()).collect();
    assert!(
        errs.is_empty(),
        "example site has errors:\n{}",
        errs.join("\n")
    );
    assert!(report.stats.is_some());
    (tmp, out)
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

fn doc(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&std::fs::read_to_string(path).unwrap())
}

/// Every internal href/src/srcset of every page resolves to a file of the output.
fn assert_links_resolve(out: &Path, base_path: &str) -> usize {
    let r = ocop::build::links::check(out, base_path);
    assert!(r.broken.is_empty(), "broken links: {:#?}", r.broken);
    r.links
}

#[test]
fn example_site_builds_with_every_page_type() {
    let (_tmp, out) = build_example(None);
    for page in [
        "index.html",
        "san-pham/index.html",
        "san-pham/sao/5/index.html",
        "san-pham/nhom/thuc-pham/index.html",
        "san-pham/tinh/tuyen-quang/index.html",
        "san-pham/chu-the/hop-tac-xa/index.html",
        "san-pham/het-han/index.html",
        "chu-the/index.html",
        "chu-the/loai/ho-kinh-doanh/index.html",
        "diem-ban/index.html",
        "hoi-cho/index.html",
        "cau-chuyen/index.html",
        "cau-chuyen/atom.xml",
        "gioi-thieu/index.html",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let products = std::fs::read_dir(out.join("san-pham")).unwrap().count();
    assert!(products >= 40, "only {products} entries in san-pham/");
}

#[test]
fn every_page_has_title_description_canonical_og_and_one_h1() {
    let (_tmp, out) = build_example(None);
    for page in html_files(&out) {
        let d = doc(&page);
        let name = page.display().to_string();
        assert_eq!(texts(&d, "h1").len(), 1, "{name}: not exactly one h1");
        assert!(!texts(&d, "title")[0].is_empty(), "{name}: empty title");
        assert_eq!(
            attrs(&d, "meta[name=description]", "content").len(),
            1,
            "{name}: description"
        );
        if !name.ends_with("404.html") {
            let canonical = attrs(&d, "link[rel=canonical]", "href");
            assert!(
                canonical[0].starts_with("https://ocop.tuyenquang.example.gov.vn/"),
                "{name}: canonical {canonical:?}"
            );
            assert_eq!(
                attrs(&d, "meta[property='og:url']", "content"),
                canonical,
                "{name}: og:url"
            );
        }
        for img in attrs(&d, "img", "alt") {
            assert!(!img.trim().is_empty(), "{name}: an image without alt text");
        }
        let lang = if page.starts_with(out.join("en")) {
            "en"
        } else {
            "vi"
        };
        assert_eq!(
            attrs(&d, "html", "lang"),
            vec![lang.to_string()],
            "{name}: lang"
        );
    }
}

#[test]
fn example_site_has_no_broken_internal_links() {
    let (_tmp, out) = build_example(None);
    let n = assert_links_resolve(&out, "/");
    assert!(n > 500, "only {n} links checked");
}

#[test]
fn sub_path_hosting_keeps_every_link_inside_the_path() {
    const HOST: &str = "https://so-congthuong.example.gov.vn";
    let (_tmp, out) = build_example(Some("https://so-congthuong.example.gov.vn/ocop"));
    // Every href, src and srcset of every page, Vietnamese and English.
    assert!(out.join("en/index.html").is_file(), "no English pages");
    assert_links_resolve(&out, "/ocop/");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let locs: Vec<&str> = sitemap.lines().filter(|l| l.contains("<loc>")).collect();
    for line in &locs {
        assert!(line.contains(&format!("<loc>{HOST}/ocop/")), "{line}");
    }
    assert!(
        locs.iter().any(|l| l.contains("/ocop/en/san-pham/")),
        "no English pages in the sitemap"
    );
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {HOST}/ocop/sitemap.xml")),
        "{robots}"
    );
    let feed = std::fs::read_to_string(out.join("cau-chuyen/atom.xml")).unwrap();
    assert!(feed.contains(&format!("{HOST}/ocop/cau-chuyen/")));
    let feed_en = std::fs::read_to_string(out.join("en/cau-chuyen/atom.xml")).unwrap();
    assert!(feed_en.contains(&format!("{HOST}/ocop/en/cau-chuyen/")));
    // Feeds, sitemap, data exports (CSV, JSON, calendars), QR codes and the search index:
    // every absolute address stays under the path, and so does every root-relative one
    // written into the search index.
    let mut absolute = 0;
    let mut relative = 0;
    for e in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !["html", "xml", "json", "csv", "ics", "txt", "svg"].contains(&ext) {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap_or_default();
        for (i, _) in text.match_indices(HOST) {
            absolute += 1;
            let rest = &text[i + HOST.len()..];
            assert!(
                rest.starts_with("/ocop/"),
                "{}: an address outside /ocop/: {}",
                p.display(),
                &text[i..(i + 80).min(text.len())]
            );
        }
        if p.starts_with(out.join("search")) && ext == "json" {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let mut strings = Vec::new();
            collect_strings(&v, &mut strings);
            for s in strings.iter().filter(|s| s.starts_with('/')) {
                relative += 1;
                assert!(s.starts_with("/ocop/"), "{}: {s}", p.display());
            }
        }
    }
    assert!(absolute > 500, "only {absolute} absolute addresses checked");
    assert!(
        relative > 50,
        "only {relative} addresses of the search index checked"
    );
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

#[test]
fn building_twice_gives_identical_output() {
    let (_a, out_a) = build_example(None);
    let (_b, out_b) = build_example(None);
    // The site's files; each output's manifest says when its files changed, so differs.
    let site = |out: &Path| {
        let mut files = snapshot(out);
        files.retain(|(rel, _)| !ocop::build::manifest::is_bookkeeping(rel));
        files
    };
    let (sa, sb) = (site(&out_a), site(&out_b));
    assert_eq!(sa.len(), sb.len());
    for ((na, ca), (nb, cb)) in sa.iter().zip(&sb) {
        assert_eq!(na, nb);
        assert!(ca == cb, "{na} differs between two builds");
    }
}

#[test]
fn product_page_shows_certificate_stars_specs_and_structured_data() {
    let b = SiteTest::new()
        .product(
            "mat-ong",
            "name = \"Mật ong bạc hà\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\nprice = 350000\nunit = \"chai 500 ml\"\n\n[[certificates]]\nstars = 3\ndecision = \"100/QĐ-UBND\"\nissued = 2020-06-01\n\n[[certificates]]\nstars = 4\ndecision = \"200/QĐ-UBND\"\nissued = 2024-06-01\nissuer = \"UBND tỉnh Tuyên Quang\"\n\n[specs]\nbarcode = \"8934563138165\"\nshelf_life = \"24 tháng\"\n",
        )
        .build();
    b.assert_ok();
    let d = b.html("san-pham/mat-ong/index.html");
    assert_eq!(texts(&d, "h1"), vec!["Mật ong bạc hà"]);
    let page = texts(&d, "main").join(" ");
    assert!(page.contains("4 sao OCOP"), "stars text missing");
    assert!(page.contains("200/QĐ-UBND"), "current decision missing");
    assert!(page.contains("100/QĐ-UBND"), "star history missing");
    assert!(page.contains("01/06/2027"), "validity date missing");
    assert!(page.contains("350.000 ₫"), "price missing");
    assert!(page.contains("8934563138165"), "barcode missing");
    assert!(page.contains("24 tháng"), "shelf life missing");
    assert!(
        attrs(&d, "[aria-label]", "aria-label")
            .iter()
            .any(|l| l.contains("4 sao")),
        "stars have no accessible label"
    );
    let ld = texts(&d, "script[type='application/ld+json']").join("");
    let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(v["@type"], "Product");
    assert_eq!(
        v["hasCertification"]["certificationRating"]["ratingValue"],
        4
    );
    assert_eq!(v["offers"]["priceCurrency"], "VND");
    assert_eq!(v["gtin13"], "8934563138165");
    assert!(
        !ld.contains("AggregateRating"),
        "OCOP stars are not customer reviews"
    );
}

#[test]
fn expired_product_is_not_in_the_certified_catalogue() {
    let b = SiteTest::new()
        .product(
            "cu",
            "name = \"Sản phẩm cũ\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\n\n[[certificates]]\nstars = 4\ndecision = \"1/QĐ-UBND\"\nissued = 2020-01-01\n",
        )
        .build();
    b.assert_ok();
    let catalogue = texts(&b.html("san-pham/index.html"), "main").join(" ");
    assert!(!catalogue.contains("Sản phẩm cũ"));
    let expired = texts(&b.html("san-pham/het-han/index.html"), "main").join(" ");
    assert!(expired.contains("Sản phẩm cũ"));
    let page = texts(&b.html("san-pham/cu/index.html"), "main").join(" ");
    assert!(page.contains("Hết hạn"), "expired state not shown");
}

#[test]
fn hidden_expired_products_get_no_page() {
    let b = SiteTest::new()
        .file("site.toml", format!("{}expired_products = \"hide\"\n", common::SITE_TOML))
        .product(
            "cu",
            "name = \"Sản phẩm cũ\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\n\n[[certificates]]\nstars = 4\ndecision = \"1/QĐ-UBND\"\nissued = 2020-01-01\n",
        )
        .build();
    b.assert_ok();
    assert!(!b.out.join("san-pham/cu/index.html").exists());
    assert!(!b.out.join("san-pham/het-han/index.html").exists());
}

#[test]
fn sales_point_links_are_merged_from_both_sides() {
    let b = SiteTest::new()
        .file(
            "content/sales-points/cho.md",
            "+++\nname = \"Điểm bán OCOP\"\nkind = \"sales-point\"\nprovince = \"Tuyên Quang\"\naddress = \"Số 1\"\nlat = 21.8\nlon = 105.2\n+++\n",
        )
        .product(
            "mat-ong",
            "name = \"Mật ong\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\nsold_at = [\"cho\"]\n\n[[certificates]]\nstars = 3\ndecision = \"1/QĐ-UBND\"\nissued = 2025-01-01\n",
        )
        .build();
    b.assert_ok();
    let point = texts(&b.html("diem-ban/cho/index.html"), "main").join(" ");
    assert!(
        point.contains("Mật ong"),
        "product missing on sales point page"
    );
    let d = b.html("diem-ban/cho/index.html");
    assert!(
        attrs(&d, "a", "href")
            .iter()
            .any(|h| h.contains("openstreetmap.org")),
        "no map link"
    );
    let product = texts(&b.html("san-pham/mat-ong/index.html"), "main").join(" ");
    assert!(product.contains("Điểm bán OCOP"));
}

#[test]
fn slugs_fold_d_stroke() {
    assert_eq!(
        ocop::base::vietnamese::slugify("Đường phèn Đồng Văn"),
        "duong-phen-dong-van"
    );
}

#[test]
fn init_then_new_records_build_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    ocop::cli::scaffold::init(&root).unwrap();
    let mut o = BuildOptions::new(&root, today());
    let r = build::build(&o);
    assert!(r.ok(), "{:?}", r.problems);
    let producer = ocop::cli::scaffold::new_record(&root, "producer", "Tên chủ thể").unwrap();
    assert!(producer.ends_with("content/producers/ten-chu-the/index.md"));
    let product =
        ocop::cli::scaffold::new_record(&root, "product", "Mật ong bạc hà Đồng Văn").unwrap();
    assert!(product.ends_with("content/products/mat-ong-bac-ha-dong-van/index.md"));
    for kind in ["sales-point", "fair", "story", "page"] {
        ocop::cli::scaffold::new_record(&root, kind, &format!("Mẫu {kind}")).unwrap();
    }
    assert!(ocop::cli::scaffold::new_record(&root, "product", "Mật ong bạc hà Đồng Văn").is_err());
    o.output = Some(tmp.path().join("out"));
    let r = build::build(&o);
    let errs: Vec<String> = r.problems.errors().map(|p| p.to_string()).collect();
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    assert!(
        tmp.path()
            .join("out/san-pham/mat-ong-bac-ha-dong-van/index.html")
            .is_file()
    );
}

#[test]
fn cli_build_reports_problems_and_exit_code() {
    let t = SiteTest::new().product("x", "name = \"x\"\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["build", "--today", "2026-11-22", "--root"])
        .arg(t.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/products/x.md:1:1: field `producer`: required field is missing"),
        "{err}"
    );
    assert!(err.contains("Nothing was written"), "{err}");
}

#[test]
fn check_links_reports_a_broken_link_with_its_page() {
    let t = SiteTest::new().file(
        "themes/default/templates/404.html",
        "<!doctype html><title>x</title><a href=\"{{ site.base_path }}khong-co/\">x</a>",
    );
    let (report, links) = build::check_links(&t.options(), None);
    let links = links.expect("the site was built");
    assert_eq!(links.broken.len(), 1, "{:?}", links.broken);
    assert_eq!(links.broken[0].page, "404.html");
    assert!(
        report
            .problems
            .errors()
            .any(|p| p.message == "broken link `/khong-co/`")
    );
    assert!(
        !t.path("public").exists(),
        "check --links must not write the output"
    );
}

/// A tiny HTTP server on 127.0.0.1 answering `/ok` with 200, `/no-head` with 405 to HEAD and
/// 200 to GET, and everything else with 404. Returns its address.
fn little_web_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if header.trim().is_empty() => break,
                    Ok(_) => {}
                }
            }
            let mut parts = request_line.split_whitespace();
            let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            let status = match (method, path) {
                (_, "/ok") => "200 OK",
                ("HEAD", "/no-head") => "405 Method Not Allowed",
                ("GET", "/no-head") => "200 OK",
                _ => "404 Not Found",
            };
            let mut stream = reader.into_inner();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn check_links_external_asks_each_address_once_and_reports_dead_ones() {
    let server = little_web_server();
    let producer = PRODUCER.replace(
        "phone = \"0207 000 0101\"",
        &format!("phone = \"0207 000 0101\"\nwebsite = \"{server}/ok\""),
    );
    let t = SiteTest::new()
        .file("content/producers/htx-che.md", &producer)
        .file(
            "content/pages/lien-ket.md",
            format!(
                "+++\ntitle = \"Liên kết\"\n+++\n[tốt]({server}/ok) [không HEAD]({server}/no-head) \
                 [hỏng]({server}/mat-roi) [thư](mailto:a@b.vn)\n"
            ),
        );
    // Without --external nothing is asked: the dead address is only counted.
    let (report, links) = build::check_links(&t.options(), None);
    assert!(report.ok(), "{:?}", report.problems);
    let links = links.expect("built");
    assert_eq!(links.external.len(), 3, "{:?}", links.external);
    let ok_pages = &links.external[&format!("{server}/ok")];
    assert!(
        ok_pages.contains(&"lien-ket/index.html".to_string())
            && ok_pages.contains(&"chu-the/htx-che/index.html".to_string()),
        "every page of a link is listed once: {ok_pages:?}"
    );

    // The test server is on this machine, which the check skips unless told otherwise.
    let opts = ocop::build::links::ExternalOptions {
        private: true,
        ..Default::default()
    };
    let (report, _) = build::check_links(&t.options(), Some(&opts));
    let errors: Vec<String> = report
        .problems
        .errors()
        .map(|p| p.message.clone())
        .collect();
    assert_eq!(
        errors,
        vec![format!("external link `{server}/mat-roi` failed: HTTP 404")],
        "only the dead address is reported; a 405 to HEAD is retried as GET"
    );
    let dead = report.problems.errors().next().unwrap();
    assert_eq!(dead.file.to_string_lossy(), "(output)/lien-ket/index.html");
}

#[test]
fn check_links_treats_absolute_links_into_the_site_as_internal() {
    let t = SiteTest::new().file(
        "themes/default/templates/404.html",
        "<!doctype html><title>x</title><a href=\"https://ocop.example.gov.vn/khong-co/\">x</a>\
         <a href=\"https://ocop.example.gov.vn/\">home</a>",
    );
    let (_, links) = build::check_links(&t.options(), None);
    let links = links.expect("built");
    let broken: Vec<&str> = links.broken.iter().map(|b| b.link.as_str()).collect();
    assert_eq!(broken, vec!["https://ocop.example.gov.vn/khong-co/"]);
    assert!(
        links
            .external
            .keys()
            .all(|u| !u.contains("ocop.example.gov.vn"))
    );
}

/// Writes a site of `n` products, big enough that a build takes a moment.

#[test]
fn killed_build_leaves_previous_output_complete() {
    let first = SiteTest::with_products(1500).build();
    first.assert_ok();
    let before = snapshot(&first.out);
    let t = first.into_site();
    for delay_ms in [5u64, 20, 40, 80, 150] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ocop"))
            .args(["build", "--today", "2026-11-22", "--root"])
            .arg(t.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment it died at, the output is a complete site: the old one, or the
        // new one (identical, since nothing changed).
        assert_eq!(
            snapshot(&t.path("public")),
            before,
            "output changed after a kill at {delay_ms} ms"
        );
    }
    // The next build cleans up what the killed ones left.
    let b = t.build();
    b.assert_ok();
    let leftovers: Vec<_> = std::fs::read_dir(b.site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".building-"))
        .collect();
    assert!(leftovers.is_empty());
}

/// Long listings link a window of pages with gaps ("…") between it and the first and last
/// page; the example site's listings are too short to show it.
#[test]
fn long_listing_pagination_links_a_window_with_gaps_that_resolve() {
    let b = SiteTest::with_products(12)
        .file("site.toml", format!("{SITE_TOML}per_page = 1\n"))
        .build();
    b.assert_ok();
    // 13 certified products (the fixture's and 12), one per page; page 7 is in the middle.
    let d = b.html("san-pham/trang/7/index.html");
    let items: Vec<String> = texts(&d, "nav.pagination li")
        .iter()
        .map(|t| t.split_whitespace().last().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        items,
        vec!["trước", "1", "…", "5", "6", "7", "8", "9", "…", "13", "›"],
        "{items:?}"
    );
    assert_eq!(
        attrs(&d, "nav.pagination [aria-current=page]", "href"),
        vec!["/san-pham/trang/7/"]
    );
    assert_eq!(
        attrs(&d, "nav.pagination li.gap", "aria-hidden"),
        vec!["true", "true"],
        "gaps are hidden from screen readers"
    );
    // Every link of the window leads to a page that was written.
    for href in attrs(&d, "nav.pagination a", "href") {
        let file = b.out.join(href.trim_start_matches('/')).join("index.html");
        assert!(file.is_file(), "{href} was not written");
    }
    // The first page has no gap before its window, the last none after it.
    let first: Vec<String> = texts(&b.html("san-pham/index.html"), "nav.pagination li.gap");
    assert_eq!(first.len(), 1);
}

/// A site of products of several star levels, groups and provinces (issue #18).
fn mixed_catalogue() -> SiteTest {
    let mut t = SiteTest::new();
    // (slug, stars, group, province): the fixture's own product is 4 stars, food.
    for (slug, stars, group, province) in [
        ("a", 5, "food", "Tuyên Quang"),
        ("b", 5, "beverages", "Tuyên Quang"),
        ("c", 5, "food", "Hà Nội"),
        ("d", 3, "herbal", "Tuyên Quang"),
        ("e", 4, "beverages", "Hà Nội"),
    ] {
        t = t.product(
            slug,
            &format!("name = \"Sản phẩm {slug}\"\nproducer = \"htx-che\"\ngroup = \"{group}\"\nprovince = \"{province}\"\n\n[[certificates]]\nstars = {stars}\ndecision = \"1/QĐ-{slug}\"\nissued = 2025-01-10\n"),
        );
    }
    t
}

/// A filter link: name, count, href, whether it is the current page.
type FacetItem = (String, String, String, bool);

/// The facets of a listing page: (facet heading, its links).
fn facets_of(d: &scraper::Html) -> Vec<(String, Vec<FacetItem>)> {
    let section = scraper::Selector::parse("nav.facets section.facet").unwrap();
    let h2 = scraper::Selector::parse("h2").unwrap();
    let a = scraper::Selector::parse("li a").unwrap();
    let count = scraper::Selector::parse(".count").unwrap();
    d.select(&section)
        .map(|s| {
            let name = s.select(&h2).next().unwrap().text().collect::<String>();
            let items = s
                .select(&a)
                .map(|a| {
                    let n = a.select(&count).next().unwrap().text().collect::<String>();
                    let label = a.text().collect::<String>();
                    let label = label.trim_end_matches(&n).trim().to_string();
                    let href = a.value().attr("href").unwrap().to_string();
                    (label, n, href, a.value().attr("aria-current").is_some())
                })
                .collect();
            (name, items)
        })
        .collect()
}

/// #18: on a facet page the other facets count that page's products only (values with none
/// are left out) and lead to the combination on the search page; the page's own facet
/// leads to its other pages with their counts, the current one marked.
#[test]
fn filtered_listing_counts_its_own_products_and_links_combinations() {
    let b = mixed_catalogue().build();
    b.assert_ok();
    let d = b.html("san-pham/sao/5/index.html");
    let facets = facets_of(&d);
    let stars = &facets[0].1;
    assert_eq!(
        stars
            .iter()
            .map(|(n, c, h, cur)| (n.as_str(), c.as_str(), h.as_str(), *cur))
            .collect::<Vec<_>>(),
        vec![
            ("5 sao", "3", "/san-pham/sao/5/", true),
            ("4 sao", "2", "/san-pham/sao/4/", false),
            ("3 sao", "1", "/san-pham/sao/3/", false),
        ]
    );
    // Groups: 2 food and 1 drink among the 5-star products; herbal (only 3 stars) is out.
    let groups: Vec<(&str, &str)> = facets[1]
        .1
        .iter()
        .map(|(_, c, h, _)| (h.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        groups,
        vec![
            ("/tim-kiem/?sao=5&nhom=thuc-pham", "2"),
            ("/tim-kiem/?sao=5&nhom=do-uong", "1"),
        ],
        "{facets:?}"
    );
    let provinces: Vec<&str> = facets[2].1.iter().map(|(_, c, _, _)| c.as_str()).collect();
    assert_eq!(
        provinces,
        vec!["1", "2"],
        "Hà Nội 1, Tuyên Quang 2: {facets:?}"
    );
    // The whole catalogue counts everything and links the single-facet pages.
    let all = facets_of(&b.html("san-pham/index.html"));
    assert_eq!(all[1].1[0].1, "3", "food in the whole catalogue");
    assert_eq!(all[1].1[0].2, "/san-pham/nhom/thuc-pham/");
    // Sorting and combining more filters: the search page with this page's filter.
    assert_eq!(
        attrs(&d, ".page-head .refine a", "href"),
        vec!["/tim-kiem/?sao=5"]
    );
    assert_eq!(
        attrs(
            &b.html("san-pham/index.html"),
            ".page-head .refine a",
            "href"
        ),
        vec!["/tim-kiem/"]
    );
}

/// #18: the filters fold behind one "Lọc" control whose summary names the filter in force.
#[test]
fn listing_filters_fold_behind_one_control_naming_the_active_filter() {
    let b = mixed_catalogue().build();
    b.assert_ok();
    let d = b.html("san-pham/nhom/do-uong/index.html");
    assert_eq!(
        texts(&d, "details.filters > summary .filter-chip"),
        vec!["Đang lọc: Đồ uống"]
    );
    assert_eq!(
        texts(&d, "details.filters > summary .filters-name"),
        vec!["Lọc"]
    );
    assert_eq!(texts(&d, "details.filters > nav.facets").len(), 1);
    let all = b.html("san-pham/index.html");
    assert!(texts(&all, "details.filters .filter-chip").is_empty());
}

/// #18: the header's sections and languages are behind a menu button (a `<details>`, no
/// JavaScript); the product page shows the price before the list of facts.
#[test]
fn header_menu_and_product_price_come_first() {
    let b = SiteTest::new().build();
    b.assert_ok();
    let d = b.html("san-pham/che-shan-tuyet/index.html");
    assert_eq!(
        texts(&d, "header details.site-menu > summary"),
        vec!["Menu"]
    );
    assert_eq!(
        texts(&d, "header details.site-menu nav.main-nav a").len(),
        texts(&d, "nav.main-nav a").len()
    );
    let html = b.read("san-pham/che-shan-tuyet/index.html");
    let price = html.find("class=\"price\"").expect("price");
    let facts = html.find("<dl class=\"facts\"").expect("facts");
    let h1 = html.find("<h1").unwrap();
    assert!(h1 < price && price < facts, "name, then price, then facts");
}

/// #18: fairs and stories without a picture get a designed panel (an icon with the fair's
/// date and place, or the story's date), not an empty box.
#[test]
fn pictureless_fair_and_story_cards_get_a_designed_fallback() {
    let b = SiteTest::new()
        .file(
            "content/fairs/hoi-cho.md",
            "+++\nname = \"Hội chợ thử\"\nstarts = 2030-03-07\nends = 2030-03-09\nvenue = \"Nhà văn hóa\"\nprovince = \"Tuyên Quang\"\n+++\nHội chợ.\n",
        )
        .file(
            "content/stories/chuyen.md",
            "+++\ntitle = \"Chuyện thử\"\ndate = 2026-05-04\n+++\nChuyện.\n",
        )
        .build();
    b.assert_ok();
    let fairs = b.html("hoi-cho/index.html");
    assert_eq!(
        texts(&fairs, ".fair-card .card-media .fallback-fair > span"),
        vec!["07", "03/2030", "Tuyên Quang"]
    );
    assert!(texts(&fairs, ".fair-card .img-placeholder").is_empty());
    let stories = b.html("cau-chuyen/index.html");
    assert_eq!(
        texts(&stories, ".story-card .card-media .fallback-story > span"),
        vec!["Câu chuyện", "04/05/2026"]
    );
}
