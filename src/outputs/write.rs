//! Writing every output of a build into the staging folder, in parallel: the pages on all
//! cores while one thread makes the kinds that go beside them (the search index, the data
//! exports), then the search pages (they name the index) and the pages that show the size
//! of the exports (the data page, the supplier directory), then every other kind of
//! [`super::KINDS`] in its order. `ocop serve` answers the same files one request at a time
//! from the same table (`serve::incremental`); `tests/serve.rs` holds the two to the same
//! bytes.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{Context, KINDS, Made, Stats, kinds};
use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::timings::Timings;
use crate::model::Site;
use crate::outputs::site_static::Listing;
use crate::present::images::Images;
use crate::present::view::SearchView;
use crate::render::Renderer;
use crate::theme::Theme;

/// Renders and writes every file of the site into `staging`.
pub(crate) fn write(
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
    let (page_files, pages) = super::page_files(&r);
    let t = timings.mark("plan", t);
    // A footer that cannot be rendered fails every page of its language: said once.
    if r.broken.iter().any(Option::is_some) {
        for p in r.broken.iter().flatten() {
            out.push(p.clone());
        }
        return Stats::default();
    }
    let made = Made::new();
    let cx = Context {
        renderer: &r,
        images,
        static_listing: static_files,
        image_files: None,
        made: &made,
        page_files: &page_files,
        pages: &pages,
    };
    let folders_failed = make_page_folders(staging, &page_files);
    if !folders_failed.is_empty() {
        for p in folders_failed {
            out.push(p);
        }
        return Stats::default();
    }
    let t = timings.mark("folders", t);
    let mut stats = write_pages(&cx, staging, out, timings, t);
    for kind in KINDS.iter().filter(|k| !k.beside_pages()) {
        let t = Instant::now();
        stats.add(kind.write(&cx, staging, out));
        timings.mark(kind.name(), t);
    }
    stats
}

/// Creates the folder of every page, once, parents before children, before any page is
/// written: on an ordinary disk each `mkdir` is a journal entry, and creating the folders
/// as each page arrives cost one failed `mkdir` (and a `stat`) for every folder already
/// made. The plan knows them all; a folder that cannot be made fails its pages.
fn make_page_folders(staging: &Path, page_files: &[String]) -> Vec<Problem> {
    let mut folders = std::collections::BTreeSet::new();
    for file in page_files {
        let mut at = Path::new(file.as_str()).parent();
        while let Some(dir) = at.filter(|d| !d.as_os_str().is_empty()) {
            if !folders.insert(dir) {
                break;
            }
            at = dir.parent();
        }
    }
    // Sorted, a folder comes before the folders inside it ("a" < "a/b").
    folders
        .into_iter()
        .filter_map(|dir| match std::fs::create_dir(staging.join(dir)) {
            Ok(()) => None,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
            Err(e) => Some(Problem::error(
                dir,
                format!("cannot create the folder: {e}"),
            )),
        })
        .collect()
}

/// One page, rendered and written into its folder (made by `make_page_folders`). Returns
/// its problem, if any.
fn write_page(
    r: &Renderer,
    staging: &Path,
    i: usize,
    search: Option<&SearchView>,
) -> Option<Problem> {
    let (file_path, buf) = match r.render_page(i, search) {
        Ok(x) => x,
        Err(p) => return Some(*p),
    };
    let written = fsutil::write_new(&staging.join(&file_path), &buf);
    written
        .err()
        .map(|e| Problem::error(&file_path, e.to_string()))
}

/// The kinds written beside the pages, by one thread, and how long each took.
fn write_beside(cx: &Context, staging: &Path) -> (Stats, Problems, Vec<(&'static str, Duration)>) {
    let mut stats = Stats::default();
    let mut problems = Problems::new();
    let mut took = Vec::new();
    for kind in KINDS.iter().filter(|k| k.beside_pages()) {
        let t = Instant::now();
        stats.add(kind.write(cx, staging, &mut problems));
        took.push((kind.name(), t.elapsed()));
    }
    (stats, problems, took)
}

/// Every page, with the kinds that go beside the pages written meanwhile; the search pages
/// last, as they name the search index.
fn write_pages(
    cx: &Context,
    staging: &Path,
    out: &mut Problems,
    timings: &mut Timings,
    t: Instant,
) -> Stats {
    let r = cx.renderer;
    // The search index and the exports are each made by one thread, so they run beside the
    // pages (rayon lends the other threads to the pages meanwhile) rather than before or
    // after them.
    let ((mut stats, side_problems, took), failed) = rayon::join(
        || write_beside(cx, staging),
        || {
            (0..r.page_count())
                .into_par_iter()
                .filter(|&i| !r.is_search_page(i) && !r.shows_downloads(i))
                .filter_map(|i| write_page(r, staging, i, None).map(|p| (i, p)))
                .collect::<Vec<_>>()
        },
    );
    out.extend(side_problems);
    timings.mark("pages", t);
    for (name, d) in took {
        timings.add(name, d);
    }
    // One search index, in Vietnamese (the records' own language), shared by the search
    // page of every language.
    let manifest = kinds::search_manifest_url(cx);
    let mut failed = failed;
    for i in (0..r.page_count()).filter(|&i| r.is_search_page(i)) {
        let view = r.search_view(i, manifest);
        if let Some(p) = write_page(r, staging, i, Some(&view)) {
            failed.push((i, p));
        }
    }
    // The data page and the supplier directory show the size of the exports, written by now.
    kinds::download_sizes(cx, Some(staging));
    failed.extend(
        (0..r.page_count())
            .into_par_iter()
            .filter(|&i| r.shows_downloads(i))
            .filter_map(|i| write_page(r, staging, i, None).map(|p| (i, p)))
            .collect::<Vec<_>>(),
    );
    failed.sort_by_key(|(i, _)| *i);
    stats.pages += r.page_count() - failed.len();
    for (_, p) in failed {
        out.push(p);
    }
    stats
}
