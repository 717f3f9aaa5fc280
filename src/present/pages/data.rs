//! Pages of the theme's own text: the open data page (the files of the catalogue's exports,
//! with their format and what each holds) and what OCOP star ratings mean.

use super::{Built, PageView};
use crate::present::Presenter;
use crate::present::format::file_size;
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::path;
use crate::present::view::*;

/// A file of the data page: its name and description are `data.KEY` and `data.KEY_about`
/// of the translation files; its size comes from the outputs, once they are made.
pub(super) fn file(pr: &Presenter, key: &str, rel: &str, format: &str) -> DataFile {
    let tr = pr.tr;
    let size = pr
        .download_sizes
        .get()
        .and_then(|sizes| sizes.get(rel))
        .map(|&n| file_size(n, pr.lang))
        .unwrap_or_default();
    DataFile {
        name: tr.get(&format!("data.{key}")).into(),
        url: pr.urls.asset(rel),
        format: format.into(),
        description: tr.get(&format!("data.{key}_about")).into(),
        size,
    }
}

/// The format of the buyer's workbook, as the pages name it.
pub(super) const WORKBOOK: &str = "Excel (.xlsx)";

pub(super) fn data(plan: &Plan) -> Built {
    use crate::present::urls::out;
    let pr = &plan.pr;
    let tr = pr.tr;
    let view = DataView {
        buyer: vec![
            file(pr, "workbook", &out::workbook(pr.lang), WORKBOOK),
            file(pr, "products_csv_vi", out::PRODUCTS_CSV_VI, "CSV"),
            file(pr, "producers_csv_vi", out::PRODUCERS_CSV_VI, "CSV"),
            file(pr, "sales_points_csv_vi", out::SALES_POINTS_CSV_VI, "CSV"),
        ],
        files: vec![
            file(pr, "products_csv", out::PRODUCTS_CSV, "CSV"),
            file(pr, "producers_csv", out::PRODUCERS_CSV, "CSV"),
            file(pr, "products_json", out::PRODUCTS_JSON, "JSON"),
            file(pr, "producers_json", out::PRODUCERS_JSON, "JSON"),
            file(pr, "sales_points_json", out::SALES_POINTS_JSON, "JSON"),
            file(pr, "fairs_json", out::FAIRS_JSON, "JSON"),
            file(pr, "fairs_ics", out::FAIRS_ICS, "iCalendar"),
            file(pr, "new_products_feed", out::NEW_PRODUCTS_FEED, "Atom"),
            file(pr, "statistics_csv", &out::statistics_csv(pr.lang), "CSV"),
        ],
    };
    let heading = tr.get("data.heading");
    let meta = plan.meta(MetaSpec {
        kind: "data",
        section: "data",
        heading,
        description: tr.get("data.description"),
        path: path::DATA,
        breadcrumb: plan.crumbs(&[(heading, path::DATA)]),
        ..MetaSpec::default()
    });
    Built::at(pr, "data.html", path::DATA, meta, PageView::Data(view))
}

/// What OCOP star ratings mean (`ratings.html`, the theme's `ratings.*` text), which every
/// star of the site links to: a certification by a provincial or national council, not a
/// customer rating, valid 36 months. A site's own free page at the same address replaces it
/// (`Plan::pages` then leaves this one out).
pub(super) fn ratings(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let heading = tr.get("ratings.heading");
    let meta = plan.meta(MetaSpec {
        kind: "ratings",
        section: "ratings",
        heading,
        description: tr.get("ratings.description"),
        path: path::RATINGS,
        breadcrumb: plan.crumbs(&[(heading, path::RATINGS)]),
        ..MetaSpec::default()
    });
    Built::at(pr, "ratings.html", path::RATINGS, meta, PageView::Nothing)
}
