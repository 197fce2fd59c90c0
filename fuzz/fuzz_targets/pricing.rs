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
        // Without a resolution select, the aspect ratio's options are the sizes offered.
        let offered = ["resolution", "aspect_ratio"]
            .into_iter()
            .find_map(|id| controls.get(id))
            .and_then(|c| match c {
                Control::Select(c) | Control::Radio(c) => Some(c.options.clone()),
                _ => None,
            });
        // The range covers what the model offers: its options when it has a resolution (or
        // aspect ratio) list, else any token.
        let tokens: Vec<String> = match offered {
            Some(options) => options.into_iter().map(|o| o.value).collect(),
            None => gen::TOKENS.iter().map(|t| (*t).to_owned()).collect(),
        };
        for token in tokens {
            if let Some(p) = token_price(pricing, &token) {
                assert!(p.is_finite() && (0.0..=1e6).contains(&p), "token price {p}");
                // A fixed token price lies within the model's range, when it has one: the range
                // is unknown when another price the model may use cannot be read (a price over
                // the cap, a text), which contradicts no token's price.
                match range.kind {
                    QuoteKind::Exact => assert_eq!(range.amount, Some(p)),
                    QuoteKind::Range => {
                        let (lo, hi) = (range.min.unwrap_or(0.0), range.max.unwrap_or(0.0));
                        assert!(lo <= p && p <= hi, "{p} outside {lo}..{hi}");
                    }
                    QuoteKind::Unknown => {}
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
    // A quote lies within the model's range when both are known. (The range covers every
    // offered option: it can be unknown while one option's quote is known, when another
    // option leaves the size to the model and a listed price cannot be read.)
    let per_image = |q: &nanogpt_image_controls::pricing::PriceQuote| -> Option<(f64, f64)> {
        let n = f64::from(q.images.unwrap_or(1).max(1));
        match q.kind {
            QuoteKind::Exact => q.per_image.or(q.amount).map(|p| (p, p)),
            QuoteKind::Range => Some((q.min? / n, q.max? / n)),
            QuoteKind::Unknown => None,
        }
    };
    if let (Some((qlo, qhi)), Some((rlo, rhi))) = (per_image(&quote), per_image(&range)) {
        let slack = 1e-9 * rhi.abs().max(1.0);
        assert!(
            rlo - slack <= qlo && qhi <= rhi + slack,
            "the quote {quote:?} is outside the range {range:?} for {values:?}"
        );
    }
});
