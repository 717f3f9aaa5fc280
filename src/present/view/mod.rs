//! The plain, serialisable structs that templates see.
//!
//! Templates never see the model: they see these views, built by `render` from the model for
//! one page at a time, holding only what that page shows (a listing page gets its 24 cards,
//! never the whole catalogue). Every string here is final text in the page's language or a
//! ready URL:
//! URLs are root-relative and already carry the site's base path (`/ocop/san-pham/...`), except
//! `PageMeta::canonical` and `PageMeta::og_image`, which are absolute. Dates come twice: as
//! display text (`20/05/2024`) and ISO (`2024-05-20`) for `<time datetime>`.
//!
//! Languages: a field `X_lang` next to a text field `X` is `"vi"` when `X` is the Vietnamese
//! text shown on a page of another language for want of a translation, and empty otherwise;
//! templates put it in a `lang` attribute. `source_lang` does the same for record text that
//! is never translated (addresses, specifications, tags).
//!
//! This folder is the contract with theme authors; `docs/themes.md` lists what each template
//! gets, and a test keeps that list in step with the structs here (the statistics page's and
//! the plans' in `figures`).

use std::sync::{Arc, OnceLock};

use serde::{Serialize, Serializer};

mod changes;
mod figures;
pub use changes::*;
pub use figures::*;

/// A card that appears on many pages (a product card, a supplier entry), made once.
///
/// Pages see `html`: the card as the theme's partial renders it from the fields of `T`
/// (`partials/product_card.html` gets `card`, `partials/supplier.html` gets `entry`), made
/// once per card and language rather than once per page that shows it. A page's list of
/// cards is a list of pointers to them, so a listing page costs its own HTML, not 24 card
/// renders (a 20,000-product catalogue shows each card on about eight pages). Only the HTML
/// is kept for templates: the fields as template values would double the memory of a
/// 100,000-product build for nothing a page needs.
#[derive(Debug)]
pub struct Shared<T>(Arc<SharedCell<T>>);

struct SharedCell<T> {
    data: T,
    /// What templates see once the renderer made it; its type is the template engine's
    /// (this stage knows none: `render` makes it).
    value: OnceLock<Box<dyn erased_serde::Serialize + Send + Sync>>,
}

impl<T: std::fmt::Debug> std::fmt::Debug for SharedCell<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedCell")
            .field("data", &self.data)
            .field("prepared", &self.value.get().is_some())
            .finish()
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.data
    }
}

impl<T: Serialize> Shared<T> {
    pub(crate) fn new(data: T) -> Self {
        Shared(Arc::new(SharedCell {
            data,
            value: OnceLock::new(),
        }))
    }

    /// Makes what templates see unless it is made already: `make` renders the card from its
    /// fields into the template engine's value (`render` passes it; see `render::prepare`).
    pub(crate) fn prepare<V, E>(&self, make: impl FnOnce(&T) -> Result<V, E>) -> Result<(), E>
    where
        V: Serialize + Send + Sync + 'static,
    {
        if self.0.value.get().is_some() {
            return Ok(());
        }
        let value = make(&self.0.data)?;
        // Two threads may make it at once; both values are the same.
        let _ = self.0.value.set(Box::new(value));
        Ok(())
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.value.get() {
            // Cheap: a template value serialises into another by sharing it.
            Some(v) => erased_serde::serialize(v.as_ref(), s),
            // Outside templates (JSON-LD, tests), the plain fields.
            None => self.0.data.serialize(s),
        }
    }
}

