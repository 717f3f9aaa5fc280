//! SVG files made safe to publish on the site's own origin.
//!
//! An SVG is a document, not a picture: opened from the site (a link to the photo, a logo in
//! `static/`) it runs the `<script>` inside it, its `onload` handlers and `javascript:` links
//! with the site's cookies and storage. Illustrations come from many hands (producers,
//! designers, files found on the web), so every SVG that reaches the output, in the build and
//! in `ocop serve`, goes through [`sanitise_svg`]: it is parsed as XML and written again with
//! only the elements and attributes of an allow-list (drawing, text, gradients, filters; the
//! shape of DOMPurify's SVG profile). Scripts, `foreignObject`, event handlers, links and
//! references to other documents, style sheets that load anything, animations that rewrite a
//! link and entity declarations (the "billion laughs") are removed or refused. A file that is
//! not well-formed XML, or whose root is not `<svg>`, is an error rather than a guess.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Elements kept (with their allowed attributes); any other element is removed with
/// everything inside it.
const ELEMENTS: &[&str] = &[
    "a",
    "animate",
    "animatemotion",
    "animatetransform",
    "circle",
    "clippath",
    "defs",
    "desc",
    "ellipse",
    "feblend",
    "fecolormatrix",
    "fecomponenttransfer",
    "fecomposite",
    "feconvolvematrix",
    "fediffuselighting",
    "fedisplacementmap",
    "fedistantlight",
    "fedropshadow",
    "feflood",
    "fefunca",
    "fefuncb",
    "fefuncg",
    "fefuncr",
    "fegaussianblur",
    "feimage",
    "femerge",
    "femergenode",
    "femorphology",
    "feoffset",
    "fepointlight",
    "fespecularlighting",
    "fespotlight",
    "fetile",
    "feturbulence",
    "filter",
    "g",
    "image",
    "line",
    "lineargradient",
    "marker",
    "mask",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialgradient",
    "rect",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textpath",
    "title",
    "tspan",
    "use",
    "view",
];

/// Attributes kept (compared without case); `on*` handlers are never among them.
const ATTRIBUTES: &[&str] = &[
    "accumulate",
    "additive",
    "alignment-baseline",
    "amplitude",
    "aria-hidden",
    "aria-label",
    "attributename",
    "attributetype",
    "azimuth",
    "basefrequency",
    "baseline-shift",
    "baseprofile",
    "begin",
    "bias",
    "by",
    "calcmode",
    "class",
    "clip",
    "clip-path",
    "clip-rule",
    "clippathunits",
    "color",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "cx",
    "cy",
    "d",
    "diffuseconstant",
    "direction",
    "display",
    "divisor",
    "dominant-baseline",
    "dur",
    "dx",
    "dy",
    "edgemode",
    "elevation",
    "enable-background",
    "end",
    "exponent",
    "fill",
    "fill-opacity",
    "fill-rule",
    "filter",
    "filterunits",
    "flood-color",
    "flood-opacity",
    "focusable",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-stretch",
    "font-style",
    "font-variant",
    "font-weight",
    "fr",
    "from",
    "fx",
    "fy",
    "gradienttransform",
    "gradientunits",
    "height",
    "href",
    "id",
    "image-rendering",
    "in",
    "in2",
    "intercept",
    "isolation",
    "k",
    "k1",
    "k2",
    "k3",
    "k4",
    "kernelmatrix",
    "kernelunitlength",
    "keypoints",
    "keysplines",
    "keytimes",
    "lang",
    "lengthadjust",
    "letter-spacing",
    "lighting-color",
    "limitingconeangle",
    "marker-end",
    "marker-mid",
    "marker-start",
    "markerheight",
    "markerunits",
    "markerwidth",
    "mask",
    "mask-type",
    "maskcontentunits",
    "maskunits",
    "max",
    "method",
    "min",
    "mix-blend-mode",
    "mode",
    "numoctaves",
    "offset",
    "opacity",
    "operator",
    "order",
    "orient",
    "overflow",
    "paint-order",
    "path",
    "pathlength",
    "patterncontentunits",
    "patterntransform",
    "patternunits",
    "points",
    "pointsatx",
    "pointsaty",
    "pointsatz",
    "preservealpha",
    "preserveaspectratio",
    "primitiveunits",
    "r",
    "radius",
    "refx",
    "refy",
    "repeatcount",
    "repeatdur",
    "restart",
    "result",
    "role",
    "rotate",
    "rx",
    "ry",
    "scale",
    "seed",
    "shape-rendering",
    "slope",
    "spacing",
    "specularconstant",
    "specularexponent",
    "spreadmethod",
    "startoffset",
    "stddeviation",
    "stitchtiles",
    "stop-color",
    "stop-opacity",
    "stroke",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-opacity",
    "stroke-width",
    "style",
    "surfacescale",
    "systemlanguage",
    "tablevalues",
    "targetx",
    "targety",
    "text-anchor",
    "text-decoration",
    "text-rendering",
    "textlength",
    "to",
    "transform",
    "transform-origin",
    "type",
    "values",
    "vector-effect",
    "version",
    "viewbox",
    "visibility",
    "width",
    "word-spacing",
    "writing-mode",
    "x",
    "x1",
    "x2",
    "xchannelselector",
    "xlink:href",
    "xlink:title",
    "xml:lang",
    "xml:space",
    "xmlns",
    "xmlns:xlink",
    "y",
    "y1",
    "y2",
    "ychannelselector",
    "z",
    "zoomandpan",
];

