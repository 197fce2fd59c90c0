//! Controls derived from every fixture, compared with reviewed snapshots, plus properties that
//! must hold for any `supported_parameters` at all.
//!
//! Regenerate the snapshots with `UPDATE_SNAPSHOTS=1 cargo test --test controls`, then review
//! the diff by eye: each file is what a form for those models would show.

use std::path::{Path, PathBuf};

use nanogpt_image_controls::catalog::{parse_catalog, ParseOptions};
use nanogpt_image_controls::controls::{Control, ControlSet, MAX_OPTIONS};
use nanogpt_image_controls::{
    derive_controls, derive_controls_lean, parse_resolution, Endpoint, Model,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

#[path = "support/snapshot.rs"]
mod snapshot;

const FIXTURES: &[&str] = &[
    "real/image-models-nsfw-paid-subset.json",
    "docs/image-models.example.json",
    "docs/images-models.example.json",
    "docs/image-model-endpoints.example.json",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The models of one fixture. The per-model endpoints listing is not a catalog: its model is
/// built from `endpoints[0]`, whose `input_reference_constraints` sit beside (not inside)
/// `supported_parameters`; they are merged in so the images control can read them.
fn models(fixture: &str) -> Vec<Model> {
    let text = read(&root().join("fixtures").join(fixture));
    if fixture.ends_with("image-model-endpoints.example.json") {
        let v: Value = serde_json::from_str(&text).expect("valid JSON");
        let endpoint = &v["endpoints"][0];
        let mut params = endpoint["supported_parameters"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        if let Some(c) = endpoint.get("input_reference_constraints") {
            params.insert("input_reference_constraints".into(), c.clone());
        }
        let model = json!({
            "id": v["id"],
            "name": v["id"],
            "pricing": endpoint["pricing"],
            "supportedParameters": params,
        });
        return vec![serde_json::from_value(model).expect("a model")];
    }
    let catalog =
        parse_catalog(&text, &ParseOptions::default()).unwrap_or_else(|e| panic!("{fixture}: {e}"));
    assert!(!catalog.models.is_empty(), "{fixture}: no models");
    catalog.models
}

fn snapshot_of(models: &[Model]) -> String {
    let entries: Vec<Value> = models
        .iter()
        .map(|m| {
            json!({
                "modelId": m.id,
                "openai": derive_controls(m, Endpoint::Openai),
                "images": derive_controls(m, Endpoint::Images),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&entries).expect("serializable");
    text.push('\n');
    text
}

#[test]
fn fixtures_match_snapshots() {
    let mut failures = Vec::new();
    for fixture in FIXTURES {
        let models = models(fixture);
        for m in &models {
            for endpoint in [Endpoint::Openai, Endpoint::Images] {
                check_invariants(&derive_controls(m, endpoint), m);
                check_lean(m, endpoint);
            }
        }
        let name = Path::new(fixture)
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        let path = root().join("snapshots").join(name);
        failures.extend(snapshot::differs(&path, &snapshot_of(&models)));
    }
    assert!(
        failures.is_empty(),
        "{}\nIf the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test --test controls` \
         and review `git diff tests/snapshots`.",
        failures.join("\n")
    );
}

/// What a person building a form expects of the real models, beyond the snapshot.
#[test]
fn real_fixture_reads_as_a_person_expects() {
    let models = models("real/image-models-nsfw-paid-subset.json");
    let find = |id: &str| {
        let m = models.iter().find(|m| m.id == id).expect("model present");
        derive_controls(m, Endpoint::Openai)
    };
    let ids = |s: &ControlSet| {
        s.controls
            .iter()
            .map(|c| c.id().to_owned())
            .collect::<Vec<_>>()
    };

    let recraft = find("recraft-ai/recraft-v4.1/text-to-image");
    assert_eq!(ids(&recraft), ["prompt", "resolution", "n"]);
    match recraft.get("prompt") {
        Some(Control::Text(t)) => {
            assert_eq!(t.max_length, Some(10000));
            assert_eq!(t.length_unit.as_deref(), Some("unicode_code_points"));
        }
        other => panic!("{other:?}"),
    }
    match recraft.get("resolution") {
        Some(Control::Select(c)) => {
            assert_eq!(c.default.as_deref(), Some("1024x1024"));
            assert!(c.options.iter().all(|o| o.price == Some(0.04)));
        }
        other => panic!("{other:?}"),
    }
    match recraft.get("n") {
        Some(Control::Slider(s)) => assert_eq!((s.min, s.max, s.default), (1.0, 8.0, 1.0)),
        other => panic!("{other:?}"),
    }

    let edit = find("bytedance/seedream-v5.0-pro/edit");
    assert_eq!(ids(&edit), ["prompt", "images", "resolution", "n"]);
    match edit.get("images") {
        Some(Control::Images(i)) => {
            assert!(i.base.required);
            assert_eq!((i.min_items, i.max_items), (1, 10));
            assert_eq!(i.base.field, "imageDataUrls");
            // The endpoint's 4 MB upload limit (as a data URL) is below the model's 10 MB.
            assert_eq!(i.max_bytes, Some(2_999_952.0));
        }
        other => panic!("{other:?}"),
    }
    let models_edit = models
        .iter()
        .find(|m| m.id == "bytedance/seedream-v5.0-pro/edit");
    match models_edit
        .map(|m| derive_controls(m, Endpoint::Images))
        .as_ref()
        .and_then(|s| s.get("images"))
    {
        Some(Control::Images(i)) => assert_eq!(i.max_bytes, Some(10_485_760.0)),
        other => panic!("{other:?}"),
    }
    let t2i = find("bytedance/seedream/v5/pro/text-to-image");
    match t2i.get("images") {
        Some(Control::Images(i)) => assert!(!i.base.required && i.min_items == 0),
        other => panic!("{other:?}"),
    }

    for m in &models {
        let set = derive_controls(m, Endpoint::Openai);
        assert!(set.warnings.is_empty(), "{}: {:?}", m.id, set.warnings);
        assert!(set.controls.iter().all(|c| !c.base().advanced), "{}", m.id);
    }
}

fn finite(x: f64, what: &str) {
    assert!(x.is_finite(), "{what} is {x}");
}

/// What every derived control set must satisfy, whatever the input.
/// The lean derivation (what the wasm registry keeps) is the full one minus the per-token
/// parts, and completing it gives the full one back.
fn check_lean(model: &Model, endpoint: Endpoint) {
    let full = derive_controls(model, endpoint);
    let lean = derive_controls_lean(model, endpoint);
    assert_eq!(lean.complete(), full, "{}", model.id);
    for (i, (l, f)) in lean.set.controls.iter().zip(&full.controls).enumerate() {
        let token = lean.token_controls.contains(&(i as u32));
        match (l, f) {
            (Control::Select(l), Control::Select(f)) | (Control::Radio(l), Control::Radio(f))
                if token =>
            {
                assert!(matches!(f.base.id.as_ref(), "resolution" | "aspect_ratio"));
                for (lo, fo) in l.options.iter().zip(&f.options) {
                    assert!(lo.resolution.is_none() && fo.resolution.is_some());
                    assert_eq!(
                        lo.label.is_empty(),
                        fo.label_key
                            .as_deref()
                            .is_some_and(|k| k.starts_with("resolution.")),
                        "{}: {}",
                        model.id,
                        fo.value
                    );
                }
            }
            _ => assert!(!token && l == f, "{}: control {i}", model.id),
        }
    }
}

fn check_invariants(set: &ControlSet, model: &Model) {
    assert_eq!(set.model_id, model.id);
    assert_eq!(set.controls.first().map(Control::id), Some("prompt"));
    let mut ids: Vec<&str> = set.controls.iter().map(Control::id).collect();
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids: {:?}", set.controls);
    for c in &set.controls {
        let b = c.base();
        assert!(!b.label.is_empty(), "{} has no label", b.id);
        match c {
            Control::Select(x) | Control::Radio(x) => {
                assert!(!x.options.is_empty() && x.options.len() <= MAX_OPTIONS);
                let mut values: Vec<&str> = x.options.iter().map(|o| o.value.as_str()).collect();
                values.sort_unstable();
                values.dedup();
                assert_eq!(
                    values.len(),
                    x.options.len(),
                    "duplicate options in {}",
                    b.id
                );
                if let Some(d) = &x.default {
                    assert!(x.options.iter().any(|o| o.value == *d), "{}: default", b.id);
                }
                for o in &x.options {
                    assert!(!o.label.is_empty(), "{}: empty label", b.id);
                    if let Some(p) = o.price {
                        finite(p, "price");
                    }
                    if let Some(r) = &o.resolution {
                        assert_eq!(r.token, o.value);
                        for x in [r.ratio, r.megapixels, r.scale].into_iter().flatten() {
                            finite(x, "resolution number");
                        }
                    }
                }
            }
            Control::Slider(s) => {
                for x in [s.min, s.max, s.step, s.default] {
                    finite(x, "slider number");
                }
                assert!(
                    s.min <= s.default && s.default <= s.max && s.step > 0.0,
                    "{s:?}"
                );
            }
            Control::Number(n) => {
                for x in [n.min, n.max, n.step, n.default].into_iter().flatten() {
                    finite(x, "number input");
                }
                if let (Some(lo), Some(hi)) = (n.min, n.max) {
                    assert!(lo <= hi);
                }
            }
            Control::Images(i) => {
                assert!(i.min_items <= i.max_items && i.max_items >= 1);
                if let Some(bytes) = i.max_bytes {
                    assert!(bytes.is_finite() && bytes > 0.0);
                }
            }
            Control::Fixed(f) => assert!(f.value.as_f64().is_some_and(f64::is_finite)),
            Control::Toggle(_) | Control::Text(_) | Control::Mask(_) => {}
        }
    }
    for w in &set.warnings {
        assert_eq!(w.model_id.as_deref(), Some(model.id.as_str()));
        assert!(w.path.starts_with("supported_parameters."), "{}", w.path);
    }
}

const KEYS: &[&str] = &[
    "resolutions",
    "resolution",
    "aspect_ratio",
    "max_images",
    "max_output_images",
    "fixed_image_count",
    "n",
    "rendering_speed",
    "max_input_images",
    "input_image_constraints",
    "max_prompt_characters",
    "prompt_length",
    "prompt",
    "images",
    "size",
    "guidance_scale",
    "style",
];

const TYPES: &[&str] = &[
    "enum", "range", "select", "switch", "boolean", "number", "integer", "text", "string", "x",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-5i64..30).prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        prop::sample::select(vec![0.5, 1e9, -1.0, 1e308, f64::MIN_POSITIVE]).prop_map(Value::from),
    ]
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,5}[x*×][0-9]{1,5}",
        "[0-9]{1,3}(\\.[0-9])?:[0-9]{1,3}",
        "[0-9.]{1,4}(k|K|p|mp|MP|x)?",
        "(auto|auto_2K|AUTO|)",
        ".{0,12}",
        "[a-z_]{1,10}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((string(), inner.clone()), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            descriptor(inner),
        ]
    })
}

