//! Markdown bodies to safe HTML.
//!
//! Record bodies are written by many hands and pasted from many places. Raw HTML inside them
//! is sanitised by default (ammonia keeps ordinary formatting and drops scripts, event
//! handlers and `javascript:` URLs); a site that trusts its authors can set `trust_html`.
//! Headings are renumbered so the body's highest heading sits right below where the theme
//! places the body (`top`): the page's `<h1>` is the record's name, and no level is skipped.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

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
    let opts =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    // Parsed once: the events are looked at (headings, anything to sanitise) and then
    // written, where parsing again for the writing took a third of the time.
    let parsed: Vec<Event> = Parser::new_ext(markdown, opts).collect();
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
        ammonia::Builder::default()
            .url_schemes(["http", "https", "mailto", "tel"].into())
            .link_rel(Some("noopener"))
            .clean(&out)
            .to_string()
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