/// Whether a file is published through [`sanitise_svg`] (by its extension, in any case).
pub fn is_svg(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// The SVG file at `path` as it is safe to publish (read, then [`sanitise_svg`]).
pub(crate) fn read_sanitised(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the SVG: {e}"))?;
    sanitise_svg(&bytes)
}

/// The SVG as it is safe to publish: only allowed elements and attributes, no script, no
/// reference outside the file. An error says why the file cannot be read as SVG.
pub fn sanitise_svg(input: &[u8]) -> Result<Vec<u8>, String> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(input).map_err(|e| {
        format!(
            "the SVG is not UTF-8 text (byte {} cannot be read)",
            e.valid_up_to()
        )
    })?;
    let mut s = Sanitiser::default();
    let mut reader = Reader::from_str(text);
    loop {
        let event = reader.read_event().map_err(|e| {
            let pos = crate::base::diag::pos_of(text, reader.error_position() as usize);
            format!("the SVG is not well-formed XML at line {}: {e}", pos.line)
        })?;
        if matches!(event, Event::Eof) {
            break;
        }
        s.event(event)?;
    }
    if !s.seen_root {
        return Err("the file has no <svg> element".into());
    }
    Ok(s.out.into_bytes())
}

#[derive(Default)]
struct Sanitiser {
    out: String,
    /// Depth inside an element being removed with its content (0: not removing).
    skip: usize,
    seen_root: bool,
    /// The text of a `<style>` element, checked whole at its end.
    style: Option<String>,
}

