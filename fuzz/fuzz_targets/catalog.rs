//! `parse_catalog` on arbitrary text; every catalog that parses keeps the catalog invariants,
//! and its first models derive controls that keep theirs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::catalog::{parse_catalog, ParseOptions};
use nanogpt_image_controls::controls::{derive_controls, Endpoint};
use nanogpt_image_controls_fuzz::check;

const BASES: [Option<&str>; 3] = [None, Some("https://proxy.test/nano/"), Some("javascript:x")];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = ParseOptions {
        base_url: BASES[data.len() % BASES.len()].map(str::to_owned),
        ..ParseOptions::default()
    };
    let Ok(catalog) = parse_catalog(&text, &options) else {
        return;
    };
    check::catalog(&catalog, &options);
    for model in catalog.models.iter().take(4) {
        for endpoint in [Endpoint::Openai, Endpoint::Images] {
            check::control_set(&derive_controls(model, endpoint), model);
        }
    }
});
