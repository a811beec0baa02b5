//! Stem alternations: for a word the site lacks whose stem changes between its forms
//! (`verbergt` and `verbarg`, `metara` and `metru`), the longest known beginning leads to
//! other words. Each table (`alternations/<lang>.txt`, made by
//! `scripts/make_alternations.py` from a lexicon; source and licence in its header) lists
//! endings x, each with the letter before it, and the endings y that other forms of the same
//! words have in its place. The browser swaps the x that ends a word for each y and takes a
//! form of the site so made.
//!
//! The index carries a language's table in files of about 24 KB (see [`shards`]); a word
//! downloads those holding its endings, mostly one.

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

/// The size of a shard, in bytes: what a word the site lacks downloads of its language's
/// table, whatever the table's size.
const SHARD_BYTES: usize = 24_000;

/// A table cut into shards of about [`SHARD_BYTES`], of equal size, in the order of the
/// endings read backwards: per shard the first ending backwards, and its data, a JSON object
/// of x to its y separated by spaces. The endings of a word, read backwards, all begin the
/// word read backwards: the browser downloads the shard of each beginning, mostly one.
pub fn shards(table: &str) -> Vec<(String, String)> {
    let mut rules: Vec<(String, &str, &str)> = table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
        .map(|(x, ys)| (backwards(x), x, ys))
        .collect();
    // JavaScript compares strings by UTF-16 code units.
    rules.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let size = |(_, x, ys): &(String, &str, &str)| x.len() + ys.len() + 6;
    let total: usize = rules.iter().map(size).sum();
    let count = total.div_ceil(SHARD_BYTES).max(1);
    // A rule goes to the shard its first byte falls in, of `count` equal parts.
    let mut shards: Vec<(String, serde_json::Map<String, serde_json::Value>)> = Vec::new();
    let mut offset = 0;
    for rule in &rules {
        let part = offset * count / total.max(1);
        if part >= shards.len() {
            shards.push((rule.0.clone(), serde_json::Map::new()));
        }
        if let Some((_, data)) = shards.last_mut() {
            data.insert(rule.1.to_string(), rule.2.into());
        }
        offset += size(rule);
    }
    shards
        .into_iter()
        .map(|(first, data)| (first, serde_json::Value::Object(data).to_string()))
        .collect()
}

/// A word read from its end.
fn backwards(word: &str) -> String {
    word.chars().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_cut_in_the_order_of_its_endings_read_backwards() {
        let table = "# a header\nergt arg org\ngend gst\nsta su\n";
        let shards = shards(table);
        // Small enough for one shard, which begins with `sta` backwards.
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].0, "ats");
        assert_eq!(shards[0].1, r#"{"sta":"su","gend":"gst","ergt":"arg org"}"#);
    }

    #[test]
    fn the_shards_of_a_large_table_are_of_about_equal_size() {
        let shards = shards(table("el").unwrap_or_default());
        assert!(shards.len() > 1);
        let sizes: Vec<usize> = shards.iter().map(|(_, d)| d.len()).collect();
        let (least, most) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(most - least < most / 4, "{sizes:?}");
        assert!(
            *most < SHARD_BYTES * 5 / 4,
            "no larger than {SHARD_BYTES} bytes and a rule: {sizes:?}"
        );
        // Cut in order: each shard's first ending (backwards) after the last one's.
        assert!(shards.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn a_small_table_is_one_shard() {
        assert_eq!(shards(table("en").unwrap_or_default()).len(), 1);
    }

    #[test]
    fn every_platform_language_has_a_table() {
        for lang in [
            "en", "ro", "bg", "el", "hu", "sr", "hr", "sl", "sq", "mk", "it", "de", "sk",
        ] {
            let shards = shards(table(lang).unwrap_or_default());
            assert!(!shards.is_empty(), "{lang}");
        }
        assert!(table("fr").is_none());
    }
}
