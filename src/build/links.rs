//! Link checking of a built site: every internal `href`, `src` and `srcset` must resolve.
//!
//! A catalogue of thousands of pages is only as good as its links; a renamed producer or a
//! theme edit can break hundreds at once. `ocop check --links` builds the site into a
//! scratch folder and reads every page with a streaming HTML parser (lol_html), collecting
//! each internal link and testing it against the files written. Absolute links into the
//! site itself (canonical and Open Graph addresses) are checked against the output too.
//! Links to other sites are only collected; `ocop check --links --external` then asks each
//! distinct address once over the network (see [`check_external`]), because a dead supplier
//! website or a moved government page is worth knowing about but must never make an
//! offline build fail. Content is written by many hands, so that check never connects to
//! this machine or a private network (see [`is_public`]) unless the office asks for it.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use lol_html::{HtmlRewriter, Settings, element};
use rayon::prelude::*;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

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
    /// Every `http(s)` link to another site, with the pages it is on (sorted, distinct).
    pub external: BTreeMap<String, Vec<String>>,
}

/// Checks every `.html` file below `out`. `base` is the site's address (`https://host/ocop/`)
/// or just its path (`/ocop/`); internal links must stay under it.
pub fn check(out: &Path, base: &str) -> LinkReport {
    let base = Base::new(base);
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    let results: Vec<PageResult> = pages
        .par_iter()
        .map(|page| check_page(out, page, &base))
        .collect();
    let mut report = LinkReport {
        pages: pages.len(),
        ..LinkReport::default()
    };
    for r in results {
        report.links += r.checked;
        report.broken.extend(r.broken);
        for (url, page) in r.external {
            let pages = report.external.entry(url).or_default();
            if pages.last() != Some(&page) {
                pages.push(page);
            }
        }
    }
    for pages in report.external.values_mut() {
        pages.sort();
        pages.dedup();
    }
    report
}

/// The site's own address, split for matching links against it.
struct Base {
    /// `https://host` without the path, empty when only a path was given.
    origin: String,
    /// `/` or `/ocop/`.
    path: String,
}

impl Base {
    fn new(base: &str) -> Base {
        let scheme_end = base.find("://").map(|i| i + 3);
        match scheme_end {
            Some(start) => {
                let path_start = base[start..].find('/').map_or(base.len(), |i| start + i);
                let mut path = base[path_start..].to_string();
                if !path.ends_with('/') {
                    path.push('/');
                }
                Base {
                    origin: base[..path_start].to_string(),
                    path,
                }
            }
            None => Base {
                origin: String::new(),
                path: base.to_string(),
            },
        }
    }

    /// `https://host/ocop/a/` → `/ocop/a/` when the link points into the site itself.
    fn own_path<'a>(&self, link: &'a str) -> Option<&'a str> {
        if self.origin.is_empty() {
            return None;
        }
        let rest = link.strip_prefix(self.origin.as_str())?;
        let path = rest.split(['?', '#']).next().unwrap_or("");
        // The same host outside the base path (the rest of a provincial portal) is another site.
        let inside = format!("{path}/").starts_with(self.path.as_str())
            || (path.is_empty() && self.path == "/");
        inside.then_some(rest)
    }
}

