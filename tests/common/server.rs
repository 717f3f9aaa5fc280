//! `ocop serve` run as the real binary, for the tests that talk to it over HTTP or drive it
//! in Chromium: start it on a site folder, send requests as they are, read its output.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example site (site.toml, content/, static/) in a temporary folder.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    for sub in ["content", "static"] {
        ocop::base::fsutil::copy_tree(&repo().join(sub), &dir.path().join(sub)).expect("copy");
    }
    dir
}

/// `ocop serve` running as a child process; stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    /// What the server wrote to stderr so far (also passed on to the test's stderr).
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    /// The lines it printed to stdout after its address.
    out: std::sync::Mutex<std::sync::mpsc::Receiver<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, |_| {})
    }

    /// Starts the server with `setup` applied to its command (environment, limits).
    pub fn start_with(root: &Path, setup: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ocop"));
        command
            .args(["serve", "--port", "0", "--today", "2026-11-22", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        setup(&mut command);
        let mut child = command.spawn().expect("start ocop serve");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    eprintln!("{line}");
                    if let Ok(mut l) = log.lock() {
                        l.push_str(&line);
                        l.push('\n');
                    }
                }
            });
        }
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("ocop serve prints its address");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in `{line}`"));
        Server {
            child,
            port,
            log,
            out: std::sync::Mutex::new(rx),
        }
    }

    pub fn connect(&self) -> std::io::Result<TcpStream> {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        TcpStream::connect_timeout(&addr, Duration::from_secs(2))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The next line the server prints to stdout (after its address), waiting up to 30 s.
    pub fn next_line(&self) -> Option<String> {
        let rx = self.out.lock().ok()?;
        rx.recv_timeout(Duration::from_secs(30)).ok()
    }

    /// Sends a request with these headers (besides `Connection: close`, and `Host` unless
    /// given) and body; returns status, head and body.
    pub fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let mut req = format!(
            "{method} {target} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            req.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.exchange(&bytes, Duration::from_secs(60))
    }

    /// Sends `METHOD TARGET` as is (no normalisation) and returns status, headers, body.
    pub fn raw(&self, method: &str, target: &[u8]) -> (u16, String, Vec<u8>) {
        self.raw_within(method, target, Duration::from_secs(60))
    }

    /// As [`Server::raw`], waiting at most `limit` for each read (status 0 when nothing
    /// came).
    pub fn raw_within(
        &self,
        method: &str,
        target: &[u8],
        limit: Duration,
    ) -> (u16, String, Vec<u8>) {
        let mut req = Vec::new();
        req.extend_from_slice(method.as_bytes());
        req.push(b' ');
        req.extend_from_slice(target);
        req.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        self.exchange(&req, limit)
    }

    /// Sends `request` on a new connection and reads the answer to its end, waiting at most
    /// `limit` for each read: status (0 when nothing came), head and body.
    fn exchange(&self, request: &[u8], limit: Duration) -> (u16, String, Vec<u8>) {
        let mut s = self.connect().expect("connect");
        s.set_read_timeout(Some(limit)).expect("timeout");
        s.write_all(request).expect("send");
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let split = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(buf.len());
        let head = String::from_utf8_lossy(&buf[..split]).into_owned();
        let body = buf.get(split + 4..).unwrap_or_default().to_vec();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head, body)
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        let (s, h, b) = self.raw("GET", path.as_bytes());
        (s, h, String::from_utf8_lossy(&b).into_owned())
    }

    /// Polls `path` until `ok` holds for (status, body), for at most 30 s.
    pub fn wait_for(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, _, body) = self.get(path);
            if ok(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{what}: still {status} after 30 s:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// What the live-reload test in Chromium needs and lacks.
pub fn missing_browser_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let major = node.as_deref().and_then(|v| {
        v.trim()
            .trim_start_matches('v')
            .split('.')
            .next()?
            .parse::<u32>()
            .ok()
    });
    if major.is_none_or(|m| m < 20) {
        missing.push("`node` 20 or newer: apt-get install -y nodejs npm".to_string());
    }
    if !Path::new("/usr/bin/chromium").is_file() {
        missing.push("/usr/bin/chromium: apt-get install -y chromium".to_string());
    }
    if !repo()
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push(
            "node_modules/playwright-core: run `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts`"
                .to_string(),
        );
    }
    missing
}
