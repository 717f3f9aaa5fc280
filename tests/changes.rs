//! Publishing what changed (src/build/manifest.rs, src/build/changes.rs): every build writes a
//! manifest of its output that matches the files on disk; a file with the same bytes as in
//! the previous build keeps its modification time; `ocop changes` lists what an upload must
//! send and delete, only the files a change shows up in, in an order that never leaves a page
//! linking to a file not yet uploaded; and a manifest it cannot read is an error naming the
//! file and the line.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};
use std::time::SystemTime;

use common::*;
use ocop::base::manifest::{self, Manifest};
use ocop::build::changes::{Plan, load};
use ocop::build::manifest::{FILE, PREVIOUS, Summary, is_bookkeeping};

fn ocop(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run ocop")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn manifest_of(out: &Path) -> Manifest {
    let text = std::fs::read_to_string(out.join(FILE)).expect("the output has a manifest");
    Manifest::parse(&text, &out.join(FILE)).expect("the manifest reads back")
}

/// Every file of the output (not the build's own files at its root), with its time.
fn times(out: &Path) -> BTreeMap<String, SystemTime> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy();
            let rel = rel.replace('\\', "/");
            (rel, e.metadata().unwrap().modified().unwrap())
        })
        .filter(|(rel, _)| !is_bookkeeping(rel))
        .collect()
}

/// The tea cooperative's product of the common fixture (`che-shan-tuyet`, 250,000 đ) and, far
/// from it, a weaving cooperative of another province with three handicrafts, whose pages do
/// not show the tea.
fn two_producers() -> SiteTest {
    let mut t = SiteTest::new().file(
        "content/producers/htx-det.md",
        "+++\nname = \"HTX Dệt thổ cẩm Cao Bằng\"\nkind = \"cooperative\"\nprovince = \"Cao Bằng\"\n+++\nDệt.\n",
    );
    for (slug, stars) in [("khan-tho-cam", 3), ("tui-tho-cam", 4), ("vi-tho-cam", 5)] {
        t = t.product(
            slug,
            &format!("name = \"Sản phẩm {slug}\"\nproducer = \"htx-det\"\ngroup = \"handicrafts\"\nprovince = \"Cao Bằng\"\nprice = 90000\n\n[[certificates]]\nstars = {stars}\ndecision = \"9/QĐ-{slug}\"\nissued = 2025-02-10\n"),
        );
    }
    t
}

/// The common fixture's product at another price.
fn with_price(t: SiteTest, price: u32) -> SiteTest {
    t.file(
        "content/products/che-shan-tuyet.md",
        PRODUCT.replace("price = 250000", &format!("price = {price}")),
    )
}

#[test]
fn manifest_matches_the_files_on_disk() {
    let b = two_producers().build();
    b.assert_ok();
    let text = std::fs::read_to_string(b.out.join(FILE)).unwrap();
    assert!(text.starts_with("ocop-manifest 1\n"), "{text}");
    let m = manifest_of(&b.out);
    // Sorted and deterministic: the text is the manifest written again.
    assert_eq!(m.to_text(), text);
    let on_disk = times(&b.out);
    assert_eq!(
        m.entries.keys().collect::<Vec<_>>(),
        on_disk.keys().collect::<Vec<_>>(),
        "the manifest lists other files than the output has"
    );
    assert!(m.entries.contains_key("index.html"));
    assert!(m.entries.contains_key("search/manifest.json"));
    assert!(m.entries.contains_key("du-lieu/products.csv"));
    for (rel, e) in &m.entries {
        let bytes = std::fs::read(b.out.join(rel)).unwrap();
        assert_eq!(e.size, bytes.len() as u64, "{rel}: size");
        assert_eq!(e.hash, manifest::hash(&bytes), "{rel}: hash");
        assert_eq!(e.mtime, on_disk[rel], "{rel}: time");
    }
    // A first build has nothing to compare with.
    assert_eq!(b.report.changes, None);
    assert!(!b.out.join(PREVIOUS).exists());
}

