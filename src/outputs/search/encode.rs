//! Numbers as base-64 text: the posting lists, record sets, facet columns and costs of the
//! index are long runs of small numbers, written as URL- and JSON-safe letters that gzip
//! shrinks well and `search.js` reads back with the same alphabet. The decoders are here
//! for the tests and tools.

use super::Field;

/// Digits of the base-64 numbers (URL- and JSON-safe).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A base-64 number of variable length: 5 bits per digit, the last digit below 32.
pub(super) fn push_varint(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 13];
    let mut n = 0;
    loop {
        digits[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        let d = digits[i] + if i > 0 { 32 } else { 0 };
        out.push(ALPHABET[d as usize] as char);
    }
}

/// A base-64 number of exactly `width` digits, 6 bits each, most significant first.
pub(super) fn push_fixed(out: &mut String, v: u64, width: usize) {
    for i in (0..width).rev() {
        out.push(ALPHABET[((v >> (6 * i)) & 63) as usize] as char);
    }
}

/// Digits needed to write numbers below `n` with `push_fixed`.
pub(super) fn width_for(n: u64) -> usize {
    let mut w = 1;
    while n > 1u64 << (6 * w) {
        w += 1;
    }
    w
}

/// A posting list (increasing record ids, each with its field) as one string: for each
/// record, `gap * 5 + field` as a varint, where gap is the distance to the previous id
/// minus one (the first id itself). Runs of neighbouring records become runs of one
/// letter, which gzip shrinks to almost nothing.
pub fn encode_postings(list: &[(u32, Field)]) -> String {
    let mut out = String::with_capacity(list.len() + 4);
    let mut next = 0u64;
    for &(doc, field) in list {
        let gap = u64::from(doc) - next;
        push_varint(&mut out, gap * 5 + field as u64);
        next = u64::from(doc) + 1;
    }
    out
}

/// The varints of a string written with `push_varint`, in order (characters outside the
/// alphabet are skipped).
pub(super) fn decode_varints(s: &str) -> impl Iterator<Item = u64> + '_ {
    let mut n = 0u64;
    s.bytes().filter_map(move |b| {
        let d = ALPHABET.iter().position(|&a| a == b)?;
        n = n * 32 + (d as u64 & 31);
        (d < 32).then(|| std::mem::take(&mut n))
    })
}

/// Inverse of `encode_postings` (used by tests and tools; `search.js` has its own).
pub fn decode_postings(s: &str) -> Vec<(u32, u8)> {
    let mut next = 0u64;
    decode_varints(s)
        .map(|n| {
            let doc = next + n / 5;
            next = doc + 1;
            (doc as u32, (n % 5) as u8)
        })
        .collect()
}

/// A set of increasing record ids as one string: each gap (distance to the previous id minus
/// one; the first id itself) as a varint.
pub fn encode_set(docs: &[u32]) -> String {
    let mut out = String::with_capacity(docs.len() + 4);
    let mut next = 0u64;
    for &doc in docs {
        push_varint(&mut out, u64::from(doc) - next);
        next = u64::from(doc) + 1;
    }
    out
}

/// Inverse of `encode_set`.
pub fn decode_set(s: &str) -> Vec<u32> {
    let mut next = 0u64;
    decode_varints(s)
        .map(|n| {
            let doc = next + n;
            next = doc + 1;
            doc as u32
        })
        .collect()
}
