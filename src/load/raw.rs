//! The raw records: what a record file says, typed but not yet resolved.
//!
//! These types are the hand-over from loading to `resolve`: every field keeps the position
//! it was read at (`Sp`), so a later problem can still name the file, line and field. A
//! province is still just text here, a producer reference just a slug.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::base::diag::Pos;
use crate::load::RawConfig;
use crate::load::fields::Sp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Products,
    Producers,
    SalesPoints,
    Fairs,
    Stories,
    Pages,
    Plans,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Products,
        Section::Producers,
        Section::SalesPoints,
        Section::Fairs,
        Section::Stories,
        Section::Pages,
        Section::Plans,
    ];

    pub fn dir(self) -> &'static str {
        match self {
            Section::Products => "products",
            Section::Producers => "producers",
            Section::SalesPoints => "sales-points",
            Section::Fairs => "fairs",
            Section::Stories => "stories",
            Section::Pages => "pages",
            Section::Plans => "plans",
        }
    }

    /// The record kind as `ocop new` names it.
    pub fn kind_name(self) -> &'static str {
        match self {
            Section::Products => "product",
            Section::Producers => "producer",
            Section::SalesPoints => "sales-point",
            Section::Fairs => "fair",
            Section::Stories => "story",
            Section::Pages => "page",
            Section::Plans => "plan",
        }
    }
}

/// The English text of a record: `name_en` (or `title_en`), `summary_en`... in its front
/// matter, and the body of its sibling `index.en.md` / `SLUG.en.md`.
#[derive(Debug, Default, Clone)]
pub struct RawEnglish {
    pub name: Option<Sp<String>>,
    pub summary: Option<Sp<String>>,
    pub unit: Option<Sp<String>>,
    pub hours: Option<Sp<String>>,
    pub venue: Option<Sp<String>>,
    /// The English body file (relative to the site root) and its Markdown.
    pub body: Option<(PathBuf, String)>,
}

/// One record file, typed but not yet resolved.
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub section: Section,
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub file: PathBuf,
    /// The bundle folder (absolute), for `index.md` records.
    pub bundle: Option<PathBuf>,
    /// Image files of the bundle, by name, sorted.
    pub bundle_images: Vec<String>,
    /// Photos of the bundle in formats `ocop` cannot read (HEIC, TIFF...), by name.
    pub bundle_unsupported: Vec<String>,
    pub body: String,
    pub fields: RawFields,
    pub english: RawEnglish,
    /// Where a record merged from another site came from (`None` for the site's own).
    pub origin: Option<Box<RawOrigin>>,
}

