//! Controls inferred from the shape of catalog keys nobody has seen yet.

use std::borrow::Cow;

use super::num::{capped, number};
use super::options::{collect, default_of, listing, non_empty};
use super::{
    Base, Choice, Control, ControlOption, Cx, NumberInput, Path, Slider, Text, Toggle,
    MAX_SLIDER_SPAN,
};
use crate::json::{Map, Value};

/// Keys that shape other controls and never become controls of their own.
pub(super) const METADATA_KEYS: &[&str] = &[
    "max_output_images",
    "max_input_images",
    "input_image_constraints",
    "input_reference_constraints",
    "max_prompt_characters",
    "prompt_length",
    "resolutions",
    "resolution",
    "aspect_ratio",
    "max_images",
    "fixed_image_count",
    "n",
    "rendering_speed",
];

/// Ids and request fields an inferred control may never take, whatever controls exist:
/// the contract's own control ids and the body fields the request builder fills itself.
const RESERVED: &[&str] = &[
    "prompt",
    "images",
    "mask",
    "model",
    "imageDataUrl",
    "imageDataUrls",
    "maskDataUrl",
    "input_references",
];

/// Most inferred controls per model; a catalog row with more keys is truncated with a warning.
const MAX_ADVANCED: usize = 256;

/// Largest option count rendered as radio buttons; longer lists become selects.
const MAX_RADIO: usize = 4;

/// Appends one advanced control per non-metadata `supported_parameters` key, in catalog order.
///
/// A key whose id or field another control already uses (or a [`RESERVED`] one) is skipped
/// with a warning, so `Values` keys and request fields stay unique.
pub(super) fn advanced(cx: &mut Cx, controls: &mut Vec<Control>) {
    let params: &Map = cx.params;
    let mut added = 0usize;
    for (key, value) in params {
        if METADATA_KEYS.contains(&key) {
            continue;
        }
        if key == "__proto__" {
            // `values["__proto__"] = v` in JS sets the prototype instead of a value.
            cx.warn(
                key,
                "`__proto__` cannot key a value in a JavaScript object; no control",
            );
            continue;
        }
        let clash = RESERVED.contains(&key)
            || controls
                .iter()
                .any(|c| c.base().id == *key || c.base().field == *key);
        if clash {
            cx.warn(
                key,
                format!("`{key}` would clash with a built-in control; no control"),
            );
            continue;
        }
        if added >= MAX_ADVANCED {
            let message = format!("more than {MAX_ADVANCED} parameters; no controls from here on");
            cx.warn(key, message);
            break;
        }
        if let Some(control) = infer(cx, key, value) {
            controls.push(control);
            added += 1;
        }
    }
}

/// The control for one unknown key, inferred from its value's shape; `None` with a warning
/// when the shape says nothing usable.
fn infer(cx: &mut Cx, key: &str, value: &Value) -> Option<Control> {
    let base = Base::new(
        key.to_owned(),
        key.to_owned(),
        label_from_key(key),
        ["param.", key].concat(),
    );
    let base = Base {
        advanced: true,
        ..base
    };
    match value {
        Value::Bool(b) => Some(Control::Toggle(Toggle {
            base,
            default: *b,
            provider_default: false,
        })),
        // A number, also one given as text (`"30"`, read with a warning, as the catalog's
        // known keys are).
        Value::Number(_) | Value::String(_)
            if value.is_number() || value.as_str().and_then(crate::num::parse_f64).is_some() =>
        {
            let default = number(cx, Path(key, "", ""), Some(value));
            Some(Control::Number(NumberInput {
                base,
                min: None,
                max: None,
                step: None,
                default,
            }))
        }
        Value::Array(_) => choice(cx, key, value, base),
        Value::Object(obj) => {
            let ty = obj.get("type").and_then(Value::as_str).unwrap_or_default();
            let base = described(base, obj);
            match ty {
                "enum" | "select" => choice(cx, key, value, base),
                "range" => Some(range(cx, key, obj, base, false)),
                "number" => Some(range(cx, key, obj, base, true)),
                "integer" => Some(range(cx, key, obj, base, true)),
                "boolean" | "switch" => Some(toggle(cx, key, obj, base)),
                "text" | "string" => Some(text(cx, key, obj, base)),
                _ => {
                    cx.warn(key, "an object without a known `type`; no control");
                    None
                }
            }
        }
        Value::Null => {
            cx.warn(key, "null (no value); no control");
            None
        }
        // Other text.
        _ => {
            cx.warn(
                key,
                "neither a list, a boolean, a number nor a descriptor; no control",
            );
            None
        }
    }
}

