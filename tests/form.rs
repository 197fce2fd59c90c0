//! Form values, request bodies, migrations and quotes over the catalog fixtures.

use nanogpt_image_controls::catalog::{parse_catalog, Model, ParseOptions};
use nanogpt_image_controls::controls::{derive_controls, Control, ControlSet, Endpoint};
use nanogpt_image_controls::form::{
    build_request, default_values, migrate_values, validate_values, Values,
};
use nanogpt_image_controls::json::OwnedValue as Value;
use nanogpt_image_controls::pricing::{price_range, quote_price, token_price, QuoteKind};
use proptest::prelude::*;

/// `json!` building the crate's own tree.
macro_rules! json {
    ($($json:tt)+) => {
        Value::from(serde_json::json!($($json)+))
    };
}

const REAL: &str = include_str!("fixtures/real/image-models-nsfw-paid-subset.json");
const LEGACY_DOCS: &str = include_str!("fixtures/docs/image-models.example.json");
const IMAGES_DOCS: &str = include_str!("fixtures/docs/images-models.example.json");
const ENDPOINTS_DOCS: &str = include_str!("fixtures/docs/image-model-endpoints.example.json");

const ENDPOINTS: [Endpoint; 2] = [Endpoint::Openai, Endpoint::Images];

fn models() -> Vec<Model> {
    let mut all = Vec::new();
    for text in [REAL, LEGACY_DOCS, IMAGES_DOCS] {
        let catalog = parse_catalog(text, &ParseOptions::default()).expect("fixture parses");
        assert!(!catalog.models.is_empty());
        all.extend(catalog.models);
    }
    assert_eq!(all.len(), 12);
    all
}

fn model(id: &str) -> Model {
    models()
        .into_iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("no model {id}"))
}

/// The `gpt-image-2` of the typed catalog with the pricing of its endpoints document.
fn typed_model() -> Model {
    let endpoints: Value = serde_json::from_str(ENDPOINTS_DOCS).unwrap();
    let mut m = model("gpt-image-2");
    m.pricing = Some(endpoints["endpoints"][0]["pricing"].clone().into());
    m
}

fn takes_images_required(controls: &ControlSet) -> bool {
    controls.controls.iter().any(|c| match c {
        Control::Images(i) => i.base.required || i.min_items > 0,
        _ => false,
    })
}

fn with_prompt(controls: &ControlSet) -> Values {
    let mut v = default_values(controls);
    v.insert("prompt", json!("a lighthouse at dusk"));
    v
}

fn values(v: Value) -> Values {
    v.as_object().unwrap().clone()
}

#[test]
fn defaults_plus_prompt_always_build() {
    for m in models() {
        for endpoint in ENDPOINTS {
            let controls = derive_controls(&m, endpoint);
            let v = with_prompt(&controls);
            let r = build_request(&m, &controls, &v, endpoint);
            if takes_images_required(&controls) {
                continue;
            }
            assert!(r.ok, "{} {endpoint:?}: {:?}", m.id, r.errors);
            assert!(r.dropped.is_empty(), "{}: {:?}", m.id, r.dropped);
            assert!(r.warnings.is_empty(), "{}: {:?}", m.id, r.warnings);
            let body = r.body.unwrap();
            assert_eq!(body.get("model"), Some(&json!(m.id)));
            assert_eq!(body.get("prompt"), Some(&json!("a lighthouse at dusk")));
            let size_field = match endpoint {
                Endpoint::Openai => "size",
                Endpoint::Images => "resolution",
            };
            if controls.get("resolution").is_some() {
                assert!(
                    body.get(size_field).is_some_and(Value::is_string),
                    "{}",
                    m.id
                );
            }
            if matches!(controls.get("n"), Some(Control::Fixed(_))) {
                assert!(!body.contains_key("n"));
            }
            for key in [
                "imageDataUrl",
                "imageDataUrls",
                "input_references",
                "maskDataUrl",
            ] {
                assert!(!body.contains_key(key), "{}: empty {key} sent", m.id);
            }
        }
    }
}

