//! Finds shortcode calls in a Markdown body and swaps them for placeholders.
//!
//! `{{ name(key=value) }}` is an inline call; `{% name(key=value) %}body{% end %}` has a body.
//! Arguments are TOML values. Calls inside fenced code blocks and inline code are left alone.
//! The placeholders are plain words that Markdown leaves as they are; after rendering, each is
//! replaced by the shortcode's output.

use std::borrow::Cow;

/// One shortcode call found in the body.
#[derive(Debug, Clone)]
pub struct ShortcodeCall {
    /// The shortcode's name: its template is `shortcodes/<name>.html`.
    pub name: String,
    /// The arguments.
    pub args: toml::Table,
    /// The text between the opening tag and `{% end %}`.
    pub body: Option<String>,
    /// Where the call starts in the body (bytes).
    pub offset: usize,
}

/// A problem with the call's syntax, at a byte offset of the body.
#[derive(Debug, Clone)]
pub struct ShortcodeSyntaxError {
    /// Where the call starts.
    pub offset: usize,
    /// How long the offending text is.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// The placeholder standing for call number `index`.
pub fn placeholder(index: usize) -> String {
    format!("PLSHORTCODE{index}X")
}

/// The body with every call replaced by its placeholder, and the calls. A body that cannot
/// hold a call (no `{{` or `{%`) is returned as it is, without a copy.
pub fn extract(body: &str) -> Result<(Cow<'_, str>, Vec<ShortcodeCall>), ShortcodeSyntaxError> {
    if !may_hold_a_call(body) {
        return Ok((Cow::Borrowed(body), Vec::new()));
    }
    let mut out = String::with_capacity(body.len());
    let mut calls = Vec::new();
    let mut pos = 0;
    let mut fence: Option<String> = None;
    while pos < body.len() {
        let line_end = body[pos..].find('\n').map_or(body.len(), |i| pos + i + 1);
        let line = &body[pos..line_end];
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push_str(line);
            pos = line_end;
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            fence = Some(marker);
            out.push_str(line);
            pos = line_end;
            continue;
        }
        match find_call(body, pos, line_end) {
            Some(start) => {
                let (call, end) = parse_call(body, start)?;
                out.push_str(&body[pos..start]);
                out.push_str(&placeholder(calls.len()));
                calls.push(call);
                pos = end;
            }
            None => {
                out.push_str(line);
                pos = line_end;
            }
        }
    }
    Ok((Cow::Owned(out), calls))
}

/// Whether `{{` or `{%` occurs anywhere in the text.
fn may_hold_a_call(text: &str) -> bool {
    memchr::memchr_iter(b'{', text.as_bytes())
        .any(|at| matches!(text.as_bytes().get(at + 1), Some(b'{' | b'%')))
}

fn fence_marker(trimmed_line: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let count = trimmed_line.chars().take_while(|&c| c == ch).count();
        if count >= 3 {
            return Some(ch.to_string().repeat(count));
        }
    }
    None
}

/// The start of the first call on the line `start..end` that is not inside inline code.
fn find_call(body: &str, start: usize, end: usize) -> Option<usize> {
    let line = &body[start..end];
    let mut search = 0;
    while let Some(i) = line[search..].find(['{']) {
        let at = search + i;
        let rest = &line[at..];
        let in_code = line[..at].matches('`').count() % 2 == 1;
        if !in_code && (rest.starts_with("{{") || rest.starts_with("{%")) && looks_like_call(&rest[2..]) {
            return Some(start + at);
        }
        search = at + 1;
    }
    None
}

fn looks_like_call(after_open: &str) -> bool {
    let s = after_open.trim_start();
    let name_len = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .count();
    name_len > 0 && s[name_len..].trim_start().starts_with('(')
}

