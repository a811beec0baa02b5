//! `policylab serve`: a real server on a free port over a temporary copy of a fixture site,
//! spoken to with raw HTTP over TCP. Edits go through the file system and the watcher, as an
//! editor's saves do. Waits have generous limits; nothing here measures time.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use common::{SiteTest, tree};
use policylab::build::{BuildOptions, build};
use policylab::serve::{ServeOptions, Server};

/// How long to wait for a rebuild before failing: long enough for a slow CI machine.
const PATIENCE: Duration = Duration::from_secs(60);

fn start(site: &SiteTest, output: &Path) -> Server {
    Server::start(ServeOptions {
        root: site.root.clone(),
        port: 0,
        output_dir: Some(output.to_path_buf()),
        ..ServeOptions::default()
    })
    .expect("the server starts")
}

struct Reply {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map_or("", String::as_str)
    }
}

/// Sends `request` as is and reads the whole answer (the request asks to close).
fn raw(addr: SocketAddr, request: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream.write_all(request.as_bytes()).expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read the answer");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_string(),
    }
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    get_with(addr, path, "")
}

fn get_with(addr: SocketAddr, path: &str, extra_headers: &str) -> Reply {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{extra_headers}Connection: close\r\n\r\n"),
    )
}

/// A page's live-reload connection.
struct Events {
    stream: TcpStream,
    buffer: String,
    /// The id of the last event taken (what a browser sends back as `Last-Event-ID`).
    last_id: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        Events::open_with(addr, "/__policylab/events", "").0
    }

    /// Opens the stream at `path` with more request headers; also returns the first event's
    /// data, the state.
    fn open_with(addr: SocketAddr, path: &str, extra_headers: &str) -> (Events, String) {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{extra_headers}\r\n");
        stream.write_all(request.as_bytes()).expect("send");
        let mut events = Events {
            stream,
            buffer: String::new(),
            last_id: String::new(),
        };
        let (name, state) = events.next();
        assert_eq!(name, "state", "the first event tells the state");
        (events, state)
    }

    /// The next event's name and data.
    fn next(&mut self) -> (String, String) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(found) = self.take_event() {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "no event came; received so far: {:?}",
                self.buffer
            );
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading events: {e}"),
            }
        }
    }

    /// Skips events until one named `name`, and returns its data.
    fn wait_for(&mut self, name: &str) -> String {
        self.wait_for_containing(name, "")
    }

    /// Skips events until one named `name` whose data contains `needle` (a save seen half
    /// written can briefly give other errors first).
    fn wait_for_containing(&mut self, name: &str, needle: &str) -> String {
        loop {
            let (found, data) = self.next();
            if found == name && data.contains(needle) {
                return data;
            }
        }
    }

    fn take_event(&mut self) -> Option<(String, String)> {
        let start = self.buffer.find("event: ")?;
        let end = start + self.buffer[start..].find("\n\n")?;
        let block = self.buffer[start..end].to_string();
        self.buffer.drain(..end + 2);
        let name = block.lines().next()?.trim_start_matches("event: ").to_string();
        let data = block
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .unwrap_or("")
            .to_string();
        if let Some(id) = block.lines().find_map(|l| l.strip_prefix("id: ")) {
            self.last_id = id.to_string();
        }
        Some((name, data))
    }
}

fn mtimes(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    tree(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let modified = std::fs::metadata(dir.join(&path))
                .and_then(|m| m.modified())
                .expect("mtime");
            (path, (bytes, modified))
        })
        .collect()
}

fn edit(site: &SiteTest, path: &str, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(site.root.join(path)).expect("read the file to edit");
    site.write_bytes(path, change(text).as_bytes());
}

#[test]
fn serves_the_site_and_reloads_pages_after_a_content_edit() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let addr = server.addr();

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), "text/html; charset=utf-8");
    assert!(
        home.body.contains("<script src=\"/__policylab/reload.js\""),
        "{}",
        home.body
    );
    for (path, bytes) in tree(server.output_dir()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__policylab"),
            "{path}: the reload script is added when answering, never written"
        );
    }
    let script = get(addr, "/__policylab/reload.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-type"), "text/javascript; charset=utf-8");
    assert!(script.body.contains("EventSource"));

    let before = mtimes(server.output_dir());
    let mut events = Events::open(addr);
    edit(&site, "content/news/call.md", |t| {
        t.replace("Partners may send", "Partners are invited to send")
    });
    events.wait_for("reload");

    let page = get(addr, "/news/call/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Partners are invited to send"),
        "{}",
        page.body
    );
    let after = mtimes(server.output_dir());
    let mut untouched = 0;
    for (path, (bytes, modified)) in &before {
        if let Some((new_bytes, new_modified)) = after.get(path) {
            if new_bytes == bytes {
                assert_eq!(
                    modified, new_modified,
                    "{path} has the same bytes but was rewritten"
                );
                untouched += 1;
            }
        }
    }
    assert!(untouched > 5, "most files do not depend on the edited page");
    assert_ne!(before["news/call/index.html"].0, after["news/call/index.html"].0);
}

