//! The figures of the statistics page and of its CSV, in the presenter's language: each
//! of `model::figures` as a titled table of rows (label, number, the listing it counts
//! when there is one) with its chart.
//!
//! The page and the CSV are made from the same [`figures`], so the numbers a buyer
//! downloads are the numbers the page shows.

use crate::model::figures::{ENDING_DAYS, Figures};
use crate::model::refdata::{self, ProvinceId};
use crate::model::*;
use crate::present::charts::{self, Bar};
use crate::present::urls::{self, path};
use crate::present::view::{FigureRow, FigureView};
use crate::present::{Presenter, group_short, producer_kind};

/// A number as shown in the presenter's language: `1.234` in Vietnamese, `1,234` in
/// English.
pub(crate) fn number(pr: &Presenter, n: u32) -> String {
    let digits = n.to_string();
    let sep = match pr.lang {
        Lang::Vi => '.',
        _ => ',',
    };
    let mut out = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A figure's rows before they are shown: label, number, page path (empty for none).
type Rows = Vec<(String, u32, String)>;

/// Every figure of the site, in the order the page shows them; figures of records the
/// site has none of (no fairs, no record with a pre-2025 province) are left out.
pub(crate) fn figures(pr: &Presenter, f: &Figures) -> Vec<FigureView> {
    let tr = pr.tr;
    let products = tr.get("stats.col_products");
    let mut out = vec![
        figure(pr, "theo-sao", "by_stars", products, true, star_rows(pr, f)),
        figure(
            pr,
            "theo-nhom",
            "by_group",
            products,
            true,
            group_rows(pr, f),
        ),
    ];
    if !f.by_legacy_group.is_empty() {
        let rows = f
            .by_legacy_group
            .iter()
            .map(|(name, n)| (name.clone(), *n, String::new()))
            .collect();
        let mut fig = figure(
            pr,
            "theo-nhom-1048",
            "by_legacy_group",
            products,
            false,
            rows,
        );
        fig.label_lang = pr.source_lang();
        out.push(fig);
    }
    out.push(figure(
        pr,
        "theo-tinh",
        "by_province",
        products,
        true,
        province_rows(&f.by_province, urls::province),
    ));
    if !f.by_former_province.is_empty() {
        let rows = f
            .by_former_province
            .iter()
            .map(|(name, n)| (name.clone(), *n, String::new()))
            .collect();
        let mut fig = figure(
            pr,
            "theo-tinh-cu",
            "by_former_province",
            products,
            false,
            rows,
        );
        fig.label_lang = pr.source_lang();
        out.push(fig);
    }
    out.extend(record_figures(pr, f));
    out
}

/// The figures by kind of producer, by year, of validity, and of sales points and fairs.
fn record_figures(pr: &Presenter, f: &Figures) -> Vec<FigureView> {
    let tr = pr.tr;
    let site = pr.site;
    let products = tr.get("stats.col_products");
    let mut out = Vec::new();
    let kind_rows = |v: &[(ProducerKind, u32)], url: fn(ProducerKind) -> String| -> Rows {
        v.iter()
            .map(|(k, n)| (producer_kind(tr, *k), *n, url(*k)))
            .collect()
    };
    out.push(figure(
        pr,
        "theo-loai-chu-the",
        "by_producer_kind",
        products,
        true,
        kind_rows(&f.by_producer_kind, urls::products_by_kind),
    ));
    out.push(figure(
        pr,
        "chu-the-theo-loai",
        "producers_by_kind",
        tr.get("stats.col_producers"),
        true,
        kind_rows(&f.producers_by_kind, urls::producers_by_kind),
    ));
    let years = |v: &[(i32, u32)]| -> Rows {
        v.iter()
            .map(|(y, n)| (y.to_string(), *n, String::new()))
            .collect()
    };
    let certificates = tr.get("stats.col_certificates");
    out.push(figure(
        pr,
        "chung-nhan-theo-nam",
        "certificates_by_year",
        certificates,
        true,
        years(&f.certificates_by_year),
    ));
    out.push(figure(
        pr,
        "nang-hang-theo-nam",
        "upgrades_by_year",
        tr.get("stats.col_upgrades"),
        true,
        years(&f.upgrades_by_year),
    ));
    out.push(figure(
        pr,
        "hieu-luc",
        "validity",
        certificates,
        true,
        validity_rows(pr, f),
    ));
    if !site.sales_points.is_empty() {
        out.push(figure(
            pr,
            "diem-ban-theo-tinh",
            "sales_points_by_province",
            tr.get("stats.col_sales_points"),
            true,
            province_rows(&f.sales_points_by_province, |_| String::new()),
        ));
    }
    if !site.fairs.is_empty() {
        out.push(figure(
            pr,
            "hoi-cho-theo-tinh",
            "fairs_by_province",
            tr.get("stats.col_fairs"),
            true,
            province_rows(&f.fairs_by_province, |_| String::new()),
        ));
    }
    out
}

/// One figure: its words are `stats.KEY` (title), `stats.KEY_note` and
/// `stats.KEY_label` (the heading of its first column) of the translations.
fn figure(
    pr: &Presenter,
    id: &str,
    key: &str,
    unit: &str,
    totalled: bool,
    rows: Rows,
) -> FigureView {
    let tr = pr.tr;
    let total: u32 = rows.iter().map(|r| r.1).sum();
    let rows: Vec<FigureRow> = rows
        .into_iter()
        .map(|(label, value, page)| FigureRow {
            shown: number(pr, value),
            url: if page.is_empty() {
                page
            } else {
                pr.urls.url(&page)
            },
            label,
            value,
        })
        .collect();
    let chart = charts::bars(
        &rows
            .iter()
            .map(|r| Bar {
                label: &r.label,
                value: r.value,
                shown: &r.shown,
            })
            .collect::<Vec<_>>(),
    );
    FigureView {
        id: id.to_string(),
        title: tr.get(&format!("stats.{key}")).to_string(),
        note: tr
            .fill(
                &format!("stats.{key}_note"),
                &[
                    ("days", &ENDING_DAYS),
                    ("date", &crate::present::date(pr.site.today)),
                ],
            )
            .to_string(),
        label_heading: tr.get(&format!("stats.{key}_label")).to_string(),
        value_heading: unit.to_string(),
        rows,
        label_lang: String::new(),
        total: if totalled {
            number(pr, total)
        } else {
            String::new()
        },
        chart,
    }
}

fn star_rows(pr: &Presenter, f: &Figures) -> Rows {
    (3..=5u8)
        .rev()
        .map(|n| {
            (
                pr.tr.fill("common.stars_short", &[("n", &n)]),
                f.by_stars[usize::from(n - 3)],
                urls::stars(n),
            )
        })
        .collect()
}

fn group_rows(pr: &Presenter, f: &Figures) -> Rows {
    f.by_group
        .iter()
        .map(|(g, n)| (group_short(pr.tr, *g), *n, urls::group(*g)))
        .collect()
}

/// Rows of provinces, most first, then by name.
fn province_rows(v: &[(ProvinceId, u32)], page: impl Fn(&str) -> String) -> Rows {
    let data = refdata::data();
    let mut rows: Vec<(String, u32, String)> = v
        .iter()
        .map(|(id, n)| {
            let p = data.province(*id);
            (p.short_name.clone(), *n, page(&p.slug))
        })
        .collect();
    rows.sort_by_cached_key(|r| (std::cmp::Reverse(r.1), crate::base::vietnamese::fold(&r.0)));
    rows
}

fn validity_rows(pr: &Presenter, f: &Figures) -> Rows {
    let tr = pr.tr;
    let v = f.validity;
    let expired_page = if pr.site.config.expired == ExpiredPolicy::List {
        path::EXPIRED.to_string()
    } else {
        String::new()
    };
    vec![
        (
            tr.fill("stats.valid_more", &[("days", &ENDING_DAYS)]),
            v.valid,
            String::new(),
        ),
        (
            tr.fill(
                "stats.ending_180",
                &[("days", &ENDING_DAYS), ("soon", &EXPIRING_DAYS)],
            ),
            v.ending_180,
            String::new(),
        ),
        (
            tr.fill("stats.ending_90", &[("days", &EXPIRING_DAYS)]),
            v.ending_90,
            String::new(),
        ),
        (tr.get("stats.expired").to_string(), v.expired, expired_page),
        (
            tr.get("stats.revoked").to_string(),
            v.revoked,
            String::new(),
        ),
    ]
}

/// The CSV of the figures: one row per row of each figure.
pub(crate) fn csv_rows(pr: &Presenter, figures: &[FigureView]) -> Vec<Vec<String>> {
    figures
        .iter()
        .flat_map(|fig| {
            fig.rows.iter().map(|r| {
                vec![
                    fig.id.clone(),
                    fig.title.clone(),
                    r.label.clone(),
                    r.value.to_string(),
                    if r.url.is_empty() {
                        String::new()
                    } else {
                        pr.urls.absolute_of_url(&r.url)
                    },
                ]
            })
        })
        .collect()
}
