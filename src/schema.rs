//! A control set as JSON Schema (draft 2020-12) plus a UI schema in the shape
//! react-jsonschema-form reads, so schema-driven form libraries can render and check the form.
//!
//! The schema mirrors [`validate_values`](crate::form::validate_values) as far as JSON Schema
//! can say it; `validateValues` stays the authority for what it cannot: image sizes, formats and
//! dimensions, lengths counted in UTF-16 code units, other spellings of an option
//! (`1024*1024` for `1024x1024`) and numeric strings (`"4"`). Where the schema differs it is the
//! stricter one: a value it accepts, `validateValues` accepts too.

use crate::json::{OwnedMap as Map, OwnedValue as Value};
use serde::Serialize;

use crate::controls::{Choice, Control, ControlSet, Images, NumberInput, Slider, Text};
use crate::form::text::{fmt_bytes, list_or, one, put};

/// The dialect every schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// What [`to_json_schema`] returns: `{ schema, uiSchema }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonSchemaBridge {
    /// A JSON Schema (2020-12) of the form values, one property per control id.
    pub schema: Value,
    /// react-jsonschema-form's UI schema: `ui:order` and per-control `ui:widget`, `ui:help`,
    /// `ui:readonly`, `ui:options`, `ui:classNames`.
    pub ui_schema: Value,
}

/// The JSON Schema and UI schema of a control set.
///
/// | control | schema | UI schema |
/// |---|---|---|
/// | text | `string`, `maxLength` (the catalog's limit; the library's cap, 100 000, without one or where the server trims whitespace: JSON Schema cannot); `minLength: 1` and `pattern: "\\S"` when required | `textarea` when multiline |
/// | select, radio | `string` with `oneOf: [{const, title}]` (the option labels) | `radio` for radios |
/// | slider | `integer` (whole steps) or `number`, `minimum`, `maximum`, `multipleOf` | `range` |
/// | number | the same, with the bounds it has | `updown` |
/// | toggle | `boolean` | `checkbox` |
/// | images | `array` of `data-url` strings, `minItems`, `maxItems` | `files`, `accept`, a `ui:help` with formats and size |
/// | mask | a `data-url` string; with images, `dependentSchemas` makes a mask need one | `file` |
/// | fixed | `const` (and `readOnly`) | `ui:readonly` |
///
/// Every property has the control's `title` (its label), `description` and `default` (what
/// [`default_values`](crate::form::default_values) gives; none for an empty prompt). Advanced
/// controls get `ui:classNames: "advanced"`. `required` lists the required controls.
///
/// ```
/// use nanogpt_image_controls::{derive_controls, schema::to_json_schema, Endpoint, Model};
///
/// let model: Model = serde_json::from_value(serde_json::json!({
///     "id": "m", "name": "M",
///     "supportedParameters": { "max_images": 4, "resolutions": ["1024x1024", "1536x1024"] }
/// }))
/// .unwrap();
/// let bridge = to_json_schema(&derive_controls(&model, Endpoint::Openai));
/// assert_eq!(bridge.schema["properties"]["n"]["maximum"], 4.0);
/// assert_eq!(bridge.schema["properties"]["resolution"]["oneOf"][0]["const"], "1024x1024");
/// assert_eq!(bridge.ui_schema["ui:order"][0], "prompt");
/// assert_eq!(bridge.ui_schema["n"]["ui:widget"], "range");
/// ```
pub fn to_json_schema(set: &ControlSet) -> JsonSchemaBridge {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut ui = Map::new();
    let mut order = Vec::new();
    for control in &set.controls {
        let base = control.base();
        let (property, mut field_ui) = property(control);
        let mut annotated = one("title", base.label.as_ref().into());
        if let Some(d) = &base.description {
            put(&mut annotated, "description", d.as_str().into());
        }
        annotated.extend(property);
        if let Some(default) = default_of(control) {
            put(&mut annotated, "default", default);
        }
        if base.advanced {
            put(&mut field_ui, "ui:classNames", "advanced".into());
        }
        if base.required {
            required.push(Value::from(base.id.as_ref()));
        }
        order.push(Value::from(base.id.as_ref()));
        put(&mut properties, &base.id, Value::Object(annotated));
        if !field_ui.is_empty() {
            put(&mut ui, &base.id, Value::Object(field_ui));
        }
    }
    let mut schema = one("$schema", DIALECT.into());
    put(&mut schema, "type", "object".into());
    put(&mut schema, "properties", Value::Object(properties));
    put(&mut schema, "required", Value::Array(required));
    if set.get("mask").is_some() && set.get("images").is_some() {
        // A mask needs an input image to apply to (`error.required_mask`).
        let images = one("images", Value::Object(one("minItems", 1.into())));
        let mut needs = one("required", Value::Array(vec!["images".into()]));
        put(&mut needs, "properties", Value::Object(images));
        let mask = one("mask", Value::Object(needs));
        put(&mut schema, "dependentSchemas", Value::Object(mask));
    }
    let mut ui_schema = one("ui:order", Value::Array(order));
    ui_schema.extend(ui);
    JsonSchemaBridge {
        schema: Value::Object(schema),
        ui_schema: Value::Object(ui_schema),
    }
}

