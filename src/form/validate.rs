//! Checking values against controls.

use crate::json::{OwnedMap as Map, OwnedValue as Value};

use super::images::{self, ImageProblem};
use super::text::{fmt_byte_count, fmt_bytes, fmt_num, list_or, one, plural, put, quote_value};
use super::{as_bool, as_number, is_unset, match_option, FieldError, Values};
use crate::controls::{Choice, Control, ControlSet, Images, NumberInput, Slider, Text};

/// Builds a [`FieldError`] for `control`.
fn error(control: &Control, code: &str, message: String, params: Map) -> FieldError {
    let base = control.base();
    FieldError {
        id: base.id.to_string(),
        field: base.field.to_string(),
        code: code.to_owned(),
        message,
        message_key: format!("error.{code}"),
        params,
    }
}

/// `e` with the translation key of one of its code's sentences, `error.<code>_<variant>`.
fn keyed(mut e: FieldError, variant: &str) -> FieldError {
    e.message_key = format!("error.{}_{variant}", e.code);
    e
}

/// An object of two fields (see [`put`]).
fn two(a: &str, x: Value, b: &str, y: Value) -> Map {
    let mut map = one(a, x);
    put(&mut map, b, y);
    map
}

/// Checks one control's value, appending its errors to `out`.
pub(crate) fn check(control: &Control, value: Option<&Value>, out: &mut Vec<FieldError>) {
    let label = control.base().label.as_ref();
    let required = control.base().required;
    let value = value.filter(|v| !is_unset(control, v));
    let Some(value) = value else {
        match control {
            Control::Images(c) if required || c.min_items > 0 => out.push(too_few(control, c, 0)),
            Control::Fixed(_) => {}
            _ if required => out.push(error(
                control,
                "required",
                format!("{label} is required."),
                Map::new(),
            )),
            _ => {}
        }
        return;
    };
    match control {
        Control::Text(c) => check_text(control, c, value, out),
        Control::Select(c) | Control::Radio(c) => check_choice(control, c, value, out),
        Control::Slider(c) => check_number(control, value, Bounds::slider(c), out),
        Control::Number(c) => check_number(control, value, Bounds::number(c), out),
        Control::Toggle(_) => {
            if as_bool(value).is_none() {
                out.push(wrong_type(
                    control,
                    "boolean",
                    "on or off (true or false)",
                    value,
                ));
            }
        }
        Control::Images(c) => check_images(control, c, value, out),
        Control::Mask(m) => {
            if matches!(value, Value::Array(_)) {
                out.push(wrong_type(control, "image", "one image", value));
            } else {
                check_image(control, None, m.max_bytes, None, value, 0, out);
            }
        }
        // A fixed value is never sent, so nothing the user gives can be wrong.
        Control::Fixed(_) => {}
    }
}

/// A `wrong_type` error keyed `error.wrong_type_<variant>` (what was expected); `got` names the
/// JSON type given (`string`, `number`, `boolean`, `array`, `object`, `null`).
fn wrong_type(control: &Control, variant: &str, expected: &str, got: &Value) -> FieldError {
    let label = &control.base().label;
    let (what, kind) = match got {
        Value::String(_) => ("text", "string"),
        Value::Number(_) => ("a number", "number"),
        Value::Bool(_) => ("true or false", "boolean"),
        Value::Array(_) => ("a list", "array"),
        Value::Object(_) => ("an object", "object"),
        Value::Null => ("nothing", "null"),
    };
    let e = error(
        control,
        "wrong_type",
        format!("{label} must be {expected}, not {what}."),
        two("expected", Value::from(expected), "got", Value::from(kind)),
    );
    keyed(e, variant)
}

/// The length of `s` in the catalog's unit (code points unless it says UTF-16).
pub(crate) fn text_length(s: &str, unit: Option<&str>) -> usize {
    match unit {
        Some("utf16_code_units") => s.encode_utf16().count(),
        _ => s.chars().count(),
    }
}

/// What a text control's length limit measures, and the limit: without leading and trailing
/// whitespace when the server trims it (`trimWhitespace`; JavaScript's `trim()`), against
/// `maxLength`; but the whole text against [`MAX_TEXT_LENGTH`](crate::form::MAX_TEXT_LENGTH)
/// when the whole is longer than that (the library's own cap holds for what it would send).
pub(crate) fn measured<'a>(c: &Text, s: &'a str) -> (&'a str, u32) {
    let max = text_limit(c);
    if !c.trim_whitespace {
        return (s, max);
    }
    let cap = crate::form::MAX_TEXT_LENGTH;
    if !within(s, cap, c.length_unit.as_deref()) {
        return (s, cap);
    }
    (trimmed(c, s), max)
}

