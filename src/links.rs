//! Link checking of a built site: every internal `href`, `src` and `srcset` must resolve.
//!
//! A catalogue of thousands of pages is only as good as its links; a renamed producer or a
//! theme edit can break hundreds at once. `ocop check --links` builds the site into a
//! scratch folder and reads every page with a streaming HTML parser (lol_html), collecting
//! each internal link and testing it against the files written. External links are not
//! fetched (`--external` is for a later version).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use lol_html::{HtmlRewriter, Settings, element};
use rayon::prelude::*;

/// One link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on, relative to the output folder.
    pub page: String,
    pub link: String,
}

/// Result of checking a folder.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub pages: usize,
    pub links: usize,
    pub broken: Vec<BrokenLink>,
}

/// Checks every `.html` file below `out` whose internal links are under `base_path`.
pub fn check(out: &Path, base_path: &str) -> LinkReport {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    let results: Vec<(usize, Vec<BrokenLink>)> = pages
        .par_iter()
        .map(|page| check_page(out, page, base_path))
        .collect();
    let mut report = LinkReport {
        pages: pages.len(),
        ..LinkReport::default()
    };
    for (n, broken) in results {
        report.links += n;
        report.broken.extend(broken);
    }
    report
}

fn links_of(html: &[u8]) -> Vec<String> {
    let found = Mutex::new(Vec::new());
    let push = |v: &str| {
        if let Ok(mut f) = found.lock() {
            f.push(v.to_string());
        }
    };
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("[href]", |el| {
                if let Some(v) = el.get_attribute("href") {
                    push(&v);
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[src]", |el| {
                if let Some(v) = el.get_attribute("src") {
                    push(&v);
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[srcset]", |el| {
                if let Some(v) = el.get_attribute("srcset") {
                    for candidate in v.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            push(url);
                        }
                    }
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // A parse problem leaves the links found so far; the page is still checked.
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    found.into_inner().unwrap_or_default()
}

fn is_external(link: &str) -> bool {
    let scheme_end = link.find(':');
    let first_sep = link.find(['/', '?', '#']);
    match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c < s,
        (Some(_), None) => true,
        _ => false,
    }
}

fn check_page(out: &Path, page: &Path, base_path: &str) -> (usize, Vec<BrokenLink>) {
    let rel_page = page
        .strip_prefix(out)
        .unwrap_or(page)
        .to_string_lossy()
        .replace('\\', "/");
    let Ok(html) = std::fs::read(page) else {
        return (0, Vec::new());
    };
    let page_dir = rel_page
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    let mut n = 0;
    let mut broken = Vec::new();
    for link in links_of(&html) {
        let link = link.trim();
        if link.is_empty() || link.starts_with('#') || link.starts_with("//") || is_external(link) {
            continue;
        }
        n += 1;
        let path_part = link.split(['?', '#']).next().unwrap_or("");
        let site_rel = if let Some(abs) = path_part.strip_prefix('/') {
            match format!("/{abs}").strip_prefix(base_path) {
                Some(rest) => rest.to_string(),
                None => {
                    broken.push(BrokenLink {
                        page: rel_page.clone(),
                        link: link.to_string(),
                    });
                    continue;
                }
            }
        } else {
            normalize(&format!("{page_dir}{path_part}"))
        };
        let decoded = crate::urls::decode(&site_rel);
        if decoded.split('/').any(|s| s == "..") || !resolves(out, &decoded) {
            broken.push(BrokenLink {
                page: rel_page.clone(),
                link: link.to_string(),
            });
        }
    }
    (n, broken)
}

/// Resolves `.` and `..` segments of a relative path ("a/b/../c" → "a/c").
fn normalize(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = p.ends_with('/') || p.is_empty();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if trailing && !s.is_empty() {
        s.push('/');
    }
    s
}

fn resolves(out: &Path, rel: &str) -> bool {
    let target = out.join(rel);
    if rel.is_empty() || rel.ends_with('/') {
        target.join("index.html").is_file()
    } else {
        target.is_file() || target.join("index.html").is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_and_good_links() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("style.css"), "").unwrap();
        std::fs::write(out.join("a/index.html"), "<a href=\"/ocop/\">home</a>").unwrap();
        std::fs::write(
            out.join("index.html"),
            "<link href=\"/ocop/style.css?v=1\"><a href=\"/ocop/a/\">a</a><a href=\"a/\">rel</a>\
             <a href=\"/ocop/missing/\">x</a><img src=\"/elsewhere.png\" srcset=\"/ocop/style.css 1x, /ocop/no.png 2x\">\
             <a href=\"https://example.vn/\">ext</a><a href=\"tel:0200\">t</a><a href=\"#top\">top</a>",
        )
        .unwrap();
        let r = check(out, "/ocop/");
        assert_eq!(r.pages, 2);
        let broken: Vec<&str> = r.broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(
            broken,
            vec!["/ocop/missing/", "/elsewhere.png", "/ocop/no.png"]
        );
        assert_eq!(r.links, 8);
    }

    #[test]
    fn relative_paths_are_normalised() {
        assert_eq!(normalize("san-pham/x/../y/"), "san-pham/y/");
        assert_eq!(normalize("./a"), "a");
    }

    #[test]
    fn schemes_are_external() {
        assert!(is_external("https://x.vn/"));
        assert!(is_external("mailto:a@b.vn"));
        assert!(!is_external("/san-pham/a:b/"));
        assert!(!is_external("san-pham/"));
    }
}
