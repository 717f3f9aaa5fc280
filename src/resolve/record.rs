//! One record, whatever its section: the body rendered, the Vietnamese fields resolved by the
//! section's own resolver, the English text added, and the parts every record shares
//! (`Common`). Free pages, which have nothing of their own to check, are resolved here.

use crate::base::diag::Problems;
use crate::load::fields::Sp;
use crate::load::markdown;
use crate::load::{RawFields, RawRecord, Section};
use crate::model::*;

use super::{Ctx, Resolved, opt, text};

/// A record's `photos`, `cover` and `illustrative` fields.
pub(super) type PhotoFields<'a> = (&'a [Sp<String>], &'a Option<Sp<String>>, &'a [Sp<String>]);

impl Ctx<'_> {
    pub(super) fn record(&self, r: &RawRecord, out: &mut Problems) -> Resolved {
        // Stories and free pages show their body right under the h1; records show it in a
        // section with its own h2.
        let top = match r.section {
            Section::Stories | Section::Pages => 2,
            _ => 3,
        };
        let body_html = markdown::to_html(&r.body, self.trust_html, top);
        let mut resolved = self.record_vi(r, body_html, out);
        let english = self.english(r, top);
        match &mut resolved {
            Resolved::Product(x) => x.common.en = english,
            Resolved::Producer(x) => x.common.en = english,
            Resolved::SalesPoint(x) => x.common.en = english,
            Resolved::Fair(x) => x.common.en = english,
            Resolved::Story(x) => x.common.en = english,
            Resolved::Page(x) => x.common.en = english,
            Resolved::Plan(x) => x.common.en = english,
        }
        resolved
    }

    /// The record's English text: its `*_en` fields and its English body.
    pub(super) fn english(&self, r: &RawRecord, top: usize) -> English {
        let e = &r.english;
        English {
            name: opt(&e.name),
            summary: opt(&e.summary),
            unit: opt(&e.unit),
            hours: opt(&e.hours),
            venue: opt(&e.venue),
            body_html: e
                .body
                .as_ref()
                .map(|(_, md)| markdown::to_html(md, self.trust_html, top)),
        }
    }

    pub(super) fn record_vi(
        &self,
        r: &RawRecord,
        body_html: String,
        out: &mut Problems,
    ) -> Resolved {
        match &r.fields {
            RawFields::Product(p) => {
                Resolved::Product(Box::new(self.product(r, p, body_html, out)))
            }
            RawFields::Producer(p) => {
                Resolved::Producer(Box::new(self.producer(r, p, body_html, out)))
            }
            RawFields::SalesPoint(p) => {
                Resolved::SalesPoint(Box::new(self.sales_point(r, p, body_html, out)))
            }
            RawFields::Fair(p) => Resolved::Fair(Box::new(self.fair(r, p, body_html, out))),
            RawFields::Story(p) => Resolved::Story(Box::new(self.story(r, p, body_html, out))),
            RawFields::Page(p) => Resolved::Page(Box::new(FreePage {
                common: self.common(r, (&[], &None, &[]), body_html, out),
                title: text(&p.title),
                summary: opt(&p.summary),
            })),
            RawFields::Plan(p) => Resolved::Plan(Box::new(self.plan(r, p, body_html, out))),
        }
    }

    pub(super) fn common(
        &self,
        r: &RawRecord,
        (photos, cover, illustrative): PhotoFields,
        body_html: String,
        out: &mut Problems,
    ) -> Common {
        let listed: Vec<&str> = photos
            .iter()
            .chain(cover.iter())
            .map(|n| n.value.as_str())
            .collect();
        let mut photos = self.photos(r, photos, cover, out);
        self.mark_illustrative(r, &mut photos, &listed, illustrative, out);
        Common {
            slug: r.slug.clone(),
            file: r.file.clone(),
            body_html,
            photos,
            en: English::default(),
            origin: r.origin.as_ref().map(|o| {
                Box::new(federation::Origin {
                    source: SourceId(o.source as u32),
                    slug: o.slug.clone(),
                    page: o.page.clone(),
                    photos: o.photos.clone(),
                })
            }),
        }
    }
}
