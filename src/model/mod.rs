//! The resolved site: immutable, validated, cross-linked.
//!
//! `resolve` builds a `Site` once from the raw records; after that nothing changes it. Records
//! refer to each other by index (`ProductId` into `Site::products`), both ways: a product knows
//! its producer and a producer its products, sales-point links are merged from both sides.
//! Types carry their invariants: `Stars` only holds 1 to 5, a `Gtin` has a verified check
//! digit, a product always has at least one certificate, newest first.

pub mod changes;
pub(crate) mod color;
pub mod federation;
pub mod figures;
pub mod images;
pub(crate) mod lang;
pub mod refdata;
pub mod year_plan;

use std::path::PathBuf;

use chrono::{Months, NaiveDate};

pub use crate::model::lang::Lang;
use crate::model::refdata::{Group, ProvinceId};
pub use crate::model::year_plan::YearPlan;

macro_rules! id_type {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);
        impl $name {
            pub(crate) fn index(self) -> usize {
                self.0 as usize
            }
        }
        impl From<u32> for $name {
            fn from(i: u32) -> $name {
                $name(i)
            }
        }
    };
}

id_type!(ProductId);
id_type!(ProducerId);
id_type!(SalesPointId);
id_type!(FairId);
id_type!(StoryId);
id_type!(PlanId);
id_type!(SourceId);

/// An OCOP star rating: 1 to 5 and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stars(u8);

impl Stars {
    /// The lowest certified rating.
    pub(crate) const MIN_CERTIFIED: Stars = Stars(3);

    pub(crate) fn new(n: i64) -> Option<Stars> {
        (1..=5).contains(&n).then_some(Stars(n as u8))
    }

    pub(crate) fn get(self) -> u8 {
        self.0
    }

    /// 3 stars and above are certified products.
    pub(crate) fn is_certified_level(self) -> bool {
        self.0 >= 3
    }

    /// "4 sao OCOP".
    pub(crate) fn label(self) -> String {
        format!("{} sao OCOP", self.0)
    }
}

/// A GTIN-8, 12, 13 or 14 whose check digit is right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gtin(String);

impl Gtin {
    pub(crate) fn parse(s: &str) -> Result<Gtin, String> {
        let digits: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("a barcode has only digits".into());
        }
        if ![8, 12, 13, 14].contains(&digits.len()) {
            return Err(format!(
                "a GTIN has 8, 12, 13 or 14 digits, this has {}",
                digits.len()
            ));
        }
        let expected = gtin_check_digit(&digits[..digits.len() - 1]);
        let actual = digits.as_bytes()[digits.len() - 1] - b'0';
        if expected != actual {
            return Err(format!(
                "the check digit is wrong: the last digit should be {expected}, not {actual}"
            ));
        }
        Ok(Gtin(digits))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// GS1 mod-10 check digit of the digits before it.
pub(crate) fn gtin_check_digit(body: &str) -> u8 {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 { d * 3 } else { d }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProducerKind {
    Enterprise,
    Cooperative,
    CooperativeGroup,
    Household,
}

impl ProducerKind {
    pub const ALL: [ProducerKind; 4] = [
        ProducerKind::Enterprise,
        ProducerKind::Cooperative,
        ProducerKind::CooperativeGroup,
        ProducerKind::Household,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProducerKind::Enterprise => "enterprise",
            ProducerKind::Cooperative => "cooperative",
            ProducerKind::CooperativeGroup => "cooperative-group",
            ProducerKind::Household => "household",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            ProducerKind::Enterprise => "Doanh nghiệp",
            ProducerKind::Cooperative => "Hợp tác xã",
            ProducerKind::CooperativeGroup => "Tổ hợp tác",
            ProducerKind::Household => "Hộ sản xuất, kinh doanh",
        }
    }

    pub(crate) fn slug(self) -> &'static str {
        match self {
            ProducerKind::Enterprise => "doanh-nghiep",
            ProducerKind::Cooperative => "hop-tac-xa",
            ProducerKind::CooperativeGroup => "to-hop-tac",
            ProducerKind::Household => "ho-kinh-doanh",
        }
    }

