//! Price quotes from a model's `pricing` and form values.
//!
//! Shapes understood (anything else quotes as `unknown`, never as a guessed number):
//!
//! - `{"per_image": {TOKEN: usd, …}, "currency": "USD"}` — the usual shape. Keys are resolution
//!   tokens matched spelling-insensitively (`1024*1024` prices `1024x1024`, `2k` prices `2K`).
//!   The currency defaults to `USD` when absent.
//! - `{"per_image": usd}` — one price for every token.
//! - a bare number — one price per image for every token; the catalog names no currency, so
//!   the quote carries none.
//! - the typed endpoint's array `[{billable, unit: "image", cost_usd, resolution?}]` (USD);
//!   an entry without `resolution` prices every token.
//!
//! Prices that vary by something the library cannot see — nested tables (by rendering speed),
//! keys beside `per_image` (LoRA surcharges, notes), array entries billed in other units — turn
//! quotes into ranges over the listed prices. NaN, infinite, negative and absurd (> 1 000 000)
//! prices are ignored. Totals are computed in integer nano-units, so `0.04 × 3` is `0.12`.

use std::cell::OnceCell;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json;
use tsify::Tsify;

use crate::catalog::Model;
use crate::controls::{derive_controls, offered_resolutions, Control, ControlSet, Endpoint};
use crate::form::{is_unset, match_option, Bounds, Values};

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
#[tsify(rename = "PriceQuoteFields")]
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

impl PriceQuote {
    /// A quote that says nothing: the catalog does not price this.
    pub fn unknown() -> Self {
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
}

/// Nano-units per currency unit: prices are summed and multiplied as integers of 1e-9.
const NANOS: f64 = 1e9;
/// Larger per-image prices are treated as garbage.
const MAX_PRICE: f64 = 1e6;
/// Larger image counts are not quoted.
const MAX_IMAGES: f64 = 10_000.0;

fn to_nanos(price: f64) -> Option<i64> {
    if price.is_finite() && (0.0..=MAX_PRICE).contains(&price) {
        // In range by the check above, so the cast cannot saturate.
        #[allow(clippy::cast_possible_truncation)]
        Some((price * NANOS).round() as i64)
    } else {
        None
    }
}

fn from_nanos(nanos: i64) -> f64 {
    nanos as f64 / NANOS
}

/// A number or a numeric string, as catalogs sometimes send them.
fn number(value: &json::Value) -> Option<f64> {
    match value {
        json::Value::Number(n) => n.as_f64(),
        json::Value::String(s) => crate::num::parse_f64(s),
        _ => None,
    }
}

/// [`number`] of a form value (kept apart from it: converting the form value to a borrowed
/// tree first measured +0.4 KB brotli).
fn value_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => crate::num::parse_f64(s),
        _ => None,
    }
}

/// Compares resolution tokens ignoring case, whitespace and the `x`/`*`/`×` spelling.
///
/// Byte by byte while both sides are printable ASCII (every token a catalog has used): two such
/// bytes that differ after folding decide it, as no whitespace came before them. Anything else
/// (whitespace, `×`, other text) is compared character by character from the start.
pub(crate) fn same_spelling(a: &str, b: &str) -> bool {
    let fold = |c: u8| match c {
        b'*' | b'X' => b'x',
        c => c.to_ascii_lowercase(),
    };
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    loop {
        match (x.get(i), y.get(i)) {
            (None, None) => return true,
            (Some(&p), Some(&q)) if p.is_ascii_graphic() && q.is_ascii_graphic() => {
                if fold(p) != fold(q) {
                    return false;
                }
            }
            _ => return same_spelling_chars(a, b),
        }
        i += 1;
    }
}

fn same_spelling_chars(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
            '*' | '×' | 'X' => 'x',
            c => c.to_ascii_lowercase(),
        })
    }
    norm(a).eq(norm(b))
}

/// `""` (the provider's default) and tokens `parse_resolution` reads as auto (`auto`,
/// `auto_2K`): they leave the size to the model. Asked only of tokens the table lacks.
fn leaves_it_to_the_model(token: &str) -> bool {
    token.trim().is_empty()
        || crate::resolution::parse_resolution(token).kind
            == crate::resolution::ResolutionKind::Auto
}

/// One price, keyed by up to two table keys (outer and inner key of a nested table).
struct Entry<'a> {
    keys: [&'a str; 2],
    nanos: i64,
}

/// A pricing table the library understands.
struct Table<'a> {
    entries: Vec<Entry<'a>>,
    /// Price of every image regardless of token.
    flat: Option<i64>,
    currency: Option<&'a str>,
    /// The price also depends on something the library cannot see.
    varies: bool,
}

