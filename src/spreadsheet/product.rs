//! The product record of each group of rows.
//!
//! A product takes each field from its main row (the one of its newest certificate), else
//! from the first other row that has it, a value that differs on another row being a
//! warning; and a certificate from each row. A new product is made from them; an existing
//! one takes only the values that differ from the record, its certificates matched by
//! decision number, and every change is listed.

use std::path::PathBuf;

use crate::base::diag::Severity;
use crate::load::Section;

use super::candidate::canonical;
use super::columns::SheetField;
use super::importer::Importer;
use super::record::{CERT_FIELDS, CertDoc, PRODUCT_FIELDS, ProductDoc, Val, decision_key, same};
use super::rows::Group;
use super::rows::{Candidate, Origin};
use super::site::Existing;

impl Importer<'_> {
    /// The row whose certificate is the newest (the last of equals), else the first.
    fn main_row(&self, g: &Group) -> usize {
        let mut best = g.rows[0];
        for &i in &g.rows {
            if self.rows[i].issued() >= self.rows[best].issued() && self.rows[i].issued().is_some()
            {
                best = i;
            }
        }
        best
    }

    /// The product record of group `g` (also when one of its rows failed: the record is still
    /// validated, so that every problem of the row is reported); `None` without a slug.
    pub(super) fn product_candidate(&mut self, gi: usize) -> Option<Candidate> {
        let g = &self.groups[gi];
        if g.slug.is_empty() {
            return None;
        }
        let main = self.main_row(g);
        let rows: Vec<usize> = g.rows.clone();
        let numbers: Vec<usize> = rows.iter().map(|&i| self.rows[i].number).collect();
        let slug = g.slug.clone();
        let existing = self.site.products.get(&slug);
        let mut origin = Origin {
            main_row: self.rows[main].number,
            existed: existing.is_some(),
            ..Default::default()
        };
        let mut warnings: Vec<(usize, SheetField, String)> = Vec::new();
        let mut errors: Vec<(usize, SheetField, String)> = Vec::new();

        let values = self.product_values(main, &rows, &mut warnings);
        // The producer.
        let pref = std::iter::once(main)
            .chain(rows.iter().copied())
            .find_map(|i| self.row_producer[i].clone().map(|p| (i, p)));
        let producer = pref
            .as_ref()
            .map(|(i, p)| (self.rows[*i].number, self.producer_slug(p)));
        let certs = self.row_certificates(&rows, &mut warnings, &mut errors);
        for (row, f, m) in warnings {
            let col = self.columns.column(f);
            self.problem(Severity::Warning, Some(row), col, m, None);
        }
        for (row, f, m) in errors {
            self.error_at(row, Some(f), m);
        }

        let existing = self.site.products.get(&slug);
        let (doc, body, file, changes) = match existing {
            None => Self::new_product(&slug, values, producer, certs, &mut origin),
            Some(e) => self.updated_product(e, values, producer, certs, &mut origin),
        };
        let mut doc = doc;
        let unwritable = match origin.existed && !changes.is_empty() {
            true => self
                .original_front_matter(&file)
                .and_then(|o| doc.keep_unmodelled(&o))
                .err(),
            false => None,
        };
        Some(Candidate {
            section: Section::Products,
            slug,
            file,
            text: doc.to_text(&body),
            existed: origin.existed,
            changes,
            rows: numbers,
            origin,
            unwritable,
        })
    }

    /// Product-level fields: the main row's value, else the first other row's. A value of
    /// another row that differs is a warning of that row.
    fn product_values(
        &self,
        main: usize,
        rows: &[usize],
        warnings: &mut Vec<(usize, SheetField, String)>,
    ) -> Vec<(SheetField, Val, usize)> {
        let mut values: Vec<(SheetField, Val, usize)> = Vec::new();
        for f in PRODUCT_FIELDS {
            if !self.columns.has(f) {
                continue;
            }
            let order = std::iter::once(main).chain(rows.iter().copied().filter(|&i| i != main));
            let mut chosen: Option<(usize, Val)> = None;
            for i in order {
                let Some(v) = self.rows[i].get(f) else {
                    continue;
                };
                match &chosen {
                    None => chosen = Some((i, v.clone())),
                    Some((ci, cv)) if !same(f, cv, v) => warnings.push((
                        self.rows[i].number,
                        f,
                        format!(
                            "`{}` differs from row {} of the same product, whose `{}` is used",
                            v.show(),
                            self.rows[*ci].number,
                            cv.show()
                        ),
                    )),
                    _ => {}
                }
            }
            let (row, v) = chosen.unwrap_or((main, Val::None));
            values.push((f, canonical(f, v), self.rows[row].number));
        }
        values
    }

    /// Certificates, one per row that has a certificate's value. A row repeating the decision
    /// of an earlier row is read once (a warning) when it says the same, else it is an error.
    fn row_certificates(
        &self,
        rows: &[usize],
        warnings: &mut Vec<(usize, SheetField, String)>,
        errors: &mut Vec<(usize, SheetField, String)>,
    ) -> Vec<(usize, CertDoc)> {
        let mut certs: Vec<(usize, CertDoc)> = Vec::new();
        for &i in rows {
            let r = &self.rows[i];
            if !CERT_FIELDS.iter().any(|f| r.get(*f).is_some()) {
                continue;
            }
            let mut c = CertDoc::default();
            for f in CERT_FIELDS {
                if let Some(v) = r.get(f) {
                    c.set(f, v.clone());
                }
            }
            if let Some(d) = &c.decision {
                let key = decision_key(d);
                let earlier = certs.iter().find(|(_, e)| {
                    e.decision.as_deref().map(decision_key).as_deref() == Some(key.as_str())
                });
                if let Some((row, e)) = earlier {
                    if *e == c {
                        warnings.push((
                            r.number,
                            SheetField::Decision,
                            format!("repeats the certificate of row {row}; read once"),
                        ));
                    } else {
                        errors.push((
                            r.number,
                            SheetField::Decision,
                            format!(
                                "decision {d} is also on row {row} for the same product, with other details; keep one row per decision"
                            ),
                        ));
                    }
                    continue;
                }
            }
            certs.push((r.number, c));
        }
        certs
    }

    /// A new product record made of the rows' values, producer and certificates: the record,
    /// its body, its file and its changes (none).
    fn new_product(
        slug: &str,
        values: Vec<(SheetField, Val, usize)>,
        producer: Option<(usize, String)>,
        certs: Vec<(usize, CertDoc)>,
        origin: &mut Origin,
    ) -> (ProductDoc, String, PathBuf, Vec<String>) {
        let mut doc = ProductDoc::default();
        for (f, v, row) in values {
            origin.fields.insert(f, row);
            doc.set(f, v);
        }
        if let Some((row, p)) = producer {
            doc.producer = Some(p);
            origin.fields.insert(SheetField::Producer, row);
        }
        for (row, c) in certs {
            doc.certificates.push(c);
            origin.certs.push(Some(row));
        }
        let file = PathBuf::from(format!("content/products/{slug}/index.md"));
        (doc, String::new(), file, Vec::new())
    }

    /// The existing product `e` with the rows' values, producer and certificates that differ
    /// from it: the record, its body, its file and the changes, one line each.
    fn updated_product(
        &self,
        e: &Existing<ProductDoc>,
        values: Vec<(SheetField, Val, usize)>,
        producer: Option<(usize, String)>,
        certs: Vec<(usize, CertDoc)>,
        origin: &mut Origin,
    ) -> (ProductDoc, String, PathBuf, Vec<String>) {
        let mut doc = e.doc.clone();
        let mut changes = Vec::new();
        // An empty cell says nothing: it never clears a value of the record. Only
        // what changes is traced back to the rows: problems of the rest are the
        // site's own.
        for (f, v, row) in values {
            let old = doc.get(f);
            if !v.is_none() && !same(f, &old, &v) {
                changes.push(format!("{} {} → {}", f.key(), old.show(), v.show()));
                origin.fields.insert(f, row);
                doc.set(f, v);
            }
        }
        if let Some((row, p)) = producer
            && doc.producer.as_deref() != Some(p.as_str())
        {
            origin.fields.insert(SheetField::Producer, row);
            changes.push(format!(
                "producer {} → {p}",
                doc.producer.as_deref().unwrap_or("(empty)")
            ));
            doc.producer = Some(p);
        }
        self.merge_certificates(&mut doc, certs, origin, &mut changes);
        (doc, e.body.clone(), e.file.clone(), changes)
    }

    /// Matches the rows' certificates to the record's by decision number: a matched one takes
    /// the row's values that differ, one that matches none is added.
    fn merge_certificates(
        &self,
        doc: &mut ProductDoc,
        certs: Vec<(usize, CertDoc)>,
        origin: &mut Origin,
        changes: &mut Vec<String>,
    ) {
        origin.certs = vec![None; doc.certificates.len()];
        let mut matched = vec![false; doc.certificates.len()];
        for (row, c) in certs {
            let key = c.decision.as_deref().map(decision_key);
            let found = doc.certificates.iter().enumerate().position(|(i, e)| {
                !matched[i] && key.is_some() && e.decision.as_deref().map(decision_key) == key
            });
            match found {
                Some(i) => {
                    matched[i] = true;
                    let d = doc.certificates[i].decision.clone().unwrap_or_default();
                    for f in CERT_FIELDS {
                        if !self.columns.has(f) || f == SheetField::Decision {
                            continue;
                        }
                        let (old, new) = (doc.certificates[i].get(f), c.get(f));
                        if !new.is_none() && !same(f, &old, &new) {
                            origin.certs[i] = Some(row);
                            changes.push(format!(
                                "certificate {d}: {} {} → {}",
                                f.key(),
                                old.show(),
                                new.show()
                            ));
                            doc.certificates[i].set(f, new);
                        }
                    }
                }
                None => {
                    changes.push(format!("certificate added: {}", c.describe()));
                    doc.certificates.push(c);
                    origin.certs.push(Some(row));
                    // Added by this row: no later row matches it again.
                    matched.push(true);
                }
            }
        }
    }
}
