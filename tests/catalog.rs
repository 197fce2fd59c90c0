//! Catalog parsing: both endpoint shapes, fixtures, diagnostics, errors, limits and diffs.

use nanogpt_image_controls::catalog::{
    diff_catalogs, parse_catalog, parse_catalog_value, Catalog, ParseOptions, Source,
    MAX_CATALOG_BYTES, MAX_MODELS,
};
use nanogpt_image_controls::Error;
use proptest::prelude::*;
use serde_json::{json, Value};

const REAL: &str = include_str!("fixtures/real/image-models-nsfw-paid-subset.json");
const LEGACY_DOC: &str = include_str!("fixtures/docs/image-models.example.json");
const IMAGES_DOC: &str = include_str!("fixtures/docs/images-models.example.json");
const ENDPOINTS_DOC: &str = include_str!("fixtures/docs/image-model-endpoints.example.json");

fn parse(text: &str) -> Catalog {
    match parse_catalog(text, &ParseOptions::default()) {
        Ok(catalog) => catalog,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn parse_value(value: Value) -> Catalog {
    match parse_catalog_value(value, &ParseOptions::default()) {
        Ok(catalog) => catalog,
        Err(e) => panic!("parse failed: {e}"),
    }
}

fn ids(catalog: &Catalog) -> Vec<&str> {
    catalog.models.iter().map(|m| m.id.as_str()).collect()
}

fn warning_at<'a>(catalog: &'a Catalog, path: &str) -> &'a nanogpt_image_controls::Diagnostic {
    match catalog.warnings.iter().find(|d| d.path == path) {
        Some(d) => d,
        None => panic!("no warning at {path}; got {:#?}", catalog.warnings),
    }
}

#[test]
fn real_fixture_has_ten_models() {
    let catalog = parse(REAL);
    assert_eq!(
        ids(&catalog),
        [
            "hidream-o1-image",
            "hidream-o1-image-dev",
            "bytedance/seedream-v5.0-pro",
            "bytedance/seedream-v5.0-pro/edit",
            "bytedance/seedream/v5/pro/text-to-image",
            "bytedance/seedream/v5/pro/edit",
            "recraft-ai/recraft-v4.1-pro/text-to-image",
            "recraft-ai/recraft-v4.1/text-to-image",
            "recraft-ai/recraft-v4.1-pro/text-to-image-utility",
            "recraft-ai/recraft-v4.1/text-to-image-utility",
        ]
    );
    assert!(catalog.warnings.is_empty(), "{:#?}", catalog.warnings);
    assert_eq!(catalog.meta.source, Source::Legacy);
    assert_eq!(catalog.meta.count, None);

    let first = &catalog.models[0];
    assert_eq!(first.name, "HiDream O1 Image");
    assert_eq!(first.capabilities.image_generation, Some(true));
    assert_eq!(first.capabilities.image_to_image, Some(true));
    assert_eq!(first.capabilities.inpainting, Some(false));
    assert_eq!(first.capabilities.nsfw, Some(true));
    assert_eq!(first.input_modalities, ["text", "image"]);
    assert_eq!(first.output_modalities, ["image"]);
    assert_eq!(
        first.tags,
        ["text-to-image", "image-edit", "hidream", "2k", "nsfw"]
    );
    assert_eq!(first.icon_url, None);
    assert_eq!(
        first
            .pricing
            .as_ref()
            .and_then(|p| p["per_image"]["auto"].as_f64()),
        Some(0.04)
    );

    // Two models share a display name with different ids.
    assert_eq!(catalog.models[2].name, "Seedream 5.0 Pro");
    assert_eq!(catalog.models[4].name, "Seedream 5.0 Pro");
    assert_eq!(catalog.models[6].capabilities.image_to_image, Some(false));
    assert_eq!(catalog.models[6].name, "Recraft V4.1 Pro");
}

