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
use std::fmt::Write;
use std::io;
use std::sync::OnceLock;

use crate::model::refdata;
use crate::model::*;
use crate::outputs::feeds::xml_escape;
use crate::present::urls::fair_ics_path;
use crate::present::urls::{self, path};
use crate::present::{Presenter, iso};

/// Site-relative paths of the exports.
pub mod out {
    pub const PRODUCTS_CSV: &str = "du-lieu/products.csv";
    pub const PRODUCERS_CSV: &str = "du-lieu/producers.csv";
    pub const PRODUCTS_JSON: &str = "du-lieu/products.json";
    pub const PRODUCERS_JSON: &str = "du-lieu/producers.json";
    pub const SALES_POINTS_JSON: &str = "du-lieu/sales-points.json";
    pub const FAIRS_JSON: &str = "du-lieu/fairs.json";
    pub const FAIRS_ICS: &str = "hoi-cho/lich.ics";
    pub const NEW_PRODUCTS_FEED: &str = "san-pham/moi-cong-nhan.xml";
}

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
];

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// Writes a CSV file: the byte order mark, the header, then each row as it comes.
fn write_csv(
    w: &mut dyn io::Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    w.write_all(&[0xEF, 0xBB, 0xBF])?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    w.write_record(header)?;
    for r in rows {
        // A record's text that a spreadsheet would run as a formula gets an apostrophe.
        for cell in &r {
            w.write_field(crate::base::csv_cell::neutralise(cell).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
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
    ]
}

/// A product of `products.json`. The fields are in alphabetical order, the order the
/// export has always had (serde_json's maps are sorted), so each item is written straight
/// from the model instead of being built as a map first.
#[derive(serde::Serialize)]
struct ProductItem<'a> {
    address: &'a Option<String>,
    certificates: Vec<CertificateItem<'a>>,
    commune: &'a Option<String>,
    group: &'static str,
    group_name: &'static str,
    name: &'a str,
    photos: Vec<String>,
    price_vnd: Option<u64>,
    producer: ProducerRef<'a>,
    province: &'a str,
    province_code: u16,
    shops: Vec<ShopItem<'a>>,
    slug: &'a str,
    sold_at: Vec<String>,
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
    kind: &'static str,
    name: &'a str,
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
        group: p.group.key(),
        group_name: p.group.name_vi(),
        name: &p.name,
        photos: p
            .common
            .photos
            .iter()
            .map(|ph| {
                pr.urls
                    .absolute_of_url(&pr.image(path::PRODUCTS, &p.common, ph, &p.name).full)
            })
            .collect(),
        price_vnd: p.price,
        producer: ProducerRef {
            kind: producer.kind.key(),
            name: &producer.name,
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
        tax_code: &p.tax_code,
        url: pr.urls.absolute(&urls::producer(&p.common.slug)),
        website: &p.website,
        zalo: &p.zalo,
    }
}

/// A JSON export: `{"generated", KEY: [items], "schema", "site"}` (keys in that sorted
/// order, as a JSON map of this crate always has them), pretty-printed and written item by
/// item, so a 100,000-product catalogue never holds its whole export in memory.
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
    let mut ser = serde_json::Serializer::pretty(&mut *w);
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

/// The paths [`all`] writes, without making the files (so a server knows which requests
/// are exports before it spends time on them).
pub fn paths(site: &Site) -> Vec<String> {
    let mut v: Vec<String> = [
        out::PRODUCTS_CSV,
        out::PRODUCTS_JSON,
        out::PRODUCERS_CSV,
        out::PRODUCERS_JSON,
        out::SALES_POINTS_JSON,
        out::FAIRS_JSON,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(site.fairs.iter().map(|f| fair_ics_path(&f.common.slug)));
    v.push(out::FAIRS_ICS.to_string());
    v.push(out::NEW_PRODUCTS_FEED.to_string());
    v
}

/// Every export file: (site-relative path, contents), in memory (for `ocop serve`).
pub fn all(pr: &Presenter) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    write_each(pr, |path, write| {
        let mut buf = Vec::new();
        // Writing into memory cannot fail.
        let _ = write(&mut buf);
        files.push((path.to_string(), buf));
    });
    files
}

/// Hands each export file to `sink`: its site-relative path and a function that writes its
/// contents into a writer. Files are made one at a time, each written as it is made.
pub fn write_each(
    pr: &Presenter,
    mut sink: impl FnMut(&str, &dyn Fn(&mut dyn io::Write) -> io::Result<()>),
) {
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

    // QR codes are made by the renderer with each product and producer page (`qr_svg`).
    sink(out::NEW_PRODUCTS_FEED, &|w| {
        w.write_all(new_products_feed(pr).as_bytes())
    });
}

fn host_of(base_url: &str) -> String {
    base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url)
        .split('/')
        .next()
        .unwrap_or("ocop")
        .to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
pub fn ics_fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn calendar(pr: &Presenter, host: &str, fairs: &[&Fair]) -> String {
    let site = pr.site;
    let mut s = String::new();
    let mut line = |l: String| s.push_str(&ics_fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//ocop//{}//VI",
        ics_escape(&site.config.title)
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!(
        "X-WR-CALNAME:{}",
        ics_escape(&format!("Hội chợ OCOP – {}", site.config.title))
    ));
    let stamp = format!("{}T000000Z", site.today.format("%Y%m%d"));
    for f in fairs {
        let province = &refdata::data().province(f.province).name;
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}@{}", f.common.slug, host));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", f.starts.format("%Y%m%d")));
        // All-day events end on the day after the last day.
        let end = f.ends.succ_opt().unwrap_or(f.ends);
        line(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(format!("SUMMARY:{}", ics_escape(&f.name)));
        line(format!(
            "LOCATION:{}",
            ics_escape(&format!("{}, {}", f.venue, province))
        ));
        let mut desc = String::new();
        if let Some(o) = &f.organizer {
            desc.push_str(&format!("Đơn vị tổ chức: {o}\n"));
        }
        desc.push_str(&format!(
            "{} chủ thể, {} sản phẩm OCOP tham gia.",
            f.producers.len(),
            f.products.len()
        ));
        line(format!("DESCRIPTION:{}", ics_escape(&desc)));
        line(format!(
            "URL:{}",
            pr.urls.absolute(&urls::fair(&f.common.slug))
        ));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    s
}

