//! Column headings: which field of a record each column of a spreadsheet holds.
//!
//! Provincial lists are typed by people, so headings vary: "Tên sản phẩm" or "Sản phẩm",
//! "Tỉnh, thành phố" or "Tỉnh/TP", with or without accents, in any case, sometimes with a
//! unit in brackets ("Giá bán (đồng)"). A heading is normalised (brackets dropped, folded
//! with `vietnamese::fold`, punctuation turned into spaces) and looked up among the
//! synonyms of each field; a mapping file (`--map columns.toml`) names the others.

use std::collections::HashMap;
use std::path::Path;

use crate::base::diag::did_you_mean;
use crate::base::vietnamese::fold;

use super::table::{Row, Table};

/// A field the importer fills from a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Field {
    Slug,
    Name,
    Stars,
    Group,
    Subgroup,
    Producer,
    ProducerKind,
    Province,
    Commune,
    Address,
    Decision,
    Issued,
    Issuer,
    Score,
    ValidUntil,
    Revoked,
    Price,
    Unit,
    Packaging,
    NetContent,
    ShelfLife,
    Ingredients,
    Storage,
    Certifications,
    Barcode,
    Capacity,
    MinOrder,
    Summary,
    Tags,
    Representative,
    Phone,
    Email,
    ProducerAddress,
    Website,
    Zalo,
    TaxCode,
    NameEn,
    SummaryEn,
    UnitEn,
    ProducerNameEn,
    ProducerSlug,
}

/// How a cell of the field is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Integer,
    Date,
    List,
}

impl Field {
    /// Every field, in the column order `ocop export` writes.
    pub(crate) const ALL: [Field; 41] = [
        Field::Slug,
        Field::Name,
        Field::Stars,
        Field::Group,
        Field::Subgroup,
        Field::Producer,
        Field::ProducerKind,
        Field::Province,
        Field::Commune,
        Field::Address,
        Field::Decision,
        Field::Issued,
        Field::Issuer,
        Field::Score,
        Field::ValidUntil,
        Field::Revoked,
        Field::Price,
        Field::Unit,
        Field::Packaging,
        Field::NetContent,
        Field::ShelfLife,
        Field::Ingredients,
        Field::Storage,
        Field::Certifications,
        Field::Barcode,
        Field::Capacity,
        Field::MinOrder,
        Field::Summary,
        Field::Tags,
        Field::Representative,
        Field::Phone,
        Field::Email,
        Field::ProducerAddress,
        Field::Website,
        Field::Zalo,
        Field::TaxCode,
        Field::NameEn,
        Field::SummaryEn,
        Field::UnitEn,
        Field::ProducerNameEn,
        Field::ProducerSlug,
    ];

