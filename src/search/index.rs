//! The index of one language: analysed documents, BM25 weights, and the sharded files the
//! browser loads.
//!
//! Weights are computed as tantivy computes BM25 (k1 = 1.2, b = 0.75, per-field idf and
//! average length, field lengths through tantivy's one-byte field norms), summed over the
//! fields with their boosts, so a tantivy index of the same tokens ranks the same way
//! (`tests/search_oracle.rs` checks it). This module writes no HTML and knows no theme.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value, json};
use tantivy::fieldnorm::FieldNormReader;

use super::analysis::Analyzer;
use super::document::{Document, TYPE_FACET};

/// The searched fields and their boosts, in the order positions are counted.
pub const FIELDS: [(&str, f32); 5] = [
    ("title", 3.0),
    ("headings", 2.0),
    ("description", 1.5),
    ("body", 1.0),
    ("fields", 1.0),
];

/// Weights are stored as integers: the BM25 score times this.
pub const WEIGHT_SCALE: f32 = 10.0;

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Positions skipped between two field values, so a phrase does not span them.
const POSITION_GAP: u32 = 8;
/// Characters of prose kept per document for excerpts.
const EXCERPT_CHARS: usize = 170;

/// One document's occurrences of one stem.
#[derive(Debug, Clone)]
pub struct Posting {
    /// The document number in this language.
    pub doc: u32,
    /// BM25 summed over fields with their boosts.
    pub score: f32,
    /// Where its word positions are in [`LanguageIndex::word_positions`] of the document
    /// (all fields, see [`POSITION_GAP`]). A range rather than a list of its own: millions of
    /// small lists cost seconds to allocate and free on a large site.
    pub positions: std::ops::Range<u32>,
}

/// A finished index of one language.
#[derive(Debug, Clone)]
pub struct LanguageIndex {
    /// The language code.
    pub lang: String,
    /// Documents in number order.
    pub docs: Vec<Document>,
    /// Stem to postings, by document number.
    pub postings: BTreeMap<String, Vec<Posting>>,
    /// Every folded form to the stems it was analysed to.
    pub forms: BTreeMap<String, Vec<String>>,
    /// Every folded form to the documents it occurs in, by number.
    pub form_docs: HashMap<String, Vec<u32>>,
    /// Per document and field, the stems in order, by number (see [`LanguageIndex::field_text`]).
    pub field_stems: Vec<[Vec<u32>; 5]>,
    /// Stem numbers to stems.
    pub stem_names: Vec<String>,
    /// Per document, (stem number, position) of every word, by stem number then position.
    pub word_positions: Vec<Vec<(u32, u32)>>,
}