/// An SVG QR code of `text`, black on white with a quiet zone of 4 modules.
///
/// The code is built with one fixed mask pattern instead of scoring all eight (what the
/// qrcode crate's default does, and most of its cost): every mask is valid for readers, and
/// a catalogue of 30,000 pages makes 30,000 codes.
pub fn qr_svg(text: &str) -> String {
    let Some((width, dark)) = qr_modules(text) else {
        // Only absurdly long addresses do not fit; an empty code is better than no build.
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".into();
    };
    let size = width + 8;
    let mut svg = String::with_capacity(width * width + 300);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\""
    );
    // Each horizontal run of dark modules is a line one module thick along the middle of
    // its row: `M x y.5` starts a row, `h run` draws, `m gap 0` skips to the next run of the
    // row. That is about 6 bytes per run (a closed rectangle per run took 15), inside a
    // quiet zone of 4.
    for (y, row) in dark.chunks(width).enumerate() {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|d| **d).count();
            // By hand: `write!` costs a thousand instructions per run, and a catalogue has
            // millions of them.
            match pen {
                None => {
                    svg.push('M');
                    push_number(&mut svg, x + 4);
                    svg.push(' ');
                    push_number(&mut svg, y + 4);
                    svg.push_str(".5");
                }
                Some(end) => {
                    svg.push('m');
                    push_number(&mut svg, x - end);
                    svg.push_str(" 0");
                }
            }
            svg.push('h');
            push_number(&mut svg, run);
            x += run;
            pen = Some(x);
        }
    }
    svg.push_str("\" fill=\"none\" stroke=\"#000\"/></svg>\n");
    svg
}

/// The runs `(x, y, length)` of dark modules that a path written by [`qr_svg`] draws (`M x
/// y.5` starts a row, `h n` draws n modules, `m gap 0` skips), for tests.
pub fn qr_path_runs(d: &str) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    let (mut x, mut y) = (0usize, 0usize);
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        let end = rest[1..]
            .find(|c: char| c.is_ascii_alphabetic())
            .map_or(rest.len(), |i| i + 1);
        let args: Vec<&str> = rest[1..end].split(' ').collect();
        let n = |i: usize| args.get(i).and_then(|a| a.parse::<usize>().ok());
        match c {
            'M' => {
                x = n(0).unwrap_or(usize::MAX);
                y = args
                    .get(1)
                    .and_then(|a| a.strip_suffix(".5"))
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(usize::MAX);
            }
            'm' => x += n(0).unwrap_or(usize::MAX / 2),
            'h' => {
                let run = n(0).unwrap_or(0);
                runs.push((x, y, run));
                x += run;
            }
            _ => runs.push((usize::MAX, usize::MAX, 0)),
        }
        rest = &rest[end..];
    }
    runs
}

