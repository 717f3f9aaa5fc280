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

// ---------------------------------------------------------------------------------------
// The sections. Keys and types follow docs/content-format.md; each list is in the order the
// loader reads its keys (src/load/products.rs...), each English field right after its
// Vietnamese one; ranges are those `resolve` enforces.

/// The largest price, as `resolve` takes it: 2^53 − 1, the largest whole number that JSON
/// and spreadsheet readers of the data exports keep exactly.
const MAX_PRICE: i64 = (1 << 53) - 1;

/// A latitude and a longitude, as `resolve` takes them.
const LAT: Field = f(
    "lat",
    Kind::Decimal {
        min: -90.0,
        max: 90.0,
    },
    t("Vĩ độ", "Latitude"),
    t(
        "Chép từ bản đồ, ví dụ 21.82; điền cả vĩ độ và kinh độ, hoặc để trống cả hai",
        "Copy it from a map, e.g. 21.82; give both latitude and longitude, or neither",
    ),
);
const LON: Field = f(
    "lon",
    Kind::Decimal {
        min: -180.0,
        max: 180.0,
    },
    t("Kinh độ", "Longitude"),
    t(
        "Chép từ bản đồ, ví dụ 105.21",
        "Copy it from a map, e.g. 105.21",
    ),
);

const PROVINCE: Field = req(
    "province",
    Kind::Choice(Choices::Province),
    t("Tỉnh, thành phố", "Province"),
    t(
        "Một trong 34 tỉnh, thành phố từ 01/7/2025, ví dụ Tuyên Quang",
        "One of the 34 provinces since 1 July 2025, e.g. Tuyên Quang",
    ),
);
const COMMUNE: Field = f(
    "commune",
    Kind::Choice(Choices::Commune),
    t("Xã, phường", "Commune or ward"),
    t(
        "Theo danh mục xã, phường từ 01/7/2025, ví dụ Xã Hàm Yên",
        "As in the official list since 1 July 2025, e.g. Xã Hàm Yên",
    ),
);
const PHONE: Field = f(
    "phone",
    Kind::Text,
    t("Điện thoại", "Phone"),
    t("Ví dụ: 0912 345 678", "e.g. 0912 345 678"),
);
const WEBSITE: Field = f(
    "website",
    Kind::Url,
    t("Trang web", "Website"),
    t(
        "Địa chỉ đầy đủ, bắt đầu bằng https://, ví dụ https://ocop.tuyenquang.gov.vn",
        "The whole address, starting with https://, e.g. https://ocop.tuyenquang.gov.vn",
    ),
);
const SUMMARY: Field = f(
    "summary",
    Kind::LongText,
    t("Tóm tắt", "Summary"),
    t(
        "Một hai câu giới thiệu, hiện trên thẻ danh sách và khi chia sẻ liên kết",
        "One or two sentences, shown on cards and in link previews",
    ),
);
const SUMMARY_EN: Field = f(
    "summary_en",
    Kind::LongText,
    t("Tóm tắt (tiếng Anh)", "Summary (English)"),
    t(
        "Bản tiếng Anh của tóm tắt, hiện trên trang tiếng Anh",
        "The summary in English, shown on English pages",
    ),
);
const PHOTOS: Field = f(
    "photos",
    Kind::Photos,
    t("Ảnh", "Photos"),
    t(
        "Ảnh đặt trong cùng thư mục; để trống: dùng mọi ảnh của thư mục, theo thứ tự tên",
        "Photos in the same folder; empty: every image of the folder, by name",
    ),
);
const COVER: Field = f(
    "cover",
    Kind::Photo,
    t("Ảnh đại diện", "Cover photo"),
    t(
        "Ảnh chính, hiện trên thẻ danh sách; để trống: ảnh đầu tiên",
        "The main photo, shown on cards; empty: the first photo",
    ),
);
const ILLUSTRATIVE: Field = f(
    "illustrative",
    Kind::Photos,
    t("Ảnh minh họa", "Illustrative photos"),
    t(
        "Ảnh không chụp chính nó (ảnh mẫu, hình vẽ): hiện kèm ghi chú “Ảnh minh họa”",
        "Photos that only illustrate (stock pictures, drawings): shown with the note “Illustrative photo”",
    ),
);
const DRAFT: Field = f(
    "draft",
    Kind::Bool,
    t("Bản nháp", "Draft"),
    t(
        "Khi đánh dấu, chưa đăng lên trang; bỏ đánh dấu để đăng",
        "While ticked, it is not published; untick it to publish",
    ),
);
const STARS: Kind = Kind::Integer { min: 1, max: 5 };

