//! `fetchCatalog`, `fetchModelEndpoints` and `CatalogClient` against the real local server
//! (tests/server/server.mjs, started by scripts/with-test-server.sh). No mocked `fetch`.
//!
//! Each test uses its own route instance (`/s/<scenario>~<random>`), so counters and records
//! of the Node and browser runs (one server for both) never mix.

use super::util::{base, get, in_browser, options, plain_fetch, route, server, text, SERVER};
use js_sys::{Array, Function, Object, Promise, JSON};
use nanogpt_image_controls::wasm::client::CatalogClient;
use nanogpt_image_controls::wasm::fetch as api;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const KEY: &str = "sk-test-fetch-SECRET-0123456789";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = globalThis, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
}

fn len(v: &JsValue) -> u32 {
    Array::from(v).length()
}

fn ids(v: &JsValue) -> Vec<String> {
    Array::from(v)
        .iter()
        .filter_map(|x| x.as_string())
        .collect()
}

async fn sleep(ms: u32) {
    let p = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    JsFuture::from(p).await.unwrap();
}

async fn count(route: &str) -> f64 {
    get(&server(&format!("/__count?route={route}")).await, "count")
        .as_f64()
        .unwrap()
}

/// The requests a route recorded: `[{method, url, headers}]`.
async fn requests(route: &str) -> Array {
    get(&server(&format!("/__last?route={route}")).await, "requests").into()
}

async fn fetch_catalog(pairs: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    JsFuture::from(api::fetch_catalog(Some(options(pairs)))).await
}

/// Asserts an `Error` with this code whose message (and string form) never shows the key.
fn expect_code(result: Result<JsValue, JsValue>, code: &str) -> JsValue {
    let e = match result {
        Ok(v) => panic!("expected a `{code}` error, got {v:?}"),
        Err(e) => e,
    };
    assert!(
        e.is_instance_of::<js_sys::Error>(),
        "threw a non-Error: {e:?}"
    );
    assert_eq!(text(&e, "code"), code, "{}", text(&e, "message"));
    let message = text(&e, "message");
    assert!(!message.contains(KEY), "the key leaked: {message}");
    let shown: String = js_sys::Error::from(e.clone()).to_string().into();
    assert!(!shown.contains(KEY));
    e
}

#[wasm_bindgen_test]
async fn health() {
    let response: web_sys::Response = JsFuture::from(plain_fetch(&format!("{SERVER}/health")))
        .await
        .unwrap()
        .into();
    assert_eq!(response.status(), 200);
}

#[wasm_bindgen_test]
async fn fetches_the_legacy_catalog_detailed_by_default() {
    let r = route("rec");
    let catalog = fetch_catalog(&[("baseUrl", base(&r).into())])
        .await
        .unwrap();
    assert_eq!(len(&get(&catalog, "models")), 10);
    let meta = get(&catalog, "meta");
    assert_eq!(text(&meta, "source"), "legacy");
    assert!(text(&meta, "fetchedAt").ends_with('Z'));
    let seen = requests(&r).await;
    assert_eq!(seen.length(), 1);
    assert_eq!(
        text(&seen.get(0), "url"),
        format!("/s/{r}/api/v1/image-models?detailed=true")
    );
    let headers = get(&seen.get(0), "headers");
    assert!(get(&headers, "authorization").is_undefined());
}

#[wasm_bindgen_test]
async fn not_detailed_and_the_typed_endpoint() {
    let r = route("rec");
    let catalog = fetch_catalog(&[("baseUrl", base(&r).into()), ("detailed", false.into())])
        .await
        .unwrap();
    let models = get(&catalog, "models");
    assert_eq!(len(&models), 10);
    assert_eq!(text(&Array::from(&models).get(0), "ownedBy"), "nanogpt");
    let catalog = fetch_catalog(&[("baseUrl", base(&r).into()), ("endpoint", "images".into())])
        .await
        .unwrap();
    assert_eq!(text(&get(&catalog, "meta"), "source"), "images");
    assert_eq!(len(&get(&catalog, "models")), 2);
    let seen = requests(&r).await;
    assert_eq!(
        text(&seen.get(0), "url"),
        format!("/s/{r}/api/v1/image-models?detailed=false")
    );
    assert_eq!(
        text(&seen.get(1), "url"),
        format!("/s/{r}/api/v1/images/models?detailed=true")
    );
}

#[wasm_bindgen_test]
async fn the_key_goes_in_a_header_to_the_base_url_and_never_in_the_url() {
    let r = route("rec");
    fetch_catalog(&[("baseUrl", base(&r).into()), ("apiKey", KEY.into())])
        .await
        .unwrap();
    fetch_catalog(&[
        ("baseUrl", base(&r).into()),
        ("apiKey", KEY.into()),
        ("authHeader", "x-api-key".into()),
    ])
    .await
    .unwrap();
    let seen = requests(&r).await;
    assert_eq!(seen.length(), 2);
    let (bearer, x) = (get(&seen.get(0), "headers"), get(&seen.get(1), "headers"));
    assert_eq!(text(&bearer, "authorization"), format!("Bearer {KEY}"));
    assert!(get(&bearer, "x-api-key").is_undefined());
    assert_eq!(text(&x, "x-api-key"), KEY);
    assert!(get(&x, "authorization").is_undefined());
    for request in seen.iter() {
        assert!(!text(&request, "url").contains(KEY));
    }
}

