//! The index builder: the steps from a site to the files of `search/`, in order (records,
//! words, term rows and chunks, prefix lists, answers of pasted names, facet columns, sort
//! keys, display records, versions, manifest), and the small files whose
//! format is decided here rather than in a module of their own.

use rayon::prelude::*;
use serde_json::{Value, json};

use super::encode::{push_fixed, width_for};
use super::lookup::Lookup;
use super::names::name_answers;
use super::postings::Postings;
use super::records::{Records, Texts};
use super::shorthand::code_files;
use super::terms::Terms;
use super::{Index, NAME_WORDS, PRODUCER_SHARD, SHARD, versions};
use crate::model::refdata::{self, Group};
use crate::model::{ProducerKind, ProductId, Site};
use crate::present::Presenter;

/// The files of the index, named inside its folder.
type Files = Vec<(String, Vec<u8>)>;

/// Builds the whole index in memory.
pub fn build(site: &Site, pr: &Presenter) -> Index {
    let records = Records::new(site);
    let n_docs = records.len();
    // Words, collected in record order.
    let texts = Texts::new(site, &records);
    let postings = Postings::collect(n_docs, |doc| texts.fields(doc));
    let lapsed = records.current as u32..records.products.len() as u32;
    let terms = Terms::new(&postings, n_docs, lapsed);

    let mut files: Files = Vec::new();
    // Chunks: whole two-letter prefixes packed up to CHUNK_TARGET; a prefix bigger than
    // CHUNK_MAX is cut between words. The packing with WIDE_PACK_MAX decides which prefixes
    // are wide.
    let wide_bounds = terms.wide_bounds();
    let bounds = terms.chunk_files(&mut files);
    let wide = terms.prefix_files(&wide_bounds, &postings, n_docs, &mut files);

    // Pasted names: the answers of the catalogue's own long names, computed here.
    let lookup = Lookup {
        terms: &terms.terms,
        tiers: &terms.tiers,
        postings: &postings,
        bounds: &wide_bounds,
        textless: terms.textless.clone(),
    };
    let name_texts: Vec<&str> = records
        .producers
        .iter()
        .map(|&i| site.producers[i].name.as_str())
        .collect();
    let (buckets, name_files) = name_answers(&lookup, &name_texts, n_docs);
    files.extend(name_files);

    // Barcodes and decision numbers, in buckets of their own.
    let (code_buckets, code_files) = code_files(&texts.codes);
    files.extend(code_files);

    let facets = Facets::new(site, &records);
    files.push(("by-ten.json".into(), by_name(&records)));
    files.push(("by-moi.json".into(), by_date(site, &records)));
    files.push(("by-gia.json".into(), by_price(site, &records)));
    display_files(site, pr, &records, &mut files);
    // Products' facets are needed by every query; producers' only on the producers tab or
    // with a producer filter.
    files.push((
        "product-facets.json".into(),
        json_bytes(&json!({ "columns": facets.products })),
    ));
    files.push((
        "producer-facets.json".into(),
        json_bytes(&json!({ "columns": facets.producers })),
    ));
    let prefixes: Vec<&str> = wide.iter().map(|w| w.0.as_str()).collect();
    let mut manifest = manifest(
        &records,
        &facets,
        &bounds,
        &prefixes,
        [buckets, code_buckets],
    );
    manifest["versionGroup"] = json!(versions::GROUP);
    manifest["versions"] = versions::versions(&files);
    let bytes = json_bytes(&manifest);
    let manifest = versions::manifest_name(&bytes);
    files.push(("manifest.json".into(), bytes));
    files.par_sort_by(|a, b| a.0.cmp(&b.0));
    Index { files, manifest }
}

fn json_bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_default()
}

/// A group's facet value.
fn group_index(g: Group) -> usize {
    Group::ALL.iter().position(|&x| x == g).unwrap_or(0)
}

