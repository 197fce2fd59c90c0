//! Hostile input through the JS boundary: absurd nesting and sizes, extreme numbers, duplicate
//! and prototype keys, odd ids and tokens, cyclic objects, BigInts and values of every wrong type.
//!
//! Every call must give a result or throw an `Error` with a known `code` — never trap, hang,
//! hand out a non-finite number or a slider nobody can use — and the module must keep working.

use super::util::{get, text};
use js_sys::{Array, Function, Object, Reflect, JSON};
use nanogpt_image_controls::wasm_api as api;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const LEGACY: &str = include_str!("../fixtures/docs/image-models.example.json");
const REAL: &str = include_str!("../fixtures/real/image-models-nsfw-paid-subset.json");

const CODES: &[&str] = &[
    "network",
    "timeout",
    "aborted",
    "unauthorized",
    "rate_limited",
    "http",
    "invalid_json",
    "invalid_catalog",
    "invalid_argument",
];

fn items(v: &JsValue) -> Vec<JsValue> {
    Array::from(v).iter().collect()
}

/// Evaluates a JS expression (for values Rust cannot spell: cycles, BigInt, getters, proxies).
fn js(expression: &str) -> JsValue {
    Function::new_no_args(&format!("return ({expression});"))
        .call0(&JsValue::NULL)
        .expect("the test's own JS runs")
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).expect("the test's own JSON parses")
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// A result (checked for non-finite numbers), or a thrown `Error` with a known `code`.
fn settle(what: &str, result: Result<JsValue, JsValue>) -> Option<JsValue> {
    match result {
        Ok(v) => {
            finite_everywhere(what, &v, 0);
            Some(v)
        }
        Err(e) => {
            assert!(
                e.is_instance_of::<js_sys::Error>(),
                "{what}: threw a non-Error {e:?}"
            );
            let trap = get(&get(&js_sys::global(), "WebAssembly"), "RuntimeError");
            if let Some(trap) = trap.dyn_ref::<Function>() {
                assert!(
                    !instance_of(&e, trap),
                    "{what}: a wasm trap: {}",
                    text(&e, "message")
                );
            }
            let code = text(&e, "code");
            assert!(
                CODES.contains(&code.as_str()),
                "{what}: an error without a known code ({code:?}): {}",
                text(&e, "message")
            );
            None
        }
    }
}

fn instance_of(value: &JsValue, class: &Function) -> bool {
    Function::new_with_args("v, c", "return v instanceof c;")
        .call2(&JsValue::NULL, value, class)
        .ok()
        .and_then(|b| b.as_bool())
        .unwrap_or(false)
}

/// Asserts a thrown `Error` with this code.
fn throws(what: &str, result: Result<JsValue, JsValue>, code: &str) {
    match result {
        Ok(v) => panic!("{what}: expected `{code}`, got {:?}", JSON::stringify(&v)),
        Err(e) => {
            settle(what, Err(e.clone()));
            assert_eq!(text(&e, "code"), code, "{what}: {}", text(&e, "message"));
        }
    }
}

/// No NaN or ±Infinity anywhere in a result (strings are not walked).
fn finite_everywhere(what: &str, v: &JsValue, depth: u32) {
    if let Some(x) = v.as_f64() {
        assert!(x.is_finite(), "{what}: a non-finite number {x}");
        return;
    }
    if depth > 64 || !v.is_object() {
        return;
    }
    if Array::is_array(v) {
        for item in Array::from(v).iter() {
            finite_everywhere(what, &item, depth + 1);
        }
        return;
    }
    let object: &Object = v.unchecked_ref();
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        finite_everywhere(&format!("{what}.{key}"), &get(v, &key), depth + 1);
    }
}

