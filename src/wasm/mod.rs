//! The JavaScript boundary (compiled for wasm32 only).
