//! Tera templates: the environment, template functions and filters, UI strings, and the
//! template context built from the site model.
//!
//! This stage turns values into text. It does not decide which pages exist or where they are
//! written; the outputs stage does.

mod i18n;
mod jsonld;
mod map;
mod matrix;
pub mod memo;
mod templates;
mod typed;
mod view;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tera::{Context, Kwargs, State, Tera, Value};

pub use templates::{TemplateFiles, layer_dirs, tera_diagnostic};
pub use view::{Views, toml_to_json};

use crate::config::Config;
use crate::content::{SourceFile, slugify};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::{DateStyle, Locales};
use crate::markdown::{ShortcodeCall, ShortcodeRenderer, render_fragment};
use crate::site::{Site, UrlMap};

/// The loaded templates and everything templates can call.
pub struct Renderer {
    tera: Tera,
    files: TemplateFiles,
    views: Arc<OnceLock<Views>>,
    config_value: Value,
    functions: memo::SiteFunctions,
    template_fingerprints: HashMap<String, u64>,
}

impl Renderer {
    /// Loads the templates of the theme and the site and registers functions and filters.
    pub fn new(
        root: &Path,
        config: &Config,
        urls: UrlMap,
        locales: Arc<Locales>,
    ) -> Result<Renderer, Diagnostics> {
        let files = templates::read(root, config.theme.as_deref())?;
        let strings = i18n::UiStrings::load(
            root,
            config.theme.as_deref(),
            &config.language_codes(),
            &config.default_language,
            &generated_languages(config),
        )?;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let views: Arc<OnceLock<Views>> = Arc::new(OnceLock::new());
        let functions = site_functions(root, config, urls, strings, views.clone());
        functions.install(&mut tera);
        register_filters(&mut tera, locales);
        let sources: Vec<(&str, &str)> = files
            .by_name
            .iter()
            .map(|(n, f)| (n.as_str(), f.text.as_str()))
            .collect();
        if let Err(error) = tera.add_raw_templates(sources) {
            let mut diagnostics = Diagnostics::new();
            diagnostics.push(tera_diagnostic(&error, &files));
            return Err(diagnostics);
        }
        Ok(Renderer {
            template_fingerprints: templates::fingerprints(&files),
            tera,
            files,
            views,
            config_value: config_value(config),
            functions,
        })
    }

    /// Makes the finished site visible to template functions; called once, after Markdown.
    pub fn set_site(&self, site: &Site) {
        let _ = self.views.set(view::build(site));
    }

    /// The template values of the site (after [`Renderer::set_site`]).
    pub fn views(&self) -> &Views {
        self.views
            .get()
            .expect("set_site is called before pages are rendered")
    }

    /// True when a template of that name exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.files.by_name.contains_key(name)
    }

    /// The names of all templates.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.files.by_name.keys().map(String::as_str)
    }

    /// A context with the values every template gets.
    pub fn base_context(&self, lang: &str, path: &str, config: &Config) -> Context {
        let mut context = Context::new();
        context.insert_value("config", self.config_value.clone());
        context.insert("lang", lang);
        context.insert("current_path", path);
        context.insert("current_url", &config.permalink(path));
        context.insert(
            "feed_url",
            &config.url(&format!("{}/atom.xml", config.language_prefix(lang))),
        );
        context
    }

    /// A fingerprint of `template` and every template it extends, includes or imports.
    pub fn template_fingerprint(&self, template: &str) -> u64 {
        self.template_fingerprints.get(template).copied().unwrap_or(0)
    }

    /// A fingerprint of the shortcode templates (and what they include) and of the
    /// configuration they see.
    pub fn shortcodes_fingerprint(&self) -> u64 {
        let mut parts: Vec<u64> = self
            .template_fingerprints
            .iter()
            .filter(|(name, _)| name.starts_with("shortcodes/"))
            .map(|(name, fingerprint)| memo::combine(&[memo::fingerprint(name), *fingerprint]))
            .collect();
        parts.sort_unstable();
        parts.push(memo::fingerprint(&self.config_value));
        memo::combine(&parts)
    }

    /// Renders `template` with `context` and records the site functions it called.
    pub fn render_recorded(
        &self,
        template: &str,
        context: &Context,
    ) -> (Result<String, Diagnostic>, Vec<memo::Call>) {
        memo::record(|| self.render(template, context))
    }

    /// Fingerprints of template values, knowing the values the site's pages share (computed
    /// on first use, after [`Renderer::set_site`]).
    pub fn fingerprints(&self) -> &memo::Fingerprints {
        self.functions.shared_fingerprints().get_or_init(|| {
            let views = self.views();
            let mut fingerprints = memo::Fingerprints::default();
            // Inner values first: sections and terms hold page summaries.
            fingerprints.add_shared(&views.page_summaries);
            fingerprints.add_shared(&views.pages);
            fingerprints.add_shared(&views.sections);
            let terms: Vec<Value> = views.terms.iter().flatten().cloned().collect();
            fingerprints.add_shared(&terms);
            fingerprints.add_shared(&views.taxonomies);
            fingerprints.add_shared(&views.taxonomy_outlines);
            fingerprints
        })
    }

    /// True when every recorded call returns today what it returned then.
    pub fn same_results(&self, calls: &[memo::Call]) -> bool {
        self.functions.same_results(calls)
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        if !self.has_template(template) {
            return Err(
                Diagnostic::error(format!("template `{template}` not found")).with_hint(format!(
                    "add templates/{template} to the site or the theme, or name an existing template"
                )),
            );
        }
        self.tera
            .render(template, context)
            .map_err(|e| tera_diagnostic(&e, &self.files))
    }
}

