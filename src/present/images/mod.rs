//! Photos: responsive variants, social cards, a content-addressed cache.
//!
//! Producers photograph products on phones: 12 megapixels, several megabytes, rotated by
//! EXIF, sometimes in Display P3, with the GPS position of their home inside. Shoppers open
//! the pages on cheap phones over slow links. Every raster photo is therefore turned into a
//! few widths of lossy WebP with a JPEG fallback (never upscaled), plus a 1200×630 social
//! card cropped around the busiest part of the picture; the EXIF orientation is applied, the
//! colours are converted to sRGB, and no metadata is written out. SVG illustrations are
//! published through the sanitiser of `crate::base::svg` (they can carry script).
//!
//! Work is cached in `.ocop-cache/images/` by the photo's content hash and the processing
//! settings, so an unchanged photo is never decoded again; a small index keyed by path, size
//! and modification time spares even the hashing. A rebuild where nothing changed does no
//! image work at all. Output names carry the hash, so they can be cached forever.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use image::ImageDecoder;
use rayon::prelude::*;

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::svg::{is_svg, svg_problem};
use crate::model::images::Settings;
use crate::model::{Common, Photo, Site};
use crate::present::urls;

mod cache;
mod pixels;

use cache::*;
use pixels::*;
pub use pixels::{attention_crop, decode, process_file};

impl Settings {
    /// A short fingerprint of everything that changes the output bytes.
    fn key(&self) -> String {
        let s = format!(
            "v1;{:?};{};{}",
            self.widths, self.webp_quality, self.jpeg_quality
        );
        blake3::hash(s.as_bytes()).to_hex()[..8].to_string()
    }
}

pub const SOCIAL_W: u32 = 1200;
pub const SOCIAL_H: u32 = 630;

/// One width of a processed photo; paths are relative to the output folder.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub jpeg: String,
}

/// What a photo becomes in the output.
#[derive(Debug, Clone)]
pub(crate) enum Output {
    /// Copied through the SVG sanitiser (`crate::base::svg`).
    Copy { path: String },
    Raster {
        variants: Vec<Variant>,
        /// 1200×630 JPEG for link previews.
        social: String,
    },
}

pub(super) struct Job {
    source: PathBuf,
    cache_dir: PathBuf,
    widths: Vec<u32>,
    /// Size of the source as stored, before orientation.
    stored: (u32, u32),
}

/// The image plan of a site: outputs per source photo and the work still to do.
pub struct Images {
    outputs: HashMap<PathBuf, Output>,
    jobs: Vec<Job>,
    /// (cache file, output path) pairs to place into the output.
    placements: Vec<(PathBuf, String)>,
    /// (source file, output path) pairs copied as is.
    copies: Vec<(PathBuf, String)>,
    index: CacheIndex,
    index_path: PathBuf,
    pub settings: Settings,
}

/// What [`Images::process`] did.
#[derive(Debug, Default)]
pub(crate) struct Processed {
    pub processed: usize,
    pub source_bytes: u64,
    /// Cache folders of the photos that could not be processed.
    pub failed: std::collections::HashSet<PathBuf>,
}

/// Summary of a run, for the build's report.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub processed: usize,
    pub cached: usize,
    pub copied: usize,
    pub source_bytes: u64,
    pub output_bytes: u64,
}

/// Where a record's photos go: "san-pham/SLUG/".
fn record_dir(section: &str, c: &Common) -> String {
    format!("{section}{}/", c.slug)
}

fn stem(name: &str) -> String {
    let s = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let slug = crate::base::vietnamese::slugify(s);
    if slug.is_empty() { "anh".into() } else { slug }
}

