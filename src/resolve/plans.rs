//! Yearly plans: the year, the issuing decision and each `[[targets]]` entry turned into a
//! typed target, with every field checked against what its kind takes.
//!
//! A target can only ask for what the catalogue can count (see `model::year_plan`); an
//! unknown kind, a star level out of 1–5, a downgrade written as an upgrade, a key product
//! that does not exist or a field its kind does not take is reported on its line, with the
//! fix.

use crate::base::diag::{Problem, Problems, did_you_mean};
use crate::load::fields::Sp;
use crate::load::{self, RawRecord, RawTarget, Section};
use crate::model::refdata;
use crate::model::year_plan::{Target, TargetKind};
use crate::model::*;

use super::{Ctx, opt, text};

/// The years a plan may be for: OCOP began in 2018.
const PLAN_YEARS: std::ops::RangeInclusive<i64> = 2018..=2100;

/// The largest count a target may ask for (a typo guard: the whole country has about
/// 17,000 products).
const MAX_COUNT: i64 = 100_000;

impl Ctx<'_> {
    pub(super) fn plan(
        &self,
        r: &RawRecord,
        p: &load::RawPlan,
        body_html: String,
        out: &mut Problems,
    ) -> YearPlan {
        let year = match &p.year {
            Some(y) if PLAN_YEARS.contains(&y.value) => y.value as i32,
            Some(y) => {
                out.push(
                    Problem::error(&r.file, format!("`{}` is not a plan year", y.value))
                        .at(y.pos)
                        .field("year")
                        .hint("write the year the plan is for, from 2018 (when OCOP began), e.g. `year = 2026`"),
                );
                2018
            }
            None => 2018,
        };
        if p.targets.is_empty() && p.title.is_some() {
            out.push(
                Problem::warning(&r.file, "the plan has no targets")
                    .at(p.title.as_ref().and_then(|t| t.pos))
                    .field("targets")
                    .hint("add a `[[targets]]` section for each number of the plan (`ocop new plan YEAR` writes one of each kind); docs/plans.md lists them"),
            );
        }
        YearPlan {
            common: self.common(r, (&[], &None, &[]), body_html, out),
            title: text(&p.title),
            year,
            decision: opt(&p.decision),
            issued: p.issued.as_ref().map(|d| d.value),
            issuer: opt(&p.issuer),
            summary: opt(&p.summary),
            targets: p
                .targets
                .iter()
                .filter_map(|t| self.target(r, t, out))
                .collect(),
        }
    }

    fn target(&self, r: &RawRecord, t: &RawTarget, out: &mut Problems) -> Option<Target> {
        let kind_field = t.kind.as_ref()?; // a missing kind is reported by `load`
        let key = kind_field.value.trim().to_ascii_lowercase();
        let Some(&key) = TargetKind::KEYS.iter().find(|k| **k == key) else {
            let hint = match did_you_mean(&kind_field.value, TargetKind::KEYS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of: {}", TargetKind::KEYS.join(", ")),
            };
            out.push(
                Problem::error(
                    &r.file,
                    format!("unknown target kind `{}`", kind_field.value),
                )
                .at(kind_field.pos)
                .field(at(t, "kind"))
                .hint(hint),
            );
            return None;
        };
        self.unused_fields(r, t, key, out);
        let kind = self.target_kind(r, t, key, out)?;
        let count = target_count(r, t, &kind, out)?;
        Some(Target {
            label: opt(&t.label),
            label_en: opt(&t.label_en),
            count,
            kind,
        })
    }

    /// What a target of kind `key` counts, from the fields that kind takes.
    fn target_kind(
        &self,
        r: &RawRecord,
        t: &RawTarget,
        key: &str,
        out: &mut Problems,
    ) -> Option<TargetKind> {
        let min_stars = |out: &mut Problems| {
            target_stars(
                r,
                t,
                key,
                &t.min_stars,
                "min_stars",
                Some(Stars::MIN_CERTIFIED),
                out,
            )
        };
        Some(match key {
            "upgrade" => upgrade(r, t, out)?,
            "new-products" => TargetKind::NewProducts {
                min_stars: min_stars(out)?,
                group: self.target_group(r, t, out),
                commune: self.target_commune(r, t, out),
            },
            "new-producers" => TargetKind::NewProducers {
                kinds: self.target_kinds(
                    r,
                    t,
                    ProducerKind::parse,
                    "enterprise, cooperative, cooperative-group, household",
                    out,
                ),
            },
            "sales-points" => {
                let kinds = self.target_kinds(
                    r,
                    t,
                    SalesPointKind::parse,
                    "sales-point, centre, supermarket, shop",
                    out,
                );
                TargetKind::SalesPoints {
                    kinds: if kinds.is_empty() {
                        vec![SalesPointKind::SalesPoint]
                    } else {
                        kinds
                    },
                }
            }
            "centres" => TargetKind::SalesPoints {
                kinds: vec![SalesPointKind::Centre],
            },
            "fairs" => TargetKind::Fairs,
            _ => {
                let products: Vec<ProductId> = self
                    .references(r, Section::Products, &at(t, "products"), &t.products, out)
                    .into_iter()
                    .map(ProductId)
                    .collect();
                if t.products.is_empty() {
                    out.push(
                        Problem::error(&r.file, "a `key-products` target needs `products`")
                            .at(t.pos)
                            .field(at(t, "products"))
                            .hint("name the key products by their slug, e.g. `products = [\"mat-ong-bac-ha-meo-vac\"]`"),
                    );
                    return None;
                }
                TargetKind::KeyProducts {
                    products,
                    min_stars: min_stars(out)?,
                }
            }
        })
    }

    /// Reports fields of a target that its kind does not take.
    fn unused_fields(&self, r: &RawRecord, t: &RawTarget, key: &str, out: &mut Problems) {
        let takes: &[&str] = match key {
            "upgrade" => &["from", "to"],
            "new-products" => &["min_stars", "group", "commune"],
            "new-producers" | "sales-points" => &["kinds"],
            "key-products" => &["products", "min_stars"],
            _ => &[],
        };
        let present: [(&str, Option<Option<crate::base::diag::Pos>>); 7] = [
            ("from", t.from.as_ref().map(|s| s.pos)),
            ("to", t.to.as_ref().map(|s| s.pos)),
            ("min_stars", t.min_stars.as_ref().map(|s| s.pos)),
            ("group", t.group.as_ref().map(|s| s.pos)),
            ("commune", t.commune.as_ref().map(|s| s.pos)),
            ("kinds", t.kinds.first().map(|s| s.pos)),
            ("products", t.products.first().map(|s| s.pos)),
        ];
        for (field, pos) in present {
            if let Some(pos) = pos
                && !takes.contains(&field)
            {
                let hint = if takes.is_empty() {
                    format!("a `{key}` target takes only `count` (and `label`); remove `{field}`")
                } else {
                    format!(
                        "a `{key}` target takes {}; remove `{field}` or change `kind`",
                        takes
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                out.push(
                    Problem::error(
                        &r.file,
                        format!("`{field}` does not apply to a `{key}` target"),
                    )
                    .at(pos.or(t.pos))
                    .field(format!("targets[{}].{field}", t.index))
                    .hint(hint),
                );
            }
        }
    }

    fn target_group(
        &self,
        r: &RawRecord,
        t: &RawTarget,
        out: &mut Problems,
    ) -> Option<refdata::Group> {
        let g = t.group.as_ref()?;
        match refdata::data().find_group(&g.value) {
            Some(refdata::GroupMatch::Current(x) | refdata::GroupMatch::Legacy(x)) => Some(x),
            None => {
                out.push(
                    Problem::error(&r.file, format!("unknown product group `{}`", g.value))
                        .at(g.pos)
                        .field(format!("targets[{}].group", t.index))
                        .hint("use one of: food, beverages, herbal, handicrafts, ornamentals, tourism"),
                );
                None
            }
        }
    }

    /// A commune of the target, by its official name: plans have no province of their own,
    /// so the name is looked up in every province.
    fn target_commune(&self, r: &RawRecord, t: &RawTarget, out: &mut Problems) -> Option<String> {
        let c = t.commune.as_ref()?;
        let data = refdata::data();
        let found = (0..data.provinces.len() as u16)
            .find_map(|i| data.find_commune(refdata::ProvinceId(i), &c.value));
        if found.is_none() {
            out.push(
                Problem::error(&r.file, format!("`{}` is not a commune in the official list", c.value))
                    .at(c.pos)
                    .field(format!("targets[{}].commune", t.index))
                    .hint("write the commune as the products do, e.g. `commune = \"Xã Nà Hang\"` (communes in force since 2025-07-01)"),
            );
        }
        found.map(str::to_string)
    }

    fn target_kinds<K>(
        &self,
        r: &RawRecord,
        t: &RawTarget,
        parse: fn(&str) -> Option<K>,
        choices: &str,
        out: &mut Problems,
    ) -> Vec<K> {
        t.kinds
            .iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let v = parse(&k.value);
                if v.is_none() {
                    out.push(
                        Problem::error(&r.file, format!("unknown kind `{}`", k.value))
                            .at(k.pos)
                            .field(format!("targets[{}].kinds[{i}]", t.index))
                            .hint(format!("use one of: {choices}")),
                    );
                }
                v
            })
            .collect()
    }
}

