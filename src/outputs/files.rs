//! Files copied or generated as they are: static files, page assets, syntax.css.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Sink, scripts};
use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::highlight_stylesheet;
use crate::render::layer_dirs;
use crate::site::Site;

/// syntax.css, made from the configured highlighting theme.
pub fn write_syntax_css(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let markdown = &site.config.markdown;
    if !markdown.highlight_code {
        return Ok(());
    }
    let css = highlight_stylesheet(&markdown.highlight_theme).ok_or_else(|| {
        Diagnostic::error(format!("unknown highlight_theme `{}`", markdown.highlight_theme))
    })?;
    sink.write("syntax.css", css.as_bytes())
}

/// The theme's static/ then the site's static/, the site's file winning. Scripts are minified
/// unless `[build] minify_js = false`.
pub fn copy_static(root: &Path, site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (dir, _) in layer_dirs(root, site.config.theme.as_deref(), "static") {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry =
                entry.map_err(|e| Diagnostic::error(format!("cannot read {}: {e}", dir.display())))?;
            if entry.file_type().is_file() {
                let inner = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let name = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(name, entry.into_path());
            }
        }
    }
    for (name, source) in files {
        if site.config.build.minify_js && scripts::is_script_to_minify(&name) {
            sink.write(&name, minified_script(root, &source)?.as_bytes())?;
        } else {
            sink.copy(&name, &source)?;
        }
    }
    Ok(())
}

/// The script at `source` minified, or an error that points at what does not parse.
fn minified_script(root: &Path, source: &Path) -> Result<String, Diagnostic> {
    let shown = source.strip_prefix(root).unwrap_or(source);
    let text = std::fs::read_to_string(source)
        .map_err(|e| Diagnostic::error(format!("cannot read the script: {e}")).in_file(shown))?;
    scripts::minify(&text).map_err(|error| {
        let stem = source.file_stem().unwrap_or_default().to_string_lossy();
        let mut diagnostic = Diagnostic::error(format!(
            "this script does not parse, so it cannot be minified: {}",
            error.message
        ))
        .in_file(shown)
        .with_hint(format!(
            "fix the script; or rename it `{stem}.min.js` to have it copied as it is, or set \
                     `[build] minify_js = false` in config.toml"
        ));
        if let Some(offset) = error.offset {
            diagnostic = diagnostic.at(Location::at_offset(&text, offset, error.len));
        }
        diagnostic
    })
}

/// Each page's and section's bundle files beside its index.html.
pub fn copy_assets(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let pages = site.content.pages.iter().map(|p| (&p.path, &p.assets));
    let sections = site.content.sections.iter().map(|s| (&s.path, &s.assets));
    for (path, assets) in pages.chain(sections) {
        for asset in assets {
            let target = format!("{}{}", path.trim_start_matches('/'), asset.name);
            sink.copy(&target, &asset.source)?;
        }
    }
    Ok(())
}
