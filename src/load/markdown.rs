//! Markdown bodies to safe HTML.
//!
//! Record bodies are written by many hands and pasted from many places. Raw HTML inside them
//! is sanitised by default (ammonia keeps ordinary formatting and drops scripts, event
//! handlers and `javascript:` URLs); a site that trusts its authors can set `trust_html`.
//! Headings are renumbered so the body's highest heading sits right below where the theme
//! places the body (`top`): the page's `<h1>` is the record's name, and no level is skipped.
//! A link or picture whose address is not a web, mail or phone address (`javascript:`) is
//! left out, its text kept, and the build warns about it ([`checked_body`]).

use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::base::diag::{Problem, Problems, pos_of};

/// The Markdown options of every body.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_SMART_PUNCTUATION);

/// The URL schemes a link or picture in a body may use; an address without a scheme (a
/// page of the site, `#part`) is kept too.
const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether a link or picture address may be published: a relative address or one of
/// [`SCHEMES`]. Read as browsers read it: tabs and line breaks inside, and control
/// characters and spaces around, do not count (`java\tscript:` is `javascript:`).
pub(crate) fn is_allowed_address(url: &str) -> bool {
    let squeezed: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = squeezed.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme || SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// The address of a link or picture that [`to_html`] leaves out (keeping its text).
fn dropped_address<'a>(e: &'a Event) -> Option<&'a CowStr<'a>> {
    match e {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
            if !is_allowed_address(dest_url) =>
        {
            Some(dest_url)
        }
        _ => None,
    }
}

/// The events without the links and pictures whose address may not be published: the
/// link's text (the picture's description) stays, as plain text.
fn without_unsafe_links(parsed: Vec<Event>) -> Vec<Event> {
    // Whether each open link or picture is dropped; they end in the order they start.
    let mut open: Vec<bool> = Vec::new();
    let mut kept = Vec::with_capacity(parsed.len());
    for e in parsed {
        let drop = match &e {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                let drop = dropped_address(&e).is_some();
                open.push(drop);
                drop
            }
            Event::End(TagEnd::Link | TagEnd::Image) => open.pop().unwrap_or(false),
            _ => false,
        };
        if !drop {
            kept.push(e);
        }
    }
    kept
}

/// A record's Markdown `body` (the end of its file's `text`) as the model keeps it: without
/// control characters. A warning names each thing the published page will leave out: a
/// control character, a link or picture whose address is not a web, mail or phone address
/// (`javascript:`), with its line.
pub(crate) fn checked_body(file: &Path, text: &str, body: &str, out: &mut Problems) -> String {
    let clean = crate::load::fields::body_text(file, text, body, out);
    // Every link starts with `](`, `]:` or `<`; most bodies have none.
    if !(body.contains("](") || body.contains("]:") || body.contains('<')) {
        return clean;
    }
    let start = text.len().saturating_sub(body.len());
    for (e, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        if let Some(url) = dropped_address(&e) {
            let shown: String = url.chars().take(40).collect();
            out.push(
                Problem::warning(
                    file,
                    format!("the address `{shown}` is not a web, mail or phone address; the page shows the text without the link"),
                )
                .at(Some(pos_of(text, start + range.start)))
                .hint("link to an address that starts with https://, mailto: or tel:, or remove the link"),
            );
        }
    }
    clean
}

/// Sanitised HTML without what the sanitiser left invalid: an `<a>` whose address it
/// removed (`rel` without `href`) becomes its content, an `<img>` without `src` its
/// description.
fn without_empty_links(html: String) -> String {
    use lol_html::{RewriteStrSettings, element, html_content::ContentType, rewrite_str};
    if !html.contains("<a") && !html.contains("<img") {
        return html;
    }
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a:not([href])", |el| {
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_element_content_handler(element!("img:not([src])", |el| {
            let alt = el.get_attribute("alt").unwrap_or_default();
            el.replace(&alt, ContentType::Text);
            Ok(())
        }));
    // The sanitiser's output is well-formed; should the rewriter still fail, the
    // sanitised HTML (safe, if not valid) is kept.
    rewrite_str(&html, settings).unwrap_or(html)
}

