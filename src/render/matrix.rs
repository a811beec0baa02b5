//! `matrix()`: pages of a type cross-tabulated by two of their list fields, such as case
//! studies by the barriers they met and the themes they address.
//!
//! Rows and columns are every value the fields can take (the declared `[lists.*]`, in their
//! order), not only the values in use, so an empty cell is visible: it is a gap in the
//! platform's knowledge, and the template says so. This module computes the table; the
//! template lays it out.

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tera::{Kwargs, Value};

use super::map::{at, in_language, text, typed_pages};
use super::memo::SiteFunctions;
use super::site_views;
use super::view::Views;
use crate::config::Config;
use crate::schema::{enum_label, label_in};

/// One value of the row or column field.
#[derive(Serialize)]
struct Heading {
    id: String,
    label: String,
    /// How many pages have this value.
    count: usize,
}

#[derive(Serialize)]
struct Row {
    id: String,
    label: String,
    count: usize,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    column: String,
    column_label: String,
    cases: Vec<Case>,
}

#[derive(Serialize, Clone)]
struct Case {
    title: String,
    url: String,
    /// The language of the title (the default language on a fallback page).
    lang: String,
    /// The values of the `remedies` field (text).
    remedies: Vec<String>,
}

#[derive(Serialize)]
struct Matrix {
    /// The type's label, and the labels of the row and column fields, in the language.
    type_label: String,
    row_label: String,
    column_label: String,
    columns: Vec<Heading>,
    rows: Vec<Row>,
    /// Number of pages of the type.
    pages: usize,
    /// Number of cells, and of empty ones.
    cells: usize,
    gaps: usize,
}

/// Registers `matrix(type="case_study", rows="barriers", columns="themes", remedies="remedies", lang=…)`.
///
/// `rows` and `columns` name fields of the type (lists of enum values, or any field with
/// codes); `remedies` (optional) a text field whose values are listed with each page.
/// Returns `{type_label, row_label, column_label, columns: [{id, label, count}],
/// rows: [{id, label, count, cells: [{column, column_label, cases: [{title, url, lang,
/// remedies}]}]}], pages, cells, gaps}`.
pub(super) fn register(functions: &mut SiteFunctions, views: Arc<OnceLock<Views>>, config: &Config) {
    let config = config.clone();
    functions.add(
        "matrix",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let type_name = kwargs.must_get::<&str>("type")?;
            let rows = kwargs.must_get::<&str>("rows")?;
            let columns = kwargs.must_get::<&str>("columns")?;
            let remedies = kwargs.get::<&str>("remedies")?;
            let views = site_views(&views, "matrix")?;
            let fields = Fields {
                rows,
                columns,
                remedies,
            };
            build(views, &config, type_name, &fields, lang)
                .map(|m| Value::from_serializable(&m))
                .map_err(tera::Error::message)
        },
    );
}

struct Fields<'a> {
    rows: &'a str,
    columns: &'a str,
    remedies: Option<&'a str>,
}

fn build(
    views: &Views,
    config: &Config,
    type_name: &str,
    fields: &Fields,
    lang: &str,
) -> Result<Matrix, String> {
    let decl = config.types.get(type_name).ok_or_else(|| {
        format!("matrix: no type `{type_name}`; declare [types.{type_name}] in config.toml")
    })?;
    let field_label = |name: &str| -> Result<String, String> {
        let field = decl.fields.get(name).ok_or_else(|| {
            format!(
                "matrix: the type `{type_name}` has no field `{name}`; its fields are: {}",
                decl.fields.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        })?;
        Ok(in_language(config, lang, |l| {
            label_in(&field.label, l, config, name)
        }))
    };
    let row_label = field_label(fields.rows)?;
    let column_label = field_label(fields.columns)?;
    if let Some(remedies) = fields.remedies {
        field_label(remedies)?;
    }
    let pages = typed_pages(views, type_name, lang);
    let codes = |page: &Value, field: &str| -> Vec<(String, String)> {
        at(page, &format!("fields.{field}.items"))
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| Some((text(i, "code")?.to_string(), text(i, "text")?.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let headings = |field: &str| -> Vec<(String, String)> {
        let list = decl.fields.get(field).and_then(|f| f.list.as_deref());
        match list.and_then(|l| config.lists.get(l).map(|values| (l, values))) {
            Some((list, values)) => values
                .keys()
                .map(|id| {
                    let label = in_language(config, lang, |l| {
                        enum_label(config, list, id, l).unwrap_or_else(|| id.clone())
                    });
                    (id.clone(), label)
                })
                .collect(),
            // A field without a declared list: the values in use, in the order first met.
            None => {
                let mut seen: Vec<(String, String)> = Vec::new();
                for page in &pages {
                    for value in codes(page, field) {
                        if !seen.iter().any(|(id, _)| *id == value.0) {
                            seen.push(value);
                        }
                    }
                }
                seen
            }
        }
    };
    let column_values = headings(fields.columns);
    let row_values = headings(fields.rows);
    let cases: Vec<(Case, Vec<String>, Vec<String>)> = pages
        .iter()
        .map(|page| {
            let case = Case {
                title: text(page, "title").unwrap_or("").to_string(),
                url: text(page, "url").unwrap_or("").to_string(),
                lang: text(page, "content_lang").unwrap_or(lang).to_string(),
                remedies: fields
                    .remedies
                    .map(|r| codes(page, r).into_iter().map(|(_, text)| text).collect())
                    .unwrap_or_default(),
            };
            let ids = |field: &str| codes(page, field).into_iter().map(|(id, _)| id).collect();
            (case, ids(fields.rows), ids(fields.columns))
        })
        .collect();
    let mut gaps = 0;
    let rows: Vec<Row> = row_values
        .iter()
        .map(|(row_id, row_label)| {
            let cells: Vec<Cell> = column_values
                .iter()
                .map(|(column_id, column_label)| {
                    let in_cell: Vec<Case> = cases
                        .iter()
                        .filter(|(_, rows, columns)| rows.contains(row_id) && columns.contains(column_id))
                        .map(|(case, _, _)| case.clone())
                        .collect();
                    if in_cell.is_empty() {
                        gaps += 1;
                    }
                    Cell {
                        column: column_id.clone(),
                        column_label: column_label.clone(),
                        cases: in_cell,
                    }
                })
                .collect();
            Row {
                id: row_id.clone(),
                label: row_label.clone(),
                count: cases.iter().filter(|(_, rows, _)| rows.contains(row_id)).count(),
                cells,
            }
        })
        .collect();
    let columns = column_values
        .into_iter()
        .map(|(id, label)| Heading {
            count: cases
                .iter()
                .filter(|(_, _, columns)| columns.contains(&id))
                .count(),
            id,
            label,
        })
        .collect::<Vec<_>>();
    Ok(Matrix {
        type_label: in_language(config, lang, |l| super::typed::type_label(config, type_name, l)),
        row_label,
        column_label,
        cells: rows.len() * columns.len(),
        gaps,
        pages: cases.len(),
        columns,
        rows,
    })
}
