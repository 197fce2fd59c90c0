//! Control descriptors derived from a model's `supported_parameters` and capabilities.

use std::borrow::Cow;

use crate::json::{OwnedMap as Map, OwnedValue as Value};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::catalog::Model;
use crate::diagnostic::Diagnostic;
use crate::json;
use crate::resolution::Resolution;

/// Which generation endpoint the controls (and request bodies) target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub enum Endpoint {
    /// OpenAI-compatible `POST /v1/images/generations` (`size`, `imageDataUrl(s)`, `maskDataUrl`).
    #[default]
    Openai,
    /// Normalized `POST /api/v1/images` (`resolution`, `input_references`).
    Images,
}

/// The controls for one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ControlSetFields")]
pub struct ControlSet {
    /// The model these controls belong to.
    pub model_id: String,
    /// The endpoint the `field` names target.
    #[serde(default)]
    pub endpoint: Endpoint,
    /// Controls in display order.
    pub controls: Vec<Control>,
    /// Parameters that became no control, and coercions.
    #[serde(default)]
    pub warnings: Vec<Diagnostic>,
}

/// Fields every control has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "BaseFields")]
pub struct Base {
    /// Stable key of the value in `Values`.
    pub id: Cow<'static, str>,
    /// The request body field it fills.
    pub field: Cow<'static, str>,
    /// Human-readable English label.
    pub label: Cow<'static, str>,
    /// Stable translation key for the label: `control.<id>` for the controls the contract names,
    /// `param.<key>` for inferred ones (whose English label comes from the catalog key or the
    /// catalog's own `label`).
    #[tsify(type = "ControlLabelKey")]
    pub label_key: Cow<'static, str>,
    /// Parameters of the label, e.g. `{count: 4}` for `control.images` ("Input image" when the
    /// count is 1, "Input images" otherwise); empty (and absent in JS) for most controls.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[tsify(optional, type = "Record<string, string | number>")]
    pub label_params: Map,
    /// Help text, untrusted when it comes from the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    /// The value must be given.
    pub required: bool,
    /// Inferred from a catalog key nobody has seen yet.
    pub advanced: bool,
}

/// One choice of a select or radio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ControlOption {
    /// Exactly the catalog value.
    pub value: String,
    /// Human-readable label.
    pub label: String,
    /// Stable translation key when the label is generated: `resolution.pixels`,
    /// `resolution.pixels_small`, `resolution.aspect_square` / `_landscape` / `_portrait`,
    /// `resolution.tier`, `resolution.auto`, `resolution.auto_tier`, `resolution.scale`, or
    /// `option.provider_default` (README, "Translation keys").
    /// Absent when the label is the catalog's own text or the value as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "OptionLabelKey")]
    pub label_key: Option<String>,
    /// Parameters of `labelKey` (e.g. `{width: 1024, height: 1024, aspect: "1:1", megapixels: 1}`).
    /// In JS, shared by every option of the same token and frozen.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[tsify(optional, type = "Readonly<Record<string, string | number>>")]
    pub label_params: Map,
    /// Group heading when a list mixes kinds (e.g. `Aspect ratio`, `Size`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub group: Option<String>,
    /// Stable translation key of `group`: `resolution.group.aspect`, `.size`, `.tier`, `.auto`
    /// or `.scale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "OptionGroupKey")]
    pub group_key: Option<String>,
    /// `parseResolution(value)` for resolution-like options. In JS, shared by every option of
    /// the same token and frozen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Readonly<Resolution>")]
    pub resolution: Option<Resolution>,
    /// Price per image in the catalog's currency, when the catalog fixes this token's price
    /// whatever the other values are (none on a table by rendering speed or with a surcharge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub price: Option<f64>,
}

/// A choice among options (dropdown or radio group). Its value in `Values` is one option's
/// `value` (a string).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Options in catalog order.
    pub options: Vec<ControlOption>,
    /// The default option value.
    #[tsify(type = "string | null")]
    pub default: Option<String>,
}

