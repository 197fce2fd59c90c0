//! The exported functions called as JS calls them: JsValue in, JsValue out, errors as `Error`s.

use js_sys::{Array, Reflect, JSON};
use nanogpt_image_controls::wasm_api as api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const REAL: &str = include_str!("../fixtures/real/image-models-nsfw-paid-subset.json");
const LEGACY: &str = include_str!("../fixtures/docs/image-models.example.json");

/// A copy of a JS value through JSON: an object the library did not hand out (slow paths).
fn json_copy(v: &JsValue) -> JsValue {
    let text = JSON::stringify(v).expect("stringify");
    JSON::parse(&text.as_string().unwrap_or_default()).expect("copy")
}

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
    let slow = api::derive_controls(json_copy(&model), None).expect("derives");
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
    let slow = api::diff_catalogs(json_copy(&before), json_copy(&after)).expect("diffs");
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

/// Optional fields are left out, never present with the value `undefined` (JSON cannot tell
/// the two apart, `"key" in object` can).
fn no_undefined_fields(v: &JsValue, path: &str) {
    if Array::is_array(v) {
        for (i, item) in Array::from(v).iter().enumerate() {
            no_undefined_fields(&item, &format!("{path}[{i}]"));
        }
    } else if v.is_object() {
        let object: &Object = v.unchecked_ref();
        for key in Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            let value = get(v, &key);
            assert!(!value.is_undefined(), "{path}.{key} is undefined");
            no_undefined_fields(&value, &format!("{path}.{key}"));
        }
    }
}

/// A catalog whose models reach every control kind and optional field of the wire form
/// (src/wasm/wire.rs), with non-ASCII text (UTF-16 lengths differ from UTF-8 ones).
fn every_kind_catalog() -> String {
    serde_json::json!({"data": [
        {
            "id": "ünïcode/😀-model", "name": "Ü 😀",
            "capabilities": {"image_to_image": true, "inpainting": true},
            "pricing": {"per_image": {"1024*1024": 0.01, "auto": 0.02, "16:9": 0.5}, "currency": "USD"},
            "supported_parameters": {
                "max_prompt_characters": 100,
                "prompt_length": {"status": "known", "unit": "unicode_code_points"},
                "resolutions": ["1024x1024", "auto", "16:9", "2k", "2x", "wéird 😀 token", "1024×768"],
                "aspect_ratio": ["", "1:1", "21:9", "auto"],
                "max_images": 4,
                "rendering_speed": ["TURBO", "DEFAULT", "QUALITY"],
                "max_input_images": 3,
                "input_image_constraints": {"max_items": 3, "route": {"min_width": 64, "min_height": 32,
                    "max_width": 4096, "max_height": 2048, "max_bytes": 4194304, "formats": ["png", "jpeg"]}},
                "style": ["vivid", "natural", "“quoted”", "a\\b\"c", "tab\there"],
                "tone": ["😀", "é"],
                "watermark": true,
                "seed": 42,
                "guidance": {"type": "range", "min": 1, "max": 20, "default": 7},
                "strength": {"type": "range", "min": 0, "max": 1, "default": 0.5},
                "quality": {"type": "enum", "values": ["low", "high"], "default": "high"},
                "nsfw_filter": {"type": "boolean", "default": false},
                "negative": {"type": "text", "label": "Négatif 😀", "description": "What <b>not</b> to draw", "default": "blur"},
                "sampler": {"type": "select", "label": "Sampler", "options": [{"value": "a", "label": "Ä"}, {"value": "b", "label": "B"}], "default": "b"},
                "flag": {"type": "switch", "default": true},
                "hdr": {"type": "switch"},
                "passes": {"type": "range", "min": 1, "max": 8},
                "steps": {"type": "number", "min": 1, "max": 1e9},
                "weird": {"nested": {"deep": [1, 2]}},
                "nothing": null
            }
        },
        {"id": "fixed", "supported_parameters": {"fixed_image_count": 4, "max_images": 8, "resolutions": ["1:1", "3:2", "2:3"]}},
        {"id": "bare"}
    ]})
    .to_string()
}

