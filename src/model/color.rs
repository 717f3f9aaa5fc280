//! Colours of `site.toml` `[colors]`: parsing and the WCAG contrast ratio.
//!
//! A province picks its own colours for the theme; a colour the browser cannot read would
//! silently fall back to the default, and a pale header with white text fails people with
//! poor sight. So colours are parsed here (hexadecimal `#rgb` / `#rrggbb` or `rgb(r, g, b)`),
//! written back in one form, and combinations that would be hard to read are reported.

pub(crate) type Rgb = [u8; 3];

/// The default theme's header colour (`--primary` in style.css).
pub(crate) const DEFAULT_PRIMARY: Rgb = [0x0f, 0x3d, 0x24];

/// `#0f3d24`, `#fc0`, `rgb(15, 61, 36)`.
pub(crate) fn parse(s: &str) -> Option<Rgb> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        return match hex.len() {
            3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
            6 => Some([
                u8::from_str_radix(&hex[0..2], 16).ok()?,
                u8::from_str_radix(&hex[2..4], 16).ok()?,
                u8::from_str_radix(&hex[4..6], 16).ok()?,
            ]),
            _ => None,
        };
    }
    let inner = s.strip_prefix("rgb(").and_then(|r| r.strip_suffix(')'))?;
    let parts: Vec<u8> = inner
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u8>().ok())
        .collect::<Option<Vec<u8>>>()?;
    match parts[..] {
        [r, g, b] => Some([r, g, b]),
        _ => None,
    }
}

pub(crate) fn to_hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// WCAG 2 relative luminance.
fn luminance(c: Rgb) -> f64 {
    let ch = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
}

/// WCAG 2 contrast ratio, 1 to 21.
pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_in_three_forms() {
        assert_eq!(parse("#0f3d24"), Some([15, 61, 36]));
        assert_eq!(parse("#FC0"), Some([255, 204, 0]));
        assert_eq!(parse("rgb(15, 61, 36)"), Some([15, 61, 36]));
        assert_eq!(parse("green"), None);
        assert_eq!(parse("#12345"), None);
        assert_eq!(parse("#ggg"), None);
        assert_eq!(parse("rgb(300, 0, 0)"), None);
        assert_eq!(to_hex([255, 204, 0]), "#ffcc00");
    }

    #[test]
    fn contrast_ratios_match_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((contrast([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 0.01);
        // The default header: white on dark green is well above 4.5.
        assert!(contrast(DEFAULT_PRIMARY, [255, 255, 255]) > 10.0);
        assert!(contrast([0xf2, 0xc1, 0x4e], [255, 255, 255]) < 4.5);
    }
}
