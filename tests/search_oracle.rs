//! Ranking oracle: tantivy, given the same analysed text and field boosts, must rank as the
//! JavaScript engine does: the same top 10 pages in the same order, apart from ties (scores
//! closer than the rounding of the stored weights).

mod common;

use std::path::Path;
use std::process::Command;

use policylab::search::analysis::Analyzer;
use policylab::search::document::Document;
use policylab::search::index::{self, FIELDS, LanguageIndex, WEIGHT_SCALE};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::WhitespaceTokenizer;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

const LANGUAGES: [&str; 5] = ["en", "ro", "sr-Cyrl", "bg", "el"];

/// The evaluation corpus with descriptions and headings cut from the body, so every field
/// takes part.
fn corpus(lang: &str) -> Vec<Document<'static>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/search-eval/{lang}.docs.tsv"));
    let text = std::fs::read_to_string(path).expect("corpus");
    text.lines()
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let words: Vec<&str> = cols[2].split(' ').collect();
            Document {
                url: format!("/{}/", cols[0]),
                title: cols[1].to_string(),
                description: words[..8].join(" "),
                headings: vec![words[20..24].join(" "), words[30..33].join(" ")],
                body: words[8..].join(" ").into(),
                ..Document::default()
            }
        })
        .collect()
}

struct Oracle {
    index: Index,
    fields: Vec<Field>,
}

fn oracle(built: &LanguageIndex, docs: &[Document]) -> Oracle {
    let mut schema = Schema::builder();
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("stems")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields: Vec<Field> = FIELDS
        .iter()
        .map(|(name, _)| schema.add_text_field(name, options.clone()))
        .collect();
    let index = Index::create_in_ram(schema.build());
    index
        .tokenizers()
        .register("stems", WhitespaceTokenizer::default());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).expect("writer");
    let analyzer = Analyzer::new(&built.lang);
    for document in docs {
        let mut doc = TantivyDocument::default();
        for (i, field) in fields.iter().enumerate() {
            doc.add_text(*field, index::field_stem_text(&analyzer, document, i));
        }
        writer.add_document(doc).expect("add");
    }
    writer.commit().expect("commit");
    Oracle { index, fields }
}

/// The stems a query word stands for in the index.
fn stems_of(built: &LanguageIndex, form: &str, stem: &str) -> Vec<String> {
    built
        .forms
        .get(form)
        .cloned()
        .unwrap_or_else(|| vec![stem.to_string()])
}

/// tantivy's query for one word: the best of its stems, each in every field with its boost.
fn word_query(oracle: &Oracle, stems: &[String]) -> Box<dyn Query> {
    let per_stem: Vec<Box<dyn Query>> = stems
        .iter()
        .map(|stem| {
            let fields: Vec<(Occur, Box<dyn Query>)> = oracle
                .fields
                .iter()
                .zip(FIELDS)
                .map(|(field, (_, boost))| {
                    let term =
                        TermQuery::new(Term::from_field_text(*field, stem), IndexRecordOption::WithFreqs);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(term), boost)) as Box<dyn Query>,
                    )
                })
                .collect();
            Box::new(BooleanQuery::new(fields)) as Box<dyn Query>
        })
        .collect();
    Box::new(DisjunctionMaxQuery::new(per_stem))
}

