//! Validation and resolution: raw records in, the immutable `Site` out.
//!
//! This is the one place where text becomes meaning: a province name becomes a `ProvinceId`,
//! a slug a `ProducerId`, an integer `Stars`. Every check of the content format lives here and
//! every failure becomes a `Problem` naming the file, line and field; resolution goes on past
//! errors so one run reports them all. When it returns a `Site`, the site is complete and
//! consistent: cross-links exist both ways and nothing will change it afterwards.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::base::diag::{Pos, Problem, Problems, did_you_mean};
use crate::load::fields::Sp;
use crate::load::markdown;
use crate::load::{self, RawFields, RawRecord, RawSite, Section};
use crate::model::Lang;
use crate::model::refdata::{self, GroupMatch, ProvinceId, ProvinceMatch};
use crate::model::*;

/// Settings that come from the command line rather than the content.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: NaiveDate,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// Resolves the raw site; `None` only when there is nothing to build at all. Each raw
/// record is dropped as soon as it is resolved, so the raw and the resolved catalogue are
/// not both held whole (about 1 GB each at 100,000 products).
pub fn resolve(mut raw: RawSite, opts: &Options, out: &mut Problems) -> Option<Site> {
    let records = std::mem::take(&mut raw.records);
    resolve_keeping(&raw, records, opts, out).0
}

/// [`resolve`] of the records `records` (those of `raw.records` are ignored).
pub fn resolve_records(
    raw: &RawSite,
    all: Vec<&RawRecord>,
    opts: &Options,
    out: &mut Problems,
) -> Option<Site> {
    resolve_keeping(raw, all, opts, out).0
}

/// The slug indexes of a set of records: which records are kept (drafts and duplicates are
/// dropped, with the problems of the duplicates) and the position of each in its section.
/// `R` is a record or a reference to one.
struct Indexed<R> {
    records: Vec<R>,
    index: HashMap<Section, HashMap<String, usize>>,
    problems: Problems,
}

