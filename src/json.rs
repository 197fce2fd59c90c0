//! The crate's JSON tree: strings borrowed from the source text, or owned.
//!
//! Deriving controls and reading prices walk a model's `supported_parameters` and `pricing`
//! once per call. Parsed into `serde_json::Value`, every key and string was a fresh allocation
//! and every object an `IndexMap`, and the trees were then kept for the life of the catalog;
//! this tree copies only strings with escapes, keeps objects as small vectors in source order,
//! and is dropped when the call ends.
//!
//! Owned (`Value<'static>`, [`OwnedValue`], [`OwnedMap`]) it is also the value type of the form
//! API: form values ([`crate::form::Values`]), request bodies, message parameters, a fixed
//! control's value, a model's parsed `pricing` and `supported_parameters`. The wasm build thus
//! links no `serde_json::Value` or `Map` (nor `indexmap`): ≈ 3 KB brotli. Its API mirrors the
//! parts of `serde_json::Value` and `Map` the crate uses (a [`Map::remove`] moves the last entry
//! into the gap, as `serde_json::Map::remove` does), numbers are `serde_json::Number`s, and it
//! is written with serde_json's own serializer, so results are the same JSON. Native users and
//! tests convert from and to `serde_json::Value` with `From`/`Into` (`json!` values), compare
//! with `==`, and index with `value["key"]` (`null` when absent, never a panic).

use std::borrow::Cow;

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

/// A JSON object: entries in source (or insertion) order; a repeated key keeps its first
/// position and its last value (as `serde_json::Map` with `preserve_order` does). Two maps are
/// equal when they hold the same entries, in any order (as `serde_json::Map`s are).
#[derive(Debug, Clone, Default)]
pub struct Map<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
}

/// A JSON value that owns its strings: form values, request bodies, message parameters.
pub type OwnedValue = Value<'static>;

/// A JSON object that owns its strings.
pub type OwnedMap = Map<'static>;

/// Objects at least this large get a hash index while they are read or collected
/// (duplicate-key checks stay linear in the size of the object).
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

    /// An empty object.
    pub fn new() -> Self {
        Map {
            entries: Vec::new(),
        }
    }

    /// The value of `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value<'a>> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, value)| value)
    }

    /// Values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value<'a>> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Values in order, to change them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Value<'a>> {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Sets `key`: a key already present keeps its position and gets the new value (the old
    /// one is returned), a new key goes last.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Value<'a>) -> Option<Value<'a>> {
        self.put(key.into(), value, &mut None)
    }

    /// Moves every entry of `other` into this map (as [`Map::insert`] does, one by one).
    pub fn append(&mut self, other: &mut Map<'a>) {
        let entries = std::mem::take(other);
        self.extend(entries);
    }

    /// Removes `key`; the last entry takes its place (as `serde_json::Map::remove` does with
    /// `preserve_order`).
    pub fn remove(&mut self, key: &str) -> Option<Value<'a>> {
        self.take(key, false)
    }

    /// Removes `key`, keeping the order of the other entries.
    pub fn shift_remove(&mut self, key: &str) -> Option<Value<'a>> {
        self.take(key, true)
    }

    /// Sets `key` (a key already present keeps its place; its old value is returned). `index`
    /// (keys to places) is built once the map has [`INDEXED`] entries and kept by the caller
    /// across calls, so that many entries are set in linear time (the reader, `collect`,
    /// `extend`).
    fn put(
        &mut self,
        key: Cow<'a, str>,
        value: Value<'a>,
        index: &mut Option<HashMap<String, usize>>,
    ) -> Option<Value<'a>> {
        let entries = &mut self.entries;
        let found = match index {
            Some(index) => index.get(key.as_ref()).copied(),
            None => entries.iter().position(|(k, _)| *k == key),
        };
        if let Some(slot) = found.and_then(|i| entries.get_mut(i)) {
            return Some(std::mem::replace(&mut slot.1, value));
        }
        if let Some(index) = index {
            index.insert(key.as_ref().to_owned(), entries.len());
        } else if entries.len() + 1 >= INDEXED {
            let mut built = HashMap::default();
            for (i, (k, _)) in entries.iter().enumerate() {
                built.insert(k.as_ref().to_owned(), i);
            }
            built.insert(key.as_ref().to_owned(), entries.len());
            *index = Some(built);
        }
        entries.push((key, value));
        None
    }

    // One body for both removals (smaller wasm).
    #[inline(never)]
    fn take(&mut self, key: &str, keep_order: bool) -> Option<Value<'a>> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        let (_, value) = if keep_order {
            self.entries.remove(i)
        } else {
            self.entries.swap_remove(i)
        };
        Some(value)
    }

    /// The same entries, owning their strings.
    pub fn into_owned(self) -> Map<'static> {
        Map {
            entries: self
                .entries
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                .collect(),
        }
    }
}

impl PartialEq for Map<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

