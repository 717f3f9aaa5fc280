//! Client-side search: the static index that `search.js` reads, written under `search/`.
//!
//! Shoppers search on phones over slow links, mostly typing without accents; buyers narrow by
//! stars, group and province. Everything is computed here, at build time, and split so the
//! browser fetches only what a query needs. The files keep their names from build to build
//! (`search/terms-3.json`), so an edit changes, and an upload sends, only the files it
//! changed; the browser asks for each with a version from the manifest (`?v=`, see
//! `versions.rs`), so a server may cache them forever:
//!
//! - `manifest.json` (its URL, with a hash of it, is embedded in the search page): the
//!   versions of the other files (`versions`, per group of files), counts (`current`: the
//!   products before it are certified, those after it have lapsed), facet labels and the
//!   first word of every term chunk;
//! - term chunks `terms-N.json`: folded words ("đường" → `duong`) in sorted ranges, a
//!   two-letter prefix per chunk packed to about 4 KB, a hot prefix cut between words (a
//!   single bigger word gets a chunk of its own). A word lists its spellings with accents
//!   ("dương", "đường") and, per spelling, the records that contain it with the best field
//!   it occurs in (name, producer, place or group, tags, text) as a delta-coded base-64
//!   string (`encode_postings`). A very common word (`DENSE_MIN`) lists per spelling only
//!   its better fields, and adds one text tier for all spellings (`text_tier`): the records
//!   lacking the word, or those with it only in their text, whichever is shorter;
//! - prefix lists `prefix-N.json` (the manifest's `prefixes` names them): for each short
//!   prefix whose words span `MAX_PREFIX_CHUNKS` chunks or more ("s", "ch", "m") when
//!   packed with `WIDE_PACK_MAX` (chunks are cut finer, at `CHUNK_MAX`; the manifest's list
//!   is what the client reads), the best field per record of any word starting with it, in
//!   a term row of one spelling with a text tier (`prefix_row`), so that a last word still
//!   being typed ("che s") matches as a prefix without fetching dozens of chunks;
//! - answers of pasted names `names-N.json` (`name_answers`; the manifest's `names` is the
//!   number of buckets): a producer's full name, pasted, has words that are each in
//!   thousands of records; its matching records and their costs (with the name's accents,
//!   and without accents) are computed here, by intersecting the words' record sets, and
//!   the client reads one bucket instead of every word's list;
//! - `product-facets.json`: one column per facet (stars, group, producer kind, province),
//!   a digit per product, enough for every live facet count with no other request;
//!   `producer-facets.json` (kind, province) is fetched only on the producers tab or with a
//!   producer filter;
//! - `by-ten.json`, `by-moi.json` and `by-gia.json` (named after the sorts' `sx`): each
//!   product's rank by name, newest certificate date and price (`rank_file`), fetched only
//!   when the shopper sorts that way;
//! - display records in shards of `SHARD` (`products-N.json`) and `PRODUCER_SHARD`
//!   (`producers-N.json`), fetched
//!   for the results shown: a product's name, page, thumbnail (`THUMB_WIDTH`), stars,
//!   producer, province, group, price, unit, certificate end date and whether it was
//!   revoked. A record with an English name (`name_en`) has it as an extra last field, for
//!   English search pages; English names and summaries are indexed too, so one index serves
//!   both languages.
//!
//! Record ids: certified products by stars, then province, producer name and name, then
//! products whose certificate has lapsed in the same order (found by a query, ranked below
//! certified ones, not browsed), then every producer in alphabetical order. Ties in relevance fall to stars with no sort file,
//! and browse mode's first page is the first shard; a producer's products are neighbours,
//! and so are producers with similar names, so posting lists and facet columns are runs
//! that gzip shrinks to little. A build of the same site writes the same bytes.
//!
//! Folding and word splitting are `vietnamese::fold`, `vietnamese::match_key` and
//! `vietnamese::words`; `search.js` has the same three functions, and one file of test
//! vectors (`tests/search-vectors.json`) is checked against both.
//!
//! The files of this folder follow the build (`index.rs` runs the steps in order):
//! `records.rs` picks the records, their order and what each says (with the extra words of
//! `shorthand.rs`: codes such as decision numbers, abbreviations such as "htx");
//! `postings.rs` collects their words into posting lists; `terms.rs` makes the term rows,
//! chunks and prefix lists; `lookup.rs` reads the index back as `search.js` does, for
//! `names.rs` to answer pasted names; `encode.rs` writes numbers as base-64 text;
//! `versions.rs` gives the files their versions.