/// What one page contributed.
struct PageResult {
    checked: usize,
    broken: Vec<BrokenLink>,
    /// (address, page) of each `http(s)` link to another site.
    external: Vec<(String, String)>,
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

fn check_page(out: &Path, page: &Path, base: &Base) -> PageResult {
    let rel_page = page
        .strip_prefix(out)
        .unwrap_or(page)
        .to_string_lossy()
        .replace('\\', "/");
    let mut result = PageResult {
        checked: 0,
        broken: Vec::new(),
        external: Vec::new(),
    };
    let Ok(html) = std::fs::read(page) else {
        return result;
    };
    let page_dir = rel_page
        .rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default();
    for link in links_of(&html) {
        let link = link.trim();
        if link.is_empty() || link.starts_with('#') {
            continue;
        }
        let internal = match base.own_path(link) {
            Some(own) => own,
            None if link.starts_with("//") => {
                result
                    .external
                    .push((format!("https:{link}"), rel_page.clone()));
                continue;
            }
            None if is_external(link) => {
                let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
                if lower.starts_with("http://") || lower.starts_with("https://") {
                    result.external.push((link.to_string(), rel_page.clone()));
                }
                continue;
            }
            None => link,
        };
        result.checked += 1;
        let path_part = internal.split(['?', '#']).next().unwrap_or("");
        let site_rel = if let Some(abs) = path_part.strip_prefix('/') {
            match format!("/{abs}").strip_prefix(base.path.as_str()) {
                Some(rest) => rest.to_string(),
                None => {
                    result.broken.push(BrokenLink {
                        page: rel_page.clone(),
                        link: link.to_string(),
                    });
                    continue;
                }
            }
        } else if internal.len() != link.len() {
            // `https://host` alone: the home page.
            String::new()
        } else {
            normalize(&format!("{page_dir}{path_part}"))
        };
        let decoded = crate::present::urls::decode(&site_rel);
        if decoded.split('/').any(|s| s == "..") || !resolves(out, &decoded) {
            result.broken.push(BrokenLink {
                page: rel_page.clone(),
                link: link.to_string(),
            });
        }
    }
    result
}

/// The answer of another site for one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalProblem {
    pub url: String,
    /// What went wrong: `HTTP 404`, `timed out`, `connection refused`..., or why the
    /// address was not asked (`skipped`).
    pub reason: String,
    /// Pages the link is on (relative to the output folder).
    pub pages: Vec<String>,
    /// The address was not asked because it is (or leads to) a private address; not a
    /// broken link.
    pub skipped: bool,
}

/// How external links are asked for.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Per address, for the whole exchange including redirects.
    pub timeout: Duration,
    /// Addresses asked at the same time.
    pub parallel: usize,
    /// Also ask addresses of this machine and of private networks (`--external-private`);
    /// by default they are skipped (see [`is_public`]).
    pub private: bool,
}

impl Default for ExternalOptions {
    fn default() -> ExternalOptions {
        ExternalOptions {
            timeout: Duration::from_secs(15),
            parallel: 8,
            private: false,
        }
    }
}

/// Whether `ip` is an address of the public internet, the only kind a link check asks by
/// default. Content is written by many hands; a link to `http://127.0.0.1:8080/admin`,
/// `http://192.168.1.1/` or the cloud metadata address `169.254.169.254` would otherwise
/// make the machine running the check send requests inside its own network. Not public:
/// unspecified, loopback, private (RFC 1918, fc00::/7), shared CGNAT (100.64/10),
/// link-local (169.254/16, fe80::/10), multicast, broadcast, reserved and documentation
/// ranges, and IPv6 forms that carry such an IPv4 address (mapped, NAT64, 6to4).
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let special = a == 0                                  // "this network", 0.0.0.0
        || a == 10                                        // private
        || a == 127                                       // loopback
        || (a == 100 && (64..128).contains(&b))           // shared address space (CGNAT)
        || (a == 169 && b == 254)                         // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))            // private
        || (a == 192 && b == 168)                         // private
        || (a == 192 && b == 0 && c == 0)                 // protocol assignments
        || (a == 192 && b == 0 && c == 2)                 // documentation
        || (a == 198 && (18..20).contains(&b))            // benchmarking
        || (a == 198 && b == 51 && c == 100)              // documentation
        || (a == 203 && b == 0 && c == 113)               // documentation
        || a >= 224; // multicast, reserved, broadcast
    !special
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    // IPv4-compatible (::a.b.c.d; `::` and `::1` become 0.0.0.x, not public) and NAT64
    // (64:ff9b::a.b.c.d).
    if s[..6] == [0; 6] || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(v4(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        // 6to4: the IPv4 address follows the prefix.
        return is_public_v4(v4(s[1], s[2]));
    }
    let special = (s[0] & 0xfe00) == 0xfc00          // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80                  // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0                  // old site-local fec0::/10
        || (s[0] & 0xff00) == 0xff00                  // multicast
        || (s[0] == 0x2001 && s[1] == 0x0db8); // documentation
    !special
}