#[wasm_bindgen_test]
async fn model_endpoints_by_id_by_model_and_with_odd_ids() {
    let r = route("rec");
    let opts = || {
        Some(options(&[
            ("baseUrl", base(&r).into()),
            ("apiKey", KEY.into()),
        ]))
    };
    let detail = JsFuture::from(api::fetch_model_endpoints(
        "bytedance/seedream/v5/pro/edit".into(),
        opts(),
    ))
    .await
    .unwrap();
    assert_eq!(text(&detail, "id"), "bytedance/seedream/v5/pro/edit");
    let endpoint = Array::from(&get(&detail, "endpoints")).get(0);
    assert_eq!(text(&endpoint, "providerSlug"), "openai");
    let price = Array::from(&get(&endpoint, "pricing")).get(0);
    assert_eq!(get(&price, "costUsd").as_f64(), Some(0.06551));
    assert_eq!(text(&price, "unit"), "image");
    assert_eq!(text(&price, "resolution"), "1024x1024");
    assert!(get(&get(&endpoint, "supportedParameters"), "resolution").is_object());
    let route_limits = get(&get(&endpoint, "inputReferenceConstraints"), "route");
    assert_eq!(get(&route_limits, "maxBytes").as_f64(), Some(31_457_280.0));

    // A model object from the typed list: its `endpoints` path is used (under the prefix).
    let catalog = fetch_catalog(&[("baseUrl", base(&r).into()), ("endpoint", "images".into())])
        .await
        .unwrap();
    let model = Array::from(&get(&catalog, "models")).get(1);
    assert_eq!(text(&model, "id"), "bytedance/seedream/v5/pro/edit");
    let detail = JsFuture::from(api::fetch_model_endpoints(model, opts()))
        .await
        .unwrap();
    assert_eq!(text(&detail, "id"), "bytedance/seedream/v5/pro/edit");

    JsFuture::from(api::fetch_model_endpoints("runware:106@1 x".into(), opts()))
        .await
        .unwrap();
    let urls: Vec<String> = requests(&r).await.iter().map(|q| text(&q, "url")).collect();
    let prefix = format!("/s/{r}/api/v1/images/models");
    assert_eq!(
        urls,
        [
            format!("{prefix}/bytedance/seedream/v5/pro/edit/endpoints"),
            format!("{prefix}?detailed=true"),
            format!("{prefix}/bytedance/seedream/v5/pro/edit/endpoints"),
            format!("{prefix}/runware:106@1%20x/endpoints"),
        ]
    );
    let e = JsFuture::from(api::fetch_model_endpoints("a/../b".into(), opts())).await;
    expect_code(e, "invalid_argument");
    let e = JsFuture::from(api::fetch_model_endpoints(JsValue::from(3), opts())).await;
    expect_code(e, "invalid_argument");
}

#[wasm_bindgen_test]
async fn unauthorized_answers_name_the_status_and_hide_the_key() {
    for (scenario, status, auth) in [("401", 401, "bearer"), ("403", 403, "x-api-key")] {
        let e = expect_code(
            fetch_catalog(&[
                ("baseUrl", base(&route(scenario)).into()),
                ("apiKey", KEY.into()),
                ("authHeader", auth.into()),
            ])
            .await,
            "unauthorized",
        );
        assert_eq!(get(&e, "status").as_f64(), Some(f64::from(status)));
        let message = text(&e, "message");
        assert!(message.contains(&status.to_string()), "{message}");
        // The server echoed the key; the message quotes it scrubbed.
        assert!(message.contains("[redacted]"), "{message}");
    }
}

#[wasm_bindgen_test]
async fn rate_limits_carry_retry_after() {
    let e = expect_code(
        fetch_catalog(&[("baseUrl", base(&route("429")).into())]).await,
        "rate_limited",
    );
    assert_eq!(get(&e, "retryAfter").as_f64(), Some(120.0));
    assert_eq!(get(&e, "status").as_f64(), Some(429.0));
    assert!(text(&e, "message").contains("slow down"));
    let e = expect_code(
        fetch_catalog(&[("baseUrl", base(&route("429date")).into())]).await,
        "rate_limited",
    );
    let seconds = get(&e, "retryAfter").as_f64().unwrap();
    assert!((55.0..=61.0).contains(&seconds), "{seconds}");
}

#[wasm_bindgen_test]
async fn other_statuses_are_http_errors_with_a_summary() {
    for (scenario, status, needle) in [
        (
            "500",
            500.0,
            "500 Internal Server Error: \"Internal failure while listing models\"",
        ),
        (
            "503",
            503.0,
            "Service temporarily unavailable (upstream overloaded)",
        ),
        ("html", 502.0, "502 Bad Gateway: an HTML page"),
    ] {
        let e = expect_code(
            fetch_catalog(&[
                ("baseUrl", base(&route(scenario)).into()),
                ("apiKey", KEY.into()),
            ])
            .await,
            "http",
        );
        assert_eq!(get(&e, "status").as_f64(), Some(status));
        let message = text(&e, "message");
        assert!(message.contains(needle), "{message}");
        assert!(!message.contains("<"), "{message}");
    }
}

