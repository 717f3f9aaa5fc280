//! A page of a product listing: the whole certified catalogue, one facet of it (stars,
//! group, province, producer kind) or the expired products, `per_page` products a page.
//!
//! The filters of a facet page are honest: the values of its own facet lead to the other
//! pages of that facet, with their counts; the values of the other facets count the products
//! of this page's subset (those with none are left out) and lead to that combination on the
//! search page, which combines any number of filters and sorts (with JavaScript; static
//! pages exist for one facet at a time, so the number of pages does not multiply).

use super::{Built, PageView, marked_facets, page_of, pagination};
use crate::model::refdata;
use crate::model::{ExpiredPolicy, ProductId, Site};
use crate::present::Presenter;
use crate::present::meta::Collection;
use crate::present::plan::{FacetOf, ListKey, Plan};
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
    let facets = match l.key {
        ListKey::All | ListKey::Expired => marked_facets(&plan.facets, &l.key),
        key => plan
            .facets
            .iter()
            .map(|f| narrowed(pr, f, key, &l.ids))
            .collect(),
    };
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
        refine_url: match l.key {
            ListKey::Expired => String::new(),
            key => search_url(pr, &[key]),
        },
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

/// A facet of the page of `key` (one value of one facet), whose products are `ids`: the
/// facet of `key` itself with `key` marked; any other facet counting `ids` only, without
/// its values that have none, each linking to the combination of `key` and that value.
fn narrowed(pr: &Presenter, facet: &FacetOf<ListKey>, key: ListKey, ids: &[ProductId]) -> Facet {
    let (name, items) = facet;
    let same = items
        .first()
        .is_some_and(|(k, _)| std::mem::discriminant(k) == std::mem::discriminant(&key));
    let items = items
        .iter()
        .filter_map(|(k, link)| {
            if same {
                return Some(LinkCount {
                    current: *k == key,
                    ..link.clone()
                });
            }
            let count = ids.iter().filter(|&&id| has(pr.site, id, *k)).count();
            (count > 0).then(|| LinkCount {
                name: link.name.clone(),
                url: search_url(pr, &[key, *k]),
                count,
                current: false,
            })
        })
        .collect();
    Facet {
        name: name.clone(),
        items,
    }
}

/// Whether product `id` is in the listing of `key`.
fn has(site: &Site, id: ProductId, key: ListKey) -> bool {
    let p = site.product(id);
    match key {
        ListKey::All => true,
        ListKey::Stars(n) => p.stars().get() == n,
        ListKey::Group(g) => p.group == g,
        ListKey::Province(pid) => p.province == pid,
        ListKey::Kind(k) => site
            .producers
            .get(p.producer.index())
            .is_some_and(|x| x.kind == k),
        ListKey::Expired => !p.is_certified(site.today),
    }
}

/// The search page (this language's) showing the certified products of every listing of
/// `keys` at once, with the query its form reads (`sao`, `nhom`, `tinh`, `loai`).
pub(crate) fn search_url(pr: &Presenter, keys: &[ListKey]) -> String {
    let data = refdata::data();
    let query: Vec<String> = keys
        .iter()
        .filter_map(|k| match *k {
            ListKey::Stars(n) => Some(format!("sao={n}")),
            ListKey::Group(g) => Some(format!("nhom={}", g.slug())),
            ListKey::Province(p) => Some(format!("tinh={}", data.province(p).slug)),
            ListKey::Kind(k) => Some(format!("loai={}", k.slug())),
            ListKey::All | ListKey::Expired => None,
        })
        .collect();
    let url = pr.urls.url(path::SEARCH);
    match query.is_empty() {
        true => url,
        false => format!("{url}?{}", query.join("&")),
    }
}
