//! Text analysis per language: the same chain turns page text into index terms at build
//! time, and (through [`fold`], mirrored by `search.js`) query words into lookup keys.
//!
//! The chain: split into words as tantivy's `SimpleTokenizer` splits them (after Unicode
//! NFC; [`Analyzer::words`]), lowercase,
//! normalise (Romanian ş/ţ with cedilla to ș/ț with comma below, Greek final sigma), stem
//! while the diacritics are still there, then fold both the word and its stem: accents off,
//! đ to dj, Serbian Cyrillic to Latin, Bulgarian and Macedonian й kept apart from и.
//!
//! Stemmers: Snowball through frostem (the crate tantivy's `Stemmer` wraps; used directly
//! because tantivy's `Language` enum lacks Serbian and Czech). Serbian's stemmer also serves
//! Croatian and Bosnian; Bulgarian, Macedonian, Slovenian, Albanian and Slovak get the light
//! suffix strippers of [`super::light`] (see the measurement in [`Analyzer::new`]); German
//! particle verbs lose the `ge` or `zu` between particle and verb first (`ausgebreitet` stems
//! as `ausbreitet`). Other languages are not stemmed: the browser's near matching serves
//! them.
//! This module does not decide what text of a page is indexed: see [`super::document`].

use unicode_normalization::UnicodeNormalization;

use super::light;

/// How one language's words are reduced to stems.
#[derive(Clone)]
enum Stemming {
    Snowball(frostem::Stemmer),
    Light(light::Rules),
    None,
}

/// The analysis chain of one language.
#[derive(Clone)]
pub struct Analyzer {
    lang: String,
    script: Script,
    stemming: Stemming,
}

/// What folding does with Cyrillic letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Leave every script as it is.
    Keep,
    /// Serbian (and Croatian, Bosnian): Cyrillic to Latin, so both scripts meet.
    SerbianLatin,
}

/// One word of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as typed without diacritics: lowercased and folded.
    pub form: String,
    /// Its folded stem: the index term.
    pub stem: String,
    /// The word's number in the text (for phrases).
    pub position: u32,
}

impl Analyzer {
    /// The chain for a language code of the site (`en`, `ro`, `sr-Cyrl`, `hr`…).
    pub fn new(lang: &str) -> Analyzer {
        let base = base_language(lang);
        let snowball = |a| Stemming::Snowball(frostem::Stemmer::new(a));
        let stemming = match base {
            "en" => snowball(frostem::Algorithm::English),
            "ro" => snowball(frostem::Algorithm::Romanian),
            "el" => snowball(frostem::Algorithm::Greek),
            "hu" => snowball(frostem::Algorithm::Hungarian),
            "it" => snowball(frostem::Algorithm::Italian),
            "de" => snowball(frostem::Algorithm::German),
            "sr" | "hr" | "bs" | "sh" | "cnr" => snowball(frostem::Algorithm::Serbian),
            // Measured on tests/fixtures/search-eval: on Slovak, Czech's stemmer finds unseen
            // inflections no better than the browser's near matching of unstemmed words (dev
            // split: 97.96% both, typed words 100% both); the light stripping of case endings
            // does a little better (test split 100% against 99.51%, sets of three other seeds
            // 98.8, 99.2, 98.8% against 98.2, 99.2, 99.0%), so Slovak gets that. Serbian's
            // stemmer does help Croatian (unseen: 96.5% against 94.5%, measured before near
            // matching took three letters).
            "cs" => snowball(frostem::Algorithm::Czech),
            other => light::Rules::for_language(other).map_or(Stemming::None, Stemming::Light),
        };
        Analyzer {
            lang: lang.to_string(),
            script: script_of(lang),
            stemming,
        }
    }

    /// The language code this chain was made for.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Whether folding turns Cyrillic into Latin for this language.
    pub fn script(&self) -> Script {
        self.script
    }

    /// Every word of `text`, numbered from `first_position`.
    pub fn tokens(&self, text: &str, first_position: u32) -> Vec<Token> {
        let mut out = Vec::new();
        self.tokens_into(text, first_position, &mut out);
        out
    }

