//! The HTML pages: one job per output file, listed first (so two files claiming one URL are
//! caught before anything is rendered), then rendered in parallel.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Value};

use super::Sink;
use super::sitemap::escape_xml;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::render::memo::{self, Call};
use crate::site::Site;

/// One HTML file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A page.
    Page(usize),
    /// One listing page of a section.
    Section {
        /// The section.
        index: usize,
        /// Which listing page, from 1.
        pager: usize,
    },
    /// The list of terms of a taxonomy.
    TaxonomyList(usize),
    /// One listing page of a term.
    Term {
        /// The taxonomy, by index in `Site::taxonomies`.
        taxonomy: usize,
        /// The term, by index in the taxonomy.
        term: usize,
        /// Which listing page, from 1.
        pager: usize,
    },
    /// A redirect from an old address to a page or section.
    Alias {
        /// The old site path.
        from: String,
        /// The site path it redirects to.
        to: String,
        /// The file that declares the alias.
        source: PathBuf,
    },
    /// 404.html.
    NotFound,
}

impl Job {
    /// The site path the job produces, e.g. `/news/page/2/`.
    pub fn site_path(&self, site: &Site) -> String {
        match self {
            Job::Page(i) => site.content.pages[*i].path.clone(),
            Job::Section { index, pager } => pager_path(&site.content.sections[*index].path, *pager),
            Job::TaxonomyList(t) => site.taxonomies[*t].path(&site.config),
            Job::Term {
                taxonomy,
                term,
                pager,
            } => {
                let t = &site.taxonomies[*taxonomy];
                pager_path(&t.term_path(&site.config, &t.terms[*term]), *pager)
            }
            Job::Alias { from, .. } => from.clone(),
            Job::NotFound => "/404.html".to_string(),
        }
    }

    /// The file the job writes, relative to the output folder.
    pub fn output_file(&self, site: &Site) -> String {
        let path = self.site_path(site);
        let path = path.trim_start_matches('/');
        if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}index.html")
        }
    }

    /// Listed in sitemap.xml.
    pub fn in_sitemap(&self) -> bool {
        matches!(
            self,
            Job::Page(_) | Job::Section { pager: 1, .. } | Job::TaxonomyList(_) | Job::Term { pager: 1, .. }
        )
    }

    fn source(&self, site: &Site) -> PathBuf {
        match self {
            Job::Page(i) => site.content.pages[*i].source.path.clone(),
            Job::Section { index, .. } => site.content.sections[*index].source.path.clone(),
            Job::TaxonomyList(_) | Job::Term { .. } => PathBuf::from("config.toml"),
            Job::Alias { source, .. } => source.clone(),
            Job::NotFound => PathBuf::from("404.html"),
        }
    }
}

fn pager_path(path: &str, pager: usize) -> String {
    if pager <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{pager}/")
    }
}

fn pager_count(items: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        items.div_ceil(per_page).max(1)
    }
}

/// Every HTML file of the site, or an error for each URL claimed twice.
pub fn list_jobs(site: &Site) -> Result<Vec<Job>, Diagnostics> {
    let mut jobs: Vec<Job> = (0..site.content.pages.len()).map(Job::Page).collect();
    for (index, section) in site.content.sections.iter().enumerate() {
        for pager in 1..=pager_count(section.pages.len(), section.front.paginate_by) {
            jobs.push(Job::Section { index, pager });
        }
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        if taxonomy.terms.is_empty() {
            continue;
        }
        jobs.push(Job::TaxonomyList(t));
        let per_page = site
            .config
            .taxonomies
            .get(&taxonomy.name)
            .map_or(0, |c| c.paginate_by);
        for (term, entry) in taxonomy.terms.iter().enumerate() {
            for pager in 1..=pager_count(entry.pages.len(), per_page) {
                jobs.push(Job::Term {
                    taxonomy: t,
                    term,
                    pager,
                });
            }
        }
    }
    jobs.extend(alias_jobs(site));
    jobs.push(Job::NotFound);
    check_unique(site, &jobs)?;
    Ok(jobs)
}