/// The default a schema states: [`default_values`](crate::form::default_values)' value, except
/// the empty text that stands for a prompt not yet typed (it would not validate).
fn default_of(control: &Control) -> Option<Value> {
    crate::form::default_of(control).filter(|v| {
        !(matches!(control, Control::Text(t) if t.base.required) && v.as_str() == Some(""))
    })
}

type Fields = Map;

/// A UI schema naming the control's widget.
fn widget(name: &str) -> Fields {
    one("ui:widget", name.into())
}

/// `{ type: ty }`.
fn typed(ty: &str) -> Fields {
    one("type", ty.into())
}

/// The type-specific schema keywords and UI schema of one control.
fn property(control: &Control) -> (Fields, Fields) {
    match control {
        Control::Text(c) => text(c),
        Control::Select(c) => (choice(c), Fields::new()),
        Control::Radio(c) => (choice(c), widget("radio")),
        Control::Slider(c) => (slider(c), widget("range")),
        Control::Number(c) => (number(c), widget("updown")),
        Control::Toggle(_) => (typed("boolean"), widget("checkbox")),
        Control::Images(c) => images(c),
        Control::Mask(_) => {
            let mut ui = widget("file");
            put(&mut ui, "ui:options", accept("image/*".into()));
            (data_url(), ui)
        }
        Control::Fixed(c) => {
            let ty = match &c.value {
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                _ => "string",
            };
            let mut schema = typed(ty);
            put(&mut schema, "const", c.value.clone());
            put(&mut schema, "readOnly", true.into());
            (schema, one("ui:readonly", true.into()))
        }
    }
}

fn text(c: &Text) -> (Fields, Fields) {
    let mut schema = typed("string");
    if c.base.required {
        put(&mut schema, "minLength", 1.into());
        // `validateValues` counts whitespace-only text as missing.
        put(&mut schema, "pattern", "\\S".into());
    }
    // JSON Schema counts the whole text and cannot trim: where the server trims whitespace
    // (`trimWhitespace`) the catalog's limit would refuse text it accepts, so the schema holds
    // only the library's own cap and leaves the limit to `validateValues`. Without a catalog
    // limit the library's cap holds too (`validateValues` refuses longer text).
    let max = if c.trim_whitespace {
        crate::form::MAX_TEXT_LENGTH
    } else {
        crate::form::text_limit(c)
    };
    put(&mut schema, "maxLength", max.into());
    let ui = if c.multiline {
        widget("textarea")
    } else {
        Fields::new()
    };
    (schema, ui)
}

fn choice(c: &Choice) -> Fields {
    let one_of: Vec<Value> = c
        .options
        .iter()
        .map(|o| {
            let mut option = one("const", o.value.as_str().into());
            put(&mut option, "title", o.label.as_str().into());
            Value::Object(option)
        })
        .collect();
    let mut schema = typed("string");
    put(&mut schema, "oneOf", Value::Array(one_of));
    schema
}

