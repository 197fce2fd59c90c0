//! The error type shared by the core and the JS boundary. Every variant has a stable `code`.

use thiserror::Error;

/// Everything that can fail, with the stable `code` JS sees as `error.code`.
///
/// Messages never contain the API key.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Error {
    /// The request could not be made or was blocked (offline, DNS, CORS).
    #[error("{0}")]
    Network(String),
    /// No answer within `timeoutMs`, or (`None`) before the caller's `AbortSignal` timed out
    /// (`AbortSignal.timeout(ms)`: a `TimeoutError` reason).
    #[error("{}", timed_out(*.0))]
    Timeout(Option<u32>),
    /// The caller's `AbortSignal` fired.
    #[error("{ABORTED}")]
    Aborted,
    /// 401 or 403.
    #[error("{message}")]
    Unauthorized {
        /// HTTP status (401 or 403).
        status: u16,
        /// Summary of the server's answer.
        message: String,
    },
    /// 429.
    #[error("{message}")]
    RateLimited {
        /// Seconds to wait, when the server said (`Retry-After`).
        retry_after: Option<f64>,
        /// Summary of the server's answer.
        message: String,
    },
    /// Any other non-2xx status.
    #[error("{message}")]
    Http {
        /// HTTP status.
        status: u16,
        /// Summary of the server's answer.
        message: String,
    },
    /// The input is not JSON.
    #[error("{0}")]
    InvalidJson(String),
    /// The input is JSON but not a catalog (or is past a size limit).
    #[error("{0}")]
    InvalidCatalog(String),
    /// A function was called with an argument of the wrong shape.
    #[error("{0}")]
    InvalidArgument(String),
}

/// [`Error::Timeout`]'s message.
fn timed_out(ms: Option<u32>) -> String {
    match ms {
        Some(ms) => format!("the request timed out after {ms} ms"),
        None => "the request timed out (the time limit of its `signal`)".into(),
    }
}

/// [`Error::Aborted`]'s message.
const ABORTED: &str = "the request was aborted";

impl Error {
    /// The stable machine-readable code (`error.code` in JS).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Network(_) => "network",
            Error::Timeout(_) => "timeout",
            Error::Aborted => "aborted",
            Error::Unauthorized { .. } => "unauthorized",
            Error::RateLimited { .. } => "rate_limited",
            Error::Http { .. } => "http",
            Error::InvalidJson(_) => "invalid_json",
            Error::InvalidCatalog(_) => "invalid_catalog",
            Error::InvalidArgument(_) => "invalid_argument",
        }
    }

    /// The message, what `Display` writes, without the derived `Display` (the message of the JS
    /// boundary's `Error`s, which as `to_string()` linked it into the wasm: −341 B brotli for
    /// the variants that hold their message; the others are written here).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn into_message(self) -> String {
        match self {
            Error::Network(m)
            | Error::InvalidJson(m)
            | Error::InvalidCatalog(m)
            | Error::InvalidArgument(m)
            | Error::Unauthorized { message: m, .. }
            | Error::RateLimited { message: m, .. }
            | Error::Http { message: m, .. } => m,
            Error::Timeout(ms) => timed_out(ms),
            Error::Aborted => ABORTED.into(),
        }
    }

    /// The HTTP status, for HTTP errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { status, .. } | Error::Http { status, .. } => Some(*status),
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn the_message_is_what_display_writes() {
        let message = || "m".to_owned();
        for e in [
            Error::Network(message()),
            Error::Timeout(Some(1500)),
            Error::Timeout(None),
            Error::Aborted,
            Error::Unauthorized {
                status: 401,
                message: message(),
            },
            Error::RateLimited {
                retry_after: Some(2.0),
                message: message(),
            },
            Error::Http {
                status: 500,
                message: message(),
            },
            Error::InvalidJson(message()),
            Error::InvalidCatalog(message()),
            Error::InvalidArgument(message()),
        ] {
            assert_eq!(e.to_string(), e.clone().into_message());
        }
    }
}
