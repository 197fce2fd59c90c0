//! A JSON tree that borrows its strings from the source text.
//!
//! Deriving controls and reading prices walk a model's `supported_parameters` and `pricing`
//! once per call. Parsed into `serde_json::Value`, every key and string was a fresh allocation
//! and every object an `IndexMap`, and the trees were then kept for the life of the catalog;
//! this tree copies only strings with escapes, keeps objects as small vectors in source order,
//! and is dropped when the call ends. Its API mirrors the parts of `serde_json::Value` the
//! derivation uses, so code reads the same.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
pub use serde_json::Number;

use crate::hash::HashMap;

/// A JSON value whose strings borrow from the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, in source order.
    Object(Map<'a>),
}

/// A JSON object: entries in source order; a repeated key keeps its first position and its
/// last value (as `serde_json::Map` with `preserve_order` does).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
}

/// Objects at least this large get a hash index while they are read (duplicate-key checks
/// stay linear in the size of the object).
const INDEXED: usize = 32;

impl<'a> Map<'a> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    /// Entries in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value<'a>)> {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Keys in source order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_ref())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn into_owned(self) -> Map<'static> {
        Map {
            entries: self
                .entries
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                .collect(),
        }
    }
}

impl<'m, 'a> IntoIterator for &'m Map<'a> {
    type Item = (&'m str, &'m Value<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'m, (Cow<'a, str>, Value<'a>)>,
        fn(&'m (Cow<'a, str>, Value<'a>)) -> (&'m str, &'m Value<'a>),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

impl<'a> Value<'a> {
    /// The value of `key` when this is an object.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?.get(key)
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, when this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, when this is an object.
    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an f64, when this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The number, when it is a whole number ≥ 0 written without fraction or exponent.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// A number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// An object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// A `serde_json::Value` with the same content (for values that go into output).
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.as_ref().to_owned()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Self::to_serde).collect())
            }
            Value::Object(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_serde()))
                    .collect(),
            ),
        }
    }

    /// The same content, borrowing the strings of a `serde_json::Value`.
    pub fn from_serde(value: &'a serde_json::Value) -> Value<'a> {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from_serde).collect())
            }
            serde_json::Value::Object(map) => Value::Object(Map {
                entries: map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::from_serde(v)))
                    .collect(),
            }),
        }
    }

    fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(map) => Value::Object(map.into_owned()),
        }
    }
}

/// Parses JSON text that the catalog scan already accepted (see [`crate::raw::parse_valid`]:
/// numbers beyond the f64 range read as `null`). `None` for text that is not JSON.
pub fn parse(text: &str) -> Option<Value<'_>> {
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(_) => {
            let repaired = crate::raw::null_overflows(text)?;
            serde_json::from_str::<Value>(&repaired)
                .ok()
                .map(Value::into_owned)
        }
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value<'de>, E> {
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s)))
    }

    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        Value::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value<'de>, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, Value<'de>)> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        while let Some(Key(key)) = access.next_key()? {
            let value: Value<'de> = access.next_value()?;
            let found = match &index {
                Some(index) => index.get(key.as_ref()).copied(),
                None => entries.iter().position(|(k, _)| *k == key),
            };
            if let Some(slot) = found.and_then(|i| entries.get_mut(i)) {
                slot.1 = value;
                continue;
            }
            if let Some(index) = &mut index {
                index.insert(key.as_ref().to_owned(), entries.len());
            } else if entries.len() + 1 >= INDEXED {
                let mut built = HashMap::default();
                for (i, (k, _)) in entries.iter().enumerate() {
                    built.insert(k.as_ref().to_owned(), i);
                }
                built.insert(key.as_ref().to_owned(), entries.len());
                index = Some(built);
            }
            entries.push((key, value));
        }
        Ok(Value::Object(Map { entries }))
    }
}

/// An object key, borrowed from the source when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_like_serde_json() {
        let text = r#"{"b": [1, -2, 2.5, "x\"y", true, null], "a": {"c": "d"}, "b2": 1e400}"#;
        let v = parse(text).expect("json");
        let expected = json!({"b": [1, -2, 2.5, "x\"y", true, null], "a": {"c": "d"}, "b2": null});
        assert_eq!(v.to_serde(), expected);
        assert_eq!(Value::from_serde(&expected), v);
        assert_eq!(
            v.as_object().map(|m| m.keys().collect::<Vec<_>>()),
            Some(vec!["b", "a", "b2"])
        );
        assert_eq!(
            v.get("a").and_then(|a| a.get("c")).and_then(Value::as_str),
            Some("d")
        );
        assert!(parse("[1").is_none());
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let v = parse(r#"{"k": "plain", "e": "tab\t"}"#).expect("json");
        assert!(matches!(
            v.get("k"),
            Some(Value::String(Cow::Borrowed("plain")))
        ));
        assert!(matches!(v.get("e"), Some(Value::String(Cow::Owned(_)))));
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        let v = parse(r#"{"a": 1, "b": 2, "a": 3}"#).expect("json");
        assert_eq!(v.to_serde().to_string(), r#"{"a":3,"b":2}"#);
        let many: String = (0..100)
            .map(|i| format!("\"k{}\": {i}", i % 40))
            .collect::<Vec<_>>()
            .join(",");
        let text = format!("{{{many}}}");
        let v = parse(&text).expect("json");
        let serde: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v.to_serde(), serde);
        assert_eq!(v.as_object().map(Map::len), Some(40));
    }
}
