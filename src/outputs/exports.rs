//! Open data: for every type with `export = "<name>"`, the pages of the default language as
//! `data/<name>.json`, `data/<name>.csv`, `data/<name>.geojson` (when the type has a place
//! field) and `data/<name>.schema.json` documenting a record; and `data/catalog.jsonld`, a
//! DCAT-AP catalogue of them all.
//!
//! Columns and keys keep one order: id, url, title, description, date, updated, then the
//! fields as declared.

use serde_json::{Map, Value as Json, json};

use super::Sink;
use crate::config::{FieldKind, TypeDecl};
use crate::diagnostics::Diagnostic;
use crate::schema::{self, FieldValue, NoLinks, Typed};
use crate::site::Site;

/// The folder of the exports in the output.
pub const DATA_DIR: &str = "data";

/// One exported page or section.
struct Row<'a> {
    slug: &'a str,
    path: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    typed: &'a Typed,
}

/// A dataset written for one type, for the catalogue.
struct Dataset {
    type_name: String,
    export: String,
    title: String,
    records: usize,
    has_geo: bool,
    modified: Option<String>,
}

/// Writes every export and the catalogue.
pub fn write_exports(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut datasets = Vec::new();
    for (type_name, decl) in &site.config.types {
        let Some(export) = &decl.export else { continue };
        let rows = rows_of(site, type_name);
        let has_geo = decl.fields.values().any(|f| f.kind == FieldKind::Geo);
        let records: Vec<Json> = rows.iter().map(|row| record(site, row)).collect();
        sink.write(
            &format!("{DATA_DIR}/{export}.json"),
            &pretty(&Json::Array(records.clone())),
        )?;
        sink.write(&format!("{DATA_DIR}/{export}.csv"), &csv(site, decl, &rows)?)?;
        if has_geo {
            sink.write(
                &format!("{DATA_DIR}/{export}.geojson"),
                &pretty(&geojson(decl, &rows, &records)),
            )?;
        }
        let record_schema = schema::json_schema::record_schema(type_name, decl, &site.config);
        sink.write(
            &format!("{DATA_DIR}/{export}.schema.json"),
            &pretty(&record_schema),
        )?;
        datasets.push(Dataset {
            type_name: type_name.clone(),
            export: export.clone(),
            title: decl
                .label
                .get(&site.config.default_language)
                .cloned()
                .unwrap_or_else(|| type_name.clone()),
            records: rows.len(),
            has_geo,
            modified: rows
                .iter()
                .filter_map(|r| r.updated.clone().or_else(|| r.date.clone()))
                .max(),
        });
    }
    if datasets.is_empty() {
        return Ok(());
    }
    sink.write(
        &format!("{DATA_DIR}/catalog.jsonld"),
        &pretty(&catalog(site, &datasets)),
    )
}

/// The default language's pages and sections of `type_name`, by content key.
fn rows_of<'a>(site: &'a Site, type_name: &str) -> Vec<Row<'a>> {
    let default = &site.config.default_language;
    let pages = site
        .content
        .pages
        .iter()
        .zip(&site.schema.pages)
        .filter_map(|(page, typed)| {
            let typed = typed
                .as_ref()
                .filter(|t| t.type_name == type_name && page.lang == *default)?;
            Some((
                page.key.as_str(),
                Row {
                    slug: &page.slug,
                    path: &page.path,
                    title: &page.front.title,
                    description: page.front.description.as_deref(),
                    date: page.front.date.map(|d| d.to_string()),
                    updated: page.front.updated.map(|d| d.to_string()),
                    typed,
                },
            ))
        });
    let sections = site
        .content
        .sections
        .iter()
        .zip(&site.schema.sections)
        .filter_map(|(section, typed)| {
            let typed = typed
                .as_ref()
                .filter(|t| t.type_name == type_name && section.lang == *default)?;
            let slug = section
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            Some((
                section.key.as_str(),
                Row {
                    slug,
                    path: &section.path,
                    title: &section.front.title,
                    description: section.front.description.as_deref(),
                    date: None,
                    updated: None,
                    typed,
                },
            ))
        });
    let mut rows: Vec<(&str, Row)> = pages.chain(sections).collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    rows.into_iter().map(|(_, row)| row).collect()
}

fn record(site: &Site, row: &Row) -> Json {
    let mut object = Map::new();
    object.insert("id".into(), json!(row.slug));
    object.insert("url".into(), json!(site.config.permalink(row.path)));
    object.insert("title".into(), json!(row.title));
    object.insert("description".into(), json!(row.description));
    object.insert("date".into(), json!(row.date));
    object.insert("updated".into(), json!(row.updated));
    for (name, value) in &row.typed.values {
        object.insert(name.clone(), value.to_json());
    }
    Json::Object(object)
}

