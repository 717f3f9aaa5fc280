//! Answers of pasted names, computed at build time: a producer's full name has words that
//! are each in thousands of records, so the client, looking it up word by word, would fetch
//! all their lists. Here the names' words are turned into record sets (bit sets for common
//! words), intersected, and each matching record's cost is computed with and without the
//! name's accents; the answers are hashed into small bucket files `names-N.json`.

use std::ops::Range;

use rayon::prelude::*;
use serde_json::json;

use super::encode::{encode_set, push_varint};
use super::lookup::{Lookup, NO_COST};
use super::postings::NONE;
use super::terms::is_wide;
use crate::base::vietnamese::{fold, match_key, words};

/// Pasted names with at least this many words (the client asks for none shorter), whose
/// words' term rows list twice as many records as the index has or more in all (the client
/// would fetch them all), and whose answer has at most `NAME_RESULTS` records, have that
/// answer computed at build time.
pub(crate) const NAME_WORDS: usize = 4;
const NAME_RESULTS: usize = 100;
/// Raw bytes per bucket file of answers, about.
const NAME_BUCKET: usize = 4096;

/// The records of one query word (`name_answers`): a bit per record when it is in many,
/// else their sorted ids.
/// With a bit set comes each record's cost (`Lookup::plain_cost`, `NO_COST` if none).
enum DocSet {
    Bits(Vec<u64>, Vec<u8>),
    Sorted(Vec<u32>),
}

impl DocSet {
    fn contains(&self, d: u32) -> bool {
        match self {
            DocSet::Bits(b, _) => b[d as usize / 64] >> (d % 64) & 1 == 1,
            DocSet::Sorted(l) => l.binary_search(&d).is_ok(),
        }
    }
}

/// The bucket of a folded query (FNV-1a over UTF-16 units, as in `search.js`).
pub(crate) fn name_bucket(folded: &str, buckets: usize) -> usize {
    crate::base::hash::fnv32_utf16(folded) as usize % buckets.max(1)
}

/// The query words of a name: (folded, accented) pairs, the last a prefix.
type Words = Vec<(String, String)>;

/// A name worth answering: its words and each word's unit (`Units`).
type Query<'q> = (&'q Words, Vec<usize>);

/// The answers of the catalogue's own long names, as a shopper pastes them (the last word
/// still a prefix): the query's words as `search.js` takes them (deduplicated by accented
/// form, ten at most), and every matching record with its total cost when typed with the
/// name's accents and without accents. A long name's words are each in thousands of
/// records, so the client would otherwise fetch all their lists. Returns the number of
/// buckets and their files `names-N.json`, each a list of
/// `[folded query, accented query, records (encode_set), costs with accents, costs without]`
/// (costs as varints; "" when the same as without accents).
pub(super) fn name_answers(
    lookup: &Lookup,
    names: &[&str],
    n_docs: usize,
) -> (usize, Vec<(String, Vec<u8>)>) {
    let min_postings = 2 * n_docs;
    let queries = name_queries(lookup, names);
    let units = Units::new(lookup, &queries);
    // Only names costly to look up: the client would fetch every word's list.
    let queries = units.costly(&queries, min_postings);
    let sets = doc_sets(lookup, &units, &queries, n_docs);
    let typed = TypedCosts::new(lookup, &units, &sets, &queries, n_docs);
    let answerer = Answerer {
        lookup,
        units: &units,
        sets: &sets,
        typed: &typed,
    };
    let mut answers: Vec<(String, String)> = queries
        .par_iter()
        .filter_map(|(words, us)| answerer.answer(words, us))
        .collect();
    // Two names with the same words give the same entry.
    answers.sort();
    answers.dedup();
    bucket_files(&answers)
}

