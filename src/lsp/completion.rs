//! Completion and hover inside the front matter: keys of the page's type and the built-in
//! keys, and the values a field allows (list values, codes, pages of a type).

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, Hover, HoverContents,
    InsertTextFormat, MarkupContent, MarkupKind, Position, Range, TextEdit,
};

use super::site::Site;
use super::text::{self, Block, Context};
use crate::config::{Config, FieldDecl, FieldKind};
use crate::content::{PAGE_KEYS, SECTION_KEYS, place};
use crate::schema::codes::{self, CodeList};
use crate::schema::{example_item, item_kind, kind_name, type_by_section};

/// What a built-in key holds, for completion and hover.
struct BuiltIn {
    key: &'static str,
    meaning: &'static str,
    snippet: &'static str,
    values: &'static [&'static str],
}

const BUILT_IN: &[BuiltIn] = &[
    BuiltIn::text("title", "The title (required)."),
    BuiltIn::text(
        "description",
        "A one-sentence summary for lists and search engines.",
    ),
    BuiltIn::new(
        "date",
        "The publication date, year-month-day.",
        "${1:2025-03-14}",
        &[],
    ),
    BuiltIn::new(
        "updated",
        "The date of the last significant change.",
        "${1:2025-03-14}",
        &[],
    ),
    BuiltIn::new(
        "draft",
        "true: not published unless built with --drafts.",
        "${1|true,false|}",
        &["true", "false"],
    ),
    BuiltIn::new(
        "weight",
        "The order when the section sorts by weight.",
        "${1:10}",
        &[],
    ),
    BuiltIn::text(
        "slug",
        "The last part of the URL; default: the file name, transliterated to ASCII.",
    ),
    BuiltIn::new("aliases", "Old URL paths that redirect here.", "[\"$1\"]", &[]),
    BuiltIn::text("template", "The template to render with."),
    BuiltIn::new(
        "taxonomies",
        "Terms per taxonomy: taxonomies = { themes = [\"digital\"] }.",
        "{ $1 }",
        &[],
    ),
    BuiltIn::new("extra", "Free data for templates.", "{ $1 }", &[]),
    BuiltIn::text(
        "type",
        "The content type, when the folder does not already give it.",
    ),
    BuiltIn::text("translated_from", "Written by policylab translate-mark."),
    BuiltIn::text(
        "page_template",
        "The template of the pages in and below this section.",
    ),
    BuiltIn::new(
        "sort_by",
        "The order of the section's pages: date (newest first), weight, title or none.",
        "\"${1|date,weight,title,none|}\"",
        &["date", "weight", "title", "none"],
    ),
    BuiltIn::new(
        "paginate_by",
        "Pages per listing page; 0 (default) means one listing page.",
        "${1:0}",
        &[],
    ),
    BuiltIn::new(
        "fallback",
        "What other languages show for this section's untranslated pages: default or omit.",
        "\"${1|default,omit|}\"",
        &["default", "omit"],
    ),
];

impl BuiltIn {
    const fn new(
        key: &'static str,
        meaning: &'static str,
        snippet: &'static str,
        values: &'static [&'static str],
    ) -> BuiltIn {
        BuiltIn {
            key,
            meaning,
            snippet,
            values,
        }
    }

    const fn text(key: &'static str, meaning: &'static str) -> BuiltIn {
        BuiltIn::new(key, meaning, "\"$1\"", &[])
    }
}

fn built_in(key: &str) -> Option<&'static BuiltIn> {
    BUILT_IN.iter().find(|b| b.key == key)
}

/// What the server knows of one document for completion and hover.
struct Doc<'a> {
    config: &'a Config,
    lines: Vec<&'a str>,
    block: Block,
    keys: &'static [&'static str],
    lang: String,
    fields: Option<&'a indexmap::IndexMap<String, FieldDecl>>,
}

