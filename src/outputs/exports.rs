//! Data for buyers and trade promotion: CSV and JSON exports, fair calendars, QR codes and
//! the feed of newly certified products.
//!
//! Supermarket buyers take the catalogue away into spreadsheets and their own systems; a
//! national site may aggregate the catalogues of many provinces. The exports therefore have
//! stable, documented columns (docs/data-exports.md), absolute URLs, and a schema name and
//! version in the JSON. CSV files start with a UTF-8 byte order mark so Excel opens
//! Vietnamese correctly. Calendars follow RFC 5545 (escaping, line folding, all-day dates,
//! stable UIDs); QR codes are SVG, made at build time, for labels and fair booths.

use serde_json::json;
use std::io;

use crate::base::csv_cell::write_csv;
use crate::base::diag::{Problem, Problems};
use crate::model::refdata;
use crate::model::*;
use crate::outputs::buyer;
use crate::outputs::calendar::{calendar, host_of};
use crate::present::urls::{self, path};
use crate::present::urls::{fair_ics_path, out};
use crate::present::{Presenter, iso};
use crate::render::Renderer;

pub const PRODUCT_COLUMNS: &[&str] = &[
    "slug",
    "name",
    "url",
    "stars",
    "status",
    "decision",
    "issued",
    "valid_until",
    "issuer",
    "group",
    "subgroup",
    "province",
    "commune",
    "producer",
    "producer_url",
    "producer_kind",
    "price_vnd",
    "unit",
    "packaging",
    "net_content",
    "shelf_life",
    "storage",
    "certifications",
    "gtin",
    "capacity",
    "min_order",
    "photo_url",
    "sold_at",
    "producer_phone",
    "producer_email",
    "former_province",
    "legacy_group",
    "source",
];

pub const PRODUCER_COLUMNS: &[&str] = &[
    "slug",
    "name",
    "url",
    "kind",
    "province",
    "commune",
    "address",
    "representative",
    "phone",
    "email",
    "website",
    "zalo",
    "tax_code",
    "founded",
    "members",
    "certifications",
    "product_count",
    "best_stars",
    "lat",
    "lon",
    "source",
];

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Products that are published, in catalogue order.
fn published(pr: &Presenter) -> Vec<ProductId> {
    let site = pr.site;
    let all: Vec<ProductId> = (0..site.products.len() as u32).map(ProductId).collect();
    pr.sorted(&all)
        .into_iter()
        .filter(|&id| site.is_published(site.product(id)))
        .collect()
}

/// What a product's CSV row and JSON item both say, found once for each.
struct Facts<'a> {
    site: &'a Site,
    p: &'a Product,
    c: &'a Certificate,
    producer: &'a Producer,
    province: &'a str,
    url: String,
    producer_url: String,
    sold_at: Vec<String>,
    status: &'static str,
    gtin: Option<String>,
}