/// What a table says about one token.
enum Lookup {
    Exact(i64),
    Range(i64, i64),
    None,
}

impl<'a> Table<'a> {
    fn parse(pricing: &'a json::Value<'a>) -> Option<Table<'a>> {
        let mut table = Table {
            entries: Vec::new(),
            flat: None,
            currency: None,
            varies: false,
        };
        match pricing {
            json::Value::Number(_) => table.flat = number(pricing).and_then(to_nanos),
            json::Value::Array(items) => {
                table.currency = Some("USD");
                table.read_typed(items);
            }
            json::Value::Object(map) => table.read_object(map)?,
            _ => return None,
        }
        let usable = table.flat.is_some() || !table.entries.is_empty();
        (usable && table.entries.len() <= MAX_PRICE_ENTRIES).then_some(table)
    }

    fn read_object(&mut self, map: &'a json::Map<'a>) -> Option<()> {
        match map.get("per_image")? {
            per @ (json::Value::Number(_) | json::Value::String(_)) => {
                self.flat = number(per).and_then(to_nanos)
            }
            json::Value::Object(tokens) => {
                for (key, value) in tokens {
                    match value {
                        json::Value::Object(inner) => {
                            self.varies = true;
                            for (inner_key, v) in inner {
                                if let Some(nanos) = number(v).and_then(to_nanos) {
                                    self.entries.push(Entry {
                                        keys: [key, inner_key],
                                        nanos,
                                    });
                                }
                            }
                        }
                        v => {
                            if let Some(nanos) = number(v).and_then(to_nanos) {
                                self.entries.push(Entry {
                                    keys: [key, ""],
                                    nanos,
                                });
                            }
                        }
                    }
                }
            }
            _ => return None,
        }
        // An ISO 4217 code (three letters): what `Intl.NumberFormat` takes, which throws on
        // anything else (`USDC`), so an app formatting the quote would fail on it.
        self.currency = match map.get("currency") {
            None | Some(json::Value::Null) => Some("USD"),
            Some(json::Value::String(c))
                if c.trim().len() == 3 && c.trim().bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                Some(c.trim())
            }
            Some(_) => return None,
        };
        if map.keys().any(|k| k != "per_image" && k != "currency") {
            self.varies = true;
        }
        Some(())
    }

    fn read_typed(&mut self, items: &'a [json::Value<'a>]) {
        for item in items {
            let Some(obj) = item.as_object() else {
                continue;
            };
            let unit = obj
                .get("unit")
                .and_then(json::Value::as_str)
                .unwrap_or("image");
            let billable = obj
                .get("billable")
                .and_then(json::Value::as_str)
                .unwrap_or("output_image");
            let Some(nanos) = obj.get("cost_usd").and_then(number).and_then(to_nanos) else {
                continue;
            };
            if !unit.eq_ignore_ascii_case("image") || !billable.eq_ignore_ascii_case("output_image")
            {
                self.varies = true;
                continue;
            }
            match obj.get("resolution").and_then(json::Value::as_str) {
                Some(token) => self.entries.push(Entry {
                    keys: [token, ""],
                    nanos,
                }),
                None => {
                    if self.flat.is_some_and(|f| f != nanos) {
                        self.varies = true;
                    }
                    self.flat = Some(self.flat.map_or(nanos, |f| f.max(nanos)));
                }
            }
        }
        if self.flat.is_some() && !self.entries.is_empty() {
            self.varies = true;
        }
    }

    /// Lowest and highest price in the table.
    fn bounds(&self) -> Option<(i64, i64)> {
        self.entries
            .iter()
            .map(|e| e.nanos)
            .chain(self.flat)
            .fold(None, |acc, p| match acc {
                None => Some((p, p)),
                Some((lo, hi)) => Some((p.min(lo), p.max(hi))),
            })
    }

    fn bounds_lookup(&self) -> Lookup {
        match self.bounds() {
            Some((lo, hi)) if lo == hi && !self.varies => Lookup::Exact(lo),
            Some((lo, hi)) => Lookup::Range(lo, hi),
            None => Lookup::None,
        }
    }

    /// The price of `token`; `None` for the token means "whatever the model does".
    fn lookup(&self, token: Option<&str>) -> Lookup {
        if self.entries.is_empty() {
            return match self.flat {
                Some(f) if !self.varies => Lookup::Exact(f),
                Some(f) => Lookup::Range(f, f),
                None => Lookup::None,
            };
        }
        let Some(token) = token else {
            return self.bounds_lookup();
        };
        let mut matched = self.matching(|k| k == token);
        if matched.is_none() {
            matched = self.matching(|k| same_spelling(k, token));
        }
        match (matched, self.flat) {
            (Some((lo, hi)), _) if lo == hi && !self.varies => Lookup::Exact(lo),
            (Some((lo, hi)), _) => Lookup::Range(lo, hi),
            // A price for every token applies; beside prices of some tokens, it may not be all.
            (None, Some(f)) => Lookup::Range(f, f),
            // The provider's default (`""`) or `auto`: whatever the model picks, so one of the
            // listed prices.
            (None, None) if leaves_it_to_the_model(token) => self
                .bounds()
                .map_or(Lookup::None, |(lo, hi)| Lookup::Range(lo, hi)),
            // The table prices other tokens only: theirs say nothing about this one (a `4k` the
            // table lacks likely costs more than its `1k` and `2k`).
            (None, None) => Lookup::None,
        }
    }

    fn matching(&self, is_match: impl Fn(&str) -> bool) -> Option<(i64, i64)> {
        self.entries
            .iter()
            .filter(|e| e.keys.iter().any(|k| !k.is_empty() && is_match(k)))
            .map(|e| e.nanos)
            .fold(None, |acc, p| match acc {
                None => Some((p, p)),
                Some((lo, hi)) => Some((p.min(lo), p.max(hi))),
            })
    }
}