const PRODUCT: &[Field] = &[
    req(
        "name",
        Kind::Text,
        t("Tên sản phẩm", "Product name"),
        t(
            "Ví dụ: Mật ong bạc hà Mèo Vạc",
            "e.g. Mèo Vạc mint-flower honey",
        ),
    ),
    f(
        "name_en",
        Kind::Text,
        t("Tên sản phẩm (tiếng Anh)", "Product name (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Mèo Vạc mint-flower honey",
            "Shown on English pages, e.g. Mèo Vạc mint-flower honey",
        ),
    ),
    req(
        "producer",
        Kind::Ref(Section::Producers),
        t("Chủ thể", "Producer"),
        t(
            "Hợp tác xã, doanh nghiệp hoặc hộ kinh doanh làm ra sản phẩm",
            "The cooperative, enterprise or household that makes it",
        ),
    ),
    req(
        "group",
        Kind::Choice(Choices::Group),
        t("Nhóm sản phẩm", "Product group"),
        t(
            "Một trong 6 nhóm sản phẩm OCOP, ví dụ Thực phẩm",
            "One of the six OCOP product groups, e.g. Food",
        ),
    ),
    f(
        "subgroup",
        Kind::Text,
        t("Bộ sản phẩm", "Product set"),
        t(
            "Ví dụ: Mật ong và nông sản sơ chế khác",
            "e.g. Mật ong và nông sản sơ chế khác (honey and other processed produce)",
        ),
    ),
    PROVINCE,
    f(
        "former_province",
        Kind::Text,
        t(
            "Tỉnh cũ (trước 01/7/2025)",
            "Former province (before 1 July 2025)",
        ),
        t(
            "Tỉnh trước khi sáp nhập, nếu khác, ví dụ Hà Giang; dùng cho trang thống kê",
            "The province before the 2025 merger, if different, e.g. Hà Giang; used by the statistics",
        ),
    ),
    COMMUNE,
    f(
        "address",
        Kind::Text,
        t("Địa chỉ", "Address"),
        t(
            "Ví dụ: Thôn Pả Vi, xã Mèo Vạc",
            "e.g. Thôn Pả Vi, xã Mèo Vạc",
        ),
    ),
    SUMMARY,
    SUMMARY_EN,
    f(
        "price",
        Kind::Integer {
            min: 1,
            max: MAX_PRICE,
        },
        t("Giá (đồng)", "Price (VND)"),
        t(
            "Số nguyên, không dấu chấm, ví dụ 150000; để trống nếu không có giá",
            "A whole number without separators, e.g. 150000; leave it empty when there is none",
        ),
    ),
    f(
        "unit",
        Kind::Text,
        t("Đơn vị tính", "Unit"),
        t(
            "Giá tính cho đơn vị nào, ví dụ hũ 500 ml, kg",
            "What the price is for, e.g. hũ 500 ml, kg",
        ),
    ),
    f(
        "unit_en",
        Kind::Text,
        t("Đơn vị tính (tiếng Anh)", "Unit (English)"),
        t(
            "Ví dụ: box of 100 g; không cần khi đơn vị là kg, g, ml, l",
            "e.g. box of 100 g; not needed when the unit is kg, g, ml, l",
        ),
    ),
    PHOTOS,
    COVER,
    ILLUSTRATIVE,
    f(
        "tags",
        Kind::Words,
        t("Từ khóa", "Tags"),
        t(
            "Từ khóa tùy chọn, ví dụ mật ong, đặc sản",
            "Free keywords, e.g. honey, specialty",
        ),
    ),
    DRAFT,
    f(
        "sold_at",
        Kind::Refs(Section::SalesPoints),
        t("Bán tại", "Sold at"),
        t(
            "Các điểm bán có sản phẩm này (gộp với danh sách sản phẩm của điểm bán)",
            "The sales points that sell it (merged with the sales points' products)",
        ),
    ),
    req(
        "certificates",
        Kind::Tables(CERTIFICATE),
        t("Giấy chứng nhận OCOP", "OCOP certificates"),
        t(
            "Ít nhất một; giấy mới nhất là hạng sao hiện tại, các giấy cũ là lịch sử hạng sao",
            "At least one; the newest is the current rating, older ones its star history",
        ),
    ),
    f(
        "specs",
        Kind::Table(SPECS),
        t("Thông tin chi tiết", "Specifications"),
        t(
            "Thông tin cho người mua: quy cách, hạn sử dụng, mã vạch...",
            "Details for buyers: packaging, shelf life, barcode...",
        ),
    ),
    f(
        "shops",
        Kind::Tables(SHOP),
        t("Gian hàng trực tuyến", "Online shops"),
        t(
            "Gian hàng trên sàn thương mại điện tử, ví dụ Shopee, postmart.vn",
            "Stores on e-commerce platforms, e.g. Shopee, postmart.vn",
        ),
    ),
];

const CERTIFICATE: &[Field] = &[
    req(
        "stars",
        STARS,
        t("Hạng sao", "Stars"),
        t("Từ 1 đến 5, ví dụ 4", "From 1 to 5, e.g. 4"),
    ),
    req(
        "decision",
        Kind::Text,
        t("Số quyết định", "Decision number"),
        t(
            "Số quyết định, ví dụ 1234/QĐ-UBND",
            "The number of the decision, e.g. 1234/QĐ-UBND",
        ),
    ),
    req(
        "issued",
        Kind::Date,
        t("Ngày cấp", "Date issued"),
        t(
            "Ngày ký quyết định, ví dụ 20/05/2024",
            "The date of the decision, e.g. 2024-05-20",
        ),
    ),
    f(
        "issuer",
        Kind::Text,
        t("Cơ quan cấp", "Issued by"),
        t("Ví dụ: UBND tỉnh Tuyên Quang", "e.g. UBND tỉnh Tuyên Quang"),
    ),
    f(
        "score",
        Kind::Integer { min: 0, max: 100 },
        t("Điểm đánh giá", "Score"),
        t(
            "Điểm đánh giá OCOP, từ 0 đến 100, ví dụ 78",
            "The OCOP evaluation score, 0 to 100, e.g. 78",
        ),
    ),
    f(
        "valid_until",
        Kind::Date,
        t("Có hiệu lực đến", "Valid until"),
        t(
            "Để trống: tự tính 36 tháng kể từ ngày cấp",
            "Empty: 36 months from the date issued",
        ),
    ),
    f(
        "revoked",
        Kind::Date,
        t("Ngày thu hồi", "Date revoked"),
        t(
            "Chỉ điền khi giấy chứng nhận bị thu hồi",
            "Only when the certificate was revoked",
        ),
    ),
    f(
        "document",
        Kind::Document,
        t("Văn bản quyết định", "Decision document"),
        t(
            "Tệp PDF trong thư mục sản phẩm (tối đa 10 MB) hoặc địa chỉ bắt đầu bằng https://",
            "A PDF in the product's folder (at most 10 MB), or an address starting with https://",
        ),
    ),
];

