//! `fetchCatalog` and `fetchModelEndpoints`: the global `fetch` (windows, workers, Node ≥ 18)
//! with a timeout, the caller's `AbortSignal`, typed errors, and the API key kept to `baseUrl`.
//!
//! Redirects: without a key they are followed as usual. With a key the request is made with
//! `redirect: "manual"`, so the key never travels to wherever a redirect points (browsers drop
//! `Authorization` on cross-origin redirects but would forward `x-api-key`). Where the
//! platform shows the `Location` (Node), redirects under `baseUrl` (its origin and path prefix)
//! are followed, with the key; a redirect elsewhere, also elsewhere on the same origin, fails
//! with `http`. Browsers hide redirect targets from `manual`
//! requests, so there any redirect fails with `network`.
//!
//! `fetch` is called directly rather than through gloo-net's `Request::send`, which panics
//! (`unreachable!`) when `fetch` rejects with something that is not an `Error` — e.g. after
//! `controller.abort("reason")`.

use js_sys::{Array, Date, JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, RequestRedirect, Response};

use crate::catalog::{ParseOptions, MAX_CATALOG_BYTES};
use crate::error::Error;
use crate::http::endpoints::parse_model_endpoints;
use crate::http::{self, FetchConfig, FetchSettings, HttpAnswer};

use super::convert::{js_error, not_a, to_js};
use super::exports::parse_catalog_with;

/// Same-origin redirects followed (with a key, where visible) before giving up.
const MAX_REDIRECTS: u8 = 5;
/// Error bodies announced as larger than this are not read.
const MAX_ERROR_CONTENT_LENGTH: u64 = 1024 * 1024;

