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

/// Every error of `b`, shown one per line for assertion messages.
fn all_errors(b: &Built) -> String {
    b.errors()
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn unclosed_front_matter_says_it_is_never_closed() {
    let b = SiteTest::new()
        .file(P, format!("+++\n{}Mô tả.\n", product_with("", "")))
        .build();
    let p = b.assert_error(
        P,
        Some(1),
        None,
        "opened with `+++` on line 1 is never closed",
    );
    assert!(p.hint.as_deref().unwrap().contains("add a line `+++`"));
    assert_eq!(b.errors().len(), 1, "{}", all_errors(&b));
}

#[test]
fn site_toml_syntax_error_is_the_only_error() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            common::SITE_TOML.replace("province = \"Tuyên Quang\"", "province = \"Tuyên Quang"),
        )
        .build();
    let p = b.assert_error("site.toml", Some(4), None, "TOML syntax error");
    assert!(p.column.is_some());
    assert!(
        !p.hint.as_deref().unwrap_or("").contains("certificates"),
        "a hint for records: {p}"
    );
    assert_eq!(b.errors().len(), 1, "{}", all_errors(&b));
}

#[test]
fn record_syntax_error_brings_no_missing_field_errors() {
    let b = SiteTest::new()
        .product("x", &product_with("group = \"food\"", "group = \"food"))
        .build();
    b.assert_error(P, Some(4), None, "TOML syntax error");
    assert_eq!(b.errors().len(), 1, "{}", all_errors(&b));
}

#[test]
fn dates_outside_1990_to_2100_are_refused() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("issued = 2025-01-10", "issued = 2025-01-10\nvalid_until = 9999-01-10"),
        )
        .product(
            "y",
            &product_with("issued = 2025-01-10", "issued = \"10/01/0000\""),
        )
        .file(
            "content/fairs/hoi-cho.md",
            "+++\nname = \"Hội chợ\"\nstarts = 2026-01-10\nends = 2101-01-01\nvenue = \"Quảng trường\"\nprovince = \"Tuyên Quang\"\n+++\n",
        )
        .file(
            "content/stories/tin.md",
            "+++\ntitle = \"Tin\"\ndate = 1989-12-31\n+++\n",
        )
        .build();
    let p = b.assert_error(
        P,
        Some(12),
        Some("certificates[0].valid_until"),
        "the year 9999 is outside 1990–2100",
    );
    assert!(p.hint.as_deref().unwrap().contains("1990–2100"));
    b.assert_error(
        "content/products/y.md",
        Some(11),
        Some("certificates[0].issued"),
        "the year 0 is outside",
    );
    b.assert_error(
        "content/fairs/hoi-cho.md",
        Some(4),
        Some("ends"),
        "the year 2101",
    );
    b.assert_error(
        "content/stories/tin.md",
        Some(3),
        Some("date"),
        "the year 1989",
    );
}

#[test]
fn price_above_2_pow_53_or_not_positive_is_refused() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("price = 150000", "price = 9007199254740992"),
        )
        .product("y", &product_with("price = 150000", "price = 0"))
        .product(
            "z",
            &product_with("price = 150000", "price = 9007199254740991"),
        )
        .build();
    b.assert_error(
        P,
        Some(6),
        Some("price"),
        "at most 9007199254740991 (2^53 − 1)",
    );
    b.assert_error(
        "content/products/y.md",
        Some(6),
        Some("price"),
        "more than 0",
    );
    assert_eq!(b.errors().len(), 2, "{}", all_errors(&b));
}

#[test]
fn empty_entries_of_slug_lists_name_their_index() {
    let b = SiteTest::new()
        .product(
            "x",
            &product_with("price = 150000", "price = 150000\nsold_at = [\"  \"]"),
        )
        .file(
            "content/sales-points/diem.md",
            "+++\nname = \"Điểm\"\nkind = \"shop\"\nprovince = \"Tuyên Quang\"\naddress = \"Số 1\"\nproducts = [\"che-shan-tuyet\", \"\"]\n+++\n",
        )
        .file(
            "content/stories/tin.md",
            "+++\ntitle = \"Tin\"\ndate = 2026-01-01\nproducers = \"\"\n+++\n",
        )
        .build();
    b.assert_error(P, Some(7), Some("sold_at[0]"), "empty text in a list");
    b.assert_error(
        "content/sales-points/diem.md",
        Some(6),
        Some("products[1]"),
        "empty text in a list",
    );
    // A field written as empty text is a field left blank, as a form writes it (the editor
    // at /admin/): the same as no field, not an error (docs/content-format.md).
    assert!(
        !b.errors()
            .iter()
            .any(|p| p.file == std::path::Path::new("content/stories/tin.md")),
        "{}",
        all_errors(&b)
    );
    assert_eq!(b.errors().len(), 2, "{}", all_errors(&b));
}

