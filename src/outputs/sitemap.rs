//! sitemap.xml and robots.txt.

use std::collections::HashMap;

use super::{Job, Sink};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// sitemap.xml: every page, section and taxonomy page, sorted by address.
pub fn write_sitemap(site: &Site, jobs: &[Job], sink: &dyn Sink) -> Result<(), Diagnostic> {
    let translations = Translations::new(site);
    let mut entries: Vec<Entry> = jobs
        .iter()
        .filter(|job| job.in_sitemap())
        .filter_map(|job| entry(site, &translations, job))
        .collect();
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries.dedup_by(|a, b| a.loc == b.loc);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for entry in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&entry.loc));
        xml.push_str("</loc>\n");
        if let Some(date) = entry.lastmod {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        for (hreflang, href) in entry.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>\n",
                escape_xml(&href)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    sink.write("sitemap.xml", xml.as_bytes())
}

/// One address of the sitemap with its translations.
struct Entry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<(String, String)>,
}

/// The languages and paths of every page and section, by content key (fallbacks left out).
struct Translations<'a> {
    pages: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
    sections: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
}

impl<'a> Translations<'a> {
    fn new(site: &'a Site) -> Translations<'a> {
        let mut pages: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for page in site.content.pages.iter().filter(|p| !p.is_fallback) {
            pages
                .entry(page.key.as_str())
                .or_default()
                .push((page.lang.as_str(), page.path.as_str()));
        }
        let mut sections: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for section in site.content.sections.iter().filter(|s| !s.is_fallback) {
            sections
                .entry(section.key.as_str())
                .or_default()
                .push((section.lang.as_str(), section.path.as_str()));
        }
        Translations { pages, sections }
    }
}

/// The sitemap entry of a job; fallback copies are left out (their text lives elsewhere).
fn entry(site: &Site, all: &Translations, job: &Job) -> Option<Entry> {
    let config = &site.config;
    let loc = config.permalink(&job.site_path(site));
    let (translations, lastmod) = match job {
        Job::Page(i) => {
            let page = &site.content.pages[*i];
            if page.is_fallback {
                return None;
            }
            let dates = page.front.updated.or(page.front.date).map(|d| d.to_string());
            (
                all.pages.get(page.key.as_str()).cloned().unwrap_or_default(),
                dates,
            )
        }
        Job::Section { index, .. } => {
            let section = &site.content.sections[*index];
            if section.is_fallback {
                return None;
            }
            (
                all.sections
                    .get(section.key.as_str())
                    .cloned()
                    .unwrap_or_default(),
                None,
            )
        }
        _ => (Vec::new(), None),
    };
    let order = config.language_codes();
    let mut translations = translations;
    translations.sort_by_key(|(lang, _)| order.iter().position(|l| l == lang).unwrap_or(usize::MAX));
    let mut alternates: Vec<(String, String)> = Vec::new();
    if translations.len() > 1 {
        for (lang, path) in &translations {
            alternates.push((lang.to_string(), config.permalink(path)));
            if *lang == config.default_language {
                alternates.push(("x-default".to_string(), config.permalink(path)));
            }
        }
    }
    Some(Entry {
        loc,
        lastmod,
        alternates,
    })
}

/// robots.txt allowing everything and naming the sitemap.
pub fn write_robots(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.config.permalink("/sitemap.xml")
    );
    sink.write("robots.txt", text.as_bytes())
}

/// Escapes text for XML element content and attributes.
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
