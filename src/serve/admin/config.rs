//! The editor's configuration, made from the loader's own field definitions.
//!
//! Decap CMS draws its forms from a configuration (collections, fields, widgets). Writing
//! that by hand would drift from what `ocop` reads; here it is generated from
//! `load::schema`, the table the loader checks every key against, with the choices taken
//! from the reference data (groups, kinds, the 34 provinces, the communes of the site's
//! province) and the language of the interface asked for. Every record is a file
//! `content/SECTION/SLUG.md` to the editor (see `files`), its photos in
//! `content/SECTION/SLUG/`.

use serde_json::{Value, json};

use crate::load::Section;
use crate::load::schema::{self, Choices, Field, Kind};
use crate::model::refdata::{self, Group, ProvinceId};
use crate::model::{ProducerKind, SalesPointKind};

/// What the configuration depends on besides the schema.
pub(crate) struct Context<'a> {
    /// `"vi"` or `"en"`.
    pub lang: &'a str,
    /// The address of the site as served (`http://127.0.0.1:1111/`).
    pub site_url: &'a str,
    /// The address of the editor's API.
    pub api_url: &'a str,
    /// The site's province, whose communes are offered.
    pub province: Option<ProvinceId>,
}

/// The Decap CMS configuration.
pub(crate) fn config(cx: &Context) -> Value {
    let collections: Vec<Value> = Section::ALL
        .into_iter()
        .map(|s| collection(cx, s))
        .collect();
    json!({
        "backend": { "name": "proxy", "proxy_url": cx.api_url, "branch": "main" },
        "load_config_file": false,
        "locale": cx.lang,
        "site_url": cx.site_url,
        "display_url": cx.site_url,
        "publish_mode": "simple",
        // Photos belong to their record (see `files`); the shared folder is never written.
        "media_folder": "content",
        "public_folder": "",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    })
}

fn name_field(section: Section) -> &'static str {
    match section {
        Section::Stories | Section::Pages | Section::Plans => "title",
        _ => "name",
    }
}

fn collection(cx: &Context, section: Section) -> Value {
    let (plural, singular) = schema::section_label(section);
    let mut fields: Vec<Value> = schema::fields(section)
        .iter()
        .map(|f| field(cx, f))
        .collect();
    fields.push(json!({
        "name": "body",
        "label": body_label(section).get(cx.lang),
        "widget": "markdown",
        "required": false,
        "hint": if cx.lang == "en" {
            "The text of the page. The English text is written in a file of its own (see the content format)."
        } else {
            "Nội dung hiển thị trên trang (định dạng Markdown)."
        },
    }));
    let title = name_field(section);
    let slug = match section {
        // A plan's address is its year: /ke-hoach/2026/.
        Section::Plans => "{{fields.year}}".to_string(),
        _ => "{{slug}}".to_string(),
    };
    json!({
        "name": section.dir(),
        "label": plural.get(cx.lang),
        "label_singular": singular.get(cx.lang),
        "folder": format!("content/{}", section.dir()),
        "extension": "md",
        "format": "toml-frontmatter",
        "create": true,
        "delete": true,
        "slug": slug,
        "identifier_field": title,
        "summary": format!("{{{{{title}}}}}"),
        "sortable_fields": [title],
        "media_folder": "{{filename}}",
        "public_folder": "",
        "preview_path": format!("admin/xem/{}/{{{{slug}}}}", section.dir()),
        "editor": { "preview": false },
        "fields": fields,
    })
}

fn body_label(section: Section) -> schema::Text {
    match section {
        Section::Products => schema::Text {
            vi: "Giới thiệu sản phẩm",
            en: "Description",
        },
        Section::Producers | Section::SalesPoints | Section::Fairs => schema::Text {
            vi: "Giới thiệu",
            en: "Description",
        },
        Section::Stories | Section::Pages => schema::Text {
            vi: "Nội dung",
            en: "Text",
        },
        Section::Plans => schema::Text {
            vi: "Nội dung kế hoạch",
            en: "Text of the plan",
        },
    }
}

/// One field as a Decap widget.
fn field(cx: &Context, f: &Field) -> Value {
    let mut v = json!({
        "name": f.key,
        "label": f.label.get(cx.lang),
        "required": f.required,
    });
    let hint = f.hint.get(cx.lang);
    if !hint.is_empty() {
        v["hint"] = json!(hint);
    }
    let widget = widget(cx, f);
    if let (Value::Object(into), Value::Object(from)) = (&mut v, widget) {
        into.extend(from);
    }
    v
}

