//! Editing in the browser: Decap CMS at `/admin/`, served by `ocop serve` and nowhere else.
//!
//! Provincial offices keep their catalogue without developers. Decap CMS, an established
//! open-source editor for static sites, is vendored (`vendor/decap-cms/`, MIT, its version
//! in `vendor/decap-cms/README.md`), embedded in the binary and served at `/admin/` with a
//! configuration generated from the loader's field definitions (`config`). It saves through
//! its proxy back-end protocol, which `api` answers from the content folder (`files`); a
//! save is checked against the whole site first and written only when it adds no error.
//! Nothing of this is ever written into a built site.
//!
//! Who may edit (`Gate`): a server bound to this machine (127.0.0.1, ::1) offers editing to
//! its own browser; bound to another address it offers it only when started with
//! `--allow-remote-editing`, and then only to a browser that opened the address printed at
//! start-up, whose token is exchanged for a cookie. Every request to the API must carry
//! that cookie (`SameSite=Strict`, set when `/admin/` is opened), be a same-origin JSON
//! `POST` whose `Host` is the server's own, so no other page can drive it.

pub(crate) mod api;
pub(crate) mod config;
pub(crate) mod files;

use std::sync::Mutex;

use include_dir::{Dir, include_dir};
use serde_json::json;

use crate::base::diag::Problem;
use crate::serve::http::{Body, Request, Response};
use crate::serve::incremental::Engine;

/// The editor's files, as published by its authors.
static DECAP: Dir = include_dir!("$CARGO_MANIFEST_DIR/vendor/decap-cms");

/// The editor's own page and script.
const PAGE: &str = include_str!("admin.html");
const SCRIPT: &str = include_str!("admin.js");

/// Where the editor lives on the server.
pub(crate) const PREFIX: &str = "/admin";
const COOKIE: &str = "ocop_edit";

/// Whether editing is offered, and the secret a browser must hold.
pub(crate) struct Gate {
    /// `None`: editing is off (bound to a network address without the option).
    pub token: Option<String>,
    /// Whether the browser must show the token (bound to a network address).
    pub remote: bool,
    /// The `Host` values the server answers the editor under.
    pub hosts: Vec<String>,
}

impl Gate {
    /// The gate of a server bound to `ip:port`.
    pub(crate) fn new(ip: std::net::IpAddr, port: u16, allow_remote: bool) -> Result<Gate, String> {
        let remote = !ip.is_loopback();
        let token = if remote && !allow_remote {
            None
        } else {
            let mut bytes = [0u8; 24];
            getrandom::fill(&mut bytes)
                .map_err(|e| format!("no random numbers for the editing token: {e}"))?;
            Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
        };
        let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .flat_map(|h| [format!("{h}:{port}"), h.to_string()])
            .collect();
        if remote {
            hosts.clear();
            if !ip.is_unspecified() {
                hosts.push(match ip {
                    std::net::IpAddr::V6(v) => format!("[{v}]:{port}"),
                    v4 => format!("{v4}:{port}"),
                });
            }
        }
        Ok(Gate {
            token,
            remote,
            hosts,
        })
    }

    /// The address to print for editing (with the token when it is needed).
    pub(crate) fn address(&self, site_url: &str) -> Option<String> {
        let token = self.token.as_ref()?;
        let base = format!("{}{}/", site_url.trim_end_matches('/'), PREFIX);
        Some(if self.remote {
            format!("{base}?token={token}")
        } else {
            base
        })
    }

    fn host_ok(&self, req: &Request) -> bool {
        // Bound to every address (0.0.0.0): any name the machine is reached by, with the token.
        let host = req.header("host").unwrap_or_default().to_ascii_lowercase();
        (self.remote && self.hosts.is_empty()) || self.hosts.contains(&host)
    }

    fn cookie_ok(&self, req: &Request) -> bool {
        let Some(token) = &self.token else {
            return false;
        };
        req.header("cookie").is_some_and(|c| {
            c.split(';')
                .filter_map(|kv| kv.trim().split_once('='))
                .any(|(k, v)| k == COOKIE && v == token)
        })
    }
}

/// What the editor needs from the server.
pub(crate) struct Admin<'a> {
    pub gate: &'a Gate,
    pub files: &'a files::Files,
    pub engine: &'a Mutex<Engine>,
    pub site_url: &'a str,
    pub province: Option<crate::model::refdata::ProvinceId>,
    /// The errors the site has now.
    pub baseline: Vec<Problem>,
    /// The site being served, and the site folder as the engine names it.
    pub generation: Option<&'a crate::serve::incremental::Generation>,
    pub site_root: &'a std::path::Path,
}