/// Objects shaped like the catalogs' descriptors, with arbitrary field values.
fn descriptor(inner: impl Strategy<Value = Value> + Clone) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(TYPES),
        prop::option::of(prop::collection::vec(inner.clone(), 0..6)),
        prop::option::of(number()),
        prop::option::of(number()),
        prop::option::of(number()),
        prop::option::of(inner),
    )
        .prop_map(|(ty, values, min, max, step, default)| {
            let mut m = Map::new();
            m.insert("type".into(), json!(ty));
            if let Some(v) = values {
                m.insert("values".into(), Value::Array(v.clone()));
                let options = v.into_iter().map(|v| json!({"value": v, "label": "L"}));
                m.insert("options".into(), Value::Array(options.collect()));
            }
            for (k, v) in [
                ("min", min),
                ("max", max),
                ("step", step),
                ("default", default),
            ] {
                if let Some(v) = v {
                    m.insert(k.into(), v);
                }
            }
            Value::Object(m)
        })
}

fn params() -> impl Strategy<Value = Map<String, Value>> {
    let key = prop_oneof![prop::sample::select(KEYS).prop_map(str::to_owned), string()];
    prop::collection::vec((key, json_value()), 0..10).prop_map(|kv| kv.into_iter().collect())
}

fn any_model() -> impl Strategy<Value = Model> {
    (
        params(),
        prop::option::of(json_value()),
        [any::<Option<bool>>(), any::<Option<bool>>(), any::<Option<bool>>()],
        any::<bool>(),
        "[a-z/:@-]{1,20}",
    )
        .prop_map(|(params, pricing, [generation, i2i, inpainting], image_in, id)| {
            let model = json!({
                "id": id,
                "name": "Model",
                "capabilities": {"imageGeneration": generation, "imageToImage": i2i, "inpainting": inpainting},
                "inputModalities": if image_in { json!(["text", "image"]) } else { json!(["text"]) },
                "tags": ["image-edit"],
                "pricing": pricing,
                "supportedParameters": params,
            });
            serde_json::from_value(model).expect("a model")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn derivation_never_panics_and_stays_sane(model in any_model()) {
        for endpoint in [Endpoint::Openai, Endpoint::Images] {
            check_invariants(&derive_controls(&model, endpoint), &model);
            check_lean(&model, endpoint);
        }
    }

    #[test]
    fn resolution_options_are_the_catalog_strings(
        list in prop::collection::vec(string(), 1..40),
        typed in any::<bool>(),
    ) {
        let params = if typed {
            json!({"resolution": {"type": "enum", "values": list}})
        } else {
            json!({"resolutions": list})
        };
        let model: Model = serde_json::from_value(json!({
            "id": "m", "name": "m", "supportedParameters": params
        })).expect("a model");
        let mut expected: Vec<&str> = Vec::new();
        for s in &list {
            if !expected.contains(&s.as_str()) {
                expected.push(s);
            }
        }
        for endpoint in [Endpoint::Openai, Endpoint::Images] {
            let set = derive_controls(&model, endpoint);
            let Some(Control::Select(c)) = set.get("resolution") else {
                panic!("no resolution select: {set:?}");
            };
            let values: Vec<&str> = c.options.iter().map(|o| o.value.as_str()).collect();
            prop_assert_eq!(&values, &expected);
            for o in &c.options {
                let r = o.resolution.as_ref().expect("parsed");
                prop_assert_eq!(&r.token, &o.value);
                prop_assert_eq!(r, &parse_resolution(&o.value));
            }
        }
    }
}
