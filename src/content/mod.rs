//! Walks content/, reads every file once, and builds the tree of sections and pages.
//!
//! This is the load stage: after it no content file is read again. It knows file names,
//! front matter, languages, slugs, URL paths and page bundles; it does not render Markdown.

mod front_matter;
mod taxonomy;
pub mod translations;
pub mod translit;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use front_matter::{PAGE_KEYS, PageFront, RawField, SECTION_KEYS, SectionFront, SortBy};
pub use taxonomy::{ExtraTerm, Taxonomy, Term, classify};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};
use crate::locale::Locales;

/// The folder under the site root that holds the content.
pub const CONTENT_DIR: &str = "content";

/// The text of one content file.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// The path relative to the site root, e.g. `content/news/first.md`.
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
}

impl SourceFile {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The line number (from 1) the body starts on.
    pub fn body_first_line(&self) -> usize {
        self.text[..self.body_start].matches('\n').count() + 1
    }
}

/// A file beside a page or section that is copied next to its output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its path relative to the page's or section's folder, with `/` separators.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type, from its extension (`application/pdf`).
    pub media_type: String,
}

/// One page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file.
    pub source: SourceFile,
    /// The path under content/ without language: `news/first.md`, `news/report/index.md`.
    /// Translations of one page share it; `@/` links name it.
    pub key: String,
    /// The language code.
    pub lang: String,
    /// The checked front matter.
    pub front: PageFront,
    /// The last part of the URL.
    pub slug: String,
    /// The URL path below the site, e.g. `/ro/news/first/`.
    pub path: String,
    /// The section the page is listed in.
    pub section: usize,
    /// Files of the page bundle.
    pub assets: Vec<Asset>,
    /// A copy of the default language's page standing in for a missing translation.
    pub is_fallback: bool,
}

/// One section in one language.
#[derive(Debug, Clone)]
pub struct Section {
    /// The file; empty for a home page that has no `_index.md`.
    pub source: SourceFile,
    /// `news/_index.md`; `_index.md` for the home page.
    pub key: String,
    /// The language code.
    pub lang: String,
    /// The checked front matter.
    pub front: SectionFront,
    /// The URL path, e.g. `/news/`.
    pub path: String,
    /// The enclosing section; none for a home page.
    pub parent: Option<usize>,
    /// Its pages, in the section's order.
    pub pages: Vec<usize>,
    /// Its subsections, by weight then title.
    pub subsections: Vec<usize>,
    /// Files in the section's folder that belong to no page.
    pub assets: Vec<Asset>,
    /// A copy of the default language's section standing in for a missing translation.
    pub is_fallback: bool,
}

/// Every page and section of the site, in all languages.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// All pages, ordered by key then language.
    pub pages: Vec<Page>,
    /// All sections, ordered by key then language.
    pub sections: Vec<Section>,
}

impl Content {
    /// The page with `key` in `lang`.
    pub fn page(&self, key: &str, lang: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.key == key && p.lang == lang)
    }

    /// The home section of `lang`.
    pub fn home(&self, lang: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.parent.is_none() && s.lang == lang)
    }
}

/// Lowercase ASCII words joined by hyphens, transliterating other scripts:
/// `Стратегија паметне специјализације` becomes `strategija-pametne-specijalizacije`.
pub fn slugify(text: &str) -> String {
    slugify_in(text, "")
}

/// Like [`slugify`], romanising as the language `lang` does (see [`translit::to_ascii`]).
pub fn slugify_in(text: &str, lang: &str) -> String {
    let ascii = translit::to_ascii(text, lang).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// What a file name says about a content file.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileRole {
    Section,
    Bundle,
    Page(String),
}

/// A content file read and checked, before it is placed in the tree.
struct Loaded {
    dir: String,
    role: FileRole,
    lang: String,
    source: SourceFile,
    front: Front,
    fallback: bool,
}

#[derive(Clone)]
enum Front {
    Page(PageFront),
    Section(SectionFront),
}

