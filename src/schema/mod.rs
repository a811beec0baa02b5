//! Typed content: which pages have which type, their fields checked against the declared
//! kinds and code lists, references between pages resolved, and backlinks.
//!
//! This is the validate stage for front matter beyond the built-in keys. It reads the loaded
//! content and the declarations in config.toml; it renders nothing.

pub mod codes;
mod display;
pub mod json_schema;
mod value;

use std::collections::BTreeMap;

use indexmap::IndexMap;

pub use display::{NoLinks, PageLookup, Shown, enum_label, label_in, show};
pub use value::{FieldValue, example, example_item, kind_name};

use crate::config::{Config, FieldDecl, FieldKind};
use crate::content::{Content, PAGE_KEYS, RawField, SECTION_KEYS, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, nearest};

/// A page's or section's type and checked field values.
#[derive(Debug, Clone)]
pub struct Typed {
    /// The type's name (`cluster`).
    pub type_name: String,
    /// Field values in declared order; absent optional fields are left out.
    pub values: IndexMap<String, FieldValue>,
}

impl Typed {
    /// Each value with the declaration of its field, in declared order.
    pub fn with_fields<'a>(
        &'a self,
        config: &'a Config,
    ) -> impl Iterator<Item = (&'a str, &'a FieldDecl, &'a FieldValue)> {
        let decl = config.types.get(&self.type_name);
        self.values
            .iter()
            .filter_map(move |(name, value)| Some((name.as_str(), decl?.fields.get(name)?, value)))
    }
}

/// One page that refers to another through a `ref` field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    /// The referring page's type.
    pub type_name: String,
    /// The field holding the reference.
    pub field: String,
    /// The referring page, by index.
    pub page: usize,
}

/// The typed view of all content.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// By page index.
    pub pages: Vec<Option<Typed>>,
    /// By section index.
    pub sections: Vec<Option<Typed>>,
    /// For each page, the pages of the same language that refer to it.
    pub backlinks: Vec<Vec<Backlink>>,
}

/// Checks every page's and section's front matter against its type.
pub fn validate(content: &Content, config: &Config) -> Result<Schema, Diagnostics> {
    let mut diagnostics = check_declarations(config);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let mut schema = Schema::default();
    for page in &content.pages {
        let type_name = page
            .front
            .type_name
            .clone()
            .or_else(|| type_by_section(config, &page.key));
        schema.pages.push(check_file(
            &page.source,
            type_name,
            &page.front.fields,
            PAGE_KEYS,
            content,
            config,
            &mut diagnostics,
        ));
    }
    for section in &content.sections {
        let type_name = section.front.type_name.clone();
        schema.sections.push(check_file(
            &section.source,
            type_name,
            &section.front.fields,
            SECTION_KEYS,
            content,
            config,
            &mut diagnostics,
        ));
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    schema.backlinks = backlinks(content, &schema);
    Ok(schema)
}

/// The type whose `sections` holds the page's folder (the most specific one wins).
pub fn type_by_section(config: &Config, key: &str) -> Option<String> {
    let dir = key.rsplit_once('/').map_or("", |(d, _)| d);
    let dir = dir.strip_suffix("/index.md").unwrap_or(dir);
    config
        .types
        .iter()
        .flat_map(|(name, decl)| decl.sections.iter().map(move |s| (name, s.trim_matches('/'))))
        .filter(|(_, section)| dir == *section || dir.starts_with(&format!("{section}/")))
        .max_by_key(|(_, section)| section.len())
        .map(|(name, _)| name.clone())
}

/// Type declarations that point at nothing: unknown lists, types, taxonomies.
pub fn check_declarations(config: &Config) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for (type_name, decl) in &config.types {
        for (field_name, field) in &decl.fields {
            let place = format!("[types.{type_name}.fields.{field_name}]");
            let item_kind = item_kind(field);
            let mut problem = |message: String, hint: String| {
                diagnostics.push(
                    Diagnostic::error(format!("{place}: {message}"))
                        .in_file(crate::config::CONFIG_FILE)
                        .with_hint(hint),
                );
            };
            if field.kind == FieldKind::List && field.of.is_none() {
                problem(
                    "a list needs `of`, the kind of its items".into(),
                    "add of = \"text\" (or nace, ref, enum…)".into(),
                );
            }
            if item_kind == FieldKind::Enum {
                match &field.list {
                    Some(list) if config.lists.contains_key(list) => {}
                    Some(list) => problem(
                        format!("the list `{list}` is not declared"),
                        format!("declare [lists.{list}] with id = {{ en = \"Label\" }} lines"),
                    ),
                    None => problem(
                        "an enum needs `list`, the name of a [lists.<name>]".into(),
                        "add list = \"themes\"".into(),
                    ),
                }
            }
            if let Some(target) = &field.target {
                if !config.types.contains_key(target) {
                    problem(
                        format!("the type `{target}` is not declared"),
                        format!("declare [types.{target}] or correct `type`"),
                    );
                }
            }
            if let Some(taxonomy) = &field.taxonomy {
                if !config.taxonomies.contains_key(taxonomy) {
                    problem(
                        format!("the taxonomy `{taxonomy}` is not declared"),
                        format!("declare [taxonomies.{taxonomy}]"),
                    );
                }
            }
        }
    }
    diagnostics
}

