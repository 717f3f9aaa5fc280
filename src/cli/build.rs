//! `ocop build`: builds the site into its output folder and says what came of it.
//!
//! The build itself is `crate::build`; this file turns the command line into build options
//! and the build's report into the lines an office reads: problems, timings, photos, then
//! one line saying what was written (or that nothing changed, or that nothing was).

use crate::build::{self, BuildOptions, Report, stamp};
use crate::present::images;

use super::args::BuildArgs;
use super::report::{print_problems, summary};
use super::{Failure, Outcome};

/// Runs `ocop build`: exit code 1 when the build failed (nothing was written).
pub fn run(args: BuildArgs) -> Outcome {
    let BuildArgs {
        site,
        output,
        force,
    } = args;
    let all_warnings = site.all_warnings;
    let timings = site.timings || std::env::var_os("OCOP_TIMINGS").is_some_and(|v| v != "0");
    let opts = BuildOptions {
        stamp: true,
        ..super::build_options(site, output)?
    };
    if force {
        stamp::forget(&opts.root);
    }
    let report = build::build(&opts);
    print_problems(&report.problems, all_warnings);
    if timings {
        eprint!("Timings:\n{}", report.timings);
    }
    let Some(stats) = &report.stats else {
        eprintln!(
            "Build failed: {}. Nothing was written; {} is unchanged.",
            summary(&report.problems),
            report.output.display()
        );
        return Err(Failure::Reported);
    };
    print_photos(&stats.images);
    print_sources(&report);
    print_written(&report, stats);
    print_changes(&report);
    Ok(())
}

/// How many files the build added, changed and removed, when the output it replaced had a
/// manifest to compare with.
fn print_changes(report: &Report) {
    let Some(c) = report.changes else { return };
    if c.added + c.changed + c.removed == 0 {
        eprintln!("No file changed since the previous build: nothing to upload.");
    } else {
        eprintln!(
            "Since the previous build: {} added, {} changed, {} removed (`ocop changes` lists them, in the order to upload them).",
            c.added, c.changed, c.removed
        );
    }
}

/// One line per source merged in: how its copy was obtained and what it gave.
fn print_sources(report: &Report) {
    use crate::model::federation::CopyState;
    for s in &report.sources {
        let how = match &s.state {
            CopyState::Fresh => "new copy".to_string(),
            CopyState::Unchanged => "unchanged".to_string(),
            CopyState::Fallback(_) => "NOT READ, last good copy used".to_string(),
            CopyState::Unavailable(_) => "NOT READ, no copy: nothing merged".to_string(),
        };
        let fetched = s
            .fetched
            .map(|d| format!(", fetched {d}"))
            .unwrap_or_default();
        eprintln!(
            "Source {}: {how}{fetched}; {} records, {} left out, {} warnings of its own (its `ocop check` lists them).",
            s.spec.label,
            s.read.saturating_sub(s.left_out),
            s.left_out,
            s.warnings
        );
    }
}

/// How many photos were processed, when the site has any.
fn print_photos(im: &images::Summary) {
    if im.processed + im.cached > 0 {
        eprintln!(
            "Photos: {} processed, {} from cache; {:.1} MB of originals read, {:.1} MB published.",
            im.processed,
            im.cached,
            im.source_bytes as f64 / 1e6,
            im.output_bytes as f64 / 1e6
        );
    }
}

/// The last line of a build that succeeded: what was written, or that nothing had to be.
fn print_written(report: &Report, stats: &crate::outputs::Stats) {
    if report.up_to_date {
        eprintln!(
            "Nothing changed since the last build: the {} pages and {} other files in {} are up to date ({}; checked in {:.2} s, `--force` rebuilds).",
            stats.pages,
            stats.files,
            report.output.display(),
            summary(&report.problems),
            report.elapsed.as_secs_f64(),
        );
    } else {
        eprintln!(
            "Built {} pages and {} other files into {} in {:.2} s ({}).",
            stats.pages,
            stats.files,
            report.output.display(),
            report.elapsed.as_secs_f64(),
            summary(&report.problems)
        );
    }
}
