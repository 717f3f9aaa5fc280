//! The output guard: a build replaces only a folder `ocop` wrote, never the sources however
//! the paths are spelled, never a file, and never while another build of the same output
//! runs; and no file of a site (a named pipe among them) can make a command wait forever.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{SiteTest, snapshot};

fn ocop(args: &[&str], root: &Path) -> Output {
    let dated = matches!(args.first(), Some(&"build" | &"check"));
    Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(args)
        .args(if dated {
            &["--today", "2026-11-22"][..]
        } else {
            &[]
        })
        .arg("--root")
        .arg(root)
        .output()
        .expect("run ocop")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file and folder name below `dir` (hidden ones included), relative and sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

/// Hidden folders a build left beside an output (staging or replaced sites).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".previous-") || n.ends_with(".old"))
        .collect()
}

#[test]
fn a_folder_ocop_did_not_write_is_never_replaced_or_deleted() {
    let t = SiteTest::new();
    let home = tempfile::tempdir().unwrap();
    let docs = home.path().join("Documents");
    std::fs::create_dir_all(docs.join("photos")).unwrap();
    std::fs::write(docs.join("notes.txt"), "quan trọng").unwrap();
    std::fs::write(docs.join("photos/a.jpg"), "jpeg").unwrap();
    let before = snapshot(home.path());
    for _ in 0..2 {
        let o = Command::new(env!("CARGO_BIN_EXE_ocop"))
            .args(["build", "--today", "2026-11-22", "--root"])
            .arg(t.root())
            .arg("--output")
            .arg(&docs)
            .output()
            .unwrap();
        assert!(!o.status.success());
        let e = stderr(&o);
        assert!(e.contains("has files that `ocop` did not write"), "{e}");
        assert!(e.contains("left as it is"), "{e}");
        // Not a byte changed, nothing set aside, nothing to delete later.
        assert_eq!(snapshot(home.path()), before);
        assert_eq!(
            names(home.path()),
            [
                "Documents",
                "Documents/notes.txt",
                "Documents/photos",
                "Documents/photos/a.jpg"
            ]
        );
    }
}

#[test]
fn an_empty_folder_or_an_earlier_output_may_be_replaced() {
    let t = SiteTest::new();
    let out = t.path("public");
    std::fs::create_dir_all(&out).unwrap();
    let mut o = t.options();
    o.output = Some(out.clone());
    let b = ocop::build::build(&o);
    assert!(b.ok(), "{:?}", b.problems);
    assert!(out.join(ocop::build::publish::MARKER).is_file());
    assert!(out.join("index.html").is_file());
    // The marked output is replaced by the next build.
    let b = ocop::build::build(&o);
    assert!(b.ok(), "{:?}", b.problems);
    // An output written before outputs carried the marker is still recognised.
    std::fs::remove_file(out.join(ocop::build::publish::MARKER)).unwrap();
    let b = ocop::build::build(&o);
    assert!(b.ok(), "{:?}", b.problems);
    assert!(out.join(ocop::build::publish::MARKER).is_file());
}

#[test]
fn an_output_path_that_is_a_file_is_refused_and_left_as_it_is() {
    let t = SiteTest::new().file("ban-tin.pdf", "PDF");
    let o = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["build", "--today", "2026-11-22", "--root"])
        .arg(t.root())
        .arg("--output")
        .arg(t.path("ban-tin.pdf"))
        .output()
        .unwrap();
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("is a file, not a folder"), "{e}");
    assert_eq!(std::fs::read(t.path("ban-tin.pdf")).unwrap(), b"PDF");
    assert!(leftovers(t.root()).is_empty(), "{:?}", leftovers(t.root()));
}

/// The output, spelled so that a comparison of the text of the paths misses the sources.
#[test]
fn the_sources_are_safe_from_outputs_spelled_with_dot_dot_or_reached_through_links() {
    let t = SiteTest::new();
    let base = std::fs::canonicalize(t.root()).unwrap();
    let before = snapshot(&base);
    let mut spellings: Vec<(PathBuf, PathBuf)> = vec![
        // (root as given, output as given)
        (base.clone(), base.join("o/../content")),
        (base.clone(), base.join("public/../site.toml")),
        (base.clone(), base.join("content/products/../..")),
        (base.join("content"), base.join("content/../content")),
    ];
    let site_name = base.file_name().unwrap().to_owned();
    spellings.push((base.clone(), base.join("o/..").join("..").join(&site_name)));
    #[cfg(unix)]
    {
        let links = tempfile::tempdir().unwrap();
        let link = links.path().join("site-link");
        std::os::unix::fs::symlink(&base, &link).unwrap();
        // The root through a link, the output by its real path, and the other way round.
        spellings.push((link.clone(), base.clone()));
        spellings.push((link.clone(), base.join("static")));
        spellings.push((base.clone(), link.join("content")));
        spellings.push((base.clone(), link.clone()));
        std::mem::forget(links);
    }
    for (root, output) in spellings {
        let mut o = ocop::build::BuildOptions::new(&root, common::today());
        o.output = Some(output.clone());
        let r = ocop::build::build(&o);
        assert!(
            !r.ok(),
            "{} was accepted as output of {}",
            output.display(),
            root.display()
        );
        assert!(
            r.problems.iter().any(|p| p.message.contains("site's own")),
            "{}: {:?}",
            output.display(),
            r.problems
        );
        assert_eq!(
            snapshot(&base),
            before,
            "{} changed the sources",
            output.display()
        );
        // Nothing set aside beside the site (the temporary folder is shared: only its own).
        let mine = format!(".{}.", site_name.to_string_lossy());
        let parent = base.parent().unwrap();
        assert!(!leftovers(parent).iter().any(|n| n.starts_with(&mine)));
        assert!(leftovers(&base).is_empty());
    }
}

