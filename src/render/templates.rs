//! Finds the theme's and the site's templates and loads them into Tera.
//!
//! A site template overrides the theme template of the same name (its path under templates/).
//! Template errors become diagnostics pointing into the template file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// One template file.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// Every template, by name (`page.html`, `shortcodes/note.html`).
#[derive(Debug, Clone, Default)]
pub struct TemplateFiles {
    /// Name to file; site templates have replaced theme templates of the same name.
    pub by_name: BTreeMap<String, TemplateFile>,
}

/// The folders templates, static files and UI strings come from, the site's last so it wins.
pub fn layer_dirs(root: &Path, theme: Option<&str>, sub: &str) -> Vec<(PathBuf, PathBuf)> {
    let mut dirs = Vec::new();
    if let Some(theme) = theme {
        let rel = Path::new("themes").join(theme).join(sub);
        dirs.push((root.join(&rel), rel));
    }
    dirs.push((root.join(sub), PathBuf::from(sub)));
    dirs
}

/// Reads the templates of the theme and the site.
pub fn read(root: &Path, theme: Option<&str>) -> Result<TemplateFiles, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let mut files = TemplateFiles::default();
    if let Some(theme) = theme {
        if !root.join("themes").join(theme).is_dir() {
            diagnostics.push(
                Diagnostic::error(format!("the theme `{theme}` is not in themes/{theme}/"))
                    .in_file("config.toml")
                    .at(Location::of_text(
                        &std::fs::read_to_string(root.join("config.toml")).unwrap_or_default(),
                        theme,
                        1,
                    ))
                    .with_hint("put the theme in themes/<name>/ or correct `theme` in config.toml"),
            );
            return Err(diagnostics);
        }
    }
    for (dir, rel_dir) in layer_dirs(root, theme, "templates") {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) if e.file_type().is_file() => e,
                Ok(_) => continue,
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::error(format!("cannot read the templates: {error}")).in_file(&rel_dir),
                    );
                    continue;
                }
            };
            let inner = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let name = inner
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let rel = rel_dir.join(inner);
            match std::fs::read(entry.path()).map(String::from_utf8) {
                Ok(Ok(text)) => {
                    files.by_name.insert(name, TemplateFile { path: rel, text });
                }
                Ok(Err(_)) => diagnostics.push(
                    Diagnostic::error("the template is not valid UTF-8 text")
                        .in_file(rel)
                        .with_hint("save the file with UTF-8 encoding"),
                ),
                Err(error) => diagnostics.push(
                    Diagnostic::error(format!("cannot read the template: {error}"))
                        .in_file(rel)
                        .with_hint("check that the file exists and that you may read it"),
                ),
            }
        }
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(files)
    }
}

/// A diagnostic for a Tera error, pointing into the template file when Tera says where.
pub fn tera_diagnostic(error: &tera::Error, files: &TemplateFiles) -> Diagnostic {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let mut diagnostic = Diagnostic::error(first_line(report.message()));
            if let Some(file) = files.by_name.get(report.filename()) {
                let span = report.span();
                diagnostic = diagnostic.in_file(&file.path).at(span_location(&file.text, span));
            } else {
                diagnostic = diagnostic.in_file(report.filename());
            }
            let hint = match error.kind() {
                ErrorKind::SyntaxError(_) => {
                    "fix the template syntax: tags are {% … %}, values {{ … }}, and each block needs its end tag"
                }
                _ => "check the names used in the template against the template context in README.md",
            };
            diagnostic.with_hint(hint)
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(format!("template `{name}` not found"))
            .with_hint(format!("add templates/{name} to the site or the theme")),
        ErrorKind::MissingParent { current, parent } => {
            let mut diagnostic = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ))
            .with_hint(format!(
                "add templates/{parent}, or correct the name in {{% extends %}}"
            ));
            if let Some(file) = files.by_name.get(current) {
                diagnostic = diagnostic
                    .in_file(&file.path)
                    .at(Location::of_text(&file.text, parent, 1));
            }
            diagnostic
        }
        _ => Diagnostic::error(first_line(&error.to_string())).with_hint("check the templates"),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

fn span_location(text: &str, span: &tera::Span) -> Location {
    let line_text = text
        .lines()
        .nth(span.start_line.saturating_sub(1))
        .unwrap_or("")
        .to_string();
    let len = if span.end_line == span.start_line && span.end_col > span.start_col {
        span.end_col - span.start_col
    } else {
        1
    };
    Location {
        line: span.start_line.max(1),
        column: span.start_col + 1,
        len,
        line_text,
    }
}
