//! The pipeline: load, validate, render, write, in that order, and the atomic swap of the
//! output folder.
//!
//! Output is written into a temporary folder beside the target and swapped in only when
//! every stage succeeded, so a failed build leaves the previous output as it was.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::Locales;
use crate::markdown::{self, Rendered};
use crate::outputs::{self, NullSink, Sink};
use crate::render::Renderer;
use crate::schema;
use crate::site::{Site, UrlMap};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding config.toml).
    pub root: PathBuf,
    /// Where to write; `public/` in the root when not given.
    pub output_dir: Option<PathBuf>,
    /// Replaces config.toml's base_url.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Write files (`build`) or only check (`check`).
    pub write: bool,
    /// Show a progress bar when stderr is a terminal and the build is slow.
    pub progress: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages, all languages.
    pub pages: usize,
    /// Sections, all languages.
    pub sections: usize,
    /// Languages.
    pub languages: usize,
    /// Files written (or that would be written).
    pub files: usize,
    /// Wall time.
    pub millis: u128,
    /// Warnings (the build succeeded anyway).
    pub warnings: Vec<Diagnostic>,
    /// Where the site was written.
    pub output_dir: Option<PathBuf>,
}

/// Runs the whole pipeline. On failure, every diagnostic found, sorted.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let root = options.root.as_path();
    let (mut site, renderer, jobs, _) = prepare(options, None)?.0;
    let progress = Progress::new(options.progress, jobs.len());
    let tick = || progress.tick();
    let (files, output_dir) = if options.write {
        let target = options.output_dir.clone().unwrap_or_else(|| root.join("public"));
        let staging = Staging::create(&target)?;
        outputs::produce(&mut site, renderer, root, &jobs, &staging, &tick).map_err(Diagnostics::sorted)?;
        let files = staging.count();
        let mut clock = Stopwatch::start();
        staging.swap_into(&target)?;
        clock.lap("swap into the output folder");
        (files, Some(target))
    } else {
        let sink = NullSink::default();
        outputs::produce(&mut site, renderer, root, &jobs, &sink, &tick).map_err(Diagnostics::sorted)?;
        (sink.count(), None)
    };
    progress.finish();
    let report = BuildReport {
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        languages: site.config.language_codes().len(),
        files,
        millis: started.elapsed().as_millis(),
        warnings: warnings_of(&site),
        output_dir,
    };
    // Freeing millions of values takes a while on a large site: another thread does it, and
    // a command line build that ends meanwhile leaves it to the system.
    std::thread::spawn(move || drop((site, jobs)));
    Ok(report)
}

/// What the dev server's last build made, kept for the next: the rendered Markdown of every
/// file and what each output was made from.
#[derive(Default)]
pub struct Memo {
    markdown: MarkdownMemo,
    outputs: outputs::Memo,
    /// The site model and templates the build made, for [`render_body_edits`].
    site: Option<Built>,
}

/// A finished build's site model, its templates with their values, and its addresses.
struct Built {
    site: Site,
    renderer: Renderer,
    urls: UrlMap,
}

impl Memo {
    /// How many pages the build that made this memo rendered and kept.
    pub fn counts(&self) -> outputs::RenderCounts {
        self.outputs.counts
    }
}

/// Rendered Markdown by a fingerprint of its file (path, text, languages), valid while the
/// environment (Markdown options, addresses of all pages, shortcode templates, configuration)
/// has the same fingerprint and the site functions its shortcodes called (`trans`,
/// `load_data`...) return the same.
#[derive(Default)]
struct MarkdownMemo {
    environment: u64,
    by_file: HashMap<u64, RenderedFile>,
}

#[derive(Clone)]
struct RenderedFile {
    body: Arc<Rendered>,
    calls: Arc<[crate::render::memo::Call]>,
}

