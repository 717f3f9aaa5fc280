//! What changed between two manifests of an output, in the order an upload should send it,
//! written in the forms upload tools read: a plain list, a file list for
//! `rsync --files-from`, batch scripts for `lftp` and OpenSSH's `sftp`, and JSON.
//!
//! An upload over a slow link takes minutes, and visitors browse meanwhile. So that none of
//! them meets a page that links to a file not uploaded yet, files go in this order: files
//! that pages show (photos, styles, scripts, documents); new pages, which no page on the
//! server links to yet; changed pages (which may now link to the new ones); the files that
//! list pages (the search index, data exports, feeds, the sitemap, robots.txt); the search
//! index's manifest, which gives its other files their versions (so no browser is given a
//! version before its file is there); the search pages, which name the manifest; the home
//! page of each language, the root
//! `index.html` last. Removed files are deleted at the very end, once no uploaded page links
//! to them, then the folders they leave empty. The scripts create the new folders first.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::base::diag::Problem;
use crate::base::fsutil;
use crate::base::manifest::{self, Manifest};
use crate::build::manifest::{FILE, PREVIOUS};
use crate::model::Lang;
use crate::outputs::search;
use crate::present::urls::path;

/// The forms `ocop changes` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `A path`, `M path`, `D path`, one a line.
    Plain,
    /// Paths for `rsync --files-from` (with `--delete-missing-args --force` for the removed
    /// ones).
    Rsync,
    /// A script for `lftp` (FTP, FTPS, SFTP).
    Lftp,
    /// A batch file for OpenSSH's `sftp -b`.
    Sftp,
    Json,
}

/// An upload of what changed: every step in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to send, in order, each with whether it is new (`true`) or changed.
    pub uploads: Vec<(String, bool)>,
    /// Files to delete, in order.
    pub removals: Vec<String>,
    /// Folders of new files that the earlier output did not have, parents first.
    pub new_folders: Vec<String>,
    /// Folders that only removed files were in, deepest first.
    pub empty_folders: Vec<String>,
}

impl Plan {
    /// The upload that turns the output of `earlier` into that of `later`.
    pub fn between(earlier: &Manifest, later: &Manifest) -> Plan {
        let c = later.changes_since(earlier);
        let mut uploads: Vec<(String, bool)> = c
            .added
            .into_iter()
            .map(|p| (p, true))
            .chain(c.changed.into_iter().map(|p| (p, false)))
            .collect();
        uploads.sort_by(|(a, new_a), (b, new_b)| {
            (step(a, *new_a), a.as_str()).cmp(&(step(b, *new_b), b.as_str()))
        });
        let had = folders(earlier.entries.keys());
        let has = folders(later.entries.keys());
        let new_folders = has.difference(&had).cloned().collect();
        let mut empty_folders: Vec<String> = had.difference(&has).cloned().collect();
        empty_folders.sort_by(|a, b| depth(b).cmp(&depth(a)).then(a.cmp(b)));
        Plan {
            uploads,
            removals: c.removed,
            new_folders,
            empty_folders,
        }
    }

    pub fn added(&self) -> usize {
        self.uploads.iter().filter(|(_, new)| *new).count()
    }

    pub fn changed(&self) -> usize {
        self.uploads.len() - self.added()
    }

    /// The plan in `format`; an error for a file name the format cannot hold (a line break,
    /// and for the scripts a quote or backslash), naming it.
    pub fn render(&self, format: Format) -> Result<String, Box<Problem>> {
        match format {
            Format::Plain => Ok(self.plain()),
            Format::Rsync => self.rsync(),
            Format::Lftp => self.script(&LFTP),
            Format::Sftp => self.script(&SFTP),
            Format::Json => Ok(self.json()),
        }
    }

