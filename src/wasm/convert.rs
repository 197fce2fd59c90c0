//! JS ⇄ Rust conversion through JSON text, and `Error` → JS `Error` with a `code`.

use js_sys::{Object, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use std::borrow::Cow;
use std::cell::RefCell;

use crate::error::Error;
use crate::json::{OwnedMap, OwnedValue, Value};

/// Builds a JS `Error` whose `code` (and `status` / `retryAfter`) say what went wrong.
pub(crate) fn js_error(error: Error) -> JsValue {
    let (code, status) = (error.code(), error.status());
    let retry_after = match error {
        Error::RateLimited {
            retry_after: Some(seconds),
            ..
        } => Some(seconds),
        _ => None,
    };
    let js = js_sys::Error::new(&error.into_message());
    js.set_name("NanoGptError");
    let obj: &Object = js.as_ref();
    let _ = Reflect::set(obj, &"code".into(), &code.into());
    if let Some(status) = status {
        let _ = Reflect::set(obj, &"status".into(), &JsValue::from(status));
    }
    if let Some(seconds) = retry_after {
        let _ = Reflect::set(obj, &"retryAfter".into(), &JsValue::from(seconds));
    }
    js.into()
}

/// Serializes `value` to JSON in wasm and lets the engine's `JSON.parse` build the objects.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    parse_serialized(serde_json::to_string(value))
}

/// The part of [`to_js`] that does not depend on the type (kept out of its instances).
fn parse_serialized(text: serde_json::Result<String>) -> Result<JsValue, JsValue> {
    // serde_json fails only on a map key that is not a string or a `Serialize` impl that
    // fails; no result type has either. Its error is not shown: its Display links serde_json's
    // whole table of parse messages.
    let text = text.map_err(|_| {
        js_error(Error::InvalidArgument(
            "the result could not be written as JSON".into(),
        ))
    })?;
    json_parse(&text)
}

/// `JSON.parse` of text we produced.
pub(crate) fn json_parse(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
        .map_err(|_| js_error(Error::InvalidArgument("internal JSON was rejected".into())))
}

#[wasm_bindgen(module = "/src/wasm/cache.js")]
extern "C" {
    /// The length of a string in UTF-16 code units; -1 for other values.
    #[wasm_bindgen(js_name = textLength)]
    fn text_length(value: &JsValue) -> f64;
    /// `TextEncoder.encodeInto` of the string from UTF-16 unit `from` into `buf`: the bytes
    /// written (the units read: [`last_read`]).
    #[wasm_bindgen(js_name = encodeInto)]
    fn encode_into(value: &JsValue, from: f64, buf: &mut [u8]) -> f64;
    /// The units the last [`encode_into`] read.
    #[wasm_bindgen(js_name = lastRead)]
    fn last_read() -> f64;
    /// The `endpoint` option: 0 openai (or none), 1 images, else the message of what is wrong.
    #[wasm_bindgen(js_name = readEndpoint)]
    pub(crate) fn read_endpoint(options: &JsValue) -> JsValue;
    /// The message for an options key that differs from one of `known` (separated by spaces)
    /// only in letter case (`baseURL`) or lacks its `Ms` (`timeout`), when that known key is not
    /// given too; undefined otherwise.
    #[wasm_bindgen(js_name = optionTypo)]
    fn option_typo(options: &JsValue, known: &str) -> JsValue;
    /// The message for bytes, a promise or a `Response` given as a catalog; `None` otherwise.
    #[wasm_bindgen(js_name = notCatalog)]
    pub(crate) fn not_catalog(value: &JsValue) -> Option<String>;
    /// A values object's JSON text, or an array ([`values_of`]) when big strings were taken
    /// out of it (cache.js explains the references).
    #[wasm_bindgen(js_name = valuesText, catch)]
    fn values_text(values: &JsValue) -> Result<JsValue, JsValue>;
    /// Puts the strings of `refs` back where a result's `body` refers to them.
    #[wasm_bindgen(js_name = withBigs)]
    fn with_bigs(result: &JsValue, refs: &JsValue) -> JsValue;
}

thread_local! {
    /// The big strings of the last two values arguments, by id (cache.js `valuesText`; once
    /// some are held, values without any count as using none): JS sends each once and refers
    /// to it by id while its values hold it.
    static HELD: RefCell<Vec<(u32, String)>> = const { RefCell::new(Vec::new()) };
}

