//! Retrieval quality on real words in the 13 languages of the platform
//! (tests/fixtures/search-eval, made by scripts/make_search_eval.py): the right page must be
//! in the top 3 of the JavaScript engine's answer.
//! Also the ranking of guesses for words a site lacks, on a few inline pages
//! (tests/search/guesses.test.js).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use policylab::search::analysis::Analyzer;
use policylab::search::document::Document;
use policylab::search::{alternations, index};

pub const LANGUAGES: [&str; 13] = [
    "en", "ro", "bg", "el", "hu", "sr-Cyrl", "hr", "sl", "sq", "mk", "it", "de", "sk",
];

/// The evaluation set: tests/fixtures/search-eval, or the folder in `SEARCH_EVAL_DIR` (a set
/// made by scripts/make_search_eval.py with another seed, to check that a change tuned on
/// the dev split holds elsewhere; its floors are not checked).
fn eval_dir() -> PathBuf {
    std::env::var_os("SEARCH_EVAL_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-eval"),
        PathBuf::from,
    )
}

/// The pages of a language's evaluation corpus.
pub fn eval_documents(lang: &str) -> Vec<Document<'static>> {
    let text = std::fs::read_to_string(eval_dir().join(format!("{lang}.docs.tsv"))).expect("corpus");
    text.lines()
        .map(|line| {
            let mut cols = line.split('\t');
            let n = cols.next().unwrap_or_default();
            Document {
                url: format!("/{n}/"),
                title: cols.next().unwrap_or_default().to_string(),
                body: cols.next().unwrap_or_default().to_string().into(),
                ..Document::default()
            }
        })
        .collect()
}

/// Writes the index of every language into `dir`, and beside it `<lang>.same-stem.txt`: the
/// unseen inflections that the build's analysis gives the stem of a word of their page, one
/// per line. `eval.js` reports those apart from inflections that change their stem
/// (`verbergt` of `verbarg`), which no stemmer here joins.
pub fn write_indexes(dir: &Path) {
    for lang in LANGUAGES {
        let documents = eval_documents(lang);
        let same_stem = same_stem_queries(lang, &documents);
        let mut built = index::build(lang, documents);
        // The tables hold the rules of every lemma; the evaluation's words are to be unseen
        // (SEARCH_EVAL_WHOLE_TABLES=1 measures the tables as a site has them).
        if std::env::var_os("SEARCH_EVAL_WHOLE_TABLES").is_none() {
            built.leave_out_alternations(&held_out_rules(lang));
        }
        common::write_index_files(dir, &built);
        std::fs::write(dir.join(format!("{lang}.same-stem.txt")), same_stem.join("\n")).expect("write");
    }
}

/// The rules of a language's table of alternations seen only in the evaluation's lemmas
/// (`src/search/alternations/held-out/`, made with the tables).
fn held_out_rules(lang: &str) -> String {
    let Some(table) = alternations::table_name(lang) else {
        return String::new();
    };
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/search/alternations/held-out/{table}.txt"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The unseen queries of a language with the stem of a word of their page. The one typed
/// without diacritics goes with the one typed with them (the row before it).
fn same_stem_queries(lang: &str, documents: &[Document]) -> Vec<String> {
    let analyzer = Analyzer::new(lang);
    let stem = |word: &str| analyzer.analyze_word(word).map(|(_, stem)| stem);
    let queries = std::fs::read_to_string(eval_dir().join(format!("{lang}.queries.tsv"))).expect("queries");
    let (mut same, mut last_is_same) = (Vec::new(), false);
    for line in queries.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let [kind, _, query, doc] = cols[..] else {
            continue;
        };
        let page = doc.parse::<usize>().ok().and_then(|n| documents.get(n));
        match (kind, page) {
            ("unseen", Some(page)) => {
                let text = format!("{} {}", page.title, page.body);
                let mut words = text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty());
                let query_stem = stem(query);
                last_is_same = query_stem.is_some() && words.any(|w| stem(w) == query_stem);
            }
            ("unseen-plain", _) => {}
            _ => continue,
        }
        if last_is_same {
            same.push(query.to_string());
        }
    }
    same
}

/// The share of unseen inflections (with or without diacritics) a language must keep.
fn unseen_floor(lang: &str) -> f64 {
    match lang {
        "en" | "ro" | "sl" | "sr-Cyrl" | "hr" | "mk" | "it" | "el" | "sk" => 99.5,
        "hu" | "bg" | "de" => 99.0,
        _ => 98.5, // sq
    }
}

/// A page of the inline corpora below.
fn page(n: usize, title: &str, body: &str) -> Document<'static> {
    Document {
        url: format!("/{n}/"),
        title: title.to_string(),
        body: body.to_string().into(),
        ..Document::default()
    }
}

