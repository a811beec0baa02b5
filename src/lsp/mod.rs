//! `policylab lsp`: a language server for the front matter of content files, over stdio.
//!
//! Editors get, while typing in a `.md` file under content/, the errors a build would report
//! for its front matter (the same parsing and field checks, see [`site::Site::check`]),
//! completion of keys and values, and hover help on keys, all from the type declarations of
//! config.toml. The server is synchronous: one loop reads a message and answers it.

mod completion;
mod site;
pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{Completion, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CompletionOptions, DiagnosticSeverity, HoverProviderCapability, InitializeParams, LogMessageParams,
    MessageType, Position, PublishDiagnosticsParams, Range, Registration, RegistrationParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use crate::diagnostics::{Diagnostic, Severity};
use site::Site;

/// The error of a session that did not end with shutdown and exit.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Runs the server on stdin and stdout until the editor shuts it down. `root` is the site's
/// folder; without it the workspace folder the editor names is taken, else the current one.
pub fn run(root: Option<PathBuf>) -> Result<(), Error> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let fixed_root = root.is_some();
    let root = root
        .or_else(|| workspace_root(&params))
        .unwrap_or_else(|| PathBuf::from("."));
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(["=", "\"", "[", ",", " "].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": ServerInfo {
                name: "policylab".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            },
        }),
    )?;
    let mut server = Server::new(&connection, &params, absolute(&root));
    server.fixed_root = fixed_root;
    let result = server.main_loop();
    drop(connection);
    io_threads.join()?;
    result
}

/// The site folder named by the editor: the first workspace folder, else rootUri.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|f| &f.uri);
    #[allow(deprecated)]
    let uri = folder.or(params.root_uri.as_ref())?;
    uri_path(uri)
}

fn absolute(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The file a `file:` URI names.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_decode(rest);
    let bytes = decoded.as_bytes();
    // file:///C:/site on Windows
    let path = if bytes.len() > 2 && bytes[0] == b'/' && bytes[2] == b':' && bytes[1].is_ascii_alphabetic() {
        &decoded[1..]
    } else {
        &decoded
    };
    Some(PathBuf::from(path))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An open document.
struct Document {
    uri: Uri,
    path: PathBuf,
    text: String,
    version: Option<i32>,
}

struct Server<'a> {
    connection: &'a Connection,
    site: Site,
    documents: HashMap<String, Document>,
    snippets: bool,
    /// The root was given with --root: opening a file of another site does not change it.
    fixed_root: bool,
}

impl<'a> Server<'a> {
    fn new(connection: &'a Connection, params: &InitializeParams, root: PathBuf) -> Server<'a> {
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let server = Server {
            connection,
            site: Site::load(root, &HashMap::new()),
            documents: HashMap::new(),
            snippets,
            fixed_root: false,
        };
        server.log_site();
        if watch {
            server.watch_files();
        }
        server
    }

    /// Tells the editor's log which site is checked, and why config.toml cannot be read.
    fn log_site(&self) {
        let (typ, message) = match &self.site.config {
            Ok(_) => (
                MessageType::INFO,
                format!("policylab: site {}", self.site.root.display()),
            ),
            Err(problem) => (
                MessageType::WARNING,
                format!(
                    "policylab: site {}: config.toml cannot be read: {}",
                    self.site.root.display(),
                    problem.message
                ),
            ),
        };
        let params = LogMessageParams { typ, message };
        self.send(Notification::new(LogMessage::METHOD.into(), params).into());
    }

    /// Without --root, a content file of another site (a folder with config.toml and
    /// content/ above the file) makes that site the one checked.
    fn follow(&mut self, path: &Path) {
        if self.fixed_root || self.site.is_content(path) {
            return;
        }
        let site_root = path.ancestors().skip(1).find(|dir| {
            dir.join(crate::config::CONFIG_FILE).is_file()
                && path.starts_with(dir.join(crate::content::CONTENT_DIR))
        });
        if let Some(root) = site_root {
            self.site = Site::load(root.to_path_buf(), &self.open_texts());
            self.log_site();
            self.publish_all();
        }
    }

    /// Asks the editor to report changes of config.toml and content files.
    fn watch_files(&self) {
        let options = serde_json::json!({
            "watchers": [
                { "globPattern": "**/config.toml" },
                { "globPattern": "**/content/**/*.md" },
            ]
        });
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "policylab-watch".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(options),
            }],
        };
        let request = Request::new(
            "policylab-watch".to_string().into(),
            RegisterCapability::METHOD.into(),
            params,
        );
        self.send(request.into());
    }

    fn main_loop(&mut self) -> Result<(), Error> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    self.refresh_config();
                    let response = guarded(|| self.answer(&request)).unwrap_or_else(|| {
                        Response::new_err(
                            request.id.clone(),
                            ErrorCode::InternalError as i32,
                            "the request could not be answered".into(),
                        )
                    });
                    self.send(response.into());
                }
                Message::Notification(notification) => {
                    if notification.method == "exit" {
                        return Err("exit before shutdown".into());
                    }
                    self.refresh_config();
                    guarded(|| self.notice(notification));
                }
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }

    /// Reads config.toml again when it changed on disk, whether or not the editor said so.
    fn refresh_config(&mut self) {
        if self.site.config_changed() {
            self.reload();
        }
    }

    fn reload(&mut self) {
        self.site.reload(&self.open_texts());
        self.publish_all();
    }

    fn open_texts(&self) -> HashMap<PathBuf, String> {
        self.documents
            .values()
            .map(|d| (d.path.clone(), d.text.clone()))
            .collect()
    }

    fn answer(&self, request: &Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            Completion::METHOD => {
                let Ok(params) =
                    serde_json::from_value::<lsp_types::CompletionParams>(request.params.clone())
                else {
                    return invalid(request);
                };
                let position = params.text_document_position;
                let items = self
                    .document(&position.text_document.uri)
                    .map(|doc| {
                        completion::complete(
                            &self.site,
                            &doc.path,
                            &doc.text,
                            position.position,
                            self.snippets,
                        )
                    })
                    .unwrap_or_default();
                Response::new_ok(id, items)
            }
            HoverRequest::METHOD => {
                let Ok(params) = serde_json::from_value::<lsp_types::HoverParams>(request.params.clone())
                else {
                    return invalid(request);
                };
                let position = params.text_document_position_params;
                let hover = self
                    .document(&position.text_document.uri)
                    .and_then(|doc| completion::hover(&self.site, &doc.path, &doc.text, position.position));
                Response::new_ok(id, hover)
            }
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("policylab does not answer {}", request.method),
            ),
        }
    }

    fn document(&self, uri: &Uri) -> Option<&Document> {
        self.documents.get(uri.as_str())
    }

    fn notice(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                let doc = params.text_document;
                let Some(path) = uri_path(&doc.uri) else { return };
                let key = doc.uri.as_str().to_string();
                let path = absolute_file(&path);
                self.follow(&path);
                self.documents.insert(
                    key.clone(),
                    Document {
                        path,
                        uri: doc.uri,
                        text: doc.text,
                        version: Some(doc.version),
                    },
                );
                self.publish(&key);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                else {
                    return;
                };
                let key = params.text_document.uri.as_str().to_string();
                let Some(doc) = self.documents.get_mut(&key) else {
                    return;
                };
                // Full sync: the last change holds the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    doc.text = change.text;
                }
                doc.version = Some(params.text_document.version);
                self.publish(&key);
            }
            DidSaveTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                else {
                    return;
                };
                let saved = uri_path(&params.text_document.uri).map(|p| absolute_file(&p));
                if saved.is_some_and(|p| self.site.is_config(&p) || self.site.is_content(&p)) {
                    self.reload();
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                if let Some(doc) = self.documents.remove(params.text_document.uri.as_str()) {
                    self.send_diagnostics(doc.uri, Vec::new(), None);
                }
            }
            DidChangeWatchedFiles::METHOD => self.reload(),
            _ => {}
        }
    }

    fn publish_all(&self) {
        for key in self.documents.keys() {
            self.publish(key);
        }
    }

    /// Sends the diagnostics of the open document `key`.
    fn publish(&self, key: &str) {
        let Some(doc) = self.documents.get(key) else {
            return;
        };
        let diagnostics = self
            .site
            .check(&doc.path, &doc.text)
            .iter()
            .map(|d| to_lsp(d, &doc.text))
            .collect();
        self.send_diagnostics(doc.uri.clone(), diagnostics, doc.version);
    }

    fn send_diagnostics(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into());
    }
}

