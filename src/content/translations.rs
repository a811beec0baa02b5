//! The translation dashboard: for every page and section of the default language, whether
//! each other language has it translated, missing, or stale (the source changed after the
//! translation was made). A translation records the fingerprint of its source in
//! `translated_from`; `policylab translate-mark FILE` writes it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Content;
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// The state of one translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// There, and made from the current source (or not marked).
    Translated,
    /// Not there.
    Missing,
    /// Made from an older version of the source.
    Stale,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Translated => "translated",
            Status::Missing => "missing",
            Status::Stale => "stale",
        }
    }
}

/// One page or section and its translations.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The content key (`news/first.md`).
    pub key: String,
    /// The source file.
    pub file: PathBuf,
    /// The title in the default language.
    pub title: String,
    /// The state in each language, in the order of [`Report::languages`].
    pub statuses: Vec<Status>,
}

/// The whole dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The languages translated into (generated ones are left out).
    pub languages: Vec<String>,
    /// One row per page and section of the default language, by key.
    pub rows: Vec<Row>,
}

/// The fingerprint of a source file: its text, line endings normalised, hashed.
pub fn fingerprint(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n");
    let digest = Sha256::digest(normalised.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Builds the dashboard from loaded content.
pub fn report(content: &Content, config: &Config) -> Report {
    let languages: Vec<String> = config
        .language_codes()
        .into_iter()
        .skip(1)
        .filter(|code| config.generated_from(code).is_none())
        .map(str::to_string)
        .collect();
    let files = content
        .pages
        .iter()
        .map(|p| {
            (
                &p.key,
                &p.lang,
                &p.source,
                p.is_fallback,
                p.front.translated_from.as_deref(),
                &p.front.title,
            )
        })
        .chain(
            content
                .sections
                .iter()
                .filter(|s| !s.source.path.as_os_str().is_empty())
                .map(|s| {
                    (
                        &s.key,
                        &s.lang,
                        &s.source,
                        s.is_fallback,
                        s.front.translated_from.as_deref(),
                        &s.front.title,
                    )
                }),
        )
        .filter(|f| !f.3)
        .collect::<Vec<_>>();
    let mut rows: Vec<Row> = files
        .iter()
        .filter(|f| *f.1 == config.default_language)
        .map(|(key, _, source, _, _, title)| {
            let current = fingerprint(&source.text);
            let statuses = languages
                .iter()
                .map(|lang| match files.iter().find(|f| f.0 == *key && f.1 == lang) {
                    None => Status::Missing,
                    Some((_, _, _, _, Some(from), _)) if *from != current => Status::Stale,
                    Some(_) => Status::Translated,
                })
                .collect();
            Row {
                key: key.to_string(),
                file: source.path.clone(),
                title: title.to_string(),
                statuses,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    Report { languages, rows }
}

impl Report {
    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let width = self.rows.iter().map(|r| r.key.len()).max().unwrap_or(4).max(4);
        let mut out = format!("{:width$}", "page");
        for lang in &self.languages {
            out.push_str(&format!("  {lang:<10}"));
        }
        out.push('\n');
        for row in &self.rows {
            out.push_str(&format!("{:width$}", row.key));
            for status in &row.statuses {
                out.push_str(&format!("  {:<10}", status.word()));
            }
            out.push('\n');
        }
        for (i, lang) in self.languages.iter().enumerate() {
            let count = |s: Status| self.rows.iter().filter(|r| r.statuses[i] == s).count();
            out.push_str(&format!(
                "{lang}: {} translated, {} missing, {} stale\n",
                count(Status::Translated),
                count(Status::Missing),
                count(Status::Stale)
            ));
        }
        out
    }

    /// The same as JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// A page for coordinators: one table, a class per state, no script.
    pub fn html(&self, title: &str) -> String {
        let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let mut out = format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Translations: {}</title>\n\
             <style>body{{font-family:system-ui,sans-serif;margin:2rem}}table{{border-collapse:collapse}}\
             td,th{{border:1px solid #999;padding:.25rem .5rem;text-align:left}}.missing{{background:#fde2e1}}\
             .stale{{background:#fff3c4}}.translated{{background:#e3f5e1}}</style></head><body>\n\
             <h1>Translations: {}</h1>\n<table>\n<thead><tr><th scope=\"col\">Page</th>",
            escape(title),
            escape(title)
        );
        for lang in &self.languages {
            out.push_str(&format!("<th scope=\"col\">{}</th>", escape(lang)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            out.push_str(&format!(
                "<tr><th scope=\"row\">{}<br><small>{}</small></th>",
                escape(&row.title),
                escape(&row.key)
            ));
            for status in &row.statuses {
                out.push_str(&format!("<td class=\"{0}\">{0}</td>", status.word()));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</body></html>\n");
        out
    }
}

/// Records in the translation `file` the fingerprint of its source; returns the fingerprint.
pub fn mark(file: &Path, config: &Config) -> Result<String, Diagnostic> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let (base, lang) = stem.rsplit_once('.').ok_or_else(|| {
        Diagnostic::error(format!("`{name}` is not a translation"))
            .in_file(file)
            .with_hint("name a translation such as about.ro.md; its source is about.md")
    })?;
    if !config.languages.contains_key(lang) || lang == config.default_language {
        return Err(
            Diagnostic::error(format!("`{lang}` is not a language the site translates into"))
                .in_file(file)
                .with_hint(format!(
                    "the site's languages are: {}",
                    config.language_codes().join(", ")
                )),
        );
    }
    let source_path = file.with_file_name(format!("{base}.md"));
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .in_file(path)
                .with_hint("check the file name; the source of about.ro.md is about.md beside it")
        })
    };
    let source = read(&source_path)?;
    let text = read(file)?;
    let print = fingerprint(&source);
    let split = super::front_matter::split(&text, file)?;
    let updated = set_translated_from(&text, split.toml_start, split.toml_end, &print);
    std::fs::write(file, updated)
        .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", file.display())).in_file(file))?;
    Ok(print)
}

/// The text with `translated_from = "<print>"` replacing the front matter's line, or added as
/// its last line.
fn set_translated_from(text: &str, toml_start: usize, toml_end: usize, print: &str) -> String {
    let line = format!("translated_from = \"{print}\"\n");
    let front = &text[toml_start..toml_end];
    let mut offset = toml_start;
    for existing in front.split_inclusive('\n') {
        if existing.trim_start().starts_with("translated_from") {
            return format!("{}{line}{}", &text[..offset], &text[offset + existing.len()..]);
        }
        offset += existing.len();
    }
    // Before the first table header, so the key stays at the top level.
    let mut offset = toml_start;
    for existing in front.split_inclusive('\n') {
        if existing.trim_start().starts_with('[') {
            return format!("{}{line}{}", &text[..offset], &text[offset..]);
        }
        offset += existing.len();
    }
    let needs_newline = !text[..toml_end].ends_with('\n');
    format!(
        "{}{}{line}{}",
        &text[..toml_end],
        if needs_newline { "\n" } else { "" },
        &text[toml_end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_goes_at_the_top_level_or_replaces_the_old_one() {
        let text = "+++\ntitle = \"A\"\n[extra]\nx = 1\n+++\nBody\n";
        let marked = set_translated_from(text, 4, text.find("+++\nBody").unwrap(), "abc");
        assert_eq!(
            marked,
            "+++\ntitle = \"A\"\ntranslated_from = \"abc\"\n[extra]\nx = 1\n+++\nBody\n"
        );
        let again = set_translated_from(&marked, 4, marked.find("+++\nBody").unwrap(), "def");
        assert_eq!(
            again,
            "+++\ntitle = \"A\"\ntranslated_from = \"def\"\n[extra]\nx = 1\n+++\nBody\n"
        );
    }

    #[test]
    fn fingerprints_ignore_line_endings() {
        assert_eq!(fingerprint("a\r\nb\n"), fingerprint("a\nb\n"));
        assert_eq!(fingerprint("a").len(), 16);
    }
}