/// Reads content/ under `root`.
pub fn load(root: &Path, config: &Config, locales: &Locales, drafts: bool) -> Result<Content, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let (markdown_files, other_files) = walk(root, &mut diagnostics);
    // Files are read and their front matter parsed in parallel, then taken in walk order.
    let results: Vec<_> = markdown_files
        .par_iter()
        .map(|path| load_file(root, path, config))
        .collect();
    let mut loaded: Vec<Loaded> = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => loaded.push(file),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    loaded.retain(|l| drafts || !is_draft(l));
    let generated = generate_languages(&loaded, config).map_err(|errors| {
        let mut d = Diagnostics::new();
        d.extend(errors);
        d
    })?;
    loaded.extend(generated);
    let fallbacks = fallback_copies(&loaded, config);
    loaded.extend(fallbacks);
    let content = assemble(loaded, other_files, config, locales, &mut diagnostics);
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(content)
    }
}

fn is_draft(loaded: &Loaded) -> bool {
    match &loaded.front {
        Front::Page(f) => f.draft,
        Front::Section(f) => f.draft,
    }
}

/// Lists content/: Markdown files and other files, in a stable order.
fn walk(root: &Path, diagnostics: &mut Diagnostics) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut markdown = Vec::new();
    let mut other = Vec::new();
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("the site has no content/ folder")
                .in_file(CONTENT_DIR)
                .with_hint("create content/_index.md for the home page"),
        );
        return (markdown, other);
    }
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                if path.extension().is_some_and(|e| e == "md") {
                    markdown.push(path);
                } else {
                    other.push(path);
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error(format!("cannot read this file or folder: {error}"))
                        .in_file(path)
                        .with_hint("check that it exists and that you may read it"),
                );
            }
        }
    }
    (markdown, other)
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `content/news/first.md` relative to content/, with `/` separators.
fn content_relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root.join(CONTENT_DIR)).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn load_file(root: &Path, path: &Path, config: &Config) -> Result<Loaded, Vec<Diagnostic>> {
    let rel = relative(root, path);
    let text = read_text(path, &rel).map_err(|d| vec![d])?;
    let (dir, role, lang) = locate(root, path, config).map_err(|d| vec![d])?;
    parse_loaded(dir, role, lang, rel, text, config)
}

/// The folder under content/, role and language of the file at `path`.
fn locate(root: &Path, path: &Path, config: &Config) -> Result<(String, FileRole, String), Diagnostic> {
    let content_path = content_relative(root, path);
    let (dir, file_name) = match content_path.rsplit_once('/') {
        Some((dir, name)) => (dir.to_string(), name.to_string()),
        None => (String::new(), content_path.clone()),
    };
    let (role, lang) = file_role(&file_name, config).map_err(|d| d.in_file(relative(root, path)))?;
    Ok((dir, role, lang))
}

/// The content key of a file in `dir` with `role`: `news/first.md`, `news/_index.md`.
fn key_of(dir: &str, role: &FileRole) -> String {
    match role {
        FileRole::Section => join(dir, "_index.md"),
        FileRole::Bundle => join(dir, "index.md"),
        FileRole::Page(stem) => join(dir, &format!("{stem}.md")),
    }
}

/// Where a content file belongs, told by its path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The content key (`news/first.md`, `news/_index.md`), shared by translations.
    pub key: String,
    /// The language code.
    pub lang: String,
    /// True for `_index.md` files.
    pub is_section: bool,
}

/// The place of the file at `path` (a file under content/ of the site at `root`).
pub fn place(root: &Path, path: &Path, config: &Config) -> Result<Place, Diagnostic> {
    let (dir, role, lang) = locate(root, path, config)?;
    Ok(Place {
        key: key_of(&dir, &role),
        is_section: role == FileRole::Section,
        lang,
    })
}

/// One content file's front matter, read and checked as the load stage reads it.
#[derive(Debug, Clone)]
pub struct FileFront {
    /// Where the file belongs.
    pub place: Place,
    /// The file, its path relative to the site root.
    pub source: SourceFile,
    /// `title`
    pub title: String,
    /// `type`, when the front matter names one.
    pub type_name: Option<String>,
    /// The keys beyond the built-in ones.
    pub fields: Vec<RawField>,
}

