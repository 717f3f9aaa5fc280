//! The `ocop` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use ocop::base::diag::Problems;
use ocop::build::{self, BuildOptions};
use ocop::cli::scaffold;

/// A build makes millions of small strings and vectors on every core (views, template
/// values, paths); mimalloc serves them from per-thread pages, where the system allocator
/// spent about a sixth of a build's time in its locks and free-list upkeep.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "ocop",
    version,
    about = "Static website generator for OCOP product catalogues"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override site.toml's base_url, e.g. https://example.gov.vn/ocop/
    #[arg(long)]
    base_url: Option<String>,
    /// The date that decides certificate validity and upcoming fairs (default:
    /// SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Include records marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Print every warning (by default at most 20 of each kind, then a count).
    #[arg(long)]
    all_warnings: bool,
    /// Print how long each stage took (also with the environment variable OCOP_TIMINGS=1).
    #[arg(long)]
    timings: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Build even if nothing changed since the last build (by default an unchanged
        /// site is not rebuilt: see "Builds" in the README).
        #[arg(long)]
        force: bool,
    },
    /// Load and validate everything, write nothing, print every problem.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Also build into a scratch folder and verify that every internal link, image and
        /// stylesheet of every page resolves.
        #[arg(long)]
        links: bool,
        /// With --links: also ask every link to another site once over the network (HEAD,
        /// then GET), reporting each that does not answer with a success.
        #[arg(long, requires = "links")]
        external: bool,
        /// With --external: also ask addresses of this machine and of private networks
        /// (localhost, 10.x, 192.168.x, 169.254.x...), which are skipped by default.
        #[arg(long, requires = "external")]
        external_private: bool,
    },
    /// Build the site and serve it at http://127.0.0.1:1111/, rebuilding after every save;
    /// open pages reload by themselves.
    Serve {
        /// The site folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on (0.0.0.0 to be reachable from other machines).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The date that decides certificate validity and upcoming fairs (default:
        /// SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Include records marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site in DIR.
    Init { dir: PathBuf },
    /// Create a record skeleton: product, producer, sales-point, fair, story or page.
    New {
        kind: String,
        /// The record's Vietnamese name; its address (slug) is made from it.
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Import products and producers from a spreadsheet (CSV or XLSX).
    Import {
        /// The spreadsheet: .csv (any delimiter, UTF-8) or .xlsx.
        file: PathBuf,
        /// The site folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A TOML file naming other column headings, e.g. "Tên SP" = "name".
        #[arg(long)]
        map: Option<PathBuf>,
        /// The worksheet of a workbook (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Write the changes to records that already exist (otherwise only listed).
        #[arg(long)]
        update: bool,
        /// Import the good rows even when some rows fail.
        #[arg(long)]
        skip_invalid: bool,
        /// Check and report, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The date certificates are checked against (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Work with the site's theme.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    /// Export every product as spreadsheet rows (one per certificate) that import reads back.
    Export {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// FILE.csv or FILE.xlsx (default: CSV on standard output).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Copy the built-in theme (templates, static files, translations) into themes/NAME/
    /// for deeper changes; files already there are kept.
    Eject {
        /// The theme folder's name (default: the site's `theme` setting, else `default`).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    let d = ocop::load::fields::parse_date(s)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))?;
    let years = ocop::load::fields::DATE_YEARS;
    if years.contains(&d.year()) {
        Ok(d)
    } else {
        Err(format!(
            "`{s}` is outside the years {}–{} that dates of a catalogue may have",
            years.start(),
            years.end()
        ))
    }
}

/// Warnings of one kind printed before the rest are only counted (see `--all-warnings`).
const WARNINGS_PER_KIND: usize = 20;

/// Prints every error and, unless `all`, at most `WARNINGS_PER_KIND` warnings of each kind,
/// then one line per kind saying how many more there are. Printing 100,000 identical
/// warnings takes longer than a build and hides everything else.
fn print_problems(problems: &Problems, all: bool) {
    let limit = if all { usize::MAX } else { WARNINGS_PER_KIND };
    let (shown, cut) = problems.summarised(limit);
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    use std::io::Write;
    for p in shown {
        let _ = writeln!(err, "{p}");
    }
    for (n, example) in cut {
        let what = match &example.field {
            Some(f) => format!("field `{f}`: {}", example.message),
            None => example.message.clone(),
        };
        let _ = writeln!(
            err,
            "warning: {n} more warning(s) of the same kind as \"{}\" not shown (pass --all-warnings to list them)",
            ocop::base::diag::Escaped(&what)
        );
    }
}

fn options(site: SiteArgs, output: Option<PathBuf>) -> Result<BuildOptions, String> {
    let today = build::today(site.today)?;
    Ok(BuildOptions {
        root: site.root,
        output,
        base_url: site.base_url,
        today,
        drafts: site.drafts,
        stamp: false,
    })
}

fn summary(problems: &Problems) -> String {
    format!(
        "{} error(s), {} warning(s)",
        problems.error_count(),
        problems.warning_count()
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site,
            output,
            force,
        } => {
            let all_warnings = site.all_warnings;
            let timings =
                site.timings || std::env::var_os("OCOP_TIMINGS").is_some_and(|v| v != "0");
            let opts = match options(site, output) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let opts = BuildOptions {
                stamp: true,
                ..opts
            };
            if force {
                ocop::build::stamp::forget(&opts.root);
            }
            let report = build::build(&opts);
            print_problems(&report.problems, all_warnings);
            if timings {
                eprint!("Timings:\n{}", report.timings);
            }
            match report.stats {
                Some(stats) => {
                    let im = stats.images;
                    if im.processed + im.cached > 0 {
                        eprintln!(
                            "Photos: {} processed, {} from cache; {:.1} MB of originals read, {:.1} MB published.",
                            im.processed,
                            im.cached,
                            im.source_bytes as f64 / 1e6,
                            im.output_bytes as f64 / 1e6
                        );
                    }
                    if report.up_to_date {
                        eprintln!(
                            "Nothing changed since the last build: the {} pages and {} other files in {} are up to date ({}; checked in {:.2} s, `--force` rebuilds).",
                            stats.pages,
                            stats.files,
                            report.output.display(),
                            summary(&report.problems),
                            report.elapsed.as_secs_f64(),
                        );
                        return ExitCode::SUCCESS;
                    }
                    eprintln!(
                        "Built {} pages and {} other files into {} in {:.2} s ({}).",
                        stats.pages,
                        stats.files,
                        report.output.display(),
                        report.elapsed.as_secs_f64(),
                        summary(&report.problems)
                    );
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "Build failed: {}. Nothing was written; {} is unchanged.",
                        summary(&report.problems),
                        report.output.display()
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            site,
            links,
            external,
            external_private,
        } => {
            let all_warnings = site.all_warnings;
            let opts = match options(site, None) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            if links {
                let ext = ocop::build::links::ExternalOptions {
                    private: external_private,
                    ..Default::default()
                };
                let (report, links) = build::check_links(&opts, external.then_some(&ext));
                print_problems(&report.problems, all_warnings);
                if let Some(l) = links {
                    eprintln!(
                        "Checked {} links on {} pages: {} broken.",
                        l.links,
                        l.pages,
                        l.broken.len()
                    );
                    if external {
                        eprintln!("Asked {} external addresses.", l.external.len());
                    } else if !l.external.is_empty() {
                        eprintln!(
                            "{} links to other sites were not asked for (add --external).",
                            l.external.len()
                        );
                    }
                }
                eprintln!("{}.", summary(&report.problems));
                return if report.ok() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                };
            }
            let (site, _, problems) = build::check(&opts);
            print_problems(&problems, all_warnings);
            if let Some(s) = site {
                eprintln!(
                    "Checked {} products, {} producers, {} sales points, {} fairs, {} stories, {} pages: {}.",
                    s.products.len(),
                    s.producers.len(),
                    s.sales_points.len(),
                    s.fairs.len(),
                    s.stories.len(),
                    s.pages.len(),
                    summary(&problems)
                );
            }
            if problems.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Theme {
            action: ThemeAction::Eject { name, root },
        } => match ocop::theme::eject(&root, name.as_deref()) {
            Ok(e) => {
                let name = e
                    .dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                eprintln!(
                    "Copied {} files of the built-in theme into {}{}.",
                    e.copied,
                    root.join(&e.dir).display(),
                    if e.kept.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " ({} files already there were kept: {})",
                            e.kept.len(),
                            e.kept.join(", ")
                        )
                    }
                );
                eprintln!(
                    "The site uses it with `theme = \"{name}\"` in site.toml; edit its templates/, static/ and i18n/ files, and delete any you do not change so they follow the built-in theme."
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Serve {
            root,
            bind,
            port,
            today,
            drafts,
        } => {
            let today = match build::today(today) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let opts = ocop::serve::ServeOptions {
                root,
                bind,
                port,
                today,
                drafts,
            };
            match ocop::serve::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match scaffold::init(&dir) {
            Ok(_) => {
                eprintln!(
                    "Created a new site in {}. Add records with `ocop new product \"Tên sản phẩm\" --root {}`, then run `ocop serve --root {}` to see it.",
                    dir.display(),
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Import {
            file,
            root,
            map,
            sheet,
            update,
            skip_invalid,
            dry_run,
            today,
        } => {
            let today = match build::today(today) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut opts = ocop::spreadsheet::ImportOptions::new(root, file, today);
            opts.map = map;
            opts.sheet = sheet;
            opts.update = update;
            opts.skip_invalid = skip_invalid;
            opts.dry_run = dry_run;
            match ocop::spreadsheet::import(&opts) {
                Ok(report) => {
                    eprint!("{}", report.render());
                    if report.ok() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Export { root, output } => {
            match ocop::spreadsheet::export(&root, output.as_deref()) {
                Ok(report) if !report.written => {
                    print_problems(&report.problems, true);
                    eprintln!(
                        "Export failed: {}. Some records could not be read, so the spreadsheet would lack them; nothing was written. Fix them (`ocop check` lists them) and export again.",
                        summary(&report.problems)
                    );
                    ExitCode::FAILURE
                }
                Ok(report) => {
                    print_problems(&report.problems, true);
                    eprintln!(
                        "Exported {} products in {} rows{}.",
                        report.products,
                        report.rows,
                        output
                            .map(|p| format!(" to {}", p.display()))
                            .unwrap_or_default()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { kind, name, root } => match scaffold::new_record(&root, &kind, &name) {
            Ok(path) => {
                eprintln!(
                    "Created {}. Fill in the fields, then run `ocop check`.",
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
