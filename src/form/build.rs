//! Turning valid values into a request body.

use crate::json::{OwnedMap as Map, OwnedValue as Value};

use super::images;
use super::text::{num_value, one, put, quote_value};
use super::{as_bool, as_number, is_unset, match_option, validate_values, BuildResult, Values};
use crate::catalog::Model;
use crate::controls::{numeric_entry, Control, ControlSet, Endpoint};
use crate::diagnostic::Diagnostic;
use crate::json;
use std::cell::OnceCell;

/// Values either borrowed (cloned when sent) or owned (moved into the body).
pub(crate) enum Source<'a> {
    Borrowed(&'a Values),
    Owned(Values),
}

impl Source<'_> {
    fn values(&self) -> &Values {
        match self {
            Source::Borrowed(v) => v,
            Source::Owned(v) => v,
        }
    }

    fn take(&mut self, id: &str) -> Option<Value> {
        match self {
            Source::Borrowed(v) => v.get(id).cloned(),
            Source::Owned(v) => v.remove(id),
        }
    }
}

struct Builder<'m> {
    model: &'m Model,
    body: Map,
    warnings: Vec<Diagnostic>,
    /// The model's parameters, parsed once for every choice that needs the catalog's values.
    params: OnceCell<Option<json::Value<'m>>>,
}

impl Builder<'_> {
    fn warn(&mut self, id: &str, message: String) {
        self.warnings.push(Diagnostic::model(
            &self.model.id,
            format!("values.{id}"),
            message,
        ));
    }

    /// Inserts unless the field is taken (a catalog key must not overwrite `model`).
    fn put(&mut self, id: &str, field: &str, value: Value) {
        if self.body.contains_key(field) {
            self.warn(
                id,
                format!("\"{field}\" is already set by another control; {id} was not sent."),
            );
        } else {
            self.body.insert(field.to_owned(), value);
        }
    }
}

pub(crate) fn build(
    model: &Model,
    controls: &ControlSet,
    mut source: Source<'_>,
    endpoint: Endpoint,
) -> BuildResult {
    let mut dropped: Vec<String> = source
        .values()
        .keys()
        .filter(|id| controls.get(id).is_none())
        .map(str::to_owned)
        .collect();
    dropped.sort_unstable();
    let errors = validate_values(controls, source.values());
    if !errors.is_empty() {
        return BuildResult {
            ok: false,
            body: None,
            errors,
            dropped,
            warnings: Vec::new(),
        };
    }
    let mut b = Builder {
        model,
        body: Map::new(),
        warnings: Vec::new(),
        params: OnceCell::new(),
    };
    put(&mut b.body, "model", Value::from(model.id.as_str()));
    for control in &controls.controls {
        let base = control.base();
        let id = base.id.as_ref();
        let field = match (id, endpoint) {
            ("resolution", Endpoint::Openai) => "size",
            ("resolution", Endpoint::Images) => "resolution",
            _ => base.field.as_ref(),
        };
        let given = source.values().get(id).filter(|v| !is_unset(control, v));
        match control {
            Control::Text(c) => {
                let default = c.default.as_deref().unwrap_or("");
                let send = match given {
                    Some(Value::String(s)) => {
                        c.base.required || (!s.is_empty() && (!c.base.advanced || s != default))
                    }
                    _ => false,
                };
                if send {
                    if let Some(v) = source.take(id) {
                        b.put(id, field, v);
                    }
                } else if c.base.required {
                    b.put(id, field, Value::from(""));
                } else if given.is_none() && !c.base.advanced && !default.is_empty() {
                    b.put(id, field, Value::from(default));
                }
            }
            Control::Select(c) | Control::Radio(c) => {
                let chosen = match given {
                    Some(v) => match_option(&c.options, v).map(|o| o.value.as_str()),
                    None => c.default.as_deref(),
                };
                let at_default = chosen == c.default.as_deref();
                if let Some(value) = chosen {
                    // `""` is the provider's default: say nothing.
                    let omit = value.is_empty() || (c.base.advanced && at_default);
                    if !omit {
                        let sent = b.choice_value(c, id, value);
                        if let Some(v) = given.filter(|v| !same_choice(v, value, &sent)) {
                            let message = format!(
                                "{} {} was sent as {}.",
                                c.base.label,
                                quote_value(v),
                                quote_value(&sent)
                            );
                            b.warn(id, message);
                        }
                        b.put(id, field, sent);
                    }
                }
            }
            Control::Slider(c) => {
                // Without a stated default, any value set is sent and none is sent unset.
                let x = number(&mut b, id, &c.base.label, given);
                let x = if c.provider_default {
                    x
                } else {
                    x.or(Some(c.default))
                };
                if let Some(x) = x {
                    if c.provider_default || !(c.base.advanced && x == c.default) {
                        b.put(id, field, num_value(x));
                    }
                }
            }
            Control::Number(c) => {
                let x = number(&mut b, id, &c.base.label, given).or(c.default);
                if let Some(x) = x {
                    if !(c.base.advanced && Some(x) == c.default) {
                        b.put(id, field, num_value(x));
                    }
                }
            }
            Control::Toggle(c) => {
                let on = match given {
                    Some(v) => {
                        let on = as_bool(v).unwrap_or(c.default);
                        if !v.is_boolean() {
                            b.warn(
                                id,
                                format!("{} {} was sent as {on}.", c.base.label, quote_value(v)),
                            );
                        }
                        on
                    }
                    None if c.provider_default => continue,
                    None => c.default,
                };
                if c.provider_default || !(c.base.advanced && on == c.default) {
                    b.put(id, field, Value::from(on));
                }
            }
            Control::Fixed(c) => {
                if let Some(v) = given {
                    if !same_value(v, &c.value) {
                        b.warn(
                            id,
                            format!(
                                "{} is fixed at {} for this model; {} was not sent.",
                                c.base.label,
                                quote_value(&c.value),
                                quote_value(v)
                            ),
                        );
                    }
                }
            }
            Control::Images(_) => {
                let urls = image_urls(source.take(id));
                match (endpoint, urls.len()) {
                    (_, 0) => {}
                    (Endpoint::Openai, 1) => {
                        if let Some(url) = urls.into_iter().next() {
                            b.put(id, "imageDataUrl", Value::from(url));
                        }
                    }
                    (Endpoint::Openai, _) => b.put(id, "imageDataUrls", Value::from(urls)),
                    (Endpoint::Images, _) => {
                        let refs = urls.into_iter().map(|url| {
                            let mut item = one("type", Value::from("image_url"));
                            let image_url = one("url", Value::from(url));
                            put(&mut item, "image_url", Value::Object(image_url));
                            Value::Object(item)
                        });
                        b.put(id, "input_references", Value::Array(refs.collect()));
                    }
                }
            }
            Control::Mask(_) => {
                if given.is_some() {
                    let field = match endpoint {
                        Endpoint::Openai => "maskDataUrl",
                        Endpoint::Images => field,
                    };
                    if let Some(url) = source.take(id).and_then(images::into_url) {
                        b.put(id, field, Value::from(url));
                    }
                }
            }
        }
    }
    BuildResult {
        ok: true,
        body: Some(b.body),
        errors,
        dropped,
        warnings: b.warnings,
    }
}

