//! The search index (src/outputs/search/) and its client (themes/default/static/search.js).
//!
//! - the shared folding vectors of `tests/search-vectors.json` against the Rust functions
//!   (the Node test checks the same file against search.js);
//! - a build's search files are deterministic, versioned and small, and a one-product edit
//!   changes only the few that hold it;
//! - queries at the index level with a small evaluator (every word must match, the last as a
//!   prefix): "mat ong", "duong", "che shan", an unknown word;
//! - `node --test tests/browser/search.test.mjs` on the same build, which runs the real
//!   search.js against it;
//! - the ranking suite: `node --test tests/browser/search-ranking.test.mjs`, the fixed queries
//!   and expected top results of `tests/search-ranking.json` on the example site and on the
//!   fixture `tests/fixtures/search-ranking`, made for the ranking rules.
//!
//! The Node tests are skipped with a message when `node` is missing, except with `CI=true`.
//! The search page in Chromium is `tests/search_browser.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use ocop::base::vietnamese::{fold, match_key};
use ocop::build::{self, BuildOptions};
use ocop::outputs::search::{self, CHUNK_MAX};
use serde_json::Value;

mod common;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut o = BuildOptions::new(repo(), common::today());
    o.output = Some(out.clone());
    let report = build::build(&o);
    let errs: Vec<String> = report.problems.errors().map(|p| p.to_string()).collect();
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    (tmp, out)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn vectors() -> Value {
    read_json(&repo().join("tests/search-vectors.json"))
}

fn pairs(v: &Value, key: &str) -> Vec<(String, Value)> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].clone()))
        .collect()
}

#[test]
fn folding_matches_the_shared_vectors() {
    let v = vectors();
    for (input, want) in pairs(&v, "fold") {
        assert_eq!(fold(&input), want.as_str().unwrap(), "fold({input:?})");
    }
    for (input, want) in pairs(&v, "key") {
        assert_eq!(
            match_key(&input),
            want.as_str().unwrap(),
            "match_key({input:?})"
        );
    }
    for (input, want) in pairs(&v, "tokens") {
        let want: Vec<(String, String)> = serde_json::from_value(want).unwrap();
        assert_eq!(search::tokens(&input), want, "tokens({input:?})");
    }
}

/// The built index, read back.
struct Index {
    dir: PathBuf,
    manifest: Value,
}

