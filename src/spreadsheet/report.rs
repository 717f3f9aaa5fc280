//! What an import did, and how it is told: every spreadsheet problem by row and column, the
//! records created, changed or left as they were, and the one-line summary. A sheet of many
//! bad rows is summed up rather than printed whole: the first rows of each kind of problem,
//! then how many more have it.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::base::diag::{Problem, Severity};
use crate::load::Section;

/// A problem of the spreadsheet: its row and column (as the heading is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub severity: Severity,
    /// The row number as the spreadsheet program shows it; `None` for the whole file.
    pub row: Option<usize>,
    /// The column's heading.
    pub column: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The column's position, for ordering.
    pub(super) col_index: Option<usize>,
}

impl RowProblem {
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `row 7, column "Số sao": stars must be 1 to 5, found 6` (without file, level or help).
impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, column \"{c}\": ")?,
            (Some(r), None) => write!(f, "row {r}: ")?,
            (None, Some(c)) => write!(f, "column \"{c}\": ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Created,
    /// The differences, one line each ("price 120000 → 150000").
    Changed(Vec<String>),
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub section: Section,
    /// Relative to the site root.
    pub file: PathBuf,
    /// The spreadsheet rows it came from.
    pub rows: Vec<usize>,
    pub status: Status,
    pub written: bool,
}

/// The result of an import.
#[derive(Debug)]
pub struct ImportReport {
    /// The spreadsheet, as named on the command line.
    pub source: String,
    /// Errors and warnings of the spreadsheet, by row and column.
    pub problems: Vec<RowProblem>,
    /// Problems in site files the import does not write (not the import's fault).
    pub site_problems: Vec<Problem>,
    /// Every valid product and producer record, new, changed or unchanged.
    pub records: Vec<Outcome>,
    /// Rows left out because they (or another row of their product) failed.
    pub invalid_rows: Vec<usize>,
    pub update: bool,
    pub skip_invalid: bool,
    pub dry_run: bool,
    /// Why the records could not be written (then none was).
    pub write_failed: Option<String>,
}

impl ImportReport {
    pub fn errors(&self) -> impl Iterator<Item = &RowProblem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &RowProblem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Whether the command succeeded: no failing row, or `--skip-invalid`.
    pub fn ok(&self) -> bool {
        !self.has_errors() || self.skip_invalid
    }

    pub fn count(&self, section: Section, f: impl Fn(&Status) -> bool) -> usize {
        self.records
            .iter()
            .filter(|o| o.section == section && f(&o.status))
            .count()
    }

    /// Files written, relative to the site root.
    pub fn written(&self) -> Vec<&Path> {
        self.records
            .iter()
            .filter(|o| o.written)
            .map(|o| o.file.as_path())
            .collect()
    }

    /// "Products: 2 created, 1 changed (not updated: pass --update), 3 unchanged; 2 rows
    /// invalid. Producers: 1 created, 0 changed, 1 unchanged."
    pub fn summary(&self) -> String {
        let counts = |s: Section| {
            (
                self.count(s, |x| *x == Status::Created),
                self.count(s, |x| matches!(x, Status::Changed(_))),
                self.count(s, |x| *x == Status::Unchanged),
            )
        };
        let (pc, pch, pu) = counts(Section::Products);
        let (rc, rch, ru) = counts(Section::Producers);
        let changed_note = |n: usize| {
            if n == 0 {
                String::new()
            } else if self.dry_run {
                " (dry run)".to_string()
            } else if self.update {
                " (updated)".to_string()
            } else {
                " (not updated: pass --update)".to_string()
            }
        };
        format!(
            "Products: {pc} created, {pch} changed{}, {pu} unchanged; {} invalid row(s). Producers: {rc} created, {rch} changed{}, {ru} unchanged.",
            changed_note(pch),
            self.invalid_rows.len(),
            changed_note(rch),
        )
    }