fn pretty(value: &Json) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Codes keep their code column and gain a `<field>_label` column with the English name;
/// places become `<field>_lat` and `<field>_lon`; list items are joined by "; ".
fn csv(site: &Site, decl: &TypeDecl, rows: &[Row]) -> Result<Vec<u8>, Diagnostic> {
    let mut header: Vec<String> = ["id", "url", "title", "description", "date", "updated"]
        .map(String::from)
        .to_vec();
    for (name, field) in &decl.fields {
        match schema::item_kind(field) {
            FieldKind::Geo => header.extend([format!("{name}_lat"), format!("{name}_lon")]),
            kind if has_label(kind) => header.extend([name.clone(), format!("{name}_label")]),
            _ => header.push(name.clone()),
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Diagnostic::error(format!("cannot write a CSV export: {e}"));
    writer.write_record(&header).map_err(fail)?;
    let lookup = NoLinks;
    for row in rows {
        let mut cells: Vec<String> = vec![
            row.slug.to_string(),
            site.config.permalink(row.path),
            row.title.to_string(),
            row.description.unwrap_or_default().to_string(),
            row.date.clone().unwrap_or_default(),
            row.updated.clone().unwrap_or_default(),
        ];
        for (name, field) in &decl.fields {
            let value = row.typed.values.get(name);
            match schema::item_kind(field) {
                FieldKind::Geo => match value {
                    Some(FieldValue::Geo { lat, lon }) => cells.extend([lat.to_string(), lon.to_string()]),
                    _ => cells.extend([String::new(), String::new()]),
                },
                kind => {
                    let codes = value
                        .map(|v| join(v.items().iter().map(|i| plain(i))))
                        .unwrap_or_default();
                    cells.push(codes);
                    if has_label(kind) {
                        let shown = value
                            .map(|v| {
                                schema::show(v, field, &site.config.default_language, &site.config, &lookup)
                            })
                            .unwrap_or_default();
                        cells.push(join(shown.into_iter().map(|s| s.text)));
                    }
                }
            }
        }
        writer.write_record(&cells).map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| Diagnostic::error(format!("cannot write a CSV export: {e}")))
}

fn has_label(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Country | FieldKind::Nuts | FieldKind::Nace | FieldKind::Ecosystem | FieldKind::Enum
    )
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("; ")
}

/// A value as one CSV cell (lists are joined by the caller).
fn plain(value: &FieldValue) -> String {
    match value.to_json() {
        Json::String(s) => s,
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn geojson(decl: &TypeDecl, rows: &[Row], records: &[Json]) -> Json {
    let geo_field = decl
        .fields
        .iter()
        .find(|(_, f)| f.kind == FieldKind::Geo)
        .map(|(n, _)| n.as_str());
    let features: Vec<Json> = rows
        .iter()
        .zip(records)
        .filter_map(|(row, record)| {
            let Some(FieldValue::Geo { lat, lon }) = geo_field.and_then(|n| row.typed.values.get(n)) else {
                return None;
            };
            let mut properties = record.as_object().cloned().unwrap_or_default();
            if let Some(name) = geo_field {
                properties.remove(name);
            }
            Some(json!({
                "type": "Feature",
                "id": row.slug,
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": properties
            }))
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// A DCAT-AP catalogue: one dataset per export, one distribution per file.
fn catalog(site: &Site, datasets: &[Dataset]) -> Json {
    let config = &site.config;
    let url = |file: &str| config.permalink(&format!("/{DATA_DIR}/{file}"));
    let datasets: Vec<Json> = datasets
        .iter()
        .map(|d| {
            let mut distributions = vec![
                distribution(&url(&format!("{}.json", d.export)), "application/json", "JSON", &d.title),
                distribution(&url(&format!("{}.csv", d.export)), "text/csv", "CSV", &d.title),
            ];
            if d.has_geo {
                distributions.push(distribution(&url(&format!("{}.geojson", d.export)), "application/geo+json", "GEOJSON", &d.title));
            }
            json!({
                "@id": url(&format!("{}.json#dataset", d.export)),
                "@type": "dcat:Dataset",
                "dct:identifier": d.type_name,
                "dct:title": { "@value": d.title, "@language": config.default_language },
                "dct:description": { "@value": format!("{} records of type {} published on {}", d.records, d.type_name, config.title), "@language": config.default_language },
                "dct:modified": d.modified,
                "dct:conformsTo": { "@id": url(&format!("{}.schema.json", d.export)) },
                "dcat:landingPage": { "@id": config.permalink("/") },
                "dcat:distribution": distributions
            })
        })
        .collect();
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/"
        },
        "@id": url("catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": { "@value": config.title, "@language": config.default_language },
        "dct:description": { "@value": config.description, "@language": config.default_language },
        "dct:publisher": { "@type": "foaf:Agent", "foaf:name": config.title },
        "foaf:homepage": { "@id": config.permalink("/") },
        "dcat:dataset": datasets
    })
}

fn distribution(url: &str, media_type: &str, format: &str, title: &str) -> Json {
    json!({
        "@type": "dcat:Distribution",
        "dct:title": format!("{title} ({format})"),
        "dcat:accessURL": { "@id": url },
        "dcat:downloadURL": { "@id": url },
        "dcat:mediaType": { "@id": format!("http://www.iana.org/assignments/media-types/{media_type}") },
        "dct:format": { "@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}") }
    })
}
