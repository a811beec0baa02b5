//! Serbian Cyrillic to Serbian Latin, for languages declared with
//! `generate_from = "sr-Cyrl"`: partners write once, the site publishes both scripts.
//!
//! Only Cyrillic letters change, so Latin text, numbers, codes and addresses pass through as
//! they are. In a Markdown body, code (fenced and inline), link targets, HTML tags and text
//! marked `<span translate="no">…</span>` (proper names written in Cyrillic on purpose) are
//! left alone.

/// The Latin letters for one Serbian Cyrillic letter, or `None` for any other character.
pub fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'ђ' => "đ",
        'е' => "e",
        'ж' => "ž",
        'з' => "z",
        'и' => "i",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "ć",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "č",
        'џ' => "dž",
        'ш' => "š",
        'А' => "A",
        'Б' => "B",
        'В' => "V",
        'Г' => "G",
        'Д' => "D",
        'Ђ' => "Đ",
        'Е' => "E",
        'Ж' => "Ž",
        'З' => "Z",
        'И' => "I",
        'Ј' => "J",
        'К' => "K",
        'Л' => "L",
        'Љ' => "Lj",
        'М' => "M",
        'Н' => "N",
        'Њ' => "Nj",
        'О' => "O",
        'П' => "P",
        'Р' => "R",
        'С' => "S",
        'Т' => "T",
        'Ћ' => "Ć",
        'У' => "U",
        'Ф' => "F",
        'Х' => "H",
        'Ц' => "C",
        'Ч' => "Č",
        'Џ' => "Dž",
        'Ш' => "Š",
        _ => return None,
    })
}

/// Serbian Cyrillic text in Latin script: `Љубљана` gives `Ljubljana`, `ЉУБЉАНА` gives
/// `LJUBLJANA`.
pub fn to_latin(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        match latin_letter(c) {
            Some(l) if l.chars().count() == 2 && c.is_uppercase() => {
                // A digraph inside an all-capital word is written all in capitals.
                let next_upper = chars.get(i + 1).is_some_and(|n| n.is_uppercase());
                let prev_upper = i > 0 && chars[i - 1].is_uppercase();
                if next_upper || (prev_upper && !chars.get(i + 1).is_some_and(|n| n.is_lowercase())) {
                    out.push_str(&l.to_uppercase());
                } else {
                    out.push_str(l);
                }
            }
            Some(l) => out.push_str(l),
            None => out.push(c),
        }
    }
    out
}

/// A whole content file (front matter and Markdown body) in Latin script.
pub fn file_to_latin(text: &str, body_start: usize) -> String {
    let (front, body) = text.split_at(body_start.min(text.len()));
    let mut out = to_latin(front);
    out.push_str(&markdown_to_latin(body));
    out
}

/// A Markdown body in Latin script, leaving code, link targets, tags and marked names alone.
fn markdown_to_latin(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_fence: Option<String> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(fence) = &in_fence {
            if trimmed.starts_with(fence.as_str()) {
                in_fence = None;
            }
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = Some(trimmed[..3].to_string());
            out.push_str(line);
            continue;
        }
        out.push_str(&line_to_latin(line));
    }
    out
}

const KEEP_OPEN: &str = "<span translate=\"no\">";

/// One line of prose: skips `code`, `](target)`, `<tags>` and `translate="no"` spans.
fn line_to_latin(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let (kept, after) = if let Some(inner) = rest.strip_prefix(KEEP_OPEN) {
            let end = inner.find("</span>").map_or(inner.len(), |i| i + "</span>".len());
            (&rest[..KEEP_OPEN.len() + end], &inner[end..])
        } else if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|&c| c == '`').count();
            let closing = &rest[..ticks];
            let end = rest[ticks..]
                .find(closing)
                .map_or(rest.len(), |i| ticks + i + ticks);
            (&rest[..end], &rest[end..])
        } else if rest.starts_with("](") {
            let end = rest.find(')').map_or(rest.len(), |i| i + 1);
            (&rest[..end], &rest[end..])
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            (&rest[..end], &rest[end..])
        } else {
            let first = rest.chars().next().map_or(1, char::len_utf8);
            let next = rest[first..]
                .find(['`', ']', '<'])
                .map_or(rest.len(), |i| i + first);
            out.push_str(&to_latin(&rest[..next]));
            rest = &rest[next..];
            continue;
        };
        out.push_str(kept);
        rest = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digraphs_follow_serbian_latin() {
        assert_eq!(
            to_latin("Љубљана, Ђорђе, Џон, Његош"),
            "Ljubljana, Đorđe, Džon, Njegoš"
        );
        assert_eq!(to_latin("ЉУБЉАНА"), "LJUBLJANA");
        assert_eq!(to_latin("Чачак 2026, ICT"), "Čačak 2026, ICT");
    }

    #[test]
    fn code_links_tags_and_marked_names_are_left_alone() {
        let body = "Кластер `код` и [веза](@/clusters/нови.md) <span translate=\"no\">Нови Сад</span> у Новом Саду.\n```\nкод\n```\nКрај\n";
        assert_eq!(
            markdown_to_latin(body),
            "Klaster `код` i [veza](@/clusters/нови.md) <span translate=\"no\">Нови Сад</span> u Novom Sadu.\n```\nкод\n```\nKraj\n"
        );
    }
}

