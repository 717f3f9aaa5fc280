//! Which records an import writes, and writing them.
//!
//! New records are written, changed ones only with `--update`, and none on a dry run or
//! when a row failed (unless `--skip-invalid`). They are written all or nothing (see
//! `stage`): when one cannot be, none is, and the error is a problem of the report.

use std::path::Path;

use crate::base::diag::Severity;

use super::importer::Importer;
use super::report::{RowProblem, Status};
use super::rows::Candidate;
use super::stage;

impl Importer<'_> {
    /// What happened to each candidate, and whether to write it (only when `write`).
    pub(super) fn statuses(&self, candidates: &[Candidate], write: bool) -> Vec<(Status, bool)> {
        candidates
            .iter()
            .map(|c| {
                let status = if !c.existed {
                    Status::Created
                } else if c.changes.is_empty() {
                    Status::Unchanged
                } else {
                    Status::Changed(c.changes.clone())
                };
                let wanted = match status {
                    Status::Created => true,
                    Status::Changed(_) => self.opts.update,
                    Status::Unchanged => false,
                };
                (status, write && wanted)
            })
            .collect()
    }

    /// Writes the records all or nothing (see `stage`); on failure the error is also a
    /// problem of the report.
    pub(super) fn write_all(&mut self, files: &[&Candidate]) -> Result<(), String> {
        let result = Self::stage_and_commit(&self.opts.root, files);
        if let Err((row, message)) = &result {
            self.problems.push(RowProblem {
                severity: Severity::Error,
                row: *row,
                column: None,
                message: format!("{message}; nothing was written"),
                hint: None,
                col_index: None,
            });
        }
        result.map_err(|(_, m)| m)
    }

    /// Checks, stages and moves the files into place; the error names the first row of the
    /// record at fault when there is one.
    fn stage_and_commit(root: &Path, files: &[&Candidate]) -> Result<(), (Option<usize>, String)> {
        let first_row = |c: &Candidate| c.rows.first().copied();
        for c in files {
            if let Some(why) = &c.unwritable {
                return Err((first_row(c), why.clone()));
            }
            if !c.existed && root.join(&c.file).exists() {
                return Err((
                    first_row(c),
                    format!(
                        "{} appeared while importing; not overwritten",
                        c.file.display()
                    ),
                ));
            }
        }
        let mut staging = stage::Staging::new(root);
        for c in files {
            staging
                .stage(&c.file, &c.text)
                .map_err(|e| (first_row(c), e))?;
        }
        staging.commit().map_err(|e| (None, e))
    }
}
