//! One successful build of the site, held in memory by `ocop serve`: the resolved site, its
//! theme and photo plan, the renderer made from them, and the files of every output kind
//! once asked for. Pages are rendered on request and the most recent kept, up to a bound;
//! every other file comes from its kind of `outputs::KINDS`, as a build would write it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use self_cell::self_cell;

use crate::base::diag::{Problem, Problems};
use crate::build::stages::Prepared;
use crate::model::Site;
use crate::outputs::site_static;
use crate::outputs::{Body, Context, Made};
use crate::present::images::Images;
use crate::render::Renderer;
use crate::theme::Theme;

struct Owner {
    site: Site,
    images: Images,
    theme: Theme,
}

self_cell!(
    struct Built {
        owner: Owner,
        #[covariant]
        dependent: Renderer,
    }
);

/// How many bytes of rendered pages a generation keeps. Rendering a page takes well under
/// a millisecond, so the cache only spares repeated requests (reloads, a tab and its
/// preview); without a bound, a crawler or `ocop check --links` against the server would
/// keep every page of a large catalogue in memory (37,000 pages of 20 KB at 20,000
/// products).
pub const PAGE_CACHE_BYTES: usize = 32 << 20;

/// Rendered pages of a generation, the oldest dropped first beyond [`PAGE_CACHE_BYTES`].
#[derive(Default)]
struct PageCache {
    pages: HashMap<usize, Arc<Vec<u8>>>,
    order: std::collections::VecDeque<usize>,
    bytes: usize,
}

impl PageCache {
    fn insert(&mut self, i: usize, page: Arc<Vec<u8>>) {
        if self.pages.contains_key(&i) {
            return;
        }
        self.bytes += page.len();
        self.pages.insert(i, page);
        self.order.push_back(i);
        while self.bytes > PAGE_CACHE_BYTES && self.order.len() > 1 {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(p) = self.pages.remove(&old) {
                self.bytes -= p.len();
            }
        }
    }
}

/// One successful build of the site, in memory; pages are rendered on request, every other
/// file is made by its kind of [`crate::outputs::KINDS`] when first asked for.
pub struct Generation {
    pub number: u64,
    /// Warnings of this build.
    pub problems: Problems,
    built: Built,
    /// Shared with the previous generation when the pages are the same.
    page_files: Arc<Vec<String>>,
    pages: Arc<HashMap<String, usize>>,
    /// The photos processed, by output path.
    images: HashMap<String, PathBuf>,
    /// `static/` as listed.
    static_listing: Arc<site_static::Listing>,
    rendered: Mutex<PageCache>,
    /// The files of each output kind, once made.
    made: Made,
}

impl Generation {
    pub(super) fn new(
        number: u64,
        prepared: Prepared,
        image_files: HashMap<String, PathBuf>,
        problems: Problems,
        previous: Option<&Generation>,
    ) -> Generation {
        let Prepared {
            site,
            theme,
            images,
            static_files: static_listing,
            ..
        } = prepared;
        let built = Built::new(
            Owner {
                site,
                images,
                theme,
            },
            |o| Renderer::new(&o.site, &o.theme, &o.images),
        );
        let r = built.borrow_dependent();
        let (page_files, pages) = match previous {
            Some(p) if r.same_page_files(p.renderer()) => (p.page_files.clone(), p.pages.clone()),
            _ => {
                let (page_files, pages) = crate::outputs::page_files(r);
                (Arc::new(page_files), Arc::new(pages))
            }
        };
        let mut g = Generation {
            number,
            problems,
            built,
            page_files,
            pages,
            images: image_files,
            static_listing,
            rendered: Mutex::new(PageCache::default()),
            made: Made::new(),
        };
        // The static files published, made now for their warnings (a file of `static/`
        // that a generated file replaces), as a build reports them.
        let mut warnings = Problems::new();
        g.context()
            .files_reporting(&crate::outputs::kinds::SiteStatic, &mut warnings);
        g.problems.extend(warnings);
        g
    }

