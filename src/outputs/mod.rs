//! The files a build writes beside the pages: search index, data exports, feeds, static files.

pub mod atom;
pub mod calendar;
pub mod exports;
pub mod feeds;
pub mod qr;
pub mod search;
pub mod site_static;
pub mod write;