/// tantivy's scores of every matching document, best first: as the engine does, the pages the
/// index lists for more of the query's forms (the very words typed) come first.
fn tantivy_ranking(
    oracle: &Oracle,
    built: &LanguageIndex,
    analyzer: &Analyzer,
    query: &str,
) -> Vec<(u32, f32)> {
    let words = analyzer.tokens(query, 0);
    let searcher = oracle.index.reader().expect("reader").searcher();
    let search = |query: &dyn Query| -> Vec<(u32, f32)> {
        let hits = searcher
            .search(query, &TopDocs::with_limit(1000).order_by_score())
            .expect("search");
        hits.into_iter()
            .map(|(score, address)| (address.doc_id, score))
            .collect()
    };
    let musts: Vec<(Occur, Box<dyn Query>)> = words
        .iter()
        .map(|token| {
            (
                Occur::Must,
                word_query(oracle, &stems_of(built, &token.form, &token.stem)),
            )
        })
        .collect();
    let hits = search(&BooleanQuery::new(musts));
    // Per word, the pages the index lists for its form, if it lists any.
    let listed: Vec<&[u32]> = words
        .iter()
        .filter_map(|token| {
            let stems = stems_of(built, &token.form, &token.stem);
            index::tie_docs(built, &token.form, &stems)
        })
        .collect();
    let exact_words = |doc: u32| listed.iter().filter(|docs| docs.contains(&doc)).count();
    let mut ranked: Vec<(usize, u32, f32)> = hits
        .into_iter()
        .map(|(doc, score)| (exact_words(doc), doc, score))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.total_cmp(&a.2)));
    ranked.into_iter().map(|(_, doc, score)| (doc, score)).collect()
}

/// Queries from the corpus: single words of every frequency, and two or three words taken
/// from one page so that they all match.
fn queries(docs: &[Document], seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut out = Vec::new();
    for i in 0..45 {
        let doc = &docs[next(docs.len())];
        let words: Vec<&str> = doc.body.split(' ').collect();
        let n = if i < 25 {
            1
        } else if i < 40 {
            2
        } else {
            3
        };
        let picked: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
        out.push(picked.join(" "));
    }
    out
}

#[test]
fn the_engine_ranks_as_tantivy_does() {
    if !common::node_available() {
        eprintln!("SKIPPED: node is not installed, so the ranking oracle did not run");
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut all_queries = Vec::new();
    let mut expected = Vec::new();
    for (seed, lang) in LANGUAGES.iter().enumerate() {
        let docs = corpus(lang);
        let built = index::build(lang, docs.clone());
        common::write_index_files(dir.path(), &built);
        let oracle = oracle(&built, &docs);
        let analyzer = Analyzer::new(lang);
        for query in queries(&docs, seed as u64 + 7) {
            expected.push((
                lang.to_string(),
                query.clone(),
                tantivy_ranking(&oracle, &built, &analyzer, &query),
            ));
            all_queries.push((lang.to_string(), query));
        }
    }
    let queries_file = dir.path().join("queries.json");
    std::fs::write(&queries_file, serde_json::to_string(&all_queries).expect("JSON")).expect("write");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(root.join("tests/search/oracle.js"))
        .env("SEARCH_INDEX", dir.path())
        .env("ORACLE_QUERIES", &queries_file)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let engine: Vec<Vec<(u32, f32)>> = serde_json::from_slice(&output.stdout).expect("JSON");
    // Each stored weight is rounded to 1/WEIGHT_SCALE; a query sums up to three of them.
    let tie = 3.0 * 0.5 / WEIGHT_SCALE + 1e-3;
    let mut compared = 0;
    for ((lang, query, tantivy), js) in expected.iter().zip(&engine) {
        let top = tantivy.len().min(10);
        assert_eq!(
            js.len(),
            top,
            "{lang} `{query}`: {} hits, tantivy {}",
            js.len(),
            tantivy.len()
        );
        for (rank, (doc, _)) in js.iter().enumerate() {
            let score_of = |d: u32| tantivy.iter().find(|(t, _)| *t == d).map(|(_, s)| *s);
            let Some(score) = score_of(*doc) else {
                panic!("{lang} `{query}`: the engine ranks page {doc} at {rank}, tantivy does not match it");
            };
            assert!(
                (score - tantivy[rank].1).abs() <= tie,
                "{lang} `{query}`: rank {rank}: engine page {doc} (tantivy score {score}), tantivy page {} ({})",
                tantivy[rank].0,
                tantivy[rank].1
            );
        }
        compared += 1;
    }
    assert_eq!(compared, LANGUAGES.len() * 45);
}