const BAD_BASE_URLS: &[(&str, &str)] = &[
    ("ftp://ocop.example.gov.vn/", "https://"),
    ("https://", "not a host name"),
    ("https:///ocop/", "not a host name"),
    ("https://ocop.example.gov.vn/?a=1", "query"),
    ("https://ocop.example.gov.vn/#top", "fragment"),
    (
        "https://can-bo:mat-khau@ocop.example.gov.vn/",
        "user name or password",
    ),
    ("https://ocop.example.gov.vn/\\\"onload=x", "`\"`"),
    ("https://ocop.example.gov.vn/<b>", "`<`"),
    ("https://ocop example.gov.vn/", "a space"),
    ("https://ocop.example.gov.vn:99999/", "not a port number"),
];

#[test]
fn base_url_must_be_a_plain_web_address() {
    for (bad, why) in BAD_BASE_URLS {
        let b = SiteTest::new()
            .file(
                "site.toml",
                common::SITE_TOML.replace("https://ocop.example.gov.vn/", bad),
            )
            .build();
        let p = b.assert_error(
            "site.toml",
            Some(3),
            Some("base_url"),
            "is not a usable web address",
        );
        assert!(p.message.contains(why), "{bad}: {p}");
        assert_eq!(b.errors().len(), 1, "{bad}: {}", all_errors(&b));
    }
    SiteTest::new()
        .file(
            "site.toml",
            common::SITE_TOML.replace("https://ocop.example.gov.vn/", "http://[::1]:8080/ocop"),
        )
        .build()
        .assert_ok();
}

#[test]
fn base_url_option_gets_the_same_check() {
    for (bad, why) in BAD_BASE_URLS {
        let bad = bad.replace("\\\"", "\"");
        let b = SiteTest::new().base_url(&bad).build();
        let p = b.assert_error(
            "(command line)",
            None,
            Some("--base-url"),
            "is not a usable web address",
        );
        assert!(p.message.contains(why), "{bad}: {p}");
    }
}

/// A name in each of the ways `ocop new` could be given one that breaks TOML or an address.
const AWKWARD_NAMES: &[&str] = &[
    "Mật ong \"rừng\" Hà Giang",
    "Chè C:\\Shan\\tuyết \\u0041",
    "Chè\nShan tuyết Na Hang\n",
    "Trà\r\n+++\r\nhoa vàng",
    "+++ Miến dong",
    "Rượu\tngô '''ba''' \"\"\"lần\"\"\"",
    "Bánh\u{7}\u{1b}[31m gai",
];

/// Runs `ocop new` for each section with the names `names(section)` in a site that has the
/// producer the product skeleton names; asserts that no address is a reserved one and that
/// the site then passes `ocop check`, each product name reading back as written on one line.
fn new_records_pass_check(names: impl Fn(ocop::load::Section) -> Vec<String>) {
    use ocop::load::Section;
    let t = SiteTest::new().file("content/producers/ten-chu-the.md", common::PRODUCER);
    let mut made = Vec::new();
    for section in Section::ALL {
        let reserved = ocop::resolve::reserved_slugs(section);
        for name in names(section) {
            // A plan is named by its year: each gets one of its own.
            let name = if section == Section::Plans {
                format!("{name} {}", 2030 + made.len())
            } else {
                name
            };
            let path = ocop::cli::scaffold::new_record(t.root(), section.kind_name(), &name)
                .unwrap_or_else(|e| panic!("{name:?}: {e}"));
            let rel = path
                .strip_prefix(t.root().join("content").join(section.dir()))
                .unwrap();
            let first = rel.iter().next().unwrap().to_string_lossy();
            let slug = first.trim_end_matches(".md").to_string();
            assert!(
                !reserved.contains(&slug.as_str()),
                "{name:?} made the reserved {slug}"
            );
            made.push((section, slug, name));
        }
    }
    let (site, _, problems) = ocop::build::check(&t.options());
    let errs: Vec<String> = problems.errors().map(|p| p.to_string()).collect();
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    let site = site.expect("checked");
    for (_, slug, name) in made.iter().filter(|(s, ..)| *s == Section::Products) {
        let one_line = name
            .split(|c: char| c.is_whitespace() || c.is_control())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            site.products
                .iter()
                .any(|p| p.common.slug == *slug && p.name == one_line),
            "{slug}: {name:?} did not read back as {one_line:?}"
        );
    }
}

