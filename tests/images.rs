//! The photo pipeline on real JPEG and PNG files made in the test: variants, orientation,
//! metadata stripping, the cache, and bad photos.

mod common;

use common::*;

/// A JPEG `w`×`h` (as stored) with an EXIF block saying "rotate 90°" and a GPS position.
fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&img)
        .unwrap();
    // TIFF (big endian): IFD0 with Orientation = 6 and a GPS IFD pointer; GPS IFD with
    // GPSLatitudeRef = "N".
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend([0, 2]); // two entries
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation SHORT 6
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at offset 38
    tiff.extend([0, 0, 0, 0]); // no next IFD
    tiff.extend([0, 1]); // GPS IFD: one entry
    tiff.extend([0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]); // GPSLatitudeRef ASCII "N"
    tiff.extend([0, 0, 0, 0]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let len = (app1.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend(len.to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

const PRODUCT: &str = "+++\nname = \"Mật ong bạc hà\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\n\n[[certificates]]\nstars = 4\ndecision = \"1/QĐ-UBND\"\nissued = 2025-01-10\n+++\nMật ong.\n";

fn site_with_photo(name: &str, bytes: Vec<u8>) -> SiteTest {
    SiteTest::new()
        .file("content/products/mat-ong/index.md", PRODUCT)
        .file(&format!("content/products/mat-ong/{name}"), bytes)
}

fn outputs(b: &Built) -> Vec<String> {
    let dir = b.out.join("san-pham/mat-ong");
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    v.sort();
    v
}

#[test]
fn photo_becomes_oriented_stripped_responsive_variants() {
    let b = site_with_photo("anh.jpg", jpeg_with_exif(2400, 1600)).build();
    b.assert_ok();
    let files = outputs(&b);
    // 5 widths (192 for search thumbnails, 360, 720, 1200, and the photo's own 1600) ×
    // (WebP + JPEG) + the social card; the original is not published.
    assert_eq!(files.len(), 11, "{files:?}");
    assert!(
        !files.contains(&"anh.jpg".to_string()),
        "original published"
    );
    // Stored 2400×1600, turned upright by EXIF: 1600×2400, so the widest version is the
    // photo's own 1600 pixels (never upscaled to 1800).
    let widest = files
        .iter()
        .find(|f| f.ends_with("-1600.jpg"))
        .expect("a 1600 px version");
    let big = image::open(b.out.join("san-pham/mat-ong").join(widest)).unwrap();
    assert_eq!((big.width(), big.height()), (1600, 2400));
    assert!(
        !files.iter().any(|f| f.contains("-1800.")),
        "upscaled: {files:?}"
    );
    for f in &files {
        let bytes = std::fs::read(b.out.join("san-pham/mat-ong").join(f)).unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{f} still carries EXIF metadata"
        );
    }
    let og = files.iter().find(|f| f.ends_with("-og.jpg")).unwrap();
    let card = image::open(b.out.join("san-pham/mat-ong").join(og)).unwrap();
    assert_eq!((card.width(), card.height()), (1200, 630));

    let d = b.html("san-pham/mat-ong/index.html");
    let webp = attrs(&d, "picture source[type='image/webp']", "srcset");
    assert!(webp[0].contains("-360.webp 360w"), "{webp:?}");
    let imgs = attrs(&d, "picture img", "width");
    assert!(!imgs.is_empty());
    let og_meta = attrs(&d, "meta[property='og:image']", "content");
    assert!(og_meta[0].starts_with("https://ocop.example.gov.vn/san-pham/mat-ong/anh-"));
    assert!(og_meta[0].ends_with("-og.jpg"));
}

#[test]
fn exif_orientation_is_applied() {
    let b = site_with_photo("anh.jpg", jpeg_with_exif(1000, 500)).build();
    b.assert_ok();
    let files = outputs(&b);
    let largest = files
        .iter()
        .find(|f| f.ends_with("-500.jpg"))
        .expect("own width 500 after rotation");
    let img = image::open(b.out.join("san-pham/mat-ong").join(largest)).unwrap();
    assert_eq!((img.width(), img.height()), (500, 1000), "rotated by EXIF");
}

#[test]
fn unchanged_photos_are_not_processed_again() {
    let first = site_with_photo("anh.jpg", jpeg_with_exif(800, 600)).build();
    first.assert_ok();
    assert_eq!(first.report.stats.unwrap().images.processed, 1);
    let again = first.into_site().build();
    again.assert_ok();
    let s = again.report.stats.unwrap().images;
    assert_eq!(
        (s.processed, s.cached),
        (0, 1),
        "the photo was decoded again"
    );
}

#[test]
fn truncated_photo_is_an_error_naming_the_file() {
    let mut bytes = jpeg_with_exif(800, 600);
    bytes.truncate(bytes.len() / 3);
    let b = site_with_photo("anh.jpg", bytes).build();
    let errs: Vec<String> = b.errors().iter().map(|p| p.to_string()).collect();
    assert!(
        errs.iter()
            .any(|e| e.contains("content/products/mat-ong/anh.jpg")
                && e.contains("cannot be processed")),
        "{errs:?}"
    );
    assert!(!b.out.exists(), "a partial site was written");
}

#[test]
fn decompression_bomb_is_refused_before_decoding() {
    // A PNG header claiming 20000×20000 pixels, with no image data behind it.
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(20000u32.to_be_bytes());
    chunk.extend(20000u32.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
    png.extend(&chunk);
    png.extend(crc32(&chunk).to_be_bytes());
    // A little compressed data and the end chunk, as a real (malicious) file would have.
    for (kind, data) in [
        (
            &b"IDAT"[..],
            &[0x78u8, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01][..],
        ),
        (b"IEND", &[]),
    ] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend(data);
        png.extend(&c);
        png.extend(crc32(&c).to_be_bytes());
    }
    let b = site_with_photo("anh.png", png).build();
    b.assert_error(
        "content/products/mat-ong/index.md",
        None,
        Some("photos"),
        "more than the limit of 100 megapixels",
    );
}

#[test]
fn image_settings_are_validated() {
    let b = SiteTest::new()
        .file(
            "site.toml",
            format!(
                "{}\n[images]\nwidths = [10, 720]\njpeg_quality = 101\n",
                common::SITE_TOML
            ),
        )
        .build();
    b.assert_error("site.toml", Some(7), Some("images.widths"), "out of range");
    b.assert_error(
        "site.toml",
        Some(8),
        Some("images.jpeg_quality"),
        "quality must be 1 to 100",
    );
}

/// CRC-32 (IEEE), as PNG chunks use.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn heic_photo_in_a_bundle_is_a_warning_not_silence() {
    let b = site_with_photo("IMG_0001.HEIC", b"not really heic".to_vec()).build();
    b.assert_ok();
    b.assert_warning(
        "content/products/mat-ong/index.md",
        Some("photos"),
        "`IMG_0001.HEIC` is in a format that cannot be published",
    );
}

/// An SVG with the usual ways of running script from a picture.
const HOSTILE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="800" height="600" onload="alert(1)"><script>alert(2)</script><circle cx="5" cy="5" r="4" fill="#e9a23b"/><a xlink:href="javascript:alert(3)"><text x="1" y="9">Mật ong</text></a><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>alert(4)</script></body></foreignObject></svg>"##;

/// What no published SVG may hold.
fn assert_svg_inert(what: &str, svg: &[u8]) {
    let text = String::from_utf8_lossy(svg).to_ascii_lowercase();
    for bad in ["script", "onload", "javascript", "foreignobject"] {
        assert!(!text.contains(bad), "{what} still has {bad}: {text}");
    }
    assert!(text.contains("<circle"), "{what} lost its drawing: {text}");
}

#[test]
fn svg_photos_static_files_and_theme_files_are_published_without_script() {
    let b = site_with_photo("anh.svg", HOSTILE_SVG.into())
        .file("static/logo.svg", HOSTILE_SVG)
        .file("static/hinh/ban-do.SVG", HOSTILE_SVG)
        .file("themes/default/static/trang-tri.svg", HOSTILE_SVG)
        .build();
    b.assert_ok();
    for rel in [
        "san-pham/mat-ong/anh.svg",
        "logo.svg",
        "hinh/ban-do.SVG",
        "trang-tri.svg",
    ] {
        let bytes = std::fs::read(b.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_svg_inert(rel, &bytes);
    }
}

#[test]
fn svg_files_served_by_ocop_serve_are_sanitised_as_in_the_build() {
    use ocop::serve::incremental::{Body, Changes, Engine, Options, Rebuilt};
    let site = site_with_photo("anh.svg", HOSTILE_SVG.into()).file("static/logo.svg", HOSTILE_SVG);
    let mut engine = Engine::new(Options {
        root: std::path::absolute(site.root()).unwrap(),
        base_url: "http://127.0.0.1:1111/".into(),
        today: common::today(),
        drafts: false,
    });
    let Rebuilt::Site(g) = engine.rebuild(&Changes::All).0 else {
        panic!("the site did not build");
    };
    for rel in ["san-pham/mat-ong/anh.svg", "logo.svg"] {
        let bytes = match g.get(rel).expect("no error").expect("served") {
            Body::Bytes(b) => b.to_vec(),
            Body::File(p) => std::fs::read(p).unwrap(),
        };
        assert_svg_inert(rel, &bytes);
    }
}

#[test]
fn svg_that_is_not_well_formed_is_an_error_naming_the_file() {
    let b = site_with_photo(
        "anh.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"6\"><g></svg>".to_vec(),
    )
    .build();
    b.assert_error(
        "content/products/mat-ong/anh.svg",
        None,
        None,
        "SVG cannot be published",
    );
    let b = SiteTest::new()
        .file(
            "static/logo.svg",
            "<!DOCTYPE svg [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>",
        )
        .build();
    b.assert_error("static/logo.svg", None, None, "entities");
}

#[test]
fn example_site_svgs_are_published_unchanged() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["content", "static", "themes"] {
        for e in walkdir::WalkDir::new(repo.join(dir)) {
            let e = e.unwrap();
            if ocop::base::svg::is_svg(e.path()) {
                let bytes = std::fs::read(e.path()).unwrap();
                let clean = ocop::base::svg::sanitise_svg(&bytes)
                    .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
                assert_eq!(
                    String::from_utf8_lossy(&clean),
                    String::from_utf8_lossy(&bytes),
                    "{}",
                    e.path().display()
                );
                n += 1;
            }
        }
    }
    assert!(n >= 90, "only {n} SVG files found");
}
