//! The index of one language: analysed documents, BM25 weights, and the sharded files the
//! browser loads.
//!
//! Weights are computed as tantivy computes BM25 (k1 = 1.2, b = 0.75, per-field idf and
//! average length, field lengths through tantivy's one-byte field norms), summed over the
//! fields with their boosts, so a tantivy index of the same tokens ranks the same way
//! (`tests/search_oracle.rs` checks it). This module writes no HTML and knows no theme.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value, json};
use tantivy::fieldnorm::FieldNormReader;

use super::alternations;
use super::analysis::Analyzer;
use super::document::{Document, TYPE_FACET};
use super::light;

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

/// One document's occurrences of one stem, as [`LanguageIndex::postings`] gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posting {
    /// The document number in this language.
    pub doc: u32,
    /// BM25 summed over fields with their boosts.
    pub score: f32,
}

/// A finished index of one language: what the files need, no more. The documents themselves
/// are not kept, only what results show of them. Postings and positions are held in a few
/// flat lists grouped by stem: a large site has millions of them, and one small list each
/// would cost seconds to allocate and free and hundreds of megabytes to hold.
#[derive(Debug, Clone)]
pub struct LanguageIndex {
    /// The language code.
    pub lang: String,
    /// Every folded form to the stems it was analysed to.
    pub forms: BTreeMap<String, Vec<String>>,
    /// Per document, in number order, its record as results show it (JSON, see [`doc_record`]).
    records: Vec<String>,
    /// The type labels of the documents, sorted: records refer to them by number.
    types: Vec<String>,
    /// One data object per facet (see [`facet_files`]).
    facets: Vec<(String, Value)>,
    /// Per form, its first documents by number: at most [`TIE_DOCS`] + 1, all [`tie_docs`]
    /// needs to know.
    form_docs: FxHashMap<String, Vec<u32>>,
    /// Stem numbers to stems, and back.
    stem_names: Vec<String>,
    stem_numbers: FxHashMap<String, u32>,
    /// Per stem number, where its postings start in `posting_docs` and `posting_scores`; one
    /// more entry marks the end.
    posting_starts: Vec<usize>,
    posting_docs: Vec<u32>,
    posting_scores: Vec<f32>,
    /// Per stem number, where its positions start in `position_code`; one more marks the end.
    position_starts: Vec<usize>,
    /// Per posting, in the order of the postings: the count of its word positions (all fields,
    /// see [`POSITION_GAP`]), then their deltas, in the compact number code.
    position_code: Vec<u8>,
    /// The language's table of stem alternations in shards (see [`alternations::shards_of`]).
    alternations: Cow<'static, [(String, String)]>,
}

/// Analyses and weighs the documents of one language.
pub fn build(lang: &str, docs: Vec<Document>) -> LanguageIndex {
    let analyzer = Analyzer::new(lang);
    // Runs of documents are analysed in parallel, each numbering its stems and forms, then
    // merged in order: the numbers come out as one pass over all documents would give them.
    let run = docs.len().div_ceil(rayon::current_num_threads() * 4).max(32);
    let mut runs: Vec<AnalysedRun> = docs
        .par_chunks(run)
        .map(|run| analyse_run(&analyzer, run))
        .collect();
    let types = type_labels(&docs);
    let records = docs.par_iter().map(|d| doc_record(d, &types)).collect();
    let facets = facet_files(&docs);
    drop(docs);
    let merged = merge_runs(&mut runs);
    let grouped = group_by_stem(&runs, merged.stem_names.len(), &merged.stats);
    drop(runs);
    LanguageIndex {
        lang: lang.to_string(),
        forms: merged.forms,
        records,
        types,
        facets,
        form_docs: merged.form_docs,
        stem_numbers: merged.stem_numbers,
        stem_names: merged.stem_names,
        posting_starts: grouped.posting_starts,
        posting_docs: grouped.posting_docs,
        posting_scores: grouped.posting_scores,
        position_starts: grouped.position_starts,
        position_code: grouped.position_code,
        alternations: Cow::Borrowed(alternations::shards_of(lang)),
    }
}

/// A run of documents analysed: stems and forms numbered in order of first appearance
/// within the run (until [`merge_runs`] gives them the language's numbers), and per document
/// its terms, the distinct stems it holds, with their positions.
#[derive(Default)]
struct AnalysedRun {
    stems: Interner,
    forms: Interner,
    /// By form number, its stem numbers.
    form_stems: Vec<Vec<u32>>,
    /// By form number, its first documents (numbers within the run), at most [`TIE_DOCS`] + 1.
    form_docs: Vec<Vec<u32>>,
    /// By stem number, in how many documents it occurs per field.
    doc_freq: Vec<[u32; 5]>,
    /// Per document, its words per field.
    field_lengths: Vec<[u32; 5]>,
    /// Per document, the position of the first word of each field.
    field_starts: Vec<[u32; 5]>,
    /// Per document, where its terms end in the term lists.
    doc_ends: Vec<usize>,
    /// Per term: its stem.
    term_stems: Vec<u32>,
    /// Per term: where its positions end in `positions`.
    term_ends: Vec<u32>,
    /// Per term, the count of its positions, then their deltas, in the compact number code.
    positions: Vec<u8>,
}

