//! `derive_controls` on generated models (arbitrary `supported_parameters`, pricing and
//! capabilities in the shapes catalogs use and many they do not) or on mutated catalogs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::controls::{derive_controls, Endpoint};
use nanogpt_image_controls_fuzz::{check, gen};

fuzz_target!(|data: &[u8]| {
    let (models, _) = gen::models(data, 3);
    for model in &models {
        for endpoint in [Endpoint::Openai, Endpoint::Images] {
            check::control_set(&derive_controls(model, endpoint), model);
        }
    }
});
