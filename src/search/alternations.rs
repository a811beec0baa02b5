//! Stem alternations: for a word the site lacks whose stem changes between its forms
//! (`verbergt` and `verbarg`, `metara` and `metru`), the longest known beginning leads to
//! other words. Each table (`alternations/<lang>.txt`, made by
//! `scripts/make_alternations.py` from a lexicon; source and licence in its header) lists
//! endings x, each with the letter before it, and the endings y that other forms of the same
//! words have in its place (in order, each after the first written as the number of letters
//! it shares with the one before and the rest: `κληθηκαμε 7ν` is `κληθηκαμε κληθηκαν`). The
//! browser swaps the x that ends a word for each y and takes a form of the site so made. A y
//! may extend its x (`η ησ`: `πίστης` for `πίστη`): a form the lexicon makes so is likelier
//! the word typed than any word that begins with it (`πιστότατος`).
//!
//! The index carries a table in files of about 12 KB (see [`shards`]) in a folder of its own
//! ([`folder_of`]), which the languages sharing the table share; a word downloads the one
//! holding its endings.

use std::collections::HashSet;
use std::sync::OnceLock;

/// The tables, by name: Serbian, Croatian and their kin share `hbs` (their words meet in one
/// folded Latin form).
const TABLES: [(&str, &str); 12] = [
    ("en", include_str!("alternations/en.txt")),
    ("ro", include_str!("alternations/ro.txt")),
    ("bg", include_str!("alternations/bg.txt")),
    ("el", include_str!("alternations/el.txt")),
    ("hu", include_str!("alternations/hu.txt")),
    ("hbs", include_str!("alternations/hbs.txt")),
    ("sl", include_str!("alternations/sl.txt")),
    ("sq", include_str!("alternations/sq.txt")),
    ("mk", include_str!("alternations/mk.txt")),
    ("it", include_str!("alternations/it.txt")),
    ("de", include_str!("alternations/de.txt")),
    ("sk", include_str!("alternations/sk.txt")),
];

fn table_number(lang: &str) -> Option<usize> {
    let name = match super::analysis::base_language(lang) {
        "sr" | "hr" | "bs" | "sh" | "cnr" => "hbs",
        other => other,
    };
    TABLES.iter().position(|(table, _)| *table == name)
}

/// The name of a language's table (`hbs` for Serbian, Croatian and their kin).
pub fn table_name(lang: &str) -> Option<&'static str> {
    table_number(lang).map(|n| TABLES[n].0)
}

/// The folder of the index that holds a language's table (`alternations-hbs` for Serbian,
/// Croatian and their kin): one per table, whichever of its languages a site has.
pub fn folder_of(lang: &str) -> Option<String> {
    table_number(lang).map(|n| format!("alternations-{}", TABLES[n].0))
}

/// A language's table cut into shards (see [`shards`]), cut once a run: a build writes the
/// index of every language, and `serve` writes a language's again after each change.
pub fn shards_of(lang: &str) -> &'static [(String, String)] {
    static CUT: [OnceLock<Vec<(String, String)>>; TABLES.len()] = [const { OnceLock::new() }; TABLES.len()];
    match table_number(lang) {
        Some(n) => CUT[n].get_or_init(|| shards(TABLES[n].1)),
        None => &[],
    }
}

/// A language's table cut into shards as by [`shards_of`], without the rules listed in
/// `left_out` (lines `x y1 y2 ...` written as the table's): the retrieval evaluation leaves
/// out the rules seen only in its own lemmas (`alternations/held-out/`), to measure words
/// the table never saw.
pub fn shards_leaving_out(lang: &str, left_out: &str) -> Vec<(String, String)> {
    let Some(n) = table_number(lang) else {
        return Vec::new();
    };
    let unwanted: HashSet<(&str, String)> = rules_of(left_out)
        .flat_map(|(x, ys)| endings(ys).into_iter().map(move |y| (x, y)))
        .collect();
    let kept: String = rules_of(TABLES[n].1)
        .filter_map(|(x, ys)| {
            let ys: Vec<String> = endings(ys)
                .into_iter()
                .filter(|y| !unwanted.contains(&(x, y.clone())))
                .collect();
            (!ys.is_empty()).then(|| format!("{x} {}\n", written(&ys)))
        })
        .collect();
    shards(&kept)
}

