//! `ocop serve`: the site over HTTP while it is being edited.
//!
//! Offices edit content and want to see it at once. This builds the site in memory
//! (`incremental`), serves it over HTTP (`http`: a thread per connection, bounded, with
//! timeouts, and an accept loop that survives running out of file descriptors), rebuilds
//! after every save (`watch`) and makes the open browser tabs reload: in serve mode, and
//! only there, each HTML page gets a small script that long-polls `/__ocop/wait` and
//! reloads when the site changed. A content error does not stop the server: pages show the problems, as
//! `ocop check` words them, until the next good save.
//!
//! Only files of the built site are served. A request path is decoded and checked before
//! anything is looked up: `..`, `.`, empty segments, backslashes and NUL bytes are refused,
//! and lookups go to the in-memory table of output files, never to a path made from the
//! request. Files kept on disk (photos in the cache, `static/`, SVG illustrations) are read
//! only when they are regular files inside the site folder, also when reached through a
//! symbolic link.

pub(crate) mod admin;
pub(crate) mod generation;
pub(crate) mod http;
pub mod incremental;
pub(crate) mod watch;

use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use chrono::NaiveDate;

use crate::base::diag::Problems;
use crate::serve::http::{Request, Response};
use crate::serve::incremental::{Body, Changes, Engine, Generation, Options, Rebuilt, Work};
use crate::serve::watch::{Next, Watcher};

/// The live-reload script, served at [`LIVE_JS`].
const LIVE_SCRIPT: &str = include_str!("live.js");
pub(crate) const LIVE_JS: &str = "/__ocop/live.js";
pub(crate) const WAIT: &str = "/__ocop/wait";
/// How long after a rebuild the server waits, with no new change, before it prepares the
/// next one: long enough for open tabs to have reloaded.
const IDLE: Duration = Duration::from_millis(300);
/// How long a long-poll request is held before it is answered "nothing new".
const POLL_HOLD: Duration = Duration::from_secs(20);
/// Sets the idle and write timeouts of the server, in milliseconds (for tests).
pub(crate) const TIMEOUT_VAR: &str = "OCOP_SERVE_TIMEOUT_MS";

#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub today: NaiveDate,
    pub drafts: bool,
    /// Offer editing at `/admin/` when bound to a network address (with a token).
    pub allow_remote_editing: bool,
}

/// What the server shows now.
struct State {
    /// Bumped by every rebuild, good or bad; open tabs reload when it changes.
    number: u64,
    /// The last good build.
    site: Option<Arc<Generation>>,
    /// Set while the sources have errors.
    errors: Option<Problems>,
}

impl State {
    /// The path the site is served under: that of its `base_url` (`/`, `/ocop/`).
    fn base_path(&self) -> String {
        self.site
            .as_ref()
            .map(|g| g.site().config.base_path())
            .unwrap_or_else(|| "/".to_string())
    }
}

/// What every connection of the server shares: the state being served, the number the live
/// reload waits on, and the site folder.
struct Live {
    state: RwLock<Arc<State>>,
    /// The number of the state being served, for the long polls to wait on.
    number: Mutex<u64>,
    changed: Condvar,
    /// The site folder, canonical: files on disk are served only from inside it.
    root: PathBuf,
    /// The editor at `/admin/`: who may use it, the content folder it edits, and the
    /// engine that checks its saves.
    gate: admin::Gate,
    files: admin::files::Files,
    engine: Arc<Mutex<Engine>>,
    /// The server's address (`http://127.0.0.1:1111/`) with the site's path.
    site_url: String,
    /// The site folder as the engine names it (absolute, not canonical): photos' paths.
    site_root: PathBuf,
}

