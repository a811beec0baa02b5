//! Light stemmers for languages Snowball does not cover here: Bulgarian, Macedonian,
//! Slovenian, Albanian and Slovak. Each strips the longest ending of a list from a folded word
//! (no diacritics; Cyrillic stays Cyrillic), keeping at least three letters.
//!
//! They remove endings and rewrite a stem only where inflection changes its last letters
//! (Slovenian `domujem` of `domovati`), so a stem begins the words it comes from or the
//! other forms of its word: the browser relies on that when it meets an inflection the site
//! does not contain (it looks for the known words and stems sharing the longest beginning
//! with it).
//! The endings are the usual case, number, article and verb endings of each language; the
//! retrieval evaluation (`tests/search_eval.rs`) measures them.

/// The endings of one language, longest first.
#[derive(Debug, Clone)]
pub struct Rules {
    endings: Vec<&'static str>,
    replacements: &'static [(&'static str, &'static str)],
    min_stem: usize,
}

/// Case, number and article endings, and those of the past tenses (`писахме`, `правеше`),
/// which would otherwise keep every verb form a stem of its own.
const BULGARIAN: &[&str] = &[
    "ахме",
    "ахте",
    "аха",
    "аше",
    "ехме",
    "ехте",
    "еха",
    "еше",
    "яхме",
    "яхте",
    "яха",
    "яше",
    "ихме",
    "ихте",
    "иха",
    "ише",
    "ищата",
    "ището",
    "иите",
    "ията",
    "ият",
    "ите",
    "ата",
    "ото",
    "ета",
    "ята",
    "ове",
    "ови",
    "еве",
    "ища",
    "ият",
    "ът",
    "ят",
    "ия",
    "ии",
    "ие",
    "та",
    "то",
    "те",
    "а",
    "я",
    "о",
    "е",
    "и",
    "ъ",
];

/// Case, number and article endings, and those of the l-participle (`отворила`), the past
/// tenses (`најдовме`) and the imperfect (`постоеше`).
const MACEDONIAN: &[&str] = &[
    "ила",
    "ило",
    "иле",
    "ела",
    "ело",
    "еле",
    "вме",
    "вте",
    "ала",
    "ало",
    "але",
    "еше",
    "аше",
    "ијата",
    "ијава",
    "ијана",
    "иите",
    "ијо",
    "ите",
    "ата",
    "ото",
    "ето",
    "ија",
    "ии",
    "ие",
    "ови",
    "еви",
    "иња",
    "от",
    "та",
    "то",
    "те",
    "ов",
    "ва",
    "во",
    "ве",
    "он",
    "на",
    "но",
    "не",
    "ни",
    "а",
    "о",
    "е",
    "и",
];

const SLOVENIAN: &[&str] = &[
    "ijami", "ijah", "ijam", "ija", "ije", "iji", "ijo", "ega", "emu", "ama", "ami", "imi", "ima", "ajo",
    "amo", "ate", "ati", "imo", "ite", "iti", "ov", "ev", "om", "em", "ih", "ah", "im", "am", "mi", "jo",
    "a", "e", "i", "o", "u",
];

/// Slovenian verbs in `-ovati` (`domovati`, `kupovati`) have `-uj-` in the present tense
/// (`domujem`, `kupujejo`): those endings give way to `ov`, the stem of the other forms.
const SLOVENIAN_REPLACEMENTS: &[(&str, &str)] = &[
    ("ujemo", "ov"),
    ("ujete", "ov"),
    ("ujejo", "ov"),
    ("ujeva", "ov"),
    ("ujeta", "ov"),
    ("ujem", "ov"),
    ("ujes", "ov"),
    ("uje", "ov"),
    ("uj", "ov"),
];

const ALBANIAN: &[&str] = &[
    "imeve", "imet", "imin", "imit", "ishin", "iane", "ave", "eve", "ive", "ise", "ine", "ite", "ete", "ese",
    "ojne", "ojme", "onin", "uar", "it", "ut", "in", "un", "ia", "ie", "ne", "se", "te", "ja", "je", "es",
    "et", "at", "ve", "a", "e", "i", "u", "t",
];

/// Case and number endings of nouns and adjectives (`predstavach`, `predstavy`), no verb
/// endings: those did worse in the evaluation.
const SLOVAK: &[&str] = &[
    "ami", "ach", "ovi", "och", "eho", "emu", "ych", "ymi", "ich", "imi", "iam", "iach", "om", "ov", "ou",
    "mi", "ia", "ie", "iu", "ej", "ym", "im", "am", "a", "e", "i", "o", "u", "y",
];