impl ShortcodeRenderer for Renderer {
    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        lang: &str,
        file: &SourceFile,
    ) -> Result<String, (String, String)> {
        let template = format!("shortcodes/{}.html", call.name);
        if !self.has_template(&template) {
            let known: Vec<&str> = self
                .template_names()
                .filter_map(|n| {
                    n.strip_prefix("shortcodes/")
                        .and_then(|n| n.strip_suffix(".html"))
                })
                .collect();
            return Err((
                format!("unknown shortcode `{}`", call.name),
                format!(
                    "add templates/{template}; the shortcodes available are: {}",
                    known.join(", ")
                ),
            ));
        }
        let mut context = Context::new();
        context.insert_value("config", self.config_value.clone());
        for (key, value) in &call.args {
            context.insert(key.clone(), &toml_to_json(value));
        }
        context.insert("body", &call.body);
        context.insert("lang", lang);
        context.insert("page_path", &file.path.to_string_lossy());
        self.tera.render(&template, &context).map_err(|e| {
            let diagnostic = tera_diagnostic(&e, &self.files);
            let place = diagnostic
                .location
                .map(|l| format!(" (templates/{template}, line {})", l.line))
                .unwrap_or_default();
            (
                format!("{}{place}", diagnostic.message),
                format!("check the call's arguments against templates/{template}"),
            )
        })
    }
}

/// Languages made by transliteration, with the language each is made from.
fn generated_languages(config: &Config) -> Vec<(&str, &str)> {
    config
        .languages
        .iter()
        .filter_map(|(code, l)| l.generate_from.as_deref().map(|source| (code.as_str(), source)))
        .collect()
}

#[derive(serde::Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
}

fn config_value(config: &Config) -> Value {
    let languages: Vec<LanguageView> = config
        .language_codes()
        .into_iter()
        .map(|code| LanguageView {
            code,
            name: config.languages.get(code).map_or(code, |l| l.name.as_str()),
            title: config.title_in(code),
        })
        .collect();
    let mut map = tera::Map::new();
    map.insert("base_url".into(), Value::from(config.base_url.as_str()));
    map.insert("title".into(), Value::from(config.title.as_str()));
    map.insert("description".into(), Value::from(config.description.as_str()));
    map.insert(
        "default_language".into(),
        Value::from(config.default_language.as_str()),
    );
    map.insert("languages".into(), Value::from_serializable(&languages));
    map.insert(
        "taxonomies".into(),
        Value::from(config.taxonomies.keys().cloned().collect::<Vec<_>>()),
    );
    map.insert(
        "extra".into(),
        Value::from_serializable(&toml_to_json(&toml::Value::Table(config.extra.clone()))),
    );
    Value::from(map)
}

/// The language a function call is about: its `lang` argument, else the template's.
fn call_lang(kwargs: &Kwargs, state: &State) -> tera::TeraResult<String> {
    if let Some(lang) = kwargs.get::<&str>("lang")? {
        return Ok(lang.to_string());
    }
    Ok(state.get::<String>("lang")?.unwrap_or_default())
}

fn site_views<'a>(views: &'a OnceLock<Views>, function: &str) -> tera::TeraResult<&'a Views> {
    views.get().ok_or_else(|| {
        tera::Error::message(format!(
            "{function}() cannot be used in shortcodes: pages are not rendered yet"
        ))
    })
}