/// A producer kind's facet value.
fn kind_index(k: ProducerKind) -> usize {
    ProducerKind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// The kind of a product's producer.
fn kind_of(site: &Site, id: ProductId) -> ProducerKind {
    site.producers
        .get(site.product(id).producer.index())
        .map(|p| p.kind)
        .unwrap_or(ProducerKind::Household)
}

/// Facets: one column per dimension, a fixed-width number per record. In record order the
/// columns are long runs (stars, then producers with their kind and province).
struct Facets {
    /// Stars, group, producer kind, province.
    product_radix: [u64; 4],
    /// Kind, province.
    producer_radix: [u64; 2],
    products: Vec<String>,
    producers: Vec<String>,
}

impl Facets {
    fn new(site: &Site, records: &Records) -> Self {
        let (products, producers) = (&records.products, &records.producers);
        let province_index = &records.province_index;
        let provinces = records.provinces.len().max(1) as u64;
        let product_radix = [5u64, Group::ALL.len() as u64, 4, provinces];
        let producer_radix = [4u64, provinces];
        // Certified products only: filters narrow the certified catalogue, and a lapsed
        // product is shown by a query with no filter (`search.js`).
        let product_cols = columns(records.current, &product_radix, &|i| {
            let id = products[i];
            let p = site.product(id);
            vec![
                u64::from(p.stars().get() - 1),
                group_index(p.group) as u64,
                kind_index(kind_of(site, id)) as u64,
                province_index[&p.province] as u64,
            ]
        });
        let producer_cols = columns(producers.len(), &producer_radix, &|i| {
            let p = &site.producers[producers[i]];
            vec![
                kind_index(p.kind) as u64,
                province_index[&p.province] as u64,
            ]
        });
        Facets {
            product_radix,
            producer_radix,
            products: product_cols,
            producers: producer_cols,
        }
    }
}

/// The columns of `n` records, whose values `digits` gives, each below its `radix`.
fn columns(n: usize, radix: &[u64], digits: &dyn Fn(usize) -> Vec<u64>) -> Vec<String> {
    let mut cols: Vec<String> = radix.iter().map(|_| String::with_capacity(n)).collect();
    for i in 0..n {
        for (k, d) in digits(i).into_iter().enumerate() {
            push_fixed(&mut cols[k], d, width_for(radix[k]));
        }
    }
    cols
}

/// Sort key fetched on demand: each product's alphabetical rank (`by-ten.json`: the files
/// of sort keys are named after the sort's value in the search page's address, `sx=ten`).
fn by_name(records: &Records) -> Vec<u8> {
    let (product_keys, order) = (&records.product_keys, &records.order);
    let mut alpha: Vec<usize> = (0..records.products.len()).collect();
    alpha.par_sort_by(|&a, &b| product_keys[order[a]].cmp(&product_keys[order[b]]));
    rank_file(records.products.len(), &alpha, |_, _| false)
}

/// Sort key fetched on demand: each product's rank by its newest certificate date, newest
/// first (`by-moi.json`).
fn by_date(site: &Site, records: &Records) -> Vec<u8> {
    let issued = |d: usize| site.product(records.products[d]).current().issued;
    let mut order: Vec<usize> = (0..records.products.len()).collect();
    order.sort_by_key(|&d| (std::cmp::Reverse(issued(d)), d));
    rank_file(records.products.len(), &order, |a, b| {
        issued(a) == issued(b)
    })
}

/// Sort key fetched on demand: each product's rank by price, cheapest first; products
/// without a price are left out of the order, so they come last both ways
/// (`by-gia.json`, for `sx=gia` and `sx=gia-giam`).
fn by_price(site: &Site, records: &Records) -> Vec<u8> {
    let price = |d: usize| site.product(records.products[d]).price;
    let mut order: Vec<usize> = (0..records.products.len())
        .filter(|&d| price(d).is_some())
        .collect();
    order.sort_by_key(|&d| (price(d), d));
    rank_file(records.products.len(), &order, |a, b| price(a) == price(b))
}

/// A sort file: `rank` holds each of `n` products' rank, fixed `width` characters each, in
/// the order `order` gives them (products equal by `same` as their neighbour share its
/// rank, so that ties keep catalogue order in both directions); a product missing from
/// `order` has rank `ranked`, the number of products ranked. `search.js` sorts by rank
/// (negated for "highest price first"), those unranked last.
fn rank_file(n: usize, order: &[usize], same: impl Fn(usize, usize) -> bool) -> Vec<u8> {
    let mut rank = vec![order.len() as u64; n];
    let mut r = 0u64;
    for (i, &d) in order.iter().enumerate() {
        if i > 0 && !same(order[i - 1], d) {
            r = i as u64;
        }
        rank[d] = r;
    }
    let width = width_for(order.len() as u64 + 1);
    let mut ranks = String::new();
    for &r in &rank {
        push_fixed(&mut ranks, r, width);
    }
    json_bytes(&json!({"width": width, "ranked": order.len(), "rank": ranks}))
}

/// The width of a result's thumbnail at twice its 96 CSS pixels: the smallest photo variant
/// at least this wide is shown (`thumb`).
pub(crate) const THUMB_WIDTH: u32 = 192;

/// A record's thumbnail: for a photo, the JPEG of the smallest variant at least
/// `THUMB_WIDTH` wide (its WebP has the same name ending in `.webp`), read from the card's
/// `srcset`; an illustration's own file; "" without an image.
fn thumb(img: &Option<crate::present::view::ImageView>) -> String {
    let Some(img) = img else {
        return String::new();
    };
    let variants = img.srcset_jpeg.as_deref().unwrap_or_default().split(", ");
    let sized = variants.filter_map(|v| {
        let (url, w) = v.rsplit_once(' ')?;
        Some((w.strip_suffix('w')?.parse::<u32>().ok()?, url))
    });
    // Wide enough first, then the narrowest of those (or the widest of the others).
    let fit = sized.min_by_key(|&(w, _)| {
        if w >= THUMB_WIDTH {
            (0, w)
        } else {
            (1, u32::MAX - w)
        }
    });
    fit.map_or_else(|| img.url.clone(), |(_, url)| url.to_string())
}

/// Display records, appended to `files`: `products-N.json` and `producers-N.json`. A
/// product's row: name, URL, thumbnail, stars, producer, province, group, price in
/// thousands of đồng (0 without; see [`price_in_thousands`]), unit, for a lapsed product only the date its certificate ended as the number
/// YYYYMMDD, negative when it was revoked (a certified one's results show no status), and
/// its English name, a string, when it has one. Numbers are shorter than the
/// written price and date; `search.js` writes them as the catalogue does (`present::price`).
fn display_files(site: &Site, pr: &Presenter, records: &Records, files: &mut Files) {
    let province_index = &records.province_index;
    push_shards(files, ("products", SHARD), &records.products, |&id| {
        let p = site.product(id);
        let card = &pr.product_cards[id.index()];
        let cert = p.current();
        let ends = cert.revoked.unwrap_or(cert.valid_until);
        let ends: i64 = ends
            .format("%Y%m%d")
            .to_string()
            .parse()
            .unwrap_or_default();
        let mut row = json!([
            p.name,
            card.url,
            thumb(&card.image),
            p.stars().get(),
            card.producer,
            province_index[&p.province],
            group_index(p.group),
            price_in_thousands(p.price),
            card.unit.as_deref().unwrap_or_default(),
        ]);
        if let (false, Some(list)) = (p.is_certified(site.today), row.as_array_mut()) {
            list.push(json!(if cert.revoked.is_some() { -ends } else { ends }));
        }
        english_name(&mut row, &p.common);
        row
    });
    push_shards(
        files,
        ("producers", PRODUCER_SHARD),
        &records.producers,
        |&i| {
            let p = &site.producers[i];
            let card = &pr.producer_cards[i];
            let mut row = json!([
                p.name,
                card.url,
                thumb(&card.image),
                kind_index(p.kind),
                province_index[&p.province],
                card.product_count,
            ]);
            english_name(&mut row, &p.common);
            row
        },
    );
}

/// A price as thousands of đồng, the shortest number that gives it back: 35,000 đ is `35`,
/// 35,500 đ `35.5` (`search.js` multiplies by 1,000 and rounds, exact for any price).
/// Prices are written in thousands (the smallest note in use is 1,000 đ), so this saves
/// three digits in nearly every record of the display shards a query fetches.
fn price_in_thousands(price: Option<u64>) -> Value {
    match price {
        None => json!(0),
        Some(p) if p % 1000 == 0 => json!(p / 1000),
        Some(p) => json!(p as f64 / 1000.0),
    }
}

/// Display records of `items` as files `{prefix}-{n}.json`, `size` records each, every
/// shard's JSON made on a thread of its own.
fn push_shards<T: Sync>(
    files: &mut Files,
    (prefix, size): (&str, usize),
    items: &[T],
    row: impl Fn(&T) -> Value + Sync,
) {
    let shards: Vec<Vec<u8>> = items
        .par_chunks(size)
        .map(|part| json_bytes(&Value::Array(part.iter().map(&row).collect())))
        .collect();
    for (n, bytes) in shards.into_iter().enumerate() {
        files.push((format!("{prefix}-{n}.json"), bytes));
    }
}

/// Appends a record's English name, when it has one, to its display row: English search
/// pages show it (`search.js` reads an extra last field), Vietnamese ones ignore it.
fn english_name(row: &mut Value, c: &crate::model::Common) {
    if let (Some(name), Some(list)) = (&c.en.name, row.as_array_mut()) {
        list.push(json!(name));
    }
}

/// The manifest: counts, facet labels and radixes, the first word of every term chunk
/// (`bounds`), the wide prefixes, and the numbers of buckets of name answers and of codes.
fn manifest(
    records: &Records,
    facets: &Facets,
    bounds: &[&str],
    prefixes: &[&str],
    [buckets, code_buckets]: [usize; 2],
) -> Value {
    let data = refdata::data();
    json!({
        "version": 2,
        "products": records.products.len(),
        "current": records.current,
        "producers": records.producers.len(),
        "groups": Group::ALL.iter().map(|g| json!([g.slug(), g.short_vi()])).collect::<Vec<_>>(),
        "kinds": ProducerKind::ALL.iter().map(|k| json!([k.slug(), k.label()])).collect::<Vec<_>>(),
        "provinces": records.provinces.iter().map(|&p| {
            let pv = data.province(p);
            json!([pv.slug, pv.short_name])
        }).collect::<Vec<_>>(),
        "productRadix": facets.product_radix,
        "producerRadix": facets.producer_radix,
        "chunks": bounds,
        "prefixes": prefixes,
        "names": buckets,
        "codes": code_buckets,
        "nameWords": NAME_WORDS,
        "shard": SHARD,
        "producerShard": PRODUCER_SHARD,
    })
}

#[cfg(test)]
mod price_tests {
    use super::price_in_thousands;

    /// `search.js` shows `Math.round(n * 1000)`: every price must come back exactly.
    #[test]
    fn prices_in_thousands_give_back_every_price() {
        assert_eq!(price_in_thousands(None), 0);
        assert_eq!(price_in_thousands(Some(35_000)).to_string(), "35");
        assert_eq!(price_in_thousands(Some(35_500)).to_string(), "35.5");
        for p in [
            1,
            999,
            1_001,
            12_345,
            99_999_999,
            1_234_567_891,
            9_007_199_254_740,
        ] {
            let n = price_in_thousands(Some(p)).as_f64().expect("a number");
            assert_eq!((n * 1000.0).round() as u64, p, "{p}");
        }
    }
}