impl Live {
    fn state(&self) -> Arc<State> {
        self.state
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    fn publish(&self, rebuilt: Rebuilt) {
        let old = self.state();
        let next = match rebuilt {
            Rebuilt::Site(g) => State {
                number: old.number + 1,
                site: Some(g),
                errors: None,
            },
            Rebuilt::Failed(p) => State {
                number: old.number + 1,
                site: old.site.clone(),
                errors: Some(p),
            },
        };
        let number = next.number;
        let previous = match self.state.write() {
            Ok(mut s) => std::mem::replace(&mut *s, Arc::new(next)),
            Err(e) => std::mem::replace(&mut *e.into_inner(), Arc::new(next)),
        };
        drop(old);
        *self.number.lock().unwrap_or_else(|e| e.into_inner()) = number;
        self.changed.notify_all();
        // The previous build is freed last (it may be large), once the tabs are reloading
        // and outside the lock.
        drop(previous);
    }

    /// The long poll: the state's number once it differs from `since`, or after
    /// [`POLL_HOLD`]. The connection's thread waits here.
    fn wait_for_change(&self, since: Option<u64>) -> u64 {
        let number = self.number.lock().unwrap_or_else(|e| e.into_inner());
        if since != Some(*number) {
            return *number;
        }
        match self
            .changed
            .wait_timeout_while(number, POLL_HOLD, |n| Some(*n) == since)
        {
            Ok((n, _)) => *n,
            Err(e) => *e.into_inner().0,
        }
    }
}

/// The server's timeouts: those of [`http::Limits`], or, for tests, both set to
/// `OCOP_SERVE_TIMEOUT_MS` milliseconds.
fn limits() -> Result<http::Limits, String> {
    let mut limits = http::Limits::default();
    if let Ok(v) = std::env::var(TIMEOUT_VAR) {
        let ms: u64 = v.trim().parse().ok().filter(|&ms| ms > 0).ok_or_else(|| {
            format!("{TIMEOUT_VAR} must be a number of milliseconds above 0, found `{v}`")
        })?;
        limits.idle = Duration::from_millis(ms);
        limits.write = Duration::from_millis(ms);
    }
    Ok(limits)
}

/// The address to print and to build links with: the bound one, or 127.0.0.1 for "all".
fn site_url(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v) if v.is_unspecified() => format!("http://127.0.0.1:{port}/"),
        IpAddr::V6(v) if v.is_unspecified() => format!("http://[::1]:{port}/"),
        IpAddr::V4(v) => format!("http://{v}:{port}/"),
        IpAddr::V6(v) => format!("http://[{v}]:{port}/"),
    }
}

/// Builds and serves the site until the process is stopped.
pub(crate) fn run(opts: &ServeOptions) -> Result<(), String> {
    let server = http::Server::bind(&opts.bind, opts.port, limits()?)
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = server
        .local_addr()
        .map_err(|e| format!("the server has no address: {e}"))?;
    let url = site_url(addr.ip(), addr.port());
    let engine = Engine::new(Options {
        root: opts.root.clone(),
        base_url: url.clone(),
        today: opts.today,
        drafts: opts.drafts,
    });
    let root = engine.root().to_path_buf();
    let gate = admin::Gate::new(addr.ip(), addr.port(), opts.allow_remote_editing)?;
    if !root.join("site.toml").is_file() {
        return Err(format!(
            "{} has no site.toml: pass `--root` with the site folder, or create one with `ocop init DIR`",
            root.display()
        ));
    }
    let canonical = root
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", root.display()))?;
    // Watch before the first build, so that no save during it is missed.
    let mut watcher = Watcher::new(&root)?;
    let engine = Arc::new(Mutex::new(engine));
    let shared = Arc::new(Live {
        state: RwLock::new(Arc::new(State {
            number: 0,
            site: None,
            errors: None,
        })),
        number: Mutex::new(0),
        changed: Condvar::new(),
        root: canonical.clone(),
        gate,
        files: admin::files::Files { root: canonical },
        engine: engine.clone(),
        site_url: url.clone(),
        site_root: root.clone(),
    });
    let (rebuilt, t) = lock(&engine).rebuild(&Changes::All);
    log_rebuild(&rebuilt, &t, true);
    shared.publish(rebuilt);

    {
        let shared = shared.clone();
        server
            .start(move |req| handle(&shared, req))
            .map_err(|e| format!("cannot start the server: {e}"))?;
    }
    let shown = format!(
        "{}{}",
        url.trim_end_matches('/'),
        shared.state().base_path()
    );
    println!(
        "Serving {} at {shown} (press Ctrl-C to stop)",
        root.display()
    );
    match shared.gate.address(&url) {
        Some(edit) if shared.gate.remote => println!(
            "Editing in the browser (Sửa nội dung): {edit}\n  Anyone with this address can change the content: share it only with the people who keep the catalogue."
        ),
        Some(edit) => println!("Editing in the browser (Sửa nội dung): {edit}"),
        None => println!(
            "Editing in the browser is off: the server listens on a network address (start it with --allow-remote-editing to edit from other machines)."
        ),
    }
    let _ = std::io::stdout().flush();
    // After a rebuild, the browser reloads the page at once; the engine's own tidying up for
    // the next save (`Engine::prepare`) waits until that is done.
    let mut tidy = true;
    loop {
        match watcher.next(tidy.then_some(IDLE)) {
            Next::Changed(changes) => {
                let (rebuilt, t) = lock(&engine).rebuild(&changes);
                log_rebuild(&rebuilt, &t, false);
                shared.publish(rebuilt);
                tidy = true;
            }
            Next::Idle => {
                lock(&engine).prepare();
                tidy = false;
            }
            Next::Stopped => return Err("watching the site's files stopped".into()),
        }
    }
}

