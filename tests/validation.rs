//! One small site per kind of bad input: each asserts the exact file, line and field of the
//! error, and that nothing is written.

mod common;

use common::*;

const P: &str = "content/products/x.md";

/// Front matter of a valid product; tests replace one line of it.
fn product_with(replace: &str, with: &str) -> String {
    let base = "name = \"Mật ong bạc hà\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\nprice = 150000\n\n[[certificates]]\nstars = 4\ndecision = \"12/QĐ-UBND\"\nissued = 2025-01-10\n";
    assert!(base.contains(replace), "{replace}");
    base.replacen(replace, with, 1)
}

#[test]
fn malformed_toml_names_file_and_line() {
    let b = SiteTest::new()
        .product("x", &product_with("group = \"food\"", "group = \"food"))
        .build();
    let p = b.assert_error(P, Some(4), None, "TOML syntax error");
    assert!(p.hint.is_some());
}

#[test]
fn wrong_type_names_the_field() {
    let b = SiteTest::new()
        .product("x", &product_with("price = 150000", "price = \"nhiều\""))
        .build();
    b.assert_error(P, Some(6), Some("price"), "expected a whole number");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let b = SiteTest::new()
        .product("x", &product_with("price = 150000", "prcie = 150000"))
        .build();
    let p = b.assert_error(P, Some(6), Some("prcie"), "unknown field");
    assert_eq!(p.hint.as_deref(), Some("did you mean `price`?"));
}

#[test]
fn missing_required_field() {
    let b = SiteTest::new()
        .product("x", &product_with("name = \"Mật ong bạc hà\"\n", ""))
        .build();
    b.assert_error(P, None, Some("name"), "required field is missing");
}

#[test]
fn stars_out_of_range() {
    let b = SiteTest::new()
        .product("x", &product_with("stars = 4", "stars = 7"))
        .build();
    b.assert_error(
        P,
        Some(9),
        Some("certificates[0].stars"),
        "stars must be 1 to 5, found 7",
    );
}

#[test]
fn impossible_date() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("issued = 2025-01-10", "issued = \"2025-02-30\""),
        )
        .build();
    b.assert_error(
        P,
        Some(11),
        Some("certificates[0].issued"),
        "not a valid date",
    );
}

#[test]
fn certificate_issued_in_the_future() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("issued = 2025-01-10", "issued = 2027-01-10"),
        )
        .build();
    b.assert_error(P, Some(11), Some("certificates[0].issued"), "after today");
}

#[test]
fn revoked_before_issued() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with(
                "issued = 2025-01-10",
                "issued = 2025-01-10\nrevoked = 2024-01-01",
            ),
        )
        .build();
    b.assert_error(
        P,
        Some(12),
        Some("certificates[0].revoked"),
        "revoked is before issued",
    );
}

#[test]
fn fair_ending_before_it_starts() {
    let b = SiteTest::new()
        .file(
            "content/fairs/hoi-cho.md",
            "+++\nname = \"Hội chợ\"\nstarts = 2026-12-10\nends = 2026-12-01\nvenue = \"Quảng trường\"\nprovince = \"Tuyên Quang\"\n+++\n",
        )
        .build();
    b.assert_error(
        "content/fairs/hoi-cho.md",
        Some(4),
        Some("ends"),
        "before it starts",
    );
}

#[test]
fn unknown_group_province_commune_and_kind() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("group = \"food\"", "group = \"weapons\"").replace(
                "province = \"Tuyên Quang\"",
                "province = \"Tuyen Quagn\"\ncommune = \"Xã Hoàn Kiếm\"",
            ),
        )
        .file(
            "content/producers/htx-che.md",
            common::PRODUCER.replace("kind = \"cooperative\"", "kind = \"bank\""),
        )
        .build();
    b.assert_error(P, Some(4), Some("group"), "unknown product group `weapons`");
    let p = b.assert_error(P, Some(5), Some("province"), "unknown province");
    assert_eq!(p.hint.as_deref(), Some("did you mean `Tuyên Quang`?"));
    b.assert_error(
        "content/producers/htx-che.md",
        Some(3),
        Some("kind"),
        "unknown producer kind",
    );
}

#[test]
fn commune_of_another_province_is_an_error() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with(
                "province = \"Tuyên Quang\"",
                "province = \"Tuyên Quang\"\ncommune = \"Hoàn Kiếm\"",
            ),
        )
        .build();
    b.assert_error(
        P,
        Some(6),
        Some("commune"),
        "is not a commune of Tuyên Quang",
    );
}

#[test]
fn commune_tone_placement_is_forgiven() {
    SiteTest::new()
        .product(
            "x",
            &product_with(
                "province = \"Tuyên Quang\"",
                "province = \"Tuyên Quang\"\ncommune = \"Chiêm Hóa\"",
            ),
        )
        .build()
        .assert_ok();
}

