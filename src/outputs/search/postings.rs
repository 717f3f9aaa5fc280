//! Words of the records, collected into posting lists: every occurrence of every word of
//! every record is looked up here, which makes this the costly part of a build. Words are
//! interned by their raw bytes (one number when they fit in 16), hashed with cheap hashers
//! (no untrusted keys), and bodies are read as HTML without being turned into text first;
//! `tests.rs` checks that the words found are those of `html_text`.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{FIELDS, Field};
use crate::base::vietnamese::{fold, match_key};

/// FNV-1a (`base::hash`): a fast hash for the many short words of a catalogue (no untrusted
/// keys here).
use crate::base::hash::Fnv64 as Fnv;

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// A raw word's key in `Interner`: its bytes when they fit in 16, zero-padded (a word has
/// no NUL), compared and hashed as one number rather than as a string.
pub(super) fn short_key(w: &[u8]) -> Option<u128> {
    (w.len() <= 16).then(|| {
        let mut b = [0u8; 16];
        b[..w.len()].copy_from_slice(w);
        u128::from_le_bytes(b)
    })
}

/// `short_key` of `text[start..end]`, read as 16 bytes at once when the text goes on that far.
fn key_at(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 16 {
        return None;
    }
    match text.get(start..start + 16) {
        Some(b) => {
            let v = u128::from_le_bytes(b.try_into().ok()?);
            Some(if len == 16 {
                v
            } else {
                v & ((1u128 << (8 * len)) - 1)
            })
        }
        None => short_key(&text[start..end]),
    }
}

/// Hash of a `short_key`: a folded multiply of its halves (the low bits, which pick the
/// bucket, depend on every byte).
#[derive(Default)]
struct KeyHash(u64);

impl std::hash::Hasher for KeyHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut f = Fnv(self.0);
        f.write(bytes);
        self.0 = f.0;
    }
    fn write_u128(&mut self, v: u128) {
        let m = u128::from(v as u64 ^ 0x243f_6a88_85a3_08d3)
            * u128::from((v >> 64) as u64 ^ 0x1319_8a2e_0370_7344);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

/// Spelling id of a word that folds to nothing (a lone mark): not indexed.
pub(super) const NONE: u32 = u32::MAX;

/// Raw word → spelling id (or `NONE`): every occurrence of every word is looked up here.
#[derive(Default)]
pub(super) struct Interner<'a> {
    short: HashMap<u128, u32, std::hash::BuildHasherDefault<KeyHash>>,
    long: FastMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    pub(super) fn get(&self, w: &str) -> Option<u32> {
        self.get_keyed(w, short_key(w.as_bytes()))
    }
    /// `get`, given the word's `short_key`.
    fn get_keyed(&self, w: &str, key: Option<u128>) -> Option<u32> {
        match key {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(w).copied(),
        }
    }
    fn insert(&mut self, w: &'a str, id: u32) {
        match short_key(w.as_bytes()) {
            Some(k) => self.short.insert(k, id),
            None => self.long.insert(w, id),
        };
    }
}

/// Calls `f` with each word of `text`, as `vietnamese::words` splits it. With `html`, tags
/// separate words and their insides are skipped, as `html_text` leaves them (for HTML
/// without entities; an unclosed `<` ends the text).
pub(super) fn each_word<'t>(text: &'t str, html: bool, f: &mut impl FnMut(&'t str, Option<u128>)) {
    let b = text.as_bytes();
    let (mut i, mut start) = (0, None);
    while i < b.len() {
        let c = b[i];
        let (word, len) = if c < 0x80 {
            (c.is_ascii_alphanumeric(), 1)
        } else {
            match text[i..].chars().next() {
                Some(ch) => (crate::base::vietnamese::is_word_char(ch), ch.len_utf8()),
                None => break,
            }
        };
        if word {
            start.get_or_insert(i);
            i += len;
            continue;
        }
        if let Some(s) = start.take() {
            f(&text[s..i], key_at(b, s, i));
        }
        if html && c == b'<' {
            match b[i..].iter().position(|&x| x == b'>') {
                Some(j) => i += j + 1,
                None => return,
            }
        } else {
            i += len;
        }
    }
    if let Some(s) = start {
        f(&text[s..], key_at(b, s, b.len()));
    }
}

/// Per thread: which spellings the record being read has met, and where in its list
/// (`doc_words`), stamped with a number per record so nothing is cleared between records.
#[derive(Default)]
struct Seen {
    stamp: u32,
    at: Vec<u32>,
    slot: Vec<u32>,
}

thread_local! {
    static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
}

/// Collects words, a batch of records at a time, into posting lists per (folded, accented)
/// spelling. Each record's words are looked up in parallel (one lookup per occurrence, the
/// best field per spelling kept); words not met before are folded in parallel after each
/// batch; the lists are laid out once at the end, each in record order.
#[derive(Default)]
pub(super) struct Postings<'a> {
    pub(super) words: Interner<'a>,
    ids: FastMap<(String, String), u32>,
    pub(super) spellings: Vec<(String, String)>,
    /// `offsets[id]..offsets[id + 1]` in `entries` is the list of spelling `id`.
    pub(super) offsets: Vec<usize>,
    pub(super) entries: Vec<(u32, Field)>,
}

/// What `Postings::doc_words` finds in a record: its known spellings (`id << 3 | field`)
/// and the words not met before, with their fields.
pub(super) type DocWords<'a> = (Vec<u64>, Vec<(&'a str, Field)>);