/// What every page gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub title_lang: String,
    pub description: String,
    pub description_lang: String,
    /// Absolute base URL with a trailing slash.
    pub base_url: String,
    /// Root-relative base path with a trailing slash (`/` or `/ocop/`).
    pub base_path: String,
    /// Language of the page (`vi`, `en`), for `<html lang>`.
    pub lang: String,
    pub province: String,
    pub logo: Option<String>,
    pub footer: String,
    pub footer_lang: String,
    /// `"vi"` on pages in another language: the language of the contact details.
    pub text_lang: String,
    /// Theme colours set in `site.toml` `[colors]`, as CSS custom properties.
    pub colors: Vec<CssColor>,
    /// Addresses of the main pages in this language.
    pub links: SiteLinks,
    pub contact: ContactView,
    /// Main navigation, in order.
    pub nav: Vec<NavItem>,
    /// URL of the stories Atom feed.
    pub feed_url: String,
    /// Build date shown in the footer (display form).
    pub build_date: String,
    /// The build date, ISO: the day the statuses written in the page were decided on
    /// (`data-built` of the print-date line, which `status.js` reads).
    pub build_date_iso: String,
    /// How many days before its end a certificate counts as expiring (90), for `status.js`.
    pub expiring_days: i64,
    /// URL of `status.js` (with a version query), loaded `defer` on every page: it decides
    /// certificate and fair statuses again on the reader's date.
    pub status_script: String,
    /// URL of the theme stylesheet.
    pub stylesheet: String,
    pub favicon: String,
}

/// `--NAME: VALUE` in the page's `:root` style.
#[derive(Debug, Clone, Serialize)]
pub struct CssColor {
    /// `primary` or `accent`.
    pub name: String,
    /// `#rrggbb`.
    pub value: String,
}

/// Addresses of the main pages, in the page's language (`/en/...` on English pages).
#[derive(Debug, Clone, Serialize)]
pub struct SiteLinks {
    pub home: String,
    pub search: String,
    pub products: String,
    pub five_stars: String,
    pub producers: String,
    pub sales_points: String,
    pub fairs: String,
    pub stories: String,
    pub data: String,
    /// What OCOP star ratings mean (`/sao-ocop/`), which the stars link to.
    pub ratings: String,
    /// The catalogue's figures (`/thong-ke/`).
    pub statistics: String,
    /// What changed between builds (`/thay-doi/`).
    pub changes: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ContactView {
    pub office: String,
    pub address: String,
    pub phone: String,
    pub phone_href: String,
    pub email: String,
    pub website: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub name: String,
    pub url: String,
    /// The section key (`products`, `producers`, `sales-points`, `fairs`, `stories`, `about`).
    pub key: String,
    pub lang: String,
}

/// What every page gets as `page`: head metadata and breadcrumb.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// `<title>` text (already suffixed with the site title where wanted).
    pub title: String,
    /// The page's own heading.
    pub heading: String,
    pub description: String,
    /// Absolute canonical URL.
    pub canonical: String,
    /// Root-relative URL of this page.
    pub url: String,
    /// Open Graph type: `website`, `product`, `profile`, `article`.
    pub og_type: String,
    /// Absolute URL of the preview image, if any.
    pub og_image: Option<String>,
    /// Breadcrumb from the home page to this page (the last entry is this page).
    pub breadcrumb: Vec<Link>,
    /// schema.org JSON-LD, already serialised and safe to put inside `<script>`.
    pub json_ld: Option<String>,
    /// The nav key of the section this page belongs to (for `aria-current`).
    pub section: String,
    /// Kind of page (`home`, `listing`, `product`...), used as a body class.
    pub kind: String,
    /// This page in every language of the site (one entry when the site has one language):
    /// for `hreflang` links and the language switcher.
    pub alternates: Vec<Alternate>,
    /// Absolute URL of the Vietnamese page, for `hreflang="x-default"` (when there are
    /// several languages).
    pub x_default: Option<String>,
    /// The site the page's record was merged from (`[[sources]]`); `None` for the site's
    /// own records and every other page.
    pub source: Option<SourceView>,
}

/// Where a merged record came from: `page.source`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The source's label in site.toml ("Tuyên Quang").
    pub label: String,
    /// The source site's title, as its exports give it, else the label.
    pub title: String,
    /// The source site's address.
    pub site_url: String,
    /// The record's own page on the source site (also the page's canonical address).
    pub page: String,
    /// The day the copy in use was fetched: `05/12/2026` and `2026-12-05`.
    pub fetched: String,
    pub fetched_iso: String,
}