impl<'a> Facts<'a> {
    fn of(pr: &'a Presenter, id: ProductId) -> Facts<'a> {
        let site = pr.site;
        let p = site.product(id);
        let producer = site.producer(p.producer);
        Facts {
            site,
            p,
            c: p.current(),
            producer,
            province: &refdata::data().province(p.province).name,
            url: pr.urls.absolute(&urls::product(&p.common.slug)),
            producer_url: pr.urls.absolute(&urls::producer(&producer.common.slug)),
            sold_at: p
                .sold_at
                .iter()
                .map(|s| site.sales_point(*s).common.slug.clone())
                .collect(),
            status: p.status(site.today).key(),
            gtin: p.specs.barcode.as_ref().map(|g| g.as_str().to_string()),
        }
    }
}

fn product_row(pr: &Presenter, id: ProductId) -> Vec<String> {
    let Facts {
        p,
        c,
        producer,
        province,
        url,
        producer_url,
        sold_at,
        status,
        gtin,
        ..
    } = Facts::of(pr, id);
    let s = &p.specs;
    let card = &pr.product_cards[id.index()];
    let photo = card
        .image
        .as_ref()
        .map(|i| pr.urls.absolute_of_url(&i.full));
    vec![
        p.common.slug.clone(),
        p.name.clone(),
        url,
        c.stars.get().to_string(),
        status.into(),
        c.decision.clone(),
        iso(c.issued),
        iso(c.valid_until),
        opt(&c.issuer),
        p.group.key().into(),
        opt(&p.subgroup),
        province.to_string(),
        opt(&p.commune),
        producer.name.clone(),
        producer_url,
        producer.kind.key().into(),
        p.price.map(|x| x.to_string()).unwrap_or_default(),
        opt(&p.unit),
        opt(&s.packaging),
        opt(&s.net_content),
        opt(&s.shelf_life),
        opt(&s.storage),
        s.certifications.join("; "),
        gtin.unwrap_or_default(),
        opt(&s.capacity),
        opt(&s.min_order),
        photo.unwrap_or_default(),
        sold_at.join("; "),
        opt(&producer.phone),
        opt(&producer.email),
        opt(&p.former_province),
        opt(&p.legacy_group),
        source_of(pr, &p.common).unwrap_or_default(),
    ]
}

/// The address of the site a merged record came from (`[[sources]]`); `None` for the
/// site's own records.
fn source_of(pr: &Presenter, c: &crate::model::Common) -> Option<String> {
    let o = c.origin.as_ref()?;
    let s = pr.site.source(o.source);
    Some(s.site_url.clone().unwrap_or_else(|| s.spec.label.clone()))
}

/// A product of `products.json`. The fields are in alphabetical order, the order the
/// export has always had (serde_json's maps are sorted), so each item is written straight
/// from the model instead of being built as a map first.
#[derive(serde::Serialize)]
struct ProductItem<'a> {
    address: &'a Option<String>,
    certificates: Vec<CertificateItem<'a>>,
    commune: &'a Option<String>,
    /// The province before the 2025 merger, when the record gives it.
    former_province: &'a Option<String>,
    group: &'static str,
    group_name: &'static str,
    /// The 1048/QĐ-TTg group name the record was written with, when it is not a current one.
    legacy_group: &'a Option<String>,
    name: &'a str,
    photos: Vec<String>,
    price_vnd: Option<u64>,
    producer: ProducerRef<'a>,
    province: &'a str,
    province_code: u16,
    shops: Vec<ShopItem<'a>>,
    slug: &'a str,
    sold_at: Vec<String>,
    /// The site it was merged from, for a national catalogue's merged records.
    source: Option<String>,
    specs: SpecsItem<'a>,
    stars: u8,
    status: &'static str,
    subgroup: &'a Option<String>,
    summary: &'a Option<String>,
    tags: &'a [String],
    unit: &'a Option<String>,
    url: String,
}

#[derive(serde::Serialize)]
struct CertificateItem<'a> {
    decision: &'a str,
    /// The decision document: its absolute address (a PDF beside the page, or the web
    /// address the record gives).
    document: Option<String>,
    issued: String,
    issuer: &'a Option<String>,
    revoked: Option<String>,
    score: Option<u8>,
    stars: u8,
    status: &'static str,
    valid_until: String,
}

#[derive(serde::Serialize)]
struct ProducerRef<'a> {
    email: &'a Option<String>,
    kind: &'static str,
    name: &'a str,
    phone: &'a Option<String>,
    slug: &'a str,
    url: String,
}

#[derive(serde::Serialize)]
struct ShopItem<'a> {
    name: &'a str,
    url: &'a str,
}

#[derive(serde::Serialize)]
struct SpecsItem<'a> {
    capacity: &'a Option<String>,
    certifications: &'a [String],
    gtin: Option<String>,
    ingredients: &'a Option<String>,
    min_order: &'a Option<String>,
    net_content: &'a Option<String>,
    packaging: &'a Option<String>,
    shelf_life: &'a Option<String>,
    storage: &'a Option<String>,
}

