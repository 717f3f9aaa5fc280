//! The manifest of an output folder: every file with its size, a hash of its bytes and the
//! modification time it was given, so that an upload over a slow link can send only the files
//! that changed since the last one.
//!
//! One build writes one manifest (`build::manifest`); `ocop changes` compares two of them. The
//! text is meant to be kept (an office saves the manifest of what it uploaded) and read by
//! people and other tools, so it is plain, sorted and the same for the same output:
//!
//! ```text
//! ocop-manifest 1
//! 18213 6f1d0c2e4b6a8f0e1d3c5b7a9e8d7c6b 2026-11-22T00:05:13Z index.html
//! 5120 0a1b2c3d4e5f60718293a4b5c6d7e8f9 2026-11-20T00:05:09.120344117Z san-pham/mat-ong/anh-400.webp
//! ```
//!
//! The first line names the format and its version. Then one line per file, sorted by path
//! (byte order): the size in bytes, the XXH3 128-bit hash of the bytes in 32 lower-case hex
//! digits, the modification time in UTC (RFC 3339, with as many decimals as it has), and the
//! path relative to the output folder, `/`-separated, to the end of the line (so it may hold
//! spaces); a backslash, a line feed and a carriage return in a path are written `\\`, `\n`
//! and `\r`.
//!
//! XXH3 rather than BLAKE3 (which `base::hash` names for content addresses): every byte of
//! every output file goes through it on every build, XXH3 is several times faster, and 128
//! bits make an accidental collision (a changed file taken for unchanged) beyond any
//! catalogue's reach; nobody gains by forging one, since the office controls the content.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::base::diag::{Pos, Problem};

/// The first line of a manifest of the format this program writes and reads.
pub const HEADER: &str = "ocop-manifest 1";
const NAME: &str = "ocop-manifest";

/// One file of an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub size: u64,
    /// XXH3, 128 bits, of the file's bytes.
    pub hash: u128,
    /// The modification time the build gave the file.
    pub mtime: SystemTime,
}

impl Entry {
    /// Whether the two are the same bytes (their times may differ).
    pub fn same_content(&self, other: &Entry) -> bool {
        self.size == other.size && self.hash == other.hash
    }
}

/// The hash of a manifest entry.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The same hash, of bytes given piece by piece.
#[derive(Clone, Default)]
pub(crate) struct Hasher {
    state: xxhash_rust::xxh3::Xxh3Default,
    size: u64,
}

impl Hasher {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.state.update(bytes);
        self.size += bytes.len() as u64;
    }

    /// The size and hash of every byte given.
    pub(crate) fn finish(&self) -> (u64, u128) {
        (self.size, self.state.digest128())
    }
}

/// Every file of an output, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub entries: BTreeMap<String, Entry>,
}

/// The paths of a later manifest that an upload must send or delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// In the later manifest only.
    pub added: Vec<String>,
    /// In both, with other bytes.
    pub changed: Vec<String>,
    /// In the earlier manifest only.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

impl Manifest {
    /// What changed from `earlier` to this manifest, each list sorted by path. A file with
    /// the same size and hash is unchanged, whatever its time.
    pub fn changes_since(&self, earlier: &Manifest) -> Changes {
        let mut c = Changes::default();
        for (path, e) in &self.entries {
            match earlier.entries.get(path) {
                None => c.added.push(path.clone()),
                Some(old) if !old.same_content(e) => c.changed.push(path.clone()),
                Some(_) => {}
            }
        }
        c.removed = earlier
            .entries
            .keys()
            .filter(|p| !self.entries.contains_key(*p))
            .cloned()
            .collect();
        c
    }

    /// The manifest as text (see the top of this file).
    pub fn to_text(&self) -> String {
        let mut s = String::with_capacity(32 + self.entries.len() * 100);
        s.push_str(HEADER);
        s.push('\n');
        // Most files share a few times (the build's, the previous builds'): each is
        // formatted once.
        let mut time: Option<(SystemTime, String)> = None;
        for (path, e) in &self.entries {
            if time.as_ref().is_none_or(|(t, _)| *t != e.mtime) {
                time = Some((e.mtime, format_time(e.mtime)));
            }
            let shown = time.as_ref().map_or("", |(_, s)| s.as_str());
            let _ = writeln!(s, "{} {:032x} {shown} {}", e.size, e.hash, escape(path));
        }
        s
    }