/// The query words of each distinct name that ends in a word, as `search.js` takes them:
/// deduplicated by accented form, ten at most, the last a prefix. Names of fewer than
/// `NAME_WORDS` words, and those whose last word is a wide prefix, are left out.
fn name_queries(lookup: &Lookup, names: &[&str]) -> Vec<Words> {
    let mut distinct: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            n.chars()
                .last()
                .is_some_and(crate::base::vietnamese::is_word_char)
        })
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct
        .par_iter()
        .map(|name| {
            // Every word of a name was indexed: its folded and accented forms are known.
            let mut seen = std::collections::HashSet::new();
            words(name)
                .filter_map(|w| match lookup.postings.words.get(w) {
                    Some(NONE) => None,
                    Some(id) => Some(lookup.postings.spellings[id as usize].clone()),
                    None => {
                        let f = fold(w);
                        (!f.is_empty()).then(|| (f, match_key(w)))
                    }
                })
                .filter(|t| seen.insert(t.1.clone()))
                .take(10)
                .collect()
        })
        .filter(|w: &Words| w.len() >= NAME_WORDS && !is_wide(lookup.bounds, &w[w.len() - 1].0))
        .collect()
}

/// Each distinct query word of the names (whole, or the last as a prefix), sorted: its
/// terms and the records they list (more than the distinct records when a word has several
/// spellings).
struct Units<'q> {
    /// Folded word, and whether it is a prefix.
    keys: Vec<(&'q str, bool)>,
    /// Per key: the range of its terms and the length of their posting lists in all.
    info: Vec<(Range<usize>, usize)>,
}

impl<'q> Units<'q> {
    fn new(lookup: &Lookup, queries: &'q [Words]) -> Self {
        let mut keys: Vec<(&str, bool)> = queries
            .iter()
            .flat_map(|w| {
                let last = w.len() - 1;
                w.iter()
                    .enumerate()
                    .map(move |(i, x)| (x.0.as_str(), i == last))
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let listed = |r: &Range<usize>| -> usize {
            lookup.terms[r.clone()]
                .iter()
                .flat_map(|t| t.1.iter())
                .map(|&id| lookup.postings.list(id).len())
                .sum()
        };
        let info = keys
            .par_iter()
            .map(|&(f, prefix)| {
                let r = lookup.range(f, prefix);
                let n = listed(&r);
                (r, n)
            })
            .collect();
        Units { keys, info }
    }

    /// The unit of a query word.
    fn of(&self, f: &str, prefix: bool) -> usize {
        self.keys.binary_search(&(f, prefix)).unwrap_or(0)
    }

    /// The names whose words' lists hold `min_postings` records or more in all, with their
    /// words' units.
    fn costly<'w>(&self, queries: &'w [Words], min_postings: usize) -> Vec<Query<'w>> {
        queries
            .iter()
            .map(|w| {
                let last = w.len() - 1;
                let us: Vec<usize> = w
                    .iter()
                    .enumerate()
                    .map(|(i, x)| self.of(&x.0, i == last))
                    .collect();
                (w, us)
            })
            .filter(|(_, us)| us.iter().map(|&u| self.info[u].1).sum::<usize>() >= min_postings)
            .collect()
    }
}

/// The records of each word of the `queries` (None for units no query uses): a bit set when
/// the word is in many.
fn doc_sets(
    lookup: &Lookup,
    units: &Units,
    queries: &[Query],
    n_docs: usize,
) -> Vec<Option<DocSet>> {
    let mut used = vec![false; units.keys.len()];
    for (_, us) in queries {
        for &u in us {
            used[u] = true;
        }
    }
    (0..units.keys.len())
        .into_par_iter()
        .map(|u| {
            if !used[u] {
                return None;
            }
            Some(doc_set(lookup, units, u, n_docs))
        })
        .collect()
}