fn widget(cx: &Context, f: &Field) -> Value {
    match f.kind {
        Kind::Text => json!({ "widget": "string" }),
        Kind::LongText => json!({ "widget": "text" }),
        Kind::Url => json!({
            "widget": "string",
            "pattern": ["^https?://[^\\s]+$", msg(cx, "bắt đầu bằng https:// hoặc http://", "starts with https:// or http://")],
        }),
        Kind::Integer { min, max } => json!({
            "widget": "number", "value_type": "int", "min": min, "max": max, "step": 1,
        }),
        Kind::Integers { min, max } => json!({
            "widget": "list",
            "field": { "name": "value", "label": f.label.get(cx.lang), "widget": "number", "value_type": "int", "min": min, "max": max },
        }),
        Kind::Decimal { min, max } => json!({
            "widget": "number", "value_type": "float", "min": min, "max": max, "step": 0.000001,
        }),
        Kind::Date => json!({
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "DD/MM/YYYY",
            "time_format": false,
            "picker_utc": true,
            "default": "",
        }),
        Kind::Bool => json!({ "widget": "boolean", "default": false }),
        Kind::Choice(c) => choice(cx, c, false),
        Kind::ChoiceList(c) => choice(cx, c, true),
        Kind::Ref(s) => relation(s, false),
        Kind::Refs(s) => relation(s, true),
        Kind::Photo => json!({ "widget": "image", "choose_url": false }),
        Kind::Photos => json!({
            "widget": "list",
            "field": { "name": "photo", "label": msg(cx, "Ảnh", "Photo"), "widget": "image", "choose_url": false },
        }),
        Kind::Document => json!({ "widget": "file", "choose_url": true }),
        Kind::Words => json!({ "widget": "list" }),
        Kind::Table(sub) => json!({
            "widget": "object",
            "fields": sub.iter().map(|f| field(cx, f)).collect::<Vec<_>>(),
        }),
        Kind::Tables(sub) => {
            let mut v = json!({
                "widget": "list",
                "collapsed": false,
                "fields": sub.iter().map(|f| field(cx, f)).collect::<Vec<_>>(),
            });
            if let Some(summary) = list_summary(sub) {
                v["summary"] = json!(summary);
            }
            v
        }
    }
}

/// How an entry of a list of tables is shown folded: its first text fields.
fn list_summary(sub: &[Field]) -> Option<String> {
    let keys: Vec<String> = sub
        .iter()
        .filter(|f| {
            f.required
                && matches!(
                    f.kind,
                    Kind::Text | Kind::Integer { .. } | Kind::Date | Kind::Choice(_)
                )
        })
        .take(3)
        .map(|f| format!("{{{{fields.{}}}}}", f.key))
        .collect();
    (!keys.is_empty()).then(|| keys.join(" · "))
}

fn msg(cx: &Context, vi: &str, en: &str) -> String {
    if cx.lang == "en" { en } else { vi }.to_string()
}

fn relation(section: Section, multiple: bool) -> Value {
    let title = name_field(section);
    json!({
        "widget": "relation",
        "collection": section.dir(),
        "search_fields": [title],
        "display_fields": [title],
        "value_field": "{{slug}}",
        "multiple": multiple,
        "options_length": 50,
    })
}

fn choice(cx: &Context, c: Choices, multiple: bool) -> Value {
    let options = choices(cx, c);
    if options.is_empty() {
        // No list to choose from (communes of a site without a province): free text.
        return json!({ "widget": "string" });
    }
    json!({ "widget": "select", "options": options, "multiple": multiple })
}

fn option(label: &str, value: &str) -> Value {
    json!({ "label": label, "value": value })
}

/// The values of a list and how they are shown.
fn choices(cx: &Context, c: Choices) -> Vec<Value> {
    let en = cx.lang == "en";
    let data = refdata::data();
    match c {
        Choices::Group => Group::ALL
            .iter()
            .map(|g| {
                let label = if en { group_en(*g) } else { g.name_vi() };
                option(label, g.key())
            })
            .collect(),
        Choices::ProducerKind => ProducerKind::ALL
            .iter()
            .map(|k| {
                let label = if en { producer_kind_en(*k) } else { k.label() };
                option(label, k.key())
            })
            .collect(),
        Choices::SalesPointKind => SalesPointKind::ALL
            .iter()
            .map(|k| {
                let label = if en {
                    sales_point_kind_en(*k)
                } else {
                    k.label()
                };
                option(label, k.key())
            })
            .collect(),
        Choices::Province => data
            .provinces
            .iter()
            .map(|p| option(&p.name, &p.short_name))
            .collect(),
        Choices::Commune => cx
            .province
            .map(|p| {
                data.communes_of(p)
                    .into_iter()
                    .map(|c| option(c, c))
                    .collect()
            })
            .unwrap_or_default(),
        Choices::TargetKind => crate::model::year_plan::TargetKind::KEYS
            .iter()
            .map(|k| option(target_kind_label(k, en), k))
            .collect(),
    }
}

fn group_en(g: Group) -> &'static str {
    match g {
        Group::Food => "Food",
        Group::Beverages => "Beverages",
        Group::Herbal => "Herbal products",
        Group::Handicrafts => "Handicrafts",
        Group::Ornamentals => "Ornamental plants and animals",
        Group::Tourism => "Community and eco-tourism",
    }
}

