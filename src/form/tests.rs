//! Unit tests on hand-built control sets.

use crate::json::OwnedValue as Value;

use super::*;
use crate::controls::{
    Base, Choice, Control, ControlOption, Fixed, Images, Mask, NumberInput, Slider, Text, Toggle,
    OPENAI_UPLOAD_BYTES,
};
use crate::resolution::parse_resolution;

fn base(id: &str, label: &str) -> Base {
    Base {
        id: id.to_owned().into(),
        field: id.to_owned().into(),
        label: label.to_owned().into(),
        label_key: format!("control.{id}").into(),
        label_params: Default::default(),
        description: None,
        required: false,
        advanced: false,
    }
}

fn prompt(max: Option<u32>, unit: Option<&str>) -> Control {
    Control::Text(Text {
        base: Base {
            required: true,
            ..base("prompt", "Prompt")
        },
        multiline: true,
        max_length: max,
        length_unit: unit.map(str::to_owned),
        trim_whitespace: false,
        default: None,
    })
}

fn options(values: &[&str], resolution: bool) -> Vec<ControlOption> {
    values
        .iter()
        .map(|v| ControlOption {
            resolution: resolution.then(|| parse_resolution(v)),
            ..crate::controls::plain_option((*v).into(), None)
        })
        .collect()
}

fn resolution(values: &[&str], default: &str) -> Control {
    Control::Select(Choice {
        base: Base {
            field: "size".into(),
            ..base("resolution", "Resolution")
        },
        options: options(values, true),
        default: Some(default.into()),
    })
}

fn aspect(values: &[&str]) -> Control {
    Control::Select(Choice {
        base: base("aspect_ratio", "Aspect ratio"),
        options: options(values, true),
        default: Some(String::new()),
    })
}

fn n_slider(max: f64) -> Control {
    Control::Slider(Slider {
        base: base("n", "Number of images"),
        min: 1.0,
        max,
        step: 1.0,
        default: 1.0,
        provider_default: false,
    })
}

fn n_fixed(n: u32) -> Control {
    Control::Fixed(Fixed {
        base: base("n", "Number of images"),
        value: json!(n),
    })
}

fn speed() -> Control {
    Control::Radio(Choice {
        base: base("rendering_speed", "Rendering speed"),
        options: options(&["TURBO", "DEFAULT", "QUALITY"], false),
        default: Some("DEFAULT".into()),
    })
}

fn advanced_toggle() -> Control {
    Control::Toggle(Toggle {
        base: Base {
            advanced: true,
            ..base("watermark", "Watermark")
        },
        default: false,
        provider_default: false,
    })
}

fn advanced_number() -> Control {
    Control::Number(NumberInput {
        base: Base {
            advanced: true,
            ..base("guidance_scale", "Guidance scale")
        },
        min: Some(0.0),
        max: Some(20.0),
        step: None,
        default: Some(7.5),
    })
}

fn advanced_select() -> Control {
    Control::Select(Choice {
        base: Base {
            advanced: true,
            ..base("style", "Style")
        },
        options: options(&["vivid", "natural", "anime", "photo", "raw"], false),
        default: Some("vivid".into()),
    })
}

fn input_images(max: u32, required: bool) -> Control {
    Control::Images(Images {
        base: Base {
            required,
            field: "imageDataUrls".into(),
            ..base("images", "Input images")
        },
        min_items: u32::from(required),
        max_items: max,
        formats: Some(vec!["png".into(), "jpeg".into(), "webp".into()]),
        max_bytes: Some(1000.0),
        min_width: Some(8),
        min_height: Some(8),
        max_width: None,
        max_height: None,
    })
}

fn mask() -> Control {
    Control::Mask(Mask {
        base: Base {
            field: "maskDataUrl".into(),
            ..base("mask", "Mask")
        },
        #[allow(clippy::cast_precision_loss)]
        max_bytes: Some(OPENAI_UPLOAD_BYTES as f64),
    })
}

fn set(controls: Vec<Control>) -> ControlSet {
    ControlSet {
        model_id: "m".into(),
        endpoint: Endpoint::Openai,
        controls,
        warnings: Vec::new(),
    }
}

fn full() -> ControlSet {
    set(vec![
        prompt(Some(10_000), Some("unicode_code_points")),
        resolution(&["1024x1024", "1536x1024", "2k", "auto"], "1024x1024"),
        aspect(&["", "1:1", "16:9", "9:16"]),
        n_slider(4.0),
        speed(),
        input_images(3, false),
        mask(),
        advanced_toggle(),
        advanced_number(),
        advanced_select(),
    ])
}

fn model() -> Model {
    serde_json::from_value(serde_json::json!({"id": "vendor/model@1", "name": "Model"})).unwrap()
}

fn vals(v: Value) -> Values {
    v.as_object().unwrap().clone()
}

fn with(controls: &ControlSet, extra: Value) -> Values {
    let mut v = default_values(controls);
    v.extend(vals(extra));
    v
}

/// A base64 data URL of `bytes` decoded bytes.
fn data_url(mime: &str, bytes: usize) -> String {
    let mut s = format!("data:{mime};base64,");
    s.push_str(&"A".repeat(bytes.div_ceil(3) * 4));
    s
}

#[test]
fn defaults_of_every_kind() {
    let d = default_values(&full());
    assert_eq!(
        Value::Object(d),
        json!({
            "prompt": "",
            "resolution": "1024x1024",
            "aspect_ratio": "",
            "n": 1,
            "rendering_speed": "DEFAULT",
            "images": [],
            "watermark": false,
            "guidance_scale": 7.5,
            "style": "vivid",
        })
    );
    let fixed = default_values(&set(vec![n_fixed(4)]));
    assert_eq!(fixed.get("n"), Some(&json!(4)));
}

