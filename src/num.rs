//! Small number helpers that keep core's float parsing and formatting (≈ 30 KB of wasm with
//! their tables) out of the binary: the crate's JSON reader (`json`, serde_json's number steps)
//! and serde_json's formatter are linked anyway.

use crate::json::Value;

/// Parses a finite number written as text (`"4"`, `" 2.5 "`, `"1e3"`), as JSON spells numbers.
///
/// ```
/// use nanogpt_image_controls::num::parse_f64;
/// assert_eq!(parse_f64(" 4 "), Some(4.0));
/// assert_eq!(parse_f64("2.5"), Some(2.5));
/// assert_eq!(parse_f64("four"), None);
/// assert_eq!(parse_f64("NaN"), None);
/// ```
pub fn parse_f64(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || t.len() > 64 {
        return None;
    }
    match crate::json::parse(t) {
        Some(Value::Number(n)) => n.as_f64().filter(|x| x.is_finite()),
        _ => None,
    }
}

/// Formats a finite number briefly: whole numbers without a fraction (`4`), others with the
/// shortest digits that read back the same (`0.04`); `"?"` for NaN or infinity.
///
/// ```
/// use nanogpt_image_controls::num::fmt_f64;
/// assert_eq!(fmt_f64(4.0), "4");
/// assert_eq!(fmt_f64(0.04), "0.04");
/// assert_eq!(fmt_f64(-1.5), "-1.5");
/// ```
pub fn fmt_f64(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        return (x as i64).to_string();
    }
    serde_json::Number::from_f64(x).map_or_else(|| "?".to_owned(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        for (text, want) in [
            ("4", Some(4.0)),
            ("+4", Some(4.0)),
            ("-0.5", Some(-0.5)),
            ("1e3", Some(1000.0)),
            (" 12 ", Some(12.0)),
            ("1e400", None),
            ("", None),
            ("0x10", None),
            ("4px", None),
            ("[4]", None),
            ("\"4\"", None),
            ("Infinity", None),
        ] {
            assert_eq!(parse_f64(text), want, "{text}");
        }
    }

    #[test]
    fn fmt_table() {
        assert_eq!(fmt_f64(0.0), "0");
        assert_eq!(fmt_f64(1e20), "1e+20");
        assert_eq!(fmt_f64(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(fmt_f64(f64::NAN), "?");
    }
}
