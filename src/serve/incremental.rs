//! The site kept in memory between edits, for `ocop serve`.
//!
//! A build reads every file and writes every page; at 20,000 products that takes seconds,
//! far too long to show an edit at once. Here the parsed records stay in memory and a save
//! goes through the stages of a build (`build::stages::prepare`) with a `Stages` of its own:
//! only the files that changed are read again, only their records resolved again and put
//! into a site kept from an earlier save (the whole site is resolved again when the set of
//! records changes), the theme and `static/` listed again only when they changed. Each
//! page is then rendered only when it is asked for (`serve::generation`), from the same
//! `render::Renderer` a build uses, and every other file is made by its kind of
//! `outputs::KINDS` on its first request. Nothing is written except the photo cache, so
//! the server never watches its own output.
//!
//! Every file a full build would write can be asked for, with the same bytes (see
//! `tests/serve.rs`).

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::base::diag::Problems;
use crate::base::timings::Timings;
use crate::build::stages::{self, Stages};
use crate::load::{self, Found, RawConfig, RawRecord, RawSite, Section};
use crate::model::Site;
pub use crate::outputs::Body;
use crate::outputs::site_static;
use crate::present::images::Images;
use crate::resolve;
pub use crate::serve::generation::{Generation, PAGE_CACHE_BYTES};
use crate::theme::{self, Theme};

/// What changed on disk since the last rebuild.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Unknown (first build, or the watcher lost track): read everything again.
    All,
    /// These files or folders (absolute paths) were created, changed or removed.
    Paths(Vec<PathBuf>),
}

/// A save the editor at `/admin/` proposes, checked against the whole site before anything
/// is written ([`Engine::check`]).
#[derive(Debug, Default)]
pub(crate) struct Proposal {
    /// The record written, if any.
    pub record: Option<ProposedRecord>,
    /// Record files (absolute) that go away: a deleted record, or the single file a record
    /// leaves for its new bundle folder.
    pub removed: Vec<PathBuf>,
}

/// A record as a save would leave it.
#[derive(Debug)]
pub(crate) struct ProposedRecord {
    /// Its file as it will be (absolute).
    pub path: PathBuf,
    pub section: Section,
    pub slug: String,
    pub bytes: Vec<u8>,
    /// The folder its photos and documents are read from for the check: the bundle as the
    /// save would leave it (a staging copy holding the new photos), if it is a bundle.
    pub photos_from: Option<PathBuf>,
}

/// Settings of the in-memory site.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder; made absolute.
    pub root: PathBuf,
    /// The server's own address (`http://127.0.0.1:1111/`): replaces the scheme and host of
    /// `base_url` of site.toml, whose path is kept (see [`serve_base`]).
    pub base_url: String,
    pub today: NaiveDate,
    pub drafts: bool,
}

struct Loaded {
    found: Found,
    record: Option<RawRecord>,
    problems: Problems,
}

/// A built generation the engine keeps, with the record files (relative, as in
/// `RawRecord::file`) changed on disk since its site was resolved.
struct Slot {
    generation: Arc<Generation>,
    behind: HashSet<PathBuf>,
}

/// A resolved site ready to be patched into the next generation.
enum Spare {
    /// The generation before the one being served: once no request uses it any more, its
    /// site is taken back.
    Retired(Slot),
    /// A site taken back from a retired generation, or a copy of the served one, made
    /// while the server was idle.
    Site(Box<Site>, HashSet<PathBuf>),
}

/// The parsed sources, updated file by file, and the last two resolved sites.
///
/// A save that keeps the set of records (an edit of one or more records, a photo added to a
/// bundle, `site.toml` changed) is applied in place: only the changed files are read and
/// resolved again ([`resolve::Resolver`]), and they are put into a site resolved earlier
/// whose other records are still right. That site cannot be the one being served (requests
/// are reading it), so the engine keeps two and alternates: the generation before the served
/// one is retired, taken back at the next save and brought up to date with every file
/// changed since it was made. A save that adds, removes or renames a record resolves the
/// whole site again.
pub struct Engine {
    opts: Options,
    config: Option<(RawConfig, Problems)>,
    /// The record files below `content/`, as last listed, and the problems of listing them.
    found: Option<(Vec<Found>, Problems)>,
    /// Bundle folders (absolute) and their `index.md`.
    bundles: HashMap<PathBuf, PathBuf>,
    /// By path (absolute); keyed by the path's bytes, which hash several times faster than
    /// a `Path` (split into components), and this map is read for every record per save.
    records: HashMap<OsString, Loaded>,
    theme: Option<(String, Option<Theme>, Problems)>,
    /// `static/`, as last listed (see [`crate::outputs::site_static`]).
    static_files: Option<Arc<site_static::Listing>>,
    resolver: Option<resolve::Resolver>,
    /// The problems of resolving each record, by relative file.
    record_problems: HashMap<PathBuf, Problems>,
    /// The generation being served, when it was made from the records `resolver` fits.
    live: Option<Slot>,
    spare: Option<Spare>,
    number: u64,
    /// The sources of `[[sources]]`, read again when site.toml changes.
    federation: Option<Federation>,
}

