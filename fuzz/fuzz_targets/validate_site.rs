//! Builds a small site in a temporary folder from the fuzz input and runs
//! `ocop::build::check` on it (load, validate, theme), as `ocop check --today 2026-11-22`.
//!
//! The base site is valid: `site.toml`, one producer, one product (a bundle with an SVG
//! photo), one sales point, one fair, one story, one page and one yearly plan, all referring
//! to each other.
//! The input changes one file of it. Its first byte is the mode: the low four bits say what
//! the rest of the input is, the high four bits are flags.
//!
//! | low bits | the rest of the input is                                                   |
//! |----------|----------------------------------------------------------------------------|
//! | 0..=5    | the raw file of a record of `Section::ALL[n]` (products, producers, sales   |
//! |          | points, fairs, stories, pages; with flag `0x20`, 5 is the yearly plan)     |
//! | 6        | the raw `site.toml`                                                        |
//! | 7        | the product's photo (its `photos` and `cover`); flags & 7 pick the name    |
//! |          | (`minh-hoa.svg`, `anh.png`, `anh.jpg`, `anh.webp`, `anh.gif`)              |
//! | 8..=13   | field values spliced into the template of `Section::ALL[n - 8]` (13 with   |
//! |          | flag `0x20`: the plan's)                                                    |
//! | 14       | field values spliced into the `site.toml` template                         |
//! | 15       | `PATH 0xFF BYTES`: any file under `content/` (path sanitised, no `..`)     |
//!
//! In splice modes the rest is split at `0xFF` bytes; part `i` replaces the `i`-th `{{...}}`
//! placeholder of the template as raw TOML (so `"text"`, `4`, `2024-05-20`, `[..]`...), and a
//! missing or empty part leaves the placeholder's valid default. The last placeholder of a record
//! template is its Markdown body.
//!
//! Flags: `0x10` adds the record as a new one (slug `moi`) instead of replacing the base
//! record of its section; `0x20` writes it as a bundle `SLUG/index.md` instead of `SLUG.md`;
//! `0x40` includes drafts; `0x80` passes a sub-path `--base-url`.
//!
//! Must never panic. Also checked: when `check` gives no site or no theme, it reports an error.
//!
//! With `OCOP_FUZZ_VERBOSE=1` in the environment, each run prints the site's files and the
//! problems `check` reported (to look at a crash or a corpus entry).

#![no_main]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Once;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use ocop::build::{BuildOptions, check};
use ocop::load::Section;

const SITE_TOML: &str = r#"title = {{"Sản phẩm OCOP thử"}}
description = {{"Trang thử của bộ fuzz."}}
base_url = {{"https://ocop.example.gov.vn/"}}
language = {{"vi"}}
province = {{"Tuyên Quang"}}
theme = {{"default"}}
expired_products = {{"list"}}
trust_html = {{false}}
per_page = {{2}}
footer = {{"Chân trang"}}

[contact]
office = {{"Văn phòng Điều phối"}}
phone = {{"0207 000 0000"}}
email = {{"ocop@example.gov.vn"}}
website = {{"https://ocop.example.gov.vn/"}}
"#;

const PRODUCT: &str = r#"+++
name = {{"Mật ong bạc hà Mèo Vạc"}}
producer = {{"htx-hoa-da"}}
group = {{"food"}}
subgroup = {{"Mật ong và nông sản sơ chế khác"}}
province = {{"Tuyên Quang"}}
commune = {{"Xã Mèo Vạc"}}
address = {{"Thôn Mẫu Khâu, xã Mèo Vạc"}}
summary = {{"Mật ong từ hoa bạc hà dại."}}
price = {{450000}}
unit = {{"chai 500 ml"}}
photos = {{["minh-hoa.svg"]}}
cover = {{"minh-hoa.svg"}}
tags = {{["mật ong", "Mèo Vạc"]}}
draft = {{false}}
sold_at = {{["diem-ban-ocop"]}}

[specs]
packaging = {{"Chai thủy tinh"}}
net_content = {{"500 ml"}}
shelf_life = {{"24 tháng"}}
certifications = {{["VietGAP"]}}
barcode = {{"8930000100160"}}

