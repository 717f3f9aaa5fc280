//! Rendering: every page of the site, in parallel, into the staging folder.
//!
//! First a plan: the list of pages (home, each listing page, each record, ...), each a small
//! value naming what it shows. Then each page is turned into its view, rendered with the
//! theme's template and written, on all cores; nothing but the page's own view is built for
//! it, so memory stays flat as the catalogue grows. Photos, theme and site static files,
//! the sitemap, the feed and robots.txt are written beside the pages.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde_json::json;

use crate::base::diag::Problem;
use crate::model::Lang;
use crate::model::refdata::{self, Group, ProvinceId};
use crate::model::*;
use crate::outputs::feeds;
use crate::present::images::Images;
use crate::present::urls::{self, path};
use crate::present::view::*;
use crate::present::{Presenter, group_name, group_short, iso, producer_kind, sales_point_kind};
use crate::theme::{Theme, error_chain};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKey {
    All,
    Stars(u8),
    Group(Group),
    Province(ProvinceId),
    Kind(ProducerKind),
    Expired,
}

struct Listing {
    key: ListKey,
    first: String,
    heading: String,
    intro: String,
    ids: Vec<ProductId>,
}

/// A page set of the supplier directory: every producer, or those of one province, kind,
/// product group or best star rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DirKey {
    All,
    Province(ProvinceId),
    Kind(ProducerKind),
    Group(Group),
    Stars(u8),
}

struct Directory {
    key: DirKey,
    first: String,
    heading: String,
    intro: String,
    /// In directory order: province, then name.
    ids: Vec<ProducerId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
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
    NotFound,
}

struct Plan<'a> {
    pr: Presenter<'a>,
    listings: Vec<Listing>,
    /// Facets over the certified catalogue (without `current` marks).
    facets: Vec<(String, Vec<(ListKey, LinkCount)>)>,
    directories: Vec<Directory>,
    /// Supplier entries of the directory, made on first use (each producer is on about five
    /// directory pages).
    suppliers: Vec<OnceLock<Shared<SupplierEntry>>>,
    /// Facets of the supplier directory (without `current` marks).
    dir_facets: Vec<(String, Vec<(DirKey, LinkCount)>)>,
    /// Position of each certified product in its group's listing, for `related`.
    group_pos: Vec<Option<u32>>,
    /// Every language of the site, with its name and addresses (for `hreflang` and the
    /// language switcher).
    alternates: Vec<(Lang, String, crate::present::urls::Urls)>,
    /// The main navigation (`partials/nav.html`) by the section marked current; `""` for
    /// pages of no section in it.
    navs: HashMap<String, String>,
}

