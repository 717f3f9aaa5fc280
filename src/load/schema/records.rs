//! The fields of each kind of record (`content/SECTION/`), in the order the loader reads
//! them: products with their certificates, specifications and shops, producers, sales
//! points, fairs, stories, pages, plans with their targets.

use super::{Choices, Field, Kind, f, req, t};
use crate::load::Section;

// ---------------------------------------------------------------------------------------
// The sections. Keys and types follow docs/content-format.md; each list is in the order the
// loader reads its keys (src/load/products.rs...), each English field right after its
// Vietnamese one; ranges are those `resolve` enforces.

/// The largest price, as `resolve` takes it: 2^53 − 1, the largest whole number that JSON
/// and spreadsheet readers of the data exports keep exactly.
pub(super) const MAX_PRICE: i64 = (1 << 53) - 1;

/// A latitude and a longitude, as `resolve` takes them.
pub(super) const LAT: Field = f(
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
pub(super) const LON: Field = f(
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

pub(super) const PROVINCE: Field = req(
    "province",
    Kind::Choice(Choices::Province),
    t("Tỉnh, thành phố", "Province"),
    t(
        "Một trong 34 tỉnh, thành phố từ 01/7/2025, ví dụ Tuyên Quang",
        "One of the 34 provinces since 1 July 2025, e.g. Tuyên Quang",
    ),
);
pub(super) const COMMUNE: Field = f(
    "commune",
    Kind::Choice(Choices::Commune),
    t("Xã, phường", "Commune or ward"),
    t(
        "Theo danh mục xã, phường từ 01/7/2025, ví dụ Xã Hàm Yên",
        "As in the official list since 1 July 2025, e.g. Xã Hàm Yên",
    ),
);
pub(super) const PHONE: Field = f(
    "phone",
    Kind::Text,
    t("Điện thoại", "Phone"),
    t("Ví dụ: 0912 345 678", "e.g. 0912 345 678"),
);
pub(super) const WEBSITE: Field = f(
    "website",
    Kind::Url,
    t("Trang web", "Website"),
    t(
        "Địa chỉ đầy đủ, bắt đầu bằng https://, ví dụ https://ocop.tuyenquang.gov.vn",
        "The whole address, starting with https://, e.g. https://ocop.tuyenquang.gov.vn",
    ),
);
pub(super) const SUMMARY: Field = f(
    "summary",
    Kind::LongText,
    t("Tóm tắt", "Summary"),
    t(
        "Một hai câu giới thiệu, hiện trên thẻ danh sách và khi chia sẻ liên kết",
        "One or two sentences, shown on cards and in link previews",
    ),
);
pub(super) const SUMMARY_EN: Field = f(
    "summary_en",
    Kind::LongText,
    t("Tóm tắt (tiếng Anh)", "Summary (English)"),
    t(
        "Bản tiếng Anh của tóm tắt, hiện trên trang tiếng Anh",
        "The summary in English, shown on English pages",
    ),
);
pub(super) const PHOTOS: Field = f(
    "photos",
    Kind::Photos,
    t("Ảnh", "Photos"),
    t(
        "Ảnh đặt trong cùng thư mục; để trống: dùng mọi ảnh của thư mục, theo thứ tự tên",
        "Photos in the same folder; empty: every image of the folder, by name",
    ),
);
pub(super) const COVER: Field = f(
    "cover",
    Kind::Photo,
    t("Ảnh đại diện", "Cover photo"),
    t(
        "Ảnh chính, hiện trên thẻ danh sách; để trống: ảnh đầu tiên",
        "The main photo, shown on cards; empty: the first photo",
    ),
);
pub(super) const ILLUSTRATIVE: Field = f(
    "illustrative",
    Kind::Photos,
    t("Ảnh minh họa", "Illustrative photos"),
    t(
        "Ảnh không chụp chính nó (ảnh mẫu, hình vẽ): hiện kèm ghi chú “Ảnh minh họa”",
        "Photos that only illustrate (stock pictures, drawings): shown with the note “Illustrative photo”",
    ),
);
pub(super) const DRAFT: Field = f(
    "draft",
    Kind::Bool,
    t("Bản nháp", "Draft"),
    t(
        "Khi đánh dấu, chưa đăng lên trang; bỏ đánh dấu để đăng",
        "While ticked, it is not published; untick it to publish",
    ),
);
pub(super) const STARS: Kind = Kind::Integer { min: 1, max: 5 };

pub(super) const PRODUCT: &[Field] = &[
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

pub(super) const CERTIFICATE: &[Field] = &[
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

pub(super) const SPECS: &[Field] = &[
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

pub(super) const SHOP: &[Field] = &[
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

pub(super) const PRODUCER: &[Field] = &[
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

pub(super) const SALES_POINT: &[Field] = &[
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

pub(super) const FAIR: &[Field] = &[
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

pub(super) const STORY: &[Field] = &[
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

pub(super) const PAGE: &[Field] = &[
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

pub(super) const PLAN: &[Field] = &[
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

pub(super) const TARGET: &[Field] = &[
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
