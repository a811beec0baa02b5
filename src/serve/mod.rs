//! `policylab serve`: builds the site, serves it on a local address, watches the site's
//! folders and rebuilds on change, and tells open pages to reload, swap their stylesheets or
//! show the errors, over server-sent events.
//!
//! A rebuild is a build into memory ([`crate::build::build_changed`]) that renders again only
//! the pages whose inputs changed (their template files, their context, or what the site
//! functions they called return) and keeps the others; only the files whose bytes changed
//! are then written to the served folder and the files no longer produced are deleted, so the
//! folder always equals what `policylab build` writes with the same options.
//!
//! When the only change is the Markdown body of pages (their front matter, headings and links
//! to anchors as they were), those pages are rendered first with the last build's site model
//! and written, and open pages are told, in a few milliseconds; the rebuild that follows
//! writes the rest (listings, search index) and the pages again only if they then differ.
//! The search index is written last, after the pages are written and open pages told (but
//! for the first build). A failed rebuild writes nothing (and puts back what was shown ahead
//! of it): the last good site stays served, and every page shows the diagnostics over it.
//!
//! Each change event names the files written and deleted; a page reloads only when one of
//! its own files is among them (its HTML, or a stylesheet, script, image or data file it
//! loaded). The reload script is added to HTML at response time and never written to disk.
//! This module drives builds; it does not decide what a build produces.

mod connection;
mod http;
mod live;
mod output;
mod watch;

use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub use live::Status;
pub use output::Changes;

use crate::build::{BuildOptions, BuildReport, Memo, build_changed};
use crate::diagnostics::Diagnostic;
use crate::outputs::RenderCounts;

/// The dev server's own URLs start with this (the reload script, the event stream).
pub const OWN_PREFIX: &str = http::PREFIX;

/// How the dev server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder (holding config.toml).
    pub root: PathBuf,
    /// The address to listen on; 127.0.0.1 unless asked otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Publish drafts.
    pub drafts: bool,
    /// Where the served files are written; a folder in the system's temporary folder, one per
    /// site, when not given (never public/, which holds what `build` made for the real host).
    pub output_dir: Option<PathBuf>,
    /// How long the files must be quiet before a rebuild starts.
    pub debounce: Duration,
    /// Print each rebuild and its diagnostics to the terminal.
    pub print: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            output_dir: None,
            debounce: Duration::from_millis(30),
            print: false,
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// The outcome of one build.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// What the build reported, or its diagnostics.
    pub result: Result<(BuildReport, Changes), Vec<Diagnostic>>,
    /// From the first change seen to the files written.
    pub millis: u128,
    /// How many pages were rendered and how many kept (zero when the build failed).
    pub pages: RenderCounts,
}

/// What the request threads and the rebuild thread share.
pub(crate) struct Shared {
    /// The served folder, canonical.
    output: PathBuf,
    /// Held for reading while a file is read, for writing while a build is written.
    files: RwLock<()>,
    live: live::Live,
    stopping: AtomicBool,
    build_options: BuildOptions,
    /// What the last build that reached the served folder produced.
    last: Mutex<LastBuild>,
    /// How many pages the last successful build rendered and kept.
    last_counts: Mutex<RenderCounts>,
    /// How many saves were shown ahead of their rebuild.
    shown_ahead: std::sync::atomic::AtomicUsize,
    print: bool,
    color: bool,
}

/// The last build that reached the served folder: what it was made from, and what the folder
/// holds (none before the first build, when the folder may hold an earlier server's files).
#[derive(Default)]
struct LastBuild {
    memo: Memo,
    manifest: Option<output::Manifest>,
}

/// A running dev server. Dropping it stops it.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    threads: Vec<JoinHandle<()>>,
    watch: Arc<Mutex<Option<watch::Watch>>>,
}