fn index_records<R: Borrow<RawRecord>>(all: Vec<R>, opts: &Options) -> Indexed<R> {
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
fn record_set_key<R: Borrow<RawRecord>>(
    all: &[R],
    unreadable: &[(Section, String)],
    opts: &Options,
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

/// What `ocop serve` keeps of a resolution so that a save re-resolves only the records it
/// changed, in place, in a site resolved earlier (see `incremental`). A record's resolution
/// depends only on the record itself, on which records exist (the slug indexes) and on a
/// few settings, all summed up in [`Resolver::key`]; while that is unchanged, a changed
/// record can be resolved alone ([`Resolver::resolve`]) and put in its place
/// ([`Resolver::place`]), and the reverse links made again ([`Resolver::relink`]).
pub struct Resolver {
    key: u64,
    index: HashMap<Section, HashMap<String, usize>>,
    /// The position of each kept record (drafts and duplicates are not) in its section.
    positions: HashMap<PathBuf, usize>,
    unreadable: std::collections::HashSet<(Section, String)>,
    today: NaiveDate,
    trust_html: bool,
    root: PathBuf,
    /// Problems of the indexes (duplicate or reserved slugs).
    problems: Problems,
    /// The sales points each product names itself (before the reverse links are merged in).
    sold_at: Vec<Vec<SalesPointId>>,
    /// The products each sales point names itself.
    sells: Vec<Vec<ProductId>>,
}

/// One record resolved alone, to be put in place with [`Resolver::place`].
pub struct Record {
    resolved: Resolved,
    position: Option<usize>,
}

impl Resolver {
    /// Whether records resolved by this resolver still fit `all` (the records, in load
    /// order, before drafts are dropped) and `unreadable`.
    pub fn fits(
        &self,
        all: &[&RawRecord],
        unreadable: &[(Section, String)],
        opts: &Options,
        trust_html: bool,
    ) -> bool {
        self.key == record_set_key(all, unreadable, opts, trust_html, &self.root)
    }

    /// The `trust_html` setting records were resolved with.
    pub fn trust_html(&self) -> bool {
        self.trust_html
    }

    /// Problems of the slug indexes, reported again by every rebuild that reuses them.
    pub fn problems(&self) -> &Problems {
        &self.problems
    }

    /// Whether the record of `file` (relative, as in `RawRecord::file`) is in the site
    /// (drafts and duplicates are not).
    pub fn keeps(&self, file: &Path) -> bool {
        self.positions.contains_key(file)
    }

    /// Resolves one record of the set this resolver was made for.
    pub fn resolve(&self, r: &RawRecord, out: &mut Problems) -> Record {
        let ctx = Ctx {
            unreadable: &self.unreadable,
            index: &self.index,
            today: self.today,
            trust_html: self.trust_html,
            root: &self.root,
        };
        let position = self.positions.get(&r.file).copied();
        Record {
            resolved: ctx.record(r, out),
            position,
        }
    }

    /// Puts `record` in its place in `site` (made from the same set of records), replacing
    /// the earlier version of it. The reverse links are left for [`Resolver::relink`].
    pub fn place(&mut self, site: &mut Site, record: Record) {
        let Some(i) = record.position else { return };
        fn put<T>(v: &mut [T], i: usize, x: T) {
            if let Some(slot) = v.get_mut(i) {
                *slot = x;
            }
        }
        match record.resolved {
            Resolved::Product(x) => {
                if let Some(s) = self.sold_at.get_mut(i) {
                    s.clone_from(&x.sold_at);
                }
                put(&mut site.products, i, *x)
            }
            Resolved::Producer(x) => put(&mut site.producers, i, *x),
            Resolved::SalesPoint(x) => {
                if let Some(s) = self.sells.get_mut(i) {
                    s.clone_from(&x.products);
                }
                put(&mut site.sales_points, i, *x)
            }
            Resolved::Fair(x) => put(&mut site.fairs, i, *x),
            Resolved::Story(x) => put(&mut site.stories, i, *x),
            Resolved::Page(x) => put(&mut site.pages, i, *x),
        }
    }

    /// Makes the reverse links of `site` again (producer → products, fairs, stories; sales
    /// points ↔ products) from the links each record names itself.
    pub fn relink(&self, site: &mut Site) {
        for (p, sold) in site.products.iter_mut().zip(&self.sold_at) {
            p.sold_at.clone_from(sold);
            p.fairs.clear();
            p.stories.clear();
        }
        for (s, sells) in site.sales_points.iter_mut().zip(&self.sells) {
            s.products.clone_from(sells);
        }
        for p in &mut site.producers {
            p.products.clear();
            p.fairs.clear();
            p.stories.clear();
        }
        cross_link(site);
    }
}

/// [`resolve_records`], also returning what is needed to re-resolve single records later
/// and the problems of each record, by file.
pub fn resolve_keeping<R: Borrow<RawRecord> + Send + Sync>(
    raw: &RawSite,
    all: Vec<R>,
    opts: &Options,
    out: &mut Problems,
) -> (Option<Site>, Resolver, HashMap<PathBuf, Problems>) {
    let config = resolve_config(raw, opts, out);
    let root = raw.root.clone();
    let key = record_set_key(&all, &raw.unreadable, opts, config.trust_html, &root);
    let Indexed {
        records,
        index,
        problems,
    } = index_records(all, opts);
    out.extend(problems.clone());

    let unreadable: std::collections::HashSet<(Section, String)> =
        raw.unreadable.iter().cloned().collect();
    let positions = records
        .iter()
        .map(|r| r.borrow())
        .filter_map(|r| Some((r.file.clone(), *index.get(&r.section)?.get(&r.slug)?)))
        .collect();
    let ctx = Ctx {
        unreadable: &unreadable,
        index: &index,
        today: opts.today,
        trust_html: config.trust_html,
        root: &root,
    };

    // Records resolve independently (in parallel); links between them are indices. An
    // owned raw record is dropped here, once resolved.
    let resolved: Vec<(PathBuf, Resolved, Problems)> = records
        .into_par_iter()
        .map(|r| {
            let r: &RawRecord = r.borrow();
            let mut p = Problems::new();
            let res = ctx.record(r, &mut p);
            (r.file.clone(), res, p)
        })
        .collect();

    let trust_html = config.trust_html;
    let mut site = Site {
        root,
        config,
        today: opts.today,
        products: Vec::new(),
        producers: Vec::new(),
        sales_points: Vec::new(),
        fairs: Vec::new(),
        stories: Vec::new(),
        pages: Vec::new(),
    };
    // A record that failed still holds its place, so indices stay right; failures are
    // errors, and a site with errors is never rendered.
    let mut record_problems = HashMap::with_capacity(resolved.len());
    for (file, res, p) in resolved {
        record_problems.insert(file, p.clone());
        out.extend(p);
        match res {
            Resolved::Product(x) => site.products.push(*x),
            Resolved::Producer(x) => site.producers.push(*x),
            Resolved::SalesPoint(x) => site.sales_points.push(*x),
            Resolved::Fair(x) => site.fairs.push(*x),
            Resolved::Story(x) => site.stories.push(*x),
            Resolved::Page(x) => site.pages.push(*x),
        }
    }
    let resolver = Resolver {
        key,
        index,
        positions,
        unreadable,
        today: opts.today,
        trust_html,
        root: site.root.clone(),
        problems,
        sold_at: site.products.iter().map(|p| p.sold_at.clone()).collect(),
        sells: site
            .sales_points
            .iter()
            .map(|s| s.products.clone())
            .collect(),
    };
    cross_link(&mut site);
    (Some(site), resolver, record_problems)
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
    };
    d.as_ref().is_some_and(|d| d.value)
}

/// Fills the reverse links: producer → products, fairs and stories; sales points ↔ products.
fn cross_link(site: &mut Site) {
    let mut sold: BTreeMap<(u32, u32), ()> = BTreeMap::new();
    for (i, p) in site.products.iter().enumerate() {
        for s in &p.sold_at {
            sold.insert((i as u32, s.0), ());
        }
    }
    for (si, s) in site.sales_points.iter().enumerate() {
        for p in &s.products {
            sold.insert((p.0, si as u32), ());
        }
    }
    for p in &mut site.products {
        p.sold_at.clear();
    }
    for s in &mut site.sales_points {
        s.products.clear();
    }
    for &(p, s) in sold.keys() {
        site.products[p as usize].sold_at.push(SalesPointId(s));
        site.sales_points[s as usize].products.push(ProductId(p));
    }
    for i in 0..site.products.len() {
        let producer = site.products[i].producer;
        if let Some(pr) = site.producers.get_mut(producer.index()) {
            pr.products.push(ProductId(i as u32));
        }
    }
    for fi in 0..site.fairs.len() {
        let fair = &site.fairs[fi];
        let (prods, producers) = (fair.products.clone(), fair.producers.clone());
        for p in prods {
            site.products[p.index()].fairs.push(FairId(fi as u32));
        }
        for p in producers {
            site.producers[p.index()].fairs.push(FairId(fi as u32));
        }
    }
    for si in 0..site.stories.len() {
        let story = &site.stories[si];
        let (prods, producers) = (story.products.clone(), story.producers.clone());
        for p in prods {
            site.products[p.index()].stories.push(StoryId(si as u32));
        }
        for p in producers {
            site.producers[p.index()].stories.push(StoryId(si as u32));
        }
    }
}

#[derive(Clone)]
enum Resolved {
    Product(Box<Product>),
    Producer(Box<Producer>),
    SalesPoint(Box<SalesPoint>),
    Fair(Box<Fair>),
    Story(Box<Story>),
    Page(Box<FreePage>),
}

struct Ctx<'a> {
    unreadable: &'a std::collections::HashSet<(Section, String)>,
    index: &'a HashMap<Section, HashMap<String, usize>>,
    today: NaiveDate,
    trust_html: bool,
    root: &'a Path,
}

/// A value or, when it was missing or wrong, a stand-in (the problem is already reported).
fn text(s: &Option<Sp<String>>) -> String {
    s.as_ref().map(|s| s.value.clone()).unwrap_or_default()
}

fn opt(s: &Option<Sp<String>>) -> Option<String> {
    s.as_ref().map(|s| s.value.clone())
}

fn pos<T>(s: &Option<Sp<T>>) -> Option<Pos> {
    s.as_ref().and_then(|s| s.pos)
}

