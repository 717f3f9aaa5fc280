//! QR codes of product and producer pages, as small SVG files printed on labels and stands: a
//! shopper scans one to reach the page. The modules are laid out from the qrcode crate's
//! codewords and drawn as runs, which keeps each file small.

use std::fmt::Write;
use std::sync::OnceLock;

/// An SVG QR code of `text`, black on white with a quiet zone of 4 modules.
///
/// The code is built with one fixed mask pattern instead of scoring all eight (what the
/// qrcode crate's default does, and most of its cost): every mask is valid for readers, and
/// a catalogue of 30,000 pages makes 30,000 codes.
pub(crate) fn qr_svg(text: &str) -> String {
    let Some((width, dark)) = qr_modules(text) else {
        // Only absurdly long addresses do not fit; an empty code is better than no build.
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".into();
    };
    let size = width + 8;
    let mut svg = String::with_capacity(width * width + 300);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"240\" height=\"240\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\""
    );
    // Each horizontal run of dark modules is a line one module thick along the middle of
    // its row: `M x y.5` starts a row, `h run` draws, `m gap 0` skips to the next run of the
    // row. That is about 6 bytes per run (a closed rectangle per run took 15), inside a
    // quiet zone of 4.
    for (y, row) in dark.chunks(width).enumerate() {
        let mut x = 0;
        let mut pen: Option<usize> = None;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|d| **d).count();
            // By hand: `write!` costs a thousand instructions per run, and a catalogue has
            // millions of them.
            match pen {
                None => {
                    svg.push('M');
                    push_number(&mut svg, x + 4);
                    svg.push(' ');
                    push_number(&mut svg, y + 4);
                    svg.push_str(".5");
                }
                Some(end) => {
                    svg.push('m');
                    push_number(&mut svg, x - end);
                    svg.push_str(" 0");
                }
            }
            svg.push('h');
            push_number(&mut svg, run);
            x += run;
            pen = Some(x);
        }
    }
    svg.push_str("\" fill=\"none\" stroke=\"#000\"/></svg>\n");
    svg
}

/// The runs `(x, y, length)` of dark modules that a path written by [`qr_svg`] draws (`M x
/// y.5` starts a row, `h n` draws n modules, `m gap 0` skips), for tests.
pub fn qr_path_runs(d: &str) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    let (mut x, mut y) = (0usize, 0usize);
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        let end = rest[1..]
            .find(|c: char| c.is_ascii_alphabetic())
            .map_or(rest.len(), |i| i + 1);
        let args: Vec<&str> = rest[1..end].split(' ').collect();
        let n = |i: usize| args.get(i).and_then(|a| a.parse::<usize>().ok());
        match c {
            'M' => {
                x = n(0).unwrap_or(usize::MAX);
                y = args
                    .get(1)
                    .and_then(|a| a.strip_suffix(".5"))
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(usize::MAX);
            }
            'm' => x += n(0).unwrap_or(usize::MAX / 2),
            'h' => {
                let run = n(0).unwrap_or(0);
                runs.push((x, y, run));
                x += run;
            }
            _ => runs.push((usize::MAX, usize::MAX, 0)),
        }
        rest = &rest[end..];
    }
    runs
}

/// Appends `n` in decimal. QR coordinates and runs are below 200 and there are millions of
/// them in a national catalogue, so numbers below 1,000 are written from a table of digit
/// pairs.
fn push_number(out: &mut String, n: usize) {
    const PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let pair = |k: usize| &PAIRS[2 * k..2 * k + 2];
    match n {
        0..10 => out.push_str(&pair(n)[1..]),
        10..100 => out.push_str(pair(n)),
        100..1000 => {
            out.push_str(&pair(n / 100)[1..]);
            out.push_str(pair(n % 100));
        }
        _ => {
            push_number(out, n / 1000);
            out.push_str(&pair(n % 1000 / 100)[1..]);
            out.push_str(pair(n % 100));
        }
    }
}

/// The modules of the QR code of `text`, row by row (`true` = dark), and its width.
///
/// The qrcode crate encodes the text and computes the error correction; where each bit lands
/// on the canvas, and what the fixed patterns and the mask make of the rest, depends only on
/// the version, so it is learnt once per version from the crate ([`QrLayout`]) and each code
/// is then a copy and a few hundred bit flips. Drawing every code through the crate's canvas
/// was 15 % of a build's instructions.
fn qr_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let ec = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(text.as_bytes(), ec).ok()?;
    let version = bits.version();
    let (data, ec_data) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let layout = QrLayout::of(version, data.len(), ec_data.len())?;
    let mut dark = layout.base.clone();
    let codewords = data.iter().chain(&ec_data);
    for (byte, at) in codewords.zip(layout.at.chunks_exact(8)) {
        for (j, &module) in at.iter().enumerate() {
            if byte & (0x80 >> j) != 0 {
                dark[module as usize] ^= true;
            }
        }
    }
    Some((version.width() as usize, dark))
}

/// Where the codeword bits of a QR code of one version land, and the rest of its canvas.
struct QrLayout {
    /// The code with every data bit 0: finder, timing and alignment patterns, format and
    /// version information, and the mask over the data area.
    base: Vec<bool>,
    /// For the i-th bit (most significant first) of the data then error-correction
    /// codewords, the index of its module; a 1 bit flips that module of `base`.
    at: Vec<u32>,
    /// The codeword counts the layout was learnt for.
    lengths: (usize, usize),
}

