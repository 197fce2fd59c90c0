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
//! - the typed endpoint's array `[{billable: "output_image", unit: "image", cost_usd,
//!   resolution?}]` (USD); an entry without `resolution` prices every token.
//! - tables by rendering speed: `per_image` nested two deep, a speed and a token in either
//!   order (`{"TURBO": {"1024x1024": 0.03}, …}` or `{"1024x1024": {"TURBO": 0.03}, …}`), or
//!   speeds alone (`{"TURBO": 0.03, …}`, every token); `"by": "rendering_speed"` beside it is
//!   read as saying so. A key is a speed when it names one of the options of the model's
//!   `rendering_speed` control, spelled as leniently as tokens are. The speed a request sends
//!   (the value given, else the control's default) is priced exactly; with none sent (the `""`
//!   option, or no speed control) the quote spans the listed speeds; a speed the table does not
//!   price for the token quotes `unknown`. A nested table by anything else (no speed control
//!   names its keys) spans its inner prices.
//! - surcharges: a key ending in `surcharge` (`lora_surcharge`) beside or anywhere inside
//!   `per_image`, a plain price, is read as an amount added to each image when the feature is
//!   used: the quote becomes a range whose `max` adds it (several add up).
//!
//! What degrades to `unknown` rather than to a number: any other key beside `per_image` and
//! `currency` (a `note` may say "plus $0.01 per LoRA", a key may be a price in other units, a
//! `by` other than `rendering_speed` may be megapixels), a surcharge that is no plain price;
//! array entries billing anything but output images (input images, megapixels), which add
//! amounts the library cannot count; a currency that is not a three-letter code; a token the
//! table lacks while it prices others; an entry for every token beside one for the token (the
//! table does not say whether they add up). `""` (the provider's default) and `auto` leave the
//! size to the model and span every listed price, but only when every listed price could be
//! read: NaN, infinite, negative, absurd (> 1 000 000) and non-numeric prices are ignored, so
//! the one the model picks might be among them. Totals are computed in integer nano-units, so
//! `0.04 × 3` is `0.12`.
//!
//! An option's `price` (the resolution select's, and the aspect ratio select's when there is
//! no resolution select) is [`token_price`]: set only when the token costs that whatever the
//! other values are, so never on a table by rendering speed or with a surcharge; the quote of
//! that option is then exact at that price. Beside a resolution select, aspect ratio options
//! carry no price: the resolution sets it.

use std::cell::OnceCell;

use crate::json::OwnedValue as Value;
use serde::{Deserialize, Serialize};

use crate::json;
use tsify::Tsify;

use crate::catalog::Model;
use crate::controls::{
    derive_controls, offered_resolutions, offered_speeds, Choice, Control, ControlOption,
    ControlSet, Endpoint,
};
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
    let t = token.trim();
    // Parsed only when it may be `auto`: every unpriced option of a select (all of an aspect
    // ratio list) is asked, and parsing them was ≈ 4 % of deriving every model (Node).
    t.is_empty()
        || (t
            .get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("auto"))
            && crate::resolution::parse_resolution(token).kind
                == crate::resolution::ResolutionKind::Auto)
}

/// One price, keyed by up to two table keys (outer and inner key of a nested table); an entry
/// without keys prices every token.
struct Entry<'a> {
    keys: [&'a str; 2],
    nanos: i64,
}

/// A pricing table the library understands.
struct Table<'a> {
    entries: Vec<Entry<'a>>,
    currency: Option<&'a str>,
    /// The most surcharges can add to one image.
    surcharge: i64,
    /// A listed price could not be read: the readable ones are not all the model's prices.
    incomplete: bool,
}

/// What a table says about one token.
enum Lookup {
    Exact(i64),
    Range(i64, i64),
    None,
}

/// Lowest and highest price of the entries seen, and whether one of them varies by something
/// the quote does not fix.
type Span = Option<(i64, i64, bool)>;

fn widen(span: &mut Span, nanos: i64, varies: bool) {
    *span = Some(match *span {
        None => (nanos, nanos, varies),
        Some((lo, hi, v)) => (lo.min(nanos), hi.max(nanos), v || varies),
    });
}

/// The rendering speed a quote is for: table keys that name one of the model's speed options
/// are speeds, not resolution tokens.
#[derive(Clone, Copy, Default)]
struct Speed<'s> {
    /// The model's speed options: the control's (a quote), or read from the catalog.
    options: SpeedNames<'s>,
    /// The speed sent; `None` when none is (the provider picks).
    chosen: Option<&'s str>,
}

/// Speed option values, borrowed as the caller has them (no copy per quote).
#[derive(Clone, Copy)]
enum SpeedNames<'s> {
    Options(&'s [ControlOption]),
    Texts(&'s [String]),
}

impl Default for SpeedNames<'_> {
    fn default() -> Self {
        SpeedNames::Texts(&[])
    }
}

