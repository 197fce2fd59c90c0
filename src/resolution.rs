//! Resolution tokens: pixels, aspect ratios, tiers, auto, scale factors.
//!
//! Parsing never fails and never panics: a token that is not understood becomes
//! [`ResolutionKind::Other`], labelled as written. Numbers are read as integers (decimals as
//! fixed point) and written with integer arithmetic, which keeps the wasm small and every
//! numeric field finite.

use crate::json::{OwnedMap as Map, OwnedValue as Value};
use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::form::text::put;

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
    /// width == height (within 1 %).
    Square,
    /// width > height.
    Landscape,
    /// width < height.
    Portrait,
}

/// A parsed resolution token.
///
/// Which fields a kind always has is part of the TypeScript type (`Resolution`, a union on
/// `kind` in `src/wasm/types.d.ts`); `fields_by_kind` in the tests keeps the two in step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ResolutionFields")]
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
    /// Reduced ratio, e.g. `16:9`, `2.35:1`, `7:4`; exact (`1376x768` is `43:24`), with the
    /// usual names of ratios that have one (`16:10`, `21:9` rather than `8:5`, `7:3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub aspect: Option<String>,
    /// For pixel sizes: the common ratio (`1:1`, `4:3`, `3:2`, `16:9`, `21:9`, …) the size has
    /// or is within about 2 % of (`1376x768`: `16:9`), as labels show it (`≈16:9`); absent when
    /// none is that near. What grouping sizes by shape wants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub common_aspect: Option<String>,
    /// width / height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ratio: Option<f64>,
    /// Megapixels, rounded to two decimals.
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

/// Largest side accepted as a real image size; larger (or zero) sizes are `Other`.
const MAX_SIDE: u64 = 100_000;

/// ln(1.02): a pixel size within ~2 % of a common ratio is shown as that ratio.
const SNAP: f64 = 0.0198;

/// Common ratios as `(width, height, name)`.
const COMMON: &[(u64, u64, &str)] = &[
    (1, 1, "1:1"),
    (5, 4, "5:4"),
    (4, 5, "4:5"),
    (4, 3, "4:3"),
    (3, 4, "3:4"),
    (3, 2, "3:2"),
    (2, 3, "2:3"),
    (8, 5, "16:10"),
    (5, 8, "10:16"),
    (16, 9, "16:9"),
    (9, 16, "9:16"),
    (2, 1, "2:1"),
    (1, 2, "1:2"),
    (7, 3, "21:9"),
    (3, 7, "9:21"),
    (47, 20, "2.35:1"),
    (20, 47, "1:2.35"),
    (3, 1, "3:1"),
    (1, 3, "1:3"),
];

/// Parses one resolution token. Never fails: unknown tokens are `Other`, labelled as written.
///
/// ```
/// use nanogpt_image_controls::resolution::{parse_resolution, ResolutionKind};
/// let r = parse_resolution("1376x768");
/// assert_eq!(r.kind, ResolutionKind::Pixels);
/// assert_eq!(r.aspect.as_deref(), Some("43:24"));
/// assert_eq!(r.common_aspect.as_deref(), Some("16:9"));
/// assert_eq!(r.label, "1376 × 768 · ≈16:9 · 1.1 MP");
/// assert_eq!(parse_resolution("auto_2K").label, "Auto (2K)");
/// ```
pub fn parse_resolution(token: &str) -> Resolution {
    let s = token.trim();
    let l = s.to_ascii_lowercase();
    let r = Resolution {
        token: token.to_owned(),
        kind: ResolutionKind::Other,
        label: token.to_owned(),
        width: None,
        height: None,
        aspect: None,
        common_aspect: None,
        ratio: None,
        megapixels: None,
        orientation: None,
        tier: None,
        scale: None,
    };
    if l == "auto" {
        return Resolution {
            kind: ResolutionKind::Auto,
            label: "Auto".into(),
            ..r
        };
    }
    if let Some((name, mp)) = l.strip_prefix("auto_").and_then(tier) {
        return Resolution {
            kind: ResolutionKind::Auto,
            label: format!("Auto ({name})"),
            tier: Some(name),
            megapixels: mp,
            ..r
        };
    }
    if let Some((w, h)) = pixels(s) {
        let ratio = w as f64 / h as f64;
        let (aspect, approx) = pixel_aspect(w, h);
        let t = (w * h + 50_000) / 100_000;
        let size = if t > 0 {
            format!(" · {}.{} MP", t / 10, t % 10)
        } else {
            String::new()
        };
        return Resolution {
            kind: ResolutionKind::Pixels,
            label: format!(
                "{w} × {h} · {}{aspect}{size}",
                if approx { "≈" } else { "" }
            ),
            width: u32::try_from(w).ok(),
            height: u32::try_from(h).ok(),
            aspect: Some(exact_aspect(w, h)),
            common_aspect: common_aspect(w, h).map(|(name, _)| name.to_owned()),
            ratio: Some(ratio),
            megapixels: Some(megapixels(w, h)),
            orientation: Some(orientation(ratio)),
            ..r
        };
    }
    if let Some((a, b)) = s
        .split_once(':')
        .and_then(|(a, b)| Some((dec(a)?, dec(b)?)))
    {
        let ratio = fixed(a) / fixed(b);
        let o = orientation(ratio);
        let aspect = aspect_name(a, b);
        return Resolution {
            kind: ResolutionKind::Aspect,
            label: format!(
                "{aspect} ({})",
                match o {
                    Orientation::Square => "square",
                    Orientation::Landscape => "landscape",
                    Orientation::Portrait => "portrait",
                }
            ),
            aspect: Some(aspect),
            ratio: Some(ratio),
            orientation: Some(o),
            ..r
        };
    }
    if let Some((name, mp)) = tier(&l) {
        return Resolution {
            kind: ResolutionKind::Tier,
            label: crate::text::replace(&name, "MP", " MP"),
            tier: Some(name),
            megapixels: mp,
            ..r
        };
    }
    let scale = l
        .strip_suffix('x')
        .or_else(|| l.strip_suffix('×'))
        .and_then(dec)
        .or_else(|| int(&l).filter(|n| (1..=16).contains(n)).map(|n| (n, 0)))
        .filter(|&(m, e)| m <= 16 * 10u64.pow(e));
    if let Some(f) = scale {
        return Resolution {
            kind: ResolutionKind::Scale,
            label: format!("{}× upscale", fmt_dec(f.0, f.1)),
            scale: Some(fixed(f)),
            ..r
        };
    }
    r
}

