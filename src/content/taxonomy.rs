//! Groups pages by the terms of each taxonomy, per language.

use std::collections::BTreeMap;

use super::{Content, slugify};
use crate::config::Config;
use crate::locale::Locales;

/// One taxonomy in one language, with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The taxonomy's name (`countries`).
    pub name: String,
    /// The language.
    pub lang: String,
    /// Its terms, by slug.
    pub terms: Vec<Term>,
}

/// One term and the pages classified under it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as written (`North Macedonia`).
    pub name: String,
    /// Its URL part (`north-macedonia`).
    pub slug: String,
    /// Its pages, newest first.
    pub pages: Vec<usize>,
}

impl Taxonomy {
    /// The URL path of the taxonomy's list of terms.
    pub fn path(&self, config: &Config) -> String {
        format!("{}/{}/", config.language_prefix(&self.lang), self.name)
    }

    /// The URL path of one term.
    pub fn term_path(&self, config: &Config, term: &Term) -> String {
        format!("{}{}/", self.path(config), term.slug)
    }
}

/// A term a page is classified under by a typed field rather than by `taxonomies`.
#[derive(Debug, Clone)]
pub struct ExtraTerm {
    /// The taxonomy.
    pub taxonomy: String,
    /// The term's URL part, from the value's code so it is the same in every language.
    pub slug: String,
    /// The term's name in the page's language.
    pub name: String,
}

/// Every declared taxonomy in every language, terms in the language's alphabetical order. `extra_terms` holds, by
/// page index, the terms pages get from typed fields.
pub fn classify(
    content: &Content,
    config: &Config,
    locales: &Locales,
    extra_terms: &[Vec<ExtraTerm>],
) -> Vec<Taxonomy> {
    let mut taxonomies = Vec::new();
    for lang in config.language_codes() {
        for name in config.taxonomies.keys() {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (index, page) in content.pages.iter().enumerate().filter(|(_, p)| p.lang == lang) {
                let written = page
                    .front
                    .taxonomies
                    .get(name)
                    .into_iter()
                    .flatten()
                    .map(|v| (slugify(v), v.clone()));
                let typed = extra_terms
                    .get(index)
                    .into_iter()
                    .flatten()
                    .filter(|t| t.taxonomy == *name);
                for (slug, term_name) in written.chain(typed.map(|t| (t.slug.clone(), t.name.clone()))) {
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: term_name,
                        slug,
                        pages: Vec::new(),
                    });
                    // Pages come in order, so a page already listed is the last one.
                    if term.pages.last() != Some(&index) {
                        term.pages.push(index);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            terms.sort_by(|a, b| {
                locales
                    .compare(&a.name, &b.name, lang)
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            for term in &mut terms {
                term.pages.sort_by(|&a, &b| {
                    let (pa, pb) = (&content.pages[a], &content.pages[b]);
                    pb.front
                        .date
                        .cmp(&pa.front.date)
                        .then_with(|| pa.front.title.cmp(&pb.front.title))
                });
            }
            taxonomies.push(Taxonomy {
                name: name.clone(),
                lang: lang.to_string(),
                terms,
            });
        }
    }
    taxonomies
}