#[test]
fn a_broken_file_shows_its_errors_over_every_page_until_fixed() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let addr = server.addr();
    let mut events = Events::open(addr);
    let original = std::fs::read_to_string(site.root.join("content/news/call.md")).unwrap();

    site.write_bytes(
        "content/news/call.md",
        b"+++\ntitle = \"Call\"\ndate = 2025-13-45\n+++\n<script>alert(1)</script>\n",
    );
    let data = events.wait_for_containing("errors", "2025-13-45");
    let status: serde_json::Value = serde_json::from_str(&data).unwrap();
    let errors = status["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{data}");
    let error = errors[0].as_str().unwrap();
    assert!(error.contains("content/news/call.md:3:"), "{error}");
    assert!(error.contains("date = 2025-13-45"), "the offending line: {error}");
    assert!(error.contains('^'), "a caret: {error}");
    assert!(error.contains("help:"), "a hint: {error}");

    // The last good site is still served, with the script that shows the overlay.
    let page = get(addr, "/news/call/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Partners may send"));
    assert!(page.body.contains("/__policylab/reload.js"));
    let polled: serde_json::Value = serde_json::from_str(&get(addr, "/__policylab/status").body).unwrap();
    assert_eq!(polled["errors"][0].as_str(), Some(error));
    // Another page opened now learns the errors as soon as it connects.
    let (_, data) = Events::open_with(addr, "/__policylab/events", "");
    assert!(data.contains("content/news/call.md:3:"), "{data}");
    // The overlay shows the text as text: the script never uses innerHTML.
    let script = get(addr, "/__policylab/reload.js").body;
    assert!(script.contains("textContent") && !script.contains("innerHTML"));

    site.write_bytes("content/news/call.md", original.as_bytes());
    let data = events.wait_for("reload");
    let status: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(status["errors"].as_array().map(Vec::len), Some(0));
    assert!(server.status().errors.is_empty());
}