    /// Accepts the key and the usual Vietnamese names and abbreviations.
    pub(crate) fn parse(s: &str) -> Option<ProducerKind> {
        let f = crate::base::vietnamese::fold(s);
        let f = f.trim();
        Some(match f {
            "enterprise" | "doanh nghiep" | "cong ty" | "dn" => ProducerKind::Enterprise,
            "cooperative" | "hop tac xa" | "htx" => ProducerKind::Cooperative,
            "cooperative-group" | "to hop tac" | "tht" => ProducerKind::CooperativeGroup,
            "household"
            | "ho kinh doanh"
            | "ho san xuat"
            | "ho san xuat, kinh doanh"
            | "ho gia dinh" => ProducerKind::Household,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SalesPointKind {
    SalesPoint,
    Centre,
    Supermarket,
    Shop,
}

impl SalesPointKind {
    pub const ALL: [SalesPointKind; 4] = [
        SalesPointKind::SalesPoint,
        SalesPointKind::Centre,
        SalesPointKind::Supermarket,
        SalesPointKind::Shop,
    ];

    pub(crate) fn parse(s: &str) -> Option<SalesPointKind> {
        let f = crate::base::vietnamese::fold(s);
        Some(match f.trim() {
            "sales-point" | "diem ban" | "diem ban san pham ocop" => SalesPointKind::SalesPoint,
            "centre" | "center" | "trung tam" => SalesPointKind::Centre,
            "supermarket" | "sieu thi" => SalesPointKind::Supermarket,
            "shop" | "cua hang" => SalesPointKind::Shop,
            _ => return None,
        })
    }

    /// The key of its label in the theme's translation files (`sales_point_kind.KEY`).
    pub fn key(self) -> &'static str {
        match self {
            SalesPointKind::SalesPoint => "sales-point",
            SalesPointKind::Centre => "centre",
            SalesPointKind::Supermarket => "supermarket",
            SalesPointKind::Shop => "shop",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            SalesPointKind::SalesPoint => "Điểm bán sản phẩm OCOP",
            SalesPointKind::Centre => "Trung tâm giới thiệu sản phẩm OCOP",
            SalesPointKind::Supermarket => "Siêu thị",
            SalesPointKind::Shop => "Cửa hàng",
        }
    }
}

/// How many days before its end a certificate counts as expiring ("Sắp hết hạn"), for the
/// build, `ocop check`'s warning and the pages' script (`status.js`, which reads it from
/// the page).
pub const EXPIRING_DAYS: i64 = 90;

/// Where a certificate stands on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertStatus {
    Valid,
    /// Valid, but ends within `EXPIRING_DAYS` days.
    Expiring,
    Expired,
    Revoked,
}

impl CertStatus {
    pub const ALL: [CertStatus; 4] = [
        CertStatus::Valid,
        CertStatus::Expiring,
        CertStatus::Expired,
        CertStatus::Revoked,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CertStatus::Valid => "valid",
            CertStatus::Expiring => "expiring",
            CertStatus::Expired => "expired",
            CertStatus::Revoked => "revoked",
        }
    }

    pub(crate) fn is_valid(self) -> bool {
        matches!(self, CertStatus::Valid | CertStatus::Expiring)
    }
}

#[derive(Debug, Clone)]
pub struct Certificate {
    pub stars: Stars,
    pub decision: String,
    pub issued: NaiveDate,
    pub issuer: Option<String>,
    pub score: Option<u8>,
    pub valid_until: NaiveDate,
    pub revoked: Option<NaiveDate>,
    /// The decision itself, when the record links it.
    pub document: Option<Document>,
}

/// A certificate's decision document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// An `https://` address.
    Url(String),
    /// A PDF beside the record (in its bundle folder), published beside the page.
    Pdf {
        /// File name inside the bundle.
        name: String,
        /// Absolute source path.
        source: PathBuf,
        /// Size in bytes.
        bytes: u64,
    },
}

impl Document {
    /// The largest PDF published: a scanned decision of a few pages is well under it.
    pub(crate) const MAX_PDF_BYTES: u64 = 10 * 1024 * 1024;
}

