//! The one Atom writer: the stories feed of each language and the feed of newly certified
//! products are both an `Atom` value written here, so the XML and its escaping are right
//! in one place. Their words come from the theme's translation files, like every other
//! interface text.

use chrono::NaiveDate;

use crate::base::xml::escape as xml_escape;
use crate::present::iso;

/// A feed: its language, title, own address, the page it follows, and its entries.
pub(crate) struct Atom {
    pub lang: &'static str,
    pub title: String,
    pub self_url: String,
    /// The page whose news the feed carries.
    pub page_url: String,
    pub updated: NaiveDate,
    pub entries: Vec<Entry>,
}

/// One entry of a feed.
pub(crate) struct Entry {
    pub title: String,
    pub url: String,
    pub id: String,
    pub updated: NaiveDate,
    pub author: String,
    /// Left out when `None`.
    pub summary: Option<String>,
    /// HTML of the whole article, when the feed carries it.
    pub content_html: Option<String>,
}

impl Atom {
    /// The feed as an XML document.
    pub(crate) fn write(&self) -> String {
        let mut x = String::new();
        x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            self.lang
        ));
        x.push_str(&format!("  <title>{}</title>\n", xml_escape(&self.title)));
        x.push_str(&format!(
            "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n",
            xml_escape(&self.self_url)
        ));
        x.push_str(&format!(
            "  <link href=\"{}\"/>\n",
            xml_escape(&self.page_url)
        ));
        x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self.self_url)));
        x.push_str(&format!(
            "  <updated>{}T00:00:00Z</updated>\n",
            iso(self.updated)
        ));
        for e in &self.entries {
            e.write(&mut x);
        }
        x.push_str("</feed>\n");
        x
    }
}

impl Entry {
    fn write(&self, x: &mut String) {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(&self.title)));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&self.url)));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&self.id)));
        x.push_str(&format!(
            "    <updated>{}T00:00:00Z</updated>\n",
            iso(self.updated)
        ));
        x.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml_escape(&self.author)
        ));
        if let Some(s) = &self.summary {
            x.push_str(&format!("    <summary>{}</summary>\n", xml_escape(s)));
        }
        if let Some(html) = &self.content_html {
            x.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                xml_escape(html)
            ));
        }
        x.push_str("  </entry>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_escapes_every_text_and_leaves_out_what_an_entry_lacks() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let feed = Atom {
            lang: "vi",
            title: "Mật & ong".into(),
            self_url: "https://x.vn/a.xml".into(),
            page_url: "https://x.vn/".into(),
            updated: day,
            entries: vec![Entry {
                title: "<b>".into(),
                url: "https://x.vn/p/".into(),
                id: "https://x.vn/p/#1".into(),
                updated: day,
                author: "HTX".into(),
                summary: None,
                content_html: Some("<p>x</p>".into()),
            }],
        };
        let x = feed.write();
        assert!(x.contains("<title>Mật &amp; ong</title>"));
        assert!(x.contains("<title>&lt;b&gt;</title>"));
        assert!(x.contains("<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content>"));
        assert!(!x.contains("<summary>"));
        assert!(x.ends_with("</feed>\n"));
    }
}
