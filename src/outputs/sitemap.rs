//! sitemap.xml and robots.txt.

use super::{Job, Sink};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// sitemap.xml: every page, section and taxonomy page, sorted by address.
pub fn write_sitemap(site: &Site, jobs: &[Job], sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut entries: Vec<(String, Option<String>)> = jobs
        .iter()
        .filter(|job| job.in_sitemap())
        .map(|job| {
            let lastmod = match job {
                Job::Page(i) => {
                    let front = &site.content.pages[*i].front;
                    front.updated.or(front.date).map(|d| d.to_string())
                }
                _ => None,
            };
            (site.config.permalink(&job.site_path(site)), lastmod)
        })
        .collect();
    entries.sort();
    entries.dedup();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&loc));
        xml.push_str("</loc>\n");
        if let Some(date) = lastmod {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    sink.write("sitemap.xml", xml.as_bytes())
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
