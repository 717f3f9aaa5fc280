//! Validation and resolution: raw records in, the immutable `Site` out.
//!
//! This is the one place where text becomes meaning: a province name becomes a `ProvinceId`,
//! a slug a `ProducerId`, an integer `Stars`. Every check of the content format lives here and
//! every failure becomes a `Problem` naming the file, line and field; resolution goes on past
//! errors so one run reports them all. When it returns a `Site`, the site is complete and
//! consistent: cross-links exist both ways and nothing will change it afterwards.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::base::diag::{Pos, Problems};
use crate::load::fields::Sp;
use crate::load::{RawRecord, RawSite, Section};
use crate::model::*;

mod base_url;
mod config;
mod documents;
mod fields;
mod listings;
mod photos;
mod plans;
mod producers;
mod products;
mod record;
mod references;
mod resolver;
mod slugs;
mod sources;
#[cfg(test)]
mod tests;

pub(crate) use config::resolve_config;
pub use photos::image_size;
pub(crate) use resolver::{Record, Resolver};
pub use slugs::{is_draft, reserved_slugs};
pub(crate) use sources::{own_problems, screen};

use references::cross_link;
use slugs::{Indexed, index_records, record_set_key};

/// Settings that come from the command line rather than the content.
#[derive(Debug, Clone)]
pub(crate) struct ResolveOptions {
    pub today: NaiveDate,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// Resolves the raw site; `None` only when there is nothing to build at all. Each raw
/// record is dropped as soon as it is resolved, so the raw and the resolved catalogue are
/// not both held whole (about 1 GB each at 100,000 products).
pub(crate) fn resolve(mut raw: RawSite, opts: &ResolveOptions, out: &mut Problems) -> Option<Site> {
    let mut records = std::mem::take(&mut raw.records);
    let federated = std::mem::take(&mut raw.federated);
    if !federated.is_empty() {
        let local: Vec<&RawRecord> = records.iter().collect();
        let kept = screen(&local, federated, &mut raw.sources, opts, out);
        records.extend(kept);
        let mut p = Problems::new();
        let site = resolve_keeping(&raw, records, opts, &mut p).0;
        out.extend(sources::own_problems(p));
        return site;
    }
    resolve_keeping(&raw, records, opts, out).0
}

/// [`resolve_records`], also returning what is needed to re-resolve single records later
/// and the problems of each record, by file.
pub(crate) fn resolve_keeping<R: Borrow<RawRecord> + Send + Sync>(
    raw: &RawSite,
    all: Vec<R>,
    opts: &ResolveOptions,
    out: &mut Problems,
) -> (Option<Site>, Resolver, HashMap<PathBuf, Problems>) {
    let config = resolve_config(raw, opts, out);
    let root = raw.root.clone();
    let key = record_set_key(&all, &raw.unreadable, opts, config.trust_html, &root);
    let Indexed {
        records,
        index,
        problems,
    } = index_records(all, opts);
    out.extend(problems.clone());

    let unreadable: std::collections::HashSet<(Section, String)> =
        raw.unreadable.iter().cloned().collect();
    let positions = records
        .iter()
        .map(|r| r.borrow())
        .filter_map(|r| Some((r.file.clone(), *index.get(&r.section)?.get(&r.slug)?)))
        .collect();
    let ctx = Ctx {
        unreadable: &unreadable,
        index: &index,
        today: opts.today,
        trust_html: config.trust_html,
        root: &root,
    };

    // Records resolve independently (in parallel); links between them are indices. An
    // owned raw record is dropped here, once resolved.
    let resolved: Vec<(PathBuf, Resolved, Problems)> = records
        .into_par_iter()
        .map(|r| {
            let r: &RawRecord = r.borrow();
            let mut p = Problems::new();
            let res = ctx.record(r, &mut p);
            (r.file.clone(), res, p)
        })
        .collect();

    let trust_html = config.trust_html;
    let mut site = Site {
        root,
        config,
        today: opts.today,
        products: Vec::new(),
        producers: Vec::new(),
        sales_points: Vec::new(),
        fairs: Vec::new(),
        stories: Vec::new(),
        pages: Vec::new(),
        plans: Vec::new(),
        sources: raw.sources.clone(),
        changes: Default::default(),
    };
    // A record that failed still holds its place, so indices stay right; failures are
    // errors, and a site with errors is never rendered.
    let mut record_problems = HashMap::with_capacity(resolved.len());
    for (file, res, p) in resolved {
        record_problems.insert(file, p.clone());
        out.extend(p);
        match res {
            Resolved::Product(x) => site.products.push(*x),
            Resolved::Producer(x) => site.producers.push(*x),
            Resolved::SalesPoint(x) => site.sales_points.push(*x),
            Resolved::Fair(x) => site.fairs.push(*x),
            Resolved::Story(x) => site.stories.push(*x),
            Resolved::Page(x) => site.pages.push(*x),
            Resolved::Plan(x) => site.plans.push(*x),
        }
    }
    plans::two_plans_of_a_year(&site, out);
    let resolver = Resolver {
        key,
        index,
        positions,
        unreadable,
        today: opts.today,
        trust_html,
        root: site.root.clone(),
        problems,
        sold_at: site.products.iter().map(|p| p.sold_at.clone()).collect(),
        sells: site
            .sales_points
            .iter()
            .map(|s| s.products.clone())
            .collect(),
    };
    cross_link(&mut site);
    (Some(site), resolver, record_problems)
}

#[derive(Clone)]
enum Resolved {
    Product(Box<Product>),
    Producer(Box<Producer>),
    SalesPoint(Box<SalesPoint>),
    Fair(Box<Fair>),
    Story(Box<Story>),
    Page(Box<FreePage>),
    Plan(Box<YearPlan>),
}

struct Ctx<'a> {
    unreadable: &'a std::collections::HashSet<(Section, String)>,
    index: &'a HashMap<Section, HashMap<String, usize>>,
    today: NaiveDate,
    trust_html: bool,
    root: &'a Path,
}

/// A value or, when it was missing or wrong, a stand-in (the problem is already reported).
fn text(s: &Option<Sp<String>>) -> String {
    s.as_ref().map(|s| s.value.clone()).unwrap_or_default()
}

fn opt(s: &Option<Sp<String>>) -> Option<String> {
    s.as_ref().map(|s| s.value.clone())
}

fn pos<T>(s: &Option<Sp<T>>) -> Option<Pos> {
    s.as_ref().and_then(|s| s.pos)
}