/// Scratch lists for grouping one document's words by stem, kept across the documents of a
/// run so that no document allocates its own.
#[derive(Default)]
struct Grouping {
    /// (stem, position) of every word, in text order.
    words: Vec<(u32, u32)>,
    /// By stem number, its term number in the document being grouped, or `u32::MAX`.
    term_of_stem: Vec<u32>,
    /// The document's terms in order of first appearance: stem and word count.
    terms: Vec<(u32, u32)>,
    /// Positions, grouped by term.
    grouped: Vec<u32>,
    /// Per term, where its positions go next in `grouped`.
    cursor: Vec<usize>,
}

fn analyse_run(analyzer: &Analyzer, docs: &[Document]) -> AnalysedRun {
    let mut run = AnalysedRun::default();
    // Most words recur: each distinct spelling is analysed once.
    let mut cache: FxHashMap<String, Option<(u32, u32)>> = FxHashMap::default();
    let mut seen_in: Vec<usize> = Vec::new();
    let mut grouping = Grouping::default();
    for (doc_number, doc) in docs.iter().enumerate() {
        let mut position = 0;
        let mut lengths = [0; 5];
        let mut starts = [0; 5];
        grouping.words.clear();
        for (field, values) in field_values(doc).iter().enumerate() {
            starts[field] = position;
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
                            let docs = &mut run.form_docs[form as usize];
                            if docs.len() <= TIE_DOCS {
                                docs.push(doc_number as u32);
                            }
                        }
                        grouping.words.push((stem, position));
                        lengths[field] += 1;
                        position += 1;
                    }
                });
                position += POSITION_GAP;
            }
        }
        run.add_terms(&mut grouping, &starts);
        run.field_lengths.push(lengths);
        run.field_starts.push(starts);
        run.doc_ends.push(run.term_stems.len());
    }
    run.shrink_to_fit();
    run
}

impl AnalysedRun {
    /// The numbers of a form and its stem, noting that the form has that stem.
    fn number(&mut self, form: &str, stem: &str) -> (u32, u32) {
        let stem_id = self.stems.id(stem);
        let form_id = self.forms.id(form);
        if self.form_stems.len() <= form_id as usize {
            self.form_stems.resize(form_id as usize + 1, Vec::new());
            self.form_docs.resize(form_id as usize + 1, Vec::new());
        }
        if self.doc_freq.len() <= stem_id as usize {
            self.doc_freq.resize(stem_id as usize + 1, [0; 5]);
        }
        if !self.form_stems[form_id as usize].contains(&stem_id) {
            self.form_stems[form_id as usize].push(stem_id);
        }
        (form_id, stem_id)
    }

    /// Adds the terms of the document whose words are in `grouping`: each stem once, with
    /// its positions, counting the fields it occurs in (`starts`: where each field begins).
    fn add_terms(&mut self, grouping: &mut Grouping, starts: &[u32; 5]) {
        let Grouping {
            words,
            term_of_stem,
            terms,
            grouped,
            cursor,
        } = grouping;
        term_of_stem.resize(self.stems.names.len(), u32::MAX);
        terms.clear();
        for (stem, _) in words.iter() {
            let term = &mut term_of_stem[*stem as usize];
            if *term == u32::MAX {
                *term = terms.len() as u32;
                terms.push((*stem, 0));
            }
            terms[*term as usize].1 += 1;
        }
        cursor.clear();
        let mut end = 0;
        for (_, count) in terms.iter() {
            cursor.push(end);
            end += *count as usize;
        }
        grouped.resize(end, 0);
        for (stem, position) in words.iter() {
            let at = &mut cursor[term_of_stem[*stem as usize] as usize];
            grouped[*at] = *position;
            *at += 1;
        }
        let mut start = 0;
        for (stem, count) in terms.iter() {
            let positions = &grouped[start..start + *count as usize];
            start += *count as usize;
            push_number(&mut self.positions, *count);
            let mut previous = 0;
            let mut fields = [false; 5];
            for position in positions {
                push_number(&mut self.positions, position - previous);
                previous = *position;
                fields[field_at(starts, *position)] = true;
            }
            for (field, present) in fields.iter().enumerate() {
                self.doc_freq[*stem as usize][field] += u32::from(*present);
            }
            self.term_stems.push(*stem);
            self.term_ends.push(self.positions.len() as u32);
            term_of_stem[*stem as usize] = u32::MAX;
        }
    }

    /// The documents of the run with their first term and end term.
    fn doc_terms(&self) -> impl Iterator<Item = (usize, std::ops::Range<usize>)> + '_ {
        self.doc_ends.iter().enumerate().map(|(doc, end)| {
            let start = if doc == 0 { 0 } else { self.doc_ends[doc - 1] };
            (doc, start..*end)
        })
    }

    /// The position code of a term: its count of positions, then their deltas.
    fn term_code(&self, term: usize) -> &[u8] {
        let start = if term == 0 { 0 } else { self.term_ends[term - 1] };
        &self.positions[start as usize..self.term_ends[term] as usize]
    }

    /// Gives back the room its lists grew into but did not fill.
    fn shrink_to_fit(&mut self) {
        self.term_stems.shrink_to_fit();
        self.term_ends.shrink_to_fit();
        self.positions.shrink_to_fit();
    }

    /// The length normalisation of each field of a document in BM25, as tantivy computes it
    /// (through its one-byte field norms).
    fn norms(&self, doc: usize, stats: &Statistics) -> [f32; 5] {
        std::array::from_fn(|field| {
            let norm_id = FieldNormReader::fieldnorm_to_id(self.field_lengths[doc][field]);
            K1 * (1.0 - B + B * FieldNormReader::id_to_fieldnorm(norm_id) as f32 / stats.average[field])
        })
    }

    /// A term's score: BM25 per field as tantivy computes it, summed with the field boosts.
    fn score(&self, doc: usize, term: usize, norms: &[f32; 5], stats: &Statistics) -> f32 {
        let weights = &stats.weights[self.term_stems[term] as usize];
        let mut freqs = [0u32; 5];
        for position in positions(self.term_code(term)) {
            freqs[field_at(&self.field_starts[doc], position)] += 1;
        }
        // Fields in their order, so the sum's last bits come out as tantivy's do.
        let mut score = 0.0;
        for (field, tf) in freqs.iter().enumerate().filter(|(_, tf)| **tf > 0) {
            let tf = *tf as f32;
            score += weights[field] * (tf / (tf + norms[field]));
        }
        score
    }
}