/// This page in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// `vi` or `en`.
    pub lang: String,
    /// The language's own name ("Tiếng Việt", "English").
    pub name: String,
    /// Root-relative and absolute URL of the page in that language.
    pub url: String,
    pub absolute: String,
    /// The language of the page being shown.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
    /// `"vi"` when `name` is Vietnamese on a page of another language.
    pub lang: String,
}

/// A link with a count, for facets and browse lists.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCount {
    pub name: String,
    pub url: String,
    pub count: usize,
    /// This link is the page being shown.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// The `<img src>`: a mid-size JPEG (or the SVG itself).
    pub url: String,
    /// The largest version, for "view full size" links.
    pub full: String,
    pub alt: String,
    /// Size of the largest version (for `width`/`height`: no layout shift).
    pub width: u32,
    pub height: u32,
    /// `srcset` of the WebP versions, when the photo is a raster image.
    pub srcset_webp: Option<String>,
    /// `srcset` of the JPEG versions.
    pub srcset_jpeg: Option<String>,
    /// Absolute URL of the 1200×630 social card, when there is one.
    pub social: Option<String>,
    /// The record marks the photo illustrative: templates show "Ảnh minh họa" with it.
    pub illustrative: bool,
}

/// A certificate status, as a key for CSS and a label for people.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// `valid`, `expiring`, `expired` or `revoked`.
    pub key: String,
    /// "Còn hiệu lực", "Sắp hết hạn", "Hết hạn", "Đã thu hồi".
    pub label: String,
    /// The certificate's last valid day, ISO (`2027-05-20`): `data-cert-until`, from which
    /// `status.js` decides the status again on the reader's date.
    pub until: String,
    /// The day it was revoked, ISO, or empty: `data-cert-revoked`.
    pub revoked: String,
}

