//! What open pages are told: the state of the last build (a generation number and its errors)
//! and, after each rebuild, whether to reload, swap stylesheets or show the errors.
//!
//! Pages listen over server-sent events; each connection is one thread waiting on a condition
//! variable, writing a comment every few seconds so that closed connections are noticed.

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
    /// The files the last change wrote or deleted: a page reloads when one of its own files
    /// is among them, and swaps the stylesheets that are.
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
    state: Mutex<(Status, Option<Action>)>,
    wake: Condvar,
}

/// How often an idle event stream gets a comment, to notice closed connections.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

impl Live {
    pub(crate) fn status(&self) -> Status {
        self.lock().0.clone()
    }

    /// Records a finished build and wakes the listeners when pages must do something.
    pub(crate) fn publish(&self, errors: Vec<String>, changed: Vec<String>, css_only: bool, built: bool) {
        let mut state = self.lock();
        let had_errors = !state.0.errors.is_empty();
        let action = if !errors.is_empty() {
            (state.0.errors != errors).then_some(Action::Errors)
        } else if had_errors || (!changed.is_empty() && !css_only) {
            Some(Action::Reload)
        } else if css_only {
            Some(Action::Css)
        } else {
            None
        };
        state.0.built |= built;
        let Some(action) = action else {
            return;
        };
        state.0.generation += 1;
        state.0.errors = errors;
        state.0.changed = changed;
        state.1 = Some(action);
        drop(state);
        self.wake.notify_all();
    }

    /// Wakes every listener (when the server stops).
    pub(crate) fn wake_all(&self) {
        self.wake.notify_all();
    }

    /// Streams events to one page until the connection closes or `stopping` says so.
    pub(crate) fn stream(&self, out: &mut dyn Write, stopping: &dyn Fn() -> bool) -> std::io::Result<()> {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                    Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
                    Transfer-Encoding: chunked\r\n\r\n";
        out.write_all(head.as_bytes())?;
        let (mut seen, first) = {
            let state = self.lock();
            (state.0.generation, event("state", &state.0))
        };
        send_chunk(out, &first)?;
        loop {
            let state = self.lock();
            let (state, _) = self
                .wake
                .wait_timeout_while(state, KEEP_ALIVE, |s| s.0.generation == seen && !stopping())
                .unwrap_or_else(PoisonError::into_inner);
            if stopping() {
                return send_chunk(out, "");
            }
            if state.0.generation == seen {
                drop(state);
                send_chunk(out, ": keep-alive\n\n")?;
                continue;
            }
            // A listener that slept through several rebuilds cannot know what they changed:
            // it reloads.
            let missed = state.0.generation > seen + 1;
            let action = match state.1 {
                Some(Action::Css) if missed => Action::Reload,
                Some(action) => action,
                None => Action::Reload,
            };
            seen = state.0.generation;
            let message = if missed {
                event(
                    action.name(),
                    &Status {
                        missed: true,
                        ..state.0.clone()
                    },
                )
            } else {
                event(action.name(), &state.0)
            };
            drop(state);
            send_chunk(out, &message)?;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Status, Option<Action>)> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn event(name: &str, status: &Status) -> String {
    let data = serde_json::to_string(status).unwrap_or_else(|_| "{}".into());
    format!("event: {name}\ndata: {data}\n\n")
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
        assert_eq!(live.lock().1, Some(Action::Reload));
        live.publish(vec![], vec!["style.css".into()], true, true);
        assert_eq!(live.lock().1, Some(Action::Css));
        live.publish(vec!["error: x".into()], vec![], false, false);
        assert_eq!(live.lock().1, Some(Action::Errors));
        let generation = live.status().generation;
        live.publish(vec!["error: x".into()], vec![], false, false);
        assert_eq!(
            live.status().generation,
            generation,
            "the same errors again change nothing"
        );
        live.publish(vec![], vec![], false, true);
        assert_eq!(live.lock().1, Some(Action::Reload), "fixing the error reloads");
        assert_eq!(live.status().generation, generation + 1);
        live.publish(vec![], vec![], false, true);
        assert_eq!(
            live.status().generation,
            generation + 1,
            "nothing changed, nothing sent"
        );
    }
}
