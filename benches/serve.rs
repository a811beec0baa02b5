//! Dev-server benchmark: runs the release binary's `policylab serve` on a copy of a site and
//! prints medians against the targets of issue 7:
//!
//! - from saving a content file to the page receiving the reload event that names its file:
//!   median < 100 ms, on the example site and on a generated 1,000-page site (each save
//!   waits until the server has finished the previous one);
//! - a template change: < 1 s (and, for information, a change of the page's title, which
//!   the whole site is built for before the page reloads);
//! - requests per second for a small page over loopback with keep-alive connections
//!   (at least 5,000, no errors), with the server's resident memory sampled during the run.
//!
//! ```text
//! cargo bench --bench serve
//! cargo bench --bench serve -- --pages 1000 --edits 20 --seconds 60 --clients 4
//! ```
//!
//! `POLICYLAB_BINARY=path` measures another build of policylab (an earlier version, as a
//! baseline run in the same go) with the same sites and edits.
//!
//! The load loop only talks to 127.0.0.1, and is bounded in time and in requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(120);
/// A bound on the load loop whatever its duration.
const MAX_REQUESTS: u64 = 20_000_000;

struct Options {
    pages: usize,
    edits: usize,
    seconds: u64,
    clients: usize,
}

fn main() {
    let options = parse(std::env::args().skip(1));
    let work = tempfile::tempdir().expect("temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));

    let example = work.path().join("example");
    for name in [
        "config.toml",
        "content",
        "themes",
        "templates",
        "static",
        "i18n",
        "data",
    ] {
        copy(&repo.join(name), &example.join(name));
    }
    println!("example site ({} Markdown files)", count_markdown(&example));
    let page = first_page(&example.join("content"));
    let template = example.join("themes/platform/templates/page.html");
    measure_site(&example, &page, &template, &options, false);

    let generated = work.path().join("generated");
    generate(&generated, options.pages);
    println!("\ngenerated site ({} pages)", options.pages);
    let page = generated.join("content/section-3/page-42.md");
    let template = generated.join("templates/page.html");
    measure_site(&generated, &page, &template, &options, true);
}

/// The policylab binary to measure: this build's, unless POLICYLAB_BINARY names another.
fn binary() -> PathBuf {
    std::env::var_os("POLICYLAB_BINARY")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_policylab")), PathBuf::from)
}

fn parse(mut args: impl Iterator<Item = String>) -> Options {
    let mut options = Options {
        pages: 1000,
        edits: 15,
        seconds: 20,
        clients: 4,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        match arg.as_str() {
            "--pages" => options.pages = value() as usize,
            "--edits" => options.edits = value().max(1) as usize,
            "--seconds" => options.seconds = value().max(1),
            "--clients" => options.clients = value().max(1) as usize,
            "--bench" => {}
            other => eprintln!("ignored argument {other}"),
        }
    }
    options
}

fn measure_site(root: &Path, page: &Path, template: &Path, options: &Options, load: bool) {
    let out = root.with_extension("served");
    let mut server = ServeProcess::start(root, &out);
    let addr = server.addr;
    let mut events = Events::open(addr);
    if !events.state.contains("\"errors\":[]") {
        println!("  the site has errors: latencies below are to the `errors` event");
    }

    let original = std::fs::read_to_string(page).expect("read the page");
    // The page's own file: the reload that counts is the one that names it (pages that the
    // change did not touch do not reload).
    std::fs::write(page, format!("{original}\n\nA first edit for the benchmark.\n")).expect("save");
    events.next_change();
    events.wait_until_quiet();
    let served = served_file_containing(&out, "A first edit for the benchmark.");
    println!("  edited page served as {served}");
    std::fs::write(page, &original).expect("restore");
    events.next_change();
    events.wait_until_quiet();

    let mut saves = Saves {
        events: &mut events,
        served: &served,
    };
    saves.measure("save content -> reload event", 100, page, options.edits, |n| {
        format!("{original}\n\nEdit number {n} for the benchmark.\n")
    });
    // Front matter: the whole site is built before the page reloads (no target of its own).
    let title = |n: usize| original.replacen("title = \"", &format!("title = \"Edited {n} "), 1);
    saves.measure(
        "save front matter (title) -> reload event",
        1000,
        page,
        options.edits.min(8),
        title,
    );
    let template_text = std::fs::read_to_string(template).expect("read the template");
    saves.measure(
        "save template -> reload event",
        1000,
        template,
        options.edits.min(8),
        |n| template_text.replacen("</", &format!("<!-- template edit {n} --></"), 1),
    );

    if load {
        load_test(&mut server, options);
    }
}

/// Saves of one file, each timed until the reload event that names the served page.
struct Saves<'a> {
    events: &'a mut Events,
    served: &'a str,
}

