//! Answering one HTTP request from the served folder: safe path resolution, content types,
//! conditional GET, the theme's 404 page, and the reload script added to HTML responses.
//!
//! Only files under the served folder are ever read. A request path is percent-decoded once
//! and refused when any part is `.`, `..`, empty, or not a plain name; the file found is then
//! resolved through symlinks and refused unless it is still inside the folder. Folders are
//! never listed: a folder answers with its index.html or 404.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::Shared;
use super::connection::Request;

/// The prefix of the dev server's own URLs.
pub(crate) const PREFIX: &str = "/__policylab/";
const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file inside the folder.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect there.
    Redirect(String),
    /// Nothing there (or something outside the folder).
    NotFound,
    /// A path that tries to leave the folder or cannot be a file name.
    BadRequest,
}

/// Resolves the request target `raw` (path and query as sent) under `root`, which must be
/// canonical.
pub(crate) fn resolve(root: &Path, raw: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Target::BadRequest;
    };
    let Some(decoded) = percent_decode(rest) else {
        return Target::BadRequest;
    };
    let mut full = root.to_path_buf();
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if segment.is_empty() {
            if i == last {
                break;
            }
            return Target::BadRequest;
        }
        if segment.contains(['\\', '\0']) || !is_plain_name(segment) {
            return Target::BadRequest;
        }
        full.push(segment);
    }
    let Ok(found) = full.canonicalize() else {
        return Target::NotFound;
    };
    if !found.starts_with(root) {
        return Target::NotFound;
    }
    if found.is_dir() {
        if !path.ends_with('/') {
            let query = raw.find('?').map_or("", |i| &raw[i..]);
            return Target::Redirect(format!("{path}/{query}"));
        }
        return match found.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Target::File(index),
            _ => Target::NotFound,
        };
    }
    if found.is_file() {
        Target::File(found)
    } else {
        Target::NotFound
    }
}

/// One normal path component: not `.`, `..`, a root or a drive prefix.
fn is_plain_name(segment: &str) -> bool {
    let mut components = Path::new(segment).components();
    matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(name)), None) if name == segment
    )
}

/// `%XX` decoded; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a file name, with the charset for text.
pub(crate) fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "jsonld" => "application/ld+json; charset=utf-8",
        "geojson" => "application/geo+json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rdf" => "application/rdf+xml; charset=utf-8",
        "ttl" => "text/turtle; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    }
}

/// The tag added to every HTML response (an external script, so it runs under
/// `Content-Security-Policy: default-src 'self'`).
pub(crate) fn reload_tag(generation: u64) -> String {
    format!("<script src=\"{PREFIX}reload.js\" data-generation=\"{generation}\" defer></script>")
}

