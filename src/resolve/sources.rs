//! Records merged from other sites (`[[sources]]`): checked by the rules of local content,
//! left out when wrong, and shown once when two sites report the same product.
//!
//! A source's record is resolved exactly as a local one (`Ctx::record`); one with an error
//! is left out with a warning naming the cached file, line and field, and the records that
//! list it forget it (a product that needs it, for its producer, is left out in turn), so a
//! province's mistake costs that record, never the national build. Then duplicates: the same
//! product reported twice (same GTIN, or the same producer tax code and name once folded) is
//! kept once: the site's own record first, else the one with the newest certificate, else
//! the source listed first; the others point to it and the disagreement is reported. A
//! producer with the tax code of one kept already is merged into it the same way.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::base::diag::{Problem, Problems};
use crate::base::vietnamese::fold;
use crate::load::{RawFields, RawRecord, Section};
use crate::model::Gtin;
use crate::model::federation::Source;

use super::slugs::index_records;
use super::{Ctx, ResolveOptions};

/// The records of `federated` that may join the site: checked, their dangling list
/// references dropped, duplicates of `local` records or of each other removed. Counts of
/// each source's left-out records and warnings go into `sources`.
pub(crate) fn screen(
    local: &[&RawRecord],
    mut federated: Vec<RawRecord>,
    sources: &mut [Source],
    opts: &ResolveOptions,
    out: &mut Problems,
) -> Vec<RawRecord> {
    if federated.is_empty() {
        return federated;
    }
    let mut left: Vec<usize> = vec![0; sources.len()];
    let mut warnings: Vec<usize> = vec![0; sources.len()];
    for _round in 0..6 {
        let (kept, dropped) = check_round(&mut federated, opts, &mut warnings, out);
        for r in &dropped {
            if let Some(o) = &r.origin {
                left[o.source] += 1;
            }
        }
        federated = kept;
        if dropped.is_empty() {
            break;
        }
    }
    let federated = duplicates(local, federated, sources, &mut left, out);
    for (i, s) in sources.iter_mut().enumerate() {
        s.left_out += left[i];
        s.warnings = warnings[i];
    }
    federated
}

/// One pass: list references to records that are not there are dropped, every record is
/// resolved, and those with an error are returned apart (reported as warnings).
fn check_round(
    records: &mut Vec<RawRecord>,
    opts: &ResolveOptions,
    warnings: &mut [usize],
    out: &mut Problems,
) -> (Vec<RawRecord>, Vec<RawRecord>) {
    let taken = std::mem::take(records);
    let indexed = index_records(taken, opts);
    for p in indexed.problems.iter() {
        out.push(as_warning(p));
    }
    let index = indexed.index;
    let mut records = indexed.records;
    let has = |s: Section, slug: &str| index.get(&s).is_some_and(|m| m.contains_key(slug));
    for r in &mut records {
        forget_missing(r, &has);
    }
    let unreadable = HashSet::new();
    let root = std::path::PathBuf::new();
    let ctx = Ctx {
        unreadable: &unreadable,
        index: &index,
        today: opts.today,
        trust_html: false,
        root: &root,
    };
    let verdicts: Vec<Problems> = records
        .par_iter()
        .map(|r| {
            let mut p = Problems::new();
            ctx.record(r, &mut p);
            p
        })
        .collect();
    let mut kept = Vec::with_capacity(records.len());
    let mut dropped = Vec::new();
    for (r, p) in records.into_iter().zip(verdicts) {
        match p.errors().next() {
            Some(e) => {
                let mut w = as_warning(e);
                w.message = format!("record left out: {}", w.message);
                out.push(w);
                dropped.push(r);
            }
            None => {
                if let Some(o) = &r.origin {
                    warnings[o.source] += p.warning_count();
                }
                kept.push(r);
            }
        }
    }
    (kept, dropped)
}

fn as_warning(p: &Problem) -> Problem {
    let mut w = p.clone();
    w.severity = crate::base::diag::Severity::Warning;
    w
}

