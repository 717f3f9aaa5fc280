//! The schema against the loader: every listed key is read, every read key is listed,
//! required flags match, labels and hints are there in both languages.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use super::site::*;
use super::*;
use crate::base::diag::{Pos, Problems};

/// Every list of fields: the sections', site.toml's, and the tables within them.
fn every_list() -> Vec<(String, &'static [Field])> {
    fn walk(name: String, fields: &'static [Field], into: &mut Vec<(String, &'static [Field])>) {
        for f in fields {
            if let Kind::Table(sub) | Kind::Tables(sub) = f.kind {
                walk(format!("{name}.{}", f.key), sub, into);
            }
        }
        into.push((name, fields));
    }
    let mut lists = Vec::new();
    for section in Section::ALL {
        walk(section.dir().to_string(), fields(section), &mut lists);
    }
    walk("site.toml".into(), SITE, &mut lists);
    lists
}

/// A value of the right type for a field of `kind`.
fn sample(kind: &Kind) -> String {
    match kind {
        Kind::Text | Kind::LongText | Kind::Choice(_) | Kind::Ref(_) | Kind::Photo => {
            "\"x\"".into()
        }
        Kind::Url => "\"https://example.vn/\"".into(),
        Kind::Document => "\"https://example.vn/qd.pdf\"".into(),
        Kind::Integer { min, .. } => min.to_string(),
        Kind::Integers { min, .. } => format!("[{min}]"),
        Kind::Decimal { min, max } => format!("{:?}", (min + max) / 2.0),
        Kind::Date => "2024-05-20".into(),
        Kind::Bool => "false".into(),
        Kind::ChoiceList(_) | Kind::Refs(_) | Kind::Photos | Kind::Words => "[\"x\"]".into(),
        Kind::Table(_) | Kind::Tables(_) => unreachable!("tables are written as sections"),
    }
}

/// TOML with every key of `fields`, and of their tables, set.
fn every_key(fields: &[Field]) -> String {
    let mut text = String::new();
    let values = |fields: &[Field], text: &mut String| {
        for f in fields {
            if !matches!(f.kind, Kind::Table(_) | Kind::Tables(_)) {
                writeln!(text, "{} = {}", f.key, sample(&f.kind)).unwrap();
            }
        }
    };
    values(fields, &mut text);
    for f in fields {
        let sub = match f.kind {
            Kind::Table(sub) => {
                writeln!(text, "[{}]", f.key).unwrap();
                sub
            }
            Kind::Tables(sub) => {
                writeln!(text, "[[{}]]", f.key).unwrap();
                sub
            }
            _ => continue,
        };
        assert!(
            sub.iter()
                .all(|f| !matches!(f.kind, Kind::Table(_) | Kind::Tables(_))),
            "tables within tables are not written here"
        );
        values(sub, &mut text);
    }
    text
}

fn parse(section: Section, front_matter: &str) -> Problems {
    let mut out = Problems::new();
    let text = format!("+++\n{front_matter}+++\nBody.\n");
    crate::load::parse_record(Path::new("x.md"), section, "x", text.into_bytes(), &mut out);
    out
}

fn shown(out: &Problems) -> Vec<String> {
    out.iter()
        .map(|p| format!("{:?}: {}", p.field, p.message))
        .collect()
}

/// A site folder with `site.toml`, read by the loader.
fn load_site_toml(text: &str) -> Problems {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), text).unwrap();
    let mut out = Problems::new();
    crate::load::load_config(dir.path(), &mut out);
    out
}

#[test]
fn every_field_of_the_schema_is_read_by_the_loader() {
    for section in Section::ALL {
        let out = parse(section, &every_key(fields(section)));
        // Not only no unknown field: no wrong type either (a kind the loader reads as
        // another type would be refused), and no required field missing.
        assert!(
            out.iter().next().is_none(),
            "{section:?}: {:#?}",
            shown(&out)
        );
    }
    let out = load_site_toml(&every_key(SITE));
    assert!(out.iter().next().is_none(), "site.toml: {:#?}", shown(&out));
}

#[test]
fn a_field_the_loader_reads_must_be_in_the_schema() {
    if !cfg!(debug_assertions) {
        return; // the check is a debug assertion
    }
    use crate::load::fields::{Fields, Source, line_starts, parse_toml};
    const SPECS_WITHOUT_X: &[Field] = &[f("barcode", Kind::Text, Text::NONE, Text::NONE)];
    const ONLY_NAME: &[Field] = &[
        f("name", Kind::Text, Text::NONE, Text::NONE),
        f(
            "specs",
            Kind::Table(SPECS_WITHOUT_X),
            Text::NONE,
            Text::NONE,
        ),
    ];
    /// The message of the panic of reading `text` with `read`.
    fn panic_of(read: fn(&mut Fields, &mut Problems)) -> String {
        let text = "name = \"a\"\nx = \"b\"\n[specs]\nx = \"c\"\n";
        let result = std::panic::catch_unwind(|| {
            let starts = line_starts(text);
            let src = Source {
                file: Path::new("x.md"),
                text,
                first_line: 2,
                line_starts: &starts,
            };
            let mut out = Problems::new();
            let table = parse_toml(src, text, "", &mut out).unwrap();
            let pos = Pos { line: 1, column: 1 };
            let mut fields = Fields::new(src, table, "", pos, ONLY_NAME);
            read(&mut fields, &mut out);
        });
        let e = result.expect_err("reading a key the schema lacks must panic");
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap()
    }
    let m = panic_of(|f, out| {
        f.string(out, "name");
        f.string(out, "x");
    });
    assert_eq!(
        m,
        "`x` is read by the loader but is not in src/load/schema.rs: add it there so the editor shows it"
    );
    let m = panic_of(|f, _| {
        f.has("x");
    });
    assert!(m.starts_with("`x` is read by the loader"), "{m}");
    let m = panic_of(|f, out| {
        let mut specs = f.table(out, "specs").unwrap();
        specs.string(out, "x");
    });
    assert!(m.starts_with("`specs.x` is read by the loader"), "{m}");
    let m = panic_of(|f, out| {
        f.integer(out, "name");
    });
    assert!(
        m.starts_with(
            "`name` is read by the loader as Integer but src/load/schema.rs gives it another kind"
        ),
        "{m}"
    );
}