/// A record's text, field by field, and its body: HTML without entities (`true`), or text.
pub(super) type DocText<'a> = (Vec<(Field, &'a str)>, &'a str, bool);

impl<'a> Postings<'a> {
    /// The posting list of spelling `id`: records in increasing order with the best field.
    pub(super) fn list(&self, id: u32) -> &[(u32, Field)] {
        let id = id as usize;
        &self.entries[self.offsets[id]..self.offsets[id + 1]]
    }

    /// The spelling id of a word met in the records.
    pub(super) fn spelling_of(&self, w: &str) -> Option<u32> {
        self.words.get(w).filter(|&id| id != NONE)
    }

    /// The distinct known spellings of one record (`id << 3 | field`, best field), and the
    /// words not met before with their fields.
    pub(super) fn doc_words(&self, text: &DocText<'a>) -> DocWords<'a> {
        let known = self.spellings.len();
        SEEN.with_borrow_mut(|seen| {
            if seen.at.len() < known {
                seen.at.resize(known, 0);
                seen.slot.resize(known, 0);
            }
            seen.stamp = seen.stamp.wrapping_add(1);
            if seen.stamp == 0 {
                seen.at.fill(0);
                seen.stamp = 1;
            }
            let stamp = seen.stamp;
            let (mut out, mut new) = (Vec::new(), Vec::new());
            let mut put =
                |w: &'a str, key: Option<u128>, field: Field| match self.words.get_keyed(w, key) {
                    Some(NONE) => {}
                    Some(id) => {
                        let v = u64::from(id) << 3 | field as u64;
                        let i = id as usize;
                        if seen.at[i] != stamp {
                            seen.at[i] = stamp;
                            seen.slot[i] = out.len() as u32;
                            out.push(v);
                        } else {
                            let x = &mut out[seen.slot[i] as usize];
                            *x = (*x).min(v);
                        }
                    }
                    None => new.push((w, field)),
                };
            for &(field, s) in &text.0 {
                each_word(s, false, &mut |w, k| put(w, k, field));
            }
            each_word(text.1, text.2, &mut |w, k| put(w, k, Field::Text));
            (out, new)
        })
    }

    /// The posting lists of `n_docs` records, whose text `fields_of` gives. Each record's
    /// distinct words (with their best field) are found in parallel, a batch at a time; the
    /// first batches are small, while most words are new. Spelling ids follow the order
    /// words are met in, but only group postings: the output is sorted by word and
    /// spelling, and each list is in record order.
    pub(super) fn collect(n_docs: usize, fields_of: impl Fn(usize) -> DocText<'a> + Sync) -> Self {
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
            postings.learn(&batch);
            for words in batch {
                per_doc.extend_from_slice(&postings.record_spellings(words));
                doc_end.push(per_doc.len());
            }
            start = end;
            size = (size * 2).min(4096);
        }
        postings.lay_out(per_doc, &doc_end);
        postings
    }

    /// Gives the words a batch met for the first time their spelling ids (`NONE` for those
    /// that fold to nothing), folding them in parallel.
    fn learn(&mut self, batch: &[DocWords<'a>]) {
        let mut new: Vec<&str> = batch.iter().flat_map(|d| d.1.iter().map(|x| x.0)).collect();
        new.par_sort_unstable();
        new.dedup();
        let folded: Vec<(String, String)> =
            new.par_iter().map(|w| (fold(w), match_key(w))).collect();
        for (w, pair) in new.into_iter().zip(folded) {
            let id = if pair.0.is_empty() {
                NONE
            } else {
                let next = self.spellings.len() as u32;
                let id = *self.ids.entry(pair.clone()).or_insert(next);
                if id == next {
                    self.spellings.push(pair);
                }
                id
            };
            self.words.insert(w, id);
        }
    }

    /// A record's distinct spellings (`id << 3 | field`, best field) once its batch is
    /// learnt: the known ones, with those of the words it met first.
    fn record_spellings(&self, (mut known, new): DocWords<'a>) -> Vec<u64> {
        if !new.is_empty() {
            known.extend(new.iter().filter_map(|&(w, field)| {
                let id = self.spelling_of(w)?;
                Some(u64::from(id) << 3 | field as u64)
            }));
            known.sort_unstable();
            known.dedup_by_key(|x| *x >> 3);
        }
        known
    }

    /// The lists, laid out by spelling from each record's spellings (`per_doc`, record
    /// `doc` ending at `doc_end[doc]`): a counting sort, which keeps record order.
    fn lay_out(&mut self, per_doc: Vec<u64>, doc_end: &[usize]) {
        let mut offsets = vec![0usize; self.spellings.len() + 1];
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
        self.offsets = offsets;
        self.entries = entries;
    }
}

/// HTML to plain text: tags dropped, the usual entities decoded.
pub(super) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            match rest.find('>') {
                Some(j) => {
                    out.push(' ');
                    rest = &rest[j + 1..];
                }
                None => rest = "",
            }
        } else {
            let end = rest.bytes().take(12).position(|b| b == b';');
            let (text, len) = match end {
                Some(j) => {
                    let ent = &rest[1..j];
                    let c = match ent {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" | "#39" => Some('\''),
                        "nbsp" => Some(' '),
                        _ => ent
                            .strip_prefix("#x")
                            .or_else(|| ent.strip_prefix("#X"))
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32),
                    };
                    (c.unwrap_or(' '), j + 1)
                }
                None => ('&', 1),
            };
            out.push(text);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}
