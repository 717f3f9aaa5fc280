//! The build, end to end: load → resolve → render → swap into place.
//!
//! This is the only module that knows the order of the stages. Problems from every stage are
//! gathered into one list; if any is an error the output folder is not touched. Pages are
//! written into a fresh staging folder beside the output and renamed into place only when
//! everything succeeded, so the published site is always a complete one. Each output carries
//! the manifest of its files (`manifest`), and `changes` says what an upload must send to
//! turn one output into another.

pub mod changes;
pub mod links;
pub mod manifest;
pub mod publish;
pub(crate) mod sources;
pub(crate) mod stages;
pub(crate) mod stamp;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;

use crate::base::diag::{Problem, Problems};
use crate::base::timings::Timings;
use crate::model::Site;
use crate::outputs::{Stats, write};
use crate::resolve::ResolveOptions;
use crate::theme;
use stages::{FromScratch, Prepared};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `ROOT/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub today: NaiveDate,
    pub drafts: bool,
    /// Use and keep a build stamp (see `stamp.rs`): skip the build when nothing it depends
    /// on changed since the last stamped one, and stamp a successful build. `ocop build`
    /// does (`--force` forgets the stamp first).
    pub stamp: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, today: NaiveDate) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            today,
            drafts: false,
            stamp: false,
        }
    }

    pub(crate) fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build or check did.
#[derive(Debug)]
pub struct Report {
    pub problems: Problems,
    /// Set when the site was written.
    pub stats: Option<Stats>,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// The site's address (`base_url`, e.g. `https://host/ocop/`), once written.
    pub base_url: Option<String>,
    pub timings: Timings,
    /// The output was already up to date (nothing was rebuilt; `problems` and `stats` are
    /// the last build's).
    pub up_to_date: bool,
    /// How many files were added, changed and removed since the output this build replaced,
    /// when that one had a manifest (`manifest.rs`).
    pub changes: Option<manifest::Summary>,
    /// The other sites merged in (`[[sources]]`), as this build found them.
    pub sources: Vec<crate::model::federation::Source>,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.problems.has_errors()
    }
}

/// Loads and validates the site without writing anything.
pub fn check(opts: &BuildOptions) -> (Option<Site>, Option<theme::Theme>, Problems) {
    let mut problems = Problems::new();
    let (site, theme) = stages::validate(
        &mut from_scratch(opts),
        &opts.root,
        &mut problems,
        &mut Timings::start(),
    );
    (site, theme, problems)
}

/// The stages of a build of `opts`.
fn from_scratch(opts: &BuildOptions) -> FromScratch {
    FromScratch {
        output: Some(opts.output_dir()),
        federate: true,
        root: opts.root.clone(),
        options: ResolveOptions {
            today: opts.today,
            base_url: opts.base_url.clone(),
            drafts: opts.drafts,
        },
    }
}

/// Builds the site into its output folder.
pub fn build(opts: &BuildOptions) -> Report {
    let start = Instant::now();
    let shown = opts.output_dir();
    // Every step works on the real folder: `..` and symbolic links resolved.
    let output = publish::resolve(&shown).unwrap_or_else(|_| shown.clone());
    let mut problems = Problems::new();
    let mut timings = Timings::start();
    // With a stamp from an earlier build, the fingerprint decides whether to build at all.
    // Without one (a first build, `--force`) the build runs whatever it says, so it is taken
    // on a thread of its own beside the build, dated from before the build reads anything.
    // An output folder that is gone cannot be the stamped one: no walk before building then.
    let mut inputs = None;
    if opts.stamp && crate::build::stamp::exists(&opts.root) && output.is_dir() {
        let t = Instant::now();
        let taken = crate::build::stamp::inputs(opts, &output, SystemTime::now());
        timings.mark("stamp", t);
        if let Some(fresh) = crate::build::stamp::fresh(&opts.root, &taken, &output) {
            for p in fresh.problems {
                problems.push(p);
            }
            return Report {
                problems,
                timings,
                stats: Some(fresh.stats),
                output: shown,
                elapsed: start.elapsed(),
                base_url: Some(fresh.base_url),
                up_to_date: true,
                changes: None,
                sources: Vec::new(),
            };
        }
        inputs = Some(taken);
    }
    let written = match (opts.stamp, &inputs) {
        (true, None) => std::thread::scope(|scope| {
            let now = SystemTime::now();
            let output = &output;
            let beside = scope.spawn(move || {
                let t = Instant::now();
                (crate::build::stamp::inputs(opts, output, now), t.elapsed())
            });
            let written = write_site(opts, output, &mut problems, &mut timings);
            if let Ok((taken, took)) = beside.join() {
                timings.add("  stamp", took);
                inputs = Some(taken);
            }
            written
        }),
        _ => write_site(opts, &output, &mut problems, &mut timings),
    };
    if let (Some(inputs), Some(w)) = (&inputs, &written) {
        let all: Vec<Problem> = problems.iter().cloned().collect();
        crate::build::stamp::record(&opts.root, inputs, &output, w.stats, &w.base_url, &all);
    }
    Report {
        up_to_date: false,
        problems,
        timings,
        stats: written.as_ref().map(|w| w.stats),
        output: shown,
        elapsed: start.elapsed(),
        changes: written.as_ref().and_then(|w| w.changes),
        sources: written
            .as_ref()
            .map(|w| w.sources.clone())
            .unwrap_or_default(),
        base_url: written.map(|w| w.base_url),
    }
}

