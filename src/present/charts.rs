//! Bar charts drawn at build time as inline SVG: no script, no external service, a few
//! hundred bytes a bar.
//!
//! A chart is one row per item: its label and number on one line, the bar under it. Bar
//! widths are percentages of the chart's width and text keeps the page's font size, so one
//! drawing fits a 360-pixel phone and a desktop column without scaling its text. The chart
//! is a picture of the figure's data table, which the page shows beside it (the table is
//! what screen readers read, so the drawing is `aria-hidden`).

use std::fmt::Write;

use crate::base::xml::escape;

/// The height of one row: a line of text and the bar under it, in pixels.
const ROW: u32 = 40;
/// Where the bar of a row starts below the row's top, and its thickness.
const BAR_TOP: u32 = 24;
const BAR: u32 = 12;

/// One bar: its label and its value, with the value as shown ("1.234").
pub(crate) struct Bar<'a> {
    pub label: &'a str,
    pub value: u32,
    pub shown: &'a str,
}

/// The SVG of a horizontal bar chart of `bars`, the longest bar the width of the chart;
/// empty when there is nothing to draw.
pub(crate) fn bars(bars: &[Bar]) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len() as u32;
    let mut s = String::with_capacity(120 + bars.len() * 220);
    let _ = write!(
        s,
        r#"<svg class="chart" width="100%" height="{height}" aria-hidden="true" focusable="false">"#
    );
    for (i, b) in bars.iter().enumerate() {
        let top = ROW * i as u32;
        let text_y = top + 17;
        // Thousandths of the width, so a bar of 1 among 20,000 still shows as a sliver.
        let width = if b.value == 0 {
            0
        } else {
            (u64::from(b.value) * 1000 / u64::from(max)).max(4)
        };
        let _ = write!(
            s,
            r#"<text x="0" y="{text_y}">{}</text><text class="chart-value" x="100%" y="{text_y}" text-anchor="end">{}</text><rect class="chart-track" x="0" y="{}" width="100%" height="{BAR}" rx="3"/>"#,
            escape(b.label),
            escape(b.shown),
            top + BAR_TOP,
        );
        if width > 0 {
            let _ = write!(
                s,
                r#"<rect class="chart-bar" x="0" y="{}" width="{}.{}%" height="{BAR}" rx="3"/>"#,
                top + BAR_TOP,
                width / 10,
                width % 10
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_shares_of_the_longest_and_text_is_escaped() {
        let svg = bars(&[
            Bar {
                label: "Thực phẩm",
                value: 197,
                shown: "197",
            },
            Bar {
                label: "<b>Đồ uống</b>",
                value: 25,
                shown: "25",
            },
            Bar {
                label: "Sinh vật cảnh",
                value: 0,
                shown: "0",
            },
        ]);
        assert!(svg.contains(r#"width="100.0%""#), "{svg}");
        // 25 / 197 = 12.7 %
        assert!(svg.contains(r#"width="12.6%""#), "{svg}");
        assert!(svg.contains("&lt;b&gt;Đồ uống"), "{svg}");
        assert_eq!(svg.matches("chart-bar").count(), 2, "no bar for zero");
        assert!(svg.contains(r#"height="120""#));
        assert!(bars(&[]).is_empty());
    }
}
