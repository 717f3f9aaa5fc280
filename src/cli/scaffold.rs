//! `ocop init` and `ocop new`: starting points that build at once.
//!
//! A new site gets a commented `site.toml` and empty section folders; it uses the default
//! theme embedded in the binary. A new record gets every field of its kind, required ones
//! filled with a placeholder to replace and optional ones commented out, so an office can
//! see all it may say without opening the documentation.

use std::path::{Path, PathBuf};

use crate::base::fsutil;
use crate::base::vietnamese::slugify;
use crate::load::Section;

const SITE_TOML: &str = r##"# Site settings. Every field is described in docs/content-format.md.
title = "Sản phẩm OCOP"
description = "Danh mục sản phẩm OCOP (Mỗi xã một sản phẩm)."
# Where the site will be published; a sub-path such as https://example.gov.vn/ocop/ works too.
base_url = "https://ocop.example.gov.vn/"
language = "vi"
# languages = ["vi", "en"]     # adds English pages under /en/ (name_en, summary_en... in records)
# title_en = "OCOP products"
# province = "Tuyên Quang"
theme = "default"
# logo = "logo.svg"            # a file in static/
# expired_products = "list"    # or "hide"
# trust_html = false
# per_page = 24
# footer = "..."

# [colors]                     # theme colours; white text must stay readable on primary
# primary = "#0f3d24"
# accent = "#f2c14e"

# [contact]
# office = "Văn phòng Điều phối Chương trình Nông thôn mới tỉnh ..."
# address = "..."
# phone = "..."
# email = "..."

# A national or regional catalogue merges other ocop sites (docs/national.md):
# [[sources]]
# label = "Tuyên Quang"
# url = "https://ocop.tuyenquang.example.gov.vn/"   # or path = "../tuyen-quang"
"##;

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "{} already exists and is not empty; choose a new folder name",
                dir.display()
            ));
        }
    }
    let mut written = Vec::new();
    let mut write = |rel: &str, text: &str| -> Result<(), String> {
        let p = dir.join(rel);
        fsutil::write(&p, text).map_err(|e| e.to_string())?;
        written.push(p);
        Ok(())
    };
    write("site.toml", SITE_TOML)?;
    for s in Section::ALL {
        write(&format!("content/{}/.gitkeep", s.dir()), "")?;
    }
    write("static/.gitkeep", "")?;
    write(
        "themes/README.md",
        "The site uses the default theme built into `ocop`.\n\nTo change a template, a static file or a text, copy it from the default theme into\n`themes/default/templates/`, `themes/default/static/` or `themes/default/i18n/` and edit\nit there: each file you put here replaces the built-in one of the same path (texts are\nreplaced key by key), the others stay built-in. `ocop theme eject` copies the whole\ntheme here. See docs/themes.md.\n",
    )?;
    write(".gitignore", "/public/\n/.public.*\n/.ocop-cache/\n")?;
    Ok(written)
}

/// Creates a record skeleton; returns its path. The name is written as one line of text
/// (control characters such as line breaks become spaces) through the TOML writer, so any
/// quote, backslash or `+++` in it stays text; an address that the site's own pages use
/// (`trang`, `tim-kiem`...) gets a number (`trang-2`).
pub fn new_record(root: &Path, kind: &str, name: &str) -> Result<PathBuf, String> {
    let section = Section::ALL
        .into_iter()
        .find(|s| s.kind_name() == kind)
        .ok_or_else(|| {
            format!("unknown record kind `{kind}`: use product, producer, sales-point, fair, story, page or plan")
        })?;
    let name = one_line(name);
    if section == Section::Plans {
        return new_plan(root, &name);
    }
    let slug = record_slug(section, &name)?;
    let dir = root.join("content").join(section.dir());
    let (path, other) = if section == Section::Pages {
        (
            dir.join(format!("{slug}.md")),
            dir.join(&slug).join("index.md"),
        )
    } else {
        (
            dir.join(&slug).join("index.md"),
            dir.join(format!("{slug}.md")),
        )
    };
    if path.exists() || other.exists() {
        return Err(format!(
            "a {kind} `{slug}` already exists; choose another name"
        ));
    }
    let text = skeleton(section, &toml_string(&name));
    fsutil::write(&path, text).map_err(|e| e.to_string())?;
    Ok(path)
}