impl Server {
    /// Binds the address, builds the site, starts watching and answering.
    pub fn start(options: ServeOptions) -> Result<Server, StartError> {
        let root = options.root.canonicalize().map_err(|e| {
            StartError(format!(
                "cannot open the site folder {}: {e}",
                options.root.display()
            ))
        })?;
        let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
            .map_err(|e| StartError(format!("cannot listen on {}:{}: {e}", options.bind, options.port)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError(format!("the server has no address: {e}")))?;
        let output = match &options.output_dir {
            Some(dir) => dir.clone(),
            None => default_output_dir(&root),
        };
        std::fs::create_dir_all(&output)
            .map_err(|e| StartError(format!("cannot create {}: {e}", output.display())))?;
        let output = output
            .canonicalize()
            .map_err(|e| StartError(format!("cannot open {}: {e}", output.display())))?;
        if output.starts_with(&root)
            && watch::WATCHED_DIRS
                .iter()
                .any(|d| output.starts_with(root.join(d)))
        {
            return Err(StartError(format!(
                "the served folder {} is inside a watched folder; choose another --output-dir",
                output.display()
            )));
        }
        let shared = Arc::new(Shared {
            output,
            files: RwLock::new(()),
            live: live::Live::default(),
            stopping: AtomicBool::new(false),
            build_options: BuildOptions {
                root: root.clone(),
                base_url: Some(base_url(addr)),
                drafts: options.drafts,
                ..BuildOptions::default()
            },
            last: Mutex::new(LastBuild::default()),
            last_counts: Mutex::new(RenderCounts::default()),
            shown_ahead: std::sync::atomic::AtomicUsize::new(0),
            print: options.print,
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        });
        let accepting = Arc::clone(&shared);
        let mut threads = vec![spawn("policylab-accept", move || {
            connection::accept_loop(listener, accepting);
        })?];
        // Watching starts first, so that a file saved during the first build is not missed.
        let (sender, receiver) = mpsc::channel::<Vec<PathBuf>>();
        let watcher = watch::Watch::start(&root, options.debounce, sender)
            .map_err(|e| StartError(format!("cannot watch {}: {e}", root.display())))?;
        let watch = Arc::new(Mutex::new(Some(watcher)));
        shared.rebuild(Instant::now(), Vec::new());
        let (rebuild_shared, rebuild_watch) = (Arc::clone(&shared), Arc::clone(&watch));
        threads.push(spawn("policylab-rebuild", move || {
            while let Ok(mut paths) = receiver.recv() {
                let first_seen = Instant::now();
                while let Ok(more) = receiver.try_recv() {
                    paths.extend(more);
                }
                if rebuild_shared.stopping.load(Ordering::Relaxed) {
                    break;
                }
                if let Some(watch) = rebuild_watch
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .as_mut()
                {
                    let _ = watch.watch_new_folders();
                }
                rebuild_shared.say_changed(&root, &paths);
                let ahead = rebuild_shared.show_body_edits(&root, &paths, first_seen);
                rebuild_shared.rebuild(first_seen, ahead);
            }
        })?);
        Ok(Server {
            shared,
            addr,
            threads,
            watch,
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:1111`: the base_url the site is built with.
    pub fn url(&self) -> String {
        base_url(self.addr)
    }

    /// The folder the site is written to and served from.
    pub fn output_dir(&self) -> &Path {
        &self.shared.output
    }

    /// The options every build of this server uses (for comparing with a fresh full build).
    pub fn build_options(&self) -> &BuildOptions {
        &self.shared.build_options
    }

    /// How many pages the last successful build rendered and how many it kept unchanged.
    pub fn last_counts(&self) -> RenderCounts {
        *self
            .shared
            .last_counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many saves were shown ahead of their rebuild (see the module's documentation).
    pub fn shown_ahead(&self) -> usize {
        self.shared.shown_ahead.load(Ordering::Relaxed)
    }

    /// The state pages are told about.
    pub fn status(&self) -> Status {
        self.shared.live.status()
    }

    /// Blocks until the server stops (for the command line: until the process is ended).
    pub fn wait(mut self) {
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    /// Stops watching and answering, and waits for the threads.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::Relaxed);
        // Dropping the watcher closes the rebuild thread's channel.
        if let Ok(mut watch) = self.watch.lock() {
            watch.take();
        }
        self.shared.live.wake_all();
        connection::wake(self.addr);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Shared {
    /// Shows the pages whose Markdown body alone changed before the site is built again (see
    /// [`crate::build::render_body_edits`]): their files are written and open pages told at
    /// once, in a few milliseconds instead of a whole build's time. Nothing is shown ahead
    /// while the site has errors. Returns what was written, for a build that then fails to
    /// put back.
    fn show_body_edits(&self, root: &Path, paths: &[PathBuf], first_seen: Instant) -> Vec<output::Replaced> {
        if !self.live.status().errors.is_empty() {
            return Vec::new();
        }
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(files) = crate::build::render_body_edits(root, &last.memo, paths) else {
            return Vec::new();
        };
        let Some(manifest) = last.manifest.as_mut() else {
            return Vec::new();
        };
        let writing = self
            .files
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut replaced = Vec::new();
        for (path, html) in &files {
            match manifest.write_ahead(&self.output, path, html.as_bytes()) {
                Ok(written) => replaced.extend(written),
                Err(_) => {
                    // The build that follows writes the folder (and says what failed).
                    manifest.put_back(&self.output, replaced);
                    return Vec::new();
                }
            }
        }
        drop(writing);
        drop(last);
        if replaced.is_empty() {
            return replaced;
        }
        let shown: Vec<String> = replaced.iter().map(|r| r.path().to_string()).collect();
        if self.print {
            eprintln!(
                "shown {} in {} ms; building the rest of the site",
                shown.join(", "),
                first_seen.elapsed().as_millis()
            );
        }
        self.shown_ahead.fetch_add(1, Ordering::Relaxed);
        self.live.publish(Vec::new(), shown, false, true);
        replaced
    }

    /// One build into memory, rendering only what changed, then only its changed files
    /// written. `ahead` is what [`Shared::show_body_edits`] wrote before it: put back if the
    /// build fails. But for the first build, the search index is written after the pages
    /// are served and open pages told ([`Shared::write_search_index`]).
    fn rebuild(&self, first_seen: Instant, ahead: Vec<output::Replaced>) -> Rebuilt {
        let sink = output::MemorySink::default();
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut pages = RenderCounts::default();
        let search_later = last.manifest.is_some();
        let scope = if search_later {
            output::Scope::Outside(crate::search::INDEX_DIR)
        } else {
            output::Scope::All
        };
        let built = build_changed(&self.build_options, &sink, &last.memo, search_later);
        let result = built.and_then(|(report, next)| {
            let _writing = self
                .files
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            pages = next.counts();
            // A folder written in part matches neither memo nor manifest: should writing
            // fail, the next build renders and compares everything.
            let previous = std::mem::take(&mut *last);
            let (changes, manifest) = sink
                .apply(&self.output, previous.manifest.as_ref(), scope)
                .map_err(|d| vec![d])?;
            // Freeing the old memo's values is not in the way of the reload.
            std::thread::spawn(move || drop(previous));
            *last = LastBuild {
                memo: next,
                manifest: Some(manifest),
            };
            *self
                .last_counts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = pages;
            Ok((report, changes))
        });
        if result.is_err() && !ahead.is_empty() {
            let _writing = self
                .files
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(manifest) = last.manifest.as_mut() {
                manifest.put_back(&self.output, ahead);
            }
        }
        drop(last);
        let rebuilt = Rebuilt {
            result,
            millis: first_seen.elapsed().as_millis(),
            pages,
        };
        match &rebuilt.result {
            Ok((_, changes)) => {
                let changed: Vec<String> = changes.written.iter().chain(&changes.deleted).cloned().collect();
                self.live.publish(Vec::new(), changed, changes.css_only(), true);
            }
            Err(diagnostics) => {
                let errors = diagnostics.iter().map(|d| d.render(false)).collect();
                self.live.publish(errors, Vec::new(), false, false);
            }
        }
        self.report(&rebuilt);
        if search_later && rebuilt.result.is_ok() {
            self.write_search_index(first_seen);
        }
        rebuilt
    }

    /// The second step of a rebuild: the search index of each language whose documents
    /// changed, written to the served folder, and the pages that loaded it told.
    fn write_search_index(&self, first_seen: Instant) {
        let sink = output::MemorySink::default();
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let result = crate::build::write_search_changed(&mut last.memo, &sink).and_then(|()| {
            let _writing = self
                .files
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            // As in a rebuild: a folder written in part matches neither memo nor manifest.
            let previous = std::mem::take(&mut *last);
            let scope = output::Scope::Inside(crate::search::INDEX_DIR);
            let (changes, manifest) = sink
                .apply(&self.output, previous.manifest.as_ref(), scope)
                .map_err(|d| vec![d])?;
            *last = LastBuild {
                memo: previous.memo,
                manifest: Some(manifest),
            };
            Ok(changes)
        });
        drop(last);
        match result {
            Ok(changes) if changes.is_empty() => {}
            Ok(changes) => {
                if self.print {
                    eprintln!(
                        "search index: {} files written, {} deleted, {} ms after the change",
                        changes.written.len(),
                        changes.deleted.len(),
                        first_seen.elapsed().as_millis()
                    );
                }
                let changed = changes.written.into_iter().chain(changes.deleted).collect();
                self.live.publish(Vec::new(), changed, false, true);
            }
            Err(diagnostics) => {
                let errors = diagnostics.iter().map(|d| d.render(false)).collect();
                self.live.publish(errors, Vec::new(), false, false);
                self.report(&Rebuilt {
                    result: Err(diagnostics),
                    millis: first_seen.elapsed().as_millis(),
                    pages: RenderCounts::default(),
                });
            }
        }
    }

    fn say_changed(&self, root: &Path, paths: &[PathBuf]) {
        if !self.print {
            return;
        }
        let names: Vec<String> = paths
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
            .collect();
        let more = paths.len().saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        eprintln!("changed: {}{more}", names.join(", "));
    }

    fn report(&self, rebuilt: &Rebuilt) {
        if !self.print {
            return;
        }
        match &rebuilt.result {
            Ok((report, changes)) => eprintln!(
                "built {} pages in {} ms ({} rendered, {} kept): {} files written, {} deleted, {} unchanged",
                report.pages,
                rebuilt.millis,
                rebuilt.pages.rendered,
                rebuilt.pages.kept,
                changes.written.len(),
                changes.deleted.len(),
                report.files.saturating_sub(changes.written.len()),
            ),
            Err(diagnostics) => {
                for diagnostic in diagnostics {
                    eprintln!("{}", diagnostic.render(self.color));
                }
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "{errors} error{} found; the browser shows {}, and the last good site is still served",
                    if errors == 1 { "" } else { "s" },
                    if errors == 1 { "it" } else { "them" }
                );
            }
        }
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, StartError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .map_err(|e| StartError(format!("cannot start a thread: {e}")))
}

/// The base_url of the served site: the server's own address.
fn base_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}", addr.port())
}

/// One folder per site in the system's temporary folder, so a restart finds the files it
/// wrote last time and rewrites only what changed.
fn default_output_dir(root: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    root.hash(&mut hasher);
    let name = root
        .file_name()
        .map(|n| crate::content::slugify(&n.to_string_lossy()))
        .unwrap_or_default();
    std::env::temp_dir().join(format!("policylab-serve-{name}-{:016x}", hasher.finish()))
}

/// Opens `url` in the default browser; false when no browser could be started.
pub fn open_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