impl Saves<'_> {
    /// Saves `file` `count` times with the text `text(n)`, waiting until the server is quiet
    /// after each, then puts the file back as it was and reports the latencies.
    fn measure(
        &mut self,
        what: &str,
        target_ms: u128,
        file: &Path,
        count: usize,
        text: impl Fn(usize) -> String,
    ) {
        let original = std::fs::read_to_string(file).expect("read the file to save");
        let mut latencies = Vec::new();
        let mut kinds = std::collections::BTreeSet::new();
        for n in 0..count {
            let text = text(n);
            let saved = Instant::now();
            std::fs::write(file, text).expect("save");
            kinds.insert(self.events.next_change_of(self.served));
            latencies.push(saved.elapsed());
            self.events.wait_until_quiet();
        }
        std::fs::write(file, &original).expect("restore");
        self.events.next_change();
        self.events.wait_until_quiet();
        report(what, &mut latencies, target_ms, &kinds);
    }
}

fn report(
    what: &str,
    latencies: &mut [Duration],
    target_ms: u128,
    kinds: &std::collections::BTreeSet<String>,
) {
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = latencies[latencies.len() / 2];
    let p90 = latencies[(latencies.len() * 9 / 10).min(latencies.len() - 1)];
    println!(
        "  {what}: median {:.1} ms, p90 {:.1} ms, max {:.1} ms over {} saves (target < {target_ms} ms: {}) events: {:?}",
        ms(median),
        ms(p90),
        ms(latencies[latencies.len() - 1]),
        latencies.len(),
        if median.as_millis() < target_ms {
            "met"
        } else {
            "NOT met"
        },
        kinds
    );
}

