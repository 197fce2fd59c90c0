//! Test bodies shared by the Node (`tests/wasm_node.rs`) and browser (`tests/wasm_browser.rs`)
//! wasm-bindgen-test runs. They call the exported functions through the real JS boundary.

pub mod boundary;
pub mod fetch;
pub mod hostile;
pub mod key;
pub mod util;