/// ASCII for a title in `lang`, following the language's own romanisation where deunicode's
/// generic one reads wrongly: Serbian `š` is `s` and `đ` is `dj`, Bulgarian `щ` is `sht`
/// (Streamlined System), Macedonian `ќ` is `kj`, Greek follows ELOT 743 (`η` is `i`).
/// Other text goes through deunicode.
pub fn to_ascii(text: &str, lang: &str) -> String {
    let primary = lang.split('-').next().unwrap_or(lang);
    let romanised = match primary {
        "sr" | "hr" | "bs" | "sh" => to_latin(text).replace('đ', "dj").replace('Đ', "Dj"),
        "bg" => map_chars(text, bulgarian),
        "mk" => map_chars(text, macedonian),
        "el" => greek(text),
        _ => text.to_string(),
    };
    deunicode::deunicode(&romanised)
}

fn map_chars(text: &str, table: fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        match table(lower) {
            Some(l) if c.is_uppercase() => {
                let mut chars = l.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            }
            Some(l) => out.push_str(l),
            None => out.push(c),
        }
    }
    out
}

/// The Streamlined System (official in Bulgaria since 2009).
fn bulgarian(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "sht",
        'ъ' => "a",
        'ь' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Macedonian romanisation as used on Macedonian government sites.
fn macedonian(c: char) -> Option<&'static str> {
    Some(match c {
        'ѓ' => "gj",
        'ѕ' => "dz",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ќ' => "kj",
        'џ' => "dzh",
        'ж' => "zh",
        'ц' => "c",
        'ч' => "ch",
        'ш' => "sh",
        other => return latin_letter(other).filter(|l| l.is_ascii()),
    })
}

/// ELOT 743, without accents, the common digraphs included.
fn greek(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' | 'ϊ' | 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' | 'ϋ' | 'ΰ' => 'υ',
            'ώ' => 'ω',
            'Ά' => 'Α',
            'Έ' => 'Ε',
            'Ή' => 'Η',
            'Ί' => 'Ι',
            'Ό' => 'Ο',
            'Ύ' => 'Υ',
            'Ώ' => 'Ω',
            other => other,
        })
        .collect::<String>()
        .to_lowercase();
    let mut out = String::with_capacity(plain.len());
    let chars: Vec<char> = plain.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let pair: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let two = match pair.as_str() {
            "ου" => Some("ou"),
            "αυ" => Some("av"),
            "ευ" => Some("ev"),
            "ηυ" => Some("iv"),
            "γγ" => Some("ng"),
            "γκ" => Some("gk"),
            _ => None,
        };
        if let Some(t) = two {
            out.push_str(t);
            i += 2;
            continue;
        }
        let one = match chars[i] {
            'α' => "a",
            'β' => "v",
            'γ' => "g",
            'δ' => "d",
            'ε' => "e",
            'ζ' => "z",
            'η' => "i",
            'θ' => "th",
            'ι' => "i",
            'κ' => "k",
            'λ' => "l",
            'μ' => "m",
            'ν' => "n",
            'ξ' => "x",
            'ο' => "o",
            'π' => "p",
            'ρ' => "r",
            'σ' | 'ς' => "s",
            'τ' => "t",
            'υ' => "y",
            'φ' => "f",
            'χ' => "ch",
            'ψ' => "ps",
            'ω' => "o",
            _ => {
                out.push(chars[i]);
                i += 1;
                continue;
            }
        };
        out.push_str(one);
        i += 1;
    }
    out
}

#[cfg(test)]
mod ascii_tests {
    use super::*;

    #[test]
    fn each_language_romanises_its_own_way() {
        assert_eq!(
            to_ascii("Шта је S3? Ђурђевак", "sr-Cyrl"),
            "Sta je S3? Djurdjevak"
        );
        assert_eq!(to_ascii("Щастие и Юг", "bg"), "Shtastie i Yug");
        assert_eq!(to_ascii("Ќерка и Ѓорѓи", "mk"), "Kjerka i Gjorgji");
        assert_eq!(
            to_ascii("Έξυπνη εξειδίκευση, Ευρώπη", "el"),
            "exypni exeidikevsi, evropi"
        );
        assert_eq!(to_ascii("Știință", "ro"), "Stiinta");
    }
}
