//! Form state: default values, validation, request bodies and model switches.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

use crate::catalog::Model;
use crate::controls::{ControlSet, Endpoint};
use crate::diagnostic::Diagnostic;

/// Form values keyed by control id.
pub type Values = Map<String, Value>;

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
    pub code: String,
    /// Readable English message.
    pub message: String,
    /// Stable translation key, `error.<code>`.
    pub message_key: String,
    /// Parameters the message uses (e.g. `{max: 10000}`).
    #[tsify(type = "Record<string, string | number>")]
    pub params: Map<String, Value>,
}

/// The outcome of [`build_request`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BuildResult {
    /// `true` when `body` can be sent.
    pub ok: bool,
    /// The request body, or `null` when there are errors.
    #[tsify(type = "Record<string, unknown> | null")]
    pub body: Option<Map<String, Value>>,
    /// Validation errors.
    pub errors: Vec<FieldError>,
    /// Value ids that were not sent because the model has no such control.
    pub dropped: Vec<String>,
    /// Coercions made (e.g. `"4"` → 4).
    pub warnings: Vec<Diagnostic>,
}

/// One change made by [`migrate_values`].
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
}

/// The outcome of [`migrate_values`].
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
pub fn default_values(controls: &ControlSet) -> Values {
    let _ = controls;
    Values::new()
}

/// Validates values against the controls.
pub fn validate_values(controls: &ControlSet, values: &Values) -> Vec<FieldError> {
    let _ = (controls, values);
    Vec::new()
}

/// Builds the request body for `endpoint`.
pub fn build_request(
    model: &Model,
    controls: &ControlSet,
    values: &Values,
    endpoint: Endpoint,
) -> BuildResult {
    let _ = (model, controls, values, endpoint);
    BuildResult {
        ok: false,
        body: None,
        errors: Vec::new(),
        dropped: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Carries values from one model's controls to another's.
pub fn migrate_values(from: &ControlSet, to: &ControlSet, values: &Values) -> Migration {
    let _ = (from, to);
    Migration {
        values: values.clone(),
        changes: Vec::new(),
    }
}