/// A body that never ends is read only up to the limit: 64 MiB for a catalog, 64 KiB for an
/// error's message. The server counts the MiB it wrote before the connection closed.
#[wasm_bindgen_test]
async fn endless_bodies_are_read_only_up_to_the_limit() {
    for (scenario, code, most) in [
        ("endless", "invalid_catalog", 100.0),
        ("endlesserror", "http", 20.0),
    ] {
        let r = route(scenario);
        let e = expect_code(fetch_catalog(&[("baseUrl", base(&r).into())]).await, code);
        if code == "invalid_catalog" {
            assert!(
                text(&e, "message").contains("limit"),
                "{}",
                text(&e, "message")
            );
        }
        // The server notices the closed connection a little later.
        let mut mib = JsValue::NULL;
        for _ in 0..50 {
            mib = get(&server(&format!("/__endless?route={r}")).await, "mib");
            if !mib.is_null() {
                break;
            }
            sleep(100).await;
        }
        let mib = mib.as_f64().expect("the connection was closed");
        assert!(
            mib < most,
            "{scenario}: {mib} MiB written before the client stopped"
        );
    }
}

#[wasm_bindgen_test]
async fn bodies_that_are_not_catalogs() {
    for (scenario, code) in [
        ("badjson", "invalid_json"),
        ("truncated", "invalid_json"),
        ("htmlok", "invalid_json"),
        ("notcatalog", "invalid_catalog"),
        ("huge", "invalid_catalog"),
    ] {
        let e = expect_code(
            fetch_catalog(&[("baseUrl", base(&route(scenario)).into())]).await,
            code,
        );
        if scenario == "truncated" {
            assert!(
                text(&e, "message").contains("truncated"),
                "{}",
                text(&e, "message")
            );
        }
    }
}

#[wasm_bindgen_test]
async fn a_slow_server_times_out() {
    for scenario in ["slow", "slowbody"] {
        let start = js_sys::Date::now();
        let e = expect_code(
            fetch_catalog(&[
                ("baseUrl", base(&route(scenario)).into()),
                ("timeoutMs", 250.into()),
            ])
            .await,
            "timeout",
        );
        let elapsed = js_sys::Date::now() - start;
        assert!(elapsed < 1500.0, "{scenario}: took {elapsed} ms");
        assert!(text(&e, "message").contains("250 ms"));
    }
}

#[wasm_bindgen_test]
async fn an_abort_signal_aborts() {
    let r = route("slow");
    let controller = web_sys::AbortController::new().unwrap();
    let pending = api::fetch_catalog(Some(options(&[
        ("baseUrl", base(&r).into()),
        ("signal", controller.signal().into()),
    ])));
    sleep(100).await;
    controller.abort_with_reason(&"the user left".into());
    // The reason given to `abort(reason)` is the error's `cause`.
    let cause = |e: JsValue| get(&e, "cause");
    let e = expect_code(JsFuture::from(pending).await, "aborted");
    assert_eq!(cause(e), "the user left");
    assert_eq!(count(&r).await, 1.0);

    // Already aborted: no request at all.
    let r = route("ok");
    let e = expect_code(
        fetch_catalog(&[
            ("baseUrl", base(&r).into()),
            ("signal", controller.signal().into()),
        ])
        .await,
        "aborted",
    );
    assert_eq!(cause(e), "the user left");
    assert_eq!(count(&r).await, 0.0);

    // fetchModelEndpoints and a CatalogClient alike; `abort()` without a reason gives the
    // platform's `AbortError`.
    let controller = web_sys::AbortController::new().unwrap();
    let with_signal = |r: &str| {
        options(&[
            ("baseUrl", base(r).into()),
            ("signal", controller.signal().into()),
        ])
    };
    let pending = api::fetch_model_endpoints("m".into(), Some(with_signal(&route("slow"))));
    let c = CatalogClient::new(Some(with_signal(&route("slow")))).unwrap();
    let got = c.get(JsValue::UNDEFINED);
    sleep(100).await;
    controller.abort();
    for result in [JsFuture::from(pending).await, JsFuture::from(got).await] {
        let e = expect_code(result, "aborted");
        assert_eq!(text(&cause(e), "name"), "AbortError");
    }
}

