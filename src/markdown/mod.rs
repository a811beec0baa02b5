//! Markdown to HTML with pulldown-cmark: heading ids, table of contents, summary, internal
//! `@/` links, highlighted code and shortcodes.
//!
//! Rendering one page needs only that page and two services given by the caller: a
//! [`LinkResolver`] (what URL an `@/` path has) and a [`ShortcodeRenderer`] (templates).
//! Anchors in other pages are checked by the caller once every page is rendered, from the
//! [`InternalLink`]s this module returns.

mod highlight;
mod shortcodes;

use std::collections::HashSet;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag};
use serde::Serialize;

pub use highlight::{stylesheet as highlight_stylesheet, theme_names as highlight_theme_names};
pub use shortcodes::ShortcodeCall;

use crate::config::MarkdownConfig;
use crate::content::{SourceFile, slugify_in};
use crate::diagnostics::{Diagnostic, Location};

/// The marker that ends a page's summary.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

/// One heading in a table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// The headings nested under it.
    pub children: Vec<TocEntry>,
}

/// A link to another page found in the body: `@/news/first.md#results`.
#[derive(Debug, Clone)]
pub struct InternalLink {
    /// The target's content key (`news/first.md`).
    pub key: String,
    /// The heading id after `#`, if any.
    pub anchor: Option<String>,
    /// Where the link is written.
    pub location: Location,
}

/// A page's Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The HTML before `<!-- more -->`, if the marker is there.
    pub summary: Option<String>,
    /// Nested headings.
    pub toc: Vec<TocEntry>,
    /// Every id a link may point at (all headings).
    pub anchors: Vec<String>,
    /// Words of prose, code excluded.
    pub word_count: usize,
    /// The prose as plain text (no headings, no code blocks, no shortcodes), for search.
    pub text: String,
    /// Problems that do not stop the build (an image without alt text).
    pub warnings: Vec<Diagnostic>,
    /// Links to other pages, to check their anchors.
    pub links: Vec<InternalLink>,
}

/// Gives the URL of a content key in a language.
pub trait LinkResolver: Sync {
    /// The URL of the page or section with `key` (`news/first.md`) as seen from `lang`.
    fn url_of(&self, key: &str, lang: &str) -> Option<String>;
}

/// Renders a shortcode call to HTML.
pub trait ShortcodeRenderer: Sync {
    /// The call's output, or a message saying what went wrong and a hint.
    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        lang: &str,
        file: &SourceFile,
    ) -> Result<String, (String, String)>;
}

/// What one rendering needs besides the text.
pub struct Context<'a> {
    /// The file being rendered.
    pub file: &'a SourceFile,
    /// The language of the tree it is published in.
    pub lang: &'a str,
    /// The language its text is written in (the default language for a fallback copy).
    pub content_lang: &'a str,
    /// `[markdown]` options.
    pub options: &'a MarkdownConfig,
    /// URLs of `@/` links.
    pub links: &'a dyn LinkResolver,
    /// Shortcode templates.
    pub shortcodes: &'a dyn ShortcodeRenderer,
}