/// Runs the whole pipeline and hands every output to `sink` instead of a folder: the dev
/// server builds into memory this way and then writes only the files whose bytes changed.
/// Markdown whose file and environment are the same as in `previous` is not rendered again,
/// and pages and search indexes whose inputs are the same are kept (`Sink::keep`).
/// With `search_later`, the search index is not written: [`write_search_changed`] writes it
/// once the rest is served. `options.write` and `options.output_dir` are not used.
pub fn build_changed(
    options: &BuildOptions,
    sink: &dyn Sink,
    previous: &Memo,
    search_later: bool,
) -> Result<(BuildReport, Memo), Vec<Diagnostic>> {
    let started = Instant::now();
    let ((site, renderer, jobs, urls), markdown) = prepare(options, Some(&previous.markdown))?;
    let config = std::fs::read(options.root.join("config.toml")).unwrap_or_default();
    let config = crate::render::memo::combine(&[
        crate::render::memo::fingerprint_bytes(&config),
        crate::render::memo::fingerprint(&(&options.base_url, options.drafts)),
    ]);
    let mut clock = Stopwatch::start();
    let outputs = outputs::produce_changed(
        &site,
        &renderer,
        &options.root,
        &jobs,
        sink,
        (&previous.outputs, config),
        search_later,
    )
    .map_err(Diagnostics::sorted)?;
    clock.lap(&format!(
        "outputs ({} pages rendered, {} kept)",
        outputs.counts.rendered, outputs.counts.kept
    ));
    let report = BuildReport {
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        languages: site.config.language_codes().len(),
        files: sink.count(),
        millis: started.elapsed().as_millis(),
        warnings: warnings_of(&site),
        output_dir: None,
    };
    // The dev server waits for this function: the jobs are freed on another thread.
    std::thread::spawn(move || drop(jobs));
    Ok((
        report,
        Memo {
            markdown: markdown.unwrap_or_default(),
            outputs,
            site: Some(Built { site, renderer, urls }),
        },
    ))
}

/// Writes through `sink` the search index of each language whose documents changed in the
/// build that made `memo` (and keeps the others), after [`build_changed`] with
/// `search_later`; `memo` then remembers it.
pub fn write_search_changed(memo: &mut Memo, sink: &dyn Sink) -> Result<(), Vec<Diagnostic>> {
    let Some(built) = memo.site.as_ref() else {
        return Ok(());
    };
    outputs::produce_search_changed(&built.site, sink, &mut memo.outputs).map_err(|d| vec![d])
}

/// The HTML files of the pages and sections whose Markdown files in `changed` (paths in
/// `root`) differ from the build that made `previous` only after their front matter,
/// rendered with the new bodies and everything else as that build had it: what the dev
/// server shows before the whole site is built again. None when any change is something
/// else (a new, deleted or unreadable file, a template, front matter, a body whose Markdown
/// fails or whose headings or links to headings differ): the whole build then decides.
/// Files that are gone and were never read (an editor's temporary files) are passed over.
///
/// What other pages show of an edited one (a listing's summary) is left as it was; the build
/// that follows writes it, and the edited page again if its HTML then differs.
pub fn render_body_edits(root: &Path, previous: &Memo, changed: &[PathBuf]) -> Option<Vec<(String, String)>> {
    let built = previous.site.as_ref()?;
    let content = &built.site.content;
    let mut changed: Vec<&PathBuf> = changed.iter().collect();
    changed.sort();
    changed.dedup();
    let mut files = Vec::new();
    for path in changed {
        let relative = path.strip_prefix(root).ok()?;
        let pages: Vec<usize> = (0..content.pages.len())
            .filter(|&i| content.pages[i].source.path == relative)
            .collect();
        let sections: Vec<usize> = (0..content.sections.len())
            .filter(|&i| content.sections[i].source.path == relative)
            .collect();
        let old = match (pages.first(), sections.first()) {
            (Some(&page), _) => &content.pages[page].source,
            (None, Some(&section)) => &content.sections[section].source,
            // A file that is gone and that the build did not read (an editor's temporary
            // file, renamed over the page it saved) changes nothing.
            (None, None) if !path.exists() && !built.read(path, relative) => continue,
            (None, None) => return None,
        };
        let text = std::fs::read_to_string(path).ok()?;
        if text.as_bytes().get(..old.body_start)? != &old.text.as_bytes()[..old.body_start] {
            return None;
        }
        let file = content::SourceFile {
            path: old.path.clone(),
            text,
            body_start: old.body_start,
        };
        for i in pages {
            let page = &content.pages[i];
            let body = built.render_again(&file, &page.lang, page.is_fallback, &built.site.page_bodies[i])?;
            files.push(outputs::render_page_with_body(&built.site, &built.renderer, i, &body).ok()?);
        }
        for i in sections {
            let section = &content.sections[i];
            let body = built.render_again(
                &file,
                &section.lang,
                section.is_fallback,
                &built.site.section_bodies[i],
            )?;
            files.extend(outputs::render_section_with_body(&built.site, &built.renderer, i, &body).ok()?);
        }
    }
    Some(files)
}