#[test]
fn bodies_for_the_real_fixture() {
    let m = model("hidream-o1-image");
    let c = derive_controls(&m, Endpoint::Openai);
    let png = "data:image/png;base64,iVBORw0KGgo=";
    let v = {
        let mut v = with_prompt(&c);
        v.insert("images", json!([png]));
        v.insert("n", json!("3"));
        v.insert("seed", json!(5));
        v
    };
    let r = build_request(&m, &c, &v, Endpoint::Openai);
    assert!(r.ok, "{:?}", r.errors);
    assert_eq!(r.dropped, ["seed"]);
    assert_eq!(r.warnings.len(), 1);
    let body = r.body.unwrap();
    assert_eq!(body.get("n"), Some(&json!(3)));
    assert_eq!(body.get("imageDataUrl"), Some(&json!(png)));
    assert_eq!(body.get("size"), Some(&json!("2048*2048")));

    let c = derive_controls(&m, Endpoint::Images);
    let r = build_request(&m, &c, &v, Endpoint::Images);
    let body = r.body.unwrap();
    assert_eq!(
        body.get("input_references"),
        Some(&json!([{"type": "image_url", "image_url": {"url": png}}]))
    );
    assert_eq!(body.get("resolution"), Some(&json!("2048*2048")));

    let too_many = json!(vec![png; 4]);
    let mut v = with_prompt(&c);
    v.insert("images", too_many);
    let r = build_request(&m, &c, &v, Endpoint::Images);
    assert!(!r.ok);
    assert_eq!(r.errors[0].code, "too_many_items");
}

#[test]
fn prompt_limit_of_the_real_fixture() {
    let m = model("recraft-ai/recraft-v4.1/text-to-image");
    let c = derive_controls(&m, Endpoint::Openai);
    let mut v = with_prompt(&c);
    v.insert("prompt", json!("é".repeat(10_012)));
    let errors = validate_values(&c, &v);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, "too_long");
    assert_eq!(
        errors[0].message,
        format!(
            "{} is too long: 10 012 of at most 10 000 characters.",
            c.get("prompt").unwrap().base().label
        )
    );
}

#[test]
fn migrations_between_every_pair_validate() {
    let all = models();
    let png = "data:image/png;base64,iVBORw0KGgo=";
    for from_model in &all {
        for to_model in &all {
            for endpoint in ENDPOINTS {
                let from = derive_controls(from_model, endpoint);
                let to = derive_controls(to_model, endpoint);
                let mut variants = vec![with_prompt(&from)];
                // Non-default picks: the last option of every choice, the top of every slider.
                let mut picked = with_prompt(&from);
                for control in &from.controls {
                    let id = control.id().to_owned();
                    match control {
                        Control::Select(c) | Control::Radio(c) => {
                            if let Some(o) = c.options.last() {
                                picked.insert(id, json!(o.value));
                            }
                        }
                        Control::Slider(s) => {
                            picked.insert(id, json!(s.max));
                        }
                        Control::Images(i) => {
                            picked.insert(id, json!(vec![png; i.max_items as usize]));
                        }
                        _ => {}
                    }
                }
                picked.insert("prompt", json!("x".repeat(20_000)));
                picked.insert("stray", json!(1));
                variants.push(picked);
                for v in variants {
                    let m = migrate_values(&from, &to, &v);
                    let errors: Vec<_> = validate_values(&to, &m.values)
                        .into_iter()
                        .filter(|e| {
                            !(e.code == "required" && (e.id == "images" || e.id == "prompt"))
                        })
                        .collect();
                    assert!(
                        errors.is_empty(),
                        "{} -> {}: {errors:?}",
                        from_model.id,
                        to_model.id
                    );
                    assert!(m.values.keys().all(|id| to.get(id).is_some()));
                    assert!(m.changes.iter().all(|c| !c.reason.is_empty()));
                    assert!(m
                        .changes
                        .iter()
                        .all(|c| c.reason_key.starts_with("change.")));
                    assert!(m.values.get("prompt").is_some_and(Value::is_string));
                    if from_model.id == to_model.id && v.get("stray").is_none() {
                        assert!(m.changes.is_empty(), "{}: {:?}", from_model.id, m.changes);
                    }
                }
            }
        }
    }
}