fn product_item<'a>(pr: &'a Presenter, id: ProductId) -> ProductItem<'a> {
    let Facts {
        site,
        p,
        c,
        producer,
        province,
        url,
        producer_url,
        sold_at,
        status,
        gtin,
    } = Facts::of(pr, id);
    let s = &p.specs;
    ProductItem {
        address: &p.address,
        certificates: p
            .certificates
            .iter()
            .map(|c| CertificateItem {
                decision: &c.decision,
                document: c.document.as_ref().map(|d| match d {
                    crate::model::Document::Url(u) => u.clone(),
                    crate::model::Document::Pdf { name, .. } => pr.urls.asset_absolute(
                        &crate::present::photo_path(urls::path::PRODUCTS, &p.common.slug, name),
                    ),
                }),
                issued: iso(c.issued),
                issuer: &c.issuer,
                revoked: c.revoked.map(iso),
                score: c.score,
                stars: c.stars.get(),
                status: c.status(site.today).key(),
                valid_until: iso(c.valid_until),
            })
            .collect(),
        commune: &p.commune,
        former_province: &p.former_province,
        group: p.group.key(),
        group_name: p.group.name_vi(),
        legacy_group: &p.legacy_group,
        name: &p.name,
        photos: match (&p.common.origin, p.common.photos.is_empty()) {
            // A merged product's photos are on its province's site.
            (Some(o), true) => o.photos.clone(),
            _ => p
                .common
                .photos
                .iter()
                .map(|ph| {
                    pr.urls
                        .absolute_of_url(&pr.image(path::PRODUCTS, &p.common, ph, &p.name).full)
                })
                .collect(),
        },
        price_vnd: p.price,
        producer: ProducerRef {
            email: &producer.email,
            kind: producer.kind.key(),
            name: &producer.name,
            phone: &producer.phone,
            slug: &producer.common.slug,
            url: producer_url,
        },
        province,
        province_code: refdata::data().province(p.province).code,
        shops: p
            .shops
            .iter()
            .map(|s| ShopItem {
                name: &s.name,
                url: &s.url,
            })
            .collect(),
        slug: &p.common.slug,
        sold_at,
        source: source_of(pr, &p.common),
        specs: SpecsItem {
            capacity: &s.capacity,
            certifications: &s.certifications,
            gtin,
            ingredients: &s.ingredients,
            min_order: &s.min_order,
            net_content: &s.net_content,
            packaging: &s.packaging,
            shelf_life: &s.shelf_life,
            storage: &s.storage,
        },
        stars: c.stars.get(),
        status,
        subgroup: &p.subgroup,
        summary: &p.summary,
        tags: &p.tags,
        unit: &p.unit,
        url,
    }
}

fn producer_row(pr: &Presenter, i: usize) -> Vec<String> {
    let p = &pr.site.producers[i];
    let card = &pr.producer_cards[i];
    let url = pr.urls.absolute(&urls::producer(&p.common.slug));
    let province = &refdata::data().province(p.province).name;
    let (lat, lon) = p
        .location
        .map(|(a, o)| (a.to_string(), o.to_string()))
        .unwrap_or_default();
    vec![
        p.common.slug.clone(),
        p.name.clone(),
        url,
        p.kind.key().into(),
        province.clone(),
        opt(&p.commune),
        opt(&p.address),
        opt(&p.representative),
        opt(&p.phone),
        opt(&p.email),
        opt(&p.website),
        opt(&p.zalo),
        opt(&p.tax_code),
        p.founded.map(|y| y.to_string()).unwrap_or_default(),
        p.members.map(|m| m.to_string()).unwrap_or_default(),
        p.certifications.join("; "),
        card.product_count.to_string(),
        card.best_stars.map(|s| s.to_string()).unwrap_or_default(),
        lat,
        lon,
        source_of(pr, &p.common).unwrap_or_default(),
    ]
}

/// A producer of `producers.json`, fields in alphabetical order as in [`ProductItem`].
#[derive(serde::Serialize)]
struct ProducerItem<'a> {
    address: &'a Option<String>,
    best_stars: Option<u8>,
    certifications: &'a [String],
    commune: &'a Option<String>,
    email: &'a Option<String>,
    facebook: &'a Option<String>,
    founded: Option<i32>,
    kind: &'static str,
    kind_name: &'static str,
    location: Option<LocationItem>,
    members: Option<u32>,
    name: &'a str,
    phone: &'a Option<String>,
    products: Vec<&'a str>,
    province: &'a str,
    province_code: u16,
    representative: &'a Option<String>,
    slug: &'a str,
    source: Option<String>,
    tax_code: &'a Option<String>,
    url: String,
    website: &'a Option<String>,
    zalo: &'a Option<String>,
}

#[derive(serde::Serialize)]
struct LocationItem {
    lat: f64,
    lon: f64,
}

