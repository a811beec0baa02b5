//! The command line: exit codes, help with examples, the summary line.

mod common;

use std::process::Command;

use common::SiteTest;

fn policylab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_policylab"))
        .args(args)
        .output()
        .expect("run policylab")
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(policylab(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(policylab(&["publish"]).status.code(), Some(2));
}

#[test]
fn help_teaches_with_examples_and_exit_codes() {
    let help = String::from_utf8(policylab(&["--help"]).stdout).unwrap();
    assert!(
        help.contains("Exit codes:") && help.contains("policylab build --root site"),
        "{help}"
    );
    let build_help = String::from_utf8(policylab(&["build", "--help"]).stdout).unwrap();
    assert!(
        build_help.contains("--output-dir") && build_help.contains("Examples:"),
        "{build_help}"
    );
    let version = String::from_utf8(policylab(&["--version"]).stdout).unwrap();
    assert!(version.starts_with("policylab "), "{version}");
}

#[test]
fn build_prints_a_summary_and_honours_output_dir_and_base_url() {
    let site = SiteTest::fixture("basic");
    let out = site.root.join("elsewhere");
    let root = site.root.to_string_lossy().into_owned();
    let output = policylab(&[
        "build",
        "--root",
        &root,
        "--output-dir",
        &out.to_string_lossy(),
        "--base-url",
        "https://staging.example.eu/platform/",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.starts_with("9 pages, 6 sections, 2 languages: "),
        "{stdout}"
    );
    let page = std::fs::read_to_string(out.join("news/launch/index.html")).unwrap();
    assert!(
        page.contains("href=\"/platform/clusters/danube-ict-cluster/#profile\""),
        "{page}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://staging.example.eu/platform/news/launch/</loc>"));
}

#[test]
fn check_reports_errors_with_exit_1_and_writes_nothing() {
    let site = SiteTest::fixture("invalid/bad-date");
    let output = policylab(&["check", "--root", &site.root.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("content/news.md:3:8"));
    assert!(!site.output().exists());
}

#[test]
fn schema_prints_the_json_schema_of_a_type() {
    let site = SiteTest::fixture("typed");
    let root = site.root.to_string_lossy().into_owned();
    let output = policylab(&["schema", "cluster", "--root", &root]);
    assert_eq!(output.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        schema["required"],
        serde_json::json!(["title", "country", "contact"])
    );
    assert_eq!(
        schema["properties"]["location"]["required"],
        serde_json::json!(["lat", "lon"])
    );
    assert!(
        schema["properties"]["country"]["enum"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("XK"))
    );
    assert_eq!(schema["additionalProperties"], false);
    let all: serde_json::Value =
        serde_json::from_slice(&policylab(&["schema", "--root", &root]).stdout).unwrap();
    assert_eq!(all.as_object().unwrap().len(), 5);
    let unknown = policylab(&["schema", "clustr", "--root", &root]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `cluster`?"));
}