#[test]
fn rebuild_without_changes_lists_nothing_and_keeps_every_time() {
    let first = two_producers().build();
    first.assert_ok();
    let before = times(&first.out);
    let text = std::fs::read_to_string(first.out.join(FILE)).unwrap();
    let second = first.into_site().build();
    second.assert_ok();
    assert_eq!(second.report.changes, Some(Summary::default()));
    assert_eq!(times(&second.out), before, "a file's time moved");
    assert_eq!(
        std::fs::read_to_string(second.out.join(FILE)).unwrap(),
        text,
        "the manifest of the same output differs"
    );
    let o = ocop(&["changes"], second.site.root());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("Nothing changed"), "{}", stderr(&o));
}

#[test]
fn a_price_edit_lists_only_the_files_that_show_that_product() {
    let first = two_producers().build();
    first.assert_ok();
    let before = times(&first.out);
    let newest_before = before.values().max().copied().unwrap();
    let b = with_price(first.into_site(), 260000).build();
    b.assert_ok();
    let (earlier, later, _) = load(&b.out, None).unwrap();
    let c = later.changes_since(&earlier);
    assert_eq!(
        b.report.changes,
        Some(Summary {
            added: c.added.len(),
            changed: c.changed.len(),
            removed: c.removed.len(),
        })
    );
    // The search index lives in a folder named by its content, wholly replaced when any
    // record changes; everything else that changed shows the price.
    let outside_search = |v: &[String]| -> BTreeSet<String> {
        v.iter()
            .filter(|p| !p.starts_with("search/"))
            .cloned()
            .collect()
    };
    assert!(outside_search(&c.added).is_empty(), "{:?}", c.added);
    assert!(outside_search(&c.removed).is_empty(), "{:?}", c.removed);
    let changed = outside_search(&c.changed);
    assert!(changed.contains("san-pham/che-shan-tuyet/index.html"));
    assert!(changed.contains("du-lieu/products.csv"));
    for unrelated in [
        "san-pham/khan-tho-cam/index.html",
        "san-pham/tui-tho-cam/index.html",
        "san-pham/vi-tho-cam/index.html",
        "chu-the/htx-det/index.html",
        "san-pham/nhom/thu-cong-my-nghe/index.html",
        "style.css",
        "sitemap.xml",
    ] {
        assert!(
            !changed.contains(unrelated),
            "{unrelated} changed: {changed:?}"
        );
    }
    // Exactly the pages that show the product's card or price (its own page, its producer's,
    // the listings it is in, the home page, the search page that names the new index) and the
    // data exports.
    let expected: BTreeSet<String> = [
        "chu-the/htx-che/index.html",
        "chu-the/index.html",
        "chu-the/loai/hop-tac-xa/index.html",
        "chu-the/nhom/thuc-pham/index.html",
        "chu-the/sao/4/index.html",
        "chu-the/tinh/tuyen-quang/index.html",
        "du-lieu/danh-muc-ocop.xlsx",
        "du-lieu/products.csv",
        "du-lieu/products.json",
        "du-lieu/san-pham.csv",
        "index.html",
        "san-pham/che-shan-tuyet/index.html",
        "san-pham/chu-the/hop-tac-xa/index.html",
        "san-pham/index.html",
        "san-pham/nhom/thuc-pham/index.html",
        "san-pham/sao/4/index.html",
        "san-pham/tinh/tuyen-quang/index.html",
        "tim-kiem/index.html",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(changed, expected);
    // Unchanged files kept their time; changed ones are newer than any file before.
    let after = times(&b.out);
    for (rel, t) in &after {
        let unchanged = earlier
            .entries
            .get(rel)
            .is_some_and(|e| e.same_content(&later.entries[rel]));
        if unchanged {
            assert_eq!(
                Some(t),
                before.get(rel),
                "{rel}: an unchanged file's time moved"
            );
        } else {
            assert!(*t > newest_before, "{rel}: a changed file is not newer");
        }
    }
}

#[test]
fn a_removed_product_is_listed_as_removed_after_every_upload() {
    let first = two_producers().build();
    first.assert_ok();
    let b = first
        .into_site()
        .remove("content/products/tui-tho-cam.md")
        .build();
    b.assert_ok();
    let root = b.site.root();
    let plain = stdout(&ocop(&["changes"], root));
    let lines: Vec<&str> = plain.lines().collect();
    let first_removal = lines.iter().position(|l| l.starts_with("D ")).unwrap();
    assert!(
        lines[first_removal..].iter().all(|l| l.starts_with("D ")),
        "removals are not last: {plain}"
    );
    let gone = "san-pham/tui-tho-cam/index.html";
    assert!(
        lines.contains(&format!("D {gone}").as_str()),
        "{gone}: {plain}"
    );
    // The producer's page listed the product: changed, uploaded before the removals.
    assert!(lines.contains(&"M chu-the/htx-det/index.html"), "{plain}");

    let sftp = stdout(&ocop(&["changes", "--format", "sftp"], root));
    let last_put = sftp.rfind("\nput ").unwrap();
    let rm = sftp
        .find("-rm \"san-pham/tui-tho-cam/index.html\"\n")
        .unwrap();
    let rmdir = sftp.find("-rmdir \"san-pham/tui-tho-cam\"\n").unwrap();
    assert!(last_put < rm && rm < rmdir, "{sftp}");

    let lftp = stdout(&ocop(&["changes", "--format", "lftp"], root));
    assert!(lftp.contains("set cmd:fail-exit yes\n"), "{lftp}");
    assert!(
        lftp.contains("put \"chu-the/htx-det/index.html\" -o \"chu-the/htx-det/index.html\"\n"),
        "{lftp}"
    );
    assert!(
        lftp.contains("rm -f \"san-pham/tui-tho-cam/index.html\"\n"),
        "{lftp}"
    );

    // rsync deletes the folder that is gone, not the files of a folder it cannot find.
    let rsync = stdout(&ocop(&["changes", "--format", "rsync"], root));
    let rsync: Vec<&str> = rsync.lines().collect();
    assert!(rsync.contains(&"san-pham/tui-tho-cam"), "{rsync:?}");
    assert!(
        !rsync.contains(&"san-pham/tui-tho-cam/index.html"),
        "{rsync:?}"
    );
    assert!(rsync.contains(&"chu-the/htx-det/index.html"), "{rsync:?}");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&ocop(&["changes", "--format", "json"], root))).unwrap();
    assert!(
        json["removed"]
            .as_array()
            .unwrap()
            .contains(&"san-pham/tui-tho-cam/index.html".into())
    );
    assert_eq!(json["remove_folders"][0], "san-pham/tui-tho-cam");
}

