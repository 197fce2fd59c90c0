//! Table tests of every mapping rule, on `Model` values built directly.

use crate::json::OwnedValue as Value;

use super::*;
use crate::resolution::{parse_resolution, ResolutionKind};

fn model_with(extra: Value) -> Model {
    let mut m = json!({ "id": "test/model", "name": "Test" });
    if let (Some(m), Some(extra)) = (m.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            m.insert(k.to_owned(), v.clone());
        }
    }
    serde_json::from_value(m.into()).expect("a valid model")
}

fn model(params: Value) -> Model {
    model_with(json!({ "supportedParameters": params }))
}

fn derive(params: Value) -> ControlSet {
    derive_controls(&model(params), Endpoint::Openai)
}

fn ids(set: &ControlSet) -> Vec<&str> {
    set.controls.iter().map(Control::id).collect()
}

fn kind(c: &Control) -> &'static str {
    match c {
        Control::Select(_) => "select",
        Control::Radio(_) => "radio",
        Control::Slider(_) => "slider",
        Control::Number(_) => "number",
        Control::Toggle(_) => "toggle",
        Control::Text(_) => "text",
        Control::Images(_) => "images",
        Control::Mask(_) => "mask",
        Control::Fixed(_) => "fixed",
    }
}

fn choice<'a>(set: &'a ControlSet, id: &str) -> &'a Choice {
    match set.get(id) {
        Some(Control::Select(c) | Control::Radio(c)) => c,
        other => panic!("{id}: expected a choice, got {other:?}"),
    }
}

fn values(c: &Choice) -> Vec<&str> {
    c.options.iter().map(|o| o.value.as_str()).collect()
}

fn warned(set: &ControlSet, path_suffix: &str) -> bool {
    set.warnings
        .iter()
        .any(|w| w.path == format!("supported_parameters.{path_suffix}"))
}

fn text(set: &ControlSet, id: &str) -> Text {
    match set.get(id) {
        Some(Control::Text(t)) => t.clone(),
        other => panic!("{id}: expected text, got {other:?}"),
    }
}

fn images(set: &ControlSet) -> Option<Images> {
    match set.get("images") {
        Some(Control::Images(i)) => Some(i.clone()),
        None => None,
        other => panic!("expected images, got {other:?}"),
    }
}

#[test]
fn prompt_is_always_first_required_and_multiline() {
    let set = derive(json!({}));
    assert_eq!(ids(&set), ["prompt"]);
    let t = text(&set, "prompt");
    assert_eq!(t.base.field, "prompt");
    assert_eq!(t.base.label_key, "control.prompt");
    assert!(t.base.required && t.multiline && !t.base.advanced);
    assert!(set.warnings.is_empty());
}

#[test]
fn prompt_max_length_table() {
    let cases: &[(Value, Option<u32>, bool)] = &[
        (json!(10000), Some(10000), false),
        (json!(null), None, false),
        (json!(0), None, false),
        (json!(-5), None, true),
        (json!("2000"), Some(2000), true),
        (json!(1500.0), Some(1500), false),
        (json!(99.5), Some(99), true),
        (json!(1e12), Some(crate::form::MAX_TEXT_LENGTH), true),
        (json!("lots"), None, true),
        (json!([1]), None, true),
    ];
    for (value, want, warns) in cases {
        let set = derive(json!({ "max_prompt_characters": value }));
        assert_eq!(text(&set, "prompt").max_length, *want, "{value}");
        assert_eq!(warned(&set, "max_prompt_characters"), *warns, "{value}");
        assert_eq!(ids(&set), ["prompt"], "metadata never becomes a control");
    }
}

#[test]
fn prompt_length_unit_only_when_known() {
    let known = json!({"status": "known", "unit": "unicode_code_points", "trim_whitespace": true});
    let unknown = json!({"status": "unknown", "unit": null, "trim_whitespace": null});
    let unknown_with_unit = json!({"status": "unknown", "unit": "utf16_code_units"});
    for (pl, want) in [
        (known, Some("unicode_code_points")),
        (unknown, None),
        (unknown_with_unit, None),
        (json!("known"), None),
    ] {
        let set = derive(json!({ "prompt_length": pl }));
        assert_eq!(text(&set, "prompt").length_unit.as_deref(), want, "{pl}");
    }
}

#[test]
fn prompt_trim_whitespace_only_when_known_and_true() {
    for (pl, want) in [
        (json!({"status": "known", "trim_whitespace": true}), true),
        (json!({"status": "known", "trim_whitespace": false}), false),
        (json!({"status": "known", "trim_whitespace": "true"}), false),
        (json!({"status": "unknown", "trim_whitespace": true}), false),
        (json!({"status": "known"}), false),
    ] {
        let set = derive(json!({ "prompt_length": pl }));
        assert_eq!(text(&set, "prompt").trim_whitespace, want, "{pl}");
    }
}

