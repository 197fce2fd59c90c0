//! The JavaScript boundary (compiled for wasm32 only).
//!
//! Design (see PERF-NOTES): data crosses the boundary as JSON text — JS objects are
//! `JSON.stringify`-ed once and parsed by the crate's own reader (`json.rs`) in wasm; results are serialized once
//! and handed to `JSON.parse`, except the two big outputs, parsed catalogs and control sets,
//! which cross in a flat wire form (`wire.rs`: numbers and one text of unescaped strings) that
//! fixed-shape JS builders (`cache.js`) turn into objects. A catalog's `supported_parameters`
//! and `pricing` stay the catalog's own JSON text and are parsed by one `JSON.parse` of all
//! models' texts. Parsed models and derived control sets stay in a registry on the Rust side,
//! found again through a `WeakMap` keyed by the returned JS objects, so `deriveControls(model)`
//! does not re-read the model from JS.

pub mod client;
mod convert;
pub mod exports;
pub mod fetch;
mod registry;
mod schema;
mod wire;

use std::future::Future;
use std::pin::Pin;

/// A JS promise of a boxed future: every async export goes through this one instance of
/// `future_to_promise` instead of one per future type (measured −0.5 KB of wasm; the futures'
/// own state machines are most of the async client's size).
fn promise(
    future: Pin<Box<dyn Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>>>,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(future)
}

/// Talc instead of std's dlmalloc: measured faster on this crate's allocation-heavy paths
/// (parsing, deriving, freeing an evicted catalog) and smaller (BENCHMARKS.md). The module is
/// single-threaded (no `atomics`), which `WasmDynamicTalc` requires.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