fn producer_item<'a>(pr: &'a Presenter, i: usize) -> ProducerItem<'a> {
    let p = &pr.site.producers[i];
    let card = &pr.producer_cards[i];
    let province = refdata::data().province(p.province);
    ProducerItem {
        address: &p.address,
        best_stars: card.best_stars,
        certifications: &p.certifications,
        commune: &p.commune,
        email: &p.email,
        facebook: &p.facebook,
        founded: p.founded,
        kind: p.kind.key(),
        kind_name: p.kind.label(),
        location: p.location.map(|(lat, lon)| LocationItem { lat, lon }),
        members: p.members,
        name: &p.name,
        phone: &p.phone,
        products: pr
            .sorted(&p.products)
            .into_iter()
            .filter(|&id| pr.site.is_published(pr.site.product(id)))
            .map(|id| pr.site.product(id).common.slug.as_str())
            .collect(),
        province: &province.name,
        province_code: province.code,
        representative: &p.representative,
        slug: &p.common.slug,
        source: source_of(pr, &p.common),
        tax_code: &p.tax_code,
        url: pr.urls.absolute(&urls::producer(&p.common.slug)),
        website: &p.website,
        zalo: &p.zalo,
    }
}

/// A JSON export: `{"generated", KEY: [items], "schema", "site"}` (keys in that sorted
/// order, as a JSON map of this crate always has them), one item per line (`RecordPerLine`)
/// and written item by item, so a 100,000-product catalogue never holds its whole export in
/// memory.
fn write_envelope(
    w: &mut dyn io::Write,
    pr: &Presenter,
    schema: &str,
    key: &str,
    items: impl Iterator<Item = impl serde::Serialize>,
) -> io::Result<()> {
    use serde::ser::{SerializeMap, Serializer};
    struct Items<I>(std::cell::RefCell<Option<I>>);
    impl<T: serde::Serialize, I: Iterator<Item = T>> serde::Serialize for Items<I> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0.borrow_mut().take() {
                Some(items) => s.collect_seq(items),
                None => s.collect_seq(std::iter::empty::<T>()),
            }
        }
    }
    let site = pr.site;
    let site_value = json!({
        "title": site.config.title,
        "url": site.config.base_url,
        "province": site.config.province.map(|p| refdata::data().province(p).name.clone()),
    });
    let generated = iso(site.today);
    let items = Items(std::cell::RefCell::new(Some(items)));
    let mut keys = ["generated", key, "schema", "site"];
    keys.sort_unstable();
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, RecordPerLine::default());
    let mut map = ser.serialize_map(Some(4)).map_err(io::Error::other)?;
    for k in keys {
        match k {
            "generated" => map.serialize_entry(k, &generated),
            "schema" => map.serialize_entry(k, schema),
            "site" => map.serialize_entry(k, &site_value),
            _ => map.serialize_entry(k, &items),
        }
        .map_err(io::Error::other)?;
    }
    SerializeMap::end(map).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// A JSON layout with each item of the export's list on a line of its own and no other
/// whitespace: a quarter smaller than pretty-printing (12 MB at 20,000 products), while
/// a reader, `grep` or a line diff between two publications still sees one record a line.
#[derive(Default)]
struct RecordPerLine {
    /// Arrays and objects open around the next value: 1 in the envelope, 2 in the list.
    depth: usize,
}

impl RecordPerLine {
    /// Depth of the list of items inside the envelope.
    const LIST: usize = 2;
}

impl serde_json::ser::Formatter for RecordPerLine {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.depth == Self::LIST {
            w.write_all(b"\n")?;
        }
        self.depth -= 1;
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == Self::LIST {
            w.write_all(b"\n")?;
        }
        Ok(())
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(b"}")
    }
}

