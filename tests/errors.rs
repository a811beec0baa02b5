//! One invalid fixture per kind of error, under tests/fixtures/invalid/<kind>/: each is built
//! and its diagnostics must equal `expected.txt` beside it, word for word, with file, line,
//! column, the offending line, the caret and the hint.
//!
//! To write the expected files after a deliberate change of wording: `BLESS=1 cargo test
//! --test errors`, then review the diff like code.

mod common;

use common::{SiteTest, fixtures_dir};

fn invalid_fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir().join("invalid"))
        .expect("tests/fixtures/invalid exists")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_invalid_fixture_fails_with_its_exact_diagnostics() {
    let mut mismatches = Vec::new();
    let names = invalid_fixtures();
    assert!(names.len() >= 18, "one fixture per kind of error");
    for name in &names {
        let site = SiteTest::fixture(&format!("invalid/{name}"));
        let _ = std::fs::remove_file(site.root.join("expected.txt"));
        let built = site.build();
        let actual = built.errors();
        let expected_path = fixtures_dir().join("invalid").join(name).join("expected.txt");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!(
                "== {name}\n-- expected:\n{expected}\n-- actual:\n{actual}"
            ));
        }
        assert!(!site.output().exists(), "{name}: a failed build writes no output");
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
