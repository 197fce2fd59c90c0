//! The catalog model and its lenient parser for both NanoGPT catalog shapes.

use crate::hash::{HashMap, HashSet};
use std::borrow::Cow;

use crate::json::{OwnedMap as Map, OwnedValue as Value};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::json::{self, Scanner, Value as JValue};
use crate::raw::RawJson;

/// Which catalog endpoint the data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// `GET /api/v1/image-models`.
    #[default]
    Legacy,
    /// `GET /api/v1/images/models`.
    Images,
}

/// A parsed catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// The models, in catalog order.
    pub models: Vec<Model>,
    /// Where the catalog came from.
    pub meta: Meta,
    /// What was skipped or coerced.
    pub warnings: Vec<Diagnostic>,
}

/// Catalog metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The endpoint shape.
    pub source: Source,
    /// The count the server reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub count: Option<u64>,
    /// When the server generated the catalog (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub generated_at: Option<String>,
    /// When the server last sent or confirmed this catalog (ISO 8601): the time `fetchCatalog`
    /// or `CatalogClient` received it, or the time a `304 Not Modified` confirmed it (a client
    /// then answers with a new catalog object of the same models). Absent from `parseCatalog`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fetched_at: Option<String>,
    /// `true` on the catalog a `CatalogClient` answers with from its `fallback` option (the
    /// catalog an app bundles, used when a request fails with no catalog cached); absent
    /// otherwise (`parseCatalog` never sets it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fallback: Option<bool>,
}

/// Capability flags. They are hints: the catalog is not always consistent with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// Generates images from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_generation: Option<bool>,
    /// Accepts input images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_to_image: Option<bool>,
    /// Accepts a mask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub inpainting: Option<bool>,
    /// May produce adult content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub nsfw: Option<bool>,
}

/// One image model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ModelFields")]
pub struct Model {
    /// The model id sent as `model` (may contain `/`, `:`, `@`).
    pub id: String,
    /// Display name (the id when the catalog gave none).
    pub name: String,
    /// Description, untrusted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    /// Owner / provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub owned_by: Option<String>,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub created: Option<f64>,
    /// Capability hints.
    #[serde(default)]
    pub capabilities: Capabilities,
    /// e.g. `["text", "image"]`.
    #[serde(default)]
    pub input_modalities: Vec<String>,
    /// e.g. `["image"]`.
    #[serde(default)]
    pub output_modalities: Vec<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Category, e.g. `image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub category: Option<String>,
    /// Absolute `http(s)` URL, or absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub icon_url: Option<String>,
    /// Pricing exactly as the catalog gave it (in JS: parsed on first read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "unknown")]
    pub pricing: Option<RawJson<Value>>,
    /// `supported_parameters` exactly as the catalog gave it (in JS: parsed on first read).
    #[serde(default)]
    #[tsify(type = "Record<string, unknown>")]
    pub supported_parameters: RawJson<Map>,
    /// The per-model detail path the typed endpoint gave (`/api/v1/images/models/{id}/endpoints`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub endpoints: Option<String>,
    /// Whether the model streams (typed endpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supports_streaming: Option<bool>,
}

/// Options for [`parse_catalog`].
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Force the source shape; guessed from the data when `None`.
    pub source: Option<Source>,
    /// Base URL that relative `icon_url` paths resolve against (default `https://nano-gpt.com`).
    pub base_url: Option<String>,
    /// ISO 8601 fetch time to record in `meta.fetchedAt`.
    pub fetched_at: Option<String>,
}

/// Added / removed / changed model ids between two catalogs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub struct CatalogDiff {
    /// Ids only in the new catalog.
    pub added: Vec<String>,
    /// Ids only in the old catalog.
    pub removed: Vec<String>,
    /// Ids in both whose data differs.
    pub changed: Vec<String>,
}

/// Largest catalog text [`parse_catalog`] accepts, in bytes (64 MiB).
pub const MAX_CATALOG_BYTES: usize = 64 * 1024 * 1024;

/// Deepest nesting of arrays and objects accepted (serde_json's own limit).
pub const MAX_NESTING: usize = crate::json::MAX_DEPTH as usize;

/// Largest number of items a catalog's model list may hold.
pub const MAX_MODELS: usize = 50_000;

/// Largest number of diagnostics kept in [`Catalog::warnings`]; one more entry says how many were left out.
pub const MAX_WARNINGS: usize = 1_000;

/// Longest `icon_url` kept, in bytes (before and after resolution).
pub const MAX_ICON_URL_BYTES: usize = 2048;

/// The base URL relative `icon_url` paths resolve against when [`ParseOptions::base_url`] is `None`.
pub const DEFAULT_BASE_URL: &str = "https://nano-gpt.com";

/// Parses catalog JSON text.
///
/// Accepts every shape [`parse_catalog_value`] does. Fails with [`Error::InvalidJson`] when the
/// text is not JSON (the message says where, and whether it looks like an HTML page or is cut
/// short) and with [`Error::InvalidCatalog`] when it is JSON but not a catalog, or longer than
/// [`MAX_CATALOG_BYTES`].
///
/// ```
/// use nanogpt_image_controls::catalog::{parse_catalog, ParseOptions};
/// let catalog = parse_catalog(r#"{"object":"list","data":[{"id":"flux-dev"}]}"#, &ParseOptions::default())?;
/// assert_eq!(catalog.models[0].name, "flux-dev");
/// # Ok::<(), nanogpt_image_controls::Error>(())
/// ```
pub fn parse_catalog(input: &str, options: &ParseOptions) -> Result<Catalog, Error> {
    if input.len() > MAX_CATALOG_BYTES {
        return Err(Error::InvalidCatalog(format!(
            "the catalog is {} bytes, more than the limit of {MAX_CATALOG_BYTES} bytes",
            input.len()
        )));
    }
    let text = input.strip_prefix('\u{feff}').unwrap_or(input);
    let start = text.trim_start();
    if start.is_empty() {
        return Err(Error::InvalidJson(
            "the response is empty, not JSON".to_owned(),
        ));
    }
    if start.starts_with('<') {
        return Err(Error::InvalidJson(format!(
            "the response looks like an HTML page, not JSON (it starts with {})",
            preview(start)
        )));
    }
    let (list_key, items, meta_value) = match start.as_bytes().first() {
        Some(b'[') => (String::new(), scan_whole(text, start, scan_items)?, None),
        Some(b'{') => locate_in_members(scan_whole(text, start, scan_top)?)?,
        _ => {
            let value = json::parse_located(text)
                .map_err(|e| json_error(&e, start))?
                .into_owned();
            return Err(locate_models(value)
                .err()
                .unwrap_or_else(|| Error::InvalidCatalog("the JSON is not a catalog".to_owned())));
        }
    };
    read_items(list_key, items, meta_value, options)
}

