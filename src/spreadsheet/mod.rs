//! `ocop import` and `ocop export`: spreadsheets in and out.
//!
//! Provincial offices keep their OCOP lists in spreadsheets. `import` reads one (CSV or
//! XLSX, see `table`), finds what each column holds (`columns`), turns every row into a
//! certificate of a product record and its producer into a producer record (`record`), and
//! validates the candidates exactly as the build would: the new and changed records are put
//! in place of the site's own (in memory, with `load::parse_record`) and the whole site is
//! resolved. Every problem of a candidate record is traced back to the spreadsheet row and
//! column its value came from. Nothing is written when a row fails (unless `--skip-invalid`),
//! and an existing record is never changed silently: the differences are listed and written
//! only with `--update`. `export` writes the catalogue back in the same shape (`export`), one
//! row per certificate, so import → export → import changes nothing.

pub mod columns;
pub mod export;
pub mod record;
pub mod stage;
pub mod table;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diag::{Problem, Problems, Severity};
use crate::base::vietnamese::{fold, is_slug, match_key, slugify};
use crate::load::{self, RawFields, RawRecord, Section};
use crate::model::ProducerKind;
use crate::model::refdata;
use crate::resolve;

use columns::{Columns, Field, Kind, Mapping};
use record::{
    CERT_FIELDS, CertDoc, PRODUCER_FIELDS, PRODUCT_FIELDS, ProducerDoc, ProductDoc, Val,
    decision_key, same,
};
use table::{Cell, Table};

pub use export::{ExportReport, export};

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
    col_index: Option<usize>,
}

impl RowProblem {
    pub fn is_error(&self) -> bool {
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

    pub fn has_errors(&self) -> bool {
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
pub const SHOWN_PER_KIND: usize = 20;

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

/// A row whose cells were read.
#[derive(Debug)]
struct Parsed {
    number: usize,
    /// Non-empty values only.
    vals: HashMap<Field, Val>,
}

impl Parsed {
    fn get(&self, f: Field) -> Option<&Val> {
        self.vals.get(&f)
    }

    fn text(&self, f: Field) -> Option<String> {
        match self.vals.get(&f) {
            Some(Val::Text(s)) => Some(s.clone()),
            _ => None,
        }
    }

    fn issued(&self) -> Option<NaiveDate> {
        match self.vals.get(&Field::Issued) {
            Some(Val::Date(d)) => Some(*d),
            _ => None,
        }
    }
}

/// Reads one cell as the field's kind.
fn parse_cell(f: Field, cell: &Cell) -> Result<Val, String> {
    if let Cell::Error(e) = cell {
        return Err(format!(
            "the cell holds a formula error ({e}); type the value itself"
        ));
    }
    if cell.is_empty() {
        return Ok(Val::None);
    }
    match f.kind() {
        Kind::Text => Ok(Val::Text(cell.text())),
        Kind::List => Ok(Val::List(
            cell.text()
                .split([';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        )),
        Kind::Date => parse_date_cell(cell).map(Val::Date).ok_or_else(|| {
            format!(
                "\"{}\" is not a date: write it as dd/mm/yyyy, e.g. 20/05/2024",
                cell.text()
            )
        }),
        Kind::Integer => parse_integer_cell(f, cell).map(Val::Int),
    }
}

fn parse_date_cell(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        // A date cell whose format was not recognised: Excel's serial day number.
        Cell::Number(n) if (1.0..2_958_466.0).contains(n) && n.fract() == 0.0 => {
            NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(*n as u64))
        }
        Cell::Text(_) => {
            let text = cell.text();
            // "15/12/2023 00:00:00" from a date-time cell saved as text.
            let s = text.split_whitespace().next().unwrap_or_default();
            ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
                .filter(|d| chrono::Datelike::year(d) >= 1900)
        }
        _ => None,
    }
}

fn parse_integer_cell(f: Field, cell: &Cell) -> Result<i64, String> {
    let what = match f {
        Field::Stars => "a number of stars: write 1 to 5",
        Field::Score => "a score: write a whole number from 0 to 100",
        _ => "a price: write a whole number of đồng, e.g. 150000",
    };
    let err = || format!("\"{}\" is not {what}", cell.text());
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Ok(*n as i64),
        Cell::Text(_) => {
            let folded = fold(&cell.text());
            let mut s = folded.trim();
            for suffix in ["sao", "vnd", "dong", "d", "diem"] {
                if let Some(rest) = s.strip_suffix(suffix) {
                    s = rest.trim();
                    break;
                }
            }
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                return s.parse().map_err(|_| err());
            }
            // Thousands separators: 150.000 or 150,000 (groups of three digits).
            if f == Field::Price {
                let groups: Vec<&str> = s.split(['.', ',']).collect();
                let grouped = groups.len() > 1
                    && (1..=3).contains(&groups[0].len())
                    && groups[1..].iter().all(|g| g.len() == 3)
                    && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
                if grouped {
                    return groups.concat().parse().map_err(|_| err());
                }
            }
            // "4.0" typed into a text cell.
            if let Some(int) = s.strip_suffix(".0").or_else(|| s.strip_suffix(",0"))
                && !int.is_empty()
                && int.chars().all(|c| c.is_ascii_digit())
            {
                return int.parse().map_err(|_| err());
            }
            Err(err())
        }
        _ => Err(err()),
    }
}

/// A producer a row names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PRef {
    Existing(String),
    New(usize),
}

/// Where a product's rows go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// A product slug, existing or given in the Slug column.
    Slug(String),
    /// A new product, by name and producer.
    New(String, PRef),
}

#[derive(Debug)]
struct Group {
    target: Target,
    /// Indices into the parsed rows.
    rows: Vec<usize>,
    slug: String,
}

#[derive(Debug)]
struct NewProducer {
    slug: String,
}

/// Where each value of a candidate record came from.
#[derive(Debug, Default, Clone)]
struct Origin {
    main_row: usize,
    fields: HashMap<Field, usize>,
    /// Certificate index → row (`None`: kept from the existing record).
    certs: Vec<Option<usize>>,
    existed: bool,
}

/// A record the import would write.
#[derive(Debug, Clone)]
struct Candidate {
    section: Section,
    slug: String,
    file: PathBuf,
    text: String,
    existed: bool,
    changes: Vec<String>,
    rows: Vec<usize>,
    origin: Origin,
    /// Why the record cannot be written (its file could not be read back to keep the
    /// fields the spreadsheet does not carry).
    unwritable: Option<String>,
}

/// An existing record of the site.
struct Existing<D> {
    file: PathBuf,
    doc: D,
    body: String,
}

/// The site as it is.
struct Site {
    products: HashMap<String, Existing<ProductDoc>>,
    producers: HashMap<String, Existing<ProducerDoc>>,
    /// (name key, producer slug) → product slug.
    product_by_name: HashMap<(String, String), String>,
    /// name key → producer slug.
    producer_by_name: HashMap<String, String>,
    unreadable: HashSet<(Section, String)>,
}

impl Site {
    fn read(root: &Path) -> Site {
        let mut problems = Problems::new();
        let raw = load::load(root, &mut problems);
        let mut site = Site {
            products: HashMap::new(),
            producers: HashMap::new(),
            product_by_name: HashMap::new(),
            producer_by_name: HashMap::new(),
            unreadable: raw.unreadable.into_iter().collect(),
        };
        for r in raw.records {
            match r.fields {
                RawFields::Product(p) => {
                    let doc = ProductDoc::from_raw(&p, &r.english);
                    if let (Some(n), Some(pr)) = (&doc.name, &doc.producer) {
                        site.product_by_name
                            .entry((match_key(n), pr.clone()))
                            .or_insert_with(|| r.slug.clone());
                    }
                    site.products.insert(
                        r.slug,
                        Existing {
                            file: r.file,
                            doc,
                            body: r.body,
                        },
                    );
                }
                RawFields::Producer(p) => {
                    let doc = ProducerDoc::from_raw(&p, &r.english);
                    if let Some(n) = &doc.name {
                        site.producer_by_name
                            .entry(match_key(n))
                            .or_insert_with(|| r.slug.clone());
                    }
                    site.producers.insert(
                        r.slug,
                        Existing {
                            file: r.file,
                            doc,
                            body: r.body,
                        },
                    );
                }
                _ => {}
            }
        }
        site
    }