#[test]
fn image_input_signals_table() {
    let cases: &[(Value, Option<u32>)] = &[
        (json!({}), None),
        (json!({"capabilities": {"imageToImage": false}}), None),
        (json!({"capabilities": {"imageToImage": true}}), Some(1)),
        (
            json!({"supportedParameters": {"max_input_images": 3}}),
            Some(3),
        ),
        (
            json!({"supportedParameters": {"max_input_images": 0}}),
            None,
        ),
        (
            json!({"supportedParameters": {"input_image_constraints": {"max_items": 5}}}),
            Some(5),
        ),
        (
            json!({"supportedParameters": {"input_image_constraints": {}}}),
            Some(1),
        ),
        (json!({"inputModalities": ["text", "image"]}), Some(1)),
        (json!({"inputModalities": ["text"]}), None),
        // Parameters beat a contradicting flag (seen live).
        (
            json!({"capabilities": {"imageToImage": false}, "supportedParameters": {"max_input_images": 10}}),
            Some(10),
        ),
        // The smaller of the two counts.
        (
            json!({"supportedParameters": {"max_input_images": 10, "input_image_constraints": {"max_items": 3}}}),
            Some(3),
        ),
        (
            json!({"supportedParameters": {"max_input_images": 2, "input_image_constraints": {"max_items": 3}}}),
            Some(2),
        ),
        (
            json!({"supportedParameters": {"max_input_images": 1e9}}),
            Some(100),
        ),
        (
            json!({"supportedParameters": {"max_input_images": "4"}}),
            Some(4),
        ),
        (
            json!({"supportedParameters": {"input_reference_constraints": {"max_items": 4}}}),
            Some(4),
        ),
    ];
    for (extra, want) in cases {
        let set = derive_controls(&model_with(extra.clone()), Endpoint::Openai);
        assert_eq!(images(&set).map(|i| i.max_items), *want, "{extra}");
        assert!(set.controls.iter().filter(|c| c.id() == "images").count() <= 1);
    }
}

#[test]
fn image_field_depends_on_endpoint_and_count() {
    let one = model_with(json!({"capabilities": {"imageToImage": true}}));
    let many = model(json!({"max_input_images": 4}));
    let field = |m: &Model, e| images(&derive_controls(m, e)).map(|i| i.base.field);
    assert_eq!(
        field(&one, Endpoint::Openai).as_deref(),
        Some("imageDataUrl")
    );
    assert_eq!(
        field(&many, Endpoint::Openai).as_deref(),
        Some("imageDataUrls")
    );
    assert_eq!(
        field(&one, Endpoint::Images).as_deref(),
        Some("input_references")
    );
    assert_eq!(
        field(&many, Endpoint::Images).as_deref(),
        Some("input_references")
    );
    let set = derive_controls(&many, Endpoint::Openai);
    assert_eq!(
        images(&set).map(|i| i.base.label).as_deref(),
        Some("Input images")
    );
    assert_eq!(ids(&set), ["prompt", "images"]);
}

#[test]
fn image_constraints_are_read_from_route_and_provider() {
    let params = json!({
        "max_input_images": 10,
        "input_image_constraints": {
            "max_items": 10,
            "route": {"min_width": 8, "min_height": 8, "max_width": 16384, "max_height": "16384",
                      "max_bytes": 31457280, "formats": ["png", "jpeg", 7, "webp"], "note": "x"},
            "provider": {"max_bytes": 10485760, "note": "10MB"}
        }
    });
    // The OpenAI-compatible endpoint's upload limit (4 MB of data URL) is the smaller one there.
    let set = derive(params.clone());
    let i = images(&set).expect("images");
    assert_eq!(i.max_bytes, Some(2_999_952.0));
    let set = derive_controls(&model(params), Endpoint::Images);
    let i = images(&set).expect("images");
    assert_eq!(i.max_items, 10);
    assert_eq!(i.max_bytes, Some(10485760.0));
    assert_eq!(
        i.formats,
        Some(vec!["png".into(), "jpeg".into(), "webp".into()])
    );
    assert_eq!((i.min_width, i.min_height), (Some(8), Some(8)));
    assert_eq!((i.max_width, i.max_height), (Some(16384), Some(16384)));
    assert!(warned(&set, "input_image_constraints.route.max_height"));
    assert_eq!(ids(&set), ["prompt", "images"]);

    let route_only = derive(json!({"input_image_constraints": {"route": {"max_bytes": 100}}}));
    assert_eq!(images(&route_only).and_then(|i| i.max_bytes), Some(100.0));
    let bad = json!({"input_image_constraints": {"route": {"max_bytes": -1, "formats": []}}});
    let i = images(&derive(bad.clone())).expect("images");
    assert_eq!((i.max_bytes, i.formats), (Some(2_999_952.0), None));
    let set = derive_controls(&model(bad), Endpoint::Images);
    let i = images(&set).expect("images");
    assert_eq!((i.max_bytes, i.formats), (None, None));
}