/// `s` without what the server trims (`trimWhitespace`: leading and trailing whitespace, as
/// JavaScript's `trim()` removes it), else all of `s`.
pub(crate) fn trimmed<'a>(c: &Text, s: &'a str) -> &'a str {
    if c.trim_whitespace {
        s.trim_matches(js_whitespace)
    } else {
        s
    }
}

/// Whether a text is blank (nothing but whitespace, as JavaScript's `trim()` sees it).
pub(crate) fn blank(s: &str) -> bool {
    s.trim_matches(js_whitespace).is_empty()
}

/// Whether `s` is at most `max` long in `unit`. Both units count at most one per UTF-8 byte:
/// a string of at most `max` bytes needs no counting.
pub(crate) fn within(s: &str, max: u32, unit: Option<&str>) -> bool {
    s.len() <= max as usize || text_length(s, unit) <= max as usize
}

/// What JavaScript's `String.prototype.trim` removes: Unicode White_Space except U+0085, plus
/// U+FEFF.
fn js_whitespace(ch: char) -> bool {
    (ch.is_whitespace() && ch != '\u{85}') || ch == '\u{feff}'
}

/// The longest text a text control accepts: its `maxLength`, never more than
/// [`MAX_TEXT_LENGTH`](crate::form::MAX_TEXT_LENGTH).
pub(crate) fn text_limit(c: &Text) -> u32 {
    c.max_length.map_or(crate::form::MAX_TEXT_LENGTH, |m| {
        m.min(crate::form::MAX_TEXT_LENGTH)
    })
}

fn check_text(control: &Control, c: &Text, value: &Value, out: &mut Vec<FieldError>) {
    let label = &c.base.label;
    let Value::String(s) = value else {
        out.push(wrong_type(control, "text", "text", value));
        return;
    };
    if c.base.required && blank(s) {
        out.push(error(
            control,
            "required",
            format!("{label} is required."),
            Map::new(),
        ));
        return;
    }
    let (s, max) = measured(c, s);
    // Both units count at most one per UTF-8 byte: short strings need no counting.
    if s.len() <= max as usize {
        return;
    }
    let length = text_length(s, c.length_unit.as_deref());
    if length > max as usize {
        let unit = c.length_unit.as_deref().unwrap_or("unicode_code_points");
        out.push(error(
            control,
            "too_long",
            format!(
                "{label} is too long: {} of at most {} characters.",
                fmt_num(length as f64),
                fmt_num(f64::from(max))
            ),
            {
                let mut p = two("max", Value::from(max), "length", Value::from(length));
                put(&mut p, "unit", Value::from(unit));
                p
            },
        ));
    }
}

fn check_choice(control: &Control, c: &Choice, value: &Value, out: &mut Vec<FieldError>) {
    if matches!(value, Value::Array(_) | Value::Object(_)) {
        out.push(wrong_type(control, "option", "one of the options", value));
    } else if match_option(&c.options, value).is_none() {
        out.push(error(
            control,
            "not_allowed",
            format!(
                "{}: {} is not one of the options.",
                c.base.label,
                quote_value(value)
            ),
            one("value", short(value)),
        ));
    }
}

/// A value for `params`: strings cut to 40 characters, other values as they are shown.
pub(crate) fn short(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::from(s.chars().take(40).collect::<String>()),
        Value::Number(_) => value.clone(),
        other => Value::from(quote_value(other)),
    }
}

/// Bounds of a numeric control.
pub(crate) struct Bounds {
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
}

impl Bounds {
    /// The bounds of a slider or number input.
    pub(crate) fn of(control: &Control) -> Option<Bounds> {
        match control {
            Control::Slider(c) => Some(Bounds::slider(c)),
            Control::Number(c) => Some(Bounds::number(c)),
            _ => None,
        }
    }

    /// Whether `x` is within `min` and `max` (what `out_of_range` checks).
    pub(crate) fn contains(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m) && self.max.is_none_or(|m| x <= m)
    }

    fn slider(c: &Slider) -> Bounds {
        Bounds {
            min: Some(c.min),
            max: Some(c.max),
            integer: c.base.id == "n" || (c.step >= 1.0 && c.step.fract() == 0.0),
        }
    }

    fn number(c: &NumberInput) -> Bounds {
        Bounds {
            min: c.min,
            max: c.max,
            integer: c.base.id == "n" || c.step.is_some_and(|s| s >= 1.0 && s.fract() == 0.0),
        }
    }
}

