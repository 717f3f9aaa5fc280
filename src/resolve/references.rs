//! References between records: a slug in one record's field resolved to the index of the
//! record it names (unknown slugs reported with a suggestion), and the reverse links filled
//! in once every record is resolved (producer → products, fairs and stories; sales points ↔
//! products).

use std::collections::BTreeMap;

use crate::base::diag::{Problem, Problems, did_you_mean};
use crate::load::fields::Sp;
use crate::load::{RawRecord, Section};
use crate::model::*;

use super::Ctx;

impl Ctx<'_> {
    pub(super) fn find(&self, section: Section, slug: &str) -> Option<usize> {
        self.index.get(&section).and_then(|m| m.get(slug)).copied()
    }

    /// Resolves a reference to another record; reports an unknown slug with a suggestion.
    pub(super) fn reference(
        &self,
        r: &RawRecord,
        section: Section,
        field: &str,
        slug: &Sp<String>,
        out: &mut Problems,
    ) -> Option<u32> {
        if let Some(i) = self.find(section, &slug.value) {
            return Some(i as u32);
        }
        if self.unreadable.contains(&(section, slug.value.clone())) {
            // The record exists but could not be read; that is reported already.
            return None;
        }
        let known = self.index.get(&section);
        let suggestion =
            known.and_then(|m| did_you_mean(&slug.value, m.keys().map(String::as_str)));
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "it must be the name of a file or folder in content/{}/ (without .md)",
                section.dir()
            ),
        };
        out.push(
            Problem::error(
                &r.file,
                format!("no {} `{}` exists", section.kind_name(), slug.value),
            )
            .at(slug.pos)
            .field(field)
            .hint(hint),
        );
        None
    }

    pub(super) fn references(
        &self,
        r: &RawRecord,
        section: Section,
        field: &str,
        list: &[Sp<String>],
        out: &mut Problems,
    ) -> Vec<u32> {
        let mut ids: Vec<u32> = list
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.reference(r, section, &format!("{field}[{i}]"), s, out))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Fills the reverse links: producer → products, fairs and stories; sales points ↔ products.
pub(super) fn cross_link(site: &mut Site) {
    let mut sold: BTreeMap<(u32, u32), ()> = BTreeMap::new();
    for (i, p) in site.products.iter().enumerate() {
        for s in &p.sold_at {
            sold.insert((i as u32, s.0), ());
        }
    }
    for (si, s) in site.sales_points.iter().enumerate() {
        for p in &s.products {
            sold.insert((p.0, si as u32), ());
        }
    }
    for p in &mut site.products {
        p.sold_at.clear();
    }
    for s in &mut site.sales_points {
        s.products.clear();
    }
    for &(p, s) in sold.keys() {
        site.products[p as usize].sold_at.push(SalesPointId(s));
        site.sales_points[s as usize].products.push(ProductId(p));
    }
    for i in 0..site.products.len() {
        let producer = site.products[i].producer;
        if let Some(pr) = site.producers.get_mut(producer.index()) {
            pr.products.push(ProductId(i as u32));
        }
    }
    for fi in 0..site.fairs.len() {
        let fair = &site.fairs[fi];
        let (prods, producers) = (fair.products.clone(), fair.producers.clone());
        for p in prods {
            site.products[p.index()].fairs.push(FairId(fi as u32));
        }
        for p in producers {
            site.producers[p.index()].fairs.push(FairId(fi as u32));
        }
    }
    for si in 0..site.stories.len() {
        let story = &site.stories[si];
        let (prods, producers) = (story.products.clone(), story.producers.clone());
        for p in prods {
            site.products[p.index()].stories.push(StoryId(si as u32));
        }
        for p in producers {
            site.producers[p.index()].stories.push(StoryId(si as u32));
        }
    }
}
