//! What every page of a language shows around its own content: the site's title, links,
//! contact, colours, assets and main navigation (`site` in templates).
//!
//! It is made once per language, before any page, and given to the templates as a global;
//! nothing here depends on the page being shown.

use crate::model::Site;
use crate::model::refdata;
use crate::present::Presenter;
use crate::present::urls::{self, path};
use crate::present::view::*;
use crate::theme::Theme;

fn nav(site: &Site, pr: &Presenter) -> Vec<NavItem> {
    let tr = pr.tr;
    let item = |name: &str, p: &str, key: &str| NavItem {
        name: name.into(),
        url: pr.urls.url(p),
        key: key.into(),
        lang: String::new(),
    };
    let mut v = vec![
        item(tr.get("nav.products"), path::PRODUCTS, "products"),
        item(tr.get("nav.producers"), path::PRODUCERS, "producers"),
        item(
            tr.get("nav.sales_points"),
            path::SALES_POINTS,
            "sales-points",
        ),
        item(tr.get("nav.fairs"), path::FAIRS, "fairs"),
        item(tr.get("nav.stories"), path::STORIES, "stories"),
    ];
    if let Some(p) = site.pages.iter().find(|p| p.common.slug == ABOUT) {
        let (name, lang) = pr.text(&p.title, p.common.en.name.as_ref());
        v.push(NavItem {
            lang,
            ..item(&name, &urls::page(ABOUT), ABOUT)
        });
    }
    v
}

/// The free page linked from the main navigation when it exists.
const ABOUT: &str = "gioi-thieu";

/// A short hash of a file's contents, so its URL changes when it does.
pub(crate) fn fingerprint(bytes: &[u8]) -> String {
    format!("{:08x}", crate::base::hash::fnv64(bytes) as u32)
}

/// The `site` global of the templates of one language.
pub(crate) fn site_view(site: &Site, pr: &Presenter, theme: &Theme) -> SiteView {
    let c = &site.config;
    let asset = |name: &str| match theme.static_files.get(name) {
        Some(bytes) => format!("{}?v={}", pr.urls.asset(name), fingerprint(bytes)),
        None => pr.urls.asset(name),
    };
    let favicon = if site.root.join("static/favicon.svg").is_file()
        || theme.static_files.contains_key("favicon.svg")
    {
        pr.urls.asset("favicon.svg")
    } else {
        pr.urls.asset("favicon.ico")
    };
    let (title, title_lang) = pr.text(&c.title, c.title_en.as_ref());
    let (description, description_lang) = pr.text(&c.description, c.description_en.as_ref());
    let (footer, footer_lang) = match &c.footer {
        Some(f) => pr.text(f, c.footer_en.as_ref()),
        None => (String::new(), String::new()),
    };
    SiteView {
        title,
        title_lang,
        description,
        description_lang,
        base_url: c.base_url.clone(),
        base_path: pr.urls.base_path().to_string(),
        lang: pr.lang.code().to_string(),
        province: c
            .province
            .map(|p| refdata::data().province(p).short_name.clone())
            .unwrap_or_default(),
        logo: c.logo.as_ref().map(|l| pr.urls.asset(l)),
        footer,
        footer_lang,
        text_lang: pr.source_lang(),
        colors: c
            .colors
            .iter()
            .map(|(name, value)| CssColor {
                name: name.clone(),
                value: value.clone(),
            })
            .collect(),
        links: SiteLinks {
            home: pr.urls.url(""),
            search: pr.urls.url(path::SEARCH),
            products: pr.urls.url(path::PRODUCTS),
            five_stars: pr.urls.url(&urls::stars(5)),
            producers: pr.urls.url(path::PRODUCERS),
            sales_points: pr.urls.url(path::SALES_POINTS),
            fairs: pr.urls.url(path::FAIRS),
            stories: pr.urls.url(path::STORIES),
            data: pr.urls.url(path::DATA),
            ratings: pr.urls.url(path::RATINGS),
            statistics: pr.urls.url(path::STATISTICS),
            changes: pr.urls.url(path::CHANGES),
        },
        contact: ContactView {
            office: c.contact.office.clone().unwrap_or_default(),
            address: c.contact.address.clone().unwrap_or_default(),
            phone: c.contact.phone.clone().unwrap_or_default(),
            phone_href: c
                .contact
                .phone
                .as_deref()
                .and_then(crate::present::phone_href)
                .unwrap_or_default(),
            email: c.contact.email.clone().unwrap_or_default(),
            website: c.contact.website.clone().unwrap_or_default(),
        },
        nav: nav(site, pr),
        feed_url: pr.urls.url(path::FEED),
        build_date: crate::present::date(site.today),
        build_date_iso: crate::present::iso(site.today),
        expiring_days: crate::model::EXPIRING_DAYS,
        status_script: asset("status.js"),
        stylesheet: asset("style.css"),
        favicon,
    }
}
