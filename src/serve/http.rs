//! A small HTTP/1.1 server for `ocop serve`, made to keep answering under load.
//!
//! `ocop serve` is a preview on the editor's own computer, but an open browser, a link
//! checker or one stuck client must not be able to stop it. So the accept loop never ends:
//! when the process runs out of file descriptors (`EMFILE`) or the kernel refuses a
//! connection, it says so (at most once a minute), waits a moment and accepts again. Each
//! connection has its own thread, at most [`Limits::connections`] at once (more wait in the
//! listen queue until one closes). A connection that sends no complete request head within
//! [`Limits::idle`] (an idle keep-alive, or headers sent byte by byte) is closed, and so is
//! one that takes no bytes of a response for [`Limits::write`] (a client that asked for a
//! large file and stopped reading), which frees its thread.
//!
//! Requests are parsed with `httparse`. Only what the preview and its editor need is
//! supported: `GET`, `HEAD` and `POST`, keep-alive and pipelining, request bodies with a
//! `Content-Length` of at most [`MAX_BODY`] that arrive within [`Limits::body`] (a chunked
//! body is refused, 411; a larger one, 413; both close the connection), and responses with a
//! `Content-Length`, never chunked.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a connection may take to send a complete request head, counted from the end of
/// the previous response (keep-alive) or from the connection.
pub(crate) const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one write of a response may wait for the client to take bytes.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(15);
/// Connections served at once; each has a thread.
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// How long a request body may take to arrive, whole.
pub(crate) const BODY_TIMEOUT: Duration = Duration::from_secs(120);
/// The largest request body read (the editor sends photos in it, base64-encoded); larger
/// ones are refused (413).
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;
/// A request head larger than this is refused (431).
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
/// Waits after a failed accept: doubled at each failure in a row, up to the maximum.
const BACKOFF_MIN: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_millis(250);
/// The same accept problem is logged at most this often.
const LOG_EVERY: Duration = Duration::from_secs(60);

/// The server's bounds; see the module documentation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub idle: Duration,
    pub write: Duration,
    pub body: Duration,
    pub connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            idle: IDLE_TIMEOUT,
            write: WRITE_TIMEOUT,
            body: BODY_TIMEOUT,
            connections: MAX_CONNECTIONS,
        }
    }
}

/// A request: method and target as sent (`/san-pham/?q=1`), headers, and the body (empty
/// unless one was sent).
#[derive(Debug, Clone, Default)]
pub(crate) struct Request {
    pub method: String,
    pub target: String,
    /// Names in lower case, values as sent (invalid UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first value of the header `name` (lower case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The body of a response.
pub enum Body {
    Bytes(Vec<u8>),
    Shared(Arc<Vec<u8>>),
    /// A file, sent from its start; its length is taken when the response is written.
    File(File),
}

/// A response: status, headers (`Content-Length` and `Connection` are added) and body.
pub(crate) struct Response {
    pub status: u16,
    headers: Vec<(String, String)>,
    body: Body,
}

impl Response {
    pub(crate) fn new(status: u16, body: Body) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header; one whose name or value could break the head (CR, LF) is dropped.
    pub(crate) fn header(mut self, name: &str, value: &str) -> Response {
        let bad = |s: &str| s.bytes().any(|b| b == b'\r' || b == b'\n');
        if !bad(name) && !bad(value) && !name.contains(':') {
            self.headers.push((name.to_string(), value.to_string()));
        }
        self
    }
}

/// A bound listener, not accepting yet.
pub(crate) struct Server {
    listener: TcpListener,
    limits: Limits,
}

impl Server {
    pub(crate) fn bind(host: &str, port: u16, limits: Limits) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind((host, port))?,
            limits,
        })
    }

    pub(crate) fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections on a thread of its own, for as long as the process runs, and
    /// answers each request with `handler`.
    pub(crate) fn start<H>(self, handler: H) -> io::Result<()>
    where
        H: Fn(&Request) -> Response + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        std::thread::Builder::new()
            .name("ocop-accept".into())
            .spawn(move || accept_loop(&self.listener, self.limits, &handler))
            .map(|_| ())
    }
}