/// Every control of a control set is usable: sliders can move, defaults are options.
fn usable_controls(set: &JsValue) {
    for c in items(&get(set, "controls")) {
        let id = text(&c, "id");
        let num = |k: &str| get(&c, k).as_f64();
        match text(&c, "kind").as_str() {
            "slider" => {
                let (min, max, step, default) = (
                    num("min").unwrap(),
                    num("max").unwrap(),
                    num("step").unwrap(),
                    num("default").unwrap(),
                );
                assert!(min < max, "{id}: slider {min}..{max}");
                assert!(step > 0.0 && step <= max - min, "{id}: step {step}");
                assert!(min <= default && default <= max, "{id}: default {default}");
            }
            "number" => {
                if let (Some(lo), Some(hi)) = (num("min"), num("max")) {
                    assert!(lo <= hi, "{id}: {lo} > {hi}");
                }
            }
            "select" | "radio" => {
                let options: Vec<String> = items(&get(&c, "options"))
                    .iter()
                    .map(|o| text(o, "value"))
                    .collect();
                assert!(!options.is_empty(), "{id}: no options");
                if let Some(d) = get(&c, "default").as_string() {
                    assert!(options.contains(&d), "{id}: default {d:?} is no option");
                }
            }
            "images" => {
                let (lo, hi) = (num("minItems").unwrap(), num("maxItems").unwrap());
                assert!(lo <= hi && hi >= 1.0, "{id}: images {lo}..{hi}");
            }
            _ => {}
        }
    }
}

/// `Object.prototype` (and `Array.prototype`) gained nothing.
fn not_polluted() {
    let probe = Object::new();
    for key in ["polluted", "isAdmin", "injected"] {
        assert!(
            get(&probe, key).is_undefined(),
            "Object.prototype.{key} was set"
        );
        assert!(get(&Array::new(), key).is_undefined());
    }
}

