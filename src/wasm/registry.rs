//! Parsed models and derived control sets kept on the Rust side.
//!
//! `parseCatalog` moves its models here; the JS model objects it returns are mapped to their
//! registry key in a JS `WeakMap` (src/wasm/cache.js). `deriveControls` hands each control set
//! to JS in a flat wire form (src/wasm/wire.rs) that JS caches, so a repeated call builds a
//! fresh object with no wasm work, and maps the returned object back to the Rust control set
//! that `validateValues`, `buildRequest` and `migrateValues` then use without reading the JS
//! object (derived again from the registry's model the first time one of them needs it, then
//! kept with the model). Options' `Resolution` objects are shared (frozen) between control sets: most
//! catalogs use a few dozen distinct tokens.
//!
//! Objects this module did not hand out (copies, objects restored from storage, models of a
//! catalog that was evicted) take a slower, equally correct path: they are read through JSON.
//! Returned objects are treated as immutable: mutating a parsed model or a control set in
//! place is not seen by later calls. Copy them (`structuredClone`) to edit.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use crate::catalog::{diff_models, parse_model, Catalog, CatalogDiff, Model, ParseOptions};
use crate::controls::{
    control_set_from_value, derive_controls_lean, Control, ControlSet, Endpoint, LeanControls,
};
use crate::error::Error;
use crate::hash::HashSet;
use crate::resolution::{label_key, parse_resolution, Resolution};

use super::convert::{js_error, json_text, not_a};
use super::wire::Wire;

#[wasm_bindgen(module = "/src/wasm/cache.js")]
extern "C" {
    #[wasm_bindgen(js_name = bindModels)]
    fn bind_models(models: &Array, base: f64);
    #[wasm_bindgen(js_name = modelKey)]
    fn js_model_key(model: &JsValue) -> f64;
    #[wasm_bindgen(js_name = controlKey)]
    fn js_control_key(set: &JsValue) -> f64;
    #[wasm_bindgen(js_name = cachedOrKey)]
    fn cached_or_key(model: &JsValue, slot: u32) -> JsValue;
    #[wasm_bindgen(js_name = storeControls)]
    fn store_controls(
        model: &JsValue,
        slot: u32,
        key: f64,
        nums: &[f64],
        text: &str,
        new_tokens: Option<String>,
        reset: bool,
    ) -> JsValue;
    #[wasm_bindgen(js_name = buildCatalog)]
    fn build_catalog(nums: &[f64], text: &str) -> JsValue;
    #[wasm_bindgen(js_name = buildControls)]
    fn build_controls(nums: &[f64], text: &str, new_tokens: Option<String>, reset: bool)
        -> JsValue;
}

/// How many parsed catalogs keep their models in wasm memory; the least recently used one
/// is evicted past this (its objects then take the slow path).
const GENERATIONS_KEPT: usize = 4;
/// Older catalogs are also evicted (least recently used first) while they and a new catalog
/// would hold more models than this: a page refreshing a 10 000-model catalog keeps the newest
/// one only (wasm memory never shrinks: with four kept, refreshes of a 12 MB catalog grew it to
/// ≈ 205 MiB), while catalogs of the real size (≈ 240 models) keep four.
const MODELS_KEPT: usize = 12_000;
/// Model keys are `generation * SLOT + index` (exact in an f64 for any realistic count);
/// control-set keys are `model key * 2 + endpoint slot`.
const SLOT: f64 = 1_048_576.0;
/// Shared `Resolution` objects kept on the JS side before both sides start over (memory bound
/// for catalogs whose tokens keep changing).
const MAX_SHARED_RESOLUTIONS: usize = 4096;

pub(crate) struct Entry {
    pub model: Model,
    derived: [Option<Rc<Stored>>; 2],
}

struct Generation {
    id: u32,
    last_used: u64,
    entries: Vec<Entry>,
}

