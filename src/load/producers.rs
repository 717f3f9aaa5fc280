//! Reading a producer's fields (a cooperative, company or household that makes products).
//!
//! Its keys, their kinds and labels are listed in `load::schema`, which the editor reads too:
//! a new field is added there and read here.

use crate::base::diag::Problems;
use crate::load::RawProducer;
use crate::load::fields::Fields;

pub(super) fn read_producer(mut f: Fields, out: &mut Problems) -> RawProducer {
    let p = RawProducer {
        name: f.required_string(out, "name", "\"HTX Mật ong Mèo Vạc\""),
        kind: f.required_string(out, "kind", "\"cooperative\""),
        province: f.required_string(out, "province", "\"Tuyên Quang\""),
        commune: f.string(out, "commune"),
        address: f.string(out, "address"),
        representative: f.string(out, "representative"),
        phone: f.string(out, "phone"),
        email: f.string(out, "email"),
        website: f.string(out, "website"),
        zalo: f.string(out, "zalo"),
        facebook: f.string(out, "facebook"),
        tax_code: f.string(out, "tax_code"),
        founded: f.integer(out, "founded"),
        members: f.integer(out, "members"),
        lat: f.float(out, "lat"),
        lon: f.float(out, "lon"),
        photos: f.string_list(out, "photos"),
        cover: f.string(out, "cover"),
        illustrative: f.string_list(out, "illustrative"),
        certifications: f.string_list(out, "certifications"),
        draft: f.boolean(out, "draft"),
    };
    f.finish(out);
    p
}