    fn plain(&self) -> String {
        let mut s = String::new();
        for (p, new) in &self.uploads {
            let _ = writeln!(
                s,
                "{} {}",
                if *new { 'A' } else { 'M' },
                manifest::escape(p)
            );
        }
        for p in &self.removals {
            let _ = writeln!(s, "D {}", manifest::escape(p));
        }
        s
    }

    /// The files to send, then what to delete: removed files in folders that stay, and each
    /// folder that is gone whole (rsync deletes a missing folder with `--force`, but not a
    /// missing file whose folder is missing too).
    fn rsync(&self) -> Result<String, Box<Problem>> {
        let gone: BTreeSet<&str> = self.empty_folders.iter().map(String::as_str).collect();
        let parent = |p: &str| p.rfind('/').map(|i| p[..i].to_string());
        let in_gone = |p: &str| parent(p).is_some_and(|d| gone.contains(d.as_str()));
        let mut s = String::new();
        let paths = self.uploads.iter().map(|(p, _)| p);
        let removed = self.removals.iter().filter(|p| !in_gone(p));
        let mut folders: Vec<&String> = self.empty_folders.iter().filter(|d| !in_gone(d)).collect();
        folders.sort();
        for p in paths.chain(removed).chain(folders) {
            if p.contains(['\n', '\r']) {
                return Err(unsendable(p, "a line break"));
            }
            s.push_str(p);
            s.push('\n');
        }
        Ok(s)
    }

    fn script(&self, tool: &Tool) -> Result<String, Box<Problem>> {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# {} new, {} changed, {} removed files (ocop changes).\n# {}",
            self.added(),
            self.changed(),
            self.removals.len(),
            tool.usage
        );
        s.push_str(tool.preamble);
        for d in &self.new_folders {
            let _ = writeln!(s, "{} {}", tool.mkdir, quote(d)?);
        }
        for (p, _) in &self.uploads {
            let p = quote(p)?;
            let _ = writeln!(s, "{}", tool.put.replace("{}", &p));
        }
        for p in &self.removals {
            let _ = writeln!(s, "{} {}", tool.rm, quote(p)?);
        }
        for d in &self.empty_folders {
            let _ = writeln!(s, "{} {}", tool.rmdir, quote(d)?);
        }
        Ok(s)
    }

    fn json(&self) -> String {
        let of = |new: bool| -> Vec<&String> {
            let mut v: Vec<&String> = self
                .uploads
                .iter()
                .filter(|(_, n)| *n == new)
                .map(|(p, _)| p)
                .collect();
            v.sort();
            v
        };
        let value = serde_json::json!({
            "added": of(true),
            "changed": of(false),
            "removed": self.removals,
            "upload": self.uploads.iter().map(|(p, _)| p).collect::<Vec<_>>(),
            "create_folders": self.new_folders,
            "remove_folders": self.empty_folders,
        });
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// The commands of one batch client.
struct Tool {
    usage: &'static str,
    preamble: &'static str,
    mkdir: &'static str,
    /// With `{}` for the quoted path (the same on both sides).
    put: &'static str,
    rm: &'static str,
    rmdir: &'static str,
}

/// `lftp` stops at the first command that fails (`cmd:fail-exit`) and replaces a file rather
/// than keeping the old one as `NAME~TIME~` (`xfer:clobber`); `-f` keeps `mkdir`, `rm` and
/// `rmdir` quiet about folders that exist and files already gone.
const LFTP: Tool = Tool {
    usage: "Run it inside the output folder: lftp -e \"source ../changes.lftp; quit\" sftp://USER@HOST/PATH (or ftp://, ftps://)",
    preamble: "set cmd:fail-exit yes\nset xfer:clobber on\nset xfer:make-backup off\n",
    mkdir: "mkdir -p -f",
    put: "put {} -o {}",
    rm: "rm -f",
    rmdir: "rmdir -f",
};

/// `sftp -b` stops at the first command that fails, except those written with a leading
/// `-`: making a folder that exists, deleting a file already gone.
const SFTP: Tool = Tool {
    usage: "Run it inside the output folder: sftp -b ../changes.sftp USER@HOST:PATH",
    preamble: "",
    mkdir: "-mkdir",
    put: "put {} {}",
    rm: "-rm",
    rmdir: "-rmdir",
};

/// A path in double quotes for a batch client, or an error for a name it cannot hold. Both
/// clients take what is in double quotes as it is: `lftp`'s `put` and `rm` expand no
/// wildcards, and `sftp` escapes `*?[]` between quotes itself.
fn quote(p: &str) -> Result<String, Box<Problem>> {
    if let Some(c) = p
        .chars()
        .find(|c| c.is_control() || *c == '"' || *c == '\\')
    {
        let what = match c {
            '"' => "a double quote".to_string(),
            '\\' => "a backslash".to_string(),
            c => format!("the control character U+{:04X}", c as u32),
        };
        return Err(unsendable(p, &what));
    }
    Ok(format!("\"{p}\""))
}

fn unsendable(p: &str, what: &str) -> Box<Problem> {
    Box::new(
        Problem::error(
            p,
            format!("the file's name has {what}, which this list cannot hold"),
        )
        .hint("rename the file in the site (`static/` keeps the names it is given), build again, or use `--format plain` or `json`"),
    )
}

/// Where a file goes in the order of uploads (see the top of this file).
fn step(p: &str, new: bool) -> u8 {
    let prefixes = || Lang::ALL.iter().map(|l| l.prefix());
    if p == "index.html" {
        7
    } else if prefixes().any(|pre| !pre.is_empty() && p == format!("{pre}index.html")) {
        6
    } else if prefixes().any(|pre| p == format!("{pre}{}index.html", path::SEARCH)) {
        5
    } else if p == format!("{}manifest.json", search::DIR) {
        4
    } else if lists_pages(p) {
        3
    } else if p.ends_with(".html") {
        if new { 1 } else { 2 }
    } else {
        0
    }
}

/// Whether the file lists pages of the site: the search index, the data exports (not the
/// data page), feeds and calendars, the sitemap, robots.txt.
fn lists_pages(p: &str) -> bool {
    p.starts_with(search::DIR)
        || (p.starts_with(path::DATA) && !p.ends_with(".html"))
        || p.ends_with(".xml")
        || p.ends_with(".ics")
        || p == "robots.txt"
}

/// Every folder files of `paths` are in (and the folders above), without the root.
fn folders<'a>(paths: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for p in paths {
        let mut end = p.len();
        while let Some(i) = p[..end].rfind('/') {
            if !all.insert(p[..i].to_string()) {
                break;
            }
            end = i;
        }
    }
    all
}

