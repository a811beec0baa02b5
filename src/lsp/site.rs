//! What the server knows of the site: config.toml and the pages under content/ that `ref`
//! fields may name. Both are read again when config.toml or a content file is saved.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::config::{CONFIG_FILE, Config};
use crate::content::{CONTENT_DIR, PAGE_KEYS, SECTION_KEYS, place, read_front};
use crate::diagnostics::{Diagnostic, Location};
use crate::schema::{check_declarations, check_fields, type_by_section};

/// One page a `ref` can name.
#[derive(Debug, Clone)]
pub struct IndexedPage {
    /// The content key (`clusters/danube-ict.md`).
    pub key: String,
    /// Its language.
    pub lang: String,
    /// Its type, named or given by its folder.
    pub type_name: Option<String>,
    /// Its title, when its front matter can be read.
    pub title: Option<String>,
}

/// The site the server works on.
#[derive(Debug)]
pub struct Site {
    /// The site's folder, holding config.toml and content/.
    pub root: PathBuf,
    /// config.toml, or the first problem that keeps it from loading.
    pub config: Result<Config, Diagnostic>,
    config_modified: Option<SystemTime>,
    /// Every page under content/, all languages.
    pub pages: Vec<IndexedPage>,
}

impl Site {
    /// Loads config.toml of `root` and indexes its pages; `open` holds unsaved texts by path.
    pub fn load(root: PathBuf, open: &HashMap<PathBuf, String>) -> Site {
        let mut site = Site {
            root,
            config: Err(Diagnostic::error("config.toml is not read yet")),
            config_modified: None,
            pages: Vec::new(),
        };
        site.reload(open);
        site
    }

    /// Reads config.toml and content/ again.
    pub fn reload(&mut self, open: &HashMap<PathBuf, String>) {
        self.config_modified = self.config_time();
        self.config = Config::load(&self.root).map_err(|diagnostics| {
            diagnostics
                .sorted()
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error("config.toml has errors"))
        });
        self.index(open);
    }

    /// True when config.toml changed on disk since it was read.
    pub fn config_changed(&self) -> bool {
        self.config_time() != self.config_modified
    }

    fn config_time(&self) -> Option<SystemTime> {
        std::fs::metadata(self.root.join(CONFIG_FILE))
            .and_then(|m| m.modified())
            .ok()
    }

    /// Lists the pages under content/, reading open documents from `open`.
    pub fn index(&mut self, open: &HashMap<PathBuf, String>) {
        self.pages.clear();
        let Ok(config) = &self.config else { return };
        let walker = walkdir::WalkDir::new(self.root.join(CONTENT_DIR))
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker.filter_map(Result::ok) {
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(found) = place(&self.root, path, config) else {
                continue;
            };
            if found.is_section {
                continue;
            }
            let text = match open.get(path) {
                Some(text) => Some(text.clone()),
                None => std::fs::read_to_string(path).ok(),
            };
            let front = text.and_then(|text| read_front(&self.root, path, text, config).ok());
            let type_name = front
                .as_ref()
                .and_then(|f| f.type_name.clone())
                .or_else(|| type_by_section(config, &found.key));
            self.pages.push(IndexedPage {
                key: found.key,
                lang: found.lang,
                type_name,
                title: front.map(|f| f.title),
            });
        }
    }

    /// True when `path` is a Markdown file under content/.
    pub fn is_content(&self, path: &Path) -> bool {
        path.starts_with(self.root.join(CONTENT_DIR)) && path.extension().is_some_and(|e| e == "md")
    }

    /// True when `path` is the site's config.toml.
    pub fn is_config(&self, path: &Path) -> bool {
        path == self.root.join(CONFIG_FILE)
    }

    /// The type of the page with content key `key`, as a `ref` check needs it.
    pub fn page_type(&self, key: &str) -> Option<Option<String>> {
        let key = key.trim_start_matches("@/");
        self.pages
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.type_name.clone())
    }

    /// The problems of the front matter of `text`, the content file at `path`: the same
    /// checks as a build's, for this one file.
    pub fn check(&self, path: &Path, text: &str) -> Vec<Diagnostic> {
        if !self.is_content(path) {
            return Vec::new();
        }
        let config = match &self.config {
            Ok(config) => config,
            Err(problem) => {
                let mut message = format!("config.toml cannot be read: {}", problem.message);
                if let Some(location) = &problem.location {
                    message.push_str(&format!(" (line {})", location.line));
                }
                let mut d = Diagnostic::warning(message).at(Location::at_offset(text, 0, 3));
                d.hint = problem.hint.clone();
                return vec![d];
            }
        };
        let file = match read_front(&self.root, path, text.to_string(), config) {
            Ok(file) => file,
            Err(errors) => return errors,
        };
        let declarations = check_declarations(config);
        if let Some(problem) = declarations.iter().find(|d| d.is_error()) {
            return vec![
                Diagnostic::warning(format!(
                    "fields are not checked while config.toml has errors: {}",
                    problem.message
                ))
                .at(Location::at_offset(text, 0, 3)),
            ];
        }
        let (type_name, built_in) = if file.place.is_section {
            (file.type_name.clone(), SECTION_KEYS)
        } else {
            let by_folder = || type_by_section(config, &file.place.key);
            (file.type_name.clone().or_else(by_folder), PAGE_KEYS)
        };
        let mut diagnostics = crate::diagnostics::Diagnostics::new();
        let page_type = |key: &str| self.page_type(key);
        check_fields(
            &file.source,
            type_name,
            &file.fields,
            built_in,
            config,
            &page_type,
            &mut diagnostics,
        );
        diagnostics.sorted()
    }
}
