//! The buyer's exports: one workbook per language of the site (`du-lieu/danh-muc-ocop.xlsx`,
//! `du-lieu/danh-muc-ocop-en.xlsx`) and the Vietnamese-headed CSV twins of its sheets
//! (`du-lieu/san-pham.csv`, `chu-the.csv`, `diem-ban.csv`).
//!
//! The machine files (`products.csv`, the JSON) keep code names and codes so programs stay
//! stable; a buyer opening them in Excel meets what the issue #18 lists: a GTIN shown as
//! 8.93E+12, a tax code 0000000113 as 113, headers `price_vnd` and values `cooperative`,
//! sales points as slugs. These files are for people: headers and values are words of the
//! theme's translation files (`[buyer]`, the status, group and kind labels), sales points by
//! name, the producer's contacts on each product row. The workbook types its cells: codes
//! (GTIN, tax code, phone) as text, dates as date cells, stars, counts and prices as
//! numbers, page addresses as links; its header row is bold and frozen, with an autofilter.
//! Text is only ever written as text, so a record's `=…` cannot run as a formula.
//!
//! Both files are made from one [`Table`] per sheet, so the workbook and the CSV twin always
//! have the same columns. A workbook carries its build date as its creation date: two builds
//! of the same input give the same bytes.

use std::io;

use chrono::{Datelike, NaiveDate};

use crate::model::refdata;
use crate::model::*;
use crate::present::urls;
use crate::present::{Presenter, iso};

/// One cell of a buyer's table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A price in đồng.
    Money(u64),
    Date(NaiveDate),
    /// An absolute address, a link in the workbook.
    Link(String),
}

/// A column: the key of its heading under `[buyer]` of the translation files, and its width
/// in the workbook (in characters).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub key: &'static str,
    pub width: f64,
}

const fn col(key: &'static str, width: f64) -> Column {
    Column { key, width }
}

/// The columns of the products sheet.
pub(crate) const PRODUCT_COLUMNS: &[Column] = &[
    col("name", 40.0),
    col("stars", 8.0),
    col("status", 16.0),
    col("decision", 20.0),
    col("issued", 12.0),
    col("valid_until", 12.0),
    col("issuer", 28.0),
    col("group", 26.0),
    col("subgroup", 20.0),
    col("province", 16.0),
    col("commune", 20.0),
    col("producer", 36.0),
    col("producer_kind", 20.0),
    col("phone", 16.0),
    col("email", 28.0),
    col("producer_address", 36.0),
    col("tax_code", 14.0),
    col("price", 14.0),
    col("unit", 14.0),
    col("packaging", 24.0),
    col("net_content", 14.0),
    col("shelf_life", 14.0),
    col("storage", 24.0),
    col("certifications", 24.0),
    col("gtin", 16.0),
    col("capacity", 20.0),
    col("min_order", 18.0),
    col("sold_at", 40.0),
    col("product_url", 50.0),
    col("slug", 30.0),
];

/// The columns of the producers sheet.
pub(crate) const PRODUCER_COLUMNS: &[Column] = &[
    col("producer", 40.0),
    col("producer_kind", 20.0),
    col("province", 16.0),
    col("commune", 20.0),
    col("address", 36.0),
    col("representative", 24.0),
    col("phone", 16.0),
    col("email", 28.0),
    col("website", 28.0),
    col("zalo", 14.0),
    col("tax_code", 14.0),
    col("founded", 10.0),
    col("members", 10.0),
    col("certifications", 24.0),
    col("product_count", 10.0),
    col("best_stars", 10.0),
    col("producer_url", 50.0),
    col("slug", 30.0),
];

/// The columns of the sales points sheet.
pub(crate) const SALES_POINT_COLUMNS: &[Column] = &[
    col("sales_point", 40.0),
    col("sales_point_kind", 28.0),
    col("province", 16.0),
    col("commune", 20.0),
    col("address", 40.0),
    col("phone", 16.0),
    col("hours", 24.0),
    col("product_count", 10.0),
    col("products", 50.0),
    col("sales_point_url", 50.0),
    col("slug", 30.0),
];

/// One sheet: its name key (`buyer.sheet_KEY`), columns and rows.
pub(crate) struct Table {
    pub sheet: &'static str,
    pub columns: &'static [Column],
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The headings of the columns in the presenter's language.
    pub(crate) fn headings(&self, pr: &Presenter) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| pr.tr.get(&format!("buyer.{}", c.key)).to_string())
            .collect()
    }
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn opt(s: &Option<String>) -> Cell {
    s.as_deref().map_or(Cell::Empty, text)
}

fn list(items: &[String]) -> Cell {
    text(&items.join("; "))
}

/// A record's name in the presenter's language: its English name on English pages, when it
/// has one.
fn name_in<'a>(pr: &Presenter, common: &'a Common, name: &'a str) -> &'a str {
    match (pr.lang, &common.en.name) {
        (Lang::En, Some(en)) => en,
        _ => name,
    }
}

