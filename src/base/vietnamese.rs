//! Vietnamese text: normalisation, folding and slugs.
//!
//! Vietnamese can be written in several byte sequences that people read as the same word:
//! precomposed or combining marks (NFC/NFD), and two conventions for where the tone mark sits
//! in "oa", "oe", "uy" ("Hòa" and "Hoà"). Official lists mix both. Everything `ocop` reads is
//! put into NFC; names are compared after `match_key`, which also settles tone placement;
//! slugs and accent-free matching use `fold`, which removes every mark and turns "đ" into "d"
//! (the letter other generators keep or mangle).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Unicode NFC form. Text that is already NFC (nearly all of it: editors and spreadsheets
/// write precomposed letters) is recognised by the quick check and copied as it is; only
/// text that may not be NFC goes through the full composition, which is several times
/// slower.
pub(crate) fn nfc(s: &str) -> String {
    if surely_nfc(s) {
        return s.to_string();
    }
    s.nfc().collect()
}

/// `nfc` of an owned string, which is handed back untouched when it is NFC already.
pub(crate) fn into_nfc(s: String) -> String {
    if surely_nfc(s.as_str()) {
        return s;
    }
    s.nfc().collect()
}

/// Whether the Unicode quick check says `s` is NFC, without asking the quick check about the
/// letters Vietnamese text is made of. Every character below U+0300 (ASCII, Latin-1 and the
/// Latin Extended letters: "đ", "ơ", "ư", "ă"), the precomposed Vietnamese letters
/// U+1EA0..=U+1EF9 ("ậ", "ữ") and the dashes, quotes and ellipsis U+2010..=U+2027 are NFC
/// ("yes") and start no combining sequence, so the check only needs to see what lies between
/// them. Asking it about every character was the largest single cost of loading records
/// (about 65,000 instructions per product).
fn surely_nfc(s: &str) -> bool {
    // Length in bytes of the plain character at the start of `b`, if it is one, judged from
    // its UTF-8 bytes (a `char` loop decodes every character and took longer than the check).
    fn plain(b: &[u8]) -> Option<usize> {
        match *b {
            [0..0x80, ..] => Some(1),
            // Two-byte sequences up to 0xCB encode U+0080..=U+02FF.
            [0xC2..0xCC, ..] => Some(2),
            // U+1EA0..=U+1EBF and U+1EC0..=U+1EF9.
            [0xE1, 0xBA, 0xA0..=0xBF, ..] | [0xE1, 0xBB, 0x80..=0xB9, ..] => Some(3),
            // U+2010..=U+2027.
            [0xE2, 0x80, 0x90..=0xA7, ..] => Some(3),
            _ => None,
        }
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(n) = plain(&b[i..]) {
            i += n;
            continue;
        }
        // A run of other characters, which starts and ends on character boundaries (plain
        // characters are whole UTF-8 sequences); the plain character before it leaves the
        // quick check in its starting state.
        let start = i;
        while i < b.len() && plain(&b[i..]).is_none() {
            i += 1;
            while i < b.len() && (b[i] & 0xC0) == 0x80 {
                i += 1;
            }
        }
        if unicode_normalization::is_nfc_quick(s[start..i].chars()) != IsNormalized::Yes {
            return false;
        }
    }
    true
}

/// Removes every diacritic, maps đ/Đ (and the look-alike Ð) to d, and lower-cases.
///
/// Each character is decomposed on its own, ASCII without any lookup: the marks are
/// dropped, so the reordering of marks that a whole-string NFD does cannot change the
/// result. Catalogue and directory order fold every name, so this runs tens of thousands
/// of times per build and per `ocop serve` rebuild.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
                d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
                d => out.extend(d.to_lowercase()),
            }
        });
    }
    out
}

/// A key under which two spellings of the same Vietnamese name compare equal: NFC, lower
/// case, tone marks moved to one convention ("hoà" and "hòa" give the same key), runs of
/// white space folded to one space.
pub fn match_key(s: &str) -> String {
    let lower: String = nfc(s.trim()).to_lowercase();
    let words: Vec<String> = lower.split_whitespace().map(normalize_tone_word).collect();
    words.join(" ")
}