/// Drops the references of lists (a product's sales points, a sales point's products, a
/// fair's producers and products) to records that are not there.
fn forget_missing(r: &mut RawRecord, has: &impl Fn(Section, &str) -> bool) {
    match &mut r.fields {
        RawFields::Product(p) => p.sold_at.retain(|s| has(Section::SalesPoints, &s.value)),
        RawFields::SalesPoint(p) => p.products.retain(|s| has(Section::Products, &s.value)),
        RawFields::Fair(p) => {
            p.products.retain(|s| has(Section::Products, &s.value));
            p.producers.retain(|s| has(Section::Producers, &s.value));
        }
        _ => {}
    }
}

/// What makes two reports the same product: its GTIN, or its producer's tax code and its
/// folded name.
fn product_keys(r: &RawRecord, tax_codes: &HashMap<&str, String>) -> Vec<String> {
    let RawFields::Product(p) = &r.fields else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    if let Some(g) = p
        .specs
        .barcode
        .as_ref()
        .and_then(|b| Gtin::parse(&b.value).ok())
    {
        keys.push(format!("gtin:{}", g.as_str()));
    }
    let tax = p
        .producer
        .as_ref()
        .and_then(|s| tax_codes.get(s.value.as_str()));
    if let (Some(tax), Some(name)) = (tax, &p.name) {
        keys.push(format!("tax:{tax}:{}", fold(&name.value).trim()));
    }
    keys
}

fn tax_code(r: &RawRecord) -> Option<String> {
    let RawFields::Producer(p) = &r.fields else {
        return None;
    };
    let digits: String = p
        .tax_code
        .as_ref()?
        .value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    (!digits.is_empty()).then_some(digits)
}

/// The newest certificate's date of a product record, for choosing between two reports.
fn newest(r: &RawRecord) -> Option<chrono::NaiveDate> {
    let RawFields::Product(p) = &r.fields else {
        return None;
    };
    p.certificates
        .iter()
        .filter_map(|c| c.issued.as_ref().map(|d| d.value))
        .max()
}

fn describe(r: &RawRecord, sources: &[Source]) -> String {
    let RawFields::Product(p) = &r.fields else {
        return r.slug.clone();
    };
    let newest = p
        .certificates
        .iter()
        .max_by_key(|c| c.issued.as_ref().map(|d| d.value));
    let cert = newest.map_or(String::new(), |c| {
        format!(
            ", {} sao ({})",
            c.stars.as_ref().map_or(0, |s| s.value),
            c.issued
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default()
        )
    });
    let from = match &r.origin {
        Some(o) => sources
            .get(o.source)
            .map_or("?", |s| s.spec.label.as_str())
            .to_string(),
        None => "this site".to_string(),
    };
    format!("{from}{cert}")
}

