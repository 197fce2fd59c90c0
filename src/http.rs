//! The pure side of fetching catalogs: options, URLs, headers, how an HTTP answer becomes an
//! [`Error`], `Retry-After`, summaries of error bodies with the API key scrubbed out.
//!
//! Nothing here touches the network; the wasm boundary (`wasm::fetch`, `wasm::client`) calls
//! `fetch` and feeds what it got back into these functions.
//!
//! ```
//! use nanogpt_image_controls::http::{FetchConfig, FetchSettings};
//! let config = FetchConfig::new(FetchSettings {
//!     base_url: Some("https://app.example/proxy/nano/".into()),
//!     ..FetchSettings::default()
//! })?;
//! assert_eq!(
//!     config.catalog_url(),
//!     "https://app.example/proxy/nano/api/v1/image-models?detailed=true"
//! );
//! # Ok::<(), nanogpt_image_controls::Error>(())
//! ```

pub mod cache;
pub mod endpoints;
mod retry;
mod url;

use crate::catalog::{Source, DEFAULT_BASE_URL, MAX_CATALOG_BYTES};
use crate::error::Error;

pub use self::retry::{
    backoff_ms, parse_retry_after, BACKOFF_MAX_MS, BACKOFF_START_MS, MAX_RETRY_AFTER_SECONDS,
};
pub(crate) use self::url::markup_safe_url_byte;
pub use self::url::{encode_segment, origin_of, BaseUrl};

/// Default `timeoutMs`.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;
/// Largest timer browsers and Node accept (`setTimeout` fires at once above it).
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;
/// Longest excerpt of a server's answer quoted in an error message, in characters.
const EXCERPT_CHARS: usize = 160;
/// Longest error body read to summarize it, in bytes.
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;
/// What stands in for the API key wherever text is echoed.
const REDACTED: &str = "[redacted]";

/// Which header carries the API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthHeader {
    /// `Authorization: Bearer KEY` (the default).
    #[default]
    Bearer,
    /// `x-api-key: KEY`.
    XApiKey,
}

/// Fetch options as JS gave them, before validation.
#[derive(Debug, Clone, Default)]
pub struct FetchSettings {
    /// `baseUrl`: an `http(s)` URL, optionally with a path prefix (default `https://nano-gpt.com`),
    /// or a path (`/nanogpt`) on [`page_origin`](Self::page_origin).
    pub base_url: Option<String>,
    /// `apiKey`; an empty string counts as none.
    pub api_key: Option<String>,
    /// `authHeader`: `"bearer"` or `"x-api-key"`.
    pub auth_header: Option<String>,
    /// `detailed` (default `true`).
    pub detailed: Option<bool>,
    /// `endpoint`: `"legacy"` or `"images"`.
    pub endpoint: Option<String>,
    /// `timeoutMs`: a positive number; `Infinity` turns the timeout off.
    pub timeout_ms: Option<f64>,
    /// `iconBaseUrl`: what relative `icon_url` paths resolve against (default `baseUrl`).
    pub icon_base_url: Option<String>,
    /// The page's origin (`location.origin`), which a path-absolute `baseUrl` or `iconBaseUrl`
    /// (`/nanogpt`) resolves against; without it such a path is refused.
    pub page_origin: Option<String>,
}

/// Validated fetch options.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Where requests go.
    pub base: BaseUrl,
    /// The API key, trimmed; only ever sent in a header to `base`.
    pub api_key: Option<String>,
    /// Which header carries the key.
    pub auth: AuthHeader,
    /// `?detailed=true|false`.
    pub detailed: bool,
    /// Which catalog endpoint.
    pub source: Source,
    /// Milliseconds before the request is abandoned; `None` for no limit.
    pub timeout_ms: Option<u32>,
    /// What relative icon paths resolve against, when not `base` (e.g. `https://nano-gpt.com`
    /// for an app whose `baseUrl` is a proxy that does not serve `/icons`).
    pub icon_base: Option<BaseUrl>,
}

