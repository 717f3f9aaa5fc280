//! Reading a spreadsheet into numbered rows of cells.
//!
//! CSV files come from every version of Excel and LibreOffice with every delimiter; the
//! delimiter is sniffed from the heading line among `,` `;` tab and `|`. Only UTF-8 (with or
//! without a byte order mark) is accepted: Vietnamese in a legacy code page cannot be guessed
//! reliably, so such a file gets an error saying how to save it. Workbooks (XLSX, also XLS,
//! XLSB and ODS) are read with `calamine`, keeping numbers and dates as typed cells. Rows are
//! numbered as the spreadsheet program shows them (the first row is 1), blank rows included.

use std::path::Path;

use calamine::{Data, Reader};

/// The largest file an import reads (50 MB): a provincial list is a few hundred kilobytes.
pub(crate) const MAX_FILE_BYTES: u64 = 50_000_000;
/// The most rows a sheet may have (counting from row 1).
pub(crate) const MAX_ROWS: usize = 200_000;
/// The most columns a sheet may have data in (A to GR).
pub(crate) const MAX_COLUMNS: usize = 200;
/// The most filled cells a sheet may have.
pub(crate) const MAX_CELLS: usize = 4_000_000;
use chrono::NaiveDate;

use crate::base::vietnamese::nfc;

/// One cell, as typed as the file allows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A formula error such as `#N/A`.
    Error(String),
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, trimmed and in NFC. Whole numbers have no decimal part, so that a
    /// phone number or a barcode typed as a number reads back as its digits.
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => nfc(s.trim()),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A number as a person would type it: `150000`, `4`, `2.5`.
pub(crate) fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One row of the sheet, numbered as the spreadsheet program shows it.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub(crate) fn cell(&self, i: usize) -> &Cell {
        self.cells.get(i).unwrap_or(&Cell::Empty)
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// The rows of the sheet, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
}

/// The kinds of file `read` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Workbook,
}

/// The format of `path`, from its extension, else from its first bytes.
pub(crate) fn format_of(path: &Path, bytes: &[u8]) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Format::Csv,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Format::Workbook,
        _ if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
            Format::Workbook
        }
        _ => Format::Csv,
    }
}

/// Reads a CSV or workbook file. `sheet` picks a worksheet by name (default: the first).
pub(crate) fn read(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    let bytes = read_bounded(path)?;
    match format_of(path, &bytes) {
        Format::Csv => parse_csv(&bytes),
        Format::Workbook => read_workbook(bytes, sheet),
    }
}

/// The bytes of the file, refused beyond `MAX_FILE_BYTES` before they are read.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| format!("cannot read the file: {e}");
    // Never a named pipe or a device: opened without waiting, refused unless a regular file.
    let file = crate::base::fsutil::open_regular(path).map_err(|e| cannot(e.source))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {} MB, the most an import reads: split the list into several files",
            MAX_FILE_BYTES / 1_000_000
        ));
    }
    Ok(bytes)
}

