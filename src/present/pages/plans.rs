//! The yearly plans: the index of plans (`/ke-hoach/`) and one page per plan
//! (`/ke-hoach/2026/`), each target with its number from the catalogue, whether it is met,
//! and the records counted, linked.
//!
//! What counts toward a target is `model::year_plan`'s rule; this file only words it.

use super::{Built, PageView};
use crate::model::year_plan::{Counted, PlanTime, Progress, Target, TargetKind};
use crate::model::*;
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::{self, path};
use crate::present::view::*;
use crate::present::{Presenter, group_short, producer_kind, sales_point_kind};

pub(super) fn plans(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let cards = plan
        .plans_by_year()
        .into_iter()
        .map(|id| {
            let p = pr.site.plan(id);
            let progress = p.progress(pr.site);
            let met = met_count(&progress);
            let (title, title_lang) = pr.text(&p.title, p.common.en.name.as_ref());
            let time = p.time(pr.site.today);
            PlanCard {
                title,
                title_lang,
                url: pr.urls.url(&urls::year_plan(&p.common.slug)),
                year: p.year,
                time: time_key(time).into(),
                time_label: time_label(pr, p, time),
                met,
                targets: progress.len(),
                met_label: tr.fill("plans.met_of", &[("met", &met), ("n", &progress.len())]),
            }
        })
        .collect();
    let heading = tr.get("plans.heading");
    let meta = plan.meta(MetaSpec {
        kind: "plans",
        section: "statistics",
        heading,
        description: tr.get("plans.description"),
        path: path::PLANS,
        breadcrumb: plan.crumbs(&[
            (tr.get("stats.heading"), path::STATISTICS),
            (heading, path::PLANS),
        ]),
        ..MetaSpec::default()
    });
    let view = PlansView { plans: cards };
    Built::at(pr, "plans.html", path::PLANS, meta, PageView::Plans(view))
}

pub(super) fn year_plan(plan: &Plan, id: PlanId) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let site = pr.site;
    let p = site.plan(id);
    let progress = p.progress(site);
    let met = met_count(&progress);
    let time = p.time(site.today);
    let (heading, title_lang) = pr.text(&p.title, p.common.en.name.as_ref());
    let (summary, summary_lang) = match &p.summary {
        Some(s) => pr.text(s, p.common.en.summary.as_ref()),
        None => (String::new(), String::new()),
    };
    let (body, body_lang) = match (&p.common.en.body_html, pr.lang) {
        (Some(en), Lang::En) => (en.clone(), String::new()),
        _ => (p.common.body_html.clone(), pr.text("", None).1),
    };
    let view = PlanView {
        title: heading.clone(),
        title_lang,
        year: p.year,
        decision: p.decision.clone().unwrap_or_default(),
        issued: p.issued.map(crate::present::date).unwrap_or_default(),
        issuer: p.issuer.clone().unwrap_or_default(),
        source_lang: pr.source_lang(),
        summary,
        summary_lang,
        body,
        body_lang,
        time: time_key(time).into(),
        time_label: time_label(pr, p, time),
        met,
        met_label: tr.fill("plans.met_of", &[("met", &met), ("n", &progress.len())]),
        targets: targets(pr, p, &progress),
        csv: super::data::file(
            pr,
            "plan_csv",
            &urls::out::plan_csv(&p.common.slug, pr.lang),
            "CSV",
        ),
        plans_url: pr.urls.url(path::PLANS),
    };
    let page_path = urls::year_plan(&p.common.slug);
    let plans_heading = tr.get("plans.heading");
    let meta = plan.meta(MetaSpec {
        kind: "plan",
        section: "statistics",
        heading: &heading,
        description: &view.summary,
        path: &page_path,
        // Three levels, so the trail fits one line of a phone.
        breadcrumb: plan.crumbs(&[(plans_heading, path::PLANS), (&heading, &page_path)]),
        ..MetaSpec::default()
    });
    Built::at(
        pr,
        "plan.html",
        &page_path,
        meta,
        PageView::Plan(Box::new(view)),
    )
}