/// The records of unit `u`: a bit set, with each record's cost typed without accents, when
/// its lists hold one record in 32 or more; else the sorted ids.
fn doc_set(lookup: &Lookup, units: &Units, u: usize, n_docs: usize) -> DocSet {
    let (range, listed) = &units.info[u];
    if listed * 32 >= n_docs {
        let mut bits = vec![0u64; n_docs.div_ceil(64)];
        let mut costs = vec![NO_COST; n_docs];
        for (term, ids) in &lookup.terms[range.clone()] {
            let exact = u8::from(*term == units.keys[u].0);
            for &id in ids {
                for &(d, field) in lookup.postings.list(id) {
                    bits[d as usize / 64] |= 1 << (d % 64);
                    let c = 9 - exact - 2 * (4 - field as u8);
                    let x = &mut costs[d as usize];
                    *x = (*x).min(c);
                }
            }
        }
        DocSet::Bits(bits, costs)
    } else {
        let ids = lookup.terms[range.clone()].iter().flat_map(|t| t.1.iter());
        let mut docs: Vec<u32> = ids
            .flat_map(|&id| lookup.postings.list(id).iter().map(|x| x.0))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        DocSet::Sorted(docs)
    }
}

/// The costs with accents of the words in many records (a bit set), per spelling typed, in
/// every record at once (`Lookup::cost_array`).
struct TypedCosts<'q> {
    /// Unit and accented word, sorted.
    typed: Vec<(usize, &'q str)>,
    /// The cost array of each.
    costs: Vec<Vec<u8>>,
}

impl<'q> TypedCosts<'q> {
    fn new(
        lookup: &Lookup,
        units: &Units,
        sets: &[Option<DocSet>],
        queries: &[Query<'q>],
        n_docs: usize,
    ) -> Self {
        let set = |u: usize| sets[u].as_ref();
        let mut typed: Vec<(usize, &str)> = queries
            .iter()
            .flat_map(|(w, us)| {
                w.iter()
                    .zip(us)
                    .filter(|(x, u)| x.0 != x.1 && matches!(set(**u), Some(DocSet::Bits(..))))
                    .map(|(x, &u)| (u, x.1.as_str()))
            })
            .collect();
        typed.sort_unstable();
        typed.dedup();
        let costs = typed
            .par_iter()
            .map(|&(u, k)| lookup.cost_array(units.info[u].0.clone(), units.keys[u].0, k, n_docs))
            .collect();
        TypedCosts { typed, costs }
    }

    /// The cost array of unit `u` typed as the accented word `k`, if computed.
    fn get(&self, u: usize, k: &str) -> Option<&Vec<u8>> {
        let i = self.typed.binary_search(&(u, k)).ok()?;
        Some(&self.costs[i])
    }
}

/// What the answer of a name is computed from: the index, the names' words and their
/// record sets and cost arrays.
struct Answerer<'a> {
    lookup: &'a Lookup<'a>,
    units: &'a Units<'a>,
    sets: &'a [Option<DocSet>],
    typed: &'a TypedCosts<'a>,
}

/// A query word typed with accents: folded, its terms and each spelling's accent penalty.
type Marked<'b> = (&'b str, Range<usize>, Vec<u32>);

