//! A small harness: copy a fixture site (or write one inline) into a temporary folder, build
//! it, and assert on the output or the diagnostics.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use policylab::build::{BuildOptions, BuildReport, build};
use policylab::diagnostics::Diagnostic;

/// The config used when a fixture brings none.
pub const DEFAULT_CONFIG: &str = "base_url = \"https://example.eu\"\ntitle = \"Fixture\"\ndefault_language = \"en\"\n\n[taxonomies.themes]\n\n[languages.en]\nname = \"English\"\n\n[languages.ro]\nname = \"Română\"\n";

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder.
pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl SiteTest {
    /// An empty site with the default config and the shared test templates.
    pub fn new() -> SiteTest {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).expect("content folder");
        copy_dir(&fixtures_dir().join("_theme"), &root).expect("copy test templates");
        std::fs::write(root.join("config.toml"), DEFAULT_CONFIG).expect("write config");
        SiteTest { _dir: dir, root }
    }

    /// `tests/fixtures/<name>` copied over the empty site. A fixture whose `.base` file names
    /// another fixture is copied over that one, so invalid fixtures can share a valid site.
    pub fn fixture(name: &str) -> SiteTest {
        let site = SiteTest::new();
        copy_fixture(name, &site.root);
        let _ = std::fs::remove_file(site.root.join(".base"));
        site
    }

    /// Writes a file (path relative to the site root).
    pub fn file(self, path: &str, text: &str) -> SiteTest {
        self.write_bytes(path, text.as_bytes());
        self
    }

    /// Writes raw bytes (path relative to the site root).
    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.root.join(path);
        std::fs::create_dir_all(full.parent().expect("has a parent")).expect("create folders");
        std::fs::write(full, bytes).expect("write file");
    }

    pub fn output(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Builds into public/ of the site.
    pub fn build(&self) -> Built {
        let options = BuildOptions {
            root: self.root.clone(),
            write: true,
            ..BuildOptions::default()
        };
        Built {
            result: build(&options),
            output: self.output(),
        }
    }
}

/// The outcome of a build.
pub struct Built {
    pub result: Result<BuildReport, Vec<Diagnostic>>,
    pub output: PathBuf,
}

impl Built {
    /// Panics with the diagnostics when the build failed.
    pub fn ok(self) -> Built {
        if let Err(errors) = &self.result {
            panic!("build failed:\n{}", render(errors));
        }
        self
    }

    /// The diagnostics of a failed build, rendered without colour.
    pub fn errors(&self) -> String {
        match &self.result {
            Ok(_) => panic!("the build succeeded but errors were expected"),
            Err(errors) => render(errors),
        }
    }

    /// The text of an output file.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.output.join(path))
            .unwrap_or_else(|e| panic!("cannot read output {path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.output.join(path).exists()
    }

    /// Asserts that an output file contains every one of `needles`.
    pub fn assert_contains(&self, path: &str, needles: &[&str]) -> &Built {
        let text = self.read(path);
        for needle in needles {
            assert!(
                text.contains(needle),
                "{path} does not contain {needle:?}:\n{text}"
            );
        }
        self
    }
}

fn copy_fixture(name: &str, root: &Path) {
    let dir = fixtures_dir().join(name);
    if let Ok(base) = std::fs::read_to_string(dir.join(".base")) {
        copy_fixture(base.trim(), root);
    }
    copy_dir(&dir, root).expect("copy fixture");
}

pub fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read output"))
        })
        .collect();
    files.sort();
    files
}

/// True when `node` runs here; the JavaScript search tests are skipped (and say so) otherwise.
pub fn node_available() -> bool {
    std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Writes the files of a built search index of one language under `dir`.
pub fn write_index_files(dir: &Path, built: &policylab::search::index::LanguageIndex) {
    for (path, text) in policylab::search::index::files(built) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("folder");
        std::fs::write(full, text).expect("write");
    }
}
