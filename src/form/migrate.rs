//! Carrying values across a model switch.

use std::borrow::Cow;

use crate::json::{OwnedMap as Map, OwnedValue as Value};

use super::text::{fmt_num, num_value, plural, quote_value};
use super::validate::{self, short};
use super::{
    as_bool, as_number, default_of, images, is_unset, match_option, validate_values, Change,
    Migration, Values,
};
use crate::controls::{Choice, Control, ControlSet, Images, Text};
use crate::resolution::{nearest, parse_resolution, Resolution};

/// Why a value changed: the English text, its translation key and the key's parameters.
struct Reason {
    text: String,
    key: String,
    params: Map,
}

/// A [`Reason`] keyed `change.<key>`, with parameters shown as in messages ([`short`]).
fn reason(text: String, key: &str, params: &[(&str, &Value)]) -> Reason {
    Reason {
        text,
        key: format!("change.{key}"),
        params: params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), short(v)))
            .collect(),
    }
}

/// The new value of one control and, when it differs from the old one, why.
struct Outcome {
    value: Option<Value>,
    reason: Option<Reason>,
}

impl Outcome {
    fn keep(value: &Value) -> Outcome {
        Outcome {
            value: Some(value.clone()),
            reason: None,
        }
    }

    fn set(value: Option<Value>, reason: Reason) -> Outcome {
        Outcome {
            value,
            reason: Some(reason),
        }
    }
}

/// How a default reads in a reason: the key suffix and, for an ordinary value, the value.
fn default_shown(value: Option<&Value>) -> (&'static str, Option<&Value>) {
    match value {
        None => ("cleared", None),
        Some(Value::Array(a)) if a.is_empty() => ("none", None),
        Some(Value::String(s)) if s.is_empty() => ("provider_default", None),
        Some(v) => ("default", Some(v)),
    }
}

fn change(id: &str, from: Value, to: Value, reason: Reason) -> Change {
    Change {
        id: id.to_owned(),
        from,
        to,
        reason: reason.text,
        reason_key: reason.key,
        params: reason.params,
    }
}

