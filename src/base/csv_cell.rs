//! Spreadsheet-safe CSV cells (formula injection).
//!
//! A CSV file is opened by buyers and officers in Excel or LibreOffice, which read a cell that
//! begins with `=`, `+`, `-` or `@` (and, in some versions, a tab or carriage return) as a
//! formula: a record's text such as `=HYPERLINK("http://evil","Bấm")` or
//! `+cmd|' /C calc'!A0` would run in the reader's spreadsheet. Every CSV cell `ocop` writes
//! (the public `du-lieu/*.csv` files and `ocop export`) goes through [`neutralise`], which
//! puts an apostrophe before such a cell, the mark spreadsheets themselves use for "this is
//! text". Numbers written with a sign or as a phone number (`+84 207 000 0101`, `-5`,
//! `(0207) 000-0101`) cannot call a function and are left as they are, so they stay usable.
//! `ocop import` takes the apostrophe off again ([`restore`]), so an export imports back
//! unchanged.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that only holds a number or a phone number: a sign, digits, spaces and `.,()/-+`.
fn is_plain_number(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ' ' | '.' | ',' | '(' | ')' | '/' | '-' | '+')
        })
        && !s.starts_with(['=', '@', '\t', '\r'])
}

/// The cell as it is safe to write into CSV: an apostrophe before one that a spreadsheet
/// would run as a formula.
pub(crate) fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(TRIGGERS) && !is_plain_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The cell as it was before [`neutralise`]: the apostrophe it added is taken off.
pub(crate) fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) && !is_plain_number(rest) => rest,
        _ => s,
    }
}

/// Writes a CSV file every cell of which goes through [`neutralise`] (the site's data
/// files, `outputs::exports` and `outputs::buyer`): the byte order mark, the header, then each row as it comes.
pub(crate) fn write_csv(
    w: &mut dyn std::io::Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    w.write_all(&[0xEF, 0xBB, 0xBF])?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    w.write_record(header)?;
    for r in rows {
        // A record's text that a spreadsheet would run as a formula gets an apostrophe.
        for cell in &r {
            w.write_field(neutralise(cell).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_get_an_apostrophe() {
        for cell in [
            "=1+1",
            "=HYPERLINK(\"http://x\",\"a\")",
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
            "+",
            "-",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
            assert_eq!(restore(&neutralise(cell)), cell);
        }
    }

    #[test]
    fn numbers_and_phone_numbers_are_kept() {
        for cell in [
            "+84 207 000 0101",
            "-5",
            "-1.5",
            "0207 000 0101",
            "(0207) 000-0101",
            "Chè",
            "",
            "'quoted",
        ] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
            assert_eq!(restore(&neutralise(cell)), cell);
        }
    }
}
