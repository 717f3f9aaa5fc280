//! Presentation: turning model records into the view structs templates see.
//!
//! Cards (the small form of a record used in lists) are built once per record and shared by
//! every page that lists it, so a catalogue page costs its 24 card clones, not 24 lookups and
//! formatting passes; full views are built for one page at a time and dropped after rendering.
//! Formatting rules for Vietnamese readers live here: dates as 20/05/2024, prices as
//! 150.000 ₫, phone numbers as `tel:` links.

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::images;
use crate::model::*;
use crate::refdata;
use crate::urls::{self, Urls};
use crate::view::*;

pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// 150000 → "150.000 ₫".
pub fn price(vnd: u64) -> String {
    let digits = vnd.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" ₫");
    out
}

/// "0207 000 0123" → "tel:02070000123".
pub fn phone_href(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    (digits.len() >= 3).then(|| format!("tel:{digits}"))
}

pub fn map_url(loc: Option<(f64, f64)>) -> Option<String> {
    loc.map(|(lat, lon)| {
        format!(
            "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=16/{lat:.5}/{lon:.5}"
        )
    })
}

/// Dates of a fair: "12–16/12/2026", "30/12/2026–03/01/2027", "12/12/2026".
pub fn fair_dates(starts: NaiveDate, ends: NaiveDate) -> String {
    use chrono::Datelike;
    if starts == ends {
        date(starts)
    } else if starts.year() == ends.year() && starts.month() == ends.month() {
        format!("{:02}–{}", starts.day(), date(ends))
    } else {
        format!("{}–{}", date(starts), date(ends))
    }
}

fn status(s: CertStatus) -> StatusView {
    StatusView {
        key: s.key().into(),
        label: s.label().into(),
    }
}

/// Everything needed to present records, with cards built once.
pub struct Presenter<'a> {
    pub site: &'a Site,
    pub images: &'a images::Images,
    pub urls: Urls,
    pub product_cards: Vec<ProductCard>,
    pub producer_cards: Vec<ProducerCard>,
    pub sales_point_cards: Vec<SalesPointCard>,
    pub fair_cards: Vec<FairCard>,
    pub story_cards: Vec<StoryCard>,
    /// Position of each product in catalogue order.
    pub rank: Vec<u32>,
}