/// A group heading for option lists that mix kinds; `None` for `Other`.
///
/// ```
/// use nanogpt_image_controls::resolution::{group_label, ResolutionKind};
/// assert_eq!(group_label(ResolutionKind::Aspect), Some("Aspect ratio"));
/// ```
pub fn group_label(kind: ResolutionKind) -> Option<&'static str> {
    match kind {
        ResolutionKind::Aspect => Some("Aspect ratio"),
        ResolutionKind::Pixels => Some("Size"),
        ResolutionKind::Tier => Some("Quality tier"),
        ResolutionKind::Auto => Some("Auto"),
        ResolutionKind::Scale => Some("Upscale"),
        ResolutionKind::Other => None,
    }
}

/// A stable translation key for [`group_label`], e.g. `resolution.group.aspect`.
pub fn group_key(kind: ResolutionKind) -> Option<&'static str> {
    match kind {
        ResolutionKind::Aspect => Some("resolution.group.aspect"),
        ResolutionKind::Pixels => Some("resolution.group.size"),
        ResolutionKind::Tier => Some("resolution.group.tier"),
        ResolutionKind::Auto => Some("resolution.group.auto"),
        ResolutionKind::Scale => Some("resolution.group.scale"),
        ResolutionKind::Other => None,
    }
}

/// A stable translation key for a resolution's `label`, with the parameters the label shows;
/// `None` for `Other` (labelled as written, nothing to translate).
///
/// | kind | key | params | English |
/// |---|---|---|---|
/// | pixels | `resolution.pixels` | `width`, `height`, `aspect` (`≈` prefixed when approximate), `megapixels` (one decimal) | `{width} × {height} · {aspect} · {megapixels} MP` |
/// | pixels below 0.05 MP | `resolution.pixels_small` | `width`, `height`, `aspect` | `{width} × {height} · {aspect}` |
/// | aspect | `resolution.aspect_square`, `…_landscape`, `…_portrait` | `aspect` | `{aspect} (square)` |
/// | tier | `resolution.tier` | `tier` (as shown: `2K`, `1 MP`) | `{tier}` |
/// | auto | `resolution.auto` / `resolution.auto_tier` | — / `tier` | `Auto` / `Auto ({tier})` |
/// | scale | `resolution.scale` | `scale` | `{scale}× upscale` |
///
/// ```
/// use nanogpt_image_controls::resolution::{label_key, parse_resolution};
/// let (key, params) = label_key(&parse_resolution("16:9")).unwrap();
/// assert_eq!(key, "resolution.aspect_landscape");
/// assert_eq!(params["aspect"], "16:9");
/// assert!(label_key(&parse_resolution("weird")).is_none());
/// ```
pub fn label_key(r: &Resolution) -> Option<(&'static str, Map)> {
    let mut params = Map::new();
    let key = match r.kind {
        ResolutionKind::Auto => match &r.tier {
            Some(tier) => {
                put(&mut params, "tier", Value::from(tier.as_str()));
                "resolution.auto_tier"
            }
            None => "resolution.auto",
        },
        ResolutionKind::Pixels => {
            let (w, h) = (u64::from(r.width?), u64::from(r.height?));
            let (aspect, approx) = pixel_aspect(w, h);
            let shown = if approx {
                format!("≈{aspect}")
            } else {
                aspect
            };
            put(&mut params, "width", Value::from(w));
            put(&mut params, "height", Value::from(h));
            put(&mut params, "aspect", Value::from(shown));
            let t = (w * h + 50_000) / 100_000;
            if t == 0 {
                "resolution.pixels_small"
            } else {
                put(&mut params, "megapixels", Value::from(t as f64 / 10.0));
                "resolution.pixels"
            }
        }
        ResolutionKind::Aspect => {
            put(&mut params, "aspect", Value::from(r.aspect.as_deref()?));
            match r.orientation? {
                Orientation::Square => "resolution.aspect_square",
                Orientation::Landscape => "resolution.aspect_landscape",
                Orientation::Portrait => "resolution.aspect_portrait",
            }
        }
        ResolutionKind::Tier => {
            put(&mut params, "tier", Value::from(r.label.as_str()));
            "resolution.tier"
        }
        ResolutionKind::Scale => {
            put(&mut params, "scale", Value::from(r.scale?));
            "resolution.scale"
        }
        ResolutionKind::Other => return None,
    };
    Some((key, params))
}