const SPECS: &[Field] = &[
    f(
        "packaging",
        Kind::Text,
        t("Quy cách đóng gói", "Packaging"),
        t("Ví dụ: Hũ thủy tinh", "e.g. Hũ thủy tinh (glass jar)"),
    ),
    f(
        "net_content",
        Kind::Text,
        t("Khối lượng, thể tích tịnh", "Net content"),
        t("Ví dụ: 500 ml", "e.g. 500 ml"),
    ),
    f(
        "shelf_life",
        Kind::Text,
        t("Hạn sử dụng", "Shelf life"),
        t(
            "Ví dụ: 24 tháng kể từ ngày sản xuất",
            "e.g. 24 tháng kể từ ngày sản xuất (24 months from production)",
        ),
    ),
    f(
        "ingredients",
        Kind::LongText,
        t("Thành phần", "Ingredients"),
        t(
            "Ví dụ: Mật ong hoa bạc hà 100%",
            "e.g. Mật ong hoa bạc hà 100% (100% mint-flower honey)",
        ),
    ),
    f(
        "storage",
        Kind::Text,
        t("Bảo quản", "Storage"),
        t(
            "Ví dụ: Nơi khô ráo, thoáng mát, tránh ánh nắng",
            "e.g. Nơi khô ráo, thoáng mát (a cool, dry place)",
        ),
    ),
    f(
        "certifications",
        Kind::Words,
        t("Chứng nhận khác", "Other certifications"),
        t(
            "Ví dụ: VietGAP, HACCP, ISO 22000",
            "e.g. VietGAP, HACCP, ISO 22000",
        ),
    ),
    f(
        "barcode",
        Kind::Text,
        t("Mã vạch", "Barcode"),
        t(
            "Mã GTIN 8, 12, 13 hoặc 14 chữ số in dưới mã vạch (số kiểm tra được đối chiếu), ví dụ 8936045000014",
            "The GTIN of 8, 12, 13 or 14 digits under the barcode (its check digit is verified), e.g. 8936045000014",
        ),
    ),
    f(
        "capacity",
        Kind::Text,
        t("Năng lực sản xuất", "Production capacity"),
        t("Ví dụ: 20 tấn/năm", "e.g. 20 tấn/năm (20 tonnes a year)"),
    ),
    f(
        "min_order",
        Kind::Text,
        t("Đơn hàng tối thiểu", "Minimum order"),
        t("Ví dụ: 50 hộp", "e.g. 50 hộp (50 boxes)"),
    ),
];

const SHOP: &[Field] = &[
    req(
        "name",
        Kind::Text,
        t("Tên gian hàng", "Shop name"),
        t("Ví dụ: Gian hàng trên Shopee", "e.g. Gian hàng trên Shopee"),
    ),
    req(
        "url",
        Kind::Url,
        t("Địa chỉ gian hàng", "Shop address"),
        t(
            "Địa chỉ đầy đủ, bắt đầu bằng https://",
            "The whole address, starting with https://",
        ),
    ),
];

const PRODUCER: &[Field] = &[
    req(
        "name",
        Kind::Text,
        t("Tên chủ thể", "Producer name"),
        t("Ví dụ: HTX Mật ong Mèo Vạc", "e.g. HTX Mật ong Mèo Vạc"),
    ),
    f(
        "name_en",
        Kind::Text,
        t("Tên chủ thể (tiếng Anh)", "Producer name (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Mèo Vạc Honey Cooperative",
            "Shown on English pages, e.g. Mèo Vạc Honey Cooperative",
        ),
    ),
    req(
        "kind",
        Kind::Choice(Choices::ProducerKind),
        t("Loại hình", "Kind"),
        t(
            "Doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ kinh doanh",
            "Enterprise, cooperative, cooperative group or household",
        ),
    ),
    PROVINCE,
    COMMUNE,
    f(
        "address",
        Kind::Text,
        t("Địa chỉ", "Address"),
        t(
            "Ví dụ: Thôn Pả Vi, xã Mèo Vạc",
            "e.g. Thôn Pả Vi, xã Mèo Vạc",
        ),
    ),
    f(
        "representative",
        Kind::Text,
        t("Người đại diện", "Representative"),
        t(
            "Họ và tên, ví dụ Nguyễn Văn An",
            "Full name, e.g. Nguyễn Văn An",
        ),
    ),
    PHONE,
    f(
        "email",
        Kind::Text,
        t("Thư điện tử", "E-mail"),
        t("Ví dụ: htxmatong@gmail.com", "e.g. htxmatong@gmail.com"),
    ),
    WEBSITE,
    f(
        "zalo",
        Kind::Text,
        t("Zalo", "Zalo"),
        t(
            "Số điện thoại hoặc đường dẫn Zalo, ví dụ 0912 345 678",
            "Zalo phone number or link, e.g. 0912 345 678",
        ),
    ),
    f(
        "facebook",
        Kind::Url,
        t("Facebook", "Facebook"),
        t(
            "Địa chỉ trang Facebook, ví dụ https://facebook.com/htxmatongmeovac",
            "The Facebook page's address, e.g. https://facebook.com/htxmatongmeovac",
        ),
    ),
    f(
        "tax_code",
        Kind::Text,
        t("Mã số thuế", "Tax code"),
        t("Ví dụ: 5100123456", "e.g. 5100123456"),
    ),
    f(
        "founded",
        // `resolve` refuses a year after the current one.
        Kind::Integer {
            min: 1900,
            max: 2100,
        },
        t("Năm thành lập", "Year founded"),
        t(
            "Ví dụ: 2015; kế hoạch năm đếm chủ thể mới theo năm này",
            "e.g. 2015; the yearly plans count new producers by it",
        ),
    ),
    f(
        "members",
        // `resolve` refuses a negative number and keeps at most u32::MAX.
        Kind::Integer {
            min: 0,
            max: u32::MAX as i64,
        },
        t("Số thành viên", "Members"),
        t("Ví dụ: 25", "e.g. 25"),
    ),
    LAT,
    LON,
    PHOTOS,
    COVER,
    ILLUSTRATIVE,
    f(
        "certifications",
        Kind::Words,
        t("Chứng nhận", "Certifications"),
        t(
            "Ví dụ: VietGAP, HACCP, ISO 22000",
            "e.g. VietGAP, HACCP, ISO 22000",
        ),
    ),
    DRAFT,
];