    /// Reads the text of a manifest; `file` is the name its problems give.
    pub fn parse(text: &str, file: &Path) -> Result<Manifest, Box<Problem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split('\n').enumerate();
        let first = lines.next().map_or("", |(_, l)| l.trim_end_matches('\r'));
        check_header(first, file)?;
        let mut entries = BTreeMap::new();
        let mut times = Times::default();
        for (i, line) in lines {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let (path, entry) =
                parse_line(line, &mut times).map_err(|(column, field, message)| {
                    Box::new(
                        Problem::error(file, message)
                            .at(Some(Pos {
                                line: i + 1,
                                column,
                            }))
                            .field(field)
                            .hint(CORRUPT_HINT),
                    )
                })?;
            if entries.insert(path.clone(), entry).is_some() {
                return Err(Box::new(
                    Problem::error(file, format!("the path `{path}` is listed twice"))
                        .at(Some(Pos {
                            line: i + 1,
                            column: 1,
                        }))
                        .hint(CORRUPT_HINT),
                ));
            }
        }
        Ok(Manifest { entries })
    }
}

const CORRUPT_HINT: &str = "a manifest is written by `ocop build` and must not be edited; build again to get a new one, or use an unchanged copy of the manifest you saved";

fn check_header(first: &str, file: &Path) -> Result<(), Box<Problem>> {
    if first == HEADER {
        return Ok(());
    }
    let at_line_1 = |p: Problem| Box::new(p.at(Some(Pos { line: 1, column: 1 })));
    match first.strip_prefix(NAME).map(str::trim) {
        Some(version) if !version.is_empty() => Err(at_line_1(
            Problem::error(
                file,
                format!("the manifest is of format `{version}`; this ocop reads format 1"),
            )
            .hint("it was written by another version of ocop: use the same version to build and to compare, or build again"),
        )),
        _ => Err(at_line_1(
            Problem::error(
                file,
                format!("this is not an ocop manifest: its first line should be `{HEADER}`"),
            )
            .hint("give the `.ocop-manifest` file of a build's output folder, or an unchanged copy of it"),
        )),
    }
}

/// The last time read, as written and as read: most lines repeat the one before.
#[derive(Default)]
struct Times {
    last: Option<(String, SystemTime)>,
}

impl Times {
    fn read(&mut self, s: &str) -> Option<SystemTime> {
        match &self.last {
            Some((text, t)) if text == s => Some(*t),
            _ => {
                let t = parse_time(s)?;
                self.last = Some((s.to_string(), t));
                Some(t)
            }
        }
    }
}

/// A line's path and entry, or the column, field and message of what is wrong with it.
fn parse_line(
    line: &str,
    times: &mut Times,
) -> Result<(String, Entry), (usize, &'static str, String)> {
    let mut parts = line.splitn(4, ' ');
    let mut column = 1;
    let mut next = |what: &'static str| {
        let at = column;
        let part = parts.next().filter(|p| !p.is_empty());
        column += part.map_or(0, |p| p.len() + 1);
        part.map(|p| (at, p)).ok_or_else(|| {
            (
                at,
                what,
                format!("the line ends before its {what}: a line is `SIZE HASH TIME PATH`"),
            )
        })
    };
    let (c, size) = next("size")?;
    let size = size
        .parse::<u64>()
        .map_err(|_| (c, "size", format!("`{size}` is not a size in bytes")))?;
    let (c, hex) = next("hash")?;
    let hash = (hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u128::from_str_radix(hex, 16).ok())
        .flatten()
        .ok_or_else(|| (c, "hash", format!("`{hex}` is not a hash of 32 hex digits")))?;
    let (c, time) = next("time")?;
    let mtime = times.read(time).ok_or_else(|| {
        (
            c,
            "time",
            format!("`{time}` is not a time such as 2026-11-22T00:05:13Z"),
        )
    })?;
    let (c, path) = next("path")?;
    let path = unescape(path).ok_or_else(|| {
        (
            c,
            "path",
            format!("the path `{path}` has a backslash that is not `\\\\`, `\\n` or `\\r`"),
        )
    })?;
    Ok((path, Entry { size, hash, mtime }))
}

