//! Pages of the theme's own text: the open data page (the files of the catalogue's exports,
//! with their format and what each holds) and what OCOP star ratings mean.

use super::{Built, PageView};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::path;
use crate::present::view::*;

pub(super) fn data(plan: &Plan) -> Built {
    use crate::present::urls::out;
    let pr = &plan.pr;
    let tr = pr.tr;
    let file = |key: &str, p: &str, format: &str| DataFile {
        name: tr.get(&format!("data.{key}")).into(),
        url: pr.urls.asset(p),
        format: format.into(),
        description: tr.get(&format!("data.{key}_about")).into(),
    };
    let view = DataView {
        files: vec![
            file("products_csv", out::PRODUCTS_CSV, "CSV"),
            file("producers_csv", out::PRODUCERS_CSV, "CSV"),
            file("products_json", out::PRODUCTS_JSON, "JSON"),
            file("producers_json", out::PRODUCERS_JSON, "JSON"),
            file("sales_points_json", out::SALES_POINTS_JSON, "JSON"),
            file("fairs_json", out::FAIRS_JSON, "JSON"),
            file("fairs_ics", out::FAIRS_ICS, "iCalendar"),
            file("new_products_feed", out::NEW_PRODUCTS_FEED, "Atom"),
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