fn met_count(progress: &[Progress]) -> usize {
    progress
        .iter()
        .filter(|g| g.state == crate::model::year_plan::TargetState::Met)
        .count()
}

fn time_key(t: PlanTime) -> &'static str {
    match t {
        PlanTime::Upcoming => "upcoming",
        PlanTime::Running => "running",
        PlanTime::Finished => "finished",
    }
}

fn time_label(pr: &Presenter, p: &YearPlan, t: PlanTime) -> String {
    let date = crate::present::date(pr.site.today);
    pr.tr.fill(
        &format!("plans.time_{}", time_key(t)),
        &[("date", &date), ("year", &p.year)],
    )
}

/// Records listed under a target on the plan's page; the rest are in the plan's CSV. A
/// province's targets count tens of records; a national catalogue's count thousands, which
/// made a page of 480 KB with 4,700 links at 20,000 products.
pub(crate) const RECORDS_SHOWN: usize = 50;

/// The targets of plan `p` with their progress, as the plan's page shows them (at most
/// [`RECORDS_SHOWN`] records each).
pub(crate) fn targets(pr: &Presenter, p: &YearPlan, progress: &[Progress]) -> Vec<TargetView> {
    p.targets
        .iter()
        .zip(progress)
        .enumerate()
        .map(|(i, (t, g))| {
            let mut v = target(pr, p, i, t, g);
            v.more = v.records.len().saturating_sub(RECORDS_SHOWN);
            v.records.truncate(RECORDS_SHOWN);
            v
        })
        .collect()
}

/// The rows of a plan's CSV: one per record counted, with its target's columns (a target
/// that counted none has one row without a record), so a spreadsheet can filter and count
/// by target whatever the number of records.
pub(crate) fn csv_rows(pr: &Presenter, p: &YearPlan) -> Vec<Vec<String>> {
    let progress = p.progress(pr.site);
    let mut rows = Vec::new();
    for (i, (t, g)) in p.targets.iter().zip(&progress).enumerate() {
        let t = target(pr, p, i, t, g);
        let head = [
            t.label,
            t.rule,
            t.target.to_string(),
            t.actual.to_string(),
            t.state_label,
        ];
        if t.records.is_empty() {
            let mut row = head.to_vec();
            row.extend([String::new(), String::new()]);
            rows.push(row);
        }
        for r in t.records {
            let mut row = head.to_vec();
            let url = if r.url.is_empty() {
                String::new()
            } else {
                pr.urls.absolute_of_url(&r.url)
            };
            row.extend([r.name, url]);
            rows.push(row);
        }
    }
    rows
}

fn target(pr: &Presenter, p: &YearPlan, i: usize, t: &Target, g: &Progress) -> TargetView {
    let tr = pr.tr;
    let (label, label_lang) = match &t.label {
        Some(l) => pr.text(l, t.label_en.as_ref()),
        None => (title(pr, &t.kind), String::new()),
    };
    TargetView {
        id: format!("muc-tieu-{}", i + 1),
        label,
        label_lang,
        rule: rule(pr, p, &t.kind),
        target: t.count,
        actual: g.actual,
        state: g.state.key().into(),
        state_label: tr.get(&format!("plans.state_{}", g.state.key())).into(),
        percent: (u64::from(g.actual) * 100 / u64::from(t.count.max(1))).min(100) as u32,
        records: records(pr, &g.counted),
        more: 0,
    }
}

/// A target's title made from its kind, for targets the plan gives no words for.
fn title(pr: &Presenter, k: &TargetKind) -> String {
    let tr = pr.tr;
    match k {
        TargetKind::Upgrade { from, to } => tr.fill(
            "plans.title_upgrade",
            &[("from", &from.get()), ("to", &to.get())],
        ),
        TargetKind::NewProducts {
            min_stars,
            group,
            commune,
        } => {
            let mut s = tr.fill("plans.title_new_products", &[("n", &min_stars.get())]);
            if let Some(g) = group {
                s.push_str(&tr.fill("plans.rule_group", &[("group", &group_short(tr, *g))]));
            }
            if let Some(c) = commune {
                s.push_str(&tr.fill("plans.rule_commune", &[("commune", c)]));
            }
            s
        }
        TargetKind::KeyProducts { min_stars, .. } => {
            tr.fill("plans.title_key_products", &[("n", &min_stars.get())])
        }
        _ => tr
            .get(&format!("plans.title_{}", k.key().replace('-', "_")))
            .into(),
    }
}

