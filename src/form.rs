//! Form state: default values, validation, request bodies and model switches.
//!
//! Values are keyed by control id. Numeric controls accept numbers or numeric strings (`"4"`),
//! toggles accept booleans or `"true"`/`"false"`, choices accept the option value in any spelling
//! of the same token (`1024*1024` for `1024x1024`, `2K` for `2k`); [`build_request`] sends the
//! canonical form and reports each coercion in `warnings`. Image values are described in
//! [`validate_values`].

mod build;
mod images;
mod migrate;
pub(crate) mod text;
mod validate;

pub(crate) use validate::{text_limit, Bounds};

use std::borrow::Cow;

use crate::json::{OwnedMap as Map, OwnedValue as Value};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::catalog::Model;
use crate::controls::{Control, ControlOption, ControlSet, Endpoint};
use crate::diagnostic::Diagnostic;
use crate::pricing::same_spelling;

/// Longest text value (prompt or text parameter) [`validate_values`] accepts, in the control's
/// `lengthUnit` (code points by default), when the catalog gives no shorter `maxLength`;
/// longer text is a `too_long` error. Catalog lengths above it are capped when controls are derived.
pub const MAX_TEXT_LENGTH: u32 = 100_000;

/// Form values keyed by control id.
pub type Values = Map;

/// One validation error for one control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    /// Control id.
    pub id: String,
    /// Request body field.
    pub field: String,
    /// Stable code: `required`, `too_long`, `not_allowed`, `out_of_range`, `not_integer`,
    /// `wrong_type`, `too_many_items`, `too_large`, `bad_format`.
    #[tsify(type = "FieldErrorCode")]
    pub code: String,
    /// Readable English message.
    pub message: String,
    /// Stable translation key of the message: `error.<code>`, or `error.<code>_<variant>` where
    /// one code has several sentences (`error.required_images`, `error.out_of_range_min`,
    /// `error.wrong_type_number`, …; the README lists them all).
    #[tsify(type = "FieldErrorMessageKey")]
    pub message_key: String,
    /// Parameters of the message (e.g. `{max: 10000, length: 10012}`); the control's label is
    /// not among them: take it (translated) from the control with this `id`.
    #[tsify(type = "Record<string, string | number>")]
    pub params: Map,
}

/// The outcome of `build_request` (`buildRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "BuildResultFields")]
pub struct BuildResult {
    /// `true` when `body` can be sent.
    pub ok: bool,
    /// The request body, or `null` when there are errors.
    #[tsify(type = "Record<string, unknown> | null")]
    pub body: Option<Map>,
    /// Validation errors.
    pub errors: Vec<FieldError>,
    /// Value ids that were not sent because the model has no such control.
    pub dropped: Vec<String>,
    /// Coercions made (e.g. `"4"` → 4).
    pub warnings: Vec<Diagnostic>,
}

/// One change made by `migrate_values` (`migrateValues`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Control id.
    pub id: String,
    /// The old value.
    #[tsify(type = "unknown")]
    pub from: Value,
    /// The new value (`null` when dropped).
    #[tsify(type = "unknown")]
    pub to: Value,
    /// Why, in English.
    pub reason: String,
    /// Stable translation key of `reason`, `change.<what>` (e.g. `change.lowered`); the control's
    /// label is not among `params`: look it up by `id` in the new control set (in the old one for
    /// `change.not_available`).
    #[tsify(type = "ChangeReasonKey")]
    pub reason_key: String,
    /// Parameters of the reason: `value` (the old value), `to`, `default`, `max`, … as the key
    /// needs them. Strings are cut to 40 characters.
    #[tsify(type = "Record<string, string | number | boolean>")]
    pub params: Map,
}

/// The outcome of `migrate_values` (`migrateValues`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Migration {
    /// Values for the new model.
    #[tsify(type = "Record<string, unknown>")]
    pub values: Values,
    /// Every change made.
    pub changes: Vec<Change>,
}