/// Entries set one by one, as [`Map::insert`] does; a map that grows large gets a hash index
/// for the duration, so collecting `n` entries takes O(n), not O(n²).
impl<'a, K: Into<Cow<'a, str>>> Extend<(K, Value<'a>)> for Map<'a> {
    fn extend<I: IntoIterator<Item = (K, Value<'a>)>>(&mut self, iter: I) {
        let mut index = None;
        for (k, v) in iter {
            self.put(k.into(), v, &mut index);
        }
    }
}

impl<'a, K: Into<Cow<'a, str>>> FromIterator<(K, Value<'a>)> for Map<'a> {
    fn from_iter<I: IntoIterator<Item = (K, Value<'a>)>>(iter: I) -> Self {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl<'a> IntoIterator for Map<'a> {
    type Item = (Cow<'a, str>, Value<'a>);
    type IntoIter = std::vec::IntoIter<(Cow<'a, str>, Value<'a>)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
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

    /// The same JSON as `other`, as `JSON.parse` would read both: numbers compare by value
    /// (`0.04`, `0.040` and `4e-2` are one number; `1` and `1.0` too), objects entry by entry in
    /// the order JavaScript lists their keys (integer-like keys first, ascending; then the
    /// others as written), so a JS copy's `JSON.stringify` compares as its source does.
    pub fn same(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                // The integer-like keys ascending (as JavaScript lists them), then the others
                // in order.
                a.len() == b.len()
                    && plain(a).count() == plain(b).count()
                    && plain(a)
                        .zip(plain(b))
                        .all(|((k, x), (l, y))| k == l && x.same(y))
                    && indexed(a)
                        .into_iter()
                        .zip(indexed(b))
                        .all(|((n, x), (m, y))| n == m && x.same(y))
            }
            (a, b) => a == b,
        }
    }

    /// The same value, owning its strings.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(map) => Value::Object(map.into_owned()),
        }
    }

    /// The items, to change them, when this is an array.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value<'a>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, to change them, when this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The number as an i64, when it is a whole number in its range written without fraction
    /// or exponent.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// A boolean.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// An array.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// A `serde_json::Value` with the same content (for native users and tests).
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
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value<'_> {
    /// A string value owning a copy of `s`.
    fn from(s: &str) -> Self {
        Value::String(Cow::Owned(s.to_owned()))
    }
}

impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::String(Cow::Owned(s))
    }
}

impl<'a> From<Cow<'a, str>> for Value<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Value::String(s)
    }
}

impl From<Number> for Value<'_> {
    fn from(n: Number) -> Self {
        Value::Number(n)
    }
}

/// `null` for NaN and the infinities (as `serde_json::Value::from(f64)`).
impl From<f64> for Value<'_> {
    fn from(x: f64) -> Self {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

macro_rules! from_integer {
    ($($t:ty)*) => {$(
        impl From<$t> for Value<'_> {
            fn from(n: $t) -> Self {
                Value::Number(n.into())
            }
        }
    )*};
}
from_integer!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

impl<'a, T: Into<Value<'a>>> From<Vec<T>> for Value<'a> {
    fn from(items: Vec<T>) -> Self {
        Value::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<'a> From<Map<'a>> for Value<'a> {
    fn from(map: Map<'a>) -> Self {
        Value::Object(map)
    }
}

/// The same content, owning it (for native users and tests: `json!` values).
impl From<serde_json::Value> for Value<'static> {
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(Cow::Owned(s)),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(map.into()),
        }
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Map<'static> {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        Map {
            entries: map
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Value::from(v)))
                .collect(),
        }
    }
}

impl From<Value<'_>> for serde_json::Value {
    fn from(value: Value<'_>) -> Self {
        value.to_serde()
    }
}

impl From<Map<'_>> for serde_json::Map<String, serde_json::Value> {
    fn from(map: Map<'_>) -> Self {
        map.iter()
            .map(|(k, v)| (k.to_owned(), v.to_serde()))
            .collect()
    }
}

impl PartialEq<serde_json::Value> for Value<'_> {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.to_serde() == *other
    }
}

impl PartialEq<Value<'_>> for serde_json::Value {
    fn eq(&self, other: &Value<'_>) -> bool {
        *self == other.to_serde()
    }
}

impl PartialEq<serde_json::Map<String, serde_json::Value>> for Map<'_> {
    fn eq(&self, other: &serde_json::Map<String, serde_json::Value>) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|o| v == o))
    }
}

impl PartialEq<str> for Value<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Value<'_> {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<bool> for Value<'_> {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<f64> for Value<'_> {
    fn eq(&self, other: &f64) -> bool {
        self.as_f64() == Some(*other)
    }
}

macro_rules! eq_integer {
    ($($t:ty => $as:ident $wide:ty),*) => {$(
        impl PartialEq<$t> for Value<'_> {
            fn eq(&self, other: &$t) -> bool {
                self.$as() == Some(<$wide>::from(*other))
            }
        }
    )*};
}
eq_integer!(u32 => as_u64 u64, u64 => as_u64 u64, i32 => as_i64 i64, i64 => as_i64 i64);

static NULL: Value<'static> = Value::Null;

/// `value["key"]`: the value of `key` in an object, `null` when there is none or this is not an
/// object (as `serde_json::Value` indexes; never panics).
impl<'a> std::ops::Index<&str> for Value<'a> {
    type Output = Value<'a>;
    fn index(&self, key: &str) -> &Value<'a> {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `value[i]`: the item `i` of an array, `null` when there is none or this is not an array.
impl<'a> std::ops::Index<usize> for Value<'a> {
    type Output = Value<'a>;
    fn index(&self, i: usize) -> &Value<'a> {
        self.as_array()
            .and_then(|items| items.get(i))
            .unwrap_or(&NULL)
    }
}

/// `map["key"]`: the value of `key`, `null` when there is none (never panics).
impl<'a> std::ops::Index<&str> for Map<'a> {
    type Output = Value<'a>;
    fn index(&self, key: &str) -> &Value<'a> {
        self.get(key).unwrap_or(&NULL)
    }
}

/// The compact JSON text, as `serde_json::Value` writes it.
impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text_of(self))
    }
}

/// Reads any value (through `serde_json::Value`: for native users and tests).
impl<'de> serde::Deserialize<'de> for Value<'static> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <serde_json::Value as serde::Deserialize>::deserialize(deserializer).map(Value::from)
    }
}

/// Reads any object (through `serde_json::Map`: for native users and tests).
impl<'de> serde::Deserialize<'de> for Map<'static> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <serde_json::Map<String, serde_json::Value> as serde::Deserialize>::deserialize(
            deserializer,
        )
        .map(Map::from)
    }
}

