//! Turns a TOML parse or type error into a [`Diagnostic`] that points into the user's file.
//!
//! Used by the config and content stages, which both read TOML embedded at some offset of a
//! file (the whole file for config.toml, the front matter for content).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location, nearest};

/// A diagnostic for `error`, raised while parsing the TOML that starts at byte `offset` of
/// `source` (the whole file's text).
pub fn toml_diagnostic(error: &toml::de::Error, file: &Path, source: &str, offset: usize) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(describe(&message)).in_file(file);
    if let Some(span) = error.span() {
        diagnostic = diagnostic.at(Location::at_offset(source, offset + span.start, span.len()));
    }
    if let Some(hint) = hint_for(&message) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

fn describe(message: &str) -> String {
    match unknown_field(message) {
        Some((key, _)) => format!("unknown key `{key}`"),
        None => plain_types(first_line(message)),
    }
}

/// serde names Rust types ("expected i64"); editors need words.
fn plain_types(message: &str) -> String {
    [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list in [ ]"),
        ("expected a map", "expected a table"),
    ]
    .iter()
    .fold(message.to_string(), |text, (from, to)| text.replace(from, to))
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

/// What to do about a TOML error, from serde's wording of it.
fn hint_for(message: &str) -> Option<String> {
    if let Some((key, expected)) = unknown_field(message) {
        return Some(match nearest(key, expected.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? Valid keys here: {}", expected.join(", ")),
            None => format!("valid keys here: {}", expected.join(", ")),
        });
    }
    if message.contains("invalid type") {
        return Some("change the value to the expected type: strings need quotes, lists need [ ], dates are written 2025-03-14".into());
    }
    if message.starts_with("missing field") {
        return Some("add the key with a value".into());
    }
    if message.contains("duplicate key") {
        return Some("keep one of the two lines".into());
    }
    if message.starts_with("unknown variant") {
        return Some("use one of the values listed above".into());
    }
    Some("check the TOML syntax at the mark: text in \"quotes\" closed on the same line, key = value, lists in [ ]".into())
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn unknown_field(message: &str) -> Option<(&str, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((key, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: Option<String>,
        weight: Option<i64>,
    }

    #[test]
    fn unknown_key_names_the_key_its_line_and_the_nearest_key() {
        let source = "title = \"a\"\ntitel = \"b\"\n";
        let error = toml::from_str::<Sample>(source).unwrap_err();
        let d = toml_diagnostic(&error, Path::new("x.toml"), source, 0);
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((2, 1)));
        assert!(d.hint.unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let source = "+++\nweight = \"heavy\"\n";
        let error = toml::from_str::<Sample>(&source[4..]).unwrap_err();
        let d = toml_diagnostic(&error, Path::new("x.md"), source, 4);
        assert!(d.message.contains("invalid type"), "{}", d.message);
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((2, 10)));
    }
}
