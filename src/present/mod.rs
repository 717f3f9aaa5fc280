//! Presentation: turning model records into the view structs templates see.
//!
//! Cards (the small form of a record used in lists) are built once per record and shared by
//! every page that lists it, so a catalogue page costs its 24 card clones, not 24 lookups and
//! formatting passes; full views are built for one page at a time and dropped after rendering.
//! Formatting rules for Vietnamese readers live here: dates as 20/05/2024, prices as
//! 150.000 ₫, phone numbers as `tel:` links.
//!
//! A presenter speaks one language: labels come from that language's catalogue of the theme
//! (`i18n`), and a record's own text from its English fields on English pages. Where a record
//! has no English text the Vietnamese is shown, and the view says so (`*_lang` = `"vi"`) so
//! that the template marks the element `lang="vi"` for screen readers and translators.

pub(crate) mod charts;
pub(crate) mod english;
pub(crate) mod format;
pub mod images;
pub(crate) mod ld;
pub(crate) mod meta;
pub(crate) mod pages;
pub(crate) mod plan;
pub(crate) mod site;
pub(crate) mod source;
pub(crate) mod statistics;
pub(crate) mod urls;
pub(crate) mod view;

pub(crate) use format::{
    date, directions_url, fair_dates, full_address, iso, map_url, phone_href, price,
};

use rayon::prelude::*;

use crate::model::Lang;
use crate::model::refdata;
use crate::model::*;
use crate::present::urls::Urls;
use crate::present::view::*;
use crate::theme::i18n::{self, Catalog};

// Dates are written on every page, card and export row; chrono's `format` reads its
// pattern again at each call, which cost more than the rest of a product's view. Years
// outside 0..=9999 (which chrono writes with a sign) go through chrono.

/// A certificate's status on the build date, with the dates that let the page's script
/// (`status.js`) decide it again on the reader's date.
fn status(tr: &Catalog, c: &Certificate, today: chrono::NaiveDate) -> StatusView {
    let s = c.status(today);
    StatusView {
        key: s.key().into(),
        label: tr.get(&format!("status.{}", s.key())).into(),
        until: iso(c.valid_until),
        revoked: c.revoked.map(iso).unwrap_or_default(),
    }
}

/// Labels of reference values in a language.
pub(crate) fn group_name(tr: &Catalog, g: refdata::Group) -> String {
    tr.get(&format!("group.{}.name", g.key())).to_string()
}
pub(crate) fn group_short(tr: &Catalog, g: refdata::Group) -> String {
    tr.get(&format!("group.{}.short", g.key())).to_string()
}
pub(crate) fn producer_kind(tr: &Catalog, k: ProducerKind) -> String {
    tr.get(&format!("producer_kind.{}", k.key())).to_string()
}
pub(crate) fn sales_point_kind(tr: &Catalog, k: SalesPointKind) -> String {
    tr.get(&format!("sales_point_kind.{}", k.key())).to_string()
}
pub(crate) fn stars_label(tr: &Catalog, n: u8) -> String {
    tr.fill("common.stars_label", &[("n", &n)])
}

/// Everything needed to present records, with cards built once.
pub struct Presenter<'a> {
    pub site: &'a Site,
    pub images: &'a images::Images,
    /// The language of the pages, and its interface text.
    pub lang: Lang,
    pub tr: &'a Catalog,
    pub urls: Urls,
    pub product_cards: Vec<Shared<ProductCard>>,
    pub producer_cards: Vec<ProducerCard>,
    /// The same cards for the product pages, which show each rendered (see `Shared`): a
    /// producer's card is the same on the page of each of its products.
    pub producer_boxes: Vec<Shared<ProducerCard>>,
    pub sales_point_cards: Vec<SalesPointCard>,
    pub fair_cards: Vec<FairCard>,
    pub story_cards: Vec<StoryCard>,
    /// Position of each product in catalogue order.
    pub rank: Vec<u32>,
    /// The size in bytes of each download file (by site-relative path), set by the outputs
    /// once the exports are made: the data page and the supplier directory show them. Pages
    /// built before it is set show the files without their size.
    pub(crate) download_sizes: std::sync::OnceLock<std::collections::BTreeMap<String, u64>>,
}

