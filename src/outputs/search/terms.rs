//! Term rows and how they are split into files: each folded word's row (spellings and
//! posting lists, with a text tier for a very common word), the chunks the rows are packed
//! into, and the short prefixes wide enough to get a list of their own. `search.js` finds
//! a word's chunk and decides which prefixes are wide by the same rules, so they live
//! together here.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::encode::{encode_postings, encode_set};
use super::postings::Postings;
use super::{
    CHUNK_MAX, CHUNK_TARGET, DENSE_MIN, DENSE_SHARE, Field, MAX_PREFIX_CHUNKS, WIDE_PACK_MAX,
    js_cmp,
};

/// The terms of the index (folded words) and their rows.
pub(super) struct Terms<'a> {
    /// Folded words, sorted (`js_cmp`), with their spelling ids sorted by accented form.
    pub(super) terms: Vec<(&'a str, Vec<u32>)>,
    /// Each term's row as JSON: `[word, spelling, postings, spelling, postings, ..., tier]`.
    pub(super) rows: Vec<(&'a str, String)>,
    /// The text tier of each term, if any.
    pub(super) tiers: Vec<Tier>,
    /// Records whose texts are not indexed (lapsed products): a text tier of records lacking
    /// a word leaves them out, as they have it in a better field or not at all.
    pub(super) textless: Range<u32>,
}

impl<'a> Terms<'a> {
    /// Terms: folded word → its spellings, sorted; each term's row made on a thread.
    pub(super) fn new(postings: &'a Postings, n_docs: usize, textless: Range<u32>) -> Self {
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
                let (row, tier) = term_row(term, ids, postings, (n_docs, &textless), dense_min);
                ((*term, row), tier)
            })
            .collect();
        let (rows, tiers): (Vec<(&str, String)>, Vec<Tier>) = built.into_iter().unzip();
        Terms {
            terms,
            rows,
            tiers,
            textless,
        }
    }

    /// Each row's size in a chunk, in bytes (with its comma).
    fn sizes(&self) -> Vec<usize> {
        self.rows.iter().map(|e| e.1.len() + 1).collect()
    }

    /// The term chunks `terms-N.json`, appended to `files`: whole two-letter prefixes
    /// packed up to `CHUNK_TARGET`; a prefix bigger than `CHUNK_MAX` is cut between words.
    /// Returns the first word of each chunk ("" for the first), as the manifest lists them.
    pub(super) fn chunk_files(&self, files: &mut Vec<(String, Vec<u8>)>) -> Vec<&'a str> {
        let entries = &self.rows;
        let chunks = pack_chunks(&term_names_of(entries), &self.sizes(), CHUNK_MAX);
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
        bounds
    }

    /// The first word of each chunk of the rows packed with `WIDE_PACK_MAX`: the packing
    /// that decides which prefixes are wide.
    pub(super) fn wide_bounds(&self) -> Vec<&'a str> {
        let entries = &self.rows;
        let wide_packs = pack_chunks(&term_names_of(entries), &self.sizes(), WIDE_PACK_MAX);
        wide_packs
            .iter()
            .enumerate()
            .map(|(n, c)| if n == 0 { "" } else { entries[c[0]].0 })
            .collect()
    }

    /// Short prefixes: one precomputed list each (`prefix_row`), as files `prefix-N.json`
    /// appended to `files`, for those the client would need too many chunks for. Returns
    /// the wide prefixes (`wide_prefixes`).
    pub(super) fn prefix_files(
        &self,
        wide_bounds: &[&str],
        postings: &Postings,
        n_docs: usize,
        files: &mut Vec<(String, Vec<u8>)>,
    ) -> Vec<(String, Range<usize>)> {
        let terms = &self.terms;
        let term_names: Vec<&str> = terms.iter().map(|t| t.0).collect();
        let wide = wide_prefixes(&term_names, wide_bounds);
        let prefix_rows: Vec<String> = wide
            .par_iter()
            .map(|(p, range)| {
                let lists = terms[range.clone()]
                    .iter()
                    .flat_map(|t| t.1.iter().map(|&id| postings.list(id)));
                prefix_row(p, lists, (n_docs, &self.textless))
            })
            .collect();
        for (n, row) in prefix_rows.into_iter().enumerate() {
            files.push((format!("prefix-{n}.json"), row.into_bytes()));
        }
        wide
    }
}