/// The per-image price of a resolution token, matching spellings (`1024x1024` ↔ `1024*1024`).
///
/// `Some` only when the catalog fixes the price of that token: a flat price applies to every
/// token; a table whose price also depends on something else (rendering speed, surcharges)
/// gives `None`.
///
/// ```
/// use nanogpt_image_controls::pricing::token_price;
/// let pricing = serde_json::json!({"per_image": {"1024*1024": 0.04}, "currency": "USD"});
/// assert_eq!(token_price(&pricing, "1024x1024"), Some(0.04));
/// assert_eq!(token_price(&pricing, "2048x2048"), None);
/// ```
pub fn token_price(pricing: &Value, token: &str) -> Option<f64> {
    let pricing = json::Value::from_serde(pricing);
    TokenPrices(Table::parse(&pricing)).get(token)
}

/// Where a model's `pricing` is kept parsed while its price table is in use.
pub(crate) type Tree<'a> = OnceCell<Option<json::Value<'a>>>;

/// `pricing` texts longer than this are not read (price unknown): real ones are a few hundred
/// bytes, and every quote reads the text again.
pub const MAX_PRICING_BYTES: usize = 256 * 1024;
/// Price tables with more entries than this are not used (price unknown): every option of a
/// resolution list is looked up in the table.
pub const MAX_PRICE_ENTRIES: usize = 1024;

/// A model's price table, read from its `pricing` parsed into `tree`.
fn table_of<'t, 'a: 't>(model: &'a Model, tree: &'t Tree<'a>) -> Option<Table<'t>> {
    tree.get_or_init(|| {
        let text = model.pricing.as_ref()?.text();
        (text.len() <= MAX_PRICING_BYTES)
            .then(|| json::parse(text))
            .flatten()
    })
    .as_ref()
    .and_then(Table::parse)
}

/// A model's price table read once, for pricing many tokens (every option of a control).
pub(crate) struct TokenPrices<'a>(Option<Table<'a>>);

impl<'a> TokenPrices<'a> {
    /// A model's table ([`table_of`]; unknown shapes price nothing).
    pub fn of<'m: 'a>(model: &'m Model, tree: &'a Tree<'m>) -> Self {
        TokenPrices(table_of(model, tree))
    }

    /// The per-image price of `token`, as [`token_price`] gives it.
    pub fn get(&self, token: &str) -> Option<f64> {
        match self.0.as_ref()?.lookup(Some(token)) {
            Lookup::Exact(nanos) => Some(from_nanos(nanos)),
            _ => None,
        }
    }
}

/// Quotes the price of generating with `values`.
///
/// The resolution is `values.resolution`, else the default the model's controls pick; the
/// number of images is the model's fixed count, else `values.n` (numeric strings accepted),
/// else the default. `exact` when the catalog prices that resolution; `range` (× images) when
/// its price depends on something the library cannot see, or over the listed prices for `""`
/// (the provider's default) and `auto`, which leave the size to the model; `unknown` otherwise:
/// also when the
/// catalog prices other resolutions but not this one (their prices say nothing about its), and
/// for an invalid `n` (not a whole number, or outside the image-count control's bounds).
///
/// Derives the controls on each call; [`quote_price_with`] takes derived controls.
pub fn quote_price(model: &Model, values: &Values) -> PriceQuote {
    if model.pricing.is_none() {
        return PriceQuote::unknown();
    }
    let controls = derive_controls(model, Endpoint::Openai);
    quote_price_with(model, &controls, values)
}

