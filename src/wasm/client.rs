//! `CatalogClient`: a cached catalog that revalidates itself.
//!
//! State lives in wasm. One request at a time: the in-flight revalidation is a JS `Promise`
//! shared by every `get()` / `refresh()` that needs it. That promise never rejects (a stale
//! background revalidation must not raise an unhandled rejection); it resolves to the
//! `CatalogUpdate`, or to the `Error` when there is no catalog at all (nor a `fallback` that
//! parses), and the public methods turn the latter into a rejection.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Date, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

use crate::catalog::{diff_models, Catalog, CatalogDiff, ParseOptions};
use crate::error::Error;
use crate::http::cache::{self, CacheEntry, Plan};
use crate::http::{backoff_ms, FetchConfig};

use super::convert::{js_error, to_js};
use super::exports::read_catalog_object;
use super::fetch::{self, catalog_from, read_options, unexpected_304, Options};
use wasm_bindgen_futures::JsFuture;

/// Default `maxAgeMs`: five minutes.
const DEFAULT_MAX_AGE_MS: f64 = 300_000.0;
/// How long a stored entry is waited for before the client goes on without it.
const STORAGE_WAIT_MS: u32 = 2_000;

#[wasm_bindgen(module = "/src/wasm/cache.js")]
extern "C" {
    /// The texts stored under entry name `name` in a storage: `[entry, revalidation]`, each
    /// `undefined` when its `getItem` throws, rejects or takes longer than `ms`.
    #[wasm_bindgen(js_name = readEntry)]
    fn read_entry(storage: &JsValue, name: &str, ms: u32) -> Promise;
    /// Removes entry `name` and its revalidation record, not waited for.
    #[wasm_bindgen(js_name = removeEntry)]
    fn remove_entry(storage: &JsValue, name: &str);
    /// Writes entry `name` (or, with `revalidation`, its revalidation record), not waited for;
    /// removes what it wrote when the write fails.
    #[wasm_bindgen(js_name = storeEntry)]
    fn store_entry(storage: &JsValue, name: &str, text: &str, revalidation: bool);
    /// `{ catalog, diff, stale, error? }`: `diff` undefined for a first load (every model of
    /// the catalog is new), `error` undefined for none; with `fallback`, `catalog.meta.fallback`
    /// is set first.
    #[wasm_bindgen(js_name = catalogUpdate)]
    fn catalog_update(
        catalog: &JsValue,
        diff: &JsValue,
        stale: bool,
        error: &JsValue,
        fallback: bool,
    ) -> JsValue;
    /// The catalog a `304 Not Modified` confirmed at `ms`: a new object with the same `models`
    /// and `warnings` and `meta.fetchedAt` set to that time (the object apps hold is left as
    /// it is).
    fn confirmed(catalog: &JsValue, ms: f64) -> JsValue;
    /// `[maxAgeMs, storage, fallback]` (`storage` undefined for memory, `fallback` for none), or
    /// the message of the first bad one.
    #[wasm_bindgen(js_name = readClientOptions)]
    fn read_client_options(options: &JsValue) -> JsValue;
    /// The name of the entry for a catalog URL fetched with `api_key` in a storage (cache.js
    /// owns the names).
    #[wasm_bindgen(js_name = storageName)]
    fn storage_name(url: &str, api_key: Option<&str>) -> String;
    /// The `signal` of `get()` / `refresh()` options (undefined for none), or the message of
    /// what is wrong with them.
    #[wasm_bindgen(js_name = readCallOptions)]
    fn read_call_options(options: &JsValue) -> JsValue;
    /// `value` settled, or, once `signal` aborts (at once when it has), a rejection with error
    /// `aborted` (`timed_out` when the signal timed out), the signal's reason as its `cause`
    /// unless it shows `key`.
    #[wasm_bindgen(js_name = untilAbort)]
    fn until_abort(
        value: &Promise,
        signal: &AbortSignal,
        aborted: &JsValue,
        timed_out: &JsValue,
        key: Option<&str>,
    ) -> Promise;
}

