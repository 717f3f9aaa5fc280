//! Interface text and site facts written into each language's templates before any page is
//! rendered.
//!
//! Templates show interface text as `{{ t.product.where_to_buy }}` and site facts as
//! `{{ site.title }}`: lookups, through up to three maps, of a text that is the same on every
//! page of a language. The template interpreter spends about a thousand instructions on
//! each, and a product page has sixty: a twentieth of a build. Since each language has its
//! own compiled template set anyway, those texts are written into the template sources
//! once, escaped as the interpreter would have escaped them, and the pages render what they
//! rendered before.
//!
//! Only what is certain is written in: the plain `{{ t.KEY }}` / `{{ site.KEY }}` form (no
//! filter, no whitespace control), in templates the interpreter escapes (`.html`, `.xml`),
//! for keys that hold text, with text that holds no template syntax and no line break (so
//! the line numbers of later template errors stay true). Nothing is written in at all when
//! a template could give `t` or `site` another meaning (a loop, `set` or argument of that
//! name), or holds a `raw` block, which must print its text as written.

use std::borrow::Cow;

/// The global names whose plain uses are written in.
pub(crate) const NAMES: [&str; 2] = ["t", "site"];

/// The bodies of the `{% … %}` tags of a template.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    source
        .split("{%")
        .skip(1)
        .map(|rest| rest.split("%}").next().unwrap_or(rest))
}

/// Whether texts can safely be written in: `t` and `site` keep their meaning in every
/// template. A tag that names one other than as `t.` (say `{% for t in tags %}`) could
/// rebind it, also for the partials it includes, so then no template is filled; a `raw`
/// block likewise.
pub(crate) fn can_prefill<'a>(sources: impl IntoIterator<Item = &'a str>) -> bool {
    sources.into_iter().all(|s| {
        tags(s).all(|tag| {
            let body = tag.trim_matches(|ch: char| ch == '-' || ch.is_whitespace());
            !body.starts_with("raw") && !NAMES.iter().any(|n| names_alone(body, n))
        })
    })
}

/// Whether `name` appears in `tag` as a name of its own, not followed by `.`.
fn names_alone(tag: &str, name: &str) -> bool {
    let b = tag.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    tag.match_indices(name).any(|(i, _)| {
        let end = i + name.len();
        (i == 0 || !(word(b[i - 1]) || b[i - 1] == b'.'))
            && (end == b.len() || !(word(b[end]) || b[end] == b'.'))
    })
}

/// `source` of the template `name` with each plain use of a global text replaced by that
/// text, escaped. `text(name, key)` is the text of `name.key` (`name` one of [`NAMES`]), if
/// it is one. Templates the interpreter does not escape are left as they are.
pub(crate) fn prefill<'a>(
    name: &str,
    source: &'a str,
    text: &dyn Fn(&str, &str) -> Option<String>,
) -> Cow<'a, str> {
    const OPEN: &str = "{{ ";
    const CLOSE: &str = " }}";
    if !(name.ends_with(".html") || name.ends_with(".xml")) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let path_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(after.len());
        let path = &after[..path_len];
        let filled = after[path_len..]
            .starts_with(CLOSE)
            .then(|| path.split_once('.'))
            .flatten()
            .filter(|(global, _)| NAMES.contains(global))
            .and_then(|(global, key)| text(global, key))
            .and_then(|t| escaped(&t));
        match filled {
            Some(t) => {
                out.push_str(&rest[..at]);
                out.push_str(&t);
                rest = &after[path_len + CLOSE.len()..];
            }
            None => {
                out.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if out == source {
        return Cow::Borrowed(source);
    }
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
    use crate::model::Lang;

    fn text(global: &str, key: &str) -> Option<String> {
        match global {
            "t" => crate::theme::i18n::builtin(Lang::Vi)
                .lookup(key)
                .map(str::to_string),
            "site" => (key == "title").then(|| "Mật ong & chè".to_string()),
            _ => None,
        }
    }

    #[test]
    fn plain_uses_are_written_in_escaped_and_others_left_to_the_interpreter() {
        let wtb = text("t", "product.where_to_buy").unwrap();
        let src = "<a>{{ t.product.where_to_buy }}</a>{{- t.product.where_to_buy }}\
                   {{ t.product.where_to_buy | upper }}{{ t.no.such_key }}\
                   <b>{{ site.title }}</b>{{ site.links.home }}{{ page.title }}";
        let out = prefill("x.html", src, &text);
        assert_eq!(
            out,
            format!(
                "<a>{wtb}</a>{{{{- t.product.where_to_buy }}}}\
                 {{{{ t.product.where_to_buy | upper }}}}{{{{ t.no.such_key }}}}\
                 <b>Mật ong &amp; chè</b>{{{{ site.links.home }}}}{{{{ page.title }}}}"
            )
        );
        // Not escaped by the interpreter, so not written in either.
        assert_eq!(prefill("x.txt", src, &text), src);
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
        assert!(!can_prefill(["{% set site = other %}"]));
        assert!(can_prefill([
            "{% if site.logo %}{% set website = 1 %}{% endif %}"
        ]));
    }
}