/// What a choice sends for its option `value`: the text, or the catalog's number where the
/// option came from a list of numbers (inferred choices and rendering speeds read numbers).
impl<'m> Builder<'m> {
    fn choice_value(&self, c: &crate::controls::Choice, id: &str, value: &str) -> Value {
        // Only these choices read numbers, and only a number's text starts like this.
        let numeric = (c.base.advanced || id == "rendering_speed")
            && value.starts_with(|ch: char| ch == '-' || ch.is_ascii_digit());
        numeric
            .then(|| numeric_entry(self.params()?, id, value))
            .flatten()
            .unwrap_or_else(|| Value::from(value))
    }

    fn params(&self) -> Option<&json::Value<'m>> {
        self.params
            .get_or_init(|| json::parse(self.model.supported_parameters.text()))
            .as_ref()
    }
}

/// A given choice value that needs no warning: the option's text, or the number sent.
fn same_choice(given: &Value, option: &str, sent: &Value) -> bool {
    given.as_str() == Some(option)
        || matches!((given.as_f64(), sent), (Some(x), Value::Number(n)) if n.as_f64() == Some(x))
}

/// A validated number; a numeric string is coerced with a warning.
fn number(b: &mut Builder<'_>, id: &str, label: &str, given: Option<&Value>) -> Option<f64> {
    let v = given?;
    let x = as_number(v)?;
    if v.is_string() {
        // Not `{}` of the value: `Display` of a `serde_json::Value` links a second serializer.
        let sent = crate::json::text_of(&num_value(x));
        b.warn(
            id,
            format!("{label} {} was sent as the number {sent}.", quote_value(v)),
        );
    }
    Some(x)
}

/// `4` and `"4"` are the same value; so are `true` and `"true"`.
fn same_value(a: &Value, b: &Value) -> bool {
    a == b
        || matches!((as_number(a), as_number(b)), (Some(x), Some(y)) if x == y)
        || matches!((as_bool(a), as_bool(b)), (Some(x), Some(y)) if x == y)
}

fn image_urls(value: Option<Value>) -> Vec<String> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.into_iter().filter_map(images::into_url).collect(),
        Some(single) => images::into_url(single)
            .filter(|s| !s.is_empty())
            .into_iter()
            .collect(),
    }
}
