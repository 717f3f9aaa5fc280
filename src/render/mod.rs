//! Rendering: every page of the site, in parallel, into the staging folder.
//!
//! The pages, their views and their metadata are planned and built by `present`; this
//! stage is the one that calls Tera. Per language it loads the theme's templates with the
//! globals every page shares (`site`, `t`, the footer and the main navigation, rendered
//! once), renders the shared cards a page's view shows (each once, see `Shared`), then the
//! page, and writes it, on all cores; nothing but the page's own view is built for it, so
//! memory stays flat as the catalogue grows. Photos, theme and site static files, the
//! sitemap, the feed and robots.txt are written beside the pages.

mod compact;

use std::collections::HashMap;

use crate::base::diag::Problem;
use crate::model::Lang;
use crate::model::*;
use crate::present::Presenter;
use crate::present::images::Images;
use crate::present::pages::{Partials, search_view};
use crate::present::plan::{Page, Plan, plan};
use crate::present::site::site_view;
use crate::present::view::{SearchView, SiteView};
use crate::theme::{Theme, error_chain};

/// Everything needed to render any page of a site on its own: one plan and one template set
/// (with the language's `site` and `t` globals) per language, Vietnamese first, and the list
/// of pages in output order, the same in every language. Page `i` is page
/// `i % pages.len()` in language `i / pages.len()`. A build renders them all; `ocop serve`
/// renders each one when it is asked for.
pub(crate) struct Renderer<'a> {
    plans: Vec<Plan<'a>>,
    teras: Vec<tera::Tera>,
    /// Per language, the main navigation (`partials/nav.html`) by the section marked
    /// current; `""` for pages of no section in it.
    navs: Vec<HashMap<String, String>>,
    theme: &'a Theme,
    pages: Vec<Page>,
    /// Per language, why its shared parts (the footer) could not be rendered: every page of
    /// that language fails with it.
    pub(crate) broken: Vec<Option<Problem>>,
}

/// One language's templates with the globals of every page, as [`templates`] makes them.
struct Templates {
    tera: tera::Tera,
    navs: HashMap<String, String>,
    broken: Option<Problem>,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(site: &'a Site, theme: &'a Theme, images: &'a Images) -> Renderer<'a> {
        let langs = &site.config.languages;
        let alternates: Vec<(Lang, String)> = langs
            .iter()
            .map(|&l| (l, theme.catalog(l).get("lang.name").to_string()))
            .collect();
        let mut plans = Vec::with_capacity(langs.len());
        let mut teras = Vec::with_capacity(langs.len());
        let mut navs = Vec::with_capacity(langs.len());
        let mut broken = Vec::with_capacity(langs.len());
        for &l in langs {
            let pr = Presenter::for_lang(site, images, theme.catalog(l));
            let view = site_view(site, &pr, theme);
            let t = templates(theme, l, &view, &pr);
            plans.push(plan(site, pr, &alternates));
            teras.push(t.tera);
            navs.push(t.navs);
            broken.push(t.broken);
        }
        let pages = plans[0].pages();
        Renderer {
            plans,
            teras,
            navs,
            theme,
            pages,
            broken,
        }
    }

    /// The Vietnamese presenter: search index, data exports and QR codes are shared by every
    /// language and hold Vietnamese data naming the Vietnamese pages.
    pub(crate) fn presenter(&self) -> &Presenter<'a> {
        &self.plans[0].pr
    }

    pub(crate) fn theme(&self) -> &Theme {
        self.theme
    }

