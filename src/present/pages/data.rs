//! The open data page: the files of the catalogue's exports, with their format and what
//! each holds.

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
