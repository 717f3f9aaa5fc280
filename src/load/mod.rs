//! Loading: walk `content/`, split front matter from Markdown, read typed raw records.
//!
//! This stage knows the shape of files and the types of fields, nothing else: a province is
//! still just text here, a producer reference just a slug. It reads every file it can (in
//! parallel), records a problem for every file or field it cannot, and hands the raw records
//! to `resolve`, which turns them into the model. Files are read whole, NFC-normalised, and
//! refused early when they are not UTF-8, empty, or unreasonably large.

pub(crate) mod fields;
pub mod markdown;

mod config;
mod fairs;
mod front_matter;
mod pages;
mod plans;
mod producers;
mod products;
mod raw;
mod record;
mod sales_points;
pub mod schema;
pub(crate) mod sources;
mod stories;
mod walk;

#[cfg(test)]
mod tests;

use std::path::Path;

use rayon::prelude::*;

use crate::base::diag::Problems;

pub(crate) use config::{RawColors, RawConfig, RawImages, load_config};
pub use raw::Section;
pub(crate) use raw::{
    RawCertificate, RawEnglish, RawFair, RawFields, RawOrigin, RawPage, RawPlan, RawProducer,
    RawProduct, RawRecord, RawSalesPoint, RawShop, RawSite, RawSpecs, RawStory, RawTarget,
};
pub(crate) use record::load_record;
pub use record::parse_record;
pub(crate) use walk::{
    ENGLISH_INDEX, ENGLISH_SUFFIX, Found, bundle_images, find_records, is_image_name,
};

/// Reads `site.toml` and every record below `content/`.
pub(crate) fn load(root: &Path, out: &mut Problems) -> RawSite {
    let config = load_config(root, out);
    let files = find_records(root, out);
    let results: Vec<(Option<RawRecord>, Problems)> = files
        .par_iter()
        .map(|f| {
            let mut p = Problems::new();
            let r = load_record(root, f, &mut p);
            (r, p)
        })
        .collect();
    let mut records = Vec::with_capacity(results.len());
    let mut unreadable = Vec::new();
    for ((r, p), f) in results.into_iter().zip(&files) {
        out.extend(p);
        match r {
            Some(r) => records.push(r),
            None => unreadable.push((f.section, f.slug.clone())),
        }
    }
    RawSite {
        root: root.to_path_buf(),
        config,
        records,
        unreadable,
        sources: Vec::new(),
        federated: Vec::new(),
    }
}