/// The big strings a values argument referred to (cache.js `valuesText`): the JS array that
/// says which, for a result that refers to them too.
#[derive(Default)]
pub(crate) struct Bigs {
    refs: Option<js_sys::Array>,
}

impl Bigs {
    /// Refers to the strings of a request `body` that are the caller's big strings (of this
    /// call: one from the model's `toJSON` may have replaced what wasm holds), and escapes other
    /// strings starting with U+0000 (read back by cache.js `withBigs`).
    pub(crate) fn refer(&self, body: &mut OwnedMap) {
        if let Some(refs) = &self.refs {
            let used: js_sys::Array = refs.get(2).unchecked_into();
            HELD.with_borrow(|held| {
                let mut refer = |s: &mut Cow<'static, str>| {
                    if let Some((id, _)) = held
                        .iter()
                        .find(|(id, b)| same_text(b, s) && used.includes(&JsValue::from(*id), 0))
                    {
                        *s = Cow::Owned(format!("\0{id}"));
                    } else if s.starts_with('\0') {
                        s.to_mut().insert(0, '\0');
                    }
                };
                body.values_mut().for_each(|v| each_string(v, &mut refer));
            });
        }
    }

    /// `result` with the caller's strings back where [`Bigs::refer`] referred to them in its
    /// `body`.
    pub(crate) fn restore(&self, result: JsValue) -> JsValue {
        match &self.refs {
            Some(refs) => with_bigs(&result, refs),
            None => result,
        }
    }
}

/// `a == b`, eight bytes at a time: `==` on strings calls the wasm's `memcmp`, a loop over
/// single bytes (≈ 1.5 ms for a 3 MB image).
fn same_text(a: &str, b: &str) -> bool {
    let word = |c: &[u8]| <[u8; 8]>::try_from(c).map_or(0, u64::from_ne_bytes);
    let (a, b) = (a.as_bytes().chunks_exact(8), b.as_bytes().chunks_exact(8));
    a.len() == b.len()
        && a.remainder() == b.remainder()
        && a.zip(b).all(|(x, y)| word(x) == word(y))
}

/// A values object as JSON: its text parsed, the big strings it refers to put back (copies of
/// those [`HELD`]).
pub(crate) fn values_of(values: &JsValue) -> Result<(OwnedValue, Bigs), Error> {
    let stringified = values_text(values).map_err(|e| unstringifiable("values", &e))?;
    let unconvertible = || Error::InvalidArgument("values cannot be converted to JSON".into());
    // `[text, references, ids used, ids kept, ...new ids and strings]`, or `undefined` (a
    // `toJSON` that returns nothing).
    let refs = match text_of(&stringified) {
        Some(text) => return Ok((parse_values(&text)?, Bigs::default())),
        None => stringified
            .dyn_into::<js_sys::Array>()
            .map_err(|_| unconvertible())?,
    };
    // What wasm holds becomes what JS keeps (what this call and the one before used): those
    // it held, and the new ones. JS counts them as held already, so this comes before anything
    // that can fail (a text too deep).
    let kept: js_sys::Array = refs.get(3).unchecked_into();
    let mut fresh = Vec::new();
    let mut i = 4;
    while i < refs.length() {
        // (Ids count up from 0 in JS; read as whole numbers: float formatting is not linked.)
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let id = refs.get(i).as_f64().ok_or_else(unconvertible)? as u32;
        fresh.push((id, text_of(&refs.get(i + 1)).ok_or_else(unconvertible)?));
        i += 2;
    }
    HELD.with_borrow_mut(|held| {
        held.retain(|(id, _)| kept.includes(&JsValue::from(*id), 0));
        held.append(&mut fresh);
    });
    let mut tree = parse_values(&text_of(&refs.get(0)).ok_or_else(unconvertible)?)?;
    // Each reference `"\0" + id` becomes a copy of the string it refers to, and each other
    // string starting with U+0000 came with a second one, which goes. The replacer counted the
    // strings it made; a string it did not see (a String object, `JSON.rawJSON`) makes a stray
    // or an extra one, and a call from a `toJSON` during the stringify may have dropped what
    // this one refers to: then the values are read as plain JSON, stringified once more.
    let (mut counted, mut stray) = (0.0, false);
    HELD.with_borrow(|held| {
        each_string(&mut tree, &mut |s| {
            if let Some(rest) = s.strip_prefix('\0') {
                counted += 1.0;
                if rest.starts_with('\0') {
                    s.to_mut().remove(0);
                    return;
                }
                let id = rest.parse::<u32>().ok();
                match held.iter().find(|(held, _)| Some(*held) == id) {
                    Some((_, text)) => *s = Cow::Owned(text.clone()),
                    None => stray = true,
                }
            }
        });
    });
    if stray || Some(counted) != refs.get(1).as_f64() {
        return Ok((
            parse_values(&json_text(values, "values")?)?,
            Bigs::default(),
        ));
    }
    Ok((tree, Bigs { refs: Some(refs) }))
}