/// Writes the object as JSON, in order.
impl serde::Serialize for Map<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut out = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            out.serialize_entry(k, v)?;
        }
        out.end()
    }
}

/// Writes the tree as JSON (objects in source order).
impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => n.serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(map) => map.serialize(serializer),
        }
    }
}

/// Parses JSON text (numbers beyond the f64 range read as `null`; a `\u` escape of an
/// unpaired surrogate reads as U+FFFD). `None` for text that is not JSON, or nested deeper
/// than serde_json accepts (127 levels).
///
/// A hand-written reader: at `opt-level = "z"` it is several times faster than serde_json's
/// deserializer driving a visitor, and the derivation parses every model's
/// `supported_parameters` and `pricing` with it. Numbers are converted with serde_json's own
/// steps, so every number reads exactly as serde_json reads it; the wasm build links no JSON
/// deserializer but this one.
pub fn parse(text: &str) -> Option<Value<'_>> {
    parse_located(text).ok()
}

/// [`parse`], saying where the text stops being JSON when it is not.
pub fn parse_located(text: &str) -> Result<Value<'_>, SyntaxError> {
    let mut p = Parser::new(text);
    let Some(value) = p.value() else {
        return Err(p.error(false));
    };
    p.skip_ws();
    if p.pos == p.bytes.len() {
        Ok(value)
    } else {
        Err(p.error(true))
    }
}

/// The compact JSON text of a value, as `serde_json::Value`'s `Display` writes it, through the
/// serializer every result already uses: `Display` (`to_string()`) links serde_json's
/// serializer a second and third time (compact and pretty, over `fmt::Write`), ≈ 2 KB of wasm.
pub(crate) fn text_of(value: &Value<'_>) -> String {
    // Writing a `Value` into a `Vec` cannot fail (its keys are strings).
    serde_json::to_string(value).unwrap_or_default()
}

/// Where and why a text is not JSON; shown as `unexpected `}` at line 3 column 7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The text ends inside a value (a truncated document).
    pub eof: bool,
    /// The text nests deeper than [`MAX_DEPTH`] levels.
    pub too_deep: bool,
    /// The line of the error, from 1.
    pub line: usize,
    /// The column of the error, from 1, in characters.
    pub column: usize,
    what: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.what, self.line, self.column
        )
    }
}

