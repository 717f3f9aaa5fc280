//! Choosing the slug, and so the address and folder, of each new record.
//!
//! A slug given in a column is taken as it is (when valid and, for a new record, not too
//! long); the others are made from the names, cut at a word to fit, and made unique against
//! every record, file and page of the site and every slug the spreadsheet gives or has
//! already been given.

/// The longest slug an import makes or accepts for a new record (in bytes, all ASCII): a
/// record is a folder of that name with `index.en.md` in it, and file systems allow 255
/// bytes per name; 80 also keeps addresses readable.
pub const MAX_SLUG_LEN: usize = 80;

/// `slug` cut to fit `MAX_SLUG_LEN` with room for a `-NNNNN` suffix: at the last dash that
/// fits, so that words stay whole (mid-word only for one very long word).
pub fn short_slug(slug: &str) -> String {
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