use crate::base::vietnamese::{fold, match_key, words};

mod encode;
mod index;
mod lookup;
mod names;
mod postings;
mod records;
mod shorthand;
mod terms;
#[cfg(test)]
mod tests;
mod versions;

pub use encode::{decode_postings, decode_set, encode_postings, encode_set};
pub use index::build;
pub(crate) use names::NAME_WORDS;

/// The output folder of the index.
pub(crate) const DIR: &str = "search/";
/// Product display records per shard: the ten results shown are often in ten shards, so a
/// shard is what a result costs over the network; and each shard is a file to write and
/// upload. Eight (two files of the index per hundred products at 20,000) costs a first
/// search about 2 KB more than four did (issue #19, docs/performance.md).
pub(crate) const SHARD: usize = 8;
/// Producer display records per shard: read on the producers tab only, in a directory of
/// about one producer for two products; sixteen keep their shards as few as the products'.
pub(crate) const PRODUCER_SHARD: usize = 16;
/// Term chunks are packed up to this many bytes...
const CHUNK_TARGET: usize = 4 * 1024;
/// ...and a hot prefix is split so that no chunk passes this (unless one word alone does):
/// a word typed fetches its chunk, so a hot prefix's words are fetched in small parts.
pub const CHUNK_MAX: usize = 8 * 1024;
/// Which prefixes are wide (`MAX_PREFIX_CHUNKS`) is decided on the term list packed as the
/// chunks were before they were cut finer (prefixes up to this size kept whole), and the
/// manifest lists them: the client matches a wide prefix otherwise (no typo tolerance, a
/// prefix list), so the chunks can be cut finer without any query's results changing.
pub(crate) const WIDE_PACK_MAX: usize = 24 * 1024;
/// A word is "very common" when at least this many records have it only in their text, and
/// at least one record in `DENSE_SHARE`: its spellings then list only the records that have
/// it in a better field, and one text tier (`text_tier`) says which others have it at all.
pub(crate) const DENSE_MIN: usize = 512;
pub(crate) const DENSE_SHARE: usize = 8;
/// A last word still being typed matches as a prefix; when its words span this many term
/// chunks or more, the client reads the prefix's own list instead (`prefix-N.json`).
pub(crate) const MAX_PREFIX_CHUNKS: usize = 6;
/// Hex digits of the manifest's version (`manifest.json?v=…`).
const HASH_LEN: usize = 12;

/// Where in a record a word was found; earlier fields rank higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name = 0,
    Producer = 1,
    /// Group, subgroup, province, commune, producer kind.
    Place = 2,
    Tags = 3,
    /// Summary, story, address, ingredients.
    Text = 4,
}

/// Fields by number.
const FIELDS: [Field; 5] = [
    Field::Name,
    Field::Producer,
    Field::Place,
    Field::Tags,
    Field::Text,
];

/// The words of a text as (folded, accented key) pairs: `fold` and `match_key` of each word
/// of `vietnamese::words`. Words that fold to nothing (lone marks) are left out.
pub fn tokens(s: &str) -> Vec<(String, String)> {
    words(s)
        .filter_map(|w| {
            let f = fold(w);
            (!f.is_empty()).then(|| (f, match_key(w)))
        })
        .collect()
}

/// The index in memory: file names (inside `search/`) and contents, the manifest last.
#[derive(Debug, Clone)]
pub struct Index {
    pub files: Vec<(String, Vec<u8>)>,
    /// The manifest's address after `search/`: `manifest.json?v=HASH`.
    pub manifest: String,
}

/// Order of strings as JavaScript compares them (UTF-16 code units), so the browser can
/// binary-search what Rust sorted.
fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}
