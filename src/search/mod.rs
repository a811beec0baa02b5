//! Client-side search, built at build time and run in the browser by `search.js` (in the
//! theme's static files).
//!
//! [`analysis`] turns text into folded forms and stems per language; [`document`] picks what
//! of each page is searched; [`index`] weighs terms with BM25 and cuts the index into small
//! files (term shards, position shards, document blocks, facets, a manifest), each a classic
//! script, so search works from a server and from file://. [`alternations`] holds, per
//! language, the endings that swap with others when a word's stem changes, which the browser
//! tries on a word the site lacks. This module only writes files under [`INDEX_DIR`]; the
//! search page itself is a content page using `search.html`.

pub mod alternations;
pub mod analysis;
pub mod document;
pub mod index;
mod light;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::outputs::Sink;
use crate::site::Site;

/// The folder of the output that holds the index: one subfolder per language, and one per
/// table of stem alternations (see [`alternations::folder_of`]).
pub const INDEX_DIR: &str = "search-index";

/// Builds the index of every language of the site and writes it through `sink`. Memory the
/// build freed before (template values, page HTML) is handed back to the system meanwhile:
/// the index's large lists cannot reuse it.
pub fn write_index(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let ((), documents) = rayon::join(crate::build::return_freed_memory, || document::documents(site));
    write_tables(documents.iter().map(|(lang, _)| lang.as_str()), sink)?;
    documents
        .into_par_iter()
        .try_for_each(|(lang, docs)| write_language(&lang, docs, sink).map(|_| ()))
}

/// Writes the tables of stem alternations of the languages, each once: Serbian, Croatian and
/// their kin share one.
fn write_tables<'a>(langs: impl Iterator<Item = &'a str>, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut written = std::collections::HashSet::new();
    for lang in langs {
        if alternations::folder_of(lang).is_some_and(|folder| written.insert(folder)) {
            for (path, text) in index::table_files(lang) {
                sink.write(&format!("{INDEX_DIR}/{path}"), text.as_bytes())?;
            }
        }
    }
    Ok(())
}

/// Each language's documents in the dev server's last build (fingerprinted) and the files of
/// its index.
#[derive(Default, Clone)]
pub struct SearchMemo {
    by_lang: HashMap<String, (u64, Vec<String>)>,
}

/// Like [`write_index`], but keeps (`Sink::keep`) the index of each language whose documents
/// are the same as in `previous` (the tables of alternations, the same whatever the pages,
/// are written again); returns the memo for the next build.
pub fn write_changed_index(
    site: &Site,
    sink: &dyn Sink,
    previous: &SearchMemo,
) -> Result<SearchMemo, Diagnostic> {
    let documents = document::documents(site);
    write_tables(documents.iter().map(|(lang, _)| lang.as_str()), sink)?;
    let by_lang = documents
        .into_par_iter()
        .map(|(lang, docs)| {
            let fingerprint = {
                let mut hasher = DefaultHasher::new();
                docs.hash(&mut hasher);
                hasher.finish()
            };
            let files = match previous.by_lang.get(&lang) {
                Some((old, files)) if *old == fingerprint => {
                    files.iter().try_for_each(|path| sink.keep(path))?;
                    files.clone()
                }
                _ => write_language(&lang, docs, sink)?,
            };
            Ok((lang, (fingerprint, files)))
        })
        .collect::<Result<_, Diagnostic>>()?;
    Ok(SearchMemo { by_lang })
}

/// Builds and writes one language's index; returns the paths written.
fn write_language(
    lang: &str,
    docs: Vec<document::Document>,
    sink: &dyn Sink,
) -> Result<Vec<String>, Diagnostic> {
    let index = index::build(lang, docs);
    let written = index::write_files(&index, |(path, text)| {
        sink.write(&format!("{INDEX_DIR}/{path}"), text.as_bytes())
    })?;
    Ok(written.iter().map(|path| format!("{INDEX_DIR}/{path}")).collect())
}
