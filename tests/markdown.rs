//! The Markdown rendering, pinned with snapshots (tests/snapshots/): review a changed
//! snapshot like code.

use std::path::PathBuf;

use policylab::config::MarkdownConfig;
use policylab::content::SourceFile;
use policylab::markdown::{self, LinkResolver, ShortcodeCall, ShortcodeRenderer};

struct Links;

impl LinkResolver for Links {
    fn url_of(&self, key: &str, lang: &str) -> Option<String> {
        (key == "clusters/danube.md").then(|| format!("/{lang}/clusters/danube/"))
    }
}

struct Shortcodes;

impl ShortcodeRenderer for Shortcodes {
    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        _: &str,
        _: &SourceFile,
    ) -> Result<String, (String, String)> {
        Ok(format!(
            "<div data-shortcode=\"{}\" data-args=\"{}\">{}</div>",
            call.name,
            call.args.len(),
            call.body.as_deref().unwrap_or("")
        ))
    }
}

fn render(body: &str) -> markdown::Rendered {
    let text = format!("+++\ntitle = \"T\"\n+++\n{body}");
    let file = SourceFile {
        path: PathBuf::from("content/t.md"),
        text,
        body_start: "+++\ntitle = \"T\"\n+++\n".len(),
    };
    let options = MarkdownConfig::default();
    let context = markdown::Context {
        file: &file,
        lang: "ro",
        content_lang: "ro",
        options: &options,
        links: &Links,
        shortcodes: &Shortcodes,
    };
    markdown::render(&context).expect("renders")
}

#[test]
fn commonmark_extensions() {
    let html = render(
        "A \"quoted\" word -- and more...\n\n| Country | Clusters |\n|---|---:|\n| RO | 12 |\n\n- [x] done\n- [ ] open\n\n~~old~~ text[^1]\n\n[^1]: A footnote.\n",
    )
    .html;
    insta::assert_snapshot!(html);
}

#[test]
fn headings_get_unique_transliterated_ids_and_a_nested_toc() {
    let rendered = render(
        "# Σκοπός\n\n## Știință și inovare\n\n### Details\n\n## Știință și inovare\n\n## Custom {#my-id}\n",
    );
    insta::assert_snapshot!(rendered.html);
    insta::assert_debug_snapshot!(rendered.toc);
}

#[test]
fn internal_links_code_shortcodes_and_summary() {
    let rendered = render(
        "Intro with [a cluster](@/clusters/danube.md#profile).\n\n<!-- more -->\n\n```toml\ntitle = \"x\"\n```\n\n    indented <code>\n\n{{ figure(src=\"a.png\", width=300) }}\n\n{% note(kind=\"info\") %}\nBody\n{% end %}\n",
    );
    insta::assert_snapshot!(rendered.html);
    assert_eq!(
        rendered.summary.as_deref(),
        Some("<p>Intro with <a href=\"/ro/clusters/danube/#profile\">a cluster</a>.</p>")
    );
    assert_eq!(rendered.links.len(), 1);
    assert_eq!(rendered.links[0].anchor.as_deref(), Some("profile"));
    assert_eq!(
        rendered.word_count, 4,
        "prose words only: not code, punctuation or shortcodes"
    );
    assert_eq!(
        rendered.text.trim(),
        "Intro with a cluster .",
        "plain text for search: prose only"
    );
}

#[test]
fn summary_marker_found_without_shortcodes_in_a_block_or_inline() {
    let block = render("First paragraph.\n\n<!-- more -->\n\nThe rest.\n");
    assert_eq!(block.summary.as_deref(), Some("<p>First paragraph.</p>"));
    let inline = render("Lead sentence. <!-- more --> More of it.\n");
    assert_eq!(inline.summary.as_deref(), Some("<p>Lead sentence.</p>"));
    let none = render("No marker here.\n\n```html\n<!-- more -->\n```\n");
    assert_eq!(none.summary, None, "a marker shown as code is not a cut");
}

#[test]
fn aligned_columns_get_classes_and_plain_tables_stay_as_written() {
    let aligned = render("| a | b |\n|:--|:-:|\n| 1 | 2 |\n").html;
    assert!(aligned.contains("class=\"align-left\"") && aligned.contains("class=\"align-center\""));
    assert!(!aligned.contains("style="));
    let plain = render("| a | b |\n|---|---|\n| 1 | 2 |\n").html;
    assert!(!plain.contains("class=\"align") && !plain.contains("style="));
}