enum Store {
    Memory,
    /// `localStorage` or the caller's `{getItem, setItem, removeItem}` (sync or async).
    Js(JsValue),
}

struct State {
    config: FetchConfig,
    signal: Option<AbortSignal>,
    max_age_ms: f64,
    store: Store,
    url: String,
    storage_key: String,
    entry: Option<CacheEntry>,
    /// The `fetched_at` of the entry as written to (or read from) storage: a `304` stores only
    /// a revalidation record about it, not the entry again.
    stored_at: f64,
    /// The catalog answered with: the entry's, or (with no entry) the parsed `fallback`.
    catalog: Option<JsValue>,
    /// The `fallback` option as given (undefined for none), parsed only when a request fails
    /// with no catalog held.
    fallback: JsValue,
    loaded: bool,
    /// The revalidation in flight and the generation it belongs to.
    in_flight: Option<(u32, Promise)>,
    /// Bumped by `clear()`: a request of an older generation answers its callers but is not
    /// cached.
    generation: u32,
    /// Failed revalidations in a row, and until when (ms since the epoch) `get()` starts no
    /// background revalidation because of them.
    failures: u32,
    quiet_until: f64,
}

type Shared = Rc<RefCell<State>>;

/// A catalog kept fresh: cached in memory (and optionally in storage), revalidated with
/// `ETag` / `Last-Modified`, stale-while-revalidate, one request at a time.
///
/// After a failed revalidation, `get()` keeps answering with the stale catalog without
/// revalidating it in the background for a while: at least the `Retry-After` the server sent
/// (a 429), otherwise 2 s, doubled with each further failure up to the smaller of `maxAgeMs`
/// and 5 minutes (never less than 2 s). A successful revalidation ends the backoff, and so does
/// `clear()`. `refresh()`, and a `get()` with nothing cached, always ask the server.
///
/// With the `fallback` option (a bundled catalog), a request that fails while the client holds
/// no catalog (none in memory or storage) answers with that catalog, parsed then and marked
/// `meta.fallback: true`, instead of the error (not when the constructor's `signal` aborted it),
/// and the client holds it as a stale catalog until a request succeeds. It is never stored; one
/// that does not parse leaves the error.
///
/// ```js
/// const client = new CatalogClient({ maxAgeMs: 60_000, storage: "local" });
/// const catalog = await client.get();
/// const { diff, stale, error } = await client.refresh();
/// const mine = await client.get({ signal }); // this call stops waiting when `signal` aborts
/// ```
#[wasm_bindgen(js_name = CatalogClient)]
pub struct CatalogClient {
    state: Shared,
}

