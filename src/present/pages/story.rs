//! The stories: the page listing them newest first, and each story's page with its
//! `Article` JSON-LD.

use super::{Built, PageView};
use crate::model::StoryId;
use crate::present::ld::{self, script_json};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::{self, path};
use crate::present::view::*;

pub(super) fn stories(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let site = pr.site;
    let tr = pr.tr;
    let mut ids: Vec<usize> = (0..site.stories.len()).collect();
    ids.sort_by_key(|&i| std::cmp::Reverse(site.stories[i].date));
    let view = StoriesView {
        stories: ids.iter().map(|&i| pr.story_cards[i].clone()).collect(),
    };
    let meta = plan.meta(MetaSpec {
        kind: "stories",
        section: "stories",
        heading: tr.get("stories.heading"),
        description: tr.get("stories.description"),
        path: path::STORIES,
        breadcrumb: plan.crumbs(&[(tr.get("nav.stories"), path::STORIES)]),
        ..MetaSpec::default()
    });
    Built::at(
        pr,
        "stories.html",
        path::STORIES,
        meta,
        PageView::Stories(view),
    )
}

pub(super) fn story(plan: &Plan, id: StoryId) -> Built {
    let pr = &plan.pr;
    let tr = pr.tr;
    let s = pr.site.story(id);
    let view = pr.story(id);
    let page_path = urls::story(&s.common.slug);
    let ld = ld::article(pr, s, &view.card.title, &view.body_lang, &page_path);
    let crumbs = plan.record_crumbs(
        &[
            (tr.get("nav.stories"), path::STORIES),
            (&view.card.title, &page_path),
        ],
        &view.card.title_lang,
    );
    let meta = plan.meta(MetaSpec {
        kind: "story",
        section: "stories",
        heading: &view.card.title,
        description: &view.card.summary,
        path: &page_path,
        breadcrumb: crumbs,
        og_type: "article",
        og_image: view.card.image.as_ref(),
        json_ld: Some(script_json(&ld)),
        origin: None,
    });
    Built::at(pr, "story.html", &page_path, meta, PageView::Story(view))
}