/// The five Vietnamese tone marks, as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Moves a tone mark from the second vowel of "oa", "oe", "uy" to the first (old style),
/// when the pair ends the syllable: "hoà" → "hòa", "thuỷ" → "thủy". Other words are unchanged.
fn normalize_tone_word(word: &str) -> String {
    // Most words end otherwise than in a toned a, e or y after o or u: they are returned as
    // they are, without decomposing them (names are keyed tens of thousands of times a build).
    let base_and_tone = |c: char| {
        let (mut base, mut toned) = (None, false);
        unicode_normalization::char::decompose_canonical(c, |d| match base {
            None => base = Some(d),
            Some(_) => toned |= TONES.contains(&d),
        });
        (base.unwrap_or(c), toned)
    };
    let mut rev = word.chars().rev();
    let starts_plain = word.chars().next().is_some_and(|c| !is_combining_mark(c));
    let settled = match (rev.next(), rev.next()) {
        (Some(last), Some(before))
            if starts_plain && !is_combining_mark(last) && !is_combining_mark(before) =>
        {
            let (b, toned) = base_and_tone(last);
            !(toned && matches!(b, 'a' | 'e' | 'y') && matches!(base_and_tone(before).0, 'o' | 'u'))
        }
        (Some(_), None) => starts_plain,
        _ => false,
    };
    if settled {
        return word.to_string();
    }
    move_tone(word)
}

/// The tone rule of `normalize_tone_word` applied to the decomposed word, whatever it ends in.
fn move_tone(word: &str) -> String {
    let chars: Vec<char> = word.nfd().collect();
    // Find a tone mark (one of the five) and the base letters of the word.
    let mut bases: Vec<(char, Vec<char>)> = Vec::new();
    for c in chars {
        if is_combining_mark(c) {
            if let Some(last) = bases.last_mut() {
                last.1.push(c);
            }
        } else {
            bases.push((c, Vec::new()));
        }
    }
    let n = bases.len();
    if n >= 2 {
        let (a, b) = (bases[n - 2].0, bases[n - 1].0);
        let pair = matches!((a, b), ('o', 'a') | ('o', 'e') | ('u', 'y'));
        // "qu" + y is not the diphthong: in "quý" the mark belongs on y.
        let after_q = n >= 3 && bases[n - 3].0 == 'q';
        if pair && !after_q {
            let tone_pos = bases[n - 1].1.iter().position(|m| TONES.contains(m));
            if let Some(pos) = tone_pos {
                let tone = bases[n - 1].1.remove(pos);
                bases[n - 2].1.push(tone);
            }
        }
    }
    let mut out = String::new();
    for (c, marks) in bases {
        out.push(c);
        out.extend(marks);
    }
    nfc(&out)
}