/// The row of `term` (spellings `ids`, sorted here by accented form) as JSON, and its text
/// tier. A very common word's spellings list only the records with it in a better field
/// than the text (a spelling with none is left out), and the tier ends the row.
fn term_row(
    term: &str,
    ids: &mut [u32],
    postings: &Postings,
    docs: (usize, &Range<u32>),
    dense_min: usize,
) -> (String, Tier) {
    ids.sort_by(|&a, &b| {
        js_cmp(
            &postings.spellings[a as usize].1,
            &postings.spellings[b as usize].1,
        )
    });
    let lists: Vec<&[(u32, Field)]> = ids.iter().map(|&id| postings.list(id)).collect();
    let tier = text_tier(&lists, docs, dense_min);
    let mut row: Vec<String> = vec![term.to_string()];
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
    (serde_json::to_string(&row).unwrap_or_default(), tier)
}

/// The words of the rows `entries`.
fn term_names_of<'a>(entries: &[(&'a str, String)]) -> Vec<&'a str> {
    entries.iter().map(|e| e.0).collect()
}

/// The term list (sorted words and their rows' sizes in bytes) cut into chunks: whole
/// two-letter prefixes packed up to `CHUNK_TARGET`; a prefix bigger than `max` is cut
/// between words (a word bigger than `CHUNK_TARGET` alone in its chunk). Returns each
/// chunk's row indices.
fn pack_chunks(terms: &[&str], sizes: &[usize], max: usize) -> Vec<Vec<usize>> {
    let prefix = |t: &str| t.chars().take(2).collect::<String>();
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut current_size = 0;
    let mut i = 0;
    while i < terms.len() {
        let p = prefix(terms[i]);
        let mut j = i;
        let mut size = 0;
        while j < terms.len() && prefix(terms[j]) == p {
            size += sizes[j];
            j += 1;
        }
        if size <= max {
            if !current.is_empty() && current_size + size > CHUNK_TARGET {
                chunks.push(std::mem::take(&mut current));
                current_size = 0;
            }
            current.extend(i..j);
            current_size += size;
        } else {
            if !current.is_empty() {
                chunks.push(std::mem::take(&mut current));
                current_size = 0;
            }
            for (k, &s) in sizes.iter().enumerate().take(j).skip(i) {
                if !current.is_empty() && current_size + s > CHUNK_TARGET {
                    chunks.push(std::mem::take(&mut current));
                    current_size = 0;
                }
                current.push(k);
                current_size += s;
            }
            chunks.push(std::mem::take(&mut current));
            current_size = 0;
        }
        i = j;
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Index of the last chunk whose first word is at most `s`, as `search.js` finds it.
fn chunk_of(bounds: &[&str], s: &str) -> usize {
    bounds
        .partition_point(|b| js_cmp(b, s) != std::cmp::Ordering::Greater)
        .saturating_sub(1)
}

/// Whether the words starting with `p` span `MAX_PREFIX_CHUNKS` chunks or more (the test of
/// `search.js`, which then reads the prefix's own list).
pub(super) fn is_wide(bounds: &[&str], p: &str) -> bool {
    let mut end = p.to_string();
    end.push('\u{ffff}');
    chunk_of(bounds, &end) - chunk_of(bounds, p) >= MAX_PREFIX_CHUNKS
}

/// Every wide prefix (`is_wide`) of the sorted `terms`, in order, with the range of terms
/// that start with it. A prefix of a narrow one is the only kind that can be wide, so the
/// search descends from single letters only into wide prefixes.
fn wide_prefixes(terms: &[&str], bounds: &[&str]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), 0..terms.len())];
    while let Some((p, range)) = todo.pop() {
        let depth = p.chars().count();
        let mut i = range.start;
        while i < range.end {
            let Some(c) = terms[i].chars().nth(depth) else {
                i += 1;
                continue;
            };
            let mut q = p.clone();
            q.push(c);
            let j = i + terms[i..range.end].partition_point(|t| t.starts_with(q.as_str()));
            if is_wide(bounds, &q) {
                out.push((q.clone(), i..j));
                todo.push((q, i..j));
            }
            i = j;
        }
    }
    out.sort_by(|a, b| js_cmp(&a.0, &b.0));
    out
}

