//! Invariants of every result the library hands out. Each function panics with a description
//! of the first violation.

use std::collections::HashSet;

use nanogpt_image_controls::json;
use serde_json::Value;

use nanogpt_image_controls::catalog::{
    parse_model, resolve_icon_url, Catalog, ParseOptions, MAX_ICON_URL_BYTES, MAX_MODELS,
    MAX_WARNINGS,
};
use nanogpt_image_controls::controls::{
    control_set_from_value, derive_controls, ControlSet, Endpoint, MAX_IMAGE_COUNT,
    MAX_INPUT_IMAGES, MAX_OPTIONS, MAX_SLIDER_SPAN,
};
use nanogpt_image_controls::form::{
    default_values, validate_values, BuildResult, Migration, Values,
};
use nanogpt_image_controls::pricing::{PriceQuote, QuoteKind};
use nanogpt_image_controls::resolution::{Resolution, ResolutionKind};
use nanogpt_image_controls::{Control, Model};

fn finite(what: &str, x: f64) {
    assert!(x.is_finite(), "{what} is not finite: {x}");
}

fn finite_opt(what: &str, x: Option<f64>) {
    if let Some(x) = x {
        finite(what, x);
    }
}

/// Every number of a JSON value is finite (serde_json cannot even hold others; kept as a guard).
pub fn json_finite(what: &str, v: &Value) {
    match v {
        Value::Number(n) => finite(what, n.as_f64().unwrap_or(0.0)),
        Value::Array(items) => items.iter().for_each(|i| json_finite(what, i)),
        Value::Object(map) => map.values().for_each(|i| json_finite(what, i)),
        _ => {}
    }
}

/// A parsed token: unchanged, finite, positive sizes.
pub fn resolution(r: &Resolution, token: &str) {
    assert_eq!(r.token, token, "the token changed");
    for (what, x) in [
        ("ratio", r.ratio),
        ("megapixels", r.megapixels),
        ("scale", r.scale),
    ] {
        finite_opt(what, x);
        assert!(x.is_none_or(|x| x >= 0.0), "{what} is negative: {x:?}");
    }
    assert!(
        r.ratio.is_none_or(|x| x > 0.0),
        "ratio {:?} of {token:?}",
        r.ratio
    );
    assert!(r.width.is_none_or(|w| w > 0) && r.height.is_none_or(|h| h > 0));
    if r.kind == ResolutionKind::Pixels {
        assert!(
            r.width.is_some() && r.height.is_some(),
            "pixels without a size: {token:?}"
        );
    }
    if r.kind != ResolutionKind::Other {
        assert!(!r.label.is_empty(), "empty label for {token:?}");
    }
}

/// A parsed catalog: limits kept, ids usable and unique, icons safe, models read back equal.
pub fn catalog(c: &Catalog, options: &ParseOptions) {
    assert!(c.models.len() <= MAX_MODELS);
    assert!(
        c.warnings.len() <= MAX_WARNINGS + 1,
        "{} warnings",
        c.warnings.len()
    );
    let mut seen = HashSet::new();
    for m in &c.models {
        assert!(!m.id.trim().is_empty(), "a blank id was kept");
        assert!(seen.insert(m.id.as_str()), "duplicate id {:?}", m.id);
        assert!(!m.name.is_empty(), "empty name for {:?}", m.id);
        finite_opt("created", m.created);
        if let Some(icon) = &m.icon_url {
            icon_url(icon);
        }
    }
    for m in c.models.iter().take(8) {
        // A model handed back from JS (camelCase, as serialized) reads back as itself.
        // (Parameters holding numbers beyond f64, kept verbatim, have no `Value` form.)
        let Ok(json) = serde_json::to_value(m) else {
            continue;
        };
        let back = parse_model(json.clone(), options).expect("a serialized model reads back");
        // Raw parameter text compares by its exact spelling; compare the JSON it means, and
        // the controls as JSON too: a number a few ulps off (below) reaches their defaults.
        let controls = |m: &Model| {
            serde_json::to_value(derive_controls(m, Endpoint::Openai)).expect("controls serialize")
        };
        let (again, first) = (controls(&back), controls(m));
        assert!(
            same_json(&again, &first),
            "a model read back derives other controls:\n  left: {again}\n right: {first}"
        );
        let back = serde_json::to_value(&back).expect("a model serializes");
        assert!(
            same_json(&back, &json),
            "the model does not read back equal:\n  left: {back}\n right: {json}"
        );
    }
}

