//! The languages a site can be published in: a value every stage passes around, from
//! `site.toml` `languages` to the `/en/` prefix of the pages.

/// A language the site can be published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];
    /// The language of the record files and of the site's root.
    pub(crate) const DEFAULT: Lang = Lang::Vi;

    /// BCP 47 code, as in `<html lang>`, `hreflang` and `languages = [...]`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == s.trim())
    }

    /// Site-relative folder of this language's pages: `""` or `"en/"`.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Lang::Vi => "",
            Lang::En => "en/",
        }
    }
}
