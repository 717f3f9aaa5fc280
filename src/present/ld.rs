//! schema.org JSON-LD of the pages, and the escaping that makes JSON safe inside `<script>`.
//!
//! Search engines and link previews read a page's record from this JSON rather than from its
//! HTML; every page kind that describes one thing (a product, a producer, a store, a fair, an
//! article, a collection) gets it from here, so the vocabulary stays in one place. Product
//! pages, the most numerous, use typed records; the rarer kinds build JSON maps.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::json;

use crate::model::{self, Fair, Producer, SalesPoint, Story};
use crate::present::view::{FairView, ProducerCard, ProductView, SalesPointCard};
use crate::present::{Presenter, group_name, iso};

/// Makes JSON safe to place inside a `<script>` element: no `<`, `>` or `&` survive
/// literally, so no text can close the element or open a comment.
pub(crate) fn script_json(v: &impl serde::Serialize) -> String {
    // Neither a `Value` nor the typed JSON-LD can fail to serialise (their keys are text).
    let json = serde_json::to_string(v).unwrap_or_default();
    // Nearly always none of them: the text as it is, without three passes of replacing.
    if !json.bytes().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 32);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

// The schema.org JSON-LD of product pages as typed records, fields in alphabetical order
// ("@" first), the order the JSON maps they replaced wrote them in; a product page no
// longer builds a map of maps to print it.

pub(crate) const CONTEXT: &str = "https://schema.org";

#[derive(Serialize)]
pub(crate) struct Product<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub brand: Named<'a>,
    pub category: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin12: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin13: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin14: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin8: Option<&'a str>,
    #[serde(rename = "hasCertification")]
    pub has_certification: Certification<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image: Vec<String>,
    pub manufacturer: Manufacturer<'a>,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offers: Option<Offer>,
    pub url: String,
}

/// A brand, or an organisation known by its name only.
#[derive(Serialize)]
pub(crate) struct Named<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: Cow<'a, str>,
}

#[derive(Serialize)]
pub(crate) struct Manufacturer<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub(crate) struct Certification<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "certificationIdentification")]
    pub identification: &'a str,
    #[serde(rename = "certificationRating")]
    pub rating: Rating,
    #[serde(rename = "certificationStatus")]
    pub status: &'static str,
    pub expires: String,
    #[serde(rename = "issuedBy")]
    pub issued_by: Named<'a>,
    pub name: String,
    #[serde(rename = "validFrom")]
    pub valid_from: String,
}

#[derive(Serialize)]
pub(crate) struct Rating {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "bestRating")]
    pub best: u8,
    #[serde(rename = "ratingValue")]
    pub value: u8,
    #[serde(rename = "worstRating")]
    pub worst: u8,
}

#[derive(Serialize)]
pub(crate) struct Offer {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub price: u64,
    #[serde(rename = "priceCurrency")]
    pub currency: &'static str,
    pub url: String,
}

/// The JSON-LD of a product page.
pub(crate) fn product<'a>(
    pr: &Presenter,
    p: &'a model::Product,
    view: &'a ProductView,
) -> Product<'a> {
    let cert = p.current();
    // A merged product's own page is on its province's site (the page's canonical).
    let url = match &p.common.origin {
        Some(o) => o.page.clone(),
        None => pr.urls.absolute_of_url(&view.url),
    };
    let gtin = p.specs.barcode.as_ref().map(|g| g.as_str());
    let gtin_of = |len: usize| gtin.filter(|g| g.len() == len);
    Product {
        context: CONTEXT,
        kind: "Product",
        brand: Named {
            kind: "Brand",
            name: Cow::Borrowed(&view.producer.name),
        },
        category: group_name(pr.tr, p.group),
        description: (!view.summary.is_empty()).then_some(view.summary.as_str()),
        gtin12: gtin_of(12),
        gtin13: gtin_of(13),
        gtin14: gtin_of(14),
        gtin8: gtin_of(8),
        has_certification: Certification {
            kind: "Certification",
            identification: &cert.decision,
            rating: Rating {
                kind: "Rating",
                best: 5,
                value: cert.stars.get(),
                worst: 1,
            },
            status: if p.status(pr.site.today).is_valid() {
                "https://schema.org/CertificationActive"
            } else {
                "https://schema.org/CertificationInactive"
            },
            expires: iso(cert.valid_until),
            issued_by: Named {
                kind: "Organization",
                name: match &cert.issuer {
                    Some(i) => Cow::Borrowed(i),
                    None => Cow::Owned(pr.tr.get("product.issued_by_default").into()),
                },
            },
            name: pr
                .tr
                .fill("product.certificate_name", &[("n", &cert.stars.get())]),
            valid_from: iso(cert.issued),
        },
        image: view
            .photos
            .iter()
            .map(|i| pr.urls.absolute_of_url(&i.url))
            .collect(),
        manufacturer: Manufacturer {
            kind: "Organization",
            name: &view.producer.name,
            url: pr.urls.absolute_of_url(&view.producer.url),
        },
        name: &view.name,
        offers: p.price.map(|price| Offer {
            kind: "Offer",
            price,
            currency: "VND",
            url: url.clone(),
        }),
        url,
    }
}