/// The lines of a table: each ending x and its endings y as written.
fn rules_of(table: &str) -> impl Iterator<Item = (&str, &str)> {
    table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(' '))
}

/// The endings y of a table line, written out (`κληθηκαμε 7ν`: `κληθηκαμε`, `κληθηκαν`).
fn endings(ys: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for y in ys.split(' ') {
        let shared = y.chars().next().and_then(|c| c.to_digit(10));
        let y = match (shared, out.last()) {
            (Some(n), Some(before)) => before.chars().take(n as usize).chain(y.chars().skip(1)).collect(),
            _ => y.to_string(),
        };
        out.push(y);
    }
    out
}

/// Endings y as a table line writes them: each after the first as the number of letters
/// it shares with the one before (9 at most) and the rest of it.
fn written(ys: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, y) in ys.iter().enumerate() {
        match i.checked_sub(1) {
            Some(before) => {
                let n = shared_letters(&ys[before], y).min(9);
                out.push(format!("{n}{}", y.chars().skip(n).collect::<String>()));
            }
            None => out.push(y.clone()),
        }
    }
    out.join(" ")
}

/// The size of a shard, in bytes: what a word the site lacks downloads of its language's
/// table, whatever the table's size.
const SHARD_BYTES: usize = 12_000;

/// A table cut into shards of about [`SHARD_BYTES`] in the order of the endings read
/// backwards: per shard its name (see [`name_of_shard`]) and its data, a JSON object of x to
/// its y as the table writes them. The endings of a word, read backwards, all begin its longest
/// one: the browser downloads the shard of that alone, which holds the rules of the shorter
/// endings too, those before the shard copied into it.
fn shards(table: &str) -> Vec<(String, String)> {
    let mut rules: Vec<(String, &str, &str)> = rules_of(table).map(|(x, ys)| (backwards(x), x, ys)).collect();
    // JavaScript compares strings by UTF-16 code units.
    rules.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let sizes: Vec<usize> = rules.iter().map(|(_, x, ys)| x.len() + ys.len() + 6).collect();
    let total: usize = sizes.iter().sum();
    let count = total.div_ceil(SHARD_BYTES).max(1);
    // A shard begins with the rule whose first byte falls in the next of `count` equal parts.
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for (i, size) in sizes.iter().enumerate() {
        if offset * count / total.max(1) >= starts.len() {
            starts.push(i);
        }
        offset += size;
    }
    let keys: Vec<&str> = rules.iter().map(|r| r.0.as_str()).collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(rules.len());
            let name = name_of_shard(&keys, start);
            // An ending before the shard that begins its name begins its words' endings.
            let shorter = rules[..start].iter().filter(|r| name.starts_with(r.0.as_str()));
            let data: serde_json::Map<String, serde_json::Value> = shorter
                .chain(&rules[start..end])
                .map(|r| (r.1.to_string(), r.2.into()))
                .collect();
            (name, serde_json::Value::Object(data).to_string())
        })
        .collect()
}

/// The name of the shard beginning at rule `start`: the shortest beginning of its ending
/// (backwards) that sorts after the ending before. The endings of the table that sort before
/// the shard and begin a word of it are then all beginnings of this name (few, copied in).
fn name_of_shard(keys: &[&str], start: usize) -> String {
    match start.checked_sub(1) {
        Some(before) => keys[start]
            .chars()
            .take(shared_letters(keys[before], keys[start]) + 1)
            .collect(),
        None => keys[start].to_string(),
    }
}