#[test]
fn images_required_only_when_text_alone_cannot_work() {
    let edit_tags = json!(["image-edit", "nsfw"]);
    let both_tags = json!(["text-to-image", "image-edit"]);
    let i2i = json!({"imageGeneration": true, "imageToImage": true});
    let cases: &[(&str, Value, Value, bool)] = &[
        (
            "a/gen",
            json!({"imageGeneration": false, "imageToImage": true}),
            json!([]),
            true,
        ),
        (
            "bytedance/seedream-v5.0-pro/edit",
            i2i.clone(),
            edit_tags.clone(),
            true,
        ),
        ("qwen-image-edit", i2i.clone(), json!([]), true),
        ("x:flux_edit", i2i.clone(), json!([]), true),
        (
            "bytedance/seedream/v5/pro/text-to-image",
            i2i.clone(),
            both_tags.clone(),
            false,
        ),
        ("some/edit", i2i.clone(), both_tags, false),
        ("hidream-o1-image", i2i.clone(), edit_tags.clone(), false),
        ("edited-model", i2i.clone(), edit_tags, false),
        ("plain", i2i, json!([]), false),
    ];
    for (id, caps, tags, required) in cases {
        let m = model_with(json!({"id": id, "capabilities": caps, "tags": tags}));
        let i = images(&derive_controls(&m, Endpoint::Openai)).expect("images");
        assert_eq!(i.base.required, *required, "{id}");
        assert_eq!(i.min_items, u32::from(*required), "{id}");
    }
}

#[test]
fn inpainting_gives_a_mask() {
    let m = model_with(json!({"capabilities": {"inpainting": true, "imageToImage": true}}));
    for endpoint in [Endpoint::Openai, Endpoint::Images] {
        let set = derive_controls(&m, endpoint);
        assert_eq!(ids(&set), ["prompt", "images", "mask"]);
        let mask = set.get("mask").expect("mask");
        assert_eq!(kind(mask), "mask");
        assert_eq!(mask.base().field, "maskDataUrl");
        assert_eq!(mask.base().label_key, "control.mask");
    }
    let none = model_with(json!({"capabilities": {"inpainting": false}}));
    assert_eq!(ids(&derive_controls(&none, Endpoint::Openai)), ["prompt"]);
}

#[test]
fn resolution_forms_and_fields() {
    let forms = [
        json!({"resolutions": ["1024x1024", "1024x768"]}),
        json!({"resolution": {"type": "enum", "values": ["1024x1024", "1024x768"]}}),
        json!({"resolutions": {"type": "enum", "values": ["1024x1024", "1024x768"]}}),
        json!({"resolution": ["1024x1024", "1024x768"]}),
        json!({"resolutions": {"type": "select", "options": [{"value": "1024x1024"}, {"value": "1024x768"}]}}),
    ];
    for params in forms {
        let m = model(params.clone());
        for (endpoint, field) in [(Endpoint::Openai, "size"), (Endpoint::Images, "resolution")] {
            let set = derive_controls(&m, endpoint);
            assert_eq!(ids(&set), ["prompt", "resolution"], "{params}");
            let c = choice(&set, "resolution");
            assert_eq!(kind(set.get("resolution").expect("c")), "select");
            assert_eq!(c.base.field, field);
            assert_eq!(c.base.label_key, "control.resolution");
            assert_eq!(values(c), ["1024x1024", "1024x768"]);
            assert_eq!(c.default.as_deref(), Some("1024x1024"));
            assert!(set.warnings.is_empty(), "{params}: {:?}", set.warnings);
        }
    }
}

#[test]
fn resolution_options_keep_the_catalog_string_and_parse_it() {
    let list = ["2048*2048", "1440*2560", "16:9", "2K", " odd ", "auto_2K"];
    let set = derive(json!({ "resolutions": list }));
    let c = choice(&set, "resolution");
    assert_eq!(values(c), list);
    for o in &c.options {
        let r = o.resolution.as_ref().expect("parsed");
        assert_eq!(r.token, o.value);
        assert_eq!(*r, parse_resolution(&o.value));
        assert_eq!(o.label, r.label);
    }
}

#[test]
fn resolution_defaults_table() {
    let cases: &[(Value, &str)] = &[
        (
            json!({"resolution": {"type": "enum", "values": ["512x512", "1024x768"], "default": "1024x768"}}),
            "1024x768",
        ),
        (
            json!({"resolutions": ["2048x2048", "1024x1536", "1024x1024", "512x512"]}),
            "1024x1024",
        ),
        (
            json!({"resolutions": ["1536x1024", "2048x2048", "768x768"]}),
            "768x768",
        ),
        (
            json!({"resolutions": ["1536x1024", "auto", "1024x1536"]}),
            "auto",
        ),
        (
            json!({"resolutions": ["1:1", "16:9", "auto_2K"]}),
            "auto_2K",
        ),
        (json!({"resolutions": ["16:9", "1:1", "2k"]}), "16:9"),
        (json!({"resolutions": ["", "1k"]}), ""),
    ];
    for (params, want) in cases {
        let set = derive(params.clone());
        assert_eq!(
            choice(&set, "resolution").default.as_deref(),
            Some(*want),
            "{params}"
        );
    }
    let bad = derive(
        json!({"resolution": {"type": "enum", "values": ["1k", "1024x1024"], "default": "4k"}}),
    );
    assert_eq!(
        choice(&bad, "resolution").default.as_deref(),
        Some("1024x1024")
    );
    assert!(warned(&bad, "resolution"));
}

