use super::cache::{diff_bodies, plan, CacheEntry, Plan};
use super::endpoints::parse_model_endpoints;
use super::*;
use crate::catalog::ParseOptions;

const KEY: &str = "sk-test-SECRET-123";

fn config(base: &str) -> FetchConfig {
    FetchConfig::new(FetchSettings {
        base_url: Some(base.into()),
        api_key: Some(KEY.into()),
        ..FetchSettings::default()
    })
    .expect("valid")
}

#[test]
fn defaults_and_urls() {
    let c = FetchConfig::new(FetchSettings::default()).unwrap();
    assert_eq!(
        c.catalog_url(),
        "https://nano-gpt.com/api/v1/image-models?detailed=true"
    );
    assert_eq!(c.timeout_ms, Some(15_000));
    assert_eq!(c.auth_header(), None);
    let c = FetchConfig::new(FetchSettings {
        base_url: Some(" https://App.example/proxy/nano/ ".into()),
        endpoint: Some("images".into()),
        detailed: Some(false),
        timeout_ms: Some(f64::INFINITY),
        ..FetchSettings::default()
    })
    .unwrap();
    assert_eq!(
        c.catalog_url(),
        "https://app.example/proxy/nano/api/v1/images/models?detailed=false"
    );
    assert_eq!(c.timeout_ms, None);
}

#[test]
fn bad_options_are_invalid_arguments_without_the_key() {
    for base in [
        "ftp://x.example",
        "javascript:alert(1)",
        "nano-gpt.com",
        "https://user:pw@x.example",
        "https://x.example/a?b=1",
        "https://x.example/#f",
        "https://x .example",
        "https://x.example/../y",
        "https://x.example/a/.%2E/y",
        "https://x.example/a/%2e",
        "https://",
        "https://x.example:99999",
    ] {
        let e = FetchConfig::new(FetchSettings {
            base_url: Some(base.into()),
            ..FetchSettings::default()
        })
        .expect_err(base);
        assert_eq!(e.code(), "invalid_argument", "{base}");
    }
    let e = FetchConfig::new(FetchSettings {
        base_url: Some(format!("https://x.example/{KEY}?")),
        api_key: Some(KEY.into()),
        ..FetchSettings::default()
    })
    .unwrap_err();
    assert!(!e.to_string().contains(KEY), "{e}");
    let e = FetchConfig::new(FetchSettings {
        api_key: Some("line\nbreak".into()),
        ..FetchSettings::default()
    })
    .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    assert!(!e.to_string().contains("break"));
    for ms in [0.0, -1.0, f64::NAN] {
        let e = FetchConfig::new(FetchSettings {
            timeout_ms: Some(ms),
            ..FetchSettings::default()
        })
        .unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
    }
    let e = FetchConfig::new(FetchSettings {
        auth_header: Some("cookie".into()),
        ..FetchSettings::default()
    })
    .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    let e = FetchConfig::new(FetchSettings {
        endpoint: Some("openai".into()),
        ..FetchSettings::default()
    })
    .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
}

#[test]
fn key_headers() {
    let c = config("https://nano-gpt.com");
    assert_eq!(
        c.auth_header(),
        Some(("Authorization", format!("Bearer {KEY}")))
    );
    assert!(!c.catalog_url().contains(KEY));
    let c = FetchConfig::new(FetchSettings {
        api_key: Some(format!("  {KEY}\n")),
        auth_header: Some("x-api-key".into()),
        ..FetchSettings::default()
    })
    .unwrap();
    assert_eq!(c.auth_header(), Some(("x-api-key", KEY.to_owned())));
    let c = FetchConfig::new(FetchSettings {
        api_key: Some(String::new()),
        ..FetchSettings::default()
    })
    .unwrap();
    assert_eq!(c.auth_header(), None);
}