/// The module still parses, derives and builds after whatever came before.
fn still_works() {
    let catalog = api::parse_catalog(LEGACY.into(), None).expect("a normal catalog parses");
    let model = Array::from(&get(&catalog, "models")).get(0);
    let set = api::derive_controls(model.clone(), None).expect("controls derive");
    usable_controls(&set);
    let result = api::build_request(model, json(r#"{"prompt":"a cat"}"#), None).expect("builds");
    assert_eq!(get(&result, "ok").as_bool(), Some(true));
    not_polluted();
}

fn catalog_of(models_json: &str) -> JsValue {
    let text = format!(r#"{{"object":"list","data":[{models_json}]}}"#);
    settle("parseCatalog", api::parse_catalog(text.into(), None)).expect("the catalog parses")
}

fn models(catalog: &JsValue) -> Vec<JsValue> {
    items(&get(catalog, "models"))
}

/// Derives, defaults, validates, builds, migrates and quotes one model: all must settle.
fn exercise(model: &JsValue, values: &JsValue) -> Option<JsValue> {
    let set = settle("deriveControls", api::derive_controls(model.clone(), None))?;
    usable_controls(&set);
    let images = js("{endpoint: 'images'}").unchecked_into::<Object>();
    if let Some(other) = settle(
        "deriveControls(images)",
        api::derive_controls(model.clone(), Some(images.clone())),
    ) {
        usable_controls(&other);
    }
    let defaults = settle("defaultValues", api::default_values(set.clone()))?;
    settle(
        "validateValues",
        api::validate_values(set.clone(), values.clone()),
    );
    settle(
        "migrateValues",
        api::migrate_values(set.clone(), set.clone(), values.clone()),
    );
    settle(
        "quotePrice",
        api::quote_price(model.clone(), values.clone()),
    );
    settle("priceRange", api::price_range(model.clone()));
    settle(
        "buildRequest(images)",
        api::build_request(model.clone(), values.clone(), Some(images)),
    );
    settle(
        "buildRequest(defaults)",
        api::build_request(model.clone(), defaults, None),
    );
    settle(
        "buildRequest",
        api::build_request(model.clone(), values.clone(), None),
    )
}

#[wasm_bindgen_test]
fn nesting_100_000_levels_deep() {
    let deep_array = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    throws(
        "deep text",
        api::parse_catalog(deep_array.clone().into(), None),
        "invalid_json",
    );
    let deep_model =
        format!(r#"{{"data":[{{"id":"m","supported_parameters":{{"x":{deep_array}}}}}]}}"#);
    throws(
        "deep parameters",
        api::parse_catalog(deep_model.into(), None),
        "invalid_json",
    );
    // The same as JS objects: JSON.stringify may give up (RangeError) or the depth limit applies.
    let deep =
        js("(() => { let o = {}; for (let i = 0; i < 100000; i++) o = {a: o}; return o; })()");
    let catalog = js("{data: [{id: 'm', supported_parameters: {}}]}");
    let model = get(
        &Array::from(&get(&catalog, "data")).get(0),
        "supported_parameters",
    );
    Reflect::set(&model, &"x".into(), &deep).unwrap();
    settle(
        "deep object catalog",
        api::parse_catalog(catalog.clone(), None),
    );
    let item = Array::from(&get(&catalog, "data")).get(0);
    settle("deep model", api::derive_controls(item.clone(), None));
    let good = models(&catalog_of(
        r#"{"id":"m","supported_parameters":{"max_images":4}}"#,
    ));
    let values = Object::new();
    Reflect::set(&values, &"prompt".into(), &"p".into()).unwrap();
    Reflect::set(&values, &"style".into(), &deep).unwrap();
    settle(
        "deep values",
        api::build_request(good[0].clone(), values.clone().into(), None),
    );
    settle(
        "deep values",
        api::quote_price(good[0].clone(), values.into()),
    );
    still_works();
}

#[wasm_bindgen_test]
fn megabyte_strings() {
    let start = now();
    let mb = "x".repeat(1 << 20);
    let catalog = catalog_of(&format!(
        r#"{{"id":"{mb}","name":"{mb}","description":"{mb}","icon_url":"/{mb}",
            "supported_parameters":{{"resolutions":["{mb}","1024x1024"],"{mb}":["a","b"],"max_images":4}},
            "pricing":{{"per_image":{{"{mb}":0.04,"1024x1024":0.02}}}}}},
           {{"id":"small","supported_parameters":{{"aspect_ratio":["{mb}","16:9"]}}}}"#
    ));
    let list = models(&catalog);
    assert_eq!(list.len(), 2);
    assert_eq!(
        text(&list[0], "id").len(),
        mb.len(),
        "the id is kept exactly"
    );
    assert!(
        get(&list[0], "iconUrl").is_undefined(),
        "a 1 MB icon URL is dropped"
    );
    for model in &list {
        let prompt = JsValue::from(mb.as_str());
        let values = Object::new();
        Reflect::set(&values, &"prompt".into(), &prompt).unwrap();
        Reflect::set(&values, &"resolution".into(), &prompt).unwrap();
        exercise(model, &values);
    }
    let r = api::parse_resolution(mb.as_str().into()).expect("any string is a token");
    assert_eq!(text(&r, "kind"), "other");
    assert_eq!(text(&r, "token").len(), mb.len());
    // Warnings quote untrusted text briefly, however long it is.
    for w in items(&get(&catalog, "warnings")) {
        assert!(text(&w, "message").len() < 1000, "a long warning");
    }
    assert!(
        now() - start < 20_000.0,
        "megabyte strings took {} ms",
        now() - start
    );
    still_works();
}

#[wasm_bindgen_test]
fn extreme_and_stringly_numbers() {
    let catalog = catalog_of(
        r#"{"id":"huge","created":1e308,"supported_parameters":{"max_images":1e308,"max_input_images":1e308,
              "max_prompt_characters":1e308,"n":{"type":"range","min":-0,"max":1e308,"default":1e308}},
            "pricing":{"per_image":{"1024x1024":1e308,"auto":-0,"2k":"0.04","4k":1e-320}}},
           {"id":"big","supported_parameters":{"max_images":1e9,"guidance":{"type":"range","min":-1e308,"max":1e308},
              "steps":{"type":"range","min":1,"max":50,"step":1e308,"default":-0}}},
           {"id":"strings","supported_parameters":{"max_images":"4","max_input_images":"2","fixed_image_count":"0"}},
           {"id":"neg","supported_parameters":{"max_images":-1,"fixed_image_count":-1}},
           {"id":"zero","supported_parameters":{"max_images":0,"fixed_image_count":0}},
           {"id":"null","supported_parameters":{"max_images":null,"fixed_image_count":null}},
           {"id":"fixed0","supported_parameters":{"max_images":4,"fixed_image_count":0}},
           {"id":"minus0","created":-0,"supported_parameters":{"max_images":-0,"seed":-0}}"#,
    );
    let values = json(r#"{"prompt":"p","n":"4","seed":"-0","guidance":"1e308","steps":1e308}"#);
    let mut n_control = Vec::new();
    for model in models(&catalog) {
        let id = text(&model, "id");
        exercise(&model, &values);
        let set = api::derive_controls(model.clone(), None).unwrap();
        let n = items(&get(&set, "controls"))
            .into_iter()
            .find(|c| text(c, "id") == "n");
        let shape = n.map(|c| match text(&c, "kind").as_str() {
            "slider" => format!("slider 1..{}", get(&c, "max").as_f64().unwrap()),
            "fixed" => format!("fixed {}", get(&c, "value").as_f64().unwrap()),
            other => other.to_owned(),
        });
        n_control.push((id, shape.unwrap_or_default()));
        let quote = api::quote_price(model.clone(), json(r#"{"resolution":"1024x1024"}"#)).unwrap();
        finite_everywhere("quote", &quote, 0);
    }
    let expected = [
        ("huge", "slider 1..100"),
        ("big", "slider 1..100"),
        ("strings", "slider 1..4"),
        ("neg", ""),
        ("zero", ""),
        ("null", ""),
        ("fixed0", "slider 1..4"),
        ("minus0", ""),
    ];
    let got: Vec<(&str, &str)> = n_control
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(got, expected);
    still_works();
}

#[wasm_bindgen_test]
fn duplicate_keys_read_as_json_parse_reads_them() {
    let text_in = r#"{"data":[],"data":[{"id":"a","id":"b","name":"first","name":"second",
        "supported_parameters":{"resolutions":["1k"],"resolutions":["2k","4k"],"max_images":2,"max_images":3}}]}"#;
    let catalog = settle("duplicates", api::parse_catalog(text_in.into(), None)).unwrap();
    let js_view = json(text_in);
    let list = models(&catalog);
    assert_eq!(list.len(), 1);
    let model = &list[0];
    let original = Array::from(&get(&js_view, "data")).get(0);
    assert_eq!(text(model, "id"), text(&original, "id"));
    assert_eq!(text(model, "name"), text(&original, "name"));
    let set = api::derive_controls(model.clone(), None).unwrap();
    let controls = items(&get(&set, "controls"));
    let resolution = controls
        .iter()
        .find(|c| text(c, "id") == "resolution")
        .unwrap();
    let offered: Vec<String> = items(&get(resolution, "options"))
        .iter()
        .map(|o| text(o, "value"))
        .collect();
    let seen_by_js: Vec<String> =
        items(&get(&get(&original, "supported_parameters"), "resolutions"))
            .iter()
            .map(|v| v.as_string().unwrap_or_default())
            .collect();
    assert_eq!(offered, seen_by_js);
    let n = controls.iter().find(|c| text(c, "id") == "n").unwrap();
    assert_eq!(get(n, "max").as_f64(), Some(3.0));
    still_works();
}