#[test]
fn fixture_prices() {
    let hidream = model("hidream-o1-image");
    let q = quote_price(
        &hidream,
        &values(json!({"resolution": "2560*1440", "n": 3})),
    );
    assert_eq!(q.kind, QuoteKind::Exact);
    assert_eq!(
        (q.amount, q.per_image, q.images),
        (Some(0.12), Some(0.04), Some(3))
    );
    assert_eq!(q.currency.as_deref(), Some("USD"));
    let pricing = hidream.pricing.as_ref().unwrap();
    assert_eq!(token_price(pricing, "2048x2048"), Some(0.04));
    assert_eq!(token_price(pricing, "auto"), Some(0.04));

    let seedream = model("bytedance/seedream/v5/pro/edit");
    let q = quote_price(&seedream, &values(json!({"resolution": "1k", "n": "4"})));
    assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.27)));
    let q = quote_price(&seedream, &values(json!({"resolution": "2K"})));
    assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.135)));
    let r = price_range(&seedream);
    assert_eq!(
        (r.kind, r.min, r.max),
        (QuoteKind::Range, Some(0.0675), Some(0.135))
    );

    let recraft = model("recraft-ai/recraft-v4.1/text-to-image");
    let r = price_range(&recraft);
    assert_eq!((r.kind, r.amount), (QuoteKind::Exact, Some(0.04)));

    // `1024*1024` prices `1024x1024`; `1184x896` is not priced.
    let pruna = model("pruna-ai/p-image/text-to-image");
    let q = quote_price(&pruna, &values(json!({"resolution": "1024x1024", "n": 2})));
    assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.01)));
    // Its price is not told by the others' (no made-up range).
    let q = quote_price(&pruna, &values(json!({"resolution": "1184x896", "n": 2})));
    assert_eq!(
        (q.kind, q.min, q.max, q.amount),
        (QuoteKind::Unknown, None, None, None)
    );

    // The typed catalog lists no pricing; its endpoints document does.
    assert_eq!(
        quote_price(&model("gpt-image-2"), &Values::new()).kind,
        QuoteKind::Unknown
    );
    let typed = typed_model();
    let q = quote_price(&typed, &Values::new());
    assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.06551)));
    let q = quote_price(&typed, &values(json!({"resolution": "1024x768", "n": 2})));
    assert_eq!((q.kind, q.min, q.max), (QuoteKind::Unknown, None, None));
}

