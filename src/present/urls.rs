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
pub(crate) mod path {
    pub(crate) const PRODUCTS: &str = "san-pham/";
    pub(crate) const PRODUCERS: &str = "chu-the/";
    pub(crate) const SALES_POINTS: &str = "diem-ban/";
    pub(crate) const FAIRS: &str = "hoi-cho/";
    pub(crate) const STORIES: &str = "cau-chuyen/";
    pub(crate) const EXPIRED: &str = "san-pham/het-han/";
    pub(crate) const FEED: &str = "cau-chuyen/atom.xml";
    pub(crate) const SITEMAP: &str = "sitemap.xml";
    /// The search page (`search.html`); its index is written under `search/`.
    pub(crate) const SEARCH: &str = "tim-kiem/";
    /// The page of data exports for distributors.
    pub(crate) const DATA: &str = "du-lieu/";
    /// What OCOP star ratings mean, which every star links to: the theme's page, or the
    /// site's own free page of this address (`content/pages/sao-ocop.md`) in its place.
    pub(crate) const RATINGS: &str = "sao-ocop/";
    /// The catalogue's figures and charts.
    pub(crate) const STATISTICS: &str = "thong-ke/";
    /// The yearly OCOP plans, each at `ke-hoach/SLUG/`.
    pub(crate) const PLANS: &str = "ke-hoach/";
    /// What changed in the catalogue between builds ("Thay đổi gần đây").
    pub(crate) const CHANGES: &str = "thay-doi/";
    /// Its Atom feed; each province's is `thay-doi/PROVINCE.xml`.
    pub(crate) const CHANGES_FEED: &str = "thay-doi/atom.xml";
}

/// The Atom feed of the changes of one province (by its slug).
pub(crate) fn changes_feed(province_slug: &str) -> String {
    format!("{}{province_slug}.xml", path::CHANGES)
}

impl Urls {
    pub(crate) fn new(base_url: &str, base_path: &str) -> Urls {
        Urls {
            base_url: base_url.to_string(),
            base_path: base_path.to_string(),
            prefix: String::new(),
        }
    }

    /// The same site, for the pages of `lang`.
    pub(crate) fn for_lang(&self, lang: crate::model::Lang) -> Urls {
        Urls {
            prefix: lang.prefix().to_string(),
            ..self.clone()
        }
    }

    /// Output path of a page (relative to the output folder), with the language folder.
    pub(crate) fn file(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// Root-relative URL of a file shared by every language.
    pub(crate) fn asset(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// Absolute URL of a file shared by every language.
    pub(crate) fn asset_absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub(crate) fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Root-relative URL of a page path (in this language).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base_path, self.prefix, path)
    }

    /// Absolute URL of a page path (in this language).
    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{}{}", self.base_url, self.prefix, path)
    }

    /// Absolute URL from a root-relative one made by `url` or `asset`.
    pub(crate) fn absolute_of_url(&self, url: &str) -> String {
        // Already absolute: a merged record's photo on its province's site.
        if url.starts_with("https://") || url.starts_with("http://") {
            return url.to_string();
        }
        let rel = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url.trim_start_matches('/'));
        self.asset_absolute(rel)
    }
}

pub(crate) fn product(slug: &str) -> String {
    format!("{}{slug}/", path::PRODUCTS)
}
pub(crate) fn producer(slug: &str) -> String {
    format!("{}{slug}/", path::PRODUCERS)
}
pub(crate) fn sales_point(slug: &str) -> String {
    format!("{}{slug}/", path::SALES_POINTS)
}
pub(crate) fn fair(slug: &str) -> String {
    format!("{}{slug}/", path::FAIRS)
}
pub(crate) fn story(slug: &str) -> String {
    format!("{}{slug}/", path::STORIES)
}
pub(crate) fn year_plan(slug: &str) -> String {
    format!("{}{slug}/", path::PLANS)
}
pub(crate) fn page(slug: &str) -> String {
    format!("{slug}/")
}
pub(crate) fn stars(n: u8) -> String {
    format!("{}sao/{n}/", path::PRODUCTS)
}
pub(crate) fn group(g: Group) -> String {
    format!("{}nhom/{}/", path::PRODUCTS, g.slug())
}
pub(crate) fn province(slug: &str) -> String {
    format!("{}tinh/{slug}/", path::PRODUCTS)
}
pub(crate) fn products_by_kind(k: ProducerKind) -> String {
    format!("{}chu-the/{}/", path::PRODUCTS, k.slug())
}
pub(crate) fn producers_by_kind(k: ProducerKind) -> String {
    format!("{}loai/{}/", path::PRODUCERS, k.slug())
}
pub(crate) fn producers_by_province(slug: &str) -> String {
    format!("{}tinh/{slug}/", path::PRODUCERS)
}
pub(crate) fn producers_by_group(g: Group) -> String {
    format!("{}nhom/{}/", path::PRODUCERS, g.slug())
}
/// Producers whose best current rating is `n` stars.
pub(crate) fn producers_by_stars(n: u8) -> String {
    format!("{}sao/{n}/", path::PRODUCERS)
}