impl<'a> Presenter<'a> {
    pub fn new(site: &'a Site, images: &'a images::Images) -> Presenter<'a> {
        let urls = Urls::new(&site.config.base_url, &site.config.base_path());
        let mut p = Presenter {
            site,
            images,
            urls,
            product_cards: Vec::new(),
            producer_cards: Vec::new(),
            sales_point_cards: Vec::new(),
            fair_cards: Vec::new(),
            story_cards: Vec::new(),
            rank: vec![0; site.products.len()],
        };
        for (i, id) in catalogue_order(site).into_iter().enumerate() {
            p.rank[id.index()] = i as u32;
        }
        // Cards of a large catalogue are made in parallel (the order is kept).
        let product_cards = site
            .products
            .par_iter()
            .map(|x| p.make_product_card(x))
            .collect();
        p.product_cards = product_cards;
        let producer_cards = site
            .producers
            .par_iter()
            .map(|x| p.make_producer_card(x))
            .collect();
        p.producer_cards = producer_cards;
        p.sales_point_cards = site
            .sales_points
            .iter()
            .map(|x| p.make_sales_point_card(x))
            .collect();
        p.fair_cards = site.fairs.iter().map(|x| p.make_fair_card(x)).collect();
        p.story_cards = site.stories.iter().map(|x| p.make_story_card(x)).collect();
        p
    }

    pub fn image(&self, section_path: &str, c: &Common, photo: &Photo, alt: &str) -> ImageView {
        let fallback = || {
            let url = self
                .urls
                .url(&photo_path(section_path, &c.slug, &photo.name));
            ImageView {
                full: url.clone(),
                url,
                alt: alt.to_string(),
                width: photo.width,
                height: photo.height,
                srcset_webp: None,
                srcset_jpeg: None,
                social: None,
            }
        };
        match self.images.output(&photo.source) {
            Some(images::Output::Raster {
                variants, social, ..
            }) if !variants.is_empty() => {
                let srcset = |f: &dyn Fn(&images::Variant) -> &String| {
                    variants
                        .iter()
                        .map(|v| format!("{} {}w", self.urls.url(f(v)), v.width))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let largest = &variants[variants.len() - 1];
                // The <img src> for browsers without srcset: about 720 pixels wide.
                let mid = variants.iter().find(|v| v.width >= 720).unwrap_or(largest);
                ImageView {
                    url: self.urls.url(&mid.jpeg),
                    full: self.urls.url(&largest.jpeg),
                    alt: alt.to_string(),
                    width: largest.width,
                    height: largest.height,
                    srcset_webp: Some(srcset(&|v| &v.webp)),
                    srcset_jpeg: Some(srcset(&|v| &v.jpeg)),
                    social: Some(self.urls.absolute(social)),
                }
            }
            Some(images::Output::Copy { path }) => ImageView {
                url: self.urls.url(path),
                full: self.urls.url(path),
                ..fallback()
            },
            _ => fallback(),
        }
    }

    fn images(&self, section_path: &str, c: &Common, alt: &str) -> Vec<ImageView> {
        c.photos
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let alt = if i == 0 {
                    alt.to_string()
                } else {
                    format!("{alt} – ảnh {}", i + 1)
                };
                self.image(section_path, c, p, &alt)
            })
            .collect()
    }

    fn cover(&self, section_path: &str, c: &Common, alt: &str) -> Option<ImageView> {
        c.photos
            .first()
            .map(|p| self.image(section_path, c, p, alt))
    }

    fn make_product_card(&self, p: &Product) -> ProductCard {
        let data = refdata::data();
        let stars = p.stars();
        ProductCard {
            name: p.name.clone(),
            url: self.urls.url(&urls::product(&p.common.slug)),
            image: self.cover(urls::path::PRODUCTS, &p.common, &p.name),
            stars: stars.get(),
            stars_label: stars.label(),
            group: p.group.short_vi().into(),
            province: data.province(p.province).short_name.clone(),
            producer: self
                .site
                .producers
                .get(p.producer.index())
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            price: p.price.map(price),
            unit: p.unit.clone(),
            summary: p.summary.clone().unwrap_or_default(),
            status: status(p.status(self.site.today)),
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
        ProducerCard {
            name: p.name.clone(),
            url: self.urls.url(&urls::producer(&p.common.slug)),
            kind: p.kind.key().into(),
            kind_label: p.kind.label().into(),
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
            image: self.cover(urls::path::PRODUCERS, &p.common, &p.name),
            product_count: published.len(),
            best_stars: best,
        }
    }

    fn make_sales_point_card(&self, s: &SalesPoint) -> SalesPointCard {
        SalesPointCard {
            name: s.name.clone(),
            url: self.urls.url(&urls::sales_point(&s.common.slug)),
            kind_label: s.kind.label().into(),
            province: refdata::data().province(s.province).short_name.clone(),
            commune: s.commune.clone(),
            address: s.address.clone(),
            phone: s.phone.clone(),
            phone_href: s.phone.as_deref().and_then(phone_href),
            hours: s.hours.clone(),
            map_url: map_url(s.location),
            product_count: s
                .products
                .iter()
                .filter(|&&id| self.site.is_published(self.site.product(id)))
                .count(),
        }
    }

    fn make_fair_card(&self, f: &Fair) -> FairCard {
        let (key, label) = match f.time(self.site.today) {
            FairTime::Upcoming => ("upcoming", "Sắp diễn ra"),
            FairTime::Ongoing => ("ongoing", "Đang diễn ra"),
            FairTime::Past => ("past", "Đã diễn ra"),
        };
        FairCard {
            name: f.name.clone(),
            url: self.urls.url(&urls::fair(&f.common.slug)),
            dates: fair_dates(f.starts, f.ends),
            starts: date(f.starts),
            ends: date(f.ends),
            starts_iso: iso(f.starts),
            ends_iso: iso(f.ends),
            venue: f.venue.clone(),
            province: refdata::data().province(f.province).short_name.clone(),
            status: key.into(),
            status_label: label.into(),
            calendar: self
                .urls
                .url(&crate::exports::fair_ics_path(&f.common.slug)),
            image: self.cover(urls::path::FAIRS, &f.common, &f.name),
        }
    }

    fn make_story_card(&self, s: &Story) -> StoryCard {
        StoryCard {
            title: s.title.clone(),
            url: self.urls.url(&urls::story(&s.common.slug)),
            date: date(s.date),
            date_iso: iso(s.date),
            author: s.author.clone(),
            summary: s.summary.clone().unwrap_or_default(),
            image: self.cover(urls::path::STORIES, &s.common, &s.title),
        }
    }

    /// The given products in catalogue order.
    pub fn sorted(&self, ids: &[ProductId]) -> Vec<ProductId> {
        let mut v = ids.to_vec();
        v.sort_by_key(|id| self.rank[id.index()]);
        v
    }

    /// Cards of the given products that are published, in the given order.
    pub fn product_cards_of(&self, ids: &[ProductId]) -> Vec<ProductCard> {
        ids.iter()
            .filter(|&&id| self.site.is_published(self.site.product(id)))
            .map(|&id| self.product_cards[id.index()].clone())
            .collect()
    }

    pub fn certificate(&self, c: &Certificate) -> CertificateView {
        CertificateView {
            stars: c.stars.get(),
            stars_label: c.stars.label(),
            decision: c.decision.clone(),
            issued: date(c.issued),
            issued_iso: iso(c.issued),
            issuer: c.issuer.clone(),
            score: c.score,
            valid_until: date(c.valid_until),
            valid_until_iso: iso(c.valid_until),
            revoked: c.revoked.map(date),
            revoked_iso: c.revoked.map(iso),
            status: status(c.status(self.site.today)),
        }
    }

    pub fn product(&self, id: ProductId, related: Vec<ProductId>) -> ProductView {
        let site = self.site;
        let p = site.product(id);
        let data = refdata::data();
        let card = &self.product_cards[id.index()];
        let s = &p.specs;
        let mut specs = Vec::new();
        let mut row = |label: &str, v: &Option<String>| {
            if let Some(v) = v {
                specs.push(SpecRow {
                    label: label.into(),
                    value: v.clone(),
                });
            }
        };
        row("Quy cách đóng gói", &s.packaging);
        row("Khối lượng / thể tích tịnh", &s.net_content);
        row("Hạn sử dụng", &s.shelf_life);
        row("Thành phần", &s.ingredients);
        row("Bảo quản", &s.storage);
        row(
            "Mã vạch (GTIN)",
            &s.barcode.as_ref().map(|g| g.as_str().to_string()),
        );
        row("Năng lực sản xuất", &s.capacity);
        row("Đơn hàng tối thiểu", &s.min_order);
        let province = data.province(p.province);
        ProductView {
            name: p.name.clone(),
            url: card.url.clone(),
            summary: card.summary.clone(),
            body_html: p.common.body_html.clone(),
            photos: self.images(urls::path::PRODUCTS, &p.common, &p.name),
            cover: card.image.clone(),
            group: Link {
                name: p.group.name_vi().into(),
                url: self.urls.url(&urls::group(p.group)),
            },
            subgroup: p.subgroup.clone(),
            province: Link {
                name: province.short_name.clone(),
                url: self.urls.url(&urls::province(&province.slug)),
            },
            commune: p.commune.clone(),
            address: p.address.clone(),
            price: card.price.clone(),
            unit: p.unit.clone(),
            tags: p.tags.clone(),
            stars: card.stars,
            stars_label: card.stars_label.clone(),
            status: card.status.clone(),
            certificate: self.certificate(p.current()),
            history: p.certificates.iter().map(|c| self.certificate(c)).collect(),
            specs,
            certifications: s.certifications.clone(),
            producer: self.producer_cards[p.producer.index()].clone(),
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
            qr: self
                .urls
                .url(&crate::exports::qr_path(&urls::product(&p.common.slug))),
        }
    }

    pub fn producer(&self, id: ProducerId) -> ProducerView {
        let p = self.site.producer(id);
        ProducerView {
            card: self.producer_cards[id.index()].clone(),
            qr: self
                .urls
                .url(&crate::exports::qr_path(&urls::producer(&p.common.slug))),
            tax_code: p.tax_code.clone(),
            founded: p.founded,
            members: p.members,
            map_url: map_url(p.location),
            certifications: p.certifications.clone(),
            body_html: p.common.body_html.clone(),
            photos: self.images(urls::path::PRODUCERS, &p.common, &p.name),
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
    pub fn supplier(&self, id: ProducerId) -> SupplierEntry {
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
            groups: groups.iter().map(|g| g.short_vi().to_string()).collect(),
            products: products
                .iter()
                .take(SHOWN)
                .map(|&x| {
                    let product = site.product(x);
                    let card = &self.product_cards[x.index()];
                    let c = product.current();
                    SupplierProduct {
                        name: card.name.clone(),
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

    pub fn sales_point(&self, id: SalesPointId) -> SalesPointView {
        let s = self.site.sales_point(id);
        SalesPointView {
            card: self.sales_point_cards[id.index()].clone(),
            body_html: s.common.body_html.clone(),
            photos: self.images(urls::path::SALES_POINTS, &s.common, &s.name),
            products: self.product_cards_of(&self.sorted(&s.products)),
        }
    }

    pub fn fair(&self, id: FairId) -> FairView {
        let f = self.site.fair(id);
        FairView {
            card: self.fair_cards[id.index()].clone(),
            organizer: f.organizer.clone(),
            website: f.website.clone(),
            body_html: f.common.body_html.clone(),
            photos: self.images(urls::path::FAIRS, &f.common, &f.name),
            producers: f
                .producers
                .iter()
                .map(|p| self.producer_cards[p.index()].clone())
                .collect(),
            products: self.product_cards_of(&self.sorted(&f.products)),
        }
    }

    pub fn story(&self, id: StoryId) -> StoryView {
        let s = self.site.story(id);
        StoryView {
            card: self.story_cards[id.index()].clone(),
            body_html: s.common.body_html.clone(),
            photos: self.images(urls::path::STORIES, &s.common, &s.title),
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
pub fn photo_path(section_path: &str, slug: &str, name: &str) -> String {
    format!("{section_path}{slug}/{}", urls::encode_segment(name))
}

/// Every product in catalogue order: stars (most first), then name in folded alphabetical
/// order, then slug. The sort keys are computed once per product.
pub fn catalogue_order(site: &Site) -> Vec<ProductId> {
    let mut ids: Vec<ProductId> = (0..site.products.len() as u32).map(ProductId).collect();
    ids.sort_by_cached_key(|&id| {
        let p = site.product(id);
        (
            std::cmp::Reverse(p.stars()),
            crate::vietnamese::fold(&p.name),
            p.common.slug.clone(),
        )
    });
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_use_vietnamese_grouping() {
        assert_eq!(price(150000), "150.000 ₫");
        assert_eq!(price(1_250_000), "1.250.000 ₫");
        assert_eq!(price(900), "900 ₫");
    }

    #[test]
    fn phone_links_keep_digits() {
        assert_eq!(
            phone_href("0207 000 0123").as_deref(),
            Some("tel:02070000123")
        );
        assert_eq!(
            phone_href("+84 207 000 123").as_deref(),
            Some("tel:+84207000123")
        );
        assert_eq!(phone_href("--"), None);
    }

    #[test]
    fn fair_date_ranges() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            fair_dates(d(2026, 12, 12), d(2026, 12, 16)),
            "12–16/12/2026"
        );
        assert_eq!(
            fair_dates(d(2026, 12, 30), d(2027, 1, 3)),
            "30/12/2026–03/01/2027"
        );
    }
}
