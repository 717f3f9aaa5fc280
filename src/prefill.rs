//! Interface text written into each language's templates before any page is rendered.
//!
//! Templates show interface text as `{{ t.product.where_to_buy }}`: a lookup, through three
//! maps, of a text that is the same on every page of a language. The template interpreter
//! spends about a thousand instructions on each, and a product page has fifty: a twentieth
//! of a build. Since each language has its own compiled template set anyway, its texts are
//! written into the template sources once, escaped as the interpreter would have escaped
//! them, and the pages render what they rendered before.
//!
//! Only what is certain is written in: the plain `{{ t.KEY }}` form (no filter, no
//! whitespace control), in templates the interpreter escapes (`.html`, `.xml`), for keys the
//! catalogue has, with text that holds no template syntax and no line break (so the line
//! numbers of later template errors stay true). Nothing is written in at all when a
//! template could give `t` another meaning (a loop, `set` or argument named `t`), or holds
//! a `raw` block, which must print its text as written.

use std::borrow::Cow;

use crate::i18n::Catalog;

/// The bodies of the `{% … %}` tags of a template.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    source.split("{%").skip(1).map(|rest| rest.split("%}").next().unwrap_or(rest))
}

/// Whether the text can safely be written in: `t` keeps its meaning in every template.
/// A tag that names `t` other than as `t.` (say `{% for t in tags %}`) could rebind it, also
/// for the partials it includes, so then no template is filled; a `raw` block likewise.
pub fn can_prefill<'a>(sources: impl IntoIterator<Item = &'a str>) -> bool {
    sources.into_iter().all(|s| {
        tags(s).all(|tag| {
            let body = tag.trim_matches(|ch: char| ch == '-' || ch.is_whitespace());
            !body.starts_with("raw") && !names_t_alone(body)
        })
    })
}

/// Whether `t` appears in `tag` as a name of its own, not followed by `.`.
fn names_t_alone(tag: &str) -> bool {
    let b = tag.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    (0..b.len()).any(|i| {
        b[i] == b't'
            && (i == 0 || !(word(b[i - 1]) || b[i - 1] == b'.'))
            && (i + 1 == b.len() || !(word(b[i + 1]) || b[i + 1] == b'.'))
    })
}

/// `source` of the template `name` with each plain use of an interface text replaced by
/// that text, escaped. Templates the interpreter does not escape are left as they are.
pub fn prefill<'a>(name: &str, source: &'a str, catalog: &Catalog) -> Cow<'a, str> {
    const OPEN: &str = "{{ t.";
    const CLOSE: &str = " }}";
    if !(name.ends_with(".html") || name.ends_with(".xml")) || !source.contains(OPEN) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let key_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(after.len());
        let key = &after[..key_len];
        let text = after[key_len..]
            .starts_with(CLOSE)
            .then(|| catalog.lookup(key))
            .flatten()
            .and_then(escaped);
        match text {
            Some(text) => {
                out.push_str(&rest[..at]);
                out.push_str(&text);
                rest = &after[key_len + CLOSE.len()..];
            }
            None => {
                out.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `text` escaped as the interpreter escapes HTML, unless it would read as template syntax
/// or move later lines.
fn escaped(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len() + 8);
    tera::escape_html(text, &mut bytes).ok()?;
    let e = String::from_utf8(bytes).ok()?;
    (!["{{", "{%", "{#", "\n", "\r"].iter().any(|m| e.contains(m))).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn vi() -> &'static Catalog {
        crate::i18n::builtin(Lang::Vi)
    }

    #[test]
    fn plain_uses_are_written_in_escaped_and_others_left_to_the_interpreter() {
        let c = vi();
        let key = "product.where_to_buy";
        let text = c.lookup(key).unwrap().to_string();
        let src = "<a>{{ t.product.where_to_buy }}</a>{{- t.product.where_to_buy }}\
                   {{ t.product.where_to_buy | upper }}{{ t.no.such_key }}";
        let out = prefill("x.html", src, c);
        let mut esc = Vec::new();
        tera::escape_html(&text, &mut esc).unwrap();
        let esc = String::from_utf8(esc).unwrap();
        assert_eq!(
            out,
            format!(
                "<a>{esc}</a>{{{{- t.product.where_to_buy }}}}\
                 {{{{ t.product.where_to_buy | upper }}}}{{{{ t.no.such_key }}}}"
            )
        );
        // Not escaped by the interpreter, so not written in either.
        assert_eq!(prefill("x.txt", src, c), src);
    }

    #[test]
    fn a_template_that_could_rebind_t_or_has_a_raw_block_stops_the_prefill() {
        assert!(can_prefill([
            "{% if t.a.b %}{{ t.a.b }}{% endif %}{% for tag in tags %}{{ tag }}{% endfor %}"
        ]));
        assert!(!can_prefill([
            "{% for t in tags %}{{ t.name }}{% endfor %}"
        ]));
        assert!(!can_prefill(["ok", "{%- set t = 1 -%}"]));
        assert!(!can_prefill(["{% for k, t in map %}{% endfor %}"]));
        assert!(!can_prefill(["{% raw %}{{ t.a.b }}{% endraw %}"]));
    }
}
