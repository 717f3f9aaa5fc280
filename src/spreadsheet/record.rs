//! Product and producer records as plain data: read from a site's raw records or made from
//! spreadsheet rows, compared field by field, and written in the layout of
//! docs/content-format.md.
//!
//! Values are compared by meaning where the format accepts several spellings: "food" and
//! "Thực phẩm" are one group, "HTX" and "cooperative" one kind, "Tỉnh Tuyên Quang" and
//! "Tuyên Quang" one province, "Hoà" and "Hòa" one name.

use chrono::NaiveDate;

use crate::base::vietnamese::match_key;
use crate::load::{RawCertificate, RawEnglish, RawProducer, RawProduct};
use crate::model::ProducerKind;
use crate::model::refdata::{self, GroupMatch, ProvinceMatch};

use super::columns::SheetField;
use super::toml_text::Toml;

pub use super::toml_text::quote;

/// A field's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    None,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    List(Vec<String>),
}

impl Val {
    pub(crate) fn is_none(&self) -> bool {
        match self {
            Val::None => true,
            Val::List(l) => l.is_empty(),
            _ => false,
        }
    }

    /// For messages: `150000`, `2024-05-20`, `VietGAP; HACCP`, `(empty)`.
    pub(crate) fn show(&self) -> String {
        match self {
            Val::None => "(empty)".into(),
            Val::Text(s) => s.clone(),
            Val::Int(n) => n.to_string(),
            Val::Date(d) => d.to_string(),
            Val::List(l) if l.is_empty() => "(empty)".into(),
            Val::List(l) => l.join("; "),
        }
    }

    fn text(s: &Option<String>) -> Val {
        s.clone().map(Val::Text).unwrap_or(Val::None)
    }

    fn int(n: Option<i64>) -> Val {
        n.map(Val::Int).unwrap_or(Val::None)
    }

    fn date(d: Option<NaiveDate>) -> Val {
        d.map(Val::Date).unwrap_or(Val::None)
    }

    fn into_text(self) -> Option<String> {
        match self {
            Val::Text(s) => Some(s),
            Val::Int(n) => Some(n.to_string()),
            Val::Date(d) => Some(d.to_string()),
            Val::List(l) if !l.is_empty() => Some(l.join("; ")),
            _ => None,
        }
    }

    fn into_int(self) -> Option<i64> {
        match self {
            Val::Int(n) => Some(n),
            _ => None,
        }
    }

    fn into_date(self) -> Option<NaiveDate> {
        match self {
            Val::Date(d) => Some(d),
            _ => None,
        }
    }

    fn into_list(self) -> Vec<String> {
        match self {
            Val::List(l) => l,
            Val::Text(s) => vec![s],
            _ => Vec::new(),
        }
    }
}

/// Whether two values of field `f` mean the same.
pub(crate) fn same(f: SheetField, a: &Val, b: &Val) -> bool {
    if a == b {
        return true;
    }
    let (Val::Text(x), Val::Text(y)) = (a, b) else {
        return a.is_none() && b.is_none();
    };
    let data = refdata::data();
    match f {
        SheetField::Group => match (data.find_group(x), data.find_group(y)) {
            (Some(g), Some(h)) => group_of(g) == group_of(h),
            _ => false,
        },
        SheetField::Province => match (data.find_province(x), data.find_province(y)) {
            (Some(p), Some(q)) => province_of(p) == province_of(q),
            _ => false,
        },
        SheetField::ProducerKind => match (ProducerKind::parse(x), ProducerKind::parse(y)) {
            (Some(k), Some(l)) => k == l,
            _ => false,
        },
        SheetField::Name | SheetField::Producer | SheetField::Commune => {
            match_key(x) == match_key(y)
        }
        _ => false,
    }
}

fn group_of(g: GroupMatch) -> refdata::Group {
    match g {
        GroupMatch::Current(g) | GroupMatch::Legacy(g) => g,
    }
}

fn province_of(p: ProvinceMatch) -> refdata::ProvinceId {
    match p {
        ProvinceMatch::Current(p) | ProvinceMatch::Legacy(p) => p,
    }
}

