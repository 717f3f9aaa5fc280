//! Sales points, fairs and stories: the records that point at products and producers rather
//! than describe them, each resolved and its references checked.

use crate::base::diag::{Problem, Problems};
use crate::load::{self, RawRecord, Section};
use crate::model::*;

use super::{Ctx, opt, pos, text};

impl Ctx<'_> {
    pub(super) fn sales_point(
        &self,
        r: &RawRecord,
        p: &load::RawSalesPoint,
        body_html: String,
        out: &mut Problems,
    ) -> SalesPoint {
        let kind = self
            .kind(
                r,
                &p.kind,
                SalesPointKind::parse,
                "sales point kind",
                "sales-point, centre, supermarket, shop",
                out,
            )
            .unwrap_or(SalesPointKind::SalesPoint);
        let province = self.province(r, &p.province, out);
        SalesPoint {
            common: self.common(r, (&p.photos, &p.cover, &p.illustrative), body_html, out),
            name: text(&p.name),
            kind,
            province,
            commune: self.commune(r, province, &p.commune, out),
            address: text(&p.address),
            phone: opt(&p.phone),
            hours: opt(&p.hours),
            location: self.location(r, &p.lat, &p.lon, out),
            opened: p.opened.as_ref().map(|d| d.value),
            products: self
                .references(r, Section::Products, "products", &p.products, out)
                .into_iter()
                .map(ProductId)
                .collect(),
        }
    }

    pub(super) fn fair(
        &self,
        r: &RawRecord,
        p: &load::RawFair,
        body_html: String,
        out: &mut Problems,
    ) -> Fair {
        let starts = p.starts.as_ref().map(|d| d.value).unwrap_or(self.today);
        let mut ends = p.ends.as_ref().map(|d| d.value).unwrap_or(starts);
        if ends < starts {
            out.push(
                Problem::error(
                    &r.file,
                    format!("the fair ends ({ends}) before it starts ({starts})"),
                )
                .at(pos(&p.ends))
                .field("ends")
                .hint("check the two dates; `ends` is the last day of the fair"),
            );
            ends = starts;
        }
        Fair {
            common: self.common(r, (&p.photos, &p.cover, &p.illustrative), body_html, out),
            name: text(&p.name),
            starts,
            ends,
            venue: text(&p.venue),
            address: opt(&p.address),
            location: self.location(r, &p.lat, &p.lon, out),
            province: self.province(r, &p.province, out),
            organizer: opt(&p.organizer),
            website: self.url(r, "website", &p.website, out),
            producers: self
                .references(r, Section::Producers, "producers", &p.producers, out)
                .into_iter()
                .map(ProducerId)
                .collect(),
            products: self
                .references(r, Section::Products, "products", &p.products, out)
                .into_iter()
                .map(ProductId)
                .collect(),
        }
    }

    pub(super) fn story(
        &self,
        r: &RawRecord,
        p: &load::RawStory,
        body_html: String,
        out: &mut Problems,
    ) -> Story {
        Story {
            common: self.common(r, (&p.photos, &p.cover, &p.illustrative), body_html, out),
            title: text(&p.title),
            date: p.date.as_ref().map(|d| d.value).unwrap_or(self.today),
            author: opt(&p.author),
            summary: opt(&p.summary),
            producers: self
                .references(r, Section::Producers, "producers", &p.producers, out)
                .into_iter()
                .map(ProducerId)
                .collect(),
            products: self
                .references(r, Section::Products, "products", &p.products, out)
                .into_iter()
                .map(ProductId)
                .collect(),
        }
    }
}
