//! The order of the stages, written once: load → resolve → theme → static files → photos.
//!
//! A build does each stage from scratch; `ocop serve` keeps the site in memory and does each
//! with only what changed since its last rebuild. Both go through [`prepare`] with their own
//! [`Stages`], so the sequence, and where it stops on errors, cannot differ between them.
//! After it, a build writes every output (`outputs::write`) and the server answers requests
//! from the same site (`serve::incremental`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::base::diag::{Problem, Problems};
use crate::base::timings::Timings;
use crate::load::{self, RawSite};
use crate::model::Site;
use crate::model::changes::{History, State};
use crate::outputs::site_static::{self, Listing};
use crate::present::images::Images;
use crate::resolve;
use crate::theme::{self, Theme};

/// How each stage is done: from scratch, or with what changed since the last time.
pub(crate) trait Stages {
    /// What loading hands to resolving.
    type Loaded;
    /// Stage 1: the site's files read into raw records.
    fn load(&mut self, problems: &mut Problems) -> Option<Self::Loaded>;
    /// Stage 2: the raw records checked and resolved into the site.
    fn resolve(&mut self, loaded: Self::Loaded, problems: &mut Problems) -> Option<Site>;
    /// The theme the site names; `site` is `None` when the site could not be resolved (its
    /// theme is still loaded, for its own problems).
    fn theme(&mut self, site: Option<&Site>, problems: &mut Problems) -> Option<Theme>;
    /// The files of `static/`.
    fn static_files(&mut self, problems: &mut Problems) -> Option<Arc<Listing>>;
    /// The photo plan (variants, names, sizes) of a site without errors.
    fn images(&mut self, site: &Site, problems: &mut Problems) -> Images;
    /// The state of the catalogue the previous build of the output left, to tell what
    /// changed since (`model::changes`).
    fn previous_state(&mut self) -> Option<State>;
}

/// The state an output folder holds (`None` when it has none or it cannot be read: the
/// log then starts again, which loses nothing of the catalogue itself).
pub(crate) fn read_state(output: &Path) -> Option<State> {
    let bytes = crate::base::fsutil::read(&output.join(State::FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A site ready for its outputs.
pub(crate) struct Prepared {
    pub site: Site,
    /// What the build leaves for the next one to compare the catalogue with.
    pub state: State,
    pub theme: Theme,
    pub images: Images,
    pub static_files: Arc<Listing>,
}

/// Loads, resolves and loads the theme, collecting every problem: what `ocop check` does,
/// and the start of [`prepare`].
pub(crate) fn validate<S: Stages>(
    stages: &mut S,
    root: &Path,
    problems: &mut Problems,
    timings: &mut Timings,
) -> (Option<Site>, Option<Theme>) {
    if !root.is_dir() {
        problems
            .push(Problem::error(root, "the site folder does not exist").hint(
                "pass `--root` with the folder that holds site.toml, or run `ocop init DIR`",
            ));
        return (None, None);
    }
    let loaded = stages.load(problems);
    timings.lap("load");
    let site = loaded.and_then(|l| stages.resolve(l, problems));
    timings.lap("resolve");
    let theme = stages.theme(site.as_ref(), problems);
    timings.lap("theme");
    (site, theme)
}

/// Every stage before the outputs, in order; `None` when there is an error (the problems
/// say which), so that nothing is written or served from a site with errors.
pub(crate) fn prepare<S: Stages>(
    stages: &mut S,
    root: &Path,
    problems: &mut Problems,
    timings: &mut Timings,
) -> Option<Prepared> {
    let (site, theme) = validate(stages, root, problems, timings);
    let static_files = stages.static_files(problems);
    timings.lap("static");
    let (mut site, theme, static_files) = (site?, theme?, static_files?);
    if problems.has_errors() {
        return None;
    }
    let (history, state) = History::advance(stages.previous_state(), &site);
    site.changes = history;
    timings.lap("changes");
    let images = stages.images(&site, problems);
    timings.lap("images");
    if problems.has_errors() {
        return None;
    }
    Some(Prepared {
        site,
        state,
        theme,
        images,
        static_files,
    })
}

/// The stages of a build: every file read, every record resolved.
pub(crate) struct FromScratch {
    pub root: PathBuf,
    pub options: resolve::ResolveOptions,
    /// The output folder the build replaces, whose catalogue state it compares with.
    pub output: Option<PathBuf>,
    /// Whether `[[sources]]` are read (not for a source that is itself a site's folder).
    pub federate: bool,
}

impl Stages for FromScratch {
    type Loaded = RawSite;

    fn load(&mut self, problems: &mut Problems) -> Option<RawSite> {
        let mut raw = load::load(&self.root, problems);
        if self.federate {
            let specs = load::sources::specs(&self.root, &raw.config.sources, problems);
            let specs = crate::build::sources::content_sources(
                &self.root,
                specs,
                self.options.today,
                problems,
            );
            (raw.sources, raw.federated) =
                load::sources::gather(&self.root, specs, self.options.today, problems);
        }
        Some(raw)
    }

    fn resolve(&mut self, raw: RawSite, problems: &mut Problems) -> Option<Site> {
        resolve::resolve(raw, &self.options, problems)
    }

    fn theme(&mut self, site: Option<&Site>, problems: &mut Problems) -> Option<Theme> {
        let name = site.map_or("default", |s| s.config.theme.as_str());
        theme::load(&self.root, name, problems)
    }

    fn static_files(&mut self, problems: &mut Problems) -> Option<Arc<Listing>> {
        match site_static::list(&self.root) {
            Ok(l) => Some(Arc::new(l)),
            Err(p) => {
                problems.push(*p);
                None
            }
        }
    }

    fn images(&mut self, site: &Site, problems: &mut Problems) -> Images {
        let cache = self.root.join(".ocop-cache");
        Images::plan(site, site.config.images.clone(), &cache, problems)
    }

    fn previous_state(&mut self) -> Option<State> {
        read_state(self.output.as_deref()?)
    }
}
