//! Watching the site's own folders for changes (notify, debounced), and telling which changed
//! paths matter: content/, themes/, templates/, static/, i18n/, data/ and config.toml, without
//! editors' swap and backup files.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders under the site root whose changes trigger a rebuild. `data/` holds files that
/// templates read with `load_data`.
pub(crate) const WATCHED_DIRS: [&str; 6] = ["content", "themes", "templates", "static", "i18n", "data"];

/// The watcher; dropping it stops watching.
pub(crate) struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Watches the root (for config.toml and folders created later) and each watched folder
    /// that exists. Batches of changed paths that matter are sent to `changes`.
    pub(crate) fn start(
        root: &Path,
        debounce: Duration,
        changes: Sender<Vec<PathBuf>>,
    ) -> notify::Result<Watch> {
        let filter_root = root.to_path_buf();
        let tick = (debounce / 3).max(Duration::from_millis(5));
        let debouncer = new_debouncer(debounce, Some(tick), move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.event.kind))
                .flat_map(|e| e.event.paths.iter())
                .filter(|p| matters(&filter_root, p))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        })?;
        let mut watch = Watch {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watch.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watch.watch_new_folders()?;
        Ok(watch)
    }

    /// Starts watching the watched folders created since the last call.
    pub(crate) fn watch_new_folders(&mut self) -> notify::Result<()> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.push(dir);
            }
        }
        self.watched.retain(|d| d.is_dir());
        Ok(())
    }
}

/// Reading a file (as the build itself does) is not a change.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// True for paths whose change can change the site.
pub(crate) fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = rel.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    let in_folder = WATCHED_DIRS.contains(&first.as_ref());
    if !(in_folder || (first == crate::config::CONFIG_FILE && components.next().is_none())) {
        return false;
    }
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !is_editor_litter(&name)
}

/// Swap, backup and lock files that editors write beside the file being edited.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crswap"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || (name.starts_with('.') && name.contains(".sw"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_site_folders_matter() {
        let root = Path::new("/site");
        assert!(matters(root, Path::new("/site/content/news/a.md")));
        assert!(matters(root, Path::new("/site/config.toml")));
        assert!(matters(
            root,
            Path::new("/site/themes/platform/templates/page.html")
        ));
        assert!(matters(root, Path::new("/site/static")));
        assert!(!matters(root, Path::new("/site/public/index.html")));
        assert!(!matters(root, Path::new("/site/content/news/.a.md.swp")));
        assert!(!matters(root, Path::new("/site/content/news/a.md~")));
        assert!(!matters(root, Path::new("/site/README.md")));
        assert!(!matters(root, Path::new("/elsewhere/content/a.md")));
    }
}
