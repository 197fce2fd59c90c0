//! Hash maps and sets keyed by catalog strings.
//!
//! The keys are short and the maps are rebuilt often (per catalog, per model), so the hashing
//! cost matters more than resistance to crafted collisions: foldhash instead of std's SipHash.
//!
//! With a fixed seed: foldhash's `RandomState` seeds from addresses (and the clock where there
//! is one), which on `wasm32-unknown-unknown` are the same on every load of the same build, so
//! its seed was fixed there too, and its one-time seed set-up cost 0.36 KB brotli of wasm.

/// A `HashMap` with foldhash.
pub(crate) type HashMap<K, V> = hashbrown::HashMap<K, V, foldhash::fast::FixedState>;
/// A `HashSet` with foldhash.
pub(crate) type HashSet<T> = hashbrown::HashSet<T, foldhash::fast::FixedState>;
