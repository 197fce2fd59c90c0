//! The catalog model and its lenient parser for both NanoGPT catalog shapes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// Which catalog endpoint the data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// `GET /api/v1/image-models`.
    #[default]
    Legacy,
    /// `GET /api/v1/images/models`.
    Images,
}

/// A parsed catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    /// The models, in catalog order.
    pub models: Vec<Model>,
    /// Where the catalog came from.
    pub meta: Meta,
    /// What was skipped or coerced.
    pub warnings: Vec<Diagnostic>,
}

/// Catalog metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The endpoint shape.
    pub source: Source,
    /// The count the server reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub count: Option<u64>,
    /// When the server generated the catalog (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub generated_at: Option<String>,
    /// When this client fetched it (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fetched_at: Option<String>,
}

/// Capability flags. They are hints: the catalog is not always consistent with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    /// Generates images from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_generation: Option<bool>,
    /// Accepts input images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub image_to_image: Option<bool>,
    /// Accepts a mask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub inpainting: Option<bool>,
    /// May produce adult content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub nsfw: Option<bool>,
}

/// One image model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// The model id sent as `model` (may contain `/`, `:`, `@`).
    pub id: String,
    /// Display name (the id when the catalog gave none).
    pub name: String,
    /// Description, untrusted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
    /// Owner / provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub owned_by: Option<String>,
    /// Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub created: Option<f64>,
    /// Capability hints.
    #[serde(default)]
    pub capabilities: Capabilities,
    /// e.g. `["text", "image"]`.
    #[serde(default)]
    pub input_modalities: Vec<String>,
    /// e.g. `["image"]`.
    #[serde(default)]
    pub output_modalities: Vec<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Category, e.g. `image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub category: Option<String>,
    /// Absolute `http(s)` URL, or absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub icon_url: Option<String>,
    /// Pricing exactly as the catalog gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "unknown")]
    pub pricing: Option<Value>,
    /// `supported_parameters` exactly as the catalog gave it.
    #[serde(default)]
    #[tsify(type = "Record<string, unknown>")]
    pub supported_parameters: Map<String, Value>,
    /// The per-model detail path the typed endpoint gave (`/api/v1/images/models/{id}/endpoints`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub endpoints: Option<String>,
    /// Whether the model streams (typed endpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supports_streaming: Option<bool>,
}

/// Options for [`parse_catalog`].
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Force the source shape; guessed from the data when `None`.
    pub source: Option<Source>,
    /// Base URL that relative `icon_url` paths resolve against (default `https://nano-gpt.com`).
    pub base_url: Option<String>,
    /// ISO 8601 fetch time to record in `meta.fetchedAt`.
    pub fetched_at: Option<String>,
}

/// Added / removed / changed model ids between two catalogs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify, Default)]
#[serde(rename_all = "camelCase")]
pub struct CatalogDiff {
    /// Ids only in the new catalog.
    pub added: Vec<String>,
    /// Ids only in the old catalog.
    pub removed: Vec<String>,
    /// Ids in both whose data differs.
    pub changed: Vec<String>,
}

/// Parses catalog JSON text.
pub fn parse_catalog(input: &str, options: &ParseOptions) -> Result<Catalog, Error> {
    let value: Value = serde_json::from_str(input)
        .map_err(|e| Error::InvalidJson(format!("the catalog is not valid JSON: {e}")))?;
    parse_catalog_value(value, options)
}

/// Parses an already-decoded catalog.
pub fn parse_catalog_value(value: Value, options: &ParseOptions) -> Result<Catalog, Error> {
    let _ = (value, options);
    Err(Error::InvalidCatalog("not implemented yet".into()))
}

/// Compares two catalogs by model id.
pub fn diff_catalogs(previous: &Catalog, next: &Catalog) -> CatalogDiff {
    let _ = (previous, next);
    CatalogDiff::default()
}
