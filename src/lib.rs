//! `ocop` turns a folder of OCOP product records into a static catalogue website.
//!
//! Data flows one way: `load` (files → raw records) → `resolve` (validation → the immutable
//! `model::Site`) → `render` (views → pages, in parallel) → written into a staging folder and
//! swapped into place by `build`. Problems from every stage are collected in `diag::Problems`.

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