/// The default value of every control that has one.
///
/// Included: a select's or radio's `default` (when it has one, `""` included); a slider's
/// `default`; a number input's `default` when it has one; a toggle's `default`; a text field's
/// `default`, or `""` for a required text field such as the prompt; `[]` for input images; a
/// fixed control's `value`. Not included: a mask, and choices, numbers and optional text
/// fields without a default.
///
/// ```
/// use nanogpt_image_controls::{default_values, ControlSet, Endpoint};
/// let empty = ControlSet { model_id: "m".into(), endpoint: Endpoint::Openai, controls: vec![], warnings: vec![] };
/// assert!(default_values(&empty).is_empty());
/// ```
pub fn default_values(controls: &ControlSet) -> Values {
    controls
        .controls
        .iter()
        .filter_map(|c| default_of(c).map(|v| (c.id().to_owned(), v)))
        .collect()
}

/// The value [`default_values`] gives one control.
pub(crate) fn default_of(control: &Control) -> Option<Value> {
    match control {
        Control::Select(c) | Control::Radio(c) => c.default.as_deref().map(Value::from),
        // Without a stated default the value stays unset: the provider's default applies.
        Control::Slider(c) if c.provider_default => None,
        Control::Toggle(c) if c.provider_default => None,
        Control::Slider(c) => Some(text::num_value(c.default)),
        Control::Number(c) => c.default.map(text::num_value),
        Control::Toggle(c) => Some(Value::Bool(c.default)),
        Control::Text(c) => match &c.default {
            Some(d) => Some(Value::from(d.as_str())),
            None if c.base.required => Some(Value::from("")),
            None => None,
        },
        Control::Images(_) => Some(Value::Array(Vec::new())),
        Control::Mask(_) => None,
        Control::Fixed(c) => Some(c.value.clone()),
    }
}

/// Validates values against the controls; an empty list means [`build_request`] will succeed.
///
/// One [`FieldError`] per problem, in control order. Codes:
///
/// | code | when |
/// |---|---|
/// | `required` | a required text is missing or only whitespace; fewer images than required |
/// | `too_long` | text longer than `maxLength`, counted in `lengthUnit` (code points by default) |
/// | `not_allowed` | a select or radio value that is not an option |
/// | `out_of_range` | a slider or number outside `min`/`max`; an image's width or height outside the control's bounds |
/// | `not_integer` | a fraction for `n` or for a control with a whole-number step |
/// | `wrong_type` | e.g. an object for a number, a number for the prompt |
/// | `too_many_items` | more images than `maxItems` |
/// | `too_large` | an image larger than `maxBytes` |
/// | `bad_format` | an image whose format is not in `formats`, or that is not a data URL or `http(s)` URL |
///
/// `null` (and `""` for choices without a `""` option, numbers and masks) counts as not given.
/// An image value is a data URL string (`data:image/png;base64,…`: the format comes from the MIME
/// type, the size from the base64 length), an `http(s)` URL string, or an object
/// `{url?, dataUrl?, bytes?, type?, name?, width?, height?}`; the images control takes an array
/// of them or a single one. A value for a fixed control is never an error (it is not sent).
/// Values whose id has no control are ignored here.
pub fn validate_values(controls: &ControlSet, values: &Values) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for control in &controls.controls {
        validate::check(control, values.get(control.id()), &mut errors);
    }
    let checked = errors.len();
    validate::mask_needs_image(controls, values, &mut errors);
    if errors.len() > checked {
        // In control order, as every other error (a stable sort keeps each control's own order).
        let at = |e: &FieldError| controls.controls.iter().position(|c| c.id() == e.id);
        errors.sort_by_key(at);
    }
    errors
}