/// A field of a model as the scan keeps it: `supported_parameters` and `pricing` as the
/// catalog's text, every other field read into the borrowed tree in the same pass (reading
/// them as text first and parsing that again walked their bytes twice).
enum Field<'a> {
    Text(&'a str),
    Value(JValue<'a>),
}

impl<'a> Field<'a> {
    fn is_text_key(key: &str) -> bool {
        matches!(
            key,
            "supported_parameters" | "supportedParameters" | "pricing"
        )
    }
}

type Fields<'a> = Vec<(Cow<'a, str>, Field<'a>)>;

/// One entry of the model list: an object split into its fields, or the value itself
/// (anything else: reported and skipped).
enum Item<'a> {
    Object(Fields<'a>),
    Other(Value),
}

/// A member of the top-level object: the model list read item by item, the value of a
/// `data`/`models` member that is not a list, or any other member as text.
enum Member<'a> {
    List(Vec<Item<'a>>),
    Value(Value),
    Raw(&'a str),
}

/// Runs a scan over the whole text; on malformed JSON, says where (line and column).
fn scan_whole<'a, T>(
    text: &'a str,
    start: &str,
    scan: impl FnOnce(&mut Scanner<'a>) -> Option<T>,
) -> Result<T, Error> {
    let mut scanner = Scanner::new(text);
    let found = scan(&mut scanner);
    let error = match found {
        Some(found) if scanner.at_end() => return Ok(found),
        Some(_) => scanner.error(true),
        None => scanner.error(false),
    };
    Err(json_error(&error, start))
}

/// The members of a top-level object; `data` and `models` are read as model lists in the same
/// pass, everything else stays text.
fn scan_top<'a>(s: &mut Scanner<'a>) -> Option<Vec<(Cow<'a, str>, Member<'a>)>> {
    s.open(b'{')?;
    let mut members = Vec::new();
    let mut first = true;
    while let Some(key) = s.key(first)? {
        first = false;
        let member = if key == "data" || key == "models" {
            if s.peek()? == b'[' {
                Member::List(scan_items(s)?)
            } else {
                Member::Value(value_of(s.raw()?))
            }
        } else {
            Member::Raw(s.raw()?)
        };
        members.push((key, member));
    }
    Some(members)
}

/// A list of models, each object split into its fields.
fn scan_items<'a>(s: &mut Scanner<'a>) -> Option<Vec<Item<'a>>> {
    s.open(b'[')?;
    let mut items = Vec::new();
    let mut first = true;
    while s.element(first)? {
        first = false;
        if s.peek()? != b'{' {
            items.push(Item::Other(value_of(s.raw()?)));
            continue;
        }
        s.open(b'{')?;
        let mut pairs = Vec::new();
        let mut first_key = true;
        while let Some(key) = s.key(first_key)? {
            first_key = false;
            let field = if Field::is_text_key(&key) {
                Field::Text(s.raw()?)
            } else {
                Field::Value(s.value()?)
            };
            pairs.push((key, field));
        }
        items.push(Item::Object(pairs));
    }
    Some(items)
}

/// Parses a piece of JSON that the scan already checked (a slice of the input).
fn value_of(raw: &str) -> Value {
    parse_field(raw).into_owned()
}

fn starts_with(raw: &str, byte: u8) -> bool {
    raw.as_bytes().first() == Some(&byte)
}

/// Finds the model list among the members of a top-level object.
#[allow(clippy::type_complexity)]
fn locate_in_members<'a>(
    mut members: Vec<(Cow<'a, str>, Member<'a>)>,
) -> Result<(String, Vec<Item<'a>>, Option<Value>), Error> {
    let last = |members: &[(Cow<'a, str>, Member<'a>)], name: &str| {
        members.iter().rposition(|(k, _)| k == name)
    };
    let meta = last(&members, "meta").and_then(|i| match members.get(i) {
        Some((_, Member::Raw(raw))) => Some(value_of(raw)),
        _ => None,
    });
    // `models` is this library's own `Catalog` shape, so a catalog handed back from JS reads again.
    for key in ["data", "models"] {
        if let Some(i) = last(&members, key) {
            if matches!(members.get(i), Some((_, Member::List(_)))) {
                if let (_, Member::List(items)) = members.swap_remove(i) {
                    return Ok((key.to_owned(), items, meta));
                }
            }
        }
    }
    // A bundle such as `{"image": [...]}`: the first member that is a list of objects.
    if last(&members, "data").is_none()
        && last(&members, "error").is_none()
        && last(&members, "id").is_none()
    {
        let sole = members.len() == 1;
        for (key, member) in &members {
            let Member::Raw(raw) = member else { continue };
            if !starts_with(raw, b'[') {
                continue;
            }
            let mut scanner = Scanner::new(raw);
            let Some(items) = scan_items(&mut scanner) else {
                // The scan of the whole text already checked this slice.
                return Err(Error::InvalidJson(format!(
                    "the `{key}` list is not valid JSON"
                )));
            };
            if (sole && items.is_empty()) || items.iter().any(|i| matches!(i, Item::Object(_))) {
                return Ok((key.to_string(), items, meta));
            }
        }
    }
    // Not a list of models: explain what it is, from the parsed object.
    let map: Map = members
        .into_iter()
        .map(|(k, m)| {
            let v = match m {
                Member::Raw(raw) => value_of(raw),
                Member::Value(v) => v,
                Member::List(_) => Value::Array(Vec::new()),
            };
            (k.into_owned(), v)
        })
        .collect();
    Err(locate_models(Value::Object(map)).err().unwrap_or_else(|| {
        Error::InvalidCatalog("the JSON object has no list of models".to_owned())
    }))
}