impl FetchConfig {
    /// Validates settings; bad values fail with [`Error::InvalidArgument`] (never echoing the key).
    pub fn new(settings: FetchSettings) -> Result<Self, Error> {
        let api_key = match settings.api_key.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(key) if key.bytes().all(|b| (0x21..=0x7e).contains(&b)) => Some(key.to_owned()),
            Some(_) => {
                return Err(Error::InvalidArgument(
                    "option `apiKey` contains characters that cannot be sent in an HTTP header"
                        .into(),
                ))
            }
        };
        let base_text = settings.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL);
        let page_origin = settings.page_origin.as_deref();
        let base =
            BaseUrl::resolve(base_text, page_origin).map_err(|e| redact(e, api_key.as_deref()))?;
        let auth = match settings.auth_header.as_deref() {
            None => AuthHeader::Bearer,
            Some(s)
                if s.eq_ignore_ascii_case("bearer") || s.eq_ignore_ascii_case("authorization") =>
            {
                AuthHeader::Bearer
            }
            Some(s) if s.eq_ignore_ascii_case("x-api-key") => AuthHeader::XApiKey,
            Some(other) => {
                return Err(Error::InvalidArgument(
                    [
                        "option `authHeader` must be \"bearer\" or \"x-api-key\", not \"",
                        &scrub(other, api_key.as_deref()),
                        "\"",
                    ]
                    .concat(),
                ))
            }
        };
        let source = match settings.endpoint.as_deref() {
            None | Some("legacy") => Source::Legacy,
            Some("images") => Source::Images,
            Some(other) => {
                return Err(Error::InvalidArgument(
                    [
                        "option `endpoint` must be \"legacy\" or \"images\", not \"",
                        &scrub(other, api_key.as_deref()),
                        "\"",
                    ]
                    .concat(),
                ))
            }
        };
        let timeout_ms = match settings.timeout_ms {
            None => Some(DEFAULT_TIMEOUT_MS),
            Some(ms) if ms == f64::INFINITY => None,
            Some(ms) if ms.is_finite() && ms > 0.0 => Some(ms.ceil().min(MAX_TIMEOUT_MS) as u32),
            Some(_) => {
                return Err(Error::InvalidArgument(
                    "option `timeoutMs` must be a positive number of milliseconds (or Infinity)"
                        .into(),
                ))
            }
        };
        let icon_base = match settings.icon_base_url.as_deref() {
            None => None,
            Some(raw) => Some(BaseUrl::resolve_option(raw, page_origin, "iconBaseUrl")?),
        };
        Ok(FetchConfig {
            icon_base,
            base,
            api_key,
            auth,
            detailed: settings.detailed.unwrap_or(true),
            source,
            timeout_ms,
        })
    }

    /// The catalog URL (never containing the key).
    pub fn catalog_url(&self) -> String {
        let path = match self.source {
            Source::Legacy => "/api/v1/image-models",
            Source::Images => "/api/v1/images/models",
        };
        let detailed = if self.detailed { "true" } else { "false" };
        [self.base.join(path).as_str(), "?detailed=", detailed].concat()
    }

    /// The URL of `GET /api/v1/images/models/{id}/endpoints`.
    ///
    /// `path` is the model's `endpoints` path from the typed list; it is used when it is a
    /// plain site path (or an absolute URL on the base origin), and joined to the base URL so
    /// that a proxy prefix applies. Otherwise the URL is built from `id`, each `/`-separated
    /// segment percent-encoded.
    pub fn model_endpoints_url(
        &self,
        id: Option<&str>,
        path: Option<&str>,
    ) -> Result<String, Error> {
        if let Some(path) = path.and_then(|p| self.base.site_path(p)) {
            return Ok(self.base.join(&path));
        }
        let id = id
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                Error::InvalidArgument(
                    "a model id (or the model's `endpoints` path) is required".into(),
                )
            })?;
        if id.len() > 1024 {
            return Err(Error::InvalidArgument("the model id is too long".into()));
        }
        let mut out = String::from("/api/v1/images/models");
        for segment in id.split('/') {
            if matches!(segment, "" | "." | "..") {
                return Err(Error::InvalidArgument(
                    [
                        "the model id \"",
                        &scrub(id, self.api_key.as_deref()),
                        "\" has an empty or dot path segment",
                    ]
                    .concat(),
                ));
            }
            out.push('/');
            out.push_str(&encode_segment(segment));
        }
        out.push_str("/endpoints");
        Ok(self.base.join(&out))
    }

    /// The header that carries the key, when there is one: `(name, value)`.
    pub fn auth_header(&self) -> Option<(&'static str, String)> {
        let key = self.api_key.as_deref()?;
        Some(match self.auth {
            AuthHeader::Bearer => ("Authorization", ["Bearer ", key].concat()),
            AuthHeader::XApiKey => ("x-api-key", key.to_owned()),
        })
    }

    /// Replaces the key in `text` (see [`scrub`]).
    pub fn scrub(&self, text: &str) -> String {
        scrub(text, self.api_key.as_deref())
    }
}

