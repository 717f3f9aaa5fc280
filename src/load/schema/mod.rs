//! The fields of every kind of record, written down once, as data.
//!
//! The loader reads a record's front matter key by key (`Fields`), and `ocop serve`'s
//! editor at `/admin/` shows a form for each kind of record. Both take their fields from
//! here: the keys a section knows, whether each is required, its type, the choices or the
//! records it names, and the label and hint an office reads, in Vietnamese and English. A
//! key the loader reads that is not listed here fails the tests (`Fields` checks every key
//! it is asked for against its table), so the editor cannot miss a field, nor offer one the
//! loader would refuse as unknown.

use crate::load::Section;

mod records;
mod site;
#[cfg(test)]
mod tests;

use records::*;
pub use site::SITE;

/// A text in both interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const NONE: Text = Text { vi: "", en: "" };

    /// The text in `lang` (`"en"`, else Vietnamese).
    pub fn get(&self, lang: &str) -> &'static str {
        if lang == "en" { self.en } else { self.vi }
    }
}

pub(crate) const fn t(vi: &'static str, en: &'static str) -> Text {
    Text { vi, en }
}

/// The lists a [`Kind::Choice`] chooses from. The values come from the reference data
/// (`model::refdata`) and the model's kinds; only their name is kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    /// The six product groups (`food`...).
    Group,
    /// `enterprise`, `cooperative`, `cooperative-group`, `household`.
    ProducerKind,
    /// `sales-point`, `centre`, `supermarket`, `shop`.
    SalesPointKind,
    /// The 34 provinces.
    Province,
    /// The communes of the site's province (free text when the site names none).
    Commune,
    /// The kinds of a plan's target (`upgrade`, `new-products`...).
    TargetKind,
}

/// What a field holds, as the loader reads it and the editor shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// A sentence or two (a summary): a text area in the editor.
    LongText,
    /// A web address.
    Url,
    /// A whole number from `min` to `max`.
    Integer { min: i64, max: i64 },
    /// A list of whole numbers, each from `min` to `max` (site.toml's image widths).
    Integers { min: i64, max: i64 },
    /// A decimal number from `min` to `max` (coordinates).
    Decimal { min: f64, max: f64 },
    /// A date (`2024-05-20`).
    Date,
    /// Yes or no.
    Bool,
    /// One value of a fixed list.
    Choice(Choices),
    /// Several values of a fixed list.
    ChoiceList(Choices),
    /// The slug of a record of a section (a product's producer).
    Ref(Section),
    /// Slugs of records of a section (a sales point's products).
    Refs(Section),
    /// The file name of a photo in the record's folder.
    Photo,
    /// File names of photos in the record's folder.
    Photos,
    /// The decision of a certificate: a PDF in the record's folder, or an `https://` address.
    Document,
    /// A list of short texts (tags, certifications).
    Words,
    /// A sub-table (`[specs]`) with its own fields.
    Table(&'static [Field]),
    /// An array of tables (`[[certificates]]`) with their fields.
    Tables(&'static [Field]),
}

/// One key of a record's front matter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    /// The loader reports the record as wrong without it.
    pub required: bool,
    /// What the editor calls the field.
    pub label: Text,
    /// A line under the field in the editor: what to write, an example (may be empty).
    pub hint: Text,
}

pub(crate) const fn f(key: &'static str, kind: Kind, label: Text, hint: Text) -> Field {
    Field {
        key,
        kind,
        required: false,
        label,
        hint,
    }
}

pub(crate) const fn req(key: &'static str, kind: Kind, label: Text, hint: Text) -> Field {
    Field {
        key,
        kind,
        required: true,
        label,
        hint,
    }
}

/// The fields of a record of `section`, in the order the editor shows them.
pub fn fields(section: Section) -> &'static [Field] {
    match section {
        Section::Products => PRODUCT,
        Section::Producers => PRODUCER,
        Section::SalesPoints => SALES_POINT,
        Section::Fairs => FAIR,
        Section::Stories => STORY,
        Section::Pages => PAGE,
        Section::Plans => PLAN,
    }
}

/// The field `key` of `fields`.
pub fn find(fields: &'static [Field], key: &str) -> Option<&'static Field> {
    fields.iter().find(|f| f.key == key)
}

/// The keys of `fields`, for "unknown field" messages.
pub fn keys(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.key).collect()
}

/// What the editor calls a section's records (plural) and one of them.
pub fn section_label(section: Section) -> (Text, Text) {
    match section {
        Section::Products => (t("Sản phẩm", "Products"), t("sản phẩm", "product")),
        Section::Producers => (t("Chủ thể", "Producers"), t("chủ thể", "producer")),
        Section::SalesPoints => (t("Điểm bán", "Sales points"), t("điểm bán", "sales point")),
        Section::Fairs => (t("Hội chợ", "Trade fairs"), t("hội chợ", "fair")),
        Section::Stories => (t("Câu chuyện", "Stories"), t("câu chuyện", "story")),
        Section::Pages => (t("Trang", "Pages"), t("trang", "page")),
        Section::Plans => (t("Kế hoạch", "Plans"), t("kế hoạch", "plan")),
    }
}
