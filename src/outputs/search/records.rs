//! Which records the index has, in which order, and what each says. Record ids are
//! positions in this order (certified products by stars, province, producer's name and
//! name, then products whose certificate has expired or was revoked in the same order, then
//! producers alphabetically), chosen so that a producer's products and similar
//! names are neighbours and the posting lists and facet columns are runs; every other file
//! of the index is written in it. A record's text is given field by field, for the words
//! that `postings.rs` collects.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Field;
use super::postings::{DocText, html_text};
use super::shorthand::{abbreviations, codes};
use crate::base::vietnamese::{fold, match_key};
use crate::model::refdata::{self, ProvinceId};
use crate::model::{ProductId, Site};

/// A name's sort key (`name_key`).
type NameKey = (String, String, String);

/// Vietnamese alphabetical order of a name: folded, then accents, then the slug.
fn name_key(name: &str, slug: &str) -> NameKey {
    (fold(name), match_key(name), slug.to_string())
}

/// The records in index order, and the provinces that occur.
pub(super) struct Records {
    /// Certified products, then those whose certificate has lapsed (expired or revoked),
    /// in record order: buyers still type their names, barcodes and decision numbers.
    pub(super) products: Vec<ProductId>,
    /// How many of `products` are certified (the first ones); the rest have lapsed.
    pub(super) current: usize,
    /// Producers (indices in `site.producers`), alphabetically; their records follow the
    /// products'.
    pub(super) producers: Vec<usize>,
    /// The sort key of each indexed product, in catalogue order.
    pub(super) product_keys: Vec<NameKey>,
    /// The catalogue-order index (in `product_keys`) of each product, in record order.
    pub(super) order: Vec<usize>,
    /// Facet values: provinces that occur, by folded name.
    pub(super) provinces: Vec<ProvinceId>,
    /// The position of each province in `provinces`.
    pub(super) province_index: HashMap<ProvinceId, usize>,
}

impl Records {
    /// Records: certified products in catalogue order, then lapsed ones, then producers
    /// alphabetically. Each name's sort key is computed once (in parallel): folding is the
    /// costly part.
    pub(super) fn new(site: &Site) -> Self {
        let today = site.today;
        let certified: Vec<ProductId> = (0..site.products.len() as u32)
            .map(ProductId)
            .filter(|&id| is_indexed(site, id))
            .collect();
        let current = certified
            .iter()
            .filter(|&&id| site.product(id).is_certified(today))
            .count();
        let product_keys: Vec<NameKey> = certified
            .par_iter()
            .map(|&id| {
                let p = site.product(id);
                name_key(&p.name, &p.common.slug)
            })
            .collect();
        let producer_keys: Vec<NameKey> = site
            .producers
            .par_iter()
            .map(|p| name_key(&p.name, &p.common.slug))
            .collect();
        let provinces = provinces_of(site, &certified);
        let province_index: HashMap<ProvinceId, usize> =
            provinces.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        let order = product_order(
            site,
            &certified,
            &product_keys,
            &producer_keys,
            &province_index,
        );
        let products: Vec<ProductId> = order.iter().map(|&i| certified[i]).collect();
        let mut producers: Vec<usize> = (0..site.producers.len()).collect();
        producers.par_sort_by(|&a, &b| producer_keys[a].cmp(&producer_keys[b]));
        Records {
            products,
            current,
            producers,
            product_keys,
            order,
            provinces,
            province_index,
        }
    }

    /// Product records, then producer records.
    pub(super) fn len(&self) -> usize {
        self.products.len() + self.producers.len()
    }
}

/// Whether a product is in the index: its newest certificate is of an OCOP level (3 stars or
/// more), valid or lapsed (expired or revoked).
fn is_indexed(site: &Site, id: ProductId) -> bool {
    site.product(id).stars().is_certified_level()
}

