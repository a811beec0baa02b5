//! Syntax highlighting of fenced code blocks with CSS classes (syntect).
//!
//! The syntax definitions are loaded the first time a code block asks for them, so a site
//! without code pays nothing. Colours live in the generated syntax.css, not in the HTML.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlighted code kept for the next block with the same code and language: translations
/// of a page repeat its code blocks, and the dev server renders a page again and again.
type Highlighted = HashMap<(String, String), Option<String>>;

/// How many highlighted blocks are kept at most; past that the memo starts again.
const REMEMBERED_BLOCKS: usize = 4096;

fn remembered() -> &'static Mutex<Highlighted> {
    static REMEMBERED: OnceLock<Mutex<Highlighted>> = OnceLock::new();
    REMEMBERED.get_or_init(Mutex::default)
}

/// The code as highlighted HTML spans, or `None` when the language is unknown.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let key = (language.to_string(), code.to_string());
    if let Some(known) = remembered().lock().ok().and_then(|memo| memo.get(&key).cloned()) {
        return known;
    }
    let html = highlight_now(code, language);
    if let Ok(mut memo) = remembered().lock() {
        if memo.len() >= REMEMBERED_BLOCKS {
            memo.clear();
        }
        memo.insert(key, html.clone());
    }
    html
}

fn highlight_now(code: &str, language: &str) -> Option<String> {
    let syntaxes = syntaxes();
    let syntax = syntaxes.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// The names of the colour themes syntax.css can be made from.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.keys().cloned().collect()
}

/// The stylesheet for the theme called `name`, or `None` when there is no such theme.
pub fn stylesheet(name: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let theme = themes.themes.get(name)?;
    css_for_theme_with_class_style(theme, CLASS_STYLE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes_only() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(highlight("x", "no-such-language").is_none());
        assert_eq!(
            highlight("fn main() {}\n", "rust").unwrap(),
            html,
            "remembered the same"
        );
    }

    #[test]
    fn stylesheet_exists_for_default_theme() {
        assert!(stylesheet("InspiredGitHub").unwrap().contains(".hl-"));
        assert!(stylesheet("Nope").is_none());
    }
}
