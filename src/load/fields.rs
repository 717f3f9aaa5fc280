//! Typed reading of TOML front matter, one field at a time, with positions.
//!
//! serde stops at the first wrong field and forgets where values were. An office needs every
//! mistake of a record at once, each with its line, and "did you mean" for misspelt fields.
//! `Fields` walks a parsed TOML table (with spans), hands out typed values tagged with their
//! position, records a problem for each wrong type, and at the end reports every key nobody
//! asked for as unknown.
//!
//! A `Fields` knows its table's keys from `load::schema` (the list the editor's forms are
//! made from too): the unknown-field hints name them, a sub-table's keys come from its entry,
//! and in debug builds every key the loader asks for is checked against the list, so a field
//! read here but missing there fails the tests instead of being left out of the editor.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::base::diag::{Pos, Problem, Problems, did_you_mean, pos_of};
use crate::base::vietnamese::nfc;
use crate::load::schema::{self, Field, Kind};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub pos: Option<Pos>,
}

impl<T> Sp<T> {
    pub(crate) fn new(value: T, pos: Option<Pos>) -> Sp<T> {
        Sp { value, pos }
    }
}

/// Where the TOML text sits in its file, to turn spans into file positions.
#[derive(Clone, Copy)]
pub(crate) struct Source<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// Line of the file on which `text` starts (1-based).
    pub first_line: usize,
    /// Byte offsets in `text` where its lines start (`line_starts(text)`), so that finding
    /// the position of each of a record's fields does not rescan the text from its start.
    pub line_starts: &'a [usize],
}

/// Byte offsets where the lines of `text` start: 0, and one past each `\n`.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

impl Source<'_> {
    pub(crate) fn pos(&self, span: std::ops::Range<usize>) -> Pos {
        let offset = span.start.min(self.text.len());
        // Same result as `diag::pos_of`, which counts lines from the start every time.
        let p = match self.line_starts.partition_point(|&s| s <= offset) {
            0 => pos_of(self.text, offset),
            line => {
                let start = self.line_starts[line - 1];
                let column = self
                    .text
                    .get(start..offset)
                    .map(|s| s.chars().count())
                    .unwrap_or(0)
                    + 1;
                Pos { line, column }
            }
        };
        Pos {
            line: p.line + self.first_line - 1,
            column: p.column,
        }
    }

    pub(crate) fn file(&self) -> PathBuf {
        self.file.to_path_buf()
    }
}

/// Whether a character is a control character that published text must not carry: C0
/// (except tab and line feed), DEL and C1.
pub(crate) fn is_unwanted_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// `s` without unwanted control characters, and the first one removed. The carriage return
/// of a Windows line end (`\r\n`) is only a line end and is removed without being reported.
pub(crate) fn strip_controls(s: &str) -> (std::borrow::Cow<'_, str>, Option<char>) {
    if !s.chars().any(is_unwanted_control) {
        return (std::borrow::Cow::Borrowed(s), None);
    }
    let mut first = None;
    let mut clean = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_unwanted_control(c) {
            clean.push(c);
        } else if !(c == '\r' && chars.peek() == Some(&'\n')) {
            first = first.or(Some(c));
        }
    }
    (std::borrow::Cow::Owned(clean), first)
}

/// A Markdown body (`body`, the end of the file's `text`) without unwanted control
/// characters; a warning gives the line and column of the first one removed.
pub(crate) fn body_text(file: &Path, text: &str, body: &str, out: &mut Problems) -> String {
    let (clean, removed) = strip_controls(body);
    if let Some(c) = removed {
        let at = body.find(c).unwrap_or(0) + text.len().saturating_sub(body.len());
        out.push(
            Problem::warning(
                file,
                format!(
                    "invisible control character U+{:04X} removed from the Markdown body",
                    c as u32
                ),
            )
            .at(Some(pos_of(text, at)))
            .hint("delete it from the text: it was probably pasted from another program, and it does nothing on a page but can break files made from it"),
        );
    }
    clean.into_owned()
}

/// Whether a value is text with nothing but spaces: a field left blank.
fn is_blank(v: &DeValue) -> bool {
    matches!(v, DeValue::String(s) if s.trim().is_empty())
}