/// Analyses and weighs the documents of one language.
pub fn build(lang: &str, docs: Vec<Document>) -> LanguageIndex {
    let analyzer = Analyzer::new(lang);
    // Runs of documents are analysed in parallel, each numbering its stems and forms, then
    // merged in order: the numbers come out as one pass over all documents would give them.
    let run = docs.len().div_ceil(rayon::current_num_threads() * 4).max(32);
    let runs: Vec<AnalysedRun> = docs
        .par_chunks(run)
        .map(|run| analyse_run(&analyzer, run))
        .collect();
    let mut stems = Interner::default();
    let mut form_names = Interner::default();
    let mut form_stems: Vec<Vec<u32>> = Vec::new();
    let mut form_docs: Vec<Vec<u32>> = Vec::new();
    let mut field_stems: Vec<[Vec<u32>; 5]> = Vec::with_capacity(docs.len());
    let mut positions: Vec<Vec<(u32, u32)>> = Vec::with_capacity(docs.len());
    for run in runs {
        let stem_ids: Vec<u32> = run.stems.names.iter().map(|n| stems.id(n)).collect();
        let form_ids: Vec<u32> = run.forms.names.iter().map(|n| form_names.id(n)).collect();
        form_stems.resize(form_names.names.len(), Vec::new());
        form_docs.resize(form_names.names.len(), Vec::new());
        for (form, local_stems) in run.form_stems.iter().enumerate() {
            let known = &mut form_stems[form_ids[form] as usize];
            for stem in local_stems.iter().map(|s| stem_ids[*s as usize]) {
                if !known.contains(&stem) {
                    known.push(stem);
                }
            }
        }
        for mut doc in run.docs {
            let doc_number = field_stems.len() as u32;
            for form in &doc.forms {
                form_docs[form_ids[*form as usize] as usize].push(doc_number);
            }
            for field in &mut doc.field_stems {
                for stem in field.iter_mut() {
                    *stem = stem_ids[*stem as usize];
                }
            }
            for (stem, _) in &mut doc.positions {
                *stem = stem_ids[*stem as usize];
            }
            field_stems.push(doc.field_stems);
            positions.push(doc.positions);
        }
    }
    positions.par_iter_mut().for_each(|p| p.sort_unstable());
    let postings = weigh(&field_stems, &positions, stems.names.len());
    let form_docs = form_names.names.iter().cloned().zip(form_docs).collect();
    let forms = form_names
        .names
        .iter()
        .zip(form_stems)
        .map(|(form, ids)| {
            (
                form.clone(),
                ids.iter().map(|i| stems.names[*i as usize].clone()).collect(),
            )
        })
        .collect();
    let postings = stems
        .names
        .iter()
        .cloned()
        .zip(postings)
        .filter(|(_, p)| !p.is_empty())
        .collect();
    LanguageIndex {
        lang: lang.to_string(),
        docs,
        postings,
        forms,
        form_docs,
        field_stems,
        stem_names: stems.names,
        word_positions: positions,
    }
}

/// A run of documents analysed, its stems and forms numbered in order of first appearance
/// within the run.
#[derive(Default)]
struct AnalysedRun {
    stems: Interner,
    forms: Interner,
    /// By form number, its stem numbers.
    form_stems: Vec<Vec<u32>>,
    docs: Vec<AnalysedDoc>,
}

/// One document analysed.
struct AnalysedDoc {
    /// Per field, the stems in order.
    field_stems: [Vec<u32>; 5],
    /// (stem, position) of every word.
    positions: Vec<(u32, u32)>,
    /// The forms of the document, each once.
    forms: Vec<u32>,
}

fn analyse_run(analyzer: &Analyzer, docs: &[Document]) -> AnalysedRun {
    let mut run = AnalysedRun::default();
    // Most words recur: each distinct spelling is analysed once.
    let mut cache: FxHashMap<String, Option<(u32, u32)>> = FxHashMap::default();
    let mut seen_in: Vec<usize> = Vec::new();
    for (doc_number, doc) in docs.iter().enumerate() {
        let mut analysed = AnalysedDoc {
            field_stems: Default::default(),
            positions: Vec::new(),
            forms: Vec::new(),
        };
        let mut position = 0;
        for (field, values) in field_values(doc).iter().enumerate() {
            for value in values {
                analyzer.words(value, |word| {
                    let known = match cache.get(word) {
                        Some(known) => *known,
                        None => {
                            let fresh = analyzer
                                .analyze_word(word)
                                .map(|(form, stem)| run.number(&form, &stem));
                            cache.insert(word.to_string(), fresh);
                            fresh
                        }
                    };
                    if let Some((form, stem)) = known {
                        if seen_in.len() <= form as usize {
                            seen_in.resize(form as usize + 1, usize::MAX);
                        }
                        if seen_in[form as usize] != doc_number {
                            seen_in[form as usize] = doc_number;
                            analysed.forms.push(form);
                        }
                        analysed.field_stems[field].push(stem);
                        analysed.positions.push((stem, position));
                        position += 1;
                    }
                });
                position += POSITION_GAP;
            }
        }
        run.docs.push(analysed);
    }
    run
}

impl AnalysedRun {
    /// The numbers of a form and its stem, noting that the form has that stem.
    fn number(&mut self, form: &str, stem: &str) -> (u32, u32) {
        let stem_id = self.stems.id(stem);
        let form_id = self.forms.id(form);
        if self.form_stems.len() <= form_id as usize {
            self.form_stems.resize(form_id as usize + 1, Vec::new());
        }
        if !self.form_stems[form_id as usize].contains(&stem_id) {
            self.form_stems[form_id as usize].push(stem_id);
        }
        (form_id, stem_id)
    }
}

