//! Client-side search: the static index that `search.js` reads, written under `search/`.
//!
//! Shoppers search on phones over slow links, mostly typing without accents; buyers narrow by
//! stars, group and province. Everything is computed here, at build time, and split so the
//! browser fetches only what a query needs. All files are in one folder named by a hash of
//! their contents, `search/VERSION/`, so a server may cache them forever (record ids shift
//! whenever a product is added, which changes most files anyway, and one hash in the page
//! keeps the manifest free of per-file hashes):
//!
//! - `manifest.json` (its URL is embedded in the search page): counts, facet labels and the
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
//! - `by-name.json` and `by-date.json`: the alphabetical rank and the newest certificate date
//!   of each product, fetched only when the shopper sorts that way;
//! - display records in shards of `SHARD` (`products-N.json`, `producers-N.json`), fetched
//!   for the results shown. A record with an English name (`name_en`) has it as an extra
//!   last field, for English search pages; English names and summaries are indexed too, so
//!   one index serves both languages.
//!
//! Record ids: certified products by stars, then province, producer name and name, then
//! every producer in alphabetical order. Ties in relevance fall to stars with no sort file,
//! and browse mode's first page is the first shard; a producer's products are neighbours,
//! and so are producers with similar names, so posting lists and facet columns are runs
//! that gzip shrinks to little. A build of the same site writes the same bytes.
//!
//! Folding and word splitting are `vietnamese::fold`, `vietnamese::match_key` and
//! `vietnamese::words`; `search.js` has the same three functions, and one file of test
//! vectors (`tests/search-vectors.json`) is checked against both.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::vietnamese::{fold, match_key, words};
use crate::model::refdata::{self, Group, ProvinceId};
use crate::model::{ProducerKind, ProductId, Site};
use crate::present::Presenter;

mod encode;
mod lookup;
mod names;
mod postings;
mod terms;
#[cfg(test)]
mod tests;

pub use encode::{decode_postings, decode_set, encode_postings, encode_set};
use encode::{push_fixed, width_for};
use lookup::Lookup;
use names::name_answers;
pub use names::{NAME_WORDS, name_bucket};
use postings::{DocText, DocWords, NONE, Postings, html_text};
use terms::{Tier, pack_chunks, prefix_row, term_names_of, text_tier, wide_prefixes};

/// The output folder of the index.
pub const DIR: &str = "search/";
/// Display records per shard: the ten results shown are often in ten shards.
pub const SHARD: usize = 4;
/// Term chunks are packed up to this many bytes...
const CHUNK_TARGET: usize = 4 * 1024;
/// ...and a hot prefix is split so that no chunk passes this (unless one word alone does):
/// a word typed fetches its chunk, so a hot prefix's words are fetched in small parts.
pub const CHUNK_MAX: usize = 8 * 1024;
/// Which prefixes are wide (`MAX_PREFIX_CHUNKS`) is decided on the term list packed as the
/// chunks were before they were cut finer (prefixes up to this size kept whole), and the
/// manifest lists them: the client matches a wide prefix otherwise (no typo tolerance, a
/// prefix list), so the chunks can be cut finer without any query's results changing.
pub const WIDE_PACK_MAX: usize = 24 * 1024;
/// A word is "very common" when at least this many records have it only in their text, and
/// at least one record in `DENSE_SHARE`: its spellings then list only the records that have
/// it in a better field, and one text tier (`text_tier`) says which others have it at all.
pub const DENSE_MIN: usize = 512;
pub const DENSE_SHARE: usize = 8;
/// A last word still being typed matches as a prefix; when its words span this many term
/// chunks or more, the client reads the prefix's own list instead (`prefix-N.json`).
pub const MAX_PREFIX_CHUNKS: usize = 6;
/// Hex digits of the index version (the folder name).
const HASH_LEN: usize = 12;
/// Day 0 of the dates in `by-date`.
const EPOCH: (i32, u32, u32) = (2000, 1, 1);

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

/// What `write` put into the output.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Root-relative URL of the manifest (with the site's base path).
    pub manifest_url: String,
    pub files: usize,
    pub bytes: usize,
}