/// `html` with the reload tag before `</head>` (or `</body>`, or at the end).
pub(crate) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = reload_tag(generation);
    let at = find_ascii_ci(html, b"</head>")
        .or_else(|| find_ascii_ci(html, b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// A response with a body (sent only for GET), its length and headers.
struct Answer {
    status: u16,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Answer {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            body: body.into(),
            headers: vec![("Content-Type", content_type.to_string())],
        }
    }

    fn with(mut self, name: &'static str, value: &str) -> Answer {
        // Header values come from our own files and from the request line, which holds no
        // line breaks; stripping them anyway keeps a header from ever becoming two.
        self.headers.push((name, value.replace(['\r', '\n'], "")));
        self
    }

    /// Writes the whole answer with one write (head and body apart would, with Nagle's
    /// algorithm and delayed ACKs, make each keep-alive request wait some 40 ms). True when
    /// the connection may stay open.
    fn send(self, request: &Request, stream: &mut dyn Write) -> bool {
        let head_only = request.method == "HEAD";
        let close = request.wants_close();
        let mut out = Vec::with_capacity(self.body.len() + 512);
        let reason = match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            304 => "Not Modified",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            _ => "Internal Server Error",
        };
        let _ = write!(out, "HTTP/1.1 {} {reason}\r\n", self.status);
        let _ = write!(
            out,
            "Date: {}\r\nServer: policylab\r\n",
            httpdate::fmt_http_date(SystemTime::now())
        );
        for (name, value) in &self.headers {
            let _ = write!(out, "{name}: {value}\r\n");
        }
        out.extend_from_slice(b"X-Content-Type-Options: nosniff\r\n");
        if self.status != 304 {
            let _ = write!(out, "Content-Length: {}\r\n", self.body.len());
        }
        if close {
            out.extend_from_slice(b"Connection: close\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if !head_only && self.status != 304 {
            out.extend_from_slice(&self.body);
        }
        // The browser may have gone away; then the connection closes.
        stream.write_all(&out).and_then(|()| stream.flush()).is_ok() && !close
    }
}

/// Answers one request on `stream`; true when the connection may stay open.
pub(crate) fn handle(shared: &Arc<Shared>, request: &Request, stream: &mut dyn Write) -> bool {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Answer::new(405, "text/plain; charset=utf-8", "only GET and HEAD are served\n")
            .with("Allow", "GET, HEAD")
            .send(request, stream);
    }
    let url = request.url.as_str();
    if let Some(own) = url.strip_prefix(PREFIX) {
        let (name, query) = own.split_once('?').unwrap_or((own, ""));
        return own_file(shared, request, name, query, stream);
    }
    let generation = shared.live.status().generation;
    let answer = {
        // Held while reading, so a rebuild never hands out a half-written file.
        let _files = shared
            .files
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match resolve(&shared.output, url) {
            Target::File(path) => file_answer(request, &path, 200, generation),
            Target::Redirect(location) => {
                Answer::new(301, "text/plain; charset=utf-8", "").with("Location", &location)
            }
            Target::BadRequest => Answer::new(400, "text/plain; charset=utf-8", "this path is not served\n"),
            Target::NotFound => not_found(shared, request, generation),
        }
    };
    answer.send(request, stream)
}

fn not_found(shared: &Shared, request: &Request, generation: u64) -> Answer {
    let page = shared.output.join("404.html");
    if page.is_file() {
        let mut answer = file_answer(request, &page, 404, generation);
        // A 404 is never a 304.
        if answer.status == 304 {
            answer = file_answer_forced(&page, 404, generation);
        }
        return answer;
    }
    let status = shared.live.status();
    let text = if status.built {
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1><p>No page at this address.</p></body></html>"
    } else {
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>policylab</title></head><body><h1>The site could not be built yet</h1><p>The errors are shown over this page and in the terminal.</p></body></html>"
    };
    Answer::new(
        404,
        "text/html; charset=utf-8",
        inject(text.as_bytes(), generation),
    )
    .with("Cache-Control", "no-store")
}

/// Validators of a file: the ETag (which for HTML includes the generation, since the reload
/// tag carries it) and the modification time.
fn validators(path: &Path, generation: u64) -> Option<(String, SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().unwrap_or(UNIX_EPOCH);
    let nanos = modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let html = content_type(path).starts_with("text/html");
    let etag = if html {
        format!("\"{:x}-{nanos:x}-g{generation}\"", meta.len())
    } else {
        format!("\"{:x}-{nanos:x}\"", meta.len())
    };
    Some((etag, modified, meta.len()))
}

/// True when the request's validators say the browser's copy is current.
fn not_modified(request: &Request, etag: &str, modified: SystemTime) -> bool {
    if let Some(tags) = request.header("If-None-Match") {
        return tags
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag);
    }
    if let Some(since) = request.header("If-Modified-Since") {
        if let Ok(since) = httpdate::parse_http_date(since) {
            let modified_secs = modified.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let since_secs = since.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            return modified_secs <= since_secs;
        }
    }
    false
}

fn file_answer(request: &Request, path: &Path, status: u16, generation: u64) -> Answer {
    let Some((etag, modified, _)) = validators(path, generation) else {
        return Answer::new(500, "text/plain; charset=utf-8", "cannot read the file\n");
    };
    if status == 200 && not_modified(request, &etag, modified) {
        return Answer::new(304, content_type(path), "")
            .with("ETag", &etag)
            .with("Last-Modified", &httpdate::fmt_http_date(modified))
            .with("Cache-Control", "no-cache");
    }
    file_answer_forced(path, status, generation)
}

