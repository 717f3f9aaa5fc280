//! Themes: the embedded default, overridden file by file.
//!
//! The default theme is compiled into the binary, so `ocop init` and `ocop build` work on a
//! machine with nothing but the executable. A site may put its own files under
//! `themes/NAME/templates/` and `themes/NAME/static/`; each one replaces the default file of
//! the same path and everything else falls back to the default. Translation files
//! (`themes/NAME/i18n/LANG.toml`) override the default's text key by key (see `i18n`).
//! Templates are parsed once, before any page is rendered, and a template error is reported
//! with its file.

pub(crate) mod embedded;
pub mod i18n;
pub(crate) mod prefill;
pub(crate) mod script;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::Dir;

use crate::base::diag::{Problem, Problems};
use crate::model::Lang;
use crate::theme::i18n::Catalog;

/// The templates every theme must end up with (after falling back to the default).
pub(crate) const TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "listing.html",
    "product.html",
    "producer.html",
    "producers.html",
    "sales_points.html",
    "sales_point.html",
    "fairs.html",
    "fair.html",
    "stories.html",
    "story.html",
    "page.html",
    "404.html",
    "data.html",
    "statistics.html",
    "plans.html",
    "plan.html",
];

/// A loaded theme: compiled templates and the static files to copy.
#[derive(Clone)]
pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (relative, `/`-separated) → contents.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// The interface text of every language (`Lang::ALL`, in that order).
    pub catalogs: Vec<Catalog>,
    /// The template sources `tera` was compiled from, by name.
    sources: Vec<(String, String)>,
    /// Whether interface text may be written into the templates (see `crate::theme::prefill`).
    prefill: bool,
}

/// The template set of `sources`, configured as every template set of a theme is.
fn compile<'a>(
    sources: impl IntoIterator<Item = (&'a str, Cow<'a, str>)>,
) -> Result<tera::Tera, tera::Error> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    crate::theme::i18n::register_filter(&mut tera);
    let sources: Vec<(&str, Cow<str>)> = sources.into_iter().collect();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (*n, t.as_ref())))?;
    Ok(tera)
}

impl Theme {
    /// The templates for pages in `lang` of a site described by `site` (the `site` global
    /// of its templates): the theme's, with the language's interface text and the site's
    /// facts written in where that is certain to render the same (see `crate::theme::prefill`).
    pub(crate) fn tera_for(&self, lang: Lang, site: &serde_json::Value) -> tera::Tera {
        if !self.prefill {
            return self.tera.clone();
        }
        let catalog = self.catalog(lang);
        let text = |global: &str, key: &str| -> Option<String> {
            match global {
                "t" => catalog.lookup(key).map(str::to_string),
                "site" => key
                    .split('.')
                    .try_fold(site, |v, k| v.get(k))
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                _ => None,
            }
        };
        let filled = self.sources.iter().map(|(name, source)| {
            (
                name.as_str(),
                crate::theme::prefill::prefill(name, source, &text),
            )
        });
        // The sources compiled as they were; filled in they compile too. Should they not,
        // the unfilled set renders the same pages.
        compile(filled).unwrap_or_else(|_| self.tera.clone())
    }

    /// The interface text of `lang`.
    pub(crate) fn catalog(&self, lang: Lang) -> &Catalog {
        self.catalogs
            .iter()
            .find(|c| c.lang == lang)
            .unwrap_or_else(|| crate::theme::i18n::builtin(lang))
    }
}

/// Where a theme file came from, for messages.
fn origin(site_theme: Option<&Path>, rel: &str, overridden: bool) -> PathBuf {
    match site_theme {
        Some(dir) if overridden => dir.join(rel),
        _ => PathBuf::from(format!("(built-in default theme)/{rel}")),
    }
}

fn collect_embedded(dir: &Dir<'static>, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        let p = f.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = p.strip_prefix(prefix) {
            out.insert(
                rel.trim_start_matches('/').to_string(),
                f.contents().to_vec(),
            );
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, prefix, out);
    }
}

/// A theme's SVG files as the SVG sanitiser keeps them (`crate::base::svg`): a theme copied from
/// elsewhere can carry script like any SVG. One that cannot be read is an error.
fn sanitise_svgs(
    dir: &Path,
    files: &mut BTreeMap<String, Vec<u8>>,
    problems: &mut Problems,
    root: &Path,
) {
    files.retain(|rel, bytes| {
        if !crate::base::svg::is_svg(Path::new(rel)) {
            return true;
        }
        match crate::base::svg::sanitise_svg(bytes) {
            Ok(svg) => {
                *bytes = svg;
                true
            }
            Err(e) => {
                problems.push(crate::base::svg::svg_problem(root, &dir.join(rel), e));
                false
            }
        }
    });
}