/// Facet values: provinces that occur, by folded name; groups and kinds fixed.
fn provinces_of(site: &Site, certified: &[ProductId]) -> Vec<ProvinceId> {
    let data = refdata::data();
    let mut provinces: Vec<ProvinceId> = certified
        .iter()
        .map(|&id| site.product(id).province)
        .chain(site.producers.iter().map(|p| p.province))
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .collect();
    provinces.sort_by_cached_key(|&p| {
        let pv = data.province(p);
        (fold(&pv.short_name), pv.short_name.clone(), p)
    });
    provinces.dedup();
    provinces
}

/// The indexed products' order (indices in `certified`): certified before lapsed, then
/// stars, then province, then the producer's name, then the product's: a producer's products are neighbours, and so are
/// producers with similar names ("Hợp tác xã Nông sản ...") and places of one province, so
/// the posting lists of the words of producer names, places and kinds are runs that gzip
/// shrinks to little, and so are the facet columns.
fn product_order(
    site: &Site,
    certified: &[ProductId],
    product_keys: &[NameKey],
    producer_keys: &[NameKey],
    province_rank: &HashMap<ProvinceId, usize>,
) -> Vec<usize> {
    let missing = (String::new(), String::new(), String::new());
    let producer_key = |i: usize| {
        producer_keys
            .get(site.product(certified[i]).producer.index())
            .unwrap_or(&missing)
    };
    // Sorts here and in the index are stable and in parallel (`par_sort_by`): the same
    // order as `sort_by`, on both cores.
    let mut order: Vec<usize> = (0..certified.len()).collect();
    order.par_sort_by(|&a, &b| {
        let stars = |i: usize| std::cmp::Reverse(site.product(certified[i]).stars());
        let province = |i: usize| province_rank.get(&site.product(certified[i]).province);
        let lapsed = |i: usize| !site.product(certified[i]).is_certified(site.today);
        lapsed(a)
            .cmp(&lapsed(b))
            .then_with(|| stars(a).cmp(&stars(b)))
            .then_with(|| province(a).cmp(&province(b)))
            .then_with(|| producer_key(a).cmp(producer_key(b)))
            .then_with(|| product_keys[a].cmp(&product_keys[b]))
    });
    order
}

/// What each record says, field by field. Bodies are read as HTML, tags skipped; the few
/// with entities (`&amp;`, `&#7879;`) are turned into text first.
pub(super) struct Texts<'a> {
    site: &'a Site,
    records: &'a Records,
    /// The body of each record with entities, as text.
    decoded: Vec<Option<String>>,
    /// The codes of each product record (`shorthand::codes` of its barcode and decision
    /// numbers): `shorthand::code_files` indexes them.
    pub(super) codes: Vec<Vec<String>>,
    /// The abbreviations of each producer's name and of its kind (`site.producers` order).
    abbreviations: Vec<(Vec<&'static str>, Vec<&'static str>)>,
}

impl<'a> Texts<'a> {
    pub(super) fn new(site: &'a Site, records: &'a Records) -> Self {
        let codes = records
            .products
            .par_iter()
            .map(|&id| {
                let p = site.product(id);
                let barcode = p.specs.barcode.iter().map(|g| g.as_str());
                let decisions = p.certificates.iter().map(|c| c.decision.as_str());
                barcode.chain(decisions).flat_map(codes).collect()
            })
            .collect();
        let abbreviations = site
            .producers
            .par_iter()
            .map(|p| (abbreviations(&p.name), abbreviations(p.kind.label())))
            .collect();
        let mut texts = Texts {
            site,
            records,
            decoded: Vec::new(),
            codes,
            abbreviations,
        };
        texts.decoded = (0..records.len())
            .into_par_iter()
            .map(|doc| {
                let body = texts.body(doc);
                body.contains('&').then(|| html_text(body))
            })
            .collect();
        texts
    }