    /// Number of pages, all languages; pages are numbered `0..page_count()` in output order.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len() * self.plans.len()
    }

    /// The language plan and page of page `i`.
    fn at(&self, i: usize) -> (usize, Page) {
        let n = self.pages.len();
        (i / n, self.pages[i % n])
    }

    /// The output file of page `i` (`san-pham/mat-ong/index.html`, `en/san-pham/...`),
    /// without rendering it.
    pub(crate) fn page_file(&self, i: usize) -> String {
        let (l, page) = self.at(i);
        self.plans[l].file_of(page)
    }

    /// Whether `other` has the same pages as this renderer with the same output files, in the
    /// same order (`ocop serve` then keeps its list of files from one rebuild to the next).
    pub(crate) fn same_page_files(&self, other: &Renderer) -> bool {
        fn same<T>(x: &[T], y: &[T], slug: fn(&T) -> &str) -> bool {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| slug(x) == slug(y))
        }
        let (a, b) = (self.presenter().site, other.presenter().site);
        self.pages == other.pages
            && a.config.base_url == b.config.base_url
            && self.plans.len() == other.plans.len()
            && (self.plans.iter().zip(&other.plans)).all(|(x, y)| x.same_page_sets(y))
            && same(&a.products, &b.products, |x| &x.common.slug)
            && same(&a.producers, &b.producers, |x| &x.common.slug)
            && same(&a.sales_points, &b.sales_points, |x| &x.common.slug)
            && same(&a.fairs, &b.fairs, |x| &x.common.slug)
            && same(&a.stories, &b.stories, |x| &x.common.slug)
            && same(&a.pages, &b.pages, |x| &x.common.slug)
    }

    /// Whether page `i` is a search page, the one page of a language that needs the index.
    pub(crate) fn is_search_page(&self, i: usize) -> bool {
        matches!(self.at(i).1, Page::Search)
    }

    /// Whether page `i` shows the size of the download files (the data page and the pages
    /// of the supplier directory): it is rendered once the exports are made and their sizes
    /// given ([`Renderer::set_download_sizes`]).
    pub(crate) fn shows_downloads(&self, i: usize) -> bool {
        matches!(
            self.at(i).1,
            Page::Data | Page::Directory(..) | Page::Statistics | Page::YearPlan(_) | Page::Changes
        )
    }

    /// Gives every language the size of each download file (by site-relative path); set
    /// once, later calls change nothing.
    pub(crate) fn set_download_sizes(&self, sizes: &std::collections::BTreeMap<String, u64>) {
        for plan in &self.plans {
            let _ = plan.pr.download_sizes.set(sizes.clone());
        }
    }

    /// What the search page `i` shows, given the URL of the index manifest.
    pub(crate) fn search_view(&self, i: usize, manifest_url: &str) -> SearchView {
        search_view(&self.plans[self.at(i).0], self.theme, manifest_url)
    }

    /// Renders page `i`: its output file and bytes. `search` is needed by the search pages
    /// only (see [`Renderer::is_search_page`] and [`Renderer::search_view`]).
    pub(crate) fn render_page(
        &self,
        i: usize,
        search: Option<&SearchView>,
    ) -> Result<(String, Vec<u8>), Box<Problem>> {
        let (l, page) = self.at(i);
        if let Some(p) = &self.broken[l] {
            return Err(Box::new(p.clone()));
        }
        let plan = &self.plans[l];
        let tera = &self.teras[l];
        let built = plan.page(page);
        debug_assert_eq!(built.file, plan.file_of(page));
        prepare(tera, built.view.partials())?;
        let mut ctx = tera::Context::new();
        if let Some(key) = built.view.key() {
            ctx.insert(key, &built.view);
        }
        ctx.insert("page", &built.meta);
        ctx.insert("nav_html", nav_html(&self.navs[l], &built.meta.section));
        if let (Page::Search, Some(search)) = (page, search) {
            ctx.insert("search", search);
        }
        let (template, file_path) = (built.template, built.file);
        let mut buf = Vec::with_capacity(32 * 1024);
        match tera.render_to(template, &ctx, &mut buf) {
            Ok(()) => Ok((file_path, compact::compact(&buf))),
            Err(e) => Err(Box::new(
                Problem::error(
                    format!("templates/{template}"),
                    format!("cannot render {file_path}: {}", error_chain(&e)),
                )
                .hint("fix the template of the site's theme (or remove it to use the default)"),
            )),
        }
    }

    /// The presenter of each language, Vietnamese first.
    pub(crate) fn presenters(&self) -> impl Iterator<Item = &Presenter<'a>> {
        self.plans.iter().map(|plan| &plan.pr)
    }
}

/// The templates of language `l`, with the globals every page gets: `site`, `t` and the
/// footer (`footer_html`), and the main navigation of each section.
fn templates(theme: &Theme, l: Lang, view: &SiteView, pr: &Presenter) -> Templates {
    let mut tera = theme.tera_for(l, &serde_json::to_value(view).unwrap_or_default());
    tera.global_context().insert("site", view);
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
    Templates {
        tera,
        navs,
        broken: footer.err().map(|p| *p).or(nav_problem),
    }
}

/// The main navigation of a page of `section`.
fn nav_html<'n>(navs: &'n HashMap<String, String>, section: &str) -> &'n str {
    navs.get(section)
        .or_else(|| navs.get(""))
        .map_or("", String::as_str)
}

/// Gives each shared card and entry of a page its `html` (see
/// [`crate::present::view::Shared`]), rendering those not made yet.
fn prepare(tera: &tera::Tera, partials: Partials) -> Result<(), Box<Problem>> {
    for c in &partials.product_cards {
        c.prepare(|card| card_html(tera, "partials/product_card.html", "card", card))?;
    }
    for c in &partials.producer_cards {
        c.prepare(|c| card_html(tera, "partials/producer_card.html", "producer", c))?;
    }
    for e in &partials.suppliers {
        e.prepare(|e| card_html(tera, "partials/supplier.html", "entry", e))?;
    }
    Ok(())
}

/// A card as templates see it: `{ html }`, its partial rendered, marked safe (it is the
/// theme's own HTML) and shared by every page that shows it.
fn card_html<T: serde::Serialize>(
    tera: &tera::Tera,
    template: &str,
    key: &'static str,
    value: &T,
) -> Result<tera::Value, Box<Problem>> {
    #[derive(serde::Serialize)]
    struct Html {
        html: tera::Value,
    }
    let html = partial(tera, template, key, value)?;
    Ok(tera::Value::from_serializable(&Html {
        html: tera::Value::safe_string(&html),
    }))
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
