//! `policylab new`: writes the skeleton of a page of a declared type, so that an editor starts
//! from a file that lists every field of the type instead of from a blank page.
//!
//! The page goes into the type's first section folder, named after the slug of its title (with
//! the language in the name for a translation). Required fields are filled in with an example
//! value and marked; optional ones are written as comments to uncomment. An existing file is
//! never overwritten. This module only writes the file; the build checks it like any other.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::{CONFIG_FILE, Config, FieldDecl, FieldKind, TypeDecl};
use crate::content::{CONTENT_DIR, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::schema::{codes, item_kind};

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct NewPage<'a> {
    /// The site's folder.
    pub root: &'a Path,
    /// The type, as declared in `[types.<name>]`.
    pub type_name: &'a str,
    /// The page title; the file name is its slug.
    pub title: &'a str,
    /// The language; the default language when none.
    pub lang: Option<&'a str>,
    /// The date written into the page.
    pub today: NaiveDate,
}

/// Writes the page and returns its path relative to the site root.
pub fn new_page(request: &NewPage) -> Result<PathBuf, Vec<Diagnostic>> {
    let config = Config::load(request.root).map_err(Diagnostics::sorted)?;
    let decl = find_type(&config, request.type_name)?;
    let lang = request.lang.unwrap_or(&config.default_language);
    let languages = config.language_codes();
    if !languages.contains(&lang) {
        return Err(vec![
            Diagnostic::error(format!("`{lang}` is not a language of the site"))
                .in_file(CONFIG_FILE)
                .with_hint(format!(
                    "use one of: {}, or declare [languages.{lang}] in config.toml",
                    languages.join(", ")
                )),
        ]);
    }
    let Some(section) = decl.sections.first().map(|s| s.trim_matches('/')) else {
        return Err(vec![
            Diagnostic::error(format!("the type `{}` has no section folder", request.type_name))
                .in_file(CONFIG_FILE)
                .with_hint(format!(
                    "add sections = [\"folder\"] to [types.{}] so that policylab knows where its pages go",
                    request.type_name
                )),
        ]);
    };
    let slug = slugify(request.title);
    if slug.is_empty() {
        return Err(vec![
            Diagnostic::error(format!("the title `{}` gives an empty file name", request.title))
                .with_hint("use a title with at least one letter or digit"),
        ]);
    }
    let suffix = if lang == config.default_language {
        String::new()
    } else {
        format!(".{lang}")
    };
    let folder = Path::new(CONTENT_DIR).join(section);
    let relative = folder.join(format!("{slug}{suffix}.md"));
    let bundle = folder.join(&slug).join(format!("index{suffix}.md"));
    for existing in [&relative, &bundle] {
        if request.root.join(existing).exists() {
            return Err(vec![already_there(existing)]);
        }
    }
    let text = page_text(request, &config, decl);
    std::fs::create_dir_all(request.root.join(&folder)).map_err(|e| vec![write_error(&folder, e)])?;
    // create_new: never replaces a file, even one written since the check above.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(request.root.join(&relative))
        .map_err(|e| {
            vec![if e.kind() == std::io::ErrorKind::AlreadyExists {
                already_there(&relative)
            } else {
                write_error(&relative, e)
            }]
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| vec![write_error(&relative, e)])?;
    Ok(relative)
}

fn already_there(path: &Path) -> Diagnostic {
    Diagnostic::error(format!("{} already exists", path.display()))
        .in_file(path)
        .with_hint("open that file, or choose another title")
}

fn write_error(path: &Path, error: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {error}", path.display()))
        .with_hint("check that you may write in the site's content folder")
}

fn find_type<'a>(config: &'a Config, name: &str) -> Result<&'a TypeDecl, Vec<Diagnostic>> {
    if let Some(decl) = config.types.get(name) {
        return Ok(decl);
    }
    let declared: Vec<&str> = config.types.keys().map(String::as_str).collect();
    let hint = match (nearest(name, declared.iter().copied()), declared.is_empty()) {
        (_, true) => "declare it in config.toml as [types.<name>] with its fields".to_string(),
        (Some(near), _) => format!(
            "did you mean `{near}`? The declared types are: {}",
            declared.join(", ")
        ),
        (None, _) => format!("the declared types are: {}", declared.join(", ")),
    };
    Err(vec![
        Diagnostic::error(format!("unknown type `{name}`"))
            .in_file(CONFIG_FILE)
            .with_hint(hint),
    ])
}

