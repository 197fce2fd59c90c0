//! The exported functions called as JS calls them: JsValue in, JsValue out, errors as `Error`s.

use js_sys::{Array, Reflect, JSON};
use nanogpt_image_controls::wasm_api as api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const REAL: &str = include_str!("../fixtures/real/image-models-nsfw-paid-subset.json");
const LEGACY: &str = include_str!("../fixtures/docs/image-models.example.json");

fn code_of(e: &JsValue) -> String {
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "threw a non-Error: {e:?}"
    );
    get(e, "code").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn parse_catalog_from_text_lists_models() {
    let catalog = api::parse_catalog(LEGACY.into(), None).expect("parses");
    let models: Array = get(&catalog, "models").into();
    assert_eq!(models.length(), 1);
    let model = models.get(0);
    assert_eq!(
        get(&model, "id").as_string().as_deref(),
        Some("pruna-ai/p-image/text-to-image")
    );
    assert_eq!(get(&model, "name").as_string().as_deref(), Some("P-Image"));
    assert_eq!(
        get(&get(&catalog, "meta"), "source").as_string().as_deref(),
        Some("legacy")
    );
}

#[wasm_bindgen_test]
fn parse_catalog_accepts_a_parsed_object() {
    let object = JSON::parse(REAL).expect("fixture is JSON");
    let catalog = api::parse_catalog(object, None).expect("parses");
    let models: Array = get(&catalog, "models").into();
    assert_eq!(models.length(), 10);
}

#[wasm_bindgen_test]
fn bad_input_throws_errors_with_codes() {
    let e = api::parse_catalog("<html>502 Bad Gateway</html>".into(), None).expect_err("not JSON");
    assert_eq!(code_of(&e), "invalid_json");
    let e = api::parse_catalog("42".into(), None).expect_err("not a catalog");
    assert_eq!(code_of(&e), "invalid_catalog");
    let e = api::parse_catalog(JsValue::from(7), None).expect_err("a number is not a catalog");
    assert!(matches!(
        code_of(&e).as_str(),
        "invalid_catalog" | "invalid_argument"
    ));
    let e = api::parse_resolution(JsValue::from(1)).expect_err("token must be a string");
    assert_eq!(code_of(&e), "invalid_argument");
    // The module keeps working after errors.
    assert!(api::parse_catalog(LEGACY.into(), None).is_ok());
}

#[wasm_bindgen_test]
fn derive_controls_for_a_parsed_model_and_a_copy() {
    let catalog = api::parse_catalog(REAL.into(), None).expect("parses");
    let models: Array = get(&catalog, "models").into();
    let model = models.get(6);
    let fast = api::derive_controls(model.clone(), None).expect("derives");
    // A structured copy is not in the registry: it takes the slow path and must agree.
    let copy = JSON::parse(
        &JSON::stringify(&model)
            .expect("stringify")
            .as_string()
            .unwrap_or_default(),
    )
    .expect("copy");
    let slow = api::derive_controls(copy, None).expect("derives");
    // Same content (key order aside: cached sets attach shared `resolution` objects last).
    assert_eq!(as_value(&fast), as_value(&slow));
    // Every call returns a fresh object with the same content, the cached path included.
    let again = api::derive_controls(model, None).expect("derives");
    assert!(!Object::is(&fast, &again));
    assert_eq!(as_value(&fast), as_value(&again));
    let controls: Array = get(&fast, "controls").into();
    assert!(controls.length() >= 1, "at least the prompt");
    assert_eq!(
        get(&controls.get(0), "id").as_string().as_deref(),
        Some("prompt")
    );
}

use super::util::{as_value, get};
use js_sys::Object;

#[wasm_bindgen_test]
fn bad_options_are_invalid_argument() {
    let catalog = api::parse_catalog(LEGACY.into(), None).expect("parses");
    let model = Array::from(&get(&catalog, "models")).get(0);
    let options = Object::new();
    Reflect::set(&options, &"endpoint".into(), &"nope".into()).expect("set");
    let e = api::derive_controls(model, Some(options)).expect_err("bad endpoint");
    assert_eq!(code_of(&e), "invalid_argument");
}

#[wasm_bindgen_test]
fn diff_catalogs_of_parsed_catalogs_and_of_copies_agree() {
    let before = api::parse_catalog(REAL.into(), None).expect("parses");
    let changed = REAL
        .replacen("\"max_images\": 4", "\"max_images\": 5", 1)
        .replacen("\"hidream-o1-image-dev\"", "\"hidream-o1-image-dev-2\"", 1);
    let after = api::parse_catalog(changed.as_str().into(), None).expect("parses");
    let fast = api::diff_catalogs(before.clone(), after.clone()).expect("diffs");
    // Copies are not in the registry: the slow path re-reads them and must agree.
    let copy = |v: &JsValue| {
        JSON::parse(
            &JSON::stringify(v)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default(),
        )
        .expect("copy")
    };
    let slow = api::diff_catalogs(copy(&before), copy(&after)).expect("diffs");
    assert_eq!(as_value(&fast), as_value(&slow));
    let d = as_value(&fast);
    assert_eq!(d["added"], serde_json::json!(["hidream-o1-image-dev-2"]));
    assert_eq!(d["removed"], serde_json::json!(["hidream-o1-image-dev"]));
    assert_eq!(d["changed"], serde_json::json!(["hidream-o1-image"]));
}

#[wasm_bindgen_test]
fn shared_resolutions_stay_attached_past_the_memory_bound() {
    // 20 models × 250 distinct pixel tokens = 5 000 tokens: past the 4 096 shared on the JS side.
    let models: Vec<serde_json::Value> = (0..20)
        .map(|m| {
            let tokens: Vec<String> = (0..250).map(|i| format!("{}x{}", 64 + m, 64 + i)).collect();
            serde_json::json!({"id": format!("m{m}"), "supported_parameters": {"resolutions": tokens}})
        })
        .collect();
    let text = serde_json::json!({"data": models}).to_string();
    let catalog = api::parse_catalog(text.as_str().into(), None).expect("parses");
    let models: Array = get(&catalog, "models").into();
    for round in 0..2 {
        for model in models.iter() {
            let set = as_value(&api::derive_controls(model, None).expect("derives"));
            let options = set["controls"][1]["options"]
                .as_array()
                .expect("options")
                .clone();
            assert_eq!(options.len(), 250);
            for o in options {
                assert_eq!(o["resolution"]["token"], o["value"], "round {round}");
            }
        }
    }
}