impl<'a> Doc<'a> {
    fn new(site: &'a Site, path: &std::path::Path, text: &'a str) -> Option<Doc<'a>> {
        let config = site.config.as_ref().ok()?;
        if !site.is_content(path) {
            return None;
        }
        let found = place(&site.root, path, config).ok()?;
        let lines = text::lines(text);
        let block = Block::of(&lines)?;
        let (_, named) = text::written_keys(&lines, block, None);
        let type_name = if found.is_section {
            named
        } else {
            named.or_else(|| type_by_section(config, &found.key))
        };
        Some(Doc {
            config,
            block,
            keys: if found.is_section { SECTION_KEYS } else { PAGE_KEYS },
            lang: found.lang,
            fields: type_name
                .and_then(|t| config.types.get(&t))
                .map(|decl| &decl.fields),
            lines,
        })
    }

    fn field(&self, key: &str) -> Option<&'a FieldDecl> {
        self.fields?.get(key)
    }

    /// A label in the document's language, else the default language's, else any.
    fn label<'l>(&self, labels: &'l crate::config::Labels) -> Option<&'l str> {
        labels
            .get(&self.lang)
            .or_else(|| labels.get(&self.config.default_language))
            .or_else(|| labels.get("en"))
            .or_else(|| labels.values().next())
            .map(String::as_str)
    }
}

/// The completions at `position` of `text`, the document at `path`.
pub fn complete(
    site: &Site,
    path: &std::path::Path,
    text: &str,
    position: Position,
    snippets: bool,
) -> Vec<CompletionItem> {
    let Some(doc) = Doc::new(site, path, text) else {
        return Vec::new();
    };
    let line = position.line as usize;
    let Some(context) = text::context(&doc.lines, doc.block, line, position.character) else {
        return Vec::new();
    };
    let range = |start: u32, end: u32| {
        Range::new(
            Position::new(position.line, start),
            Position::new(position.line, end),
        )
    };
    match context {
        Context::Key { start } => key_items(&doc, line, range(start, position.character), snippets),
        Context::Value {
            key,
            in_list,
            start,
            end,
            pad,
        } => {
            let range = range(start, end.max(position.character));
            let mut items = value_items(site, &doc, &key, in_list, range);
            if pad {
                for item in &mut items {
                    if let Some(CompletionTextEdit::Edit(edit)) = &mut item.text_edit {
                        edit.new_text.insert(0, ' ');
                    }
                }
            }
            items
        }
    }
}

fn key_items(doc: &Doc, line: usize, range: Range, snippets: bool) -> Vec<CompletionItem> {
    let (written, _) = text::written_keys(&doc.lines, doc.block, Some(line));
    let mut items = Vec::new();
    for (index, (name, field)) in doc.fields.into_iter().flatten().enumerate() {
        if written.contains(name) || doc.keys.contains(&name.as_str()) {
            continue;
        }
        let label = doc.label(&field.label).unwrap_or(name);
        let mut detail = format!("{label}: {}", kind_text(field));
        if field.required {
            detail.push_str(" (required)");
        }
        let group = if field.required { 0 } else { 1 };
        items.push(CompletionItem {
            detail: Some(detail),
            documentation: Some(markdown(field_doc(doc, name, field))),
            sort_text: Some(format!("{group}{index:04}")),
            kind: Some(CompletionItemKind::FIELD),
            ..key_item(name, &field_snippet(field), range, snippets)
        });
    }
    for (index, key) in doc.keys.iter().enumerate() {
        if written.iter().any(|w| w == key) {
            continue;
        }
        let Some(built) = built_in(key) else { continue };
        items.push(CompletionItem {
            detail: Some(built.meaning.to_string()),
            sort_text: Some(format!("{}{index:04}", if *key == "title" { 0 } else { 2 })),
            kind: Some(CompletionItemKind::PROPERTY),
            ..key_item(key, built.snippet, range, snippets)
        });
    }
    items
}

fn key_item(name: &str, snippet: &str, range: Range, snippets: bool) -> CompletionItem {
    let (new_text, format) = if snippets {
        (format!("{name} = {snippet}"), InsertTextFormat::SNIPPET)
    } else {
        (format!("{name} = "), InsertTextFormat::PLAIN_TEXT)
    };
    CompletionItem {
        label: name.to_string(),
        filter_text: Some(name.to_string()),
        insert_text_format: Some(format),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
        ..CompletionItem::default()
    }
}

