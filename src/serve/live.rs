//! What open pages are told: the state of the last build (a generation number and its errors)
//! and, after each rebuild, whether to reload, swap stylesheets or show the errors.
//!
//! Pages listen over server-sent events; each connection is one thread waiting on a condition
//! variable, writing a comment every few seconds so that closed connections are noticed.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;

/// What a page should do after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them, keep the page.
    Css,
    /// The rebuild failed: show the errors over the page.
    Errors,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Reload => "reload",
            Action::Css => "css",
            Action::Errors => "errors",
        }
    }
}

/// The state of the served site, as sent to pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Counts the rebuilds that changed what pages should show; pages compare it with the
    /// generation they were served with.
    pub generation: u64,
    /// The diagnostics of the last build, rendered without colour; empty when it succeeded.
    pub errors: Vec<String>,
    /// The files the last change wrote or deleted (in an event for a page that missed
    /// several, all of theirs): a page reloads when one of its own files is among them, and
    /// swaps the stylesheets that are.
    pub changed: Vec<String>,
    /// Set in an event for a page that missed earlier changes, whose files it cannot know:
    /// it reloads whatever `changed` says.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missed: bool,
    /// Whether a build ever succeeded (otherwise nothing is served but the errors).
    pub built: bool,
}

/// The shared state and its listeners.
#[derive(Default)]
pub(crate) struct Live {
    state: Mutex<Published>,
    wake: Condvar,
}

/// What was last published, and the changes before it.
#[derive(Default)]
struct Published {
    status: Status,
    action: Option<Action>,
    /// The last [`RECENT`] changes, oldest first: a listener that slept through several
    /// (a save shown ahead, then its rebuild) still tells its page which files changed.
    recent: VecDeque<Change>,
}

/// One published change.
struct Change {
    generation: u64,
    action: Action,
    changed: Vec<String>,
}

/// How many changes a listener may sleep through and still know what they changed.
const RECENT: usize = 64;

impl Published {
    /// What a page that last saw generation `seen` is to do, and the state it is told: the
    /// last change, or all the changes since `seen` as one (their files together; a reload if
    /// any reloaded, else a stylesheet swap); a reload of whatever when they are no longer all
    /// known.
    fn since(&self, seen: u64) -> (Action, Status) {
        let action = self.action.unwrap_or(Action::Reload);
        let current = self.status.generation;
        if current == seen || current == seen + 1 || action == Action::Errors {
            return (action, self.status.clone());
        }
        let missed: Vec<&Change> = self.recent.iter().filter(|c| c.generation > seen).collect();
        if current < seen || missed.len() as u64 != current - seen {
            let action = if action == Action::Css {
                Action::Reload
            } else {
                action
            };
            let status = Status {
                missed: true,
                ..self.status.clone()
            };
            return (action, status);
        }
        let action = if missed.iter().all(|c| c.action == Action::Css) {
            Action::Css
        } else {
            Action::Reload
        };
        let mut changed: Vec<String> = Vec::new();
        for file in missed.iter().flat_map(|c| &c.changed) {
            if !changed.contains(file) {
                changed.push(file.clone());
            }
        }
        let status = Status {
            changed,
            ..self.status.clone()
        };
        (action, status)
    }

    /// The event for a listener that last saw generation `seen` (see [`Published::since`]).
    fn event_since(&self, seen: u64) -> String {
        let (action, status) = self.since(seen);
        event(action.name(), &status)
    }
}

/// How often an idle event stream gets a comment, to notice closed connections.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

impl Live {
    pub(crate) fn status(&self) -> Status {
        self.lock().status.clone()
    }