/// Page `n` (1-based) of a listing at `first`.
pub(crate) fn paged(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}trang/{n}/")
    }
}

/// A file name made safe for a URL path segment (percent-encoding what needs it).
pub(crate) fn encode_segment(name: &str) -> String {
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

/// A product's decision PDF, beside its page: the output file (the name as it is; its
/// address is the same path with the name percent-encoded, `present::document_url`).
pub(crate) fn document_file(slug: &str, name: &str) -> String {
    format!("{}{slug}/{name}", path::PRODUCTS)
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
pub(crate) fn fair_ics_path(slug: &str) -> String {
    format!("{}{slug}/lich.ics", path::FAIRS)
}

/// Site-relative paths of the data exports, calendars and the feed of new products.
pub(crate) mod out {
    pub(crate) const PRODUCTS_CSV: &str = "du-lieu/products.csv";
    pub(crate) const PRODUCERS_CSV: &str = "du-lieu/producers.csv";
    pub(crate) const PRODUCTS_JSON: &str = "du-lieu/products.json";
    pub(crate) const PRODUCERS_JSON: &str = "du-lieu/producers.json";
    pub(crate) const SALES_POINTS_JSON: &str = "du-lieu/sales-points.json";
    pub(crate) const FAIRS_JSON: &str = "du-lieu/fairs.json";
    /// The change log of the catalogue (`ocop-changes/1`).
    pub(crate) const CHANGES_JSON: &str = "du-lieu/thay-doi.json";
    pub(crate) const FAIRS_ICS: &str = "hoi-cho/lich.ics";
    pub(crate) const NEW_PRODUCTS_FEED: &str = "san-pham/moi-cong-nhan.xml";
    /// The buyer's CSV twins of the workbook's sheets: Vietnamese headings and labels.
    pub(crate) const PRODUCTS_CSV_VI: &str = "du-lieu/san-pham.csv";
    pub(crate) const PRODUCERS_CSV_VI: &str = "du-lieu/chu-the.csv";
    pub(crate) const SALES_POINTS_CSV_VI: &str = "du-lieu/diem-ban.csv";

    /// The figures of the statistics page as CSV, with the headings of a language:
    /// `du-lieu/thong-ke.csv` in Vietnamese, `du-lieu/statistics.csv` in English.
    pub(crate) fn statistics_csv(lang: crate::model::Lang) -> String {
        match lang {
            crate::model::Lang::Vi => "du-lieu/thong-ke.csv".to_string(),
            _ => "du-lieu/statistics.csv".to_string(),
        }
    }

    /// The targets and results of the plan `slug` as CSV, with the headings of a language:
    /// `du-lieu/ke-hoach-2026.csv` in Vietnamese, `du-lieu/plan-2026.csv` in English.
    pub(crate) fn plan_csv(slug: &str, lang: crate::model::Lang) -> String {
        match lang {
            crate::model::Lang::Vi => format!("du-lieu/ke-hoach-{slug}.csv"),
            _ => format!("du-lieu/plan-{slug}.csv"),
        }
    }

    /// The buyer's workbook of a language: `du-lieu/danh-muc-ocop.xlsx` in Vietnamese,
    /// `du-lieu/danh-muc-ocop-en.xlsx` in English.
    pub(crate) fn workbook(lang: crate::model::Lang) -> String {
        match lang {
            crate::model::Lang::Vi => "du-lieu/danh-muc-ocop.xlsx".to_string(),
            l => format!("du-lieu/danh-muc-ocop-{}.xlsx", l.code()),
        }
    }
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
