//! Choosing the slug, and so the address and folder, of each new record.
//!
//! A slug given in a column is taken as it is (when valid and, for a new record, not too
//! long); the others are made from the names, cut at a word to fit, and made unique against
//! every record, file and page of the site and every slug the spreadsheet gives or has
//! already been given.

use std::collections::HashSet;

use crate::base::vietnamese::slugify;
use crate::load::Section;

use super::columns::SheetField;
use super::importer::Importer;
use super::rows::Target;

/// The longest slug an import makes or accepts for a new record (in bytes, all ASCII): a
/// record is a folder of that name with `index.en.md` in it, and file systems allow 255
/// bytes per name; 80 also keeps addresses readable.
pub const MAX_SLUG_LEN: usize = 80;

/// `slug` cut to fit `MAX_SLUG_LEN` with room for a `-NNNNN` suffix: at the last dash that
/// fits, so that words stay whole (mid-word only for one very long word).
pub(crate) fn short_slug(slug: &str) -> String {
    let room = MAX_SLUG_LEN - 6;
    if slug.len() <= room {
        return slug.to_string();
    }
    let cut = &slug[..room];
    match cut.rfind('-') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// An error for a slug given in a column that is too long for a new record.
pub(super) fn too_long_slug(s: &str) -> Option<String> {
    (s.len() > MAX_SLUG_LEN).then(|| {
        format!(
            "`{s}` is {} characters long; a new record's slug has at most {MAX_SLUG_LEN}: shorten it, e.g. `{}`",
            s.len(),
            short_slug(s)
        )
    })
}

/// A fresh slug from `base`: `base`, else `base-2`, `base-3`...
pub(super) fn unique_slug(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_default()
}

impl Importer<'_> {
    /// Gives every product group its slug: given ones first, then fresh ones made from the
    /// names, none of them among the slugs `reserved` by the Slug column.
    pub(super) fn assign_slugs(&mut self, reserved: HashSet<String>) {
        let mut assigned: HashSet<String> = reserved;
        for g in 0..self.groups.len() {
            if let Target::Slug(s) = &self.groups[g].target {
                self.groups[g].slug = s.clone();
            }
        }
        for g in 0..self.groups.len() {
            if let Target::New(..) = &self.groups[g].target {
                let first = self.groups[g].rows[0];
                let name = self.rows[first].text(SheetField::Name).unwrap_or_default();
                let base = short_slug(&slugify(&name));
                if base.is_empty() {
                    let number = self.rows[first].number;
                    self.error_at(
                        number,
                        Some(SheetField::Name),
                        format!(
                            "cannot make an address from the name `{name}`: use letters or digits"
                        ),
                    );
                    continue;
                }
                let slug = unique_slug(&base, |s| {
                    assigned.contains(s) || self.site.taken(&self.opts.root, Section::Products, s)
                });
                assigned.insert(slug.clone());
                self.groups[g].slug = slug;
            }
        }
    }
}