/// Applies a descriptor's own `label` and `description`.
fn described(mut base: Base, obj: &Map) -> Base {
    if let Some(label) = non_empty(obj.get("label")) {
        base.label = Cow::Owned(label.to_owned());
    }
    base.description = non_empty(obj.get("description")).map(str::to_owned);
    base
}

/// Plain options from collected `(value, label)` pairs, with the catalog's default when it
/// names one of them.
pub(super) fn plain_options(
    cx: &mut Cx,
    key: &str,
    default: Option<&Value>,
    values: Vec<(String, Option<&str>)>,
) -> (Vec<ControlOption>, Option<String>) {
    let default = default_of(cx, key, default, values.iter().map(|(v, _)| v.as_str()));
    let options: Vec<ControlOption> = values
        .into_iter()
        .map(|(v, label)| plain_option(v, label))
        .collect();
    (options, default)
}

/// An option with a label: the catalog's, else the value itself (`""` reads "Provider default").
pub(crate) fn plain_option(value: String, label: Option<&str>) -> ControlOption {
    let given = label.filter(|l| !l.is_empty());
    let (label, label_key) = match given {
        Some(l) => (l.to_owned(), None),
        None if value.is_empty() => (
            super::known::PROVIDER_DEFAULT.to_owned(),
            Some(super::known::PROVIDER_DEFAULT_KEY.to_owned()),
        ),
        None => (value.clone(), None),
    };
    ControlOption {
        value,
        label,
        label_key,
        label_params: crate::json::OwnedMap::new(),
        group: None,
        group_key: None,
        resolution: None,
        price: None,
    }
}

/// A radio group (≤ 4 options) or select. Default: the catalog's default when it is an option,
/// else none (`null`): the provider decides until the user picks, and what the user picks is
/// sent, the first option too.
fn choice(cx: &mut Cx, key: &str, value: &Value, base: Base) -> Option<Control> {
    let Some(list) = listing(value) else {
        cx.warn(
            key,
            "a list descriptor without a `values` or `options` list; no control",
        );
        return None;
    };
    let values = collect(cx, key, &list, true);
    if values.is_empty() {
        cx.warn(key, "no usable options; no control");
        return None;
    }
    let (options, default) = plain_options(cx, key, list.default, values);
    let radio = options.len() <= MAX_RADIO;
    let choice = Choice {
        base,
        options,
        default,
    };
    Some(if radio {
        Control::Radio(choice)
    } else {
        Control::Select(choice)
    })
}

/// `{type:"range"}` → slider when both bounds are different integers no more than
/// [`MAX_SLIDER_SPAN`] apart (more than 1 apart without a `step`: `0…1` is a fraction's range,
/// and a fractional default has a `step` to reach it), else a number
/// input (with the slider's step, 1 unless given, when only the span ruled the slider out);
/// `{type:"number"|"integer"}` → number input. Swapped bounds are put in order; a step wider
/// than the range is ignored.
fn range(cx: &mut Cx, key: &str, obj: &Map, base: Base, number_only: bool) -> Control {
    let mut min = number(cx, Path(key, "min", ""), obj.get("min"));
    let mut max = number(cx, Path(key, "max", ""), obj.get("max"));
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            cx.warn(key, "`min` is greater than `max`; swapped");
            (min, max) = (Some(hi), Some(lo));
        }
    }
    let mut step = number(cx, Path(key, "step", ""), obj.get("step"));
    if step.is_some_and(|s| s <= 0.0) {
        cx.warn(&format!("{key}.step"), "a step must be positive; ignored");
        step = None;
    }
    // A step wider than the range leaves only `min` reachable (and `max` unusable).
    if let (Some(s), Some(lo), Some(hi)) = (step, min, max) {
        if hi > lo && s > hi - lo {
            cx.warn(
                &format!("{key}.step"),
                "the step is larger than the range; ignored",
            );
            step = None;
        }
    }
    if step.is_none() && obj.get("type").and_then(Value::as_str) == Some("integer") {
        step = Some(1.0);
    }
    let in_range = |d: &f64| min.is_none_or(|lo| *d >= lo) && max.is_none_or(|hi| *d <= hi);
    let given = number(cx, Path(key, "default", ""), obj.get("default"));
    let mut default = given.filter(in_range);
    if given.is_some() && default.is_none() {
        cx.warn(
            &format!("{key}.default"),
            "the default is outside the range; ignored",
        );
    }
    // A whole step makes validation accept whole numbers only (see `form::validate`).
    let whole_steps = step.is_some_and(|s| s >= 1.0 && s.fract() == 0.0);
    if whole_steps && default.is_some_and(|d| d.fract() != 0.0) {
        cx.warn(
            &format!("{key}.default"),
            "the default is not a whole number but the step is; ignored",
        );
        default = None;
    }
    if !number_only {
        if let (Some(lo), Some(hi)) = (min, max) {
            let integral = lo.fract() == 0.0 && hi.fract() == 0.0;
            let reachable = step.is_some() || default.is_none_or(|d| d.fract() == 0.0);
            // A slider needs room to move: `min == max` is a number input, and so is `0…1`
            // without a step (a strength: whole steps would offer only its two ends).
            let room = if step.is_some() {
                lo < hi
            } else {
                hi - lo > 1.0
            };
            if integral && room && hi - lo <= MAX_SLIDER_SPAN && reachable {
                return Control::Slider(Slider {
                    base,
                    min: lo,
                    max: hi,
                    step: step.unwrap_or(1.0),
                    default: default.unwrap_or(lo),
                    provider_default: default.is_none(),
                });
            }
            // Too wide for a slider (a seed, 0…2147483647): the same whole steps it would have.
            if integral && reachable && hi - lo > MAX_SLIDER_SPAN {
                step = step.or(Some(1.0));
            }
        }
    }
    Control::Number(NumberInput {
        base,
        min,
        max,
        step,
        default,
    })
}