fn check_number(control: &Control, value: &Value, bounds: Bounds, out: &mut Vec<FieldError>) {
    let label = &control.base().label;
    let Some(x) = as_number(value) else {
        out.push(wrong_type(control, "number", "a number", value));
        return;
    };
    if bounds.integer && x.fract() != 0.0 {
        out.push(error(
            control,
            "not_integer",
            format!("{label} must be a whole number, not {}.", fmt_num(x)),
            one("value", Value::from(x)),
        ));
        return;
    }
    if bounds.contains(x) {
        return;
    }
    let message = match (bounds.min, bounds.max) {
        (Some(lo), Some(hi)) => format!(
            "{label} must be between {} and {}, not {}.",
            fmt_num(lo),
            fmt_num(hi),
            fmt_num(x)
        ),
        (Some(lo), None) => format!(
            "{label} must be at least {}, not {}.",
            fmt_num(lo),
            fmt_num(x)
        ),
        (None, Some(hi)) => format!(
            "{label} must be at most {}, not {}.",
            fmt_num(hi),
            fmt_num(x)
        ),
        (None, None) => format!("{label} is out of range."),
    };
    let mut p = one("value", Value::from(x));
    if let Some(lo) = bounds.min {
        put(&mut p, "min", Value::from(lo));
    }
    if let Some(hi) = bounds.max {
        put(&mut p, "max", Value::from(hi));
    }
    let e = error(control, "out_of_range", message, p);
    out.push(match (bounds.min, bounds.max) {
        (Some(_), None) => keyed(e, "min"),
        (None, Some(_)) => keyed(e, "max"),
        _ => e,
    });
}

/// A mask marks what to repaint in the input image: with a mask and no image there is nothing to
/// repaint, so the images control gets a `required` error (`error.required_mask`) unless it or
/// the mask has an error already. Checked after every control.
pub(crate) fn mask_needs_image(controls: &ControlSet, values: &Values, out: &mut Vec<FieldError>) {
    let set = |id: &str| {
        let control = controls.get(id)?;
        let value = values.get(id).filter(|v| !is_unset(control, v));
        Some((control, value))
    };
    let Some((_, Some(_))) = set("mask") else {
        return;
    };
    let Some((images, given)) = set("images") else {
        return;
    };
    let none = given.is_none_or(|v| images::items(Some(v)).is_ok_and(|items| items.is_empty()));
    if none && !out.iter().any(|e| e.id == "images" || e.id == "mask") {
        let message = format!(
            "{}: an image to apply the mask to is required.",
            images.base().label
        );
        out.push(keyed(
            error(images, "required", message, Map::new()),
            "mask",
        ));
    }
}

fn too_few(control: &Control, c: &Images, count: usize) -> FieldError {
    let min = c.min_items.max(1);
    let e = error(
        control,
        "required",
        format!(
            "{}: at least {} required.",
            c.base.label,
            plural(u64::from(min), "image is", "images are")
        ),
        two("min", Value::from(min), "count", Value::from(count)),
    );
    keyed(e, "images")
}

fn check_images(control: &Control, c: &Images, value: &Value, out: &mut Vec<FieldError>) {
    let Ok(items) = images::items(Some(value)) else {
        out.push(wrong_type(
            control,
            "images",
            "an image or a list of images",
            value,
        ));
        return;
    };
    if items.len() < c.min_items as usize || (items.is_empty() && c.base.required) {
        out.push(too_few(control, c, items.len()));
    }
    if items.len() > c.max_items as usize {
        out.push(error(
            control,
            "too_many_items",
            format!(
                "{}: at most {} allowed, not {}.",
                c.base.label,
                plural(u64::from(c.max_items), "image is", "images are"),
                items.len()
            ),
            two(
                "max",
                Value::from(c.max_items),
                "count",
                Value::from(items.len()),
            ),
        ));
    }
    for (i, item) in items.iter().enumerate() {
        check_input(control, c, item, i, out);
    }
}

/// Checks one input image against the images control `c`.
pub(crate) fn check_item(control: &Control, c: &Images, item: &Value, out: &mut Vec<FieldError>) {
    check_input(control, c, item, 0, out);
}