fn json_error(e: &json::SyntaxError, start: &str) -> Error {
    let message = if e.too_deep {
        format!("the catalog JSON is nested more than {MAX_NESTING} levels deep")
    } else if e.eof {
        format!("the catalog JSON ends too early (truncated response?): {e}")
    } else if e.line == 1 && e.column <= 1 {
        format!(
            "the response is not JSON: {e}; it starts with {}",
            preview(start)
        )
    } else {
        format!("the catalog is not valid JSON: {e}")
    };
    Error::InvalidJson(message)
}

/// Parses an already-decoded catalog.
///
/// Accepted shapes: the list `{object:"list", data:[…], meta:{count, generated_at}}` of either
/// endpoint (flat or typed `supported_parameters`), a bare array of models, and bundles such as
/// `{"image":[…]}` (the first member that is a list of objects). Items that cannot be read are
/// skipped and fields of the wrong type are coerced or dropped, each with a [`Diagnostic`] in
/// [`Catalog::warnings`]; one bad model never fails the catalog. Duplicate ids keep the first.
///
/// `meta.source` is `options.source`, else [`Source::Images`] when items carry typed parameter
/// descriptors, `endpoints` paths or `supports_streaming`, else [`Source::Legacy`].
///
/// The value is written back to text and read by [`parse_catalog`], which keeps parameters
/// and pricing as text slices; prefer `parse_catalog` when you have the text. Takes the crate's
/// JSON tree ([`crate::json::Value`]) or a `serde_json::Value`.
pub fn parse_catalog_value<'a>(
    value: impl Into<JValue<'a>>,
    options: &ParseOptions,
) -> Result<Catalog, Error> {
    parse_catalog(&crate::json::text_of(&value.into()), options)
}

fn read_items(
    list_key: String,
    items: Vec<Item>,
    meta_value: Option<Value>,
    options: &ParseOptions,
) -> Result<Catalog, Error> {
    if items.len() > MAX_MODELS {
        return Err(Error::InvalidCatalog(format!(
            "the catalog lists {} models, more than the limit of {MAX_MODELS}",
            items.len()
        )));
    }
    let base_text = options
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .unwrap_or(DEFAULT_BASE_URL);
    let mut reader = Reader {
        list_key,
        base: parse_base(base_text),
        base_text,
        seen: HashSet::with_capacity_and_hasher(items.len(), Default::default()),
        typed: false,
        warnings: Warnings::default(),
    };
    let mut models = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        if let Some(model) = reader.model(index, item) {
            models.push(model);
        }
    }
    let (count, generated_at) = read_meta(meta_value, &mut reader.warnings);
    let source = options.source.unwrap_or(if reader.typed {
        Source::Images
    } else {
        Source::Legacy
    });
    Ok(Catalog {
        models,
        meta: Meta {
            source,
            count,
            generated_at,
            fetched_at: options.fetched_at.clone(),
            fallback: None,
        },
        warnings: reader.warnings.finish(),
    })
}

/// Finds the model list: `(key it sits under, items, the top-level meta)`.
fn locate_models(value: Value) -> Result<(String, Vec<Value>, Option<Value>), Error> {
    let mut map = match value {
        Value::Array(items) => return Ok((String::new(), items, None)),
        Value::Object(map) => map,
        other => {
            return Err(Error::InvalidCatalog(format!(
                "the JSON is {}, not a catalog (expected an object with a `data` list of models)",
                describe(&other)
            )))
        }
    };
    let meta = map.shift_remove("meta");
    // `models` is this library's own `Catalog` shape, so a catalog handed back from JS reads again.
    let data = map
        .shift_remove("data")
        .or_else(|| map.shift_remove("models"));
    if let Some(Value::Array(items)) = data {
        return Ok(("data".to_owned(), items, meta));
    }
    if let Some(summary) = error_summary(&map, &["error"]) {
        return Err(not_a_catalog(&summary));
    }
    if let Some(other) = data {
        return Err(Error::InvalidCatalog(format!(
            "the catalog's `data` is {}, not a list of models",
            describe(&other)
        )));
    }
    if matches!(map.get("id"), Some(Value::String(_))) {
        return Err(Error::InvalidCatalog(
            "the JSON looks like a single model (or its `/endpoints` detail), not a catalog list"
                .to_owned(),
        ));
    }
    let sole = map.len() == 1;
    let position = map.values().position(|v| match v {
        Value::Array(items) => (sole && items.is_empty()) || items.iter().any(Value::is_object),
        _ => false,
    });
    let Some(position) = position else {
        if let Some(summary) = error_summary(&map, &["message", "detail"]) {
            return Err(not_a_catalog(&summary));
        }
        return Err(Error::InvalidCatalog(format!(
            "the JSON object has no list of models (expected `data: [...]`); its keys are {}",
            key_summary(&map)
        )));
    };
    match map.into_iter().nth(position) {
        Some((key, Value::Array(items))) => Ok((key.into_owned(), items, meta)),
        _ => Err(Error::InvalidCatalog(
            "the JSON object has no list of models".to_owned(),
        )),
    }
}

fn not_a_catalog(summary: &str) -> Error {
    Error::InvalidCatalog(format!(
        "the response is an error, not a catalog: {summary}"
    ))
}