fn alias_jobs(site: &Site) -> Vec<Job> {
    let lang_prefix = |lang: &str| site.config.language_prefix(lang);
    let pages = site
        .content
        .pages
        .iter()
        .map(|p| (&p.front.aliases, &p.path, &p.source.path, &p.lang));
    let sections = site
        .content
        .sections
        .iter()
        .map(|s| (&s.front.aliases, &s.path, &s.source.path, &s.lang));
    let mut jobs = Vec::new();
    for (aliases, to, source, lang) in pages.chain(sections) {
        for alias in aliases {
            let trimmed = alias.trim_matches('/');
            let mut from = format!("{}/{trimmed}", lang_prefix(lang));
            if !from.ends_with(".html") {
                from.push('/');
            }
            jobs.push(Job::Alias {
                from,
                to: to.clone(),
                source: source.clone(),
            });
        }
    }
    jobs
}

fn check_unique(site: &Site, jobs: &[Job]) -> Result<(), Diagnostics> {
    let mut seen: BTreeMap<String, &Job> = BTreeMap::new();
    let mut diagnostics = Diagnostics::new();
    for job in jobs {
        let file = job.output_file(site);
        if let Some(first) = seen.get(&file) {
            let (a, b) = (first.source(site), job.source(site));
            let source_b = source_text(site, &b);
            let mut diagnostic = Diagnostic::error(format!(
                "two files are published at the same address {}: {} and {}",
                job.site_path(site),
                a.display(),
                b.display()
            ))
            .in_file(&b)
            .with_hint("give one of them another `slug` in its front matter, or rename the file");
            if let Job::Alias { from, .. } = job {
                diagnostic = diagnostic.at(Location::of_text(source_b, from.trim_matches('/'), 1));
            }
            diagnostics.push(diagnostic);
        } else {
            seen.insert(file, job);
        }
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(())
    }
}

/// The text of the content file at `path`, as loaded.
fn source_text<'a>(site: &'a Site, path: &std::path::Path) -> &'a str {
    let pages = site.content.pages.iter().map(|p| &p.source);
    let sections = site.content.sections.iter().map(|s| &s.source);
    pages
        .chain(sections)
        .find(|s| s.path == path)
        .map_or("", |s| s.text.as_str())
}

/// What each HTML file of a build was rendered from, so that the next build of the dev
/// server can keep the files whose inputs did not change.
#[derive(Default)]
pub struct HtmlMemo {
    by_file: HashMap<String, Rendering>,
}

/// The inputs of one file's rendering: its template files and context (fingerprinted), and
/// the site functions it called.
struct Rendering {
    inputs: u64,
    calls: Arc<[Call]>,
}

/// What became of one job in [`render_changed`].
enum Outcome {
    Kept(Rendering),
    Rendered(Rendering),
    Redirect,
}

/// How many files were rendered and how many kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderCounts {
    /// Rendered by their templates.
    pub rendered: usize,
    /// Kept from the previous build, their inputs unchanged.
    pub kept: usize,
}

/// Renders every job in parallel and writes it.
pub fn render_all(
    site: &Site,
    renderer: &crate::render::Renderer,
    jobs: &[Job],
    sink: &dyn Sink,
    progress: &(dyn Fn() + Sync),
) -> Diagnostics {
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let output = job.output_file(site);
            let result = match prepare_job(site, renderer, job, false) {
                Prepared::Redirect(html) => Ok(html),
                Prepared::Template {
                    template, context, ..
                } => render_template(site, renderer, job, &template, &context),
            }
            .and_then(|html| sink.write(&output, html.as_bytes()));
            progress();
            result.err().map(|d| locate(site, job, d))
        })
        .collect();
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(collapse_repeats(errors));
    diagnostics
}