fn load_test(server: &mut ServeProcess, options: &Options) {
    let path = "/section-3/page-42/";
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let mut clients = Vec::new();
    for _ in 0..options.clients {
        let (stop, done, errors) = (stop.clone(), done.clone(), errors.clone());
        let addr = server.addr;
        clients.push(std::thread::spawn(move || {
            keep_alive_client(addr, path, &stop, &done, &errors)
        }));
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(options.seconds)
        && done.load(Ordering::Relaxed) < MAX_REQUESTS
    {
        std::thread::sleep(Duration::from_secs(1));
        samples.push(server.rss_kib());
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        let _ = client.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let requests = done.load(Ordering::Relaxed);
    let rate = requests as f64 / elapsed;
    println!(
        "  GET {path}: {requests} requests in {elapsed:.1} s by {} keep-alive clients: {rate:.0} requests/s, {} errors (target >= 5000/s, no errors: {})",
        options.clients,
        errors.load(Ordering::Relaxed),
        if rate >= 5000.0 && errors.load(Ordering::Relaxed) == 0 {
            "met"
        } else {
            "NOT met"
        }
    );
    let mb = |kib: u64| kib as f64 / 1024.0;
    if let (Some(first), Some(last)) = (samples.first(), samples.last()) {
        let peak = samples.iter().max().copied().unwrap_or(0);
        println!(
            "  server memory (RSS) each second: first {:.1} MB, last {:.1} MB, peak {:.1} MB",
            mb(*first),
            mb(*last),
            mb(peak)
        );
        let line: Vec<String> = samples.iter().map(|k| format!("{:.0}", mb(*k))).collect();
        println!("  samples (MB): {}", line.join(" "));
    }
}

fn keep_alive_client(addr: SocketAddr, path: &str, stop: &AtomicBool, done: &AtomicU64, errors: &AtomicU64) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    let connect = || -> Option<(TcpStream, BufReader<TcpStream>)> {
        let stream = TcpStream::connect(addr).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
        stream.set_nodelay(true).ok()?;
        let reader = BufReader::new(stream.try_clone().ok()?);
        Some((stream, reader))
    };
    let Some((mut stream, mut reader)) = connect() else {
        errors.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let mut body = Vec::new();
    while !stop.load(Ordering::Relaxed) && done.load(Ordering::Relaxed) < MAX_REQUESTS {
        let ok = (|| -> Result<(), String> {
            stream
                .write_all(request.as_bytes())
                .map_err(|e| format!("write: {e}"))?;
            let mut line = String::new();
            reader
                .read_line(&mut line)
                .map_err(|e| format!("status line: {e}"))?;
            if !line.starts_with("HTTP/1.1 200") {
                return Err(format!("status line {line:?}"));
            }
            let mut length = 0usize;
            loop {
                line.clear();
                reader.read_line(&mut line).map_err(|e| format!("header: {e}"))?;
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().map_err(|_| format!("length {v:?}"))?;
                }
            }
            body.resize(length, 0);
            reader.read_exact(&mut body).map_err(|e| format!("body: {e}"))
        })();
        match ok {
            Ok(()) => {
                done.fetch_add(1, Ordering::Relaxed);
            }
            Err(reason) => {
                if errors.fetch_add(1, Ordering::Relaxed) < 3 {
                    eprintln!(
                        "  request failed after {} requests: {reason}",
                        done.load(Ordering::Relaxed)
                    );
                }
                match connect() {
                    Some((s, r)) => (stream, reader) = (s, r),
                    None => return,
                }
            }
        }
    }
}

/// `policylab serve` as a child process.
struct ServeProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServeProcess {
    fn start(root: &Path, out: &Path) -> ServeProcess {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(binary())
            .arg("serve")
            .arg("--root")
            .arg(root)
            .arg("--port")
            .arg(port.to_string())
            .arg("--output-dir")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start policylab serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the serving line");
        assert!(line.starts_with("serving"), "unexpected output: {line}");
        ServeProcess {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }

    fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    stream: TcpStream,
    buffer: String,
    state: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .write_all(b"GET /__policylab/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("send");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let mut events = Events {
            stream,
            buffer: String::new(),
            state: String::new(),
        };
        let (_, state) = events.next();
        events.state = state;
        events
    }

    fn next(&mut self) -> (String, String) {
        loop {
            if let Some(start) = self.buffer.find("event: ") {
                if let Some(len) = self.buffer[start..].find("\n\n") {
                    let block = self.buffer[start..start + len].to_string();
                    self.buffer.drain(..start + len + 2);
                    let mut lines = block.lines();
                    let name = lines
                        .next()
                        .unwrap_or("")
                        .trim_start_matches("event: ")
                        .to_string();
                    let data = lines
                        .next()
                        .unwrap_or("")
                        .trim_start_matches("data: ")
                        .to_string();
                    return (name, data);
                }
            }
            let mut chunk = [0u8; 8192];
            let n = self
                .stream
                .read(&mut chunk)
                .expect("an event within the time limit");
            assert!(n > 0, "the event stream closed");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    }

    /// The next reload, css or errors event.
    fn next_change(&mut self) -> String {
        loop {
            let (name, _) = self.next();
            if name != "state" {
                return name;
            }
        }
    }

    /// The next event that tells the page served as `file` to act: errors, or a change
    /// whose list names the file (or that says the page missed changes).
    fn next_change_of(&mut self, file: &str) -> String {
        loop {
            let (name, data) = self.next();
            let names_it = data.contains(&format!("\"{file}\"")) || data.contains("\"missed\":true");
            if name == "errors" || (name != "state" && names_it) {
                return name;
            }
        }
    }

    /// Reads events until none has come for half a second: the server has finished
    /// building the whole site after the last save.
    fn wait_until_quiet(&mut self) {
        let quiet = Duration::from_millis(500);
        self.stream.set_read_timeout(Some(quiet)).expect("timeout");
        let mut chunk = [0u8; 8192];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("the event stream closed"),
                // Keep-alive comments come every ten seconds; anything else is an event.
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    break;
                }
                Err(e) => panic!("reading events: {e}"),
            }
        }
        self.buffer.clear();
        self.stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    }
}

