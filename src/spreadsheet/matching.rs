//! Matching rows to records: which producer each row names and which product it is a
//! certificate of.
//!
//! A row names its producer by slug, else by name: an existing producer of the site, else a
//! new one (one per name, however many rows name it). Rows are then grouped into products:
//! by the Slug column, else by product name and producer, so that a product's star history
//! may take several rows and each existing product is found again.

use std::collections::{HashMap, HashSet};

use crate::base::vietnamese::{is_slug, match_key, slugify};
use crate::load::Section;

use super::columns::SheetField;
use super::importer::Importer;
use super::rows::{Group, NewProducer, PRef, Target};
use super::slug::{short_slug, too_long_slug, unique_slug};

impl Importer<'_> {
    /// Decides which producer each row names: an existing one (by slug, else by name), or a
    /// new one (one per name).
    pub(super) fn resolve_producers(&mut self) {
        let reserved: HashSet<String> = self
            .rows
            .iter()
            .filter_map(|r| r.text(SheetField::ProducerSlug))
            .collect();
        for i in 0..self.rows.len() {
            let (number, pslug, pname) = {
                let r = &self.rows[i];
                (
                    r.number,
                    r.text(SheetField::ProducerSlug),
                    r.text(SheetField::Producer),
                )
            };
            let pref = if let Some(s) = pslug {
                if !is_slug(&s) {
                    self.error_at(
                        number,
                        Some(SheetField::ProducerSlug),
                        format!("`{s}` is not a valid slug: use lower-case letters a-z, digits and single dashes, e.g. `{}`", slugify(&s)),
                    );
                    None
                } else if self.site.producers.contains_key(&s) {
                    Some(PRef::Existing(s))
                } else if let Some(e) = too_long_slug(&s) {
                    self.error_at(number, Some(SheetField::ProducerSlug), e);
                    None
                } else {
                    let p = self.new_producer(format!("slug:{s}"), s);
                    // Later rows naming the same producer without its slug join it.
                    if let (Some(name), PRef::New(n)) = (&pname, &p) {
                        self.new_producer_index
                            .entry(format!("name:{}", match_key(name)))
                            .or_insert(*n);
                    }
                    Some(p)
                }
            } else if let Some(name) = pname {
                let key = match_key(&name);
                if let Some(s) = self.site.producer_by_name.get(&key) {
                    Some(PRef::Existing(s.clone()))
                } else if let Some(&n) = self.new_producer_index.get(&format!("name:{key}")) {
                    Some(PRef::New(n))
                } else {
                    let base = short_slug(&slugify(&name));
                    if base.is_empty() {
                        self.error_at(
                            number,
                            Some(SheetField::Producer),
                            format!("cannot make an address from the producer name `{name}`: use letters or digits"),
                        );
                        None
                    } else {
                        let slug = unique_slug(&base, |s| {
                            self.site.taken(&self.opts.root, Section::Producers, s)
                                || reserved.contains(s)
                                || self.new_producer_slugs.contains(s)
                        });
                        Some(self.new_producer(format!("name:{key}"), slug))
                    }
                }
            } else {
                None
            };
            self.row_producer.push(pref);
        }
    }

    fn new_producer(&mut self, key: String, slug: String) -> PRef {
        if let Some(&n) = self.new_producer_index.get(&key) {
            return PRef::New(n);
        }
        let n = self.new_producers.len();
        self.new_producer_slugs.insert(slug.clone());
        self.new_producers.push(NewProducer { slug });
        self.new_producer_index.insert(key, n);
        PRef::New(n)
    }

    pub(super) fn producer_slug(&self, p: &PRef) -> String {
        match p {
            PRef::Existing(s) => s.clone(),
            PRef::New(n) => self.new_producers[*n].slug.clone(),
        }
    }

    /// Groups rows into products: by slug, else by name and producer.
    pub(super) fn group_rows(&mut self) {
        let mut index: HashMap<Target, usize> = HashMap::new();
        let reserved: HashSet<String> = self
            .rows
            .iter()
            .filter_map(|r| r.text(SheetField::Slug))
            .collect();
        for i in 0..self.rows.len() {
            let Some(target) = self.row_target(i) else {
                continue;
            };
            match index.get(&target) {
                Some(&g) => self.groups[g].rows.push(i),
                None => {
                    index.insert(target.clone(), self.groups.len());
                    self.groups.push(Group {
                        target,
                        rows: vec![i],
                        slug: String::new(),
                    });
                }
            }
        }
        self.assign_slugs(reserved);
    }

    /// The product row `i` goes to: the one its Slug column names, else the product of its
    /// name and producer (existing or new); `None`, with an error of the row, when it has
    /// neither a valid slug nor a name and a producer.
    fn row_target(&mut self, i: usize) -> Option<Target> {
        let number = self.rows[i].number;
        let slug = self.rows[i].text(SheetField::Slug);
        let name = self.rows[i].text(SheetField::Name);
        let target = if let Some(s) = slug {
            if !is_slug(&s) {
                self.error_at(
                    number,
                    Some(SheetField::Slug),
                    format!("`{s}` is not a valid slug: use lower-case letters a-z, digits and single dashes, e.g. `{}`", slugify(&s)),
                );
                return None;
            }
            if self
                .site
                .unreadable
                .contains(&(Section::Products, s.clone()))
            {
                self.error_at(
                    number,
                    Some(SheetField::Slug),
                    format!("the product `{s}` exists but cannot be read; fix it first (`ocop check` shows why)"),
                );
                return None;
            }
            if !self.site.products.contains_key(&s)
                && let Some(e) = too_long_slug(&s)
            {
                self.error_at(number, Some(SheetField::Slug), e);
                return None;
            }
            Target::Slug(s)
        } else if let Some(name) = name {
            let Some(pref) = self.row_producer[i].clone() else {
                if !self.failed_rows.contains(&number) {
                    let msg = if self.columns.has(SheetField::Producer) {
                        "the producer (chủ thể) is empty".to_string()
                    } else {
                        "no producer: the spreadsheet has no column for it (e.g. \"Chủ thể\")"
                            .to_string()
                    };
                    self.error_at(number, Some(SheetField::Producer), msg);
                }
                return None;
            };
            let key = match_key(&name);
            let existing = match &pref {
                PRef::Existing(ps) => self.site.product_by_name.get(&(key.clone(), ps.clone())),
                PRef::New(_) => None,
            };
            match existing {
                Some(s) => Target::Slug(s.clone()),
                None => Target::New(key, pref),
            }
        } else {
            self.error_at(
                number,
                Some(SheetField::Name),
                "the product name is empty".to_string(),
            );
            return None;
        };
        Some(target)
    }
}
