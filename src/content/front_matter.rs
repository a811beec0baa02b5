//! Splits a content file into its `+++` TOML front matter and its Markdown body, and reads
//! the front matter into typed structs.

use std::path::Path;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::config::Fallback;
use crate::diagnostics::{Diagnostic, Location};
use crate::toml_error::toml_diagnostic;

/// The two parts of a content file: front matter and body, as byte ranges of the text.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    /// Where the TOML starts (after the opening `+++` line).
    pub toml_start: usize,
    /// Where the TOML ends (before the closing `+++` line).
    pub toml_end: usize,
    /// Where the Markdown body starts.
    pub body_start: usize,
}

/// Finds the front matter of `text`.
pub fn split(text: &str, file: &Path) -> Result<Split, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error("the file does not start with `+++` front matter")
            .in_file(file)
            .at(Location::at_offset(text, start, first_line_end - start))
            .with_hint("start the file with a line `+++`, then TOML such as title = \"…\", then a closing `+++` line"));
    }
    let toml_start = (first_line_end + 1).min(text.len());
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Split {
                toml_start,
                toml_end: offset,
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("the front matter is not closed")
        .in_file(file)
        .at(Location::at_offset(text, start, 3))
        .with_hint("add a line `+++` after the last front-matter line"))
}

/// A date as written by the user, with its place for error messages.
type RawDate = Spanned<toml::Value>;

/// The built-in keys of a page's front matter; any other key is a typed field or a mistake.
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "slug",
    "aliases",
    "template",
    "taxonomies",
    "extra",
    "type",
    "translated_from",
];

/// The built-in keys of a section's front matter.
pub const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "draft",
    "weight",
    "slug",
    "aliases",
    "template",
    "page_template",
    "sort_by",
    "paginate_by",
    "extra",
    "type",
    "fallback",
    "translated_from",
];

/// A page's front matter as read; keys not listed here are collected by [`other_keys`].
#[derive(Debug, Deserialize)]
struct RawPage {
    title: String,
    #[serde(default, rename = "type")]
    type_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<RawDate>,
    #[serde(default)]
    updated: Option<RawDate>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    taxonomies: IndexMap<String, Vec<String>>,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    translated_from: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawSection {
    title: String,
    #[serde(default, rename = "type")]
    type_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    page_template: Option<String>,
    #[serde(default)]
    sort_by: SortBy,
    #[serde(default)]
    paginate_by: usize,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    fallback: Option<Fallback>,
    #[serde(default)]
    translated_from: Option<String>,
}

/// The order of a section's pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first; pages without a date last, by title.
    #[default]
    Date,
    /// Lightest first; pages without a weight last, by title.
    Weight,
    /// Alphabetical.
    Title,
    /// The order of the files' paths.
    None,
}

/// A front-matter key that is not a built-in one: a field of the page's type, or a mistake.
#[derive(Debug, Clone)]
pub struct RawField {
    /// The key.
    pub name: String,
    /// Where the key is written (bytes of the file).
    pub name_span: std::ops::Range<usize>,
    /// The value.
    pub value: toml::Value,
    /// Where the value is written (bytes of the file).
    pub value_span: std::ops::Range<usize>,
}

/// A page's front matter, checked.
#[derive(Debug, Clone, Default)]
pub struct PageFront {
    /// `title`
    pub title: String,
    /// `type`: the content type, when the page names it.
    pub type_name: Option<String>,
    /// Keys beyond the built-in ones, for the schema stage to check.
    pub fields: Vec<RawField>,
    /// `description`
    pub description: Option<String>,
    /// `date`
    pub date: Option<NaiveDate>,
    /// `updated`
    pub updated: Option<NaiveDate>,
    /// `draft`
    pub draft: bool,
    /// `weight`
    pub weight: Option<i64>,
    /// `slug`
    pub slug: Option<String>,
    /// `aliases`
    pub aliases: Vec<String>,
    /// `template`
    pub template: Option<String>,
    /// `taxonomies`: name to terms.
    pub taxonomies: IndexMap<String, Vec<String>>,
    /// `extra`
    pub extra: toml::Table,
    /// `translated_from`: the fingerprint of the source this translation was made from.
    pub translated_from: Option<String>,
}

/// A section's front matter, checked.
#[derive(Debug, Clone, Default)]
pub struct SectionFront {
    /// `title`
    pub title: String,
    /// `type`: the content type, when the section names it.
    pub type_name: Option<String>,
    /// Keys beyond the built-in ones, for the schema stage to check.
    pub fields: Vec<RawField>,
    /// `description`
    pub description: Option<String>,
    /// `draft`
    pub draft: bool,
    /// `weight`
    pub weight: Option<i64>,
    /// `slug`
    pub slug: Option<String>,
    /// `aliases`
    pub aliases: Vec<String>,
    /// `template`
    pub template: Option<String>,
    /// `page_template`
    pub page_template: Option<String>,
    /// `sort_by`
    pub sort_by: SortBy,
    /// `paginate_by`
    pub paginate_by: usize,
    /// `extra`
    pub extra: toml::Table,
    /// `fallback`: what other languages show for this section's untranslated pages.
    pub fallback: Option<Fallback>,
    /// `translated_from`: the fingerprint of the source this translation was made from.
    pub translated_from: Option<String>,
}

