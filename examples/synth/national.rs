//! `--national`: the catalogue split into the provinces' own sites, a national site that
//! shows their exports through `[[sources]]` and has no content of its own, and the whole
//! catalogue as one ordinary site, so the two ways of building the same records compare.
//!
//! A record belongs to the province it is drawn in: a product to its producer's, a sales
//! point and a fair to their own, a story to its producer's (whose products it is about).
//! Sales points and fairs draw their products from their own province, except in a province
//! without products (only in small catalogues), where they draw from any: a province site
//! leaves such references out, and reports how many.

use std::path::Path;

use super::{
    BASE_URL, Catalogue, Out, Photos, Province, Selection, Settings, Source, prepare_ocop,
    write_site,
};

/// What `write_national` wrote, for the closing message.
#[derive(Default)]
pub(super) struct Report {
    /// The fewest and the most products of a province site.
    pub(super) products: (usize, usize),
    /// References a province site left out because they name a record of another province:
    /// a sales point's products, a fair's products and producers, a story's products and
    /// producers.
    pub(super) dropped: [usize; 3],
    /// Sales points and fairs of province sites left without products by that.
    pub(super) emptied: [usize; 2],
}

/// Writes `combined/` (the whole catalogue, as the normal mode writes it, with the Hugo
/// site when `hugo` is given), `provinces/SLUG/` for every province and `national/` into
/// `dir`.
pub(super) fn write_national(
    cat: &Catalogue,
    dir: &Path,
    hugo: Option<&Path>,
    photos: Option<&Photos>,
    seed: u64,
) -> Result<Report, String> {
    let combined = Out {
        ocop: &dir.join("combined"),
        settings: &Settings::catalogue(),
        hugo,
        photos,
    };
    write_site(cat, &Selection::all(cat), &combined, seed)?;

    let mut report = Report {
        products: (usize::MAX, 0),
        ..Report::default()
    };
    let mut sources = Vec::with_capacity(cat.provinces.len());
    for (k, pv) in cat.provinces.iter().enumerate() {
        let sel = province_selection(cat, k);
        count_left_out(cat, &sel, &mut report);
        let n = Selection::ids(&sel.products).len();
        report.products = (report.products.0.min(n), report.products.1.max(n));
        let site = Out {
            ocop: &dir.join("provinces").join(&pv.slug),
            settings: &province_settings(pv),
            hugo: None,
            photos,
        };
        write_site(cat, &sel, &site, seed)?;
        sources.push(Source {
            label: pv.name.clone(),
            key: pv.slug.clone(),
            path: format!("../provinces/{}/public/du-lieu", pv.slug),
        });
    }

    prepare_ocop(
        &dir.join("national"),
        &national_settings(cat.provinces.len(), sources),
    )?;
    Ok(report)
}

/// The records of province `k`.
fn province_selection(cat: &Catalogue, k: usize) -> Selection {
    Selection {
        products: cat.products.iter().map(|p| p.province == k).collect(),
        producers: cat.producers.iter().map(|p| p.province == k).collect(),
        points: cat.points.iter().map(|s| s.province == k).collect(),
        fairs: cat.fairs.iter().map(|f| f.province == k).collect(),
        stories: cat
            .stories
            .iter()
            .map(|s| cat.producers[s.producers[0]].province == k)
            .collect(),
    }
}

/// Counts the references the records `sel` holds make to records it does not hold.
fn count_left_out(cat: &Catalogue, sel: &Selection, report: &mut Report) {
    for i in Selection::ids(&sel.points) {
        let sp = &cat.points[i];
        let kept = sel.products_of(&sp.products).len();
        report.dropped[0] += sp.products.len() - kept;
        if kept == 0 && !sp.products.is_empty() {
            report.emptied[0] += 1;
        }
    }
    for i in Selection::ids(&sel.fairs) {
        let f = &cat.fairs[i];
        let kept = sel.products_of(&f.products).len();
        report.dropped[1] += f.products.len() - kept;
        report.dropped[1] += f.producers.len() - sel.producers_of(&f.producers).len();
        if kept == 0 && !f.products.is_empty() {
            report.emptied[1] += 1;
        }
    }
    for i in Selection::ids(&sel.stories) {
        let s = &cat.stories[i];
        report.dropped[2] += s.products.len() - sel.products_of(&s.products).len();
        report.dropped[2] += s.producers.len() - sel.producers_of(&s.producers).len();
    }
}

/// A province's own site: its name, an address of its own, its office.
fn province_settings(pv: &Province) -> Settings {
    let host = pv.slug.replace('-', "");
    let of = super::lower_prov(pv);
    Settings {
        title: format!("Sản phẩm OCOP {}", pv.short),
        description: format!(
            "Danh mục sản phẩm OCOP (Mỗi xã một sản phẩm) của {of}: dữ liệu tổng hợp để đo hiệu năng."
        ),
        base_url: format!("https://ocop.{host}.example.gov.vn/"),
        province: Some(pv.name.clone()),
        office: format!("Văn phòng Điều phối Nông thôn mới {of}"),
        address: format!("Số 00 đường Mẫu, {of}"),
        phone: "0200 000 0000".into(),
        email: format!("ocop@{host}.example.gov.vn"),
        sources: Vec::new(),
    }
}

/// The national site: no province, the catalogue's address and office, one source per
/// province.
fn national_settings(provinces: usize, sources: Vec<Source>) -> Settings {
    Settings {
        title: "Sản phẩm OCOP toàn quốc".into(),
        description: format!(
            "Danh mục sản phẩm OCOP (Mỗi xã một sản phẩm) toàn quốc, tổng hợp từ dữ liệu của {provinces} tỉnh, thành phố: dữ liệu tổng hợp để đo hiệu năng."
        ),
        base_url: BASE_URL.into(),
        sources,
        ..Settings::catalogue()
    }
}