/// Strings numbered in order of first appearance.
#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }
}

impl LanguageIndex {
    /// The word positions of a posting, in order.
    pub fn positions_of(&self, posting: &Posting) -> impl Iterator<Item = u32> + '_ {
        let range = posting.positions.start as usize..posting.positions.end as usize;
        self.word_positions[posting.doc as usize][range]
            .iter()
            .map(|(_, position)| *position)
    }

    /// The stems of one field of one document, in order, separated by spaces.
    pub fn field_text(&self, doc: usize, field: usize) -> String {
        self.field_stems[doc][field]
            .iter()
            .map(|id| self.stem_names[*id as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The texts of each field of a document, in [`FIELDS`] order.
pub fn field_values(doc: &Document) -> [Vec<&str>; 5] {
    [
        vec![doc.title.as_str()],
        doc.headings.iter().map(String::as_str).collect(),
        vec![doc.description.as_str()],
        vec![doc.body.as_str()],
        doc.fields.iter().map(String::as_str).collect(),
    ]
}

/// BM25 per field as tantivy computes it, summed with the field boosts; postings by stem
/// number.
fn weigh(field_stems: &[[Vec<u32>; 5]], positions: &[Vec<(u32, u32)>], n_stems: usize) -> Vec<Vec<Posting>> {
    let n_docs = field_stems.len() as u64;
    // Per document and field: (stem, term frequency), by stem.
    let term_freqs: Vec<[Vec<(u32, u32)>; 5]> = field_stems.par_iter().map(term_frequencies).collect();
    let mut doc_freq: Vec<[u64; 5]> = vec![[0; 5]; n_stems];
    let mut total_tokens = [0u64; 5];
    for (stems, freqs) in field_stems.iter().zip(&term_freqs) {
        for field in 0..FIELDS.len() {
            total_tokens[field] += stems[field].len() as u64;
            for (stem, _) in &freqs[field] {
                doc_freq[*stem as usize][field] += 1;
            }
        }
    }
    let average: Vec<f32> = total_tokens
        .iter()
        .map(|t| *t as f32 / n_docs.max(1) as f32)
        .collect();
    // Each document's postings, then gathered by stem in document order.
    let per_doc: Vec<Vec<(u32, Posting)>> = (0..field_stems.len())
        .into_par_iter()
        .map(|doc| {
            let mut scores: Vec<(u32, f32)> = Vec::new();
            for (field, field_freqs) in term_freqs[doc].iter().enumerate() {
                let length = field_stems[doc][field].len() as u32;
                let norm_id = FieldNormReader::fieldnorm_to_id(length);
                let norm =
                    K1 * (1.0 - B + B * FieldNormReader::id_to_fieldnorm(norm_id) as f32 / average[field]);
                for (stem, tf) in field_freqs {
                    let weight = idf(doc_freq[*stem as usize][field], n_docs) * (1.0 + K1) * FIELDS[field].1;
                    let tf = *tf as f32;
                    scores.push((*stem, weight * (tf / (tf + norm))));
                }
            }
            // Fields in their order, then stems: the sums are added in the same order as
            // before, so scores do not change in their last bits.
            scores.sort_by_key(|(stem, _)| *stem);
            let mut summed: Vec<(u32, f32)> = Vec::with_capacity(scores.len());
            for (stem, score) in scores {
                match summed.last_mut() {
                    Some((last, total)) if *last == stem => *total += score,
                    _ => summed.push((stem, score)),
                }
            }
            let doc_positions = &positions[doc];
            let mut at = 0;
            summed
                .into_iter()
                .map(|(stem, score)| {
                    while at < doc_positions.len() && doc_positions[at].0 < stem {
                        at += 1;
                    }
                    let start = at as u32;
                    while at < doc_positions.len() && doc_positions[at].0 == stem {
                        at += 1;
                    }
                    let posting = Posting {
                        doc: doc as u32,
                        score,
                        positions: start..at as u32,
                    };
                    (stem, posting)
                })
                .collect()
        })
        .collect();
    let mut postings: Vec<Vec<Posting>> = vec![Vec::new(); n_stems];
    for doc_postings in per_doc {
        for (stem, posting) in doc_postings {
            postings[stem as usize].push(posting);
        }
    }
    postings
}

/// Per field of one document: (stem, term frequency), by stem.
fn term_frequencies(stems: &[Vec<u32>; 5]) -> [Vec<(u32, u32)>; 5] {
    let mut freqs: [Vec<(u32, u32)>; 5] = Default::default();
    for (field, list) in stems.iter().enumerate() {
        let mut sorted = list.clone();
        sorted.sort_unstable();
        for stem in sorted {
            match freqs[field].last_mut() {
                Some((last, tf)) if *last == stem => *tf += 1,
                _ => freqs[field].push((stem, 1)),
            }
        }
    }
    freqs
}

fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    let x = ((doc_count - doc_freq.min(doc_count)) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// The stored weight of a score.
pub fn quantize(score: f32) -> u32 {
    ((score * WEIGHT_SCALE).round() as u32).max(1)
}

/// How big files may get, from the site's size (see [`files`]).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Documents per document-store block.
    pub block: usize,
    /// Bytes aimed at per term shard.
    pub term_shard: usize,
    /// Bytes aimed at per position shard.
    pub position_shard: usize,
}

/// No file is meant to grow past this (the largest single posting list excepted).
pub const MAX_FILE: usize = 90_000;

impl Limits {
    /// Sizes that keep the file count at about one per ten documents on large sites and
    /// shards small on small ones.
    fn for_index(docs: usize, term_bytes: usize, position_bytes: usize, facets: usize) -> Limits {
        let block = 20;
        // One file per ten documents, less a margin for shards that come out small.
        let budget = (docs / 11).max(24);
        let left = budget.saturating_sub(docs.div_ceil(block) + facets + 1).max(8);
        // Positions are only read for quoted phrases: few big files, the rest for terms,
        // whose shards every query reads.
        let position_files = (position_bytes / (MAX_FILE - 10_000) + 1).clamp(4, left / 2);
        let term_files = left.saturating_sub(position_files).max(4);
        Limits {
            block,
            term_shard: (term_bytes / term_files).clamp(6_000, MAX_FILE),
            position_shard: (position_bytes / position_files).clamp(24_000, MAX_FILE),
        }
    }
}

/// One output file: its path under the index folder and its text.
pub type File = (String, String);

/// Every file of a language index, under `<lang>/`: the manifest `m.js`, term shards
/// `t<n>.js`, position shards `p<n>.js`, document blocks `d<n>.js` and facets `f-<name>.js`.
/// Each is a classic script calling `policylabSearch(kind, lang, id, data)`.
pub fn files(index: &LanguageIndex) -> Vec<File> {
    let lang = &index.lang;
    let term_entries = term_entries(index);
    let position_entries = position_entries(index);
    let facets = facet_files(index);
    let term_bytes: usize = term_entries.iter().map(|e| e.size).sum();
    let position_bytes: usize = position_entries.iter().map(|e| e.size).sum();
    let limits = Limits::for_index(index.docs.len(), term_bytes, position_bytes, facets.len());
    let types = type_labels(index);
    let mut out = Vec::new();
    let term_keys = write_shards(lang, "t", &term_entries, limits.term_shard, &mut out, |entries| {
        let forms = object(
            entries
                .iter()
                .filter_map(|e| Some((e.key.as_str(), e.form.as_deref()?))),
        );
        let postings = object(
            entries
                .iter()
                .filter_map(|e| Some((e.key.as_str(), e.postings.as_deref()?))),
        );
        format!("{{\"f\":{forms},\"p\":{postings}}}")
    });
    let position_keys = write_shards(
        lang,
        "p",
        &position_entries,
        limits.position_shard,
        &mut out,
        |entries| {
            object(
                entries
                    .iter()
                    .filter_map(|e| Some((e.key.as_str(), e.postings.as_deref()?))),
            )
        },
    );
    for (n, block) in index.docs.chunks(limits.block).enumerate() {
        let records: Vec<Value> = block.iter().map(|d| doc_record(d, &types)).collect();
        out.push(script(lang, "d", &n.to_string(), &Value::Array(records)));
    }
    let facet_names: Vec<&String> = facets.iter().map(|(name, _)| name).collect();
    let manifest = json!({
        "n": index.docs.len(),
        "b": limits.block,
        "t": term_keys,
        "p": position_keys,
        "facets": facet_names,
        "types": types,
    });
    out.push(script(lang, "m", "0", &manifest));
    for (name, data) in &facets {
        out.push(script(lang, "f", name, data));
    }
    out
}

/// A JSON object from keys and values already in JSON.
fn object<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("{");
    for (key, value) in pairs {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&json!(key).to_string());
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    out
}

/// Digits of the compact number code: a number is written in base 32, lowest digit first,
/// every digit but the last from [`MORE`], the last from [`LAST`]. Plain JSON-safe ASCII,
/// about half the size of JSON numbers; `search.js` reads it back.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&(";

/// Appends `value` in the compact number code.
fn push_number(out: &mut String, mut value: u32) {
    while value >= 32 {
        out.push(MORE[(value & 31) as usize] as char);
        value >>= 5;
    }
    out.push(LAST[value as usize] as char);
}

/// Numbers in the compact code, as a JSON string.
fn numbers(values: impl Iterator<Item = u32>) -> String {
    let mut out = String::from("\"");
    for v in values {
        push_number(&mut out, v);
    }
    out.push('"');
    out
}

/// A classic script that hands `data` (JSON) to the engine.
fn script(lang: &str, kind: &str, id: &str, data: &impl std::fmt::Display) -> File {
    let path = match kind {
        "m" => format!("{lang}/m.js"),
        "f" => format!("{lang}/f-{id}.js"),
        _ => format!("{lang}/{kind}{id}.js"),
    };
    let text = format!(
        "policylabSearch({},{},{},{});\n",
        json!(kind),
        json!(lang),
        json!(id),
        data
    );
    (path, text)
}

/// One key of a shard: a form's stems and/or a stem's postings, as JSON.
struct Entry {
    key: String,
    form: Option<String>,
    postings: Option<String>,
    size: usize,
}

/// JavaScript compares strings by UTF-16 code units; shards are cut in that order.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A form's stems are shared by more documents than this: its own documents are kept too,
/// so that the pages with the very word typed come first (see [`EXACT_BOOST`]).
const TIE_DOCS: usize = 3;

/// A word typed as it stands in a page weighs this much more there than the other forms of
/// its stem elsewhere, where the index keeps the form's documents (see [`tie_docs`]).
pub const EXACT_BOOST: f32 = 1.5;

/// The documents of a form worth writing next to its stems (see [`TIE_DOCS`]): only a
/// rare form of a stem found in more pages, which keeps the extra bytes few.
pub fn tie_docs<'a>(index: &'a LanguageIndex, form: &str, stems: &[String]) -> Option<&'a [u32]> {
    let docs = index.form_docs.get(form)?;
    let stem_docs = stems
        .iter()
        .map(|s| index.postings.get(s).map_or(0, Vec::len))
        .max()
        .unwrap_or(0);
    (stem_docs > TIE_DOCS && docs.len() <= TIE_DOCS && docs.len() < stem_docs).then_some(docs.as_slice())
}

