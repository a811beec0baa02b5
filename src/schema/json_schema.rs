//! JSON Schema of a type: of its front matter (for editors) and of its open-data records.

use serde_json::{Map, Value as Json, json};

use super::codes;
use super::item_kind;
use crate::config::{Config, FieldDecl, FieldKind, TypeDecl};

/// The JSON Schema of one value of `kind`.
fn kind_schema(kind: FieldKind, field: &FieldDecl, config: &Config) -> Json {
    let codes_of = |list: &codes::CodeList| Json::Array(list.iter().map(|c| json!(c.code)).collect());
    match kind {
        FieldKind::Text | FieldKind::Markdown => json!({ "type": "string" }),
        FieldKind::Int => json!({ "type": "integer" }),
        FieldKind::Float => json!({ "type": "number" }),
        FieldKind::Bool => json!({ "type": "boolean" }),
        FieldKind::Date => json!({ "type": "string", "format": "date" }),
        FieldKind::Url => json!({ "type": "string", "format": "uri", "pattern": "^https?://" }),
        FieldKind::Email => json!({ "type": "string", "format": "email" }),
        FieldKind::Country => json!({ "type": "string", "enum": codes_of(codes::countries()) }),
        FieldKind::Nuts => json!({ "type": "string", "enum": codes_of(codes::nuts()) }),
        FieldKind::Nace => json!({ "type": "string", "enum": codes_of(codes::nace()) }),
        FieldKind::Ecosystem => json!({ "type": "string", "enum": codes_of(codes::ecosystems()) }),
        FieldKind::Geo => json!({
            "type": "object",
            "properties": { "lat": { "type": "number", "minimum": -90, "maximum": 90 }, "lon": { "type": "number", "minimum": -180, "maximum": 180 } },
            "required": ["lat", "lon"],
            "additionalProperties": false
        }),
        FieldKind::Enum => {
            let ids: Vec<Json> = field
                .list
                .as_ref()
                .and_then(|l| config.lists.get(l))
                .map(|l| l.keys().map(|k| json!(k)).collect())
                .unwrap_or_default();
            json!({ "type": "string", "enum": ids })
        }
        FieldKind::Ref => {
            json!({ "type": "string", "description": "the path of a page under content/, e.g. clusters/name.md" })
        }
        FieldKind::List => json!({}),
    }
}

/// The JSON Schema of a field's values.
pub fn field_schema(field: &FieldDecl, config: &Config) -> Json {
    let mut schema = match field.kind {
        FieldKind::List => json!({ "type": "array", "items": kind_schema(item_kind(field), field, config) }),
        kind => kind_schema(kind, field, config),
    };
    if let Json::Object(map) = &mut schema {
        if let Some(title) = field.label.get(&config.default_language) {
            map.insert("title".into(), json!(title));
        }
        if let Some(help) = &field.help {
            map.insert("description".into(), json!(help));
        }
    }
    schema
}

/// The front matter of a page of `type_name`: the built-in keys and the type's fields.
pub fn front_matter_schema(type_name: &str, decl: &TypeDecl, config: &Config) -> Json {
    let mut properties = Map::new();
    let string = json!({ "type": "string" });
    for (key, schema) in [
        ("title", string.clone()),
        ("description", string.clone()),
        ("date", json!({ "type": "string", "format": "date" })),
        ("updated", json!({ "type": "string", "format": "date" })),
        ("draft", json!({ "type": "boolean" })),
        ("weight", json!({ "type": "integer" })),
        ("slug", string.clone()),
        ("aliases", json!({ "type": "array", "items": string.clone() })),
        ("template", string.clone()),
        (
            "taxonomies",
            json!({ "type": "object", "additionalProperties": { "type": "array", "items": string } }),
        ),
        ("extra", json!({ "type": "object" })),
        ("type", json!({ "const": type_name })),
    ] {
        properties.insert(key.into(), schema);
    }
    let mut required = vec![json!("title")];
    for (name, field) in &decl.fields {
        properties.insert(name.clone(), field_schema(field, config));
        if field.required && field.default.is_none() {
            required.push(json!(name));
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": decl.label.get(&config.default_language).cloned().unwrap_or_else(|| type_name.to_string()),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

/// One record of the type's open-data export (`clusters.json`).
pub fn record_schema(type_name: &str, decl: &TypeDecl, config: &Config) -> Json {
    let mut properties = Map::new();
    properties.insert(
        "id".into(),
        json!({ "type": "string", "description": "stable identifier: the page's slug" }),
    );
    properties.insert("url".into(), json!({ "type": "string", "format": "uri" }));
    properties.insert("title".into(), json!({ "type": "string" }));
    properties.insert("description".into(), json!({ "type": ["string", "null"] }));
    properties.insert(
        "date".into(),
        json!({ "type": ["string", "null"], "format": "date" }),
    );
    properties.insert(
        "updated".into(),
        json!({ "type": ["string", "null"], "format": "date" }),
    );
    for (name, field) in &decl.fields {
        properties.insert(name.clone(), field_schema(field, config));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("{} record", decl.label.get(&config.default_language).cloned().unwrap_or_else(|| type_name.to_string())),
        "type": "object",
        "properties": properties,
        "required": ["id", "url", "title"]
    })
}

/// The front-matter schema of `type_name`, or of every type keyed by name, for the site in `root`.
pub fn front_matter_schemas(
    root: &std::path::Path,
    type_name: Option<&str>,
) -> Result<Json, Vec<crate::diagnostics::Diagnostic>> {
    let config = Config::load(root).map_err(crate::diagnostics::Diagnostics::sorted)?;
    match type_name {
        Some(name) => match config.types.get(name) {
            Some(decl) => Ok(front_matter_schema(name, decl, &config)),
            None => {
                let declared: Vec<&str> = config.types.keys().map(String::as_str).collect();
                let hint = match crate::diagnostics::nearest(name, declared.iter().copied()) {
                    Some(near) => format!(
                        "did you mean `{near}`? The declared types are: {}",
                        declared.join(", ")
                    ),
                    None => format!("the declared types are: {}", declared.join(", ")),
                };
                Err(vec![
                    crate::diagnostics::Diagnostic::error(format!("unknown type `{name}`"))
                        .in_file(crate::config::CONFIG_FILE)
                        .with_hint(hint),
                ])
            }
        },
        None => Ok(Json::Object(
            config
                .types
                .iter()
                .map(|(name, decl)| (name.clone(), front_matter_schema(name, decl, &config)))
                .collect(),
        )),
    }
}