impl Index {
    fn open(out: &Path) -> Index {
        let html = std::fs::read_to_string(out.join("tim-kiem/index.html")).unwrap();
        let url = html
            .split("data-index=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("the search page names its manifest");
        // Root-relative, after the site's base path (`/` or `/ocop/`).
        let rel = &url[url.find("search/").expect("under search/")..];
        // The manifest's address carries its version (`?v=`); the file has none.
        let rel = rel.split('?').next().unwrap_or(rel);
        let manifest = read_json(&out.join(rel));
        let dir = out.join(rel).parent().unwrap().to_path_buf();
        Index { dir, manifest }
    }

    /// Product records shard `i`: `products-I.json`.
    fn product_shard(&self, i: usize) -> Value {
        read_json(&self.dir.join(format!("products-{i}.json")))
    }

    /// Every (term row) of every chunk: `[term, key, postings, key, postings, ...]`, and a
    /// very common word's text tier last.
    fn rows(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for n in 0..self.manifest["chunks"].as_array().unwrap().len() {
            let chunk = read_json(&self.dir.join(format!("terms-{n}.json")));
            out.extend(chunk.as_array().unwrap().iter().cloned());
        }
        // Barcodes and decision numbers, in buckets of their own, as term rows.
        for n in 0..self.manifest["codes"].as_u64().unwrap_or(0) {
            let bucket = read_json(&self.dir.join(format!("codes-{n}.json")));
            out.extend(bucket.as_array().unwrap().iter().cloned());
        }
        out
    }

    /// The records a term row lists, in any field and spelling.
    fn docs_of_row(&self, row: &Value) -> BTreeSet<u32> {
        let r = row.as_array().unwrap();
        let mut docs = BTreeSet::new();
        for p in r[1..].chunks(2).filter(|p| p.len() == 2) {
            docs.extend(
                search::decode_postings(p[1].as_str().unwrap())
                    .into_iter()
                    .map(|(d, _)| d),
            );
        }
        if r.len().is_multiple_of(2) {
            let tier = r[r.len() - 1].as_str().unwrap();
            let set = search::decode_set(&tier[1..]);
            if tier.starts_with('+') {
                docs.extend(set);
            } else {
                let n = self.manifest["products"].as_u64().unwrap()
                    + self.manifest["producers"].as_u64().unwrap();
                // Lapsed products (no texts indexed) are never in a tier of lacking records.
                let lapsed = self.manifest["current"].as_u64().unwrap() as u32
                    ..self.manifest["products"].as_u64().unwrap() as u32;
                docs.extend(
                    (0..n as u32).filter(|d| set.binary_search(d).is_err() && !lapsed.contains(d)),
                );
            }
        }
        docs
    }

    /// Record ids matching every word of `q` (the last one as a prefix).
    fn query(&self, q: &str) -> BTreeSet<u32> {
        let rows = self.rows();
        let words = search::tokens(q);
        let mut result: Option<BTreeSet<u32>> = None;
        for (i, (f, _)) in words.iter().enumerate() {
            let last = i + 1 == words.len();
            let mut docs = BTreeSet::new();
            for r in &rows {
                let term = r[0].as_str().unwrap();
                if term == f || (last && term.starts_with(f.as_str())) {
                    docs.extend(self.docs_of_row(r));
                }
            }
            result = Some(match result {
                None => docs,
                Some(r) => r.intersection(&docs).copied().collect(),
            });
        }
        result.unwrap_or_default()
    }

    fn product_names(&self, ids: &BTreeSet<u32>) -> Vec<String> {
        let shard = self.manifest["shard"].as_u64().unwrap() as u32;
        let n = self.manifest["products"].as_u64().unwrap() as u32;
        ids.iter()
            .filter(|&&d| d < n)
            .map(|&d| {
                let s = self.product_shard((d / shard) as usize);
                s[(d % shard) as usize][0].as_str().unwrap().to_string()
            })
            .collect()
    }
}

#[test]
fn queries_at_the_index_level() {
    let (_tmp, out) = build_example();
    let index = Index::open(&out);

    let honey = index.product_names(&index.query("mat ong"));
    assert!(
        honey.iter().filter(|n| n.starts_with("Mật ong")).count() >= 3,
        "{honey:?}"
    );
    let sugar = index.product_names(&index.query("duong"));
    assert!(
        sugar.contains(&"Nước cam ép Hàm Yên".to_string()),
        "{sugar:?}"
    );
    assert!(sugar.contains(&"Miến dong Sơn Dương".to_string()));
    assert_eq!(index.query("duong"), index.query("ĐƯỜNG"));
    let tea = index.product_names(&index.query("che shan"));
    assert!(
        tea.iter().filter(|n| n.contains("Chè Shan tuyết")).count() >= 2,
        "{tea:?}"
    );
    assert!(index.query("xyzzyq").is_empty());
    assert!(index.query("mat ong xyzzyq").is_empty());

    // Products whose certificate has lapsed are records too, after the certified ones
    // (`current`), with the date their certificate ended: buyers still look them up.
    let n = index.manifest["products"].as_u64().unwrap() as u32;
    let current = index.manifest["current"].as_u64().unwrap() as u32;
    assert!(0 < current && current < n, "{current} of {n}");
    let lapsed: BTreeSet<u32> = (current..n).collect();
    let names = index.product_names(&lapsed);
    assert!(
        names.contains(&"Xà phòng thảo dược Sông Lô".to_string()),
        "{names:?}"
    );
    let certified = index.product_names(&(0..current).collect());
    assert!(certified.contains(&"Mật ong bạc hà Mèo Vạc".to_string()));
    assert!(!certified.iter().any(|n| n.starts_with("Xà phòng")));
    let shard = index.manifest["shard"].as_u64().unwrap() as u32;
    let name_of = |d: u32| index.product_names(&BTreeSet::from([d])).join("");
    let soap = index.query("xa phong thao duoc");
    let d = *soap
        .iter()
        .find(|&&d| name_of(d) == "Xà phòng thảo dược Sông Lô")
        .expect("the expired soap is found");
    assert!(d >= current);
    let row = &index.product_shard((d / shard) as usize)[(d % shard) as usize];
    // Name, URL, thumbnail, stars, producer, province, group, price (thousands of đồng),
    // unit, and for a lapsed product its end date (negative when revoked).
    assert_eq!(row[7], 35);
    assert_eq!(row[8], "bánh 100 g");
    assert_eq!(row[9], 20240910);
}

#[test]
fn codes_and_abbreviations_at_the_index_level() {
    let (_tmp, out) = build_example();
    let index = Index::open(&out);
    let honey = vec!["Mật ong bạc hà Mèo Vạc".to_string()];
    // A barcode, and a decision number as one word ("2345/QĐ-UBND" → "2345qdubnd") and its
    // number: the current decision and an older one.
    assert_eq!(index.product_names(&index.query("8930000100160")), honey);
    assert_eq!(index.product_names(&index.query("2345QĐUBND")), honey);
    assert_eq!(index.product_names(&index.query("2345qdubnd")), honey);
    assert_eq!(index.product_names(&index.query("1234qdubnd")), honey);
    assert!(
        index
            .product_names(&index.query("2345"))
            .contains(&honey[0])
    );
    // Codes are in buckets of their own, not in the term chunks the manifest lists.
    assert!(index.manifest["codes"].as_u64().unwrap() >= 1);
    let bounds = index.manifest["chunks"].as_array().unwrap();
    assert!(
        !bounds
            .iter()
            .any(|b| b.as_str().unwrap().starts_with("893"))
    );
    // "qd" and "ubnd" alone are not words of every product.
    assert!(index.query("ubnd").len() < 5);
    // Abbreviations of producer kinds and company forms.
    let htx = index.product_names(&index.query("htx"));
    assert!(htx.contains(&honey[0]), "{htx:?}");
    assert!(!htx.iter().any(|n| n.starts_with("Xà phòng")), "{htx:?}");
    let tht = index.product_names(&index.query("tht"));
    assert!(tht.contains(&"Thịt dê núi Lâm Bình".to_string()), "{tht:?}");
    assert!(!tht.contains(&honey[0]), "{tht:?}");
    for q in ["cty", "dn"] {
        let names = index.product_names(&index.query(q));
        assert!(
            names.contains(&"Xà phòng thảo dược Sông Lô".to_string()),
            "{q}: {names:?}"
        );
        assert!(!names.contains(&honey[0]), "{q}: {names:?}");
    }
    // Producers too: "htx" finds the cooperatives (records after the products).
    let n = index.manifest["products"].as_u64().unwrap() as u32;
    assert!(index.query("htx").iter().any(|&d| d >= n));
    // A photo's thumbnail is its 192-pixel variant.
    let mut thumbs = Vec::new();
    for i in 0..n.div_ceil(index.manifest["shard"].as_u64().unwrap() as u32) {
        for r in index.product_shard(i as usize).as_array().unwrap() {
            thumbs.push(r[2].as_str().unwrap().to_string());
        }
    }
    let photos: Vec<&String> = thumbs
        .iter()
        .filter(|t| !t.ends_with(".svg") && !t.is_empty())
        .collect();
    assert!(
        !photos.is_empty() && photos.iter().all(|t| t.ends_with("-192.jpg")),
        "{photos:?}"
    );
}

#[test]
fn search_files_are_deterministic_versioned_and_small() {
    let (_a, out_a) = build_example();
    let (_b, out_b) = build_example();
    let (a, b) = (search_files(&out_a), search_files(&out_b));
    assert!(a.len() >= 6, "{:?}", a.keys());
    assert_eq!(a, b, "two builds wrote different search files");
    assert_eq!(
        std::fs::read(out_a.join("tim-kiem/index.html")).unwrap(),
        std::fs::read(out_b.join("tim-kiem/index.html")).unwrap()
    );
    // Files sit in `search/` itself, under names that stay from build to build.
    assert!(
        a.keys().all(|n| !n.contains('/')),
        "{:?}",
        a.keys().filter(|n| n.contains('/')).collect::<Vec<_>>()
    );
    // The search page names the manifest with a hash of its bytes.
    let page = std::fs::read_to_string(out_a.join("tim-kiem/index.html")).unwrap();
    let hash = blake3::hash(&a["manifest.json"]).to_hex();
    assert!(
        page.contains(&format!("search/manifest.json?v={}\"", &hash[..12])),
        "the manifest's address does not carry its hash"
    );
    for (name, bytes) in &a {
        assert!(serde_json::from_slice::<Value>(bytes).is_ok(), "{name}");
        if name.starts_with("terms-") {
            let rows: Vec<Value> = serde_json::from_slice(bytes).unwrap();
            assert!(
                bytes.len() <= CHUNK_MAX || rows.len() == 1,
                "{name}: {} bytes",
                bytes.len()
            );
        }
    }
}

#[test]
fn sub_path_hosting_puts_the_base_path_in_search_urls() {
    let built = common::SiteTest::new()
        .base_url("https://so.example.gov.vn/ocop/")
        .build();
    built.assert_ok();
    let html = std::fs::read_to_string(built.out.join("tim-kiem/index.html")).unwrap();
    assert!(
        html.contains("data-index=\"/ocop/search/manifest.json?v="),
        "{html}"
    );
    assert!(html.contains("src=\"/ocop/search.js?v="));
    let index = Index::open(&built.out);
    let records = index.product_shard(0);
    assert_eq!(records[0][0], "Chè Shan tuyết Na Hang");
    assert_eq!(records[0][1], "/ocop/san-pham/che-shan-tuyet/");
    // Every page's header search box leads to the search page.
    let product =
        std::fs::read_to_string(built.out.join("san-pham/che-shan-tuyet/index.html")).unwrap();
    assert!(product.contains("action=\"/ocop/tim-kiem/\""));
}

/// Whether `node` runs; if not, says the test `what` did not run (and fails under `CI=true`).
fn have_node(what: &str) -> bool {
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node_ok {
        let msg = format!(
            "`node` is missing: {what} did not run; install Node.js 20+ (apt-get install -y nodejs)"
        );
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{msg}");
        }
        eprintln!("SKIPPED: {msg}");
    }
    node_ok
}