/// The kind of each value of a field: the field's kind, or `of` for lists.
pub fn item_kind(field: &FieldDecl) -> FieldKind {
    if field.kind == FieldKind::List {
        field.of.unwrap_or(FieldKind::Text)
    } else {
        field.kind
    }
}

fn check_file(
    source: &SourceFile,
    type_name: Option<String>,
    fields: &[RawField],
    built_in: &[&str],
    content: &Content,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Option<Typed> {
    let page_type = |key: &str| page_type_in(content, config, key);
    check_fields(
        source,
        type_name,
        fields,
        built_in,
        config,
        &page_type,
        diagnostics,
    )
}

/// What a `ref` check needs to know about a content key: `None` when no page has it, else
/// the page's type.
pub type PageTypeOf<'a> = &'a dyn Fn(&str) -> Option<Option<String>>;

/// Checks the fields beyond the built-in keys of one page or section against its type:
/// unknown keys, values, required fields. `page_type` tells what page a `ref` names.
pub fn check_fields(
    source: &SourceFile,
    type_name: Option<String>,
    fields: &[RawField],
    built_in: &[&str],
    config: &Config,
    page_type: PageTypeOf,
    diagnostics: &mut Diagnostics,
) -> Option<Typed> {
    let Some(type_name) = type_name else {
        for field in fields {
            diagnostics.push(unknown_key(source, field, built_in.iter().copied()));
        }
        return None;
    };
    let Some(decl) = config.types.get(&type_name) else {
        let declared: Vec<&str> = config.types.keys().map(String::as_str).collect();
        let mut d = Diagnostic::error(format!("unknown type `{type_name}`")).in_file(&source.path);
        if let Some(location) = Location::find(&source.text, &format!("\"{type_name}\""), 1) {
            d = d.at(location);
        }
        diagnostics.push(d.with_hint(match nearest(&type_name, declared.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the declared types are: {}", declared.join(", ")),
        }));
        return None;
    };
    let checker = Checker {
        source,
        config,
        page_type,
    };
    let mut values = IndexMap::new();
    let mut invalid: Vec<&str> = Vec::new();
    for field in fields {
        match decl.fields.get(&field.name) {
            Some(field_decl) => match checker.value(field_decl, &field.value, field.value_span.clone()) {
                Ok(value) => {
                    values.insert(field.name.clone(), value);
                }
                Err(errors) => {
                    invalid.push(field.name.as_str());
                    diagnostics.extend(errors.into_iter().map(|d| d.with_field(&field.name)));
                }
            },
            None => diagnostics.push(unknown_key(
                source,
                field,
                built_in
                    .iter()
                    .copied()
                    .chain(decl.fields.keys().map(String::as_str)),
            )),
        }
    }
    let mut ordered = IndexMap::new();
    for (name, field_decl) in &decl.fields {
        if let Some(value) = values.shift_remove(name) {
            ordered.insert(name.clone(), value);
        } else if let Some(default) = &field_decl.default {
            if let Ok(value) = checker.value(field_decl, default, 0..0) {
                ordered.insert(name.clone(), value);
            }
        } else if field_decl.required && !invalid.contains(&name.as_str()) {
            diagnostics.push(missing_field(source, &type_name, name, field_decl));
        }
    }
    Some(Typed {
        type_name,
        values: ordered,
    })
}

trait WithField {
    fn with_field(self, name: &str) -> Self;
}

impl WithField for Diagnostic {
    fn with_field(mut self, name: &str) -> Diagnostic {
        self.message = format!("`{name}`: {}", self.message);
        self
    }
}

fn unknown_key<'a>(
    source: &SourceFile,
    field: &RawField,
    valid: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let valid: Vec<&str> = valid.collect();
    let list = valid.join(", ");
    let hint = match nearest(&field.name, valid.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? Valid keys here: {list}"),
        None => format!("valid keys here: {list}"),
    };
    Diagnostic::error(format!("unknown key `{}`", field.name))
        .in_file(&source.path)
        .at(Location::at_offset(
            &source.text,
            field.name_span.start,
            field.name_span.len(),
        ))
        .with_hint(hint)
}

fn missing_field(source: &SourceFile, type_name: &str, name: &str, field: &FieldDecl) -> Diagnostic {
    let closing = source.text[..source.body_start]
        .trim_end()
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let example = value::example(field);
    let mut hint = format!("add a line `{name} = {example}` before this line");
    if let Some(help) = &field.help {
        hint.push_str(&format!(" ({help})"));
    }
    Diagnostic::error(format!("the {type_name} has no `{name}`, which is required"))
        .in_file(&source.path)
        .at(Location::at_offset(&source.text, closing, 3))
        .with_hint(hint)
}

