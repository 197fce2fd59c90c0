//! `num::parse_f64` on arbitrary text and `num::fmt_f64` on arbitrary bit patterns.
//!
//! serde_json (built without its `float_roundtrip` feature, which costs ≈ 8 KB brotli of wasm)
//! parses decimals with more than 15 significant digits or large exponents to within a few
//! units in the last place, not always exactly; such numbers are held to a relative error of
//! 1e-15, the rest must read back exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::num::{fmt_f64, parse_f64};

fn ulps(a: f64, b: f64) -> u64 {
    let key = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    };
    key(a).abs_diff(key(b))
}

/// Whether serde_json's fast path (exact) applies: ≤ 15 significant digits, exponent within ±22.
fn simple(text: &str) -> bool {
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(i32::MAX)),
        None => (text, 0),
    };
    let digits = mantissa.trim_start_matches('-').replace('.', "");
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    let fraction = mantissa.split_once('.').map_or(0, |(_, f)| f.len() as i32);
    significant <= 15 && (exp - fraction).abs() <= 22
}

fn reads_back(x: f64) {
    let text = fmt_f64(x);
    let back = parse_f64(&text).unwrap_or_else(|| panic!("{x:e} printed as {text:?} is no number"));
    if simple(&text) {
        assert_eq!(back, x, "{x:e} printed as {text:?} reads back as {back:e}");
    } else {
        let close = ulps(back, x) <= 16 || ((back - x) / x).abs() <= 1e-15;
        assert!(close, "{x:e} printed as {text:?} reads back as {back:e}");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some(bits) = data.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
        let x = f64::from_bits(u64::from_le_bytes(bits));
        if x.is_finite() {
            reads_back(x);
        } else {
            assert_eq!(fmt_f64(x), "?");
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Some(x) = parse_f64(&text) {
        assert!(x.is_finite(), "{text:?} parsed to {x}");
        reads_back(x);
    }
});