const SALES_POINT: &[Field] = &[
    req(
        "name",
        Kind::Text,
        t("Tên điểm bán", "Sales point name"),
        t(
            "Ví dụ: Điểm bán sản phẩm OCOP Hàm Yên",
            "e.g. Điểm bán sản phẩm OCOP Hàm Yên",
        ),
    ),
    f(
        "name_en",
        Kind::Text,
        t("Tên điểm bán (tiếng Anh)", "Sales point name (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Hàm Yên OCOP shop",
            "Shown on English pages, e.g. Hàm Yên OCOP shop",
        ),
    ),
    req(
        "kind",
        Kind::Choice(Choices::SalesPointKind),
        t("Loại điểm bán", "Kind"),
        t(
            "Điểm bán, trung tâm giới thiệu sản phẩm OCOP, siêu thị hoặc cửa hàng",
            "Sales point, OCOP introduction centre, supermarket or shop",
        ),
    ),
    PROVINCE,
    COMMUNE,
    req(
        "address",
        Kind::Text,
        t("Địa chỉ", "Address"),
        t("Ví dụ: Số 1 đường Tân Trào", "e.g. Số 1 đường Tân Trào"),
    ),
    PHONE,
    f(
        "hours",
        Kind::Text,
        t("Giờ mở cửa", "Opening hours"),
        t(
            "Ví dụ: 7:30–17:00, thứ Hai đến thứ Bảy",
            "e.g. 7:30–17:00, thứ Hai đến thứ Bảy",
        ),
    ),
    f(
        "hours_en",
        Kind::Text,
        t("Giờ mở cửa (tiếng Anh)", "Opening hours (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ 7:30–17:00, Monday to Saturday",
            "Shown on English pages, e.g. 7:30–17:00, Monday to Saturday",
        ),
    ),
    LAT,
    LON,
    f(
        "opened",
        Kind::Date,
        t("Ngày khai trương", "Date opened"),
        t(
            "Ví dụ: 15/03/2024; kế hoạch năm đếm điểm bán mới theo ngày này",
            "e.g. 2024-03-15; the yearly plans count new sales points by it",
        ),
    ),
    f(
        "products",
        Kind::Refs(Section::Products),
        t("Sản phẩm bán tại đây", "Products sold here"),
        t(
            "Gộp với mục “Bán tại” của các sản phẩm",
            "Merged with the products' “Sold at”",
        ),
    ),
    PHOTOS,
    COVER,
    ILLUSTRATIVE,
    DRAFT,
];

const FAIR: &[Field] = &[
    req(
        "name",
        Kind::Text,
        t("Tên hội chợ", "Fair name"),
        t(
            "Ví dụ: Hội chợ OCOP Tuyên Quang 2027",
            "e.g. Hội chợ OCOP Tuyên Quang 2027",
        ),
    ),
    f(
        "name_en",
        Kind::Text,
        t("Tên hội chợ (tiếng Anh)", "Fair name (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Tuyên Quang OCOP Fair 2027",
            "Shown on English pages, e.g. Tuyên Quang OCOP Fair 2027",
        ),
    ),
    req(
        "starts",
        Kind::Date,
        t("Ngày bắt đầu", "Starts"),
        t("Ví dụ: 10/01/2027", "e.g. 2027-01-10"),
    ),
    req(
        "ends",
        Kind::Date,
        t("Ngày kết thúc", "Ends"),
        t("Ví dụ: 14/01/2027", "e.g. 2027-01-14"),
    ),
    req(
        "venue",
        Kind::Text,
        t("Địa điểm", "Venue"),
        t(
            "Ví dụ: Quảng trường Nguyễn Tất Thành",
            "e.g. Quảng trường Nguyễn Tất Thành",
        ),
    ),
    f(
        "venue_en",
        Kind::Text,
        t("Địa điểm (tiếng Anh)", "Venue (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Nguyễn Tất Thành Square",
            "Shown on English pages, e.g. Nguyễn Tất Thành Square",
        ),
    ),
    f(
        "address",
        Kind::Text,
        t("Địa chỉ", "Address"),
        t(
            "Địa chỉ của địa điểm, ví dụ Đường 17/8, phường Minh Xuân",
            "The venue's street address, e.g. Đường 17/8, phường Minh Xuân",
        ),
    ),
    LAT,
    LON,
    PROVINCE,
    f(
        "organizer",
        Kind::Text,
        t("Đơn vị tổ chức", "Organizer"),
        t(
            "Ví dụ: Sở Công Thương tỉnh Tuyên Quang",
            "e.g. Sở Công Thương tỉnh Tuyên Quang",
        ),
    ),
    WEBSITE,
    f(
        "producers",
        Kind::Refs(Section::Producers),
        t("Chủ thể tham gia", "Producers taking part"),
        t("Các chủ thể có gian hàng", "The producers with a stand"),
    ),
    f(
        "products",
        Kind::Refs(Section::Products),
        t("Sản phẩm trưng bày", "Products shown"),
        t(
            "Các sản phẩm bày bán tại hội chợ",
            "The products on show at the fair",
        ),
    ),
    PHOTOS,
    COVER,
    ILLUSTRATIVE,
    DRAFT,
];

const STORY: &[Field] = &[
    req(
        "title",
        Kind::Text,
        t("Tiêu đề", "Title"),
        t(
            "Ví dụ: Mùa mật ong bạc hà trên cao nguyên đá",
            "e.g. Mùa mật ong bạc hà trên cao nguyên đá",
        ),
    ),
    f(
        "title_en",
        Kind::Text,
        t("Tiêu đề (tiếng Anh)", "Title (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Mint honey season on the stone plateau",
            "Shown on English pages, e.g. Mint honey season on the stone plateau",
        ),
    ),
    req(
        "date",
        Kind::Date,
        t("Ngày đăng", "Date"),
        t("Ví dụ: 01/05/2026", "e.g. 2026-05-01"),
    ),
    f(
        "author",
        Kind::Text,
        t("Tác giả", "Author"),
        t("Ví dụ: Nguyễn Thị Bình", "e.g. Nguyễn Thị Bình"),
    ),
    SUMMARY,
    SUMMARY_EN,
    COVER,
    ILLUSTRATIVE,
    PHOTOS,
    f(
        "producers",
        Kind::Refs(Section::Producers),
        t("Chủ thể liên quan", "Producers it is about"),
        t(
            "Trang của các chủ thể này sẽ dẫn tới câu chuyện",
            "Their pages will link to the story",
        ),
    ),
    f(
        "products",
        Kind::Refs(Section::Products),
        t("Sản phẩm liên quan", "Products it is about"),
        t(
            "Trang của các sản phẩm này sẽ dẫn tới câu chuyện",
            "Their pages will link to the story",
        ),
    ),
    DRAFT,
];

const PAGE: &[Field] = &[
    req(
        "title",
        Kind::Text,
        t("Tiêu đề", "Title"),
        t("Ví dụ: Giới thiệu", "e.g. Giới thiệu"),
    ),
    f(
        "title_en",
        Kind::Text,
        t("Tiêu đề (tiếng Anh)", "Title (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ About",
            "Shown on English pages, e.g. About",
        ),
    ),
    SUMMARY,
    SUMMARY_EN,
    DRAFT,
];

