//! The catalogue's figures: how many products by stars, group, province and producer kind,
//! certificates and upgrades by year, certificates by how long they remain valid, sales
//! points and fairs by province.
//!
//! The statistics page, its CSV and the home page's headline figures show these numbers;
//! they are counted here, once, from the resolved site, so every place that shows a number
//! shows the same one. Products counted by stars, group, province and producer kind are the
//! certified catalogue (a valid certificate of 3 stars or more), as the catalogue pages
//! count them; certificates are counted whatever their state.

use std::collections::BTreeMap;

use chrono::Datelike;

use crate::model::refdata::{Group, ProvinceId};
use crate::model::*;

/// Days ahead within which a certificate counts as ending soon, besides [`EXPIRING_DAYS`].
pub const ENDING_DAYS: i64 = 180;

/// Where the current certificates of the catalogue stand on the build date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity {
    /// Valid for more than [`ENDING_DAYS`] days.
    pub valid: u32,
    /// Ending in [`EXPIRING_DAYS`] + 1 to [`ENDING_DAYS`] days.
    pub ending_180: u32,
    /// Ending within [`EXPIRING_DAYS`] days.
    pub ending_90: u32,
    pub expired: u32,
    pub revoked: u32,
}

/// Every figure of the statistics page.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Certified products (a valid certificate of 3 stars or more).
    pub certified: u32,
    /// Certified products by stars: 3, 4, 5.
    pub by_stars: [u32; 3],
    pub by_group: Vec<(Group, u32)>,
    /// Certified products recorded under a 1048/QĐ-TTg (2019) group name, by that name.
    pub by_legacy_group: Vec<(String, u32)>,
    /// Certified products by province, provinces with none left out.
    pub by_province: Vec<(ProvinceId, u32)>,
    /// Certified products that carry their pre-2025 province, by it.
    pub by_former_province: Vec<(String, u32)>,
    /// Certified products by the kind of their producer.
    pub by_producer_kind: Vec<(ProducerKind, u32)>,
    /// Producers by kind, all of them.
    pub producers_by_kind: Vec<(ProducerKind, u32)>,
    /// Certificates issued each year, all of them.
    pub certificates_by_year: Vec<(i32, u32)>,
    /// Star upgrades (a certificate of more stars than the one before it) by the year of
    /// the new certificate.
    pub upgrades_by_year: Vec<(i32, u32)>,
    /// The current certificate of every product.
    pub validity: Validity,
    pub sales_points_by_province: Vec<(ProvinceId, u32)>,
    pub fairs_by_province: Vec<(ProvinceId, u32)>,
    pub producers: u32,
    pub sales_points: u32,
    pub fairs: u32,
}

impl Figures {
    pub fn of(site: &Site) -> Figures {
        let today = site.today;
        let mut f = Figures {
            producers: site.producers.len() as u32,
            sales_points: site.sales_points.len() as u32,
            fairs: site.fairs.len() as u32,
            ..Figures::default()
        };
        let mut group = BTreeMap::new();
        let mut legacy_group: BTreeMap<String, u32> = BTreeMap::new();
        let mut province = BTreeMap::new();
        let mut former: BTreeMap<String, u32> = BTreeMap::new();
        let mut kind = BTreeMap::new();
        let mut certs = BTreeMap::new();
        let mut upgrades = BTreeMap::new();
        for p in &site.products {
            for c in &p.certificates {
                *certs.entry(c.issued.year()).or_insert(0) += 1;
            }
            for w in p.certificates.windows(2) {
                if w[0].stars > w[1].stars {
                    *upgrades.entry(w[0].issued.year()).or_insert(0) += 1;
                }
            }
            f.validity.add(p.current(), today);
            if !p.is_certified(today) {
                continue;
            }
            f.certified += 1;
            f.by_stars[usize::from(p.stars().get() - 3)] += 1;
            *group.entry(p.group).or_insert(0) += 1;
            if let Some(g) = &p.legacy_group {
                *legacy_group.entry(g.clone()).or_insert(0) += 1;
            }
            *province.entry(p.province).or_insert(0) += 1;
            if let Some(old) = &p.former_province {
                *former.entry(old.clone()).or_insert(0) += 1;
            }
            if let Some(producer) = site.producers.get(p.producer.index()) {
                *kind.entry(producer.kind).or_insert(0) += 1;
            }
        }
        f.by_group = Group::ALL
            .iter()
            .map(|g| (*g, group.get(g).copied().unwrap_or(0)))
            .collect();
        f.by_legacy_group = legacy_group.into_iter().collect();
        f.by_province = province.into_iter().collect();
        f.by_former_province = former.into_iter().collect();
        f.by_producer_kind = ProducerKind::ALL
            .iter()
            .map(|k| (*k, kind.get(k).copied().unwrap_or(0)))
            .collect();
        f.producers_by_kind = ProducerKind::ALL
            .iter()
            .map(|k| {
                let n = site.producers.iter().filter(|p| p.kind == *k).count();
                (*k, n as u32)
            })
            .collect();
        f.certificates_by_year = certs.into_iter().collect();
        f.upgrades_by_year = upgrades.into_iter().collect();
        f.sales_points_by_province = count_by(site.sales_points.iter().map(|s| s.province));
        f.fairs_by_province = count_by(site.fairs.iter().map(|x| x.province));
        f
    }
}

impl Validity {
    fn add(&mut self, c: &Certificate, today: chrono::NaiveDate) {
        match c.status(today) {
            CertStatus::Revoked => self.revoked += 1,
            CertStatus::Expired => self.expired += 1,
            CertStatus::Expiring => self.ending_90 += 1,
            CertStatus::Valid if (c.valid_until - today).num_days() <= ENDING_DAYS => {
                self.ending_180 += 1
            }
            CertStatus::Valid => self.valid += 1,
        }
    }
}

fn count_by(provinces: impl Iterator<Item = ProvinceId>) -> Vec<(ProvinceId, u32)> {
    let mut m = BTreeMap::new();
    for p in provinces {
        *m.entry(p).or_insert(0) += 1;
    }
    m.into_iter().collect()
}
