//! Checks of single fields that several sections share: province and commune against the
//! reference data, web and e-mail addresses, map coordinates, `kind` choices and prices. Each
//! returns the value or a stand-in and reports a problem naming the field.

use std::path::Path;

use crate::base::diag::{Problem, Problems, did_you_mean};
use crate::load::RawRecord;
use crate::load::fields::Sp;
use crate::model::refdata::{self, ProvinceId, ProvinceMatch};

use super::Ctx;

impl Ctx<'_> {
    pub(super) fn province(
        &self,
        r: &RawRecord,
        field: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> ProvinceId {
        let Some(s) = field else {
            return ProvinceId(0);
        };
        let data = refdata::data();
        match data.find_province(&s.value) {
            Some(ProvinceMatch::Current(id)) => id,
            Some(ProvinceMatch::Legacy(id)) => {
                out.push(
                    Problem::warning(
                        &r.file,
                        format!(
                            "`{}` was merged into {} on 2025-07-01; the record is shown under {}",
                            s.value,
                            data.province(id).name,
                            data.province(id).short_name
                        ),
                    )
                    .at(s.pos)
                    .field("province")
                    .hint(format!(
                        "write `province = \"{}\"` (and, for a product, `former_province = \"{}\"` to keep it in the figures by pre-2025 province)",
                        data.province(id).short_name,
                        s.value.trim()
                    )),
                );
                id
            }
            None => {
                let hint = match did_you_mean(&s.value, data.province_names()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "write one of the 34 provinces in force since 2025-07-01, e.g. \"Tuyên Quang\"".into(),
                };
                out.push(
                    Problem::error(&r.file, format!("unknown province `{}`", s.value))
                        .at(s.pos)
                        .field("province")
                        .hint(hint),
                );
                ProvinceId(0)
            }
        }
    }

    /// The pre-2025 province of a product, by its official name: its `former_province`,
    /// which must be part of its `province` now, or its `province` when that is a pre-2025
    /// name.
    pub(super) fn former_province(
        &self,
        r: &RawRecord,
        province_field: &Option<Sp<String>>,
        field: &Option<Sp<String>>,
        province: ProvinceId,
        out: &mut Problems,
    ) -> Option<String> {
        let data = refdata::data();
        let Some(s) = field else {
            let written = province_field.as_ref()?;
            return match data.find_province(&written.value) {
                Some(ProvinceMatch::Legacy(_)) => data
                    .find_former_province(&written.value)
                    .map(|(name, _)| name.to_string()),
                _ => None,
            };
        };
        match data.find_former_province(&s.value) {
            Some((name, now)) if now == province => Some(name.to_string()),
            Some((name, now)) => {
                out.push(
                    Problem::error(
                        &r.file,
                        format!(
                            "{name} became part of {}, not of {}",
                            data.province(now).name,
                            data.province(province).name
                        ),
                    )
                    .at(s.pos)
                    .field("former_province")
                    .hint(format!(
                        "check `province` and `former_province`: a product of {name} is now in `province = \"{}\"`",
                        data.province(now).short_name
                    )),
                );
                None
            }
            None => {
                out.push(
                    Problem::error(
                        &r.file,
                        format!("`{}` is not a province before 2025-07-01", s.value),
                    )
                    .at(s.pos)
                    .field("former_province")
                    .hint(
                        "write one of the 63 provinces before the 2025 merger, e.g. \"Hà Giang\"",
                    ),
                );
                None
            }
        }
    }

    pub(super) fn commune(
        &self,
        r: &RawRecord,
        province: ProvinceId,
        field: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Option<String> {
        let s = field.as_ref()?;
        let data = refdata::data();
        match data.find_commune(province, &s.value) {
            Some(official) => Some(official.to_string()),
            None => {
                out.push(
                    Problem::error(
                        &r.file,
                        format!(
                            "`{}` is not a commune of {} in the official list",
                            s.value,
                            data.province(province).name
                        ),
                    )
                    .at(s.pos)
                    .field("commune")
                    .hint("use the commune's name since 2025-07-01 (e.g. \"Xã Hàm Yên\"); districts no longer exist, put old addresses in `address`"),
                );
                Some(s.value.clone())
            }
        }
    }

    pub(super) fn url(
        &self,
        r: &RawRecord,
        field: &str,
        s: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Option<String> {
        web_address(&r.file, field, s, out)
    }

    pub(super) fn email(
        &self,
        r: &RawRecord,
        s: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Option<String> {
        let s = s.as_ref()?;
        let v = &s.value;
        let ok = v.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty()
                && b.contains('.')
                && !v
                    .chars()
                    .any(|c| c.is_whitespace() || "<>\"':;,".contains(c))
        });
        if ok {
            Some(v.clone())
        } else {
            out.push(
                Problem::error(&r.file, format!("`{v}` is not an e-mail address"))
                    .at(s.pos)
                    .field("email")
                    .hint("write it as name@domain.vn"),
            );
            None
        }
    }

    pub(super) fn location(
        &self,
        r: &RawRecord,
        lat: &Option<Sp<f64>>,
        lon: &Option<Sp<f64>>,
        out: &mut Problems,
    ) -> Option<(f64, f64)> {
        match (lat, lon) {
            (Some(a), Some(o)) => {
                // Vietnam lies within 8–24°N, 102–118°E (with its islands).
                let ok_lat = (-90.0..=90.0).contains(&a.value);
                let ok_lon = (-180.0..=180.0).contains(&o.value);
                if !ok_lat || !ok_lon {
                    out.push(
                        Problem::error(&r.file, "latitude must be -90..90 and longitude -180..180")
                            .at(a.pos)
                            .field(if ok_lat { "lon" } else { "lat" })
                            .hint(
                                "copy the coordinates from a map, e.g. lat = 21.82, lon = 105.21",
                            ),
                    );
                    return None;
                }
                Some((a.value, o.value))
            }
            (None, None) => None,
            (Some(x), None) | (None, Some(x)) => {
                out.push(
                    Problem::error(&r.file, "a location needs both `lat` and `lon`")
                        .at(x.pos)
                        .field(if lat.is_some() { "lon" } else { "lat" })
                        .hint("add the missing coordinate or remove both"),
                );
                None
            }
        }
    }

    /// A `kind` field: parsed, or an error listing the choices.
    pub(super) fn kind<T>(
        &self,
        r: &RawRecord,
        field: &Option<Sp<String>>,
        parse: fn(&str) -> Option<T>,
        what: &str,
        choices: &str,
        out: &mut Problems,
    ) -> Option<T> {
        let k = field.as_ref()?;
        let v = parse(&k.value);
        if v.is_none() {
            out.push(
                Problem::error(&r.file, format!("unknown {what} `{}`", k.value))
                    .at(k.pos)
                    .field("kind")
                    .hint(format!("use one of: {choices}")),
            );
        }
        v
    }
}

/// A web address a page will link to: only `http(s)://` without spaces or quotes, so that
/// no record can make a `javascript:` or `data:` link.
pub(super) fn web_address(
    file: &Path,
    field: &str,
    s: &Option<Sp<String>>,
    out: &mut Problems,
) -> Option<String> {
    let s = s.as_ref()?;
    let lower = s.value.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if s.value
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        {
            out.push(
                Problem::error(file, "the address contains spaces or quotes")
                    .at(s.pos)
                    .field(field)
                    .hint("write the web address exactly as the browser shows it"),
            );
            return None;
        }
        Some(s.value.clone())
    } else {
        out.push(
            Problem::error(file, format!("`{}` is not a web address", s.value))
                .at(s.pos)
                .field(field)
                .hint("web addresses start with https:// (or http://)"),
        );
        None
    }
}

/// The largest price: the largest whole number a JSON reader (JavaScript, spreadsheets
/// reading the data exports) holds exactly, 2^53 − 1.
pub(crate) const MAX_PRICE: i64 = (1 << 53) - 1;

/// A product's price in đồng: a whole number from 1 to [`MAX_PRICE`].
pub(super) fn price(file: &Path, x: &Sp<i64>, out: &mut Problems) -> Option<u64> {
    let why = if x.value <= 0 {
        "price must be more than 0"
    } else if x.value > MAX_PRICE {
        "price is too large: at most 9007199254740991 (2^53 − 1), the largest number data readers keep exactly"
    } else {
        return Some(x.value as u64);
    };
    out.push(
        Problem::error(file, format!("{why}, found {}", x.value))
            .at(x.pos)
            .field("price")
            .hint("write the price in đồng as a whole number, e.g. `price = 150000`, or leave `price` out when there is none"),
    );
    None
}