/// JSON equality in which two floats may differ by a few units in the last place. The library
/// reads numbers exactly as serde_json does without `float_roundtrip`, which is not correctly
/// rounded past 2^53: `1.3333333333333337` (the shortest spelling of what a 60-digit decimal
/// read as) reads back as `1.3333333333333335`.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x != y => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) if x.is_sign_negative() == y.is_sign_negative() => {
                x.to_bits().abs_diff(y.to_bits()) <= 4
            }
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && same_json(x, y))
        }
        _ => a == b,
    }
}

/// An `iconUrl`: absolute http(s), no characters that escape an attribute, resolves to itself.
pub fn icon_url(icon: &str) {
    assert!(
        icon.starts_with("https://") || icon.starts_with("http://"),
        "icon {icon:?} is not http(s)"
    );
    assert!(icon.len() <= MAX_ICON_URL_BYTES);
    assert!(
        icon.bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && !b"\\\"<>`".contains(&b)),
        "icon {icon:?} has unsafe characters"
    );
    let host = icon.split("://").nth(1).unwrap_or("");
    assert!(!host.starts_with('/'), "icon {icon:?} has no host");
    let authority = host.split(['/', '?', '#']).next().unwrap_or("");
    assert!(
        !authority.contains('@'),
        "icon {icon:?} carries credentials"
    );
    assert_eq!(
        resolve_icon_url(icon, "https://other.test").as_deref(),
        Some(icon),
        "icon is not stable"
    );
}

fn base_of(c: &Control) -> &nanogpt_image_controls::controls::Base {
    c.base()
}

/// A derived control set: usable controls, unique ids and fields, defaults that validate.
pub fn control_set(set: &ControlSet, model: &Model) {
    assert_eq!(set.model_id, model.id);
    match set.controls.first() {
        Some(Control::Text(t)) if t.base.id == "prompt" && t.base.required => {}
        other => panic!("the first control is not the required prompt: {other:?}"),
    }
    let mut ids = HashSet::new();
    let mut fields = HashSet::new();
    for c in &set.controls {
        let b = base_of(c);
        assert!(ids.insert(b.id.as_ref()), "duplicate control id {:?}", b.id);
        assert!(
            fields.insert(b.field.as_ref()),
            "duplicate field {:?}",
            b.field
        );
        assert!(b.field != "model", "a control fills `model`");
        assert!(!b.label.is_empty(), "empty label for {:?}", b.id);
        control(c);
    }
    // Defaults are valid, except what the user must give (prompt, required images).
    let defaults = default_values(set);
    for e in validate_values(set, &defaults) {
        assert_eq!(e.code, "required", "the defaults do not validate: {e:?}");
    }
    schema(set);
    // A control set read back from its JSON form (a copy made in JS) is the same.
    let json = serde_json::to_value(set).expect("controls serialize");
    json_finite("control set", &json);
    let mut back =
        control_set_from_value(&json::Value::from_serde(&json)).expect("controls read back");
    back.warnings = set.warnings.clone();
    assert_eq!(&back, set, "the control set does not read back equal");
}

