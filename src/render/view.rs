//! The template context: pages, sections and taxonomies as Tera values.
//!
//! Each value is built once and shared (Tera values are reference-counted), so a section
//! listing ten thousand pages costs ten thousand pointer copies, not ten thousand pages.

use std::collections::HashMap;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use super::jsonld::{Subject, jsonld};
use super::typed::{BacklinkGroup, Fact, backlinks, facts, fields, type_label};
use crate::content::{Asset, Page, Section, Taxonomy, slugify};
use crate::markdown::Rendered;
use crate::site::{Lookup, Site};

/// Every page, section and taxonomy as template values, with lookups by key and language.
#[derive(Default)]
pub struct Views {
    /// Page summaries (no content, no TOC), by page index.
    pub page_summaries: Vec<Value>,
    /// Full pages but for `content` (added by [`Views::page_with_content`] when a page is
    /// rendered, so the HTML of every page is not held twice), by page index.
    pub pages: Vec<Value>,
    /// Full sections, by section index.
    pub sections: Vec<Value>,
    /// Taxonomies, by index in `Site::taxonomies`.
    pub taxonomies: Vec<Value>,
    /// Taxonomies whose terms do not list their pages (`page_count` says how many), for
    /// the page of one term: it then depends on the term names, not on every other term's
    /// pages.
    pub taxonomy_outlines: Vec<Value>,
    /// The terms of each taxonomy, by taxonomy index then term index.
    pub terms: Vec<Vec<Value>>,
    page_index: HashMap<(String, String), usize>,
    section_index: HashMap<(String, String), usize>,
    taxonomy_index: HashMap<(String, String), usize>,
    default_language: String,
}

impl Views {
    /// The page with `key` in `lang`, or in the default language when it has no translation.
    pub fn page(&self, key: &str, lang: &str) -> Option<&Value> {
        self.lookup(&self.page_index, key, lang).map(|i| &self.pages[i])
    }

    /// The section with `key` in `lang`, or in the default language when it has no translation.
    pub fn section(&self, key: &str, lang: &str) -> Option<&Value> {
        self.lookup(&self.section_index, key, lang)
            .map(|i| &self.sections[i])
    }

    fn lookup(&self, index: &HashMap<(String, String), usize>, key: &str, lang: &str) -> Option<usize> {
        let find = |l: &str| index.get(&(key.to_string(), l.to_string())).copied();
        find(lang).or_else(|| find(&self.default_language))
    }

    /// Page `index` with its HTML `content`, for rendering that page.
    pub fn page_with_content(&self, index: usize, html: &str) -> Value {
        let mut map = self.pages[index].as_map().cloned().unwrap_or_default();
        map.insert("content".into(), Value::from(html));
        Value::from(map)
    }

    /// Page `index` as it would be with another Markdown `body` (same front matter), with
    /// its HTML `content`: the dev server renders an edited page with this before the whole
    /// site is built again. The fields set here are every field [`build`] takes from the
    /// body.
    pub fn page_with_body(&self, index: usize, body: &Rendered) -> Value {
        let mut map = self.pages[index].as_map().cloned().unwrap_or_default();
        map.insert("summary".into(), Value::from_serializable(&body.summary));
        map.insert("word_count".into(), Value::from_serializable(&body.word_count));
        map.insert(
            "reading_time".into(),
            Value::from_serializable(&reading_time(body.word_count)),
        );
        map.insert("toc".into(), Value::from_serializable(&body.toc));
        map.insert("content".into(), Value::from(body.html.as_str()));
        Value::from(map)
    }

    /// Section `index` as it would be with another Markdown `body` (same front matter), like
    /// [`Views::page_with_body`].
    pub fn section_with_body(&self, index: usize, body: &Rendered) -> Value {
        let mut map = self.sections[index].as_map().cloned().unwrap_or_default();
        map.insert("content".into(), Value::from(body.html.as_str()));
        map.insert("toc".into(), Value::from_serializable(&body.toc));
        Value::from(map)
    }

    /// The taxonomy called `name` in `lang`.
    pub fn taxonomy(&self, name: &str, lang: &str) -> Option<&Value> {
        self.taxonomy_index
            .get(&(name.to_string(), lang.to_string()))
            .map(|&i| &self.taxonomies[i])
    }
}

