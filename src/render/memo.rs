//! What a template rendering depended on, so that the dev server can keep a page whose inputs
//! did not change instead of rendering it again.
//!
//! A rendering depends on three things: its template files, its context, and what the site
//! functions it called (`get_page`, `get_section`, `trans`...) returned. The first two are
//! fingerprinted before rendering; the calls are recorded while rendering, with their
//! arguments, and checked later by calling the functions again and comparing the results.
//! Every site function goes through [`SiteFunctions`], so none escapes the record.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock, RwLock};

use rayon::prelude::*;

use serde::Serialize;
use tera::{Kwargs, State, Tera, TeraResult, Value};
use xxhash_rust::xxh3::Xxh3Default;

/// A site function: its keyword arguments and the language it is called for give its value.
pub type SiteFunction = Arc<dyn Fn(&Kwargs, &str) -> TeraResult<Value> + Send + Sync>;

/// The functions templates can call that read the site, by name.
#[derive(Default, Clone)]
pub struct SiteFunctions {
    by_name: BTreeMap<&'static str, SiteFunction>,
    /// The fingerprint of each call's result: thousands of pages make the same calls (the
    /// navigation's `get_section`), and within one build a call always gives the same value.
    results: Arc<RwLock<HashMap<CallKey, u64>>>,
    /// The fingerprints of the site's shared values, once they are known.
    shared: Arc<OnceLock<Fingerprints>>,
}

/// A fingerprint of a call without its result: the function, its arguments, the language.
type CallKey = u64;

/// One call a rendering made: enough to make it again and see whether its result changed.
#[derive(Clone)]
pub struct Call {
    function: &'static str,
    kwargs: Kwargs,
    lang: Arc<str>,
    key: CallKey,
    result: u64,
}

thread_local! {
    /// The calls of the rendering running on this thread, when it is recorded.
    static CALLS: RefCell<Option<Vec<Call>>> = const { RefCell::new(None) };
}

impl SiteFunctions {
    /// Adds a function.
    pub fn add(
        &mut self,
        name: &'static str,
        function: impl Fn(&Kwargs, &str) -> TeraResult<Value> + Send + Sync + 'static,
    ) {
        self.by_name.insert(name, Arc::new(function));
    }

    /// Registers every function with Tera, each recording its calls.
    pub fn install(&self, tera: &mut Tera) {
        for (&name, function) in &self.by_name {
            let function = Arc::clone(function);
            let functions = self.clone();
            tera.register_function(name, move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
                let lang = super::call_lang(&kwargs, state)?;
                let result = function(&kwargs, &lang)?;
                if recording() {
                    let key = call_key(name, &kwargs, &lang);
                    let result = functions.result_fingerprint(key, || Ok(result.clone()))?;
                    note_call(Call {
                        function: name,
                        kwargs,
                        lang: lang.into(),
                        key,
                        result,
                    });
                }
                Ok(result)
            });
        }
    }

    /// True when every call returns what it returned when it was recorded.
    pub fn same_results(&self, calls: &[Call]) -> bool {
        calls.iter().all(|call| {
            let Some(function) = self.by_name.get(call.function) else {
                return false;
            };
            self.result_fingerprint(call.key, || function(&call.kwargs, &call.lang))
                .is_ok_and(|result| result == call.result)
        })
    }

    /// The fingerprint of a call's result, computed once per build.
    fn result_fingerprint(&self, key: CallKey, call: impl FnOnce() -> TeraResult<Value>) -> TeraResult<u64> {
        let known = self.results.read().ok().and_then(|r| r.get(&key).copied());
        if let Some(known) = known {
            return Ok(known);
        }
        let result = self.fingerprint(&call()?);
        if let Ok(mut results) = self.results.write() {
            results.insert(key, result);
        }
        Ok(result)
    }

    /// Where the fingerprints of the site's shared values are kept (see [`Fingerprints`]).
    pub fn shared_fingerprints(&self) -> &OnceLock<Fingerprints> {
        &self.shared
    }

    fn fingerprint(&self, value: &Value) -> u64 {
        match self.shared.get() {
            Some(shared) => shared.of(value),
            None => Fingerprints::default().of(value),
        }
    }
}

/// Fingerprints of values, walking them, with the fingerprints of the values many pages share
/// (page summaries, sections, taxonomies) computed once and found by their address: a
/// section's context holds the summaries of all its pages, and the navigation of every page
/// holds the sections. The addresses stay valid because the shared values live as long as
/// the site's template values, which outlive every rendering that uses them.
#[derive(Default)]
pub struct Fingerprints {
    by_address: HashMap<usize, u64>,
}

impl Fingerprints {
    /// Adds the fingerprints of `values`, which may contain values added before.
    pub fn add_shared(&mut self, values: &[Value]) {
        let computed: Vec<(usize, u64)> = values
            .par_iter()
            .filter_map(|value| address(value).map(|at| (at, self.of(value))))
            .collect();
        self.by_address.extend(computed);
    }

    /// The fingerprint of `value`.
    pub fn of(&self, value: &Value) -> u64 {
        let mut hasher = Xxh3Default::new();
        self.hash(value, &mut hasher);
        hasher.finish()
    }

