//! How typed values read on a page: country names in the page's language, region and sector
//! codes with their names, labels of list values, titles of referenced pages.

use super::FieldValue;
use super::codes;
use crate::config::{Config, FieldDecl};

/// One value as shown: its text, its code (for data and facets), and a link when it has one.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Shown {
    /// The text to show.
    pub text: String,
    /// The stored value (a code, id, number or page key).
    pub code: String,
    /// Where it links to, if anywhere (a referenced page, a web address, a mailbox).
    pub url: Option<String>,
}

/// Finds the title and URL of a referenced page in a language.
pub trait PageLookup {
    /// The title and URL of the page with content key `key` in `lang`.
    fn title_and_url(&self, key: &str, lang: &str) -> Option<(String, String)>;
}

/// A lookup that finds no page: for labels without links (CSV cells, taxonomy terms).
pub struct NoLinks;

impl PageLookup for NoLinks {
    fn title_and_url(&self, _: &str, _: &str) -> Option<(String, String)> {
        None
    }
}

/// Every item of `value` as shown in `lang`.
pub fn show(
    value: &FieldValue,
    field: &FieldDecl,
    lang: &str,
    config: &Config,
    pages: &dyn PageLookup,
) -> Vec<Shown> {
    value
        .items()
        .into_iter()
        .map(|item| show_one(item, field, lang, config, pages))
        .collect()
}

fn show_one(
    value: &FieldValue,
    field: &FieldDecl,
    lang: &str,
    config: &Config,
    pages: &dyn PageLookup,
) -> Shown {
    let plain = |text: String| Shown {
        code: text.clone(),
        text,
        url: None,
    };
    match value {
        FieldValue::Text(s) | FieldValue::Markdown(s) => plain(s.clone()),
        FieldValue::Int(i) => plain(i.to_string()),
        FieldValue::Float(f) => plain(f.to_string()),
        FieldValue::Bool(b) => plain(b.to_string()),
        FieldValue::Date(d) => plain(d.to_string()),
        FieldValue::Url(u) => Shown {
            text: u
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string(),
            code: u.clone(),
            url: Some(u.clone()),
        },
        FieldValue::Email(e) => Shown {
            text: e.clone(),
            code: e.clone(),
            url: Some(format!("mailto:{e}")),
        },
        FieldValue::Country(c) => coded(c, codes::countries().get(c).map(|x| x.name(lang).to_string())),
        FieldValue::Nuts(c) => coded(c, codes::nuts().get(c).map(|x| format!("{c} {}", x.name(lang)))),
        FieldValue::Nace(c) => coded(c, codes::nace().get(c).map(|x| format!("{c} {}", x.name(lang)))),
        FieldValue::Ecosystem(c) => coded(c, codes::ecosystems().get(c).map(|x| x.name(lang).to_string())),
        FieldValue::Geo { lat, lon } => plain(format!("{lat:.4}, {lon:.4}")),
        FieldValue::Enum(id) => coded(
            id,
            enum_label(config, field.list.as_deref().unwrap_or(""), id, lang),
        ),
        FieldValue::Ref(key) => match pages.title_and_url(key, lang) {
            Some((title, url)) => Shown {
                text: title,
                code: key.clone(),
                url: Some(url),
            },
            None => plain(key.clone()),
        },
        FieldValue::List(_) => plain(String::new()),
    }
}

fn coded(code: &str, name: Option<String>) -> Shown {
    Shown {
        text: name.unwrap_or_else(|| code.to_string()),
        code: code.to_string(),
        url: None,
    }
}

/// The label of a list value in `lang`, else the default language's, else the first one.
pub fn enum_label(config: &Config, list: &str, id: &str, lang: &str) -> Option<String> {
    let labels = config.lists.get(list)?.get(id)?;
    Some(label_in(labels, lang, config, id))
}

/// A label per language (a field's, a type's, a list value's) in `lang`; for a language made by
/// transliteration, its source language's label in Latin script; else the default language's;
/// else `fallback`.
pub fn label_in(labels: &crate::config::Labels, lang: &str, config: &Config, fallback: &str) -> String {
    if let Some(label) = labels.get(lang) {
        return label.clone();
    }
    if let Some(label) = config.generated_from(lang).and_then(|source| labels.get(source)) {
        return crate::content::translit::to_latin(label);
    }
    labels
        .get(&config.default_language)
        .or_else(|| labels.values().next())
        .cloned()
        .unwrap_or_else(|| fallback.replace('_', " "))
}
