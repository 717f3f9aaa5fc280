//! The views of the statistics page and of the yearly plans (`statistics.html`,
//! `plans.html`, `plan.html`): part of the theme contract of `docs/themes.md`, as the rest
//! of `view`.

use serde::Serialize;

use super::{DataFile, Link};

/// `statistics.html`: the key `stats`. The catalogue's figures, each a chart and its
/// table (`model::figures` counts them).
#[derive(Debug, Clone, Serialize)]
pub struct StatisticsView {
    /// What the figures count and on which day.
    pub lead: String,
    /// A few figures in large type: certified products, five-star products, producers,
    /// sales points, fairs.
    pub headline: Vec<Headline>,
    pub figures: Vec<FigureView>,
    /// The figures as a CSV file, with headings in the page's language.
    pub csv: DataFile,
    /// The yearly plans, newest first.
    pub plans: Vec<Link>,
    pub plans_url: String,
}

/// A figure in large type, linking to what it counts.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// The number as shown ("1.234").
    pub value: String,
    pub label: String,
    pub url: String,
}

/// One figure: a chart (inline SVG, `chart`, to print with `| safe`) and its data table.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    /// The anchor of the figure on the page (`theo-sao`).
    pub id: String,
    pub title: String,
    /// What is counted, in a sentence; may be empty.
    pub note: String,
    /// Headings of the table's two columns.
    pub label_heading: String,
    pub value_heading: String,
    pub rows: Vec<FigureRow>,
    /// `"vi"` when the rows' labels are Vietnamese record text on a page of another language
    /// (1048 group names, pre-2025 provinces).
    pub label_lang: String,
    /// The total, as shown; empty when the rows do not add up to a whole.
    pub total: String,
    /// The chart: trusted SVG made by `present::charts`.
    pub chart: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    pub label: String,
    pub value: u32,
    /// The value as shown ("1.234").
    pub shown: String,
    /// The page listing what is counted; empty when there is none.
    pub url: String,
}

/// `plans.html`: the key `plans`. Every yearly plan, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct PlansView {
    pub plans: Vec<PlanCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanCard {
    pub title: String,
    pub title_lang: String,
    pub url: String,
    pub year: i32,
    /// `upcoming`, `running` or `finished`.
    pub time: String,
    pub time_label: String,
    /// Targets met, of `targets`.
    pub met: usize,
    pub targets: usize,
    /// "4 of 7 targets met".
    pub met_label: String,
}

/// `plan.html`: the key `plan`. One yearly plan, each target with the number the
/// catalogue shows and the records behind it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub title: String,
    pub title_lang: String,
    pub year: i32,
    pub decision: String,
    /// Display date of the decision; empty when unknown.
    pub issued: String,
    pub issuer: String,
    /// `"vi"` on pages of another language: the decision and issuer are never translated.
    pub source_lang: String,
    pub summary: String,
    pub summary_lang: String,
    /// Rendered, sanitised HTML of the plan's body.
    pub body: String,
    pub body_lang: String,
    /// `upcoming`, `running` or `finished`.
    pub time: String,
    /// "Đang thực hiện: số liệu tính đến 22/11/2026".
    pub time_label: String,
    pub met: usize,
    pub met_label: String,
    pub targets: Vec<TargetView>,
    /// The targets and results as a CSV file, for the office's own report.
    pub csv: DataFile,
    pub plans_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// The anchor of the target's records (`muc-tieu-1`).
    pub id: String,
    /// The plan's words for the target, or a title made from its kind.
    pub label: String,
    pub label_lang: String,
    /// What is counted, in a sentence ("Sản phẩm có quyết định công nhận trong năm 2026
    /// nâng hạng từ 3 lên 4 sao").
    pub rule: String,
    pub target: u32,
    pub actual: u32,
    /// `met`, `in-progress` or `missed`.
    pub state: String,
    pub state_label: String,
    /// The actual as a share of the target, 0 to 100.
    pub percent: u32,
    /// The records counted, linked to their pages where they have one; at most 50, the
    /// rest are in the plan's CSV.
    pub records: Vec<Link>,
    /// How many records counted are not in `records`.
    pub more: usize,
}
