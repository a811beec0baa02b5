//! A whole fixture site built end to end: URLs, listings, translations, taxonomies, links,
//! shortcodes, assets, redirects, sitemap; then determinism and the atomic output swap.

mod common;

use common::{SiteTest, tree};

#[test]
fn pages_get_pretty_urls_and_sections_list_them_in_order() {
    let site = SiteTest::fixture("basic");
    let built = site.build().ok();
    built.assert_contains(
        "news/launch/index.html",
        &[
            "<h1>Platform launch</h1>",
            "<time datetime=\"2026-01-15\">15 January 2026</time>",
        ],
    );
    // Newest first, two per listing page.
    let first = built.read("news/index.html");
    let workshop = first.find("Peer-review workshop").unwrap();
    let launch = first.find("Platform launch").unwrap();
    assert!(workshop < launch, "sorted by date, newest first:\n{first}");
    assert!(
        first.contains("1/2 <a rel=\"next\" href=\"/news/page/2/\">next</a>"),
        "{first}"
    );
    built.assert_contains("news/page/2/index.html", &["Call for case studies", "2/2"]);
    // Sorted by weight: module 3 has weight 1.
    let s3 = built.read("training/s3/index.html");
    assert!(
        s3.find("Module 3").unwrap() < s3.find("Module 1").unwrap(),
        "{s3}"
    );
    built.assert_contains(
        "training/index.html",
        &["<a href=\"/training/s3/\">S3 basics</a>"],
    );
    built.assert_contains(
        "training/s3/module-1/index.html",
        &["rel=\"prev\" href=\"/training/s3/module-2/\""],
    );
}

#[test]
fn slugs_are_transliterated_and_front_matter_slug_wins() {
    let site = SiteTest::fixture("basic");
    let built = site.build().ok();
    built.assert_contains("about/index.html", &["<h2 id=\"shta-je-s3\">Шта је S3?</h2>"]);
    assert!(built.exists("clusters/danube-ict-cluster/index.html"));
    assert!(
        built.exists("clusters/danube-ict-cluster/members.csv"),
        "bundle assets are copied beside the page"
    );
    built.assert_contains(
        "clusters/danube-ict-cluster/index.html",
        &["<a class=\"asset\" href=\"/clusters/danube-ict-cluster/members.csv\">members.csv</a>"],
    );
}

#[test]
fn markdown_links_headings_summary_and_shortcodes() {
    let site = SiteTest::fixture("basic");
    let built = site.build().ok();
    built.assert_contains(
        "news/launch/index.html",
        &[
            "<a href=\"/clusters/danube-ict-cluster/#profile\">the cluster</a>",
            "<a href=\"#results\">results</a>",
            "<h2 id=\"results\">Results</h2>",
            "<h2 id=\"results-1\">Results</h2>",
            "<aside class=\"summary\"><p>The platform opens to all partners.</p></aside>",
        ],
    );
    built.assert_contains(
        "news/workshop/index.html",
        &[
            "<aside class=\"note note-info\"><p>Registration is <strong>open</strong>.</p>\n</aside>",
            "<span class=\"hl-",
        ],
    );
    built.assert_contains(
        "news/call/index.html",
        &["Partners may send case studies. <figure><img src=\"map.png\" alt=\"Map of the region\"></figure>"],
    );
    assert!(built.read("syntax.css").contains(".hl-"));
}

#[test]
fn translations_live_under_their_language_and_link_to_each_other() {
    let site = SiteTest::fixture("basic");
    let built = site.build().ok();
    built.assert_contains(
        "ro/news/launch/index.html",
        &[
            "<html lang=\"ro\">",
            "<a href=\"/clusters/danube-ict-cluster/\">clusterul</a>",
            "<li lang=\"en\"><a href=\"/news/launch/\">Platform launch</a></li>",
            "<li lang=\"ro\"><a href=\"/ro/news/launch/\">Lansarea platformei</a></li>",
            "Publicat cu policylab",
        ],
    );
    built.assert_contains("ro/index.html", &["Acasă"]);
}

