//! The statistics page and its CSV on a catalogue of a published distribution: 266
//! products (197 food, 25 beverages, 24 herbal, 3 textile, 13 souvenir and decoration, 4
//! rural tourism, the last three under their 1048/QĐ-TTg names) from 12 enterprises, 97
//! cooperatives, 3 cooperative groups and 27 households. Every count the page and the CSV
//! show is checked against the numbers the catalogue was made from.

mod common;

use std::collections::BTreeMap;

use common::*;

const GROUPS: [(&str, usize); 6] = [
    ("Thực phẩm", 197),
    ("Đồ uống", 25),
    ("herbal", 24),
    ("Vải và may mặc", 3),
    ("Lưu niệm - nội thất - trang trí", 13),
    ("Dịch vụ du lịch nông thôn, bán hàng", 4),
];
const KINDS: [(&str, usize); 4] = [
    ("enterprise", 12),
    ("cooperative", 97),
    ("cooperative-group", 3),
    ("household", 27),
];

/// Stars of product `i`'s first and second certificates.
fn stars(i: usize) -> (usize, usize) {
    let first = 3 + i % 2;
    let second = if i.is_multiple_of(5) {
        first + 1
    } else {
        first
    };
    (first, second)
}

fn first_year(i: usize) -> usize {
    2019 + i % 4
}

fn distribution() -> SiteTest {
    let mut t = SiteTest::empty().file("site.toml", SITE_TOML);
    let mut producers = Vec::new();
    for (kind, n) in KINDS {
        for _ in 0..n {
            let slug = format!("ct-{}", producers.len());
            t = t.record(
                "producers",
                &slug,
                &format!(
                    "name = \"Chủ thể {}\"\nkind = \"{kind}\"\nprovince = \"Tuyên Quang\"\n",
                    producers.len()
                ),
            );
            producers.push(slug);
        }
    }
    let mut i = 0;
    for (group, n) in GROUPS {
        for _ in 0..n {
            let (s1, s2) = stars(i);
            let former = if i.is_multiple_of(2) {
                "former_province = \"Hà Giang\"\n"
            } else {
                ""
            };
            t = t.product(
                &format!("sp-{i}"),
                &format!(
                    "name = \"Sản phẩm {i}\"\nproducer = \"{}\"\ngroup = \"{group}\"\nprovince = \"Tuyên Quang\"\n{former}\n[[certificates]]\nstars = {s1}\ndecision = \"{i}/QĐ-UBND\"\nissued = {}-03-01\n\n[[certificates]]\nstars = {s2}\ndecision = \"{i}b/QĐ-UBND\"\nissued = 2024-06-01\n",
                    producers[i % producers.len()],
                    first_year(i)
                ),
            );
            i += 1;
        }
    }
    t
}