/// The entries of the term shards: per form its stems (a number for a stem that begins the
/// form, else the stem) and, for a rare form of a common stem, `"=<document numbers>"`; per
/// stem its postings.
fn term_entries(index: &LanguageIndex) -> Vec<Entry> {
    let mut by_key: BTreeMap<&str, Entry> = BTreeMap::new();
    for (form, stems) in &index.forms {
        let docs = tie_docs(index, form, stems);
        if stems.len() == 1 && stems[0] == *form && docs.is_none() {
            continue;
        }
        // A stem that begins its form is written as its length.
        let one = |stem: &String| {
            if form.starts_with(stem.as_str()) {
                stem.encode_utf16().count().to_string()
            } else {
                json!(stem).to_string()
            }
        };
        let mut parts: Vec<String> = stems.iter().map(one).collect();
        if let Some(docs) = docs {
            // Marked with `=`, which no stem begins with: document numbers as deltas.
            let mut previous = 0;
            let code = numbers(docs.iter().map(|d| {
                let delta = d - previous;
                previous = *d;
                delta
            }));
            parts.push(format!("\"={}", &code[1..]));
        }
        let value = if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("[{}]", parts.join(","))
        };
        by_key.entry(form).or_insert_with(|| empty_entry(form)).form = Some(value);
    }
    for (stem, postings) in &index.postings {
        let mut previous = 0;
        let docs = numbers(postings.iter().map(|p| {
            let delta = p.doc - previous;
            previous = p.doc;
            delta
        }));
        let weights = numbers(postings.iter().map(|p| quantize(p.score)));
        by_key.entry(stem).or_insert_with(|| empty_entry(stem)).postings =
            Some(format!("[{docs},{weights}]"));
    }
    sized(by_key.into_values().collect())
}

