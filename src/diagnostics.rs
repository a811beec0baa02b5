//! One error type for everything a user's files can get wrong.
//!
//! A [`Diagnostic`] carries the file, the position (line and column, both from 1), the
//! offending line, a message and a hint. Stages collect diagnostics into a [`Diagnostics`]
//! list instead of stopping at the first one, so a build reports every problem at once.
//! This module renders them; it does not decide what is an error.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build goes on and succeeds.
    Warning,
    /// The build fails with exit code 1.
    Error,
}

/// A place in a file: line and column count from 1; `len` is the width of the caret mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
    /// How many characters the mark covers (at least 1).
    pub len: usize,
    /// The text of the line, without its line break.
    pub line_text: String,
}

impl Location {
    /// The location of byte offset `offset` in `source`, marking `len_bytes` bytes.
    pub fn at_offset(source: &str, offset: usize, len_bytes: usize) -> Location {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
        let line = source[..line_start].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let mark_end = floor_char_boundary(source, (offset + len_bytes).min(line_end));
        let len = source[offset..mark_end].chars().count().max(1);
        Location {
            line,
            column,
            len,
            line_text: source[line_start..line_end].trim_end_matches('\r').to_string(),
        }
    }

    /// The location of the first occurrence of `needle` at or after line `from_line` (from 1).
    pub fn find(source: &str, needle: &str, from_line: usize) -> Option<Location> {
        let start = line_start_offset(source, from_line);
        let found = source[start..].find(needle).filter(|_| !needle.is_empty())?;
        Some(Location::at_offset(source, start + found, needle.len()))
    }

    /// The location of the first occurrence of `needle` at or after line `from_line` (from 1),
    /// or of line `from_line` itself when the text is not found.
    pub fn of_text(source: &str, needle: &str, from_line: usize) -> Location {
        let start = line_start_offset(source, from_line);
        match source[start..].find(needle) {
            Some(i) if !needle.is_empty() => Location::at_offset(source, start + i, needle.len()),
            _ => Location::at_offset(source, start, 0),
        }
    }
}

fn line_start_offset(source: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    source
        .match_indices('\n')
        .nth(line - 2)
        .map_or(source.len(), |(i, _)| i + 1)
}

fn floor_char_boundary(s: &str, mut index: usize) -> usize {
    while index > 0 && !s.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem found in the user's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: Option<PathBuf>,
    /// Where in the file, when the problem has a place.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Names the file the problem is in.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// Places the problem in the file.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Adds what to do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The text shown to the user, with colours when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!("{}: {}\n", paint(code, label), paint("1", &self.message));
        let gutter_width = self.location.as_ref().map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter_width);
        if let Some(file) = &self.file {
            let place = match &self.location {
                Some(l) => format!("{}:{}:{}", display_path(file), l.line, l.column),
                None => display_path(file),
            };
            out.push_str(&format!("{pad}{} {place}\n", paint("1;34", " -->")));
        }
        if let Some(l) = &self.location {
            let bar = paint("1;34", "|");
            let caret_indent: String = l
                .line_text
                .chars()
                .take(l.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{pad} {bar}\n"));
            out.push_str(&format!(
                "{} {bar} {}\n",
                paint("1;34", &l.line.to_string()),
                l.line_text
            ));
            out.push_str(&format!(
                "{pad} {bar} {caret_indent}{}\n",
                paint(code, &"^".repeat(l.len))
            ));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("{pad} = {}: {hint}\n", paint("1", "help")));
        }
        out
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Diagnostic {}

/// The diagnostics a stage collected, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all of another list.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    /// True when at least one is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// All of them, sorted by file, then line, then message, so output is stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.clone(),
                    d.location.as_ref().map(|l| (l.line, l.column)),
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        self.items.dedup();
        self.items
    }

    /// Iterates in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The suggestion among `candidates` closest to `wrong`, if any is close enough to help.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_columns_in_characters() {
        let source = "a = 1\nțară = \"x\"\n";
        let loc = Location::at_offset(source, source.find('"').unwrap(), 3);
        assert_eq!((loc.line, loc.column, loc.len), (2, 8, 3));
        assert_eq!(loc.line_text, "țară = \"x\"");
    }

    #[test]
    fn render_shows_file_line_caret_and_hint() {
        let d = Diagnostic::error("unknown key `titel`")
            .in_file("content/a.md")
            .at(Location::at_offset("+++\ntitel = 1\n", 4, 5))
            .with_hint("did you mean `title`?");
        assert_eq!(
            d.render(false),
            "error: unknown key `titel`\n  --> content/a.md:2:1\n  |\n2 | titel = 1\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn nearest_finds_close_names_only() {
        let keys = ["title", "description", "date"];
        assert_eq!(nearest("titel", keys), Some("title"));
        assert_eq!(nearest("zzzz", keys), None);
    }
}
