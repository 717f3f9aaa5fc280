//! The page plan of one language: which pages the site has, before any is built.
//!
//! A build or `ocop serve` first decides the list of pages (home, each page of each product
//! listing and supplier directory facet, each record, ...) and the facets that link them;
//! each page is then a small `Page` value, turned into its view only when it is rendered
//! (`present::pages`), so memory stays flat as the catalogue grows. This file knows the page
//! sets and their order; it builds no view and renders nothing.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::model::Lang;
use crate::model::refdata::{self, Group, ProvinceId};
use crate::model::*;
use crate::present::urls::{self, path};
use crate::present::view::*;
use crate::present::{Presenter, group_name, group_short, producer_kind};

/// A facet (a named list of links to page sets), with the key of each set it links.
pub(crate) type FacetOf<K> = (String, Vec<(K, LinkCount)>);
/// The facets of the product listings or of the supplier directory.
pub(crate) type Facets<K> = Vec<FacetOf<K>>;

/// Which product listing a page set is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ListKey {
    All,
    Stars(u8),
    Group(Group),
    Province(ProvinceId),
    Kind(ProducerKind),
    Expired,
}

/// A page set of the product listing: the certified catalogue, one facet of it, or the
/// expired products.
pub(crate) struct Listing {
    pub key: ListKey,
    pub first: String,
    pub heading: String,
    pub intro: String,
    pub ids: Vec<ProductId>,
}

/// A page set of the supplier directory: every producer, or those of one province, kind,
/// product group or best star rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DirKey {
    All,
    Province(ProvinceId),
    Kind(ProducerKind),
    Group(Group),
    Stars(u8),
}

pub(crate) struct Directory {
    pub key: DirKey,
    pub first: String,
    pub heading: String,
    pub intro: String,
    /// In directory order: province, then name.
    pub ids: Vec<ProducerId>,
}

/// One page of a language, named by what it shows; `present::pages` builds its view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Page {
    Home,
    /// Listing, page number (1-based).
    Listing(usize, usize),
    Product(ProductId),
    Producer(ProducerId),
    /// Directory page set, page number (1-based).
    Directory(usize, usize),
    SalesPoints,
    SalesPoint(SalesPointId),
    Fairs,
    Fair(FairId),
    Stories,
    Story(StoryId),
    Free(usize),
    Search,
    Data,
    /// What OCOP star ratings mean (the theme's text), unless the site has a free page there.
    Ratings,
    /// The catalogue's figures and charts.
    Statistics,
    /// The yearly plans, when the site has some.
    Plans,
    /// What changed between builds.
    Changes,
    YearPlan(PlanId),
    NotFound,
}

/// The pages of one language: its presenter, the product listings and supplier directory
/// page sets with their facets, and what pages of several kinds share.
pub(crate) struct Plan<'a> {
    pub pr: Presenter<'a>,
    pub(super) listings: Vec<Listing>,
    /// Facets over the certified catalogue (without `current` marks).
    pub(super) facets: Facets<ListKey>,
    pub(super) directories: Vec<Directory>,
    /// Supplier entries of the directory, made on first use (each producer is on about five
    /// directory pages).
    suppliers: Vec<OnceLock<Shared<SupplierEntry>>>,
    /// Facets of the supplier directory (without `current` marks).
    pub(super) dir_facets: Facets<DirKey>,
    /// Position of each certified product in its group's listing, for `related`.
    group_pos: Vec<Option<u32>>,
    /// Every language of the site, with its name and addresses (for `hreflang` and the
    /// language switcher).
    pub(super) alternates: Vec<(Lang, String, crate::present::urls::Urls)>,
}

/// The plan of the pages of one language; `langs` are the site's languages with their names.
pub(crate) fn plan<'a>(site: &'a Site, pr: Presenter<'a>, langs: &[(Lang, String)]) -> Plan<'a> {
    let alternates = langs
        .iter()
        .map(|(l, name)| (*l, name.clone(), pr.urls.for_lang(*l)))
        .collect();
    let (listings, facets) = plan_listings(site, &pr);
    let (directories, dir_facets) = plan_directories(site, &pr);
    let mut group_pos = vec![None; site.products.len()];
    for l in &listings {
        if let ListKey::Group(_) = l.key {
            for (i, id) in l.ids.iter().enumerate() {
                group_pos[id.index()] = Some(i as u32);
            }
        }
    }
    Plan {
        suppliers: (0..site.producers.len()).map(|_| OnceLock::new()).collect(),
        pr,
        listings,
        facets,
        directories,
        dir_facets,
        group_pos,
        alternates,
    }
}