/// Counts open connections; [`Slots::take`] waits while all are taken.
struct Slots {
    open: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

/// One connection's place; given back when dropped.
struct Slot(Arc<Slots>);

impl Drop for Slot {
    fn drop(&mut self) {
        let mut n = self.0.open.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

impl Slots {
    fn take(self: &Arc<Slots>) -> Slot {
        let mut n = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= self.max {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot(self.clone())
    }
}

/// Failed accepts in a row: how long to wait, and when the problem was last logged.
struct Failures {
    delay: Duration,
    logged: Option<Instant>,
}

impl Failures {
    fn failed(&mut self, e: &io::Error) {
        // A connection reset before it was accepted, or a signal: nothing to wait for.
        if matches!(
            e.kind(),
            io::ErrorKind::ConnectionAborted
                | io::ErrorKind::ConnectionReset
                | io::ErrorKind::Interrupted
        ) {
            return;
        }
        let now = Instant::now();
        if self
            .logged
            .is_none_or(|t| now.duration_since(t) >= LOG_EVERY)
        {
            self.logged = Some(now);
            eprintln!("{}", accept_message(e));
        }
        std::thread::sleep(self.delay);
        self.delay = (self.delay * 2).min(BACKOFF_MAX);
    }
}

/// What the log says when connections cannot be accepted.
fn accept_message(e: &io::Error) -> String {
    let out_of_files = matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE));
    if out_of_files {
        format!(
            "ocop serve: too many open files ({e}); new connections wait until others close. \
             Close unused tabs or raise the limit (`ulimit -n`)."
        )
    } else {
        format!("ocop serve: cannot accept a connection ({e}); trying again.")
    }
}

fn accept_loop<H>(listener: &TcpListener, limits: Limits, handler: &Arc<H>)
where
    H: Fn(&Request) -> Response + Send + Sync + 'static,
{
    let slots = Arc::new(Slots {
        open: Mutex::new(0),
        freed: Condvar::new(),
        max: limits.connections.max(1),
    });
    let mut failures = Failures {
        delay: BACKOFF_MIN,
        logged: None,
    };
    loop {
        let slot = slots.take();
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                drop(slot);
                failures.failed(&e);
                continue;
            }
        };
        failures.delay = BACKOFF_MIN;
        let handler = handler.clone();
        let spawned = std::thread::Builder::new()
            .name("ocop-connection".into())
            .spawn(move || {
                let _slot = slot;
                serve_connection(stream, limits, &*handler);
            });
        // No thread for it (the system is out of them): the connection is closed.
        if let Err(e) = spawned {
            failures.failed(&e);
        }
    }
}

/// Why a request head could not be read.
enum HeadError {
    /// The client closed the connection, went quiet for too long, or the socket failed.
    Gone,
    /// Malformed or too large: answered with this status, then the connection is closed.
    Refused(u16),
}

/// A request and whether the connection may serve another one after it.
struct Head {
    request: Request,
    keep_alive: bool,
    /// The length of the body that follows the head.
    body_len: usize,
}