/// What the server answered, as far as an error message needs it.
#[derive(Debug, Clone, Default)]
pub struct HttpAnswer<'a> {
    /// HTTP status.
    pub status: u16,
    /// `statusText` (often empty over HTTP/2).
    pub status_text: &'a str,
    /// `Content-Type`.
    pub content_type: Option<&'a str>,
    /// The body, or its first [`MAX_ERROR_BODY_BYTES`].
    pub body: &'a str,
    /// `Retry-After`.
    pub retry_after: Option<&'a str>,
    /// The URL requested (never holds the key), named by a `404 Not Found` error: a wrong
    /// `baseUrl` path prefix is its usual cause.
    pub url: &'a str,
}

/// Maps a non-2xx answer to its [`Error`]: 401/403 → `unauthorized`, 429 → `rate_limited`
/// (with `retryAfter`), anything else → `http`. `now_ms` dates an HTTP-date `Retry-After`.
/// The message quotes the status and a short, sanitized summary of the body, never the key.
pub fn status_error(answer: &HttpAnswer<'_>, key: Option<&str>, now_ms: f64) -> Error {
    let status = answer.status;
    let line = status_line(status, &scrub(answer.status_text, key));
    let summary = summarize_body(answer.content_type, answer.body, key);
    // Nothing for a body that says nothing (`{}`).
    let sep = if summary.is_empty() { "" } else { ": " };
    match status {
        401 | 403 => {
            let what = match (status, key.is_some()) {
                (401, true) => "the server did not accept the API key",
                (401, false) => "the server wants an API key",
                (_, true) => "the server refused access with this API key",
                _ => "the server refused access",
            };
            Error::Unauthorized {
                status,
                message: scrub(&[what, " (", &line, ")", sep, &summary].concat(), key),
            }
        }
        429 => {
            let retry_after = answer
                .retry_after
                .and_then(|v| parse_retry_after(v, now_ms));
            let wait = match retry_after {
                // Whole seconds: formatting an f64 would link core's float printer.
                Some(s) => format!("; retry after {} s", s as u64),
                None => String::new(),
            };
            Error::RateLimited {
                retry_after,
                message: scrub(
                    &["rate limited (", &line, ")", &wait, sep, &summary].concat(),
                    key,
                ),
            }
        }
        _ => {
            let url = if status == 404 && !answer.url.is_empty() {
                [" for ", &sanitize(answer.url, 300)].concat()
            } else {
                String::new()
            };
            Error::Http {
                status,
                message: scrub(
                    &["the catalog server answered ", &line, &url, sep, &summary].concat(),
                    key,
                ),
            }
        }
    }
}

/// `"429 Too Many Requests"`, with the standard reason when the server sent none.
fn status_line(status: u16, status_text: &str) -> String {
    let text = sanitize(status_text, 60);
    let reason = if text.is_empty() {
        match status {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            408 => "Request Timeout",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "",
        }
    } else {
        text.as_str()
    };
    if reason.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("{status} {reason}")
    }
}