/// [`quote_price`] with the model's already-derived controls (either endpoint).
pub fn quote_price_with(model: &Model, controls: &ControlSet, values: &Values) -> PriceQuote {
    let tree = Tree::new();
    let Some(table) = table_of(model, &tree) else {
        return PriceQuote::unknown();
    };
    let currency = table.currency.map(str::to_owned);
    let Some(images) = image_count(controls, values) else {
        return PriceQuote {
            currency,
            ..PriceQuote::unknown()
        };
    };
    let any = || {
        table
            .bounds()
            .map_or(Lookup::None, |(l, h)| Lookup::Range(l, h))
    };
    let lookup = match controls.get("resolution") {
        // The model takes no resolution: a `resolution` value would not be sent.
        None | Some(Control::Fixed(_)) => table.lookup(None),
        Some(control) => match values.get("resolution").filter(|v| !is_unset(control, v)) {
            // What build_request would send: an option in its catalog spelling.
            Some(given) => match control {
                // A value that is not an option fails validation (`not_allowed`) and is never
                // sent, even when the table prices its token (`auto` priced, not offered).
                Control::Select(c) | Control::Radio(c) => match match_option(&c.options, given) {
                    Some(o) => table.lookup(Some(&o.value)),
                    None => Lookup::None,
                },
                _ => given.as_str().map_or_else(any, |t| table.lookup(Some(t))),
            },
            None => match control {
                Control::Select(c) | Control::Radio(c) => c
                    .default
                    .as_deref()
                    .map_or_else(any, |t| table.lookup(Some(t))),
                _ => any(),
            },
        },
    };
    let count = i64::from(images);
    match lookup {
        Lookup::Exact(nanos) => match nanos.checked_mul(count) {
            Some(total) => PriceQuote {
                kind: QuoteKind::Exact,
                currency,
                amount: Some(from_nanos(total)),
                per_image: Some(from_nanos(nanos)),
                images: Some(images),
                ..PriceQuote::unknown()
            },
            None => PriceQuote::unknown(),
        },
        Lookup::Range(lo, hi) => match (lo.checked_mul(count), hi.checked_mul(count)) {
            (Some(lo), Some(hi)) => PriceQuote {
                kind: QuoteKind::Range,
                currency,
                min: Some(from_nanos(lo)),
                max: Some(from_nanos(hi)),
                images: Some(images),
                ..PriceQuote::unknown()
            },
            _ => PriceQuote::unknown(),
        },
        Lookup::None => PriceQuote {
            currency,
            ..PriceQuote::unknown()
        },
    }
}

/// The per-image price span of a model, for a model picker.
///
/// `exact` (with `amount` = `perImage`, `images` = 1) when every price that applies is the
/// same and nothing else varies it; `range` with per-image `min`/`max` otherwise; `unknown`
/// when the catalog prices nothing the library can read. The prices that apply are those of
/// the resolutions the model offers; every listed price where it offers none, or offers `auto`
/// or the provider's default (the model picks the size), or where none of its resolutions is
/// priced. Tokens the model offers but the catalog does not price are not counted; a price for a
/// token it does not offer (`4096x4096` priced, not in `resolutions`) is not either.
///
/// The offered tokens are read from `supported_parameters` as the resolution select reads
/// them ([`offered_resolutions`]), without deriving the model's controls: a model picker calls
/// this for every model it lists.
pub fn price_range(model: &Model) -> PriceQuote {
    let tree = Tree::new();
    let Some(table) = table_of(model, &tree) else {
        return PriceQuote::unknown();
    };
    let currency = table.currency.map(str::to_owned);
    let params = json::parse(model.supported_parameters.text());
    let offered = params
        .as_ref()
        .and_then(json::Value::as_object)
        .and_then(offered_resolutions)
        .filter(|tokens| !tokens.iter().any(|t| leaves_it_to_the_model(t)));
    let over_offered = offered.and_then(|tokens| {
        let (mut span, mut exact) = (None::<(i64, i64)>, true);
        for token in &tokens {
            let (lo, hi) = match table.lookup(Some(token)) {
                Lookup::Exact(p) => (p, p),
                Lookup::Range(lo, hi) => {
                    exact = false;
                    (lo, hi)
                }
                Lookup::None => continue,
            };
            span = Some(span.map_or((lo, hi), |(l, h)| (l.min(lo), h.max(hi))));
        }
        span.map(|(lo, hi)| {
            if exact && lo == hi {
                Lookup::Exact(lo)
            } else {
                Lookup::Range(lo, hi)
            }
        })
    });
    match over_offered.unwrap_or_else(|| table.bounds_lookup()) {
        Lookup::Exact(nanos) => PriceQuote {
            kind: QuoteKind::Exact,
            currency,
            amount: Some(from_nanos(nanos)),
            per_image: Some(from_nanos(nanos)),
            images: Some(1),
            ..PriceQuote::unknown()
        },
        Lookup::Range(lo, hi) => PriceQuote {
            kind: QuoteKind::Range,
            currency,
            min: Some(from_nanos(lo)),
            max: Some(from_nanos(hi)),
            ..PriceQuote::unknown()
        },
        Lookup::None => PriceQuote::unknown(),
    }
}

