//! `ocop init`: creates a new site and says how to go on.
//!
//! What a new site holds is `scaffold`; this file reports where it was made and which
//! commands come next.

use super::Outcome;
use super::args::InitArgs;
use super::scaffold;

/// Runs `ocop init DIR`: exit code 1 when the site cannot be created.
pub fn run(args: InitArgs) -> Outcome {
    let dir = args.dir;
    scaffold::init(&dir)?;
    eprintln!(
        "Created a new site in {}. Add records with `ocop new product \"Tên sản phẩm\" --root {}`, then run `ocop serve --root {}` to see it.",
        dir.display(),
        dir.display(),
        dir.display()
    );
    Ok(())
}