fn address(street: Option<&str>, commune: Option<&str>, province: &str) -> serde_json::Value {
    json!({
        "@type": "PostalAddress",
        "streetAddress": street,
        "addressLocality": commune,
        "addressRegion": province,
        "addressCountry": "VN",
    })
}

/// The JSON-LD of a producer's page.
pub(crate) fn organization(pr: &Presenter, p: &Producer, card: &ProducerCard) -> serde_json::Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": card.name,
        "url": pr.urls.absolute_of_url(&card.url),
        "address": address(p.address.as_deref(), p.commune.as_deref(), &card.province),
    });
    if let Some(o) = ld.as_object_mut() {
        if let Some(t) = &p.phone {
            o.insert("telephone".into(), json!(t));
        }
        if let Some(e) = &p.email {
            o.insert("email".into(), json!(e));
        }
        if let Some(y) = p.founded {
            o.insert("foundingDate".into(), json!(y.to_string()));
        }
        if let Some(t) = &p.tax_code {
            o.insert("taxID".into(), json!(t));
        }
        let same: Vec<&String> = p.website.iter().chain(p.facebook.iter()).collect();
        if !same.is_empty() {
            o.insert("sameAs".into(), json!(same));
        }
    }
    ld
}

/// The JSON-LD of a sales point's page.
pub(crate) fn store(pr: &Presenter, s: &SalesPoint, card: &SalesPointCard) -> serde_json::Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Store",
        "name": card.name,
        "url": pr.urls.absolute_of_url(&card.url),
        "address": address(Some(&s.address), s.commune.as_deref(), &card.province),
    });
    if let Some(o) = ld.as_object_mut() {
        if let Some(t) = &s.phone {
            o.insert("telephone".into(), json!(t));
        }
        if let Some((lat, lon)) = s.location {
            o.insert(
                "geo".into(),
                json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}),
            );
        }
    }
    ld
}

/// The JSON-LD of a fair's page.
pub(crate) fn event(pr: &Presenter, f: &Fair, view: &FairView) -> serde_json::Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": view.card.name,
        "url": pr.urls.absolute_of_url(&view.card.url),
        "startDate": iso(f.starts),
        "endDate": iso(f.ends),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": f.venue, "address": address(f.address.as_deref(), None, &view.card.province)},
    });
    if let Some((lat, lon)) = f.location
        && let Some(place) = ld.get_mut("location").and_then(|l| l.as_object_mut())
    {
        place.insert(
            "geo".into(),
            json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}),
        );
    }
    if let Some(o) = ld.as_object_mut()
        && let Some(org) = &f.organizer
    {
        o.insert(
            "organizer".into(),
            json!({"@type": "Organization", "name": org}),
        );
    }
    ld
}

/// The JSON-LD of the home page.
pub(crate) fn website(pr: &Presenter, site_title: &str) -> serde_json::Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_title,
        "url": pr.urls.absolute(""),
        "inLanguage": pr.lang.code(),
    })
}

/// The JSON-LD of a page of a paginated collection (a listing or the directory).
pub(crate) fn collection_page(pr: &Presenter, heading: &str, page_path: &str) -> serde_json::Value {
    json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": heading,
        "url": pr.urls.absolute(page_path),
    })
}

/// The JSON-LD of a story's page, in the language of its body.
pub(crate) fn article(
    pr: &Presenter,
    s: &Story,
    title: &str,
    body_lang: &str,
    page_path: &str,
) -> serde_json::Value {
    json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "datePublished": iso(s.date),
        "author": s.author.as_ref().map(|a| json!({"@type": "Person", "name": a})),
        "url": pr.urls.absolute(page_path),
        "inLanguage": if body_lang.is_empty() { pr.lang.code() } else { body_lang },
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_json_escapes_what_could_close_the_script_and_keeps_the_rest() {
        let v = serde_json::json!({"name": "Mật ong </script><!-- & \"x\"", "n": 1});
        let out = super::script_json(&v);
        assert!(!out.contains(['<', '>', '&']), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(back, v);
        let plain = serde_json::json!({"name": "Mật ong"});
        assert_eq!(super::script_json(&plain), plain.to_string());
    }
}