/// A short, single-line summary of an error body such as `{"error":{"message":"Unauthorized"}}`,
/// read from the first of `keys` that holds one.
fn error_summary(map: &Map, keys: &[&str]) -> Option<String> {
    fn text(v: Option<&Value>) -> Option<&str> {
        v.and_then(Value::as_str).filter(|s| !s.trim().is_empty())
    }
    let message = keys.iter().find_map(|key| match map.get(key)? {
        Value::Object(inner) => Some(
            ["message", "error", "detail", "code"]
                .iter()
                .find_map(|k| text(inner.get(k)))
                .unwrap_or("(no message)")
                .to_owned(),
        ),
        Value::String(s) if !s.trim().is_empty() => Some(s.to_string()),
        Value::Null | Value::Bool(false) | Value::String(_) => None,
        other => Some(crate::json::text_of(other)),
    })?;
    Some(clip(&message, 200))
}

fn key_summary(map: &Map) -> String {
    if map.is_empty() {
        return "none".to_owned();
    }
    let mut keys: Vec<String> = map
        .keys()
        .take(8)
        .map(|k| format!("`{}`", clip(k, 30)))
        .collect();
    if map.len() > 8 {
        keys.push(format!("and {} more", map.len() - 8));
    }
    keys.join(", ")
}

fn read_meta(meta: Option<Value>, warnings: &mut Warnings) -> (Option<u64>, Option<String>) {
    let map = match meta {
        None | Some(Value::Null) => return (None, None),
        Some(Value::Object(map)) => map,
        Some(other) => {
            warnings.push(Diagnostic::catalog(
                "meta",
                format!("meta is {}, not an object; ignored", describe(&other)),
            ));
            return (None, None);
        }
    };
    let (mut count, mut generated_at) = (None, None);
    for (key, value) in map {
        match key.as_ref() {
            "count" => {
                count = value.as_u64().or_else(|| whole_number(&value));
                if count.is_none() {
                    warnings.push(Diagnostic::catalog(
                        "meta.count",
                        format!(
                            "meta.count is {}, not a non-negative integer; ignored",
                            describe(&value)
                        ),
                    ));
                }
            }
            "generated_at" => match value {
                Value::String(s) => generated_at = Some(s.into_owned()),
                other => warnings.push(Diagnostic::catalog(
                    "meta.generated_at",
                    format!(
                        "meta.generated_at is {}, not a string; ignored",
                        describe(&other)
                    ),
                )),
            },
            _ => {}
        }
    }
    (count, generated_at)
}

fn whole_number(value: &Value) -> Option<u64> {
    let f = value.as_f64()?;
    // Below 2^53 every whole f64 converts exactly.
    (f >= 0.0 && f.fract() == 0.0 && f < 9_007_199_254_740_992.0).then_some(f as u64)
}

/// Diagnostics with a cap, so a pathological catalog cannot produce millions of them.
#[derive(Default)]
struct Warnings {
    list: Vec<Diagnostic>,
    dropped: usize,
}

impl Warnings {
    fn push(&mut self, diagnostic: Diagnostic) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(diagnostic);
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        if self.dropped > 0 {
            self.list.push(Diagnostic::catalog(
                "",
                format!(
                    "{} more warnings were left out (only the first {MAX_WARNINGS} are kept)",
                    self.dropped
                ),
            ));
        }
        self.list
    }
}

/// Per-catalog state while reading items.
struct Reader<'o> {
    list_key: String,
    base: Option<BaseUrl>,
    base_text: &'o str,
    seen: HashSet<String>,
    typed: bool,
    warnings: Warnings,
}