fn depth(p: &str) -> usize {
    p.matches('/').count()
}

/// The manifest of `output`, and the one to compare it with: `since`, else the manifest of
/// the output its build replaced. Each problem names the file and says what to do.
pub fn load(
    output: &Path,
    since: Option<&Path>,
) -> Result<(Manifest, Manifest, PathBuf), Box<Problem>> {
    let current = output.join(FILE);
    if !current.is_file() {
        return Err(Box::new(
            Problem::error(&current, "there is no manifest of a build here")
                .hint("build the site first (`ocop build`, with the same `--output`): every build writes `.ocop-manifest` into its output folder"),
        ));
    }
    let later = read(&current)?;
    let earlier_path = match since {
        Some(p) => p.to_path_buf(),
        None => {
            let p = output.join(PREVIOUS);
            if !p.is_file() {
                return Err(Box::new(
                    Problem::error(&p, "the build that wrote this output replaced no output with a manifest, so there is no previous build to compare with")
                        .hint("pass `--since FILE` with the manifest you saved after your last upload; or upload the whole output folder once and save its `.ocop-manifest` as that file"),
                ));
            }
            p
        }
    };
    let earlier = read(&earlier_path)?;
    Ok((earlier, later, earlier_path))
}

fn read(path: &Path) -> Result<Manifest, Box<Problem>> {
    let text = fsutil::read_to_string(path).map_err(|e| {
        Box::new(Problem::error(path, e.source.to_string()).hint(
            "give the manifest to compare with: `.ocop-manifest` of an output folder, or the copy you saved after your last upload",
        ))
    })?;
    Manifest::parse(&text, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::manifest::Entry;
    use std::time::UNIX_EPOCH;

    fn manifest(files: &[(&str, u128)]) -> Manifest {
        let mut m = Manifest::default();
        for (p, h) in files {
            m.entries.insert(
                p.to_string(),
                Entry {
                    size: 1,
                    hash: *h,
                    mtime: UNIX_EPOCH,
                },
            );
        }
        m
    }

    #[test]
    fn uploads_go_assets_new_pages_changed_pages_lists_search_home_then_removals() {
        let earlier = manifest(&[
            ("anh/cu.webp", 1),
            ("anh/giu.webp", 1),
            ("index.html", 1),
            ("en/index.html", 1),
            ("tim-kiem/index.html", 1),
            ("san-pham/index.html", 1),
            ("san-pham/cu/index.html", 1),
            ("san-pham/cu/qr.svg", 1),
            ("search/a1/manifest.json", 1),
            ("search/manifest.json", 1),
            ("search/terms-0.json", 1),
            ("sitemap.xml", 1),
            ("style.css", 1),
        ]);
        let later = manifest(&[
            ("anh/giu.webp", 1),
            ("index.html", 2),
            ("en/index.html", 2),
            ("tim-kiem/index.html", 2),
            ("san-pham/index.html", 2),
            ("san-pham/moi/index.html", 1),
            ("san-pham/moi/anh.webp", 1),
            ("search/b2/manifest.json", 1),
            ("search/manifest.json", 2),
            ("search/terms-0.json", 2),
            ("sitemap.xml", 2),
            ("style.css", 1),
        ]);
        let plan = Plan::between(&earlier, &later);
        let order: Vec<&str> = plan.uploads.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            order,
            [
                "san-pham/moi/anh.webp",
                "san-pham/moi/index.html",
                "san-pham/index.html",
                "search/b2/manifest.json",
                "search/terms-0.json",
                "sitemap.xml",
                "search/manifest.json",
                "tim-kiem/index.html",
                "en/index.html",
                "index.html",
            ]
        );
        assert_eq!(
            plan.removals,
            [
                "anh/cu.webp",
                "san-pham/cu/index.html",
                "san-pham/cu/qr.svg",
                "search/a1/manifest.json"
            ]
        );
        assert_eq!(plan.new_folders, ["san-pham/moi", "search/b2"]);
        assert_eq!(plan.empty_folders, ["san-pham/cu", "search/a1"]);
        let plain = plan.render(Format::Plain).unwrap();
        assert!(plain.starts_with("A san-pham/moi/anh.webp\n"), "{plain}");
        assert!(plain.contains("M index.html\nD anh/cu.webp\n"), "{plain}");
        // rsync deletes what is gone: the file, and the folders gone whole.
        let rsync = plan.render(Format::Rsync).unwrap();
        assert!(
            rsync.ends_with("\nindex.html\nanh/cu.webp\nsan-pham/cu\nsearch/a1\n"),
            "{rsync}"
        );
    }

    #[test]
    fn scripts_quote_names_and_refuse_what_they_cannot_hold() {
        assert_eq!(quote("anh/a b[1] *.png").unwrap(), "\"anh/a b[1] *.png\"");
        let p = quote("a\"b").unwrap_err();
        assert!(p.message.contains("double quote"), "{}", p.message);
        let p = Plan {
            uploads: vec![("a\nb".into(), true)],
            ..Plan::default()
        };
        assert!(p.render(Format::Rsync).is_err());
        assert_eq!(p.render(Format::Plain).unwrap(), "A a\\nb\n");
    }
}
