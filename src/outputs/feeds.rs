//! An Atom feed per language (`atom.xml`, `ro/atom.xml`): the latest dated pages written in
//! that language (fallback copies are left out).

use super::Sink;
use super::sitemap::escape_xml;
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// How many entries a feed holds.
const FEED_LENGTH: usize = 20;

/// The feed's path for `lang`: `atom.xml` or `ro/atom.xml`.
pub fn feed_path(site: &Site, lang: &str) -> String {
    format!("{}/atom.xml", site.config.language_prefix(lang))
        .trim_start_matches('/')
        .to_string()
}

/// Writes one feed per language that has dated pages.
pub fn write_feeds(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let config = &site.config;
    for lang in config.language_codes() {
        let mut pages: Vec<_> = site
            .content
            .pages
            .iter()
            .filter(|p| p.lang == lang && !p.is_fallback && p.front.date.is_some())
            .collect();
        if pages.is_empty() {
            continue;
        }
        pages.sort_by(|a, b| {
            let newest = |p: &crate::content::Page| p.front.updated.or(p.front.date);
            newest(b).cmp(&newest(a)).then_with(|| a.key.cmp(&b.key))
        });
        pages.truncate(FEED_LENGTH);
        let home = config.permalink(&format!("{}/", config.language_prefix(lang)));
        let self_url = config.permalink(&format!("/{}", feed_path(site, lang)));
        let updated = pages
            .iter()
            .filter_map(|p| p.front.updated.or(p.front.date))
            .max();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
        ));
        xml.push_str(&format!(
            "  <title>{}</title>\n",
            escape_xml(config.title_in(lang))
        ));
        xml.push_str(&format!("  <link href=\"{}\"/>\n", escape_xml(&home)));
        xml.push_str(&format!(
            "  <link rel=\"self\" href=\"{}\"/>\n",
            escape_xml(&self_url)
        ));
        xml.push_str(&format!("  <id>{}</id>\n", escape_xml(&self_url)));
        if let Some(date) = updated {
            xml.push_str(&format!("  <updated>{date}T00:00:00Z</updated>\n"));
        }
        for page in pages {
            let url = config.permalink(&page.path);
            let date = page
                .front
                .updated
                .or(page.front.date)
                .map(|d| d.to_string())
                .unwrap_or_default();
            xml.push_str("  <entry>\n");
            xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&page.front.title)));
            xml.push_str(&format!("    <link href=\"{}\"/>\n", escape_xml(&url)));
            xml.push_str(&format!("    <id>{}</id>\n", escape_xml(&url)));
            if let Some(published) = page.front.date {
                xml.push_str(&format!("    <published>{published}T00:00:00Z</published>\n"));
            }
            xml.push_str(&format!("    <updated>{date}T00:00:00Z</updated>\n"));
            if let Some(description) = &page.front.description {
                xml.push_str(&format!("    <summary>{}</summary>\n", escape_xml(description)));
            }
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        sink.write(&feed_path(site, lang), xml.as_bytes())?;
    }
    Ok(())
}
