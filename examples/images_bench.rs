//! Image pipeline benchmark: `cargo run --release --example images_bench -- [DIR] [--count N]`.
//!
//! Processes every JPEG/PNG/WebP photo of DIR (or, without DIR, N generated 12-megapixel
//! phone-sized JPEGs) into responsive variants and a social card, as `ocop build` does on a
//! cold cache, and prints megapixels per second, photos per second and bytes in/out.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn generate(dir: &Path, count: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("create the photo folder");
    (0..count)
        .into_par_iter()
        .map(|i| {
            let p = dir.join(format!("photo-{i:03}.jpg"));
            if !p.exists() {
                // Smooth shapes plus sensor-like noise: compresses like a real photo.
                let (w, h) = (4032u32, 3024u32);
                let mut seed = 0x9E37_79B9_7F4A_7C15u64 ^ i as u64;
                let img = image::RgbImage::from_fn(w, h, |x, y| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let n = (seed & 15) as i32 - 8;
                    let dx = x as i32 - (w as i32 / 2 + i as i32 * 37 % 400);
                    let dy = y as i32 - h as i32 / 2;
                    let r = ((dx * dx + dy * dy) as f64).sqrt() as i32;
                    let base = [
                        (200 - r / 12).clamp(20, 235),
                        (150 + (x as i32 / 40) % 60).clamp(0, 255),
                        (90 + r / 20).clamp(0, 255),
                    ];
                    image::Rgb(base.map(|c| (c + n).clamp(0, 255) as u8))
                });
                let mut out = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
                    .encode_image(&img)
                    .expect("encode");
                std::fs::write(&p, out).expect("write photo");
            }
            p
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut count = 24usize;
    let mut dir: Option<PathBuf> = None;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--count" {
            count = args
                .get(i + 1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(count);
            i += 2;
        } else {
            dir = Some(PathBuf::from(&args[i]));
            i += 1;
        }
    }
    let photos: Vec<PathBuf> = match &dir {
        Some(d) => walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| {
                let n = p.to_string_lossy().to_ascii_lowercase();
                n.ends_with(".jpg")
                    || n.ends_with(".jpeg")
                    || n.ends_with(".png")
                    || n.ends_with(".webp")
            })
            .collect(),
        None => {
            let d = std::env::temp_dir().join("ocop-images-bench-photos");
            eprintln!("generating {count} 12-megapixel photos in {}", d.display());
            generate(&d, count)
        }
    };
    let cache =
        std::env::temp_dir().join(format!("ocop-images-bench-cache-{}", std::process::id()));
    let settings = ocop::images::Settings::default();
    let mut megapixels = 0.0;
    let mut bytes_in = 0u64;
    for p in &photos {
        if let Ok((w, h)) = ocop::resolve::image_size(p) {
            megapixels += f64::from(w) * f64::from(h) / 1e6;
        }
        bytes_in += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    }
    let start = Instant::now();
    let failures: Vec<String> = photos
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            ocop::images::process_file(p, &cache.join(i.to_string()), &settings)
                .err()
                .map(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let bytes_out: u64 = walkdir::WalkDir::new(&cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let _ = std::fs::remove_dir_all(&cache);
    for f in &failures {
        eprintln!("failed: {f}");
    }
    println!(
        "{} photos, {:.1} megapixels in {:.2} s on {} threads: {:.1} MP/s, {:.2} photos/s; {:.1} MB in, {:.1} MB out ({} widths + social card, WebP and JPEG)",
        photos.len(),
        megapixels,
        secs,
        rayon::current_num_threads(),
        megapixels / secs,
        photos.len() as f64 / secs,
        bytes_in as f64 / 1e6,
        bytes_out as f64 / 1e6,
        settings.widths.len(),
    );
}