/// The sources as read at start or after site.toml changed: their records checked once
/// (`resolve::screen`), at the first resolution after they were read.
struct Federation {
    sources: Vec<crate::model::federation::Source>,
    unscreened: Vec<RawRecord>,
    screened: Option<Vec<RawRecord>>,
    problems: Problems,
}

/// The outcome of a rebuild.
pub enum Rebuilt {
    /// The site built; the problems are warnings only.
    Site(Arc<Generation>),
    /// There were errors; the site stays as it was.
    Failed(Problems),
}

impl Engine {
    pub fn new(mut opts: Options) -> Engine {
        opts.root = std::path::absolute(&opts.root).unwrap_or(opts.root);
        Engine {
            opts,
            config: None,
            found: None,
            bundles: HashMap::new(),
            records: HashMap::new(),
            theme: None,
            federation: None,
            static_files: None,
            resolver: None,
            record_problems: HashMap::new(),
            live: None,
            spare: None,
            number: 0,
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// Every problem the site would have with `proposal` applied: the records as last read,
    /// with the proposed record in place of its file and the removed ones left out, resolved
    /// whole as a build would (the served site is not touched).
    pub(crate) fn check(&self, proposal: &Proposal) -> Problems {
        let root = &self.opts.root;
        let mut problems = Problems::new();
        let config = match &self.config {
            Some((c, p)) => {
                problems.extend(p.clone());
                c.clone()
            }
            None => RawConfig::default(),
        };
        let ropts = self.resolve_options(&config);
        let replaced: HashSet<PathBuf> = proposal
            .removed
            .iter()
            .chain(proposal.record.iter().map(|r| &r.path))
            .map(|p| crate::base::diag::rel(root, p))
            .collect();
        let gone: HashSet<(Section, &str)> = proposal
            .record
            .iter()
            .map(|r| (r.section, r.slug.as_str()))
            .chain(self.records.iter().filter_map(|(k, l)| {
                let file = crate::base::diag::rel(root, Path::new(k));
                replaced
                    .contains(&file)
                    .then_some((l.found.section, l.found.slug.as_str()))
            }))
            .collect();
        let mut listed = Problems::new();
        let (mut records, mut unreadable) = self.listed_records(&mut listed);
        for p in listed.iter().filter(|p| !replaced.contains(&p.file)) {
            problems.push(p.clone());
        }
        records.retain(|r| !replaced.contains(&r.file));
        unreadable.retain(|(section, slug)| !gone.contains(&(*section, slug.as_str())));
        let fresh = proposal
            .record
            .as_ref()
            .and_then(|r| self.proposed_record(r, &mut problems));
        records.extend(fresh.iter());
        let mut sources = Vec::new();
        if let Some(f) = &self.federation {
            records.extend(f.screened.iter().flatten());
            sources = f.sources.clone();
        }
        let raw = RawSite {
            root: root.clone(),
            config,
            records: Vec::new(),
            unreadable,
            sources,
            federated: Vec::new(),
        };
        let mut p = Problems::new();
        let _ = resolve::resolve_keeping(&raw, records, &ropts, &mut p);
        problems.extend(resolve::own_problems(p));
        problems
    }

    /// The proposed record read as the loader reads a file: its English body is the one
    /// its record has now.
    fn proposed_record(&self, r: &ProposedRecord, problems: &mut Problems) -> Option<RawRecord> {
        let file = crate::base::diag::rel(&self.opts.root, &r.path);
        let (body, fields, mut english) =
            load::parse_record(&file, r.section, &r.slug, r.bytes.clone(), problems)?;
        english.body = self
            .records
            .values()
            .filter_map(|l| l.record.as_ref())
            .find(|old| old.section == r.section && old.slug == r.slug)
            .and_then(|old| old.english.body.clone());
        let (bundle_images, bundle_unsupported) = match &r.photos_from {
            Some(dir) => load::bundle_images(dir),
            None => (Vec::new(), Vec::new()),
        };
        Some(RawRecord {
            section: r.section,
            slug: r.slug.clone(),
            file,
            bundle: r.photos_from.clone(),
            bundle_images,
            bundle_unsupported,
            body,
            fields,
            english,
            origin: None,
        })
    }

    /// Work done while nothing changes, so that the next save is quick: the site of the
    /// retired generation is taken back now if no request uses it any more (its pages and
    /// views are freed here rather than during the next rebuild); when there is no site to
    /// patch besides the one being served, a copy of that is made.
    pub fn prepare(&mut self) {
        self.spare = match self.spare.take() {
            Some(Spare::Retired(slot)) => match Arc::try_unwrap(slot.generation) {
                Ok(g) => Some(Spare::Site(Box::new(g.into_site()), slot.behind)),
                Err(generation) => Some(Spare::Retired(Slot {
                    generation,
                    behind: slot.behind,
                })),
            },
            Some(spare) => Some(spare),
            None => self.live.as_ref().map(|live| {
                let site = copy_site(live.generation.site());
                Spare::Site(Box::new(site), live.behind.clone())
            }),
        };
    }

    /// The record file (absolute) a changed path belongs to when the change cannot add or
    /// remove a record: the record file itself, still there; its English body; a file in its
    /// bundle folder. `None` when the list of records must be made again.
    fn record_of(&self, p: &Path) -> Option<PathBuf> {
        let name = p.file_name()?.to_str()?;
        if self.records.contains_key(p.as_os_str()) {
            return p.is_file().then(|| p.to_path_buf());
        }
        let dir = p.parent()?;
        // An English body belongs to its record, whose listing says whether it has one: a
        // body that appeared or went away needs the folder listed again (`None`).
        let record = if name == load::ENGLISH_INDEX {
            Some(dir.join("index.md"))
        } else {
            name.strip_suffix(load::ENGLISH_SUFFIX)
                .map(|stem| dir.join(format!("{stem}.md")))
        };
        if let Some(record) = record
            && let Some(l) = self.records.get(record.as_os_str())
        {
            return (l.found.english.is_some() == p.is_file()).then_some(record);
        }
        p.ancestors()
            .skip(1)
            .take_while(|a| a.starts_with(&self.opts.root))
            .find_map(|a| self.bundles.get(a).cloned())
    }

    /// Brings the site up to date with `changes` and makes its next generation, through the
    /// stages every build takes (`build::stages::prepare`), each done with what changed.
    pub fn rebuild(&mut self, changes: &Changes) -> (Rebuilt, Work) {
        let mut timings = Timings::start();
        let root = self.opts.root.clone();
        let paths: Vec<PathBuf> = match changes {
            Changes::Paths(paths) if !paths.iter().any(|p| root.starts_with(p)) => paths.clone(),
            _ => Vec::new(),
        };
        let mut problems = Problems::new();
        let mut step = Step {
            all: paths.is_empty(),
            paths,
            engine: self,
            reparsed: 0,
            resolved: 0,
            theme_name: "default".into(),
            image_files: HashMap::new(),
            lost: false,
        };
        let prepared = stages::prepare(&mut step, &root, &mut problems, &mut timings);
        let (reparsed, resolved, image_files, lost) =
            (step.reparsed, step.resolved, step.image_files, step.lost);
        if lost {
            // A record to patch in could not be found (it should not happen: such a change
            // is a change of the set of records): everything is read again.
            self.live = None;
            self.spare = None;
            self.found = None;
            return self.rebuild(&Changes::All);
        }
        let mut work = Work {
            reparsed,
            resolved,
            timings,
        };
        let Some(prepared) = prepared else {
            return (Rebuilt::Failed(problems), work);
        };
        self.number += 1;
        let generation = Arc::new(Generation::new(
            self.number,
            prepared,
            image_files,
            problems,
            self.live.as_ref().map(|l| &*l.generation),
        ));
        // The generation served until now is retired: the next save patches its site.
        let retired = self.live.replace(Slot {
            generation: generation.clone(),
            behind: HashSet::new(),
        });
        if let Some(old) = retired {
            self.spare = Some(Spare::Retired(old));
        }
        work.timings.lap("plan");
        (Rebuilt::Site(generation), work)
    }

    /// Reads `site.toml` again when it changed; its problems are added to `problems`.
    fn load_config(&mut self, config_changed: bool, problems: &mut Problems) -> RawConfig {
        if config_changed || self.config.is_none() {
            let mut p = Problems::new();
            let c = load::load_config(&self.opts.root, &mut p);
            self.config = Some((c, p));
        }
        match &self.config {
            Some((c, p)) => {
                problems.extend(p.clone());
                c.clone()
            }
            None => RawConfig::default(),
        }
    }

    /// Lists `content/` again: the records whose file, folder or bundle changed are added to
    /// `dirty`, and the records no longer there are forgotten.
    fn relist(&mut self, paths: &[PathBuf], all: bool, dirty: &mut HashSet<PathBuf>) {
        let mut p = Problems::new();
        let found = load::find_records(&self.opts.root, &mut p);
        self.bundles = found
            .iter()
            .filter_map(|f| Some((f.bundle.clone()?, f.path.clone())))
            .collect();
        // Every changed path and its folders: a record is read again when its file or a
        // folder above it changed, or something in its bundle folder did.
        let touched: HashSet<&Path> = paths.iter().flat_map(|p| p.ancestors()).collect();
        for f in &found {
            let stale = match self.records.get(f.path.as_os_str()) {
                Some(l) => {
                    all || l.found != *f
                        || paths.iter().any(|c| f.path.starts_with(c))
                        || f.bundle.as_deref().is_some_and(|b| touched.contains(b))
                }
                None => true,
            };
            if stale {
                dirty.insert(f.path.clone());
            }
        }
        let present: HashSet<&Path> = found.iter().map(|f| f.path.as_path()).collect();
        self.records
            .retain(|k, _| present.contains(Path::new(k.as_os_str())));
        self.found = Some((found, p));
    }

    /// Reads the record files `stale` again; returns the relative names of the records read
    /// and whether the set of records may have changed (a record became readable or
    /// unreadable, a draft or not).
    fn reread(&mut self, stale: &[Found]) -> (HashSet<PathBuf>, bool) {
        let root = &self.opts.root;
        let fresh: Vec<Loaded> = stale
            .par_iter()
            .map(|f| {
                let mut p = Problems::new();
                let record = load::load_record(root, f, &mut p);
                Loaded {
                    found: f.clone(),
                    record,
                    problems: p,
                }
            })
            .collect();
        let changed: HashSet<PathBuf> = fresh
            .iter()
            .map(|l| crate::base::diag::rel(root, &l.found.path))
            .collect();
        let mut new_set = false;
        for l in fresh {
            let status = |l: &Loaded| l.record.as_ref().map(resolve::is_draft);
            let key = l.found.path.clone().into_os_string();
            new_set |= self
                .records
                .get(&key)
                .is_none_or(|old| status(old) != status(&l));
            self.records.insert(key, l);
        }
        // The sites kept are behind by the records read again.
        for slot in [self.live.as_mut()].into_iter().flatten() {
            slot.behind.extend(changed.iter().cloned());
        }
        match &mut self.spare {
            Some(Spare::Retired(slot)) => slot.behind.extend(changed.iter().cloned()),
            Some(Spare::Site(_, behind)) => behind.extend(changed.iter().cloned()),
            None => {}
        }
        (changed, new_set)
    }

    /// The records as listed, readable ones first class: their load problems are added to
    /// `problems`; the unreadable ones are returned by section and slug.
    fn listed_records(&self, problems: &mut Problems) -> (Vec<&RawRecord>, Vec<(Section, String)>) {
        let mut records = Vec::new();
        let mut unreadable = Vec::new();
        let Some((found, _)) = &self.found else {
            return (records, unreadable);
        };
        records.reserve(found.len());
        for f in found {
            let Some(l) = self.records.get(f.path.as_os_str()) else {
                continue;
            };
            if !l.problems.is_empty() {
                problems.extend(l.problems.clone());
            }
            match &l.record {
                Some(r) => records.push(r),
                None => unreadable.push((f.section, f.slug.clone())),
            }
        }
        (records, unreadable)
    }

    /// Checks the records of the sources read last against the site's own records, once.
    fn screen_sources(&mut self, ropts: &resolve::ResolveOptions) {
        let Some(mut f) = self.federation.take() else {
            return;
        };
        if f.screened.is_none() {
            let mut p = Problems::new();
            let local: Vec<&RawRecord> = self.listed_records(&mut Problems::new()).0;
            let unscreened = std::mem::take(&mut f.unscreened);
            f.screened = Some(resolve::screen(
                &local,
                unscreened,
                &mut f.sources,
                ropts,
                &mut p,
            ));
            f.problems.extend(p);
        }
        self.federation = Some(f);
    }

    /// The options records are resolved with: the server's address with the site's path.
    fn resolve_options(&self, config: &RawConfig) -> resolve::ResolveOptions {
        resolve::ResolveOptions {
            today: self.opts.today,
            base_url: Some(serve_base(
                &self.opts.base_url,
                config.base_url.as_ref().map(|b| b.value.as_str()),
            )),
            drafts: self.opts.drafts,
        }
    }

    /// Resolves again the records of `changed` that the resolver keeps; returns them, to be
    /// put into the site being patched, and adds every record's problems to `problems`.
    fn resolve_changed(
        &mut self,
        changed: &HashSet<PathBuf>,
        problems: &mut Problems,
    ) -> HashMap<PathBuf, resolve::Record> {
        let mut placed = HashMap::new();
        let Some(resolver) = &mut self.resolver else {
            return placed;
        };
        problems.extend(resolver.problems().clone());
        for file in changed {
            let raw = self.records.get(self.opts.root.join(file).as_os_str());
            let Some(r) = raw.and_then(|l| l.record.as_ref()) else {
                continue;
            };
            if resolver.keeps(&r.file) {
                let mut p = Problems::new();
                placed.insert(r.file.clone(), resolver.resolve(r, &mut p));
                self.record_problems.insert(r.file.clone(), p);
            }
        }
        for p in self.record_problems.values() {
            if !p.is_empty() {
                problems.extend(p.clone());
            }
        }
        placed
    }

    /// The site of the next generation: the spare site (or a copy of the served one) with
    /// every record changed since it was made resolved again and put in place.
    fn patched_site(
        &mut self,
        config: crate::model::Config,
        mut placed: HashMap<PathBuf, resolve::Record>,
    ) -> Option<Site> {
        let spare = match self.spare.take() {
            Some(Spare::Retired(slot)) => match reclaim(slot.generation) {
                Some(site) => Some((site, slot.behind)),
                None => None,
            },
            Some(Spare::Site(site, behind)) => Some((*site, behind)),
            None => None,
        };
        let (mut site, behind) = match spare {
            Some(s) => s,
            None => {
                let live = self.live.as_ref()?;
                (copy_site(live.generation.site()), live.behind.clone())
            }
        };
        let resolver = self.resolver.as_mut()?;
        for file in &behind {
            if !resolver.keeps(file) {
                continue;
            }
            let record = match placed.remove(file) {
                Some(r) => r,
                None => {
                    let raw = self
                        .records
                        .get(self.opts.root.join(file).as_os_str())?
                        .record
                        .as_ref()?;
                    resolver.resolve(raw, &mut Problems::new())
                }
            };
            resolver.place(&mut site, record);
        }
        resolver.relink(&mut site);
        site.config = config;
        Some(site)
    }
}

/// One rebuild of the engine: the stages of `build::stages`, each done with what changed.
struct Step<'e> {
    engine: &'e mut Engine,
    /// The paths changed; everything is read again when `all`.
    paths: Vec<PathBuf>,
    all: bool,
    reparsed: usize,
    resolved: usize,
    /// The theme site.toml names, for when the site cannot be resolved.
    theme_name: String,
    /// The photos of the new generation, by output path, once processed.
    image_files: HashMap<String, PathBuf>,
    /// A record to patch in was not found: the rebuild starts again from scratch.
    lost: bool,
}

/// What loading hands to resolving: the configuration as read, the records read again and
/// whether the set of records may have changed.
struct Fresh {
    config: RawConfig,
    changed: HashSet<PathBuf>,
    new_set: bool,
}

impl Step<'_> {
    /// Whether something below the site's folder `dir` changed.
    fn under(&self, dir: &str) -> bool {
        let d = self.engine.opts.root.join(dir);
        self.all || self.paths.iter().any(|p| p.starts_with(&d))
    }
}

