//! Machine-read outputs: the Atom feeds (stories, newly certified products), the sitemap and
//! robots.txt.
//!
//! These are written directly rather than through templates: their formats are fixed by
//! standards, not by a theme's look, and getting the XML escaping right once here is safer
//! than in every theme.

use crate::base::xml::escape as xml_escape;
use crate::model::{ProductId, Site};
use crate::outputs::atom::{Atom, Entry};
use crate::present::Presenter;
use crate::present::urls::out::NEW_PRODUCTS_FEED;
use crate::present::urls::{self, Urls, path};
use crate::render::Renderer;

/// Atom feed of the stories, newest first, in the presenter's language (titles, summaries
/// and bodies in English where the story has them; its links lead to that language's pages).
pub(crate) fn atom(site: &Site, pr: &Presenter) -> String {
    let mut stories: Vec<usize> = (0..site.stories.len()).collect();
    stories.sort_by_key(|&i| std::cmp::Reverse(site.stories[i].date));
    let updated = stories
        .first()
        .map(|&i| site.stories[i].date)
        .unwrap_or(site.today);
    let site_title = pr.text(&site.config.title, site.config.title_en.as_ref()).0;
    let entries = stories
        .into_iter()
        .map(|i| {
            let s = &site.stories[i];
            let card = &pr.story_cards[i];
            let url = pr.urls.absolute(&urls::story(&s.common.slug));
            Entry {
                title: card.title.clone(),
                id: url.clone(),
                url,
                updated: s.date,
                author: s.author.clone().unwrap_or_else(|| site_title.clone()),
                summary: (!card.summary.is_empty()).then(|| card.summary.clone()),
                content_html: Some(pr.story(crate::model::StoryId(i as u32)).body_html.clone()),
            }
        })
        .collect();
    Atom {
        lang: pr.lang.code(),
        title: pr.tr.fill("stories.feed_title", &[("site", &site_title)]),
        self_url: pr.urls.absolute(path::FEED),
        page_url: pr.urls.absolute(path::STORIES),
        updated,
        entries,
    }
    .write()
}

/// sitemap.xml of the given site-relative page paths.
pub(crate) fn sitemap(u: &Urls, paths: &[String]) -> String {
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut x = String::with_capacity(80 * paths.len() + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in sorted {
        x.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&u.absolute(p))
        ));
    }
    x.push_str("</urlset>\n");
    x
}

/// sitemap.xml of a site in several languages: each page (a path of the Vietnamese pages)
/// in every language, each entry naming its counterparts with `xhtml:link` alternates.
pub(crate) fn sitemap_languages(
    u: &Urls,
    paths: &[String],
    langs: &[crate::model::Lang],
) -> String {
    if langs.len() < 2 {
        return sitemap(u, paths);
    }
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut x = String::with_capacity(400 * paths.len() * langs.len() + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for p in sorted {
        let alternates: String = langs
            .iter()
            .map(|l| {
                format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    l.code(),
                    xml_escape(&u.for_lang(*l).absolute(p))
                )
            })
            .collect();
        for l in langs {
            x.push_str(&format!(
                "  <url><loc>{}</loc>{alternates}</url>\n",
                xml_escape(&u.for_lang(*l).absolute(p))
            ));
        }
    }
    x.push_str("</urlset>\n");
    x
}

pub(crate) fn robots(u: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        u.absolute(path::SITEMAP)
    )
}

