//! The platform theme and the demonstration site: facts boxes for every type, the barriers ×
//! themes matrix, the SVG map, and the rules every page of the example site keeps (no other
//! host, no inline script or style, alt text on images, small CSS, no build warning).
//!
//! The fixture `tests/fixtures/theme` is a small site whose expected matrix and map are known;
//! the real example site (`content/`, `config.toml`) is built once into a temporary folder and
//! shared by the tests that scan it.
//!
//! # Other hosts
//!
//! A page of the example site may name another host only as the `href` of an ordinary link
//! (`<a href>`) to a website that the site's own content declares in a `website` field (the
//! partners' and clusters' websites). Every other reference must stay on the site: the `src`,
//! `srcset`, `poster`, `data`, `action` and `formaction` attributes of every element, the `href`
//! of every element other than `<a>` (stylesheets, icons, alternates), and `url(…)` in CSS.
//! References to the site's own host (`base_url`: canonical and alternate links, feeds) are
//! fine. Text that is not an attribute (JSON-LD data, XML namespaces, prose) is not a
//! reference and is not checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use policylab::build::{BuildOptions, BuildReport, build};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder: a fixture with the platform theme copied beside it.
struct ThemeSite {
    _dir: tempfile::TempDir,
    output: PathBuf,
    report: BuildReport,
}

impl ThemeSite {
    fn fixture(name: &str) -> ThemeSite {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        copy_dir(&repository().join("tests/fixtures").join(name), &root);
        copy_dir(
            &repository().join("themes/platform"),
            &root.join("themes/platform"),
        );
        let output = root.join("public");
        let report = build(&BuildOptions {
            root,
            output_dir: Some(output.clone()),
            write: true,
            ..BuildOptions::default()
        })
        .unwrap_or_else(|errors| panic!("the {name} fixture does not build: {errors:#?}"));
        ThemeSite {
            _dir: dir,
            output,
            report,
        }
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.output.join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    }
}

fn fixture() -> &'static ThemeSite {
    static SITE: OnceLock<ThemeSite> = OnceLock::new();
    SITE.get_or_init(|| ThemeSite::fixture("theme"))
}

/// The example site, built once from the repository into a temporary folder.
struct ExampleSite {
    _dir: tempfile::TempDir,
    output: PathBuf,
    report: BuildReport,
}

fn example() -> &'static ExampleSite {
    static SITE: OnceLock<ExampleSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let output = dir.path().join("public");
        let report = build(&BuildOptions {
            root: repository().to_path_buf(),
            output_dir: Some(output.clone()),
            write: true,
            ..BuildOptions::default()
        })
        .unwrap_or_else(|errors| panic!("the example site does not build: {errors:#?}"));
        ExampleSite {
            _dir: dir,
            output,
            report,
        }
    })
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The text between `start` and the next `end` after it, from `from`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let begin = text.find(start)? + start.len();
    let rest = &text[begin..];
    Some(&rest[..rest.find(end)?])
}

/// Every value of attribute `name` (double-quoted) in `text`.
fn attribute_values<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    values
}

