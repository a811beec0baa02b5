//! Search benchmark against Pagefind, run in the same go on the same generated site.
//!
//! ```text
//! npm ci                                    # playwright-core and pagefind
//! cargo bench --bench search                # 10,000 pages in six languages
//! cargo bench --bench search -- --pages 2000
//! ```
//!
//! The site: pages in en, ro, bg, el, hu and sr-Cyrl (every page in every language), made of
//! real words of each language (the vocabulary of tests/fixtures/search-eval, which comes
//! from wordfreq), with headings, descriptions and two taxonomies. It prints:
//! - index build time: policylab's search stage (in process, from the site's text) and its
//!   whole build, against `pagefind --site` on the built HTML;
//! - bytes downloaded by a cold one-word and two-word query, and by a word the site lacks
//!   (an inflection of one of its words), in Chromium, gzip as a static
//!   host serves it (benches/search_bytes.js): policylab's page against Pagefind's API and
//!   Pagefind's default UI, five results shown by each;
//! - engine size gzipped; query time in Node once the shards are loaded.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use policylab::search::document::{Document, Facet};
use policylab::search::index;
use rayon::prelude::*;

const LANGUAGES: [&str; 6] = ["en", "ro", "bg", "el", "hu", "sr-Cyrl"];
const COUNTRIES: [&str; 8] = [
    "Romania", "Bulgaria", "Greece", "Hungary", "Serbia", "Croatia", "Slovenia", "Albania",
];
const THEMES: [&str; 6] = ["Digital", "Green", "Skills", "Finance", "Innovation", "Export"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pages: usize = args
        .iter()
        .position(|a| a == "--pages")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/search-bench");
    let _ = fs::remove_dir_all(&work);
    let site = work.join("site");
    let keys = pages.div_ceil(LANGUAGES.len());
    println!(
        "generating {} pages ({keys} in each of {} languages)…",
        keys * LANGUAGES.len(),
        LANGUAGES.len()
    );
    let corpus = generate(&site, keys);

    // policylab: the search stage alone, in process, from the same text.
    let started = Instant::now();
    let file_count = distinct_paths(
        corpus
            .par_iter()
            .map(|(lang, docs)| index::files(&index::build(lang, docs.clone())))
            .collect(),
    );
    let search_seconds = started.elapsed().as_secs_f64();

    // How the file count grows with the site: the same languages with half their pages.
    // (The alternation shards are a table's whatever the site's size.)
    let half_file_count = distinct_paths(
        corpus
            .par_iter()
            .map(|(lang, docs)| index::files(&index::build(lang, docs[..docs.len() / 2].to_vec())))
            .collect(),
    );
    let all_pages: usize = corpus.iter().map(|(_, docs)| docs.len()).sum();
    let half_pages: usize = corpus.iter().map(|(_, docs)| docs.len() / 2).sum();
    let files_per_ten_pages =
        10.0 * file_count.saturating_sub(half_file_count) as f64 / (all_pages - half_pages).max(1) as f64;

    // policylab: the whole build (HTML, feeds, sitemap, search index…).
    let public = site.join("public");
    let (build_seconds, build_mb) = timed(
        Command::new(env!("CARGO_BIN_EXE_policylab"))
            .args(["build", "--root"])
            .arg(&site),
    );

    // Pagefind on the built HTML.
    let pagefind = root.join("node_modules/.bin/pagefind");
    let pagefind_run = pagefind.exists().then(|| {
        timed(
            Command::new(&pagefind)
                .arg("--site")
                .arg(&public)
                .args(["--output-subdir", "pagefind"]),
        )
    });
    if pagefind_run.is_none() {
        println!("Pagefind is not installed (npm ci): its column stays empty");
    }

    // The engine as the site ships it (minified by the build), and its source.
    let engine_gz = gzip(&fs::read(public.join("search.js")).expect("the built site's search.js"));
    let source_gz = gzip(&fs::read(root.join("themes/platform/static/search.js")).expect("search.js"));
    let largest = largest_file(&public.join("search-index"));

    let queries = pick_queries(&corpus);
    let bytes = node_json(
        root,
        "benches/search_bytes.js",
        &[
            ("SITE", public.display().to_string()),
            ("QUERIES", serde_json::to_string(&queries).unwrap_or_default()),
        ],
    );
    let timing = node_json(
        root,
        "benches/search_query.js",
        &[
            ("SEARCH_INDEX", public.join("search-index").display().to_string()),
            ("SEARCH_ENGINE", public.join("search.js").display().to_string()),
            ("QUERIES", serde_json::to_string(&queries).unwrap_or_default()),
        ],
    );

    let mut report = String::new();
    let ratio =
        |ours: f64, theirs: Option<f64>| theirs.map_or("".to_string(), |t| format!("{:.2}", ours / t));
    let _ = writeln!(
        report,
        "\n{:<46} {:>12} {:>12} {:>8}",
        "", "policylab", "Pagefind", "ratio"
    );
    let pf_seconds = pagefind_run.map(|r| r.0);
    let _ = writeln!(
        report,
        "{:<46} {:>11.2}s {:>12} {:>8}",
        "index build: search stage",
        search_seconds,
        pf_seconds.map_or("-".into(), |s| format!("{s:.2}s")),
        ratio(search_seconds, pf_seconds)
    );
    let _ = writeln!(
        report,
        "{:<46} {:>11.2}s {:>12} {:>8}",
        "index build: whole policylab build",
        build_seconds,
        pf_seconds.map_or("-".into(), |s| format!("{s:.2}s")),
        ratio(build_seconds, pf_seconds)
    );
    let _ = writeln!(
        report,
        "{:<46} {:>10}MB {:>12} {:>8}",
        "peak memory (whole build / Pagefind)",
        build_mb,
        pagefind_run.map_or("-".into(), |r| format!("{}MB", r.1)),
        ""
    );
    for (label, key) in [
        ("cold one-word query, KB (median)", "one"),
        ("cold two-word query, KB (median)", "two"),
        ("cold unseen form, KB (median)", "unseen"),
    ] {
        let ours = bytes[key]["policylab"].as_f64().unwrap_or(f64::NAN);
        let api = bytes[key]["pagefind"].as_f64();
        let ui = bytes[key]["pagefind_ui"].as_f64();
        let _ = writeln!(
            report,
            "{:<46} {:>12.1} {:>12} {:>8}",
            format!("{label} vs API"),
            ours,
            api.map_or("-".into(), |v| format!("{v:.1}")),
            ratio(ours, api)
        );
        let _ = writeln!(
            report,
            "{:<46} {:>12.1} {:>12} {:>8}",
            format!("{label} vs default UI"),
            ours,
            ui.map_or("-".into(), |v| format!("{v:.1}")),
            ratio(ours, ui)
        );
    }
    let _ = writeln!(
        report,
        "{:<46} {:>12.1}",
        "engine script gzipped, as shipped, KB",
        engine_gz as f64 / 1024.0
    );
    let _ = writeln!(
        report,
        "{:<46} {:>12.1}",
        "engine script gzipped, source, KB",
        source_gz as f64 / 1024.0
    );
    let _ = writeln!(
        report,
        "{:<46} {:>12.2}",
        "query time in Node, shards loaded, ms (median)",
        timing["median"].as_f64().unwrap_or(f64::NAN)
    );
    let _ = writeln!(
        report,
        "{:<46} {:>12.2}",
        "query time in Node, shards loaded, ms (p95)",
        timing["p95"].as_f64().unwrap_or(f64::NAN)
    );
    let _ = writeln!(report, "{:<46} {:>12}", "search index files", file_count);
    let _ = writeln!(
        report,
        "{:<46} {:>12.2}",
        format!("index files added per 10 pages ({half_pages} to {all_pages})"),
        files_per_ten_pages
    );
    let _ = writeln!(
        report,
        "{:<46} {:>12.1}",
        "largest search index file, KB",
        largest as f64 / 1024.0
    );
    let _ = writeln!(
        report,
        "\nper query (KB: policylab, Pagefind API, Pagefind UI):\n{}",
        bytes["detail"].as_str().unwrap_or("")
    );
    println!("{report}");
}

