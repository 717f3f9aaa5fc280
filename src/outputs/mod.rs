//! The files a build writes beside the pages: search index, data exports, feeds, static files.

pub mod exports;
pub mod feeds;
pub mod search;
pub mod site_static;
