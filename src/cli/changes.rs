//! `ocop changes`: what the last build changed in its output, or what changed since a saved
//! manifest, in the order to upload it and in the form an upload tool reads.
//!
//! The comparison, the order and the forms are `crate::build::changes`; this file reads the
//! command line, writes the list to standard output (to be redirected into a file or piped
//! into a tool) and one line of counts to standard error.

use std::io::Write;

use crate::build::changes::{self, Format, Plan};

use super::args::{ChangesArgs, ChangesFormat};
use super::{Failure, Outcome};

/// Runs `ocop changes`: exit code 1 when a manifest is missing or cannot be read (the message
/// names the file and line and says what to do).
pub fn run(args: ChangesArgs) -> Outcome {
    let ChangesArgs {
        root,
        output,
        since,
        format,
    } = args;
    let output = output.unwrap_or_else(|| root.join("public"));
    let (earlier, later, earlier_path) = match changes::load(&output, since.as_deref()) {
        Ok(m) => m,
        Err(p) => {
            eprintln!("{p}");
            return Err(Failure::Reported);
        }
    };
    let plan = Plan::between(&earlier, &later);
    let text = match plan.render(format_of(format)) {
        Ok(t) => t,
        Err(p) => {
            eprintln!("{p}");
            return Err(Failure::Reported);
        }
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        // `ocop changes | head`: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => return Err(Failure::Error(format!("cannot write the list: {e}"))),
    }
    let since = earlier_path.display();
    if plan.uploads.is_empty() && plan.removals.is_empty() {
        eprintln!("Nothing changed since {since}: nothing to upload.");
    } else {
        eprintln!(
            "{} added, {} changed, {} removed since {since}.",
            plan.added(),
            plan.changed(),
            plan.removals.len()
        );
    }
    Ok(())
}

fn format_of(f: ChangesFormat) -> Format {
    match f {
        ChangesFormat::Plain => Format::Plain,
        ChangesFormat::Rsync => Format::Rsync,
        ChangesFormat::Lftp => Format::Lftp,
        ChangesFormat::Sftp => Format::Sftp,
        ChangesFormat::Json => Format::Json,
    }
}