/// `ocop new plan 2026`: `content/plans/2026.md`, a plan of that year with a target of
/// every kind, to keep, change or delete. The name is the year, or a title with the year
/// in it ("Kế hoạch OCOP năm 2026").
fn new_plan(root: &Path, name: &str) -> Result<PathBuf, String> {
    let year = name
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (2018..=2100).contains(y))
        .ok_or_else(|| {
            format!("`{name}` has no year: write the year of the plan, e.g. `ocop new plan 2026`")
        })?;
    let title = if name == year.to_string() {
        format!("Kế hoạch thực hiện Chương trình OCOP năm {year}")
    } else {
        name.to_string()
    };
    let dir = root.join("content").join(Section::Plans.dir());
    let slug = year.to_string();
    let path = dir.join(format!("{slug}.md"));
    if path.exists() || dir.join(&slug).join("index.md").exists() {
        return Err(format!(
            "a plan `{slug}` already exists; edit content/plans/{slug}.md"
        ));
    }
    fsutil::write(&path, plan_skeleton(year, &toml_string(&title))).map_err(|e| e.to_string())?;
    Ok(path)
}

fn plan_skeleton(year: i32, title: &str) -> String {
    format!(
        r#"+++
title = {title}
year = {year}
# decision = "000/KH-UBND"        # the number of the plan or the decision that issued it
# issued = {year}-02-15
# issuer = "UBND tỉnh Tuyên Quang"
# summary = "Một hai câu về mục tiêu của năm."

# Each target is counted from the catalogue within {year}, up to the build date.
# Delete the ones the plan does not have; `label` is the plan's own words (optional).

[[targets]]
kind = "upgrade"                  # products raised from `from` to `to` stars in {year}
from = 3
to = 4
count = 5

[[targets]]
kind = "new-products"             # products first certified in {year}
min_stars = 3
count = 10
# group = "food"                  # only this group
# commune = "Xã Hàm Yên"          # only this commune

[[targets]]
kind = "new-producers"            # producers with `founded = {year}`
kinds = ["cooperative", "enterprise"]
count = 4

[[targets]]
kind = "sales-points"             # sales points with `opened` in {year}
count = 2

[[targets]]
kind = "centres"                  # introduction centres with `opened` in {year}
count = 1

[[targets]]
kind = "fairs"                    # fairs that start in {year}
count = 1

# [[targets]]
# kind = "key-products"           # named products certified 3 stars or more at the end of {year}
# label = "Sản phẩm chủ lực"
# products = ["ten-san-pham"]     # slugs of content/products/
+++
Mục tiêu, nhiệm vụ và giải pháp của kế hoạch.
"#
    )
}