#[test]
fn every_error_code() {
    let c = full();
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"prompt": "   "}), "prompt", "required"),
        (json!({"prompt": null}), "prompt", "required"),
        (json!({"prompt": "x".repeat(10_001)}), "prompt", "too_long"),
        (
            json!({"resolution": "512x512"}),
            "resolution",
            "not_allowed",
        ),
        (
            json!({"rendering_speed": "SLOW"}),
            "rendering_speed",
            "not_allowed",
        ),
        (json!({"n": 5}), "n", "out_of_range"),
        (json!({"n": 0}), "n", "out_of_range"),
        (json!({"n": "9"}), "n", "out_of_range"),
        (
            json!({"guidance_scale": 21}),
            "guidance_scale",
            "out_of_range",
        ),
        (json!({"n": 1.5}), "n", "not_integer"),
        (json!({"n": {"v": 1}}), "n", "wrong_type"),
        (json!({"n": "four"}), "n", "wrong_type"),
        (json!({"prompt": 5}), "prompt", "wrong_type"),
        (json!({"watermark": "yes"}), "watermark", "wrong_type"),
        (
            json!({"resolution": ["1024x1024"]}),
            "resolution",
            "wrong_type",
        ),
        (json!({"images": 3}), "images", "wrong_type"),
        (json!({"images": [1]}), "images", "wrong_type"),
        (
            json!({"images": ["https://a.test/1.png", "https://a.test/2.png", "https://a.test/3.png", "https://a.test/4.png"]}),
            "images",
            "too_many_items",
        ),
        (
            json!({"images": [data_url("image/png", 1001)]}),
            "images",
            "too_large",
        ),
        (
            json!({"images": [{"url": "https://a.test/x", "bytes": 5000}]}),
            "images",
            "too_large",
        ),
        (
            json!({"images": [data_url("image/gif", 10)]}),
            "images",
            "bad_format",
        ),
        (
            json!({"images": "https://a.test/cat.gif"}),
            "images",
            "bad_format",
        ),
        (
            json!({"images": ["file:///etc/passwd"]}),
            "images",
            "bad_format",
        ),
        (
            json!({"images": [data_url("text/html", 10)]}),
            "images",
            "bad_format",
        ),
        (
            json!({"images": [{"name": "a.png"}]}),
            "images",
            "bad_format",
        ),
        (
            json!({"images": [{"url": "https://a.test/x", "width": 4}]}),
            "images",
            "out_of_range",
        ),
        (
            json!({"mask": "blob:https://a.test/1"}),
            "mask",
            "bad_format",
        ),
        (
            json!({"mask": [data_url("image/png", 10)]}),
            "mask",
            "wrong_type",
        ),
        // The OpenAI-compatible endpoint's upload limit.
        (
            json!({
                "mask": data_url("image/png", usize::try_from(OPENAI_UPLOAD_BYTES).unwrap() + 1),
                "images": [data_url("image/png", 10)],
            }),
            "mask",
            "too_large",
        ),
        // A mask with nothing to apply it to.
        (
            json!({"mask": data_url("image/png", 10), "images": []}),
            "images",
            "required",
        ),
    ];
    for (extra, id, code) in cases {
        let mut values = with(&c, json!({"prompt": "a cat"}));
        values.extend(vals(extra.clone()));
        let errors = validate_values(&c, &values);
        assert_eq!(errors.len(), 1, "{extra}: {errors:?}");
        let e = &errors[0];
        assert_eq!((e.id.as_str(), e.code.as_str()), (id, code), "{extra}");
        assert!(
            ERROR_KEYS.iter().any(|(k, _)| *k == e.message_key),
            "{}",
            e.message_key
        );
        assert!(
            e.message_key == format!("error.{code}")
                || e.message_key.starts_with(&format!("error.{code}_")),
            "{}",
            e.message_key
        );
        let (_, names) = ERROR_KEYS
            .iter()
            .find(|(k, _)| *k == e.message_key)
            .unwrap();
        for name in *names {
            assert!(e.params.contains_key(name), "{}: {name}", e.message_key);
        }
        assert!(e.message.ends_with('.'), "{}", e.message);
    }
    let required_images = set(vec![prompt(None, None), input_images(2, true)]);
    let errors = validate_values(
        &required_images,
        &vals(json!({"prompt": "x", "images": []})),
    );
    assert_eq!(errors[0].code, "required");
    assert_eq!(
        errors[0].message,
        "Input images: at least 1 image is required."
    );
}

#[test]
fn valid_values_pass() {
    let c = full();
    let values = with(
        &c,
        json!({
            "prompt": "a cat",
            "resolution": "2K",
            "n": "4",
            "watermark": "true",
            "images": [data_url("image/png", 999), "https://a.test/x", {"dataUrl": data_url("image/jpeg", 10), "name": "a.jpg", "width": 100}],
            "mask": data_url("image/png", 10),
            "unknown": {"anything": true},
        }),
    );
    assert_eq!(validate_values(&c, &values), Vec::new());
    assert!(validate_values(&c, &with(&c, json!({"prompt": "x", "mask": "", "n": ""}))).is_empty());
}

#[test]
fn messages_read_well() {
    let c = full();
    let e = &validate_values(&c, &with(&c, json!({"prompt": "x".repeat(10_012)})))[0];
    assert_eq!(
        e.message,
        "Prompt is too long: 10 012 of at most 10 000 characters."
    );
    assert_eq!(e.params.get("max"), Some(&json!(10_000)));
    assert_eq!(e.params.get("length"), Some(&json!(10_012)));
    let e = &validate_values(&c, &with(&c, json!({"prompt": "x", "n": 7})))[0];
    assert_eq!(
        e.message,
        "Number of images must be between 1 and 4, not 7."
    );
    let e = &validate_values(
        &c,
        &with(
            &c,
            json!({"prompt": "x", "images": [data_url("image/png", 2048)]}),
        ),
    )[0];
    assert_eq!(
        e.message,
        "Input images: image 1 is too large: 2 KB of at most 1000 bytes."
    );
    let e = &validate_values(
        &c,
        &with(
            &c,
            json!({"prompt": "x", "images": [data_url("image/gif", 1)]}),
        ),
    )[0];
    assert_eq!(
        e.message,
        "Input images: image 1 must be PNG, JPEG or WEBP, not GIF."
    );
    let e = &validate_values(&c, &with(&c, json!({"prompt": "x", "resolution": "8k"})))[0];
    assert_eq!(e.message, "Resolution: \"8k\" is not one of the options.");
}

