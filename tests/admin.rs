//! The editor at `/admin/` of `ocop serve` (Decap CMS and the proxy protocol it speaks),
//! run as the real binary: who may use it, which paths it refuses, a save the site's check
//! refuses, a photo added to a single-file record, the history of changed and deleted
//! files; and the whole editor driven in Chromium.

mod common;

use std::path::Path;
use std::process::Command;

use common::server::{Server, example_copy, header, missing_browser_tools, repo};
use common::{PRODUCER, PRODUCT};

/// `ocop init` with one producer and one product, each a single file.
fn small_site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    let init = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .arg("init")
        .arg(root.join("site"))
        .output()
        .expect("run ocop init");
    assert!(init.status.success(), "ocop init failed");
    let site = root.join("site");
    std::fs::write(site.join("content/producers/htx-che.md"), PRODUCER).expect("write");
    std::fs::write(site.join("content/products/che-shan-tuyet.md"), PRODUCT).expect("write");
    temp
}

/// The editor's session cookie, as `/admin/` sets it.
fn cookie(server: &Server) -> String {
    let (status, head, _) = server.request("GET", "/admin/", &[], b"");
    assert_eq!(status, 200, "{head}");
    let set = header(&head, "set-cookie").expect("a cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    set.split(';').next().unwrap_or_default().to_string()
}

/// Posts one action of the proxy protocol as the editor does.
fn api(server: &Server, cookie: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let origin = server.url().trim_end_matches('/').to_string();
    let (status, _, bytes) = server.request(
        "POST",
        "/admin/api/v1",
        &[
            ("Cookie", cookie),
            ("Content-Type", "application/json"),
            ("Origin", &origin),
        ],
        body.to_string().as_bytes(),
    );
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, json)
}

fn history_files(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(site.join(".ocop-cache/history"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        out.push(e.path().to_string_lossy().replace('\\', "/"));
    }
    out
}

#[test]
fn only_the_editor_opened_here_may_use_the_api() {
    let temp = small_site();
    let server = Server::start(&temp.path().join("site"));
    let list = serde_json::json!({ "action": "entriesByFolder", "params": { "folder": "content/products" } });
    let body = list.to_string();
    // No cookie: a page elsewhere, or a script that never opened /admin/.
    let (status, _, _) = server.request(
        "POST",
        "/admin/api/v1",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(status, 403);
    let c = cookie(&server);
    // Another site's page posting with the browser's cookie (were it sent).
    for headers in [
        vec![
            ("Cookie", c.as_str()),
            ("Content-Type", "application/json"),
            ("Origin", "http://evil.example"),
        ],
        vec![("Cookie", c.as_str()), ("Content-Type", "text/plain")],
        vec![
            ("Cookie", c.as_str()),
            ("Content-Type", "application/json"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        vec![
            ("Cookie", "ocop_edit=guess"),
            ("Content-Type", "application/json"),
        ],
    ] {
        let (status, _, _) = server.request("POST", "/admin/api/v1", &headers, body.as_bytes());
        assert_eq!(status, 403, "{headers:?}");
    }
    // A name that is not the server's: a page of another site whose name was made to lead
    // here (DNS rebinding).
    let (status, _, _) = server.request("GET", "/admin/", &[("Host", "evil.example:80")], b"");
    assert_eq!(status, 421);
    let (ok, json) = api(&server, &c, &list);
    assert_eq!(ok, 200);
    let paths: Vec<&str> = json
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["file"]["path"].as_str())
        .collect();
    assert_eq!(paths, ["content/products/che-shan-tuyet.md"]);
    // The editor is never part of the site: not in a build's output.
    let out = temp.path().join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(["build", "--today", "2026-11-22", "--root"])
        .arg(temp.path().join("site"))
        .arg("--output")
        .arg(&out)
        .output()
        .expect("build");
    assert!(build.status.success());
    assert!(!out.join("admin").exists());
}

#[test]
fn paths_outside_the_content_folder_are_refused_in_every_form() {
    let temp = small_site();
    let site = temp.path().join("site");
    let server = Server::start(&site);
    let c = cookie(&server);
    let before = std::fs::read(site.join("site.toml")).expect("site.toml");
    for path in [
        "../site.toml",
        "site.toml",
        "content/../site.toml",
        "content/products/../../site.toml",
        "/etc/passwd",
        "content\\products\\..\\..\\site.toml",
        "content/products/%2e%2e/site.md",
        "content/products/.hidden.md",
        "content/products/a.md\u{0}",
        "static/x.md",
        "themes/default/templates/base.html",
    ] {
        let (status, json) = api(
            &server,
            &c,
            &serde_json::json!({ "action": "persistEntry", "params": {
                "dataFiles": [{ "path": path, "raw": "+++\ntitle = \"x\"\n+++\n", "slug": "x" }],
                "assets": [], "options": {} } }),
        );
        assert_eq!(status, 422, "{path}: {json}");
        let (status, _) = api(
            &server,
            &c,
            &serde_json::json!({ "action": "getMediaFile", "params": { "path": path } }),
        );
        assert_eq!(status, 422, "{path}");
        let (status, _) = api(
            &server,
            &c,
            &serde_json::json!({ "action": "deleteFile", "params": { "path": path } }),
        );
        assert_eq!(status, 422, "{path}");
        let (_, entry) = api(
            &server,
            &c,
            &serde_json::json!({ "action": "getEntry", "params": { "path": path } }),
        );
        assert!(entry["data"].is_null(), "{path} was read");
    }
    assert_eq!(
        std::fs::read(site.join("site.toml")).expect("site.toml"),
        before
    );
    assert!(!temp.path().join("x.md").exists());
    let (status, _) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "unknownAction", "params": {} }),
    );
    assert_eq!(status, 422);
}

