//! Languages: the site's Vietnamese pages and, optionally, English ones under `/en/`.
//!
//! Every piece of interface text (headings, labels, button text, the intros of listings,
//! the names of product groups and producer kinds) lives in a theme's translation files,
//! `i18n/vi.toml` and `i18n/en.toml`, never in a template or in Rust code, so a province can
//! reword its site and a translator works in one file per language. A site theme may override
//! any key in its own `themes/NAME/i18n/LANG.toml`; keys it does not name keep the built-in
//! text. Both languages must end up with the same keys: a key missing in one is an error
//! naming the file and the key, because the page would otherwise show nothing there.
//!
//! Templates see the catalogue as `t` (nested as in the TOML file: `{{ t.layout.skip_link }}`)
//! and fill placeholders with the `fill` filter: `{{ t.listing.count | fill(n=12) }}`
//! replaces `{n}`; a text of the form `"{n} product | {n} products"` is a plural choice, the
//! first alternative for `n = 1`. Rust code reads the same catalogue through `Catalog::get`
//! and `Catalog::fill`.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde_json::Value;

use crate::base::diag::{Problem, Problems};
use crate::model::Lang;

/// The interface text of one language.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub lang: Lang,
    /// Dotted key (`layout.skip_link`) → text.
    flat: BTreeMap<String, String>,
}

impl Catalog {
    /// The text of `key`. Every key used in code is checked by a test against both built-in
    /// catalogues; should one still be missing, the key itself is shown rather than nothing.
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.flat.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text of `key`, when the catalogue has it.
    pub(crate) fn lookup(&self, key: &str) -> Option<&str> {
        self.flat.get(key).map(String::as_str)
    }

    /// The text of `key` with its `{name}` placeholders filled (see `fill`).
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        fill(self.get(key), args)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.flat.keys().map(String::as_str)
    }

    /// The catalogue as the nested map templates see as `t`.
    pub(crate) fn tree(&self) -> Value {
        let mut root = serde_json::Map::new();
        for (key, text) in &self.flat {
            let mut node = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    node.insert(part.to_string(), Value::String(text.clone()));
                } else {
                    let next = node
                        .entry(part.to_string())
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                    if !next.is_object() {
                        *next = Value::Object(serde_json::Map::new());
                    }
                    let Value::Object(m) = next else { break };
                    node = m;
                }
            }
        }
        Value::Object(root)
    }

    /// The texts whose keys start with `prefix` (e.g. `search_js.`), the prefix removed.
    pub(crate) fn section(&self, prefix: &str) -> BTreeMap<String, String> {
        self.flat
            .iter()
            .filter_map(|(k, v)| k.strip_prefix(prefix).map(|r| (r.to_string(), v.clone())))
            .collect()
    }
}