    /// The name used in mapping files.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::Slug => "slug",
            Field::Name => "name",
            Field::Stars => "stars",
            Field::Group => "group",
            Field::Subgroup => "subgroup",
            Field::Producer => "producer",
            Field::ProducerKind => "producer_kind",
            Field::Province => "province",
            Field::Commune => "commune",
            Field::Address => "address",
            Field::Decision => "decision",
            Field::Issued => "issued",
            Field::Issuer => "issuer",
            Field::Score => "score",
            Field::ValidUntil => "valid_until",
            Field::Revoked => "revoked",
            Field::Price => "price",
            Field::Unit => "unit",
            Field::Packaging => "packaging",
            Field::NetContent => "net_content",
            Field::ShelfLife => "shelf_life",
            Field::Ingredients => "ingredients",
            Field::Storage => "storage",
            Field::Certifications => "certifications",
            Field::Barcode => "barcode",
            Field::Capacity => "capacity",
            Field::MinOrder => "min_order",
            Field::Summary => "summary",
            Field::Tags => "tags",
            Field::Representative => "representative",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::ProducerAddress => "producer_address",
            Field::Website => "website",
            Field::Zalo => "zalo",
            Field::TaxCode => "tax_code",
            Field::NameEn => "name_en",
            Field::SummaryEn => "summary_en",
            Field::UnitEn => "unit_en",
            Field::ProducerNameEn => "producer_name_en",
            Field::ProducerSlug => "producer_slug",
        }
    }

    /// The Vietnamese heading `ocop export` writes (and the importer reads).
    pub(crate) fn heading(self) -> &'static str {
        match self {
            Field::Slug => "Slug",
            Field::Name => "Tên sản phẩm",
            Field::Stars => "Số sao",
            Field::Group => "Nhóm",
            Field::Subgroup => "Bộ sản phẩm",
            Field::Producer => "Chủ thể",
            Field::ProducerKind => "Loại chủ thể",
            Field::Province => "Tỉnh",
            Field::Commune => "Xã",
            Field::Address => "Địa chỉ",
            Field::Decision => "Số quyết định",
            Field::Issued => "Ngày cấp",
            Field::Issuer => "Cơ quan cấp",
            Field::Score => "Điểm",
            Field::ValidUntil => "Hiệu lực đến",
            Field::Revoked => "Ngày thu hồi",
            Field::Price => "Giá bán",
            Field::Unit => "Đơn vị tính",
            Field::Packaging => "Quy cách",
            Field::NetContent => "Khối lượng tịnh",
            Field::ShelfLife => "Hạn sử dụng",
            Field::Ingredients => "Thành phần",
            Field::Storage => "Bảo quản",
            Field::Certifications => "Chứng nhận",
            Field::Barcode => "Mã vạch",
            Field::Capacity => "Công suất",
            Field::MinOrder => "Đơn hàng tối thiểu",
            Field::Summary => "Tóm tắt",
            Field::Tags => "Từ khóa",
            Field::Representative => "Người đại diện",
            Field::Phone => "Điện thoại",
            Field::Email => "Email",
            Field::ProducerAddress => "Địa chỉ chủ thể",
            Field::Website => "Trang web",
            Field::Zalo => "Zalo",
            Field::TaxCode => "Mã số thuế",
            Field::NameEn => "Tên tiếng Anh",
            Field::SummaryEn => "Tóm tắt tiếng Anh",
            Field::UnitEn => "Đơn vị tính tiếng Anh",
            Field::ProducerNameEn => "Tên chủ thể tiếng Anh",
            Field::ProducerSlug => "Slug chủ thể",
        }
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            Field::Stars | Field::Score | Field::Price => Kind::Integer,
            Field::Issued | Field::ValidUntil | Field::Revoked => Kind::Date,
            Field::Tags | Field::Certifications => Kind::List,
            _ => Kind::Text,
        }
    }

    /// Other headings (normalised, see `normalize`) that mean this field.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Slug => &["duong dan", "dia chi trang"],
            Field::Name => &["san pham", "ten", "ten sp", "ten san pham ocop"],
            Field::Stars => &[
                "sao",
                "hang sao",
                "so sao ocop",
                "hang",
                "xep hang",
                "xep hang sao",
                "phan hang",
                "ket qua xep hang",
            ],
            Field::Group => &["nhom san pham", "nganh", "nganh hang", "nhom nganh"],
            Field::Subgroup => &["phan nhom", "bo", "nhom phu"],
            Field::Producer => &[
                "ten chu the",
                "don vi san xuat",
                "co so san xuat",
                "chu the san xuat",
                "chu the ocop",
                "ten co so",
                "ten don vi",
            ],
            Field::ProducerKind => &[
                "loai hinh",
                "loai hinh chu the",
                "loai hinh to chuc",
                "loai hinh doanh nghiep",
            ],
            Field::Province => &["tinh thanh pho", "tinh thanh", "tinh tp"],
            Field::Commune => &["xa phuong", "xa phuong dac khu", "phuong xa"],
            Field::Address => &["dia chi san xuat"],
            Field::Decision => &[
                "quyet dinh",
                "so qd",
                "qd",
                "quyet dinh cong nhan",
                "so quyet dinh cong nhan",
            ],
            Field::Issued => &[
                "ngay quyet dinh",
                "ngay qd",
                "ngay cong nhan",
                "ngay ban hanh",
                "ngay cap chung nhan",
            ],
            Field::Issuer => &["co quan ban hanh", "don vi cap", "noi cap"],
            Field::Score => &["diem danh gia", "tong diem", "diem so"],
            Field::ValidUntil => &[
                "co hieu luc den",
                "ngay het han",
                "het han",
                "han chung nhan",
                "thoi han",
            ],
            Field::Revoked => &["thu hoi"],
            Field::Price => &["gia", "gia ban le", "don gia", "gia niem yet"],
            Field::Unit => &["dvt", "don vi"],
            Field::Packaging => &["dong goi", "quy cach dong goi", "bao bi"],
            Field::NetContent => &[
                "khoi luong",
                "the tich",
                "dung tich",
                "khoi luong tinh the tich",
            ],
            Field::ShelfLife => &["hsd", "thoi han su dung"],
            Field::Ingredients => &["nguyen lieu"],
            Field::Storage => &["huong dan bao quan", "dieu kien bao quan"],
            Field::Certifications => &["chung nhan khac", "tieu chuan", "chung nhan chat luong"],
            Field::Barcode => &["gtin", "ma so ma vach", "ean", "ma vach gtin"],
            Field::Capacity => &["nang luc san xuat", "san luong"],
            Field::MinOrder => &["dat hang toi thieu", "so luong toi thieu"],
            Field::Summary => &["mo ta", "mo ta ngan", "gioi thieu"],
            Field::Tags => &["tu khoa", "the"],
            Field::Representative => &["dai dien", "nguoi dai dien phap luat"],
            Field::Phone => &["so dien thoai", "sdt", "dt", "dien thoai lien he"],
            Field::Email => &["e mail", "thu dien tu"],
            Field::ProducerAddress => &["dia chi co so", "dia chi don vi", "dia chi lien he"],
            Field::Website => &["website", "web", "trang thong tin dien tu"],
            Field::Zalo => &["so zalo"],
            Field::TaxCode => &["mst", "ma so doanh nghiep", "ma so thue chu the"],
            Field::NameEn => &["ten san pham tieng anh", "english name", "name in english"],
            Field::SummaryEn => &["mo ta tieng anh", "english summary"],
            Field::UnitEn => &["don vi tieng anh", "dvt tieng anh", "english unit"],
            Field::ProducerNameEn => &["ten tieng anh cua chu the", "english producer name"],
            Field::ProducerSlug => &["duong dan chu the"],
        }
    }

    /// The field a mapping file names (`name`, `producer_kind`, also with `-` or spaces).
    pub(crate) fn from_key(key: &str) -> Option<Field> {
        let k = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Field::ALL.into_iter().find(|f| f.key() == k)
    }
}

