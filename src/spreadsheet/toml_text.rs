//! Front matter written as TOML text, line by line, in the order the record gives: the
//! layout of docs/content-format.md, one key a line, and the keys kept from a record's file
//! written back as they were (tables inline).

use chrono::NaiveDate;

/// Writes front matter line by line.
#[derive(Default)]
pub(super) struct Toml {
    out: String,
}

impl Toml {
    pub(super) fn line(&mut self, s: String) {
        self.out.push_str(&s);
        self.out.push('\n');
    }

    pub(super) fn header(&mut self, h: &str) {
        self.out.push('\n');
        self.line(h.to_string());
    }

    pub(super) fn text(&mut self, key: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.line(format!("{key} = {}", quote(v)));
        }
    }

    pub(super) fn int(&mut self, key: &str, v: Option<i64>) {
        if let Some(v) = v {
            self.line(format!("{key} = {v}"));
        }
    }

    pub(super) fn date(&mut self, key: &str, v: Option<NaiveDate>) {
        if let Some(v) = v {
            self.line(format!("{key} = {}", v.format("%Y-%m-%d")));
        }
    }

    pub(super) fn list(&mut self, key: &str, v: &[String]) {
        if !v.is_empty() {
            let items: Vec<String> = v.iter().map(|s| quote(s)).collect();
            self.line(format!("{key} = [{}]", items.join(", ")));
        }
    }

    /// Keys kept from the record as they were, in their order.
    pub(super) fn extra(&mut self, extra: &toml::Table) {
        for (k, v) in extra {
            self.line(format!("{} = {}", key(k), value(v)));
        }
    }

    pub(super) fn finish(self, body: &str) -> String {
        format!("+++\n{}+++\n{body}", self.out)
    }
}

/// A TOML key: bare when it may be, else quoted.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_string() } else { quote(k) }
}

/// A TOML value on one line (tables inline).
fn value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => quote(s),
        toml::Value::Array(a) => {
            let items: Vec<String> = a.iter().map(value).collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::Table(t) => {
            let items: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), value(v)))
                .collect();
            if items.is_empty() {
                "{}".to_string()
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
        toml::Value::Float(f) if f.is_nan() => "nan".to_string(),
        toml::Value::Float(f) if f.is_infinite() => {
            if *f > 0.0 { "inf" } else { "-inf" }.to_string()
        }
        toml::Value::Float(f) => format!("{f:?}"),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
    }
}

/// A TOML basic string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