    /// The body of record `doc`, as HTML.
    fn body(&self, doc: usize) -> &'a str {
        let (site, n_products) = (self.site, self.records.products.len());
        if doc < n_products {
            &site.product(self.records.products[doc]).common.body_html
        } else {
            &site.producers[self.records.producers[doc - n_products]]
                .common
                .body_html
        }
    }

    /// What record `doc` says, field by field, and its body.
    pub(super) fn fields(&self, doc: usize) -> DocText<'_> {
        let body = match &self.decoded[doc] {
            Some(text) => (text.as_str(), false),
            None => (self.body(doc), true),
        };
        let n_products = self.records.products.len();
        let mut fields: Vec<(Field, &str)> = if doc < n_products {
            self.product_fields(self.records.products[doc])
        } else {
            self.producer_fields(self.records.producers[doc - n_products])
        };
        // A lapsed product is looked up by its name, producer, place, tags and codes; its
        // texts would only add weak matches, and bytes to every common word's list.
        if (self.records.current..n_products).contains(&doc) {
            fields.retain(|f| f.0 < Field::Text);
            return (fields, "", false);
        }
        (fields, body.0, body.1)
    }

    fn product_fields(&self, id: ProductId) -> Vec<(Field, &'a str)> {
        let (site, data) = (self.site, refdata::data());
        let p = site.product(id);
        let mut fields: Vec<(Field, &str)> = vec![(Field::Name, &p.name)];
        // English names and summaries (sites with English pages): "honey" finds honey.
        fields.extend(p.common.en.name.as_deref().map(|s| (Field::Name, s)));
        fields.extend(p.common.en.summary.as_deref().map(|s| (Field::Text, s)));
        if let Some(pd) = site.producers.get(p.producer.index()) {
            fields.push((Field::Producer, &pd.name));
            fields.push((Field::Place, pd.kind.label()));
            // "htx", "cty": the abbreviations of the producer's name and kind.
            let (name, kind) = &self.abbreviations[p.producer.index()];
            fields.extend(name.iter().map(|&a| (Field::Producer, a)));
            fields.extend(kind.iter().map(|&a| (Field::Place, a)));
        }
        fields.push((Field::Place, p.group.name_vi()));
        fields.push((Field::Place, p.group.short_vi()));
        fields.push((Field::Place, &data.province(p.province).short_name));
        fields.extend(p.subgroup.as_deref().map(|s| (Field::Place, s)));
        fields.extend(p.commune.as_deref().map(|s| (Field::Place, s)));
        fields.extend(p.tags.iter().map(|t| (Field::Tags, t.as_str())));
        let certs = p.specs.certifications.iter();
        fields.extend(certs.map(|t| (Field::Tags, t.as_str())));
        fields.extend(p.summary.as_deref().map(|s| (Field::Text, s)));
        fields.extend(p.address.as_deref().map(|s| (Field::Text, s)));
        fields.extend(p.specs.ingredients.as_deref().map(|s| (Field::Text, s)));
        fields
    }

    fn producer_fields(&self, i: usize) -> Vec<(Field, &'a str)> {
        let (site, data) = (self.site, refdata::data());
        let p = &site.producers[i];
        let mut fields: Vec<(Field, &str)> =
            vec![(Field::Name, &p.name), (Field::Place, p.kind.label())];
        let (name, kind) = &self.abbreviations[i];
        fields.extend(name.iter().map(|&a| (Field::Name, a)));
        fields.extend(kind.iter().map(|&a| (Field::Place, a)));
        fields.extend(p.common.en.name.as_deref().map(|s| (Field::Name, s)));
        fields.push((Field::Place, &data.province(p.province).short_name));
        fields.extend(p.commune.as_deref().map(|s| (Field::Place, s)));
        // Its certified products' names: "mật ong" finds the producers of honey.
        for &id in &p.products {
            let x = site.product(id);
            if x.is_certified(site.today) {
                fields.push((Field::Tags, &x.name));
            }
        }
        fields.extend(p.certifications.iter().map(|t| (Field::Tags, t.as_str())));
        fields.extend(p.address.as_deref().map(|s| (Field::Text, s)));
        fields
    }
}