/// Writes the site and returns, per language, the documents the search stage is given.
fn generate(site: &Path, keys: usize) -> Vec<(String, Vec<Document<'static>>)> {
    fs::create_dir_all(site.join("content/pages")).expect("content folder");
    let mut config = String::from(
        "base_url = \"https://bench.example.eu\"\ntitle = \"Search bench\"\ndefault_language = \"en\"\ntheme = \"platform\"\n\n[taxonomies.countries]\n[taxonomies.themes]\n\n",
    );
    for lang in LANGUAGES {
        let _ = writeln!(config, "[languages.{lang}]\nname = \"{lang}\"\n");
    }
    fs::write(site.join("config.toml"), config).expect("config");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &site.join("themes"),
    );
    let mut out = Vec::new();
    for (n, lang) in LANGUAGES.iter().enumerate() {
        let words = vocabulary(lang);
        let mut rng = Lcg(n as u64 * 7919 + 17);
        let suffix = if *lang == "en" {
            String::new()
        } else {
            format!(".{lang}")
        };
        let mut docs = Vec::with_capacity(keys);
        for k in 0..keys {
            let mut text = |count: usize| -> String {
                (0..count)
                    .map(|_| words[rng.zipf(words.len())].as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title = capitalise(&text(5));
            let description = text(12);
            let headings = [capitalise(&text(3)), capitalise(&text(4))];
            let paragraphs = [text(110), text(100), text(90)];
            let country = COUNTRIES[k % COUNTRIES.len()];
            let theme = THEMES[(k / 3) % THEMES.len()];
            let markdown = format!(
                "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\ntaxonomies = {{ countries = [\"{country}\"], themes = [\"{theme}\"] }}\n+++\n\n{}\n\n## {}\n\n{}\n\n## {}\n\n{}\n",
                paragraphs[0], headings[0], paragraphs[1], headings[1], paragraphs[2]
            );
            let dir = site.join(format!("content/pages/s{}", k / 500));
            fs::create_dir_all(&dir).expect("section folder");
            fs::write(dir.join(format!("p{k}{suffix}.md")), markdown).expect("page");
            docs.push(Document {
                url: format!("/pages/s{}/p{k}/", k / 500),
                title,
                description,
                headings: headings.to_vec(),
                body: paragraphs.join(" ").into(),
                fields: vec![country.to_string(), theme.to_string()],
                facets: vec![
                    Facet {
                        facet: "countries".into(),
                        value: country.to_lowercase(),
                        label: country.into(),
                    },
                    Facet {
                        facet: "themes".into(),
                        value: theme.to_lowercase(),
                        label: theme.into(),
                    },
                ],
                ..Document::default()
            });
        }
        out.push((lang.to_string(), docs));
    }
    // Empty pages for every content file the platform theme links to.
    for file in theme_links().into_iter().chain(["pages/_index.md".to_string()]) {
        let path = site.join("content").join(&file);
        if file == "search.md" || path.exists() {
            continue;
        }
        fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        fs::write(path, "+++\ntitle = \"Stub\"\n+++\n").expect("page");
    }
    for lang in LANGUAGES {
        let suffix = if lang == "en" {
            String::new()
        } else {
            format!(".{lang}")
        };
        fs::write(
            site.join(format!("content/search{suffix}.md")),
            "+++\ntitle = \"Search\"\ntemplate = \"search.html\"\n\n[extra]\nsearch = false\n+++\n",
        )
        .expect("search page");
    }
    out
}

/// The content files named in the theme's templates (`@/about.md`, `"news/_index.md"`).
fn theme_links() -> Vec<String> {
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/platform/templates");
    let mut links = Vec::new();
    for entry in walkdir::WalkDir::new(templates).into_iter().flatten() {
        let Ok(text) = fs::read_to_string(entry.path()) else {
            continue;
        };
        for piece in text.split(['"', '\'']) {
            let name = piece.trim_start_matches("@/");
            let plain = name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_/.-".contains(c));
            if name.ends_with(".md") && plain && !links.iter().any(|l| l == name) {
                links.push(name.to_string());
            }
        }
    }
    links
}

/// The distinct words of a language's evaluation corpus, most frequent first.
fn vocabulary(lang: &str) -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/search-eval/{lang}.docs.tsv"));
    let text = fs::read_to_string(path).expect("evaluation corpus");
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in text.lines() {
        for word in line.split('\t').skip(2).flat_map(|body| body.split(' ')) {
            *counts.entry(word).or_default() += 1;
        }
    }
    let mut words: Vec<(&str, usize)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    words.into_iter().map(|(w, _)| w.to_string()).collect()
}