/// Builds the index and writes it under `search/` in `staging`.
pub fn write(site: &Site, pr: &Presenter, staging: &Path, out: &mut Problems) -> Written {
    let index = build(site, pr);
    let mut written = Written {
        manifest_url: pr.urls.url(&format!("{DIR}{}", index.manifest)),
        ..Written::default()
    };
    for (name, bytes) in &index.files {
        let rel = format!("{DIR}{name}");
        match fsutil::write(&staging.join(&rel), bytes) {
            Ok(()) => {
                written.files += 1;
                written.bytes += bytes.len();
            }
            Err(e) => out.push(Problem::error(&rel, e.to_string())),
        }
    }
    written
}

/// The index in memory: file names (inside `search/`) and contents, the manifest last.
#[derive(Debug, Clone)]
pub struct Index {
    pub files: Vec<(String, Vec<u8>)>,
    /// File name of the manifest.
    pub manifest: String,
}

/// Order of strings as JavaScript compares them (UTF-16 code units), so the browser can
/// binary-search what Rust sorted.
fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Display records of `items` as files `{prefix}-{n}.json`, `SHARD` records each, every
/// shard's JSON made on a thread of its own.
fn push_shards<T: Sync>(
    files: &mut Vec<(String, Vec<u8>)>,
    prefix: &str,
    items: &[T],
    row: impl Fn(&T) -> Value + Sync,
) {
    let shards: Vec<Vec<u8>> = items
        .par_chunks(SHARD)
        .map(|part| json_bytes(&Value::Array(part.iter().map(&row).collect())))
        .collect();
    for (n, bytes) in shards.into_iter().enumerate() {
        files.push((format!("{prefix}-{n}.json"), bytes));
    }
}

/// Appends a record's English name, when it has one, to its display row: English search
/// pages show it (`search.js` reads an extra last field), Vietnamese ones ignore it.
fn english_name(row: &mut Value, c: &crate::model::Common) {
    if let (Some(name), Some(list)) = (&c.en.name, row.as_array_mut()) {
        list.push(json!(name));
    }
}

fn json_bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

/// Vietnamese alphabetical order of a name: folded, then accents, then the slug.
fn name_key(name: &str, slug: &str) -> (String, String, String) {
    (fold(name), match_key(name), slug.to_string())
}

