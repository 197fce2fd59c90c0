//! A JSON tree that borrows its strings from the source text.
//!
//! Deriving controls and reading prices walk a model's `supported_parameters` and `pricing`
//! once per call. Parsed into `serde_json::Value`, every key and string was a fresh allocation
//! and every object an `IndexMap`, and the trees were then kept for the life of the catalog;
//! this tree copies only strings with escapes, keeps objects as small vectors in source order,
//! and is dropped when the call ends. Its API mirrors the parts of `serde_json::Value` the
//! derivation uses, so code reads the same.

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
}

/// Writes the tree as JSON (objects in source order).
impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
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
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, v)?;
                }
                out.end()
            }
        }
    }
}

/// Parses JSON text (numbers beyond the f64 range read as `null`; a `\u` escape of an unpaired surrogate reads as U+FFFD). `None`
/// for text that is not JSON, or nested deeper than serde_json accepts (127 levels).
///
/// A hand-written reader: at `opt-level = "z"` it is several times faster than serde_json's
/// deserializer driving a visitor, and the derivation parses every model's
/// `supported_parameters` and `pricing` with it. Plain non-negative integers and plain
/// decimals ([`plain_decimal`]) are converted here with serde_json's own operations, other
/// number literals by serde_json, so every number reads exactly as serde_json reads it.
pub fn parse(text: &str) -> Option<Value<'_>> {
    let mut p = Parser::new(text);
    let value = p.value()?;
    p.skip_ws();
    (p.pos == p.bytes.len()).then_some(value)
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

    /// Enters one more level of nesting; `false` (and `too_deep`) past [`MAX_DEPTH`].
    fn deeper(&mut self) -> bool {
        self.depth += 1;
        self.too_deep = self.depth > MAX_DEPTH;
        !self.too_deep
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Option<Value<'a>> {
        let end = self.pos + word.len();
        (self.bytes.get(self.pos..end)? == word.as_bytes()).then(|| {
            self.pos = end;
            value
        })
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
        let mut entries: Vec<(Cow<'a, str>, Value<'a>)> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        if self.eat(b'}') {
            return Some(Value::Object(Map { entries }));
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
            let found = match &index {
                Some(index) => index.get(key.as_ref()).copied(),
                None => entries.iter().position(|(k, _)| *k == key),
            };
            if let Some(slot) = found.and_then(|i| entries.get_mut(i)) {
                slot.1 = value;
            } else {
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
            if self.eat(b'}') {
                return Some(Value::Object(Map { entries }));
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

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(n)
    }

    fn number(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        let mut plain = true;
        let mut n: u64 = 0;
        while let Some(b) = self.peek() {
            match b {
                b'0'..=b'9' => {
                    match n
                        .checked_mul(10)
                        .and_then(|n| n.checked_add(u64::from(b - b'0')))
                    {
                        Some(m) => n = m,
                        None => plain = false,
                    }
                }
                b'-' | b'+' | b'.' | b'e' | b'E' => plain = false,
                _ => break,
            }
            self.pos += 1;
        }
        let literal = self.text.get(start..self.pos)?;
        let leading_zero = literal.len() > 1 && literal.starts_with('0');
        if plain && !literal.is_empty() && !leading_zero {
            return Some(Value::Number(n.into()));
        }
        if let Some(f) = plain_decimal(literal) {
            return serde_json::Number::from_f64(f).map(Value::Number);
        }
        // Grammar, sign, fractions, exponents and overflow exactly as serde_json has them.
        // (Through `Value`, whose instance the catalog scan already links.)
        match serde_json::from_str::<serde_json::Value>(literal) {
            Ok(serde_json::Value::Number(n)) => Some(Value::Number(n)),
            Ok(_) => None,
            Err(_) if literal_is_number(literal) => Some(Value::Null),
            Err(_) => None,
        }
    }
}

/// A decimal without exponent (`0.04`, `-12.5`) read with exactly the operations serde_json
/// uses without `float_roundtrip` (the digits as one `u64`, converted, then one division by a
/// power of ten), so the value is bit-for-bit the one serde_json gives; `None` for anything
/// else (serde_json then reads it). Prices are such decimals.
fn plain_decimal(literal: &str) -> Option<f64> {
    // The powers of ten serde_json's table holds, exactly (10^22 is the last exact one).
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let bytes = literal.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let body = bytes.get(usize::from(negative)..)?;
    // One pass: digits, one `.`, digits; a leading zero only alone before the point.
    let (mut significand, mut int_len, mut point) = (0u64, 0usize, None);
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                significand = significand
                    .checked_mul(10)?
                    .checked_add(u64::from(b - b'0'))?;
            }
            b'.' if point.is_none() && i > 0 => {
                point = Some(i);
                int_len = i;
            }
            _ => return None,
        }
    }
    let point = point?;
    let frac_len = body.len() - point - 1;
    if frac_len == 0 || (int_len > 1 && body.first() == Some(&b'0')) {
        return None;
    }
    let f = significand as f64 / POW10.get(frac_len)?;
    Some(if negative { -f } else { f })
}

/// Reads JSON text piece by piece, keeping the pieces it is not asked to look into as text
/// slices: the catalog scan walks the top level and the model list with it, keeps a model's
/// `supported_parameters` and `pricing` as slices ([`raw`](Self::raw)) and reads its other
/// fields into the borrowed tree ([`value`](Self::value)).
///
/// Skipped values are checked as strictly as serde_json checks what it ignores (grammar,
/// escapes, control characters), without converting numbers; nesting is counted over the whole
/// text, levels entered by [`open`](Self::open) included. Every method returns `None` at the
/// first error; the caller then asks serde_json for a message with line and column.
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

    /// Whether the scan stopped because the text nests deeper than serde_json reads (the
    /// levels [`open`](Self::open) entered count too).
    pub fn too_deep(&self) -> bool {
        self.0.too_deep
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
            _ => {
                let start = self.pos;
                while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
                    self.pos += 1;
                }
                literal_is_number(self.text.get(start..self.pos)?).then_some(())
            }
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

/// Whether `literal` has JSON's number grammar (whatever its magnitude).
fn literal_is_number(literal: &str) -> bool {
    let b = literal.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > from
    };
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
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
            Some(json!({"a": [null]}))
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
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|x| json!(x)),
            (0u32..100_000, 0u32..1000).prop_map(|(a, b)| json!(f64::from(a) / f64::from(b + 1))),
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
}