#[test]
fn a_save_the_check_refuses_is_not_written_and_names_its_field() {
    let temp = small_site();
    let site = temp.path().join("site");
    let server = Server::start(&site);
    let c = cookie(&server);
    let file = site.join("content/products/che-shan-tuyet.md");
    let before = std::fs::read_to_string(&file).expect("read");
    let broken = before.replace("stars = 4", "stars = 7");
    assert_ne!(broken, before);
    let (status, json) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "persistEntry", "params": {
            "dataFiles": [{ "path": "content/products/che-shan-tuyet.md", "raw": broken, "slug": "che-shan-tuyet" }],
            "assets": [], "options": {} } }),
    );
    assert_eq!(status, 422, "{json}");
    let problem = &json["problems"][0];
    assert_eq!(problem["field"], "certificates[0].stars", "{json}");
    assert!(
        problem["label"]
            .as_str()
            .unwrap_or_default()
            .ends_with("› Hạng sao"),
        "{json}"
    );
    assert!(
        json["error"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Chưa lưu"),
        "{json}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), before);
    // A producer that a product names cannot be deleted.
    let (status, json) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "deleteFile", "params": { "path": "content/producers/htx-che.md" } }),
    );
    assert_eq!(status, 422, "{json}");
    assert!(site.join("content/producers/htx-che.md").exists());
    // The same record, fixed, is written; the earlier version is kept in the history.
    let fixed = before.replace("stars = 4", "stars = 5");
    let (status, json) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "persistEntry", "params": {
            "dataFiles": [{ "path": "content/products/che-shan-tuyet.md", "raw": fixed, "slug": "che-shan-tuyet" }],
            "assets": [], "options": {} } }),
    );
    assert_eq!(status, 200, "{json}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), fixed);
    let kept = history_files(&site);
    assert!(
        kept.iter()
            .any(|p| p.ends_with("content/products/che-shan-tuyet.md")),
        "{kept:?}"
    );
    server.wait_for(
        "/san-pham/che-shan-tuyet/",
        "the served page shows 5 stars",
        |s, b| s == 200 && b.contains("5 sao"),
    );
}

#[test]
fn a_photo_makes_a_single_file_record_a_bundle_and_bad_files_are_refused() {
    let temp = small_site();
    let site = temp.path().join("site");
    let server = Server::start(&site);
    let c = cookie(&server);
    let photo = std::fs::read(repo().join("content/products/che-bup-tan-cuong/la-che.jpg"))
        .expect("example photo");
    let text =
        std::fs::read_to_string(site.join("content/products/che-shan-tuyet.md")).expect("read");
    let save = |name: &str, bytes: &[u8]| {
        use base64::Engine as _;
        api(
            &server,
            &c,
            &serde_json::json!({ "action": "persistEntry", "params": {
                "dataFiles": [{ "path": "content/products/che-shan-tuyet.md", "raw": text, "slug": "che-shan-tuyet" }],
                "assets": [{ "path": format!("content/products/che-shan-tuyet/{name}"),
                             "content": base64::engine::general_purpose::STANDARD.encode(bytes),
                             "encoding": "base64" }],
                "options": {} } }),
        )
    };
    // Not what its name says, a program, a page: refused, nothing written.
    for (name, bytes) in [
        ("anh.jpg", b"<html>not a photo</html>".as_slice()),
        ("anh.exe", photo.as_slice()),
        ("index.md", b"+++\n+++\n".as_slice()),
        ("quyet-dinh.pdf", photo.as_slice()),
    ] {
        let (status, json) = save(name, bytes);
        assert_eq!(status, 422, "{name}: {json}");
    }
    assert!(!site.join("content/products/che-shan-tuyet").exists());
    let (status, json) = save("la-che.jpg", &photo);
    assert_eq!(status, 200, "{json}");
    let bundle = site.join("content/products/che-shan-tuyet");
    assert!(bundle.join("index.md").is_file());
    assert_eq!(
        std::fs::read(bundle.join("la-che.jpg")).expect("photo"),
        photo
    );
    assert!(!site.join("content/products/che-shan-tuyet.md").exists());
    let kept = history_files(&site);
    assert!(
        kept.iter()
            .any(|p| p.ends_with("content/products/che-shan-tuyet.md")),
        "{kept:?}"
    );
    // The editor still finds the record at the same place, with its photo.
    let (_, entry) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "getEntry", "params": { "path": "content/products/che-shan-tuyet.md" } }),
    );
    assert_eq!(entry["data"].as_str(), Some(text.as_str()));
    let (_, media) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "getMedia", "params": { "mediaFolder": "content/products/che-shan-tuyet" } }),
    );
    assert_eq!(media[0]["name"], "la-che.jpg", "{media}");
    server.wait_for(
        "/san-pham/che-shan-tuyet/",
        "the served page shows the photo",
        |s, b| s == 200 && b.contains("la-che"),
    );
    // Once the site has made its copies, the editor shows a cached one, not the 1600-pixel
    // original.
    let (_, media) = api(
        &server,
        &c,
        &serde_json::json!({ "action": "getMedia", "params": { "mediaFolder": "content/products/che-shan-tuyet" } }),
    );
    use base64::Engine as _;
    let shown = base64::engine::general_purpose::STANDARD
        .decode(media[0]["content"].as_str().unwrap_or_default())
        .expect("base64");
    assert!(shown.starts_with(&[0xFF, 0xD8, 0xFF]), "not a JPEG");
    assert!(
        shown.len() < photo.len(),
        "{} bytes shown for {}",
        shown.len(),
        photo.len()
    );
}