/// The dotted path of a field of target `t`, for messages.
fn at(t: &RawTarget, field: &str) -> String {
    format!("targets[{}].{field}", t.index)
}

/// A star level of a target: `default` when the field is not written, an error (and
/// `None`) when it is required and missing or not 1 to 5.
fn target_stars(
    r: &RawRecord,
    t: &RawTarget,
    key: &str,
    v: &Option<Sp<i64>>,
    field: &str,
    default: Option<Stars>,
    out: &mut Problems,
) -> Option<Stars> {
    match v {
        Some(s) => Stars::new(s.value).or_else(|| {
            out.push(
                Problem::error(
                    &r.file,
                    format!("{field} must be 1 to 5 stars, not {}", s.value),
                )
                .at(s.pos)
                .field(at(t, field))
                .hint(format!("write a star level, e.g. `{field} = 4`")),
            );
            None
        }),
        None if default.is_none() => {
            out.push(
                Problem::error(&r.file, format!("an `{key}` target needs `{field}`"))
                    .at(t.pos)
                    .field(at(t, field))
                    .hint(format!("add `{field} = 4` under this `[[targets]]`")),
            );
            None
        }
        None => default,
    }
}

/// An upgrade target: two star levels, going up.
fn upgrade(r: &RawRecord, t: &RawTarget, out: &mut Problems) -> Option<TargetKind> {
    let from = target_stars(r, t, "upgrade", &t.from, "from", None, out);
    let to = target_stars(r, t, "upgrade", &t.to, "to", None, out);
    let (from, to) = (from?, to?);
    if from >= to {
        out.push(
            Problem::error(
                &r.file,
                format!(
                    "an upgrade goes up: from {} to {} stars is not one",
                    from.get(),
                    to.get()
                ),
            )
            .at(t.to.as_ref().and_then(|s| s.pos))
            .field(at(t, "to"))
            .hint("write the lower star level in `from` and the higher in `to`"),
        );
        return None;
    }
    Some(TargetKind::Upgrade { from, to })
}