/// Appends `n` in decimal. QR coordinates and runs are below 200 and there are millions of
/// them in a national catalogue, so numbers below 1,000 are written from a table of digit
/// pairs.
fn push_number(out: &mut String, n: usize) {
    const PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let pair = |k: usize| &PAIRS[2 * k..2 * k + 2];
    match n {
        0..10 => out.push_str(&pair(n)[1..]),
        10..100 => out.push_str(pair(n)),
        100..1000 => {
            out.push_str(&pair(n / 100)[1..]);
            out.push_str(pair(n % 100));
        }
        _ => {
            push_number(out, n / 1000);
            out.push_str(&pair(n % 1000 / 100)[1..]);
            out.push_str(pair(n % 100));
        }
    }
}

/// The modules of the QR code of `text`, row by row (`true` = dark), and its width.
///
/// The qrcode crate encodes the text and computes the error correction; where each bit lands
/// on the canvas, and what the fixed patterns and the mask make of the rest, depends only on
/// the version, so it is learnt once per version from the crate ([`QrLayout`]) and each code
/// is then a copy and a few hundred bit flips. Drawing every code through the crate's canvas
/// was 15 % of a build's instructions.
fn qr_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let ec = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(text.as_bytes(), ec).ok()?;
    let version = bits.version();
    let (data, ec_data) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let layout = QrLayout::of(version, data.len(), ec_data.len())?;
    let mut dark = layout.base.clone();
    let codewords = data.iter().chain(&ec_data);
    for (byte, at) in codewords.zip(layout.at.chunks_exact(8)) {
        for (j, &module) in at.iter().enumerate() {
            if byte & (0x80 >> j) != 0 {
                dark[module as usize] ^= true;
            }
        }
    }
    Some((version.width() as usize, dark))
}

/// Where the codeword bits of a QR code of one version land, and the rest of its canvas.
struct QrLayout {
    /// The code with every data bit 0: finder, timing and alignment patterns, format and
    /// version information, and the mask over the data area.
    base: Vec<bool>,
    /// For the i-th bit (most significant first) of the data then error-correction
    /// codewords, the index of its module; a 1 bit flips that module of `base`.
    at: Vec<u32>,
    /// The codeword counts the layout was learnt for.
    lengths: (usize, usize),
}

impl QrLayout {
    /// The layout of `version` (EC level M, checkerboard mask), learnt on first use.
    fn of(version: qrcode::Version, data: usize, ec: usize) -> Option<&'static QrLayout> {
        static LAYOUTS: [OnceLock<Option<QrLayout>>; 40] = [const { OnceLock::new() }; 40];
        let qrcode::Version::Normal(n @ 1..=40) = version else {
            return None;
        };
        let layout = LAYOUTS[n as usize - 1]
            .get_or_init(|| QrLayout::learn(version, data, ec))
            .as_ref()?;
        (layout.lengths == (data, ec)).then_some(layout)
    }

    /// Draws codewords through the crate's canvas and reads the layout back: all bits 0
    /// gives the base, all bits 1 shows which modules hold data, and drawing bit i as bit k
    /// of i, for each k, spells out each data module's bit number.
    fn learn(version: qrcode::Version, data: usize, ec: usize) -> Option<QrLayout> {
        let total = (data + ec) * 8;
        let base = qr_draw(version, data + ec, |_| false);
        let ones = qr_draw(version, data + ec, |_| true);
        let mut number = vec![0u32; base.len()];
        let mut k = 0;
        while (1usize << k) < total {
            let probe = qr_draw(version, data + ec, |i| i >> k & 1 == 1);
            for (m, n) in number.iter_mut().enumerate() {
                if probe[m] != base[m] {
                    *n |= 1 << k;
                }
            }
            k += 1;
        }
        let mut at = vec![u32::MAX; total];
        for m in 0..base.len() {
            if ones[m] != base[m] {
                let slot = at.get_mut(number[m] as usize)?;
                *slot = m as u32;
            }
        }
        // Every bit must have a module of its own, or the layout is not what it seems.
        if at.contains(&u32::MAX) {
            return None;
        }
        Some(QrLayout {
            base,
            at,
            lengths: (data, ec),
        })
    }
}

/// A QR canvas of `version` with bit i of its `codewords` set to `bit(i)`, masked, as
/// colours (`true` = dark). The crate draws data and error-correction codewords one after
/// the other, so they can be given as one run.
fn qr_draw(version: qrcode::Version, codewords: usize, bit: impl Fn(usize) -> bool) -> Vec<bool> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let bytes: Vec<u8> = (0..codewords)
        .map(|b| (0..8).fold(0u8, |acc, j| acc << 1 | bit(b * 8 + j) as u8))
        .collect();
    let mut canvas = Canvas::new(version, qrcode::EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&bytes, &[]);
    canvas.apply_mask(MaskPattern::Checkerboard);
    canvas
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect()
}

