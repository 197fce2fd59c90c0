//! Catalog-shaped JSON from fuzzer bytes.
//!
//! Raw JSON text mutation rarely reaches deep into derivation (a model needs the right key with a
//! value of the right shape), so the structured targets build values from a vocabulary: the keys
//! and descriptor fields the library reads, resolution tokens of every kind, and the numbers that
//! break naive code (`-0`, `1e308`, `2^53`, `u64::MAX`, numbers written as strings).

use arbitrary::{Result, Unstructured};
use serde_json::{Map, Number, Value};

use nanogpt_image_controls::controls::ControlSet;
use nanogpt_image_controls::Control;

/// `supported_parameters` keys the library knows, and some it must survive.
pub const PARAM_KEYS: &[&str] = &[
    "resolutions",
    "resolution",
    "aspect_ratio",
    "max_images",
    "max_output_images",
    "fixed_image_count",
    "n",
    "rendering_speed",
    "max_input_images",
    "input_image_constraints",
    "input_reference_constraints",
    "max_prompt_characters",
    "prompt_length",
    "loras",
    "style",
    "quality",
    "seed",
    "guidance_scale",
    "num_inference_steps",
    "strength",
    "watermark",
    "prompt",
    "model",
    "size",
    "images",
    "mask",
    "maskDataUrl",
    "imageDataUrl",
    "imageDataUrls",
    "input_references",
    "__proto__",
    "constructor",
    "toString",
    "",
    " ",
    "n ",
    "Size",
    "\u{202e}rtl",
    "ключ",
    "a\u{0}b",
];

/// Fields of descriptor objects and nested constraint objects.
pub const DESCRIPTOR_KEYS: &[&str] = &[
    "type",
    "values",
    "options",
    "default",
    "min",
    "max",
    "step",
    "label",
    "description",
    "value",
    "max_items",
    "route",
    "provider",
    "formats",
    "max_bytes",
    "min_width",
    "min_height",
    "max_width",
    "max_height",
    "status",
    "unit",
    "trim_whitespace",
    "multiline",
    "max_length",
    "maxLength",
    "url_fields",
];

/// Descriptor `type`s (and near misses).
pub const TYPES: &[&str] = &[
    "enum", "range", "select", "switch", "boolean", "number", "integer", "text", "string", "Enum",
    "",
];

/// Resolution tokens of every kind, edge cases included.
pub const TOKENS: &[&str] = &[
    "1024x1024",
    "1024*1024",
    "1024×1024",
    "1024X1024",
    "1536x1024",
    "1024x1536",
    "2048*2048",
    "1280*720",
    "1376x768",
    "1x1",
    "100000x1",
    "1x100000",
    "100000x100000",
    "1:1",
    "16:9",
    "9:16",
    "32:18",
    "2.35:1",
    "1:2.35",
    "0.0001:9999",
    "1k",
    "1K",
    "1.5k",
    "2k",
    "2K",
    "4k",
    "16k",
    "1080p",
    "720p",
    "8640p",
    "1mp",
    "1MP",
    "1000mp",
    "auto",
    "AUTO",
    "auto_2K",
    "auto_1.5k",
    "2x",
    "16x",
    "1.5X",
    "4×",
    "2",
    "16",
    "",
    " ",
    "0x0",
    "99999999x99999999",
    "1:0",
    "0:1",
    "-1:2",
    "NaN:1",
    "1e308:1",
    "0k",
    "0p",
    "17",
    "weird",
    "Weird",
    "🖼️",
    "\u{202e}1024x1024",
    "vivid",
    "natural",
    "fast",
    "quality",
    "true",
    "false",
    "4",
    "-0",
    "1e308",
    "0x10",
];

