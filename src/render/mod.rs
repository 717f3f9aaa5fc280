//! Rendering: every page of the site, in parallel, into the staging folder.
//!
//! The pages, their views and their metadata are planned and built by `present`; this
//! stage is the one that calls Tera. Per language it loads the theme's templates with the
//! globals every page shares (`site`, `t`, the footer and the main navigation, rendered
//! once), renders the shared cards a page's view shows (each once, see `Shared`), then the
//! page, and writes it, on all cores; nothing but the page's own view is built for it, so
//! memory stays flat as the catalogue grows. Photos, theme and site static files, the
//! sitemap, the feed and robots.txt are written beside the pages.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::timings::Timings;
use crate::model::Lang;
use crate::model::*;
use crate::outputs::feeds;
use crate::present::Presenter;
use crate::present::images::Images;
use crate::present::pages::{Partials, search_view};
use crate::present::plan::{Page, Plan, plan};
use crate::present::site::site_view;
use crate::present::urls::{self, path};
use crate::present::view::{SearchView, SiteView};
use crate::theme::{Theme, error_chain};

/// What a build wrote.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    pub images: crate::present::images::Summary,
}

/// Everything needed to render any page of a site on its own: one plan and one template set
/// (with the language's `site` and `t` globals) per language, Vietnamese first, and the list
/// of pages in output order, the same in every language. Page `i` is page
/// `i % pages.len()` in language `i / pages.len()`. A build renders them all; `ocop serve`
/// renders each one when it is asked for.
pub struct Renderer<'a> {
    plans: Vec<Plan<'a>>,
    teras: Vec<tera::Tera>,
    /// Per language, the main navigation (`partials/nav.html`) by the section marked
    /// current; `""` for pages of no section in it.
    navs: Vec<HashMap<String, String>>,
    theme: &'a Theme,
    pages: Vec<Page>,
    /// Per language, why its shared parts (the footer) could not be rendered: every page of
    /// that language fails with it.
    broken: Vec<Option<Problem>>,
}