/// Reads the front matter of a page.
pub fn parse_page(text: &str, split: Split, file: &Path) -> Result<PageFront, Vec<Diagnostic>> {
    let raw: RawPage = toml::from_str(&text[split.toml_start..split.toml_end])
        .map_err(|e| vec![toml_diagnostic(&e, file, text, split.toml_start)])?;
    let mut errors = Vec::new();
    let mut date_of = |raw: Option<RawDate>, key: &str| {
        raw.and_then(|d| match parse_date(&d) {
            Ok(date) => Some(date),
            Err(found) => {
                errors.push(bad_date(text, split, file, &d, key, &found));
                None
            }
        })
    };
    let date = date_of(raw.date, "date");
    let updated = date_of(raw.updated, "updated");
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PageFront {
        title: raw.title,
        type_name: raw.type_name,
        fields: other_keys(text, split, file, PAGE_KEYS)?,
        description: raw.description,
        date,
        updated,
        draft: raw.draft,
        weight: raw.weight,
        slug: raw.slug,
        aliases: raw.aliases,
        template: raw.template,
        taxonomies: raw.taxonomies,
        extra: raw.extra,
        translated_from: raw.translated_from,
    })
}

/// Reads the front matter of a section.
pub fn parse_section(text: &str, split: Split, file: &Path) -> Result<SectionFront, Vec<Diagnostic>> {
    let raw: RawSection = toml::from_str(&text[split.toml_start..split.toml_end])
        .map_err(|e| vec![toml_diagnostic(&e, file, text, split.toml_start)])?;
    Ok(SectionFront {
        title: raw.title,
        type_name: raw.type_name,
        fields: other_keys(text, split, file, SECTION_KEYS)?,
        description: raw.description,
        draft: raw.draft,
        weight: raw.weight,
        slug: raw.slug,
        aliases: raw.aliases,
        template: raw.template,
        page_template: raw.page_template,
        sort_by: raw.sort_by,
        paginate_by: raw.paginate_by,
        extra: raw.extra,
        fallback: raw.fallback,
        translated_from: raw.translated_from,
    })
}

/// The top-level keys of the front matter that are not in `known`, with their places.
fn other_keys(
    text: &str,
    split: Split,
    file: &Path,
    known: &[&str],
) -> Result<Vec<RawField>, Vec<Diagnostic>> {
    type SpannedTable = IndexMap<Spanned<String>, Spanned<toml::Value>>;
    let table: SpannedTable = toml::from_str(&text[split.toml_start..split.toml_end])
        .map_err(|e| vec![toml_diagnostic(&e, file, text, split.toml_start)])?;
    let shift = |r: std::ops::Range<usize>| r.start + split.toml_start..r.end + split.toml_start;
    Ok(table
        .into_iter()
        .filter(|(key, _)| !known.contains(&key.get_ref().as_str()))
        .map(|(key, value)| RawField {
            name_span: shift(key.span()),
            name: key.into_inner(),
            value_span: shift(value.span()),
            value: value.into_inner(),
        })
        .collect())
}

/// A TOML date, date-time or a string holding one, as a calendar date.
fn parse_date(raw: &RawDate) -> Result<NaiveDate, String> {
    match raw.get_ref() {
        toml::Value::Datetime(datetime) => match datetime.date {
            Some(d) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                .ok_or_else(|| datetime.to_string()),
            None => Err(datetime.to_string()),
        },
        toml::Value::String(text) => {
            let day = text.get(..10).unwrap_or(text);
            NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| format!("\"{text}\""))
        }
        other => Err(other.to_string()),
    }
}

fn bad_date(text: &str, split: Split, file: &Path, raw: &RawDate, key: &str, found: &str) -> Diagnostic {
    let span = raw.span();
    Diagnostic::error(format!("`{key}` is not a date: found {found}"))
        .in_file(file)
        .at(Location::at_offset(
            text,
            split.toml_start + span.start,
            span.len(),
        ))
        .with_hint(format!(
            "write the date as year-month-day, e.g. {key} = 2025-03-14"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<PageFront, Vec<Diagnostic>> {
        let file = Path::new("content/a.md");
        let split = split(text, file).map_err(|d| vec![d])?;
        parse_page(text, split, file)
    }

    #[test]
    fn reads_a_page_with_dates_as_toml_or_text() {
        let front =
            page("+++\ntitle = \"A\"\ndate = 2025-03-14\nupdated = \"2025-04-01\"\n+++\nBody").unwrap();
        assert_eq!(front.date.unwrap().to_string(), "2025-03-14");
        assert_eq!(front.updated.unwrap().to_string(), "2025-04-01");
    }

    #[test]
    fn a_bad_date_points_at_its_value() {
        let errors = page("+++\ntitle = \"A\"\ndate = \"14.03.2025\"\n+++\n").unwrap_err();
        assert_eq!(errors[0].message, "`date` is not a date: found \"14.03.2025\"");
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 8));
    }

    #[test]
    fn missing_and_unclosed_front_matter_are_errors() {
        assert_eq!(
            page("# Title\n").unwrap_err()[0].message,
            "the file does not start with `+++` front matter"
        );
        assert_eq!(
            page("+++\ntitle = \"A\"\n").unwrap_err()[0].message,
            "the front matter is not closed"
        );
    }
}
