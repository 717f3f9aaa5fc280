//! The site address (`base_url`): checked to be a plain `http(s)://` address that can be
//! printed in every page, feed and sitemap, and chosen between the command line and
//! site.toml. Apart from the other settings because its checks are the longest and
//! [`check_base_url`] is public on its own.

use crate::base::diag::{Problem, Problems};
use crate::load;

/// Characters a site address may not contain anywhere: they would break out of the quoted
/// attributes, feeds and sitemaps the address is printed in, or are not allowed in a URL.
const NOT_IN_ADDRESS: &[char] = &['"', '\'', '<', '>', '`', '\\', '{', '}', '|', '^'];

/// Why `v` is not a usable site address, or the address with its trailing `/`: `http(s)://`,
/// a host, an optional port and path; no user name or password, query, fragment, spaces,
/// quotes or angle brackets (every page, feed and sitemap prints it).
pub(crate) fn check_base_url(v: &str) -> Result<String, String> {
    let v = v.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|s| v.strip_prefix(s))
        .ok_or("it must start with https:// (or http://)")?;
    if let Some(c) = v
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || NOT_IN_ADDRESS.contains(c))
    {
        return Err(format!("it contains {}", shown_char(c)));
    }
    if v.contains('?') || v.contains('#') {
        return Err(
            "it has a query (`?...`) or fragment (`#...`); the site's address has neither".into(),
        );
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err("it contains a user name or password (`...@`); never publish those".into());
    }
    let (host, port) = split_port(authority);
    let host_ok = if let Some(ip6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        ip6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && !host.starts_with(['.', '-'])
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
    };
    if !host_ok {
        return Err(format!("`{authority}` is not a host name"));
    }
    if let Some(p) = port
        && !p.parse::<u16>().is_ok_and(|n| n > 0)
    {
        return Err(format!("`{p}` is not a port number (1 to 65535)"));
    }
    Ok(if v.ends_with('/') {
        v.to_string()
    } else {
        format!("{v}/")
    })
}

/// A character as a message shows it (`a space`, `"`).
fn shown_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_whitespace() || c.is_control() => {
            format!("the control character U+{:04X}", c as u32)
        }
        c => format!("`{c}`"),
    }
}

/// `host:port` → (host, Some(port)); `[::1]:80` → (`[::1]`, Some(80)).
fn split_port(authority: &str) -> (&str, Option<&str>) {
    let host_end = if authority.starts_with('[') {
        authority.find(']').map_or(authority.len(), |i| i + 1)
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let (host, tail) = authority.split_at(host_end);
    (host, tail.strip_prefix(':'))
}

/// The site's address: `--base-url` when given, else `base_url` of site.toml; each is
/// checked where it was written. Nothing is said about a missing one when site.toml could not
/// be read (that error is reported already).
pub(super) fn resolve_base_url(
    c: &load::RawConfig,
    cli: Option<&str>,
    out: &mut Problems,
) -> String {
    const EXAMPLE: &str = "`base_url = \"https://ocop.example.gov.vn/\"`";
    let fallback = || "http://localhost/".to_string();
    let configured = c
        .base_url
        .as_ref()
        .and_then(|b| match check_base_url(&b.value) {
            Ok(u) => Some(u),
            Err(why) => {
                out.push(
                    Problem::error(
                        "site.toml",
                        format!(
                            "base_url `{}` is not a usable web address: {why}",
                            b.value.trim()
                        ),
                    )
                    .at(b.pos)
                    .field("base_url")
                    .hint(format!(
                        "write where the site will be published, e.g. {EXAMPLE}"
                    )),
                );
                None
            }
        });
    if let Some(v) = cli {
        return check_base_url(v).unwrap_or_else(|why| {
            out.push(
                Problem::error("(command line)", format!("--base-url `{}` is not a usable web address: {why}", v.trim()))
                    .field("--base-url")
                    .hint("pass where the site will be published, e.g. `--base-url https://ocop.example.gov.vn/`"),
            );
            fallback()
        });
    }
    match (configured, &c.base_url) {
        (Some(u), _) => u,
        (None, Some(_)) => fallback(),
        (None, None) => {
            if !c.unreadable {
                out.push(
                    Problem::error("site.toml", "required field is missing")
                        .field("base_url")
                        .hint(format!("add {EXAMPLE} (or pass --base-url)")),
                );
            }
            fallback()
        }
    }
}