/// What a target counts, in a sentence.
fn rule(pr: &Presenter, p: &YearPlan, k: &TargetKind) -> String {
    let tr = pr.tr;
    let year = p.year;
    let key = format!("plans.rule_{}", k.key().replace('-', "_"));
    let list = |v: Vec<String>| v.join(", ");
    match k {
        TargetKind::Upgrade { from, to } => tr.fill(
            &key,
            &[("year", &year), ("from", &from.get()), ("to", &to.get())],
        ),
        TargetKind::NewProducts {
            min_stars,
            group,
            commune,
        } => {
            let mut s = tr.fill(&key, &[("year", &year), ("n", &min_stars.get())]);
            if let Some(g) = group {
                s.push_str(&tr.fill("plans.rule_group", &[("group", &group_short(tr, *g))]));
            }
            if let Some(c) = commune {
                s.push_str(&tr.fill("plans.rule_commune", &[("commune", c)]));
            }
            s.push('.');
            s
        }
        TargetKind::NewProducers { kinds } => {
            let kinds = if kinds.is_empty() {
                tr.get("plans.rule_any_kind").to_string()
            } else {
                list(kinds.iter().map(|x| producer_kind(tr, *x)).collect())
            };
            tr.fill(&key, &[("year", &year), ("kinds", &kinds)])
        }
        TargetKind::SalesPoints { kinds } => {
            let kinds = list(kinds.iter().map(|x| sales_point_kind(tr, *x)).collect());
            tr.fill(
                "plans.rule_sales_points",
                &[("year", &year), ("kinds", &kinds)],
            )
        }
        TargetKind::Fairs => tr.fill(&key, &[("year", &year)]),
        TargetKind::KeyProducts { min_stars, .. } => {
            tr.fill(&key, &[("year", &year), ("n", &min_stars.get())])
        }
    }
}

/// The records counted, by name, linked to their pages (a product without a published
/// page is named without a link).
fn records(pr: &Presenter, c: &Counted) -> Vec<Link> {
    let site = pr.site;
    let link = |name: &str, en: Option<&String>, page: Option<String>| {
        let (name, lang) = pr.text(name, en);
        Link {
            name,
            url: page.map(|p| pr.urls.url(&p)).unwrap_or_default(),
            lang,
        }
    };
    let mut v: Vec<Link> = match c {
        Counted::Products(ids) => ids
            .iter()
            .map(|&id| {
                let p = site.product(id);
                let page = site.is_published(p).then(|| urls::product(&p.common.slug));
                link(&p.name, p.common.en.name.as_ref(), page)
            })
            .collect(),
        Counted::Producers(ids) => ids
            .iter()
            .map(|&id| {
                let p = site.producer(id);
                link(
                    &p.name,
                    p.common.en.name.as_ref(),
                    Some(urls::producer(&p.common.slug)),
                )
            })
            .collect(),
        Counted::SalesPoints(ids) => ids
            .iter()
            .map(|&id| {
                let s = site.sales_point(id);
                link(
                    &s.name,
                    s.common.en.name.as_ref(),
                    Some(urls::sales_point(&s.common.slug)),
                )
            })
            .collect(),
        Counted::Fairs(ids) => ids
            .iter()
            .map(|&id| {
                let f = site.fair(id);
                link(
                    &f.name,
                    f.common.en.name.as_ref(),
                    Some(urls::fair(&f.common.slug)),
                )
            })
            .collect(),
    };
    v.sort_by_cached_key(|l| crate::base::vietnamese::fold(&l.name));
    v
}