/// Removes the second and later reports of a product or producer, pointing the records that
/// name them to the one kept.
fn duplicates(
    local: &[&RawRecord],
    federated: Vec<RawRecord>,
    sources: &[Source],
    left: &mut [usize],
    out: &mut Problems,
) -> Vec<RawRecord> {
    // Producers: by tax code; the site's own first, then the sources in order.
    // Two producers of one site with one tax code are that site's business: only two sites'
    // reports are merged.
    let site_of = |x: &RawRecord| x.origin.as_ref().map(|o| o.source);
    let mut producer_of_tax: HashMap<String, (String, Option<usize>)> = HashMap::new();
    for r in local
        .iter()
        .copied()
        .filter(|r| r.section == Section::Producers)
    {
        if let Some(t) = tax_code(r) {
            producer_of_tax
                .entry(t)
                .or_insert_with(|| (r.slug.clone(), None));
        }
    }
    let mut renamed: HashMap<(Section, String), String> = HashMap::new();
    let mut tax_codes: HashMap<&str, String> = HashMap::new();
    for r in local.iter().copied().chain(federated.iter()) {
        if let Some(t) = tax_code(r) {
            tax_codes.insert(r.slug.as_str(), t);
        }
    }
    for r in federated.iter().filter(|r| r.section == Section::Producers) {
        if let Some(t) = tax_code(r) {
            let (kept, site) = producer_of_tax
                .entry(t)
                .or_insert_with(|| (r.slug.clone(), site_of(r)));
            if *site != site_of(r) {
                renamed.insert((Section::Producers, r.slug.clone()), kept.clone());
            }
        }
    }
    // Products: every report with its keys; the order of preference decides which is kept.
    let mut order: Vec<(bool, Option<chrono::NaiveDate>, usize, &RawRecord)> = local
        .iter()
        .copied()
        .chain(federated.iter())
        .enumerate()
        .filter(|(_, r)| r.section == Section::Products)
        .map(|(i, r)| (r.origin.is_none(), newest(r), i, r))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut claimed: HashMap<String, &RawRecord> = HashMap::new();
    for (_, _, _, r) in &order {
        let keys = product_keys(r, &tax_codes);
        match keys.iter().find_map(|k| claimed.get(k).map(|w| (k, *w))) {
            Some((key, winner)) => {
                // Two records of one site (two of the site's own, or two of one province)
                // are two products to that site: only reports by two sites are merged.
                if site_of(r) == site_of(winner) {
                    continue;
                }
                renamed.insert((Section::Products, r.slug.clone()), winner.slug.clone());
                let how = if let Some(gtin) = key.strip_prefix("gtin:") {
                    format!("the same GTIN {gtin}")
                } else {
                    "the same producer tax code and name".to_string()
                };
                let (a, b) = (describe(winner, sources), describe(r, sources));
                let mut msg = format!(
                    "the product `{}` is also reported by another site ({how}): shown once, from {a}",
                    r.slug
                );
                if a.split_once(',').map(|x| x.1) != b.split_once(',').map(|x| x.1) {
                    msg.push_str(&format!("; the reports disagree: {a} against {b}"));
                }
                out.push(
                    Problem::warning(&r.file, msg)
                        .at(r.origin.as_ref().and(pos_of(r)))
                        .hint("the province sites should agree on the product's certificates"),
                );
            }
            None => {
                for k in keys {
                    claimed.entry(k).or_insert(r);
                }
            }
        }
    }
    let mut kept = Vec::with_capacity(federated.len());
    for mut r in federated {
        if renamed.contains_key(&(r.section, r.slug.clone())) {
            if let Some(o) = &r.origin {
                left[o.source] += 1;
            }
            continue;
        }
        redirect(&mut r, &renamed);
        kept.push(r);
    }
    kept
}

/// The line of a source's record (all its fields share it).
fn pos_of(r: &RawRecord) -> Option<crate::base::diag::Pos> {
    match &r.fields {
        RawFields::Product(p) => p.name.as_ref().and_then(|n| n.pos),
        _ => None,
    }
}

/// Points the references of `r` to the records kept in place of those removed.
fn redirect(r: &mut RawRecord, renamed: &HashMap<(Section, String), String>) {
    let fix = |s: Section, list: &mut Vec<crate::load::fields::Sp<String>>| {
        let mut seen = HashSet::new();
        for x in list.iter_mut() {
            if let Some(to) = renamed.get(&(s, x.value.clone())) {
                x.value = to.clone();
            }
        }
        list.retain(|x| seen.insert(x.value.clone()));
    };
    match &mut r.fields {
        RawFields::Product(p) => {
            if let Some(pr) = &mut p.producer
                && let Some(to) = renamed.get(&(Section::Producers, pr.value.clone()))
            {
                pr.value = to.clone();
            }
        }
        RawFields::SalesPoint(p) => fix(Section::Products, &mut p.products),
        RawFields::Fair(p) => {
            fix(Section::Products, &mut p.products);
            fix(Section::Producers, &mut p.producers);
        }
        _ => {}
    }
}

/// The problems of a resolution with merged records, as the build reports them: the site's
/// own all; of merged records (already checked and counted by [`screen`]) only what makes
/// one left out, as a warning.
pub(crate) fn own_problems(all: Problems) -> Problems {
    let cache = std::path::Path::new(".ocop-cache").join("sources");
    let mut out = Problems::new();
    for p in all.iter() {
        if !p.file.starts_with(&cache) {
            out.push(p.clone());
        } else if p.is_error() {
            let mut w = as_warning(p);
            w.message = format!("record left out: {}", w.message);
            out.push(w);
        }
    }
    out
}
