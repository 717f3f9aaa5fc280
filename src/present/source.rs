//! Merged records (`[[sources]]`) as pages show them: where each came from (`page.source`,
//! the canonical address of its page) and its photos, shown from the province site.

use crate::model::federation;
use crate::present::view::{ImageView, SourceView};
use crate::present::{Presenter, date, iso};

impl Presenter<'_> {
    /// Where a merged record came from, for `page.source`.
    pub(crate) fn source_view(&self, o: &federation::Origin) -> SourceView {
        let s = self.site.source(o.source);
        let site_url = s.site_url.clone().unwrap_or_else(|| o.page.clone());
        SourceView {
            label: s.spec.label.clone(),
            title: s.title.clone().unwrap_or_else(|| s.spec.label.clone()),
            site_url,
            page: o.page.clone(),
            fetched: s.fetched.map(date).unwrap_or_default(),
            fetched_iso: s.fetched.map(iso).unwrap_or_default(),
        }
    }
}

/// A photo of a merged record, shown from the source site. Its size is not known: the
/// width and height only give the shape the page keeps for it while it loads (4:3, the
/// shape of most product photos).
pub(crate) fn remote_image(url: &str, alt: &str) -> ImageView {
    ImageView {
        url: url.to_string(),
        full: url.to_string(),
        alt: alt.to_string(),
        width: 1200,
        height: 900,
        srcset_webp: None,
        srcset_jpeg: None,
        social: Some(url.to_string()).filter(|u| !u.ends_with(".svg")),
        illustrative: false,
    }
}
