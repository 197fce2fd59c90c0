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

/// The members of the TypeScript union `name` in `src/wasm/types.d.ts` (its string literals),
/// for the unit tests that keep those unions equal to what the code writes.
#[cfg(test)]
pub(crate) fn ts_union_members(name: &str) -> Vec<String> {
    let dts = include_str!("wasm/types.d.ts");
    let union = dts
        .split(&format!("export type {name} ="))
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the union in types.d.ts");
    union
        .split('|')
        .filter_map(|m| {
            m.trim()
                .strip_prefix('"')?
                .strip_suffix('"')
                .map(str::to_owned)
        })
        .collect()
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
