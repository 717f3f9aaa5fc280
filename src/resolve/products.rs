//! Products and their certificates: the product record's fields resolved and checked (group,
//! producer, place, price, barcode), its certificates checked (stars, dates) and put newest
//! first, and a warning when the current one is expired, expiring or revoked. The largest
//! record kind, so it has its own file.

use crate::base::diag::{Pos, Problem, Problems};
use crate::load::{self, RawRecord, Section};
use crate::model::refdata::{self, GroupMatch};
use crate::model::*;

use super::fields::price;
use super::{Ctx, opt, text};

impl Ctx<'_> {
    pub(super) fn no_photo_warning(&self, r: &RawRecord, photos: &[Photo], out: &mut Problems) {
        if photos.is_empty() {
            out.push(
                Problem::warning(&r.file, "the product has no photo")
                    .hint("make the record a folder `SLUG/index.md` and put a photo beside it"),
            );
        }
    }

    pub(super) fn product(
        &self,
        r: &RawRecord,
        p: &load::RawProduct,
        body_html: String,
        out: &mut Problems,
    ) -> Product {
        let common = self.common(r, (&p.photos, &p.cover, &p.illustrative), body_html, out);
        self.no_photo_warning(r, &common.photos, out);
        let data = refdata::data();
        let group = match &p.group {
            Some(g) => match data.find_group(&g.value) {
                Some(GroupMatch::Current(x)) => x,
                Some(GroupMatch::Legacy(x)) => {
                    out.push(
                        Problem::warning(
                            &r.file,
                            format!(
                                "`{}` is a 1048/QĐ-TTg group name; it is shown as `{}`",
                                g.value,
                                x.name_vi()
                            ),
                        )
                        .at(g.pos)
                        .field("group")
                        .hint(format!("write `group = \"{}\"`; a 2019–2022 record may keep its 1048 name, which the statistics page also counts by", x.key())),
                    );
                    x
                }
                None => {
                    out.push(
                        Problem::error(&r.file, format!("unknown product group `{}`", g.value))
                            .at(g.pos)
                            .field("group")
                            .hint("use one of: food, beverages, herbal, handicrafts, ornamentals, tourism"),
                    );
                    refdata::Group::Food
                }
            },
            None => refdata::Group::Food,
        };
        let province = self.province(r, &p.province, out);
        let former_province =
            self.former_province(r, &p.province, &p.former_province, province, out);
        let commune = self.commune(r, province, &p.commune, out);
        let producer = p
            .producer
            .as_ref()
            .and_then(|s| self.reference(r, Section::Producers, "producer", s, out))
            .map(ProducerId)
            .unwrap_or(ProducerId(0));
        let price = p.price.as_ref().and_then(|x| price(&r.file, x, out));
        let certificates = self.certificates(r, p, out);
        let barcode =
            p.specs
                .barcode
                .as_ref()
                .and_then(|b| match Gtin::parse(&b.value) {
                    Ok(g) => Some(g),
                    Err(e) => {
                        out.push(
                    Problem::error(&r.file, format!("invalid barcode `{}`: {e}", b.value))
                        .at(b.pos)
                        .field("specs.barcode")
                        .hint("copy the GTIN (EAN-13) printed under the barcode on the package"),
                );
                        None
                    }
                });
        let shops = p
            .shops
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let url = self.url(r, &format!("shops[{i}].url"), &s.url, out)?;
                Some(OnlineShop {
                    name: text(&s.name),
                    url,
                })
            })
            .collect();
        let sold_at = self
            .references(r, Section::SalesPoints, "sold_at", &p.sold_at, out)
            .into_iter()
            .map(SalesPointId)
            .collect();
        let s = &p.specs;
        Product {
            common,
            name: text(&p.name),
            name_key: crate::base::vietnamese::fold(&text(&p.name)),
            producer,
            group,
            legacy_group: p
                .group
                .as_ref()
                .and_then(|g| data.legacy_group_name(&g.value))
                .map(str::to_string),
            subgroup: opt(&p.subgroup),
            province,
            former_province,
            commune,
            address: opt(&p.address),
            summary: opt(&p.summary),
            price,
            unit: opt(&p.unit),
            tags: p.tags.iter().map(|t| t.value.clone()).collect(),
            certificates,
            specs: Specs {
                packaging: opt(&s.packaging),
                net_content: opt(&s.net_content),
                shelf_life: opt(&s.shelf_life),
                ingredients: opt(&s.ingredients),
                storage: opt(&s.storage),
                certifications: s.certifications.iter().map(|c| c.value.clone()).collect(),
                barcode,
                capacity: opt(&s.capacity),
                min_order: opt(&s.min_order),
            },
            shops,
            sold_at,
            fairs: Vec::new(),
            stories: Vec::new(),
        }
    }

    /// A warning when the current certificate is expired, expiring or revoked.
    pub(super) fn warn_unless_valid(&self, r: &RawRecord, cur: &Certificate, out: &mut Problems) {
        let status = cur.status(self.today);
        let msg = match status {
            CertStatus::Expired => Some(format!(
                "the current certificate ({}) expired on {}",
                cur.decision,
                cur.valid_until.format("%d/%m/%Y")
            )),
            CertStatus::Expiring => Some(format!(
                "the current certificate ({}) expires on {}, within {} days",
                cur.decision,
                cur.valid_until.format("%d/%m/%Y"),
                crate::model::EXPIRING_DAYS
            )),
            CertStatus::Revoked => Some(format!(
                "the current certificate ({}) was revoked",
                cur.decision
            )),
            CertStatus::Valid => None,
        };
        if let Some(msg) = msg {
            out.push(
                Problem::warning(&r.file, msg)
                    .field("certificates")
                    .hint("add the renewal as a new `[[certificates]]` entry when it is decided"),
            );
        }
    }

    pub(super) fn certificates(
        &self,
        r: &RawRecord,
        p: &load::RawProduct,
        out: &mut Problems,
    ) -> Vec<Certificate> {
        if p.certificates.is_empty() {
            out.push(
                Problem::error(&r.file, "the product has no OCOP certificate")
                    .at(Some(Pos { line: 1, column: 1 }))
                    .field("certificates")
                    .hint("add a `[[certificates]]` section with stars, decision and issued"),
            );
        }
        let mut certs = Vec::new();
        for c in &p.certificates {
            let f = |name: &str| format!("certificates[{}].{name}", c.index);
            let stars = c.stars.as_ref().and_then(|s| {
                let v = Stars::new(s.value);
                if v.is_none() {
                    out.push(
                        Problem::error(&r.file, format!("stars must be 1 to 5, found {}", s.value))
                            .at(s.pos)
                            .field(f("stars"))
                            .hint("OCOP ratings are 1 to 5 stars; write e.g. `stars = 4`"),
                    );
                }
                v
            });
            let score = c.score.as_ref().and_then(|s| {
                if (0..=100).contains(&s.value) {
                    Some(s.value as u8)
                } else {
                    out.push(
                        Problem::error(
                            &r.file,
                            format!("score must be 0 to 100, found {}", s.value),
                        )
                        .at(s.pos)
                        .field(f("score"))
                        .hint("the OCOP evaluation score is out of 100 points"),
                    );
                    None
                }
            });
            let Some(issued) = &c.issued else { continue };
            if issued.value > self.today {
                out.push(
                    Problem::error(
                        &r.file,
                        format!("issued {} is after today ({})", issued.value, self.today),
                    )
                    .at(issued.pos)
                    .field(f("issued"))
                    .hint(
                        "check the decision's date; a certificate cannot be issued in the future",
                    ),
                );
            }
            let valid_until = match &c.valid_until {
                Some(v) if v.value < issued.value => {
                    out.push(
                        Problem::error(&r.file, "valid_until is before issued")
                            .at(v.pos)
                            .field(f("valid_until"))
                            .hint("leave it out to use 36 months after issued"),
                    );
                    Certificate::default_valid_until(issued.value)
                }
                Some(v) => v.value,
                None => Certificate::default_valid_until(issued.value),
            };
            let revoked = match &c.revoked {
                Some(v) if v.value < issued.value => {
                    out.push(
                        Problem::error(&r.file, "revoked is before issued")
                            .at(v.pos)
                            .field(f("revoked"))
                            .hint("write the date of the revocation decision, after the certificate's"),
                    );
                    None
                }
                Some(v) => Some(v.value),
                None => None,
            };
            let (Some(stars), Some(decision)) = (stars, &c.decision) else {
                continue;
            };
            certs.push(Certificate {
                stars,
                decision: decision.value.clone(),
                issued: issued.value,
                issuer: opt(&c.issuer),
                score,
                valid_until,
                revoked,
                document: self.document(r, &f("document"), &c.document, out),
            });
        }
        // Newest first; the order of the file does not matter.
        certs.sort_by(|a, b| b.issued.cmp(&a.issued).then(b.stars.cmp(&a.stars)));
        if let Some(cur) = certs.first() {
            self.warn_unless_valid(r, cur, out);
        }
        if certs.is_empty() {
            // No usable certificate; the errors are reported. A stand-in keeps the product's
            // invariant (never without a certificate); a site with errors is never rendered.
            certs.push(Certificate {
                stars: Stars::MIN_CERTIFIED,
                decision: String::new(),
                issued: self.today,
                issuer: None,
                score: None,
                valid_until: self.today,
                revoked: None,
                document: None,
            });
        }
        certs
    }
}