/// The words of a text, for search: maximal runs of letters, digits and combining marks
/// (so text in NFD keeps its marks inside the word). Everything else separates words.
/// `search.js` splits with the same rule (`[\p{Alphabetic}\p{N}\p{M}]+`).
pub(crate) fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// A letter, digit or combining mark; Latin letters (every Vietnamese one) without a table
/// lookup.
pub(crate) fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// A URL slug: folded, ASCII letters and digits, words joined by '-'.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Whether `s` is a valid slug: non-empty, `a-z`, `0-9` and single inner dashes.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` decomposes character by character; it must give what folding the whole
    /// string's NFD gives, for Vietnamese in either normal form and other scripts.
    #[test]
    fn fold_per_character_equals_fold_of_the_whole_nfd() {
        fn reference(s: &str) -> String {
            let mut out = String::new();
            for c in s.nfd() {
                if is_combining_mark(c) {
                    continue;
                }
                match c {
                    'đ' | 'Đ' | 'Ð' | 'ð' => out.push('d'),
                    c => out.extend(c.to_lowercase()),
                }
            }
            out
        }
        let samples = [
            "Mật ong bạc hà Mèo Vạc",
            "ĐẶC SẢN Hoà Bình, Thuỷ",
            "Trà Shan Tuyết Hà Giang 100g",
            "Ḍ̇a\u{323}\u{302}\u{301}",
            "Ðoàn ðð İstanbul ΣΊΣΥΦΟΣ ǅ ﬁ",
            "",
            "e\u{301}\u{323}e\u{323}\u{301}",
        ];
        for s in samples {
            assert_eq!(fold(s), reference(s), "{s}");
            let decomposed: String = s.nfd().collect();
            assert_eq!(fold(&decomposed), reference(s), "NFD of {s}");
        }
    }

    #[test]
    fn fold_turns_d_stroke_into_d() {
        assert_eq!(fold("Đường phèn"), "duong phen");
        assert_eq!(fold("ĐÐđ"), "ddd");
        assert_eq!(fold("Mật ong"), "mat ong");
    }

    #[test]
    fn slug_folds_vietnamese() {
        assert_eq!(
            slugify("Mật ong bạc hà Đồng Văn"),
            "mat-ong-bac-ha-dong-van"
        );
        assert_eq!(
            slugify("  Chè Shan tuyết -- Na Hang! "),
            "che-shan-tuyet-na-hang"
        );
        assert_eq!(slugify("Rượu ngô 29,5°"), "ruou-ngo-29-5");
    }

    #[test]
    fn nfc_composes_decomposed_text_and_keeps_composed_text() {
        let nfd: String = "Hòa Bình, Mật ong".nfd().collect();
        assert_ne!(nfd, "Hòa Bình, Mật ong");
        assert_eq!(nfc(&nfd), "Hòa Bình, Mật ong");
        assert_eq!(into_nfc(nfd), "Hòa Bình, Mật ong");
        assert_eq!(nfc("Hòa Bình"), "Hòa Bình");
        // A lone combining mark after a precomposed letter is "maybe" for the quick check.
        assert_eq!(nfc("a\u{0301}"), "á");
    }

    #[test]
    fn tone_shortcut_leaves_exactly_the_words_the_full_rule_leaves() {
        // The full rule, on every word of a mixed text: the shortcut must agree.
        let text = "hoà hòa hoá khoẻ khỏe thuỷ thủy quý quỳ tuỳ toà xoè oà uý a ạ mật ong \
                    Đường phèn hoàng hoạ thoại uyên \u{301}a o\u{301} hoa\u{300} o\u{335}à x";
        for w in text.split_whitespace() {
            let w = nfc(w).to_lowercase();
            assert_eq!(normalize_tone_word(&w), move_tone(&w), "{w:?}");
        }
    }

    #[test]
    fn nfc_shortcut_agrees_with_the_unicode_quick_check() {
        // Every character up to U+3000 and the Vietnamese block, alone, after a letter, and
        // followed by each combining mark Vietnamese uses (and one it does not).
        let marks = [
            '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{31b}',
        ];
        let quick = |s: &str| unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes;
        for c in (0u32..0x3000)
            .chain(0x1E00..0x1F00)
            .filter_map(char::from_u32)
        {
            let mut cases = vec![c.to_string(), format!("a{c}"), format!("{c}b đ")];
            cases.extend(marks.iter().map(|m| format!("x{c}{m}")));
            cases.extend(marks.iter().map(|m| format!("{m}{c}")));
            for s in cases {
                assert_eq!(surely_nfc(&s), quick(&s), "{s:?}");
            }
        }
        assert!(surely_nfc("Mật ong hoa nhãn – “Hưng Yên”…"));
        assert!(!surely_nfc("Ma\u{323}\u{302}t ong"));
    }

    #[test]
    fn nfd_and_nfc_fold_to_same_slug() {
        let nfd: String = "Hòa Bình".nfd().collect();
        assert_eq!(slugify(&nfd), slugify("Hòa Bình"));
    }

    #[test]
    fn tone_placement_is_normalised() {
        assert_eq!(match_key("Xã Hoà An"), match_key("Xã Hòa An"));
        assert_eq!(match_key("Thuỷ"), match_key("Thủy"));
        assert_eq!(match_key("khoẻ"), match_key("khỏe"));
        assert_eq!(match_key("quý"), "quý");
        assert_ne!(match_key("Hoà"), match_key("Hoa"));
    }

    #[test]
    fn words_split_on_punctuation_and_keep_marks() {
        let nfd: String = "Mật ong".nfd().collect();
        assert_eq!(words(&nfd).count(), 2);
        assert_eq!(
            words("Rượu ngô 29,5° – Bản Phố!").collect::<Vec<_>>(),
            ["Rượu", "ngô", "29", "5", "Bản", "Phố"]
        );
    }

    #[test]
    fn slug_validation() {
        assert!(is_slug("mat-ong-2"));
        assert!(!is_slug("Mat-ong"));
        assert!(!is_slug("mat--ong"));
        assert!(!is_slug(""));
        assert!(!is_slug("-a"));
    }
}
