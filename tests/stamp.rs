//! Build stamps (src/build/stamp.rs): `ocop build` with nothing changed does not rebuild, and any
//! change to what the output depends on does.

mod common;

use common::*;

fn stamped() -> SiteTest {
    SiteTest::new().stamped().age_inputs()
}

/// Builds again, the way a second `ocop build` does.
fn again(b: Built) -> Built {
    b.into_site().build()
}

#[test]
fn unchanged_site_is_not_rebuilt_and_reports_the_same_warnings() {
    let first = stamped().build();
    first.assert_ok();
    assert!(!first.report.up_to_date);
    let warnings: Vec<String> = first.warnings().iter().map(|p| p.to_string()).collect();
    assert!(
        !warnings.is_empty(),
        "the fixture should have warnings (no photo)"
    );
    let stats = first.report.stats.unwrap();
    let page = first.read("san-pham/che-shan-tuyet/index.html");

    let second = again(first);
    second.assert_ok();
    assert!(second.report.up_to_date, "an unchanged site was rebuilt");
    let again_warnings: Vec<String> = second.warnings().iter().map(|p| p.to_string()).collect();
    assert_eq!(warnings, again_warnings, "the report differs");
    let s = second.report.stats.unwrap();
    assert_eq!((s.pages, s.files), (stats.pages, stats.files));
    assert_eq!(second.read("san-pham/che-shan-tuyet/index.html"), page);
}

#[test]
fn changed_record_is_rebuilt() {
    let first = stamped().build();
    first.assert_ok();
    let site = first.into_site();
    let text = std::fs::read_to_string(site.path("content/products/che-shan-tuyet.md")).unwrap();
    let b = site
        .file(
            "content/products/che-shan-tuyet.md",
            text.replace("Chè cổ thụ.", "Câu chuyện mới về chè."),
        )
        .age_inputs()
        .build();
    b.assert_ok();
    assert!(!b.report.up_to_date, "a changed record did not rebuild");
    assert!(
        b.read("san-pham/che-shan-tuyet/index.html")
            .contains("Câu chuyện mới về chè")
    );
}

#[test]
fn added_and_removed_files_are_rebuilt() {
    let b = stamped().build();
    b.assert_ok();
    let b = b
        .into_site()
        .file("static/robots-extra.txt", "x")
        .age_inputs()
        .build();
    assert!(!b.report.up_to_date, "an added static file did not rebuild");
    assert_eq!(b.read("robots-extra.txt"), "x");
    let b = again(b);
    assert!(b.report.up_to_date);
    let b = b.into_site().remove("static/robots-extra.txt").build();
    assert!(
        !b.report.up_to_date,
        "a removed static file did not rebuild"
    );
    assert!(!b.out.join("robots-extra.txt").exists());
}

/// A file saved just before a build may change again within the file system's clock tick
/// without its time changing: such a build does not vouch for the next one.
#[test]
fn file_changed_just_before_a_build_makes_the_next_build_run() {
    let first = stamped().build();
    let site = first.into_site();
    // Written now, i.e. within two seconds of the build that follows.
    let text = std::fs::read_to_string(site.path("content/products/che-shan-tuyet.md")).unwrap();
    let b = site
        .file(
            "content/products/che-shan-tuyet.md",
            text.replace("Chè cổ thụ.", "Chè cổ thụ mới."),
        )
        .build();
    assert!(!b.report.up_to_date);
    let b = again(b);
    assert!(!b.report.up_to_date, "a racy file was trusted");
}

#[test]
fn deleted_or_replaced_output_is_rebuilt() {
    let b = stamped().build();
    b.assert_ok();
    std::fs::remove_dir_all(&b.out).unwrap();
    let b = again(b);
    assert!(!b.report.up_to_date, "a deleted output was not rebuilt");
    assert!(b.out.join("index.html").is_file());
    // That build (which skips the fingerprint walk before building) stamps its output too.
    let b = again(b);
    assert!(b.report.up_to_date, "the rebuilt output was not stamped");
}

#[test]
fn another_build_date_or_address_is_rebuilt() {
    let b = stamped().build();
    let site = b
        .into_site()
        .base_url("https://so-cong-thuong.example.vn/ocop/");
    let b = site.build();
    assert!(!b.report.up_to_date, "a new base_url did not rebuild");
    assert!(
        b.read("sitemap.xml")
            .contains("https://so-cong-thuong.example.vn/ocop/")
    );
    let mut opts = b.site.options();
    opts.today = today() + chrono::Duration::days(400);
    let r = ocop::build::build(&opts);
    assert!(!r.up_to_date, "a new build date did not rebuild");
}

#[test]
fn library_builds_without_a_stamp_always_run() {
    let b = SiteTest::new().age_inputs().build();
    let b = again(b);
    assert!(!b.report.up_to_date);
}
