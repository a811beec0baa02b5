//! Language-aware formatting and ordering with ICU4X: dates, numbers, and the order of titles
//! (Romanian ș after s, Serbian Cyrillic and Latin each in their own alphabet's order).
//!
//! One [`Locales`] is built per build for the site's languages and shared by every stage that
//! sorts or formats. Unknown or unsupported codes fall back to the root locale.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::Datelike;
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_datetime::input::Date;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale::Locale;

/// How long a formatted date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateStyle {
    /// 14.03.2025
    Short,
    /// 14 mar. 2025
    Medium,
    /// 14 martie 2025
    Long,
}

impl DateStyle {
    /// `short`, `medium` or `long`.
    pub fn parse(name: &str) -> Option<DateStyle> {
        match name {
            "short" => Some(DateStyle::Short),
            "medium" => Some(DateStyle::Medium),
            "long" => Some(DateStyle::Long),
            _ => None,
        }
    }
}

/// The formatters and collator of one language.
struct LanguageTools {
    dates: HashMap<DateStyle, DateTimeFormatter<YMD>>,
    numbers: DecimalFormatter,
    collator: CollatorBorrowed<'static>,
}

/// Formatting and ordering for each language of the site.
pub struct Locales {
    by_lang: HashMap<String, LanguageTools>,
    root: LanguageTools,
}

impl std::fmt::Debug for Locales {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locales")
            .field("languages", &self.by_lang.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn tools(locale: &Locale) -> LanguageTools {
    let mut dates = HashMap::new();
    for (style, set) in [
        (DateStyle::Short, YMD::short()),
        (DateStyle::Medium, YMD::medium()),
        (DateStyle::Long, YMD::long()),
    ] {
        if let Ok(formatter) = DateTimeFormatter::try_new(locale.into(), set) {
            dates.insert(style, formatter);
        }
    }
    let numbers = DecimalFormatter::try_new(locale.into(), Default::default())
        .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
        .expect("the root locale's number data is compiled in");
    let collator = Collator::try_new(locale.into(), CollatorOptions::default())
        .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
        .expect("the root collation is compiled in");
    LanguageTools {
        dates,
        numbers,
        collator,
    }
}

/// The ICU locale for a site language code, or the root locale when it does not parse.
pub fn parse_locale(code: &str) -> Locale {
    code.parse().unwrap_or(Locale::UNKNOWN)
}

impl Locales {
    /// Tools for each of `codes` (`ro`, `sr-Cyrl`, …); `locales` maps a code to another ICU
    /// locale when the site's `locale` setting says so.
    pub fn new<'a>(codes: impl IntoIterator<Item = (&'a str, &'a str)>) -> Locales {
        let by_lang = codes
            .into_iter()
            .map(|(code, locale)| (code.to_string(), tools(&parse_locale(locale))))
            .collect();
        Locales {
            by_lang,
            root: tools(&Locale::UNKNOWN),
        }
    }

    fn get(&self, lang: &str) -> &LanguageTools {
        self.by_lang.get(lang).unwrap_or(&self.root)
    }

    /// The date in the language's own words.
    pub fn format_date(&self, date: chrono::NaiveDate, lang: &str, style: DateStyle) -> String {
        let Ok(iso) = Date::try_new_iso(date.year(), date.month() as u8, date.day() as u8) else {
            return date.to_string();
        };
        match self.get(lang).dates.get(&style) {
            Some(formatter) => formatter.format(&iso).to_string(),
            None => date.to_string(),
        }
    }

    /// A number with the language's digit grouping and decimal separator.
    pub fn format_number(&self, number: f64, lang: &str) -> String {
        let text = if number.fract() == 0.0 && number.abs() < 1e15 {
            format!("{}", number as i64)
        } else {
            format!("{number}")
        };
        match text.parse::<Decimal>() {
            Ok(decimal) => self.get(lang).numbers.format(&decimal).to_string(),
            Err(_) => text,
        }
    }

    /// Compares two texts in the language's alphabetical order.
    pub fn compare(&self, a: &str, b: &str, lang: &str) -> Ordering {
        self.get(lang).collator.compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Locales {
        Locales::new([
            ("en", "en"),
            ("ro", "ro"),
            ("bg", "bg"),
            ("sr-Cyrl", "sr-Cyrl"),
            ("sr-Latn", "sr-Latn"),
            ("el", "el"),
        ])
    }

    #[test]
    fn dates_are_written_in_each_language() {
        let l = locales();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(l.format_date(date, "en", DateStyle::Long), "March 14, 2026");
        assert_eq!(l.format_date(date, "ro", DateStyle::Long), "14 martie 2026");
        assert_eq!(
            l.format_date(date, "bg", DateStyle::Long),
            "14 март 2026\u{202f}г."
        );
        assert_eq!(l.format_date(date, "el", DateStyle::Long), "14 Μαρτίου 2026");
        assert_eq!(l.format_date(date, "sr-Latn", DateStyle::Long), "14. mart 2026.");
    }

    #[test]
    fn romanian_s_comma_sorts_after_s_and_serbian_latin_has_its_own_order() {
        let l = locales();
        let mut ro = vec!["Ștefan", "Suceava", "Tulcea", "Sibiu"];
        ro.sort_by(|a, b| l.compare(a, b, "ro"));
        assert_eq!(ro, ["Sibiu", "Suceava", "Ștefan", "Tulcea"]);
        let mut sr = vec!["Čačak", "Ćuprija", "Cetinje", "Dragan", "Džep", "Đakovo"];
        sr.sort_by(|a, b| l.compare(a, b, "sr-Latn"));
        assert_eq!(sr, ["Cetinje", "Čačak", "Ćuprija", "Dragan", "Džep", "Đakovo"]);
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        let l = locales();
        assert_eq!(l.format_number(450000.0, "en"), "450,000");
        assert_eq!(l.format_number(450000.0, "ro"), "450.000");
        assert_eq!(
            l.format_number(6.5, "de"),
            "6.5",
            "an undeclared language falls back to the root locale"
        );
    }
}