fn text(status: u16, body: &str) -> Response {
    Response::new(status, Body::Bytes(body.as_bytes().to_vec()))
        .header("Content-Type", "text/plain; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
}

fn json_response(status: u16, v: &serde_json::Value) -> Response {
    Response::new(status, Body::Bytes(v.to_string().into_bytes()))
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
}

/// Whether `path` is the editor's.
pub(crate) fn is_admin(path: &str) -> bool {
    path == PREFIX || path.starts_with("/admin/")
}

impl Admin<'_> {
    /// Answers a request below `/admin`.
    pub(crate) fn handle(&self, req: &Request) -> Response {
        let target = req.target.as_str();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if self.gate.token.is_none() {
            return text(
                403,
                "Sửa nội dung trên trình duyệt chỉ bật khi `ocop serve` chạy trên chính máy này (127.0.0.1).\n\
                 Để sửa qua mạng, khởi động lại với `--allow-remote-editing` và mở địa chỉ có mã (token) được in ra.\n\n\
                 Editing in the browser is on only when `ocop serve` listens on this machine (127.0.0.1).\n\
                 To edit over the network, start it with `--allow-remote-editing` and open the address with the token it prints.\n",
            );
        }
        if !self.gate.host_ok(req) {
            return text(
                421,
                "This server does not answer the editor under that host name.\n",
            );
        }
        match (req.method.as_str(), path) {
            ("GET" | "HEAD", "/admin") => text(301, "Moved.\n").header("Location", "/admin/"),
            ("GET" | "HEAD", "/admin/" | "/admin/en/") => self.page(req, path, query),
            ("GET" | "HEAD", "/admin/ocop-admin.js") => {
                Response::new(200, Body::Bytes(SCRIPT.as_bytes().to_vec()))
                    .header("Content-Type", "text/javascript; charset=utf-8")
                    .header("Cache-Control", "no-cache")
                    .header("X-Content-Type-Options", "nosniff")
            }
            ("GET" | "HEAD", "/admin/config.json") => {
                if !self.gate.cookie_ok(req) {
                    return text(403, "Open /admin/ first.\n");
                }
                let lang = if query.split('&').any(|kv| kv == "lang=en") {
                    "en"
                } else {
                    "vi"
                };
                let cx = config::Context {
                    lang,
                    site_url: self.site_url,
                    api_url: if lang == "en" {
                        "/admin/api/v1?lang=en"
                    } else {
                        "/admin/api/v1"
                    },
                    province: self.province,
                };
                json_response(200, &config::config(&cx))
            }
            ("POST", "/admin/api/v1") => self.api(req, query),
            ("GET" | "HEAD", p) if p.starts_with("/admin/xem/") => self.view(p),
            ("GET" | "HEAD", p) if p.starts_with("/admin/decap/") => {
                vendored(&p["/admin/decap/".len()..])
            }
            ("GET" | "HEAD", _) => text(404, "Not found.\n"),
            _ => text(405, "Method not allowed.\n").header("Allow", "GET, HEAD, POST"),
        }
    }

    /// The editor's page; a token in the address is exchanged for the cookie.
    fn page(&self, req: &Request, path: &str, query: &str) -> Response {
        let given = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "token")
            .map(|(_, v)| v);
        let token = self.gate.token.as_deref().unwrap_or_default();
        let cookie = format!("{COOKIE}={token}; Path=/admin/; HttpOnly; SameSite=Strict");
        if given.is_some() {
            if given != Some(token) {
                return text(403, "Wrong token: open the address `ocop serve` printed.\n");
            }
            // The token leaves the address bar (and the history) at once.
            return text(303, "See /admin/.\n")
                .header("Location", path)
                .header("Set-Cookie", &cookie);
        }
        if self.gate.remote && !self.gate.cookie_ok(req) {
            return text(
                403,
                "Mở địa chỉ có mã (token) mà `ocop serve` đã in ra khi khởi động.\nOpen the address with the token that `ocop serve` printed at start-up.\n",
            );
        }
        let lang = if path == "/admin/en/" { "en" } else { "vi" };
        let title = if lang == "en" {
            "Edit the catalogue"
        } else {
            "Sửa nội dung"
        };
        let html = PAGE.replace("{{lang}}", lang).replace("{{title}}", title);
        Response::new(200, Body::Bytes(html.into_bytes()))
            .header("Content-Type", "text/html; charset=utf-8")
            .header("Cache-Control", "no-store")
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "DENY")
            .header("Referrer-Policy", "no-referrer")
            .header("Set-Cookie", &cookie)
    }

    /// The API: only same-origin JSON requests from a browser holding the cookie.
    fn api(&self, req: &Request, query: &str) -> Response {
        let same_origin = req.header("origin").is_none_or(|o| {
            let host = req.header("host").unwrap_or_default();
            o.eq_ignore_ascii_case(&format!("http://{host}"))
                || o.eq_ignore_ascii_case(&format!("https://{host}"))
        });
        let fetch_site_ok = req
            .header("sec-fetch-site")
            .is_none_or(|s| s == "same-origin");
        let json = req
            .header("content-type")
            .is_some_and(|c| c.to_ascii_lowercase().starts_with("application/json"));
        if !self.gate.cookie_ok(req) || !same_origin || !fetch_site_ok || !json {
            return json_response(
                403,
                &json!({ "error": "Only the editor opened at /admin/ may use this." }),
            );
        }
        // The English editor's address of the API says so (see `config`).
        let lang = if query == "lang=en" { "en" } else { "vi" };
        let api = api::Api {
            files: self.files,
            engine: self.engine,
            baseline: &self.baseline,
            lang,
            now: chrono::Utc::now().format("%Y-%m-%dT%H-%M-%SZ").to_string(),
            generation: self.generation,
            site_root: self.site_root,
        };
        let answer = api.answer(&req.body);
        json_response(answer.status, &answer.body)
    }

    /// "View the page": from the editor's record to its page on the served site.
    fn view(&self, path: &str) -> Response {
        let rest = &path["/admin/xem/".len()..];
        let Some((dir, slug)) = rest.split_once('/') else {
            return text(404, "Not found.\n");
        };
        let slug = slug.trim_end_matches('/');
        let section = crate::load::Section::ALL
            .into_iter()
            .find(|s| s.dir() == dir);
        let (Some(section), true) = (section, crate::base::vietnamese::is_slug(slug)) else {
            return text(404, "Not found.\n");
        };
        use crate::load::Section as S;
        use crate::present::urls::path as p;
        let folder = match section {
            S::Products => p::PRODUCTS,
            S::Producers => p::PRODUCERS,
            S::SalesPoints => p::SALES_POINTS,
            S::Fairs => p::FAIRS,
            S::Stories => p::STORIES,
            S::Plans => p::PLANS,
            S::Pages => "",
        };
        let base = url_path(self.site_url);
        text(302, "Moved.\n").header("Location", &format!("{base}{folder}{slug}/"))
    }
}

