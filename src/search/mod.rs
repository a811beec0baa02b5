//! Client-side search, built at build time and run in the browser by `search.js` (in the
//! theme's static files).
//!
//! [`analysis`] turns text into folded forms and stems per language; [`document`] picks what
//! of each page is searched; [`index`] weighs terms with BM25 and cuts the index into small
//! files (term shards, position shards, document blocks, facets, a manifest), each a classic
//! script, so search works from a server and from file://. This module only writes files
//! under [`INDEX_DIR`]; the search page itself is a content page using `search.html`.

pub mod analysis;
pub mod document;
pub mod index;
mod light;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::outputs::Sink;
use crate::site::Site;

/// The folder of the output that holds the index, one subfolder per language.
pub const INDEX_DIR: &str = "search-index";

/// Builds the index of every language of the site and writes it through `sink`.
pub fn write_index(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let languages = document::documents(site);
    languages
        .into_par_iter()
        .map(|(lang, docs)| {
            let index = index::build(&lang, docs);
            for (path, text) in index::files(&index) {
                sink.write(&format!("{INDEX_DIR}/{path}"), text.as_bytes())?;
            }
            Ok(())
        })
        .collect()
}
