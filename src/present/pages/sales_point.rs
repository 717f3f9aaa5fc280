//! The sales points: the page listing them all by province, and each one's page with its
//! `Store` JSON-LD.

use std::collections::BTreeMap;

use super::{Built, PageView};
use crate::model::SalesPointId;
use crate::present::ld::{self, script_json};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::sales_point_kind;
use crate::present::urls::{self, path};
use crate::present::view::*;

/// Every sales point, by province, each province's in alphabetical order.
pub(super) fn sales_points(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let site = pr.site;
    let tr = pr.tr;
    let mut groups: BTreeMap<String, SalesPointGroup> = BTreeMap::new();
    let mut ids: Vec<usize> = (0..site.sales_points.len()).collect();
    ids.sort_by_cached_key(|&i| crate::base::vietnamese::fold(&site.sales_points[i].name));
    for i in ids {
        let card = &pr.sales_point_cards[i];
        groups
            .entry(crate::base::vietnamese::fold(&card.province))
            .or_insert_with(|| SalesPointGroup {
                name: card.province.clone(),
                points: Vec::new(),
            })
            .points
            .push(card.clone());
    }
    let view = SalesPointsView {
        total: site.sales_points.len(),
        groups: groups.into_values().collect(),
    };
    let meta = plan.meta(MetaSpec {
        kind: "sales-points",
        section: "sales-points",
        heading: tr.get("sales_points.heading"),
        description: tr.get("sales_points.description"),
        path: path::SALES_POINTS,
        breadcrumb: plan.crumbs(&[(tr.get("nav.sales_points"), path::SALES_POINTS)]),
        ..MetaSpec::default()
    });
    let view = PageView::SalesPoints(view);
    Built::at(pr, "sales_points.html", path::SALES_POINTS, meta, view)
}

pub(super) fn sales_point(plan: &Plan, id: SalesPointId) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let s = pr.site.sales_point(id);
    let view = pr.sales_point(id);
    let page_path = urls::sales_point(&s.common.slug);
    let ld = ld::store(pr, s, &view.card);
    let crumbs = plan.record_crumbs(
        &[
            (tr.get("nav.sales_points"), path::SALES_POINTS),
            (&view.card.name, &page_path),
        ],
        &view.card.name_lang,
    );
    let desc = tr.fill(
        "sales_point.description",
        &[
            ("kind", &sales_point_kind(tr, s.kind)),
            ("address", &s.address),
            ("n", &view.card.product_count),
        ],
    );
    let meta = plan.meta(MetaSpec {
        kind: "sales-point",
        section: "sales-points",
        heading: &view.card.name,
        description: &desc,
        path: &page_path,
        breadcrumb: crumbs,
        og_image: view.photos.first(),
        json_ld: Some(script_json(&ld)),
        origin: s.common.origin.as_deref(),
        ..MetaSpec::default()
    });
    let view = PageView::SalesPoint(view);
    Built::at(pr, "sales_point.html", &page_path, meta, view)
}
