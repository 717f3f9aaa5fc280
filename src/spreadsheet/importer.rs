//! The import, step by step: the options it was given, the state its steps share, and the
//! order they run in. Each step lives in a file of its own (`cells`, `matching`, `slug`,
//! `product`, `producer`, `validate`, `write`); this one reads the spreadsheet, tells every
//! problem by row and column, and puts the report together.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::base::diag::Severity;

use super::columns::{self, Columns, Mapping, SheetField};
use super::report::{ImportReport, Outcome, RowProblem};
use super::rows::{Candidate, Group, NewProducer, PRef, Parsed};
use super::site::ExistingSite;
use super::table;

/// What `ocop import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The spreadsheet.
    pub file: PathBuf,
    /// A mapping file of other headings (`"Tên SP" = "name"`).
    pub map: Option<PathBuf>,
    /// The worksheet of a workbook (default: the first).
    pub sheet: Option<String>,
    /// The date certificates are checked against.
    pub today: NaiveDate,
    /// Write changes to existing records.
    pub update: bool,
    /// Write the good rows even when some fail.
    pub skip_invalid: bool,
    /// Validate and report, write nothing.
    pub dry_run: bool,
}

impl ImportOptions {
    pub fn new(root: impl Into<PathBuf>, file: impl Into<PathBuf>, today: NaiveDate) -> Self {
        ImportOptions {
            root: root.into(),
            file: file.into(),
            map: None,
            sheet: None,
            today,
            update: false,
            skip_invalid: false,
            dry_run: false,
        }
    }
}

/// The import, step by step.
pub(super) struct Importer<'a> {
    pub(super) opts: &'a ImportOptions,
    pub(super) columns: Columns,
    pub(super) site: ExistingSite,
    pub(super) rows: Vec<Parsed>,
    pub(super) problems: Vec<RowProblem>,
    /// Rows with an error (of a cell, or of the record made from them).
    pub(super) failed_rows: BTreeSet<usize>,
    pub(super) new_producers: Vec<NewProducer>,
    /// Producer name key or explicit slug → index in `new_producers`.
    pub(super) new_producer_index: HashMap<String, usize>,
    /// Each row's producer.
    pub(super) row_producer: Vec<Option<PRef>>,
    pub(super) groups: Vec<Group>,
    /// The slugs of `new_producers`.
    pub(super) new_producer_slugs: HashSet<String>,
    /// (is error, row, column, message) of the problems so far.
    pub(super) seen_problems: HashSet<(bool, Option<usize>, Option<usize>, String)>,
    /// (row, column) of the cells with an error.
    pub(super) error_cells: HashSet<(Option<usize>, Option<usize>)>,
}

/// Runs `ocop import`.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, String> {
    if !opts.root.join("site.toml").is_file() {
        return Err(format!(
            "{} is not a site folder (it has no site.toml); pass --root with the folder of your site",
            opts.root.display()
        ));
    }
    let mapping = match &opts.map {
        Some(p) => Mapping::load(p)?,
        None => Mapping::default(),
    };
    let source = opts.file.display().to_string();
    let table =
        table::read(&opts.file, opts.sheet.as_deref()).map_err(|e| format!("{source}: {e}"))?;
    let columns = columns::find(&table, &mapping).map_err(|e| format!("{source}: {e}"))?;
    let mut imp = Importer {
        opts,
        columns,
        site: ExistingSite::read(&opts.root),
        rows: Vec::new(),
        problems: Vec::new(),
        failed_rows: BTreeSet::new(),
        new_producers: Vec::new(),
        new_producer_index: HashMap::new(),
        row_producer: Vec::new(),
        groups: Vec::new(),
        new_producer_slugs: HashSet::new(),
        seen_problems: HashSet::new(),
        error_cells: HashSet::new(),
    };
    imp.column_warnings();
    imp.parse_rows(&table);
    imp.resolve_producers();
    imp.group_rows();
    Ok(imp.finish(source))
}