impl Rules {
    /// The rules of a base language code, if it has any.
    pub fn for_language(base: &str) -> Option<Rules> {
        let (endings, replacements) = match base {
            "bg" => (BULGARIAN, &[][..]),
            "mk" => (MACEDONIAN, &[][..]),
            "sl" => (SLOVENIAN, SLOVENIAN_REPLACEMENTS),
            "sq" => (ALBANIAN, &[][..]),
            "sk" => (SLOVAK, &[][..]),
            _ => return None,
        };
        let mut endings = endings.to_vec();
        endings.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
        Some(Rules {
            endings,
            replacements,
            min_stem: 3,
        })
    }

    /// The stem of a folded word: a replacement of its ending if one applies, else the word
    /// without its longest ending.
    pub fn stem(&self, word: &str) -> String {
        let letters = word.chars().count();
        for (ending, replacement) in self.replacements {
            if let Some(stem) = word.strip_suffix(ending) {
                if letters - ending.chars().count() >= self.min_stem {
                    return format!("{stem}{replacement}");
                }
            }
        }
        for ending in &self.endings {
            if let Some(stem) = word.strip_suffix(ending) {
                if letters - ending.chars().count() >= self.min_stem {
                    return stem.to_string();
                }
            }
        }
        word.to_string()
    }
}

/// German separable particles, longest first where one begins another (`hinzu` before
/// `hin`): a participle or a `zu` infinitive puts `ge` or `zu` after them.
const GERMAN_PARTICLES: &[&str] = &[
    "auseinander",
    "gegenüber",
    "zusammen",
    "entgegen",
    "vorüber",
    "unter",
    "über",
    "herunter",
    "hinunter",
    "zurecht",
    "zurück",
    "vorbei",
    "voraus",
    "weiter",
    "heraus",
    "herein",
    "hinaus",
    "herauf",
    "hinein",
    "hinauf",
    "wieder",
    "bereit",
    "sicher",
    "fertig",
    "hervor",
    "hinzu",
    "empor",
    "bevor",
    "nieder",
    "durch",
    "statt",
    "voran",
    "heran",
    "herum",
    "fest",
    "fort",
    "raus",
    "rein",
    "nach",
    "hoch",
    "frei",
    "teil",
    "auf",
    "aus",
    "bei",
    "dar",
    "ein",
    "her",
    "hin",
    "los",
    "mit",
    "vor",
    "weg",
    "ab",
    "an",
    "um",
    "zu",
];

/// The separable particles of a language, folded (`zuruck`), in the order they are tried:
/// the browser tries a word the site lacks without its infix as [`german_particle_verb`]
/// does (`search.js` `unsplit`), so that `eingegriffen` meets `eingreifen` as `eingriffen`.
pub fn particles(lang: &str) -> Option<Vec<String>> {
    let particles = match super::analysis::base_language(lang) {
        "de" => GERMAN_PARTICLES,
        _ => return None,
    };
    Some(
        particles
            .iter()
            .map(|p| super::analysis::fold(p, super::analysis::Script::Keep))
            .collect(),
    )
}

/// The vowels a language drops from the last syllable of some stems before an ending that
/// begins with a vowel (Hungarian `haszon`, `hasznok`; `féreg`, `férgek`), folded: the
/// browser takes a stem that differs from a word only by one of them, followed by an ending
/// of the site's words, for a form of it (`search.js` `fallback`).
pub fn fleeting_vowels(lang: &str) -> Option<&'static str> {
    (super::analysis::base_language(lang) == "hu").then_some("aeo")
}

/// A German particle verb without the `ge` of its participle or the `zu` of its infinitive
/// (`ausgebreitet` → `ausbreitet`, `einzuzeichnen` → `einzeichnen`), so that the stemmer
/// gives it the stem of its other forms. Expects a lowercase word with its diacritics.
/// `ge` goes only from words shaped like participles (ending in `t` or `en`, perhaps with an
/// adjective ending), so `ausgebend` keeps the `ge` of `geben`; at least four letters must
/// follow the infix.
pub fn german_particle_verb(word: &str) -> Option<String> {
    let particle = GERMAN_PARTICLES.iter().find(|p| word.starts_with(**p))?;
    let rest = &word[particle.len()..];
    let (infix, root) = if let Some(root) = rest.strip_prefix("ge") {
        (true, root)
    } else {
        (false, rest.strip_prefix("zu")?)
    };
    if root.chars().count() < 4 || (infix && !german_participle_shape(word)) {
        return None;
    }
    Some(format!("{particle}{root}"))
}

