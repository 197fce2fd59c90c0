//! Diagnostics: what was skipped or coerced while reading untrusted catalog data.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Something that was skipped or coerced, with where it happened.
///
/// `path` is a dotted path into the catalog item, e.g. `supported_parameters.max_images`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// The model the diagnostic is about, when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub model_id: Option<String>,
    /// Where in the input, e.g. `data[3].supported_parameters.max_images`.
    pub path: String,
    /// A readable English sentence.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about one model.
    pub fn model(model_id: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            model_id: Some(model_id.to_owned()),
            path: path.into(),
            message: message.into(),
        }
    }
    /// A diagnostic about the catalog as a whole.
    pub fn catalog(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            model_id: None,
            path: path.into(),
            message: message.into(),
        }
    }
}