/// The path part of an address (`http://127.0.0.1:1111/ocop/` → `/ocop/`).
fn url_path(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    match after.find('/') {
        Some(i) => after[i..].to_string(),
        None => "/".to_string(),
    }
}

/// A file of the vendored editor.
fn vendored(name: &str) -> Response {
    let plain = !name.is_empty()
        && !name.contains('/')
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    let Some(file) = DECAP.get_file(name).filter(|_| plain) else {
        return text(404, "Not found.\n");
    };
    let mime = if name.ends_with(".js") {
        "text/javascript; charset=utf-8"
    } else if name.ends_with(".wasm") {
        "application/wasm"
    } else {
        "text/plain; charset=utf-8"
    };
    Response::new(200, Body::Bytes(file.contents().to_vec()))
        .header("Content-Type", mime)
        .header("Cache-Control", "public, max-age=86400")
        .header("X-Content-Type-Options", "nosniff")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_is_vendored_with_its_licence() {
        assert!(DECAP.get_file("decap-cms.js").is_some());
        assert!(DECAP.get_file("LICENSE").is_some());
        assert_eq!(vendored("decap-cms.js").status, 200);
        for bad in ["../Cargo.toml", ".hidden", "", "a/b.js", "LICENSE%00"] {
            assert_eq!(vendored(bad).status, 404, "{bad}");
        }
    }

    #[test]
    fn the_site_path_of_an_address() {
        assert_eq!(url_path("http://127.0.0.1:1111/"), "/");
        assert_eq!(url_path("http://127.0.0.1:1111/ocop/"), "/ocop/");
        assert_eq!(url_path("http://h:1"), "/");
    }
}
