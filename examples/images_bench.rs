//! Image pipeline benchmark, driven by `bench/images` (which fetches the photos).
//!
//! ```sh
//! cargo run --release --example images_bench -- cold PHOTO_DIR [--runs R] [--scratch DIR] [--no-vips]
//! cargo run --release --example images_bench -- warm SITE_DIR [--runs R]
//! cargo run --release --example images_bench -- copies PHOTO_DIR OUT_DIR N
//! ```
//!
//! `cold`: processes every JPEG/PNG/WebP photo of PHOTO_DIR into responsive variants and a
//! social card exactly as `ocop build` does on an empty cache (in parallel over the photos),
//! and makes the same outputs with libvips' `vipsthumbnail` (each width as WebP and JPEG at
//! the same qualities, metadata stripped, never upscaled, plus a 1200×630 attention crop),
//! its commands run as many at a time as there are cores. Each side runs R times,
//! alternately; the medians of wall time and of CPU time (user + system) are printed as
//! megapixels per second, with the ratio ours / libvips.
//!
//! `warm`: loads the site of SITE_DIR (e.g. a synthetic catalogue whose products have
//! photos) and runs the build's image stage (plan, process, place into a staging folder)
//! once on an empty cache and then R times on the warm cache, printing the wall times.
//!
//! `copies`: writes N distinct JPEGs into OUT_DIR, the JPEGs of PHOTO_DIR cycled, each with
//! a comment segment naming its number: the same pixels, a different content hash.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

/// CPU seconds (user + system) used so far by this process, or by its waited-for children.
fn cpu_seconds(who: libc::c_int) -> f64 {
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn photos_of(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            let n = p.to_string_lossy().to_ascii_lowercase();
            [".jpg", ".jpeg", ".png", ".webp"]
                .iter()
                .any(|e| n.ends_with(e))
        })
        .collect()
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn fresh_dir(p: &Path) {
    let _ = std::fs::remove_dir_all(p);
    std::fs::create_dir_all(p).unwrap_or_else(|e| panic!("cannot create {}: {e}", p.display()));
}

/// One cold run of ocop's pipeline: (wall s, CPU s, bytes out, failures).
fn run_ours(photos: &[PathBuf], out: &Path) -> (f64, f64, u64, Vec<String>) {
    fresh_dir(out);
    let settings = ocop::model::images::Settings::default();
    let cpu = cpu_seconds(libc::RUSAGE_SELF);
    let start = Instant::now();
    let failures: Vec<String> = photos
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            ocop::present::images::process_file(p, &out.join(i.to_string()), &settings)
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds(libc::RUSAGE_SELF) - cpu;
    (wall, cpu, dir_bytes(out), failures)
}

/// The same outputs made by vipsthumbnail: one command per width and format (each
/// processes every photo, with libvips' shrink-on-load), run `cores` at a time.
fn run_vips(photos: &[PathBuf], out: &Path, cores: usize) -> (f64, f64, u64, Vec<String>) {
    fresh_dir(out);
    let s = ocop::model::images::Settings::default();
    let o = out.display();
    let mut jobs: Vec<Vec<String>> = Vec::new();
    for w in &s.widths {
        for (ext, q) in [("webp", s.webp_quality), ("jpg", s.jpeg_quality)] {
            jobs.push(vec![
                "--size".into(),
                format!("{w}x>"),
                "-o".into(),
                format!("{o}/%s-{w}.{ext}[Q={q},strip]"),
            ]);
        }
    }
    jobs.push(vec![
        "--size".into(),
        format!(
            "{}x{}",
            ocop::present::images::SOCIAL_W,
            ocop::present::images::SOCIAL_H
        ),
        "--smartcrop".into(),
        "attention".into(),
        "-o".into(),
        format!("{o}/%s-og.jpg[Q={},strip]", s.jpeg_quality),
    ]);
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    let cpu = cpu_seconds(libc::RUSAGE_CHILDREN);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..cores {
            scope.spawn(|| {
                loop {
                    let Some(args) = queue.lock().expect("queue").pop() else {
                        break;
                    };
                    let r = Command::new("vipsthumbnail")
                        .args(&args)
                        .args(photos)
                        .output();
                    match r {
                        Ok(o) if o.status.success() => {}
                        Ok(o) => failures.lock().expect("failures").push(format!(
                            "vipsthumbnail {}: {}",
                            args.join(" "),
                            String::from_utf8_lossy(&o.stderr)
                        )),
                        Err(e) => failures
                            .lock()
                            .expect("failures")
                            .push(format!("cannot run vipsthumbnail: {e}")),
                    }
                }
            });
        }
    });
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds(libc::RUSAGE_CHILDREN) - cpu;
    let failures = failures.into_inner().expect("failures");
    (wall, cpu, dir_bytes(out), failures)
}

