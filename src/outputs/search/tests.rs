//! Unit tests of the index's parts: number encodings, text tiers, tokens, the words of
//! HTML bodies and the answers of pasted names, on hand-made inputs.

use serde_json::Value;

use super::encode::{decode_varints, push_fixed, width_for};
use super::lookup::Lookup;
use super::names::name_answers;
use super::postings::{Postings, each_word, html_text, short_key};
use super::terms::{Tier, text_tier};
use super::*;

#[test]
fn postings_round_trip() {
    let list = vec![
        (0, Field::Name),
        (1, Field::Text),
        (2, Field::Text),
        (40, Field::Tags),
        (100_000, Field::Producer),
    ];
    let s = encode_postings(&list);
    let back: Vec<(u32, u8)> = decode_postings(&s);
    assert_eq!(
        back,
        list.iter().map(|&(d, f)| (d, f as u8)).collect::<Vec<_>>()
    );
    // Neighbouring records cost one letter each.
    assert_eq!(encode_postings(&[(0, Field::Text), (1, Field::Text)]), "EE");
}

#[test]
fn sets_round_trip() {
    let docs = [0, 1, 2, 40, 100_000];
    assert_eq!(decode_set(&encode_set(&docs)), docs);
    assert_eq!(encode_set(&[2, 3]), "CA");
}

#[test]
fn text_tier_lists_the_shorter_of_text_only_and_lacking_records() {
    let a = [
        (0, Field::Name),
        (1, Field::Text),
        (2, Field::Text),
        (3, Field::Text),
    ];
    let b = [(3, Field::Text), (5, Field::Tags)];
    // Text only: 1, 2, 3 (5 has tags); lacking: 4, 6, 7, 8, 9.
    assert_eq!(
        text_tier(&[&a, &b], (10, &(0..0)), 3),
        Some(('+', vec![1, 2, 3]))
    );
    // Lacking (4 and 6) is shorter than text only (1, 2, 3, 7).
    let c = [(5, Field::Text), (7, Field::Text), (8, Field::Name)];
    assert_eq!(
        text_tier(&[&a, &c], (9, &(0..0)), 3),
        Some(('-', vec![4, 6]))
    );
    // Fewer text-only records than the minimum: no tier.
    assert_eq!(text_tier(&[&a], (10, &(0..0)), 4), None);
}

#[test]
fn fixed_width_numbers() {
    assert_eq!(width_for(64), 1);
    assert_eq!(width_for(65), 2);
    assert_eq!(width_for(4080), 2);
    let mut s = String::new();
    push_fixed(&mut s, 64 + 5, 2);
    assert_eq!(s, "BF");
}

#[test]
fn tokens_fold_and_keep_accents() {
    assert_eq!(
        tokens("Đường phèn, Hoà Bình"),
        vec![
            ("duong".to_string(), "đường".to_string()),
            ("phen".to_string(), "phèn".to_string()),
            ("hoa".to_string(), "hòa".to_string()),
            ("binh".to_string(), "bình".to_string()),
        ]
    );
}

type LookupParts = (Postings<'static>, Vec<(&'static str, Vec<u32>)>, Vec<Tier>);

/// A hand-made index of `n` records: each word (folded, accented) with its records,
/// every record's field `Text` except record 0's `Name`.
fn lookup_parts(n: usize, words: &[(&str, &str, Vec<u32>)]) -> LookupParts {
    let mut p = Postings::default();
    let mut offsets = vec![0];
    for (f, k, docs) in words {
        p.spellings.push((f.to_string(), k.to_string()));
        p.entries.extend(
            docs.iter()
                .map(|&d| (d, if d == 0 { Field::Name } else { Field::Text })),
        );
        offsets.push(p.entries.len());
        assert!(docs.iter().all(|&d| (d as usize) < n));
    }
    p.offsets = offsets;
    let mut terms: Vec<(&'static str, Vec<u32>)> = Vec::new();
    for (id, (f, _, _)) in words.iter().enumerate() {
        let f: &'static str = Box::leak(f.to_string().into_boxed_str());
        terms.push((f, vec![id as u32]));
    }
    terms.sort_by(|a, b| js_cmp(a.0, b.0));
    let tiers = vec![None; terms.len()];
    (p, terms, tiers)
}

/// A pasted name whose every word is in many records (its rarest in 1,100 of 2,000,
/// above the former limit of one in 25 or 512) is answered at build time when few
/// records have them all: the answer is found by intersecting the words' record sets.
#[test]
fn name_answers_cover_names_whose_rarest_word_is_common() {
    let n = 2000u32;
    let all: Vec<u32> = (0..n).collect();
    let suong: Vec<u32> = (0..1100).collect();
    let mai: Vec<u32> = std::iter::once(0).chain(1050..n).collect();
    let (postings, terms, tiers) = lookup_parts(
        n as usize,
        &[
            ("hop", "hợp", all.clone()),
            ("tac", "tác", all.clone()),
            ("xa", "xã", all),
            ("suong", "sương", suong),
            ("mai", "mai", mai),
        ],
    );
    let lookup = Lookup {
        terms: &terms,
        tiers: &tiers,
        postings: &postings,
        bounds: &[""],
        textless: 0..0,
    };
    let (buckets, files) = name_answers(&lookup, &["Hợp tác xã Sương Mai"], n as usize);
    assert_eq!(buckets, 1);
    let entries: Vec<Value> = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    let e = &entries[0];
    assert_eq!(e[0], "hop tac xa suong mai");
    assert_eq!(e[1], "hợp tác xã sương mai");
    let want: Vec<u32> = std::iter::once(0).chain(1050..1100).collect();
    assert_eq!(decode_set(e[2].as_str().unwrap()), want);
    // Record 0 has every word in its name: the lowest cost, with accents or without.
    let costs: Vec<u64> = decode_varints(e[4].as_str().unwrap()).collect();
    assert_eq!(costs.len(), want.len());
    assert!(costs[1..].iter().all(|&c| c > costs[0]), "{costs:?}");
}

/// Bodies are read as HTML without turning them into text first: the words must be
/// those of `html_text`, and each word's key the key of its own bytes.
#[test]
fn words_of_html_are_those_of_its_text() {
    for html in [
        "<p>Mật ong <em>rừng</em> Hoà Bình</p>",
        "Chè<p>Shan</p>tuyết 2025<br>x",
        "<a href=\"đường\">Đường</a> phèn, 12 kg",
        "a<b",
        "mật>ong << thật",
        "abcdefghijklmnopqrstuvwxyz nghiêng",
    ] {
        let mut got = Vec::new();
        each_word(html, true, &mut |w, k| {
            assert_eq!(k, short_key(w.as_bytes()), "{w}");
            got.push(w.to_string());
        });
        let want: Vec<String> = words(&html_text(html)).map(str::to_string).collect();
        assert_eq!(got, want, "{html}");
    }
}

#[test]
fn html_becomes_text() {
    assert_eq!(
        html_text("<p>Mật&nbsp;ong &amp; chè</p><p>x&#7879;</p>").trim(),
        "Mật ong & chè  xệ"
    );
}