/// A key under which two writings of one decision number compare equal
/// ("2345/QĐ-UBND", "2345/QD-UBND", "2345 / QĐ-UBND").
pub(crate) fn decision_key(s: &str) -> String {
    crate::base::vietnamese::fold(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The certificate fields, in the order of the format.
pub(crate) const CERT_FIELDS: [SheetField; 7] = [
    SheetField::Stars,
    SheetField::Decision,
    SheetField::Issued,
    SheetField::Issuer,
    SheetField::Score,
    SheetField::ValidUntil,
    SheetField::Revoked,
];

/// The fields of the product itself (the producer reference aside).
pub(crate) const PRODUCT_FIELDS: [SheetField; 22] = [
    SheetField::Name,
    SheetField::NameEn,
    SheetField::SummaryEn,
    SheetField::UnitEn,
    SheetField::Group,
    SheetField::Subgroup,
    SheetField::Province,
    SheetField::Commune,
    SheetField::Address,
    SheetField::Summary,
    SheetField::Price,
    SheetField::Unit,
    SheetField::Tags,
    SheetField::Packaging,
    SheetField::NetContent,
    SheetField::ShelfLife,
    SheetField::Ingredients,
    SheetField::Storage,
    SheetField::Certifications,
    SheetField::Barcode,
    SheetField::Capacity,
    SheetField::MinOrder,
];

/// The producer fields a spreadsheet may change in an existing producer.
pub(crate) const PRODUCER_FIELDS: [SheetField; 10] = [
    SheetField::Producer,
    SheetField::ProducerNameEn,
    SheetField::ProducerKind,
    SheetField::Representative,
    SheetField::Phone,
    SheetField::Email,
    SheetField::ProducerAddress,
    SheetField::Website,
    SheetField::Zalo,
    SheetField::TaxCode,
];

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CertDoc {
    pub stars: Option<i64>,
    pub decision: Option<String>,
    pub issued: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub score: Option<i64>,
    pub valid_until: Option<NaiveDate>,
    pub revoked: Option<NaiveDate>,
    /// Keys of the record's certificate the import does not model, kept as they were.
    pub extra: toml::Table,
}

impl CertDoc {
    pub(crate) fn get(&self, f: SheetField) -> Val {
        match f {
            SheetField::Stars => Val::int(self.stars),
            SheetField::Decision => Val::text(&self.decision),
            SheetField::Issued => Val::date(self.issued),
            SheetField::Issuer => Val::text(&self.issuer),
            SheetField::Score => Val::int(self.score),
            SheetField::ValidUntil => Val::date(self.valid_until),
            SheetField::Revoked => Val::date(self.revoked),
            _ => Val::None,
        }
    }

    pub(crate) fn set(&mut self, f: SheetField, v: Val) {
        match f {
            SheetField::Stars => self.stars = v.into_int(),
            SheetField::Decision => self.decision = v.into_text(),
            SheetField::Issued => self.issued = v.into_date(),
            SheetField::Issuer => self.issuer = v.into_text(),
            SheetField::Score => self.score = v.into_int(),
            SheetField::ValidUntil => self.valid_until = v.into_date(),
            SheetField::Revoked => self.revoked = v.into_date(),
            _ => {}
        }
    }

    fn from_raw(c: &RawCertificate) -> CertDoc {
        CertDoc {
            stars: c.stars.as_ref().map(|s| s.value),
            decision: c.decision.as_ref().map(|s| s.value.clone()),
            issued: c.issued.as_ref().map(|s| s.value),
            issuer: c.issuer.as_ref().map(|s| s.value.clone()),
            score: c.score.as_ref().map(|s| s.value),
            valid_until: c.valid_until.as_ref().map(|s| s.value),
            revoked: c.revoked.as_ref().map(|s| s.value),
            extra: toml::Table::new(),
        }
    }

    /// "4 sao, 2345/QĐ-UBND, 2024-05-20".
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.stars {
            parts.push(format!("{s} sao"));
        }
        if let Some(d) = &self.decision {
            parts.push(d.clone());
        }
        if let Some(d) = self.issued {
            parts.push(d.to_string());
        }
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SpecsDoc {
    pub packaging: Option<String>,
    pub net_content: Option<String>,
    pub shelf_life: Option<String>,
    pub ingredients: Option<String>,
    pub storage: Option<String>,
    pub certifications: Vec<String>,
    pub barcode: Option<String>,
    pub capacity: Option<String>,
    pub min_order: Option<String>,
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ShopDoc {
    pub name: Option<String>,
    pub url: Option<String>,
    pub extra: toml::Table,
}

/// A product record's front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ProductDoc {
    pub name: Option<String>,
    pub name_en: Option<String>,
    /// The producer's slug.
    pub producer: Option<String>,
    pub group: Option<String>,
    pub subgroup: Option<String>,
    pub province: Option<String>,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub summary: Option<String>,
    pub summary_en: Option<String>,
    pub price: Option<i64>,
    pub unit: Option<String>,
    pub unit_en: Option<String>,
    pub photos: Vec<String>,
    pub cover: Option<String>,
    pub tags: Vec<String>,
    pub draft: Option<bool>,
    pub sold_at: Vec<String>,
    pub certificates: Vec<CertDoc>,
    pub specs: SpecsDoc,
    pub shops: Vec<ShopDoc>,
    /// Top-level keys of the record the import does not model (see `keep_unmodelled`).
    pub extra: toml::Table,
}

fn s(x: &Option<crate::load::fields::Sp<String>>) -> Option<String> {
    x.as_ref().map(|v| v.value.clone())
}

fn l(x: &[crate::load::fields::Sp<String>]) -> Vec<String> {
    x.iter().map(|v| v.value.clone()).collect()
}

impl ProductDoc {
    pub(crate) fn from_raw(p: &RawProduct, english: &RawEnglish) -> ProductDoc {
        ProductDoc {
            name: s(&p.name),
            name_en: s(&english.name),
            summary_en: s(&english.summary),
            unit_en: s(&english.unit),
            producer: s(&p.producer),
            group: s(&p.group),
            subgroup: s(&p.subgroup),
            province: s(&p.province),
            commune: s(&p.commune),
            address: s(&p.address),
            summary: s(&p.summary),
            price: p.price.as_ref().map(|v| v.value),
            unit: s(&p.unit),
            photos: l(&p.photos),
            cover: s(&p.cover),
            tags: l(&p.tags),
            draft: p.draft.as_ref().map(|v| v.value),
            sold_at: l(&p.sold_at),
            certificates: p.certificates.iter().map(CertDoc::from_raw).collect(),
            specs: SpecsDoc {
                packaging: s(&p.specs.packaging),
                net_content: s(&p.specs.net_content),
                shelf_life: s(&p.specs.shelf_life),
                ingredients: s(&p.specs.ingredients),
                storage: s(&p.specs.storage),
                certifications: l(&p.specs.certifications),
                barcode: s(&p.specs.barcode),
                capacity: s(&p.specs.capacity),
                min_order: s(&p.specs.min_order),
                extra: toml::Table::new(),
            },
            shops: p
                .shops
                .iter()
                .map(|x| ShopDoc {
                    name: s(&x.name),
                    url: s(&x.url),
                    extra: toml::Table::new(),
                })
                .collect(),
            extra: toml::Table::new(),
        }
    }

    /// A product-level field (see `PRODUCT_FIELDS`).
    pub(crate) fn get(&self, f: SheetField) -> Val {
        let sp = &self.specs;
        match f {
            SheetField::Name => Val::text(&self.name),
            SheetField::NameEn => Val::text(&self.name_en),
            SheetField::SummaryEn => Val::text(&self.summary_en),
            SheetField::UnitEn => Val::text(&self.unit_en),
            SheetField::Group => Val::text(&self.group),
            SheetField::Subgroup => Val::text(&self.subgroup),
            SheetField::Province => Val::text(&self.province),
            SheetField::Commune => Val::text(&self.commune),
            SheetField::Address => Val::text(&self.address),
            SheetField::Summary => Val::text(&self.summary),
            SheetField::Price => Val::int(self.price),
            SheetField::Unit => Val::text(&self.unit),
            SheetField::Tags => Val::List(self.tags.clone()),
            SheetField::Packaging => Val::text(&sp.packaging),
            SheetField::NetContent => Val::text(&sp.net_content),
            SheetField::ShelfLife => Val::text(&sp.shelf_life),
            SheetField::Ingredients => Val::text(&sp.ingredients),
            SheetField::Storage => Val::text(&sp.storage),
            SheetField::Certifications => Val::List(sp.certifications.clone()),
            SheetField::Barcode => Val::text(&sp.barcode),
            SheetField::Capacity => Val::text(&sp.capacity),
            SheetField::MinOrder => Val::text(&sp.min_order),
            _ => Val::None,
        }
    }

    pub(crate) fn set(&mut self, f: SheetField, v: Val) {
        let sp = &mut self.specs;
        match f {
            SheetField::Name => self.name = v.into_text(),
            SheetField::NameEn => self.name_en = v.into_text(),
            SheetField::SummaryEn => self.summary_en = v.into_text(),
            SheetField::UnitEn => self.unit_en = v.into_text(),
            SheetField::Group => self.group = v.into_text(),
            SheetField::Subgroup => self.subgroup = v.into_text(),
            SheetField::Province => self.province = v.into_text(),
            SheetField::Commune => self.commune = v.into_text(),
            SheetField::Address => self.address = v.into_text(),
            SheetField::Summary => self.summary = v.into_text(),
            SheetField::Price => self.price = v.into_int(),
            SheetField::Unit => self.unit = v.into_text(),
            SheetField::Tags => self.tags = v.into_list(),
            SheetField::Packaging => sp.packaging = v.into_text(),
            SheetField::NetContent => sp.net_content = v.into_text(),
            SheetField::ShelfLife => sp.shelf_life = v.into_text(),
            SheetField::Ingredients => sp.ingredients = v.into_text(),
            SheetField::Storage => sp.storage = v.into_text(),
            SheetField::Certifications => sp.certifications = v.into_list(),
            SheetField::Barcode => sp.barcode = v.into_text(),
            SheetField::Capacity => sp.capacity = v.into_text(),
            SheetField::MinOrder => sp.min_order = v.into_text(),
            _ => {}
        }
    }

    /// The record file: front matter in the documented order, then `body`.
    pub(crate) fn to_text(&self, body: &str) -> String {
        let mut t = Toml::default();
        t.text("name", &self.name);
        t.text("name_en", &self.name_en);
        t.text("producer", &self.producer);
        t.text("group", &self.group);
        t.text("subgroup", &self.subgroup);
        t.text("province", &self.province);
        t.text("commune", &self.commune);
        t.text("address", &self.address);
        t.text("summary", &self.summary);
        t.text("summary_en", &self.summary_en);
        t.int("price", self.price);
        t.text("unit", &self.unit);
        t.text("unit_en", &self.unit_en);
        t.list("photos", &self.photos);
        t.text("cover", &self.cover);
        t.list("tags", &self.tags);
        if let Some(d) = self.draft {
            t.line(format!("draft = {d}"));
        }
        t.list("sold_at", &self.sold_at);
        t.extra(&self.extra);
        for c in &self.certificates {
            t.header("[[certificates]]");
            t.int("stars", c.stars);
            t.text("decision", &c.decision);
            t.date("issued", c.issued);
            t.text("issuer", &c.issuer);
            t.int("score", c.score);
            t.date("valid_until", c.valid_until);
            t.date("revoked", c.revoked);
            t.extra(&c.extra);
        }
        let sp = &self.specs;
        if *sp != SpecsDoc::default() {
            t.header("[specs]");
            t.text("packaging", &sp.packaging);
            t.text("net_content", &sp.net_content);
            t.text("shelf_life", &sp.shelf_life);
            t.text("ingredients", &sp.ingredients);
            t.text("storage", &sp.storage);
            t.list("certifications", &sp.certifications);
            t.text("barcode", &sp.barcode);
            t.text("capacity", &sp.capacity);
            t.text("min_order", &sp.min_order);
            t.extra(&sp.extra);
        }
        for shop in &self.shops {
            t.header("[[shops]]");
            t.text("name", &shop.name);
            t.text("url", &shop.url);
            t.extra(&shop.extra);
        }
        t.finish(body)
    }
}

/// A producer record's front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ProducerDoc {
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    pub province: Option<String>,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub zalo: Option<String>,
    pub facebook: Option<String>,
    pub tax_code: Option<String>,
    pub founded: Option<i64>,
    pub members: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub photos: Vec<String>,
    pub cover: Option<String>,
    pub certifications: Vec<String>,
    pub draft: Option<bool>,
    /// Keys of the record the import does not model (see `keep_unmodelled`).
    pub extra: toml::Table,
}

impl ProducerDoc {
    pub(crate) fn from_raw(p: &RawProducer, english: &RawEnglish) -> ProducerDoc {
        ProducerDoc {
            name: s(&p.name),
            name_en: s(&english.name),
            kind: s(&p.kind),
            province: s(&p.province),
            commune: s(&p.commune),
            address: s(&p.address),
            representative: s(&p.representative),
            phone: s(&p.phone),
            email: s(&p.email),
            website: s(&p.website),
            zalo: s(&p.zalo),
            facebook: s(&p.facebook),
            tax_code: s(&p.tax_code),
            founded: p.founded.as_ref().map(|v| v.value),
            members: p.members.as_ref().map(|v| v.value),
            lat: p.lat.as_ref().map(|v| v.value),
            lon: p.lon.as_ref().map(|v| v.value),
            photos: l(&p.photos),
            cover: s(&p.cover),
            certifications: l(&p.certifications),
            draft: p.draft.as_ref().map(|v| v.value),
            extra: toml::Table::new(),
        }
    }

    /// A producer field: `Producer` is its name; also province, commune and address.
    pub(crate) fn get(&self, f: SheetField) -> Val {
        match f {
            SheetField::Producer => Val::text(&self.name),
            SheetField::ProducerNameEn => Val::text(&self.name_en),
            SheetField::ProducerKind => Val::text(&self.kind),
            SheetField::Province => Val::text(&self.province),
            SheetField::Commune => Val::text(&self.commune),
            SheetField::Address => Val::text(&self.address),
            SheetField::Representative => Val::text(&self.representative),
            SheetField::Phone => Val::text(&self.phone),
            SheetField::Email => Val::text(&self.email),
            SheetField::ProducerAddress => Val::text(&self.address),
            SheetField::Website => Val::text(&self.website),
            SheetField::Zalo => Val::text(&self.zalo),
            SheetField::TaxCode => Val::text(&self.tax_code),
            _ => Val::None,
        }
    }

    pub(crate) fn set(&mut self, f: SheetField, v: Val) {
        match f {
            SheetField::Producer => self.name = v.into_text(),
            SheetField::ProducerNameEn => self.name_en = v.into_text(),
            SheetField::ProducerKind => self.kind = v.into_text(),
            SheetField::Province => self.province = v.into_text(),
            SheetField::Commune => self.commune = v.into_text(),
            SheetField::Address => self.address = v.into_text(),
            SheetField::Representative => self.representative = v.into_text(),
            SheetField::Phone => self.phone = v.into_text(),
            SheetField::Email => self.email = v.into_text(),
            SheetField::ProducerAddress => self.address = v.into_text(),
            SheetField::Website => self.website = v.into_text(),
            SheetField::Zalo => self.zalo = v.into_text(),
            SheetField::TaxCode => self.tax_code = v.into_text(),
            _ => {}
        }
    }

    pub(crate) fn to_text(&self, body: &str) -> String {
        let mut t = Toml::default();
        t.text("name", &self.name);
        t.text("name_en", &self.name_en);
        t.text("kind", &self.kind);
        t.text("province", &self.province);
        t.text("commune", &self.commune);
        t.text("address", &self.address);
        t.text("representative", &self.representative);
        t.text("phone", &self.phone);
        t.text("email", &self.email);
        t.text("website", &self.website);
        t.text("zalo", &self.zalo);
        t.text("facebook", &self.facebook);
        t.text("tax_code", &self.tax_code);
        t.int("founded", self.founded);
        t.int("members", self.members);
        if let Some(x) = self.lat {
            t.line(format!("lat = {x:?}"));
        }
        if let Some(x) = self.lon {
            t.line(format!("lon = {x:?}"));
        }
        t.list("photos", &self.photos);
        t.text("cover", &self.cover);
        t.list("certifications", &self.certifications);
        if let Some(d) = self.draft {
            t.line(format!("draft = {d}"));
        }
        t.extra(&self.extra);
        t.finish(body)
    }
}

/// The front matter of a record's text, as a table (`None` when it has none or it is not
/// valid TOML).
pub(crate) fn front_matter(text: &str) -> Option<toml::Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return toml::from_str(&rest[..end]).ok();
        }
        end += line.len();
    }
    None
}

