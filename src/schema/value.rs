//! One field value: checking a TOML value against a kind, and suggesting what was meant.

use chrono::NaiveDate;

use super::codes::{self, CodeList};
use crate::config::{Config, FieldDecl, FieldKind};
use crate::diagnostics::nearest;

/// A checked field value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// text
    Text(String),
    /// markdown (the source; rendered by the template stage)
    Markdown(String),
    /// int
    Int(i64),
    /// float
    Float(f64),
    /// bool
    Bool(bool),
    /// date
    Date(NaiveDate),
    /// url
    Url(String),
    /// email
    Email(String),
    /// country: ISO 3166-1 alpha-2
    Country(String),
    /// nuts: a NUTS code
    Nuts(String),
    /// nace: a section letter or division number
    Nace(String),
    /// ecosystem: an id of the EU industrial ecosystems
    Ecosystem(String),
    /// geo
    Geo {
        /// Latitude, -90 to 90.
        lat: f64,
        /// Longitude, -180 to 180.
        lon: f64,
    },
    /// enum: an id of a declared list
    Enum(String),
    /// list
    List(Vec<FieldValue>),
    /// ref: the content key of another page
    Ref(String),
}

impl FieldValue {
    /// The content keys this value refers to.
    pub fn refs(&self) -> Vec<&str> {
        match self {
            FieldValue::Ref(key) => vec![key.as_str()],
            FieldValue::List(items) => items.iter().flat_map(FieldValue::refs).collect(),
            _ => Vec::new(),
        }
    }

    /// The value as JSON data: codes and ids as strings, places as `{lat, lon}`, lists as arrays.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            FieldValue::Text(s)
            | FieldValue::Markdown(s)
            | FieldValue::Url(s)
            | FieldValue::Email(s)
            | FieldValue::Country(s)
            | FieldValue::Nuts(s)
            | FieldValue::Nace(s)
            | FieldValue::Ecosystem(s)
            | FieldValue::Enum(s)
            | FieldValue::Ref(s) => J::String(s.clone()),
            FieldValue::Int(i) => J::from(*i),
            FieldValue::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            FieldValue::Bool(b) => J::Bool(*b),
            FieldValue::Date(d) => J::String(d.to_string()),
            FieldValue::Geo { lat, lon } => serde_json::json!({ "lat": lat, "lon": lon }),
            FieldValue::List(items) => J::Array(items.iter().map(FieldValue::to_json).collect()),
        }
    }

    /// The items of a list, or the value itself as a one-item list.
    pub fn items(&self) -> Vec<&FieldValue> {
        match self {
            FieldValue::List(items) => items.iter().collect(),
            other => vec![other],
        }
    }
}

type Problem = (String, String);

/// Checks `raw` against `kind`. `page_type` tells, for a content key, whether such a page
/// exists and what its type is.
pub fn check(
    kind: FieldKind,
    field: &FieldDecl,
    raw: &toml::Value,
    config: &Config,
    page_type: &dyn Fn(&str) -> Option<Option<String>>,
) -> Result<FieldValue, Problem> {
    let text = || raw.as_str().ok_or_else(|| wrong_type(kind, raw, field));
    match kind {
        FieldKind::Text => Ok(FieldValue::Text(text()?.to_string())),
        FieldKind::Markdown => Ok(FieldValue::Markdown(text()?.to_string())),
        FieldKind::Int => raw
            .as_integer()
            .map(FieldValue::Int)
            .ok_or_else(|| wrong_type(kind, raw, field)),
        FieldKind::Float => raw
            .as_float()
            .or_else(|| raw.as_integer().map(|i| i as f64))
            .map(FieldValue::Float)
            .ok_or_else(|| wrong_type(kind, raw, field)),
        FieldKind::Bool => raw
            .as_bool()
            .map(FieldValue::Bool)
            .ok_or_else(|| wrong_type(kind, raw, field)),
        FieldKind::Date => date(raw)
            .map(FieldValue::Date)
            .ok_or_else(|| wrong_type(kind, raw, field)),
        FieldKind::Url => url(text()?).map(FieldValue::Url),
        FieldKind::Email => email(text()?).map(FieldValue::Email),
        FieldKind::Country => country(text()?).map(FieldValue::Country),
        FieldKind::Nuts => nuts(text()?).map(FieldValue::Nuts),
        FieldKind::Nace => nace(text()?).map(FieldValue::Nace),
        FieldKind::Ecosystem => ecosystem(text()?).map(FieldValue::Ecosystem),
        FieldKind::Geo => geo(raw).map(|(lat, lon)| FieldValue::Geo { lat, lon }),
        FieldKind::Enum => enumerated(text()?, field, config).map(FieldValue::Enum),
        FieldKind::Ref => reference(text()?, field, page_type).map(FieldValue::Ref),
        FieldKind::List => Err((
            "a list cannot hold lists".into(),
            "use a list of simple values".into(),
        )),
    }
}