/// What a build that succeeded wrote.
struct Written {
    stats: Stats,
    sources: Vec<crate::model::federation::Source>,
    base_url: String,
    changes: Option<manifest::Summary>,
}

/// Every stage of a build; `None` when nothing was written (the problems say why).
/// `output` is the output folder resolved (see `publish::resolve`).
fn write_site(
    opts: &BuildOptions,
    output: &Path,
    problems: &mut Problems,
    timings: &mut Timings,
) -> Option<Written> {
    let shown = opts.output_dir();
    // Whether the output may be replaced is known before anything is read; its problem is
    // reported with the content's.
    let place = publish::check_location(&opts.root, &shown, output)
        .and_then(|()| publish::check_replaceable(&opts.root, &shown, output));
    // The lock is taken before anything is read: a second build of this output stops at once.
    let lock = match &place {
        Ok(()) => match publish::lock(output, &shown) {
            Ok(l) => Some(l),
            Err(p) => {
                problems.push(*p);
                return None;
            }
        },
        Err(_) => None,
    };
    let prepared = stages::prepare(&mut from_scratch(opts), &opts.root, problems, timings);
    let lock = match (place, lock) {
        (Ok(()), Some(lock)) => lock,
        (Err(p), _) => {
            problems.push(*p);
            return None;
        }
        (Ok(()), None) => return None,
    };
    let prepared = prepared?;
    let publication = match publish::Publication::start(output, &shown, lock) {
        Ok(p) => p,
        Err(p) => {
            problems.push(*p);
            return None;
        }
    };
    write_and_swap(opts, prepared, publication, problems, timings)
}

fn write_and_swap(
    opts: &BuildOptions,
    prepared: Prepared,
    mut publication: publish::Publication,
    problems: &mut Problems,
    timings: &mut Timings,
) -> Option<Written> {
    let started = Instant::now();
    let mut render_problems = Problems::new();
    // Read before anything is written: files with the bytes of the output being replaced
    // keep their times.
    let pending = manifest::begin(publication.output(), publication.staging(), problems);
    let Prepared {
        site,
        state,
        theme,
        images,
        static_files,
    } = prepared;
    let stats = write::write(
        &site,
        theme,
        &images,
        &static_files,
        publication.staging(),
        &mut render_problems,
        timings,
    );
    let failed = render_problems.has_errors();
    problems.extend(render_problems);
    // Leftovers of earlier builds go in the background; wait for them no longer than the
    // quarter of what the build itself took.
    let t = Instant::now();
    publication.finish_cleanup(started.elapsed() / 4);
    let t = timings.mark("cleanup", t);
    if failed {
        publication.discard();
        return None;
    }
    let placed: Vec<&str> = images.placed().collect();
    let Ok(changes) = pending.finish(&placed, problems) else {
        publication.discard();
        return None;
    };
    // The catalogue's state for the next build's change log: hidden, outside the manifest
    // (it is not a file of the site), written whole before the swap.
    let json = serde_json::to_vec(&state).unwrap_or_default();
    if let Err(e) = crate::base::fsutil::write_atomic(
        &publication
            .staging()
            .join(crate::model::changes::State::FILE),
        json,
    ) {
        problems.push(Problem::error(opts.output_dir(), e.to_string()));
        publication.discard();
        return None;
    }
    let t = timings.mark("manifest", t);
    if let Err(e) = publication.publish() {
        problems.push(Problem::error(opts.output_dir(), e.to_string()));
        return None;
    }
    timings.mark("swap", t);
    Some(Written {
        sources: site.sources.clone(),
        stats,
        base_url: site.config.base_url.clone(),
        changes,
    })
}