/// The engine, also after a thread that held it panicked (its state is whole between calls).
fn lock(engine: &Mutex<Engine>) -> std::sync::MutexGuard<'_, Engine> {
    engine.lock().unwrap_or_else(|e| e.into_inner())
}

fn log_rebuild(rebuilt: &Rebuilt, w: &Work, first: bool) {
    let t = &w.timings;
    match rebuilt {
        Rebuilt::Site(g) => {
            let warnings = g.problems.warning_count();
            if first && warnings <= 50 {
                for p in g.problems.sorted() {
                    eprintln!("{p}");
                }
            }
            let site = g.site();
            eprintln!(
                "{} {} products, {} producers in {} ms, {} ms of CPU ({} file(s) read, {} record(s) resolved; load {} ms, resolve {} ms, photos {} ms, plan {} ms): {} warning(s){}.",
                if first { "Built" } else { "Rebuilt" },
                site.products.len(),
                site.producers.len(),
                t.total().as_millis(),
                t.cpu_total().as_millis(),
                w.reparsed,
                w.resolved,
                t.took("load").as_millis(),
                t.took("resolve").as_millis(),
                t.took("images").as_millis(),
                t.took("plan").as_millis(),
                warnings,
                if first && warnings > 50 {
                    " (run `ocop check` to list them)"
                } else {
                    ""
                }
            );
        }
        Rebuilt::Failed(problems) => {
            for p in problems.sorted().into_iter().filter(|p| p.is_error()) {
                eprintln!("{p}");
            }
            eprintln!(
                "The site has {} error(s); the browser shows them until they are fixed.",
                problems.error_count()
            );
        }
    }
}

/// A response with the headers every answer gets.
fn response(status: u16, body: http::Body, content_type: &str) -> Response {
    Response::new(status, body)
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
}

fn text_response(status: u16, text: &str, content_type: &str) -> Response {
    let ct = format!("{content_type}; charset=utf-8");
    response(status, http::Body::Bytes(text.as_bytes().to_vec()), &ct)
}

/// The MIME type of an output file, by its ending.
pub(crate) fn mime_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a path, or badly encoded: 400.
    BadRequest,
    /// Tries to leave the site (`..`, NUL, backslash...): 403.
    Forbidden,
}

/// Turns the path of a request URL into the output file it names (`""` is the home page's
/// folder). Decodes percent escapes once and refuses anything that could name a file
/// outside the output: `.` or `..` segments, empty segments (`//`), backslashes, NUL and
/// other control characters. The query string is ignored.
pub(crate) fn output_path(url: &str) -> Result<String, Refused> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let Some(path) = path.strip_prefix('/') else {
        return Err(Refused::BadRequest);
    };
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(Refused::BadRequest)?;
            decoded.push(hex);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(decoded).map_err(|_| Refused::BadRequest)?;
    if text.chars().any(|c| c.is_control() || c == '\\') {
        return Err(Refused::Forbidden);
    }
    let segments: Vec<&str> = text.split('/').collect();
    for (k, s) in segments.iter().enumerate() {
        let last = k + 1 == segments.len();
        if *s == "." || *s == ".." || (s.is_empty() && !last) || s.contains(':') {
            return Err(Refused::Forbidden);
        }
    }
    let nfc = crate::base::vietnamese::nfc(&text);
    Ok(nfc)
}

/// Adds the live-reload script to an HTML page, before `</body>`.
fn inject(html: &[u8], number: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\" data-generation=\"{number}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page shown instead of the site while it has errors.
pub(crate) fn error_page(problems: &[&crate::base::diag::Problem], warnings: usize) -> String {
    let items: String = problems
        .iter()
        .map(|p| format!("<li><pre>{}</pre></li>\n", escape(&p.to_string())))
        .collect();
    let n = problems.len();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>ocop serve: {n} error(s)</title>\n<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}}h1{{color:#a40000}}li{{margin:.5rem 0}}pre{{white-space:pre-wrap;background:#fff4f4;border-left:4px solid #a40000;padding:.5rem .75rem;margin:0}}</style>\n</head>\n<body>\n<main>\n<h1>The site has {n} error(s)</h1>\n<p>These are the messages of <code>ocop check</code>. Fix the files and save: this page reloads by itself and the site comes back.</p>\n<ol>\n{items}</ol>\n<p>{warnings} warning(s) are not shown here; <code>ocop check</code> lists them.</p>\n</main>\n</body>\n</html>\n"
    )
}