    /// Appends every word of `text` to `out`; returns the position after the last word.
    pub fn tokens_into(&self, text: &str, first_position: u32, out: &mut Vec<Token>) -> u32 {
        let mut position = first_position;
        self.words(text, |word| {
            if let Some((form, stem)) = self.analyze_word(word) {
                out.push(Token { form, stem, position });
                position += 1;
            }
        });
        position
    }

    /// Calls `each` with every word of `text` as written (NFC), before any analysis: the
    /// words tantivy's `SimpleTokenizer` gives (runs of alphanumeric characters), taken as
    /// slices of the text rather than copied one by one.
    pub fn words(&self, text: &str, mut each: impl FnMut(&str)) {
        let normalized;
        let text = if text.is_ascii()
            || unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
        {
            text
        } else {
            normalized = text.nfc().collect::<String>();
            &normalized
        };
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                each(word);
            }
        }
    }

    /// The folded form and folded stem of one word; none when nothing is left of it.
    pub fn analyze_word(&self, word: &str) -> Option<(String, String)> {
        let lower = normalize(&word.to_lowercase());
        let form = fold(&lower, self.script);
        if form.is_empty() {
            return None;
        }
        let stem = match &self.stemming {
            Stemming::Snowball(stemmer) if base_language(&self.lang) == "de" => {
                let unsplit = light::german_particle_verb(&lower);
                fold(&stemmer.stem(unsplit.as_deref().unwrap_or(&lower)), self.script)
            }
            Stemming::Snowball(stemmer) => fold(&stemmer.stem(&lower), self.script),
            Stemming::Light(rules) => rules.stem(&form),
            Stemming::None => form.clone(),
        };
        // A stem of one or two letters of a longer word (Greek `καυτερη` to `κα`) would join
        // unrelated words: such a word, like one with nothing left, stands for itself.
        let stem = if stem.is_empty() || (stem.chars().count() < 3 && form.chars().count() > 3) {
            form.clone()
        } else {
            stem
        };
        Some((form, stem))
    }
}

/// `sr` of `sr-Cyrl`.
pub fn base_language(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

fn script_of(lang: &str) -> Script {
    match base_language(lang) {
        "sr" | "hr" | "bs" | "sh" | "cnr" => Script::SerbianLatin,
        _ => Script::Keep,
    }
}

/// Spellings that must be unified before stemming: Romanian ş/ţ (cedilla, the old
/// encoding) to ș/ț (comma below, what the Snowball stemmer expects), and Greek final
/// sigma to σ. Expects lowercase text.
pub fn normalize(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ş' => 'ș',
            'ţ' => 'ț',
            'ς' => 'σ',
            c => c,
        })
        .collect()
}

/// A lowercase word as typed without diacritics: marks dropped (but й stays й), đ to dj,
/// ß to ss, and for Serbian-like languages Cyrillic to Latin first. `search.js` does the same.
pub fn fold(word: &str, script: Script) -> String {
    let mut latin = String::with_capacity(word.len());
    for c in normalize(word).chars() {
        match (script, crate::content::translit::latin_letter(c)) {
            (Script::SerbianLatin, Some(l)) => latin.push_str(l),
            _ => latin.push(c),
        }
    }
    let mut out = String::with_capacity(latin.len());
    for c in latin.nfd() {
        if is_mark(c) {
            // и + combining breve is й, a letter of its own in Bulgarian and Macedonian.
            if c == '\u{306}' && out.ends_with('и') {
                out.pop();
                out.push('й');
            }
            continue;
        }
        match c {
            'đ' => out.push_str("dj"),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'ı' => out.push('i'),
            'ħ' => out.push('h'),
            c => out.push(c),
        }
    }
    out
}

