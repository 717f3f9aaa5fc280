//! Making the records an import would write (`rows::Candidate`): each one's text, what it
//! changes, the rows it came from and, value by value, the row and column each came from,
//! so that every problem the validation finds in it is told by row and column.

use std::path::Path;

use crate::model::ProducerKind;
use crate::model::refdata;

use super::columns::SheetField;
use super::importer::Importer;
use super::record::{self, Val};

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