/// Numbers that break naive code.
pub const NUMBERS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    2.0,
    3.0,
    4.0,
    10.0,
    16.0,
    20.0,
    100.0,
    101.0,
    256.0,
    257.0,
    1000.0,
    1001.0,
    1e9,
    4_294_967_295.0,
    4_294_967_296.0,
    9_007_199_254_740_992.0,
    9e15,
    1.8446744073709552e19,
    1e308,
    f64::MAX,
    -1.0,
    -1e308,
    0.5,
    1.5,
    0.04,
    0.1,
    1e-9,
    5e-324,
    -5e-324,
    1_000_000.0,
    1_000_001.0,
];

/// Model ids of the shapes catalogs use, and hostile ones.
pub const IDS: &[&str] = &[
    "m",
    "flux-dev",
    "bytedance/seedream/v5/pro/edit",
    "runware:106@1",
    "Cropper",
    "some/model-edit",
    "x_edit",
    "__proto__",
    "constructor",
    "\u{202e}evil",
    "a\u{0}b",
    " padded ",
];

/// Values the form accepts, in every shape.
pub const FORM_STRINGS: &[&str] = &[
    "a lighthouse at dusk",
    "",
    "   ",
    "data:image/png;base64,AAAA",
    "data:image/jpeg;base64,/9j/AAAA==",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "data:text/plain;base64,AAAA",
    "data:image/png",
    "https://x.test/a/cat.png",
    "https://x.test/a/cat.gif?x=1",
    "http://x.test",
    "javascript:alert(1)",
    "//evil.test/a.png",
    "/relative.png",
    "true",
    "FALSE",
    " 4 ",
    "2.5",
    "1e3",
    "1e400",
    "NaN",
    "Infinity",
    "-0",
];

fn pick<'a>(u: &mut Unstructured, list: &[&'a str]) -> Result<&'a str> {
    Ok(*u.choose(list)?)
}

/// A JSON number (always finite: JSON has no NaN).
pub fn number(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=4)? {
        0 | 1 => finite(*u.choose(NUMBERS)?),
        2 => Value::from(u.int_in_range(-3i64..=300)?),
        3 => Value::from(u.arbitrary::<i64>()?),
        _ => finite(f64::from_bits(u.arbitrary()?)),
    })
}

fn finite(x: f64) -> Value {
    Number::from_f64(x).map_or(Value::from(0), Value::Number)
}

/// A string: a token, a key, a number written as text, arbitrary text or a long run.
pub fn string(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=9)? {
        0..=3 => pick(u, TOKENS)?.to_owned(),
        4 => pick(u, PARAM_KEYS)?.to_owned(),
        5 => pick(u, FORM_STRINGS)?.to_owned(),
        6 => number(u)?.to_string(),
        7 => {
            let unit = pick(u, &["a", "é", "𝕏", "\u{202e}", " ", "x", "1"])?;
            unit.repeat(u.int_in_range(0..=5000)?)
        }
        _ => u.arbitrary::<&str>()?.chars().take(64).collect(),
    })
}

fn scalar(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=5)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 | 3 => number(u)?,
        _ => Value::String(string(u)?),
    })
}

/// Any JSON value, biased towards catalog shapes; nesting limited by `depth`.
pub fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    if depth == 0 {
        return scalar(u);
    }
    Ok(match u.int_in_range(0..=9)? {
        0..=3 => scalar(u)?,
        4 | 5 => list(u, depth)?,
        6 => descriptor(u, depth)?,
        _ => {
            let mut map = Map::new();
            fill(u, &mut map, depth)?;
            Value::Object(map)
        }
    })
}

/// A typed descriptor with the fields its type reads (each usually present), plus strays.
fn descriptor(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let mut map = Map::new();
    let ty = pick(u, TYPES)?;
    map.insert("type".into(), Value::from(ty));
    let fields: &[&str] = match ty {
        "range" | "number" | "integer" => &["min", "max", "step", "default"],
        "enum" => &["values", "default", "label"],
        "select" => &["options", "default", "label"],
        "text" | "string" => &["default", "max_length", "multiline"],
        _ => &["default", "label", "description"],
    };
    for &field in fields {
        if u.ratio(3, 4)? {
            let v = match field {
                "values" | "options" => list(u, depth)?,
                "default" if u.arbitrary()? => number(u)?,
                "min" | "max" | "step" | "max_length" if u.ratio(5, 6)? => number(u)?,
                _ => value(u, depth.saturating_sub(1))?,
            };
            map.insert(field.to_owned(), v);
        }
    }
    if u.ratio(1, 4)? {
        fill(u, &mut map, depth)?;
    }
    Ok(Value::Object(map))
}