/// The product listings (the certified catalogue, then its facets by stars, group, province
/// and producer kind, then the expired products when they are listed) and their facets.
fn plan_listings(site: &Site, pr: &Presenter) -> (Vec<Listing>, Facets<ListKey>) {
    let tr = pr.tr;
    let today = site.today;
    let mut order: Vec<ProductId> = (0..site.products.len() as u32).map(ProductId).collect();
    order.sort_by_key(|id| pr.rank[id.index()]);
    let certified: Vec<ProductId> = order
        .iter()
        .copied()
        .filter(|&id| site.product(id).is_certified(today))
        .collect();
    let mut listings = vec![Listing {
        key: ListKey::All,
        first: path::PRODUCTS.into(),
        heading: tr.get("listing.all_heading").into(),
        intro: tr.get("listing.all_intro").into(),
        ids: certified.clone(),
    }];
    let facets = vec![
        star_listings(site, pr, &certified, &mut listings),
        group_listings(site, pr, &certified, &mut listings),
        province_listings(site, pr, &certified, &mut listings),
        kind_listings(site, pr, &certified, &mut listings),
    ];
    if site.config.expired == ExpiredPolicy::List {
        let ids: Vec<ProductId> = order
            .iter()
            .copied()
            .filter(|&id| !site.product(id).is_certified(today))
            .collect();
        listings.push(Listing {
            key: ListKey::Expired,
            first: path::EXPIRED.into(),
            heading: tr.get("listing.expired_heading").into(),
            intro: tr.get("listing.expired_intro").into(),
            ids,
        });
    }
    (listings, facets)
}

/// The listings of 5, 4 and 3 stars, added to `listings`; returns their facet.
fn star_listings(
    site: &Site,
    pr: &Presenter,
    certified: &[ProductId],
    listings: &mut Vec<Listing>,
) -> FacetOf<ListKey> {
    let tr = pr.tr;
    let mut star_items = Vec::new();
    for n in (3..=5u8).rev() {
        let ids: Vec<ProductId> = certified
            .iter()
            .copied()
            .filter(|&id| site.product(id).stars().get() == n)
            .collect();
        let first = urls::stars(n);
        star_items.push((
            ListKey::Stars(n),
            count_link(
                pr,
                &tr.fill("common.stars_short", &[("n", &n)]),
                &first,
                ids.len(),
            ),
        ));
        listings.push(Listing {
            key: ListKey::Stars(n),
            first,
            heading: tr.fill("listing.stars_heading", &[("n", &n)]),
            intro: match n {
                5 => tr.get("listing.stars_intro_5").into(),
                _ => tr.fill("listing.stars_intro", &[("n", &n)]),
            },
            ids,
        });
    }
    (tr.get("listing.facet_stars").to_string(), star_items)
}

/// The listing of each product group, added to `listings`; returns their facet.
fn group_listings(
    site: &Site,
    pr: &Presenter,
    certified: &[ProductId],
    listings: &mut Vec<Listing>,
) -> FacetOf<ListKey> {
    let tr = pr.tr;
    let mut group_items = Vec::new();
    for g in Group::ALL {
        let ids: Vec<ProductId> = certified
            .iter()
            .copied()
            .filter(|&id| site.product(id).group == g)
            .collect();
        let first = urls::group(g);
        group_items.push((
            ListKey::Group(g),
            count_link(pr, &group_short(tr, g), &first, ids.len()),
        ));
        listings.push(Listing {
            key: ListKey::Group(g),
            first,
            heading: group_name(tr, g),
            intro: tr.fill("listing.group_intro", &[("group", &group_name(tr, g))]),
            ids,
        });
    }
    (tr.get("listing.facet_group").to_string(), group_items)
}

/// The listing of each province with certified products, added to `listings`; returns their
/// facet, in alphabetical order.
fn province_listings(
    site: &Site,
    pr: &Presenter,
    certified: &[ProductId],
    listings: &mut Vec<Listing>,
) -> FacetOf<ListKey> {
    let tr = pr.tr;
    let data = refdata::data();
    let mut by_province: BTreeMap<ProvinceId, Vec<ProductId>> = BTreeMap::new();
    for &id in certified {
        by_province
            .entry(site.product(id).province)
            .or_default()
            .push(id);
    }
    let mut province_items = Vec::new();
    for (pid, ids) in by_province {
        let prov = data.province(pid);
        let first = urls::province(&prov.slug);
        province_items.push((
            ListKey::Province(pid),
            count_link(pr, &prov.short_name, &first, ids.len()),
        ));
        listings.push(Listing {
            key: ListKey::Province(pid),
            first,
            heading: tr.fill(
                "listing.province_heading",
                &[("province", &prov.short_name)],
            ),
            intro: tr.fill("listing.province_intro", &[("province", &prov.name)]),
            ids,
        });
    }
    province_items.sort_by_key(|(_, l)| crate::base::vietnamese::fold(&l.name));
    (tr.get("listing.facet_province").to_string(), province_items)
}