/// The keys of `original` that `written` lacks.
fn missing(original: &toml::Table, written: Option<&toml::Table>) -> toml::Table {
    original
        .iter()
        .filter(|(k, _)| written.is_none_or(|w| !w.contains_key(*k)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The tables of an array of tables (`[[certificates]]`), by index.
fn tables<'a>(t: &'a toml::Table, k: &str) -> Vec<&'a toml::Table> {
    t.get(k)
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(toml::Value::as_table).collect())
        .unwrap_or_default()
}

impl ProductDoc {
    /// Makes the record keep every key of its file (`original`, the front matter it had)
    /// that the import does not model or could not read, so that an update changes only what
    /// the spreadsheet's columns carry: English text, future fields and keys of a
    /// certificate, the specs or a shop all stay as they were.
    pub(crate) fn keep_unmodelled(&mut self, original: &toml::Table) -> Result<(), String> {
        let written = front_matter(&self.to_text(""))
            .ok_or("the record's new front matter cannot be read back")?;
        self.extra = missing(original, Some(&written));
        let specs = written.get("specs").and_then(toml::Value::as_table);
        if let Some(o) = original.get("specs").and_then(toml::Value::as_table)
            && specs.is_some()
        {
            self.specs.extra = missing(o, specs);
        }
        for (k, docs) in [("certificates", 0), ("shops", 1)] {
            if !written.contains_key(k) {
                continue;
            }
            let (orig, new) = (tables(original, k), tables(&written, k));
            for (i, o) in orig.iter().enumerate() {
                let extra = missing(o, new.get(i).copied());
                match docs {
                    0 => self.certificates.get_mut(i).map(|c| c.extra = extra),
                    _ => self.shops.get_mut(i).map(|s| s.extra = extra),
                };
            }
        }
        Ok(())
    }
}

