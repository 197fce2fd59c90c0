//! Lists of choices in the shapes the catalogs use, read into deduplicated option values.

use super::num::number_text;
use super::{Cx, MAX_OPTIONS};
use crate::hash::HashSet;
use crate::json::Value;

/// A list of choices as the catalog wrote it, before validation.
pub(super) struct Listing<'v> {
    /// The raw values with the label the catalog gave, if any.
    pub entries: Vec<(&'v Value<'v>, Option<&'v str>)>,
    /// The catalog's default, if any.
    pub default: Option<&'v Value<'v>>,
    /// The descriptor's `label`.
    pub label: Option<&'v str>,
    /// The descriptor's `description`.
    pub description: Option<&'v str>,
}

/// Recognizes a list of choices: a plain array, or `{type:"enum"}` / `{type:"select"}` with a
/// `values` or `options` list (the typed catalog spells it `values`, the video catalog
/// `options`), its entries plain values or `{value, label}` objects.
pub(super) fn listing<'v>(value: &'v Value<'v>) -> Option<Listing<'v>> {
    match value {
        Value::Array(items) => Some(Listing {
            entries: items.iter().map(|v| (v, None)).collect(),
            default: None,
            label: None,
            description: None,
        }),
        Value::Object(obj) => {
            if !matches!(
                obj.get("type").and_then(Value::as_str),
                Some("enum" | "select")
            ) {
                return None;
            }
            // Either list under either name (the typed catalog's `values`, the video catalog's
            // `options`; the two spellings mixed is still a list), of values or `{value, label}`.
            let list = obj.get("values").and_then(Value::as_array);
            let entries = list
                .or_else(|| obj.get("options").and_then(Value::as_array))?
                .iter()
                .map(|o| match o.get("value") {
                    Some(v) => (v, o.get("label").and_then(Value::as_str)),
                    None => (o, None),
                })
                .collect();
            Some(Listing {
                entries,
                default: obj.get("default"),
                label: non_empty(obj.get("label")),
                description: non_empty(obj.get("description")),
            })
        }
        _ => None,
    }
}

/// A non-empty string field.
pub(super) fn non_empty<'v>(value: Option<&'v Value<'v>>) -> Option<&'v str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// The option value of one raw entry: strings as they are, numbers as text when `numbers` is set.
pub(super) fn entry_text(value: &Value, numbers: bool) -> Option<String> {
    match value {
        Value::String(s) => Some(s.as_ref().to_owned()),
        _ if numbers => number_text(value),
        _ => None,
    }
}

/// The catalog's own entry behind `option`, an option of the choice control at `key` whose
/// options were collected with numbers (inferred choices, rendering speeds), when that entry is
/// a number: such a list is shown as text options, and the request sends the number back.
///
/// The entry is the first one that reads as `option`, as [`collect`] keeps the first of equal
/// values. `None` for string entries and where `params` (the model's parsed
/// `supported_parameters`) has no such list.
pub(crate) fn numeric_entry(
    params: &Value,
    key: &str,
    option: &str,
) -> Option<crate::json::OwnedValue> {
    let list = listing(params.as_object()?.get(key)?)?;
    let (raw, _) = list
        .entries
        .iter()
        .find(|(raw, _)| entry_text(raw, true).as_deref() == Some(option))?;
    matches!(raw, Value::Number(_)).then(|| (*raw).clone().into_owned())
}

/// Options up to which duplicates are found by scanning the values kept so far.
const SCAN_LIMIT: usize = 32;

/// The listing's values as `(value, label)` pairs: catalog order, exact strings, duplicates
/// and unusable entries dropped, at most [`MAX_OPTIONS`]. One warning per kind of problem.
pub(super) fn collect<'v>(
    cx: &mut Cx,
    path: &str,
    listing: &Listing<'v>,
    numbers: bool,
) -> Vec<(String, Option<&'v str>)> {
    // Short lists (nearly all) are checked for duplicates by a scan; longer ones get a set.
    let mut seen: Option<HashSet<String>> = None;
    let mut out: Vec<(String, Option<&'v str>)> = Vec::with_capacity(listing.entries.len());
    let (mut skipped, mut duplicates, mut over) = (0usize, 0usize, 0usize);
    for &(raw, label) in &listing.entries {
        let Some(text) = entry_text(raw, numbers) else {
            skipped += 1;
            continue;
        };
        if out.len() >= MAX_OPTIONS {
            over += 1;
            continue;
        }
        let fresh = match &mut seen {
            Some(set) => set.insert(text.clone()),
            None => !out.iter().any(|(t, _)| *t == text),
        };
        if !fresh {
            duplicates += 1;
            continue;
        }
        if seen.is_none() && out.len() + 1 >= SCAN_LIMIT {
            seen = Some(
                out.iter()
                    .map(|(t, _)| t.clone())
                    .chain([text.clone()])
                    .collect(),
            );
        }
        out.push((text, label));
    }
    if skipped > 0 {
        let what = if numbers {
            "strings or numbers"
        } else {
            "strings"
        };
        cx.warn(
            path,
            format!("skipped {skipped} value(s) that are not {what}"),
        );
    }
    if duplicates > 0 {
        cx.warn(path, format!("dropped {duplicates} duplicate value(s)"));
    }
    if over > 0 {
        cx.warn(
            path,
            format!("kept the first {MAX_OPTIONS} options; dropped {over} more"),
        );
    }
    out
}

/// The catalog default as an option value, when it names one of `values`.
///
/// A default that names no option is reported and ignored.
pub(super) fn default_of<'x>(
    cx: &mut Cx,
    path: &str,
    default: Option<&Value>,
    mut values: impl Iterator<Item = &'x str>,
) -> Option<String> {
    let default = default.filter(|d| !d.is_null())?;
    let text = entry_text(default, true);
    match text {
        Some(t) if values.any(|v| v == t) => Some(t),
        _ => {
            cx.warn(path, "the default is not one of the options; ignored");
            None
        }
    }
}