/// The path of an open file as the site's paths are written (the root is canonical).
fn absolute_file(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => path.to_path_buf(),
    }
}

fn invalid(request: &Request) -> Response {
    Response::new_err(
        request.id.clone(),
        ErrorCode::InvalidParams as i32,
        format!("the parameters of {} cannot be read", request.method),
    )
}

/// Runs `work`, turning a panic into `None` so that one bad message does not end the session.
fn guarded<T>(work: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).ok()
}

/// A policylab diagnostic as an LSP one: 0-based line, UTF-16 columns, the hint after the
/// message. Problems without a place mark the first line.
pub fn to_lsp(diagnostic: &Diagnostic, text: &str) -> lsp_types::Diagnostic {
    let range = match &diagnostic.location {
        Some(location) => {
            let line = location.line.saturating_sub(1) as u32;
            let (start, end) = text::utf16_span(&location.line_text, location.column, location.len);
            Range::new(Position::new(line, start), Position::new(line, end))
        }
        None => {
            let first = text::lines(text).first().map_or(0, |l| text::utf16_len(l));
            Range::new(Position::new(0, 0), Position::new(0, first))
        }
    };
    let mut message = diagnostic.message.clone();
    if let Some(hint) = &diagnostic.hint {
        message.push_str(&format!("\nhelp: {hint}"));
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        source: Some("policylab".into()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let uri: Uri = "file:///home/ana/site/content/clusters/ni%C5%A1.md"
            .parse()
            .unwrap();
        assert_eq!(
            uri_path(&uri).unwrap(),
            PathBuf::from("/home/ana/site/content/clusters/niš.md")
        );
        let uri: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_path(&uri), None);
    }

    #[test]
    fn diagnostics_get_utf16_ranges_and_hints() {
        let text = "+++\nград = \"Ниш\"\ncountry = \"Romnia\"\n+++\n";
        let offset = text.find("\"Romnia").unwrap();
        let d = Diagnostic::error("wrong")
            .at(crate::diagnostics::Location::at_offset(text, offset, 8))
            .with_hint("did you mean \"RO\"?");
        let lsp = to_lsp(&d, text);
        assert_eq!(lsp.range, Range::new(Position::new(2, 10), Position::new(2, 18)));
        assert_eq!(lsp.message, "wrong\nhelp: did you mean \"RO\"?");
        let d = Diagnostic::error("wrong").at(crate::diagnostics::Location::at_offset(
            text,
            text.find("Ниш").unwrap(),
            6,
        ));
        assert_eq!(
            to_lsp(&d, text).range,
            Range::new(Position::new(1, 8), Position::new(1, 11))
        );
    }
}
