//! `ocop export`: the catalogue as a spreadsheet in the shape `ocop import` reads best.
//!
//! One row per certificate: a product with a star history has one row per decision, its
//! product and producer columns repeated on each, in the order of the record. Groups and
//! producer kinds are written by their Vietnamese names, dates as dd/mm/yyyy (real date cells
//! in XLSX), and the `Slug` and `Slug chủ thể` columns keep each row tied to its record, so
//! importing the file again changes nothing. CSV is UTF-8 with a byte order mark (Excel
//! opens Vietnamese correctly), comma-separated, CRLF line ends, and every text cell goes
//! through `csv_cell::neutralise`, so a record's text cannot run as a formula in the reader's
//! spreadsheet.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::base::diag::Problems;
use crate::load::{self, RawFields};
use crate::model::ProducerKind;
use crate::model::refdata::{self, GroupMatch};

use super::columns::SheetField;
use super::record::{CertDoc, ProducerDoc, ProductDoc, Val};
use super::table::{Format, format_of};

/// What an export wrote.
#[derive(Debug)]
pub struct ExportReport {
    pub products: usize,
    pub rows: usize,
    /// Problems met reading the site.
    pub problems: Problems,
    /// Whether the spreadsheet was written: not when a record could not be read, since the
    /// export would silently lack it (and an import of it would not bring it back).
    pub written: bool,
}

/// The value of one exported cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Out {
    Empty,
    Text(String),
    Int(i64),
    Date(NaiveDate),
}

/// The heading row and the rows of the catalogue, products by slug.
pub(crate) fn rows(root: &Path) -> Result<(Vec<Vec<Out>>, usize, Problems), String> {
    if !root.join("site.toml").is_file() {
        return Err(format!(
            "{} is not a site folder (it has no site.toml); pass --root with the folder of your site",
            root.display()
        ));
    }
    let mut problems = Problems::new();
    let raw = load::load(root, &mut problems);
    let mut products: Vec<(String, ProductDoc)> = Vec::new();
    let mut producers: HashMap<String, ProducerDoc> = HashMap::new();
    for r in raw.records {
        match r.fields {
            RawFields::Product(p) => {
                products.push((r.slug, ProductDoc::from_raw(&p, &r.english)));
            }
            RawFields::Producer(p) => {
                producers.insert(r.slug, ProducerDoc::from_raw(&p, &r.english));
            }
            _ => {}
        }
    }
    products.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = vec![
        SheetField::ALL
            .iter()
            .map(|f| Out::Text(f.heading().to_string()))
            .collect(),
    ];
    for (slug, p) in &products {
        let producer = p.producer.as_ref().and_then(|s| producers.get(s));
        let certs = if p.certificates.is_empty() {
            vec![CertDoc::default()]
        } else {
            p.certificates.clone()
        };
        for c in &certs {
            out.push(
                SheetField::ALL
                    .iter()
                    .map(|&f| cell(f, slug, p, producer, c))
                    .collect(),
            );
        }
    }
    Ok((out, products.len(), problems))
}

fn cell(
    f: SheetField,
    slug: &str,
    p: &ProductDoc,
    producer: Option<&ProducerDoc>,
    c: &CertDoc,
) -> Out {
    let v = match f {
        SheetField::Slug => Val::Text(slug.to_string()),
        SheetField::ProducerSlug => p.producer.clone().map(Val::Text).unwrap_or(Val::None),
        SheetField::Producer
        | SheetField::ProducerNameEn
        | SheetField::ProducerKind
        | SheetField::Representative
        | SheetField::Phone
        | SheetField::Email
        | SheetField::ProducerAddress
        | SheetField::Website
        | SheetField::Zalo
        | SheetField::TaxCode => producer.map(|d| d.get(f)).unwrap_or(Val::None),
        SheetField::Stars
        | SheetField::Decision
        | SheetField::Issued
        | SheetField::Issuer
        | SheetField::Score
        | SheetField::ValidUntil
        | SheetField::Revoked => c.get(f),
        _ => p.get(f),
    };
    match v {
        Val::None => Out::Empty,
        Val::Text(t) => Out::Text(display(f, t)),
        Val::Int(n) => Out::Int(n),
        Val::Date(d) => Out::Date(d),
        Val::List(l) if l.is_empty() => Out::Empty,
        Val::List(l) => Out::Text(l.join("; ")),
    }
}

