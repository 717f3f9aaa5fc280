//! Pages without their templates' indentation.
//!
//! A national catalogue writes tens of thousands of pages, and on an ordinary disk, and over
//! a province's upload link, their bytes are the build's cost. Templates are indented to be
//! read; a browser collapses that whitespace anyway. So every page leaves the renderer with
//! the spaces and tabs at the start of each line, and its blank lines, removed (about 6 % of
//! a product page), except inside `<pre>` and `<textarea>`, whose whitespace is content.
//! A line break stays wherever there was one, so nothing that whitespace separated is
//! joined.

/// `html` without indentation and blank lines outside `<pre>` and `<textarea>`.
pub(crate) fn compact(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let verbatim_anywhere = has_verbatim_tag(html);
    let mut verbatim = false;
    for line in html.split_inclusive(|&b| b == b'\n') {
        let kept = if verbatim {
            line
        } else {
            let start = line
                .iter()
                .position(|&b| b != b' ' && b != b'\t')
                .unwrap_or(line.len());
            &line[start..]
        };
        if !verbatim && (kept == b"\n" || kept == b"\r\n") {
            continue;
        }
        out.extend_from_slice(kept);
        if verbatim_anywhere {
            verbatim = verbatim_after(line, verbatim);
        }
    }
    out
}

/// Whether `html` has a `<pre>` or `<textarea>` tag, opening or closing (any case): one pass
/// over the page, which most pages end without finding one.
fn has_verbatim_tag(html: &[u8]) -> bool {
    html.iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'<')
        .any(|(i, _)| verbatim_tag_at(html, i).is_some())
}

/// At `i` (a `<`), a `<pre>` or `<textarea>` tag opening (`Some(true)`) or closing.
fn verbatim_tag_at(html: &[u8], i: usize) -> Option<bool> {
    tag_at(html, i, b"pre").or_else(|| tag_at(html, i, b"textarea"))
}

/// At `i` (a `<`), the tag `name` opening (`Some(true)`) or closing (`Some(false)`).
fn tag_at(html: &[u8], i: usize, name: &[u8]) -> Option<bool> {
    let rest = &html[i + 1..];
    let (closing, rest) = match rest.first() {
        Some(b'/') => (true, &rest[1..]),
        _ => (false, rest),
    };
    let word = rest.get(..name.len())?;
    let after = rest.get(name.len()).copied().unwrap_or(b'>');
    (word.eq_ignore_ascii_case(name) && matches!(after, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'))
        .then_some(!closing)
}

/// Whether the next line starts inside `<pre>` or `<textarea>`, given this line and whether
/// it started inside one.
fn verbatim_after(line: &[u8], mut verbatim: bool) -> bool {
    for (i, _) in line.iter().enumerate().filter(|&(_, &b)| b == b'<') {
        if let Some(open) = verbatim_tag_at(line, i) {
            verbatim = open;
        }
    }
    verbatim
}

#[cfg(test)]
mod tests {
    use super::compact;

    fn c(s: &str) -> String {
        String::from_utf8(compact(s.as_bytes())).unwrap()
    }

    #[test]
    fn indentation_and_blank_lines_go() {
        assert_eq!(
            c("<ul>\n  <li>a</li>\n\n    <li>b</li>\n</ul>\n"),
            "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_line_break_between_words_stays() {
        assert_eq!(c("<p>one\n   two</p>"), "<p>one\ntwo</p>");
    }

    #[test]
    fn preformatted_text_keeps_its_whitespace() {
        let html =
            "<div>\n  <pre><code>fn main() {\n    x();\n\n}\n</code></pre>\n  <p>a</p>\n</div>\n";
        assert_eq!(
            c(html),
            "<div>\n<pre><code>fn main() {\n    x();\n\n}\n</code></pre>\n<p>a</p>\n</div>\n"
        );
        let area = "<form>\n  <TEXTAREA name=x>\n  kept\n</TEXTAREA>\n  <p>b</p>\n</form>";
        assert_eq!(
            c(area),
            "<form>\n<TEXTAREA name=x>\n  kept\n</TEXTAREA>\n<p>b</p>\n</form>"
        );
    }

    #[test]
    fn words_that_start_like_the_tags_are_not_them() {
        assert_eq!(c("<preview>\n  x\n</preview>"), "<preview>\nx\n</preview>");
    }
}
