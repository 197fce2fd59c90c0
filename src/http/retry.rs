//! `Retry-After`: delay seconds or an HTTP-date (RFC 9110 §10.2.3); the backoff of
//! `CatalogClient`'s background revalidations after failures.

/// The first wait before `CatalogClient` revalidates in the background again after a failed
/// revalidation, in ms.
pub const BACKOFF_START_MS: f64 = 2_000.0;
/// The longest such wait (unless the server's `Retry-After` asks for more), in ms.
pub const BACKOFF_MAX_MS: f64 = 300_000.0;

/// How long `CatalogClient` lets `get()` go without a background revalidation after `failures`
/// (≥ 1) failed revalidations in a row, in ms: [`BACKOFF_START_MS`], doubled with each further
/// failure, up to the smaller of `max_age_ms` and [`BACKOFF_MAX_MS`] (but never less than
/// [`BACKOFF_START_MS`]); and never less than the server's `Retry-After` (`retry_after`, in
/// seconds) when it sent one.
///
/// ```
/// use nanogpt_image_controls::http::backoff_ms;
/// assert_eq!(backoff_ms(1, None, 300_000.0), 2_000.0);
/// assert_eq!(backoff_ms(3, None, 300_000.0), 8_000.0);
/// assert_eq!(backoff_ms(20, None, 60_000.0), 60_000.0);
/// assert_eq!(backoff_ms(20, None, f64::INFINITY), 300_000.0);
/// assert_eq!(backoff_ms(1, Some(60.0), 0.0), 60_000.0);
/// ```
pub fn backoff_ms(failures: u32, retry_after: Option<f64>, max_age_ms: f64) -> f64 {
    let cap = max_age_ms.clamp(BACKOFF_START_MS, BACKOFF_MAX_MS);
    let doublings = failures.saturating_sub(1).min(30);
    let wait = (BACKOFF_START_MS * f64::from(1_u32 << doublings)).min(cap);
    let asked = retry_after
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(0.0, |s| s.min(MAX_RETRY_AFTER_SECONDS) * 1000.0);
    wait.max(asked)
}

/// The longest wait reported, in seconds: `setTimeout` takes at most 2³¹−1 ms, and a longer
/// delay fires at once, so a caller doing `setTimeout(retry, retryAfter * 1000)` would retry in
/// a loop.
pub const MAX_RETRY_AFTER_SECONDS: f64 = 2_147_483.0;

/// Seconds to wait according to a `Retry-After` value, given the current time in ms since
/// the Unix epoch. Accepts delay seconds and the three HTTP-date forms (IMF-fixdate,
/// RFC 850, asctime); a date in the past gives `0`, and waits are capped at
/// [`MAX_RETRY_AFTER_SECONDS`] (about 24.8 days). `None` when the value cannot be read.
///
/// ```
/// use nanogpt_image_controls::http::parse_retry_after;
/// assert_eq!(parse_retry_after("120", 0.0), Some(120.0));
/// let now = 784_111_777_000.0; // Sun, 06 Nov 1994 08:49:37 GMT
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), Some(60.0));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    let seconds =
        if !value.is_empty() && value.len() <= 12 && value.bytes().all(|b| b.is_ascii_digit()) {
            value.parse::<u64>().ok().map(|n| n as f64)?
        } else {
            let date_ms = parse_http_date(value)?;
            ((date_ms - now_ms) / 1000.0).ceil().max(0.0)
        };
    Some(seconds.min(MAX_RETRY_AFTER_SECONDS))
}

/// Milliseconds since the epoch of an HTTP-date.
fn parse_http_date(value: &str) -> Option<f64> {
    if value.len() > 64 {
        return None;
    }
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut time = None;
    for token in value.split([' ', ',', '-']).filter(|t| !t.is_empty()) {
        if token.contains(':') {
            time = Some(parse_time(token)?);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            // Read as u64, as the other numbers here are (one parser instance).
            let n = u32::try_from(token.parse::<u64>().ok()?).ok()?;
            if day.is_none() && token.len() <= 2 {
                day = Some(n);
            } else if year.is_none() {
                year = Some(match (token.len(), n) {
                    (2, n) if n >= 70 => 1900 + n,
                    (2, n) => 2000 + n,
                    (4, n) => n,
                    _ => return None,
                });
            } else {
                return None;
            }
        } else if let Some(m) = month_number(token) {
            month = Some(m);
        } else if !(is_weekday(token) || token.eq_ignore_ascii_case("GMT") || token == "UTC") {
            return None;
        }
    }
    let (day, month, year, (h, m, s)) = (day?, month?, year?, time?);
    if !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let seconds = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s);
    Some(seconds as f64 * 1000.0)
}

fn parse_time(token: &str) -> Option<(u32, u32, u32)> {
    let mut parts = token.split(':').map(|p| {
        (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u64>().ok().and_then(|n| u32::try_from(n).ok()))
            .flatten()
    });
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    (parts.next().is_none() && h < 24 && m < 60 && s <= 60).then_some((h, m, s))
}

fn month_number(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if token.len() != 3 {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn is_weekday(token: &str) -> bool {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = token.to_ascii_lowercase();
    DAYS.iter().any(|d| lower.starts_with(d)) && lower.len() <= 9
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
