//! The finished site model: configuration, content, rendered Markdown and taxonomies.
//!
//! Built once by the pipeline; every output reads it and none changes it, except that a
//! build frees the pages' HTML bodies once nothing needs them ([`Site::release_html`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Content, ExtraTerm, Taxonomy};
use crate::markdown::{LinkResolver, Rendered};
use crate::schema::{PageLookup, Schema};

/// Everything the outputs need.
#[derive(Debug)]
pub struct Site {
    /// config.toml.
    pub config: Config,
    /// Pages and sections.
    pub content: Content,
    /// The rendered body of each page, by page index (shared with the dev server's memo).
    pub page_bodies: Vec<Arc<Rendered>>,
    /// The rendered body of each section, by section index.
    pub section_bodies: Vec<Arc<Rendered>>,
    /// Taxonomies per language.
    pub taxonomies: Vec<Taxonomy>,
    /// Types, typed field values and backlinks.
    pub schema: Schema,
    /// By page index, the taxonomy terms pages get from typed fields.
    pub extra_terms: Vec<Vec<ExtraTerm>>,
}

impl Site {
    /// Frees the HTML of every rendered body that is not shared (the dev server's memo
    /// shares them): once the pages are written, only their text and headings are read, by
    /// the search index, which on a large site needs the room.
    pub fn release_html(&mut self) {
        for body in self.page_bodies.iter_mut().chain(&mut self.section_bodies) {
            if let Some(body) = Arc::get_mut(body) {
                body.html = String::new();
                body.summary = None;
            }
        }
    }
}

/// Where each page and section is, by content key and language.
#[derive(Debug, Clone, Default)]
pub struct UrlMap {
    paths: HashMap<(String, String), String>,
    base_path: String,
    default_language: String,
}

impl UrlMap {
    /// Records every page and section of `content`.
    pub fn new(content: &Content, config: &Config) -> UrlMap {
        let mut paths = HashMap::new();
        for page in &content.pages {
            paths.insert((page.key.clone(), page.lang.clone()), page.path.clone());
        }
        for section in &content.sections {
            paths.insert((section.key.clone(), section.lang.clone()), section.path.clone());
        }
        UrlMap {
            paths,
            base_path: config.base_path().to_string(),
            default_language: config.default_language.clone(),
        }
    }

    /// A fingerprint of every address, for knowing when rendered Markdown's links may change.
    pub fn fingerprint(&self) -> u64 {
        let mut entries: Vec<_> = self.paths.iter().collect();
        entries.sort_unstable();
        crate::render::memo::fingerprint(&(entries, &self.base_path, &self.default_language))
    }

    /// The site path of `key` in `lang`, or in the default language when it has no translation.
    pub fn path_of(&self, key: &str, lang: &str) -> Option<&str> {
        let key = key.trim_start_matches('/');
        self.paths
            .get(&(key.to_string(), lang.to_string()))
            .or_else(|| self.paths.get(&(key.to_string(), self.default_language.clone())))
            .map(String::as_str)
    }
}

impl LinkResolver for UrlMap {
    fn url_of(&self, key: &str, lang: &str) -> Option<String> {
        if key.is_empty() {
            return Some(String::new());
        }
        self.path_of(key, lang)
            .map(|path| format!("{}{path}", self.base_path))
    }
}

/// Finds pages by content key and language, falling back to the default language.
pub struct Lookup<'a> {
    site: &'a Site,
    index: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> Lookup<'a> {
    /// Indexes every page of the site.
    pub fn new(site: &'a Site) -> Lookup<'a> {
        let index = site
            .content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.key.as_str(), p.lang.as_str()), i))
            .collect();
        Lookup { site, index }
    }

    /// The page index of `key` in `lang`, or in the default language.
    pub fn page(&self, key: &str, lang: &str) -> Option<usize> {
        let default = self.site.config.default_language.as_str();
        self.index
            .get(&(key, lang))
            .or_else(|| self.index.get(&(key, default)))
            .copied()
    }

    /// The site path of `key` in `lang`, or in the default language.
    pub fn path(&self, key: &str, lang: &str) -> Option<&str> {
        self.page(key, lang)
            .map(|i| self.site.content.pages[i].path.as_str())
    }
}

impl PageLookup for Lookup<'_> {
    fn title_and_url(&self, key: &str, lang: &str) -> Option<(String, String)> {
        let page = &self.site.content.pages[self.page(key, lang)?];
        Some((page.front.title.clone(), self.site.config.url(&page.path)))
    }
}
