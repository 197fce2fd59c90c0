//! Catalog-driven image-generation form controls for NanoGPT.
//!
//! The pure core (this crate's modules other than `wasm`) parses NanoGPT's image-model
//! catalog, derives UI control descriptors from each model, turns form values into request
//! bodies and quotes prices. It has no `wasm_bindgen` in it and is tested natively.
//! The `wasm` module is the thin JavaScript boundary compiled only for `wasm32`.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

/// `json!` building the crate's own tree ([`json::OwnedValue`]), for the unit tests.
#[cfg(test)]
macro_rules! json {
    ($($json:tt)+) => {
        $crate::json::OwnedValue::from(serde_json::json!($($json)+))
    };
}

pub mod catalog;
pub mod controls;
pub mod diagnostic;
pub mod error;
pub mod form;
mod hash;
pub mod http;
pub mod json;
pub mod num;
pub mod pricing;
pub mod raw;
pub mod resolution;
pub mod schema;
mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
/// The exported JS functions, callable from Rust (used by the wasm-bindgen tests).
#[cfg(target_arch = "wasm32")]
pub use wasm::exports as wasm_api;

pub use catalog::{diff_catalogs, parse_catalog, Catalog, CatalogDiff, Meta, Model, Source};
pub use controls::{
    derive_controls, derive_controls_lean, Control, ControlSet, Endpoint, LeanControls,
};
pub use diagnostic::Diagnostic;
pub use error::Error;
pub use form::{
    build_request, default_values, migrate_values, validate_values, BuildResult, Change,
    FieldError, Values,
};
pub use pricing::{quote_price, PriceQuote};
pub use resolution::{parse_resolution, Resolution};
