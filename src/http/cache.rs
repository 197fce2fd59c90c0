//! What `CatalogClient` keeps between requests (and in storage), and its decisions:
//! fresh / stale, conditional request headers, the diff between two catalog texts.
//!
//! A stored entry holds the catalog URL (which never carries the API key), the validators
//! the server sent, the fetch time and the catalog's JSON text — never the key. What the
//! entries are named in a storage is `src/wasm/cache.js`'s (`storageName`), which also finds
//! the entries of other API keys by their names.

use crate::json::Value;
use serde::Serialize;

use crate::catalog::{self, CatalogDiff, ParseOptions, MAX_CATALOG_BYTES};

/// Version of the stored entry format; entries of another version are ignored.
pub const ENTRY_VERSION: u32 = 1;
/// Latest time a JS `Date` can hold, in ms since the epoch.
const MAX_DATE_MS: f64 = 8.64e15;
/// Longest `ETag` / `Last-Modified` kept.
const MAX_VALIDATOR_BYTES: usize = 512;

/// A cached catalog response.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheEntry {
    /// [`ENTRY_VERSION`].
    pub v: u32,
    /// The catalog URL it was fetched from (no key in it).
    pub url: String,
    /// The `ETag` the server sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When it was fetched or last revalidated, in ms since the Unix epoch.
    pub fetched_at: f64,
    /// The catalog JSON text as the server sent it.
    pub body: String,
}

/// The record of a revalidation ([`CacheEntry::encode_revalidation`]). (A derived `Serialize`
/// measured smaller than a `serde_json::Value` or a text written by hand.)
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Revalidation<'a> {
    v: u32,
    /// The `fetched_at` of the stored entry it is about.
    of: f64,
    fetched_at: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    etag: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_modified: Option<&'a str>,
}

/// What `get()` does with what it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Return the cached catalog.
    Fresh,
    /// Return the cached catalog now and revalidate it in the background.
    Stale,
    /// Nothing cached: fetch and wait.
    Fetch,
}

impl CacheEntry {
    /// An entry for a body just fetched from `url`; validators that are not header-safe are dropped.
    pub fn new(
        url: &str,
        etag: Option<String>,
        last_modified: Option<String>,
        fetched_at: f64,
        body: String,
    ) -> Self {
        CacheEntry {
            v: ENTRY_VERSION,
            url: url.to_owned(),
            etag: etag.filter(|v| header_safe(v)),
            last_modified: last_modified.filter(|v| header_safe(v)),
            fetched_at,
            body,
        }
    }