/// Past participles end in `t` or `en`, perhaps with an adjective ending; present
/// participles (`ausgebend`) do not count.
fn german_participle_shape(word: &str) -> bool {
    let bare = ["en", "er", "es", "em", "e"]
        .iter()
        .find_map(|e| word.strip_suffix(e))
        .unwrap_or(word);
    !bare.ends_with("nd") && (bare.ends_with('t') || word.ends_with("en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_three_letters() {
        let bg = Rules::for_language("bg").unwrap();
        assert_eq!(bg.stem("кластерите"), "кластер");
        assert_eq!(bg.stem("ата"), "ата");
        assert_eq!(bg.stem("нова"), "нов");
    }

    #[test]
    fn bulgarian_past_tenses_meet_the_other_forms() {
        let bg = Rules::for_language("bg").unwrap();
        for word in ["писахме", "писахте", "писаха", "писаше"] {
            assert_eq!(bg.stem(word), bg.stem("писа"), "{word}");
        }
        for word in ["правехме", "правехте", "правеха", "правеше"] {
            assert_eq!(bg.stem(word), bg.stem("прави"), "{word}");
        }
        assert_eq!(bg.stem("четяхме"), bg.stem("четяха"));
    }

    #[test]
    fn macedonian_participles_and_past_tenses_meet_the_other_forms() {
        let mk = Rules::for_language("mk").unwrap();
        for word in ["отворила", "отворило", "отвориле"] {
            assert_eq!(mk.stem(word), mk.stem("отвори"), "{word}");
        }
        for word in ["читала", "читало", "читале"] {
            assert_eq!(mk.stem(word), mk.stem("чита"), "{word}");
        }
        assert_eq!(mk.stem("постоеше"), mk.stem("постои"));
        assert_eq!(mk.stem("направивме"), mk.stem("направивте"));
    }

    #[test]
    fn slovak_cases_meet() {
        let sk = Rules::for_language("sk").unwrap();
        for word in ["predstavach", "predstavy", "predstavami", "predstavou"] {
            assert_eq!(sk.stem(word), "predstav", "{word}");
        }
        for word in ["vysokeho", "vysokemu", "vysokych", "vysokymi"] {
            assert_eq!(sk.stem(word), "vysok", "{word}");
        }
    }

    #[test]
    fn slovenian_present_of_ovati_verbs_meets_the_infinitive() {
        let sl = Rules::for_language("sl").unwrap();
        assert_eq!(sl.stem("domujem"), "domov");
        assert_eq!(sl.stem("kupujejo"), "kupov");
        assert_eq!(sl.stem("domujeta"), sl.stem("domovati"));
        assert_eq!(sl.stem("kupuje"), sl.stem("kupovati"));
        // Too short to be an -ovati verb: `tuje` (foreign) keeps its `uj`.
        assert_eq!(sl.stem("tuje"), "tuj");
    }

    #[test]
    fn particles_of_policy_texts_lose_their_infix_too() {
        for (word, unsplit) in [
            ("umgesetzt", "umsetzt"),
            ("sicherzustellen", "sicherstellen"),
            ("teilgenommen", "teilnommen"),
            ("bereitgestellt", "bereitstellt"),
            ("vorangetrieben", "vorantrieben"),
            ("untergebracht", "unterbracht"),
            ("auseinandergesetzt", "auseinandersetzt"),
        ] {
            assert_eq!(german_particle_verb(word).as_deref(), Some(unsplit), "{word}");
        }
        assert_eq!(german_particle_verb("umgebung"), None);
    }

    #[test]
    fn german_particle_verbs_lose_their_infix() {
        assert_eq!(
            german_particle_verb("ausgebreitet").as_deref(),
            Some("ausbreitet")
        );
        assert_eq!(
            german_particle_verb("ausgebreiteten").as_deref(),
            Some("ausbreiteten")
        );
        assert_eq!(
            german_particle_verb("einzuzeichnen").as_deref(),
            Some("einzeichnen")
        );
        assert_eq!(german_particle_verb("hinzugefügt").as_deref(), Some("hinzufügt"));
        assert_eq!(german_particle_verb("hinzufügen"), None);
        assert_eq!(german_particle_verb("ausgebend"), None);
        assert_eq!(german_particle_verb("angel"), None);
        assert_eq!(german_particle_verb("anzug"), None);
    }

    #[test]
    fn a_particle_comes_before_the_shorter_ones_that_begin_it() {
        for (i, particle) in GERMAN_PARTICLES.iter().enumerate() {
            for earlier in &GERMAN_PARTICLES[..i] {
                assert!(
                    !particle.starts_with(earlier),
                    "{earlier} is tried before {particle}"
                );
            }
        }
    }

    #[test]
    fn the_browser_gets_the_particles_folded_in_the_same_order() {
        let german = particles("de").expect("German has particles");
        assert_eq!(german.len(), GERMAN_PARTICLES.len());
        for (folded, particle) in german.iter().zip(GERMAN_PARTICLES) {
            assert_eq!(*folded, particle.replace('ü', "u"));
        }
        assert_eq!(particles("de-AT").map(|p| p.len()), Some(german.len()));
        assert_eq!(particles("hu"), None);
    }
}