impl Ctx<'_> {
    fn record(&self, r: &RawRecord, out: &mut Problems) -> Resolved {
        // Stories and free pages show their body right under the h1; records show it in a
        // section with its own h2.
        let top = match r.section {
            Section::Stories | Section::Pages => 2,
            _ => 3,
        };
        let body_html = markdown::to_html(&r.body, self.trust_html, top);
        let mut resolved = self.record_vi(r, body_html, out);
        let english = self.english(r, top);
        match &mut resolved {
            Resolved::Product(x) => x.common.en = english,
            Resolved::Producer(x) => x.common.en = english,
            Resolved::SalesPoint(x) => x.common.en = english,
            Resolved::Fair(x) => x.common.en = english,
            Resolved::Story(x) => x.common.en = english,
            Resolved::Page(x) => x.common.en = english,
        }
        resolved
    }

    /// The record's English text: its `*_en` fields and its English body.
    fn english(&self, r: &RawRecord, top: usize) -> English {
        let e = &r.english;
        English {
            name: opt(&e.name),
            summary: opt(&e.summary),
            unit: opt(&e.unit),
            hours: opt(&e.hours),
            venue: opt(&e.venue),
            body_html: e
                .body
                .as_ref()
                .map(|(_, md)| markdown::to_html(md, self.trust_html, top)),
        }
    }

    fn record_vi(&self, r: &RawRecord, body_html: String, out: &mut Problems) -> Resolved {
        match &r.fields {
            RawFields::Product(p) => {
                Resolved::Product(Box::new(self.product(r, p, body_html, out)))
            }
            RawFields::Producer(p) => {
                Resolved::Producer(Box::new(self.producer(r, p, body_html, out)))
            }
            RawFields::SalesPoint(p) => {
                Resolved::SalesPoint(Box::new(self.sales_point(r, p, body_html, out)))
            }
            RawFields::Fair(p) => Resolved::Fair(Box::new(self.fair(r, p, body_html, out))),
            RawFields::Story(p) => Resolved::Story(Box::new(self.story(r, p, body_html, out))),
            RawFields::Page(p) => Resolved::Page(Box::new(FreePage {
                common: self.common(r, &[], &None, body_html, out),
                title: text(&p.title),
                summary: opt(&p.summary),
            })),
        }
    }

    fn common(
        &self,
        r: &RawRecord,
        photos: &[Sp<String>],
        cover: &Option<Sp<String>>,
        body_html: String,
        out: &mut Problems,
    ) -> Common {
        Common {
            slug: r.slug.clone(),
            file: r.file.clone(),
            body_html,
            photos: self.photos(r, photos, cover, out),
            en: English::default(),
        }
    }

    /// Resolves the record's photos: the listed ones, or every image of the bundle.
    fn photos(
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

    fn photo(&self, r: &RawRecord, name: &str) -> Result<Photo, (String, String)> {
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
        })
    }

    fn find(&self, section: Section, slug: &str) -> Option<usize> {
        self.index.get(&section).and_then(|m| m.get(slug)).copied()
    }

    /// Resolves a reference to another record; reports an unknown slug with a suggestion.
    fn reference(
        &self,
        r: &RawRecord,
        section: Section,
        field: &str,
        slug: &Sp<String>,
        out: &mut Problems,
    ) -> Option<u32> {
        if let Some(i) = self.find(section, &slug.value) {
            return Some(i as u32);
        }
        if self.unreadable.contains(&(section, slug.value.clone())) {
            // The record exists but could not be read; that is reported already.
            return None;
        }
        let known = self.index.get(&section);
        let suggestion =
            known.and_then(|m| did_you_mean(&slug.value, m.keys().map(String::as_str)));
        let hint = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "it must be the name of a file or folder in content/{}/ (without .md)",
                section.dir()
            ),
        };
        out.push(
            Problem::error(
                &r.file,
                format!("no {} `{}` exists", section.kind_name(), slug.value),
            )
            .at(slug.pos)
            .field(field)
            .hint(hint),
        );
        None
    }

    fn references(
        &self,
        r: &RawRecord,
        section: Section,
        field: &str,
        list: &[Sp<String>],
        out: &mut Problems,
    ) -> Vec<u32> {
        let mut ids: Vec<u32> = list
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.reference(r, section, &format!("{field}[{i}]"), s, out))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn province(
        &self,
        r: &RawRecord,
        field: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> ProvinceId {
        let Some(s) = field else {
            return ProvinceId(0);
        };
        let data = refdata::data();
        match data.find_province(&s.value) {
            Some(ProvinceMatch::Current(id)) => id,
            Some(ProvinceMatch::Legacy(id)) => {
                out.push(
                    Problem::warning(
                        &r.file,
                        format!(
                            "`{}` was merged into {} on 2025-07-01; the record is shown under {}",
                            s.value,
                            data.province(id).name,
                            data.province(id).short_name
                        ),
                    )
                    .at(s.pos)
                    .field("province")
                    .hint(format!(
                        "write `province = \"{}\"`",
                        data.province(id).short_name
                    )),
                );
                id
            }
            None => {
                let hint = match did_you_mean(&s.value, data.province_names()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "write one of the 34 provinces in force since 2025-07-01, e.g. \"Tuyên Quang\"".into(),
                };
                out.push(
                    Problem::error(&r.file, format!("unknown province `{}`", s.value))
                        .at(s.pos)
                        .field("province")
                        .hint(hint),
                );
                ProvinceId(0)
            }
        }
    }

    fn commune(
        &self,
        r: &RawRecord,
        province: ProvinceId,
        field: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Option<String> {
        let s = field.as_ref()?;
        let data = refdata::data();
        match data.find_commune(province, &s.value) {
            Some(official) => Some(official.to_string()),
            None => {
                out.push(
                    Problem::error(
                        &r.file,
                        format!(
                            "`{}` is not a commune of {} in the official list",
                            s.value,
                            data.province(province).name
                        ),
                    )
                    .at(s.pos)
                    .field("commune")
                    .hint("use the commune's name since 2025-07-01 (e.g. \"Xã Hàm Yên\"); districts no longer exist, put old addresses in `address`"),
                );
                Some(s.value.clone())
            }
        }
    }

    fn url(
        &self,
        r: &RawRecord,
        field: &str,
        s: &Option<Sp<String>>,
        out: &mut Problems,
    ) -> Option<String> {
        web_address(&r.file, field, s, out)
    }

    fn email(&self, r: &RawRecord, s: &Option<Sp<String>>, out: &mut Problems) -> Option<String> {
        let s = s.as_ref()?;
        let v = &s.value;
        let ok = v.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty()
                && b.contains('.')
                && !v
                    .chars()
                    .any(|c| c.is_whitespace() || "<>\"':;,".contains(c))
        });
        if ok {
            Some(v.clone())
        } else {
            out.push(
                Problem::error(&r.file, format!("`{v}` is not an e-mail address"))
                    .at(s.pos)
                    .field("email")
                    .hint("write it as name@domain.vn"),
            );
            None
        }
    }

    fn location(
        &self,
        r: &RawRecord,
        lat: &Option<Sp<f64>>,
        lon: &Option<Sp<f64>>,
        out: &mut Problems,
    ) -> Option<(f64, f64)> {
        match (lat, lon) {
            (Some(a), Some(o)) => {
                // Vietnam lies within 8–24°N, 102–118°E (with its islands).
                let ok_lat = (-90.0..=90.0).contains(&a.value);
                let ok_lon = (-180.0..=180.0).contains(&o.value);
                if !ok_lat || !ok_lon {
                    out.push(
                        Problem::error(&r.file, "latitude must be -90..90 and longitude -180..180")
                            .at(a.pos)
                            .field(if ok_lat { "lon" } else { "lat" })
                            .hint(
                                "copy the coordinates from a map, e.g. lat = 21.82, lon = 105.21",
                            ),
                    );
                    return None;
                }
                Some((a.value, o.value))
            }
            (None, None) => None,
            (Some(x), None) | (None, Some(x)) => {
                out.push(
                    Problem::error(&r.file, "a location needs both `lat` and `lon`")
                        .at(x.pos)
                        .field(if lat.is_some() { "lon" } else { "lat" })
                        .hint("add the missing coordinate or remove both"),
                );
                None
            }
        }
    }

    /// A `kind` field: parsed, or an error listing the choices.
    fn kind<T>(
        &self,
        r: &RawRecord,
        field: &Option<Sp<String>>,
        parse: fn(&str) -> Option<T>,
        what: &str,
        choices: &str,
        out: &mut Problems,
    ) -> Option<T> {
        let k = field.as_ref()?;
        let v = parse(&k.value);
        if v.is_none() {
            out.push(
                Problem::error(&r.file, format!("unknown {what} `{}`", k.value))
                    .at(k.pos)
                    .field("kind")
                    .hint(format!("use one of: {choices}")),
            );
        }
        v
    }

    fn no_photo_warning(&self, r: &RawRecord, photos: &[Photo], out: &mut Problems) {
        if photos.is_empty() {
            out.push(
                Problem::warning(&r.file, "the product has no photo")
                    .hint("make the record a folder `SLUG/index.md` and put a photo beside it"),
            );
        }
    }

    fn product(
        &self,
        r: &RawRecord,
        p: &load::RawProduct,
        body_html: String,
        out: &mut Problems,
    ) -> Product {
        let common = self.common(r, &p.photos, &p.cover, body_html, out);
        self.no_photo_warning(r, &common.photos, out);
        let data = refdata::data();
        let group = match &p.group {
            Some(g) => match data.find_group(&g.value) {
                Some(GroupMatch::Current(x)) => x,
                Some(GroupMatch::Legacy(x)) => {
                    out.push(
                        Problem::warning(
                            &r.file,
                            format!(
                                "`{}` is a 1048/QĐ-TTg group name; it is shown as `{}`",
                                g.value,
                                x.name_vi()
                            ),
                        )
                        .at(g.pos)
                        .field("group")
                        .hint(format!("write `group = \"{}\"`", x.key())),
                    );
                    x
                }
                None => {
                    out.push(
                        Problem::error(&r.file, format!("unknown product group `{}`", g.value))
                            .at(g.pos)
                            .field("group")
                            .hint("use one of: food, beverages, herbal, handicrafts, ornamentals, tourism"),
                    );
                    refdata::Group::Food
                }
            },
            None => refdata::Group::Food,
        };
        let province = self.province(r, &p.province, out);
        let commune = self.commune(r, province, &p.commune, out);
        let producer = p
            .producer
            .as_ref()
            .and_then(|s| self.reference(r, Section::Producers, "producer", s, out))
            .map(ProducerId)
            .unwrap_or(ProducerId(0));
        let price = p.price.as_ref().and_then(|x| price(&r.file, x, out));
        let certificates = self.certificates(r, p, out);
        let barcode =
            p.specs
                .barcode
                .as_ref()
                .and_then(|b| match Gtin::parse(&b.value) {
                    Ok(g) => Some(g),
                    Err(e) => {
                        out.push(
                    Problem::error(&r.file, format!("invalid barcode `{}`: {e}", b.value))
                        .at(b.pos)
                        .field("specs.barcode")
                        .hint("copy the GTIN (EAN-13) printed under the barcode on the package"),
                );
                        None
                    }
                });
        let shops = p
            .shops
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let url = self.url(r, &format!("shops[{i}].url"), &s.url, out)?;
                Some(OnlineShop {
                    name: text(&s.name),
                    url,
                })
            })
            .collect();
        let sold_at = self
            .references(r, Section::SalesPoints, "sold_at", &p.sold_at, out)
            .into_iter()
            .map(SalesPointId)
            .collect();
        let s = &p.specs;
        Product {
            common,
            name: text(&p.name),
            name_key: crate::base::vietnamese::fold(&text(&p.name)),
            producer,
            group,
            subgroup: opt(&p.subgroup),
            province,
            commune,
            address: opt(&p.address),
            summary: opt(&p.summary),
            price,
            unit: opt(&p.unit),
            tags: p.tags.iter().map(|t| t.value.clone()).collect(),
            certificates,
            specs: Specs {
                packaging: opt(&s.packaging),
                net_content: opt(&s.net_content),
                shelf_life: opt(&s.shelf_life),
                ingredients: opt(&s.ingredients),
                storage: opt(&s.storage),
                certifications: s.certifications.iter().map(|c| c.value.clone()).collect(),
                barcode,
                capacity: opt(&s.capacity),
                min_order: opt(&s.min_order),
            },
            shops,
            sold_at,
            fairs: Vec::new(),
            stories: Vec::new(),
        }
    }

    /// A warning when the current certificate is expired, expiring or revoked.
    fn warn_unless_valid(&self, r: &RawRecord, cur: &Certificate, out: &mut Problems) {
        let status = cur.status(self.today);
        let msg = match status {
            CertStatus::Expired => Some(format!(
                "the current certificate ({}) expired on {}",
                cur.decision,
                cur.valid_until.format("%d/%m/%Y")
            )),
            CertStatus::Expiring => Some(format!(
                "the current certificate ({}) expires on {}, within 90 days",
                cur.decision,
                cur.valid_until.format("%d/%m/%Y")
            )),
            CertStatus::Revoked => Some(format!(
                "the current certificate ({}) was revoked",
                cur.decision
            )),
            CertStatus::Valid => None,
        };
        if let Some(msg) = msg {
            out.push(
                Problem::warning(&r.file, msg)
                    .field("certificates")
                    .hint("add the renewal as a new `[[certificates]]` entry when it is decided"),
            );
        }
    }

    fn certificates(
        &self,
        r: &RawRecord,
        p: &load::RawProduct,
        out: &mut Problems,
    ) -> Vec<Certificate> {
        if p.certificates.is_empty() {
            out.push(
                Problem::error(&r.file, "the product has no OCOP certificate")
                    .at(Some(Pos { line: 1, column: 1 }))
                    .field("certificates")
                    .hint("add a `[[certificates]]` section with stars, decision and issued"),
            );
        }
        let mut certs = Vec::new();
        for c in &p.certificates {
            let f = |name: &str| format!("certificates[{}].{name}", c.index);
            let stars = c.stars.as_ref().and_then(|s| {
                let v = Stars::new(s.value);
                if v.is_none() {
                    out.push(
                        Problem::error(&r.file, format!("stars must be 1 to 5, found {}", s.value))
                            .at(s.pos)
                            .field(f("stars"))
                            .hint("OCOP ratings are 1 to 5 stars; write e.g. `stars = 4`"),
                    );
                }
                v
            });
            let score = c.score.as_ref().and_then(|s| {
                if (0..=100).contains(&s.value) {
                    Some(s.value as u8)
                } else {
                    out.push(
                        Problem::error(
                            &r.file,
                            format!("score must be 0 to 100, found {}", s.value),
                        )
                        .at(s.pos)
                        .field(f("score"))
                        .hint("the OCOP evaluation score is out of 100 points"),
                    );
                    None
                }
            });
            let Some(issued) = &c.issued else { continue };
            if issued.value > self.today {
                out.push(
                    Problem::error(
                        &r.file,
                        format!("issued {} is after today ({})", issued.value, self.today),
                    )
                    .at(issued.pos)
                    .field(f("issued"))
                    .hint(
                        "check the decision's date; a certificate cannot be issued in the future",
                    ),
                );
            }
            let valid_until = match &c.valid_until {
                Some(v) if v.value < issued.value => {
                    out.push(
                        Problem::error(&r.file, "valid_until is before issued")
                            .at(v.pos)
                            .field(f("valid_until"))
                            .hint("leave it out to use 36 months after issued"),
                    );
                    Certificate::default_valid_until(issued.value)
                }
                Some(v) => v.value,
                None => Certificate::default_valid_until(issued.value),
            };
            let revoked = match &c.revoked {
                Some(v) if v.value < issued.value => {
                    out.push(
                        Problem::error(&r.file, "revoked is before issued")
                            .at(v.pos)
                            .field(f("revoked"))
                            .hint("write the date of the revocation decision, after the certificate's"),
                    );
                    None
                }
                Some(v) => Some(v.value),
                None => None,
            };
            let (Some(stars), Some(decision)) = (stars, &c.decision) else {
                continue;
            };
            certs.push(Certificate {
                stars,
                decision: decision.value.clone(),
                issued: issued.value,
                issuer: opt(&c.issuer),
                score,
                valid_until,
                revoked,
            });
        }
        // Newest first; the order of the file does not matter.
        certs.sort_by(|a, b| b.issued.cmp(&a.issued).then(b.stars.cmp(&a.stars)));
        if let Some(cur) = certs.first() {
            self.warn_unless_valid(r, cur, out);
        }
        if certs.is_empty() {
            // No usable certificate; the errors are reported. A stand-in keeps the product's
            // invariant (never without a certificate); a site with errors is never rendered.
            certs.push(Certificate {
                stars: Stars::MIN_CERTIFIED,
                decision: String::new(),
                issued: self.today,
                issuer: None,
                score: None,
                valid_until: self.today,
                revoked: None,
            });
        }
        certs
    }

    fn producer(
        &self,
        r: &RawRecord,
        p: &load::RawProducer,
        body_html: String,
        out: &mut Problems,
    ) -> Producer {
        let kind = self
            .kind(
                r,
                &p.kind,
                ProducerKind::parse,
                "producer kind",
                "enterprise, cooperative, cooperative-group, household",
                out,
            )
            .unwrap_or(ProducerKind::Enterprise);
        let province = self.province(r, &p.province, out);
        let year = |x: &Option<Sp<i64>>, field: &str, out: &mut Problems| -> Option<i64> {
            let v = x.as_ref()?;
            let max = i64::from(chrono::Datelike::year(&self.today));
            if field == "founded" && !(1900..=max).contains(&v.value) {
                out.push(
                    Problem::error(
                        &r.file,
                        format!("founded must be a year from 1900 to {max}"),
                    )
                    .at(v.pos)
                    .field(field)
                    .hint("write the year, e.g. `founded = 2015`"),
                );
                return None;
            }
            if field == "members" && v.value < 0 {
                out.push(
                    Problem::error(&r.file, "members cannot be negative")
                        .at(v.pos)
                        .field(field),
                );
                return None;
            }
            Some(v.value)
        };
        Producer {
            common: self.common(r, &p.photos, &p.cover, body_html, out),
            name: text(&p.name),
            name_key: crate::base::vietnamese::fold(&text(&p.name)),
            kind,
            province,
            commune: self.commune(r, province, &p.commune, out),
            address: opt(&p.address),
            representative: opt(&p.representative),
            phone: opt(&p.phone),
            email: self.email(r, &p.email, out),
            website: self.url(r, "website", &p.website, out),
            zalo: opt(&p.zalo),
            facebook: self.url(r, "facebook", &p.facebook, out),
            tax_code: opt(&p.tax_code),
            founded: year(&p.founded, "founded", out).map(|y| y as i32),
            members: year(&p.members, "members", out).map(|m| m.min(u32::MAX as i64) as u32),
            location: self.location(r, &p.lat, &p.lon, out),
            certifications: p.certifications.iter().map(|c| c.value.clone()).collect(),
            products: Vec::new(),
            fairs: Vec::new(),
            stories: Vec::new(),
        }
    }

    fn sales_point(
        &self,
        r: &RawRecord,
        p: &load::RawSalesPoint,
        body_html: String,
        out: &mut Problems,
    ) -> SalesPoint {
        let kind = self
            .kind(
                r,
                &p.kind,
                SalesPointKind::parse,
                "sales point kind",
                "sales-point, centre, supermarket, shop",
                out,
            )
            .unwrap_or(SalesPointKind::SalesPoint);
        let province = self.province(r, &p.province, out);
        SalesPoint {
            common: self.common(r, &p.photos, &p.cover, body_html, out),
            name: text(&p.name),
            kind,
            province,
            commune: self.commune(r, province, &p.commune, out),
            address: text(&p.address),
            phone: opt(&p.phone),
            hours: opt(&p.hours),
            location: self.location(r, &p.lat, &p.lon, out),
            products: self
                .references(r, Section::Products, "products", &p.products, out)
                .into_iter()
                .map(ProductId)
                .collect(),
        }
    }

    fn fair(
        &self,
        r: &RawRecord,
        p: &load::RawFair,
        body_html: String,
        out: &mut Problems,
    ) -> Fair {
        let starts = p.starts.as_ref().map(|d| d.value).unwrap_or(self.today);
        let mut ends = p.ends.as_ref().map(|d| d.value).unwrap_or(starts);
        if ends < starts {
            out.push(
                Problem::error(
                    &r.file,
                    format!("the fair ends ({ends}) before it starts ({starts})"),
                )
                .at(pos(&p.ends))
                .field("ends")
                .hint("check the two dates; `ends` is the last day of the fair"),
            );
            ends = starts;
        }
        Fair {
            common: self.common(r, &p.photos, &p.cover, body_html, out),
            name: text(&p.name),
            starts,
            ends,
            venue: text(&p.venue),
            province: self.province(r, &p.province, out),
            organizer: opt(&p.organizer),
            website: self.url(r, "website", &p.website, out),
            producers: self
                .references(r, Section::Producers, "producers", &p.producers, out)
                .into_iter()
                .map(ProducerId)
                .collect(),
            products: self
                .references(r, Section::Products, "products", &p.products, out)
                .into_iter()
                .map(ProductId)
                .collect(),
        }
    }

    fn story(
        &self,
        r: &RawRecord,
        p: &load::RawStory,
        body_html: String,
        out: &mut Problems,
    ) -> Story {
        Story {
            common: self.common(r, &p.photos, &p.cover, body_html, out),
            title: text(&p.title),
            date: p.date.as_ref().map(|d| d.value).unwrap_or(self.today),
            author: opt(&p.author),
            summary: opt(&p.summary),
            producers: self
                .references(r, Section::Producers, "producers", &p.producers, out)
                .into_iter()
                .map(ProducerId)
                .collect(),
            products: self
                .references(r, Section::Products, "products", &p.products, out)
                .into_iter()
                .map(ProductId)
                .collect(),
        }
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

fn svg_size(text: &str) -> Option<(u32, u32)> {
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

/// A web address a page will link to: only `http(s)://` without spaces or quotes, so that
/// no record can make a `javascript:` or `data:` link.
fn web_address(
    file: &Path,
    field: &str,
    s: &Option<Sp<String>>,
    out: &mut Problems,
) -> Option<String> {
    let s = s.as_ref()?;
    let lower = s.value.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if s.value
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        {
            out.push(
                Problem::error(file, "the address contains spaces or quotes")
                    .at(s.pos)
                    .field(field)
                    .hint("write the web address exactly as the browser shows it"),
            );
            return None;
        }
        Some(s.value.clone())
    } else {
        out.push(
            Problem::error(file, format!("`{}` is not a web address", s.value))
                .at(s.pos)
                .field(field)
                .hint("web addresses start with https:// (or http://)"),
        );
        None
    }
}

/// The largest price: the largest whole number a JSON reader (JavaScript, spreadsheets
/// reading the data exports) holds exactly, 2^53 − 1.
pub const MAX_PRICE: i64 = (1 << 53) - 1;

/// A product's price in đồng: a whole number from 1 to [`MAX_PRICE`].
fn price(file: &Path, x: &Sp<i64>, out: &mut Problems) -> Option<u64> {
    let why = if x.value <= 0 {
        "price must be more than 0"
    } else if x.value > MAX_PRICE {
        "price is too large: at most 9007199254740991 (2^53 − 1), the largest number data readers keep exactly"
    } else {
        return Some(x.value as u64);
    };
    out.push(
        Problem::error(file, format!("{why}, found {}", x.value))
            .at(x.pos)
            .field("price")
            .hint("write the price in đồng as a whole number, e.g. `price = 150000`, or leave `price` out when there is none"),
    );
    None
}

/// Characters a site address may not contain anywhere: they would break out of the quoted
/// attributes, feeds and sitemaps the address is printed in, or are not allowed in a URL.
const NOT_IN_ADDRESS: &[char] = &['"', '\'', '<', '>', '`', '\\', '{', '}', '|', '^'];

/// Why `v` is not a usable site address, or the address with its trailing `/`: `http(s)://`,
/// a host, an optional port and path; no user name or password, query, fragment, spaces,
/// quotes or angle brackets (every page, feed and sitemap prints it).
pub fn check_base_url(v: &str) -> Result<String, String> {
    let v = v.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|s| v.strip_prefix(s))
        .ok_or("it must start with https:// (or http://)")?;
    if let Some(c) = v
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || NOT_IN_ADDRESS.contains(c))
    {
        return Err(format!("it contains {}", shown_char(c)));
    }
    if v.contains('?') || v.contains('#') {
        return Err(
            "it has a query (`?...`) or fragment (`#...`); the site's address has neither".into(),
        );
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err("it contains a user name or password (`...@`); never publish those".into());
    }
    let (host, port) = split_port(authority);
    let host_ok = if let Some(ip6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        ip6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && !host.starts_with(['.', '-'])
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    };
    if !host_ok {
        return Err(format!("`{authority}` is not a host name"));
    }
    if let Some(p) = port
        && !p.parse::<u16>().is_ok_and(|n| n > 0)
    {
        return Err(format!("`{p}` is not a port number (1 to 65535)"));
    }
    Ok(if v.ends_with('/') {
        v.to_string()
    } else {
        format!("{v}/")
    })
}