const PLAN: &[Field] = &[
    req(
        "title",
        Kind::Text,
        t("Tên kế hoạch", "Title"),
        t(
            "Ví dụ: Kế hoạch thực hiện Chương trình OCOP năm 2026",
            "e.g. Kế hoạch thực hiện Chương trình OCOP năm 2026",
        ),
    ),
    f(
        "title_en",
        Kind::Text,
        t("Tên kế hoạch (tiếng Anh)", "Title (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Tuyên Quang OCOP plan for 2026",
            "Shown on English pages, e.g. Tuyên Quang OCOP plan for 2026",
        ),
    ),
    req(
        "year",
        Kind::Integer {
            min: 2018,
            max: 2100,
        },
        t("Năm kế hoạch", "Year"),
        t(
            "Năm thực hiện, từ 2018 (năm bắt đầu OCOP), ví dụ 2026",
            "The year it is for, from 2018 (when OCOP began), e.g. 2026",
        ),
    ),
    f(
        "decision",
        Kind::Text,
        t("Số văn bản", "Document number"),
        t(
            "Số kế hoạch hoặc quyết định ban hành, ví dụ 38/KH-UBND",
            "The number of the plan or of the decision that issued it, e.g. 38/KH-UBND",
        ),
    ),
    f(
        "issued",
        Kind::Date,
        t("Ngày ban hành", "Date issued"),
        t("Ví dụ: 10/02/2026", "e.g. 2026-02-10"),
    ),
    f(
        "issuer",
        Kind::Text,
        t("Cơ quan ban hành", "Issued by"),
        t("Ví dụ: UBND tỉnh Tuyên Quang", "e.g. UBND tỉnh Tuyên Quang"),
    ),
    SUMMARY,
    SUMMARY_EN,
    DRAFT,
    f(
        "targets",
        Kind::Tables(TARGET),
        t("Chỉ tiêu", "Targets"),
        t(
            "Mỗi chỉ tiêu là một con số, được đếm từ danh mục (xem docs/plans.md)",
            "Each target is a number, counted from the catalogue (see docs/plans.md)",
        ),
    ),
];

const TARGET: &[Field] = &[
    req(
        "kind",
        Kind::Choice(Choices::TargetKind),
        t("Loại chỉ tiêu", "Kind of target"),
        t(
            "Ví dụ: nâng hạng sao, sản phẩm mới, chủ thể mới, điểm bán mới, hội chợ",
            "e.g. star upgrades, new products, new producers, new sales points, fairs",
        ),
    ),
    f(
        "count",
        // Required unless key products are named (`load` reports it): the editor cannot say so.
        Kind::Integer {
            min: 1,
            max: 100_000,
        },
        t("Số lượng", "Count"),
        t(
            "Ít nhất bao nhiêu, ví dụ 16; chỉ tiêu sản phẩm chủ lực: để trống là số sản phẩm đã chọn",
            "At least how many, e.g. 16; for key products, empty means the number named",
        ),
    ),
    f(
        "label",
        Kind::Text,
        t("Tên chỉ tiêu", "Label"),
        t(
            "Lời của kế hoạch, ví dụ Nâng hạng 16 sản phẩm từ 3 sao lên 4 sao",
            "The plan's own words, e.g. Nâng hạng 16 sản phẩm từ 3 sao lên 4 sao",
        ),
    ),
    f(
        "label_en",
        Kind::Text,
        t("Tên chỉ tiêu (tiếng Anh)", "Label (English)"),
        t(
            "Hiện trên trang tiếng Anh, ví dụ Raise 16 products from 3 to 4 stars",
            "Shown on English pages, e.g. Raise 16 products from 3 to 4 stars",
        ),
    ),
    f(
        "from",
        STARS,
        t("Từ hạng sao", "From stars"),
        t(
            "Chỉ tiêu nâng hạng: hạng sao trước, từ 1 đến 5, ví dụ 3",
            "Upgrade targets: the rating before, 1 to 5, e.g. 3",
        ),
    ),
    f(
        "to",
        STARS,
        t("Lên hạng sao", "To stars"),
        t(
            "Chỉ tiêu nâng hạng: hạng sao sau, cao hơn hạng trước, ví dụ 4",
            "Upgrade targets: the rating after, above the one before, e.g. 4",
        ),
    ),
    f(
        "min_stars",
        STARS,
        t("Số sao tối thiểu", "Minimum stars"),
        t(
            "Sản phẩm mới, sản phẩm chủ lực: đếm từ số sao này, từ 1 đến 5 (mặc định 3)",
            "New and key products: counted from this rating, 1 to 5 (default 3)",
        ),
    ),
    f(
        "group",
        Kind::Choice(Choices::Group),
        t("Nhóm sản phẩm", "Product group"),
        t(
            "Sản phẩm mới: chỉ đếm sản phẩm của nhóm này",
            "New products: count only the products of this group",
        ),
    ),
    f(
        "commune",
        Kind::Choice(Choices::Commune),
        t("Xã, phường", "Commune or ward"),
        t(
            "Sản phẩm mới: chỉ đếm sản phẩm của xã này, ví dụ Xã Nà Hang",
            "New products: count only the products of this commune, e.g. Xã Nà Hang",
        ),
    ),
    f(
        "kinds",
        Kind::Words,
        t("Loại chủ thể, điểm bán", "Kinds"),
        t(
            "Chủ thể mới: ví dụ cooperative, household; điểm bán mới: ví dụ sales-point, shop",
            "New producers: e.g. cooperative, household; new sales points: e.g. sales-point, shop",
        ),
    ),
    f(
        "products",
        Kind::Refs(Section::Products),
        t("Sản phẩm chủ lực", "Key products"),
        t(
            "Chỉ tiêu sản phẩm chủ lực: các sản phẩm được chọn",
            "Key product targets: the products named",
        ),
    ),
];

// ---------------------------------------------------------------------------------------
// site.toml: not a record, but read by the same `Fields`, so its keys are listed here too,
// in the order the loader reads them (that of its "known fields" hints).

