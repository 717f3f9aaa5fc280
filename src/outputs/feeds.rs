//! Machine-read outputs: the Atom feed of stories, the sitemap and robots.txt.
//!
//! These are written directly rather than through templates: their formats are fixed by
//! standards, not by a theme's look, and getting the XML escaping right once here is safer
//! than in every theme.

use crate::model::Site;
use crate::present::urls::{self, Urls, path};
use crate::present::{Presenter, iso};

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Atom feed of the stories, newest first, in the presenter's language (titles, summaries
/// and bodies in English where the story has them; its links lead to that language's pages).
pub fn atom(site: &Site, pr: &Presenter) -> String {
    let mut stories: Vec<usize> = (0..site.stories.len()).collect();
    stories.sort_by_key(|&i| std::cmp::Reverse(site.stories[i].date));
    let updated = stories
        .first()
        .map(|&i| site.stories[i].date)
        .unwrap_or(site.today);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        pr.lang.code()
    ));
    let site_title = pr.text(&site.config.title, site.config.title_en.as_ref()).0;
    x.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&pr.tr.fill("stories.feed_title", &[("site", &site_title)]))
    ));
    x.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
        xml_escape(&pr.urls.absolute(path::FEED))
    ));
    x.push_str(&format!(
        "  <link href=\"{}\"/>\n",
        xml_escape(&pr.urls.absolute(path::STORIES))
    ));
    x.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&pr.urls.absolute(path::FEED))
    ));
    x.push_str(&format!(
        "  <updated>{}T00:00:00Z</updated>\n",
        iso(updated)
    ));
    for i in stories {
        let s = &site.stories[i];
        let card = &pr.story_cards[i];
        let url = pr.urls.absolute(&urls::story(&s.common.slug));
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(&card.title)));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&url)));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        x.push_str(&format!(
            "    <updated>{}T00:00:00Z</updated>\n",
            iso(s.date)
        ));
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(s.author.as_deref().unwrap_or(&site_title))
        ));
        if !card.summary.is_empty() {
            x.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&card.summary)
            ));
        }
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&pr.story(crate::model::StoryId(i as u32)).body_html)
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// sitemap.xml of the given site-relative page paths.
pub fn sitemap(u: &Urls, paths: &[String]) -> String {
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut x = String::with_capacity(80 * paths.len() + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in sorted {
        x.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&u.absolute(p))
        ));
    }
    x.push_str("</urlset>\n");
    x
}

/// sitemap.xml of a site in several languages: each page (a path of the Vietnamese pages)
/// in every language, each entry naming its counterparts with `xhtml:link` alternates.
pub fn sitemap_languages(u: &Urls, paths: &[String], langs: &[crate::model::Lang]) -> String {
    if langs.len() < 2 {
        return sitemap(u, paths);
    }
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut x = String::with_capacity(400 * paths.len() * langs.len() + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for p in sorted {
        let alternates: String = langs
            .iter()
            .map(|l| {
                format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    l.code(),
                    xml_escape(&u.for_lang(*l).absolute(p))
                )
            })
            .collect();
        for l in langs {
            x.push_str(&format!(
                "  <url><loc>{}</loc>{alternates}</url>\n",
                xml_escape(&u.for_lang(*l).absolute(p))
            ));
        }
    }
    x.push_str("</urlset>\n");
    x
}

pub fn robots(u: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        u.absolute(path::SITEMAP)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml_escape("a & <b> \"c\" 'd'\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
    }

    #[test]
    fn sitemap_is_sorted_and_absolute() {
        let u = Urls::new("https://x.vn/ocop/", "/ocop/");
        let s = sitemap(&u, &["san-pham/".into(), "".into()]);
        let a = s.find("https://x.vn/ocop/</loc>").unwrap();
        let b = s.find("https://x.vn/ocop/san-pham/</loc>").unwrap();
        assert!(a < b);
    }
}