/// Positions per stem, aligned with its postings; long lists are cut into chunks keyed
/// `stem\u{1}<n>`, each starting with the number of its first posting.
fn position_entries(index: &LanguageIndex) -> Vec<Entry> {
    let stems: Vec<(&String, &Vec<Posting>)> = index.postings.iter().collect();
    let entries = stems
        .par_iter()
        .flat_map_iter(|(stem, postings)| stem_position_entries(index, stem, postings))
        .collect();
    sized(entries)
}

/// The position entries of one stem: per posting, the count of its positions, then their
/// deltas; a long list in chunks of [`CHUNK_POSTINGS`] postings.
fn stem_position_entries(index: &LanguageIndex, stem: &str, postings: &[Posting]) -> Vec<Entry> {
    const CHUNK_POSTINGS: usize = 400;
    let mut lists = String::new();
    let mut ends = Vec::with_capacity(postings.len());
    for posting in postings {
        push_number(&mut lists, posting.positions.len() as u32);
        let mut previous = 0;
        for position in index.positions_of(posting) {
            push_number(&mut lists, position - previous);
            previous = position;
        }
        ends.push(lists.len());
    }
    let chunk = if lists.len() < MAX_FILE / 2 {
        postings.len().max(1)
    } else {
        CHUNK_POSTINGS
    };
    let mut entries = Vec::new();
    let mut start = 0;
    for (n, part) in ends.chunks(chunk).enumerate() {
        let end = part.last().copied().unwrap_or(start);
        let key = if n == 0 {
            stem.to_string()
        } else {
            format!("{stem}\u{1}{n}")
        };
        entries.push(Entry {
            key,
            form: None,
            postings: Some(format!("[{},\"{}\"]", n * chunk, &lists[start..end])),
            size: 0,
        });
        start = end;
    }
    entries
}