#[test]
fn trimmed_length_when_the_server_trims() {
    let trimmed = |trim| {
        set(vec![Control::Text(Text {
            trim_whitespace: trim,
            ..match prompt(Some(5), None) {
                Control::Text(t) => t,
                _ => unreachable!(),
            }
        })])
    };
    let v = vals(json!({ "prompt": "  abcde \n " }));
    assert!(validate_values(&trimmed(true), &v).is_empty());
    let e = &validate_values(&trimmed(false), &v)[0];
    assert_eq!(
        (e.code.as_str(), &e.params["length"]),
        ("too_long", &json!(10))
    );
    let e = &validate_values(&trimmed(true), &vals(json!({ "prompt": " abcdef " })))[0];
    assert_eq!(e.params["length"], json!(6));
    // What JavaScript's trim() removes: U+FEFF yes, U+0085 no.
    let v_bom = vals(json!({ "prompt": "abcde\u{feff}" }));
    assert!(validate_values(&trimmed(true), &v_bom).is_empty());
    let v_nel = vals(json!({ "prompt": "abcde\u{85}" }));
    assert_eq!(validate_values(&trimmed(true), &v_nel)[0].code, "too_long");
    // The library's own cap holds for the whole text, whitespace included.
    let cap = crate::form::MAX_TEXT_LENGTH as usize;
    let huge = vals(json!({ "prompt": format!("a{}", " ".repeat(cap)) }));
    let e = &validate_values(&trimmed(true), &huge)[0];
    assert_eq!(
        (e.code.as_str(), &e.params["max"]),
        ("too_long", &json!(cap))
    );
    let m = migrate_values(&set(vec![prompt(None, None)]), &trimmed(true), &huge);
    assert!(validate_values(&trimmed(true), &m.values).is_empty());
    // Past the cap the kept text is still the trimmed one, cut to the model's own limit; when
    // trimming alone made it fit, the note names the cap it was over.
    for (text, kept, max) in [
        ("a".repeat(cap + 1), "aaaaa".to_owned(), 5),
        (
            format!("{}abcdefgh", " ".repeat(cap)),
            "abcde".to_owned(),
            5,
        ),
        (format!("{}abc", " ".repeat(cap)), "abc".to_owned(), cap),
    ] {
        let m = migrate_values(
            &set(vec![prompt(None, None)]),
            &trimmed(true),
            &vals(json!({ "prompt": text })),
        );
        assert_eq!(m.values["prompt"], json!(kept));
        assert_eq!(m.changes[0].reason_key, "change.shortened");
        assert_eq!(m.changes[0].params["max"], json!(max));
    }
    // Blank as JavaScript's trim() sees it: U+FEFF is blank, U+0085 is not.
    let required = set(vec![prompt(None, None)]);
    let e = validate_values(&required, &vals(json!({ "prompt": "\u{feff} " })));
    assert_eq!(e[0].code, "required");
    assert!(validate_values(&required, &vals(json!({ "prompt": "\u{85}" }))).is_empty());
    // Migration keeps a text that fits once trimmed, and cuts the trimmed text otherwise.
    let from = set(vec![prompt(None, None)]);
    let m = migrate_values(&from, &trimmed(true), &v);
    assert_eq!(m.values["prompt"], json!("  abcde \n "));
    let m = migrate_values(
        &from,
        &trimmed(true),
        &vals(json!({ "prompt": "  abcdefg " })),
    );
    assert_eq!(m.values["prompt"], json!("abcde"));
}

#[test]
fn length_units() {
    let emoji = "😀".repeat(6000);
    let points = set(vec![prompt(Some(10_000), Some("unicode_code_points"))]);
    let units = set(vec![prompt(Some(10_000), Some("utf16_code_units"))]);
    let unknown = set(vec![prompt(Some(10_000), Some("graphemes"))]);
    let v = vals(json!({ "prompt": emoji }));
    assert!(validate_values(&points, &v).is_empty());
    assert!(validate_values(&unknown, &v).is_empty());
    assert_eq!(validate_values(&units, &v)[0].code, "too_long");
}

/// The request body for `values`, which must be valid.
fn body_of(model: &Model, c: &ControlSet, values: Value) -> Values {
    let r = build_request(model, c, &vals(values), Endpoint::Openai);
    assert!(r.ok, "{:?}", r.errors);
    r.body.unwrap()
}

/// A choice from a plain list (or an enum without a valid stated default) has no default: the
/// provider decides until the user picks, and what the user picks is sent, the first option
/// too. Other advanced controls at their default are left to the provider.
#[test]
fn unchosen_choices_are_not_sent() {
    let model: Model = serde_json::from_value(serde_json::json!({
        "id": "m",
        "name": "M",
        "supportedParameters": {
            "resolutions": ["1024x1024"],
            "quality": ["low", "medium", "high"],
            "watermark": true,
            "seed": 0,
            "steps": {"type": "range", "min": 10, "max": 50},
            "style": {"type": "enum", "values": ["a", "b"], "default": "b"},
            "mood": {"type": "enum", "values": ["1", "1.0", "2"], "default": "zzz"},
        },
    }))
    .unwrap();
    let c = crate::controls::derive_controls(&model, Endpoint::Openai);
    let body = |extra: Value| body_of(&model, &c, extra);
    let advanced = ["quality", "watermark", "seed", "steps", "style", "mood"];
    // Nothing given, the form's defaults, or a switch to a model with the same keys: nothing.
    let mut defaults = default_values(&c);
    assert_eq!(
        (defaults.get("quality"), defaults.get("mood")),
        (None, None)
    );
    defaults.insert("prompt", json!("p"));
    let migrated = migrate_values(&c, &c, &vals(json!({"prompt": "p"})));
    assert!(migrated.changes.is_empty(), "{:?}", migrated.changes);
    for values in [
        json!({"prompt": "p"}),
        Value::Object(defaults),
        Value::Object(migrated.values),
    ] {
        let b = body(values);
        assert!(advanced.iter().all(|id| !b.contains_key(id)), "{b:?}");
    }
    // Chosen options are sent, the first one too; the stated default is the provider's.
    let b = body(json!({"prompt": "p", "quality": "low", "mood": "1", "style": "b"}));
    assert_eq!(
        (b.get("quality"), b.get("mood")),
        (Some(&json!("low")), Some(&json!("1")))
    );
    assert!(!b.contains_key("style"), "{b:?}");
    let b = body(json!({"prompt": "p", "style": "a", "watermark": false, "seed": 5}));
    assert_eq!(b.get("style"), Some(&json!("a")));
    assert_eq!(
        (b.get("watermark"), b.get("seed")),
        (Some(&json!(false)), Some(&json!(5)))
    );
}