impl Built {
    /// True when `path` (`relative` in the site) is a page's or section's asset.
    fn read(&self, path: &Path, relative: &Path) -> bool {
        let content = &self.site.content;
        let pages = content.pages.iter().map(|p| &p.assets);
        let sections = content.sections.iter().map(|s| &s.assets);
        pages
            .chain(sections)
            .flatten()
            .any(|asset| asset.source == path || asset.source == relative)
    }

    /// The Markdown of `file` rendered for `lang`, unless it fails or its headings or links to
    /// headings differ from those of the `before` body, which other pages' links are checked
    /// against.
    fn render_again(
        &self,
        file: &content::SourceFile,
        lang: &str,
        is_fallback: bool,
        before: &Rendered,
    ) -> Option<Rendered> {
        let config = &self.site.config;
        let body = markdown::render(&markdown::Context {
            file,
            lang,
            content_lang: if is_fallback {
                &config.default_language
            } else {
                lang
            },
            options: &config.markdown,
            links: &self.urls,
            shortcodes: &self.renderer,
        })
        .ok()?;
        (body.anchors == before.anchors && anchored_links(&body) == anchored_links(before)).then_some(body)
    }
}

/// The links of a body that point at a heading: (content key, anchor).
fn anchored_links(body: &Rendered) -> Vec<(&str, &str)> {
    body.links
        .iter()
        .filter_map(|link| Some((link.key.as_str(), link.anchor.as_deref()?)))
        .collect()
}

/// What [`prepare`] makes: the site model, its templates, the list of pages to write and the
/// addresses of all pages.
type Prepared = (Site, Renderer, Vec<outputs::Job>, UrlMap);

/// Load, validate and render Markdown, shared by [`build`] and [`build_changed`]. With a
/// Markdown memo, files rendered before are taken from it, and the new memo is returned.
fn prepare(
    options: &BuildOptions,
    markdown_memo: Option<&MarkdownMemo>,
) -> Result<(Prepared, Option<MarkdownMemo>), Vec<Diagnostic>> {
    let root = options.root.as_path();
    let mut clock = Stopwatch::start();
    let config = load_config(root, options)?;
    let drafts = options.drafts || config.build.drafts;
    let locales = Arc::new(Locales::new(
        config
            .language_codes()
            .into_iter()
            .map(|code| (code, config.locale_of(code))),
    ));
    clock.lap("locales");
    let content = content::load(root, &config, &locales, drafts).map_err(Diagnostics::sorted)?;
    let urls = UrlMap::new(&content, &config);
    let renderer =
        Renderer::new(root, &config, urls.clone(), locales.clone()).map_err(Diagnostics::sorted)?;
    clock.lap("load content and templates");
    check_highlight_theme(root, &config)?;
    let typed = schema::validate(&content, &config).map_err(Diagnostics::sorted);
    let bodies = render_markdown(&content, &config, &urls, &renderer, markdown_memo);
    clock.lap("markdown and schema");
    let (schema, (page_bodies, section_bodies, markdown_memo)) = both(typed, bodies)?;
    let extra_terms = schema::taxonomy_terms(&content, &config, &schema);
    let taxonomies = content::classify(&content, &config, &locales, &extra_terms);
    let site = Site {
        config,
        content,
        page_bodies,
        section_bodies,
        taxonomies,
        schema,
        extra_terms,
    };
    clock.lap("taxonomies");
    renderer.set_site(&site);
    clock.lap("template values");
    let jobs = outputs::list_jobs(&site).map_err(Diagnostics::sorted)?;
    Ok(((site, renderer, jobs, urls), markdown_memo))
}

