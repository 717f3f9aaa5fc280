//! Producers: the producer record's fields resolved and checked (kind, province and commune,
//! founding year, contact details).

use crate::base::diag::{Problem, Problems};
use crate::load::fields::Sp;
use crate::load::{self, RawRecord};
use crate::model::*;

use super::{Ctx, opt, text};

impl Ctx<'_> {
    pub(super) fn producer(
        &self,
        r: &RawRecord,
        p: &load::RawProducer,
        body_html: String,
        out: &mut Problems,
    ) -> Producer {
        let kind = self
            .kind(
                r,
                &p.kind,
                ProducerKind::parse,
                "producer kind",
                "enterprise, cooperative, cooperative-group, household",
                out,
            )
            .unwrap_or(ProducerKind::Enterprise);
        let province = self.province(r, &p.province, out);
        let year = |x: &Option<Sp<i64>>, field: &str, out: &mut Problems| -> Option<i64> {
            let v = x.as_ref()?;
            let max = i64::from(chrono::Datelike::year(&self.today));
            if field == "founded" && !(1900..=max).contains(&v.value) {
                out.push(
                    Problem::error(
                        &r.file,
                        format!("founded must be a year from 1900 to {max}"),
                    )
                    .at(v.pos)
                    .field(field)
                    .hint("write the year, e.g. `founded = 2015`"),
                );
                return None;
            }
            if field == "members" && v.value < 0 {
                out.push(
                    Problem::error(&r.file, "members cannot be negative")
                        .at(v.pos)
                        .field(field),
                );
                return None;
            }
            Some(v.value)
        };
        Producer {
            common: self.common(r, (&p.photos, &p.cover, &p.illustrative), body_html, out),
            name: text(&p.name),
            name_key: crate::base::vietnamese::fold(&text(&p.name)),
            kind,
            province,
            commune: self.commune(r, province, &p.commune, out),
            address: opt(&p.address),
            representative: opt(&p.representative),
            phone: opt(&p.phone),
            email: self.email(r, &p.email, out),
            website: self.url(r, "website", &p.website, out),
            zalo: opt(&p.zalo),
            facebook: self.url(r, "facebook", &p.facebook, out),
            tax_code: opt(&p.tax_code),
            founded: year(&p.founded, "founded", out).map(|y| y as i32),
            members: year(&p.members, "members", out).map(|m| m.min(u32::MAX as i64) as u32),
            location: self.location(r, &p.lat, &p.lon, out),
            certifications: p.certifications.iter().map(|c| c.value.clone()).collect(),
            products: Vec::new(),
            fairs: Vec::new(),
            stories: Vec::new(),
        }
    }
}