/// An integer range slider. Its value in `Values` is a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SliderFields")]
pub struct Slider {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Lower bound (inclusive).
    pub min: f64,
    /// Upper bound (inclusive).
    pub max: f64,
    /// Step.
    pub step: f64,
    /// Default value.
    pub default: f64,
    /// `true` when the catalog states no default: `default` is only where the control starts
    /// (its minimum, or off), not what the provider does. `defaultValues` leaves the value
    /// unset and `buildRequest` sends nothing until one is set (then whatever it is, `default`
    /// too), so the provider's own default applies meanwhile. Show the control as unset (a
    /// "provider default" state) until the user sets it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[tsify(optional)]
    pub provider_default: bool,
}

/// A free number input. Its value in `Values` is a number (`null`, or `NaN` from an emptied
/// input, is no value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "NumberInputFields")]
pub struct NumberInput {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min: Option<f64>,
    /// Upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max: Option<f64>,
    /// Step (1 for integers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub step: Option<f64>,
    /// Default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default: Option<f64>,
}

/// A boolean switch. Its value in `Values` is `true` or `false`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ToggleFields")]
pub struct Toggle {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Default value.
    pub default: bool,
    /// `true` when the catalog states no default: `default` is only where the control starts
    /// (its minimum, or off), not what the provider does. `defaultValues` leaves the value
    /// unset and `buildRequest` sends nothing until one is set (then whatever it is, `default`
    /// too), so the provider's own default applies meanwhile. Show the control as unset (a
    /// "provider default" state) until the user sets it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[tsify(optional)]
    pub provider_default: bool,
}

/// A text field (the prompt, or a text parameter). Its value in `Values` is a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "TextFields")]
pub struct Text {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Render as a textarea.
    pub multiline: bool,
    /// Maximum length, counted in `lengthUnit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_length: Option<u32>,
    /// `unicode_code_points` or `utf16_code_units` when the catalog says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "\"unicode_code_points\" | \"utf16_code_units\"")]
    pub length_unit: Option<String>,
    /// `true` when the catalog says the server trims leading and trailing whitespace before
    /// counting (`prompt_length.trim_whitespace`): `maxLength` applies to `value.trim()` (the
    /// library's own cap of 100 000 characters still applies to the whole value).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[tsify(optional)]
    pub trim_whitespace: bool,
    /// Default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub default: Option<String>,
}

/// Input images. Its value in `Values` is an array of `ImageValue`s (data URLs, `http(s)` URLs
/// or `{ dataUrl, name, width, height, … }` objects); one image alone counts as a list of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ImagesFields")]
pub struct Images {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Fewest images (1 when required).
    pub min_items: u32,
    /// Most images.
    pub max_items: u32,
    /// Accepted formats, e.g. `["png","jpeg","webp"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub formats: Option<Vec<String>>,
    /// Largest accepted image in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_bytes: Option<f64>,
    /// Smallest accepted width in pixels. This and the other sizes are checked only against
    /// image objects that state their `width` and `height` (a URL says neither).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min_width: Option<u32>,
    /// Smallest accepted height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min_height: Option<u32>,
    /// Largest accepted width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_width: Option<u32>,
    /// Largest accepted height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_height: Option<u32>,
}

/// An inpainting mask. Its value in `Values` is one `ImageValue` (a `data:image/png;…` URL, or
/// an object with `dataUrl`), not an array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "MaskFields")]
pub struct Mask {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// Largest accepted mask in bytes: for the OpenAI-compatible endpoint its upload limit
    /// (2 999 952 bytes, `OPENAI_UPLOAD_BYTES`: 4 MB of data URL); absent for the images endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_bytes: Option<f64>,
}

/// A value the model fixes (shown, not editable). It needs no value in `Values`: it is never
/// sent (a different value given is noted in `buildRequest`'s `warnings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "FixedFields")]
pub struct Fixed {
    /// Common fields.
    #[serde(flatten)]
    pub base: Base,
    /// The fixed value.
    #[tsify(type = "string | number | boolean")]
    pub value: Value,
}

/// One control descriptor, discriminated by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Control {
    /// Dropdown.
    Select(Choice),
    /// Radio group.
    Radio(Choice),
    /// Integer slider.
    Slider(Slider),
    /// Number input.
    Number(NumberInput),
    /// Switch.
    Toggle(Toggle),
    /// Text field.
    Text(Text),
    /// Input images.
    Images(Images),
    /// Inpainting mask.
    Mask(Mask),
    /// Fixed value.
    Fixed(Fixed),
}