impl Answerer<'_> {
    fn set(&self, u: usize) -> Option<&DocSet> {
        self.sets[u].as_ref()
    }

    /// The entry of one name (words `words`, units `us`) and its folded query, or None when
    /// no record or more than `NAME_RESULTS` have every word.
    fn answer(&self, words: &Words, us: &[usize]) -> Option<(String, String)> {
        let docs = self.matching(us)?;
        if docs.is_empty() {
            return None;
        }
        let (mut with, without) = self.costs(words, us, &docs);
        let folded: Vec<&str> = words.iter().map(|w| w.0.as_str()).collect();
        let keys: Vec<&str> = words.iter().map(|w| w.1.as_str()).collect();
        if with == without {
            with.clear();
        }
        let entry = json!([
            folded.join(" "),
            keys.join(" "),
            encode_set(&docs),
            with,
            without
        ]);
        Some((folded.join(" "), entry.to_string()))
    }

    /// The records with every word: from the rarest word's, checked against the others'
    /// sets, or bit sets intersected a word at a time. None when more than `NAME_RESULTS`.
    fn matching(&self, us: &[usize]) -> Option<Vec<u32>> {
        let mut order = us.to_vec();
        order.sort_by_key(|&u| self.units.info[u].1);
        match self.set(order[0])? {
            DocSet::Sorted(first) => self.checked(first, &order[1..]),
            DocSet::Bits(first, _) => self.intersected(first, &order[1..]),
        }
    }

    /// The records of `first` in the sets of every unit of `rest`.
    fn checked(&self, first: &[u32], rest: &[usize]) -> Option<Vec<u32>> {
        let mut out = Vec::new();
        for &d in first {
            if rest
                .iter()
                .all(|&u| self.set(u).is_some_and(|s| s.contains(d)))
            {
                out.push(d);
                if out.len() > NAME_RESULTS {
                    return None;
                }
            }
        }
        Some(out)
    }

    /// The bits of `first` and of every bit set of `rest`, as record ids.
    fn intersected(&self, first: &[u64], rest: &[usize]) -> Option<Vec<u32>> {
        let mut acc = first.to_vec();
        for &u in rest {
            if let Some(DocSet::Bits(b, _)) = self.set(u) {
                acc.iter_mut().zip(b).for_each(|(a, b)| *a &= b);
            }
        }
        let count: u32 = acc.iter().map(|w| w.count_ones()).sum();
        if count as usize > NAME_RESULTS {
            return None;
        }
        let mut out = Vec::with_capacity(count as usize);
        for (i, &w) in acc.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                out.push((i * 64) as u32 + w.trailing_zeros());
                w &= w - 1;
            }
        }
        Some(out)
    }

    /// Each record's cost, typed with the name's accents and without, as varints.
    fn costs(&self, words: &Words, us: &[usize], docs: &[u32]) -> (String, String) {
        let lookup = self.lookup;
        let info = &self.units.info;
        let marked: Vec<Option<Marked>> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                (w.0 != w.1).then(|| {
                    let r = info[us[i]].0.clone();
                    let pens = lookup.penalties(r.clone(), &w.1);
                    (w.0.as_str(), r, pens)
                })
            })
            .collect();
        let arrays: Vec<Option<&Vec<u8>>> = words
            .iter()
            .zip(us)
            .map(|(w, &u)| self.typed.get(u, w.1.as_str()))
            .collect();
        let known = |c: u8| if c == NO_COST { 0 } else { u32::from(c) };
        let (mut with, mut without) = (String::new(), String::new());
        for &d in docs {
            let (mut a, mut p) = (0, 0);
            for (i, w) in words.iter().enumerate() {
                let plain = match self.set(us[i]) {
                    Some(DocSet::Bits(_, costs)) => known(costs[d as usize]),
                    _ => lookup.plain_cost(info[us[i]].0.clone(), &w.0, d),
                };
                p += plain;
                a += match (&marked[i], arrays[i]) {
                    (_, Some(costs)) => known(costs[d as usize]),
                    (Some((f, r, pens)), None) => lookup.cost(r.clone(), f, pens, d).unwrap_or(0),
                    (None, None) => plain,
                };
            }
            push_varint(&mut with, u64::from(a));
            push_varint(&mut without, u64::from(p));
        }
        (with, without)
    }
}

/// The answers in buckets of about `NAME_BUCKET` bytes (by `name_bucket` of the folded
/// query): the number of buckets and their files.
fn bucket_files(answers: &[(String, String)]) -> (usize, Vec<(String, Vec<u8>)>) {
    let total: usize = answers.iter().map(|a| a.1.len() + 1).sum();
    let buckets = total.div_ceil(NAME_BUCKET);
    let mut files: Vec<String> = vec![String::from("["); buckets];
    for (folded, entry) in answers {
        let b = &mut files[name_bucket(folded, buckets)];
        if b.len() > 1 {
            b.push(',');
        }
        b.push_str(entry);
    }
    let files = files
        .into_iter()
        .enumerate()
        .map(|(n, mut body)| {
            body.push(']');
            (format!("names-{n}.json"), body.into_bytes())
        })
        .collect();
    (buckets, files)
}
