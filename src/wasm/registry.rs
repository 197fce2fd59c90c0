//! Parsed models and derived control sets kept on the Rust side.
//!
//! `parseCatalog` moves its models here and maps each returned JS model object to a key
//! through a `WeakMap`; `deriveControls` returns JS control sets that are mapped the same
//! way. A later call with one of those objects finds the Rust value without reading the JS
//! object again. Objects this module did not hand out (or from a catalog that was evicted)
//! take a slower, equally correct path: they are read through JSON.
//!
//! Returned objects are treated as immutable: mutating a parsed model or a control set in
//! place is not seen by later calls. Copy them (`structuredClone`) to edit.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::WeakMap;
use wasm_bindgen::JsValue;

use crate::catalog::Model;
use crate::controls::{derive_controls, ControlSet, Endpoint};
use crate::error::Error;

use super::convert::json_text;
use crate::catalog::{parse_model, ParseOptions};
use crate::controls::control_set_from_value;

/// How many parsed catalogs keep their models in wasm memory (older ones take the slow path).
const GENERATIONS_KEPT: usize = 3;
/// Keys are `generation * SLOT + index` (exact in an f64 for any realistic count).
const SLOT: f64 = 1_048_576.0;

/// A control set with its JSON text, ready to hand out again.
pub(crate) struct Derived {
    pub controls: ControlSet,
    pub json: String,
}

pub(crate) struct Entry {
    pub model: Model,
    derived: [Option<Rc<Derived>>; 2],
}

struct Generation {
    id: u32,
    entries: Vec<Entry>,
}

struct Registry {
    generations: VecDeque<Generation>,
    next: u32,
    models: WeakMap,
    controls: WeakMap,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry {
        generations: VecDeque::new(),
        next: 1,
        models: WeakMap::new(),
        controls: WeakMap::new(),
    });
}

fn endpoint_index(endpoint: Endpoint) -> usize {
    match endpoint {
        Endpoint::Openai => 0,
        Endpoint::Images => 1,
    }
}

/// Stores a catalog's models; returns the key of the first one (keys are consecutive).
pub(crate) fn store(models: Vec<Model>) -> f64 {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let id = r.next;
        r.next = r.next.wrapping_add(1).max(1);
        r.generations.push_back(Generation {
            id,
            entries: models
                .into_iter()
                .map(|model| Entry {
                    model,
                    derived: [None, None],
                })
                .collect(),
        });
        while r.generations.len() > GENERATIONS_KEPT {
            r.generations.pop_front();
        }
        f64::from(id) * SLOT
    })
}

/// Maps a returned JS model object to its key.
pub(crate) fn bind_model(object: &JsValue, key: f64) {
    if let Some(o) = object.dyn_ref_object() {
        REGISTRY.with(|r| {
            r.borrow().models.set(o, &JsValue::from(key));
        });
    }
}

fn bind_controls(object: &JsValue, key: f64) {
    if let Some(o) = object.dyn_ref_object() {
        REGISTRY.with(|r| {
            r.borrow().controls.set(o, &JsValue::from(key));
        });
    }
}

trait DynObject {
    fn dyn_ref_object(&self) -> Option<&js_sys::Object>;
}

impl DynObject for JsValue {
    fn dyn_ref_object(&self) -> Option<&js_sys::Object> {
        use wasm_bindgen::JsCast;
        if self.is_object() {
            self.dyn_ref::<js_sys::Object>()
        } else {
            None
        }
    }
}

fn split(key: f64) -> Option<(u32, usize)> {
    if !(key.is_finite() && key >= 0.0) {
        return None;
    }
    let generation = (key / SLOT).floor();
    let index = key - generation * SLOT;
    Some((generation as u32, index as usize))
}

fn with_entry<R>(key: f64, f: impl FnOnce(&mut Entry) -> R) -> Option<R> {
    let (generation, index) = split(key)?;
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let g = r.generations.iter_mut().find(|g| g.id == generation)?;
        g.entries.get_mut(index).map(f)
    })
}

fn model_key(object: &JsValue) -> Option<f64> {
    let o = object.dyn_ref_object()?;
    REGISTRY.with(|r| r.borrow().models.get(o).as_f64())
}

/// Runs `f` on the Rust model behind a JS model object (fast path), or on the object read
/// through JSON (slow path).
pub(crate) fn with_model<R>(object: &JsValue, f: impl FnOnce(&Model) -> R) -> Result<R, Error> {
    let mut f = Some(f);
    if let Some(key) = model_key(object) {
        if let Some(r) = with_entry(key, |e| f.take().map(|f| f(&e.model))).flatten() {
            return Ok(r);
        }
    }
    let model = read_model(object)?;
    f.take()
        .map(|f| f(&model))
        .ok_or_else(|| Error::InvalidArgument("internal: model callback already used".into()))
}

fn read_json(object: &JsValue, what: &str) -> Result<serde_json::Value, Error> {
    if !object.is_object() {
        return Err(Error::InvalidArgument(format!("{what} must be an object")));
    }
    let text = json_text(object, what)?;
    serde_json::from_str(&text).map_err(|e| Error::InvalidArgument(format!("{what}: {e}")))
}

fn read_model(object: &JsValue) -> Result<Model, Error> {
    parse_model(read_json(object, "the model")?, &ParseOptions::default())
}

fn derive(model: &Model, endpoint: Endpoint) -> Rc<Derived> {
    let controls = derive_controls(model, endpoint);
    let json = serde_json::to_string(&controls).unwrap_or_default();
    Rc::new(Derived { controls, json })
}

/// The controls of a JS model object, cached per model and endpoint when the model is known.
/// Returns the key to bind the returned JS control set to, when there is one.
pub(crate) fn controls_for(
    object: &JsValue,
    endpoint: Endpoint,
) -> Result<(Rc<Derived>, Option<f64>), Error> {
    let slot = endpoint_index(endpoint);
    if let Some(key) = model_key(object) {
        let found = with_entry(key, |e| {
            if let Some(d) = e.derived.get(slot).and_then(Clone::clone) {
                return d;
            }
            let d = derive(&e.model, endpoint);
            if let Some(cell) = e.derived.get_mut(slot) {
                *cell = Some(d.clone());
            }
            d
        });
        if let Some(d) = found {
            return Ok((d, Some(key * 2.0 + slot as f64)));
        }
    }
    let model = read_model(object)?;
    Ok((derive(&model, endpoint), None))
}

/// Binds a JS control set handed out by `deriveControls` to its cache key.
pub(crate) fn bind_derived(object: &JsValue, key: Option<f64>) {
    if let Some(key) = key {
        bind_controls(object, key);
    }
}

/// The Rust control set behind a JS control set (fast path) or read through JSON.
pub(crate) fn control_set(object: &JsValue) -> Result<Rc<Derived>, Error> {
    let key = object
        .dyn_ref_object()
        .and_then(|o| REGISTRY.with(|r| r.borrow().controls.get(o).as_f64()));
    if let Some(key) = key {
        let model_key = (key / 2.0).floor();
        let slot = (key - model_key * 2.0) as usize;
        if let Some(Some(d)) = with_entry(model_key, |e| e.derived.get(slot).and_then(Clone::clone))
        {
            return Ok(d);
        }
    }
    let controls = control_set_from_value(&read_json(object, "the control set")?)?;
    Ok(Rc::new(Derived {
        controls,
        json: String::new(),
    }))
}