/// `name` as a single line: control characters (line breaks, tabs) become spaces, runs of
/// spaces one space, and the ends are trimmed.
fn one_line(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The address of a new record named `name`: its slug, with `-2` (`-3`...) added when the
/// site's own pages of `section` use that address.
fn record_slug(section: Section, name: &str) -> Result<String, String> {
    let base = slugify(name);
    if base.is_empty() {
        return Err(format!(
            "cannot make an address from the name `{name}`: use letters or digits"
        ));
    }
    let reserved = crate::resolve::reserved_slugs(section);
    if !reserved.contains(&base.as_str()) {
        return Ok(base);
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !reserved.contains(&s.as_str()))
        .ok_or_else(|| format!("cannot make an address from the name `{name}`"))
}

/// `s` as a TOML string value, quotes included.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn skeleton(section: Section, name: &str) -> String {
    match section {
        Section::Products => format!(
            r#"+++
name = {name}
producer = "ten-chu-the"          # slug of a file in content/producers/
group = "food"                    # food | beverages | herbal | handicrafts | ornamentals | tourism
province = "Tuyên Quang"          # one of the 34 provinces since 2025-07-01
# subgroup = "Mật ong và nông sản sơ chế khác"
# former_province = "Hà Giang"    # the province before 2025-07-01, for the figures by it
# commune = "Xã Hàm Yên"
# address = "Thôn ..."
# summary = "Một hai câu giới thiệu sản phẩm."
# price = 150000                  # VND
# unit = "hũ 500 ml"
# photos = ["anh-1.jpg"]          # default: every image in this folder
# cover = "anh-1.jpg"
# illustrative = ["anh-1.jpg"]    # photos that only illustrate: shown with "Ảnh minh họa"
# tags = ["mật ong", "đặc sản"]
# sold_at = ["diem-ban-ocop"]     # slugs of content/sales-points/
# draft = true

[[certificates]]
stars = 3                         # 1 to 5
decision = "0000/QĐ-UBND"
issued = 2026-01-15
# issuer = "UBND tỉnh Tuyên Quang"
# score = 65                      # 0 to 100
# valid_until = 2029-01-15        # default: issued + 36 months
# revoked = 2027-01-01
# document = "quyet-dinh.pdf"     # the decision: a PDF beside index.md, or an https:// address

# [specs]
# packaging = "Hũ thủy tinh"
# net_content = "500 ml"
# shelf_life = "24 tháng"
# ingredients = "..."
# storage = "Nơi khô ráo, thoáng mát"
# certifications = ["VietGAP"]
# barcode = "8930000000000"       # GTIN-8/12/13/14 with a correct check digit
# capacity = "5 tấn/năm"
# min_order = "50 hũ"

# [[shops]]
# name = "Gian hàng trực tuyến"
# url = "https://..."
+++
Câu chuyện sản phẩm: nguồn gốc, cách làm, điều làm nên sự khác biệt.
"#
        ),
        Section::Producers => format!(
            r#"+++
name = {name}
kind = "cooperative"              # enterprise | cooperative | cooperative-group | household
province = "Tuyên Quang"
# commune = "Xã Hàm Yên"
# address = "Thôn ..."
# representative = "Ông/Bà ..."
# phone = "0200 000 000"
# email = "lienhe@example.vn"
# website = "https://..."
# zalo = "0200000000"
# facebook = "https://..."
# tax_code = "..."
# founded = 2015
# members = 12
# lat = 21.82
# lon = 105.21
# certifications = ["VietGAP"]
# photos = ["anh-1.jpg"]
# illustrative = ["anh-1.jpg"]    # photos that only illustrate: shown with "Ảnh minh họa"
+++
Giới thiệu chủ thể: lịch sử, con người, vùng nguyên liệu.
"#
        ),
        Section::SalesPoints => format!(
            r#"+++
name = {name}
kind = "sales-point"              # sales-point | centre | supermarket | shop
province = "Tuyên Quang"
address = "Số ..., đường ..."
# commune = "Phường ..."
# phone = "0200 000 000"
# hours = "7:30–21:00 hằng ngày"
# opened = 2026-03-01             # counted by the plans' sales-point targets
# lat = 21.82
# lon = 105.21
# products = ["ten-san-pham"]     # slugs of content/products/
+++
Giới thiệu điểm bán.
"#
        ),
        Section::Fairs | Section::Stories | Section::Pages | Section::Plans => {
            listing_skeleton(section, name)
        }
    }
}

/// The skeletons of fairs, stories and free pages (`skeleton`).
fn listing_skeleton(section: Section, name: &str) -> String {
    match section {
        Section::Fairs => format!(
            r#"+++
name = {name}
starts = 2027-01-10
ends = 2027-01-14
venue = "Quảng trường ..."
province = "Tuyên Quang"
# address = "Số ..., đường ..., phường ..."   # the venue's address
# lat = 21.82                     # the venue's coordinates: a map link and directions
# lon = 105.21
# organizer = "Sở Công Thương ..."
# website = "https://..."
# producers = ["ten-chu-the"]
# products = ["ten-san-pham"]
+++
Giới thiệu hội chợ.
"#
        ),
        Section::Stories => format!(
            r#"+++
title = {name}
date = 2026-01-01
# author = "..."
# summary = "Một hai câu tóm tắt."
# producers = ["ten-chu-the"]
# products = ["ten-san-pham"]
+++
Nội dung câu chuyện.
"#
        ),
        _ => format!(
            r#"+++
title = {name}
# summary = "Một câu giới thiệu trang."
+++
Nội dung trang.
"#
        ),
    }
}