#[test]
fn build_openai_body() {
    let c = full();
    let values = with(&c, json!({"prompt": "a cat", "resolution": "1536x1024"}));
    let r = build_request(&model(), &c, &values, Endpoint::Openai);
    assert!(r.ok, "{:?}", r.errors);
    // Core controls are stated; "" aspect ratio and advanced defaults are omitted.
    assert_eq!(
        Value::Object(r.body.unwrap()),
        json!({
            "model": "vendor/model@1",
            "prompt": "a cat",
            "size": "1536x1024",
            "n": 1,
            "rendering_speed": "DEFAULT",
        })
    );
    assert!(r.warnings.is_empty());
    assert!(r.dropped.is_empty());
}

#[test]
fn build_keys_follow_control_order() {
    let c = full();
    let values = with(
        &c,
        json!({"prompt": "p", "aspect_ratio": "16:9", "watermark": true, "guidance_scale": 3, "style": "anime"}),
    );
    let body = build_request(&model(), &c, &values, Endpoint::Openai)
        .body
        .unwrap();
    let keys: Vec<&str> = body.keys().collect();
    assert_eq!(
        keys,
        [
            "model",
            "prompt",
            "size",
            "aspect_ratio",
            "n",
            "rendering_speed",
            "watermark",
            "guidance_scale",
            "style"
        ]
    );
}

#[test]
fn build_missing_values_use_defaults() {
    let c = full();
    let r = build_request(
        &model(),
        &c,
        &vals(json!({"prompt": "p"})),
        Endpoint::Images,
    );
    assert_eq!(
        Value::Object(r.body.unwrap()),
        json!({"model": "vendor/model@1", "prompt": "p", "resolution": "1024x1024", "n": 1, "rendering_speed": "DEFAULT"})
    );
}

#[test]
fn build_fails_with_errors() {
    let c = full();
    let r = build_request(
        &model(),
        &c,
        &vals(json!({"prompt": "", "zzz": 1, "aaa": 2})),
        Endpoint::Openai,
    );
    assert!(!r.ok);
    assert_eq!(r.body, None);
    assert_eq!(r.errors[0].code, "required");
    assert_eq!(r.dropped, ["aaa", "zzz"]);
}

#[test]
fn build_drops_unknown_ids_sorted() {
    let c = set(vec![
        prompt(None, None),
        resolution(&["1024x1024"], "1024x1024"),
    ]);
    let values = vals(
        json!({"prompt": "p", "seed": 3, "n": 2, "mask": "data:image/png;base64,AA", "images": []}),
    );
    let r = build_request(&model(), &c, &values, Endpoint::Openai);
    assert!(r.ok);
    assert_eq!(r.dropped, ["images", "mask", "n", "seed"]);
    let body = r.body.unwrap();
    assert_eq!(body.len(), 3);
    assert!(!body.contains_key("n"));
}

#[test]
fn build_fixed_count() {
    let c = set(vec![prompt(None, None), n_fixed(4)]);
    let same = build_request(
        &model(),
        &c,
        &with(&c, json!({"prompt": "p"})),
        Endpoint::Openai,
    );
    assert!(same.ok && same.warnings.is_empty());
    assert!(!same.body.unwrap().contains_key("n"));
    let other = build_request(
        &model(),
        &c,
        &vals(json!({"prompt": "p", "n": 2})),
        Endpoint::Openai,
    );
    assert!(other.ok);
    assert!(!other.body.unwrap().contains_key("n"));
    assert_eq!(other.warnings.len(), 1);
    assert_eq!(other.warnings[0].path, "values.n");
    assert_eq!(
        other.warnings[0].message,
        "Number of images is fixed at 4 for this model; 2 was not sent."
    );
    let string = build_request(
        &model(),
        &c,
        &vals(json!({"prompt": "p", "n": "4"})),
        Endpoint::Openai,
    );
    assert!(string.warnings.is_empty());
}

#[test]
fn build_coerces_with_warnings() {
    let c = full();
    let values = with(
        &c,
        json!({"prompt": "p", "n": "4", "watermark": "true", "resolution": "2K", "rendering_speed": "turbo", "guidance_scale": " 3.5 "}),
    );
    let r = build_request(&model(), &c, &values, Endpoint::Openai);
    assert!(r.ok, "{:?}", r.errors);
    let body = r.body.unwrap();
    assert_eq!(body.get("n"), Some(&json!(4)));
    assert_eq!(body.get("watermark"), Some(&json!(true)));
    assert_eq!(body.get("size"), Some(&json!("2k")));
    assert_eq!(body.get("rendering_speed"), Some(&json!("TURBO")));
    assert_eq!(body.get("guidance_scale"), Some(&json!(3.5)));
    let paths: Vec<&str> = r.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "values.resolution",
            "values.n",
            "values.rendering_speed",
            "values.watermark",
            "values.guidance_scale"
        ]
    );
    assert!(r
        .warnings
        .iter()
        .all(|w| w.model_id.as_deref() == Some("vendor/model@1")));
    assert_eq!(
        r.warnings[1].message,
        "Number of images \"4\" was sent as the number 4."
    );
}

