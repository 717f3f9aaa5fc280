//! Times `ocop serve`'s rebuilds in process, without HTTP or file watching.
//!
//! `bench/serve` measures what a user sees (save → reloaded page) and is noisy on a shared
//! machine. This runs the same engine on a site (e.g. one made by `examples/synth`): a first
//! build, then N saves of one product (a sentence appended, as `bench/serve` does), each
//! rebuilt and its product page rendered, printing the stages. Under
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='serve_rebuilds::saves*'`
//! it counts the instructions of the saves only (see docs/performance.md).
//!
//! Usage: `cargo run --release --example serve_rebuilds -- SITE_DIR [SAVES]`. The product
//! file is changed: run it on a copy.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ocop::serve::incremental::{Body, Changes, Engine, Options, Rebuilt};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[inline(never)]
fn saves(engine: &mut Engine, file: &Path, page: &str, n: usize) -> Result<(), String> {
    for i in 0..n {
        let t = Instant::now();
        let mut text =
            std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        text.push_str(&format!("\nCâu thử số {i}.\n"));
        std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        let (rebuilt, tm) = engine.rebuild(&Changes::Paths(vec![file.to_path_buf()]));
        let rebuild = t.elapsed();
        let Rebuilt::Site(g) = rebuilt else {
            return Err(format!("save {i}: the site has errors"));
        };
        let bytes = match g.get(page).map_err(|e| e.to_string())? {
            Some(Body::Bytes(b)) => b.len(),
            _ => return Err(format!("{page} is not served")),
        };
        eprintln!(
            "save {i}: rebuild {:.1} ms (load {:.1}, resolve {:.1}, photos {:.1}, plan {:.1}), page {:.2} ms ({bytes} bytes)",
            ms(rebuild),
            ms(tm.timings.took("load")),
            ms(tm.timings.took("resolve")),
            ms(tm.timings.took("images")),
            ms(tm.timings.took("plan")),
            ms(t.elapsed() - rebuild)
        );
        drop(g);
        // What the server does once the tab has reloaded.
        engine.prepare();
    }
    Ok(())
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .ok_or("usage: serve_rebuilds SITE_DIR [SAVES]")?,
    );
    let n: usize = match args.next() {
        Some(s) => s
            .parse()
            .map_err(|_| format!("SAVES must be a number, not `{s}`"))?,
        None => 5,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("bad date")?;
    let mut engine = Engine::new(Options {
        root: root.clone(),
        base_url: "http://127.0.0.1:1111/".into(),
        today,
        drafts: false,
    });
    let t = Instant::now();
    let Rebuilt::Site(g) = engine.rebuild(&Changes::All).0 else {
        return Err(format!("{} has errors: run `ocop check`", root.display()));
    };
    eprintln!("first build {:.0} ms", ms(t.elapsed()));
    let site = g.site();
    let product = site
        .products
        .iter()
        .find(|p| site.is_published(p))
        .ok_or("the site has no published product")?;
    let file = engine.root().join(&product.common.file);
    let page = format!("san-pham/{}/index.html", product.common.slug);
    drop(g);
    engine.prepare();
    saves(&mut engine, &file, &page, n)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("serve_rebuilds: {e}");
        std::process::exit(1);
    }
}