/// How a kind is called in messages.
pub fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text | FieldKind::Markdown => "text in quotes",
        FieldKind::Int => "a whole number",
        FieldKind::Float => "a number",
        FieldKind::Bool => "true or false",
        FieldKind::Date => "a date",
        FieldKind::Url => "a web address",
        FieldKind::Email => "an e-mail address",
        FieldKind::Country => "a country code",
        FieldKind::Nuts => "a NUTS region code",
        FieldKind::Nace => "a NACE code",
        FieldKind::Ecosystem => "an industrial ecosystem",
        FieldKind::Geo => "a place",
        FieldKind::Enum => "a value of the list",
        FieldKind::List => "a list",
        FieldKind::Ref => "the path of a page",
    }
}

/// A TOML value as the user wrote it, for messages.
pub fn describe(raw: &toml::Value) -> String {
    match raw {
        toml::Value::String(s) => format!("\"{s}\""),
        toml::Value::Table(_) => "a table".into(),
        toml::Value::Array(_) => "a list".into(),
        other => other.to_string(),
    }
}

/// A valid value of the field, for hints: `"RO"`, `2025-03-14`.
pub fn example(field: &FieldDecl) -> String {
    match field.kind {
        FieldKind::List => format!("[{}]", example_item(field, super::item_kind(field))),
        kind => example_item(field, kind),
    }
}

/// A valid item of `kind`, for hints.
pub fn example_item(field: &FieldDecl, kind: FieldKind) -> String {
    match kind {
        FieldKind::Text | FieldKind::Markdown => "\"…\"".into(),
        FieldKind::Int => "12".into(),
        FieldKind::Float => "1.5".into(),
        FieldKind::Bool => "true".into(),
        FieldKind::Date => "2025-03-14".into(),
        FieldKind::Url => "\"https://www.example.org\"".into(),
        FieldKind::Email => "\"info@example.org\"".into(),
        FieldKind::Country => "\"RO\"".into(),
        FieldKind::Nuts => "\"RO11\"".into(),
        FieldKind::Nace => "\"C\"".into(),
        FieldKind::Ecosystem => "\"digital\"".into(),
        FieldKind::Geo => "{ lat = 45.25, lon = 19.84 }".into(),
        FieldKind::Enum => format!("\"{}\"", field.list.as_deref().unwrap_or("id")),
        FieldKind::Ref => format!("\"{}/name.md\"", field.target.as_deref().unwrap_or("section")),
        FieldKind::List => "[]".into(),
    }
}

fn wrong_type(kind: FieldKind, raw: &toml::Value, field: &FieldDecl) -> Problem {
    (
        format!("expected {}, found {}", kind_name(kind), describe(raw)),
        format!("write it like {}", example_item(field, kind)),
    )
}

fn date(raw: &toml::Value) -> Option<NaiveDate> {
    match raw {
        toml::Value::Datetime(d) => {
            let d = d.date?;
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        _ => None,
    }
}

fn url(text: &str) -> Result<String, Problem> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let valid =
        host.is_some_and(|h| h.contains('.') && !h.starts_with('.') && !h.contains(char::is_whitespace));
    if valid && !text.contains(char::is_whitespace) {
        Ok(text.to_string())
    } else {
        Err((
            format!("\"{text}\" is not a web address"),
            format!(
                "write the full address with https://, e.g. \"https://{}\"",
                text.trim_start_matches("www.")
            ),
        ))
    }
}

fn email(text: &str) -> Result<String, Problem> {
    let valid = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if valid {
        Ok(text.to_string())
    } else {
        Err((
            format!("\"{text}\" is not an e-mail address"),
            "write a functional mailbox such as \"info@cluster.example.org\"".into(),
        ))
    }
}

fn country(text: &str) -> Result<String, Problem> {
    let list = codes::countries();
    if list.get(text).is_some() {
        return Ok(text.to_string());
    }
    if text == "EL" {
        return Err((
            "\"EL\" is not a country code".into(),
            "EL is Greece in NUTS; GR is its ISO code: write \"GR\"".into(),
        ));
    }
    if list.get(&text.to_uppercase()).is_some() {
        return Err((
            format!("\"{text}\" is not a country code"),
            format!("codes are upper case: \"{}\"", text.to_uppercase()),
        ));
    }
    Err((
        format!("\"{text}\" is not an ISO 3166-1 country code"),
        suggest_code(text, list, "\"RO\" for Romania, \"RS\" for Serbia"),
    ))
}

fn nuts(text: &str) -> Result<String, Problem> {
    let list = codes::nuts();
    if list.get(text).is_some() {
        return Ok(text.to_string());
    }
    if let Some(rest) = text.strip_prefix("GR") {
        return Err((
            format!("\"{text}\" is not a NUTS code"),
            format!("Greece is EL in NUTS: write \"EL{rest}\""),
        ));
    }
    if list.get(&text.to_uppercase()).is_some() {
        return Err((
            format!("\"{text}\" is not a NUTS code"),
            format!("codes are upper case: \"{}\"", text.to_uppercase()),
        ));
    }
    Err((
        format!("\"{text}\" is not a NUTS 2021 or 2024 region code"),
        suggest_code(text, list, "\"RO11\" for Nord-Vest"),
    ))
}