    /// Everything to print, one message per line (errors, warnings, records, summary).
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        for p in self.capped_problems() {
            match p {
                Shown::One(p) => {
                    let level = if p.is_error() { "error" } else { "warning" };
                    line(format!("{level}: {}: {p}", self.source));
                    if let Some(h) = &p.hint {
                        line(format!("  help: {h}"));
                    }
                }
                Shown::More(p, n) => {
                    let level = if p.is_error() { "error" } else { "warning" };
                    let col = p
                        .column
                        .as_ref()
                        .map(|c| format!(", column \"{c}\""))
                        .unwrap_or_default();
                    line(format!(
                        "{level}: {}: and {n} more row(s) with the same problem{col} as row {}",
                        self.source,
                        p.row.unwrap_or_default()
                    ));
                }
            }
        }
        let errors_in_site = self.site_problems.iter().filter(|p| p.is_error()).count();
        for p in self.site_problems.iter().filter(|p| p.is_error()) {
            let mut w = p.clone();
            w.severity = Severity::Warning;
            w.hint = None;
            line(format!("{w} (already in the site, not from the import)"));
        }
        let warnings_in_site = self.site_problems.len() - errors_in_site;
        if warnings_in_site > 0 {
            line(format!(
                "note: the site has {warnings_in_site} other warning(s) in files the import does not write; `ocop check` lists them"
            ));
        }
        for o in &self.records {
            let rows = rows_text(&o.rows);
            match &o.status {
                Status::Created => {
                    let verb = if o.written { "created" } else { "new" };
                    line(format!("{verb}: {} ({rows})", o.file.display()));
                }
                Status::Changed(changes) => {
                    let verb = if o.written { "updated" } else { "changed" };
                    line(format!("{verb}: {} ({rows})", o.file.display()));
                    for c in changes {
                        line(format!("  {c}"));
                    }
                }
                Status::Unchanged => {}
            }
        }
        if !self.invalid_rows.is_empty() && self.skip_invalid {
            line(format!("skipped: {}", rows_text(&self.invalid_rows)));
        }
        line(self.summary());
        if self.write_failed.is_some() {
            line("Nothing was written: the files could not be written (see the error above); the site is as it was.".into());
        } else if self.has_errors() && !self.skip_invalid {
            line("Nothing was written: fix the rows above, or pass --skip-invalid to import the good rows.".into());
        } else if self.dry_run {
            line("Dry run: nothing was written.".into());
        }
        out
    }
}

/// How many problems of one kind `render` prints before it sums up the rest.
pub(crate) const SHOWN_PER_KIND: usize = 20;

/// A line of the problem list: a problem, or how many more of its kind there are.
enum Shown<'a> {
    One(&'a RowProblem),
    More(&'a RowProblem, usize),
}

/// What makes two row problems "the same problem": level, column and message without its
/// quoted values and numbers (`"abc" is not a date` and `"x" is not a date` are one kind).
fn problem_kind(p: &RowProblem) -> (bool, Option<usize>, String) {
    let mut kind = String::new();
    let mut quote: Option<char> = None;
    for c in p.message.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '`' => quote = Some(c),
            None if c.is_ascii_digit() => {}
            None => kind.push(c),
        }
    }
    (p.is_error(), p.col_index, kind)
}

impl ImportReport {
    /// The problems to print: the first `SHOWN_PER_KIND` of each kind of row problem, then
    /// one line per kind saying how many more rows have it. Problems of the whole file are
    /// all printed.
    fn capped_problems(&self) -> Vec<Shown<'_>> {
        let mut seen: HashMap<(bool, Option<usize>, String), (usize, &RowProblem)> = HashMap::new();
        let mut order = Vec::new();
        let mut out = Vec::new();
        for p in &self.problems {
            if p.row.is_none() {
                out.push(Shown::One(p));
                continue;
            }
            let key = problem_kind(p);
            let entry = seen.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                (0, p)
            });
            entry.0 += 1;
            if entry.0 <= SHOWN_PER_KIND {
                out.push(Shown::One(p));
            }
        }
        for key in order {
            if let Some(&(n, first)) = seen.get(&key)
                && n > SHOWN_PER_KIND
            {
                out.push(Shown::More(first, n - SHOWN_PER_KIND));
            }
        }
        out
    }
}

/// "row 7", "rows 7, 8", or the first 50 rows and how many more.
fn rows_text(rows: &[usize]) -> String {
    const SHOWN: usize = 50;
    let list: Vec<String> = rows.iter().take(SHOWN).map(usize::to_string).collect();
    let more = match rows.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    if rows.len() == 1 {
        format!("row {}", list[0])
    } else {
        format!("rows {}{more}", list.join(", "))
    }
}
