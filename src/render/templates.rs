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

/// For each template, a fingerprint of its text and the texts of every template it reaches
/// through `extends`, `include` and `import`: a page is rendered again when one of them
/// changes. A template naming another by anything but a quoted name could reach any
/// template, so it depends on all of them.
pub fn fingerprints(files: &TemplateFiles) -> std::collections::HashMap<String, u64> {
    let all: Vec<&str> = files.by_name.keys().map(String::as_str).collect();
    let direct: BTreeMap<&str, Option<Vec<String>>> = files
        .by_name
        .iter()
        .map(|(name, file)| (name.as_str(), referenced_templates(&file.text)))
        .collect();
    files
        .by_name
        .keys()
        .map(|name| {
            let mut reached = std::collections::BTreeSet::from([name.as_str()]);
            let mut todo = vec![name.as_str()];
            while let Some(current) = todo.pop() {
                let next: Vec<&str> = match direct.get(current) {
                    Some(Some(names)) => names.iter().map(String::as_str).collect(),
                    Some(None) => all.clone(),
                    None => Vec::new(),
                };
                for other in next {
                    if let Some((key, _)) = files.by_name.get_key_value(other) {
                        if reached.insert(key.as_str()) {
                            todo.push(key.as_str());
                        }
                    }
                }
            }
            let parts: Vec<u64> = reached
                .iter()
                .map(|n| super::memo::fingerprint(&(n, &files.by_name[*n].text)))
                .collect();
            (name.clone(), super::memo::combine(&parts))
        })
        .collect()
}

/// The templates `text` names in `{% extends "…" %}`, `{% include "…" %}` and
/// `{% import "…" as … %}`; `None` when one of these tags names a template some other way.
fn referenced_templates(text: &str) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        let Some(rest) = ["extends", "include", "import"]
            .iter()
            .find_map(|keyword| tag.strip_prefix(keyword))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let name = rest[1..].split(quote).next()?;
        names.push(name.to_string());
    }
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(templates: &[(&str, &str)]) -> TemplateFiles {
        TemplateFiles {
            by_name: templates
                .iter()
                .map(|(name, text)| {
                    let file = TemplateFile {
                        path: PathBuf::from(name),
                        text: text.to_string(),
                    };
                    (name.to_string(), file)
                })
                .collect(),
        }
    }

    #[test]
    fn a_template_depends_on_what_it_extends_includes_and_imports() {
        let names = referenced_templates(
            "{% extends \"base.html\" %}{%- include 'nav.html' %}{% import \"macros.html\" as m %}{% if x %}",
        );
        assert_eq!(
            names,
            Some(vec!["base.html".into(), "nav.html".into(), "macros.html".into()])
        );
        assert_eq!(referenced_templates("{% include name %}"), None);
    }

    #[test]
    fn changing_a_base_template_changes_the_pages_that_extend_it_only() {
        let before = files(&[
            ("base.html", "A"),
            ("page.html", "{% extends \"base.html\" %}"),
            ("other.html", "B"),
        ]);
        let after = files(&[
            ("base.html", "A2"),
            ("page.html", "{% extends \"base.html\" %}"),
            ("other.html", "B"),
        ]);
        let (before, after) = (fingerprints(&before), fingerprints(&after));
        assert_ne!(before["page.html"], after["page.html"]);
        assert_eq!(before["other.html"], after["other.html"]);
    }
}