fn deltas(positions: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    positions
        .iter()
        .map(|p| {
            let d = p - previous;
            previous = *p;
            d
        })
        .collect()
}

fn empty_entry(key: &str) -> Entry {
    Entry {
        key: key.to_string(),
        form: None,
        postings: None,
        size: 0,
    }
}

fn sized(mut entries: Vec<Entry>) -> Vec<Entry> {
    entries.sort_by(|a, b| js_order(&a.key, &b.key));
    for e in &mut entries {
        e.size = e.key.len()
            + 6
            + e.form.as_ref().map_or(0, String::len)
            + e.postings.as_ref().map_or(0, String::len);
    }
    entries
}

/// Cuts sorted entries into shards of about `target` bytes (a big entry gets a shard of its
/// own), writes them, and returns the first key of each shard.
fn write_shards(
    lang: &str,
    kind: &str,
    entries: &[Entry],
    target: usize,
    out: &mut Vec<File>,
    data: impl Fn(&[Entry]) -> String,
) -> Vec<String> {
    let mut keys = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let mut end = start;
        let mut size = 0;
        while end < entries.len() && (end == start || size + entries[end].size <= target) {
            size += entries[end].size;
            end += 1;
        }
        let shard = &entries[start..end];
        keys.push(if start == 0 {
            String::new()
        } else {
            shard[0].key.clone()
        });
        out.push(script(lang, kind, &(keys.len() - 1).to_string(), &data(shard)));
        start = end;
    }
    if keys.is_empty() {
        keys.push(String::new());
        out.push(script(lang, kind, "0", &data(&[])));
    }
    keys
}

