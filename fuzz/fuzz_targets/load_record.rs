//! Feeds arbitrary bytes to `ocop::load::parse_record`, as the file of one record, and
//! renders the Markdown body of whatever it accepts.
//!
//! Input: the first byte picks the section (`byte % 6`, in `Section::ALL` order) and whether
//! raw HTML is trusted (`byte >= 128`); the rest is the file's bytes.
//!
//! Must never panic. Also checked: a record that is refused (`None`) comes with at least one
//! error, so that a broken file is never dropped silently.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use ocop::base::diag::Problems;
use ocop::load::{Section, parse_record};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let section = Section::ALL[first as usize % Section::ALL.len()];
    let trust_html = first >= 128;
    let file = PathBuf::from(format!("content/{}/x.md", section.dir()));

    let mut problems = Problems::new();
    let parsed = parse_record(&file, section, "x", rest.to_vec(), &mut problems);

    // Every message must format (positions, fields and hints included).
    for p in problems.sorted() {
        let _ = p.to_string();
    }
    match parsed {
        Some((body, _fields, _english)) => {
            let _ = ocop::load::markdown::to_html(&body, trust_html, 2);
        }
        None => assert!(
            problems.has_errors(),
            "parse_record refused the record without reporting an error"
        ),
    }
});