/// The field a word position falls in, from where each field starts.
fn field_at(starts: &[u32; 5], position: u32) -> usize {
    starts.iter().rposition(|start| *start <= position).unwrap_or(0)
}

/// The positions in the code of one term: its count, then deltas.
fn positions(code: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut numbers = read_numbers(code);
    let count = numbers.next().unwrap_or(0);
    numbers.take(count as usize).scan(0, |position, delta| {
        *position += delta;
        Some(*position)
    })
}

/// What all runs together say about the language: per stem and field, the weight of one
/// occurrence before its frequency and the field's length count (idf, `1 + k1` and the
/// field's boost), and the average length of each field.
struct Statistics {
    weights: Vec<[f32; 5]>,
    average: [f32; 5],
}

/// The runs merged: the language's stems and forms, and its statistics.
struct Merged {
    stem_names: Vec<String>,
    stem_numbers: FxHashMap<String, u32>,
    forms: BTreeMap<String, Vec<String>>,
    form_docs: FxHashMap<String, Vec<u32>>,
    stats: Statistics,
}

/// Gives every stem and form its number in the language, renumbers the runs' terms to them,
/// and sums the runs' statistics.
fn merge_runs(runs: &mut [AnalysedRun]) -> Merged {
    let mut stems = Interner::default();
    let mut form_names = Interner::default();
    let mut form_stems: Vec<Vec<u32>> = Vec::new();
    let mut form_docs: Vec<Vec<u32>> = Vec::new();
    let mut doc_freq: Vec<[u32; 5]> = Vec::new();
    let mut totals = [0u64; 5];
    let mut first_doc = 0;
    for run in runs.iter_mut() {
        let stem_ids: Vec<u32> = run.stems.names.iter().map(|n| stems.id(n)).collect();
        let form_ids: Vec<u32> = run.forms.names.iter().map(|n| form_names.id(n)).collect();
        form_stems.resize(form_names.names.len(), Vec::new());
        form_docs.resize(form_names.names.len(), Vec::new());
        doc_freq.resize(stems.names.len(), [0; 5]);
        for (form, local_stems) in run.form_stems.iter().enumerate() {
            let known = &mut form_stems[form_ids[form] as usize];
            for stem in local_stems.iter().map(|s| stem_ids[*s as usize]) {
                if !known.contains(&stem) {
                    known.push(stem);
                }
            }
        }
        for (form, docs) in run.form_docs.iter().enumerate() {
            let known = &mut form_docs[form_ids[form] as usize];
            let room = (TIE_DOCS + 1).saturating_sub(known.len());
            known.extend(docs.iter().take(room).map(|d| d + first_doc));
        }
        for (stem, freqs) in run.doc_freq.iter().enumerate() {
            let total = &mut doc_freq[stem_ids[stem] as usize];
            for field in 0..FIELDS.len() {
                total[field] += freqs[field];
            }
        }
        for lengths in &run.field_lengths {
            for field in 0..FIELDS.len() {
                totals[field] += u64::from(lengths[field]);
            }
        }
        for stem in &mut run.term_stems {
            *stem = stem_ids[*stem as usize];
        }
        first_doc += run.field_lengths.len() as u32;
    }
    let n_docs = u64::from(first_doc);
    let weights = doc_freq
        .par_iter()
        .map(|freqs| {
            std::array::from_fn(|field| idf(u64::from(freqs[field]), n_docs) * (1.0 + K1) * FIELDS[field].1)
        })
        .collect();
    let forms = form_names
        .names
        .iter()
        .zip(form_stems)
        .map(|(form, ids)| {
            let names = ids.iter().map(|i| stems.names[*i as usize].clone()).collect();
            (form.clone(), names)
        })
        .collect();
    Merged {
        stem_names: stems.names,
        stem_numbers: stems.ids,
        forms,
        form_docs: form_names.names.into_iter().zip(form_docs).collect(),
        stats: Statistics {
            weights,
            average: totals.map(|total| total as f32 / n_docs.max(1) as f32),
        },
    }
}

/// The postings and positions of every stem, gathered from the runs in document order.
struct Grouped {
    posting_starts: Vec<usize>,
    posting_docs: Vec<u32>,
    posting_scores: Vec<f32>,
    position_starts: Vec<usize>,
    position_code: Vec<u8>,
}