[[certificates]]
stars = {{3}}
decision = {{"1234/QĐ-UBND"}}
issued = {{2020-11-20}}
issuer = {{"UBND tỉnh Hà Giang"}}
score = {{69}}

[[certificates]]
stars = {{4}}
decision = {{"2345/QĐ-UBND"}}
issued = {{2024-12-15}}
valid_until = {{2027-12-15}}
revoked = {{2099-01-01}}

[[shops]]
name = {{"Cửa hàng Hoa Đá"}}
url = {{"https://htx-hoa-da.example.vn/mat-ong"}}
+++
{{"Mật ong bạc hà.\n\n## Người Mông nuôi ong\n\nOng nội, *thùng gỗ*."}}"#;

const PRODUCER: &str = r#"+++
name = {{"Hợp tác xã Nông sản Hoa Đá"}}
kind = {{"cooperative"}}
province = {{"Tuyên Quang"}}
commune = {{"Xã Mèo Vạc"}}
address = {{"Thôn Mẫu Khâu"}}
representative = {{"Sùng Mí P"}}
phone = {{"0219 000 0113"}}
email = {{"lienhe@htx-hoa-da.example.vn"}}
website = {{"https://htx-hoa-da.example.vn/"}}
zalo = {{"0219000113"}}
tax_code = {{"0000000113"}}
founded = {{2014}}
members = {{56}}
lat = {{23.1631}}
lon = {{105.4102}}
certifications = {{["VietGAP"]}}
+++
{{"Hợp tác xã của 56 hộ nuôi ong."}}"#;

const SALES_POINT: &str = r#"+++
name = {{"Điểm bán OCOP Tân Trào"}}
kind = {{"sales-point"}}
province = {{"Tuyên Quang"}}
commune = {{"Xã Tân Trào"}}
address = {{"Khu đón tiếp khách, xã Tân Trào"}}
phone = {{"0207 000 0205"}}
hours = {{"7:30–17:30"}}
lat = {{21.7936}}
lon = {{105.4803}}
products = {{["mat-ong-bac-ha"]}}
+++
{{"Điểm bán do hợp tác xã quản lý."}}"#;

const FAIR: &str = r#"+++
name = {{"Hội chợ OCOP 2027"}}
starts = {{2027-04-23}}
ends = {{2027-04-27}}
venue = {{"Sân vận động trung tâm"}}
province = {{"Tuyên Quang"}}
organizer = {{"Văn phòng Điều phối"}}
website = {{"https://hoicho.example.vn/2027/"}}
producers = {{["htx-hoa-da"]}}
products = {{["mat-ong-bac-ha"]}}
+++
{{"Hội chợ *dự kiến*."}}"#;

const STORY: &str = r#"+++
title = {{"Mùa mật bạc hà"}}
date = {{2026-11-02}}
author = {{"Ban biên tập"}}
summary = {{"Mùa hoa bạc hà trên cao nguyên đá."}}
producers = {{["htx-hoa-da"]}}
products = {{["mat-ong-bac-ha"]}}
+++
{{"Đầu tháng 11...\n\n## Hoa bạc hà\n\n> Trích dẫn."}}"#;

const PAGE: &str = r#"+++
title = {{"Giới thiệu"}}
summary = {{"Về danh mục."}}
+++
{{"**Văn phòng**\n\n| a | b |\n|---|---|\n| 1 | 2 |"}}"#;

const PLAN: &str = r#"+++
title = {{"Kế hoạch OCOP năm 2026"}}
year = {{2026}}
decision = {{"38/KH-UBND"}}
issued = {{2026-02-10}}

[[targets]]
kind = {{"upgrade"}}
from = {{3}}
to = {{4}}
count = {{2}}

[[targets]]
kind = {{"new-products"}}
min_stars = {{3}}
group = {{"food"}}
commune = {{"Xã Tân Trào"}}
count = {{5}}

[[targets]]
kind = {{"key-products"}}
products = {{["mat-ong-bac-ha"]}}
+++
{{"Kế hoạch *năm 2026*."}}"#;

