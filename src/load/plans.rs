//! Reading a yearly plan's fields: its year, the decision that issued it, and its typed
//! targets (`[[targets]]`, each with a `kind` and a `count`).
//!
//! What each target kind means and which fields it takes is checked in `resolve::plans`;
//! here a target is read whole (every key of `load::schema`'s targets), so a field that
//! belongs to no kind still gets a "did you mean" hint.

use crate::base::diag::Problems;
use crate::load::fields::Fields;
use crate::load::{RawPlan, RawTarget};

pub(super) fn read_plan(mut f: Fields, out: &mut Problems) -> RawPlan {
    let has_year = f.has("year");
    let mut p = RawPlan {
        title: f.required_string(
            out,
            "title",
            "\"Kế hoạch thực hiện Chương trình OCOP năm 2026\"",
        ),
        year: f.integer(out, "year"),
        decision: f.string(out, "decision"),
        issued: f.date(out, "issued"),
        issuer: f.string(out, "issuer"),
        summary: f.string(out, "summary"),
        draft: f.boolean(out, "draft"),
        targets: Vec::new(),
    };
    if !has_year {
        f.missing(out, "year", "2026");
    }
    for (index, mut t) in f.tables(out, "targets").into_iter().enumerate() {
        let has_kind = t.has("kind");
        let has_count = t.has("count");
        let target = RawTarget {
            index,
            pos: Some(t.position()),
            kind: t.string(out, "kind"),
            count: t.integer(out, "count"),
            label: t.string(out, "label"),
            label_en: t.string(out, "label_en"),
            from: t.integer(out, "from"),
            to: t.integer(out, "to"),
            min_stars: t.integer(out, "min_stars"),
            group: t.string(out, "group"),
            commune: t.string(out, "commune"),
            kinds: t.string_list(out, "kinds"),
            products: t.string_list(out, "products"),
        };
        if !has_kind {
            t.missing(out, "kind", "\"upgrade\"");
        }
        if !has_count && target.products.is_empty() {
            t.missing(out, "count", "16");
        }
        t.finish(out);
        p.targets.push(target);
    }
    f.finish(out);
    p
}
