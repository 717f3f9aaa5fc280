//! `ocop import`: reads products and producers from a spreadsheet into the site's records.
//!
//! The import is `crate::spreadsheet`; this file turns the command line into its options and
//! prints its report.

use crate::spreadsheet::{self, ImportOptions};

use super::args::ImportArgs;
use super::{Outcome, reported};

/// Runs `ocop import FILE`: exit code 1 when the file cannot be read or a row was rejected.
pub fn run(args: ImportArgs) -> Outcome {
    let ImportArgs {
        file,
        root,
        map,
        sheet,
        update,
        skip_invalid,
        dry_run,
        today,
    } = args;
    let mut opts = ImportOptions::new(root, file, super::today(today)?);
    opts.map = map;
    opts.sheet = sheet;
    opts.update = update;
    opts.skip_invalid = skip_invalid;
    opts.dry_run = dry_run;
    let report = spreadsheet::import(&opts)?;
    eprint!("{}", report.render());
    reported(report.ok())
}