#[test]
fn default_quotes_and_option_prices_agree() {
    let mut all = models();
    all.push(typed_model());
    for m in &all {
        let controls = derive_controls(m, Endpoint::Openai);
        let Some(pricing) = m.pricing.as_ref() else {
            continue;
        };
        let q = quote_price(m, &default_values(&controls));
        assert_ne!(q.kind, QuoteKind::Unknown, "{}", m.id);
        if let Some(Control::Select(c) | Control::Radio(c)) = controls.get("resolution") {
            for o in &c.options {
                assert_eq!(
                    o.price,
                    token_price(pricing, &o.value),
                    "{} {}",
                    m.id,
                    o.value
                );
                let q = quote_price(m, &values(json!({"resolution": o.value, "n": 1})));
                match o.price {
                    Some(p) => assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(p))),
                    None => assert_eq!(q.kind, QuoteKind::Unknown),
                }
            }
        }
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e3f64..1e3).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-zA-Z0-9:x*.=/ ,;-]{0,16}".prop_map(Value::from),
        prop::sample::select(vec![
            "data:image/png;base64,AAAA",
            "data:image/gif;base64,",
            "data:,",
            "data:image/png;base64",
            "https://a.test/x.webp",
            "http://",
            "4",
            " 2 ",
            "1e400",
            "NaN",
            "true",
            "1024x1024",
            "2048*2048",
            "2K",
            "auto",
            "",
            "😀",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 32, 5, |inner| {
        let key = prop_oneof![
            prop::sample::select(vec![
                "url",
                "dataUrl",
                "bytes",
                "type",
                "name",
                "width",
                "height",
                "per_image",
                "currency",
                "billable",
                "unit",
                "cost_usd",
                "resolution",
            ])
            .prop_map(str::to_owned),
            "[a-z]{0,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn arb_values() -> impl Strategy<Value = Values> {
    let id = prop_oneof![
        prop::sample::select(vec![
            "prompt",
            "resolution",
            "n",
            "images",
            "mask",
            "aspect_ratio",
            "rendering_speed",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ];
    prop::collection::vec((id, arb_json()), 0..8).prop_map(|kv| kv.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_values(
        v in arb_values(),
        which in 0usize..13,
        other in 0usize..13,
        images in any::<bool>(),
    ) {
        let mut all = models();
        all.push(typed_model());
        let m = &all[which % all.len()];
        let endpoint = if images { Endpoint::Images } else { Endpoint::Openai };
        let controls = derive_controls(m, endpoint);
        let errors = validate_values(&controls, &v);
        let built = build_request(m, &controls, &v, endpoint);
        prop_assert_eq!(built.ok, errors.is_empty());
        prop_assert_eq!(built.body.is_some(), built.ok);
        let mut sorted = built.dropped.clone();
        sorted.sort();
        prop_assert_eq!(&sorted, &built.dropped);
        let q = quote_price(m, &v);
        for x in [q.amount, q.min, q.max, q.per_image].into_iter().flatten() {
            prop_assert!(x.is_finite() && x >= 0.0);
        }
        let target = derive_controls(&all[other % all.len()], endpoint);
        for to in [&controls, &target] {
            let migrated = migrate_values(&controls, to, &v);
            let left: Vec<_> = validate_values(to, &migrated.values)
                .into_iter()
                .filter(|e| e.code != "required")
                .collect();
            prop_assert!(left.is_empty(), "{:?}", left);
            prop_assert!(migrated.values.keys().all(|id| to.get(id).is_some()));
        }
    }

    #[test]
    fn never_panics_on_arbitrary_pricing(pricing in arb_json(), v in arb_values(), token in "[0-9a-zA-Z:x*]{0,10}") {
        let mut m = model("pruna-ai/p-image/text-to-image");
        m.pricing = Some(pricing.clone().into());
        let _ = token_price(&pricing, &token);
        for q in [quote_price(&m, &v), price_range(&m)] {
            for x in [q.amount, q.min, q.max, q.per_image].into_iter().flatten() {
                prop_assert!(x.is_finite() && x >= 0.0);
            }
            if let (Some(lo), Some(hi)) = (q.min, q.max) {
                prop_assert!(lo <= hi);
            }
            match q.kind {
                QuoteKind::Exact => prop_assert!(q.amount.is_some() && q.min.is_none()),
                QuoteKind::Range => prop_assert!(q.min.is_some() && q.amount.is_none()),
                QuoteKind::Unknown => prop_assert!(q.amount.is_none() && q.min.is_none()),
            }
        }
    }
}

/// A slider or toggle whose catalog entry states no default starts at its minimum (or off) but
/// leaves the value to the provider until one is set: `defaultValues` leaves it out,
/// `buildRequest` sends nothing unset and anything set (the minimum and off too), the JSON
/// Schema states no default. With a stated default, the default is a value and is not sent.
#[test]
fn sliders_and_toggles_without_a_stated_default_leave_it_to_the_provider() {
    let model: Model = serde_json::from_value(serde_json::json!({
        "id": "m",
        "name": "M",
        "supportedParameters": {
            "steps": {"type": "range", "min": 1, "max": 50},
            "guidance": {"type": "range", "min": 1, "max": 20, "default": 7},
            "hdr": {"type": "switch"},
            "upscale": {"type": "boolean", "default": true},
            "watermark": false,
            "max_images": 4
        }
    }))
    .unwrap();
    let set = derive_controls(&model, Endpoint::Openai);
    let flags: Vec<(&str, bool)> = set
        .controls
        .iter()
        .filter_map(|c| match c {
            Control::Slider(s) => Some((c.id(), s.provider_default)),
            Control::Toggle(t) => Some((c.id(), t.provider_default)),
            _ => None,
        })
        .collect();
    assert_eq!(
        flags,
        [
            ("n", false),
            ("steps", true),
            ("guidance", false),
            ("hdr", true),
            ("upscale", false),
            ("watermark", false)
        ]
    );
    let defaults = default_values(&set);
    for id in ["steps", "hdr"] {
        assert!(!defaults.contains_key(id), "{id}: {defaults:?}");
    }
    assert_eq!(defaults.get("guidance"), Some(&json!(7)));
    assert_eq!(defaults.get("upscale"), Some(&json!(true)));

    let body = |v: Value| {
        let mut given = with_prompt(&set);
        given.extend(values(v));
        let r = build_request(&model, &set, &given, Endpoint::Openai);
        assert!(r.ok, "{:?}", r.errors);
        r.body.unwrap()
    };
    let untouched = body(json!({}));
    for field in ["steps", "hdr", "guidance", "upscale", "watermark"] {
        assert!(!untouched.contains_key(field), "{field}: {untouched:?}");
    }
    let set_low = body(json!({"steps": 1, "hdr": false, "guidance": 7, "upscale": true}));
    assert_eq!(set_low.get("steps"), Some(&json!(1)));
    assert_eq!(set_low.get("hdr"), Some(&json!(false)));
    assert!(!set_low.contains_key("guidance") && !set_low.contains_key("upscale"));
    let set_other = body(json!({"steps": 30, "hdr": true, "guidance": 8, "upscale": false}));
    assert_eq!(
        (
            &set_other["steps"],
            &set_other["hdr"],
            &set_other["guidance"],
            &set_other["upscale"]
        ),
        (&json!(30), &json!(true), &json!(8), &json!(false))
    );

    let schema = nanogpt_image_controls::schema::to_json_schema(&set).schema;
    assert_eq!(schema["properties"]["steps"].get("default"), None);
    assert_eq!(schema["properties"]["hdr"].get("default"), None);
    assert_eq!(schema["properties"]["guidance"]["default"], json!(7));
    assert!(validate_values(&set, &with_prompt(&set)).is_empty());
}
