//! `ocop theme eject`: copies the built-in theme into the site for deeper changes.
//!
//! The copying is `crate::theme::eject`; this file says what was copied, what was kept and
//! how the site takes the theme into use.

use crate::theme;

use super::Outcome;
use super::args::EjectArgs;

/// Runs `ocop theme eject`: exit code 1 when the theme cannot be copied.
pub fn eject(args: EjectArgs) -> Outcome {
    let EjectArgs { name, root } = args;
    let e = theme::eject(&root, name.as_deref())?;
    let name = e
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kept = if e.kept.is_empty() {
        String::new()
    } else {
        format!(
            " ({} files already there were kept: {})",
            e.kept.len(),
            e.kept.join(", ")
        )
    };
    eprintln!(
        "Copied {} files of the built-in theme into {}{kept}.",
        e.copied,
        root.join(&e.dir).display(),
    );
    eprintln!(
        "The site uses it with `theme = \"{name}\"` in site.toml; edit its templates/, static/ and i18n/ files, and delete any you do not change so they follow the built-in theme."
    );
    Ok(())
}