#[wasm_bindgen(js_class = CatalogClient)]
impl CatalogClient {
    /// `options`: the `FetchOptions`, `maxAgeMs` (default 300 000) and `storage`
    /// (`"memory"` default; `"local"` for `localStorage`, memory where there is none; or an
    /// object with `getItem`/`setItem`/`removeItem`, which may return promises). A revalidation
    /// answered `304` writes a small record beside the entry (`<name>#revalidated`), not the
    /// catalog again. Writes are not waited for; a failed write removes what it wrote. In a storage that lists its names (`length`,
    /// `key(i)`), the same catalog's entries under other API keys make room when a write fails
    /// (which is then tried once more) and go after a write when unrefreshed for a week.
    /// `fallback`: a bundled catalog (a string or an object, as `parseCatalog` takes; anything
    /// else is refused with `invalid_argument`) for a failed request with no catalog held.
    ///
    /// Made in a browser before `await init()`, the client keeps `options` as given (not copied)
    /// and reads them at its first call after `init()`: a bad option is then that call's
    /// `invalid_argument` (a rejection for `get()` and `refresh()`); calls before `init()` give
    /// `not_initialized`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<Object>,
    ) -> Result<CatalogClient, JsValue> {
        let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
        let Options { config, signal } = read_options(&options).map_err(js_error)?;
        let own = read_client_options(&options);
        if let Some(message) = own.as_string() {
            return Err(js_error(Error::InvalidArgument(message)));
        }
        let own: Array = own.unchecked_into();
        let max_age_ms = own.get(0).as_f64().unwrap_or(DEFAULT_MAX_AGE_MS);
        let store = own.get(1);
        let fallback = own.get(2);
        let store = if store.is_undefined() {
            Store::Memory
        } else {
            Store::Js(store)
        };
        let url = config.catalog_url();
        Ok(CatalogClient {
            state: Rc::new(RefCell::new(State {
                storage_key: storage_name(&url, config.api_key.as_deref()),
                url,
                config,
                signal,
                max_age_ms,
                store,
                entry: None,
                stored_at: f64::NAN,
                catalog: None,
                fallback,
                loaded: false,
                in_flight: None,
                generation: 0,
                failures: 0,
                quiet_until: 0.0,
            })),
        })
    }

    /// The catalog: the cached one when fresh; a stale one at once (revalidated in the
    /// background); otherwise fetched. Concurrent calls share one request.
    ///
    /// `options.signal` stops this call's wait: it rejects with `aborted` (`timeout` for
    /// `AbortSignal.timeout(ms)`; the signal's `reason` is the error's `cause` unless it shows
    /// the API key), at once when the signal has already aborted, even with a fresh catalog
    /// cached. The shared request goes on for the other callers and is cached when it
    /// answers, even when every caller has aborted (the constructor's `signal` and `timeoutMs`
    /// end it): a component that mounts again joins it. Any other option key is refused with
    /// `invalid_argument`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Catalog>")]
    pub fn get(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call(&self.state, Mode::Get, options)
    }

    /// Revalidates now (a conditional request when something is cached) and says what changed:
    /// `{ catalog, diff, stale, error? }`. A failure keeps the last good catalog
    /// (`stale: true`, `error` set); with no catalog held it falls back on the `fallback` option
    /// (the update's `diff` then lists every model as added), and throws only without one (or
    /// when it does not parse).
    /// `options.signal` stops this call's wait, as for `get()`.
    #[wasm_bindgen(unchecked_return_type = "Promise<CatalogUpdate>")]
    pub fn refresh(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        call(&self.state, Mode::Refresh, options)
    }

    /// The cached catalog, if any, without a request (memory only; fresh or not).
    #[wasm_bindgen(unchecked_return_type = "Catalog | undefined")]
    pub fn peek(&self) -> JsValue {
        self.state
            .borrow()
            .catalog
            .clone()
            .unwrap_or(JsValue::UNDEFINED)
    }

    /// Forgets the cached catalog, in memory and in storage. A request in flight (or asked for
    /// before this call) still answers its callers but is not cached.
    pub fn clear(&self) {
        let stored = {
            let mut st = self.state.borrow_mut();
            st.entry = None;
            st.catalog = None;
            st.in_flight = None;
            st.failures = 0;
            st.quiet_until = 0.0;
            st.loaded = true;
            st.generation = st.generation.wrapping_add(1);
            match &st.store {
                Store::Js(store) => Some((store.clone(), st.storage_key.clone())),
                Store::Memory => None,
            }
        };
        // Storage code runs with the state released: it may call back into this client.
        if let Some((store, key)) = stored {
            remove_entry(&store, &key);
        }
    }
}