#[test]
fn a_stylesheet_change_swaps_it_without_a_reload() {
    let site = SiteTest::fixture("basic").file("static/style.css", "body { color: black; }\n");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let mut events = Events::open(server.addr());
    site.write_bytes("static/style.css", b"body { color: navy; }\n");
    let data = events.wait_for_containing("css", "style.css");
    assert!(data.contains("\"changed\":[\"style.css\"]"), "{data}");
    let deadline = Instant::now() + PATIENCE;
    loop {
        let css = get(server.addr(), "/style.css");
        assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
        if css.body == "body { color: navy; }\n" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new stylesheet is never served: {:?}",
            css.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_page_that_reconnects_is_told_the_changes_since_the_last_event_it_heard() {
    let site = SiteTest::fixture("basic").file("static/style.css", "body { color: black; }\n");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let (mut events, state) = Events::open_with(server.addr(), "/__policylab/events", "");
    let served = generation(&state);
    site.write_bytes("static/style.css", b"body { color: navy; }\n");
    let swapped = events.wait_for_containing("css", "style.css");
    assert_eq!(
        events.last_id,
        generation(&swapped).to_string(),
        "an event's id is its generation"
    );
    let heard = events.last_id.clone();
    // The page swapped its stylesheet, then lost the connection; a page elsewhere changes.
    drop(events);
    edit(&site, "content/news/call.md", |t| {
        t.replace("Partners may send", "Partners are invited to send")
    });
    let mut watcher = Events::open(server.addr());
    watcher.wait_for("reload");
    // The browser reconnects to the address the page was served with, and names the last
    // event it heard: the stylesheet it swapped is not a change to reload for.
    let path = format!("/__policylab/events?since={served}");
    let (_, state) = Events::open_with(server.addr(), &path, &format!("Last-Event-ID: {heard}\r\n"));
    let changed = changed_files(&state);
    assert!(changed.iter().any(|f| f.starts_with("news/call/")), "{state}");
    assert!(!changed.contains(&"style.css".to_string()), "{state}");
    // Without it, the changes since the page was served.
    let (_, state) = Events::open_with(server.addr(), &path, "");
    assert!(
        changed_files(&state).contains(&"style.css".to_string()),
        "{state}"
    );
}

/// The generation an event's data tells of.
fn generation(data: &str) -> u64 {
    let status: serde_json::Value = serde_json::from_str(data).expect("JSON event data");
    status["generation"].as_u64().expect("a generation")
}

/// The served folder equals a fresh full build with the same options.
fn assert_equals_full_build(server: &Server, step: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let fresh = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            output_dir: Some(fresh.path().join("public")),
            write: true,
            ..server.build_options().clone()
        };
        if let Err(errors) = build(&options) {
            panic!("{step}: the full build failed:\n{}", common::render(&errors));
        }
        let full = tree(&fresh.path().join("public"));
        let served = tree(server.output_dir());
        if full == served {
            return;
        }
        if Instant::now() > deadline {
            let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
            let differing: Vec<&String> = full
                .iter()
                .filter(|(n, b)| served.iter().any(|(m, c)| m == n && c != b))
                .map(|(n, _)| n)
                .collect();
            panic!(
                "{step}: the served folder differs from a full build\nfull: {:?}\nserved: {:?}\ndiffering: {differing:?}",
                names(&full),
                names(&served)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn incremental_rebuilds_equal_a_full_build_after_each_edit() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let mut events = Events::open(server.addr());
    assert_equals_full_build(&server, "first build");
    let all = server.last_counts().rendered;
    assert_eq!(server.last_counts().kept, 0, "the first build renders every page");

    edit(&site, "content/news/workshop.md", |t| {
        format!("{t}\nBring your own case.\n")
    });
    events.wait_for("reload");
    assert_equals_full_build(&server, "text edit");
    let counts = server.last_counts();
    println!("text edit: {counts:?} of {all}");
    assert!(
        counts.rendered >= 1 && counts.rendered * 2 < all && counts.kept + counts.rendered == all,
        "only the page and the listings with its summary are rendered: {counts:?} of {all}"
    );

    edit(&site, "content/news/workshop.md", |t| {
        t.replace("Sofia", "Plovdiv")
    });
    events.wait_for("reload");
    assert_equals_full_build(&server, "title edit");
    let counts = server.last_counts();
    println!("title edit: {counts:?} of {all}");
    assert!(counts.kept >= 1, "a title is not on every page: {counts:?}");

    edit(&site, "templates/page.html", |t| {
        t.replace("<article>", "<article class=\"edited\">")
    });
    events.wait_for("reload");
    assert_equals_full_build(&server, "template edit");
    let counts = server.last_counts();
    println!("template edit: {counts:?} of {all}");
    assert!(
        counts.rendered >= 1 && counts.kept >= 1,
        "sections and taxonomies do not use page.html: {counts:?}"
    );

    edit(&site, "templates/shortcodes/note.html", |t| {
        t.replace("<aside", "<aside data-edited")
    });
    events.wait_for("reload");
    assert_equals_full_build(&server, "shortcode template edit");

    std::fs::rename(
        site.root.join("content/news/call.md"),
        site.root.join("content/news/call-for-papers.md"),
    )
    .unwrap();
    events.wait_for("reload");
    assert_equals_full_build(&server, "rename");
    assert_eq!(get(server.addr(), "/news/call/").status, 404);
    assert_eq!(get(server.addr(), "/news/call-for-papers/").status, 200);

    std::fs::remove_file(site.root.join("content/news/workshop.md")).unwrap();
    events.wait_for("reload");
    assert_equals_full_build(&server, "delete");
    assert_eq!(get(server.addr(), "/news/workshop/").status, 404);

    site.write_bytes(
        "content/news/call-for-papers.ro.md",
        "+++\ntitle = \"Apel pentru studii de caz\"\ndate = 2025-11-20\n+++\nPartenerii pot trimite studii.\n".as_bytes(),
    );
    events.wait_for("reload");
    assert_equals_full_build(&server, "new translation");
    let translation = get(server.addr(), "/ro/news/call-for-papers/");
    assert_eq!(translation.status, 200);
    assert!(translation.body.contains("Partenerii pot trimite"));

    edit(&site, "config.toml", |t| {
        t.replace("title = \"Fixture\"", "title = \"Renamed fixture\"")
    });
    events.wait_for("reload");
    assert_equals_full_build(&server, "config edit");
}

/// The files a change event names.
fn changed_files(data: &str) -> Vec<String> {
    let status: serde_json::Value = serde_json::from_str(data).expect("event data is JSON");
    status["changed"]
        .as_array()
        .expect("a list of changed files")
        .iter()
        .map(|f| f.as_str().expect("a file name").to_string())
        .collect()
}

#[test]
fn an_edited_body_is_shown_before_the_rest_of_the_site_is_built() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let mut events = Events::open(server.addr());
    assert_equals_full_build(&server, "first build");
    let page_file = server.output_dir().join("news/workshop/index.html");
    let is_the_page = |f: &String| f.ends_with("news/workshop/index.html");
    // The files changed after the first event of a save, up to the search index, its last.
    let rest = |events: &mut Events| {
        let mut files = Vec::new();
        loop {
            let changed = changed_files(&events.wait_for("reload"));
            let last = changed.iter().any(|f| f.starts_with("search-index/"));
            files.extend(changed);
            if last {
                return files;
            }
        }
    };

    edit(&site, "content/news/workshop.md", |t| {
        format!("{t}\nBring your own case.\n")
    });
    let shown = changed_files(&events.wait_for("reload"));
    assert!(
        !shown.is_empty() && shown.iter().all(is_the_page),
        "first the page alone (in every language that shows its text): {shown:?}"
    );
    assert_eq!(server.shown_ahead(), 1);
    assert!(
        get(server.addr(), "/news/workshop/")
            .body
            .contains("Bring your own case.")
    );
    let shown_at = std::fs::metadata(&page_file).unwrap().modified().unwrap();
    let after = rest(&mut events);
    assert!(
        !after.iter().any(is_the_page),
        "then the rest of the site, the page being as the whole build makes it: {after:?}"
    );
    assert_equals_full_build(&server, "body edit");
    assert_eq!(
        std::fs::metadata(&page_file).unwrap().modified().unwrap(),
        shown_at
    );

    // A new heading changes the page's anchors, which other pages may link to: the whole
    // build decides.
    edit(&site, "content/news/workshop.md", |t| {
        format!("{t}\n## Programme\n\nCases in the morning.\n")
    });
    let changed = changed_files(&events.wait_for("reload"));
    assert!(changed.iter().any(is_the_page), "{changed:?}");
    rest(&mut events);
    assert_eq!(server.shown_ahead(), 1, "a new heading is not shown ahead");
    assert_equals_full_build(&server, "new heading");

    edit(&site, "content/news/workshop.md", |t| {
        t.replace("Peer-review workshop in Sofia", "Peer-review workshop in Plovdiv")
    });
    let changed = changed_files(&events.wait_for("reload"));
    assert!(
        changed.iter().any(|f| f == "news/index.html"),
        "a title change is built whole, listings and all: {changed:?}"
    );
    rest(&mut events);
    assert_eq!(server.shown_ahead(), 1, "front matter is not shown ahead");
    assert_equals_full_build(&server, "front matter edit");

    // An editor's atomic save: the text written to a temporary file, renamed over the page.
    let page = site.root.join("content/news/workshop.md");
    let temporary = site.root.join("content/news/.workshop.md.saving");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &temporary,
        text.replace("Bring your own case.", "Bring two cases."),
    )
    .unwrap();
    std::fs::rename(&temporary, &page).unwrap();
    let shown = changed_files(&events.wait_for("reload"));
    assert!(!shown.is_empty() && shown.iter().all(is_the_page), "{shown:?}");
    assert_eq!(server.shown_ahead(), 2);
    let after = rest(&mut events);
    assert!(!after.iter().any(is_the_page), "{after:?}");
    assert_equals_full_build(&server, "atomic save");

    // A section's text: its listing pages are shown first, likewise.
    edit(&site, "content/news/_index.md", |t| {
        format!("{t}What partners report.\n")
    });
    let shown = changed_files(&events.wait_for("reload"));
    assert!(
        shown.contains(&"news/index.html".to_string())
            && shown.contains(&"news/page/2/index.html".to_string()),
        "every listing page of the section: {shown:?}"
    );
    assert!(shown.iter().all(|f| f.contains("news/")), "{shown:?}");
    assert_eq!(server.shown_ahead(), 3);
    assert!(
        get(server.addr(), "/news/page/2/")
            .body
            .contains("What partners report.")
    );
    assert_equals_full_build(&server, "section text edit");
}

/// Reads one answer with a Content-Length from a kept-open connection; returns its status.
fn read_answer(reader: &mut std::io::BufReader<TcpStream>) -> u16 {
    use std::io::BufRead;
    let mut line = String::new();
    reader.read_line(&mut line).expect("a status line");
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("a header");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = value.trim().parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("the body");
    status
}

#[test]
fn many_kept_open_connections_are_answered_beside_open_event_streams() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    // Pages listening for reloads hold their connections for as long as they are open.
    let _pages: Vec<Events> = (0..3).map(|_| Events::open(server.addr())).collect();
    // A browser opens several connections at once and keeps them open between requests.
    let mut connections: Vec<(TcpStream, std::io::BufReader<TcpStream>)> = (0..8)
        .map(|_| {
            let stream = TcpStream::connect(server.addr()).expect("connect");
            stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
            let reader = std::io::BufReader::new(stream.try_clone().expect("clone"));
            (stream, reader)
        })
        .collect();
    for round in 0..3 {
        for (stream, _) in &mut connections {
            stream
                .write_all(b"GET /news/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .expect("send");
        }
        for (n, (_, reader)) in connections.iter_mut().enumerate() {
            assert_eq!(read_answer(reader), 200, "connection {n}, round {round}");
        }
    }
}

#[test]
fn http_answers_follow_the_rules() {
    let site = SiteTest::fixture("basic").file("static/img/logo.png", "not really a png");
    let out = tempfile::tempdir().unwrap();
    let server = start(&site, &out.path().join("served"));
    let addr = server.addr();

    let page = get(addr, "/news/call/");
    assert_eq!(page.status, 200);
    let etag = page.header("etag").to_string();
    let modified = page.header("last-modified").to_string();
    assert!(!etag.is_empty() && !modified.is_empty());

    let head = raw(
        addr,
        "HEAD /news/call/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "", "HEAD has no body");
    assert_eq!(head.header("content-length"), page.body.len().to_string());

    let again = get_with(addr, "/news/call/", &format!("If-None-Match: {etag}\r\n"));
    assert_eq!(again.status, 304);
    assert_eq!(again.body, "");
    let again = get_with(addr, "/news/call/", &format!("If-Modified-Since: {modified}\r\n"));
    assert_eq!(again.status, 304);
    let stale = get_with(addr, "/news/call/", "If-None-Match: \"other\"\r\n");
    assert_eq!(stale.status, 200);

    let missing = get(addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<h1>Not found</h1>"),
        "the theme's 404.html: {}",
        missing.body
    );
    assert!(missing.body.contains("/__policylab/reload.js"));

    let folder = get(addr, "/news");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), "/news/");
    assert_eq!(get(addr, "/img/").status, 404, "no folder listing");
    let image = get(addr, "/img/logo.png");
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), "image/png");
    assert_eq!(image.header("x-content-type-options"), "nosniff");
    assert_eq!(
        get(addr, "/sitemap.xml").header("content-type"),
        "application/xml; charset=utf-8"
    );

    let post = raw(
        addr,
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), "GET, HEAD");
}

