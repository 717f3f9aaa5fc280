//! Validating the records as the build would, and telling each problem by row and column.
//!
//! The new and changed records are put in place of the site's own (in memory) and the whole
//! site is resolved. A problem of a candidate record is traced back to the row and column its
//! value came from; a problem of a value the spreadsheet did not give is the site's own. A
//! product fails with its rows, and with its producer.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::base::diag::{Problem, Problems};
use crate::load::{self, RawRecord, Section};
use crate::resolve;

use super::columns::SheetField;
use super::importer::Importer;
use super::rows::Candidate;
use super::rows::PRef;

impl Importer<'_> {
    /// Loads the site with the candidates in place and resolves it, as the build does.
    fn validate(&self, candidates: &[Candidate]) -> Problems {
        let mut problems = Problems::new();
        let mut raw = load::load(&self.opts.root, &mut problems);
        let mut index: HashMap<(Section, String), usize> = raw
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.section, r.slug.clone()), i))
            .collect();
        for c in candidates {
            let Some((body, fields, english)) = load::parse_record(
                &c.file,
                c.section,
                &c.slug,
                c.text.clone().into_bytes(),
                &mut problems,
            ) else {
                continue;
            };
            match index.get(&(c.section, c.slug.clone())).copied() {
                Some(i) => {
                    let r = &mut raw.records[i];
                    r.fields = fields;
                    r.body = body;
                    r.english = load::RawEnglish {
                        body: r.english.body.take(),
                        ..english
                    };
                }
                None => {
                    index.insert((c.section, c.slug.clone()), raw.records.len());
                    raw.records.push(RawRecord {
                        section: c.section,
                        slug: c.slug.clone(),
                        file: c.file.clone(),
                        bundle: c.file.parent().map(|p| self.opts.root.join(p)),
                        bundle_images: Vec::new(),
                        bundle_unsupported: Vec::new(),
                        body,
                        fields,
                        english,
                        origin: None,
                    })
                }
            }
        }
        let ropts = resolve::ResolveOptions {
            today: self.opts.today,
            base_url: None,
            drafts: true,
        };
        resolve::resolve(raw, &ropts, &mut problems);
        problems
    }

    /// Where a problem of a candidate comes from: (row, field), or `None` when it is about
    /// something the spreadsheet did not provide in a record that already existed.
    fn locate(c: &Candidate, field: Option<&str>) -> Option<(usize, Option<SheetField>)> {
        let o = &c.origin;
        let fallback = if o.existed {
            None
        } else {
            Some((o.main_row, None))
        };
        let Some(path) = field else {
            return fallback;
        };
        let first = path.split('.').next().unwrap_or(path);
        let base = |s: &str| s.split('[').next().unwrap_or(s).to_string();
        if c.section == Section::Products && base(first) == "certificates" {
            let index = first
                .split_once('[')
                .and_then(|(_, r)| r.trim_end_matches(']').parse::<usize>().ok());
            let Some(index) = index else {
                return fallback;
            };
            let sub = path.split('.').nth(1).map(base);
            return match o.certs.get(index).copied().flatten() {
                Some(row) => Some((row, sub.and_then(|s| SheetField::from_key(&s)))),
                None => fallback,
            };
        }
        let last = base(path.rsplit('.').next().unwrap_or(path));
        let f = match (c.section, last.as_str()) {
            (Section::Producers, "name") => Some(SheetField::Producer),
            (Section::Producers, "kind") => Some(SheetField::ProducerKind),
            (Section::Producers, "name_en") => Some(SheetField::ProducerNameEn),
            (Section::Producers, "address")
                if o.fields.contains_key(&SheetField::ProducerAddress) =>
            {
                Some(SheetField::ProducerAddress)
            }
            (_, k) => SheetField::from_key(k),
        };
        match f {
            Some(f) => match o.fields.get(&f) {
                Some(&row) => Some((row, Some(f))),
                None if o.existed => None,
                None => Some((o.main_row, Some(f))),
            },
            None => fallback,
        }
    }

    /// Turns the problems of a validation into row problems; returns the candidates (by
    /// index) that have errors, and the site's own problems.
    fn map_problems(
        &mut self,
        candidates: &[Candidate],
        problems: Problems,
    ) -> (HashSet<usize>, Vec<Problem>) {
        let by_file: HashMap<&Path, usize> = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (c.file.as_path(), i))
            .collect();
        let mut failed = HashSet::new();
        let mut site = Vec::new();
        for p in problems.iter() {
            let Some(&ci) = by_file.get(p.file.as_path()) else {
                site.push(p.clone());
                continue;
            };
            let c = &candidates[ci];
            if p.message == "the product has no photo" {
                continue;
            }
            let Some((row, f)) = Self::locate(c, p.field.as_deref()) else {
                site.push(p.clone());
                continue;
            };
            let col = f.and_then(|f| self.columns.column(f));
            let required =
                p.message == "required field is missing" || p.message == "must not be empty";
            let message = match (required, f, col) {
                (true, Some(_), Some(_)) => "required, but the cell is empty".to_string(),
                (true, Some(f), None) => format!(
                    "`{}` is required but the spreadsheet has no column for it (e.g. \"{}\")",
                    f.key(),
                    f.heading()
                ),
                _ => p.message.clone(),
            };
            let hint = match f {
                Some(SheetField::Group) if p.is_error() => Some("use one of: Thực phẩm, Đồ uống, Dược liệu, Hàng thủ công mỹ nghệ, Sinh vật cảnh, Dịch vụ du lịch (or food, beverages, herbal, handicrafts, ornamentals, tourism)".to_string()),
                _ => p
                    .hint
                    .clone()
                    .filter(|h| !h.contains(" = ") && !h.contains("[[")),
            };
            if p.is_error() {
                failed.insert(ci);
                self.failed_rows.insert(row);
            }
            self.problem(p.severity, Some(row), col, message, hint);
        }
        (failed, site)
    }

    /// Validates the records of the groups that have a product record and keeps the groups
    /// none of whose records or rows failed; with `--skip-invalid`, validates what is left
    /// again until no more groups drop out. Returns the groups kept and the site's own
    /// problems of the last validation.
    pub(super) fn passing_groups(
        &mut self,
        products: &[Option<Candidate>],
    ) -> (Vec<usize>, Vec<Problem>) {
        let mut active: Vec<usize> = (0..self.groups.len()).collect();
        active.retain(|&g| products[g].is_some());
        let mut site_problems;
        loop {
            let producer_cands = self.producer_candidates(&active);
            let mut all: Vec<Candidate> =
                active.iter().filter_map(|&g| products[g].clone()).collect();
            let n_products = all.len();
            all.extend(producer_cands.iter().cloned());
            let problems = self.validate(&all);
            let (failed, site) = self.map_problems(&all, problems);
            site_problems = site;
            // A failing producer fails every product of it.
            let failed_producers: HashSet<&str> = failed
                .iter()
                .filter(|&&i| i >= n_products)
                .map(|&i| all[i].slug.as_str())
                .collect();
            let failed_products: HashSet<&str> = failed
                .iter()
                .filter(|&&i| i < n_products)
                .map(|&i| all[i].slug.as_str())
                .collect();
            let before = active.len();
            let failed_rows = &self.failed_rows;
            let rows = &self.rows;
            let groups = &self.groups;
            let row_producer = &self.row_producer;
            let new_producers = &self.new_producers;
            active.retain(|&g| {
                let slug = groups[g].slug.as_str();
                let uses_failed = groups[g].rows.iter().any(|&i| {
                    row_producer[i].as_ref().is_some_and(|p| {
                        let s = match p {
                            PRef::Existing(s) => s.as_str(),
                            PRef::New(n) => new_producers[*n].slug.as_str(),
                        };
                        failed_producers.contains(s)
                    })
                });
                let row_failed = groups[g]
                    .rows
                    .iter()
                    .any(|&i| failed_rows.contains(&rows[i].number));
                !failed_products.contains(slug) && !uses_failed && !row_failed
            });
            if !self.opts.skip_invalid || active.len() == before {
                break;
            }
        }
        (active, site_problems)
    }

    /// Rows of failed products are invalid, all of them: every row of a group not in `active`.
    pub(super) fn invalidate_dropped_groups(&mut self, active: &[usize]) {
        let active_set: HashSet<usize> = active.iter().copied().collect();
        for g in 0..self.groups.len() {
            if !active_set.contains(&g) {
                for &i in &self.groups[g].rows {
                    self.failed_rows.insert(self.rows[i].number);
                }
            }
        }
    }
}