/// Parses the call at `start`; returns it and the offset just after it.
fn parse_call(body: &str, start: usize) -> Result<(ShortcodeCall, usize), ShortcodeSyntaxError> {
    let with_body = body[start..].starts_with("{%");
    let close = if with_body { "%}" } else { "}}" };
    let inner_start = start + 2;
    let open_paren = inner_start + body[inner_start..].find('(').unwrap_or(0);
    let name = body[inner_start..open_paren].trim().to_string();
    let close_paren = matching_paren(body, open_paren).ok_or_else(|| ShortcodeSyntaxError {
        offset: start,
        len: name.len() + 3,
        message: format!("the arguments of shortcode `{name}` are not closed with `)`"),
        hint: "close the argument list, e.g. {{ figure(src=\"map.png\") }}".to_string(),
    })?;
    let after = &body[close_paren + 1..];
    let tag_end = if after.trim_start().starts_with(close) {
        close_paren + 1 + (after.len() - after.trim_start().len()) + 2
    } else {
        return Err(ShortcodeSyntaxError {
            offset: start,
            len: close_paren + 1 - start,
            message: format!("shortcode `{name}` is not closed with `{close}`"),
            hint: format!("end the call with `{close}`"),
        });
    };
    let args = parse_args(&body[open_paren + 1..close_paren]).map_err(|message| ShortcodeSyntaxError {
        offset: start,
        len: close_paren + 1 - start,
        message: format!("the arguments of shortcode `{name}` are not valid: {message}"),
        hint: "write arguments as key=value, separated by commas; strings in quotes: note(kind=\"info\", level=2)".to_string(),
    })?;
    if !with_body {
        return Ok((
            ShortcodeCall {
                name,
                args,
                body: None,
                offset: start,
            },
            tag_end,
        ));
    }
    let end_tag = find_end_tag(body, tag_end).ok_or_else(|| ShortcodeSyntaxError {
        offset: start,
        len: tag_end - start,
        message: format!("shortcode `{name}` has no `{{% end %}}`"),
        hint: "close the shortcode's body with {% end %}".to_string(),
    })?;
    let inner = body[tag_end..end_tag.0].trim_matches('\n').to_string();
    Ok((
        ShortcodeCall {
            name,
            args,
            body: Some(inner),
            offset: start,
        },
        end_tag.1,
    ))
}

fn matching_paren(body: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in body[open..].char_indices() {
        match (quote, c) {
            (Some(_), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            (None, '\n') if body[open + i + 1..].starts_with('\n') => return None,
            _ => {}
        }
        escaped = false;
    }
    None
}

/// The range of the `{% end %}` tag after `from`: its start and the offset after it.
fn find_end_tag(body: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    while let Some(i) = body[search..].find("{%") {
        let at = search + i;
        let rest = &body[at + 2..];
        let trimmed = rest.trim_start();
        if let Some(after_end) = trimmed.strip_prefix("end") {
            let after = after_end.trim_start();
            if after.starts_with("%}") {
                let end = body.len() - after.len() + 2;
                return Some((at, end));
            }
        }
        search = at + 2;
    }
    None
}

/// `key="v", n=2` as a TOML table.
fn parse_args(text: &str) -> Result<toml::Table, String> {
    if text.trim().is_empty() {
        return Ok(toml::Table::new());
    }
    let wrapped = format!("args = {{ {} }}", text.replace('\n', " "));
    let mut table: toml::Table = toml::from_str(&wrapped).map_err(|e| e.message().to_string())?;
    match table.remove("args") {
        Some(toml::Value::Table(args)) => Ok(args),
        _ => Err("expected key=value pairs".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_inline_and_body_calls_but_not_code() {
        let body = "Intro {{ figure(src=\"a.png\", alt='A map') }} end.\n\n```\n{{ figure(src=\"x\") }}\n```\n\n{% note(kind=\"info\") %}\nSome **bold** text.\n{% end %}\n`{{ figure(src=\"y\") }}`\n";
        let (out, calls) = extract(body).unwrap();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "figure");
        assert_eq!(calls[0].args["alt"].as_str(), Some("A map"));
        assert_eq!(calls[1].body.as_deref(), Some("Some **bold** text."));
        assert!(out.contains("Intro PLSHORTCODE0X end."));
        assert!(out.contains("{{ figure(src=\"x\") }}"), "code block untouched");
        assert!(out.contains("`{{ figure(src=\"y\") }}`"), "inline code untouched");
    }

    #[test]
    fn a_body_without_call_openings_is_not_copied() {
        let body = "Braces { alone } and a set {a, b} stay.\n";
        let (out, calls) = extract(body).unwrap();
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(out, body);
        assert!(calls.is_empty());
        let (out, calls) = extract("Ends with {{ figure(src=\"a.png\") }}").unwrap();
        assert!(matches!(out, Cow::Owned(_)));
        assert_eq!(calls.len(), 1);
        assert!(may_hold_a_call("{%"));
        assert!(!may_hold_a_call("{"));
    }

    #[test]
    fn reports_bad_arguments_and_missing_end() {
        let error = extract("{{ figure(src=a.png) }}").unwrap_err();
        assert!(
            error
                .message
                .starts_with("the arguments of shortcode `figure` are not valid")
        );
        let error = extract("{% note() %}\nbody\n").unwrap_err();
        assert_eq!(error.message, "shortcode `note` has no `{% end %}`");
    }
}