/// `{type:"boolean"|"switch", default}` → toggle, off unless the default says otherwise;
/// without a default (or an unreadable one) the provider's own default applies until set.
fn toggle(cx: &mut Cx, key: &str, obj: &Map, base: Base) -> Control {
    let default = match obj.get("default") {
        Some(Value::Bool(b)) => Some(*b),
        None | Some(Value::Null) => None,
        Some(_) => {
            cx.warn(&format!("{key}.default"), "expected true or false; ignored");
            None
        }
    };
    Control::Toggle(Toggle {
        base,
        default: default.unwrap_or(false),
        provider_default: default.is_none(),
    })
}

/// `{type:"text", default, max_length?}` → a single-line text field.
fn text(cx: &mut Cx, key: &str, obj: &Map, base: Base) -> Control {
    let length = obj.get("max_length").or_else(|| obj.get("maxLength"));
    let limit = u64::from(crate::form::MAX_TEXT_LENGTH);
    let max_length = capped(cx, Path(key, "max_length", ""), length, limit)
        .filter(|&n| n > 0)
        .map(|n| u32::try_from(n).unwrap_or(crate::form::MAX_TEXT_LENGTH));
    let multiline = obj
        .get("multiline")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut default = obj
        .get("default")
        .and_then(Value::as_str)
        .map(str::to_owned);
    // A default longer than the field allows would not validate.
    let max = max_length.unwrap_or(crate::form::MAX_TEXT_LENGTH) as usize;
    if default
        .as_ref()
        .is_some_and(|d| d.chars().nth(max).is_some())
    {
        cx.warn(
            &format!("{key}.default"),
            "the default is longer than `max_length`; ignored",
        );
        default = None;
    }
    Control::Text(Text {
        base,
        multiline,
        max_length,
        length_unit: None,
        trim_whitespace: false,
        default,
    })
}

/// A readable label from a catalog key: `guidance_scale` → `Guidance scale`,
/// `numInferenceSteps` → `Num inference steps`; acronyms stay (`CFG_scale` → `CFG scale`).
/// Case rules are ASCII-only (keys are identifiers; Unicode case tables cost ≈ 10 KB of wasm).
pub(super) fn label_from_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut prev: Option<char> = None;
    let mut chars = key.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' || c == '-' || c.is_ascii_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            prev = Some(' ');
            continue;
        }
        let boundary = c.is_ascii_uppercase() && prev.is_some_and(|p| p.is_ascii_lowercase());
        if boundary {
            out.push(' ');
        }
        let next_lower = chars.peek().is_some_and(char::is_ascii_lowercase);
        if boundary && next_lower {
            out.push(c.to_ascii_lowercase());
        } else if out.is_empty() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        return "Parameter".to_owned();
    }
    trimmed.to_owned()
}