/// Whether two tokens mean the same resolution, whatever the spelling:
/// `1024x1024` = `1024*1024` = `1024×1024`, `2k` = `2K`, `auto` = `AUTO`, `32:18` = `16:9`.
///
/// ```
/// use nanogpt_image_controls::resolution::same_token;
/// assert!(same_token("1024*1024", "1024x1024"));
/// assert!(!same_token("1024x1024", "1024x768"));
/// ```
pub fn same_token(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    same_parsed(&parse_resolution(a), &parse_resolution(b))
}

/// [`same_token`] for tokens already parsed.
pub(crate) fn same_parsed(x: &Resolution, y: &Resolution) -> bool {
    // Labels are built only from the normalized value, so equal labels mean equal values.
    x.token == y.token
        || x.kind == y.kind
            && match x.kind {
                ResolutionKind::Other => x.token.trim().eq_ignore_ascii_case(y.token.trim()),
                _ => x.label == y.label,
            }
}

impl Resolution {
    /// A tier given a shape by an aspect ratio (`2k` with `16:9`): the pixel size of the tier's
    /// megapixels in that ratio, for [`nearest`]; anything else is returned as it is.
    #[must_use]
    pub fn with_aspect(self, aspect: &Resolution) -> Resolution {
        let ok = |x: Option<f64>| x.filter(|x| x.is_finite() && *x > 0.0);
        let (ResolutionKind::Tier, ResolutionKind::Aspect, Some(mp), Some(ratio)) = (
            self.kind,
            aspect.kind,
            ok(self.megapixels),
            ok(aspect.ratio),
        ) else {
            return self;
        };
        let side = |x: f64| {
            // Positive and far below u32::MAX for any tier and ratio the parser accepts.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let n = x.round().max(1.0).min(MAX_SIDE as f64) as u32;
            n
        };
        Resolution {
            kind: ResolutionKind::Pixels,
            width: Some(side((mp * 1e6 * ratio).sqrt())),
            height: Some(side((mp * 1e6 / ratio).sqrt())),
            ratio: Some(ratio),
            ..self
        }
    }
}

