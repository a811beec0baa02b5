//! A site in six languages and three scripts, half translated: URLs, alternates, the
//! language switcher, fallbacks and their notices, omitted pages, sorting and dates per
//! language, Serbian Latin generated from Cyrillic, and the translation dashboard.

mod common;

use std::process::Command;

use common::SiteTest;

#[test]
fn translations_have_their_urls_alternates_and_a_switcher_in_language_order() {
    let site = SiteTest::fixture("i18n");
    let built = site.build().ok();
    built.assert_contains(
        "ro/news/alpha/index.html",
        &[
            "<html lang=\"ro\">",
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.eu/news/alpha/\">\n\
             <link rel=\"alternate\" hreflang=\"ro\" href=\"https://example.eu/ro/news/alpha/\">\n\
             <link rel=\"alternate\" hreflang=\"bg\" href=\"https://example.eu/bg/news/alpha/\">\n\
             <link rel=\"alternate\" hreflang=\"sr-Cyrl\" href=\"https://example.eu/sr-cyrl/news/pametna-specijalizacija/\">\n\
             <link rel=\"alternate\" hreflang=\"sr-Latn\" href=\"https://example.eu/sr-latn/news/pametna-specijalizacija/\">\n\
             <link rel=\"canonical\" href=\"https://example.eu/ro/news/alpha/\">",
            // Greek has no translation: the switcher offers the fallback, marked as such.
            "<a hreflang=\"el\" href=\"/el/news/alpha/\" class=\"fallback\">el</a>",
            "<time>14 martie 2026</time>",
        ],
    );
    built.assert_contains(
        "bg/news/alpha/index.html",
        &["<time>14 март 2026\u{202f}г.</time>"],
    );
    built.assert_contains("news/alpha/index.html", &["<time>March 14, 2026</time>"]);
    built.assert_contains(
        "sitemap.xml",
        &["<loc>https://example.eu/news/alpha/</loc>\n    <lastmod>2026-03-14</lastmod>\n    \
           <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.eu/news/alpha/\"/>\n    \
           <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.eu/news/alpha/\"/>\n    \
           <xhtml:link rel=\"alternate\" hreflang=\"ro\" href=\"https://example.eu/ro/news/alpha/\"/>"],
    );
    assert!(
        !built.read("sitemap.xml").contains("/el/news/alpha/"),
        "fallback copies are not in the sitemap"
    );
}

#[test]
fn a_missing_translation_falls_back_with_a_notice_and_the_right_lang() {
    let site = SiteTest::fixture("i18n");
    let built = site.build().ok();
    built.assert_contains(
        "ro/news/beta/index.html",
        &[
            "<html lang=\"ro\">",
            "<p class=\"notice\">Această pagină nu este încă disponibilă în română.</p>",
            "<article lang=\"en\"><h1>Annual report</h1>",
            "<link rel=\"canonical\" href=\"https://example.eu/news/beta/\">",
            "<time>10 ianuarie 2026</time>",
        ],
    );
    built.assert_contains(
        "el/news/beta/index.html",
        &["Αυτή η σελίδα δεν είναι ακόμη διαθέσιμη στα ελληνικά."],
    );
    // The Romanian page links to the Romanian tree's fallback copy.
    built.assert_contains(
        "ro/news/alpha/index.html",
        &["<a href=\"/ro/news/beta/\">raportul netradus</a>"],
    );
    built.assert_contains(
        "ro/news/index.html",
        &["<li lang=\"en\"><a href=\"/ro/news/beta/\">Annual report</a></li>"],
    );
}

#[test]
fn omit_leaves_no_page_and_no_dangling_link() {
    let site = SiteTest::fixture("i18n");
    let built = site.build().ok();
    assert!(built.exists("reports/first/index.html"));
    for lang in ["ro", "bg", "el", "sr-cyrl", "sr-latn"] {
        assert!(
            !built.exists(&format!("{lang}/reports/first/index.html")),
            "{lang} omits the report"
        );
        assert!(
            !built.exists(&format!("{lang}/reports/index.html")),
            "{lang} omits the section"
        );
    }
    // The link to it from a Romanian page goes to the page that exists.
    built.assert_contains(
        "ro/news/alpha/index.html",
        &["<a href=\"/reports/first/\">cel omis</a>"],
    );
    // No internal link anywhere points to a file that does not exist.
    for (path, bytes) in common::tree(&built.output) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for href in html
            .split("href=\"/")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            let target = if href.ends_with('/') || href.is_empty() {
                format!("{href}index.html")
            } else {
                href.to_string()
            };
            assert!(
                built.exists(&target),
                "{path} links to /{href}, which does not exist"
            );
        }
    }
}