/// Gathers the postings and positions of every stem from the runs, in document order, and
/// weighs each posting on the way.
fn group_by_stem(runs: &[AnalysedRun], n_stems: usize, stats: &Statistics) -> Grouped {
    let mut posting_starts = vec![0; n_stems + 1];
    let mut position_starts = vec![0; n_stems + 1];
    for run in runs {
        for (term, stem) in run.term_stems.iter().enumerate() {
            posting_starts[*stem as usize + 1] += 1;
            position_starts[*stem as usize + 1] += run.term_code(term).len();
        }
    }
    for stem in 0..n_stems {
        posting_starts[stem + 1] += posting_starts[stem];
        position_starts[stem + 1] += position_starts[stem];
    }
    let mut posting_docs = vec![0; posting_starts[n_stems]];
    let mut posting_scores = vec![0.0; posting_starts[n_stems]];
    let mut position_code = vec![0; position_starts[n_stems]];
    // Stems are split in ranges of about equal postings, each filled by its own task: the
    // ranges' postings and positions are disjoint slices of the lists. Every task reads all
    // terms, so more tasks read more; fewer write over wider memory. Two per thread was the
    // fastest on a 10,000-page site (one or four per thread took 10% longer).
    let tasks = rayon::current_num_threads() * 2;
    let total = posting_starts[n_stems];
    let mut bounds: Vec<usize> = (1..tasks)
        .map(|task| posting_starts.partition_point(|start| *start < total * task / tasks))
        .map(|stem| stem.min(n_stems))
        .collect();
    bounds.insert(0, 0);
    bounds.push(n_stems);
    bounds.dedup();
    let norms: Vec<Vec<[f32; 5]>> = runs
        .par_iter()
        .map(|run| (0..run.doc_ends.len()).map(|doc| run.norms(doc, stats)).collect())
        .collect();
    let mut slices = Vec::new();
    let (mut docs, mut scores, mut code) = (
        &mut posting_docs[..],
        &mut posting_scores[..],
        &mut position_code[..],
    );
    for pair in bounds.windows(2) {
        let (low, high) = (pair[0], pair[1]);
        let postings = posting_starts[high] - posting_starts[low];
        let bytes = position_starts[high] - position_starts[low];
        let (these_docs, rest_docs) = std::mem::take(&mut docs).split_at_mut(postings);
        let (these_scores, rest_scores) = std::mem::take(&mut scores).split_at_mut(postings);
        let (this_code, rest_code) = std::mem::take(&mut code).split_at_mut(bytes);
        slices.push((low..high, these_docs, these_scores, this_code));
        (docs, scores, code) = (rest_docs, rest_scores, rest_code);
    }
    slices.into_par_iter().for_each(|(stems, docs, scores, code)| {
        let mut next_posting: Vec<usize> = posting_starts[stems.clone()]
            .iter()
            .map(|start| start - posting_starts[stems.start])
            .collect();
        let mut next_position: Vec<usize> = position_starts[stems.clone()]
            .iter()
            .map(|start| start - position_starts[stems.start])
            .collect();
        let mut first_doc = 0;
        for (run, norms) in runs.iter().zip(&norms) {
            for (doc, terms) in run.doc_terms() {
                for term in terms {
                    let stem = run.term_stems[term] as usize;
                    if !stems.contains(&stem) {
                        continue;
                    }
                    let slot = stem - stems.start;
                    let at = next_posting[slot];
                    docs[at] = first_doc + doc as u32;
                    scores[at] = run.score(doc, term, &norms[doc], stats);
                    next_posting[slot] += 1;
                    let term_code = run.term_code(term);
                    let at = next_position[slot];
                    code[at..at + term_code.len()].copy_from_slice(term_code);
                    next_position[slot] += term_code.len();
                }
            }
            first_doc += run.doc_ends.len() as u32;
        }
    });
    Grouped {
        posting_starts,
        posting_docs,
        posting_scores,
        position_starts,
        position_code,
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
    /// Leaves the rules listed in `left_out` out of the index's table of stem alternations
    /// (see [`alternations::shards_leaving_out`]): the retrieval evaluation's own.
    pub fn leave_out_alternations(&mut self, left_out: &str) {
        self.alternations = Cow::Owned(alternations::shards_leaving_out(&self.lang, left_out));
    }

    /// How many documents the index holds.
    pub fn doc_count(&self) -> usize {
        self.records.len()
    }

    /// The postings of a stem, by document number; none for a stem the language lacks.
    pub fn postings(&self, stem: &str) -> Vec<Posting> {
        let Some(range) = self
            .stem_numbers
            .get(stem)
            .map(|n| self.posting_range(*n as usize))
        else {
            return Vec::new();
        };
        self.posting_docs[range.clone()]
            .iter()
            .zip(&self.posting_scores[range])
            .map(|(doc, score)| Posting {
                doc: *doc,
                score: *score,
            })
            .collect()
    }

    /// How many documents a stem occurs in.
    fn posting_count(&self, stem: &str) -> usize {
        self.stem_numbers
            .get(stem)
            .map_or(0, |n| self.posting_range(*n as usize).len())
    }

    fn posting_range(&self, stem: usize) -> std::ops::Range<usize> {
        self.posting_starts[stem]..self.posting_starts[stem + 1]
    }

    fn position_range(&self, stem: usize) -> std::ops::Range<usize> {
        self.position_starts[stem]..self.position_starts[stem + 1]
    }
}

/// The stems of one field of a document, in order, separated by spaces: the text a
/// full-text engine given the same analysis would index for that field.
pub fn field_stem_text(analyzer: &Analyzer, doc: &Document, field: usize) -> String {
    let mut stems = Vec::new();
    for value in &field_values(doc)[field] {
        analyzer.words(value, |word| {
            if let Some((_, stem)) = analyzer.analyze_word(word) {
                stems.push(stem);
            }
        });
    }
    stems.join(" ")
}

/// The texts of each field of a document, in [`FIELDS`] order.
pub fn field_values<'a>(doc: &'a Document) -> [Vec<&'a str>; 5] {
    [
        vec![doc.title.as_str()],
        doc.headings.iter().map(String::as_str).collect(),
        vec![doc.description.as_str()],
        vec![&doc.body],
        doc.fields.iter().map(String::as_str).collect(),
    ]
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

/// Every file a language's search needs: those of [`write_files`] under `<lang>/` (the
/// manifest `m.js`, term shards `t<n>.js`, position shards `p<n>.js`, document blocks
/// `d<n>.js`, facets `f-<name>.js`) and those of its table of stem alternations
/// ([`table_files`]). Each is a classic script calling `policylabSearch(kind, folder, id, data)`.
pub fn files(index: &LanguageIndex) -> Vec<File> {
    let out = std::sync::Mutex::new(Vec::new());
    let written: Result<Vec<String>, std::convert::Infallible> = write_files(index, |file| {
        out.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    });
    let mut out = out
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(folder) = alternations::folder_of(&index.lang) {
        out.extend(shard_files(&folder, &index.alternations));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    match written {
        Ok(_) => out,
    }
}

/// The shards of a language's table of stem alternations, `r<n>.js` in the table's folder
/// (see [`alternations::folder_of`]): the same files for the languages that share a table,
/// so a build writes them once.
pub fn table_files(lang: &str) -> Vec<File> {
    match alternations::folder_of(lang) {
        Some(folder) => shard_files(&folder, alternations::shards_of(lang)),
        None => Vec::new(),
    }
}

fn shard_files(folder: &str, shards: &[(String, String)]) -> Vec<File> {
    shards
        .iter()
        .enumerate()
        .map(|(n, (_, data))| script(folder, "r", &n.to_string(), data))
        .collect()
}

/// Makes the language's own files of [`files`] (all but its table's) and hands each to `emit`
/// as soon as it is made (from several threads), so that a large index is never held twice
/// in memory; returns the paths made, or `emit`'s first error.
pub fn write_files<E: Send>(
    index: &LanguageIndex,
    emit: impl Fn(File) -> Result<(), E> + Sync,
) -> Result<Vec<String>, E> {
    let lang = &index.lang;
    let (term_entries, position_entries) = rayon::join(|| term_entries(index), || position_entries(index));
    let term_bytes: usize = term_entries.iter().map(Shardable::size).sum();
    let position_bytes: usize = position_entries.iter().map(Shardable::size).sum();
    let limits = Limits::for_index(index.doc_count(), term_bytes, position_bytes, index.facets.len());
    let mut paths = Vec::new();
    let term_keys = write_shards(
        lang,
        "t",
        &term_entries,
        limits.term_shard,
        &emit,
        &mut paths,
        |entries| {
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
        },
    )?;
    drop(term_entries);
    let position_keys = write_shards(
        lang,
        "p",
        &position_entries,
        limits.position_shard,
        &emit,
        &mut paths,
        |entries| {
            let values: Vec<String> = entries.iter().map(|e| e.value(index)).collect();
            object(
                entries
                    .iter()
                    .zip(&values)
                    .map(|(e, v)| (e.key.as_str(), v.as_str())),
            )
        },
    )?;
    let blocks: Vec<&[String]> = index.records.chunks(limits.block).collect();
    let block_paths = blocks
        .par_iter()
        .enumerate()
        .map(|(n, block)| {
            emit_file(
                &emit,
                script(lang, "d", &n.to_string(), &format!("[{}]", block.join(","))),
            )
        })
        .collect::<Result<Vec<String>, E>>()?;
    paths.extend(block_paths);
    let alternations = &index.alternations;
    let facet_names: Vec<&String> = index.facets.iter().map(|(name, _)| name).collect();
    let mut manifest = json!({
        "n": index.doc_count(),
        "b": limits.block,
        "t": term_keys,
        "p": position_keys,
        "facets": facet_names,
        "types": index.types,
        "e": endings(index),
        "r": alternations.iter().map(|(first, _)| first).collect::<Vec<_>>(),
    });
    if let Some(folder) = alternations::folder_of(lang) {
        manifest["a"] = json!(folder);
    }
    if let Some(particles) = light::particles(lang) {
        manifest["x"] = json!(particles);
    }
    if let Some(vowels) = light::fleeting_vowels(lang) {
        manifest["v"] = json!(vowels);
    }
    paths.push(emit_file(&emit, script(lang, "m", "0", &manifest))?);
    for (name, data) in &index.facets {
        paths.push(emit_file(&emit, script(lang, "f", name, data))?);
    }
    Ok(paths)
}

/// Hands a file to `emit`; returns its path.
fn emit_file<E>(emit: &impl Fn(File) -> Result<(), E>, file: File) -> Result<String, E> {
    let path = file.0.clone();
    emit(file)?;
    Ok(path)
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

/// Per byte of the code: a digit of [`LAST`] as its value, one of [`MORE`] as 32 plus its
/// value, anything else as 255.
const DIGIT_VALUES: [u8; 256] = {
    let mut values = [255; 256];
    let mut digit = 0;
    while digit < 32 {
        values[LAST[digit] as usize] = digit as u8;
        values[MORE[digit] as usize] = 32 + digit as u8;
        digit += 1;
    }
    values
};

/// Appends `value` in the compact number code.
fn push_number(out: &mut Vec<u8>, mut value: u32) {
    while value >= 32 {
        out.push(MORE[(value & 31) as usize]);
        value >>= 5;
    }
    out.push(LAST[value as usize]);
}

/// Reads numbers written by [`push_number`], up to the first byte that is not a digit;
/// `at` is where the next number starts.
struct NumberReader<'a> {
    code: &'a [u8],
    at: usize,
}

fn read_numbers(code: &[u8]) -> NumberReader<'_> {
    NumberReader { code, at: 0 }
}

impl Iterator for NumberReader<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let mut value = 0u32;
        let mut shift = 0;
        while let Some(byte) = self.code.get(self.at) {
            self.at += 1;
            match DIGIT_VALUES[*byte as usize] {
                255 => return None,
                more @ 32.. => value |= u32::from(more - 32) << shift,
                last => return Some(value | u32::from(last) << shift),
            }
            shift += 5;
        }
        None
    }
}

