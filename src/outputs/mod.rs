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
pub mod scripts;
mod sitemap;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use html::{HtmlMemo, Job, RenderCounts, list_jobs, render_page_with_body, render_section_with_body};

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
    /// Keeps the file the previous build wrote at `path`, its inputs unchanged. Only the dev
    /// server's in-memory sink remembers a previous build.
    fn keep(&self, path: &str) -> Result<(), Diagnostic> {
        Err(Diagnostic::error(format!(
            "internal error: {path} was to be kept from a previous build, but this output has none"
        )))
    }
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

/// Runs every producer. `progress` is called once per HTML page rendered. The renderer (and
/// the template values of every page it holds) is dropped once the pages are written, and
/// the pages' HTML bodies once every other output is written, before the search index, the
/// last, needs its memory.
pub fn produce(
    site: &mut Site,
    renderer: Renderer,
    root: &Path,
    jobs: &[Job],
    sink: &dyn Sink,
    progress: &(dyn Fn() + Sync),
) -> Result<(), Diagnostics> {
    let mut clock = crate::build::Stopwatch::start();
    let mut diagnostics = html::render_all(site, &renderer, jobs, sink, progress);
    drop(renderer);
    clock.lap("html pages");
    let others = produce_others(site, root, jobs, sink);
    clock.lap("sitemap, feeds, static files, exports");
    site.release_html();
    let search = || {
        if site.config.build.search_index {
            crate::search::write_index(site, sink)?;
        }
        Ok(())
    };
    for result in [others, search()] {
        if let Err(d) = result {
            diagnostics.push(d);
        }
    }
    clock.lap("search index");
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(())
    }
}

/// What the dev server's last build produced: enough to keep the HTML pages and search
/// indexes whose inputs did not change.
#[derive(Default)]
pub struct Memo {
    /// A fingerprint of the configuration the build used: any change there renders all.
    config: u64,
    html: HtmlMemo,
    search: crate::search::SearchMemo,
    /// How many pages the build that made this memo rendered and kept.
    pub counts: RenderCounts,
}

/// Runs every producer like [`produce`], but keeps (`Sink::keep`) the HTML pages and search
/// indexes whose inputs are the same as in `previous`; returns the memo for the next build.
/// `config` is a fingerprint of the configuration: when it differs from the previous one,
/// nothing is kept. With `search_later`, the search index is left to
/// [`produce_search_changed`], which the dev server runs once the pages are served.
pub fn produce_changed(
    site: &Site,
    renderer: &Renderer,
    root: &Path,
    jobs: &[Job],
    sink: &dyn Sink,
    (previous, config): (&Memo, u64),
    search_later: bool,
) -> Result<Memo, Diagnostics> {
    let nothing = Memo::default();
    let previous = if previous.config == config {
        previous
    } else {
        &nothing
    };
    let html = html::render_changed(site, renderer, jobs, sink, &previous.html);
    let mut search_memo = None;
    let others = produce_others(site, root, jobs, sink).and_then(|()| {
        if search_later {
            search_memo = Some(previous.search.clone());
        } else if site.config.build.search_index {
            search_memo = Some(crate::search::write_changed_index(site, sink, &previous.search)?);
        }
        Ok(())
    });
    let mut diagnostics = Diagnostics::new();
    let html = html.map_err(|d| diagnostics.extend(d)).ok();
    if let Err(d) = others {
        diagnostics.push(d);
    }
    match html {
        Some((html, counts)) if !diagnostics.has_errors() => Ok(Memo {
            config,
            html,
            search: search_memo.unwrap_or_default(),
            counts,
        }),
        _ => Err(diagnostics),
    }
}

/// The search index of each language whose documents changed since `memo` was made, written
/// through `sink` (and the others kept): the last step of a [`produce_changed`] run with
/// `search_later`.
pub fn produce_search_changed(site: &Site, sink: &dyn Sink, memo: &mut Memo) -> Result<(), Diagnostic> {
    memo.search = if site.config.build.search_index {
        crate::search::write_changed_index(site, sink, &memo.search)?
    } else {
        crate::search::SearchMemo::default()
    };
    Ok(())
}

/// Everything but the HTML pages and the search index.
fn produce_others(site: &Site, root: &Path, jobs: &[Job], sink: &dyn Sink) -> Result<(), Diagnostic> {
    sitemap::write_sitemap(site, jobs, sink)?;
    sitemap::write_robots(site, sink)?;
    files::write_syntax_css(site, sink)?;
    files::copy_static(root, site, sink)?;
    files::copy_assets(site, sink)?;
    exports::write_exports(site, sink)?;
    feeds::write_feeds(site, sink)?;
    Ok(())
}