/// A short description of an answer's body for an error message: `an HTML page`, the quoted
/// `error.message` (or `error`, `message`, `detail`) of a JSON body, or a quoted excerpt; empty
/// for a body that says nothing (`{}`, `[]`, `null`, `""`).
///
/// ```
/// use nanogpt_image_controls::http::summarize_body;
/// let body = r#"{"error":{"message":"Invalid key sk-123"}}"#;
/// assert_eq!(summarize_body(None, body, Some("sk-123")), "\"Invalid key [redacted]\"");
/// assert_eq!(summarize_body(Some("text/html"), "<!doctype html>…", None), "an HTML page");
/// ```
pub fn summarize_body(content_type: Option<&str>, body: &str, key: Option<&str>) -> String {
    let trimmed = body.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return "an empty body".into();
    }
    let html = content_type.is_some_and(|t| crate::text::contains(&t.to_ascii_lowercase(), "html"));
    if html || trimmed.starts_with('<') {
        return "an HTML page".into();
    }
    let text = if trimmed.starts_with(['{', '[', '"', 'n']) {
        crate::json::parse(trimmed).and_then(|v| json_message(&v))
    } else {
        None
    };
    let excerpt = excerpt(&scrub(text.as_deref().unwrap_or(trimmed), key));
    if excerpt.is_empty() {
        return excerpt;
    }
    ["\"", &excerpt, "\""].concat()
}

fn json_message(value: &crate::json::Value<'_>) -> Option<String> {
    use crate::json::Value;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    match value {
        Value::String(s) => Some(s.to_string()),
        // `{}`, `[]` and `null` say nothing.
        Value::Null => Some(String::new()),
        Value::Array(items) if items.is_empty() => Some(String::new()),
        Value::Object(map) if map.is_empty() => Some(String::new()),
        Value::Object(map) => match map.get("error") {
            Some(Value::String(s)) => Some(s.to_string()),
            Some(Value::Object(e)) => text(e.get("message")).or_else(|| text(e.get("code"))),
            _ => text(map.get("message")).or_else(|| text(map.get("detail"))),
        },
        _ => None,
    }
}

/// Control characters and runs of whitespace become one space; at most `max` characters.
fn sanitize(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}')
        {
            space = !out.is_empty();
            continue;
        }
        if count >= max {
            out.push('…');
            return out;
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        out.push(c);
        count += 1;
    }
    out
}

fn excerpt(text: &str) -> String {
    sanitize(text, EXCERPT_CHARS)
}

/// Replaces every occurrence of the key in `text` with `[redacted]`.
///
/// ```
/// use nanogpt_image_controls::http::scrub;
/// assert_eq!(scrub("bad key sk-1", Some("sk-1")), "bad key [redacted]");
/// assert_eq!(scrub("bad key", None), "bad key");
/// ```
pub fn scrub(text: &str, key: Option<&str>) -> String {
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        return text.to_owned();
    };
    let mut out = crate::text::replace(text, key, REDACTED);
    // The key as a URL or a form would carry it (`+`, `/`, `=` percent-encoded): every byte
    // outside the unreserved set, or as `encodeURIComponent` does (`!'()*` kept); upper- or
    // lower-case hex.
    for keep in [&b""[..], b"!'()*"] {
        let encoded = url::percent_encode(key, keep, url::UPPER_HEX);
        if encoded != key {
            out = crate::text::replace(&out, &encoded, REDACTED);
            let lower = url::percent_encode(key, keep, url::LOWER_HEX);
            out = crate::text::replace(&out, &lower, REDACTED);
        }
    }
    cut_key_prefixes(&out, key)
}