/// Everything needed to render any page of a site on its own: one plan and one template set
/// (with the language's `site` and `t` globals) per language, Vietnamese first, and the list
/// of pages in output order, the same in every language. Page `i` is page
/// `i % pages.len()` in language `i / pages.len()`. A build renders them all; `ocop serve`
/// renders each one when it is asked for.
pub struct Renderer<'a> {
    plans: Vec<Plan<'a>>,
    teras: Vec<tera::Tera>,
    theme: &'a Theme,
    pages: Vec<Page>,
    /// Per language, why its shared parts (the footer) could not be rendered: every page of
    /// that language fails with it.
    pub(crate) broken: Vec<Option<Problem>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, images: &'a Images) -> Renderer<'a> {
        let langs = &site.config.languages;
        let alternates: Vec<(Lang, String)> = langs
            .iter()
            .map(|&l| (l, theme.catalog(l).get("lang.name").to_string()))
            .collect();
        let mut plans = Vec::with_capacity(langs.len());
        let mut teras = Vec::with_capacity(langs.len());
        let mut broken = Vec::with_capacity(langs.len());
        for &l in langs {
            let pr = Presenter::for_lang(site, images, theme.catalog(l));
            let view = site_view(site, &pr, theme);
            let mut tera = theme.tera_for(l, &serde_json::to_value(&view).unwrap_or_default());
            tera.global_context().insert("site", &view);
            tera.global_context().insert("t", &pr.tr.tree());
            // The footer is the same on every page of a language: rendered here once, it is
            // a global string that `base.html` shows, where rendering it on each page took a
            // twentieth of a build.
            let footer = render_alone(&tera, "partials/footer.html", &tera::Context::new());
            // Without the partial's last line break: `base.html` puts its own.
            tera.global_context()
                .insert("footer_html", footer.as_deref().map_or("", str::trim_end));
            // The main navigation depends on the page only through its section (the item
            // marked current): rendered once per section, where its loop and comparisons on
            // every page took a sixtieth of a build.
            let mut navs = HashMap::new();
            let mut nav_problem = None;
            for key in std::iter::once("").chain(view.nav.iter().map(|n| n.key.as_str())) {
                let mut ctx = tera::Context::new();
                ctx.insert("current", key);
                match render_alone(&tera, "partials/nav.html", &ctx) {
                    Ok(html) => {
                        navs.insert(key.to_string(), html.trim_end().to_string());
                    }
                    Err(p) => {
                        nav_problem.get_or_insert(*p);
                    }
                }
            }
            broken.push(footer.err().map(|p| *p).or(nav_problem));
            let mut plan = plan(site, pr, &alternates);
            plan.navs = navs;
            plans.push(plan);
            teras.push(tera);
        }
        let vi = &plans[0];

        let mut pages: Vec<Page> = vec![Page::Home];
        for (i, l) in vi.listings.iter().enumerate() {
            let n = l.ids.len().div_ceil(site.config.per_page).max(1);
            pages.extend((1..=n).map(|p| Page::Listing(i, p)));
        }
        for (i, p) in site.products.iter().enumerate() {
            if site.is_published(p) {
                pages.push(Page::Product(ProductId(i as u32)));
            }
        }
        pages.extend((0..site.producers.len()).map(|i| Page::Producer(ProducerId(i as u32))));
        for (i, d) in vi.directories.iter().enumerate() {
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
        pages.push(Page::NotFound);
        Renderer {
            plans,
            teras,
            theme,
            pages,
            broken,
        }
    }

    /// The QR code of page `i` (Vietnamese product and producer pages; QR codes are shared
    /// by every language): its output file and the absolute address it encodes.
    pub fn qr_of(&self, i: usize) -> Option<(String, String)> {
        let (l, page) = self.at(i);
        if l != 0 {
            return None;
        }
        let pr = self.presenter();
        let site = pr.site;
        let page = match page {
            Page::Product(id) => urls::product(&site.product(id).common.slug),
            Page::Producer(id) => urls::producer(&site.producer(id).common.slug),
            _ => return None,
        };
        Some((
            crate::present::urls::qr_path(&page),
            pr.urls.absolute(&page),
        ))
    }

    /// The Vietnamese presenter: search index, data exports and QR codes are shared by every
    /// language and hold Vietnamese data naming the Vietnamese pages.
    pub fn presenter(&self) -> &Presenter<'a> {
        &self.plans[0].pr
    }

    pub fn theme(&self) -> &Theme {
        self.theme
    }

    /// Number of pages, all languages; pages are numbered `0..page_count()` in output order.
    pub fn page_count(&self) -> usize {
        self.pages.len() * self.plans.len()
    }

    /// The language plan and page of page `i`.
    fn at(&self, i: usize) -> (usize, Page) {
        let n = self.pages.len();
        (i / n, self.pages[i % n])
    }

    /// The output file of page `i` (`san-pham/mat-ong/index.html`, `en/san-pham/...`),
    /// without rendering it.
    pub fn page_file(&self, i: usize) -> String {
        let (l, page) = self.at(i);
        self.plans[l].file_of(page)
    }

    /// Whether `other` has the same pages as this renderer with the same output files, in the
    /// same order (`ocop serve` then keeps its list of files from one rebuild to the next).
    pub fn same_page_files(&self, other: &Renderer) -> bool {
        fn same<T>(x: &[T], y: &[T], slug: fn(&T) -> &str) -> bool {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| slug(x) == slug(y))
        }
        let (a, b) = (self.presenter().site, other.presenter().site);
        self.pages == other.pages
            && a.config.base_url == b.config.base_url
            && self.plans.len() == other.plans.len()
            && self.plans.iter().zip(&other.plans).all(|(x, y)| {
                x.pr.lang == y.pr.lang
                    && x.listings
                        .iter()
                        .map(|l| &l.first)
                        .eq(y.listings.iter().map(|l| &l.first))
                    && (x.directories.iter().map(|d| &d.first))
                        .eq(y.directories.iter().map(|d| &d.first))
            })
            && same(&a.products, &b.products, |x| &x.common.slug)
            && same(&a.producers, &b.producers, |x| &x.common.slug)
            && same(&a.sales_points, &b.sales_points, |x| &x.common.slug)
            && same(&a.fairs, &b.fairs, |x| &x.common.slug)
            && same(&a.stories, &b.stories, |x| &x.common.slug)
            && same(&a.pages, &b.pages, |x| &x.common.slug)
    }

    /// Whether page `i` is a search page, the one page of a language that needs the index.
    pub fn is_search_page(&self, i: usize) -> bool {
        matches!(self.at(i).1, Page::Search)
    }

    /// What the search page `i` shows, given the URL of the index manifest.
    pub fn search_view(&self, i: usize, manifest_url: &str) -> SearchView {
        search_view(&self.plans[self.at(i).0], self.theme, manifest_url)
    }

    /// Renders page `i`: its output file and bytes. `search` is needed by the search pages
    /// only (see [`Renderer::is_search_page`] and [`Renderer::search_view`]).
    pub fn render_page(
        &self,
        i: usize,
        search: Option<&SearchView>,
    ) -> Result<(String, Vec<u8>), Box<Problem>> {
        let (l, page) = self.at(i);
        if let Some(p) = &self.broken[l] {
            return Err(Box::new(p.clone()));
        }
        let plan = &self.plans[l];
        let (template, file_path, mut ctx) = plan.page(page, &self.teras[l])?;
        debug_assert_eq!(file_path, plan.file_of(page));
        if let (Page::Search, Some(search)) = (page, search) {
            ctx.insert("search", search);
        }
        let mut buf = Vec::with_capacity(32 * 1024);
        match self.teras[l].render_to(template, &ctx, &mut buf) {
            Ok(()) => Ok((file_path, buf)),
            Err(e) => Err(Box::new(
                Problem::error(
                    format!("templates/{template}"),
                    format!("cannot render {file_path}: {}", error_chain(&e)),
                )
                .hint("fix the template of the site's theme (or remove it to use the default)"),
            )),
        }
    }

    /// The sitemap, given the output files of the pages in output order: every Vietnamese
    /// page, with its counterparts in the other languages (`hreflang`).
    pub fn sitemap(&self, page_files: &[String]) -> String {
        let langs = &self.presenter().site.config.languages;
        let paths: Vec<String> = page_files
            .iter()
            .filter(|p| !p.ends_with("404.html"))
            .filter(|p| {
                langs
                    .iter()
                    .all(|l| l.prefix().is_empty() || !p.starts_with(l.prefix()))
            })
            .map(|p| p.trim_end_matches("index.html").to_string())
            .collect();
        feeds::sitemap_languages(&self.presenter().urls, &paths, langs)
    }

    /// Each language's stories feed (`cau-chuyen/atom.xml`, `en/cau-chuyen/atom.xml`) and
    /// robots.txt, by output path.
    pub fn feeds(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = self
            .plans
            .iter()
            .map(|plan| {
                (
                    plan.pr.urls.file(path::FEED),
                    feeds::atom(plan.pr.site, &plan.pr),
                )
            })
            .collect();
        v.push((
            "robots.txt".to_string(),
            feeds::robots(&self.presenter().urls),
        ));
        v
    }
}

/// What the search page of a language gets, beside its page metadata.
fn search_view(plan: &Plan, theme: &Theme, manifest_url: &str) -> SearchView {
    let pr = &plan.pr;
    let tr = pr.tr;
    let mut strings: serde_json::Map<String, serde_json::Value> = tr
        .section("search_js.")
        .into_iter()
        .map(|(k, v)| (k, json!(v)))
        .collect();
    strings.insert("lang".into(), json!(pr.lang.code()));
    strings.insert(
        "groups".into(),
        json!(
            Group::ALL
                .iter()
                .map(|&g| (g.slug(), crate::present::group_short(tr, g)))
                .collect::<BTreeMap<_, _>>()
        ),
    );
    strings.insert(
        "kinds".into(),
        json!(
            ProducerKind::ALL
                .iter()
                .map(|&k| (k.slug(), crate::present::producer_kind(tr, k)))
                .collect::<BTreeMap<_, _>>()
        ),
    );
    SearchView {
        index_url: manifest_url.to_string(),
        script_url: match theme.static_files.get("search.js") {
            Some(b) => format!("{}?v={}", pr.urls.asset("search.js"), fingerprint(b)),
            None => pr.urls.asset("search.js"),
        },
        browse: plan
            .facets
            .iter()
            .map(|(name, items)| Facet {
                name: name.clone(),
                items: items.iter().map(|(_, l)| l.clone()).collect(),
            })
            .collect(),
        catalogue_url: pr.urls.url(path::PRODUCTS),
        producers_url: pr.urls.url(path::PRODUCERS),
        pages_url: pr.urls.url(""),
        strings_json: script_json(&serde_json::Value::Object(strings)),
    }
}

