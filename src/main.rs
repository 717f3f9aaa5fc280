//! The `ocop` command line: reads the arguments, runs the command, turns how it ended into
//! the exit code.
//!
//! Each command's work is a file of `ocop::cli`, its arguments are `ocop::cli::args`; this
//! file is the table that joins them, and the one place that decides exit codes.

use std::process::ExitCode;

use clap::Parser;

use ocop::cli::args::{Cli, Command, ThemeAction};
use ocop::cli::{self, Failure, Outcome};

/// A build makes millions of small strings and vectors on every core (views, template
/// values, paths); mimalloc serves them from per-thread pages, where the system allocator
/// spent about a sixth of a build's time in its locks and free-list upkeep.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Build(args) => cli::build::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Init(args) => cli::init::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Export(args) => cli::export::run(args),
        Command::Changes(args) => cli::changes::run(args),
        Command::Theme {
            action: ThemeAction::Eject(args),
        } => cli::theme::eject(args),
    };
    exit_code(outcome)
}

/// 0 on success; 1 when the work failed; 2 when a setting made it impossible to start.
/// A failure that carries a message is printed here as `error: MESSAGE`.
fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported) => ExitCode::FAILURE,
        Err(Failure::Error(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
