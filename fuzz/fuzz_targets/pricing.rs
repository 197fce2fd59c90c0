//! `quote_price`, `token_price` and `price_range` with generated pricing and values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::controls::{derive_controls, Endpoint};
use nanogpt_image_controls::pricing::{
    price_range, quote_price, quote_price_with, token_price, QuoteKind,
};
use nanogpt_image_controls_fuzz::{check, gen};

fuzz_target!(|data: &[u8]| {
    let (models, mut u) = gen::models(data, 1);
    let Some(model) = models.first() else {
        return;
    };
    let controls = derive_controls(model, Endpoint::Openai);
    let Ok(values) = gen::values(&mut u, &controls) else {
        return;
    };
    let quote = quote_price(model, &values);
    check::quote(&quote);
    if model.pricing.is_some() {
        assert_eq!(quote, quote_price_with(model, &controls, &values));
    }
    let range = price_range(model);
    check::quote(&range);
    if let Some(pricing) = &model.pricing {
        let offered = controls.get("resolution").and_then(|c| match c {
            nanogpt_image_controls::Control::Select(c) => Some(c.options.clone()),
            _ => None,
        });
        let tokens = gen::TOKENS
            .iter()
            .map(|t| (*t).to_owned())
            .chain(offered.into_iter().flatten().map(|o| o.value));
        for token in tokens {
            if let Some(p) = token_price(pricing, &token) {
                assert!(p.is_finite() && (0.0..=1e6).contains(&p), "token price {p}");
                // A fixed token price lies within the model's range.
                match range.kind {
                    QuoteKind::Exact => assert_eq!(range.amount, Some(p)),
                    QuoteKind::Range => {
                        let (lo, hi) = (range.min.unwrap_or(0.0), range.max.unwrap_or(0.0));
                        assert!(lo <= p && p <= hi, "{p} outside {lo}..{hi}");
                    }
                    QuoteKind::Unknown => panic!("a token price without a range"),
                }
            }
        }
    }
    if quote.kind != QuoteKind::Unknown {
        assert_ne!(range.kind, QuoteKind::Unknown, "a quote without a range");
    }
});
