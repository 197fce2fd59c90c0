//! The exported functions. Each converts its arguments, calls the pure core, converts back.

use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::catalog::{self, Catalog, ParseOptions, Source};
use crate::controls::Endpoint;
use crate::error::Error;
use crate::form::{self, Values};
use crate::{pricing, resolution};

use super::convert::{
    check_options, js_error, json_text, not_a, not_catalog, opt_string, read_endpoint, to_js,
    values_of, Bigs,
};
use super::registry;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("types.d.ts");

fn source_option(options: &JsValue) -> Result<Option<Source>, Error> {
    match opt_string(options, "source")?.as_deref() {
        None => Ok(None),
        Some("legacy") => Ok(Some(Source::Legacy)),
        Some("images") => Ok(Some(Source::Images)),
        Some(other) => Err(Error::InvalidArgument(format!(
            "option `source` must be \"legacy\" or \"images\", not \"{other}\""
        ))),
    }
}

pub(crate) fn endpoint_option(options: &JsValue) -> Result<Endpoint, Error> {
    let read = read_endpoint(options);
    match read.as_f64() {
        Some(0.0) => Ok(Endpoint::Openai),
        Some(_) => Ok(Endpoint::Images),
        None => Err(Error::InvalidArgument(read.as_string().unwrap_or_default())),
    }
}

/// Form values, with the big strings they refer to ([`Bigs`], for a result that hands them
/// back).
fn values_arg(values: &JsValue) -> Result<(Values, Bigs), Error> {
    if values.is_undefined() || values.is_null() {
        return Ok((Values::new(), Bigs::default()));
    }
    let not_object =
        || Error::InvalidArgument("values must be an object keyed by control id".into());
    // Arrays are refused after the conversion (as JSON arrays): `Array.isArray` throws for a
    // revoked Proxy (an Immer draft after `produce`), which `JSON.stringify` reports instead.
    if !values.is_object() {
        return Err(not_object());
    }
    match values_of(values)? {
        (crate::json::Value::Object(values), bigs) => Ok((values, bigs)),
        _ => Err(not_object()),
    }
}

/// Parses catalog text (or an already-parsed object) into a `Catalog` and keeps its models
/// in wasm so later calls with them are fast.
pub(crate) fn parse_catalog_with(
    input: &JsValue,
    options: &ParseOptions,
) -> Result<JsValue, JsValue> {
    let text = json_text(input, "the catalog").map_err(js_error)?;
    let catalog = catalog::parse_catalog(&text, options).map_err(js_error)?;
    // The text's buffer is reused for the catalog's wire form (memory: see `catalog_to_js`).
    registry::catalog_to_js(catalog, text)
}

/// Parses a NanoGPT image-model catalog (the JSON text, or the parsed object).
///
/// Accepts `GET /api/v1/image-models` (detailed or not), `GET /api/v1/images/models`, a bare
/// array of models, and bundles such as `{"image": [...]}`. Bad models are skipped or coerced
/// with a `warnings` entry; input that is not JSON throws `invalid_json`, JSON that is not a
/// catalog throws `invalid_catalog`, and bytes (decode them first), a promise or a `Response`
/// (pass `await response.text()`) throw `invalid_argument`.
///
/// ```js
/// const catalog = parseCatalog(await (await fetch(url)).text());
/// ```
#[wasm_bindgen(js_name = parseCatalog, unchecked_return_type = "Catalog")]
pub fn parse_catalog(
    #[wasm_bindgen(unchecked_param_type = "string | object")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ParseCatalogOptions")] options: Option<Object>,
) -> Result<JsValue, JsValue> {
    if let Some(message) = not_catalog(&input) {
        return Err(js_error(Error::InvalidArgument(message)));
    }
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    check_options(&options, "source baseUrl").map_err(js_error)?;
    let parse_options = ParseOptions {
        source: source_option(&options).map_err(js_error)?,
        base_url: opt_string(&options, "baseUrl").map_err(js_error)?,
        fetched_at: None,
    };
    parse_catalog_with(&input, &parse_options)
}

/// Compares two catalogs by model id: `{ added, removed, changed }`.
#[wasm_bindgen(js_name = diffCatalogs, unchecked_return_type = "CatalogDiff")]
pub fn diff_catalogs(
    #[wasm_bindgen(unchecked_param_type = "Catalog")] previous: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Catalog")] next: JsValue,
) -> Result<JsValue, JsValue> {
    if let Some(diff) = registry::diff_js(&previous, &next) {
        return to_js(&diff);
    }
    let previous = read_catalog_object(&previous, "the previous catalog").map_err(js_error)?;
    let next = read_catalog_object(&next, "the next catalog").map_err(js_error)?;
    to_js(&catalog::diff_catalogs(&previous, &next))
}

/// A catalog object the registry does not hold (an older or foreign one), read back through
/// JSON: the slow path of `diffCatalogs` and of `CatalogClient`'s diffs.
pub(crate) fn read_catalog_object(value: &JsValue, what: &str) -> Result<Catalog, Error> {
    if !value.is_object() {
        return Err(not_a(what, "a catalog object", value));
    }
    catalog::parse_catalog(&json_text(value, what)?, &ParseOptions::default())
}

/// Parses one resolution token (`1024x1024`, `16:9`, `2k`, `auto_2K`, `2x`, …). Never throws
/// for a string: unknown tokens come back as kind `other`, labelled as written.
#[wasm_bindgen(js_name = parseResolution, unchecked_return_type = "Resolution")]
pub fn parse_resolution(
    #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
) -> Result<JsValue, JsValue> {
    let token = token
        .as_string()
        .ok_or_else(|| js_error(not_a("the resolution token", "a string", &token)))?;
    to_js(&resolution::parse_resolution(&token))
}

