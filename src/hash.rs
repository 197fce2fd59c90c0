//! Hash maps and sets keyed by catalog strings.
//!
//! The keys are short and the maps are rebuilt often (per catalog, per model), so the hashing
//! cost matters more than resistance to crafted collisions: foldhash instead of std's SipHash.

/// A `HashMap` with foldhash.
pub(crate) type HashMap<K, V> = hashbrown::HashMap<K, V, foldhash::fast::RandomState>;
/// A `HashSet` with foldhash.
pub(crate) type HashSet<T> = hashbrown::HashSet<T, foldhash::fast::RandomState>;
