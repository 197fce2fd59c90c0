//! The catalog's future, played on the real models: `fixtures/evolved/` holds two later versions
//! of `fixtures/real/` written the way CATALOG.md says the catalog changes (keys nobody has seen
//! yet in every listed shape, numbers as strings, nulls, lists that become typed descriptors and
//! back, resolutions gaining `auto`/tiers/aspect ratios, `aspect_ratio` starting with `""`,
//! `fixed_image_count` coming and going, `max_input_images` changing, price keys in other
//! spellings, a table by rendering speed, unknown pricing shapes, removed keys).
//!
//! `evolved_forms_match_the_snapshot` pins what a front end would render and send for every
//! model of each version (controls, warnings, defaults, bodies, quotes) and what a model switch
//! from the previous version does to values left at their defaults and to values a user set
//! (`snapshots/evolution.txt`; `UPDATE_SNAPSHOTS=1 cargo test --test evolution` rewrites it:
//! review the diff). The other tests state the properties the snapshot should never lose.

use std::path::PathBuf;

use nanogpt_image_controls::catalog::{diff_catalogs, parse_catalog, Catalog, ParseOptions};
use nanogpt_image_controls::controls::{Control, ControlSet, Endpoint};
use nanogpt_image_controls::form::{
    build_request, default_values, migrate_values, validate_values, Values,
};
use nanogpt_image_controls::json::OwnedValue as Value;
use nanogpt_image_controls::pricing::{quote_price, QuoteKind};
use nanogpt_image_controls::{derive_controls, Model};

#[path = "support/snapshot.rs"]
mod snapshot;

const REAL: &str = include_str!("fixtures/real/image-models-nsfw-paid-subset.json");
const NEXT: &str = include_str!("fixtures/evolved/image-models-next.json");
const LATER: &str = include_str!("fixtures/evolved/image-models-later.json");

/// `json!` building the crate's own tree.
macro_rules! json {
    ($($json:tt)+) => {
        Value::from(serde_json::json!($($json)+))
    };
}

fn parse(text: &str) -> Catalog {
    let catalog = parse_catalog(text, &ParseOptions::default()).expect("fixture parses");
    assert!(catalog.warnings.is_empty(), "{:?}", catalog.warnings);
    catalog
}

/// The versions in order, each with its name.
fn versions() -> [(&'static str, Catalog); 3] {
    [
        ("real", parse(REAL)),
        ("next", parse(NEXT)),
        ("later", parse(LATER)),
    ]
}

fn find<'a>(catalog: &'a Catalog, id: &str) -> &'a Model {
    catalog
        .models
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no model {id}"))
}

fn controls(catalog: &Catalog, id: &str) -> ControlSet {
    derive_controls(find(catalog, id), Endpoint::Openai)
}

const IMAGE: &str = "data:image/png;base64,iVBORw0KGgo=";

/// The defaults, a prompt and, where the model requires one, an input image: what a user who
/// touched nothing else sends.
fn untouched(set: &ControlSet) -> Values {
    let mut v = default_values(set);
    v.insert("prompt", json!("a lighthouse at dusk"));
    if let Some(Control::Images(i)) = set.get("images") {
        if i.min_items > 0 {
            v.insert("images", json!([IMAGE]));
        }
    }
    v
}

/// Values a user set on every control: the last option, the most images, the highest count,
/// the other side of each toggle, a bound of each number, some text.
fn touched(set: &ControlSet) -> Values {
    let mut v = untouched(set);
    for c in &set.controls {
        let id = c.id();
        let value = match c {
            Control::Select(x) | Control::Radio(x) => x
                .options
                .iter()
                .rev()
                .find(|o| !o.value.is_empty())
                .map(|o| json!(o.value)),
            Control::Slider(x) => Some(num(x.max)),
            Control::Number(x) => Some(num(x.max.or(x.min).unwrap_or(3.0))),
            Control::Toggle(x) => Some(json!(!x.default)),
            Control::Text(_) if id != "prompt" => Some(json!("blurry, text")),
            Control::Images(x) => Some(json!(vec![IMAGE; x.max_items.min(3) as usize])),
            _ => None,
        };
        if let Some(value) = value {
            v.insert(id.to_owned(), value);
        }
    }
    v
}