/// Deletes a folder, its files and then its folders (deepest first, a level at a time) in
/// parallel: a large previous output, one folder per page, is removed in a fraction of the
/// time one thread takes.
fn remove_tree(dir: &Path) {
    let mut files = Vec::new();
    let mut folders_by_depth: Vec<Vec<PathBuf>> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            if folders_by_depth.len() <= entry.depth() {
                folders_by_depth.resize(entry.depth() + 1, Vec::new());
            }
            folders_by_depth[entry.depth()].push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|file| {
        let _ = std::fs::remove_file(file);
    });
    for folders in folders_by_depth.iter().rev() {
        folders.par_iter().for_each(|folder| {
            let _ = std::fs::remove_dir(folder);
        });
    }
    // Whatever is left (a file added meanwhile) goes the slow way.
    let _ = std::fs::remove_dir_all(dir);
}

/// The warnings of every page and section, once each, sorted.
fn warnings_of(site: &Site) -> Vec<Diagnostic> {
    let mut warnings = Diagnostics::new();
    for body in site.page_bodies.iter().chain(&site.section_bodies) {
        warnings.extend(body.warnings.iter().cloned());
    }
    warnings.sorted()
}

/// Stage timings on stderr when POLICYLAB_TIMINGS is set: where a slow build spends its time
/// and, on Linux, how much memory the process holds after the stage and at most so far.
pub(crate) struct Stopwatch {
    last: Option<Instant>,
}

impl Stopwatch {
    pub(crate) fn start() -> Stopwatch {
        Stopwatch {
            last: std::env::var_os("POLICYLAB_TIMINGS").map(|_| Instant::now()),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last {
            eprintln!("{stage}: {} ms{}", last.elapsed().as_millis(), memory_in_use());
            self.last = Some(Instant::now());
        }
    }
}

/// ", <resident> MB held, <peak> MB peak" from /proc/self/status, or nothing where there is
/// no such file.
fn memory_in_use() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kib| kib / 1024)
    };
    format!(", {} MB held, {} MB peak", field("VmRSS:"), field("VmHWM:"))
}

/// The translation dashboard of the site in `root` (config and content only; nothing is
/// rendered).
pub fn translation_report(root: &Path) -> Result<(Config, content::translations::Report), Vec<Diagnostic>> {
    let config = Config::load(root).map_err(Diagnostics::sorted)?;
    let locales = Locales::new(
        config
            .language_codes()
            .into_iter()
            .map(|code| (code, config.locale_of(code))),
    );
    let content = content::load(root, &config, &locales, true).map_err(Diagnostics::sorted)?;
    let report = content::translations::report(&content, &config);
    Ok((config, report))
}

/// Both results, or the errors of both together.
fn both<A, B>(
    a: Result<A, Vec<Diagnostic>>,
    b: Result<B, Vec<Diagnostic>>,
) -> Result<(A, B), Vec<Diagnostic>> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut all = Diagnostics::new();
            all.extend(a.err().into_iter().flatten());
            all.extend(b.err().into_iter().flatten());
            Err(all.sorted())
        }
    }
}

fn load_config(root: &Path, options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let mut config = Config::load(root).map_err(Diagnostics::sorted)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.trim_end_matches('/').to_string();
    }
    Ok(config)
}

fn check_highlight_theme(root: &Path, config: &Config) -> Result<(), Vec<Diagnostic>> {
    let wanted = &config.markdown.highlight_theme;
    if !config.markdown.highlight_code || markdown::highlight_stylesheet(wanted).is_some() {
        return Ok(());
    }
    let names = markdown::highlight_theme_names();
    let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
    Err(vec![
        Diagnostic::error(format!("unknown highlight_theme `{wanted}`"))
            .in_file(crate::config::CONFIG_FILE)
            .at(crate::diagnostics::Location::of_text(&text, wanted, 1))
            .with_hint(format!("use one of: {}", names.join(", "))),
    ])
}

