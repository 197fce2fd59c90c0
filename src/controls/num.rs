//! Lenient number reading: the catalog sends nulls where numbers belong and numbers as strings.

use crate::json::Value;

use super::{Cx, Path};

/// A finite number, from a JSON number or (with a warning) a numeric string.
///
/// `null` and absence are `None` without a warning; anything else is `None` with one.
pub(super) fn number(cx: &mut Cx, path: Path, value: Option<&Value>) -> Option<f64> {
    let x = match value? {
        Value::Null => return None,
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let parsed = crate::num::parse_f64(s);
            if parsed.is_some() {
                cx.warn_at(
                    path,
                    "a number was given as a string; read as a number".to_owned(),
                );
            }
            parsed
        }
        _ => None,
    };
    let x = x.filter(|x| x.is_finite());
    if x.is_none() {
        cx.warn_at(path, "expected a number; ignored".to_owned());
    }
    x
}

/// A whole count ≥ 0, read like [`number`]; fractions are rounded down with a warning and
/// negative values are ignored with one.
pub(super) fn count(cx: &mut Cx, path: Path, value: Option<&Value>) -> Option<u64> {
    if let Some(n) = value.and_then(Value::as_u64) {
        return Some(n);
    }
    let x = number(cx, path, value)?;
    if x < 0.0 {
        cx.warn_at(path, "expected a count of zero or more; ignored".to_owned());
        return None;
    }
    if x.fract() != 0.0 {
        cx.warn_at(path, "expected a whole number; rounded down".to_owned());
    }
    // `as` saturates, and `x` is finite and non-negative here.
    Some(x.floor() as u64)
}

/// `count` capped at `limit`, with a warning when the cap applies.
pub(super) fn capped(cx: &mut Cx, path: Path, value: Option<&Value>, limit: u64) -> Option<u64> {
    let n = count(cx, path, value)?;
    if n > limit {
        cx.warn_at(
            path,
            format!("{n} is more than this library offers; capped at {limit}"),
        );
        return Some(limit);
    }
    Some(n)
}

/// A positive whole number that fits in `u32` (pixel sizes, lengths), else `None` with a warning.
pub(super) fn positive_u32(cx: &mut Cx, path: Path, value: Option<&Value>) -> Option<u32> {
    let n = count(cx, path, value)?;
    match u32::try_from(n) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            cx.warn_at(path, "expected a positive whole number; ignored".to_owned());
            None
        }
    }
}

/// A JSON number as option text: `20`, `0.5`, exactly as `serde_json` prints it.
pub(super) fn number_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => Some(n.to_string()),
        _ => None,
    }
}
