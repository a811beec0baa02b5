//! What of a page is searched: the site model turned into [`Document`]s, one language at a
//! time. Titles, descriptions, headings, prose and typed text fields are indexed; code
//! blocks, shortcodes and navigation are not (the markdown stage leaves them out of
//! `Rendered::text`). Sections are documents too, with their own text. A page or section with
//! `search = false` under `[extra]` is left out.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::config::FieldKind;
use crate::markdown::TocEntry;
use crate::schema;
use crate::site::{Lookup, Site};

/// One searchable page, as the index builder needs it. The prose is borrowed from the
/// site model where there is one: on a large site it is most of the text.
#[derive(Debug, Clone, Default, Hash)]
pub struct Document<'a> {
    /// The page title.
    pub title: String,
    /// The link to the page.
    pub url: String,
    /// The type's label in the page's language ("Case study"), or empty.
    pub type_label: String,
    /// The front-matter description.
    pub description: String,
    /// Heading titles.
    pub headings: Vec<String>,
    /// The prose.
    pub body: Cow<'a, str>,
    /// Typed field values and facet labels, as text.
    pub fields: Vec<String>,
    /// Facet values: facet name (`type`, a taxonomy), value id, value label.
    pub facets: Vec<Facet>,
    /// A few values shown under the title in results.
    pub facts: Vec<String>,
}

/// One facet value of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Facet {
    /// `type` or a taxonomy name.
    pub facet: String,
    /// The value's id (a slug).
    pub value: String,
    /// The value's label in the document's language.
    pub label: String,
}

/// The facet every index has: the content type.
pub const TYPE_FACET: &str = "type";

/// The documents of every language of the site, in the site's language order.
pub fn documents(site: &Site) -> Vec<(String, Vec<Document<'_>>)> {
    // Referenced pages are named as their pages show them: a case study is found by its
    // clusters' names.
    let lookup = Lookup::new(site);
    site.config
        .language_codes()
        .into_iter()
        .map(|lang| {
            let pages = site
                .content
                .pages
                .par_iter()
                .enumerate()
                // A fallback copy is the default language's text: it is found in that language's index.
                .filter(|(_, page)| page.lang == lang && !page.is_fallback && searchable(&page.front.extra))
                .map(|(i, _)| page_document(site, i, &lookup));
            let sections = site
                .content
                .sections
                .par_iter()
                .enumerate()
                // A home page made for a language without an _index.md has nothing to find.
                .filter(|(_, section)| {
                    section.lang == lang
                        && !section.is_fallback
                        && !section.source.path.as_os_str().is_empty()
                        && searchable(&section.front.extra)
                })
                .map(|(i, _)| section_document(site, i));
            (lang.to_string(), pages.chain(sections).collect())
        })
        .collect()
}

fn searchable(extra: &toml::Table) -> bool {
    !matches!(extra.get("search"), Some(toml::Value::Boolean(false)))
}

fn page_document<'a>(site: &'a Site, i: usize, lookup: &Lookup) -> Document<'a> {
    let page = &site.content.pages[i];
    let body = &site.page_bodies[i];
    let config = &site.config;
    let mut doc = Document {
        title: page.front.title.clone(),
        url: config.url(&page.path),
        description: page.front.description.clone().unwrap_or_default(),
        body: Cow::Borrowed(&body.text),
        ..Document::default()
    };
    collect_headings(&body.toc, &mut doc.headings);
    if let Some(typed) = site.schema.pages.get(i).and_then(Option::as_ref) {
        if let Some(decl) = config.types.get(&typed.type_name) {
            doc.type_label = schema::label_in(&decl.label, &page.lang, config, &typed.type_name);
            doc.facets.push(Facet {
                facet: TYPE_FACET.to_string(),
                value: typed.type_name.clone(),
                label: doc.type_label.clone(),
            });
            for (name, value) in &typed.values {
                let Some(field) = decl.fields.get(name) else {
                    continue;
                };
                if matches!(
                    schema::item_kind(field),
                    FieldKind::Url | FieldKind::Email | FieldKind::Geo | FieldKind::Bool
                ) {
                    continue;
                }
                let shown = schema::show(value, field, &page.lang, config, lookup);
                let text = shown
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                if field.facet && doc.facts.len() < 3 && !text.is_empty() {
                    doc.facts.push(text.clone());
                }
                doc.fields.push(text);
            }
        }
    }
    for taxonomy in site.taxonomies.iter().filter(|t| t.lang == page.lang) {
        for term in taxonomy.terms.iter().filter(|t| t.pages.contains(&i)) {
            doc.fields.push(term.name.clone());
            doc.facets.push(Facet {
                facet: taxonomy.name.clone(),
                value: term.slug.clone(),
                label: term.name.clone(),
            });
        }
    }
    doc
}

/// A section is searched by its own title, description, headings and text (the pages it
/// lists are documents of their own).
fn section_document(site: &Site, i: usize) -> Document<'_> {
    let section = &site.content.sections[i];
    let body = &site.section_bodies[i];
    let mut doc = Document {
        title: section.front.title.clone(),
        url: site.config.url(&section.path),
        description: section.front.description.clone().unwrap_or_default(),
        body: Cow::Borrowed(&body.text),
        ..Document::default()
    };
    collect_headings(&body.toc, &mut doc.headings);
    doc
}

fn collect_headings(toc: &[TocEntry], out: &mut Vec<String>) {
    for entry in toc {
        out.push(entry.title.clone());
        collect_headings(&entry.children, out);
    }
}