/// One control: finite numbers, bounds in order, a default that is one of its values.
pub fn control(c: &Control) {
    let id = c.id();
    match c {
        Control::Select(ch) | Control::Radio(ch) => {
            assert!(!ch.options.is_empty(), "{id}: no options");
            assert!(ch.options.len() <= MAX_OPTIONS, "{id}: too many options");
            let mut values = HashSet::new();
            for o in &ch.options {
                assert!(
                    values.insert(o.value.as_str()),
                    "{id}: duplicate option {:?}",
                    o.value
                );
                if let Some(r) = &o.resolution {
                    resolution(r, &o.value);
                }
                finite_opt("price", o.price);
                assert!(o.price.is_none_or(|p| p >= 0.0), "{id}: negative price");
            }
            if let Some(d) = &ch.default {
                assert!(
                    values.contains(d.as_str()),
                    "{id}: default {d:?} is no option"
                );
            }
        }
        Control::Slider(s) => {
            for (what, x) in [
                ("min", s.min),
                ("max", s.max),
                ("step", s.step),
                ("default", s.default),
            ] {
                finite(&format!("{id}.{what}"), x);
            }
            assert!(s.min < s.max, "{id}: slider min {} ≥ max {}", s.min, s.max);
            assert!(
                s.min <= s.default && s.default <= s.max,
                "{id}: default outside"
            );
            assert!(s.step > 0.0, "{id}: step {}", s.step);
            assert!(s.max - s.min <= MAX_SLIDER_SPAN, "{id}: span");
            assert!(
                s.step <= s.max - s.min,
                "{id}: step {} larger than the range",
                s.step
            );
            if id == "n" {
                assert!(
                    s.min >= 1.0 && s.max <= MAX_IMAGE_COUNT as f64,
                    "n slider {s:?}"
                );
            }
        }
        Control::Number(n) => {
            for (what, x) in [
                ("min", n.min),
                ("max", n.max),
                ("step", n.step),
                ("default", n.default),
            ] {
                finite_opt(&format!("{id}.{what}"), x);
            }
            if let (Some(lo), Some(hi)) = (n.min, n.max) {
                assert!(lo <= hi, "{id}: min > max");
            }
            if let Some(d) = n.default {
                assert!(n.min.is_none_or(|lo| d >= lo) && n.max.is_none_or(|hi| d <= hi));
            }
            assert!(n.step.is_none_or(|s| s > 0.0), "{id}: step {:?}", n.step);
        }
        Control::Text(t) => {
            assert!(t.max_length.is_none_or(|m| m > 0), "{id}: maxLength 0");
        }
        Control::Images(i) => {
            assert!(i.max_items >= 1 && u64::from(i.max_items) <= MAX_INPUT_IMAGES);
            assert!(i.min_items <= i.max_items, "{id}: minItems > maxItems");
            finite_opt("maxBytes", i.max_bytes);
            assert!(i.max_bytes.is_none_or(|b| b > 0.0));
            for d in [i.min_width, i.min_height, i.max_width, i.max_height] {
                assert!(d.is_none_or(|d| d > 0));
            }
        }
        Control::Fixed(f) => {
            json_finite("fixed", &f.value.to_serde());
            if id == "n" {
                let n = f.value.as_u64().unwrap_or(0);
                assert!((1..=MAX_IMAGE_COUNT).contains(&n), "fixed n {:?}", f.value);
            }
        }
        Control::Toggle(_) | Control::Mask(_) => {}
    }
}

/// A quote: finite, non-negative, shaped by its kind.
pub fn quote(q: &PriceQuote) {
    for (what, x) in [
        ("amount", q.amount),
        ("min", q.min),
        ("max", q.max),
        ("perImage", q.per_image),
    ] {
        finite_opt(what, x);
        assert!(x.is_none_or(|x| x >= 0.0), "{what} negative: {q:?}");
    }
    match q.kind {
        QuoteKind::Exact => {
            let (amount, per) = (
                q.amount.expect("exact has amount"),
                q.per_image.expect("perImage"),
            );
            let images = f64::from(q.images.expect("exact has images"));
            assert!(images >= 1.0);
            let want = per * images;
            assert!(
                (amount - want).abs() <= 1e-9 * want.max(1.0),
                "{amount} ≠ {per} × {images}"
            );
            assert!(q.min.is_none() && q.max.is_none());
        }
        QuoteKind::Range => {
            let (lo, hi) = (q.min.expect("range has min"), q.max.expect("range has max"));
            assert!(lo <= hi, "range {lo} > {hi}");
            assert!(q.amount.is_none());
        }
        QuoteKind::Unknown => {
            assert!(
                q.amount.is_none() && q.min.is_none() && q.max.is_none() && q.per_image.is_none()
            );
        }
    }
}