fn nace(text: &str) -> Result<String, Problem> {
    let list = codes::nace();
    let normal = text.trim().to_uppercase();
    if list.get(&normal).is_some() && normal == text {
        return Ok(text.to_string());
    }
    if list.get(&normal).is_some() {
        return Err((
            format!("\"{text}\" is not a NACE code"),
            format!("write \"{normal}\""),
        ));
    }
    let division: String = normal
        .chars()
        .skip_while(|c| c.is_ascii_alphabetic())
        .take(2)
        .collect();
    if division.len() == 2 && list.get(&division).is_some() {
        return Err((
            format!("\"{text}\" is not a NACE section or division"),
            format!("use the division \"{division}\""),
        ));
    }
    Err((
        format!("\"{text}\" is not a NACE Rev. 2 section or division"),
        suggest_code(
            text,
            list,
            "\"C\" for Manufacturing, \"62\" for computer programming",
        ),
    ))
}

fn ecosystem(text: &str) -> Result<String, Problem> {
    let list = codes::ecosystems();
    if list.get(text).is_some() {
        return Ok(text.to_string());
    }
    Err((
        format!("\"{text}\" is not one of the 14 EU industrial ecosystems"),
        suggest_code(text, list, "\"digital\""),
    ))
}

/// "did you mean "RO" (Romania)?" from codes and names alike.
fn suggest_code(text: &str, list: &CodeList, example: &str) -> String {
    let lowered = text.to_lowercase();
    let by_name = list
        .iter()
        .find(|c| c.names.values().any(|n| n.to_lowercase() == lowered));
    let near = by_name.or_else(|| {
        let candidates: Vec<(&str, &str)> = list
            .iter()
            .flat_map(|c| {
                std::iter::once(c.code.as_str())
                    .chain(c.names.values().map(String::as_str))
                    .map(move |n| (n, c.code.as_str()))
            })
            .collect();
        nearest(text, candidates.iter().map(|(n, _)| *n))
            .and_then(|n| candidates.iter().find(|(name, _)| *name == n))
            .and_then(|(_, code)| list.get(code))
    });
    match near {
        Some(code) => format!("did you mean \"{}\" ({})?", code.code, code.name("en")),
        None => format!("write a code such as {example}"),
    }
}

fn geo(raw: &toml::Value) -> Result<(f64, f64), Problem> {
    let hint = || "write the place as { lat = 45.25, lon = 19.84 } (decimal degrees)".to_string();
    let table = raw
        .as_table()
        .ok_or_else(|| (format!("expected a place, found {}", describe(raw)), hint()))?;
    let number = |key: &str| {
        table
            .get(key)
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
    };
    match (number("lat"), number("lon")) {
        (Some(lat), Some(lon))
            if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && table.len() == 2 =>
        {
            Ok((lat, lon))
        }
        (Some(lat), Some(lon)) if table.len() == 2 => Err((
            format!("lat {lat}, lon {lon} is not on Earth"),
            "latitude is -90 to 90, longitude -180 to 180; are they swapped?".into(),
        )),
        _ => Err(("a place needs lat and lon, and nothing else".into(), hint())),
    }
}

fn enumerated(text: &str, field: &FieldDecl, config: &Config) -> Result<String, Problem> {
    let name = field.list.as_deref().unwrap_or_default();
    let list = config
        .lists
        .get(name)
        .map(|l| l.keys().map(String::as_str).collect::<Vec<_>>())
        .unwrap_or_default();
    if list.contains(&text) {
        return Ok(text.to_string());
    }
    let by_label = config.lists.get(name).and_then(|l| {
        l.iter()
            .find(|(_, labels)| labels.values().any(|v| v.eq_ignore_ascii_case(text)))
            .map(|(id, _)| id.as_str())
    });
    let hint = match by_label.or_else(|| nearest(text, list.iter().copied())) {
        Some(near) => format!(
            "did you mean \"{near}\"? The values of `{name}` are: {}",
            list.join(", ")
        ),
        None => format!("the values of `{name}` are: {}", list.join(", ")),
    };
    Err((format!("\"{text}\" is not a value of the list `{name}`"), hint))
}

fn reference(
    text: &str,
    field: &FieldDecl,
    page_type: &dyn Fn(&str) -> Option<Option<String>>,
) -> Result<String, Problem> {
    let key = text.trim_start_matches("@/").to_string();
    match (page_type(&key), &field.target) {
        (None, _) => Err((
            format!("\"{text}\" names no page"),
            "write the path of a Markdown file under content/, e.g. \"clusters/danube-ict.md\"".into(),
        )),
        (Some(found), Some(target)) if found.as_deref() != Some(target.as_str()) => Err((
            format!(
                "\"{text}\" is of type {}, not {target}",
                found.as_deref().unwrap_or("none")
            ),
            format!("name a page of type {target}"),
        )),
        _ => Ok(key),
    }
}