#[test]
fn supported_parameters_are_kept_exactly() {
    use nanogpt_image_controls::json::OwnedValue;
    let raw: OwnedValue = serde_json::from_str(REAL).unwrap_or_default();
    let catalog = parse(REAL);
    for (i, model) in catalog.models.iter().enumerate() {
        let given = &raw["image"][i]["supported_parameters"];
        assert_eq!(
            &OwnedValue::Object(model.supported_parameters.parsed().clone()),
            given
        );
        let given_keys: Vec<&str> = given
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        let kept_keys: Vec<&str> = model.supported_parameters.keys().collect();
        assert_eq!(kept_keys, given_keys, "key order kept");
        assert_eq!(model.pricing.as_deref(), Some(&raw["image"][i]["pricing"]));
    }
    assert!(catalog.models[0].supported_parameters["max_prompt_characters"].is_null());
}

#[test]
fn legacy_docs_example() {
    let catalog = parse(LEGACY_DOC);
    assert_eq!(ids(&catalog), ["pruna-ai/p-image/text-to-image"]);
    let model = &catalog.models[0];
    assert_eq!(model.name, "P-Image");
    assert_eq!(model.owned_by.as_deref(), Some("prunaai"));
    assert_eq!(model.created, Some(1778544000.0));
    assert_eq!(model.category.as_deref(), Some("image"));
    assert_eq!(
        model.icon_url.as_deref(),
        Some("https://nano-gpt.com/icons/PrunaAI.svg")
    );
    assert_eq!(model.capabilities.image_generation, Some(true));
    assert_eq!(model.capabilities.nsfw, Some(false));
    assert!(model
        .description
        .as_deref()
        .is_some_and(|d| d.starts_with("Fast text-to-image")));
    assert_eq!(model.supported_parameters["max_images"], json!(4));
    assert_eq!(catalog.meta.source, Source::Legacy);
    assert_eq!(catalog.meta.count, Some(169));
    assert_eq!(
        catalog.meta.generated_at.as_deref(),
        Some("2026-05-14T00:00:00.000Z")
    );
    assert!(catalog.warnings.is_empty(), "{:#?}", catalog.warnings);
}

#[test]
fn typed_images_example() {
    let catalog = parse(IMAGES_DOC);
    assert_eq!(ids(&catalog), ["gpt-image-2"]);
    let model = &catalog.models[0];
    assert_eq!(model.name, "GPT Image 2");
    assert_eq!(model.supports_streaming, Some(false));
    assert_eq!(
        model.endpoints.as_deref(),
        Some("/api/v1/images/models/gpt-image-2/endpoints")
    );
    assert_eq!(
        model.supported_parameters["resolution"]["type"],
        json!("enum")
    );
    assert_eq!(model.supported_parameters["n"]["max"], json!(4));
    assert_eq!(model.input_modalities, ["text", "image"]);
    assert_eq!(catalog.meta.source, Source::Images);
    assert_eq!(catalog.meta.count, Some(201));
    assert!(catalog.warnings.is_empty(), "{:#?}", catalog.warnings);
}

#[test]
fn source_guess_and_override() {
    let typed_only =
        json!([{"id": "a", "supported_parameters": {"n": {"type": "range", "min": 1, "max": 4}}}]);
    assert_eq!(parse_value(typed_only).meta.source, Source::Images);
    let flat = json!([{"id": "a", "supported_parameters": {"resolutions": ["1024x1024"]}}]);
    assert_eq!(parse_value(flat.clone()).meta.source, Source::Legacy);
    let options = ParseOptions {
        source: Some(Source::Images),
        fetched_at: Some("2026-07-01T00:00:00Z".into()),
        ..ParseOptions::default()
    };
    let catalog = parse_catalog_value(flat, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.meta.source, Source::Images);
    assert_eq!(
        catalog.meta.fetched_at.as_deref(),
        Some("2026-07-01T00:00:00Z")
    );
    let forced_legacy = ParseOptions {
        source: Some(Source::Legacy),
        ..ParseOptions::default()
    };
    let catalog = parse_catalog(IMAGES_DOC, &forced_legacy).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.meta.source, Source::Legacy);
}

