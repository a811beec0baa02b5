//! The command line: parsing (clap), running a command, printing diagnostics and the summary.
//!
//! Exit codes: 0 success, 1 the content has errors, 2 the command line is wrong.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, BuildReport, build};
use crate::diagnostics::Diagnostic;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  the site has errors (each is printed with its file, line and a hint)
  2  the command line is wrong

Examples:
  policylab build                      build the site in this folder into public/
  policylab build --root site --base-url https://platform.example.eu
  policylab check                      find every error without writing anything
  policylab serve --open               preview at http://127.0.0.1:1111, reloading on every save
  policylab new case_study \"Innovation vouchers\"   start a page of a declared type";

/// Publishes a multilingual knowledge platform as a static site.
#[derive(Debug, Parser)]
#[command(name = "policylab", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Builds the site into the output folder.
    #[command(
        after_help = "Examples:\n  policylab build\n  policylab build --output-dir /srv/www/platform --base-url https://platform.example.eu\n  policylab build --drafts   # include pages marked draft = true"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: public/ in the site folder].
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Replaces base_url of config.toml, e.g. for a staging host.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Prints the JSON Schema of a content type's front matter (all types when none is named).
    #[command(
        after_help = "Examples:\n  policylab schema cluster > schemas/cluster.json\n  policylab schema          # every type, as one JSON object keyed by type"
    )]
    Schema {
        /// The type, as declared in config.toml ([types.<name>]).
        #[arg(value_name = "TYPE")]
        type_name: Option<String>,
        /// The site's folder, holding config.toml.
        #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Serves the site for previewing, rebuilding it and reloading the browser on every save.
    #[command(after_help = SERVE_HELP)]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on.
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but 127.0.0.1 or ::1 lets other computers read
        /// the site, drafts included.
        #[arg(long, short = 'b', default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Opens the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Where to write the served files [default: a folder in the system's temporary folder].
        #[arg(long, short = 'o', value_name = "DIR")]
        output_dir: Option<PathBuf>,
    },
    /// Creates a page of a declared type, listing all its fields, in the type's section folder.
    #[command(after_help = NEW_HELP)]
    New {
        /// The type, as declared in config.toml ([types.<name>]).
        #[arg(value_name = "TYPE")]
        type_name: String,
        /// The page title; the file is named after it (\"Inovare în Banat\" gives inovare-in-banat.md).
        #[arg(value_name = "TITLE")]
        title: String,
        /// The page's language, e.g. ro [default: the site's default language].
        #[arg(long, short = 'l', value_name = "CODE")]
        lang: Option<String>,
        /// The site's folder, holding config.toml.
        #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Checks the site as a build would, without writing any file.
    #[command(after_help = "Examples:\n  policylab check\n  policylab check --root ../platform --drafts")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Print which pages are translated, missing or stale in each language, and write
        /// translations.json in the site folder.
        #[arg(long)]
        translations: bool,
        /// With --translations: also write translations.html, a page for coordinators.
        #[arg(long, requires = "translations")]
        html: bool,
    },
    /// Records in a translation the fingerprint of its source, so the dashboard can tell when
    /// the source changes later.
    #[command(
        name = "translate-mark",
        after_help = "Examples:\n  policylab translate-mark content/about.ro.md\n  policylab translate-mark content/news/_index.bg.md"
    )]
    TranslateMark {
        /// The translation, e.g. content/about.ro.md.
        file: PathBuf,
        /// The site's folder, holding config.toml.
        #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Runs a language server on stdin/stdout: errors, completion and help for the front
    /// matter of content files in any editor that speaks LSP.
    #[command(after_help = LSP_HELP)]
    Lsp {
        /// The site's folder, holding config.toml [default: the editor's workspace folder, or
        /// the site folder above the file opened].
        #[arg(long, short = 'r', value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

const LSP_HELP: &str = "\
The editor starts the server and talks to it over stdin and stdout; it is not run by hand.
It checks the front matter of .md files under content/ as a build does, completes keys and
values from the types of config.toml, and reads config.toml again when it is saved.

Examples:
  policylab lsp                    in the editor's settings, for Markdown files
  policylab lsp --root ../platform";

const SERVE_HELP: &str = "\
The site is built with base_url set to the server's address and written to a folder of its
own (never public/). Every save in content/, themes/, templates/, static/, i18n/, data/ or
config.toml rebuilds it; open pages reload, or swap their stylesheets when only CSS changed.
When a rebuild fails, the last good site stays served and every page shows the errors.

Examples:
  policylab serve                       http://127.0.0.1:1111
  policylab serve --port 8080 --open
  policylab serve --drafts              include pages marked draft = true
  policylab serve --bind 0.0.0.0        let other computers of the network see it (prints a warning)";

const NEW_HELP: &str = "\
Required fields are filled in with an example value and marked; the other fields are
written as comments to uncomment. An existing file is never overwritten.

Examples:
  policylab new cluster \"Danube ICT Cluster\"           content/clusters/danube-ict-cluster.md
  policylab new case_study \"Innovation vouchers\" --lang ro
  policylab schema cluster                              the type's fields as JSON Schema";

#[derive(Debug, Args)]
struct SiteArgs {
    /// The site's folder, holding config.toml.
    #[arg(long, short = 'r', value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Also publish pages marked draft = true.
    #[arg(long)]
    drafts: bool,
}

/// Parses the command line, runs the command and returns the exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let options = match cli.command {
        Command::Schema { type_name, root } => return print_schema(&root, type_name.as_deref(), color),
        Command::Serve {
            site,
            port,
            bind,
            open,
            output_dir,
        } => return serve(site, port, bind, open, output_dir),
        Command::New {
            type_name,
            title,
            lang,
            root,
        } => return new_page(&root, &type_name, &title, lang.as_deref(), color),
        Command::Build {
            site,
            output_dir,
            base_url,
        } => BuildOptions {
            root: site.root,
            output_dir,
            base_url,
            drafts: site.drafts,
            write: true,
            progress: true,
        },
        Command::Check {
            site,
            translations: true,
            html,
        } => {
            return print_translations(&site.root, html, color);
        }
        Command::TranslateMark { file, root } => return translate_mark(&root, &file, color),
        Command::Lsp { root } => return language_server(root),
        Command::Check { site, .. } => BuildOptions {
            root: site.root,
            drafts: site.drafts,
            write: false,
            progress: true,
            ..BuildOptions::default()
        },
    };
    match build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings, color);
            println!("{}", summary(&report, options.write));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{errors} error{} found; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
    }
}