/// Reads the fields of one TOML table.
pub(crate) struct Fields<'a, 'i> {
    src: Source<'a>,
    /// Dotted path of this table (`""` for the top, `specs`, `certificates[0]`).
    prefix: String,
    entries: Vec<(Spanned<std::borrow::Cow<'i, str>>, Spanned<DeValue<'i>>)>,
    taken: Vec<bool>,
    /// Where the table itself starts, for "missing field" problems.
    table_pos: Pos,
    /// The keys this table may have (`load::schema`).
    schema: &'static [Field],
}

/// How an accessor of [`Fields`] reads a key, to check it against the key's [`Kind`].
#[derive(Debug, Clone, Copy)]
enum Read {
    /// Only whether it is there (`has`, `missing`).
    Any,
    Text,
    Integer,
    Decimal,
    Bool,
    Date,
    TextList,
    IntegerList,
    Table,
    Tables,
}

impl Read {
    /// Whether a key of `kind` is read this way.
    fn fits(self, kind: &Kind) -> bool {
        match self {
            Read::Any => true,
            Read::Text => matches!(
                kind,
                Kind::Text
                    | Kind::LongText
                    | Kind::Url
                    | Kind::Choice(_)
                    | Kind::Ref(_)
                    | Kind::Photo
                    | Kind::Document
            ),
            Read::Integer => matches!(kind, Kind::Integer { .. }),
            Read::Decimal => matches!(kind, Kind::Decimal { .. }),
            Read::Bool => matches!(kind, Kind::Bool),
            Read::Date => matches!(kind, Kind::Date),
            Read::TextList => matches!(
                kind,
                Kind::Words | Kind::Refs(_) | Kind::Photos | Kind::ChoiceList(_)
            ),
            Read::IntegerList => matches!(kind, Kind::Integers { .. }),
            Read::Table => matches!(kind, Kind::Table(_)),
            Read::Tables => matches!(kind, Kind::Tables(_)),
        }
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    /// The fields of `table` (a record's front matter, site.toml, or a table in them), whose
    /// keys are those of `schema`.
    pub(crate) fn new(
        src: Source<'a>,
        table: DeTable<'i>,
        prefix: &str,
        table_pos: Pos,
        schema: &'static [Field],
    ) -> Self {
        let entries: Vec<_> = table.into_iter().collect();
        let taken = vec![false; entries.len()];
        Fields {
            src,
            prefix: prefix.to_string(),
            entries,
            taken,
            table_pos,
            schema,
        }
    }

    /// Checks (in debug builds) that `key` is in this table's schema, with a kind read as
    /// `read`: the editor's forms come from the schema, so a key read here and not listed
    /// there would be missing from them.
    #[track_caller]
    fn check(&self, key: &str, read: Read) {
        if cfg!(debug_assertions) {
            let field = schema::find(self.schema, key);
            debug_assert!(
                field.is_some(),
                "`{}` is read by the loader but is not in src/load/schema.rs: add it there so the editor shows it",
                self.path(key)
            );
            if let Some(field) = field {
                debug_assert!(
                    read.fits(&field.kind),
                    "`{}` is read by the loader as {read:?} but src/load/schema.rs gives it another kind: make them agree so the editor writes what the loader reads",
                    self.path(key)
                );
            }
        }
    }

    /// Whether the table has `key` (read or not).
    #[track_caller]
    pub(crate) fn has(&self, key: &str) -> bool {
        self.check(key, Read::Any);
        self.entries
            .iter()
            .any(|(k, v)| k.get_ref().as_ref() == key && !is_blank(v.get_ref()))
    }

    /// Where the table starts.
    pub(crate) fn position(&self) -> Pos {
        self.table_pos
    }

    /// The dotted path of `key` in this table, as problems name it.
    pub(crate) fn field_path(&self, key: &str) -> String {
        self.path(key)
    }

    fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn take(&mut self, key: &str) -> Option<(Pos, DeValue<'i>)> {
        let i = self
            .entries
            .iter()
            .position(|(k, _)| k.get_ref().as_ref() == key)?;
        self.taken[i] = true;
        let v = &mut self.entries[i].1;
        // Empty text is a field left blank (as a form writes it): the same as no field.
        if is_blank(v.get_ref()) {
            return None;
        }
        let pos = self.src.pos(v.span());
        // Leave a cheap value behind: each key is taken once.
        let value = std::mem::replace(v.get_mut(), DeValue::Boolean(false));
        Some((pos, value))
    }

    /// A text value as the model keeps it: trimmed, NFC, without control characters (which
    /// no page, feed, calendar or CSV file should carry); a warning names what was removed.
    fn text(&self, out: &mut Problems, field: String, pos: Pos, s: &str) -> String {
        let (clean, removed) = strip_controls(s);
        if let Some(c) = removed {
            out.push(
                Problem::warning(
                    self.src.file(),
                    format!("invisible control character U+{:04X} removed", c as u32),
                )
                .at(Some(pos))
                .field(field)
                .hint("delete it from the text: it was probably pasted from another program, and it does nothing on a page but can break files made from it"),
            );
        }
        nfc(clean.trim())
    }

    fn type_error(&self, out: &mut Problems, key: &str, pos: Pos, want: &str, found: &DeValue) {
        out.push(
            Problem::error(
                self.src.file(),
                format!("expected {want}, found {}", found.type_str()),
            )
            .at(Some(pos))
            .field(self.path(key))
            .hint(format!("write `{key}` as {want}")),
        );
    }

    /// Reports a required field that is absent.
    #[track_caller]
    pub(crate) fn missing(&self, out: &mut Problems, key: &str, example: &str) {
        self.check(key, Read::Any);
        out.push(
            Problem::error(self.src.file(), "required field is missing")
                .at(Some(self.table_pos))
                .field(self.path(key))
                .hint(format!("add a line such as `{key} = {example}`")),
        );
    }

    #[track_caller]
    pub(crate) fn string(&mut self, out: &mut Problems, key: &str) -> Option<Sp<String>> {
        self.check(key, Read::Text);
        let (pos, v) = self.take(key)?;
        match v {
            DeValue::String(s) => {
                let s = self.text(out, self.path(key), pos, &s);
                if s.is_empty() {
                    return None;
                }
                Some(Sp::new(s, Some(pos)))
            }
            other => {
                self.type_error(out, key, pos, "text in quotes", &other);
                None
            }
        }
    }

    #[track_caller]
    pub(crate) fn required_string(
        &mut self,
        out: &mut Problems,
        key: &str,
        example: &str,
    ) -> Option<Sp<String>> {
        let present = self
            .entries
            .iter()
            .any(|(k, _)| k.get_ref().as_ref() == key);
        let v = self.string(out, key);
        if !present {
            self.missing(out, key, example);
        } else if v.is_none()
            && !out
                .iter()
                .any(|p| p.field.as_deref() == Some(&self.path(key)))
        {
            out.push(
                Problem::error(self.src.file(), "must not be empty")
                    .at(Some(self.table_pos))
                    .field(self.path(key))
                    .hint(format!("write a value such as `{key} = {example}`")),
            );
        }
        v
    }

    #[track_caller]
    pub(crate) fn integer(&mut self, out: &mut Problems, key: &str) -> Option<Sp<i64>> {
        self.check(key, Read::Integer);
        let (pos, v) = self.take(key)?;
        match &v {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(Sp::new(n, Some(pos))),
                    Err(_) => {
                        out.push(
                            Problem::error(self.src.file(), "number is too large")
                                .at(Some(pos))
                                .field(self.path(key)),
                        );
                        None
                    }
                }
            }
            other => {
                self.type_error(out, key, pos, "a whole number", other);
                None
            }
        }
    }

    #[track_caller]
    pub(crate) fn float(&mut self, out: &mut Problems, key: &str) -> Option<Sp<f64>> {
        self.check(key, Read::Decimal);
        let (pos, v) = self.take(key)?;
        match &v {
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(x) if x.is_finite() => Some(Sp::new(x, Some(pos))),
                _ => {
                    self.type_error(out, key, pos, "a finite number", &v);
                    None
                }
            },
            DeValue::Integer(i) => i
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .ok()
                .map(|x| Sp::new(x, Some(pos))),
            other => {
                self.type_error(out, key, pos, "a number such as 21.82", other);
                None
            }
        }
    }

    #[track_caller]
    pub(crate) fn boolean(&mut self, out: &mut Problems, key: &str) -> Option<Sp<bool>> {
        self.check(key, Read::Bool);
        let (pos, v) = self.take(key)?;
        match v {
            DeValue::Boolean(b) => Some(Sp::new(b, Some(pos))),
            other => {
                self.type_error(out, key, pos, "true or false", &other);
                None
            }
        }
    }

    /// A date written as a TOML date (`2024-05-20`) or a string `"2024-05-20"` / `"20/05/2024"`.
    #[track_caller]
    pub(crate) fn date(&mut self, out: &mut Problems, key: &str) -> Option<Sp<NaiveDate>> {
        self.check(key, Read::Date);
        let (pos, v) = self.take(key)?;
        let parsed = match &v {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                }
                _ => None,
            },
            DeValue::String(s) => parse_date(s),
            _ => None,
        };
        if let Some(d) = parsed
            && !DATE_YEARS.contains(&d.year())
        {
            out.push(
                Problem::error(
                    self.src.file(),
                    format!(
                        "the year {} is outside {}–{}",
                        d.year(),
                        DATE_YEARS.start(),
                        DATE_YEARS.end()
                    ),
                )
                .at(Some(pos))
                .field(self.path(key))
                .hint(DATE_RANGE_HINT),
            );
            return None;
        }
        if parsed.is_none() {
            let shown = match &v {
                DeValue::String(s) => format!("\"{s}\""),
                DeValue::Datetime(d) => d.to_string(),
                other => other.type_str().to_string(),
            };
            out.push(
                Problem::error(self.src.file(), format!("not a valid date: {shown}"))
                    .at(Some(pos))
                    .field(self.path(key))
                    .hint(format!("write a calendar date, e.g. `{key} = 2024-05-20`")),
            );
        }
        parsed.map(|d| Sp::new(d, Some(pos)))
    }

    /// A list of strings; a single string is accepted as a list of one.
    #[track_caller]
    pub(crate) fn string_list(&mut self, out: &mut Problems, key: &str) -> Vec<Sp<String>> {
        self.check(key, Read::TextList);
        let Some((pos, v)) = self.take(key) else {
            return Vec::new();
        };
        match v {
            DeValue::String(s) => {
                let s = self.text(out, self.path(key), pos, &s);
                if s.is_empty() {
                    self.empty_item(out, key, self.path(key), pos);
                    return Vec::new();
                }
                vec![Sp::new(s, Some(pos))]
            }
            DeValue::Array(items) => {
                let mut list = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let ipos = self.src.pos(item.span());
                    match item.get_ref() {
                        DeValue::String(s) => {
                            let s = self.text(out, format!("{}[{i}]", self.path(key)), ipos, s);
                            if s.is_empty() {
                                let field = format!("{}[{i}]", self.path(key));
                                self.empty_item(out, key, field, ipos);
                            } else {
                                list.push(Sp::new(s, Some(ipos)));
                            }
                        }
                        other => out.push(
                            Problem::error(
                                self.src.file(),
                                format!("expected text in quotes, found {}", other.type_str()),
                            )
                            .at(Some(ipos))
                            .field(format!("{}[{i}]", self.path(key)))
                            .hint(format!("write `{key} = [\"...\", \"...\"]`")),
                        ),
                    }
                }
                list
            }
            other => {
                self.type_error(out, key, pos, "a list of text, e.g. [\"a\", \"b\"]", &other);
                Vec::new()
            }
        }
    }

    /// Reports an empty entry of the list `key` (an address, file name or word that was
    /// left out, or a stray comma's quotes), which would otherwise name nothing.
    fn empty_item(&self, out: &mut Problems, key: &str, field: String, pos: Pos) {
        out.push(
            Problem::error(self.src.file(), "empty text in a list")
                .at(Some(pos))
                .field(field)
                .hint(format!(
                    "write a value between the quotes or remove the entry; an empty list is `{key} = []`"
                )),
        );
    }

    /// A list of whole numbers (`widths = [360, 720]`).
    #[track_caller]
    pub(crate) fn integer_list(&mut self, out: &mut Problems, key: &str) -> Vec<Sp<i64>> {
        self.check(key, Read::IntegerList);
        let Some((pos, v)) = self.take(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v else {
            self.type_error(
                out,
                key,
                pos,
                "a list of whole numbers, e.g. [360, 720]",
                &v,
            );
            return Vec::new();
        };
        let mut list = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let ipos = self.src.pos(item.span());
            match item.get_ref() {
                DeValue::Integer(n) => {
                    match i64::from_str_radix(&n.as_str().replace('_', ""), n.radix()) {
                        Ok(n) => list.push(Sp::new(n, Some(ipos))),
                        Err(_) => out.push(
                            Problem::error(self.src.file(), "number is too large")
                                .at(Some(ipos))
                                .field(format!("{}[{i}]", self.path(key))),
                        ),
                    }
                }
                other => out.push(
                    Problem::error(
                        self.src.file(),
                        format!("expected a whole number, found {}", other.type_str()),
                    )
                    .at(Some(ipos))
                    .field(format!("{}[{i}]", self.path(key))),
                ),
            }
        }
        list
    }

    /// The schema of the sub-table or array of tables `key` (empty if the schema has none,
    /// which `check` reports in debug builds).
    fn sub_schema(&self, key: &str) -> &'static [Field] {
        match schema::find(self.schema, key).map(|f| f.kind) {
            Some(Kind::Table(fields) | Kind::Tables(fields)) => fields,
            _ => &[],
        }
    }

    /// A sub-table (`[specs]`), whose keys are those of its schema entry's `Kind::Table`.
    #[track_caller]
    pub(crate) fn table(&mut self, out: &mut Problems, key: &str) -> Option<Fields<'a, 'i>> {
        self.check(key, Read::Table);
        let (pos, v) = self.take(key)?;
        match v {
            DeValue::Table(t) => Some(Fields::new(
                self.src,
                t,
                &self.path(key),
                pos,
                self.sub_schema(key),
            )),
            other => {
                self.type_error(out, key, pos, &format!("a table `[{key}]`"), &other);
                None
            }
        }
    }

    /// An array of tables (`[[certificates]]`), whose keys are those of its schema entry's
    /// `Kind::Tables`.
    #[track_caller]
    pub(crate) fn tables(&mut self, out: &mut Problems, key: &str) -> Vec<Fields<'a, 'i>> {
        self.check(key, Read::Tables);
        let sub = self.sub_schema(key);
        let Some((pos, v)) = self.take(key) else {
            return Vec::new();
        };
        match v {
            DeValue::Array(items) => {
                let mut list = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let ipos = self.src.pos(item.span());
                    let path = format!("{}[{i}]", self.path(key));
                    match item.into_inner() {
                        DeValue::Table(t) => list.push(Fields::new(self.src, t, &path, ipos, sub)),
                        other => out.push(
                            Problem::error(
                                self.src.file(),
                                format!("expected a table, found {}", other.type_str()),
                            )
                            .at(Some(ipos))
                            .field(path)
                            .hint(format!("write each entry as a `[[{key}]]` section")),
                        ),
                    }
                }
                list
            }
            other => {
                self.type_error(out, key, pos, &format!("`[[{key}]]` sections"), &other);
                Vec::new()
            }
        }
    }

    /// Reports every key that was not read as unknown, suggesting the closest key of the
    /// schema.
    pub(crate) fn finish(self, out: &mut Problems) {
        let known = schema::keys(self.schema);
        for (i, (k, _)) in self.entries.iter().enumerate() {
            if self.taken[i] {
                continue;
            }
            let key = k.get_ref().as_ref();
            let mut p = Problem::error(self.src.file(), format!("unknown field `{key}`"))
                .at(Some(self.src.pos(k.span())))
                .field(self.path(key));
            p = match did_you_mean(key, known.iter().copied()) {
                Some(s) => p.hint(format!("did you mean `{s}`?")),
                None => p.hint(format!("known fields here: {}", known.join(", "))),
            };
            out.push(p);
        }
    }
}

