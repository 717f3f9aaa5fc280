//! Federation: the other `ocop` sites a site merges into its catalogue, and where each merged
//! record came from.
//!
//! A national or regional site names province sites as sources (`[[sources]]` of
//! site.toml). Their published exports are read, checked with the rules of local content and
//! merged; each merged record keeps its [`Origin`] so its pages credit and link the province
//! that owns it, and each source its [`Source`] so the build summary and the pages can say how
//! fresh the copy is.

use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;

/// Where a source's exports are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A site's address (`https://ocop.tuyenquang.gov.vn/`): its `du-lieu/*.json` are fetched.
    Url(String),
    /// A folder holding the exports (`products.json`...), absolute.
    Folder(PathBuf),
}

/// One `[[sources]]` entry, checked.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    /// How pages name the source ("Tuyên Quang").
    pub label: String,
    /// A slug: the prefix of its records' addresses on this site and its cache folder.
    pub key: String,
    pub location: Location,
    /// How long one request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// The largest file accepted.
    pub max_bytes: u64,
}

impl SourceSpec {
    pub const DEFAULT_TIMEOUT_SECONDS: u64 = 30;
    pub const DEFAULT_MAX_MB: u64 = 200;
}

/// How the copy a build uses was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyState {
    /// Read now, and different from the last copy (or the first copy).
    Fresh,
    /// Read now (or answered "not modified"): the same as the last copy.
    Unchanged,
    /// Could not be read now; the last good copy is used. The reason is said.
    Fallback(String),
    /// Could not be read now and there is no earlier copy: the source adds nothing.
    Unavailable(String),
}

/// A source as the build found it.
#[derive(Debug, Clone)]
pub struct Source {
    pub spec: SourceSpec,
    pub state: CopyState,
    /// The source site's title and address, as its exports give them.
    pub title: Option<String>,
    pub site_url: Option<String>,
    /// The day the copy in use was fetched (when its bytes last changed).
    pub fetched: Option<NaiveDate>,
    /// The source's own build date (`generated` of its exports).
    pub generated: Option<NaiveDate>,
    /// Records read from the copy, and how many of them were left out (errors or duplicates).
    pub read: usize,
    pub left_out: usize,
    /// Warnings of its records (not listed one by one: the source's own `ocop check` does).
    pub warnings: usize,
}

/// Where a merged record came from.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: crate::model::SourceId,
    /// The record's slug on the source site.
    pub slug: String,
    /// The record's page on the source site (absolute).
    pub page: String,
    /// Its photos on the source site (absolute addresses), the cover first.
    pub photos: Vec<String>,
}
