//! The API key against the real local server (tests/server/server.mjs): never in storage, in
//! errors or anything thrown, in URLs, or sent to another origin (redirects and hostile
//! `endpoints` paths included); invalid options that contain it never echo it.

use super::util::{base, get, in_browser, options, route, server, text, SERVER};
use js_sys::{Array, Function, Reflect, JSON};
use nanogpt_image_controls::wasm::client::CatalogClient;
use nanogpt_image_controls::wasm::fetch as api;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = "sk-key-test-SECRET-9876543210";

/// The same server under its other host name (`localhost` ⇄ `127.0.0.1`): another origin.
fn other_origin() -> String {
    if SERVER.contains("127.0.0.1") {
        SERVER.replace("127.0.0.1", "localhost")
    } else {
        SERVER.replace("localhost", "127.0.0.1")
    }
}

/// What a route recorded: `[{method, url, headers}]`.
async fn requests(route: &str) -> Vec<JsValue> {
    Array::from(&get(
        &server(&format!("/__last?route={route}")).await,
        "requests",
    ))
    .iter()
    .collect()
}

/// Where `needle` occurs in `value`: its string form, `JSON.stringify`, and every own
/// property (enumerable or not, `message`, `stack` and `cause` included), a few levels deep.
fn find(value: &JsValue, needle: &str) -> Option<String> {
    let walk = Function::new_with_args(
        "root, needle",
        r#"
        const seen = new Set();
        const show = (x) => { try { return String(x); } catch { return ""; } };
        const json = (x) => { try { return JSON.stringify(x) ?? ""; } catch { return ""; } };
        const visit = (x, path, depth) => {
          if (show(x).includes(needle)) return path + " (as a string)";
          if (x === null || (typeof x !== "object" && typeof x !== "function")) return "";
          if (seen.has(x) || depth > 6) return "";
          seen.add(x);
          if (json(x).includes(needle)) return path + " (as JSON)";
          for (const name of Object.getOwnPropertyNames(x)) {
            let v;
            try { v = x[name]; } catch { continue; }
            const found = visit(v, path + "." + name, depth + 1);
            if (found) return found;
          }
          return "";
        };
        return visit(root, "value", 0);
        "#,
    );
    let found = walk
        .call2(&JsValue::NULL, value, &needle.into())
        .ok()?
        .as_string()
        .unwrap_or_default();
    (!found.is_empty()).then_some(found)
}

fn assert_no_key(what: &str, value: &JsValue) {
    if let Some(path) = find(value, KEY) {
        panic!("{what}: the key is in {path}");
    }
}

/// A thrown value: an `Error` with a code, without the key anywhere in it.
fn assert_safe_error(what: &str, e: &JsValue) -> String {
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "{what}: threw a non-Error {e:?}"
    );
    let code = text(e, "code");
    assert!(!code.is_empty(), "{what}: no code: {}", text(e, "message"));
    assert_no_key(what, e);
    code
}

async fn fetch_catalog(pairs: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    JsFuture::from(api::fetch_catalog(Some(options(pairs)))).await
}

/// The error of a keyed `fetchCatalog` (to a route that answers slowly) whose signal was
/// aborted with `reason` (`None`: `abort()`, the platform's `AbortError`); its `cause`.
async fn aborted_with(reason: Option<&JsValue>) -> (JsValue, JsValue) {
    let controller = web_sys::AbortController::new().unwrap();
    match reason {
        Some(reason) => controller.abort_with_reason(reason),
        None => controller.abort(),
    }
    let aborted = fetch_catalog(&[
        ("baseUrl", base(&route("slow")).into()),
        ("apiKey", KEY.into()),
        ("signal", controller.signal().into()),
    ])
    .await
    .expect_err("aborted");
    let cause = Reflect::get(&aborted, &"cause".into()).unwrap();
    (aborted, cause)
}

