//! The default theme, compiled into the binary: templates, static files and the interface
//! text of every language. Both the theme loader and the translation catalogues read it.

use include_dir::{Dir, include_dir};

pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
