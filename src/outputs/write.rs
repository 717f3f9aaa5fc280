//! Writing every output of a build into the staging folder, in parallel: the pages with
//! their QR codes on all cores while one thread makes the search index and the data exports
//! beside them, then the photos, the theme's and the site's static files, the feeds, the
//! sitemap and robots.txt. `ocop serve` makes the same files one request at a time (see
//! `serve::incremental`); `tests/serve.rs` holds the two to the same bytes.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::timings::Timings;
use crate::model::Site;
use crate::outputs::site_static::Listing;
use crate::present::images::Images;
use crate::present::urls::path;
use crate::present::view::SearchView;
use crate::render::Renderer;
use crate::theme::Theme;

/// What a build wrote.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    pub images: crate::present::images::Summary,
}

/// Renders and writes every file of the site into `staging`.
pub fn write(
    site: &Site,
    theme: Theme,
    images: &Images,
    static_files: &Listing,
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
    let (mut stats, page_files) = pages(&r, site, staging, out, timings, t);
    let t = Instant::now();
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
    stats.files += copy_static(site, &r, static_files, staging, &mut files, out);
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

/// One page, rendered and written; a product or producer page also gets its QR code in the
/// same folder. Returns the page's output file, when written, and its problems.
fn write_page(
    r: &Renderer,
    staging: &Path,
    i: usize,
    search: Option<&SearchView>,
) -> (Option<String>, Vec<Problem>) {
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
        && let Err(e) = fsutil::write_new(&staging.join(&rel), crate::outputs::qr::qr_svg(&url))
    {
        problems.push(Problem::error(&rel, e.to_string()));
    }
    (Some(file_path), problems)
}

/// What the thread beside the pages made: the search index and the data exports.
struct Beside {
    index: crate::outputs::search::Written,
    export_files: usize,
    problems: Problems,
    search_time: Duration,
    exports_time: Duration,
}

/// The search index and the data exports, written by one thread.
fn search_and_exports(site: &Site, r: &Renderer, staging: &Path) -> Beside {
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
    Beside {
        index,
        export_files: files,
        problems,
        search_time,
        exports_time: t.elapsed(),
    }
}

/// Every page and QR code, with the search index and the data exports made beside them.
/// Returns what was written and the output files of the pages, in output order.
fn pages(
    r: &Renderer,
    site: &Site,
    staging: &Path,
    out: &mut Problems,
    timings: &mut Timings,
    t: Instant,
) -> (Stats, Vec<String>) {
    // The search index and the exports are each made by one thread, so they run beside the
    // pages (rayon lends the other threads to the pages meanwhile) rather than before or
    // after them; the search page itself waits for the index, whose manifest it names.
    let (side, results) = rayon::join(
        || search_and_exports(site, r, staging),
        || {
            (0..r.page_count())
                .into_par_iter()
                .map(|i| {
                    if r.is_search_page(i) {
                        (None, Vec::new())
                    } else {
                        write_page(r, staging, i, None)
                    }
                })
                .collect::<Vec<_>>()
        },
    );
    out.extend(side.problems);
    timings.mark("pages", t);
    timings.add("  search", side.search_time);
    timings.add("  exports", side.exports_time);
    // One search index, in Vietnamese (the records' own language), shared by the search
    // page of every language.
    let mut stats = Stats::default();
    stats.files += side.index.files + side.export_files;
    let mut page_files = Vec::new();
    for (i, (path, problems)) in results.into_iter().enumerate() {
        let (path, problems) = if r.is_search_page(i) {
            let view = r.search_view(i, &side.index.manifest_url);
            write_page(r, staging, i, Some(&view))
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
    (stats, page_files)
}

/// Copies the files of `static/` that no generated file has the path of (written already
/// into `staging`, or among `feeds`), as `ocop serve` serves them (`site_static`), and adds
/// the lines of `static/robots.txt` to the generated one. Returns the number of files
/// copied.
fn copy_static(
    site: &Site,
    r: &Renderer,
    listing: &Listing,
    staging: &Path,
    feeds: &mut [(String, String)],
    out: &mut Problems,
) -> usize {
    let theme_files = &r.theme().static_files;
    let generated = |rel: &str| {
        feeds.iter().any(|(p, _)| p == rel)
            || (!theme_files.contains_key(rel) && staging.join(rel).exists())
    };
    let published = crate::outputs::site_static::publish(listing, generated, out);
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
            *text = crate::outputs::site_static::robots(text, listing);
        }
    }
    copied
}