#[test]
fn uploads_put_new_pages_first_and_the_home_page_last() {
    let first = two_producers().build();
    first.assert_ok();
    let b = first
        .into_site()
        .product(
            "non-la",
            "name = \"Nón lá\"\nproducer = \"htx-det\"\ngroup = \"handicrafts\"\nprovince = \"Cao Bằng\"\n\n[[certificates]]\nstars = 3\ndecision = \"10/QĐ-UBND\"\nissued = 2025-03-10\n",
        )
        .build();
    b.assert_ok();
    let (earlier, later, _) = load(&b.out, None).unwrap();
    let plan = Plan::between(&earlier, &later);
    let order: Vec<&str> = plan.uploads.iter().map(|(p, _)| p.as_str()).collect();
    let at = |p: &str| {
        order
            .iter()
            .position(|x| *x == p)
            .unwrap_or_else(|| panic!("{p} is not uploaded: {order:?}"))
    };
    let page = at("san-pham/non-la/index.html");
    assert!(page < at("chu-the/htx-det/index.html"), "{order:?}");
    assert!(
        at("chu-the/htx-det/index.html") < at("sitemap.xml"),
        "{order:?}"
    );
    assert!(at("sitemap.xml") < at("tim-kiem/index.html"), "{order:?}");
    assert_eq!(order.last(), Some(&"index.html"), "{order:?}");
    assert!(plan.new_folders.contains(&"san-pham/non-la".to_string()));
}