#[test]
fn unknown_reference_suggests_a_slug() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("producer = \"htx-che\"", "producer = \"htx-chee\""),
        )
        .build();
    let p = b.assert_error(
        P,
        Some(3),
        Some("producer"),
        "no producer `htx-chee` exists",
    );
    assert_eq!(p.hint.as_deref(), Some("did you mean `htx-che`?"));
}

#[test]
fn unknown_sales_point_in_sold_at() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("price = 150000", "sold_at = [\"khong-co\"]"),
        )
        .build();
    b.assert_error(
        P,
        Some(6),
        Some("sold_at[0]"),
        "no sales-point `khong-co` exists",
    );
}

#[test]
fn duplicate_slug_file_and_bundle() {
    let b = SiteTest::new()
        .file("content/products/che-shan-tuyet/index.md", common::PRODUCT)
        .build();
    let errs = b.errors();
    assert!(
        errs.iter()
            .any(|p| p.message.contains("duplicate slug `che-shan-tuyet`")),
        "{errs:?}"
    );
}

#[test]
fn slugs_of_the_sites_own_pages_are_refused() {
    // `/san-pham/trang/` is the catalogue's pagination, `/chu-the/loai/` the directory by
    // kind, `/tim-kiem/` the search page: a record there would replace them.
    let b = SiteTest::new()
        .file("content/products/trang.md", common::PRODUCT)
        .file(
            "content/producers/loai.md",
            common::PRODUCER.replace("HTX Chè", "HTX Loại"),
        )
        .file("content/pages/tim-kiem.md", "+++\ntitle = \"Tìm\"\n+++\n")
        .build();
    for file in [
        "content/products/trang.md",
        "content/producers/loai.md",
        "content/pages/tim-kiem.md",
    ] {
        b.assert_error(file, None, None, "is taken by the site's own pages");
    }
}

#[test]
fn nfc_and_nfd_names_are_duplicates() {
    // "hòa" written precomposed and decomposed: two files on disk, one name to a reader.
    let nfc = "content/products/h\u{f2}a.md";
    let nfd = "content/products/ho\u{300}a.md";
    let b = SiteTest::new()
        .file(nfc, common::PRODUCT)
        .file(nfd, common::PRODUCT)
        .build();
    let errs: Vec<String> = b.errors().iter().map(|p| p.to_string()).collect();
    assert!(
        errs.iter().any(|e| e.contains("duplicate slug `hòa`")),
        "{errs:?}"
    );
    assert!(
        errs.iter().any(|e| e.contains("rename it to `hoa`")),
        "{errs:?}"
    );
}

#[test]
fn missing_photo() {
    let b = SiteTest::new()
        .file(
            "content/products/x/index.md",
            format!(
                "+++\n{}+++\n",
                product_with("price = 150000", "photos = [\"khong-co.jpg\"]")
            ),
        )
        .build();
    b.assert_error(
        "content/products/x/index.md",
        Some(6),
        Some("photos[0]"),
        "does not exist",
    );
}

#[test]
fn corrupt_photo() {
    let b = SiteTest::new()
        .file(
            "content/products/x/index.md",
            format!("+++\n{}+++\n", product_with("", "")),
        )
        .file("content/products/x/anh.jpg", b"not a jpeg at all")
        .build();
    b.assert_error(
        "content/products/x/index.md",
        None,
        Some("photos"),
        "cannot be read",
    );
}

#[test]
fn photo_path_escaping_the_bundle() {
    let b = SiteTest::new()
        .file("secret.jpg", b"x")
        .file(
            "content/products/x/index.md",
            format!(
                "+++\n{}+++\n",
                product_with("price = 150000", "photos = [\"../../../secret.jpg\"]")
            ),
        )
        .build();
    b.assert_error(
        "content/products/x/index.md",
        Some(6),
        Some("photos[0]"),
        "leaves the record's folder",
    );
}