fn list(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let len = match u.int_in_range(0..=15)? {
        // Sometimes past MAX_OPTIONS (256).
        0 => u.int_in_range(200..=300)?,
        n => n as usize / 2,
    };
    let mut items = Vec::with_capacity(len);
    for _ in 0..len {
        if u.is_empty() {
            items.push(Value::from(pick(u, TOKENS)?));
            continue;
        }
        items.push(match u.int_in_range(0..=5)? {
            0..=2 => Value::from(pick(u, TOKENS)?),
            3 => {
                let mut o = Map::new();
                o.insert("value".into(), value(u, 0)?);
                if u.arbitrary()? {
                    o.insert("label".into(), Value::String(string(u)?));
                }
                Value::Object(o)
            }
            _ => value(u, depth - 1)?,
        });
    }
    Ok(Value::Array(items))
}

fn fill(u: &mut Unstructured, map: &mut Map<String, Value>, depth: u32) -> Result<()> {
    for _ in 0..u.int_in_range(0..=6)? {
        let key = if u.ratio(1, 4)? {
            pick(u, PARAM_KEYS)?
        } else {
            pick(u, DESCRIPTOR_KEYS)?
        };
        let v = match key {
            "min" | "max" | "step" | "max_items" | "max_bytes" | "min_width" | "max_width"
            | "min_height" | "max_height" | "max_length"
                if u.ratio(2, 3)? =>
            {
                number(u)?
            }
            "values" | "options" | "formats" if u.ratio(2, 3)? => list(u, depth)?,
            "status" => Value::from(pick(u, &["known", "unknown", ""])?),
            "unit" => Value::from(pick(
                u,
                &["unicode_code_points", "utf16_code_units", "bytes"],
            )?),
            _ => value(u, depth - 1)?,
        };
        map.insert(key.to_owned(), v);
    }
    Ok(())
}

/// One `supported_parameters` value for `key`, shaped like what the key usually holds.
fn param(u: &mut Unstructured, key: &str) -> Result<Value> {
    if u.ratio(1, 4)? {
        return value(u, 3);
    }
    Ok(match key {
        "resolutions" | "aspect_ratio" | "rendering_speed" => list(u, 2)?,
        "n"
        | "resolution"
        | "style"
        | "quality"
        | "seed"
        | "guidance_scale"
        | "steps"
        | "num_inference_steps"
        | "strength"
        | "watermark" => descriptor(u, 3)?,
        "max_images"
        | "max_output_images"
        | "fixed_image_count"
        | "max_input_images"
        | "max_prompt_characters" => {
            if u.ratio(1, 4)? {
                Value::String(number(u)?.to_string())
            } else {
                number(u)?
            }
        }
        _ => value(u, 3)?,
    })
}

