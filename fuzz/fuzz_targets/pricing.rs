//! `quote_price`, `token_price` and `price_range` with generated pricing and values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanogpt_image_controls::controls::{derive_controls, Endpoint};
use nanogpt_image_controls::form::build_request;
use nanogpt_image_controls::pricing::{
    price_range, quote_price, quote_price_with, token_price, QuoteKind,
};
use nanogpt_image_controls::Control;
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
            Control::Select(c) => Some(c.options.clone()),
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
    // An exact quote prices what the request asks for: its size and its number of images.
    let built = build_request(model, &controls, &values, Endpoint::Openai);
    if let (Some(body), QuoteKind::Exact, Some(pricing)) = (&built.body, quote.kind, &model.pricing)
    {
        // (Only the resolution control's size: an inferred `size` parameter is not priced.)
        let size = body
            .get("size")
            .filter(|_| controls.get("resolution").is_some());
        if let Some(size) = size.and_then(|s| s.as_str()) {
            assert_eq!(
                token_price(pricing, size),
                quote.per_image,
                "the quote prices another size"
            );
        }
        let fixed = controls.get("n").and_then(|c| match c {
            Control::Fixed(f) => f.value.as_u64(),
            _ => None,
        });
        let n = body
            .get("n")
            .and_then(|n| n.as_u64())
            .or(fixed)
            .unwrap_or(1);
        assert_eq!(
            quote.images.map(u64::from),
            Some(n),
            "the quote counts other images"
        );
    }
    if quote.kind != QuoteKind::Unknown {
        assert_ne!(range.kind, QuoteKind::Unknown, "a quote without a range");
    }
});