#[derive(Default)]
struct Registry {
    generations: Vec<Generation>,
    next: u32,
    clock: u64,
    /// Tokens whose `Resolution` the JS side already holds.
    sent: HashSet<String>,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

fn slot_of(endpoint: Endpoint) -> usize {
    match endpoint {
        Endpoint::Openai => 0,
        Endpoint::Images => 1,
    }
}

fn endpoint_of(slot: usize) -> Endpoint {
    if slot == slot_of(Endpoint::Images) {
        Endpoint::Images
    } else {
        Endpoint::Openai
    }
}

/// The JS object of a parsed catalog, built from its wire form (src/wasm/wire.rs) by
/// `buildCatalog` in cache.js; its models are stored and mapped to the JS model objects.
///
/// `buffer` is the catalog's JSON text, no longer needed: the wire's text is written into its
/// allocation (as long as the catalog's text, so it rarely regrows), and the wire is freed only
/// after the models are stored. A 10 000-model catalog's text is ≈ 11 MiB: allocating the wire
/// text afresh (and doubling it as it grew) and freeing that hole before the registry's
/// long-lived vector was allocated left the freed blocks too fragmented to take the next
/// parse's text, and repeated parses grew the wasm memory to 84.7 MiB instead of ≈ 45
/// (tests/pkg/memory.test.mjs).
pub(crate) fn catalog_to_js(catalog: Catalog, mut buffer: String) -> Result<JsValue, JsValue> {
    buffer.clear();
    let mut wire = Wire {
        nums: Vec::new(),
        text: buffer,
    };
    wire.catalog(&catalog);
    let out = built(build_catalog(&wire.nums, &wire.text)).ok_or_else(|| {
        js_error(Error::InvalidArgument(
            "internal: the catalog could not be built".into(),
        ))
    })?;
    let models = Reflect::get(&out, &"models".into())?;
    store(catalog.models, &models.into());
    drop(wire);
    Ok(out)
}

/// Stores a catalog's models and maps the returned JS model objects to them.
fn store(models: Vec<Model>, js_models: &Array) {
    let base = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.next = r.next.wrapping_add(1).max(1);
        r.clock += 1;
        let (id, last_used) = (r.next, r.clock);
        let incoming = models.len();
        while r.generations.len() >= GENERATIONS_KEPT
            || (!r.generations.is_empty()
                && r.generations.iter().map(|g| g.entries.len()).sum::<usize>() + incoming
                    > MODELS_KEPT)
        {
            let Some(oldest) = (0..r.generations.len())
                .min_by_key(|&i| r.generations.get(i).map_or(0, |g| g.last_used))
            else {
                break;
            };
            r.generations.swap_remove(oldest);
        }
        r.generations.push(Generation {
            id,
            last_used,
            entries: models
                .into_iter()
                .map(|model| Entry {
                    model,
                    derived: [None, None],
                })
                .collect(),
        });
        f64::from(id) * SLOT
    });
    bind_models(js_models, base);
}

fn split(key: f64) -> Option<(u32, usize)> {
    if !(key.is_finite() && key >= 0.0) {
        return None;
    }
    let generation = (key / SLOT).floor();
    let index = key - generation * SLOT;
    Some((generation as u32, index as usize))
}

/// Runs `f` on the registry entry of a model key, if it is still held. Not generic, so that
/// the lookup exists once in the wasm rather than once per caller.
fn find_entry(key: f64, f: &mut dyn FnMut(&mut Entry)) {
    let Some((generation, index)) = split(key) else {
        return;
    };
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.clock += 1;
        let clock = r.clock;
        if let Some(g) = r.generations.iter_mut().find(|g| g.id == generation) {
            g.last_used = clock;
            if let Some(e) = g.entries.get_mut(index) {
                f(e);
            }
        }
    });
}

fn model_key(object: &JsValue) -> Option<f64> {
    let key = js_model_key(object);
    (key >= 0.0).then_some(key)
}

fn read_json(object: &JsValue, what: &str) -> Result<crate::json::OwnedValue, Error> {
    if !object.is_object() {
        return Err(not_a(what, "an object", object));
    }
    let text = json_text(object, what)?;
    crate::json::parse_located(&text)
        .map(crate::json::Value::into_owned)
        .map_err(|e| Error::InvalidArgument(format!("{what}: {e}")))
}

fn read_model(object: &JsValue) -> Result<Model, Error> {
    parse_model(read_json(object, "the model")?, &ParseOptions::default())
}

