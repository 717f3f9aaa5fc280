//! The site as the import finds it: its product and producer records, read once, so that
//! rows can be matched to them (by slug, else by name) and new records given addresses no
//! record, unreadable file or page of the site already has.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::base::diag::Problems;
use crate::base::vietnamese::match_key;
use crate::load::{self, RawFields, Section};

use super::record::{ProducerDoc, ProductDoc};

/// An existing record of the site.
pub(super) struct Existing<D> {
    pub(super) file: PathBuf,
    pub(super) doc: D,
    pub(super) body: String,
}

/// The site as it is.
pub(super) struct ExistingSite {
    pub(super) products: HashMap<String, Existing<ProductDoc>>,
    pub(super) producers: HashMap<String, Existing<ProducerDoc>>,
    /// (name key, producer slug) → product slug.
    pub(super) product_by_name: HashMap<(String, String), String>,
    /// name key → producer slug.
    pub(super) producer_by_name: HashMap<String, String>,
    pub(super) unreadable: HashSet<(Section, String)>,
}

impl ExistingSite {
    pub(super) fn read(root: &Path) -> ExistingSite {
        let mut problems = Problems::new();
        let raw = load::load(root, &mut problems);
        let mut site = ExistingSite {
            products: HashMap::new(),
            producers: HashMap::new(),
            product_by_name: HashMap::new(),
            producer_by_name: HashMap::new(),
            unreadable: raw.unreadable.into_iter().collect(),
        };
        for r in raw.records {
            match r.fields {
                RawFields::Product(p) => {
                    let doc = ProductDoc::from_raw(&p, &r.english);
                    if let (Some(n), Some(pr)) = (&doc.name, &doc.producer) {
                        site.product_by_name
                            .entry((match_key(n), pr.clone()))
                            .or_insert_with(|| r.slug.clone());
                    }
                    site.products.insert(
                        r.slug,
                        Existing {
                            file: r.file,
                            doc,
                            body: r.body,
                        },
                    );
                }
                RawFields::Producer(p) => {
                    let doc = ProducerDoc::from_raw(&p, &r.english);
                    if let Some(n) = &doc.name {
                        site.producer_by_name
                            .entry(match_key(n))
                            .or_insert_with(|| r.slug.clone());
                    }
                    site.producers.insert(
                        r.slug,
                        Existing {
                            file: r.file,
                            doc,
                            body: r.body,
                        },
                    );
                }
                _ => {}
            }
        }
        site
    }

    /// Whether a record `slug` of `section` exists in any form (readable or not, file or
    /// folder), or is reserved for the site's own pages.
    pub(super) fn taken(&self, root: &Path, section: Section, slug: &str) -> bool {
        let dir = root.join("content").join(section.dir());
        let known = match section {
            Section::Products => self.products.contains_key(slug),
            _ => self.producers.contains_key(slug),
        };
        // An address of the site's own pages ("trang" for page 2 of a listing) is never a
        // record's: the build would refuse it.
        known
            || crate::resolve::reserved_slugs(section).contains(&slug)
            || self.unreadable.contains(&(section, slug.to_string()))
            || dir.join(slug).exists()
            || dir.join(format!("{slug}.md")).exists()
    }
}