#[test]
fn changes_since_a_saved_manifest_include_every_build_after_it() {
    let first = two_producers().build();
    first.assert_ok();
    let saved = first.site.path("uploaded.manifest");
    std::fs::copy(first.out.join(FILE), &saved).unwrap();
    let second = with_price(first.into_site(), 260000).build();
    second.assert_ok();
    let third = second
        .into_site()
        .remove("content/products/vi-tho-cam.md")
        .build();
    third.assert_ok();
    let root = third.site.root();
    let last = stdout(&ocop(&["changes"], root));
    assert!(
        !last.contains("M san-pham/che-shan-tuyet/index.html"),
        "{last}"
    );
    let o = ocop(&["changes", "--since", saved.to_str().unwrap()], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let since = stdout(&o);
    assert!(
        since.contains("M san-pham/che-shan-tuyet/index.html"),
        "{since}"
    );
    assert!(
        since.contains("D san-pham/vi-tho-cam/index.html"),
        "{since}"
    );
    assert!(stderr(&o).contains("uploaded.manifest"), "{}", stderr(&o));
}

#[test]
fn a_corrupt_or_missing_manifest_is_an_error_naming_file_and_line() {
    let b = two_producers().build();
    b.assert_ok();
    let root = b.site.root();
    // The first build replaced no manifest: nothing to compare with by default.
    let o = ocop(&["changes"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(PREVIOUS), "{}", stderr(&o));
    assert!(stderr(&o).contains("--since"), "{}", stderr(&o));

    let text = std::fs::read_to_string(b.out.join(FILE)).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2] = lines[2].replacen(' ', " zz", 1);
    let saved = b.site.path("saved.manifest");
    std::fs::write(&saved, lines.join("\n")).unwrap();
    let o = ocop(&["changes", "--since", saved.to_str().unwrap()], root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("saved.manifest:3:"), "{err}");
    assert!(err.contains("field `hash`"), "{err}");
    assert!(err.contains("help: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let o = ocop(&["changes", "--since", "no-such.manifest"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such.manifest"), "{}", stderr(&o));

    std::fs::write(&saved, "<html>not a manifest</html>\n").unwrap();
    let o = ocop(&["changes", "--since", saved.to_str().unwrap()], root);
    assert!(stderr(&o).contains("saved.manifest:1:"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not an ocop manifest"),
        "{}",
        stderr(&o)
    );

    let o = ocop(&["changes", "--output", "elsewhere"], root);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("ocop build"), "{}", stderr(&o));
}

/// A PNG of `w`×`h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn photos_are_in_the_manifest_and_keep_their_time_when_made_again() {
    let site = SiteTest::new()
        .file(
            "content/products/mat-ong/index.md",
            "+++\nname = \"Mật ong\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\n\n[[certificates]]\nstars = 4\ndecision = \"1/QĐ-UBND\"\nissued = 2025-01-10\n+++\nMật ong.\n",
        )
        .file("content/products/mat-ong/anh.png", png(900, 600));
    let first = site.build();
    first.assert_ok();
    let m = manifest_of(&first.out);
    let photos: Vec<&String> = m
        .entries
        .keys()
        .filter(|p| p.starts_with("san-pham/mat-ong/") && p.ends_with(".webp"))
        .collect();
    assert!(!photos.is_empty(), "{:?}", m.entries.keys());
    let before = times(&first.out);
    for p in &photos {
        let bytes = std::fs::read(first.out.join(p)).unwrap();
        assert_eq!(m.entries[*p].hash, manifest::hash(&bytes), "{p}");
        assert_eq!(m.entries[*p].mtime, before[*p], "{p}");
    }
    // The photo cache gone, every photo is made again, to the same bytes.
    std::fs::remove_dir_all(first.site.path(".ocop-cache")).unwrap();
    let second = first.into_site().build();
    second.assert_ok();
    assert_eq!(second.report.stats.unwrap().images.cached, 0);
    assert_eq!(second.report.changes, Some(Summary::default()));
    assert_eq!(
        times(&second.out),
        before,
        "a photo made again got a new time"
    );
}