/// Headings that are read and ignored without a warning ("STT": the row's number).
const IGNORED: &[&str] = &["stt", "tt", "so thu tu", "so tt"];

/// A heading reduced to what matters: no bracketed notes, folded, words of letters and
/// digits separated by single spaces. "Giá bán (đồng)*" → "gia ban".
pub(crate) fn normalize(heading: &str) -> String {
    let mut s = String::new();
    let mut depth = 0usize;
    for c in heading.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => s.push(c),
            _ => {}
        }
    }
    fold(&s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    Field(Field),
    Ignore,
}

/// The user's mapping file: heading → field, or "ignore".
#[derive(Debug, Clone, Default)]
pub(crate) struct Mapping {
    by_heading: HashMap<String, Meaning>,
}

impl Mapping {
    /// Reads a TOML file of `"Heading" = "field"` lines.
    pub(crate) fn load(path: &Path) -> Result<Mapping, String> {
        let text = crate::base::fsutil::read_to_string(path).map_err(|e| e.to_string())?;
        Mapping::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub(crate) fn parse(text: &str) -> Result<Mapping, String> {
        let table: toml::Table = toml::from_str(text)
            .map_err(|e| format!("not a valid mapping file: {}", e.message().trim()))?;
        let mut by_heading = HashMap::new();
        let known: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        for (heading, value) in table {
            let Some(v) = value.as_str() else {
                return Err(format!(
                    "`{heading}`: write the field name in quotes, e.g. \"{heading}\" = \"name\""
                ));
            };
            let meaning = if matches!(v.trim(), "ignore" | "-" | "") {
                Meaning::Ignore
            } else {
                match Field::from_key(v) {
                    Some(f) => Meaning::Field(f),
                    None => {
                        let hint = match did_you_mean(v, known.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("fields are: {}, or ignore", known.join(", ")),
                        };
                        return Err(format!("`{heading}` = `{v}`: unknown field; {hint}"));
                    }
                }
            };
            by_heading.insert(normalize(&heading), meaning);
        }
        Ok(Mapping { by_heading })
    }

    /// What `heading` means: the mapping file first, then the built-in headings.
    pub(crate) fn meaning(&self, heading: &str) -> Option<Meaning> {
        let n = normalize(heading);
        if n.is_empty() {
            return None;
        }
        if let Some(m) = self.by_heading.get(&n) {
            return Some(*m);
        }
        if IGNORED.contains(&n.as_str()) {
            return Some(Meaning::Ignore);
        }
        Field::ALL
            .into_iter()
            .find(|f| {
                normalize(f.heading()) == n
                    || f.key().replace('_', " ") == n
                    || f.synonyms().contains(&n.as_str())
            })
            .map(Meaning::Field)
    }
}

/// The columns of a sheet: the heading row, which field each column holds, and what was not
/// understood.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// Index in `Table::rows` of the heading row.
    pub heading_index: usize,
    /// Headings as written, by column.
    pub headings: Vec<String>,
    /// Field → column.
    pub by_field: HashMap<Field, usize>,
    /// Headings that are neither known nor mapped.
    pub unknown: Vec<String>,
    /// (heading, heading of the earlier column with the same meaning).
    pub duplicates: Vec<(String, String)>,
}

impl Columns {
    pub(crate) fn column(&self, f: Field) -> Option<usize> {
        self.by_field.get(&f).copied()
    }

    pub(crate) fn has(&self, f: Field) -> bool {
        self.by_field.contains_key(&f)
    }

