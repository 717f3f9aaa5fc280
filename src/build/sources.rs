//! Sources that are a site's folder (`path` naming a folder with `site.toml`) rather than a
//! folder of exports: the site is resolved and its exports made here, in memory, by the
//! stages of a build, then read like any other source.
//!
//! A regional office may keep its provinces' content folders on one machine without
//! publishing each; their records still go through the province's own site (its settings,
//! its checks), then through the exports, so a merged record is the same whichever way its
//! province is named. A source's own `[[sources]]` are not followed (no loops between
//! sites). The exports are kept in the source's cache folder and rewritten only when they
//! change, so an unchanged province reads as unchanged.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::base::diag::{Problem, Problems};
use crate::base::fsutil;
use crate::base::timings::Timings;
use crate::build::stages::{FromScratch, prepare};
use crate::model::federation::{Location, SourceSpec};
use crate::render::Renderer;
use crate::resolve::ResolveOptions;

/// The export files a source is read from, as a site writes them.
const FILES: [&str; 4] = [
    "du-lieu/products.json",
    "du-lieu/producers.json",
    "du-lieu/sales-points.json",
    "du-lieu/fairs.json",
];

/// `specs` with each site folder replaced by the folder of its exports, made now.
pub(crate) fn content_sources(
    root: &Path,
    specs: Vec<SourceSpec>,
    today: NaiveDate,
    out: &mut Problems,
) -> Vec<SourceSpec> {
    specs
        .into_iter()
        .map(|mut s| {
            let Location::Folder(dir) = &s.location else {
                return s;
            };
            if !dir.join("site.toml").is_file() {
                return s;
            }
            let target = root
                .join(".ocop-cache")
                .join("sources")
                .join(&s.key)
                .join("site-exports");
            if let Err(reason) = exports_of(dir, today).and_then(|files| keep(&target, files)) {
                out.push(
                    Problem::warning(
                        PathBuf::from(".ocop-cache/sources").join(&s.key),
                        format!("source `{}` (the site folder {}) could not be built: {reason}", s.label, dir.display()),
                    )
                    .hint("run `ocop check` in that folder; its exports made last time are used, if any"),
                );
            }
            s.location = Location::Folder(target);
            s
        })
        .collect()
}

/// The four export files of the site in `dir`, on `today`.
fn exports_of(dir: &Path, today: NaiveDate) -> Result<[Option<Vec<u8>>; 4], String> {
    let mut stages = FromScratch {
        root: dir.to_path_buf(),
        options: ResolveOptions {
            today,
            base_url: None,
            drafts: false,
        },
        output: None,
        federate: false,
    };
    let mut problems = Problems::new();
    let prepared = prepare(&mut stages, dir, &mut problems, &mut Timings::start());
    let Some(prepared) = prepared else {
        let first = problems.errors().next().map_or_else(
            || "it has errors".to_string(),
            |p| format!("{} error(s), the first: {p}", problems.error_count()),
        );
        return Err(first);
    };
    let r = Renderer::new(&prepared.site, &prepared.theme, &prepared.images);
    let mut files: [Option<Vec<u8>>; 4] = Default::default();
    crate::outputs::exports::write_each(&r, |path, write| {
        if let Some(i) = FILES.iter().position(|f| *f == path) {
            let mut buf = Vec::new();
            if write(&mut buf).is_ok() {
                files[i] = Some(buf);
            }
        }
    });
    Ok(files)
}

/// Writes the files that changed (whole, one at a time): an unchanged file keeps its time,
/// so the source reads as unchanged.
fn keep(target: &Path, files: [Option<Vec<u8>>; 4]) -> Result<(), String> {
    fsutil::create_dir_all(target).map_err(|e| e.to_string())?;
    for (rel, bytes) in FILES.iter().zip(files) {
        let name = rel.trim_start_matches("du-lieu/");
        let path = target.join(name);
        let Some(bytes) = bytes else {
            let _ = std::fs::remove_file(&path);
            continue;
        };
        if fsutil::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            fsutil::write_atomic(&path, bytes).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
