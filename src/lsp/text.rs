//! Positions in a document as editors count them, and what surrounds a position in the
//! front matter: a key being typed, or the value of a key.
//!
//! LSP positions are 0-based lines and columns in UTF-16 code units; policylab's diagnostics
//! count lines and columns from 1 in characters. Everything here clamps positions past the end
//! of a line or of the text instead of failing.

/// The number of UTF-16 code units of `text`.
pub fn utf16_len(text: &str) -> u32 {
    text.chars().map(|c| c.len_utf16() as u32).sum()
}

/// The lines of `text`, without their line breaks (a `\r` before `\n` is dropped too).
pub fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// The byte offset in `line` of the UTF-16 column `character`, clamped to the line's end and
/// to a character boundary.
pub fn byte_of_column(line: &str, character: u32) -> usize {
    let mut units = 0;
    for (offset, c) in line.char_indices() {
        if units >= character {
            return offset;
        }
        units += c.len_utf16() as u32;
    }
    line.len()
}

/// The UTF-16 column of the character column `column` (from 1) of `line`, and of `len`
/// characters after it.
pub fn utf16_span(line: &str, column: usize, len: usize) -> (u32, u32) {
    let skip = column.saturating_sub(1);
    let start = utf16_len(&line.chars().take(skip).collect::<String>());
    let width = utf16_len(&line.chars().skip(skip).take(len).collect::<String>());
    (start, start + width)
}

/// The front matter's lines: the index of the opening `+++` line and of the closing one, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The line of the opening `+++`.
    pub open: usize,
    /// The line of the closing `+++`; none while the front matter is not closed.
    pub close: Option<usize>,
}

impl Block {
    /// The front matter of a document split into `lines`, when it starts with `+++`.
    pub fn of(lines: &[&str]) -> Option<Block> {
        let first = lines.first()?.trim_start_matches('\u{feff}');
        if first.trim_end() != "+++" {
            return None;
        }
        let close = lines
            .iter()
            .skip(1)
            .position(|l| l.trim_end() == "+++")
            .map(|i| i + 1);
        Some(Block { open: 0, close })
    }

    /// True when `line` is a TOML line of the front matter.
    pub fn contains(&self, line: usize) -> bool {
        line > self.open && self.close.is_none_or(|close| line < close)
    }
}

/// What the text before the cursor is, inside the front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// A key is being typed at the start of a line; the word so far starts at `start`
    /// (UTF-16 column).
    Key {
        /// Where the word being typed starts.
        start: u32,
    },
    /// The value of `key` is being typed; the item so far starts at `start` (UTF-16 column),
    /// and the completion may replace up to `end` (a closing quote after the cursor).
    Value {
        /// The key whose value this is.
        key: String,
        /// True inside the `[ ]` of a list.
        in_list: bool,
        /// Where the item being typed starts.
        start: u32,
        /// Where a completion ends.
        end: u32,
        /// True right after the `=`: a completion starts with a space.
        pad: bool,
    },
}

/// A top-level `key = …` line: the key and the byte offset just after its `=`.
pub fn key_line(line: &str) -> Option<(&str, usize)> {
    let equals = line.find('=')?;
    let key = line[..equals].trim();
    let key = key
        .strip_prefix('"')
        .and_then(|k| k.strip_suffix('"'))
        .unwrap_or(key);
    is_key(key).then_some((key, equals + 1))
}

