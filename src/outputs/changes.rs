//! The change log of the catalogue as files: `du-lieu/thay-doi.json` (`ocop-changes/1`,
//! the whole log, one change a line) and the Atom feeds of the page "Thay đổi gần đây",
//! one of every change and one per province, which buyers follow in a feed reader.

use std::collections::BTreeMap;

use serde_json::json;

use crate::model::changes::Change;
use crate::outputs::atom::{Atom, Entry};
use crate::present::Presenter;
use crate::present::iso;
use crate::present::pages::changes::{kind_label, page_of, stars_text};
use crate::present::urls::{self, path};

/// Entries a feed carries: the newest.
const FEED_ENTRIES: usize = 100;

/// The log as JSON: one object, one change a line.
pub(crate) fn json(pr: &Presenter) -> String {
    let site = pr.site;
    let h = &site.changes;
    let mut s = String::from("{\"changes\":[\n");
    let items: Vec<String> = h
        .log
        .iter()
        .map(|c| {
            json!({
                "date": iso(c.date),
                "kind": c.kind.key(),
                "slug": c.slug,
                "name": c.name,
                "province": c.province,
                "stars_before": c.stars_before,
                "stars": c.stars,
                "url": page_of(pr, c).map(|p| pr.urls.absolute(&p)),
                "source": c.source,
            })
            .to_string()
        })
        .collect();
    s.push_str(&items.join(",\n"));
    if !items.is_empty() {
        s.push('\n');
    }
    let site_value = json!({
        "title": site.config.title,
        "url": site.config.base_url,
    });
    s.push_str(&format!(
        "],\"generated\":\"{}\",\"schema\":\"ocop-changes/1\",\"since\":{},\"site\":{}}}\n",
        iso(site.today),
        h.since
            .map_or("null".to_string(), |d| format!("\"{}\"", iso(d))),
        site_value
    ));
    s
}

/// The feeds: every change (`thay-doi/atom.xml`) and each province's
/// (`thay-doi/PROVINCE.xml`, for the provinces with a change in the log).
pub(crate) fn feeds(pr: &Presenter) -> Vec<(String, String)> {
    let log = &pr.site.changes.log;
    let site_title = pr
        .text(&pr.site.config.title, pr.site.config.title_en.as_ref())
        .0;
    let mut files = vec![(
        pr.urls.file(path::CHANGES_FEED),
        feed(
            pr,
            log.iter(),
            &pr.tr.fill("changes.feed_title", &[("site", &site_title)]),
            path::CHANGES_FEED,
        ),
    )];
    let mut by: BTreeMap<String, Vec<&Change>> = BTreeMap::new();
    for c in log {
        by.entry(crate::base::vietnamese::slugify(&c.province))
            .or_default()
            .push(c);
    }
    for (slug, changes) in by {
        let rel = urls::changes_feed(&slug);
        let title = pr.tr.fill(
            "changes.province_feed_title",
            &[("province", &changes[0].province), ("site", &site_title)],
        );
        files.push((
            pr.urls.file(&rel),
            feed(pr, changes.into_iter(), &title, &rel),
        ));
    }
    files
}

fn feed<'a>(
    pr: &Presenter,
    log: impl Iterator<Item = &'a Change>,
    title: &str,
    rel: &str,
) -> String {
    let site = pr.site;
    let site_title = pr.text(&site.config.title, site.config.title_en.as_ref()).0;
    let entries: Vec<Entry> = log
        .take(FEED_ENTRIES)
        .map(|c| {
            let page = page_of(pr, c).map(|p| pr.urls.absolute(&p));
            let id = format!(
                "{}#{}-{}-{}",
                pr.urls.absolute(path::CHANGES),
                iso(c.date),
                c.kind.key(),
                c.slug
            );
            Entry {
                title: format!("{}: {} ({})", kind_label(pr, c.kind), c.name, c.province),
                url: page.unwrap_or_else(|| pr.urls.absolute(path::CHANGES)),
                id,
                updated: c.date,
                author: c.source.clone().unwrap_or_else(|| site_title.clone()),
                summary: Some(format!("{} · {}", stars_text(pr, c), c.province)),
                content_html: None,
            }
        })
        .collect();
    Atom {
        lang: pr.lang.code(),
        title: title.to_string(),
        self_url: pr.urls.absolute(rel),
        page_url: pr.urls.absolute(path::CHANGES),
        updated: entries.first().map_or(site.today, |e| e.updated),
        entries,
    }
    .write()
}