    /// The JSON text stored.
    pub fn encode(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    /// Reads a stored entry back; `None` when it is not JSON, of another version, for another
    /// URL, or of the wrong shape (so that it is replaced).
    pub fn decode(text: &str, url: &str) -> Option<Self> {
        if text.len() > MAX_CATALOG_BYTES.saturating_mul(2) {
            return None;
        }
        let (v, stored_url, etag, last_modified, fetched_at, body, _) = read_fields(text)?;
        let entry = CacheEntry {
            v: v?,
            url: stored_url?,
            etag,
            last_modified,
            fetched_at: fetched_at?,
            body: body?,
        };
        let valid = entry.v == ENTRY_VERSION
            && entry.url == url
            && valid_time(entry.fetched_at)
            && !entry.body.trim().is_empty()
            && entry.body.len() <= MAX_CATALOG_BYTES
            && entry.etag.as_deref().is_none_or(header_safe)
            && entry.last_modified.as_deref().is_none_or(header_safe);
        valid.then_some(entry)
    }

    /// The record a `304 Not Modified` leaves in a storage beside the entry stored with fetch
    /// time `stored_at`, whose body (up to 64 MiB) is then not written again: this entry's fetch
    /// time and validators, and `stored_at` to tell which stored body they are about.
    pub fn encode_revalidation(&self, stored_at: f64) -> Option<String> {
        serde_json::to_string(&Revalidation {
            v: ENTRY_VERSION,
            of: stored_at,
            fetched_at: self.fetched_at,
            etag: self.etag.as_deref(),
            last_modified: self.last_modified.as_deref(),
        })
        .ok()
    }

    /// Takes the fetch time and validators of a record of
    /// [`encode_revalidation`](Self::encode_revalidation) made for this entry as it is stored
    /// (its `fetched_at` as [`decode`](Self::decode) read it). A record of another stored body (rewritten since, by
    /// another page or an earlier version of this library) or one that does not read changes
    /// nothing: `false`.
    pub fn apply_revalidation(&mut self, text: &str) -> bool {
        let record = (text.len() <= 4096).then(|| read_fields(text)).flatten();
        let Some((Some(ENTRY_VERSION), _, etag, last_modified, Some(at), _, of)) = record else {
            return false;
        };
        let ours = of == Some(self.fetched_at) && valid_time(at);
        if ours {
            self.revalidated(etag, last_modified, at);
        }
        ours
    }

    /// `If-None-Match` / `If-Modified-Since` for revalidating this entry.
    pub fn conditional_headers(&self) -> Vec<(&'static str, &str)> {
        conditional_headers(self.etag.as_deref(), self.last_modified.as_deref())
    }

    /// Whether it is younger than `max_age_ms` at `now_ms` (a fetch time in the future,
    /// after a clock change, counts as stale).
    pub fn is_fresh(&self, now_ms: f64, max_age_ms: f64) -> bool {
        let age = now_ms - self.fetched_at;
        age >= 0.0 && age < max_age_ms
    }

    /// After a `304 Not Modified`: the same body, new fetch time, the validators the 304 sent.
    pub fn revalidated(
        &mut self,
        etag: Option<String>,
        last_modified: Option<String>,
        now_ms: f64,
    ) {
        self.fetched_at = now_ms;
        if let Some(etag) = etag.filter(|v| header_safe(v)) {
            self.etag = Some(etag);
        }
        if let Some(date) = last_modified.filter(|v| header_safe(v)) {
            self.last_modified = Some(date);
        }
    }
}

/// The fields of a stored entry (`v`, `url`, `etag`, `lastModified`, `fetchedAt`, `body`) or of a
/// revalidation record (the same but `url` and `body`, and `of`), unchecked; `None` when the
/// text is not a JSON object or a field has the wrong type.
#[allow(clippy::type_complexity)]
fn read_fields(
    text: &str,
) -> Option<(
    Option<u32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<String>,
    Option<f64>,
)> {
    // Read through the borrowed tree rather than a derived `Deserialize`, for size; the
    // strings are moved out of it (the body, up to 64 MiB, is copied once, unescaped).
    let Value::Object(map) = crate::json::parse(text)? else {
        return None;
    };
    // Absent or null: `None`; a string: `Some`; anything else: not an entry.
    let string = |value: Value| match value {
        Value::String(s) => Some(Some(s.into_owned())),
        Value::Null => Some(None),
        _ => None,
    };
    let mut fields = (None, None, None, None, None, None, None);
    for (key, value) in map {
        match key.as_ref() {
            "v" => fields.0 = value.as_u64().and_then(|v| u32::try_from(v).ok()),
            "url" => fields.1 = string(value)?,
            "etag" => fields.2 = string(value)?,
            "lastModified" => fields.3 = string(value)?,
            "fetchedAt" => fields.4 = value.as_f64(),
            "body" => fields.5 = string(value)?,
            "of" => fields.6 = value.as_f64(),
            _ => {}
        }
    }
    Some(fields)
}

/// A time a JS `Date` can hold, not before the epoch.
fn valid_time(ms: f64) -> bool {
    (0.0..=MAX_DATE_MS).contains(&ms)
}

/// `If-None-Match` / `If-Modified-Since` for the validators of an entry (see
/// [`CacheEntry::conditional_headers`]), for a caller that kept only them.
pub fn conditional_headers<'a>(
    etag: Option<&'a str>,
    last_modified: Option<&'a str>,
) -> Vec<(&'static str, &'a str)> {
    let mut headers = Vec::new();
    if let Some(etag) = etag {
        headers.push(("If-None-Match", etag));
    }
    if let Some(date) = last_modified {
        headers.push(("If-Modified-Since", date));
    }
    headers
}

/// What `get()` should do given the cached entry (if any).
pub fn plan(entry: Option<&CacheEntry>, now_ms: f64, max_age_ms: f64) -> Plan {
    match entry {
        None => Plan::Fetch,
        Some(e) if e.is_fresh(now_ms, max_age_ms) => Plan::Fresh,
        Some(_) => Plan::Stale,
    }
}

/// The diff between two catalog texts; a previous text that no longer parses counts as empty.
pub fn diff_bodies(previous: Option<&str>, next: &str, options: &ParseOptions) -> CatalogDiff {
    if previous == Some(next) {
        return CatalogDiff::default();
    }
    let parse = |text: &str| catalog::parse_catalog(text, options).ok();
    let Some(next) = parse(next) else {
        return CatalogDiff::default();
    };
    let previous = previous
        .and_then(parse)
        .unwrap_or_else(|| catalog::Catalog {
            models: Vec::new(),
            meta: catalog::Meta::default(),
            warnings: Vec::new(),
        });
    catalog::diff_catalogs(&previous, &next)
}

/// Visible ASCII and spaces only, short: safe to send back as a request header.
fn header_safe(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_VALIDATOR_BYTES
        && value.bytes().all(|b| (0x20..=0x7e).contains(&b))
}