fn level_of(n: usize) -> HeadingLevel {
    match n {
        0..=1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Whether an event becomes HTML the sanitiser would keep exactly as pulldown-cmark writes
/// it: elements without attributes and escaped text.
fn is_plain(e: &Event) -> bool {
    use pulldown_cmark::CodeBlockKind;
    match e {
        Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak | Event::Rule => true,
        Event::Start(t) => match t {
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(None)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::CodeBlock(CodeBlockKind::Indented) => true,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => info.is_empty(),
            _ => false,
        },
        Event::End(t) => matches!(
            t,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(None)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::CodeBlock
        ),
        _ => false,
    }
}

/// Renders `markdown`; its highest heading becomes level `top` (2 for a body placed right
/// under the page's h1, 3 for one placed under a section h2).
pub fn to_html(markdown: &str, trust_html: bool, top: usize) -> String {
    // Parsed once: the events are looked at (headings, anything to sanitise) and then
    // written, where parsing again for the writing took a third of the time.
    let parsed = without_unsafe_links(Parser::new_ext(markdown, OPTIONS).collect());
    let mut highest = usize::MAX;
    let mut plain = true;
    for e in &parsed {
        if let Event::Start(Tag::Heading { level, .. }) = e {
            highest = highest.min(*level as usize);
        }
        plain &= is_plain(e);
    }
    if highest == usize::MAX {
        highest = 1;
    }
    let shift = |l: HeadingLevel| level_of(l as usize + top - highest);
    let events = parsed.into_iter().map(|e| match e {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Text written with plain Markdown (nearly every record) has nothing to sanitise: the
    // sanitiser would only parse and re-serialise it, which costs more than the rest of the
    // load. Raw HTML, links, images, tables and code with a language go through it.
    if trust_html || plain {
        out
    } else {
        without_empty_links(
            ammonia::Builder::default()
                .url_schemes(SCHEMES.into())
                .link_rel(Some("noopener"))
                .clean(&out)
                .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_javascript_urls_are_removed() {
        let html = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            false,
            2,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn plain_markdown_renders_as_the_sanitiser_would_keep_it() {
        let md = "# Nguồn gốc\n\nMật ong *bạc hà* **Mèo Vạc** ~~cũ~~ `mã` -- \"ngon\" & <rẻ>\n\n> Trích\n\n1. Một\n2. Hai\n\n- a\n- b\n\n---\n\n    code\n";
        let fast = to_html(md, false, 2);
        let sanitised = ammonia::Builder::default()
            .url_schemes(["http", "https", "mailto", "tel"].into())
            .link_rel(Some("noopener"))
            .clean(&fast)
            .to_string();
        // Same elements and text; the sanitiser only writes some characters unescaped.
        let parse = |h: &str| scraper::Html::parse_fragment(h).root_element().html();
        assert_eq!(parse(&fast), parse(&sanitised));
        // Links and raw HTML still go through the sanitiser.
        let html = to_html("[x](https://a.vn) <b onclick=x>b</b>", false, 2);
        assert!(html.contains("rel=\"noopener\""), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn javascript_links_leave_their_text_and_no_link_element() {
        for md in [
            "Xem [liên kết](javascript:alert(1)) nhé",
            "Xem [liên kết](JaVaScRiPt:alert(1)) nhé",
            "Xem [liên kết](<java\tscript:alert(1)>) nhé",
            "Xem [liên kết](javascript&#58;alert(1)) nhé",
            "Xem [liên kết][r] nhé\n\n[r]: vbscript:x",
            "Xem <a href=\"javascript:alert(1)\" onclick=\"x\">liên kết</a> nhé",
        ] {
            let html = to_html(md, false, 2);
            assert!(html.contains("Xem liên kết nhé"), "{md}: {html}");
            assert!(!html.contains("<a"), "{md}: {html}");
            assert!(!html.contains("javascript"), "{md}: {html}");
        }
        let html = to_html(
            "![ảnh](javascript:alert(1)) <img alt=\"hai\" src=\"javascript:x\">",
            false,
            2,
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("ảnh") && html.contains("hai"), "{html}");
        // Addresses a page may link to are kept.
        let html = to_html(
            "[a](https://a.vn) [b](/san-pham/) [c](#ban-do) [d](tel:0207) [e](mailto:a@b.vn)",
            false,
            2,
        );
        assert_eq!(html.matches("<a href=").count(), 5, "{html}");
    }

    #[test]
    fn javascript_links_are_warned_about_with_their_line() {
        let text =
            "+++\nname = \"a\"\n+++\nMột\n\n[bấm](javascript:alert(1)) và [web](https://a.vn)\n";
        let body = &text[text.find("Một").unwrap()..];
        let mut out = Problems::new();
        let kept = checked_body(Path::new("content/products/a.md"), text, body, &mut out);
        assert_eq!(kept, body);
        let warnings: Vec<_> = out.iter().collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, Some(6));
        assert!(warnings[0].message.contains("javascript:alert(1)"));
    }

    #[test]
    fn trusted_html_is_kept() {
        let html = to_html("<div class=\"x\">a</div>", true, 2);
        assert!(html.contains("<div class=\"x\">"));
    }

    #[test]
    fn headings_start_below_the_page_title() {
        let html = to_html("# Nguồn gốc\n\n## Cách làm", false, 2);
        assert!(html.contains("<h2>Nguồn gốc</h2>"), "{html}");
        assert!(html.contains("<h3>Cách làm</h3>"), "{html}");
    }

    #[test]
    fn body_headings_never_skip_a_level() {
        let html = to_html("## Nguồn gốc\n\n### Cách làm", false, 2);
        assert!(html.contains("<h2>Nguồn gốc</h2>"), "{html}");
        let html = to_html("## Nguồn gốc\n\n### Cách làm", false, 3);
        assert!(html.contains("<h3>Nguồn gốc</h3>"), "{html}");
        assert!(html.contains("<h4>Cách làm</h4>"), "{html}");
    }
}
