//! Reading a product's fields: the record itself, its certificates, specs and shops.
//!
//! Each table of a product has its own list of keys in `load::schema` (`Fields` takes a
//! sub-table's from the product's), so a misspelt key is reported with a "did you mean"
//! hint at the table it is in.

use crate::base::diag::Problems;
use crate::load::fields::Fields;
use crate::load::{RawCertificate, RawProduct, RawShop, RawSpecs};

pub(super) fn read_product(mut f: Fields, out: &mut Problems) -> RawProduct {
    let mut p = RawProduct {
        name: f.required_string(out, "name", "\"Mật ong bạc hà\""),
        producer: f.required_string(out, "producer", "\"htx-mat-ong-meo-vac\""),
        group: f.required_string(out, "group", "\"food\""),
        subgroup: f.string(out, "subgroup"),
        province: f.required_string(out, "province", "\"Tuyên Quang\""),
        former_province: f.string(out, "former_province"),
        commune: f.string(out, "commune"),
        address: f.string(out, "address"),
        summary: f.string(out, "summary"),
        price: f.integer(out, "price"),
        unit: f.string(out, "unit"),
        photos: f.string_list(out, "photos"),
        cover: f.string(out, "cover"),
        illustrative: f.string_list(out, "illustrative"),
        tags: f.string_list(out, "tags"),
        draft: f.boolean(out, "draft"),
        sold_at: f.string_list(out, "sold_at"),
        ..Default::default()
    };
    for (index, mut c) in f.tables(out, "certificates").into_iter().enumerate() {
        let cert = RawCertificate {
            index,
            pos: Some(c.position()),
            stars: c.integer(out, "stars"),
            decision: c.required_string(out, "decision", "\"1234/QĐ-UBND\""),
            issued: c.date(out, "issued"),
            issuer: c.string(out, "issuer"),
            score: c.integer(out, "score"),
            valid_until: c.date(out, "valid_until"),
            revoked: c.date(out, "revoked"),
            document: c.string(out, "document"),
        };
        if cert.stars.is_none() && !c_has_err(out, &c, "stars") {
            c.missing(out, "stars", "4");
        }
        if cert.issued.is_none() && !c_has_err(out, &c, "issued") {
            c.missing(out, "issued", "2024-05-20");
        }
        c.finish(out);
        p.certificates.push(cert);
    }
    if let Some(mut s) = f.table(out, "specs") {
        p.specs = RawSpecs {
            packaging: s.string(out, "packaging"),
            net_content: s.string(out, "net_content"),
            shelf_life: s.string(out, "shelf_life"),
            ingredients: s.string(out, "ingredients"),
            storage: s.string(out, "storage"),
            certifications: s.string_list(out, "certifications"),
            barcode: s.string(out, "barcode"),
            capacity: s.string(out, "capacity"),
            min_order: s.string(out, "min_order"),
        };
        s.finish(out);
    }
    for mut s in f.tables(out, "shops") {
        p.shops.push(RawShop {
            name: s.required_string(out, "name", "\"Gian hàng trên sàn\""),
            url: s.required_string(out, "url", "\"https://...\""),
        });
        s.finish(out);
    }
    f.finish(out);
    p
}

fn c_has_err(out: &Problems, c: &Fields, key: &str) -> bool {
    let path = c.field_path(key);
    out.iter()
        .any(|p| p.field.as_deref() == Some(path.as_str()))
}