/// The index of the candidate closest to `target`, for carrying a choice across a model switch.
///
/// The same token (any spelling) wins; then the same kind with the nearest shape and size;
/// then a meaningful match across kinds (pixels ↔ aspect by ratio, pixels ↔ tier by
/// megapixels, auto ↔ auto). `None` when no candidate is meaningful (e.g. a scale factor
/// against pixel sizes). Ties go to the earlier candidate.
pub fn nearest(target: &Resolution, candidates: &[&Resolution]) -> Option<usize> {
    if let Some(i) = candidates
        .iter()
        .position(|c| same_token(&target.token, &c.token))
    {
        return Some(i);
    }
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in candidates.iter().enumerate() {
        if let Some(d) = distance(target, c).filter(|d| d.is_finite()) {
            if best.is_none_or(|(_, b)| d < b) {
                best = Some((i, d));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// How far apart two resolutions are; `None` when comparing them means nothing.
fn distance(t: &Resolution, c: &Resolution) -> Option<f64> {
    use ResolutionKind::{Aspect, Auto, Pixels, Scale, Tier};
    let positive = |x: Option<f64>| x.filter(|x| x.is_finite() && *x > 0.0);
    let mp = |r: &Resolution| match (r.kind, r.width, r.height) {
        (Pixels, Some(w), Some(h)) => positive(Some(f64::from(w) * f64::from(h) / 1e6)),
        _ => positive(r.megapixels),
    };
    let ratio = |r: &Resolution| positive(r.ratio);
    let log = |a: f64, b: f64| (a / b).ln().abs();
    // Shapes within ~2 % count as the same aspect ratio.
    let shape = || {
        let d = log(ratio(t)?, ratio(c)?);
        Some(if d <= SNAP { 0.0 } else { d * 100.0 })
    };
    let size = || Some(log(mp(t)?, mp(c)?));
    match (t.kind, c.kind) {
        (Pixels, Pixels) => Some(shape()? + size()?),
        (Aspect, Aspect) => Some(log(ratio(t)?, ratio(c)?)),
        (Pixels, Aspect) => Some(shape()? + 0.5),
        (Aspect, Pixels) => Some(shape()? + 0.5 + log(mp(c)?, 1.0) / 10.0),
        (Tier, Tier) => size(),
        // A tier says nothing of the shape: among sizes of about the same area, square first.
        (Pixels, Tier) => Some(size()? + 0.5),
        (Tier, Pixels) => Some(size()? + 0.5 + log(ratio(c)?, 1.0) / 2.0),
        (Auto, Auto) => Some(size().unwrap_or(1.0)),
        (Scale, Scale) => Some(log(positive(t.scale)?, positive(c.scale)?)),
        _ => None,
    }
}

/// `WxH`, `W*H`, `W×H` with both sides in `1..=MAX_SIDE`.
fn pixels(s: &str) -> Option<(u64, u64)> {
    let (w, h) = s.split_once(['x', 'X', '*', '×'])?;
    let (w, h) = (int(w.trim())?, int(h.trim())?);
    let ok = |n: u64| (1..=MAX_SIDE).contains(&n);
    (ok(w) && ok(h)).then_some((w, h))
}

/// A tier from a lower-cased token: `(normalized name, megapixels where well defined)`.
fn tier(l: &str) -> Option<(String, Option<f64>)> {
    if let Some(n) = l.strip_suffix("mp") {
        let (m, e) = dec(n)?;
        let p = 10u64.pow(e);
        let hundredths = (m * 100 + p / 2) / p;
        (m <= 1000 * p).then(|| {
            let mp = hundredths as f64 / 100.0;
            (format!("{}MP", fmt_dec(m, e)), Some(mp))
        })
    } else if let Some(n) = l.strip_suffix('k') {
        let (m, e) = dec(n)?;
        let p = 10u64.pow(e);
        let side = m * 1024 / p;
        (m <= 16 * p).then(|| (format!("{}K", fmt_dec(m, e)), Some(megapixels(side, side))))
    } else {
        let n = int(l.strip_suffix('p')?.trim()).filter(|n| (1..=8640).contains(n))?;
        // Only 16:9 frames with whole-pixel widths (720p, 1080p, 1440p, 2160p…) have a size.
        let mp = (n * 16 % 9 == 0).then(|| megapixels(n * 16 / 9, n));
        Some((format!("{n}p"), mp))
    }
}

/// The exact `aspect` of a pixel size: its reduced ratio, by its usual name where it has one.
fn exact_aspect(w: u64, h: u64) -> String {
    let g = gcd(w, h);
    let (a, b) = (w / g, h / g);
    common_exact(a, b).map_or_else(|| format!("{a}:{b}"), str::to_owned)
}

/// The common ratio a pixel size has, or is within [`SNAP`] of (then `true`: approximate).
fn common_aspect(w: u64, h: u64) -> Option<(&'static str, bool)> {
    let g = gcd(w, h);
    if let Some(name) = common_exact(w / g, h / g) {
        return Some((name, false));
    }
    let r = w as f64 / h as f64;
    COMMON
        .iter()
        .map(|c| ((r * c.1 as f64 / c.0 as f64).ln().abs(), c.2))
        .filter(|c| c.0 <= SNAP)
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, name)| (name, true))
}

/// The ratio a pixel size's label shows and whether it is an approximation: the common ratio
/// when there is one, else the reduced ratio while it is short, else `N.NN:1`.
fn pixel_aspect(w: u64, h: u64) -> (String, bool) {
    if let Some((name, approx)) = common_aspect(w, h) {
        return (name.into(), approx);
    }
    let g = gcd(w, h);
    let (a, b) = (w / g, h / g);
    if a <= 32 && b <= 32 {
        return (format!("{a}:{b}"), false);
    }
    let (long, short) = (w.max(h), w.min(h));
    let c = (long * 100 + short / 2) / short;
    let d = fmt_dec(c, 2);
    let name = if w >= h {
        format!("{d}:1")
    } else {
        format!("1:{d}")
    };
    (name, c * short != long * 100)
}

/// The `aspect` of an aspect token: reduced, common names kept (`21:9`, `16:10`), decimals trimmed.
fn aspect_name(a: (u64, u32), b: (u64, u32)) -> String {
    let e = a.1.max(b.1);
    let (n, d) = (a.0 * 10u64.pow(e - a.1), b.0 * 10u64.pow(e - b.1));
    let g = gcd(n, d);
    if e == 0 && g == 1 {
        return format!("{n}:{d}");
    }
    if let Some(name) = common_exact(n / g, d / g) {
        return name.into();
    }
    if e == 0 {
        format!("{}:{}", n / g, d / g)
    } else {
        format!("{}:{}", fmt_dec(a.0, a.1), fmt_dec(b.0, b.1))
    }
}

fn common_exact(a: u64, b: u64) -> Option<&'static str> {
    COMMON.iter().find(|c| a * c.1 == b * c.0).map(|c| c.2)
}

fn orientation(ratio: f64) -> Orientation {
    if (ratio - 1.0).abs() <= 0.01 {
        Orientation::Square
    } else if ratio > 1.0 {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    }
}

/// `w * h / 1e6`, rounded to two decimals.
fn megapixels(w: u64, h: u64) -> f64 {
    ((w * h + 5_000) / 10_000) as f64 / 100.0
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

/// Up to six ASCII digits (so no sign, no overflow).
fn int(s: &str) -> Option<u64> {
    let ok = !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

/// A positive decimal `123.4567` as `(mantissa, decimals)` without trailing zeros.
fn dec(s: &str) -> Option<(u64, u32)> {
    let s = s.trim();
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    if f.len() > 4 || (f.is_empty() && s.len() != i.len()) {
        return None;
    }
    let mut e = f.len() as u32;
    let mut m = int(i)? * 10u64.pow(e) + if e == 0 { 0 } else { int(f)? };
    while e > 0 && m % 10 == 0 {
        m /= 10;
        e -= 1;
    }
    (m > 0).then_some((m, e))
}

fn fixed((m, e): (u64, u32)) -> f64 {
    m as f64 / 10u64.pow(e) as f64
}

/// Writes `m / 10^e` without trailing zeros, e.g. `(150, 2)` → `1.5`.
fn fmt_dec(m: u64, e: u32) -> String {
    let p = 10u64.pow(e);
    let mut f = format!("{:01$}", m % p, e as usize);
    while f.ends_with('0') {
        f.pop();
    }
    if f.is_empty() {
        (m / p).to_string()
    } else {
        format!("{}.{f}", m / p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ResolutionKind::{Aspect, Auto, Other, Pixels, Scale, Tier};

    #[test]
    fn every_known_token() {
        let table: &[(&str, ResolutionKind, &str)] = &[
            ("1024x1024", Pixels, "1024 × 1024 · 1:1 · 1.0 MP"),
            ("1536x1024", Pixels, "1536 × 1024 · 3:2 · 1.6 MP"),
            ("2048*2048", Pixels, "2048 × 2048 · 1:1 · 4.2 MP"),
            ("1280*720", Pixels, "1280 × 720 · 16:9 · 0.9 MP"),
            ("2560*1440", Pixels, "2560 × 1440 · 16:9 · 3.7 MP"),
            ("1440*2560", Pixels, "1440 × 2560 · 9:16 · 3.7 MP"),
            ("2304*1728", Pixels, "2304 × 1728 · 4:3 · 4.0 MP"),
            ("1728*2304", Pixels, "1728 × 2304 · 3:4 · 4.0 MP"),
            ("2560*1707", Pixels, "2560 × 1707 · ≈3:2 · 4.4 MP"),
            ("1707*2560", Pixels, "1707 × 2560 · ≈2:3 · 4.4 MP"),
            ("1376x768", Pixels, "1376 × 768 · ≈16:9 · 1.1 MP"),
            ("1184x896", Pixels, "1184 × 896 · ≈4:3 · 1.1 MP"),
            ("2048x1536", Pixels, "2048 × 1536 · 4:3 · 3.1 MP"),
            ("2048x1152", Pixels, "2048 × 1152 · 16:9 · 2.4 MP"),
            ("1536x2048", Pixels, "1536 × 2048 · 3:4 · 3.1 MP"),
            ("1152x2048", Pixels, "1152 × 2048 · 9:16 · 2.4 MP"),
            ("1024x768", Pixels, "1024 × 768 · 4:3 · 0.8 MP"),
            ("1024x576", Pixels, "1024 × 576 · 16:9 · 0.6 MP"),
            ("768x1024", Pixels, "768 × 1024 · 3:4 · 0.8 MP"),
            ("576x1024", Pixels, "576 × 1024 · 9:16 · 0.6 MP"),
            ("1024×768", Pixels, "1024 × 768 · 4:3 · 0.8 MP"),
            ("1024X768", Pixels, "1024 × 768 · 4:3 · 0.8 MP"),
            (" 1024 x 768 ", Pixels, "1024 × 768 · 4:3 · 0.8 MP"),
            ("1920x1200", Pixels, "1920 × 1200 · 16:10 · 2.3 MP"),
            ("1152x896", Pixels, "1152 × 896 · 9:7 · 1.0 MP"),
            ("1000x541", Pixels, "1000 × 541 · ≈1.85:1 · 0.5 MP"),
            ("64x64", Pixels, "64 × 64 · 1:1"),
            ("1:1", Aspect, "1:1 (square)"),
            ("16:9", Aspect, "16:9 (landscape)"),
            ("9:16", Aspect, "9:16 (portrait)"),
            ("3:2", Aspect, "3:2 (landscape)"),
            ("2:3", Aspect, "2:3 (portrait)"),
            ("4:3", Aspect, "4:3 (landscape)"),
            ("3:4", Aspect, "3:4 (portrait)"),
            ("21:9", Aspect, "21:9 (landscape)"),
            ("16:10", Aspect, "16:10 (landscape)"),
            ("32:18", Aspect, "16:9 (landscape)"),
            ("7:3", Aspect, "7:3 (landscape)"),
            ("2.35:1", Aspect, "2.35:1 (landscape)"),
            ("1.85:1", Aspect, "1.85:1 (landscape)"),
            ("1.5:1", Aspect, "3:2 (landscape)"),
            ("2.40:1.0", Aspect, "2.4:1 (landscape)"),
            ("1k", Tier, "1K"),
            ("1.5k", Tier, "1.5K"),
            ("2k", Tier, "2K"),
            ("2K", Tier, "2K"),
            ("4k", Tier, "4K"),
            ("1080p", Tier, "1080p"),
            ("720p", Tier, "720p"),
            ("1mp", Tier, "1 MP"),
            ("2MP", Tier, "2 MP"),
            ("auto", Auto, "Auto"),
            ("AUTO", Auto, "Auto"),
            ("auto_2K", Auto, "Auto (2K)"),
            ("Auto_1k", Auto, "Auto (1K)"),
            ("2", Scale, "2× upscale"),
            ("4", Scale, "4× upscale"),
            ("2x", Scale, "2× upscale"),
            ("1.5X", Scale, "1.5× upscale"),
            ("4×", Scale, "4× upscale"),
            ("16", Scale, "16× upscale"),
            ("", Other, ""),
            ("0x0", Other, "0x0"),
            ("99999999x99999999", Other, "99999999x99999999"),
            ("100001x1", Other, "100001x1"),
            ("1:0", Other, "1:0"),
            ("-1:2", Other, "-1:2"),
            ("NaN:1", Other, "NaN:1"),
            ("inf:1", Other, "inf:1"),
            ("1e308:1", Other, "1e308:1"),
            ("1.000000000000001:1", Other, "1.000000000000001:1"),
            ("99999999999999999999k", Other, "99999999999999999999k"),
            ("0k", Other, "0k"),
            ("17", Other, "17"),
            ("0", Other, "0"),
            ("17x", Other, "17x"),
            ("1024", Other, "1024"),
            ("auto_foo", Other, "auto_foo"),
            ("1.", Other, "1."),
            ("x", Other, "x"),
            ("1024x1024x2", Other, "1024x1024x2"),
            ("１０２４x１０２４", Other, "１０２４x１０２４"),
            ("🖼️", Other, "🖼️"),
            ("hd", Other, "hd"),
        ];
        for &(token, kind, label) in table {
            let r = parse_resolution(token);
            assert_eq!((r.kind, r.label.as_ref()), (kind, label), "{token:?}");
            assert_eq!(r.token, token);
            match label_key(&r) {
                Some((key, params)) => assert_eq!(english(key, &params), label, "{token:?}"),
                None => assert_eq!(kind, Other, "{token:?}"),
            }
        }
    }

    /// The English templates of [`label_key`], rendered the way a translation table would be.
    fn english(key: &str, params: &Map) -> String {
        let template = match key {
            "resolution.pixels" => "{width} × {height} · {aspect} · {megapixels} MP",
            "resolution.pixels_small" => "{width} × {height} · {aspect}",
            "resolution.aspect_square" => "{aspect} (square)",
            "resolution.aspect_landscape" => "{aspect} (landscape)",
            "resolution.aspect_portrait" => "{aspect} (portrait)",
            "resolution.tier" => "{tier}",
            "resolution.auto" => "Auto",
            "resolution.auto_tier" => "Auto ({tier})",
            "resolution.scale" => "{scale}× upscale",
            other => panic!("no template for {other}"),
        };
        let mut out = template.to_owned();
        for (name, value) in params {
            let shown = match (name, value) {
                ("megapixels", v) => format!("{:.1}", v.as_f64().unwrap()),
                (_, Value::String(s)) => s.to_string(),
                (_, Value::Number(n)) => format!("{}", n.as_f64().unwrap()),
                (_, v) => v.to_string(),
            };
            out = out.replace(&format!("{{{name}}}"), &shown);
        }
        assert!(!out.contains('{'), "{key}: unfilled {out}");
        out
    }

    #[test]
    fn fields() {
        let r = parse_resolution("1376x768");
        assert_eq!((r.width, r.height), (Some(1376), Some(768)));
        assert_eq!(r.aspect.as_deref(), Some("43:24"));
        assert_eq!(r.common_aspect.as_deref(), Some("16:9"));
        assert_eq!(r.megapixels, Some(1.06));
        assert_eq!(r.orientation, Some(Orientation::Landscape));
        let mp = |t: &str| parse_resolution(t).megapixels;
        assert_eq!(mp("1k"), Some(1.05));
        assert_eq!(mp("1.5K"), Some(2.36));
        assert_eq!(mp("2k"), Some(4.19));
        assert_eq!(mp("4k"), Some(16.78));
        assert_eq!(mp("720p"), Some(0.92));
        assert_eq!(mp("1080p"), Some(2.07));
        assert_eq!(mp("1440p"), Some(3.69));
        assert_eq!(mp("2160p"), Some(8.29));
        assert_eq!(mp("480p"), None);
        assert_eq!(mp("1mp"), Some(1.0));
        assert_eq!(mp("16:9"), None);
        let tier = |t: &str| parse_resolution(t).tier;
        assert_eq!(tier("2k").as_deref(), Some("2K"));
        assert_eq!(tier("1080P").as_deref(), Some("1080p"));
        assert_eq!(tier("1mp").as_deref(), Some("1MP"));
        assert_eq!(tier("auto_2K").as_deref(), Some("2K"));
        assert_eq!(tier("auto"), None);
        let a = parse_resolution("2.35:1");
        assert_eq!(a.aspect.as_deref(), Some("2.35:1"));
        assert_eq!(a.ratio, Some(2.35));
        assert_eq!(
            parse_resolution("1:1").orientation,
            Some(Orientation::Square)
        );
        assert_eq!(
            parse_resolution("1025x1024").orientation,
            Some(Orientation::Square)
        );
        assert_eq!(parse_resolution("2x").scale, Some(2.0));
        assert_eq!(parse_resolution("4").scale, Some(4.0));
        let r = parse_resolution("1707*2560");
        assert_eq!(r.aspect.as_deref(), Some("1707:2560"));
        assert_eq!(r.common_aspect.as_deref(), Some("2:3"));
        let r = parse_resolution("1792x1024");
        assert_eq!(r.aspect.as_deref(), Some("7:4"));
        assert_eq!(r.common_aspect.as_deref(), Some("16:9"));
        assert_eq!(r.label, "1792 × 1024 · ≈16:9 · 1.8 MP");
        let r = parse_resolution("1920x1200");
        assert_eq!(r.aspect.as_deref(), Some("16:10"));
        assert_eq!(r.common_aspect.as_deref(), Some("16:10"));
        let r = parse_resolution("1216x832");
        assert_eq!(r.aspect.as_deref(), Some("19:13"));
        assert_eq!(r.common_aspect, None);
        assert_eq!(
            parse_resolution("1024x1024").common_aspect.as_deref(),
            Some("1:1")
        );
        assert_eq!(parse_resolution("16:9").common_aspect, None);
    }

    #[test]
    fn groups() {
        assert_eq!(group_label(Pixels), Some("Size"));
        assert_eq!(group_label(Tier), Some("Quality tier"));
        assert_eq!(group_label(Other), None);
        assert_eq!(group_key(Scale), Some("resolution.group.scale"));
    }

    #[test]
    fn same_tokens() {
        assert!(same_token("1024x1024", "1024*1024"));
        assert!(same_token("1024×1024", "1024X1024"));
        assert!(same_token("2k", "2K"));
        assert!(same_token("auto", "Auto"));
        assert!(same_token("auto_2k", "AUTO_2K"));
        assert!(same_token("16:9", "32:18"));
        assert!(same_token("2", "2x"));
        assert!(same_token("Foo", "foo"));
        assert!(!same_token("1024x1024", "1024x768"));
        assert!(!same_token("2k", "2mp"));
        assert!(!same_token("auto", "auto_2K"));
        assert!(!same_token("1:1", "1k"));
        assert!(!same_token("1376x768", "1024x576"));
    }

    fn pick<'a>(target: &str, list: &[&'a str]) -> Option<&'a str> {
        let rs: Vec<Resolution> = list.iter().map(|t| parse_resolution(t)).collect();
        let refs: Vec<&Resolution> = rs.iter().collect();
        let i = nearest(&parse_resolution(target), &refs)?;
        list.get(i).copied()
    }

    #[test]
    fn nearest_match() {
        let big = [
            "2048*2048",
            "2560*1440",
            "1440*2560",
            "2304*1728",
            "1728*2304",
        ];
        let small = ["1024x1024", "1024x768", "1024x576", "768x1024", "576x1024"];
        let mixed = [
            "1:1", "16:9", "9:16", "3:2", "2:3", "4:3", "3:4", "1k", "2k",
        ];
        assert_eq!(pick("1024*1024", &small), Some("1024x1024"));
        assert_eq!(pick("1024x1024", &big), Some("2048*2048"));
        assert_eq!(pick("1024x576", &big), Some("2560*1440"));
        assert_eq!(pick("1376x768", &small), Some("1024x576"));
        assert_eq!(pick("1184x896", &small), Some("1024x768"));
        assert_eq!(pick("2560*1440", &mixed), Some("16:9"));
        assert_eq!(pick("1728*2304", &mixed), Some("3:4"));
        assert_eq!(pick("16:9", &small), Some("1024x576"));
        assert_eq!(pick("21:9", &mixed), Some("16:9"));
        assert_eq!(pick("2K", &mixed), Some("2k"));
        assert_eq!(pick("1.5k", &["1k", "2k", "4k"]), Some("2k"));
        assert_eq!(pick("2k", &big), Some("2048*2048"));
        assert_eq!(pick("720p", &["1k", "2k"]), Some("1k"));
        assert_eq!(pick("1440p", &["1k", "2k"]), Some("2k"));
        assert_eq!(pick("auto_2K", &["1k", "auto"]), Some("auto"));
        assert_eq!(pick("3x", &["2", "4"]), Some("4"));
        assert_eq!(pick("2x", &small), None);
        assert_eq!(pick("auto", &small), None);
        assert_eq!(pick("16:9", &["1k", "2k"]), None);
        assert_eq!(pick("weird", &small), None);
        assert_eq!(pick("Weird", &["1:1", "weird"]), Some("weird"));
        assert_eq!(pick("1024x1024", &[]), None);
        // A tier has no shape: square first among sizes of about its area, not the nearest area.
        assert_eq!(pick("1k", &big), Some("2048*2048"));
        assert_eq!(pick("4k", &["1024x1024", "3840x2160"]), Some("3840x2160"));
        // With an aspect ratio it is a size and a shape.
        fn with(tier: &str, aspect: &str, options: &[&'static str]) -> Option<&'static str> {
            let target = parse_resolution(tier).with_aspect(&parse_resolution(aspect));
            let parsed: Vec<Resolution> = options.iter().map(|o| parse_resolution(o)).collect();
            let refs: Vec<&Resolution> = parsed.iter().collect();
            nearest(&target, &refs).map(|i| options[i])
        }
        assert_eq!(with("2k", "16:9", &big), Some("2560*1440"));
        assert_eq!(with("1k", "9:16", &small), Some("576x1024"));
        assert_eq!(with("1k", "3:4", &big), Some("1728*2304"));
        assert_eq!(with("1k", "auto", &big), Some("2048*2048"));
        let target = parse_resolution("2k").with_aspect(&parse_resolution("16:9"));
        assert_eq!((target.width, target.height), (Some(2729), Some(1535)));
    }

    fn finite(r: &Resolution) -> bool {
        [r.ratio, r.megapixels, r.scale]
            .iter()
            .flatten()
            .all(|x| x.is_finite() && *x >= 0.0)
    }

    /// The fields the TypeScript union `Resolution` promises for `r.kind` are there, and those
    /// of other kinds are not.
    fn fields_by_kind(r: &Resolution) -> bool {
        let pixel = r.width.is_some() && r.height.is_some() && r.megapixels.is_some();
        let shape = r.aspect.is_some() && r.ratio.is_some() && r.orientation.is_some();
        let no_pixels = r.width.is_none() && r.height.is_none() && r.common_aspect.is_none();
        let no_shape = r.aspect.is_none() && r.ratio.is_none() && r.orientation.is_none();
        match r.kind {
            Pixels => pixel && shape && r.tier.is_none() && r.scale.is_none(),
            Aspect => shape && r.width.is_none() && r.height.is_none() && r.megapixels.is_none(),
            Tier => r.tier.is_some() && no_pixels && no_shape && r.scale.is_none(),
            Auto => {
                no_pixels
                    && no_shape
                    && r.scale.is_none()
                    && (r.tier.is_some() || r.megapixels.is_none())
            }
            Scale => {
                r.scale.is_some()
                    && no_pixels
                    && no_shape
                    && r.tier.is_none()
                    && r.megapixels.is_none()
            }
            Other => {
                no_pixels
                    && no_shape
                    && r.tier.is_none()
                    && r.megapixels.is_none()
                    && r.scale.is_none()
            }
        }
    }

    #[test]
    fn every_kind_has_its_fields() {
        for t in [
            "1024x1024",
            "1x1",
            "100000x100000",
            "100001x1",
            "1376x768",
            "7x3",
            "16:9",
            "2.35:1",
            "1:1",
            "0:1",
            "1k",
            "1.5K",
            "2K",
            "1080p",
            "1mp",
            "0.5MP",
            "auto",
            "AUTO",
            "auto_2K",
            "auto_1080p",
            "auto_x",
            "2",
            "16",
            "17",
            "2x",
            "1.5×",
            "",
            " ",
            "weird",
            "1024x",
        ] {
            let r = parse_resolution(t);
            assert!(fields_by_kind(&r), "{t}: {r:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string(s in ".*") {
            let r = parse_resolution(&s);
            prop_assert_eq!(&r.token, &s);
            prop_assert!(finite(&r));
            prop_assert!(fields_by_kind(&r), "{:?}", r);
        }

        #[test]
        fn token_shaped(s in "[ 0-9.]{0,9}[xX*×:]?[ 0-9.]{0,9}(k|K|p|P|mp|MP|x|×)?") {
            let r = parse_resolution(&s);
            prop_assert_eq!(&r.token, &s);
            prop_assert!(finite(&r));
            prop_assert!(r.kind == Other || !r.label.is_empty());
            prop_assert!(same_token(&s, &s));
            prop_assert!(fields_by_kind(&r), "{:?}", r);
        }

        #[test]
        fn nearest_in_bounds(t in "[0-9]{1,6}[x:][0-9]{1,6}|[0-9]{1,2}(k|p|x)", list in prop::collection::vec("[0-9]{1,6}[x:][0-9]{1,6}|[0-9]{1,2}(k|p|x)|auto", 0..6)) {
            let rs: Vec<Resolution> = list.iter().map(|t| parse_resolution(t)).collect();
            let refs: Vec<&Resolution> = rs.iter().collect();
            if let Some(i) = nearest(&parse_resolution(&t), &refs) {
                prop_assert!(i < refs.len());
            }
        }
    }
}