/// The source of a record read from another site's exports.
#[derive(Debug, Clone)]
pub struct RawOrigin {
    /// Index of the source in site.toml's `[[sources]]`.
    pub source: usize,
    /// The record's slug on the source site.
    pub slug: String,
    /// Its page there (absolute).
    pub page: String,
    /// Its photos there (absolute addresses).
    pub photos: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum RawFields {
    Product(Box<RawProduct>),
    Producer(Box<RawProducer>),
    SalesPoint(Box<RawSalesPoint>),
    Fair(Box<RawFair>),
    Story(Box<RawStory>),
    Page(RawPage),
    Plan(Box<RawPlan>),
}

type S = Option<Sp<String>>;
type L = Vec<Sp<String>>;

#[derive(Debug, Default, Clone)]
pub struct RawProduct {
    pub name: S,
    pub producer: S,
    pub group: S,
    pub subgroup: S,
    pub province: S,
    pub former_province: S,
    pub commune: S,
    pub address: S,
    pub summary: S,
    pub price: Option<Sp<i64>>,
    pub unit: S,
    pub photos: L,
    pub cover: S,
    /// Photos (by name) marked as illustrative ("Ảnh minh họa").
    pub illustrative: L,
    pub tags: L,
    pub draft: Option<Sp<bool>>,
    pub sold_at: L,
    pub certificates: Vec<RawCertificate>,
    pub specs: RawSpecs,
    pub shops: Vec<RawShop>,
}

#[derive(Debug, Default, Clone)]
pub struct RawCertificate {
    /// Index among the product's certificates, for messages.
    pub index: usize,
    pub pos: Option<Pos>,
    pub stars: Option<Sp<i64>>,
    pub decision: S,
    pub issued: Option<Sp<NaiveDate>>,
    pub issuer: S,
    pub score: Option<Sp<i64>>,
    pub valid_until: Option<Sp<NaiveDate>>,
    pub revoked: Option<Sp<NaiveDate>>,
    /// The decision document: an `https://` address or a PDF of the bundle.
    pub document: S,
}

#[derive(Debug, Default, Clone)]
pub struct RawSpecs {
    pub packaging: S,
    pub net_content: S,
    pub shelf_life: S,
    pub ingredients: S,
    pub storage: S,
    pub certifications: L,
    pub barcode: S,
    pub capacity: S,
    pub min_order: S,
}

#[derive(Debug, Default, Clone)]
pub struct RawShop {
    pub name: S,
    pub url: S,
}

#[derive(Debug, Default, Clone)]
pub struct RawProducer {
    pub name: S,
    pub kind: S,
    pub province: S,
    pub commune: S,
    pub address: S,
    pub representative: S,
    pub phone: S,
    pub email: S,
    pub website: S,
    pub zalo: S,
    pub facebook: S,
    pub tax_code: S,
    pub founded: Option<Sp<i64>>,
    pub members: Option<Sp<i64>>,
    pub lat: Option<Sp<f64>>,
    pub lon: Option<Sp<f64>>,
    pub photos: L,
    pub cover: S,
    /// Photos (by name) marked as illustrative ("Ảnh minh họa").
    pub illustrative: L,
    pub certifications: L,
    pub draft: Option<Sp<bool>>,
}

#[derive(Debug, Default, Clone)]
pub struct RawSalesPoint {
    pub name: S,
    pub kind: S,
    pub province: S,
    pub commune: S,
    pub address: S,
    pub phone: S,
    pub hours: S,
    pub lat: Option<Sp<f64>>,
    pub lon: Option<Sp<f64>>,
    pub opened: Option<Sp<NaiveDate>>,
    pub products: L,
    pub photos: L,
    pub cover: S,
    /// Photos (by name) marked as illustrative ("Ảnh minh họa").
    pub illustrative: L,
    pub draft: Option<Sp<bool>>,
}

#[derive(Debug, Default, Clone)]
pub struct RawFair {
    pub name: S,
    pub starts: Option<Sp<NaiveDate>>,
    pub ends: Option<Sp<NaiveDate>>,
    pub venue: S,
    /// The venue's street address.
    pub address: S,
    pub lat: Option<Sp<f64>>,
    pub lon: Option<Sp<f64>>,
    pub province: S,
    pub organizer: S,
    pub website: S,
    pub producers: L,
    pub products: L,
    pub photos: L,
    pub cover: S,
    /// Photos (by name) marked as illustrative ("Ảnh minh họa").
    pub illustrative: L,
    pub draft: Option<Sp<bool>>,
}

#[derive(Debug, Default, Clone)]
pub struct RawStory {
    pub title: S,
    pub date: Option<Sp<NaiveDate>>,
    pub author: S,
    pub summary: S,
    pub cover: S,
    pub photos: L,
    /// Photos (by name) marked as illustrative ("Ảnh minh họa").
    pub illustrative: L,
    pub producers: L,
    pub products: L,
    pub draft: Option<Sp<bool>>,
}

#[derive(Debug, Default, Clone)]
pub struct RawPage {
    pub title: S,
    pub summary: S,
    pub draft: Option<Sp<bool>>,
}

#[derive(Debug, Default, Clone)]
pub struct RawPlan {
    pub title: S,
    pub year: Option<Sp<i64>>,
    pub decision: S,
    pub issued: Option<Sp<NaiveDate>>,
    pub issuer: S,
    pub summary: S,
    pub draft: Option<Sp<bool>>,
    pub targets: Vec<RawTarget>,
}

/// One `[[targets]]` entry of a plan, every field it may have read.
#[derive(Debug, Default, Clone)]
pub struct RawTarget {
    /// Index among the plan's targets, for messages.
    pub index: usize,
    pub pos: Option<Pos>,
    pub kind: S,
    pub count: Option<Sp<i64>>,
    pub label: S,
    pub label_en: S,
    pub from: Option<Sp<i64>>,
    pub to: Option<Sp<i64>>,
    pub min_stars: Option<Sp<i64>>,
    pub group: S,
    pub commune: S,
    pub kinds: L,
    pub products: L,
}

/// Everything read from a site folder.
#[derive(Debug, Clone)]
pub(crate) struct RawSite {
    pub root: PathBuf,
    pub config: RawConfig,
    pub records: Vec<RawRecord>,
    /// Records found on disk that could not be read (their problems are reported); other
    /// records may still name them without a second, misleading "does not exist" error.
    pub unreadable: Vec<(Section, String)>,
    /// The other sites merged in (`[[sources]]`), their records already among `records`.
    pub sources: Vec<crate::model::federation::Source>,
    /// The records read from the sources, not yet checked (`resolve::screen` does).
    pub federated: Vec<RawRecord>,
}