/// Replaces `{name}` by its value; when the text is a plural choice (`"a | b"`) and `n` is
/// given, picks the first alternative for `n = 1` and the last otherwise. One pass: a value
/// that itself contains `{name}` (a product called "Trà {n}") is written as it is.
pub(crate) fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write;
    let text = match text.split_once(" | ") {
        Some((one, other)) => {
            let n = args
                .iter()
                .find(|(k, _)| *k == "n")
                .map(|(_, v)| v.to_string());
            if n.as_deref() == Some("1") {
                one
            } else {
                other.rsplit(" | ").next().unwrap_or(other)
            }
        }
        None => text,
    };
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let (_, v) = args.iter().find(|(k, _)| *k == &after[..close])?;
            Some((v, close))
        });
        match arg {
            Some((v, close)) => {
                let _ = write!(out, "{v}");
                rest = &after[close + 1..];
            }
            // Not a placeholder of these arguments: kept as written.
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The built-in catalogue of a language (the default theme's, without site overrides), for
/// code that renders without a site theme.
pub fn builtin(lang: Lang) -> &'static Catalog {
    static CATALOGS: LazyLock<Vec<Catalog>> = LazyLock::new(|| {
        Lang::ALL
            .into_iter()
            .map(|lang| {
                let mut flat = BTreeMap::new();
                let mut problems = Problems::new();
                if let Some(text) = embedded_file(lang) {
                    flatten_text(text, Path::new("i18n"), &mut flat, &mut problems);
                }
                Catalog { lang, flat }
            })
            .collect()
    });
    &CATALOGS[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
}

fn embedded_file(lang: Lang) -> Option<&'static str> {
    crate::theme::embedded::DEFAULT_THEME
        .get_file(format!("i18n/{}.toml", lang.code()))
        .and_then(|f| f.contents_utf8())
}

fn flatten_text(text: &str, file: &Path, into: &mut BTreeMap<String, String>, out: &mut Problems) {
    match text.parse::<toml::Table>() {
        Ok(table) => flatten("", &table, file, into, out),
        Err(e) => out.push(
            Problem::error(file, format!("TOML syntax error: {}", e.message().trim()))
                .hint("translation files hold `key = \"text\"` lines under `[section]` headers"),
        ),
    }
}

fn flatten(
    prefix: &str,
    table: &toml::Table,
    file: &Path,
    into: &mut BTreeMap<String, String>,
    out: &mut Problems,
) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                into.insert(key, crate::base::vietnamese::nfc(s));
            }
            toml::Value::Table(t) => flatten(&key, t, file, into, out),
            _ => out.push(
                Problem::error(file, "a translation must be text")
                    .field(key)
                    .hint("write it in quotes, e.g. `key = \"Sản phẩm\"`"),
            ),
        }
    }
}

/// Loads the catalogues of `langs`: the built-in files with the site theme's overrides
/// (`site_theme/i18n/LANG.toml`) on top, key by key. Reports keys present in one language
/// and missing in another, and override keys the built-in theme does not know (a typo would
/// otherwise silently leave the built-in text).
pub(crate) fn load(
    site_theme: Option<&Path>,
    root: &Path,
    langs: &[Lang],
    out: &mut Problems,
) -> Vec<Catalog> {
    let mut catalogs = Vec::new();
    // Which file each key came from, for messages.
    let mut origin: Vec<BTreeMap<String, PathBuf>> = Vec::new();
    for &lang in langs {
        let builtin_name = PathBuf::from(format!(
            "(built-in default theme)/i18n/{}.toml",
            lang.code()
        ));
        let mut flat = BTreeMap::new();
        match embedded_file(lang) {
            Some(text) => flatten_text(text, &builtin_name, &mut flat, out),
            None => out.push(Problem::error(
                &builtin_name,
                "built-in translation file is missing",
            )),
        }
        let mut from: BTreeMap<String, PathBuf> = flat
            .keys()
            .map(|k| (k.clone(), builtin_name.clone()))
            .collect();
        if let Some(dir) = site_theme {
            let path = dir.join("i18n").join(format!("{}.toml", lang.code()));
            if path.is_file() {
                let rel = crate::base::diag::rel(root, &path);
                match crate::base::fsutil::read_to_string(&path) {
                    Ok(text) => {
                        let mut over = BTreeMap::new();
                        flatten_text(&text, &rel, &mut over, out);
                        for (k, v) in over {
                            if !flat.contains_key(&k)
                                && !builtin(Lang::DEFAULT).flat.contains_key(&k)
                            {
                                out.push(
                                    Problem::warning(&rel, format!("`{k}` is not a key of the built-in theme"))
                                        .field(k.clone())
                                        .hint(match crate::base::diag::did_you_mean(&k, builtin(Lang::DEFAULT).keys()) {
                                            Some(s) => format!("did you mean `{s}`? (a new key is fine if your own templates use it)"),
                                            None => "a new key is fine if your own templates use it".to_string(),
                                        }),
                                );
                            }
                            from.insert(k.clone(), rel.clone());
                            flat.insert(k, v);
                        }
                    }
                    Err(e) => out.push(Problem::error(&rel, e.source.to_string())),
                }
            }
        }
        catalogs.push(Catalog { lang, flat });
        origin.push(from);
    }
    // Every key must exist in every language.
    for (i, c) in catalogs.iter().enumerate() {
        for (j, other) in catalogs.iter().enumerate() {
            if i == j {
                continue;
            }
            for key in c.flat.keys() {
                if !other.flat.contains_key(key) {
                    let file = site_theme
                        .map(|d| {
                            crate::base::diag::rel(
                                root,
                                &d.join("i18n").join(format!("{}.toml", other.lang.code())),
                            )
                        })
                        .unwrap_or_else(|| {
                            PathBuf::from(format!("i18n/{}.toml", other.lang.code()))
                        });
                    out.push(
                        Problem::error(
                            file,
                            format!(
                                "translation `{key}` is missing in language `{}`",
                                other.lang.code()
                            ),
                        )
                        .field(key.clone())
                        .hint(format!(
                            "{} has it; add the {} text of `{key}`",
                            origin[i]
                                .get(key)
                                .map(|p| p.display().to_string())
                                .unwrap_or_default(),
                            other.lang.code()
                        )),
                    );
                }
            }
        }
    }
    catalogs
}

