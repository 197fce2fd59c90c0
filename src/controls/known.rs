//! The controls the contract names: prompt, images, mask, resolution, aspect ratio, `n`,
//! rendering speed.

use std::cell::RefCell;
use std::rc::Rc;

use crate::json::OwnedMap as Map;

use super::num::{capped, count, number, positive_u32};
use super::options::{collect, default_of, entry_text, listing, Listing};
use super::{
    Base, Choice, Control, ControlOption, Cx, Endpoint, Fixed, Images, Mask, Path, Slider, Text,
    MAX_IMAGE_COUNT, MAX_INPUT_IMAGES, OPENAI_UPLOAD_BYTES,
};
use std::borrow::Cow;

use crate::catalog::Model;
use crate::hash::HashMap;
use crate::json::{self, Value};
use crate::pricing::TokenPrices;
use crate::resolution::{label_key, parse_resolution, same_parsed, Resolution, ResolutionKind};

/// Label of the `""` option, which leaves the choice to the provider.
pub(super) const PROVIDER_DEFAULT: &str = "Provider default";
/// Translation key of [`PROVIDER_DEFAULT`].
pub(super) const PROVIDER_DEFAULT_KEY: &str = "option.provider_default";

/// A control the contract names, with the catalog's own label (else `fallback`, which costs no
/// allocation) and description.
fn described_base(
    id: &'static str,
    field: &'static str,
    label_key: &'static str,
    fallback: &'static str,
    label: Option<&str>,
    description: Option<&str>,
) -> Base {
    let label = label.map_or(Cow::Borrowed(fallback), |l| Cow::Owned(l.to_owned()));
    let mut base = Base::known(id, field, label, label_key);
    base.description = description.map(str::to_owned);
    base
}

