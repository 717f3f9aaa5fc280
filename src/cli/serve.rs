//! `ocop serve`: builds the site and serves it locally, rebuilding after every save.
//!
//! The server is `crate::serve`; this file only turns the command line into its options.

use crate::serve::{self, ServeOptions};

use super::Outcome;
use super::args::ServeArgs;

/// Runs `ocop serve` until it is stopped; exit code 1 when the server cannot run.
pub fn run(args: ServeArgs) -> Outcome {
    let ServeArgs {
        root,
        bind,
        port,
        today,
        drafts,
        allow_remote_editing,
    } = args;
    let opts = ServeOptions {
        root,
        bind,
        port,
        today: super::today(today)?,
        drafts,
        allow_remote_editing,
    };
    serve::run(&opts)?;
    Ok(())
}