/// Decodes and parses CSV text: UTF-8 with or without BOM, sniffed delimiter.
pub(crate) fn parse_csv(bytes: &[u8]) -> Result<Table, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("the file is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; in Excel choose File → Save As → \"CSV UTF-8 (Comma delimited) (*.csv)\"".into());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = &bytes[..e.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "the file is not UTF-8 text (first bad byte on line {line}); it was probably saved in a legacy encoding such as Windows-1258, TCVN3 or VNI. In Excel choose File → Save As → \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice tick \"Edit filter settings\" and choose Unicode (UTF-8)"
        )
    })?;
    let delimiter = sniff_delimiter(text);
    Ok(Table {
        rows: split_csv(text, delimiter)?
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                number: i + 1,
                cells: cells
                    .into_iter()
                    .map(|s| {
                        if s.trim().is_empty() {
                            Cell::Empty
                        } else {
                            // The apostrophe `ocop export` puts before a formula-like cell.
                            Cell::Text(crate::base::csv_cell::restore(&s).to_string())
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The delimiter of the first non-blank line: the most frequent of `,` `;` tab `|` outside
/// quotes (`,` when there is none).
pub(crate) fn sniff_delimiter(text: &str) -> char {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let candidates = [',', ';', '\t', '|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = candidates.iter().position(|&d| d == c) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..candidates.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// RFC 4180 fields: quotes around a field, `""` inside quotes, line breaks inside quotes.
/// Every line break outside quotes ends a row, so blank lines stay rows (as in Excel). Rows
/// and columns are held to the limits of a sheet (`MAX_ROWS`, `MAX_COLUMNS`): empty fields
/// beyond the last column are dropped, a filled one is an error.
fn split_csv(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            c if c == delimiter => {
                push_field(&mut row, std::mem::take(&mut field), rows.len())?;
                at_start = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push_field(&mut row, std::mem::take(&mut field), rows.len())?;
                push_row(&mut rows, std::mem::take(&mut row))?;
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() || !at_start {
        push_field(&mut row, field, rows.len())?;
        push_row(&mut rows, row)?;
    }
    Ok(rows)
}

/// Adds a field to the row `index` (from 0), within `MAX_COLUMNS`.
fn push_field(row: &mut Vec<String>, field: String, index: usize) -> Result<(), String> {
    if row.len() < MAX_COLUMNS {
        row.push(field);
        Ok(())
    } else if field.trim().is_empty() {
        Ok(())
    } else {
        Err(format!(
            "row {} has data in column {} ({}); an import reads at most {MAX_COLUMNS} columns: delete the columns beyond the table",
            index + 1,
            row.len() + 1,
            column_name(row.len()),
        ))
    }
}

/// Adds a row, within `MAX_ROWS` (blank rows beyond it are dropped).
fn push_row(rows: &mut Vec<Vec<String>>, row: Vec<String>) -> Result<(), String> {
    if rows.len() < MAX_ROWS {
        rows.push(row);
        Ok(())
    } else if row.iter().all(|f| f.trim().is_empty()) {
        Ok(())
    } else {
        Err(format!(
            "the file has data in row {}; an import reads at most {MAX_ROWS} rows: split the list into several files",
            rows.len() + 1
        ))
    }
}

/// Finds the sheet to read: `sheet` by name (exactly, else without case or accents), or the
/// first.
fn sheet_name(names: &[String], sheet: Option<&str>) -> Result<String, String> {
    let Some(name) = sheet else {
        return names
            .first()
            .cloned()
            .ok_or("the workbook has no sheet".into());
    };
    names
        .iter()
        .find(|n| n.as_str() == name)
        .or_else(|| {
            names.iter().find(|n| {
                crate::base::vietnamese::match_key(n) == crate::base::vietnamese::match_key(name)
            })
        })
        .cloned()
        .ok_or_else(|| {
            format!(
                "the workbook has no sheet `{name}`; its sheets are: {}",
                names.join(", ")
            )
        })
}

/// The rows of a sheet as its cells arrive, within the limits of the import.
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<Cell>>,
    cells: usize,
}

impl Grid {
    /// Puts a cell at (row, column), both from 0. Empty cells (formatted but blank, as Excel
    /// writes them far beyond the table) are not kept and count for nothing.
    fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), String> {
        if cell.is_empty() {
            return Ok(());
        }
        let (r, c) = (row as usize, col as usize);
        if r >= MAX_ROWS {
            return Err(format!(
                "the sheet has data in row {}; an import reads at most {MAX_ROWS} rows: split the list into several files",
                r + 1
            ));
        }
        if c >= MAX_COLUMNS {
            return Err(format!(
                "the sheet has data in column {} (row {}); an import reads at most {MAX_COLUMNS} columns: delete the columns beyond the table",
                column_name(c),
                r + 1
            ));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(format!(
                "the sheet has more than {MAX_CELLS} filled cells; an import reads at most that many: split the list into several files"
            ));
        }
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            cells.resize(c + 1, Cell::Empty);
        }
        cells[c] = cell;
        Ok(())
    }

    fn into_table(self) -> Table {
        Table {
            rows: self
                .rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    number: i + 1,
                    cells,
                })
                .collect(),
        }
    }
}

/// A column as the spreadsheet program names it: 0 → `A`, 26 → `AA`, 16383 → `XFD`.
pub(crate) fn column_name(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads a workbook. XLSX and XLSB sheets are read cell by cell as they are stored, so that
/// neither the sheet's declared size nor one far-away cell makes the reader allocate the
/// whole rectangle; XLS (at most 65,536 × 256 cells by its format) and ODS go through
/// calamine's ranges, checked against the same limits.
fn read_workbook(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Table, String> {
    // The reader is third-party code fed with the user's bytes; a bug in it (an arithmetic
    // overflow on a damaged cell reference, found by fuzzing) must not end the command.
    let read = std::panic::AssertUnwindSafe(|| read_workbook_cells(bytes, sheet));
    std::panic::catch_unwind(read).unwrap_or_else(|_| {
        Err("the workbook is damaged and cannot be read; open it in Excel or LibreOffice and save it again as .xlsx".into())
    })
}

fn read_workbook_cells(bytes: Vec<u8>, sheet: Option<&str>) -> Result<Table, String> {
    use calamine::Sheets;
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("cannot read the workbook: {e}"))?;
    let name = sheet_name(&book.sheet_names(), sheet)?;
    let cannot = |e: &dyn std::fmt::Display| format!("cannot read sheet `{name}`: {e}");
    let mut grid = Grid::default();
    match &mut book {
        Sheets::Xlsx(x) => {
            let mut cells = x.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            while let Some(c) = cells.next_cell().map_err(|e| cannot(&e))? {
                let (r, col) = c.get_position();
                grid.put(r, col, cell_of_ref(c.get_value()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut cells = x.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            while let Some(c) = cells.next_cell().map_err(|e| cannot(&e))? {
                let (r, col) = c.get_position();
                grid.put(r, col, cell_of_ref(c.get_value()))?;
            }
        }
        _ => {
            let range = book.worksheet_range(&name).map_err(|e| cannot(&e))?;
            for (r, col, d) in range.used_cells() {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                grid.put(r0 + r as u32, c0 + col as u32, cell_of(d))?;
            }
        }
    }
    Ok(grid.into_table())
}

fn cell_of_ref(d: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match d {
        DataRef::SharedString(s) if s.trim().is_empty() => Cell::Empty,
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        other => cell_of(&Data::from(other.clone())),
    }
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn delimiter_is_sniffed_from_the_heading_line() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n"), ';');
        assert_eq!(sniff_delimiter("a,b,c\n"), ',');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), '\t');
        assert_eq!(sniff_delimiter("a|b\n"), '|');
        assert_eq!(sniff_delimiter("\"x;y\",b,c\n"), ',');
        assert_eq!(sniff_delimiter("name\n"), ',');
    }

    #[test]
    fn quotes_line_breaks_and_blank_rows() {
        let t = parse_csv("\u{feff}a;b\r\n\"x;\"\"y\"\"\";\"two\nlines\"\r\n\r\nc;d".as_bytes())
            .unwrap();
        assert_eq!(
            texts(&t),
            vec![
                vec!["a", "b"],
                vec!["x;\"y\"", "two\nlines"],
                vec![""],
                vec!["c", "d"]
            ]
        );
        assert_eq!(t.rows[3].number, 4);
        assert!(t.rows[2].is_blank());
    }

    #[test]
    fn non_utf8_and_utf16_are_refused_with_advice() {
        let e = parse_csv(b"T\xean s\xe1n ph\xe2m\n").unwrap_err();
        assert!(e.contains("not UTF-8") && e.contains("CSV UTF-8"), "{e}");
        let e = parse_csv(b"\xff\xfeT\x00").unwrap_err();
        assert!(e.contains("UTF-16"), "{e}");
    }

    #[test]
    fn whole_numbers_read_as_digits() {
        assert_eq!(Cell::Number(8930000100012.0).text(), "8930000100012");
        assert_eq!(Cell::Number(4.0).text(), "4");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}
