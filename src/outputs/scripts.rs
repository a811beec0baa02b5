//! The scripts of static/, minified on the way out: comments and spaces dropped, expressions
//! folded and local names shortened by oxc's minifier. The theme's search engine is written to
//! be read; this is what makes it small on the wire.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Why a script could not be minified: the parser's first complaint and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// The parser's message.
    pub message: String,
    /// Byte offset of the offending text in the script, when the parser names one.
    pub offset: Option<usize>,
    /// Its length in bytes.
    pub len: usize,
}

/// Whether a static file is a script to minify: `.js`, but not one shipped as `.min.js`.
pub fn is_script_to_minify(name: &str) -> bool {
    name.ends_with(".js") && !name.ends_with(".min.js")
}

/// The script `source` minified. A file with `import` or `export` is a module; any other is
/// a classic script, whose top-level names are globals other scripts and the page's
/// attributes may use, so they keep their names (only local names are shortened).
pub fn minify(source: &str) -> Result<String, ScriptError> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::unambiguous()).parse();
    if let Some(first) = parsed.errors.first() {
        let span = first.labels.as_ref().and_then(|labels| labels.first());
        return Err(ScriptError {
            message: first.message.to_string(),
            offset: span.map(|s| s.offset()),
            len: span.map_or(1, |s| s.len().max(1)),
        });
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::smallest()),
    };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    let printed = Codegen::new()
        .with_options(CodegenOptions {
            minify: true,
            comments: CommentOptions::disabled(),
            ..CodegenOptions::default()
        })
        .with_scoping(minified.scoping)
        .build(&program);
    Ok(printed.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_spaces_go_and_local_names_shrink() {
        let source = "/* a comment */\n(function (global) {\n  var counter = 0;\n  \
                      global.next = function () { return ++counter; };\n})(this);\n";
        let out = minify(source).unwrap();
        assert!(!out.contains("comment"), "{out}");
        assert!(!out.contains("counter"), "{out}");
        assert!(out.contains(".next="), "a property keeps its name: {out}");
        assert!(out.len() < source.len() * 2 / 3, "{out}");
    }

    #[test]
    fn a_classic_script_keeps_its_global_names() {
        // `toggleMenu` may be called from an onclick attribute or another script.
        let source = "var menuOpen = false;\nfunction toggleMenu(button) {\n  var next = !menuOpen;\n  \
                      menuOpen = next;\n  button.setAttribute('aria-expanded', next);\n}\n";
        let out = minify(source).unwrap();
        assert!(out.contains("function toggleMenu("), "{out}");
        assert!(out.contains("menuOpen"), "{out}");
        assert!(!out.contains("button"), "a local name shrinks: {out}");
    }

    #[test]
    fn a_module_is_minified_as_a_module() {
        let source = "import { load } from './load.js';\nexport function start(pageName) {\n  \
                      return load(pageName);\n}\n";
        let out = minify(source).unwrap();
        assert!(
            out.contains("from\"./load.js\"") || out.contains("from'./load.js'"),
            "{out}"
        );
        assert!(out.contains("start"), "an exported name stays: {out}");
        assert!(!out.contains("pageName"), "{out}");
    }

    #[test]
    fn a_syntax_error_names_its_place() {
        let source = "var ok = 1;\nvar broken = ;\n";
        let error = minify(source).unwrap_err();
        let offset = error.offset.expect("the parser points at the error");
        assert_eq!(&source[offset..offset + 1], ";", "{error:?}");
    }

    #[test]
    fn only_plain_scripts_are_minified() {
        assert!(is_script_to_minify("search.js"));
        assert!(is_script_to_minify("js/map.js"));
        assert!(!is_script_to_minify("vendor/leaflet.min.js"));
        assert!(!is_script_to_minify("style.css"));
    }
}