/// Checks input image `index` against the images control `c`.
fn check_input(
    control: &Control,
    c: &Images,
    item: &Value,
    index: usize,
    out: &mut Vec<FieldError>,
) {
    let formats = c.formats.as_deref();
    check_image(control, Some(c), c.max_bytes, formats, item, index, out);
}

/// Checks one image against the constraints of `c` (none for a mask) and `max_bytes`.
fn check_image(
    control: &Control,
    c: Option<&Images>,
    max_bytes: Option<f64>,
    formats: Option<&[String]>,
    item: &Value,
    index: usize,
    out: &mut Vec<FieldError>,
) {
    let label = &control.base().label;
    let position = index + 1;
    let at =
        |[(key, value)]: [(&str, Value); 1]| two("position", Value::from(position), key, value);
    let info = match images::read(item) {
        Ok(info) => info,
        Err(ImageProblem::WrongType) => {
            let e = error(
                control,
                "wrong_type",
                format!("{label}: image {position} must be a URL or an image object."),
                at([("expected", Value::from("image"))]),
            );
            out.push(keyed(e, "image_item"));
            return;
        }
        Err(ImageProblem::NotUrl) => {
            let e = error(
                control,
                "bad_format",
                format!("{label}: image {position} is not a data URL or an http(s) URL."),
                at([("format", Value::from("url"))]),
            );
            out.push(keyed(e, "url"));
            return;
        }
        Err(ImageProblem::NotImage(mime)) => {
            let e = error(
                control,
                "bad_format",
                format!("{label}: image {position} is not an image ({mime})."),
                at([("format", Value::from(mime))]),
            );
            out.push(keyed(e, "not_image"));
            return;
        }
    };
    if let (Some(formats), Some(format)) = (formats, info.format) {
        if !formats.is_empty() && !formats.iter().any(|f| images::same_format(f, format)) {
            let mut p = at([("format", Value::from(format))]);
            let allowed: Vec<String> = formats.iter().map(|f| f.to_ascii_uppercase()).collect();
            put(&mut p, "allowed", Value::from(allowed.join(", ")));
            out.push(error(
                control,
                "bad_format",
                format!(
                    "{label}: image {position} must be {}, not {}.",
                    list_or(formats),
                    format.to_ascii_uppercase()
                ),
                p,
            ));
            return;
        }
    }
    if let (Some(max), Some(bytes)) = (max_bytes, info.bytes) {
        // Precision loss only above 2^53 bytes.
        #[allow(clippy::cast_precision_loss)]
        let too_big = bytes as f64 > max;
        if too_big {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let max_u = max.max(0.0) as u64;
            let mut p = at([("bytes", Value::from(bytes))]);
            put(&mut p, "maxBytes", Value::from(max_u));
            // Exact counts where the rounded ones read alike ("2.9 MB of at most 2.9 MB").
            let (got, most) = match (fmt_bytes(bytes), fmt_bytes(max_u)) {
                (a, b) if a == b => (fmt_byte_count(bytes), fmt_byte_count(max_u)),
                pair => pair,
            };
            out.push(error(
                control,
                "too_large",
                format!("{label}: image {position} is too large: {got} of at most {most}."),
                p,
            ));
            return;
        }
    }
    let Some(c) = c else {
        return;
    };
    let dims = [
        ("width", info.width, c.min_width, c.max_width),
        ("height", info.height, c.min_height, c.max_height),
    ];
    for (name, got, lo, hi) in dims {
        let Some(got) = got else { continue };
        let small = lo.is_some_and(|lo| got < f64::from(lo));
        let big = hi.is_some_and(|hi| got > f64::from(hi));
        if small || big {
            let (word, bound) = if small {
                ("at least", lo)
            } else {
                ("at most", hi)
            };
            let bound = bound.unwrap_or(0);
            let mut p = at([(name, Value::from(got))]);
            let side = if small { "min" } else { "max" };
            put(&mut p, side, Value::from(bound));
            let e = error(
                control,
                "out_of_range",
                format!(
                    "{label}: image {position} is {} pixels {}; it must be {word} {}.",
                    fmt_num(got),
                    if name == "width" { "wide" } else { "high" },
                    fmt_num(f64::from(bound))
                ),
                p,
            );
            out.push(keyed(e, &format!("image_{name}_{side}")));
            return;
        }
    }
}
