//! The page of recent changes (`/thay-doi/`): what the catalogue gained, lost and re-rated
//! between builds, per province, with its feeds (`outputs::feeds`) and JSON.

use std::collections::BTreeMap;

use super::data::file;
use super::{Built, PageView};
use crate::model::changes::{Change, ChangeKind};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::{self, out, path};
use crate::present::view::*;
use crate::present::{Presenter, date, iso};

/// The newest changes the page lists; the JSON holds the whole log.
pub(crate) const CHANGES_SHOWN: usize = 200;

pub(super) fn changes(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let h = &pr.site.changes;
    let lead = match h.since {
        Some(d) if d < pr.site.today || !h.log.is_empty() => {
            tr.fill("changes.lead", &[("date", &date(d))])
        }
        _ => tr.get("changes.first").to_string(),
    };
    let view = ChangesView {
        lead,
        feed_url: pr.urls.url(path::CHANGES_FEED),
        json: file(pr, "changes_json", out::CHANGES_JSON, "JSON"),
        kinds: ChangeKind::ALL
            .iter()
            .map(|k| ChangeKindView {
                key: k.key().into(),
                label: kind_label(pr, *k),
            })
            .collect(),
        provinces: provinces(pr, &h.log),
        days: days(pr, &h.log[..h.log.len().min(CHANGES_SHOWN)]),
        total: h.log.len(),
        shown: h.log.len().min(CHANGES_SHOWN),
    };
    let heading = tr.get("changes.heading");
    let meta = plan.meta(MetaSpec {
        kind: "changes",
        section: "statistics",
        heading,
        description: tr.get("changes.description"),
        path: path::CHANGES,
        breadcrumb: plan.crumbs(&[(heading, path::CHANGES)]),
        ..MetaSpec::default()
    });
    Built::at(
        pr,
        "changes.html",
        path::CHANGES,
        meta,
        PageView::Changes(Box::new(view)),
    )
}

pub(crate) fn kind_label(pr: &Presenter, k: ChangeKind) -> String {
    pr.tr
        .get(&format!("changes.kind_{}", k.key().replace('-', "_")))
        .to_string()
}

/// "4 → 5 sao", "3 sao".
pub(crate) fn stars_text(pr: &Presenter, c: &Change) -> String {
    match (c.stars_before, c.stars) {
        (Some(a), Some(b)) if a != b => pr
            .tr
            .fill("changes.stars_moved", &[("from", &a), ("to", &b)]),
        (_, Some(n)) | (Some(n), None) => crate::present::stars_label(pr.tr, n),
        (None, None) => String::new(),
    }
}

/// The product page of a change, while the product is still published.
pub(crate) fn page_of(pr: &Presenter, c: &Change) -> Option<String> {
    let site = pr.site;
    site.products
        .iter()
        .find(|p| p.common.slug == c.slug)
        .filter(|p| site.is_published(p))
        .map(|p| urls::product(&p.common.slug))
}

fn provinces(pr: &Presenter, log: &[Change]) -> Vec<ChangeProvince> {
    let mut by: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for c in log {
        let key = crate::base::vietnamese::fold(&c.province);
        let e = by
            .entry(key)
            .or_insert_with(|| (c.province.clone(), vec![0; ChangeKind::ALL.len()]));
        if let Some(i) = ChangeKind::ALL.iter().position(|k| *k == c.kind) {
            e.1[i] += 1;
        }
    }
    by.into_values()
        .map(|(name, counts)| ChangeProvince {
            feed_url: pr
                .urls
                .url(&urls::changes_feed(&crate::base::vietnamese::slugify(
                    &name,
                ))),
            total: counts.iter().sum(),
            name,
            counts,
        })
        .collect()
}

fn days(pr: &Presenter, log: &[Change]) -> Vec<ChangeDay> {
    let mut days: Vec<ChangeDay> = Vec::new();
    for c in log {
        if days.last().is_none_or(|d| d.date_iso != iso(c.date)) {
            days.push(ChangeDay {
                date: date(c.date),
                date_iso: iso(c.date),
                changes: Vec::new(),
            });
        }
        let item = ChangeItem {
            kind: c.kind.key().into(),
            label: kind_label(pr, c.kind),
            name: c.name.clone(),
            url: page_of(pr, c).map(|p| pr.urls.url(&p)),
            province: c.province.clone(),
            stars: stars_text(pr, c),
            source: c.source.clone(),
        };
        if let Some(d) = days.last_mut() {
            d.changes.push(item);
        }
    }
    days
}