impl Certificate {
    /// A certificate lasts 36 months from its decision unless the record says otherwise.
    pub(crate) fn default_valid_until(issued: NaiveDate) -> NaiveDate {
        issued.checked_add_months(Months::new(36)).unwrap_or(issued)
    }

    pub(crate) fn status(&self, today: NaiveDate) -> CertStatus {
        if self.revoked.is_some_and(|r| r <= today) {
            CertStatus::Revoked
        } else if self.valid_until < today {
            CertStatus::Expired
        } else if (self.valid_until - today).num_days() <= EXPIRING_DAYS {
            CertStatus::Expiring
        } else {
            CertStatus::Valid
        }
    }
}

#[derive(Debug, Clone)]
pub struct Photo {
    /// File name inside the bundle.
    pub name: String,
    /// Absolute source path.
    pub source: PathBuf,
    pub width: u32,
    pub height: u32,
    /// Marked illustrative by the record (`illustrative`): not the product or place itself.
    pub illustrative: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Specs {
    pub packaging: Option<String>,
    pub net_content: Option<String>,
    pub shelf_life: Option<String>,
    pub ingredients: Option<String>,
    pub storage: Option<String>,
    pub certifications: Vec<String>,
    pub barcode: Option<Gtin>,
    pub capacity: Option<String>,
    pub min_order: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OnlineShop {
    pub name: String,
    pub url: String,
}

/// The parts every record has.
#[derive(Debug, Clone)]
pub struct Common {
    pub slug: String,
    /// Source file relative to the site root.
    pub file: PathBuf,
    /// Rendered, sanitised HTML of the Markdown body.
    pub body_html: String,
    /// Photos, the cover first.
    pub photos: Vec<Photo>,
    /// The record's English text, where it has some.
    pub en: English,
    /// The source site it was merged from; `None` for the site's own records.
    pub origin: Option<Box<federation::Origin>>,
}

/// A record's English text (`name_en`, `summary_en`... and the `.en.md` body). Whatever is
/// missing is shown in Vietnamese on English pages, marked `lang="vi"`.
#[derive(Debug, Clone, Default)]
pub struct English {
    /// `name_en`, or `title_en` for stories and pages.
    pub name: Option<String>,
    pub summary: Option<String>,
    pub unit: Option<String>,
    pub hours: Option<String>,
    pub venue: Option<String>,
    /// Rendered, sanitised HTML of the English body.
    pub body_html: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub common: Common,
    pub name: String,
    /// `name` folded (`vietnamese::fold`): the key of alphabetical order, made once.
    pub name_key: String,
    pub producer: ProducerId,
    pub group: Group,
    pub subgroup: Option<String>,
    /// The 1048/QĐ-TTg (2019) group name the record was written with, when it used one that
    /// is not a current group name ("Vải và may mặc").
    pub legacy_group: Option<String>,
    pub province: ProvinceId,
    /// The province before the 2025 merger (`former_province`, or a pre-2025 `province`),
    /// by its official name.
    pub former_province: Option<String>,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub summary: Option<String>,
    pub price: Option<u64>,
    pub unit: Option<String>,
    pub tags: Vec<String>,
    /// Newest first; never empty.
    pub certificates: Vec<Certificate>,
    pub specs: Specs,
    pub shops: Vec<OnlineShop>,
    /// Merged from the product's `sold_at` and the sales points' `products`; sorted.
    pub sold_at: Vec<SalesPointId>,
    pub fairs: Vec<FairId>,
    pub stories: Vec<StoryId>,
}

impl Product {
    /// The current certificate: the newest.
    pub(crate) fn current(&self) -> &Certificate {
        &self.certificates[0]
    }

    pub(crate) fn stars(&self) -> Stars {
        self.current().stars
    }

    pub(crate) fn status(&self, today: NaiveDate) -> CertStatus {
        self.current().status(today)
    }

    /// Shown in the certified catalogue: a valid certificate of 3 stars or more.
    pub(crate) fn is_certified(&self, today: NaiveDate) -> bool {
        self.status(today).is_valid() && self.stars().is_certified_level()
    }
}

#[derive(Debug, Clone)]
pub struct Producer {
    pub common: Common,
    pub name: String,
    /// `name` folded (`vietnamese::fold`): the key of alphabetical order, made once.
    pub name_key: String,
    pub kind: ProducerKind,
    pub province: ProvinceId,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub zalo: Option<String>,
    pub facebook: Option<String>,
    pub tax_code: Option<String>,
    pub founded: Option<i32>,
    pub members: Option<u32>,
    pub location: Option<(f64, f64)>,
    pub certifications: Vec<String>,
    pub products: Vec<ProductId>,
    pub fairs: Vec<FairId>,
    pub stories: Vec<StoryId>,
}

#[derive(Debug, Clone)]
pub struct SalesPoint {
    pub common: Common,
    pub name: String,
    pub kind: SalesPointKind,
    pub province: ProvinceId,
    pub commune: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub location: Option<(f64, f64)>,
    /// When it opened, for the plans' targets of sales points opened in a year.
    pub opened: Option<NaiveDate>,
    pub products: Vec<ProductId>,
}

#[derive(Debug, Clone)]
pub struct Fair {
    pub common: Common,
    pub name: String,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub venue: String,
    /// The venue's street address.
    pub address: Option<String>,
    /// The venue's coordinates (latitude, longitude).
    pub location: Option<(f64, f64)>,
    pub province: ProvinceId,
    pub organizer: Option<String>,
    pub website: Option<String>,
    pub producers: Vec<ProducerId>,
    pub products: Vec<ProductId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FairTime {
    Upcoming,
    Ongoing,
    Past,
}

impl Fair {
    pub(crate) fn time(&self, today: NaiveDate) -> FairTime {
        if today < self.starts {
            FairTime::Upcoming
        } else if today <= self.ends {
            FairTime::Ongoing
        } else {
            FairTime::Past
        }
    }
}

#[derive(Debug, Clone)]
pub struct Story {
    pub common: Common,
    pub title: String,
    pub date: NaiveDate,
    pub author: Option<String>,
    pub summary: Option<String>,
    pub producers: Vec<ProducerId>,
    pub products: Vec<ProductId>,
}

#[derive(Debug, Clone)]
pub struct FreePage {
    pub common: Common,
    pub title: String,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiredPolicy {
    /// Listed on their own page with an "expired" badge.
    List,
    /// Left out of the site.
    Hide,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub office: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
}

/// Cards per listing page when `site.toml` does not say (`per_page`). Forty-eight fill
/// whole rows of two, three and four columns; a page of them is about 7 KB over the wire
/// (photos load as they scroll into view), and half as many pages as 24 a page means half
/// as many files to write and upload.
pub const DEFAULT_PER_PAGE: usize = 48;

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, with a trailing slash.
    pub base_url: String,
    pub language: String,
    pub province: Option<ProvinceId>,
    pub theme: String,
    pub logo: Option<String>,
    pub expired: ExpiredPolicy,
    pub trust_html: bool,
    pub per_page: usize,
    pub footer: Option<String>,
    /// The languages published, Vietnamese first (always there).
    pub languages: Vec<crate::model::Lang>,
    pub title_en: Option<String>,
    pub description_en: Option<String>,
    pub footer_en: Option<String>,
    /// Theme colours from `[colors]`: (CSS custom property without `--`, value).
    pub colors: Vec<(String, String)>,
    pub contact: Contact,
    pub images: crate::model::images::Settings,
}

impl Config {
    /// The path part of `base_url`: `/` or `/ocop/`.
    pub(crate) fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }
}

/// The whole validated site.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// The date "today" for validity and upcoming fairs.
    pub today: NaiveDate,
    pub products: Vec<Product>,
    pub producers: Vec<Producer>,
    pub sales_points: Vec<SalesPoint>,
    pub fairs: Vec<Fair>,
    pub stories: Vec<Story>,
    pub pages: Vec<FreePage>,
    /// Yearly OCOP plans, by year.
    pub plans: Vec<YearPlan>,
    /// The other sites merged into this one (`[[sources]]`), in site.toml's order.
    pub sources: Vec<federation::Source>,
    /// What changed between the builds of this output (`changes`), this build's included.
    pub changes: changes::History,
}

impl Site {
    pub(crate) fn product(&self, id: ProductId) -> &Product {
        &self.products[id.index()]
    }
    pub(crate) fn producer(&self, id: ProducerId) -> &Producer {
        &self.producers[id.index()]
    }
    pub(crate) fn sales_point(&self, id: SalesPointId) -> &SalesPoint {
        &self.sales_points[id.index()]
    }
    pub(crate) fn fair(&self, id: FairId) -> &Fair {
        &self.fairs[id.index()]
    }
    pub(crate) fn story(&self, id: StoryId) -> &Story {
        &self.stories[id.index()]
    }
    pub(crate) fn plan(&self, id: PlanId) -> &YearPlan {
        &self.plans[id.index()]
    }
    pub(crate) fn source(&self, id: SourceId) -> &federation::Source {
        &self.sources[id.index()]
    }