impl<'a> Presenter<'a> {
    /// A presenter of the Vietnamese pages with the built-in theme's text.
    pub fn new(site: &'a Site, images: &'a images::Images) -> Presenter<'a> {
        Presenter::for_lang(site, images, i18n::builtin(Lang::Vi))
    }

    /// A presenter of the pages in the language of `tr`.
    pub(crate) fn for_lang(
        site: &'a Site,
        images: &'a images::Images,
        tr: &'a Catalog,
    ) -> Presenter<'a> {
        let urls = Urls::new(&site.config.base_url, &site.config.base_path()).for_lang(tr.lang);
        let mut p = Presenter {
            site,
            images,
            lang: tr.lang,
            tr,
            urls,
            product_cards: Vec::new(),
            producer_cards: Vec::new(),
            producer_boxes: Vec::new(),
            sales_point_cards: Vec::new(),
            fair_cards: Vec::new(),
            story_cards: Vec::new(),
            rank: vec![0; site.products.len()],
            download_sizes: std::sync::OnceLock::new(),
        };
        for (i, id) in catalogue_order(site).into_iter().enumerate() {
            p.rank[id.index()] = i as u32;
        }
        // Cards of a large catalogue are made in parallel (the order is kept).
        let product_cards = site
            .products
            .par_iter()
            .map(|x| Shared::new(p.make_product_card(x)))
            .collect();
        p.product_cards = product_cards;
        let producer_cards = site
            .producers
            .par_iter()
            .map(|x| p.make_producer_card(x))
            .collect();
        p.producer_cards = producer_cards;
        p.producer_boxes = p
            .producer_cards
            .iter()
            .map(|c| Shared::new(c.clone()))
            .collect();
        p.sales_point_cards = site
            .sales_points
            .iter()
            .map(|x| p.make_sales_point_card(x))
            .collect();
        p.fair_cards = site.fairs.iter().map(|x| p.make_fair_card(x)).collect();
        p.story_cards = site.stories.iter().map(|x| p.make_story_card(x)).collect();
        p
    }

    /// A record's text in this presenter's language: the translation when there is one
    /// (on English pages), else the Vietnamese; with `"vi"` when that is a fallback.
    pub(crate) fn text(&self, vi: &str, en: Option<&String>) -> (String, String) {
        match (self.lang, en) {
            (Lang::Vi, _) => (vi.to_string(), String::new()),
            (_, Some(e)) => (e.clone(), String::new()),
            (_, None) => (vi.to_string(), Lang::Vi.code().to_string()),
        }
    }

    /// `"vi"` on pages in another language: the language of record text never translated
    /// (addresses, specifications, tags).
    pub(crate) fn source_lang(&self) -> String {
        if self.lang == Lang::Vi {
            String::new()
        } else {
            Lang::Vi.code().to_string()
        }
    }

    /// The `lang` mark of an optional Vietnamese text with an optional translation.
    fn opt_text(&self, vi: &Option<String>, en: &Option<String>) -> (Option<String>, String) {
        match vi {
            Some(v) => {
                let (t, l) = self.text(v, en.as_ref());
                (Some(t), l)
            }
            None => (None, String::new()),
        }
    }

    /// A product's unit in this language: its `unit_en`, else on English pages a measure
    /// that reads the same ("500 g", "1 lít" → "1 l", `english::unit`), else the Vietnamese
    /// marked `"vi"`.
    fn unit(&self, vi: &Option<String>, en: &Option<String>) -> (Option<String>, String) {
        if self.lang != Lang::Vi
            && en.is_none()
            && let Some(u) = vi.as_deref().and_then(english::unit)
        {
            return (Some(u), String::new());
        }
        self.opt_text(vi, en)
    }

    /// The record's body in this language, with its `lang` mark.
    fn body(&self, c: &Common) -> (String, String) {
        if c.body_html.trim().is_empty() && self.lang != Lang::Vi {
            return (c.en.body_html.clone().unwrap_or_default(), String::new());
        }
        self.text(&c.body_html, c.en.body_html.as_ref())
    }

    pub(crate) fn image(
        &self,
        section_path: &str,
        c: &Common,
        photo: &Photo,
        alt: &str,
    ) -> ImageView {
        let fallback = || {
            let url = self
                .urls
                .asset(&photo_path(section_path, &c.slug, &photo.name));
            ImageView {
                full: url.clone(),
                url,
                alt: alt.to_string(),
                width: photo.width,
                height: photo.height,
                srcset_webp: None,
                srcset_jpeg: None,
                social: None,
                illustrative: photo.illustrative,
            }
        };
        match self.images.output(&photo.source) {
            Some(images::Output::Raster {
                variants, social, ..
            }) if !variants.is_empty() => {
                let srcset = |f: &dyn Fn(&images::Variant) -> &String| {
                    variants
                        .iter()
                        .map(|v| format!("{} {}w", self.urls.asset(f(v)), v.width))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let largest = &variants[variants.len() - 1];
                // The <img src> for browsers without srcset: about 720 pixels wide.
                let mid = variants.iter().find(|v| v.width >= 720).unwrap_or(largest);
                ImageView {
                    url: self.urls.asset(&mid.jpeg),
                    full: self.urls.asset(&largest.jpeg),
                    alt: alt.to_string(),
                    width: largest.width,
                    height: largest.height,
                    srcset_webp: Some(srcset(&|v| &v.webp)),
                    srcset_jpeg: Some(srcset(&|v| &v.jpeg)),
                    social: Some(self.urls.asset_absolute(social)),
                    illustrative: photo.illustrative,
                }
            }
            Some(images::Output::Copy { path }) => ImageView {
                url: self.urls.asset(path),
                full: self.urls.asset(path),
                ..fallback()
            },
            _ => fallback(),
        }
    }

    fn images(&self, section_path: &str, c: &Common, alt: &str) -> Vec<ImageView> {
        if let (true, Some(o)) = (c.photos.is_empty(), &c.origin) {
            return o
                .photos
                .iter()
                .map(|u| source::remote_image(u, alt))
                .collect();
        }
        c.photos
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let alt = if i == 0 {
                    alt.to_string()
                } else {
                    self.tr
                        .fill("common.photo_alt", &[("alt", &alt), ("n", &(i + 1))])
                };
                self.image(section_path, c, p, &alt)
            })
            .collect()
    }

    fn cover(&self, section_path: &str, c: &Common, alt: &str) -> Option<ImageView> {
        match c.photos.first() {
            Some(p) => Some(self.image(section_path, c, p, alt)),
            None => c
                .origin
                .as_ref()
                .and_then(|o| o.photos.first())
                .map(|url| source::remote_image(url, alt)),
        }
    }

    fn make_product_card(&self, p: &Product) -> ProductCard {
        let data = refdata::data();
        let stars = p.stars();
        let en = &p.common.en;
        let (name, name_lang) = self.text(&p.name, en.name.as_ref());
        let (summary, summary_lang) = self.opt_text(&p.summary, &en.summary);
        let (unit, unit_lang) = self.unit(&p.unit, &en.unit);
        let (producer, producer_lang) = self
            .site
            .producers
            .get(p.producer.index())
            .map(|x| self.text(&x.name, x.common.en.name.as_ref()))
            .unwrap_or_default();
        ProductCard {
            image: self.cover(urls::path::PRODUCTS, &p.common, &name),
            name,
            name_lang,
            url: self.urls.url(&urls::product(&p.common.slug)),
            stars: stars.get(),
            stars_label: stars_label(self.tr, stars.get()),
            group: group_short(self.tr, p.group),
            province: data.province(p.province).short_name.clone(),
            producer,
            producer_lang,
            price: p.price.map(price),
            unit,
            unit_lang,
            summary: summary.unwrap_or_default(),
            summary_lang,
            status: status(self.tr, p.current(), self.site.today),
        }
    }

    fn make_producer_card(&self, p: &Producer) -> ProducerCard {
        let data = refdata::data();
        let published: Vec<&Product> = p
            .products
            .iter()
            .map(|&id| self.site.product(id))
            .filter(|x| self.site.is_published(x))
            .collect();
        let best = published
            .iter()
            .filter(|x| x.is_certified(self.site.today))
            .map(|x| x.stars().get())
            .max();
        let (name, name_lang) = self.text(&p.name, p.common.en.name.as_ref());
        ProducerCard {
            image: self.cover(urls::path::PRODUCERS, &p.common, &name),
            name,
            name_lang,
            source_lang: self.source_lang(),
            url: self.urls.url(&urls::producer(&p.common.slug)),
            kind: p.kind.key().into(),
            kind_label: producer_kind(self.tr, p.kind),
            province: data.province(p.province).short_name.clone(),
            commune: p.commune.clone(),
            address: p.address.clone(),
            representative: p.representative.clone(),
            phone: p.phone.clone(),
            phone_href: p.phone.as_deref().and_then(phone_href),
            email: p.email.clone(),
            website: p.website.clone(),
            zalo: p.zalo.clone(),
            zalo_href: p.zalo.as_deref().map(|z| {
                let digits: String = z.chars().filter(char::is_ascii_digit).collect();
                format!("https://zalo.me/{digits}")
            }),
            facebook: p.facebook.clone(),
            product_count: published.len(),
            best_stars: best,
        }
    }

    fn make_sales_point_card(&self, s: &SalesPoint) -> SalesPointCard {
        let (name, name_lang) = self.text(&s.name, s.common.en.name.as_ref());
        let (hours, hours_lang) = self.opt_text(&s.hours, &s.common.en.hours);
        SalesPointCard {
            name,
            name_lang,
            source_lang: self.source_lang(),
            url: self.urls.url(&urls::sales_point(&s.common.slug)),
            kind_label: sales_point_kind(self.tr, s.kind),
            province: refdata::data().province(s.province).short_name.clone(),
            commune: s.commune.clone(),
            address: s.address.clone(),
            full_address: full_address(
                Some(&s.address),
                s.commune.as_deref(),
                &refdata::data().province(s.province).short_name,
            ),
            phone: s.phone.clone(),
            phone_href: s.phone.as_deref().and_then(phone_href),
            hours,
            hours_lang,
            map_url: map_url(s.location),
            directions_url: directions_url(s.location),
            product_count: s
                .products
                .iter()
                .filter(|&&id| self.site.is_published(self.site.product(id)))
                .count(),
        }
    }

    fn make_fair_card(&self, f: &Fair) -> FairCard {
        let key = match f.time(self.site.today) {
            FairTime::Upcoming => "upcoming",
            FairTime::Ongoing => "ongoing",
            FairTime::Past => "past",
        };
        let label = self.tr.get(&format!("fair_status.{key}")).to_string();
        let (name, name_lang) = self.text(&f.name, f.common.en.name.as_ref());
        let (venue, venue_lang) = self.text(&f.venue, f.common.en.venue.as_ref());
        FairCard {
            image: self.cover(urls::path::FAIRS, &f.common, &name),
            name,
            name_lang,
            url: self.urls.url(&urls::fair(&f.common.slug)),
            dates: fair_dates(f.starts, f.ends),
            starts: date(f.starts),
            ends: date(f.ends),
            starts_iso: iso(f.starts),
            ends_iso: iso(f.ends),
            venue,
            venue_lang,
            province: refdata::data().province(f.province).short_name.clone(),
            status: key.into(),
            status_label: label,
            calendar: self
                .urls
                .asset(&crate::present::urls::fair_ics_path(&f.common.slug)),
        }
    }

    fn make_story_card(&self, s: &Story) -> StoryCard {
        let (title, title_lang) = self.text(&s.title, s.common.en.name.as_ref());
        let (summary, summary_lang) = self.opt_text(&s.summary, &s.common.en.summary);
        StoryCard {
            image: self.cover(urls::path::STORIES, &s.common, &title),
            title,
            title_lang,
            url: self.urls.url(&urls::story(&s.common.slug)),
            date: date(s.date),
            date_iso: iso(s.date),
            author: s.author.clone(),
            author_lang: self.source_lang(),
            summary: summary.unwrap_or_default(),
            summary_lang,
        }
    }

    /// The given products in catalogue order.
    pub(crate) fn sorted(&self, ids: &[ProductId]) -> Vec<ProductId> {
        let mut v = ids.to_vec();
        v.sort_by_key(|id| self.rank[id.index()]);
        v
    }

    /// Cards of the given products that are published, in the given order.
    pub(crate) fn product_cards_of(&self, ids: &[ProductId]) -> Vec<Shared<ProductCard>> {
        ids.iter()
            .filter(|&&id| self.site.is_published(self.site.product(id)))
            .map(|&id| self.product_cards[id.index()].clone())
            .collect()
    }

    pub(crate) fn certificate(&self, c: &Certificate) -> CertificateView {
        // The issuer in English where its name follows a pattern (`english::issuer`).
        let (issuer, issuer_lang) = match (&c.issuer, self.lang) {
            (Some(i), Lang::En) => match english::issuer(i) {
                Some(e) => (Some(e), String::new()),
                None => (Some(i.clone()), self.source_lang()),
            },
            (i, _) => (i.clone(), String::new()),
        };
        CertificateView {
            issuer,
            issuer_lang,
            stars: c.stars.get(),
            stars_label: stars_label(self.tr, c.stars.get()),
            decision: c.decision.clone(),
            issued: date(c.issued),
            issued_iso: iso(c.issued),
            score: c.score,
            valid_until: date(c.valid_until),
            valid_until_iso: iso(c.valid_until),
            revoked: c.revoked.map(date),
            revoked_iso: c.revoked.map(iso),
            status: status(self.tr, c, self.site.today),
            document: None,
        }
    }

    /// A certificate of a product, with the link to its decision document.
    fn product_certificate(&self, p: &Product, c: &Certificate) -> CertificateView {
        let mut v = self.certificate(c);
        v.document = c.document.as_ref().map(|d| match d {
            Document::Url(url) => DocumentLink {
                url: url.clone(),
                label: self.tr.get("product.document").to_string(),
                local: false,
            },
            Document::Pdf { name, bytes, .. } => DocumentLink {
                url: self
                    .urls
                    .asset(&photo_path(urls::path::PRODUCTS, &p.common.slug, name)),
                label: self.tr.fill(
                    "product.document_pdf",
                    &[("size", &format::file_size(*bytes, self.lang))],
                ),
                local: true,
            },
        });
        v
    }

    pub(crate) fn product(&self, id: ProductId, related: Vec<ProductId>) -> ProductView {
        let site = self.site;
        let p = site.product(id);
        let data = refdata::data();
        let card = &self.product_cards[id.index()];
        let s = &p.specs;
        let mut specs = Vec::new();
        let source_lang = self.source_lang();
        let mut row = |label: &str, v: &Option<String>| {
            if let Some(v) = v {
                // Digits and measures ("500 ml") read the same in every language.
                let neutral = v.bytes().all(|b| b.is_ascii_digit())
                    || english::unit(v).is_some_and(|u| &u == v);
                specs.push(SpecRow {
                    label: label.into(),
                    value: v.clone(),
                    lang: if neutral {
                        String::new()
                    } else {
                        source_lang.clone()
                    },
                });
            }
        };
        let tr = self.tr;
        row(tr.get("specs.packaging"), &s.packaging);
        row(tr.get("specs.net_content"), &s.net_content);
        row(tr.get("specs.shelf_life"), &s.shelf_life);
        row(tr.get("specs.ingredients"), &s.ingredients);
        row(tr.get("specs.storage"), &s.storage);
        row(
            tr.get("specs.barcode"),
            &s.barcode.as_ref().map(|g| g.as_str().to_string()),
        );
        row(tr.get("specs.capacity"), &s.capacity);
        row(tr.get("specs.min_order"), &s.min_order);
        let province = data.province(p.province);
        let (body_html, body_lang) = self.body(&p.common);
        ProductView {
            name: card.name.clone(),
            name_lang: card.name_lang.clone(),
            url: card.url.clone(),
            summary: card.summary.clone(),
            summary_lang: card.summary_lang.clone(),
            body_html,
            body_lang,
            source_lang: self.source_lang(),
            photos: self.images(urls::path::PRODUCTS, &p.common, &card.name),
            cover: card.image.clone(),
            group: Link {
                name: group_name(self.tr, p.group),
                url: self.urls.url(&urls::group(p.group)),
                lang: String::new(),
            },
            subgroup: p.subgroup.clone(),
            province: Link {
                name: province.short_name.clone(),
                url: self.urls.url(&urls::province(&province.slug)),
                lang: String::new(),
            },
            commune: p.commune.clone(),
            address: p.address.clone(),
            price: card.price.clone(),
            unit: card.unit.clone(),
            unit_lang: card.unit_lang.clone(),
            tags: p.tags.clone(),
            stars: card.stars,
            stars_label: card.stars_label.clone(),
            status: card.status.clone(),
            certificate: self.product_certificate(p, p.current()),
            history: p
                .certificates
                .iter()
                .map(|c| self.product_certificate(p, c))
                .collect(),
            specs,
            certifications: s.certifications.clone(),
            producer: self.producer_cards[p.producer.index()].clone(),
            producer_card: self.producer_boxes[p.producer.index()].clone(),
            sold_at: p
                .sold_at
                .iter()
                .map(|id| self.sales_point_cards[id.index()].clone())
                .collect(),
            shops: p
                .shops
                .iter()
                .map(|s| Shop {
                    name: s.name.clone(),
                    url: s.url.clone(),
                })
                .collect(),
            fairs: p
                .fairs
                .iter()
                .map(|id| self.fair_cards[id.index()].clone())
                .collect(),
            stories: p
                .stories
                .iter()
                .map(|id| self.story_cards[id.index()].clone())
                .collect(),
            related: self.product_cards_of(&related),
            qr: crate::base::qr::qr_svg(&self.urls.asset_absolute(&urls::product(&p.common.slug))),
        }
    }

    pub(crate) fn producer(&self, id: ProducerId) -> ProducerView {
        let p = self.site.producer(id);
        let card = self.producer_cards[id.index()].clone();
        let (body_html, body_lang) = self.body(&p.common);
        ProducerView {
            photos: self.images(urls::path::PRODUCERS, &p.common, &card.name),
            card,
            qr: crate::base::qr::qr_svg(&self.urls.asset_absolute(&urls::producer(&p.common.slug))),
            tax_code: p.tax_code.clone(),
            founded: p.founded,
            members: p.members,
            map_url: map_url(p.location),
            directions_url: directions_url(p.location),
            certifications: p.certifications.clone(),
            body_html,
            body_lang,
            products: self.product_cards_of(&self.sorted(&p.products)),
            fairs: p
                .fairs
                .iter()
                .map(|f| self.fair_cards[f.index()].clone())
                .collect(),
            stories: p
                .stories
                .iter()
                .map(|s| self.story_cards[s.index()].clone())
                .collect(),
        }
    }

    /// A producer's entry in the supplier directory: what a buyer screens on, built only for
    /// the producers of the page being rendered.
    pub(crate) fn supplier(&self, id: ProducerId) -> SupplierEntry {
        const SHOWN: usize = 6;
        let site = self.site;
        let p = site.producer(id);
        let today = site.today;
        let mut products: Vec<ProductId> = p
            .products
            .iter()
            .copied()
            .filter(|&x| site.is_published(site.product(x)))
            .collect();
        products.sort_by_key(|&x| (!site.product(x).is_certified(today), self.rank[x.index()]));
        let mut groups: Vec<refdata::Group> =
            products.iter().map(|&x| site.product(x).group).collect();
        groups.sort();
        groups.dedup();
        SupplierEntry {
            card: self.producer_cards[id.index()].clone(),
            with_barcode: products
                .iter()
                .filter(|&&x| site.product(x).specs.barcode.is_some())
                .count(),
            more_products: products.len().saturating_sub(SHOWN),
            groups: groups.iter().map(|&g| group_short(self.tr, g)).collect(),
            products: products
                .iter()
                .take(SHOWN)
                .map(|&x| {
                    let product = site.product(x);
                    let card = &self.product_cards[x.index()];
                    let c = product.current();
                    SupplierProduct {
                        name: card.name.clone(),
                        name_lang: card.name_lang.clone(),
                        source_lang: self.source_lang(),
                        unit_lang: card.unit_lang.clone(),
                        url: card.url.clone(),
                        stars: card.stars,
                        stars_label: card.stars_label.clone(),
                        status: card.status.clone(),
                        valid_until: date(c.valid_until),
                        valid_until_iso: iso(c.valid_until),
                        has_barcode: product.specs.barcode.is_some(),
                        capacity: product.specs.capacity.clone(),
                        min_order: product.specs.min_order.clone(),
                        price: card.price.clone(),
                        unit: card.unit.clone(),
                    }
                })
                .collect(),
        }
    }

    pub(crate) fn sales_point(&self, id: SalesPointId) -> SalesPointView {
        let s = self.site.sales_point(id);
        let card = self.sales_point_cards[id.index()].clone();
        let (body_html, body_lang) = self.body(&s.common);
        SalesPointView {
            photos: self.images(urls::path::SALES_POINTS, &s.common, &card.name),
            card,
            body_html,
            body_lang,
            products: self.product_cards_of(&self.sorted(&s.products)),
        }
    }

    pub(crate) fn fair(&self, id: FairId) -> FairView {
        let f = self.site.fair(id);
        let card = self.fair_cards[id.index()].clone();
        let (body_html, body_lang) = self.body(&f.common);
        FairView {
            photos: self.images(urls::path::FAIRS, &f.common, &card.name),
            address: f
                .address
                .as_deref()
                .map(|a| full_address(Some(a), None, &card.province)),
            map_url: map_url(f.location),
            directions_url: directions_url(f.location),
            card,
            organizer: f.organizer.clone(),
            website: f.website.clone(),
            body_html,
            body_lang,
            source_lang: self.source_lang(),
            producers: f
                .producers
                .iter()
                .map(|p| self.producer_cards[p.index()].clone())
                .collect(),
            products: self.product_cards_of(&self.sorted(&f.products)),
        }
    }

    pub(crate) fn free_page(&self, i: usize) -> FreePageView {
        let p = &self.site.pages[i];
        let (title, title_lang) = self.text(&p.title, p.common.en.name.as_ref());
        let (body_html, body_lang) = self.body(&p.common);
        FreePageView {
            title,
            title_lang,
            body_html,
            body_lang,
        }
    }

    pub(crate) fn story(&self, id: StoryId) -> StoryView {
        let s = self.site.story(id);
        let card = self.story_cards[id.index()].clone();
        let (body_html, body_lang) = self.body(&s.common);
        StoryView {
            photos: self.images(urls::path::STORIES, &s.common, &card.title),
            card,
            body_html,
            body_lang,
            producers: s
                .producers
                .iter()
                .map(|p| self.producer_cards[p.index()].clone())
                .collect(),
            products: self.product_cards_of(&self.sorted(&s.products)),
        }
    }
}

