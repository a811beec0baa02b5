//! `policylab lsp` spoken to as an editor does: JSON-RPC with Content-Length framing over the
//! process's stdin and stdout.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use common::SiteTest;

/// A cluster page with a misspelt country, an unknown key and, after Cyrillic and an emoji,
/// a wrong list value.
const CLUSTER: &str = "+++\ntitle = \"Кластер Ниш\"\ncountry = \"Romnia\"\ncolour = \"blue\"\nthemes = [\"🌍 дигитал\", \"grean\"]\ncontact = \"info@example.org\"\n+++\nBody\n";

const FIXED: &str = "+++\ntitle = \"Кластер Ниш\"\ncountry = \"RO\"\nthemes = [\"digital\"]\ncontact = \"info@example.org\"\n+++\nBody\n";

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_policylab"));
        command.args(["lsp", "--root"]).arg(root);
        Client::spawn(command)
    }

    fn spawn(mut command: Command) -> Client {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start policylab lsp");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if stdout.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("JSON body");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("a message from the server within 20 s")
    }

    /// Sends a request and returns its result, skipping notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{method} failed: {message}");
                return message["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }

    fn completion_labels(&mut self, uri: &str, line: u32, character: u32) -> Vec<String> {
        let result = self.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        let items = match &result {
            Value::Array(items) => items.clone(),
            Value::Object(list) => list["items"].as_array().cloned().unwrap_or_default(),
            _ => Vec::new(),
        };
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri_of(root: &std::path::Path, rel: &str) -> String {
    let root = root.canonicalize().expect("root exists");
    format!("file://{}/{rel}", root.display())
}

fn range(d: &Value) -> (u64, u64, u64, u64) {
    let r = &d["range"];
    let n = |v: &Value| v.as_u64().expect("a number");
    (
        n(&r["start"]["line"]),
        n(&r["start"]["character"]),
        n(&r["end"]["line"]),
        n(&r["end"]["character"]),
    )
}

fn find<'a>(diagnostics: &'a [Value], text: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap_or_default().contains(text))
        .unwrap_or_else(|| panic!("no diagnostic with {text:?} in {diagnostics:#?}"))
}

fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
}

fn change(client: &mut Client, uri: &str, version: i32, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
    );
}

fn initialize(client: &mut Client) {
    let result = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    assert_eq!(
        result["capabilities"]["textDocumentSync"]["change"], 1,
        "{result}"
    );
    assert_eq!(result["capabilities"]["hoverProvider"], true);
    assert_eq!(result["serverInfo"]["name"], "policylab");
    client.notify("initialized", json!({}));
}

fn shutdown(mut client: Client) {
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "exit status {status}");
}

#[test]
fn front_matter_errors_completion_and_hover() {
    let site = SiteTest::fixture("typed-base");
    let mut client = Client::start(&site.root);
    initialize(&mut client);
    let uri = uri_of(&site.root, "content/clusters/nis.md");

    open(&mut client, &uri, CLUSTER);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");
    let country = find(&diagnostics, "Romnia");
    assert_eq!(range(country), (2, 10, 2, 18));
    assert!(
        country["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"RO\" (Romania)?"),
        "{country}"
    );
    assert_eq!(country["severity"], 1);
    let unknown = find(&diagnostics, "unknown key `colour`");
    assert_eq!(range(unknown), (3, 0, 3, 6));
    assert!(
        unknown["message"].as_str().unwrap().contains("help: "),
        "{unknown}"
    );
    // After an emoji (two UTF-16 units) and Cyrillic letters (two bytes each) on the same line.
    let emoji = find(&diagnostics, "🌍 дигитал");
    assert_eq!(range(emoji), (4, 10, 4, 22));
    let grean = find(&diagnostics, "\"grean\" is not a value");
    assert_eq!(range(grean), (4, 24, 4, 31));
    assert!(
        grean["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"green\"?")
    );

    // Key position: declared fields not written yet, built-in keys not written yet.
    let keys = client.completion_labels(&uri, 3, 2);
    for expected in ["region", "city", "sectors", "label", "date", "description"] {
        assert!(keys.contains(&expected.to_string()), "{expected} in {keys:?}");
    }
    for written in ["country", "contact", "themes", "title"] {
        assert!(!keys.contains(&written.to_string()), "{written} in {keys:?}");
    }

    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 2 } }),
    );
    let region = items
        .as_array()
        .expect("a list of items")
        .iter()
        .find(|i| i["label"] == "region")
        .expect("region is offered");
    assert_eq!(region["textEdit"]["newText"], "region = ");
    assert_eq!(region["textEdit"]["range"]["start"]["character"], 0);
    assert_eq!(region["textEdit"]["range"]["end"]["character"], 2);

    // Value positions: country codes, enum values inside a list.
    let countries = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 11 } }),
    );
    let ro = countries
        .as_array()
        .expect("a list of items")
        .iter()
        .find(|i| i["label"] == "RO")
        .expect("RO is offered");
    assert_eq!(ro["detail"], "Romania");
    assert_eq!(ro["textEdit"]["newText"], "\"RO\"");
    assert_eq!(ro["textEdit"]["range"]["start"]["character"], 10);
    let text = CLUSTER.replace("colour = \"blue\"", "region = \"\"");
    change(&mut client, &uri, 2, &text);
    client.diagnostics(&uri);
    let regions = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 10 } }),
    );
    let mut regions: Vec<(String, String)> = regions
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|i| {
            (
                i["sortText"].as_str().unwrap().to_string(),
                i["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    regions.sort();
    assert!(
        regions[0].0.starts_with('1'),
        "no country, no region first: {:?}",
        &regions[..3]
    );
    change(&mut client, &uri, 3, &text.replace("Romnia", "RS"));
    client.diagnostics(&uri);
    let regions = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 10 } }),
    );
    let first = regions
        .as_array()
        .unwrap()
        .iter()
        .min_by_key(|i| i["sortText"].as_str().unwrap().to_string())
        .unwrap();
    assert!(
        first["label"].as_str().unwrap().starts_with("RS"),
        "the regions of Serbia first: {first}"
    );
    change(&mut client, &uri, 4, CLUSTER);
    client.diagnostics(&uri);

    let themes = client.completion_labels(&uri, 4, 10);
    assert_eq!(themes, ["digital", "green"]);

    // Hover on a key.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 5, "character": 3 } }),
    );
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("**Contact**") && text.contains("required"),
        "{text}"
    );
    assert!(text.contains("a functional mailbox"), "{text}");

    change(&mut client, &uri, 5, FIXED);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // Hover on a value names the code.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 2, "character": 12 } }),
    );
    assert_eq!(hover["contents"]["value"], "`RO`: Romania");
    assert_eq!(hover["range"]["start"]["character"], 10);
    shutdown(client);
}

