//! Deterministic synthetic OCOP catalogue, for benchmarks at national scale.
//!
//! ```sh
//! cargo run --release --example synth -- --products N --out DIR [--seed S] [--photos DIR] [--hugo DIR] [--national]
//! ```
//!
//! Writes a complete, valid `ocop` site into DIR (`site.toml` and `content/`): N products over
//! the 34 provinces (real communes of each), the six groups (food most common), producers of
//! the four kinds (about 1.9 products each), 1 to 3 certificates per product (some move up
//! a star, some are expired on 2026-11-22, none issued after it), scores consistent with the
//! stars, valid GTIN-13 barcodes for about half, one sales point per 35 products, one fair per
//! 100 (past and upcoming), one story per 20, two free pages. Names and bodies (100 to 400
//! words) are Vietnamese, made from word lists. The same seed gives byte-identical output.
//!
//! `--photos DIR`: every product becomes a bundle `content/products/SLUG/index.md` with one
//! photo copied from the JPEG/PNG files of DIR (cycled); otherwise products are `SLUG.md`.
//!
//! `--hugo DIR`: also writes the same catalogue as a Hugo site (config, simple layouts,
//! content with the taxonomies `stars`, `groups`, `provinces`, `kinds` for the certified
//! catalogue and `status` for expired products, producers with `loai`), for comparison.
//! Relations ocop computes itself (a producer's products, a product's sales points) are
//! written into Hugo's front matter, so Hugo templates stay simple and linear.
//!
//! `--national`: the same catalogue (same seed, same records, same text) written three
//! ways into DIR, to compare a national site that shows the provinces' exports with a build
//! of the same records from local content (see bench/national):
//! - `provinces/SLUG/` for each of the 34 provinces: a complete site of its own (`site.toml`
//!   with `province`, a title and a `base_url` of its own) holding the province's products,
//!   producers, sales points, fairs, stories (a story belongs to its producer's province),
//!   plans (targets grown with the province's records, its first six products as key
//!   products) and the two free pages. References to records of another province are left
//!   out, so that each site builds on its own (they arise only in small catalogues, where a
//!   sales point or a fair of a province without products lists products of any); the
//!   closing message counts them;
//! - `national/`: `site.toml` with one `[[sources]]` per province (label its official name,
//!   key its slug, path `../provinces/SLUG/public/du-lieu`: the exports of a build of the
//!   province site into its `public/`) and an empty `content/` (its section folders empty);
//! - `combined/`: the whole catalogue as one site, exactly what the mode without
//!   `--national` writes into DIR (with `--hugo`, the Hugo site is of this one).
//!
//! `--photos` applies to the province sites and the combined one alike.
//!
//! DIR's `content/` (and the Hugo folder's `content/`) are replaced; nothing else is touched.
//! With `--national`, the same holds of each site's folder below DIR.
#![allow(clippy::type_complexity)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

// This file stays the example's root (the path the benchmarks and the docs cite); its
// modules live in the folder of the same name.
#[path = "synth/national.rs"]
mod national;

const PROVINCES_CSV: &str = include_str!("../data/provinces.csv");
const COMMUNES_CSV: &str = include_str!("../data/communes.csv");

/// The reference date of the benchmarks: no certificate is issued after it.
const TODAY: (i32, u32, u32) = (2026, 11, 22);
const BASE_URL: &str = "https://ocop.example.gov.vn/";

// ---------------------------------------------------------------------------------------------
// Small utilities: PRNG, dates, slugs, TOML strings, GTIN.

/// splitmix64: tiny, fast, and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5851_F42D_4C95_7F2D)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// The PRNG of record `i` of a section, independent of the order records are written in.
fn record_rng(seed: u64, section: u64, i: usize) -> Rng {
    let mut r = Rng::new(seed ^ (section << 56) ^ (i as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
    r.next();
    r
}

/// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The default validity of a certificate: 36 months, clamped to the month's end.
fn plus_36_months(days: i64) -> i64 {
    let (y, m, d) = civil_from_days(days);
    let y = y + 3;
    days_from_civil(y, m, d.min(days_in_month(y, m)))
}

fn today() -> i64 {
    days_from_civil(TODAY.0, TODAY.1, TODAY.2)
}

use ocop::base::vietnamese::slugify;

// TOML basic strings, escaped as the importer writes them.
use ocop::spreadsheet::record::quote as q;

fn q_list<S: AsRef<str>>(items: &[S]) -> String {
    let parts: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", parts.join(", "))
}

/// A GTIN-13 from 12 digits: the GS1 mod-10 check digit appended.
fn gtin13(first12: u64) -> String {
    let digits = format!("{first12:012}");
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

// ---------------------------------------------------------------------------------------------
// Reference data.

struct Province {
    /// As in data/provinces.csv ("Tuyên Quang", "Thành phố Hà Nội").
    name: String,
    /// Without "Thành phố".
    short: String,
    slug: String,
    communes: Vec<Commune>,
}

struct Commune {
    /// Official name ("Xã Mèo Vạc").
    name: String,
    /// Without the division ("Mèo Vạc").
    place: String,
}

fn load_provinces() -> Vec<Province> {
    let mut provinces: Vec<(u32, Province)> = PROVINCES_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let name = f[1].trim().to_string();
            let short = name.strip_prefix("Thành phố ").unwrap_or(&name).to_string();
            let slug = slugify(&short);
            (
                f[0].parse().expect("province code"),
                Province {
                    name,
                    short,
                    slug,
                    communes: Vec::new(),
                },
            )
        })
        .collect();
    for l in COMMUNES_CSV.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if f.len() < 4 {
            continue;
        }
        let code: u32 = f[0].parse().expect("commune province code");
        let name = f[2].trim().to_string();
        let division = f[3].trim();
        let n = division.chars().count();
        let head: String = name.chars().take(n).collect();
        let place = if head.to_lowercase() == division.to_lowercase() {
            name.chars().skip(n).collect::<String>().trim().to_string()
        } else {
            name.clone()
        };
        if let Some((_, p)) = provinces.iter_mut().find(|(c, _)| *c == code) {
            p.communes.push(Commune { name, place });
        }
    }
    provinces.into_iter().map(|(_, p)| p).collect()
}

/// The six groups: key, Vietnamese name, slug of the short name (ocop's listing address),
/// share of products (per cent, food most common).
const GROUPS: [(&str, &str, &str, u32); 6] = [
    ("food", "Thực phẩm", "thuc-pham", 55),
    ("beverages", "Đồ uống", "do-uong", 10),
    ("herbal", "Dược liệu", "duoc-lieu", 12),
    ("handicrafts", "Thủ công mỹ nghệ", "thu-cong-my-nghe", 10),
    ("ornamentals", "Sinh vật cảnh", "sinh-vat-canh", 5),
    ("tourism", "Du lịch cộng đồng", "du-lich-cong-dong", 8),
];

/// Producer kinds: key, label, listing slug, name prefixes, slug prefix, share.
type Kind = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    u32,
);

const KINDS: [Kind; 4] = [
    (
        "enterprise",
        "Doanh nghiệp",
        "doanh-nghiep",
        &["Công ty TNHH", "Công ty Cổ phần"],
        "cong-ty",
        25,
    ),
    (
        "cooperative",
        "Hợp tác xã",
        "hop-tac-xa",
        &["Hợp tác xã"],
        "htx",
        45,
    ),
    (
        "cooperative-group",
        "Tổ hợp tác",
        "to-hop-tac",
        &["Tổ hợp tác"],
        "tht",
        10,
    ),
    (
        "household",
        "Hộ sản xuất, kinh doanh",
        "ho-kinh-doanh",
        &["Hộ kinh doanh"],
        "hkd",
        20,
    ),
];

/// What a product is: the words of its name and its buyer details.
struct Item {
    group: usize,
    subgroup: &'static str,
    base: &'static str,
    quals: &'static [&'static str],
    /// unit, net content, price range in VND.
    unit: (&'static str, &'static str, u32, u32),
    shelf_life: &'static str,
    packaging: &'static str,
    ingredients: &'static str,
    storage: &'static str,
    weight: u32,
}

