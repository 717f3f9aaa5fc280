//! A producer's page: its view with its products, and its `Organization` JSON-LD.

use super::{Built, PageView};
use crate::model::ProducerId;
use crate::present::ld::{self, script_json};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::{self, path};

pub(super) fn producer(plan: &Plan, id: ProducerId) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let p = pr.site.producer(id);
    let view = pr.producer(id);
    let page_path = urls::producer(&p.common.slug);
    let ld = ld::organization(pr, p, &view.card);
    let crumbs = plan.record_crumbs(
        &[
            (tr.get("nav.producers"), path::PRODUCERS),
            (&view.card.name, &page_path),
        ],
        &view.card.name_lang,
    );
    let desc = tr.fill(
        "producer.description",
        &[
            ("kind", &view.card.kind_label),
            ("province", &view.card.province),
            ("n", &view.card.product_count),
        ],
    );
    let meta = plan.meta(MetaSpec {
        kind: "producer",
        section: "producers",
        heading: &view.card.name,
        description: &desc,
        path: &page_path,
        breadcrumb: crumbs,
        og_type: "profile",
        og_image: view.card.image.as_ref(),
        json_ld: Some(script_json(&ld)),
        origin: p.common.origin.as_deref(),
    });
    Built::at(
        pr,
        "producer.html",
        &page_path,
        meta,
        PageView::Producer(view),
    )
}