/// Pricing in the shapes catalogs use (and some they do not).
pub fn pricing(u: &mut Unstructured) -> Result<Value> {
    Ok(match u.int_in_range(0..=6)? {
        0 => number(u)?,
        1 | 2 => {
            let mut per = Map::new();
            for _ in 0..u.int_in_range(0..=5)? {
                let v = match u.int_in_range(0..=5)? {
                    0 => Value::String(number(u)?.to_string()),
                    1 => {
                        let mut inner = Map::new();
                        for _ in 0..u.int_in_range(0..=3)? {
                            inner.insert(pick(u, TOKENS)?.to_owned(), number(u)?);
                        }
                        Value::Object(inner)
                    }
                    _ => number(u)?,
                };
                per.insert(pick(u, TOKENS)?.to_owned(), v);
            }
            let mut map = Map::new();
            map.insert("per_image".into(), Value::Object(per));
            if u.arbitrary()? {
                map.insert("currency".into(), scalar(u)?);
            }
            if u.ratio(1, 4)? {
                map.insert(pick(u, &["note", "lora", "per_lora"])?.into(), scalar(u)?);
            }
            Value::Object(map)
        }
        3 => {
            let mut items = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let mut o = Map::new();
                o.insert(
                    "billable".into(),
                    Value::from(pick(u, &["output_image", "input_image", ""])?),
                );
                o.insert(
                    "unit".into(),
                    Value::from(pick(u, &["image", "megapixel"])?),
                );
                o.insert("cost_usd".into(), number(u)?);
                if u.arbitrary()? {
                    o.insert("resolution".into(), Value::from(pick(u, TOKENS)?));
                }
                items.push(Value::Object(o));
            }
            Value::Array(items)
        }
        4 => {
            let mut map = Map::new();
            map.insert("per_image".into(), number(u)?);
            Value::Object(map)
        }
        _ => value(u, 3)?,
    })
}

/// A catalog item (snake_case, as the API sends it).
pub fn model(u: &mut Unstructured) -> Result<Value> {
    let mut m = Map::new();
    let id = if u.ratio(3, 4)? {
        Value::from(pick(u, IDS)?)
    } else {
        scalar(u)?
    };
    m.insert("id".into(), id);
    if u.arbitrary()? {
        m.insert("name".into(), scalar(u)?);
    }
    if u.arbitrary()? {
        let mut caps = Map::new();
        for flag in ["image_generation", "image_to_image", "inpainting", "nsfw"] {
            if u.arbitrary()? {
                let v = match u.int_in_range(0..=3)? {
                    0 => Value::Bool(true),
                    1 => Value::Bool(false),
                    2 => Value::from(pick(u, &["true", "FALSE", "yes"])?),
                    _ => scalar(u)?,
                };
                caps.insert(flag.into(), v);
            }
        }
        m.insert("capabilities".into(), Value::Object(caps));
    }
    if u.arbitrary()? {
        let modalities = if u.arbitrary()? {
            vec![Value::from("text"), Value::from("image")]
        } else {
            vec![Value::from("text")]
        };
        let mut arch = Map::new();
        arch.insert("input_modalities".into(), Value::Array(modalities));
        m.insert("architecture".into(), Value::Object(arch));
    }
    if u.ratio(1, 4)? {
        m.insert(
            "tags".into(),
            Value::Array(vec![Value::from(pick(
                u,
                &["text-to-image", "image-to-image", "edit"],
            )?)]),
        );
    }
    if u.ratio(1, 4)? {
        let icon = pick(
            u,
            &[
                "/icons/x.svg",
                "icons/x.svg",
                "https://cdn.test/a.png",
                "javascript:alert(1)",
                "data:image/svg+xml,<svg/onload=alert(1)>",
                "//evil.test/x.png",
                "/\\evil.test/x.png",
                "\\\\evil.test\\x.png",
                "https://a@evil.test/",
                " HTTPS://CDN.test/a.png ",
            ],
        )?;
        m.insert("icon_url".into(), Value::from(icon));
    }
    let mut params = Map::new();
    for _ in 0..u.int_in_range(0..=8)? {
        let key = if u.ratio(7, 8)? {
            pick(u, PARAM_KEYS)?.to_owned()
        } else {
            string(u)?
        };
        let v = param(u, &key)?;
        params.insert(key, v);
    }
    m.insert("supported_parameters".into(), Value::Object(params));
    if u.ratio(3, 4)? {
        m.insert("pricing".into(), pricing(u)?);
    }
    Ok(Value::Object(m))
}

