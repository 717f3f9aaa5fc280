//! Reading a page's fields: a free page of the site has a title, a summary and a body.
//!
//! Kept apart like every section, so each section's reader is found by its name.

use crate::base::diag::Problems;
use crate::load::RawPage;
use crate::load::fields::Fields;

pub(super) fn read_page(mut f: Fields, out: &mut Problems) -> RawPage {
    let p = RawPage {
        title: f.required_string(out, "title", "\"Giới thiệu\""),
        summary: f.string(out, "summary"),
        draft: f.boolean(out, "draft"),
    };
    f.finish(out);
    p
}
