//! A chainable helper for tests that build small sites made in the test.
//!
//! `SiteTest::new()` starts from a minimal valid site (one producer, one product with a
//! certificate); each method adds or replaces a file; `build()` runs the real build into a
//! temporary folder and returns the report, with assertions that name file, line and field.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod server;

use chrono::NaiveDate;
use ocop::base::diag::Problem;
use ocop::build::{self, BuildOptions, Report};

pub const TODAY: (i32, u32, u32) = (2026, 11, 22);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

pub const SITE_TOML: &str = r#"title = "Sản phẩm OCOP thử nghiệm"
description = "Trang thử nghiệm"
base_url = "https://ocop.example.gov.vn/"
province = "Tuyên Quang"
"#;

pub const PRODUCER: &str = r#"+++
name = "HTX Chè Shan tuyết Na Hang"
kind = "cooperative"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
phone = "0207 000 0101"
+++
Hợp tác xã chè.
"#;

pub const PRODUCT: &str = r#"+++
name = "Chè Shan tuyết Na Hang"
producer = "htx-che"
group = "food"
province = "Tuyên Quang"
commune = "Xã Nà Hang"
price = 250000
unit = "hộp 200 g"

[[certificates]]
stars = 4
decision = "1234/QĐ-UBND"
issued = 2025-03-10
+++
Chè cổ thụ.
"#;

pub struct SiteTest {
    pub dir: tempfile::TempDir,
    pub base_url: Option<String>,
    /// Build as `ocop build` does, with a build stamp (src/stamp.rs).
    pub stamped: bool,
}

impl SiteTest {
    /// A minimal valid site.
    pub fn new() -> SiteTest {
        let t = SiteTest::empty();
        t.file("site.toml", SITE_TOML)
            .file("content/producers/htx-che.md", PRODUCER)
            .file("content/products/che-shan-tuyet.md", PRODUCT)
    }

    /// A folder with nothing in it.
    pub fn empty() -> SiteTest {
        SiteTest {
            dir: tempfile::tempdir().expect("temp dir"),
            base_url: None,
            stamped: false,
        }
    }

    /// `new()` with `n` more certified products, for tests that need a build of some size.
    pub fn with_products(n: usize) -> SiteTest {
        let mut t = SiteTest::new();
        for i in 0..n {
            t = t.product(
                &format!("sp-{i}"),
                &format!("name = \"Sản phẩm {i}\"\nproducer = \"htx-che\"\ngroup = \"food\"\nprovince = \"Tuyên Quang\"\n\n[[certificates]]\nstars = {}\ndecision = \"{i}/QĐ-UBND\"\nissued = 2025-01-10\n", 3 + i % 3),
            );
        }
        t
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes (or replaces) a file of the site.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> SiteTest {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        self
    }

    pub fn remove(self, rel: &str) -> SiteTest {
        let p = self.path(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
        self
    }

    /// A product record with the given front matter body (between the `+++` lines).
    pub fn product(self, slug: &str, front: &str) -> SiteTest {
        self.file(
            &format!("content/products/{slug}.md"),
            format!("+++\n{front}+++\nMô tả.\n"),
        )
    }

    /// A record of any section (`producers`, `sales-points`, `fairs`, `plans`...) with the
    /// given front matter body (between the `+++` lines).
    pub fn record(self, section: &str, slug: &str, front: &str) -> SiteTest {
        self.file(
            &format!("content/{section}/{slug}.md"),
            format!("+++\n{front}+++\nMô tả.\n"),
        )
    }

    pub fn base_url(mut self, url: &str) -> SiteTest {
        self.base_url = Some(url.into());
        self
    }

    /// Builds as `ocop build` does: skipped when nothing changed since the last build.
    pub fn stamped(mut self) -> SiteTest {
        self.stamped = true;
        self
    }

    /// Dates every file of the site an hour back, as if written long before the build (a
    /// build does not trust files changed within two seconds of the last one).
    pub fn age_inputs(self) -> SiteTest {
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for e in walkdir::WalkDir::new(self.root()) {
            let e = e.unwrap();
            if e.file_type().is_file() && !e.path().starts_with(self.path("public")) {
                let f = std::fs::File::options().write(true).open(e.path()).unwrap();
                f.set_modified(then).unwrap();
            }
        }
        self
    }

    pub fn options(&self) -> BuildOptions {
        let mut o = BuildOptions::new(self.root(), today());
        o.base_url = self.base_url.clone();
        o.stamp = self.stamped;
        o
    }

    /// Builds the site; the result keeps the site folder alive.
    pub fn build(self) -> Built {
        let report = build::build(&self.options());
        Built {
            report,
            out: self.path("public"),
            site: self,
        }
    }
}

pub struct Built {
    pub report: Report,
    pub out: PathBuf,
    pub site: SiteTest,
}

impl Built {
    /// The site again, to change it and build once more.
    pub fn into_site(self) -> SiteTest {
        self.site
    }

    pub fn errors(&self) -> Vec<&Problem> {
        self.report.problems.errors().collect()
    }

    pub fn warnings(&self) -> Vec<&Problem> {
        self.report
            .problems
            .iter()
            .filter(|p| !p.is_error())
            .collect()
    }

    pub fn assert_ok(&self) -> &Built {
        let errs: Vec<String> = self.errors().iter().map(|p| p.to_string()).collect();
        assert!(errs.is_empty(), "unexpected errors:\n{}", errs.join("\n"));
        assert!(self.report.stats.is_some(), "the site was not written");
        self
    }

    /// Asserts an error at `file`, `line` (if given) and `field` whose message contains `msg`.
    pub fn assert_error(
        &self,
        file: &str,
        line: Option<usize>,
        field: Option<&str>,
        msg: &str,
    ) -> &Problem {
        let all: Vec<String> = self.report.problems.iter().map(|p| p.to_string()).collect();
        let found = self.errors().into_iter().find(|p| {
            p.file == Path::new(file)
                && (line.is_none() || p.line == line)
                && p.field.as_deref() == field
                && p.message.contains(msg)
        });
        match found {
            Some(p) => {
                assert!(
                    self.report.stats.is_none(),
                    "a site with errors was written"
                );
                p
            }
            None => panic!(
                "no error at {file}:{line:?} field {field:?} containing {msg:?}; problems:\n{}",
                all.join("\n")
            ),
        }
    }

    pub fn assert_warning(&self, file: &str, field: Option<&str>, msg: &str) {
        let all: Vec<String> = self.report.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            self.warnings().iter().any(|p| p.file == Path::new(file)
                && p.field.as_deref() == field
                && p.message.contains(msg)),
            "no warning at {file} field {field:?} containing {msg:?}; problems:\n{}",
            all.join("\n")
        );
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

/// Texts of the elements matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Values of `attr` on the elements matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}

/// Every file below `dir`, relative, sorted, with contents.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            v.push((rel, std::fs::read(e.path()).unwrap()));
        }
    }
    v
}
