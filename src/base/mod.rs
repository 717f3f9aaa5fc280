//! Foundations every stage may use: problems (`diag`), file-system helpers, Vietnamese
//! text, CSV cell safety, the SVG sanitiser. Nothing here knows the site.

pub mod csv_cell;
pub mod diag;
pub mod fsutil;
pub mod hash;
pub mod svg;
pub mod timings;
pub mod vietnamese;