/// The keys of `site.toml`.
pub const SITE: &[Field] = &[
    req(
        "title",
        Kind::Text,
        t("Tên trang", "Site title"),
        t(
            "Ví dụ: Sản phẩm OCOP Tuyên Quang",
            "e.g. Sản phẩm OCOP Tuyên Quang",
        ),
    ),
    f(
        "description",
        Kind::LongText,
        t("Mô tả", "Description"),
        t(
            "Một câu cho máy tìm kiếm và khi chia sẻ liên kết",
            "One sentence for search engines and link previews",
        ),
    ),
    f(
        "base_url",
        Kind::Url,
        t("Địa chỉ trang", "Site address"),
        t(
            "Nơi đăng trang, ví dụ https://ocop.tuyenquang.gov.vn/ (cần để dựng trang)",
            "Where the site is published, e.g. https://ocop.tuyenquang.gov.vn/ (needed to build)",
        ),
    ),
    f(
        "language",
        Kind::Text,
        t("Ngôn ngữ chính", "Main language"),
        t("Luôn là vi (tiếng Việt)", "Always vi (Vietnamese)"),
    ),
    f(
        "province",
        Kind::Choice(Choices::Province),
        t("Tỉnh, thành phố", "Province"),
        t(
            "Tỉnh, thành phố quản lý trang, ví dụ Tuyên Quang",
            "The province running the site, e.g. Tuyên Quang",
        ),
    ),
    f(
        "theme",
        Kind::Text,
        t("Giao diện", "Theme"),
        t(
            "Tên một thư mục trong themes/; để trống: giao diện mặc định",
            "The name of a folder in themes/; empty: the default theme",
        ),
    ),
    f(
        "logo",
        Kind::Text,
        t("Biểu trưng", "Logo"),
        t(
            "Đường dẫn tệp trong static/, ví dụ logo.svg",
            "The path of a file in static/, e.g. logo.svg",
        ),
    ),
    f(
        "expired_products",
        Kind::Text,
        t("Sản phẩm hết hạn", "Expired products"),
        t(
            "list: vẫn hiện, có nhãn hết hạn (mặc định); hide: ẩn đi",
            "list: shown with an “expired” badge (default); hide: not shown",
        ),
    ),
    f(
        "trust_html",
        Kind::Bool,
        t("Giữ HTML trong bài", "Keep HTML in texts"),
        t(
            "Chỉ đánh dấu khi mọi người viết bài đều tin cậy; mặc định HTML được lọc",
            "Tick only when every writer is trusted; by default HTML is cleaned",
        ),
    ),
    f(
        "per_page",
        Kind::Integer { min: 1, max: 500 },
        t("Số mục mỗi trang", "Items per page"),
        t(
            "Số sản phẩm, chủ thể mỗi trang danh sách, từ 1 đến 500 (mặc định 48)",
            "Products or producers per listing page, 1 to 500 (default 48)",
        ),
    ),
    f(
        "footer",
        Kind::Text,
        t("Chân trang", "Footer"),
        t(
            "Một dòng chữ cuối mỗi trang",
            "A line of text at the foot of every page",
        ),
    ),
    f(
        "languages",
        Kind::Words,
        t("Các ngôn ngữ", "Languages"),
        t(
            "vi, en để thêm trang tiếng Anh; mặc định chỉ vi",
            "vi, en to add English pages; default vi only",
        ),
    ),
    f(
        "title_en",
        Kind::Text,
        t("Tên trang (tiếng Anh)", "Site title (English)"),
        t(
            "Ví dụ: Tuyên Quang OCOP products",
            "e.g. Tuyên Quang OCOP products",
        ),
    ),
    f(
        "description_en",
        Kind::LongText,
        t("Mô tả (tiếng Anh)", "Description (English)"),
        t("Hiện trên trang tiếng Anh", "Shown on English pages"),
    ),
    f(
        "footer_en",
        Kind::Text,
        t("Chân trang (tiếng Anh)", "Footer (English)"),
        t("Hiện trên trang tiếng Anh", "Shown on English pages"),
    ),
    f(
        "colors",
        Kind::Table(COLORS),
        t("Màu sắc", "Colours"),
        t(
            "Màu chính và màu nhấn của giao diện",
            "The theme's primary and accent colours",
        ),
    ),
    f(
        "contact",
        Kind::Table(CONTACT),
        t("Liên hệ", "Contact"),
        t("Cơ quan quản lý trang", "The office running the site"),
    ),
    f(
        "images",
        Kind::Table(IMAGES),
        t("Ảnh", "Images"),
        t(
            "Kích thước và chất lượng ảnh",
            "Sizes and quality of the photos",
        ),
    ),
    f(
        "sources",
        Kind::Tables(SOURCE),
        t("Nguồn dữ liệu khác", "Other sources"),
        t(
            "Trang OCOP khác có dữ liệu được gộp vào trang này (xem docs/national.md)",
            "Other OCOP sites whose records are merged into this one (see docs/national.md)",
        ),
    ),
];

const COLOR_HINT: Text = t(
    "Ví dụ: #1b5e20, #fff hoặc rgb(27, 94, 32)",
    "e.g. #1b5e20, #fff or rgb(27, 94, 32)",
);

const COLORS: &[Field] = &[
    f(
        "primary",
        Kind::Text,
        t("Màu chính", "Primary colour"),
        COLOR_HINT,
    ),
    f(
        "accent",
        Kind::Text,
        t("Màu nhấn", "Accent colour"),
        COLOR_HINT,
    ),
];

const CONTACT: &[Field] = &[
    f(
        "office",
        Kind::Text,
        t("Cơ quan", "Office"),
        t(
            "Ví dụ: Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang",
            "e.g. Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang",
        ),
    ),
    f(
        "address",
        Kind::Text,
        t("Địa chỉ", "Address"),
        t("Ví dụ: Số 1 đường Tân Trào", "e.g. Số 1 đường Tân Trào"),
    ),
    PHONE,
    f(
        "email",
        Kind::Text,
        t("Thư điện tử", "E-mail"),
        t(
            "Ví dụ: ocop@tuyenquang.gov.vn",
            "e.g. ocop@tuyenquang.gov.vn",
        ),
    ),
    WEBSITE,
];

const QUALITY_HINT: Text = t(
    "Từ 1 đến 100; 75 đến 85 là vừa",
    "1 to 100; 75 to 85 is a good balance",
);

const IMAGES: &[Field] = &[
    f(
        "widths",
        Kind::Integers { min: 16, max: 4096 },
        t("Chiều rộng ảnh", "Photo widths"),
        t(
            "Các chiều rộng được tạo, tính bằng điểm ảnh, từ 16 đến 4096, ví dụ 360, 720, 1200, 1800",
            "The widths made, in pixels, 16 to 4096, e.g. 360, 720, 1200, 1800",
        ),
    ),
    f(
        "webp_quality",
        Kind::Integer { min: 1, max: 100 },
        t("Chất lượng WebP", "WebP quality"),
        QUALITY_HINT,
    ),
    f(
        "jpeg_quality",
        Kind::Integer { min: 1, max: 100 },
        t("Chất lượng JPEG", "JPEG quality"),
        QUALITY_HINT,
    ),
];