impl Sanitiser {
    fn event(&mut self, event: Event) -> Result<(), String> {
        match event {
            Event::Start(e) => self.start(&e, false)?,
            Event::Empty(e) => self.start(&e, true)?,
            Event::End(e) => self.end(e.name().as_ref()),
            Event::Text(t) => self.text(&t.into_inner(), false),
            Event::CData(t) => self.text(&t.into_inner(), true),
            Event::GeneralRef(r) => {
                if self.skip == 0 {
                    let c = entity(&r.into_inner())?;
                    self.text(&c.to_string(), true);
                }
            }
            Event::DocType(d) => {
                if d.into_inner().to_ascii_uppercase().contains("<!ENTITY") {
                    return Err(
                        "the SVG declares entities in its DOCTYPE, which could expand \
                                without end; save it again as plain SVG"
                            .into(),
                    );
                }
            }
            // Declarations, comments and processing instructions are left out.
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::Eof => {}
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart, empty: bool) -> Result<(), String> {
        let name = e.name().as_ref().to_string();
        if !self.seen_root {
            if name != "svg" {
                return Err(format!("the root element is <{name}>, not <svg>"));
            }
            self.seen_root = true;
        }
        // Nothing but text belongs inside a style sheet.
        if self.skip > 0 || self.style.is_some() || !element_allowed(&name) || rewrites_a_link(e) {
            if !empty {
                self.skip += 1;
            }
            return Ok(());
        }
        self.out.push('<');
        self.out.push_str(&name);
        self.attributes(e, &name)?;
        if empty {
            self.out.push_str("/>");
        } else {
            self.out.push('>');
            if name.eq_ignore_ascii_case("style") {
                self.style = Some(String::new());
            }
        }
        Ok(())
    }

    fn attributes(&mut self, e: &BytesStart, element: &str) -> Result<(), String> {
        for a in e.attributes() {
            let a =
                a.map_err(|err| format!("an attribute of <{element}> cannot be read: {err}"))?;
            let key = a.key.as_ref();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| format!("attribute `{key}` of <{element}>: {err}"))?;
            if attribute_allowed(element, key, &value) {
                self.out.push(' ');
                self.out.push_str(key);
                self.out.push_str("=\"");
                push_escaped(&mut self.out, &value, true);
                self.out.push('"');
            }
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        if name.eq_ignore_ascii_case("style")
            && let Some(css) = self.style.take()
            && css_is_safe(&css)
        {
            push_escaped(&mut self.out, &css, false);
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Text (`raw`: already unescaped, from CDATA or a reference; else as written in the
    /// file, where `&` only starts references, which come as their own events).
    fn text(&mut self, t: &str, raw: bool) {
        if self.skip > 0 {
            return;
        }
        if let Some(css) = &mut self.style {
            css.push_str(t);
        } else if raw {
            push_escaped(&mut self.out, t, false);
        } else {
            self.out.push_str(t);
        }
    }
}

/// The character of an entity reference: a character reference or one of XML's five.
fn entity(name: &str) -> Result<char, String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        return code
            .and_then(char::from_u32)
            .filter(|&c| c != '\0')
            .ok_or_else(|| format!("`&{name};` is not a character"));
    }
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        _ => Err(format!(
            "the SVG uses the entity `&{name};`, which SVG files on the site may not define"
        )),
    }
}

fn element_allowed(name: &str) -> bool {
    ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

/// Whether an animation would change a link or a handler (`<animate attributeName="href"
/// to="javascript:…">`, `<set>` is not allowed at all).
fn rewrites_a_link(e: &BytesStart) -> bool {
    let name = e.name().as_ref().to_ascii_lowercase();
    if !name.starts_with("animate") {
        return false;
    }
    for a in e.attributes().flatten() {
        if a.key.as_ref().eq_ignore_ascii_case("attributeName") {
            let v = a.value.trim().to_ascii_lowercase();
            let local = v.rsplit(':').next().unwrap_or(&v);
            return local == "href" || local.starts_with("on") || local == "style";
        }
    }
    false
}

/// Whether an attribute is kept: on the allow-list, its links inside the file, its style
/// loading nothing.
fn attribute_allowed(element: &str, key: &str, value: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    if !ATTRIBUTES.contains(&lower.as_str()) {
        return false;
    }
    match lower.as_str() {
        "xmlns" => value == SVG_NS,
        "xmlns:xlink" => value == XLINK_NS,
        "href" | "xlink:href" => link_allowed(element, value),
        _ => css_is_safe(value) && !is_script_url(value),
    }
}

/// A link inside the file (`#id`), or a raster picture embedded in an `<image>`.
fn link_allowed(element: &str, value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if v.starts_with('#') {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    (element.eq_ignore_ascii_case("image") || element.eq_ignore_ascii_case("feimage"))
        && ["png", "jpeg", "gif", "webp"]
            .iter()
            .any(|t| lower.starts_with(&format!("data:image/{t};base64,")))
}

fn is_script_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    squeezed.contains("javascript:") || squeezed.contains("vbscript:")
}

/// Style text (a `<style>` sheet or an attribute) that loads nothing and runs nothing:
/// `url()` only to `#id`, no `@import`, no `expression()`, no escapes to hide them.
fn css_is_safe(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    if lower.contains('\\')
        || [
            "@import",
            "expression",
            "javascript:",
            "behavior",
            "-moz-binding",
            "image-set",
        ]
        .iter()
        .any(|w| lower.contains(w))
    {
        return false;
    }
    lower.match_indices("url(").all(|(i, _)| {
        lower[i + 4..]
            .trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .starts_with('#')
    })
}

/// `s` escaped for XML text or (with `attribute`) a double-quoted attribute value.
fn push_escaped(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' | '\t' | '\r' if attribute => out.push_str(&format!("&#{};", c as u32)),
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
}

/// The error of an SVG that cannot be published, naming its file.
pub(crate) fn svg_problem(
    site_root: &std::path::Path,
    file: &std::path::Path,
    why: String,
) -> crate::base::diag::Problem {
    crate::base::diag::Problem::error(
        crate::base::diag::rel(site_root, file),
        format!("SVG cannot be published: {why}"),
    )
    .hint("open it in a drawing program (Inkscape: Save As, Plain SVG) and save it again, or use a PNG or JPEG")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> String {
        String::from_utf8(sanitise_svg(svg.as_bytes()).expect(svg)).expect("utf-8")
    }

    fn wrap(inner: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\">{inner}</svg>"
        )
    }

    #[test]
    fn plain_drawing_is_kept_as_it_was() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\"><defs><path id=\"l\" d=\"M0 0C20-18 50-18 70 0Z\"/></defs><rect width=\"64\" height=\"64\" rx=\"14\" fill=\"#2f6b3a\"/><use href=\"#l\" transform=\"translate(1 2)\" opacity=\".3\"/><text x=\"1\">Chè &amp; mật</text></svg>";
        assert_eq!(clean(svg), svg);
    }

