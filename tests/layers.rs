//! The stage folders of `src/` import one way only (see docs/architecture.md).
//!
//! Each folder has a rank, in the order data flows through a build; a file may name
//! (`crate::…`) its own folder and folders of a lower rank, never one of its rank or above.
//! Two folders of one rank are siblings that know nothing of each other. The test reads
//! the sources as text, the way `tests/i18n.rs` does, so a backward import fails here
//! with the file, the line and the rule it breaks.

use std::path::{Path, PathBuf};

/// Every folder of `src/` and its rank; `main.rs` and `lib.rs` stand above them all.
const RANKS: &[(&str, u8)] = &[
    ("base", 0),
    ("model", 1),
    ("load", 2),
    ("resolve", 3),
    ("theme", 3),
    ("present", 4),
    ("render", 5),
    ("outputs", 6),
    ("build", 7),
    ("serve", 8),
    ("spreadsheet", 8),
    ("cli", 9),
];

/// Folders whose files may use the template engine: the theme loads templates, render
/// renders them. Views, rules and outputs are made without it.
const TERA: &[&str] = &["theme", "render"];

fn rank(folder: &str) -> Option<u8> {
    RANKS.iter().find(|(f, _)| *f == folder).map(|(_, r)| *r)
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, into);
        } else if p.extension().is_some_and(|x| x == "rs") {
            into.push(p);
        }
    }
}

/// The folders a line of code names as `crate::FOLDER` (comments left out).
fn named_folders(line: &str) -> Vec<&str> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("crate::")
        .filter(|(i, _)| {
            // `ocop::crate::` never occurs; `$crate::` and `mycrate::` are not ours.
            let before = code[..*i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .filter_map(|(i, m)| {
            let rest = &code[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            (end > 0).then(|| &rest[..end])
        })
        .collect()
}

/// Every import of `src/` that runs against the stage order, as `file:line: message`.
fn backward_imports(src: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    for &(folder, own) in RANKS {
        let mut files = Vec::new();
        rust_files(&src.join(folder), &mut files);
        assert!(!files.is_empty(), "src/{folder}/ has no Rust file");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let shown = file.strip_prefix(src.parent().unwrap()).unwrap().display();
            for (n, line) in text.lines().enumerate() {
                for named in named_folders(line) {
                    match rank(named) {
                        Some(_) if named == folder => {}
                        Some(r) if r < own => {}
                        Some(r) => wrong.push(format!(
                            "{shown}:{}: `{folder}` (rank {own}) names `crate::{named}` (rank {r}); a stage may only use the stages before it",
                            n + 1
                        )),
                        None => wrong.push(format!(
                            "{shown}:{}: `crate::{named}` is no stage folder: add it to RANKS here and to docs/architecture.md",
                            n + 1
                        )),
                    }
                }
                let code = line.split("//").next().unwrap_or("");
                if !TERA.contains(&folder) && (code.contains("tera::") || code.contains("use tera"))
                {
                    wrong.push(format!(
                        "{shown}:{}: `{folder}` uses the template engine; only {TERA:?} may",
                        n + 1
                    ));
                }
            }
        }
    }
    wrong
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn stages_import_only_the_stages_before_them() {
    let wrong = backward_imports(&src());
    assert!(
        wrong.is_empty(),
        "imports against the stage order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_folder_of_src_is_a_stage_with_a_rank() {
    let mut folders: Vec<String> = std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut ranked: Vec<String> = RANKS.iter().map(|(f, _)| f.to_string()).collect();
    ranked.sort();
    assert_eq!(
        folders, ranked,
        "src/ folders and the ranks of this test differ"
    );
    let map = std::fs::read_to_string(src().join("../docs/architecture.md")).unwrap();
    for (f, _) in RANKS {
        assert!(
            map.contains(&format!("`src/{f}/`")),
            "docs/architecture.md does not describe `src/{f}/`"
        );
    }
}

#[test]
fn a_backward_import_is_caught() {
    // A copy of src/ where the model names the renderer: the check must find it.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("src");
    for &(folder, _) in RANKS {
        let mut files = Vec::new();
        rust_files(&src().join(folder), &mut files);
        for f in files {
            let to = copy.join(f.strip_prefix(src()).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&f, &to).unwrap();
        }
    }
    assert!(backward_imports(&copy).is_empty());
    let model = copy.join("model/mod.rs");
    let mut text = std::fs::read_to_string(&model).unwrap();
    text.push_str("\n#[allow(unused_imports)]\nuse crate::render::Renderer;\n");
    std::fs::write(&model, text).unwrap();
    let wrong = backward_imports(&copy);
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(wrong[0].contains("src/model/mod.rs") && wrong[0].contains("crate::render"));
    // A comment naming a later stage is no import.
    assert!(named_folders("// see crate::serve for the server").is_empty());
    assert_eq!(named_folders("use crate::base::diag::Problem;"), ["base"]);
}
