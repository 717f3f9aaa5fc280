//! Reading a fair's fields: name, dates, venue and who takes part.
//!
//! Its dates are required; a missing one is reported with an example value.

use crate::base::diag::Problems;
use crate::load::RawFair;
use crate::load::fields::Fields;

pub(super) fn read_fair(mut f: Fields, out: &mut Problems) -> RawFair {
    let has_starts = f.has("starts");
    let has_ends = f.has("ends");
    let p = RawFair {
        name: f.required_string(out, "name", "\"Hội chợ OCOP 2027\""),
        starts: f.date(out, "starts"),
        ends: f.date(out, "ends"),
        venue: f.required_string(out, "venue", "\"Quảng trường ...\""),
        address: f.string(out, "address"),
        lat: f.float(out, "lat"),
        lon: f.float(out, "lon"),
        province: f.required_string(out, "province", "\"Tuyên Quang\""),
        organizer: f.string(out, "organizer"),
        website: f.string(out, "website"),
        producers: f.string_list(out, "producers"),
        products: f.string_list(out, "products"),
        photos: f.string_list(out, "photos"),
        cover: f.string(out, "cover"),
        illustrative: f.string_list(out, "illustrative"),
        draft: f.boolean(out, "draft"),
    };
    if !has_starts {
        f.missing(out, "starts", "2027-01-10");
    }
    if !has_ends {
        f.missing(out, "ends", "2027-01-14");
    }
    f.finish(out);
    p
}