/// Deepest nesting serde_json accepts (its recursion limit of 128 counts the value itself).
pub(crate) const MAX_DEPTH: u32 = 127;

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
    /// The read failed because the text nests deeper than [`MAX_DEPTH`].
    too_deep: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            too_deep: false,
        }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `b` after optional whitespace.
    #[inline(always)]
    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        let hit = self.peek() == Some(b);
        if hit {
            self.pos += 1;
        }
        hit
    }

    /// Advances over string content that needs no attention (no `"`, `\\` or control
    /// character), eight bytes at a time where it can: strings are most of a catalog's bytes.
    #[inline(always)]
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGHS: u64 = 0x8080_8080_8080_8080;
        // Whether any byte of `v` is below `n` (exact for n <= 128; bytes >= 0x80 never count).
        let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGHS != 0;
        while let Some(chunk) = self.bytes.get(self.pos..self.pos + 8) {
            let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            let w = u64::from_le_bytes(bytes);
            if below(w, 0x20) || below(w ^ (ONES * 0x22), 1) || below(w ^ (ONES * 0x5c), 1) {
                break;
            }
            self.pos += 8;
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            self.pos += 1;
        }
    }

    /// What stopped the read at `pos`; `trailing` when a whole value was read and more follows.
    #[cold]
    fn error(&self, trailing: bool) -> SyntaxError {
        let (done, rest) = self.bytes.split_at(self.pos.min(self.bytes.len()));
        let line_start = done.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let eof = rest.iter().all(|b| b" \t\n\r".contains(b));
        let next = self.text.get(self.pos..).and_then(|t| t.chars().next());
        let what = if self.too_deep {
            format!("nested more than {MAX_DEPTH} levels deep")
        } else if trailing {
            "trailing characters".to_owned()
        } else if eof {
            "the text ends inside a value".to_owned()
        } else {
            match next {
                Some(c) if c.is_ascii_graphic() => format!("unexpected `{c}`"),
                Some(c) => format!("unexpected character U+{:04X}", u32::from(c)),
                None => "invalid text".to_owned(),
            }
        };
        SyntaxError {
            eof: eof && !trailing && !self.too_deep,
            too_deep: self.too_deep,
            line: done.iter().filter(|&&b| b == b'\n').count() + 1,
            column: done
                .get(line_start..)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count()
                + 1,
            what,
        }
    }

    /// Enters one more level of nesting; `false` (and `too_deep`) past [`MAX_DEPTH`].
    fn deeper(&mut self) -> bool {
        self.depth += 1;
        self.too_deep = self.depth > MAX_DEPTH;
        !self.too_deep
    }

    /// `true`, `false` or `null`; on a mismatch `pos` is at the first byte that differs (at
    /// the end of a text cut inside the word: a truncation).
    fn literal(&mut self, word: &str, value: Value<'a>) -> Option<Value<'a>> {
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return None;
            }
            self.pos += 1;
        }
        Some(value)
    }

    fn value(&mut self) -> Option<Value<'a>> {
        self.skip_ws();
        match self.peek()? {
            b'{' => self.nested(Self::object),
            b'[' => self.nested(Self::array),
            b'"' => self.string().map(Value::String),
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            _ => self.number(),
        }
    }

    fn nested(&mut self, f: fn(&mut Self) -> Option<Value<'a>>) -> Option<Value<'a>> {
        if !self.deeper() {
            return None;
        }
        self.pos += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn array(&mut self) -> Option<Value<'a>> {
        let mut items = Vec::new();
        if self.eat(b']') {
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat(b']') {
                return Some(Value::Array(items));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn object(&mut self) -> Option<Value<'a>> {
        let mut map = Map::new();
        let mut index = None;
        if self.eat(b'}') {
            return Some(Value::Object(map));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            let value = self.value()?;
            map.put(key, value, &mut index);
            if self.eat(b'}') {
                return Some(Value::Object(map));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// A string literal at `pos` (the opening quote): borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.pos += 1;
        let start = self.pos;
        self.skip_plain();
        match self.peek()? {
            b'"' => {
                let s = self.text.get(start..self.pos)?;
                self.pos += 1;
                return Some(Cow::Borrowed(s));
            }
            b'\\' => {}
            _ => return None,
        }
        let mut out = String::from(self.text.get(start..self.pos)?);
        loop {
            let from = self.pos;
            self.skip_plain();
            out.push_str(self.text.get(from..self.pos)?);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(Cow::Owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    let c = match self.peek()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            // A leading surrogate pairs with a trailing one right after it; a
                            // surrogate left alone reads as U+FFFD, as `TextEncoder` writes it
                            // (serde_json refuses the whole text instead).
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                let unpaired = self.pos;
                                let lo = if self.bytes.get(self.pos..self.pos + 2)
                                    == Some(b"\\u".as_slice())
                                {
                                    self.pos += 2;
                                    self.hex4()
                                } else {
                                    None
                                };
                                match lo {
                                    Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                    }
                                    _ => {
                                        self.pos = unpaired;
                                        0xFFFD
                                    }
                                }
                            } else if (0xDC00..0xE000).contains(&hi) {
                                0xFFFD
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code)?);
                            continue;
                        }
                        _ => return None,
                    };
                    self.pos += 1;
                    out.push(c);
                }
                _ => return None,
            }
        }
    }

    /// The four hex digits of a `\u` escape; on an error `pos` is at the first byte that is
    /// not one.
    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + char::from(self.peek()?).to_digit(16)?;
            self.pos += 1;
        }
        Some(n)
    }

    fn digit(&self) -> Option<u64> {
        match self.peek() {
            Some(b @ b'0'..=b'9') => Some(u64::from(b - b'0')),
            _ => None,
        }
    }

    /// A number literal, read with serde_json's own steps (without `float_roundtrip`): the
    /// digits as one `u64` (digits past its range only scale), then one multiplication or
    /// division by a power of ten from the same table, so every number is bit-for-bit the one
    /// serde_json reads. A literal beyond the range of f64 (which serde_json refuses, failing
    /// the whole text) reads as `Null`.
    fn number(&mut self) -> Option<Value<'a>> {
        let positive = self.peek() != Some(b'-');
        if !positive {
            self.pos += 1;
        }
        let mut significand = self.digit()?;
        self.pos += 1;
        // Digits beyond the `u64` only raise the exponent (serde_json's `parse_long_integer`).
        let mut exponent: i32 = 0;
        if significand == 0 {
            if self.digit().is_some() {
                return None;
            }
        } else {
            let mut long = false;
            while let Some(d) = self.digit() {
                self.pos += 1;
                if long || overflows(significand, d) {
                    long = true;
                    exponent = exponent.saturating_add(1);
                } else {
                    significand = significand * 10 + d;
                }
            }
            if long && !matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
                return Some(from_parts(positive, significand, exponent));
            }
        }
        match self.peek() {
            Some(b'.') => {
                self.pos += 1;
                let mut seen = false;
                let mut overflowed = false;
                while let Some(d) = self.digit() {
                    self.pos += 1;
                    seen = true;
                    // Past the `u64`, further fraction digits are ignored.
                    if overflowed || overflows(significand, d) {
                        overflowed = true;
                    } else {
                        significand = significand * 10 + d;
                        exponent -= 1;
                    }
                }
                if !seen {
                    return None;
                }
            }
            Some(b'e' | b'E') => {}
            _ => {
                return Some(Value::Number(if positive {
                    significand.into()
                } else {
                    let negated = (significand as i64).wrapping_neg();
                    // `-0` and magnitudes beyond i64 are floats, as in serde_json.
                    if negated >= 0 {
                        return Some(float(-(significand as f64)));
                    }
                    negated.into()
                }));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            let positive_exp = match self.peek() {
                Some(b'+') => {
                    self.pos += 1;
                    true
                }
                Some(b'-') => {
                    self.pos += 1;
                    false
                }
                _ => true,
            };
            let mut exp = i32::try_from(self.digit()?).ok()?;
            self.pos += 1;
            while let Some(d) = self.digit() {
                self.pos += 1;
                let d = i32::try_from(d).ok()?;
                if exp >= i32::MAX / 10 && (exp > i32::MAX / 10 || d > i32::MAX % 10) {
                    // serde_json's `parse_exponent_overflow`: out of range, or zero.
                    while self.digit().is_some() {
                        self.pos += 1;
                    }
                    if significand != 0 && positive_exp {
                        return Some(Value::Null);
                    }
                    return Some(float(if positive { 0.0 } else { -0.0 }));
                }
                exp = exp * 10 + d;
            }
            exponent = if positive_exp {
                exponent.saturating_add(exp)
            } else {
                exponent.saturating_sub(exp)
            };
        }
        Some(from_parts(positive, significand, exponent))
    }
}

/// Whether `n * 10 + d` overflows a `u64` (serde_json's `overflow!`).
fn overflows(n: u64, d: u64) -> bool {
    n >= u64::MAX / 10 && (n > u64::MAX / 10 || d > u64::MAX % 10)
}