fn print_schema(root: &std::path::Path, type_name: Option<&str>, color: bool) -> ExitCode {
    match crate::schema::json_schema::front_matter_schemas(root, type_name) {
        Ok(schema) => {
            println!("{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            ExitCode::from(1)
        }
    }
}

fn serve(
    site: SiteArgs,
    port: u16,
    bind: std::net::IpAddr,
    open: bool,
    output_dir: Option<PathBuf>,
) -> ExitCode {
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}: other computers that reach this one can read the site{}",
            if site.drafts { ", drafts included" } else { "" }
        );
    }
    let options = crate::serve::ServeOptions {
        root: site.root,
        bind,
        port,
        drafts: site.drafts,
        output_dir,
        print: true,
        ..crate::serve::ServeOptions::default()
    };
    let server = match crate::serve::Server::start(options) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    let url = format!("{}/", server.url());
    println!(
        "serving {url} from {} (Ctrl+C stops)",
        server.output_dir().display()
    );
    if open && !crate::serve::open_browser(&url) {
        eprintln!("cannot open a browser; open {url} yourself");
    }
    server.wait();
    ExitCode::SUCCESS
}

fn new_page(
    root: &std::path::Path,
    type_name: &str,
    title: &str,
    lang: Option<&str>,
    color: bool,
) -> ExitCode {
    let request = crate::scaffold::NewPage {
        root,
        type_name,
        title,
        lang,
        today: chrono::Local::now().date_naive(),
    };
    match crate::scaffold::new_page(&request) {
        Ok(path) => {
            println!("{}", root.join(path).display());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            ExitCode::from(1)
        }
    }
}

fn print_translations(root: &std::path::Path, html: bool, color: bool) -> ExitCode {
    let (config, report) = match crate::build::translation_report(root) {
        Ok(result) => result,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            return ExitCode::from(1);
        }
    };
    print!("{}", report.table());
    let mut outputs = vec![("translations.json", report.json())];
    if html {
        outputs.push(("translations.html", report.html(&config.title)));
    }
    for (name, text) in outputs {
        if let Err(error) = std::fs::write(root.join(name), text) {
            eprintln!("error: cannot write {}: {error}", root.join(name).display());
            return ExitCode::from(1);
        }
        println!("wrote {}", root.join(name).display());
    }
    ExitCode::SUCCESS
}

fn translate_mark(root: &std::path::Path, file: &std::path::Path, color: bool) -> ExitCode {
    let config = match crate::config::Config::load(root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics.sorted(), color);
            return ExitCode::from(1);
        }
    };
    match crate::content::translations::mark(file, &config) {
        Ok(print) => {
            println!("{}: translated_from = \"{print}\"", file.display());
            ExitCode::SUCCESS
        }
        Err(diagnostic) => {
            print_diagnostics(&[diagnostic], color);
            ExitCode::from(1)
        }
    }
}

fn language_server(root: Option<PathBuf>) -> ExitCode {
    match crate::lsp::run(root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], color: bool) {
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render(color));
    }
}

/// The one line printed after a successful build.
pub fn summary(report: &BuildReport, wrote: bool) -> String {
    let verb = if wrote { "written" } else { "checked, none written" };
    format!(
        "{} pages, {} sections, {} languages: {} files {verb} in {} ms{}",
        report.pages,
        report.sections,
        report.languages,
        report.files,
        report.millis,
        report
            .output_dir
            .as_ref()
            .map(|d| format!(" to {}", d.display()))
            .unwrap_or_default()
    )
}