impl Reader<'_> {
    fn path(&self, index: usize, field: &str) -> String {
        if field.is_empty() {
            format!("{}[{index}]", self.list_key)
        } else {
            format!("{}[{index}].{field}", self.list_key)
        }
    }

    fn warn(&mut self, id: &str, index: usize, field: &str, message: String) {
        let path = self.path(index, field);
        self.warnings.push(Diagnostic::model(id, path, message));
    }

    fn wrong_type(&mut self, id: &str, index: usize, field: &str, expected: &str, v: &JValue) {
        let message = format!("{field} is {}, not {expected}; ignored", describe_json(v));
        self.warn(id, index, field, message);
    }

    fn model(&mut self, index: usize, item: Item) -> Option<Model> {
        let pairs = match item {
            Item::Object(pairs) => pairs,
            Item::Other(other) => {
                let path = self.path(index, "");
                let message = format!("item is {}, not a model object; skipped", describe(&other));
                self.warnings.push(Diagnostic::catalog(path, message));
                return None;
            }
        };
        let id_raw = pairs
            .iter()
            .rev()
            .find(|(k, _)| k == "id")
            .map(|(_, field)| match field {
                Field::Text(raw) => parse_field(raw),
                Field::Value(value) => value.clone(),
            });
        let id = self.id(index, id_raw)?;
        if self.seen.contains(&id) {
            let message = format!(
                "duplicate model id `{}`; the first one is kept",
                clip(&id, 80)
            );
            self.warn(&id, index, "", message);
            return None;
        }
        let mut model = Model {
            name: String::new(),
            id,
            description: None,
            owned_by: None,
            created: None,
            capabilities: Capabilities::default(),
            input_modalities: Vec::new(),
            output_modalities: Vec::new(),
            tags: Vec::new(),
            category: None,
            icon_url: None,
            pricing: None,
            // The text `RawJson::default()` writes, without linking serde_json's writer of
            // its `Map` for it.
            supported_parameters: RawJson::from_checked("{}"),
            endpoints: None,
            supports_streaming: None,
        };
        let id = model.id.as_str();
        for (key, field) in pairs {
            // `supported_parameters` and `pricing` stay text; the small fields came parsed.
            let value = match field {
                Field::Value(value) => value,
                Field::Text(raw) => match key.as_ref() {
                    "supported_parameters" | "supportedParameters" => {
                        if starts_with(raw, b'{') {
                            // Cheap pre-check before parsing for typed descriptors.
                            if !self.typed && crate::text::contains(raw, "\"type\"") {
                                if let Some(crate::json::Value::Object(params)) =
                                    crate::json::parse(raw)
                                {
                                    self.typed = params.iter().any(|(_, v)| is_typed_descriptor(v));
                                }
                            }
                            model.supported_parameters = RawJson::from_checked(raw);
                        } else if raw != "null" {
                            let message = format!(
                                "supported_parameters is {}, not an object; treated as empty",
                                describe_json(&parse_field(raw))
                            );
                            self.warn(id, index, "supported_parameters", message);
                        }
                        continue;
                    }
                    "pricing" => {
                        // A bare number beyond the f64 range reads as null, like `null` itself.
                        let overflow = raw.starts_with(|c: char| c == '-' || c.is_ascii_digit())
                            && crate::json::parse(raw).is_none_or(|v| v.is_null());
                        if raw != "null" && !overflow {
                            model.pricing = Some(RawJson::from_checked(raw));
                        }
                        continue;
                    }
                    _ => parse_field(raw),
                },
            };
            match key.as_ref() {
                "name" => {
                    if let Some(name) = self.string(id, index, "name", value) {
                        let trimmed = name.trim();
                        model.name = if trimmed.len() == name.len() {
                            name
                        } else {
                            trimmed.to_owned()
                        };
                    }
                }
                "description" => model.description = self.string(id, index, "description", value),
                "owned_by" | "ownedBy" => {
                    model.owned_by = self.string(id, index, "owned_by", value)
                }
                "category" => model.category = self.string(id, index, "category", value),
                "created" => model.created = self.created(id, index, value),
                "capabilities" => model.capabilities = self.capabilities(id, index, value),
                "architecture" => match value {
                    JValue::Object(arch) => {
                        for (key, value) in arch {
                            match key.as_ref() {
                                "input_modalities" => {
                                    let field = "architecture.input_modalities";
                                    model.input_modalities = self.strings(id, index, field, value);
                                }
                                "output_modalities" => {
                                    let field = "architecture.output_modalities";
                                    model.output_modalities = self.strings(id, index, field, value);
                                }
                                _ => {}
                            }
                        }
                    }
                    JValue::Null => {}
                    other => self.wrong_type(id, index, "architecture", "an object", &other),
                },
                "inputModalities" => {
                    model.input_modalities = self.strings(id, index, "inputModalities", value);
                }
                "outputModalities" => {
                    model.output_modalities = self.strings(id, index, "outputModalities", value);
                }
                "tags" => model.tags = self.strings(id, index, "tags", value),
                "icon_url" | "iconUrl" => {
                    if let Some(raw) = self.string(id, index, "icon_url", value) {
                        model.icon_url = self.icon(id, index, &raw);
                    }
                }
                "endpoints" => {
                    model.endpoints = self.string(id, index, "endpoints", value);
                    self.typed |= model.endpoints.is_some();
                }
                "supports_streaming" | "supportsStreaming" => {
                    model.supports_streaming = self.boolean(id, index, "supports_streaming", value);
                    self.typed |= model.supports_streaming.is_some();
                }
                _ => {}
            }
        }
        if model.name.is_empty() {
            model.name = model.id.trim().to_owned();
        }
        self.seen.insert(model.id.clone());
        Some(model)
    }

    fn id(&mut self, index: usize, value: Option<JValue>) -> Option<String> {
        let path = self.path(index, "id");
        let problem = match value {
            Some(JValue::String(s)) if !s.trim().is_empty() => return Some(s.into_owned()),
            Some(JValue::Number(n)) => {
                let id = n.to_string();
                let message = format!("id is a number ({id}); used as the string \"{id}\"");
                self.warnings.push(Diagnostic::model(&id, path, message));
                return Some(id);
            }
            Some(JValue::String(_)) => "is empty".to_owned(),
            Some(other) => format!("is {}, not a string", describe_json(&other)),
            None => "is missing".to_owned(),
        };
        let message = format!("the model id {problem}; the item is skipped");
        self.warnings.push(Diagnostic::catalog(path, message));
        None
    }

    fn string(&mut self, id: &str, index: usize, field: &str, value: JValue) -> Option<String> {
        match value {
            JValue::String(s) => Some(s.into_owned()),
            JValue::Null => None,
            other => {
                self.wrong_type(id, index, field, "a string", &other);
                None
            }
        }
    }

    fn boolean(&mut self, id: &str, index: usize, field: &str, value: JValue) -> Option<bool> {
        let coerced = match &value {
            JValue::Bool(b) => return Some(*b),
            JValue::Null => return None,
            JValue::String(s) if s.trim().eq_ignore_ascii_case("true") => true,
            JValue::String(s) if s.trim().eq_ignore_ascii_case("false") => false,
            other => {
                self.wrong_type(id, index, field, "a boolean", other);
                return None;
            }
        };
        let message = format!("{field} is {}; read as {coerced}", describe_json(&value));
        self.warn(id, index, field, message);
        Some(coerced)
    }

    fn strings(&mut self, id: &str, index: usize, field: &str, value: JValue) -> Vec<String> {
        let items = match value {
            JValue::Array(items) => items,
            JValue::Null => return Vec::new(),
            other => {
                self.wrong_type(id, index, field, "a list of strings", &other);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item {
                JValue::String(s) => out.push(s.into_owned()),
                other => {
                    let path = format!("{field}[{i}]");
                    self.wrong_type(id, index, &path, "a string", &other);
                }
            }
        }
        out
    }

    fn created(&mut self, id: &str, index: usize, value: JValue) -> Option<f64> {
        if value.is_null() {
            return None;
        }
        if let JValue::Number(n) = &value {
            return n.as_f64();
        }
        if let JValue::String(s) = &value {
            if let Some(n) = crate::num::parse_f64(s) {
                let message = format!(
                    "created is {}; read as the number {}",
                    describe_json(&value),
                    crate::num::fmt_f64(n)
                );
                self.warn(id, index, "created", message);
                return Some(n);
            }
        }
        self.wrong_type(id, index, "created", "a number", &value);
        None
    }

    fn capabilities(&mut self, id: &str, index: usize, value: JValue) -> Capabilities {
        let mut caps = Capabilities::default();
        let map = match value {
            JValue::Object(map) => map,
            other => {
                self.wrong_type(id, index, "capabilities", "an object", &other);
                return caps;
            }
        };
        for (key, value) in map {
            let (slot, field) = match key.as_ref() {
                "image_generation" | "imageGeneration" => {
                    (&mut caps.image_generation, "capabilities.image_generation")
                }
                "image_to_image" | "imageToImage" => {
                    (&mut caps.image_to_image, "capabilities.image_to_image")
                }
                "inpainting" => (&mut caps.inpainting, "capabilities.inpainting"),
                "nsfw" => (&mut caps.nsfw, "capabilities.nsfw"),
                _ => continue,
            };
            *slot = self.boolean(id, index, field, value);
        }
        caps
    }

    fn icon(&mut self, id: &str, index: usize, raw: &str) -> Option<String> {
        match resolve_icon(raw, self.base.as_ref()) {
            Ok(url) => Some(url),
            Err(reason) => {
                let reason = match reason {
                    UrlProblem::NoBase => format!(
                        "is relative and the base URL {} is not an absolute http(s) URL",
                        preview(self.base_text)
                    ),
                    other => other.to_string(),
                };
                let message = format!("icon_url {} {reason}; ignored", preview(raw));
                self.warn(id, index, "icon_url", message);
                None
            }
        }
    }
}