pub(crate) fn migrate(from: &ControlSet, to: &ControlSet, values: &Values) -> Migration {
    let mut out = Values::new();
    let mut changes = Vec::new();
    for control in &to.controls {
        let id = control.id();
        let old = values.get(id).filter(|v| !is_unset(control, v));
        let outcome = match old {
            // An advanced value at its old control's stated default was never sent (the
            // provider's own default applied): it takes the new control's default as an unset
            // value would, not a value the new model would send though nobody chose it.
            Some(old)
                if at_advanced_default(from.get(id), old)
                    && default_of(control).as_ref() != Some(old) =>
            {
                added(control, values, false)
            }
            Some(old) => carry(from.get(id), control, old, values),
            // Silent when the old model had the control and the values left it unset, unless
            // the value was `""` chosen from the old control's options (its provider default): a
            // choice the new model may not offer.
            None => added(
                control,
                values,
                from.get(id)
                    .is_some_and(|old| !chose_empty_option(old, values.get(id))),
            ),
        };
        if let Some(reason) = outcome.reason {
            changes.push(change(
                id,
                values.get(id).cloned().unwrap_or(Value::Null),
                outcome.value.clone().unwrap_or(Value::Null),
                reason,
            ));
        }
        if let Some(v) = outcome.value {
            out.insert(id.to_owned(), v);
        }
    }
    for (id, old) in values {
        // Nothing is lost with a value that was not set (`null`, `""`, no images).
        let empty = match old {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if to.get(id).is_none() && !empty {
            let label = from
                .get(id)
                .map_or(id.as_ref(), |c| c.base().label.as_ref());
            let text = format!("{label} is not available for this model.");
            changes.push(change(
                id,
                old.clone(),
                Value::Null,
                reason(text, "not_available", &[]),
            ));
        }
    }
    // Safety net: whatever still fails validation goes back to the default.
    for error in validate_values(to, &out) {
        let Some(control) = to.get(&error.id) else {
            continue;
        };
        let may_stay =
            error.code == "required" && matches!(control, Control::Text(_) | Control::Images(_));
        if may_stay {
            continue;
        }
        let default = default_of(control);
        let text = format!(
            "{} was reset to the default: {}",
            control.base().label,
            error.message
        );
        let mut why = reason(
            text,
            "reset",
            &[("errorKey", &Value::from(error.message_key))],
        );
        why.params.extend(error.params);
        match changes.iter_mut().find(|c| c.id == error.id) {
            Some(c) => {
                c.to = default.clone().unwrap_or(Value::Null);
                c.reason = why.text;
                c.reason_key = why.key;
                c.params = why.params;
            }
            None => changes.push(change(
                &error.id,
                out.get(&error.id).cloned().unwrap_or(Value::Null),
                default.clone().unwrap_or(Value::Null),
                why,
            )),
        }
        match default {
            Some(v) => out.insert(error.id, v),
            None => out.remove(&error.id),
        };
    }
    Migration {
        values: out,
        changes,
    }
}

/// Whether `value` is the stated default of the advanced `control`, which `buildRequest` does
/// not send (exactly the value `defaultValues` gives it).
fn at_advanced_default(control: Option<&Control>, value: &Value) -> bool {
    control.is_some_and(|c| c.base().advanced && default_of(c).as_ref() == Some(value))
}

/// Whether `value` is `""` picked from `control`'s options (a select or radio offering `""`).
fn chose_empty_option(control: &Control, value: Option<&Value>) -> bool {
    matches!(value, Some(Value::String(s)) if s.is_empty())
        && matches!(control, Control::Select(c) | Control::Radio(c)
            if c.options.iter().any(|o| o.value.is_empty()))
}

/// A control the values had nothing for: its default, or a better guess from related values.
///
/// Noted only when something appears: not for a control the old model had too (the values just
/// left it unset, and it stays at its default, or unset when advanced), nor for an empty default
/// (no images, no prompt).
fn added(control: &Control, values: &Values, had: bool) -> Outcome {
    let label = &control.base().label;
    // A model with a separate aspect-ratio control: take the ratio of the old resolution.
    if let (Control::Select(c) | Control::Radio(c), Some(Value::String(res))) =
        (control, values.get("resolution"))
    {
        if control.id() == "aspect_ratio" {
            // The shape: the size's own ratio (`1792x1024`: `7:4`) where an option has it, else
            // the common ratio it is near (`16:9`).
            let r = parse_resolution(res);
            let found = [r.aspect, r.common_aspect]
                .into_iter()
                .flatten()
                .find_map(|aspect| c.options.iter().find(|o| option_aspect(o) == Some(&aspect)));
            if let Some(o) = found {
                let to = Value::from(o.value.as_str());
                let text = format!(
                    "{label} set to {}, the shape of the previous resolution.",
                    o.value
                );
                let why = reason(text, "aspect_from_resolution", &[("to", &to)]);
                return Outcome::set(Some(to), why);
            }
        }
    }
    let value = default_of(control);
    match &value {
        // An advanced control the values left unset stays unset: at its default it would be
        // sent (`buildRequest` sends what the values hold), though nobody chose it.
        _ if had && control.base().advanced => Outcome {
            value: None,
            reason: None,
        },
        _ if had => Outcome {
            value,
            reason: None,
        },
        // A prompt the values lacked stays empty, and an image list empty, without a note.
        Some(Value::String(s)) if s.is_empty() && matches!(control, Control::Text(_)) => Outcome {
            value,
            reason: None,
        },
        Some(Value::Array(a)) if a.is_empty() => Outcome {
            value,
            reason: None,
        },
        Some(v) => {
            let text = format!("{label} set to the default for this model, {}.", shown(v));
            let (suffix, default) = default_shown(Some(v));
            let key = format!("added_{suffix}");
            let why = match default {
                Some(d) => reason(text, &key, &[("default", d)]),
                None => reason(text, &key, &[]),
            };
            Outcome::set(value, why)
        }
        None => Outcome {
            value,
            reason: None,
        },
    }
}

fn option_aspect(o: &crate::controls::ControlOption) -> Option<&String> {
    o.resolution.as_ref().and_then(|r| r.aspect.as_ref())
}

fn shown(v: &Value) -> String {
    match v {
        Value::Array(a) if a.is_empty() => "none".to_owned(),
        Value::String(s) if s.is_empty() => "the provider's default".to_owned(),
        v => quote_value(v),
    }
}

/// The default, explained by `why` (a clause such as `"2K" is not available`), keyed
/// `change.<key>_<default|provider_default|none|cleared>`; `old` is the value's parameter.
fn to_default(control: &Control, why: &str, key: &str, old: Option<&Value>) -> Outcome {
    let label = &control.base().label;
    let value = default_of(control);
    // An empty text default (the prompt's) is no provider default: the field is just cleared.
    let empty_text =
        matches!(control, Control::Text(_)) && value.as_ref() == Some(&Value::from(""));
    let text = match &value {
        Some(v) if !empty_text => format!("{label}: {why}; using the default, {}.", shown(v)),
        _ => format!("{label}: {why}; cleared."),
    };
    let (suffix, default) = if empty_text {
        ("cleared", None)
    } else {
        default_shown(value.as_ref())
    };
    let mut why = reason(text, &format!("{key}_{suffix}"), &[]);
    for (name, v) in [("value", old), ("default", default)] {
        if let Some(v) = v {
            why.params.insert(name.to_owned(), short(v));
        }
    }
    Outcome::set(value, why)
}

fn carry(
    old_control: Option<&Control>,
    control: &Control,
    old: &Value,
    values: &Values,
) -> Outcome {
    match control {
        Control::Text(c) => carry_text(control, c, old),
        Control::Select(c) | Control::Radio(c) => carry_choice(control, c, old, values),
        Control::Slider(_) | Control::Number(_) => carry_number(old_control, control, old),
        Control::Toggle(_) => match as_bool(old) {
            Some(_) if old.is_boolean() => Outcome::keep(old),
            Some(b) => {
                let text = format!("{} {} read as {b}.", control.base().label, quote_value(old));
                let to = Value::Bool(b);
                let why = reason(text, "read_as_boolean", &[("value", old), ("to", &to)]);
                Outcome::set(Some(to), why)
            }
            None => to_default(
                control,
                &format!("{} is not on or off", quote_value(old)),
                "not_on_off",
                Some(old),
            ),
        },
        Control::Fixed(c) => {
            if old == &c.value {
                Outcome::keep(old)
            } else {
                let text = format!(
                    "{} is fixed at {} for this model.",
                    c.base.label,
                    quote_value(&c.value)
                );
                let why = reason(text, "fixed", &[("value", old), ("to", &c.value)]);
                Outcome::set(Some(c.value.clone()), why)
            }
        }
        Control::Images(c) => carry_images(control, c, old),
        Control::Mask(_) => {
            let mut errors = Vec::new();
            validate::check(control, Some(old), &mut errors);
            if errors.is_empty() {
                Outcome::keep(old)
            } else {
                let text = format!(
                    "{} cannot be used with this model and was removed.",
                    control.base().label
                );
                Outcome::set(None, reason(text, "mask_removed", &[]))
            }
        }
    }
}

fn carry_text(control: &Control, c: &Text, old: &Value) -> Outcome {
    let Value::String(s) = old else {
        let why = format!("{} is not text", quote_value(old));
        return to_default(control, &why, "not_text", Some(old));
    };
    let unit = c.length_unit.as_deref();
    let (counted, max) = validate::measured(c, s);
    if validate::within(counted, max, unit) {
        return Outcome::keep(old);
    }
    // Past the library's cap `measured` counts the whole text; what is kept is still the text
    // the server counts (trimmed), cut to the model's own limit. When trimming alone brings it
    // under that limit, the cap is what it was shortened to.
    let limit = validate::text_limit(c);
    let kept = validate::trimmed(c, s);
    let (cut, max) = if validate::within(kept, limit, unit) {
        (kept, crate::form::MAX_TEXT_LENGTH)
    } else {
        (truncate(kept, limit as usize, unit), limit)
    };
    let text = format!(
        "{} shortened to {} characters, the most this model accepts.",
        c.base.label,
        fmt_num(f64::from(max))
    );
    let why = reason(text, "shortened", &[("max", &Value::from(max))]);
    Outcome::set(Some(Value::from(cut)), why)
}

/// The longest prefix of `s` at most `max` long in `unit`, never splitting a character.
fn truncate<'a>(s: &'a str, max: usize, unit: Option<&str>) -> &'a str {
    let end = if unit == Some("utf16_code_units") {
        let mut n = 0;
        s.char_indices()
            .find(|(_, ch)| {
                n += ch.len_utf16();
                n > max
            })
            .map(|(i, _)| i)
    } else {
        s.char_indices().nth(max).map(|(i, _)| i)
    };
    end.and_then(|i| s.get(..i)).unwrap_or(s)
}