type Bodies = (Vec<Arc<Rendered>>, Vec<Arc<Rendered>>, Option<MarkdownMemo>);

/// Markdown of every page and section, in parallel; then the anchors of `@/` links.
fn render_markdown(
    content: &Content,
    config: &Config,
    urls: &UrlMap,
    renderer: &Renderer,
    previous: Option<&MarkdownMemo>,
) -> Result<Bodies, Vec<Diagnostic>> {
    use crate::render::memo::{combine, fingerprint};
    let environment = previous.map(|_| {
        combine(&[
            fingerprint(&format!("{:?}", config.markdown)),
            urls.fingerprint(),
            renderer.shortcodes_fingerprint(),
        ])
    });
    let remembered = previous.filter(|memo| Some(memo.environment) == environment);
    let file_key = |file: &content::SourceFile, lang: &str, content_lang: &str| {
        fingerprint(&(&file.path, &file.text, lang, content_lang))
    };
    let render_one = |file: &content::SourceFile, lang: &str, is_fallback: bool| {
        let content_lang = if is_fallback {
            config.default_language.as_str()
        } else {
            lang
        };
        let key = environment.map(|_| file_key(file, lang, content_lang));
        let known = key.and_then(|key| remembered?.by_file.get(&key));
        if let Some(known) = known.filter(|known| renderer.same_results(&known.calls)) {
            return Ok((key, known.clone()));
        }
        let (body, calls) = crate::render::memo::record(|| {
            markdown::render(&markdown::Context {
                file,
                lang,
                content_lang,
                options: &config.markdown,
                links: urls,
                shortcodes: renderer,
            })
        });
        body.map(|body| {
            let body = Arc::new(body);
            (
                key,
                RenderedFile {
                    body,
                    calls: calls.into(),
                },
            )
        })
    };
    let pages: Vec<_> = content
        .pages
        .par_iter()
        .map(|p| render_one(&p.source, &p.lang, p.is_fallback))
        .collect();
    let sections: Vec<_> = content
        .sections
        .par_iter()
        .map(|s| render_one(&s.source, &s.lang, s.is_fallback))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut memo = environment.map(|environment| MarkdownMemo {
        environment,
        by_file: HashMap::new(),
    });
    type Outcome = Result<(Option<u64>, RenderedFile), Vec<Diagnostic>>;
    let mut unwrap = |results: Vec<Outcome>| -> Vec<Arc<Rendered>> {
        results
            .into_iter()
            .map(|r| match r {
                Ok((key, rendered)) => {
                    let body = Arc::clone(&rendered.body);
                    if let (Some(memo), Some(key)) = (memo.as_mut(), key) {
                        memo.by_file.insert(key, rendered);
                    }
                    body
                }
                Err(errors) => {
                    diagnostics.extend(errors);
                    Arc::default()
                }
            })
            .collect()
    };
    let page_bodies = unwrap(pages);
    let section_bodies = unwrap(sections);
    if diagnostics.has_errors() {
        return Err(diagnostics.sorted());
    }
    check_anchors(content, &page_bodies, &section_bodies, config, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics.sorted());
    }
    Ok((page_bodies, section_bodies, memo))
}

