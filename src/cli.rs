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
  policylab check                      find every error without writing anything";

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
    /// Checks the site as a build would, without writing any file.
    #[command(after_help = "Examples:\n  policylab check\n  policylab check --root ../platform --drafts")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
}

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
        Command::Check { site } => BuildOptions {
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