/// The output path of a record's photo, relative to the site root.
pub(crate) fn photo_path(section_path: &str, slug: &str, name: &str) -> String {
    format!("{section_path}{slug}/{}", urls::encode_segment(name))
}

/// Every product in catalogue order: stars (most first), then name in folded alphabetical
/// order (`name_key`, folded once when the record is resolved), then slug.
pub(crate) fn catalogue_order(site: &Site) -> Vec<ProductId> {
    let mut ids: Vec<ProductId> = (0..site.products.len() as u32).map(ProductId).collect();
    ids.sort_by(|&a, &b| {
        let (a, b) = (site.product(a), site.product(b));
        (b.stars(), &a.name_key, &a.common.slug).cmp(&(a.stars(), &b.name_key, &b.common.slug))
    });
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// `catalogue_order` compares the folded names made at resolution (`name_key`); the
    /// order must be the one of folding each name while sorting.
    #[test]
    fn catalogue_order_is_stars_then_folded_name_then_slug() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = crate::base::diag::Problems::new();
        let raw = crate::load::load(root, &mut problems);
        let opts = crate::resolve::ResolveOptions {
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default(),
            base_url: None,
            drafts: false,
        };
        let Some(site) = crate::resolve::resolve(raw, &opts, &mut problems) else {
            panic!("the example site resolves")
        };
        let mut want: Vec<ProductId> = (0..site.products.len() as u32).map(ProductId).collect();
        want.sort_by_cached_key(|&id| {
            let p = site.product(id);
            (
                std::cmp::Reverse(p.stars()),
                crate::base::vietnamese::fold(&p.name),
                p.common.slug.clone(),
            )
        });
        assert!(want.len() > 40);
        assert_eq!(catalogue_order(&site), want);
    }
}
