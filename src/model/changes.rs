//! What changed in the catalogue between two builds: products new, re-rated (stars up or
//! down), expired, revoked, renewed or removed, per province.
//!
//! Buyers follow a catalogue for its changes, and a national catalogue merged from 34
//! provinces changes without anyone here editing it. Each build compares the catalogue with
//! the state the previous build of the same output left ([`State`], kept beside the output
//! as `.ocop-catalogue.json`) and adds what differs, dated with the build date, to the log
//! it carries on. The first build of an output is the starting point and records nothing.
//! The comparison is one function ([`History::advance`]); `ocop serve` makes the same
//! comparison against the published output without saving it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{CertStatus, Site, refdata};

/// How long a change stays in the log, and how many are kept at most.
pub const KEEP_DAYS: i64 = 400;
pub const KEEP_AT_MOST: usize = 5000;

/// A product as the change log compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    /// The province's short name ("Tuyên Quang").
    pub province: String,
    pub stars: u8,
    /// `valid`, `expiring`, `expired`, `revoked`.
    pub status: String,
    /// The label of the source it was merged from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    New,
    Upgraded,
    Downgraded,
    Expired,
    Revoked,
    Renewed,
    Removed,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 7] = [
        ChangeKind::New,
        ChangeKind::Upgraded,
        ChangeKind::Downgraded,
        ChangeKind::Expired,
        ChangeKind::Revoked,
        ChangeKind::Renewed,
        ChangeKind::Removed,
    ];

    /// The code of the exports and the key of its label (`changes.kind.KEY`).
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Upgraded => "upgraded",
            ChangeKind::Downgraded => "downgraded",
            ChangeKind::Expired => "expired",
            ChangeKind::Revoked => "revoked",
            ChangeKind::Renewed => "renewed",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One change of one product, on one build date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub date: NaiveDate,
    pub kind: ChangeKind,
    /// The product's slug on this site.
    pub slug: String,
    pub name: String,
    pub province: String,
    /// Stars before and after (`None` before a new product, after a removed one).
    pub stars_before: Option<u8>,
    pub stars: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a build leaves for the next one to compare with.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub schema: String,
    /// The build date of the first build of this output: the log starts there.
    pub since: Option<NaiveDate>,
    /// Every product of the catalogue, by slug.
    pub products: BTreeMap<String, Entry>,
    /// The changes so far, newest first.
    pub log: Vec<Change>,
}

impl State {
    pub const SCHEMA: &'static str = "ocop-catalogue-state/1";
    /// Its file in an output folder (hidden: not part of the published site).
    pub const FILE: &'static str = ".ocop-catalogue.json";
}

/// The change log as the pages and exports show it.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Since when changes are recorded (`None`: this build is the first).
    pub since: Option<NaiveDate>,
    /// Newest first.
    pub log: Vec<Change>,
}

impl History {
    /// The log after this build: the previous state's, with what differs between its
    /// catalogue and `site`'s added under the build date; and the state to leave.
    pub fn advance(previous: Option<State>, site: &Site) -> (History, State) {
        let now = snapshot(site);
        let today = site.today;
        let (since, mut log) = match previous {
            Some(prev) if prev.schema == State::SCHEMA => {
                let mut new = diff(&prev.products, &now, today);
                new.extend(prev.log);
                (prev.since.or(Some(today)), new)
            }
            _ => (Some(today), Vec::new()),
        };
        log.retain(|c| (today - c.date).num_days() <= KEEP_DAYS);
        log.truncate(KEEP_AT_MOST);
        let state = State {
            schema: State::SCHEMA.to_string(),
            since,
            products: now,
            log: log.clone(),
        };
        (History { since, log }, state)
    }
}

/// Every product of the site as the log compares it.
pub fn snapshot(site: &Site) -> BTreeMap<String, Entry> {
    let data = refdata::data();
    site.products
        .iter()
        .map(|p| {
            let entry = Entry {
                name: p.name.clone(),
                province: data.province(p.province).short_name.clone(),
                stars: p.stars().get(),
                status: p.status(site.today).key().to_string(),
                source: p
                    .common
                    .origin
                    .as_ref()
                    .map(|o| site.source(o.source).spec.label.clone()),
            };
            (p.common.slug.clone(), entry)
        })
        .collect()
}

fn lapsed(status: &str) -> bool {
    status == CertStatus::Expired.key() || status == CertStatus::Revoked.key()
}

/// The changes from `before` to `after`, dated `date`, in slug order: removed products
/// after the others.
pub fn diff(
    before: &BTreeMap<String, Entry>,
    after: &BTreeMap<String, Entry>,
    date: NaiveDate,
) -> Vec<Change> {
    let change = |kind, slug: &str, e: &Entry, before: Option<u8>, stars: Option<u8>| Change {
        date,
        kind,
        slug: slug.to_string(),
        name: e.name.clone(),
        province: e.province.clone(),
        stars_before: before,
        stars,
        source: e.source.clone(),
    };
    let mut out = Vec::new();
    for (slug, now) in after {
        let kind = match before.get(slug) {
            None => Some(ChangeKind::New),
            Some(was) if now.status == "revoked" && was.status != "revoked" => {
                Some(ChangeKind::Revoked)
            }
            Some(was) if now.stars > was.stars => Some(ChangeKind::Upgraded),
            Some(was) if now.stars < was.stars => Some(ChangeKind::Downgraded),
            Some(was) if now.status == "expired" && !lapsed(&was.status) => {
                Some(ChangeKind::Expired)
            }
            Some(was) if lapsed(&was.status) && !lapsed(&now.status) => Some(ChangeKind::Renewed),
            Some(_) => None,
        };
        if let Some(kind) = kind {
            let was = before.get(slug).map(|w| w.stars);
            out.push(change(kind, slug, now, was, Some(now.stars)));
        }
    }
    for (slug, was) in before {
        if !after.contains_key(slug) {
            out.push(change(
                ChangeKind::Removed,
                slug,
                was,
                Some(was.stars),
                None,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(stars: u8, status: &str) -> Entry {
        Entry {
            name: "Mật ong".into(),
            province: "Tuyên Quang".into(),
            stars,
            status: status.into(),
            source: None,
        }
    }

    #[test]
    fn each_kind_of_change_is_told_apart() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let before: BTreeMap<String, Entry> = [
            ("up", e(3, "valid")),
            ("down", e(5, "valid")),
            ("lapse", e(4, "expiring")),
            ("pull", e(4, "valid")),
            ("back", e(4, "expired")),
            ("gone", e(3, "valid")),
            ("same", e(4, "valid")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let after: BTreeMap<String, Entry> = [
            ("up", e(4, "valid")),
            ("down", e(4, "valid")),
            ("lapse", e(4, "expired")),
            ("pull", e(4, "revoked")),
            ("back", e(4, "valid")),
            ("same", e(4, "expiring")),
            ("fresh", e(3, "valid")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let kinds: Vec<(String, ChangeKind)> = diff(&before, &after, d)
            .into_iter()
            .map(|c| (c.slug, c.kind))
            .collect();
        let k = |s: &str, kind| (s.to_string(), kind);
        assert_eq!(
            kinds,
            vec![
                k("back", ChangeKind::Renewed),
                k("down", ChangeKind::Downgraded),
                k("fresh", ChangeKind::New),
                k("lapse", ChangeKind::Expired),
                k("pull", ChangeKind::Revoked),
                k("up", ChangeKind::Upgraded),
                k("gone", ChangeKind::Removed),
            ]
        );
    }
}