#[wasm_bindgen_test]
fn control_sets_cross_the_boundary_unchanged() {
    use nanogpt_image_controls::catalog::ParseOptions;
    use nanogpt_image_controls::{derive_controls, parse_catalog, Endpoint};
    let mut kinds = std::collections::BTreeSet::new();
    for text in [REAL.to_owned(), LEGACY.to_owned(), every_kind_catalog()] {
        let rust = parse_catalog(&text, &ParseOptions::default()).expect("parses natively");
        let catalog = api::parse_catalog(text.as_str().into(), None).expect("parses");
        let models: Array = get(&catalog, "models").into();
        assert_eq!(models.length() as usize, rust.models.len());
        for (i, model) in rust.models.iter().enumerate() {
            let js = models.get(i as u32);
            for (endpoint, name) in [(Endpoint::Openai, "openai"), (Endpoint::Images, "images")] {
                // serde's JSON through JSON.parse: numbers normalized as JS sees them.
                let serde_text =
                    serde_json::to_string(&derive_controls(model, endpoint)).expect("json");
                let expected = as_value(&JSON::parse(&serde_text).expect("parses"));
                for c in expected["controls"].as_array().into_iter().flatten() {
                    kinds.insert(c["kind"].as_str().unwrap_or_default().to_owned());
                }
                let options: Object = JSON::parse(&format!("{{\"endpoint\":\"{name}\"}}"))
                    .expect("options")
                    .into();
                // Fresh (written by the wire), cached (rebuilt from it) and a copy (slow path).
                for round in 0..2 {
                    let got =
                        api::derive_controls(js.clone(), Some(options.clone())).expect("derives");
                    no_undefined_fields(&got, "controls");
                    assert_eq!(
                        as_value(&got),
                        expected,
                        "{} {name} round {round}",
                        model.id
                    );
                }
                let slow = api::derive_controls(json_copy(&js), Some(options)).expect("derives");
                assert_eq!(as_value(&slow), expected, "{} {name} slow path", model.id);
            }
        }
    }
    let all = [
        "fixed", "images", "mask", "number", "radio", "select", "slider", "text", "toggle",
    ];
    assert_eq!(kinds.iter().map(String::as_str).collect::<Vec<_>>(), all);
}

const IMAGES: &str = include_str!("../fixtures/docs/images-models.example.json");

