//! The output kinds of [`super::KINDS`], each a small adapter from the code that makes its
//! bytes (`search`, `exports`, `feeds`, the photo plan, the static files) to the
//! [`Output`] the build and the server both read.

use std::path::Path;
use std::sync::Arc;

use super::{Body, Context, Files, Output, write_files};
use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::outputs::Stats;
use crate::outputs::{exports, feeds, search, site_static};
use crate::present::urls::path;

/// The kinds, in the order a build writes them. A later kind's file replaces an earlier
/// one's of the same path; `static/` publishes only what no other kind makes.
pub(crate) static KINDS: &[&dyn Output] = &[
    &SearchIndex,
    &DataExports,
    &Photos,
    &Documents,
    &ThemeStatic,
    &SiteStatic,
    &Feeds,
];

/// The client-side search index under `search/`, shared by the search page of every
/// language.
pub(crate) struct SearchIndex;

/// The index, made once: the address of its manifest and its files.
fn search_index<'c>(cx: &'c Context) -> &'c (String, Files) {
    cx.made.search.get_or_init(|| {
        let pr = cx.renderer.presenter();
        let index = search::build(pr.site, pr);
        let url = pr.urls.url(&format!("{}{}", search::DIR, index.manifest));
        let files = index
            .files
            .into_iter()
            .map(|(name, bytes)| {
                (
                    format!("{}{name}", search::DIR),
                    Body::Bytes(Arc::new(bytes)),
                )
            })
            .collect();
        (url, files)
    })
}

/// The root-relative address of the search index's manifest, which the search page names.
pub(crate) fn search_manifest_url<'c>(cx: &'c Context) -> &'c str {
    &search_index(cx).0
}

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search"
    }
    fn claims(&self, _cx: &Context, rel: &str) -> bool {
        rel.starts_with(search::DIR)
    }
    fn files(&self, cx: &Context, _out: &mut Problems) -> Files {
        search_index(cx).1.clone()
    }
    fn get(&self, cx: &Context, rel: &str) -> Option<Body> {
        search_index(cx).1.get(rel).cloned()
    }
    fn paths(&self, cx: &Context) -> Vec<String> {
        search_index(cx).1.keys().cloned().collect()
    }
    fn write(&self, cx: &Context, staging: &Path, out: &mut Problems) -> Stats {
        Stats::files(write_files(cx, &search_index(cx).1, staging, out))
    }
    fn beside_pages(&self) -> bool {
        true
    }
}

/// CSV and JSON data for buyers, the fair calendars and the feed of new products.
pub(crate) struct DataExports;

impl Output for DataExports {
    fn name(&self) -> &'static str {
        "exports"
    }
    fn claims(&self, cx: &Context, rel: &str) -> bool {
        cx.made
            .export_paths
            .get_or_init(|| {
                exports::paths(cx.renderer.presenter().site)
                    .into_iter()
                    .collect()
            })
            .contains(rel)
    }
    fn files(&self, cx: &Context, out: &mut Problems) -> Files {
        exports::all(cx.renderer, out)
            .into_iter()
            .map(|(p, b)| (p, Body::Bytes(Arc::new(b))))
            .collect()
    }
    /// Each file made and written in turn, none kept.
    fn write(&self, cx: &Context, staging: &Path, out: &mut Problems) -> Stats {
        let mut files = 0;
        exports::write_each(cx.renderer, |rel, write| {
            if let Err(e) = fsutil::write_with(&staging.join(rel), write) {
                out.push(Problem::error(rel, e.to_string()));
            }
            files += 1;
        });
        Stats::files(files)
    }
    fn beside_pages(&self) -> bool {
        true
    }
}

/// Gives the pages the size of each data export, once: read from the files written into
/// `staging` by a build, or from the files made in memory by the server.
pub(crate) fn download_sizes(cx: &Context, staging: Option<&Path>) {
    let presenter = cx.renderer.presenter();
    if presenter.download_sizes.get().is_some() {
        return;
    }
    let sizes = match staging {
        Some(dir) => exports::paths(presenter.site)
            .into_iter()
            .filter_map(|rel| {
                let len = std::fs::metadata(dir.join(&rel)).ok()?.len();
                Some((rel, len))
            })
            .collect(),
        None => cx
            .files(&DataExports)
            .iter()
            .filter_map(|(rel, body)| match body {
                Body::Bytes(b) => Some((rel.clone(), b.len() as u64)),
                Body::File(_) => None,
            })
            .collect(),
    };
    cx.renderer.set_download_sizes(&sizes);
}