#[test]
fn taxonomies_aliases_404_sitemap_and_robots() {
    let site = SiteTest::fixture("basic");
    let built = site.build().ok();
    built.assert_contains(
        "themes/index.html",
        &["<a href=\"/themes/skills-and-talent/\">Skills and talent</a> (2)"],
    );
    built.assert_contains(
        "themes/skills-and-talent/index.html",
        &["Peer-review workshop in Sofia", "Platform launch"],
    );
    built.assert_contains(
        "ro/themes/transformare-digitala/index.html",
        &["Lansarea platformei"],
    );
    built.assert_contains(
        "old/launch/index.html",
        &["<meta http-equiv=\"refresh\" content=\"0; url=/news/launch/\">"],
    );
    built.assert_contains("404.html", &["Not found"]);
    built.assert_contains(
        "sitemap.xml",
        &[
            "<loc>https://example.eu/news/launch/</loc>\n    <lastmod>2026-01-15</lastmod>",
            "<loc>https://example.eu/ro/news/launch/</loc>",
        ],
    );
    assert!(
        !built.read("sitemap.xml").contains("old/launch"),
        "redirects are not in the sitemap"
    );
    built.assert_contains("robots.txt", &["Sitemap: https://example.eu/sitemap.xml"]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("basic").file(
        "content/news/draft.md",
        "+++\ntitle = \"Draft\"\ndraft = true\n+++\n",
    );
    let built = site.build().ok();
    assert!(!built.exists("news/draft/index.html"));
    let options = policylab::build::BuildOptions {
        root: site.root.clone(),
        drafts: true,
        write: true,
        ..Default::default()
    };
    policylab::build::build(&options).expect("builds with drafts");
    assert!(built.exists("news/draft/index.html"));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = SiteTest::fixture("basic");
    let first = tree(&site.build().ok().output);
    let second = tree(&site.build().ok().output);
    assert!(first.len() > 20, "the fixture produces a real tree");
    assert_eq!(first, second);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("basic");
    let before = tree(&site.build().ok().output);
    site.write_bytes("content/news/broken.md", b"+++\ntitle = \n+++\n");
    let failed = site.build();
    assert!(failed.result.is_err());
    assert_eq!(tree(&site.output()), before, "public/ is byte-for-byte as it was");
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folder is left behind");
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::fixture("basic");
    let options = policylab::build::BuildOptions {
        root: site.root.clone(),
        write: false,
        ..Default::default()
    };
    let report = policylab::build::build(&options).expect("the fixture is valid");
    assert!(report.files > 20);
    assert!(!site.output().exists());
}

#[test]
fn an_image_without_alt_text_is_a_warning_not_an_error() {
    let site = SiteTest::fixture("basic").file(
        "content/news/photo.md",
        "+++\ntitle = \"Photo\"\n+++\nText.\n\n![](map.png)\n",
    );
    let built = site.build().ok();
    let report = built.result.as_ref().unwrap();
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(
        report.warnings[0].render(false),
        "warning: an image has no alt text\n  --> content/news/photo.md:6:5\n  |\n6 | ![](map.png)\n  |     ^^^^^^^\n  = help: describe the image in the brackets: ![Map of the partner regions](map.png); write ![](…) only for a purely decorative image inside a link that has text\n"
    );
    built.assert_contains("news/photo/index.html", &["<img src=\"map.png\" alt=\"\" />"]);
}

const MENU_SCRIPT: &str = "// Opens and closes the menu.\n(function () {\n  var menuButton = \
                           document.querySelector('.menu');\n  menuButton.onclick = function () {\n    \
                           document.body.classList.toggle('menu-open');\n  };\n})();\n";

#[test]
fn static_scripts_are_minified_and_min_js_files_copied_as_they_are() {
    let site = SiteTest::fixture("basic")
        .file("static/js/menu.js", MENU_SCRIPT)
        .file("static/js/vendor.min.js", "/* kept */ var   vendor = 1;\n")
        .file("static/notes.txt", "// not a script\n");
    let built = site.build().ok();
    let menu = built.read("js/menu.js");
    assert!(!menu.contains("Opens and closes"), "comments go: {menu}");
    assert!(!menu.contains("menuButton"), "local names shrink: {menu}");
    assert!(menu.contains("'menu-open'") || menu.contains("\"menu-open\"") || menu.contains("`menu-open`"));
    assert_eq!(built.read("js/vendor.min.js"), "/* kept */ var   vendor = 1;\n");
    assert_eq!(built.read("notes.txt"), "// not a script\n");
}

#[test]
fn minify_js_false_copies_scripts_as_they_are() {
    let site = SiteTest::fixture("basic").file("static/js/menu.js", MENU_SCRIPT);
    let config = std::fs::read_to_string(site.root.join("config.toml")).expect("config");
    let site = site.file("config.toml", &format!("{config}\n[build]\nminify_js = false\n"));
    let built = site.build().ok();
    assert_eq!(built.read("js/menu.js"), MENU_SCRIPT);
}
