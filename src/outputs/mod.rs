//! Every file a build writes, by kind, declared once.
//!
//! The pages are rendered one by one (`render::Renderer`); every other kind of file (the
//! search index, data exports, QR codes, photos, the theme's and the site's static files,
//! feeds and the sitemap) is an [`Output`] in [`KINDS`], which says which files it makes and
//! their bytes. A build writes every kind in that order (`write`); `ocop serve` answers a
//! request from the same table, a later kind first, as a later file of a build replaces an
//! earlier one of the same path. Adding a kind is adding its `Output` and its line in `KINDS`,
//! both in `kinds.rs`; the build, the server and the rule of `static/` follow.

pub(crate) mod atom;
pub(crate) mod buyer;
pub(crate) mod calendar;
pub(crate) mod changes;
pub mod exports;
pub(crate) mod feeds;
pub(crate) mod kinds;
pub mod search;
pub(crate) mod site_static;
pub(crate) mod write;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::present::images::Images;
use crate::render::Renderer;
pub(crate) use kinds::KINDS;
use site_static::Listing;

/// What a build wrote.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
    pub images: crate::present::images::Summary,
}

impl Stats {
    /// `n` files other than pages.
    pub(crate) fn files(n: usize) -> Stats {
        Stats {
            files: n,
            ..Stats::default()
        }
    }

    pub(crate) fn add(&mut self, other: Stats) {
        self.pages += other.pages;
        self.files += other.files;
        let (a, b) = (&mut self.images, other.images);
        a.processed += b.processed;
        a.cached += b.cached;
        a.copied += b.copied;
        a.source_bytes += b.source_bytes;
        a.output_bytes += b.output_bytes;
    }
}

/// The contents of one output file.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Arc<Vec<u8>>),
    /// A file on disk: a photo from the cache, a static file, an SVG from the content.
    File(PathBuf),
}

impl Body {
    pub(crate) fn text(s: String) -> Body {
        Body::Bytes(Arc::new(s.into_bytes()))
    }
}

/// Output files by path.
pub(crate) type Files = BTreeMap<String, Body>;

/// A kind of output file.
pub(crate) trait Output: Sync {
    /// Its name in `ocop build --timings`.
    fn name(&self) -> &'static str;

    /// Whether `rel` may be a file of this kind, from the path alone: the server does not
    /// make a kind's files for a request that cannot be one of them.
    fn claims(&self, _cx: &Context, _rel: &str) -> bool {
        true
    }

    /// Every file of the kind, made at once (the server keeps them once made). Problems that
    /// do not stop the build (warnings) go to `out`.
    fn files(&self, cx: &Context, out: &mut Problems) -> Files;

    /// The output paths of the kind.
    fn paths(&self, cx: &Context) -> Vec<String> {
        cx.files(self).keys().cloned().collect()
    }

    /// One file of the kind, if it makes `rel`.
    fn get(&self, cx: &Context, rel: &str) -> Option<Body> {
        cx.files(self).get(rel).cloned()
    }

    /// Writes every file of the kind into `staging`; returns what was written.
    fn write(&self, cx: &Context, staging: &Path, out: &mut Problems) -> Stats {
        let files = self.files(cx, out);
        Stats::files(write_files(cx, &files, staging, out))
    }

    /// Written by a thread of its own while the pages are rendered (made from the records
    /// alone, and the search page needs it once they are done).
    fn beside_pages(&self) -> bool {
        false
    }

    /// Static files (the theme's and the site's): `static/` may replace the theme's, and
    /// publishes nothing another kind makes.
    fn is_static(&self) -> bool {
        false
    }
}

/// What the output kinds are made from, and the files of each kind once made.
pub(crate) struct Context<'a> {
    pub renderer: &'a Renderer<'a>,
    pub images: &'a Images,
    pub static_listing: &'a Listing,
    /// The photos processed for the server, by output path (a build processes them as it
    /// writes them).
    pub image_files: Option<&'a HashMap<String, PathBuf>>,
    pub made: &'a Made,
    /// The output file of every page, in output order.
    pub page_files: &'a [String],
    /// The page at each output file.
    pub pages: &'a HashMap<String, usize>,
}

/// The files of each kind, made on first need and kept.
#[derive(Default)]
pub(crate) struct Made {
    kinds: Vec<OnceLock<Files>>,
    /// The search index: the address of its manifest and its files.
    pub(crate) search: OnceLock<(String, Files)>,
    /// The paths of the data exports.
    pub(crate) export_paths: OnceLock<std::collections::HashSet<String>>,
}

