//! config.toml: the site's settings, read once into typed structs.
//!
//! Unknown keys are errors (with the nearest valid key), so a typo never silently does
//! nothing. This module only reads and checks the configuration; it does not look at content.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::toml_error::toml_diagnostic;

/// The name of the configuration file in the site root.
pub const CONFIG_FILE: &str = "config.toml";

/// The whole of config.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The address the site is published at, without a trailing slash.
    pub base_url: String,
    /// The site's title in the default language.
    pub title: String,
    /// One or two sentences about the site.
    #[serde(default)]
    pub description: String,
    /// The language at the root of the site; the others live under `/<code>/`.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// The folder under themes/ to take templates, static files and UI strings from.
    #[serde(default)]
    pub theme: Option<String>,
    /// Markdown options.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Build options.
    #[serde(default)]
    pub build: BuildConfig,
    /// What other languages show for pages not translated into them; sections can override it.
    #[serde(default)]
    pub fallback: Fallback,
    /// Taxonomies pages can be classified by, in the order declared.
    #[serde(default)]
    pub taxonomies: IndexMap<String, TaxonomyConfig>,
    /// Languages, in the order declared; the default one is added when missing.
    #[serde(default)]
    pub languages: IndexMap<String, LanguageConfig>,
    /// Free data for templates.
    #[serde(default)]
    pub extra: toml::Table,
    /// Declared value lists (`[lists.themes]`): id to a label per language.
    #[serde(default)]
    pub lists: IndexMap<String, IndexMap<String, Labels>>,
    /// Content types (`[types.cluster]`) and their fields.
    #[serde(default)]
    pub types: IndexMap<String, TypeDecl>,
}

/// A text per language code: `{ en = "Country", ro = "Țara" }`.
pub type Labels = IndexMap<String, String>;

/// `[types.<name>]`: a kind of page with declared fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDecl {
    /// Folders under content/ whose pages (at any depth) are of this type unless they say
    /// otherwise with `type = "…"`.
    #[serde(default)]
    pub sections: Vec<String>,
    /// The type's name per language ("Cluster profile").
    #[serde(default)]
    pub label: Labels,
    /// The file name of the open-data exports (`clusters` gives clusters.json, .csv).
    #[serde(default)]
    pub export: Option<String>,
    /// The schema.org type of its JSON-LD (`Organization`, `Article`, `Course`, `Event`…).
    #[serde(default)]
    pub schema_org: Option<String>,
    /// Its fields, in the order they are shown.
    #[serde(default)]
    pub fields: IndexMap<String, FieldDecl>,
}

/// One field of a type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDecl {
    /// What values it takes.
    pub kind: FieldKind,
    /// For `list`: the kind of each item.
    #[serde(default)]
    pub of: Option<FieldKind>,
    /// For `enum` (or a list of them): the name of a `[lists.<name>]`.
    #[serde(default)]
    pub list: Option<String>,
    /// For `ref` (or a list of them): the type the pages referred to must have.
    #[serde(default, rename = "type")]
    pub target: Option<String>,
    /// The page is an error without it.
    #[serde(default)]
    pub required: bool,
    /// The value when the page gives none.
    #[serde(default)]
    pub default: Option<toml::Value>,
    /// The field's name per language.
    #[serde(default)]
    pub label: Labels,
    /// Offered as a filter in directories and search.
    #[serde(default)]
    pub facet: bool,
    /// The values also classify the page in this taxonomy (terms named by their labels).
    #[serde(default)]
    pub taxonomy: Option<String>,
    /// A sentence for editors: what to write here.
    #[serde(default)]
    pub help: Option<String>,
    /// The schema.org property the field fills in the page's JSON-LD, e.g. `email` or
    /// `address.addressCountry` (a dot nests it in an object of the usual schema.org type).
    #[serde(default)]
    pub schema_org: Option<String>,
}

/// The kinds of field values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Plain text.
    Text,
    /// Markdown, rendered to HTML.
    Markdown,
    /// A whole number.
    Int,
    /// A number.
    Float,
    /// true or false.
    Bool,
    /// A calendar date.
    Date,
    /// An http(s) address.
    Url,
    /// An e-mail address.
    Email,
    /// An ISO 3166-1 alpha-2 country code (XK for Kosovo).
    Country,
    /// A NUTS region code (EL for Greece).
    Nuts,
    /// A NACE Rev. 2 section letter or division number.
    Nace,
    /// One of the 14 EU industrial ecosystems.
    Ecosystem,
    /// A place: `{ lat = 45.25, lon = 19.84 }`.
    Geo,
    /// One value of a declared list.
    Enum,
    /// Several values of the kind named by `of`.
    List,
    /// The path of another page (`clusters/danube-ict.md`).
    Ref,
}

fn default_language() -> String {
    "en".to_string()
}