/// A number as JavaScript would hand it over: whole numbers without a fraction.
fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

fn text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serializable")
}

/// One control on one line, as a form would show it (translation keys and the parsed token of
/// each option left out: the controls snapshot has them).
fn control_line(c: &Control) -> String {
    let mut v = serde_json::to_value(c).expect("serializable");
    let obj = v.as_object_mut().expect("an object");
    obj.shift_remove("labelKey");
    obj.shift_remove("labelParams");
    if let Some(options) = obj.get_mut("options").and_then(|o| o.as_array_mut()) {
        for o in options.iter_mut() {
            let mut s = format!("{}={}", o["value"], o["label"].as_str().unwrap_or(""));
            if let Some(group) = o["group"].as_str() {
                s.push_str(&format!(" [{group}]"));
            }
            if let Some(price) = o["price"].as_f64() {
                s.push_str(&format!(" ${price}"));
            }
            *o = serde_json::Value::String(s);
        }
    }
    v.to_string()
}

fn quote_line(model: &Model, values: &Values) -> String {
    let q = quote_price(model, values);
    match q.kind {
        QuoteKind::Exact => format!(
            "exact {} {} ({} × {})",
            q.currency.as_deref().unwrap_or("-"),
            q.amount.unwrap_or(f64::NAN),
            q.images.unwrap_or(0),
            q.per_image.unwrap_or(f64::NAN)
        ),
        QuoteKind::Range => format!(
            "range {} {}…{} ({} images)",
            q.currency.as_deref().unwrap_or("-"),
            q.min.unwrap_or(f64::NAN),
            q.max.unwrap_or(f64::NAN),
            q.images.unwrap_or(0)
        ),
        QuoteKind::Unknown => "unknown".to_owned(),
    }
}

fn body_line(model: &Model, set: &ControlSet, values: &Values, endpoint: Endpoint) -> String {
    let r = build_request(model, set, values, endpoint);
    let mut line = match &r.body {
        Some(body) => text(body),
        None => format!("errors {}", text(&r.errors)),
    };
    for w in &r.warnings {
        line.push_str(&format!("\n      warning {}: {}", w.path, w.message));
    }
    if !r.dropped.is_empty() {
        line.push_str(&format!("\n      dropped {}", r.dropped.join(", ")));
    }
    line
}

/// What a model switch from `old` to `model` does to `values`, as text.
fn migration(out: &mut String, what: &str, old: &ControlSet, model: &Model, values: &Values) {
    let set = derive_controls(model, Endpoint::Openai);
    let m = migrate_values(old, &set, values);
    out.push_str(&format!("  switch, {what}: {}\n", text(values)));
    for c in &m.changes {
        out.push_str(&format!(
            "    {}: {} → {} ({}) {}\n",
            c.id,
            text(&c.from),
            text(&c.to),
            c.reason_key,
            c.reason
        ));
    }
    out.push_str(&format!("    values {}\n", text(&m.values)));
    out.push_str(&format!(
        "    body {}\n",
        body_line(model, &set, &m.values, Endpoint::Openai)
    ));
    out.push_str(&format!("    quote {}\n", quote_line(model, &m.values)));
}