/// Atom feed of the products by date of their newest certificate, newest first (50 at most).
fn new_products_feed(pr: &Presenter) -> String {
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
    let self_url = pr.urls.absolute(out::NEW_PRODUCTS_FEED);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    x.push_str(&format!(
        "  <title>{} – Sản phẩm mới được công nhận</title>\n",
        xml_escape(&site.config.title)
    ));
    x.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
        xml_escape(&self_url)
    ));
    x.push_str(&format!(
        "  <link href=\"{}\"/>\n",
        xml_escape(&pr.urls.absolute(path::PRODUCTS))
    ));
    x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self_url)));
    x.push_str(&format!(
        "  <updated>{}T00:00:00Z</updated>\n",
        iso(updated)
    ));
    for id in ids {
        let p = site.product(id);
        let c = p.current();
        let url = pr.urls.absolute(&urls::product(&p.common.slug));
        let producer = &site.producer(p.producer).name;
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title>{} – {}</title>\n",
            xml_escape(&p.name),
            xml_escape(&c.stars.label())
        ));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&url)));
        x.push_str(&format!(
            "    <id>{}#{}</id>\n",
            xml_escape(&url),
            xml_escape(&c.decision)
        ));
        x.push_str(&format!(
            "    <updated>{}T00:00:00Z</updated>\n",
            iso(c.issued)
        ));
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(producer)
        ));
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&format!(
                "{} đạt {} theo quyết định {} ngày {}. {}",
                p.name,
                c.stars.label(),
                c.decision,
                crate::present::date(c.issued),
                p.summary.clone().unwrap_or_default()
            ))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_text_is_escaped() {
        assert_eq!(
            ics_escape("Hội chợ; Tết, 2027\\x\nb"),
            "Hội chợ\\; Tết\\, 2027\\\\x\\nb"
        );
    }

    #[test]
    fn ics_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "Hội chợ OCOP ".repeat(10));
        let folded = ics_fold(&line);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.strip_suffix("\r\n"), Some(line.as_str()));
    }

    #[test]
    fn qr_code_is_svg() {
        let svg = qr_svg("https://ocop.example.gov.vn/san-pham/mat-ong/");
        assert!(svg.contains("<svg"));
        assert!(svg.contains("</svg>"));
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in (0..2500).chain([9_999, 10_000, 100_007, 1_000_000, usize::MAX]) {
            let mut s = String::new();
            push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    /// The code drawn module by module through the qrcode crate's canvas, as before
    /// [`QrLayout`].
    fn qr_modules_by_canvas(text: &str) -> (usize, Vec<bool>) {
        use qrcode::canvas::{Canvas, MaskPattern};
        let ec = qrcode::EcLevel::M;
        let bits = qrcode::bits::encode_auto(text.as_bytes(), ec).unwrap();
        let version = bits.version();
        let (data, ec_data) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).unwrap();
        let mut canvas = Canvas::new(version, ec);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec_data);
        canvas.apply_mask(MaskPattern::Checkerboard);
        let dark = canvas
            .into_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        (version.width() as usize, dark)
    }

    #[test]
    fn qr_codes_from_learnt_layouts_equal_the_crates_canvas() {
        // Lengths from 1 to 600 bytes cover versions 1 to 20, the small ones (no version
        // information) and the large ones (several error-correction blocks of two sizes);
        // numbers, capitals and bytes cover the crate's encoding modes.
        let mut versions = std::collections::BTreeSet::new();
        for len in (1..80).chain((80..600).step_by(7)) {
            let texts = [
                "https://ocop.example.gov.vn/san-pham/mật-ong-bạc-hà/".repeat(12),
                "0123456789".repeat(60),
                "HTTP://OCOP.VN/SAN-PHAM/".repeat(25),
            ];
            // Vietnamese letters are 2 or 3 bytes; lengths that cut one are skipped.
            for text in texts.iter().filter_map(|t| t.get(..len)) {
                let expected = qr_modules_by_canvas(text);
                versions.insert(expected.0);
                assert_eq!(qr_modules(text), Some(expected), "{text}");
            }
        }
        assert!(versions.len() >= 15, "{versions:?}");
    }

    #[test]
    fn qr_svg_runs_cover_exactly_the_dark_modules() {
        let text = "https://ocop.example.gov.vn/san-pham/mat-ong-bac-ha-meo-vac/";
        let (width, dark) = qr_modules(text).unwrap();
        let svg = qr_svg(text);
        let d = svg
            .split("<path d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut drawn = vec![false; width * width];
        for (x, y, run) in qr_path_runs(d) {
            for i in 0..run {
                let cell = &mut drawn[(y - 4) * width + x - 4 + i];
                assert!(!*cell, "module drawn twice");
                *cell = true;
            }
        }
        assert_eq!(drawn, dark);
    }

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