/// Builds the request body for `endpoint`.
///
/// `ok: false` and `body: null` with the [`validate_values`] errors when the values are not
/// valid. Otherwise the body holds `model`, then each control's field in control order:
///
/// - `prompt` is always sent, as typed.
/// - the resolution goes to `size` (`openai`) or `resolution` (`images`).
/// - input images: `imageDataUrl` (one) or `imageDataUrls` (several) for `openai`;
///   `input_references: [{type: "image_url", image_url: {url}}]` for `images`. The mask goes
///   to `maskDataUrl`.
/// - core controls (resolution, `n`, rendering speed, aspect ratio) are sent with the value
///   given, or their default when none is given, so the body states what [`quote_price`]
///   priced; `n` is sent even when it is 1.
/// - omitted: a choice whose value is `""` (the provider's default, e.g. aspect ratio);
///   advanced (inferred) controls whose value is absent or equal to their default, so the
///   provider's own default applies (an advanced choice has a default only where the catalog
///   states one, so any option picked is sent); optional text left empty; empty image lists.
/// - a fixed control (`fixed_image_count`) is never sent: the provider fixes that value
///   itself. A different user value for it is reported in `warnings`.
///
/// Values whose id has no control are not sent and are listed, sorted, in `dropped`. Numeric
/// strings, `"true"`/`"false"` and other spellings of an option are sent in canonical form, with
/// a `warnings` entry each.
///
/// Image data URLs can be megabytes: this borrows the values and copies what it sends;
/// [`build_request_owned`] moves them instead.
///
/// [`quote_price`]: crate::pricing::quote_price
pub fn build_request(
    model: &Model,
    controls: &ControlSet,
    values: &Values,
    endpoint: Endpoint,
) -> BuildResult {
    build::build(model, controls, build::Source::Borrowed(values), endpoint)
}

/// [`build_request`] taking the values by value, so image data moves into the body uncopied.
pub fn build_request_owned(
    model: &Model,
    controls: &ControlSet,
    values: Values,
    endpoint: Endpoint,
) -> BuildResult {
    build::build(model, controls, build::Source::Owned(values), endpoint)
}

/// Carries values from one model's controls to another's.
///
/// - the prompt (and other text) is kept, shortened to the new `maxLength` if needed;
/// - images are kept when the new model accepts them (format, size), up to its `maxItems`;
///   dropped when it takes none;
/// - a resolution (or any choice whose options are resolutions, like aspect ratio) moves to the
///   same token in the new model's spelling, else the closest equivalent
///   ([`nearest`](crate::resolution::nearest)), else the new default;
/// - `n` is clamped to the new range, or set to the new fixed count (a fixed count carried
///   from the old model is not a user choice: it becomes the new default);
/// - other values of same-id controls are kept when still valid, else the new default; an
///   advanced value equal to its old control's stated default (which [`build_request`] does
///   not send) counts as unset and takes the new control's default;
/// - values the new model has no control for are dropped; new controls get their defaults.
///
/// Every change is listed with an English reason and its translation key (`reasonKey`, `params`;
/// the keys are listed in the README). The result validates against `to`, except
/// that a required prompt or image that was missing is still missing.
pub fn migrate_values(from: &ControlSet, to: &ControlSet, values: &Values) -> Migration {
    migrate::migrate(from, to, values)
}

/// A number, or a string holding one (`"4"`, `" 2.5 "`); never NaN or infinite.
pub(crate) fn as_number(value: &Value) -> Option<f64> {
    let x = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => crate::num::parse_f64(s)?,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

/// A boolean, or `"true"`/`"false"` in any case.
pub(crate) fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// `null`, or `""` where the empty string is not a meaningful value.
pub(crate) fn is_unset(control: &Control, value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) if s.is_empty() => match control {
            Control::Select(c) | Control::Radio(c) => !c.options.iter().any(|o| o.value.is_empty()),
            Control::Text(_) => false,
            _ => true,
        },
        _ => false,
    }
}

/// The option a value picks: the exact value first, else the one option with the same
/// spelling-insensitive token (`1024*1024` → `1024x1024`); numbers and booleans as text.
pub(crate) fn match_option<'a>(
    options: &'a [ControlOption],
    value: &Value,
) -> Option<&'a ControlOption> {
    let s: Cow<'_, str> = match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        _ => return None,
    };
    if let Some(o) = options.iter().find(|o| o.value == s) {
        return Some(o);
    }
    let mut similar = options.iter().filter(|o| same_spelling(&o.value, &s));
    match (similar.next(), similar.next()) {
        (Some(o), None) => Some(o),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