fn summary() -> String {
    let versions = versions();
    let mut out = String::new();
    for pair in versions.windows(2) {
        let [(before_name, before), (name, catalog)] = pair else {
            unreachable!()
        };
        let diff = diff_catalogs(before, catalog);
        out.push_str(&format!(
            "# {before_name} → {name}: added {:?}, removed {:?}, changed {} of {}\n\n",
            diff.added,
            diff.removed,
            diff.changed.len(),
            catalog.models.len()
        ));
        for model in &catalog.models {
            let set = derive_controls(model, Endpoint::Openai);
            out.push_str(&format!("## {} ({name})\n", model.id));
            for c in &set.controls {
                out.push_str(&format!("  {}\n", control_line(c)));
            }
            for w in &set.warnings {
                out.push_str(&format!("  warning {}: {}\n", w.path, w.message));
            }
            let values = untouched(&set);
            out.push_str(&format!("  defaults {}\n", text(&default_values(&set))));
            for (endpoint, label) in [(Endpoint::Openai, "openai"), (Endpoint::Images, "images")] {
                let set = derive_controls(model, endpoint);
                out.push_str(&format!(
                    "  body ({label}) {}\n",
                    body_line(model, &set, &values, endpoint)
                ));
            }
            out.push_str(&format!("  quote {}\n", quote_line(model, &values)));
            let touched_values = touched(&set);
            out.push_str(&format!(
                "  quote, values set {}\n",
                quote_line(model, &touched_values)
            ));
            if let Some(old) = before.models.iter().find(|m| m.id == model.id) {
                let old_set = derive_controls(old, Endpoint::Openai);
                migration(&mut out, "defaults", &old_set, model, &untouched(&old_set));
                migration(&mut out, "values set", &old_set, model, &touched(&old_set));
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn evolved_forms_match_the_snapshot() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/evolution.txt");
    if let Some(failure) = snapshot::differs(&path, &summary()) {
        panic!(
            "{failure}\nIf the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test \
             evolution` and review the diff."
        );
    }
}

/// Every evolved model still makes a form whose defaults build a body of its own fields only,
/// with no advanced (inferred) parameter the user did not touch, and a model switch from the
/// previous version leaves values that build.
#[test]
fn every_evolved_form_builds_and_sends_only_what_was_chosen() {
    let versions = versions();
    for pair in versions.windows(2) {
        let [(_, before), (_, catalog)] = pair else {
            unreachable!()
        };
        for model in &catalog.models {
            for endpoint in [Endpoint::Openai, Endpoint::Images] {
                let set = derive_controls(model, endpoint);
                let values = untouched(&set);
                assert_eq!(validate_values(&set, &values), [], "{}", model.id);
                let r = build_request(model, &set, &values, endpoint);
                let body = r.body.expect("a body");
                assert!(r.warnings.is_empty(), "{}: {:?}", model.id, r.warnings);
                for field in body.keys() {
                    let control = set.controls.iter().find(|c| {
                        c.base().field == field
                            || (c.id() == "images" && field.starts_with("imageDataUrl"))
                    });
                    match control {
                        Some(c) => assert!(
                            !c.base().advanced,
                            "{}: {field} sent though untouched",
                            model.id
                        ),
                        None => assert_eq!(field, "model", "{}", model.id),
                    }
                }
                let set_values = touched(&set);
                assert_eq!(validate_values(&set, &set_values), [], "{}", model.id);
            }
            let Some(old) = before.models.iter().find(|m| m.id == model.id) else {
                continue;
            };
            let old_set = derive_controls(old, Endpoint::Openai);
            let set = derive_controls(model, Endpoint::Openai);
            for values in [untouched(&old_set), touched(&old_set)] {
                let m = migrate_values(&old_set, &set, &values);
                assert_eq!(validate_values(&set, &m.values), [], "{}", model.id);
                // Every value the user had is carried as it was, or its change is explained.
                for (id, v) in &values {
                    let carried = m.values.get(id) == Some(v);
                    let explained = m.changes.iter().any(|c| c.id == *id);
                    // An advanced value at its stated default was never sent: it follows the
                    // new control's default like an unset value (silently when none is stated).
                    let untouched_default = old_set.get(id).is_some_and(|c| c.base().advanced)
                        && default_values(&old_set).get(id) == Some(v);
                    // Nothing is lost with an empty value (no images, an empty text).
                    let empty = *v == json!([]) || *v == json!("");
                    assert!(
                        carried || explained || untouched_default || empty,
                        "{}: {id} {v:?} lost without a note",
                        model.id
                    );
                }
            }
        }
    }
}

/// Quotes never guess: an unknown pricing shape is `unknown`, a table by rendering speed is
/// exact at the speed sent, and a table whose speed control went away is no exact price.
#[test]
fn evolved_prices_are_exact_only_where_the_catalog_says() {
    let [_, (_, next), (_, later)] = &versions();
    let quote = |catalog: &Catalog, id: &str, v: Value| {
        let set = controls(catalog, id);
        let mut values = untouched(&set);
        for (k, x) in v.as_object().expect("an object") {
            values.insert(k.to_string(), x.clone());
        }
        quote_price(find(catalog, id), &values)
    };
    // `per_quality` beside `per_image`: the price may depend on it.
    let q = quote(next, "recraft-ai/recraft-v4.1-pro/text-to-image", json!({}));
    assert_eq!(q.kind, QuoteKind::Unknown);
    let q = quote(
        later,
        "recraft-ai/recraft-v4.1-pro/text-to-image",
        json!({}),
    );
    assert_eq!(q.kind, QuoteKind::Unknown);
    // The table by speed prices the speed sent.
    let q = quote(
        next,
        "recraft-ai/recraft-v4.1/text-to-image",
        json!({"rendering_speed": "QUALITY", "n": 2}),
    );
    assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.12)));
    // Without the speed control its keys are no tokens: a size is unknown, `auto` spans them.
    let q = quote(later, "recraft-ai/recraft-v4.1/text-to-image", json!({}));
    assert_eq!(q.kind, QuoteKind::Unknown);
    let q = quote(
        later,
        "recraft-ai/recraft-v4.1/text-to-image",
        json!({"resolution": "auto"}),
    );
    assert_eq!(
        (q.kind, q.min, q.max),
        (QuoteKind::Range, Some(0.03), Some(0.06))
    );
    // Price keys spelled `2048x2048` price the token `2048*2048`.
    let q = quote(next, "hidream-o1-image", json!({"resolution": "2048*2048"}));
    assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.04)));
    // The typed array prices tiers only: an aspect-ratio token is unknown, not a tier's price.
    let q = quote(next, "bytedance/seedream/v5/pro/text-to-image", json!({}));
    assert_eq!(q.kind, QuoteKind::Unknown);
    // A fixed count of 4 is priced as 4 images.
    let q = quote(next, "bytedance/seedream-v5.0-pro/edit", json!({"n": 1}));
    assert_eq!((q.amount, q.images), (Some(0.36), Some(4)));
}

