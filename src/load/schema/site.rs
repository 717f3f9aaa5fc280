//! The keys of `site.toml`: not a record, but read by the same `Fields`.

use super::records::{PHONE, WEBSITE};
use super::{Choices, Field, Kind, Text, f, req, t};

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

pub(super) const COLOR_HINT: Text = t(
    "Ví dụ: #1b5e20, #fff hoặc rgb(27, 94, 32)",
    "e.g. #1b5e20, #fff or rgb(27, 94, 32)",
);

pub(super) const COLORS: &[Field] = &[
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

pub(super) const CONTACT: &[Field] = &[
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

pub(super) const QUALITY_HINT: Text = t(
    "Từ 1 đến 100; 75 đến 85 là vừa",
    "1 to 100; 75 to 85 is a good balance",
);

pub(super) const IMAGES: &[Field] = &[
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

pub(super) const SOURCE: &[Field] = &[
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
