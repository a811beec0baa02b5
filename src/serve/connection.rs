//! The dev server's connections: one thread accepts, one thread per connection reads request
//! heads (parsed by httparse) and has [`super::http`] answer each, keeping the connection
//! open between requests as HTTP/1.1 does.
//!
//! A thread per connection suits a local server: a browser opens a handful of connections,
//! and a page's event stream holds its own for as long as the page is open without keeping
//! any other request waiting.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::Shared;
use super::http;

/// The longest request head read; a longer one is answered 431 and the connection closed.
const MAX_HEAD: usize = 16 * 1024;
/// The most headers a request may have.
const MAX_HEADERS: usize = 64;
/// How often an idle connection checks whether the server is stopping.
const IDLE_CHECK: Duration = Duration::from_secs(1);

/// One request, as the answering code needs it.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// `GET`, `HEAD`...
    pub method: String,
    /// The request target as sent: path and query.
    pub url: String,
    /// HTTP/1.0 (the connection closes after the answer unless asked to stay open).
    pub http_1_0: bool,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when the connection is to close after the answer.
    pub fn wants_close(&self) -> bool {
        match self.header("Connection") {
            Some(value) if value.eq_ignore_ascii_case("close") => true,
            Some(value) if value.eq_ignore_ascii_case("keep-alive") => false,
            _ => self.http_1_0,
        }
    }
}

/// Accepts connections until the server stops, each on a thread of its own.
pub(crate) fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::Relaxed) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("policylab-connection".into())
            .spawn(move || serve_connection(stream, &shared));
        if spawned.is_err() {
            eprintln!("policylab: cannot start a thread for a connection");
        }
    }
}

/// Wakes the accept loop so that it sees the server is stopping.
pub(crate) fn wake(addr: SocketAddr) {
    let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
}

fn serve_connection(mut stream: TcpStream, shared: &Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE_CHECK));
    let mut buffer = Vec::with_capacity(4096);
    loop {
        let request = match read_request(&mut stream, &mut buffer, shared) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(status) => {
                let _ = stream.write_all(status.as_bytes());
                return;
            }
        };
        let keep_open = http::handle(shared, &request, &mut stream);
        if !keep_open || request.wants_close() || shared.stopping.load(Ordering::Relaxed) {
            return;
        }
    }
}

/// Reads the next request head from the connection (bodies are read and dropped: the dev
/// server answers GET and HEAD only). `None` when the client closed the connection or the
/// server is stopping; an error is a complete answer to send before closing.
fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    shared: &Shared,
) -> Result<Option<Request>, &'static str> {
    loop {
        if let Some((request, head_len, body_len)) = parse_head(buffer)? {
            buffer.drain(..head_len);
            skip_body(stream, buffer, body_len)?;
            return Ok(Some(request));
        }
        if buffer.len() > MAX_HEAD {
            return Err(
                "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if shared.stopping.load(Ordering::Relaxed) {
                    return Ok(None);
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Ok(None),
        }
    }
}

const BAD_REQUEST: &str = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// A complete request head at the start of `buffer`: the request, the head's length and the
/// body's; `None` while the head is incomplete.
fn parse_head(buffer: &[u8]) -> Result<Option<(Request, usize, usize)>, &'static str> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let head_len = match parsed.parse(buffer) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(_) => return Err(BAD_REQUEST),
    };
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let request = Request {
        method: parsed.method.unwrap_or("").to_string(),
        url: parsed.path.unwrap_or("").to_string(),
        http_1_0: parsed.version == Some(0),
        headers,
    };
    if request.header("Transfer-Encoding").is_some() {
        // A chunked body has no length up front; the dev server takes no bodies at all.
        return Err(BAD_REQUEST);
    }
    let body_len = match request.header("Content-Length") {
        Some(value) => value.parse::<usize>().map_err(|_| BAD_REQUEST)?,
        None => 0,
    };
    Ok(Some((request, head_len, body_len)))
}

/// Reads and drops a request body of `len` bytes, the start of which may be in `buffer`.
fn skip_body(stream: &mut TcpStream, buffer: &mut Vec<u8>, len: usize) -> Result<(), &'static str> {
    const MAX_BODY: usize = 1024 * 1024;
    if len > MAX_BODY {
        return Err("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
    let in_buffer = len.min(buffer.len());
    buffer.drain(..in_buffer);
    let mut rest = vec![0u8; len - in_buffer];
    stream.read_exact(&mut rest).map_err(|_| BAD_REQUEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_parsed_once_complete() {
        assert!(parse_head(b"GET /a HTTP/1.1\r\nHost: x\r\n").unwrap().is_none());
        let (request, len, body) =
            parse_head(b"GET /a?b HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\nGET")
                .unwrap()
                .unwrap();
        assert_eq!((request.method.as_str(), request.url.as_str()), ("GET", "/a?b"));
        assert_eq!((len, body), (49, 0));
        assert!(request.wants_close());
    }

    #[test]
    fn http_1_0_closes_unless_asked_to_keep_alive() {
        let (request, ..) = parse_head(b"GET / HTTP/1.0\r\n\r\n").unwrap().unwrap();
        assert!(request.wants_close());
        let (request, ..) = parse_head(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .unwrap()
            .unwrap();
        assert!(!request.wants_close());
    }

    #[test]
    fn malformed_heads_are_bad_requests() {
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n").err(),
            Some(BAD_REQUEST)
        );
        assert_eq!(
            parse_head(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").err(),
            Some(BAD_REQUEST)
        );
    }
}