/// True for a bare TOML key: letters, digits, `_` and `-`.
pub fn is_key(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// True for a `[table]` or `[[array]]` header line.
pub fn is_table_header(line: &str) -> bool {
    line.trim_start().starts_with('[')
}

/// The top-level keys written in the front matter, and the value of `type` if it is given.
/// Lines of tables (`[extra]`) and continuation lines are skipped. The line `skip` is left
/// out (the one being edited).
pub fn written_keys(lines: &[&str], block: Block, skip: Option<usize>) -> (Vec<String>, Option<String>) {
    let mut keys = Vec::new();
    let mut type_name = None;
    let end = block.close.unwrap_or(lines.len());
    for (index, line) in lines.iter().enumerate().take(end).skip(block.open + 1) {
        if is_table_header(line) {
            break;
        }
        if Some(index) == skip || line.starts_with(char::is_whitespace) {
            continue;
        }
        if let Some((key, after)) = key_line(line) {
            if key == "type" {
                let value = line[after..].trim();
                let value = value.split('#').next().unwrap_or("").trim();
                type_name = Some(value.trim_matches(|c| c == '"' || c == '\'').to_string());
            }
            keys.push(key.to_string());
        }
    }
    (keys, type_name)
}

/// The context of the cursor at `line`, UTF-16 column `character`, or none when the cursor
/// is outside the front matter's top-level keys and values.
pub fn context(lines: &[&str], block: Block, line: usize, character: u32) -> Option<Context> {
    if !block.contains(line) {
        return None;
    }
    let text = lines.get(line)?;
    let cursor = byte_of_column(text, character);
    let before = &text[..cursor];
    if lines[block.open + 1..line].iter().any(|l| is_table_header(l)) || is_table_header(before) {
        return None;
    }
    if let Some((key, after)) = key_line(before) {
        let value = &before[after..];
        if value.contains('{') && !value.contains('}') {
            return None;
        }
        return Some(value_context(key, text, after, cursor, depth(value) > 0));
    }
    if !before.contains('=') {
        if let Some(context) = continued_list(lines, block, line, before, text, cursor) {
            return Some(context);
        }
        let word = before.trim_start();
        if word.is_empty() || is_key(word) {
            return Some(Context::Key {
                start: utf16_len(&before[..before.len() - word.len()]),
            });
        }
    }
    None
}

/// A cursor on a line of a list that started on an earlier line (`sectors = [` … `]`).
fn continued_list(
    lines: &[&str],
    block: Block,
    line: usize,
    before: &str,
    text: &str,
    cursor: usize,
) -> Option<Context> {
    let mut written = String::from(before);
    for index in (block.open + 1..line).rev() {
        let earlier = lines[index];
        if let Some((key, after)) = key_line(earlier).filter(|_| !earlier.starts_with(char::is_whitespace)) {
            written.insert_str(0, &format!("{}\n", &earlier[after..]));
            return (depth(&written) > 0).then(|| value_context(key, text, 0, cursor, true));
        }
        written.insert_str(0, &format!("{earlier}\n"));
    }
    None
}

fn value_context(key: &str, text: &str, value_start: usize, cursor: usize, in_list: bool) -> Context {
    let value = &text[value_start..cursor];
    let start = if value.matches('"').count() % 2 == 1 {
        value_start + value.rfind('"').unwrap_or(0)
    } else {
        let kept = value
            .rfind(|c: char| c.is_whitespace() || matches!(c, '[' | ',' | '='))
            .map_or(0, |i| i + value[i..].chars().next().map_or(1, char::len_utf8));
        value_start + kept
    };
    let mut end = cursor;
    if text[start..cursor].starts_with('"') && text[cursor..].starts_with('"') {
        end += 1;
    }
    Context::Value {
        key: key.to_string(),
        in_list,
        start: utf16_len(&text[..start]),
        end: utf16_len(&text[..end]),
        pad: text[..start].ends_with('='),
    }
}

/// How many `[` are open in `text`, outside strings.
fn depth(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '[') => depth += 1,
            (None, ']') => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// The key written at the start of `line` and its UTF-16 columns, when `character` is on it.
pub fn key_at(line: &str, character: u32) -> Option<(&str, u32, u32)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (key, _) = key_line(line)?;
    let offset = line.find(key)?;
    let start = utf16_len(&line[..offset]);
    let end = start + utf16_len(key);
    (start..=end).contains(&character).then_some((key, start, end))
}