#[wasm_bindgen_test]
async fn a_signal_that_times_out_is_a_timeout_with_its_reason_as_cause() {
    let timeout = Function::new_with_args("ms", "return AbortSignal.timeout(ms)");
    let signal = |ms: u32| timeout.call1(&JsValue::NULL, &ms.into()).unwrap();
    let with_signal = |r: &str, signal: &JsValue| {
        Some(options(&[
            ("baseUrl", base(r).into()),
            ("signal", signal.clone()),
        ]))
    };
    let timed_out = |result: Result<JsValue, JsValue>, signal: &JsValue| {
        let e = expect_code(result, "timeout");
        let message = text(&e, "message");
        assert_eq!(
            message,
            "the request timed out (the time limit of its `signal`)"
        );
        let cause = get(&e, "cause");
        assert_eq!(text(&cause, "name"), "TimeoutError");
        assert_eq!(cause, get(signal, "reason"));
    };
    let s = signal(150);
    let pending = api::fetch_catalog(with_signal(&route("slow"), &s));
    timed_out(JsFuture::from(pending).await, &s);
    let s = signal(150);
    let pending = api::fetch_model_endpoints("m".into(), with_signal(&route("slow"), &s));
    timed_out(JsFuture::from(pending).await, &s);
    let s = signal(150);
    let c = CatalogClient::new(with_signal(&route("slow"), &s)).unwrap();
    timed_out(client_get(&c).await, &s);
    // Already timed out: no request at all.
    let r = route("ok");
    timed_out(
        JsFuture::from(api::fetch_catalog(with_signal(&r, &s))).await,
        &s,
    );
    assert_eq!(count(&r).await, 0.0);
    // `timeoutMs` stays a timeout of its own, without a cause.
    let e = expect_code(
        fetch_catalog(&[
            ("baseUrl", base(&route("slow")).into()),
            ("timeoutMs", 100.into()),
            ("signal", signal(60_000)),
        ])
        .await,
        "timeout",
    );
    assert!(text(&e, "message").contains("after 100 ms"));
    assert!(get(&e, "cause").is_undefined());
}

#[wasm_bindgen_test]
async fn a_calls_own_signal_stops_that_call_only() {
    // Two concurrent get()s share the slow (2 s) request; the one whose signal aborts rejects at
    // once with the reason as cause, the other gets the catalog, which is cached.
    let r = route("slow");
    let c = client(&[("baseUrl", base(&r).into())]);
    let controller = web_sys::AbortController::new().unwrap();
    let call = options(&[("signal", controller.signal().into())]);
    let start = js_sys::Date::now();
    let aborted = c.get(call.clone().into());
    let other = c.get(JsValue::UNDEFINED);
    sleep(100).await;
    controller.abort_with_reason(&"unmounted".into());
    let e = expect_code(JsFuture::from(aborted).await, "aborted");
    assert_eq!(get(&e, "cause"), "unmounted");
    let elapsed = js_sys::Date::now() - start;
    assert!(elapsed < 1000.0, "the aborted call waited {elapsed} ms");
    let catalog = JsFuture::from(other).await.unwrap();
    assert!(Object::is(&c.peek(), &catalog));
    assert_eq!(count(&r).await, 1.0);
    // Already aborted: rejects, even with a fresh catalog cached.
    expect_code(JsFuture::from(c.get(call.into())).await, "aborted");
    // refresh() with a signal that times out: `timeout`, its `TimeoutError` as cause.
    let timeout = Function::new_with_args("ms", "return AbortSignal.timeout(ms)");
    let signal = timeout.call1(&JsValue::NULL, &100.into()).unwrap();
    let e = expect_code(
        JsFuture::from(c.refresh(options(&[("signal", signal)]).into())).await,
        "timeout",
    );
    assert_eq!(text(&get(&e, "cause"), "name"), "TimeoutError");
    // A misspelt option is refused.
    let typo = options(&[("signl", controller.signal().into())]);
    let e = expect_code(JsFuture::from(c.get(typo.into())).await, "invalid_argument");
    assert!(text(&e, "message").contains("`signl`"));
}

#[wasm_bindgen_test]
async fn unreachable_servers_are_network_errors_that_mention_cors_in_browsers() {
    // A closed port (not a blocked one such as 9, which fetch refuses outright).
    let e = expect_code(
        fetch_catalog(&[
            ("baseUrl", "http://127.0.0.1:59999".into()),
            ("apiKey", KEY.into()),
        ])
        .await,
        "network",
    );
    let message = text(&e, "message");
    // Only pages and workers have a same-origin policy: Node's message leaves the hint out.
    assert_eq!(
        message.contains("CORS") && message.contains("cross-origin"),
        in_browser(),
        "{message}"
    );
    assert!(message.contains("unreachable"), "{message}");
}

#[wasm_bindgen_test]
async fn a_failure_at_the_page_s_own_origin_does_not_blame_cors() {
    if !in_browser() {
        return;
    }
    // `fetch` fails as a browser's does when the network is down (the demo's own server
    // stopped): the page's own origin has no same-origin policy to blame.
    let swap = Function::new_no_args(
        "const real = globalThis.fetch; \
         globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch')); \
         return () => { globalThis.fetch = real; };",
    );
    let restore: Function = swap.call0(&JsValue::NULL).unwrap().into();
    let origin = get(&get(&js_sys::global(), "location"), "origin");
    let result = fetch_catalog(&[("baseUrl", origin)]).await;
    restore.call0(&JsValue::NULL).unwrap();
    let message = text(&expect_code(result, "network"), "message");
    assert!(!message.contains("CORS"), "{message}");
    assert!(message.contains("unreachable"), "{message}");
}

#[wasm_bindgen_test]
async fn a_server_without_cors_headers() {
    let result = fetch_catalog(&[("baseUrl", base(&route("nocors")).into())]).await;
    if in_browser() {
        let e = expect_code(result, "network");
        assert!(text(&e, "message").contains("CORS"));
    } else {
        // Node has no same-origin policy: the catalog arrives.
        assert_eq!(len(&get(&result.unwrap(), "models")), 10);
    }
}

