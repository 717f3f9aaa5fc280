//! `ocop import` and `ocop export`: spreadsheets in and out.
//!
//! Provincial offices keep their OCOP lists in spreadsheets. `import` reads one (CSV or
//! XLSX, see `table`), finds what each column holds (`columns`), turns every row into a
//! certificate of a product record and its producer into a producer record (`record`), and
//! validates the candidates exactly as the build would: the new and changed records are put
//! in place of the site's own (in memory, with `load::parse_record`) and the whole site is
//! resolved. Every problem of a candidate record is traced back to the spreadsheet row and
//! column its value came from. Nothing is written when a row fails (unless `--skip-invalid`),
//! and an existing record is never changed silently: the differences are listed and written
//! only with `--update`. `export` writes the catalogue back in the same shape (`export`), one
//! row per certificate, so import → export → import changes nothing.

pub(crate) mod columns;
pub mod export;
pub mod record;
pub(crate) mod stage;
pub(crate) mod table;

mod candidate;
mod cells;
mod importer;
mod matching;
mod producer;
mod product;
mod report;
mod rows;
mod site;
mod slug;
mod toml_text;
mod validate;
mod write;

#[cfg(test)]
mod tests;

pub use export::export;
pub use importer::ImportOptions;
pub use importer::import;
pub use report::ImportReport;
pub use report::Status;
pub use slug::MAX_SLUG_LEN;
