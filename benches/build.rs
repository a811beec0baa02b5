//! Build-time benchmark: generates a large synthetic site, builds it with the release binary
//! several times and prints wall time and peak memory against the target
//! "10,000 pages < 3 s, < 500 MB".
//!
//! ```text
//! cargo bench --bench build                          # 10,000 pages, 5 runs
//! cargo bench --bench build -- --pages 2000 --runs 3
//! cargo bench --bench build -- --pages 100 --keep     # keeps the generated sites to look at
//! cargo bench --bench build -- --no-search           # the pipeline without the search index
//! HUGO=/path/to/hugo cargo bench --bench build       # Hugo binary for the baseline
//! ```
//!
//! When a `hugo` binary is found (`$HUGO`, else `hugo` on PATH), the same site is also written
//! as a Hugo site and built the same way, to print a baseline ratio.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::Instant;

const DEFAULT_PAGES: usize = 10_000;
const DEFAULT_RUNS: usize = 5;
const SECTIONS: usize = 20;
const PAGINATE_BY: usize = 50;
const WORDS_PER_PAGE: usize = 1_000;
const THEMES: [&str; 6] = [
    "innovation",
    "digitalisation",
    "energy",
    "skills",
    "finance",
    "tourism",
];
/// Where a page's cross-link goes; replaced by each generator's own link syntax.
const LINK_MARK: &str = "@@LINK@@";
const TARGET_PAGES: usize = 10_000;
const TARGET_SECONDS: f64 = 3.0;
const TARGET_MB: f64 = 500.0;

fn main() {
    let options = Options::parse(std::env::args().skip(1));
    let workdir = TempDir::create(options.keep);
    let pages = generate_pages(options.pages);

    let site = workdir.path.join("policylab");
    write_policylab_site(&site, &pages, options.no_search);
    let runs = measure(options.runs, || policylab_command(&site));
    check_output(&site.join("public"), options.pages, "policylab");
    let report = Report::new(&runs);
    print_report(&options, &report);

    match hugo_binary() {
        Some(hugo) => {
            let hugo_site = workdir.path.join("hugo");
            write_hugo_site(&hugo_site, &pages);
            let hugo_runs = measure(options.runs, || hugo_command(&hugo, &hugo_site));
            check_output(&hugo_site.join("public"), options.pages, "hugo");
            print_baseline(&report, &Report::new(&hugo_runs));
        }
        None => println!("hugo: not found ($HUGO or PATH), baseline skipped"),
    }
}

// ---------------------------------------------------------------------------------------------
// Command line

struct Options {
    pages: usize,
    runs: usize,
    keep: bool,
    /// Leave out the search index, to measure the core pipeline alone.
    no_search: bool,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Options {
        let mut options = Options {
            pages: DEFAULT_PAGES,
            runs: DEFAULT_RUNS,
            keep: false,
            no_search: false,
        };
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--pages" => options.pages = number_after(&arg, args.next()),
                "--runs" => options.runs = number_after(&arg, args.next()),
                "--keep" => options.keep = true,
                "--no-search" => options.no_search = true,
                // `cargo bench` passes `--bench` to every bench binary.
                "--bench" => {}
                other => {
                    panic!("unknown argument `{other}`; expected --pages N, --runs R, --keep or --no-search")
                }
            }
        }
        assert!(options.pages > 0, "--pages must be at least 1");
        assert!(options.runs > 0, "--runs must be at least 1");
        options
    }
}

fn number_after(flag: &str, value: Option<String>) -> usize {
    let value = value.unwrap_or_else(|| panic!("{flag} needs a number"));
    value
        .replace(['_', ','], "")
        .parse()
        .unwrap_or_else(|_| panic!("{flag} needs a number, got `{value}`"))
}

// ---------------------------------------------------------------------------------------------
// Temporary folder, removed at the end unless asked to keep it or the bench failed

struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl TempDir {
    fn create(keep: bool) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let name = format!("policylab-bench-{}-{nanos}", std::process::id());
        let path = std::env::temp_dir().join(name);
        fs::create_dir_all(&path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        TempDir { path, keep }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::thread::panicking() || self.keep {
            eprintln!("the generated sites are kept in {}", self.path.display());
        } else if let Err(e) = fs::remove_dir_all(&self.path) {
            eprintln!("warning: cannot remove {}: {e}", self.path.display());
        }
    }
}