/// The served HTML file (relative, `/`-separated) whose text contains `needle`: the shortest
/// such path, so the page in its own language rather than a fallback copy in another.
fn served_file_containing(out: &Path, needle: &str) -> String {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(needle)))
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .expect("inside the served folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .min_by_key(|path| (path.len(), path.clone()))
        .expect("the edited text is served")
}

fn copy(from: &Path, to: &Path) {
    if !from.exists() {
        return;
    }
    for entry in walkdir::WalkDir::new(from)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        let inner = entry.path().strip_prefix(from).expect("inside");
        let target = if inner.as_os_str().is_empty() {
            to.to_path_buf()
        } else {
            to.join(inner)
        };
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).expect("create folder");
            }
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn count_markdown(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

/// A page of the default language that is not a section index.
fn first_page(content: &Path) -> PathBuf {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            name.ends_with(".md") && !name.starts_with('_') && name.matches('.').count() == 1
        })
        .collect();
    pages.sort();
    pages
        .into_iter()
        .find(|p| p.parent() != Some(content))
        .expect("a page in a section")
}

fn generate(root: &Path, pages: usize) {
    let write = |path: PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write");
    };
    write(
        root.join("config.toml"),
        "base_url = \"https://bench.example.org\"\ntitle = \"Bench\"\ndefault_language = \"en\"\n\n[taxonomies.themes]\n\n[languages.en]\nname = \"English\"\n",
    );
    write(
        root.join("templates/base.html"),
        "<!doctype html>\n<html lang=\"{{ lang }}\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock title %}</title><link rel=\"stylesheet\" href=\"{{ get_url(path='style.css') }}\"></head>\n<body>{% block content %}{% endblock content %}</body></html>\n",
    );
    write(
        root.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock title %}{% block content %}<h1>{{ page.title }}</h1><article>{{ page.content | safe }}</article>{% endblock content %}",
    );
    let listing = "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1><ul>{% for p in paginator.pages %}<li><a href=\"{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock content %}";
    write(root.join("templates/section.html"), listing);
    write(root.join("templates/index.html"), listing);
    write(
        root.join("templates/taxonomy_list.html"),
        "{% extends \"base.html\" %}{% block content %}{% for t in taxonomy.terms %}<a href=\"{{ t.url }}\">{{ t.name }}</a>{% endfor %}{% endblock content %}",
    );
    write(
        root.join("templates/taxonomy_single.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ term.name }}</h1>{% for p in paginator.pages %}<a href=\"{{ p.url }}\">{{ p.title }}</a>{% endfor %}{% endblock content %}",
    );
    write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Not found</h1>{% endblock content %}",
    );
    write(
        root.join("static/style.css"),
        "body { font-family: sans-serif; }\n",
    );
    write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nA generated site.\n",
    );
    let sections = 10;
    for s in 0..sections {
        write(
            root.join(format!("content/section-{s}/_index.md")),
            &format!("+++\ntitle = \"Section {s}\"\npaginate_by = 20\n+++\n"),
        );
    }
    let words = [
        "cluster",
        "policy",
        "region",
        "innovation",
        "training",
        "partners",
        "smart",
        "specialisation",
    ];
    for n in 0..pages {
        let mut body = String::new();
        for paragraph in 0..6 {
            body.push_str(&format!("## Part {paragraph}\n\n"));
            for w in 0..60 {
                body.push_str(words[(n + w * 7 + paragraph) % words.len()]);
                body.push(' ');
            }
            body.push_str("\n\n");
        }
        write(
            root.join(format!(
                "content/section-{}/page-{}.md",
                n % sections,
                n / sections
            )),
            &format!(
                "+++\ntitle = \"Page {n}\"\ndate = 2025-{:02}-{:02}\ntaxonomies = {{ themes = [\"Theme {}\"] }}\n+++\n\n{body}",
                n % 12 + 1,
                n % 28 + 1,
                n % 6
            ),
        );
    }
}
