//! The pixels of a photo: decoded at the smallest scale that serves, oriented, converted to
//! sRGB, resized, cropped around its busiest part for the social card, and encoded as WebP
//! and JPEG into the cache. Everything here is about one picture; what to make and where it
//! goes is decided by the plan in `mod.rs`.

use super::*;
use crate::base::fsutil;
use crate::model::images::{MAX_PIXELS, Settings};
use fast_image_resize as fir;
use image::{DynamicImage, ImageDecoder, RgbImage};
use std::io::Cursor;
use std::path::Path;

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

pub(super) fn flatten(img: DynamicImage) -> RgbImage {
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
pub(super) fn to_srgb(img: &mut RgbImage, icc: &[u8]) {
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

pub(super) fn resize(
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
pub(super) fn encode_jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, String> {
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

pub(super) fn encode_webp(img: &RgbImage, quality: u8) -> Vec<u8> {
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
pub(super) fn process(job: &Job, s: &Settings) -> Result<u64, String> {
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

pub(super) fn process_into(
    job: &Job,
    s: &Settings,
    img: &RgbImage,
    tmp: &Path,
) -> Result<(), String> {
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
