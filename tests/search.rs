//! Search: the index files of a fixture site, and the Node tests of the engine
//! (tests/search/*.test.js) run against them.

mod common;

use std::path::Path;
use std::process::Command;

use common::SiteTest;

/// Builds the search fixture and returns it (the output stays while the value lives).
fn built() -> SiteTest {
    let site = SiteTest::fixture("search");
    let built = site.build();
    if let Err(errors) = &built.result {
        panic!("the search fixture does not build: {errors:#?}");
    }
    site
}

/// Runs `node --test` on the given test files with SEARCH_INDEX pointing at `index`.
pub fn run_node_tests(index: &Path, files: &[&str]) {
    run_node_tests_on(index, files, None);
}

/// The same, with the engine script at `engine` (SEARCH_ENGINE) instead of the theme's.
fn run_node_tests_on(index: &Path, files: &[&str], engine: Option<&Path>) {
    if !common::node_available() {
        eprintln!("SKIPPED: node is not installed, so the JavaScript search tests did not run");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg("--test")
        .args(files.iter().map(|f| root.join(f)))
        .env("SEARCH_INDEX", index)
        .envs(engine.map(|e| ("SEARCH_ENGINE", e)))
        .current_dir(root)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "node --test failed:\n{stdout}\n{stderr}");
    println!("{stdout}");
}

#[test]
fn every_index_file_is_a_small_registering_script() {
    let site = built();
    let index = site.output().join("search-index");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&index) {
        let entry = entry.expect("readable");
        if !entry.file_type().is_file() {
            continue;
        }
        count += 1;
        let text = std::fs::read_to_string(entry.path()).expect("UTF-8");
        assert!(text.starts_with("policylabSearch("), "{}", entry.path().display());
        assert!(text.len() < 100_000, "{} is too big", entry.path().display());
    }
    assert!(count > 10);
    for lang in ["en", "ro", "el", "bg", "sr-Cyrl", "hr", "sk", "sl", "sq", "mk"] {
        assert!(index.join(lang).join("m.js").is_file(), "no manifest for {lang}");
    }
}

#[test]
fn a_table_of_alternations_is_written_once_for_the_languages_that_share_it() {
    let site = built();
    let index = site.output().join("search-index");
    assert!(index.join("alternations-hbs/r0.js").is_file());
    for lang in ["sr-Cyrl", "hr"] {
        let manifest = std::fs::read_to_string(index.join(lang).join("m.js")).expect("manifest");
        assert!(
            manifest.contains(r#""a":"alternations-hbs""#),
            "{lang}: {manifest}"
        );
        let own_tables = std::fs::read_dir(index.join(lang))
            .expect("folder")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with('r'))
            .count();
        assert_eq!(own_tables, 0, "{lang} has a copy of the table");
    }
    let tables: Vec<String> = std::fs::read_dir(&index)
        .expect("index")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("alternations-"))
        .collect();
    assert!(tables.contains(&"alternations-sq".to_string()), "{tables:?}");
    assert!(!tables.contains(&"alternations-sr".to_string()), "{tables:?}");
}

const ENGINE_TESTS: [&str; 4] = [
    "tests/search/engine.test.js",
    "tests/search/sections.test.js",
    "tests/search/loading.test.js",
    "tests/search/weights.test.js",
];

#[test]
fn the_engine_passes_its_node_tests() {
    let site = built();
    run_node_tests(&site.output().join("search-index"), &ENGINE_TESTS);
}

/// A site ships the engine minified (`[build] minify_js`); what it ships must behave the same.
#[test]
fn the_minified_engine_passes_the_same_node_tests() {
    let site = built();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join("themes/platform/static/search.js")).expect("search.js");
    let minified = policylab::outputs::scripts::minify(&source).expect("the engine minifies");
    assert!(
        minified.len() < source.len() * 2 / 3,
        "{} of {} bytes",
        minified.len(),
        source.len()
    );
    let dir = tempfile::tempdir().expect("temporary folder");
    let engine = dir.path().join("search.js");
    std::fs::write(&engine, minified).expect("written");
    run_node_tests_on(&site.output().join("search-index"), &ENGINE_TESTS, Some(&engine));
}