fn collect_disk(
    dir: &Path,
    out: &mut BTreeMap<String, Vec<u8>>,
    problems: &mut Problems,
    root: &Path,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().unwrap_or(dir).to_path_buf();
                problems.push(Problem::error(
                    crate::base::diag::rel(root, &p),
                    e.to_string(),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        match crate::base::fsutil::read(entry.path()) {
            Ok(bytes) => {
                out.insert(rel, bytes);
            }
            Err(e) => problems.push(Problem::error(
                crate::base::diag::rel(root, entry.path()),
                format!("cannot read: {}", e.source),
            )),
        }
    }
}

/// Loads the theme `name` of the site at `root`: embedded default plus the site's overrides.
pub(crate) fn load(root: &Path, name: &str, out: &mut Problems) -> Option<Theme> {
    let site_dir = root.join("themes").join(name);
    let site_theme = site_dir.is_dir().then_some(site_dir.as_path());
    if site_theme.is_none() && name != "default" {
        out.push(
            Problem::error("site.toml", format!("theme `{name}` does not exist"))
                .field("theme")
                .hint(format!(
                    "create the folder themes/{name}/, or write `theme = \"default\"`"
                )),
        );
    }

    let mut templates = BTreeMap::new();
    collect_embedded(&embedded::DEFAULT_THEME, "templates", &mut templates);
    let mut static_files = BTreeMap::new();
    collect_embedded(&embedded::DEFAULT_THEME, "static", &mut static_files);
    let mut overridden = BTreeMap::new();
    if let Some(dir) = site_theme {
        collect_disk(&dir.join("templates"), &mut overridden, out, root);
        collect_disk(&dir.join("static"), &mut static_files, out, root);
        sanitise_svgs(&dir.join("static"), &mut static_files, out, root);
    }
    // The search page's script, served without its comments (`script`).
    if let Some(js) = static_files.get_mut("search.js") {
        *js = script::shrink(js);
    }
    let overridden_names: Vec<String> = overridden.keys().cloned().collect();
    templates.extend(overridden);

    let catalogs = crate::theme::i18n::load(site_theme, root, &Lang::ALL, out);
    let mut sources = Vec::new();
    let mut ok = true;
    for (name, bytes) in &templates {
        match std::str::from_utf8(bytes) {
            Ok(text) => sources.push((name.clone(), text.to_string())),
            Err(_) => {
                ok = false;
                out.push(Problem::error(
                    origin(
                        site_theme,
                        &format!("templates/{name}"),
                        overridden_names.contains(name),
                    ),
                    "template is not valid UTF-8",
                ));
            }
        }
    }
    let tera = match compile(
        sources
            .iter()
            .map(|(n, t)| (n.as_str(), Cow::Borrowed(t.as_str()))),
    ) {
        Ok(tera) => tera,
        Err(e) => {
            ok = false;
            out.push(
            Problem::error(
                site_theme
                    .map(|d| crate::base::diag::rel(root, d))
                    .unwrap_or_else(|| "(built-in default theme)".into()),
                format!("template error: {}", error_chain(&e)),
            )
            .hint("fix the template named in the message; `ocop theme` files follow Tera 2 syntax"),
        );
            tera::Tera::new()
        }
    };
    for t in TEMPLATES {
        if !templates.contains_key(*t) {
            ok = false;
            out.push(Problem::error(
                origin(site_theme, &format!("templates/{t}"), true),
                "required template is missing",
            ));
        }
    }
    let prefill = crate::theme::prefill::can_prefill(sources.iter().map(|(_, t)| t.as_str()));
    ok.then_some(Theme {
        tera,
        static_files,
        catalogs,
        sources,
        prefill,
    })
}

/// A Tera error with its causes, on one line each.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// What `ocop theme eject` did.
#[derive(Debug, Default)]
pub struct Ejected {
    /// The theme folder, relative to the site root (`themes/NAME`).
    pub dir: PathBuf,
    /// Files copied from the built-in theme.
    pub copied: usize,
    /// Files the site's theme already had, left as they were.
    pub kept: Vec<String>,
}

/// `ocop theme eject [--name NAME]`: copies every file of the built-in theme (templates,
/// static files, translations) into `themes/NAME/` of the site at `root`, to change more
/// than single files. Files already there are never overwritten. `name` defaults to the
/// site's `theme` setting.
pub fn eject(root: &Path, name: Option<&str>) -> Result<Ejected, String> {
    if !root.join("site.toml").is_file() {
        return Err(format!(
            "{} has no site.toml; pass `--root` with the site folder",
            root.display()
        ));
    }
    let name = match name {
        Some(n) => n.to_string(),
        None => crate::base::fsutil::read_to_string(&root.join("site.toml"))
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .and_then(|t| t.get("theme").and_then(|v| v.as_str()).map(String::from))
            .unwrap_or_else(|| "default".into()),
    };
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(format!(
            "`{name}` is not a theme name: use a folder name such as `tinh`"
        ));
    }
    let rel = PathBuf::from("themes").join(&name);
    let dir = root.join(&rel);
    let mut files = BTreeMap::new();
    collect_embedded(&embedded::DEFAULT_THEME, "", &mut files);
    let mut done = Ejected {
        dir: rel,
        ..Ejected::default()
    };
    for (file, bytes) in &files {
        let target = dir.join(file);
        if target.exists() {
            done.kept.push(file.clone());
            continue;
        }
        crate::base::fsutil::write(&target, bytes).map_err(|e| e.to_string())?;
        done.copied += 1;
    }
    Ok(done)
}
