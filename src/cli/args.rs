//! The command line of `ocop`, as clap reads it: every command and its options.
//!
//! The types live here, apart from the code that runs each command, so that `main.rs` stays
//! a short table of contents and each command's file starts from its parsed arguments. The
//! help texts are the doc comments below; `ocop help` prints them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "ocop",
    version,
    about = "Static website generator for OCOP product catalogues"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Load and validate everything, write nothing, print every problem.
    Check(CheckArgs),
    /// Build the site and serve it at http://127.0.0.1:1111/, rebuilding after every save;
    /// open pages reload by themselves.
    Serve(ServeArgs),
    /// Create a new site in DIR.
    Init(InitArgs),
    /// Create a record skeleton: product, producer, sales-point, fair, story, page or plan
    /// (`ocop new plan 2026`).
    New(NewArgs),
    /// Import products and producers from a spreadsheet (CSV or XLSX).
    Import(ImportArgs),
    /// Work with the site's theme.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    /// Export every product as spreadsheet rows (one per certificate) that import reads back.
    Export(ExportArgs),
    /// List the files the last build added, changed and removed (or those that changed since a
    /// saved manifest), in the order to upload them: a list, or a script for rsync, lftp or sftp.
    Changes(ChangesArgs),
}

/// The options `build` and `check` share: which site, seen on which day, how talkative.
#[derive(clap::Args)]
pub struct SiteArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Override site.toml's base_url, e.g. https://example.gov.vn/ocop/
    #[arg(long)]
    pub base_url: Option<String>,
    /// The date that decides certificate validity and upcoming fairs (default:
    /// SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Include records marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print every warning (by default at most 20 of each kind, then a count).
    #[arg(long)]
    pub all_warnings: bool,
    /// Print how long each stage took (also with the environment variable OCOP_TIMINGS=1).
    #[arg(long)]
    pub timings: bool,
}

#[derive(clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Build even if nothing changed since the last build (by default an unchanged
    /// site is not rebuilt: see "Builds" in the README).
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Also build into a scratch folder and verify that every internal link, image and
    /// stylesheet of every page resolves.
    #[arg(long)]
    pub links: bool,
    /// With --links: also ask every link to another site once over the network (HEAD,
    /// then GET), reporting each that does not answer with a success.
    #[arg(long, requires = "links")]
    pub external: bool,
    /// With --external: also ask addresses of this machine and of private networks
    /// (localhost, 10.x, 192.168.x, 169.254.x...), which are skipped by default.
    #[arg(long, requires = "external")]
    pub external_private: bool,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (0.0.0.0 to be reachable from other machines).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The date that decides certificate validity and upcoming fairs (default:
    /// SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Include records marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Offer editing at /admin/ to other machines too, when bound to a network address
    /// (`--bind 0.0.0.0`): a browser must then open the address with the token printed at
    /// start-up. Without it, editing is on only for a server bound to 127.0.0.1.
    #[arg(long)]
    pub allow_remote_editing: bool,
}

#[derive(clap::Args)]
pub struct InitArgs {
    pub dir: PathBuf,
}

#[derive(clap::Args)]
pub struct NewArgs {
    pub kind: String,
    /// The record's Vietnamese name; its address (slug) is made from it. For a plan, its
    /// year (or a title with the year in it).
    pub name: String,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    /// The spreadsheet: .csv (any delimiter, UTF-8) or .xlsx.
    pub file: PathBuf,
    /// The site folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// A TOML file naming other column headings, e.g. "Tên SP" = "name".
    #[arg(long)]
    pub map: Option<PathBuf>,
    /// The worksheet of a workbook (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Write the changes to records that already exist (otherwise only listed).
    #[arg(long)]
    pub update: bool,
    /// Import the good rows even when some rows fail.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Check and report, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The date certificates are checked against (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// FILE.csv or FILE.xlsx (default: CSV on standard output).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ChangesArgs {
    /// The site folder (its output is ROOT/public unless --output says otherwise).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Compare with this manifest instead of the previous build's: the copy of the output's
    /// `.ocop-manifest` you saved after your last upload.
    #[arg(long, value_name = "FILE")]
    pub since: Option<PathBuf>,
    /// plain: `A path` (added), `M path` (changed), `D path` (removed); rsync: paths for
    /// `rsync --files-from` (with --delete-missing-args); lftp or sftp: a batch script that
    /// makes the new folders, uploads, then deletes; json.
    #[arg(long, value_enum, default_value = "plain")]
    pub format: ChangesFormat,
}

/// The forms of `ocop changes`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ChangesFormat {
    Plain,
    Rsync,
    Lftp,
    Sftp,
    Json,
}

#[derive(Subcommand)]
pub enum ThemeAction {
    /// Copy the built-in theme (templates, static files, translations) into themes/NAME/
    /// for deeper changes; files already there are kept.
    Eject(EjectArgs),
}

#[derive(clap::Args)]
pub struct EjectArgs {
    /// The theme folder's name (default: the site's `theme` setting, else `default`).
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Reads a `--today` date: YYYY-MM-DD within the years a catalogue's dates may have.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    use chrono::Datelike;
    let d = crate::load::fields::parse_date(s)
        .ok_or_else(|| format!("`{s}` is not a date: write YYYY-MM-DD"))?;
    let years = crate::load::fields::DATE_YEARS;
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
