//! How dates, prices, phone numbers, map links and fair dates are written on the pages: the
//! Vietnamese conventions (`05/03/2026`, `120.000 ₫`), in one place for every view.

use chrono::{Datelike, NaiveDate};

/// 22/11/2026: the date as Vietnamese pages write it.
pub(crate) fn date(d: NaiveDate) -> String {
    match four_digit_year(d) {
        Some(y) => {
            let mut s = String::with_capacity(10);
            push_two(&mut s, d.day());
            s.push('/');
            push_two(&mut s, d.month());
            s.push('/');
            s.push_str(&y);
            s
        }
        None => d.format("%d/%m/%Y").to_string(),
    }
}

/// 2026-11-22: the date as ISO 8601, for machines (`datetime`, JSON, exports).
pub(crate) fn iso(d: NaiveDate) -> String {
    match four_digit_year(d) {
        Some(mut s) => {
            s.push('-');
            push_two(&mut s, d.month());
            s.push('-');
            push_two(&mut s, d.day());
            s
        }
        None => d.format("%Y-%m-%d").to_string(),
    }
}

fn four_digit_year(d: NaiveDate) -> Option<String> {
    let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let mut s = String::with_capacity(10);
    push_two(&mut s, y / 100);
    push_two(&mut s, y % 100);
    Some(s)
}

