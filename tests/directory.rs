//! The supplier directory (`/chu-the/`): static pages per province, kind, product group and
//! best star rating, paginated like the product listings, each entry with what a buyer
//! screens on.

mod common;

use common::*;

const PER_PAGE_2: &str = r#"title = "Sản phẩm OCOP thử nghiệm"
description = "Trang thử nghiệm"
base_url = "https://ocop.example.gov.vn/"
province = "Tuyên Quang"
per_page = 2
"#;

/// Three producers: two in Tuyên Quang (a cooperative making food and drinks, a household
/// whose only product has expired), one enterprise in Lào Cai.
fn three_producers() -> SiteTest {
    SiteTest::new()
        .file("site.toml", PER_PAGE_2)
        .file(
            "content/producers/htx-che.md",
            r#"+++
name = "HTX Chè Shan tuyết Na Hang"
kind = "cooperative"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
phone = "0207 000 0101"
email = "htx@che.example.vn"
+++
"#,
        )
        .file(
            "content/producers/ho-banh.md",
            r#"+++
name = "Hộ kinh doanh Bánh gai"
kind = "household"
province = "Tuyên Quang"
+++
"#,
        )
        .file(
            "content/producers/cong-ty-ruou.md",
            r#"+++
name = "Công ty Rượu ngô Bắc Hà"
kind = "enterprise"
province = "Lào Cai"
phone = "0214 000 0126"
+++
"#,
        )
        .product(
            "che-shan-tuyet",
            r#"name = "Chè Shan tuyết Na Hang"
producer = "htx-che"
group = "food"
province = "Tuyên Quang"

[[certificates]]
stars = 4
decision = "1234/QĐ-UBND"
issued = 2025-03-10

[specs]
barcode = "8930000100016"
capacity = "12 tấn/năm"
min_order = "20 hộp"
"#,
        )
        .product(
            "tra-hoa-vang",
            r#"name = "Trà hoa vàng"
producer = "htx-che"
group = "beverages"
province = "Tuyên Quang"

[[certificates]]
stars = 5
decision = "99/QĐ-TTg"
issued = 2025-06-01
"#,
        )
        .product(
            "banh-gai",
            r#"name = "Bánh gai"
producer = "ho-banh"
group = "food"
province = "Tuyên Quang"

[[certificates]]
stars = 3
decision = "0500/QĐ-UBND"
issued = 2021-01-05
"#,
        )
        .product(
            "ruou-ngo",
            r#"name = "Rượu ngô Bắc Hà"
producer = "cong-ty-ruou"
group = "beverages"
province = "Lào Cai"

[[certificates]]
stars = 3
decision = "0700/QĐ-UBND"
issued = 2025-02-01
"#,
        )
}

/// The producer names listed on a directory page.
fn entries(b: &Built, rel: &str) -> Vec<String> {
    texts(&b.html(rel), ".supplier-name")
}

#[test]
fn directory_is_paginated_by_the_listing_page_size_in_province_order() {
    let b = three_producers().build();
    b.assert_ok();
    assert_eq!(
        entries(&b, "chu-the/index.html"),
        ["Công ty Rượu ngô Bắc Hà", "Hộ kinh doanh Bánh gai"]
    );
    assert_eq!(
        entries(&b, "chu-the/trang/2/index.html"),
        ["HTX Chè Shan tuyết Na Hang"]
    );
    let d = b.html("chu-the/index.html");
    assert_eq!(texts(&d, ".directory-province"), ["Lào Cai", "Tuyên Quang"]);
    assert_eq!(
        attrs(&d, ".pagination a[rel=next]", "href"),
        ["/chu-the/trang/2/"]
    );
    assert_eq!(texts(&d, ".result-count"), ["3 chủ thể"]);
}