/// Hand-made catalogs that reach every optional field of the catalog wire form (src/wasm/wire.rs):
/// non-ASCII and emoji text, escapes, each optional string present and absent, `created` of
/// several kinds, each capability flag true / false / absent, pricing absent / null / an
/// object / not an object, `supported_parameters` with numbers beyond f64 and duplicate keys,
/// warnings with and without `modelId`, meta with and without `count` / `generatedAt`.
fn every_field_catalogs() -> Vec<String> {
    let legacy = r#"{"object": "list", "data": [
        {"id": "ünïcode/😀-model", "name": "  Ü \"quoted\" \\ back\tslash \u2028 \ud83d\ude00 \u00e9  ",
         "description": "Déscription 😀 with <b>html</b> & \"quotes\"\nand a newline", "owned_by": "ÖwnEr 🦀",
         "created": 1.5e300, "category": "imäge", "icon_url": "/icons/Ü 😀.svg",
         "architecture": {"input_modalities": ["text", "imäge 😀"], "output_modalities": ["image"]},
         "tags": ["täg", "😀", "a\"b"],
         "capabilities": {"image_generation": true, "image_to_image": false, "nsfw": true},
         "pricing": {"per_image": {"1024*1024": 0.01, "auto": 1e400, "auto": 0.02}, "big": -1e999, "exact": 0.1000000000000000055511151231257827, "long": 123456789012345678901234567890, "currency": "USD"},
         "supported_parameters": {"resolutions": ["1024x1024", "auto"], "max_images": 4, "huge": 1e400,
            "tiny": -2e-400, "dup": 1, "dup": {"x": [1e999, "1e999", -1e400]}, "dup2": [1], "nested": {"a": {"a": 1, "a": 2}},
            "__proto__": {"polluted": true}, "esc": "\u0000\u001f\"\\\/\b\f\n\r\t \ud83d\ude00 \u2028\u2029",
            "neg0": -0, "negf": -0.0, "e": 1E+2, "ints": [9007199254740993, -9007199254740993, 1e21, 0.1]}},
        {"id": "plain", "created": -0.0, "owned_by": null, "description": null,
         "capabilities": {"image_generation": false, "image_to_image": true, "inpainting": true, "nsfw": false},
         "pricing": null, "supported_parameters": {"a": 1}},
        {"id": "str-created", "created": "1700000000", "capabilities": {"inpainting": false},
         "pricing": "not an object", "supported_parameters": [1, 2], "icon_url": "https://example.com/i.png"},
        {"id": "num-pricing", "created": 1700000000, "pricing": 1e400, "supported_parameters": null,
         "tags": "not a list", "name": 7, "category": ""},
        {"id": "array-pricing", "pricing": [1, {"a": 1e400}], "created": 1e400, "capabilities": "nope"},
        {"name": "no id"},
        42,
        {"id": 12345, "name": "numeric id"},
        {"id": "plain", "name": "duplicate id"}
    ], "meta": {"count": 9007199254740993, "generated_at": "2026-05-14T00:00:00.000Z 😀"}}"#;
    let typed = r#"{"object": "list", "data": [
        {"id": "gpt-image-2", "name": "GPT Image 2", "created": 1760000000, "owned_by": "openai",
         "supported_parameters": {"resolution": {"type": "enum", "values": ["1024x1024"], "default": "1024x1024"}},
         "supports_streaming": false, "endpoints": "/api/v1/images/models/gpt-image-2/endpoints"},
        {"id": "streams", "supports_streaming": true, "endpoints": "/api/v1/images/models/streams/endpoints 😀"},
        {"id": "no-stream-info", "supports_streaming": "yes", "endpoints": 5}
    ], "meta": {"count": "many", "generated_at": 5, "extra": true}}"#;
    vec![
        legacy.to_owned(),
        typed.to_owned(),
        // No meta at all, a bare array, a bundle, no models.
        r#"[{"id": "bare"}]"#.to_owned(),
        r#"{"image": [{"id": "bundled", "pricing": {}}], "meta": {"count": 18446744073709551615}}"#
            .to_owned(),
        r#"{"data": []}"#.to_owned(),
        every_kind_catalog(),
    ]
}

