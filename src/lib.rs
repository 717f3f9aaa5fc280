//! `ocop` turns a folder of OCOP product records into a static catalogue website.
//!
//! Data flows one way: `load` (files → raw records) → `resolve` (validation → the immutable
//! `model::Site`) → `render` (views → pages, in parallel) → written into a staging folder and
//! swapped into place by `build`. Problems from every stage are collected in `diag::Problems`.

pub mod build;
pub mod color;
pub mod csv_cell;
pub mod diag;
pub mod exports;
pub mod feeds;
pub mod fields;
pub mod fsutil;
pub mod http;
pub mod i18n;
pub mod images;
pub mod import;
pub mod incremental;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod prefill;
pub mod present;
pub mod publish;
pub mod refdata;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site_static;
pub mod stamp;
pub mod svg;
pub mod theme;
pub mod urls;
pub mod vietnamese;
pub mod view;
pub mod watch;