/// Renders the jobs whose inputs changed since `previous` and keeps the others' files
/// (`Sink::keep`); returns the memo of this build for the next.
pub fn render_changed(
    site: &Site,
    renderer: &crate::render::Renderer,
    jobs: &[Job],
    sink: &dyn Sink,
    previous: &HtmlMemo,
) -> Result<(HtmlMemo, RenderCounts), Diagnostics> {
    let outcomes: Vec<(String, Result<Outcome, Diagnostic>)> = jobs
        .par_iter()
        .map(|job| {
            let output = job.output_file(site);
            let outcome = match prepare_job(site, renderer, job, true) {
                Prepared::Redirect(html) => sink.write(&output, html.as_bytes()).map(|()| Outcome::Redirect),
                Prepared::Template {
                    template,
                    context,
                    inputs,
                } => {
                    let unchanged = previous
                        .by_file
                        .get(&output)
                        .filter(|old| old.inputs == inputs && renderer.same_results(&old.calls));
                    match unchanged {
                        Some(old) => sink.keep(&output).map(|()| {
                            Outcome::Kept(Rendering {
                                inputs,
                                calls: Arc::clone(&old.calls),
                            })
                        }),
                        None => {
                            let (html, calls) = renderer.render_recorded(&template, &context);
                            html.map_err(|d| template_error(site, job, &template, d))
                                .and_then(|html| sink.write(&output, html.as_bytes()))
                                .map(|()| {
                                    Outcome::Rendered(Rendering {
                                        inputs,
                                        calls: calls.into(),
                                    })
                                })
                        }
                    }
                }
            };
            (output, outcome.map_err(|d| locate(site, job, d)))
        })
        .collect();
    let mut memo = HtmlMemo::default();
    let mut counts = RenderCounts::default();
    let mut errors = Vec::new();
    for (output, outcome) in outcomes {
        match outcome {
            Ok(Outcome::Kept(rendering)) => {
                counts.kept += 1;
                memo.by_file.insert(output, rendering);
            }
            Ok(Outcome::Rendered(rendering)) => {
                counts.rendered += 1;
                memo.by_file.insert(output, rendering);
            }
            Ok(Outcome::Redirect) => counts.rendered += 1,
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok((memo, counts))
    } else {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(collapse_repeats(errors));
        Err(diagnostics)
    }
}

/// Page `index` rendered as it would be with another Markdown `body` (same front matter) and
/// everything else as `site` has it: the file it is written to and its HTML. Only the page's
/// own value changes, so what other values show of it (its section's listing, `get_page`)
/// is as it was: the dev server shows this first, then builds the whole site.
pub fn render_page_with_body(
    site: &Site,
    renderer: &crate::render::Renderer,
    index: usize,
    body: &crate::markdown::Rendered,
) -> Result<(String, String), Diagnostic> {
    let job = Job::Page(index);
    let page = &site.content.pages[index];
    let mut context = renderer.base_context(&page.lang, &page.path, &site.config);
    context.insert_value("page", renderer.views().page_with_body(index, body));
    let template = page_template(site, index);
    let html =
        render_template(site, renderer, &job, &template, &context).map_err(|d| locate(site, &job, d))?;
    Ok((job.output_file(site), html))
}

/// The listing pages of section `index` rendered as they would be with another Markdown
/// `body`, like [`render_page_with_body`]: each file and its HTML.
pub fn render_section_with_body(
    site: &Site,
    renderer: &crate::render::Renderer,
    index: usize,
    body: &crate::markdown::Rendered,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let section = &site.content.sections[index];
    let value = renderer.views().section_with_body(index, body);
    (1..=pager_count(section.pages.len(), section.front.paginate_by))
        .map(|pager| {
            let job = Job::Section { index, pager };
            let (template, context) = section_job(site, renderer, index, pager, value.clone(), false);
            let html = render_template(site, renderer, &job, &template, &context.context)
                .map_err(|d| locate(site, &job, d))?;
            Ok((job.output_file(site), html))
        })
        .collect()
}

/// A diagnostic without a file is about the job's source file.
fn locate(site: &Site, job: &Job, d: Diagnostic) -> Diagnostic {
    match d.file {
        Some(_) => d,
        None => d.in_file(job.source(site)),
    }
}

/// One template mistake breaks every page that uses the template: report it once, saying
/// how many pages it broke, rather than once per page.
fn collapse_repeats(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    type Place = (Option<PathBuf>, Option<(usize, usize)>, String);
    let mut groups: BTreeMap<Place, (Diagnostic, usize)> = BTreeMap::new();
    for error in errors {
        let key = (
            error.file.clone(),
            error.location.as_ref().map(|l| (l.line, l.column)),
            error.message.clone(),
        );
        groups
            .entry(key)
            .and_modify(|(_, n)| *n += 1)
            .or_insert((error, 1));
    }
    groups
        .into_values()
        .map(|(error, count)| match (count, error.hint.clone()) {
            (1, _) | (_, None) => error,
            (n, Some(hint)) => error.with_hint(format!("{hint}, and {} other pages", n - 1)),
        })
        .collect()
}

/// What a job needs: a redirect page is written as it is; anything else is a template with
/// its context, and (when asked for) a fingerprint of both.
enum Prepared {
    Redirect(String),
    Template {
        template: String,
        context: Context,
        inputs: u64,
    },
}

/// A template context and, when wanted, a fingerprint of everything put in it.
struct JobContext {
    context: Context,
    parts: Option<Vec<u64>>,
}

impl JobContext {
    fn new(
        renderer: &crate::render::Renderer,
        lang: &str,
        path: &str,
        site: &Site,
        fingerprint: bool,
    ) -> Self {
        JobContext {
            context: renderer.base_context(lang, path, &site.config),
            parts: fingerprint.then(|| vec![memo::fingerprint(&(lang, path))]),
        }
    }

    fn insert(&mut self, renderer: &crate::render::Renderer, key: &'static str, value: Value) {
        if let Some(parts) = self.parts.as_mut() {
            parts.push(memo::fingerprint(key));
            parts.push(renderer.fingerprints().of(&value));
        }
        self.context.insert_value(key, value);
    }

    /// Inserts a value whose fingerprint is already known.
    fn insert_fingerprinted(&mut self, key: &'static str, value: Value, fingerprint: impl FnOnce() -> u64) {
        if let Some(parts) = self.parts.as_mut() {
            parts.push(memo::fingerprint(key));
            parts.push(fingerprint());
        }
        self.context.insert_value(key, value);
    }

    fn finish(self, renderer: &crate::render::Renderer, template: String) -> Prepared {
        let inputs = match self.parts {
            Some(mut parts) => {
                parts.push(renderer.template_fingerprint(&template));
                parts.push(memo::fingerprint(&template));
                memo::combine(&parts)
            }
            None => 0,
        };
        Prepared::Template {
            template,
            context: self.context,
            inputs,
        }
    }
}

fn prepare_job(site: &Site, renderer: &crate::render::Renderer, job: &Job, fingerprint: bool) -> Prepared {
    let views = renderer.views();
    let config = &site.config;
    let path = job.site_path(site);
    let context = |lang: &str| JobContext::new(renderer, lang, &path, site, fingerprint);
    match job {
        Job::Page(i) => {
            let page = &site.content.pages[*i];
            let mut context = context(&page.lang);
            let html = &site.page_bodies[*i].html;
            // The page with its content is made for this rendering; its fingerprint is that
            // of the shared page value and of the content.
            let fingerprint = || {
                let page = renderer.fingerprints().of(&views.pages[*i]);
                memo::combine(&[page, memo::fingerprint_bytes(html.as_bytes())])
            };
            context.insert_fingerprinted("page", views.page_with_content(*i, html), fingerprint);
            context.finish(renderer, page_template(site, *i))
        }
        Job::Section { index, pager } => {
            let section = views.sections[*index].clone();
            let (template, context) = section_job(site, renderer, *index, *pager, section, fingerprint);
            context.finish(renderer, template)
        }
        Job::TaxonomyList(t) => {
            let taxonomy = &site.taxonomies[*t];
            let mut context = context(&taxonomy.lang);
            context.insert(renderer, "taxonomy", views.taxonomies[*t].clone());
            context.finish(renderer, "taxonomy_list.html".to_string())
        }
        Job::Term {
            taxonomy,
            term,
            pager,
        } => {
            let t = &site.taxonomies[*taxonomy];
            let entry = &t.terms[*term];
            let mut context = context(&t.lang);
            context.insert(renderer, "taxonomy", views.taxonomy_outlines[*taxonomy].clone());
            context.insert(renderer, "term", views.terms[*taxonomy][*term].clone());
            let summaries: Vec<Value> = entry
                .pages
                .iter()
                .map(|&p| views.page_summaries[p].clone())
                .collect();
            let per_page = config.taxonomies.get(&t.name).map_or(0, |c| c.paginate_by);
            context.insert(
                renderer,
                "paginator",
                paginator(site, &t.term_path(config, entry), &summaries, per_page, *pager),
            );
            context.finish(renderer, "taxonomy_single.html".to_string())
        }
        Job::Alias { to, .. } => Prepared::Redirect(redirect_page(&config.url(to))),
        Job::NotFound => context(&config.default_language).finish(renderer, "404.html".to_string()),
    }
}

/// The template and context of listing page `pager` of section `index`, whose value is
/// `section_value`.
fn section_job(
    site: &Site,
    renderer: &crate::render::Renderer,
    index: usize,
    pager: usize,
    section_value: Value,
    fingerprint: bool,
) -> (String, JobContext) {
    let section = &site.content.sections[index];
    let path = pager_path(&section.path, pager);
    let mut context = JobContext::new(renderer, &section.lang, &path, site, fingerprint);
    context.insert(renderer, "section", section_value);
    let summaries: Vec<Value> = section
        .pages
        .iter()
        .map(|&p| renderer.views().page_summaries[p].clone())
        .collect();
    context.insert(
        renderer,
        "paginator",
        paginator(site, &section.path, &summaries, section.front.paginate_by, pager),
    );
    let template = section.front.template.clone().unwrap_or_else(|| {
        if section.parent.is_none() {
            "index.html".into()
        } else {
            "section.html".into()
        }
    });
    (template, context)
}

fn render_template(
    site: &Site,
    renderer: &crate::render::Renderer,
    job: &Job,
    template: &str,
    context: &Context,
) -> Result<String, Diagnostic> {
    renderer
        .render(template, context)
        .map_err(|d| template_error(site, job, template, d))
}

/// Says which page was being rendered; a missing template named in front matter is the front
/// matter's fault, so the error points there.
fn template_error(site: &Site, job: &Job, template: &str, d: Diagnostic) -> Diagnostic {
    let d = match d.hint.clone() {
        Some(hint) => d.with_hint(format!(
            "{hint} (while rendering {} with {template})",
            job.source(site).display()
        )),
        None => d,
    };
    if d.file.is_none() {
        let source = source_text(site, &job.source(site));
        let d = d.in_file(job.source(site));
        return match Location::find(source, &format!("\"{template}\""), 1) {
            Some(location) => d.at(location),
            None => d,
        };
    }
    d
}

/// The template for page `index`: its own, else the nearest section's `page_template`.
fn page_template(site: &Site, index: usize) -> String {
    let page = &site.content.pages[index];
    if let Some(template) = &page.front.template {
        return template.clone();
    }
    let mut section = Some(page.section);
    while let Some(i) = section {
        let s = &site.content.sections[i];
        if let Some(template) = &s.front.page_template {
            return template.clone();
        }
        section = s.parent;
    }
    "page.html".to_string()
}

fn paginator(site: &Site, base_path: &str, pages: &[Value], per_page: usize, pager: usize) -> Value {
    let count = pager_count(pages.len(), per_page);
    let size = if per_page == 0 {
        pages.len().max(1)
    } else {
        per_page
    };
    let start = ((pager - 1) * size).min(pages.len());
    let end = (start + size).min(pages.len());
    let url = |n: usize| Value::from(site.config.url(&pager_path(base_path, n)));
    let mut map = tera::Map::new();
    map.insert("pages".into(), Value::from(pages[start..end].to_vec()));
    map.insert("current_index".into(), Value::from(pager));
    map.insert("number_pagers".into(), Value::from(count));
    map.insert("total_pages".into(), Value::from(pages.len()));
    map.insert("first".into(), url(1));
    map.insert("last".into(), url(count));
    map.insert(
        "previous".into(),
        if pager > 1 { url(pager - 1) } else { Value::none() },
    );
    map.insert(
        "next".into(),
        if pager < count {
            url(pager + 1)
        } else {
            Value::none()
        },
    );
    Value::from(map)
}

fn redirect_page(url: &str) -> String {
    let url = escape_xml(url);
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Moved to {url}</title>\
         <link rel=\"canonical\" href=\"{url}\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"></head>\
         <body><p><a href=\"{url}\">{url}</a></p></body></html>\n"
    )
}
