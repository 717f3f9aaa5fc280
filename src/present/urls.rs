//! The addresses of the generated site, in one place.
//!
//! Every link the site prints comes from here, so hosting under a sub-path
//! (`https://so-congthuong.example.gov.vn/ocop/`) is one setting, and the file written for a
//! page and the link pointing to it can never disagree. `path` values are relative to the
//! output folder ("san-pham/mat-ong/"); `url` values are root-relative with the base path;
//! `absolute` values carry the whole base URL.
//!
//! English pages live under `en/` with the same Vietnamese paths (`/en/san-pham/mat-ong/`),
//! so a page and its counterpart differ only by that prefix. A `Urls` made for a language
//! puts its prefix before page paths (`url`, `absolute`, `file`); files shared by every
//! language (photos, styles, the search index, data exports) use `asset` and
//! `asset_absolute`, which never have it.

use crate::model::ProducerKind;
use crate::model::refdata::Group;

#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
    /// Folder of this language's pages: `""` or `"en/"`.
    prefix: String,
}

/// Site-relative paths of sections and pages (always ending in `/` for folders).
pub mod path {
    pub const PRODUCTS: &str = "san-pham/";
    pub const PRODUCERS: &str = "chu-the/";
    pub const SALES_POINTS: &str = "diem-ban/";
    pub const FAIRS: &str = "hoi-cho/";
    pub const STORIES: &str = "cau-chuyen/";
    pub const EXPIRED: &str = "san-pham/het-han/";
    pub const FEED: &str = "cau-chuyen/atom.xml";
    pub const SITEMAP: &str = "sitemap.xml";
    /// The search page (`search.html`); its index is written under `search/`.
    pub const SEARCH: &str = "tim-kiem/";
    /// The page of data exports for distributors.
    pub const DATA: &str = "du-lieu/";
}

impl Urls {
    pub fn new(base_url: &str, base_path: &str) -> Urls {
        Urls {
            base_url: base_url.to_string(),
            base_path: base_path.to_string(),
            prefix: String::new(),
        }
    }

    /// The same site, for the pages of `lang`.
    pub fn for_lang(&self, lang: crate::model::Lang) -> Urls {
        Urls {
            prefix: lang.prefix().to_string(),
            ..self.clone()
        }
    }

    /// The language folder of page paths (`""` or `"en/"`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Output path of a page (relative to the output folder), with the language folder.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// Root-relative URL of a file shared by every language.
    pub fn asset(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// Absolute URL of a file shared by every language.
    pub fn asset_absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Root-relative URL of a page path (in this language).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base_path, self.prefix, path)
    }

    /// Absolute URL of a page path (in this language).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}{}", self.base_url, self.prefix, path)
    }

    /// Absolute URL from a root-relative one made by `url` or `asset`.
    pub fn absolute_of_url(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url.trim_start_matches('/'));
        self.asset_absolute(rel)
    }
}

pub fn product(slug: &str) -> String {
    format!("{}{slug}/", path::PRODUCTS)
}
pub fn producer(slug: &str) -> String {
    format!("{}{slug}/", path::PRODUCERS)
}
pub fn sales_point(slug: &str) -> String {
    format!("{}{slug}/", path::SALES_POINTS)
}
pub fn fair(slug: &str) -> String {
    format!("{}{slug}/", path::FAIRS)
}
pub fn story(slug: &str) -> String {
    format!("{}{slug}/", path::STORIES)
}
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}
pub fn stars(n: u8) -> String {
    format!("{}sao/{n}/", path::PRODUCTS)
}
pub fn group(g: Group) -> String {
    format!("{}nhom/{}/", path::PRODUCTS, g.slug())
}
pub fn province(slug: &str) -> String {
    format!("{}tinh/{slug}/", path::PRODUCTS)
}
pub fn products_by_kind(k: ProducerKind) -> String {
    format!("{}chu-the/{}/", path::PRODUCTS, k.slug())
}
pub fn producers_by_kind(k: ProducerKind) -> String {
    format!("{}loai/{}/", path::PRODUCERS, k.slug())
}
pub fn producers_by_province(slug: &str) -> String {
    format!("{}tinh/{slug}/", path::PRODUCERS)
}
pub fn producers_by_group(g: Group) -> String {
    format!("{}nhom/{}/", path::PRODUCERS, g.slug())
}
/// Producers whose best current rating is `n` stars.
pub fn producers_by_stars(n: u8) -> String {
    format!("{}sao/{n}/", path::PRODUCERS)
}

/// Page `n` (1-based) of a listing at `first`.
pub fn paged(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}trang/{n}/")
    }
}

/// A file name made safe for a URL path segment (percent-encoding what needs it).
pub fn encode_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes of a URL path (the reverse of `encode_segment`).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len() + 1
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The calendar file of one fair.
pub fn fair_ics_path(slug: &str) -> String {
    format!("{}{slug}/lich.ics", path::FAIRS)
}

/// The QR code of a product or producer page.
pub fn qr_path(page_path: &str) -> String {
    format!("{page_path}qr.svg")
}

/// Site-relative paths of the data exports, calendars and the feed of new products.
pub mod out {
    pub const PRODUCTS_CSV: &str = "du-lieu/products.csv";
    pub const PRODUCERS_CSV: &str = "du-lieu/producers.csv";
    pub const PRODUCTS_JSON: &str = "du-lieu/products.json";
    pub const PRODUCERS_JSON: &str = "du-lieu/producers.json";
    pub const SALES_POINTS_JSON: &str = "du-lieu/sales-points.json";
    pub const FAIRS_JSON: &str = "du-lieu/fairs.json";
    pub const FAIRS_ICS: &str = "hoi-cho/lich.ics";
    pub const NEW_PRODUCTS_FEED: &str = "san-pham/moi-cong-nhan.xml";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_is_in_every_url() {
        let u = Urls::new("https://so.example.gov.vn/ocop/", "/ocop/");
        assert_eq!(u.url(&product("mat-ong")), "/ocop/san-pham/mat-ong/");
        assert_eq!(
            u.absolute(&product("mat-ong")),
            "https://so.example.gov.vn/ocop/san-pham/mat-ong/"
        );
        assert_eq!(
            u.absolute_of_url("/ocop/san-pham/mat-ong/"),
            "https://so.example.gov.vn/ocop/san-pham/mat-ong/"
        );
    }

    #[test]
    fn english_pages_are_under_en_and_assets_are_shared() {
        let u =
            Urls::new("https://so.example.gov.vn/ocop/", "/ocop/").for_lang(crate::model::Lang::En);
        assert_eq!(u.url(&product("mat-ong")), "/ocop/en/san-pham/mat-ong/");
        assert_eq!(u.absolute(""), "https://so.example.gov.vn/ocop/en/");
        assert_eq!(u.file("san-pham/"), "en/san-pham/");
        assert_eq!(u.asset("style.css"), "/ocop/style.css");
        assert_eq!(
            u.absolute_of_url("/ocop/en/san-pham/mat-ong/"),
            "https://so.example.gov.vn/ocop/en/san-pham/mat-ong/"
        );
    }

    #[test]
    fn pagination_paths() {
        assert_eq!(paged("san-pham/", 1), "san-pham/");
        assert_eq!(paged("san-pham/", 3), "san-pham/trang/3/");
    }

    #[test]
    fn file_names_are_percent_encoded() {
        assert_eq!(encode_segment("ảnh 1.jpg"), "%E1%BA%A3nh%201.jpg");
        assert_eq!(decode("%E1%BA%A3nh%201.jpg"), "ảnh 1.jpg");
        assert_eq!(decode("100%"), "100%");
    }
}