/// Runs `node --test SCRIPT` at the repository root with `env`, printing its diagnostics.
fn node_test(script: &str, env: &[(&str, &Path)]) {
    let mut cmd = Command::new("node");
    cmd.args(["--test", script]).current_dir(repo());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let result = cmd.output().expect("run node");
    let stdout = String::from_utf8_lossy(&result.stdout);
    for line in stdout.lines().filter(|l| l.starts_with("# ")) {
        println!("{line}");
    }
    assert!(
        result.status.success(),
        "node --test {script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn node_test_of_search_js_against_the_built_index() {
    if !have_node("tests/browser/search.test.mjs (search.js folding and queries)") {
        return;
    }
    let (_tmp, out) = build_example();
    node_test(
        "tests/browser/search.test.mjs",
        &[("OCOP_SITE_DIR", out.as_path())],
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The ranking suite: fixed queries and expected top results (tests/search-ranking.json) on
/// the example site and on tests/fixtures/search-ranking, with the real search.js.
#[test]
fn ranking_suite_gives_the_expected_top_results() {
    if !have_node("tests/browser/search-ranking.test.mjs (the ranking suite)") {
        return;
    }
    let (_tmp, example) = build_example();
    // Built from a copy: a build writes its image cache beside site.toml.
    let fixture_tmp = tempfile::tempdir().unwrap();
    let root = fixture_tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/search-ranking"), &root);
    let fixture = fixture_tmp.path().join("public");
    let mut o = BuildOptions::new(&root, common::today());
    o.output = Some(fixture.clone());
    let report = build::build(&o);
    let errs: Vec<String> = report.problems.errors().map(|p| p.to_string()).collect();
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    node_test(
        "tests/browser/search-ranking.test.mjs",
        &[
            ("OCOP_SITE_DIR", example.as_path()),
            ("OCOP_RANKING_SITE_DIR", fixture.as_path()),
        ],
    );
}

/// A small site that takes the paths of big catalogues: 2,400 words in "s" (more term
/// chunks than the client reads for one prefix), 1,200 in "tu" (cut into as many chunks,
/// but not a wide prefix), and producers with long names of common words and one rare word
/// (answered at build time).
fn big_paths_site() -> common::Built {
    let mut t = common::SiteTest::new();
    let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
    let producers = [
        ("htx-suong-mai", "Hợp tác xã Nông sản Sương Mai"),
        ("htx-tan-phu", "Hợp tác xã Nông sản Tân Phú"),
        ("ct-det-long-phu", "Công ty Cổ phần Dệt thổ cẩm Long Phú"),
    ];
    for (slug, name) in producers {
        t = t.file(
            &format!("content/producers/{slug}.md"),
            format!(
                "+++\nname = \"{name}\"\nkind = \"cooperative\"\nprovince = \"Tuyên Quang\"\n\
                 phone = \"0207 000 0101\"\n+++\nHợp tác xã nông sản, công ty cổ phần.\n"
            ),
        );
    }
    for n in 0..40 {
        let mut words: Vec<String> = (0..60)
            .map(|k| {
                let i = n * 60 + k;
                format!("s{}{}{}", letter(i), letter(i / 26), letter(i / 676))
            })
            .collect();
        words.extend((0..30).map(|k| {
            let i = n * 30 + k;
            format!("tu{}{}{}", letter(i), letter(i / 26), letter(i / 676))
        }));
        let (name, producer) = match n {
            0 => ("Chè sương sớm".to_string(), "htx-che"),
            1 => ("Chè xanh".to_string(), "htx-che"),
            _ => (format!("Sản vật {n}"), producers[n % 3].0),
        };
        t = t.file(
            &format!("content/products/san-vat-{n}.md"),
            format!(
                "+++\nname = \"{name}\"\nproducer = \"{producer}\"\ngroup = \"food\"\n\
                 province = \"Tuyên Quang\"\n\n[[certificates]]\nstars = 3\n\
                 decision = \"1/QĐ-UBND\"\nissued = 2025-03-10\n+++\n\
                 Đặc sản của hợp tác xã nông sản, công ty cổ phần dệt thổ cẩm. {}\n",
                words.join(" ")
            ),
        );
    }
    t.build()
}

/// The regression of a short last word ("che s", "dac s") on a big catalogue: its words
/// spanned more chunks than the client reads, so it matched only as a whole word.
#[test]
fn short_last_word_prefix_spanning_many_chunks_matches_as_prefix() {
    paths_node_test("short last word");
}

/// Pasted long names answered at build time give what the term lists give, in order.
#[test]
fn pasted_names_answered_at_build_time_match_the_term_lists() {
    paths_node_test("pasted names");
}

/// The regression of finer chunks: a hot prefix cut into as many chunks as a wide prefix
/// spans ("tu") would have lost typo matching had the client judged wideness by chunks.
#[test]
fn prefix_cut_into_many_chunks_but_not_wide_keeps_typo_matching() {
    paths_node_test("keeps typo matching");
}

/// Runs the tests of `tests/browser/search-paths.test.mjs` named `pattern` against the big
/// catalogue's search index (skipped without Node).
fn paths_node_test(pattern: &str) {
    if !have_node(&format!("tests/browser/search-paths.test.mjs ({pattern})")) {
        return;
    }
    let built = big_paths_site();
    built.assert_ok();
    let mut cmd = Command::new("node");
    cmd.args([
        "--test",
        &format!("--test-name-pattern={pattern}"),
        "tests/browser/search-paths.test.mjs",
    ]);
    node_run(cmd, &built.out);
}

/// Runs a `node --test` command at the repository root on the built site `out`.
fn node_run(mut cmd: Command, out: &Path) {
    let result = cmd
        .current_dir(repo())
        .env("OCOP_SITE_DIR", out)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success() && stdout.contains("# pass 1"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The files of `search/` of a build: name → bytes.
fn search_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    common::snapshot(&out.join("search")).into_iter().collect()
}

#[test]
fn editing_one_product_changes_only_the_search_files_that_hold_it() {
    // Issue #19: the index keeps its file names, so an upload after a one-product edit
    // sends a few files, not the whole index; browsers find the changed ones by version.
    let built = common::SiteTest::with_products(300).build();
    built.assert_ok();
    let before = search_files(&built.out);
    let manifest = |files: &BTreeMap<String, Vec<u8>>| -> Value {
        serde_json::from_slice(&files["manifest.json"]).unwrap()
    };
    let site = built.into_site().product(
        "sp-7",
        "name = \"Sản phẩm 7\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\nprice = 125000\n\n[[certificates]]\nstars = 4\ndecision = \"7/QĐ-UBND\"\nissued = 2025-01-10\n",
    );
    let built = site.build();
    built.assert_ok();
    let after = search_files(&built.out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, bytes)| before[*name] != **bytes)
        .map(|(name, _)| name)
        .collect();
    // The product's display shard, the price ranks and the manifest that versions them.
    assert!(changed.len() <= 4, "{changed:?} of {} files", after.len());
    assert!(
        changed.iter().any(|n| n.starts_with("products-")),
        "{changed:?}"
    );
    assert!(
        changed.contains(&&"manifest.json".to_string()),
        "{changed:?}"
    );
    // Each changed file is asked for under a new version; every other keeps its own.
    let (old, new) = (manifest(&before), manifest(&after));
    let group = new["versionGroup"].as_u64().unwrap() as usize;
    let version = |m: &Value, name: &str| -> String {
        let stem = name.trim_end_matches(".json");
        let (kind, n) = match stem.rsplit_once('-') {
            Some((k, n)) if n.bytes().all(|b| b.is_ascii_digit()) => (k, n.parse().unwrap()),
            _ => (stem, 0usize),
        };
        let codes = m["versions"][kind]
            .as_str()
            .unwrap_or_else(|| panic!("{kind}"));
        codes[n / group * 3..n / group * 3 + 3].to_string()
    };
    for name in after.keys().filter(|n| *n != "manifest.json") {
        let same_bytes = before[name] == after[name];
        let same_version = version(&old, name) == version(&new, name);
        assert!(
            same_bytes || !same_version,
            "{name} changed under the same version"
        );
    }
    // The search page names the manifest with a hash of it.
    let page = std::fs::read_to_string(built.out.join("tim-kiem/index.html")).unwrap();
    assert!(page.contains("data-index=\"/search/manifest.json?v="));
}