/// One language's templates with the globals of every page, as [`templates`] makes them.
struct Templates {
    tera: tera::Tera,
    navs: HashMap<String, String>,
    broken: Option<Problem>,
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
            && (self.plans.iter().zip(&other.plans)).all(|(x, y)| x.same_page_sets(y))
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

pub fn render(
    site: &Site,
    theme: Theme,
    images: &Images,
    staging: &Path,
    out: &mut Problems,
    timings: &mut Timings,
) -> Stats {
    let t = Instant::now();
    let r = Renderer::new(site, &theme, images);
    let t = timings.mark("plan", t);
    // A footer that cannot be rendered fails every page of its language: said once.
    if r.broken.iter().any(Option::is_some) {
        for p in r.broken.iter().flatten() {
            out.push(p.clone());
        }
        return Stats::default();
    }

    // One page, rendered and written; a product or producer page also gets its QR code
    // (exports::qr_svg) in the same folder.
    let write_page = |i: usize, search: Option<&SearchView>| -> (Option<String>, Vec<Problem>) {
        let (file_path, buf) = match r.render_page(i, search) {
            Ok(x) => x,
            Err(p) => return (None, vec![*p]),
        };
        if let Err(e) = fsutil::write(&staging.join(&file_path), &buf) {
            return (None, vec![Problem::error(&file_path, e.to_string())]);
        }
        drop(buf);
        let mut problems = Vec::new();
        if let Some((rel, url)) = r.qr_of(i)
            && let Err(e) =
                fsutil::write_new(&staging.join(&rel), crate::outputs::exports::qr_svg(&url))
        {
            problems.push(Problem::error(&rel, e.to_string()));
        }
        (Some(file_path), problems)
    };

    // The search index and the exports are each made by one thread, so they run beside the
    // pages (rayon lends the other threads to the pages meanwhile) rather than before or
    // after them; the search page itself waits for the index, whose manifest it names.
    let (side, results) = rayon::join(
        || {
            let mut problems = Problems::new();
            let mut files = 0;
            let t = Instant::now();
            let index = crate::outputs::search::write(site, r.presenter(), staging, &mut problems);
            let search_time = t.elapsed();
            let t = Instant::now();
            crate::outputs::exports::write_each(r.presenter(), |rel, write| {
                if let Err(e) = fsutil::write_with(&staging.join(rel), write) {
                    problems.push(Problem::error(rel, e.to_string()));
                }
                files += 1;
            });
            (index, files, problems, search_time, t.elapsed())
        },
        || {
            (0..r.page_count())
                .into_par_iter()
                .map(|i| {
                    if r.is_search_page(i) {
                        (None, Vec::new())
                    } else {
                        write_page(i, None)
                    }
                })
                .collect::<Vec<_>>()
        },
    );
    let (index, export_files, side_problems, search_time, exports_time) = side;
    out.extend(side_problems);
    let t = timings.mark("pages", t);
    timings.add("  search", search_time);
    timings.add("  exports", exports_time);
    // Search (src/search.rs): one index, in Vietnamese (the records' own language), shared by
    // the search page of every language.
    let search_views: Vec<Option<SearchView>> = (0..r.page_count())
        .map(|i| {
            r.is_search_page(i)
                .then(|| r.search_view(i, &index.manifest_url))
        })
        .collect();
    let mut stats = Stats::default();
    stats.files += index.files + export_files;
    let mut page_files = Vec::new();
    for (i, (path, problems)) in results.into_iter().enumerate() {
        let (path, problems) = if r.is_search_page(i) {
            write_page(i, search_views[i].as_ref())
        } else {
            (path, problems)
        };
        let qr_written = problems.is_empty() && r.qr_of(i).is_some();
        for p in problems {
            out.push(p);
        }
        if let Some(p) = path {
            stats.pages += 1;
            if qr_written {
                stats.files += 1;
            }
            page_files.push(p);
        }
    }

    let summary = images.write(&site.root, staging, out);
    stats.files += summary.copied;
    stats.images = summary;
    for (rel, bytes) in &r.theme().static_files {
        if let Err(e) = fsutil::write(&staging.join(rel), bytes) {
            out.push(Problem::error(rel, e.to_string()));
        }
        stats.files += 1;
    }
    let mut files = r.feeds();
    files.push((path::SITEMAP.to_string(), r.sitemap(&page_files)));
    stats.files += copy_static(site, &r, staging, &mut files, out);
    let t = timings.mark("static", t);
    for (rel, text) in files {
        if let Err(e) = fsutil::write(&staging.join(&rel), text) {
            out.push(Problem::error(&rel, e.to_string()));
        }
        stats.files += 1;
    }
    timings.mark("feeds", t);
    stats
}

/// Copies the files of `static/` that no generated file has the path of (written already
/// into `staging`, or among `feeds`), as `ocop serve` serves them (`site_static`), and adds
/// the lines of `static/robots.txt` to the generated one. Returns the number of files
/// copied.
fn copy_static(
    site: &Site,
    r: &Renderer,
    staging: &Path,
    feeds: &mut [(String, String)],
    out: &mut Problems,
) -> usize {
    let listing = match crate::outputs::site_static::list(&site.root) {
        Ok(l) => l,
        Err(p) => {
            out.push(*p);
            return 0;
        }
    };
    let theme_files = &r.theme().static_files;
    let generated = |rel: &str| {
        feeds.iter().any(|(p, _)| p == rel)
            || (!theme_files.contains_key(rel) && staging.join(rel).exists())
    };
    let published = crate::outputs::site_static::publish(&listing, generated, out);
    let mut copied = 0;
    for (rel, from) in &published {
        if crate::base::svg::is_svg(from) {
            // A logo or favicon can carry script like any SVG: written as the sanitiser keeps it.
            let written = crate::base::svg::read_sanitised(from)
                .and_then(|svg| fsutil::write(&staging.join(rel), svg).map_err(|e| e.to_string()));
            match written {
                Ok(()) => copied += 1,
                Err(e) => out.push(crate::base::svg::svg_problem(&site.root, from, e)),
            }
            continue;
        }
        match fsutil::copy(from, &staging.join(rel)) {
            Ok(()) => copied += 1,
            Err(e) => out.push(Problem::error(
                crate::base::diag::rel(&site.root, from),
                e.to_string(),
            )),
        }
    }
    for (rel, text) in feeds.iter_mut() {
        if rel == crate::outputs::site_static::ROBOTS {
            *text = crate::outputs::site_static::robots(text, &listing);
        }
    }
    copied
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
        c.prepare(|card| partial(tera, "partials/product_card.html", "card", card))?;
    }
    for c in &partials.producer_cards {
        c.prepare(|c| partial(tera, "partials/producer_card.html", "producer", c))?;
    }
    for e in &partials.suppliers {
        e.prepare(|e| partial(tera, "partials/supplier.html", "entry", e))?;
    }
    Ok(())
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
