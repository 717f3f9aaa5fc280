//! `ocop check`: loads and validates the site, writes nothing, prints every problem.
//!
//! With `--links` it also builds into a scratch folder and checks the links of every page
//! (and, with `--external`, asks other sites); that path reports link counts instead of
//! record counts, so it is a function of its own.

use crate::build::links::{ExternalOptions, LinkReport};
use crate::build::{self, BuildOptions};

use super::args::CheckArgs;
use super::report::{print_problems, summary};
use super::{Outcome, reported};

/// Runs `ocop check`: exit code 1 when an error was found.
pub fn run(args: CheckArgs) -> Outcome {
    let CheckArgs {
        site,
        links,
        external,
        external_private,
    } = args;
    let all_warnings = site.all_warnings;
    let opts = super::build_options(site, None)?;
    if links {
        return check_links(&opts, external, external_private, all_warnings);
    }
    let (site, _, problems) = build::check(&opts);
    print_problems(&problems, all_warnings);
    if let Some(s) = site {
        eprintln!(
            "Checked {} products, {} producers, {} sales points, {} fairs, {} stories, {} pages, {} plans: {}.",
            s.products.len(),
            s.producers.len(),
            s.sales_points.len(),
            s.fairs.len(),
            s.stories.len(),
            s.pages.len(),
            s.plans.len(),
            summary(&problems)
        );
    }
    reported(!problems.has_errors())
}

/// `check --links`: builds into a scratch folder and checks every link of every page.
fn check_links(
    opts: &BuildOptions,
    external: bool,
    external_private: bool,
    all_warnings: bool,
) -> Outcome {
    let ext = ExternalOptions {
        private: external_private,
        ..Default::default()
    };
    let (report, links) = build::check_links(opts, external.then_some(&ext));
    print_problems(&report.problems, all_warnings);
    if let Some(l) = links {
        print_link_counts(&l, external);
    }
    eprintln!("{}.", summary(&report.problems));
    reported(report.ok())
}

/// How many links were checked and broken, and how many external ones were (not) asked.
fn print_link_counts(l: &LinkReport, external: bool) {
    eprintln!(
        "Checked {} links on {} pages: {} broken.",
        l.links,
        l.pages,
        l.broken.len()
    );
    if external {
        eprintln!("Asked {} external addresses.", l.external.len());
    } else if !l.external.is_empty() {
        eprintln!(
            "{} links to other sites were not asked for (add --external).",
            l.external.len()
        );
    }
}
