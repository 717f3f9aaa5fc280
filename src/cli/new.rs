//! `ocop new`: creates a record skeleton and says where it is.
//!
//! What a skeleton holds is `scaffold`; this file reports the file made and the next step.

use super::Outcome;
use super::args::NewArgs;
use super::scaffold;

/// Runs `ocop new KIND NAME`: exit code 1 when the record cannot be created.
pub fn run(args: NewArgs) -> Outcome {
    let path = scaffold::new_record(&args.root, &args.kind, &args.name)?;
    eprintln!(
        "Created {}. Fill in the fields, then run `ocop check`.",
        path.display()
    );
    Ok(())
}