/// A snippet for a field's value: quotes for text, brackets for lists, an example number.
fn field_snippet(field: &FieldDecl) -> String {
    let item = item_kind(field);
    let one = match item {
        FieldKind::Int | FieldKind::Float | FieldKind::Date => {
            format!("${{1:{}}}", example_item(field, item))
        }
        FieldKind::Bool => "${1|true,false|}".to_string(),
        FieldKind::Geo => "{ lat = ${1:45.25}, lon = ${2:19.84} }".to_string(),
        _ => "\"$1\"".to_string(),
    };
    if field.kind == FieldKind::List {
        format!("[{one}]")
    } else {
        one
    }
}

/// `a country code`, `a list of NACE codes (nace)`.
fn kind_text(field: &FieldDecl) -> String {
    let item = item_kind(field);
    let name = serde_json::to_value(item)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut text = if field.kind == FieldKind::List {
        format!("a list of {name}")
    } else {
        format!("{} ({name})", kind_name(item))
    };
    if let Some(list) = &field.list {
        text.push_str(&format!(" of [lists.{list}]"));
    }
    if let Some(target) = &field.target {
        text.push_str(&format!(" of type {target}"));
    }
    text
}

fn field_doc(doc: &Doc, name: &str, field: &FieldDecl) -> String {
    let label = doc.label(&field.label).unwrap_or(name);
    let mut text = format!("**{label}** `{name}`");
    if field.required {
        text.push_str(", required");
    }
    text.push_str(&format!("\n\n{}", kind_text(field)));
    if let Some(help) = &field.help {
        text.push_str(&format!("\n\n{help}"));
    }
    if let Some(list) = field.list.as_ref().and_then(|l| doc.config.lists.get(l)) {
        let values: Vec<String> = list.keys().map(|k| format!("`{k}`")).collect();
        text.push_str(&format!("\n\nValues: {}", values.join(", ")));
    }
    text
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

fn value_items(site: &Site, doc: &Doc, key: &str, in_list: bool, range: Range) -> Vec<CompletionItem> {
    let item = |label: &str, detail: Option<String>, quoted: bool| {
        let new_text = if quoted {
            format!("\"{label}\"")
        } else {
            label.to_string()
        };
        CompletionItem {
            label: label.to_string(),
            filter_text: Some(match &detail {
                Some(detail) if quoted => format!("\"{label}\" {detail}"),
                _ => new_text.clone(),
            }),
            detail,
            kind: Some(CompletionItemKind::VALUE),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
            ..CompletionItem::default()
        }
    };
    let Some(field) = doc.field(key) else {
        if !doc.keys.contains(&key) {
            return Vec::new();
        }
        if key == "type" {
            return doc
                .config
                .types
                .iter()
                .map(|(name, decl)| item(name, doc.label(&decl.label).map(str::to_string), true))
                .collect();
        }
        let quoted = key != "draft";
        return built_in(key)
            .map(|b| b.values.iter().map(|v| item(v, None, quoted)).collect())
            .unwrap_or_default();
    };
    if (field.kind == FieldKind::List) != in_list {
        return Vec::new();
    }
    let codes = |list: &CodeList| -> Vec<CompletionItem> {
        list.iter()
            .map(|c| item(&c.code, Some(c.name(&doc.lang)), true))
            .collect()
    };
    match item_kind(field) {
        FieldKind::Country => codes(codes::countries()),
        FieldKind::Nuts => {
            // The regions of the page's country first.
            let prefix = nuts_prefix(doc);
            let mut items = codes(codes::nuts());
            for item in &mut items {
                let near = prefix.as_deref().is_some_and(|p| item.label.starts_with(p));
                item.sort_text = Some(format!("{}{}", if near { 0 } else { 1 }, item.label));
            }
            items
        }
        FieldKind::Nace => codes(codes::nace()),
        FieldKind::Ecosystem => codes(codes::ecosystems()),
        FieldKind::Bool => vec![item("true", None, false), item("false", None, false)],
        FieldKind::Enum => field
            .list
            .as_ref()
            .and_then(|l| doc.config.lists.get(l))
            .map(|list| {
                list.iter()
                    .map(|(id, labels)| item(id, doc.label(labels).map(str::to_string), true))
                    .collect()
            })
            .unwrap_or_default(),
        FieldKind::Ref => {
            let mut seen = std::collections::BTreeMap::new();
            for page in &site.pages {
                if field.target.is_some() && page.type_name != field.target {
                    continue;
                }
                let title = seen.entry(page.key.as_str()).or_insert(None);
                if title.is_none() || page.lang == doc.lang {
                    *title = page.title.clone();
                }
            }
            seen.into_iter()
                .map(|(key, title)| item(key, title, true))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The NUTS code of the country a `country` field of the page names (`EL` for `GR`).
fn nuts_prefix(doc: &Doc) -> Option<String> {
    let end = doc.block.close.unwrap_or(doc.lines.len());
    let lines = doc.lines.get(doc.block.open + 1..end)?;
    lines
        .iter()
        .take_while(|l| !text::is_table_header(l))
        .filter_map(|l| text::key_line(l).map(|(key, after)| (key, &l[after..])))
        .find(|(key, _)| doc.field(key).is_some_and(|f| f.kind == FieldKind::Country))
        .map(|(_, value)| {
            let code = value.split('#').next().unwrap_or("").trim().trim_matches('"');
            match code {
                "GR" => "EL".to_string(),
                "GB" => "UK".to_string(),
                other => other.to_string(),
            }
        })
        .filter(|code| code.len() == 2)
}

/// What the key under `position` is (its label, kind, help and whether it is required), or
/// what the code under it names (`"RS12"`: Vojvodina).
pub fn hover(site: &Site, path: &std::path::Path, text: &str, position: Position) -> Option<Hover> {
    let doc = Doc::new(site, path, text)?;
    let line = position.line as usize;
    let written = doc.lines.get(doc.block.open + 1..line)?;
    if !doc.block.contains(line) || written.iter().any(|l| text::is_table_header(l)) {
        return None;
    }
    let line_text = doc.lines.get(line)?;
    let (value, start, end) = match text::key_at(line_text, position.character) {
        Some((key, start, end)) => (key_doc(&doc, key)?, start, end),
        None => {
            let Some(Context::Value { key, .. }) =
                text::context(&doc.lines, doc.block, line, position.character)
            else {
                return None;
            };
            let (code, start, end) = text::quoted_at(line_text, position.character)?;
            (value_doc(site, &doc, &key, code)?, start, end)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(Range::new(
            Position::new(position.line, start),
            Position::new(position.line, end),
        )),
    })
}

fn key_doc(doc: &Doc, key: &str) -> Option<String> {
    match doc.field(key) {
        Some(field) if !doc.keys.contains(&key) => Some(field_doc(doc, key, field)),
        _ => {
            let built = built_in(key).filter(|_| doc.keys.contains(&key))?;
            Some(format!("`{key}`\n\n{}", built.meaning))
        }
    }
}

/// The name of a code, the label of a list value or the title of the page a `ref` names.
fn value_doc(site: &Site, doc: &Doc, key: &str, value: &str) -> Option<String> {
    let field = doc.field(key)?;
    let code = |list: &CodeList| list.get(value).map(|c| c.name(&doc.lang));
    let name = match item_kind(field) {
        FieldKind::Country => code(codes::countries()),
        FieldKind::Nuts => code(codes::nuts()),
        FieldKind::Nace => code(codes::nace()),
        FieldKind::Ecosystem => code(codes::ecosystems()),
        FieldKind::Enum => field
            .list
            .as_ref()
            .and_then(|l| doc.config.lists.get(l))
            .and_then(|list| list.get(value))
            .and_then(|labels| doc.label(labels))
            .map(str::to_string),
        FieldKind::Ref => {
            let key = value.trim_start_matches("@/");
            let pages: Vec<_> = site.pages.iter().filter(|p| p.key == key).collect();
            pages
                .iter()
                .find(|p| p.lang == doc.lang)
                .or_else(|| pages.first())
                .and_then(|p| p.title.clone())
        }
        _ => None,
    }?;
    Some(format!("`{value}`: {name}"))
}