/// The template filter `fill`: `{{ t.x | fill(n=3, name=p.name) }}`.
pub(crate) fn register_filter(tera: &mut tera::Tera) {
    tera.register_filter(
        "fill",
        |text: &str, kwargs: tera::Kwargs, _: &tera::State| -> String {
            let pairs: Vec<(String, String)> = kwargs
                .iter()
                .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.to_string()))
                .collect();
            let args: Vec<(&str, &dyn Display)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v as &dyn Display))
                .collect();
            fill(text, &args)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_plurals_are_filled() {
        assert_eq!(fill("{n} sản phẩm", &[("n", &3)]), "3 sản phẩm");
        assert_eq!(
            fill("{n} product | {n} products", &[("n", &1)]),
            "1 product"
        );
        assert_eq!(
            fill("{n} product | {n} products", &[("n", &12)]),
            "12 products"
        );
        assert_eq!(
            fill("Trang {page} trên {total}", &[("page", &2), ("total", &5)]),
            "Trang 2 trên 5"
        );
        assert_eq!(fill("no placeholder", &[]), "no placeholder");
        assert_eq!(fill("{x} {n} {", &[("n", &2)]), "{x} 2 {");
    }

    /// A value is written as it is, even when it looks like a placeholder of another argument.
    #[test]
    fn values_that_look_like_placeholders_are_not_filled_again() {
        assert_eq!(
            fill("Xem {name} ({n})", &[("name", &"Trà {n}"), ("n", &4)]),
            "Xem Trà {n} (4)"
        );
    }

    #[test]
    fn builtin_catalogues_have_the_same_keys() {
        let vi: Vec<&str> = builtin(Lang::Vi).keys().collect();
        let en: Vec<&str> = builtin(Lang::En).keys().collect();
        assert!(!vi.is_empty());
        let only_vi: Vec<&&str> = vi.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<&&str> = en.iter().filter(|k| !vi.contains(k)).collect();
        assert!(only_vi.is_empty(), "keys missing in en.toml: {only_vi:?}");
        assert!(only_en.is_empty(), "keys missing in vi.toml: {only_en:?}");
        for c in [builtin(Lang::Vi), builtin(Lang::En)] {
            for k in c.keys() {
                assert!(
                    !c.get(k).trim().is_empty(),
                    "{}: `{k}` is empty",
                    c.lang.code()
                );
            }
        }
    }

    #[test]
    fn tree_nests_dotted_keys() {
        let t = builtin(Lang::En).tree();
        assert!(t["layout"]["skip_link"].is_string());
    }
}