/// A character as a message shows it (`a space`, `"`).
fn shown_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_whitespace() || c.is_control() => {
            format!("the control character U+{:04X}", c as u32)
        }
        c => format!("`{c}`"),
    }
}

/// `host:port` → (host, Some(port)); `[::1]:80` → (`[::1]`, Some(80)).
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let host_end = if authority.starts_with('[') {
        authority.find(']').map_or(authority.len(), |i| i + 1)
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let (host, tail) = authority.split_at(host_end);
    (host, tail.strip_prefix(':'))
}

/// The site's address: `--base-url` when given, else `base_url` of site.toml; each is
/// checked where it was written. Nothing is said about a missing one when site.toml could not
/// be read (that error is reported already).
fn resolve_base_url(c: &load::RawConfig, cli: Option<&str>, out: &mut Problems) -> String {
    const EXAMPLE: &str = "`base_url = \"https://ocop.example.gov.vn/\"`";
    let fallback = || "http://localhost/".to_string();
    let configured = c
        .base_url
        .as_ref()
        .and_then(|b| match check_base_url(&b.value) {
            Ok(u) => Some(u),
            Err(why) => {
                out.push(
                    Problem::error(
                        "site.toml",
                        format!(
                            "base_url `{}` is not a usable web address: {why}",
                            b.value.trim()
                        ),
                    )
                    .at(b.pos)
                    .field("base_url")
                    .hint(format!(
                        "write where the site will be published, e.g. {EXAMPLE}"
                    )),
                );
                None
            }
        });
    if let Some(v) = cli {
        return check_base_url(v).unwrap_or_else(|why| {
            out.push(
                Problem::error("(command line)", format!("--base-url `{}` is not a usable web address: {why}", v.trim()))
                    .field("--base-url")
                    .hint("pass where the site will be published, e.g. `--base-url https://ocop.example.gov.vn/`"),
            );
            fallback()
        });
    }
    match (configured, &c.base_url) {
        (Some(u), _) => u,
        (None, Some(_)) => fallback(),
        (None, None) => {
            if !c.unreadable {
                out.push(
                    Problem::error("site.toml", "required field is missing")
                        .field("base_url")
                        .hint(format!("add {EXAMPLE} (or pass --base-url)")),
                );
            }
            fallback()
        }
    }
}