/// A product as a card in listings.
#[derive(Debug, Clone, Serialize)]
pub struct ProductCard {
    pub name: String,
    pub name_lang: String,
    pub url: String,
    pub image: Option<ImageView>,
    /// Current star rating, 1 to 5.
    pub stars: u8,
    /// "4 sao OCOP": the text equivalent of the stars.
    pub stars_label: String,
    pub group: String,
    pub province: String,
    pub producer: String,
    pub producer_lang: String,
    /// "120.000 ₫", if priced.
    pub price: Option<String>,
    pub unit: Option<String>,
    pub unit_lang: String,
    pub summary: String,
    pub summary_lang: String,
    pub status: StatusView,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertificateView {
    pub stars: u8,
    pub stars_label: String,
    pub decision: String,
    pub issued: String,
    pub issued_iso: String,
    pub issuer: Option<String>,
    /// `"vi"` when the issuer is shown in Vietnamese on a page in another language (its name
    /// follows no pattern with a certain translation).
    pub issuer_lang: String,
    pub score: Option<u8>,
    pub valid_until: String,
    pub valid_until_iso: String,
    pub revoked: Option<String>,
    pub revoked_iso: Option<String>,
    pub status: StatusView,
    /// The decision document (a PDF beside the page, or a web address), when linked.
    pub document: Option<DocumentLink>,
}

/// A link to a certificate's decision document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentLink {
    pub url: String,
    /// "Xem quyết định (PDF, 230 KB)", or "Xem quyết định" for a web address.
    pub label: String,
    /// The PDF is published with the site (else `url` leads to another site).
    pub local: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpecRow {
    pub label: String,
    pub value: String,
    /// `"vi"` on pages in another language, unless the value reads the same in every
    /// language (digits, a measure such as "500 ml").
    pub lang: String,
}

/// A producer as a card (also the contact card on product pages).
#[derive(Debug, Clone, Serialize)]
pub struct ProducerCard {
    pub name: String,
    pub name_lang: String,
    /// `"vi"` on pages in another language (address, representative).
    pub source_lang: String,
    pub url: String,
    pub kind: String,
    pub kind_label: String,
    pub province: String,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub representative: Option<String>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub zalo: Option<String>,
    pub zalo_href: Option<String>,
    pub facebook: Option<String>,
    pub image: Option<ImageView>,
    pub product_count: usize,
    /// Best current star rating among its certified products.
    pub best_stars: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SalesPointCard {
    pub name: String,
    pub name_lang: String,
    /// `"vi"` on pages in another language (address).
    pub source_lang: String,
    pub url: String,
    pub kind_label: String,
    pub province: String,
    pub commune: Option<String>,
    pub address: String,
    /// The address written once: `address`, then the commune and province when it does not
    /// already name them.
    pub full_address: String,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub hours: Option<String>,
    pub hours_lang: String,
    /// The place on a web map (OpenStreetMap).
    pub map_url: Option<String>,
    /// Directions in the phone's map app (a Maps URL that Android and iPhone both open).
    pub directions_url: Option<String>,
    pub product_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FairCard {
    pub name: String,
    pub name_lang: String,
    pub url: String,
    /// "12–16/12/2026".
    pub dates: String,
    /// First and last day, display form.
    pub starts: String,
    pub ends: String,
    pub starts_iso: String,
    pub ends_iso: String,
    pub venue: String,
    pub venue_lang: String,
    pub province: String,
    /// `upcoming`, `ongoing` or `past`.
    pub status: String,
    pub status_label: String,
    /// "Add to calendar": the fair's .ics file.
    pub calendar: String,
    pub image: Option<ImageView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryCard {
    pub title: String,
    pub title_lang: String,
    pub url: String,
    pub date: String,
    pub date_iso: String,
    pub author: Option<String>,
    /// `vi` on English pages: a story's author (a name, or "Ban biên tập") is written in
    /// Vietnamese only.
    pub author_lang: String,
    pub summary: String,
    pub summary_lang: String,
    pub image: Option<ImageView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Shop {
    pub name: String,
    pub url: String,
}

// ---------------------------------------------------------------- pages

/// `home.html`: the key `home`.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// Up to 8 five-star products.
    pub featured: Vec<Shared<ProductCard>>,
    pub newest: Vec<Shared<ProductCard>>,
    pub groups: Vec<LinkCount>,
    pub stars: Vec<LinkCount>,
    pub provinces: Vec<LinkCount>,
    pub upcoming_fairs: Vec<FairCard>,
    pub stories: Vec<StoryCard>,
    pub product_count: usize,
    pub producer_count: usize,
    pub sales_point_count: usize,
    pub catalogue_url: String,
    pub fairs_url: String,
    pub stories_url: String,
}

/// `listing.html`: the key `listing` (catalogue and its star, group, province, kind pages).
#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    pub intro: String,
    /// Number of products in the whole listing (all pages).
    pub total: usize,
    pub products: Vec<Shared<ProductCard>>,
    pub pagination: Option<Pagination>,
    pub facets: Vec<Facet>,
    /// Link back to the whole certified catalogue, or to the expired list.
    pub other: Vec<Link>,
    /// The search page showing this listing's products, where filters combine and results
    /// sort (`/tim-kiem/?sao=5`).
    pub refine_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Facet {
    pub name: String,
    pub items: Vec<LinkCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total_pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages left out here (shown as "…"); `number` and `url` are then empty.
    pub gap: bool,
}

/// `product.html`: the key `product`.
#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    pub name: String,
    pub name_lang: String,
    pub url: String,
    pub summary: String,
    pub summary_lang: String,
    pub body_html: String,
    pub body_lang: String,
    /// `"vi"` on pages in another language (address, tags, subgroup; each specification has its own `lang`).
    pub source_lang: String,
    pub photos: Vec<ImageView>,
    pub cover: Option<ImageView>,
    pub group: Link,
    pub subgroup: Option<String>,
    pub province: Link,
    pub commune: Option<String>,
    pub address: Option<String>,
    pub price: Option<String>,
    pub unit: Option<String>,
    pub unit_lang: String,
    pub tags: Vec<String>,
    pub stars: u8,
    pub stars_label: String,
    pub status: StatusView,
    /// The current (newest) certificate.
    pub certificate: CertificateView,
    /// Every certificate, newest first (the star history); more than one means it moved.
    pub history: Vec<CertificateView>,
    pub specs: Vec<SpecRow>,
    pub certifications: Vec<String>,
    pub producer: ProducerCard,
    /// The producer's card as `partials/producer_card.html` renders it, made once per
    /// producer: `{{ product.producer_card.html | safe }}`.
    pub producer_card: Shared<ProducerCard>,
    pub sold_at: Vec<SalesPointCard>,
    pub shops: Vec<Shop>,
    pub fairs: Vec<FairCard>,
    pub stories: Vec<StoryCard>,
    pub related: Vec<Shared<ProductCard>>,
    /// QR code of this page's Vietnamese address (the one printed on labels and fair
    /// booths, whatever the page's language), as SVG markup: `{{ product.qr | safe }}`.
    pub qr: String,
}

/// `producer.html`: the key `producer`.
#[derive(Debug, Clone, Serialize)]
pub struct ProducerView {
    pub card: ProducerCard,
    /// QR code of this page's Vietnamese address, as SVG markup: `{{ producer.qr | safe }}`.
    pub qr: String,
    pub tax_code: Option<String>,
    pub founded: Option<i32>,
    pub members: Option<u32>,
    /// The place on a web map (OpenStreetMap).
    pub map_url: Option<String>,
    /// Directions in the phone's map app.
    pub directions_url: Option<String>,
    pub certifications: Vec<String>,
    pub body_html: String,
    pub body_lang: String,
    pub photos: Vec<ImageView>,
    pub products: Vec<Shared<ProductCard>>,
    pub fairs: Vec<FairCard>,
    pub stories: Vec<StoryCard>,
}

/// `producers.html`: the key `directory`, the supplier directory for buyers: every producer,
/// or those of one province, kind, product group or best star rating, one page of
/// `per_page` entries at a time.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryView {
    pub intro: String,
    /// Number of producers in the whole directory page set (all pages).
    pub total: usize,
    /// Filters (province, kind, product group, best stars), each link with its count.
    pub facets: Vec<Facet>,
    /// This page's entries, by province.
    pub groups: Vec<ProducerGroup>,
    pub pagination: Option<Pagination>,
    /// Link back to the whole directory (on filtered pages).
    pub other: Vec<Link>,
    /// The whole directory to take away: the buyer's workbook, the producers as CSV, and
    /// the data page (with an empty `format`).
    pub downloads: Vec<DataFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProducerGroup {
    /// Province name.
    pub name: String,
    pub producers: Vec<Shared<SupplierEntry>>,
}

/// A producer as a buyer screens it in the supplier directory.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierEntry {
    /// Name, kind, place, contacts (with `tel:` link), best stars.
    pub card: ProducerCard,
    /// Its published products (at most 6), certified ones first.
    pub products: Vec<SupplierProduct>,
    /// How many more products the producer page lists.
    pub more_products: usize,
    /// Of all its published products, how many have a barcode (GTIN).
    pub with_barcode: usize,
    /// Product groups it makes (short names).
    pub groups: Vec<String>,
}

/// One product line of a supplier entry.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierProduct {
    pub name: String,
    pub name_lang: String,
    /// `"vi"` on pages in another language (capacity, minimum order: record text).
    pub source_lang: String,
    pub unit_lang: String,
    pub url: String,
    pub stars: u8,
    pub stars_label: String,
    pub status: StatusView,
    /// Last day of the current certificate, display and ISO form.
    pub valid_until: String,
    pub valid_until_iso: String,
    pub has_barcode: bool,
    pub capacity: Option<String>,
    pub min_order: Option<String>,
    pub price: Option<String>,
    pub unit: Option<String>,
}

/// `sales_points.html`: the key `sales_points`.
#[derive(Debug, Clone, Serialize)]
pub struct SalesPointsView {
    pub total: usize,
    pub groups: Vec<SalesPointGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SalesPointGroup {
    pub name: String,
    pub points: Vec<SalesPointCard>,
}

/// `sales_point.html`: the key `point`.
#[derive(Debug, Clone, Serialize)]
pub struct SalesPointView {
    pub card: SalesPointCard,
    pub body_html: String,
    pub body_lang: String,
    pub photos: Vec<ImageView>,
    pub products: Vec<Shared<ProductCard>>,
}

/// `fairs.html`: the key `fairs`.
#[derive(Debug, Clone, Serialize)]
pub struct FairsView {
    pub upcoming: Vec<FairCard>,
    pub past: Vec<FairCard>,
    /// Calendar (.ics) of every fair not yet over.
    pub calendar: String,
}

/// `data.html`: the key `data` ("Dữ liệu cho nhà phân phối").
#[derive(Debug, Clone, Serialize)]
pub struct DataView {
    /// The files for spreadsheets: the buyer's workbook in the page's language and the CSV
    /// files with Vietnamese headings.
    pub buyer: Vec<DataFile>,
    /// The files for programs: CSV with code names, JSON, calendars, the feed.
    pub files: Vec<DataFile>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataFile {
    pub name: String,
    pub url: String,
    /// `Excel (.xlsx)`, `CSV`, `JSON`, `iCalendar`, `Atom`.
    pub format: String,
    pub description: String,
    /// The file's size for people (`45 kB`, `1,2 MB`); empty when not known.
    pub size: String,
}

/// `fair.html`: the key `fair`.
#[derive(Debug, Clone, Serialize)]
pub struct FairView {
    pub card: FairCard,
    /// The venue's address written once, with its province, when the record gives one.
    pub address: Option<String>,
    /// The venue on a web map (OpenStreetMap), when the record gives coordinates.
    pub map_url: Option<String>,
    /// Directions to the venue in the phone's map app.
    pub directions_url: Option<String>,
    pub organizer: Option<String>,
    pub website: Option<String>,
    pub body_html: String,
    pub body_lang: String,
    /// `"vi"` on pages in another language (organiser, address).
    pub source_lang: String,
    pub photos: Vec<ImageView>,
    pub producers: Vec<ProducerCard>,
    pub products: Vec<Shared<ProductCard>>,
}

/// `stories.html`: the key `stories`.
#[derive(Debug, Clone, Serialize)]
pub struct StoriesView {
    pub stories: Vec<StoryCard>,
}

/// `story.html`: the key `story`.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub card: StoryCard,
    pub body_html: String,
    pub body_lang: String,
    pub photos: Vec<ImageView>,
    pub producers: Vec<ProducerCard>,
    pub products: Vec<Shared<ProductCard>>,
}

/// `search.html`: the key `search` (the page at `/tim-kiem/`, run by `search.js`).
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    /// URL of the search index manifest (its name carries a content hash).
    pub index_url: String,
    /// URL of `search.js`, with a version query.
    pub script_url: String,
    /// Catalogue listings by stars, group, province and producer kind, with counts: what
    /// the page offers without JavaScript.
    pub browse: Vec<Facet>,
    pub catalogue_url: String,
    pub producers_url: String,
    /// Root-relative folder of this language's pages (`/` or `/en/`): `search.js` links
    /// results there (the index names the Vietnamese pages).
    pub pages_url: String,
    /// The interface text of `search.js` (the catalogue's `search_js.*`, plus the page's
    /// `lang` and group and producer kind names), as JSON safe inside `<script>`.
    pub strings_json: String,
}

/// `page.html`: the key `content`.
#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    pub title: String,
    pub title_lang: String,
    pub body_html: String,
    pub body_lang: String,
}