const SVG: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60" viewBox="0 0 80 60"><rect width="80" height="60" fill="#fff1d0"/></svg>"##;

const PHOTO_NAMES: [&str; 5] = ["minh-hoa.svg", "anh.png", "anh.jpg", "anh.webp", "anh.gif"];

/// Base slug and template of each section, in `Section::ALL` order.
fn base(section: Section) -> (&'static str, &'static str) {
    match section {
        Section::Products => ("mat-ong-bac-ha", PRODUCT),
        Section::Producers => ("htx-hoa-da", PRODUCER),
        Section::SalesPoints => ("diem-ban-ocop", SALES_POINT),
        Section::Fairs => ("hoi-cho-ocop-2027", FAIR),
        Section::Stories => ("mua-mat", STORY),
        Section::Pages => ("gioi-thieu", PAGE),
        Section::Plans => ("2026", PLAN),
    }
}

/// The section of mode `n` (0..=5): `Section::ALL[n]`, and the plans for 5 with the bundle
/// flag (the seventh section has no mode of its own).
fn section_of(n: usize, bundle: bool) -> Section {
    if n == 5 && bundle {
        Section::Plans
    } else {
        Section::ALL[n]
    }
}

/// Replaces the `i`-th `{{default}}` of `template` by `parts[i]`, or by `default` when that
/// part is missing or empty.
fn splice(template: &str, parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(template.len());
    let mut rest = template;
    let mut i = 0;
    while let Some(open) = rest.find("{{") {
        let close = open + rest[open..].find("}}").expect("unclosed placeholder");
        out.extend_from_slice(rest[..open].as_bytes());
        let default = &rest[open + 2..close];
        match parts.get(i) {
            Some(p) if !p.is_empty() => out.extend_from_slice(p),
            _ if default.starts_with('"') && rest[close + 2..].is_empty() => {
                // The body placeholder: a TOML-like string with `\n` escapes.
                out.extend_from_slice(default.trim_matches('"').replace("\\n", "\n").as_bytes())
            }
            _ => out.extend_from_slice(default.as_bytes()),
        }
        rest = &rest[close + 2..];
        i += 1;
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

fn record_path(section: Section, slug: &str, bundle: bool) -> PathBuf {
    let dir = Path::new("content").join(section.dir());
    if bundle {
        dir.join(slug).join("index.md")
    } else {
        dir.join(format!("{slug}.md"))
    }
}

/// The valid base site, as relative path → bytes.
fn base_site() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    files.insert(PathBuf::from("site.toml"), splice(SITE_TOML, &[]));
    for section in Section::ALL {
        let (slug, template) = base(section);
        let bundle = section == Section::Products;
        files.insert(record_path(section, slug, bundle), splice(template, &[]));
    }
    files.insert(
        Path::new("content/products/mat-ong-bac-ha/minh-hoa.svg").into(),
        SVG.to_vec(),
    );
    files
}

/// Puts `bytes` in place of the base record of `section` (or beside it, as `moi`).
fn put_record(
    files: &mut BTreeMap<PathBuf, Vec<u8>>,
    section: Section,
    bytes: Vec<u8>,
    add: bool,
    bundle: bool,
) {
    let (base_slug, _) = base(section);
    let slug = if add { "moi" } else { base_slug };
    if !add {
        let flat = record_path(section, base_slug, false);
        let dir = Path::new("content").join(section.dir()).join(base_slug);
        files.retain(|p, _| *p != flat && !p.starts_with(&dir));
        if bundle && section == Section::Products {
            files.insert(dir.join("minh-hoa.svg"), SVG.to_vec());
        }
    }
    files.insert(record_path(section, slug, bundle), bytes);
}

/// A relative path under `content/` made from fuzz bytes: a-z 0-9 - _ . / only, no `..`.
fn sanitise_path(raw: &[u8]) -> Option<PathBuf> {
    let s: String = raw
        .iter()
        .take(64)
        .map(|&b| match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => b as char,
            b'A'..=b'Z' => b as char,
            _ => '-',
        })
        .collect();
    let parts: Vec<&str> = s.split('/').filter(|c| !c.is_empty()).collect();
    if parts.is_empty() || parts.len() > 4 || parts.iter().any(|c| c.starts_with("..")) {
        return None;
    }
    Some(Path::new("content").join(parts.join("/")))
}