    fn hash(&self, value: &Value, hasher: &mut Xxh3Default) {
        if let Some(known) = address(value).and_then(|at| self.by_address.get(&at)) {
            hasher.write_u8(0);
            hasher.write_u64(*known);
            return;
        }
        if let Some(map) = value.as_map() {
            hasher.write_u8(1);
            hasher.write_usize(map.len());
            for (key, item) in map {
                key.hash(hasher);
                self.hash(item, hasher);
            }
        } else if let Some(items) = value.as_array() {
            hasher.write_u8(2);
            hasher.write_usize(items.len());
            for item in items {
                self.hash(item, hasher);
            }
        } else if let Some(text) = value.as_str() {
            hasher.write_u8(if value.is_safe() { 3 } else { 4 });
            hasher.write(text.as_bytes());
            hasher.write_u8(0xff);
        } else {
            hasher.write_u8(5);
            hasher.write_u64(fingerprint(value));
        }
    }
}

/// The address of a value's shared map or list (none for scalars and empty lists, which share
/// one address).
fn address(value: &Value) -> Option<usize> {
    if let Some(map) = value.as_map() {
        return Some(std::ptr::from_ref(map) as usize);
    }
    value
        .as_array()
        .filter(|items| !items.is_empty())
        .map(|items| items.as_ptr() as usize)
}

fn call_key(function: &str, kwargs: &Kwargs, lang: &str) -> CallKey {
    let mut hasher = Xxh3Default::new();
    function.hash(&mut hasher);
    lang.hash(&mut hasher);
    for (key, value) in kwargs.iter() {
        key.hash(&mut hasher);
        hasher.write_u64(fingerprint(value));
    }
    hasher.finish()
}

fn recording() -> bool {
    CALLS.with(|calls| calls.borrow().is_some())
}

fn note_call(call: Call) {
    CALLS.with(|calls| {
        if let Some(calls) = calls.borrow_mut().as_mut() {
            calls.push(call);
        }
    });
}

/// Runs `render` and returns what it returned with the site function calls it made.
///
/// Recordings nest: a thread that waits inside one rendering may run another (rayon steals
/// work), and each gets only its own calls.
pub fn record<T>(render: impl FnOnce() -> T) -> (T, Vec<Call>) {
    let outer = CALLS.with(|calls| calls.replace(Some(Vec::new())));
    let value = render();
    let mut calls = CALLS.with(|calls| calls.replace(outer)).unwrap_or_default();
    // A template calls `trans` with the same key many times; one check of each is enough.
    calls.sort_by_key(|call| call.key);
    calls.dedup_by_key(|call| call.key);
    (value, calls)
}

/// A 64-bit fingerprint of a value's serialised form. Equal values give equal fingerprints in
/// one process, which is all a memo kept in memory needs.
pub fn fingerprint(value: &(impl Serialize + ?Sized)) -> u64 {
    let mut writer = HashWriter(Xxh3Default::new());
    // Serialising into a hasher cannot fail for I/O; a value that cannot be serialised
    // still gives a fingerprint of what was written before the failure, and such a value
    // would have failed to render too.
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

/// A 64-bit fingerprint of raw bytes (a file, an HTML text), without serialising them.
pub fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Combines fingerprints in order.
pub fn combine(parts: &[u64]) -> u64 {
    let mut hasher = Xxh3Default::new();
    for part in parts {
        hasher.write_u64(*part);
    }
    hasher.finish()
}

struct HashWriter(Xxh3Default);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn functions() -> SiteFunctions {
        let mut functions = SiteFunctions::default();
        functions.add("shout", |kwargs, lang| {
            Ok(Value::from(format!(
                "{}-{lang}",
                kwargs.must_get::<&str>("word")?
            )))
        });
        functions
    }

    #[test]
    fn a_recorded_call_is_checked_by_calling_again() {
        let mut tera = Tera::new();
        functions().install(&mut tera);
        tera.add_raw_template("t", "{{ shout(word='hi') }}").unwrap();
        let mut context = tera::Context::new();
        context.insert("lang", "ro");
        let (html, calls) = record(|| tera.render("t", &context).unwrap());
        assert_eq!(html, "hi-ro");
        assert_eq!(calls.len(), 1);
        assert!(functions().same_results(&calls));

        let mut changed = SiteFunctions::default();
        changed.add("shout", |_, _| Ok(Value::from("other")));
        assert!(!changed.same_results(&calls));
        assert!(!SiteFunctions::default().same_results(&calls));
    }

    #[test]
    fn calls_outside_a_recording_are_not_kept_and_recordings_nest() {
        let mut tera = Tera::new();
        functions().install(&mut tera);
        tera.add_raw_template("t", "{{ shout(word='a') }}").unwrap();
        let context = tera::Context::new();
        tera.render("t", &context).unwrap();
        let ((inner, _), outer) = record(|| {
            let inner = record(|| tera.render("t", &context).unwrap());
            (inner.1.len(), inner.0)
        });
        assert_eq!(inner, 1);
        assert!(outer.is_empty());
    }

    #[test]
    fn fingerprints_tell_values_apart() {
        assert_eq!(fingerprint(&Value::from("a")), fingerprint(&Value::from("a")));
        assert_ne!(fingerprint(&Value::from("a")), fingerprint(&Value::from("b")));
        assert_ne!(combine(&[1, 2]), combine(&[2, 1]));
        assert_eq!(fingerprint_bytes(b"<p>a</p>"), fingerprint_bytes(b"<p>a</p>"));
        assert_ne!(fingerprint_bytes(b"<p>a</p>"), fingerprint_bytes(b"<p>b</p>"));
    }
}