#[cfg(unix)]
#[test]
fn photo_symlink_pointing_outside_the_site() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("home.jpg");
    std::fs::write(&target, b"x").unwrap();
    let t = SiteTest::new().file(
        "content/products/x/index.md",
        format!("+++\n{}+++\n", product_with("", "")),
    );
    std::os::unix::fs::symlink(&target, t.path("content/products/x/anh.jpg")).unwrap();
    let b = t.build();
    b.assert_error(
        "content/products/x/index.md",
        None,
        Some("photos"),
        "outside the site folder",
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content_is_refused_not_followed() {
    let t = SiteTest::new();
    std::os::unix::fs::symlink(t.path("content/products"), t.path("content/products/loop"))
        .unwrap();
    let b = t.build();
    b.assert_error(
        "content/products/loop",
        None,
        None,
        "symbolic links are not followed",
    );
}

#[test]
fn product_without_certificate() {
    let front = product_with(
        "[[certificates]]\nstars = 4\ndecision = \"12/QĐ-UBND\"\nissued = 2025-01-10\n",
        "",
    );
    let b = SiteTest::new().product("x", &front).build();
    b.assert_error(P, None, Some("certificates"), "no OCOP certificate");
}

#[test]
fn barcode_check_digit() {
    let b = SiteTest::new()
        .product(
            "x",
            &format!(
                "{}\n[specs]\nbarcode = \"8934563138166\"\n",
                product_with("", "")
            ),
        )
        .build();
    let p = b.assert_error(P, Some(14), Some("specs.barcode"), "check digit is wrong");
    assert!(p.message.contains("should be 5"));
}

#[test]
fn empty_file() {
    let b = SiteTest::new().file(P, "").build();
    b.assert_error(P, None, None, "the file is empty");
}

#[test]
fn invalid_utf8() {
    let mut bytes = b"+++\nname = \"M".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\"\n+++\n");
    let b = SiteTest::new().file(P, bytes).build();
    b.assert_error(P, Some(2), None, "not valid UTF-8");
}

#[test]
fn huge_front_matter_is_refused() {
    let big = format!(
        "+++\n{}note = \"{}\"\n+++\n",
        product_with("", ""),
        "a".repeat(2 * 1024 * 1024)
    );
    let b = SiteTest::new().file(P, big).build();
    b.assert_error(P, Some(1), None, "front matter is too large");
}

#[test]
fn fifty_megabyte_file_is_refused_without_reading_it() {
    let b = SiteTest::new()
        .file(P, vec![b'a'; 50 * 1024 * 1024])
        .build();
    b.assert_error(P, None, None, "the file is too large");
}

#[test]
fn javascript_url_is_an_error() {
    let b = SiteTest::new()
        .file(
            "content/producers/htx-che.md",
            common::PRODUCER.replace("phone = ", "website = \"javascript:alert(1)\"\nphone = "),
        )
        .build();
    b.assert_error(
        "content/producers/htx-che.md",
        Some(6),
        Some("website"),
        "is not a web address",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let b = SiteTest::new()
        .product("a", &product_with("stars = 4", "stars = 0"))
        .product("b", &product_with("price = 150000", "prcie = 1"))
        .product("c", &product_with("group = \"food\"", "group = \"x\""))
        .build();
    assert!(b.errors().len() >= 3, "{:?}", b.errors());
}

#[test]
fn old_output_survives_a_failed_build() {
    let first = SiteTest::new().build();
    first.assert_ok();
    let before = snapshot(&first.out);
    assert!(!before.is_empty());
    let b = first
        .into_site()
        .product("x", &product_with("stars = 4", "stars = 9"))
        .build();
    b.assert_error(
        P,
        Some(9),
        Some("certificates[0].stars"),
        "stars must be 1 to 5",
    );
    assert_eq!(snapshot(&b.out), before, "the previous site changed");
    let t = &b.site;
    // No staging folder is left behind either.
    let leftovers: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("building"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn warnings_for_legacy_names_expiry_and_missing_photo() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("province = \"Tuyên Quang\"", "province = \"Hà Giang\"")
                .replace("group = \"food\"", "group = \"Thảo dược\"")
                .replace("issued = 2025-01-10", "issued = 2023-12-20"),
        )
        .product(
            "y",
            &product_with("issued = 2025-01-10", "issued = 2021-01-10"),
        )
        .build();
    b.assert_ok();
    b.assert_warning(P, Some("province"), "merged into Tuyên Quang");
    b.assert_warning(P, Some("group"), "1048/QĐ-TTg group name");
    b.assert_warning(P, Some("certificates"), "within 90 days");
    b.assert_warning(
        "content/products/y.md",
        Some("certificates"),
        "expired on 10/01/2024",
    );
    b.assert_warning(P, None, "no photo");
}

#[test]
fn script_in_text_fields_is_inert() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with(
                "name = \"Mật ong bạc hà\"",
                "name = \"<script>alert(1)</script>\"",
            )
            .replace(
                "price = 150000",
                "price = 150000\nsummary = \"<img src=x onerror=alert(1)>\"",
            ),
        )
        .build();
    b.assert_ok();
    let html = b.read("san-pham/x/index.html");
    assert!(!html.contains("<script>alert(1)"), "raw script in output");
    assert!(!html.contains("<img src=x onerror"), "raw img in output");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_broken_record_is_not_also_reported_as_missing() {
    let b = SiteTest::new()
        .file("content/producers/htx-che.md", "+++\nname = \"HTX\n+++\n")
        .build();
    b.assert_error(
        "content/producers/htx-che.md",
        Some(2),
        None,
        "TOML syntax error",
    );
    assert!(
        !b.errors()
            .iter()
            .any(|p| p.message.contains("no producer `htx-che` exists")),
        "{:?}",
        b.errors()
    );
}