/// Redacts the start of the key (four characters or more) where a text was cut (`…`): a key
/// straddling the cut is no longer whole, so the plain replacement cannot see it.
fn cut_key_prefixes(text: &str, key: &str) -> String {
    const MIN: usize = 4;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('…') {
        let (before, after) = rest.split_at(at);
        let cut = (MIN..key.len())
            .rev()
            .find(|&n| key.get(..n).is_some_and(|p| before.ends_with(p)));
        match cut.and_then(|n| before.get(..before.len() - n)) {
            Some(kept) => {
                out.push_str(kept);
                out.push_str(REDACTED);
            }
            None => out.push_str(before),
        }
        out.push('…');
        rest = after.get('…'.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Scrubs the key out of every message an [`Error`] carries.
pub fn redact(error: Error, key: Option<&str>) -> Error {
    if key.is_none() {
        return error;
    }
    let s = |m: String| scrub(&m, key);
    match error {
        Error::Network(m) => Error::Network(s(m)),
        Error::Unauthorized { status, message } => Error::Unauthorized {
            status,
            message: s(message),
        },
        Error::RateLimited {
            retry_after,
            message,
        } => Error::RateLimited {
            retry_after,
            message: s(message),
        },
        Error::Http { status, message } => Error::Http {
            status,
            message: s(message),
        },
        Error::InvalidJson(m) => Error::InvalidJson(s(m)),
        Error::InvalidCatalog(m) => Error::InvalidCatalog(s(m)),
        Error::InvalidArgument(m) => Error::InvalidArgument(s(m)),
        other @ (Error::Timeout(_) | Error::Aborted) => other,
    }
}

/// The `network` error for a request that never got an answer. `detail` is what the
/// platform said (`TypeError: Failed to fetch`); browsers deliberately say nothing more.
/// `cross_origin`: the request ran in a page or worker (there is a `location`) of another
/// origin, where a blocked cross-origin request is a likely cause, which the message then names.
pub fn network_error(origin: &str, detail: &str, key: Option<&str>, cross_origin: bool) -> Error {
    let detail = sanitize(&scrub(detail, key), 200);
    let detail = if detail.is_empty() {
        String::new()
    } else {
        [" (", &detail, ")"].concat()
    };
    // Only pages and workers have a same-origin policy, and only other origins' requests meet
    // it: in Node, or for the page's own origin, the hint would mislead.
    let causes = if cross_origin {
        "A blocked cross-origin request (CORS) is one likely cause: the server must allow this \
         page's origin, or `baseUrl` must point at a proxy that does. Otherwise the network is \
         down or the host is unreachable."
    } else {
        "The network is down, the host is unreachable or it refused the connection."
    };
    Error::Network(scrub(
        &[
            "the request to ",
            origin,
            " failed before an answer arrived",
            &detail,
            ". ",
            causes,
        ]
        .concat(),
        key,
    ))
}

/// The error for a redirect that was not followed because the API key would go with it.
/// `location` is `None` when the platform hides it (browsers).
pub fn redirect_error(status: u16, location_origin: Option<&str>) -> Error {
    let whither = match location_origin {
        Some(origin) => [" to ", &sanitize(origin, 100)].concat(),
        None => String::new(),
    };
    let message = [
        "the catalog server redirected the request",
        &whither,
        "; redirects are not followed while an API key is set, so that the key is only ever \
         sent to `baseUrl`",
    ]
    .concat();
    if status == 0 {
        Error::Network(message)
    } else {
        Error::Http { status, message }
    }
}

/// Refuses a body whose `Content-Length` is over [`MAX_CATALOG_BYTES`] before reading it.
pub fn check_content_length(content_length: Option<&str>) -> Result<(), Error> {
    match content_length.and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(n) if n > MAX_CATALOG_BYTES as u64 => Err(too_large(n)),
        _ => Ok(()),
    }
}

/// The error of a body found longer than [`MAX_CATALOG_BYTES`] while it was read.
pub fn body_too_large() -> Error {
    Error::InvalidCatalog(format!(
        "the catalog response is longer than the limit of {MAX_CATALOG_BYTES} bytes; it was not \
         read further"
    ))
}

fn too_large(n: u64) -> Error {
    Error::InvalidCatalog(format!(
        "the catalog response is {n} bytes or more, over the limit of {MAX_CATALOG_BYTES} bytes"
    ))
}

#[cfg(test)]
mod tests;