/// Text of the compact number code, which is ASCII.
fn code_text(code: &[u8]) -> String {
    code.iter().map(|byte| char::from(*byte)).collect()
}

/// Numbers in the compact code, as a JSON string.
fn numbers(values: impl Iterator<Item = u32>) -> String {
    let mut out = vec![b'"'];
    for v in values {
        push_number(&mut out, v);
    }
    out.push(b'"');
    code_text(&out)
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

/// A form found in at most this many documents, fewer than its stems, has its own documents
/// written next to its stems, so that the pages with the very word typed come first, before
/// the other pages of its stems (see [`tie_docs`]).
const TIE_DOCS: usize = 3;

/// The documents of a form worth writing next to its stems (see [`TIE_DOCS`]): only a
/// rare form of a stem found in more pages, which keeps the extra bytes few. Also a form of
/// a stem of two or three pages: a word the site lacks then ranks each page by the form
/// it holds (`υπολογιστή` finds the page with `υπολογιστές` before those with
/// `υπολογιστικό` and `υπολογίστηκες`, all of stem `υπολογιστ`).
pub fn tie_docs<'a>(index: &'a LanguageIndex, form: &str, stems: &[String]) -> Option<&'a [u32]> {
    let docs = index.form_docs.get(form)?;
    let stem_docs = stems.iter().map(|s| index.posting_count(s)).max().unwrap_or(0);
    (stem_docs > 1 && docs.len() <= TIE_DOCS && docs.len() < stem_docs).then_some(docs.as_slice())
}