/// The whole file: front matter with every field, then a line of body.
fn page_text(request: &NewPage, config: &Config, decl: &TypeDecl) -> String {
    let lang = request.lang.unwrap_or(&config.default_language);
    let type_label = decl
        .label
        .get(lang)
        .or_else(|| decl.label.get(&config.default_language))
        .cloned()
        .unwrap_or_else(|| request.type_name.to_string());
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_string(request.title)));
    out.push_str("description = \"\"\n");
    out.push_str(&format!("date = {}\n", request.today.format("%Y-%m-%d")));
    if !decl.fields.is_empty() {
        out.push_str(&format!(
            "\n# {type_label}: the fields marked \"required\" must be filled in; uncomment the others to use them.\n"
        ));
    }
    for (name, field) in &decl.fields {
        let label = field
            .label
            .get(lang)
            .or_else(|| field.label.get(&config.default_language))
            .cloned()
            .unwrap_or_else(|| name.clone());
        let required = field.required && field.default.is_none();
        let mut comment = format!("# {label}: {}", kind_description(field, config));
        if required {
            comment.push_str(" (required)");
        }
        if let Some(help) = &field.help {
            comment.push_str(&format!("; {help}"));
        }
        out.push_str(&comment);
        out.push('\n');
        let value = example(field, config, request);
        if required {
            out.push_str(&format!("{name} = {value}\n"));
        } else {
            out.push_str(&format!("# {name} = {value}\n"));
        }
    }
    out.push_str("+++\n\nWrite the page here, in Markdown.\n");
    out
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// What a field takes, in words, with the allowed ids of a short list.
fn kind_description(field: &FieldDecl, config: &Config) -> String {
    let one = |kind: FieldKind| -> String {
        match kind {
            FieldKind::Text => "text".into(),
            FieldKind::Markdown => "Markdown text".into(),
            FieldKind::Int => "a whole number".into(),
            FieldKind::Float => "a number".into(),
            FieldKind::Bool => "true or false".into(),
            FieldKind::Date => "a date (YYYY-MM-DD)".into(),
            FieldKind::Url => "a web address".into(),
            FieldKind::Email => "an e-mail address".into(),
            FieldKind::Country => "an ISO 3166 country code".into(),
            FieldKind::Nuts => "a NUTS region code".into(),
            FieldKind::Nace => "a NACE code".into(),
            FieldKind::Ecosystem => "an EU industrial ecosystem".into(),
            FieldKind::Geo => "a place".into(),
            FieldKind::Enum => {
                let ids = list_ids(field, config);
                if ids.is_empty() {
                    "a value of a declared list".into()
                } else {
                    format!("one of {}", ids.join(", "))
                }
            }
            FieldKind::Ref => format!(
                "the path of a {} page under content/",
                field.target.as_deref().unwrap_or("")
            )
            .replace("a  page", "a page"),
            FieldKind::List => "a list".into(),
        }
    };
    match field.kind {
        FieldKind::List => format!("a list; each item {}", one(item_kind(field))),
        kind => one(kind),
    }
}

fn list_ids<'a>(field: &FieldDecl, config: &'a Config) -> Vec<&'a str> {
    field
        .list
        .as_ref()
        .and_then(|l| config.lists.get(l))
        .map(|l| l.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A valid value of the field's kind (for lists, a list of one).
fn example(field: &FieldDecl, config: &Config, request: &NewPage) -> String {
    if let Some(default) = &field.default {
        return default.to_string();
    }
    match field.kind {
        FieldKind::List => format!("[{}]", example_item(field, item_kind(field), config, request)),
        kind => example_item(field, kind, config, request),
    }
}

fn example_item(field: &FieldDecl, kind: FieldKind, config: &Config, request: &NewPage) -> String {
    let first_code = |list: &codes::CodeList, wanted: &str| {
        let code = list
            .get(wanted)
            .or_else(|| list.iter().next())
            .map_or(wanted.to_string(), |c| c.code.clone());
        toml_string(&code)
    };
    match kind {
        FieldKind::Text | FieldKind::Markdown => "\"…\"".into(),
        FieldKind::Int => "0".into(),
        FieldKind::Float => "0.0".into(),
        FieldKind::Bool => "false".into(),
        FieldKind::Date => request.today.format("%Y-%m-%d").to_string(),
        FieldKind::Url => "\"https://www.example.org\"".into(),
        FieldKind::Email => "\"info@example.org\"".into(),
        FieldKind::Country => first_code(codes::countries(), "RO"),
        FieldKind::Nuts => first_code(codes::nuts(), "RO11"),
        FieldKind::Nace => first_code(codes::nace(), "C"),
        FieldKind::Ecosystem => first_code(codes::ecosystems(), "digital"),
        FieldKind::Geo => "{ lat = 45.25, lon = 19.84 }".into(),
        FieldKind::Enum => toml_string(list_ids(field, config).first().copied().unwrap_or("id")),
        FieldKind::Ref => toml_string(&example_ref(field, config, request.root)),
        FieldKind::List => "[]".into(),
    }
}

/// The first page in the referred type's section folder, so that the value is a real page.
fn example_ref(field: &FieldDecl, config: &Config, root: &Path) -> String {
    let section = field
        .target
        .as_ref()
        .and_then(|t| config.types.get(t))
        .and_then(|t| t.sections.first())
        .map(|s| s.trim_matches('/').to_string());
    let Some(section) = section else {
        return "section/page.md".into();
    };
    let mut names: Vec<String> = std::fs::read_dir(root.join(CONTENT_DIR).join(&section))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if path.is_dir() && path.join("index.md").is_file() {
                Some(format!("{name}/index.md"))
            } else if name.ends_with(".md") && name != "_index.md" && name.matches('.').count() == 1 {
                Some(name)
            } else {
                None
            }
        })
        .collect();
    names.sort();
    match names.first() {
        Some(name) => format!("{section}/{name}"),
        None => format!("{section}/page.md"),
    }
}