/// A `get()` or `refresh()`, of the client's generation when it is made: a `clear()` right
/// after it (before its task first runs) still keeps its answer out of the cache. Its options
/// are read now (later changes to the object do not matter).
///
/// With a `signal`, the call's promise is its task's until the signal aborts: the task (the
/// stored entry's read, the shared request) goes on for the other callers and is cached. An
/// already aborted signal starts nothing. Its errors are made now (the reason is added in JS
/// when the signal aborts): no future of its own, which would make the wasm larger.
fn call(state: &Shared, mode: Mode, options: JsValue) -> Promise {
    let generation = state.borrow().generation;
    let signal = read_call_options(&options);
    if let Some(message) = signal.as_string() {
        return Promise::reject(&js_error(Error::InvalidArgument(message)));
    }
    if signal.is_undefined() {
        return spawn(state.clone(), mode, generation);
    }
    let signal: AbortSignal = signal.unchecked_into();
    // (A copy: the state is not borrowed while `causeOf` reads the reason, whose getters may
    // call back into this client.)
    let key = state.borrow().config.api_key.clone();
    let task = if signal.aborted() {
        Promise::resolve(&JsValue::UNDEFINED)
    } else {
        spawn(state.clone(), mode, generation)
    };
    until_abort(
        &task,
        &signal,
        &js_error(Error::Aborted),
        &js_error(Error::Timeout(None)),
        key.as_deref(),
    )
}

/// The promise of a [`task`] (one place where its future is made).
#[inline(never)]
fn spawn(state: Shared, mode: Mode, generation: u32) -> Promise {
    super::promise(Box::pin(task(state, mode, generation)))
}

/// The storage and name to read the stored entry from, and its reading ([`read_entry`]), while
/// the entry has not been read ([`loaded`] reads it once).
fn to_load(state: &Shared) -> Option<(JsValue, String, Promise)> {
    let (store, key) = {
        let st = state.borrow();
        match (&st.store, st.loaded) {
            (Store::Js(store), false) => (store.clone(), st.storage_key.clone()),
            _ => return None,
        }
    };
    let pending = read_entry(&store, &key, STORAGE_WAIT_MS);
    Some((store, key, pending))
}