impl Control {
    /// The fields every control has.
    pub fn base(&self) -> &Base {
        match self {
            Control::Select(c) | Control::Radio(c) => &c.base,
            Control::Slider(c) => &c.base,
            Control::Number(c) => &c.base,
            Control::Toggle(c) => &c.base,
            Control::Text(c) => &c.base,
            Control::Images(c) => &c.base,
            Control::Mask(c) => &c.base,
            Control::Fixed(c) => &c.base,
        }
    }

    /// The control's id (its key in `Values`).
    pub fn id(&self) -> &str {
        &self.base().id
    }
}

impl ControlSet {
    /// The control with this id.
    pub fn get(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id() == id)
    }
}

/// Most options a select or radio keeps; further catalog values are dropped with a warning.
pub const MAX_OPTIONS: usize = 256;

/// Largest `n` (images per request) a slider or fixed count offers; larger catalog values are
/// capped with a warning.
pub const MAX_IMAGE_COUNT: u64 = 100;

/// Most input images an `images` control accepts; larger catalog values are capped with a warning.
pub const MAX_INPUT_IMAGES: u64 = 100;

/// Largest image (decoded bytes) the OpenAI-compatible endpoint takes as an input image or mask:
/// its uploads are limited to 4 MB once base64-encoded, read as 4 000 000 characters of data URL
/// (the stricter reading), less room for the `data:…;base64,` prefix.
pub const OPENAI_UPLOAD_BYTES: u64 = (4_000_000 - 64) / 4 * 3;

/// Widest integer range (`max - min`) rendered as a slider; wider ranges become number inputs
/// with the step the slider would have had.
pub const MAX_SLIDER_SPAN: f64 = 1000.0;

/// Derives the controls for one model, following the contract's mapping table.
///
/// Order: `prompt`, `images`, `mask`, `resolution`, `aspect_ratio`, `n`, `rendering_speed`,
/// then one advanced control per other `supported_parameters` key, in catalog order.
/// Never fails: whatever cannot become a control is reported in `warnings`.
///
/// ```
/// use nanogpt_image_controls::{derive_controls, Endpoint, Model};
///
/// let model: Model = serde_json::from_value(serde_json::json!({
///     "id": "m",
///     "name": "M",
///     "supportedParameters": { "max_images": 4, "style": ["vivid", "natural"] }
/// }))
/// .unwrap();
/// let set = derive_controls(&model, Endpoint::Openai);
/// let ids: Vec<&str> = set.controls.iter().map(|c| c.id()).collect();
/// assert_eq!(ids, ["prompt", "n", "style"]);
/// ```
pub fn derive_controls(model: &Model, endpoint: Endpoint) -> ControlSet {
    derive(model, endpoint, false).0
}

/// A control set without the parts every option of a resolution-like select shares with
/// other models: see [`derive_controls_lean`].
#[derive(Debug, Clone, PartialEq)]
pub struct LeanControls {
    /// The controls, with `resolution`-less options in [`token_controls`](Self::token_controls).
    pub set: ControlSet,
    /// Indices (in `set.controls`) of the `resolution` and `aspect_ratio` selects, whose
    /// options lack `resolution` and, where `parseResolution(value)` makes the label, have an
    /// empty `label` and no `labelKey`/`labelParams`.
    pub token_controls: Vec<u32>,
}

impl LeanControls {
    /// The full control set, as [`derive_controls`] gives it.
    pub fn complete(&self) -> ControlSet {
        let mut set = self.set.clone();
        for &i in &self.token_controls {
            if let Some(Control::Select(c) | Control::Radio(c)) = set.controls.get_mut(i as usize) {
                for o in &mut c.options {
                    known::complete_option(o);
                }
            }
        }
        set
    }
}

/// [`derive_controls`] without what the options of the `resolution` and `aspect_ratio`
/// selects take from their token (`parseResolution(value)` and the label made from it).
///
/// The wasm registry keeps control sets this way and attaches those parts on the JS side,
/// where they exist once per token; [`LeanControls::complete`] gives back exactly
/// [`derive_controls`]'s result.
pub fn derive_controls_lean(model: &Model, endpoint: Endpoint) -> LeanControls {
    let (set, token_controls) = derive(model, endpoint, true);
    LeanControls {
        set,
        token_controls,
    }
}

