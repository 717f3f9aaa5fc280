//! A source's exports read back into raw records, so that merged records are checked by the
//! very rules of local content (`resolve`).
//!
//! The exports (`ocop-products/1`...) put one record on a line; each record here keeps that
//! line, so a problem names the cached file, the line and the field, as for a record file.
//! A record is read on its own: one that cannot be read is left out with a warning and the
//! others are kept, while a file that is not JSON at all, or not an `ocop` export, fails the
//! whole copy (the build then falls back to the last good one). Slugs get the source's key
//! in front (`tuyen-quang-che-shan-tuyet`) so two provinces' records never clash, and only
//! `http(s)` addresses are taken from a source.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::base::diag::{Pos, Problem, Problems};
use crate::base::vietnamese::nfc;
use crate::load::fields::{Sp, line_starts, parse_date, strip_controls};
use crate::load::{
    RawCertificate, RawEnglish, RawFair, RawFields, RawOrigin, RawProducer, RawProduct, RawRecord,
    RawSalesPoint, RawShop, RawSpecs, Section,
};
use crate::model::SalesPointKind;

/// What the exports say of the site that published them.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct ExportSite {
    pub title: Option<String>,
    pub url: Option<String>,
}

/// One export file, its records still unread.
#[derive(Deserialize)]
struct Doc<'a> {
    schema: Option<String>,
    site: Option<ExportSite>,
    generated: Option<String>,
    #[serde(borrow, alias = "producers", alias = "sales_points", alias = "fairs")]
    products: Option<Vec<&'a RawValue>>,
}

/// A source's copy read into raw records.
pub(crate) struct Parsed {
    pub site: ExportSite,
    pub generated: Option<NaiveDate>,
    pub records: Vec<RawRecord>,
}

/// Which source the records come from, and how to name their file in messages.
pub(crate) struct From<'a> {
    pub source: usize,
    pub key: &'a str,
    /// The cache folder, relative to the site root.
    pub dir: &'a Path,
}

/// Reads the four files of a copy (`None`: an optional file that is not there). `Err` when
/// a file is not an `ocop` export at all; per-record problems go to `out`.
pub(crate) fn read(
    files: &[Option<Vec<u8>>; 4],
    from: &From,
    out: &mut Problems,
) -> Result<Parsed, String> {
    let schemas = [
        "ocop-products/",
        "ocop-producers/",
        "ocop-sales-points/",
        "ocop-fairs/",
    ];
    let mut parsed = Parsed {
        site: ExportSite::default(),
        generated: None,
        records: Vec::new(),
    };
    for (i, name) in super::fetch::FILES.iter().enumerate() {
        let Some(bytes) = &files[i] else {
            if i < 2 {
                return Err(format!("{name} is missing"));
            }
            continue;
        };
        let text = std::str::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8 text"))?;
        let doc: Doc =
            serde_json::from_str(text).map_err(|e| format!("{name} is not valid JSON ({e})"))?;
        match &doc.schema {
            Some(s) if s.starts_with(schemas[i]) => {}
            other => {
                return Err(format!(
                    "{name} is not an ocop export: its `schema` is {}, not `{}1`",
                    other
                        .as_deref()
                        .map_or("missing".into(), |s| format!("`{s}`")),
                    schemas[i]
                ));
            }
        }
        if i == 0 {
            parsed.site = doc.site.clone().unwrap_or_default();
            parsed.generated = doc.generated.as_deref().and_then(parse_date);
        }
        let file = from.dir.join(name);
        let starts = line_starts(text);
        for raw in doc.products.unwrap_or_default() {
            let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
            let line = starts.partition_point(|&s| s <= offset);
            let at = At {
                file: &file,
                pos: Pos { line, column: 1 },
                from,
            };
            let record = match i {
                0 => at.record(raw, product),
                1 => at.record(raw, producer),
                2 => at.record(raw, sales_point),
                _ => at.record(raw, fair),
            };
            match record {
                Ok(r) => parsed.records.push(r),
                Err(p) => out.push(*p),
            }
        }
    }
    Ok(parsed)
}

/// Where one record sits: its file, line and source.
struct At<'a> {
    file: &'a Path,
    pos: Pos,
    from: &'a From<'a>,
}