/// Takes the stored entry's text (`texts`: the entry and its revalidation record) with the
/// fetch time and validators of its latest revalidation; a corrupt entry (or one whose body is no
/// catalog) is removed.
fn loaded(state: &Shared, store: &JsValue, key: &str, texts: Option<JsValue>) {
    let corrupt = {
        let mut st = state.borrow_mut();
        if st.loaded {
            return;
        }
        st.loaded = true;
        let Some(texts) = texts.and_then(|t| t.dyn_into::<Array>().ok()) else {
            return;
        };
        let Some(text) = texts.get(0).as_string() else {
            return;
        };
        let entry = CacheEntry::decode(&text, &st.url).and_then(|mut entry| {
            let stored_at = entry.fetched_at;
            if let Some(record) = texts.get(1).as_string() {
                entry.apply_revalidation(&record);
            }
            let body = JsValue::from_str(&entry.body);
            catalog_from(&st.config, &body, entry.fetched_at)
                .ok()
                .map(|catalog| (entry, stored_at, catalog))
        });
        match entry {
            Some((entry, stored_at, catalog)) => {
                st.entry = Some(entry);
                st.stored_at = stored_at;
                st.catalog = Some(catalog);
                false
            }
            None => true,
        }
    };
    if corrupt {
        remove_entry(store, key);
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Get,
    Refresh,
    /// The shared request itself; never rejects.
    Revalidate,
}

/// Every promise the client hands out runs this (one future type keeps the wasm smaller).
/// `generation`: the client's generation when the call was made. The synchronous work lives in
/// plain functions around the awaits (an async body keeps its locals in the future's state,
/// which makes its code larger).
async fn task(state: Shared, mode: Mode, generation: u32) -> Result<JsValue, JsValue> {
    if let Mode::Revalidate = mode {
        // One conditional request and what follows from it. Resolves to a `CatalogUpdate`, or to
        // the `Error` when there is no catalog to fall back on.
        let start = begin(&state);
        let (etag, date) = match &start.validators {
            Some((etag, date)) => (etag.as_deref(), date.as_deref()),
            None => (None, None),
        };
        let result = fetch::get(&start.config, start.signal.as_ref(), &start.url, etag, date).await;
        return Ok(revalidated(&state, generation, start, result));
    }
    // The stored entry, read once: what the storage's `getItem` calls returned (values,
    // promises or any thenables), awaited for at most `STORAGE_WAIT_MS`; a rejection, a late
    // answer or none at all read as nothing stored.
    if let Some((store, key, pending)) = to_load(&state) {
        let texts = JsFuture::from(pending).await.ok();
        loaded(&state, &store, &key, texts);
    }
    if let Mode::Get = mode {
        if let Some(catalog) = cached(&state, generation) {
            return Ok(catalog);
        }
    }
    // The update the revalidation resolved to, or its `Error` as a rejection.
    let update = JsFuture::from(revalidation(&state, generation)).await?;
    answer(update, mode)
}

/// What `get()` answers without waiting: a fresh catalog, or a stale one (revalidated in the
/// background unless backing off after failures); `None` when it must wait for a request.
#[inline(never)]
fn cached(state: &Shared, generation: u32) -> Option<JsValue> {
    let (plan, catalog, quiet) = {
        let st = state.borrow();
        let now = Date::now();
        let plan = cache::plan(st.entry.as_ref(), now, st.max_age_ms);
        (plan, st.catalog.clone(), now < st.quiet_until)
    };
    match (plan, catalog) {
        (Plan::Fresh, Some(catalog)) => Some(catalog),
        // (`Fetch` with a catalog: the fallback, held as stale.)
        (Plan::Stale | Plan::Fetch, Some(catalog)) => {
            // Backing off after failures: the stale catalog, no request.
            if !quiet {
                let _background = revalidation(state, generation);
            }
            Some(catalog)
        }
        _ => None,
    }
}

/// A call's answer from the update its revalidation resolved to: the `Error` as a rejection,
/// the catalog for `get()`, the update for `refresh()`.
#[inline(never)]
fn answer(update: JsValue, mode: Mode) -> Result<JsValue, JsValue> {
    if update.is_instance_of::<js_sys::Error>() {
        return Err(update);
    }
    match mode {
        Mode::Get => Reflect::get(&update, &"catalog".into()),
        _ => Ok(update),
    }
}

/// What a revalidation starts from, taken when it starts: a `clear()` while it is in flight
/// does not change what its answer means (a 304 still answers with the catalog it confirmed),
/// only whether it is cached.
struct Start {
    config: FetchConfig,
    signal: Option<AbortSignal>,
    url: String,
    /// The cached entry's `(etag, last_modified)`: the validators only, the entry's body (up to
    /// 64 MiB) is not copied for a request.
    validators: Option<(Option<String>, Option<String>)>,
    before: Option<JsValue>,
}

#[inline(never)]
fn begin(state: &Shared) -> Start {
    let st = state.borrow();
    Start {
        config: st.config.clone(),
        signal: st.signal.clone(),
        url: st.url.clone(),
        validators: st
            .entry
            .as_ref()
            .map(|e| (e.etag.clone(), e.last_modified.clone())),
        before: st.catalog.clone(),
    }
}

/// What a revalidation's request brought: the client's state updated (when the request is of
/// its current generation) and the `CatalogUpdate`, or the `Error` when there is no catalog
/// to fall back on.
#[inline(never)]
fn revalidated(
    state: &Shared,
    generation: u32,
    start: Start,
    result: Result<fetch::Fetched, Error>,
) -> JsValue {
    let Start {
        config,
        signal,
        url,
        validators,
        before,
    } = start;
    let now = Date::now();
    let retry_after = match &result {
        Err(Error::RateLimited { retry_after, .. }) => *retry_after,
        _ => None,
    };
    let outcome = match result {
        Ok(fetched) => match (fetched.body, validators.is_some()) {
            // 304: the body did not change; the stored entry is revalidated in place below.
            (None, true) => before
                .map(|catalog| Answer::NotModified {
                    catalog: confirmed(&catalog, now),
                    etag: fetched.etag,
                    last_modified: fetched.last_modified,
                })
                .ok_or_else(|| js_error(unexpected_304())),
            (None, false) => Err(js_error(unexpected_304())),
            (Some(body), _) => catalog_from(&config, &body, now).map(|catalog| {
                let text = String::from(body);
                let diff = before.is_some().then(|| {
                    // Both catalogs' models are in the registry: diff them without re-parsing.
                    before
                        .as_ref()
                        .and_then(|before| super::registry::diff_js(before, &catalog))
                        .unwrap_or_else(|| {
                            let options = ParseOptions {
                                source: Some(config.source),
                                ..ParseOptions::default()
                            };
                            let st = state.borrow();
                            match (st.entry.as_ref(), before.as_ref()) {
                                (Some(e), _) => {
                                    cache::diff_bodies(Some(e.body.as_str()), &text, &options)
                                }
                                // `clear()` ran during the request (the entry is gone) and the
                                // registry no longer holds the previous catalog (a big one):
                                // read the previous catalog object itself.
                                (None, Some(before)) => diff_objects(before, &catalog),
                                (None, None) => cache::diff_bodies(None, &text, &options),
                            }
                        })
                });
                // (`None` for a first load: every model is new, see `catalogUpdate`.)
                let entry = CacheEntry::new(&url, fetched.etag, fetched.last_modified, now, text);
                Answer::Fetched {
                    entry,
                    catalog,
                    diff,
                }
            }),
        },
        Err(e) => Err(fetch::request_error(e, signal.as_ref(), &config)),
    };
    // An abort by the constructor's signal is the app's own decision: no fallback then.
    let fallback = if signal.as_ref().is_some_and(AbortSignal::aborted) {
        JsValue::UNDEFINED
    } else {
        state.borrow().fallback.clone()
    };
    let current = {
        let mut st = state.borrow_mut();
        if st.in_flight.as_ref().is_some_and(|(g, _)| *g == generation) {
            st.in_flight = None;
        }
        generation == st.generation
    };
    match outcome {
        Ok(answer) => {
            let revalidated = matches!(answer, Answer::NotModified { .. });
            let (catalog, diff) = if current {
                let mut st = state.borrow_mut();
                st.failures = 0;
                st.quiet_until = 0.0;
                let (catalog, diff) = match answer {
                    Answer::NotModified {
                        catalog,
                        etag,
                        last_modified,
                    } => {
                        if let Some(entry) = st.entry.as_mut() {
                            entry.revalidated(etag, last_modified, now);
                        }
                        st.catalog = Some(catalog.clone());
                        (catalog, Some(CatalogDiff::default()))
                    }
                    Answer::Fetched {
                        entry,
                        catalog,
                        diff,
                    } => {
                        st.entry = Some(entry);
                        st.catalog = Some(catalog.clone());
                        (catalog, diff)
                    }
                };
                // Encoded only for a storage: the memory store keeps the entry as it
                // is. A 304 stores a revalidation record, not the body again.
                let State {
                    store,
                    entry,
                    stored_at,
                    ..
                } = &mut *st;
                let text = match (store, entry.as_ref()) {
                    (Store::Js(_), Some(entry)) if revalidated => {
                        entry.encode_revalidation(*stored_at)
                    }
                    (Store::Js(_), Some(entry)) => {
                        *stored_at = entry.fetched_at;
                        entry.encode()
                    }
                    _ => None,
                };
                drop(st);
                persist(state, text, revalidated);
                (catalog, diff)
            } else {
                match answer {
                    Answer::NotModified { catalog, .. } => (catalog, Some(CatalogDiff::default())),
                    Answer::Fetched { catalog, diff, .. } => (catalog, diff),
                }
            };
            update(&catalog, diff.as_ref(), false, None, false)
        }
        Err(error) => {
            let held = if current {
                let mut st = state.borrow_mut();
                st.failures = st.failures.saturating_add(1);
                st.quiet_until = now + backoff_ms(st.failures, retry_after, st.max_age_ms);
                st.catalog.clone()
            } else {
                None
            };
            if let Some(catalog) = held {
                let diff = CatalogDiff::default();
                return update(&catalog, Some(&diff), true, Some(&error), false);
            }
            // No catalog: the bundled one, parsed now (no `fetchedAt`), held as stale when the
            // request is of the current generation; one that does not parse leaves the error.
            let Some(catalog) = (!fallback.is_undefined())
                .then(|| catalog_from(&config, &fallback, f64::NAN).ok())
                .flatten()
            else {
                return error;
            };
            if current {
                state.borrow_mut().catalog = Some(catalog.clone());
            }
            update(&catalog, None, true, Some(&error), true)
        }
    }
}

/// The revalidation of this generation in flight, or a new one. (A call made before a
/// `clear()` whose task runs after it gets a request of its own generation, not cached; it is
/// shared while no request of the current generation is.)
fn revalidation(state: &Shared, generation: u32) -> Promise {
    if let Some((g, promise)) = &state.borrow().in_flight {
        if *g == generation {
            return promise.clone();
        }
    }
    let promise = spawn(state.clone(), Mode::Revalidate, generation);
    let mut st = state.borrow_mut();
    if st.in_flight.is_none() || generation == st.generation {
        st.in_flight = Some((generation, promise.clone()));
    }
    promise
}

/// What a successful revalidation brought.
enum Answer {
    /// 304: the catalog the request started from (as [`confirmed`] now), and the validators the
    /// server sent.
    NotModified {
        catalog: JsValue,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 200: a new entry, its catalog and the diff from the previous one.
    Fetched {
        entry: CacheEntry,
        catalog: JsValue,
        /// `None` for a first load.
        diff: Option<CatalogDiff>,
    },
}

/// Writes an encoded entry (or, with `revalidation`, its revalidation record) to storage,
/// without waiting for it: a slow storage does not hold up the update, and a failed write
/// (quota, private mode) removes the stored entry, which would otherwise be an older catalog
/// served on every later load.
fn persist(state: &Shared, text: Option<String>, revalidation: bool) {
    let (store, key) = {
        let st = state.borrow();
        match &st.store {
            Store::Js(store) => (store.clone(), st.storage_key.clone()),
            Store::Memory => return,
        }
    };
    if let Some(text) = text {
        store_entry(&store, &key, &text, revalidation);
    }
}

/// The diff between two catalog objects both read back through JSON
/// ([`read_catalog_object`]): read alike, so their already resolved icon URLs (and everything
/// else) compare as they are. A catalog that cannot be read counts as empty.
fn diff_objects(previous: &JsValue, next: &JsValue) -> CatalogDiff {
    let read = |catalog, what| {
        read_catalog_object(catalog, what).map_or_else(|_| Vec::new(), |c: Catalog| c.models)
    };
    let (previous, next) = (
        read(previous, "the previous catalog"),
        read(next, "the new catalog"),
    );
    diff_models(
        &previous.iter().collect::<Vec<_>>(),
        &next.iter().collect::<Vec<_>>(),
    )
}

/// `{ catalog, diff, stale, error? }` ([`catalog_update`]; `diff` `None` for a first load).
fn update(
    catalog: &JsValue,
    diff: Option<&CatalogDiff>,
    stale: bool,
    error: Option<&JsValue>,
    fallback: bool,
) -> JsValue {
    let diff = diff.map_or(JsValue::UNDEFINED, |d| {
        to_js(d).unwrap_or(JsValue::UNDEFINED)
    });
    catalog_update(
        catalog,
        &diff,
        stale,
        error.unwrap_or(&JsValue::UNDEFINED),
        fallback,
    )
}