/// The UI controls for one model of a parsed catalog.
///
/// `endpoint` (`"openai"` default, or `"images"`) decides the request field names. The
/// result is cached per model; every call returns a fresh object.
#[wasm_bindgen(js_name = deriveControls, unchecked_return_type = "ControlSet")]
pub fn derive_controls(
    #[wasm_bindgen(unchecked_param_type = "Model")] model: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EndpointOptions")] options: Option<Object>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let endpoint = endpoint_option(&options).map_err(js_error)?;
    registry::derive_js(&model, endpoint)
}

/// The default value of every control, keyed by control id.
#[wasm_bindgen(js_name = defaultValues, unchecked_return_type = "Values")]
pub fn default_values(
    #[wasm_bindgen(unchecked_param_type = "ControlSet")] controls: JsValue,
) -> Result<JsValue, JsValue> {
    let set = registry::control_set(&controls, "the control set").map_err(js_error)?;
    to_js(&form::default_values(&set.set))
}

/// Validates form values against a control set; an empty array means valid.
#[wasm_bindgen(js_name = validateValues, unchecked_return_type = "FieldError[]")]
pub fn validate_values(
    #[wasm_bindgen(unchecked_param_type = "ControlSet")] controls: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValuesInput")] values: JsValue,
) -> Result<JsValue, JsValue> {
    let set = registry::control_set(&controls, "the control set").map_err(js_error)?;
    let (values, _) = values_arg(&values).map_err(js_error)?;
    to_js(&form::validate_values(&set.set, &values))
}

/// Builds the generation request body for a model and form values.
///
/// `{ ok, body, errors, dropped, warnings }`; `body` is `null` when the values do not validate.
/// The body holds `model`, then each control's field in control order. Core controls
/// (resolution, `n`, rendering speed, aspect ratio) are always sent (their default when no
/// value is given, so the body states what `quotePrice` priced). Omitted: a choice whose value
/// is `""` (the provider's default), advanced controls left absent or at their default, empty
/// optional text, empty image lists, and a fixed image count (the provider fixes it; a
/// different `n` is reported in `warnings`). Values with no control are listed in `dropped`.
///
/// ```js
/// const { ok, body, errors } = buildRequest(model, { prompt: "a fox", n: "2" }); // n sent as 2
/// ```
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "BuildResult")]
pub fn build_request(
    #[wasm_bindgen(unchecked_param_type = "Model")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValuesInput")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EndpointOptions")] options: Option<Object>,
) -> Result<JsValue, JsValue> {
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let endpoint = endpoint_option(&options).map_err(js_error)?;
    let (values, bigs) = values_arg(&values).map_err(js_error)?;
    let controls = registry::controls_for(&model, endpoint).map_err(js_error)?;
    let mut result = registry::with_model(&model, |m| {
        form::build_request_owned(m, &controls.set, values, endpoint)
    })
    .map_err(js_error)?;
    if let Some(body) = result.body.as_mut() {
        bigs.refer(body);
    }
    Ok(bigs.restore(to_js(&result)?))
}

/// Carries form values across a model switch, explaining every change.
#[wasm_bindgen(js_name = migrateValues, unchecked_return_type = "Migration")]
pub fn migrate_values(
    #[wasm_bindgen(unchecked_param_type = "ControlSet")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ControlSet")] to: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValuesInput")] values: JsValue,
) -> Result<JsValue, JsValue> {
    let from = registry::control_set(&from, "the control set `from`").map_err(js_error)?;
    let to = registry::control_set(&to, "the control set `to`").map_err(js_error)?;
    // (Big strings cross back as JSON: a model switch is not a keystroke.)
    let (values, _) = values_arg(&values).map_err(js_error)?;
    to_js(&form::migrate_values(
        &from.complete(),
        &to.complete(),
        &values,
    ))
}

/// Quotes the price of a generation: `exact`, `range` or `unknown` — never a wrong exact number.
#[wasm_bindgen(js_name = quotePrice, unchecked_return_type = "PriceQuote")]
pub fn quote_price(
    #[wasm_bindgen(unchecked_param_type = "Model")] model: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ValuesInput")] values: JsValue,
) -> Result<JsValue, JsValue> {
    let (values, _) = values_arg(&values).map_err(js_error)?;
    let controls = registry::controls_for(&model, Endpoint::Openai).map_err(js_error)?;
    let quote = registry::with_model(&model, |m| {
        pricing::quote_price_with(m, &controls.set, &values)
    })
    .map_err(js_error)?;
    to_js(&quote)
}

/// The per-image price range of a model over its priced resolutions (for a model picker).
#[wasm_bindgen(js_name = priceRange, unchecked_return_type = "PriceQuote")]
pub fn price_range(
    #[wasm_bindgen(unchecked_param_type = "Model")] model: JsValue,
) -> Result<JsValue, JsValue> {
    let quote = registry::with_model(&model, pricing::price_range).map_err(js_error)?;
    to_js(&quote)
}

/// The package version, e.g. `"0.1.0"`.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Whether `error` is an error this library threw or rejected with: an `Error` named
/// `NanoGptError` whose `code` is a string. A type guard, so `error.code` narrows after it.
///
/// ```js
/// try { catalog = await fetchCatalog(); } catch (e) { if (isNanoGptError(e) && e.code === "rate_limited") … }
/// ```
#[wasm_bindgen(js_name = isNanoGptError, unchecked_return_type = "error is NanoGptError")]
pub fn is_nano_gpt_error(#[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue) -> bool {
    // The glue answers in JS without calling this (scripts/init-guards.mjs replaces its body,
    // and the build fails if it does not): it must work before `init()` and never throw. This
    // export only gives the function its place and types in the generated glue.
    let _ = error;
    false
}