/// A build result: `ok` exactly when there are no errors, and the body holds `model` and the
/// fields of the controls only.
pub fn build(r: &BuildResult, set: &ControlSet, model: &Model, values: &Values) {
    assert_eq!(r.ok, r.errors.is_empty(), "ok disagrees with errors");
    assert_eq!(
        r.errors,
        validate_values(set, values),
        "build and validate disagree"
    );
    let mut dropped = r.dropped.clone();
    dropped.sort();
    assert_eq!(dropped, r.dropped, "dropped is not sorted");
    for id in &r.dropped {
        assert!(set.get(id).is_none(), "dropped {id:?} has a control");
        assert!(values.contains_key(id));
    }
    let Some(body) = &r.body else {
        assert!(!r.ok, "ok without a body");
        return;
    };
    assert!(r.ok, "a body with errors");
    json_finite("body", &json::Value::Object(body.clone()).to_serde());
    assert_eq!(
        body.get("model").and_then(json::Value::as_str),
        Some(model.id.as_str())
    );
    let mut fields: HashSet<&str> = set
        .controls
        .iter()
        .map(|c| c.base().field.as_ref())
        .collect();
    // One input image goes to `imageDataUrl`, several to `imageDataUrls` (documented).
    if fields.contains("imageDataUrls") {
        fields.insert("imageDataUrl");
    }
    for key in body.keys() {
        assert!(
            key == "model" || fields.contains(key),
            "body field {key:?} has no control"
        );
    }
    assert!(body.contains_key("prompt"), "no prompt in the body");
    for c in &set.controls {
        if let Control::Fixed(_) = c {
            assert!(
                !body.contains_key(c.base().field.as_ref()),
                "a fixed value was sent"
            );
        }
    }
}

/// A migration: values only for controls of `to`, valid there apart from what the user must
/// give, and stable when migrated again.
pub fn migration(m: &Migration, to: &ControlSet) {
    for id in m.values.keys() {
        assert!(to.get(id).is_some(), "migrated value {id:?} has no control");
    }
    for e in validate_values(to, &m.values) {
        assert_eq!(e.code, "required", "migrated values do not validate: {e:?}");
    }
    let again = nanogpt_image_controls::form::migrate_values(to, to, &m.values);
    assert_eq!(again.values, m.values, "migrating twice changes the values");
}

/// The JSON Schema bridge of a control set: finite, bounds in order, one property per control.
pub fn schema(set: &ControlSet) {
    let bridge = nanogpt_image_controls::schema::to_json_schema(set);
    json_finite("schema", &bridge.schema.to_serde());
    json_finite("uiSchema", &bridge.ui_schema.to_serde());
    let properties = bridge.schema["properties"]
        .as_object()
        .expect("the schema has properties");
    assert_eq!(
        properties.len(),
        set.controls.len(),
        "one property per control"
    );
    for (id, p) in properties {
        let (lo, hi) = (p["minimum"].as_f64(), p["maximum"].as_f64());
        if let (Some(lo), Some(hi)) = (lo, hi) {
            assert!(lo <= hi, "{id}: minimum {lo} > maximum {hi}");
        }
        if let Some(m) = p.get("multipleOf") {
            assert!(m.as_f64().is_some_and(|m| m > 0.0), "{id}: multipleOf {m}");
        }
        if let (Some(lo), Some(hi)) = (p["minLength"].as_u64(), p["maxLength"].as_u64()) {
            assert!(lo <= hi, "{id}: minLength {lo} > maxLength {hi}");
        }
    }
}