#[wasm_bindgen_test]
fn odd_ids_are_kept_exactly_or_skipped_with_a_warning() {
    let long = "m".repeat(100_000);
    let ids = [
        "\u{202e}evil",
        "a\u{0}b",
        "🖼️ model",
        "عربي/نموذج",
        "__proto__",
        "constructor",
        "toString",
        "hasOwnProperty",
        long.as_str(),
        "tab\tnew\nline",
    ];
    let mut items_json: Vec<String> = ids
        .iter()
        .map(|id| {
            serde_json::json!({ "id": id, "supported_parameters": {"max_images": 2} }).to_string()
        })
        .collect();
    items_json.extend(
        [
            r#"{"id":""}"#,
            r#"{"id":"   "}"#,
            r#"{"id":null}"#,
            r#"{"id":["x"]}"#,
            r#"{"id":"a\u0000b"}"#,
        ]
        .map(str::to_owned),
    );
    let catalog = catalog_of(&items_json.join(","));
    let list = models(&catalog);
    let got: Vec<String> = list.iter().map(|m| text(m, "id")).collect();
    assert_eq!(
        got,
        ids.map(str::to_owned),
        "odd ids are kept exactly, blank ones skipped"
    );
    assert!(
        items(&get(&catalog, "warnings")).len() >= 5,
        "each skipped item is reported"
    );
    for model in &list {
        let built = exercise(model, &json(r#"{"prompt":"p","n":2}"#)).expect("builds");
        assert_eq!(get(&built, "ok").as_bool(), Some(true));
        let body = get(&built, "body");
        assert_eq!(text(&body, "model"), text(model, "id"));
    }
    let diff = api::diff_catalogs(catalog.clone(), catalog).unwrap();
    for key in ["added", "removed", "changed"] {
        assert_eq!(Array::from(&get(&diff, key)).length(), 0, "{key}");
    }
    still_works();
}

#[wasm_bindgen_test]
fn hostile_tokens_stay_as_written() {
    let tokens = [
        "0x0",
        "99999999x99999999",
        "1:0",
        "-1:2",
        "0:0",
        "1e308:1",
        "NaN:1",
        "Infinity",
        "0x10",
        "",
        " 1024x1024 ",
        "auto",
    ];
    let catalog = catalog_of(
        &serde_json::json!({"id": "m", "supported_parameters": {"resolutions": tokens, "aspect_ratio": tokens}})
            .to_string(),
    );
    let model = &models(&catalog)[0];
    let set = settle("tokens", api::derive_controls(model.clone(), None)).unwrap();
    usable_controls(&set);
    let resolution = items(&get(&set, "controls"))
        .into_iter()
        .find(|c| text(c, "id") == "resolution")
        .unwrap();
    let options = items(&get(&resolution, "options"));
    let values: Vec<String> = options.iter().map(|o| text(o, "value")).collect();
    assert_eq!(values, tokens.map(str::to_owned));
    for (o, token) in options.iter().zip(tokens) {
        let r = get(o, "resolution");
        assert_eq!(text(&r, "token"), token, "the token is unchanged");
        assert!(!text(o, "label").is_empty() || token.is_empty());
    }
    for token in &tokens[..9] {
        let r = api::parse_resolution((*token).into()).unwrap();
        finite_everywhere(token, &r, 0);
        assert_eq!(text(&r, "kind"), "other", "{token}");
        assert!(get(&r, "width").is_undefined() && get(&r, "ratio").is_undefined());
    }
    for value in ["0x0", "1:0", "", "AUTO", "1024*1024"] {
        let v = Object::new();
        Reflect::set(&v, &"prompt".into(), &"p".into()).unwrap();
        Reflect::set(&v, &"resolution".into(), &value.into()).unwrap();
        exercise(model, &v);
    }
    still_works();
}

#[wasm_bindgen_test]
fn prototype_keys_never_pollute() {
    let hostile = r#"{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},
        "data":[{"id":"p","__proto__":{"isAdmin":true},"constructor":{"prototype":{"injected":1}},
          "capabilities":{"__proto__":{"polluted":1},"image_to_image":true},
          "architecture":{"__proto__":{"polluted":1}},
          "supported_parameters":{"__proto__":["a","b"],"constructor":{"type":"enum","values":["x","y"]},
            "prototype":{"polluted":true},"toString":true,"max_images":4},
          "pricing":{"__proto__":{"polluted":1},"per_image":{"__proto__":1,"1024x1024":0.1}}}]}"#;
    let catalog = settle("proto text", api::parse_catalog(hostile.into(), None)).unwrap();
    not_polluted();
    settle("proto object", api::parse_catalog(json(hostile), None));
    not_polluted();
    let model = &models(&catalog)[0];
    assert_eq!(
        Object::get_prototype_of(model),
        Object::get_prototype_of(&Object::new()),
        "a model is a plain object"
    );
    let values = json(
        r#"{"__proto__":{"polluted":true},"prompt":"p","constructor":"x","images":[],
            "toString":false,"n":{"__proto__":{"injected":1}}}"#,
    );
    let set = api::derive_controls(model.clone(), None).unwrap();
    let ids: Vec<String> = items(&get(&set, "controls"))
        .iter()
        .map(|c| text(c, "id"))
        .collect();
    assert!(
        !ids.iter().any(|id| id == "__proto__"),
        "no control is keyed `__proto__`: {ids:?}"
    );
    exercise(model, &values);
    let defaults = api::default_values(set.clone()).unwrap();
    assert_eq!(
        Object::get_prototype_of(&defaults),
        Object::get_prototype_of(&Object::new())
    );
    let built = api::build_request(
        model.clone(),
        json(r#"{"prompt":"p","constructor":"y"}"#),
        None,
    )
    .unwrap();
    let body = get(&built, "body");
    assert_eq!(
        Object::get_prototype_of(&body),
        Object::get_prototype_of(&Object::new())
    );
    assert!(!Object::keys(body.unchecked_ref::<Object>()).includes(&"__proto__".into(), 0));
    not_polluted();
    still_works();
}

#[wasm_bindgen_test]
fn cycles_bigints_getters_and_proxies_are_invalid_arguments() {
    let catalog =
        catalog_of(r#"{"id":"m","supported_parameters":{"max_images":4,"style":["a","b"]}}"#);
    let model = models(&catalog)[0].clone();
    let set = api::derive_controls(model.clone(), None).unwrap();
    let cyclic = js("(() => { const o = {prompt: 'p'}; o.self = o; return o; })()");
    let hostile_values = [
        ("a cycle", cyclic.clone()),
        ("a BigInt", js("({prompt: 'p', n: 4n})")),
        ("a throwing getter", js("({prompt: 'p', get n() { throw new Error('boom'); }})")),
        ("a throwing toJSON", js("({prompt: 'p', toJSON() { throw new Error('boom'); }})")),
        ("a BigInt from toJSON", js("({toJSON() { return 5n; }})")),
        (
            "a throwing proxy",
            js("new Proxy({}, {ownKeys() { throw new Error('boom'); }, get() { throw new Error('boom'); }})"),
        ),
    ];
    for (what, values) in hostile_values {
        throws(
            what,
            api::build_request(model.clone(), values.clone(), None),
            "invalid_argument",
        );
        throws(
            what,
            api::validate_values(set.clone(), values.clone()),
            "invalid_argument",
        );
        throws(
            what,
            api::quote_price(model.clone(), values.clone()),
            "invalid_argument",
        );
        throws(
            what,
            api::migrate_values(set.clone(), set.clone(), values.clone()),
            "invalid_argument",
        );
        // As a model, a control set or a catalog, they are refused too.
        settle(what, api::derive_controls(values.clone(), None));
        settle(what, api::default_values(values.clone()));
        settle(what, api::parse_catalog(values.clone(), None));
        settle(what, api::price_range(values));
    }
    let cyclic_catalog =
        js("(() => { const c = {data: [{id: 'm'}]}; c.data[0].self = c; return c; })()");
    throws(
        "a cyclic catalog",
        api::parse_catalog(cyclic_catalog, None),
        "invalid_argument",
    );
    let bigint_catalog = js("({data: [{id: 'm', created: 1n}]})");
    throws(
        "a BigInt in a catalog",
        api::parse_catalog(bigint_catalog, None),
        "invalid_argument",
    );
    throws(
        "a BigInt token",
        api::parse_resolution(js("5n")),
        "invalid_argument",
    );
    let cyclic_model = js("(() => { const m = {id: 'm', supported_parameters: {}}; m.supported_parameters.self = m; return m; })()");
    throws(
        "a cyclic model",
        api::derive_controls(cyclic_model, None),
        "invalid_argument",
    );
    not_polluted();
    still_works();
}

#[wasm_bindgen_test]
fn every_wrong_type_everywhere() {
    let catalog = api::parse_catalog(REAL.into(), None).unwrap();
    let model = models(&catalog)[0].clone();
    let set = api::derive_controls(model.clone(), None).unwrap();
    let odd = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(42),
        JsValue::from(f64::NAN),
        JsValue::from(-0.0),
        JsValue::from("text"),
        JsValue::from("{\"data\":"),
        JsValue::from(true),
        js("Symbol('s')"),
        js("() => 1"),
        js("[]"),
        js("[1, 2]"),
        js("new Date(0)"),
        js("new Map([[1, 2]])"),
        js("new Uint8Array(4)"),
        js("Object.create(null)"),
        js("new Error('e')"),
        js("Promise.resolve(1)"),
    ];
    for (i, v) in odd.iter().enumerate() {
        let what = format!("odd value #{i}");
        settle(&what, api::parse_catalog(v.clone(), None));
        settle(&what, api::parse_resolution(v.clone()));
        settle(&what, api::derive_controls(v.clone(), None));
        settle(&what, api::default_values(v.clone()));
        settle(&what, api::validate_values(set.clone(), v.clone()));
        settle(
            &what,
            api::validate_values(v.clone(), js("({prompt: 'p'})")),
        );
        settle(&what, api::build_request(model.clone(), v.clone(), None));
        settle(
            &what,
            api::build_request(v.clone(), js("({prompt: 'p'})"), None),
        );
        settle(
            &what,
            api::migrate_values(set.clone(), v.clone(), js("({})")),
        );
        settle(
            &what,
            api::migrate_values(v.clone(), set.clone(), js("({})")),
        );
        settle(
            &what,
            api::migrate_values(set.clone(), set.clone(), v.clone()),
        );
        settle(&what, api::quote_price(model.clone(), v.clone()));
        settle(&what, api::quote_price(v.clone(), js("({})")));
        settle(&what, api::price_range(v.clone()));
        settle(&what, api::diff_catalogs(catalog.clone(), v.clone()));
        if v.is_object() {
            let options = v.clone().unchecked_into::<Object>();
            settle(
                &what,
                api::derive_controls(model.clone(), Some(options.clone())),
            );
            settle(&what, api::parse_catalog(LEGACY.into(), Some(options)));
        }
    }
    for options in [
        "({endpoint: 5})",
        "({endpoint: {}})",
        "({endpoint: 'IMAGES'})",
        "({source: []})",
        "({baseUrl: 7})",
    ] {
        let options = js(options).unchecked_into::<Object>();
        settle(
            "options",
            api::parse_catalog(LEGACY.into(), Some(options.clone())),
        );
        settle(
            "options",
            api::derive_controls(model.clone(), Some(options.clone())),
        );
        settle(
            "options",
            api::build_request(model.clone(), js("({prompt: 'p'})"), Some(options)),
        );
    }
    // A model object edited in place, or one with fields of the wrong type.
    for edit in [
        "m => { m.supportedParameters = 5; return m; }",
        "m => { m.supportedParameters = {max_images: 'lots', resolutions: [null, {}, 1e308]}; return m; }",
        "m => { m.id = 42; return m; }",
        "m => { delete m.id; return m; }",
        "m => { m.pricing = {per_image: {auto: -1, '1024x1024': 'free'}}; return m; }",
        "m => { m.capabilities = 'all'; return m; }",
    ] {
        let copy = json(&JSON::stringify(&model).unwrap().as_string().unwrap());
        let edited = Function::new_with_args("m", &format!("return ({edit})(m);"))
            .call1(&JsValue::NULL, &copy)
            .unwrap();
        exercise(&edited, &js("({prompt: 'p', n: 2})"));
    }
    still_works();
}

#[wasm_bindgen_test]
fn huge_lists_are_capped_quickly() {
    let start = now();
    let many: Vec<String> = (0..200_000)
        .map(|i| format!("{}x{}", 64 + i % 4000, 64 + i / 4000))
        .collect();
    let mut params: serde_json::Map<String, serde_json::Value> = (0..5_000)
        .map(|i| (format!("k{i}"), serde_json::json!([format!("a{i}"), "b"])))
        .collect();
    params.insert("resolutions".into(), serde_json::json!(many));
    params.insert("rendering_speed".into(), serde_json::json!(many));
    let per_image: serde_json::Map<String, serde_json::Value> = many
        .iter()
        .take(50_000)
        .map(|t| (t.clone(), serde_json::json!(0.01)))
        .collect();
    let catalog = catalog_of(
        &serde_json::json!({"id": "m", "supported_parameters": params, "pricing": {"per_image": per_image}})
            .to_string(),
    );
    let model = &models(&catalog)[0];
    let set = settle("huge lists", api::derive_controls(model.clone(), None)).unwrap();
    for c in items(&get(&set, "controls")) {
        if let Ok(options) = get(&c, "options").dyn_into::<Array>() {
            assert!(options.length() <= 256, "{} options", options.length());
        }
    }
    exercise(model, &js("({prompt: 'p', resolution: '64x64'})"));
    let thousands: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"id":"m{i}","name":5}}"#))
        .collect();
    let catalog = catalog_of(&thousands.join(","));
    assert!(
        items(&get(&catalog, "warnings")).len() <= 1001,
        "warnings are capped"
    );
    assert!(now() - start < 30_000.0, "took {} ms", now() - start);
    still_works();
}