/// Reads `text` as the content file at `path` (which need not be saved) the way the load
/// stage reads each file: file name, front matter, taxonomies.
pub fn read_front(
    root: &Path,
    path: &Path,
    text: String,
    config: &Config,
) -> Result<FileFront, Vec<Diagnostic>> {
    let (dir, role, lang) = locate(root, path, config).map_err(|d| vec![d])?;
    let place = Place {
        key: key_of(&dir, &role),
        is_section: role == FileRole::Section,
        lang: lang.clone(),
    };
    let loaded = parse_loaded(dir, role, lang, relative(root, path), text, config)?;
    let (title, type_name, fields) = match loaded.front {
        Front::Page(front) => (front.title, front.type_name, front.fields),
        Front::Section(front) => (front.title, front.type_name, front.fields),
    };
    Ok(FileFront {
        place,
        source: loaded.source,
        title,
        type_name,
        fields,
    })
}

/// Reads the front matter of a file whose place and language are known.
fn parse_loaded(
    dir: String,
    role: FileRole,
    lang: String,
    rel: PathBuf,
    text: String,
    config: &Config,
) -> Result<Loaded, Vec<Diagnostic>> {
    let split = front_matter::split(&text, &rel).map_err(|d| vec![d])?;
    let front = match role {
        FileRole::Section => Front::Section(front_matter::parse_section(&text, split, &rel)?),
        _ => {
            let front = front_matter::parse_page(&text, split, &rel)?;
            check_taxonomies(&front, config, &text, &rel)?;
            Front::Page(front)
        }
    };
    Ok(Loaded {
        dir,
        role,
        lang,
        source: SourceFile {
            path: rel,
            text,
            body_start: split.body_start,
        },
        front,
        fallback: false,
    })
}

/// For each language generated from another (`sr-Latn` from `sr-Cyrl`), a transliterated copy
/// of every file of the source language that has no file of its own in the target language.
fn generate_languages(loaded: &[Loaded], config: &Config) -> Result<Vec<Loaded>, Vec<Diagnostic>> {
    let mut generated = Vec::new();
    let mut errors = Vec::new();
    for (target, language) in &config.languages {
        let Some(source_lang) = &language.generate_from else {
            continue;
        };
        for file in loaded.iter().filter(|l| &l.lang == source_lang) {
            if has_version(loaded, file, target) {
                continue;
            }
            let text = translit::file_to_latin(&file.source.text, file.source.body_start);
            match parse_loaded(
                file.dir.clone(),
                file.role.clone(),
                target.clone(),
                file.source.path.clone(),
                text,
                config,
            ) {
                Ok(copy) => generated.push(copy),
                Err(e) => errors.extend(e),
            }
        }
    }
    if errors.is_empty() {
        Ok(generated)
    } else {
        Err(errors)
    }
}

/// True when `loaded` holds the file of `like` (same folder and name) in `lang`.
fn has_version(loaded: &[Loaded], like: &Loaded, lang: &str) -> bool {
    loaded
        .iter()
        .any(|l| l.lang == lang && l.dir == like.dir && l.role == like.role)
}

/// Copies of default-language files for languages that lack them, where the fallback policy
/// (the nearest section's `fallback`, else the site's) is `default`.
fn fallback_copies(loaded: &[Loaded], config: &Config) -> Vec<Loaded> {
    let policy_of = |dir: &str| {
        let mut dir = dir.to_string();
        loop {
            let section = loaded
                .iter()
                .find(|l| l.lang == config.default_language && l.dir == dir && l.role == FileRole::Section);
            if let Some(Front::Section(front)) = section.map(|s| &s.front) {
                if let Some(policy) = front.fallback {
                    return policy;
                }
            }
            match dir.rsplit_once('/') {
                Some((parent, _)) => dir = parent.to_string(),
                None if !dir.is_empty() => dir.clear(),
                None => return config.fallback,
            }
        }
    };
    let mut copies = Vec::new();
    for lang in config.language_codes().into_iter().skip(1) {
        for file in loaded.iter().filter(|l| l.lang == config.default_language) {
            let policy_dir = match file.role {
                FileRole::Bundle => file
                    .dir
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string()),
                _ => file.dir.clone(),
            };
            if has_version(loaded, file, lang) || policy_of(&policy_dir) != crate::config::Fallback::Default {
                continue;
            }
            copies.push(Loaded {
                dir: file.dir.clone(),
                role: file.role.clone(),
                lang: lang.to_string(),
                source: file.source.clone(),
                front: file.front.clone(),
                fallback: true,
            });
        }
    }
    copies
}

fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::error(format!("cannot read the file: {error}"))
            .in_file(rel)
            .with_hint("check that the file exists and that you may read it")
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(error.as_bytes());
        let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid_up_to]);
        Diagnostic::error("the file is not valid UTF-8 text")
            .in_file(rel)
            .at(Location::at_offset(&lossy, prefix.len(), 1))
            .with_hint("save the file with UTF-8 encoding (in most editors: Save with encoding, UTF-8)")
    })
}

/// Reads `_index.ro.md` as a Romanian section, `index.md` as a page bundle, and so on.
fn file_role(file_name: &str, config: &Config) -> Result<(FileRole, String), Diagnostic> {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let (base, lang) = match stem.rsplit_once('.') {
        Some((base, lang)) => {
            if !config.languages.contains_key(lang) {
                let known: Vec<&str> = config.language_codes();
                let hint = match nearest(lang, known.iter().copied()) {
                    Some(near) => format!(
                        "did you mean `{near}`? The site's languages are: {}",
                        known.join(", ")
                    ),
                    None => format!(
                        "the site's languages are: {}; add [languages.{lang}] to config.toml, or remove the dot from the file name",
                        known.join(", ")
                    ),
                };
                return Err(Diagnostic::error(format!(
                    "unknown language `{lang}` in the file name `{file_name}`"
                ))
                .with_hint(hint));
            }
            (base, lang.to_string())
        }
        None => (stem, config.default_language.clone()),
    };
    let role = match base {
        "_index" => FileRole::Section,
        "index" => FileRole::Bundle,
        other => FileRole::Page(other.to_string()),
    };
    Ok((role, lang))
}

