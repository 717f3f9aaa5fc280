//! What English pages can say in English without a translator: the issuers of certificates
//! whose names follow a fixed pattern ("UBND tỉnh Tuyên Quang" → "Tuyên Quang Provincial
//! People's Committee") and units that are measures ("500 g", "1 lít" → "1 l"). Anything a
//! rule cannot be sure of ("hộp 100 g", "Hội đồng ...") stays Vietnamese, and the view marks
//! it `lang="vi"`.

/// The English name of a certificate's issuer, when its Vietnamese name follows a pattern
/// with a certain translation: a People's Committee of a province, city, district, commune
/// or ward, or one of the ministries that issue OCOP certificates.
pub(crate) fn issuer(vi: &str) -> Option<String> {
    let s = vi.split_whitespace().collect::<Vec<_>>().join(" ");
    let ministries = [
        (
            "Bộ Nông nghiệp và Môi trường",
            "Ministry of Agriculture and Environment",
        ),
        (
            "Bộ Nông nghiệp và Phát triển nông thôn",
            "Ministry of Agriculture and Rural Development",
        ),
    ];
    for (v, e) in ministries {
        if s.to_lowercase() == v.to_lowercase() {
            return Some(e.to_string());
        }
    }
    let folded = crate::base::vietnamese::fold(&s);
    // "UBND" or "Ủy ban nhân dân" / "Uỷ ban nhân dân", then the level, then the place.
    let (after_committee, words) = if let Some(r) = folded.strip_prefix("ubnd ") {
        (r, 1)
    } else if let Some(r) = folded.strip_prefix("uy ban nhan dan ") {
        (r, 4)
    } else {
        return None;
    };
    let levels = [
        ("tinh ", 1, "Provincial"),
        ("thanh pho ", 2, "City"),
        ("huyen ", 1, "District"),
        ("thi xa ", 2, "Town"),
        ("xa ", 1, "Commune"),
        ("phuong ", 1, "Ward"),
        ("thi tran ", 2, "Township"),
        ("dac khu ", 2, "Special Zone"),
    ];
    for (level, level_words, english) in levels {
        if after_committee.starts_with(level) {
            let place = words_after(&s, words + level_words).trim();
            // A place name is a proper name: capitalised words, no further clause.
            let proper = !place.is_empty()
                && place.split(' ').all(|w| {
                    w.chars()
                        .next()
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                });
            return proper.then(|| format!("{place} {english} People's Committee"));
        }
    }
    None
}

/// The text after its first `n` words (separated by single spaces).
fn words_after(s: &str, n: usize) -> &str {
    s.splitn(n + 1, ' ').nth(n).unwrap_or("")
}

/// A unit that reads the same in English, or becomes English by a certain rule: a measure
/// ("kg", "500 g", "330 ml") as it is, litres written "lít" as "l" ("1 lít" → "1 l"). `None`
/// for anything else ("hộp 100 g", "chai 500 ml", "người/đêm").
pub(crate) fn unit(vi: &str) -> Option<String> {
    let words: Vec<&str> = vi.split_whitespace().collect();
    let symbol = |w: &str| -> Option<&'static str> {
        Some(match w {
            "g" => "g",
            "kg" => "kg",
            "mg" => "mg",
            "ml" => "ml",
            "l" | "lít" | "lit" => "l",
            "cm" => "cm",
            "m" => "m",
            _ => return None,
        })
    };
    let number = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && w.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    match words.as_slice() {
        [u] => symbol(u).map(str::to_string),
        [n, u] if number(n) => symbol(u).map(|u| format!("{n} {u}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_of_a_known_pattern_are_translated() {
        assert_eq!(
            issuer("UBND tỉnh Tuyên Quang").as_deref(),
            Some("Tuyên Quang Provincial People's Committee")
        );
        assert_eq!(
            issuer("Ủy ban nhân dân huyện Chiêm Hóa").as_deref(),
            Some("Chiêm Hóa District People's Committee")
        );
        assert_eq!(
            issuer("UBND thành phố Tuyên Quang").as_deref(),
            Some("Tuyên Quang City People's Committee")
        );
        assert_eq!(
            issuer("UBND  xã Nà Hang").as_deref(),
            Some("Nà Hang Commune People's Committee")
        );
        assert_eq!(
            issuer("Bộ Nông nghiệp và Môi trường").as_deref(),
            Some("Ministry of Agriculture and Environment")
        );
        // Not a pattern, or not a proper name after it: kept in Vietnamese.
        assert_eq!(
            issuer("Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Tuyên Quang"),
            None
        );
        assert_eq!(issuer("UBND tỉnh"), None);
        assert_eq!(issuer("UBND tỉnh Tuyên Quang (ủy quyền)"), None);
        assert_eq!(issuer("Sở Công Thương"), None);
    }

    #[test]
    fn only_measures_are_units_in_english() {
        assert_eq!(unit("kg").as_deref(), Some("kg"));
        assert_eq!(unit("500 g").as_deref(), Some("500 g"));
        assert_eq!(unit("1 lít").as_deref(), Some("1 l"));
        assert_eq!(unit("0,5 l").as_deref(), Some("0,5 l"));
        assert_eq!(unit("hộp 100 g"), None);
        assert_eq!(unit("chai 500 ml"), None);
        assert_eq!(unit("người/đêm (gồm bữa sáng)"), None);
        assert_eq!(unit("chiếc"), None);
    }
}
