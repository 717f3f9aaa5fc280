//! The index read back as `search.js` reads it, so that queries can be answered at build
//! time (`names.rs`): the terms a query word matches, the accent penalty of each spelling,
//! and a word's cost in a record, computed by the same rules as the client's `matchWord`.

use super::postings::Postings;
use super::terms::Tier;
use super::{Field, js_cmp};

/// A record without the word, in a cost array.
pub(super) const NO_COST: u8 = u8::MAX;

/// Letters with their marks (đ as d plus a mark), as `letters` in `search.js`.
fn letters(s: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out: Vec<String> = Vec::new();
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            if let Some(l) = out.last_mut() {
                l.push(c);
            }
        } else if c == 'đ' {
            out.push("dđ".to_string());
        } else {
            out.push(c.to_string());
        }
    }
    out
}

/// How a query word's accents fit a spelling, as `accent` in `search.js`: 0 the same, 1
/// compatible (the query lacks some marks), 2 different.
fn accent(q: &str, v: &str) -> u32 {
    if v.starts_with(q) {
        return 0;
    }
    let b = letters(v);
    for (i, x) in letters(q).iter().enumerate() {
        let y = b.get(i).map(String::as_str).unwrap_or("");
        if x.chars().next() != y.chars().next() {
            return 2;
        }
        if x.chars().skip(1).any(|m| !y.contains(m)) {
            return 2;
        }
    }
    1
}

/// The index as `search.js` reads it, to answer queries at build time.
pub(super) struct Lookup<'a> {
    /// Folded words, sorted, with their spelling ids.
    pub(super) terms: &'a [(&'a str, Vec<u32>)],
    /// The text tier of each term, if any.
    pub(super) tiers: &'a [Tier],
    pub(super) postings: &'a Postings<'a>,
    pub(super) bounds: &'a [&'a str],
    /// Records a text tier of lacking records leaves out (`Terms::textless`).
    pub(super) textless: std::ops::Range<u32>,
}

impl Lookup<'_> {
    /// Terms equal to `f`, or starting with it.
    pub(super) fn range(&self, f: &str, prefix: bool) -> std::ops::Range<usize> {
        let lo = self.terms.partition_point(|t| js_cmp(t.0, f).is_lt());
        let n = self.terms[lo..]
            .iter()
            .take_while(|t| if prefix { t.0.starts_with(f) } else { t.0 == f })
            .count();
        lo..lo + n
    }

    /// The accent penalty of each spelling of the terms of `range`, in order, for the
    /// accented query word `k`.
    pub(super) fn penalties(&self, range: std::ops::Range<usize>, k: &str) -> Vec<u32> {
        let ids = self.terms[range].iter().flat_map(|t| t.1.iter());
        ids.map(|&id| accent(k, &self.postings.spellings[id as usize].1))
            .collect()
    }

    /// The cost of a query word typed without accents (folded `f`) in record `d`, as
    /// `matchWord` gives it (9 - field score; a text tier costs as the text), or 0.
    pub(super) fn plain_cost(&self, range: std::ops::Range<usize>, f: &str, d: u32) -> u32 {
        let mut best = u32::MAX;
        for (term, ids) in &self.terms[range] {
            let exact = u32::from(*term == f);
            for &id in ids {
                let list = self.postings.list(id);
                if let Ok(i) = list.binary_search_by_key(&d, |x| x.0) {
                    best = best.min(9 - exact - 2 * (4 - list[i].1 as u32));
                }
            }
        }
        if best == u32::MAX { 0 } else { best }
    }

    /// `cost` in every record at once (`NO_COST` where none), for the accented query word
    /// `k` (folded `f`) matching the terms of `range`.
    pub(super) fn cost_array(
        &self,
        range: std::ops::Range<usize>,
        f: &str,
        k: &str,
        n_docs: usize,
    ) -> Vec<u8> {
        let penalties = self.penalties(range.clone(), k);
        let mut best = vec![NO_COST; n_docs];
        let mut put = |d: u32, c: u32| {
            let x = &mut best[d as usize];
            *x = (*x).min(c as u8);
        };
        let mut pens = penalties.iter();
        for t in range {
            let (term, ids) = &self.terms[t];
            let exact = u32::from(*term == f);
            let dense = self.tiers[t].is_some();
            for (&id, &pen) in ids.iter().zip(&mut pens) {
                for &(d, field) in self.postings.list(id) {
                    if !(dense && field == Field::Text) {
                        put(d, pen * 100 + 9 - ((4 - field as u32) * 2 + exact));
                    }
                }
            }
            match &self.tiers[t] {
                Some(('+', docs)) => docs.iter().for_each(|&d| put(d, 109 - exact)),
                Some((_, lacking)) => {
                    let mut skip = lacking.iter().peekable();
                    for d in 0..n_docs as u32 {
                        if skip.peek() == Some(&&d) {
                            skip.next();
                        } else if !self.textless.contains(&d) {
                            put(d, 109 - exact);
                        }
                    }
                }
                None => {}
            }
        }
        best
    }

    /// The cost of an accented query word (folded `f`, spellings' `penalties`) in record
    /// `d`, as `matchWord` in `search.js` gives it (accent penalty * 100 + 9 - field
    /// score), or None.
    pub(super) fn cost(
        &self,
        range: std::ops::Range<usize>,
        f: &str,
        penalties: &[u32],
        d: u32,
    ) -> Option<u32> {
        let mut best: Option<u32> = None;
        let mut put = |c: u32| best = Some(best.map_or(c, |b| b.min(c)));
        let mut pens = penalties.iter();
        for t in range {
            let (term, ids) = &self.terms[t];
            let exact = u32::from(*term == f);
            let dense = self.tiers[t].is_some();
            for (&id, &pen) in ids.iter().zip(&mut pens) {
                let list = self.postings.list(id);
                let Ok(i) = list.binary_search_by_key(&d, |x| x.0) else {
                    continue;
                };
                let field = list[i].1;
                if !(dense && field == Field::Text) {
                    put(pen * 100 + 9 - ((4 - field as u32) * 2 + exact));
                }
            }
            if let Some((sign, docs)) = &self.tiers[t]
                && docs.binary_search(&d).is_ok() == (*sign == '+')
            {
                put(109 - exact);
            }
        }
        best
    }
}