/// Runs `f` on the Rust model behind a JS model object (fast path), or on the object read
/// through JSON (slow path).
pub(crate) fn with_model<R>(object: &JsValue, f: impl FnOnce(&Model) -> R) -> Result<R, Error> {
    let mut f = Some(f);
    let mut out = None;
    visit_model(object, &mut |m| out = f.take().map(|f| f(m)))?;
    out.ok_or_else(|| Error::InvalidArgument("internal: model callback already used".into()))
}

/// The two paths of [`with_model`], not generic so that they exist once in the wasm.
fn visit_model(object: &JsValue, f: &mut dyn FnMut(&Model)) -> Result<(), Error> {
    if let Some(key) = model_key(object) {
        let mut found = false;
        find_entry(key, &mut |e| {
            found = true;
            f(&e.model);
        });
        if found {
            return Ok(());
        }
    }
    f(&read_model(object)?);
    Ok(())
}

/// A control set as the registry keeps it: lean (see [`derive_controls_lean`]), the options'
/// `Resolution` objects and token-made labels living once per token on the JS side. A control
/// set read from a foreign JS object is kept whole (no token controls).
pub(crate) type Stored = LeanControls;

fn whole(set: ControlSet) -> Stored {
    LeanControls {
        set,
        token_controls: Vec::new(),
    }
}

/// What JS keeps once per token: the `Resolution` and the option label made from it.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenInfo {
    resolution: Resolution,
    #[serde(skip_serializing_if = "Option::is_none")]
    label_key: Option<&'static str>,
    #[serde(skip_serializing_if = "crate::json::Map::is_empty")]
    label_params: crate::json::OwnedMap,
}

fn token_info(token: &str) -> TokenInfo {
    let resolution = parse_resolution(token);
    let (label_key, label_params) = match label_key(&resolution) {
        Some((key, params)) => (Some(key), params),
        None => (None, crate::json::OwnedMap::new()),
    };
    TokenInfo {
        resolution,
        label_key,
        label_params,
    }
}

/// The entry's control set for `endpoint`: the kept one, else derived afresh (and then kept
/// when `keep`).
fn derived(entry: &mut Entry, endpoint: Endpoint, keep: bool) -> Rc<Stored> {
    let slot = slot_of(endpoint);
    if let Some(d) = entry.derived.get(slot).and_then(Clone::clone) {
        return d;
    }
    let d = Rc::new(derive_controls_lean(&entry.model, endpoint));
    if let Some(cell) = entry.derived.get_mut(slot).filter(|_| keep) {
        *cell = Some(d.clone());
    }
    d
}

/// [`derived`] for the entry of a model key, if it is still held.
fn derived_at(key: f64, endpoint: Endpoint, keep: bool) -> Option<Rc<Stored>> {
    let mut out = None;
    find_entry(key, &mut |e| out = Some(derived(e, endpoint, keep)));
    out
}

/// The controls of a JS model object (cached per model and endpoint when the model is
/// known; derived afresh otherwise).
pub(crate) fn controls_for(object: &JsValue, endpoint: Endpoint) -> Result<Rc<Stored>, Error> {
    if let Some(key) = model_key(object) {
        if let Some(d) = derived_at(key, endpoint, true) {
            return Ok(d);
        }
    }
    Ok(Rc::new(derive_controls_lean(
        &read_model(object)?,
        endpoint,
    )))
}

/// `deriveControls`: a fresh JS control set, from the JS-side cache when possible.
///
/// The JS builders never throw into wasm: should one fail (the wire and the token table out of
/// step would be a bug), it returns `null` and the caller gets an `Error`.
pub(crate) fn derive_js(object: &JsValue, endpoint: Endpoint) -> Result<JsValue, JsValue> {
    let slot = slot_of(endpoint);
    let found = built(cached_or_key(object, slot as u32)).ok_or_else(not_built)?;
    let Some(key) = found.as_f64() else {
        return Ok(found);
    };
    if key >= 0.0 {
        // Not kept here: JS caches the wire form, and the Rust set is derived again (and then
        // kept) only when `validateValues`/`buildRequest`/`migrateValues` first need it. Deriving
        // every model of a catalog then neither keeps nor later frees a set per model.
        if let Some(stored) = derived_at(key, endpoint, false) {
            let (wire, new_tokens, reset) = wire_of(&stored);
            return built(store_controls(
                object,
                slot as u32,
                key * 2.0 + slot as f64,
                &wire.nums,
                &wire.text,
                new_tokens,
                reset,
            ))
            .ok_or_else(not_built);
        }
    }
    let model = read_model(object).map_err(super::convert::js_error)?;
    let (wire, new_tokens, reset) = wire_of(&derive_controls_lean(&model, endpoint));
    built(build_controls(&wire.nums, &wire.text, new_tokens, reset)).ok_or_else(not_built)
}

