//! Unit tests of the import's steps: reading cells, inferring a producer's kind, making
//! slugs unique. The import as a whole is tested on real sites in tests/import.rs.

use chrono::NaiveDate;

use crate::model::ProducerKind;

use super::cells::{parse_date_cell, parse_integer_cell};
use super::columns::SheetField;
use super::producer::kind_from_name;
use super::slug::unique_slug;
use super::table::Cell;

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
    let p = |s: &str| parse_integer_cell(SheetField::Price, &Cell::Text(s.into()));
    assert_eq!(p("150000"), Ok(150000));
    assert_eq!(p("150.000"), Ok(150000));
    assert_eq!(p("1,250,000"), Ok(1250000));
    assert_eq!(p("150 000 đ"), Ok(150000));
    assert_eq!(p("150.000 VNĐ"), Ok(150000));
    assert!(p("12,5").is_err());
    assert!(p("liên hệ").is_err());
    assert_eq!(
        parse_integer_cell(SheetField::Price, &Cell::Number(150000.0)),
        Ok(150000)
    );
    assert!(parse_integer_cell(SheetField::Price, &Cell::Number(1.5)).is_err());
}

#[test]
fn stars_as_numbers_or_text() {
    let s = |c: Cell| parse_integer_cell(SheetField::Stars, &c);
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