#[derive(Serialize)]
struct Link {
    lang: String,
    title: String,
    url: String,
    permalink: String,
    /// The default language's text standing in for a missing translation.
    fallback: bool,
}

#[derive(Serialize)]
struct TermLink {
    /// The term as the page writes it (`RO`, `digital`).
    name: String,
    slug: String,
    url: String,
    /// The term's name in its taxonomy, as the term's own page shows it (`Romania`).
    label: String,
}

/// The name of each term in its taxonomy, by taxonomy, language and slug.
type TermLabels<'a> = HashMap<(&'a str, &'a str, &'a str), &'a str>;

fn term_labels(site: &Site) -> TermLabels<'_> {
    site.taxonomies
        .iter()
        .flat_map(|taxonomy| {
            taxonomy.terms.iter().map(|term| {
                (
                    (taxonomy.name.as_str(), taxonomy.lang.as_str(), term.slug.as_str()),
                    term.name.as_str(),
                )
            })
        })
        .collect()
}

#[derive(Serialize)]
struct AssetLink {
    name: String,
    url: String,
    size: u64,
    media_type: String,
    /// The extension in capitals, for people: `PDF`, `CSV`.
    format: String,
}

#[derive(Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    url: String,
    permalink: String,
    path: &'a str,
    slug: &'a str,
    lang: &'a str,
    /// The language the text is written in: the default language on a fallback page.
    content_lang: &'a str,
    is_fallback: bool,
    /// Where the text is published in its own language (the original of a fallback).
    canonical: String,
    summary: Option<&'a str>,
    word_count: usize,
    reading_time: usize,
    weight: Option<i64>,
    draft: bool,
    taxonomies: IndexMap<&'a str, Vec<TermLink>>,
    extra: serde_json::Value,
    translations: Vec<Link>,
    assets: Vec<AssetLink>,
    section_path: &'a str,
    /// The title of the section that lists the page.
    section_title: &'a str,
    /// The page's place in its section's order, from 1, and how many pages the section lists.
    position: usize,
    siblings: usize,
    #[serde(rename = "type")]
    type_name: Option<&'a str>,
    type_label: Option<String>,
    facts: Vec<Fact>,
    fields: IndexMap<String, Fact>,
    backlinks: Vec<BacklinkGroup>,
}

#[derive(Serialize)]
struct SubsectionLink<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    path: &'a str,
    #[serde(rename = "type")]
    type_name: Option<&'a str>,
    facts: Vec<Fact>,
}

/// Builds every value from the finished site.
pub fn build(site: &Site) -> Views {
    let mut views = Views {
        default_language: site.config.default_language.clone(),
        ..Views::default()
    };
    for (i, page) in site.content.pages.iter().enumerate() {
        views.page_index.insert((page.key.clone(), page.lang.clone()), i);
    }
    for (i, section) in site.content.sections.iter().enumerate() {
        views
            .section_index
            .insert((section.key.clone(), section.lang.clone()), i);
    }
    let lookup = Lookup::new(site);
    let places = places(site);
    let translations = translation_sets(site);
    let labels = term_labels(site);
    views.page_summaries = (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| page_summary(site, &lookup, &translations, &labels, places[i], i))
        .collect();
    views.pages = (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| {
            let body = &site.page_bodies[i];
            let Place { previous, next, .. } = places[i];
            let mut map = views.page_summaries[i].as_map().cloned().unwrap_or_default();
            map.insert("toc".into(), Value::from_serializable(&body.toc));
            map.insert(
                "previous".into(),
                previous.map_or(Value::none(), |p| views.page_summaries[p].clone()),
            );
            map.insert(
                "next".into(),
                next.map_or(Value::none(), |p| views.page_summaries[p].clone()),
            );
            map.insert("jsonld".into(), Value::from(page_jsonld(site, &lookup, i)));
            Value::from(map)
        })
        .collect();
    views.sections = (0..site.content.sections.len())
        .into_par_iter()
        .map(|i| section_value(site, &views, &lookup, i))
        .collect();
    for (i, taxonomy) in site.taxonomies.iter().enumerate() {
        views
            .taxonomy_index
            .insert((taxonomy.name.clone(), taxonomy.lang.clone()), i);
        let terms = term_values(site, &views, taxonomy);
        views.taxonomies.push(taxonomy_value(site, taxonomy, &terms));
        let outlines: Vec<Value> = terms.iter().map(without_pages).collect();
        views
            .taxonomy_outlines
            .push(taxonomy_value(site, taxonomy, &outlines));
        views.terms.push(terms);
    }
    views
}

