//! Real-browser quality gates, run by `cargo test`.
//!
//! Builds the example site with the `ocop` binary and hands it to
//! `tests/browser/quality-gates.mjs`, which serves it on 127.0.0.1 and checks it in Debian's
//! Chromium (playwright-core, axe-core, screenshots), with the Nu HTML Checker and with
//! Lighthouse. It needs `node`, `java`, `/usr/bin/chromium` and the npm packages of
//! `package.json` (`npm ci`). Without them the test explains what is missing and passes,
//! except in CI (`CI=true`), where it fails.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const NODE_PACKAGES: [&str; 5] = [
    "playwright-core",
    "@axe-core/playwright",
    "axe-core",
    "vnu-jar",
    "lighthouse",
];
/// Far more than the gates need (about two minutes on two cores).
const TIMEOUT: Duration = Duration::from_secs(20 * 60);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `program arg` starts and exits successfully.
fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The major version of `node`, if it runs.
fn node_major() -> Option<u32> {
    let out = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let version = String::from_utf8_lossy(&out.stdout);
    version
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// What the environment lacks, each with how to install it.
fn missing_tools(repo: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    match node_major() {
        None => missing.push("`node` (Node.js 20 or newer, with npm): apt-get install -y nodejs npm".to_string()),
        Some(major) if major < 20 => missing.push(format!(
            "Node.js 20 or newer (found {major}; playwright-core needs 20): install a newer `nodejs`"
        )),
        Some(_) => {}
    }
    if !runs("java", "-version") {
        missing
            .push("`java` (for the Nu HTML Checker): apt-get install -y default-jre".to_string());
    }
    if !Path::new(CHROMIUM).is_file() {
        missing.push(format!("{CHROMIUM}: apt-get install -y chromium"));
    }
    let absent: Vec<&str> = NODE_PACKAGES
        .iter()
        .copied()
        .filter(|package| {
            !repo
                .join("node_modules")
                .join(package)
                .join("package.json")
                .is_file()
        })
        .collect();
    if !absent.is_empty() {
        missing.push(format!(
            "node_modules/{{{}}}: run `PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts` at the repository root",
            absent.join(", ")
        ));
    }
    missing
}

/// Copies a child's output stream line by line to ours, keeping the lines.
fn stream(
    source: impl Read + Send + 'static,
    to_stderr: bool,
    lines: Arc<Mutex<Vec<String>>>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(source).lines() {
            let Ok(line) = line else { break };
            if to_stderr {
                eprintln!("{line}");
            } else {
                println!("{line}");
            }
            lines.lock().unwrap().push(line);
        }
    })
}

/// `N passed, M failed` as printed last by the script.
fn summary(lines: &[String]) -> Option<(u64, u64)> {
    lines.iter().rev().find_map(|line| {
        let (passed, failed) = line.trim().split_once(" passed, ")?;
        let failed = failed.strip_suffix(" failed")?;
        Some((passed.parse().ok()?, failed.parse().ok()?))
    })
}

/// Turns the catalogue state a build left into that of a month before: the honey of Mèo Vạc
/// a star lower, the first other product not yet there, and a product since removed.
fn earlier_state(path: &Path) {
    let text = std::fs::read_to_string(path).expect("the build leaves its catalogue state");
    let mut state: serde_json::Value = serde_json::from_str(&text).unwrap();
    state["since"] = "2026-10-20".into();
    let products = state["products"].as_object_mut().unwrap();
    let honey = &mut products["mat-ong-bac-ha-meo-vac"];
    let stars = honey["stars"].as_u64().unwrap();
    honey["stars"] = (stars - 1).into();
    let other = products
        .keys()
        .find(|k| *k != "mat-ong-bac-ha-meo-vac")
        .unwrap()
        .clone();
    products.remove(&other);
    products.insert(
        "mien-dong-cu".into(),
        serde_json::json!({"name": "Miến dong (cũ)", "province": "Tuyên Quang", "stars": 3, "status": "valid"}),
    );
    std::fs::write(path, serde_json::to_string(&state).unwrap()).unwrap();
}

#[test]
fn browser_quality_gates() {
    let repo = repo();
    let missing = missing_tools(&repo);
    if !missing.is_empty() {
        let message = format!(
            "browser quality gates cannot run; missing:\n  - {}\n\
             Install everything with:\n  \
             apt-get update && apt-get install -y chromium default-jre\n  \
             PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts\n\
             (.ci/run does this by itself.)",
            missing.join("\n  - ")
        );
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{message}");
        }
        eprintln!("SKIPPED (passes outside CI): {message}");
        return;
    }

    let temp = tempfile::tempdir().expect("create a temporary folder");
    let site = temp.path().join("public");
    // Built twice into one output, the state of the first build changed in between as a
    // month of a province's work would have (a product one star lower, one not yet
    // certified, one since removed), so that the page of recent changes lists some.
    for round in 0..2 {
        if round == 1 {
            earlier_state(&site.join(".ocop-catalogue.json"));
        }
        let build = Command::new(env!("CARGO_BIN_EXE_ocop"))
            .arg("build")
            .args(["--today", "2026-11-22", "--force", "--output"])
            .arg(&site)
            .arg("--root")
            .arg(&repo)
            .output()
            .expect("run the ocop binary");
        assert!(
            build.status.success(),
            "ocop build failed:\n{}{}",
            String::from_utf8_lossy(&build.stdout),
            String::from_utf8_lossy(&build.stderr)
        );
    }
    assert!(
        site.join("index.html").is_file(),
        "the build wrote no index.html"
    );

    let script = repo.join("tests").join("browser").join("quality-gates.mjs");
    let mut child = Command::new("node")
        .arg(&script)
        .arg(&site)
        .env("OCOP_SITE_DIR", &site)
        .env("CHROME_PATH", CHROMIUM)
        .current_dir(&repo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let out = stream(child.stdout.take().unwrap(), false, Arc::clone(&lines));
    let err = stream(child.stderr.take().unwrap(), true, Arc::clone(&lines));

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the browser quality gates did not finish within {} s",
                TIMEOUT.as_secs()
            );
        }
        thread::sleep(Duration::from_millis(200));
    };
    out.join().unwrap();
    err.join().unwrap();

    let lines = lines.lock().unwrap();
    let counted = summary(&lines);
    assert!(
        status.success() && matches!(counted, Some((passed, 0)) if passed > 0),
        "browser quality gates failed ({status}, {}); see the FAIL lines above",
        counted.map_or(
            "no `N passed, M failed` line".to_string(),
            |(p, f)| format!("{p} passed, {f} failed")
        )
    );
}
