//! Reading a sales point's fields (a shop or stall where products are sold).
//!
//! Its keys, their kinds and labels are listed in `load::schema`, which the editor reads too:
//! a new field is added there and read here.

use crate::base::diag::Problems;
use crate::load::RawSalesPoint;
use crate::load::fields::Fields;

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
    f.finish(out);
    p
}