/// A `{type:"range"}` too wide for a slider (a seed, 0…2³¹−1) is a number input in the whole
/// steps its slider would have had: a seed of 1.5 is refused, not sent.
#[test]
fn a_seed_range_takes_whole_numbers() {
    let [_, (_, next), (_, later)] = &versions();
    for (catalog, id) in [
        (next, "hidream-o1-image"),
        (later, "hidream-o1-image"),
        (later, "hidream-o1-image-dev"),
    ] {
        let set = controls(catalog, id);
        match set.get("seed") {
            Some(Control::Number(n)) => assert_eq!((n.min, n.step), (Some(0.0), Some(1.0))),
            other => panic!("{id}: {other:?}"),
        }
        let mut values = untouched(&set);
        values.insert("seed", json!(1.5));
        let errors = validate_values(&set, &values);
        assert_eq!(errors.len(), 1, "{id}: {errors:?}");
        assert_eq!(
            (errors[0].id.as_str(), errors[0].code.as_str()),
            ("seed", "not_integer")
        );
    }
    // A fractional default still makes a number input that takes fractions.
    let set = controls(next, "hidream-o1-image");
    match set.get("guidance_scale") {
        Some(Control::Number(n)) => assert_eq!((n.step, n.default), (None, Some(7.5))),
        other => panic!("{other:?}"),
    }
}

/// A number given as text for a key nobody has seen (`"num_inference_steps": "30"`) is read as
/// the known keys' numbers are: a number input, with a warning, not a lost control.
#[test]
fn a_number_given_as_text_stays_a_number_control() {
    let [_, _, (_, later)] = &versions();
    let set = controls(later, "hidream-o1-image-dev");
    match set.get("num_inference_steps") {
        Some(Control::Number(n)) => assert_eq!(n.default, Some(30.0)),
        other => panic!("{other:?}"),
    }
    assert!(set.warnings.iter().any(|w| {
        w.path == "supported_parameters.num_inference_steps"
            && w.message.contains("given as a string")
    }));
    let mut values = untouched(&set);
    values.insert("num_inference_steps", json!(40));
    let body = build_request(
        find(later, "hidream-o1-image-dev"),
        &set,
        &values,
        Endpoint::Openai,
    )
    .body
    .expect("a body");
    assert_eq!(body.get("num_inference_steps"), Some(&json!(40)));
}

