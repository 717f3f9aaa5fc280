//! Problems found in a site, collected rather than stopped at.
//!
//! An office editing fifty records wants every mistake in one run, not one per run. Each stage
//! pushes `Problem`s into a `Problems` list and carries on with what it could understand; the
//! build stops before writing anything if any error was found. A problem names the file (as
//! the user wrote it, relative to the site root), the line and column, the field, what is
//! wrong, and how to fix it.

use std::fmt;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// Path relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field concerned, as a dotted path (`certificates[1].stars`), when there is one.
    pub field: Option<String>,
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    pub(crate) fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(file, message)
        }
    }

    pub(crate) fn at(mut self, pos: Option<Pos>) -> Problem {
        if let Some(p) = pos {
            self.line = Some(p.line);
            self.column = Some(p.column);
        }
        self
    }

    pub(crate) fn field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = self.file.to_string_lossy();
        write!(f, "{level}: {}", Escaped(&file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{}`", Escaped(field))?;
        }
        write!(f, ": {}", Escaped(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {}", Escaped(hint))?;
        }
        Ok(())
    }
}

/// Text echoed into a terminal: a record's text (a file name, a value quoted in a message)
/// cannot move the cursor, change colours or retitle the window. Control characters other
/// than line feed and tab, and the invisible bidirectional overrides, are shown as escapes
/// (`\x1b`, `\u{202e}`).
pub(crate) struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if (c.is_control() && c != '\n' && c != '\t') || bidi {
                if (c as u32) < 0x100 {
                    write!(f, "\\x{:02x}", c as u32)?;
                } else {
                    write!(f, "\\u{{{:x}}}", c as u32)?;
                }
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// The problems of one build, in the order found; sorted for display.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub fn new() -> Problems {
        Problems::default()
    }

    pub(crate) fn push(&mut self, p: Problem) {
        self.list.push(p);
    }

    pub(crate) fn extend(&mut self, other: Problems) {
        self.list.extend(other.list);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Problem::is_error)
    }

    pub(crate) fn error_count(&self) -> usize {
        self.list.iter().filter(|p| p.is_error()).count()
    }

    pub(crate) fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorted by file, then position, errors before warnings at the same place.
    pub fn sorted(&self) -> Vec<&Problem> {
        let mut v: Vec<&Problem> = self.list.iter().collect();
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
        });
        v
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter()
    }

    /// What to print when a catalogue has thousands of the same warning (a national
    /// catalogue without photos has one "no photo" warning per product): every error, and of
    /// each kind of warning (same field and help, or same message when there is no help)
    /// the first `per_kind` in sorted order. Returns the problems to show, sorted, and for
    /// each kind that was cut, how many were left out and one problem of that kind.
    pub(crate) fn summarised(&self, per_kind: usize) -> (Vec<&Problem>, Vec<(usize, &Problem)>) {
        let mut seen: std::collections::HashMap<(Option<&str>, &str), usize> =
            std::collections::HashMap::new();
        let mut shown = Vec::new();
        let mut cut: Vec<(usize, &Problem)> = Vec::new();
        let mut cut_index: std::collections::HashMap<(Option<&str>, &str), usize> =
            std::collections::HashMap::new();
        for p in self.sorted() {
            if p.is_error() {
                shown.push(p);
                continue;
            }
            let key = (
                p.field.as_deref(),
                p.hint.as_deref().unwrap_or(p.message.as_str()),
            );
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            if *n <= per_kind {
                shown.push(p);
            } else {
                let i = *cut_index.entry(key).or_insert_with(|| {
                    cut.push((0, p));
                    cut.len() - 1
                });
                cut[i].0 += 1;
            }
        }
        (shown, cut)
    }

    /// Errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.list.iter().filter(|p| p.is_error())
    }
}

/// Byte offset → 1-based line and column (in characters) of `text`.
pub(crate) fn pos_of(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let mut line = 1;
    let mut line_start = 0;
    for (i, b) in text.as_bytes()[..offset].iter().enumerate() {
        if *b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
    }
    let column = text
        .get(line_start..offset)
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    Pos { line, column }
}

/// The path of `p` relative to `root`, for messages.
pub(crate) fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// The closest of `candidates` to `word`, if close enough to suggest.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "a = 1\nname = \"Mật\" x";
        let off = text.find('x').unwrap();
        assert_eq!(
            pos_of(text, off),
            Pos {
                line: 2,
                column: 14
            }
        );
    }

    #[test]
    fn warnings_beyond_the_limit_are_counted_per_kind() {
        let mut ps = Problems::new();
        for i in 0..25 {
            ps.push(
                Problem::warning(
                    format!("content/products/p{i:02}.md"),
                    "the product has no photo",
                )
                .hint("add a photo"),
            );
        }
        ps.push(Problem::warning("content/producers/a.md", "old province name").field("province"));
        for i in 0..12 {
            ps.push(Problem::error(
                format!("content/products/e{i:02}.md"),
                "bad stars",
            ));
        }
        let (shown, cut) = ps.summarised(10);
        // Every error, 10 of the 25 photo warnings, the single province warning.
        assert_eq!(shown.iter().filter(|p| p.is_error()).count(), 12);
        assert_eq!(shown.len(), 12 + 10 + 1);
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].0, 15);
        assert_eq!(cut[0].1.message, "the product has no photo");
        // The first ten in sorted order are the ones shown.
        assert!(
            shown
                .iter()
                .any(|p| p.file == Path::new("content/products/p09.md"))
        );
        assert!(
            !shown
                .iter()
                .any(|p| p.file == Path::new("content/products/p10.md"))
        );
    }

    #[test]
    fn suggestion_for_typo() {
        assert_eq!(did_you_mean("nmae", ["name", "producer"]), Some("name"));
        assert_eq!(did_you_mean("zzz", ["name", "producer"]), None);
    }

    #[test]
    fn display_escapes_terminal_control_sequences_from_record_text() {
        let p = Problem::error(
            "content/products/\u{1b}]0;pwned\u{7}.md",
            "unknown producer `\u{1b}[2J\u{1b}[31mhtx\r\u{9b}1m\u{202e}`",
        )
        .field("tags[0]\u{1b}[0m")
        .hint("write \u{7f}one\u{0}");
        let shown = p.to_string();
        assert_eq!(
            shown,
            "error: content/products/\\x1b]0;pwned\\x07.md: field `tags[0]\\x1b[0m`: unknown producer `\\x1b[2J\\x1b[31mhtx\\x0d\\x9b1m\\u{202e}`\n  help: write \\x7fone\\x00"
        );
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn display_names_file_line_field_and_help() {
        let p = Problem::error("content/products/a.md", "must be 1 to 5, found 7")
            .at(Some(Pos { line: 9, column: 9 }))
            .field("certificates[0].stars")
            .hint("write a whole number from 1 to 5");
        assert_eq!(
            p.to_string(),
            "error: content/products/a.md:9:9: field `certificates[0].stars`: must be 1 to 5, found 7\n  help: write a whole number from 1 to 5"
        );
    }
}
