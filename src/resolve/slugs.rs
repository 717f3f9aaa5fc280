//! The slug indexes: which records a site keeps (drafts and records whose slug is taken or
//! reserved are left out, with a problem for each duplicate or reserved slug), where each sits
//! in its section, and the fingerprint of the record set that tells `ocop serve` whether the
//! indexes still hold. Split from the rest because every record depends on them and the
//! `Resolver` keeps them between saves.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::Path;

use crate::base::diag::{Problem, Problems};
use crate::load::{RawFields, RawRecord, Section};

use super::ResolveOptions;

/// The slug indexes of a set of records: which records are kept (drafts and duplicates are
/// dropped, with the problems of the duplicates) and the position of each in its section.
/// `R` is a record or a reference to one.
pub(super) struct Indexed<R> {
    pub(super) records: Vec<R>,
    pub(super) index: HashMap<Section, HashMap<String, usize>>,
    pub(super) problems: Problems,
}

pub(super) fn index_records<R: Borrow<RawRecord>>(
    all: Vec<R>,
    opts: &ResolveOptions,
) -> Indexed<R> {
    let mut out = Problems::new();
    // Drafts are dropped before anything refers to them.
    let mut records: Vec<R> = Vec::with_capacity(all.len());
    for r in all {
        if !opts.drafts && is_draft(r.borrow()) {
            continue;
        }
        records.push(r);
    }

    // Slug indexes per section, with duplicates reported.
    let mut index: HashMap<Section, HashMap<String, usize>> = HashMap::new();
    let mut counters: HashMap<Section, usize> = HashMap::new();
    let mut keep = vec![true; records.len()];
    let mut first_file: HashMap<(Section, &str), &Path> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let r: &RawRecord = r.borrow();
        let key = (r.section, r.slug.as_str());
        if let Some(first) = first_file.get(&key) {
            out.push(
                Problem::error(&r.file, format!("duplicate slug `{}`: {} has it too", r.slug, first.display()))
                    .hint("two records of a section cannot have the same file or folder name (also when they differ only in Unicode form); rename one"),
            );
            keep[i] = false;
            continue;
        }
        if crate::resolve::reserved_slugs(r.section).contains(&r.slug.as_str()) {
            out.push(
                Problem::error(
                    &r.file,
                    format!(
                        "the address `{}` is taken by the site's own pages in this section",
                        r.slug
                    ),
                )
                .hint("rename the file or folder (e.g. add a word of the name); the address is made from it"),
            );
            keep[i] = false;
            continue;
        }
        first_file.insert(key, &r.file);
        let n = counters.entry(r.section).or_insert(0);
        index
            .entry(r.section)
            .or_default()
            .insert(r.slug.clone(), *n);
        *n += 1;
    }
    drop(first_file);
    let records: Vec<R> = records
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect();
    Indexed {
        records,
        index,
        problems: out,
    }
}

/// A fingerprint of what the resolution of one record may depend on besides the record
/// itself: which records exist (section, slug, file, draft or not), which could not be read,
/// and the settings that reach records.
pub(super) fn record_set_key<R: Borrow<RawRecord>>(
    all: &[R],
    unreadable: &[(Section, String)],
    opts: &ResolveOptions,
    trust_html: bool,
    root: &Path,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    all.len().hash(&mut h);
    for r in all {
        let r: &RawRecord = r.borrow();
        // The bytes of the path: hashing a `Path` splits it into components, which made
        // this a tenth of a rebuild of `ocop serve` at 20,000 products.
        (
            r.section,
            &r.slug,
            r.file.as_os_str().as_encoded_bytes(),
            is_draft(r),
        )
            .hash(&mut h);
    }
    let mut u: Vec<&(Section, String)> = unreadable.iter().collect();
    u.sort();
    u.hash(&mut h);
    (opts.today, opts.drafts, trust_html, root).hash(&mut h);
    h.finish()
}

/// Whether a record is marked `draft = true` (left out unless drafts are asked for).
pub fn is_draft(r: &RawRecord) -> bool {
    let d = match &r.fields {
        RawFields::Product(p) => &p.draft,
        RawFields::Producer(p) => &p.draft,
        RawFields::SalesPoint(p) => &p.draft,
        RawFields::Fair(p) => &p.draft,
        RawFields::Story(p) => &p.draft,
        RawFields::Page(p) => &p.draft,
        RawFields::Plan(p) => &p.draft,
    };
    d.as_ref().is_some_and(|d| d.value)
}

/// Folder names a record of `section` cannot take, because the site's own pages live there
/// (`/san-pham/trang/2/` is the catalogue's page 2, `/chu-the/loai/...` the directory by kind,
/// `/en/` the English pages). Checked by `resolve`, so a record can never replace a page.
pub fn reserved_slugs(section: crate::load::Section) -> &'static [&'static str] {
    use crate::load::Section;
    match section {
        Section::Products => &["trang", "sao", "nhom", "tinh", "het-han", "chu-the"],
        Section::Producers => &["trang", "tinh", "loai", "nhom", "sao"],
        Section::Pages => &[
            "san-pham",
            "chu-the",
            "diem-ban",
            "hoi-cho",
            "cau-chuyen",
            "tim-kiem",
            "du-lieu",
            "ke-hoach",
            "thong-ke",
            "thay-doi",
            "search",
            "en",
            "vi",
            "trang",
        ],
        Section::SalesPoints | Section::Fairs | Section::Stories | Section::Plans => &["trang"],
    }
}