#[test]
fn resolution_skips_non_strings_drops_duplicates_and_caps() {
    let set = derive(json!({"resolutions": ["1k", 2, null, "1k", {"a": 1}, "2k"]}));
    assert_eq!(values(choice(&set, "resolution")), ["1k", "2k"]);
    assert_eq!(set.warnings.len(), 2, "{:?}", set.warnings);
    assert!(set
        .warnings
        .iter()
        .all(|w| w.model_id.as_deref() == Some("test/model")));

    let many: Vec<String> = (0..300).map(|i| format!("{}x{}", 64 + i, 64 + i)).collect();
    let set = derive(json!({ "resolutions": many }));
    assert_eq!(choice(&set, "resolution").options.len(), MAX_OPTIONS);
    assert!(warned(&set, "resolutions"));

    for empty in [
        json!([]),
        json!([1, 2]),
        json!({"type": "enum", "values": []}),
    ] {
        let set = derive(json!({ "resolutions": empty }));
        assert_eq!(ids(&set), ["prompt"], "{empty}");
    }
    for bad in [json!(5), json!({"type": "range"}), json!({"x": 1})] {
        let set = derive(json!({ "resolutions": bad }));
        assert_eq!(ids(&set), ["prompt"], "{bad}");
        assert!(warned(&set, "resolutions"), "{bad}");
    }
    let single = derive(json!({"resolution": "1024x1024"}));
    assert_eq!(values(choice(&single, "resolution")), ["1024x1024"]);

    // Duplicates before and after the point where the check switches from a scan to a set.
    let mut listed: Vec<String> = Vec::new();
    for i in 0..60 {
        listed.push(format!("{}x{}", 100 + i, 100 + i));
        if i % 7 == 0 {
            listed.push("100x100".to_owned());
            listed.push(format!("{}x{}", 100 + i / 2, 100 + i / 2));
        }
    }
    let set = derive(json!({ "resolutions": listed }));
    let expected: Vec<String> = (0..60)
        .map(|i| format!("{}x{}", 100 + i, 100 + i))
        .collect();
    assert_eq!(values(choice(&set, "resolution")), expected);
    assert!(set
        .warnings
        .iter()
        .any(|w| w.message == "dropped 18 duplicate value(s)"));
}

#[test]
fn resolution_groups_only_mixed_lists() {
    let mixed = derive(json!({"resolutions": ["1:1", "16:9", "1k", "2k"]}));
    let groups: Vec<_> = choice(&mixed, "resolution")
        .options
        .iter()
        .map(|o| o.group.as_deref())
        .collect();
    let aspect = crate::resolution::group_label(ResolutionKind::Aspect);
    let tier = crate::resolution::group_label(ResolutionKind::Tier);
    assert_eq!(groups, [aspect, aspect, tier, tier]);
    for same in [
        json!(["1024x1024", "1024x768"]),
        json!(["auto", "1024x1024", "1536x1024"]),
        json!(["", "1:1", "16:9"]),
    ] {
        let set = derive(json!({ "resolutions": same }));
        assert!(
            choice(&set, "resolution")
                .options
                .iter()
                .all(|o| o.group.is_none()),
            "{same}"
        );
    }
}

#[test]
fn resolution_prices_come_from_pricing() {
    let m = model_with(json!({
        "supportedParameters": {"resolutions": ["1024x1024", "1376x768", "1184x896"]},
        "pricing": {"per_image": {"1024*1024": 0.005, "1376*768": 0.006}, "currency": "USD"}
    }));
    let set = derive_controls(&m, Endpoint::Openai);
    let c = choice(&set, "resolution");
    for o in &c.options {
        assert_eq!(
            o.price,
            crate::pricing::token_price(m.pricing.as_deref().expect("p"), &o.value)
        );
    }
    let unpriced = derive(json!({"resolutions": ["1024x1024"]}));
    assert_eq!(
        choice(&unpriced, "resolution")
            .options
            .first()
            .and_then(|o| o.price),
        None
    );
}