/// Atom feed of the products by date of their newest certificate, newest first (50 at most).
pub(crate) fn new_products(pr: &Presenter) -> String {
    let site = pr.site;
    let mut ids: Vec<ProductId> = (0..site.products.len() as u32)
        .map(ProductId)
        .filter(|&id| site.product(id).is_certified(site.today))
        .collect();
    ids.sort_by_key(|&id| {
        (
            std::cmp::Reverse(site.product(id).current().issued),
            pr.rank[id.index()],
        )
    });
    ids.truncate(50);
    let updated = ids
        .first()
        .map(|&id| site.product(id).current().issued)
        .unwrap_or(site.today);
    let entries = ids
        .into_iter()
        .map(|id| {
            let p = site.product(id);
            let c = p.current();
            let url = pr.urls.absolute(&urls::product(&p.common.slug));
            let summary = pr.tr.fill(
                "data.new_products_feed_entry",
                &[
                    ("name", &p.name),
                    ("stars", &c.stars.label()),
                    ("decision", &c.decision),
                    ("date", &crate::present::date(c.issued)),
                    ("summary", &p.summary.clone().unwrap_or_default()),
                ],
            );
            Entry {
                title: format!("{} – {}", p.name, c.stars.label()),
                id: format!("{url}#{}", c.decision),
                url,
                updated: c.issued,
                author: site.producer(p.producer).name.clone(),
                summary: Some(summary),
                content_html: None,
            }
        })
        .collect();
    Atom {
        lang: pr.lang.code(),
        title: pr.tr.fill(
            "data.new_products_feed_title",
            &[("site", &site.config.title)],
        ),
        self_url: pr.urls.absolute(NEW_PRODUCTS_FEED),
        page_url: pr.urls.absolute(path::PRODUCTS),
        updated,
        entries,
    }
    .write()
}

/// The sitemap, given the output files of the pages in output order: every Vietnamese
/// page, with its counterparts in the other languages (`hreflang`).
pub(crate) fn sitemap_of(r: &Renderer, page_files: &[String]) -> String {
    let langs = &r.presenter().site.config.languages;
    // A merged record's page names its page on the source site as canonical: that one is
    // in the source's sitemap, not this.
    let merged = merged_pages(r.presenter().site);
    let paths: Vec<String> = page_files
        .iter()
        .filter(|p| !p.ends_with("404.html"))
        .filter(|p| !merged.contains(p.as_str()))
        .filter(|p| {
            langs
                .iter()
                .all(|l| l.prefix().is_empty() || !p.starts_with(l.prefix()))
        })
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    sitemap_languages(&r.presenter().urls, &paths, langs)
}

/// Each language's stories feed (`cau-chuyen/atom.xml`, `en/cau-chuyen/atom.xml`) and
/// robots.txt, by output path.
pub(crate) fn all(r: &Renderer) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = r
        .presenters()
        .map(|pr| (pr.urls.file(path::FEED), atom(pr.site, pr)))
        .collect();
    for pr in r.presenters() {
        v.extend(crate::outputs::changes::feeds(pr));
    }
    v.push(("robots.txt".to_string(), robots(&r.presenter().urls)));
    v
}

/// The output files of the pages of merged records (`[[sources]]`).
fn merged_pages(site: &crate::model::Site) -> std::collections::HashSet<String> {
    use crate::present::urls;
    let page = |path: String| format!("{path}index.html");
    let mut set = std::collections::HashSet::new();
    for p in site.products.iter().filter(|p| p.common.origin.is_some()) {
        set.insert(page(urls::product(&p.common.slug)));
    }
    for p in site.producers.iter().filter(|p| p.common.origin.is_some()) {
        set.insert(page(urls::producer(&p.common.slug)));
    }
    for s in site
        .sales_points
        .iter()
        .filter(|s| s.common.origin.is_some())
    {
        set.insert(page(urls::sales_point(&s.common.slug)));
    }
    for f in site.fairs.iter().filter(|f| f.common.origin.is_some()) {
        set.insert(page(urls::fair(&f.common.slug)));
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_is_sorted_and_absolute() {
        let u = Urls::new("https://x.vn/ocop/", "/ocop/");
        let s = sitemap(&u, &["san-pham/".into(), "".into()]);
        let a = s.find("https://x.vn/ocop/</loc>").unwrap();
        let b = s.find("https://x.vn/ocop/san-pham/</loc>").unwrap();
        assert!(a < b);
    }
}