/// The endings the site's words have after their stems (folded, most common first): an
/// unknown word that is a known stem followed by one of them is taken for a form of that
/// stem. An ending counts when at least [`ENDING_SHARE`] of the forms have it.
fn endings(index: &LanguageIndex) -> Vec<String> {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for (form, stems) in &index.forms {
        for stem in stems {
            if let Some(ending) = form.strip_prefix(stem.as_str()) {
                if !ending.is_empty() && ending.chars().count() <= MAX_ENDING {
                    *counts.entry(ending).or_default() += 1;
                }
            }
        }
    }
    let least = ((index.forms.len() as f64 * ENDING_SHARE) as usize).max(2);
    let mut common: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, n)| n >= least).collect();
    common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    common.into_iter().map(|(ending, _)| ending.to_string()).collect()
}

/// The share of a language's forms an ending must be seen on (see [`endings`]).
const ENDING_SHARE: f64 = 0.002;
/// The longest ending kept, in letters.
const MAX_ENDING: usize = 5;

/// The entries of the term shards: per form its stems (a number for a stem that begins the
/// form, else the stem) and, for a rare form of a common stem, `"=<document numbers>"`; per
/// stem its postings.
fn term_entries(index: &LanguageIndex) -> Vec<Entry> {
    let forms = index.forms.par_iter().filter_map(|(form, stems)| {
        let value = form_value(index, form, stems)?;
        Some(Entry {
            form: Some(value),
            ..empty_entry(form)
        })
    });
    let stems = index.stem_names.par_iter().enumerate().map(|(n, stem)| Entry {
        postings: Some(postings_value(index, n, !index.forms.contains_key(stem))),
        ..empty_entry(stem)
    });
    let mut entries: Vec<Entry> = forms.chain(stems).collect();
    entries.par_sort_by(|a, b| js_order(&a.key, &b.key));
    // A form that is also a stem has one entry with both.
    let mut merged: Vec<Entry> = Vec::with_capacity(entries.len());
    for entry in entries {
        match merged.last_mut() {
            Some(last) if last.key == entry.key => {
                last.form = last.form.take().or(entry.form);
                last.postings = last.postings.take().or(entry.postings);
            }
            _ => merged.push(entry),
        }
    }
    for e in &mut merged {
        e.size = e.key.len()
            + 6
            + e.form.as_ref().map_or(0, String::len)
            + e.postings.as_ref().map_or(0, String::len);
    }
    merged
}

/// A form's entry: its stems (a number for a stem that begins the form, else the stem) and,
/// for a rare form of a common stem, `"=<document numbers>"`; none for a form that is its
/// own only stem.
fn form_value(index: &LanguageIndex, form: &str, stems: &[String]) -> Option<String> {
    let docs = tie_docs(index, form, stems);
    if stems.len() == 1 && stems[0] == *form && docs.is_none() {
        return None;
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
        let code = numbers(deltas(docs).into_iter());
        parts.push(format!("\"={}", &code[1..]));
    }
    Some(if parts.len() == 1 {
        parts.remove(0)
    } else {
        format!("[{}]", parts.join(","))
    })
}

