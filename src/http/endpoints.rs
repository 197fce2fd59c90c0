//! `GET /api/v1/images/models/{id}/endpoints`: per-provider parameters, prices and input
//! constraints of one model, read leniently (wrong types are dropped with a warning).

use crate::json::{OwnedMap as Map, OwnedValue as Value};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// One model's endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ModelEndpoints {
    /// The model id (the server's, else the one asked for).
    pub id: String,
    /// One entry per provider route, in server order.
    pub endpoints: Vec<ModelEndpoint>,
    /// What was skipped or coerced.
    pub warnings: Vec<Diagnostic>,
}

/// One provider route of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ModelEndpoint {
    /// `provider_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_name: Option<String>,
    /// `provider_slug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_slug: Option<String>,
    /// `provider_tag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider_tag: Option<String>,
    /// `supported_parameters`, exactly as the server gave them.
    #[tsify(type = "Record<string, unknown>")]
    pub supported_parameters: Map,
    /// `allowed_passthrough_parameters`.
    pub allowed_passthrough_parameters: Vec<String>,
    /// `supports_streaming`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub supports_streaming: Option<bool>,
    /// `pricing` entries.
    pub pricing: Vec<EndpointPrice>,
    /// `input_reference_constraints`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub input_reference_constraints: Option<InputReferenceConstraints>,
}

/// One price line: `{billable, unit, costUsd?, resolution?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EndpointPrice {
    /// What is billed (`output_image`); empty when the server left it out.
    pub billable: String,
    /// Per what (`image`); empty when the server left it out.
    pub unit: String,
    /// Price in US dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cost_usd: Option<f64>,
    /// The resolution token the price is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub resolution: Option<String>,
}

/// Limits on input (reference) images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct InputReferenceConstraints {
    /// `max_items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_items: Option<f64>,
    /// `route`: what this route accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub route: Option<ImageLimits>,
    /// `provider`: what the upstream provider accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub provider: Option<ImageLimits>,
}

/// Size, byte and format limits of input images.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImageLimits {
    /// `min_width`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min_width: Option<f64>,
    /// `min_height`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub min_height: Option<f64>,
    /// `max_width`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_width: Option<f64>,
    /// `max_height`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_height: Option<f64>,
    /// `max_bytes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub max_bytes: Option<f64>,
    /// `formats` (`png`, `jpeg`, `webp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub formats: Option<Vec<String>>,
    /// `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub source: Option<String>,
    /// `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub note: Option<String>,
}

/// Parses the endpoints answer for `requested_id`. Fails with [`Error::InvalidJson`] for text
/// that is not JSON and [`Error::InvalidCatalog`] for JSON without an `endpoints` list.
pub fn parse_model_endpoints(text: &str, requested_id: &str) -> Result<ModelEndpoints, Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        return Err(Error::InvalidJson(
            "the model endpoints response is an HTML page, not JSON".into(),
        ));
    }
    let value = crate::json::parse_located(trimmed).map_err(|e| {
        Error::InvalidJson(format!(
            "the model endpoints response is not valid JSON: {e}"
        ))
    })?;
    let Value::Object(mut root) = value.into_owned() else {
        return Err(Error::InvalidCatalog(
            "the model endpoints response is not a JSON object".into(),
        ));
    };
    let root = match root.remove("data") {
        Some(Value::Object(data)) if data.contains_key("endpoints") => data,
        Some(other) => {
            root.insert("data", other);
            root
        }
        None => root,
    };
    let id = match root.get("id") {
        Some(Value::String(id)) if !id.is_empty() => id.to_string(),
        _ => requested_id.to_owned(),
    };
    let Some(Value::Array(items)) = root.get("endpoints") else {
        return Err(Error::InvalidCatalog(
            "the model endpoints response has no `endpoints` list".into(),
        ));
    };
    let mut warnings = Vec::new();
    let mut endpoints = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut r = Reader {
            id: &id,
            path: format!("endpoints[{i}]"),
            warnings: &mut warnings,
        };
        match item {
            Value::Object(map) => endpoints.push(r.endpoint(map)),
            _ => r.warn("", "an endpoint that is not an object was skipped"),
        }
    }
    Ok(ModelEndpoints {
        id,
        endpoints,
        warnings,
    })
}