    /// Whether a record `slug` of `section` exists in any form (readable or not, file or
    /// folder), or is reserved for the site's own pages.
    fn taken(&self, root: &Path, section: Section, slug: &str) -> bool {
        let dir = root.join("content").join(section.dir());
        let known = match section {
            Section::Products => self.products.contains_key(slug),
            _ => self.producers.contains_key(slug),
        };
        // An address of the site's own pages ("trang" for page 2 of a listing) is never a
        // record's: the build would refuse it.
        known
            || crate::resolve::reserved_slugs(section).contains(&slug)
            || self.unreadable.contains(&(section, slug.to_string()))
            || dir.join(slug).exists()
            || dir.join(format!("{slug}.md")).exists()
    }
}

/// The longest slug an import makes or accepts for a new record (in bytes, all ASCII): a
/// record is a folder of that name with `index.en.md` in it, and file systems allow 255
/// bytes per name; 80 also keeps addresses readable.
pub const MAX_SLUG_LEN: usize = 80;

/// `slug` cut to fit `MAX_SLUG_LEN` with room for a `-NNNNN` suffix: at the last dash that
/// fits, so that words stay whole (mid-word only for one very long word).
pub fn short_slug(slug: &str) -> String {
    let room = MAX_SLUG_LEN - 6;
    if slug.len() <= room {
        return slug.to_string();
    }
    let cut = &slug[..room];
    match cut.rfind('-') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// An error for a slug given in a column that is too long for a new record.
fn too_long_slug(s: &str) -> Option<String> {
    (s.len() > MAX_SLUG_LEN).then(|| {
        format!(
            "`{s}` is {} characters long; a new record's slug has at most {MAX_SLUG_LEN}: shorten it, e.g. `{}`",
            s.len(),
            short_slug(s)
        )
    })
}

/// A fresh slug from `base`: `base`, else `base-2`, `base-3`...
fn unique_slug(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_default()
}

/// Infers a producer's kind from the start of its name ("HTX ...", "Công ty ...").
fn kind_from_name(name: &str) -> Option<ProducerKind> {
    let f = fold(name);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| f.starts_with(p));
    if starts(&["htx ", "hop tac xa "]) {
        Some(ProducerKind::Cooperative)
    } else if starts(&["tht ", "to hop tac "]) {
        Some(ProducerKind::CooperativeGroup)
    } else if starts(&["cong ty ", "doanh nghiep ", "dntn ", "cty "]) {
        Some(ProducerKind::Enterprise)
    } else if starts(&["ho kinh doanh ", "ho san xuat ", "hkd ", "co so "]) {
        Some(ProducerKind::Household)
    } else {
        None
    }
}

/// Writes a value as the record should hold it: group and producer kind by their keys.
fn canonical(f: Field, v: Val) -> Val {
    match (f, &v) {
        (Field::Group, Val::Text(t)) => match refdata::data().find_group(t) {
            Some(refdata::GroupMatch::Current(g) | refdata::GroupMatch::Legacy(g)) => {
                Val::Text(g.key().to_string())
            }
            None => v,
        },
        (Field::ProducerKind, Val::Text(t)) => match ProducerKind::parse(t) {
            Some(k) => Val::Text(k.key().to_string()),
            None => v,
        },
        _ => v,
    }
}

/// The import, step by step.
struct Importer<'a> {
    opts: &'a ImportOptions,
    columns: Columns,
    site: Site,
    rows: Vec<Parsed>,
    problems: Vec<RowProblem>,
    /// Rows with an error (of a cell, or of the record made from them).
    failed_rows: BTreeSet<usize>,
    new_producers: Vec<NewProducer>,
    /// Producer name key or explicit slug → index in `new_producers`.
    new_producer_index: HashMap<String, usize>,
    /// Each row's producer.
    row_producer: Vec<Option<PRef>>,
    groups: Vec<Group>,
    /// The slugs of `new_producers`.
    new_producer_slugs: HashSet<String>,
    /// (is error, row, column, message) of the problems so far.
    seen_problems: HashSet<(bool, Option<usize>, Option<usize>, String)>,
    /// (row, column) of the cells with an error.
    error_cells: HashSet<(Option<usize>, Option<usize>)>,
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
        site: Site::read(&opts.root),
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
    fn problem(
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

    fn error_at(&mut self, row: usize, f: Option<Field>, message: String) {
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

    fn parse_rows(&mut self, table: &Table) {
        let by_field: Vec<(Field, usize)> = {
            let mut v: Vec<(Field, usize)> = self
                .columns
                .by_field
                .iter()
                .map(|(f, c)| (*f, *c))
                .collect();
            v.sort_by_key(|(_, c)| *c);
            v
        };
        for row in &table.rows[self.columns.heading_index + 1..] {
            if row.is_blank() {
                continue;
            }
            let mut parsed = Parsed {
                number: row.number,
                vals: HashMap::new(),
            };
            for &(f, col) in &by_field {
                match parse_cell(f, row.cell(col)) {
                    Ok(v) if v.is_none() => {}
                    Ok(v) => {
                        parsed.vals.insert(f, v);
                    }
                    Err(e) => self.error_at(row.number, Some(f), e),
                }
            }
            self.rows.push(parsed);
        }
    }

    /// Decides which producer each row names: an existing one (by slug, else by name), or a
    /// new one (one per name).
    fn resolve_producers(&mut self) {
        let reserved: HashSet<String> = self
            .rows
            .iter()
            .filter_map(|r| r.text(Field::ProducerSlug))
            .collect();
        for i in 0..self.rows.len() {
            let (number, pslug, pname) = {
                let r = &self.rows[i];
                (
                    r.number,
                    r.text(Field::ProducerSlug),
                    r.text(Field::Producer),
                )
            };
            let pref = if let Some(s) = pslug {
                if !is_slug(&s) {
                    self.error_at(
                        number,
                        Some(Field::ProducerSlug),
                        format!("`{s}` is not a valid slug: use lower-case letters a-z, digits and single dashes, e.g. `{}`", slugify(&s)),
                    );
                    None
                } else if self.site.producers.contains_key(&s) {
                    Some(PRef::Existing(s))
                } else if let Some(e) = too_long_slug(&s) {
                    self.error_at(number, Some(Field::ProducerSlug), e);
                    None
                } else {
                    let p = self.new_producer(format!("slug:{s}"), s);
                    // Later rows naming the same producer without its slug join it.
                    if let (Some(name), PRef::New(n)) = (&pname, &p) {
                        self.new_producer_index
                            .entry(format!("name:{}", match_key(name)))
                            .or_insert(*n);
                    }
                    Some(p)
                }
            } else if let Some(name) = pname {
                let key = match_key(&name);
                if let Some(s) = self.site.producer_by_name.get(&key) {
                    Some(PRef::Existing(s.clone()))
                } else if let Some(&n) = self.new_producer_index.get(&format!("name:{key}")) {
                    Some(PRef::New(n))
                } else {
                    let base = short_slug(&slugify(&name));
                    if base.is_empty() {
                        self.error_at(
                            number,
                            Some(Field::Producer),
                            format!("cannot make an address from the producer name `{name}`: use letters or digits"),
                        );
                        None
                    } else {
                        let slug = unique_slug(&base, |s| {
                            self.site.taken(&self.opts.root, Section::Producers, s)
                                || reserved.contains(s)
                                || self.new_producer_slugs.contains(s)
                        });
                        Some(self.new_producer(format!("name:{key}"), slug))
                    }
                }
            } else {
                None
            };
            self.row_producer.push(pref);
        }
    }

    fn new_producer(&mut self, key: String, slug: String) -> PRef {
        if let Some(&n) = self.new_producer_index.get(&key) {
            return PRef::New(n);
        }
        let n = self.new_producers.len();
        self.new_producer_slugs.insert(slug.clone());
        self.new_producers.push(NewProducer { slug });
        self.new_producer_index.insert(key, n);
        PRef::New(n)
    }

    fn producer_slug(&self, p: &PRef) -> String {
        match p {
            PRef::Existing(s) => s.clone(),
            PRef::New(n) => self.new_producers[*n].slug.clone(),
        }
    }

    /// Groups rows into products: by slug, else by name and producer.
    fn group_rows(&mut self) {
        let mut index: HashMap<Target, usize> = HashMap::new();
        let reserved: HashSet<String> = self
            .rows
            .iter()
            .filter_map(|r| r.text(Field::Slug))
            .collect();
        for i in 0..self.rows.len() {
            let number = self.rows[i].number;
            let slug = self.rows[i].text(Field::Slug);
            let name = self.rows[i].text(Field::Name);
            let target = if let Some(s) = slug {
                if !is_slug(&s) {
                    self.error_at(
                        number,
                        Some(Field::Slug),
                        format!("`{s}` is not a valid slug: use lower-case letters a-z, digits and single dashes, e.g. `{}`", slugify(&s)),
                    );
                    continue;
                }
                if self
                    .site
                    .unreadable
                    .contains(&(Section::Products, s.clone()))
                {
                    self.error_at(
                        number,
                        Some(Field::Slug),
                        format!("the product `{s}` exists but cannot be read; fix it first (`ocop check` shows why)"),
                    );
                    continue;
                }
                if !self.site.products.contains_key(&s)
                    && let Some(e) = too_long_slug(&s)
                {
                    self.error_at(number, Some(Field::Slug), e);
                    continue;
                }
                Target::Slug(s)
            } else if let Some(name) = name {
                let Some(pref) = self.row_producer[i].clone() else {
                    if !self.failed_rows.contains(&number) {
                        let msg = if self.columns.has(Field::Producer) {
                            "the producer (chủ thể) is empty".to_string()
                        } else {
                            "no producer: the spreadsheet has no column for it (e.g. \"Chủ thể\")"
                                .to_string()
                        };
                        self.error_at(number, Some(Field::Producer), msg);
                    }
                    continue;
                };
                let key = match_key(&name);
                let existing = match &pref {
                    PRef::Existing(ps) => self.site.product_by_name.get(&(key.clone(), ps.clone())),
                    PRef::New(_) => None,
                };
                match existing {
                    Some(s) => Target::Slug(s.clone()),
                    None => Target::New(key, pref),
                }
            } else {
                self.error_at(
                    number,
                    Some(Field::Name),
                    "the product name is empty".to_string(),
                );
                continue;
            };
            match index.get(&target) {
                Some(&g) => self.groups[g].rows.push(i),
                None => {
                    index.insert(target.clone(), self.groups.len());
                    self.groups.push(Group {
                        target,
                        rows: vec![i],
                        slug: String::new(),
                    });
                }
            }
        }
        // Slugs: given ones first, then fresh ones made from the names.
        let mut assigned: HashSet<String> = reserved;
        for g in 0..self.groups.len() {
            if let Target::Slug(s) = &self.groups[g].target {
                self.groups[g].slug = s.clone();
            }
        }
        for g in 0..self.groups.len() {
            if let Target::New(..) = &self.groups[g].target {
                let first = self.groups[g].rows[0];
                let name = self.rows[first].text(Field::Name).unwrap_or_default();
                let base = short_slug(&slugify(&name));
                if base.is_empty() {
                    let number = self.rows[first].number;
                    self.error_at(
                        number,
                        Some(Field::Name),
                        format!(
                            "cannot make an address from the name `{name}`: use letters or digits"
                        ),
                    );
                    continue;
                }
                let slug = unique_slug(&base, |s| {
                    assigned.contains(s) || self.site.taken(&self.opts.root, Section::Products, s)
                });
                assigned.insert(slug.clone());
                self.groups[g].slug = slug;
            }
        }
    }

    /// The front matter of an existing record as its file holds it now.
    fn original_front_matter(&self, file: &Path) -> Result<toml::Table, String> {
        let text = std::fs::read_to_string(self.opts.root.join(file))
            .map_err(|e| format!("cannot read {} again: {e}", file.display()))?;
        record::front_matter(&text).ok_or_else(|| {
            format!(
                "cannot read the front matter of {} again; it changed while importing",
                file.display()
            )
        })
    }

    /// The row whose certificate is the newest (the last of equals), else the first.
    fn main_row(&self, g: &Group) -> usize {
        let mut best = g.rows[0];
        for &i in &g.rows {
            if self.rows[i].issued() >= self.rows[best].issued() && self.rows[i].issued().is_some()
            {
                best = i;
            }
        }
        best
    }

    /// The product record of group `g` (also when one of its rows failed: the record is still
    /// validated, so that every problem of the row is reported); `None` without a slug.
    fn product_candidate(&mut self, gi: usize) -> Option<Candidate> {
        let g = &self.groups[gi];
        if g.slug.is_empty() {
            return None;
        }
        let main = self.main_row(g);
        let rows: Vec<usize> = g.rows.clone();
        let numbers: Vec<usize> = rows.iter().map(|&i| self.rows[i].number).collect();
        let slug = g.slug.clone();
        let existing = self.site.products.get(&slug);
        let mut origin = Origin {
            main_row: self.rows[main].number,
            existed: existing.is_some(),
            ..Default::default()
        };
        let mut warnings: Vec<(usize, Field, String)> = Vec::new();
        let mut errors: Vec<(usize, Field, String)> = Vec::new();

        // Product-level fields: the main row's value, else the first other row's.
        let mut values: Vec<(Field, Val, usize)> = Vec::new();
        for f in PRODUCT_FIELDS {
            if !self.columns.has(f) {
                continue;
            }
            let order = std::iter::once(main).chain(rows.iter().copied().filter(|&i| i != main));
            let mut chosen: Option<(usize, Val)> = None;
            for i in order {
                let Some(v) = self.rows[i].get(f) else {
                    continue;
                };
                match &chosen {
                    None => chosen = Some((i, v.clone())),
                    Some((ci, cv)) if !same(f, cv, v) => warnings.push((
                        self.rows[i].number,
                        f,
                        format!(
                            "`{}` differs from row {} of the same product, whose `{}` is used",
                            v.show(),
                            self.rows[*ci].number,
                            cv.show()
                        ),
                    )),
                    _ => {}
                }
            }
            let (row, v) = chosen.unwrap_or((main, Val::None));
            values.push((f, canonical(f, v), self.rows[row].number));
        }
        // The producer.
        let pref = std::iter::once(main)
            .chain(rows.iter().copied())
            .find_map(|i| self.row_producer[i].clone().map(|p| (i, p)));
        let producer = pref
            .as_ref()
            .map(|(i, p)| (self.rows[*i].number, self.producer_slug(p)));
        // Certificates, one per row.
        let mut certs: Vec<(usize, CertDoc)> = Vec::new();
        for &i in &rows {
            let r = &self.rows[i];
            if !CERT_FIELDS.iter().any(|f| r.get(*f).is_some()) {
                continue;
            }
            let mut c = CertDoc::default();
            for f in CERT_FIELDS {
                if let Some(v) = r.get(f) {
                    c.set(f, v.clone());
                }
            }
            if let Some(d) = &c.decision {
                let key = decision_key(d);
                let earlier = certs.iter().find(|(_, e)| {
                    e.decision.as_deref().map(decision_key).as_deref() == Some(key.as_str())
                });
                if let Some((row, e)) = earlier {
                    if *e == c {
                        warnings.push((
                            r.number,
                            Field::Decision,
                            format!("repeats the certificate of row {row}; read once"),
                        ));
                    } else {
                        errors.push((
                            r.number,
                            Field::Decision,
                            format!(
                                "decision {d} is also on row {row} for the same product, with other details; keep one row per decision"
                            ),
                        ));
                    }
                    continue;
                }
            }
            certs.push((r.number, c));
        }
        for (row, f, m) in warnings {
            let col = self.columns.column(f);
            self.problem(Severity::Warning, Some(row), col, m, None);
        }
        for (row, f, m) in errors {
            self.error_at(row, Some(f), m);
        }

        let existing = self.site.products.get(&slug);
        let (doc, body, file, changes) = match existing {
            None => {
                let mut doc = ProductDoc::default();
                for (f, v, row) in values {
                    origin.fields.insert(f, row);
                    doc.set(f, v);
                }
                if let Some((row, p)) = producer {
                    doc.producer = Some(p);
                    origin.fields.insert(Field::Producer, row);
                }
                for (row, c) in certs {
                    doc.certificates.push(c);
                    origin.certs.push(Some(row));
                }
                let file = PathBuf::from(format!("content/products/{slug}/index.md"));
                (doc, String::new(), file, Vec::new())
            }
            Some(e) => {
                let mut doc = e.doc.clone();
                let mut changes = Vec::new();
                // An empty cell says nothing: it never clears a value of the record. Only
                // what changes is traced back to the rows: problems of the rest are the
                // site's own.
                for (f, v, row) in values {
                    let old = doc.get(f);
                    if !v.is_none() && !same(f, &old, &v) {
                        changes.push(format!("{} {} → {}", f.key(), old.show(), v.show()));
                        origin.fields.insert(f, row);
                        doc.set(f, v);
                    }
                }
                if let Some((row, p)) = producer
                    && doc.producer.as_deref() != Some(p.as_str())
                {
                    origin.fields.insert(Field::Producer, row);
                    changes.push(format!(
                        "producer {} → {p}",
                        doc.producer.as_deref().unwrap_or("(empty)")
                    ));
                    doc.producer = Some(p);
                }
                origin.certs = vec![None; doc.certificates.len()];
                let mut matched = vec![false; doc.certificates.len()];
                for (row, c) in certs {
                    let key = c.decision.as_deref().map(decision_key);
                    let found = doc.certificates.iter().enumerate().position(|(i, e)| {
                        !matched[i]
                            && key.is_some()
                            && e.decision.as_deref().map(decision_key) == key
                    });
                    match found {
                        Some(i) => {
                            matched[i] = true;
                            let d = doc.certificates[i].decision.clone().unwrap_or_default();
                            for f in CERT_FIELDS {
                                if !self.columns.has(f) || f == Field::Decision {
                                    continue;
                                }
                                let (old, new) = (doc.certificates[i].get(f), c.get(f));
                                if !new.is_none() && !same(f, &old, &new) {
                                    origin.certs[i] = Some(row);
                                    changes.push(format!(
                                        "certificate {d}: {} {} → {}",
                                        f.key(),
                                        old.show(),
                                        new.show()
                                    ));
                                    doc.certificates[i].set(f, new);
                                }
                            }
                        }
                        None => {
                            changes.push(format!("certificate added: {}", c.describe()));
                            doc.certificates.push(c);
                            origin.certs.push(Some(row));
                            // Added by this row: no later row matches it again.
                            matched.push(true);
                        }
                    }
                }
                (doc, e.body.clone(), e.file.clone(), changes)
            }
        };
        let mut doc = doc;
        let unwritable = match origin.existed && !changes.is_empty() {
            true => self
                .original_front_matter(&file)
                .and_then(|o| doc.keep_unmodelled(&o))
                .err(),
            false => None,
        };
        Some(Candidate {
            section: Section::Products,
            slug,
            file,
            text: doc.to_text(&body),
            existed: origin.existed,
            changes,
            rows: numbers,
            origin,
            unwritable,
        })
    }

    /// The producer records the active groups need: new ones, and existing ones whose
    /// spreadsheet values differ.
    fn producer_candidates(&self, active: &[usize]) -> Vec<Candidate> {
        // Rows of each producer, in order.
        let mut rows_of: Vec<(PRef, Vec<usize>)> = Vec::new();
        let mut index: HashMap<&PRef, usize> = HashMap::new();
        for &g in active {
            for &i in &self.groups[g].rows {
                if let Some(p) = &self.row_producer[i] {
                    match index.get(p) {
                        Some(&n) => rows_of[n].1.push(i),
                        None => {
                            index.insert(p, rows_of.len());
                            rows_of.push((p.clone(), vec![i]));
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (p, rows) in rows_of {
            let numbers: Vec<usize> = rows.iter().map(|&i| self.rows[i].number).collect();
            let mut origin = Origin {
                main_row: numbers[0],
                ..Default::default()
            };
            // The first non-empty value of each field, and its row.
            let value = |f: Field| -> Option<(Val, usize)> {
                if !self.columns.has(f) {
                    return None;
                }
                let found = rows.iter().find_map(|&i| {
                    self.rows[i]
                        .get(f)
                        .map(|v| (self.rows[i].number, v.clone()))
                });
                let (row, v) = found.unwrap_or((numbers[0], Val::None));
                Some((canonical(f, v), row))
            };
            match &p {
                PRef::New(n) => {
                    let slug = self.new_producers[*n].slug.clone();
                    let mut doc = ProducerDoc::default();
                    for f in [
                        Field::Producer,
                        Field::ProducerNameEn,
                        Field::ProducerKind,
                        Field::Province,
                        Field::Commune,
                        Field::Address,
                        Field::Representative,
                        Field::Phone,
                        Field::Email,
                        Field::ProducerAddress,
                        Field::Website,
                        Field::Zalo,
                        Field::TaxCode,
                    ] {
                        // A new producer takes the product's address only when the
                        // spreadsheet has no column of its own address.
                        if f == Field::Address && self.columns.has(Field::ProducerAddress) {
                            continue;
                        }
                        if let Some((v, row)) = value(f) {
                            origin.fields.insert(f, row);
                            doc.set(f, v);
                        }
                    }
                    if doc.kind.is_none()
                        && let Some(k) = doc.name.as_deref().and_then(kind_from_name)
                    {
                        doc.kind = Some(k.key().to_string());
                    }
                    out.push(Candidate {
                        section: Section::Producers,
                        file: PathBuf::from(format!("content/producers/{slug}/index.md")),
                        slug,
                        text: doc.to_text(""),
                        existed: false,
                        changes: Vec::new(),
                        rows: numbers,
                        origin,
                        unwritable: None,
                    });
                }
                PRef::Existing(slug) => {
                    let Some(e) = self.site.producers.get(slug) else {
                        continue;
                    };
                    let mut doc = e.doc.clone();
                    let mut changes = Vec::new();
                    for f in PRODUCER_FIELDS {
                        let Some((v, row)) = value(f) else { continue };
                        let old = doc.get(f);
                        if !v.is_none() && !same(f, &old, &v) {
                            origin.fields.insert(f, row);
                            let key = if f == Field::ProducerKind {
                                "kind"
                            } else if f == Field::ProducerNameEn {
                                "name_en"
                            } else if f == Field::Producer {
                                "name"
                            } else if f == Field::ProducerAddress {
                                "address"
                            } else {
                                f.key()
                            };
                            changes.push(format!("{key} {} → {}", old.show(), v.show()));
                            doc.set(f, v);
                        }
                    }
                    origin.existed = true;
                    let unwritable = match changes.is_empty() {
                        true => None,
                        false => self
                            .original_front_matter(&e.file)
                            .and_then(|o| doc.keep_unmodelled(&o))
                            .err(),
                    };
                    out.push(Candidate {
                        section: Section::Producers,
                        slug: slug.clone(),
                        file: e.file.clone(),
                        text: doc.to_text(&e.body),
                        existed: true,
                        changes,
                        rows: numbers,
                        origin,
                        unwritable,
                    });
                }
            }
        }
        out
    }

    /// Loads the site with the candidates in place and resolves it, as the build does.
    fn validate(&self, candidates: &[Candidate]) -> Problems {
        let mut problems = Problems::new();
        let mut raw = load::load(&self.opts.root, &mut problems);
        let mut index: HashMap<(Section, String), usize> = raw
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.section, r.slug.clone()), i))
            .collect();
        for c in candidates {
            let Some((body, fields, english)) = load::parse_record(
                &c.file,
                c.section,
                &c.slug,
                c.text.clone().into_bytes(),
                &mut problems,
            ) else {
                continue;
            };
            match index.get(&(c.section, c.slug.clone())).copied() {
                Some(i) => {
                    let r = &mut raw.records[i];
                    r.fields = fields;
                    r.body = body;
                    r.english = load::RawEnglish {
                        body: r.english.body.take(),
                        ..english
                    };
                }
                None => {
                    index.insert((c.section, c.slug.clone()), raw.records.len());
                    raw.records.push(RawRecord {
                        section: c.section,
                        slug: c.slug.clone(),
                        file: c.file.clone(),
                        bundle: c.file.parent().map(|p| self.opts.root.join(p)),
                        bundle_images: Vec::new(),
                        bundle_unsupported: Vec::new(),
                        body,
                        fields,
                        english,
                    })
                }
            }
        }
        let ropts = resolve::Options {
            today: self.opts.today,
            base_url: None,
            drafts: true,
        };
        resolve::resolve(raw, &ropts, &mut problems);
        problems
    }

    /// Where a problem of a candidate comes from: (row, field), or `None` when it is about
    /// something the spreadsheet did not provide in a record that already existed.
    fn locate(c: &Candidate, field: Option<&str>) -> Option<(usize, Option<Field>)> {
        let o = &c.origin;
        let fallback = if o.existed {
            None
        } else {
            Some((o.main_row, None))
        };
        let Some(path) = field else {
            return fallback;
        };
        let first = path.split('.').next().unwrap_or(path);
        let base = |s: &str| s.split('[').next().unwrap_or(s).to_string();
        if c.section == Section::Products && base(first) == "certificates" {
            let index = first
                .split_once('[')
                .and_then(|(_, r)| r.trim_end_matches(']').parse::<usize>().ok());
            let Some(index) = index else {
                return fallback;
            };
            let sub = path.split('.').nth(1).map(base);
            return match o.certs.get(index).copied().flatten() {
                Some(row) => Some((row, sub.and_then(|s| Field::from_key(&s)))),
                None => fallback,
            };
        }
        let last = base(path.rsplit('.').next().unwrap_or(path));
        let f = match (c.section, last.as_str()) {
            (Section::Producers, "name") => Some(Field::Producer),
            (Section::Producers, "kind") => Some(Field::ProducerKind),
            (Section::Producers, "name_en") => Some(Field::ProducerNameEn),
            (Section::Producers, "address") if o.fields.contains_key(&Field::ProducerAddress) => {
                Some(Field::ProducerAddress)
            }
            (_, k) => Field::from_key(k),
        };
        match f {
            Some(f) => match o.fields.get(&f) {
                Some(&row) => Some((row, Some(f))),
                None if o.existed => None,
                None => Some((o.main_row, Some(f))),
            },
            None => fallback,
        }
    }

    /// Turns the problems of a validation into row problems; returns the candidates (by
    /// index) that have errors, and the site's own problems.
    fn map_problems(
        &mut self,
        candidates: &[Candidate],
        problems: Problems,
    ) -> (HashSet<usize>, Vec<Problem>) {
        let by_file: HashMap<&Path, usize> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.file.as_path(), i))
            .collect();
        let mut failed = HashSet::new();
        let mut site = Vec::new();
        for p in problems.iter() {
            let Some(&ci) = by_file.get(p.file.as_path()) else {
                site.push(p.clone());
                continue;
            };
            let c = &candidates[ci];
            if p.message == "the product has no photo" {
                continue;
            }
            let Some((row, f)) = Self::locate(c, p.field.as_deref()) else {
                site.push(p.clone());
                continue;
            };
            let col = f.and_then(|f| self.columns.column(f));
            let required =
                p.message == "required field is missing" || p.message == "must not be empty";
            let message = match (required, f, col) {
                (true, Some(_), Some(_)) => "required, but the cell is empty".to_string(),
                (true, Some(f), None) => format!(
                    "`{}` is required but the spreadsheet has no column for it (e.g. \"{}\")",
                    f.key(),
                    f.heading()
                ),
                _ => p.message.clone(),
            };
            let hint = match f {
                Some(Field::Group) if p.is_error() => Some("use one of: Thực phẩm, Đồ uống, Dược liệu, Hàng thủ công mỹ nghệ, Sinh vật cảnh, Dịch vụ du lịch (or food, beverages, herbal, handicrafts, ornamentals, tourism)".to_string()),
                _ => p
                    .hint
                    .clone()
                    .filter(|h| !h.contains(" = ") && !h.contains("[[")),
            };
            if p.is_error() {
                failed.insert(ci);
                self.failed_rows.insert(row);
            }
            self.problem(p.severity, Some(row), col, message, hint);
        }
        (failed, site)
    }

    fn finish(mut self, source: String) -> ImportReport {
        let mut active: Vec<usize> = (0..self.groups.len()).collect();
        let mut products: Vec<Option<Candidate>> = Vec::new();
        for g in 0..self.groups.len() {
            let c = self.product_candidate(g);
            products.push(c);
        }
        active.retain(|&g| products[g].is_some());
        let mut site_problems;
        let mut producer_cands;
        loop {
            producer_cands = self.producer_candidates(&active);
            let mut all: Vec<Candidate> =
                active.iter().filter_map(|&g| products[g].clone()).collect();
            let n_products = all.len();
            all.extend(producer_cands.iter().cloned());
            let problems = self.validate(&all);
            let (failed, site) = self.map_problems(&all, problems);
            site_problems = site;
            // A failing producer fails every product of it.
            let failed_producers: HashSet<&str> = failed
                .iter()
                .filter(|&&i| i >= n_products)
                .map(|&i| all[i].slug.as_str())
                .collect();
            let failed_products: HashSet<&str> = failed
                .iter()
                .filter(|&&i| i < n_products)
                .map(|&i| all[i].slug.as_str())
                .collect();
            let before = active.len();
            let failed_rows = &self.failed_rows;
            let rows = &self.rows;
            let groups = &self.groups;
            let row_producer = &self.row_producer;
            let new_producers = &self.new_producers;
            active.retain(|&g| {
                let slug = groups[g].slug.as_str();
                let uses_failed = groups[g].rows.iter().any(|&i| {
                    row_producer[i].as_ref().is_some_and(|p| {
                        let s = match p {
                            PRef::Existing(s) => s.as_str(),
                            PRef::New(n) => new_producers[*n].slug.as_str(),
                        };
                        failed_producers.contains(s)
                    })
                });
                let row_failed = groups[g]
                    .rows
                    .iter()
                    .any(|&i| failed_rows.contains(&rows[i].number));
                !failed_products.contains(slug) && !uses_failed && !row_failed
            });
            if !self.opts.skip_invalid || active.len() == before {
                break;
            }
        }
        producer_cands = self.producer_candidates(&active);
        // Rows of failed products are invalid, all of them.
        let active_set: HashSet<usize> = active.iter().copied().collect();
        for g in 0..self.groups.len() {
            if !active_set.contains(&g) {
                for &i in &self.groups[g].rows {
                    self.failed_rows.insert(self.rows[i].number);
                }
            }
        }
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
        let statuses: Vec<(Status, bool)> = candidates
            .iter()
            .map(|c| {
                let status = if !c.existed {
                    Status::Created
                } else if c.changes.is_empty() {
                    Status::Unchanged
                } else {
                    Status::Changed(c.changes.clone())
                };
                let wanted = match status {
                    Status::Created => true,
                    Status::Changed(_) => self.opts.update,
                    Status::Unchanged => false,
                };
                (status, write && wanted)
            })
            .collect();
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

    /// Writes the records all or nothing (see `stage`); on failure the error is also a
    /// problem of the report.
    fn write_all(&mut self, files: &[&Candidate]) -> Result<(), String> {
        let result = Self::stage_and_commit(&self.opts.root, files);
        if let Err((row, message)) = &result {
            self.problems.push(RowProblem {
                severity: Severity::Error,
                row: *row,
                column: None,
                message: format!("{message}; nothing was written"),
                hint: None,
                col_index: None,
            });
        }
        result.map_err(|(_, m)| m)
    }

    /// Checks, stages and moves the files into place; the error names the first row of the
    /// record at fault when there is one.
    fn stage_and_commit(root: &Path, files: &[&Candidate]) -> Result<(), (Option<usize>, String)> {
        let first_row = |c: &Candidate| c.rows.first().copied();
        for c in files {
            if let Some(why) = &c.unwritable {
                return Err((first_row(c), why.clone()));
            }
            if !c.existed && root.join(&c.file).exists() {
                return Err((
                    first_row(c),
                    format!(
                        "{} appeared while importing; not overwritten",
                        c.file.display()
                    ),
                ));
            }
        }
        let mut staging = stage::Staging::new(root);
        for c in files {
            staging
                .stage(&c.file, &c.text)
                .map_err(|e| (first_row(c), e))?;
        }
        staging.commit().map_err(|e| (None, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_usual_form() {
        let t = |s: &str| parse_date_cell(&Cell::Text(s.into()));
        assert_eq!(t("15/12/2023"), Some(d(2023, 12, 15)));
        assert_eq!(t("5/3/2024"), Some(d(2024, 3, 5)));
        assert_eq!(t("2024-03-05"), Some(d(2024, 3, 5)));
        assert_eq!(t("05-03-2024"), Some(d(2024, 3, 5)));
        assert_eq!(t("15/12/2023 00:00:00"), Some(d(2023, 12, 15)));
        assert_eq!(t("31/02/2024"), None);
        assert_eq!(t("hôm qua"), None);
        assert_eq!(
            parse_date_cell(&Cell::Number(45275.0)),
            Some(d(2023, 12, 15))
        );
        assert_eq!(
            parse_date_cell(&Cell::Date(d(2023, 12, 15))),
            Some(d(2023, 12, 15))
        );
    }

    #[test]
    fn prices_with_separators_and_currency() {
        let p = |s: &str| parse_integer_cell(Field::Price, &Cell::Text(s.into()));
        assert_eq!(p("150000"), Ok(150000));
        assert_eq!(p("150.000"), Ok(150000));
        assert_eq!(p("1,250,000"), Ok(1250000));
        assert_eq!(p("150 000 đ"), Ok(150000));
        assert_eq!(p("150.000 VNĐ"), Ok(150000));
        assert!(p("12,5").is_err());
        assert!(p("liên hệ").is_err());
        assert_eq!(
            parse_integer_cell(Field::Price, &Cell::Number(150000.0)),
            Ok(150000)
        );
        assert!(parse_integer_cell(Field::Price, &Cell::Number(1.5)).is_err());
    }

    #[test]
    fn stars_as_numbers_or_text() {
        let s = |c: Cell| parse_integer_cell(Field::Stars, &c);
        assert_eq!(s(Cell::Text("4 sao".into())), Ok(4));
        assert_eq!(s(Cell::Text("4".into())), Ok(4));
        assert_eq!(s(Cell::Number(5.0)), Ok(5));
        assert_eq!(s(Cell::Text("6".into())), Ok(6));
        assert_eq!(
            s(Cell::Text("bốn".into())),
            Err("\"bốn\" is not a number of stars: write 1 to 5".into())
        );
    }

    #[test]
    fn kind_is_inferred_from_the_name() {
        assert_eq!(
            kind_from_name("HTX Chè Na Hang"),
            Some(ProducerKind::Cooperative)
        );
        assert_eq!(
            kind_from_name("Công ty TNHH Mây Ngàn"),
            Some(ProducerKind::Enterprise)
        );
        assert_eq!(
            kind_from_name("Hộ kinh doanh Nguyễn Văn A"),
            Some(ProducerKind::Household)
        );
        assert_eq!(kind_from_name("Nguyễn Văn A"), None);
    }

    #[test]
    fn slugs_are_made_unique() {
        let taken = ["mat-ong", "mat-ong-2"];
        assert_eq!(unique_slug("mat-ong", |s| taken.contains(&s)), "mat-ong-3");
        assert_eq!(unique_slug("che", |s| taken.contains(&s)), "che");
    }
}
