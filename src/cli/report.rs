//! The lines `build`, `check` and `export` print about the problems they met.
//!
//! Shared so that every command counts and cuts warnings the same way and ends with the same
//! "N error(s), M warning(s)" wording.

use std::io::Write;

use crate::base::diag::{Escaped, Problems};

/// Warnings of one kind printed before the rest are only counted (see `--all-warnings`).
const WARNINGS_PER_KIND: usize = 20;

/// Prints every error and, unless `all`, at most `WARNINGS_PER_KIND` warnings of each kind,
/// then one line per kind saying how many more there are. Printing 100,000 identical
/// warnings takes longer than a build and hides everything else.
pub(super) fn print_problems(problems: &Problems, all: bool) {
    let limit = if all { usize::MAX } else { WARNINGS_PER_KIND };
    let (shown, cut) = problems.summarised(limit);
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for p in shown {
        let _ = writeln!(err, "{p}");
    }
    for (n, example) in cut {
        let what = match &example.field {
            Some(f) => format!("field `{f}`: {}", example.message),
            None => example.message.clone(),
        };
        let _ = writeln!(
            err,
            "warning: {n} more warning(s) of the same kind as \"{}\" not shown (pass --all-warnings to list them)",
            Escaped(&what)
        );
    }
}

/// "3 error(s), 12 warning(s)".
pub(super) fn summary(problems: &Problems) -> String {
    format!(
        "{} error(s), {} warning(s)",
        problems.error_count(),
        problems.warning_count()
    )
}