/// `integer` for whole-number steps (and `n`), as `validateValues` checks them; `multipleOf`
/// only for whole steps that line up with the minimum (a fractional `multipleOf` misfires on
/// binary floating point in most validators).
fn numeric(id: &str, min: Option<f64>, max: Option<f64>, step: Option<f64>) -> Fields {
    let whole_step = step.filter(|s| *s >= 1.0 && s.fract() == 0.0);
    let integer = id == "n" || whole_step.is_some();
    let mut schema = typed(if integer { "integer" } else { "number" });
    if let Some(lo) = min {
        put(&mut schema, "minimum", crate::form::text::num_value(lo));
    }
    if let Some(hi) = max {
        put(&mut schema, "maximum", crate::form::text::num_value(hi));
    }
    // `(lo / s).fract()` rather than `lo % s`: float remainder links a libm `fmod` into the wasm.
    if let Some(s) = whole_step.filter(|s| min.is_none_or(|lo| (lo / s).fract() == 0.0)) {
        put(&mut schema, "multipleOf", crate::form::text::num_value(s));
    }
    schema
}

fn slider(c: &Slider) -> Fields {
    numeric(&c.base.id, Some(c.min), Some(c.max), Some(c.step))
}

fn number(c: &NumberInput) -> Fields {
    numeric(&c.base.id, c.min, c.max, c.step)
}

fn images(c: &Images) -> (Fields, Fields) {
    let mut schema = typed("array");
    put(&mut schema, "items", Value::Object(data_url()));
    put(&mut schema, "maxItems", c.max_items.into());
    if c.min_items > 0 {
        put(&mut schema, "minItems", c.min_items.into());
    }
    let types = match &c.formats {
        Some(formats) => formats
            .iter()
            .map(|f| mime(f))
            .collect::<Vec<_>>()
            .join(","),
        None => "image/*".to_owned(),
    };
    // rjsf's name for a file input taking several files (`file` is the single-file widget).
    let mut ui = widget("files");
    put(&mut ui, "ui:options", accept(types));
    let mut help = Vec::new();
    if let Some(formats) = c.formats.as_ref().filter(|f| !f.is_empty()) {
        help.push(list_or(formats));
    }
    if let Some(bytes) = c.max_bytes.filter(|b| *b >= 1.0) {
        // Whole bytes: a catalog never states fractions of one.
        help.push(format!("at most {} each", fmt_bytes(bytes as u64)));
    }
    if !help.is_empty() {
        let mut text = help.join(", ");
        if let Some(first) = text.get(..1) {
            text = first.to_ascii_uppercase() + text.get(1..).unwrap_or_default();
        }
        put(&mut ui, "ui:help", Value::from(text + "."));
    }
    (schema, ui)
}

/// `ui:options` of a file input accepting `types`.
fn accept(types: String) -> Value {
    Value::Object(one("accept", types.into()))
}

/// A string holding a file as a `data:` URL.
fn data_url() -> Fields {
    let mut schema = typed("string");
    put(&mut schema, "format", "data-url".into());
    schema
}

