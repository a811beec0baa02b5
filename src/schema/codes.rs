//! Code lists embedded in the binary: ISO 3166-1 countries, NUTS regions, NACE sectors and
//! the EU industrial ecosystems. Their sources and licences are in codes/SOURCES.md; the
//! files are made by scripts/make_code_lists.py.
//!
//! Each file is tab-separated with a header row; lines starting with `#` are comments.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One code and its names.
#[derive(Debug, Clone)]
pub struct Code {
    /// The code as written in content (`RO`, `RO11`, `62`, `digital`).
    pub code: String,
    /// Names by language code; `en` is always there.
    pub names: BTreeMap<String, String>,
}

impl Code {
    /// The name in `lang`, else in English. `sr-Latn` takes the Serbian name in Latin script.
    pub fn name(&self, lang: &str) -> String {
        let primary = lang.split('-').next().unwrap_or(lang);
        if let Some(name) = self.names.get(lang) {
            return name.clone();
        }
        match self.names.get(primary) {
            Some(name) if lang.ends_with("-Latn") => crate::content::translit::to_latin(name),
            Some(name) => name.clone(),
            None => self.names.get("en").cloned().unwrap_or_else(|| self.code.clone()),
        }
    }
}

/// A code list, by code.
#[derive(Debug, Default)]
pub struct CodeList {
    by_code: BTreeMap<String, Code>,
}

impl CodeList {
    /// The entry for `code`.
    pub fn get(&self, code: &str) -> Option<&Code> {
        self.by_code.get(code)
    }

    /// All entries, sorted by code.
    pub fn iter(&self) -> impl Iterator<Item = &Code> {
        self.by_code.values()
    }

    fn from_rows(rows: impl Iterator<Item = Code>) -> CodeList {
        CodeList {
            by_code: rows.map(|c| (c.code.clone(), c)).collect(),
        }
    }
}

/// Rows of a TSV file as maps from column name to value.
fn rows(tsv: &str) -> Vec<BTreeMap<&str, &str>> {
    let mut lines = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().map(|h| h.split('\t').collect()).unwrap_or_default();
    lines
        .map(|line| header.iter().copied().zip(line.split('\t')).collect())
        .collect()
}

/// Countries: ISO 3166-1 alpha-2 plus XK for Kosovo, with names in the site's languages.
pub fn countries() -> &'static CodeList {
    static LIST: OnceLock<CodeList> = OnceLock::new();
    LIST.get_or_init(|| {
        CodeList::from_rows(rows(include_str!("codes/countries.tsv")).into_iter().map(|row| {
            let names = row
                .iter()
                .filter(|(k, v)| **k != "code" && !v.is_empty())
                .map(|(k, v)| (k.strip_prefix("name_").unwrap_or(k).to_string(), v.to_string()))
                .collect();
            Code {
                code: row.get("code").copied().unwrap_or_default().to_string(),
                names,
            }
        }))
    })
}

/// NUTS regions of the 2021 and 2024 versions (a code valid in either is accepted).
pub fn nuts() -> &'static CodeList {
    static LIST: OnceLock<CodeList> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut rows = rows(include_str!("codes/nuts.tsv"));
        // The newer version's name wins where both versions have the code.
        rows.sort_by_key(|row| row.get("version").copied().unwrap_or_default());
        CodeList::from_rows(rows.into_iter().map(|row| named(&row, "code", "name")))
    })
}

/// NACE Rev. 2 sections (letters) and divisions (two digits).
pub fn nace() -> &'static CodeList {
    static LIST: OnceLock<CodeList> = OnceLock::new();
    LIST.get_or_init(|| {
        let rows = rows(include_str!("codes/nace.tsv"));
        CodeList::from_rows(
            rows.into_iter()
                .filter(|row| row.get("revision").is_none_or(|r| *r == "2"))
                .map(|row| named(&row, "code", "label_en")),
        )
    })
}

/// The 14 EU industrial ecosystems.
pub fn ecosystems() -> &'static CodeList {
    static LIST: OnceLock<CodeList> = OnceLock::new();
    LIST.get_or_init(|| {
        CodeList::from_rows(
            rows(include_str!("codes/ecosystems.tsv"))
                .into_iter()
                .map(|row| named(&row, "id", "label_en")),
        )
    })
}

fn named(row: &BTreeMap<&str, &str>, code_column: &str, name_column: &str) -> Code {
    let mut names = BTreeMap::new();
    names.insert(
        "en".to_string(),
        row.get(name_column).copied().unwrap_or_default().to_string(),
    );
    Code {
        code: row.get(code_column).copied().unwrap_or_default().to_string(),
        names,
    }
}