fn label(pr: &Presenter, key: String) -> Cell {
    text(pr.tr.get(&key))
}

fn product_row(pr: &Presenter, id: ProductId) -> Vec<Cell> {
    let site = pr.site;
    let p = site.product(id);
    let c = p.current();
    let producer = site.producer(p.producer);
    let s = &p.specs;
    let unit = match pr.lang {
        Lang::En => p.common.en.unit.as_ref().or(p.unit.as_ref()),
        Lang::Vi => p.unit.as_ref(),
    };
    let sold_at: Vec<String> = p
        .sold_at
        .iter()
        .map(|&s| {
            let sp = site.sales_point(s);
            name_in(pr, &sp.common, &sp.name).to_string()
        })
        .collect();
    vec![
        text(name_in(pr, &p.common, &p.name)),
        Cell::Number(f64::from(c.stars.get())),
        label(pr, format!("status.{}", p.status(site.today).key())),
        text(&c.decision),
        Cell::Date(c.issued),
        Cell::Date(c.valid_until),
        opt(&c.issuer),
        label(pr, format!("group.{}.name", p.group.key())),
        opt(&p.subgroup),
        text(&refdata::data().province(p.province).name),
        opt(&p.commune),
        text(name_in(pr, &producer.common, &producer.name)),
        label(pr, format!("producer_kind.{}", producer.kind.key())),
        opt(&producer.phone),
        opt(&producer.email),
        opt(&producer.address),
        opt(&producer.tax_code),
        p.price.map_or(Cell::Empty, Cell::Money),
        unit.map_or(Cell::Empty, |u| text(u)),
        opt(&s.packaging),
        opt(&s.net_content),
        opt(&s.shelf_life),
        opt(&s.storage),
        list(&s.certifications),
        s.barcode.as_ref().map_or(Cell::Empty, |g| text(g.as_str())),
        opt(&s.capacity),
        opt(&s.min_order),
        list(&sold_at),
        Cell::Link(pr.urls.absolute(&urls::product(&p.common.slug))),
        text(&p.common.slug),
    ]
}

fn producer_row(pr: &Presenter, i: usize) -> Vec<Cell> {
    let p = &pr.site.producers[i];
    let card = &pr.producer_cards[i];
    let number = |n: Option<f64>| n.map_or(Cell::Empty, Cell::Number);
    vec![
        text(name_in(pr, &p.common, &p.name)),
        label(pr, format!("producer_kind.{}", p.kind.key())),
        text(&refdata::data().province(p.province).name),
        opt(&p.commune),
        opt(&p.address),
        opt(&p.representative),
        opt(&p.phone),
        opt(&p.email),
        opt(&p.website),
        opt(&p.zalo),
        opt(&p.tax_code),
        number(p.founded.map(f64::from)),
        number(p.members.map(f64::from)),
        list(&p.certifications),
        Cell::Number(card.product_count as f64),
        number(card.best_stars.map(f64::from)),
        Cell::Link(pr.urls.absolute(&urls::producer(&p.common.slug))),
        text(&p.common.slug),
    ]
}

fn sales_point_row(pr: &Presenter, s: &SalesPoint) -> Vec<Cell> {
    let site = pr.site;
    let products: Vec<String> = pr
        .sorted(&s.products)
        .into_iter()
        .map(|id| site.product(id))
        .filter(|p| site.is_published(p))
        .map(|p| name_in(pr, &p.common, &p.name).to_string())
        .collect();
    let hours = match pr.lang {
        Lang::En => s.common.en.hours.as_ref().or(s.hours.as_ref()),
        Lang::Vi => s.hours.as_ref(),
    };
    vec![
        text(name_in(pr, &s.common, &s.name)),
        label(pr, format!("sales_point_kind.{}", s.kind.key())),
        text(&refdata::data().province(s.province).name),
        opt(&s.commune),
        text(&s.address),
        opt(&s.phone),
        hours.map_or(Cell::Empty, |h| text(h)),
        Cell::Number(products.len() as f64),
        list(&products),
        Cell::Link(pr.urls.absolute(&urls::sales_point(&s.common.slug))),
        text(&s.common.slug),
    ]
}

/// The three sheets of the buyer's files: published products in catalogue order, producers
/// and sales points in the order given.
pub(crate) fn tables(pr: &Presenter, products: &[ProductId], producers: &[usize]) -> [Table; 3] {
    let mut points: Vec<&SalesPoint> = pr.site.sales_points.iter().collect();
    points.sort_by_cached_key(|s| crate::base::vietnamese::fold(&s.name));
    [
        Table {
            sheet: "products",
            columns: PRODUCT_COLUMNS,
            rows: products.iter().map(|&id| product_row(pr, id)).collect(),
        },
        Table {
            sheet: "producers",
            columns: PRODUCER_COLUMNS,
            rows: producers.iter().map(|&i| producer_row(pr, i)).collect(),
        },
        Table {
            sheet: "sales_points",
            columns: SALES_POINT_COLUMNS,
            rows: points.iter().map(|s| sales_point_row(pr, s)).collect(),
        },
    ]
}