struct Reader<'a> {
    id: &'a str,
    path: String,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn warn(&mut self, key: &str, message: &str) {
        let path = if key.is_empty() {
            self.path.clone()
        } else {
            format!("{}.{key}", self.path)
        };
        if self.warnings.len() < 200 {
            self.warnings
                .push(Diagnostic::model(self.id, path, message.to_owned()));
        }
    }

    fn string(&mut self, map: &Map, key: &str) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.to_string()),
            Some(_) => {
                self.warn(key, "not a string; ignored");
                None
            }
        }
    }

    fn number(&mut self, map: &Map, key: &str) -> Option<f64> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_f64(),
            // The crate's JSON number reader (`num::parse_f64`): `str::parse::<f64>` would link core's.
            Some(Value::String(s)) if crate::num::parse_f64(s).is_some() => {
                self.warn(key, "a number given as a string; read as a number");
                crate::num::parse_f64(s)
            }
            Some(_) => {
                self.warn(key, "not a number; ignored");
                None
            }
        }
    }

    fn strings(&mut self, map: &Map, key: &str) -> Option<Vec<String>> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let list: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if list.len() != items.len() {
                    self.warn(key, "entries that are not strings were skipped");
                }
                Some(list)
            }
            Some(_) => {
                self.warn(key, "not a list of strings; ignored");
                None
            }
        }
    }

    fn endpoint(&mut self, map: &Map) -> ModelEndpoint {
        let supported_parameters = match map.get("supported_parameters") {
            Some(Value::Object(p)) => p.clone(),
            None | Some(Value::Null) => Map::new(),
            Some(_) => {
                self.warn("supported_parameters", "not an object; ignored");
                Map::new()
            }
        };
        let supports_streaming = match map.get("supports_streaming") {
            Some(Value::Bool(b)) => Some(*b),
            None | Some(Value::Null) => None,
            Some(_) => {
                self.warn("supports_streaming", "not a boolean; ignored");
                None
            }
        };
        let pricing = match map.get("pricing") {
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let mut r = Reader {
                        id: self.id,
                        path: format!("{}.pricing[{i}]", self.path),
                        warnings: self.warnings,
                    };
                    match item {
                        Value::Object(p) => out.push(EndpointPrice {
                            billable: r.string(p, "billable").unwrap_or_default(),
                            unit: r.string(p, "unit").unwrap_or_default(),
                            cost_usd: r.number(p, "cost_usd"),
                            resolution: r.string(p, "resolution"),
                        }),
                        _ => r.warn("", "a price that is not an object was skipped"),
                    }
                }
                out
            }
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                self.warn("pricing", "not a list of prices; ignored");
                Vec::new()
            }
        };
        let input_reference_constraints = match map.get("input_reference_constraints") {
            Some(Value::Object(c)) => Some(self.constraints(c)),
            None | Some(Value::Null) => None,
            Some(_) => {
                self.warn("input_reference_constraints", "not an object; ignored");
                None
            }
        };
        ModelEndpoint {
            provider_name: self.string(map, "provider_name"),
            provider_slug: self.string(map, "provider_slug"),
            provider_tag: self.string(map, "provider_tag"),
            supported_parameters,
            allowed_passthrough_parameters: self
                .strings(map, "allowed_passthrough_parameters")
                .unwrap_or_default(),
            supports_streaming,
            pricing,
            input_reference_constraints,
        }
    }

    fn constraints(&mut self, map: &Map) -> InputReferenceConstraints {
        let mut r = Reader {
            id: self.id,
            path: format!("{}.input_reference_constraints", self.path),
            warnings: self.warnings,
        };
        let max_items = r.number(map, "max_items");
        let route = r.limits(map, "route");
        let provider = r.limits(map, "provider");
        InputReferenceConstraints {
            max_items,
            route,
            provider,
        }
    }

    fn limits(&mut self, map: &Map, key: &str) -> Option<ImageLimits> {
        let l = match map.get(key) {
            Some(Value::Object(l)) => l,
            None | Some(Value::Null) => return None,
            Some(_) => {
                self.warn(key, "not an object; ignored");
                return None;
            }
        };
        let mut r = Reader {
            id: self.id,
            path: format!("{}.{key}", self.path),
            warnings: self.warnings,
        };
        Some(ImageLimits {
            min_width: r.number(l, "min_width"),
            min_height: r.number(l, "min_height"),
            max_width: r.number(l, "max_width"),
            max_height: r.number(l, "max_height"),
            max_bytes: r.number(l, "max_bytes"),
            formats: r.strings(l, "formats"),
            source: r.string(l, "source"),
            note: r.string(l, "note"),
        })
    }
}