/// For each page, the pages before and after it in its section's order.
/// A page's place in its section: the pages before and after it, its position from 1, and
/// how many pages the section lists.
#[derive(Clone, Copy, Default)]
struct Place {
    previous: Option<usize>,
    next: Option<usize>,
    position: usize,
    siblings: usize,
}

fn places(site: &Site) -> Vec<Place> {
    let mut result = vec![Place::default(); site.content.pages.len()];
    for section in &site.content.sections {
        for (pos, &page) in section.pages.iter().enumerate() {
            result[page] = Place {
                previous: pos.checked_sub(1).map(|p| section.pages[p]),
                next: section.pages.get(pos + 1).copied(),
                position: pos + 1,
                siblings: section.pages.len(),
            };
        }
    }
    result
}

fn page_jsonld(site: &Site, lookup: &Lookup, index: usize) -> Option<String> {
    let page = &site.content.pages[index];
    let typed = site.schema.pages[index].as_ref()?;
    let subject = Subject {
        title: &page.front.title,
        description: page.front.description.as_deref(),
        path: &page.path,
        lang: &page.lang,
        dates: (
            page.front.date.map(|d| d.to_string()),
            page.front.updated.map(|d| d.to_string()),
        ),
        typed,
        parts: Vec::new(),
    };
    jsonld(site, lookup, &subject)
}

fn section_jsonld(site: &Site, lookup: &Lookup, index: usize) -> Option<String> {
    let section = &site.content.sections[index];
    let typed = site.schema.sections[index].as_ref()?;
    let parts = section
        .pages
        .iter()
        .map(|&p| {
            (
                site.content.pages[p].front.title.as_str(),
                site.content.pages[p].path.as_str(),
            )
        })
        .collect();
    let subject = Subject {
        title: &section.front.title,
        description: section.front.description.as_deref(),
        path: &section.path,
        lang: &section.lang,
        dates: (None, None),
        typed,
        parts,
    };
    jsonld(site, lookup, &subject)
}

/// For each content key, the indexes of its pages in every language.
fn translation_sets(site: &Site) -> HashMap<&str, Vec<usize>> {
    let order = site.config.language_codes();
    let rank = |lang: &str| order.iter().position(|l| *l == lang).unwrap_or(usize::MAX);
    let mut sets: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, page) in site.content.pages.iter().enumerate() {
        sets.entry(page.key.as_str()).or_default().push(i);
    }
    for set in sets.values_mut() {
        set.sort_by_key(|&i| rank(&site.content.pages[i].lang));
    }
    sets
}