/// One row of `ITEMS`: `name` is the base and its qualifiers, `label` the shelf life,
/// packaging and ingredients.
const fn item(
    group: usize,
    subgroup: &'static str,
    name: (&'static str, &'static [&'static str]),
    unit: (&'static str, &'static str, u32, u32),
    label: (&'static str, &'static str, &'static str),
    weight: u32,
) -> Item {
    let (base, quals) = name;
    let (shelf_life, packaging, ingredients) = label;
    Item {
        group,
        subgroup,
        base,
        quals,
        unit,
        shelf_life,
        packaging,
        ingredients,
        storage: "Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp",
        weight,
    }
}

#[rustfmt::skip]
const ITEMS: &[Item] = &[
    // food
    item(0, "Mật ong và nông sản sơ chế khác", ("Mật ong", &["bạc hà", "hoa nhãn", "rừng", "hoa cà phê", "ong dú", "hoa vải"]), ("chai 500 ml", "500 ml", 180_000, 450_000), ("24 tháng", "Chai thủy tinh", "Mật ong nguyên chất 100%"), 6),
    item(0, "Chè", ("Chè Shan tuyết", &["cổ thụ", "búp", "bạch trà", "hồng trà", ""]), ("hộp 200 g", "200 g", 150_000, 650_000), ("24 tháng", "Hộp giấy, túi bạc bên trong", "Búp chè Shan tuyết"), 6),
    item(0, "Chè", ("Chè xanh", &["búp", "móc câu", "đặc biệt", "thượng hạng"]), ("túi 500 g", "500 g", 120_000, 400_000), ("18 tháng", "Túi hút chân không", "Búp chè xanh"), 5),
    item(0, "Rau củ quả và hạt tươi", ("Cam sành", &["", "chín cây", "hữu cơ"]), ("kg", "1 kg", 25_000, 60_000), ("20 ngày", "Thùng carton 10 kg", "Cam sành tươi"), 4),
    item(0, "Rau củ quả và hạt tươi", ("Bưởi", &["Diễn", "da xanh", "đường lá cam", "Năm Roi"]), ("quả", "1,2–1,8 kg", 40_000, 120_000), ("30 ngày", "Túi lưới, tem truy xuất", "Bưởi tươi"), 4),
    item(0, "Rau củ quả và hạt tươi", ("Hồng", &["không hạt", "giòn"]), ("kg", "1 kg", 30_000, 70_000), ("15 ngày", "Hộp carton 5 kg", "Hồng tươi"), 2),
    item(0, "Gạo, ngũ cốc, hạt", ("Gạo", &["ST25", "nếp cái hoa vàng", "tám thơm", "séng cù", "lứt đỏ", "Bắc Hương"]), ("túi 5 kg", "5 kg", 120_000, 250_000), ("12 tháng", "Túi PA hút chân không", "Gạo"), 6),
    item(0, "Chế biến từ gạo và ngũ cốc", ("Miến dong", &["", "sợi nhỏ", "thủ công"]), ("gói 500 g", "500 g", 50_000, 90_000), ("12 tháng", "Túi nilon in nhãn", "Tinh bột dong riềng"), 4),
    item(0, "Chế biến từ gạo và ngũ cốc", ("Bánh chưng", &["đen", "gù", "nếp cẩm"]), ("chiếc", "1 kg", 60_000, 120_000), ("7 ngày", "Lá dong, hút chân không", "Gạo nếp, đỗ xanh, thịt lợn, lá dong"), 2),
    item(0, "Đồ ăn nhanh", ("Bánh đa", &["vừng", "nem", "kế"]), ("gói 10 chiếc", "500 g", 30_000, 60_000), ("6 tháng", "Túi nilon", "Gạo tẻ, vừng"), 2),
    item(0, "Tương, nước mắm, gia vị lỏng", ("Nước mắm", &["cá cơm", "truyền thống", "nhĩ"]), ("chai 500 ml", "500 ml", 60_000, 200_000), ("24 tháng", "Chai thủy tinh", "Cá cơm, muối"), 4),
    item(0, "Tương, nước mắm, gia vị lỏng", ("Tương", &["Bần", "nếp", "đậu nành"]), ("chai 500 ml", "500 ml", 30_000, 60_000), ("12 tháng", "Chai thủy tinh", "Gạo nếp, đậu tương, muối"), 2),
    item(0, "Cà phê, ca cao", ("Cà phê", &["Robusta", "Arabica", "rang xay", "Culi"]), ("gói 500 g", "500 g", 120_000, 400_000), ("12 tháng", "Túi van một chiều", "Hạt cà phê rang"), 4),
    item(0, "Chế biến từ thịt, thủy sản, trứng, sữa", ("Thịt trâu gác bếp", &["", "tẩm mắc khén"]), ("gói 500 g", "500 g", 450_000, 650_000), ("6 tháng", "Hút chân không", "Thịt trâu, mắc khén, gừng, ớt"), 3),
    item(0, "Chế biến từ thịt, thủy sản, trứng, sữa", ("Chả cá", &["thác lác", "thu", ""]), ("gói 500 g", "500 g", 90_000, 180_000), ("3 tháng (đông lạnh)", "Khay xốp, màng co", "Cá, gia vị"), 2),
    item(0, "Chế biến từ rau, củ, quả, hạt", ("Hạt điều", &["rang muối", "rang củi"]), ("hộp 500 g", "500 g", 150_000, 280_000), ("9 tháng", "Hũ nhựa PET", "Hạt điều, muối"), 3),
    item(0, "Chế biến từ rau, củ, quả, hạt", ("Long nhãn", &["sấy", "Hưng Yên"]), ("gói 500 g", "500 g", 150_000, 300_000), ("12 tháng", "Túi zip", "Nhãn lồng"), 2),
    item(0, "Gia vị khác (muối, hành, tỏi, tiêu...)", ("Tiêu đen", &["", "hữu cơ"]), ("hũ 200 g", "200 g", 50_000, 120_000), ("24 tháng", "Hũ thủy tinh", "Hạt tiêu"), 2),
    item(0, "Gia vị khác (muối, hành, tỏi, tiêu...)", ("Tỏi", &["tía", "cô đơn"]), ("kg", "1 kg", 80_000, 250_000), ("6 tháng", "Túi lưới", "Tỏi"), 2),
    item(0, "Trà từ thực vật khác", ("Trà hoa vàng", &["", "túi lọc"]), ("hộp 100 g", "100 g", 300_000, 900_000), ("24 tháng", "Hộp gỗ", "Hoa trà hoa vàng sấy khô"), 2),
    // beverages
    item(1, "Rượu trắng", ("Rượu ngô", &["men lá", "", "hạ thổ"]), ("chai 500 ml", "500 ml", 80_000, 250_000), ("60 tháng", "Chai thủy tinh", "Ngô, men lá"), 4),
    item(1, "Rượu trắng", ("Rượu nếp cẩm", &["", "men lá"]), ("chai 500 ml", "500 ml", 90_000, 200_000), ("60 tháng", "Chai thủy tinh", "Gạo nếp cẩm, men lá"), 2),
    item(1, "Đồ uống có cồn khác", ("Rượu sim", &["", "rừng"]), ("chai 750 ml", "750 ml", 150_000, 350_000), ("36 tháng", "Chai thủy tinh", "Quả sim, rượu gạo"), 2),
    item(1, "Đồ uống không cồn khác", ("Nước cam ép", &["", "nguyên chất"]), ("chai 330 ml", "330 ml", 25_000, 45_000), ("6 tháng", "Chai nhựa PET", "Cam sành"), 2),
    item(1, "Nước khoáng và nước uống đóng chai", ("Nước khoáng", &["thiên nhiên", ""]), ("chai 500 ml", "500 ml", 6_000, 15_000), ("24 tháng", "Chai nhựa PET", "Nước khoáng thiên nhiên"), 1),
    // herbal
    item(2, "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", ("Cao actiso", &["", "đặc"]), ("hũ 200 g", "200 g", 120_000, 300_000), ("24 tháng", "Hũ thủy tinh", "Hoa actiso"), 3),
    item(2, "Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền", ("Trà giảo cổ lam", &["túi lọc", ""]), ("hộp 25 túi", "50 g", 60_000, 150_000), ("24 tháng", "Hộp giấy", "Giảo cổ lam"), 3),
    item(2, "Tinh dầu và dược liệu khác", ("Tinh dầu", &["quế", "sả chanh", "tràm", "bạc hà"]), ("lọ 10 ml", "10 ml", 60_000, 200_000), ("36 tháng", "Lọ thủy tinh tối màu", "Tinh dầu chưng cất"), 3),
    item(2, "Tinh dầu và dược liệu khác", ("Tam thất", &["bắc", "củ"]), ("hộp 500 g", "500 g", 600_000, 1_500_000), ("24 tháng", "Hộp giấy", "Củ tam thất"), 2),
    item(2, "Mỹ phẩm từ dược liệu", ("Xà phòng thảo dược", &["", "sả chanh", "nghệ"]), ("bánh 100 g", "100 g", 35_000, 90_000), ("24 tháng", "Hộp giấy kraft", "Dầu dừa, thảo dược"), 2),
    // handicrafts
    item(3, "Vải, may mặc", ("Khăn thổ cẩm", &["", "dệt tay"]), ("chiếc", "1 chiếc", 150_000, 600_000), ("", "Hộp giấy", "Sợi bông, sợi lanh"), 3),
    item(3, "Vải, may mặc", ("Vải lanh", &["", "nhuộm chàm"]), ("mét", "1 m", 200_000, 500_000), ("", "Cuộn", "Sợi lanh"), 2),
    item(3, "Thủ công mỹ nghệ gia dụng, trang trí", ("Giỏ mây tre đan", &["", "cói"]), ("chiếc", "1 chiếc", 80_000, 350_000), ("", "Túi giấy", "Mây, tre"), 3),
    item(3, "Thủ công mỹ nghệ gia dụng, trang trí", ("Nón lá", &["bài thơ", ""]), ("chiếc", "1 chiếc", 50_000, 200_000), ("", "Túi giấy", "Lá nón, tre"), 2),
    item(3, "Thủ công mỹ nghệ gia dụng, trang trí", ("Gốm", &["men lam", "men rạn", ""]), ("bộ", "1 bộ", 300_000, 2_000_000), ("", "Hộp carton chống sốc", "Đất sét"), 2),
    item(3, "Thủ công mỹ nghệ gia dụng, trang trí", ("Chiếu cói", &["", "in hoa"]), ("chiếc", "1,6 × 2 m", 150_000, 400_000), ("", "Túi nilon", "Cói"), 2),
    // ornamentals
    item(4, "Hoa", ("Lan hồ điệp", &["", "vàng", "trắng"]), ("chậu", "1 chậu", 250_000, 1_500_000), ("", "Chậu sứ", ""), 3),
    item(4, "Hoa", ("Lan kiếm", &["", "rừng"]), ("chậu", "1 chậu", 300_000, 2_000_000), ("", "Chậu gỗ", ""), 2),
    item(4, "Cây cảnh", ("Đào cảnh", &["thế", "bích"]), ("cây", "1 cây", 500_000, 5_000_000), ("", "Bầu đất", ""), 2),
    item(4, "Cây cảnh", ("Bonsai", &["sanh", "si", "linh sam"]), ("cây", "1 cây", 800_000, 10_000_000), ("", "Chậu gốm", ""), 2),
    item(4, "Động vật cảnh", ("Cá Koi", &["", "Nhật"]), ("con", "1 con", 300_000, 3_000_000), ("", "Túi oxy", ""), 1),
    // tourism
    item(5, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", ("Homestay", &["nhà sàn", "nhà trình tường", ""]), ("người/đêm", "1 đêm", 200_000, 700_000), ("", "", ""), 3),
    item(5, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", ("Du lịch cộng đồng", &["thôn", "bản"]), ("người/ngày", "1 ngày", 150_000, 500_000), ("", "", ""), 3),
    item(5, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", ("Điểm du lịch sinh thái", &["", "vườn"]), ("vé", "1 người", 50_000, 150_000), ("", "", ""), 2),
];

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lý", "Giàng",
    "Sùng", "Ma", "Hà", "Lò", "Đinh", "Triệu", "Nông",
];
const MIDDLE: &[&str] = &[
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thị Thu",
    "Quang",
    "Ngọc",
    "Hữu",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Phương",
    "Sơn", "Thảo", "Tùng", "Vân", "Xuân", "Yến", "Mỷ", "Páo", "Chứ", "Thủy", "Hòa", "Khánh",
];
const BRANDS: &[&str] = &[
    "Xanh",
    "Hưng Thịnh",
    "An Phát",
    "Tân Tiến",
    "Phú Quý",
    "Bình Minh",
    "Hoa Ban",
    "Mây Ngàn",
    "Thành Đạt",
    "Hợp Lực",
    "Đồng Tâm",
    "Nắng Sớm",
    "Sương Mai",
    "Đất Việt",
    "Quê Hương",
];
const TOPICS: [&[&str]; 6] = [
    &[
        "Nông sản",
        "Đặc sản",
        "Nông nghiệp",
        "Thực phẩm sạch",
        "Nông lâm sản",
    ],
    &["Rượu truyền thống", "Đồ uống", "Rượu men lá"],
    &["Dược liệu", "Thảo dược", "Dược liệu sạch"],
    &[
        "Thủ công mỹ nghệ",
        "Dệt thổ cẩm",
        "Mây tre đan",
        "Làng nghề",
    ],
    &["Hoa cây cảnh", "Sinh vật cảnh", "Hoa lan"],
    &["Du lịch cộng đồng", "Du lịch sinh thái", "Dịch vụ du lịch"],
];
const CERTS: &[&str] = &[
    "VietGAP",
    "HACCP",
    "ISO 22000",
    "Hữu cơ Việt Nam",
    "GlobalGAP",
];

fn person(rng: &mut Rng) -> String {
    let family = *rng.pick(FAMILY);
    let middle = *rng.pick(MIDDLE);
    let given = *rng.pick(GIVEN);
    format!("{family} {middle} {given}")
}

fn phone(rng: &mut Rng) -> String {
    format!("0{} 000 {:04}", rng.range(203, 299), rng.below(10_000))
}

// ---------------------------------------------------------------------------------------------
// Bodies: sentences with fields {P} name, {b} base, {pl} place, {pv} province, {pd} producer,
// {a} adjective, {y} year, {n} number.

const ADJ_TASTE: &[&str] = &[
    "thơm ngon",
    "đậm đà",
    "ngọt thanh",
    "tinh khiết",
    "thanh mát",
    "tự nhiên",
    "hài hòa",
    "đặc trưng",
];
const ADJ_CRAFT: &[&str] = &[
    "bền đẹp",
    "độc đáo",
    "mộc mạc",
    "tinh xảo",
    "hài hòa",
    "tự nhiên",
];

const INTRO: &[&str] = &[
    "{P} là sản phẩm đặc trưng của vùng {pl}, {pv}.",
    "{P} do {pd} làm ra từ nguồn nguyên liệu của chính địa phương.",
    "Nhắc đến {pl}, nhiều người nhớ ngay đến {b}, món quà quê được du khách tìm mua.",
    "Từ nhiều đời nay, người dân {pl} đã gắn bó với nghề làm {b}.",
];
const FOOD_MATERIAL: &[&str] = &[
    "Nguyên liệu được chọn lọc kỹ từ những vùng trồng đạt chuẩn VietGAP, không dùng chất bảo quản.",
    "Vùng nguyên liệu nằm ở độ cao trên {n} mét, khí hậu mát mẻ quanh năm, đất đai màu mỡ.",
    "Các hộ thành viên được hướng dẫn canh tác theo hướng hữu cơ và ghi chép nhật ký sản xuất để truy xuất nguồn gốc.",
    "Mỗi năm {pd} thu mua nguyên liệu của khoảng {n} hộ dân trong vùng với giá ổn định.",
    "Sản phẩm chỉ dùng nguyên liệu của {pl}, thu hoạch đúng độ chín để giữ trọn hương vị {a}.",
    "Nhiều cây trong vùng đã có tuổi đời hàng chục năm, được người dân chăm sóc như tài sản của gia đình.",
    "Nguồn nước tưới lấy từ khe suối đầu nguồn, không có nguồn ô nhiễm xung quanh.",
];
const FOOD_PROCESS: &[&str] = &[
    "Quy trình sản xuất kết hợp kinh nghiệm truyền thống với máy móc hiện đại, bảo đảm vệ sinh an toàn thực phẩm.",
    "Từng công đoạn đều được làm cẩn thận, từ sơ chế, phơi sấy đến đóng gói.",
    "Năm {y}, {pd} đầu tư dây chuyền mới, nâng công suất và giữ chất lượng đồng đều.",
    "Sản phẩm được kiểm nghiệm định kỳ và dán tem truy xuất nguồn gốc trên từng bao bì.",
    "Bao bì được thiết kế lại, in thông tin về vùng trồng, thành phần và hướng dẫn sử dụng.",
    "Xưởng chế biến được cải tạo theo hướng một chiều, tách khu nguyên liệu và khu thành phẩm.",
    "Người lao động được tập huấn về vệ sinh, ghi chép sản xuất và kiểm soát chất lượng.",
];
const FOOD_FEATURE: &[&str] = &[
    "{P} có hương vị {a}, được khách hàng trong và ngoài tỉnh ưa chuộng.",
    "Người dùng nhận xét sản phẩm {a}, dùng làm quà biếu rất ý nghĩa.",
    "Nhờ chứng nhận OCOP, {b} của {pl} được nhiều người biết đến hơn và bán được giá cao hơn.",
    "Mỗi năm, {pd} đưa ra thị trường khoảng {n} sản phẩm, tạo việc làm cho nhiều lao động địa phương.",
    "Sản phẩm đã có mặt tại các siêu thị, điểm bán sản phẩm OCOP và sàn thương mại điện tử.",
    "Trong các hội chợ, gian hàng của {pd} luôn đông khách đến nếm thử và mua làm quà.",
];
const CRAFT_MATERIAL: &[&str] = &[
    "Nguyên liệu được người dân {pl} tự tay chọn lựa, phơi khô và xử lý theo cách truyền thống.",
    "Các nghệ nhân của {pd} đều có trên {n} năm gắn bó với nghề.",
    "Hoa văn, họa tiết được giữ theo lối cổ của đồng bào địa phương.",
    "Cây giống và nguyên liệu đều có nguồn gốc rõ ràng, được chăm sóc theo quy trình riêng của {pd}.",
];
const CRAFT_PROCESS: &[&str] = &[
    "Mỗi sản phẩm là kết quả của nhiều ngày làm việc tỉ mỉ, không sản phẩm nào giống hệt sản phẩm nào.",
    "Năm {y}, {pd} mở lớp truyền nghề cho {n} thanh niên trong vùng.",
    "Sản phẩm được kiểm tra từng chiếc trước khi đóng gói và gắn tem OCOP.",
    "Mẫu mã được cải tiến để phù hợp với thị hiếu của khách du lịch và khách nước ngoài.",
];
const CRAFT_FEATURE: &[&str] = &[
    "{P} {a}, phù hợp làm quà tặng và trang trí nhà cửa.",
    "Sản phẩm đã theo chân các đoàn công tác đến nhiều hội chợ trong nước và quốc tế.",
    "Nhờ chứng nhận OCOP, {b} của {pl} có thêm nhiều đơn hàng từ các thành phố lớn.",
    "Mỗi năm {pd} bán ra khoảng {n} sản phẩm, mang lại thu nhập ổn định cho các hộ thành viên.",
];
const TOURISM_MATERIAL: &[&str] = &[
    "Du khách được ở nhà sàn truyền thống, thưởng thức ẩm thực địa phương và tham gia các hoạt động cùng người dân.",
    "Điểm du lịch có {n} phòng nghỉ, đón khách quanh năm.",
    "Cảnh quan {pl} với ruộng bậc thang, suối và rừng nguyên sinh được giữ gìn cẩn thận.",
];
const TOURISM_PROCESS: &[&str] = &[
    "Các tour trải nghiệm gồm đi bộ ngắm ruộng bậc thang, học làm bánh, xem biểu diễn văn nghệ dân tộc.",
    "Mọi hoạt động đều do người dân trong thôn cùng tham gia, giữ gìn cảnh quan và bản sắc văn hóa.",
    "Năm {y}, {pd} được tập huấn về đón tiếp khách và an toàn thực phẩm.",
];
const TOURISM_FEATURE: &[&str] = &[
    "Thời điểm đẹp nhất để đến {pl} là mùa lúa chín và mùa hoa.",
    "Khách đánh giá không gian {a}, người dân thân thiện và giá cả hợp lý.",
    "Mỗi năm điểm du lịch đón khoảng {n} lượt khách trong nước và quốc tế.",
];
const BUY: &[&str] = &[
    "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
    "Khách mua số lượng lớn có thể liên hệ trực tiếp với {pd} để được giao hàng tận nơi.",
    "Du khách đến {pl} có thể ghé thăm cơ sở, tìm hiểu cách làm và mua sản phẩm tại chỗ.",
    "Sản phẩm được bán tại các điểm bán OCOP của {pv} và qua điện thoại.",
];
const PRODUCER_INTRO: &[&str] = &[
    "{pd} được thành lập năm {y} tại {pl}, {pv}.",
    "{pd} là một trong những chủ thể OCOP tiêu biểu của {pv}.",
    "Từ một cơ sở nhỏ ở {pl}, {pd} đã trở thành địa chỉ quen thuộc của người tiêu dùng.",
];
const PRODUCER_WORK: &[&str] = &[
    "Hiện nay {pd} có khoảng {n} thành viên và lao động thường xuyên.",
    "Sản phẩm chủ lực là {b}, được công nhận OCOP và bán ở nhiều tỉnh, thành phố.",
    "Thu nhập bình quân của người lao động tăng đều qua từng năm nhờ sản phẩm có thương hiệu.",
    "{pd} liên kết với các hộ dân trong vùng, bao tiêu sản phẩm với giá ổn định.",
    "Năm {y}, {pd} được hỗ trợ xây dựng nhãn hiệu, bao bì và tem truy xuất nguồn gốc.",
];
const POINT: &[&str] = &[
    "Điểm bán giới thiệu và bán các sản phẩm OCOP của {pv} và nhiều tỉnh bạn.",
    "Sản phẩm được sắp xếp theo nhóm, có ghi rõ hạng sao, chủ thể và hạn sử dụng.",
    "Khách có thể nếm thử nhiều sản phẩm trước khi mua.",
    "Điểm bán nhận đặt hàng qua điện thoại và giao hàng trong ngày.",
    "Mỗi tháng điểm bán đón khoảng {n} lượt khách, đông nhất vào dịp Tết.",
];
const FAIR: &[&str] = &[
    "Hội chợ có khoảng {n} gian hàng của các chủ thể OCOP trong tỉnh và các tỉnh bạn.",
    "Khu trưng bày sản phẩm 4 sao, 5 sao được bố trí ở trung tâm hội chợ.",
    "Trong thời gian hội chợ có các buổi kết nối giữa hợp tác xã với siêu thị và doanh nghiệp phân phối.",
    "Khách tham quan được thưởng thức ẩm thực vùng miền và xem trình diễn nghề truyền thống.",
    "Ban tổ chức dành riêng một khu cho sản phẩm du lịch cộng đồng và thủ công mỹ nghệ.",
];
const STORY: &[&str] = &[
    "Anh {pe}, đại diện {pd}, cho biết năm nay sản lượng tăng so với năm trước.",
    "Để có sản phẩm đạt chuẩn OCOP, các thành viên đã phải thay đổi nhiều thói quen sản xuất.",
    "Chị {pe} kể lại những ngày đầu mang {b} đi bán ở chợ phiên {pl}.",
    "Giờ đây {b} của {pl} đã có mặt ở siêu thị và trên các sàn thương mại điện tử.",
    "Người dân mong muốn được hỗ trợ thêm về vốn và quảng bá để mở rộng sản xuất.",
];

struct Ctx<'a> {
    name: &'a str,
    base: &'a str,
    place: &'a str,
    province: &'a str,
    producer: &'a str,
    person: &'a str,
    adjs: &'a [&'a str],
}

/// Expands one sentence into `out`.
fn sentence(out: &mut String, rng: &mut Rng, tpl: &str, c: &Ctx) {
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').map_or(rest.len(), |j| i + j);
        match &rest[i + 1..j] {
            "P" => out.push_str(c.name),
            "b" => out.push_str(c.base),
            "pl" => out.push_str(c.place),
            "pv" => out.push_str(c.province),
            "pd" => out.push_str(c.producer),
            "pe" => out.push_str(c.person),
            "a" => {
                let a: &&str = rng.pick(c.adjs);
                out.push_str(a)
            }
            "y" => {
                let _ = write!(out, "{}", rng.range(2015, 2025));
            }
            "n" => {
                let _ = write!(out, "{}", rng.range(2, 60) * 10);
            }
            other => out.push_str(other),
        }
        rest = &rest[(j + 1).min(rest.len())..];
    }
    out.push_str(rest);
}

/// A Markdown body of about `target` words: an introduction, then sections with headings.
fn body(rng: &mut Rng, c: &Ctx, intro: &[&str], sections: &[(&str, &[&str])]) -> String {
    let target = rng.range(100, 380) as usize;
    let mut out = String::with_capacity(target * 8);
    let mut n = 0;
    // A paragraph: a lead sentence of `first`, then one to three other sentences of `pool`,
    // none twice.
    let para = |out: &mut String, rng: &mut Rng, first: &[&str], pool: &[&str], n: &mut usize| {
        let start = out.len();
        let lead = *rng.pick(first);
        sentence(out, rng, lead, c);
        let mut idx: Vec<usize> = (0..pool.len()).filter(|&i| pool[i] != lead).collect();
        let k = (rng.range(1, 3) as usize).min(idx.len());
        for j in 0..k {
            let r = j + rng.below(idx.len() - j);
            idx.swap(j, r);
            out.push(' ');
            sentence(out, rng, pool[idx[j]], c);
        }
        out.push_str("\n\n");
        *n += words(&out[start..]);
    };
    para(&mut out, rng, intro, sections[0].1, &mut n);
    let mut i = 0;
    while n < target {
        let (heading, pool) = sections[i % sections.len()];
        if i < sections.len() {
            out.push_str("## ");
            out.push_str(heading);
            out.push_str("\n\n");
            n += words(heading);
        }
        para(&mut out, rng, pool, pool, &mut n);
        i += 1;
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// The catalogue.

struct Cert {
    stars: u8,
    decision: String,
    issued: i64,
    issuer: String,
    score: u8,
}

struct Product {
    slug: String,
    name: String,
    item: usize,
    producer: usize,
    province: usize,
    commune: usize,
    price: u32,
    /// Oldest first.
    certs: Vec<Cert>,
    barcode: Option<String>,
    specs: bool,
    certifications: Vec<&'static str>,
    shop: bool,
    sold_at: Vec<usize>,
}

impl Product {
    fn current(&self) -> &Cert {
        self.certs.last().expect("a certificate")
    }

    fn certified(&self) -> bool {
        let c = self.current();
        c.stars >= 3 && plus_36_months(c.issued) >= today()
    }
}

struct Producer {
    slug: String,
    name: String,
    kind: usize,
    group: usize,
    province: usize,
    commune: usize,
    representative: String,
    phone: String,
    founded: i64,
    members: Option<i64>,
    products: Vec<usize>,
}

struct SalesPoint {
    slug: String,
    name: String,
    kind: &'static str,
    province: usize,
    commune: usize,
    phone: String,
    products: Vec<usize>,
}

struct Fair {
    slug: String,
    name: String,
    starts: i64,
    ends: i64,
    venue: String,
    province: usize,
    producers: Vec<usize>,
    products: Vec<usize>,
}

struct Story {
    slug: String,
    title: String,
    date: i64,
    producers: Vec<usize>,
    products: Vec<usize>,
}

struct Catalogue {
    provinces: Vec<Province>,
    producers: Vec<Producer>,
    products: Vec<Product>,
    points: Vec<SalesPoint>,
    fairs: Vec<Fair>,
    stories: Vec<Story>,
}

fn issuer(p: &Province, stars: u8, issued: i64) -> String {
    if stars == 5 {
        if issued >= days_from_civil(2025, 3, 1) {
            "Bộ Nông nghiệp và Môi trường".into()
        } else {
            "Bộ Nông nghiệp và Phát triển nông thôn".into()
        }
    } else if let Some(city) = p.name.strip_prefix("Thành phố ") {
        format!("UBND thành phố {city}")
    } else {
        format!("UBND tỉnh {}", p.name)
    }
}

fn certificates(rng: &mut Rng, p: &Province) -> Vec<Cert> {
    let today = today();
    let first_day = days_from_civil(2019, 1, 1);
    // The current certificate: three in four are still valid on TODAY (36 months).
    let issued = if rng.chance(0.75) {
        rng.range(days_from_civil(2023, 11, 23), today)
    } else {
        rng.range(first_day + 400, days_from_civil(2023, 11, 21))
    };
    let stars: u8 = match rng.weighted(&[60, 33, 7]) {
        0 => 3,
        1 => 4,
        _ => 5,
    };
    // Older certificates: renewals or the step below (3 stars, then 4).
    let wanted = 1 + rng.weighted(&[55, 30, 15]);
    let mut list = vec![(stars, issued)];
    while list.len() < wanted {
        let &(s, d) = list.last().expect("one");
        let prev = d - rng.range(365, 1095);
        if prev < first_day {
            break;
        }
        let s = if s > 3 && rng.chance(0.6) { s - 1 } else { s };
        list.push((s, prev));
    }
    list.reverse();
    list.into_iter()
        .map(|(stars, issued)| {
            let score = match stars {
                3 => rng.range(50, 69),
                4 => rng.range(70, 89),
                _ => rng.range(90, 100),
            } as u8;
            let suffix = if stars == 5 { "QĐ-BNN" } else { "QĐ-UBND" };
            Cert {
                stars,
                decision: format!("{:04}/{suffix}", rng.range(100, 4999)),
                issued,
                issuer: issuer(p, stars, issued),
                score,
            }
        })
        .collect()
}

/// The weights the generator draws with: provinces by their number of communes, groups,
/// producer kinds and, within each group, its items.
struct Weights {
    provinces: Vec<u32>,
    groups: Vec<u32>,
    kinds: Vec<u32>,
    /// The items of each group, by index into `ITEMS`.
    items_of_group: Vec<Vec<usize>>,
    /// The weights of `items_of_group`, in the same order.
    items: Vec<Vec<u32>>,
}

impl Weights {
    fn new(provinces: &[Province]) -> Self {
        let items_of_group: Vec<Vec<usize>> = (0..GROUPS.len())
            .map(|g| (0..ITEMS.len()).filter(|&i| ITEMS[i].group == g).collect())
            .collect();
        let items = items_of_group
            .iter()
            .map(|ids| ids.iter().map(|&i| ITEMS[i].weight).collect())
            .collect();
        Weights {
            provinces: provinces.iter().map(|p| p.communes.len() as u32).collect(),
            groups: GROUPS.iter().map(|g| g.3).collect(),
            kinds: KINDS.iter().map(|k| k.5).collect(),
            items_of_group,
            items,
        }
    }
}

/// Draws the whole catalogue from one PRNG, in a fixed order: producers, products, sales
/// points, fairs, stories.
fn generate(n: usize, seed: u64) -> Catalogue {
    let mut rng = Rng::new(seed);
    let provinces = load_provinces();
    let w = Weights::new(&provinces);
    let mut producers = draw_producers(&mut rng, n, &provinces, &w);
    let mut products = draw_products(&mut rng, n, seed, &provinces, &mut producers, &w);
    let pool = ProductPool::new(&products, provinces.len());
    let points = draw_sales_points(&mut rng, &provinces, &w, &pool, &mut products);
    let fairs = draw_fairs(&mut rng, &provinces, &w, &pool, &products);
    let stories = draw_stories(&mut rng, &provinces, &producers, &products);
    Catalogue {
        provinces,
        producers,
        products,
        points,
        fairs,
        stories,
    }
}

/// Producers: about 1.9 products each; the first 34 cover every province.
fn draw_producers(rng: &mut Rng, n: usize, provinces: &[Province], w: &Weights) -> Vec<Producer> {
    let n_producers = ((n as f64 / 1.9).round() as usize).clamp(1, n.max(1));
    (0..n_producers)
        .map(|j| {
            let province = if j < provinces.len() {
                j
            } else {
                rng.weighted(&w.provinces)
            };
            draw_producer(rng, j, province, &provinces[province], w)
        })
        .collect()
}

/// Producer `j` (numbered from 0) of province `province`, with no products yet.
fn draw_producer(rng: &mut Rng, j: usize, province: usize, pv: &Province, w: &Weights) -> Producer {
    let commune = rng.below(pv.communes.len());
    let place = &pv.communes[commune].place;
    let kind = rng.weighted(&w.kinds);
    let group = rng.weighted(&w.groups);
    let representative = person(rng);
    let (prefixes, slug_prefix) = (KINDS[kind].3, KINDS[kind].4);
    let prefix = *rng.pick(prefixes);
    let core = if kind == 3 {
        representative.clone()
    } else {
        let topic = *rng.pick(TOPICS[group]);
        if rng.chance(0.5) {
            format!("{topic} {} {place}", rng.pick(BRANDS))
        } else {
            format!("{topic} {place}")
        }
    };
    let name = format!("{prefix} {core}");
    let slug = format!("{slug_prefix}-{}-{}", slugify(&core), j + 1);
    let members = match kind {
        1 => Some(rng.range(7, 200)),
        2 => Some(rng.range(3, 30)),
        _ => None,
    };
    Producer {
        slug,
        name,
        kind,
        group,
        province,
        commune,
        representative,
        phone: phone(rng),
        founded: rng.range(1995, 2024),
        members,
        products: Vec::new(),
    }
}

/// Products: producer j makes product j, the rest go to random producers (whose product
/// lists are filled in here).
fn draw_products(
    rng: &mut Rng,
    n: usize,
    seed: u64,
    provinces: &[Province],
    producers: &mut [Producer],
    w: &Weights,
) -> Vec<Product> {
    let n_producers = producers.len();
    let mut products = Vec::with_capacity(n);
    for i in 0..n {
        let producer = if i < n_producers {
            i
        } else {
            rng.below(n_producers)
        };
        products.push(draw_product(
            rng,
            i,
            seed,
            provinces,
            (producer, &producers[producer]),
            w,
        ));
        producers[producer].products.push(i);
    }
    products
}

/// Product `i` (numbered from 0) of `maker`, a producer's index and the producer.
fn draw_product(
    rng: &mut Rng,
    i: usize,
    seed: u64,
    provinces: &[Province],
    maker: (usize, &Producer),
    w: &Weights,
) -> Product {
    let (producer, pr) = maker;
    let group = if rng.chance(0.85) {
        pr.group
    } else {
        rng.weighted(&w.groups)
    };
    let item = w.items_of_group[group][rng.weighted(&w.items[group])];
    let it = &ITEMS[item];
    let province = pr.province;
    let pv = &provinces[province];
    let commune = if rng.chance(0.7) {
        pr.commune
    } else {
        rng.below(pv.communes.len())
    };
    let qual = *rng.pick(it.quals);
    let place = &pv.communes[commune].place;
    let name = if qual.is_empty() {
        format!("{} {place}", it.base)
    } else {
        format!("{} {qual} {place}", it.base)
    };
    let slug = format!("{}-{}", slugify(&name), i + 1);
    let (lo, hi) = (it.unit.2 / 1000, it.unit.3 / 1000);
    let price = rng.range(i64::from(lo), i64::from(hi)) as u32 * 1000;
    let certs = certificates(rng, pv);
    let barcode_ok = it.group <= 3;
    let barcode = (barcode_ok && rng.chance(0.6))
        .then(|| gtin13(893_000_000_000 + (i as u64 * 7919 + seed) % 1_000_000_000));
    let certifications = if it.group <= 2 && rng.chance(0.4) {
        vec![*rng.pick(CERTS)]
    } else {
        Vec::new()
    };
    Product {
        slug,
        name,
        item,
        producer,
        province,
        commune,
        price,
        certs,
        barcode,
        specs: it.group != 5,
        certifications,
        shop: rng.chance(0.3),
        sold_at: Vec::new(),
    }
}

/// The products of each province, from which sales points and fairs draw theirs.
struct ProductPool {
    by_province: Vec<Vec<usize>>,
    /// The number of products, drawn from when a province has none.
    n: usize,
}

impl ProductPool {
    fn new(products: &[Product], n_provinces: usize) -> Self {
        let mut by_province: Vec<Vec<usize>> = vec![Vec::new(); n_provinces];
        for (i, p) in products.iter().enumerate() {
            by_province[p.province].push(i);
        }
        ProductPool {
            by_province,
            n: products.len(),
        }
    }

    /// Up to `k` distinct products of `province` (of any province when it has none), sorted.
    fn some(&self, rng: &mut Rng, province: usize, k: usize) -> Vec<usize> {
        let pool = if self.by_province[province].is_empty() {
            None
        } else {
            Some(&self.by_province[province])
        };
        let mut out: Vec<usize> = (0..k)
            .map(|_| match pool {
                Some(p) => p[rng.below(p.len())],
                None => rng.below(self.n),
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Kinds of sales point: the key and the start of the name.
const POINT_KINDS: [(&str, &str); 4] = [
    ("sales-point", "Điểm bán sản phẩm OCOP"),
    ("centre", "Trung tâm giới thiệu sản phẩm OCOP"),
    ("supermarket", "Siêu thị nông sản"),
    ("shop", "Cửa hàng đặc sản"),
];

/// Sales points: one per 35 products (none without products); each product learns where
/// it is sold.
fn draw_sales_points(
    rng: &mut Rng,
    provinces: &[Province],
    w: &Weights,
    pool: &ProductPool,
    products: &mut [Product],
) -> Vec<SalesPoint> {
    let n = products.len();
    if n == 0 {
        return Vec::new();
    }
    let mut points = Vec::new();
    for j in 0..(n / 35).max(1) {
        let province = rng.weighted(&w.provinces);
        let pv = &provinces[province];
        let commune = rng.below(pv.communes.len());
        let (kind, label) = POINT_KINDS[rng.weighted(&[50, 10, 15, 25])];
        let name = format!("{label} {}", pv.communes[commune].place);
        let k = rng.range(8, 40) as usize;
        let list = pool.some(rng, province, k);
        for &p in &list {
            products[p].sold_at.push(j);
        }
        points.push(SalesPoint {
            slug: format!("{}-{}", slugify(&name), j + 1),
            name,
            kind,
            province,
            commune,
            phone: phone(rng),
            products: list,
        });
    }
    points
}

/// Fairs: one per 100 products (none without products), a quarter upcoming.
fn draw_fairs(
    rng: &mut Rng,
    provinces: &[Province],
    w: &Weights,
    pool: &ProductPool,
    products: &[Product],
) -> Vec<Fair> {
    let n = products.len();
    if n == 0 {
        return Vec::new();
    }
    (0..(n / 100).max(1))
        .map(|j| {
            let province = rng.weighted(&w.provinces);
            draw_fair(rng, j, (province, &provinces[province]), pool, products)
        })
        .collect()
}

/// Fair `j` (numbered from 0) in `place`, a province's index and the province.
fn draw_fair(
    rng: &mut Rng,
    j: usize,
    place: (usize, &Province),
    pool: &ProductPool,
    products: &[Product],
) -> Fair {
    let (province, pv) = place;
    let starts = if rng.chance(0.25) {
        rng.range(today() + 1, days_from_civil(2027, 12, 31))
    } else {
        rng.range(days_from_civil(2019, 3, 1), today() - 6)
    };
    let ends = starts + rng.range(2, 6);
    let (y, m, _) = civil_from_days(starts);
    let label = match m {
        1 | 2 => "Hội chợ Xuân OCOP",
        9..=12 => "Hội chợ OCOP và làng nghề",
        _ => "Tuần lễ sản phẩm OCOP",
    };
    let name = format!("{label} {} {y}", pv.short);
    let commune = &pv.communes[rng.below(pv.communes.len())];
    let venue = format!(
        "Trung tâm Hội chợ Triển lãm, {}",
        lower_first(&commune.name)
    );
    let k = rng.range(5, 20) as usize;
    let list = pool.some(rng, province, k);
    let mut makers: Vec<usize> = list.iter().map(|&p| products[p].producer).collect();
    makers.sort_unstable();
    makers.dedup();
    Fair {
        slug: format!("{}-{}", slugify(&name), j + 1),
        name,
        starts,
        ends,
        venue,
        province,
        producers: makers,
        products: list,
    }
}

/// Stories: one per 20 products (none without products), each about one producer and up
/// to three of its products.
fn draw_stories(
    rng: &mut Rng,
    provinces: &[Province],
    producers: &[Producer],
    products: &[Product],
) -> Vec<Story> {
    let n = products.len();
    if n == 0 {
        return Vec::new();
    }
    let mut stories = Vec::new();
    for j in 0..(n / 20).max(1) {
        let p0 = rng.below(n);
        let pr = products[p0].producer;
        let mut list = vec![p0];
        for _ in 0..rng.below(3) {
            let ps = &producers[pr].products;
            list.push(ps[rng.below(ps.len())]);
        }
        list.sort_unstable();
        list.dedup();
        let p = &products[p0];
        let title = draw_story_title(rng, p, &provinces[p.province]);
        stories.push(Story {
            slug: format!("{}-{}", slugify(&title), j + 1),
            title,
            date: rng.range(days_from_civil(2019, 6, 1), today()),
            producers: vec![pr],
            products: list,
        });
    }
    stories
}

/// The title of a story about product `p` of province `pv`.
fn draw_story_title(rng: &mut Rng, p: &Product, pv: &Province) -> String {
    let base = lower_first(ITEMS[p.item].base);
    let place = &pv.communes[p.commune].place;
    match rng.below(4) {
        0 => format!("Mùa {base} ở {place}"),
        1 => format!(
            "Hành trình đưa {base} {place} lên {} sao",
            p.current().stars
        ),
        2 => format!("Chuyện làm {base} ở {place}"),
        _ => format!("Từ {place} đến kệ hàng OCOP: {base}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Writing.

struct Photos {
    files: Vec<PathBuf>,
}

impl Photos {
    fn load(dir: &Path) -> Result<Self, String> {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
                    })
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("no .jpg, .jpeg or .png file in {}", dir.display()));
        }
        Ok(Photos { files })
    }

    /// Copies photo `i` (cycled) into `dir` as `anh.EXT`.
    fn copy(&self, i: usize, dir: &Path) -> std::io::Result<()> {
        let src = &self.files[i % self.files.len()];
        let ext = src
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("jpg")
            .to_ascii_lowercase();
        fs::copy(src, dir.join(format!("anh.{ext}"))).map(|_| ())
    }
}

fn class_sections(
    group: usize,
) -> (
    &'static [&'static str],
    [(&'static str, &'static [&'static str]); 4],
) {
    match group {
        3 | 4 => (
            ADJ_CRAFT,
            [
                ("Nguyên liệu", CRAFT_MATERIAL),
                ("Cách làm", CRAFT_PROCESS),
                ("Đặc điểm sản phẩm", CRAFT_FEATURE),
                ("Mua ở đâu", BUY),
            ],
        ),
        5 => (
            ADJ_CRAFT,
            [
                ("Trải nghiệm", TOURISM_MATERIAL),
                ("Hoạt động", TOURISM_PROCESS),
                ("Lời khuyên cho du khách", TOURISM_FEATURE),
                ("Đặt chỗ", BUY),
            ],
        ),
        _ => (
            ADJ_TASTE,
            [
                ("Nguyên liệu và vùng trồng", FOOD_MATERIAL),
                ("Quy trình sản xuất", FOOD_PROCESS),
                ("Đặc điểm sản phẩm", FOOD_FEATURE),
                ("Bảo quản và mua hàng", BUY),
            ],
        ),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn mkdir(path: &Path) -> Result<(), String> {
    fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn reset(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    mkdir(dir)
}

/// Where a site goes: the ocop site's folder and its settings, the Hugo site's folder (with
/// `--hugo`), the photos (with `--photos`).
struct Out<'a> {
    ocop: &'a Path,
    settings: &'a Settings,
    hugo: Option<&'a Path>,
    photos: Option<&'a Photos>,
}

/// Where records are written: ocop's content folder, Hugo's (with `--hugo`), the photos.
struct Dest<'a> {
    content: PathBuf,
    hugo: Option<PathBuf>,
    photos: Option<&'a Photos>,
}

/// The records one site holds, as a flag per record of the catalogue: all of them, or one
/// province's (`--national`). A record keeps its index in the catalogue in every site that
/// holds it, and with it its PRNG, so its text is the same in each. A reference to a
/// record the site does not hold is left out of what the site writes.
struct Selection {
    products: Vec<bool>,
    producers: Vec<bool>,
    points: Vec<bool>,
    fairs: Vec<bool>,
    stories: Vec<bool>,
}

impl Selection {
    /// The whole catalogue.
    fn all(cat: &Catalogue) -> Self {
        Selection {
            products: vec![true; cat.products.len()],
            producers: vec![true; cat.producers.len()],
            points: vec![true; cat.points.len()],
            fairs: vec![true; cat.fairs.len()],
            stories: vec![true; cat.stories.len()],
        }
    }

    /// The indices of the records `held` flags, in order.
    fn ids(held: &[bool]) -> Vec<usize> {
        (0..held.len()).filter(|&i| held[i]).collect()
    }

    /// The products of `ids` this site holds, in order.
    fn products_of(&self, ids: &[usize]) -> Vec<usize> {
        ids.iter().copied().filter(|&i| self.products[i]).collect()
    }

    /// The producers of `ids` this site holds, in order.
    fn producers_of(&self, ids: &[usize]) -> Vec<usize> {
        ids.iter().copied().filter(|&i| self.producers[i]).collect()
    }
}

/// What a generated site's `site.toml` holds: its name and address, the province of a
/// province's own site, the office to contact, and the sites whose exports it shows.
struct Settings {
    title: String,
    description: String,
    base_url: String,
    province: Option<String>,
    office: String,
    address: String,
    phone: String,
    email: String,
    sources: Vec<Source>,
}

/// One `[[sources]]` entry of a national site: a province site's exports, by folder.
struct Source {
    label: String,
    key: String,
    path: String,
}

impl Settings {
    /// The whole catalogue as one site (the normal mode, and `combined/` of `--national`).
    fn catalogue() -> Self {
        Settings {
            title: "Sản phẩm OCOP Việt Nam".into(),
            description: "Danh mục tổng hợp sản phẩm OCOP (Mỗi xã một sản phẩm) của 34 tỉnh, thành phố: dữ liệu tổng hợp để đo hiệu năng.".into(),
            base_url: BASE_URL.into(),
            province: None,
            office: "Văn phòng Điều phối Nông thôn mới Trung ương".into(),
            address: "Số 00 phố Mẫu, phường Ba Đình, thành phố Hà Nội".into(),
            phone: "024 0000 0000".into(),
            email: "ocop@example.gov.vn".into(),
            sources: Vec::new(),
        }
    }

    /// The text of `site.toml`.
    fn toml(&self) -> String {
        let mut text = String::with_capacity(1024);
        let _ = writeln!(text, "title = {}", q(&self.title));
        let _ = writeln!(text, "description = {}", q(&self.description));
        let _ = writeln!(text, "base_url = {}", q(&self.base_url));
        if let Some(p) = &self.province {
            let _ = writeln!(text, "province = {}", q(p));
        }
        text.push_str("language = \"vi\"\nper_page = 48\n");
        text.push_str("footer = \"Dữ liệu tổng hợp (synthetic), sinh tự động; mọi tên, số điện thoại và số hiệu đều là hư cấu.\"\n");
        let _ = write!(
            text,
            "\n[contact]\noffice = {}\naddress = {}\nphone = {}\nemail = {}\nwebsite = {}\n",
            q(&self.office),
            q(&self.address),
            q(&self.phone),
            q(&self.email),
            q(&self.base_url)
        );
        for s in &self.sources {
            let _ = write!(
                text,
                "\n[[sources]]\nlabel = {}\nkey = {}\npath = {}\n",
                q(&s.label),
                q(&s.key),
                q(&s.path)
            );
        }
        text
    }
}

/// Writes the records `sel` holds as a site into `out`.
fn write_site(cat: &Catalogue, sel: &Selection, out: &Out, seed: u64) -> Result<(), String> {
    let dest = Dest {
        content: prepare_ocop(out.ocop, out.settings)?,
        hugo: out.hugo.map(prepare_hugo).transpose()?,
        photos: out.photos,
    };
    write_products(cat, sel, &dest, seed)?;
    write_producers(cat, sel, &dest, seed)?;
    write_sales_points(cat, sel, &dest, seed)?;
    write_fairs(cat, sel, &dest, seed)?;
    write_stories(cat, sel, &dest, seed)?;
    write_plans(cat, sel, &dest)?;
    write_pages(&dest, seed)
}

/// Two yearly plans (2025, over; 2026, running on the usual build date) whose targets grow
/// with the records of the site, so a build of any size has plan pages to count and render.
/// The key products are the site's first six (none, and no such target, in a site without
/// products).
fn write_plans(cat: &Catalogue, sel: &Selection, dest: &Dest) -> Result<(), String> {
    let products = Selection::ids(&sel.products);
    let n = products.len();
    let producers = Selection::ids(&sel.producers).len();
    let points = Selection::ids(&sel.points).len();
    let fairs = Selection::ids(&sel.fairs).len();
    let key: Vec<&str> = products
        .iter()
        .take(6)
        .map(|&i| cat.products[i].slug.as_str())
        .collect();
    let key_target = if key.is_empty() {
        String::new()
    } else {
        format!(
            "\n[[targets]]\nkind = \"key-products\"\nproducts = {}\n",
            q_list(&key)
        )
    };
    for year in [2025, 2026] {
        let text = format!(
            "+++\ntitle = \"Kế hoạch thực hiện Chương trình OCOP năm {year}\"\nyear = {year}\ndecision = \"{}/KH-BCĐ\"\n\n[[targets]]\nkind = \"upgrade\"\nfrom = 3\nto = 4\ncount = {}\n\n[[targets]]\nkind = \"upgrade\"\nfrom = 4\nto = 5\ncount = {}\n\n[[targets]]\nkind = \"new-products\"\ncount = {}\n\n[[targets]]\nkind = \"new-products\"\nmin_stars = 4\ncount = {}\n\n[[targets]]\nkind = \"new-producers\"\nkinds = [\"cooperative\", \"enterprise\"]\ncount = {}\n\n[[targets]]\nkind = \"sales-points\"\ncount = {}\n\n[[targets]]\nkind = \"centres\"\ncount = 1\n\n[[targets]]\nkind = \"fairs\"\ncount = {}\n{key_target}+++\nKế hoạch năm {year}.\n",
            year - 2000,
            (n / 40).max(1),
            (n / 200).max(1),
            (n / 8).max(1),
            (n / 30).max(1),
            (producers / 50).max(1),
            (points / 10).max(1),
            (fairs / 8).max(1),
        );
        write_file(
            &dest.content.join("plans").join(format!("{year}.md")),
            &text,
        )?;
    }
    Ok(())
}

/// Writes `site.toml` into `root` and empties its `content/` folder (leaving the empty
/// folder of each section); returns that folder.
fn prepare_ocop(root: &Path, settings: &Settings) -> Result<PathBuf, String> {
    mkdir(root)?;
    let content = root.join("content");
    reset(&content)?;
    for s in [
        "products",
        "producers",
        "sales-points",
        "fairs",
        "stories",
        "pages",
        "plans",
    ] {
        mkdir(&content.join(s))?;
    }
    write_file(&root.join("site.toml"), &settings.toml())?;
    Ok(content)
}

/// Writes the Hugo site's config and layouts into `dir` and empties its `content/` folder;
/// returns that folder.
fn prepare_hugo(dir: &Path) -> Result<PathBuf, String> {
    mkdir(dir)?;
    let c = dir.join("content");
    reset(&c)?;
    for s in [
        "san-pham",
        "chu-the",
        "diem-ban",
        "hoi-cho",
        "cau-chuyen",
        "trang",
    ] {
        mkdir(&c.join(s))?;
    }
    write_hugo_skeleton(dir)?;
    Ok(c)
}

/// Products, written in parallel; each record has its own PRNG, so the output does not
/// depend on the schedule.
fn write_products(cat: &Catalogue, sel: &Selection, dest: &Dest, seed: u64) -> Result<(), String> {
    Selection::ids(&sel.products)
        .par_iter()
        .try_for_each(|&i| -> Result<(), String> {
            let p = &cat.products[i];
            let page = ProductPage::new(cat, p, &mut record_rng(seed, 1, i));
            let text = ocop_product(&page);
            write_product_file(dest.photos, &dest.content.join("products"), i, p, &text)?;
            if let Some(hc) = &dest.hugo {
                let text = hugo_product(cat, sel, &page);
                write_product_file(dest.photos, &hc.join("san-pham"), i, p, &text)?;
            }
            Ok(())
        })
}

/// Writes product `i` into `dir`: as a bundle `SLUG/index.md` beside its photo when there
/// are photos, otherwise as `SLUG.md`.
fn write_product_file(
    photos: Option<&Photos>,
    dir: &Path,
    i: usize,
    p: &Product,
    text: &str,
) -> Result<(), String> {
    if let Some(photos) = photos {
        let dir = dir.join(&p.slug);
        mkdir(&dir)?;
        write_file(&dir.join("index.md"), text)?;
        photos
            .copy(i, &dir)
            .map_err(|e| format!("cannot copy a photo: {e}"))
    } else {
        write_file(&dir.join(format!("{}.md", p.slug)), text)
    }
}

/// What the ocop and the Hugo file of one product share.
struct ProductPage<'a> {
    p: &'a Product,
    it: &'static Item,
    pr: &'a Producer,
    prov: &'a Province,
    commune: &'a Commune,
    summary: String,
    address: String,
    tags: [String; 2],
    body: String,
}

impl<'a> ProductPage<'a> {
    /// Draws the body and address of `p` from the record's own PRNG.
    fn new(cat: &'a Catalogue, p: &'a Product, rng: &mut Rng) -> Self {
        let it = &ITEMS[p.item];
        let pr = &cat.producers[p.producer];
        let prov = &cat.provinces[p.province];
        let commune = &prov.communes[p.commune];
        let (adjs, sections) = class_sections(it.group);
        let ctx = Ctx {
            name: &p.name,
            base: &lower_first(it.base),
            place: &commune.place,
            province: &prov.short,
            producer: &pr.name,
            person: &pr.representative,
            adjs,
        };
        let body = body(rng, &ctx, INTRO, &sections);
        let summary = format!(
            "{} của {}, {}, {} sao OCOP.",
            p.name,
            pr.name,
            prov.short,
            p.current().stars
        );
        let address = format!(
            "Thôn {}, {}, {}",
            rng.range(1, 12),
            lower_first(&commune.name),
            lower_prov(prov)
        );
        ProductPage {
            p,
            it,
            pr,
            prov,
            commune,
            summary,
            address,
            tags: [lower_first(it.base), commune.place.clone()],
            body,
        }
    }
}

/// A product's ocop record: TOML front matter, then the body.
fn ocop_product(page: &ProductPage) -> String {
    let ProductPage {
        p, it, pr, prov, ..
    } = *page;
    let mut text = String::with_capacity(8192);
    text.push_str("+++\n");
    let _ = writeln!(text, "name = {}", q(&p.name));
    let _ = writeln!(text, "producer = {}", q(&pr.slug));
    let _ = writeln!(text, "group = {}", q(GROUPS[it.group].0));
    let _ = writeln!(text, "subgroup = {}", q(it.subgroup));
    let _ = writeln!(text, "province = {}", q(&prov.name));
    let _ = writeln!(text, "commune = {}", q(&page.commune.name));
    let _ = writeln!(text, "address = {}", q(&page.address));
    let _ = writeln!(text, "summary = {}", q(&page.summary));
    let _ = writeln!(text, "price = {}", p.price);
    let _ = writeln!(text, "unit = {}", q(it.unit.0));
    let _ = writeln!(text, "tags = {}", q_list(&page.tags));
    if p.specs {
        ocop_product_specs(&mut text, p, it);
    }
    for c in &p.certs {
        let _ = write!(
            text,
            "\n[[certificates]]\nstars = {}\ndecision = {}\nissued = {}\nissuer = {}\nscore = {}\n",
            c.stars,
            q(&c.decision),
            date(c.issued),
            q(&c.issuer),
            c.score
        );
    }
    if p.shop {
        let _ = write!(
            text,
            "\n[[shops]]\nname = \"Cửa hàng trực tuyến\"\nurl = \"https://shop.example.vn/{}/\"\n",
            pr.slug
        );
    }
    text.push_str("+++\n");
    text.push_str(&page.body);
    text
}

/// The `[specs]` table of a product's ocop record.
fn ocop_product_specs(text: &mut String, p: &Product, it: &Item) {
    text.push_str("\n[specs]\n");
    if !it.packaging.is_empty() {
        let _ = writeln!(text, "packaging = {}", q(it.packaging));
    }
    let _ = writeln!(text, "net_content = {}", q(it.unit.1));
    if !it.shelf_life.is_empty() {
        let _ = writeln!(text, "shelf_life = {}", q(it.shelf_life));
        let _ = writeln!(text, "storage = {}", q(it.storage));
    }
    if !it.ingredients.is_empty() {
        let _ = writeln!(text, "ingredients = {}", q(it.ingredients));
    }
    if !p.certifications.is_empty() {
        let _ = writeln!(text, "certifications = {}", q_list(&p.certifications));
    }
    if let Some(b) = &p.barcode {
        let _ = writeln!(text, "barcode = {}", q(b));
    }
}

/// A product's Hugo page: front matter with the taxonomies and the relations ocop computes
/// itself (the sales points of the site), then the body.
fn hugo_product(cat: &Catalogue, sel: &Selection, page: &ProductPage) -> String {
    let ProductPage {
        p, it, pr, prov, ..
    } = *page;
    let mut text = String::with_capacity(8192);
    let cur = p.current();
    let certified = p.certified();
    text.push_str("+++\n");
    let _ = writeln!(text, "title = {}", q(&p.name));
    let _ = writeln!(text, "summary = {}", q(&page.summary));
    let _ = writeln!(text, "producer = {}", q(&pr.slug));
    let _ = writeln!(text, "producer_name = {}", q(&pr.name));
    let _ = writeln!(text, "producer_kind = {}", q(KINDS[pr.kind].1));
    let _ = writeln!(text, "group = {}", q(GROUPS[it.group].1));
    let _ = writeln!(text, "subgroup = {}", q(it.subgroup));
    let _ = writeln!(text, "province = {}", q(&prov.short));
    let _ = writeln!(text, "commune = {}", q(&page.commune.name));
    let _ = writeln!(text, "address = {}", q(&page.address));
    let _ = writeln!(text, "price = {}", p.price);
    let _ = writeln!(text, "unit = {}", q(it.unit.0));
    let _ = writeln!(text, "rating = {}", cur.stars);
    let _ = writeln!(text, "certified = {certified}");
    let _ = writeln!(
        text,
        "valid_until = {}",
        q(&date(plus_36_months(cur.issued)))
    );
    if certified {
        let _ = writeln!(text, "stars = [\"{}\"]", cur.stars);
        let _ = writeln!(text, "groups = [{}]", q(GROUPS[it.group].2));
        let _ = writeln!(text, "provinces = [{}]", q(&prov.slug));
        let _ = writeln!(text, "kinds = [{}]", q(KINDS[pr.kind].2));
    } else {
        text.push_str("status = [\"het-han\"]\n");
    }
    let _ = writeln!(text, "tags_text = {}", q_list(&page.tags));
    for &s in p.sold_at.iter().filter(|&&s| sel.points[s]) {
        let sp = &cat.points[s];
        let _ = write!(
            text,
            "\n[[sold_at]]\nslug = {}\nname = {}\n",
            q(&sp.slug),
            q(&sp.name)
        );
    }
    for c in p.certs.iter().rev() {
        let _ = write!(
            text,
            "\n[[certificates]]\nstars = {}\ndecision = {}\nissued = {}\nissuer = {}\nscore = {}\n",
            c.stars,
            q(&c.decision),
            q(&date(c.issued)),
            q(&c.issuer),
            c.score
        );
    }
    if p.specs {
        text.push_str("\n[specs]\n");
        let _ = writeln!(text, "net_content = {}", q(it.unit.1));
        if !it.shelf_life.is_empty() {
            let _ = writeln!(text, "shelf_life = {}", q(it.shelf_life));
        }
        if let Some(b) = &p.barcode {
            let _ = writeln!(text, "barcode = {}", q(b));
        }
    }
    text.push_str("+++\n");
    text.push_str(&page.body);
    text
}

/// Producers; the Hugo pages list each producer's products.
fn write_producers(cat: &Catalogue, sel: &Selection, dest: &Dest, seed: u64) -> Result<(), String> {
    Selection::ids(&sel.producers)
        .par_iter()
        .try_for_each(|&i| -> Result<(), String> {
            let pr = &cat.producers[i];
            let mut rng = record_rng(seed, 2, i);
            let mut text = String::with_capacity(8192);
            let prov = &cat.provinces[pr.province];
            let commune = &prov.communes[pr.commune];
            let main = &ITEMS[cat.products[pr.products[0]].item];
            let (adjs, sections) = class_sections(main.group);
            let ctx = Ctx {
                name: &pr.name,
                base: &lower_first(main.base),
                place: &commune.place,
                province: &prov.short,
                producer: &pr.name,
                person: &pr.representative,
                adjs,
            };
            let body = body(
                &mut rng,
                &ctx,
                PRODUCER_INTRO,
                &[("Hoạt động", PRODUCER_WORK), sections[0], sections[1]],
            );
            let address = format!(
                "Thôn {}, {}, {}",
                rng.range(1, 12),
                lower_first(&commune.name),
                lower_prov(prov)
            );
            text.push_str("+++\n");
            let _ = writeln!(text, "name = {}", q(&pr.name));
            let _ = writeln!(text, "kind = {}", q(KINDS[pr.kind].0));
            let _ = writeln!(text, "province = {}", q(&prov.name));
            let _ = writeln!(text, "commune = {}", q(&commune.name));
            let _ = writeln!(text, "address = {}", q(&address));
            let _ = writeln!(text, "representative = {}", q(&pr.representative));
            let _ = writeln!(text, "phone = {}", q(&pr.phone));
            let _ = writeln!(text, "email = \"lienhe@{}.example.vn\"", pr.slug);
            if pr.kind == 0 {
                let _ = writeln!(text, "website = \"https://{}.example.vn/\"", pr.slug);
            }
            let _ = writeln!(text, "tax_code = \"{:010}\"", 100_000_000 + pr.products[0]);
            let _ = writeln!(text, "founded = {}", pr.founded);
            if let Some(m) = pr.members {
                let _ = writeln!(text, "members = {m}");
            }
            text.push_str("+++\n");
            text.push_str(&body);
            write_file(
                &dest
                    .content
                    .join("producers")
                    .join(format!("{}.md", pr.slug)),
                &text,
            )?;
            if let Some(hc) = &dest.hugo {
                let text = hugo_producer(cat, pr, &address, &body);
                write_file(&hc.join("chu-the").join(format!("{}.md", pr.slug)), &text)?;
            }
            Ok(())
        })
}

/// A producer's Hugo page: front matter with its products, then the body.
fn hugo_producer(cat: &Catalogue, pr: &Producer, address: &str, body: &str) -> String {
    let prov = &cat.provinces[pr.province];
    let mut text = String::with_capacity(8192);
    text.push_str("+++\n");
    let _ = writeln!(text, "title = {}", q(&pr.name));
    let _ = writeln!(text, "kind = {}", q(KINDS[pr.kind].1));
    let _ = writeln!(text, "province = {}", q(&prov.short));
    let _ = writeln!(text, "commune = {}", q(&prov.communes[pr.commune].name));
    let _ = writeln!(text, "address = {}", q(address));
    let _ = writeln!(text, "representative = {}", q(&pr.representative));
    let _ = writeln!(text, "phone = {}", q(&pr.phone));
    let _ = writeln!(text, "loai = [{}]", q(KINDS[pr.kind].2));
    for &i in &pr.products {
        let p = &cat.products[i];
        let _ = write!(
            text,
            "\n[[products]]\nslug = {}\nname = {}\nstars = {}\n",
            q(&p.slug),
            q(&p.name),
            p.current().stars
        );
    }
    text.push_str("+++\n");
    text.push_str(body);
    text
}

/// The slugs of the products of `ids` (indices into `cat.products`) that `sel` holds.
fn product_slugs<'a>(cat: &'a Catalogue, sel: &Selection, ids: &[usize]) -> Vec<&'a str> {
    sel.products_of(ids)
        .into_iter()
        .map(|i| cat.products[i].slug.as_str())
        .collect()
}

/// The slugs of the producers of `ids` (indices into `cat.producers`) that `sel` holds.
fn producer_slugs<'a>(cat: &'a Catalogue, sel: &Selection, ids: &[usize]) -> Vec<&'a str> {
    sel.producers_of(ids)
        .into_iter()
        .map(|i| cat.producers[i].slug.as_str())
        .collect()
}

fn write_sales_points(
    cat: &Catalogue,
    sel: &Selection,
    dest: &Dest,
    seed: u64,
) -> Result<(), String> {
    Selection::ids(&sel.points)
        .par_iter()
        .try_for_each(|&i| -> Result<(), String> {
            let sp = &cat.points[i];
            let mut rng = record_rng(seed, 3, i);
            let mut text = String::with_capacity(8192);
            let prov = &cat.provinces[sp.province];
            let commune = &prov.communes[sp.commune];
            let ctx = Ctx {
                name: &sp.name,
                base: "đặc sản",
                place: &commune.place,
                province: &prov.short,
                producer: &sp.name,
                person: "",
                adjs: ADJ_TASTE,
            };
            let body = body(
                &mut rng,
                &ctx,
                POINT,
                &[("Sản phẩm", POINT), ("Mua hàng", BUY)],
            );
            let address = format!(
                "Số {} đường Mẫu, {}, {}",
                rng.range(1, 300),
                lower_first(&commune.name),
                lower_prov(prov)
            );
            let slugs = product_slugs(cat, sel, &sp.products);
            text.push_str("+++\n");
            let _ = writeln!(text, "name = {}", q(&sp.name));
            let _ = writeln!(text, "kind = {}", q(sp.kind));
            let _ = writeln!(text, "province = {}", q(&prov.name));
            let _ = writeln!(text, "commune = {}", q(&commune.name));
            let _ = writeln!(text, "address = {}", q(&address));
            let _ = writeln!(text, "phone = {}", q(&sp.phone));
            text.push_str("hours = \"7:30–21:00 hằng ngày\"\n");
            // When it opened, for the plans' sales-point targets.
            let _ = writeln!(
                text,
                "opened = {}-{:02}-{:02}",
                rng.range(2019, 2026),
                rng.range(1, 12),
                rng.range(1, 28)
            );
            let _ = writeln!(text, "products = {}", q_list(&slugs));
            text.push_str("+++\n");
            text.push_str(&body);
            write_file(
                &dest
                    .content
                    .join("sales-points")
                    .join(format!("{}.md", sp.slug)),
                &text,
            )?;
            if let Some(hc) = &dest.hugo {
                let fm = format!(
                    "+++\ntitle = {}\nprovince = {}\naddress = {}\nproducts = {}\n+++\n",
                    q(&sp.name),
                    q(&prov.short),
                    q(&address),
                    q_list(&slugs)
                );
                write_file(
                    &hc.join("diem-ban").join(format!("{}.md", sp.slug)),
                    &(fm + &body),
                )?;
            }
            Ok(())
        })
}

fn write_fairs(cat: &Catalogue, sel: &Selection, dest: &Dest, seed: u64) -> Result<(), String> {
    Selection::ids(&sel.fairs)
        .par_iter()
        .try_for_each(|&i| -> Result<(), String> {
            let f = &cat.fairs[i];
            let mut rng = record_rng(seed, 4, i);
            let mut text = String::with_capacity(8192);
            let prov = &cat.provinces[f.province];
            let ctx = Ctx {
                name: &f.name,
                base: "đặc sản",
                place: &prov.short,
                province: &prov.short,
                producer: "ban tổ chức",
                person: "",
                adjs: ADJ_TASTE,
            };
            let body = body(&mut rng, &ctx, FAIR, &[("Hoạt động", FAIR)]);
            let makers = producer_slugs(cat, sel, &f.producers);
            let slugs = product_slugs(cat, sel, &f.products);
            text.push_str("+++\n");
            let _ = writeln!(text, "name = {}", q(&f.name));
            let _ = writeln!(text, "starts = {}", date(f.starts));
            let _ = writeln!(text, "ends = {}", date(f.ends));
            let _ = writeln!(text, "venue = {}", q(&f.venue));
            let _ = writeln!(text, "province = {}", q(&prov.name));
            let _ = writeln!(
                text,
                "organizer = {}",
                q(&format!("Sở Công Thương {}", prov.short))
            );
            let _ = writeln!(text, "producers = {}", q_list(&makers));
            let _ = writeln!(text, "products = {}", q_list(&slugs));
            text.push_str("+++\n");
            text.push_str(&body);
            write_file(
                &dest.content.join("fairs").join(format!("{}.md", f.slug)),
                &text,
            )?;
            if let Some(hc) = &dest.hugo {
                let fm = format!(
                    "+++\ntitle = {}\nstarts = {}\nends = {}\nvenue = {}\nprovince = {}\nupcoming = {}\n+++\n",
                    q(&f.name),
                    q(&date(f.starts)),
                    q(&date(f.ends)),
                    q(&f.venue),
                    q(&prov.short),
                    f.ends >= today()
                );
                write_file(
                    &hc.join("hoi-cho").join(format!("{}.md", f.slug)),
                    &(fm + &body),
                )?;
            }
            Ok(())
        })
}

/// Stories; the body is drawn from the story's first product and producer whether or not
/// the site holds them, so it reads the same in every site.
fn write_stories(cat: &Catalogue, sel: &Selection, dest: &Dest, seed: u64) -> Result<(), String> {
    Selection::ids(&sel.stories)
        .par_iter()
        .try_for_each(|&i| -> Result<(), String> {
            let s = &cat.stories[i];
            let mut rng = record_rng(seed, 5, i);
            let mut text = String::with_capacity(8192);
            let p = &cat.products[s.products[0]];
            let pr = &cat.producers[s.producers[0]];
            let prov = &cat.provinces[p.province];
            let ctx = Ctx {
                name: &p.name,
                base: &lower_first(ITEMS[p.item].base),
                place: &prov.communes[p.commune].place,
                province: &prov.short,
                producer: &pr.name,
                person: &pr.representative,
                adjs: ADJ_TASTE,
            };
            let (_, sections) = class_sections(ITEMS[p.item].group);
            let body = body(
                &mut rng,
                &ctx,
                STORY,
                &[("Người làm nghề", STORY), sections[0], sections[2]],
            );
            let makers = producer_slugs(cat, sel, &s.producers);
            let slugs = product_slugs(cat, sel, &s.products);
            let summary = format!("Câu chuyện về {} và sản phẩm {}.", pr.name, p.name);
            text.push_str("+++\n");
            let _ = writeln!(text, "title = {}", q(&s.title));
            let _ = writeln!(text, "date = {}", date(s.date));
            text.push_str("author = \"Ban biên tập\"\n");
            let _ = writeln!(text, "summary = {}", q(&summary));
            let _ = writeln!(text, "producers = {}", q_list(&makers));
            let _ = writeln!(text, "products = {}", q_list(&slugs));
            text.push_str("+++\n");
            text.push_str(&body);
            write_file(
                &dest.content.join("stories").join(format!("{}.md", s.slug)),
                &text,
            )?;
            if let Some(hc) = &dest.hugo {
                let fm = format!(
                    "+++\ntitle = {}\ndate = {}\nsummary = {}\n+++\n",
                    q(&s.title),
                    date(s.date),
                    q(&summary)
                );
                write_file(
                    &hc.join("cau-chuyen").join(format!("{}.md", s.slug)),
                    &(fm + &body),
                )?;
            }
            Ok(())
        })
}

/// The two free pages, drawn one after the other from one PRNG.
fn write_pages(dest: &Dest, seed: u64) -> Result<(), String> {
    let mut rng = record_rng(seed, 6, 0);
    let ctx = Ctx {
        name: "Chương trình OCOP",
        base: "sản phẩm OCOP",
        place: "các địa phương",
        province: "cả nước",
        producer: "các chủ thể",
        person: "",
        adjs: ADJ_TASTE,
    };
    for (slug, title) in [
        ("gioi-thieu", "Giới thiệu Chương trình OCOP"),
        ("lien-he", "Liên hệ"),
    ] {
        let body = body(
            &mut rng,
            &ctx,
            FOOD_FEATURE,
            &[("Thông tin", FOOD_FEATURE), ("Liên hệ", BUY)],
        );
        let fm = format!("+++\ntitle = {}\nsummary = {}\n+++\n", q(title), q(title));
        write_file(
            &dest.content.join("pages").join(format!("{slug}.md")),
            &(fm + &body),
        )?;
        if let Some(hc) = &dest.hugo {
            let fm = format!("+++\ntitle = {}\nurl = \"/{slug}/\"\n+++\n", q(title));
            write_file(&hc.join("trang").join(format!("{slug}.md")), &(fm + &body))?;
        }
    }
    Ok(())
}

/// "tỉnh Tuyên Quang", "thành phố Hà Nội".
fn lower_prov(p: &Province) -> String {
    match p.name.strip_prefix("Thành phố ") {
        Some(city) => format!("thành phố {city}"),
        None => format!("tỉnh {}", p.name),
    }
}

// ---------------------------------------------------------------------------------------------
// Hugo: configuration and simple layouts producing the same pages.

const HUGO_CONFIG: &str = r#"baseURL = "https://ocop.example.gov.vn/"
languageCode = "vi"
title = "Sản phẩm OCOP Việt Nam"
paginate = 48
disableKinds = ["RSS"]
enableRobotsTXT = true

[taxonomies]
star = "stars"
group = "groups"
province = "provinces"
kind = "kinds"
status = "status"
loai = "loai"
"#;

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "_default/baseof.html",
        r#"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify | truncate 160 }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "san-pham/" | relURL }}">Sản phẩm</a> <a href="{{ "chu-the/" | relURL }}">Chủ thể</a> <a href="{{ "diem-ban/" | relURL }}">Điểm bán</a> <a href="{{ "hoi-cho/" | relURL }}">Hội chợ</a> <a href="{{ "cau-chuyen/" | relURL }}">Câu chuyện</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ with .Params.province }}<p>{{ . }}</p>{{ end }}{{ .Content }}</article>{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.province }} · {{ . }}{{ end }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "_default/terms.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "_default/term.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pager := .Paginate .Pages }}<ul class="cards">{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}</ul>{{ template "_internal/pagination.html" . }}{{ end }}
"#,
    ),
    (
        "loai/term.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> · {{ .Params.province }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "partials/card.html",
        r#"<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.rating }} sao</span> · {{ .Params.province }} · {{ .Params.producer_name }}<p>{{ .Params.summary }}</p></li>
"#,
    ),
    (
        "partials/certified.html",
        r#"{{ return where (where site.RegularPages "Section" "san-pham") "Params.certified" true }}
"#,
    ),
    (
        "san-pham/list.html",
        r#"{{ define "main" }}<h1>Sản phẩm OCOP</h1>{{ $pager := .Paginate (partialCached "certified.html" . "all") }}<ul class="cards">{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}</ul>{{ template "_internal/pagination.html" . }}{{ end }}
"#,
    ),
    (
        "san-pham/single.html",
        r#"{{ define "main" }}<nav class="crumbs"><a href="{{ "/" | relURL }}">Trang chủ</a> › <a href="{{ "san-pham/" | relURL }}">Sản phẩm</a></nav>
<article>
<h1>{{ .Title }}</h1>
<p class="stars">{{ .Params.rating }} sao OCOP{{ if not .Params.certified }} (hết hạn){{ end }}</p>
{{ with .Resources.ByType "image" }}{{ with index . 0 }}<img src="{{ .RelPermalink }}" alt="{{ $.Title }}">{{ end }}{{ end }}
<p>{{ .Params.group }} · {{ .Params.subgroup }}</p>
<p>{{ lang.FormatNumber 0 .Params.price }} đ / {{ .Params.unit }}</p>
<p>Chủ thể: <a href="{{ printf "chu-the/%s/" .Params.producer | relURL }}">{{ .Params.producer_name }}</a> ({{ .Params.producer_kind }}) · {{ .Params.commune }}, {{ .Params.province }}</p>
<table><tr><th>Hạng</th><th>Quyết định</th><th>Ngày</th><th>Điểm</th><th>Cơ quan</th></tr>{{ range .Params.certificates }}<tr><td>{{ .stars }} sao</td><td>{{ .decision }}</td><td>{{ .issued }}</td><td>{{ .score }}</td><td>{{ .issuer }}</td></tr>{{ end }}</table>
<p>Hiệu lực đến {{ .Params.valid_until }}</p>
{{ with .Params.specs }}<dl>{{ range $k, $v := . }}<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}</dl>{{ end }}
{{ .Content }}
{{ with .Params.sold_at }}<h2>Nơi bán</h2><ul>{{ range . }}<li><a href="{{ printf "diem-ban/%s/" .slug | relURL }}">{{ .name }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"#,
    ),
    (
        "chu-the/single.html",
        r#"{{ define "main" }}<nav class="crumbs"><a href="{{ "/" | relURL }}">Trang chủ</a> › <a href="{{ "chu-the/" | relURL }}">Chủ thể</a></nav>
<article><h1>{{ .Title }}</h1><p>{{ .Params.kind }} · {{ .Params.commune }}, {{ .Params.province }}</p><p>{{ .Params.representative }} · {{ .Params.phone }} · {{ .Params.address }}</p>
{{ .Content }}
<h2>Sản phẩm OCOP</h2><ul>{{ range .Params.products }}<li><a href="{{ printf "san-pham/%s/" .slug | relURL }}">{{ .name }}</a> {{ .stars }} sao</li>{{ end }}</ul></article>{{ end }}
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $certified := partialCached "certified.html" . "all" }}
<p>{{ len $certified }} sản phẩm OCOP còn hiệu lực.</p>
<ul>{{ range site.Taxonomies.stars.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }} sao</a> ({{ .Count }})</li>{{ end }}</ul>
<ul>{{ range site.Taxonomies.groups.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<ul class="cards">{{ range first 12 $certified }}{{ partial "card.html" . }}{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "404.html",
        r#"{{ define "main" }}<h1>Không tìm thấy trang</h1>{{ end }}
"#,
    ),
];

fn write_hugo_skeleton(dir: &Path) -> Result<(), String> {
    write_file(&dir.join("config.toml"), HUGO_CONFIG)?;
    let layouts = dir.join("layouts");
    if layouts.exists() {
        fs::remove_dir_all(&layouts).map_err(|e| e.to_string())?;
    }
    for (rel, text) in HUGO_LAYOUTS {
        let path = layouts.join(rel);
        mkdir(path.parent().expect("a parent"))?;
        write_file(&path, text)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------

struct Args {
    products: usize,
    out: PathBuf,
    seed: u64,
    photos: Option<PathBuf>,
    hugo: Option<PathBuf>,
    national: bool,
}

const USAGE: &str =
    "usage: synth --products N --out DIR [--seed S] [--photos DIR] [--hugo DIR] [--national]";

fn args() -> Result<Args, String> {
    let mut products = None;
    let mut out = None;
    let mut seed = 1;
    let mut photos = None;
    let mut hugo = None;
    let mut national = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{a} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--products" => {
                let n: usize = value()?.parse().map_err(|e| format!("--products: {e}"))?;
                if n == 0 {
                    // A catalogue needs products for its producers, listings and index.
                    return Err("--products: at least 1".into());
                }
                products = Some(n)
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--photos" => photos = Some(PathBuf::from(value()?)),
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            "--national" => national = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(Args {
        products: products.ok_or_else(|| format!("--products is required\n{USAGE}"))?,
        out: out.ok_or_else(|| format!("--out is required\n{USAGE}"))?,
        seed,
        photos,
        hugo,
        national,
    })
}

fn main() -> ExitCode {
    let start = Instant::now();
    let run = || -> Result<String, String> {
        let a = args()?;
        let photos = a.photos.as_deref().map(Photos::load).transpose()?;
        let cat = generate(a.products, a.seed);
        let hugo = a
            .hugo
            .as_ref()
            .map(|h| format!(" (and a Hugo site in {})", h.display()))
            .unwrap_or_default();
        let counts = format!(
            "{} products, {} producers, {} sales points, {} fairs, {} stories",
            cat.products.len(),
            cat.producers.len(),
            cat.points.len(),
            cat.fairs.len(),
            cat.stories.len(),
        );
        let secs = || start.elapsed().as_secs_f64();
        if a.national {
            let r =
                national::write_national(&cat, &a.out, a.hugo.as_deref(), photos.as_ref(), a.seed)?;
            return Ok(format!(
                "Wrote {counts} into {dir}/combined{hugo}, the same as {n} province sites in {dir}/provinces ({lo} to {hi} products each) and a national site of {n} sources in {dir}/national in {:.2} s.\n\
                 Left out of the province sites, as references to records of other provinces: {} products of sales points ({} left with none), {} products and producers of fairs ({} left with none), {} of stories.",
                secs(),
                r.dropped[0],
                r.emptied[0],
                r.dropped[1],
                r.emptied[1],
                r.dropped[2],
                dir = a.out.display(),
                n = cat.provinces.len(),
                lo = r.products.0,
                hi = r.products.1,
            ));
        }
        let out = Out {
            ocop: &a.out,
            settings: &Settings::catalogue(),
            hugo: a.hugo.as_deref(),
            photos: photos.as_ref(),
        };
        write_site(&cat, &Selection::all(&cat), &out, a.seed)?;
        Ok(format!(
            "Wrote {counts} into {}{hugo} in {:.2} s.",
            a.out.display(),
            secs()
        ))
    };
    match run() {
        Ok(msg) => {
            eprintln!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
