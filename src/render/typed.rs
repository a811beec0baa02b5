//! Typed fields, facts boxes and backlinks as template values.

use indexmap::IndexMap;
use serde::Serialize;

use crate::config::Config;
use crate::markdown::render_fragment;
use crate::schema::{self, FieldValue, Shown, Typed};
use crate::site::{Lookup, Site};

/// One field as a template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// The field's name (`country`).
    pub name: String,
    /// Its label in the page's language (`Țara`).
    pub label: String,
    /// Its kind (`country`, `list`…).
    pub kind: crate::config::FieldKind,
    /// The kind of each item: the kind itself, or a list's `of`.
    pub item_kind: crate::config::FieldKind,
    /// Every value as shown.
    pub items: Vec<Shown>,
    /// The values' texts joined by commas.
    pub text: String,
    /// For Markdown fields: the HTML.
    pub html: Option<String>,
    /// For place fields: latitude and longitude.
    pub geo: Option<(f64, f64)>,
}

/// The pages of one type that refer to a page, through one field.
#[derive(Debug, Clone, Serialize)]
pub struct BacklinkGroup {
    /// The referring type (`case_study`).
    #[serde(rename = "type")]
    pub type_name: String,
    /// The type's label in the page's language.
    pub label: String,
    /// The field holding the reference.
    pub field: String,
    /// The referring pages: title and URL.
    pub pages: Vec<PageLink>,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// The title.
    pub title: String,
    /// The link.
    pub url: String,
}

/// The facts of a typed page or section, in declared order.
pub fn facts(typed: &Typed, lang: &str, config: &Config, lookup: &Lookup) -> Vec<Fact> {
    typed
        .with_fields(config)
        .map(|(name, field, value)| {
            let items = schema::show(value, field, lang, config, lookup);
            let text = items
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Fact {
                name: name.to_string(),
                label: schema::label_in(&field.label, lang, config, name),
                kind: field.kind,
                item_kind: schema::item_kind(field),
                html: match value {
                    FieldValue::Markdown(source) => Some(render_fragment(source, false)),
                    _ => None,
                },
                geo: match value {
                    FieldValue::Geo { lat, lon } => Some((*lat, *lon)),
                    _ => None,
                },
                items,
                text,
            }
        })
        .collect()
}

/// The facts keyed by field name.
pub fn fields(facts: &[Fact]) -> IndexMap<String, Fact> {
    facts.iter().map(|f| (f.name.clone(), f.clone())).collect()
}

/// The pages referring to page `index`, grouped by type and field.
pub fn backlinks(site: &Site, index: usize) -> Vec<BacklinkGroup> {
    let lang = &site.content.pages[index].lang;
    let mut groups: Vec<BacklinkGroup> = Vec::new();
    for link in &site.schema.backlinks[index] {
        let from = &site.content.pages[link.page];
        let entry = PageLink {
            title: from.front.title.clone(),
            url: site.config.url(&from.path),
        };
        match groups
            .iter_mut()
            .find(|g| g.type_name == link.type_name && g.field == link.field)
        {
            Some(group) => group.pages.push(entry),
            None => groups.push(BacklinkGroup {
                type_name: link.type_name.clone(),
                label: type_label(&site.config, &link.type_name, lang),
                field: link.field.clone(),
                pages: vec![entry],
            }),
        }
    }
    groups
}

/// A type's label in `lang`.
pub fn type_label(config: &Config, type_name: &str, lang: &str) -> String {
    config
        .types
        .get(type_name)
        .map(|decl| schema::label_in(&decl.label, lang, config, type_name))
        .unwrap_or_else(|| type_name.to_string())
}
