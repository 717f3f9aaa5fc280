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

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use fast_image_resize as fir;
use image::{DynamicImage, ImageDecoder, RgbImage};
use rayon::prelude::*;

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::svg::is_svg;
use crate::model::{Common, Photo, Site};
use crate::present::urls;

/// Photos larger than this are refused before decoding (decompression bombs).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Processing settings (site.toml `[images]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub widths: Vec<u32>,
    pub webp_quality: u8,
    pub jpeg_quality: u8,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            widths: vec![360, 720, 1200, 1800],
            webp_quality: 78,
            jpeg_quality: 80,
        }
    }
}

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
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub jpeg: String,
}

/// What a photo becomes in the output.
#[derive(Debug, Clone)]
pub enum Output {
    /// Copied through the SVG sanitiser (`crate::base::svg`).
    Copy { path: String },
    Raster {
        /// Oriented size of the original.
        width: u32,
        height: u32,
        variants: Vec<Variant>,
        /// 1200×630 JPEG for link previews.
        social: String,
    },
}

struct Job {
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
    index: Index,
    index_path: PathBuf,
    pub settings: Settings,
}

/// What [`Images::process`] did.
#[derive(Debug, Default)]
pub struct Processed {
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
pub fn widths_for(settings: &Settings, w: u32) -> Vec<u32> {
    let mut v: Vec<u32> = settings.widths.iter().copied().filter(|&x| x < w).collect();
    if settings.widths.iter().any(|&x| x >= w) || v.is_empty() {
        v.push(w);
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Index of known photos: path → (size, mtime, hash, oriented width, height).
#[derive(Default)]
struct Index {
    entries: BTreeMap<String, (u64, u128, String, u32, u32)>,
}

impl Index {
    fn load(path: &Path) -> Index {
        let mut idx = Index::default();
        let Ok(text) = std::fs::read_to_string(path) else {
            return idx;
        };
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                continue;
            }
            let (Ok(size), Ok(mtime), Ok(w), Ok(h)) =
                (f[1].parse(), f[2].parse(), f[4].parse(), f[5].parse())
            else {
                continue;
            };
            idx.entries
                .insert(f[0].to_string(), (size, mtime, f[3].to_string(), w, h));
        }
        idx
    }

    fn save(&self, path: &Path) {
        let mut s = String::new();
        for (p, (size, mtime, hash, w, h)) in &self.entries {
            s.push_str(&format!("{p}\t{size}\t{mtime}\t{hash}\t{w}\t{h}\n"));
        }
        // Written aside and renamed, so that builds of one site running at once never see a
        // half-written index. The index only saves work; failing to write it is not an error.
        let tmp = path.with_extension(unique_suffix());
        if fsutil::write(&tmp, s).is_ok() && std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// A name part no other build (process or thread) uses at the same time: `tmp-PID-N`.
fn unique_suffix() -> String {
    static SEQ: AtomicU64 = AtomicU64::new(0);
    format!(
        "tmp-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    )
}

/// Whether a cache entry holds every file `widths` needs.
fn entry_complete(dir: &Path, widths: &[u32]) -> bool {
    dir.join("og.jpg").is_file()
        && widths.iter().all(|w| {
            dir.join(format!("{w}.webp")).is_file() && dir.join(format!("{w}.jpg")).is_file()
        })
}

fn stat(path: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some((m.len(), mtime))
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

impl Images {
    /// Plans the outputs of every published photo of `site`; reads no pixels.
    pub fn plan(site: &Site, settings: Settings, cache_root: &Path, out: &mut Problems) -> Images {
        let dir = cache_root.join("images");
        let index_path = dir.join("index.tsv");
        let mut index = Index::load(&index_path);
        let key = settings.key();
        let mut images = Images {
            outputs: HashMap::new(),
            jobs: Vec::new(),
            placements: Vec::new(),
            copies: Vec::new(),
            index: Index::default(),
            index_path,
            settings,
        };
        let mut records: Vec<(&str, &Common)> = Vec::new();
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
                images.outputs.insert(
                    p.source.clone(),
                    Output::Raster {
                        width: w,
                        height: h,
                        variants,
                        social,
                    },
                );
            }
        }
        images
    }

    pub fn output(&self, source: &Path) -> Option<&Output> {
        self.outputs.get(source)
    }

    /// Photos that must be decoded in this build.
    pub fn pending(&self) -> usize {
        self.jobs.len()
    }

    /// Does the pending work (in parallel): decodes, resizes and encodes every photo not yet
    /// in the cache. The cache folders of photos that failed are returned; their outputs are
    /// not placed (the photo's error says it all).
    pub fn process(&self, site_root: &Path, out: &mut Problems) -> Processed {
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
    pub fn files(&self, done: &Processed) -> Vec<(String, PathBuf)> {
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

    /// Saves the cache index and removes cache entries no photo of this site uses.
    pub fn finish(&self) {
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

/// The error of an SVG that cannot be published, naming its file.
pub fn svg_problem(site_root: &Path, file: &Path, why: String) -> Problem {
    Problem::error(
        crate::base::diag::rel(site_root, file),
        format!("SVG cannot be published: {why}"),
    )
    .hint("open it in a drawing program (Inkscape: Save As, Plain SVG) and save it again, or use a PNG or JPEG")
}

/// Removes cache folders that no photo of this build uses.
fn prune(index_path: &Path, placements: &[(PathBuf, String)]) {
    let Some(dir) = index_path.parent() else {
        return;
    };
    let used: std::collections::HashSet<PathBuf> = placements
        .iter()
        .filter_map(|(f, _)| f.parent().map(Path::to_path_buf))
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if !p.is_dir() || used.contains(&p) {
            continue;
        }
        // Another build of this site may be filling a work folder right now; leave those
        // younger than an hour (older ones were left by an interrupted build).
        let working = p.to_string_lossy().contains(".tmp-")
            && e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() < 3600));
        if !working {
            let _ = std::fs::remove_dir_all(&p);
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

/// Decodes a photo at the smallest scale that still serves `min_width`, oriented, in sRGB,
/// flattened onto white.
pub fn decode(path: &Path, stored: (u32, u32), min_width: u32) -> Result<(RgbImage, u64), String> {
    if u64::from(stored.0) * u64::from(stored.1) > MAX_PIXELS {
        return Err(format!(
            "{}×{} pixels is more than the limit of 100 megapixels",
            stored.0, stored.1
        ));
    }
    let bytes = fsutil::read(path).map_err(|e| e.source.to_string())?;
    let n = bytes.len() as u64;
    let reader = image::ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let is_jpeg = reader.format() == Some(image::ImageFormat::Jpeg);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let rotated = matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    let img = if is_jpeg {
        // DCT scaling: decode at 1/2, 1/4 or 1/8 when the largest output is small enough.
        let mut d = jpeg_decoder::Decoder::new(Cursor::new(&bytes));
        d.read_info().map_err(|e| e.to_string())?;
        let (sw, sh) = if rotated {
            (stored.1, stored.0)
        } else {
            stored
        };
        let want_w = min_width.min(sw);
        let want_h = scaled_height(sw, sh, want_w);
        let (rw, rh) = if rotated {
            (want_h, want_w)
        } else {
            (want_w, want_h)
        };
        let _ = d.scale(
            rw.min(u32::from(u16::MAX)) as u16,
            rh.min(u32::from(u16::MAX)) as u16,
        );
        let pixels = d.decode().map_err(|e| e.to_string())?;
        let info = d.info().ok_or("no image information")?;
        let (w, h) = (u32::from(info.width), u32::from(info.height));
        match info.pixel_format {
            jpeg_decoder::PixelFormat::RGB24 => {
                RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
            }
            jpeg_decoder::PixelFormat::L8 => {
                image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8)
            }
            _ => {
                return Err(
                    "CMYK and 16-bit JPEGs are not supported; save it as an RGB JPEG".into(),
                );
            }
        }
        .ok_or("the decoded image has the wrong size")?
    } else {
        DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?
    };
    let mut img = img;
    img.apply_orientation(orientation);
    let mut rgb = flatten(img);
    if let Some(profile) = icc {
        to_srgb(&mut rgb, &profile);
    }
    Ok((rgb, n))
}

fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(p[3]);
        for c in 0..3 {
            o[c] = ((u16::from(p[c]) * a + 255 * (255 - a)) / 255) as u8;
        }
    }
    out
}

/// Converts pixels from the photo's colour profile to sRGB (Display P3 from phones, Adobe RGB
/// from cameras); an sRGB or unreadable profile leaves them as they are.
fn to_srgb(img: &mut RgbImage, icc: &[u8]) {
    let Some(src) = qcms::Profile::new_from_slice(icc, false) else {
        return;
    };
    if src.is_sRGB() {
        return;
    }
    let mut dst = qcms::Profile::new_sRGB();
    dst.precache_output_transform();
    if let Some(t) =
        qcms::Transform::new(&src, &dst, qcms::DataType::RGB8, qcms::Intent::Perceptual)
    {
        let buf: &mut [u8] = img.as_mut();
        if buf.len().is_multiple_of(3) {
            t.apply(buf);
        }
    }
}

fn resize(
    img: &RgbImage,
    w: u32,
    h: u32,
    crop: Option<(f64, f64, f64, f64)>,
) -> Result<RgbImage, String> {
    let src = fir::images::ImageRef::new(
        img.width(),
        img.height(),
        img.as_raw(),
        fir::PixelType::U8x3,
    )
    .map_err(|e| e.to_string())?;
    let mut dst = fir::images::Image::new(w, h, fir::PixelType::U8x3);
    let mut opts = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    if let Some((l, t, cw, ch)) = crop {
        opts = opts.crop(l, t, cw, ch);
    }
    fir::Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| e.to_string())?;
    RgbImage::from_raw(w, h, dst.into_vec()).ok_or_else(|| "resize produced a wrong size".into())
}

/// Chooses where to crop `img` to the aspect `aw:ah`: along the axis that must be cut, the
/// window with the most detail (edge energy), so the product rather than the table is kept.
pub fn attention_crop(img: &RgbImage, aw: u32, ah: u32) -> (f64, f64, f64, f64) {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let target = f64::from(aw) / f64::from(ah);
    let (cw, ch) = if w / h > target {
        (h * target, h)
    } else {
        (w, w / target)
    };
    // Edge energy on a small grey copy.
    let small_w = 96u32.min(img.width()).max(1);
    let small_h = scaled_height(img.width(), img.height(), small_w);
    let grey = image::imageops::resize(
        &DynamicImage::ImageRgb8(img.clone()).into_luma8(),
        small_w,
        small_h,
        image::imageops::FilterType::Triangle,
    );
    let energy = |x: u32, y: u32| -> f64 {
        let c = f64::from(grey.get_pixel(x, y)[0]);
        let r = f64::from(grey.get_pixel((x + 1).min(small_w - 1), y)[0]);
        let d = f64::from(grey.get_pixel(x, (y + 1).min(small_h - 1))[0]);
        (c - r).abs() + (c - d).abs()
    };
    let horizontal = w / h > target;
    let n = if horizontal { small_w } else { small_h };
    let mut profile = vec![0.0f64; n as usize];
    for y in 0..small_h {
        for x in 0..small_w {
            let i = if horizontal { x } else { y } as usize;
            profile[i] += energy(x, y);
        }
    }
    let scale = f64::from(n) / if horizontal { w } else { h };
    let win = ((if horizontal { cw } else { ch }) * scale)
        .round()
        .max(1.0) as usize;
    let win = win.min(n as usize);
    let mut best = (f64::MIN, 0usize);
    let mut sum: f64 = profile[..win].iter().sum();
    // Prefer the centre on ties: start from the middle position's score.
    let centre = (n as usize - win) / 2;
    for start in 0..=(n as usize - win) {
        if start > 0 {
            sum += profile[start + win - 1] - profile[start - 1];
        }
        let bias = -((start as f64 - centre as f64).abs()) * 1e-6;
        if sum + bias > best.0 {
            best = (sum + bias, start);
        }
    }
    let offset = best.1 as f64 / scale;
    if horizontal {
        (offset.min(w - cw).max(0.0), 0.0, cw, ch)
    } else {
        (0.0, offset.min(h - ch).max(0.0), cw, ch)
    }
}

/// Baseline JPEG, 4:2:0 chroma below quality 90 (as libjpeg does), optimised Huffman tables
/// (a few percent smaller for little time); only a JFIF header, no metadata.
fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (
        u16::try_from(img.width()).map_err(|_| "too wide for JPEG")?,
        u16::try_from(img.height()).map_err(|_| "too tall for JPEG")?,
    );
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.set_optimized_huffman_tables(true);
    enc.encode(img.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn encode_webp(img: &RgbImage, quality: u8) -> Vec<u8> {
    webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height())
        .encode(f32::from(quality))
        .to_vec()
}

/// Processes one photo file into `cache_dir` (its variants at the widths the settings give
/// for it and its social card); returns the size of the source in bytes. Used by the build
/// and by the image benchmark.
pub fn process_file(source: &Path, cache_dir: &Path, s: &Settings) -> Result<u64, String> {
    let (w, h) = crate::resolve::image_size(source)?;
    let (ow, _) = oriented_size(source, (w, h));
    let job = Job {
        source: source.to_path_buf(),
        cache_dir: cache_dir.to_path_buf(),
        widths: widths_for(s, ow),
        stored: (w, h),
    };
    process(&job, s)
}

/// Processes one photo into its cache folder; returns the bytes of the source.
fn process(job: &Job, s: &Settings) -> Result<u64, String> {
    let largest = job
        .widths
        .iter()
        .copied()
        .max()
        .unwrap_or(SOCIAL_W)
        .max(SOCIAL_W);
    let (img, n) = decode(&job.source, job.stored, largest)?;
    // Each run works in a folder of its own: two builds of one site may process the same
    // photo at once (the tests do).
    let tmp = job.cache_dir.with_extension(unique_suffix());
    fsutil::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let result = process_into(job, s, &img, &tmp);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result.map(|()| n)
}

fn process_into(job: &Job, s: &Settings, img: &RgbImage, tmp: &Path) -> Result<(), String> {
    let write =
        |name: &str, bytes: &[u8]| fsutil::write(&tmp.join(name), bytes).map_err(|e| e.to_string());
    for &w in &job.widths {
        let w2 = w.min(img.width());
        let h = scaled_height(img.width(), img.height(), w2);
        let resized;
        let v = if w2 == img.width() {
            img
        } else {
            resized = resize(img, w2, h, None)?;
            &resized
        };
        write(&format!("{w}.webp"), &encode_webp(v, s.webp_quality))?;
        write(&format!("{w}.jpg"), &encode_jpeg(v, s.jpeg_quality)?)?;
    }
    let crop = attention_crop(img, SOCIAL_W, SOCIAL_H);
    let card = resize(img, SOCIAL_W, SOCIAL_H, Some(crop))?;
    write("og.jpg", &encode_jpeg(&card, s.jpeg_quality)?)?;
    // The cache entry appears whole or not at all.
    if std::fs::rename(tmp, &job.cache_dir).is_ok() {
        return Ok(());
    }
    if entry_complete(&job.cache_dir, &job.widths) {
        // Another build finished the same photo first; its entry is as good as ours.
        let _ = std::fs::remove_dir_all(tmp);
        return Ok(());
    }
    // A partial entry left by an interrupted build: replace it.
    let _ = std::fs::remove_dir_all(&job.cache_dir);
    std::fs::rename(tmp, &job.cache_dir).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_never_upscaled() {
        let s = Settings::default();
        assert_eq!(widths_for(&s, 4000), vec![360, 720, 1200, 1800]);
        assert_eq!(widths_for(&s, 1000), vec![360, 720, 1000]);
        assert_eq!(widths_for(&s, 200), vec![200]);
        assert_eq!(widths_for(&s, 720), vec![360, 720]);
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