/// The MIME type of an image format name (`jpg` → `image/jpeg`).
fn mime(format: &str) -> String {
    let f = format.trim().to_ascii_lowercase();
    let f = f.strip_prefix("image/").unwrap_or(&f);
    match f {
        "jpg" | "jpeg" => "image/jpeg".to_owned(),
        "svg" => "image/svg+xml".to_owned(),
        other => format!("image/{other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{parse_catalog, Model, ParseOptions};
    use crate::controls::{derive_controls, Endpoint};
    use crate::form::{default_values, validate_values};

    fn derive(params: Value) -> ControlSet {
        let model: Model = serde_json::from_value(serde_json::json!({
            "id": "m",
            "name": "M",
            "capabilities": {"imageToImage": true, "inpainting": true},
            "supportedParameters": params,
        }))
        .unwrap();
        derive_controls(&model, Endpoint::Openai)
    }

    #[test]
    fn a_trimmed_limit_is_left_to_validation() {
        let known =
            json!({"status": "known", "unit": "unicode_code_points", "trim_whitespace": true});
        let set = derive(json!({"max_prompt_characters": 100, "prompt_length": known}));
        let b = to_json_schema(&set);
        assert_eq!(
            b.schema["properties"]["prompt"]["maxLength"],
            json!(crate::form::MAX_TEXT_LENGTH)
        );
    }

    #[test]
    fn text_without_a_catalog_limit_has_the_library_cap() {
        // `validateValues` refuses text over the cap, so the schema says so too.
        let set = derive(json!({"max_prompt_characters": null, "caption": {"type": "text"}}));
        let b = to_json_schema(&set);
        for id in ["prompt", "caption"] {
            assert_eq!(
                b.schema["properties"][id]["maxLength"],
                json!(crate::form::MAX_TEXT_LENGTH),
                "{id}"
            );
        }
        let long = "a".repeat(crate::form::MAX_TEXT_LENGTH as usize + 1);
        let errors = validate_values(&set, json!({"prompt": long}).as_object().unwrap());
        assert!(
            errors
                .iter()
                .any(|e| e.id == "prompt" && e.code == "too_long"),
            "{errors:?}"
        );
    }

    #[test]
    fn every_kind() {
        let set = derive(json!({
            "max_prompt_characters": 100,
            "resolutions": ["1024x1024", "1536x1024"],
            "max_images": 4,
            "rendering_speed": ["TURBO", "DEFAULT"],
            "max_input_images": 3,
            "input_image_constraints": {"route": {"formats": ["png", "jpg"], "max_bytes": 10485760}},
            "watermark": false,
            "seed": 42,
            "guidance": {"type": "range", "min": 0, "max": 10, "step": 0.5, "default": 2.5},
            "steps": {"type": "range", "min": 2, "max": 50, "step": 2},
        }));
        let b = to_json_schema(&set);
        let p = &b.schema["properties"];
        assert_eq!(b.schema["$schema"], DIALECT);
        assert_eq!(b.schema["type"], "object");
        assert_eq!(b.schema["required"], json!(["prompt"]));
        assert_eq!(
            p["prompt"],
            json!({"title": "Prompt", "type": "string", "minLength": 1, "pattern": "\\S", "maxLength": 100})
        );
        assert_eq!(p["resolution"]["oneOf"][1]["const"], "1536x1024");
        assert_eq!(
            p["resolution"]["oneOf"][1]["title"],
            "1536 × 1024 · 3:2 · 1.6 MP"
        );
        assert_eq!(p["resolution"]["default"], "1024x1024");
        assert_eq!(
            p["n"],
            json!({"title": "Number of images", "type": "integer", "minimum": 1, "maximum": 4, "multipleOf": 1, "default": 1})
        );
        assert_eq!(p["rendering_speed"]["default"], "TURBO");
        assert_eq!(p["images"]["maxItems"], 3);
        assert_eq!(p["images"]["default"], json!([]));
        assert!(p["images"].get("minItems").is_none());
        assert_eq!(p["mask"]["format"], "data-url");
        assert_eq!(p["watermark"]["type"], "boolean");
        assert_eq!(p["seed"]["default"], 42);
        assert_eq!(p["guidance"]["type"], "number");
        assert!(p["guidance"].get("multipleOf").is_none());
        assert_eq!(p["guidance"]["default"], 2.5);
        assert_eq!(p["steps"]["multipleOf"], 2);

        let ui = &b.ui_schema;
        assert_eq!(
            ui["ui:order"],
            json!([
                "prompt",
                "images",
                "mask",
                "resolution",
                "n",
                "rendering_speed",
                "watermark",
                "seed",
                "guidance",
                "steps"
            ])
        );
        assert_eq!(ui["prompt"]["ui:widget"], "textarea");
        assert!(ui.get("resolution").is_none());
        assert_eq!(ui["rendering_speed"]["ui:widget"], "radio");
        assert_eq!(ui["n"]["ui:widget"], "range");
        assert_eq!(ui["images"]["ui:widget"], "files");
        assert_eq!(ui["images"]["ui:options"]["accept"], "image/png,image/jpeg");
        // The OpenAI-compatible endpoint's upload limit, below the model's 10 MB.
        assert_eq!(ui["images"]["ui:help"], "PNG or JPG, at most 2.9 MB each.");
        assert_eq!(ui["watermark"]["ui:widget"], "checkbox");
        assert_eq!(ui["watermark"]["ui:classNames"], "advanced");
        assert_eq!(ui["seed"]["ui:widget"], "updown");
    }

    #[test]
    fn fixed_and_descriptions() {
        let set = derive(json!({
            "fixed_image_count": 2,
            "style": {"type": "select", "label": "Style", "description": "How it looks",
                      "options": [{"value": "a", "label": "Anime"}, {"value": "b"}]},
        }));
        let b = to_json_schema(&set);
        let n = &b.schema["properties"]["n"];
        assert_eq!(
            (&n["const"], &n["type"], &n["readOnly"]),
            (&json!(2), &json!("integer"), &json!(true))
        );
        assert_eq!(b.ui_schema["n"]["ui:readonly"], true);
        let style = &b.schema["properties"]["style"];
        assert_eq!(style["title"], "Style");
        assert_eq!(style["description"], "How it looks");
        assert_eq!(
            style["oneOf"],
            json!([{"const": "a", "title": "Anime"}, {"const": "b", "title": "b"}])
        );
    }

    #[test]
    fn required_images_need_one() {
        let model: Model = serde_json::from_value(serde_json::json!({
            "id": "x/edit", "name": "E",
            "capabilities": {"imageGeneration": false, "imageToImage": true},
            "supportedParameters": {},
        }))
        .unwrap();
        let b = to_json_schema(&derive_controls(&model, Endpoint::Images));
        assert_eq!(b.schema["required"], json!(["prompt", "images"]));
        assert_eq!(b.schema["properties"]["images"]["minItems"], 1);
        assert_eq!(b.ui_schema["images"]["ui:options"]["accept"], "image/*");
    }

    #[test]
    fn a_mask_needs_an_image() {
        let model: Model = serde_json::from_value(serde_json::json!({
            "id": "i", "name": "I", "capabilities": {"inpainting": true}, "supportedParameters": {},
        }))
        .unwrap();
        let b = to_json_schema(&derive_controls(&model, Endpoint::Openai));
        assert_eq!(
            b.schema["dependentSchemas"],
            json!({"mask": {"required": ["images"], "properties": {"images": {"minItems": 1}}}})
        );
    }

    /// Every fixture model: each property is described, defaults are options, and the
    /// default values with a prompt are what `validateValues` accepts too.
    #[test]
    fn fixtures_are_consistent_with_validation() {
        let text = include_str!("../tests/fixtures/real/image-models-nsfw-paid-subset.json");
        let catalog = parse_catalog(text, &ParseOptions::default()).unwrap();
        for model in &catalog.models {
            let set = derive_controls(model, Endpoint::Openai);
            let b = to_json_schema(&set);
            let props = b.schema["properties"].as_object().unwrap();
            assert_eq!(props.len(), set.controls.len(), "{}", model.id);
            for (id, p) in props {
                assert!(p["title"].is_string(), "{id}");
                if let Some(one_of) = p.get("oneOf") {
                    let consts: Vec<&Value> = one_of
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|o| &o["const"])
                        .collect();
                    if let Some(d) = p.get("default") {
                        assert!(consts.contains(&d), "{}: {id}", model.id);
                    }
                }
            }
            let mut values = default_values(&set);
            values.insert("prompt", json!("a lighthouse"));
            let errors: Vec<_> = validate_values(&set, &values)
                .into_iter()
                .filter(|e| e.id != "images")
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", model.id);
        }
    }
}