#[wasm_bindgen_test]
async fn bad_options_are_invalid_arguments() {
    for pairs in [
        vec![("baseUrl", JsValue::from("ftp://example.com"))],
        vec![("baseUrl", "javascript:alert(1)".into())],
        vec![("baseUrl", format!("https://u:{KEY}@example.com").into())],
        vec![("endpoint", "openai".into())],
        vec![("authHeader", "cookie".into())],
        vec![("detailed", "yes".into())],
        vec![("timeoutMs", (-1).into())],
        vec![("signal", 5.into())],
        vec![("apiKey", format!("{KEY}\nX-Evil: 1").into())],
    ] {
        let pairs: Vec<(&str, JsValue)> = pairs;
        let e = expect_code(fetch_catalog(&pairs).await, "invalid_argument");
        assert!(
            !text(&e, "message").contains("u:sk"),
            "{}",
            text(&e, "message")
        );
    }
    // `baseURL` (the OpenAI SDK's spelling) would be ignored and the request go to nano-gpt.com
    // (`timeoutMs` keeps that short should it ever do).
    let r = route("rec");
    let e = expect_code(
        fetch_catalog(&[("baseURL", base(&r).into()), ("timeoutMs", 1.into())]).await,
        "invalid_argument",
    );
    assert_eq!(
        text(&e, "message"),
        "unknown option `baseURL`: did you mean `baseUrl`?"
    );
    assert_eq!(count(&r).await, 0.0);
}

#[wasm_bindgen_test]
async fn a_20_mb_catalog() {
    let catalog = fetch_catalog(&[
        ("baseUrl", base(&route("big")).into()),
        ("timeoutMs", 60_000.into()),
    ])
    .await
    .unwrap();
    assert!(len(&get(&catalog, "models")) > 9_000);
}

#[wasm_bindgen_test]
async fn redirects_never_carry_the_key_to_another_origin() {
    let instance = route("redirect");
    let away = format!("rec~{}-away", instance.split('~').nth(1).unwrap());
    let result =
        fetch_catalog(&[("baseUrl", base(&instance).into()), ("apiKey", KEY.into())]).await;
    let e = expect_code(result, if in_browser() { "network" } else { "http" });
    assert!(text(&e, "message").contains("redirect"));
    for request in requests(&away).await.iter() {
        let headers = get(&request, "headers");
        assert!(get(&headers, "authorization").is_undefined());
        assert!(get(&headers, "x-api-key").is_undefined());
    }
    // Without a key there is nothing to leak: the redirect is followed.
    let catalog = fetch_catalog(&[("baseUrl", base(&instance).into())])
        .await
        .unwrap();
    assert_eq!(len(&get(&catalog, "models")), 10);
    assert_eq!(requests(&away).await.length(), 1);
}

#[wasm_bindgen_test]
async fn a_hop_under_the_prefix_then_another_origin_never_carries_the_key() {
    let instance = route("hopredirect");
    let away = format!("rec~{}-away", instance.split('~').nth(1).unwrap());
    let result =
        fetch_catalog(&[("baseUrl", base(&instance).into()), ("apiKey", KEY.into())]).await;
    let e = expect_code(result, if in_browser() { "network" } else { "http" });
    assert!(text(&e, "message").contains("redirect"));
    // Node follows the hop under the prefix (with the key); nothing reaches the other origin.
    assert_eq!(requests(&away).await.length(), 0);
    if !in_browser() {
        let seen = requests(&instance).await;
        assert_eq!(seen.length(), 2);
        assert!(text(&seen.get(1), "url").contains("/hop/"));
        assert_eq!(
            text(&get(&seen.get(1), "headers"), "authorization"),
            format!("Bearer {KEY}")
        );
    }
}

#[wasm_bindgen_test]
async fn redirects_under_the_base_url_with_a_key() {
    let instance = route("prefixredirect");
    let result =
        fetch_catalog(&[("baseUrl", base(&instance).into()), ("apiKey", KEY.into())]).await;
    if in_browser() {
        // Browsers hide where a `manual` redirect leads, so it is not followed.
        expect_code(result, "network");
        assert_eq!(requests(&instance).await.length(), 1);
    } else {
        assert_eq!(len(&get(&result.unwrap(), "models")), 10);
        let seen = requests(&instance).await;
        assert_eq!(seen.length(), 2);
        assert!(text(&seen.get(1), "url").contains("/v2/api/v1/image-models"));
        assert_eq!(
            text(&get(&seen.get(1), "headers"), "authorization"),
            format!("Bearer {KEY}")
        );
    }
}

#[wasm_bindgen_test]
async fn endless_redirects_under_the_base_url_stop_after_five() {
    let instance = route("loopredirect");
    let result =
        fetch_catalog(&[("baseUrl", base(&instance).into()), ("apiKey", KEY.into())]).await;
    if in_browser() {
        // Browsers hide where a `manual` redirect leads, so it is not followed.
        expect_code(result, "network");
    } else {
        let e = expect_code(result, "http");
        let message = text(&e, "message");
        assert!(message.contains("more than 5 times"), "{message}");
        assert!(
            !message.contains("not followed while an API key"),
            "{message}"
        );
        assert_eq!(requests(&instance).await.length(), 6);
    }
}