fn write_file(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

// ---------------------------------------------------------------------------------------------
// Deterministic text

/// xorshift64: fast, deterministic, good enough for filler text.
struct Rng(u64);

impl Rng {
    fn seeded(seed: u64) -> Rng {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS_LIST[self.between(0, WORDS_LIST.len() - 1)]
    }

    fn words(&mut self, count: usize) -> Vec<&'static str> {
        (0..count).map(|_| self.word()).collect()
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentence(rng: &mut Rng) -> String {
    let count = rng.between(8, 16);
    format!("{}.", capitalise(&rng.words(count).join(" ")))
}

fn title(rng: &mut Rng, count: usize) -> String {
    let words: Vec<String> = rng.words(count).into_iter().map(capitalise).collect();
    words.join(" ")
}

// ---------------------------------------------------------------------------------------------
// The synthetic content, shared by both generators

struct PageSpec {
    section: usize,
    number: usize,
    title: String,
    date: String,
    themes: Vec<&'static str>,
    /// Markdown, with `LINK_MARK` where the link target goes.
    body: String,
    /// The linked page: (section, number).
    link: (usize, usize),
}

/// Page `index` lives in section `index % SECTIONS` as number `index / SECTIONS`.
fn place(index: usize) -> (usize, usize) {
    (index % SECTIONS, index / SECTIONS)
}

fn generate_pages(count: usize) -> Vec<PageSpec> {
    (0..count).map(|index| page_spec(index, count)).collect()
}

fn page_spec(index: usize, count: usize) -> PageSpec {
    let mut rng = Rng::seeded(index as u64 + 1);
    let (section, number) = place(index);
    let title_words = rng.between(3, 6);
    let theme_count = rng.between(1, 2);
    let themes = (0..theme_count)
        .map(|_| THEMES[rng.between(0, THEMES.len() - 1)])
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let link = place(rng.between(0, count - 1));
    // 1 page in 20 has a code block, 1 in 5 a table, spread over the sections.
    let variant = (section + number) % 20;
    PageSpec {
        section,
        number,
        title: title(&mut rng, title_words),
        date: format!(
            "{}-{:02}-{:02}",
            2015 + index % 10,
            1 + index / 10 % 12,
            1 + index / 120 % 28
        ),
        themes,
        body: page_body(&mut rng, variant == 0, variant % 5 == 2),
        link,
    }
}

fn page_body(rng: &mut Rng, with_code: bool, with_table: bool) -> String {
    let headings = rng.between(4, 6);
    // The first paragraph, the list and the headings take about 80 words.
    let words_per_part = (WORDS_PER_PAGE - 80) / headings;
    let mut body = paragraph(rng, 40);
    body.push_str(&format!(" See [the related case]({LINK_MARK}).\n\n"));
    for part in 0..headings {
        let heading_words = rng.between(2, 5);
        body.push_str(&format!("## {}\n\n", title(rng, heading_words)));
        body.push_str(&paragraphs(rng, words_per_part));
        match part {
            1 => body.push_str(&list(rng)),
            2 if with_table => body.push_str(&table(rng)),
            3 if with_code => body.push_str(RUST_BLOCK),
            _ => {}
        }
    }
    body
}

/// Paragraphs of sentences until about `words` words are written.
fn paragraphs(rng: &mut Rng, words: usize) -> String {
    let mut text = String::new();
    let mut written = 0;
    while written < words {
        let size = rng.between(50, 90).min(words - written);
        let next = paragraph(rng, size);
        written += next.split(' ').count();
        text.push_str(&next);
        text.push_str("\n\n");
    }
    text
}

/// About `words` words of sentences.
fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut sentences = Vec::new();
    let mut written = 0;
    while written < words {
        let next = sentence(rng);
        written += next.split(' ').count();
        sentences.push(next);
    }
    sentences.join(" ")
}

fn list(rng: &mut Rng) -> String {
    let items = rng.between(3, 6);
    let mut text = String::new();
    for _ in 0..items {
        let count = rng.between(3, 8);
        let _ = writeln!(text, "- {}", capitalise(&rng.words(count).join(" ")));
    }
    text.push('\n');
    text
}

fn table(rng: &mut Rng) -> String {
    let mut text = String::from("| Measure | Region | Budget |\n|---|---|---:|\n");
    for _ in 0..rng.between(3, 6) {
        let measure = title(rng, 2);
        let region = capitalise(rng.word());
        let budget = rng.between(10, 990) * 1000;
        let _ = writeln!(text, "| {measure} | {region} | {budget} |");
    }
    text.push('\n');
    text
}

const RUST_BLOCK: &str = r##"```rust
use std::collections::HashMap;

/// Counts the clusters of each region.
fn count_by_region(clusters: &[(&str, &str)]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for (region, _name) in clusters {
        *counts.entry(region.to_string()).or_insert(0) += 1;
    }
    counts
}

fn main() {
    let clusters = [("RO", "Automotive"), ("BG", "ICT"), ("RO", "Textiles")];
    println!("{:?}", count_by_region(&clusters));
}
```

"##;

fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("\"{item}\"")).collect();
    quoted.join(", ")
}

// ---------------------------------------------------------------------------------------------
// The policylab site

fn write_policylab_site(root: &Path, pages: &[PageSpec], no_search: bool) {
    let build = if no_search {
        "\n[build]\nsearch_index = false\n"
    } else {
        ""
    };
    write_file(&root.join("config.toml"), &format!("{POLICYLAB_CONFIG}{build}"));
    for (name, text) in POLICYLAB_TEMPLATES {
        write_file(&root.join("themes/bench/templates").join(name), text);
    }
    let content = root.join("content");
    write_file(
        &content.join("_index.md"),
        "+++\ntitle = \"Home\"\n+++\n\nA synthetic site.\n",
    );
    for section in 0..SECTIONS {
        let front = format!(
            "+++\ntitle = \"Section {section}\"\npaginate_by = {PAGINATE_BY}\n+++\n\nPages of section {section}.\n"
        );
        write_file(&content.join(format!("section-{section}/_index.md")), &front);
    }
    for page in pages {
        let path = content.join(format!("section-{}/page-{}.md", page.section, page.number));
        write_file(&path, &policylab_page(page));
    }
}

fn policylab_page(page: &PageSpec) -> String {
    let link = format!("@/section-{}/page-{}.md", page.link.0, page.link.1);
    format!(
        "+++\ntitle = \"{}\"\ndate = {}\ntaxonomies = {{ themes = [{}] }}\n+++\n\n{}",
        page.title,
        page.date,
        quoted_list(&page.themes),
        page.body.replace(LINK_MARK, &link)
    )
}

fn policylab_command(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_policylab"));
    command.arg("build").arg("--root").arg(root);
    command
}

const POLICYLAB_CONFIG: &str = r##"base_url = "https://bench.example.org"
title = "Benchmark site"
default_language = "en"
theme = "bench"

[markdown]
highlight_code = true

[taxonomies.themes]
"##;

const POLICYLAB_TEMPLATES: [(&str, &str); 7] = [
    (
        "base.html",
        r##"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
  <meta charset="utf-8">
  <title>{% block title %}{{ config.title }}{% endblock title %}</title>
  <link rel="canonical" href="{{ current_url }}">
  <link rel="stylesheet" href="{{ get_url(path='syntax.css') }}">
</head>
<body>
  {%- set home = get_section(path="_index.md") %}
  <nav>
    <a href="{{ home.url }}">{{ config.title }}</a>
    <ul>
      {%- for s in home.subsections %}
      <li><a href="{{ s.url }}">{{ s.title }}</a></li>
      {%- endfor %}
    </ul>
  </nav>
  <main>{% block content %}{% endblock content %}</main>
</body>
</html>
"##,
    ),
    (
        "page.html",
        r##"{% extends "base.html" %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock title %}
{% block content %}
<article>
  <h1>{{ page.title }}</h1>
  <p><time datetime="{{ page.date }}">{{ page.date }}</time> · {{ page.word_count }} words, {{ page.reading_time }} min</p>
  <ul class="tags">
    {%- for term in page.taxonomies.themes %}
    <li><a href="{{ term.url }}">{{ term.name }}</a></li>
    {%- endfor %}
  </ul>
  <nav class="toc"><ol>
    {%- for heading in page.toc %}
    <li><a href="#{{ heading.id }}">{{ heading.title }}</a></li>
    {%- endfor %}
  </ol></nav>
  {{ page.content | safe }}
  {%- if page.previous %}<a rel="prev" href="{{ page.previous.url }}">{{ page.previous.title }}</a>{% endif %}
  {%- if page.next %}<a rel="next" href="{{ page.next.url }}">{{ page.next.title }}</a>{% endif %}
</article>
{% endblock content %}
"##,
    ),
    (
        "section.html",
        r##"{% extends "base.html" %}
{% block title %}{{ section.title }} – {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
  {%- for p in paginator.pages %}
  <li><a href="{{ p.url }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
  {%- endfor %}
</ul>
<nav class="pagination">
  {%- if paginator.previous %}<a rel="prev" href="{{ paginator.previous }}">previous</a>{% endif %}
  <span>{{ paginator.current_index }} / {{ paginator.number_pagers }}</span>
  {%- if paginator.next %}<a rel="next" href="{{ paginator.next }}">next</a>{% endif %}
</nav>
{% endblock content %}
"##,
    ),
    (
        "index.html",
        r##"{% extends "base.html" %}
{% block content %}
<h1>{{ config.title }}</h1>
{{ section.content | safe }}
<ul>
  {%- for s in section.subsections %}
  <li><a href="{{ s.url }}">{{ s.title }}</a></li>
  {%- endfor %}
</ul>
{% endblock content %}
"##,
    ),
    (
        "taxonomy_list.html",
        r##"{% extends "base.html" %}
{% block content %}
<h1>{{ taxonomy.name }}</h1>
<ul>
  {%- for term in taxonomy.terms %}
  <li><a href="{{ term.url }}">{{ term.name }}</a> ({{ term.page_count }})</li>
  {%- endfor %}
</ul>
{% endblock content %}
"##,
    ),
    (
        "taxonomy_single.html",
        r##"{% extends "base.html" %}
{% block content %}
<h1>{{ term.name }}</h1>
{%- set listed = paginator.pages if paginator else term.pages %}
<ul>
  {%- for p in listed %}
  <li><a href="{{ p.url }}">{{ p.title }}</a></li>
  {%- endfor %}
</ul>
{% endblock content %}
"##,
    ),
    (
        "404.html",
        r##"{% extends "base.html" %}
{% block content %}<h1>Not found</h1>{% endblock content %}
"##,
    ),
];

// ---------------------------------------------------------------------------------------------
// The same site for Hugo (baseline)

/// `$HUGO`, else `hugo` on PATH, if it runs.
fn hugo_binary() -> Option<PathBuf> {
    let hugo = std::env::var_os("HUGO").map_or_else(|| PathBuf::from("hugo"), PathBuf::from);
    let works = Command::new(&hugo)
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    works.then_some(hugo)
}

fn write_hugo_site(root: &Path, pages: &[PageSpec]) {
    write_file(&root.join("hugo.toml"), HUGO_CONFIG);
    for (name, text) in HUGO_LAYOUTS {
        write_file(&root.join("layouts").join(name), text);
    }
    let content = root.join("content");
    write_file(
        &content.join("_index.md"),
        "+++\ntitle = \"Home\"\n+++\n\nA synthetic site.\n",
    );
    for section in 0..SECTIONS {
        let front = format!("+++\ntitle = \"Section {section}\"\n+++\n\nPages of section {section}.\n");
        write_file(&content.join(format!("section-{section}/_index.md")), &front);
    }
    for page in pages {
        let path = content.join(format!("section-{}/page-{}.md", page.section, page.number));
        write_file(&path, &hugo_page(page));
    }
}

fn hugo_page(page: &PageSpec) -> String {
    let link = format!(
        "{{{{< ref \"/section-{}/page-{}.md\" >}}}}",
        page.link.0, page.link.1
    );
    format!(
        "+++\ntitle = \"{}\"\ndate = {}\nthemes = [{}]\n+++\n\n{}",
        page.title,
        page.date,
        quoted_list(&page.themes),
        page.body.replace(LINK_MARK, &link)
    )
}

fn hugo_command(hugo: &Path, root: &Path) -> Command {
    let mut command = Command::new(hugo);
    command.arg("--source").arg(root).arg("--quiet");
    command
}

const HUGO_CONFIG: &str = r##"baseURL = "https://bench.example.org/"
title = "Benchmark site"
disableKinds = ["rss"]

[taxonomies]
theme = "themes"

[pagination]
pagerSize = 50

[markup.highlight]
noClasses = false
"##;

const HUGO_LAYOUTS: [(&str, &str); 7] = [
    (
        "baseof.html",
        r##"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
  <link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
  <nav>
    <a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <ul>
      {{- range site.Home.Sections }}
      <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
      {{- end }}
    </ul>
  </nav>
  <main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"##,
    ),
    (
        "page.html",
        r##"{{ define "title" }}{{ .Title }} – {{ site.Title }}{{ end }}
{{ define "main" }}
<article>
  <h1>{{ .Title }}</h1>
  <p><time>{{ .Date.Format "2006-01-02" }}</time> · {{ .WordCount }} words, {{ .ReadingTime }} min</p>
  <ul class="tags">
    {{- range .GetTerms "themes" }}
    <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
    {{- end }}
  </ul>
  {{ .TableOfContents }}
  {{ .Content }}
  {{- with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
  {{- with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>
{{ end }}
"##,
    ),
    (
        "section.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{- $pager := .Paginate .Pages }}
<ul>
  {{- range $pager.Pages }}
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
  {{- end }}
</ul>
<nav class="pagination">
  {{- with $pager.Prev }}<a rel="prev" href="{{ .URL }}">previous</a>{{ end }}
  <span>{{ $pager.PageNumber }} / {{ $pager.TotalPages }}</span>
  {{- with $pager.Next }}<a rel="next" href="{{ .URL }}">next</a>{{ end }}
</nav>
{{ end }}
"##,
    ),
    (
        "home.html",
        r##"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>
  {{- range .Sections }}
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
  {{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "taxonomy.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
  {{- range .Data.Terms.Alphabetical }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
  {{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "term.html",
        r##"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
  {{- range .Pages }}
  <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
  {{- end }}
</ul>
{{ end }}
"##,
    ),
    (
        "404.html",
        r##"{{ define "main" }}<h1>Not found</h1>{{ end }}
"##,
    ),
];

// ---------------------------------------------------------------------------------------------
// Running and measuring

struct Run {
    /// Wall time.
    seconds: f64,
    /// User plus system time of the child, all its threads.
    cpu_seconds: f64,
    max_rss_kib: u64,
}

/// One warm-up run, then `runs` measured ones.
fn measure(runs: usize, command: impl Fn() -> Command) -> Vec<Run> {
    run_once(command());
    (0..runs).map(|_| run_once(command())).collect()
}

/// Runs the command to its end; panics with its output when it fails.
fn run_once(mut command: Command) -> Run {
    let log_path = std::env::temp_dir().join(format!("policylab-bench-{}.log", std::process::id()));
    let log = fs::File::create(&log_path).expect("cannot create the bench's log file");
    let log_err = log.try_clone().expect("cannot duplicate the log file");
    command.stdin(Stdio::null()).stdout(log).stderr(log_err);
    let started = Instant::now();
    #[expect(clippy::zombie_processes, reason = "wait_with_rusage reaps it with wait4")]
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let (status, usage) = wait_with_rusage(child.id());
    let seconds = started.elapsed().as_secs_f64();
    let output = fs::read_to_string(&log_path).unwrap_or_default();
    let _ = fs::remove_file(&log_path);
    if !exited_successfully(status) {
        panic!("{command:?} failed (wait status {status:#x}):\n{output}");
    }
    Run {
        seconds,
        cpu_seconds: timeval_seconds(usage.ru_utime) + timeval_seconds(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        max_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or_default(),
    }
}

/// Waits for the child and returns its wait status and resource usage.
fn wait_with_rusage(pid: u32) -> (libc::c_int, libc::rusage) {
    let pid = libc::pid_t::try_from(pid).expect("child pid out of range");
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child; both pointers are to live locals.
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if waited == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        assert!(
            error.kind() == std::io::ErrorKind::Interrupted,
            "wait4 failed: {error}"
        );
    }
    (status, usage)
}

fn timeval_seconds(time: libc::timeval) -> f64 {
    time.tv_sec as f64 + time.tv_usec as f64 / 1e6
}

fn exited_successfully(status: libc::c_int) -> bool {
    libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0
}

/// Checks that `public/section-*/page-*/index.html` exist for all `pages` pages.
fn check_output(public: &Path, pages: usize, tool: &str) {
    let found = count_page_outputs(public);
    assert_eq!(
        found,
        pages,
        "{tool} wrote {found} page index.html files in {}, expected {pages}",
        public.display()
    );
}

fn count_page_outputs(public: &Path) -> usize {
    (0..SECTIONS)
        .map(|section| public.join(format!("section-{section}")))
        .filter_map(|dir| fs::read_dir(dir).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("page-"))
        .filter(|entry| entry.path().join("index.html").is_file())
        .count()
}

// ---------------------------------------------------------------------------------------------
// Report

struct Report {
    median: f64,
    min: f64,
    max: f64,
    cpu_median: f64,
    peak_mb: f64,
}

impl Report {
    fn new(runs: &[Run]) -> Report {
        let seconds = sorted(runs.iter().map(|run| run.seconds));
        let cpu_seconds = sorted(runs.iter().map(|run| run.cpu_seconds));
        let peak_kib = runs.iter().map(|run| run.max_rss_kib).max().unwrap_or(0);
        Report {
            median: median(&seconds),
            min: seconds[0],
            max: seconds[seconds.len() - 1],
            cpu_median: median(&cpu_seconds),
            peak_mb: peak_kib as f64 * 1024.0 / 1_000_000.0,
        }
    }
}

fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values
}

/// The median of sorted, non-empty values.
fn median(sorted: &[f64]) -> f64 {
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 0 {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    }
}

fn print_report(options: &Options, report: &Report) {
    let pages_per_second = options.pages as f64 / report.median;
    println!();
    println!("policylab build, synthetic site");
    println!("  pages            {}", options.pages);
    println!("  runs             {} (after 1 warm-up)", options.runs);
    println!("  median           {:.3} s", report.median);
    println!("  min / max        {:.3} s / {:.3} s", report.min, report.max);
    println!("  pages per second {pages_per_second:.0}");
    println!("  CPU user+sys     {:.3} s (median)", report.cpu_median);
    println!("  peak RSS         {:.1} MB", report.peak_mb);
    println!(
        "target: 10,000 pages < 3 s, < 500 MB: {}",
        verdict(options.pages, report)
    );
}

fn verdict(pages: usize, report: &Report) -> String {
    if pages != TARGET_PAGES {
        return format!("n/a (measured {pages} pages)");
    }
    let fast = report.median < TARGET_SECONDS;
    let small = report.peak_mb < TARGET_MB;
    let word = if fast && small { "PASS" } else { "FAIL" };
    format!(
        "{word} (time {}, memory {})",
        if fast { "ok" } else { "over" },
        if small { "ok" } else { "over" }
    )
}

fn print_baseline(policylab: &Report, hugo: &Report) {
    println!();
    println!("hugo baseline, same content");
    println!("  median           {:.3} s", hugo.median);
    println!("  min / max        {:.3} s / {:.3} s", hugo.min, hugo.max);
    println!("  CPU user+sys     {:.3} s (median)", hugo.cpu_median);
    println!("  peak RSS         {:.1} MB", hugo.peak_mb);
    println!(
        "  policylab / hugo time {:.2}x, memory {:.2}x",
        policylab.median / hugo.median,
        policylab.peak_mb / hugo.peak_mb
    );
}

// ---------------------------------------------------------------------------------------------
// Words for the filler text

static WORDS_LIST: LazyLock<Vec<&'static str>> = LazyLock::new(|| WORDS.split_whitespace().collect());

const WORDS: &str = "
ability able about above accept access according account across action activity actually add
address administration admit adult affect after again against agency agent agree agreement ahead
allow almost alone along already also although always among amount analysis and another answer
anyone appear apply approach area argue around arrive article artist assume attack attention
attorney audience author authority available avoid away baby back bad bank bar base beat
beautiful because become bed before begin behaviour behind believe benefit best better between
beyond big bill billion bit black blood blue board body book born both box boy break bring
brother budget build building business but buy call camera campaign can cancer candidate capital
car card care career carry case catch cause cell center central century certain certainly chair
challenge chance change character charge check child choice choose church citizen city civil
claim class clear clearly close cluster coach cold collection college colour come commercial
common community company compare computer concern condition conference congress consider
consumer contain continue control cost could country couple course court cover create crime
cultural culture cup current customer cut dark data daughter day dead deal death debate decade
decide decision deep defence degree democrat describe design despite detail determine develop
development difference different difficult dinner direction director discover discuss discussion
disease doctor dog door down draw dream drive drop drug during each early east easy eat economic
economy edge education effect effort eight either election else employee end energy enjoy enough
enter entire environment especially establish even evening event ever every everybody evidence
exactly example executive exist expect experience expert explain eye face fact factor fail fall
family far fast father fear federal feel feeling few field fight figure fill film final finally
financial find fine finger finish fire firm first fish five floor fly focus follow food foot
force foreign forget form former forward four free friend from front full fund future game
garden gas general generation get girl give glass goal good government great green ground group
grow growth guess gun guy hair half hand hang happen happy hard have head health hear heart heat
heavy help here herself high history hit hold home hope hospital hot hotel hour house how
however huge human hundred husband idea identify image imagine impact important improve include
including increase indeed indicate individual industry information inside instead institution
interest interesting international interview into investment involve issue item itself job join
just keep key kid kill kind kitchen know knowledge land language large last late later laugh law
lawyer lay lead leader learn least leave left leg legal less let letter level lie life light
like likely line list listen little live local long look lose loss lot love low machine magazine
main maintain major majority make manage management manager many market marriage material matter
may maybe mean measure media medical meet meeting member memory mention message method middle
might military million mind minute miss mission model modern moment money month more morning
most mother mouth move movement movie much music must myself name nation national natural nature
near nearly necessary need network never new news newspaper next nice night none nor north note
nothing notice now number occur off offer office officer official often oil old once only onto
open operation opportunity option order organisation other others our out outside over own owner
page pain painting paper parent part participant particular partner party pass past patient
pattern pay peace people per perform performance perhaps period person personal phone physical
pick picture piece place plan plant platform play player point police policy political politics
poor popular population position positive possible power practice prepare present president
pressure pretty prevent price private probably problem process produce product production
professional program project property protect prove provide public pull purpose push put quality
question quickly quite race radio raise range rate rather reach read ready real reality realise
really reason receive recent recognise record red reduce reflect region relate relationship
remain remember remove report represent require research resource respond response rest result
return reveal rich right rise risk road rock role room rule run safe same save say scene school
science scientist score sea season seat second section security see seek seem sell send senior
sense series serious serve service set seven several shake share shoot short should shoulder
show side sign significant similar simple simply since sing single sister sit site situation six
size skill skin small smile social society soldier some somebody someone something sometimes son
song soon sort sound source south southern space speak special specific speech spend sport
spring staff stage stand standard star start state statement station stay step still stock stop
store story strategy street strong structure student study stuff style subject success
successful such suddenly suffer suggest summer support sure surface system table take talk task
tax teach teacher team technology television tell ten tend term test than thank that their them
themselves then theory there these they thing think third this those though thought thousand
threat three through throughout throw thus time today together tonight too top total tough
toward town trade traditional training travel treat treatment tree trial trip trouble true truth
try turn two type under understand unit until upon use usually value various very victim view
violence visit voice vote wait walk wall want war watch water way weapon wear week weight well
west western what whatever when where whether which while white whole whom whose why wide wife
will win wind window wish with within without woman wonder word work worker world worry would
write writer wrong yard yeah year yes yet young yourself
";