type Convert<T> = fn(&At, T, &mut Vec<Problem>) -> (Section, RawFields);

impl At<'_> {
    fn record<T: DeserializeOwned + HasCommon>(
        &self,
        raw: &RawValue,
        convert: Convert<T>,
    ) -> Result<RawRecord, Box<Problem>> {
        let v: T = serde_json::from_str(raw.get()).map_err(|e| {
            Box::new(
                self.problem(format!("record left out: it cannot be read ({e})"))
                    .hint(
                        "the source site's exports are damaged; ask its office to build it again",
                    ),
            )
        })?;
        let slug = v.slug().to_string();
        if !is_slug(&slug) {
            return Err(Box::new(
                self.problem(format!("record left out: `{slug}` is not a slug"))
                    .field("slug")
                    .hint("a slug has lowercase letters a–z, digits and single hyphens"),
            ));
        }
        let page = v.url().map(str::to_string).filter(|u| is_web_address(u));
        let Some(page) = page else {
            return Err(Box::new(
                self.problem("record left out: it has no `http(s)://` address of its page")
                    .field("url"),
            ));
        };
        let photos: Vec<String> = v
            .photos()
            .iter()
            .filter(|u| is_web_address(u))
            .cloned()
            .collect();
        let mut problems = Vec::new();
        let (section, fields) = convert(self, v, &mut problems);
        if let Some(p) = problems.into_iter().next() {
            return Err(Box::new(p));
        }
        Ok(RawRecord {
            section,
            slug: self.slug(&slug),
            file: self.file.to_path_buf(),
            bundle: None,
            bundle_images: Vec::new(),
            bundle_unsupported: Vec::new(),
            body: String::new(),
            fields,
            english: RawEnglish::default(),
            origin: Some(Box::new(RawOrigin {
                source: self.from.source,
                slug,
                page,
                photos,
            })),
        })
    }

    fn problem(&self, message: impl Into<String>) -> Problem {
        Problem::warning(self.file, message).at(Some(self.pos))
    }

    /// A slug of this site: the source's key, then the record's slug there.
    fn slug(&self, s: &str) -> String {
        format!("{}-{s}", self.from.key)
    }

    fn sp<T>(&self, v: T) -> Sp<T> {
        Sp::new(v, Some(self.pos))
    }

    /// Text as local content gets it: NFC, without control characters, empty as missing.
    fn text(&self, v: Option<String>) -> Option<Sp<String>> {
        let v = v?;
        let (clean, _) = strip_controls(&v);
        let t = nfc(clean.trim());
        (!t.is_empty()).then(|| self.sp(t))
    }

    fn texts(&self, v: Vec<String>) -> Vec<Sp<String>> {
        v.into_iter().filter_map(|s| self.text(Some(s))).collect()
    }

    fn slugs(&self, v: Vec<String>) -> Vec<Sp<String>> {
        v.iter()
            .filter(|s| is_slug(s))
            .map(|s| self.sp(self.slug(s)))
            .collect()
    }

    fn date(
        &self,
        v: Option<String>,
        field: &str,
        out: &mut Vec<Problem>,
    ) -> Option<Sp<NaiveDate>> {
        let v = v?;
        match parse_date(&v) {
            Some(d) => Some(self.sp(d)),
            None => {
                out.push(
                    self.problem(format!("record left out: `{v}` is not a date"))
                        .field(field),
                );
                None
            }
        }
    }

    fn location(&self, l: Option<Location>) -> (Option<Sp<f64>>, Option<Sp<f64>>) {
        match l {
            Some(l) => (Some(self.sp(l.lat)), Some(self.sp(l.lon))),
            None => (None, None),
        }
    }
}

/// The parts of an exported record read before its own fields.
trait HasCommon {
    fn slug(&self) -> &str;
    fn url(&self) -> Option<&str>;
    fn photos(&self) -> &[String] {
        &[]
    }
}

macro_rules! has_common {
    ($t:ty) => {
        impl HasCommon for $t {
            fn slug(&self) -> &str {
                &self.slug
            }
            fn url(&self) -> Option<&str> {
                self.url.as_deref()
            }
        }
    };
}

