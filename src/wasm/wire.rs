//! The wire form of a control set and of a parsed catalog: a flat list of numbers plus one
//! text, which the fixed-shape builders in `src/wasm/cache.js` (`build`, `buildCatalog`) turn
//! into JS objects.
//!
//! This replaces `serde_json::to_string` + `JSON.parse` for the two big outputs (PERF-NOTES:
//! a flat value array and a fixed-shape JS builder beat `JSON.parse` of nested objects), and
//! keeps serde's serializers for `ControlSet` and `Catalog` out of the wasm.
//! Strings are not escaped: they are appended to `text`, and `nums` holds each one's length
//! in UTF-16 code units, so JS takes them with `substring`. The layout is private to these
//! two files; `tests/common/boundary.rs` checks that the objects equal serde's serialization
//! of `derive_controls` (every fixture model) and of `parse_catalog` (the fixtures and
//! hand-made catalogs that reach every optional field; key order and left-out fields too).
//!
//! Layout (each item one number in `nums` unless it is a string):
//! - string: its UTF-16 length, then the text; an absent optional string is length `-1`;
//! - optional number: the number, or `NaN` when absent (or not finite, which JSON would lose);
//! - value (`labelParams` values, `Fixed.value`): a tag — `0` null, `1` false, `2` true,
//!   `3` number, `4` string, `5` JSON text of an array or object — then its payload;
//! - map (`labelParams`): count, then key string and value per entry;
//! - warnings: count, then `modelId?`, `path`, `message` per warning.
//!
//! A control set:
//! - set: `modelId`, endpoint (`0` openai, `1` images), control count, controls, warnings;
//! - control: kind code (see [`kind`]), base (`id`, `field`, `label`, `labelKey`,
//!   `labelParams`, `description?`, `required`, `advanced`), then the kind's fields in
//!   declaration order;
//! - option: flags (`1` label from the token table, `2` `resolution` from the token table),
//!   `value`, `label`, `labelKey?`, `labelParams`, `group?`, `groupKey?`, `price?`.
//!
//! A catalog ([`Wire::catalog`]):
//! - catalog: model count, models, then meta: source (`0` legacy, `1` images), `count?`
//!   (optional number), `generatedAt?`, `fetchedAt?`; then warnings;
//! - model: flags (see [`model_bit`]: which of `created`, `pricing`, `supportsStreaming` and
//!   each capability flag are present, and the booleans' values), `id`, `name`,
//!   `description?`, `ownedBy?`, `created` (only when its flag is set; written as is, and JS
//!   turns a non-finite one into `null` as serde_json does), `inputModalities`,
//!   `outputModalities`, `tags` (each a count, then the strings), `category?`, `iconUrl?`,
//!   `pricing` (only when its flag is set) and `supportedParameters` as the catalog's own JSON
//!   text (`RawJson`), `endpoints?`;
//! - JS keeps `pricing` and `supportedParameters` as that text until a property is first read,
//!   then parses it with `JSON.parse` (`lazyFields` in cache.js). That is the same `JSON.parse`
//!   of the same text as when it was embedded in serde's JSON, so numbers beyond f64
//!   (`Infinity`), duplicate keys (the last wins) and `__proto__` keys read exactly as before.

use crate::json::{OwnedMap as Map, OwnedValue as Value};

use crate::catalog::{Catalog, Model, Source};
use crate::controls::{Base, Control, ControlOption, ControlSet, Endpoint};
use crate::diagnostic::Diagnostic;

/// Bits of a model's flags number (the JS builder `buildCatalog` reads the same bits): which
/// optional fields are present. An optional boolean takes two bits: present, then (the next
/// bit up) true.
mod model_bit {
    pub const CREATED: u32 = 1;
    pub const PRICING: u32 = 2;
    /// `supportsStreaming` (and 8: true).
    pub const STREAMING: u32 = 4;
    /// `capabilities` flags, two bits each from this one up, in the order `imageGeneration`
    /// (16, 32), `imageToImage` (64, 128), `inpainting` (256, 512), `nsfw` (1024, 2048).
    pub const CAPABILITIES: u32 = 16;
}