/// The widths to make for a photo `w` pixels wide: the configured ones below it, and the
/// photo's own width when it is narrower than the largest (never upscaled).
pub(crate) fn widths_for(settings: &Settings, w: u32) -> Vec<u32> {
    let mut v: Vec<u32> = settings.widths.iter().copied().filter(|&x| x < w).collect();
    if settings.widths.iter().any(|&x| x >= w) || v.is_empty() {
        v.push(w);
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// The EXIF orientation of a photo and its oriented size, read from its header.
fn oriented_size(path: &Path, stored: (u32, u32)) -> (u32, u32) {
    let orientation = fsutil::open_regular(path)
        .ok()
        .map(|f| image::ImageReader::new(std::io::BufReader::new(f)))
        .and_then(|r| r.with_guessed_format().ok())
        .and_then(|r| r.into_decoder().ok())
        .and_then(|mut d| d.orientation().ok());
    use image::metadata::Orientation as O;
    match orientation {
        Some(O::Rotate90 | O::Rotate270 | O::Rotate90FlipH | O::Rotate270FlipH) => {
            (stored.1, stored.0)
        }
        _ => stored,
    }
}

fn scaled_height(w: u32, h: u32, target_w: u32) -> u32 {
    ((u64::from(h) * u64::from(target_w) + u64::from(w) / 2) / u64::from(w)).max(1) as u32
}

/// Every record whose photos are published, with the folder of its section.
fn records_with_photos(site: &Site) -> Vec<(&'static str, &Common)> {
    let mut records: Vec<(&'static str, &Common)> = Vec::new();
    for p in site.products.iter().filter(|p| site.is_published(p)) {
        records.push((urls::path::PRODUCTS, &p.common));
    }
    records.extend(
        site.producers
            .iter()
            .map(|p| (urls::path::PRODUCERS, &p.common)),
    );
    records.extend(
        site.sales_points
            .iter()
            .map(|p| (urls::path::SALES_POINTS, &p.common)),
    );
    records.extend(site.fairs.iter().map(|p| (urls::path::FAIRS, &p.common)));
    records.extend(
        site.stories
            .iter()
            .map(|p| (urls::path::STORIES, &p.common)),
    );
    records
}

impl Images {
    /// Plans the outputs of every published photo of `site`; reads no pixels.
    pub fn plan(site: &Site, settings: Settings, cache_root: &Path, out: &mut Problems) -> Images {
        let dir = cache_root.join("images");
        let index_path = dir.join("index.tsv");
        let mut index = CacheIndex::load(&index_path);
        let key = settings.key();
        let mut images = Images {
            outputs: HashMap::new(),
            jobs: Vec::new(),
            placements: Vec::new(),
            copies: Vec::new(),
            index: CacheIndex::default(),
            index_path,
            settings,
        };
        let records = records_with_photos(site);

        // Hash the photos not in the index (in parallel; this reads files once).
        let photos: Vec<&Photo> = records.iter().flat_map(|(_, c)| c.photos.iter()).collect();
        let fresh: Vec<(String, u64, u128, String, u32, u32)> = photos
            .par_iter()
            .filter(|p| !is_svg(&p.source))
            .filter_map(|p| {
                let key = p.source.to_string_lossy().into_owned();
                let (size, mtime) = stat(&p.source)?;
                if let Some(e) = index.entries.get(&key)
                    && e.0 == size
                    && e.1 == mtime
                {
                    return Some((key, size, mtime, e.2.clone(), e.3, e.4));
                }
                let bytes = fsutil::read(&p.source).ok()?;
                let hash = blake3::hash(&bytes).to_hex()[..16].to_string();
                let (w, h) = oriented_size(&p.source, (p.width, p.height));
                Some((key, size, mtime, hash, w, h))
            })
            .collect();
        for (k, size, mtime, hash, w, h) in fresh {
            images.index.entries.insert(k, (size, mtime, hash, w, h));
        }
        index.entries.clear();

        let mut planned_jobs: HashMap<PathBuf, ()> = HashMap::new();
        for (section, c) in records {
            if c.photos.is_empty() {
                continue;
            }
            let rdir = record_dir(section, c);
            for p in &c.photos {
                if is_svg(&p.source) {
                    let path = format!("{rdir}{}", urls::encode_segment(&p.name));
                    images
                        .copies
                        .push((p.source.clone(), format!("{rdir}{}", p.name)));
                    images
                        .outputs
                        .insert(p.source.clone(), Output::Copy { path });
                    continue;
                }
                let k = p.source.to_string_lossy().into_owned();
                let Some((_, _, hash, w, h)) = images.index.entries.get(&k).cloned() else {
                    out.push(Problem::error(
                        crate::base::diag::rel(&site.root, &p.source),
                        "photo cannot be read",
                    ));
                    continue;
                };
                let cache_dir = dir.join(format!("{hash}-{key}"));
                let widths = widths_for(&images.settings, w);
                let base = format!("{rdir}{}-{}", stem(&p.name), &hash[..8]);
                let mut variants = Vec::new();
                let mut complete = cache_dir.join("og.jpg").is_file();
                for &vw in &widths {
                    let v = Variant {
                        width: vw,
                        height: scaled_height(w, h, vw),
                        webp: format!("{base}-{vw}.webp"),
                        jpeg: format!("{base}-{vw}.jpg"),
                    };
                    for (file, outp) in [
                        (cache_dir.join(format!("{vw}.webp")), &v.webp),
                        (cache_dir.join(format!("{vw}.jpg")), &v.jpeg),
                    ] {
                        complete &= file.is_file();
                        images.placements.push((file, outp.clone()));
                    }
                    variants.push(v);
                }
                let social = format!("{base}-og.jpg");
                images
                    .placements
                    .push((cache_dir.join("og.jpg"), social.clone()));
                if !complete && planned_jobs.insert(cache_dir.clone(), ()).is_none() {
                    images.jobs.push(Job {
                        source: p.source.clone(),
                        cache_dir,
                        widths: widths.clone(),
                        stored: (p.width, p.height),
                    });
                }
                images
                    .outputs
                    .insert(p.source.clone(), Output::Raster { variants, social });
            }
        }
        images
    }

    pub(crate) fn output(&self, source: &Path) -> Option<&Output> {
        self.outputs.get(source)
    }

    /// Photos that must be decoded in this build.
    pub fn pending(&self) -> usize {
        self.jobs.len()
    }

    /// Does the pending work (in parallel): decodes, resizes and encodes every photo not yet
    /// in the cache. The cache folders of photos that failed are returned; their outputs are
    /// not placed (the photo's error says it all).
    pub(crate) fn process(&self, site_root: &Path, out: &mut Problems) -> Processed {
        let processed = AtomicUsize::new(0);
        let source_bytes = AtomicU64::new(0);
        let bar = progress_bar(self.jobs.len());
        let results: Vec<Option<(&Path, Problem)>> = self
            .jobs
            .par_iter()
            .map(|job| {
                let r = process(job, &self.settings);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                match r {
                    Ok(bytes) => {
                        processed.fetch_add(1, Ordering::Relaxed);
                        source_bytes.fetch_add(bytes, Ordering::Relaxed);
                        None
                    }
                    Err(e) => Some((
                        job.cache_dir.as_path(),
                        Problem::error(crate::base::diag::rel(site_root, &job.source), format!("photo cannot be processed: {e}"))
                            .hint("open the photo on a computer and save it again as JPEG; a truncated or damaged file cannot be used"),
                    )),
                }
            })
            .collect();
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let mut failed = std::collections::HashSet::new();
        for (dir, problem) in results.into_iter().flatten() {
            failed.insert(dir.to_path_buf());
            out.push(problem);
        }
        Processed {
            processed: processed.into_inner(),
            source_bytes: source_bytes.into_inner(),
            failed,
        }
    }

    /// Every output file (path relative to the output folder) with the file it is a copy
    /// of: processed photos from the cache, SVG files from the content. Call after
    /// [`Images::process`].
    pub(crate) fn files(&self, done: &Processed) -> Vec<(String, PathBuf)> {
        self.placements
            .iter()
            .filter(|(from, _)| !from.parent().is_some_and(|d| done.failed.contains(d)))
            .map(|(from, to)| (to.clone(), from.clone()))
            .chain(
                self.copies
                    .iter()
                    .map(|(from, to)| (to.clone(), from.clone())),
            )
            .collect()
    }

    /// Every output file of the photos as planned, by output path: the cached file or the
    /// SVG it is copied from.
    pub(crate) fn planned_files(&self) -> HashMap<String, PathBuf> {
        self.files(&Processed::default()).into_iter().collect()
    }

    /// The output paths of the photos `write` links (or copies) from the cache, relative to
    /// the output: written without `fsutil`, so the output's manifest hashes them itself.
    pub(crate) fn placed(&self) -> impl Iterator<Item = &str> {
        self.placements.iter().map(|(_, to)| to.as_str())
    }

    /// Saves the cache index and removes cache entries no photo of this site uses.
    pub(crate) fn finish(&self) {
        self.index.save(&self.index_path);
        prune(&self.index_path, &self.placements);
    }

    /// Does the pending work (in parallel), then places every output file into `staging`.
    pub fn write(&self, site_root: &Path, staging: &Path, out: &mut Problems) -> Summary {
        let done = self.process(site_root, out);
        let failed = &done.failed;
        let output_bytes = AtomicU64::new(0);
        let place_errors: Vec<Problem> = self
            .placements
            .par_iter()
            .filter(|(from, _)| !from.parent().is_some_and(|d| failed.contains(d)))
            .filter_map(|(from, to)| {
                let dest = staging.join(to);
                if let Some(parent) = dest.parent()
                    && let Err(e) = fsutil::create_dir_all(parent)
                {
                    return Some(Problem::error(to, e.to_string()));
                }
                // A hard link costs nothing; copy where the file systems differ.
                let r = std::fs::hard_link(from, &dest)
                    .or_else(|_| std::fs::copy(from, &dest).map(|_| ()));
                match r {
                    Ok(()) => {
                        output_bytes.fetch_add(
                            std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0),
                            Ordering::Relaxed,
                        );
                        None
                    }
                    Err(e) => Some(Problem::error(
                        to,
                        format!("cannot place processed photo: {e}"),
                    )),
                }
            })
            .collect();
        for e in place_errors {
            out.push(e);
        }
        let mut copied = 0;
        for (from, to) in &self.copies {
            // SVG illustrations can carry script: only their safe part is published.
            let svg = match crate::base::svg::read_sanitised(from) {
                Ok(svg) => svg,
                Err(e) => {
                    out.push(svg_problem(site_root, from, e));
                    continue;
                }
            };
            match fsutil::write(&staging.join(to), svg) {
                Ok(()) => copied += 1,
                Err(e) => out.push(Problem::error(to, e.to_string())),
            }
        }
        self.finish();
        let processed = done.processed;
        Summary {
            processed,
            cached: self
                .outputs
                .values()
                .filter(|o| matches!(o, Output::Raster { .. }))
                .count()
                .saturating_sub(processed),
            copied,
            source_bytes: done.source_bytes,
            output_bytes: output_bytes.into_inner(),
        }
    }
}

fn progress_bar(n: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if n < 8 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("Ảnh {bar:30} {pos}/{len} {eta}") {
        bar.set_style(style);
    }
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, RgbImage};

    #[test]
    fn widths_are_never_upscaled() {
        let s = Settings::default();
        assert_eq!(widths_for(&s, 4000), vec![192, 360, 720, 1200, 1800]);
        assert_eq!(widths_for(&s, 1000), vec![192, 360, 720, 1000]);
        assert_eq!(widths_for(&s, 200), vec![192, 200]);
        assert_eq!(widths_for(&s, 150), vec![150]);
        assert_eq!(widths_for(&s, 720), vec![192, 360, 720]);
    }

    #[test]
    fn attention_crop_keeps_the_detailed_part() {
        // A flat image with a busy square on the right: the crop moves right.
        let mut img = RgbImage::from_pixel(400, 100, image::Rgb([200, 200, 200]));
        for y in 10..90 {
            for x in 300..380 {
                let v = if (x + y) % 2 == 0 { 0 } else { 255 };
                img.put_pixel(x, y, image::Rgb([v, v, v]));
            }
        }
        let (l, t, w, h) = attention_crop(&img, 1, 1);
        assert_eq!((t, w, h), (0.0, 100.0, 100.0));
        assert!(l >= 280.0, "crop starts at {l}");
    }

    #[test]
    fn flattening_puts_transparency_on_white() {
        let mut img = image::RgbaImage::new(1, 1);
        img.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        let rgb = flatten(DynamicImage::ImageRgba8(img));
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