/// Answers the requests of one connection until it is closed or times out.
fn serve_connection<H>(stream: TcpStream, limits: Limits, handler: &H)
where
    H: Fn(&Request) -> Response,
{
    if stream.set_write_timeout(Some(limits.write)).is_err() {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut stream = stream;
    let mut buf = Vec::new();
    loop {
        let head = match read_head(&mut stream, &mut buf, limits.idle) {
            Ok(h) => h,
            Err(HeadError::Gone) => return,
            Err(HeadError::Refused(status)) => {
                let text = format!("{status} {}\n", reason(status));
                let r = Response::new(status, Body::Bytes(text.into_bytes()))
                    .header("Content-Type", "text/plain; charset=utf-8");
                let _ = write_response(&stream, r, false, false, limits.write);
                return;
            }
        };
        let head_only = head.request.method == "HEAD";
        let mut head = head;
        if head.body_len > 0 {
            match read_body(&mut stream, &mut buf, head.body_len, limits.body) {
                Some(body) => head.request.body = body,
                None => return,
            }
        }
        let response = handler(&head.request);
        let sent = write_response(&stream, response, head_only, head.keep_alive, limits.write);
        if sent.is_err() || !head.keep_alive {
            return;
        }
    }
}

/// Reads one request head, keeping in `buf` what follows it (a pipelined request). The
/// whole head must arrive within `idle`.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>, idle: Duration) -> Result<Head, HeadError> {
    let deadline = Instant::now() + idle;
    let mut chunk = [0u8; 4096];
    loop {
        if !buf.is_empty() {
            match parse_head(buf)? {
                Some((head, used)) => {
                    buf.drain(..used);
                    return Ok(head);
                }
                None if buf.len() >= MAX_HEAD => return Err(HeadError::Refused(431)),
                None => {}
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Gone);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

/// Parses a complete head at the start of `buf`: the head and its length, or `None` when
/// more bytes are needed.
fn parse_head(buf: &[u8]) -> Result<Option<(Head, usize)>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let used = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::Refused(431)),
        Err(_) => return Err(HeadError::Refused(400)),
    };
    let (Some(method), Some(target)) = (req.method, req.path) else {
        return Err(HeadError::Refused(400));
    };
    let mut keep_alive = req.version == Some(1);
    let mut body_len = 0usize;
    let mut headers = Vec::with_capacity(req.headers.len());
    for h in req.headers.iter() {
        let name = h.name.to_ascii_lowercase();
        headers.push((name.clone(), String::from_utf8_lossy(h.value).into_owned()));
        let value = String::from_utf8_lossy(h.value).to_ascii_lowercase();
        if h.name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                match token {
                    "close" => keep_alive = false,
                    "keep-alive" if req.version == Some(0) => keep_alive = true,
                    _ => {}
                }
            }
        }
        if name == "transfer-encoding" {
            return Err(HeadError::Refused(411));
        }
        if name == "content-length" {
            let len: usize = value.trim().parse().map_err(|_| HeadError::Refused(400))?;
            if len > MAX_BODY {
                return Err(HeadError::Refused(413));
            }
            if body_len != 0 && body_len != len {
                return Err(HeadError::Refused(400));
            }
            body_len = len;
        }
    }
    let head = Head {
        request: Request {
            method: method.to_string(),
            target: target.to_string(),
            headers,
            body: Vec::new(),
        },
        keep_alive,
        body_len,
    };
    Ok(Some((head, used)))
}

/// Reads a body of `len` bytes (some may already be in `buf`, after the head), all within
/// `timeout`; `None` when the client went away or was too slow (the connection is closed).
fn read_body(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    len: usize,
    timeout: Duration,
) -> Option<Vec<u8>> {
    let deadline = Instant::now() + timeout;
    let mut body = Vec::with_capacity(len.min(1024 * 1024));
    let from_buf = buf.len().min(len);
    body.extend(buf.drain(..from_buf));
    let mut chunk = vec![0u8; 64 * 1024];
    while body.len() < len {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return None;
        }
        let want = (len - body.len()).min(chunk.len());
        match stream.read(&mut chunk[..want]) {
            Ok(0) => return None,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(body)
}

/// Writes a response with its `Content-Length` (and no body for `HEAD`). An error, a write
/// that timed out, or a file shorter than its length, ends the connection.
fn write_response(
    stream: &TcpStream,
    r: Response,
    head_only: bool,
    keep_alive: bool,
    timeout: Duration,
) -> io::Result<()> {
    let len = match &r.body {
        Body::Bytes(b) => b.len() as u64,
        Body::Shared(b) => b.len() as u64,
        Body::File(f) => f.metadata()?.len(),
    };
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let connection = if keep_alive { "keep-alive" } else { "close" };
    head.push_str(&format!(
        "Content-Length: {len}\r\nConnection: {connection}\r\n\r\n"
    ));
    let mut out = BufWriter::with_capacity(64 * 1024, Stalls { stream, timeout });
    out.write_all(head.as_bytes())?;
    if !head_only {
        match r.body {
            Body::Bytes(b) => out.write_all(&b)?,
            Body::Shared(b) => out.write_all(&b)?,
            Body::File(f) => send_file(f, len, &mut out)?,
        }
    }
    out.flush()
}

/// The socket of a response being written. A write that waits out the socket's write timeout
/// still returns the few bytes the kernel took meanwhile, so a client that reads a trickle
/// would hold the connection for ever: such a write fails instead.
struct Stalls<'a> {
    stream: &'a TcpStream,
    timeout: Duration,
}