/// The site's settings, checked.
pub fn resolve_config(raw: &RawSite, opts: &Options, out: &mut Problems) -> Config {
    let c = &raw.config;
    let file = Path::new("site.toml");
    let base_url = resolve_base_url(c, opts.base_url.as_deref(), out);
    let province =
        c.province
            .as_ref()
            .and_then(|p| match refdata::data().find_province(&p.value) {
                Some(ProvinceMatch::Current(id)) | Some(ProvinceMatch::Legacy(id)) => Some(id),
                None => {
                    out.push(
                        Problem::error(file, format!("unknown province `{}`", p.value))
                            .at(p.pos)
                            .field("province")
                            .hint("write one of the 34 provinces, e.g. \"Tuyên Quang\""),
                    );
                    None
                }
            });
    let expired = match c.expired_products.as_ref().map(|s| s.value.as_str()) {
        None | Some("list") => ExpiredPolicy::List,
        Some("hide") => ExpiredPolicy::Hide,
        Some(other) => {
            out.push(
                Problem::error(
                    file,
                    format!("expired_products must be \"list\" or \"hide\", found \"{other}\""),
                )
                .at(pos(&c.expired_products))
                .field("expired_products"),
            );
            ExpiredPolicy::List
        }
    };
    let per_page = match &c.per_page {
        Some(n) if (1..=500).contains(&n.value) => n.value as usize,
        Some(n) => {
            out.push(
                Problem::error(
                    file,
                    format!("per_page must be 1 to 500, found {}", n.value),
                )
                .at(n.pos)
                .field("per_page"),
            );
            24
        }
        None => 24,
    };
    if let Some(l) = &c.language
        && l.value != "vi"
    {
        out.push(
            Problem::error(file, format!("language `{}` is not supported as the main language", l.value))
                .at(l.pos)
                .field("language")
                .hint("the main language is Vietnamese (`language = \"vi\"`); add English pages with `languages = [\"vi\", \"en\"]`"),
        );
    }
    let languages = resolve_languages(&c.languages, out);
    let colors = resolve_colors(&c.colors, out);
    let theme = c
        .theme
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_else(|| "default".into());
    if theme.contains(['/', '\\']) || theme.starts_with('.') {
        out.push(
            Problem::error(file, format!("theme `{theme}` is not a folder name"))
                .at(pos(&c.theme))
                .field("theme")
                .hint("name a folder inside themes/, e.g. `theme = \"tuyenquang\"`"),
        );
    }
    let logo = c.logo.as_ref().and_then(|l| {
        let v = l.value.trim_start_matches('/');
        let ok = !v.split('/').any(|s| s == "..") && raw.root.join("static").join(v).is_file();
        if ok {
            Some(v.to_string())
        } else {
            out.push(
                Problem::error(file, format!("logo `{}` is not a file in static/", l.value))
                    .at(l.pos)
                    .field("logo")
                    .hint("put the logo in static/ and write its path there, e.g. `logo = \"logo.svg\"`"),
            );
            None
        }
    });
    let contact = Contact {
        office: opt(&c.contact.office),
        address: opt(&c.contact.address),
        phone: opt(&c.contact.phone),
        email: opt(&c.contact.email),
        website: web_address(file, "contact.website", &c.contact.website, out),
    };
    let images = resolve_images(&c.images, out);
    Config {
        images,
        title: text(&c.title),
        description: text(&c.description),
        base_url,
        language: "vi".into(),
        province,
        theme,
        logo,
        expired,
        trust_html: c.trust_html.as_ref().is_some_and(|t| t.value),
        per_page,
        footer: opt(&c.footer),
        languages,
        title_en: opt(&c.title_en),
        description_en: opt(&c.description_en),
        footer_en: opt(&c.footer_en),
        colors,
        contact,
    }
}

