//! The view of the page of recent changes (`changes.html`): part of the theme contract of
//! `docs/themes.md`, as the rest of `view`.

use serde::Serialize;

use super::DataFile;

/// `changes.html`: the key `changes`. What changed in the catalogue between builds
/// (`model::changes`), newest first, and each province's count of each kind of change.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    /// "Changes recorded since 22/11/2026, the first build of this site." or, before any,
    /// what the page will show.
    pub lead: String,
    /// The Atom feed of every change (root-relative) and the JSON of the whole log.
    pub feed_url: String,
    pub json: DataFile,
    /// The kinds of change, in the order of the table's columns.
    pub kinds: Vec<ChangeKindView>,
    /// One row per province with a change, by name.
    pub provinces: Vec<ChangeProvince>,
    /// The changes shown, grouped by build date, newest first.
    pub days: Vec<ChangeDay>,
    /// How many changes the log holds, and how many are shown (the newest).
    pub total: usize,
    pub shown: usize,
}

/// A kind of change: its code (`new`, `upgraded`, `downgraded`, `expired`, `revoked`,
/// `renewed`, `removed`) and label.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeKindView {
    pub key: String,
    pub label: String,
}

/// A province's changes: counts in the order of `ChangesView::kinds`, and its own feed.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeProvince {
    pub name: String,
    pub counts: Vec<usize>,
    pub total: usize,
    pub feed_url: String,
}

/// The changes of one build date.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeDay {
    /// `05/12/2026` and `2026-12-05`.
    pub date: String,
    pub date_iso: String,
    pub changes: Vec<ChangeItem>,
}

/// One change of one product.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeItem {
    pub kind: String,
    pub label: String,
    pub name: String,
    /// The product's page, while it still has one.
    pub url: Option<String>,
    pub province: String,
    /// "4 → 5 sao", "3 sao"...
    pub stars: String,
    /// The source it was merged from, if any.
    pub source: Option<String>,
}