fn derive(model: &Model, endpoint: Endpoint, lean: bool) -> (ControlSet, Vec<u32>) {
    let parsed = json::parse(model.supported_parameters.text());
    let empty = json::Map::default();
    let params = parsed
        .as_ref()
        .and_then(json::Value::as_object)
        .unwrap_or(&empty);
    let mut cx = Cx {
        model,
        params,
        endpoint,
        lean,
        pricing: std::cell::OnceCell::new(),
        warnings: Vec::new(),
    };
    let mut controls = Vec::with_capacity(8);
    controls.push(known::prompt(&mut cx));
    controls.extend(known::images(&mut cx));
    controls.extend(known::mask(&cx));
    let resolution = known::resolution(&mut cx);
    let aspect = known::aspect_ratio(&mut cx, resolution.as_ref());
    let mut token_controls = Vec::new();
    for choice in [resolution, aspect].into_iter().flatten() {
        token_controls.push(controls.len() as u32);
        controls.push(Control::Select(choice));
    }
    controls.extend(known::image_count(&mut cx));
    controls.extend(known::rendering_speed(&mut cx));
    infer::advanced(&mut cx, &mut controls);
    let set = ControlSet {
        model_id: model.id.clone(),
        endpoint,
        controls,
        warnings: cx.warnings,
    };
    (set, token_controls)
}

/// Derivation state: the model, the target endpoint and the warnings collected so far.
struct Cx<'a> {
    model: &'a Model,
    /// `supported_parameters`, parsed for this derivation.
    params: &'a json::Map<'a>,
    endpoint: Endpoint,
    /// Leave out what the registry shares per token (see [`derive_controls_lean`]).
    lean: bool,
    /// The model's `pricing` as a tree, when a resolution-like list first needs its prices
    /// and the text is not in the usual shape (`resolution` and `aspect_ratio` both price
    /// their options).
    pricing: crate::pricing::Tree<'a>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// The raw `supported_parameters` value of `key`.
    fn param(&self, key: &str) -> Option<&'a json::Value<'a>> {
        self.params.get(key)
    }

    /// Records a warning at `supported_parameters.<path>`.
    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.warn_at(Path(path, "", ""), message.into());
    }

    /// [`warn`](Self::warn) at a path joined only now (most paths never need joining).
    fn warn_at(&mut self, path: Path, message: String) {
        self.warnings.push(Diagnostic::model(
            &self.model.id,
            format!("supported_parameters.{path}"),
            message,
        ));
    }
}

/// A dotted path under `supported_parameters`: a catalog key (written even when empty) and up
/// to two literal parts after it (`""` for none), joined only when a warning is written.
#[derive(Clone, Copy)]
struct Path<'a>(&'a str, &'a str, &'a str);

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        for part in [self.1, self.2] {
            if !part.is_empty() {
                f.write_str(".")?;
                f.write_str(part)?;
            }
        }
        Ok(())
    }
}

impl Base {
    fn new(
        id: impl Into<Cow<'static, str>>,
        field: impl Into<Cow<'static, str>>,
        label: impl Into<Cow<'static, str>>,
        label_key: impl Into<Cow<'static, str>>,
    ) -> Self {
        Base {
            id: id.into(),
            field: field.into(),
            label: label.into(),
            label_key: label_key.into(),
            label_params: Map::new(),
            description: None,
            required: false,
            advanced: false,
        }
    }

    /// A control the contract names (`label_key` = `control.<id>`); its id, field and key are
    /// constants, so they cost no allocation.
    fn known(
        id: &'static str,
        field: &'static str,
        label: impl Into<Cow<'static, str>>,
        label_key: &'static str,
    ) -> Self {
        debug_assert_eq!(label_key.strip_prefix("control."), Some(id));
        Base::new(id, field, label, label_key)
    }
}

mod infer;

#[cfg(test)]
pub(crate) use infer::plain_option;
mod known;
mod num;
mod options;
mod read;

pub(crate) use known::{offered_resolutions, offered_speeds};
pub(crate) use options::numeric_entry;

pub use read::control_set_from_value;
#[cfg(test)]
mod tests;