/// Each figure of the statistics page: its rows (label → shown number).
fn figures(b: &Built) -> BTreeMap<String, Vec<(String, String)>> {
    let doc = b.html("thong-ke/index.html");
    let figure = scraper::Selector::parse("section.figure").unwrap();
    let h2 = scraper::Selector::parse("h2").unwrap();
    let row = scraper::Selector::parse("tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    doc.select(&figure)
        .map(|f| {
            let id = f
                .select(&h2)
                .next()
                .and_then(|h| h.value().attr("id"))
                .unwrap_or_default()
                .to_string();
            let rows = f
                .select(&row)
                .map(|r| {
                    let c: Vec<String> = r
                        .select(&cell)
                        .map(|c| c.text().collect::<String>().trim().to_string())
                        .collect();
                    (c[0].clone(), c[1].clone())
                })
                .collect();
            (id, rows)
        })
        .collect()
}

fn rows(v: &[(&str, usize)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(l, n)| (l.to_string(), n.to_string()))
        .collect()
}

#[test]
fn the_page_and_its_csv_show_exactly_the_published_distribution() {
    let b = distribution().build();
    b.assert_ok();
    let figs = figures(&b);
    assert_eq!(
        figs["theo-nhom"],
        rows(&[
            ("Thực phẩm", 197),
            ("Đồ uống", 25),
            ("Dược liệu", 24),
            ("Thủ công mỹ nghệ", 16),
            ("Sinh vật cảnh", 0),
            ("Du lịch cộng đồng", 4),
        ])
    );
    assert_eq!(
        figs["theo-nhom-1048"],
        rows(&[
            ("Dịch vụ du lịch nông thôn, bán hàng", 4),
            ("Lưu niệm - nội thất - trang trí", 13),
            ("Vải và may mặc", 3),
        ])
    );
    assert_eq!(
        figs["chu-the-theo-loai"],
        rows(&[
            ("Doanh nghiệp", 12),
            ("Hợp tác xã", 97),
            ("Tổ hợp tác", 3),
            ("Hộ sản xuất, kinh doanh", 27),
        ])
    );
    // Stars, upgrades and certificates by year, from the formulas the catalogue was made by.
    let (mut by_stars, mut ups) = ([0usize; 6], 0);
    let mut by_year: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..266 {
        let (s1, s2) = stars(i);
        by_stars[s2] += 1;
        ups += usize::from(s2 > s1);
        *by_year.entry(first_year(i)).or_default() += 1;
    }
    *by_year.entry(2024).or_default() += 266;
    assert_eq!(
        figs["theo-sao"],
        rows(&[
            ("5 sao", by_stars[5]),
            ("4 sao", by_stars[4]),
            ("3 sao", by_stars[3])
        ])
    );
    assert_eq!(
        figs["nang-hang-theo-nam"],
        vec![("2024".to_string(), ups.to_string())]
    );
    let years: Vec<(String, String)> = by_year
        .iter()
        .map(|(y, n)| (y.to_string(), n.to_string()))
        .collect();
    assert_eq!(figs["chung-nhan-theo-nam"], years);
    assert_eq!(figs["theo-tinh"], rows(&[("Tuyên Quang", 266)]));
    assert_eq!(figs["theo-tinh-cu"], rows(&[("Hà Giang", 133)]));
    // Certificates of 2024-06-01 end 2027-06-01: more than 180 days after 2026-11-22.
    assert_eq!(figs["hieu-luc"][0].1, "266");

    // Headline figures.
    let doc = b.html("thong-ke/index.html");
    let headline = texts(&doc, ".headline strong");
    assert_eq!(headline[0], "266");
    assert_eq!(headline[2], "139");

    // The CSV has the same rows.
    let csv = b.read("du-lieu/thong-ke.csv");
    let csv = csv.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["Mã bảng", "Bảng", "Mục", "Số lượng", "Trang"]
    );
    let mut from_csv: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in reader.records() {
        let r = r.unwrap();
        from_csv
            .entry(r[0].to_string())
            .or_default()
            .push((r[2].to_string(), r[3].to_string()));
    }
    for (id, page_rows) in &figs {
        let plain: Vec<(String, String)> = page_rows
            .iter()
            .map(|(l, n)| (l.clone(), n.replace('.', "")))
            .collect();
        assert_eq!(&from_csv[id], &plain, "figure {id}");
    }
}

#[test]
fn every_chart_draws_a_bar_for_each_non_zero_row_and_hides_from_screen_readers() {
    let b = distribution().build();
    let doc = b.html("thong-ke/index.html");
    let figure = scraper::Selector::parse("section.figure").unwrap();
    let svg = scraper::Selector::parse("svg.chart").unwrap();
    let bar = scraper::Selector::parse("rect.chart-bar").unwrap();
    let value = scraper::Selector::parse("tbody td").unwrap();
    let mut charts = 0;
    for f in doc.select(&figure) {
        let Some(chart) = f.select(&svg).next() else {
            continue;
        };
        charts += 1;
        assert_eq!(chart.value().attr("aria-hidden"), Some("true"));
        let non_zero = f
            .select(&value)
            .filter(|v| v.text().collect::<String>().trim() != "0")
            .count();
        assert_eq!(chart.select(&bar).count(), non_zero);
    }
    assert!(charts >= 9, "{charts} charts");
}

#[test]
fn the_home_page_leads_to_the_statistics_and_the_english_page_has_english_headings() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!("{SITE_TOML}languages = [\"vi\", \"en\"]\n"),
        )
        .build();
    b.assert_ok();
    let home = b.html("index.html");
    assert!(attrs(&home, ".stats a", "href").contains(&"/thong-ke/".to_string()));
    let en = b.html("en/thong-ke/index.html");
    assert_eq!(texts(&en, "h1"), vec!["OCOP figures"]);
    let csv = b.read("du-lieu/statistics.csv");
    assert!(
        csv.trim_start_matches('\u{feff}')
            .starts_with("figure,Table,Item,Count,Page\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "theo-sao,Products by stars,4 stars,1,https://ocop.example.gov.vn/en/san-pham/sao/4/"
        ),
        "{csv}"
    );
}