impl QrLayout {
    /// The layout of `version` (EC level M, checkerboard mask), learnt on first use.
    fn of(version: qrcode::Version, data: usize, ec: usize) -> Option<&'static QrLayout> {
        static LAYOUTS: [OnceLock<Option<QrLayout>>; 40] = [const { OnceLock::new() }; 40];
        let qrcode::Version::Normal(n @ 1..=40) = version else {
            return None;
        };
        let layout = LAYOUTS[n as usize - 1]
            .get_or_init(|| QrLayout::learn(version, data, ec))
            .as_ref()?;
        (layout.lengths == (data, ec)).then_some(layout)
    }

    /// Draws codewords through the crate's canvas and reads the layout back: all bits 0
    /// gives the base, all bits 1 shows which modules hold data, and drawing bit i as bit k
    /// of i, for each k, spells out each data module's bit number.
    fn learn(version: qrcode::Version, data: usize, ec: usize) -> Option<QrLayout> {
        let total = (data + ec) * 8;
        let base = qr_draw(version, data + ec, |_| false);
        let ones = qr_draw(version, data + ec, |_| true);
        let mut number = vec![0u32; base.len()];
        let mut k = 0;
        while (1usize << k) < total {
            let probe = qr_draw(version, data + ec, |i| i >> k & 1 == 1);
            for (m, n) in number.iter_mut().enumerate() {
                if probe[m] != base[m] {
                    *n |= 1 << k;
                }
            }
            k += 1;
        }
        let mut at = vec![u32::MAX; total];
        for m in 0..base.len() {
            if ones[m] != base[m] {
                let slot = at.get_mut(number[m] as usize)?;
                *slot = m as u32;
            }
        }
        // Every bit must have a module of its own, or the layout is not what it seems.
        if at.contains(&u32::MAX) {
            return None;
        }
        Some(QrLayout {
            base,
            at,
            lengths: (data, ec),
        })
    }
}

/// A QR canvas of `version` with bit i of its `codewords` set to `bit(i)`, masked, as
/// colours (`true` = dark). The crate draws data and error-correction codewords one after
/// the other, so they can be given as one run.
fn qr_draw(version: qrcode::Version, codewords: usize, bit: impl Fn(usize) -> bool) -> Vec<bool> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let bytes: Vec<u8> = (0..codewords)
        .map(|b| (0..8).fold(0u8, |acc, j| acc << 1 | bit(b * 8 + j) as u8))
        .collect();
    let mut canvas = Canvas::new(version, qrcode::EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&bytes, &[]);
    canvas.apply_mask(MaskPattern::Checkerboard);
    canvas
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_is_svg() {
        let svg = qr_svg("https://ocop.example.gov.vn/san-pham/mat-ong/");
        assert!(svg.contains("<svg"));
        assert!(svg.contains("</svg>"));
    }
    #[test]
    fn numbers_are_written_in_decimal() {
        for n in (0..2500).chain([9_999, 10_000, 100_007, 1_000_000, usize::MAX]) {
            let mut s = String::new();
            push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
    /// The code drawn module by module through the qrcode crate's canvas, as before
    /// [`QrLayout`].
    fn qr_modules_by_canvas(text: &str) -> (usize, Vec<bool>) {
        use qrcode::canvas::{Canvas, MaskPattern};
        let ec = qrcode::EcLevel::M;
        let bits = qrcode::bits::encode_auto(text.as_bytes(), ec).unwrap();
        let version = bits.version();
        let (data, ec_data) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).unwrap();
        let mut canvas = Canvas::new(version, ec);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec_data);
        canvas.apply_mask(MaskPattern::Checkerboard);
        let dark = canvas
            .into_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        (version.width() as usize, dark)
    }
    #[test]
    fn qr_codes_from_learnt_layouts_equal_the_crates_canvas() {
        // Lengths from 1 to 600 bytes cover versions 1 to 20, the small ones (no version
        // information) and the large ones (several error-correction blocks of two sizes);
        // numbers, capitals and bytes cover the crate's encoding modes.
        let mut versions = std::collections::BTreeSet::new();
        for len in (1..80).chain((80..600).step_by(7)) {
            let texts = [
                "https://ocop.example.gov.vn/san-pham/mật-ong-bạc-hà/".repeat(12),
                "0123456789".repeat(60),
                "HTTP://OCOP.VN/SAN-PHAM/".repeat(25),
            ];
            // Vietnamese letters are 2 or 3 bytes; lengths that cut one are skipped.
            for text in texts.iter().filter_map(|t| t.get(..len)) {
                let expected = qr_modules_by_canvas(text);
                versions.insert(expected.0);
                assert_eq!(qr_modules(text), Some(expected), "{text}");
            }
        }
        assert!(versions.len() >= 15, "{versions:?}");
    }
    #[test]
    fn qr_svg_runs_cover_exactly_the_dark_modules() {
        let text = "https://ocop.example.gov.vn/san-pham/mat-ong-bac-ha-meo-vac/";
        let (width, dark) = qr_modules(text).unwrap();
        let svg = qr_svg(text);
        let d = svg
            .split("<path d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut drawn = vec![false; width * width];
        for (x, y, run) in qr_path_runs(d) {
            for i in 0..run {
                let cell = &mut drawn[(y - 4) * width + x - 4 + i];
                assert!(!*cell, "module drawn twice");
                *cell = true;
            }
        }
        assert_eq!(drawn, dark);
    }
}