#[test]
fn directory_filters_by_province_kind_group_and_best_stars() {
    let b = three_producers().build();
    b.assert_ok();
    for (page, expected) in [
        (
            "chu-the/tinh/tuyen-quang/index.html",
            vec!["Hộ kinh doanh Bánh gai", "HTX Chè Shan tuyết Na Hang"],
        ),
        (
            "chu-the/tinh/lao-cai/index.html",
            vec!["Công ty Rượu ngô Bắc Hà"],
        ),
        (
            "chu-the/loai/hop-tac-xa/index.html",
            vec!["HTX Chè Shan tuyết Na Hang"],
        ),
        (
            "chu-the/loai/ho-kinh-doanh/index.html",
            vec!["Hộ kinh doanh Bánh gai"],
        ),
        ("chu-the/loai/to-hop-tac/index.html", vec![]),
        (
            "chu-the/nhom/do-uong/index.html",
            vec!["Công ty Rượu ngô Bắc Hà", "HTX Chè Shan tuyết Na Hang"],
        ),
        // A group counts the producer's published products, expired ones included.
        (
            "chu-the/nhom/thuc-pham/index.html",
            vec!["Hộ kinh doanh Bánh gai", "HTX Chè Shan tuyết Na Hang"],
        ),
        // Best stars count only valid certificates: the bakery's has expired.
        (
            "chu-the/sao/5/index.html",
            vec!["HTX Chè Shan tuyết Na Hang"],
        ),
        ("chu-the/sao/4/index.html", vec![]),
        ("chu-the/sao/3/index.html", vec!["Công ty Rượu ngô Bắc Hà"]),
    ] {
        assert_eq!(entries(&b, page), expected, "{page}");
    }
}

#[test]
fn directory_facets_show_counts_and_mark_the_current_filter() {
    let b = three_producers().build();
    b.assert_ok();
    let d = b.html("chu-the/nhom/do-uong/index.html");
    let chips = texts(&d, ".facets a");
    for chip in [
        "Lào Cai 1",
        "Tuyên Quang 2",
        "Hợp tác xã 1",
        "Doanh nghiệp 1",
        "Tổ hợp tác 0",
        "Thực phẩm 2",
        "Đồ uống 2",
        "5 sao 1",
        "4 sao 0",
        "3 sao 1",
    ] {
        assert!(
            chips.iter().any(|c| c == chip),
            "no facet {chip:?} in {chips:?}"
        );
    }
    assert_eq!(texts(&d, ".facets a[aria-current]"), ["Đồ uống 2"]);
    assert_eq!(
        attrs(&d, ".other-links a", "href"),
        ["/chu-the/"],
        "a filtered page links back to the whole directory"
    );
    // No JavaScript: the filters are plain links to static pages (the one script, which
    // every page has, only updates certificate statuses to the reader's date).
    assert!(
        attrs(&d, "script[src]", "src")
            .iter()
            .all(|s| s.starts_with("/status.js?v="))
    );
    assert!(
        attrs(&d, "form", "action")
            .iter()
            .all(|a| !a.contains("chu-the"))
    );
}

#[test]
fn directory_entry_shows_what_a_buyer_screens_on() {
    let b = three_producers().build();
    b.assert_ok();
    let html = b.html("chu-the/loai/hop-tac-xa/index.html");
    assert_eq!(
        texts(&html, ".supplier-name"),
        ["HTX Chè Shan tuyết Na Hang"]
    );
    assert_eq!(
        texts(&html, ".sp-name"),
        ["Trà hoa vàng", "Chè Shan tuyết Na Hang"],
        "products by stars"
    );
    assert_eq!(
        attrs(&html, ".stars", "aria-label"),
        ["5 sao OCOP", "4 sao OCOP"]
    );
    let facts = texts(&html, ".sp-facts");
    assert_eq!(
        facts[1],
        "Hiệu lực đến 10/03/2028 · Có mã vạch · Năng lực: 12 tấn/năm · Đơn tối thiểu: 20 hộp"
    );
    assert!(facts[0].contains("Chưa có mã vạch"), "{facts:?}");
    assert!(
        texts(&html, ".card-facts")[0].contains("1/2 có mã vạch"),
        "{:?}",
        texts(&html, ".card-facts")
    );
    assert_eq!(attrs(&html, ".c-phone a", "href"), ["tel:02070000101"]);
    assert_eq!(
        attrs(&html, ".c-email a", "href"),
        ["mailto:htx@che.example.vn"]
    );

    let bakery = b.html("chu-the/loai/ho-kinh-doanh/index.html");
    assert_eq!(texts(&bakery, ".badge"), ["Hết hạn"]);
    assert!(texts(&bakery, ".sp-facts")[0].starts_with("Hết hiệu lực ngày 05/01/2024"));
    // Without a phone or e-mail the entry points to the producer's page.
    assert_eq!(
        attrs(&bakery, ".supplier .card-address a", "href"),
        ["/chu-the/ho-banh/"]
    );
}