/// `[markdown]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Highlight fenced code blocks with CSS classes.
    pub highlight_code: bool,
    /// The syntect theme the generated syntax.css is made from.
    pub highlight_theme: String,
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            highlight_theme: "InspiredGitHub".to_string(),
            smart_punctuation: true,
        }
    }
}

/// `[build]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuildConfig {
    /// Publish pages marked `draft = true`.
    pub drafts: bool,
    /// Write the client-side search index (on by default).
    pub search_index: bool,
    /// Minify the `.js` files of static/ (on by default; `.min.js` files are copied as they are).
    pub minify_js: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            drafts: false,
            search_index: true,
            minify_js: true,
        }
    }
}

/// `[taxonomies.<name>]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaxonomyConfig {
    /// Pages per term page; 0 lists all on one page.
    pub paginate_by: usize,
}

/// `[languages.<code>]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// The language's name in itself ("Română").
    pub name: String,
    /// The site title in this language; the default title when empty.
    pub title: String,
    /// The site description in this language; the default description when empty.
    pub description: String,
    /// The ICU locale for dates, numbers and sorting, when it differs from the code.
    pub locale: Option<String>,
    /// The folder of the language's pages, when not its code in lower case (`path = "sr"`);
    /// the default language lives at the root unless it sets one too.
    pub path: Option<String>,
    /// Another language this one is made from by transliteration (`sr-Latn` from `sr-Cyrl`):
    /// partners write once and both scripts are published.
    pub generate_from: Option<String>,
}

/// What a language shows for a page that has no translation in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fallback {
    /// No page in that language, and no link to one.
    #[default]
    Omit,
    /// The default language's page, published in that language's tree with its UI and a
    /// notice that the text is not translated yet.
    Default,
}

impl Config {
    /// Reads and checks `config.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(one(Diagnostic::error("config.toml is not valid UTF-8 text")
                        .in_file(CONFIG_FILE)
                        .with_hint("save the file with UTF-8 encoding")));
                }
            },
            Err(error) => {
                return Err(one(Diagnostic::error(format!(
                    "cannot read {}: {error}",
                    path.display()
                ))
                .in_file(CONFIG_FILE)
                .with_hint("run policylab in the site's folder, or name it with --root DIR")));
            }
        };
        Config::parse(&text)
    }

    /// Parses and checks the text of a config.toml.
    pub fn parse(text: &str) -> Result<Config, Diagnostics> {
        let mut config: Config =
            toml::from_str(text).map_err(|e| one(toml_diagnostic(&e, Path::new(CONFIG_FILE), text, 0)))?;
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        let diagnostics = config.check(text);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        if !config.languages.contains_key(&config.default_language) {
            let code = config.default_language.clone();
            config.languages.shift_insert(
                0,
                code.clone(),
                LanguageConfig {
                    name: code,
                    ..LanguageConfig::default()
                },
            );
        }
        Ok(config)
    }

    fn check(&self, text: &str) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        let at = |needle: &str| Location::of_text(text, needle, 1);
        let mut prefixes: Vec<(String, &str)> = Vec::new();
        for code in self.languages.keys() {
            let prefix = self.language_prefix(code);
            if let Some((_, other)) = prefixes.iter().find(|(p, _)| *p == prefix) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "[languages.{code}] and [languages.{other}] publish into the same folder `{prefix}/`"
                    ))
                    .in_file(CONFIG_FILE)
                    .at(at(&format!("[languages.{code}]")))
                    .with_hint("give one of them another `path`"),
                );
            }
            prefixes.push((prefix, code));
        }
        for (code, language) in &self.languages {
            if let Some(source) = &language.generate_from {
                if source == code || !self.languages.contains_key(source) {
                    diagnostics.push(
                        Diagnostic::error(format!("[languages.{code}] is generated from `{source}`, which is not another language of the site"))
                            .in_file(CONFIG_FILE)
                            .at(at(&format!("\"{source}\"")))
                            .with_hint("name a declared language, e.g. generate_from = \"sr-Cyrl\" for sr-Latn"),
                    );
                }
            }
        }
        if !self.base_url.starts_with("http://")
            && !self.base_url.starts_with("https://")
            && !self.base_url.is_empty()
        {
            diagnostics.push(
                Diagnostic::error(format!("base_url `{}` is not an http(s) address", self.base_url))
                    .in_file(CONFIG_FILE)
                    .at(at(&self.base_url))
                    .with_hint("write the full address, e.g. base_url = \"https://platform.example.eu\""),
            );
        }
        for code in self.languages.keys().chain([&self.default_language]) {
            if !is_language_code(code) {
                diagnostics.push(
                    Diagnostic::error(format!("`{code}` is not a language code"))
                        .in_file(CONFIG_FILE)
                        .at(at(code))
                        .with_hint("use a BCP 47 code such as en, ro, sr-Cyrl or sr-Latn"),
                );
            }
        }
        if !self.languages.is_empty() && !self.languages.contains_key(&self.default_language) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "default_language `{}` has no [languages.{}] table",
                    self.default_language, self.default_language
                ))
                .in_file(CONFIG_FILE)
                .at(at("default_language"))
                .with_hint(format!(
                    "add [languages.{}] or set default_language to one of: {}",
                    self.default_language,
                    self.languages.keys().cloned().collect::<Vec<_>>().join(", ")
                )),
            );
        }
        for name in self.taxonomies.keys() {
            if crate::content::slugify(name) != *name {
                diagnostics.push(
                    Diagnostic::error(format!("taxonomy name `{name}` cannot be used in URLs"))
                        .in_file(CONFIG_FILE)
                        .at(at(name))
                        .with_hint("use lowercase ASCII letters, digits and hyphens"),
                );
            }
        }
        diagnostics
    }

    /// The path part of base_url ("" or "/platform"), prefixed to every root-relative link.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }

    /// The language codes in declared order, the default first.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .keys()
                .map(String::as_str)
                .filter(|c| *c != self.default_language),
        );
        codes
    }

    /// The ICU locale of `lang`.
    pub fn locale_of<'a>(&'a self, lang: &'a str) -> &'a str {
        self.languages
            .get(lang)
            .and_then(|l| l.locale.as_deref())
            .unwrap_or(lang)
    }

    /// The language `lang` is generated from, if it is.
    pub fn generated_from(&self, lang: &str) -> Option<&str> {
        self.languages.get(lang).and_then(|l| l.generate_from.as_deref())
    }

    /// The site title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        match self.languages.get(lang) {
            Some(l) if !l.title.is_empty() => &l.title,
            _ => &self.title,
        }
    }

    /// The site description in `lang`.
    pub fn description_in(&self, lang: &str) -> &str {
        match self.languages.get(lang) {
            Some(l) if !l.description.is_empty() => &l.description,
            _ => &self.description,
        }
    }

    /// The URL prefix of a language: "" for the default one, "/ro" for Romanian, "/sr-latn"
    /// for Serbian in Latin script (URLs are lower case).
    pub fn language_prefix(&self, lang: &str) -> String {
        match self.languages.get(lang).and_then(|l| l.path.as_deref()) {
            Some(path) if path.trim_matches('/').is_empty() => String::new(),
            Some(path) => format!("/{}", path.trim_matches('/')),
            None if lang == self.default_language => String::new(),
            None => format!("/{}", lang.to_lowercase()),
        }
    }
}