#[test]
fn new_records_never_take_a_reserved_address() {
    new_records_pass_check(|section| {
        ocop::resolve::reserved_slugs(section)
            .iter()
            .map(|w| w.replace('-', " "))
            .collect()
    });
}

#[test]
fn new_record_names_with_quotes_backslashes_and_line_breaks_stay_valid_toml() {
    new_records_pass_check(|_| AWKWARD_NAMES.iter().map(|n| n.to_string()).collect());
}

#[test]
fn link_check_scratch_folder_cannot_be_planted_in_advance() {
    // Files at every name the check used to build into (temp/ocop-links-PID-N): anyone on
    // the machine could create them first, or make them links elsewhere.
    let tmp = std::env::temp_dir();
    let planted: Vec<std::path::PathBuf> = (0..64)
        .map(|n| tmp.join(format!("ocop-links-{}-{n}", std::process::id())))
        .collect();
    for p in &planted {
        let _ = std::fs::write(p, "not yours");
    }
    let t = SiteTest::new();
    let (report, links) = ocop::build::check_links(&t.options(), None);
    let result = (
        report.ok(),
        links.is_some(),
        format!("{:?}", report.problems),
    );
    for p in &planted {
        assert_eq!(
            std::fs::read_to_string(p).ok().as_deref(),
            Some("not yours")
        );
        let _ = std::fs::remove_file(p);
    }
    assert!(result.0 && result.1, "{}", result.2);
}

/// A web server on 127.0.0.1 that answers 200 to everything and counts the requests.
fn counting_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim() != "" {
                line.clear();
            }
            let _ = write!(
                reader.into_inner(),
                "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    (format!("127.0.0.1:{port}"), count)
}

#[test]
fn external_check_skips_this_machine_unless_asked() {
    use std::sync::atomic::Ordering;
    let (host, count) = counting_server();
    let port = host.rsplit(':').next().unwrap();
    let producer = common::PRODUCER.replace(
        "phone = \"0207 000 0101\"",
        &format!("website = \"http://[::ffff:127.0.0.1]:{port}/\""),
    );
    let t = SiteTest::new()
        .file("content/producers/htx-che.md", producer)
        .file(
            "content/pages/lien-ket.md",
            format!(
                "+++\ntitle = \"Liên kết\"\n+++\n[máy này](http://{host}/admin) [tên](http://localhost:{port}/)\n"
            ),
        );
    let (report, links) = ocop::build::check_links(&t.options(), Some(&Default::default()));
    let links = links.expect("built");
    assert_eq!(links.external.len(), 3, "{:?}", links.external);
    assert!(report.ok(), "skipped is not broken: {:?}", report.problems);
    let skipped: Vec<String> = report
        .problems
        .iter()
        .filter(|p| !p.is_error() && p.message.contains("skipped: private address"))
        .map(|p| p.message.clone())
        .collect();
    assert_eq!(skipped.len(), 3, "{:?}", report.problems);
    assert_eq!(count.load(Ordering::SeqCst), 0, "the server was contacted");

    // Asked when the office says so: the server above does answer.
    let opts = ocop::build::links::ExternalOptions {
        private: true,
        ..Default::default()
    };
    let mut direct = ocop::build::links::LinkReport::default();
    direct
        .external
        .insert(format!("http://{host}/admin"), vec!["index.html".into()]);
    assert!(ocop::build::links::check_external(&direct, &opts).is_empty());
    assert!(count.load(Ordering::SeqCst) > 0);
}