/// `Object.keys` of a JS object.
fn own_keys(v: &JsValue) -> Vec<String> {
    let object: &Object = v.unchecked_ref();
    Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// Strict equality of two JS values: same own keys in the same order (so a field set to
/// `undefined` differs from an absent one), same array lengths, and `Object.is` for everything
/// else (so `-0` differs from `0`, and `NaN` equals `NaN`).
fn assert_same(got: &JsValue, expected: &JsValue, path: &str) {
    if Array::is_array(expected) {
        assert!(Array::is_array(got), "{path}: not an array: {got:?}");
        let (g, e) = (Array::from(got), Array::from(expected));
        assert_eq!(g.length(), e.length(), "{path}: length");
        for i in 0..e.length() {
            assert_same(&g.get(i), &e.get(i), &format!("{path}[{i}]"));
        }
    } else if expected.is_object() {
        assert!(
            got.is_object() && !Array::is_array(got),
            "{path}: not an object: {got:?}"
        );
        let keys = own_keys;
        let expected_keys = keys(expected);
        assert_eq!(keys(got), expected_keys, "{path}: keys");
        for k in expected_keys {
            assert_same(&get(got, &k), &get(expected, &k), &format!("{path}.{k}"));
        }
    } else {
        assert!(
            Object::is(got, expected),
            "{path}: {got:?} is not {expected:?}"
        );
    }
}

/// What `parseCatalog` should return for a natively parsed catalog: serde's JSON through
/// `JSON.parse`, with each model's `supportedParameters` and `pricing` being `JSON.parse` of
/// the catalog's own text (serde writes the value the text holds, which differs for numbers
/// beyond f64 and lone surrogates; JS gets what `JSON.parse` makes of the text).
fn expected_js(rust: &nanogpt_image_controls::Catalog) -> JsValue {
    let expected =
        JSON::parse(&serde_json::to_string(rust).expect("json")).expect("serde's JSON parses");
    let models = Array::from(&get(&expected, "models"));
    for (i, m) in rust.models.iter().enumerate() {
        let js = models.get(i as u32);
        let params = JSON::parse(m.supported_parameters.text()).expect("raw parses");
        Reflect::set(&js, &"supportedParameters".into(), &params).expect("set");
        if let Some(pricing) = &m.pricing {
            let pricing = JSON::parse(pricing.text()).expect("raw parses");
            Reflect::set(&js, &"pricing".into(), &pricing).expect("set");
        }
    }
    expected
}

#[wasm_bindgen_test]
fn catalogs_cross_the_boundary_unchanged() {
    use nanogpt_image_controls::catalog::ParseOptions;
    use nanogpt_image_controls::parse_catalog;
    let mut texts = vec![REAL.to_owned(), LEGACY.to_owned(), IMAGES.to_owned()];
    texts.extend(every_field_catalogs());
    let mut seen = std::collections::BTreeSet::new();
    for text in &texts {
        let rust = parse_catalog(text, &ParseOptions::default()).expect("parses natively");
        let expected = expected_js(&rust);
        let got = api::parse_catalog(text.as_str().into(), None).expect("parses");
        assert_eq!(as_value(&got), as_value(&expected), "{text}");
        assert_same(&got, &expected, "catalog");
        // The models are in the registry: the fast paths find them.
        let models: Array = get(&got, "models").into();
        for model in models.iter() {
            api::derive_controls(model.clone(), None).expect("derives");
            api::price_range(model).expect("prices");
        }
        let diff = as_value(&api::diff_catalogs(got.clone(), got).expect("diffs"));
        assert_eq!(
            diff,
            serde_json::json!({"added": [], "removed": [], "changed": []})
        );
        for m in as_value(&expected)["models"]
            .as_array()
            .into_iter()
            .flatten()
        {
            for (k, v) in m.as_object().into_iter().flatten() {
                seen.insert(k.clone());
                if let Some(caps) = v.as_object().filter(|_| k == "capabilities") {
                    for (flag, value) in caps {
                        seen.insert(format!("{flag}={value}"));
                    }
                }
            }
        }
        for (k, _) in as_value(&expected)["meta"]
            .as_object()
            .into_iter()
            .flatten()
        {
            seen.insert(format!("meta.{k}"));
        }
        for w in as_value(&expected)["warnings"]
            .as_array()
            .into_iter()
            .flatten()
        {
            seen.insert(format!("warning.modelId={}", w.get("modelId").is_some()));
        }
    }
    // The hand-made catalogs reach every optional field (`meta.fetchedAt` only comes from
    // `fetchCatalog`: see `fetched_catalogs_cross_the_boundary_unchanged`).
    for field in [
        "description",
        "ownedBy",
        "created",
        "category",
        "iconUrl",
        "pricing",
        "endpoints",
        "supportsStreaming",
        "imageGeneration=true",
        "imageGeneration=false",
        "imageToImage=true",
        "imageToImage=false",
        "inpainting=true",
        "inpainting=false",
        "nsfw=true",
        "nsfw=false",
        "meta.count",
        "meta.generatedAt",
        "warning.modelId=true",
        "warning.modelId=false",
    ] {
        assert!(seen.contains(field), "no catalog reaches {field}");
    }
}

/// `supportedParameters` / `pricing` are what `JSON.parse` makes of the catalog's own text:
/// numbers beyond f64 are infinite, the last of duplicate keys wins at the first one's place,
/// `__proto__` is an own key.
#[wasm_bindgen_test]
fn raw_parameters_parse_as_before() {
    let text = every_field_catalogs().swap_remove(0);
    let catalog = api::parse_catalog(text.as_str().into(), None).expect("parses");
    let model = Array::from(&get(&catalog, "models")).get(0);
    let params = get(&model, "supportedParameters");
    assert_eq!(get(&params, "huge").as_f64(), Some(f64::INFINITY));
    let tiny = get(&params, "tiny").as_f64().expect("a number");
    assert!(tiny == 0.0 && tiny.is_sign_negative());
    let dup = get(&params, "dup");
    assert_eq!(
        Array::from(&get(&dup, "x")).get(0).as_f64(),
        Some(f64::INFINITY)
    );
    let keys = own_keys(&params);
    assert_eq!(keys.get(4).map(String::as_str), Some("dup"));
    assert!(keys.iter().any(|k| k == "__proto__"));
    let pricing = get(&model, "pricing");
    assert_eq!(get(&pricing, "big").as_f64(), Some(f64::NEG_INFINITY));
    assert_eq!(
        get(&get(&pricing, "per_image"), "auto").as_f64(),
        Some(0.02)
    );
}

/// Lone surrogates (valid JSON escapes, not valid UTF-8) in the raw text reach JS as they did.
#[wasm_bindgen_test]
fn lone_surrogates_in_raw_text_cross_unchanged() {
    use nanogpt_image_controls::catalog::ParseOptions;
    let text = r#"{"data": [{"id": "s", "pricing": {"\ud800": "\udfff"}, "supported_parameters": {"a": "x\ud83dy"}}]}"#;
    let rust = nanogpt_image_controls::parse_catalog(text, &ParseOptions::default())
        .expect("parses natively");
    let expected = expected_js(&rust);
    let got = api::parse_catalog(text.into(), None).expect("parses");
    assert_same(&got, &expected, "catalog");
}

#[wasm_bindgen_test]
async fn fetched_catalogs_cross_the_boundary_unchanged() {
    use super::util::{base, options, plain_fetch, route};
    use nanogpt_image_controls::catalog::{ParseOptions, Source};
    use wasm_bindgen_futures::JsFuture;
    let r = route("rec");
    let response: web_sys::Response = JsFuture::from(plain_fetch(&format!(
        "{}/api/v1/image-models?detailed=true",
        base(&r)
    )))
    .await
    .expect("the test server answers")
    .into();
    let body = JsFuture::from(response.text().expect("text"))
        .await
        .expect("body")
        .as_string()
        .unwrap_or_default();
    let got = JsFuture::from(nanogpt_image_controls::wasm::fetch::fetch_catalog(Some(
        options(&[("baseUrl", base(&r).into())]),
    )))
    .await
    .expect("fetches");
    let fetched_at = get(&get(&got, "meta"), "fetchedAt").as_string();
    assert!(fetched_at.is_some());
    let rust = nanogpt_image_controls::parse_catalog(
        &body,
        &ParseOptions {
            source: Some(Source::Legacy),
            base_url: Some(base(&r)),
            fetched_at,
        },
    )
    .expect("parses natively");
    let expected = expected_js(&rust);
    assert_eq!(as_value(&got), as_value(&expected));
    assert_same(&got, &expected, "catalog");
}

/// Catalog text enters wasm through `TextEncoder.encodeInto` into a buffer of one byte per
/// UTF-16 unit that grows when the text needs more: text of every width reads back exactly.
#[wasm_bindgen_test]
fn text_of_every_width_enters_wasm_exactly() {
    for name in [
        "plain ascii".to_owned(),
        "é".repeat(3000),
        "€".repeat(2000),
        "😀".repeat(1500) + "x",
        format!("{}€{}😀", "a".repeat(500), "b".repeat(7)),
    ] {
        let text = serde_json::json!({"data": [{"id": "m", "name": name}]}).to_string();
        let catalog = api::parse_catalog(text.as_str().into(), None).expect("parses");
        let model = Array::from(&get(&catalog, "models")).get(0);
        assert_eq!(
            get(&model, "name").as_string().as_deref(),
            Some(name.as_str())
        );
    }
}