fn float(f: f64) -> Value<'static> {
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// serde_json's `f64_from_parts` (without `float_roundtrip`): `significand × 10^exponent`,
/// `Null` beyond the range of f64.
fn from_parts(positive: bool, significand: u64, mut exponent: i32) -> Value<'static> {
    let mut f = significand as f64;
    loop {
        match POW10.get(exponent.unsigned_abs() as usize) {
            Some(&pow) => {
                if exponent >= 0 {
                    f *= pow;
                    if f.is_infinite() {
                        return Value::Null;
                    }
                } else {
                    f /= pow;
                }
                break;
            }
            None => {
                if f == 0.0 {
                    break;
                }
                if exponent >= 0 {
                    return Value::Null;
                }
                f /= 1e308;
                exponent += 308;
            }
        }
    }
    float(if positive { f } else { -f })
}

/// The powers of ten of serde_json's table (each literal rounded as the compiler rounds it).
#[rustfmt::skip]
static POW10: [f64; 309] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59, 1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89, 1e90, 1e91, 1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99, 1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119, 1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159, 1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209, 1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259, 1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308];

/// Reads JSON text piece by piece, keeping the pieces it is not asked to look into as text
/// slices: the catalog scan walks the top level and the model list with it, keeps a model's
/// `supported_parameters` and `pricing` as slices ([`raw`](Self::raw)) and reads its other
/// fields into the borrowed tree ([`value`](Self::value)).
///
/// Skipped values are checked as strictly as serde_json checks what it ignores (grammar,
/// escapes, control characters), without converting numbers; nesting is counted over the whole
/// text, levels entered by [`open`](Self::open) included. Every method returns `None` at the
/// first error; [`error`](Self::error) then says where.
pub(crate) struct Scanner<'a>(Parser<'a>);

impl<'a> Scanner<'a> {
    /// A scanner at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Scanner(Parser::new(text))
    }

    /// The next non-whitespace byte, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        self.0.skip_ws();
        self.0.peek()
    }

    /// Consumes `{` or `[`.
    pub fn open(&mut self, b: u8) -> Option<()> {
        (self.0.eat(b) && self.0.deeper()).then_some(())
    }

    /// Before each member of an object opened with [`open`](Self::open): its key, or `None`
    /// after the closing `}`. `first` is true for the first call.
    pub fn key(&mut self, first: bool) -> Option<Option<Cow<'a, str>>> {
        if self.0.eat(b'}') {
            self.0.depth -= 1;
            return Some(None);
        }
        if !first && !self.0.eat(b',') {
            return None;
        }
        self.0.skip_ws();
        if self.0.peek() != Some(b'"') {
            return None;
        }
        let key = self.0.string()?;
        self.0.eat(b':').then_some(Some(key))
    }

    /// Before each element of an array opened with [`open`](Self::open): `true` when one
    /// follows, `false` after the closing `]`.
    pub fn element(&mut self, first: bool) -> Option<bool> {
        if self.0.eat(b']') {
            self.0.depth -= 1;
            return Some(false);
        }
        if !first && !self.0.eat(b',') {
            return None;
        }
        Some(true)
    }

    /// Reads one value into the borrowed tree.
    pub fn value(&mut self) -> Option<Value<'a>> {
        self.0.value()
    }

    /// Skips one value and returns its text.
    pub fn raw(&mut self) -> Option<&'a str> {
        self.0.skip_ws();
        let start = self.0.pos;
        self.0.skip()?;
        self.0.text.get(start..self.0.pos)
    }

    /// Where the scan stopped (after a method returned `None`), or, with `trailing`, what
    /// follows a whole document. Nesting deeper than serde_json reads counts the levels
    /// [`open`](Self::open) entered too.
    pub fn error(&self, trailing: bool) -> SyntaxError {
        self.0.error(trailing)
    }

    /// Only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.0.skip_ws();
        self.0.pos == self.0.bytes.len()
    }
}

impl Parser<'_> {
    /// Skips one value, checking it as serde_json checks ignored values.
    fn skip(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'{' | b'[' => {
                if !self.deeper() {
                    return None;
                }
                let close = if self.peek() == Some(b'{') {
                    b'}'
                } else {
                    b']'
                };
                self.pos += 1;
                if !self.eat(close) {
                    loop {
                        if close == b'}' {
                            self.skip_ws();
                            if self.peek() != Some(b'"') {
                                return None;
                            }
                            self.skip_string()?;
                            if !self.eat(b':') {
                                return None;
                            }
                        }
                        self.skip()?;
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                self.depth -= 1;
                Some(())
            }
            b'"' => self.skip_string(),
            b't' => self.literal("true", Value::Null).map(drop),
            b'f' => self.literal("false", Value::Null).map(drop),
            b'n' => self.literal("null", Value::Null).map(drop),
            _ => self.skip_number(),
        }
    }

    /// Skips a number literal without converting it; on an error `pos` is at the first byte
    /// that breaks JSON's number grammar.
    fn skip_number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.digit()? {
            0 => self.pos += 1,
            _ => self.skip_digits(),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digit()?;
            self.skip_digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digit()?;
            self.skip_digits();
        }
        Some(())
    }

    fn skip_digits(&mut self) {
        while self.digit().is_some() {
            self.pos += 1;
        }
    }

    /// Skips a string literal: escapes must be valid (`\u` with four hex digits, whatever
    /// they encode) and control characters are refused.
    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            self.skip_plain();
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.pos += 1,
                        b'u' => {
                            self.pos += 1;
                            self.hex4()?;
                        }
                        _ => return None,
                    }
                }
                b if b < 0x20 => return None,
                _ => self.pos += 1,
            }
        }
    }
}