fn page_summary(
    site: &Site,
    lookup: &Lookup,
    translations: &HashMap<&str, Vec<usize>>,
    labels: &TermLabels,
    place: Place,
    index: usize,
) -> Value {
    let config = &site.config;
    let page: &Page = &site.content.pages[index];
    let body: &Rendered = &site.page_bodies[index];
    let typed = site.schema.pages[index].as_ref();
    let facts = typed
        .map(|t| facts(t, &page.lang, config, lookup))
        .unwrap_or_default();
    let mut taxonomies = page
        .front
        .taxonomies
        .iter()
        .map(|(name, terms)| {
            let links = terms
                .iter()
                .map(|term| term_link(site, labels, name, &page.lang, &slugify(term), term))
                .collect();
            (name.as_str(), links)
        })
        .collect::<IndexMap<&str, Vec<TermLink>>>();
    for term in &site.extra_terms[index] {
        let link = term_link(site, labels, &term.taxonomy, &page.lang, &term.slug, &term.name);
        taxonomies.entry(term.taxonomy.as_str()).or_default().push(link);
    }
    let translations = translations[page.key.as_str()]
        .iter()
        .map(|&i| &site.content.pages[i])
        .map(|p| Link {
            lang: p.lang.clone(),
            title: p.front.title.clone(),
            url: config.url(&p.path),
            permalink: config.permalink(&p.path),
            fallback: p.is_fallback,
        })
        .collect();
    let summary = PageSummary {
        title: &page.front.title,
        description: page.front.description.as_deref(),
        date: page.front.date.map(|d| d.to_string()),
        updated: page.front.updated.map(|d| d.to_string()),
        url: config.url(&page.path),
        permalink: config.permalink(&page.path),
        path: &page.path,
        slug: &page.slug,
        lang: &page.lang,
        content_lang: if page.is_fallback {
            &config.default_language
        } else {
            &page.lang
        },
        is_fallback: page.is_fallback,
        canonical: canonical_of(site, lookup, &page.key, &page.path, page.is_fallback),
        summary: body.summary.as_deref(),
        word_count: body.word_count,
        reading_time: reading_time(body.word_count),
        weight: page.front.weight,
        draft: page.front.draft,
        taxonomies,
        extra: toml_to_json(&toml::Value::Table(page.front.extra.clone())),
        translations,
        assets: asset_links(site, &page.path, &page.assets),
        section_path: &site.content.sections[page.section].path,
        section_title: &site.content.sections[page.section].front.title,
        position: place.position,
        siblings: place.siblings,
        type_name: typed.map(|t| t.type_name.as_str()),
        type_label: typed.map(|t| type_label(config, &t.type_name, &page.lang)),
        fields: fields(&facts),
        facts,
        backlinks: backlinks(site, index),
    };
    Value::from_serializable(&summary)
}

/// Minutes to read `words` words, rounded up.
fn reading_time(words: usize) -> usize {
    words.div_ceil(200)
}

/// The permalink of the page itself, or of the original a fallback copies.
fn canonical_of(site: &Site, lookup: &Lookup, key: &str, path: &str, is_fallback: bool) -> String {
    let config = &site.config;
    if !is_fallback {
        return config.permalink(path);
    }
    let original = lookup.path(key, &config.default_language).or_else(|| {
        site.content
            .sections
            .iter()
            .find(|s| s.key == key && s.lang == config.default_language)
            .map(|s| s.path.as_str())
    });
    config.permalink(original.unwrap_or(path))
}

fn term_link(
    site: &Site,
    labels: &TermLabels,
    taxonomy: &str,
    lang: &str,
    slug: &str,
    term: &str,
) -> TermLink {
    let path = format!("{}/{taxonomy}/{slug}/", site.config.language_prefix(lang));
    let label = labels.get(&(taxonomy, lang, slug)).copied().unwrap_or(term);
    TermLink {
        name: term.to_string(),
        slug: slug.to_string(),
        url: site.config.url(&path),
        label: label.to_string(),
    }
}

fn asset_links(site: &Site, path: &str, assets: &[Asset]) -> Vec<AssetLink> {
    assets
        .iter()
        .map(|a| AssetLink {
            name: a.name.clone(),
            url: site.config.url(&format!("{path}{}", a.name)),
            size: a.size,
            media_type: a.media_type.clone(),
            format: a
                .name
                .rsplit_once('.')
                .map(|(_, ext)| ext.to_uppercase())
                .unwrap_or_default(),
        })
        .collect()
}