impl Made {
    pub(crate) fn new() -> Made {
        Made {
            kinds: (0..KINDS.len()).map(|_| OnceLock::new()).collect(),
            ..Made::default()
        }
    }
}

impl Context<'_> {
    /// The files of `kind`, made on first need; its warnings are dropped (the server's
    /// generation reports the static files' warnings when it is made).
    pub(crate) fn files<K: Output + ?Sized>(&self, kind: &K) -> &Files {
        self.files_reporting(kind, &mut Problems::new())
    }

    /// Whether a kind other than the static files (the site's and the theme's) makes `rel`:
    /// such a file of `static/` is not published.
    pub(crate) fn generated(&self, rel: &str) -> bool {
        self.pages.contains_key(rel)
            || KINDS
                .iter()
                .filter(|k| !k.is_static())
                .any(|k| k.claims(self, rel) && k.get(self, rel).is_some())
    }

    /// The file at `rel` of the last kind that makes it, pages last (no other kind makes a
    /// page's path).
    pub(crate) fn get(&self, rel: &str) -> Option<Body> {
        KINDS
            .iter()
            .rev()
            .filter(|k| k.claims(self, rel))
            .find_map(|k| k.get(self, rel))
    }

    /// The files of `kind`, made now with their problems going to `out` when they were not
    /// made yet.
    pub(crate) fn files_reporting<K: Output + ?Sized>(
        &self,
        kind: &K,
        out: &mut Problems,
    ) -> &Files {
        let i = position(kind.name());
        match self.made.kinds.get(i) {
            Some(cell) => cell.get_or_init(|| kind.files(self, out)),
            None => {
                static EMPTY: Files = BTreeMap::new();
                &EMPTY
            }
        }
    }

    /// Every output path of every kind (pages not included).
    pub(crate) fn paths(&self) -> Vec<String> {
        KINDS.iter().flat_map(|k| k.paths(self)).collect()
    }
}

/// The output file of every page in output order, and the page at each output file (a
/// later page of the same path replaces an earlier one): what a build writes and the server
/// answers.
pub(crate) fn page_files(r: &Renderer) -> (Vec<String>, HashMap<String, usize>) {
    let files: Vec<String> = (0..r.page_count()).map(|i| r.page_file(i)).collect();
    let by_path = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i))
        .collect();
    (files, by_path)
}

/// The position of the kind named `name` in [`KINDS`].
fn position(name: &str) -> usize {
    KINDS
        .iter()
        .position(|k| k.name() == name)
        .unwrap_or(usize::MAX)
}

/// Writes `files` into `staging`: bytes as they are, files on disk copied (an SVG through
/// the sanitiser). Returns how many were written.
pub(crate) fn write_files(
    cx: &Context,
    files: &Files,
    staging: &Path,
    out: &mut Problems,
) -> usize {
    let root = &cx.renderer.presenter().site.root;
    let mut written = 0;
    // Each folder made once (the search index's thousands of files share one).
    let mut made: std::collections::HashSet<&Path> = std::collections::HashSet::new();
    for (rel, body) in files {
        let to = staging.join(rel);
        let result = match body {
            Body::Bytes(b) => {
                let folder = Path::new(rel.as_str()).parent().unwrap_or(Path::new(""));
                let ready = if made.contains(folder) {
                    Ok(())
                } else {
                    fsutil::create_dir_all(&staging.join(folder)).map(|()| {
                        made.insert(folder);
                    })
                };
                ready
                    .and_then(|()| fsutil::write_new(&to, b.as_slice()))
                    .map_err(|e| Box::new(Problem::error(rel, e.to_string())))
            }
            Body::File(from) => copy_published(root, from, &to),
        };
        match result {
            Ok(()) => written += 1,
            Err(p) => out.push(*p),
        }
    }
    written
}

/// Copies a file of the site into the output; an SVG (a logo or favicon can carry script
/// like any SVG) is written as the sanitiser keeps it.
fn copy_published(root: &Path, from: &Path, to: &Path) -> Result<(), Box<Problem>> {
    if crate::base::svg::is_svg(from) {
        return crate::base::svg::read_sanitised(from)
            .and_then(|svg| fsutil::write(to, svg).map_err(|e| e.to_string()))
            .map_err(|e| Box::new(crate::base::svg::svg_problem(root, from, e)));
    }
    fsutil::copy(from, to).map_err(|e| {
        Box::new(Problem::error(
            crate::base::diag::rel(root, from),
            e.to_string(),
        ))
    })
}