/// Whether `host` names this machine whatever DNS says (`localhost`, `x.localhost`).
fn is_local_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost")
}

/// Why an address was not asked: it is, or its name resolves to, a private address.
#[derive(Debug)]
struct PrivateAddress(String);

impl std::fmt::Display for PrivateAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for PrivateAddress {}

/// Name resolution for the link check that refuses private addresses. Every connection
/// (the first request and each redirect) resolves its host here, and connects only to the
/// addresses returned, so neither a redirect nor a name that changes its answer between
/// two look-ups can lead to a private address.
#[derive(Debug, Default)]
struct PublicOnly {
    inner: DefaultResolver,
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or("");
        let refuse = |what: String| {
            ureq::Error::Io(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                PrivateAddress(what),
            ))
        };
        if is_local_name(host) {
            return Err(refuse(format!("`{host}` is this machine")));
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        match addrs.iter().find(|a| !is_public(a.ip())) {
            Some(a) => Err(refuse(format!(
                "`{host}` is the private address {}",
                a.ip()
            ))),
            None => Ok(addrs),
        }
    }
}

/// The agent that asks external addresses: no proxy from the environment (the proxy, not
/// this machine, would choose where to connect, past the private-address check), at most
/// 5 redirects, each resolved by [`PublicOnly`] unless `opts.private`.
fn agent(opts: &ExternalOptions) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .proxy(None)
        .user_agent(concat!("ocop-link-check/", env!("CARGO_PKG_VERSION")))
        .build();
    if opts.private {
        ureq::Agent::new_with_config(config)
    } else {
        ureq::Agent::with_parts(config, DefaultConnector::default(), PublicOnly::default())
    }
}

/// Asks every distinct external address of `report` once, in parallel: a `HEAD` request,
/// retried as `GET` when the server refuses `HEAD` (many do), following up to 5 redirects.
/// Returns the addresses that did not answer with a success, and (`skipped`) those not
/// asked because they are or lead to private addresses, in address order.
pub fn check_external(report: &LinkReport, opts: &ExternalOptions) -> Vec<ExternalProblem> {
    let agent = agent(opts);
    let urls: Vec<(&String, &Vec<String>)> = report.external.iter().collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.parallel.max(1))
        .build();
    let ask = || -> Vec<ExternalProblem> {
        urls.par_iter()
            .filter_map(|(url, pages)| {
                let (reason, skipped) = match ask_one(&agent, url) {
                    Ok(()) => return None,
                    Err(Failure::Skipped(why)) => {
                        (format!("skipped: private address ({why})"), true)
                    }
                    Err(Failure::Failed(why)) => (why, false),
                };
                Some(ExternalProblem {
                    url: (*url).clone(),
                    reason,
                    pages: (*pages).clone(),
                    skipped,
                })
            })
            .collect()
    };
    match pool {
        Ok(pool) => pool.install(ask),
        Err(_) => ask(),
    }
}

/// Why an address did not answer with a success.
enum Failure {
    Skipped(String),
    Failed(String),
}