#[test]
fn a_build_refuses_while_another_build_of_the_same_output_runs() {
    let t = SiteTest::new();
    let first = ocop::build::build(&t.options());
    assert!(first.ok());
    let before = snapshot(&t.path("public"));
    let out = std::fs::canonicalize(t.path("public")).unwrap();
    // Another build holds the lock (here: this process, as a build would).
    let held = ocop::build::publish::lock(&out, &out).unwrap();
    let r = ocop::build::build(&t.options());
    assert!(!r.ok());
    let msg: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        msg.iter()
            .any(|m| m.contains("another build of this output folder is running")),
        "{msg:?}"
    );
    assert_eq!(snapshot(&t.path("public")), before);
    drop(held);
    // Released: the next build goes ahead (a lock file left by a dead build is no obstacle).
    assert!(t.path(".public.lock").exists());
    assert!(ocop::build::build(&t.options()).ok());
}

#[test]
fn concurrent_builds_of_one_output_never_publish_a_partial_site() {
    let t = SiteTest::with_products(1200);
    let reference = tempfile::tempdir().unwrap();
    let mut o = t.options();
    o.output = Some(reference.path().join("public"));
    assert!(ocop::build::build(&o).ok());
    // The site's files; the manifests of two outputs differ in their times.
    let site_files = |dir: &Path| {
        let mut files = snapshot(dir);
        files.retain(|(rel, _)| !ocop::build::manifest::is_bookkeeping(rel));
        files
    };
    let complete = site_files(&reference.path().join("public"));
    for round in 0..3 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_ocop"))
                    .args(["build", "--force", "--today", "2026-11-22", "--root"])
                    .arg(t.root())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut built = 0;
        for c in children {
            let o = c.wait_with_output().unwrap();
            let e = stderr(&o);
            if o.status.success() {
                built += 1;
            } else {
                assert!(
                    e.contains("another build of this output folder is running"),
                    "{e}"
                );
            }
        }
        assert!(built >= 1, "round {round}: no build succeeded");
        assert_eq!(
            site_files(&t.path("public")),
            complete,
            "round {round}: the published site is not the complete one"
        );
    }
}

/// Runs `f` on a thread and fails the test if it has not returned within `limit`.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).unwrap_or_else(|_| {
        panic!("{what} still waiting after {limit:?}: it blocked on a named pipe")
    })
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c.as_ptr(), 0o644) },
        0,
        "mkfifo {}",
        path.display()
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_anywhere_in_a_site_is_named_and_never_waited_on() {
    let cases: [(&str, &str); 6] = [
        ("content/products/ong.md", "content/products/ong.md"),
        (
            "content/products/che-shan-tuyet.en.md",
            "content/products/che-shan-tuyet.en.md",
        ),
        (
            "content/producers/hop-tac/index.md",
            "content/producers/hop-tac/index.md",
        ),
        ("site.toml", "site.toml"),
        (
            "content/products/bundle/anh.jpg",
            "photo `anh.jpg` cannot be read: it is a named pipe",
        ),
        ("static/logo.png", ""),
    ];
    for (fifo, named) in cases {
        let mut t = SiteTest::new();
        if fifo.contains("bundle/") {
            t = t.file(
                "content/products/bundle/index.md",
                common::PRODUCT.replace(
                    "[[certificates]]",
                    "photos = [\"anh.jpg\"]\n\n[[certificates]]",
                ),
            );
        }
        mkfifo(&t.path(fifo));
        let root = t.root().to_path_buf();
        for cmd in [&["check"][..], &["build"], &["export"]] {
            let args: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
            let r = root.clone();
            let o = within(
                Duration::from_secs(60),
                &format!("ocop {cmd:?} with {fifo}"),
                move || {
                    let a: Vec<&str> = args.iter().map(String::as_str).collect();
                    ocop(&a, &r)
                },
            );
            let e = stderr(&o);
            if named.is_empty() || (cmd[0] == "export" && fifo.ends_with(".jpg")) {
                // (`export` reads records, not photos.)
                // A pipe in static/ is not a file to publish: skipped, the build goes on.
                continue;
            }
            assert!(
                !o.status.success(),
                "ocop {cmd:?} with a pipe at {fifo} succeeded: {e}"
            );
            assert!(e.contains(named), "ocop {cmd:?} does not name {named}: {e}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_given_to_import_is_refused_at_once() {
    let t = SiteTest::new();
    mkfifo(&t.path("bang.csv"));
    let root = t.root().to_path_buf();
    let started = Instant::now();
    let o = within(Duration::from_secs(60), "ocop import", move || {
        Command::new(env!("CARGO_BIN_EXE_ocop"))
            .arg("import")
            .arg(root.join("bang.csv"))
            .arg("--root")
            .arg(&root)
            .output()
            .unwrap()
    });
    assert!(!o.status.success());
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn hidden_files_beside_photos_are_ignored() {
    let t = SiteTest::new()
        .file("content/products/bundle/index.md", common::PRODUCT)
        .file(
            "content/products/bundle/._anh.jpg",
            b"\x00\x05\x16\x07AppleDouble",
        )
        .file("content/products/bundle/.DS_Store", b"\x00\x00\x00\x01Bud1");
    let b = t.build();
    b.assert_ok();
    let all: Vec<String> = b.report.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        !all.iter()
            .any(|p| p.contains("._anh.jpg") || p.contains("DS_Store")),
        "{all:?}"
    );
}