fn check_taxonomies(
    front: &PageFront,
    config: &Config,
    text: &str,
    file: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = front
        .taxonomies
        .keys()
        .filter(|name| !config.taxonomies.contains_key(*name))
        .map(|name| {
            let declared: Vec<&str> = config.taxonomies.keys().map(String::as_str).collect();
            let hint = match nearest(name, declared.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if declared.is_empty() => format!("declare it in config.toml: [taxonomies.{name}]"),
                None => format!(
                    "the declared taxonomies are: {}; or declare [taxonomies.{name}] in config.toml",
                    declared.join(", ")
                ),
            };
            Diagnostic::error(format!("unknown taxonomy `{name}`"))
                .in_file(file)
                .at(Location::of_text(text, name, 1))
                .with_hint(hint)
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Places the loaded files in the tree: sections, their pages, URL paths and assets.
fn assemble(
    loaded: Vec<Loaded>,
    other_files: Vec<PathBuf>,
    config: &Config,
    locales: &Locales,
    diagnostics: &mut Diagnostics,
) -> Content {
    let mut content = Content::default();
    let mut pages_loaded = Vec::new();
    let mut section_at: HashMap<(String, String), usize> = HashMap::new();
    for file in loaded {
        match file.front {
            Front::Section(front) => {
                let key = key_of(&file.dir, &file.role);
                section_at.insert((file.dir.clone(), file.lang.clone()), content.sections.len());
                content.sections.push(Section {
                    source: file.source,
                    key,
                    lang: file.lang,
                    front,
                    path: String::new(),
                    parent: None,
                    pages: Vec::new(),
                    subsections: Vec::new(),
                    assets: Vec::new(),
                    is_fallback: file.fallback,
                });
            }
            Front::Page(front) => {
                pages_loaded.push((file.dir, file.role, file.lang, file.source, front, file.fallback))
            }
        }
    }
    add_missing_homes(&mut content, &mut section_at, config);
    let bundle_dirs: Vec<String> = pages_loaded
        .iter()
        .filter(|p| p.1 == FileRole::Bundle)
        .map(|p| p.0.clone())
        .collect();
    link_sections(&mut content, &section_at, config);
    for (dir, role, lang, source, front, is_fallback) in pages_loaded {
        let key = key_of(&dir, &role);
        let (section_dir, file_slug) = match &role {
            FileRole::Page(stem) => (dir.clone(), stem.clone()),
            _ => {
                let (parent, name) = dir.rsplit_once('/').unwrap_or(("", dir.as_str()));
                (parent.to_string(), name.to_string())
            }
        };
        let section = nearest_section(&section_at, &section_dir, &lang);
        let slug = front.slug.clone().unwrap_or_else(|| slugify(&file_slug));
        let path = format!(
            "{}{slug}/",
            dir_path(&content, &section_at, config, &section_dir, &lang)
        );
        content.pages.push(Page {
            source,
            key,
            lang,
            front,
            slug,
            path,
            section,
            assets: Vec::new(),
            is_fallback,
        });
    }
    attach_assets(&mut content, other_files, &bundle_dirs, &section_at);
    order_sections(&mut content, locales);
    check_slugs(&content, diagnostics);
    content
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Every language gets a home page, even without an `_index.md` of its own.
fn add_missing_homes(
    content: &mut Content,
    section_at: &mut HashMap<(String, String), usize>,
    config: &Config,
) {
    for lang in config.language_codes() {
        let key = (String::new(), lang.to_string());
        if section_at.contains_key(&key) {
            continue;
        }
        section_at.insert(key, content.sections.len());
        content.sections.push(Section {
            source: SourceFile::default(),
            key: "_index.md".to_string(),
            lang: lang.to_string(),
            front: SectionFront {
                title: config.title_in(lang).to_string(),
                sort_by: SortBy::None,
                ..SectionFront::default()
            },
            path: String::new(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            assets: Vec::new(),
            is_fallback: false,
        });
    }
}

/// The section that lists what is in `dir`: the one in `dir` itself, or the nearest above.
fn nearest_section(section_at: &HashMap<(String, String), usize>, dir: &str, lang: &str) -> usize {
    let mut dir = dir.to_string();
    loop {
        if let Some(&index) = section_at.get(&(dir.clone(), lang.to_string())) {
            return index;
        }
        match dir.rsplit_once('/') {
            Some((parent, _)) => dir = parent.to_string(),
            None if !dir.is_empty() => dir.clear(),
            None => unreachable!("every language has a home section"),
        }
    }
}

/// Gives each section its parent and URL path.
fn link_sections(content: &mut Content, section_at: &HashMap<(String, String), usize>, config: &Config) {
    for i in 0..content.sections.len() {
        let dir = section_dir(&content.sections[i].key);
        let lang = content.sections[i].lang.clone();
        let path = dir_path(content, section_at, config, &dir, &lang);
        let parent = (!dir.is_empty()).then(|| {
            let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            nearest_section(section_at, parent_dir, &lang)
        });
        let section = &mut content.sections[i];
        section.path = path;
        section.parent = parent;
    }
}

/// The URL path of a folder under content/ in `lang`: each folder is named by its section's
/// `slug` (in that language, else the default one) or by its transliterated name.
fn dir_path(
    content: &Content,
    section_at: &HashMap<(String, String), usize>,
    config: &Config,
    dir: &str,
    lang: &str,
) -> String {
    let mut path = format!("{}/", config.language_prefix(lang));
    let mut current = String::new();
    for name in dir.split('/').filter(|s| !s.is_empty()) {
        current = join(&current, name);
        let slug = [lang, config.default_language.as_str()]
            .iter()
            .find_map(|l| section_at.get(&(current.clone(), l.to_string())))
            .and_then(|&i| content.sections[i].front.slug.clone())
            .unwrap_or_else(|| slugify(name));
        path.push_str(&slug);
        path.push('/');
    }
    path
}

fn section_dir(key: &str) -> String {
    key.strip_suffix("_index.md")
        .unwrap_or(key)
        .trim_end_matches('/')
        .to_string()
}

/// Hands each non-Markdown file to the page bundle or section whose folder holds it.
fn attach_assets(
    content: &mut Content,
    files: Vec<PathBuf>,
    bundle_dirs: &[String],
    section_at: &HashMap<(String, String), usize>,
) {
    let mut by_dir: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    for file in files {
        let rel = file
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>();
        let Some(pos) = rel.iter().rposition(|c| c == CONTENT_DIR) else {
            continue;
        };
        let inner = rel[pos + 1..].join("/");
        let owner = owner_dir(&inner, bundle_dirs, section_at);
        let name = inner
            .strip_prefix(&owner)
            .unwrap_or(&inner)
            .trim_start_matches('/')
            .to_string();
        by_dir.entry(owner).or_default().push((file, name));
    }
    for (dir, assets) in by_dir {
        let as_assets = || {
            assets.iter().map(|(source, name)| Asset {
                source: source.clone(),
                name: name.clone(),
                size: std::fs::metadata(source).map_or(0, |m| m.len()),
                media_type: mime_guess::from_path(source)
                    .first_or_octet_stream()
                    .essence_str()
                    .to_string(),
            })
        };
        if bundle_dirs.contains(&dir) {
            let key = join(&dir, "index.md");
            for page in content.pages.iter_mut().filter(|p| p.key == key) {
                page.assets = as_assets().collect();
            }
        } else {
            let key = join(&dir, "_index.md");
            for section in content.sections.iter_mut().filter(|s| s.key == key) {
                section.assets = as_assets().collect();
            }
        }
    }
}

/// The deepest folder above `file` that is a page bundle or a section.
fn owner_dir(file: &str, bundle_dirs: &[String], section_at: &HashMap<(String, String), usize>) -> String {
    let mut dir = file
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string());
    loop {
        let is_section = section_at.keys().any(|(d, _)| *d == dir);
        if dir.is_empty() || bundle_dirs.contains(&dir) || is_section {
            return dir;
        }
        dir = dir.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string());
    }
}

/// Fills each section's page and subsection lists in their display order.
fn order_sections(content: &mut Content, locales: &Locales) {
    for (index, page) in content.pages.iter().enumerate() {
        content.sections[page.section].pages.push(index);
    }
    for index in 0..content.sections.len() {
        if let Some(parent) = content.sections[index].parent {
            content.sections[parent].subsections.push(index);
        }
    }
    let pages = &content.pages;
    for section in &mut content.sections {
        let sort_by = section.front.sort_by;
        section
            .pages
            .sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sort_by, locales));
    }
    let snapshot: Vec<(Option<i64>, String)> = content
        .sections
        .iter()
        .map(|s| (s.front.weight, s.front.title.clone()))
        .collect();
    for section in &mut content.sections {
        section.subsections.sort_by(|&a, &b| {
            let (wa, ta) = &snapshot[a];
            let (wb, tb) = &snapshot[b];
            wa.unwrap_or(i64::MAX)
                .cmp(&wb.unwrap_or(i64::MAX))
                .then_with(|| ta.cmp(tb))
        });
    }
}

/// Pages in a section's order; titles in the alphabetical order of the pages' language.
fn compare_pages(a: &Page, b: &Page, sort_by: SortBy, locales: &Locales) -> std::cmp::Ordering {
    let by_title = || {
        locales
            .compare(&a.front.title, &b.front.title, &a.lang)
            .then_with(|| a.key.cmp(&b.key))
    };
    match sort_by {
        SortBy::Date => b.front.date.cmp(&a.front.date).then_with(by_title),
        SortBy::Weight => a
            .front
            .weight
            .unwrap_or(i64::MAX)
            .cmp(&b.front.weight.unwrap_or(i64::MAX))
            .then_with(by_title),
        SortBy::Title => by_title(),
        SortBy::None => a.key.cmp(&b.key),
    }
}

fn check_slugs(content: &Content, diagnostics: &mut Diagnostics) {
    for page in &content.pages {
        if page.slug.is_empty() || page.slug.contains('/') {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the page's URL slug `{}` is empty or holds a `/`",
                    page.slug
                ))
                .in_file(&page.source.path)
                .with_hint(
                    "set slug = \"a-short-name\" in the front matter, with letters, digits and hyphens",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates_every_script() {
        assert_eq!(
            slugify("Стратегија паметне специјализације"),
            "strategija-pametne-spetsijalizatsije"
        );
        assert_eq!(slugify("Ştiinţă & Inovare!"), "stiinta-inovare");
        assert_eq!(slugify("Έξυπνη εξειδίκευση"), "exupne-exeidikeuse");
    }
}
