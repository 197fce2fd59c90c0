//! Small formatting helpers for messages, with integer arithmetic instead of float formatting.

use crate::json::{Number, OwnedMap as Map, OwnedValue as Value};

/// A JSON number for `x`: an integer when `x` is whole, else a float; `null` when not finite.
pub(crate) fn num_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_991.0 {
        // Whole, and at most 2^53 - 1 (JS's largest safe integer): the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        Value::from(x as i64)
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// Sets `key` of `map` to `value`. Not inlined: the key's allocation, the insert and the drop
/// of the value it replaced exist once instead of at every call site (an array of pairs, as
/// maps were built before, cost each call site a drop per pair).
#[inline(never)]
pub(crate) fn put(map: &mut Map, key: &str, value: Value) {
    map.insert(key.to_owned(), value);
}

/// An object of one field.
#[inline(never)]
pub(crate) fn one(key: &str, value: Value) -> Map {
    let mut map = Map::new();
    put(&mut map, key, value);
    map
}

/// `10000` → `10 000`, `2048` → `2048`, `2.5` → `2.5` (no float formatting machinery beyond
/// what serde_json already links).
pub(crate) fn fmt_num(x: f64) -> String {
    match num_value(x) {
        Value::Number(n) => match n.as_i64() {
            Some(i) => group(i),
            None => n.to_string(),
        },
        _ => "?".to_owned(),
    }
}

/// Groups thousands with spaces when the number has five or more digits.
pub(crate) fn group(i: i64) -> String {
    let digits = i.unsigned_abs().to_string();
    if digits.len() < 5 {
        return i.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if i < 0 {
        out.push('-');
    }
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// `2999952` → `2 999 952 bytes`: the exact count, where rounded ones would read alike.
pub(crate) fn fmt_byte_count(bytes: u64) -> String {
    group(i64::try_from(bytes).unwrap_or(i64::MAX)) + " bytes"
}

/// `31457280` → `30 MB`, `1536` → `1.5 KB` (binary units, one decimal).
pub(crate) fn fmt_bytes(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (unit, name) = if bytes >= MB {
        (MB, "MB")
    } else if bytes >= KB {
        (KB, "KB")
    } else {
        return format!("{bytes} bytes");
    };
    let tenths = bytes.saturating_mul(10).saturating_add(unit / 2) / unit;
    let (whole, frac) = (tenths / 10, tenths % 10);
    if frac == 0 {
        format!("{} {name}", group(i64::try_from(whole).unwrap_or(i64::MAX)))
    } else {
        format!("{whole}.{frac} {name}")
    }
}

/// `1` → `1 image`, `3` → `3 images`.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", group(i64::try_from(n).unwrap_or(i64::MAX)))
    }
}

/// A short quotable rendering of a value for messages (at most about 40 characters).
pub(crate) fn quote_value(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let mut out = String::from("\"");
            let mut chars = s.chars();
            out.extend(chars.by_ref().take(40));
            if chars.next().is_some() {
                out.push('…');
            }
            out.push('"');
            out
        }
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "nothing".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// `["png","jpeg","webp"]` → `PNG, JPEG or WEBP`.
pub(crate) fn list_or(items: &[String]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { " or " } else { ", " });
        }
        out.push_str(&item.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(fmt_num(10012.0), "10 012");
        assert_eq!(fmt_num(1_000_000.0), "1 000 000");
        assert_eq!(fmt_num(2048.0), "2048");
        assert_eq!(fmt_num(-12345.0), "-12 345");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(num_value(4.0), json!(4));
        assert_eq!(num_value(f64::NAN), Value::Null);
    }

    #[test]
    fn bytes() {
        assert_eq!(fmt_bytes(31_457_280), "30 MB");
        assert_eq!(fmt_bytes(10_485_760 + 524_288), "10.5 MB");
        assert_eq!(fmt_bytes(1536), "1.5 KB");
        assert_eq!(fmt_bytes(12), "12 bytes");
    }

    #[test]
    fn lists() {
        let f = ["png".to_owned(), "jpeg".to_owned(), "webp".to_owned()];
        assert_eq!(list_or(&f), "PNG, JPEG or WEBP");
        assert_eq!(list_or(&f[..1]), "PNG");
        assert_eq!(quote_value(&json!("a".repeat(50))).chars().count(), 43);
    }
}