/// `languages = ["vi", "en"]`: Vietnamese always, first; English when listed.
fn resolve_languages(list: &[Sp<String>], out: &mut Problems) -> Vec<Lang> {
    let file = Path::new("site.toml");
    let mut langs = vec![Lang::Vi];
    for (i, l) in list.iter().enumerate() {
        match Lang::parse(&l.value) {
            Some(lang) if !langs.contains(&lang) => langs.push(lang),
            Some(_) => {}
            None => out.push(
                Problem::error(file, format!("language `{}` is not supported", l.value))
                    .at(l.pos)
                    .field(format!("languages[{i}]"))
                    .hint("the supported languages are \"vi\" (always published) and \"en\""),
            ),
        }
    }
    if !list.is_empty() && !list.iter().any(|l| l.value.trim() == "vi") {
        out.push(
            Problem::warning(
                file,
                "`languages` does not list \"vi\"; Vietnamese pages are published anyway",
            )
            .at(list[0].pos)
            .field("languages")
            .hint("write `languages = [\"vi\", \"en\"]`"),
        );
    }
    langs
}

/// `[colors]`: CSS colours of the theme, checked, with a warning when text on them would
/// be hard to read.
fn resolve_colors(c: &load::RawColors, out: &mut Problems) -> Vec<(String, String)> {
    let file = Path::new("site.toml");
    let mut colors = Vec::new();
    let mut parsed = Vec::new();
    for (name, value) in [("primary", &c.primary), ("accent", &c.accent)] {
        let Some(v) = value else { continue };
        match crate::model::color::parse(&v.value) {
            Some(rgb) => {
                colors.push((name.to_string(), crate::model::color::to_hex(rgb)));
                parsed.push((name, rgb, v.pos));
            }
            None => out.push(
                Problem::error(file, format!("`{}` is not a colour", v.value))
                    .at(v.pos)
                    .field(format!("colors.{name}"))
                    .hint("write a hexadecimal colour such as \"#0f3d24\" or \"#f2c14e\", or rgb(15, 61, 36)"),
            ),
        }
    }
    // The header and buttons put white text on the primary colour, and the primary colour
    // on the accent (the current menu item, the search button).
    const WHITE: crate::model::color::Rgb = [255, 255, 255];
    let primary = parsed.iter().find(|p| p.0 == "primary");
    let accent = parsed.iter().find(|p| p.0 == "accent");
    if let Some((_, rgb, pos)) = primary {
        let r = crate::model::color::contrast(*rgb, WHITE);
        if r < 4.5 {
            out.push(
                Problem::warning(
                    file,
                    format!(
                        "white text on the primary colour has a contrast of {r:.1}:1, below 4.5:1"
                    ),
                )
                .at(*pos)
                .field("colors.primary")
                .hint("choose a darker primary colour so the header and buttons stay readable"),
            );
        }
    }
    if let Some((_, a, pos)) = accent {
        let p = primary
            .map(|p| p.1)
            .unwrap_or(crate::model::color::DEFAULT_PRIMARY);
        let r = crate::model::color::contrast(*a, p);
        if r < 4.5 {
            out.push(
                Problem::warning(file, format!("the accent and the primary colour have a contrast of {r:.1}:1, below 4.5:1"))
                    .at(*pos)
                    .field("colors.accent")
                    .hint("text in the primary colour is shown on the accent (and the other way round); choose a lighter accent or a darker primary"),
            );
        }
    }
    colors
}