fn nav(site: &Site, pr: &Presenter) -> Vec<NavItem> {
    let tr = pr.tr;
    let item = |name: &str, p: &str, key: &str| NavItem {
        name: name.into(),
        url: pr.urls.url(p),
        key: key.into(),
        lang: String::new(),
    };
    let mut v = vec![
        item(tr.get("nav.products"), path::PRODUCTS, "products"),
        item(tr.get("nav.producers"), path::PRODUCERS, "producers"),
        item(
            tr.get("nav.sales_points"),
            path::SALES_POINTS,
            "sales-points",
        ),
        item(tr.get("nav.fairs"), path::FAIRS, "fairs"),
        item(tr.get("nav.stories"), path::STORIES, "stories"),
    ];
    if let Some(p) = site.pages.iter().find(|p| p.common.slug == ABOUT) {
        let (name, lang) = pr.text(&p.title, p.common.en.name.as_ref());
        v.push(NavItem {
            lang,
            ..item(&name, &urls::page(ABOUT), ABOUT)
        });
    }
    v
}

/// The free page linked from the main navigation when it exists.
const ABOUT: &str = "gioi-thieu";

/// A short hash of a file's contents, so its URL changes when it does.
fn fingerprint(bytes: &[u8]) -> String {
    format!("{:08x}", crate::base::hash::fnv64(bytes) as u32)
}

fn site_view(site: &Site, pr: &Presenter, theme: &Theme) -> SiteView {
    let c = &site.config;
    let asset = |name: &str| match theme.static_files.get(name) {
        Some(bytes) => format!("{}?v={}", pr.urls.asset(name), fingerprint(bytes)),
        None => pr.urls.asset(name),
    };
    let favicon = if site.root.join("static/favicon.svg").is_file()
        || theme.static_files.contains_key("favicon.svg")
    {
        pr.urls.asset("favicon.svg")
    } else {
        pr.urls.asset("favicon.ico")
    };
    let (title, title_lang) = pr.text(&c.title, c.title_en.as_ref());
    let (description, description_lang) = pr.text(&c.description, c.description_en.as_ref());
    let (footer, footer_lang) = match &c.footer {
        Some(f) => pr.text(f, c.footer_en.as_ref()),
        None => (String::new(), String::new()),
    };
    SiteView {
        title,
        title_lang,
        description,
        description_lang,
        base_url: c.base_url.clone(),
        base_path: pr.urls.base_path().to_string(),
        lang: pr.lang.code().to_string(),
        province: c
            .province
            .map(|p| refdata::data().province(p).short_name.clone())
            .unwrap_or_default(),
        logo: c.logo.as_ref().map(|l| pr.urls.asset(l)),
        footer,
        footer_lang,
        text_lang: pr.source_lang(),
        colors: c
            .colors
            .iter()
            .map(|(name, value)| CssColor {
                name: name.clone(),
                value: value.clone(),
            })
            .collect(),
        links: SiteLinks {
            home: pr.urls.url(""),
            search: pr.urls.url(path::SEARCH),
            products: pr.urls.url(path::PRODUCTS),
            five_stars: pr.urls.url(&urls::stars(5)),
            producers: pr.urls.url(path::PRODUCERS),
            sales_points: pr.urls.url(path::SALES_POINTS),
            fairs: pr.urls.url(path::FAIRS),
            stories: pr.urls.url(path::STORIES),
            data: pr.urls.url(path::DATA),
        },
        contact: ContactView {
            office: c.contact.office.clone().unwrap_or_default(),
            address: c.contact.address.clone().unwrap_or_default(),
            phone: c.contact.phone.clone().unwrap_or_default(),
            phone_href: c
                .contact
                .phone
                .as_deref()
                .and_then(crate::present::phone_href)
                .unwrap_or_default(),
            email: c.contact.email.clone().unwrap_or_default(),
            website: c.contact.website.clone().unwrap_or_default(),
        },
        nav: nav(site, pr),
        feed_url: pr.urls.url(path::FEED),
        build_date: crate::present::date(site.today),
        stylesheet: asset("style.css"),
        favicon,
    }
}

fn plan<'a>(site: &'a Site, pr: Presenter<'a>, langs: &[(Lang, String)]) -> Plan<'a> {
    let tr = pr.tr;
    let alternates = langs
        .iter()
        .map(|(l, name)| (*l, name.clone(), pr.urls.for_lang(*l)))
        .collect();
    let today = site.today;
    let data = refdata::data();
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
    let mut facets = Vec::new();

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
                &pr,
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
    facets.push((tr.get("listing.facet_stars").to_string(), star_items));

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
            count_link(&pr, &group_short(tr, g), &first, ids.len()),
        ));
        listings.push(Listing {
            key: ListKey::Group(g),
            first,
            heading: group_name(tr, g),
            intro: tr.fill("listing.group_intro", &[("group", &group_name(tr, g))]),
            ids,
        });
    }
    facets.push((tr.get("listing.facet_group").to_string(), group_items));

    let mut by_province: BTreeMap<ProvinceId, Vec<ProductId>> = BTreeMap::new();
    for &id in &certified {
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
            count_link(&pr, &prov.short_name, &first, ids.len()),
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
    facets.push((tr.get("listing.facet_province").to_string(), province_items));

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
            count_link(&pr, &producer_kind(tr, k), &first, ids.len()),
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
    facets.push((tr.get("listing.facet_kind").to_string(), kind_items));

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
        navs: HashMap::new(),
    }
}