/// The listing of the products of each kind of producer, added to `listings`; returns their
/// facet.
fn kind_listings(
    site: &Site,
    pr: &Presenter,
    certified: &[ProductId],
    listings: &mut Vec<Listing>,
) -> FacetOf<ListKey> {
    let tr = pr.tr;
    let mut kind_items = Vec::new();
    for k in ProducerKind::ALL {
        let ids: Vec<ProductId> = certified
            .iter()
            .copied()
            .filter(|&id| {
                site.producers
                    .get(site.product(id).producer.index())
                    .is_some_and(|p| p.kind == k)
            })
            .collect();
        let first = urls::products_by_kind(k);
        kind_items.push((
            ListKey::Kind(k),
            count_link(pr, &producer_kind(tr, k), &first, ids.len()),
        ));
        let kind = producer_kind(tr, k).to_lowercase();
        listings.push(Listing {
            key: ListKey::Kind(k),
            first,
            heading: tr.fill("listing.kind_heading", &[("kind", &kind)]),
            intro: tr.fill("listing.kind_intro", &[("kind", &kind)]),
            ids,
        });
    }
    (tr.get("listing.facet_kind").to_string(), kind_items)
}

/// The supplier directory's page sets and their facets. Product groups count a producer when
/// one of its published products is in the group; star levels count it by its best current
/// rating (certified products only, as on its card).
fn plan_directories(site: &Site, pr: &Presenter) -> (Vec<Directory>, Facets<DirKey>) {
    let data = refdata::data();
    let tr = pr.tr;
    let mut all: Vec<ProducerId> = (0..site.producers.len() as u32).map(ProducerId).collect();
    all.sort_by_cached_key(|id| {
        let p = site.producer(*id);
        (
            crate::base::vietnamese::fold(&data.province(p.province).short_name),
            p.name_key.clone(),
            p.common.slug.clone(),
        )
    });
    let mut dirs = vec![Directory {
        key: DirKey::All,
        first: path::PRODUCERS.into(),
        heading: tr.get("producers.heading").into(),
        intro: tr.get("producers.intro").into(),
        ids: all.clone(),
    }];
    let facets = vec![
        province_directories(site, pr, &all, &mut dirs),
        kind_directories(site, pr, &all, &mut dirs),
        group_directories(site, pr, &all, &mut dirs),
        star_directories(pr, &all, &mut dirs),
    ];
    (dirs, facets)
}

/// The producers of `all` for which `f` holds, in the same order.
fn of(all: &[ProducerId], f: impl Fn(ProducerId) -> bool) -> Vec<ProducerId> {
    all.iter().copied().filter(|&id| f(id)).collect()
}

/// The directory of each province with producers, added to `dirs`; returns their facet, in
/// alphabetical order.
fn province_directories(
    site: &Site,
    pr: &Presenter,
    all: &[ProducerId],
    dirs: &mut Vec<Directory>,
) -> FacetOf<DirKey> {
    let data = refdata::data();
    let tr = pr.tr;
    let mut provinces: Vec<ProvinceId> = site.producers.iter().map(|p| p.province).collect();
    provinces.sort_unstable();
    provinces.dedup();
    provinces.sort_by_cached_key(|&p| crate::base::vietnamese::fold(&data.province(p).short_name));
    provinces.dedup();
    let mut items = Vec::new();
    for pid in provinces {
        let prov = data.province(pid);
        let first = urls::producers_by_province(&prov.slug);
        let ids = of(all, |id| site.producer(id).province == pid);
        items.push((
            DirKey::Province(pid),
            count_link(pr, &prov.short_name, &first, ids.len()),
        ));
        dirs.push(Directory {
            key: DirKey::Province(pid),
            first,
            heading: tr.fill(
                "producers.province_heading",
                &[("province", &prov.short_name)],
            ),
            intro: tr.fill("producers.province_intro", &[("province", &prov.name)]),
            ids,
        });
    }
    (tr.get("producers.facet_province").to_string(), items)
}