/// The prompt: always first, always required.
pub(super) fn prompt(cx: &mut Cx) -> Control {
    let max_length = capped(
        cx,
        Path("max_prompt_characters", "", ""),
        cx.param("max_prompt_characters"),
        u64::from(crate::form::MAX_TEXT_LENGTH),
    )
    .filter(|&n| n > 0)
    .map(|n| u32::try_from(n).unwrap_or(crate::form::MAX_TEXT_LENGTH));
    let length = cx.param("prompt_length");
    let known = length.and_then(|l| l.get("status")).and_then(Value::as_str) == Some("known");
    let length_unit = length
        .filter(|_| known)
        .and_then(|l| l.get("unit"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let trim_whitespace = known
        && length
            .and_then(|l| l.get("trim_whitespace"))
            .and_then(Value::as_bool)
            == Some(true);
    let mut base = Base::known("prompt", "prompt", "Prompt", "control.prompt");
    base.required = true;
    Control::Text(Text {
        base,
        multiline: true,
        max_length,
        length_unit,
        trim_whitespace,
        default: None,
    })
}

/// Input images, when any signal says the model takes them.
///
/// Signals (any one suffices, because the catalog's flags are hints that parameters sometimes
/// contradict): `capabilities.image_to_image`, `capabilities.inpainting` (a mask needs an image
/// to apply to), `max_input_images` ≥ 1, `input_image_constraints` (or the endpoints listing's
/// `input_reference_constraints`), or `image` among the input modalities. `maxItems` is the smaller of `max_input_images` and the constraints' `max_items`,
/// 1 when neither says.
///
/// The control is `required` (`minItems: 1`) only when the model cannot work from text alone:
/// see [`needs_input_image`].
pub(super) fn images(cx: &mut Cx) -> Option<Control> {
    let model = cx.model;
    let (constraints_key, constraints) = ["input_image_constraints", "input_reference_constraints"]
        .into_iter()
        .find_map(|k| cx.param(k).filter(|v| v.is_object()).map(|v| (k, v)))
        .unwrap_or(("input_image_constraints", &Value::Null));
    let max_input = capped(
        cx,
        Path("max_input_images", "", ""),
        cx.param("max_input_images"),
        MAX_INPUT_IMAGES,
    );
    let max_items = capped(
        cx,
        Path(constraints_key, "max_items", ""),
        constraints.get("max_items"),
        MAX_INPUT_IMAGES,
    );
    let accepts_images = model.capabilities.image_to_image == Some(true)
        || model.capabilities.inpainting == Some(true)
        || max_input.is_some_and(|n| n >= 1)
        || constraints.is_object()
        || model.input_modalities.iter().any(|m| m == "image");
    if !accepts_images {
        return None;
    }
    let max = [max_input, max_items]
        .into_iter()
        .flatten()
        .filter(|&n| n >= 1)
        .min()
        .unwrap_or(1);
    let max = u32::try_from(max).unwrap_or(1);

    let route = constraints.get("route").unwrap_or(&Value::Null);
    let formats = route.get("formats").and_then(Value::as_array).map(|list| {
        list.iter()
            .filter_map(Value::as_str)
            .take(super::MAX_OPTIONS)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    let formats = formats.filter(|f| !f.is_empty());
    let route_bytes = number(
        cx,
        Path(constraints_key, "route", "max_bytes"),
        route.get("max_bytes"),
    );
    let provider_bytes = number(
        cx,
        Path(constraints_key, "provider", "max_bytes"),
        constraints.get("provider").and_then(|p| p.get("max_bytes")),
    );
    // The OpenAI-compatible endpoint's own upload limit applies on top of the model's.
    #[allow(clippy::cast_precision_loss)]
    let endpoint_bytes = (cx.endpoint == Endpoint::Openai).then_some(OPENAI_UPLOAD_BYTES as f64);
    let max_bytes = [route_bytes, provider_bytes, endpoint_bytes]
        .into_iter()
        .flatten()
        .filter(|&b| b > 0.0)
        .reduce(f64::min);
    let mut dim =
        |name: &str| positive_u32(cx, Path(constraints_key, "route", name), route.get(name));
    let (min_width, min_height) = (dim("min_width"), dim("min_height"));
    let (max_width, max_height) = (dim("max_width"), dim("max_height"));

    let field = match cx.endpoint {
        Endpoint::Images => "input_references",
        Endpoint::Openai if max > 1 => "imageDataUrls",
        Endpoint::Openai => "imageDataUrl",
    };
    let label = if max > 1 {
        "Input images"
    } else {
        "Input image"
    };
    let required = needs_input_image(model);
    let mut base = Base::known("images", field, label, "control.images");
    base.required = required;
    crate::form::text::put(&mut base.label_params, "count", json::OwnedValue::from(max));
    Some(Control::Images(Images {
        base,
        min_items: u32::from(required),
        max_items: max,
        formats,
        max_bytes,
        min_width,
        min_height,
        max_width,
        max_height,
    }))
}

/// Whether the model cannot generate from text alone, so an input image is required.
///
/// Conservative, because flags are hints: true when `capabilities.image_generation` is `false`,
/// or when the model is edit-only by both its id and its tags — the id's last segment (after
/// `/` or `:`) is `edit` or ends in `-edit`/`_edit`, the tags do not include `text-to-image`,
/// and image is among its inputs (`image_to_image`, or `image` in the input modalities).
/// An edit model that claims `image_generation: true` (seen live) is still treated as edit-only.
pub(super) fn needs_input_image(model: &Model) -> bool {
    if model.capabilities.image_generation == Some(false) {
        return true;
    }
    let last = model.id.rsplit(['/', ':']).next().unwrap_or_default();
    let last = last.to_ascii_lowercase();
    let id_says_edit = last == "edit" || last.ends_with("-edit") || last.ends_with("_edit");
    let text_to_image = model
        .tags
        .iter()
        .any(|t| t.eq_ignore_ascii_case("text-to-image"));
    let takes_image = model.capabilities.image_to_image == Some(true)
        || model.input_modalities.iter().any(|m| m == "image");
    id_says_edit && !text_to_image && takes_image
}

/// An inpainting mask when `capabilities.inpainting` is set.
///
/// The normalized endpoint documents no mask field, so both endpoints use `maskDataUrl`.
pub(super) fn mask(cx: &Cx) -> Option<Control> {
    (cx.model.capabilities.inpainting == Some(true)).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let max_bytes = (cx.endpoint == Endpoint::Openai).then_some(OPENAI_UPLOAD_BYTES as f64);
        Control::Mask(Mask {
            base: Base::known("mask", "maskDataUrl", "Mask", "control.mask"),
            max_bytes,
        })
    })
}

/// A parsed token with its label key, shared by every option that uses the token.
type Described = Rc<(Resolution, Option<(&'static str, Map)>)>;

thread_local! {
    /// Parsed tokens with their label keys: a catalog repeats a few dozen tokens across all
    /// its models, and parsing + labelling was most of the cost of deriving controls.
    static RESOLUTIONS: RefCell<HashMap<String, Described>> = RefCell::new(HashMap::default());
}

/// `parse_resolution(token)` and its `label_key`, memoized (bounded: cleared past 4096 tokens).
fn described_resolution(token: &str) -> Described {
    RESOLUTIONS.with(|cache| {
        if let Some(hit) = cache.borrow().get(token) {
            return hit.clone();
        }
        let resolution = parse_resolution(token);
        let key = label_key(&resolution);
        let described = Rc::new((resolution, key));
        let mut cache = cache.borrow_mut();
        if cache.len() >= 4096 {
            cache.clear();
        }
        cache.insert(token.to_owned(), described.clone());
        described
    })
}

/// An option of a resolution-like list with its parsed token, until the list is finished.
struct ResOption {
    option: ControlOption,
    described: Described,
}

impl ResOption {
    fn resolution(&self) -> &Resolution {
        &self.described.0
    }
}

/// Options of a resolution-like list (`resolution`, `aspect_ratio`), each with its parsed
/// token, a price when the catalog prices the token, and groups when the list mixes kinds.
fn resolution_options(cx: &mut Cx, path: &str, listing: &Listing) -> Vec<ResOption> {
    let values = collect(cx, path, listing, false);
    // Table keys naming one of the model's speeds are speeds (the price depends on them).
    let prices = TokenPrices::of(cx.model, &cx.pricing, offered_speeds(cx.params));
    let mut options: Vec<ResOption> = values
        .into_iter()
        .map(|(value, given)| {
            let described = described_resolution(&value);
            // Never empty, except where the label is the one made from the token: that one
            // is filled in by `finish` (in a lean derivation, on the JS side).
            let (label, label_key) = match given {
                Some(l) if !l.is_empty() => (l.to_owned(), None),
                _ if value.is_empty() => (
                    PROVIDER_DEFAULT.to_owned(),
                    Some(PROVIDER_DEFAULT_KEY.to_owned()),
                ),
                _ if described.0.label.is_empty() => (value.clone(), None),
                _ if described.1.is_some() => (String::new(), None),
                _ => (described.0.label.clone(), None),
            };
            let price = prices.get(&value).filter(|p| p.is_finite());
            ResOption {
                option: ControlOption {
                    value,
                    label,
                    label_key,
                    label_params: Map::new(),
                    group: None,
                    group_key: None,
                    resolution: None,
                    price,
                },
                described,
            }
        })
        .collect();
    let kind = |o: &ResOption| o.resolution().kind;
    // `auto` and the provider default sit beside any kind; they do not make a list mixed.
    let grouped = |o: &&ResOption| !o.option.value.is_empty() && kind(o) != ResolutionKind::Auto;
    let first = options.iter().find(grouped).map(kind);
    if options
        .iter()
        .filter(grouped)
        .any(|o| Some(kind(o)) != first)
    {
        for o in options.iter_mut().filter(|o| !o.option.value.is_empty()) {
            o.option.group = group_label(kind(o)).map(str::to_owned);
            o.option.group_key = group_key(kind(o)).map(str::to_owned);
        }
    }
    options
}

/// Gives an option of a lean derivation its `resolution` and, when its label is empty, the
/// label made from the token.
pub(super) fn complete_option(option: &mut ControlOption) {
    complete_with(option, &described_resolution(&option.value));
}

fn complete_with(option: &mut ControlOption, described: &Described) {
    let (resolution, key) = &**described;
    if option.label.is_empty() {
        option.label = resolution.label.clone();
        if let Some((key, params)) = key {
            option.label_key = Some((*key).to_owned());
            option.label_params = params.clone();
        }
    }
    option.resolution = Some(resolution.clone());
}

/// The finished options: each with its `resolution` and token-made label, unless the
/// derivation is lean (then the registry's JS side attaches both, shared per token).
fn finish(cx: &Cx, options: Vec<ResOption>) -> Vec<ControlOption> {
    options
        .into_iter()
        .map(|mut o| {
            if !cx.lean {
                complete_with(&mut o.option, &o.described);
            }
            o.option
        })
        .collect()
}

/// Heading of a group of resolution options.
fn group_label(kind: ResolutionKind) -> Option<&'static str> {
    crate::resolution::group_label(kind)
}

/// Translation key of a group heading.
fn group_key(kind: ResolutionKind) -> Option<&'static str> {
    crate::resolution::group_key(kind)
}

/// The list the resolution select is made from: `resolution` (typed) before `resolutions`
/// (legacy), each a plain list, `{type:"enum"}`, `{type:"select"}` or a single string; `warn`
/// hears of the key that is not a list, or not used.
fn resolution_listing<'v>(
    params: &'v json::Map<'v>,
    mut warn: impl FnMut(&str, String),
) -> Option<(&'static str, Listing<'v>)> {
    let mut found: Option<(&'static str, Listing)> = None;
    for key in ["resolution", "resolutions"] {
        let Some(value) = params.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        let list = match value {
            Value::String(_) => Some(Listing {
                entries: vec![(value, None)],
                default: None,
                label: None,
                description: None,
            }),
            _ => listing(value),
        };
        match (list, &found) {
            (None, _) => warn(key, "not a list of resolutions; ignored".to_owned()),
            (Some(_), Some((used, _))) => warn(key, format!("ignored because `{used}` is used")),
            (Some(list), None) => found = Some((key, list)),
        }
    }
    found
}

/// The resolution tokens a model offers (the resolution select's option values, unchecked and
/// in catalog order), read without deriving its controls; `None` when it offers no list.
/// The rendering speeds a model offers, as the speed radio's option values (unchecked: for
/// telling speed keys of a price table from resolution tokens).
pub(crate) fn offered_speeds(params: &json::Map<'_>) -> Vec<String> {
    params
        .get("rendering_speed")
        .and_then(super::options::listing)
        .map(|l| {
            l.entries
                .iter()
                .filter_map(|(raw, _)| entry_text(raw, true))
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn offered_resolutions(params: &json::Map<'_>) -> Option<Vec<String>> {
    let (_, list) = resolution_listing(params, |_, _| {})?;
    Some(
        list.entries
            .iter()
            .filter_map(|(raw, _)| entry_text(raw, false))
            .collect(),
    )
}

/// The resolution select, from `resolution` (typed) or `resolutions` (legacy); either key may
/// hold a plain list, `{type:"enum"}`, `{type:"select"}` or a single string.
///
/// Default: the catalog's typed default when it is an option; else the square pixel option
/// nearest 1 megapixel; else `auto` (or another auto option); else the first option.
pub(super) fn resolution(cx: &mut Cx) -> Option<Choice> {
    let params = cx.params;
    let (key, list) = resolution_listing(params, |key, message| cx.warn(key, message))?;
    let options = resolution_options(cx, key, &list);
    if options.is_empty() {
        return None;
    }
    let default = default_of(cx, key, list.default, values(&options))
        .or_else(|| nearest_square_1mp(&options))
        .or_else(|| auto_option(&options))
        .or_else(|| options.first().map(|o| o.option.value.clone()));
    let options = finish(cx, options);
    let field = match cx.endpoint {
        Endpoint::Openai => "size",
        Endpoint::Images => "resolution",
    };
    Some(Choice {
        base: described_base(
            "resolution",
            field,
            "control.resolution",
            "Resolution",
            list.label,
            list.description,
        ),
        options,
        default,
    })
}

/// Option values, for [`default_of`].
fn values(options: &[ResOption]) -> impl Iterator<Item = &str> {
    options.iter().map(|o| o.option.value.as_str())
}

/// The square pixel option nearest 1 megapixel (the first of equals).
fn nearest_square_1mp(options: &[ResOption]) -> Option<String> {
    let mut best: Option<(f64, &ResOption)> = None;
    for o in options {
        let r = o.resolution();
        let (Some(w), Some(h)) = (r.width, r.height) else {
            continue;
        };
        if r.kind != ResolutionKind::Pixels || w != h {
            continue;
        }
        let mp = r
            .megapixels
            .unwrap_or(f64::from(w) * f64::from(h) / 1_000_000.0);
        let distance = (mp - 1.0).abs();
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, o));
        }
    }
    best.map(|(_, o)| o.option.value.clone())
}

/// `auto` itself, else the first other auto option (`auto_2K`).
fn auto_option(options: &[ResOption]) -> Option<String> {
    let is_auto = |o: &&ResOption| o.resolution().kind == ResolutionKind::Auto;
    options
        .iter()
        .filter(is_auto)
        .find(|o| o.option.value.eq_ignore_ascii_case("auto"))
        .or_else(|| options.iter().find(is_auto))
        .map(|o| o.option.value.clone())
}

/// The aspect-ratio select, unless every non-empty value is already a resolution option.
///
/// Default: the catalog's typed default when it is an option; else `""` (the provider's
/// default) when listed; else `auto`; else a square ratio; else the first option.
pub(super) fn aspect_ratio(cx: &mut Cx, resolution: Option<&Choice>) -> Option<Choice> {
    let key = "aspect_ratio";
    let value = cx.param(key).filter(|v| !v.is_null())?;
    let Some(list) = listing(value) else {
        cx.warn(key, "not a list of aspect ratios; ignored");
        return None;
    };
    let mut options = resolution_options(cx, key, &list);
    if resolution.is_some() {
        // The resolution sets the price (`quote_price`): a ratio's own price, listed when the
        // ratios were sizes, is not what choosing it costs.
        for o in &mut options {
            o.option.price = None;
        }
    }
    // The resolution options' parsed tokens (memoized), compared with each aspect option.
    let listed: Vec<Described> = resolution.map_or_else(Vec::new, |r| {
        r.options
            .iter()
            .map(|o| described_resolution(&o.value))
            .collect()
    });
    let covered = |o: &ResOption| {
        o.option.value.is_empty() || listed.iter().any(|d| same_parsed(&d.0, o.resolution()))
    };
    if options.is_empty() || options.iter().all(covered) {
        return None;
    }
    let is_square =
        |o: &&ResOption| o.resolution().orientation == Some(crate::resolution::Orientation::Square);
    let default = default_of(cx, key, list.default, values(&options))
        .or_else(|| {
            options
                .iter()
                .find(|o| o.option.value.is_empty())
                .map(|o| o.option.value.clone())
        })
        .or_else(|| auto_option(&options))
        .or_else(|| {
            options
                .iter()
                .find(is_square)
                .map(|o| o.option.value.clone())
        })
        .or_else(|| options.first().map(|o| o.option.value.clone()));
    let options = finish(cx, options);
    Some(Choice {
        base: described_base(
            key,
            key,
            "control.aspect_ratio",
            "Aspect ratio",
            list.label,
            list.description,
        ),
        options,
        default,
    })
}

/// The image count: `fixed_image_count` ≥ 1 → fixed; else a slider from `n` (typed range or a
/// number), `max_images` or `max_output_images` when the maximum is at least 2.
pub(super) fn image_count(cx: &mut Cx) -> Option<Control> {
    let fixed = capped(
        cx,
        Path("fixed_image_count", "", ""),
        cx.param("fixed_image_count"),
        MAX_IMAGE_COUNT,
    );
    if let Some(n) = fixed.filter(|&n| n >= 1) {
        return Some(Control::Fixed(Fixed {
            base: Base::known("n", "n", "Number of images", "control.n"),
            value: json::OwnedValue::from(n),
        }));
    }
    let (min, max, default, label, description) = match cx.param("n") {
        Some(Value::Object(range))
            if range.get("type").and_then(Value::as_str) == Some("range") =>
        {
            let max = capped(cx, Path("n", "max", ""), range.get("max"), MAX_IMAGE_COUNT)?;
            let min = count(cx, Path("n", "min", ""), range.get("min"))
                .unwrap_or(1)
                .clamp(1, max.max(1));
            let default = count(cx, Path("n", "default", ""), range.get("default"));
            let label = super::options::non_empty(range.get("label"));
            let description = super::options::non_empty(range.get("description"));
            (min, max, default, label, description)
        }
        Some(Value::Null) | None => {
            let key = match cx.param("max_images").filter(|v| !v.is_null()) {
                Some(_) => "max_images",
                None => "max_output_images",
            };
            let max = capped(cx, Path(key, "", ""), cx.param(key), MAX_IMAGE_COUNT)?;
            (1, max, None, None, None)
        }
        Some(other) if other.is_number() || other.is_string() => {
            let max = capped(cx, Path("n", "", ""), Some(other), MAX_IMAGE_COUNT)?;
            (1, max, None, None, None)
        }
        Some(_) => {
            cx.warn("n", "expected a range descriptor or a number; ignored");
            return None;
        }
    };
    if max < 2 || min >= max {
        return None;
    }
    if default.is_some_and(|d| !(min..=max).contains(&d)) {
        cx.warn("n.default", "the default is outside the range; ignored");
    }
    let default = default.filter(|d| (min..=max).contains(d)).unwrap_or(min);
    let base = described_base(
        "n",
        "n",
        "control.n",
        "Number of images",
        label,
        description,
    );
    // Counts are capped at `MAX_IMAGE_COUNT`, so the conversions are exact.
    Some(Control::Slider(Slider {
        base,
        min: min as f64,
        max: max as f64,
        step: 1.0,
        default: default as f64,
        provider_default: false,
    }))
}

/// Rendering speed tiers as a radio group, in catalog order; default the typed default or the first.
pub(super) fn rendering_speed(cx: &mut Cx) -> Option<Control> {
    let key = "rendering_speed";
    let value = cx.param(key).filter(|v| !v.is_null())?;
    let Some(list) = listing(value) else {
        cx.warn(key, "not a list of speeds; ignored");
        return None;
    };
    let values = collect(cx, key, &list, true);
    let (options, default) = super::infer::plain_options(cx, key, list.default, values);
    if options.is_empty() {
        return None;
    }
    let default = default.or_else(|| options.first().map(|o| o.value.clone()));
    let base = described_base(
        key,
        key,
        "control.rendering_speed",
        "Rendering speed",
        list.label,
        list.description,
    );
    Some(Control::Radio(Choice {
        base,
        options,
        default,
    }))
}