    pub(crate) fn heading(&self, col: usize) -> &str {
        self.headings.get(col).map(String::as_str).unwrap_or("")
    }
}

/// How many rows at the top may come before the heading row (titles, dates, notes).
const HEADING_SEARCH_ROWS: usize = 20;

/// Finds the heading row (the first of the top rows with two or more recognised headings)
/// and reads it.
pub(crate) fn find(table: &Table, mapping: &Mapping) -> Result<Columns, String> {
    let recognised = |r: &Row| {
        r.cells
            .iter()
            .filter(|c| matches!(mapping.meaning(&c.text()), Some(Meaning::Field(_))))
            .count()
    };
    let Some(heading_index) = table
        .rows
        .iter()
        .take(HEADING_SEARCH_ROWS)
        .position(|r| recognised(r) >= 2)
    else {
        return Err(format!(
            "no heading row found: none of the first {HEADING_SEARCH_ROWS} rows has two or more known column headings such as \"Tên sản phẩm\", \"Số sao\", \"Chủ thể\"; name your columns in a mapping file and pass it with --map (see docs/import.md)"
        ));
    };
    let row = &table.rows[heading_index];
    let headings: Vec<String> = row.cells.iter().map(|c| c.text()).collect();
    let mut by_field: HashMap<Field, usize> = HashMap::new();
    let mut unknown = Vec::new();
    let mut duplicates = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        match mapping.meaning(h) {
            Some(Meaning::Field(f)) => match by_field.get(&f) {
                Some(&first) => duplicates.push((h.clone(), headings[first].clone())),
                None => {
                    by_field.insert(f, i);
                }
            },
            Some(Meaning::Ignore) => {}
            None => unknown.push(h.clone()),
        }
    }
    if !by_field.contains_key(&Field::Name) && !by_field.contains_key(&Field::Slug) {
        return Err(format!(
            "no column for the product name: the heading row (row {}) has none of \"Tên sản phẩm\", \"Sản phẩm\", \"Slug\"; name it in a mapping file (--map) with a line such as \"Tên SP\" = \"name\"",
            row.number
        ));
    }
    Ok(Columns {
        heading_index,
        headings,
        by_field,
        unknown,
        duplicates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised_without_accents_case_or_notes() {
        let m = Mapping::default();
        let f = |h: &str| match m.meaning(h) {
            Some(Meaning::Field(f)) => Some(f),
            _ => None,
        };
        assert_eq!(f("Tên sản phẩm"), Some(Field::Name));
        assert_eq!(f("TEN SAN PHAM"), Some(Field::Name));
        assert_eq!(f("Sản phẩm"), Some(Field::Name));
        assert_eq!(f("Hạng sao"), Some(Field::Stars));
        assert_eq!(f("Tỉnh, thành phố"), Some(Field::Province));
        assert_eq!(f("Tỉnh/Thành phố"), Some(Field::Province));
        assert_eq!(f("Xã, phường"), Some(Field::Commune));
        assert_eq!(f("Giá bán (đồng)"), Some(Field::Price));
        assert_eq!(f("Số QĐ"), Some(Field::Decision));
        assert_eq!(f("Ngày quyết định"), Some(Field::Issued));
        assert_eq!(f("Đơn vị sản xuất"), Some(Field::Producer));
        assert_eq!(f("Loại hình"), Some(Field::ProducerKind));
        assert_eq!(f("Bộ sản phẩm"), Some(Field::Subgroup));
        assert_eq!(f("Nhóm sản phẩm"), Some(Field::Group));
        assert_eq!(f("Mã vạch"), Some(Field::Barcode));
        assert_eq!(f("valid_until"), Some(Field::ValidUntil));
        assert_eq!(f("Ghi chú"), None);
        assert_eq!(m.meaning("STT"), Some(Meaning::Ignore));
    }

    #[test]
    fn every_export_heading_reads_back_as_its_field() {
        let m = Mapping::default();
        for f in Field::ALL {
            assert_eq!(m.meaning(f.heading()), Some(Meaning::Field(f)), "{f:?}");
        }
    }

    #[test]
    fn mapping_file_names_other_headings() {
        let m = Mapping::parse(
            "\"Tên SP\" = \"name\"\n\"Ghi chú\" = \"ignore\"\n\"Loại\" = \"producer-kind\"\n",
        )
        .unwrap();
        assert_eq!(m.meaning("tên sp"), Some(Meaning::Field(Field::Name)));
        assert_eq!(m.meaning("Ghi chú"), Some(Meaning::Ignore));
        assert_eq!(m.meaning("Loại"), Some(Meaning::Field(Field::ProducerKind)));
        let e = Mapping::parse("\"X\" = \"nmae\"\n").unwrap_err();
        assert!(e.contains("did you mean `name`"), "{e}");
    }
}