#[test]
fn build_sends_numbers_of_number_lists() {
    // A list of numbers is shown as text options; the request gets the catalog's numbers back.
    let model: Model = serde_json::from_value(serde_json::json!({
        "id": "m",
        "name": "M",
        "supportedParameters": {
            "steps": [20, 30, 40],
            "duration": {"type": "enum", "values": [5, 10.5], "default": 5},
            "mixed": ["auto", 2, "3"],
            "labels": {"type": "select", "options": [{"value": "0", "label": "None"}, {"value": 1, "label": "One"}, {"value": "2", "label": "Two"}]},
            "rendering_speed": [1, 2],
            "names": ["0", "10", "20"]
        }
    }))
    .unwrap();
    let c = crate::controls::derive_controls(&model, Endpoint::Openai);
    let radio = |id: &str| match c.get(id) {
        Some(Control::Radio(choice)) => choice
            .options
            .iter()
            .map(|o| o.value.clone())
            .collect::<Vec<_>>(),
        other => panic!("{id}: {other:?}"),
    };
    assert_eq!(radio("steps"), ["20", "30", "40"]);
    assert_eq!(radio("duration"), ["5", "10.5"]);
    let build = |values: Value| {
        let r = build_request(&model, &c, &with(&c, values), Endpoint::Openai);
        assert!(r.ok, "{:?}", r.errors);
        (Value::Object(r.body.unwrap()), r.warnings)
    };
    // The option texts a select gives: numbers sent, no warnings.
    let (body, warnings) = build(json!({"prompt": "p", "steps": "30", "duration": "10.5",
        "mixed": "2", "labels": "1", "rendering_speed": "2", "names": "20"}));
    assert_eq!(
        body,
        json!({"model": "m", "prompt": "p", "rendering_speed": 2, "steps": 30, "duration": 10.5,
            "mixed": 2, "labels": 1, "names": "20"})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    // Strings of the catalog stay strings; a number given for them is sent as the text, with a
    // warning. The number itself for a number option needs none.
    let (body, warnings) =
        build(json!({"prompt": "p", "steps": 40, "mixed": "3", "labels": 2, "names": 10}));
    assert_eq!(body.get("steps"), Some(&json!(40)));
    assert_eq!(body.get("mixed"), Some(&json!("3")));
    assert_eq!(body.get("labels"), Some(&json!("2")));
    assert_eq!(body.get("names"), Some(&json!("10")));
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Labels 2 was sent as \"2\".",
            "Names 10 was sent as \"10\"."
        ]
    );
}

#[test]
fn build_images_per_endpoint() {
    let c = full();
    let a = data_url("image/png", 30);
    let b = data_url("image/webp", 30);
    let one = with(
        &c,
        json!({"prompt": "p", "images": [a], "mask": {"dataUrl": b}}),
    );
    let body = build_request(&model(), &c, &one, Endpoint::Openai)
        .body
        .unwrap();
    assert_eq!(body.get("imageDataUrl"), Some(&json!(a)));
    assert_eq!(body.get("maskDataUrl"), Some(&json!(b)));
    assert!(!body.contains_key("imageDataUrls"));

    let single = with(
        &c,
        json!({"prompt": "p", "images": {"url": "https://a.test/x.png", "name": "x.png"}}),
    );
    let body = build_request(&model(), &c, &single, Endpoint::Openai)
        .body
        .unwrap();
    assert_eq!(
        body.get("imageDataUrl"),
        Some(&json!("https://a.test/x.png"))
    );

    let two = with(
        &c,
        json!({"prompt": "p", "images": [a, {"dataUrl": b, "name": "b.webp"}]}),
    );
    let body = build_request(&model(), &c, &two, Endpoint::Openai)
        .body
        .unwrap();
    assert_eq!(body.get("imageDataUrls"), Some(&json!([a, b])));
    assert!(!body.contains_key("imageDataUrl"));

    let r = build_request_owned(&model(), &c, two, Endpoint::Images);
    let body = r.body.unwrap();
    assert_eq!(
        body.get("input_references"),
        Some(&json!([
            {"type": "image_url", "image_url": {"url": a}},
            {"type": "image_url", "image_url": {"url": b}},
        ]))
    );
    assert!(!body.contains_key("imageDataUrls"));
}

#[test]
fn build_never_lets_a_catalog_key_overwrite_model() {
    let mut c = set(vec![prompt(None, None)]);
    c.controls.push(Control::Text(Text {
        base: base("model", "Model"),
        multiline: false,
        max_length: None,
        length_unit: None,
        trim_whitespace: false,
        default: None,
    }));
    let r = build_request(
        &model(),
        &c,
        &vals(json!({"prompt": "p", "model": "evil"})),
        Endpoint::Openai,
    );
    assert_eq!(r.body.unwrap().get("model"), Some(&json!("vendor/model@1")));
    assert_eq!(r.warnings.len(), 1);
}

#[test]
fn migrate_keeps_and_snaps() {
    let from = full();
    let to = set(vec![
        prompt(Some(5), None),
        resolution(&["1024*1024", "2048*2048", "1536*1024"], "2048*2048"),
        n_slider(2.0),
        input_images(1, false),
    ]);
    let values = with(
        &from,
        json!({
            "prompt": "abcdefgh",
            "resolution": "1536x1024",
            "n": 4,
            "images": ["https://a.test/1.png", "https://a.test/2.png"],
            "style": "anime",
        }),
    );
    let m = migrate_values(&from, &to, &values);
    assert_eq!(
        Value::Object(m.values.clone()),
        json!({"prompt": "abcde", "resolution": "1536*1024", "n": 2, "images": ["https://a.test/1.png"]})
    );
    assert!(validate_values(&to, &m.values).is_empty());
    let ids: Vec<&str> = m.changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "prompt",
            "resolution",
            "n",
            "images",
            // Not `aspect_ratio`: its value was `""`, the provider's default, and nothing is lost.
            "rendering_speed",
            "watermark",
            "guidance_scale",
            "style"
        ]
    );
    let prompt_change = &m.changes[0];
    assert_eq!(
        prompt_change.reason,
        "Prompt shortened to 5 characters, the most this model accepts."
    );
    let n_change = &m.changes[2];
    assert_eq!((&n_change.from, &n_change.to), (&json!(4), &json!(2)));
    assert_eq!(
        n_change.reason,
        "Number of images lowered to 2, the most this model allows."
    );
    assert!(m.changes.iter().all(|c| !c.reason.is_empty()));
}