    /// What the output kinds are made from.
    fn context(&self) -> Context<'_> {
        let owner = self.built.borrow_owner();
        Context {
            renderer: self.renderer(),
            images: &owner.images,
            static_listing: &self.static_listing,
            image_files: Some(&self.images),
            made: &self.made,
            page_files: &self.page_files,
            pages: &self.pages,
        }
    }

    fn renderer(&self) -> &Renderer<'_> {
        self.built.borrow_dependent()
    }

    fn page(&self, i: usize) -> Result<Arc<Vec<u8>>, Box<Problem>> {
        if let Some(b) = self
            .rendered
            .lock()
            .ok()
            .and_then(|m| m.pages.get(&i).cloned())
        {
            return Ok(b);
        }
        let r = self.renderer();
        if r.shows_downloads(i) {
            crate::outputs::kinds::download_sizes(&self.context(), None);
        }
        let search = r.is_search_page(i).then(|| {
            let cx = self.context();
            r.search_view(i, crate::outputs::kinds::search_manifest_url(&cx))
        });
        let (_, bytes) = r.render_page(i, search.as_ref())?;
        let bytes = Arc::new(bytes);
        if let Ok(mut m) = self.rendered.lock() {
            m.insert(i, bytes.clone());
        }
        Ok(bytes)
    }

    /// The output file at `rel` (`san-pham/mat-ong/index.html`), if the build has one.
    /// An error is a page whose template failed, or an SVG the sanitiser refuses.
    pub fn get(&self, rel: &str) -> Result<Option<Body>, Box<Problem>> {
        match self.context().get(rel) {
            Some(Body::File(p)) => return self.disk_file(&p),
            Some(body) => return Ok(Some(body)),
            None => {}
        }
        match self.pages.get(rel) {
            Some(&i) => self.page(i).map(|b| Some(Body::Bytes(b))),
            None => Ok(None),
        }
    }

    /// A file on disk as a build publishes it: an SVG through the sanitiser (`crate::base::svg`),
    /// read only when it lies inside the site (else the server's own check refuses it).
    fn disk_file(&self, p: &Path) -> Result<Option<Body>, Box<Problem>> {
        let root = &self.site().root;
        let inside = match (p.canonicalize(), root.canonicalize()) {
            (Ok(real), Ok(root)) => real.starts_with(root),
            _ => false,
        };
        if !crate::base::svg::is_svg(p) || !inside {
            return Ok(Some(Body::File(p.to_path_buf())));
        }
        match crate::base::svg::read_sanitised(p) {
            Ok(svg) => Ok(Some(Body::Bytes(Arc::new(svg)))),
            Err(e) => Err(Box::new(crate::base::svg::svg_problem(root, p, e))),
        }
    }

    /// Every output path, as a full build would write them (makes every kind's files).
    pub fn paths(&self) -> Vec<String> {
        let mut all: HashSet<String> = self.context().paths().into_iter().collect();
        all.extend(self.page_files.iter().cloned());
        let mut v: Vec<String> = all.into_iter().collect();
        v.sort();
        v
    }

    /// The resolved site of this generation, taking it apart.
    pub(super) fn into_site(self) -> Site {
        self.built.into_owner().site
    }

    /// The copy of a photo (its file, absolute) that this build made and cached: its
    /// smallest JPEG at least `min` pixels wide, else its largest. The editor at `/admin/`
    /// shows it instead of the original, which may be several megabytes.
    pub(crate) fn photo_preview(&self, source: &Path, min: u32) -> Option<PathBuf> {
        let crate::present::images::Output::Raster { variants, .. } =
            self.built.borrow_owner().images.output(source)?
        else {
            return None;
        };
        let v = variants
            .iter()
            .filter(|v| v.width >= min)
            .min_by_key(|v| v.width)
            .or_else(|| variants.iter().max_by_key(|v| v.width))?;
        self.images.get(&v.jpeg).cloned()
    }

    /// The resolved site of this generation.
    pub fn site(&self) -> &Site {
        &self.built.borrow_owner().site
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_cache_keeps_its_bound() {
        let mut c = PageCache::default();
        let page = Arc::new(vec![0u8; PAGE_CACHE_BYTES / 4 + 1]);
        for i in 0..10 {
            c.insert(i, page.clone());
            assert!(c.bytes <= PAGE_CACHE_BYTES, "{} bytes kept", c.bytes);
        }
        assert_eq!(c.pages.len(), 3, "the newest pages are kept");
        assert!(c.pages.contains_key(&9) && !c.pages.contains_key(&6));
        assert_eq!(c.bytes, 3 * page.len());
        // A page larger than the bound is still kept alone (it is being served).
        c.insert(10, Arc::new(vec![0u8; PAGE_CACHE_BYTES + 1]));
        assert_eq!(c.pages.len(), 1);
    }
}