fn carry_choice(control: &Control, c: &Choice, old: &Value, values: &Values) -> Outcome {
    let label = &c.base.label;
    if let Some(o) = match_option(&c.options, old) {
        if old.as_str() == Some(o.value.as_str()) {
            return Outcome::keep(old);
        }
        let to = Value::from(o.value.as_str());
        let shown = quote_value(old);
        // A number or boolean that reads as the option (`30` for "30", once a number input
        // became a list of numbers) is the same choice: nothing to tell the user.
        if shown == o.value {
            return Outcome {
                value: Some(to),
                reason: None,
            };
        }
        let text = format!("{label} {shown} is written {} for this model.", o.value);
        let why = reason(text, "respelled", &[("value", old), ("to", &to)]);
        return Outcome::set(Some(to), why);
    }
    let why = format!("{} is not available", quote_value(old));
    let Value::String(token) = old else {
        return to_default(control, &why, "not_an_option", Some(old));
    };
    let resolutions: Vec<Cow<'_, Resolution>> = c
        .options
        .iter()
        .map(|o| match &o.resolution {
            Some(r) => Cow::Borrowed(r),
            None => Cow::Owned(parse_resolution(&o.value)),
        })
        .collect();
    let is_resolution =
        c.base.id == "resolution" || c.options.iter().any(|o| o.resolution.is_some());
    if is_resolution && !token.is_empty() {
        let candidates: Vec<&Resolution> = resolutions.iter().map(AsRef::as_ref).collect();
        let mut target = parse_resolution(token);
        // A tier with the old model's separate aspect ratio (`2k` and `16:9`) is a size and a
        // shape: look for the nearest pixel size of that shape.
        if control.id() == "resolution" {
            if let Some(Value::String(aspect)) = values.get("aspect_ratio") {
                target = target.with_aspect(&parse_resolution(aspect));
            }
        }
        let found = nearest(&target, &candidates).and_then(|i| c.options.get(i));
        if let Some(o) = found.filter(|o| !o.value.is_empty()) {
            let to = Value::from(o.value.as_str());
            let text = format!("{label}: {why}; using the closest, {}.", o.value);
            let why = reason(text, "closest", &[("value", old), ("to", &to)]);
            return Outcome::set(Some(to), why);
        }
    }
    to_default(control, &why, "not_an_option", Some(old))
}

