//! iCalendar files of the trade fairs: one per fair and one of every fair not yet over, so a
//! buyer adds a fair to a phone's calendar in one tap. Lines are escaped and folded as RFC 5545
//! asks.

use crate::model::Fair;
use crate::model::refdata;
use crate::present::Presenter;
use crate::present::urls;

pub(crate) fn host_of(base_url: &str) -> String {
    base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url)
        .split('/')
        .next()
        .unwrap_or("ocop")
        .to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub(crate) fn ics_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
pub(crate) fn ics_fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

pub(crate) fn calendar(pr: &Presenter, host: &str, fairs: &[&Fair]) -> String {
    let site = pr.site;
    let mut s = String::new();
    let mut line = |l: String| s.push_str(&ics_fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//ocop//{}//VI",
        ics_escape(&site.config.title)
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!(
        "X-WR-CALNAME:{}",
        ics_escape(&format!("Hội chợ OCOP – {}", site.config.title))
    ));
    let stamp = format!("{}T000000Z", site.today.format("%Y%m%d"));
    for f in fairs {
        let province = &refdata::data().province(f.province).name;
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}@{}", f.common.slug, host));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", f.starts.format("%Y%m%d")));
        // All-day events end on the day after the last day.
        let end = f.ends.succ_opt().unwrap_or(f.ends);
        line(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        line(format!("SUMMARY:{}", ics_escape(&f.name)));
        let place = crate::present::full_address(f.address.as_deref(), None, province);
        line(format!(
            "LOCATION:{}",
            ics_escape(&format!("{}, {place}", f.venue))
        ));
        if let Some((lat, lon)) = f.location {
            line(format!("GEO:{lat:.6};{lon:.6}"));
        }
        let mut desc = String::new();
        if let Some(o) = &f.organizer {
            desc.push_str(&format!("Đơn vị tổ chức: {o}\n"));
        }
        desc.push_str(&format!(
            "{} chủ thể, {} sản phẩm OCOP tham gia.",
            f.producers.len(),
            f.products.len()
        ));
        line(format!("DESCRIPTION:{}", ics_escape(&desc)));
        line(format!(
            "URL:{}",
            pr.urls.absolute(&urls::fair(&f.common.slug))
        ));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ics_text_is_escaped() {
        assert_eq!(
            ics_escape("Hội chợ; Tết, 2027\\x\nb"),
            "Hội chợ\\; Tết\\, 2027\\\\x\\nb"
        );
    }
    #[test]
    fn ics_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "Hội chợ OCOP ".repeat(10));
        let folded = ics_fold(&line);
        for l in folded.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.strip_suffix("\r\n"), Some(line.as_str()));
    }
}
