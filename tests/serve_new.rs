//! `policylab new`: the scaffolded page lists every field of its type, sits in the type's
//! section folder under the slug of its title, builds as it is, and never replaces a file.

mod common;

use chrono::NaiveDate;
use common::SiteTest;
use policylab::scaffold::{NewPage, new_page};

fn request<'a>(site: &'a SiteTest, type_name: &'a str, title: &'a str, lang: Option<&'a str>) -> NewPage<'a> {
    NewPage {
        root: &site.root,
        type_name,
        title,
        lang,
        today: NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
    }
}

#[test]
fn a_new_page_lists_every_field_and_builds() {
    let site = SiteTest::fixture("typed");
    let path = new_page(&request(&site, "cluster", "Clusterul Ţării Bârsei", None)).unwrap();
    assert_eq!(
        path,
        std::path::Path::new("content/clusters/clusterul-tarii-barsei.md")
    );
    let text = std::fs::read_to_string(site.root.join(&path)).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Clusterul Ţării Bârsei\"\n"),
        "{text}"
    );
    assert!(text.contains("date = 2026-03-14"), "{text}");
    assert!(
        text.contains("# Country: an ISO 3166 country code (required)\ncountry = \"RO\"\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "(required); a functional mailbox, not a person's address\ncontact = \"info@example.org\"\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("# Label: one of bronze, gold\n# label = \"bronze\"\n"),
        "{text}"
    );
    assert!(
        text.contains("# location = { lat = 45.25, lon = 19.84 }\n"),
        "{text}"
    );
    assert!(text.contains("# sectors = [\""), "{text}");
    for field in [
        "region",
        "city",
        "ecosystems",
        "members_smes",
        "founded",
        "website",
        "themes",
    ] {
        assert!(
            text.contains(&format!("# {field} = ")),
            "{field} is listed:\n{text}"
        );
    }
    site.build().ok().assert_contains(
        "clusters/clusterul-tarii-barsei/index.html",
        &["Clusterul Ţării Bârsei"],
    );
}

#[test]
fn every_optional_field_uncommented_still_builds() {
    let site = SiteTest::fixture("typed");
    let path = new_page(&request(&site, "case_study", "Export vouchers", None)).unwrap();
    let text = std::fs::read_to_string(site.root.join(&path)).unwrap();
    assert!(
        text.contains("related_clusters = [\"clusters/danube-ict.md\"]"),
        "a real page: {text}"
    );
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") => rest.to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write_bytes(path.to_str().unwrap(), uncommented.as_bytes());
    site.build().ok();
}

#[test]
fn a_translation_gets_the_language_in_its_name() {
    let site = SiteTest::fixture("typed");
    let path = new_page(&request(&site, "event", "Cluster forum", Some("ro"))).unwrap();
    assert_eq!(path, std::path::Path::new("content/events/cluster-forum.ro.md"));
    let text = std::fs::read_to_string(site.root.join(&path)).unwrap();
    assert!(
        text.contains("# Starts: a date (YYYY-MM-DD) (required)\nstart = 2026-03-14\n"),
        "{text}"
    );
}

#[test]
fn an_existing_page_is_never_replaced() {
    let site = SiteTest::fixture("typed");
    let before = std::fs::read(site.root.join("content/clusters/danube-ict.md")).unwrap();
    let errors = new_page(&request(&site, "cluster", "Danube ICT", None)).unwrap_err();
    assert_eq!(errors[0].message, "content/clusters/danube-ict.md already exists");
    assert_eq!(
        std::fs::read(site.root.join("content/clusters/danube-ict.md")).unwrap(),
        before
    );
}

#[test]
fn unknown_types_and_languages_are_explained() {
    let site = SiteTest::fixture("typed");
    let errors = new_page(&request(&site, "clustr", "X", None)).unwrap_err();
    assert_eq!(errors[0].message, "unknown type `clustr`");
    assert!(
        errors[0]
            .hint
            .as_ref()
            .unwrap()
            .contains("did you mean `cluster`?")
    );
    let errors = new_page(&request(&site, "cluster", "X", Some("de"))).unwrap_err();
    assert_eq!(errors[0].message, "`de` is not a language of the site");
    let errors = new_page(&request(&site, "training_pack", "X", None)).unwrap_err();
    assert_eq!(
        errors[0].message,
        "the type `training_pack` has no section folder"
    );
}

#[test]
fn the_command_line_prints_the_new_file() {
    let site = SiteTest::fixture("typed");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_policylab"))
        .args(["new", "event", "Annual forum", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .ends_with("content/events/annual-forum.md")
    );
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_policylab"))
        .args(["new", "event", "Annual forum", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}