/// The photos: responsive variants and social cards from the cache, SVGs sanitised.
pub(crate) struct Photos;

impl Output for Photos {
    fn name(&self) -> &'static str {
        "images"
    }
    fn files(&self, cx: &Context, _out: &mut Problems) -> Files {
        let planned;
        let files = match cx.image_files {
            Some(f) => f,
            None => {
                planned = cx.images.planned_files();
                &planned
            }
        };
        files
            .iter()
            .map(|(rel, from)| (rel.clone(), Body::File(from.clone())))
            .collect()
    }
    /// Photos not in the cache are processed now, on every core.
    fn write(&self, cx: &Context, staging: &Path, out: &mut Problems) -> Stats {
        let root = &cx.renderer.presenter().site.root;
        let summary = cx.images.write(root, staging, out);
        Stats {
            files: summary.copied,
            images: summary,
            ..Stats::default()
        }
    }
}

/// The decision PDFs of certificates (`document = "quyet-dinh.pdf"`), beside the page of
/// their published product, copied as they are.
pub(crate) struct Documents;

impl Output for Documents {
    fn name(&self) -> &'static str {
        "documents"
    }
    fn claims(&self, _cx: &Context, rel: &str) -> bool {
        rel.starts_with(path::PRODUCTS) && rel.to_ascii_lowercase().ends_with(".pdf")
    }
    fn files(&self, cx: &Context, _out: &mut Problems) -> Files {
        let site = cx.renderer.presenter().site;
        site.products
            .iter()
            .filter(|p| site.is_published(p))
            .flat_map(|p| {
                p.certificates.iter().filter_map(|c| match &c.document {
                    Some(crate::model::Document::Pdf { name, source, .. }) => Some((
                        crate::present::urls::document_file(&p.common.slug, name),
                        Body::File(source.clone()),
                    )),
                    _ => None,
                })
            })
            .collect()
    }
}

/// The theme's static files (styles, scripts, icons).
pub(crate) struct ThemeStatic;

impl Output for ThemeStatic {
    fn name(&self) -> &'static str {
        "theme static"
    }
    fn files(&self, cx: &Context, _out: &mut Problems) -> Files {
        cx.renderer
            .theme()
            .static_files
            .iter()
            .map(|(rel, bytes)| (rel.clone(), Body::Bytes(Arc::new(bytes.clone()))))
            .collect()
    }
    fn is_static(&self) -> bool {
        true
    }
}

/// The files of the site's `static/` that no other kind makes (`site_static`).
pub(crate) struct SiteStatic;

impl Output for SiteStatic {
    fn name(&self) -> &'static str {
        "static"
    }
    fn claims(&self, cx: &Context, rel: &str) -> bool {
        cx.static_listing.contains(rel)
    }
    fn files(&self, cx: &Context, out: &mut Problems) -> Files {
        site_static::publish(cx.static_listing, |rel| cx.generated(rel), out)
            .into_iter()
            .map(|(rel, from)| (rel, Body::File(from)))
            .collect()
    }
    fn is_static(&self) -> bool {
        true
    }
}

/// Each language's stories feed, robots.txt (with the lines of `static/robots.txt`) and the
/// sitemap.
pub(crate) struct Feeds;

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }
    fn claims(&self, _cx: &Context, rel: &str) -> bool {
        rel == path::SITEMAP
            || rel == site_static::ROBOTS
            || rel.ends_with(path::FEED)
            || (rel.contains(path::CHANGES) && rel.ends_with(".xml"))
    }
    fn files(&self, cx: &Context, _out: &mut Problems) -> Files {
        let r = cx.renderer;
        let mut files = feeds::all(r);
        files.push((
            path::SITEMAP.to_string(),
            feeds::sitemap_of(r, cx.page_files),
        ));
        files
            .into_iter()
            .map(|(rel, text)| {
                let text = if rel == site_static::ROBOTS {
                    site_static::robots(&text, cx.static_listing)
                } else {
                    text
                };
                (rel, Body::text(text))
            })
            .collect()
    }
}