fn site_functions(
    root: &Path,
    config: &Config,
    urls: UrlMap,
    strings: i18n::UiStrings,
    views: Arc<OnceLock<Views>>,
) -> memo::SiteFunctions {
    let mut functions = memo::SiteFunctions::default();
    let v = views.clone();
    functions.add(
        "get_page",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            site_views(&v, "get_page")?
                .page(path.trim_start_matches("@/"), lang)
                .cloned()
                .ok_or_else(|| {
                    tera::Error::message(format!("get_page: no page `{path}` in language `{lang}`"))
                })
        },
    );
    let v = views.clone();
    functions.add(
        "get_section",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            site_views(&v, "get_section")?
                .section(path.trim_start_matches("@/"), lang)
                .cloned()
                .ok_or_else(|| {
                    tera::Error::message(format!("get_section: no section `{path}` in language `{lang}`"))
                })
        },
    );
    map::register(&mut functions, views.clone(), config);
    matrix::register(&mut functions, views.clone(), config);
    let v = views;
    functions.add(
        "get_taxonomy",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let kind = kwargs.must_get::<&str>("kind")?;
            site_views(&v, "get_taxonomy")?
                .taxonomy(kind, lang)
                .cloned()
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "get_taxonomy: no taxonomy `{kind}`; declare it in config.toml"
                    ))
                })
        },
    );
    let url_config = config.clone();
    functions.add(
        "get_url",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
            let site_path = match path.strip_prefix("@/") {
                Some(key) => urls
                    .path_of(key, lang)
                    .map(str::to_string)
                    .ok_or_else(|| tera::Error::message(format!("get_url: no page or section `{path}`")))?,
                None => format!("/{}", path.trim_start_matches('/')),
            };
            Ok(Value::from(if absolute {
                url_config.permalink(&site_path)
            } else {
                url_config.url(&site_path)
            }))
        },
    );
    functions.add(
        "trans",
        move |kwargs: &Kwargs, lang: &str| -> tera::TeraResult<Value> {
            let key = kwargs.must_get::<&str>("key")?;
            strings
                .get(key, lang)
                .map(Value::from)
                .map_err(|d| tera::Error::message(format!("{}; {}", d.message, d.hint.unwrap_or_default())))
        },
    );
    let data = DataFiles {
        root: root.to_path_buf(),
        cache: Mutex::new(HashMap::new()),
    };
    functions.add(
        "load_data",
        move |kwargs: &Kwargs, _: &str| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            data.load(path).map_err(tera::Error::message)
        },
    );
    functions
}

fn register_filters(tera: &mut Tera, locales: Arc<Locales>) {
    let date_locales = locales.clone();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("long");
            let day = value.get(..10).unwrap_or(value);
            let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
                tera::Error::message(format!("date: `{value}` is not a date like 2025-03-14"))
            })?;
            if let Some(style) = DateStyle::parse(format) {
                return Ok(date_locales.format_date(date, &call_lang(&kwargs, state)?, style));
            }
            let mut out = String::new();
            use std::fmt::Write;
            write!(out, "{}", date.format(format)).map_err(|_| {
                tera::Error::message(format!(
                    "date: `{format}` is neither short, medium, long nor a strftime format"
                ))
            })?;
            Ok(out)
        },
    );
    tera.register_filter(
        "number",
        move |value: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            Ok(locales.format_number(value, &call_lang(&kwargs, state)?))
        },
    );
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| slugify(value));
    tera.register_filter(
        "markdown",
        |value: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let inline = kwargs.get::<bool>("inline")?.unwrap_or(false);
            Ok(Value::safe_string(&render_fragment(value, inline)))
        },
    );
}

/// Data files read by `load_data`, each once, confined to the site root.
struct DataFiles {
    root: PathBuf,
    cache: Mutex<HashMap<String, Value>>,
}

impl DataFiles {
    fn load(&self, path: &str) -> Result<Value, String> {
        if let Some(value) = self
            .cache
            .lock()
            .map_err(|_| "load_data: cache poisoned")?
            .get(path)
        {
            return Ok(value.clone());
        }
        let root = self.root.canonicalize().map_err(|e| format!("load_data: {e}"))?;
        let full = root
            .join(path)
            .canonicalize()
            .map_err(|e| format!("load_data: cannot read `{path}`: {e}"))?;
        if !full.starts_with(&root) {
            return Err(format!("load_data: `{path}` is outside the site folder"));
        }
        let text =
            std::fs::read_to_string(&full).map_err(|e| format!("load_data: cannot read `{path}`: {e}"))?;
        let value = parse_data(path, &text)?;
        self.cache
            .lock()
            .map_err(|_| "load_data: cache poisoned")?
            .insert(path.to_string(), value.clone());
        Ok(value)
    }
}

fn parse_data(path: &str, text: &str) -> Result<Value, String> {
    let extension = Path::new(path).extension().and_then(|e| e.to_str()).unwrap_or("");
    match extension {
        "toml" => toml::from_str::<toml::Value>(text)
            .map(|v| Value::from_serializable(&toml_to_json(&v)))
            .map_err(|e| format!("load_data: `{path}` is not valid TOML: {}", e.message())),
        "json" => serde_json::from_str::<serde_json::Value>(text)
            .map(|v| Value::from_serializable(&v))
            .map_err(|e| format!("load_data: `{path}` is not valid JSON: {e}")),
        "csv" => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let headers: Vec<String> = reader
                .headers()
                .map_err(|e| format!("load_data: `{path}`: {e}"))?
                .iter()
                .map(str::to_string)
                .collect();
            let mut records = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| format!("load_data: `{path}`: {e}"))?;
                records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
            }
            Ok(Value::from_serializable(
                &serde_json::json!({ "headers": headers, "records": records }),
            ))
        }
        other => Err(format!(
            "load_data: cannot read `.{other}` files; use .toml, .json or .csv"
        )),
    }
}