#[test]
fn aspect_ratio_table() {
    let set = derive(
        json!({"resolutions": ["1k", "1.5k", "2k"], "aspect_ratio": ["", "1:1", "16:9", "auto"]}),
    );
    assert_eq!(ids(&set), ["prompt", "resolution", "aspect_ratio"]);
    let a = choice(&set, "aspect_ratio");
    assert_eq!(kind(set.get("aspect_ratio").expect("a")), "select");
    assert_eq!(
        (a.base.field.as_ref(), a.base.label_key.as_ref()),
        ("aspect_ratio", "control.aspect_ratio")
    );
    assert_eq!(values(a), ["", "1:1", "16:9", "auto"]);
    assert_eq!(
        a.options.first().map(|o| o.label.as_ref()),
        Some("Provider default")
    );
    assert!(a
        .options
        .iter()
        .all(|o| o.resolution.as_ref().is_some_and(|r| r.token == o.value)));
    assert_eq!(a.default.as_deref(), Some(""));

    let no_blank = derive(json!({"resolutions": ["1k"], "aspect_ratio": ["16:9", "1:1"]}));
    assert_eq!(
        choice(&no_blank, "aspect_ratio").default.as_deref(),
        Some("1:1")
    );
    let typed =
        derive(json!({"aspect_ratio": {"type": "enum", "values": ["", "4:3"], "default": "4:3"}}));
    assert_eq!(
        choice(&typed, "aspect_ratio").default.as_deref(),
        Some("4:3")
    );

    // Only repeats the resolution list (any spelling): one control, no warning.
    let covered =
        derive(json!({"resolutions": ["1:1", "16:9", "1k"], "aspect_ratio": ["", "1:1", "32:18"]}));
    assert_eq!(ids(&covered), ["prompt", "resolution"]);
    assert!(covered.warnings.is_empty());
    let all_blank = derive(json!({"aspect_ratio": [""]}));
    assert_eq!(ids(&all_blank), ["prompt"]);
    let alone = derive(json!({"aspect_ratio": ["1:1", "3:2"]}));
    assert_eq!(ids(&alone), ["prompt", "aspect_ratio"]);
}

#[test]
fn image_count_table() {
    // (params, kind, max or fixed value, default, warns)
    let cases: &[(Value, Option<&str>, f64, f64, bool)] = &[
        (json!({"max_images": 4}), Some("slider"), 4.0, 1.0, false),
        (json!({"max_images": 2}), Some("slider"), 2.0, 1.0, false),
        (json!({"max_images": 1}), None, 0.0, 0.0, false),
        (json!({"max_images": 0}), None, 0.0, 0.0, false),
        (json!({"max_images": null}), None, 0.0, 0.0, false),
        (json!({"max_images": -3}), None, 0.0, 0.0, true),
        (json!({"max_images": "4"}), Some("slider"), 4.0, 1.0, true),
        (json!({"max_images": 4.5}), Some("slider"), 4.0, 1.0, true),
        (json!({"max_images": 1e9}), Some("slider"), 100.0, 1.0, true),
        (json!({"max_images": "NaN"}), None, 0.0, 0.0, true),
        (json!({"max_images": true}), None, 0.0, 0.0, true),
        (
            json!({"max_output_images": 3}),
            Some("slider"),
            3.0,
            1.0,
            false,
        ),
        (
            json!({"max_images": 2, "max_output_images": 8}),
            Some("slider"),
            2.0,
            1.0,
            false,
        ),
        (
            json!({"n": {"type": "range", "min": 1, "max": 4, "default": 2}}),
            Some("slider"),
            4.0,
            2.0,
            false,
        ),
        (
            json!({"n": {"type": "range", "min": 1, "max": 4, "default": 9}}),
            Some("slider"),
            4.0,
            1.0,
            true,
        ),
        (
            json!({"n": {"type": "range", "min": 0, "max": 4}}),
            Some("slider"),
            4.0,
            1.0,
            false,
        ),
        (
            json!({"n": {"type": "range", "min": 1, "max": 1}}),
            None,
            0.0,
            0.0,
            false,
        ),
        (json!({"n": 6}), Some("slider"), 6.0, 1.0, false),
        (
            json!({"fixed_image_count": 4, "max_images": 8}),
            Some("fixed"),
            4.0,
            0.0,
            false,
        ),
        (
            json!({"fixed_image_count": 1}),
            Some("fixed"),
            1.0,
            0.0,
            false,
        ),
        (
            json!({"fixed_image_count": 0, "max_images": 3}),
            Some("slider"),
            3.0,
            1.0,
            false,
        ),
        (
            json!({"fixed_image_count": "4"}),
            Some("fixed"),
            4.0,
            0.0,
            true,
        ),
    ];
    for (params, want_kind, max, default, warns) in cases {
        let set = derive(params.clone());
        assert!(!set.controls.iter().any(|c| c.base().advanced), "{params}");
        let n = set.get("n");
        assert_eq!(n.map(kind), *want_kind, "{params}");
        match n {
            Some(Control::Slider(s)) => {
                assert_eq!(
                    (s.min, s.max, s.step, s.default),
                    (1.0, *max, 1.0, *default),
                    "{params}"
                );
                assert_eq!(
                    (s.base.field.as_ref(), s.base.label_key.as_ref()),
                    ("n", "control.n")
                );
            }
            Some(Control::Fixed(f)) => {
                assert_eq!(f.value.as_f64(), Some(*max), "{params}");
                assert_eq!(f.base.field, "n");
            }
            _ => {}
        }
        assert_eq!(
            !set.warnings.is_empty(),
            *warns,
            "{params}: {:?}",
            set.warnings
        );
    }
}