#[test]
fn endpoints_detail_is_not_a_catalog() {
    let err = parse_catalog(ENDPOINTS_DOC, &ParseOptions::default()).err();
    assert!(
        matches!(&err, Some(Error::InvalidCatalog(m)) if m.contains("single model")),
        "{err:?}"
    );
}

#[test]
fn not_detailed_items() {
    let catalog = parse(
        r#"{"object":"list","data":[
            {"id":"flux-dev","object":"model","created":1700000000,"owned_by":"bfl"},
            {"id":"runware:106@1","object":"model","created":"1700000001","owned_by":"runware"}
        ]}"#,
    );
    assert_eq!(ids(&catalog), ["flux-dev", "runware:106@1"]);
    let model = &catalog.models[0];
    assert_eq!(model.name, "flux-dev");
    assert!(model.supported_parameters.is_empty());
    assert_eq!(model.capabilities, Default::default());
    assert_eq!(model.created, Some(1700000000.0));
    assert_eq!(model.owned_by.as_deref(), Some("bfl"));
    assert_eq!(catalog.models[1].created, Some(1700000001.0));
    let d = warning_at(&catalog, "data[1].created");
    assert_eq!(d.model_id.as_deref(), Some("runware:106@1"));
    assert_eq!(catalog.warnings.len(), 1);
}

