//! Everything written to the output folder, each producer reading the finished site:
//! HTML pages, redirects for aliases, 404.html, sitemap.xml, robots.txt, syntax.css, static
//! files and page assets.
//!
//! Producers write through a [`Sink`], so the same code serves `build` (a folder) and
//! `check` (nothing written). No producer changes the site model.

mod exports;
mod feeds;
mod files;
mod html;
mod sitemap;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use html::{Job, list_jobs};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::Renderer;
use crate::site::Site;

/// Where outputs go. Paths are relative to the output folder, with `/` separators.
pub trait Sink: Sync {
    /// Writes a file.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies a file from disk.
    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic>;
    /// How many files were written so far.
    fn count(&self) -> usize;
}

/// A sink that writes nothing and counts (for `check`).
#[derive(Default)]
pub struct NullSink {
    files: AtomicUsize,
}

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), Diagnostic> {
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
    fn copy(&self, _: &str, from: &Path) -> Result<(), Diagnostic> {
        std::fs::metadata(from)
            .map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", from.display())))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
    fn count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }
}

/// Runs every producer. `progress` is called once per HTML page rendered.
pub fn produce(
    site: &Site,
    renderer: &Renderer,
    root: &Path,
    jobs: &[Job],
    sink: &dyn Sink,
    progress: &(dyn Fn() + Sync),
) -> Result<(), Diagnostics> {
    let mut diagnostics = html::render_all(site, renderer, jobs, sink, progress);
    let others = || -> Result<(), Diagnostic> {
        sitemap::write_sitemap(site, jobs, sink)?;
        sitemap::write_robots(site, sink)?;
        files::write_syntax_css(site, sink)?;
        files::copy_static(root, site, sink)?;
        files::copy_assets(site, sink)?;
        exports::write_exports(site, sink)?;
        if site.config.build.search_index {
            crate::search::write_index(site, sink)?;
        }
        feeds::write_feeds(site, sink)?;
        Ok(())
    };
    if let Err(d) = others() {
        diagnostics.push(d);
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(())
    }
}