#[test]
fn rendering_speed_is_a_radio_in_catalog_order() {
    let set = derive(json!({"rendering_speed": ["TURBO", "BALANCED", "QUALITY", "X", "Y"]}));
    let c = choice(&set, "rendering_speed");
    assert_eq!(kind(set.get("rendering_speed").expect("r")), "radio");
    assert_eq!(values(c), ["TURBO", "BALANCED", "QUALITY", "X", "Y"]);
    assert_eq!(c.default.as_deref(), Some("TURBO"));
    assert_eq!(
        (c.base.field.as_ref(), c.base.advanced),
        ("rendering_speed", false)
    );
    let typed =
        derive(json!({"rendering_speed": {"type": "enum", "values": ["a", "b"], "default": "b"}}));
    assert_eq!(
        choice(&typed, "rendering_speed").default.as_deref(),
        Some("b")
    );
}

#[test]
fn metadata_keys_never_become_controls() {
    for key in infer::METADATA_KEYS {
        for value in [
            json!(null),
            json!(3),
            json!("x"),
            json!({"a": 1}),
            json!([{"a": 1}]),
        ] {
            let set = derive(json!({ *key: value }));
            assert!(
                set.controls.iter().all(|c| !c.base().advanced),
                "{key} = {value}"
            );
        }
    }
}

#[test]
fn generic_inference_table() {
    // (value, kind, default as JSON); a list without a stated default has none: the provider
    // decides until the user picks.
    let cases: &[(Value, &str, Value)] = &[
        (json!(["vivid", "natural"]), "radio", json!(null)),
        (json!(["a", "b", "c", "d"]), "radio", json!(null)),
        (json!(["a", "b", "c", "d", "e"]), "select", json!(null)),
        (json!([1, 2.5, "x"]), "radio", json!(null)),
        (json!(true), "toggle", json!(true)),
        (json!(false), "toggle", json!(false)),
        (json!(7.5), "number", json!(7.5)),
        (
            json!({"type": "enum", "values": ["low", "high"], "default": "high"}),
            "radio",
            json!("high"),
        ),
        (
            json!({"type": "enum", "values": [1, 2, 3, 4, 5], "default": 3}),
            "select",
            json!("3"),
        ),
        (
            json!({"type": "enum", "values": ["a", "b"], "default": "zzz"}),
            "radio",
            json!(null),
        ),
        (
            json!({"type": "range", "min": 1, "max": 50, "default": 30}),
            "slider",
            json!(30.0),
        ),
        (
            json!({"type": "range", "min": 1, "max": 50}),
            "slider",
            json!(1.0),
        ),
        (
            json!({"type": "range", "min": 0, "max": 1, "default": 0.8}),
            "number",
            json!(0.8),
        ),
        // The two catalogs' list names crossed: still a list.
        (
            json!({"type": "enum", "options": [{"value": "a", "label": "Alpha"}, {"value": "b"}]}),
            "radio",
            json!(null),
        ),
        (
            json!({"type": "select", "values": ["x", "y"], "default": "y"}),
            "radio",
            json!("y"),
        ),
        // A strength without a default or step: a slider would offer only 0 and 1.
        (
            json!({"type": "range", "min": 0, "max": 1}),
            "number",
            json!(null),
        ),
        (
            json!({"type": "range", "min": 0, "max": 1, "step": 0.05, "default": 0.8}),
            "slider",
            json!(0.8),
        ),
        (
            json!({"type": "range", "min": 0, "max": 4294967295_u64}),
            "number",
            json!(null),
        ),
        (
            json!({"type": "range", "min": 0.5, "max": 20, "default": 7}),
            "number",
            json!(7.0),
        ),
        (
            json!({"type": "range", "min": 50, "max": 1, "default": 10}),
            "slider",
            json!(10.0),
        ),
        (json!({"type": "range", "max": 10}), "number", json!(null)),
        (
            json!({"type": "boolean", "default": true}),
            "toggle",
            json!(true),
        ),
        (json!({"type": "switch"}), "toggle", json!(false)),
        (
            json!({"type": "number", "min": 0, "default": 42}),
            "number",
            json!(42.0),
        ),
        (
            json!({"type": "number", "min": 0, "max": 10, "default": 42}),
            "number",
            json!(null),
        ),
        (
            json!({"type": "text", "default": "blurry"}),
            "text",
            json!("blurry"),
        ),
        (
            json!({"type": "select", "options": [{"value": "a", "label": "Alpha"}, {"value": 2, "label": "Two"}], "default": 2}),
            "radio",
            json!("2"),
        ),
    ];
    for (value, want_kind, want_default) in cases {
        let set = derive(json!({ "my_param": value }));
        let c = set
            .get("my_param")
            .unwrap_or_else(|| panic!("{value}: no control"));
        assert_eq!(kind(c), *want_kind, "{value}");
        let b = c.base();
        assert!(b.advanced && !b.required, "{value}");
        assert_eq!(
            (b.field.as_ref(), b.label_key.as_ref(), b.label.as_ref()),
            ("my_param", "param.my_param", "My param")
        );
        let default = match c {
            Control::Select(x) | Control::Radio(x) => json!(x.default),
            Control::Slider(x) => json!(x.default),
            Control::Number(x) => json!(x.default),
            Control::Toggle(x) => json!(x.default),
            Control::Text(x) => json!(x.default),
            _ => Value::Null,
        };
        assert_eq!(default, *want_default, "{value}");
        if let Control::Slider(s) = c {
            assert!(
                s.min <= s.default && s.default <= s.max && s.step > 0.0,
                "{value}"
            );
        }
        if let Control::Text(t) = c {
            assert!(!t.multiline);
        }
    }
}

