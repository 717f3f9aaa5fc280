//! Reading a story's fields: title, date, author and the records it is about.
//!
//! Its date is required; a missing one is reported with an example value.

use crate::base::diag::Problems;
use crate::load::RawStory;
use crate::load::fields::Fields;

pub(super) fn read_story(mut f: Fields, out: &mut Problems) -> RawStory {
    let has_date = f.has("date");
    let p = RawStory {
        title: f.required_string(out, "title", "\"Câu chuyện ...\""),
        date: f.date(out, "date"),
        author: f.string(out, "author"),
        summary: f.string(out, "summary"),
        cover: f.string(out, "cover"),
        illustrative: f.string_list(out, "illustrative"),
        photos: f.string_list(out, "photos"),
        producers: f.string_list(out, "producers"),
        products: f.string_list(out, "products"),
        draft: f.boolean(out, "draft"),
    };
    if !has_date {
        f.missing(out, "date", "2026-05-01");
    }
    f.finish(out);
    p
}