/// The fields of `out` that are "required field is missing", below `prefix`.
fn missing(out: &Problems, prefix: &str) -> BTreeSet<String> {
    out.iter()
        .filter(|p| p.message == "required field is missing")
        .filter_map(|p| p.field.as_deref()?.strip_prefix(prefix))
        .filter(|k| !k.contains(['.', '[']))
        .map(str::to_string)
        .collect()
}

fn required(fields: &[Field]) -> BTreeSet<String> {
    fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.to_string())
        .collect()
}

#[test]
fn required_fields_match_the_loader() {
    for section in Section::ALL {
        let mut want = required(fields(section));
        if section == Section::Products {
            // A product without certificates is reported by `resolve` (it names no
            // field that `load` reads as missing), but the editor must ask for one.
            assert!(want.remove("certificates"));
        }
        let out = parse(section, "");
        assert_eq!(missing(&out, ""), want, "{section:?}");
        for f in fields(section) {
            let (Kind::Table(sub) | Kind::Tables(sub)) = f.kind else {
                continue;
            };
            let (header, prefix) = match f.kind {
                Kind::Table(_) => (format!("[{}]", f.key), format!("{}.", f.key)),
                _ => (format!("[[{}]]", f.key), format!("{}[0].", f.key)),
            };
            let mut want = required(sub);
            if f.key == "targets" {
                // Required unless the target names key products (below).
                want.insert("count".into());
            }
            let out = parse(section, &format!("{header}\n"));
            assert_eq!(missing(&out, &prefix), want, "{section:?} {header}");
        }
    }
    let out = parse(Section::Plans, "[[targets]]\nproducts = [\"x\"]\n");
    assert_eq!(missing(&out, "targets[0]."), required(TARGET));

    let out = load_site_toml("[[sources]]\n");
    assert_eq!(missing(&out, ""), required(SITE));
    assert_eq!(missing(&out, "sources[0]."), required(SOURCE));
}

#[test]
fn every_field_has_a_label_and_a_short_hint_in_both_languages() {
    for (list, fields) in every_list() {
        for f in fields {
            let at = format!("{list}.{}", f.key);
            assert!(!f.label.vi.trim().is_empty(), "{at}: no Vietnamese label");
            assert!(!f.label.en.trim().is_empty(), "{at}: no English label");
            assert_eq!(
                f.hint.vi.is_empty(),
                f.hint.en.is_empty(),
                "{at}: a hint in one language only"
            );
            for hint in [f.hint.vi, f.hint.en] {
                assert!(
                    hint.chars().count() <= 140,
                    "{at}: the hint is longer than 140 characters: {hint}"
                );
            }
        }
    }
}

#[test]
fn no_key_is_listed_twice() {
    for (list, fields) in every_list() {
        let mut seen = BTreeSet::new();
        for f in fields {
            assert!(seen.insert(f.key), "{list}: `{}` is listed twice", f.key);
        }
    }
}

#[test]
fn each_english_field_follows_its_vietnamese_one() {
    for (list, fields) in every_list() {
        if list.starts_with("site.toml") {
            continue; // kept in the order of its "known fields" hints
        }
        for pair in fields.windows(2) {
            if let Some(base) = pair[1].key.strip_suffix("_en") {
                assert_eq!(pair[0].key, base, "{list}: `{}` out of place", pair[1].key);
            }
        }
        if let Some(first) = fields.first() {
            assert!(!first.key.ends_with("_en"), "{list}: `{}` first", first.key);
        }
    }
}

#[test]
fn the_english_fields_are_those_docs_list() {
    let english = |s: Section| crate::load::record::english_fields(s).collect::<Vec<_>>();
    assert_eq!(
        english(Section::Products),
        ["name_en", "summary_en", "unit_en"]
    );
    assert_eq!(english(Section::Producers), ["name_en"]);
    assert_eq!(english(Section::SalesPoints), ["name_en", "hours_en"]);
    assert_eq!(english(Section::Fairs), ["name_en", "venue_en"]);
    for s in [Section::Stories, Section::Pages, Section::Plans] {
        assert_eq!(english(s), ["title_en", "summary_en"]);
    }
}

#[test]
fn the_barcode_example_is_a_valid_gtin() {
    let barcode = find(SPECS, "barcode").unwrap();
    for hint in [barcode.hint.vi, barcode.hint.en] {
        let example = hint.rsplit(' ').next().unwrap();
        assert!(crate::model::Gtin::parse(example).is_ok(), "{example}");
    }
}