/// Builds the whole index in memory.
pub fn build(site: &Site, pr: &Presenter) -> Index {
    let data = refdata::data();
    let today = site.today;

    // Records: certified products in catalogue order, then producers alphabetically. Each
    // name's sort key is computed once (in parallel): folding is the costly part.
    let certified: Vec<ProductId> = (0..site.products.len() as u32)
        .map(ProductId)
        .filter(|&id| site.product(id).is_certified(today))
        .collect();
    let product_keys: Vec<(String, String, String)> = certified
        .par_iter()
        .map(|&id| {
            let p = site.product(id);
            name_key(&p.name, &p.common.slug)
        })
        .collect();
    let producer_keys: Vec<(String, String, String)> = site
        .producers
        .par_iter()
        .map(|p| name_key(&p.name, &p.common.slug))
        .collect();
    // Facet values: provinces that occur, by folded name; groups and kinds fixed.
    let mut provinces: Vec<ProvinceId> = certified
        .iter()
        .map(|&id| site.product(id).province)
        .chain(site.producers.iter().map(|p| p.province))
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    provinces.sort_by_cached_key(|&p| {
        let pv = data.province(p);
        (fold(&pv.short_name), pv.short_name.clone(), p)
    });
    provinces.dedup();
    let province_index: HashMap<ProvinceId, usize> =
        provinces.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let province_rank = &province_index;
    // Stars first, then province, then the producer's name, then the product's: a producer's
    // products are neighbours, and so are producers with similar names ("Hợp tác xã Nông sản
    // ...") and places of one province, so the posting lists of the words of producer names,
    // places and kinds are runs that gzip shrinks to little, and so are the facet columns.
    let missing = (String::new(), String::new(), String::new());
    let producer_key = |i: usize| {
        producer_keys
            .get(site.product(certified[i]).producer.index())
            .unwrap_or(&missing)
    };
    // Sorts here and below are stable and in parallel (`par_sort_by`): the same order as
    // `sort_by`, on both cores.
    let mut order: Vec<usize> = (0..certified.len()).collect();
    order.par_sort_by(|&a, &b| {
        let stars = |i: usize| std::cmp::Reverse(site.product(certified[i]).stars());
        let province = |i: usize| province_rank.get(&site.product(certified[i]).province);
        stars(a)
            .cmp(&stars(b))
            .then_with(|| province(a).cmp(&province(b)))
            .then_with(|| producer_key(a).cmp(producer_key(b)))
            .then_with(|| product_keys[a].cmp(&product_keys[b]))
    });
    let products: Vec<ProductId> = order.iter().map(|&i| certified[i]).collect();
    let mut producers: Vec<usize> = (0..site.producers.len()).collect();
    producers.par_sort_by(|&a, &b| producer_keys[a].cmp(&producer_keys[b]));
    let n_products = products.len();

    let group_index = |g: Group| Group::ALL.iter().position(|&x| x == g).unwrap_or(0);
    let kind_index = |k: ProducerKind| ProducerKind::ALL.iter().position(|&x| x == k).unwrap_or(0);
    let kind_of = |id: ProductId| {
        site.producers
            .get(site.product(id).producer.index())
            .map(|p| p.kind)
            .unwrap_or(ProducerKind::Household)
    };

    // Words, collected in record order. Bodies are read as HTML, tags skipped; the few with
    // entities (`&amp;`, `&#7879;`) are turned into text first.
    let body_of = |doc: usize| -> &str {
        if doc < n_products {
            &site.product(products[doc]).common.body_html
        } else {
            &site.producers[producers[doc - n_products]].common.body_html
        }
    };
    let n_docs = n_products + producers.len();
    let decoded: Vec<Option<String>> = (0..n_docs)
        .into_par_iter()
        .map(|doc| {
            let body = body_of(doc);
            body.contains('&').then(|| html_text(body))
        })
        .collect();
    // What each record says, field by field.
    let fields_of = |doc: usize| -> DocText {
        let body = match &decoded[doc] {
            Some(text) => (text.as_str(), false),
            None => (body_of(doc), true),
        };
        if doc < n_products {
            let p = site.product(products[doc]);
            let mut fields: Vec<(Field, &str)> = vec![(Field::Name, &p.name)];
            // English names and summaries (sites with English pages): "honey" finds honey.
            fields.extend(p.common.en.name.as_deref().map(|s| (Field::Name, s)));
            fields.extend(p.common.en.summary.as_deref().map(|s| (Field::Text, s)));
            if let Some(pd) = site.producers.get(p.producer.index()) {
                fields.push((Field::Producer, &pd.name));
                fields.push((Field::Place, pd.kind.label()));
            }
            fields.push((Field::Place, p.group.name_vi()));
            fields.push((Field::Place, p.group.short_vi()));
            fields.push((Field::Place, &data.province(p.province).short_name));
            fields.extend(p.subgroup.as_deref().map(|s| (Field::Place, s)));
            fields.extend(p.commune.as_deref().map(|s| (Field::Place, s)));
            fields.extend(p.tags.iter().map(|t| (Field::Tags, t.as_str())));
            let certs = p.specs.certifications.iter();
            fields.extend(certs.map(|t| (Field::Tags, t.as_str())));
            fields.extend(p.summary.as_deref().map(|s| (Field::Text, s)));
            fields.extend(p.address.as_deref().map(|s| (Field::Text, s)));
            fields.extend(p.specs.ingredients.as_deref().map(|s| (Field::Text, s)));
            (fields, body.0, body.1)
        } else {
            let p = &site.producers[producers[doc - n_products]];
            let mut fields: Vec<(Field, &str)> =
                vec![(Field::Name, &p.name), (Field::Place, p.kind.label())];
            fields.extend(p.common.en.name.as_deref().map(|s| (Field::Name, s)));
            fields.push((Field::Place, &data.province(p.province).short_name));
            fields.extend(p.commune.as_deref().map(|s| (Field::Place, s)));
            // Its certified products' names: "mật ong" finds the producers of honey.
            for &id in &p.products {
                let x = site.product(id);
                if x.is_certified(today) {
                    fields.push((Field::Tags, &x.name));
                }
            }
            fields.extend(p.certifications.iter().map(|t| (Field::Tags, t.as_str())));
            fields.extend(p.address.as_deref().map(|s| (Field::Text, s)));
            (fields, body.0, body.1)
        }
    };
    // Each record's distinct words (with their best field) are found in parallel, a batch at
    // a time; the first batches are small, while most words are new. Spelling ids follow the
    // order words are met in, but only group postings: the output is sorted by word and
    // spelling, and each list is in record order.
    let mut postings = Postings::default();
    let mut per_doc: Vec<u64> = Vec::new();
    let mut doc_end: Vec<usize> = Vec::with_capacity(n_docs);
    let (mut start, mut size) = (0, 64);
    while start < n_docs {
        let end = (start + size).min(n_docs);
        let batch: Vec<DocWords> = (start..end)
            .into_par_iter()
            .map(|doc| postings.doc_words(&fields_of(doc)))
            .collect();
        let mut new: Vec<&str> = batch.iter().flat_map(|d| d.1.iter().map(|x| x.0)).collect();
        new.par_sort_unstable();
        new.dedup();
        let folded: Vec<(String, String)> =
            new.par_iter().map(|w| (fold(w), match_key(w))).collect();
        for (w, pair) in new.into_iter().zip(folded) {
            let id = if pair.0.is_empty() {
                NONE
            } else {
                let next = postings.spellings.len() as u32;
                let id = *postings.ids.entry(pair.clone()).or_insert(next);
                if id == next {
                    postings.spellings.push(pair);
                }
                id
            };
            postings.words.insert(w, id);
        }
        for (mut known, new) in batch {
            if !new.is_empty() {
                known.extend(new.iter().filter_map(|&(w, field)| {
                    let id = postings.spelling_of(w)?;
                    Some(u64::from(id) << 3 | field as u64)
                }));
                known.sort_unstable();
                known.dedup_by_key(|x| *x >> 3);
            }
            per_doc.extend_from_slice(&known);
            doc_end.push(per_doc.len());
        }
        start = end;
        size = (size * 2).min(4096);
    }
    // The lists, laid out by spelling (a counting sort, which keeps record order).
    let mut offsets = vec![0usize; postings.spellings.len() + 1];
    for &v in &per_doc {
        offsets[(v >> 3) as usize + 1] += 1;
    }
    for i in 1..offsets.len() {
        offsets[i] += offsets[i - 1];
    }
    let mut fill = offsets.clone();
    let mut entries = vec![(0u32, Field::Name); per_doc.len()];
    let mut from = 0;
    for (doc, &to) in doc_end.iter().enumerate() {
        for &v in &per_doc[from..to] {
            let at = &mut fill[(v >> 3) as usize];
            entries[*at] = (doc as u32, FIELDS[(v & 7) as usize]);
            *at += 1;
        }
        from = to;
    }
    drop(per_doc);
    postings.offsets = offsets;
    postings.entries = entries;

    // Terms: folded word → its spellings, sorted.
    let mut by_term: HashMap<&str, Vec<u32>> = HashMap::new();
    for (id, (f, _)) in postings.spellings.iter().enumerate() {
        by_term.entry(f.as_str()).or_default().push(id as u32);
    }
    let mut terms: Vec<(&str, Vec<u32>)> = by_term.into_iter().collect();
    terms.par_sort_by(|a, b| js_cmp(a.0, b.0));
    let dense_min = DENSE_MIN.max(n_docs / DENSE_SHARE);
    let built: Vec<((&str, String), Tier)> = terms
        .par_iter_mut()
        .map(|(term, ids)| {
            ids.sort_by(|&a, &b| {
                js_cmp(
                    &postings.spellings[a as usize].1,
                    &postings.spellings[b as usize].1,
                )
            });
            let lists: Vec<&[(u32, Field)]> = ids.iter().map(|&id| postings.list(id)).collect();
            let tier = text_tier(&lists, n_docs, dense_min);
            let mut row: Vec<String> = vec![(*term).to_string()];
            for &id in ids.iter() {
                let list = postings.list(id);
                let encoded = if tier.is_some() {
                    let head: Vec<(u32, Field)> =
                        list.iter().copied().filter(|x| x.1 < Field::Text).collect();
                    if head.is_empty() {
                        continue;
                    }
                    encode_postings(&head)
                } else {
                    encode_postings(list)
                };
                let key = &postings.spellings[id as usize].1;
                row.push(if key == term {
                    String::new()
                } else {
                    key.clone()
                });
                row.push(encoded);
            }
            row.extend(
                tier.as_ref()
                    .map(|(sign, docs)| format!("{sign}{}", encode_set(docs))),
            );
            (
                (*term, serde_json::to_string(&row).unwrap_or_default()),
                tier,
            )
        })
        .collect();
    let (entries, tiers): (Vec<(&str, String)>, Vec<Tier>) = built.into_iter().unzip();

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    // Chunks: whole two-letter prefixes packed up to CHUNK_TARGET; a prefix bigger than
    // CHUNK_MAX is cut between words. The packing with WIDE_PACK_MAX decides which prefixes
    // are wide.
    let sizes: Vec<usize> = entries.iter().map(|e| e.1.len() + 1).collect();
    let chunks = pack_chunks(&term_names_of(&entries), &sizes, CHUNK_MAX);
    let wide_packs = pack_chunks(&term_names_of(&entries), &sizes, WIDE_PACK_MAX);
    let wide_bounds: Vec<&str> = wide_packs
        .iter()
        .enumerate()
        .map(|(n, c)| if n == 0 { "" } else { entries[c[0]].0 })
        .collect();
    let mut bounds: Vec<&str> = Vec::with_capacity(chunks.len());
    for (n, chunk) in chunks.iter().enumerate() {
        let mut body = String::from("[");
        for (k, &e) in chunk.iter().enumerate() {
            if k > 0 {
                body.push(',');
            }
            body.push_str(&entries[e].1);
        }
        body.push(']');
        bounds.push(if n == 0 { "" } else { entries[chunk[0]].0 });
        files.push((format!("terms-{n}.json"), body.into_bytes()));
    }

    // Short prefixes: one precomputed list each for those the client would need too many
    // chunks for (`prefix_row`).
    let term_names: Vec<&str> = terms.iter().map(|t| t.0).collect();
    let wide = wide_prefixes(&term_names, &wide_bounds);
    let prefix_rows: Vec<String> = wide
        .par_iter()
        .map(|(p, range)| {
            let lists = terms[range.clone()]
                .iter()
                .flat_map(|t| t.1.iter().map(|&id| postings.list(id)));
            prefix_row(p, lists, n_docs)
        })
        .collect();
    for (n, row) in prefix_rows.into_iter().enumerate() {
        files.push((format!("prefix-{n}.json"), row.into_bytes()));
    }

    // Pasted names: the answers of the catalogue's own long names, computed here.
    let lookup = Lookup {
        terms: &terms,
        tiers: &tiers,
        postings: &postings,
        bounds: &wide_bounds,
    };
    let name_texts: Vec<&str> = producers
        .iter()
        .map(|&i| site.producers[i].name.as_str())
        .collect();
    let (buckets, name_files) = name_answers(&lookup, &name_texts, n_docs);
    files.extend(name_files);

    // Facets: one column per dimension, a fixed-width number per record. In record order
    // the columns are long runs (stars, then producers with their kind and province).
    let product_radix = [
        5u64,
        Group::ALL.len() as u64,
        4,
        provinces.len().max(1) as u64,
    ];
    let producer_radix = [4u64, provinces.len().max(1) as u64];
    let columns = |n: usize, radix: &[u64], digits: &dyn Fn(usize) -> Vec<u64>| {
        let mut cols: Vec<String> = radix.iter().map(|_| String::with_capacity(n)).collect();
        for i in 0..n {
            for (k, d) in digits(i).into_iter().enumerate() {
                push_fixed(&mut cols[k], d, width_for(radix[k]));
            }
        }
        cols
    };
    let product_cols = columns(products.len(), &product_radix, &|i| {
        let id = products[i];
        let p = site.product(id);
        vec![
            u64::from(p.stars().get() - 1),
            group_index(p.group) as u64,
            kind_index(kind_of(id)) as u64,
            province_index[&p.province] as u64,
        ]
    });
    let producer_cols = columns(producers.len(), &producer_radix, &|i| {
        let p = &site.producers[producers[i]];
        vec![
            kind_index(p.kind) as u64,
            province_index[&p.province] as u64,
        ]
    });

    // Sort keys fetched on demand: alphabetical rank and newest certificate date.
    let mut alpha: Vec<usize> = (0..n_products).collect();
    alpha.par_sort_by(|&a, &b| product_keys[order[a]].cmp(&product_keys[order[b]]));
    let mut rank = vec![0u64; n_products];
    for (r, &d) in alpha.iter().enumerate() {
        rank[d] = r as u64;
    }
    let rank_width = width_for(n_products as u64);
    let mut ranks = String::new();
    for &r in &rank {
        push_fixed(&mut ranks, r, rank_width);
    }
    files.push((
        "by-name.json".into(),
        json_bytes(&json!({"width": rank_width, "rank": ranks})),
    ));
    let epoch = NaiveDate::from_ymd_opt(EPOCH.0, EPOCH.1, EPOCH.2).unwrap_or_default();
    let mut dates = String::new();
    for &id in &products {
        let days = (site.product(id).current().issued - epoch).num_days();
        push_fixed(&mut dates, days.clamp(0, (1 << 18) - 1) as u64, 3);
    }
    files.push((
        "by-date.json".into(),
        json_bytes(&json!({"width": 3, "days": dates})),
    ));

    // Display records.
    let thumb = |img: &Option<crate::present::view::ImageView>| {
        img.as_ref().map(|i| i.url.clone()).unwrap_or_default()
    };
    // Display records.
    push_shards(&mut files, "products", &products, |&id| {
        let p = site.product(id);
        let card = &pr.product_cards[id.index()];
        let mut row = json!([
            p.name,
            card.url,
            thumb(&card.image),
            p.stars().get(),
            card.producer,
            province_index[&p.province],
            group_index(p.group),
        ]);
        english_name(&mut row, &p.common);
        row
    });
    push_shards(&mut files, "producers", &producers, |&i| {
        let p = &site.producers[i];
        let card = &pr.producer_cards[i];
        let mut row = json!([
            p.name,
            card.url,
            thumb(&card.image),
            kind_index(p.kind),
            province_index[&p.province],
            card.product_count,
        ]);
        english_name(&mut row, &p.common);
        row
    });

    // Products' facets are needed by every query; producers' only on the producers tab or
    // with a producer filter.
    files.push((
        "product-facets.json".into(),
        json_bytes(&json!({ "columns": product_cols })),
    ));
    files.push((
        "producer-facets.json".into(),
        json_bytes(&json!({ "columns": producer_cols })),
    ));
    let manifest = json!({
        "version": 2,
        "products": n_products,
        "producers": producers.len(),
        "groups": Group::ALL.iter().map(|g| json!([g.slug(), g.short_vi()])).collect::<Vec<_>>(),
        "kinds": ProducerKind::ALL.iter().map(|k| json!([k.slug(), k.label()])).collect::<Vec<_>>(),
        "provinces": provinces.iter().map(|&p| {
            let pv = data.province(p);
            json!([pv.slug, pv.short_name])
        }).collect::<Vec<_>>(),
        "productRadix": product_radix,
        "producerRadix": producer_radix,
        "chunks": bounds,
        "prefixes": wide.iter().map(|w| w.0.as_str()).collect::<Vec<_>>(),
        "names": buckets,
        "nameWords": NAME_WORDS,
        "shard": SHARD,
    });
    files.push(("manifest.json".into(), json_bytes(&manifest)));

    // One folder named by a hash of every file (sorted by name: its name, length and bytes),
    // so a server may cache the index forever. Record ids shift whenever a product is added,
    // which changes most files anyway; one name to hash keeps the manifest small.
    files.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = blake3::Hasher::new();
    for (name, bytes) in &files {
        h.update(name.as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let version = h.finalize().to_hex()[..HASH_LEN].to_string();
    for (name, _) in &mut files {
        *name = format!("{version}/{name}");
    }
    let manifest = format!("{version}/manifest.json");
    Index { files, manifest }
}