/// An object's entries whose keys are not integer-like, in order.
fn plain<'m, 'a>(map: &'m Map<'a>) -> impl Iterator<Item = (&'m str, &'m Value<'a>)> {
    map.iter().filter(|(k, _)| !array_index(k))
}

/// An object's entries with integer-like keys, ascending as JavaScript lists them.
fn indexed<'m, 'a>(map: &'m Map<'a>) -> Vec<(u32, &'m Value<'a>)> {
    let mut out: Vec<(u32, &'m Value<'a>)> = map
        .iter()
        .filter(|(k, _)| array_index(k))
        .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
        .collect();
    out.sort_unstable_by_key(|&(n, _)| n);
    out
}

/// Whether JavaScript lists `key` among an object's integer keys (first, ascending; what
/// `JSON.stringify` of a copy writes): canonical digits (`"2"`, not `"02"`) of a number below
/// 2^32 − 1.
fn array_index(key: &str) -> bool {
    let canonical = !key.is_empty()
        && key.len() <= 10
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key == "0" || !key.starts_with('0'));
    canonical && key.parse::<u32>().is_ok_and(|n| n != u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_where_and_what() {
        let at = |text: &str| parse_located(text).err().map(|e| e.to_string());
        assert_eq!(
            at("{\"a\": [1, 2,]}").as_deref(),
            Some("unexpected `]` at line 1 column 13")
        );
        assert_eq!(
            at("[1,\n  tru]").as_deref(),
            Some("unexpected `]` at line 2 column 6")
        );
        assert_eq!(
            at("[\"é\", \u{1}]").as_deref(),
            Some("unexpected character U+0001 at line 1 column 7")
        );
        assert_eq!(
            at("{} x").as_deref(),
            Some("trailing characters at line 1 column 4")
        );
        let cut = parse_located("{\"a\": [1, 2").unwrap_err();
        assert!(cut.eof && !cut.too_deep, "{cut}");
        assert_eq!(
            cut.to_string(),
            "the text ends inside a value at line 1 column 12"
        );
        // A text cut inside a literal or an escape is a truncation too.
        for cut in ["[tru", "{\"a\": nul", "[\"\\u12"] {
            let e = parse_located(cut).unwrap_err();
            assert!(e.eof, "{cut}: {e}");
        }
        assert_eq!(
            at("[trie]").as_deref(),
            Some("unexpected `i` at line 1 column 4")
        );
        assert_eq!(
            at("[\"\\u12x4\"]").as_deref(),
            Some("unexpected `x` at line 1 column 7")
        );
        // Skipped values (the scan keeps parameters and prices as text) say where too.
        for (text, error) in [
            ("{\"x\":01}", "unexpected `1` at line 1 column 7"),
            ("{\"x\":1.5.5}", "unexpected `.` at line 1 column 9"),
            ("{\"x\":1-2}", "unexpected `-` at line 1 column 7"),
            ("{\"x\":1.}", "unexpected `}` at line 1 column 8"),
            ("{\"x\":[1e+]}", "unexpected `]` at line 1 column 10"),
        ] {
            let mut s = Scanner::new(text);
            let read = s.open(b'{').and_then(|_| s.key(true)).and_then(|_| s.raw());
            let next = read.and_then(|_| s.key(false));
            assert!(next.is_none(), "{text}");
            assert_eq!(s.error(false).to_string(), error, "{text}");
        }
        let deep = parse_located(&"[".repeat(200)).unwrap_err();
        assert!(deep.too_deep && !deep.eof, "{deep}");
        assert_eq!(parse_located(" [1] ").ok(), parse("[1]"));
    }

    #[test]
    fn reads_like_serde_json() {
        let text = r#"{"b": [1, -2, 2.5, "x\"y", true, null], "a": {"c": "d"}, "b2": 1e400}"#;
        let v = parse(text).expect("json");
        let expected =
            serde_json::json!({"b": [1, -2, 2.5, "x\"y", true, null], "a": {"c": "d"}, "b2": null});
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

    /// Valid JSON reads as serde_json reads it; text serde_json refuses is refused too, except
    /// for numbers beyond the f64 range, which read as `null` (as `null_overflows` has them;
    /// that repair also reads malformed literals such as `01` as `null`; this reader refuses
    /// them, as serde_json does).
    // The oracle for numbers beyond the f64 range: serde_json on the text with every such
    // literal replaced by `null` (how the crate read them before it had its own reader).
    /// The bytes of JSON text that lie outside string literals, with their offsets. An opening
    /// quote is yielded (it ends a preceding token); the string's contents and closing quote are not.
    fn outside_strings(text: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
        let (mut in_string, mut escaped) = (false, false);
        text.bytes().enumerate().filter(move |&(_, b)| {
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
                return false;
            }
            in_string = b == b'"';
            true
        })
    }

    /// `text` with every number literal outside the f64 range replaced by `null`; `None` when it
    /// has none.
    fn null_overflows(text: &str) -> Option<String> {
        let mut out = String::new();
        let (mut copied, mut start) = (0usize, None::<usize>);
        for (i, b) in outside_strings(text).chain([(text.len(), b' ')]) {
            if let Some(from) = start {
                if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E') {
                    continue;
                }
                start = None;
                let literal = text.get(from..i).unwrap_or_default();
                // (Through `Value`: a typed `f64` read links serde's float type-error message.)
                if !matches!(
                    serde_json::from_str::<serde_json::Value>(literal),
                    Ok(serde_json::Value::Number(_))
                ) {
                    out.push_str(text.get(copied..from).unwrap_or_default());
                    out.push_str("null");
                    copied = i;
                }
            }
            if matches!(b, b'-' | b'0'..=b'9') {
                start = Some(i);
            }
        }
        if copied == 0 {
            return None;
        }
        out.push_str(text.get(copied..).unwrap_or_default());
        Some(out)
    }

    fn has_surrogate_escape(text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        [
            "\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf",
        ]
        .iter()
        .any(|p| lower.contains(p))
    }

    fn same_as_serde(text: &str) {
        let ours = parse(text).map(|v| v.to_serde());
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(theirs) => assert_eq!(ours, Some(theirs), "{text:?}"),
            // serde_json refuses unpaired surrogates; they read as U+FFFD here.
            Err(_) if has_surrogate_escape(text) => {}
            Err(_) => {
                if ours.is_some() {
                    let repaired = null_overflows(text)
                        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
                    assert_eq!(ours, repaired, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn edge_cases_read_like_serde_json() {
        for text in [
            "0",
            "-0",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e5",
            "1E+5",
            "1e-5",
            "2.5e",
            "1e400",
            "-1e400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "0.1",
            "1.7976931348623157e308",
            "5e-324",
            "123456789.123456789",
            " [ ] ",
            "{}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[1 2]",
            "tru",
            "nul",
            "null x",
            r#""\u00e9\ud83d\ude00""#,
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            r#""\x""#,
            r#""\/\b\f\n\r\t\"\\""#,
            "\"tab\there\"",
            "\"",
            "\"abc",
            "[\"a\\",
            r#"{"a":{"b":[1e400,{"c":null}]}}"#,
            "\u{feff}1",
            "",
            "   ",
        ] {
            same_as_serde(text);
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for n in [126, 127, 128, 129] {
            same_as_serde(&deep(n));
        }
        assert!(parse(&deep(127)).is_some());
        assert!(parse(&deep(128)).is_none());
        assert_eq!(parse("1e400"), Some(Value::Null));
        assert_eq!(
            parse(r#"{"a":[-1e400]}"#).map(|v| v.to_serde()),
            Some(serde_json::json!({"a": [null]}))
        );
        assert_eq!(parse("01"), None);
        for (text, want) in [
            (r#""\ud83d""#, "\u{fffd}"),
            (r#""\ude00x""#, "\u{fffd}x"),
            (r#""\ud83dx""#, "\u{fffd}x"),
            (r#""\ud83d\u0041""#, "\u{fffd}A"),
            (r#""\ud83d\ud83d\ude00""#, "\u{fffd}😀"),
            (r#""\ud83d\ude00""#, "😀"),
        ] {
            assert_eq!(
                parse(text).as_ref().and_then(Value::as_str),
                Some(want),
                "{text}"
            );
        }
        assert_eq!(parse(r#""\ud83d\uZZZZ""#), None);
    }

    #[test]
    fn strings_read_right_whatever_falls_on_an_eight_byte_boundary() {
        for len in 0..40 {
            for at in 0..len {
                for special in ["\\\"", "\\\\", "\\n", "\\u00e9", "é", "😀", "\u{7f}", "~"] {
                    let body: String = (0..len)
                        .map(|i| if i == at { special } else { "a" })
                        .collect();
                    for text in [
                        format!("\"{body}\""),
                        format!("{{\"{body}\": [\"{body}\"]}}"),
                    ] {
                        same_as_serde(&text);
                        let mut s = Scanner::new(&text);
                        assert_eq!(s.raw(), Some(text.as_str()), "{text:?}");
                    }
                }
                // A raw control character or an unescaped quote inside is refused.
                let bad: String = (0..len)
                    .map(|i| if i == at { '\u{1}' } else { 'a' })
                    .collect();
                assert!(parse(&format!("\"{bad}\"")).is_none());
                assert!(Scanner::new(&format!("\"{bad}\"")).raw().is_none());
            }
        }
    }

    use proptest::prelude::*;

    fn arb_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            any::<u64>().prop_map(|n| serde_json::json!(n)),
            any::<f64>().prop_map(|x| serde_json::json!(x)),
            (0u32..100_000, 0u32..1000)
                .prop_map(|(a, b)| serde_json::json!(f64::from(a) / f64::from(b + 1))),
            "\\PC{0,12}".prop_map(serde_json::Value::String),
            "[a-z\"\\\\\n\t/\u{0}-\u{1f}é😀]{0,8}".prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::vec(("[a-c]{1,2}|\\PC{0,4}", inner), 0..6)
                    .prop_map(|kv| { serde_json::Value::Object(kv.into_iter().collect()) }),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_document_reads_like_serde_json(v in arb_json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            } else {
                v.to_string()
            };
            same_as_serde(&text);
        }

        #[test]
        fn decimals_read_bit_for_bit_like_serde_json(
            negative in any::<bool>(),
            int in "0|[1-9][0-9]{0,14}",
            frac in "[0-9]{1,22}",
        ) {
            let text = format!("{}{int}.{frac}", if negative { "-" } else { "" });
            let ours = parse(&text).and_then(|v| v.as_f64()).map(f64::to_bits);
            let theirs = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.as_f64())
                .map(f64::to_bits);
            prop_assert_eq!(ours, theirs, "{}", text);
        }

        #[test]
        fn any_number_reads_bit_for_bit_like_serde_json(
            negative in any::<bool>(),
            int in "0|[1-9][0-9]{0,30}",
            frac in prop::option::of("[0-9]{1,30}"),
            exp in prop::option::of("[eE][+-]?[0-9]{1,12}"),
        ) {
            let text = format!(
                "{}{int}{}{}",
                if negative { "-" } else { "" },
                frac.map(|f| format!(".{f}")).unwrap_or_default(),
                exp.unwrap_or_default(),
            );
            let ours = parse(&text).map(|v| v.to_serde());
            // serde_json refuses what lies beyond the f64 range; it reads as null here.
            let theirs = serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or(serde_json::Value::Null);
            prop_assert_eq!(ours.as_ref(), Some(&theirs), "{}", text);
            if let (Some(a), Some(b)) = (ours.as_ref().and_then(|v| v.as_f64()), theirs.as_f64()) {
                prop_assert_eq!(a.to_bits(), b.to_bits(), "{}", text);
            }
        }

        #[test]
        fn damaged_documents_are_refused_like_serde_json(
            v in arb_json(),
            cut in any::<prop::sample::Index>(),
            byte in prop::sample::select(&b"{}[]\",:\\ 0-e.ntu"[..]),
            insert in any::<bool>(),
        ) {
            let mut bytes = v.to_string().into_bytes();
            let at = cut.index(bytes.len() + 1);
            if insert {
                bytes.insert(at, byte);
            } else if at < bytes.len() {
                bytes.remove(at);
            }
            if let Ok(text) = String::from_utf8(bytes) {
                same_as_serde(&text);
            }
        }
    }

    /// One change to a map, applied alike to a [`Map`] and a `serde_json::Map`.
    #[derive(Debug, Clone)]
    enum Edit {
        Insert(String, i64),
        Remove(String),
        ShiftRemove(String),
    }

    fn arb_edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            ("[a-e]", any::<i64>()).prop_map(|(k, n)| Edit::Insert(k, n)),
            "[a-e]".prop_map(Edit::Remove),
            "[a-e]".prop_map(Edit::ShiftRemove),
        ]
    }

    proptest! {
        /// Values converted from serde_json write the same JSON text (numbers, `-0`, key
        /// order) and convert back to the same value.
        #[test]
        fn owned_values_write_like_serde_json(v in arb_json()) {
            let owned = OwnedValue::from(v.clone());
            prop_assert_eq!(serde_json::to_string(&owned).unwrap(), serde_json::to_string(&v).unwrap());
            prop_assert_eq!(owned.to_string(), v.to_string());
            prop_assert_eq!(owned.to_serde(), v.clone());
            prop_assert!(owned == v);
            let text = v.to_string();
            let read: Option<serde_json::Value> = serde_json::from_str(&text).ok();
            prop_assert_eq!(parse(&text).map(Value::into_owned), read.map(OwnedValue::from));
        }

        /// Inserting and removing keeps the same entries in the same order as
        /// `serde_json::Map` with `preserve_order` (`remove` swaps the last entry in).
        #[test]
        fn maps_change_like_serde_json_maps(edits in prop::collection::vec(arb_edit(), 0..24)) {
            let mut ours = OwnedMap::new();
            let mut theirs = serde_json::Map::new();
            for edit in edits {
                let (a, b) = match edit {
                    Edit::Insert(k, n) => (ours.insert(k.clone(), n.into()), theirs.insert(k, n.into())),
                    Edit::Remove(k) => (ours.remove(&k), theirs.remove(&k)),
                    Edit::ShiftRemove(k) => (ours.shift_remove(&k), theirs.shift_remove(&k)),
                };
                prop_assert_eq!(a.map(|v| v.to_serde()), b);
                let keys: Vec<&str> = ours.keys().collect();
                let expected: Vec<&str> = theirs.keys().map(String::as_str).collect();
                prop_assert_eq!(keys, expected);
                prop_assert!(ours == theirs);
            }
        }
    }

    #[test]
    fn large_collections_keep_the_first_place_and_the_last_value() {
        // Past `INDEXED` entries, keys are found through the hash index.
        let pairs: Vec<(String, i64)> = (0..3000i64)
            .map(|i| (format!("k{}", i * 7 % 1000), i))
            .collect();
        let theirs: serde_json::Map<String, serde_json::Value> = pairs
            .iter()
            .map(|(k, i)| (k.clone(), (*i).into()))
            .collect();
        let mut ours: OwnedMap = pairs[..10]
            .iter()
            .map(|(k, i)| (k.clone(), (*i).into()))
            .collect();
        ours.extend(
            pairs[10..]
                .iter()
                .map(|(k, i)| (k.clone(), OwnedValue::from(*i))),
        );
        assert_eq!(ours.len(), 1000);
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            theirs.keys().map(String::as_str).collect::<Vec<_>>()
        );
        assert!(ours == theirs);
    }

    #[test]
    fn owned_values_behave_like_serde_json_values() {
        // Non-finite numbers are null; `-0` stays a float; integers stay integers.
        assert_eq!(OwnedValue::from(f64::NAN), OwnedValue::Null);
        assert_eq!(OwnedValue::from(f64::INFINITY), OwnedValue::Null);
        assert_eq!(OwnedValue::from(-0.0).to_string(), "-0.0");
        assert_eq!(OwnedValue::from(4u32).to_string(), "4");
        assert_eq!(OwnedValue::from(4.0).to_string(), "4.0");
        assert_ne!(OwnedValue::from(4u32), OwnedValue::from(4.0));
        // Objects compare by entries, in any order (as `serde_json::Map`s do).
        let ab = OwnedValue::from(serde_json::json!({"a": 1, "b": [true]}));
        let ba = OwnedValue::from(serde_json::json!({"b": [true], "a": 1}));
        assert_eq!(ab, ba);
        assert_ne!(ab.to_string(), ba.to_string());
        // Indexing never panics.
        assert_eq!(ab["b"][0], true);
        assert!(ab["missing"]["deeper"][3].is_null());
        assert_eq!(ab["a"], 1);
        // A key inserted again keeps its place.
        let mut map = OwnedMap::new();
        map.insert("x", 1.into());
        map.insert("y", 2.into());
        assert_eq!(map.insert("x", 3.into()), Some(1.into()));
        assert_eq!(map.keys().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(OwnedValue::Object(map).to_string(), r#"{"x":3,"y":2}"#);
    }
}