/// The directory of each kind of producer, added to `dirs`; returns their facet.
fn kind_directories(
    site: &Site,
    pr: &Presenter,
    all: &[ProducerId],
    dirs: &mut Vec<Directory>,
) -> FacetOf<DirKey> {
    let tr = pr.tr;
    let mut items = Vec::new();
    for k in ProducerKind::ALL {
        let first = urls::producers_by_kind(k);
        let ids = of(all, |id| site.producer(id).kind == k);
        items.push((
            DirKey::Kind(k),
            count_link(pr, &producer_kind(tr, k), &first, ids.len()),
        ));
        dirs.push(Directory {
            key: DirKey::Kind(k),
            first,
            heading: tr.fill("producers.heading_kind", &[("kind", &producer_kind(tr, k))]),
            intro: tr.fill("producers.kind_intro", &[("kind", &producer_kind(tr, k))]),
            ids,
        });
    }
    (tr.get("producers.facet_kind").to_string(), items)
}

/// The directory of the producers of each product group, added to `dirs`; returns their
/// facet.
fn group_directories(
    site: &Site,
    pr: &Presenter,
    all: &[ProducerId],
    dirs: &mut Vec<Directory>,
) -> FacetOf<DirKey> {
    let tr = pr.tr;
    let mut items = Vec::new();
    for g in Group::ALL {
        let first = urls::producers_by_group(g);
        let ids = of(all, |id| {
            site.producer(id).products.iter().any(|&x| {
                let p = site.product(x);
                p.group == g && site.is_published(p)
            })
        });
        items.push((
            DirKey::Group(g),
            count_link(pr, &group_short(tr, g), &first, ids.len()),
        ));
        dirs.push(Directory {
            key: DirKey::Group(g),
            first,
            heading: tr.fill(
                "producers.group_heading",
                &[("group", &group_short(tr, g).to_lowercase())],
            ),
            intro: tr.fill("producers.group_intro", &[("group", &group_name(tr, g))]),
            ids,
        });
    }
    (tr.get("producers.facet_group").to_string(), items)
}

/// The directory of the producers of each best star rating, added to `dirs`; returns their
/// facet.
fn star_directories(
    pr: &Presenter,
    all: &[ProducerId],
    dirs: &mut Vec<Directory>,
) -> FacetOf<DirKey> {
    let tr = pr.tr;
    let mut items = Vec::new();
    for n in (3..=5u8).rev() {
        let first = urls::producers_by_stars(n);
        let ids = of(all, |id| {
            pr.producer_cards[id.index()].best_stars == Some(n)
        });
        items.push((
            DirKey::Stars(n),
            count_link(
                pr,
                &tr.fill("common.stars_short", &[("n", &n)]),
                &first,
                ids.len(),
            ),
        ));
        dirs.push(Directory {
            key: DirKey::Stars(n),
            first,
            heading: tr.fill("producers.stars_heading", &[("n", &n)]),
            intro: tr.fill("producers.stars_intro", &[("n", &n)]),
            ids,
        });
    }
    (tr.get("producers.facet_stars").to_string(), items)
}

fn count_link(pr: &Presenter, name: &str, first: &str, count: usize) -> LinkCount {
    LinkCount {
        name: name.into(),
        url: pr.urls.url(first),
        count,
        current: false,
    }
}

