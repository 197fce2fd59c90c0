//! `parse_resolution`, `same_token` and `nearest` on arbitrary tokens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::resolution::{nearest, parse_resolution, same_token, Resolution};
use nanogpt_image_controls_fuzz::check;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Tokens separated by newlines: the first is the target, the rest the candidates.
    let tokens: Vec<&str> = text.split('\n').take(64).collect();
    let parsed: Vec<Resolution> = tokens.iter().map(|t| parse_resolution(t)).collect();
    for (r, t) in parsed.iter().zip(&tokens) {
        check::resolution(r, t);
        assert!(same_token(t, t), "{t:?} is not the same as itself");
    }
    if let [a, b, ..] = tokens[..] {
        assert_eq!(
            same_token(a, b),
            same_token(b, a),
            "same_token({a:?}, {b:?}) is not symmetric"
        );
    }
    if let Some((target, rest)) = parsed.split_first() {
        let candidates: Vec<&Resolution> = rest.iter().collect();
        if let Some(i) = nearest(target, &candidates) {
            assert!(i < candidates.len());
        }
        if let Some(i) = candidates
            .iter()
            .position(|c| same_token(&target.token, &c.token))
        {
            assert_eq!(
                nearest(target, &candidates),
                Some(i),
                "the same token must win"
            );
        }
    }
});