/// How many a target asks for: its `count`, or for key products the number named.
fn target_count(
    r: &RawRecord,
    t: &RawTarget,
    kind: &TargetKind,
    out: &mut Problems,
) -> Option<u32> {
    let count = match (&t.count, kind) {
        (Some(c), _) if (1..=MAX_COUNT).contains(&c.value) => c.value as u32,
        (Some(c), _) => {
            out.push(
                Problem::error(
                    &r.file,
                    format!("count must be from 1 to {MAX_COUNT}, not {}", c.value),
                )
                .at(c.pos)
                .field(at(t, "count"))
                .hint("write how many the plan asks for, e.g. `count = 16`"),
            );
            return None;
        }
        (None, TargetKind::KeyProducts { .. }) => t.products.len() as u32,
        (None, _) => return None, // reported by `load`
    };
    if let (TargetKind::KeyProducts { .. }, Some(c)) = (kind, &t.count)
        && c.value as usize > t.products.len()
    {
        out.push(
            Problem::error(
                &r.file,
                format!(
                    "count {} is more than the {} key products named",
                    c.value,
                    t.products.len()
                ),
            )
            .at(c.pos)
            .field(at(t, "count"))
            .hint("name every key product in `products`, or lower `count`"),
        );
        return None;
    }
    Some(count)
}

/// Warns of two plans for one year: both are published, and the plans index lists both.
pub(super) fn two_plans_of_a_year(site: &Site, out: &mut Problems) {
    let mut seen: std::collections::HashMap<i32, &std::path::Path> =
        std::collections::HashMap::new();
    for p in &site.plans {
        if let Some(first) = seen.insert(p.year, &p.common.file) {
            out.push(
                Problem::warning(
                    &p.common.file,
                    format!(
                        "there is already a plan for {}: {}",
                        p.year,
                        first.display()
                    ),
                )
                .field("year")
                .hint("a province has one plan a year; put its targets in one file, or fix `year`"),
            );
        }
    }
}