/// The list of a short prefix: for every record with a word starting with it, the best
/// field such a word is in, as a term row `[prefix, "", postings, tier]` whose postings are
/// the records with it in a better field than the text, and whose tier (`text_tier`'s
/// format) is the records with it only in their text, or those lacking it, whichever is
/// shorter. Spellings are not kept: the client counts an accented prefix as compatible.
fn prefix_row<'a>(
    p: &str,
    lists: impl Iterator<Item = &'a [(u32, Field)]>,
    (n_docs, textless): (usize, &Range<u32>),
) -> String {
    let mut best = vec![u8::MAX; n_docs];
    for list in lists {
        for &(d, f) in list {
            let b = &mut best[d as usize];
            *b = (*b).min(f as u8);
        }
    }
    let mut head = Vec::new();
    let (mut text_only, mut lacking) = (Vec::new(), Vec::new());
    for (d, &b) in best.iter().enumerate() {
        let d = d as u32;
        match b {
            0 => head.push((d, Field::Name)),
            1 => head.push((d, Field::Producer)),
            2 => head.push((d, Field::Place)),
            3 => head.push((d, Field::Tags)),
            4 => text_only.push(d),
            _ if textless.contains(&d) => {}
            _ => lacking.push(d),
        }
    }
    let tier = if lacking.len() < text_only.len() {
        format!("-{}", encode_set(&lacking))
    } else {
        format!("+{}", encode_set(&text_only))
    };
    serde_json::to_string(&[p, "", &encode_postings(&head), &tier]).unwrap_or_default()
}

/// A term's text tier (`text_tier`): `+` or `-` and its records.
pub(super) type Tier = Option<(char, Vec<u32>)>;

/// The text tier of a very common word (see `DENSE_MIN`), given its spellings' posting
/// lists: `-` and the records that lack the word (when that is the shorter; records of
/// `textless` are never listed), or `+` and the records that have it only in their text.
/// None for other words.
pub(super) fn text_tier(
    lists: &[&[(u32, Field)]],
    (n_docs, textless): (usize, &Range<u32>),
    dense_min: usize,
) -> Tier {
    // Text-only records are at most the texts listed: most words stop here.
    let texts: usize = lists
        .iter()
        .map(|l| l.iter().filter(|x| x.1 == Field::Text).count())
        .sum();
    if texts < dense_min {
        return None;
    }
    let mut best: Vec<(u32, Field)> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    best.sort_unstable();
    best.dedup_by_key(|x| x.0);
    let text_only: Vec<u32> = best
        .iter()
        .filter(|x| x.1 == Field::Text)
        .map(|x| x.0)
        .collect();
    if text_only.len() < dense_min {
        return None;
    }
    let mut lacking = Vec::with_capacity(n_docs - best.len().min(n_docs));
    let mut has = best.iter().map(|x| x.0).peekable();
    for d in 0..n_docs as u32 {
        if has.peek() == Some(&d) {
            has.next();
        } else if !textless.contains(&d) {
            lacking.push(d);
        }
    }
    Some(if lacking.len() < text_only.len() {
        ('-', lacking)
    } else {
        ('+', text_only)
    })
}