#[test]
fn migrate_notes_only_what_changes() {
    // A text-only model after an image model: an empty image list is not "lost".
    let from = set(vec![
        prompt(None, None),
        input_images(4, false),
        n_slider(4.0),
    ]);
    let to = set(vec![prompt(None, None), n_slider(4.0)]);
    for images in [json!([]), json!(null), json!("")] {
        let m = migrate_values(&from, &to, &vals(json!({"prompt": "p", "images": images})));
        assert!(m.changes.is_empty(), "{images}: {:?}", m.changes);
    }
    let m = migrate_values(
        &from,
        &to,
        &vals(json!({"prompt": "p", "images": ["https://a.test/1.png"]})),
    );
    assert_eq!(m.changes.len(), 1);
    assert_eq!(m.changes[0].reason_key, "change.not_available");
    // Partial values: a control both models have stays at its default without a note; a control
    // only the new model has is noted, unless its default is empty (no images).
    let m = migrate_values(&from, &to, &vals(json!({"prompt": "p"})));
    assert_eq!(m.values.get("n"), Some(&json!(1)));
    assert!(m.changes.is_empty(), "{:?}", m.changes);
    let m = migrate_values(&to, &from, &vals(json!({"prompt": "p", "n": 2})));
    assert_eq!(m.values.get("images"), Some(&json!([])));
    assert!(m.changes.is_empty(), "{:?}", m.changes);
    // The old model's provider default (`""`, an option there) is a choice: replacing it is noted.
    let with_default = set(vec![prompt(None, None), aspect(&["", "1:1", "16:9"])]);
    let without = set(vec![
        prompt(None, None),
        Control::Select(Choice {
            default: Some("16:9".into()),
            ..match aspect(&["1:1", "16:9"]) {
                Control::Select(c) => c,
                _ => unreachable!(),
            }
        }),
    ]);
    let m = migrate_values(
        &with_default,
        &without,
        &vals(json!({"prompt": "p", "aspect_ratio": ""})),
    );
    assert_eq!(m.values["aspect_ratio"], json!("16:9"));
    assert_eq!(m.changes.len(), 1, "{:?}", m.changes);
    // `""` where the old control offered no such option is just unset: no note.
    let m = migrate_values(&from, &to, &vals(json!({"prompt": "p", "n": ""})));
    assert!(m.changes.is_empty(), "{:?}", m.changes);
    let text_only = set(vec![prompt(None, None)]);
    let m = migrate_values(&text_only, &to, &vals(json!({"prompt": "p"})));
    assert_eq!(m.changes.len(), 1);
    assert_eq!(m.changes[0].reason_key, "change.added_default");
}

#[test]
fn migrate_resolution_nearest_and_default() {
    let from = set(vec![
        prompt(None, None),
        resolution(&["1024x1024", "1536x1024", "7"], "1024x1024"),
    ]);
    let to = set(vec![
        prompt(None, None),
        resolution(&["2048x2048", "2560x1440", "1440x2560"], "2048x2048"),
    ]);
    let m = migrate_values(
        &from,
        &to,
        &vals(json!({"prompt": "p", "resolution": "1536x1024"})),
    );
    assert_eq!(m.values.get("resolution"), Some(&json!("2560x1440")));
    assert_eq!(
        m.changes[0].reason,
        "Resolution: \"1536x1024\" is not available; using the closest, 2560x1440."
    );
    let garbage = migrate_values(&from, &to, &vals(json!({"prompt": "p", "resolution": 17})));
    assert_eq!(garbage.values.get("resolution"), Some(&json!("2048x2048")));
}

#[test]
fn migrate_fixed_counts() {
    let slider = set(vec![prompt(None, None), n_slider(4.0)]);
    let fixed = set(vec![prompt(None, None), n_fixed(4)]);
    let to_fixed = migrate_values(&slider, &fixed, &vals(json!({"prompt": "p", "n": 2})));
    assert_eq!(to_fixed.values.get("n"), Some(&json!(4)));
    assert_eq!(
        to_fixed.changes[0].reason,
        "Number of images is fixed at 4 for this model."
    );
    // The old fixed 4 was never chosen: back to the slider's default.
    let back = migrate_values(&fixed, &slider, &to_fixed.values);
    assert_eq!(back.values.get("n"), Some(&json!(1)));
}

#[test]
fn migrate_drops_images_and_mask_for_text_only_models() {
    let from = full();
    let to = set(vec![prompt(None, None)]);
    let values = with(
        &from,
        json!({"prompt": "p", "images": ["https://a.test/a.png"], "mask": "https://a.test/m.png"}),
    );
    let m = migrate_values(&from, &to, &values);
    assert_eq!(Value::Object(m.values), json!({"prompt": "p"}));
    let images = m.changes.iter().find(|c| c.id == "images").unwrap();
    assert_eq!(images.to, Value::Null);
    assert_eq!(
        images.reason,
        "Input images is not available for this model."
    );
}

#[test]
fn migrate_filters_unusable_images() {
    let from = set(vec![prompt(None, None), input_images(5, false)]);
    let to = set(vec![prompt(None, None), input_images(5, false)]);
    let values =
        vals(json!({"prompt": "p", "images": ["https://a.test/a.gif", "https://a.test/b.png"]}));
    let m = migrate_values(&from, &to, &values);
    assert_eq!(
        m.values.get("images"),
        Some(&json!(["https://a.test/b.png"]))
    );
    assert_eq!(
        m.changes[0].reason,
        "Input images: removed 1 image this model cannot use."
    );
}

#[test]
fn migrate_aspect_from_resolution() {
    let from = set(vec![
        prompt(None, None),
        resolution(&["1:1", "16:9", "1k"], "1:1"),
    ]);
    let to = set(vec![
        prompt(None, None),
        resolution(&["1k", "2k"], "1k"),
        aspect(&["", "1:1", "16:9"]),
    ]);
    let m = migrate_values(
        &from,
        &to,
        &vals(json!({"prompt": "p", "resolution": "16:9"})),
    );
    assert_eq!(m.values.get("aspect_ratio"), Some(&json!("16:9")));
    assert!(validate_values(&to, &m.values).is_empty());
    // A pixel size: its own ratio where an option has it, else the common ratio it is near.
    let from = set(vec![
        prompt(None, None),
        resolution(&["1792x1024", "1376x768"], "1792x1024"),
    ]);
    for (options, size, expected) in [
        (&["1:1", "16:9", "7:4"][..], "1792x1024", "7:4"),
        (&["1:1", "16:9"][..], "1792x1024", "16:9"),
        (&["1:1", "16:9"][..], "1376x768", "16:9"),
    ] {
        let to = set(vec![
            prompt(None, None),
            resolution(&["1k"], "1k"),
            aspect(options),
        ]);
        let m = migrate_values(
            &from,
            &to,
            &vals(json!({"prompt": "p", "resolution": size})),
        );
        assert_eq!(
            m.values.get("aspect_ratio"),
            Some(&json!(expected)),
            "{size}"
        );
    }
}

