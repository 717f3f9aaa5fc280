//! Splitting a record's text into its front matter and its Markdown body.
//!
//! A record opens with TOML between two `+++` lines; this file finds those lines and, when
//! they are missing, tells a file that never opened its front matter from one that never
//! closed it, so the problem says which line to add.

use std::path::Path;

use crate::base::diag::{Pos, Problem};

/// Why a record's text has no front matter to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoFrontMatter {
    /// The first line is not `+++`.
    NotOpened,
    /// The first line is `+++` but no later line is.
    NotClosed,
}

/// Splits `+++\nTOML\n+++\nbody`; returns (toml, first line of toml, body). The `+++`
/// lines may have trailing spaces.
pub(super) fn split_front_matter(text: &str) -> Result<(&str, usize, &str), NoFrontMatter> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err(NoFrontMatter::NotOpened);
    }
    let rest = &text[first_end..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((toml, 2, body));
        }
        offset += line.len();
    }
    Err(NoFrontMatter::NotClosed)
}

/// The problem of a record file whose front matter cannot be found.
pub(super) fn front_matter_problem(file: &Path, why: NoFrontMatter) -> Problem {
    let p = match why {
        NoFrontMatter::NotOpened => Problem::error(
            file,
            "no front matter: the file must start with a `+++` line",
        )
        .hint("put the record's fields between two lines of `+++` at the top of the file"),
        NoFrontMatter::NotClosed => Problem::error(
            file,
            "front matter opened with `+++` on line 1 is never closed",
        )
        .hint("add a line `+++` after the last field, before the Markdown text"),
    };
    p.at(Some(Pos { line: 1, column: 1 }))
}
