//! `ocop` turns a folder of OCOP product records into a static catalogue website.
//!
//! Data flows one way through stage folders (docs/architecture.md is the map):
//! `load` (files → raw records) → `resolve` (every problem collected → the immutable `model`)
//! → `present` (views and URLs, no template engine) → `render` (the only caller of Tera) →
//! `outputs` (each kind of file declared once) → `build` (the one order of the stages, the
//! staging folder and the swap) or `serve` (the same files, one request at a time).
//! `base` holds what every stage may use; `spreadsheet` is import and export; `cli` the
//! commands. Items are `pub(crate)` except the entry points the binary, the tests, the
//! examples and the fuzz targets use, and the view structs of the theme contract.

pub mod base;
pub mod build;
pub mod cli;
pub mod load;
pub mod model;
pub mod outputs;
pub mod present;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod spreadsheet;
pub mod theme;