/// Renders the body of `context.file`.
pub fn render(context: &Context) -> Result<Rendered, Vec<Diagnostic>> {
    let file = context.file;
    let body = file.body();
    let (text, calls) = shortcodes::extract(body).map_err(|e| {
        vec![
            Diagnostic::error(e.message)
                .in_file(&file.path)
                .at(Location::at_offset(&file.text, file.body_start + e.offset, e.len))
                .with_hint(e.hint),
        ]
    })?;
    let mut errors = Vec::new();
    let mut rendered = Rendered::default();
    let (events, found) = transform(&text, !calls.is_empty(), context, &mut rendered, &mut errors);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if found.aligned_table {
        html = without_inline_styles(html);
    }
    let html = insert_shortcodes(html, &calls, context, &mut errors);
    // A shortcode's output may hold the marker too.
    if found.summary_marker || !calls.is_empty() {
        rendered.summary = summary_of(&html);
    }
    rendered.html = html;
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

fn options(config: &MarkdownConfig) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if config.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// What the HTML may hold that needs a pass over it after rendering.
#[derive(Default)]
struct Found {
    /// The summary marker (`<!-- more -->`) in the Markdown's HTML.
    summary_marker: bool,
    /// A table with a column aligned, which pulldown-cmark writes as an inline style.
    aligned_table: bool,
}

/// Walks the events once: ids on headings, the TOC, links, code, word count. `placeholders`
/// says whether the text holds shortcode placeholders, to be left out of the prose.
fn transform<'t>(
    text: &'t str,
    placeholders: bool,
    context: &Context,
    rendered: &mut Rendered,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Event<'t>>, Found) {
    let mut events: Vec<Event<'t>> = Parser::new_ext(text, options(context.options)).collect();
    let mut found = Found::default();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut headings: Vec<(u8, String, String)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { .. }) => {
                let end = position_of_end(&events, i);
                let title = plain_text(&events[i + 1..end]);
                if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] {
                    let wanted = match id {
                        Some(explicit) => explicit.to_string(),
                        None => slugify_in(&title, context.content_lang),
                    };
                    let unique = unique_id(&wanted, &mut used_ids);
                    *id = Some(CowStr::from(unique.clone()));
                    headings.push((heading_number(*level), unique, title));
                }
                i = end + 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let end = position_of_end(&events, i);
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| {
                        if let Event::Text(t) = e {
                            Some(t.as_ref())
                        } else {
                            None
                        }
                    })
                    .collect();
                let html = code_block_html(&code, &language, context.options.highlight_code);
                events.splice(i..=end, [Event::Html(CowStr::from(html))]);
                i += 1;
            }
            Event::Start(Tag::Link { .. }) => {
                resolve_link(&mut events[i], context, rendered, errors);
                i += 1;
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let end = position_of_end(&events, i);
                if plain_text(&events[i + 1..end]).is_empty() {
                    rendered.warnings.push(missing_alt(context, dest_url));
                }
                resolve_link(&mut events[i], context, rendered, errors);
                i += 1;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if html.contains("<img") && !html.contains("alt=") {
                    rendered.warnings.push(missing_alt(context, "<img"));
                }
                found.summary_marker |= html.contains(SUMMARY_MARKER);
                i += 1;
            }
            Event::Start(Tag::Table(alignments)) => {
                found.aligned_table |= alignments.iter().any(|a| *a != Alignment::None);
                i += 1;
            }
            Event::Text(t) | Event::Code(t) => {
                rendered.word_count += count_words(t, placeholders);
                push_prose(&mut rendered.text, t, placeholders);
                i += 1;
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                if !rendered.text.ends_with(' ') && !rendered.text.is_empty() {
                    rendered.text.push(' ');
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    rendered.anchors = headings.iter().map(|(_, id, _)| id.clone()).collect();
    rendered.toc = nest(&headings);
    (events, found)
}

/// An image without a text alternative: the site must stay readable without images.
fn missing_alt(context: &Context, needle: &str) -> Diagnostic {
    let file = context.file;
    let mut warning = Diagnostic::warning("an image has no alt text")
        .in_file(&file.path)
        .with_hint("describe the image in the brackets: ![Map of the partner regions](map.png); write ![](…) only for a purely decorative image inside a link that has text");
    if let Some(location) = Location::find(&file.text, needle, file.body_first_line()) {
        warning = warning.at(location);
    }
    warning
}

/// Appends prose to the plain text, leaving out shortcode placeholders.
fn push_prose(text: &mut String, prose: &str, placeholders: bool) {
    if placeholders && prose.contains("PLSHORTCODE") {
        let words: Vec<&str> = prose
            .split(' ')
            .filter(|w| !w.starts_with("PLSHORTCODE"))
            .collect();
        text.push_str(&words.join(" "));
    } else {
        text.push_str(prose);
    }
}

/// Words with at least one letter or digit; shortcode placeholders do not count.
fn count_words(text: &str, placeholders: bool) -> usize {
    if placeholders {
        return text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric) && !w.starts_with("PLSHORTCODE"))
            .count();
    }
    count_words_fast(text)
}

/// What an ASCII byte is to [`count_words_fast`].
#[derive(Clone, Copy, PartialEq)]
enum ByteClass {
    Space,
    Alphanumeric,
    Other,
}

const ASCII_CLASSES: [ByteClass; 128] = {
    let mut classes = [ByteClass::Other; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        // `char::is_whitespace` also counts the vertical tab, which `is_ascii_whitespace` does not.
        if b.is_ascii_whitespace() || b == 0x0b {
            classes[byte] = ByteClass::Space;
        } else if b.is_ascii_alphanumeric() {
            classes[byte] = ByteClass::Alphanumeric;
        }
        byte += 1;
    }
    classes
};

/// The number of runs of non-space characters holding at least one letter or digit (what
/// `split_whitespace` and `is_alphanumeric` give), reading ASCII bytes through a table
/// rather than one character at a time: word counts read the whole text of a site.
fn count_words_fast(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut counted = false;
    let mut at = 0;
    while at < bytes.len() {
        let (class, width) = match bytes[at] {
            b if b.is_ascii() => (ASCII_CLASSES[b as usize], 1),
            _ => {
                let c = text[at..].chars().next().unwrap_or_default();
                let class = if c.is_whitespace() {
                    ByteClass::Space
                } else if c.is_alphanumeric() {
                    ByteClass::Alphanumeric
                } else {
                    ByteClass::Other
                };
                (class, c.len_utf8())
            }
        };
        let alphanumeric = class == ByteClass::Alphanumeric;
        count += usize::from(alphanumeric && !counted);
        counted = (counted || alphanumeric) && class != ByteClass::Space;
        at += width;
    }
    count
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn position_of_end(events: &[Event], start: usize) -> usize {
    let mut depth = 0;
    for (i, event) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// `results`, then `results-1`, `results-2` for later headings with the same text.
fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    let base = if wanted.is_empty() { "section" } else { wanted };
    let mut id = base.to_string();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

fn nest(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            level: *level,
            id: id.clone(),
            title: title.clone(),
            children: Vec::new(),
        };
        let mut siblings = &mut roots;
        while siblings.last().is_some_and(|last| last.level < *level) {
            siblings = &mut siblings.last_mut().expect("checked non-empty").children;
        }
        siblings.push(entry);
    }
    roots
}

