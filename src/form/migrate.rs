//! Carrying values across a model switch.

use std::borrow::Cow;

use serde_json::Value;

use super::text::{fmt_num, num_value, plural, quote_value};
use super::validate::{self, text_length};
use super::{
    as_bool, as_number, default_of, images, is_unset, match_option, validate_values, Change,
    Migration, Values,
};
use crate::controls::{Choice, Control, ControlSet, Images, Text};
use crate::resolution::{nearest, parse_resolution, Resolution};

/// The new value of one control and, when it differs from the old one, why.
struct Outcome {
    value: Option<Value>,
    reason: Option<String>,
}

impl Outcome {
    fn keep(value: &Value) -> Outcome {
        Outcome {
            value: Some(value.clone()),
            reason: None,
        }
    }

    fn set(value: Option<Value>, reason: String) -> Outcome {
        Outcome {
            value,
            reason: Some(reason),
        }
    }
}

pub(crate) fn migrate(from: &ControlSet, to: &ControlSet, values: &Values) -> Migration {
    let mut out = Values::new();
    let mut changes = Vec::new();
    for control in &to.controls {
        let id = control.id();
        let old = values.get(id).filter(|v| !is_unset(control, v));
        let outcome = match old {
            Some(old) => carry(from.get(id), control, old),
            None => added(control, values),
        };
        if let Some(reason) = outcome.reason {
            changes.push(Change {
                id: id.to_owned(),
                from: values.get(id).cloned().unwrap_or(Value::Null),
                to: outcome.value.clone().unwrap_or(Value::Null),
                reason,
            });
        }
        if let Some(v) = outcome.value {
            out.insert(id.to_owned(), v);
        }
    }
    for (id, old) in values {
        if to.get(id).is_none() {
            let label = from
                .get(id)
                .map_or(id.as_str(), |c| c.base().label.as_str());
            changes.push(Change {
                id: id.clone(),
                from: old.clone(),
                to: Value::Null,
                reason: format!("{label} is not available for this model."),
            });
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
        let reason = format!(
            "{} was reset to the default: {}",
            control.base().label,
            error.message
        );
        match changes.iter_mut().find(|c| c.id == error.id) {
            Some(change) => {
                change.to = default.clone().unwrap_or(Value::Null);
                change.reason = reason;
            }
            None => changes.push(Change {
                id: error.id.clone(),
                from: out.get(&error.id).cloned().unwrap_or(Value::Null),
                to: default.clone().unwrap_or(Value::Null),
                reason,
            }),
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

/// A control the values had nothing for: its default, or a better guess from related values.
fn added(control: &Control, values: &Values) -> Outcome {
    let label = &control.base().label;
    // A model with a separate aspect-ratio control: take the ratio of the old resolution.
    if let (Control::Select(c) | Control::Radio(c), Some(Value::String(res))) =
        (control, values.get("resolution"))
    {
        if control.id() == "aspect_ratio" {
            if let Some(aspect) = parse_resolution(res).aspect {
                if let Some(o) = c.options.iter().find(|o| option_aspect(o) == Some(&aspect)) {
                    return Outcome::set(
                        Some(Value::from(o.value.as_str())),
                        format!(
                            "{label} set to {}, the shape of the previous resolution.",
                            o.value
                        ),
                    );
                }
            }
        }
    }
    let value = default_of(control);
    match &value {
        // A prompt the values lacked stays empty without a note.
        Some(Value::String(s)) if s.is_empty() && matches!(control, Control::Text(_)) => Outcome {
            value,
            reason: None,
        },
        Some(v) => {
            let reason = format!("{label} set to the default for this model, {}.", shown(v));
            Outcome::set(value, reason)
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

/// The default, explained by `why` (a clause such as `"2K" is not available`).
fn to_default(control: &Control, why: &str) -> Outcome {
    let label = &control.base().label;
    let value = default_of(control);
    let reason = match &value {
        Some(v) => format!("{label}: {why}; using the default, {}.", shown(v)),
        None => format!("{label}: {why}; cleared."),
    };
    Outcome::set(value, reason)
}

fn carry(old_control: Option<&Control>, control: &Control, old: &Value) -> Outcome {
    match control {
        Control::Text(c) => carry_text(control, c, old),
        Control::Select(c) | Control::Radio(c) => carry_choice(control, c, old),
        Control::Slider(_) | Control::Number(_) => carry_number(old_control, control, old),
        Control::Toggle(_) => match as_bool(old) {
            Some(_) if old.is_boolean() => Outcome::keep(old),
            Some(b) => Outcome::set(
                Some(Value::Bool(b)),
                format!("{} {} read as {b}.", control.base().label, quote_value(old)),
            ),
            None => to_default(control, &format!("{} is not on or off", quote_value(old))),
        },
        Control::Fixed(c) => {
            if old == &c.value {
                Outcome::keep(old)
            } else {
                Outcome::set(
                    Some(c.value.clone()),
                    format!(
                        "{} is fixed at {} for this model.",
                        c.base.label,
                        quote_value(&c.value)
                    ),
                )
            }
        }
        Control::Images(c) => carry_images(control, c, old),
        Control::Mask(_) => {
            let mut errors = Vec::new();
            validate::check(control, Some(old), &mut errors);
            if errors.is_empty() {
                Outcome::keep(old)
            } else {
                Outcome::set(
                    None,
                    format!(
                        "{} cannot be used with this model and was removed.",
                        control.base().label
                    ),
                )
            }
        }
    }
}

fn carry_text(control: &Control, c: &Text, old: &Value) -> Outcome {
    let Value::String(s) = old else {
        return to_default(control, &format!("{} is not text", quote_value(old)));
    };
    let Some(max) = c.max_length else {
        return Outcome::keep(old);
    };
    let unit = c.length_unit.as_deref();
    if s.len() <= max as usize || text_length(s, unit) <= max as usize {
        return Outcome::keep(old);
    }
    let cut = truncate(s, max as usize, unit);
    Outcome::set(
        Some(Value::from(cut)),
        format!(
            "{} shortened to {} characters, the most this model accepts.",
            c.base.label,
            fmt_num(f64::from(max))
        ),
    )
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

fn carry_choice(control: &Control, c: &Choice, old: &Value) -> Outcome {
    let label = &c.base.label;
    if let Some(o) = match_option(&c.options, old) {
        if old.as_str() == Some(o.value.as_str()) {
            return Outcome::keep(old);
        }
        return Outcome::set(
            Some(Value::from(o.value.as_str())),
            format!(
                "{label} {} is written {} for this model.",
                quote_value(old),
                o.value
            ),
        );
    }
    let why = format!("{} is not available", quote_value(old));
    let Value::String(token) = old else {
        return to_default(control, &why);
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
        let found = nearest(&parse_resolution(token), &candidates).and_then(|i| c.options.get(i));
        if let Some(o) = found.filter(|o| !o.value.is_empty()) {
            return Outcome::set(
                Some(Value::from(o.value.as_str())),
                format!("{label}: {why}; using the closest, {}.", o.value),
            );
        }
    }
    to_default(control, &why)
}

fn carry_number(old_control: Option<&Control>, control: &Control, old: &Value) -> Outcome {
    // A count the old model fixed was never the user's choice.
    if matches!(old_control, Some(Control::Fixed(_))) {
        return to_default(control, "the previous model fixed it");
    }
    let Some(x) = as_number(old) else {
        return to_default(control, &format!("{} is not a number", quote_value(old)));
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
    let reason = if max.is_some_and(|hi| x > hi) {
        format!(
            "{label} lowered to {}, the most this model allows.",
            fmt_num(y)
        )
    } else if min.is_some_and(|lo| x < lo) {
        format!(
            "{label} raised to {}, the least this model allows.",
            fmt_num(y)
        )
    } else if y != x {
        format!("{label} rounded to {}.", fmt_num(y))
    } else {
        format!(
            "{label} {} read as the number {}.",
            quote_value(old),
            fmt_num(y)
        )
    };
    Outcome::set(Some(num_value(y)), reason)
}

fn carry_images(control: &Control, c: &Images, old: &Value) -> Outcome {
    let label = &c.base.label;
    let Ok(items) = images::items(Some(old)) else {
        return to_default(control, "the previous value is not a list of images");
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
    let mut notes = Vec::new();
    if removed > 0 {
        notes.push(format!(
            "removed {} this model cannot use",
            plural(removed as u64, "image", "images")
        ));
    }
    if kept.len() < items.len() - removed {
        notes.push(format!(
            "kept the first {}, the most this model takes",
            plural(kept.len() as u64, "image", "images")
        ));
    }
    if notes.is_empty() && old.is_array() {
        return Outcome::keep(old);
    }
    let reason = if notes.is_empty() {
        format!("{label}: made a list.")
    } else {
        format!("{label}: {}.", notes.join("; "))
    };
    Outcome::set(Some(Value::Array(kept)), reason)
}
