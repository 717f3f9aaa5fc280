//! Photos: the names a record lists (or every image of its bundle) checked to be image files
//! inside the record's folder, no larger than the pixel limit, with their size read from the
//! file header. Apart because it is the only part of resolution that reads files.

use std::path::Path;

use crate::base::diag::{Problem, Problems, did_you_mean};
use crate::load::fields::Sp;
use crate::load::{self, RawRecord};
use crate::model::*;

use super::Ctx;

impl Ctx<'_> {
    /// Resolves the record's photos: the listed ones, or every image of the bundle.
    pub(super) fn photos(
        &self,
        r: &RawRecord,
        listed: &[Sp<String>],
        cover: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Vec<Photo> {
        let mut names: Vec<Sp<String>> = if listed.is_empty() {
            r.bundle_images
                .iter()
                .map(|n| Sp::new(n.clone(), None))
                .collect()
        } else {
            listed.to_vec()
        };
        if let Some(c) = cover {
            names.retain(|n| n.value != c.value);
            names.insert(0, c.clone());
        }
        for name in &r.bundle_unsupported {
            out.push(
                Problem::warning(&r.file, format!("photo `{name}` is in a format that cannot be published; it is left out"))
                    .field("photos")
                    .hint("save it as JPEG (on a phone: share or export as JPEG, or set the camera to \"Most compatible\")"),
            );
        }
        let mut photos = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let field = if cover.is_some() && i == 0 {
                "cover".to_string()
            } else if listed.is_empty() {
                "photos".to_string()
            } else {
                format!(
                    "photos[{}]",
                    listed
                        .iter()
                        .position(|l| l.value == name.value)
                        .unwrap_or(i)
                )
            };
            match self.photo(r, &name.value) {
                Ok(p) => photos.push(p),
                Err((msg, hint)) => out.push(
                    Problem::error(&r.file, msg)
                        .at(name.pos)
                        .field(field)
                        .hint(hint),
                ),
            }
        }
        photos
    }

    /// Marks the photos named in `illustrative`; a name that is not one of the record's
    /// photos is an error naming the entry.
    pub(super) fn mark_illustrative(
        &self,
        r: &RawRecord,
        photos: &mut [Photo],
        listed: &[&str],
        illustrative: &[Sp<String>],
        out: &mut Problems,
    ) {
        for (i, name) in illustrative.iter().enumerate() {
            match photos.iter_mut().find(|p| p.name == name.value) {
                Some(p) => p.illustrative = true,
                // A listed photo that could not be read has its own error already.
                None if listed.contains(&name.value.as_str()) => {}
                None => {
                    let known: Vec<&str> = photos.iter().map(|p| p.name.as_str()).collect();
                    let hint = match did_you_mean(&name.value, known.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if known.is_empty() => {
                            "the record has no photos; list a photo of its folder in `photos` or remove `illustrative`".into()
                        }
                        None => format!("name one of the record's photos: {}", known.join(", ")),
                    };
                    out.push(
                        Problem::error(
                            &r.file,
                            format!("`{}` is not one of the record's photos", name.value),
                        )
                        .at(name.pos)
                        .field(format!("illustrative[{i}]"))
                        .hint(hint),
                    );
                }
            }
        }
    }

    pub(super) fn photo(&self, r: &RawRecord, name: &str) -> Result<Photo, (String, String)> {
        let Some(bundle) = &r.bundle else {
            return Err((
                format!("photo `{name}` needs a bundle folder"),
                format!(
                    "move the record to `{}/{}/index.md` and put the photo beside it",
                    r.file
                        .parent()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    r.slug
                ),
            ));
        };
        let bad_name = name.contains('/')
            || name.contains('\\')
            || name.starts_with('.')
            || name.contains('\0');
        if bad_name {
            return Err((
                format!("photo path `{name}` leaves the record's folder"),
                "name a photo file that lies in the same folder as index.md, e.g. `photos = [\"anh-1.jpg\"]`".into(),
            ));
        }
        if !load::is_image_name(name) {
            return Err((
                format!("`{name}` is not a supported image type"),
                "use a JPEG, PNG, WebP, GIF or SVG file".into(),
            ));
        }
        let path = bundle.join(name);
        let meta = std::fs::symlink_metadata(&path).map_err(|_| {
            let known: Vec<&str> = r.bundle_images.iter().map(String::as_str).collect();
            let hint = match did_you_mean(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if known.is_empty() => {
                    "put the photo in the record's folder beside index.md".into()
                }
                None => format!("photos in this folder: {}", known.join(", ")),
            };
            (format!("photo `{name}` does not exist"), hint)
        })?;
        if meta.file_type().is_symlink() {
            // A link may point anywhere; only accept one that stays inside the site.
            let target = std::fs::canonicalize(&path).map_err(|e| {
                (
                    format!("photo `{name}` is a broken link: {e}"),
                    "replace the link by the photo itself".into(),
                )
            })?;
            let root = std::fs::canonicalize(self.root).unwrap_or_else(|_| self.root.to_path_buf());
            if !target.starts_with(&root) {
                return Err((
                    format!("photo `{name}` links to a file outside the site folder"),
                    "copy the photo into the record's folder instead of linking to it".into(),
                ));
            }
        }
        let (width, height) = image_size(&path).map_err(|e| {
            (
                format!("photo `{name}` cannot be read: {e}"),
                "replace it with a valid JPEG, PNG, WebP or SVG file".into(),
            )
        })?;
        if u64::from(width) * u64::from(height) > crate::model::images::MAX_PIXELS {
            return Err((
                format!(
                    "photo `{name}` is {width}×{height} pixels, more than the limit of 100 megapixels"
                ),
                "make the photo smaller (a few thousand pixels wide is plenty for the web)".into(),
            ));
        }
        Ok(Photo {
            name: name.to_string(),
            source: path,
            width,
            height,
            illustrative: false,
        })
    }
}

/// Width and height of an image, reading only its header (SVG: its root attributes).
pub fn image_size(path: &Path) -> Result<(u32, u32), String> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = crate::base::fsutil::read_to_string(path).map_err(|e| e.source.to_string())?;
        return svg_size(&text).ok_or_else(|| {
            "an SVG needs width and height (or a viewBox) on its <svg> element".into()
        });
    }
    let file = crate::base::fsutil::open_regular(path).map_err(|e| e.source.to_string())?;
    let reader = image::ImageReader::new(std::io::BufReader::new(file))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("not an image file".into());
    }
    let (w, h) = reader.into_dimensions().map_err(|e| e.to_string())?;
    if w == 0 || h == 0 {
        return Err("the image is empty".into());
    }
    Ok((w, h))
}

pub(super) fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let attr = |name: &str| -> Option<&str> {
        let needle = format!(" {name}=\"");
        let i = tag.find(&needle)? + needle.len();
        let j = tag[i..].find('"')?;
        Some(&tag[i..i + j])
    };
    let num = |s: &str| -> Option<u32> {
        let s = s.trim().trim_end_matches("px");
        let v: f64 = s.parse().ok()?;
        (v > 0.0 && v < 100_000.0).then_some(v.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(num), attr("height").and_then(num)) {
        return Some((w, h));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    if vb.len() == 4 && vb[2] > 0.0 && vb[3] > 0.0 {
        Some((vb[2].round() as u32, vb[3].round() as u32))
    } else {
        None
    }
}
