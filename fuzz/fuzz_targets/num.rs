//! `num::parse_f64` on arbitrary text and `num::fmt_f64` on arbitrary bit patterns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::num::{fmt_f64, parse_f64};

fuzz_target!(|data: &[u8]| {
    if let Some(bits) = data.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
        let x = f64::from_bits(u64::from_le_bytes(bits));
        let text = fmt_f64(x);
        if x.is_finite() {
            assert_eq!(
                parse_f64(&text),
                Some(x),
                "{x:e} printed as {text:?} does not read back"
            );
        } else {
            assert_eq!(text, "?");
        }
    }
    let text = String::from_utf8_lossy(data);
    if let Some(x) = parse_f64(&text) {
        assert!(x.is_finite(), "{text:?} parsed to {x}");
        assert_eq!(parse_f64(&fmt_f64(x)), Some(x), "{x:e} does not round-trip");
    }
});