#[test]
fn model_endpoint_urls() {
    let c = config("http://127.0.0.1:8787/p");
    assert_eq!(
        c.model_endpoints_url(Some("bytedance/seedream/v5/pro/edit"), None)
            .unwrap(),
        "http://127.0.0.1:8787/p/api/v1/images/models/bytedance/seedream/v5/pro/edit/endpoints"
    );
    assert_eq!(
        c.model_endpoints_url(Some("runware:106@1 x?#"), None)
            .unwrap(),
        "http://127.0.0.1:8787/p/api/v1/images/models/runware:106@1%20x%3F%23/endpoints"
    );
    assert_eq!(
        c.model_endpoints_url(
            Some("ignored"),
            Some("/api/v1/images/models/gpt-image-2/endpoints")
        )
        .unwrap(),
        "http://127.0.0.1:8787/p/api/v1/images/models/gpt-image-2/endpoints"
    );
    assert_eq!(
        c.model_endpoints_url(
            Some("a/b"),
            Some("http://127.0.0.1:8787/api/v1/images/models/a/b/endpoints")
        )
        .unwrap(),
        "http://127.0.0.1:8787/p/api/v1/images/models/a/b/endpoints"
    );
    // A path elsewhere is not trusted: the id is used.
    for path in [
        "https://evil.example/x",
        "//evil.example/x",
        "/api/../../x",
        // Percent-encoded dots are dots to a URL parser: these would climb out of `/p`.
        "/%2e%2e/admin/x",
        "/.%2e/admin/x",
        "/%2E%2e/admin/x",
        "/a/%2e./x",
        "/a/%2E",
        "javascript:x",
    ] {
        assert_eq!(
            c.model_endpoints_url(Some("m"), Some(path)).unwrap(),
            "http://127.0.0.1:8787/p/api/v1/images/models/m/endpoints",
            "{path}"
        );
    }
    for id in ["", "a//b", "../x", "a/./b", "/x"] {
        assert_eq!(
            c.model_endpoints_url(Some(id), None).unwrap_err().code(),
            "invalid_argument",
            "{id:?}"
        );
    }
}

#[test]
fn base_url_normalizes_origin() {
    let b = BaseUrl::parse("HTTP://LOCALHOST:80/").unwrap();
    assert_eq!(b.origin(), "http://localhost");
    assert_eq!(b.as_string(), "http://localhost");
    let b = BaseUrl::parse("https://[::1]:8443/x").unwrap();
    assert_eq!(b.origin(), "https://[::1]:8443");
}

#[test]
fn redirects_are_followed_only_on_the_same_origin() {
    let b = BaseUrl::parse("http://127.0.0.1:8787/p").unwrap();
    let current = "http://127.0.0.1:8787/p/api/v1/image-models?detailed=true";
    assert_eq!(
        b.redirect_within(current, "/p/q/x").as_deref(),
        Some("http://127.0.0.1:8787/p/q/x")
    );
    assert_eq!(
        b.redirect_within(current, "other?y=1").as_deref(),
        Some("http://127.0.0.1:8787/p/api/v1/other?y=1")
    );
    assert_eq!(
        b.redirect_within(current, "HTTP://127.0.0.1:8787/p/z")
            .as_deref(),
        Some("http://127.0.0.1:8787/p/z")
    );
    for other in [
        // The same origin, outside the `/p` prefix: another app behind the same host.
        "/q/x",
        "/p2/x",
        "HTTP://127.0.0.1:8787/z",
        "../../x",
        "/p/../x",
        "/p/%2e%2e/x",
        "/p/.%2E/x",
        // A URL parser reads `\` as `/` and drops tabs: these climb out of `/p` too.
        "/p/x\\..\\..\\..\\evil",
        "http://127.0.0.1:8787/p/x\\..\\..\\..\\evil",
        "http://127.0.0.1:8787/p/.\t./.\t./evil",
        "/p/.\t./.\t./evil",
        "http://localhost:8787/x",
        "//localhost:8787/x",
        "https://127.0.0.1:8787/x",
        "http://127.0.0.1:8788/",
        "http://u@127.0.0.1:8787/",
    ] {
        assert_eq!(b.redirect_within(current, other), None, "{other}");
    }
}