/// A time in UTC, RFC 3339, with the decimals it needs to be exact.
pub(crate) fn format_time(t: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

fn parse_time(s: &str) -> Option<SystemTime> {
    let t = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    let secs = t.timestamp();
    let nanos = t.timestamp_subsec_nanos();
    if secs >= 0 {
        UNIX_EPOCH.checked_add(Duration::new(secs.unsigned_abs(), nanos))
    } else {
        UNIX_EPOCH
            .checked_sub(Duration::from_secs(secs.unsigned_abs()))?
            .checked_add(Duration::from_nanos(u64::from(nanos)))
    }
}

/// A path as a manifest line holds it.
pub(crate) fn escape(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.contains(['\\', '\n', '\r']) {
        return path.into();
    }
    path.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .into()
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(size: u64, hash: u128, secs: u64, nanos: u32) -> Entry {
        Entry {
            size,
            hash,
            mtime: UNIX_EPOCH + Duration::new(secs, nanos),
        }
    }

    #[test]
    fn text_round_trips_exactly() {
        let mut m = Manifest::default();
        m.entries
            .insert("index.html".into(), entry(10, 0xabc, 1_795_000_000, 0));
        m.entries.insert(
            "anh/a b\\c\nd.webp".into(),
            entry(0, u128::MAX, 1_795_000_001, 120_344_117),
        );
        let text = m.to_text();
        assert!(text.starts_with("ocop-manifest 1\n"));
        assert!(text.contains(" 2026-11-18T"), "{text}");
        assert!(text.contains("Z anh/a b\\\\c\\nd.webp\n"), "{text}");
        assert_eq!(Manifest::parse(&text, Path::new("m")).unwrap(), m);
    }

    #[test]
    fn streamed_and_whole_hashes_agree() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut h = Hasher::default();
        for piece in bytes.chunks(4093) {
            h.update(piece);
        }
        assert_eq!(h.finish(), (bytes.len() as u64, hash(&bytes)));
    }

    #[test]
    fn a_corrupt_line_names_its_line_column_and_field() {
        let text = format!(
            "{HEADER}\n1 {:032x} 2026-11-22T00:00:00Z a.html\n2 xyz 2026-11-22T00:00:00Z b.html\n",
            5
        );
        let p = Manifest::parse(&text, Path::new("saved.manifest")).unwrap_err();
        assert_eq!((p.line, p.column), (Some(3), Some(3)));
        assert_eq!(p.field.as_deref(), Some("hash"));
        assert!(p.message.contains("`xyz`"), "{}", p.message);
        assert!(p.hint.is_some());
        let p = Manifest::parse("<html>\n", Path::new("x")).unwrap_err();
        assert!(p.message.contains("not an ocop manifest"), "{}", p.message);
        let p = Manifest::parse("ocop-manifest 7\n", Path::new("x")).unwrap_err();
        assert!(p.message.contains("format `7`"), "{}", p.message);
        let cut = format!("{HEADER}\n12 {:032x}\n", 5);
        let p = Manifest::parse(&cut, Path::new("x")).unwrap_err();
        assert_eq!(p.field.as_deref(), Some("time"));
    }

    #[test]
    fn changes_compare_content_not_time() {
        let mut old = Manifest::default();
        old.entries.insert("same".into(), entry(1, 1, 1, 0));
        old.entries.insert("edited".into(), entry(1, 1, 1, 0));
        old.entries.insert("gone".into(), entry(1, 1, 1, 0));
        let mut new = Manifest::default();
        new.entries.insert("same".into(), entry(1, 1, 99, 0));
        new.entries.insert("edited".into(), entry(1, 2, 1, 0));
        new.entries.insert("new".into(), entry(1, 1, 1, 0));
        let c = new.changes_since(&old);
        assert_eq!(c.added, vec!["new"]);
        assert_eq!(c.changed, vec!["edited"]);
        assert_eq!(c.removed, vec!["gone"]);
    }
}