/// A whole, positive number of images (numeric strings accepted).
pub(crate) fn count_of(value: &Value) -> Option<u32> {
    let n = value_number(value)?;
    if n.fract() == 0.0 && (1.0..=MAX_IMAGES).contains(&n) {
        // Bounded above, so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n as u32)
    } else {
        None
    }
}

/// A count outside the control's bounds fails validation: no quote for it either.
fn within(control: Option<&Control>, n: u32) -> bool {
    control
        .and_then(Bounds::of)
        .is_none_or(|b| b.contains(f64::from(n)))
}

/// How many images a request with `values` makes; `None` when `n` is invalid.
pub(crate) fn image_count(controls: &ControlSet, values: &Values) -> Option<u32> {
    let control = controls.get("n");
    let given = values
        .get("n")
        .filter(|v| control.is_some_and(|c| !is_unset(c, v)));
    match control {
        Some(Control::Fixed(fixed)) => count_of(&fixed.value),
        Some(Control::Slider(slider)) => match given {
            Some(v) => count_of(v).filter(|&n| within(control, n)),
            None => count_of(&Value::from(slider.default)),
        },
        Some(Control::Number(input)) => match (given, input.default) {
            (Some(v), _) => count_of(v).filter(|&n| within(control, n)),
            (None, Some(d)) => count_of(&Value::from(d)),
            (None, None) => Some(1),
        },
        Some(_) => given.map_or(Some(1), count_of),
        None => Some(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        // The byte-by-byte path decides exactly as the character-by-character comparison.
        #[test]
        fn same_spelling_reads_like_its_character_comparison(
            a in "[0-9xX*× \u{a0}kKpa:.]{0,8}",
            b in "[0-9xX*× \u{a0}kKpa:.]{0,8}",
        ) {
            prop_assert_eq!(same_spelling(&a, &b), same_spelling_chars(&a, &b), "{:?} {:?}", a, b);
            let c = a.replace('x', "*");
            prop_assert_eq!(same_spelling(&a, &c), same_spelling_chars(&a, &c), "{:?} {:?}", a, c);
        }
    }

    fn model(pricing: Value, params: Value) -> Model {
        serde_json::from_value(json!({
            "id": "m", "name": "M", "pricing": pricing,
            "supportedParameters": params,
        }))
        .unwrap()
    }

    fn values(v: Value) -> Values {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn per_image_spellings() {
        let p =
            json!({"per_image": {"1024*1024": 0.005, "2k": 0.09, "auto": 0.04}, "currency": "USD"});
        assert_eq!(token_price(&p, "1024x1024"), Some(0.005));
        assert_eq!(token_price(&p, "1024*1024"), Some(0.005));
        assert_eq!(token_price(&p, "1024×1024"), Some(0.005));
        assert_eq!(token_price(&p, "2K"), Some(0.09));
        assert_eq!(token_price(&p, "auto"), Some(0.04));
        assert_eq!(token_price(&p, "4k"), None);
    }

    #[test]
    fn exact_spelling_wins_over_variant() {
        let p = json!({"per_image": {"2k": 0.09, "2K": 0.1}});
        assert_eq!(token_price(&p, "2K"), Some(0.1));
        assert_eq!(token_price(&p, "2k"), Some(0.09));
    }

    #[test]
    fn flat_number_prices_every_token() {
        assert_eq!(token_price(&json!(0.03), "1024x1024"), Some(0.03));
        assert_eq!(token_price(&json!({"per_image": 0.03}), "x"), Some(0.03));
        let q = quote_price_with(&model(json!(0.03), json!({})), &empty(), &Values::new());
        assert_eq!(q.kind, QuoteKind::Exact);
        assert_eq!(q.amount, Some(0.03));
        assert_eq!(q.currency, None);
    }

    #[test]
    fn typed_array() {
        let p = json!([
            {"billable": "output_image", "unit": "image", "cost_usd": 0.06551, "resolution": "1024x1024"},
            {"billable": "output_image", "unit": "image", "cost_usd": 0.1, "resolution": "1024x768"}
        ]);
        assert_eq!(token_price(&p, "1024*1024"), Some(0.06551));
        assert_eq!(token_price(&p, "1024x768"), Some(0.1));
        assert_eq!(token_price(&p, "512x512"), None);
        let no_res = json!([{"billable": "output_image", "unit": "image", "cost_usd": 0.02}]);
        assert_eq!(token_price(&no_res, "anything"), Some(0.02));
        let other_unit =
            json!([{"billable": "output_image", "unit": "megapixel", "cost_usd": 0.02}]);
        assert_eq!(token_price(&other_unit, "1024x1024"), None);
        assert_eq!(
            Table::parse(&json::Value::from_serde(&other_unit)).map(|_| ()),
            None
        );
    }

    #[test]
    fn garbage_is_unknown() {
        for p in [
            json!({"note": "priced per megapixel"}),
            json!("free"),
            json!(null),
            json!(true),
            json!({"per_image": {"1024x1024": "NaN"}}),
            json!({"per_image": {"1024x1024": -1}}),
            json!({"per_image": {"1024x1024": "Infinity"}}),
            json!({"per_image": {"1024x1024": 1e300}}),
            json!({"per_image": {"1024x1024": 0.04}, "currency": 5}),
            json!({"per_image": [0.04]}),
            json!(-0.04),
        ] {
            assert_eq!(token_price(&p, "1024x1024"), None, "{p}");
            let q = quote_price_with(&model(p.clone(), json!({})), &empty(), &Values::new());
            assert_eq!(q.kind, QuoteKind::Unknown, "{p}");
            assert_eq!(
                price_range(&model(p.clone(), json!({}))).kind,
                QuoteKind::Unknown
            );
        }
    }

    #[test]
    fn price_range_counts_what_the_model_offers() {
        let p = json!({"per_image": {"1024x1024": 0.04, "1024*768": 0.03, "4096x4096": 0.5}});
        let span = |params: Value| {
            let q = price_range(&model(p.clone(), params));
            (q.kind, q.amount, q.min, q.max)
        };
        let exact = (QuoteKind::Exact, Some(0.04), None, None);
        let all = (QuoteKind::Range, None, Some(0.03), Some(0.5));
        // An unoffered 4096x4096 is not counted; other spellings of offered tokens are.
        assert_eq!(span(json!({"resolutions": ["1024x1024"]})), exact);
        assert_eq!(
            span(json!({"resolutions": ["1024x1024", "1024x768", "512x512"]})),
            (QuoteKind::Range, None, Some(0.03), Some(0.04))
        );
        // `auto` or no resolution list: the model picks, any listed price.
        assert_eq!(span(json!({"resolutions": ["1024x1024", "auto"]})), all);
        assert_eq!(span(json!({})), all);
        // None of the offered resolutions priced: the listed prices, as before.
        assert_eq!(span(json!({"resolutions": ["640x480"]})), all);
    }

    #[test]
    fn bad_prices_are_ignored_not_fatal() {
        let p = json!({"per_image": {"a": "NaN", "b": 0.04, "c": -3}});
        assert_eq!(token_price(&p, "b"), Some(0.04));
        assert_eq!(token_price(&p, "a"), None);
    }

    #[test]
    fn currency_from_catalog() {
        let m = model(
            json!({"per_image": {"1k": 2}, "currency": "EUR"}),
            json!({}),
        );
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "1K"})));
        assert_eq!(q.currency.as_deref(), Some("EUR"));
        assert_eq!(q.amount, Some(2.0));
        let m = model(json!({"per_image": {"1k": 2}}), json!({}));
        assert_eq!(price_range(&m).currency.as_deref(), Some("USD"));
    }

    #[test]
    fn nested_tables_give_ranges() {
        let p = json!({"per_image": {
            "TURBO": {"1024x1024": 0.03, "2048x2048": 0.06},
            "QUALITY": {"1024x1024": 0.09, "2048x2048": 0.12}
        }, "currency": "USD"});
        assert_eq!(token_price(&p, "1024x1024"), None);
        let m = model(p, json!({}));
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "1024x1024"})));
        assert_eq!(q.kind, QuoteKind::Range);
        assert_eq!((q.min, q.max), (Some(0.03), Some(0.09)));
        let r = price_range(&m);
        assert_eq!(
            (r.kind, r.min, r.max),
            (QuoteKind::Range, Some(0.03), Some(0.12))
        );
    }

    #[test]
    fn surcharges_give_ranges() {
        let p =
            json!({"per_image": {"1024x1024": 0.04}, "currency": "USD", "lora_surcharge": 0.01});
        assert_eq!(token_price(&p, "1024x1024"), None);
        let q = quote_price_with(
            &model(p, json!({})),
            &res(),
            &values(json!({"resolution": "1024x1024"})),
        );
        assert_eq!(q.kind, QuoteKind::Range);
        assert_eq!(q.amount, None);
    }

    #[test]
    fn unpriced_token_is_unknown() {
        // The table's other prices say nothing about a token it lacks: no made-up range.
        let m = model(json!({"per_image": {"1k": 0.045, "2k": 0.09}}), json!({}));
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "4k"})));
        assert_eq!(q.kind, QuoteKind::Unknown);
        assert_eq!((q.min, q.max, q.amount), (None, None, None));
        assert_eq!(q.currency.as_deref(), Some("USD"));
        // The provider's default and `auto` leave the size to the model: one of its prices.
        for open in ["", "auto", "AUTO_2K"] {
            let q = quote_price_with(&m, &res(), &values(json!({"resolution": open})));
            assert_eq!(
                (q.kind, q.min, q.max),
                (QuoteKind::Range, Some(0.045), Some(0.09)),
                "{open:?}"
            );
        }
        // An array entry without `resolution` prices every token, also one the others lack.
        let m = model(
            json!([
                {"billable": "output_image", "unit": "image", "cost_usd": 0.02},
                {"billable": "output_image", "unit": "image", "cost_usd": 0.05, "resolution": "2k"}
            ]),
            json!({}),
        );
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "4k"})));
        assert_eq!(
            (q.kind, q.min, q.max),
            (QuoteKind::Range, Some(0.02), Some(0.02))
        );
        // A value that is not an option fails validation and is never sent: unknown, also
        // when the table prices its token (`auto` priced but not offered, as in the catalog).
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": 7})));
        assert_eq!(q.kind, QuoteKind::Unknown);
        let m = model(json!({"per_image": {"1k": 0.045, "8k": 0.2}}), json!({}));
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "8k"})));
        assert_eq!((q.kind, q.amount), (QuoteKind::Unknown, None));
        assert_eq!(q.currency.as_deref(), Some("USD"));
    }

    #[test]
    fn quotes_what_build_would_send() {
        let m = model(
            json!({"per_image": {"2k": 0.09, "4": 0.5, "1k": 0.045}}),
            json!({}),
        );
        let mut controls = slider_n(4);
        if let Some(Control::Select(c)) = controls.controls.first_mut() {
            c.options = ["1k", "2k", "4"]
                .iter()
                .map(|v| crate::controls::plain_option((*v).into(), None))
                .collect();
            c.default = Some("2k".into());
        }
        let q = quote_price_with(&m, &controls, &values(json!({"resolution": "", "n": ""})));
        assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.09)));
        let q = quote_price_with(&m, &controls, &values(json!({"resolution": 4, "n": 2})));
        assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(1.0)));
        let q = quote_price_with(
            &m,
            &controls,
            &values(json!({"resolution": "1K", "n": null})),
        );
        assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.045)));
    }

    #[test]
    fn no_float_drift_in_totals() {
        let m = model(json!({"per_image": {"a": 0.1}}), json!({}));
        let q = quote_price_with(
            &m,
            &slider_n(8),
            &values(json!({"resolution": "a", "n": 3})),
        );
        assert_eq!(q.amount, Some(0.3));
        assert_eq!(q.per_image, Some(0.1));
        let q = quote_price_with(
            &m,
            &slider_n(8),
            &values(json!({"resolution": "a", "n": "7"})),
        );
        assert_eq!(q.amount, Some(0.7));
    }

    #[test]
    fn fixed_count_multiplies_and_ignores_user_n() {
        let m = model(json!({"per_image": {"a": 0.04}}), json!({}));
        let q = quote_price_with(&m, &fixed_n(4), &values(json!({"resolution": "a", "n": 2})));
        assert_eq!((q.amount, q.images), (Some(0.16), Some(4)));
    }

    #[test]
    fn currencies_are_three_letter_codes() {
        let quote = |currency: Value| {
            let m = model(
                json!({"per_image": {"1k": 0.01}, "currency": currency}),
                json!({}),
            );
            quote_price_with(&m, &res(), &values(json!({"resolution": "1k"})))
        };
        assert_eq!(quote(json!("EUR")).currency.as_deref(), Some("EUR"));
        assert_eq!(quote(json!(" usd ")).currency.as_deref(), Some("usd"));
        for bad in [json!("USDC"), json!("<b>"), json!("$"), json!(""), json!(5)] {
            let q = quote(bad.clone());
            assert_eq!((q.kind, q.currency), (QuoteKind::Unknown, None), "{bad}");
        }
    }

    #[test]
    fn oversized_tables_are_unknown() {
        let keys = |n: usize| {
            let table: serde_json::Map<String, Value> = (0..n)
                .map(|i| {
                    (
                        if i == 0 {
                            "1k".to_owned()
                        } else {
                            format!("{i}x{i}")
                        },
                        json!(0.01),
                    )
                })
                .collect();
            json!({"per_image": table})
        };
        let quote = |pricing: Value| {
            let m = model(pricing, json!({}));
            quote_price_with(&m, &res(), &values(json!({"resolution": "1k"}))).kind
        };
        assert_ne!(quote(keys(MAX_PRICE_ENTRIES)), QuoteKind::Unknown);
        assert_eq!(quote(keys(MAX_PRICE_ENTRIES + 1)), QuoteKind::Unknown);
        let long = json!({"per_image": 0.01, "note": "x".repeat(MAX_PRICING_BYTES)});
        assert_eq!(quote(long), QuoteKind::Unknown);
    }

    #[test]
    fn invalid_n_is_unknown() {
        let m = model(json!({"per_image": {"a": 0.04}}), json!({}));
        // 5 is beyond the slider's 4: validation refuses it, so there is nothing to quote.
        for n in [
            json!(0),
            json!(2.5),
            json!("x"),
            json!([1]),
            json!(-1),
            json!(5),
        ] {
            let q = quote_price_with(
                &m,
                &slider_n(4),
                &values(json!({"resolution": "a", "n": n})),
            );
            assert_eq!(q.kind, QuoteKind::Unknown);
        }
        let q = quote_price_with(
            &m,
            &slider_n(4),
            &values(json!({"resolution": "a", "n": "4"})),
        );
        assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.16)));
    }

    #[test]
    fn default_resolution_from_controls() {
        let m = model(json!({"per_image": {"1:1": 0.09, "1k": 0.045}}), json!({}));
        let mut controls = empty();
        controls
            .controls
            .push(Control::Select(crate::controls::Choice {
                base: base("resolution"),
                options: Vec::new(),
                default: Some("1k".into()),
            }));
        let q = quote_price_with(&m, &controls, &Values::new());
        assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.045)));
    }

    pub(crate) fn base(id: &str) -> crate::controls::Base {
        crate::controls::Base {
            id: id.to_owned().into(),
            field: id.to_owned().into(),
            label: id.to_owned().into(),
            label_key: format!("control.{id}").into(),
            label_params: Default::default(),
            description: None,
            required: false,
            advanced: false,
        }
    }

    fn empty() -> ControlSet {
        ControlSet {
            model_id: "m".into(),
            endpoint: Endpoint::Openai,
            controls: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn res() -> ControlSet {
        let mut c = empty();
        // The tokens the tests quote are options (a value that is not an option quotes unknown).
        let options = [
            "",
            "auto",
            "AUTO_2K",
            "1024x1024",
            "1024x768",
            "1K",
            "1k",
            "2k",
            "4k",
            "a",
        ]
        .map(|t| crate::controls::ControlOption {
            value: t.into(),
            label: t.into(),
            label_key: None,
            label_params: serde_json::Map::new(),
            group: None,
            group_key: None,
            resolution: None,
            price: None,
        })
        .to_vec();
        c.controls.push(Control::Select(crate::controls::Choice {
            base: base("resolution"),
            options,
            default: None,
        }));
        c
    }

    fn slider_n(max: u32) -> ControlSet {
        let mut c = res();
        c.controls.push(Control::Slider(crate::controls::Slider {
            base: base("n"),
            min: 1.0,
            max: f64::from(max),
            step: 1.0,
            default: 1.0,
        }));
        c
    }

    fn fixed_n(n: u32) -> ControlSet {
        let mut c = res();
        c.controls.push(Control::Fixed(crate::controls::Fixed {
            base: base("n"),
            value: json!(n),
        }));
        c
    }
}
