//! A product's page: its view with up to four related products, breadcrumbs through its
//! group, and its `Product` JSON-LD.

use super::{Built, PageView};
use crate::model::ProductId;
use crate::present::group_short;
use crate::present::ld::{self, script_json};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::{self, path};

pub(super) fn product(plan: &Plan, id: ProductId) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let p = pr.site.product(id);
    let view = pr.product(id, plan.related(id));
    let page_path = urls::product(&p.common.slug);
    let ld = ld::product(pr, p, &view);
    let crumbs = plan.record_crumbs(
        &[
            (tr.get("nav.products"), path::PRODUCTS),
            (&group_short(tr, p.group), &urls::group(p.group)),
            (&view.name, &page_path),
        ],
        &view.name_lang,
    );
    let meta = plan.meta(MetaSpec {
        kind: "product",
        section: "products",
        heading: &view.name,
        description: &view.summary,
        path: &page_path,
        breadcrumb: crumbs,
        og_type: "product",
        og_image: view.cover.as_ref(),
        json_ld: Some(script_json(&ld)),
        origin: p.common.origin.as_deref(),
    });
    Built::at(
        pr,
        "product.html",
        &page_path,
        meta,
        PageView::Product(Box::new(view)),
    )
}
