//! A page of a product listing: the whole certified catalogue, one facet of it (stars,
//! group, province, producer kind) or the expired products, `per_page` products a page.

use super::{Built, PageView, marked_facets, page_of, pagination};
use crate::model::ExpiredPolicy;
use crate::present::meta::Collection;
use crate::present::plan::{ListKey, Plan};
use crate::present::urls::{self, path};
use crate::present::view::*;

/// Page `n` (1-based) of listing `i` of the plan.
pub(super) fn listing(plan: &Plan, i: usize, n: usize) -> Built {
    let pr = &plan.pr;
    let site = pr.site;
    let tr = pr.tr;
    let l = &plan.listings[i];
    let per = site.config.per_page;
    let total_pages = l.ids.len().div_ceil(per).max(1);
    let slice = page_of(&l.ids, per, n);
    let page_path = urls::paged(&l.first, n);
    let pagination = pagination(pr, &l.first, n, total_pages);
    let facets = marked_facets(&plan.facets, &l.key);
    let mut other = Vec::new();
    if l.key != ListKey::All {
        other.push(Link {
            name: tr.get("listing.all_link").into(),
            url: pr.urls.url(path::PRODUCTS),
            lang: String::new(),
        });
    }
    if l.key != ListKey::Expired && site.config.expired == ExpiredPolicy::List {
        other.push(Link {
            name: tr.get("listing.expired_heading").into(),
            url: pr.urls.url(path::EXPIRED),
            lang: String::new(),
        });
    }
    let view = ListingView {
        intro: l.intro.clone(),
        total: l.ids.len(),
        products: pr.product_cards_of(slice),
        pagination,
        facets,
        other,
    };
    let collection = Collection {
        kind: "listing",
        section: "products",
        section_crumb: (tr.get("nav.products"), path::PRODUCTS),
        heading: &l.heading,
        first: &l.first,
        intro: &l.intro,
        facet: l.key != ListKey::All,
    };
    let meta = plan.collection_meta(collection, n, &page_path);
    Built::at(
        pr,
        "listing.html",
        &page_path,
        meta,
        PageView::Listing(view),
    )
}
