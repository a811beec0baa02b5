//! sitemap.xml and robots.txt.

use super::{Job, Sink};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// sitemap.xml: every page, section and taxonomy page, sorted by address.
pub fn write_sitemap(site: &Site, jobs: &[Job], sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut entries: Vec<Entry> = jobs
        .iter()
        .filter(|job| job.in_sitemap())
        .filter_map(|job| entry(site, job))
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

/// The sitemap entry of a job; fallback copies are left out (their text lives elsewhere).
fn entry(site: &Site, job: &Job) -> Option<Entry> {
    let config = &site.config;
    let loc = config.permalink(&job.site_path(site));
    let (key, lastmod) = match job {
        Job::Page(i) => {
            let page = &site.content.pages[*i];
            if page.is_fallback {
                return None;
            }
            (
                Some(&page.key),
                page.front.updated.or(page.front.date).map(|d| d.to_string()),
            )
        }
        Job::Section { index, .. } => {
            let section = &site.content.sections[*index];
            if section.is_fallback {
                return None;
            }
            (Some(&section.key), None)
        }
        _ => (None, None),
    };
    let translations: Vec<(&str, &str)> = match (job, key) {
        (Job::Page(_), Some(key)) => site
            .content
            .pages
            .iter()
            .filter(|p| &p.key == key && !p.is_fallback)
            .map(|p| (p.lang.as_str(), p.path.as_str()))
            .collect(),
        (Job::Section { .. }, Some(key)) => site
            .content
            .sections
            .iter()
            .filter(|s| &s.key == key && !s.is_fallback)
            .map(|s| (s.lang.as_str(), s.path.as_str()))
            .collect(),
        _ => Vec::new(),
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
