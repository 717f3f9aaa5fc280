//! Free pages (`pages/*.md`: about, contact, ...) and the 404 page, which show text rather
//! than records.

use super::{Built, PageView};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls;

/// Free page `i` of the site, in the section of its own slug.
pub(super) fn free(plan: &Plan, i: usize) -> Built {
    let pr = &plan.pr;
    let p = &pr.site.pages[i];
    let page_path = urls::page(&p.common.slug);
    let view = pr.free_page(i);
    let crumbs = plan.record_crumbs(&[(&view.title, &page_path)], &view.title_lang);
    let summary = pr
        .text(
            p.summary.as_deref().unwrap_or(""),
            p.common.en.summary.as_ref(),
        )
        .0;
    let meta = plan.meta(MetaSpec {
        kind: "page",
        section: &p.common.slug,
        heading: &view.title,
        description: &summary,
        path: &page_path,
        breadcrumb: crumbs,
        ..MetaSpec::default()
    });
    Built::at(pr, "page.html", &page_path, meta, PageView::Free(view))
}

/// The 404 page: `404.html` at the root of the language, not a folder.
pub(super) fn not_found(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let meta = plan.meta(MetaSpec {
        kind: "not-found",
        heading: pr.tr.get("not_found.heading"),
        path: "404.html",
        breadcrumb: plan.crumbs(&[]),
        ..MetaSpec::default()
    });
    Built {
        template: "404.html",
        file: pr.urls.file("404.html"),
        meta,
        view: PageView::Nothing,
    }
}