    /// Records a finished build and wakes the listeners when pages must do something.
    pub(crate) fn publish(&self, errors: Vec<String>, changed: Vec<String>, css_only: bool, built: bool) {
        let mut state = self.lock();
        let had_errors = !state.status.errors.is_empty();
        let action = if !errors.is_empty() {
            (state.status.errors != errors).then_some(Action::Errors)
        } else if had_errors || (!changed.is_empty() && !css_only) {
            Some(Action::Reload)
        } else if css_only {
            Some(Action::Css)
        } else {
            None
        };
        state.status.built |= built;
        let Some(action) = action else {
            return;
        };
        state.status.generation += 1;
        if state.recent.len() == RECENT {
            state.recent.pop_front();
        }
        let generation = state.status.generation;
        state.recent.push_back(Change {
            generation,
            action,
            changed: changed.clone(),
        });
        state.status.errors = errors;
        state.status.changed = changed;
        state.action = Some(action);
        drop(state);
        self.wake.notify_all();
    }

    /// Wakes every listener (when the server stops).
    pub(crate) fn wake_all(&self) {
        self.wake.notify_all();
    }

    /// Streams events to one page until the connection closes or `stopping` says so. The first
    /// is the state; for a page served at generation `served`, with the files changed since.
    pub(crate) fn stream(
        &self,
        out: &mut dyn Write,
        served: Option<u64>,
        stopping: &dyn Fn() -> bool,
    ) -> std::io::Result<()> {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                    Transfer-Encoding: chunked\r\n\r\n";
        out.write_all(head.as_bytes())?;
        let (mut seen, first) = {
            let state = self.lock();
            let status = served.map_or_else(|| state.status.clone(), |g| state.since(g).1);
            (state.status.generation, event("state", &status))
        };
        send_chunk(out, &first)?;
        loop {
            let state = self.lock();
            let (state, _) = self
                .wake
                .wait_timeout_while(state, KEEP_ALIVE, |s| s.status.generation == seen && !stopping())
                .unwrap_or_else(PoisonError::into_inner);
            if stopping() {
                return send_chunk(out, "");
            }
            if state.status.generation == seen {
                drop(state);
                send_chunk(out, ": keep-alive\n\n")?;
                continue;
            }
            let message = state.event_since(seen);
            seen = state.status.generation;
            drop(state);
            send_chunk(out, &message)?;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Published> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An event with the generation it tells of as its id, which a browser that reconnects sends
/// back (`Last-Event-ID`): the changes it is then told are those since it last heard.
fn event(name: &str, status: &Status) -> String {
    let data = serde_json::to_string(status).unwrap_or_else(|_| "{}".into());
    format!("event: {name}\ndata: {data}\nid: {}\n\n", status.generation)
}

/// One chunk of a chunked HTTP body; an empty one ends the body.
fn send_chunk(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    write!(out, "{:x}\r\n{text}\r\n", text.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_follow_what_changed() {
        let live = Live::default();
        live.publish(vec![], vec!["index.html".into()], false, true);
        assert_eq!(live.lock().action, Some(Action::Reload));
        live.publish(vec![], vec!["style.css".into()], true, true);
        assert_eq!(live.lock().action, Some(Action::Css));
        live.publish(vec!["error: x".into()], vec![], false, false);
        assert_eq!(live.lock().action, Some(Action::Errors));
        let generation = live.status().generation;
        live.publish(vec!["error: x".into()], vec![], false, false);
        assert_eq!(
            live.status().generation,
            generation,
            "the same errors again change nothing"
        );
        live.publish(vec![], vec![], false, true);
        assert_eq!(
            live.lock().action,
            Some(Action::Reload),
            "fixing the error reloads"
        );
        assert_eq!(live.status().generation, generation + 1);
        live.publish(vec![], vec![], false, true);
        assert_eq!(
            live.status().generation,
            generation + 1,
            "nothing changed, nothing sent"
        );
    }

    /// The name and data of an event as `event` writes it.
    fn parse(message: &str) -> (String, serde_json::Value) {
        let mut lines = message.lines();
        let name = lines
            .next()
            .and_then(|l| l.strip_prefix("event: "))
            .expect("event name");
        let data = lines
            .next()
            .and_then(|l| l.strip_prefix("data: "))
            .expect("event data");
        (name.to_string(), serde_json::from_str(data).expect("JSON data"))
    }

    #[test]
    fn a_listener_that_slept_through_several_changes_gets_them_as_one() {
        let live = Live::default();
        live.publish(vec![], vec!["index.html".into()], false, true);
        let seen = live.status().generation;
        // A save shown ahead, then its rebuild, before the listener woke.
        live.publish(vec![], vec!["notes/long/index.html".into()], false, true);
        live.publish(
            vec![],
            vec!["notes/long/index.html".into(), "notes/index.html".into()],
            false,
            true,
        );
        let (name, data) = parse(&live.lock().event_since(seen));
        assert_eq!(name, "reload");
        assert_eq!(
            data["changed"],
            serde_json::json!(["notes/long/index.html", "notes/index.html"])
        );
        assert_eq!(
            data["missed"],
            serde_json::Value::Null,
            "the page can tell whether it is touched"
        );
    }

    /// The first event a page connecting with `served` gets.
    fn first_event(live: &Live, served: Option<u64>) -> (String, serde_json::Value) {
        let mut out = Vec::new();
        live.stream(&mut out, served, &|| true)
            .expect("written to memory");
        let text = String::from_utf8(out).expect("UTF-8");
        let event = text.find("event: ").map(|at| &text[at..]).expect("an event");
        parse(event)
    }

    #[test]
    fn a_page_that_connects_late_learns_the_files_changed_since_it_was_served() {
        let live = Live::default();
        live.publish(vec![], vec!["index.html".into()], false, true);
        let served = live.status().generation;
        live.publish(vec![], vec!["notes/long/index.html".into()], false, true);
        live.publish(vec![], vec!["notes/index.html".into()], false, true);
        let (name, data) = first_event(&live, Some(served));
        assert_eq!(name, "state");
        assert_eq!(data["generation"], serde_json::json!(served + 2));
        assert_eq!(
            data["changed"],
            serde_json::json!(["notes/long/index.html", "notes/index.html"])
        );
        assert_eq!(data["missed"], serde_json::Value::Null);
        // Without the generation it was served with, the state as it is.
        let (_, data) = first_event(&live, None);
        assert_eq!(data["changed"], serde_json::json!(["notes/index.html"]));
        // Served by an earlier server (another count): it cannot know.
        let (_, data) = first_event(&live, Some(served + 10));
        assert_eq!(data["missed"], serde_json::json!(true));
    }

    #[test]
    fn stylesheet_changes_slept_through_are_still_swapped() {
        let live = Live::default();
        live.publish(vec![], vec!["index.html".into()], false, true);
        let seen = live.status().generation;
        live.publish(vec![], vec!["a.css".into()], true, true);
        live.publish(vec![], vec!["b.css".into()], true, true);
        let (name, data) = parse(&live.lock().event_since(seen));
        assert_eq!(name, "css");
        assert_eq!(data["changed"], serde_json::json!(["a.css", "b.css"]));
        // A page change among them makes it a reload.
        live.publish(vec![], vec!["index.html".into()], false, true);
        let (name, data) = parse(&live.lock().event_since(seen));
        assert_eq!(name, "reload");
        assert_eq!(
            data["changed"],
            serde_json::json!(["a.css", "b.css", "index.html"])
        );
    }

    #[test]
    fn a_listener_that_slept_through_more_than_is_kept_reloads() {
        let live = Live::default();
        let seen = live.status().generation;
        for n in 0..=RECENT {
            live.publish(vec![], vec![format!("{n}.css")], true, true);
        }
        let (name, data) = parse(&live.lock().event_since(seen));
        assert_eq!(name, "reload");
        assert_eq!(data["missed"], serde_json::json!(true));
        // One change behind: that change as it was.
        let one_behind = live.status().generation - 1;
        let (name, data) = parse(&live.lock().event_since(one_behind));
        assert_eq!(name, "css");
        assert_eq!(data["changed"], serde_json::json!([format!("{RECENT}.css")]));
    }
}
