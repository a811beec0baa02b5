//! policylab: a static site generator for multilingual knowledge platforms.
//!
//! The pipeline runs one way: [`config`] and [`content`] load the site, [`markdown`] renders
//! bodies, [`render`] holds the templates, [`outputs`] writes every file, and [`build`]
//! orders the stages. [`diagnostics`] is the one error type they all report with.

#![warn(missing_docs)]

pub mod build;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod locale;
pub mod lsp;
pub mod markdown;
pub mod outputs;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
mod toml_error;