/// The paths [`all`] writes, without making the files (so a server knows which requests
/// are exports before it spends time on them).
pub(crate) fn paths(site: &Site) -> Vec<String> {
    let mut v: Vec<String> = [
        out::PRODUCTS_CSV,
        out::PRODUCTS_JSON,
        out::PRODUCERS_CSV,
        out::PRODUCERS_JSON,
        out::SALES_POINTS_JSON,
        out::FAIRS_JSON,
        out::CHANGES_JSON,
        out::PRODUCTS_CSV_VI,
        out::PRODUCERS_CSV_VI,
        out::SALES_POINTS_CSV_VI,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(site.config.languages.iter().map(|&l| out::workbook(l)));
    v.extend(
        site.config
            .languages
            .iter()
            .map(|&l| out::statistics_csv(l)),
    );
    for p in &site.plans {
        v.extend(
            site.config
                .languages
                .iter()
                .map(|&l| out::plan_csv(&p.common.slug, l)),
        );
    }
    v.extend(site.fairs.iter().map(|f| fair_ics_path(&f.common.slug)));
    v.push(out::FAIRS_ICS.to_string());
    v.push(out::NEW_PRODUCTS_FEED.to_string());
    v
}

/// Every export file: (site-relative path, contents), in memory (for `ocop serve`). A file
/// that cannot be made (a workbook whose sheet name a site's translation makes invalid) is
/// left out, with its problem in `out`.
pub(crate) fn all(r: &Renderer, out: &mut Problems) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    write_each(r, |path, write| {
        let mut buf = Vec::new();
        match write(&mut buf) {
            Ok(()) => files.push((path.to_string(), buf)),
            Err(e) => out.push(Problem::error(path, e.to_string())),
        }
    });
    files
}

/// Hands each export file to `sink`: its site-relative path and a function that writes its
/// contents into a writer. Files are made one at a time, each written as it is made.
pub(crate) fn write_each(
    r: &Renderer,
    mut sink: impl FnMut(&str, &dyn Fn(&mut dyn io::Write) -> io::Result<()>),
) {
    let pr = r.presenter();
    let site = pr.site;
    let products = published(pr);
    // The CSV and the JSON are made in two passes over the products rather than kept.
    sink(out::PRODUCTS_CSV, &|w| {
        let rows = products.iter().map(|&id| product_row(pr, id));
        write_csv(w, PRODUCT_COLUMNS, rows)
    });
    sink(out::PRODUCTS_JSON, &|w| {
        let items = products.iter().map(|&id| product_item(pr, id));
        write_envelope(w, pr, "ocop-products/1", "products", items)
    });
    sink(out::CHANGES_JSON, &|w| {
        w.write_all(crate::outputs::changes::json(pr).as_bytes())
    });
    let mut order: Vec<usize> = (0..site.producers.len()).collect();
    order.sort_by_cached_key(|&i| crate::base::vietnamese::fold(&site.producers[i].name));
    sink(out::PRODUCERS_CSV, &|w| {
        let rows = order.iter().map(|&i| producer_row(pr, i));
        write_csv(w, PRODUCER_COLUMNS, rows)
    });
    sink(out::PRODUCERS_JSON, &|w| {
        let items = order.iter().map(|&i| producer_item(pr, i));
        write_envelope(w, pr, "ocop-producers/1", "producers", items)
    });
    sink(out::SALES_POINTS_JSON, &|w| {
        let items = site.sales_points.iter().map(|s| {
            json!({
                "slug": s.common.slug,
                "name": s.name,
                "url": pr.urls.absolute(&urls::sales_point(&s.common.slug)),
                "kind": s.kind.label(),
                "province": refdata::data().province(s.province).name,
                "commune": s.commune,
                "address": s.address,
                "phone": s.phone,
                "hours": s.hours,
                "opened": s.opened.map(iso),
                "location": s.location.map(|(a, o)| json!({"lat": a, "lon": o})),
                "products": s.products.iter().filter(|&&id| site.is_published(site.product(id))).map(|&id| site.product(id).common.slug.clone()).collect::<Vec<_>>(),
            })
        });
        write_envelope(w, pr, "ocop-sales-points/1", "sales_points", items)
    });
    sink(out::FAIRS_JSON, &|w| {
        let items = site.fairs.iter().map(|f| {
            json!({
                "slug": f.common.slug,
                "name": f.name,
                "url": pr.urls.absolute(&urls::fair(&f.common.slug)),
                "starts": iso(f.starts),
                "ends": iso(f.ends),
                "venue": f.venue,
                "address": f.address,
                "location": f.location.map(|(a, o)| json!({"lat": a, "lon": o})),
                "province": refdata::data().province(f.province).name,
                "organizer": f.organizer,
                "website": f.website,
                "calendar": pr.urls.absolute(&fair_ics_path(&f.common.slug)),
                "producers": f.producers.iter().map(|&p| site.producer(p).common.slug.clone()).collect::<Vec<_>>(),
                "products": f.products.iter().filter(|&&id| site.is_published(site.product(id))).map(|&id| site.product(id).common.slug.clone()).collect::<Vec<_>>(),
            })
        });
        write_envelope(w, pr, "ocop-fairs/1", "fairs", items)
    });

    // Calendars: one per fair, and one of every fair not yet over.
    let host = host_of(&site.config.base_url);
    for f in &site.fairs {
        sink(&fair_ics_path(&f.common.slug), &|w| {
            w.write_all(calendar(pr, &host, &[f]).as_bytes())
        });
    }
    let upcoming: Vec<&Fair> = site
        .fairs
        .iter()
        .filter(|f| f.time(site.today) != FairTime::Past)
        .collect();
    sink(out::FAIRS_ICS, &|w| {
        w.write_all(calendar(pr, &host, &upcoming).as_bytes())
    });

    sink(out::NEW_PRODUCTS_FEED, &|w| {
        w.write_all(crate::outputs::feeds::new_products(pr).as_bytes())
    });

    // The buyer's files: the CSV twins in Vietnamese, a workbook in each language.
    for lang_pr in r.presenters() {
        let tables = buyer::tables(lang_pr, &products, &order);
        if lang_pr.lang == crate::model::Lang::Vi {
            let twins = [
                out::PRODUCTS_CSV_VI,
                out::PRODUCERS_CSV_VI,
                out::SALES_POINTS_CSV_VI,
            ];
            for (path, table) in twins.into_iter().zip(&tables) {
                sink(path, &|w| buyer::write_csv(w, lang_pr, table));
            }
        }
        sink(&out::workbook(lang_pr.lang), &|w| {
            w.write_all(&buyer::workbook(lang_pr, &tables)?)
        });
    }

    figure_files(r, &mut sink);
}