/// The `<a>` titles in each cell of the matrix table, by row id then column index.
fn matrix_cells(html: &str) -> BTreeMap<String, Vec<Vec<String>>> {
    let body = between(html, "<tbody>", "</tbody>").expect("a table body");
    let mut rows = BTreeMap::new();
    for row in body.split("<tr>").skip(1) {
        let id = between(row, "id=\"row-", "\"").expect("a row id").to_string();
        let cells = row
            .split("<td")
            .skip(1)
            .map(|cell| {
                cell.split("<a href=")
                    .skip(1)
                    .filter_map(|a| between(a, ">", "</a>"))
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        rows.insert(id, cells);
    }
    rows
}

#[test]
fn every_typed_page_of_the_fixture_renders_its_facts_box() {
    let site = fixture();
    let cluster = site.read("clusters/north/index.html");
    assert!(cluster.contains("<aside class=\"facts\""), "{cluster}");
    for needle in [
        "<dt>Country</dt>",
        "Hungary",
        "<dt>City</dt>",
        "Győr",
        "<dt>Members</dt>",
        "42",
        // Large numbers are grouped the language's way.
        "1,250,000",
        "47.69° N, 17.65° E",
        "See on the map",
        // Backlinks: the case studies whose `clusters` name this profile.
        "Alpha case",
        "Beta case",
    ] {
        assert!(cluster.contains(needle), "cluster profile lacks {needle:?}");
    }
    let case = site.read("case-studies/alpha/index.html");
    for needle in [
        "<aside class=\"facts\"",
        "<dt>Themes</dt>",
        "Digital",
        "<dt>Barriers</dt>",
        "Low trust",
        "Alpha remedy one",
    ] {
        assert!(case.contains(needle), "case study lacks {needle:?}");
    }
    let event = site.read("events/meeting/index.html");
    for needle in [
        "<aside class=\"facts\"",
        "<dt>Starts</dt>",
        "May 12, 2026",
        "Cluj-Napoca",
    ] {
        assert!(event.contains(needle), "event lacks {needle:?}");
    }
    // A typed section: the training pack's overview, its modules in order, its attachment.
    let pack = site.read("training/basics/index.html");
    for needle in [
        "<aside class=\"facts\"",
        "<dt>Audience</dt>",
        "Agency staff",
        "<dt>Level</dt>",
        "Introductory",
        "<dt>Duration (hours)</dt>",
        "2.5",
        "worksheet.csv",
        "CSV, 18 bytes",
    ] {
        assert!(pack.contains(needle), "training pack lacks {needle:?}:\n{pack}");
    }
    let modules = pack
        .find("Module 1")
        .zip(pack.find("Module 2"))
        .zip(pack.find("Module 3"));
    assert!(
        matches!(modules, Some(((a, b), c)) if a < b && b < c),
        "modules out of order"
    );
    let module = site.read("training/basics/module-2/index.html");
    for needle in [
        "Module 2 of 3",
        "<dt>Duration (minutes)</dt>",
        "rel=\"prev\"",
        "rel=\"next\"",
        "Module 1",
        "Module 3",
    ] {
        assert!(module.contains(needle), "module lacks {needle:?}");
    }
}

#[test]
fn every_type_of_the_example_site_renders_its_facts_box() {
    let site = example();
    let config: toml::Table = std::fs::read_to_string(repository().join("config.toml"))
        .expect("config.toml")
        .parse()
        .expect("valid TOML");
    let types = config["types"].as_table().expect("[types]");
    assert!(types.len() >= 10, "the example site declares its types");
    let prefixes: Vec<String> = config["languages"]
        .as_table()
        .expect("[languages]")
        .keys()
        .map(|code| code.to_lowercase())
        .collect();
    for (name, decl) in types {
        let label = decl["label"]["en"].as_str().expect("an English label");
        // Some output page of the type shows its label and a facts box.
        let found = walkdir::WalkDir::new(&site.output)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html")
            .filter(|e| {
                // The default language only: the others are under /<code>/.
                let path = e.path().strip_prefix(&site.output).expect("inside");
                let first = path.components().next().map(|c| c.as_os_str().to_string_lossy());
                first.is_some_and(|f| !prefixes.contains(&f.to_string()))
            })
            .any(|e| {
                let html = std::fs::read_to_string(e.path()).unwrap_or_default();
                html.contains(&format!("<span class=\"badge\">{label}</span>"))
                    && html.contains("<aside class=\"facts\"")
            });
        assert!(found, "no page of type {name} ({label}) shows its facts box");
    }
}

#[test]
fn the_matrix_puts_each_case_study_in_the_cells_of_its_barriers_and_themes() {
    let html = fixture().read("case-studies/matrix/index.html");
    let cells = matrix_cells(&html);
    let expected: BTreeMap<String, Vec<Vec<String>>> = [
        ("trust", vec![vec!["Alpha case"], vec!["Gamma case"]]),
        (
            "finance",
            vec![vec!["Alpha case", "Beta case"], vec!["Beta case"]],
        ),
        ("skills", vec![vec![], vec![]]),
    ]
    .into_iter()
    .map(|(row, cells)| {
        (
            row.to_string(),
            cells
                .into_iter()
                .map(|c| c.into_iter().map(str::to_string).collect())
                .collect(),
        )
    })
    .collect();
    assert_eq!(cells, expected);
    // Columns in declared order, labels in the page's language.
    let head = between(&html, "<thead>", "</thead>").expect("a table head");
    assert!(head.find(">Digital").expect("digital") < head.find(">Green").expect("green"));
    // Remedies are listed with their case; empty cells say they are gaps, in words.
    assert!(html.contains("Alpha remedy one") && html.contains("Beta remedy"));
    assert_eq!(
        html.matches("class=\"matrix__gap\">No case study yet<").count(),
        2
    );
    assert!(html.contains("Combinations of a barrier and a theme: 6, of which 2 have no case study yet."));
    let ro = fixture().read("ro/case-studies/matrix/index.html");
    assert!(
        ro.contains("Încredere scăzută") && ro.contains("Verde"),
        "labels in Romanian"
    );
}

#[test]
fn the_map_has_one_marker_per_located_cluster_inside_the_drawn_area() {
    let html = fixture().read("clusters/map/index.html");
    let svg = between(&html, "<svg class=\"map\"", "</svg>").expect("an inline SVG map");
    let view_box: Vec<f64> = between(svg, "viewBox=\"", "\"")
        .expect("a viewBox")
        .split(' ')
        .map(|v| v.parse().expect("a number"))
        .collect();
    let (width, height) = (view_box[2], view_box[3]);
    let markers: Vec<(String, f64, f64)> = svg
        .split("<a class=\"map__link\"")
        .skip(1)
        .map(|a| {
            let href = between(a, "href=\"", "\"").expect("href").to_string();
            let marker = between(a, "class=\"map__marker\"", "/>").expect("a marker circle");
            let x = between(marker, "cx=\"", "\"").expect("cx").parse().expect("x");
            let y = between(marker, "cy=\"", "\"").expect("cy").parse().expect("y");
            (href, x, y)
        })
        .collect();
    let hrefs: BTreeSet<&str> = markers.iter().map(|(h, _, _)| h.as_str()).collect();
    assert_eq!(
        hrefs,
        BTreeSet::from(["/clusters/east/", "/clusters/north/", "/clusters/south/"]),
        "one marker per cluster with a location"
    );
    assert_eq!(markers.len(), 3);
    for (href, x, y) in &markers {
        assert!(
            (0.0..=width).contains(x) && (0.0..=height).contains(y),
            "{href} at {x},{y}"
        );
    }
    let at = |href: &str| markers.iter().find(|(h, _, _)| h == href).expect("marker");
    let (north, east, south) = (
        at("/clusters/north/"),
        at("/clusters/east/"),
        at("/clusters/south/"),
    );
    assert!(north.2 < east.2 && east.2 < south.2, "north is up");
    assert!(north.1 < south.1 && south.1 < east.1, "east is right");
    // Each marker is a named link; the same clusters are listed as text, with their numbers.
    assert!(
        svg.contains("aria-label=\"1. East Cluster (Varna, Bulgaria)\""),
        "{svg}"
    );
    let list = between(&html, "class=\"map-list__items\"", "</ol>").expect("a text list");
    for title in ["East Cluster", "North Cluster", "South Cluster"] {
        assert!(list.contains(title), "the list lacks {title}");
    }
    assert!(html.contains("Not on the map") && html.contains("Placeless Cluster"));
    // The boundaries are drawn, with Kosovo and North Macedonia.
    assert!(svg.contains("map__country--xk") && svg.contains("map__country--mk"));
    assert!(svg.contains(">North Macedonia<") && svg.contains(">Kosovo*<"));
}

#[test]
fn fallback_pages_say_so_and_link_only_real_translations() {
    let site = fixture();
    let fallback = site.read("ro/case-studies/alpha/index.html");
    assert!(fallback.contains("class=\"fallback-notice\""));
    assert!(fallback.contains("<h1 lang=\"en\">Alpha case</h1>"));
    assert!(
        fallback.contains("<link rel=\"canonical\" href=\"https://theme.example.eu/case-studies/alpha/\">")
    );
    assert!(
        !fallback.contains("hreflang=\"x-default\""),
        "no alternates for a page with one text"
    );
    let translated = site.read("ro/clusters/north/index.html");
    assert!(!translated.contains("class=\"fallback-notice\""));
    for needle in [
        "<link rel=\"canonical\" href=\"https://theme.example.eu/ro/clusters/north/\">",
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://theme.example.eu/clusters/north/\">",
        "<link rel=\"alternate\" hreflang=\"ro\" href=\"https://theme.example.eu/ro/clusters/north/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://theme.example.eu/clusters/north/\">",
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/ro/atom.xml\"",
    ] {
        assert!(translated.contains(needle), "lacks {needle}");
    }
    // The language switcher marks the language whose text is a fallback, in words.
    let english = site.read("case-studies/alpha/index.html");
    let switcher = between(&english, "<details class=\"languages\">", "</details>").expect("switcher");
    assert!(switcher.contains("class=\"languages__fallback\""), "{switcher}");
    assert!(site.report.warnings.is_empty(), "{:#?}", site.report.warnings);
}

#[test]
fn the_example_site_builds_without_warnings() {
    let site = example();
    assert!(site.report.warnings.is_empty(), "{:#?}", site.report.warnings);
}

/// Hosts of the `website` fields of the example content: the only other hosts a page may link to.
fn partner_hosts() -> BTreeSet<String> {
    let mut hosts = BTreeSet::new();
    for entry in walkdir::WalkDir::new(repository().join("content")) {
        let entry = entry.expect("readable");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("UTF-8");
        for line in text.lines() {
            if let Some(url) = line
                .strip_prefix("website = \"")
                .and_then(|l| l.strip_suffix('"'))
            {
                hosts.insert(host(url).to_string());
            }
        }
    }
    hosts
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#', ':']).next().unwrap_or(rest)
}

#[test]
fn no_page_of_the_example_site_references_another_host() {
    let site = example();
    let own = host("https://see-cluster-platform.example.eu").to_string();
    let partners = partner_hosts();
    assert!(partners.len() >= 12, "partner websites found: {partners:?}");
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&site.output) {
        let entry = entry.expect("readable");
        let path = entry.path();
        let Some(extension) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !["html", "xml", "css", "js", "svg"].contains(&extension) {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("UTF-8");
        checked += 1;
        let name = path
            .strip_prefix(&site.output)
            .expect("inside")
            .display()
            .to_string();
        let mut external = |kind: &str, url: &str, allowed: bool| {
            if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//") {
                let h = host(url.trim_start_matches("//"));
                if h != own && !allowed {
                    problems.push(format!("{name}: {kind} {url}"));
                }
            }
        };
        for attribute in [
            "src",
            "srcset",
            "poster",
            "data",
            "action",
            "formaction",
            "xlink:href",
        ] {
            for value in attribute_values(&text, attribute) {
                for url in value
                    .split(',')
                    .map(|v| v.split_whitespace().next().unwrap_or(""))
                {
                    external(attribute, url, false);
                }
            }
        }
        // href: allowed to a partner's website on an ordinary link only.
        let mut rest = text.as_str();
        while let Some(i) = rest.find(" href=\"") {
            let element = rest[..i].rfind('<').map(|s| &rest[s..i]).unwrap_or("");
            let is_link = element.starts_with("<a ") || element == "<a";
            rest = &rest[i + 7..];
            let url = &rest[..rest.find('"').unwrap_or(0)];
            let allowed = is_link && partners.contains(host(url));
            external("href", url, allowed);
        }
        let mut css = text.as_str();
        while let Some(i) = css.find("url(") {
            css = &css[i + 4..];
            let url = css[..css.find(')').unwrap_or(0)].trim_matches(['"', '\'', ' ']);
            external("url()", url, false);
        }
    }
    assert!(checked > 500, "only {checked} files checked");
    assert!(
        problems.is_empty(),
        "references to other hosts:\n{}",
        problems.join("\n")
    );
}

#[test]
fn pages_of_the_example_site_keep_the_content_security_policy_and_give_images_alt_text() {
    let site = example();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&site.output) {
        let entry = entry.expect("readable");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("UTF-8");
        let name = entry
            .path()
            .strip_prefix(&site.output)
            .expect("inside")
            .display()
            .to_string();
        if html.contains(" style=\"") || html.contains("<style") {
            problems.push(format!("{name}: inline style"));
        }
        for script in html.split("<script").skip(1) {
            let tag = &script[..script.find('>').unwrap_or(0)];
            if !tag.contains("src=") && !tag.contains("type=\"application/ld+json\"") {
                problems.push(format!("{name}: inline script"));
            }
        }
        for img in html.split("<img").skip(1) {
            let tag = &img[..img.find('>').unwrap_or(0)];
            if !tag.contains(" alt=\"") {
                problems.push(format!("{name}: image without alt: <img{tag}>"));
            }
        }
        if html.contains(" on") && html.contains("onclick=") {
            problems.push(format!("{name}: inline event handler"));
        }
        // Landmarks and the skip link, on every page.
        for needle in [
            "<main id=\"main\"",
            "class=\"skip-link\" href=\"#main\"",
            "<header",
            "<footer",
            "<nav",
        ] {
            if !html.contains(needle) {
                problems.push(format!("{name}: no {needle}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let css = std::fs::metadata(site.output.join("style.css"))
        .expect("style.css")
        .len();
    assert!(css < 30_000, "style.css is {css} bytes");
}

/// The dev server shows an edited page or section before it builds the whole site again
/// (`render_body_edits`): with the platform theme, what it shows must be what the whole
/// build then writes, so that the page does not change (or reload) a second time.
#[test]
fn an_edited_text_shown_ahead_is_what_the_whole_build_writes() {
    use policylab::build::{Memo, build_changed, render_body_edits};
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = dir.path().join("site");
    std::fs::create_dir_all(&root).expect("create the site folder");
    for name in ["config.toml", "content", "themes", "static"] {
        let from = repository().join(name);
        if from.is_dir() {
            copy_dir(&from, &root.join(name));
        } else {
            std::fs::copy(&from, root.join(name)).expect("copy config.toml");
        }
    }
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let (_, memo) = build_changed(
        &options,
        &policylab::outputs::NullSink::default(),
        &Memo::default(),
        false,
    )
    .unwrap_or_else(|errors| panic!("the example site does not build: {errors:#?}"));

    let edited = [
        "content/case-studies/agri-food-export-consortium-plovdiv.md",
        "content/case-studies/_index.md",
        "content/clusters/_index.bg.md",
    ];
    for name in edited {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).expect("read");
        // Long enough to change the reading time.
        let more =
            "A paragraph added with **more** words, a [link](https://example.eu) and `code`. ".repeat(30);
        std::fs::write(&path, format!("{text}\n\n{more}\n")).expect("write");
    }
    let mut paths: Vec<PathBuf> = edited.iter().map(|name| root.join(name)).collect();
    let stylesheet = root.join("themes/platform/static/style.css");
    assert!(
        render_body_edits(&root, &memo, &[paths[0].clone(), stylesheet]).is_none(),
        "a change to another file than a page's text is for the whole build"
    );
    // An editor's temporary file, already renamed over the page it saved, changes nothing.
    paths.push(root.join("content/case-studies/.agri-food-export-consortium-plovdiv.md.saving"));
    let shown = render_body_edits(&root, &memo, &paths).expect("text edits are shown ahead");
    assert!(
        shown.len() > edited.len(),
        "fallback languages show the default language's text: {:?}",
        shown.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );

    let output = dir.path().join("public");
    build(&BuildOptions {
        output_dir: Some(output.clone()),
        write: true,
        ..options
    })
    .unwrap_or_else(|errors| panic!("the edited site does not build: {errors:#?}"));
    for (file, html) in &shown {
        assert!(html.contains("A paragraph added with"), "{file}");
        let built = std::fs::read_to_string(output.join(file)).expect("the whole build writes it");
        assert!(
            built == *html,
            "{file} shown ahead differs from the whole build's"
        );
    }
}
