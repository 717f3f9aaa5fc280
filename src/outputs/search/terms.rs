//! Term rows and how they are split into files: each folded word's row (spellings and
//! posting lists, with a text tier for a very common word), the chunks the rows are packed
//! into, and the short prefixes wide enough to get a list of their own. `search.js` finds
//! a word's chunk and decides which prefixes are wide by the same rules, so they live
//! together here.

use super::encode::{encode_postings, encode_set};
use super::{CHUNK_TARGET, Field, MAX_PREFIX_CHUNKS, js_cmp};

/// The words of the rows `entries`.
pub(super) fn term_names_of<'a>(entries: &[(&'a str, String)]) -> Vec<&'a str> {
    entries.iter().map(|e| e.0).collect()
}

/// The term list (sorted words and their rows' sizes in bytes) cut into chunks: whole
/// two-letter prefixes packed up to `CHUNK_TARGET`; a prefix bigger than `max` is cut
/// between words (a word bigger than `CHUNK_TARGET` alone in its chunk). Returns each
/// chunk's row indices.
pub(super) fn pack_chunks(terms: &[&str], sizes: &[usize], max: usize) -> Vec<Vec<usize>> {
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
pub(super) fn wide_prefixes(
    terms: &[&str],
    bounds: &[&str],
) -> Vec<(String, std::ops::Range<usize>)> {
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
pub(super) fn prefix_row<'a>(
    p: &str,
    lists: impl Iterator<Item = &'a [(u32, Field)]>,
    n_docs: usize,
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
/// lists: `-` and the records that lack the word (when that is the shorter), or `+` and the
/// records that have it only in their text. None for other words.
pub(super) fn text_tier(lists: &[&[(u32, Field)]], n_docs: usize, dense_min: usize) -> Tier {
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
        } else {
            lacking.push(d);
        }
    }
    Some(if lacking.len() < text_only.len() {
        ('-', lacking)
    } else {
        ('+', text_only)
    })
}
