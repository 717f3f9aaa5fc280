//! The view of each page kind: what one page shows, its metadata, template and output file,
//! built from the plan when the page is rendered (one file per page kind or small group of
//! kinds).
//!
//! Nothing here renders: the product cards, producer cards and directory entries a view
//! shows are shared between pages and rendered once each by the renderer, which gets them
//! from [`PageView::partials`] and renders them before the page (a view serialised before
//! its cards are rendered would show their fields, not their HTML).

pub(crate) mod changes;
mod data;
mod directory;
mod fair;
mod free;
mod home;
mod listing;
pub(crate) mod plans;
mod producer;
mod product;
mod sales_point;
mod search;
mod statistics;
mod story;

use serde::Serialize;

pub(crate) use search::search_view;

use crate::present::Presenter;
use crate::present::plan::{Facets, Page, Plan};
use crate::present::urls;
use crate::present::view::*;

/// A page ready for its template, once the [`PageView::partials`] of its view are rendered.
pub(crate) struct Built {
    /// The theme's template (`product.html`).
    pub template: &'static str,
    /// The output file (`san-pham/mat-ong/index.html`), as [`Plan::file_of`] names it.
    pub file: String,
    /// `page` in the template.
    pub meta: PageMeta,
    pub view: PageView,
}

impl Built {
    /// A page at `page_path` (a folder: the page is its `index.html`).
    fn at(
        pr: &Presenter,
        template: &'static str,
        page_path: &str,
        meta: PageMeta,
        view: PageView,
    ) -> Built {
        Built {
            template,
            file: pr.urls.file(&format!("{page_path}index.html")),
            meta,
            view,
        }
    }
}

/// The view of a page, given to its template under the name [`PageView::key`].
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum PageView {
    Home(HomeView),
    Listing(ListingView),
    Product(Box<ProductView>),
    Producer(ProducerView),
    Directory(DirectoryView),
    SalesPoints(SalesPointsView),
    SalesPoint(SalesPointView),
    Fairs(FairsView),
    Fair(FairView),
    Stories(StoriesView),
    Story(StoryView),
    Free(FreePageView),
    Data(DataView),
    Statistics(Box<StatisticsView>),
    Plans(PlansView),
    Plan(Box<PlanView>),
    Changes(Box<ChangesView>),
    /// The search and 404 pages show nothing beside their metadata (the search page gets
    /// its `search` from the renderer).
    Nothing,
}

/// The shared parts of a page's view that templates show as HTML (see [`Shared`]), in the
/// order the page first shows them.
#[derive(Default)]
pub(crate) struct Partials {
    /// `partials/product_card.html`, as `card`.
    pub product_cards: Vec<Shared<ProductCard>>,
    /// `partials/producer_card.html`, as `producer`.
    pub producer_cards: Vec<Shared<ProducerCard>>,
    /// `partials/supplier.html`, as `entry`.
    pub suppliers: Vec<Shared<SupplierEntry>>,
}

impl PageView {
    /// The name of the view in the template's context.
    pub(crate) fn key(&self) -> Option<&'static str> {
        Some(match self {
            PageView::Home(_) => "home",
            PageView::Listing(_) => "listing",
            PageView::Product(_) => "product",
            PageView::Producer(_) => "producer",
            PageView::Directory(_) => "directory",
            PageView::SalesPoints(_) => "sales_points",
            PageView::SalesPoint(_) => "point",
            PageView::Fairs(_) => "fairs",
            PageView::Fair(_) => "fair",
            PageView::Stories(_) => "stories",
            PageView::Story(_) => "story",
            PageView::Free(_) => "content",
            PageView::Data(_) => "data",
            PageView::Statistics(_) => "stats",
            PageView::Plans(_) => "plans",
            PageView::Plan(_) => "plan",
            PageView::Changes(_) => "changes",
            PageView::Nothing => return None,
        })
    }

    /// What must be rendered before this view is given to its template.
    pub(crate) fn partials(&self) -> Partials {
        let cards = |c: &[Shared<ProductCard>]| Partials {
            product_cards: c.to_vec(),
            ..Partials::default()
        };
        match self {
            PageView::Home(v) => Partials {
                product_cards: v.featured.iter().chain(&v.newest).cloned().collect(),
                ..Partials::default()
            },
            PageView::Listing(v) => cards(&v.products),
            PageView::Product(v) => Partials {
                product_cards: v.related.clone(),
                producer_cards: vec![v.producer_card.clone()],
                ..Partials::default()
            },
            PageView::Producer(v) => cards(&v.products),
            PageView::Directory(v) => Partials {
                suppliers: v
                    .groups
                    .iter()
                    .flat_map(|g| g.producers.iter().cloned())
                    .collect(),
                ..Partials::default()
            },
            PageView::SalesPoint(v) => cards(&v.products),
            PageView::Fair(v) => cards(&v.products),
            PageView::Story(v) => cards(&v.products),
            PageView::SalesPoints(_)
            | PageView::Fairs(_)
            | PageView::Stories(_)
            | PageView::Free(_)
            | PageView::Data(_)
            | PageView::Statistics(_)
            | PageView::Plans(_)
            | PageView::Plan(_)
            | PageView::Changes(_)
            | PageView::Nothing => Partials::default(),
        }
    }
}