/// The translation keys of the headings of the statistics CSV and of a plan's CSV.
const STATISTICS_HEADINGS: &[&str] = &[
    "stats.csv_figure_key",
    "stats.csv_figure",
    "stats.csv_item",
    "stats.csv_count",
    "stats.csv_url",
];
const PLAN_HEADINGS: &[&str] = &[
    "plans.csv_target",
    "plans.csv_rule",
    "plans.csv_planned",
    "plans.csv_actual",
    "plans.csv_state",
    "plans.csv_records",
    "plans.csv_page",
];

/// A CSV whose headings are the presenter's words for `keys`.
fn localized_csv(
    w: &mut dyn io::Write,
    pr: &Presenter,
    keys: &[&str],
    rows: Vec<Vec<String>>,
) -> io::Result<()> {
    let header: Vec<&str> = keys.iter().map(|k| pr.tr.get(k)).collect();
    write_csv(w, &header, rows.into_iter())
}

/// The CSV of the statistics page's figures and of each yearly plan, in each language.
fn figure_files<S>(r: &Renderer, sink: &mut S)
where
    S: FnMut(&str, &dyn Fn(&mut dyn io::Write) -> io::Result<()>),
{
    let site = r.presenter().site;
    let figures = crate::model::figures::Figures::of(site);
    for lang_pr in r.presenters() {
        sink(&out::statistics_csv(lang_pr.lang), &|w| {
            let figs = crate::present::statistics::figures(lang_pr, &figures);
            let rows = crate::present::statistics::csv_rows(lang_pr, &figs);
            localized_csv(w, lang_pr, STATISTICS_HEADINGS, rows)
        });
        // Each yearly plan's targets and results.
        for p in &site.plans {
            sink(&out::plan_csv(&p.common.slug, lang_pr.lang), &|w| {
                let rows = crate::present::pages::plans::csv_rows(lang_pr, p);
                localized_csv(w, lang_pr, PLAN_HEADINGS, rows)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_starts_with_bom_and_quotes_commas() {
        let mut b = Vec::new();
        write_csv(
            &mut b,
            &["a", "b"],
            vec![vec!["x, y".into(), "Mật".into()]].into_iter(),
        )
        .unwrap();
        assert_eq!(&b[..3], &[0xEF, 0xBB, 0xBF]);
        let s = String::from_utf8(b[3..].to_vec()).unwrap();
        assert_eq!(s, "a,b\r\n\"x, y\",Mật\r\n");
    }
}