#[test]
fn titles_sort_in_each_languages_alphabet() {
    let site = SiteTest::fixture("i18n");
    let built = site.build().ok();
    let order = |path: &str, names: &[&str]| {
        let html = built.read(path);
        let positions: Vec<usize> = names
            .iter()
            .map(|n| html.find(&format!(">{n}</a>")).unwrap())
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{path}: expected {names:?}:\n{html}"
        );
    };
    order("ro/people/index.html", &["Sibiu", "Suceava", "Ștefan", "Tulcea"]);
    order("bg/people/index.html", &["Иван", "Йордан", "Щерев", "Янко"]);
}

#[test]
fn serbian_latin_is_generated_from_cyrillic_except_code_and_marked_names() {
    let site = SiteTest::fixture("i18n");
    let built = site.build().ok();
    built.assert_contains(
        "sr-latn/news/pametna-specijalizacija/index.html",
        &[
            "<html lang=\"sr-Latn\">",
            "<h1>Pametna specijalizacija u praksi</h1>",
            "<p>Klaster iz grada <span translate=\"no\">Нови Сад</span> uči od Ljubljane. <code>код</code></p>",
            "<time>14. mart 2026.</time>",
        ],
    );
    built.assert_contains(
        "sr-cyrl/news/pametna-specijalizacija/index.html",
        &["<h1>Паметна специјализација у пракси</h1>"],
    );
    // UI strings come across too: sr-Latn has no i18n file of its own.
    built.assert_contains(
        "sr-latn/news/beta/index.html",
        &["Ova stranica još nije dostupna na srpskom."],
    );
}

#[test]
fn the_dashboard_reports_missing_and_stale_and_a_mark_clears_stale() {
    let site = SiteTest::fixture("i18n");
    let policylab = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_policylab"))
            .args(args)
            .output()
            .unwrap()
    };
    let root = site.root.to_string_lossy().into_owned();
    let output = policylab(&["check", "--translations", "--html", "--root", &root]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = String::from_utf8_lossy(&output.stdout);
    let line = table.lines().find(|l| l.starts_with("news/alpha.md")).unwrap();
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        ["news/alpha.md", "translated", "stale", "missing", "translated"]
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.root.join("translations.json")).unwrap()).unwrap();
    assert_eq!(
        json["languages"],
        serde_json::json!(["ro", "bg", "el", "sr-Cyrl"]),
        "generated sr-Latn is not translated by hand"
    );
    let beta = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "news/beta.md")
        .unwrap();
    assert_eq!(
        beta["statuses"],
        serde_json::json!(["missing", "missing", "missing", "missing"])
    );
    assert!(
        std::fs::read_to_string(site.root.join("translations.html"))
            .unwrap()
            .contains("<td class=\"stale\">stale</td>")
    );

    let file = site.root.join("content/news/alpha.bg.md");
    let marked = policylab(&["translate-mark", &file.to_string_lossy(), "--root", &root]);
    assert_eq!(
        marked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );
    let again = String::from_utf8_lossy(&policylab(&["check", "--translations", "--root", &root]).stdout)
        .into_owned();
    let line = again.lines().find(|l| l.starts_with("news/alpha.md")).unwrap();
    assert_eq!(line.split_whitespace().nth(2), Some("translated"), "{again}");
    // The source changes: the translation is stale again.
    std::fs::write(
        site.root.join("content/news/alpha.md"),
        "+++\ntitle = \"Changed\"\n+++\nNew text.\n",
    )
    .unwrap();
    let after = String::from_utf8_lossy(&policylab(&["check", "--translations", "--root", &root]).stdout)
        .into_owned();
    let line = after.lines().find(|l| l.starts_with("news/alpha.md")).unwrap();
    assert_eq!(line.split_whitespace().nth(2), Some("stale"), "{after}");
}