const SOURCE: &[Field] = &[
    req(
        "label",
        Kind::Text,
        t("Tên nguồn", "Label"),
        t(
            "Tên hiện trên trang, ví dụ Tuyên Quang",
            "How pages name it, e.g. Tuyên Quang",
        ),
    ),
    f(
        "key",
        Kind::Text,
        t("Mã nguồn", "Key"),
        t(
            "Chữ thường, số và dấu gạch ngang, ví dụ tuyen-quang; để trống: tạo từ tên",
            "Lower-case letters, digits and dashes, e.g. tuyen-quang; empty: made from the label",
        ),
    ),
    f(
        "url",
        Kind::Url,
        t("Địa chỉ trang nguồn", "Source address"),
        t(
            "Ví dụ: https://ocop.tuyenquang.gov.vn/; hoặc điền thư mục nguồn",
            "e.g. https://ocop.tuyenquang.gov.vn/; or give a source folder instead",
        ),
    ),
    f(
        "path",
        Kind::Text,
        t("Thư mục nguồn", "Source folder"),
        t(
            "Thư mục dữ liệu xuất, tính từ thư mục trang, ví dụ ../tuyen-quang/public/du-lieu",
            "A folder of exports, relative to the site folder, e.g. ../tuyen-quang/public/du-lieu",
        ),
    ),
    f(
        "timeout",
        Kind::Integer { min: 1, max: 600 },
        t("Thời gian chờ (giây)", "Timeout (seconds)"),
        t(
            "Từ 1 đến 600 giây (mặc định 30)",
            "1 to 600 seconds (default 30)",
        ),
    ),
    f(
        "max_mb",
        Kind::Integer { min: 1, max: 4096 },
        t("Tệp lớn nhất (MB)", "Largest file (MB)"),
        t(
            "Từ 1 đến 4096 MB (mặc định 200)",
            "1 to 4096 MB (default 200)",
        ),
    ),
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fmt::Write;
    use std::path::Path;

    use super::*;
    use crate::base::diag::{Pos, Problems};

    /// Every list of fields: the sections', site.toml's, and the tables within them.
    fn every_list() -> Vec<(String, &'static [Field])> {
        fn walk(
            name: String,
            fields: &'static [Field],
            into: &mut Vec<(String, &'static [Field])>,
        ) {
            for f in fields {
                if let Kind::Table(sub) | Kind::Tables(sub) = f.kind {
                    walk(format!("{name}.{}", f.key), sub, into);
                }
            }
            into.push((name, fields));
        }
        let mut lists = Vec::new();
        for section in Section::ALL {
            walk(section.dir().to_string(), fields(section), &mut lists);
        }
        walk("site.toml".into(), SITE, &mut lists);
        lists
    }

    /// A value of the right type for a field of `kind`.
    fn sample(kind: &Kind) -> String {
        match kind {
            Kind::Text | Kind::LongText | Kind::Choice(_) | Kind::Ref(_) | Kind::Photo => {
                "\"x\"".into()
            }
            Kind::Url => "\"https://example.vn/\"".into(),
            Kind::Document => "\"https://example.vn/qd.pdf\"".into(),
            Kind::Integer { min, .. } => min.to_string(),
            Kind::Integers { min, .. } => format!("[{min}]"),
            Kind::Decimal { min, max } => format!("{:?}", (min + max) / 2.0),
            Kind::Date => "2024-05-20".into(),
            Kind::Bool => "false".into(),
            Kind::ChoiceList(_) | Kind::Refs(_) | Kind::Photos | Kind::Words => "[\"x\"]".into(),
            Kind::Table(_) | Kind::Tables(_) => unreachable!("tables are written as sections"),
        }
    }

    /// TOML with every key of `fields`, and of their tables, set.
    fn every_key(fields: &[Field]) -> String {
        let mut text = String::new();
        let values = |fields: &[Field], text: &mut String| {
            for f in fields {
                if !matches!(f.kind, Kind::Table(_) | Kind::Tables(_)) {
                    writeln!(text, "{} = {}", f.key, sample(&f.kind)).unwrap();
                }
            }
        };
        values(fields, &mut text);
        for f in fields {
            let sub = match f.kind {
                Kind::Table(sub) => {
                    writeln!(text, "[{}]", f.key).unwrap();
                    sub
                }
                Kind::Tables(sub) => {
                    writeln!(text, "[[{}]]", f.key).unwrap();
                    sub
                }
                _ => continue,
            };
            assert!(
                sub.iter()
                    .all(|f| !matches!(f.kind, Kind::Table(_) | Kind::Tables(_))),
                "tables within tables are not written here"
            );
            values(sub, &mut text);
        }
        text
    }

    fn parse(section: Section, front_matter: &str) -> Problems {
        let mut out = Problems::new();
        let text = format!("+++\n{front_matter}+++\nBody.\n");
        crate::load::parse_record(Path::new("x.md"), section, "x", text.into_bytes(), &mut out);
        out
    }

    fn shown(out: &Problems) -> Vec<String> {
        out.iter()
            .map(|p| format!("{:?}: {}", p.field, p.message))
            .collect()
    }

    /// A site folder with `site.toml`, read by the loader.
    fn load_site_toml(text: &str) -> Problems {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), text).unwrap();
        let mut out = Problems::new();
        crate::load::load_config(dir.path(), &mut out);
        out
    }

    #[test]
    fn every_field_of_the_schema_is_read_by_the_loader() {
        for section in Section::ALL {
            let out = parse(section, &every_key(fields(section)));
            // Not only no unknown field: no wrong type either (a kind the loader reads as
            // another type would be refused), and no required field missing.
            assert!(
                out.iter().next().is_none(),
                "{section:?}: {:#?}",
                shown(&out)
            );
        }
        let out = load_site_toml(&every_key(SITE));
        assert!(out.iter().next().is_none(), "site.toml: {:#?}", shown(&out));
    }

    #[test]
    fn a_field_the_loader_reads_must_be_in_the_schema() {
        if !cfg!(debug_assertions) {
            return; // the check is a debug assertion
        }
        use crate::load::fields::{Fields, Source, line_starts, parse_toml};
        const SPECS_WITHOUT_X: &[Field] = &[f("barcode", Kind::Text, Text::NONE, Text::NONE)];
        const ONLY_NAME: &[Field] = &[
            f("name", Kind::Text, Text::NONE, Text::NONE),
            f(
                "specs",
                Kind::Table(SPECS_WITHOUT_X),
                Text::NONE,
                Text::NONE,
            ),
        ];
        /// The message of the panic of reading `text` with `read`.
        fn panic_of(read: fn(&mut Fields, &mut Problems)) -> String {
            let text = "name = \"a\"\nx = \"b\"\n[specs]\nx = \"c\"\n";
            let result = std::panic::catch_unwind(|| {
                let starts = line_starts(text);
                let src = Source {
                    file: Path::new("x.md"),
                    text,
                    first_line: 2,
                    line_starts: &starts,
                };
                let mut out = Problems::new();
                let table = parse_toml(src, text, "", &mut out).unwrap();
                let pos = Pos { line: 1, column: 1 };
                let mut fields = Fields::new(src, table, "", pos, ONLY_NAME);
                read(&mut fields, &mut out);
            });
            let e = result.expect_err("reading a key the schema lacks must panic");
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap()
        }
        let m = panic_of(|f, out| {
            f.string(out, "name");
            f.string(out, "x");
        });
        assert_eq!(
            m,
            "`x` is read by the loader but is not in src/load/schema.rs: add it there so the editor shows it"
        );
        let m = panic_of(|f, _| {
            f.has("x");
        });
        assert!(m.starts_with("`x` is read by the loader"), "{m}");
        let m = panic_of(|f, out| {
            let mut specs = f.table(out, "specs").unwrap();
            specs.string(out, "x");
        });
        assert!(m.starts_with("`specs.x` is read by the loader"), "{m}");
        let m = panic_of(|f, out| {
            f.integer(out, "name");
        });
        assert!(
            m.starts_with("`name` is read by the loader as Integer but src/load/schema.rs gives it another kind"),
            "{m}"
        );
    }

    /// The fields of `out` that are "required field is missing", below `prefix`.
    fn missing(out: &Problems, prefix: &str) -> BTreeSet<String> {
        out.iter()
            .filter(|p| p.message == "required field is missing")
            .filter_map(|p| p.field.as_deref()?.strip_prefix(prefix))
            .filter(|k| !k.contains(['.', '[']))
            .map(str::to_string)
            .collect()
    }

    fn required(fields: &[Field]) -> BTreeSet<String> {
        fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.key.to_string())
            .collect()
    }

    #[test]
    fn required_fields_match_the_loader() {
        for section in Section::ALL {
            let mut want = required(fields(section));
            if section == Section::Products {
                // A product without certificates is reported by `resolve` (it names no
                // field that `load` reads as missing), but the editor must ask for one.
                assert!(want.remove("certificates"));
            }
            let out = parse(section, "");
            assert_eq!(missing(&out, ""), want, "{section:?}");
            for f in fields(section) {
                let (Kind::Table(sub) | Kind::Tables(sub)) = f.kind else {
                    continue;
                };
                let (header, prefix) = match f.kind {
                    Kind::Table(_) => (format!("[{}]", f.key), format!("{}.", f.key)),
                    _ => (format!("[[{}]]", f.key), format!("{}[0].", f.key)),
                };
                let mut want = required(sub);
                if f.key == "targets" {
                    // Required unless the target names key products (below).
                    want.insert("count".into());
                }
                let out = parse(section, &format!("{header}\n"));
                assert_eq!(missing(&out, &prefix), want, "{section:?} {header}");
            }
        }
        let out = parse(Section::Plans, "[[targets]]\nproducts = [\"x\"]\n");
        assert_eq!(missing(&out, "targets[0]."), required(TARGET));

        let out = load_site_toml("[[sources]]\n");
        assert_eq!(missing(&out, ""), required(SITE));
        assert_eq!(missing(&out, "sources[0]."), required(SOURCE));
    }

    #[test]
    fn every_field_has_a_label_and_a_short_hint_in_both_languages() {
        for (list, fields) in every_list() {
            for f in fields {
                let at = format!("{list}.{}", f.key);
                assert!(!f.label.vi.trim().is_empty(), "{at}: no Vietnamese label");
                assert!(!f.label.en.trim().is_empty(), "{at}: no English label");
                assert_eq!(
                    f.hint.vi.is_empty(),
                    f.hint.en.is_empty(),
                    "{at}: a hint in one language only"
                );
                for hint in [f.hint.vi, f.hint.en] {
                    assert!(
                        hint.chars().count() <= 140,
                        "{at}: the hint is longer than 140 characters: {hint}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_is_listed_twice() {
        for (list, fields) in every_list() {
            let mut seen = BTreeSet::new();
            for f in fields {
                assert!(seen.insert(f.key), "{list}: `{}` is listed twice", f.key);
            }
        }
    }

    #[test]
    fn each_english_field_follows_its_vietnamese_one() {
        for (list, fields) in every_list() {
            if list.starts_with("site.toml") {
                continue; // kept in the order of its "known fields" hints
            }
            for pair in fields.windows(2) {
                if let Some(base) = pair[1].key.strip_suffix("_en") {
                    assert_eq!(pair[0].key, base, "{list}: `{}` out of place", pair[1].key);
                }
            }
            if let Some(first) = fields.first() {
                assert!(!first.key.ends_with("_en"), "{list}: `{}` first", first.key);
            }
        }
    }

    #[test]
    fn the_english_fields_are_those_docs_list() {
        let english = |s: Section| crate::load::record::english_fields(s).collect::<Vec<_>>();
        assert_eq!(
            english(Section::Products),
            ["name_en", "summary_en", "unit_en"]
        );
        assert_eq!(english(Section::Producers), ["name_en"]);
        assert_eq!(english(Section::SalesPoints), ["name_en", "hours_en"]);
        assert_eq!(english(Section::Fairs), ["name_en", "venue_en"]);
        for s in [Section::Stories, Section::Pages, Section::Plans] {
            assert_eq!(english(s), ["title_en", "summary_en"]);
        }
    }

    #[test]
    fn the_barcode_example_is_a_valid_gtin() {
        let barcode = find(SPECS, "barcode").unwrap();
        for hint in [barcode.hint.vi, barcode.hint.en] {
            let example = hint.rsplit(' ').next().unwrap();
            assert!(crate::model::Gtin::parse(example).is_ok(), "{example}");
        }
    }
}