impl Speed<'_> {
    fn names(&self, key: &str) -> bool {
        let names = |o: &str| !o.is_empty() && same_spelling(o, key);
        !key.is_empty()
            && match self.options {
                SpeedNames::Options(options) => options.iter().any(|o| names(&o.value)),
                SpeedNames::Texts(texts) => texts.iter().any(|o| names(o)),
            }
    }
}

/// A key beside (or in) `per_image` that adds to the price when some feature is used
/// (`lora_surcharge`).
fn is_surcharge(key: &str) -> bool {
    key.get(key.len().saturating_sub(9)..)
        .is_some_and(|end| end.eq_ignore_ascii_case("surcharge"))
}

impl<'a> Table<'a> {
    fn parse(pricing: &'a json::Value<'a>) -> Option<Table<'a>> {
        let mut table = Table {
            entries: Vec::new(),
            currency: None,
            surcharge: 0,
            incomplete: false,
        };
        match pricing {
            json::Value::Number(_) => table.push(["", ""], pricing),
            json::Value::Array(items) => {
                table.currency = Some("USD");
                table.read_typed(items)?;
            }
            json::Value::Object(map) => table.read_object(map)?,
            _ => return None,
        }
        let usable = !table.entries.is_empty() && table.entries.len() <= MAX_PRICE_ENTRIES;
        usable.then_some(table)
    }

    /// Adds the price `value` under `keys`; a value that is no price leaves the table incomplete.
    fn push(&mut self, keys: [&'a str; 2], value: &json::Value<'_>) {
        match number(value).and_then(to_nanos) {
            Some(nanos) => self.entries.push(Entry { keys, nanos }),
            None => self.incomplete = true,
        }
    }

    /// Adds a surcharge; `None` when it is not a plain price.
    fn add_surcharge(&mut self, value: &json::Value<'_>) -> Option<()> {
        let nanos = match value {
            json::Value::Number(_) | json::Value::String(_) => number(value).and_then(to_nanos),
            _ => None,
        }?;
        self.surcharge = self.surcharge.checked_add(nanos)?;
        Some(())
    }

    fn read_object(&mut self, map: &'a json::Map<'a>) -> Option<()> {
        match map.get("per_image")? {
            per @ (json::Value::Number(_) | json::Value::String(_)) => self.push(["", ""], per),
            json::Value::Object(tokens) => {
                for (key, value) in tokens {
                    match value {
                        _ if is_surcharge(key) => self.add_surcharge(value)?,
                        json::Value::Object(inner) => {
                            for (inner_key, v) in inner {
                                if is_surcharge(inner_key) {
                                    self.add_surcharge(v)?;
                                } else {
                                    self.push([key, inner_key], v);
                                }
                            }
                        }
                        v => self.push([key, ""], v),
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
        // Any other key (a note, a price in other units, a table by megapixels) may change the
        // price in a way the library cannot read: no quote rather than a wrong one.
        for (key, value) in map {
            match key {
                "per_image" | "currency" => {}
                "by" if value.as_str() == Some("rendering_speed") => {}
                _ if is_surcharge(key) => self.add_surcharge(value)?,
                _ => return None,
            }
        }
        Some(())
    }

    /// The typed endpoint's `[{billable, unit, cost_usd, resolution?}]`; `None` when an entry
    /// bills something else than output images (input images, megapixels): those add to the
    /// price by amounts the library cannot count.
    fn read_typed(&mut self, items: &'a [json::Value<'a>]) -> Option<()> {
        for item in items {
            let Some(obj) = item.as_object() else {
                self.incomplete = true;
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
            if !unit.eq_ignore_ascii_case("image") || !billable.eq_ignore_ascii_case("output_image")
            {
                return None;
            }
            let token = obj
                .get("resolution")
                .and_then(json::Value::as_str)
                .unwrap_or("");
            match obj.get("cost_usd") {
                Some(cost) => self.push([token, ""], cost),
                None => self.incomplete = true,
            }
        }
        Some(())
    }

    /// The prices that apply to `token` (`None`: the model picks) at `speed`.
    ///
    /// An entry keyed by a speed applies at that speed only (when none is chosen, it varies by
    /// speed); one keyed by two tokens varies by something else (a nested table by quality).
    /// Entries keyed by `token` as written win over entries keyed by another spelling of it.
    /// An entry without a token key prices every token; beside one keyed by `token`, the
    /// table does not say whether they add up or one replaces the other: no span. The model's
    /// pick spans every price, and only when every listed price could be read.
    fn span(&self, token: Option<&str>, speed: Speed<'_>) -> Span {
        let (mut all, mut every): (Span, Span) = (None, None);
        // Hits on `token` as written and in another spelling: the spelling as written wins,
        // except over hits keyed by speeds (`1k` under one speed, `1K` under another).
        let (mut exact, mut similar, mut by_speed): (Span, Span, bool) = (None, None, false);
        'entries: for e in &self.entries {
            let (mut first, mut second, mut varies) = (None, None, false);
            let mut speed_key = None;
            for key in e.keys.into_iter().filter(|k| !k.is_empty()) {
                if speed.names(key) {
                    speed_key = Some(key);
                    match speed.chosen {
                        None => varies = true,
                        Some(s) if same_spelling(key, s) => {}
                        Some(_) => continue 'entries,
                    }
                } else if first.is_none() {
                    first = Some(key);
                } else {
                    second = Some(key);
                    varies = true;
                }
            }
            widen(&mut all, e.nanos, varies);
            let Some(t) = token else { continue };
            let written = match first {
                None => {
                    widen(&mut every, e.nanos, varies);
                    continue;
                }
                _ if first == Some(t) || second == Some(t) => true,
                _ if [first, second]
                    .into_iter()
                    .flatten()
                    .any(|k| same_spelling(k, t)) =>
                {
                    false
                }
                _ => continue,
            };
            by_speed |= speed_key.is_some();
            widen(
                if written { &mut exact } else { &mut similar },
                e.nanos,
                varies,
            );
        }
        let found = match (exact, similar) {
            (Some((l, h, v)), Some((lo, hi, varies))) if by_speed => {
                Some((l.min(lo), h.max(hi), v || varies))
            }
            (hits, other) => hits.or(other),
        };
        let model_picks = match token {
            None => true,
            Some(t) => match (found, every) {
                (Some(_), Some(_)) => return None,
                (Some(hits), None) | (None, Some(hits)) => return Some(hits),
                // `""` (the provider's default) or `auto` leave it to the model. Another token
                // the table lacks: the others' prices say nothing about its (a `4k` the table
                // lacks likely costs more than its `1k` and `2k`).
                (None, None) => leaves_it_to_the_model(t),
            },
        };
        all.filter(|_| model_picks && !self.incomplete)
    }

    /// What the table says about `token` at `speed`, surcharges included.
    fn lookup(&self, token: Option<&str>, speed: Speed<'_>) -> Lookup {
        self.priced(self.span(token, speed))
    }

    /// Every listed price the same (whatever else it depends on) and no surcharge: exact.
    fn priced(&self, span: Span) -> Lookup {
        match span {
            Some((lo, hi, _)) if lo == hi && self.surcharge == 0 => Lookup::Exact(lo),
            Some((lo, hi, _)) => Lookup::Range(lo, hi.saturating_add(self.surcharge)),
            None => Lookup::None,
        }
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
/// use nanogpt_image_controls::json::OwnedValue;
/// let pricing = OwnedValue::from(serde_json::json!({"per_image": {"1024*1024": 0.04}, "currency": "USD"}));
/// assert_eq!(token_price(&pricing, "1024x1024"), Some(0.04));
/// assert_eq!(token_price(&pricing, "2048x2048"), None);
/// ```
pub fn token_price(pricing: &json::Value<'_>, token: &str) -> Option<f64> {
    TokenPrices {
        table: Table::parse(pricing),
        speeds: Vec::new(),
    }
    .get(token)
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
pub(crate) struct TokenPrices<'a> {
    table: Option<Table<'a>>,
    /// The model's rendering speeds: table keys naming one are speeds, not tokens.
    speeds: Vec<String>,
}

impl<'a> TokenPrices<'a> {
    /// A model's table ([`table_of`]; unknown shapes price nothing), with its speed options.
    pub fn of<'m: 'a>(model: &'m Model, tree: &'a Tree<'m>, speeds: Vec<String>) -> Self {
        TokenPrices {
            table: table_of(model, tree),
            speeds,
        }
    }

    /// The per-image price of `token` whatever the other values are (the speed too), as
    /// [`token_price`] gives it.
    pub fn get(&self, token: &str) -> Option<f64> {
        let speed = Speed {
            options: SpeedNames::Texts(&self.speeds),
            chosen: None,
        };
        match self.table.as_ref()?.lookup(Some(token), speed) {
            Lookup::Exact(nanos) => Some(from_nanos(nanos)),
            _ => None,
        }
    }
}

/// The option of `choice` a request sends for the value `given` (as `build_request` does): the
/// matching option, else the default (`Some(None)` when there is none: nothing is sent); `None`
/// for a value that is no option, which validation refuses.
fn sent<'c>(choice: &'c Choice, given: Option<&Value>) -> Option<Option<&'c str>> {
    match given {
        Some(v) => match_option(&choice.options, v).map(|o| Some(o.value.as_str())),
        None => Some(choice.default.as_deref()),
    }
}

/// Quotes the price of generating with `values`.
///
/// Prices what [`build_request`](crate::form::build_request) would send: the resolution is
/// `values.resolution`, else the default the model's controls pick (for a model without a
/// resolution control, the aspect ratio sent, priced by the table's ratio keys; a ratio they
/// lack leaves the size to the model); the rendering speed is
/// `values.rendering_speed`, else the speed control's default; the number of images is the
/// model's fixed count, else `values.n` (numeric strings accepted), else the default.
/// `exact` when the catalog prices that resolution (at that speed); `range` (× images) when a
/// surcharge may apply, when the speed is left to the provider, or over the listed prices for
/// `""` (the provider's default) and `auto`, which leave the size to the model; `unknown`
/// otherwise: also when the catalog prices other resolutions (or speeds) but not this one
/// (their prices say nothing about its), and for values validation refuses (a resolution or
/// speed that is no option, an `n` that is not a whole number or is outside the image-count
/// control's bounds). See the [module docs](self) for the shapes read.
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
    // Without a resolution list, the aspect ratio sent is the size's token (its options are
    // priced then).
    let by_aspect = controls.get("resolution").is_none();
    let token = match controls.get(if by_aspect {
        "aspect_ratio"
    } else {
        "resolution"
    }) {
        // The model takes no resolution: a `resolution` value would not be sent.
        None | Some(Control::Fixed(_)) => None,
        Some(control) => {
            let given = values
                .get(control.base().id.as_ref())
                .filter(|v| !is_unset(control, v));
            match control {
                // What build_request would send: an option in its catalog spelling. A value
                // that is not an option fails validation (`not_allowed`) and is never sent,
                // even when the table prices its token (`auto` priced, not offered).
                Control::Select(c) | Control::Radio(c) => match sent(c, given) {
                    Some(token) => token,
                    None => {
                        return PriceQuote {
                            currency,
                            ..PriceQuote::unknown()
                        }
                    }
                },
                _ => given.and_then(Value::as_str),
            }
        }
    };
    let speed = match controls.get("rendering_speed") {
        Some(control @ (Control::Select(c) | Control::Radio(c))) => {
            let given = values
                .get("rendering_speed")
                .filter(|v| !is_unset(control, v));
            // A value that is no option is never sent (validation refuses it): no quote.
            let Some(chosen) = sent(c, given) else {
                return PriceQuote {
                    currency,
                    ..PriceQuote::unknown()
                };
            };
            Speed {
                options: SpeedNames::Options(&c.options),
                // `""` is the provider's default: no speed sent.
                chosen: chosen.filter(|s| !s.is_empty()),
            }
        }
        _ => Speed::default(),
    };
    let lookup = match table.lookup(token, speed) {
        // A ratio the table does not price: the model picks the size.
        Lookup::None if by_aspect => table.lookup(None, speed),
        lookup => lookup,
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
/// same and nothing else varies it; `range` with per-image `min`/`max` otherwise (every
/// rendering speed counted, surcharges added to `max`); `unknown` when the catalog prices
/// nothing the library can read. The prices that apply are those of the resolutions the model
/// offers; every listed price where it offers none, or offers `auto` or the provider's default
/// (the model picks the size), or where none of its resolutions is priced (then `unknown` if a
/// listed price cannot be read). Tokens the model offers but the catalog does not price are
/// not counted; a price for a token it does not offer (`4096x4096` priced, not in
/// `resolutions`) is not either.
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
    let params = params.as_ref().and_then(json::Value::as_object);
    let speeds = params.map(offered_speeds).unwrap_or_default();
    let speed = Speed {
        options: SpeedNames::Texts(&speeds),
        chosen: None,
    };
    let mut offered = params.and_then(offered_resolutions);
    // Without a resolution list, the aspect ratio sent is the size's token (as `quotePrice`
    // reads it): its options are what the model offers. Rare, so derived here.
    let by_aspect = offered.is_none() && params.is_some_and(|p| p.contains_key("aspect_ratio"));
    if by_aspect {
        offered = match derive_controls(model, Endpoint::Openai).get("aspect_ratio") {
            Some(Control::Select(c) | Control::Radio(c)) => {
                Some(c.options.iter().map(|o| o.value.clone()).collect())
            }
            _ => None,
        };
    }
    // The offered tokens' prices, as `quotePrice` reads each: `auto`, the provider's default
    // (and, by aspect ratio, a ratio the table lacks) is its own price where the table lists
    // one, else every listed price (none when one of them cannot be read: then the range is
    // unknown).
    let mut unbounded = false;
    let over_offered = offered.and_then(|tokens| {
        tokens
            .iter()
            .filter_map(|t| {
                let mut span = table.span(Some(t), speed);
                if span.is_none() && by_aspect {
                    span = table.span(None, speed);
                }
                unbounded |= span.is_none() && (by_aspect || leaves_it_to_the_model(t));
                span
            })
            .reduce(|(l, h, v), (lo, hi, varies)| (l.min(lo), h.max(hi), v || varies))
    });
    if unbounded {
        return PriceQuote::unknown();
    }
    match table.priced(over_offered.or_else(|| table.span(None, speed))) {
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
        serde_json::from_value(serde_json::json!({
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
        assert_eq!(Table::parse(&other_unit).map(|_| ()), None);
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
        // An `auto` the table prices costs that (as `quotePrice` says): no other listed price.
        let p = json!({"per_image": {"1024x1024": 0.04, "auto": 0.05, "4096x4096": 0.5}});
        let m = model(p, json!({"resolutions": ["auto", "1024x1024"]}));
        let r = price_range(&m);
        assert_eq!(
            (r.kind, r.min, r.max),
            (QuoteKind::Range, Some(0.04), Some(0.05))
        );
        // Unpriced, with a listed price that cannot be read: the model may pick that one.
        let p = json!({"per_image": {"1024x1024": 0.04, "2k": "lots"}});
        let m = model(p, json!({"resolutions": ["auto", "1024x1024"]}));
        assert_eq!(price_range(&m).kind, QuoteKind::Unknown);
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

    /// A model priced by rendering speed, with the speed radio and resolution select its
    /// parameters derive.
    fn by_speed(pricing: Value, speeds: Value) -> Model {
        model(
            pricing,
            json!({"resolutions": ["1024x1024", "2048x2048", "auto"], "rendering_speed": speeds, "max_images": 4}),
        )
    }

    fn span_of(q: &PriceQuote) -> (QuoteKind, Option<f64>, Option<f64>, Option<f64>) {
        (q.kind, q.amount, q.min, q.max)
    }

    #[test]
    fn the_chosen_rendering_speed_is_priced_exactly() {
        // Speeds outside, tokens inside; and the other way round. Keys in other spellings.
        for pricing in [
            json!({"per_image": {
                "TURBO": {"1024*1024": 0.03, "2048*2048": 0.06},
                "QUALITY": {"1024*1024": 0.09, "2048*2048": 0.12}
            }, "currency": "USD"}),
            json!({"per_image": {
                "1024x1024": {"turbo": 0.03, "quality": 0.09},
                "2048X2048": {"Turbo": 0.06, "Quality": 0.12}
            }}),
        ] {
            let m = by_speed(pricing.clone(), json!(["Turbo", "Quality"]));
            let quote = |v: Value| span_of(&quote_price(&m, &values(v)));
            let exact = |amount| (QuoteKind::Exact, Some(amount), None, None);
            let v = json!({"resolution": "2048x2048", "rendering_speed": "QUALITY", "n": 3});
            assert_eq!(quote(v), exact(0.36), "{pricing}");
            let v = json!({"resolution": "1024x1024", "rendering_speed": "turbo"});
            assert_eq!(quote(v), exact(0.03), "{pricing}");
            // Unset: build_request sends the radio's default (its first option), so that one.
            let controls = derive_controls(&m, Endpoint::Openai);
            let prompt = values(json!({"prompt": "p"}));
            let body = crate::form::build_request(&m, &controls, &prompt, Endpoint::Openai)
                .body
                .unwrap();
            assert_eq!(body.get("rendering_speed"), Some(&json!("Turbo")));
            assert_eq!(body.get("size"), Some(&json!("1024x1024")));
            assert_eq!(quote(json!({"prompt": "p"})), exact(0.03), "{pricing}");
            // `auto` leaves the size to the model: the chosen speed's prices.
            let v = json!({"resolution": "auto", "rendering_speed": "Quality"});
            assert_eq!(
                quote(v),
                (QuoteKind::Range, None, Some(0.09), Some(0.12)),
                "{pricing}"
            );
            // A speed that is no option is never sent (validation refuses it).
            let v = json!({"resolution": "1024x1024", "rendering_speed": "WARP"});
            assert_eq!(quote(v).0, QuoteKind::Unknown, "{pricing}");
            // The resolution options' prices hold whatever the speed: none here.
            let Some(Control::Select(c)) = controls.get("resolution") else {
                panic!("no resolution select")
            };
            assert!(c.options.iter().all(|o| o.price.is_none()), "{pricing}");
            // A model picker's span covers every speed.
            assert_eq!(
                span_of(&price_range(&m)),
                (QuoteKind::Range, None, Some(0.03), Some(0.12))
            );
        }
    }

    #[test]
    fn speeds_the_quote_cannot_fix_give_ranges_or_unknown() {
        let p = json!({"per_image": {
            "TURBO": {"1024x1024": 0.03},
            "QUALITY": {"1024x1024": 0.09, "2048x2048": 0.12}
        }});
        // The provider's default speed (`""`): one of the listed speeds' prices.
        let m = by_speed(p.clone(), json!(["", "TURBO", "QUALITY"]));
        let q = quote_price(
            &m,
            &values(json!({"resolution": "1024x1024", "rendering_speed": ""})),
        );
        assert_eq!(
            span_of(&q),
            (QuoteKind::Range, None, Some(0.03), Some(0.09))
        );
        // A priced speed without a price for this token: unknown, not QUALITY's price.
        let m = by_speed(p.clone(), json!(["TURBO", "QUALITY"]));
        let q = quote_price(
            &m,
            &values(json!({"resolution": "2048x2048", "rendering_speed": "TURBO"})),
        );
        assert_eq!(span_of(&q), (QuoteKind::Unknown, None, None, None));
        // A speed the table does not price at all: unknown.
        let m = by_speed(p.clone(), json!(["TURBO", "BALANCED", "QUALITY"]));
        let q = quote_price(
            &m,
            &values(json!({"resolution": "1024x1024", "rendering_speed": "BALANCED"})),
        );
        assert_eq!(span_of(&q), (QuoteKind::Unknown, None, None, None));
        // A table by rendering speed for a model without the speed control: no speed is sent.
        let m = model(p, json!({"resolutions": ["1024x1024"]}));
        let q = quote_price(&m, &values(json!({"resolution": "1024x1024"})));
        assert_eq!(
            span_of(&q),
            (QuoteKind::Range, None, Some(0.03), Some(0.09))
        );
    }

    #[test]
    fn a_table_of_speeds_alone_prices_every_resolution() {
        let m = by_speed(
            json!({"per_image": {"TURBO": 0.03, "QUALITY": 0.09}, "by": "rendering_speed"}),
            json!(["TURBO", "QUALITY"]),
        );
        let q = quote_price(
            &m,
            &values(json!({"resolution": "2048x2048", "rendering_speed": "QUALITY", "n": 2})),
        );
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.18), None, None));
        let r = price_range(&m);
        assert_eq!(
            span_of(&r),
            (QuoteKind::Range, None, Some(0.03), Some(0.09))
        );
    }

    #[test]
    fn aspect_ratio_options_are_priced_where_the_ratio_sets_the_price() {
        let prices = |m: &Model, id: &str| -> Vec<Option<f64>> {
            match derive_controls(m, Endpoint::Openai).get(id) {
                Some(Control::Select(c)) => c.options.iter().map(|o| o.price).collect(),
                other => panic!("{id}: {other:?}"),
            }
        };
        // Beside a resolution list (ratio keys left from when ratios were sizes): the
        // resolution sets the price, so choosing 16:9 costs the 1k price, not 0.09.
        let m = model(
            json!({"per_image": {"1:1": 0.09, "16:9": 0.09, "1k": 0.045, "2k": 0.09}}),
            json!({"resolutions": ["1k", "2k"], "aspect_ratio": ["1:1", "16:9"]}),
        );
        assert_eq!(prices(&m, "aspect_ratio"), [None, None]);
        assert_eq!(prices(&m, "resolution"), [Some(0.045), Some(0.09)]);
        let q = quote_price(
            &m,
            &values(json!({"resolution": "1k", "aspect_ratio": "16:9"})),
        );
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.045), None, None));
        // Without one, the ratio sent is the size's token: its price.
        let m = model(
            json!({"per_image": {"1:1": 0.04, "16:9": 0.05}}),
            json!({"aspect_ratio": ["1:1", "16:9", "4:3"], "max_images": 2}),
        );
        assert_eq!(prices(&m, "aspect_ratio"), [Some(0.04), Some(0.05), None]);
        let q = quote_price(&m, &values(json!({"aspect_ratio": "16:9", "n": 2})));
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.1), None, None));
        // Unset: the default the request sends (the square ratio).
        let q = quote_price(&m, &values(json!({})));
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.04), None, None));
        // A ratio the table does not price leaves the size to the model: a listed price.
        let q = quote_price(&m, &values(json!({"aspect_ratio": "4:3"})));
        assert_eq!(
            span_of(&q),
            (QuoteKind::Range, None, Some(0.04), Some(0.05))
        );
        let q = quote_price(&m, &values(json!({"aspect_ratio": "7:5"})));
        assert_eq!(q.kind, QuoteKind::Unknown, "not an option");
        // The picker's range covers the ratios offered, as quoted.
        let r = price_range(&m);
        assert_eq!(
            (r.kind, r.min, r.max),
            (QuoteKind::Range, Some(0.04), Some(0.05))
        );
        // A ratio priced, with a listed price that cannot be read: quotes for the priced ratios
        // are exact, the picker's range only where every offered ratio's price is known.
        let m = model(
            json!({"per_image": {"1:1": 0.04, "4k": "lots"}}),
            json!({"aspect_ratio": ["1:1"]}),
        );
        let q = quote_price(&m, &values(json!({})));
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.04), None, None));
        assert_eq!(
            span_of(&price_range(&m)),
            (QuoteKind::Exact, Some(0.04), None, None)
        );
        let m = model(
            json!({"per_image": {"1:1": 0.04, "4k": "lots"}}),
            json!({"aspect_ratio": ["1:1", "4:3"]}),
        );
        assert_eq!(price_range(&m).kind, QuoteKind::Unknown);
    }

    #[test]
    fn speeds_as_the_request_sends_them() {
        // A speed that is no option is never sent: no quote, whatever the table keys.
        let m = model(
            json!({"per_image": {"1024x1024": 0.04}}),
            json!({"resolutions": ["1024x1024"], "rendering_speed": ["TURBO", "QUALITY"]}),
        );
        let q = quote_price(&m, &values(json!({"rendering_speed": "BOGUS"})));
        assert_eq!(
            (q.kind, q.currency.as_deref()),
            (QuoteKind::Unknown, Some("USD"))
        );
        // Spellings: the one as written wins within a speed's prices, not across speeds.
        let m = model(
            json!({"per_image": {"TURBO": {"1k": 0.03}, "QUALITY": {"1K": 0.05}}}),
            json!({"resolutions": ["1k"], "rendering_speed": ["", "TURBO", "QUALITY"]}),
        );
        let range = (QuoteKind::Range, None, Some(0.03), Some(0.05));
        assert_eq!(span_of(&quote_price(&m, &values(json!({})))), range);
        assert_eq!(span_of(&price_range(&m)), range);
        let q = quote_price(&m, &values(json!({"rendering_speed": "QUALITY"})));
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.05), None, None));
        // One price at every listed speed: exact, and the option says so too.
        let m = model(
            json!({"per_image": {"DEFAULT": 0.01}, "by": "rendering_speed"}),
            json!({"resolutions": ["1024x1024", "auto"], "rendering_speed": ["", "DEFAULT"]}),
        );
        let options = match derive_controls(&m, Endpoint::Openai).get("resolution") {
            Some(Control::Select(c)) => c.options.iter().map(|o| o.price).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(options, [Some(0.01), Some(0.01)]);
        for r in ["auto", "1024x1024"] {
            let q = quote_price(&m, &values(json!({"resolution": r})));
            assert_eq!(
                span_of(&q),
                (QuoteKind::Exact, Some(0.01), None, None),
                "{r}"
            );
        }
    }

    #[test]
    fn surcharges_widen_the_range_upward() {
        for p in [
            json!({"per_image": {"1024x1024": 0.04}, "currency": "USD", "lora_surcharge": 0.01}),
            json!({"per_image": {"1024x1024": 0.04, "lora_surcharge": "0.01"}}),
            json!({"per_image": {"1024x1024": {"lora_surcharge": 0.01, "TURBO": 0.04}}}),
        ] {
            assert_eq!(token_price(&p, "1024x1024"), None, "{p}");
            let m = model(
                p.clone(),
                json!({"resolutions": ["1024x1024"], "max_images": 4}),
            );
            let q = quote_price(&m, &values(json!({"resolution": "1024x1024", "n": 3})));
            // Without the surcharge 0.12; with it once per image 0.15.
            assert_eq!(
                (span_of(&q), q.images),
                ((QuoteKind::Range, None, Some(0.12), Some(0.15)), Some(3)),
                "{p}"
            );
            assert_eq!(
                span_of(&price_range(&m)),
                (QuoteKind::Range, None, Some(0.04), Some(0.05)),
                "{p}"
            );
            // The option's price is not the price: none.
            let controls = derive_controls(&m, Endpoint::Openai);
            let Some(Control::Select(c)) = controls.get("resolution") else {
                panic!("no resolution select")
            };
            assert_eq!(c.options.first().and_then(|o| o.price), None);
        }
        // Surcharges add up; one that is no plain price makes the price unknown.
        let p = json!({"per_image": 0.04, "lora_surcharge": 0.01, "upscale_surcharge": 0.02});
        let q = quote_price_with(&model(p, json!({})), &empty(), &Values::new());
        assert_eq!(
            span_of(&q),
            (QuoteKind::Range, None, Some(0.04), Some(0.07))
        );
        for bad in [
            json!({"per_lora": 0.01}),
            json!(-0.01),
            json!("some"),
            json!(null),
        ] {
            let p = json!({"per_image": 0.04, "lora_surcharge": bad});
            let q = quote_price_with(&model(p.clone(), json!({})), &empty(), &Values::new());
            assert_eq!(q.kind, QuoteKind::Unknown, "{p}");
        }
    }

    #[test]
    fn keys_the_library_cannot_read_make_the_price_unknown() {
        // A note may say anything ("plus $0.01 per LoRA"); other keys may be prices in other
        // units. A range from the listed price to itself claimed more than the catalog says.
        for p in [
            json!({"per_image": {"1024x1024": 0.04}, "note": "plus $0.01 per LoRA"}),
            json!({"per_image": 0.04, "currency": "USD", "per_megapixel": 0.02}),
            json!({"per_image": {"1024x1024": 0.04}, "by": "megapixels"}),
            json!([
                {"billable": "output_image", "unit": "image", "cost_usd": 0.04, "resolution": "1024x1024"},
                {"billable": "input_image", "unit": "image", "cost_usd": 0.01}
            ]),
            json!([
                {"billable": "output_image", "unit": "image", "cost_usd": 0.04},
                {"billable": "output_image", "unit": "megapixel", "cost_usd": 0.01}
            ]),
        ] {
            let m = model(p.clone(), json!({"resolutions": ["1024x1024"]}));
            let q = quote_price(&m, &values(json!({"resolution": "1024x1024"})));
            assert_eq!(span_of(&q), (QuoteKind::Unknown, None, None, None), "{p}");
            assert_eq!(price_range(&m).kind, QuoteKind::Unknown, "{p}");
            assert_eq!(token_price(&p, "1024x1024"), None, "{p}");
        }
    }

    #[test]
    fn several_prices_for_every_token_give_their_range() {
        // Two entries without `resolution` and different costs: either may apply, so from
        // the lower to the higher (it was the higher to itself).
        let p = json!([
            {"billable": "output_image", "unit": "image", "cost_usd": 0.05},
            {"billable": "output_image", "unit": "image", "cost_usd": 0.02}
        ]);
        let q = quote_price_with(&model(p.clone(), json!({})), &empty(), &Values::new());
        assert_eq!(
            span_of(&q),
            (QuoteKind::Range, None, Some(0.02), Some(0.05))
        );
        assert_eq!(token_price(&p, "1024x1024"), None);
    }

    #[test]
    fn the_models_pick_is_one_listed_price_when_all_can_be_read() {
        let m = model(json!({"per_image": {"1k": 0.04, "2k": 0.04}}), json!({}));
        // Every listed price is the same: that is the price, not a range from it to itself.
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "auto"})));
        assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.04), None, None));
        // A listed price that cannot be read may be the one the model picks.
        for unreadable in [json!("TBD"), json!(null), json!(-1), json!({"x": [1]})] {
            let m = model(
                json!({"per_image": {"1k": 0.04, "2k": 0.09, "4k": unreadable}}),
                json!({}),
            );
            for open in ["auto", ""] {
                let q = quote_price_with(&m, &res(), &values(json!({"resolution": open})));
                assert_eq!(q.kind, QuoteKind::Unknown, "{open:?} {unreadable}");
            }
            let q = quote_price_with(&m, &empty(), &Values::new());
            assert_eq!(q.kind, QuoteKind::Unknown, "{unreadable}");
            // The readable ones still price their own tokens.
            let q = quote_price_with(&m, &res(), &values(json!({"resolution": "2k"})));
            assert_eq!(span_of(&q), (QuoteKind::Exact, Some(0.09), None, None));
        }
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
        // An array entry without `resolution` prices every token, also one the others lack:
        // that price alone applies (a range from it to itself said it might not).
        let m = model(
            json!([
                {"billable": "output_image", "unit": "image", "cost_usd": 0.02},
                {"billable": "output_image", "unit": "image", "cost_usd": 0.05, "resolution": "2k"}
            ]),
            json!({}),
        );
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "4k"})));
        assert_eq!((q.kind, q.amount), (QuoteKind::Exact, Some(0.02)));
        // Beside `2k`'s own price the table does not say whether the two add up (0.07) or
        // `2k`'s replaces it (0.05): unknown, not a range from 0.05 to 0.05.
        let q = quote_price_with(&m, &res(), &values(json!({"resolution": "2k"})));
        assert_eq!((q.kind, q.min, q.max), (QuoteKind::Unknown, None, None));
        assert_eq!(q.currency.as_deref(), Some("USD"));
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
            let table: json::OwnedMap = (0..n)
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
            Value::Object(json::OwnedMap::from_iter([(
                "per_image",
                Value::Object(table),
            )]))
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
            label_params: json::OwnedMap::new(),
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
            provider_default: false,
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
