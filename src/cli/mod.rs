//! The commands of `ocop`: one file per command, each starting from its parsed arguments
//! (`args`) and ending in an [`Outcome`] that `main` turns into the exit code.
//!
//! A command prints its own report (counts, problems, what was written) as it goes; what it
//! hands back only says how it ended, so the mapping to exit codes lives in one place.

pub mod args;
pub mod build;
pub mod changes;
pub mod check;
pub mod export;
pub mod import;
pub mod init;
pub mod new;
mod report;
pub mod scaffold;
pub mod serve;
pub mod theme;

use chrono::NaiveDate;

/// How a command ended: `Ok` is exit code 0.
pub type Outcome = Result<(), Failure>;

/// Why a command did not succeed, which decides its exit code.
#[derive(Debug)]
pub enum Failure {
    /// The work failed and the command has already said why (problems, a failed build, an
    /// import that rejected rows): exit code 1.
    Reported,
    /// The work could not be done: `main` prints `error: ` and the message; exit code 1.
    Error(String),
    /// A setting the command needs before it starts is unusable (today's date from
    /// SOURCE_DATE_EPOCH): `main` prints `error: ` and the message; exit code 2.
    Usage(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Error(message)
    }
}

/// `Ok` when `ok`, otherwise a failure the command has already reported.
fn reported(ok: bool) -> Outcome {
    if ok { Ok(()) } else { Err(Failure::Reported) }
}

/// The date that decides certificate validity: `--today`, else SOURCE_DATE_EPOCH, else the
/// clock. An unusable SOURCE_DATE_EPOCH stops the command before it starts.
fn today(arg: Option<NaiveDate>) -> Result<NaiveDate, Failure> {
    crate::build::today(arg).map_err(Failure::Usage)
}

/// The options `build` and `check` run with; `output` only for `build`.
fn build_options(
    site: args::SiteArgs,
    output: Option<std::path::PathBuf>,
) -> Result<crate::build::BuildOptions, Failure> {
    Ok(crate::build::BuildOptions {
        root: site.root,
        output,
        base_url: site.base_url,
        today: today(site.today)?,
        drafts: site.drafts,
        stamp: false,
    })
}
