//! `search.js` as it is served: the lines that are only a comment, blank lines and the
//! indentation left out. The script is written to be read (about a fifth of it is comments)
//! but every search page fetches it before its first query, where each kilobyte counts (the
//! search benchmark's first-query target, README "Search against Pagefind"). Lines are kept
//! as lines, so no statement changes; only whole-line `//` comments and `/* … */` blocks
//! that start a line go, which a line inside a multi-line template literal never is in
//! this script (`tests/search_browser.rs` runs the served file in Chromium).

/// The served form of a script (`search.js`); text that is not UTF-8 is left as it is.
pub(crate) fn shrink(src: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(src) else {
        return src.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        if in_block {
            in_block = !t.ends_with("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_block = t.len() < 4 || !t.ends_with("*/");
            continue;
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::shrink;

    #[test]
    fn comment_lines_and_indentation_go_code_stays() {
        let src = "// A comment.\n/**\n * Docs.\n */\nconst a = 1; // kept\n\n  if (a) {\n    f(`x\n  y`);\n  }\n/* one line */\nconst url = 'http://x';\n";
        let out = String::from_utf8(shrink(src.as_bytes())).unwrap();
        assert_eq!(
            out,
            "const a = 1; // kept\nif (a) {\nf(`x\ny`);\n}\nconst url = 'http://x';\n"
        );
    }
}