#[test]
fn generic_descriptor_labels_and_descriptions_override() {
    let set = derive(
        json!({"negative_prompt": {"type": "text", "label": "Negative prompt", "description": "What to avoid"},
                            "style": {"type": "select", "label": "Style", "options": [{"value": "a", "label": "Anime"}, {"value": "b"}]}}),
    );
    let np = set.get("negative_prompt").expect("np").base();
    assert_eq!(
        (np.label.as_ref(), np.description.as_deref()),
        ("Negative prompt", Some("What to avoid"))
    );
    assert_eq!(np.label_key, "param.negative_prompt");
    let s = choice(&set, "style");
    let labels: Vec<_> = s.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["Anime", "b"]);
}

#[test]
fn a_fraction_range_without_a_step_takes_fractions() {
    // `0…1` without a step: neither a slider nor whole steps (they offer only 0 and 1).
    let set = derive(json!({"strength": {"type": "range", "min": 0, "max": 1}}));
    let Some(Control::Number(n)) = set.get("strength") else {
        panic!("no number input")
    };
    assert_eq!((n.min, n.max, n.step), (Some(0.0), Some(1.0), None));
    // Wider spans keep their whole steps; a seed too wide for a slider too.
    let set = derive(json!({"steps": {"type": "range", "min": 1, "max": 3}}));
    assert!(matches!(set.get("steps"), Some(Control::Slider(s)) if s.step == 1.0));
    let set = derive(json!({"seed": {"type": "range", "min": 0, "max": 2147483647}}));
    assert!(matches!(set.get("seed"), Some(Control::Number(n)) if n.step == Some(1.0)));
}

#[test]
fn unusable_shapes_warn_and_give_no_control() {
    for value in [
        json!(null),
        json!("just a string"),
        json!({"url_fields": ["lora_url_1"]}),
        json!({"type": "mystery"}),
        json!([{"value": "a"}, {"value": "b"}]),
        json!([]),
        json!({"type": "enum"}),
        json!({"type": "select", "options": "a,b"}),
    ] {
        let set = derive(json!({ "odd": value }));
        assert_eq!(ids(&set), ["prompt"], "{value}");
        assert!(warned(&set, "odd"), "{value}");
        assert!(set
            .warnings
            .iter()
            .all(|w| w.model_id.as_deref() == Some("test/model")));
    }
}

#[test]
fn generic_keys_never_clash_with_built_in_controls() {
    let m = model_with(json!({
        "capabilities": {"imageToImage": true},
        "supportedParameters": {"resolutions": ["1k"], "prompt": true, "images": ["a"], "size": ["x"], "model": "m", "seed": 1}
    }));
    let set = derive_controls(&m, Endpoint::Openai);
    assert_eq!(ids(&set), ["prompt", "images", "resolution", "seed"]);
    for key in ["prompt", "images", "size", "model"] {
        assert!(warned(&set, key), "{key}");
    }
    // Without a resolution control, `size` is a parameter like any other.
    let free = derive(json!({"size": ["small", "large"]}));
    assert_eq!(ids(&free), ["prompt", "size"]);
}

#[test]
fn order_is_fixed_then_catalog_order() {
    let m = model_with(json!({
        "capabilities": {"imageToImage": true, "inpainting": true},
        "supportedParameters": {
            "zeta": true, "rendering_speed": ["fast"], "alpha": 1, "max_images": 4,
            "aspect_ratio": ["1:1"], "resolutions": ["1k"], "max_input_images": 2, "middle": ["x"]
        }
    }));
    let set = derive_controls(&m, Endpoint::Openai);
    assert_eq!(
        ids(&set),
        [
            "prompt",
            "images",
            "mask",
            "resolution",
            "aspect_ratio",
            "n",
            "rendering_speed",
            "zeta",
            "alpha",
            "middle"
        ]
    );
    assert_eq!(set.model_id, "test/model");
    assert_eq!(set.endpoint, Endpoint::Openai);
    for c in &set.controls {
        let want = if c.base().advanced {
            "param."
        } else {
            "control."
        };
        assert_eq!(c.base().label_key, format!("{want}{}", c.id()));
    }
}