fn code_block_html(code: &str, language: &str, highlight: bool) -> String {
    let class = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(language))
    };
    let inner = if highlight && !language.is_empty() {
        highlight::highlight(code, language).unwrap_or_else(|| escape(code))
    } else {
        escape(code)
    };
    format!("<pre><code{class}>{inner}</code></pre>\n")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Rewrites `@/path.md#anchor` to the target's URL and records the link.
fn resolve_link(event: &mut Event, context: &Context, rendered: &mut Rendered, errors: &mut Vec<Diagnostic>) {
    let dest = match event {
        Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
        _ => return,
    };
    let Some(target) = dest.strip_prefix("@/") else {
        return;
    };
    let (key, anchor) = match target.split_once('#') {
        Some((key, anchor)) => (key.to_string(), Some(anchor.to_string())),
        None => (target.to_string(), None),
    };
    let file = context.file;
    let location = Location::of_text(&file.text, dest.as_ref(), file.body_first_line());
    // A heading id belongs to the text's language: link there when the link names one.
    let link_lang = if anchor.is_some() {
        context.content_lang
    } else {
        context.lang
    };
    match context.links.url_of(&key, link_lang) {
        Some(url) => {
            let full = match &anchor {
                Some(a) if key.is_empty() => format!("#{a}"),
                Some(a) => format!("{url}#{a}"),
                None => url,
            };
            *dest = CowStr::from(full);
            rendered.links.push(InternalLink { key, anchor, location });
        }
        None => errors.push(
            Diagnostic::error(format!("the link `@/{target}` points to no page or section"))
                .in_file(&file.path)
                .at(location)
                .with_hint("write the path of a Markdown file under content/, e.g. @/news/first.md or @/news/_index.md"),
        ),
    }
}

/// Replaces the placeholders with the shortcodes' output.
fn insert_shortcodes(
    mut html: String,
    calls: &[ShortcodeCall],
    context: &Context,
    errors: &mut Vec<Diagnostic>,
) -> String {
    for (index, call) in calls.iter().enumerate() {
        let placeholder = shortcodes::placeholder(index);
        let output = match context
            .shortcodes
            .render_shortcode(call, context.lang, context.file)
        {
            Ok(output) => output,
            Err((message, hint)) => {
                let file = context.file;
                errors.push(
                    Diagnostic::error(message)
                        .in_file(&file.path)
                        .at(Location::at_offset(
                            &file.text,
                            file.body_start + call.offset,
                            call.name.len() + 3,
                        ))
                        .with_hint(hint),
                );
                String::new()
            }
        };
        let block = format!("<p>{placeholder}</p>\n");
        html = if html.contains(&block) {
            html.replacen(&block, &output, 1)
        } else {
            html.replacen(&placeholder, &output, 1)
        };
    }
    html
}

/// Table alignment as classes: the site must work under a policy that forbids `style=""`.
fn without_inline_styles(html: String) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html;
    }
    ["left", "center", "right"].iter().fold(html, |html, side| {
        html.replace(
            &format!(" style=\"text-align: {side}\""),
            &format!(" class=\"align-{side}\""),
        )
    })
}

fn summary_of(html: &str) -> Option<String> {
    let cut = html.find(SUMMARY_MARKER)?;
    let mut summary = html[..cut].trim_end().to_string();
    if summary.matches("<p>").count() > summary.matches("</p>").count() {
        summary.push_str("</p>");
    }
    Some(summary)
}

/// Renders a standalone piece of Markdown (the `markdown` filter): no links, no shortcodes.
pub fn render_fragment(text: &str, inline: bool) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        Parser::new_ext(text, options(&MarkdownConfig::default())),
    );
    if inline {
        let trimmed = html.trim();
        if let Some(inner) = trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
            if !inner.contains("<p>") {
                return inner.to_string();
            }
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference_count(text: &str) -> usize {
        text.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    #[test]
    fn fast_word_count_equals_split_whitespace_in_every_script() {
        let texts = [
            "",
            "one",
            "  two words  ",
            "Clusters — and their members: 12 (2021–2027) * - | ...",
            "Ştiinţă\u{a0}și inovare\u{2003}în\u{b}regiune\tSud-Est\n",
            "Кластери у Нишу и Новом Саду; Ниш/Niš",
            "Οι συστάδες της Θεσσαλονίκης «καινοτομία»",
            "emoji 🚀 alone, 🚀x joined, x🚀",
            "tabs\u{c}and\rreturns",
        ];
        for text in texts {
            assert_eq!(count_words_fast(text), reference_count(text), "{text:?}");
        }
        assert_eq!(count_words("a PLSHORTCODE0X b", true), 2);
        assert_eq!(count_words("a PLSHORTCODE0X b", false), 3);
    }
}