/// What a JS builder returned, `None` when it failed (it returns `null` then).
fn built(value: JsValue) -> Option<JsValue> {
    (!value.is_null()).then_some(value)
}

fn not_built() -> JsValue {
    js_error(Error::InvalidArgument(
        "internal: the control set could not be built".into(),
    ))
}

/// The wire form of a lean control set, with the token table entries JS lacks (JSON) and
/// whether JS must forget its table first.
fn wire_of(stored: &Stored) -> (Wire, Option<String>, bool) {
    let mut fresh: Vec<TokenInfo> = Vec::new();
    let mut reset = false;
    REGISTRY.with(|r| {
        let sent = &mut r.borrow_mut().sent;
        if sent.len() >= MAX_SHARED_RESOLUTIONS {
            sent.clear();
            reset = true;
        }
        for (i, c) in stored.set.controls.iter().enumerate() {
            let (Control::Select(c) | Control::Radio(c)) = c else {
                continue;
            };
            let marked = stored.token_controls.contains(&(i as u32));
            for o in &c.options {
                if (marked || o.resolution.is_some()) && !sent.contains(o.value.as_str()) {
                    sent.insert(o.value.clone());
                    fresh.push(token_info(&o.value));
                }
            }
        }
    });
    // Room for a typical control set, so the buffers do not regrow from empty.
    let mut wire = Wire {
        nums: Vec::with_capacity(256),
        text: String::with_capacity(2048),
    };
    wire.set(&stored.set, &stored.token_controls);
    let new_tokens = (!fresh.is_empty())
        .then(|| serde_json::to_string(&fresh).ok())
        .flatten();
    (wire, new_tokens, reset)
}

/// The Rust control set behind a JS control set (fast path) or read through JSON; `what` names
/// the argument in errors.
pub(crate) fn control_set(object: &JsValue, what: &str) -> Result<Rc<Stored>, Error> {
    let key = js_control_key(object);
    if key >= 0.0 {
        let model_key = (key / 2.0).floor();
        let slot = (key - model_key * 2.0) as usize;
        if let Some(d) = derived_at(model_key, endpoint_of(slot), true) {
            return Ok(d);
        }
    }
    let controls = control_set_from_value(&read_json(object, what)?)?;
    Ok(Rc::new(whole(controls)))
}

/// The generation holding all of a JS catalog's models, `Some(None)` for an empty catalog;
/// `None` when the catalog is not (or no longer, or not wholly) in the registry.
fn generation_of(catalog: &JsValue) -> Option<(Option<u32>, usize)> {
    let models: Array = Reflect::get(catalog, &"models".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let count = models.length() as usize;
    if count == 0 {
        return Some((None, 0));
    }
    let (first, index) = split(model_key(&models.get(0))?)?;
    let (last, last_index) = split(model_key(&models.get(models.length() - 1))?)?;
    (index == 0 && last == first && last_index + 1 == count).then_some((Some(first), count))
}

/// Diffs two JS catalogs handed out by `parseCatalog` from the Rust models kept for them,
/// without reading either again; `None` when either is not in the registry.
pub(crate) fn diff_js(previous: &JsValue, next: &JsValue) -> Option<CatalogDiff> {
    let (a, a_len) = generation_of(previous)?;
    let (b, b_len) = generation_of(next)?;
    REGISTRY.with(|r| {
        let r = r.borrow();
        let models = |g: Option<u32>, len: usize| -> Option<Vec<&Model>> {
            let Some(g) = g else {
                return Some(Vec::new());
            };
            let generation = r.generations.iter().find(|x| x.id == g)?;
            (generation.entries.len() == len)
                .then(|| generation.entries.iter().map(|e| &e.model).collect())
        };
        Some(diff_models(&models(a, a_len)?, &models(b, b_len)?))
    })
}