/// A table as CSV for people: the headings in the presenter's language, dates `YYYY-MM-DD`
/// (what every spreadsheet reads as a date whatever its locale), the byte order mark, CRLF,
/// and text a spreadsheet would run as a formula neutralised (`csv_cell`).
pub(crate) fn write_csv(w: &mut dyn io::Write, pr: &Presenter, table: &Table) -> io::Result<()> {
    let headings = table.headings(pr);
    let rows = table.rows.iter().map(|row| {
        row.iter()
            .map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Text(t) | Cell::Link(t) => t.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Money(n) => n.to_string(),
                Cell::Date(d) => iso(*d),
            })
            .collect()
    });
    let header: Vec<&str> = headings.iter().map(String::as_str).collect();
    crate::base::csv_cell::write_csv(w, &header, rows)
}

/// Excel keeps at most this many links in a sheet; later addresses are written as text.
const MAX_LINKS: usize = 65_530;

/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;

/// Text cut to what a cell holds (on a character boundary).
fn fit(t: &str) -> &str {
    if t.len() <= MAX_TEXT {
        return t;
    }
    let mut end = MAX_TEXT;
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    &t[..end]
}

fn xlsx_date(d: NaiveDate) -> Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The formats of a workbook's cells.
struct Formats {
    header: rust_xlsxwriter::Format,
    date: rust_xlsxwriter::Format,
    money: rust_xlsxwriter::Format,
    link: rust_xlsxwriter::Format,
}

impl Formats {
    fn of(lang: Lang) -> Formats {
        use rust_xlsxwriter::{Format, FormatBorder};
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(0xE8F0E8)
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new().set_num_format(match lang {
                Lang::Vi => "dd/mm/yyyy",
                Lang::En => "dd mmm yyyy",
            }),
            money: Format::new().set_num_format("#,##0"),
            link: Format::new()
                .set_font_color(0x0563C1)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

/// One sheet of the workbook: bold, frozen header row with an autofilter, typed cells.
fn write_sheet(
    sheet: &mut rust_xlsxwriter::Worksheet,
    pr: &Presenter,
    table: &Table,
    f: &Formats,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    sheet.set_name(pr.tr.get(&format!("buyer.sheet_{}", table.sheet)))?;
    for (c, (heading, column)) in table.headings(pr).iter().zip(table.columns).enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, fit(heading), &f.header)?;
        sheet.set_column_width(c, column.width)?;
    }
    let mut links = 0;
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    sheet.write_string(r, c, fit(t))?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Money(n) => {
                    sheet.write_number_with_format(r, c, *n as f64, &f.money)?;
                }
                Cell::Date(d) => {
                    sheet.write_datetime_with_format(r, c, xlsx_date(*d)?, &f.date)?;
                }
                Cell::Link(url) if links < MAX_LINKS && url.len() < 2_000 => {
                    links += 1;
                    let link = rust_xlsxwriter::Url::new(url.as_str());
                    sheet.write_url_with_format(r, c, link, &f.link)?;
                }
                Cell::Link(url) => {
                    sheet.write_string(r, c, fit(url))?;
                }
            }
        }
    }
    let last_col = table.columns.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    // The header row, and the name column beside each row when scrolling right.
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The workbook of the presenter's language: one sheet per table, its title and creation
/// date (the build date) set so that two builds give the same bytes.
pub(crate) fn workbook(pr: &Presenter, tables: &[Table]) -> Result<Vec<u8>, io::Error> {
    use rust_xlsxwriter::{DocProperties, Workbook};
    let made = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = Workbook::new();
        let site = pr.site;
        let site_title = match (pr.lang, &site.config.title_en) {
            (Lang::En, Some(en)) => en,
            _ => &site.config.title,
        };
        let title = pr.tr.fill("buyer.title", &[("site", site_title)]);
        let props = DocProperties::new()
            .set_title(&title)
            .set_comment(site.config.base_url.as_str())
            .set_creation_datetime(&xlsx_date(site.today)?);
        book.set_properties(&props);
        let formats = Formats::of(pr.lang);
        for table in tables {
            let sheet = book.add_worksheet_with_constant_memory()?;
            write_sheet(sheet, pr, table, &formats)?;
        }
        book.save_to_buffer()
    };
    made().map_err(|e| io::Error::other(format!("cannot make the workbook: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_on_a_character_boundary() {
        let long = "ậ".repeat(20_000);
        let cut = fit(&long);
        assert!(cut.len() <= MAX_TEXT);
        assert!(cut.chars().all(|c| c == 'ậ'));
        assert_eq!(fit("ngắn"), "ngắn");
    }
}
