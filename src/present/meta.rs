//! Page metadata: what each page says about itself beside its content (`page` in
//! templates): title, description, canonical and alternate-language addresses, Open Graph,
//! breadcrumb and JSON-LD.
//!
//! Every page kind describes itself with a [`MetaSpec`] (named fields rather than a long
//! list of arguments of the same type); the rules shared by all pages (the site title after
//! the page's, the site's description by default, no counterparts for the 404 page) are
//! applied here once.

use crate::present::ld::{self, script_json};
use crate::present::plan::Plan;
use crate::present::view::{Alternate, ImageView, Link, PageMeta};

/// What a page says about itself, turned into its [`PageMeta`] by [`Plan::meta`].
pub(crate) struct MetaSpec<'s> {
    /// Kind of page (`home`, `listing`, `product`...), the body class.
    pub kind: &'s str,
    /// Nav key of the page's section (`""` for none).
    pub section: &'s str,
    pub heading: &'s str,
    /// The page's description; empty for the site's.
    pub description: &'s str,
    /// The page's path (`san-pham/mat-ong/`), `""` for the home page.
    pub path: &'s str,
    pub breadcrumb: Vec<Link>,
    /// Open Graph type: `website` unless said.
    pub og_type: &'s str,
    /// The image of link previews.
    pub og_image: Option<&'s ImageView>,
    /// Where the page's record came from, when it was merged from another site: the page
    /// credits it and its canonical address is the record's page there.
    pub origin: Option<&'s crate::model::federation::Origin>,
    /// schema.org JSON-LD, made safe with [`script_json`].
    pub json_ld: Option<String>,
}

impl Default for MetaSpec<'_> {
    fn default() -> Self {
        MetaSpec {
            kind: "",
            section: "",
            heading: "",
            description: "",
            path: "",
            breadcrumb: Vec::new(),
            og_type: "website",
            og_image: None,
            json_ld: None,
            origin: None,
        }
    }
}

/// A paginated collection, the catalogue or the producer directory, whole or one facet of
/// it, as [`Plan::collection_meta`] describes its pages.
pub(super) struct Collection<'s> {
    /// Template kind (`listing`, `producers`).
    pub kind: &'s str,
    pub section: &'s str,
    /// The section's breadcrumb: name and path.
    pub section_crumb: (&'s str, &'s str),
    pub heading: &'s str,
    /// The path of the first page.
    pub first: &'s str,
    pub intro: &'s str,
    /// Whether it is one facet rather than the whole.
    pub facet: bool,
}

impl Plan<'_> {
    /// A breadcrumb from the home page through `items` (name and path).
    pub(super) fn crumbs(&self, items: &[(&str, &str)]) -> Vec<Link> {
        let mut v = vec![Link {
            name: self.pr.tr.get("nav.home").into(),
            url: self.pr.urls.url(""),
            lang: String::new(),
        }];
        v.extend(items.iter().map(|(n, p)| Link {
            name: (*n).into(),
            url: self.pr.urls.url(p),
            lang: String::new(),
        }));
        v
    }

    /// A breadcrumb ending with a record whose name is marked `lang` (see `Presenter::text`).
    pub(super) fn record_crumbs(&self, items: &[(&str, &str)], lang: &str) -> Vec<Link> {
        let mut v = self.crumbs(items);
        if let Some(last) = v.last_mut() {
            last.lang = lang.to_string();
        }
        v
    }

    /// The page at `page_path` in every language of the site.
    fn alternates(&self, page_path: &str) -> (Vec<Alternate>, Option<String>) {
        if self.alternates.len() < 2 {
            return (Vec::new(), None);
        }
        let list = self
            .alternates
            .iter()
            .map(|(lang, name, u)| Alternate {
                lang: lang.code().into(),
                name: name.clone(),
                url: u.url(page_path),
                absolute: u.absolute(page_path),
                current: *lang == self.pr.lang,
            })
            .collect();
        let x_default = self
            .alternates
            .first()
            .map(|(_, _, u)| u.absolute(page_path));
        (list, x_default)
    }

    /// The meta of page `n` of a paginated collection: its heading ("…, page n"),
    /// breadcrumbs through the section and the facet, and `CollectionPage` JSON-LD.
    pub(super) fn collection_meta(&self, c: Collection, n: usize, page_path: &str) -> PageMeta {
        let Collection {
            kind,
            section,
            section_crumb,
            heading: list_heading,
            first,
            intro,
            facet,
        } = c;
        let tr = self.pr.tr;
        let heading = if n > 1 {
            tr.fill("listing.page_n", &[("heading", &list_heading), ("n", &n)])
        } else {
            list_heading.to_string()
        };
        let mut crumbs = vec![section_crumb];
        if facet {
            crumbs.push((list_heading, first));
        }
        if n > 1 {
            crumbs.push((heading.as_str(), page_path));
        }
        let crumbs = self.crumbs(&crumbs);
        let ld = ld::collection_page(&self.pr, &heading, page_path);
        self.meta(MetaSpec {
            kind,
            section,
            heading: &heading,
            description: intro,
            path: page_path,
            breadcrumb: crumbs,
            json_ld: Some(script_json(&ld)),
            ..MetaSpec::default()
        })
    }

    /// The metadata of a page: `<title>`, description (the site's when the page has none),
    /// canonical address, Open Graph, breadcrumb, JSON-LD and the page in other languages.
    pub(super) fn meta(&self, spec: MetaSpec) -> PageMeta {
        let MetaSpec {
            kind,
            section,
            heading,
            description,
            path: page_path,
            breadcrumb,
            og_type,
            og_image,
            json_ld,
            origin,
        } = spec;
        let c = &self.pr.site.config;
        let site_title = self.pr.text(&c.title, c.title_en.as_ref()).0;
        let title = if kind == "home" {
            site_title.clone()
        } else {
            format!("{heading} | {site_title}")
        };
        let description = if description.is_empty() {
            self.pr.text(&c.description, c.description_en.as_ref()).0
        } else {
            description.to_string()
        };
        // The 404 page has no counterpart: a missing page is missing in every language.
        let (alternates, x_default) = if kind == "not-found" {
            (Vec::new(), None)
        } else {
            self.alternates(page_path)
        };
        PageMeta {
            title,
            heading: heading.into(),
            description,
            canonical: origin.map_or_else(|| self.pr.urls.absolute(page_path), |o| o.page.clone()),
            source: origin.map(|o| self.pr.source_view(o)),
            url: self.pr.urls.url(page_path),
            og_type: og_type.into(),
            // Link previews (Zalo, Facebook) want a 1200×630 raster image, never SVG.
            og_image: og_image.and_then(|i| i.social.clone()),
            breadcrumb,
            json_ld,
            section: section.into(),
            kind: kind.into(),
            alternates,
            x_default,
        }
    }
}