/// Two bits (present, true) of an optional boolean.
fn tri(flag: Option<bool>, present: u32) -> u32 {
    match flag {
        None => 0,
        Some(false) => present,
        Some(true) => present | (present << 1),
    }
}

/// Kind codes, in the order of the JS builder's `KINDS` table.
fn kind(control: &Control) -> f64 {
    match control {
        Control::Select(_) => 0.0,
        Control::Radio(_) => 1.0,
        Control::Slider(_) => 2.0,
        Control::Number(_) => 3.0,
        Control::Toggle(_) => 4.0,
        Control::Text(_) => 5.0,
        Control::Images(_) => 6.0,
        Control::Mask(_) => 7.0,
        Control::Fixed(_) => 8.0,
    }
}

/// A control set being written.
#[derive(Default)]
pub(crate) struct Wire {
    pub nums: Vec<f64>,
    pub text: String,
}

impl Wire {
    fn num(&mut self, x: f64) {
        self.nums.push(x);
    }

    fn flag(&mut self, b: bool) {
        self.num(if b { 1.0 } else { 0.0 });
    }

    fn opt_num(&mut self, x: Option<f64>) {
        self.num(x.filter(|x| x.is_finite()).unwrap_or(f64::NAN));
    }

    fn str(&mut self, s: &str) {
        let units = if s.is_ascii() {
            s.len()
        } else {
            s.encode_utf16().count()
        };
        self.num(units as f64);
        self.text.push_str(s);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.num(-1.0),
        }
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.num(0.0),
            Value::Bool(b) => self.num(if *b { 2.0 } else { 1.0 }),
            Value::Number(n) => match n.as_f64().filter(|x| x.is_finite()) {
                Some(x) => {
                    self.num(3.0);
                    self.num(x);
                }
                None => self.num(0.0),
            },
            Value::String(s) => {
                self.num(4.0);
                self.str(s);
            }
            Value::Array(_) | Value::Object(_) => {
                self.num(5.0);
                self.str(&crate::json::text_of(v));
            }
        }
    }

    fn map(&mut self, m: &Map) {
        self.num(m.len() as f64);
        for (k, v) in m {
            self.str(k);
            self.value(v);
        }
    }

    fn base(&mut self, b: &Base) {
        self.str(&b.id);
        self.str(&b.field);
        self.str(&b.label);
        self.str(&b.label_key);
        self.map(&b.label_params);
        self.opt_str(b.description.as_deref());
        self.flag(b.required);
        self.flag(b.advanced);
    }

    /// `from_token`: the option's label (when empty) and `resolution` come from the token
    /// table on the JS side.
    fn option(&mut self, o: &ControlOption, from_token: bool) {
        let mut flags = 0.0;
        if from_token && o.label.is_empty() {
            flags += 1.0;
        }
        if from_token || o.resolution.is_some() {
            flags += 2.0;
        }
        self.num(flags);
        self.str(&o.value);
        self.str(&o.label);
        self.opt_str(o.label_key.as_deref());
        self.map(&o.label_params);
        self.opt_str(o.group.as_deref());
        self.opt_str(o.group_key.as_deref());
        self.opt_num(o.price);
    }

    fn control(&mut self, c: &Control, from_token: bool) {
        self.num(kind(c));
        self.base(c.base());
        match c {
            Control::Select(c) | Control::Radio(c) => {
                self.num(c.options.len() as f64);
                for o in &c.options {
                    self.option(o, from_token);
                }
                self.opt_str(c.default.as_deref());
            }
            Control::Slider(c) => {
                for x in [c.min, c.max, c.step, c.default] {
                    self.num(x);
                }
                self.flag(c.provider_default);
            }
            Control::Number(c) => {
                for x in [c.min, c.max, c.step, c.default] {
                    self.opt_num(x);
                }
            }
            Control::Toggle(c) => {
                self.flag(c.default);
                self.flag(c.provider_default);
            }
            Control::Text(c) => {
                self.flag(c.multiline);
                self.opt_num(c.max_length.map(f64::from));
                self.opt_str(c.length_unit.as_deref());
                self.flag(c.trim_whitespace);
                self.opt_str(c.default.as_deref());
            }
            Control::Images(c) => {
                self.num(f64::from(c.min_items));
                self.num(f64::from(c.max_items));
                match &c.formats {
                    Some(formats) => {
                        self.num(formats.len() as f64);
                        for f in formats {
                            self.str(f);
                        }
                    }
                    None => self.num(-1.0),
                }
                self.opt_num(c.max_bytes);
                for x in [c.min_width, c.min_height, c.max_width, c.max_height] {
                    self.opt_num(x.map(f64::from));
                }
            }
            Control::Mask(c) => self.opt_num(c.max_bytes),
            Control::Fixed(c) => self.value(&c.value),
        }
    }

    fn warnings(&mut self, warnings: &[Diagnostic]) {
        self.num(warnings.len() as f64);
        for w in warnings {
            self.opt_str(w.model_id.as_deref());
            self.str(&w.path);
            self.str(&w.message);
        }
    }

    fn strs(&mut self, list: &[String]) {
        self.num(list.len() as f64);
        for s in list {
            self.str(s);
        }
    }

    fn model(&mut self, m: &Model) {
        let caps = &m.capabilities;
        let mut flags = tri(m.supports_streaming, model_bit::STREAMING);
        for (i, flag) in [
            caps.image_generation,
            caps.image_to_image,
            caps.inpainting,
            caps.nsfw,
        ]
        .into_iter()
        .enumerate()
        {
            flags |= tri(flag, model_bit::CAPABILITIES << (2 * i));
        }
        if m.created.is_some() {
            flags |= model_bit::CREATED;
        }
        if m.pricing.is_some() {
            flags |= model_bit::PRICING;
        }
        self.num(f64::from(flags));
        self.str(&m.id);
        self.str(&m.name);
        self.opt_str(m.description.as_deref());
        self.opt_str(m.owned_by.as_deref());
        if let Some(created) = m.created {
            // Written as is: JS turns a non-finite one into `null`, as serde_json does.
            self.num(created);
        }
        self.strs(&m.input_modalities);
        self.strs(&m.output_modalities);
        self.strs(&m.tags);
        self.opt_str(m.category.as_deref());
        self.opt_str(m.icon_url.as_deref());
        if let Some(pricing) = &m.pricing {
            self.str(pricing.text());
        }
        self.str(m.supported_parameters.text());
        self.opt_str(m.endpoints.as_deref());
    }

    /// Writes a catalog.
    pub fn catalog(&mut self, catalog: &Catalog) {
        let texts: usize = catalog
            .models
            .iter()
            .map(|m| {
                m.supported_parameters.text().len()
                    + m.pricing.as_ref().map_or(0, |p| p.text().len())
            })
            .sum();
        // Room for a typical model's numbers and strings, so the buffers rarely regrow.
        self.nums.reserve(catalog.models.len() * 26 + 16);
        self.text.reserve(catalog.models.len() * 192 + texts);
        self.num(catalog.models.len() as f64);
        for m in &catalog.models {
            self.model(m);
        }
        let meta = &catalog.meta;
        self.num(match meta.source {
            Source::Legacy => 0.0,
            Source::Images => 1.0,
        });
        self.opt_num(meta.count.map(|c| c as f64));
        self.opt_str(meta.generated_at.as_deref());
        self.opt_str(meta.fetched_at.as_deref());
        self.warnings(&catalog.warnings);
    }

    /// Writes a control set; the controls at `token_controls` take their options'
    /// `resolution` (and empty labels) from the JS token table.
    pub fn set(&mut self, set: &ControlSet, token_controls: &[u32]) {
        self.str(&set.model_id);
        self.num(match set.endpoint {
            Endpoint::Openai => 0.0,
            Endpoint::Images => 1.0,
        });
        self.num(set.controls.len() as f64);
        for (i, c) in set.controls.iter().enumerate() {
            self.control(c, token_controls.contains(&(i as u32)));
        }
        self.warnings(&set.warnings);
    }
}
