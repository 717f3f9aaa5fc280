//! What a site's `static/` folder publishes: one rule for `ocop build` and `ocop serve`.
//!
//! `static/` holds files published as they are: a favicon, a logo, a verification file,
//! `.well-known/security.txt`. It must not replace what the site generates (a page, a data
//! export, a photo, the sitemap) without anyone noticing, nor publish what was never meant
//! to be (`.env`, `.git/`). So hidden files and folders (a name starting with `.`) are
//! skipped, except the `.well-known/` folder at the top of `static/`; a file at the path of
//! a generated file is not published, and gets a warning naming it (the generated file
//! wins); `static/robots.txt` is not copied, its lines are added to the generated
//! `robots.txt`. A static file may still replace a file of the theme (its stylesheet, its
//! favicon). Symbolic links are neither followed nor published.
//!
//! A build ([`crate::outputs::write`]) and the server ([`crate::serve::incremental`]) both list the folder
//! with [`list`], choose what to publish with [`publish`] and make robots.txt with
//! [`robots`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::base::diag::{Problem, Problems};

/// The folder of the site, and the one hidden folder published from it.
pub(crate) const DIR: &str = "static";
pub(crate) const WELL_KNOWN: &str = ".well-known";
/// Not published as a file: its lines are added to the generated robots.txt.
pub(crate) const ROBOTS: &str = "robots.txt";

/// The files of `static/` that may be published, before generated files are considered.
#[derive(Debug, Default, Clone)]
pub(crate) struct Listing {
    /// Output path (`img/logo.svg`) → the file in `static/`.
    files: BTreeMap<String, PathBuf>,
    /// The text of `static/robots.txt`.
    robots: Option<String>,
}

impl Listing {
    /// Whether `static/` has a file for the output path `rel`.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }
}

/// Whether an entry of `static/` is hidden: its name starts with `.`, and it is not the
/// `.well-known/` folder at the top.
fn hidden(name: &str, depth: usize, is_dir: bool) -> bool {
    name.starts_with('.') && !(depth == 1 && is_dir && name == WELL_KNOWN)
}

/// Lists `static/` below the site folder `root` (nothing when there is none).
pub(crate) fn list(root: &Path) -> Result<Listing, Box<Problem>> {
    let dir = root.join(DIR);
    let mut listing = Listing::default();
    if !dir.is_dir() {
        return Ok(listing);
    }
    let walk = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !hidden(
                    &e.file_name().to_string_lossy(),
                    e.depth(),
                    e.file_type().is_dir(),
                )
        });
    for entry in walk {
        let entry = entry.map_err(|e| {
            let at = e.path().map(|p| crate::base::diag::rel(root, p));
            Box::new(Problem::error(
                at.unwrap_or_else(|| PathBuf::from(DIR)),
                format!("cannot list the folder: {e}"),
            ))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if rel == ROBOTS {
            listing.robots = Some(read_robots(root, entry.path())?);
        } else {
            listing.files.insert(rel, entry.path().to_path_buf());
        }
    }
    Ok(listing)
}

/// The text of `static/robots.txt`, which must be UTF-8 text.
fn read_robots(root: &Path, path: &Path) -> Result<String, Box<Problem>> {
    let shown = crate::base::diag::rel(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Box::new(Problem::error(&shown, format!("cannot read the file: {e}"))))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Box::new(
            Problem::error(&shown, "robots.txt is not UTF-8 text")
                .hint("save it as UTF-8 text; its lines are added to the generated robots.txt"),
        )
    })?;
    Ok(text.trim_start_matches('\u{feff}').replace("\r\n", "\n"))
}

/// The static files to publish, by output path: those of `listing` whose path no
/// generated file has (`generated`); each other one gets a warning and is left out.
pub(crate) fn publish(
    listing: &Listing,
    generated: impl Fn(&str) -> bool,
    problems: &mut Problems,
) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for (rel, file) in &listing.files {
        if generated(rel) {
            problems.push(
                Problem::warning(
                    format!("{DIR}/{rel}"),
                    format!("not published: the site makes `{rel}` itself (a page, a data file, a photo or a feed), and that file wins"),
                )
                .hint(format!(
                    "rename or move `{DIR}/{rel}`; to change a generated page or data file, edit the records or the theme's templates"
                )),
            );
        } else {
            out.insert(rel.clone(), file.clone());
        }
    }
    out
}

/// The published robots.txt: the generated one, then the lines of `static/robots.txt`.
pub(crate) fn robots(generated: &str, listing: &Listing) -> String {
    let Some(extra) = listing.robots.as_deref().filter(|t| !t.trim().is_empty()) else {
        return generated.to_string();
    };
    let mut out = generated.trim_end().to_string();
    out.push_str("\n\n# From static/robots.txt\n");
    out.push_str(extra.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_entries_are_skipped_but_well_known_at_the_top() {
        assert!(hidden(".env", 1, false));
        assert!(hidden(".git", 1, true));
        assert!(hidden(".git", 3, true));
        assert!(!hidden(".well-known", 1, true));
        assert!(hidden(".well-known", 2, true), "only at the top of static/");
        assert!(hidden(".well-known", 1, false), "a file, not the folder");
        assert!(!hidden("logo.svg", 1, false));
    }

    #[test]
    fn static_robots_lines_follow_the_generated_ones() {
        let generated = "User-agent: *\nAllow: /\n\nSitemap: https://x.vn/sitemap.xml\n";
        let listing = Listing {
            files: BTreeMap::new(),
            robots: Some("User-agent: GPTBot\nDisallow: /\n".into()),
        };
        assert_eq!(
            robots(generated, &listing),
            "User-agent: *\nAllow: /\n\nSitemap: https://x.vn/sitemap.xml\n\n# From static/robots.txt\nUser-agent: GPTBot\nDisallow: /\n"
        );
        assert_eq!(robots(generated, &Listing::default()), generated);
    }
}