#[test]
fn migrate_tier_and_aspect_to_pixel_sizes() {
    // Seedream-like (tiers + a separate aspect ratio) to HiDream-like (pixel sizes only).
    let from = set(vec![
        prompt(None, None),
        resolution(&["1k", "2k", "4k"], "2k"),
        aspect(&["", "1:1", "16:9", "9:16"]),
    ]);
    let sizes = ["2048*2048", "2560*1440", "1440*2560", "2304*1728"];
    let to = set(vec![prompt(None, None), resolution(&sizes, "2048*2048")]);
    for (res, shape, expected) in [
        ("2k", "16:9", "2560*1440"),
        ("2k", "9:16", "1440*2560"),
        ("2k", "", "2048*2048"),
        ("1k", "", "2048*2048"),
        ("4k", "1:1", "2048*2048"),
    ] {
        let m = migrate_values(
            &from,
            &to,
            &vals(json!({"prompt": "p", "resolution": res, "aspect_ratio": shape})),
        );
        assert_eq!(m.values["resolution"], json!(expected), "{res} {shape:?}");
    }
}

#[test]
fn migrate_result_validates() {
    let from = full();
    let to = set(vec![
        prompt(Some(3), Some("utf16_code_units")),
        resolution(&["auto"], "auto"),
        speed(),
        advanced_number(),
        n_fixed(1),
    ]);
    let values =
        vals(json!({"prompt": "😀😀😀", "rendering_speed": 3, "guidance_scale": 99, "n": "x"}));
    let m = migrate_values(&from, &to, &values);
    assert!(validate_values(&to, &m.values).is_empty(), "{:?}", m.values);
    assert_eq!(m.values.get("prompt"), Some(&json!("😀")));
    assert_eq!(m.values.get("guidance_scale"), Some(&json!(20)));
    assert_eq!(m.values.get("rendering_speed"), Some(&json!("DEFAULT")));
}

/// Every `change.*` key with the parameters it always carries (`change.reset` also carries the
/// error's own parameters). The README's table lists the same keys.
const CHANGE_KEYS: &[(&str, &[&str])] = &[
    ("change.not_available", &[]),
    ("change.reset", &["errorKey"]),
    ("change.aspect_from_resolution", &["to"]),
    ("change.added_default", &["default"]),
    ("change.added_provider_default", &[]),
    ("change.read_as_boolean", &["value", "to"]),
    ("change.fixed", &["value", "to"]),
    ("change.mask_removed", &[]),
    ("change.shortened", &["max"]),
    ("change.respelled", &["value", "to"]),
    ("change.closest", &["value", "to"]),
    ("change.lowered", &["value", "to"]),
    ("change.raised", &["value", "to"]),
    ("change.rounded", &["value", "to"]),
    ("change.read_as_number", &["value", "to"]),
    ("change.images_made_list", &[]),
    ("change.images_removed", &["removed"]),
    ("change.images_capped", &["kept"]),
    ("change.images_removed_capped", &["removed", "kept"]),
];

/// `change.<why>_<outcome>` keys of a value reset to the default.
const RESET_WHYS: &[(&str, bool)] = &[
    ("not_on_off", true),
    ("not_text", true),
    ("not_an_option", true),
    ("fixed_before", false),
    ("not_a_number", true),
    ("not_images", false),
];

/// The TypeScript union `ChangeReasonKey` names every key above.
#[test]
fn typescript_lists_every_change_key() {
    let dts = include_str!("../wasm/types.d.ts");
    let union = dts
        .split("export type ChangeReasonKey =")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("ChangeReasonKey in types.d.ts");
    for (key, _) in CHANGE_KEYS {
        assert!(
            union.contains(&format!("\"{key}\"")),
            "{key} missing from ChangeReasonKey"
        );
    }
    for (why, _) in RESET_WHYS {
        assert!(
            union.contains(&format!("\"{why}\"")),
            "{why} missing from ChangeReasonKey"
        );
    }
    let listed = union.matches("\"change.").count();
    assert_eq!(
        listed,
        CHANGE_KEYS.len(),
        "ChangeReasonKey lists a key the code no longer makes"
    );
}

fn check_change_keys(changes: &[Change]) {
    for c in changes {
        let key = c.reason_key.as_str();
        let names: Vec<&str> = match CHANGE_KEYS.iter().find(|(k, _)| *k == key) {
            Some((_, names)) => names.to_vec(),
            None => {
                let rest = key.strip_prefix("change.").unwrap_or_default();
                let (why, has_value) = RESET_WHYS
                    .iter()
                    .find(|(w, _)| rest.starts_with(&format!("{w}_")))
                    .unwrap_or_else(|| panic!("unknown reason key {key}"));
                let outcome = &rest[why.len() + 1..];
                assert!(
                    ["default", "provider_default", "none", "cleared"].contains(&outcome),
                    "{key}"
                );
                let mut names = Vec::new();
                if *has_value {
                    names.push("value");
                }
                if outcome == "default" {
                    names.push("default");
                }
                names
            }
        };
        for name in &names {
            assert!(c.params.contains_key(name), "{key} lacks {name}: {c:?}");
        }
        if key != "change.reset" {
            assert_eq!(c.params.len(), names.len(), "{key}: {:?}", c.params);
        }
        assert!(
            c.params.values().all(|v| v.is_string() || v.is_number()),
            "{c:?}"
        );
    }
}