fn section_value(site: &Site, views: &Views, lookup: &Lookup, index: usize) -> Value {
    let config = &site.config;
    let section: &Section = &site.content.sections[index];
    let body = &site.section_bodies[index];
    let mut translations: Vec<Link> = site
        .content
        .sections
        .iter()
        .filter(|s| s.key == section.key)
        .map(|s| Link {
            lang: s.lang.clone(),
            title: s.front.title.clone(),
            url: config.url(&s.path),
            permalink: config.permalink(&s.path),
            fallback: s.is_fallback,
        })
        .collect();
    let order = config.language_codes();
    translations.sort_by_key(|t| order.iter().position(|l| *l == t.lang).unwrap_or(usize::MAX));
    let subsections: Vec<SubsectionLink> = section
        .subsections
        .iter()
        .map(|&i| {
            let s = &site.content.sections[i];
            let typed = site.schema.sections[i].as_ref();
            SubsectionLink {
                title: &s.front.title,
                description: s.front.description.as_deref(),
                url: config.url(&s.path),
                path: &s.path,
                type_name: typed.map(|t| t.type_name.as_str()),
                facts: typed
                    .map(|t| facts(t, &s.lang, config, lookup))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut map = tera::Map::new();
    let typed = site.schema.sections[index].as_ref();
    let section_facts = typed
        .map(|t| facts(t, &section.lang, config, lookup))
        .unwrap_or_default();
    map.insert("type".into(), Value::from(typed.map(|t| t.type_name.clone())));
    map.insert(
        "type_label".into(),
        Value::from(typed.map(|t| type_label(config, &t.type_name, &section.lang))),
    );
    map.insert("fields".into(), Value::from_serializable(&fields(&section_facts)));
    map.insert("facts".into(), Value::from_serializable(&section_facts));
    map.insert("jsonld".into(), Value::from(section_jsonld(site, lookup, index)));
    map.insert("title".into(), Value::from(section.front.title.as_str()));
    map.insert(
        "description".into(),
        Value::from(section.front.description.clone()),
    );
    map.insert("url".into(), Value::from(config.url(&section.path)));
    map.insert("permalink".into(), Value::from(config.permalink(&section.path)));
    map.insert("path".into(), Value::from(section.path.as_str()));
    map.insert("lang".into(), Value::from(section.lang.as_str()));
    let content_lang = if section.is_fallback {
        &config.default_language
    } else {
        &section.lang
    };
    map.insert("content_lang".into(), Value::from(content_lang.as_str()));
    map.insert("is_fallback".into(), Value::from(section.is_fallback));
    map.insert(
        "canonical".into(),
        Value::from(canonical_of(
            site,
            lookup,
            &section.key,
            &section.path,
            section.is_fallback,
        )),
    );
    map.insert("content".into(), Value::from(body.html.as_str()));
    map.insert("toc".into(), Value::from_serializable(&body.toc));
    map.insert(
        "extra".into(),
        Value::from_serializable(&toml_to_json(&toml::Value::Table(section.front.extra.clone()))),
    );
    map.insert("translations".into(), Value::from_serializable(&translations));
    map.insert(
        "pages".into(),
        Value::from(
            section
                .pages
                .iter()
                .map(|&p| views.page_summaries[p].clone())
                .collect::<Vec<_>>(),
        ),
    );
    map.insert("subsections".into(), Value::from_serializable(&subsections));
    map.insert(
        "assets".into(),
        Value::from_serializable(&asset_links(site, &section.path, &section.assets)),
    );
    Value::from(map)
}

fn term_values(site: &Site, views: &Views, taxonomy: &Taxonomy) -> Vec<Value> {
    let config = &site.config;
    taxonomy
        .terms
        .iter()
        .map(|term| {
            let mut map = tera::Map::new();
            map.insert("name".into(), Value::from(term.name.as_str()));
            map.insert("slug".into(), Value::from(term.slug.as_str()));
            map.insert(
                "url".into(),
                Value::from(config.url(&taxonomy.term_path(config, term))),
            );
            map.insert("page_count".into(), Value::from(term.pages.len()));
            map.insert(
                "pages".into(),
                Value::from(
                    term.pages
                        .iter()
                        .map(|&p| views.page_summaries[p].clone())
                        .collect::<Vec<_>>(),
                ),
            );
            Value::from(map)
        })
        .collect()
}

/// A term's value without its `pages`.
fn without_pages(term: &Value) -> Value {
    let mut map = term.as_map().cloned().unwrap_or_default();
    map.shift_remove(&tera::value::Key::from("pages"));
    Value::from(map)
}

fn taxonomy_value(site: &Site, taxonomy: &Taxonomy, terms: &[Value]) -> Value {
    let config = &site.config;
    let mut map = tera::Map::new();
    map.insert("name".into(), Value::from(taxonomy.name.as_str()));
    map.insert("lang".into(), Value::from(taxonomy.lang.as_str()));
    map.insert("url".into(), Value::from(config.url(&taxonomy.path(config))));
    map.insert("terms".into(), Value::from(terms.to_vec()));
    Value::from(map)
}

/// TOML as JSON for templates: dates become `YYYY-MM-DD` strings, not TOML's private form.
pub fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
        }
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => serde_json::Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => {
            serde_json::Value::Object(table.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect())
        }
    }
}