    /// Whether a product gets a page at all (expired ones may be hidden).
    pub fn is_published(&self, p: &Product) -> bool {
        p.is_certified(self.today) || self.config.expired == ExpiredPolicy::List
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_hold_only_one_to_five() {
        assert!(Stars::new(0).is_none());
        assert!(Stars::new(6).is_none());
        assert_eq!(Stars::new(4).map(Stars::get), Some(4));
        assert_eq!(Stars::new(4).unwrap().label(), "4 sao OCOP");
    }

    #[test]
    fn gtin_check_digit_is_verified() {
        assert!(Gtin::parse("8934563138165").is_ok());
        assert!(Gtin::parse("4006381333931").is_ok());
        assert!(Gtin::parse("96385074").is_ok());
        let e = Gtin::parse("4006381333932").unwrap_err();
        assert!(e.contains("should be 1"), "{e}");
        assert!(Gtin::parse("12345").is_err());
        assert!(Gtin::parse("12a4567890123").is_err());
    }

    #[test]
    fn certificate_lasts_36_months_and_warns_90_days_ahead() {
        let issued = NaiveDate::from_ymd_opt(2023, 12, 1).unwrap();
        let c = Certificate {
            stars: Stars::new(4).unwrap(),
            decision: "1/QĐ-UBND".into(),
            issued,
            issuer: None,
            score: None,
            valid_until: Certificate::default_valid_until(issued),
            revoked: None,
            document: None,
        };
        assert_eq!(c.valid_until, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(c.status(d(2026, 1, 1)), CertStatus::Valid);
        assert_eq!(c.status(d(2026, 11, 22)), CertStatus::Expiring);
        assert_eq!(c.status(d(2026, 12, 2)), CertStatus::Expired);
    }

    #[test]
    fn producer_kind_accepts_vietnamese_abbreviations() {
        assert_eq!(ProducerKind::parse("HTX"), Some(ProducerKind::Cooperative));
        assert_eq!(
            ProducerKind::parse("Tổ hợp tác"),
            Some(ProducerKind::CooperativeGroup)
        );
        assert_eq!(
            ProducerKind::parse("hộ kinh doanh"),
            Some(ProducerKind::Household)
        );
        assert_eq!(ProducerKind::parse("bank"), None);
    }

    #[test]
    fn base_path_of_sub_path_hosting() {
        let mut c = Config {
            title: String::new(),
            description: String::new(),
            base_url: "https://so.example.gov.vn/ocop/".into(),
            language: "vi".into(),
            province: None,
            theme: "default".into(),
            logo: None,
            expired: ExpiredPolicy::List,
            trust_html: false,
            per_page: DEFAULT_PER_PAGE,
            footer: None,
            languages: vec![crate::model::Lang::Vi],
            title_en: None,
            description_en: None,
            footer_en: None,
            colors: Vec::new(),
            contact: Contact {
                office: None,
                address: None,
                phone: None,
                email: None,
                website: None,
            },
            images: crate::model::images::Settings::default(),
        };
        assert_eq!(c.base_path(), "/ocop/");
        c.base_url = "https://ocop.example.vn/".into();
        assert_eq!(c.base_path(), "/");
    }
}
