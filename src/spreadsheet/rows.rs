//! What the import hands from one step to the next: the rows as read, which record each
//! row goes to, the producers the rows name, and the records the import would write. Plain
//! data, so that the steps (`cells`, `matching`, `slug`, `candidate`) and the `Importer`
//! that runs them all read it without reading each other.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::load::Section;

use super::columns::SheetField;
use super::record::Val;

/// A row whose cells were read.
#[derive(Debug)]
pub(super) struct Parsed {
    pub(super) number: usize,
    /// Non-empty values only.
    pub(super) vals: HashMap<SheetField, Val>,
}

impl Parsed {
    pub(super) fn get(&self, f: SheetField) -> Option<&Val> {
        self.vals.get(&f)
    }

    pub(super) fn text(&self, f: SheetField) -> Option<String> {
        match self.vals.get(&f) {
            Some(Val::Text(s)) => Some(s.clone()),
            _ => None,
        }
    }

    pub(super) fn issued(&self) -> Option<NaiveDate> {
        match self.vals.get(&SheetField::Issued) {
            Some(Val::Date(d)) => Some(*d),
            _ => None,
        }
    }
}

/// Where each value of a candidate record came from.
#[derive(Debug, Default, Clone)]
pub(super) struct Origin {
    pub(super) main_row: usize,
    pub(super) fields: HashMap<SheetField, usize>,
    /// Certificate index → row (`None`: kept from the existing record).
    pub(super) certs: Vec<Option<usize>>,
    pub(super) existed: bool,
}

/// A record the import would write.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) section: Section,
    pub(super) slug: String,
    pub(super) file: PathBuf,
    pub(super) text: String,
    pub(super) existed: bool,
    pub(super) changes: Vec<String>,
    pub(super) rows: Vec<usize>,
    pub(super) origin: Origin,
    /// Why the record cannot be written (its file could not be read back to keep the
    /// fields the spreadsheet does not carry).
    pub(super) unwritable: Option<String>,
}

/// A producer a row names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum PRef {
    Existing(String),
    New(usize),
}

/// Where a product's rows go.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Target {
    /// A product slug, existing or given in the Slug column.
    Slug(String),
    /// A new product, by name and producer.
    New(String, PRef),
}

#[derive(Debug)]
pub(super) struct Group {
    pub(super) target: Target,
    /// Indices into the parsed rows.
    pub(super) rows: Vec<usize>,
    pub(super) slug: String,
}

#[derive(Debug)]
pub(super) struct NewProducer {
    pub(super) slug: String,
}
