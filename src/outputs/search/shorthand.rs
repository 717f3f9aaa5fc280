//! What buyers type that the records do not spell out: the standard abbreviations of
//! producer kinds and company forms ("htx" for "hợp tác xã"), extra words of the records
//! whose producer has them, and codes written with separators (a decision number
//! "2345/QĐ-UBND", a barcode), which `search.js` joins in a query the same way
//! (`joinCodes`; `tests/browser/search.test.mjs` checks the same cases as the tests here).
//!
//! Codes are in files of their own (`codes-N.json`, `code_files`), by a hash of the folded
//! code, not in the term chunks: each product has two or three codes found in no other
//! record, which in the sorted term list would be hundreds of chunks whose first words the
//! manifest lists, read by every query. The client reads a code's bucket only for a query
//! word with a digit.

use std::collections::BTreeMap;

use super::Field;
use super::encode::encode_postings;
use crate::base::hash::fnv32_utf16;
use crate::base::vietnamese::{fold, is_word_char, words};

/// A bucket of codes holds about this many bytes.
const CODE_BUCKET: usize = 8 * 1024;

/// The code files: each folded code with the product records that have it, as term rows
/// `[code, "", postings]` (tags), in buckets by `fnv32_utf16(code) % n`. Returns the number
/// of buckets (0 without codes) and the files `codes-N.json`.
pub(super) fn code_files(codes: &[Vec<String>]) -> (usize, Vec<(String, Vec<u8>)>) {
    let mut docs: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (doc, list) in codes.iter().enumerate() {
        for c in list {
            let d = docs.entry(fold(c)).or_default();
            if d.last() != Some(&(doc as u32)) {
                d.push(doc as u32);
            }
        }
    }
    let rows: Vec<(String, String)> = docs
        .into_iter()
        .map(|(code, list)| {
            let postings: Vec<(u32, Field)> = list.iter().map(|&d| (d, Field::Tags)).collect();
            let row = serde_json::to_string(&(&code, "", encode_postings(&postings)));
            (code, row.unwrap_or_default())
        })
        .collect();
    let size: usize = rows.iter().map(|r| r.1.len() + 1).sum();
    let n = size.div_ceil(CODE_BUCKET);
    let mut buckets: Vec<Vec<&str>> = vec![Vec::new(); n];
    for (code, row) in &rows {
        buckets[fnv32_utf16(code) as usize % n].push(row);
    }
    let files = buckets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                format!("codes-{i}.json"),
                format!("[{}]", b.join(",")).into_bytes(),
            )
        })
        .collect();
    (n, files)
}

/// Abbreviations and the words they stand for (folded). A record whose producer's name or
/// kind has the words gets the abbreviation as a word of the same field. README.md
/// ("Search") lists them.
pub(crate) const ABBREVIATIONS: [(&str, &str); 10] = [
    ("htx", "hop tac xa"),
    ("tht", "to hop tac"),
    ("cty", "cong ty"),
    ("ct", "cong ty"),
    ("ctcp", "cong ty co phan"),
    ("cp", "co phan"),
    ("dn", "doanh nghiep"),
    ("tnhh", "trach nhiem huu han"),
    ("hkd", "ho kinh doanh"),
    ("hkd", "ho san xuat kinh doanh"),
];

/// The abbreviations whose words occur, in that order, in `text`, once each.
pub(crate) fn abbreviations(text: &str) -> Vec<&'static str> {
    let folded = fold(text);
    let text_words: Vec<&str> = words(&folded).collect();
    let mut out: Vec<&'static str> = Vec::new();
    for (abbr, phrase) in ABBREVIATIONS {
        let phrase: Vec<&str> = phrase.split(' ').collect();
        let found = text_words
            .windows(phrase.len())
            .any(|w| w == phrase.as_slice());
        if found && !out.contains(&abbr) {
            out.push(abbr);
        }
    }
    out
}

/// Characters that join the parts of a code: "2345/QĐ-UBND", "TCVN 7.2".
fn is_joiner(c: char) -> bool {
    matches!(c, '/' | '-' | '.')
}

/// The codes of a text as single words: each run of words joined by `/`, `-` or `.` (no
/// space) that has a digit, with the joiners left out ("2345/QĐ-UBND" → "2345QĐUBND"),
/// followed by its first part when that is a number ("2345"). A lone word with a digit
/// ("8930000100160") is its own code. `search.js` joins a query's codes by the same rule.
pub(crate) fn codes(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let (mut code, mut first, mut parts) = (String::new(), String::new(), 0);
        while i < chars.len() {
            let c = chars[i];
            if is_word_char(c) {
                code.push(c);
                if parts == 0 {
                    first.push(c);
                }
            } else if is_joiner(c) && chars.get(i + 1).is_some_and(|&n| is_word_char(n)) {
                parts += 1;
            } else {
                break;
            }
            i += 1;
        }
        if code.chars().any(|c| c.is_ascii_digit()) {
            out.push(code);
            if parts > 0 && first.chars().all(|c| c.is_ascii_digit()) {
                out.push(first);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_of_kinds_and_company_forms() {
        assert_eq!(abbreviations("Hợp tác xã"), ["htx"]);
        assert_eq!(abbreviations("Tổ hợp tác"), ["tht"]);
        assert_eq!(abbreviations("Doanh nghiệp"), ["dn"]);
        assert_eq!(abbreviations("Hộ sản xuất, kinh doanh"), ["hkd"]);
        assert_eq!(
            abbreviations("Công ty Cổ phần Chè Mây Ngàn"),
            ["cty", "ct", "ctcp", "cp"]
        );
        assert_eq!(
            abbreviations("Công ty TNHH Thủy sản Lòng Hồ Xanh"),
            ["cty", "ct"]
        );
        assert!(abbreviations("HTX Nông sản Hoa Đá").is_empty());
        // Words in another order are not the phrase.
        assert!(abbreviations("xã hợp tác").is_empty());
    }

    #[test]
    fn codes_are_joined_words_with_a_digit() {
        assert_eq!(codes("2345/QĐ-UBND"), ["2345QĐUBND", "2345"]);
        assert_eq!(
            codes("Số 0789/QĐ-UBND ngày 10/9"),
            ["0789QĐUBND", "0789", "109", "10"]
        );
        assert_eq!(codes("8930000100160"), ["8930000100160"]);
        assert!(codes("QĐ-UBND, mật ong").is_empty());
        // A joiner at the end, or beside a space, joins nothing.
        assert_eq!(codes("12/ A-1"), ["12", "A1"]);
    }
}