#[test]
fn guesses_for_words_the_site_lacks() {
    if !common::node_available() {
        eprintln!("SKIPPED: node is not installed, so the guess tests did not run");
        return;
    }
    let mut pages = vec![
        page(0, "Analysis of regional budgets", "spending by region and year"),
        page(1, "Analysis of cluster reports", "members and their projects"),
        page(2, "Analysis of voucher uptake", "firms that used the scheme"),
        page(3, "Who checks the figures", "two analysts read every report"),
        page(4, "Night sky", "a visit to the planetarium"),
        page(5, "Outer space", "a visit to the planet"),
        page(6, "Chanterelles", "where to find chanterelles"),
        page(7, "Trails", "we walked the hills"),
        page(8, "Walkway", "the new walkway"),
        page(9, "Colonial history", "the colonial ports"),
        page(10, "Paint", "a colorful wall"),
        page(11, "Training plans", "courses for staff"),
        page(12, "Rail", "the trains run late"),
        page(13, "Coaches", "they train every day"),
        page(14, "Notes", "a trained eye"),
    ];
    // Other pages, so that `analysis` is a word of a few pages, not of most.
    for topic in ["energy", "transport", "health", "tourism", "farming", "water"] {
        let body = format!("what changed in {topic} this year");
        pages.push(page(pages.len(), &format!("News on {topic}"), &body));
    }
    pages.push(page(pages.len(), "Castles", "the old towers"));
    pages.push(page(pages.len(), "Towing", "cars on the road"));
    pages.push(page(pages.len(), "Feta", "cheese from the islands"));
    pages.push(page(pages.len(), "Summer", "a festival in the park"));
    // `posit` is a rare form of a stem common to five pages; `posh` is a title.
    pages.push(page(pages.len(), "Rules", "they posit a rule"));
    pages.push(page(pages.len(), "Posh hotels", "the position of the hotel"));
    pages.push(page(pages.len(), "Jobs", "an open position"));
    pages.push(page(pages.len(), "Maps", "the position of the ports"));
    pages.push(page(pages.len(), "Boats", "a position at sea"));
    // `general`, a word of four pages; `generally`, a rare form of its stem, of one.
    pages.push(page(pages.len(), "Assembly", "the general meeting"));
    pages.push(page(pages.len(), "Secretary", "the general secretary"));
    pages.push(page(pages.len(), "Elections", "a general election"));
    pages.push(page(pages.len(), "Strike", "a general strike"));
    pages.push(page(pages.len(), "Weather", "it is generally dry in summer"));
    // `grande` (stem `grand`), a word of four pages; `grands`, a rare form of that stem, of one
    // whose longer text weighs it least.
    pages.push(page(pages.len(), "Rio", "the rio grande"));
    pages.push(page(pages.len(), "Opera", "a grande dame"));
    pages.push(page(pages.len(), "Coffee", "a grande latte"));
    pages.push(page(pages.len(), "Hotel", "the grande hotel"));
    pages.push(page(
        pages.len(),
        "Pianos",
        "two grands in the hall of the school",
    ));
    // `building` is no word of the site; the English table makes `builds` of it (`ing`: `s`)
    // and `built` (`lding`: `lt`), the latter in a shorter text that weighs a little more.
    pages.push(page(pages.len(), "Dams", "they built dams"));
    pages.push(page(pages.len(), "Stands", "who builds the stands"));
    // `pickers` is no word of the site; of the two pages of stem `pick`, `Orchards` has
    // `picked` (which shares `picke` with it), `Berries` `picking`, in a shorter text that
    // weighs more.
    pages.push(page(pages.len(), "Berries", "picking"));
    pages.push(page(pages.len(), "Orchards", "they picked apples"));
    // `marketability` is no word of the site; it shares `market` with `markets`, in a shorter
    // text that weighs more, and with `marketplace`, nearer its length.
    pages.push(page(pages.len(), "Fairs", "the markets"));
    pages.push(page(pages.len(), "Trade", "an online marketplace"));
    // `connector` is no word of the site; it shares `connect` with `connections` (Wires,
    // stem `connect`) and with `connectedness` (Links, stem `connected`), in texts as long.
    pages.push(page(pages.len(), "Wires", "new connections here"));
    pages.push(page(pages.len(), "Links", "their connectedness here"));
    // `booziest` is no word of the site; it shares `booz` with `boozer` (Boozer, a title) and
    // with `boozey` (Parties, a body). The English table has no `ziest`, but `kiest`: `key`
    // (jokiest, jokey) and the like.
    pages.push(page(pages.len(), "Boozer", "the boozer on the corner"));
    pages.push(page(pages.len(), "Parties", "a boozey night"));
    let german = vec![
        page(0, "Gäste", "die eingeladenen Gäste kommen um acht"),
        page(1, "Fristen", "wer bis März einreicht, erhält Antwort"),
        page(2, "Skulptur", "eine liegende Figur aus Stein"),
        page(3, "Ruhetag", "am Sonntag liegt alles still"),
        page(4, "Kurs", "die sprechende Puppe lacht"),
        page(5, "Treffen", "sie sprach mit allen"),
        page(6, "Impfung", "die Spritze wirkt schnell"),
        page(7, "Märchen", "was sie sagen"),
        page(8, "Sagenhaft", "ein sagenhafter Abend"),
        page(9, "Notfall", "wann die Feuerwehr eingreifen darf"),
    ];
    let hungarian = vec![
        page(0, "Kert", "a kertben férgek élnek"),
        page(1, "Ferrari", "piros autó az évben"),
        page(2, "Táj", "a hegyben és a völgyben"),
    ];
    // `plaće` is no word of the site: the Croatian table makes `plaći` of it (Sindikat, a
    // body), and it begins `plaćenicu` (a title and a body, weighing far more).
    let mut croatian = vec![
        page(0, "Sindikat", "o plaći"),
        page(1, "Plaćenicu", "plaćenicu su platili"),
    ];
    // Other pages, so that a word of one page weighs as on a site of some size.
    for n in 0..2000 {
        croatian.push(page(croatian.len(), &format!("Vijesti {n}"), "što je novo"));
    }
    // `πίστη` is no word of the site: the Greek table extends it to `πίστης` (Θάρρος) and
    // makes `πιστότατος` (Φίλοι) of it by the alternation `τη`: `τοτατοσ`, in a text as long.
    let greek = vec![
        page(0, "Φίλοι", "ο πιστότατος φίλος"),
        page(1, "Θάρρος", "το θάρρος της πίστης"),
    ];
    let dir = tempfile::tempdir().expect("temporary folder");
    common::write_index_files(dir.path(), &index::build("el", greek));
    common::write_index_files(dir.path(), &index::build("hr", croatian));
    common::write_index_files(dir.path(), &index::build("en", pages));
    common::write_index_files(dir.path(), &index::build("de", german));
    common::write_index_files(dir.path(), &index::build("hu", hungarian));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg("--test")
        .arg(root.join("tests/search/guesses.test.js"))
        .env("SEARCH_INDEX", dir.path())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_right_page_is_in_the_top_three() {
    if !common::node_available() {
        eprintln!("SKIPPED: node is not installed, so the retrieval evaluation did not run");
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    // SEARCH_EVAL_KEEP=folder keeps the indexes there, for `node tests/search/eval.js --misses`.
    let kept = std::env::var_os("SEARCH_EVAL_KEEP").map(PathBuf::from);
    let dir_path = kept.as_deref().unwrap_or(dir.path());
    write_indexes(dir_path);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(root.join("tests/search/eval.js"))
        .args(LANGUAGES)
        .env("SEARCH_INDEX", dir_path)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON summary");
    // The goal is 99.5% for every kind of query. These floors, just below what the engine
    // reaches on both splits (about one query is 0.5%), catch regressions: typed words and
    // Latin queries find nearly every page, unseen inflections less so in some languages.
    let floor = |lang: &str, kind: &str| match kind.split('/').next().unwrap_or("") {
        "plain" | "latin" | "latin-plain" => 99.0,
        // The breakdown of unseen inflections by stem is reported, not checked.
        k if k.contains('(') => 0.0,
        _ => unseen_floor(lang),
    };
    let mut failures = Vec::new();
    println!("share of queries with the right page in the top 3 (goal 99.5%)");
    for lang in LANGUAGES {
        let Some(kinds) = summary[lang].as_object() else {
            continue;
        };
        for (kind, tally) in kinds {
            let (n, ok) = (
                tally["n"].as_f64().unwrap_or(0.0),
                tally["ok"].as_f64().unwrap_or(0.0),
            );
            let share = 100.0 * ok / n.max(1.0);
            println!("{lang:8} {kind:20} {share:6.2}% of {n}");
            if share < floor(lang, kind) {
                failures.push(format!(
                    "{lang} {kind}: {share:.2}% (floor {})",
                    floor(lang, kind)
                ));
            }
        }
    }
    let own_set = std::env::var_os("SEARCH_EVAL_DIR").is_none();
    assert!(
        failures.is_empty() || !own_set,
        "retrieval got worse: {failures:#?}"
    );
}