impl Write for Stalls<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let start = Instant::now();
        let n = (&mut &*self.stream).write(buf)?;
        if n < buf.len() && start.elapsed() >= self.timeout {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the response",
            ));
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Sends `len` bytes of `file` by plain writes, so that the socket's write timeout holds
/// (`io::copy` may hand the copy to the kernel).
fn send_file(mut file: File, len: u64, out: &mut impl Write) -> io::Result<()> {
    let mut chunk = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let want = usize::try_from(left).unwrap_or(usize::MAX).min(chunk.len());
        let n = match file.read(&mut chunk[..want]) {
            Ok(0) => {
                return Err(io::Error::other(
                    "the file became shorter while it was sent",
                ));
            }
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        out.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(String, String, bool, usize)> {
        match parse_head(text.as_bytes()) {
            Ok(Some((h, used))) => Some((h.request.method, h.request.target, h.keep_alive, used)),
            _ => None,
        }
    }

    #[test]
    fn keep_alive_follows_the_version_and_connection_header() {
        let get = |v: &str, extra: &str| parsed(&format!("GET /a?b HTTP/{v}\r\n{extra}\r\n"));
        assert_eq!(get("1.1", "").map(|h| h.2), Some(true));
        assert_eq!(
            get("1.1", "Connection: close\r\n").map(|h| h.2),
            Some(false)
        );
        assert_eq!(get("1.0", "").map(|h| h.2), Some(false));
        assert_eq!(
            get("1.0", "Connection: Keep-Alive\r\n").map(|h| h.2),
            Some(true)
        );
        assert_eq!(
            get("1.1", "Content-Length: 3\r\n").map(|h| h.2),
            Some(true),
            "a body is read, so the connection can go on"
        );
        let (method, target, _, _) = get("1.1", "").unwrap_or_default();
        assert_eq!((method.as_str(), target.as_str()), ("GET", "/a?b"));
    }

    #[test]
    fn request_bodies_are_bounded_and_never_chunked() {
        let refused =
            |extra: &str| match parse_head(format!("POST /a HTTP/1.1\r\n{extra}\r\n").as_bytes()) {
                Err(HeadError::Refused(status)) => Some(status),
                _ => None,
            };
        assert_eq!(refused("Transfer-Encoding: chunked\r\n"), Some(411));
        assert_eq!(
            refused(&format!("Content-Length: {}\r\n", MAX_BODY + 1)),
            Some(413)
        );
        assert_eq!(refused("Content-Length: -1\r\n"), Some(400));
        assert_eq!(
            refused("Content-Length: 3\r\nContent-Length: 4\r\n"),
            Some(400)
        );
        assert_eq!(refused("Content-Length: 3\r\n"), None);
    }

    #[test]
    fn a_pipelined_request_stays_in_the_buffer() {
        let two = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
        assert_eq!(parsed(two).map(|h| h.3), Some(19));
        assert!(matches!(parse_head(b"GET /a HTTP/1.1\r\nHost:"), Ok(None)));
        assert!(matches!(
            parse_head(b"GET /a\0 HTTP/1.1\r\n\r\n"),
            Err(HeadError::Refused(400))
        ));
    }

    #[test]
    fn header_values_cannot_split_the_head() {
        let r = Response::new(200, Body::Bytes(Vec::new()))
            .header("Location", "/a\r\nSet-Cookie: x=1")
            .header("Bad: name", "v")
            .header("X-Ok", "1");
        assert_eq!(r.headers, vec![("X-Ok".to_string(), "1".to_string())]);
    }
}
