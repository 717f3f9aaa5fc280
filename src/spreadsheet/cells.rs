//! Reading the cells of each row as the values of their fields.
//!
//! Cells are typed by people: dates as dd/mm/yyyy, as ISO dates, as Excel serial numbers or
//! with a time after them; prices with thousands separators and a currency ("150.000 đ");
//! stars as "4 sao". Each is read into the field's kind, and a cell that cannot be read is an
//! error of its row and column.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::base::vietnamese::fold;

use super::columns::{Kind, SheetField};
use super::importer::Importer;
use super::record::Val;
use super::rows::Parsed;
use super::table::{Cell, Table};

/// Reads one cell as the field's kind.
fn parse_cell(f: SheetField, cell: &Cell) -> Result<Val, String> {
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

pub(super) fn parse_date_cell(cell: &Cell) -> Option<NaiveDate> {
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

pub(super) fn parse_integer_cell(f: SheetField, cell: &Cell) -> Result<i64, String> {
    let what = match f {
        SheetField::Stars => "a number of stars: write 1 to 5",
        SheetField::Score => "a score: write a whole number from 0 to 100",
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
            if f == SheetField::Price {
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

impl Importer<'_> {
    /// Reads every row that is not blank; a cell that cannot be read is an error of its row.
    pub(super) fn parse_rows(&mut self, table: &Table) {
        let by_field: Vec<(SheetField, usize)> = {
            let mut v: Vec<(SheetField, usize)> = self
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
}