impl Plan<'_> {
    /// Every page of the language, in output order (the same in every language).
    pub(crate) fn pages(&self) -> Vec<Page> {
        let site = self.pr.site;
        let mut pages: Vec<Page> = vec![Page::Home];
        for (i, l) in self.listings.iter().enumerate() {
            let n = l.ids.len().div_ceil(site.config.per_page).max(1);
            pages.extend((1..=n).map(|p| Page::Listing(i, p)));
        }
        for (i, p) in site.products.iter().enumerate() {
            if site.is_published(p) {
                pages.push(Page::Product(ProductId(i as u32)));
            }
        }
        pages.extend((0..site.producers.len()).map(|i| Page::Producer(ProducerId(i as u32))));
        for (i, d) in self.directories.iter().enumerate() {
            let n = d.ids.len().div_ceil(site.config.per_page).max(1);
            pages.extend((1..=n).map(|p| Page::Directory(i, p)));
        }
        pages.push(Page::SalesPoints);
        pages
            .extend((0..site.sales_points.len()).map(|i| Page::SalesPoint(SalesPointId(i as u32))));
        pages.push(Page::Fairs);
        pages.extend((0..site.fairs.len()).map(|i| Page::Fair(FairId(i as u32))));
        pages.push(Page::Stories);
        pages.extend((0..site.stories.len()).map(|i| Page::Story(StoryId(i as u32))));
        pages.extend((0..site.pages.len()).map(Page::Free));
        pages.push(Page::Search);
        pages.push(Page::Data);
        pages.push(Page::Statistics);
        pages.push(Page::Changes);
        if !site.plans.is_empty() {
            pages.push(Page::Plans);
            pages.extend((0..site.plans.len()).map(|i| Page::YearPlan(PlanId(i as u32))));
        }
        if !site
            .pages
            .iter()
            .any(|p| urls::page(&p.common.slug) == path::RATINGS)
        {
            pages.push(Page::Ratings);
        }
        pages.push(Page::NotFound);
        pages
    }

    /// Whether `other` is in the same language and has the same listing and directory page
    /// sets, at the same addresses.
    pub(crate) fn same_page_sets(&self, other: &Plan) -> bool {
        self.pr.lang == other.pr.lang
            && self
                .listings
                .iter()
                .map(|l| &l.first)
                .eq(other.listings.iter().map(|l| &l.first))
            && (self.directories.iter().map(|d| &d.first))
                .eq(other.directories.iter().map(|d| &d.first))
    }

    /// The output file of a page, as [`Plan::page`] names it, without building its view.
    pub(crate) fn file_of(&self, page: Page) -> String {
        let site = self.pr.site;
        let dir = match page {
            Page::Home => String::new(),
            Page::Listing(i, n) => urls::paged(&self.listings[i].first, n),
            Page::Product(id) => urls::product(&site.product(id).common.slug),
            Page::Producer(id) => urls::producer(&site.producer(id).common.slug),
            Page::Directory(i, n) => urls::paged(&self.directories[i].first, n),
            Page::SalesPoints => path::SALES_POINTS.to_string(),
            Page::SalesPoint(id) => urls::sales_point(&site.sales_point(id).common.slug),
            Page::Fairs => path::FAIRS.to_string(),
            Page::Fair(id) => urls::fair(&site.fair(id).common.slug),
            Page::Stories => path::STORIES.to_string(),
            Page::Story(id) => urls::story(&site.story(id).common.slug),
            Page::Free(i) => urls::page(&site.pages[i].common.slug),
            Page::Search => path::SEARCH.to_string(),
            Page::Data => "du-lieu/".to_string(),
            Page::Ratings => path::RATINGS.to_string(),
            Page::Statistics => path::STATISTICS.to_string(),
            Page::Changes => path::CHANGES.to_string(),
            Page::Plans => path::PLANS.to_string(),
            Page::YearPlan(id) => urls::year_plan(&site.plan(id).common.slug),
            Page::NotFound => return self.pr.urls.file("404.html"),
        };
        self.pr.urls.file(&format!("{dir}index.html"))
    }

    /// The yearly plans, newest first (then by address).
    pub(crate) fn plans_by_year(&self) -> Vec<PlanId> {
        let site = self.pr.site;
        let mut ids: Vec<PlanId> = (0..site.plans.len() as u32).map(PlanId).collect();
        ids.sort_by(|a, b| {
            let (a, b) = (site.plan(*a), site.plan(*b));
            b.year
                .cmp(&a.year)
                .then_with(|| a.common.slug.cmp(&b.common.slug))
        });
        ids
    }

    /// The directory entry of a producer, made once; its `html` is made by the renderer.
    pub(super) fn supplier(&self, id: ProducerId) -> Shared<SupplierEntry> {
        self.suppliers[id.index()]
            .get_or_init(|| Shared::new(self.pr.supplier(id)))
            .clone()
    }

    /// Up to 4 related products: the same producer first, then the same group and province.
    pub(super) fn related(&self, id: ProductId) -> Vec<ProductId> {
        let site = self.pr.site;
        let p = site.product(id);
        let today = site.today;
        let mut out: Vec<ProductId> = Vec::new();
        if let Some(producer) = site.producers.get(p.producer.index()) {
            for &other in &self.pr.sorted(&producer.products) {
                if other != id && site.product(other).is_certified(today) && out.len() < 4 {
                    out.push(other);
                }
            }
        }
        if out.len() < 4 {
            // The group listing is in catalogue order already; scan it from this product's
            // neighbourhood so the cost stays bounded.
            if let Some(l) = self
                .listings
                .iter()
                .find(|l| l.key == ListKey::Group(p.group))
            {
                let pos = self.group_pos[id.index()].unwrap_or(0) as usize;
                let n = l.ids.len();
                for k in 1..n.min(64) {
                    let other = l.ids[(pos + k) % n];
                    if out.len() >= 4 {
                        break;
                    }
                    if other != id
                        && !out.contains(&other)
                        && site.product(other).province == p.province
                    {
                        out.push(other);
                    }
                }
            }
        }
        out
    }
}