/// One-word and two-word queries per language, of middling and rare frequency, and forms
/// the site lacks (inflections of its words the evaluation calls unseen).
fn pick_queries(corpus: &[(String, Vec<Document>)]) -> serde_json::Value {
    let mut one = Vec::new();
    let mut two = Vec::new();
    let mut unseen = Vec::new();
    for (lang, docs) in corpus {
        for form in unseen_forms(lang).into_iter().step_by(50).take(4) {
            unseen.push(serde_json::json!([lang, form]));
        }
        let words = vocabulary(lang);
        for (i, rank) in [30, 120, 400, 900].into_iter().enumerate() {
            let rank = rank.min(words.len() - 1);
            one.push(serde_json::json!([lang, words[rank]]));
            let title: Vec<&str> = docs[i * 7].title.split(' ').collect();
            two.push(serde_json::json!([
                lang,
                format!("{} {}", title[1], title[3]).to_lowercase()
            ]));
        }
    }
    serde_json::json!({"one": one, "two": two, "unseen": unseen})
}

/// The evaluation's inflections that occur nowhere in its corpus, nor so in the site made
/// from its words.
fn unseen_forms(lang: &str) -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/search-eval/{lang}.queries.tsv"));
    let text = fs::read_to_string(path).expect("evaluation queries");
    text.lines()
        .filter_map(|line| line.strip_prefix("unseen\t"))
        .filter_map(|rest| rest.split('\t').nth(1))
        .map(str::to_string)
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// A small deterministic generator (no dependency) with a Zipf-like pick.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    fn zipf(&mut self, n: usize) -> usize {
        // rank ~ exp(u * ln n): more weight on frequent words, long tail.
        ((self.next() * (n as f64).ln()).exp() as usize)
            .saturating_sub(1)
            .min(n - 1)
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Wall seconds and peak memory (MB) of a command, through GNU time when it is there.
fn timed(command: &mut Command) -> (f64, u64) {
    let time = Path::new("/usr/bin/time");
    let report = std::env::temp_dir().join(format!("policylab-search-bench-{}.time", std::process::id()));
    let mut run = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&report)
            .arg(command.get_program())
            .args(command.get_args());
        c
    } else {
        Command::new(command.get_program())
    };
    if !time.exists() {
        run.args(command.get_args());
    }
    let started = Instant::now();
    let output = run.output().expect("the command starts");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{:?} failed:\n{}",
        command,
        String::from_utf8_lossy(&output.stderr)
    );
    let kib: u64 = fs::read_to_string(&report)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    let _ = fs::remove_file(&report);
    (seconds, kib / 1024)
}

/// How many files the languages' indexes make together: a table of alternations that
/// languages share is one set of files.
fn distinct_paths(files: Vec<Vec<index::File>>) -> usize {
    let paths: std::collections::HashSet<String> =
        files.into_iter().flatten().map(|(path, _)| path).collect();
    paths.len()
}

fn gzip(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

fn largest_file(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .max()
        .unwrap_or(0)
}

fn node_json(root: &Path, script: &str, env: &[(&str, String)]) -> serde_json::Value {
    let mut command = Command::new("node");
    command.arg(root.join(script)).current_dir(root);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("node runs");
    if !output.status.success() {
        eprintln!("{script} failed:\n{}", String::from_utf8_lossy(&output.stderr));
        return serde_json::Value::Null;
    }
    serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null)
}