impl Stages for Step<'_> {
    type Loaded = Fresh;

    fn load(&mut self, problems: &mut Problems) -> Option<Fresh> {
        let root = self.engine.opts.root.clone();
        let config_changed = self.all || self.paths.contains(&root.join("site.toml"));
        let e = &mut *self.engine;
        let config = e.load_config(config_changed, problems);
        if config_changed || e.federation.is_none() {
            let mut p = Problems::new();
            let specs = load::sources::specs(&root, &config.sources, &mut p);
            let specs = crate::build::sources::content_sources(&root, specs, e.opts.today, &mut p);
            let (sources, unscreened) = load::sources::gather(&root, specs, e.opts.today, &mut p);
            // Records read anew from the sources: the site kept for patching has the old
            // ones, so the next resolution is a whole one.
            if !sources.is_empty() || e.federation.as_ref().is_some_and(|f| !f.sources.is_empty()) {
                e.resolver = None;
            }
            e.federation = Some(Federation {
                sources,
                unscreened,
                screened: None,
                problems: p,
            });
        }
        // Which record files changed, and whether content/ must be listed again.
        let content = root.join("content");
        let mut dirty: HashSet<PathBuf> = HashSet::new();
        let mut relist = self.all || e.found.is_none();
        for p in self.paths.iter().filter(|p| p.starts_with(&content)) {
            match e.record_of(p) {
                Some(r) => {
                    dirty.insert(r);
                }
                None => relist = true,
            }
        }
        if relist {
            e.relist(&self.paths, self.all, &mut dirty);
        }
        let (found, found_problems) = e.found.as_ref()?;
        problems.extend(found_problems.clone());
        let stale: Vec<Found> = if relist {
            found
                .iter()
                .filter(|f| dirty.contains(&f.path))
                .cloned()
                .collect()
        } else {
            // The list is the one the kept records were read from.
            dirty
                .iter()
                .filter_map(|p| e.records.get(p.as_os_str()).map(|l| l.found.clone()))
                .collect()
        };
        self.reparsed = stale.len();
        let (changed, new_set) = e.reread(&stale);
        Some(Fresh {
            config,
            changed,
            new_set: new_set || relist,
        })
    }

    fn resolve(&mut self, fresh: Fresh, problems: &mut Problems) -> Option<Site> {
        let e = &mut *self.engine;
        let ropts = e.resolve_options(&fresh.config);
        e.screen_sources(&ropts);
        let (mut records, unreadable) = e.listed_records(problems);
        let mut sources = Vec::new();
        if let Some(f) = &e.federation {
            problems.extend(f.problems.clone());
            records.extend(f.screened.iter().flatten());
            sources = f.sources.clone();
        }
        let raw = RawSite {
            root: e.opts.root.clone(),
            config: fresh.config,
            records: Vec::new(),
            unreadable,
            sources,
            federated: Vec::new(),
        };
        let mut config_problems = Problems::new();
        let config = resolve::resolve_config(&raw, &ropts, &mut config_problems);
        self.theme_name = config.theme.clone();
        let patch = e.live.is_some()
            && e.resolver.as_ref().is_some_and(|r| {
                if fresh.new_set {
                    r.fits(&records, &raw.unreadable, &ropts, config.trust_html)
                } else {
                    r.trust_html() == config.trust_html
                }
            });
        if !patch {
            // A new set of records: everything is resolved again, and the sites kept so far
            // (made from other records) cannot be patched any more.
            let mut p = Problems::new();
            let (site, resolver, mut record_problems) =
                resolve::resolve_keeping(&raw, records, &ropts, &mut p);
            problems.extend(resolve::own_problems(p));
            let cache = Path::new(".ocop-cache").join("sources");
            record_problems.retain(|file, _| !file.starts_with(&cache));
            self.resolved = record_problems.len();
            e.live = None;
            e.spare = None;
            e.record_problems = record_problems;
            e.resolver = Some(resolver);
            return site;
        }
        drop(records);
        problems.extend(config_problems);
        let placed = e.resolve_changed(&fresh.changed, problems);
        self.resolved = placed.len();
        if problems.has_errors() {
            // The site kept for patching stays as it is for the next save.
            return None;
        }
        let site = e.patched_site(config, placed);
        self.lost = site.is_none();
        site
    }

    fn theme(&mut self, site: Option<&Site>, problems: &mut Problems) -> Option<Theme> {
        let name = site.map_or_else(|| self.theme_name.clone(), |s| s.config.theme.clone());
        let themes_changed = self.under("themes");
        let e = &mut *self.engine;
        let stale = match &e.theme {
            Some((kept, _, _)) => *kept != name,
            None => true,
        } || themes_changed;
        if stale {
            let mut p = Problems::new();
            let th = theme::load(&e.opts.root, &name, &mut p);
            e.theme = Some((name, th, p));
        }
        let (_, theme, p) = e.theme.as_ref()?;
        problems.extend(p.clone());
        theme.clone()
    }

    fn static_files(&mut self, problems: &mut Problems) -> Option<Arc<site_static::Listing>> {
        let static_changed = self.under("static");
        let e = &mut *self.engine;
        if e.static_files.is_none() || static_changed {
            match site_static::list(&e.opts.root) {
                Ok(files) => e.static_files = Some(Arc::new(files)),
                Err(p) => {
                    e.static_files = None;
                    problems.push(*p);
                }
            }
        }
        e.static_files.clone()
    }

    fn previous_state(&mut self) -> Option<crate::model::changes::State> {
        // What the default output was last built with: the preview shows the changes a
        // build would add to it.
        crate::build::stages::read_state(&self.engine.opts.root.join("public"))
    }

    fn images(&mut self, site: &Site, problems: &mut Problems) -> Images {
        let cache = self.engine.opts.root.join(".ocop-cache");
        let images = Images::plan(site, site.config.images.clone(), &cache, problems);
        let done = images.process(&site.root, problems);
        if !problems.has_errors() {
            images.finish();
            self.image_files = images.files(&done).into_iter().collect();
        }
        images
    }
}

