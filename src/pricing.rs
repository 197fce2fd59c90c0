//! Price quotes from a model's `pricing` and form values.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

use crate::catalog::Model;
use crate::form::Values;

/// How sure a quote is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum QuoteKind {
    /// `amount` is the price.
    Exact,
    /// The price is between `min` and `max`.
    Range,
    /// The catalog does not say.
    Unknown,
}

/// A price quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PriceQuote {
    /// Exact, range or unknown.
    pub kind: QuoteKind,
    /// e.g. `USD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub currency: Option<String>,
    /// Total for an exact quote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub amount: Option<f64>,
    /// Lowest total for a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min: Option<f64>,
    /// Highest total for a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max: Option<f64>,
    /// Price of one image, when exact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub per_image: Option<f64>,
    /// Number of images priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub images: Option<u32>,
}

/// The per-image price of a resolution token, matching spellings (`1024x1024` ↔ `1024*1024`).
pub fn token_price(pricing: &Value, token: &str) -> Option<f64> {
    let _ = (pricing, token);
    None
}

/// Quotes the price of generating with `values`.
pub fn quote_price(model: &Model, values: &Values) -> PriceQuote {
    let _ = (model, values);
    PriceQuote {
        kind: QuoteKind::Unknown,
        currency: None,
        amount: None,
        min: None,
        max: None,
        per_image: None,
        images: None,
    }
}