/// Builds the site into a scratch folder and checks every internal link of the result.
/// Each broken link becomes an error naming the page it is on. With `external`, every
/// distinct link to another site is also asked for once over the network, and each that
/// does not answer with a success becomes an error naming the pages it is on. The output
/// folder is not touched.
pub fn check_links(
    opts: &BuildOptions,
    external: Option<&crate::build::links::ExternalOptions>,
) -> (Report, Option<crate::build::links::LinkReport>) {
    let scratch_dir = match scratch_folder() {
        Ok(d) => d,
        Err(e) => {
            let mut problems = Problems::new();
            problems.push(
                Problem::error(std::env::temp_dir(), format!("cannot create a scratch folder for the link check: {e}"))
                    .hint("the link check builds the site into a new folder in the temporary folder; free space there or set TMPDIR to a folder you can write"),
            );
            let report = Report {
                problems,
                stats: None,
                output: opts.output_dir(),
                elapsed: Duration::ZERO,
                base_url: None,
                timings: Timings::default(),
                up_to_date: false,
                changes: None,
                sources: Vec::new(),
            };
            return (report, None);
        }
    };
    let scratch = scratch_dir.path();
    let mut o = opts.clone();
    o.output = Some(scratch.join("public"));
    o.stamp = false;
    let mut report = build(&o);
    let mut links = None;
    if report.stats.is_some() {
        let base_url = report.base_url.clone().unwrap_or_else(|| "/".into());
        let r = crate::build::links::check(&scratch.join("public"), &base_url);
        for b in &r.broken {
            report.problems.push(
                Problem::error(format!("(output)/{}", b.page), format!("broken link `{}`", b.link))
                    .hint("the page or file it points to is not part of the site; fix the template or content that makes it"),
            );
        }
        if let Some(ext) = external {
            for p in crate::build::links::check_external(&r, ext) {
                let more = match p.pages.len() {
                    0 | 1 => String::new(),
                    n => format!(" (and {} more pages)", n - 1),
                };
                let page = p.pages.first().cloned().unwrap_or_default();
                if p.skipped {
                    report.problems.push(
                        Problem::warning(
                            format!("(output)/{page}"),
                            format!("external link `{}` {}{more}", p.url, p.reason),
                        )
                        .hint("addresses of this machine or a private network are not asked; pass --external-private to ask them too"),
                    );
                    continue;
                }
                report.problems.push(
                    Problem::error(
                        format!("(output)/{page}"),
                        format!("external link `{}` failed: {}{more}", p.url, p.reason),
                    )
                    .hint("the other site did not answer with the page; correct or remove the address in the record that gives it"),
                );
            }
        }
        links = Some(r);
    }
    // Removed here, and by the drop of `scratch_dir` on every other way out (a panic too).
    let _ = scratch_dir.close();
    report.output = opts.output_dir();
    (report, links)
}

/// A new folder for `check_links` to build into: a name nobody can guess in advance (no
/// one can place a link or folder there first), readable by its owner only, and removed
/// when the value is dropped.
fn scratch_folder() -> std::io::Result<tempfile::TempDir> {
    let mut b = tempfile::Builder::new();
    b.prefix("ocop-links-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o700));
    }
    b.tempdir()
}

/// The build date: `--today`, else `SOURCE_DATE_EPOCH`, else today's date in Vietnam (UTC+7).
pub(crate) fn today(arg: Option<NaiveDate>) -> Result<NaiveDate, String> {
    if let Some(d) = arg {
        return Ok(d);
    }
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = v
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be a number of seconds, found `{v}`"))?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.date_naive())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{v}` is out of range"));
    }
    Ok((chrono::Utc::now() + chrono::Duration::hours(7)).date_naive())
}

#[cfg(test)]
mod scratch_folder_tests {
    use super::scratch_folder;

    #[test]
    fn link_check_scratch_folder_is_private_fresh_and_removed() {
        let a = scratch_folder().unwrap();
        let b = scratch_folder().unwrap();
        assert_ne!(a.path(), b.path(), "two checks share a folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(a.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
        let path = a.path().to_path_buf();
        std::fs::create_dir_all(path.join("public/san-pham")).unwrap();
        drop(a);
        assert!(!path.exists(), "the scratch folder outlived its check");
    }
}