/// Whether `s` is a slug: lowercase ASCII letters and digits in words joined by single
/// hyphens. A source's slug becomes a folder of this site, so nothing else is taken.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// An absolute `http://` or `https://` address without spaces or quotes.
pub(crate) fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() <= 2000
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

#[derive(Deserialize)]
struct Location {
    lat: f64,
    lon: f64,
}

#[derive(Deserialize)]
struct Slugged {
    slug: String,
}

#[derive(Deserialize)]
struct Cert {
    stars: Option<i64>,
    decision: Option<String>,
    issued: Option<String>,
    issuer: Option<String>,
    score: Option<i64>,
    valid_until: Option<String>,
    revoked: Option<String>,
    document: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Specs {
    packaging: Option<String>,
    net_content: Option<String>,
    shelf_life: Option<String>,
    ingredients: Option<String>,
    storage: Option<String>,
    certifications: Vec<String>,
    gtin: Option<String>,
    capacity: Option<String>,
    min_order: Option<String>,
}

#[derive(Deserialize)]
struct Shop {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Product {
    slug: String,
    url: Option<String>,
    name: Option<String>,
    #[serde(default)]
    certificates: Vec<Cert>,
    group: Option<String>,
    legacy_group: Option<String>,
    subgroup: Option<String>,
    province: Option<String>,
    former_province: Option<String>,
    commune: Option<String>,
    address: Option<String>,
    summary: Option<String>,
    price_vnd: Option<i64>,
    unit: Option<String>,
    producer: Option<Slugged>,
    #[serde(default)]
    photos: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sold_at: Vec<String>,
    specs: Option<Specs>,
    #[serde(default)]
    shops: Vec<Shop>,
}

impl HasCommon for Product {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
    fn photos(&self) -> &[String] {
        &self.photos
    }
}

fn product(at: &At, p: Product, out: &mut Vec<Problem>) -> (Section, RawFields) {
    let certificates = p
        .certificates
        .into_iter()
        .enumerate()
        .map(|(index, c)| {
            let f = |n: &str| format!("certificates[{index}].{n}");
            RawCertificate {
                index,
                pos: Some(at.pos),
                stars: c.stars.map(|s| at.sp(s)),
                decision: at.text(c.decision),
                issued: at.date(c.issued, &f("issued"), out),
                issuer: at.text(c.issuer),
                score: c.score.map(|s| at.sp(s)),
                valid_until: at.date(c.valid_until, &f("valid_until"), out),
                revoked: at.date(c.revoked, &f("revoked"), out),
                document: at.text(c.document.filter(|d| is_web_address(d))),
            }
        })
        .collect();
    let specs = p.specs.unwrap_or_default();
    let shops = p
        .shops
        .into_iter()
        .filter(|s| s.url.as_deref().is_some_and(is_web_address))
        .map(|s| RawShop {
            name: at.text(s.name),
            url: at.text(s.url),
        })
        .collect();
    let raw = RawProduct {
        name: at.text(p.name),
        producer: p
            .producer
            .filter(|r| is_slug(&r.slug))
            .map(|r| at.sp(at.slug(&r.slug))),
        // The 1048/QĐ-TTg name as written, when there was one, so it is kept here too.
        group: at.text(p.legacy_group.or(p.group)),
        subgroup: at.text(p.subgroup),
        province: at.text(p.province),
        former_province: at.text(p.former_province),
        commune: at.text(p.commune),
        address: at.text(p.address),
        summary: at.text(p.summary),
        price: p.price_vnd.map(|v| at.sp(v)),
        unit: at.text(p.unit),
        tags: at.texts(p.tags),
        sold_at: at.slugs(p.sold_at),
        certificates,
        specs: RawSpecs {
            packaging: at.text(specs.packaging),
            net_content: at.text(specs.net_content),
            shelf_life: at.text(specs.shelf_life),
            ingredients: at.text(specs.ingredients),
            storage: at.text(specs.storage),
            certifications: at.texts(specs.certifications),
            barcode: at.text(specs.gtin),
            capacity: at.text(specs.capacity),
            min_order: at.text(specs.min_order),
        },
        shops,
        ..RawProduct::default()
    };
    (Section::Products, RawFields::Product(Box::new(raw)))
}

#[derive(Deserialize)]
struct Producer {
    slug: String,
    url: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    address: Option<String>,
    representative: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    zalo: Option<String>,
    facebook: Option<String>,
    tax_code: Option<String>,
    founded: Option<i64>,
    members: Option<i64>,
    location: Option<Location>,
    #[serde(default)]
    certifications: Vec<String>,
}
has_common!(Producer);

fn producer(at: &At, p: Producer, _: &mut Vec<Problem>) -> (Section, RawFields) {
    let (lat, lon) = at.location(p.location);
    let raw = RawProducer {
        name: at.text(p.name),
        kind: at.text(p.kind),
        province: at.text(p.province),
        commune: at.text(p.commune),
        address: at.text(p.address),
        representative: at.text(p.representative),
        phone: at.text(p.phone),
        email: at.text(p.email),
        website: at.text(p.website.filter(|w| is_web_address(w))),
        zalo: at.text(p.zalo),
        facebook: at.text(p.facebook.filter(|w| is_web_address(w))),
        tax_code: at.text(p.tax_code),
        founded: p.founded.map(|v| at.sp(v)),
        members: p.members.map(|v| at.sp(v)),
        lat,
        lon,
        certifications: at.texts(p.certifications),
        ..RawProducer::default()
    };
    (Section::Producers, RawFields::Producer(Box::new(raw)))
}

#[derive(Deserialize)]
struct SalesPoint {
    slug: String,
    url: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    hours: Option<String>,
    location: Option<Location>,
    opened: Option<String>,
    #[serde(default)]
    products: Vec<String>,
}
has_common!(SalesPoint);

fn sales_point(at: &At, p: SalesPoint, out: &mut Vec<Problem>) -> (Section, RawFields) {
    let (lat, lon) = at.location(p.location);
    // The exports write the kind's label ("Trung tâm giới thiệu sản phẩm OCOP").
    let kind = p.kind.map(|k| {
        SalesPointKind::ALL
            .into_iter()
            .find(|x| x.label() == k)
            .map_or(k, |x| x.key().to_string())
    });
    let raw = RawSalesPoint {
        name: at.text(p.name),
        kind: at.text(kind),
        province: at.text(p.province),
        commune: at.text(p.commune),
        address: at.text(p.address),
        phone: at.text(p.phone),
        hours: at.text(p.hours),
        lat,
        lon,
        opened: at.date(p.opened, "opened", out),
        products: at.slugs(p.products),
        ..RawSalesPoint::default()
    };
    (Section::SalesPoints, RawFields::SalesPoint(Box::new(raw)))
}

#[derive(Deserialize)]
struct Fair {
    slug: String,
    url: Option<String>,
    name: Option<String>,
    starts: Option<String>,
    ends: Option<String>,
    venue: Option<String>,
    address: Option<String>,
    location: Option<Location>,
    province: Option<String>,
    organizer: Option<String>,
    website: Option<String>,
    #[serde(default)]
    producers: Vec<String>,
    #[serde(default)]
    products: Vec<String>,
}
has_common!(Fair);

fn fair(at: &At, p: Fair, out: &mut Vec<Problem>) -> (Section, RawFields) {
    let (lat, lon) = at.location(p.location);
    let raw = RawFair {
        name: at.text(p.name),
        starts: at.date(p.starts, "starts", out),
        ends: at.date(p.ends, "ends", out),
        venue: at.text(p.venue),
        address: at.text(p.address),
        lat,
        lon,
        province: at.text(p.province),
        organizer: at.text(p.organizer),
        website: at.text(p.website.filter(|w| is_web_address(w))),
        producers: at.slugs(p.producers),
        products: at.slugs(p.products),
        ..RawFair::default()
    };
    (Section::Fairs, RawFields::Fair(Box::new(raw)))
}

/// The cache folder of a source, relative to the site root (as messages name it).
pub(crate) fn cache_dir(key: &str) -> PathBuf {
    Path::new(".ocop-cache").join("sources").join(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_slugs_and_web_addresses_are_taken() {
        assert!(is_slug("che-shan-tuyet-2"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("Chè"));
        assert!(!is_slug(""));
        assert!(is_web_address("https://ocop.tq.example.vn/san-pham/a/"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://x.vn/\"onload=\"x"));
        assert!(!is_web_address("//x.vn/a"));
    }
}
