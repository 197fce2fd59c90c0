//! JSON kept as its source text until first use.
//!
//! A catalog's `supported_parameters` and `pricing` are most of its bytes. Parsing them into
//! `serde_json::Value` trees for every model, serializing them back for JS and freeing the trees
//! dominated `parseCatalog`; as text they are copied once, handed to JS verbatim, and parsed
//! only for the models whose controls, requests or prices are asked for.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON value held as text, parsed into `T` on first access (then cached).
pub struct RawJson<T> {
    /// Valid JSON text (checked by whoever built the value).
    raw: Box<str>,
    parsed: OnceCell<T>,
}

impl<T: DeserializeOwned + Default> RawJson<T> {
    /// Wraps JSON text (one value, surrounding whitespace allowed); `None` when it is not JSON.
    ///
    /// ```
    /// use nanogpt_image_controls::raw::RawJson;
    /// let params: RawJson<serde_json::Value> = RawJson::from_text(r#" {"a": [1]} "#).unwrap();
    /// assert_eq!(params.text(), r#"{"a": [1]}"#);
    /// assert!(RawJson::<serde_json::Value>::from_text("{").is_none());
    /// ```
    pub fn from_text(text: &str) -> Option<Self> {
        let mut scanner = crate::json::Scanner::new(text);
        let raw = scanner.raw()?;
        scanner.at_end().then(|| Self::from_checked(raw))
    }

    /// Wraps a slice of JSON text the caller has already checked (the catalog scan).
    pub(crate) fn from_checked(text: &str) -> Self {
        RawJson {
            raw: text.into(),
            parsed: OnceCell::new(),
        }
    }

    /// The JSON text, exactly as the catalog gave it.
    pub fn text(&self) -> &str {
        &self.raw
    }

    /// The parsed value (`T::default()` when the text does not fit `T`).
    pub fn parsed(&self) -> &T {
        self.parsed
            .get_or_init(|| parse_valid(&self.raw).unwrap_or_default())
    }
}

/// Parses a slice of JSON that the catalog scan already accepted, through the crate's JSON
/// reader ([`crate::json::parse`]).
///
/// The scan skips over numbers without converting them, so a number too large for an f64
/// (`1e400`: valid JSON, refused by serde_json) can still be in the text. Such numbers read as
/// `null`, as if absent, instead of failing the whole value (which would silently empty a
/// model's `supported_parameters` or `pricing`).
pub(crate) fn parse_valid<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(crate::json::parse(text)?.to_serde()).ok()
}

impl<T: Serialize + DeserializeOwned + Default> From<T> for RawJson<T> {
    fn from(value: T) -> Self {
        let raw = serde_json::to_string(&value).unwrap_or_else(|_| "null".to_owned());
        RawJson {
            raw: raw.into(),
            parsed: OnceCell::from(value),
        }
    }
}

impl<T: DeserializeOwned + Default> Deref for RawJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.parsed()
    }
}

impl<T: Serialize + DeserializeOwned + Default> Default for RawJson<T> {
    fn default() -> Self {
        T::default().into()
    }
}

impl<T: Clone> Clone for RawJson<T> {
    fn clone(&self) -> Self {
        RawJson {
            raw: self.raw.clone(),
            parsed: self.parsed.clone(),
        }
    }
}

/// Equal when the texts hold the same JSON ([`crate::json::Value::same`]): whitespace and the
/// spelling of numbers do not count, so a pretty-printed snapshot and the compact live catalog
/// compare equal, whether the text is a slice of the catalog or a model object's
/// `JSON.stringify`. A catalog that re-orders keys counts as changed (the order of inferred
/// controls follows it).
impl<T> PartialEq for RawJson<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
            || crate::json::parse(&self.raw)
                .zip(crate::json::parse(&other.raw))
                .is_some_and(|(a, b)| a.same(&b))
    }
}

impl<T> fmt::Debug for RawJson<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Writes the value the text holds: the same JSON up to whitespace, with a repeated key
/// written once (its first place, its last value, as `JSON.parse` reads it), numbers beyond
/// the f64 range as `null` and unpaired surrogate escapes as U+FFFD. (serde_json's `raw_value`
/// feature would write the text verbatim, but it links code that costs kilobytes of wasm.)
impl<T> Serialize for RawJson<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::json::parse(&self.raw)
            .unwrap_or_default()
            .serialize(serializer)
    }
}