impl Config {
    /// The link to a site path (`/news/first/`) for use in pages: root-relative, with the
    /// path of base_url in front. Every link in the output comes from here.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), path)
    }

    /// The absolute address of a site path, for canonical links and the sitemap.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// A BCP 47 tag of the shapes used here: `ro`, `sr-Cyrl`, `pt-BR`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
    primary_ok && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn one(diagnostic: Diagnostic) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(diagnostic);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_the_default_language() {
        let config = Config::parse("base_url = \"https://x.eu/platform/\"\ntitle = \"T\"").unwrap();
        assert_eq!(config.base_url, "https://x.eu/platform");
        assert_eq!(config.base_path(), "/platform");
        assert_eq!(config.language_codes(), vec!["en"]);
    }

    #[test]
    fn unknown_key_is_reported_with_the_nearest_key() {
        let errors = Config::parse("base_url = \"https://x.eu\"\ntitle = \"T\"\ndefault_langauge = \"en\"")
            .unwrap_err()
            .sorted();
        assert_eq!(errors[0].message, "unknown key `default_langauge`");
        assert_eq!(errors[0].location.as_ref().unwrap().line, 3);
        assert!(errors[0].hint.as_ref().unwrap().contains("`default_language`"));
    }

    #[test]
    fn languages_live_under_their_code_or_their_path() {
        let config = Config::parse(
            "base_url = \"https://x.eu\"\ntitle = \"T\"\n[languages.en]\n[languages.sr-Cyrl]\npath = \"sr\"\n[languages.sr-Latn]\n",
        )
        .unwrap();
        assert_eq!(config.language_prefix("en"), "");
        assert_eq!(config.language_prefix("sr-Cyrl"), "/sr");
        assert_eq!(config.language_prefix("sr-Latn"), "/sr-latn");
        let clash = Config::parse(
            "base_url = \"https://x.eu\"\ntitle = \"T\"\n[languages.en]\n[languages.ro]\npath = \"en\"\n[languages.de]\npath = \"/\"\n",
        );
        let errors = clash.unwrap_err().sorted();
        assert_eq!(
            errors[0].message,
            "[languages.de] and [languages.en] publish into the same folder `/`"
        );
    }

    #[test]
    fn language_codes_follow_bcp47_shapes() {
        assert!(is_language_code("sr-Cyrl"));
        assert!(is_language_code("en"));
        assert!(!is_language_code("English"));
        assert!(!is_language_code("e"));
    }
}
