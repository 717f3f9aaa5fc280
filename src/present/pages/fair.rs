//! The fairs: the page of upcoming and past fairs (with the calendar of them all), and each
//! fair's page with its `Event` JSON-LD.

use super::{Built, PageView};
use crate::model::{FairId, FairTime};
use crate::present::ld::{self, script_json};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::{self, path};
use crate::present::view::*;

/// Upcoming fairs first to last, then past fairs last to first.
pub(super) fn fairs(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let site = pr.site;
    let tr = pr.tr;
    let mut upcoming = Vec::new();
    let mut past = Vec::new();
    let mut ids: Vec<usize> = (0..site.fairs.len()).collect();
    ids.sort_by_key(|&i| site.fairs[i].starts);
    for i in ids {
        match site.fairs[i].time(site.today) {
            FairTime::Past => past.push(pr.fair_cards[i].clone()),
            _ => upcoming.push(pr.fair_cards[i].clone()),
        }
    }
    past.reverse();
    let view = FairsView {
        upcoming,
        past,
        calendar: pr.urls.asset(crate::present::urls::out::FAIRS_ICS),
    };
    let meta = plan.meta(MetaSpec {
        kind: "fairs",
        section: "fairs",
        heading: tr.get("fairs.heading"),
        description: tr.get("fairs.description"),
        path: path::FAIRS,
        breadcrumb: plan.crumbs(&[(tr.get("nav.fairs"), path::FAIRS)]),
        ..MetaSpec::default()
    });
    Built::at(pr, "fairs.html", path::FAIRS, meta, PageView::Fairs(view))
}

pub(super) fn fair(plan: &Plan, id: FairId) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let f = pr.site.fair(id);
    let view = pr.fair(id);
    let page_path = urls::fair(&f.common.slug);
    let ld = ld::event(pr, f, &view);
    let crumbs = plan.record_crumbs(
        &[
            (tr.get("nav.fairs"), path::FAIRS),
            (&view.card.name, &page_path),
        ],
        &view.card.name_lang,
    );
    let desc = tr.fill(
        "fair.description",
        &[
            ("dates", &view.card.dates),
            ("venue", &view.card.venue),
            ("producers", &view.producers.len()),
            ("products", &view.products.len()),
        ],
    );
    let meta = plan.meta(MetaSpec {
        kind: "fair",
        section: "fairs",
        heading: &view.card.name,
        description: &desc,
        path: &page_path,
        breadcrumb: crumbs,
        og_image: view.card.image.as_ref(),
        json_ld: Some(script_json(&ld)),
        origin: f.common.origin.as_deref(),
        ..MetaSpec::default()
    });
    Built::at(pr, "fair.html", &page_path, meta, PageView::Fair(view))
}
