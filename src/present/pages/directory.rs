//! A page of the supplier directory: every producer or one facet of them, grouped by
//! province, `per_page` producers a page.

use super::{Built, PageView, marked_facets, page_of, pagination};
use crate::present::meta::Collection;
use crate::present::plan::{DirKey, Plan};
use crate::present::urls::{self, path};
use crate::present::view::*;

/// Page `n` (1-based) of directory `i` of the plan.
pub(super) fn directory(plan: &Plan, i: usize, n: usize) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let d = &plan.directories[i];
    let per = pr.site.config.per_page;
    let total_pages = d.ids.len().div_ceil(per).max(1);
    let page_path = urls::paged(&d.first, n);
    let mut groups: Vec<ProducerGroup> = Vec::new();
    for &id in page_of(&d.ids, per, n) {
        let entry = plan.supplier(id);
        match groups.last_mut() {
            Some(g) if g.name == entry.card.province => g.producers.push(entry),
            _ => groups.push(ProducerGroup {
                name: entry.card.province.clone(),
                producers: vec![entry],
            }),
        }
    }
    let facets = marked_facets(&plan.dir_facets, &d.key);
    let other = if d.key == DirKey::All {
        Vec::new()
    } else {
        vec![Link {
            name: tr.get("producers.all_link").into(),
            url: pr.urls.url(path::PRODUCERS),
            lang: String::new(),
        }]
    };
    // The files under this page's own words: the whole catalogue, the producers.
    let named = |key: &str, f: DataFile| DataFile {
        name: tr.get(key).into(),
        ..f
    };
    let workbook = super::data::file(
        pr,
        "workbook",
        &urls::out::workbook(pr.lang),
        super::data::WORKBOOK,
    );
    let csv = super::data::file(pr, "producers_csv_vi", urls::out::PRODUCERS_CSV_VI, "CSV");
    let downloads = vec![
        named("producers.download_workbook", workbook),
        named("producers.download_csv", csv),
        DataFile {
            name: tr.get("producers.all_data").into(),
            url: pr.urls.url(path::DATA),
            format: String::new(),
            description: String::new(),
            size: String::new(),
        },
    ];
    let view = DirectoryView {
        intro: d.intro.clone(),
        total: d.ids.len(),
        facets,
        groups,
        pagination: pagination(pr, &d.first, n, total_pages),
        other,
        downloads,
    };
    let collection = Collection {
        kind: "producers",
        section: "producers",
        section_crumb: (tr.get("nav.producers"), path::PRODUCERS),
        heading: &d.heading,
        first: &d.first,
        intro: &d.intro,
        facet: d.key != DirKey::All,
    };
    let meta = plan.collection_meta(collection, n, &page_path);
    Built::at(
        pr,
        "producers.html",
        &page_path,
        meta,
        PageView::Directory(view),
    )
}