#[test]
fn keys_cut_or_encoded_are_scrubbed_too() {
    let key = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a";
    // A status text echoing the key, longer than the 60 characters the message keeps.
    let status_text = format!("Invalid API key {key}");
    for status in [401, 502] {
        let answer = HttpAnswer {
            status,
            status_text: &status_text,
            content_type: None,
            body: "",
            retry_after: None,
            url: "",
        };
        let m = status_error(&answer, Some(key), 0.0).to_string();
        assert!(!m.contains(key.get(..4).unwrap()), "{m}");
        assert!(m.contains("Invalid API key [redacted]"), "{m}");
    }
    // A text already cut inside the key (a parse error quotes the body cut short).
    let cut = format!("the JSON is a string (\"{}…)", key.get(..40).unwrap());
    assert_eq!(
        scrub(&cut, Some(key)),
        "the JSON is a string (\"[redacted]…)"
    );
    // The key percent-encoded, as a URL or a form echoes it back: hex in either case, and
    // `encodeURIComponent`'s form, which keeps `!'()*`.
    let key = "sk-ABC+def/XYZ!1==";
    assert_eq!(
        scrub(
            "a=sk-ABC%2Bdef%2FXYZ%211%3D%3D b=sk-ABC%2bdef%2fXYZ%211%3d%3d c=sk-ABC%2Bdef%2FXYZ!1%3D%3D",
            Some(key)
        ),
        "a=[redacted] b=[redacted] c=[redacted]"
    );
    // Cuts elsewhere are left alone.
    assert_eq!(scrub("sk-l…", Some("sk-live")), "[redacted]…");
    assert_eq!(scrub("abc…", Some("sk-live")), "abc…");
}

