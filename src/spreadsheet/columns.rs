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
pub(crate) enum SheetField {
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

impl SheetField {
    /// Every field, in the column order `ocop export` writes.
    pub(crate) const ALL: [SheetField; 41] = [
        SheetField::Slug,
        SheetField::Name,
        SheetField::Stars,
        SheetField::Group,
        SheetField::Subgroup,
        SheetField::Producer,
        SheetField::ProducerKind,
        SheetField::Province,
        SheetField::Commune,
        SheetField::Address,
        SheetField::Decision,
        SheetField::Issued,
        SheetField::Issuer,
        SheetField::Score,
        SheetField::ValidUntil,
        SheetField::Revoked,
        SheetField::Price,
        SheetField::Unit,
        SheetField::Packaging,
        SheetField::NetContent,
        SheetField::ShelfLife,
        SheetField::Ingredients,
        SheetField::Storage,
        SheetField::Certifications,
        SheetField::Barcode,
        SheetField::Capacity,
        SheetField::MinOrder,
        SheetField::Summary,
        SheetField::Tags,
        SheetField::Representative,
        SheetField::Phone,
        SheetField::Email,
        SheetField::ProducerAddress,
        SheetField::Website,
        SheetField::Zalo,
        SheetField::TaxCode,
        SheetField::NameEn,
        SheetField::SummaryEn,
        SheetField::UnitEn,
        SheetField::ProducerNameEn,
        SheetField::ProducerSlug,
    ];

    /// The name used in mapping files.
    pub(crate) fn key(self) -> &'static str {
        match self {
            SheetField::Slug => "slug",
            SheetField::Name => "name",
            SheetField::Stars => "stars",
            SheetField::Group => "group",
            SheetField::Subgroup => "subgroup",
            SheetField::Producer => "producer",
            SheetField::ProducerKind => "producer_kind",
            SheetField::Province => "province",
            SheetField::Commune => "commune",
            SheetField::Address => "address",
            SheetField::Decision => "decision",
            SheetField::Issued => "issued",
            SheetField::Issuer => "issuer",
            SheetField::Score => "score",
            SheetField::ValidUntil => "valid_until",
            SheetField::Revoked => "revoked",
            SheetField::Price => "price",
            SheetField::Unit => "unit",
            SheetField::Packaging => "packaging",
            SheetField::NetContent => "net_content",
            SheetField::ShelfLife => "shelf_life",
            SheetField::Ingredients => "ingredients",
            SheetField::Storage => "storage",
            SheetField::Certifications => "certifications",
            SheetField::Barcode => "barcode",
            SheetField::Capacity => "capacity",
            SheetField::MinOrder => "min_order",
            SheetField::Summary => "summary",
            SheetField::Tags => "tags",
            SheetField::Representative => "representative",
            SheetField::Phone => "phone",
            SheetField::Email => "email",
            SheetField::ProducerAddress => "producer_address",
            SheetField::Website => "website",
            SheetField::Zalo => "zalo",
            SheetField::TaxCode => "tax_code",
            SheetField::NameEn => "name_en",
            SheetField::SummaryEn => "summary_en",
            SheetField::UnitEn => "unit_en",
            SheetField::ProducerNameEn => "producer_name_en",
            SheetField::ProducerSlug => "producer_slug",
        }
    }