/// A `{type:"enum"|"range", …}` descriptor of the typed `/api/v1/images/models` endpoint.
fn is_typed_descriptor(value: &crate::json::Value) -> bool {
    matches!(
        value.get("type").and_then(crate::json::Value::as_str),
        Some("enum") | Some("range")
    )
}

/// "a string (\"yes\")", "a number (5)", "null", "a list" … for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        // Not `JValue::from_serde`: the wasm linked its whole recursive conversion for this.
        Value::Null => describe_json(&JValue::Null),
        Value::Bool(b) => describe_json(&JValue::Bool(*b)),
        Value::Number(n) => describe_json(&JValue::Number(n.clone())),
        Value::String(s) => describe_json(&JValue::String(Cow::Borrowed(s))),
    }
}

/// [`describe`] for the borrowed tree the model fields are read into.
fn describe_json(value: &JValue) -> String {
    match value {
        JValue::Null => "null".to_owned(),
        JValue::Bool(b) => format!("a boolean ({b})"),
        JValue::Number(n) => format!("a number ({n})"),
        JValue::String(s) => format!("a string ({})", preview(s)),
        JValue::Array(_) => "a list".to_owned(),
        JValue::Object(_) => "an object".to_owned(),
    }
}

/// A model field, parsed from its slice of the input (already checked by the scan).
fn parse_field(raw: &str) -> JValue<'_> {
    crate::json::parse(raw).unwrap_or_default()
}

/// A quoted, single-line, length-limited excerpt of untrusted text.
fn preview(text: &str) -> String {
    format!("\"{}\"", clip(text, 40))
}

fn clip(text: &str, max_chars: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(max_chars).is_some() {
        out.push('…');
    }
    out
}

/// Why an `icon_url` was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UrlProblem {
    Empty,
    TooLong,
    BadCharacters,
    ProtocolRelative,
    OtherScheme,
    BadAuthority,
    NotAPath,
    NoBase,
}

impl std::fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UrlProblem::Empty => "is empty",
            UrlProblem::TooLong => "is longer than 2048 bytes",
            UrlProblem::BadCharacters => {
                "contains whitespace, control, non-ASCII, quote, angle-bracket or backslash characters"
            }
            UrlProblem::ProtocolRelative => "is protocol-relative (`//host`), which may point anywhere",
            UrlProblem::OtherScheme => "uses a scheme other than http or https",
            UrlProblem::BadAuthority => "has a missing or malformed host",
            UrlProblem::NotAPath => "is only a query or fragment, not an image path",
            UrlProblem::NoBase => "is relative and there is no usable base URL",
        })
    }
}

/// A parsed base URL: `origin` is `https://host[:port]`, `directory` ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BaseUrl {
    origin: String,
    directory: String,
}

/// Resolves a catalog `icon_url` to an absolute `http(s)` URL, or `None` when it is unsafe or
/// malformed.
///
/// Site paths (`/icons/x.svg`) resolve against the origin of `base_url`, other relative paths
/// against its directory. Anything that is not plain `http(s)` is refused: other schemes
/// (`javascript:`, `data:`), protocol-relative `//host`, backslashes, whitespace, control or
/// non-ASCII characters, credentials in the host, and URLs longer than [`MAX_ICON_URL_BYTES`].
///
/// ```
/// use nanogpt_image_controls::catalog::resolve_icon_url;
/// let base = "https://nano-gpt.com";
/// assert_eq!(
///     resolve_icon_url("/icons/PrunaAI.svg", base).as_deref(),
///     Some("https://nano-gpt.com/icons/PrunaAI.svg")
/// );
/// assert_eq!(resolve_icon_url("javascript:alert(1)", base), None);
/// ```
pub fn resolve_icon_url(raw: &str, base_url: &str) -> Option<String> {
    resolve_icon(raw, parse_base(base_url).as_ref()).ok()
}

fn resolve_icon(raw: &str, base: Option<&BaseUrl>) -> Result<String, UrlProblem> {
    if raw.len() > MAX_ICON_URL_BYTES {
        return Err(UrlProblem::TooLong);
    }
    let url = raw.trim_matches(|c: char| c.is_ascii_whitespace());
    if url.is_empty() {
        return Err(UrlProblem::Empty);
    }
    check_characters(url)?;
    let resolved = if url.starts_with("//") {
        return Err(UrlProblem::ProtocolRelative);
    } else if url.starts_with('/') {
        // `concat`, not `format!`: one icon per model, on the catalog scan's path.
        [base.ok_or(UrlProblem::NoBase)?.origin.as_str(), url].concat()
    } else if let Some((scheme, rest)) = split_scheme(url) {
        let (scheme, authority, tail) = split_http(scheme, rest)?;
        [scheme, "://", authority, tail].concat()
    } else if url.starts_with(['?', '#']) {
        return Err(UrlProblem::NotAPath);
    } else {
        [base.ok_or(UrlProblem::NoBase)?.directory.as_str(), url].concat()
    };
    if resolved.len() > MAX_ICON_URL_BYTES {
        return Err(UrlProblem::TooLong);
    }
    Ok(resolved)
}