/// A document as results show it: title, URL, type number, facts, excerpt text.
fn doc_record(doc: &Document, types: &[String]) -> Value {
    let type_number = types.iter().position(|t| *t == doc.type_label);
    let mut text = doc.description.clone();
    let budget = EXCERPT_CHARS.max(text.chars().count() + 60);
    if !doc.body.is_empty() && text.chars().count() < budget {
        if !text.is_empty() {
            text.push_str(" — ");
        }
        for word in doc.body.split_whitespace() {
            if text.chars().count() + word.chars().count() > budget {
                text.push('…');
                break;
            }
            text.push_str(word);
            text.push(' ');
        }
    }
    json!([
        doc.title,
        doc.url,
        type_number.map_or(-1, |n| n as i64),
        doc.facts,
        text.trim_end()
    ])
}

fn type_labels(index: &LanguageIndex) -> Vec<String> {
    let mut labels: Vec<String> = index
        .docs
        .iter()
        .map(|d| d.type_label.clone())
        .filter(|t| !t.is_empty())
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

/// One file per facet: `{"v": [[value id, label, [document number deltas]], …]}`.
fn facet_files(index: &LanguageIndex) -> Vec<(String, Value)> {
    let mut facets: BTreeMap<&str, BTreeMap<&str, (&str, Vec<u32>)>> = BTreeMap::new();
    for (n, doc) in index.docs.iter().enumerate() {
        for f in &doc.facets {
            let docs = &mut facets
                .entry(f.facet.as_str())
                .or_default()
                .entry(f.value.as_str())
                .or_insert((f.label.as_str(), Vec::new()))
                .1;
            if docs.last() != Some(&(n as u32)) {
                docs.push(n as u32);
            }
        }
    }
    let mut out: Vec<(String, Value)> = facets
        .into_iter()
        .map(|(name, values)| {
            let mut values: Vec<(&str, (&str, Vec<u32>))> = values.into_iter().collect();
            values.sort_by(|a, b| b.1.1.len().cmp(&a.1.1.len()).then_with(|| a.1.0.cmp(b.1.0)));
            let list: Vec<Value> = values
                .into_iter()
                .map(|(id, (label, docs))| json!([id, label, deltas(&docs)]))
                .collect();
            (name.to_string(), json!({"v": list}))
        })
        .collect();
    // The type facet first, the taxonomies after it in their order.
    out.sort_by_key(|(name, _)| name != TYPE_FACET);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Document {
        Document {
            title: title.into(),
            url: format!("/{title}/"),
            body: body.into(),
            ..Document::default()
        }
    }

    #[test]
    fn weights_prefer_titles_and_rare_words() {
        let index = build(
            "en",
            vec![
                doc("Clusters", "innovation policy"),
                doc("Policy", "clusters and clusters"),
            ],
        );
        let clusters = &index.postings["cluster"];
        assert_eq!(clusters.len(), 2);
        assert!(
            clusters[0].score > clusters[1].score,
            "a title match outweighs body matches"
        );
        assert_eq!(index.forms["clusters"], vec!["cluster".to_string()]);
    }

    #[test]
    fn every_file_is_a_registering_script() {
        let index = build("ro", vec![doc("Științe", "inovare"), doc("Clustere", "inovații")]);
        let files = files(&index);
        assert!(files.iter().any(|(p, _)| p == "ro/m.js"));
        for (path, text) in &files {
            assert!(text.starts_with("policylabSearch("), "{path}");
            assert!(text.len() < 100_000, "{path}");
        }
    }
}