fn write_site(root: &Path, files: &BTreeMap<PathBuf, Vec<u8>>) -> std::io::Result<()> {
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // A path may collide with a folder made for another file; skip it then.
        if path.is_dir() {
            continue;
        }
        std::fs::write(&path, bytes)?;
    }
    Ok(())
}

fn scratch_parent() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn run(files: &BTreeMap<PathBuf, Vec<u8>>, drafts: bool, base_url: bool) {
    let dir = tempfile::Builder::new()
        .prefix("ocop-fuzz-")
        .tempdir_in(scratch_parent())
        .expect("cannot create a temporary folder");
    if write_site(dir.path(), files).is_err() {
        return;
    }
    let mut opts = BuildOptions::new(dir.path(), today());
    opts.drafts = drafts;
    if base_url {
        opts.base_url = Some("https://so-congthuong.example.gov.vn/ocop/".into());
    }
    let (site, theme, problems) = check(&opts);
    let verbose = std::env::var_os("OCOP_FUZZ_VERBOSE").is_some();
    for p in problems.sorted() {
        let text = p.to_string();
        if verbose {
            eprintln!("{text}");
        }
    }
    if verbose {
        for (rel, bytes) in files {
            eprintln!("--- {}\n{}", rel.display(), String::from_utf8_lossy(bytes));
        }
    }
    if site.is_none() || theme.is_none() {
        assert!(
            problems.has_errors(),
            "check gave no site or no theme without reporting an error"
        );
    }
}

static BASE_OK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // The harness itself: the base site must pass, or the fuzzer only explores error paths.
    BASE_OK.call_once(|| {
        let dir = tempfile::tempdir_in(scratch_parent()).unwrap();
        write_site(dir.path(), &base_site()).unwrap();
        let (_, _, problems) = check(&BuildOptions::new(dir.path(), today()));
        if problems.has_errors() {
            eprintln!("validate_site: WARNING: the base site of the harness has errors:");
            for p in problems.sorted() {
                eprintln!("{p}");
            }
        }
    });

    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let kind = mode & 0x0f;
    let flags = mode >> 4;
    let add = flags & 1 != 0;
    let bundle = flags & 2 != 0;
    let drafts = flags & 4 != 0;
    let base_url = flags & 8 != 0;

    let mut files = base_site();
    match kind {
        0..=5 => put_record(
            &mut files,
            section_of(kind as usize, bundle),
            rest.to_vec(),
            add,
            bundle,
        ),
        6 => {
            files.insert("site.toml".into(), rest.to_vec());
        }
        7 => {
            // The product lists the photo (placeholders 10 and 11: `photos`, `cover`).
            let name = PHOTO_NAMES[(flags & 7) as usize % PHOTO_NAMES.len()];
            let photos = format!("[\"{name}\"]");
            let cover = format!("\"{name}\"");
            let mut parts: Vec<&[u8]> = vec![b""; 10];
            parts.push(photos.as_bytes());
            parts.push(cover.as_bytes());
            put_record(
                &mut files,
                Section::Products,
                splice(PRODUCT, &parts),
                false,
                true,
            );
            files.insert(
                Path::new("content/products/mat-ong-bac-ha").join(name),
                rest.to_vec(),
            );
        }
        8..=13 => {
            let section = section_of((kind - 8) as usize, bundle);
            let parts: Vec<&[u8]> = rest.split(|&b| b == 0xff).collect();
            let bytes = splice(base(section).1, &parts);
            put_record(&mut files, section, bytes, add, bundle);
        }
        14 => {
            let parts: Vec<&[u8]> = rest.split(|&b| b == 0xff).collect();
            files.insert("site.toml".into(), splice(SITE_TOML, &parts));
        }
        _ => {
            let (path, bytes) = match rest.iter().position(|&b| b == 0xff) {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &[][..]),
            };
            let Some(path) = sanitise_path(path) else {
                return;
            };
            files.insert(path, bytes.to_vec());
        }
    }
    run(&files, drafts, base_url);
});
