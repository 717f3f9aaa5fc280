//! Foundations every stage may use: problems (`diag`), file-system helpers, Vietnamese
//! text, CSV cell safety, the SVG sanitiser, QR codes (`qr`), the manifest of an output and
//! the recorder that makes it as files are written, XML escaping (`xml`). Nothing here knows the site.

pub(crate) mod csv_cell;
pub mod diag;
pub mod fsutil;
pub(crate) mod hash;
pub mod manifest;
pub mod qr;
pub(crate) mod recorder;
pub mod svg;
pub(crate) mod timings;
pub mod vietnamese;
pub(crate) mod xml;