/// Groups and producer kinds by their Vietnamese names; everything else as written.
fn display(f: SheetField, t: String) -> String {
    match f {
        SheetField::Group => match refdata::data().find_group(&t) {
            Some(GroupMatch::Current(g) | GroupMatch::Legacy(g)) => g.name_vi().to_string(),
            None => t,
        },
        SheetField::ProducerKind => ProducerKind::parse(&t)
            .map(|k| k.label().to_string())
            .unwrap_or(t),
        _ => t,
    }
}

/// The rows as CSV: UTF-8 with BOM, commas, CRLF, quoted where needed.
pub(crate) fn to_csv(rows: &[Vec<Out>]) -> Vec<u8> {
    let mut out = "\u{feff}".to_string();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let s = match c {
                    Out::Empty => String::new(),
                    // Text a spreadsheet would run as a formula gets an apostrophe; import
                    // takes it off again (`table::parse_csv`).
                    Out::Text(t) => crate::base::csv_cell::neutralise(t).into_owned(),
                    Out::Int(n) => n.to_string(),
                    Out::Date(d) => d.format("%d/%m/%Y").to_string(),
                };
                if s.contains([',', '"', '\n', '\r']) || s.trim() != s {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The rows as an XLSX workbook with one sheet, "Sản phẩm OCOP".
pub(crate) fn to_xlsx(rows: &[Vec<Out>]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| format!("cannot write the workbook: {e}");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Sản phẩm OCOP").map_err(err)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Out::Empty => {}
                Out::Text(t) if r == 0 => {
                    sheet
                        .write_string_with_format(r, c, t, &bold)
                        .map_err(err)?;
                }
                Out::Text(t) => {
                    sheet.write_string(r, c, t).map_err(err)?;
                }
                Out::Int(n) => {
                    sheet.write_number(r, c, *n as f64).map_err(err)?;
                }
                Out::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(err)?;
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date)
                        .map_err(err)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    sheet.autofit();
    book.save_to_buffer().map_err(err)
}

/// Writes the catalogue to `output` (CSV or XLSX by its extension); `None` or `-` writes
/// CSV to standard output.
pub fn export(root: &Path, output: Option<&Path>) -> Result<ExportReport, String> {
    let (rows, products, problems) = rows(root)?;
    let n = rows.len() - 1;
    if problems.has_errors() {
        return Ok(ExportReport {
            products,
            rows: n,
            problems,
            written: false,
        });
    }
    match output.filter(|p| p.as_os_str() != "-") {
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&to_csv(&rows))
                .map_err(|e| format!("cannot write to standard output: {e}"))?;
        }
        Some(path) => {
            let bytes = match format_of(path, &[]) {
                Format::Csv => to_csv(&rows),
                Format::Workbook => {
                    let ext = path
                        .extension()
                        .map(|e| e.to_string_lossy().to_ascii_lowercase())
                        .unwrap_or_default();
                    if ext != "xlsx" {
                        return Err(format!(
                            "{}: export writes .csv or .xlsx files",
                            path.display()
                        ));
                    }
                    to_xlsx(&rows)?
                }
            };
            // Whole or not at all: an earlier export at that path stays until the new one is
            // complete.
            crate::base::fsutil::write_atomic(path, bytes).map_err(|e| e.to_string())?;
        }
    }
    Ok(ExportReport {
        products,
        rows: n,
        problems,
        written: true,
    })
}