    /// The Vietnamese heading `ocop export` writes (and the importer reads).
    pub(crate) fn heading(self) -> &'static str {
        match self {
            SheetField::Slug => "Slug",
            SheetField::Name => "Tên sản phẩm",
            SheetField::Stars => "Số sao",
            SheetField::Group => "Nhóm",
            SheetField::Subgroup => "Bộ sản phẩm",
            SheetField::Producer => "Chủ thể",
            SheetField::ProducerKind => "Loại chủ thể",
            SheetField::Province => "Tỉnh",
            SheetField::Commune => "Xã",
            SheetField::Address => "Địa chỉ",
            SheetField::Decision => "Số quyết định",
            SheetField::Issued => "Ngày cấp",
            SheetField::Issuer => "Cơ quan cấp",
            SheetField::Score => "Điểm",
            SheetField::ValidUntil => "Hiệu lực đến",
            SheetField::Revoked => "Ngày thu hồi",
            SheetField::Price => "Giá bán",
            SheetField::Unit => "Đơn vị tính",
            SheetField::Packaging => "Quy cách",
            SheetField::NetContent => "Khối lượng tịnh",
            SheetField::ShelfLife => "Hạn sử dụng",
            SheetField::Ingredients => "Thành phần",
            SheetField::Storage => "Bảo quản",
            SheetField::Certifications => "Chứng nhận",
            SheetField::Barcode => "Mã vạch",
            SheetField::Capacity => "Công suất",
            SheetField::MinOrder => "Đơn hàng tối thiểu",
            SheetField::Summary => "Tóm tắt",
            SheetField::Tags => "Từ khóa",
            SheetField::Representative => "Người đại diện",
            SheetField::Phone => "Điện thoại",
            SheetField::Email => "Email",
            SheetField::ProducerAddress => "Địa chỉ chủ thể",
            SheetField::Website => "Trang web",
            SheetField::Zalo => "Zalo",
            SheetField::TaxCode => "Mã số thuế",
            SheetField::NameEn => "Tên tiếng Anh",
            SheetField::SummaryEn => "Tóm tắt tiếng Anh",
            SheetField::UnitEn => "Đơn vị tính tiếng Anh",
            SheetField::ProducerNameEn => "Tên chủ thể tiếng Anh",
            SheetField::ProducerSlug => "Slug chủ thể",
        }
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            SheetField::Stars | SheetField::Score | SheetField::Price => Kind::Integer,
            SheetField::Issued | SheetField::ValidUntil | SheetField::Revoked => Kind::Date,
            SheetField::Tags | SheetField::Certifications => Kind::List,
            _ => Kind::Text,
        }
    }

    /// Other headings (normalised, see `normalize`) that mean this field.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            SheetField::Slug => &["duong dan", "dia chi trang"],
            SheetField::Name => &["san pham", "ten", "ten sp", "ten san pham ocop"],
            SheetField::Stars => &[
                "sao",
                "hang sao",
                "so sao ocop",
                "hang",
                "xep hang",
                "xep hang sao",
                "phan hang",
                "ket qua xep hang",
            ],
            SheetField::Group => &["nhom san pham", "nganh", "nganh hang", "nhom nganh"],
            SheetField::Subgroup => &["phan nhom", "bo", "nhom phu"],
            SheetField::Producer => &[
                "ten chu the",
                "don vi san xuat",
                "co so san xuat",
                "chu the san xuat",
                "chu the ocop",
                "ten co so",
                "ten don vi",
            ],
            SheetField::ProducerKind => &[
                "loai hinh",
                "loai hinh chu the",
                "loai hinh to chuc",
                "loai hinh doanh nghiep",
            ],
            SheetField::Province => &["tinh thanh pho", "tinh thanh", "tinh tp"],
            SheetField::Commune => &["xa phuong", "xa phuong dac khu", "phuong xa"],
            SheetField::Address => &["dia chi san xuat"],
            SheetField::Decision => &[
                "quyet dinh",
                "so qd",
                "qd",
                "quyet dinh cong nhan",
                "so quyet dinh cong nhan",
            ],
            SheetField::Issued => &[
                "ngay quyet dinh",
                "ngay qd",
                "ngay cong nhan",
                "ngay ban hanh",
                "ngay cap chung nhan",
            ],
            SheetField::Issuer => &["co quan ban hanh", "don vi cap", "noi cap"],
            SheetField::Score => &["diem danh gia", "tong diem", "diem so"],
            SheetField::ValidUntil => &[
                "co hieu luc den",
                "ngay het han",
                "het han",
                "han chung nhan",
                "thoi han",
            ],
            SheetField::Revoked => &["thu hoi"],
            SheetField::Price => &["gia", "gia ban le", "don gia", "gia niem yet"],
            SheetField::Unit => &["dvt", "don vi"],
            SheetField::Packaging => &["dong goi", "quy cach dong goi", "bao bi"],
            SheetField::NetContent => &[
                "khoi luong",
                "the tich",
                "dung tich",
                "khoi luong tinh the tich",
            ],
            SheetField::ShelfLife => &["hsd", "thoi han su dung"],
            SheetField::Ingredients => &["nguyen lieu"],
            SheetField::Storage => &["huong dan bao quan", "dieu kien bao quan"],
            SheetField::Certifications => {
                &["chung nhan khac", "tieu chuan", "chung nhan chat luong"]
            }
            SheetField::Barcode => &["gtin", "ma so ma vach", "ean", "ma vach gtin"],
            SheetField::Capacity => &["nang luc san xuat", "san luong"],
            SheetField::MinOrder => &["dat hang toi thieu", "so luong toi thieu"],
            SheetField::Summary => &["mo ta", "mo ta ngan", "gioi thieu"],
            SheetField::Tags => &["tu khoa", "the"],
            SheetField::Representative => &["dai dien", "nguoi dai dien phap luat"],
            SheetField::Phone => &["so dien thoai", "sdt", "dt", "dien thoai lien he"],
            SheetField::Email => &["e mail", "thu dien tu"],
            SheetField::ProducerAddress => &["dia chi co so", "dia chi don vi", "dia chi lien he"],
            SheetField::Website => &["website", "web", "trang thong tin dien tu"],
            SheetField::Zalo => &["so zalo"],
            SheetField::TaxCode => &["mst", "ma so doanh nghiep", "ma so thue chu the"],
            SheetField::NameEn => &["ten san pham tieng anh", "english name", "name in english"],
            SheetField::SummaryEn => &["mo ta tieng anh", "english summary"],
            SheetField::UnitEn => &["don vi tieng anh", "dvt tieng anh", "english unit"],
            SheetField::ProducerNameEn => &["ten tieng anh cua chu the", "english producer name"],
            SheetField::ProducerSlug => &["duong dan chu the"],
        }
    }

    /// The field a mapping file names (`name`, `producer_kind`, also with `-` or spaces).
    pub(crate) fn from_key(key: &str) -> Option<SheetField> {
        let k = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        SheetField::ALL.into_iter().find(|f| f.key() == k)
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
    SheetField(SheetField),
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
        let known: Vec<&str> = SheetField::ALL.iter().map(|f| f.key()).collect();
        for (heading, value) in table {
            let Some(v) = value.as_str() else {
                return Err(format!(
                    "`{heading}`: write the field name in quotes, e.g. \"{heading}\" = \"name\""
                ));
            };
            let meaning = if matches!(v.trim(), "ignore" | "-" | "") {
                Meaning::Ignore
            } else {
                match SheetField::from_key(v) {
                    Some(f) => Meaning::SheetField(f),
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
        SheetField::ALL
            .into_iter()
            .find(|f| {
                normalize(f.heading()) == n
                    || f.key().replace('_', " ") == n
                    || f.synonyms().contains(&n.as_str())
            })
            .map(Meaning::SheetField)
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
    /// SheetField → column.
    pub by_field: HashMap<SheetField, usize>,
    /// Headings that are neither known nor mapped.
    pub unknown: Vec<String>,
    /// (heading, heading of the earlier column with the same meaning).
    pub duplicates: Vec<(String, String)>,
}

impl Columns {
    pub(crate) fn column(&self, f: SheetField) -> Option<usize> {
        self.by_field.get(&f).copied()
    }

    pub(crate) fn has(&self, f: SheetField) -> bool {
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
            .filter(|c| matches!(mapping.meaning(&c.text()), Some(Meaning::SheetField(_))))
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
    let mut by_field: HashMap<SheetField, usize> = HashMap::new();
    let mut unknown = Vec::new();
    let mut duplicates = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        match mapping.meaning(h) {
            Some(Meaning::SheetField(f)) => match by_field.get(&f) {
                Some(&first) => duplicates.push((h.clone(), headings[first].clone())),
                None => {
                    by_field.insert(f, i);
                }
            },
            Some(Meaning::Ignore) => {}
            None => unknown.push(h.clone()),
        }
    }
    if !by_field.contains_key(&SheetField::Name) && !by_field.contains_key(&SheetField::Slug) {
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
            Some(Meaning::SheetField(f)) => Some(f),
            _ => None,
        };
        assert_eq!(f("Tên sản phẩm"), Some(SheetField::Name));
        assert_eq!(f("TEN SAN PHAM"), Some(SheetField::Name));
        assert_eq!(f("Sản phẩm"), Some(SheetField::Name));
        assert_eq!(f("Hạng sao"), Some(SheetField::Stars));
        assert_eq!(f("Tỉnh, thành phố"), Some(SheetField::Province));
        assert_eq!(f("Tỉnh/Thành phố"), Some(SheetField::Province));
        assert_eq!(f("Xã, phường"), Some(SheetField::Commune));
        assert_eq!(f("Giá bán (đồng)"), Some(SheetField::Price));
        assert_eq!(f("Số QĐ"), Some(SheetField::Decision));
        assert_eq!(f("Ngày quyết định"), Some(SheetField::Issued));
        assert_eq!(f("Đơn vị sản xuất"), Some(SheetField::Producer));
        assert_eq!(f("Loại hình"), Some(SheetField::ProducerKind));
        assert_eq!(f("Bộ sản phẩm"), Some(SheetField::Subgroup));
        assert_eq!(f("Nhóm sản phẩm"), Some(SheetField::Group));
        assert_eq!(f("Mã vạch"), Some(SheetField::Barcode));
        assert_eq!(f("valid_until"), Some(SheetField::ValidUntil));
        assert_eq!(f("Ghi chú"), None);
        assert_eq!(m.meaning("STT"), Some(Meaning::Ignore));
    }

    #[test]
    fn every_export_heading_reads_back_as_its_field() {
        let m = Mapping::default();
        for f in SheetField::ALL {
            assert_eq!(
                m.meaning(f.heading()),
                Some(Meaning::SheetField(f)),
                "{f:?}"
            );
        }
    }

    #[test]
    fn mapping_file_names_other_headings() {
        let m = Mapping::parse(
            "\"Tên SP\" = \"name\"\n\"Ghi chú\" = \"ignore\"\n\"Loại\" = \"producer-kind\"\n",
        )
        .unwrap();
        assert_eq!(
            m.meaning("tên sp"),
            Some(Meaning::SheetField(SheetField::Name))
        );
        assert_eq!(m.meaning("Ghi chú"), Some(Meaning::Ignore));
        assert_eq!(
            m.meaning("Loại"),
            Some(Meaning::SheetField(SheetField::ProducerKind))
        );
        let e = Mapping::parse("\"X\" = \"nmae\"\n").unwrap_err();
        assert!(e.contains("did you mean `name`"), "{e}");
    }
}