/// An advanced value left at its old control's stated default was never sent; a new version
/// whose default differs (or states none) must not start sending it.
#[test]
fn untouched_advanced_defaults_are_not_sent_after_a_switch() {
    let [_, (_, next), (_, later)] = &versions();
    for (id, key) in [
        // `watermark: true` (on by default) became `{type:"switch", default:false}`.
        ("bytedance/seedream-v5.0-pro", "watermark"),
        // `quality: {type:"enum", default:"medium"}` became a plain list: no default.
        ("recraft-ai/recraft-v4.1-pro/text-to-image", "quality"),
    ] {
        let old = controls(next, id);
        let new = controls(later, id);
        let values = untouched(&old);
        assert!(values.get(key).is_some(), "{id}: {key} has a default");
        let old_body = build_request(find(next, id), &old, &values, Endpoint::Openai)
            .body
            .expect("a body");
        assert_eq!(old_body.get(key), None, "{id}");
        let m = migrate_values(&old, &new, &values);
        let body = build_request(find(later, id), &new, &m.values, Endpoint::Openai)
            .body
            .expect("a body");
        assert_eq!(body.get(key), None, "{id}: {key} sent though untouched");
        assert_eq!(m.values.get(key), default_values(&new).get(key), "{id}");
    }
    // The new default differs from what the form showed: the change is explained.
    let old = controls(next, "bytedance/seedream-v5.0-pro");
    let new = controls(later, "bytedance/seedream-v5.0-pro");
    let m = migrate_values(&old, &new, &untouched(&old));
    let change = m
        .changes
        .iter()
        .find(|c| c.id == "watermark")
        .expect("noted");
    assert_eq!((&change.from, &change.to), (&json!(true), &json!(false)));
    // A value the user chose is carried and sent.
    let mut values = untouched(&old);
    values.insert("output_format", json!("jpeg"));
    let m = migrate_values(&old, &new, &values);
    assert_eq!(m.values.get("output_format"), Some(&json!("jpeg")));
    let old = controls(next, "recraft-ai/recraft-v4.1-pro/text-to-image");
    let new = controls(later, "recraft-ai/recraft-v4.1-pro/text-to-image");
    let mut values = untouched(&old);
    values.insert("quality", json!("high"));
    let m = migrate_values(&old, &new, &values);
    assert_eq!(m.values.get("quality"), Some(&json!("high")));
    assert!(m.changes.is_empty(), "{:?}", m.changes);
}

/// A number input that becomes a list of numbers (`steps: 30` → `steps: [10, 20, 30, 50]`)
/// keeps the number as the option that reads the same, without a note: it is the same choice
/// ("Steps 30 is written 30 for this model." said nothing).
#[test]
fn a_number_that_became_an_option_is_the_same_choice() {
    let model = |params: serde_json::Value| {
        let text = serde_json::json!([{"id": "m", "supported_parameters": params}]).to_string();
        parse(&text).models.remove(0)
    };
    let old = model(serde_json::json!({"steps": 30, "cfg": 7}));
    let new = model(serde_json::json!({"steps": [10, 20, 30, 50], "cfg": [5, 7.5, 10]}));
    let (old_set, new_set) = (
        derive_controls(&old, Endpoint::Openai),
        derive_controls(&new, Endpoint::Openai),
    );
    let mut values = untouched(&old_set);
    values.insert("steps", json!(20));
    values.insert("cfg", json!(8));
    let m = migrate_values(&old_set, &new_set, &values);
    assert_eq!(m.values.get("steps"), Some(&json!("20")));
    assert!(m.changes.iter().all(|c| c.id != "steps"), "{:?}", m.changes);
    // 8 is no option of [5, 7.5, 10]: that change is still explained.
    assert!(m.changes.iter().any(|c| c.id == "cfg"), "{:?}", m.changes);
    let body = build_request(&new, &new_set, &m.values, Endpoint::Openai)
        .body
        .expect("a body");
    assert_eq!(body.get("steps"), Some(&json!(20)));
}