#[wasm_bindgen_test]
async fn no_error_of_any_kind_contains_the_key() {
    let scenarios = [
        ("401", "unauthorized"),
        ("403", "unauthorized"),
        ("429", "rate_limited"),
        ("500", "http"),
        ("503", "http"),
        ("html", "http"),
        ("htmlok", "invalid_json"),
        ("badjson", "invalid_json"),
        ("truncated", "invalid_json"),
        ("notcatalog", "invalid_catalog"),
        ("huge", "invalid_catalog"),
        ("slow", "timeout"),
    ];
    for (scenario, code) in scenarios {
        for header in ["bearer", "x-api-key"] {
            let what = format!("{scenario} with {header}");
            let result = fetch_catalog(&[
                ("baseUrl", base(&route(scenario)).into()),
                ("apiKey", KEY.into()),
                ("authHeader", header.into()),
                ("timeoutMs", 500.into()),
            ])
            .await;
            let e = result.expect_err(&what);
            assert_eq!(
                assert_safe_error(&what, &e),
                code,
                "{what}: {}",
                text(&e, "message")
            );
        }
    }
    // The key with spaces around it (trimmed when sent) and the server echoing it back.
    let padded = format!("  {KEY}\t");
    let result = fetch_catalog(&[
        ("baseUrl", base(&route("401")).into()),
        ("apiKey", padded.into()),
    ])
    .await;
    assert_safe_error("padded key", &result.expect_err("401"));
    // Network failures, aborts and cross-origin blocks.
    let unreachable = fetch_catalog(&[
        ("baseUrl", "http://127.0.0.1:9/nano".into()),
        ("apiKey", KEY.into()),
    ])
    .await;
    assert_eq!(
        assert_safe_error("unreachable", &unreachable.expect_err("closed port")),
        "network"
    );
    // An abort reason is the caller's own value, handed back as the error's `cause`, except
    // one that shows the key anywhere (as text, `message`, `stack`, JSON, or deeper: the
    // `cause` of an `Error`, an `AggregateError`'s `errors`, a non-enumerable property, which
    // loggers and error trackers print too): then there is no cause.
    let deeper = Function::new_with_args(
        "key",
        r#"const hidden = {};
        Object.defineProperty(hidden, "auth", { value: "Bearer " + key, enumerable: false });
        return [
          new Error("stop", { cause: { auth: "Bearer " + key } }),
          new AggregateError([new Error("401 for " + key)], "many"),
          { why: hidden },
        ];"#,
    )
    .call1(&JsValue::NULL, &KEY.into())
    .unwrap();
    for reason in [
        JsValue::from(format!("stop {KEY}")),
        js_sys::Error::new(&format!("stop {KEY}")).into(),
        JSON::parse(&format!(r#"{{"why": {{"key": "{KEY}"}}}}"#)).unwrap(),
    ]
    .into_iter()
    .chain(Array::from(&deeper).iter())
    {
        let (aborted, cause) = aborted_with(Some(&reason)).await;
        assert!(cause.is_undefined());
        assert_eq!(assert_safe_error("aborted", &aborted), "aborted");
    }
    let reason = JsValue::from("user left the page");
    let (aborted, cause) = aborted_with(Some(&reason)).await;
    assert_eq!(cause, reason);
    assert_eq!(assert_safe_error("aborted", &aborted), "aborted");
    // A reason without the key is handed back however deep it goes: an `Error` with a `cause`,
    // the platform's `AbortError` (`abort()` without a reason).
    let nested = Function::new_with_args(
        "",
        r#"return new Error("user left", { cause: new Error("tab closed", { cause: { page: "/gallery" } }) });"#,
    )
    .call0(&JsValue::NULL)
    .unwrap();
    for reason in [Some(nested), None] {
        let (aborted, cause) = aborted_with(reason.as_ref()).await;
        match reason {
            Some(reason) => assert_eq!(cause, reason),
            None => assert_eq!(text(&cause, "name"), "AbortError"),
        }
        assert_eq!(assert_safe_error("aborted", &aborted), "aborted");
    }
    let nocors = fetch_catalog(&[
        ("baseUrl", base(&route("nocors")).into()),
        ("apiKey", KEY.into()),
    ])
    .await;
    match nocors {
        Err(e) => assert_eq!(assert_safe_error("nocors", &e), "network"),
        Ok(catalog) => {
            assert!(
                !in_browser(),
                "a browser must block a response without CORS headers"
            );
            assert_no_key("catalog", &catalog);
        }
    }
}

#[wasm_bindgen_test]
async fn invalid_options_never_echo_the_key() {
    let bad_options: Vec<Vec<(&str, JsValue)>> = vec![
        vec![("baseUrl", KEY.into())],
        vec![("baseUrl", format!("http://{KEY}@127.0.0.1:8787").into())],
        vec![(
            "baseUrl",
            format!("http://user:{KEY}@127.0.0.1:8787").into(),
        )],
        vec![("baseUrl", format!("{SERVER}/s/ok?key={KEY}").into())],
        vec![("baseUrl", format!("{SERVER}/s/ok#{KEY}").into())],
        vec![("baseUrl", format!("ftp://{KEY}.example").into())],
        vec![("baseUrl", format!("https://{KEY} .example").into())],
        vec![("baseUrl", format!("https://host/{KEY}/../x").into())],
        vec![("authHeader", KEY.into())],
        vec![("endpoint", KEY.into())],
        vec![("timeoutMs", (-1).into())],
        vec![("detailed", KEY.into())],
        vec![("signal", KEY.into())],
    ];
    for pairs in bad_options {
        let mut all = vec![("apiKey", JsValue::from(KEY))];
        all.extend(pairs.iter().cloned());
        let what = format!("option {}", pairs[0].0);
        let e = fetch_catalog(&all).await.expect_err(&what);
        assert_eq!(assert_safe_error(&what, &e), "invalid_argument");
        let e = CatalogClient::new(Some(options(&all))).err().expect(&what);
        assert_eq!(assert_safe_error(&what, &e), "invalid_argument");
        let e = JsFuture::from(api::fetch_model_endpoints("m".into(), Some(options(&all))))
            .await
            .expect_err(&what);
        assert_eq!(assert_safe_error(&what, &e), "invalid_argument");
    }
    // Keys that cannot travel in a header are refused before any request, without echoing them.
    for key in [
        format!("{KEY}\r\nX-Injected: 1"),
        format!("{KEY}\u{0}"),
        format!("{KEY}é"),
        format!("{KEY} second-part"),
    ] {
        let r = route("rec");
        let e = fetch_catalog(&[("baseUrl", base(&r).into()), ("apiKey", key.clone().into())])
            .await
            .expect_err("a key that is no header value");
        assert_eq!(
            assert_safe_error(&format!("{key:?}"), &e),
            "invalid_argument"
        );
        assert!(requests(&r).await.is_empty(), "no request was made");
    }
    let e = fetch_catalog(&[("apiKey", 42.into())])
        .await
        .expect_err("a number");
    assert_eq!(assert_safe_error("a number key", &e), "invalid_argument");
}

#[wasm_bindgen_test]
async fn the_key_is_in_headers_to_the_base_only_never_in_urls_or_results() {
    let r = route("rec");
    let base_url = base(&r);
    for (header, endpoint, detailed) in [("bearer", "legacy", true), ("x-api-key", "images", false)]
    {
        let catalog = fetch_catalog(&[
            ("baseUrl", base_url.clone().into()),
            ("apiKey", KEY.into()),
            ("authHeader", header.into()),
            ("endpoint", endpoint.into()),
            ("detailed", detailed.into()),
        ])
        .await
        .unwrap();
        assert_no_key("the catalog", &catalog);
    }
    let detail = JsFuture::from(api::fetch_model_endpoints(
        "bytedance/seedream/v5/pro/edit".into(),
        Some(options(&[
            ("baseUrl", base_url.clone().into()),
            ("apiKey", KEY.into()),
        ])),
    ))
    .await
    .unwrap();
    assert_no_key("the endpoints detail", &detail);
    let seen = requests(&r).await;
    assert_eq!(seen.len(), 3);
    for request in &seen {
        let url = text(request, "url");
        assert!(
            !url.contains(KEY) && !url.contains("SECRET"),
            "the key is in {url}"
        );
        let headers = get(request, "headers");
        let sent = [text(&headers, "authorization"), text(&headers, "x-api-key")];
        assert!(
            sent.iter().any(|h| h.contains(KEY)),
            "{url} went without the key"
        );
    }
}

#[wasm_bindgen_test]
async fn hostile_endpoints_paths_never_take_the_key_elsewhere() {
    let r = route("rec");
    let evil = route("rec");
    let other = other_origin();
    let paths = [
        format!("{other}/s/{evil}/api/v1/images/models/m/endpoints"),
        format!(
            "//{}/s/{evil}/api/v1/images/models/m/endpoints",
            other.split("://").nth(1).unwrap()
        ),
        format!("/\\{}/s/{evil}/x", other.split("://").nth(1).unwrap()),
        format!("\\\\{}\\s\\{evil}", other.split("://").nth(1).unwrap()),
        format!("http:{}/s/{evil}/x", other.split("://").nth(1).unwrap()),
        format!("javascript:fetch('{other}/s/{evil}')"),
        format!("/s/{evil}/../../s/{evil}/x"),
    ];
    for path in &paths {
        let model = js_sys::Object::new();
        Reflect::set(&model, &"id".into(), &"m".into()).unwrap();
        Reflect::set(&model, &"endpoints".into(), &path.into()).unwrap();
        let result = JsFuture::from(api::fetch_model_endpoints(
            model.into(),
            Some(options(&[
                ("baseUrl", base(&r).into()),
                ("apiKey", KEY.into()),
            ])),
        ))
        .await;
        if let Err(e) = result {
            assert_safe_error(path, &e);
        }
    }
    assert!(
        requests(&evil).await.is_empty(),
        "a hostile `endpoints` path was requested"
    );
    // Every request went to the base URL, built from the id.
    for request in requests(&r).await {
        let url = text(&request, "url");
        assert_eq!(url, format!("/s/{r}/api/v1/images/models/m/endpoints"));
    }
}

#[wasm_bindgen_test]
async fn redirects_to_another_origin_never_carry_the_key() {
    let instance = route("redirect");
    let away = format!("rec~{}-away", instance.split('~').nth(1).unwrap());
    let base_url = base(&instance);
    for header in ["bearer", "x-api-key"] {
        for endpoint in ["legacy", "images"] {
            let result = fetch_catalog(&[
                ("baseUrl", base_url.clone().into()),
                ("apiKey", KEY.into()),
                ("authHeader", header.into()),
                ("endpoint", endpoint.into()),
            ])
            .await;
            assert_safe_error("redirect", &result.expect_err("not followed with a key"));
        }
        let result = JsFuture::from(api::fetch_model_endpoints(
            "m".into(),
            Some(options(&[
                ("baseUrl", base_url.clone().into()),
                ("apiKey", KEY.into()),
                ("authHeader", header.into()),
            ])),
        ))
        .await;
        assert_safe_error("redirect (endpoints)", &result.expect_err("not followed"));
        let client = CatalogClient::new(Some(options(&[
            ("baseUrl", base_url.clone().into()),
            ("apiKey", KEY.into()),
            ("authHeader", header.into()),
        ])))
        .unwrap();
        let e = JsFuture::from(client.get(JsValue::UNDEFINED))
            .await
            .expect_err("not followed");
        assert_safe_error("redirect (client)", &e);
        let e = JsFuture::from(client.refresh(JsValue::UNDEFINED))
            .await
            .expect_err("not followed");
        assert_safe_error("redirect (client refresh)", &e);
    }
    for request in requests(&away).await {
        let headers = get(&request, "headers");
        assert!(get(&headers, "authorization").is_undefined());
        assert!(get(&headers, "x-api-key").is_undefined());
        assert_no_key("a redirected request", &request);
    }
}

/// A storage object that records every call: `{ calls, getItem, setItem, removeItem }`.
fn recording_storage() -> JsValue {
    Function::new_no_args(
        "const m = new Map(); const calls = [];
         return { calls, map: m,
           getItem: k => { calls.push(['get', k]); return m.has(k) ? m.get(k) : null; },
           setItem: (k, v) => { calls.push(['set', k, v]); m.set(k, String(v)); },
           removeItem: k => { calls.push(['remove', k]); m.delete(k); } };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
}

#[wasm_bindgen_test]
async fn storage_never_sees_the_key() {
    let r = route("etag");
    let storage = recording_storage();
    let make = || {
        CatalogClient::new(Some(options(&[
            ("baseUrl", base(&r).into()),
            ("apiKey", KEY.into()),
            ("storage", storage.clone()),
            ("maxAgeMs", 0.into()),
        ])))
        .unwrap()
    };
    let client = make();
    let catalog = JsFuture::from(client.get(JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_no_key("the catalog", &catalog);
    server(&format!("/__set?route={r}&version=2")).await;
    let update = JsFuture::from(client.refresh(JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_no_key("the update", &update);
    // A 304 on a second client that starts from storage, then a failing refresh.
    let second = make();
    JsFuture::from(second.refresh(JsValue::UNDEFINED))
        .await
        .unwrap();
    server(&format!("/__set?route={r}&fail=401")).await;
    let failed = JsFuture::from(second.refresh(JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(get(&failed, "stale"), JsValue::TRUE);
    assert_no_key("a failed refresh", &failed);
    second.clear();
    let calls = get(&storage, "calls");
    assert!(Array::from(&calls).length() >= 3, "the storage was used");
    assert_no_key("the storage calls", &calls);
    assert!(!JSON::stringify(&calls)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("SECRET"));

    // localStorage in browsers: nothing with the key, whatever the client stored there.
    if in_browser() {
        let local = CatalogClient::new(Some(options(&[
            ("baseUrl", base(&route("ok")).into()),
            ("apiKey", KEY.into()),
            ("storage", "local".into()),
        ])))
        .unwrap();
        JsFuture::from(local.get(JsValue::UNDEFINED)).await.unwrap();
        let storage: web_sys::Storage = get(&js_sys::global(), "localStorage").into();
        for i in 0..storage.length().unwrap() {
            let k = storage.key(i).unwrap().unwrap_or_default();
            let v = storage.get_item(&k).unwrap().unwrap_or_default();
            assert!(
                !k.contains(KEY) && !v.contains(KEY),
                "localStorage {k} holds the key"
            );
        }
        local.clear();
    }
}