/// A stem's postings: `[document number deltas, weights]`, each in the compact code, and a
/// third item, `1`, for a stem that is no word of the site (`organis` of `organised`): the
/// browser takes such a stem typed as a word for a guess.
fn postings_value(index: &LanguageIndex, stem: usize, not_a_word: bool) -> String {
    let range = index.posting_range(stem);
    let docs = numbers(deltas(&index.posting_docs[range.clone()]).into_iter());
    let weights = numbers(index.posting_scores[range].iter().map(|score| quantize(*score)));
    let mark = if not_a_word { ",1" } else { "" };
    format!("[{docs},{weights}{mark}]")
}

/// A run of one stem's position code, keyed `stem` for the first and `stem\u{1}<n>` for the
/// next: a long list is cut in chunks of [`CHUNK_POSTINGS`] postings.
struct PositionEntry {
    key: String,
    /// The number, among the stem's postings, of the chunk's first.
    first: usize,
    /// Where the chunk is in [`LanguageIndex::position_code`].
    code: std::ops::Range<usize>,
}

/// Postings per chunk of a stem's positions, when they are too many for one file.
const CHUNK_POSTINGS: usize = 400;

impl PositionEntry {
    /// The entry's value: `[<first posting>,"<code>"]`.
    fn value(&self, index: &LanguageIndex) -> String {
        format!(
            "[{},\"{}\"]",
            self.first,
            code_text(&index.position_code[self.code.clone()])
        )
    }
}

/// Positions per stem, aligned with its postings: per posting the count of its positions,
/// then their deltas.
fn position_entries(index: &LanguageIndex) -> Vec<PositionEntry> {
    let mut entries: Vec<PositionEntry> = (0..index.stem_names.len())
        .into_par_iter()
        .flat_map_iter(|stem| stem_position_entries(index, stem))
        .collect();
    entries.par_sort_by(|a, b| js_order(&a.key, &b.key));
    entries
}

fn stem_position_entries(index: &LanguageIndex, stem: usize) -> Vec<PositionEntry> {
    let name = &index.stem_names[stem];
    let code = index.position_range(stem);
    if code.len() < MAX_FILE / 2 {
        return vec![PositionEntry {
            key: name.clone(),
            first: 0,
            code,
        }];
    }
    let postings = index.posting_range(stem).len();
    let mut entries = Vec::new();
    let mut start = code.start;
    for (n, first) in (0..postings).step_by(CHUNK_POSTINGS).enumerate() {
        let count = CHUNK_POSTINGS.min(postings - first);
        let end = start + skip_postings(&index.position_code[start..code.end], count);
        let key = if n == 0 {
            name.clone()
        } else {
            format!("{name}\u{1}{n}")
        };
        entries.push(PositionEntry {
            key,
            first,
            code: start..end,
        });
        start = end;
    }
    entries
}

/// The length of the code of the first `count` postings in `code`: each is its count of
/// positions, then as many numbers.
fn skip_postings(code: &[u8], count: usize) -> usize {
    let mut reader = read_numbers(code);
    for _ in 0..count {
        let positions = reader.next().unwrap_or(0);
        for _ in 0..positions {
            reader.next();
        }
    }
    reader.at
}