/// The years a date of the content may have. OCOP began in 2018 and certificates last three
/// years; a date outside these years is a typo (`0204` for `2024`), and calendars, feeds
/// and spreadsheet readers cannot all show it.
pub(crate) const DATE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

const DATE_RANGE_HINT: &str = "check the year: dates must fall in 1990–2100 (OCOP began in 2018; earlier or later years are typos that calendars and spreadsheets cannot show)";

/// "2024-05-20" or "20/05/2024".
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Parses a TOML document; syntax errors go to `out` with their position and `hint`, which
/// names what the kind of document usually gets wrong.
pub(crate) fn parse_toml<'i>(
    src: Source<'_>,
    text: &'i str,
    hint: &str,
    out: &mut Problems,
) -> Option<DeTable<'i>> {
    match DeTable::parse(text) {
        Ok(t) => Some(t.into_inner()),
        Err(e) => {
            let pos = e.span().map(|s| src.pos(s));
            let msg = e.message().trim().to_string();
            out.push(
                Problem::error(src.file(), format!("TOML syntax error: {msg}"))
                    .at(pos)
                    .hint(hint),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_stripped_but_windows_line_ends_are_not_reported() {
        assert_eq!(
            strip_controls("a\u{1b}[31mb\u{7}\u{0}c\u{7f}\u{9b}\td\ne"),
            ("a[31mbc\td\ne".into(), Some('\u{1b}'))
        );
        assert_eq!(strip_controls("a\r\nb"), ("a\nb".into(), None));
        assert_eq!(strip_controls("a\rb"), ("ab".into(), Some('\r')));
        assert_eq!(strip_controls("Chè"), ("Chè".into(), None));
    }

    #[test]
    fn field_positions_from_the_line_index_match_a_scan() {
        let text = "a = 1\nname = \"Mật ong\"\n\n[specs]\nx = \"Đ\" # é\n";
        let starts = line_starts(text);
        let src = Source {
            file: Path::new("x.md"),
            text,
            first_line: 3,
            line_starts: &starts,
        };
        for offset in 0..=text.len() + 2 {
            let want = pos_of(text, offset);
            let got = src.pos(offset..offset);
            assert_eq!(
                (got.line, got.column),
                (want.line + 2, want.column),
                "offset {offset}"
            );
        }
    }

    const SCHEMA: &[Field] = &[
        schema::f("name", Kind::Text, schema::Text::NONE, schema::Text::NONE),
        schema::f(
            "price",
            Kind::Integer { min: 1, max: 10 },
            schema::Text::NONE,
            schema::Text::NONE,
        ),
    ];

    fn read(text: &str) -> (Problems, Option<Sp<String>>, Option<Sp<i64>>) {
        let starts = line_starts(text);
        let src = Source {
            file: Path::new("x.md"),
            text,
            first_line: 2,
            line_starts: &starts,
        };
        let mut out = Problems::new();
        let t = parse_toml(src, text, "", &mut out).unwrap();
        let mut f = Fields::new(src, t, "", Pos { line: 1, column: 1 }, SCHEMA);
        let name = f.string(&mut out, "name");
        let n = f.integer(&mut out, "price");
        f.finish(&mut out);
        (out, name, n)
    }

    #[test]
    fn unknown_field_gets_did_you_mean_and_line() {
        let (out, name, _) = read("name = \"Mật ong\"\nprcie = 5\n");
        assert_eq!(name.unwrap().value, "Mật ong");
        let p: Vec<_> = out.iter().collect();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, Some(3));
        assert_eq!(p[0].field.as_deref(), Some("prcie"));
        assert!(p[0].hint.as_deref().unwrap().contains("`price`"));
    }

    #[test]
    fn wrong_type_is_reported_with_field() {
        let (out, _, n) = read("name = \"a\"\nprice = \"nhiều\"\n");
        assert!(n.is_none());
        let p: Vec<_> = out.iter().collect();
        assert_eq!(p[0].field.as_deref(), Some("price"));
        assert!(p[0].message.contains("expected a whole number"));
    }

    #[test]
    fn dates_accept_toml_and_vietnamese_forms() {
        assert_eq!(
            parse_date("20/05/2024"),
            NaiveDate::from_ymd_opt(2024, 5, 20)
        );
        assert_eq!(
            parse_date("2024-05-20"),
            NaiveDate::from_ymd_opt(2024, 5, 20)
        );
        assert_eq!(parse_date("2024-02-30"), None);
    }
}
