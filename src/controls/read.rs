//! Reading a control set back from JSON (a JS object this library did not hand out, e.g.
//! one restored from storage or copied with `structuredClone`).
//!
//! Written by hand over the crate's JSON tree rather than derived: the derived `Deserialize`
//! of the tagged, flattened control types cost ≈ 25 KB of wasm for a path that is rarely taken.

use crate::json::{Map, OwnedMap, Value};

use super::{
    Base, Choice, Control, ControlOption, ControlSet, Endpoint, Fixed, Images, Mask, NumberInput,
    Slider, Text, Toggle,
};
use crate::error::Error;
use crate::resolution::parse_resolution;

// Not inlined: its `format!` was copied into each of the seven places that refuse a set.
#[inline(never)]
fn bad(what: &str) -> Error {
    Error::InvalidArgument(format!("controls: {what}"))
}

fn text(map: &Map<'_>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn number(map: &Map<'_>, key: &str) -> Option<f64> {
    map.get(key)
        .and_then(Value::as_f64)
        .filter(|x| x.is_finite())
}

fn count(map: &Map<'_>, key: &str) -> Option<u32> {
    map.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

/// Translation parameters: an object of strings and numbers (anything else is left out).
fn params(map: &Map<'_>, key: &str) -> OwnedMap {
    map.get(key)
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(_, v)| v.is_string() || v.is_number())
                .map(|(k, v)| (k.to_owned(), v.clone().into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn flag(map: &Map<'_>, key: &str) -> bool {
    map.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn base(map: &Map<'_>) -> Result<Base, Error> {
    let id = text(map, "id").ok_or_else(|| bad("a control has no string `id`"))?;
    Ok(Base {
        field: text(map, "field").unwrap_or_else(|| id.clone()).into(),
        label: text(map, "label").unwrap_or_else(|| id.clone()).into(),
        label_key: text(map, "labelKey")
            .unwrap_or_else(|| format!("param.{id}"))
            .into(),
        label_params: params(map, "labelParams"),
        description: text(map, "description"),
        required: flag(map, "required"),
        advanced: flag(map, "advanced"),
        id: id.into(),
    })
}

fn option(value: &Value<'_>) -> Option<ControlOption> {
    let map = value.as_object()?;
    let value = text(map, "value")?;
    Some(ControlOption {
        label: text(map, "label").unwrap_or_else(|| value.clone()),
        label_key: text(map, "labelKey"),
        label_params: params(map, "labelParams"),
        group: text(map, "group"),
        group_key: text(map, "groupKey"),
        // `resolution` is `parseResolution(value)` by contract: recompute rather than trust.
        resolution: map
            .get("resolution")
            .filter(|r| r.is_object())
            .map(|_| parse_resolution(&value)),
        price: number(map, "price"),
        value,
    })
}

fn choice(map: &Map<'_>) -> Result<Choice, Error> {
    let options = map
        .get("options")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("a select or radio has no `options` list"))?
        .iter()
        .map(|o| option(o).ok_or_else(|| bad("an option has no string `value`")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Choice {
        base: base(map)?,
        options,
        default: text(map, "default"),
    })
}

fn control(value: &Value<'_>) -> Result<Control, Error> {
    let map = value
        .as_object()
        .ok_or_else(|| bad("a control is not an object"))?;
    let kind = map.get("kind").and_then(Value::as_str).unwrap_or("");
    match kind {
        "select" => return Ok(Control::Select(choice(map)?)),
        "radio" => return Ok(Control::Radio(choice(map)?)),
        "slider" | "number" | "toggle" | "text" | "images" | "mask" | "fixed" => {}
        _ => return Err(bad("a control has an unknown `kind`")),
    }
    // One call (and one check of its result) for every other kind, instead of one per kind;
    // still before what a kind may refuse, as before.
    let base = base(map)?;
    Ok(match kind {
        "slider" => {
            let min = number(map, "min").unwrap_or(1.0);
            let max = number(map, "max").unwrap_or(min).max(min);
            Control::Slider(Slider {
                base,
                min,
                max,
                step: number(map, "step").filter(|s| *s > 0.0).unwrap_or(1.0),
                // Not `f64::clamp`: its NaN assertion formats floats with `Debug`, which
                // links core's exact float formatting (≈ 8 KB of wasm). `min <= max` here.
                default: number(map, "default").unwrap_or(min).max(min).min(max),
                provider_default: flag(map, "providerDefault"),
            })
        }
        "number" => Control::Number(NumberInput {
            base,
            min: number(map, "min"),
            max: number(map, "max"),
            step: number(map, "step"),
            default: number(map, "default"),
        }),
        "toggle" => Control::Toggle(Toggle {
            base,
            default: flag(map, "default"),
            provider_default: flag(map, "providerDefault"),
        }),
        "text" => Control::Text(Text {
            base,
            multiline: flag(map, "multiline"),
            max_length: count(map, "maxLength"),
            length_unit: text(map, "lengthUnit"),
            trim_whitespace: flag(map, "trimWhitespace"),
            default: text(map, "default"),
        }),
        "images" => Control::Images(Images {
            base,
            min_items: count(map, "minItems").unwrap_or(0),
            max_items: count(map, "maxItems").unwrap_or(1),
            formats: map.get("formats").and_then(Value::as_array).map(|f| {
                f.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
            max_bytes: number(map, "maxBytes"),
            min_width: count(map, "minWidth"),
            min_height: count(map, "minHeight"),
            max_width: count(map, "maxWidth"),
            max_height: count(map, "maxHeight"),
        }),
        "fixed" => Control::Fixed(Fixed {
            base,
            value: match map.get("value") {
                Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => {
                    v.clone().into_owned()
                }
                _ => {
                    return Err(bad(
                        "a fixed control has no string, number or boolean `value`",
                    ))
                }
            },
        }),
        // "mask": the kinds were checked above.
        _ => Control::Mask(Mask {
            base,
            max_bytes: number(map, "maxBytes"),
        }),
    })
}

/// Reads a `ControlSet` from its JSON form (the shape `deriveControls` returns).
pub fn control_set_from_value(value: &Value<'_>) -> Result<ControlSet, Error> {
    let map = value
        .as_object()
        .ok_or_else(|| bad("expected a control set object"))?;
    // The usual mix-up: a model where its control set belongs.
    if map.contains_key("id") && !map.contains_key("controls") {
        return Err(Error::InvalidArgument(
            "not a control set but a model: pass deriveControls(model)".to_owned(),
        ));
    }
    let controls = map
        .get("controls")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("the control set has no `controls` list"))?
        .iter()
        .map(control)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ControlSet {
        model_id: text(map, "modelId").unwrap_or_default(),
        endpoint: match map.get("endpoint").and_then(Value::as_str) {
            Some("images") => Endpoint::Images,
            _ => Endpoint::Openai,
        },
        controls,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{parse_catalog, ParseOptions};
    use crate::controls::derive_controls;

    #[test]
    fn every_fixture_control_set_reads_back_equal() {
        let text = include_str!("../../tests/fixtures/real/image-models-nsfw-paid-subset.json");
        let catalog = parse_catalog(text, &ParseOptions::default()).unwrap();
        for model in &catalog.models {
            for endpoint in [Endpoint::Openai, Endpoint::Images] {
                let mut set = derive_controls(model, endpoint);
                let value = serde_json::to_value(&set).unwrap();
                let back = control_set_from_value(&value.into()).unwrap();
                set.warnings.clear();
                assert_eq!(back, set, "{}", model.id);
            }
        }
    }

    #[test]
    fn a_model_read_as_a_control_set_says_so() {
        let model = serde_json::json!({"id": "m", "name": "M", "capabilities": {}});
        let e = control_set_from_value(&model.into())
            .unwrap_err()
            .to_string();
        assert!(e.contains("but a model: pass deriveControls(model)"), "{e}");
    }

    #[test]
    fn malformed_sets_are_errors_not_panics() {
        for bad in [
            serde_json::json!(null),
            serde_json::json!({"controls": 3}),
            serde_json::json!({"controls": [{"kind": "select", "id": "x"}]}),
            serde_json::json!({"controls": [{"kind": "wat", "id": "x"}]}),
            serde_json::json!({"controls": [{"kind": "fixed", "id": "n", "value": null}]}),
        ] {
            assert!(
                control_set_from_value(&bad.clone().into()).is_err(),
                "{bad}"
            );
        }
    }
}