/// The text between the quotes of the `"…"` string under `character`, and the UTF-16 columns
/// of the string, quotes included.
pub fn quoted_at(line: &str, character: u32) -> Option<(&str, u32, u32)> {
    let mut open: Option<(usize, u32)> = None;
    let mut column = 0;
    let mut escaped = false;
    for (offset, c) in line.char_indices() {
        let next = column + c.len_utf16() as u32;
        match (open, c) {
            (Some(_), '\\') if !escaped => {
                escaped = true;
                column = next;
                continue;
            }
            (Some((start, start_column)), '"') if !escaped => {
                if (start_column..=next).contains(&character) {
                    return Some((&line[start + 1..offset], start_column, next));
                }
                open = None;
            }
            (None, '"') => open = Some((offset, column)),
            (None, '#') => return None,
            _ => {}
        }
        escaped = false;
        column = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, line: usize, character: u32) -> Option<Context> {
        let lines = lines(text);
        let block = Block::of(&lines)?;
        context(&lines, block, line, character)
    }

    #[test]
    fn columns_count_utf16_units() {
        assert_eq!(utf16_len("Ниш 𝄞"), 6);
        assert_eq!(byte_of_column("Ниш = 1", 3), 6);
        assert_eq!(byte_of_column("ab", 10), 2);
        assert_eq!(utf16_span("țară = \"x\"", 8, 3), (7, 10));
    }

    #[test]
    fn keys_and_values_are_told_apart() {
        let text = "+++\ntitle = \"A\"\ncou\ncountry = \"R\"\nthemes = [\"digital\", \n  \"gr\"]\n+++\nbody";
        assert_eq!(at(text, 2, 3), Some(Context::Key { start: 0 }));
        assert_eq!(
            at(text, 3, 12),
            Some(Context::Value {
                key: "country".into(),
                in_list: false,
                start: 10,
                end: 13,
                pad: false
            })
        );
        assert!(matches!(
            at(text, 4, 21),
            Some(Context::Value {
                in_list: true,
                start: 21,
                ..
            })
        ));
        assert!(
            matches!(at(text, 5, 5), Some(Context::Value { ref key, in_list: true, start: 2, .. }) if key == "themes")
        );
        assert!(matches!(
            at("+++\ndraft =\n", 1, 7),
            Some(Context::Value {
                pad: true,
                start: 7,
                ..
            })
        ));
        assert_eq!(at(text, 7, 0), None);
        assert_eq!(at(text, 0, 1), None);
    }

    #[test]
    fn quoted_strings_are_found_under_the_cursor() {
        let line = "sectors = [\"J\", \"Ниш \\\" x\", \"62\"]";
        assert_eq!(quoted_at(line, 12), Some(("J", 11, 14)));
        assert_eq!(quoted_at(line, 14), Some(("J", 11, 14)));
        assert_eq!(quoted_at(line, 18), Some(("Ниш \\\" x", 16, 26)));
        assert_eq!(quoted_at(line, 29), Some(("62", 28, 32)));
        assert_eq!(quoted_at(line, 3), None);
    }

    #[test]
    fn tables_and_missing_front_matter_give_no_context() {
        assert_eq!(at("+++\n[extra]\nfoo\n+++\n", 2, 1), None);
        assert_eq!(at("# no front matter\n", 0, 3), None);
        assert_eq!(at("+++\ntitle = \"A\"\n", 5, 3), None);
    }

    #[test]
    fn written_keys_and_type_are_read_line_by_line() {
        let text = "+++\ntitle = \"A\"\ntype = \"event\"\n[extra]\nx = 1\n+++\n";
        let lines = lines(text);
        let (keys, type_name) = written_keys(&lines, Block::of(&lines).unwrap(), None);
        assert_eq!(keys, ["title", "type"]);
        assert_eq!(type_name.as_deref(), Some("event"));
    }
}