#[wasm_bindgen_test]
async fn redirects_elsewhere_on_the_same_origin_keep_the_key() {
    // The key is for `baseUrl`, a path prefix (a proxy): another app on the same host must not
    // get it.
    let instance = route("sameredirect");
    let moved = format!("rec~{}-moved", instance.split('~').nth(1).unwrap());
    let result =
        fetch_catalog(&[("baseUrl", base(&instance).into()), ("apiKey", KEY.into())]).await;
    let e = expect_code(result, if in_browser() { "network" } else { "http" });
    assert!(text(&e, "message").contains("redirect"));
    assert_eq!(requests(&moved).await.length(), 0);
}

fn client(pairs: &[(&str, JsValue)]) -> CatalogClient {
    CatalogClient::new(Some(options(pairs))).expect("valid client options")
}

async fn client_get(c: &CatalogClient) -> Result<JsValue, JsValue> {
    JsFuture::from(c.get(JsValue::UNDEFINED)).await
}

async fn client_refresh(c: &CatalogClient) -> Result<JsValue, JsValue> {
    JsFuture::from(c.refresh(JsValue::UNDEFINED)).await
}

#[wasm_bindgen_test]
async fn concurrent_gets_share_one_request() {
    let r = route("ok");
    let c = client(&[("baseUrl", base(&r).into())]);
    let calls: Vec<Promise> = (0..5).map(|_| c.get(JsValue::UNDEFINED)).collect();
    let results: Vec<JsValue> = {
        let mut out = Vec::new();
        for p in calls {
            out.push(JsFuture::from(p).await.unwrap());
        }
        out
    };
    assert_eq!(count(&r).await, 1.0);
    for catalog in &results {
        assert!(
            Object::is(catalog, &results[0]),
            "every caller gets the same catalog"
        );
    }
    // Fresh: served from memory.
    let again = client_get(&c).await.unwrap();
    assert!(Object::is(&again, &results[0]));
    assert!(Object::is(&c.peek(), &results[0]));
    assert_eq!(count(&r).await, 1.0);
}

#[wasm_bindgen_test]
async fn refresh_reports_the_diff_and_revalidates_with_etags() {
    let r = route("etag");
    let c = client(&[("baseUrl", base(&r).into()), ("apiKey", KEY.into())]);
    let first = client_refresh(&c).await.unwrap();
    assert_eq!(get(&first, "stale"), JsValue::FALSE);
    assert_eq!(len(&get(&get(&first, "diff"), "added")), 10);
    server(&format!("/__set?route={r}&version=2")).await;
    let update = client_refresh(&c).await.unwrap();
    let diff = get(&update, "diff");
    assert_eq!(ids(&get(&diff, "added")), ["new/model-v2"]);
    assert_eq!(ids(&get(&diff, "removed")), ["hidream-o1-image"]);
    assert_eq!(ids(&get(&diff, "changed")), ["hidream-o1-image-dev"]);
    assert!(get(&update, "error").is_undefined());
    let catalog = get(&update, "catalog");

    // Unchanged: a 304 answers; the same models (in a catalog dated by the 304), an empty diff.
    let update = client_refresh(&c).await.unwrap();
    let confirmed = get(&update, "catalog");
    assert!(Object::is(
        &get(&confirmed, "models"),
        &get(&catalog, "models")
    ));
    assert!(Object::is(&c.peek(), &confirmed));
    assert_eq!(len(&get(&get(&update, "diff"), "changed")), 0);
    assert_eq!(get(&update, "stale"), JsValue::FALSE);
    let seen = requests(&r).await;
    assert_eq!(seen.length(), 3);
    let last = get(&seen.get(2), "headers");
    assert_eq!(text(&last, "if-none-match"), "\"v2\"");
    assert_eq!(text(&last, "authorization"), format!("Bearer {KEY}"));
}

#[wasm_bindgen_test]
async fn a_304_makes_the_cached_catalog_fresh_again() {
    // Memory store: the revalidated entry counts as fetched now, so `get()` within `maxAgeMs`
    // of the 304 answers from memory without another request.
    let r = route("etag");
    let c = client(&[("baseUrl", base(&r).into()), ("maxAgeMs", 1500.into())]);
    client_get(&c).await.unwrap();
    sleep(1600).await;
    let update = client_refresh(&c).await.unwrap();
    assert_eq!(get(&update, "stale"), JsValue::FALSE);
    assert_eq!(count(&r).await, 2.0, "the refresh asked again (a 304)");
    let confirmed = get(&update, "catalog");
    let again = client_get(&c).await.unwrap();
    assert!(Object::is(&again, &confirmed));
    sleep(200).await;
    assert_eq!(
        count(&r).await,
        2.0,
        "fresh after the 304: no background request"
    );
}

