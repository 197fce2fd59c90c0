//! Helpers shared by the wasm-bindgen test modules.

use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, for talking to the test server's control routes directly.
    #[wasm_bindgen(js_namespace = globalThis, js_name = fetch)]
    pub fn plain_fetch(url: &str) -> Promise;
}

/// A control route of the test server (`/__count`, `/__last`, `/__set`…), as JSON.
pub async fn server(path: &str) -> JsValue {
    let response: web_sys::Response = JsFuture::from(plain_fetch(&format!("{SERVER}{path}")))
        .await
        .expect("the test server answers (scripts/with-test-server.sh starts it)")
        .into();
    JsFuture::from(response.json().unwrap()).await.unwrap()
}

/// The local test server (`scripts/with-test-server.sh` sets it at build time).
pub const SERVER: &str = match option_env!("NANOGPT_TEST_SERVER") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};

/// A property of a JS value (`undefined` when missing).
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// A string property of a JS value (`""` when missing).
pub fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}

/// A JS value as JSON (key order aside, comparable with `==`).
pub fn as_value(v: &JsValue) -> serde_json::Value {
    let text = JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    serde_json::from_str(&text).expect("JSON")
}

/// Whether the tests run in a browser (else Node).
pub fn in_browser() -> bool {
    Reflect::has(&js_sys::global(), &"document".into()).unwrap_or(false)
}

/// A route instance unique to this test and run: `scenario~abc123`.
pub fn route(scenario: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{scenario}~{n:x}")
}

/// The test server's base URL for a route.
pub fn base(route: &str) -> String {
    format!("{SERVER}/s/{route}")
}

/// An options object from key/value pairs.
pub fn options(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o
}
