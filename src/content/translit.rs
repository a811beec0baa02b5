//! Serbian Cyrillic to Serbian Latin, for languages declared with
//! `generate_from = "sr-Cyrl"`: partners write once, the site publishes both scripts.
//!
//! Only Cyrillic letters change, so Latin text, numbers, codes and addresses pass through as
//! they are. In a Markdown body, code (fenced and inline), link targets, HTML tags and text
//! marked `<span translate="no">…</span>` (proper names written in Cyrillic on purpose) are
//! left alone.

/// The Latin letters for one Serbian Cyrillic letter, or `None` for any other character.
fn latin(c: char) -> Option<&'static str> {
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
        match latin(c) {
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