fn producer_kind_en(k: ProducerKind) -> &'static str {
    match k {
        ProducerKind::Enterprise => "Enterprise",
        ProducerKind::Cooperative => "Cooperative (HTX)",
        ProducerKind::CooperativeGroup => "Cooperative group (THT)",
        ProducerKind::Household => "Household business",
    }
}

fn sales_point_kind_en(k: SalesPointKind) -> &'static str {
    match k {
        SalesPointKind::SalesPoint => "OCOP sales point",
        SalesPointKind::Centre => "OCOP introduction centre",
        SalesPointKind::Supermarket => "Supermarket",
        SalesPointKind::Shop => "Shop",
    }
}

fn target_kind_label(key: &str, en: bool) -> &'static str {
    match (key, en) {
        ("upgrade", false) => "Nâng hạng sao",
        ("upgrade", true) => "Star upgrades",
        ("new-products", false) => "Sản phẩm mới được công nhận",
        ("new-products", true) => "Newly certified products",
        ("new-producers", false) => "Chủ thể mới thành lập",
        ("new-producers", true) => "New producers",
        ("sales-points", false) => "Điểm bán mới",
        ("sales-points", true) => "New sales points",
        ("centres", false) => "Trung tâm giới thiệu mới",
        ("centres", true) => "New introduction centres",
        ("fairs", false) => "Hội chợ",
        ("fairs", true) => "Trade fairs",
        ("key-products", false) => "Sản phẩm chủ lực",
        ("key-products", true) => "Key products",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(lang: &'static str) -> Context<'static> {
        Context {
            lang,
            site_url: "http://127.0.0.1:1111/",
            api_url: "/admin/api/v1",
            province: refdata::data()
                .find_province("Tuyên Quang")
                .map(|m| match m {
                    refdata::ProvinceMatch::Current(p) | refdata::ProvinceMatch::Legacy(p) => p,
                }),
        }
    }

    /// Every key of a list of Decap fields, with the nested ones as `a.b`.
    fn keys(fields: &Value, prefix: &str, into: &mut Vec<String>) {
        for f in fields.as_array().into_iter().flatten() {
            let name = f["name"].as_str().unwrap_or_default();
            let path = format!("{prefix}{name}");
            if let Some(sub) = f.get("fields") {
                keys(sub, &format!("{path}."), into);
            }
            into.push(path);
        }
    }

    fn schema_keys(fields: &[Field], prefix: &str, into: &mut Vec<String>) {
        for f in fields {
            let path = format!("{prefix}{}", f.key);
            if let Kind::Table(sub) | Kind::Tables(sub) = f.kind {
                schema_keys(sub, &format!("{path}."), into);
            }
            into.push(path);
        }
    }

    #[test]
    fn every_field_the_loader_knows_is_in_the_editor() {
        for lang in ["vi", "en"] {
            let c = config(&cx(lang));
            for section in Section::ALL {
                let coll = c["collections"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|c| c["name"] == section.dir())
                    .unwrap_or_else(|| panic!("no collection for {section:?}"));
                let mut editor = Vec::new();
                keys(&coll["fields"], "", &mut editor);
                let mut loader = Vec::new();
                schema_keys(schema::fields(section), "", &mut loader);
                for k in &loader {
                    assert!(
                        editor.contains(k),
                        "{section:?}.{k} is read by the loader but missing from the editor"
                    );
                }
                editor.retain(|k| k != "body");
                for k in &editor {
                    assert!(
                        loader.contains(k),
                        "{section:?}.{k} is in the editor but the loader would refuse it"
                    );
                }
            }
        }
    }

    #[test]
    fn fields_carry_labels_choices_and_pickers() {
        let c = config(&cx("vi"));
        let products = &c["collections"][0];
        assert_eq!(products["folder"], "content/products");
        assert_eq!(products["format"], "toml-frontmatter");
        let field = |name: &str| {
            products["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == name)
                .cloned()
                .unwrap()
        };
        assert_eq!(field("name")["label"], "Tên sản phẩm");
        assert_eq!(field("name")["required"], true);
        assert_eq!(field("producer")["widget"], "relation");
        assert_eq!(field("producer")["collection"], "producers");
        assert_eq!(field("sold_at")["multiple"], true);
        assert_eq!(field("group")["widget"], "select");
        assert_eq!(field("group")["options"].as_array().unwrap().len(), 6);
        assert_eq!(field("province")["options"].as_array().unwrap().len(), 34);
        assert!(field("commune")["options"].as_array().unwrap().len() > 50);
        let certs = field("certificates");
        assert_eq!(certs["widget"], "list");
        let stars = certs["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "stars")
            .unwrap();
        assert_eq!(
            (stars["min"].as_i64(), stars["max"].as_i64()),
            (Some(1), Some(5))
        );
        let en = config(&cx("en"));
        assert_eq!(en["locale"], "en");
        assert_eq!(en["collections"][0]["label"], "Products");
    }
}
