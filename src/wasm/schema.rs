//! `toJsonSchema`: a control set as JSON Schema plus a react-jsonschema-form UI schema.

use wasm_bindgen::prelude::*;

use super::convert::{js_error, to_js};

/// The control set as a JSON Schema (draft 2020-12) of the form values, plus a UI schema in the
/// shape react-jsonschema-form reads: `{ schema, uiSchema }`.
///
/// One property per control id, with the label as `title`, the `description`, the `default`,
/// `oneOf: [{ const, title }]` for options, `minimum`/`maximum`/`multipleOf` for numbers,
/// `maxLength` for text and `required`. The UI schema gives `ui:order`, `ui:widget` (`radio`,
/// `range`, `updown`, `textarea`, `checkbox`, `file`, `files`), `ui:help`, `ui:readonly` (fixed values)
/// and `ui:options.accept` (image formats). `validateValues` stays the authority for what JSON
/// Schema cannot say (image size and format, other spellings of an option).
///
/// Titles are the controls' English labels: to translate, map each control's `labelKey` (and
/// each option's `labelKey`) to your text in a copy of the control set first.
///
/// ```js
/// import Form from "@rjsf/core";
/// import { customizeValidator } from "@rjsf/validator-ajv8";
/// import Ajv2020 from "ajv/dist/2020";
///
/// const { schema, uiSchema } = toJsonSchema(deriveControls(model));
/// const validator = customizeValidator({ AjvClass: Ajv2020 });
/// <Form schema={schema} uiSchema={uiSchema} validator={validator} />;
/// ```
#[wasm_bindgen(js_name = toJsonSchema, unchecked_return_type = "JsonSchemaBridge")]
pub fn to_json_schema(
    #[wasm_bindgen(unchecked_param_type = "ControlSet")] controls: JsValue,
) -> Result<JsValue, JsValue> {
    let set = super::registry::control_set(&controls, "the control set").map_err(js_error)?;
    to_js(&crate::schema::to_json_schema(&set.complete()))
}