#[test]
fn editing_over_the_network_needs_the_option_and_then_the_token() {
    let temp = small_site();
    let site = temp.path().join("site");
    let off = Server::start_with(&site, |c| {
        c.args(["--bind", "0.0.0.0"]);
    });
    assert!(
        off.next_line()
            .unwrap_or_default()
            .contains("Editing in the browser is off")
    );
    let (status, _, body) = off.request("GET", "/admin/", &[], b"");
    assert_eq!(status, 403);
    assert!(String::from_utf8_lossy(&body).contains("--allow-remote-editing"));
    drop(off);
    let on = Server::start_with(&site, |c| {
        c.args(["--bind", "0.0.0.0", "--allow-remote-editing"]);
    });
    let line = on.next_line().unwrap_or_default();
    let token = line
        .split("token=")
        .nth(1)
        .map(|t| t.trim().to_string())
        .unwrap_or_else(|| panic!("no token in `{line}`"));
    assert!(token.len() >= 32);
    let (status, _, _) = on.request("GET", "/admin/", &[], b"");
    assert_eq!(status, 403, "no token");
    let (status, _, _) = on.request("GET", "/admin/?token=0123", &[], b"");
    assert_eq!(status, 403, "wrong token");
    let (status, head, _) = on.request("GET", &format!("/admin/?token={token}"), &[], b"");
    assert_eq!(status, 303, "{head}");
    assert_eq!(header(&head, "location"), Some("/admin/"));
    let c = header(&head, "set-cookie")
        .expect("cookie")
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string();
    let (status, _, _) = on.request("GET", "/admin/", &[("Cookie", &c)], b"");
    assert_eq!(status, 200);
    let (status, _) = api(
        &on,
        &c,
        &serde_json::json!({ "action": "info", "params": {} }),
    );
    assert_eq!(status, 200);
}

#[test]
fn the_editor_creates_checks_and_deletes_records_in_chromium() {
    let missing = missing_browser_tools();
    if !missing.is_empty() {
        let message = format!(
            "the editor's test in Chromium cannot run; missing:\n  - {}",
            missing.join("\n  - ")
        );
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{message}");
        }
        eprintln!("SKIPPED (passes outside CI): {message}");
        return;
    }
    let site = example_copy();
    let local = Server::start(site.path());
    let remote = Server::start_with(site.path(), |c| {
        c.args(["--bind", "0.0.0.0", "--allow-remote-editing"]);
    });
    let line = remote.next_line().unwrap_or_default();
    let token = line
        .split("token=")
        .nth(1)
        .unwrap_or_default()
        .trim()
        .to_string();
    let mut script = Command::new("node");
    script
        .arg(repo().join("tests/browser/admin-e2e.mjs"))
        .arg(local.url())
        .arg(site.path())
        .arg(remote.url())
        .arg(&token)
        .env("CHROME_PATH", "/usr/bin/chromium")
        .current_dir(repo());
    if let Ok(dir) = std::env::var("OCOP_ADMIN_SHOTS") {
        script.arg(dir);
    }
    let out = script.output().expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success() && stdout.contains("5 passed, 0 failed"),
        "the editor failed in Chromium"
    );
}