fn carry_number(old_control: Option<&Control>, control: &Control, old: &Value) -> Outcome {
    // A count the old model fixed was never the user's choice.
    if matches!(old_control, Some(Control::Fixed(_))) {
        return to_default(control, "the previous model fixed it", "fixed_before", None);
    }
    let Some(x) = as_number(old) else {
        let why = format!("{} is not a number", quote_value(old));
        return to_default(control, &why, "not_a_number", Some(old));
    };
    let (min, max, integer) = match control {
        Control::Slider(s) => (
            Some(s.min),
            Some(s.max),
            s.base.id == "n" || (s.step >= 1.0 && s.step.fract() == 0.0),
        ),
        Control::Number(n) => (
            n.min,
            n.max,
            n.base.id == "n" || n.step.is_some_and(|s| s >= 1.0 && s.fract() == 0.0),
        ),
        _ => (None, None, false),
    };
    let mut y = if integer { x.round() } else { x };
    if let Some(hi) = max {
        y = y.min(hi);
    }
    if let Some(lo) = min {
        y = y.max(lo);
    }
    let label = &control.base().label;
    if y == x && old.is_number() {
        return Outcome::keep(old);
    }
    let to = num_value(y);
    let why = if max.is_some_and(|hi| x > hi) {
        let text = format!(
            "{label} lowered to {}, the most this model allows.",
            fmt_num(y)
        );
        reason(text, "lowered", &[("value", old), ("to", &to)])
    } else if min.is_some_and(|lo| x < lo) {
        let text = format!(
            "{label} raised to {}, the least this model allows.",
            fmt_num(y)
        );
        reason(text, "raised", &[("value", old), ("to", &to)])
    } else if y != x {
        let text = format!("{label} rounded to {}.", fmt_num(y));
        reason(text, "rounded", &[("value", old), ("to", &to)])
    } else {
        let text = format!(
            "{label} {} read as the number {}.",
            quote_value(old),
            fmt_num(y)
        );
        reason(text, "read_as_number", &[("value", old), ("to", &to)])
    };
    Outcome::set(Some(to), why)
}