fn parse_values(text: &str) -> Result<OwnedValue, Error> {
    match crate::json::parse_located(text) {
        Ok(tree) => Ok(tree.into_owned()),
        Err(e) => Err(Error::InvalidArgument(format!("values: {e}"))),
    }
}

/// Calls `f` with every string value in `value` (object keys excluded).
fn each_string(value: &mut OwnedValue, f: &mut dyn FnMut(&mut Cow<'static, str>)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter_mut().for_each(|v| each_string(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| each_string(v, f)),
        _ => {}
    }
}

/// The text of a JS string, written as UTF-8 straight into wasm memory by the engine's
/// `TextEncoder.encodeInto` (much faster than `encode` plus a copy, above all in Chromium).
/// The buffer starts at one byte per UTF-16 unit, which fits ASCII text, and grows when the
/// text needs more.
fn text_of(value: &JsValue) -> Option<String> {
    let units = text_length(value);
    if units < 0.0 {
        return None;
    }
    let units = units as usize;
    let mut buf = vec![0u8; units + 8];
    let (mut read, mut written) = (0usize, 0usize);
    loop {
        written += encode_into(value, read as f64, buf.get_mut(written..)?) as usize;
        read += last_read() as usize;
        if read >= units {
            break;
        }
        // At most three bytes per UTF-16 unit left.
        buf.resize(written + (units - read) * 3 + 8, 0);
    }
    buf.truncate(written);
    String::from_utf8(buf).ok()
}

/// The JSON text of a JS value: strings are taken as JSON text, anything else is stringified.
pub(crate) fn json_text(value: &JsValue, what: &str) -> Result<String, Error> {
    if let Some(text) = text_of(value) {
        return Ok(text);
    }
    if value.is_undefined() || value.is_null() {
        return Err(not_a(what, "", value));
    }
    match JSON::stringify(value) {
        Ok(s) => text_of(&s)
            .ok_or_else(|| Error::InvalidArgument(format!("{what} cannot be converted to JSON"))),
        Err(e) => Err(unstringifiable(what, &e)),
    }
}

/// The error for an argument `what` that is not what it must be (`expected`, as in "an
/// object"), naming `undefined` (what a lookup that found nothing gives) and `null`.
pub(crate) fn not_a(what: &str, expected: &str, value: &JsValue) -> Error {
    let tail = if value.is_undefined() {
        " is undefined (a lookup that found nothing?)"
    } else if value.is_null() {
        " is null"
    } else {
        return Error::InvalidArgument([what, " must be ", expected].concat());
    };
    Error::InvalidArgument([what, tail].concat())
}

/// The error for a value `JSON.stringify` threw on (`e`).
fn unstringifiable(what: &str, e: &JsValue) -> Error {
    let reason = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default();
    Error::InvalidArgument(format!(
        "{what} cannot be converted to JSON (a cycle or a BigInt?) {reason}"
    ))
}

/// A string property of an options object, if present.
pub(crate) fn opt_string(options: &JsValue, key: &str) -> Result<Option<String>, Error> {
    if !options.is_object() {
        return Ok(None);
    }
    let v = Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| Error::InvalidArgument(format!("option `{key}` must be a string")))
}

/// Checks that `options` is undefined, null or an object without a key that differs from one
/// of `known` (separated by spaces) only in letter case (`baseURL` for `baseUrl`) or lacks its
/// `Ms` (`timeout`), unless that known key is given too.
pub(crate) fn check_options(options: &JsValue, known: &str) -> Result<(), Error> {
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(Error::InvalidArgument("options must be an object".into()));
    }
    // Only for an object: the check is a call into JS with `known` as a string, and most calls
    // (`deriveControls(model)`, every keystroke's `buildRequest`) pass no options.
    if !options.is_object() {
        return Ok(());
    }
    match option_typo(options, known).as_string() {
        Some(m) => Err(Error::InvalidArgument(m)),
        None => Ok(()),
    }
}
