//! Template functions and filters, and the override of theme files by site files.

mod common;

use common::SiteTest;

const PAGE: &str = "+++\ntitle = \"News\"\ndate = 2026-02-03\n+++\nBody with **bold**.\n";

fn with_page_template(template: &str) -> SiteTest {
    SiteTest::new()
        .file("content/news/_index.md", "+++\ntitle = \"All news\"\n+++\n")
        .file("content/news/first.md", PAGE)
        .file("content/news/first.ro.md", "+++\ntitle = \"Știri\"\n+++\nCorp.\n")
        .file(
            "content/about.md",
            "+++\ntitle = \"About\"\ntaxonomies = { themes = [\"Green transition\"] }\n+++\nAbout.\n",
        )
        .file("data/partners.csv", "name,country\nAgency A,RO\nAgency B,BG\n")
        .file("data/figures.toml", "clusters = 12\n")
        .file("templates/page.html", template)
}

#[test]
fn get_page_get_section_get_taxonomy_and_get_url() {
    let site = with_page_template(
        "{% set other = get_page(path=\"news/first.md\") %}[{{ other.title }}]\
         {% set ro = get_page(path=\"news/first.md\", lang=\"ro\") %}[{{ ro.title }}]\
         {% set s = get_section(path=\"news/_index.md\") %}[{{ s.title }}: {{ s.pages | length }}]\
         {% set t = get_taxonomy(kind=\"themes\") %}[{% for term in t.terms %}{{ term.name }}={{ term.page_count }}{% endfor %}]\
         [{{ get_url(path=\"@/news/first.md\") }}][{{ get_url(path=\"style.css\") }}][{{ get_url(path=\"@/news/first.md\", absolute=true) }}]",
    );
    let built = site.build().ok();
    built.assert_contains(
        "about/index.html",
        &["[News][Știri][All news: 1][Green transition=1][/news/first/][/style.css][https://example.eu/news/first/]"],
    );
    // In a Romanian page, @/ links resolve to the Romanian translation.
    built.assert_contains("ro/news/first/index.html", &["[/ro/news/first/]"]);
}

#[test]
fn load_data_reads_csv_and_toml_inside_the_site_only() {
    let site = with_page_template(
        "{% set p = load_data(path=\"data/partners.csv\") %}{{ p.headers | join(sep=\",\") }}|{% for r in p.records %}{{ r[0] }};{% endfor %}\
         {% set f = load_data(path=\"data/figures.toml\") %}|{{ f.clusters }}",
    );
    site.build()
        .ok()
        .assert_contains("about/index.html", &["name,country|Agency A;Agency B;|12"]);

    let outside = with_page_template("{{ load_data(path=\"../../etc/passwd\") }}");
    let errors = outside.build().errors();
    assert!(errors.contains("load_data: "), "{errors}");
    assert!(errors.contains("--> templates/page.html:1:4"), "{errors}");
}

#[test]
fn filters_date_slugify_markdown_and_trans_with_fallback() {
    let site = with_page_template(
        "{% if page.date %}{{ page.date | date(format=\"%d.%m.%Y\") }}{% else %}no date{% endif %}|{{ page.title | slugify }}|{{ \"*em*\" | markdown(inline=true) }}|{{ trans(key=\"footer\") }}",
    );
    let built = site.build().ok();
    built.assert_contains(
        "news/first/index.html",
        &["03.02.2026|news|<em>em</em>|Published with policylab"],
    );
    built.assert_contains(
        "ro/news/first/index.html",
        &["no date|stiri|<em>em</em>|Publicat cu policylab"],
    );
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = SiteTest::new()
        .file(
            "config.toml",
            &format!("theme = \"plain\"\n{}", common::DEFAULT_CONFIG),
        )
        .file("themes/plain/templates/page.html", "theme page {{ page.title }}")
        .file("themes/plain/templates/section.html", "theme section")
        .file("themes/plain/static/style.css", "body{}")
        .file("static/style.css", "body{color:black}")
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    std::fs::remove_file(site.root.join("templates/page.html")).unwrap();
    std::fs::remove_file(site.root.join("templates/section.html")).unwrap();
    let built = site.build().ok();
    built.assert_contains("a/index.html", &["theme page A"]);
    assert_eq!(
        built.read("style.css"),
        "body{color:black}",
        "the site's static file wins"
    );
    // The site's index.html extends section.html, which now comes from the theme.
    assert_eq!(built.read("index.html"), "theme section");
}

#[test]
fn an_unreadable_content_file_is_reported() {
    let site = SiteTest::new().file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    std::os::unix::fs::symlink(site.root.join("nowhere.md"), site.root.join("content/b.md")).unwrap();
    let errors = site.build().errors();
    assert!(
        errors.starts_with("error: cannot read this file or folder"),
        "{errors}"
    );
    assert!(errors.contains("--> content/b.md"), "{errors}");
}

#[test]
fn term_links_carry_the_taxonomy_label_and_term_pages_an_outline_of_the_terms() {
    let site = SiteTest::new()
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\ntaxonomies = { themes = [\"Green transition\"] }\n+++\nA.\n",
        )
        .file(
            "content/b.md",
            "+++\ntitle = \"B\"\ntaxonomies = { themes = [\"green TRANSITION\", \"Skills\"] }\n+++\nB.\n",
        )
        .file(
            "templates/page.html",
            "{% for term in page.taxonomies.themes %}[{{ term.name }}|{{ term.label }}]{% endfor %}",
        )
        .file(
            "templates/taxonomy_single.html",
            "{% for t in taxonomy.terms %}[{{ t.name }}={{ t.page_count }}:{{ t.pages is defined }}]{% endfor %}\
             ({{ term.pages | length }})",
        );
    let built = site.build().ok();
    // The second page writes the term in other letters: it shows the taxonomy's name for it.
    built.assert_contains(
        "b/index.html",
        &["[green TRANSITION|Green transition][Skills|Skills]"],
    );
    // A term's page lists the terms without their pages (so it does not depend on them),
    // and its own term with them.
    built.assert_contains(
        "themes/skills/index.html",
        &["[Green transition=2:false][Skills=1:false]", "(1)"],
    );
}
