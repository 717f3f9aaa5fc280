//! How long `ocop` takes to build the search index of a site, alone.
//!
//! ```sh
//! cargo run --release --example search_index -- SITE_DIR [RUNS]
//! ```
//!
//! `ocop build` does far more than the index (every page, feeds, exports), so its total time
//! says little about the index; the search benchmark (`bench/search/run`) compares this time
//! with Pagefind's indexing of the same products. The site is loaded and validated once,
//! then `search::build` runs RUNS times (default 5). It prints one line of JSON: the median
//! and every run's wall time in milliseconds, CPU seconds of the median run's process, the
//! number of files and bytes of the index.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use ocop::build::{self, BuildOptions};

// The allocator `ocop` itself uses (see `src/main.rs`), so the time is the one a build sees.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn cpu_seconds() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: search_index SITE_DIR [RUNS]");
        return ExitCode::from(2);
    };
    let runs: usize = match args.next().map(|s| s.parse()) {
        None => 5,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("RUNS must be a positive whole number");
            return ExitCode::from(2);
        }
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let opts = BuildOptions::new(&root, today);
    let (site, _theme, problems) = build::check(&opts);
    let Some(site) = site else {
        for p in problems.errors() {
            eprintln!("{p}");
        }
        eprintln!(
            "{}: the site has errors; run `ocop check` there",
            root.display()
        );
        return ExitCode::FAILURE;
    };
    let mut ignored = ocop::base::diag::Problems::new();
    let images = ocop::present::images::Images::plan(
        &site,
        site.config.images.clone(),
        &root.join(".ocop-cache"),
        &mut ignored,
    );
    let pr = ocop::present::Presenter::new(&site, &images);
    let mut times = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    let mut size = (0, 0);
    for _ in 0..runs {
        let (start, cpu0) = (Instant::now(), cpu_seconds());
        let index = ocop::outputs::search::build(&site, &pr);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(cpu_seconds() - cpu0);
        size = (
            index.files.len(),
            index.files.iter().map(|(_, b)| b.len()).sum::<usize>(),
        );
    }
    let mut order: Vec<usize> = (0..runs).collect();
    order.sort_by(|&a, &b| times[a].total_cmp(&times[b]));
    let mid = order[runs / 2];
    println!(
        "{{\"median_ms\":{:.1},\"runs_ms\":[{}],\"cpu_s\":{:.3},\"files\":{},\"bytes\":{},\"products\":{}}}",
        times[mid],
        times
            .iter()
            .map(|t| format!("{t:.1}"))
            .collect::<Vec<_>>()
            .join(","),
        cpu[mid],
        size.0,
        size.1,
        site.products.len()
    );
    ExitCode::SUCCESS
}