fn resolve_images(raw: &load::RawImages, out: &mut Problems) -> crate::model::images::Settings {
    let file = Path::new("site.toml");
    let mut s = crate::model::images::Settings::default();
    if raw.widths_pos.is_some() {
        let mut widths = Vec::new();
        for w in &raw.widths {
            if (16..=4096).contains(&w.value) {
                widths.push(w.value as u32);
            } else {
                out.push(
                    Problem::error(file, format!("image width {} is out of range", w.value))
                        .at(w.pos)
                        .field("images.widths")
                        .hint("use widths from 16 to 4096 pixels, e.g. [360, 720, 1200, 1800]"),
                );
            }
        }
        widths.sort_unstable();
        widths.dedup();
        if widths.is_empty() {
            out.push(
                Problem::error(file, "images.widths needs at least one width")
                    .at(raw.widths_pos)
                    .field("images.widths")
                    .hint("e.g. `widths = [360, 720, 1200, 1800]`"),
            );
        } else {
            s.widths = widths;
        }
    }
    for (q, field, target) in [
        (
            &raw.webp_quality,
            "images.webp_quality",
            &mut s.webp_quality,
        ),
        (
            &raw.jpeg_quality,
            "images.jpeg_quality",
            &mut s.jpeg_quality,
        ),
    ] {
        if let Some(q) = q {
            if (1..=100).contains(&q.value) {
                *target = q.value as u8;
            } else {
                out.push(
                    Problem::error(file, format!("quality must be 1 to 100, found {}", q.value))
                        .at(q.pos)
                        .field(field)
                        .hint("75 to 85 is a good balance of size and look"),
                );
            }
        }
    }
    s
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
            "search",
            "en",
            "vi",
            "trang",
        ],
        Section::SalesPoints | Section::Fairs | Section::Stories => &["trang"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_viewbox() {
        assert_eq!(
            svg_size("<svg xmlns=\"x\" width=\"800\" height=\"600\">"),
            Some((800, 600))
        );
        assert_eq!(
            svg_size("<?xml?><svg viewBox=\"0 0 40 30\">"),
            Some((40, 30))
        );
        assert_eq!(svg_size("<svg>"), None);
    }
}
