//! Shared pieces of the fuzz targets: a generator of catalog-shaped JSON driven by the fuzzer's
//! bytes (biased towards the keys, tokens and numbers the library reads), and the invariants
//! every result must keep. A violated invariant panics, which libFuzzer reports as a crash.

pub mod check;
pub mod gen;