#[test]
fn other_shapes() {
    let bare = parse(r#"[{"id":"a"},{"id":"b","name":"  B  "}]"#);
    assert_eq!(ids(&bare), ["a", "b"]);
    assert_eq!(bare.models[1].name, "B");
    let bundle = parse(r#"{"version":1,"tags":["x"],"models":[{"id":"a"}],"video":[{"id":"v"}]}"#);
    assert_eq!(ids(&bundle), ["a"]);
    let with_message = parse(r#"{"message":"ok","image":[{"id":"a"}],"meta":{"count":1}}"#);
    assert_eq!(ids(&with_message), ["a"]);
    assert_eq!(with_message.meta.count, Some(1));
    let empty_bundle = parse(r#"{"image":[]}"#);
    assert!(empty_bundle.models.is_empty());
    let empty_list = parse(r#"{"object":"list","data":[],"meta":{"count":0}}"#);
    assert!(empty_list.models.is_empty());
    assert_eq!(empty_list.meta.count, Some(0));
    let bom = parse("\u{feff}[{\"id\":\"a\"}]");
    assert_eq!(ids(&bom), ["a"]);
}

#[test]
fn wrong_types_and_nulls_are_reported_and_the_rest_kept() {
    let catalog = parse_value(json!({
        "object": "list",
        "data": [
            {"id": "ok", "name": "OK"},
            {"id": 42, "name": null},
            "not a model",
            {"name": "no id"},
            {
                "id": "messy",
                "name": "   ",
                "description": 5,
                "owned_by": null,
                "created": "yesterday",
                "capabilities": {"image_generation": "true", "image_to_image": "FALSE", "inpainting": null, "nsfw": "yes", "video": true},
                "architecture": {"input_modalities": ["text", 3, null, "image"], "output_modalities": "image"},
                "tags": ["a", {"b": 1}],
                "category": ["image"],
                "icon_url": "javascript:alert(1)",
                "pricing": null,
                "supported_parameters": ["resolutions"],
                "endpoints": 7,
                "supports_streaming": "true"
            },
            {"id": "caps", "capabilities": "all", "architecture": null, "tags": null, "supported_parameters": null},
            {"id": ""},
            {"id": null},
            {"id": ["x"]}
        ],
        "meta": {"count": -3, "generated_at": 1}
    }));
    assert_eq!(ids(&catalog), ["ok", "42", "messy", "caps"]);
    assert_eq!(catalog.models[1].name, "42");

    let id42 = warning_at(&catalog, "data[1].id");
    assert_eq!(id42.model_id.as_deref(), Some("42"));
    // A null optional field means "absent" in JSON: no diagnostic, the fallback applies.
    assert!(!catalog.warnings.iter().any(|d| d.path == "data[1].name"));
    assert_eq!(warning_at(&catalog, "data[2]").model_id, None);
    assert_eq!(warning_at(&catalog, "data[3].id").model_id, None);
    assert!(warning_at(&catalog, "data[3].id")
        .message
        .contains("missing"));
    assert!(warning_at(&catalog, "data[6].id").message.contains("empty"));
    assert!(warning_at(&catalog, "data[7].id").message.contains("null"));
    assert!(warning_at(&catalog, "data[8].id")
        .message
        .contains("a list"));

    let messy = &catalog.models[2];
    assert_eq!(messy.name, "messy");
    assert_eq!(messy.description, None);
    assert_eq!(messy.owned_by, None);
    assert_eq!(messy.created, None);
    assert_eq!(messy.capabilities.image_generation, Some(true));
    assert_eq!(messy.capabilities.image_to_image, Some(false));
    assert_eq!(messy.capabilities.inpainting, None);
    assert_eq!(messy.capabilities.nsfw, None);
    assert_eq!(messy.input_modalities, ["text", "image"]);
    assert!(messy.output_modalities.is_empty());
    assert_eq!(messy.tags, ["a"]);
    assert_eq!(messy.category, None);
    assert_eq!(messy.icon_url, None);
    assert_eq!(messy.pricing, None);
    assert!(messy.supported_parameters.is_empty());
    assert_eq!(messy.endpoints, None);
    assert_eq!(messy.supports_streaming, Some(true));
    for null_path in ["owned_by", "capabilities.inpainting", "pricing"] {
        let path = format!("data[4].{null_path}");
        assert!(!catalog.warnings.iter().any(|d| d.path == path), "{path}");
    }
    for path in [
        "description",
        "created",
        "capabilities.image_generation",
        "capabilities.image_to_image",
        "capabilities.nsfw",
        "architecture.input_modalities[1]",
        "architecture.input_modalities[2]",
        "architecture.output_modalities",
        "tags[1]",
        "category",
        "icon_url",
        "supported_parameters",
        "endpoints",
        "supports_streaming",
    ] {
        let d = warning_at(&catalog, &format!("data[4].{path}"));
        assert_eq!(d.model_id.as_deref(), Some("messy"), "{path}");
        assert!(!d.message.is_empty());
    }
    assert!(warning_at(&catalog, "data[4].capabilities.nsfw")
        .message
        .contains("\"yes\""));
    assert!(!catalog.warnings.iter().any(|d| d.path.contains("video")));

    let caps = &catalog.models[3];
    assert_eq!(caps.capabilities, Default::default());
    // `architecture`, `tags` and `supported_parameters` are null there: absent, not reported.
    for null_path in ["architecture", "tags", "supported_parameters"] {
        let path = format!("data[5].{null_path}");
        assert!(!catalog.warnings.iter().any(|d| d.path == path), "{path}");
    }
    assert_eq!(
        warning_at(&catalog, "data[5].capabilities")
            .model_id
            .as_deref(),
        Some("caps")
    );
    assert_eq!(catalog.meta.count, None);
    assert_eq!(catalog.meta.generated_at, None);
    warning_at(&catalog, "meta.count");
    warning_at(&catalog, "meta.generated_at");
}

#[test]
fn duplicate_ids_keep_the_first() {
    let catalog = parse(r#"[{"id":"a","name":"First"},{"id":"b"},{"id":"a","name":"Second"}]"#);
    assert_eq!(ids(&catalog), ["a", "b"]);
    assert_eq!(catalog.models[0].name, "First");
    let d = warning_at(&catalog, "[2]");
    assert_eq!(d.model_id.as_deref(), Some("a"));
    assert!(d.message.contains("duplicate"));
}

#[test]
fn icon_urls_in_catalog() {
    let text = r#"{"data":[
        {"id":"rel","icon_url":"/icons/PrunaAI.svg"},
        {"id":"abs","icon_url":"https://cdn.example.com/a.png"},
        {"id":"http","icon_url":"http://cdn.example.com/a.png"},
        {"id":"js","icon_url":"javascript:alert(1)"},
        {"id":"data","icon_url":"data:image/png;base64,AAAA"},
        {"id":"proto","icon_url":"//evil.com/x.png"},
        {"id":"back","icon_url":"\\\\evil.com/x.png"},
        {"id":"space","icon_url":"/icons/a b.svg"}
    ]}"#;
    let catalog = parse(text);
    let icons: Vec<Option<&str>> = catalog
        .models
        .iter()
        .map(|m| m.icon_url.as_deref())
        .collect();
    assert_eq!(
        icons,
        [
            Some("https://nano-gpt.com/icons/PrunaAI.svg"),
            Some("https://cdn.example.com/a.png"),
            Some("http://cdn.example.com/a.png"),
            None,
            None,
            None,
            None,
            None,
        ]
    );
    for (i, id) in ["js", "data", "proto", "back", "space"].iter().enumerate() {
        let d = warning_at(&catalog, &format!("data[{}].icon_url", i + 3));
        assert_eq!(d.model_id.as_deref(), Some(*id));
    }

    let proxied = ParseOptions {
        base_url: Some("https://my.app/api/nanogpt".into()),
        ..ParseOptions::default()
    };
    let catalog = parse_catalog(LEGACY_DOC, &proxied).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        catalog.models[0].icon_url.as_deref(),
        Some("https://my.app/icons/PrunaAI.svg")
    );

    let bad_base = ParseOptions {
        base_url: Some("ftp://x".into()),
        ..ParseOptions::default()
    };
    let catalog = parse_catalog(LEGACY_DOC, &bad_base).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.models[0].icon_url, None);
    assert!(warning_at(&catalog, "data[0].icon_url")
        .message
        .contains("base URL"));
}

fn json_error(text: &str) -> String {
    match parse_catalog(text, &ParseOptions::default()) {
        Err(Error::InvalidJson(m)) => m,
        other => panic!("expected InvalidJson for {text:.40?}, got {other:?}"),
    }
}

fn catalog_error(text: &str) -> String {
    match parse_catalog(text, &ParseOptions::default()) {
        Err(Error::InvalidCatalog(m)) => m,
        other => panic!("expected InvalidCatalog for {text:.40?}, got {other:?}"),
    }
}

#[test]
fn not_json() {
    let html =
        json_error("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>");
    assert!(html.contains("looks like an HTML page, not JSON"), "{html}");
    assert!(json_error("").contains("empty"));
    assert!(json_error(" \n\t ").contains("empty"));
    let truncated = json_error(r#"{"object":"list","data":[{"id":"a"#);
    assert!(
        truncated.contains("line 1") && truncated.contains("truncated"),
        "{truncated}"
    );
    let bad = json_error("{\n  \"data\": [\n    {\"id\": \"a\",}\n  ]\n}");
    assert!(bad.contains("line 3"), "{bad}");
    let text = json_error("Bad Gateway");
    assert!(text.contains("\"Bad Gateway\""), "{text}");
    assert!(json_error(r#"[{"id":"a"}] trailing"#).contains("trailing"));
}

#[test]
fn not_a_catalog() {
    let unauthorized = catalog_error(r#"{"error":{"message":"Unauthorized","type":"auth"}}"#);
    assert!(unauthorized.contains("Unauthorized"), "{unauthorized}");
    assert!(catalog_error(r#"{"error":"Too many requests"}"#).contains("Too many requests"));
    assert!(catalog_error(r#"{"message":"Not found"}"#).contains("Not found"));
    assert!(catalog_error(r#"{"error":{"code":401}}"#).contains("no message"));
    assert!(catalog_error("42").contains("a number"));
    assert!(catalog_error(r#""models""#).contains("a string"));
    assert!(catalog_error("null").contains("null"));
    assert!(catalog_error("true").contains("boolean"));
    assert!(catalog_error("{}").contains("no list of models"));
    assert!(catalog_error(r#"{"data":null}"#).contains("`data` is null"));
    assert!(catalog_error(r#"{"object":"list","tags":["a"]}"#).contains("`object`"));
    assert!(catalog_error(r#"{"id":"m","name":"M"}"#).contains("single model"));
    assert_eq!(
        parse_catalog("{}", &ParseOptions::default())
            .map_err(|e| e.code())
            .err(),
        Some("invalid_catalog")
    );
    assert_eq!(
        parse_catalog("<html>", &ParseOptions::default())
            .map_err(|e| e.code())
            .err(),
        Some("invalid_json")
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{\"a\":"] {
        let text = open.repeat(100_000);
        assert!(matches!(
            parse_catalog(&text, &ParseOptions::default()),
            Err(Error::InvalidJson(_))
        ));
    }
    let closed = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let m = json_error(&closed);
    assert!(m.contains("nested more than"), "{m}");
}

#[test]
fn size_limits() {
    let too_big = " ".repeat(MAX_CATALOG_BYTES + 1);
    let m = catalog_error(&too_big);
    assert!(m.contains("limit"), "{m}");
    drop(too_big);

    let many = Value::Array(vec![json!({}); MAX_MODELS + 1]);
    match parse_catalog_value(many, &ParseOptions::default()) {
        Err(Error::InvalidCatalog(m)) => assert!(m.contains("50000"), "{m}"),
        other => panic!("expected InvalidCatalog, got {other:?}"),
    }
}

#[test]
fn diff() {
    let previous =
        parse(r#"[{"id":"kept"},{"id":"gone"},{"id":"edited","name":"Old"},{"id":"gone-too"}]"#);
    let next = parse(r#"[{"id":"new"},{"id":"edited","name":"New"},{"id":"kept"},{"id":"newer"}]"#);
    let diff = diff_catalogs(&previous, &next);
    assert_eq!(diff.added, ["new", "newer"]);
    assert_eq!(diff.removed, ["gone", "gone-too"]);
    assert_eq!(diff.changed, ["edited"]);

    let same = diff_catalogs(&next, &next);
    assert!(same.added.is_empty() && same.removed.is_empty() && same.changed.is_empty());

    let params_a = parse(r#"[{"id":"m","supported_parameters":{"max_images":4}}]"#);
    let params_b = parse(r#"[{"id":"m","supported_parameters":{"max_images":2}}]"#);
    assert_eq!(diff_catalogs(&params_a, &params_b).changed, ["m"]);

    let real = parse(REAL);
    // The same catalog pretty-printed and compact (a bundled snapshot against the live text):
    // nothing changed. Before, raw parameter texts were compared and all ten models "changed".
    let compact =
        parse(&serde_json::to_string(&serde_json::from_str::<Value>(REAL).unwrap()).unwrap());
    assert_ne!(
        real.models[0].supported_parameters.text(),
        compact.models[0].supported_parameters.text()
    );
    assert_eq!(
        diff_catalogs(&real, &compact),
        nanogpt_image_controls::catalog::CatalogDiff::default()
    );
    let empty = parse("[]");
    assert_eq!(diff_catalogs(&empty, &real).added.len(), 10);
    assert_eq!(diff_catalogs(&real, &empty).removed, ids(&real));
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z_/:@ ]{0,12}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        prop_oneof![
            Just("/icons/x.svg"),
            Just("javascript:alert(1)"),
            Just("//evil.com"),
            Just("true"),
            Just("enum"),
            Just("range"),
            Just("123"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop_oneof![
            Just("id".to_owned()),
            Just("name".to_owned()),
            Just("data".to_owned()),
            Just("meta".to_owned()),
            Just("error".to_owned()),
            Just("type".to_owned()),
            "[a-z_]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn arb_model() -> impl Strategy<Value = Value> {
    let fields = prop::sample::subsequence(
        vec![
            "id",
            "name",
            "description",
            "owned_by",
            "created",
            "capabilities",
            "architecture",
            "tags",
            "category",
            "icon_url",
            "pricing",
            "supported_parameters",
            "endpoints",
            "supports_streaming",
        ],
        0..=14,
    );
    (fields, prop::collection::vec(arb_json(), 14)).prop_map(|(fields, values)| {
        Value::Object(
            fields
                .into_iter()
                .zip(values)
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    })
}

proptest! {
    #[test]
    fn never_panics_on_strings(text in any::<String>()) {
        let _ = parse_catalog(&text, &ParseOptions::default());
    }

    #[test]
    fn never_panics_on_json_like_strings(text in r#"[\[\]{}":,0-9a-z\- ]{0,64}"#) {
        let _ = parse_catalog(&text, &ParseOptions::default());
    }

    #[test]
    fn never_panics_on_values(value in arb_json()) {
        let text = value.to_string();
        let from_text = parse_catalog(&text, &ParseOptions::default());
        let from_value = parse_catalog_value(value, &ParseOptions::default());
        prop_assert_eq!(from_text.is_ok(), from_value.is_ok());
    }

    #[test]
    fn catalog_shaped_values_always_parse(items in prop::collection::vec(arb_model(), 0..8)) {
        let count = items.len();
        let catalog = parse_catalog_value(json!({"object": "list", "data": items}), &ParseOptions::default());
        let catalog = match catalog {
            Ok(c) => c,
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        prop_assert!(catalog.models.len() <= count);
        for model in &catalog.models {
            prop_assert!(!model.id.is_empty());
            prop_assert!(!model.name.is_empty());
            if let Some(url) = &model.icon_url {
                prop_assert!(url.starts_with("https://") || url.starts_with("http://"));
            }
        }
        let diff = diff_catalogs(&catalog, &catalog);
        prop_assert!(diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty());
    }
}

proptest! {
    /// The catalog scan reads JSON as strictly as serde_json: a damaged catalog is
    /// `invalid_json` exactly when serde_json refuses it, and otherwise parses or is
    /// `invalid_catalog`.
    #[test]
    fn damaged_catalogs_are_invalid_json_exactly_when_serde_json_refuses_them(
        which in 0usize..3,
        cut in any::<prop::sample::Index>(),
        byte in prop::sample::select(&b"{}[]\",:\\ 0-e.ntu1"[..]),
        insert in any::<bool>(),
    ) {
        let text = [REAL, LEGACY_DOC, IMAGES_DOC][which];
        let mut bytes = text.as_bytes().to_vec();
        let at = cut.index(bytes.len() + 1);
        if insert {
            bytes.insert(at, byte);
        } else if at < bytes.len() {
            bytes.remove(at);
        }
        let Ok(damaged) = String::from_utf8(bytes) else { return Ok(()) };
        let serde_refuses = serde_json::from_str::<serde::de::IgnoredAny>(&damaged).is_err();
        let ours = parse_catalog(&damaged, &ParseOptions::default());
        prop_assert_eq!(
            matches!(ours, Err(Error::InvalidJson(_))),
            serde_refuses,
            "{:?}",
            ours.err()
        );
    }
}

#[test]
fn parse_model_says_what_was_passed_instead() {
    use nanogpt_image_controls::catalog::{parse_model, ParseOptions};
    let o = ParseOptions::default();
    let set = json!({"modelId": "m", "endpoint": "openai", "controls": [], "warnings": []});
    let e = parse_model(set, &o).unwrap_err().to_string();
    assert!(e.contains("control set (from deriveControls)"), "{e}");
    let e = parse_model(json!({"name": "no id"}), &o)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("not a model: the model id"), "{e}");
    assert!(!e.contains("skipped"), "{e}");
    assert_eq!(parse_model(json!({"id": "a"}), &o).unwrap().id, "a");
}
