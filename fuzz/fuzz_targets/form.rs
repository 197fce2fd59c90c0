//! `build_request`, `validate_values` and `migrate_values` with generated models and values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::controls::{derive_controls, Endpoint};
use nanogpt_image_controls::form::{
    build_request, build_request_owned, default_values, migrate_values,
};
use nanogpt_image_controls_fuzz::{check, gen};

fuzz_target!(|data: &[u8]| {
    let (models, mut u) = gen::models(data, 2);
    let [a, b, ..] = &models[..] else {
        return;
    };
    let endpoint = if u.arbitrary().unwrap_or(false) {
        Endpoint::Images
    } else {
        Endpoint::Openai
    };
    let (from, to) = (derive_controls(a, endpoint), derive_controls(b, endpoint));
    let Ok(values) = gen::values(&mut u, &from) else {
        return;
    };
    // The defaults and a prompt always build, unless an input image is required.
    let images_required = from.controls.iter().any(|c| {
        matches!(c, nanogpt_image_controls::Control::Images(i) if i.min_items > 0 || i.base.required)
    });
    if !images_required {
        let mut defaults = default_values(&from);
        defaults.insert("prompt", nanogpt_image_controls::json::Value::from("a"));
        let built = build_request(a, &from, &defaults, endpoint);
        assert!(built.ok, "defaults do not build: {:?}", built.errors);
        check::build(&built, &from, a, &defaults);
    }
    let built = build_request(a, &from, &values, endpoint);
    check::build(&built, &from, a, &values);
    let owned = build_request_owned(a, &from, values.clone(), endpoint);
    assert_eq!(owned, built, "owned and borrowed builds differ");
    let migration = migrate_values(&from, &to, &values);
    check::migration(&migration, &to);
    let built = build_request(b, &to, &migration.values, endpoint);
    check::build(&built, &to, b, &migration.values);
});
