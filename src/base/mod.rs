//! Foundations every stage may use: problems (`diag`), file-system helpers, Vietnamese
//! text, CSV cell safety, the SVG sanitiser,
//! QR codes (`qr`). Nothing here knows the site.

pub(crate) mod csv_cell;
pub mod diag;
pub mod fsutil;
pub(crate) mod hash;
pub mod qr;
pub mod svg;
pub(crate) mod timings;
pub mod vietnamese;
