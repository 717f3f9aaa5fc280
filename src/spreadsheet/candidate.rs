//! The records an import would write: each one's text, what it changes, the rows it came
//! from and, value by value, the row and column each came from, so that every problem the
//! validation finds in it is told by row and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::load::Section;
use crate::model::ProducerKind;
use crate::model::refdata;

use super::columns::SheetField;
use super::importer::Importer;
use super::record::{self, Val};

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

/// Writes a value as the record should hold it: group and producer kind by their keys.
pub(super) fn canonical(f: SheetField, v: Val) -> Val {
    match (f, &v) {
        (SheetField::Group, Val::Text(t)) => match refdata::data().find_group(t) {
            Some(refdata::GroupMatch::Current(g) | refdata::GroupMatch::Legacy(g)) => {
                Val::Text(g.key().to_string())
            }
            None => v,
        },
        (SheetField::ProducerKind, Val::Text(t)) => match ProducerKind::parse(t) {
            Some(k) => Val::Text(k.key().to_string()),
            None => v,
        },
        _ => v,
    }
}

impl Importer<'_> {
    /// The front matter of an existing record as its file holds it now.
    pub(super) fn original_front_matter(&self, file: &Path) -> Result<toml::Table, String> {
        let text = std::fs::read_to_string(self.opts.root.join(file))
            .map_err(|e| format!("cannot read {} again: {e}", file.display()))?;
        record::front_matter(&text).ok_or_else(|| {
            format!(
                "cannot read the front matter of {} again; it changed while importing",
                file.display()
            )
        })
    }
}