fn ask_one(agent: &ureq::Agent, url: &str) -> Result<(), Failure> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(ureq::Error::Timeout(_)) => Err(Failure::Failed("timed out".to_string())),
        Err(ureq::Error::Io(e)) => {
            match e.get_ref().and_then(|i| i.downcast_ref::<PrivateAddress>()) {
                Some(p) => Err(Failure::Skipped(p.to_string())),
                None => Err(Failure::Failed(e.to_string())),
            }
        }
        Err(e) => Err(Failure::Failed(e.to_string())),
    };
    let code = status(agent.head(url).call())?;
    // Servers that do not implement HEAD (405, 501) or refuse it (403) get a GET.
    let code = if matches!(code, 403 | 405 | 501) {
        status(agent.get(url).call())?
    } else {
        code
    };
    if (200..300).contains(&code) {
        Ok(())
    } else {
        Err(Failure::Failed(format!("HTTP {code}")))
    }
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
    fn absolute_links_into_the_site_are_internal_and_others_collected() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(
            out.join("index.html"),
            "<link rel=canonical href=\"https://so.vn/ocop/\"><a href=\"https://so.vn/ocop/x/\">x</a>\
             <a href=\"https://so.vn/khac/\">other</a><a href=\"//cdn.vn/a.js\">cdn</a>\
             <a href=\"https://so.vn/ocopx\">not ours</a><a href=\"mailto:a@b.vn\">m</a>",
        )
        .unwrap();
        let r = check(out, "https://so.vn/ocop/");
        let broken: Vec<&str> = r.broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(broken, vec!["https://so.vn/ocop/x/"]);
        let external: Vec<&str> = r.external.keys().map(String::as_str).collect();
        assert_eq!(
            external,
            vec![
                "https://cdn.vn/a.js",
                "https://so.vn/khac/",
                "https://so.vn/ocopx"
            ]
        );
    }

    #[test]
    fn relative_paths_are_normalised() {
        assert_eq!(normalize("san-pham/x/../y/"), "san-pham/y/");
        assert_eq!(normalize("./a"), "a");
    }

    #[test]
    fn only_public_internet_addresses_are_public() {
        let private = [
            "0.0.0.0",
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.1",
            "::",
            "::1",
            "::127.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "2001:db8::1",
        ];
        for ip in private {
            assert!(!is_public(ip.parse().unwrap()), "{ip} counted as public");
        }
        let public = [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "172.15.255.255",
            "100.128.0.1",
            "100.63.255.255",
            "169.255.0.1",
            "203.113.131.1",
            "2001:4860:4860::8888",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "2002:808:808::1",
        ];
        for ip in public {
            assert!(is_public(ip.parse().unwrap()), "{ip} counted as private");
        }
        assert!(is_local_name("localhost") && is_local_name("LOCALHOST."));
        assert!(is_local_name("admin.localhost") && !is_local_name("localhost.vn"));
    }

    #[test]
    fn every_connection_is_refused_a_private_address() {
        // The resolver is what each request and each redirect connects through.
        let resolve = |url: &str| {
            let uri: ureq::http::Uri = url.parse().unwrap();
            let config = ureq::config::Config::default();
            PublicOnly::default().resolve(&uri, &config, NextTimeout::default())
        };
        for url in [
            "http://127.0.0.1:8080/admin",
            "http://localhost/",
            "https://x.localhost/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://2130706433/",
        ] {
            match resolve(url) {
                Err(ureq::Error::Io(e)) => assert!(
                    e.get_ref().is_some_and(|i| i.is::<PrivateAddress>()),
                    "{url}: {e}"
                ),
                other => panic!("{url}: {other:?}"),
            }
        }
        // An address written as a number needs no name look-up: no network here.
        assert!(resolve("http://8.8.8.8/").is_ok());
    }

    #[test]
    fn schemes_are_external() {
        assert!(is_external("https://x.vn/"));
        assert!(is_external("mailto:a@b.vn"));
        // A map app link is left alone: neither checked as a file nor asked for.
        assert!(is_external(
            "geo:22.34760,105.38510?q=22.34760,105.38510(C%E1%BB%ADa%20h%C3%A0ng)"
        ));
        assert!(!is_external("/san-pham/a:b/"));
        assert!(!is_external("san-pham/"));
    }
}
