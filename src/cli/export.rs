//! `ocop export`: writes every product as spreadsheet rows that `import` reads back.
//!
//! The export is `crate::spreadsheet::export`; this file prints the records it could not
//! read and says what was written, or that nothing was.

use crate::spreadsheet;

use super::args::ExportArgs;
use super::report::{print_problems, summary};
use super::{Failure, Outcome};

/// Runs `ocop export`: exit code 1 when nothing was written (a record could not be read, or
/// the file could not be written).
pub fn run(args: ExportArgs) -> Outcome {
    let ExportArgs { root, output } = args;
    let report = spreadsheet::export(&root, output.as_deref())?;
    print_problems(&report.problems, true);
    if !report.written {
        eprintln!(
            "Export failed: {}. Some records could not be read, so the spreadsheet would lack them; nothing was written. Fix them (`ocop check` lists them) and export again.",
            summary(&report.problems)
        );
        return Err(Failure::Reported);
    }
    eprintln!(
        "Exported {} products in {} rows{}.",
        report.products,
        report.rows,
        output
            .map(|p| format!(" to {}", p.display()))
            .unwrap_or_default()
    );
    Ok(())
}