#[test]
fn refs_complete_with_pages_of_the_type_and_config_reloads() {
    let site = SiteTest::fixture("typed-base");
    let mut client = Client::start(&site.root);
    initialize(&mut client);
    let uri = uri_of(&site.root, "content/case-studies/new.ro.md");
    let text = "+++\ntitle = \"Nou\"\nthemes = [\"green\"]\nrelated_clusters = [\"clusters/danube.md\"]\nshade = \"x\"\n+++\n";
    open(&mut client, &uri, text);
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(range(find(&diagnostics, "names no page")), (3, 20, 3, 40));
    find(&diagnostics, "unknown key `shade`");
    assert_eq!(client.completion_labels(&uri, 3, 20), ["clusters/danube-ict.md"]);

    // A field declared in config.toml is known once config.toml is saved.
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let config = config.replace("budget_eur = {", "shade = { kind = \"text\" }\nbudget_eur = {");
    std::fs::write(site.root.join("config.toml"), config).unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri_of(&site.root, "config.toml") } }),
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    find(&diagnostics, "names no page");
    shutdown(client);
}

#[test]
fn malformed_input_gives_diagnostics_not_a_crash() {
    let site = SiteTest::fixture("typed-base");
    let mut client = Client::start(&site.root);
    initialize(&mut client);
    let uri = uri_of(&site.root, "content/clusters/broken.md");

    open(&mut client, &uri, "# No front matter\n");
    let diagnostics = client.diagnostics(&uri);
    find(&diagnostics, "does not start with `+++`");
    assert_eq!(client.completion_labels(&uri, 0, 3), Vec::<String>::new());

    change(&mut client, &uri, 2, "+++\ntitle = \"A\ncountry = \n");
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    change(
        &mut client,
        &uri,
        3,
        "+++\ntitle = \"A\"\ncountry = [\"RO\"\n+++\n",
    );
    let diagnostics = client.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(range(&diagnostics[0]).0, 2);

    // Positions past the end, unknown documents, a file outside content/.
    assert_eq!(client.completion_labels(&uri, 99, 99), Vec::<String>::new());
    assert_eq!(client.completion_labels(&uri, 1, 999), Vec::<String>::new());
    assert_eq!(client.completion_labels(&uri, 2, 999), Vec::<String>::new());
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 40, "character": 2 } }),
    );
    assert_eq!(hover, Value::Null);
    let unknown = uri_of(&site.root, "content/clusters/never-opened.md");
    assert_eq!(client.completion_labels(&unknown, 1, 0), Vec::<String>::new());
    let outside = uri_of(&site.root, "notes.md");
    open(&mut client, &outside, "+++\nnonsense = 1\n");
    assert_eq!(client.diagnostics(&outside), Vec::<Value>::new());
    let named = uri_of(&site.root, "content/clusters/a.xx.md");
    open(&mut client, &named, "+++\ntitle = \"A\"\n+++\n");
    find(&client.diagnostics(&named), "unknown language `xx`");
    shutdown(client);
}

#[test]
fn without_root_the_site_is_found_from_the_opened_file() {
    let site = SiteTest::fixture("typed-base");
    let mut command = Command::new(env!("CARGO_BIN_EXE_policylab"));
    command
        .arg("lsp")
        .current_dir(site.root.parent().expect("a parent folder"));
    let mut client = Client::spawn(command);
    initialize(&mut client);
    let uri = uri_of(&site.root, "content/clusters/nis.md");
    open(&mut client, &uri, CLUSTER);
    assert_eq!(client.diagnostics(&uri).len(), 4);
    shutdown(client);
}