/// The address a site is served at: the server's own address `server`, with the path of
/// the site's `base_url` (`configured`), so that a site published under `/ocop/` is served
/// under `/ocop/` and its links are those of the published site.
pub(crate) fn serve_base(server: &str, configured: Option<&str>) -> String {
    let path = configured
        .and_then(|u| u.trim().split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .trim_matches('/');
    if path.is_empty() {
        server.to_string()
    } else {
        format!("{}/{path}/", server.trim_end_matches('/'))
    }
}

/// The site of a retired generation, once no request uses it any more (waiting a moment
/// for the requests still being answered); `None` when it is still in use.
fn reclaim(mut generation: Arc<Generation>) -> Option<Site> {
    for _ in 0..20 {
        match Arc::try_unwrap(generation) {
            Ok(g) => return Some(g.into_site()),
            Err(g) => generation = g,
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    None
}

/// A copy of a resolved site, to be patched while the original is served.
fn copy_site(s: &Site) -> Site {
    Site {
        root: s.root.clone(),
        config: s.config.clone(),
        today: s.today,
        products: s.products.clone(),
        producers: s.producers.clone(),
        sales_points: s.sales_points.clone(),
        fairs: s.fairs.clone(),
        stories: s.stories.clone(),
        pages: s.pages.clone(),
        plans: s.plans.clone(),
        sources: s.sources.clone(),
        changes: s.changes.clone(),
    }
}

/// What a rebuild did: the record files read again, the records resolved again (the others
/// were kept from the last rebuild), and where the time went.
#[derive(Debug, Clone)]
pub struct Work {
    pub reparsed: usize,
    pub resolved: usize,
    pub timings: Timings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_mode_keeps_the_sub_path_of_base_url() {
        let server = "http://127.0.0.1:1111/";
        for (configured, want) in [
            (None, server.to_string()),
            (Some("https://ocop.example.gov.vn/"), server.into()),
            (Some("https://ocop.example.gov.vn"), server.into()),
            (
                Some("https://so.example.gov.vn/ocop/"),
                format!("{server}ocop/"),
            ),
            (
                Some("https://so.example.gov.vn/a/ocop?x=1"),
                format!("{server}a/ocop/"),
            ),
        ] {
            assert_eq!(serve_base(server, configured), want, "{configured:?}");
        }
    }
}