fn parse_base(base: &str) -> Option<BaseUrl> {
    let base = base.trim_matches(|c: char| c.is_ascii_whitespace());
    if base.len() > MAX_ICON_URL_BYTES || check_characters(base).is_err() {
        return None;
    }
    let (scheme, rest) = split_scheme(base)?;
    let (scheme, authority, tail) = split_http(scheme, rest).ok()?;
    let path = tail.split(['?', '#']).next().unwrap_or("");
    let directory = path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("/");
    Some(BaseUrl {
        origin: format!("{scheme}://{authority}"),
        directory: format!("{scheme}://{authority}{directory}"),
    })
}

/// Printable ASCII only, and none of the characters that end an HTML attribute or that browsers
/// read as a slash.
fn check_characters(url: &str) -> Result<(), UrlProblem> {
    if !url.bytes().all(crate::http::markup_safe_url_byte) {
        Err(UrlProblem::BadCharacters)
    } else {
        Ok(())
    }
}

/// Splits `scheme:rest` when the text starts with a syntactically valid URL scheme.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut bytes = scheme.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then_some((scheme, rest))
}

/// For `http`/`https` only: the lowercased scheme, the checked authority and the rest.
fn split_http<'a>(
    scheme: &str,
    rest: &'a str,
) -> Result<(&'static str, &'a str, &'a str), UrlProblem> {
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return Err(UrlProblem::OtherScheme);
    };
    let rest = rest.strip_prefix("//").ok_or(UrlProblem::BadAuthority)?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at_checked(end).ok_or(UrlProblem::BadAuthority)?;
    if valid_authority(authority) {
        Ok((scheme, authority, tail))
    } else {
        Err(UrlProblem::BadAuthority)
    }
}

/// `host[:port]` or `[ipv6][:port]`; no credentials (`user@`), no percent-encoding in the host.
fn valid_authority(authority: &str) -> bool {
    let (host_ok, port) = if let Some(rest) = authority.strip_prefix('[') {
        let Some((host, after)) = rest.split_once(']') else {
            return false;
        };
        let ok = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return false,
            },
        };
        (ok, port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let ok = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        (ok, port)
    };
    host_ok && port.is_none_or(|p| p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads one model, in the catalog's snake_case shape or this library's own camelCase
/// `Model` shape (a model object handed back from JS), with the same leniency as
/// [`parse_catalog_value`].
///
/// Takes the crate's JSON tree ([`crate::json::Value`]) or a `serde_json::Value`.
pub fn parse_model<'a>(
    value: impl Into<JValue<'a>>,
    options: &ParseOptions,
) -> Result<Model, Error> {
    let value = value.into();
    let Some(object) = value.as_object() else {
        return Err(Error::InvalidArgument(
            "a model must be an object".to_owned(),
        ));
    };
    // The usual mix-up: the control set of a model where the model belongs.
    if object.contains_key("controls")
        && object.contains_key("modelId")
        && !object.contains_key("id")
    {
        return Err(Error::InvalidArgument(
            "not a model: this is a control set (from deriveControls); pass the model \
             (from parseCatalog or fetchCatalog) instead"
                .to_owned(),
        ));
    }
    let catalog = parse_catalog_value(JValue::Array(vec![value]), options)?;
    let reason = catalog.warnings.first().map_or_else(
        || "it has no usable id".to_owned(),
        |w| {
            let m = w.message.as_str();
            let m = m.strip_suffix("; the item is skipped").unwrap_or(m);
            m.strip_suffix("; skipped").unwrap_or(m).to_owned()
        },
    );
    catalog
        .models
        .into_iter()
        .next()
        .ok_or_else(|| Error::InvalidArgument(format!("not a model: {reason}")))
}

/// Compares two catalogs by model id.
///
/// `added` and `changed` follow the order of `next`, `removed` the order of `previous`; a model
/// is `changed` when any of its fields differs. When a catalog holds an id twice, its first
/// model counts.
pub fn diff_catalogs(previous: &Catalog, next: &Catalog) -> CatalogDiff {
    let before: Vec<&Model> = previous.models.iter().collect();
    let after: Vec<&Model> = next.models.iter().collect();
    diff_models(&before, &after)
}