/// The supplier directory's page sets and their facets. Product groups count a producer when
/// one of its published products is in the group; star levels count it by its best current
/// rating (certified products only, as on its card).
#[allow(clippy::type_complexity)]
fn plan_directories(
    site: &Site,
    pr: &Presenter,
) -> (Vec<Directory>, Vec<(String, Vec<(DirKey, LinkCount)>)>) {
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
    let of = |f: &dyn Fn(ProducerId) -> bool| -> Vec<ProducerId> {
        all.iter().copied().filter(|&id| f(id)).collect()
    };
    let mut dirs = vec![Directory {
        key: DirKey::All,
        first: path::PRODUCERS.into(),
        heading: tr.get("producers.heading").into(),
        intro: tr.get("producers.intro").into(),
        ids: all.clone(),
    }];
    let mut facets = Vec::new();

    let mut provinces: Vec<ProvinceId> = site.producers.iter().map(|p| p.province).collect();
    provinces.sort_unstable();
    provinces.dedup();
    provinces.sort_by_cached_key(|&p| crate::base::vietnamese::fold(&data.province(p).short_name));
    provinces.dedup();
    let mut items = Vec::new();
    for pid in provinces {
        let prov = data.province(pid);
        let first = urls::producers_by_province(&prov.slug);
        let ids = of(&|id| site.producer(id).province == pid);
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
    facets.push((tr.get("producers.facet_province").to_string(), items));

    let mut items = Vec::new();
    for k in ProducerKind::ALL {
        let first = urls::producers_by_kind(k);
        let ids = of(&|id| site.producer(id).kind == k);
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
    facets.push((tr.get("producers.facet_kind").to_string(), items));

    let mut items = Vec::new();
    for g in Group::ALL {
        let first = urls::producers_by_group(g);
        let ids = of(&|id| {
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
    facets.push((tr.get("producers.facet_group").to_string(), items));

    let mut items = Vec::new();
    for n in (3..=5u8).rev() {
        let first = urls::producers_by_stars(n);
        let ids = of(&|id| pr.producer_cards[id.index()].best_stars == Some(n));
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
    facets.push((tr.get("producers.facet_stars").to_string(), items));
    (dirs, facets)
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
fn marked_facets<K: PartialEq>(
    facets: &[(String, Vec<(K, LinkCount)>)],
    current: &K,
) -> Vec<Facet> {
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

fn count_link(pr: &Presenter, name: &str, first: &str, count: usize) -> LinkCount {
    LinkCount {
        name: name.into(),
        url: pr.urls.url(first),
        count,
        current: false,
    }
}

/// A partial template rendered on its own, with one variable (and the globals `t`, `site`).
fn partial<T: serde::Serialize>(
    tera: &tera::Tera,
    template: &str,
    key: &'static str,
    value: &T,
) -> Result<String, Box<Problem>> {
    let mut ctx = tera::Context::new();
    ctx.insert(key, value);
    render_alone(tera, template, &ctx)
}

/// A template rendered outside any page, with `ctx` and the globals.
fn render_alone(
    tera: &tera::Tera,
    template: &str,
    ctx: &tera::Context,
) -> Result<String, Box<Problem>> {
    tera.render(template, ctx).map_err(|e| {
        Box::new(
            Problem::error(
                format!("templates/{template}"),
                format!("cannot render {template}: {}", error_chain(&e)),
            )
            .hint("fix the template of the site's theme (or remove it to use the default)"),
        )
    })
}

/// Makes JSON safe to place inside a `<script>` element: no `<`, `>` or `&` survive
/// literally, so no text can close the element or open a comment.
fn script_json(v: &impl serde::Serialize) -> String {
    // Neither a `Value` nor the typed JSON-LD can fail to serialise (their keys are text).
    let json = serde_json::to_string(v).unwrap_or_default();
    // Nearly always none of them: the text as it is, without three passes of replacing.
    if !json.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 32);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

impl Plan<'_> {
    /// The main navigation of a page of `section`.
    fn nav_html(&self, section: &str) -> &str {
        self.navs
            .get(section)
            .or_else(|| self.navs.get(""))
            .map_or("", String::as_str)
    }

    /// Page links of a page set starting at `first`, when it has more than one page.
    fn pagination(&self, first: &str, n: usize, total_pages: usize) -> Option<Pagination> {
        pagination(&self.pr, first, n, total_pages)
    }

    fn crumbs(&self, items: &[(&str, &str)]) -> Vec<Link> {
        let mut v = vec![Link {
            name: self.pr.tr.get("nav.home").into(),
            url: self.pr.urls.url(""),
            lang: String::new(),
        }];
        v.extend(items.iter().map(|(n, p)| Link {
            name: (*n).into(),
            url: self.pr.urls.url(p),
            lang: String::new(),
        }));
        v
    }

    /// A breadcrumb ending with a record whose name is marked `lang` (see `Presenter::text`).
    fn record_crumbs(&self, items: &[(&str, &str)], lang: &str) -> Vec<Link> {
        let mut v = self.crumbs(items);
        if let Some(last) = v.last_mut() {
            last.lang = lang.to_string();
        }
        v
    }

    /// The page at `page_path` in every language of the site.
    fn alternates(&self, page_path: &str) -> (Vec<Alternate>, Option<String>) {
        if self.alternates.len() < 2 {
            return (Vec::new(), None);
        }
        let list = self
            .alternates
            .iter()
            .map(|(lang, name, u)| Alternate {
                lang: lang.code().into(),
                name: name.clone(),
                url: u.url(page_path),
                absolute: u.absolute(page_path),
                current: *lang == self.pr.lang,
            })
            .collect();
        let x_default = self
            .alternates
            .first()
            .map(|(_, _, u)| u.absolute(page_path));
        (list, x_default)
    }

    /// The meta of page `n` of a paginated collection (the catalogue or the producer
    /// directory, whole or one facet of it): its heading ("…, page n"), breadcrumbs through
    /// the section and the facet, and `CollectionPage` JSON-LD. The first argument is
    /// (template kind, section, the section's breadcrumb: name and path); the second the
    /// collection's (heading, first page's path, introduction); `facet` is whether it is
    /// one facet rather than the whole.
    fn collection_meta(
        &self,
        (kind, section, section_crumb): (&str, &str, (&str, &str)),
        (list_heading, first, intro): (&str, &str, &str),
        facet: bool,
        n: usize,
        page_path: &str,
    ) -> PageMeta {
        let tr = self.pr.tr;
        let heading = if n > 1 {
            tr.fill("listing.page_n", &[("heading", &list_heading), ("n", &n)])
        } else {
            list_heading.to_string()
        };
        let mut crumbs = vec![section_crumb];
        if facet {
            crumbs.push((list_heading, first));
        }
        if n > 1 {
            crumbs.push((heading.as_str(), page_path));
        }
        let crumbs = self.crumbs(&crumbs);
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": heading,
            "url": self.pr.urls.absolute(page_path),
        });
        self.meta(
            kind,
            section,
            &heading,
            intro,
            page_path,
            crumbs,
            "website",
            None,
            Some(script_json(&ld)),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn meta(
        &self,
        kind: &str,
        section: &str,
        heading: &str,
        description: &str,
        page_path: &str,
        breadcrumb: Vec<Link>,
        og_type: &str,
        og_image: Option<&ImageView>,
        json_ld: Option<String>,
    ) -> PageMeta {
        let c = &self.pr.site.config;
        let site_title = self.pr.text(&c.title, c.title_en.as_ref()).0;
        let title = if kind == "home" {
            site_title.clone()
        } else {
            format!("{heading} | {site_title}")
        };
        let description = if description.is_empty() {
            self.pr.text(&c.description, c.description_en.as_ref()).0
        } else {
            description.to_string()
        };
        // The 404 page has no counterpart: a missing page is missing in every language.
        let (alternates, x_default) = if kind == "not-found" {
            (Vec::new(), None)
        } else {
            self.alternates(page_path)
        };
        PageMeta {
            title,
            heading: heading.into(),
            description,
            canonical: self.pr.urls.absolute(page_path),
            url: self.pr.urls.url(page_path),
            og_type: og_type.into(),
            // Link previews (Zalo, Facebook) want a 1200×630 raster image, never SVG.
            og_image: og_image.and_then(|i| i.social.clone()),
            breadcrumb,
            json_ld,
            section: section.into(),
            kind: kind.into(),
            alternates,
            x_default,
        }
    }

    /// The output file of a page, as [`Plan::page`] names it, without building its view.
    fn file_of(&self, page: Page) -> String {
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
            Page::NotFound => return self.pr.urls.file("404.html"),
        };
        self.pr.urls.file(&format!("{dir}index.html"))
    }

    /// The template, output file and context of a page.
    fn page(
        &self,
        page: Page,
        tera: &tera::Tera,
    ) -> Result<(&'static str, String, tera::Context), Box<Problem>> {
        let mut ctx = tera::Context::new();
        let site = self.pr.site;
        let pr = &self.pr;
        let tr = pr.tr;
        let site_title = pr.text(&site.config.title, site.config.title_en.as_ref()).0;
        let (template, page_path, meta) = match page {
            Page::Home => {
                let certified = &self.listings[0].ids;
                let featured: Vec<ProductId> = certified
                    .iter()
                    .copied()
                    .filter(|&id| site.product(id).stars().get() == 5)
                    .take(8)
                    .collect();
                let mut newest = certified.clone();
                newest.sort_by_key(|&id| {
                    std::cmp::Reverse((
                        site.product(id).current().issued,
                        std::cmp::Reverse(pr.rank[id.index()]),
                    ))
                });
                newest.truncate(8);
                let mut upcoming: Vec<FairId> = (0..site.fairs.len() as u32)
                    .map(FairId)
                    .filter(|&f| site.fair(f).time(site.today) != FairTime::Past)
                    .collect();
                upcoming.sort_by_key(|&f| site.fair(f).starts);
                let mut stories: Vec<StoryId> =
                    (0..site.stories.len() as u32).map(StoryId).collect();
                stories.sort_by_key(|&s| std::cmp::Reverse(site.story(s).date));
                let facet = |i: usize| self.facets[i].1.iter().map(|(_, l)| l.clone()).collect();
                let home = HomeView {
                    featured: pr.product_cards_of(&featured),
                    newest: pr.product_cards_of(&newest),
                    stars: facet(0),
                    groups: facet(1),
                    provinces: facet(2),
                    upcoming_fairs: upcoming
                        .iter()
                        .take(3)
                        .map(|f| pr.fair_cards[f.index()].clone())
                        .collect(),
                    stories: stories
                        .iter()
                        .take(3)
                        .map(|s| pr.story_cards[s.index()].clone())
                        .collect(),
                    product_count: certified.len(),
                    producer_count: site.producers.len(),
                    sales_point_count: site.sales_points.len(),
                    catalogue_url: pr.urls.url(path::PRODUCTS),
                    fairs_url: pr.urls.url(path::FAIRS),
                    stories_url: pr.urls.url(path::STORIES),
                };
                self.cards(tera, &home.featured)?;
                self.cards(tera, &home.newest)?;
                ctx.insert("home", &home);
                let ld = json!({
                    "@context": "https://schema.org",
                    "@type": "WebSite",
                    "name": site_title,
                    "url": pr.urls.absolute(""),
                    "inLanguage": pr.lang.code(),
                });
                (
                    "home.html",
                    String::new(),
                    self.meta(
                        "home",
                        "",
                        &site_title,
                        "",
                        "",
                        self.crumbs(&[]),
                        "website",
                        None,
                        Some(script_json(&ld)),
                    ),
                )
            }
            Page::Listing(i, n) => {
                let l = &self.listings[i];
                let per = site.config.per_page;
                let total_pages = l.ids.len().div_ceil(per).max(1);
                let slice = &l.ids[((n - 1) * per).min(l.ids.len())..(n * per).min(l.ids.len())];
                let page_path = urls::paged(&l.first, n);
                let pagination = pagination(pr, &l.first, n, total_pages);
                let facets = marked_facets(&self.facets, &l.key);
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
                self.cards(tera, &view.products)?;
                ctx.insert("listing", &view);
                let meta = self.collection_meta(
                    (
                        "listing",
                        "products",
                        (tr.get("nav.products"), path::PRODUCTS),
                    ),
                    (&l.heading, &l.first, &l.intro),
                    l.key != ListKey::All,
                    n,
                    &page_path,
                );
                ("listing.html", page_path, meta)
            }
            Page::Product(id) => {
                let p = site.product(id);
                let view = pr.product(id, self.related(id));
                let page_path = urls::product(&p.common.slug);
                let ld = self.product_ld(p, &view);
                let crumbs = self.record_crumbs(
                    &[
                        (tr.get("nav.products"), path::PRODUCTS),
                        (&group_short(tr, p.group), &urls::group(p.group)),
                        (&view.name, &page_path),
                    ],
                    &view.name_lang,
                );
                let meta = self.meta(
                    "product",
                    "products",
                    &view.name,
                    &view.summary,
                    &page_path,
                    crumbs,
                    "product",
                    view.cover.as_ref(),
                    Some(script_json(&ld)),
                );
                self.cards(tera, &view.related)?;
                view.producer_card
                    .prepare(|c| partial(tera, "partials/producer_card.html", "producer", c))?;
                ctx.insert("product", &view);
                ("product.html", page_path, meta)
            }
            Page::Producer(id) => {
                let p = site.producer(id);
                let view = pr.producer(id);
                let page_path = urls::producer(&p.common.slug);
                let ld = organization_ld(pr, p, &view.card);
                let crumbs = self.record_crumbs(
                    &[
                        (tr.get("nav.producers"), path::PRODUCERS),
                        (&view.card.name, &page_path),
                    ],
                    &view.card.name_lang,
                );
                let desc = tr.fill(
                    "producer.description",
                    &[
                        ("kind", &view.card.kind_label),
                        ("province", &view.card.province),
                        ("n", &view.card.product_count),
                    ],
                );
                let meta = self.meta(
                    "producer",
                    "producers",
                    &view.card.name,
                    &desc,
                    &page_path,
                    crumbs,
                    "profile",
                    view.card.image.as_ref(),
                    Some(script_json(&ld)),
                );
                self.cards(tera, &view.products)?;
                ctx.insert("producer", &view);
                ("producer.html", page_path, meta)
            }
            Page::Directory(i, n) => {
                let d = &self.directories[i];
                let per = site.config.per_page;
                let total_pages = d.ids.len().div_ceil(per).max(1);
                let slice = &d.ids[((n - 1) * per).min(d.ids.len())..(n * per).min(d.ids.len())];
                let page_path = urls::paged(&d.first, n);
                let mut groups: Vec<ProducerGroup> = Vec::new();
                for &id in slice {
                    let entry = self.supplier(tera, id)?;
                    match groups.last_mut() {
                        Some(g) if g.name == entry.card.province => g.producers.push(entry),
                        _ => groups.push(ProducerGroup {
                            name: entry.card.province.clone(),
                            producers: vec![entry],
                        }),
                    }
                }
                let facets = marked_facets(&self.dir_facets, &d.key);
                let other = if d.key == DirKey::All {
                    Vec::new()
                } else {
                    vec![Link {
                        name: tr.get("producers.all_link").into(),
                        url: pr.urls.url(path::PRODUCERS),
                        lang: String::new(),
                    }]
                };
                let view = DirectoryView {
                    intro: d.intro.clone(),
                    total: d.ids.len(),
                    facets,
                    groups,
                    pagination: self.pagination(&d.first, n, total_pages),
                    other,
                };
                ctx.insert("directory", &view);
                let meta = self.collection_meta(
                    (
                        "producers",
                        "producers",
                        (tr.get("nav.producers"), path::PRODUCERS),
                    ),
                    (&d.heading, &d.first, &d.intro),
                    d.key != DirKey::All,
                    n,
                    &page_path,
                );
                ("producers.html", page_path, meta)
            }
            Page::SalesPoints => {
                let mut groups: BTreeMap<String, SalesPointGroup> = BTreeMap::new();
                let mut ids: Vec<usize> = (0..site.sales_points.len()).collect();
                ids.sort_by_cached_key(|&i| {
                    crate::base::vietnamese::fold(&site.sales_points[i].name)
                });
                for i in ids {
                    let card = &pr.sales_point_cards[i];
                    groups
                        .entry(crate::base::vietnamese::fold(&card.province))
                        .or_insert_with(|| SalesPointGroup {
                            name: card.province.clone(),
                            points: Vec::new(),
                        })
                        .points
                        .push(card.clone());
                }
                let view = SalesPointsView {
                    total: site.sales_points.len(),
                    groups: groups.into_values().collect(),
                };
                ctx.insert("sales_points", &view);
                let heading = tr.get("sales_points.heading");
                let crumbs = self.crumbs(&[(tr.get("nav.sales_points"), path::SALES_POINTS)]);
                let meta = self.meta(
                    "sales-points",
                    "sales-points",
                    heading,
                    tr.get("sales_points.description"),
                    path::SALES_POINTS,
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ("sales_points.html", path::SALES_POINTS.to_string(), meta)
            }
            Page::SalesPoint(id) => {
                let s = site.sales_point(id);
                let view = pr.sales_point(id);
                let page_path = urls::sales_point(&s.common.slug);
                let ld = store_ld(pr, s, &view.card);
                let crumbs = self.record_crumbs(
                    &[
                        (tr.get("nav.sales_points"), path::SALES_POINTS),
                        (&view.card.name, &page_path),
                    ],
                    &view.card.name_lang,
                );
                let desc = tr.fill(
                    "sales_point.description",
                    &[
                        ("kind", &sales_point_kind(tr, s.kind)),
                        ("address", &s.address),
                        ("n", &view.card.product_count),
                    ],
                );
                let meta = self.meta(
                    "sales-point",
                    "sales-points",
                    &view.card.name,
                    &desc,
                    &page_path,
                    crumbs,
                    "website",
                    view.photos.first(),
                    Some(script_json(&ld)),
                );
                self.cards(tera, &view.products)?;
                ctx.insert("point", &view);
                ("sales_point.html", page_path, meta)
            }
            Page::Fairs => {
                let mut upcoming = Vec::new();
                let mut past = Vec::new();
                let mut ids: Vec<usize> = (0..site.fairs.len()).collect();
                ids.sort_by_key(|&i| site.fairs[i].starts);
                for i in ids {
                    match site.fairs[i].time(site.today) {
                        FairTime::Past => past.push(pr.fair_cards[i].clone()),
                        _ => upcoming.push(pr.fair_cards[i].clone()),
                    }
                }
                past.reverse();
                ctx.insert(
                    "fairs",
                    &FairsView {
                        upcoming,
                        past,
                        calendar: pr.urls.asset(crate::present::urls::out::FAIRS_ICS),
                    },
                );
                let crumbs = self.crumbs(&[(tr.get("nav.fairs"), path::FAIRS)]);
                let meta = self.meta(
                    "fairs",
                    "fairs",
                    tr.get("fairs.heading"),
                    tr.get("fairs.description"),
                    path::FAIRS,
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ("fairs.html", path::FAIRS.to_string(), meta)
            }
            Page::Fair(id) => {
                let f = site.fair(id);
                let view = pr.fair(id);
                let page_path = urls::fair(&f.common.slug);
                let ld = event_ld(pr, f, &view);
                let crumbs = self.record_crumbs(
                    &[
                        (tr.get("nav.fairs"), path::FAIRS),
                        (&view.card.name, &page_path),
                    ],
                    &view.card.name_lang,
                );
                let desc = tr.fill(
                    "fair.description",
                    &[
                        ("dates", &view.card.dates),
                        ("venue", &view.card.venue),
                        ("producers", &view.producers.len()),
                        ("products", &view.products.len()),
                    ],
                );
                let meta = self.meta(
                    "fair",
                    "fairs",
                    &view.card.name,
                    &desc,
                    &page_path,
                    crumbs,
                    "website",
                    view.card.image.as_ref(),
                    Some(script_json(&ld)),
                );
                self.cards(tera, &view.products)?;
                ctx.insert("fair", &view);
                ("fair.html", page_path, meta)
            }
            Page::Stories => {
                let mut ids: Vec<usize> = (0..site.stories.len()).collect();
                ids.sort_by_key(|&i| std::cmp::Reverse(site.stories[i].date));
                let view = StoriesView {
                    stories: ids.iter().map(|&i| pr.story_cards[i].clone()).collect(),
                };
                ctx.insert("stories", &view);
                let crumbs = self.crumbs(&[(tr.get("nav.stories"), path::STORIES)]);
                let meta = self.meta(
                    "stories",
                    "stories",
                    tr.get("stories.heading"),
                    tr.get("stories.description"),
                    path::STORIES,
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ("stories.html", path::STORIES.to_string(), meta)
            }
            Page::Story(id) => {
                let s = site.story(id);
                let view = pr.story(id);
                let page_path = urls::story(&s.common.slug);
                let ld = json!({
                    "@context": "https://schema.org",
                    "@type": "Article",
                    "headline": view.card.title,
                    "datePublished": iso(s.date),
                    "author": s.author.as_ref().map(|a| json!({"@type": "Person", "name": a})),
                    "url": pr.urls.absolute(&page_path),
                    "inLanguage": if view.body_lang.is_empty() { pr.lang.code() } else { view.body_lang.as_str() },
                });
                let crumbs = self.record_crumbs(
                    &[
                        (tr.get("nav.stories"), path::STORIES),
                        (&view.card.title, &page_path),
                    ],
                    &view.card.title_lang,
                );
                let meta = self.meta(
                    "story",
                    "stories",
                    &view.card.title,
                    &view.card.summary,
                    &page_path,
                    crumbs,
                    "article",
                    view.card.image.as_ref(),
                    Some(script_json(&ld)),
                );
                self.cards(tera, &view.products)?;
                ctx.insert("story", &view);
                ("story.html", page_path, meta)
            }
            Page::Free(i) => {
                let p = &site.pages[i];
                let page_path = urls::page(&p.common.slug);
                let view = pr.free_page(i);
                let crumbs = self.record_crumbs(&[(&view.title, &page_path)], &view.title_lang);
                let summary = pr
                    .text(
                        p.summary.as_deref().unwrap_or(""),
                        p.common.en.summary.as_ref(),
                    )
                    .0;
                let meta = self.meta(
                    "page",
                    &p.common.slug,
                    &view.title,
                    &summary,
                    &page_path,
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ctx.insert("content", &view);
                ("page.html", page_path, meta)
            }
            Page::Search => {
                let crumbs = self.crumbs(&[(tr.get("nav.search"), path::SEARCH)]);
                let meta = self.meta(
                    "search",
                    "search",
                    tr.get("search.heading"),
                    tr.get("search.description"),
                    path::SEARCH,
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ("search.html", path::SEARCH.to_string(), meta)
            }
            Page::Data => {
                use crate::present::urls::out;
                let file = |key: &str, p: &str, format: &str| DataFile {
                    name: tr.get(&format!("data.{key}")).into(),
                    url: pr.urls.asset(p),
                    format: format.into(),
                    description: tr.get(&format!("data.{key}_about")).into(),
                };
                let view = DataView {
                    files: vec![
                        file("products_csv", out::PRODUCTS_CSV, "CSV"),
                        file("producers_csv", out::PRODUCERS_CSV, "CSV"),
                        file("products_json", out::PRODUCTS_JSON, "JSON"),
                        file("producers_json", out::PRODUCERS_JSON, "JSON"),
                        file("sales_points_json", out::SALES_POINTS_JSON, "JSON"),
                        file("fairs_json", out::FAIRS_JSON, "JSON"),
                        file("fairs_ics", out::FAIRS_ICS, "iCalendar"),
                        file("new_products_feed", out::NEW_PRODUCTS_FEED, "Atom"),
                    ],
                };
                ctx.insert("data", &view);
                let heading = tr.get("data.heading");
                let crumbs = self.crumbs(&[(heading, path::DATA)]);
                let meta = self.meta(
                    "data",
                    "data",
                    heading,
                    tr.get("data.description"),
                    path::DATA,
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ("data.html", path::DATA.to_string(), meta)
            }
            Page::NotFound => {
                let crumbs = self.crumbs(&[]);
                let meta = self.meta(
                    "not-found",
                    "",
                    tr.get("not_found.heading"),
                    "",
                    "404.html",
                    crumbs,
                    "website",
                    None,
                    None,
                );
                ctx.insert("page", &meta);
                ctx.insert("nav_html", self.nav_html(&meta.section));
                return Ok(("404.html", pr.urls.file("404.html"), ctx));
            }
        };
        ctx.insert("page", &meta);
        ctx.insert("nav_html", self.nav_html(&meta.section));
        let file = pr.urls.file(&format!("{page_path}index.html"));
        Ok((template, file, ctx))
    }

    /// Gives each product card its `html` (see [`Shared`]), rendering those not made yet.
    fn cards(&self, tera: &tera::Tera, cards: &[Shared<ProductCard>]) -> Result<(), Box<Problem>> {
        for c in cards {
            c.prepare(|card| partial(tera, "partials/product_card.html", "card", card))?;
        }
        Ok(())
    }

    /// The directory entry of a producer, with its `html`, made once.
    fn supplier(
        &self,
        tera: &tera::Tera,
        id: ProducerId,
    ) -> Result<Shared<SupplierEntry>, Box<Problem>> {
        let entry = self.suppliers[id.index()].get_or_init(|| Shared::new(self.pr.supplier(id)));
        entry.prepare(|e| partial(tera, "partials/supplier.html", "entry", e))?;
        Ok(entry.clone())
    }

    /// Up to 4 related products: the same producer first, then the same group and province.
    fn related(&self, id: ProductId) -> Vec<ProductId> {
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

    fn product_ld<'a>(&self, p: &'a Product, view: &'a ProductView) -> ld::Product<'a> {
        let pr = &self.pr;
        let cert = p.current();
        let url = pr.urls.absolute_of_url(&view.url);
        let gtin = p.specs.barcode.as_ref().map(|g| g.as_str());
        let gtin_of = |len: usize| gtin.filter(|g| g.len() == len);
        ld::Product {
            context: ld::CONTEXT,
            kind: "Product",
            brand: ld::Named {
                kind: "Brand",
                name: Cow::Borrowed(&view.producer.name),
            },
            category: group_name(pr.tr, p.group),
            description: (!view.summary.is_empty()).then_some(view.summary.as_str()),
            gtin12: gtin_of(12),
            gtin13: gtin_of(13),
            gtin14: gtin_of(14),
            gtin8: gtin_of(8),
            has_certification: ld::Certification {
                kind: "Certification",
                identification: &cert.decision,
                rating: ld::Rating {
                    kind: "Rating",
                    best: 5,
                    value: cert.stars.get(),
                    worst: 1,
                },
                status: if p.status(self.pr.site.today).is_valid() {
                    "https://schema.org/CertificationActive"
                } else {
                    "https://schema.org/CertificationInactive"
                },
                expires: iso(cert.valid_until),
                issued_by: ld::Named {
                    kind: "Organization",
                    name: match &cert.issuer {
                        Some(i) => Cow::Borrowed(i),
                        None => Cow::Owned(pr.tr.get("product.issued_by_default").into()),
                    },
                },
                name: pr
                    .tr
                    .fill("product.certificate_name", &[("n", &cert.stars.get())]),
                valid_from: iso(cert.issued),
            },
            image: view
                .photos
                .iter()
                .map(|i| pr.urls.absolute_of_url(&i.url))
                .collect(),
            manufacturer: ld::Manufacturer {
                kind: "Organization",
                name: &view.producer.name,
                url: pr.urls.absolute_of_url(&view.producer.url),
            },
            name: &view.name,
            offers: p.price.map(|price| ld::Offer {
                kind: "Offer",
                price,
                currency: "VND",
                url: url.clone(),
            }),
            url,
        }
    }
}

/// The schema.org JSON-LD of product pages as typed records, fields in alphabetical order
/// ("@" first), the order the JSON maps they replaced wrote them in; a product page no
/// longer builds a map of maps to print it.
mod ld {
    use std::borrow::Cow;

    use serde::Serialize;

    pub const CONTEXT: &str = "https://schema.org";

    #[derive(Serialize)]
    pub struct Product<'a> {
        #[serde(rename = "@context")]
        pub context: &'static str,
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub brand: Named<'a>,
        pub category: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub description: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gtin12: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gtin13: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gtin14: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub gtin8: Option<&'a str>,
        #[serde(rename = "hasCertification")]
        pub has_certification: Certification<'a>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub image: Vec<String>,
        pub manufacturer: Manufacturer<'a>,
        pub name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub offers: Option<Offer>,
        pub url: String,
    }

    /// A brand, or an organisation known by its name only.
    #[derive(Serialize)]
    pub struct Named<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub name: Cow<'a, str>,
    }

    #[derive(Serialize)]
    pub struct Manufacturer<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub name: &'a str,
        pub url: String,
    }

    #[derive(Serialize)]
    pub struct Certification<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        #[serde(rename = "certificationIdentification")]
        pub identification: &'a str,
        #[serde(rename = "certificationRating")]
        pub rating: Rating,
        #[serde(rename = "certificationStatus")]
        pub status: &'static str,
        pub expires: String,
        #[serde(rename = "issuedBy")]
        pub issued_by: Named<'a>,
        pub name: String,
        #[serde(rename = "validFrom")]
        pub valid_from: String,
    }

    #[derive(Serialize)]
    pub struct Rating {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        #[serde(rename = "bestRating")]
        pub best: u8,
        #[serde(rename = "ratingValue")]
        pub value: u8,
        #[serde(rename = "worstRating")]
        pub worst: u8,
    }

    #[derive(Serialize)]
    pub struct Offer {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub price: u64,
        #[serde(rename = "priceCurrency")]
        pub currency: &'static str,
        pub url: String,
    }
}

fn address_ld(street: Option<&str>, commune: Option<&str>, province: &str) -> serde_json::Value {
    json!({
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": commune,
        "addressRegion": province,
        "addressCountry": "VN",
    })
}

fn organization_ld(pr: &Presenter, p: &Producer, card: &ProducerCard) -> serde_json::Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": card.name,
        "url": pr.urls.absolute_of_url(&card.url),
        "address": address_ld(p.address.as_deref(), p.commune.as_deref(), &card.province),
    });
    if let Some(o) = ld.as_object_mut() {
        if let Some(t) = &p.phone {
            o.insert("telephone".into(), json!(t));
        }
        if let Some(e) = &p.email {
            o.insert("email".into(), json!(e));
        }
        if let Some(y) = p.founded {
            o.insert("foundingDate".into(), json!(y.to_string()));
        }
        if let Some(t) = &p.tax_code {
            o.insert("taxID".into(), json!(t));
        }
        let same: Vec<&String> = p.website.iter().chain(p.facebook.iter()).collect();
        if !same.is_empty() {
            o.insert("sameAs".into(), json!(same));
        }
    }
    ld
}

fn store_ld(pr: &Presenter, s: &SalesPoint, card: &SalesPointCard) -> serde_json::Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Store",
        "name": card.name,
        "url": pr.urls.absolute_of_url(&card.url),
        "address": address_ld(Some(&s.address), s.commune.as_deref(), &card.province),
    });
    if let Some(o) = ld.as_object_mut() {
        if let Some(t) = &s.phone {
            o.insert("telephone".into(), json!(t));
        }
        if let Some((lat, lon)) = s.location {
            o.insert(
                "geo".into(),
                json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}),
            );
        }
    }
    ld
}

fn event_ld(pr: &Presenter, f: &Fair, view: &FairView) -> serde_json::Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": view.card.name,
        "url": pr.urls.absolute_of_url(&view.card.url),
        "startDate": iso(f.starts),
        "endDate": iso(f.ends),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": f.venue, "address": address_ld(None, None, &view.card.province)},
    });
    if let Some(o) = ld.as_object_mut()
        && let Some(org) = &f.organizer
    {
        o.insert(
            "organizer".into(),
            json!({"@type": "Organization", "name": org}),
        );
    }
    ld
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn script_json_escapes_what_could_close_the_script_and_keeps_the_rest() {
        let v = serde_json::json!({"name": "Mật ong </script><!-- & \"x\"", "n": 1});
        let out = super::script_json(&v);
        assert!(!out.contains(['<', '>', '&']), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(back, v);
        let plain = serde_json::json!({"name": "Mật ong"});
        assert_eq!(super::script_json(&plain), plain.to_string());
    }

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