/// Every `@/page.md#anchor` must name a heading of the target in the linking page's language
/// (or the default language's, which is what the link falls back to).
fn check_anchors(
    content: &Content,
    page_bodies: &[Arc<Rendered>],
    section_bodies: &[Arc<Rendered>],
    config: &Config,
    diagnostics: &mut Diagnostics,
) {
    // Pages before sections: a page wins when both have the key.
    let mut by_key: HashMap<(&str, &str), &Vec<String>> = HashMap::new();
    let sections = content
        .sections
        .iter()
        .zip(section_bodies)
        .map(|(s, b)| (&s.key, &s.lang, b));
    let pages = content
        .pages
        .iter()
        .zip(page_bodies)
        .map(|(p, b)| (&p.key, &p.lang, b));
    for (key, lang, body) in sections.chain(pages) {
        by_key.insert((key.as_str(), lang.as_str()), &body.anchors);
    }
    let anchors_of = |key: &str, lang: &str| -> Option<&Vec<String>> {
        let find = |lang: &str| by_key.get(&(key, lang)).copied();
        find(lang).or_else(|| find(&config.default_language))
    };
    let files = content
        .pages
        .iter()
        .map(|p| {
            (
                &p.source,
                &p.key,
                if p.is_fallback {
                    &config.default_language
                } else {
                    &p.lang
                },
            )
        })
        .zip(page_bodies)
        .chain(
            content
                .sections
                .iter()
                .map(|s| {
                    (
                        &s.source,
                        &s.key,
                        if s.is_fallback {
                            &config.default_language
                        } else {
                            &s.lang
                        },
                    )
                })
                .zip(section_bodies),
        );
    for ((source, own_key, lang), body) in files {
        for link in &body.links {
            let Some(anchor) = &link.anchor else { continue };
            let key = if link.key.is_empty() {
                own_key.as_str()
            } else {
                link.key.as_str()
            };
            let known = if link.key.is_empty() {
                Some(&body.anchors)
            } else {
                anchors_of(key, lang)
            };
            if known.is_some_and(|a| a.contains(anchor)) {
                continue;
            }
            let available = known.map(|a| a.join(", ")).unwrap_or_default();
            diagnostics.push(
                Diagnostic::error(format!(
                    "the link points to `#{anchor}`, but `{key}` has no heading with that id"
                ))
                .in_file(&source.path)
                .at(link.location.clone())
                .with_hint(if available.is_empty() {
                    "the target page has no headings; link to the page without #".to_string()
                } else {
                    format!("the target's heading ids are: {available}")
                }),
            );
        }
    }
}

/// The temporary folder a build writes into, beside the target.
struct Staging {
    dir: PathBuf,
    files: AtomicUsize,
    keep: AtomicBool,
}

impl Staging {
    fn create(target: &Path) -> Result<Staging, Vec<Diagnostic>> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            vec![
                Diagnostic::error(format!("cannot create the folder {}: {e}", dir.display()))
                    .with_hint("check that you may write beside the output folder"),
            ]
        })?;
        Ok(Staging {
            dir,
            files: AtomicUsize::new(0),
            keep: AtomicBool::new(false),
        })
    }

    /// Replaces `target` by the staged folder: the old output is moved aside, the new one
    /// moved in, the old one deleted.
    fn swap_into(self, target: &Path) -> Result<(), Vec<Diagnostic>> {
        let fail = |what: &str, e: std::io::Error| {
            vec![
                Diagnostic::error(format!("cannot {what} {}: {e}", target.display()))
                    .with_hint("check that no other program holds the output folder open"),
            ]
        };
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned())
        ));
        let had_previous = target.exists();
        if had_previous {
            std::fs::rename(target, &old).map_err(|e| fail("move aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, target) {
            if had_previous {
                let _ = std::fs::rename(&old, target);
            }
            return Err(fail("replace", e));
        }
        self.keep.store(true, Ordering::Relaxed);
        if had_previous {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.keep.load(Ordering::Relaxed) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        std::fs::write(&full, bytes).map_err(|e| write_error(path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<(), Diagnostic> {
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(path, e))?;
        }
        std::fs::copy(from, &full).map_err(|e| write_error(path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }
}

fn write_error(path: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {path}: {error}"))
        .with_hint("check the free disk space and the permissions of the output folder")
}

/// A progress bar on stderr, drawn only on a terminal and only once the build has taken a second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    done: AtomicUsize,
}

impl Progress {
    fn new(enabled: bool, total: usize) -> Progress {
        use std::io::IsTerminal;
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            done: AtomicUsize::new(0),
        }
    }

    fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        let done = self.done.fetch_add(1, Ordering::Relaxed);
        if done % 64 == 0 && bar.is_hidden() && self.started.elapsed().as_secs() >= 1 {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.inc(1);
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Hands memory freed inside the heap back to the system. glibc's allocator keeps freed
/// small blocks for reuse, but the search index's large lists are mapped afresh, so without
/// this the pages' freed template values and HTML would still count against the build.
pub(crate) fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}