#[test]
fn status_errors() {
    let answer = |status, body| HttpAnswer {
        status,
        status_text: "",
        content_type: Some("application/json"),
        body,
        retry_after: None,
        url: "https://proxy.example/nano/api/v1/image-models?detailed=true",
    };
    let body = format!(r#"{{"error":{{"message":"Invalid API key {KEY}","type":"auth"}}}}"#);
    for status in [401, 403] {
        let e = status_error(&answer(status, &body), Some(KEY), 0.0);
        assert_eq!(e.code(), "unauthorized");
        assert_eq!(e.status(), Some(status));
        let m = e.to_string();
        assert!(!m.contains(KEY), "{m}");
        assert!(m.contains("Invalid API key [redacted]"), "{m}");
    }
    let e = status_error(&answer(401, "{}"), None, 0.0);
    assert!(e.to_string().contains("401 Unauthorized"), "{e}");

    let mut a = answer(429, r#"{"error":"slow down"}"#);
    a.retry_after = Some("120");
    let e = status_error(&a, None, 0.0);
    assert_eq!(
        e,
        Error::RateLimited {
            retry_after: Some(120.0),
            message: "rate limited (429 Too Many Requests); retry after 120 s: \"slow down\""
                .into()
        }
    );
    // A body that says nothing adds nothing to the message.
    for body in ["{}", " [ ] ", "null", r#""""#, r#"{"error":" "}"#] {
        let mut a = answer(429, body);
        a.retry_after = Some("5");
        let e = status_error(&a, None, 0.0);
        assert_eq!(
            e.to_string(),
            "rate limited (429 Too Many Requests); retry after 5 s",
            "{body}"
        );
        let e = status_error(&answer(403, body), None, 0.0);
        assert_eq!(
            e.to_string(),
            "the server refused access (403 Forbidden)",
            "{body}"
        );
        let e = status_error(&answer(500, body), None, 0.0);
        assert_eq!(
            e.to_string(),
            "the catalog server answered 500 Internal Server Error",
            "{body}"
        );
    }
    a.retry_after = Some("Thu, 01 Jan 1970 00:01:00 GMT");
    assert!(matches!(
        status_error(&a, None, 30_000.0),
        Error::RateLimited { retry_after: Some(s), .. } if s == 30.0
    ));
    a.retry_after = Some("whenever");
    assert!(matches!(
        status_error(&a, None, 0.0),
        Error::RateLimited {
            retry_after: None,
            ..
        }
    ));

    let e = status_error(
        &HttpAnswer {
            status: 502,
            status_text: "Bad Gateway",
            content_type: Some("text/html; charset=utf-8"),
            body: "<!DOCTYPE html><html><title>502</title>…",
            retry_after: None,
            url: "https://nano-gpt.com/api/v1/image-models?detailed=true",
        },
        None,
        0.0,
    );
    assert_eq!(e.code(), "http");
    assert_eq!(e.status(), Some(502));
    assert_eq!(
        e.to_string(),
        "the catalog server answered 502 Bad Gateway: an HTML page"
    );
    // A 404 names the URL (a wrong `baseUrl` prefix); other statuses do not need it.
    let e = status_error(&answer(404, r#"{"error":"no route"}"#), None, 0.0);
    assert_eq!(
        e.to_string(),
        "the catalog server answered 404 Not Found for \
         https://proxy.example/nano/api/v1/image-models?detailed=true: \"no route\""
    );
    let e = status_error(&answer(599, ""), None, 0.0);
    assert_eq!(
        e.to_string(),
        "the catalog server answered HTTP 599: an empty body"
    );
}

#[test]
fn summaries_are_short_and_clean() {
    let long = "x".repeat(1000);
    let s = summarize_body(Some("text/plain"), &long, None);
    assert!(s.chars().count() < 170, "{s}");
    assert!(s.ends_with("…\""));
    let s = summarize_body(None, "a\u{0}b\r\n\t  c\u{202e}d", None);
    assert_eq!(s, "\"a b c d\"");
    let s = summarize_body(None, r#"{"message":"nope"}"#, None);
    assert_eq!(s, "\"nope\"");
    let s = summarize_body(None, r#"{"detail":"nope"}"#, None);
    assert_eq!(s, "\"nope\"");
    let s = summarize_body(None, r#"{"other":1}"#, None);
    assert_eq!(s, "\"{\"other\":1}\"");
    for nothing in ["{}", "{ }", "[]", "null", r#""""#, r#"{"message":""}"#] {
        assert_eq!(summarize_body(None, nothing, None), "", "{nothing}");
    }
    // A non-empty array, or text starting like `null`, is quoted as it is.
    assert_eq!(summarize_body(None, "[1]", None), "\"[1]\"");
    assert_eq!(summarize_body(None, "nope", None), "\"nope\"");
    // The key split by truncation must not leak a prefix either: scrubbing comes first.
    let body = format!("{}{KEY}", "y".repeat(150));
    let s = summarize_body(None, &body, Some(KEY));
    assert!(!s.contains("sk-test"), "{s}");
}

#[test]
fn client_backoff_grows_is_capped_and_honours_retry_after() {
    let waits: Vec<f64> = (1..=10).map(|n| backoff_ms(n, None, 1e9)).collect();
    assert_eq!(
        waits,
        [2e3, 4e3, 8e3, 16e3, 32e3, 64e3, 128e3, 256e3, 300e3, 300e3]
    );
    // Capped at maxAgeMs when that is shorter, but never below the first wait.
    assert_eq!(backoff_ms(10, None, 10_000.0), 10_000.0);
    assert_eq!(backoff_ms(10, None, 0.0), BACKOFF_START_MS);
    assert_eq!(backoff_ms(u32::MAX, None, f64::INFINITY), BACKOFF_MAX_MS);
    assert_eq!(backoff_ms(0, None, 1e9), BACKOFF_START_MS);
    // Retry-After is a floor, beyond the cap too; nonsense values are ignored.
    assert_eq!(backoff_ms(1, Some(60.0), 0.0), 60_000.0);
    assert_eq!(backoff_ms(1, Some(3600.0), 60_000.0), 3_600_000.0);
    assert_eq!(backoff_ms(5, Some(1.0), 1e9), 32_000.0);
    for odd in [0.0, -5.0, f64::NAN, f64::INFINITY] {
        assert_eq!(backoff_ms(1, Some(odd), 1e9), BACKOFF_START_MS);
    }
}

#[test]
fn retry_after_forms() {
    let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
    for v in [
        "Sun, 06 Nov 1994 08:49:47 GMT",
        "Sunday, 06-Nov-94 08:49:47 GMT",
        "Sun Nov  6 08:49:47 1994",
    ] {
        assert_eq!(parse_retry_after(v, now), Some(10.0), "{v}");
    }
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
        Some(0.0)
    );
    assert_eq!(parse_retry_after(" 0 ", now), Some(0.0));
    for v in [
        "",
        "-5",
        "1.5",
        "Sun, 32 Nov 1994 08:49:47 GMT",
        "Sun, 06 Nov 1994 25:00:00 GMT",
    ] {
        assert_eq!(parse_retry_after(v, now), None, "{v:?}");
    }
    // 2026-03-01 00:00:00 (after a leap-year February check)
    assert_eq!(
        parse_retry_after(
            "Sun, 01 Mar 2026 00:00:00 GMT",
            1_772_323_200_000.0 - 86_400_000.0
        ),
        Some(86_400.0)
    );
    // Waits beyond what setTimeout can wait are capped (a longer delay would fire at once).
    for v in ["999999999999", "Thu, 01 Jan 2099 00:00:00 GMT"] {
        assert_eq!(
            parse_retry_after(v, now),
            Some(MAX_RETRY_AFTER_SECONDS),
            "{v}"
        );
    }
}

#[test]
fn network_and_redirect_errors() {
    let e = network_error(
        "https://nano-gpt.com",
        &format!("TypeError: Failed {KEY}"),
        Some(KEY),
        true,
    );
    assert_eq!(e.code(), "network");
    let m = e.to_string();
    assert!(m.contains("CORS") && m.contains("cross-origin"), "{m}");
    assert!(!m.contains(KEY));
    // Where there is no same-origin policy (Node) the hint is left out.
    let m = network_error("https://nano-gpt.com", "fetch failed", None, false).to_string();
    assert!(!m.contains("CORS") && m.contains("unreachable"), "{m}");
    assert_eq!(
        redirect_error(302, Some("http://localhost:1")).code(),
        "http"
    );
    assert_eq!(redirect_error(0, None).code(), "network");
    let e = redact(Error::InvalidJson(format!("bad {KEY}")), Some(KEY));
    assert_eq!(e.to_string(), "bad [redacted]");
}

#[test]
fn size_limits() {
    assert!(check_content_length(Some("1000")).is_ok());
    assert!(check_content_length(None).is_ok());
    assert!(check_content_length(Some("garbage")).is_ok());
    let e = check_content_length(Some("104857600")).unwrap_err();
    assert_eq!(e.code(), "invalid_catalog");
    let e = body_too_large();
    assert_eq!(e.code(), "invalid_catalog");
    assert!(e.to_string().contains("67108864 bytes"), "{e}");
}

#[test]
fn cache_entries_round_trip_and_reject_junk() {
    let url = config("https://nano-gpt.com").catalog_url();
    let entry = CacheEntry::new(
        &url,
        Some("\"v1\"".into()),
        Some("bad\nvalue".into()),
        1000.0,
        r#"{"data":[]}"#.into(),
    );
    assert_eq!(entry.last_modified, None);
    let text = entry.encode().unwrap();
    assert!(!text.contains(KEY));
    assert!(text.contains("\"fetchedAt\":1000"), "{text}");
    assert_eq!(CacheEntry::decode(&text, &url), Some(entry.clone()));
    assert_eq!(CacheEntry::decode(&text, "https://other/"), None);
    let entry_with = |fields: &str| format!(r#"{{"url":{url:?},"body":"{{}}",{fields}}}"#);
    assert!(CacheEntry::decode(&entry_with(r#""v":1,"fetchedAt":1"#), &url).is_some());
    for junk in [
        String::new(),
        "not json".into(),
        "null".into(),
        "[]".into(),
        entry_with(r#""v":2,"fetchedAt":1"#),
        entry_with(r#""v":1,"fetchedAt":"1""#),
        entry_with(r#""v":1,"fetchedAt":1e300"#),
        entry_with(r#""v":1,"fetchedAt":-1"#),
        entry_with(r#""v":1,"fetchedAt":1,"etag":7"#),
        entry_with(r#""v":1,"fetchedAt":1,"etag":"a\nb""#),
        entry_with(r#""v":"1","fetchedAt":1"#),
    ] {
        assert_eq!(CacheEntry::decode(&junk, &url), None, "{junk}");
    }
    let wrong_body = text.replace(r#""body":"{\"data\":[]}""#, r#""body":"  ""#);
    assert_eq!(CacheEntry::decode(&wrong_body, &url), None);
    assert_eq!(
        entry.conditional_headers(),
        vec![("If-None-Match", "\"v1\"")]
    );
}

#[test]
fn freshness_plan() {
    let mut e = CacheEntry::new(
        "u",
        None,
        Some("Tue, 01 Jan 2030 00:00:00 GMT".into()),
        1000.0,
        "{}".into(),
    );
    assert_eq!(plan(None, 0.0, 1.0), Plan::Fetch);
    assert_eq!(plan(Some(&e), 1500.0, 1000.0), Plan::Fresh);
    assert_eq!(plan(Some(&e), 2000.0, 1000.0), Plan::Stale);
    assert_eq!(plan(Some(&e), 500.0, 1000.0), Plan::Stale);
    assert_eq!(plan(Some(&e), 1000.0, 0.0), Plan::Stale);
    assert_eq!(plan(Some(&e), 1e15, f64::INFINITY), Plan::Fresh);
    e.revalidated(Some("\"v2\"".into()), None, 5000.0);
    assert_eq!(e.fetched_at, 5000.0);
    assert_eq!(
        e.conditional_headers(),
        vec![
            ("If-None-Match", "\"v2\""),
            ("If-Modified-Since", "Tue, 01 Jan 2030 00:00:00 GMT")
        ]
    );
}

#[test]
fn diffs_of_bodies() {
    let opts = ParseOptions::default();
    let a = r#"{"data":[{"id":"a"},{"id":"b","name":"B"}]}"#;
    let b = r#"{"data":[{"id":"b","name":"B2"},{"id":"c"}]}"#;
    let d = diff_bodies(Some(a), b, &opts);
    assert_eq!(d.added, ["c"]);
    assert_eq!(d.removed, ["a"]);
    assert_eq!(d.changed, ["b"]);
    let d = diff_bodies(None, a, &opts);
    assert_eq!(d.added, ["a", "b"]);
    let d = diff_bodies(Some("corrupt"), a, &opts);
    assert_eq!(d.added, ["a", "b"]);
    assert_eq!(diff_bodies(Some(a), a, &opts), Default::default());
}

#[test]
fn model_endpoints_parse() {
    let text = include_str!("../../tests/fixtures/docs/image-model-endpoints.example.json");
    let m = parse_model_endpoints(text, "asked").unwrap();
    assert_eq!(m.id, "gpt-image-2");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    let e = &m.endpoints[0];
    assert_eq!(e.provider_slug.as_deref(), Some("openai"));
    assert_eq!(e.provider_tag, None);
    assert_eq!(e.pricing[0].cost_usd, Some(0.06551));
    assert_eq!(e.pricing[0].billable, "output_image");
    assert_eq!(e.pricing[0].resolution.as_deref(), Some("1024x1024"));
    assert!(e.supported_parameters["resolution"]["values"].is_array());
    let c = e.input_reference_constraints.as_ref().unwrap();
    assert_eq!(c.max_items, Some(4.0));
    let route = c.route.as_ref().unwrap();
    assert_eq!(route.max_bytes, Some(31_457_280.0));
    assert_eq!(route.formats.as_deref().unwrap(), ["png", "jpeg", "webp"]);
    let json = serde_json::to_value(&m).unwrap();
    assert_eq!(json["endpoints"][0]["pricing"][0]["costUsd"], 0.06551);
    assert_eq!(
        json["endpoints"][0]["inputReferenceConstraints"]["route"]["minWidth"],
        8.0
    );

    let odd = r#"{"endpoints":[{"pricing":[{"cost_usd":"0.5","unit":3},7],"supported_parameters":[]},"x"]}"#;
    let m = parse_model_endpoints(odd, "a/b").unwrap();
    assert_eq!(m.id, "a/b");
    assert_eq!(m.endpoints.len(), 1);
    assert_eq!(m.endpoints[0].pricing[0].cost_usd, Some(0.5));
    assert_eq!(m.endpoints[0].pricing[0].unit, "");
    assert_eq!(m.warnings.len(), 5, "{:?}", m.warnings);

    assert_eq!(
        parse_model_endpoints("<html>", "a").unwrap_err().code(),
        "invalid_json"
    );
    assert_eq!(
        parse_model_endpoints("{\"endpoints\":", "a")
            .unwrap_err()
            .code(),
        "invalid_json"
    );
    assert_eq!(
        parse_model_endpoints("[1]", "a").unwrap_err().code(),
        "invalid_catalog"
    );
    assert_eq!(
        parse_model_endpoints("{\"id\":\"a\"}", "a")
            .unwrap_err()
            .code(),
        "invalid_catalog"
    );
}

#[test]
fn icon_base_url_is_validated_and_kept_apart_from_the_base() {
    let c = FetchConfig::new(FetchSettings {
        base_url: Some("https://app.example/proxy/nano".into()),
        icon_base_url: Some("https://nano-gpt.com".into()),
        ..FetchSettings::default()
    })
    .unwrap();
    assert_eq!(
        c.icon_base.map(|b| b.as_string()).as_deref(),
        Some("https://nano-gpt.com")
    );
    let e = FetchConfig::new(FetchSettings {
        icon_base_url: Some("javascript:alert(1)".into()),
        ..FetchSettings::default()
    })
    .unwrap_err();
    assert_eq!(e.code(), "invalid_argument");
    assert!(e.to_string().contains("iconBaseUrl"), "{e}");
}

#[test]
fn path_base_urls_resolve_against_the_page_origin() {
    let settings = |base: &str, page: Option<&str>| FetchSettings {
        base_url: Some(base.into()),
        api_key: Some(KEY.into()),
        page_origin: page.map(Into::into),
        ..FetchSettings::default()
    };
    let c = FetchConfig::new(settings(" /nanogpt/ ", Some("https://App.example:443"))).unwrap();
    assert_eq!(c.base.as_string(), "https://app.example/nanogpt");
    assert_eq!(
        c.catalog_url(),
        "https://app.example/nanogpt/api/v1/image-models?detailed=true"
    );
    // The key rules see the resolved URL.
    assert_eq!(
        c.base
            .redirect_within(&c.catalog_url(), "/other/api/v1/image-models"),
        None
    );
    assert_eq!(
        c.model_endpoints_url(Some("a/b"), None).unwrap(),
        "https://app.example/nanogpt/api/v1/images/models/a/b/endpoints"
    );
    let root = FetchConfig::new(settings("/", Some("http://127.0.0.1:8080"))).unwrap();
    assert_eq!(root.base.as_string(), "http://127.0.0.1:8080");
    // An absolute URL ignores the page.
    let c = FetchConfig::new(settings(
        "https://nano-gpt.com",
        Some("https://app.example"),
    ))
    .unwrap();
    assert_eq!(c.base.origin(), "https://nano-gpt.com");

    // No page (Node), an opaque or non-http(s) origin: refused, saying why and what to do.
    for page in [
        None,
        Some("null"),
        Some("file://"),
        Some("chrome-extension://abc"),
    ] {
        let e = FetchConfig::new(settings("/nanogpt", page)).unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
        let m = e.to_string();
        assert!(
            m.contains("relative") && m.contains("location") && m.contains("absolute"),
            "{m}"
        );
        assert!(m.contains("\"/nanogpt\""), "{m}");
    }
    // Scheme-relative, dot segments, junk after resolving: refused, never echoing the key.
    for base in [
        "//evil.example/x",
        "/a/../b",
        "/a?b",
        "/a b",
        &format!("/{KEY}/.."),
    ] {
        let e = FetchConfig::new(settings(base, Some("https://app.example"))).unwrap_err();
        assert_eq!(e.code(), "invalid_argument", "{base}");
        assert!(!e.to_string().contains(KEY), "{e}");
    }
    let e = FetchConfig::new(settings(&format!("/{KEY}\n"), None)).unwrap_err();
    assert!(!e.to_string().contains(KEY), "{e}");

    // iconBaseUrl too.
    let c = FetchConfig::new(FetchSettings {
        icon_base_url: Some("/static".into()),
        page_origin: Some("https://app.example".into()),
        ..FetchSettings::default()
    })
    .unwrap();
    assert_eq!(
        c.icon_base.map(|b| b.as_string()).as_deref(),
        Some("https://app.example/static")
    );
    let e = FetchConfig::new(FetchSettings {
        icon_base_url: Some("/static".into()),
        ..FetchSettings::default()
    })
    .unwrap_err();
    assert!(
        e.to_string().contains("option `iconBaseUrl` is relative"),
        "{e}"
    );
}

#[test]
fn revalidation_records_apply_to_the_stored_entry_they_are_about() {
    let url = config("https://nano-gpt.com").catalog_url();
    let stored = CacheEntry::new(&url, Some("\"v1\"".into()), None, 1000.0, "{}".into());
    let mut live = stored.clone();
    live.revalidated(None, Some("Wed, 04 Nov 2026 00:00:00 GMT".into()), 5000.0);
    let record = live.encode_revalidation(stored.fetched_at).unwrap();
    assert!(!record.contains("body") && record.len() < 200, "{record}");
    // Read back beside the entry as it was stored: the revalidation's time and validators.
    let mut read = CacheEntry::decode(&stored.encode().unwrap(), &url).unwrap();
    assert!(read.apply_revalidation(&record));
    assert_eq!(read, live);
    // A record about another stored body (rewritten since) or one that does not read: nothing.
    let mut other = CacheEntry::new(&url, None, None, 2000.0, "{}".into());
    for junk in [
        record.as_str(),
        "",
        "null",
        "{}",
        r#"{"v":1,"of":2000}"#,
        r#"{"v":2,"of":2000,"fetchedAt":5000}"#,
        r#"{"v":1,"of":2000,"fetchedAt":-1}"#,
        r#"{"v":1,"of":2000,"fetchedAt":5000,"etag":7}"#,
    ] {
        assert!(!other.apply_revalidation(junk), "{junk}");
        assert_eq!(other.fetched_at, 2000.0, "{junk}");
    }
    assert!(other.apply_revalidation(r#"{"v":1,"of":2000,"fetchedAt":5000,"etag":"a\nb"}"#));
    assert_eq!((other.fetched_at, other.etag), (5000.0, None));
}