/// Each number less the one before it (the first less nothing).
fn deltas(numbers: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    numbers
        .iter()
        .map(|n| {
            let d = n - previous;
            previous = *n;
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

/// An entry of a shard: its key and its size in the file.
trait Shardable {
    fn key(&self) -> &str;
    fn size(&self) -> usize;
}

impl Shardable for Entry {
    fn key(&self) -> &str {
        &self.key
    }

    fn size(&self) -> usize {
        self.size
    }
}

impl Shardable for PositionEntry {
    fn key(&self) -> &str {
        &self.key
    }

    /// As [`PositionEntry::value`] will write it, with the key and punctuation.
    fn size(&self) -> usize {
        let first_digits = self.first.checked_ilog10().unwrap_or(0) as usize + 1;
        self.key.len() + 6 + first_digits + self.code.len() + 5
    }
}

/// Cuts sorted entries into shards of about `target` bytes (a big entry gets a shard of its
/// own), hands them to `emit` (several at once), adds their paths to `paths`, and returns the
/// first key of each shard.
fn write_shards<T: Shardable + Sync, E: Send>(
    lang: &str,
    kind: &str,
    entries: &[T],
    target: usize,
    emit: &(impl Fn(File) -> Result<(), E> + Sync),
    paths: &mut Vec<String>,
    data: impl Fn(&[T]) -> String + Sync,
) -> Result<Vec<String>, E> {
    let mut shards: Vec<&[T]> = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let mut end = start;
        let mut size = 0;
        while end < entries.len() && (end == start || size + entries[end].size() <= target) {
            size += entries[end].size();
            end += 1;
        }
        shards.push(&entries[start..end]);
        start = end;
    }
    if shards.is_empty() {
        shards.push(&[]);
    }
    let written = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| emit_file(emit, script(lang, kind, &n.to_string(), &data(shard))))
        .collect::<Result<Vec<String>, E>>()?;
    paths.extend(written);
    Ok(shards
        .iter()
        .enumerate()
        .map(|(n, shard)| match shard.first() {
            Some(first) if n > 0 => first.key().to_string(),
            _ => String::new(),
        })
        .collect())
}

/// A document as results show it, in JSON: title, URL, type number, facts, excerpt text.
fn doc_record(doc: &Document, types: &[String]) -> String {
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
    .to_string()
}

fn type_labels(docs: &[Document]) -> Vec<String> {
    let mut labels: Vec<String> = docs
        .iter()
        .map(|d| d.type_label.clone())
        .filter(|t| !t.is_empty())
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

/// One file per facet: `{"v": [[value id, label, [document number deltas]], …]}`.
fn facet_files(docs: &[Document]) -> Vec<(String, Value)> {
    let mut facets: BTreeMap<&str, BTreeMap<&str, (&str, Vec<u32>)>> = BTreeMap::new();
    for (n, doc) in docs.iter().enumerate() {
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

    fn doc(title: &str, body: &str) -> Document<'static> {
        Document {
            title: title.into(),
            url: format!("/{title}/"),
            body: body.to_string().into(),
            ..Document::default()
        }
    }

    #[test]
    fn endings_are_those_many_words_have_after_their_stems() {
        let index = build(
            "en",
            vec![
                doc("Members", "members reports projects firms cities policies"),
                doc("Walks", "we walked and talked before the meeting"),
            ],
        );
        let endings = endings(&index);
        assert_eq!(endings.first().map(String::as_str), Some("s"), "{endings:?}");
        assert!(endings.contains(&"ed".to_string()), "walked, talked: {endings:?}");
        assert!(!endings.contains(&"ing".to_string()), "one word's: {endings:?}");
    }

    #[test]
    fn a_stem_that_is_no_word_of_the_site_is_marked() {
        // `organised` stems as `organis`, no word here; `cluster` is a word and its own stem.
        let index = build("en", vec![doc("Clusters", "the cluster organised a meeting")]);
        let entries = term_entries(&index);
        let postings = |key: &str| {
            let entry = entries.iter().find(|e| e.key == key).expect(key);
            serde_json::from_str::<Vec<Value>>(entry.postings.as_deref().expect("a stem")).expect("JSON")
        };
        assert_eq!(postings("organis").len(), 3);
        assert_eq!(postings("organis")[2], 1);
        assert_eq!(postings("cluster").len(), 2);
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
        let clusters = index.postings("cluster");
        assert_eq!(clusters.len(), 2);
        assert!(
            clusters[0].score > clusters[1].score,
            "a title match outweighs body matches"
        );
        assert_eq!(index.forms["clusters"], vec!["cluster".to_string()]);
    }

    #[test]
    fn words_are_those_of_tantivys_simple_tokenizer() {
        use tantivy::tokenizer::{SimpleTokenizer, TokenStream, Tokenizer};
        let text = "Đakovo's cluster—S3 (2021–2027): ştiinţă, σπίτι; Ниш/Niš e\u{301}clair x";
        let mut ours = Vec::new();
        Analyzer::new("en").words(text, |word| ours.push(word.to_string()));
        let mut tokenizer = SimpleTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut theirs = Vec::new();
        while stream.advance() {
            theirs.push(stream.token().text.clone());
        }
        // The one difference: words are taken after NFC, so `e` + combining acute is `é`.
        assert_eq!(theirs.iter().filter(|w| *w == "e").count(), 1);
        theirs.retain(|w| w != "e" && w != "clair");
        ours.retain(|w| w != "éclair");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn numbers_read_back_as_written() {
        let values = [0, 1, 31, 32, 1000, 1 << 20, u32::MAX];
        let mut code = Vec::new();
        for v in values {
            push_number(&mut code, v);
        }
        assert_eq!(read_numbers(&code).collect::<Vec<_>>(), values);
    }

    #[test]
    fn a_long_position_list_is_cut_at_posting_boundaries() {
        let body = vec!["cluster policy"; 60].join(" ");
        let docs: Vec<Document> = (0..1000).map(|n| doc(&format!("p{n}"), &body)).collect();
        let index = build("en", docs);
        let chunks: Vec<PositionEntry> = position_entries(&index)
            .into_iter()
            .filter(|e| e.key.starts_with("cluster"))
            .collect();
        let keys: Vec<&str> = chunks.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["cluster", "cluster\u{1}1", "cluster\u{1}2"]);
        let mut postings = 0;
        for chunk in &chunks {
            assert_eq!(chunk.first, postings, "{}", chunk.key);
            let code = &index.position_code[chunk.code.clone()];
            let mut at = 0;
            while at < code.len() {
                assert_eq!(
                    positions(&code[at..]).count(),
                    60,
                    "a posting's positions are whole"
                );
                at += skip_postings(&code[at..], 1);
                postings += 1;
            }
        }
        assert_eq!(postings, 1000);
        assert!(
            chunks.iter().all(|e| e.size() < MAX_FILE),
            "every chunk fits in a file"
        );
    }

    #[test]
    fn a_table_of_alternations_is_in_its_own_folder_shared_by_its_languages() {
        let files = files(&build("hr", vec![doc("Sestre", "o metru")]));
        let (tables, own): (Vec<&File>, Vec<&File>) = files
            .iter()
            .partition(|(path, _)| path.starts_with("alternations-hbs/"));
        assert!(own.iter().all(|(path, _)| path.starts_with("hr/")));
        assert!(!own.iter().any(|(path, _)| path.starts_with("hr/r")));
        let manifest = &own
            .iter()
            .find(|(path, _)| path == "hr/m.js")
            .expect("manifest")
            .1;
        assert!(manifest.contains(r#""a":"alternations-hbs""#), "{manifest}");
        let shared: Vec<File> = tables.into_iter().cloned().collect();
        assert!(!shared.is_empty());
        let mut serbian = table_files("sr-Cyrl");
        serbian.sort();
        assert_eq!(shared, serbian);
        assert!(
            shared[0]
                .1
                .starts_with(r#"policylabSearch("r","alternations-hbs","0","#)
        );
        assert!(table_files("fr").is_empty());
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
