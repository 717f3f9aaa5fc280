//! The home page: a few featured and newest products, the catalogue's facets, the next
//! fairs and the latest stories, with the counts of the catalogue.
//!
//! Which records the home page picks (and how many of each) is decided here.

use super::{Built, PageView};
use crate::model::*;
use crate::present::ld::{self, script_json};
use crate::present::meta::MetaSpec;
use crate::present::plan::Plan;
use crate::present::urls::path;
use crate::present::view::*;

/// Products shown as featured (five stars, in catalogue order) and as newest (by date of
/// certification).
const PRODUCTS: usize = 8;
/// Upcoming fairs and latest stories shown.
const FAIRS: usize = 3;
const STORIES: usize = 3;

pub(super) fn home(plan: &Plan) -> Built {
    let pr = &plan.pr;
    let site = pr.site;
    let site_title = pr.text(&site.config.title, site.config.title_en.as_ref()).0;
    let certified = &plan.listings[0].ids;
    let featured: Vec<ProductId> = certified
        .iter()
        .copied()
        .filter(|&id| site.product(id).stars().get() == 5)
        .take(PRODUCTS)
        .collect();
    let mut newest = certified.clone();
    newest.sort_by_key(|&id| {
        std::cmp::Reverse((
            site.product(id).current().issued,
            std::cmp::Reverse(pr.rank[id.index()]),
        ))
    });
    newest.truncate(PRODUCTS);
    let mut upcoming: Vec<FairId> = (0..site.fairs.len() as u32)
        .map(FairId)
        .filter(|&f| site.fair(f).time(site.today) != FairTime::Past)
        .collect();
    upcoming.sort_by_key(|&f| site.fair(f).starts);
    let mut stories: Vec<StoryId> = (0..site.stories.len() as u32).map(StoryId).collect();
    stories.sort_by_key(|&s| std::cmp::Reverse(site.story(s).date));
    let facet = |i: usize| plan.facets[i].1.iter().map(|(_, l)| l.clone()).collect();
    let home = HomeView {
        featured: pr.product_cards_of(&featured),
        newest: pr.product_cards_of(&newest),
        stars: facet(0),
        groups: facet(1),
        provinces: facet(2),
        upcoming_fairs: upcoming
            .iter()
            .take(FAIRS)
            .map(|f| pr.fair_cards[f.index()].clone())
            .collect(),
        stories: stories
            .iter()
            .take(STORIES)
            .map(|s| pr.story_cards[s.index()].clone())
            .collect(),
        product_count: certified.len(),
        producer_count: site.producers.len(),
        sales_point_count: site.sales_points.len(),
        catalogue_url: pr.urls.url(path::PRODUCTS),
        fairs_url: pr.urls.url(path::FAIRS),
        stories_url: pr.urls.url(path::STORIES),
    };
    let meta = plan.meta(MetaSpec {
        kind: "home",
        heading: &site_title,
        breadcrumb: plan.crumbs(&[]),
        json_ld: Some(script_json(&ld::website(pr, &site_title))),
        ..MetaSpec::default()
    });
    Built::at(pr, "home.html", "", meta, PageView::Home(home))
}