fn file_answer_forced(path: &Path, status: u16, generation: u64) -> Answer {
    let Some((etag, modified, _)) = validators(path, generation) else {
        return Answer::new(500, "text/plain; charset=utf-8", "cannot read the file\n");
    };
    let Ok(bytes) = std::fs::read(path) else {
        return Answer::new(500, "text/plain; charset=utf-8", "cannot read the file\n");
    };
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        inject(&bytes, generation)
    } else {
        bytes
    };
    Answer::new(status, content_type, body)
        .with("ETag", &etag)
        .with("Last-Modified", &httpdate::fmt_http_date(modified))
        .with("Cache-Control", "no-cache")
}

/// The dev server's own files: the reload script, the overlay's stylesheet, the event stream
/// (`events?since=<generation the page was served with>`, or on reconnecting the generation
/// of the last event heard, `Last-Event-ID`) and the status as JSON. True when the connection
/// may stay open.
fn own_file(
    shared: &Arc<Shared>,
    request: &Request,
    name: &str,
    query: &str,
    stream: &mut dyn Write,
) -> bool {
    match name {
        "reload.js" => Answer::new(200, "text/javascript; charset=utf-8", RELOAD_JS)
            .with("Cache-Control", "no-cache")
            .send(request, stream),
        "overlay.css" => Answer::new(200, "text/css; charset=utf-8", OVERLAY_CSS)
            .with("Cache-Control", "no-cache")
            .send(request, stream),
        "status" => {
            let status = serde_json::to_string(&shared.live.status()).unwrap_or_default();
            Answer::new(200, "application/json; charset=utf-8", status)
                .with("Cache-Control", "no-store")
                .send(request, stream)
        }
        "events" if request.method == "GET" => {
            // The connection's own thread streams the events; it ends when the page goes
            // away (a write fails) or the server stops, and the connection closes.
            let stopping = || shared.stopping.load(std::sync::atomic::Ordering::Relaxed);
            // A browser reconnects to the same address, whose `since` the page has moved past.
            let last_heard = request
                .header("Last-Event-ID")
                .and_then(|g| g.trim().parse().ok());
            let served = last_heard.or_else(|| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("since="))
                    .and_then(|g| g.parse().ok())
            });
            let _ = shared.live.stream(stream, served, &stopping);
            false
        }
        _ => Answer::new(404, "text/plain; charset=utf-8", "not found\n").send(request, stream),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("news")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("news/index.html"), "news").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn plain_paths_resolve_inside_the_folder() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/news/?x=1"),
            Target::File(root.join("news/index.html"))
        );
        assert_eq!(resolve(&root, "/news?x=1"), Target::Redirect("/news/?x=1".into()));
        assert_eq!(
            resolve(&root, "/n%65ws/"),
            Target::File(root.join("news/index.html"))
        );
        assert_eq!(resolve(&root, "/missing/"), Target::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let (_dir, root) = site();
        for raw in [
            "/../secret.txt",
            "/news/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
            "/%2Fetc/passwd",
            "secret.txt",
            "http://example.eu/../secret.txt",
            "/./index.html",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, raw), Target::BadRequest, "{raw}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_not_followed() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Target::NotFound);
        assert_eq!(resolve(&root, "/up/secret.txt"), Target::NotFound);
    }

    #[test]
    fn the_reload_tag_goes_before_the_end_of_head() {
        let html = b"<html><HEAD><title>x</title></HEAD><body></body></html>";
        let out = String::from_utf8(inject(html, 3)).unwrap();
        assert!(out.contains("<title>x</title><script src=\"/__policylab/reload.js\" data-generation=\"3\" defer></script></HEAD>"));
        assert!(
            String::from_utf8(inject(b"plain", 1))
                .unwrap()
                .starts_with("plain<script")
        );
    }

    #[test]
    fn content_types_carry_the_charset_of_text() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("style.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("map.png")), "image/png");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