#[test]
fn requests_cannot_leave_the_served_folder() {
    let site = SiteTest::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let served = out.path().join("served");
    std::fs::write(out.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = start(&site, &served);
    let addr = server.addr();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(out.path().join("secret.txt"), served.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(out.path(), served.join("up")).unwrap();
    }
    let secret_path = out.path().join("secret.txt");
    let absolute = format!("GET {} HTTP/1.1\r\n", secret_path.display());
    let requests = [
        "GET /../secret.txt HTTP/1.1\r\n".to_string(),
        "GET /news/../../secret.txt HTTP/1.1\r\n".into(),
        "GET /%2e%2e/secret.txt HTTP/1.1\r\n".into(),
        "GET /%2E%2E%2Fsecret.txt HTTP/1.1\r\n".into(),
        "GET /..%2fsecret.txt HTTP/1.1\r\n".into(),
        "GET /..%5Csecret.txt HTTP/1.1\r\n".into(),
        "GET /%252e%252e/secret.txt HTTP/1.1\r\n".into(),
        "GET //etc/passwd HTTP/1.1\r\n".into(),
        "GET /%2Fetc%2Fpasswd HTTP/1.1\r\n".into(),
        "GET http://localhost/../secret.txt HTTP/1.1\r\n".into(),
        "GET ../secret.txt HTTP/1.1\r\n".into(),
        "GET /link.txt HTTP/1.1\r\n".into(),
        "GET /up/secret.txt HTTP/1.1\r\n".into(),
        absolute,
    ];
    for line in requests {
        let reply = raw(
            addr,
            &format!("{line}Host: localhost\r\nConnection: close\r\n\r\n"),
        );
        assert!(
            matches!(reply.status, 400 | 404),
            "{line:?} answered {}",
            reply.status
        );
        assert!(!reply.body.contains("TOP SECRET"), "{line:?} leaked the file");
        assert!(!reply.body.contains("root:"), "{line:?} leaked /etc/passwd");
    }
}
