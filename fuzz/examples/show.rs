//! Prints what a fuzz input means to the structured targets: the models (as the library reads
//! them) and the form values. `cargo run --example show -- fuzz/artifacts/form/crash-…`
use std::io::Read;

use nanogpt_image_controls::controls::{derive_controls, Endpoint};
use nanogpt_image_controls_fuzz::gen;

fn main() {
    let mut data = Vec::new();
    match std::env::args().nth(1) {
        Some(path) => data = std::fs::read(path).expect("the input file reads"),
        None => {
            std::io::stdin()
                .read_to_end(&mut data)
                .expect("stdin reads");
        }
    }
    let (models, mut u) = gen::models(&data, 3);
    for model in &models {
        println!(
            "model: {}",
            serde_json::to_string_pretty(model).unwrap_or_default()
        );
    }
    if let Some(first) = models.first() {
        let controls = derive_controls(first, Endpoint::Openai);
        if let Ok(values) = gen::values(&mut u, &controls) {
            println!(
                "values (for the first model): {}",
                serde_json::Value::Object(values.into())
            );
        }
    }
}