#[test]
fn labels_from_keys() {
    for (key, want) in [
        ("guidance_scale", "Guidance scale"),
        ("num_inference_steps", "Num inference steps"),
        ("numInferenceSteps", "Num inference steps"),
        ("CFG_scale", "CFG scale"),
        ("seed", "Seed"),
        ("output-format", "Output format"),
        ("__x__", "X"),
        ("", "Parameter"),
        ("___", "Parameter"),
        ("été", "été"),
    ] {
        assert_eq!(infer::label_from_key(key), want, "{key}");
    }
}

#[test]
fn untrusted_values_are_kept_verbatim() {
    let weird = ["<script>alert(1)</script>", " 1024x1024 ", "a\u{0}b", "🙂"];
    let set = derive(json!({"resolutions": weird, "style": weird}));
    assert_eq!(values(choice(&set, "resolution")), weird);
    assert_eq!(values(choice(&set, "style")), weird);
}

#[test]
fn warning_paths_keep_an_empty_key() {
    let set = derive(json!({"": {"type": "number", "min": "5", "step": -1}}));
    let paths: Vec<&str> = set.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        ["supported_parameters..min", "supported_parameters..step"],
        "{:?}",
        set.warnings
    );
}

/// `offered_resolutions` (read without a derivation, for `priceRange`) gives the resolution
/// select's option values, over the real fixture and every shape of list.
#[test]
fn offered_resolutions_are_the_select_options() {
    let text = include_str!("../../tests/fixtures/real/image-models-nsfw-paid-subset.json");
    let catalog = crate::catalog::parse_catalog(text, &Default::default()).unwrap();
    let mut models = catalog.models;
    for params in [
        json!({"resolution": {"type": "enum", "values": ["1k", "2k"]}, "resolutions": ["x"]}),
        json!({"resolutions": "1024x1024"}),
        json!({"resolutions": {"type": "select", "options": [{"value": "a"}, {"value": "b"}]}}),
        json!({"resolutions": 7}),
        json!({}),
    ] {
        models.push(model(params));
    }
    for m in &models {
        let params = json::parse(m.supported_parameters.text());
        let offered = params
            .as_ref()
            .and_then(json::Value::as_object)
            .and_then(offered_resolutions);
        let derived = match derive_controls(m, Endpoint::Openai).get("resolution") {
            Some(Control::Select(c) | Control::Radio(c)) => Some(
                c.options
                    .iter()
                    .map(|o| o.value.clone())
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        };
        assert_eq!(offered, derived, "{}", m.id);
    }
}

/// Every label and group key the derivation writes is a member of its TypeScript union
/// (`ControlLabelKey`, `OptionLabelKey`, `OptionGroupKey`), and every member is written for
/// some model: the real, documented and evolved catalogs, and lists of every token kind.
#[test]
fn typescript_lists_every_label_key() {
    let mut models = Vec::new();
    for text in [
        include_str!("../../tests/fixtures/real/image-models-nsfw-paid-subset.json"),
        include_str!("../../tests/fixtures/docs/image-models.example.json"),
        include_str!("../../tests/fixtures/docs/images-models.example.json"),
        include_str!("../../tests/fixtures/evolved/image-models-later.json"),
        include_str!("../../tests/fixtures/evolved/image-models-next.json"),
    ] {
        models.extend(
            crate::catalog::parse_catalog(text, &Default::default())
                .unwrap()
                .models,
        );
    }
    models.push(model_with(json!({
        "capabilities": {"inpainting": true, "imageToImage": true},
        "supportedParameters": {
            "resolutions": ["1024x1024", "64x64", "1:1", "16:9", "9:16", "2k", "auto", "auto_2K", "4x", "hd"],
            "aspect_ratio": ["", "21:9"],
            "max_images": 4,
            "rendering_speed": ["TURBO", "QUALITY"],
            "style": ["a", "b"],
        },
    })));
    let control_keys = crate::ts_union_members("ControlLabelKey");
    let option_keys = crate::ts_union_members("OptionLabelKey");
    let group_keys = crate::ts_union_members("OptionGroupKey");
    let (mut controls_seen, mut options_seen, mut groups_seen) = (
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
    );
    for m in &models {
        for c in &derive_controls(m, Endpoint::Openai).controls {
            let key = c.base().label_key.to_string();
            assert!(
                control_keys.contains(&key) || key.starts_with("param."),
                "{key} is not a ControlLabelKey"
            );
            controls_seen.insert(key);
            if let Control::Select(choice) | Control::Radio(choice) = c {
                for o in &choice.options {
                    if let Some(key) = &o.label_key {
                        assert!(option_keys.contains(key), "{key} is not an OptionLabelKey");
                        options_seen.insert(key.clone());
                    }
                    if let Some(key) = &o.group_key {
                        assert!(group_keys.contains(key), "{key} is not an OptionGroupKey");
                        groups_seen.insert(key.clone());
                    }
                }
            }
        }
    }
    for (union, seen) in [
        (&control_keys, &controls_seen),
        (&option_keys, &options_seen),
        (&group_keys, &groups_seen),
    ] {
        for key in union {
            assert!(seen.contains(key), "{key} is never written");
        }
    }
}