/// Whether a request is for a page (rather than a stylesheet, photo or download), so that
/// it gets the error page while the site has errors.
fn is_page(rel: &str) -> bool {
    rel.is_empty()
        || rel.ends_with('/')
        || rel.ends_with(".html")
        || !rel.rsplit('/').next().unwrap_or("").contains('.')
}

/// Reads a file kept on disk, if it is a regular file inside the site folder (`root`,
/// canonical). A symbolic link is followed only when where it leads, with every link on the
/// way resolved, is inside the site (a photo of one bundle linked from another, as a build
/// accepts it); one that leads outside is refused.
fn open_inside(root: &Path, path: &Path) -> Option<std::fs::File> {
    let real = path.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    // Never blocks on a named pipe: opened without waiting, refused unless a regular file.
    crate::base::fsutil::open_regular(&real).ok()
}

fn handle(shared: &Live, req: &Request) -> Response {
    let path_only = req.target.split('?').next().unwrap_or("");
    if admin::is_admin(path_only) {
        let state = shared.state();
        let baseline = state
            .errors
            .iter()
            .flat_map(|p| p.errors().cloned())
            .collect();
        let site_url = format!(
            "{}{}",
            shared.site_url.trim_end_matches('/'),
            state.base_path()
        );
        let a = admin::Admin {
            gate: &shared.gate,
            files: &shared.files,
            engine: &shared.engine,
            site_url: &site_url,
            province: state.site.as_ref().and_then(|g| g.site().config.province),
            baseline,
            generation: state.site.as_deref(),
            site_root: &shared.site_root,
        };
        return a.handle(req);
    }
    if req.method != "GET" && req.method != "HEAD" {
        return text_response(405, "Only GET and HEAD are supported.\n", "text/plain")
            .header("Allow", "GET, HEAD");
    }
    let url = req.target.as_str();
    let path_only = url.split('?').next().unwrap_or("");
    if path_only == LIVE_JS {
        return response(
            200,
            http::Body::Bytes(LIVE_SCRIPT.as_bytes().to_vec()),
            "text/javascript; charset=utf-8",
        );
    }
    if path_only == WAIT {
        let since = url
            .split_once("since=")
            .and_then(|(_, v)| v.split('&').next())
            .and_then(|v| v.parse::<u64>().ok());
        let number = shared.wait_for_change(since);
        return text_response(200, &number.to_string(), "text/plain");
    }
    // A site published under a sub-path (`base_url = "https://host/ocop/"`) is served under
    // it; the server's root sends the browser there.
    let state = shared.state();
    let base = state.base_path();
    match url.strip_prefix(base.as_str()) {
        Some(rest) => serve_site(shared, &state, &base, &format!("/{rest}")),
        None if path_only == "/" || format!("{path_only}/") == base => {
            text_response(302, "Moved.\n", "text/plain").header("Location", &base)
        }
        None => {
            let body = format!("Not found: the site is served under {base}\n");
            text_response(404, &body, "text/plain")
        }
    }
}

/// Answers a request for `url`, the part of the request target below the site's path.
fn serve_site(shared: &Live, state: &State, base: &str, url: &str) -> Response {
    let rel = match output_path(url) {
        Ok(r) => r,
        Err(Refused::BadRequest) => return text_response(400, "Bad request.\n", "text/plain"),
        Err(Refused::Forbidden) => return text_response(403, "Forbidden.\n", "text/plain"),
    };
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    if let Some(problems) = &state.errors
        && (is_page(&rel) || state.site.is_none())
    {
        let errors: Vec<&crate::base::diag::Problem> = problems
            .sorted()
            .into_iter()
            .filter(|p| p.is_error())
            .collect();
        let html = error_page(&errors, problems.warning_count());
        return html_response(500, html.as_bytes(), state.number);
    }
    let Some(site) = &state.site else {
        return text_response(503, "The site is being built.\n", "text/plain");
    };
    match site.get(&file) {
        Ok(Some(body)) => body_response(shared, &file, body, state.number),
        Ok(None) => {
            // A folder without its slash: send the browser to the folder.
            if !rel.is_empty()
                && !rel.ends_with('/')
                && matches!(site.get(&format!("{rel}/index.html")), Ok(Some(_)))
            {
                let query = url
                    .split_once('?')
                    .map(|(_, q)| format!("?{q}"))
                    .unwrap_or_default();
                let location = format!("{base}{}/{query}", encode_path(&rel));
                return text_response(301, "Moved.\n", "text/plain").header("Location", &location);
            }
            match site.get("404.html") {
                Ok(Some(Body::Bytes(b))) => html_response(404, &b, state.number),
                _ => text_response(404, "Not found.\n", "text/plain"),
            }
        }
        Err(problem) => {
            let html = error_page(&[&*problem], 0);
            html_response(500, html.as_bytes(), state.number)
        }
    }
}

