//! Stem alternations: for a word the site lacks whose stem changes between its forms
//! (`verbergt` and `verbarg`, `metara` and `metru`), the longest known beginning leads to
//! other words. Each table (`alternations/<lang>.txt`, made by
//! `scripts/make_alternations.py` from a lexicon; source and licence in its header) lists
//! endings x, each with the letter before it, and the endings y that other forms of the same
//! words have in its place. The browser swaps the x that ends a word for each y and takes a
//! form of the site so made.
//!
//! The index carries a language's table in a few files cut by the last letter of x (which is
//! the last letter of the word), so that a word downloads one of them.

/// The table of a language, if it has one.
pub fn table(lang: &str) -> Option<&'static str> {
    Some(match super::analysis::base_language(lang) {
        "en" => include_str!("alternations/en.txt"),
        "ro" => include_str!("alternations/ro.txt"),
        "bg" => include_str!("alternations/bg.txt"),
        "el" => include_str!("alternations/el.txt"),
        "hu" => include_str!("alternations/hu.txt"),
        "sr" | "hr" | "bs" | "sh" | "cnr" => include_str!("alternations/hbs.txt"),
        "sl" => include_str!("alternations/sl.txt"),
        "sq" => include_str!("alternations/sq.txt"),
        "mk" => include_str!("alternations/mk.txt"),
        "it" => include_str!("alternations/it.txt"),
        "de" => include_str!("alternations/de.txt"),
        "sk" => include_str!("alternations/sk.txt"),
        _ => return None,
    })
}

/// The most files a language's table is cut into.
const MAX_SHARDS: usize = 8;

/// A table cut into at most [`MAX_SHARDS`] shards by the last letter of x: per shard its last
/// letters and its data, a JSON object of x to its y separated by spaces.
pub fn shards(table: &str) -> Vec<(String, String)> {
    let mut by_letter: std::collections::BTreeMap<char, Vec<(&str, &str)>> = Default::default();
    let lines = table.lines().filter(|l| !l.starts_with('#'));
    for (x, ys) in lines.filter_map(|l| l.split_once(' ')) {
        if let Some(last) = x.chars().last() {
            by_letter.entry(last).or_default().push((x, ys));
        }
    }
    let size = |rules: &[(&str, &str)]| rules.iter().map(|(x, ys)| x.len() + ys.len() + 6).sum::<usize>();
    let total: usize = by_letter.values().map(|r| size(r)).sum();
    let target = total.div_ceil(MAX_SHARDS).max(1);
    let mut shards: Vec<(String, Vec<(&str, &str)>)> = Vec::new();
    for (letter, rules) in by_letter {
        match shards.last_mut() {
            Some((letters, shard)) if size(shard) < target => {
                letters.push(letter);
                shard.extend(rules);
            }
            _ => shards.push((letter.to_string(), rules)),
        }
    }
    shards
        .into_iter()
        .map(|(letters, rules)| {
            let data: serde_json::Map<String, serde_json::Value> = rules
                .into_iter()
                .map(|(x, ys)| (x.to_string(), ys.into()))
                .collect();
            (letters, serde_json::Value::Object(data).to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_cut_by_the_last_letter_of_its_endings() {
        let table = "# a header\nergt arg org\ngend gst\nsta su\n";
        let shards = shards(table);
        let letters: String = shards.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(letters, "adt");
        let all: String = shards.iter().map(|(_, d)| d.as_str()).collect();
        assert!(all.contains(r#""ergt":"arg org""#), "{all}");
        assert!(!all.contains("header"));
        // Each ending is in the shard of its last letter.
        for (letters, data) in &shards {
            let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(data).unwrap();
            assert!(object.keys().all(|x| letters.contains(x.chars().last().unwrap())));
        }
    }

    #[test]
    fn every_platform_language_has_a_table() {
        for lang in [
            "en", "ro", "bg", "el", "hu", "sr", "hr", "sl", "sq", "mk", "it", "de", "sk",
        ] {
            let shards = shards(table(lang).unwrap_or_default());
            assert!(!shards.is_empty() && shards.len() <= MAX_SHARDS, "{lang}");
        }
        assert!(table("fr").is_none());
    }
}