#[wasm_bindgen]
extern "C" {
    /// Whatever the global `fetch` returns: a stand-in (a test mock, a wrapper) may return
    /// something other than a native promise, which [`Guard::settle`] turns into one.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/cache.js")]
extern "C" {
    /// The body as text, read up to `max` bytes as it arrives: `false` past it, or with `cut`
    /// the text up to it.
    #[wasm_bindgen(js_name = readText)]
    fn read_text(response: &Response, max: f64, cut: bool) -> Promise;
    /// `value` settled, or a rejection with the guard signal's reason once it aborts.
    #[wasm_bindgen(js_name = raceAbort)]
    fn race_abort(value: &JsValue, guard: &JsValue) -> Promise;
    /// A request's `AbortController` (set as `init.signal`) with its timer and the link to the
    /// caller's signal: 1 (or 2 when it timed out) when that signal has already aborted,
    /// `undefined` where there is no `AbortController`.
    #[wasm_bindgen(js_name = guard)]
    fn open_guard(init: &RequestInit, ms: Option<u32>, caller: Option<&AbortSignal>) -> JsValue;
    /// Undoes [`open_guard`] and aborts its controller.
    #[wasm_bindgen(js_name = release)]
    fn release_guard(guard: &JsValue);
    /// What a rejection under the guard means: 0 timeout, 1 aborted, 2 the caller's signal
    /// timed out, else the platform's words.
    #[wasm_bindgen(js_name = failure)]
    fn failure(guard: &JsValue, rejection: &JsValue) -> JsValue;
    /// An abort `reason`, or undefined when it shows `key`.
    #[wasm_bindgen(js_name = causeOf)]
    fn cause_of(reason: &JsValue, key: Option<&str>) -> JsValue;
    /// The `FetchOptions` type-checked: an array of their values, or the message of the
    /// first one of the wrong type.
    #[wasm_bindgen(js_name = readOptions)]
    fn js_read_options(options: &JsValue) -> JsValue;
    /// `globalThis.location.origin` (pages and workers), when there is one.
    #[wasm_bindgen(js_name = pageOrigin)]
    fn page_origin() -> Option<String>;
    /// A string property of an object; `None` for anything else or when reading it throws.
    #[wasm_bindgen(js_name = prop)]
    fn property(value: &JsValue, key: &str) -> Option<String>;
    /// `target[method](arg)`; an exception when there is no such method (or it throws).
    #[wasm_bindgen(catch, js_name = call)]
    fn js_call(target: &JsValue, method: &str, arg: &str) -> Result<JsValue, JsValue>;
    /// A response's `[status, headers]` (`null` for a status that is no whole number in
    /// 0..=999), read through getters that may throw (a `Response` subclass from a stand-in
    /// `fetch`): an exception fails the request as a failed `fetch` does, instead of unwinding
    /// through the wasm (where it would escape uncaught and leave the call pending).
    #[wasm_bindgen(catch, js_name = head)]
    fn js_head(response: &Response) -> Result<JsValue, JsValue>;
}

/// Validated options plus the caller's signal.
pub(crate) struct Options {
    pub config: FetchConfig,
    pub signal: Option<AbortSignal>,
}

/// Reads `FetchOptions` (shared by `ClientOptions`): their types checked by cache.js
/// `readOptions`, their values by [`FetchConfig::new`].
pub(crate) fn read_options(options: &JsValue) -> Result<Options, Error> {
    let read = js_read_options(options);
    if let Some(message) = read.as_string() {
        return Err(Error::InvalidArgument(message));
    }
    let read: Array = read.unchecked_into();
    let string = |i| read.get(i).as_string();
    let (api_key, base_url, icon_base_url) = (string(0), string(1), string(2));
    let key = api_key.clone();
    // `location` is read only for a path (`/nanogpt`), which resolves against it.
    let is_path = |url: &Option<String>| {
        url.as_deref()
            .is_some_and(|u| u.trim_start().starts_with('/'))
    };
    let page_origin = if is_path(&base_url) || is_path(&icon_base_url) {
        page_origin()
    } else {
        None
    };
    let settings = FetchSettings {
        base_url,
        api_key,
        auth_header: string(3),
        detailed: read.get(4).as_bool(),
        endpoint: string(5),
        timeout_ms: read.get(6).as_f64(),
        icon_base_url,
        page_origin,
    };
    let signal = read.get(7);
    let signal = (!signal.is_undefined()).then(|| signal.unchecked_into());
    match FetchConfig::new(settings) {
        Ok(config) => Ok(Options { config, signal }),
        Err(e) => Err(http::redact(e, key.as_deref())),
    }
}

/// A successful answer: `200` with its body, or `304 Not Modified`.
pub(crate) struct Fetched {
    /// The body text (`None` for 304).
    pub body: Option<JsString>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Our `AbortController`, its timer and the link to the caller's signal (cache.js `guard`);
/// undone on drop.
struct Guard(JsValue);

impl Guard {
    fn new(
        init: &RequestInit,
        timeout_ms: Option<u32>,
        signal: Option<&AbortSignal>,
    ) -> Result<Self, Error> {
        let guard = open_guard(init, timeout_ms, signal);
        if let Some(why) = guard.as_f64() {
            return Err(stopped(why));
        }
        if guard.is_undefined() {
            return Err(Error::Network(
                "AbortController is not available here".into(),
            ));
        }
        Ok(Guard(guard))
    }

    /// Awaits a value that should be a promise, as `await` would (through `Promise.resolve`, so
    /// a thenable that calls back at once, inside the `then` that wasm-bindgen-futures calls,
    /// or a plain value cannot re-enter the future being polled: a RefCell panic, a wasm trap;
    /// nor throw where no one catches it), and only until our signal aborts: a `fetch` or body
    /// read that ignores the signal still ends at the timeout or the caller's abort.
    fn settle(&self, value: &JsValue) -> JsFuture {
        JsFuture::from(race_abort(value, &self.0))
    }

    /// What a rejected `fetch` (or body read) means.
    fn error(&self, rejection: &JsValue, config: &FetchConfig) -> Error {
        let why = failure(&self.0, rejection);
        match why.as_f64() {
            Some(0.0) => Error::Timeout(config.timeout_ms),
            Some(why) => stopped(why),
            None => http::network_error(
                config.base.origin(),
                &why.as_string().unwrap_or_default(),
                config.api_key.as_deref(),
                page_origin().is_some_and(|page| page != config.base.origin()),
            ),
        }
    }
}

/// The error of a request the caller's signal stopped (cache.js `failure`): 2 when the signal
/// timed out, else aborted.
fn stopped(why: f64) -> Error {
    if why == 2.0 {
        Error::Timeout(None)
    } else {
        Error::Aborted
    }
}

/// The JS error of a failed request: for `aborted`, or `timeout` by the caller's signal, the
/// signal's `reason` is its `cause` (the caller's own value, or the platform's `DOMException`),
/// unless the reason shows the API key (`cache.js` `causeOf`): no error holds the key.
pub(crate) fn request_error(
    error: Error,
    signal: Option<&AbortSignal>,
    config: &FetchConfig,
) -> JsValue {
    let by_signal = matches!(error, Error::Aborted | Error::Timeout(None));
    let js = js_error(error);
    // (`reason` is undefined while the signal has not aborted.)
    if let Some(reason) = signal
        .filter(|_| by_signal)
        .map(|s| cause_of(&s.reason(), config.api_key.as_deref()))
        .filter(|r| !r.is_undefined())
    {
        let _ = Reflect::set(&js, &"cause".into(), &reason);
    }
    js
}

impl Drop for Guard {
    fn drop(&mut self) {
        release_guard(&self.0);
    }
}

/// Calls `target[method](arg)`; `None` when there is no such method or it throws (storages, a
/// response's headers: objects of the caller's making).
pub(crate) fn call_method(target: &JsValue, method: &str, arg: &str) -> Option<JsValue> {
    js_call(target, method, arg).ok()
}

/// A header's value through the headers object's own `get` (a `Headers`, or a stand-in's
/// `Map`-like object), `None` when it has none or its `get` throws.
fn header(headers: &JsValue, name: &str) -> Option<String> {
    call_method(headers, "get", name)?.as_string()
}

/// `GET url` with the key header (and the conditional headers of validators `etag` and
/// `last_modified`), checked status and size.
pub(crate) async fn get(
    config: &FetchConfig,
    signal: Option<&AbortSignal>,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> Result<Fetched, Error> {
    let init = request_init(config, etag, last_modified);
    let guard = Guard::new(&init, config.timeout_ms, signal)?;
    // Our errors with the key scrubbed; what a rejection (of `fetch` or a body read) means.
    let typed = |e: Error| http::redact(e, config.api_key.as_deref());
    let js = |rejection: JsValue| guard.error(&rejection, config);
    let keyed = config.api_key.is_some();
    let mut url = url.to_owned();
    let mut hops = 0;
    let (response, status, headers) = loop {
        let promise = global_fetch(&url, &init).map_err(js)?;
        let response: Response = guard
            .settle(&promise)
            .await
            .map_err(js)?
            .dyn_into()
            .map_err(|_| typed(Error::Network("fetch did not return a Response".into())))?;
        let head = js_head(&response).map_err(js)?;
        if head.is_null() {
            return Err(typed(Error::Network(
                "the response has no HTTP status".into(),
            )));
        }
        let head: Array = head.unchecked_into();
        // A whole number in 0..=999 (checked by `head`), so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let status = head.get(0).as_f64().unwrap_or_default() as u16;
        let headers = head.get(1);
        // Status 0 is what browsers show of a `manual` redirect (an opaque-redirect response).
        if status == 0 {
            return Err(typed(http::redirect_error(0, None)));
        }
        // A 3xx without `Location` redirects nowhere: it fails as the status it is, below.
        let location = match status {
            301 | 302 | 303 | 307 | 308 if keyed => header(&headers, "location"),
            _ => None,
        };
        if let Some(location) = location {
            match config.base.redirect_within(&url, &location) {
                Some(next) if hops < MAX_REDIRECTS => {
                    hops += 1;
                    url = next;
                    continue;
                }
                Some(_) => {
                    return Err(typed(Error::Http {
                        status,
                        message: "the catalog server redirected the request more than 5 times"
                            .into(),
                    }))
                }
                None => {
                    let target = http::origin_of(&location);
                    return Err(typed(http::redirect_error(status, target.as_deref())));
                }
            }
        }
        break (response, status, headers);
    };
    let etag = header(&headers, "etag");
    let last_modified = header(&headers, "last-modified");
    if status == 304 {
        return Ok(Fetched {
            body: None,
            etag,
            last_modified,
        });
    }
    let content_length = header(&headers, "content-length");
    let ok = (200..300).contains(&status);
    if ok {
        http::check_content_length(content_length.as_deref()).map_err(typed)?;
    }
    // Error bodies announced as too large are not read; a catalog is read with the limit as it
    // arrives (chunked or compressed bodies announce no size), an error body cut at its limit.
    let read = ok
        || content_length
            .as_deref()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_none_or(|n| n <= MAX_ERROR_CONTENT_LENGTH);
    let body = if read {
        let (max, cut) = if ok {
            (MAX_CATALOG_BYTES, false)
        } else {
            (http::MAX_ERROR_BODY_BYTES, true)
        };
        Some(text(
            guard.settle(&read_text(&response, max as f64, cut)).await,
        ))
    } else {
        None
    };
    if !ok {
        let body = body
            .and_then(|b| b.ok().flatten())
            .map(String::from)
            .unwrap_or_default();
        let content_type = header(&headers, "content-type");
        let retry_after = header(&headers, "retry-after");
        let status_text = property(&response, "statusText").unwrap_or_default();
        let answer = HttpAnswer {
            status,
            status_text: &status_text,
            content_type: content_type.as_deref(),
            body: &body,
            retry_after: retry_after.as_deref(),
            url: &url,
        };
        return Err(typed(http::status_error(
            &answer,
            config.api_key.as_deref(),
            Date::now(),
        )));
    }
    let body = match body {
        Some(Ok(Some(body))) => body,
        Some(Err(Some(rejection))) => return Err(js(rejection)),
        Some(Err(None)) => {
            return Err(typed(Error::Network(
                "the response body is not text".into(),
            )))
        }
        _ => return Err(typed(http::body_too_large())),
    };
    Ok(Fetched {
        body: Some(body),
        etag,
        last_modified,
    })
}

/// The request: `GET` with the key header and `If-None-Match` / `If-Modified-Since` for the
/// validators given; with a key, redirects are not followed by the platform.
fn request_init(
    config: &FetchConfig,
    etag: Option<&str>,
    last_modified: Option<&str>,
) -> RequestInit {
    // A plain record: every value was validated (visible ASCII), so no `Headers` object is needed.
    let headers = Object::new();
    let set = |name: &str, value: &str| {
        let _ = Reflect::set(&headers, &name.into(), &value.into());
    };
    set("Accept", "application/json");
    if let Some((name, value)) = config.auth_header() {
        set(name, &value);
    }
    if let Some(etag) = etag {
        set("If-None-Match", etag);
    }
    if let Some(date) = last_modified {
        set("If-Modified-Since", date);
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_redirect(if config.api_key.is_some() {
        RequestRedirect::Manual
    } else {
        RequestRedirect::Follow
    });
    init
}

/// A body read by cache.js `readText`: the text, `None` past the limit; `Err(None)` for a value
/// that is no text, `Err(Some(rejection))` for a failed read.
fn text(read: Result<JsValue, JsValue>) -> Result<Option<JsString>, Option<JsValue>> {
    let value = read.map_err(Some)?;
    if value == JsValue::FALSE {
        return Ok(None);
    }
    value.dyn_into::<JsString>().map(Some).map_err(|_| None)
}

/// ISO 8601 of a time in ms since the epoch; `None` outside the range of JS dates (where
/// `toISOString` would throw).
pub(crate) fn iso_time(ms: f64) -> Option<String> {
    (ms.abs() <= 8.64e15).then(|| Date::new(&JsValue::from_f64(ms)).to_iso_string().into())
}

/// Parses fetched catalog text into a JS `Catalog` (registering its models), with the key
/// scrubbed from any error message.
pub(crate) fn catalog_from(
    config: &FetchConfig,
    body: &JsValue,
    fetched_at_ms: f64,
) -> Result<JsValue, JsValue> {
    let options = ParseOptions {
        source: Some(config.source),
        base_url: Some(
            config
                .icon_base
                .as_ref()
                .unwrap_or(&config.base)
                .as_string(),
        ),
        fetched_at: iso_time(fetched_at_ms),
    };
    parse_catalog_with(body, &options).map_err(|e| scrub_js_error(e, config))
}

/// Rebuilds a JS error whose message mentions the key (parse errors quote the body).
fn scrub_js_error(error: JsValue, config: &FetchConfig) -> JsValue {
    let Some(key) = config.api_key.as_deref() else {
        return error;
    };
    let original = property(&error, "message").unwrap_or_default();
    // Not only a whole key: parse errors quote the body cut short, which can end in a key's
    // first characters (`scrub` redacts those too).
    let message = http::scrub(&original, Some(key));
    if message == original {
        return error;
    }
    js_error(match property(&error, "code").as_deref() {
        Some("invalid_json") => Error::InvalidJson(message),
        Some("invalid_catalog") => Error::InvalidCatalog(message),
        _ => Error::InvalidArgument(message),
    })
}

/// Fetches the image-model catalog and parses it (see `parseCatalog`).
///
/// ```js
/// const catalog = await fetchCatalog({ apiKey, timeoutMs: 10_000 });
/// ```
///
/// Fails with an `Error` whose `code` is `network` (a blocked cross-origin request is one
/// likely cause), `timeout` (`timeoutMs`, or a `signal` that timed out), `aborted` (the
/// `signal`'s reason is the error's `cause`), `unauthorized`, `rate_limited` (`retryAfter`), `http`
/// (`status`), `invalid_json`, `invalid_catalog` (also for bodies over the size limit) or
/// `invalid_argument`. Messages never contain the API key.
#[wasm_bindgen(js_name = fetchCatalog, unchecked_return_type = "Promise<Catalog>")]
pub fn fetch_catalog(
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: Option<Object>,
) -> Promise {
    start(options, None)
}

/// Fetches `GET /api/v1/images/models/{id}/endpoints`: per-provider parameters, prices and
/// input constraints of one model.
///
/// `idOrModel` is a model id (slashes allowed; each segment is percent-encoded) or a model
/// object, whose `endpoints` path (from the typed list) is preferred when it has one.
/// `endpoint` and `detailed` of the options do not apply.
#[wasm_bindgen(js_name = fetchModelEndpoints, unchecked_return_type = "Promise<ModelEndpoints>")]
pub fn fetch_model_endpoints(
    #[wasm_bindgen(
        js_name = "idOrModel",
        unchecked_param_type = "string | { id: string, endpoints?: string }"
    )]
    id_or_model: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FetchOptions")] options: Option<Object>,
) -> Promise {
    start(options, Some(model_target(&id_or_model)))
}

type Target = Option<Result<(Option<String>, Option<String>), Error>>;

/// Options are read at call time (later changes to the object do not matter); one future
/// type serves both exports, which keeps the wasm smaller.
fn start(options: Option<Object>, target: Target) -> Promise {
    let options = read_options(&options.map(Into::into).unwrap_or(JsValue::UNDEFINED));
    super::promise(Box::pin(run(options, target)))
}

async fn run(options: Result<Options, Error>, target: Target) -> Result<JsValue, JsValue> {
    let Options { config, signal } = options.map_err(js_error)?;
    let redact = |e| js_error(http::redact(e, config.api_key.as_deref()));
    let (url, id) = match target {
        None => (config.catalog_url(), None),
        Some(target) => {
            let (id, path) = target.map_err(redact)?;
            let url = config
                .model_endpoints_url(id.as_deref(), path.as_deref())
                .map_err(redact)?;
            (url, Some(id.unwrap_or_default()))
        }
    };
    let fetched = get(&config, signal.as_ref(), &url, None, None)
        .await
        .map_err(|e| request_error(e, signal.as_ref(), &config))?;
    let body = fetched.body.ok_or_else(|| js_error(unexpected_304()))?;
    match id {
        None => catalog_from(&config, &body, Date::now()),
        Some(id) => to_js(&parse_model_endpoints(&String::from(body), &id).map_err(redact)?),
    }
}

pub(crate) fn unexpected_304() -> Error {
    Error::Http {
        status: 304,
        message:
            "the catalog server answered 304 Not Modified to a request that was not conditional"
                .into(),
    }
}

/// `(id, endpoints path)` of a string id or a model object.
fn model_target(value: &JsValue) -> Result<(Option<String>, Option<String>), Error> {
    if let Some(id) = value.as_string() {
        return Ok((Some(id), None));
    }
    if !value.is_object() {
        return Err(not_a("the model", "an id string or a model object", value));
    }
    let get = |key: &str| property(value, key);
    let (id, path) = (get("id"), get("endpoints"));
    if id.is_none() && path.is_none() {
        return Err(Error::InvalidArgument(
            "the model object has no string `id` (or `endpoints` path)".into(),
        ));
    }
    Ok((id, path))
}