fn shared_letters(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// A word read from its end.
fn backwards(word: &str) -> String {
    word.chars().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of a language, if it has one.
    fn table(lang: &str) -> Option<&'static str> {
        table_number(lang).map(|n| TABLES[n].1)
    }

    #[test]
    fn a_table_is_cut_in_the_order_of_its_endings_read_backwards() {
        let table = "# a header\nergt arg 0org\ngend gst\nsta su\n";
        let shards = shards(table);
        // Small enough for one shard, which begins with `sta` backwards.
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].0, "ats");
        assert_eq!(shards[0].1, r#"{"sta":"su","gend":"gst","ergt":"arg 0org"}"#);
    }

    #[test]
    fn endings_written_out_and_written_again_are_the_table_line() {
        for (name, table) in TABLES {
            for (_, ys) in rules_of(table) {
                assert_eq!(written(&endings(ys)), ys, "{name}");
            }
        }
    }

    #[test]
    fn leaving_out_rules_drops_those_endings_and_keeps_the_rest() {
        assert_eq!(shards_leaving_out("de", ""), shards_of("de"));
        let all: Vec<(&str, &str)> = rules_of(table("de").unwrap_or_default()).collect();
        let (x, ys) = all
            .iter()
            .find(|(_, ys)| endings(ys).len() > 2)
            .copied()
            .unwrap_or_default();
        let gone = endings(ys)[1].clone();
        let shards = shards_leaving_out("de", &format!("# a header\n{x} {gone}\n"));
        let data: serde_json::Map<String, serde_json::Value> = shards
            .iter()
            .flat_map(|(_, d)| {
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(d).unwrap_or_default()
            })
            .collect();
        let left = endings(data[x].as_str().unwrap_or_default());
        assert_eq!(left.len(), endings(ys).len() - 1, "{x}: {ys}");
        assert!(!left.contains(&gone));
        assert_eq!(data.len(), all.len(), "every other ending keeps its rules");
    }

    #[test]
    fn the_shards_of_a_large_table_are_of_about_equal_size() {
        let shards = shards(table("el").unwrap_or_default());
        assert!(shards.len() > 1);
        let sizes: Vec<usize> = shards.iter().map(|(_, d)| d.len()).collect();
        let (least, most) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(
            // The copies of shorter endings come on top.
            *least > SHARD_BYTES * 3 / 4 && *most < SHARD_BYTES * 3 / 2,
            "{sizes:?}"
        );
        // Cut in order: each shard's name after the last one's.
        assert!(shards.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn the_shard_of_a_words_longest_ending_holds_all_its_endings() {
        for lang in ["el", "hu", "sr", "it"] {
            let table = table(lang).unwrap_or_default();
            let shards: Vec<(String, serde_json::Map<String, serde_json::Value>)> = shards(table)
                .into_iter()
                .map(|(name, data)| (name, serde_json::from_str(&data).unwrap_or_default()))
                .collect();
            assert!(shards.len() > 1, "{lang}");
            // search.js shardOf: the last shard whose name sorts at or before the key.
            let shard_of = |key: &str| shards.partition_point(|(name, _)| name.as_str() <= key) - 1;
            let endings: Vec<&str> = table
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split(' ').next())
                .collect();
            let known: std::collections::HashSet<&str> = endings.iter().copied().collect();
            // A word whose longest ending is one of the table: its shard holds the shorter ones.
            for longest in &endings {
                let data = &shards[shard_of(&backwards(longest))].1;
                let chars: Vec<(usize, char)> = longest.char_indices().collect();
                for (at, _) in chars.iter().rev().skip(1) {
                    let shorter = &longest[*at..];
                    if known.contains(shorter) {
                        assert!(data.contains_key(shorter), "{lang}: {shorter} of {longest}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_tables_shards_are_cut_once_and_shared_by_its_languages() {
        assert_eq!(
            shards_of("sr"),
            shards(table("hr").unwrap_or_default()).as_slice()
        );
        assert!(std::ptr::eq(shards_of("sr-Cyrl"), shards_of("hr")));
        assert!(shards_of("fr").is_empty());
        assert_eq!(folder_of("sr-Latn").as_deref(), Some("alternations-hbs"));
        assert_eq!(folder_of("hr"), folder_of("bs"));
        assert_eq!(folder_of("de").as_deref(), Some("alternations-de"));
        assert_eq!(folder_of("fr"), None);
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