impl Importer<'_> {
    pub(super) fn problem(
        &mut self,
        severity: Severity,
        row: Option<usize>,
        col: Option<usize>,
        message: String,
        hint: Option<String>,
    ) {
        let p = RowProblem {
            severity,
            row,
            column: col.map(|c| self.columns.heading(c).to_string()),
            message,
            hint,
            col_index: col,
        };
        // One error per cell, and each message once per place: looked up, not searched, so
        // that a sheet of many bad rows stays linear.
        let cell_taken =
            p.is_error() && p.col_index.is_some() && !self.error_cells.insert((p.row, p.col_index));
        let dup = cell_taken
            || !self
                .seen_problems
                .insert((p.is_error(), p.row, p.col_index, p.message.clone()));
        if !dup {
            self.problems.push(p);
        }
    }

    pub(super) fn error_at(&mut self, row: usize, f: Option<SheetField>, message: String) {
        let col = f.and_then(|f| self.columns.column(f));
        self.problem(Severity::Error, Some(row), col, message, None);
        self.failed_rows.insert(row);
    }

    fn column_warnings(&mut self) {
        let c = &self.columns;
        let mut warnings = Vec::new();
        if !c.unknown.is_empty() {
            let list: Vec<String> = c.unknown.iter().map(|h| format!("\"{h}\"")).collect();
            warnings.push((
                format!("columns not recognised, ignored: {}", list.join(", ")),
                Some(format!(
                    "to import them, pass a mapping file with --map columns.toml holding lines such as {} = \"summary\" (the fields are listed in docs/import.md); map a column to \"ignore\" to silence this",
                    list[0]
                )),
            ));
        }
        for (h, first) in &c.duplicates {
            warnings.push((
                format!(
                    "column \"{h}\" means the same as column \"{first}\"; only \"{first}\" is read"
                ),
                None,
            ));
        }
        for (m, h) in warnings {
            self.problem(Severity::Warning, None, None, m, h);
        }
    }

    /// Makes the records, validates them, writes them (unless a row failed or nothing is to
    /// be written) and reports.
    fn finish(mut self, source: String) -> ImportReport {
        let mut products: Vec<Option<Candidate>> = Vec::new();
        for g in 0..self.groups.len() {
            let c = self.product_candidate(g);
            products.push(c);
        }
        let (active, site_problems) = self.passing_groups(&products);
        let producer_cands = self.producer_candidates(&active);
        self.invalidate_dropped_groups(&active);
        self.problems.sort_by_key(|p| {
            (
                p.row.is_some(),
                p.row,
                p.col_index.map_or(usize::MAX, |c| c),
                p.severity,
            )
        });
        let has_errors = self.problems.iter().any(RowProblem::is_error);
        let write = !self.opts.dry_run && (!has_errors || self.opts.skip_invalid);
        let candidates: Vec<Candidate> = active
            .iter()
            .filter_map(|&g| products[g].clone())
            .chain(producer_cands)
            .collect();
        let statuses = self.statuses(&candidates, write);
        let to_write: Vec<&Candidate> = candidates
            .iter()
            .zip(&statuses)
            .filter(|(_, (_, w))| *w)
            .map(|(c, _)| c)
            .collect();
        let write_failed = match to_write.is_empty() {
            true => None,
            false => self.write_all(&to_write).err(),
        };
        let records = candidates
            .into_iter()
            .zip(statuses)
            .map(|(c, (status, w))| Outcome {
                section: c.section,
                file: c.file,
                rows: c.rows,
                status,
                written: w && write_failed.is_none(),
            })
            .collect();
        ImportReport {
            source,
            problems: self.problems,
            site_problems,
            records,
            invalid_rows: self.failed_rows.into_iter().collect(),
            update: self.opts.update,
            skip_invalid: self.opts.skip_invalid,
            dry_run: self.opts.dry_run,
            write_failed,
        }
    }
}