/// Checks values against field declarations for one file.
struct Checker<'a> {
    source: &'a SourceFile,
    config: &'a Config,
    page_type: PageTypeOf<'a>,
}

impl Checker<'_> {
    fn value(
        &self,
        field: &FieldDecl,
        raw: &toml::Value,
        span: std::ops::Range<usize>,
    ) -> Result<FieldValue, Vec<Diagnostic>> {
        if field.kind != FieldKind::List {
            return self.item(field, field.kind, raw, span).map_err(|d| vec![d]);
        }
        let item = item_kind(field);
        let toml::Value::Array(items) = raw else {
            return Err(vec![self.error(
                &span,
                format!("expected a list in [ ], found {}", value::describe(raw)),
                format!("write a list in [ ], e.g. [{}]", value::example_item(field, item)),
            )]);
        };
        let mut values = Vec::new();
        let mut errors = Vec::new();
        let mut search_from = span.start;
        for raw_item in items {
            let item_span = self.item_span(raw_item, search_from, span.end);
            search_from = item_span.end;
            match self.item(field, item, raw_item, item_span) {
                Ok(value) => values.push(value),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(FieldValue::List(values))
        } else {
            Err(errors)
        }
    }

    /// Where a list item is written, found by its text inside the list.
    fn item_span(&self, raw: &toml::Value, from: usize, to: usize) -> std::ops::Range<usize> {
        let needle = raw.to_string();
        let end = to.min(self.source.text.len());
        match self.source.text.get(from..end).and_then(|s| s.find(&needle)) {
            Some(i) => from + i..from + i + needle.len(),
            None => from..to,
        }
    }

    fn error(&self, span: &std::ops::Range<usize>, message: String, hint: String) -> Diagnostic {
        let mut d = Diagnostic::error(message)
            .in_file(&self.source.path)
            .with_hint(hint);
        if span.end > span.start {
            d = d.at(Location::at_offset(&self.source.text, span.start, span.len()));
        }
        d
    }

    fn item(
        &self,
        field: &FieldDecl,
        kind: FieldKind,
        raw: &toml::Value,
        span: std::ops::Range<usize>,
    ) -> Result<FieldValue, Diagnostic> {
        value::check(kind, field, raw, self.config, self.page_type)
            .map_err(|(message, hint)| self.error(&span, message, hint))
    }
}

/// The type of the page a `ref` names, if the page exists.
fn page_type_in(content: &Content, config: &Config, key: &str) -> Option<Option<String>> {
    let key = key.trim_start_matches("@/");
    let page = content.pages.iter().find(|p| p.key == key)?;
    Some(
        page.front
            .type_name
            .clone()
            .or_else(|| type_by_section(config, &page.key)),
    )
}

/// For each page, the pages in its language whose `ref` fields name it.
fn backlinks(content: &Content, schema: &Schema) -> Vec<Vec<Backlink>> {
    let mut by_key: BTreeMap<(&str, &str), Vec<Backlink>> = BTreeMap::new();
    for (index, typed) in schema.pages.iter().enumerate() {
        let Some(typed) = typed else { continue };
        let page = &content.pages[index];
        for (field, value) in &typed.values {
            for key in value.refs() {
                by_key
                    .entry((key, page.lang.as_str()))
                    .or_default()
                    .push(Backlink {
                        type_name: typed.type_name.clone(),
                        field: field.clone(),
                        page: index,
                    });
            }
        }
    }
    content
        .pages
        .iter()
        .map(|page| {
            let mut links = by_key
                .get(&(page.key.as_str(), page.lang.as_str()))
                .cloned()
                .unwrap_or_default();
            links.sort();
            links.dedup();
            links
        })
        .collect()
}

/// For each page, the taxonomy terms its typed fields put it under (fields with `taxonomy`).
pub fn taxonomy_terms(
    content: &Content,
    config: &Config,
    schema: &Schema,
) -> Vec<Vec<crate::content::ExtraTerm>> {
    content
        .pages
        .iter()
        .zip(&schema.pages)
        .map(|(page, typed)| {
            let Some(typed) = typed else { return Vec::new() };
            typed
                .with_fields(config)
                .filter_map(|(_, field, value)| Some((field.taxonomy.clone()?, field, value)))
                .flat_map(|(taxonomy, field, value)| {
                    show(value, field, &page.lang, config, &NoLinks)
                        .into_iter()
                        .map(move |shown| crate::content::ExtraTerm {
                            taxonomy: taxonomy.clone(),
                            slug: crate::content::slugify(&shown.code),
                            name: shown.text,
                        })
                })
                .collect()
        })
        .collect()
}