#[test]
fn migrate_reasons_have_keys_and_params() {
    let from = full();
    let values = with(
        &from,
        json!({
            "prompt": "abcdefgh",
            "resolution": "1536x1024",
            "n": 9,
            "images": ["https://a.test/a.gif", "https://a.test/b.png", "https://a.test/c.png"],
            "mask": "https://a.test/m.png",
            "watermark": "true",
            "guidance_scale": "7",
        }),
    );
    let to = set(vec![
        prompt(Some(5), None),
        resolution(&["2048x2048", "2560x1440"], "2048x2048"),
        n_slider(2.0),
        input_images(1, false),
        aspect(&["", "1:1", "16:9"]),
        advanced_toggle(),
        advanced_number(),
    ]);
    let m = migrate_values(&from, &to, &values);
    check_change_keys(&m.changes);
    let key_of = |id: &str| {
        let c = m.changes.iter().find(|c| c.id == id).unwrap();
        (c.reason_key.as_str(), Value::Object(c.params.clone()))
    };
    assert_eq!(key_of("prompt"), ("change.shortened", json!({"max": 5})));
    assert_eq!(
        key_of("resolution"),
        (
            "change.closest",
            json!({"value": "1536x1024", "to": "2560x1440"})
        )
    );
    assert_eq!(
        key_of("n"),
        ("change.lowered", json!({"value": 9, "to": 2}))
    );
    assert_eq!(
        key_of("images"),
        (
            "change.images_removed_capped",
            json!({"removed": 1, "kept": 1})
        )
    );
    assert_eq!(key_of("mask"), ("change.not_available", json!({})));
    assert_eq!(
        key_of("watermark"),
        (
            "change.read_as_boolean",
            json!({"value": "true", "to": "true"})
        )
    );

    // Resets to the default, one per reason.
    let garbage = vals(json!({
        "prompt": 5,
        "resolution": 17,
        "n": "many",
        "images": 3,
        "watermark": "maybe",
        "rendering_speed": "WARP",
    }));
    let m = migrate_values(&full(), &full(), &garbage);
    check_change_keys(&m.changes);
    let keys: Vec<&str> = m.changes.iter().map(|c| c.reason_key.as_str()).collect();
    for want in [
        "change.not_text_cleared",
        "change.not_an_option_default",
        "change.not_a_number_default",
        "change.not_images_none",
        "change.not_on_off_default",
    ] {
        assert!(keys.contains(&want), "{want} not in {keys:?}");
    }

    // Fixed counts both ways, and a model that adds controls.
    let slider = set(vec![prompt(None, None), n_slider(4.0)]);
    let fixed = set(vec![prompt(None, None), n_fixed(4)]);
    let to_fixed = migrate_values(&slider, &fixed, &vals(json!({"prompt": "p", "n": 2})));
    check_change_keys(&to_fixed.changes);
    assert_eq!(to_fixed.changes[0].reason_key, "change.fixed");
    let back = migrate_values(&fixed, &slider, &to_fixed.values);
    check_change_keys(&back.changes);
    assert_eq!(back.changes[0].reason_key, "change.fixed_before_default");
    let added = migrate_values(&set(vec![prompt(None, None)]), &full(), &vals(json!({})));
    check_change_keys(&added.changes);
    assert!(added
        .changes
        .iter()
        .any(|c| c.reason_key == "change.added_default"));
}

/// Every `error.*` key with the parameters it always carries (the README lists the same).
const ERROR_KEYS: &[(&str, &[&str])] = &[
    ("error.required", &[]),
    ("error.required_images", &["min", "count"]),
    ("error.required_mask", &[]),
    ("error.too_long", &["max", "length", "unit"]),
    ("error.not_allowed", &["value"]),
    ("error.out_of_range", &["value", "min", "max"]),
    ("error.out_of_range_min", &["value", "min"]),
    ("error.out_of_range_max", &["value", "max"]),
    (
        "error.out_of_range_image_width_min",
        &["position", "width", "min"],
    ),
    (
        "error.out_of_range_image_width_max",
        &["position", "width", "max"],
    ),
    (
        "error.out_of_range_image_height_min",
        &["position", "height", "min"],
    ),
    (
        "error.out_of_range_image_height_max",
        &["position", "height", "max"],
    ),
    ("error.not_integer", &["value"]),
    ("error.wrong_type_text", &["expected", "got"]),
    ("error.wrong_type_number", &["expected", "got"]),
    ("error.wrong_type_boolean", &["expected", "got"]),
    ("error.wrong_type_option", &["expected", "got"]),
    ("error.wrong_type_images", &["expected", "got"]),
    ("error.wrong_type_image", &["expected", "got"]),
    ("error.wrong_type_image_item", &["position", "expected"]),
    ("error.too_many_items", &["max", "count"]),
    ("error.too_large", &["position", "bytes", "maxBytes"]),
    ("error.bad_format", &["position", "format", "allowed"]),
    ("error.bad_format_url", &["position", "format"]),
    ("error.bad_format_not_image", &["position", "format"]),
];

/// The TypeScript union `FieldErrorMessageKey` names every key above, and no other.
#[test]
fn typescript_lists_every_error_key() {
    let mut union = crate::ts_union_members("FieldErrorMessageKey");
    let mut keys: Vec<String> = ERROR_KEYS.iter().map(|(k, _)| (*k).to_owned()).collect();
    union.sort();
    keys.sort();
    assert_eq!(
        union, keys,
        "FieldErrorMessageKey against the keys the validator writes"
    );
}

#[test]
fn big_number_messages() {
    // Sizes that round alike are given exactly.
    let c = set(vec![mask()]);
    let big = data_url(
        "image/png",
        usize::try_from(OPENAI_UPLOAD_BYTES).unwrap() + 1,
    );
    let e = validate_values(&c, &vals(json!({ "mask": big })));
    assert!(
        e[0].message.ends_with(" bytes of at most 2 999 952 bytes."),
        "{}",
        e[0].message
    );
    // A mask the next endpoint cannot take is removed, and said so.
    let mut images_endpoint = mask();
    if let Control::Mask(m) = &mut images_endpoint {
        m.max_bytes = None;
    }
    let m = migrate_values(
        &set(vec![images_endpoint]),
        &c,
        &vals(json!({ "mask": big })),
    );
    assert_eq!(m.changes[0].reason_key, "change.mask_removed");
    // The largest safe integer reads as an integer, not as "….0".
    let c = set(vec![n_slider(4.0)]);
    let e = validate_values(&c, &vals(json!({"n": 9_007_199_254_740_991_i64})));
    assert!(
        e[0].message.ends_with("not 9 007 199 254 740 991."),
        "{}",
        e[0].message
    );
}

#[test]
fn mask_errors_keep_control_order() {
    let model: Model = serde_json::from_value(serde_json::json!({
        "id": "i",
        "name": "I",
        "capabilities": {"inpainting": true},
        "supportedParameters": {"resolutions": ["1024x1024"], "quality": ["low", "high"]},
    }))
    .unwrap();
    let c = crate::controls::derive_controls(&model, Endpoint::Openai);
    let v = vals(json!({
        "prompt": "",
        "mask": data_url("image/png", 10),
        "resolution": "bogus",
        "quality": "mid",
    }));
    let ids: Vec<String> = validate_values(&c, &v).into_iter().map(|e| e.id).collect();
    assert_eq!(ids, ["prompt", "images", "resolution", "quality"]);
}