/// [`diff_catalogs`] over model lists (e.g. models kept elsewhere).
pub fn diff_models(previous: &[&Model], next: &[&Model]) -> CatalogDiff {
    let mut before: HashMap<&str, &Model> =
        HashMap::with_capacity_and_hasher(previous.len(), Default::default());
    for model in previous {
        before.entry(model.id.as_str()).or_insert(model);
    }
    let mut after: HashSet<&str> =
        HashSet::with_capacity_and_hasher(next.len(), Default::default());
    let mut diff = CatalogDiff::default();
    for model in next {
        if !after.insert(model.id.as_str()) {
            continue;
        }
        match before.get(model.id.as_str()) {
            None => diff.added.push(model.id.clone()),
            Some(old) if *old != *model => diff.changed.push(model.id.clone()),
            Some(_) => {}
        }
    }
    for model in previous {
        if !after.contains(model.id.as_str()) && before.remove(model.id.as_str()).is_some() {
            diff.removed.push(model.id.clone());
        }
    }
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://nano-gpt.com";

    #[test]
    fn icon_url_table() {
        let long = format!("/{}", "a".repeat(MAX_ICON_URL_BYTES));
        let cases: &[(&str, Option<&str>)] = &[
            (
                "/icons/PrunaAI.svg",
                Some("https://nano-gpt.com/icons/PrunaAI.svg"),
            ),
            ("  /icons/x.svg\n", Some("https://nano-gpt.com/icons/x.svg")),
            ("icons/x.svg", Some("https://nano-gpt.com/icons/x.svg")),
            (
                "https://cdn.example.com/a.png",
                Some("https://cdn.example.com/a.png"),
            ),
            (
                "http://cdn.example.com:8080/a.png?v=1#f",
                Some("http://cdn.example.com:8080/a.png?v=1#f"),
            ),
            (
                "HTTPS://CDN.example.com/a.png",
                Some("https://CDN.example.com/a.png"),
            ),
            ("https://[::1]:8443/a.png", Some("https://[::1]:8443/a.png")),
            ("https://cdn.example.com", Some("https://cdn.example.com")),
            ("javascript:alert(1)", None),
            ("JavaScript:alert(1)", None),
            (" javascript:alert(1)", None),
            ("java\tscript:alert(1)", None),
            ("data:image/svg+xml;base64,PHN2Zz4=", None),
            ("vbscript:msgbox", None),
            ("ftp://example.com/a.png", None),
            ("mailto:a@b.c", None),
            ("//evil.com/x.png", None),
            ("\\\\evil.com/x.png", None),
            ("/\\evil.com/x.png", None),
            ("https://evil.com\\@nano-gpt.com/", None),
            ("https://nano-gpt.com@evil.com/x.png", None),
            ("https:evil.com/x.png", None),
            ("https:/evil.com/x.png", None),
            ("https:///x.png", None),
            ("https://%65vil.com/x.png", None),
            ("https://host:port/x.png", None),
            ("/icons/a b.svg", None),
            ("/icons/a\u{0}b.svg", None),
            ("/icons/a\u{a0}b.svg", None),
            ("/icons/\u{202e}gvs.png", None),
            ("/icons/\"onerror=\"x.svg", None),
            ("/icons/<x>.svg", None),
            ("", None),
            ("   ", None),
            ("?x=1", None),
            ("#frag", None),
            (long.as_str(), None),
        ];
        for (raw, expected) in cases {
            assert_eq!(resolve_icon_url(raw, BASE).as_deref(), *expected, "{raw:?}");
        }
    }

    #[test]
    fn icon_url_base_with_path_prefix() {
        let base = "https://proxy.example.com/nanogpt/";
        assert_eq!(
            resolve_icon_url("/icons/x.svg", base).as_deref(),
            Some("https://proxy.example.com/icons/x.svg")
        );
        assert_eq!(
            resolve_icon_url("icons/x.svg", base).as_deref(),
            Some("https://proxy.example.com/nanogpt/icons/x.svg")
        );
        assert_eq!(
            resolve_icon_url("icons/x.svg", "https://proxy.example.com/nanogpt?x#y").as_deref(),
            Some("https://proxy.example.com/icons/x.svg")
        );
        assert_eq!(resolve_icon_url("/icons/x.svg", "not a url"), None);
        assert_eq!(resolve_icon_url("/icons/x.svg", "javascript:x"), None);
        assert_eq!(
            resolve_icon_url("https://a.example/x.png", "not a url").as_deref(),
            Some("https://a.example/x.png")
        );
    }

    #[test]
    fn resolved_length_is_checked_too() {
        let base = format!("https://a.example/{}/", "p".repeat(2000));
        let raw = format!("{}.svg", "i".repeat(100));
        assert_eq!(resolve_icon_url(&raw, &base), None);
    }

    #[test]
    fn nesting_is_counted_over_the_whole_text() {
        // The top object, `data`, a model and 124 levels in a field make 127: read. One more
        // is serde_json's limit.
        let at = |levels: usize| {
            format!(
                r#"{{"data":[{{"id":"m","x":{}1{}}}]}}"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        assert!(parse_catalog(&at(124), &ParseOptions::default()).is_ok());
        match parse_catalog(&at(125), &ParseOptions::default()) {
            Err(Error::InvalidJson(m)) => assert!(m.contains("nested more than 127"), "{m}"),
            other => panic!("{other:?}"),
        }
        // Brackets inside strings do not count.
        let text = format!(
            r#"{{"data":[{{"id":"m","name":"{}\"]"}}]}}"#,
            "[{".repeat(200)
        );
        assert!(parse_catalog(&text, &ParseOptions::default()).is_ok());
    }

    #[test]
    fn clip_is_char_safe_and_single_line() {
        assert_eq!(clip("héllo\nworld", 7), "héllo w…");
        assert_eq!(clip("ab", 5), "ab");
    }

    #[test]
    fn error_summaries() {
        let summary = |v: Value| match v {
            Value::Object(map) => error_summary(&map, &["error", "message", "detail"]),
            _ => None,
        };
        assert_eq!(
            summary(json!({"error": {"message": "Unauthorized", "code": 401}})).as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(
            summary(json!({"error": "Rate limited"})).as_deref(),
            Some("Rate limited")
        );
        assert_eq!(
            summary(json!({"message": "Not found"})).as_deref(),
            Some("Not found")
        );
        assert_eq!(
            summary(json!({"error": {"type": "x"}})).as_deref(),
            Some("(no message)")
        );
        assert_eq!(summary(json!({"models": []})), None);
        let long = "x".repeat(500);
        assert!(summary(json!({ "error": long })).is_some_and(|s| s.chars().count() <= 201));
    }

    #[test]
    fn warnings_are_capped() {
        let items: Vec<Value> = (0..MAX_WARNINGS + 10)
            .map(|i| json!({"id": format!("m{i}"), "name": 5}))
            .collect();
        let catalog = parse_catalog_value(Value::Array(items), &ParseOptions::default());
        let warnings = catalog.map(|c| c.warnings).unwrap_or_default();
        assert_eq!(warnings.len(), MAX_WARNINGS + 1);
        assert!(warnings
            .last()
            .is_some_and(|d| d.message.starts_with("10 more warnings")));
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole_number(&json!(169.0)), Some(169));
        assert_eq!(whole_number(&json!(1.5)), None);
        assert_eq!(whole_number(&json!(-1)), None);
        assert_eq!(whole_number(&json!("5")), None);
    }
}