#[wasm_bindgen_test]
fn icon_urls_are_http_resolved_against_the_base_or_dropped() {
    let icons = [
        (
            "/icons/PrunaAI.svg",
            Some("https://nano-gpt.com/icons/PrunaAI.svg"),
        ),
        ("icons/a.png", Some("https://nano-gpt.com/icons/a.png")),
        (
            "https://cdn.example.com/a.png",
            Some("https://cdn.example.com/a.png"),
        ),
        (
            "HTTP://cdn.example.com/a.png",
            Some("http://cdn.example.com/a.png"),
        ),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\u{0}script:alert(1)", None),
        ("\u{1}javascript:alert(1)", None),
        ("vbscript:msgbox(1)", None),
        ("data:image/svg+xml,<svg onload=alert(1)>", None),
        ("data:image/png;base64,AAAA", None),
        ("blob:https://nano-gpt.com/1", None),
        ("file:///etc/passwd", None),
        ("//evil.example/x.png", None),
        ("/\\evil.example/x.png", None),
        ("\\\\evil.example\\x.png", None),
        ("\\/evil.example/x.png", None),
        ("https:\\\\evil.example\\x.png", None),
        ("https://nano-gpt.com@evil.example/x.png", None),
        ("https://evil.example\\@nano-gpt.com/x.png", None),
        ("https:evil.example/x.png", None),
        ("https:/evil.example/x.png", None),
        ("/icons/\"onerror=\"alert(1).svg", None),
        ("/icons/<script>.svg", None),
        ("/icons/a\u{202e}gvs.png", None),
        ("?x=1", None),
        ("", None),
    ];
    let base_cases = [
        (None, "https://nano-gpt.com"),
        (Some("https://proxy.example/nano/"), "https://proxy.example"),
    ];
    for (base, origin) in base_cases {
        let items_json: Vec<String> = icons
            .iter()
            .enumerate()
            .map(|(i, (icon, _))| {
                serde_json::json!({"id": format!("m{i}"), "icon_url": icon}).to_string()
            })
            .collect();
        let text_in = format!(r#"{{"data":[{}]}}"#, items_json.join(","));
        let options = Object::new();
        if let Some(base) = base {
            Reflect::set(&options, &"baseUrl".into(), &base.into()).unwrap();
        }
        let catalog = api::parse_catalog(text_in.into(), Some(options)).unwrap();
        for (model, (icon, want)) in models(&catalog).iter().zip(icons) {
            let got = get(model, "iconUrl").as_string();
            let want = want.map(|w| w.replace("https://nano-gpt.com", origin));
            let want = match (base, icon) {
                (Some(_), "icons/a.png") => {
                    Some("https://proxy.example/nano/icons/a.png".to_owned())
                }
                _ => want,
            };
            assert_eq!(got, want, "{icon:?} with base {base:?}");
            if let Some(url) = got {
                assert!(url.starts_with("https://") || url.starts_with("http://"));
            }
        }
    }
    // The camelCase form of a model handed back from JS is checked the same way.
    let model = js("({id: 'm', iconUrl: 'javascript:alert(1)', supportedParameters: {}})");
    let set = api::derive_controls(model.clone(), None).unwrap();
    assert_eq!(text(&set, "modelId"), "m");
    let catalog = api::parse_catalog(
        js("({data: [{id: 'm', iconUrl: 'javascript:alert(1)'}]})"),
        None,
    )
    .unwrap();
    assert!(get(&models(&catalog)[0], "iconUrl").is_undefined());
    // A base URL that is not http(s) resolves nothing relative.
    let options = js("({baseUrl: 'javascript:alert(1)//'})").unchecked_into::<Object>();
    if let Some(catalog) = settle(
        "javascript base",
        api::parse_catalog(
            r#"{"data":[{"id":"m","icon_url":"/x.png"}]}"#.into(),
            Some(options),
        ),
    ) {
        assert!(get(&models(&catalog)[0], "iconUrl").is_undefined());
    }
    still_works();
}