#[wasm_bindgen_test]
async fn a_failed_refresh_keeps_the_last_good_catalog() {
    let r = route("ok");
    let c = client(&[("baseUrl", base(&r).into()), ("apiKey", KEY.into())]);
    let catalog = client_get(&c).await.unwrap();
    server(&format!("/__set?route={r}&fail=503")).await;
    let update = client_refresh(&c).await.unwrap();
    assert_eq!(get(&update, "stale"), JsValue::TRUE);
    assert!(Object::is(&get(&update, "catalog"), &catalog));
    let error = get(&update, "error");
    assert_eq!(text(&error, "code"), "http");
    assert_eq!(get(&error, "status").as_f64(), Some(503.0));
    assert_eq!(len(&get(&get(&update, "diff"), "added")), 0);
    // get() still answers from memory.
    assert!(Object::is(&client_get(&c).await.unwrap(), &catalog));

    // Nothing cached: both throw.
    let c = client(&[
        ("baseUrl", base(&route("401")).into()),
        ("apiKey", KEY.into()),
    ]);
    expect_code(client_get(&c).await, "unauthorized");
    expect_code(client_refresh(&c).await, "unauthorized");
    assert!(c.peek().is_undefined());
}

#[wasm_bindgen_test]
async fn stale_catalogs_are_returned_at_once_and_revalidated_in_the_background() {
    let r = route("slow");
    let c = client(&[("baseUrl", base(&r).into()), ("maxAgeMs", 0.into())]);
    let first = client_get(&c).await.unwrap();
    assert_eq!(count(&r).await, 1.0);
    let start = js_sys::Date::now();
    let second = client_get(&c).await.unwrap();
    assert!(
        js_sys::Date::now() - start < 1000.0,
        "a stale get() waits for nothing"
    );
    assert!(Object::is(&first, &second));
    // The background revalidation is in flight; refresh() joins it instead of starting another.
    let update = client_refresh(&c).await.unwrap();
    assert_eq!(get(&update, "stale"), JsValue::FALSE);
    assert_eq!(count(&r).await, 2.0);
    c.clear();
    assert!(c.peek().is_undefined());
}

/// A storage object backed by a Map: `{ map, getItem, setItem, removeItem }`.
fn map_storage(async_get: bool, failing_set: bool) -> JsValue {
    let get = if async_get {
        "k => Promise.resolve(m.has(k) ? m.get(k) : null)"
    } else {
        "k => (m.has(k) ? m.get(k) : null)"
    };
    let set = if failing_set {
        "() => { throw new DOMException('full', 'QuotaExceededError'); }"
    } else {
        "(k, v) => { m.set(k, String(v)); }"
    };
    let body = format!(
        "const m = new Map(); return {{ map: m, getItem: {get}, setItem: {set}, removeItem: k => {{ m.delete(k); }} }};"
    );
    Function::new_no_args(&body).call0(&JsValue::NULL).unwrap()
}

fn stored(storage: &JsValue) -> Vec<(String, String)> {
    let map: js_sys::Map = get(storage, "map").into();
    let mut out = Vec::new();
    map.for_each(&mut |value, key| {
        out.push((key.as_string().unwrap(), value.as_string().unwrap()));
    });
    out
}

#[wasm_bindgen_test]
async fn storage_keeps_the_catalog_without_the_key_and_reuses_it_on_304() {
    let r = route("etag");
    let storage = map_storage(false, false);
    let with = |max_age: f64| {
        client(&[
            ("baseUrl", base(&r).into()),
            ("apiKey", KEY.into()),
            ("storage", storage.clone()),
            ("maxAgeMs", max_age.into()),
        ])
    };
    client_get(&with(60_000.0)).await.unwrap();
    let entries = stored(&storage);
    assert_eq!(entries.len(), 1);
    let (key, value) = &entries[0];
    assert!(
        !key.contains(KEY) && !value.contains(KEY),
        "the key was stored"
    );
    assert!(key.contains("/api/v1/image-models?detailed=true"), "{key}");
    let entry = JSON::parse(value).unwrap();
    assert_eq!(get(&entry, "v").as_f64(), Some(1.0));
    assert_eq!(text(&entry, "etag"), "\"v1\"");
    assert!(get(&entry, "fetchedAt").as_f64().is_some());
    assert!(text(&entry, "body").contains("hidream-o1-image"));

    // A new client (a page reload) with a fresh entry: no request.
    let catalog = client_get(&with(60_000.0)).await.unwrap();
    assert_eq!(len(&get(&catalog, "models")), 10);
    assert_eq!(count(&r).await, 1.0);

    // A new client whose entry is stale revalidates: 304, the stored body is reused.
    let update = client_refresh(&with(0.0)).await.unwrap();
    assert_eq!(get(&update, "stale"), JsValue::FALSE);
    assert_eq!(len(&get(&get(&update, "catalog"), "models")), 10);
    assert_eq!(len(&get(&get(&update, "diff"), "added")), 0);
    let seen = requests(&r).await;
    assert_eq!(seen.length(), 2);
    assert_eq!(
        text(&get(&seen.get(1), "headers"), "if-none-match"),
        "\"v1\""
    );
}