/// Combining marks (accents, cedillas, carons…) as NFD leaves them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(lang: &str, text: &str) -> Vec<(String, String)> {
        Analyzer::new(lang)
            .tokens(text, 0)
            .into_iter()
            .map(|t| (t.form, t.stem))
            .collect()
    }

    fn stem(lang: &str, word: &str) -> String {
        Analyzer::new(lang)
            .analyze_word(word)
            .map(|(_, s)| s)
            .unwrap_or_default()
    }

    #[test]
    fn english_stems_and_lowercases() {
        assert_eq!(
            forms("en", "Clusters, CLUSTERING"),
            vec![
                ("clusters".into(), "cluster".into()),
                ("clustering".into(), "cluster".into())
            ]
        );
    }

    #[test]
    fn romanian_cedilla_and_comma_below_meet() {
        // ş/ţ with cedilla (old keyboards) and ș/ț with comma below stem alike.
        assert_eq!(stem("ro", "ştiinţifice"), stem("ro", "științifice"));
        assert_eq!(stem("ro", "ŞTIINŢA"), stem("ro", "știința"));
        assert_eq!(
            Analyzer::new("ro").analyze_word("științifice").map(|(f, _)| f),
            Some("stiintifice".into())
        );
        // stemmed with diacritics, then folded: typed without diacritics it still matches.
        assert_eq!(stem("ro", "inovații"), stem("ro", "inovația"));
    }

    #[test]
    fn greek_accents_and_final_sigma() {
        assert_eq!(fold("πολιτικές", Script::Keep), "πολιτικεσ");
        assert_eq!(fold(&"ΠΟΛΙΤΙΚΕΣ".to_lowercase(), Script::Keep), "πολιτικεσ");
        // The stemmer reads accented words (the index is built from them) and folds its stems.
        assert_eq!(stem("el", "πολιτικής"), stem("el", "πολιτική"));
        assert_eq!(stem("el", "ΚΑΙΝΟΤΟΜΙΑΣ"), stem("el", "καινοτομιας"));
    }

    #[test]
    fn serbian_scripts_meet() {
        assert_eq!(forms("sr-Cyrl", "Школа"), forms("sr-Latn", "škola"));
        assert_eq!(
            Analyzer::new("sr-Cyrl").analyze_word("љубав").map(|(f, _)| f),
            Some("ljubav".into())
        );
        assert_eq!(
            Analyzer::new("sr").analyze_word("Ђорђе").map(|(f, _)| f),
            Some("djordje".into())
        );
        assert_eq!(stem("sr-Cyrl", "школама"), stem("sr", "školi"));
        assert_eq!(stem("sr-Cyrl", "џеп"), "dzep");
    }

    #[test]
    fn croatian_dj_and_stems() {
        assert_eq!(
            Analyzer::new("hr").analyze_word("Međunarodna").map(|(f, _)| f),
            Some("medjunarodna".into())
        );
        assert_eq!(stem("hr", "suradnja"), stem("hr", "suradnje"));
    }

    #[test]
    fn bulgarian_short_i_stays_apart() {
        assert_eq!(fold("край", Script::Keep), "край");
        assert_ne!(fold("край", Script::Keep), fold("краи", Script::Keep));
        assert_eq!(fold("ѝ", Script::Keep), "и");
        assert_eq!(stem("bg", "стратегии"), stem("bg", "стратегия"));
    }

    #[test]
    fn hungarian_german_italian_slovak() {
        assert_eq!(stem("hu", "klaszterek"), stem("hu", "klaszter"));
        assert_eq!(
            Analyzer::new("de").analyze_word("Straße").map(|(f, _)| f),
            Some("strasse".into())
        );
        assert_eq!(stem("it", "innovazioni"), stem("it", "innovazione"));
        assert_eq!(stem("sk", "Stratégie"), stem("sk", "stratégia"));
    }

    #[test]
    fn light_languages_strip_suffixes() {
        assert_eq!(stem("sl", "strategije"), stem("sl", "strategija"));
        assert_eq!(stem("sq", "strategjia"), stem("sq", "strategji"));
        assert_eq!(stem("mk", "стратегијата"), stem("mk", "стратегија"));
    }

    #[test]
    fn stems_of_two_letters_are_not_kept() {
        assert_eq!(stem("el", "καυτερη"), "καυτερη");
    }

    #[test]
    fn positions_count_words() {
        let tokens = Analyzer::new("en").tokens("a b, c", 10);
        assert_eq!(
            tokens.iter().map(|t| t.position).collect::<Vec<_>>(),
            vec![10, 11, 12]
        );
    }
}