impl Plan<'_> {
    /// The view, metadata, template and output file of a page; its partials are not
    /// rendered yet.
    pub(crate) fn page(&self, page: Page) -> Built {
        match page {
            Page::Home => home::home(self),
            Page::Listing(i, n) => listing::listing(self, i, n),
            Page::Product(id) => product::product(self, id),
            Page::Producer(id) => producer::producer(self, id),
            Page::Directory(i, n) => directory::directory(self, i, n),
            Page::SalesPoints => sales_point::sales_points(self),
            Page::SalesPoint(id) => sales_point::sales_point(self, id),
            Page::Fairs => fair::fairs(self),
            Page::Fair(id) => fair::fair(self, id),
            Page::Stories => story::stories(self),
            Page::Story(id) => story::story(self, id),
            Page::Free(i) => free::free(self, i),
            Page::Search => search::search(self),
            Page::Data => data::data(self),
            Page::Ratings => data::ratings(self),
            Page::Statistics => statistics::statistics(self),
            Page::Changes => changes::changes(self),
            Page::Plans => plans::plans(self),
            Page::YearPlan(id) => plans::year_plan(self, id),
            Page::NotFound => free::not_found(self),
        }
    }
}

/// Pages linked from each page of a listing: the first, the last, and this many either side
/// of the current one. Linking every page made each page of a 20,000-product catalogue carry
/// 800 links (60 KB), so the listings grew with the square of the catalogue.
const PAGINATION_NEIGHBOURS: usize = 2;

/// The pagination of page `n` of `total_pages` of the listing starting at `first`; `None`
/// for a listing of one page. Skipped runs of pages are a `gap` entry (shown as "…").
fn pagination(pr: &Presenter, first: &str, n: usize, total_pages: usize) -> Option<Pagination> {
    if total_pages <= 1 {
        return None;
    }
    let pages = page_window(n, total_pages)
        .into_iter()
        .map(|k| match k {
            Some(k) => PageLink {
                number: k,
                url: pr.urls.url(&urls::paged(first, k)),
                current: k == n,
                gap: false,
            },
            None => PageLink {
                number: 0,
                url: String::new(),
                current: false,
                gap: true,
            },
        })
        .collect();
    Some(Pagination {
        current: n,
        total_pages,
        prev: (n > 1).then(|| pr.urls.url(&urls::paged(first, n - 1))),
        next: (n < total_pages).then(|| pr.urls.url(&urls::paged(first, n + 1))),
        pages,
    })
}

/// The page numbers linked from page `n` of `total`: the first, the last and
/// `PAGINATION_NEIGHBOURS` either side of `n`, in order; `None` marks a skipped run. A run
/// of a single page is linked instead of skipped.
fn page_window(n: usize, total: usize) -> Vec<Option<usize>> {
    let near =
        n.saturating_sub(PAGINATION_NEIGHBOURS).max(1)..=(n + PAGINATION_NEIGHBOURS).min(total);
    let mut out = Vec::new();
    let mut last = 0;
    for k in std::iter::once(1).chain(near).chain(std::iter::once(total)) {
        if k <= last {
            continue;
        }
        if k > last + 2 {
            out.push(None);
        } else if k == last + 2 {
            out.push(Some(last + 1));
        }
        out.push(Some(k));
        last = k;
    }
    out
}

/// Facets with the link of the page being rendered (`current`) marked.
fn marked_facets<K: PartialEq>(facets: &Facets<K>, current: &K) -> Vec<Facet> {
    facets
        .iter()
        .map(|(name, items)| Facet {
            name: name.clone(),
            items: items
                .iter()
                .map(|(k, link)| LinkCount {
                    current: k == current,
                    ..link.clone()
                })
                .collect(),
        })
        .collect()
}

/// The `n`-th page (1-based) of `per` items of `ids`.
fn page_of<T>(ids: &[T], per: usize, n: usize) -> &[T] {
    &ids[((n - 1) * per).min(ids.len())..(n * per).min(ids.len())]
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pagination_links_a_window_not_every_page() {
        let w = |n, t| {
            page_window(n, t)
                .into_iter()
                .map(|k| k.map_or("…".to_string(), |k| k.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(w(1, 2), "1 2");
        assert_eq!(w(1, 7), "1 2 3 … 7");
        assert_eq!(w(4, 7), "1 2 3 4 5 6 7");
        assert_eq!(w(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(w(5, 10), "1 2 3 4 5 6 7 … 10");
        assert_eq!(w(50, 800), "1 … 48 49 50 51 52 … 800");
        assert_eq!(w(800, 800), "1 … 798 799 800");
        // The number of links does not grow with the catalogue.
        assert!(page_window(400, 100_000).len() <= 9);
    }
}