impl ProducerDoc {
    /// As `ProductDoc::keep_unmodelled`: every key of the file the import does not write is
    /// kept as it was.
    pub(crate) fn keep_unmodelled(&mut self, original: &toml::Table) -> Result<(), String> {
        let written = front_matter(&self.to_text(""))
            .ok_or("the record's new front matter cannot be read back")?;
        self.extra = missing(original, Some(&written));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_by_meaning() {
        let t = |s: &str| Val::Text(s.into());
        assert!(same(SheetField::Group, &t("food"), &t("Thực phẩm")));
        assert!(!same(SheetField::Group, &t("food"), &t("Đồ uống")));
        assert!(same(SheetField::ProducerKind, &t("HTX"), &t("cooperative")));
        assert!(same(
            SheetField::Province,
            &t("Tỉnh Tuyên Quang"),
            &t("Tuyên Quang")
        ));
        assert!(same(SheetField::Commune, &t("Xã Hoà An"), &t("Xã Hòa An")));
        assert!(!same(SheetField::Unit, &t("hũ"), &t("chai")));
        assert!(same(SheetField::Tags, &Val::List(vec![]), &Val::None));
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
    }

    #[test]
    fn decision_numbers_match_with_or_without_accents() {
        assert_eq!(decision_key("2345/QĐ-UBND"), decision_key("2345 / QD-UBND"));
    }
}