    #[test]
    fn known_svg_attack_vectors_are_removed() {
        for inner in [
            "<script>alert(1)</script>",
            "<script><![CDATA[alert(1)]]></script>",
            "<script xlink:href=\"https://evil.example/x.js\"/>",
            "<g onload=\"alert(1)\"/>",
            "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>",
            "<a href=\" JaVaScRiPt:alert(1)\"><text>x</text></a>",
            "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></body></foreignObject>",
            "<a><animate attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a>",
            "<a><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a>",
            "<use href=\"https://evil.example/x.svg#a\"/>",
            "<use xlink:href=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+#a\"/>",
            "<image href=\"https://evil.example/track.png\"/>",
            "<style>@import url(https://evil.example/x.css);</style>",
            "<style>rect { fill: url(https://evil.example/x) }</style>",
            "<rect style=\"fill: url(https://evil.example/x)\"/>",
            "<rect fill=\"url('https://evil.example/x')\"/>",
            "<style>rect { background: u\\72l(https://evil.example/) }</style>",
            "<iframe src=\"https://evil.example/\"/>",
            "<handler xmlns:ev=\"http://www.w3.org/2001/xml-events\" ev:event=\"load\">alert(1)</handler>",
            "<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">alert(1)</svg:script>",
            "<a xmlns:x=\"http://www.w3.org/1999/xlink\" x:href=\"javascript:alert(1)\"><text>x</text></a>",
            "<g xmlns=\"http://www.w3.org/1999/xhtml\"><rect/></g>",
        ] {
            let out = clean(&wrap(inner)).to_ascii_lowercase();
            for bad in [
                "script",
                "onload",
                "javascript",
                "evil",
                "foreignobject",
                "iframe",
                "handler",
                "@import",
                "xhtml",
                "data:image/svg",
            ] {
                assert!(!out.contains(bad), "{inner} -> {out}");
            }
        }
    }

    #[test]
    fn internal_links_gradients_and_embedded_rasters_are_kept() {
        let inner = "<linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient><rect fill=\"url(#g)\" style=\"stroke: url( '#g' )\"/><use xlink:href=\"#g\"/><image href=\"data:image/png;base64,iVBORw0KGgo=\"/><style>rect { fill: url(#g) }</style>";
        assert_eq!(clean(&wrap(inner)), wrap(inner));
    }

    #[test]
    fn entity_declarations_and_expansion_are_refused() {
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
        let e = sanitise_svg(laughs.as_bytes()).unwrap_err();
        assert!(e.contains("entities"), "{e}");
        let external = "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>";
        assert!(sanitise_svg(external.as_bytes()).is_err());
        let undeclared = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>";
        assert!(sanitise_svg(undeclared.as_bytes()).is_err());
        // The usual DOCTYPE without declarations is only left out.
        let doctype = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        assert_eq!(
            clean(doctype),
            "\n<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"
        );
    }

    #[test]
    fn files_that_are_not_svg_are_errors() {
        for (bad, says) in [
            ("<html><script>alert(1)</script></html>", "root element"),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
                "line 1",
            ),
            ("just text", "no <svg>"),
            ("", "no <svg>"),
        ] {
            let e = sanitise_svg(bad.as_bytes()).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
        assert!(
            sanitise_svg(b"<svg>\xff</svg>")
                .unwrap_err()
                .contains("UTF-8")
        );
    }
}