#[wasm_bindgen_test]
async fn corrupt_stored_entries_are_replaced() {
    let r = route("ok");
    let storage = map_storage(true, false);
    let c = client(&[("baseUrl", base(&r).into()), ("storage", storage.clone())]);
    client_get(&c).await.unwrap();
    let (key, good) = stored(&storage).remove(0);
    let set = |value: &str| {
        let setter: Function = get(&storage, "setItem").into();
        setter
            .call2(&storage, &key.clone().into(), &value.into())
            .unwrap();
    };
    let wrong_version = good.replacen("\"v\":1", "\"v\":99", 1);
    let wrong_shape = good.replacen("\"fetchedAt\":", "\"fetchedAt\":\"x\",\"_\":", 1);
    for (i, corrupt) in [
        "not json {",
        "null",
        wrong_version.as_str(),
        wrong_shape.as_str(),
    ]
    .into_iter()
    .enumerate()
    {
        set(corrupt);
        let c = client(&[("baseUrl", base(&r).into()), ("storage", storage.clone())]);
        let catalog = client_get(&c).await.unwrap();
        assert_eq!(len(&get(&catalog, "models")), 10);
        assert_eq!(count(&r).await, 2.0 + i as f64, "{corrupt}");
        let (_, replaced) = stored(&storage).remove(0);
        assert!(replaced.starts_with("{\"v\":1,"), "{replaced}");
    }
    c.clear();
    assert!(stored(&storage).is_empty());
}

#[wasm_bindgen_test]
async fn storage_quota_errors_are_ignored() {
    let c = client(&[
        ("baseUrl", base(&route("ok")).into()),
        ("storage", map_storage(false, true)),
    ]);
    assert_eq!(len(&get(&client_get(&c).await.unwrap(), "models")), 10);
}

#[wasm_bindgen_test]
fn bad_client_options_throw() {
    for pairs in [
        vec![("storage", JsValue::from(5))],
        vec![("storage", "session".into())],
        vec![("maxAgeMs", (-1).into())],
        vec![("baseUrl", "file:///etc".into())],
    ] {
        let e = CatalogClient::new(Some(options(&pairs)))
            .err()
            .expect("throws");
        assert_eq!(text(&e, "code"), "invalid_argument");
    }
    // "local" falls back to memory where there is no localStorage.
    assert!(CatalogClient::new(Some(options(&[("storage", "local".into())]))).is_ok());
}

#[wasm_bindgen_test]
async fn local_storage_in_browsers_memory_in_node() {
    let r = route("ok");
    let c = client(&[
        ("baseUrl", base(&r).into()),
        ("apiKey", KEY.into()),
        ("storage", "local".into()),
    ]);
    assert_eq!(len(&get(&client_get(&c).await.unwrap(), "models")), 10);
    let local = get(&js_sys::global(), "localStorage");
    if !in_browser() || !local.is_object() {
        return;
    }
    let storage: web_sys::Storage = local.into();
    // Named by the catalog URL and a hash of the API key (never the key itself).
    let url = format!("{}/api/v1/image-models?detailed=true", base(&r));
    let name = format!("nanogpt-image-controls:catalog:{url}#key-");
    let key = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .find(|k| k.starts_with(&name) && k.len() == name.len() + 8)
        .expect("an entry named by the catalog URL and the key's hash");
    let value = storage
        .get_item(&key)
        .unwrap()
        .expect("the catalog is in localStorage");
    assert!(!value.contains(KEY));
    for i in 0..storage.length().unwrap() {
        let k = storage.key(i).unwrap().unwrap_or_default();
        assert!(!k.contains(KEY));
    }
    c.clear();
    assert_eq!(storage.get_item(&key).unwrap(), None);
}

#[wasm_bindgen_test]
async fn relative_icons_resolve_against_the_base_url_or_the_icon_base_url() {
    let b = base(&route("rec"));
    let catalog = fetch_catalog(&[("baseUrl", b.clone().into())])
        .await
        .unwrap();
    let first = Array::from(&get(&catalog, "models")).get(0);
    // A site path resolves against the base URL's origin (a proxy must then serve /icons).
    assert_eq!(
        text(&first, "iconUrl"),
        format!("{SERVER}/icons/HiDream.svg")
    );
    let catalog = fetch_catalog(&[
        ("baseUrl", b.into()),
        ("iconBaseUrl", "https://nano-gpt.com".into()),
    ])
    .await
    .unwrap();
    let first = Array::from(&get(&catalog, "models")).get(0);
    assert_eq!(
        text(&first, "iconUrl"),
        "https://nano-gpt.com/icons/HiDream.svg"
    );
}

#[wasm_bindgen_test]
async fn a_path_base_url_resolves_against_the_page_or_is_refused_without_one() {
    let result = fetch_catalog(&[
        ("baseUrl", "/nanogpt-relative-test".into()),
        ("apiKey", KEY.into()),
        ("timeoutMs", 5000.into()),
    ])
    .await;
    if !in_browser() {
        let e = expect_code(result, "invalid_argument");
        let m = text(&e, "message");
        assert!(
            m.contains("relative") && m.contains("location") && m.contains("absolute"),
            "{m}"
        );
        return;
    }
    // In Chromium the request goes to the page's own origin (the test runner's server), which
    // answers: no invalid_argument, no network error.
    let e = result.expect_err("the test runner serves no catalog there");
    let code = text(&e, "code");
    assert!(
        ["http", "invalid_json", "invalid_catalog"].contains(&code.as_str()),
        "{code}: {}",
        text(&e, "message")
    );
    assert!(!text(&e, "message").contains(KEY));
    assert!(CatalogClient::new(Some(options(&[("baseUrl", "/nanogpt".into())]))).is_ok());
}
