//! The `Resolver`: what `ocop serve` keeps of a resolution to resolve one changed record
//! again and put it in its place in a site resolved earlier, then make the reverse links
//! anew. Apart from the whole-site resolution because it is the incremental path's own API.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diag::Problems;
use crate::load::{RawRecord, Section};
use crate::model::*;

use super::references::cross_link;
use super::slugs::record_set_key;
use super::{Ctx, ResolveOptions, Resolved};

/// What `ocop serve` keeps of a resolution so that a save re-resolves only the records it
/// changed, in place, in a site resolved earlier (see `incremental`). A record's resolution
/// depends only on the record itself, on which records exist (the slug indexes) and on a
/// few settings, all summed up in [`Resolver::key`]; while that is unchanged, a changed
/// record can be resolved alone ([`Resolver::resolve`]) and put in its place
/// ([`Resolver::place`]), and the reverse links made again ([`Resolver::relink`]).
pub(crate) struct Resolver {
    pub(super) key: u64,
    pub(super) index: HashMap<Section, HashMap<String, usize>>,
    /// The position of each kept record (drafts and duplicates are not) in its section.
    pub(super) positions: HashMap<PathBuf, usize>,
    pub(super) unreadable: std::collections::HashSet<(Section, String)>,
    pub(super) today: NaiveDate,
    pub(super) trust_html: bool,
    pub(super) root: PathBuf,
    /// Problems of the indexes (duplicate or reserved slugs).
    pub(super) problems: Problems,
    /// The sales points each product names itself (before the reverse links are merged in).
    pub(super) sold_at: Vec<Vec<SalesPointId>>,
    /// The products each sales point names itself.
    pub(super) sells: Vec<Vec<ProductId>>,
}

/// One record resolved alone, to be put in place with [`Resolver::place`].
pub(crate) struct Record {
    resolved: Resolved,
    position: Option<usize>,
}

impl Resolver {
    /// Whether records resolved by this resolver still fit `all` (the records, in load
    /// order, before drafts are dropped) and `unreadable`.
    pub(crate) fn fits(
        &self,
        all: &[&RawRecord],
        unreadable: &[(Section, String)],
        opts: &ResolveOptions,
        trust_html: bool,
    ) -> bool {
        self.key == record_set_key(all, unreadable, opts, trust_html, &self.root)
    }

    /// The `trust_html` setting records were resolved with.
    pub(crate) fn trust_html(&self) -> bool {
        self.trust_html
    }

    /// Problems of the slug indexes, reported again by every rebuild that reuses them.
    pub(crate) fn problems(&self) -> &Problems {
        &self.problems
    }

    /// Whether the record of `file` (relative, as in `RawRecord::file`) is in the site
    /// (drafts and duplicates are not).
    pub(crate) fn keeps(&self, file: &Path) -> bool {
        self.positions.contains_key(file)
    }

    /// Resolves one record of the set this resolver was made for.
    pub(crate) fn resolve(&self, r: &RawRecord, out: &mut Problems) -> Record {
        let ctx = Ctx {
            unreadable: &self.unreadable,
            index: &self.index,
            today: self.today,
            trust_html: self.trust_html,
            root: &self.root,
        };
        let position = self.positions.get(&r.file).copied();
        Record {
            resolved: ctx.record(r, out),
            position,
        }
    }

    /// Puts `record` in its place in `site` (made from the same set of records), replacing
    /// the earlier version of it. The reverse links are left for [`Resolver::relink`].
    pub(crate) fn place(&mut self, site: &mut Site, record: Record) {
        let Some(i) = record.position else { return };
        fn put<T>(v: &mut [T], i: usize, x: T) {
            if let Some(slot) = v.get_mut(i) {
                *slot = x;
            }
        }
        match record.resolved {
            Resolved::Product(x) => {
                if let Some(s) = self.sold_at.get_mut(i) {
                    s.clone_from(&x.sold_at);
                }
                put(&mut site.products, i, *x)
            }
            Resolved::Producer(x) => put(&mut site.producers, i, *x),
            Resolved::SalesPoint(x) => {
                if let Some(s) = self.sells.get_mut(i) {
                    s.clone_from(&x.products);
                }
                put(&mut site.sales_points, i, *x)
            }
            Resolved::Fair(x) => put(&mut site.fairs, i, *x),
            Resolved::Story(x) => put(&mut site.stories, i, *x),
            Resolved::Page(x) => put(&mut site.pages, i, *x),
            Resolved::Plan(x) => put(&mut site.plans, i, *x),
        }
    }

    /// Makes the reverse links of `site` again (producer → products, fairs, stories; sales
    /// points ↔ products) from the links each record names itself.
    pub(crate) fn relink(&self, site: &mut Site) {
        for (p, sold) in site.products.iter_mut().zip(&self.sold_at) {
            p.sold_at.clone_from(sold);
            p.fairs.clear();
            p.stories.clear();
        }
        for (s, sells) in site.sales_points.iter_mut().zip(&self.sells) {
            s.products.clone_from(sells);
        }
        for p in &mut site.producers {
            p.products.clear();
            p.fairs.clear();
            p.stories.clear();
        }
        cross_link(site);
    }
}
