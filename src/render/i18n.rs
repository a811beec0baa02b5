//! UI strings: `i18n/<lang>.toml` of the theme, overridden key by key by the site's.

use std::collections::HashMap;
use std::path::Path;

use super::templates::layer_dirs;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::toml_error::toml_diagnostic;

/// UI strings per language.
#[derive(Debug, Clone, Default)]
pub struct UiStrings {
    by_lang: HashMap<String, HashMap<String, String>>,
    default_language: String,
}

impl UiStrings {
    /// Reads the theme's and the site's i18n/ folders for every language of the site.
    /// `generated` pairs a language made by transliteration with its source language, whose
    /// strings it takes in Latin script when it has no file of its own.
    pub fn load(
        root: &Path,
        theme: Option<&str>,
        languages: &[&str],
        default_language: &str,
        generated: &[(&str, &str)],
    ) -> Result<UiStrings, Diagnostics> {
        let mut diagnostics = Diagnostics::new();
        let mut by_lang: HashMap<String, HashMap<String, String>> = HashMap::new();
        for (dir, rel_dir) in layer_dirs(root, theme, "i18n") {
            for lang in languages {
                let file = dir.join(format!("{lang}.toml"));
                let Ok(text) = std::fs::read_to_string(&file) else {
                    continue;
                };
                let rel = rel_dir.join(format!("{lang}.toml"));
                match toml::from_str::<HashMap<String, String>>(&text) {
                    Ok(strings) => by_lang.entry(lang.to_string()).or_default().extend(strings),
                    Err(error) => diagnostics.push(
                        toml_diagnostic(&error, &rel, &text, 0)
                            .with_hint("UI string files hold lines like read_more = \"Read more\""),
                    ),
                }
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        for &(lang, source) in generated {
            if !by_lang.contains_key(lang) {
                let strings = by_lang.get(source).map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), crate::content::translit::to_latin(v)))
                        .collect()
                });
                by_lang.insert(lang.to_string(), strings.unwrap_or_default());
            }
        }
        Ok(UiStrings {
            by_lang,
            default_language: default_language.to_string(),
        })
    }

    /// The string for `key` in `lang`, falling back to the default language.
    pub fn get(&self, key: &str, lang: &str) -> Result<&str, Diagnostic> {
        let in_lang = |l: &str| self.by_lang.get(l).and_then(|m| m.get(key)).map(String::as_str);
        in_lang(lang)
            .or_else(|| in_lang(&self.default_language))
            .ok_or_else(|| {
                Diagnostic::error(format!(
                    "the UI string `{key}` is missing from i18n/{}.toml",
                    self.default_language
                ))
                .with_hint(format!(
                    "add {key} = \"…\" to i18n/{}.toml of the theme or the site",
                    self.default_language
                ))
            })
    }
}
