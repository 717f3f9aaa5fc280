//! Reading a sales point's fields (a shop or stall where products are sold).
//!
//! The list of known keys lives beside the reader, so a new field is added in one place.

use crate::base::diag::Problems;
use crate::load::RawSalesPoint;
use crate::load::fields::Fields;

const SALES_POINT_FIELDS: &[&str] = &[
    "name",
    "kind",
    "province",
    "commune",
    "address",
    "phone",
    "hours",
    "lat",
    "lon",
    "opened",
    "products",
    "photos",
    "cover",
    "illustrative",
    "draft",
];

pub(super) fn read_sales_point(mut f: Fields, out: &mut Problems) -> RawSalesPoint {
    let p = RawSalesPoint {
        name: f.required_string(out, "name", "\"Điểm bán sản phẩm OCOP\""),
        kind: f.required_string(out, "kind", "\"sales-point\""),
        province: f.required_string(out, "province", "\"Tuyên Quang\""),
        commune: f.string(out, "commune"),
        address: f.required_string(out, "address", "\"Số 1, đường ...\""),
        phone: f.string(out, "phone"),
        hours: f.string(out, "hours"),
        lat: f.float(out, "lat"),
        lon: f.float(out, "lon"),
        opened: f.date(out, "opened"),
        products: f.string_list(out, "products"),
        photos: f.string_list(out, "photos"),
        cover: f.string(out, "cover"),
        illustrative: f.string_list(out, "illustrative"),
        draft: f.boolean(out, "draft"),
    };
    f.finish(out, SALES_POINT_FIELDS);
    p
}
