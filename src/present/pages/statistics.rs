//! The statistics page (`/thong-ke/`): a few headline figures, then every figure of
//! `present::statistics` as a chart and its table, the CSV of them all, and the yearly
//! plans.

use super::data::file;
use super::{Built, PageView};
use crate::model::figures::Figures;
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::statistics::{figures, number};
use crate::present::urls::{self, out, path};
use crate::present::view::*;

pub(super) fn statistics(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let f = Figures::of(pr.site);
    let view = StatisticsView {
        lead: tr.fill(
            "stats.lead",
            &[("date", &crate::present::date(pr.site.today))],
        ),
        headline: headline(pr, &f),
        figures: figures(pr, &f),
        csv: file(pr, "statistics_csv", &out::statistics_csv(pr.lang), "CSV"),
        plans: plan_links(plan),
        plans_url: pr.urls.url(path::PLANS),
    };
    let heading = tr.get("stats.heading");
    let meta = plan.meta(MetaSpec {
        kind: "statistics",
        section: "statistics",
        heading,
        description: tr.get("stats.description"),
        path: path::STATISTICS,
        breadcrumb: plan.crumbs(&[(heading, path::STATISTICS)]),
        ..MetaSpec::default()
    });
    Built::at(
        pr,
        "statistics.html",
        path::STATISTICS,
        meta,
        PageView::Statistics(Box::new(view)),
    )
}

/// The figures in large type, on the statistics page and the home page.
pub(super) fn headline(pr: &crate::present::Presenter, f: &Figures) -> Vec<Headline> {
    let tr = pr.tr;
    let item = |n: u32, key: &str, page: &str| Headline {
        value: number(pr, n),
        label: tr.fill(&format!("stats.headline_{key}"), &[("n", &n)]),
        url: pr.urls.url(page),
    };
    let mut v = vec![
        item(f.certified, "products", path::PRODUCTS),
        item(f.by_stars[2], "five_stars", &urls::stars(5)),
        item(f.producers, "producers", path::PRODUCERS),
        item(f.sales_points, "sales_points", path::SALES_POINTS),
    ];
    if f.fairs > 0 {
        v.push(item(f.fairs, "fairs", path::FAIRS));
    }
    v
}

/// Links to the yearly plans, newest first.
pub(super) fn plan_links(plan: &Plan) -> Vec<Link> {
    let pr = &plan.pr;
    plan.plans_by_year()
        .into_iter()
        .map(|id| {
            let p = pr.site.plan(id);
            let (name, lang) = pr.text(&p.title, p.common.en.name.as_ref());
            Link {
                name,
                url: pr.urls.url(&urls::year_plan(&p.common.slug)),
                lang,
            }
        })
        .collect()
}