/// Percent-encodes what a `Location` header cannot hold as is.
fn encode_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn html_response(status: u16, html: &[u8], number: u64) -> Response {
    let body = inject(html, number);
    response(status, http::Body::Bytes(body), "text/html; charset=utf-8")
}

fn body_response(shared: &Live, file: &str, body: Body, number: u64) -> Response {
    let mime = mime_type(file);
    match body {
        Body::Bytes(b) if mime.starts_with("text/html") => html_response(200, &b, number),
        Body::Bytes(b) => response(200, http::Body::Shared(b), mime),
        Body::File(path) => match open_inside(&shared.root, &path) {
            Some(mut f) if mime.starts_with("text/html") => {
                let mut bytes = Vec::new();
                match std::io::Read::read_to_end(&mut f, &mut bytes) {
                    Ok(_) => html_response(200, &bytes, number),
                    Err(_) => text_response(500, "Cannot read the file.\n", "text/plain"),
                }
            }
            Some(f) => response(200, http::Body::File(f), mime),
            None => text_response(404, "Not found.\n", "text/plain"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_that_leave_the_output_are_refused() {
        for url in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/san-pham/..%2f..%2fsite.toml",
            "/a/./b",
            "//etc/passwd",
            "/a%00b",
            "/a%5c..%5csite.toml",
            "/C:/Windows",
        ] {
            assert_eq!(output_path(url), Err(Refused::Forbidden), "{url}");
        }
        for url in ["etc/passwd", "http://example.org/", "/%zz", "/%2"] {
            assert_eq!(output_path(url), Err(Refused::BadRequest), "{url}");
        }
    }

    #[test]
    fn request_paths_are_decoded() {
        assert_eq!(output_path("/").as_deref(), Ok(""));
        assert_eq!(output_path("/san-pham/?q=1").as_deref(), Ok("san-pham/"));
        assert_eq!(output_path("/s%E1%BA%A3n").as_deref(), Ok("sản"));
        assert_eq!(output_path("/a.css#x").as_deref(), Ok("a.css"));
    }

    #[test]
    fn live_script_goes_before_the_end_of_the_body() {
        let out = inject(b"<html><body><p>x</p></body></html>", 7);
        let s = String::from_utf8(out).unwrap_or_default();
        assert!(s.ends_with(
            "<p>x</p><script src=\"/__ocop/live.js\" data-generation=\"7\"></script></body></html>"
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_when_they_stay_inside_the_site() {
        let (site, outside) = (tempfile::tempdir(), tempfile::tempdir());
        let (Ok(site), Ok(outside)) = (site, outside) else {
            panic!("temp dirs")
        };
        let root = site.path().canonicalize().expect("canonical");
        let secret = outside.path().join("secret.svg");
        std::fs::write(&secret, "secret").expect("write");
        std::fs::write(root.join("anh.svg"), "<svg/>").expect("write");
        let link = |to: &Path, name: &str| {
            std::os::unix::fs::symlink(to, root.join(name)).expect("symlink");
            root.join(name)
        };
        let inside = link(&root.join("anh.svg"), "ban-sao.svg");
        let relative = link(Path::new("anh.svg"), "tuong-doi.svg");
        let out = link(&secret, "ra-ngoai.svg");
        let dir = link(outside.path(), "thu-muc");
        assert!(open_inside(&root, &root.join("anh.svg")).is_some());
        assert!(
            open_inside(&root, &inside).is_some(),
            "a link inside the site"
        );
        assert!(open_inside(&root, &relative).is_some(), "a relative link");
        assert!(open_inside(&root, &out).is_none(), "a link out of the site");
        assert!(
            open_inside(&root, &dir.join("secret.svg")).is_none(),
            "a file below a linked folder outside the site"
        );
        assert!(open_inside(&root, &root).is_none(), "a folder");
    }

    #[test]
    fn mime_types_of_published_files() {
        for (f, m) in [
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("lich.ics", "text/calendar; charset=utf-8"),
            ("p.csv", "text/csv; charset=utf-8"),
            ("p.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("x.svg", "image/svg+xml"),
            ("s.js", "text/javascript; charset=utf-8"),
            ("s.css", "text/css; charset=utf-8"),
            ("f.woff2", "font/woff2"),
            ("A.JPG", "image/jpeg"),
        ] {
            assert_eq!(mime_type(f), m, "{f}");
        }
    }
}
