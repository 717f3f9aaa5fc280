//! The search page: its metadata here, and what its script needs (`search` in the
//! template: the index's address, the browse facets and the script's strings), which is
//! known only once the search index is written.

use std::collections::BTreeMap;

use serde_json::json;

use super::{Built, PageView};
use crate::model::ProducerKind;
use crate::model::refdata::Group;
use crate::present::ld::script_json;
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::site::fingerprint;
use crate::present::urls::path;
use crate::present::view::*;
use crate::theme::Theme;

pub(super) fn search(plan: &Plan) -> Built {
    let tr = plan.pr.tr;
    let meta = plan.meta(MetaSpec {
        kind: "search",
        section: "search",
        heading: tr.get("search.heading"),
        description: tr.get("search.description"),
        path: path::SEARCH,
        breadcrumb: plan.crumbs(&[(tr.get("nav.search"), path::SEARCH)]),
        ..MetaSpec::default()
    });
    Built::at(
        &plan.pr,
        "search.html",
        path::SEARCH,
        meta,
        PageView::Nothing,
    )
}

/// What the search page of a language gets, beside its page metadata.
pub(crate) fn search_view(plan: &Plan, theme: &Theme, manifest_url: &str) -> SearchView {
    let pr = &plan.pr;
    let tr = pr.tr;
    let mut strings: serde_json::Map<String, serde_json::Value> = tr
        .section("search_js.")
        .into_iter()
        .map(|(k, v)| (k, json!(v)))
        .collect();
    strings.insert("lang".into(), json!(pr.lang.code()));
    strings.insert(
        "groups".into(),
        json!(
            Group::ALL
                .iter()
                .map(|&g| (g.slug(), crate::present::group_short(tr, g)))
                .collect::<BTreeMap<_, _>>()
        ),
    );
    strings.insert(
        "kinds".into(),
        json!(
            ProducerKind::ALL
                .iter()
                .map(|&k| (k.slug(), crate::present::producer_kind(tr, k)))
                .collect::<BTreeMap<_, _>>()
        ),
    );
    SearchView {
        index_url: manifest_url.to_string(),
        script_url: match theme.static_files.get("search.js") {
            Some(b) => format!("{}?v={}", pr.urls.asset("search.js"), fingerprint(b)),
            None => pr.urls.asset("search.js"),
        },
        browse: plan
            .facets
            .iter()
            .map(|(name, items)| Facet {
                name: name.clone(),
                items: items.iter().map(|(_, l)| l.clone()).collect(),
            })
            .collect(),
        catalogue_url: pr.urls.url(path::PRODUCTS),
        producers_url: pr.urls.url(path::PRODUCERS),
        pages_url: pr.urls.url(""),
        strings_json: script_json(&serde_json::Value::Object(strings)),
    }
}