fn cold(dir: &Path, runs: usize, scratch: &Path, vips: bool) {
    let photos = photos_of(dir);
    if photos.is_empty() {
        eprintln!("no JPEG, PNG or WebP photo in {}", dir.display());
        std::process::exit(1);
    }
    let mut megapixels = 0.0;
    let mut bytes_in = 0u64;
    for p in &photos {
        if let Ok((w, h)) = ocop::resolve::image_size(p) {
            megapixels += f64::from(w) * f64::from(h) / 1e6;
        }
        bytes_in += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    }
    let cores = rayon::current_num_threads();
    println!(
        "cold: {} photos, {megapixels:.1} megapixels, {:.1} MB; {runs} runs each, medians; {cores} threads",
        photos.len(),
        bytes_in as f64 / 1e6
    );
    let (mut ow, mut oc, mut vw, mut vc) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut obytes, mut vbytes) = (0, 0);
    for _ in 0..runs {
        let (w, c, b, f) = run_ours(&photos, &scratch.join("ours"));
        for e in &f {
            eprintln!("ours failed: {e}");
        }
        ow.push(w);
        oc.push(c);
        obytes = b;
        if vips {
            let (w, c, b, f) = run_vips(&photos, &scratch.join("vips"), cores);
            for e in &f {
                eprintln!("libvips failed: {e}");
            }
            vw.push(w);
            vc.push(c);
            vbytes = b;
        }
    }
    let _ = std::fs::remove_dir_all(scratch.join("ours"));
    let _ = std::fs::remove_dir_all(scratch.join("vips"));
    let (ow, oc) = (median(&mut ow), median(&mut oc));
    let line = |name: &str, w: f64, c: f64, b: u64| {
        println!(
            "  {name:<8} wall {w:6.2} s = {:6.1} MP/s   CPU {c:6.2} s = {:6.1} MP per CPU-second   {:.1} MB out",
            megapixels / w,
            megapixels / c,
            b as f64 / 1e6
        );
    };
    line("ocop", ow, oc, obytes);
    if vips {
        let (vw, vc) = (median(&mut vw), median(&mut vc));
        line("libvips", vw, vc, vbytes);
        println!(
            "  throughput ours / libvips: {:.2}x by wall time, {:.2}x by CPU time",
            vw / ow,
            vc / oc
        );
    }
}

fn warm(site_dir: &Path, runs: usize) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let opts = ocop::build::BuildOptions::new(site_dir, today);
    let (site, _, problems) = ocop::build::check(&opts);
    let Some(site) = site else {
        for p in problems.iter() {
            eprintln!("{p}");
        }
        std::process::exit(1);
    };
    let cache = site_dir.join(".ocop-cache");
    let staging = site_dir.join("bench-staging");
    let mut times = Vec::new();
    for run in 0..=runs {
        fresh_dir(&staging);
        let mut out = ocop::base::diag::Problems::new();
        let start = Instant::now();
        let images = ocop::present::images::Images::plan(
            &site,
            site.config.images.clone(),
            &cache,
            &mut out,
        );
        let pending = images.pending();
        let summary = images.write(&site.root, &staging, &mut out);
        let secs = start.elapsed().as_secs_f64();
        if out.has_errors() {
            for p in out.iter() {
                eprintln!("{p}");
            }
            std::process::exit(1);
        }
        let what = if run == 0 && pending > 0 {
            "first (cache filled)"
        } else {
            "warm"
        };
        println!(
            "  {what:<20} {secs:7.3} s: {} processed, {} from cache, {:.1} MB placed",
            summary.processed,
            summary.cached,
            summary.output_bytes as f64 / 1e6
        );
        if run > 0 {
            times.push(secs);
        }
    }
    let _ = std::fs::remove_dir_all(&staging);
    println!(
        "warm image stage, median of {runs}: {:.3} s",
        median(&mut times)
    );
}

fn copies(src: &Path, dst: &Path, n: usize) {
    let files: Vec<PathBuf> = photos_of(src)
        .into_iter()
        .filter(|p| {
            let n = p.to_string_lossy().to_ascii_lowercase();
            n.ends_with(".jpg") || n.ends_with(".jpeg")
        })
        .collect();
    if files.is_empty() {
        eprintln!("no JPEG photo in {}", src.display());
        std::process::exit(1);
    }
    fresh_dir(dst);
    let sources: Vec<Vec<u8>> = files
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())))
        .collect();
    for i in 0..n {
        let data = &sources[i % sources.len()];
        let comment = format!("ocop bench copy {i}");
        // A COM segment right after SOI: the pixels are unchanged, the bytes are not.
        let mut out = Vec::with_capacity(data.len() + comment.len() + 4);
        out.extend_from_slice(&data[..2]);
        out.extend_from_slice(&[0xFF, 0xFE]);
        out.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(comment.as_bytes());
        out.extend_from_slice(&data[2..]);
        let p = dst.join(format!("photo-{i:04}.jpg"));
        std::fs::write(&p, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 3usize;
    let mut scratch = std::env::temp_dir().join("ocop-images-bench");
    let mut vips = true;
    let mut positional = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--runs" => {
                runs = args
                    .get(i + 1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(runs)
                    .max(1);
                i += 1;
            }
            "--scratch" => {
                if let Some(s) = args.get(i + 1) {
                    scratch = PathBuf::from(s);
                }
                i += 1;
            }
            "--no-vips" => vips = false,
            a => positional.push(a.to_string()),
        }
        i += 1;
    }
    match positional.as_slice() {
        [m, dir] if m == "cold" => cold(Path::new(dir), runs, &scratch, vips),
        [m, dir] if m == "warm" => warm(Path::new(dir), runs),
        [m, src, dst, n] if m == "copies" => match n.parse() {
            Ok(n) => copies(Path::new(src), Path::new(dst), n),
            Err(_) => {
                eprintln!("N must be a number, found `{n}`");
                std::process::exit(2);
            }
        },
        _ => {
            eprintln!(
                "usage: images_bench cold PHOTO_DIR [--runs R] [--scratch DIR] [--no-vips]\n       images_bench warm SITE_DIR [--runs R]\n       images_bench copies PHOTO_DIR OUT_DIR N"
            );
            std::process::exit(2);
        }
    }
}