/// Reads any JSON (through `T`), for tests and tools that build models from JSON values.
impl<'de, T: Serialize + DeserializeOwned + Default> Deserialize<'de> for RawJson<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    #[test]
    fn text_is_kept_and_parsed_lazily() {
        let params: RawJson<Map<String, Value>> =
            RawJson::from_text(r#"{"b": 1, "a": [2], "b": 3}"#).unwrap();
        assert_eq!(params.text(), r#"{"b": 1, "a": [2], "b": 3}"#);
        assert_eq!(params.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(
            serde_json::to_string(&params).unwrap(),
            r#"{"b":3,"a":[2]}"#
        );
        let big: RawJson<Value> = RawJson::from_text("[1e400, 0.5]").unwrap();
        assert_eq!(serde_json::to_string(&big).unwrap(), "[null,0.5]");
        // An unpaired surrogate escape (valid JSON, no Rust `String`) reads as U+FFFD.
        let lone: RawJson<Value> = RawJson::from_text(r#"{"note": "\ud800", "p": 0.1}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&lone).unwrap(),
            "{\"note\":\"\u{fffd}\",\"p\":0.1}"
        );
    }

    #[test]
    fn equal_when_the_json_is_the_same() {
        let raw = |t: &str| RawJson::<Value>::from_text(t).unwrap();
        let compact = raw(r#"{"per_image":{"1024x1024":0.04,"2k":1},"list":[1,"a",null,true]}"#);
        for same in [
            "{\n  \"per_image\": {\"1024x1024\": 0.040, \"2k\": 1.0},\n  \"list\": [1, \"a\", null, true]\n}",
            r#"{"per_image":{"1024x1024":4e-2,"2k":1},"list":[1e0,"\u0061",null,true]}"#,
            // A repeated key reads as JSON.parse reads it: first place, last value.
            r#"{"per_image":{"1024x1024":9,"2k":1,"1024x1024":0.04},"list":[1,"a",null,true]}"#,
        ] {
            assert_eq!(raw(same), compact, "{same}");
        }
        // Integer-like keys come first in JavaScript (and in a copy's `JSON.stringify`).
        let scales = raw(r#"{"per_image":{"auto":0.01,"2":0.02,"10":0.03,"02":0.04}}"#);
        for same in [
            r#"{"per_image":{"2":0.02,"10":0.03,"auto":0.01,"02":0.04}}"#,
            r#"{"per_image":{"10":0.03,"auto":0.01,"02":0.04,"2":0.02}}"#,
        ] {
            assert_eq!(raw(same), scales, "{same}");
        }
        for changed in [
            r#"{"per_image":{"2":0.02,"10":0.03,"02":0.04,"auto":0.01}}"#,
            r#"{"per_image":{"auto":0.01,"2":0.02,"10":0.03}}"#,
        ] {
            assert_ne!(raw(changed), scales, "{changed}");
        }
        for changed in [
            // Other keys re-ordered: the order of inferred controls follows it.
            r#"{"list":[1,"a",null,true],"per_image":{"1024x1024":0.04,"2k":1}}"#,
            r#"{"per_image":{"1024x1024":0.05,"2k":1},"list":[1,"a",null,true]}"#,
            r#"{"per_image":{"1024x1024":"0.04","2k":1},"list":[1,"a",null,true]}"#,
            r#"{"per_image":{"1024x1024":0.04,"2k":1},"list":[1,"a",null]}"#,
            r#"{"per_image":{"1024x1024":0.04,"2K":1},"list":[1,"a",null,true]}"#,
            r#"{"per_image":{"1024x1024":0.04,"2k":1},"list":[1,"a",false,true]}"#,
        ] {
            assert_ne!(raw(changed), compact, "{changed}");
        }
    }

    #[test]
    fn wrong_shape_reads_as_default() {
        let params: RawJson<Map<String, Value>> = RawJson::from_text("[1]").unwrap();
        assert!(params.is_empty());
    }

    #[test]
    fn numbers_beyond_f64_read_as_null() {
        let params: RawJson<Map<String, Value>> = RawJson::from_text(
            r#"{"a": 2e308, "b": [1, -1e999, "1e999"], "c": {"d": 1E+400}, "e": 4}"#,
        )
        .unwrap();
        assert_eq!(
            Value::Object(params.parsed().clone()),
            serde_json::json!({"a": null, "b": [1, null, "1e999"], "c": {"d": null}, "e": 4})
        );
        assert_eq!(parse_valid::<Value>("1e400"), Some(Value::Null));
        assert_eq!(parse_valid::<Value>("[1e400"), None);
    }

    #[test]
    fn from_value_round_trips() {
        let v: RawJson<Value> = serde_json::json!({"per_image": {"1024x1024": 0.04}}).into();
        assert_eq!(v.text(), r#"{"per_image":{"1024x1024":0.04}}"#);
        let back: RawJson<Value> = serde_json::from_str(v.text()).unwrap();
        assert_eq!(back, v);
    }
}