fn push_two(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10 % 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

/// 150000 → "150.000 ₫".
pub(crate) fn price(vnd: u64) -> String {
    let digits = vnd.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out.push_str(" ₫");
    out
}

/// "0207 000 0123" → "tel:02070000123".
pub(crate) fn phone_href(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    (digits.len() >= 3).then(|| format!("tel:{digits}"))
}

pub(crate) fn map_url(loc: Option<(f64, f64)>) -> Option<String> {
    loc.map(|(lat, lon)| {
        format!(
            "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lon:.5}#map=16/{lat:.5}/{lon:.5}"
        )
    })
}

/// A link that opens the phone's map app with directions to the place: the Google Maps URL
/// (`https://www.google.com/maps/dir/?api=1&destination=LAT,LON`) opens the Maps app on
/// Android and on an iPhone that has it, and the map in the browser elsewhere. A `geo:` link
/// is not used: Safari on an iPhone refuses it as an invalid address.
pub(crate) fn directions_url(loc: Option<(f64, f64)>) -> Option<String> {
    loc.map(|(lat, lon)| {
        format!("https://www.google.com/maps/dir/?api=1&destination={lat:.5}%2C{lon:.5}")
    })
}

/// The address written once: the street address, then the commune and the province only
/// when it does not already name them ("Tổ 00, xã Nà Hang, tỉnh Tuyên Quang" stays as it
/// is; "Số 5 đường Mẫu" becomes "Số 5 đường Mẫu, Xã Nà Hang, Tuyên Quang"). Names are
/// compared folded (case, tone marks and "Hòa"/"Hoà" ignored) as whole words, and a
/// commune counts as named with or without its "Xã"/"Phường"/"Đặc khu" prefix.
pub(crate) fn full_address(street: Option<&str>, commune: Option<&str>, province: &str) -> String {
    let street = street.map(str::trim).filter(|s| !s.is_empty());
    let folded = street.map(words).unwrap_or_default();
    let mut parts: Vec<&str> = street.into_iter().collect();
    if let Some(c) = commune.map(str::trim).filter(|c| !c.is_empty()) {
        let core = strip_unit_prefix(&words(c));
        if !contains_words(&folded, &core) {
            parts.push(c);
        }
    }
    let p = province.trim();
    let core = strip_unit_prefix(&words(p));
    if !p.is_empty() && !contains_words(&folded, &core) {
        parts.push(p);
    }
    parts.join(", ")
}

/// The folded words of a text, without punctuation.
fn words(s: &str) -> Vec<String> {
    crate::base::vietnamese::fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// "xa na hang" → "na hang"; "tinh tuyen quang" → "tuyen quang".
fn strip_unit_prefix(w: &[String]) -> Vec<String> {
    let prefixes: [&[&str]; 6] = [
        &["xa"],
        &["phuong"],
        &["dac", "khu"],
        &["thi", "tran"],
        &["tinh"],
        &["thanh", "pho"],
    ];
    for p in prefixes {
        if w.len() > p.len() && w.iter().zip(p.iter()).all(|(a, b)| a == b) {
            return w[p.len()..].to_vec();
        }
    }
    w.to_vec()
}

fn contains_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Dates of a fair: "12–16/12/2026", "30/12/2026–03/01/2027", "12/12/2026".
pub(crate) fn fair_dates(starts: NaiveDate, ends: NaiveDate) -> String {
    if starts == ends {
        date(starts)
    } else if starts.year() == ends.year() && starts.month() == ends.month() {
        format!("{:02}–{}", starts.day(), date(ends))
    } else {
        format!("{}–{}", date(starts), date(ends))
    }
}

/// A file size for people: `850 B`, `45 kB`, `1,2 MB` (a decimal comma in Vietnamese, a
/// point in English), powers of 1000 as file managers show them.
pub(crate) fn file_size(bytes: u64, lang: crate::model::Lang) -> String {
    let (value, unit) = match bytes {
        0..1_000 => return format!("{bytes} B"),
        1_000..1_000_000 => (bytes as f64 / 1e3, "kB"),
        1_000_000..1_000_000_000 => (bytes as f64 / 1e6, "MB"),
        _ => (bytes as f64 / 1e9, "GB"),
    };
    let text = if value < 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    let text = match lang {
        crate::model::Lang::Vi => text.replace('.', ","),
        crate::model::Lang::En => text,
    };
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut d = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        let mut checked = 0;
        // Every day of years 1 to 3000 (leap days and one-digit days and months included),
        // then years where chrono adds a sign.
        while d.year() <= 3000 {
            assert_eq!(date(d), d.format("%d/%m/%Y").to_string());
            assert_eq!(iso(d), d.format("%Y-%m-%d").to_string());
            d = d.succ_opt().unwrap();
            checked += 1;
        }
        for y in [-1, 0, 9999, 10000, 123456] {
            let d = NaiveDate::from_ymd_opt(y, 2, 28).unwrap();
            assert_eq!(date(d), d.format("%d/%m/%Y").to_string());
            assert_eq!(iso(d), d.format("%Y-%m-%d").to_string());
        }
        assert!(checked > 1_000_000);
    }
    #[test]
    fn prices_use_vietnamese_grouping() {
        assert_eq!(price(150000), "150.000 ₫");
        assert_eq!(price(1_250_000), "1.250.000 ₫");
        assert_eq!(price(900), "900 ₫");
    }
    #[test]
    fn phone_links_keep_digits() {
        assert_eq!(
            phone_href("0207 000 0123").as_deref(),
            Some("tel:02070000123")
        );
        assert_eq!(
            phone_href("+84 207 000 123").as_deref(),
            Some("tel:+84207000123")
        );
        assert_eq!(phone_href("--"), None);
    }
    #[test]
    fn an_address_names_its_commune_and_province_once() {
        let f = full_address;
        // The sales point: the street address already names both.
        assert_eq!(
            f(
                Some("Tổ 00, xã Nà Hang, tỉnh Tuyên Quang"),
                Some("Xã Nà Hang"),
                "Tuyên Quang"
            ),
            "Tổ 00, xã Nà Hang, tỉnh Tuyên Quang"
        );
        // Only the street: both appended.
        assert_eq!(
            f(Some("Số 5 đường Mẫu"), Some("Xã Nà Hang"), "Tuyên Quang"),
            "Số 5 đường Mẫu, Xã Nà Hang, Tuyên Quang"
        );
        // The commune named without its prefix or tone marks; the province missing.
        assert_eq!(
            f(Some("Thôn 5, Na Hang"), Some("Xã Nà Hang"), "Tuyên Quang"),
            "Thôn 5, Na Hang, Tuyên Quang"
        );
        // Whole words only: "Hà Giang 1" is not in "Hà Giang 12".
        assert_eq!(
            f(
                Some("Số 1, phường Hà Giang 12"),
                Some("Phường Hà Giang 1"),
                "Tuyên Quang"
            ),
            "Số 1, phường Hà Giang 12, Phường Hà Giang 1, Tuyên Quang"
        );
        // "Hoà"/"Hòa" and case.
        assert_eq!(
            f(Some("Số 2, XÃ HOÀ AN"), Some("Xã Hòa An"), "Cao Bằng"),
            "Số 2, XÃ HOÀ AN, Cao Bằng"
        );
        // No street: commune and province.
        assert_eq!(
            f(None, Some("Xã Nà Hang"), "Tuyên Quang"),
            "Xã Nà Hang, Tuyên Quang"
        );
        assert_eq!(f(Some(" "), None, "Tuyên Quang"), "Tuyên Quang");
    }

    #[test]
    fn directions_open_the_map_app_on_both_phones() {
        assert_eq!(
            directions_url(Some((22.3476, 105.3851))).as_deref(),
            Some("https://www.google.com/maps/dir/?api=1&destination=22.34760%2C105.38510")
        );
        assert_eq!(directions_url(None), None);
    }

    #[test]
    fn fair_date_ranges() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            fair_dates(d(2026, 12, 12), d(2026, 12, 16)),
            "12–16/12/2026"
        );
        assert_eq!(
            fair_dates(d(2026, 12, 30), d(2027, 1, 3)),
            "30/12/2026–03/01/2027"
        );
    }
    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(super::file_size(850, crate::model::Lang::Vi), "850 B");
        assert_eq!(super::file_size(45_200, crate::model::Lang::Vi), "45 kB");
        assert_eq!(
            super::file_size(1_234_567, crate::model::Lang::Vi),
            "1,2 MB"
        );
        assert_eq!(
            super::file_size(1_234_567, crate::model::Lang::En),
            "1.2 MB"
        );
    }
}
