//! schema.org JSON-LD for typed pages: the type's `schema_org` class, the page's own facts
//! (name, description, address, language, dates) and each field that names a `schema_org`
//! property. Templates put it in a `<script type="application/ld+json">` data block.

use serde_json::{Map, Value as Json, json};

use crate::config::{Config, FieldDecl, TypeDecl};
use crate::schema::{self, FieldValue, PageLookup, Typed};
use crate::site::{Lookup, Site};

/// What a JSON-LD object is built from: one page or section.
pub struct Subject<'a> {
    /// The title.
    pub title: &'a str,
    /// The description, if any.
    pub description: Option<&'a str>,
    /// Its site path.
    pub path: &'a str,
    /// Its language.
    pub lang: &'a str,
    /// Publication and update dates.
    pub dates: (Option<String>, Option<String>),
    /// Its type and values.
    pub typed: &'a Typed,
    /// For sections: the pages it lists (title, path), e.g. a training pack's modules.
    pub parts: Vec<(&'a str, &'a str)>,
}

/// The JSON-LD text, safe to place inside a script element, or none for an untyped page or a
/// type without `schema_org`.
pub fn jsonld(site: &Site, lookup: &Lookup, subject: &Subject) -> Option<String> {
    let config = &site.config;
    let decl = config.types.get(&subject.typed.type_name)?;
    let class = decl.schema_org.as_deref()?;
    let mut object = Map::new();
    object.insert("@context".into(), json!("https://schema.org"));
    object.insert("@type".into(), json!(class));
    object.insert(name_property(class).into(), json!(subject.title));
    object.insert("url".into(), json!(config.permalink(subject.path)));
    object.insert("inLanguage".into(), json!(subject.lang));
    if let Some(description) = subject.description {
        object.insert("description".into(), json!(description));
    }
    if let (Some(published), true) = (&subject.dates.0, class != "Organization") {
        object.insert("datePublished".into(), json!(published));
    }
    if let (Some(updated), true) = (&subject.dates.1, class != "Organization") {
        object.insert("dateModified".into(), json!(updated));
    }
    for (name, field, value) in subject.typed.with_fields(config) {
        if let Some(property) = field.schema_org.as_deref() {
            let converted = convert(value, field, name, property, subject.lang, config, lookup);
            insert_path(&mut object, property, converted);
        }
    }
    if !subject.parts.is_empty() {
        let parts: Vec<Json> = subject
            .parts
            .iter()
            .enumerate()
            .map(|(i, (title, path))| {
                json!({ "@type": part_class(class), "name": title, "url": config.permalink(path), "position": i + 1 })
            })
            .collect();
        object.insert("hasPart".into(), Json::Array(parts));
    }
    let text = serde_json::to_string(&Json::Object(object)).ok()?;
    // A data block ends at the first "</": keep the JSON from ever closing its element.
    Some(text.replace("</", "<\\/"))
}

/// Events and courses have a `name`; articles and reports a `headline` as well.
fn name_property(class: &str) -> &'static str {
    match class {
        "Article" | "Report" | "NewsArticle" => "headline",
        _ => "name",
    }
}

fn part_class(class: &str) -> &'static str {
    if class == "Course" {
        "LearningResource"
    } else {
        "CreativeWork"
    }
}

fn convert(
    value: &FieldValue,
    field: &FieldDecl,
    name: &str,
    property: &str,
    lang: &str,
    config: &Config,
    lookup: &Lookup,
) -> Json {
    match value {
        FieldValue::List(items) => Json::Array(
            items
                .iter()
                .map(|item| convert(item, field, name, property, lang, config, lookup))
                .collect(),
        ),
        FieldValue::Geo { lat, lon } => {
            json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon })
        }
        FieldValue::Country(code) if property.ends_with("addressCountry") => json!(code),
        FieldValue::Int(n) if property == "timeRequired" => duration(name, *n as f64),
        FieldValue::Float(f) if property == "timeRequired" => duration(name, *f),
        FieldValue::Ref(key) => {
            let target = target_class(config, field);
            match lookup.title_and_url(key, lang) {
                Some((title, _)) => {
                    json!({ "@type": target, "name": title, "url": page_permalink(lookup, config, key, lang) })
                }
                None => json!(key),
            }
        }
        FieldValue::Country(_)
        | FieldValue::Nuts(_)
        | FieldValue::Nace(_)
        | FieldValue::Ecosystem(_)
        | FieldValue::Enum(_) => {
            let shown = schema::show(value, field, lang, config, lookup);
            json!(shown.first().map(|s| s.text.clone()).unwrap_or_default())
        }
        other => other.to_json(),
    }
}

/// ISO 8601 duration from a number of hours or minutes (by the field's name: `…_minutes`).
fn duration(name: &str, amount: f64) -> Json {
    if name.ends_with("_minutes") {
        json!(format!("PT{amount}M"))
    } else {
        json!(format!("PT{amount}H"))
    }
}

fn target_class(config: &Config, field: &FieldDecl) -> String {
    field
        .target
        .as_ref()
        .and_then(|t| config.types.get(t))
        .and_then(|d: &TypeDecl| d.schema_org.clone())
        .unwrap_or_else(|| "Thing".into())
}

fn page_permalink(lookup: &Lookup, config: &Config, key: &str, lang: &str) -> String {
    lookup
        .path(key, lang)
        .map(|p| config.permalink(p))
        .unwrap_or_default()
}

/// Puts `value` at `address.addressCountry`, creating `address` as a typed object.
fn insert_path(object: &mut Map<String, Json>, path: &str, value: Json) {
    match path.split_once('.') {
        None => {
            object.insert(path.to_string(), value);
        }
        Some((parent, rest)) => {
            let child = object
                .entry(parent.to_string())
                .or_insert_with(|| json!({ "@type": nested_class(parent) }));
            if let Json::Object(child) = child {
                insert_path(child, rest, value);
            }
        }
    }
}

/// The schema.org class of an object nested under `property`.
fn nested_class(property: &str) -> &'static str {
    match property {
        "address" => "PostalAddress",
        "location" | "spatialCoverage" | "areaServed" => "Place",
        "audience" => "Audience",
        "funder" | "organizer" | "provider" => "Organization",
        _ => "Thing",
    }
}