/// A value aimed at one control: one of its options, a number near its bounds, an image…
fn value_for(u: &mut Unstructured, control: &Control) -> Result<Value> {
    if u.ratio(1, 3)? {
        return value(u, 2);
    }
    Ok(match control {
        Control::Select(c) | Control::Radio(c) => match u.choose(&c.options) {
            Ok(o) if u.ratio(3, 4)? => Value::from(o.value.as_str()),
            _ => Value::from(pick(u, TOKENS)?),
        },
        Control::Slider(s) => {
            let x = *u.choose(&[s.min, s.max, s.default, s.min - 1.0, s.max + 1.0, 0.5])?;
            if u.ratio(1, 4)? {
                Value::String(finite(x).to_string())
            } else {
                finite(x)
            }
        }
        Control::Number(_) => number(u)?,
        Control::Toggle(_) => Value::Bool(u.arbitrary()?),
        Control::Text(t) => match t.max_length {
            Some(max) if u.arbitrary()? => {
                let n = (max as usize)
                    .saturating_add(u.int_in_range(0..=2)?)
                    .min(20_000);
                Value::String(pick(u, &["a", "𝕏", "é"])?.repeat(n))
            }
            _ => Value::from(pick(u, FORM_STRINGS)?),
        },
        Control::Images(_) | Control::Mask(_) => {
            let mut items = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                let item = if u.arbitrary()? {
                    Value::from(pick(u, FORM_STRINGS)?)
                } else {
                    let mut o = Map::new();
                    o.insert("dataUrl".into(), Value::from(pick(u, FORM_STRINGS)?));
                    for k in ["bytes", "width", "height"] {
                        if u.arbitrary()? {
                            o.insert(k.into(), number(u)?);
                        }
                    }
                    if u.arbitrary()? {
                        o.insert(
                            "type".into(),
                            Value::from(pick(u, &["image/png", "text/html", ""])?),
                        );
                    }
                    Value::Object(o)
                };
                items.push(item);
            }
            if items.len() == 1 && u.arbitrary()? {
                items.pop().unwrap_or(Value::Null)
            } else {
                Value::Array(items)
            }
        }
        Control::Fixed(f) => {
            if u.arbitrary()? {
                f.value.to_serde()
            } else {
                number(u)?
            }
        }
    })
}

/// Form values for a control set: mostly its ids with values aimed at each control, plus
/// strays (ids it lacks, prototype keys).
/// Form values (as the library takes them: its own JSON tree).
pub fn values(
    u: &mut Unstructured,
    controls: &ControlSet,
) -> Result<nanogpt_image_controls::form::Values> {
    let mut out = Map::new();
    for control in &controls.controls {
        if u.ratio(3, 4)? {
            out.insert(control.id().to_owned(), value_for(u, control)?);
        }
    }
    for _ in 0..u.int_in_range(0..=2)? {
        let key = pick(u, PARAM_KEYS)?.to_owned();
        out.insert(key, value(u, 2)?);
    }
    Ok(out.into())
}

/// Models from fuzzer bytes: when the bytes are a catalog in JSON (the seeds are the fixture
/// catalogs, and mutations of them), its first `n` models; otherwise `n` generated ones.
/// The returned `Unstructured` supplies the rest (values, endpoint) from the same bytes.
pub fn models(data: &[u8], n: usize) -> (Vec<nanogpt_image_controls::Model>, Unstructured<'_>) {
    use nanogpt_image_controls::catalog::{parse_catalog, parse_catalog_value, ParseOptions};
    let options = ParseOptions::default();
    let json = data
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['));
    if json {
        let text = String::from_utf8_lossy(data);
        if let Ok(catalog) = parse_catalog(&text, &options) {
            let models = catalog.models.into_iter().take(n).collect();
            // Entropy for the values: the tail of the text, which mutations change most.
            let tail = data.len().saturating_sub(64);
            return (models, Unstructured::new(data.get(tail..).unwrap_or(&[])));
        }
    }
    let mut u = Unstructured::new(data);
    let mut items = Vec::new();
    for _ in 0..n {
        match model(&mut u) {
            Ok(m) => items.push(m),
            Err(_) => break,
        }
    }
    let models = parse_catalog_value(Value::Array(items), &options)
        .map(|c| c.models)
        .unwrap_or_default();
    (models, u)
}