fn carry_images(control: &Control, c: &Images, old: &Value) -> Outcome {
    let label = &c.base.label;
    let Ok(items) = images::items(Some(old)) else {
        let why = "the previous value is not a list of images";
        return to_default(control, why, "not_images", None);
    };
    let usable: Vec<&Value> = items
        .iter()
        .filter(|item| {
            let mut errors = Vec::new();
            validate::check_item(control, c, item, &mut errors);
            errors.is_empty()
        })
        .collect();
    let removed = items.len() - usable.len();
    let max = c.max_items as usize;
    let kept: Vec<Value> = usable.into_iter().take(max).cloned().collect();
    let capped = kept.len() < items.len() - removed;
    let mut notes = Vec::new();
    if removed > 0 {
        notes.push(format!(
            "removed {} this model cannot use",
            plural(removed as u64, "image", "images")
        ));
    }
    if capped {
        notes.push(format!(
            "kept the first {}, the most this model takes",
            plural(kept.len() as u64, "image", "images")
        ));
    }
    if notes.is_empty() && old.is_array() {
        return Outcome::keep(old);
    }
    let why = match (notes.is_empty(), removed > 0, capped) {
        (true, ..) => reason(format!("{label}: made a list."), "images_made_list", &[]),
        (false, true, true) => reason(
            format!("{label}: {}.", notes.join("; ")),
            "images_removed_capped",
            &[
                ("removed", &Value::from(removed)),
                ("kept", &Value::from(kept.len())),
            ],
        ),
        (false, true, false) => reason(
            format!("{label}: {}.", notes.join("; ")),
            "images_removed",
            &[("removed", &Value::from(removed))],
        ),
        (false, false, _) => reason(
            format!("{label}: {}.", notes.join("; ")),
            "images_capped",
            &[("kept", &Value::from(kept.len()))],
        ),
    };
    Outcome::set(Some(Value::Array(kept)), why)
}
