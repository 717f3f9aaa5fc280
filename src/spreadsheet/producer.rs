//! The producer records the products need.
//!
//! A new producer is made from the first non-empty value of each of its columns among its
//! rows (its kind, when no column gives it, from the start of its name: "HTX ...", "Công ty
//! ..."); an existing one takes only the values that differ from the record, and every
//! change is listed.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::base::vietnamese::fold;
use crate::load::Section;
use crate::model::ProducerKind;

use super::candidate::canonical;
use super::columns::SheetField;
use super::importer::Importer;
use super::record::{PRODUCER_FIELDS, ProducerDoc, Val, same};
use super::rows::PRef;
use super::rows::{Candidate, Origin};
use super::site::Existing;

/// Infers a producer's kind from the start of its name ("HTX ...", "Công ty ...").
pub(super) fn kind_from_name(name: &str) -> Option<ProducerKind> {
    let f = fold(name);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| f.starts_with(p));
    if starts(&["htx ", "hop tac xa "]) {
        Some(ProducerKind::Cooperative)
    } else if starts(&["tht ", "to hop tac "]) {
        Some(ProducerKind::CooperativeGroup)
    } else if starts(&["cong ty ", "doanh nghiep ", "dntn ", "cty "]) {
        Some(ProducerKind::Enterprise)
    } else if starts(&["ho kinh doanh ", "ho san xuat ", "hkd ", "co so "]) {
        Some(ProducerKind::Household)
    } else {
        None
    }
}

impl Importer<'_> {
    /// The producer records the active groups need: new ones, and existing ones whose
    /// spreadsheet values differ.
    pub(super) fn producer_candidates(&self, active: &[usize]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (p, rows) in self.rows_by_producer(active) {
            let numbers: Vec<usize> = rows.iter().map(|&i| self.rows[i].number).collect();
            let origin = Origin {
                main_row: numbers[0],
                ..Default::default()
            };
            match &p {
                PRef::New(n) => out.push(self.new_producer_candidate(*n, &rows, numbers, origin)),
                PRef::Existing(slug) => {
                    let Some(e) = self.site.producers.get(slug) else {
                        continue;
                    };
                    out.push(self.existing_producer_candidate(slug, e, &rows, numbers, origin));
                }
            }
        }
        out
    }

    /// Rows of each producer the groups `active` name, in order.
    fn rows_by_producer(&self, active: &[usize]) -> Vec<(PRef, Vec<usize>)> {
        let mut rows_of: Vec<(PRef, Vec<usize>)> = Vec::new();
        let mut index: HashMap<&PRef, usize> = HashMap::new();
        for &g in active {
            for &i in &self.groups[g].rows {
                if let Some(p) = &self.row_producer[i] {
                    match index.get(p) {
                        Some(&n) => rows_of[n].1.push(i),
                        None => {
                            index.insert(p, rows_of.len());
                            rows_of.push((p.clone(), vec![i]));
                        }
                    }
                }
            }
        }
        rows_of
    }

    /// The first non-empty value of field `f` among `rows`, and its row (`first_row` when
    /// every cell is empty); `None` when the spreadsheet has no column for it.
    fn first_value(&self, f: SheetField, rows: &[usize], first_row: usize) -> Option<(Val, usize)> {
        if !self.columns.has(f) {
            return None;
        }
        let found = rows.iter().find_map(|&i| {
            self.rows[i]
                .get(f)
                .map(|v| (self.rows[i].number, v.clone()))
        });
        let (row, v) = found.unwrap_or((first_row, Val::None));
        Some((canonical(f, v), row))
    }

    /// The new producer `n`, made of its rows' values.
    fn new_producer_candidate(
        &self,
        n: usize,
        rows: &[usize],
        numbers: Vec<usize>,
        mut origin: Origin,
    ) -> Candidate {
        let value = |f: SheetField| self.first_value(f, rows, numbers[0]);
        let slug = self.new_producers[n].slug.clone();
        let mut doc = ProducerDoc::default();
        for f in [
            SheetField::Producer,
            SheetField::ProducerNameEn,
            SheetField::ProducerKind,
            SheetField::Province,
            SheetField::Commune,
            SheetField::Address,
            SheetField::Representative,
            SheetField::Phone,
            SheetField::Email,
            SheetField::ProducerAddress,
            SheetField::Website,
            SheetField::Zalo,
            SheetField::TaxCode,
        ] {
            // A new producer takes the product's address only when the
            // spreadsheet has no column of its own address.
            if f == SheetField::Address && self.columns.has(SheetField::ProducerAddress) {
                continue;
            }
            if let Some((v, row)) = value(f) {
                origin.fields.insert(f, row);
                doc.set(f, v);
            }
        }
        if doc.kind.is_none()
            && let Some(k) = doc.name.as_deref().and_then(kind_from_name)
        {
            doc.kind = Some(k.key().to_string());
        }
        Candidate {
            section: Section::Producers,
            file: PathBuf::from(format!("content/producers/{slug}/index.md")),
            slug,
            text: doc.to_text(""),
            existed: false,
            changes: Vec::new(),
            rows: numbers,
            origin,
            unwritable: None,
        }
    }

    /// The existing producer `slug` (its record `e`) with its rows' values that differ.
    fn existing_producer_candidate(
        &self,
        slug: &str,
        e: &Existing<ProducerDoc>,
        rows: &[usize],
        numbers: Vec<usize>,
        mut origin: Origin,
    ) -> Candidate {
        let value = |f: SheetField| self.first_value(f, rows, numbers[0]);
        let mut doc = e.doc.clone();
        let mut changes = Vec::new();
        for f in PRODUCER_FIELDS {
            let Some((v, row)) = value(f) else { continue };
            let old = doc.get(f);
            if !v.is_none() && !same(f, &old, &v) {
                origin.fields.insert(f, row);
                let key = if f == SheetField::ProducerKind {
                    "kind"
                } else if f == SheetField::ProducerNameEn {
                    "name_en"
                } else if f == SheetField::Producer {
                    "name"
                } else if f == SheetField::ProducerAddress {
                    "address"
                } else {
                    f.key()
                };
                changes.push(format!("{key} {} → {}", old.show(), v.show()));
                doc.set(f, v);
            }
        }
        origin.existed = true;
        let unwritable = match changes.is_empty() {
            true => None,
            false => self
                .original_front_matter(&e.file)
                .and_then(|o| doc.keep_unmodelled(&o))
                .err(),
        };
        Candidate {
            section: Section::Producers,
            slug: slug.to_string(),
            file: e.file.clone(),
            text: doc.to_text(&e.body),
            existed: true,
            changes,
            rows: numbers,
            origin,
            unwritable,
        }
    }
}
