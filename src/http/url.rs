//! The base URL requests go to, and the few URL operations fetching needs.

use crate::error::Error;

/// Longest base URL accepted, in bytes.
const MAX_URL_BYTES: usize = 2048;

/// A validated `http(s)` base URL: an origin plus an optional path prefix (for proxies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    prefix: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/prefix]`. Refused with [`Error::InvalidArgument`]: other
    /// schemes, credentials (`user@`), a query or fragment, dot segments, whitespace, control
    /// or non-ASCII characters. Trailing slashes are dropped; the host is lowercased.
    ///
    /// ```
    /// use nanogpt_image_controls::http::BaseUrl;
    /// let base = BaseUrl::parse("HTTPS://App.Example:443/proxy/nano/")?;
    /// assert_eq!(base.origin(), "https://app.example");
    /// assert_eq!(base.join("/api"), "https://app.example/proxy/nano/api");
    /// assert!(BaseUrl::parse("ftp://example.com").is_err());
    /// # Ok::<(), nanogpt_image_controls::Error>(())
    /// ```
    pub fn parse(raw: &str) -> Result<Self, Error> {
        Self::parse_option(raw, "baseUrl")
    }

    /// [`BaseUrl::parse`] of the option `name` (named in the errors).
    fn parse_option(raw: &str, name: &str) -> Result<Self, Error> {
        let bad = |why: &str| Error::InvalidArgument(["option `", name, "` ", why].concat());
        let url = raw.trim_ascii();
        if url.len() > MAX_URL_BYTES {
            return Err(bad("is too long"));
        }
        if !url.bytes().all(markup_safe_url_byte) {
            return Err(bad(
                "contains spaces, control, non-ASCII or quote characters",
            ));
        }
        let (scheme, rest) = crate::text::split_once(url, "://")
            .ok_or_else(|| bad(&["must be an absolute http(s) URL, not \"", url, "\""].concat()))?;
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            "https"
        } else if scheme.eq_ignore_ascii_case("http") {
            "http"
        } else {
            return Err(bad(&[
                "must use http or https, not \"",
                scheme.get(..20).unwrap_or(scheme),
                "\"",
            ]
            .concat()));
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest
            .split_at_checked(end)
            .ok_or_else(|| bad("is malformed"))?;
        if authority.contains('@') {
            return Err(bad("must not contain credentials (`user:password@`)"));
        }
        let host = normalize_authority(scheme, authority)
            .ok_or_else(|| bad(&["has an invalid host \"", authority, "\""].concat()))?;
        if path.contains(['?', '#']) {
            return Err(bad("must not contain a query or fragment"));
        }
        let prefix = path.trim_end_matches('/');
        if prefix
            .split('/')
            .skip(1)
            .any(|s| s.is_empty() || is_dot_segment(s))
        {
            return Err(bad("must not contain empty or dot path segments"));
        }
        Ok(BaseUrl {
            origin: [scheme, "://", &host].concat(),
            prefix: prefix.to_owned(),
        })
    }

    /// [`BaseUrl::parse`], or for a path-absolute URL (`/nanogpt`: a same-origin proxy path) the
    /// URL on `page_origin` (the page's `location.origin`, which must be an `http(s)` origin).
    /// Without one (Node, an opaque origin) a path is refused with [`Error::InvalidArgument`],
    /// as is a scheme-relative `//host/path`.
    ///
    /// ```
    /// use nanogpt_image_controls::http::BaseUrl;
    /// let base = BaseUrl::resolve("/nanogpt", Some("https://app.example"))?;
    /// assert_eq!(base.as_string(), "https://app.example/nanogpt");
    /// assert!(BaseUrl::resolve("/nanogpt", None).is_err());
    /// assert!(BaseUrl::resolve("/nanogpt", Some("null")).is_err());
    /// # Ok::<(), nanogpt_image_controls::Error>(())
    /// ```
    pub fn resolve(raw: &str, page_origin: Option<&str>) -> Result<Self, Error> {
        Self::resolve_option(raw, page_origin, "baseUrl")
    }

    /// [`BaseUrl::resolve`] of the option `name` (named in the errors).
    pub(crate) fn resolve_option(
        raw: &str,
        page_origin: Option<&str>,
        name: &str,
    ) -> Result<Self, Error> {
        let url = raw.trim_ascii();
        if !url.starts_with('/') {
            return Self::parse_option(url, name);
        }
        if url.starts_with("//") {
            return Err(Error::InvalidArgument(
                [
                    "option `",
                    name,
                    "` must not be scheme-relative (`//host/path`): pass an absolute http(s) \
                     URL, or a path starting with a single \"/\"",
                ]
                .concat(),
            ));
        }
        if let Some(origin) = page_origin.and_then(origin_of) {
            return Self::parse_option(&[origin.as_str(), url].concat(), name);
        }
        // Quoted only when it is plain text (the checks of `parse` have not run).
        let shown = if url.len() <= 200 && url.bytes().all(markup_safe_url_byte) {
            [" (\"", url, "\")"].concat()
        } else {
            String::new()
        };
        Err(Error::InvalidArgument(format!(
            "option `{name}` is relative{shown}: a relative base URL needs a page (`location`) \
             with an http(s) origin to resolve against, and there is none here; pass an \
             absolute http(s) URL, e.g. \"https://example.com/nanogpt\""
        )))
    }

    /// `scheme://host[:port]`, lowercased, default port dropped: comparable with `URL.origin`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The base URL itself, without a trailing slash.
    pub fn as_string(&self) -> String {
        [self.origin.as_str(), &self.prefix].concat()
    }

    /// The base URL followed by `path` (which starts with `/`).
    pub fn join(&self, path: &str) -> String {
        [self.origin.as_str(), &self.prefix, path].concat()
    }

    /// The site path to use for a model's `endpoints` value: a plain path (`/api/…`) as is, an
    /// absolute URL only when it is on this origin (its path then). `None` when unusable.
    pub fn site_path(&self, path: &str) -> Option<String> {
        let path = path.trim();
        let path = match split_origin(path) {
            Some((origin, rest)) if origin == self.origin => rest,
            Some(_) => return None,
            None => path,
        };
        let usable = path.starts_with('/')
            && !path.starts_with("//")
            && path.len() <= MAX_URL_BYTES
            && !path.contains('#')
            && path.bytes().all(markup_safe_url_byte)
            && !path.split(['/', '?']).any(is_dot_segment);
        usable.then(|| path.to_owned())
    }

    /// Where a redirect leads, when it stays under this base URL (its origin and path prefix,
    /// with no dot segment that a URL parser would climb out by): the absolute URL to follow.
    /// `None` for a redirect elsewhere, also elsewhere on the same origin (another app behind
    /// the same host), or one that cannot be read.
    pub fn redirect_within(&self, current: &str, location: &str) -> Option<String> {
        self.redirect_target(current, location)
            .filter(|url| self.contains(url))
    }

    /// Whether an absolute URL is on this origin, under the path prefix.
    fn contains(&self, url: &str) -> bool {
        let Some((origin, rest)) = split_origin(url) else {
            return false;
        };
        let path = rest.split(['?', '#']).next().unwrap_or("");
        origin == self.origin
            && path.bytes().all(plain_url_byte)
            && !path.split('/').any(is_dot_segment)
            && (self.prefix.is_empty()
                || path
                    .strip_prefix(self.prefix.as_str())
                    .is_some_and(|tail| tail.is_empty() || tail.starts_with('/')))
    }

    /// The absolute URL a redirect on this origin leads to.
    fn redirect_target(&self, current: &str, location: &str) -> Option<String> {
        let location = location.trim();
        // A URL parser reads `\` as `/` and drops tabs and newlines: such a location could climb
        // out of the prefix where this reading sees none (`x\..\..\evil`, `.<TAB>./`).
        if !location.bytes().all(plain_url_byte) {
            return None;
        }
        if location.starts_with("//") {
            let scheme = crate::text::split_once(&self.origin, "://").map_or("https", |(s, _)| s);
            return self.redirect_target(current, &[scheme, ":", location].concat());
        }
        if let Some((origin, rest)) = split_origin(location) {
            return (origin == self.origin).then(|| [origin.as_str(), rest].concat());
        }
        if crate::text::contains(location, "://") {
            return None;
        }
        let (current_origin, current_path) = split_origin(current)?;
        if current_origin != self.origin {
            return None;
        }
        if location.starts_with('/') {
            return Some([current_origin.as_str(), location].concat());
        }
        let path = current_path.split(['?', '#']).next().unwrap_or("");
        let dir = path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("/");
        Some([current_origin.as_str(), dir, location].concat())
    }
}

/// The origin of an absolute `http(s)` URL, normalized as `URL.origin` does.
///
/// ```
/// use nanogpt_image_controls::http::origin_of;
/// assert_eq!(origin_of("HTTP://LocalHost:80/x?y").as_deref(), Some("http://localhost"));
/// assert_eq!(origin_of("/relative"), None);
/// ```
pub fn origin_of(url: &str) -> Option<String> {
    split_origin(url.trim()).map(|(origin, _)| origin)
}

/// The origin of an absolute `http(s)` URL, normalized, and the rest (path, query).
pub(crate) fn split_origin(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = crate::text::split_once(url, "://")?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else {
        return None;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at_checked(end)?;
    if authority.contains('@') {
        return None;
    }
    let host = normalize_authority(scheme, authority)?;
    Some(([scheme, "://", &host].concat(), tail))
}

/// A byte a URL parser reads as written: visible ASCII other than `\\` (which it reads as `/`;
/// it also drops tabs and newlines).
pub(crate) fn plain_url_byte(b: u8) -> bool {
    (0x21..=0x7e).contains(&b) && b != b'\\'
}

/// [`plain_url_byte`], and none of the characters that end an HTML attribute (`"<>` and the
/// backtick): for URLs that end up in pages.
pub(crate) fn markup_safe_url_byte(b: u8) -> bool {
    plain_url_byte(b) && !matches!(b, b'"' | b'<' | b'>' | b'`')
}

/// A segment a URL parser reads as `.` or `..` (WHATWG URL: `%2e` counts as a dot, in any case,
/// so `.%2e` and `%2E%2e` climb a level as `..` does).
fn is_dot_segment(segment: &str) -> bool {
    [".", "..", "%2e", ".%2e", "%2e.", "%2e%2e"]
        .iter()
        .any(|dots| segment.eq_ignore_ascii_case(dots))
}

/// `host[:port]` or `[ipv6][:port]`, lowercased, with the scheme's default port dropped.
fn normalize_authority(scheme: &str, authority: &str) -> Option<String> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']')?;
        let (host, after) = authority.split_at_checked(close + 1)?;
        let inner = host.get(1..close)?;
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (host, port)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
        {
            return None;
        }
        (host, port)
    };
    let host = host.to_ascii_lowercase();
    let port = match port {
        None | Some("") => None,
        Some(p) => {
            // Read as u64, as the other numbers of the fetch client are (one parser instance).
            let n = u16::try_from(p.parse::<u64>().ok()?).ok()?;
            if p.len() > 5 {
                return None;
            }
            let default = if scheme == "https" { 443 } else { 80 };
            (n != default).then_some(n)
        }
    };
    Some(match port {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// Percent-encodes one path segment: everything but `A-Z a-z 0-9 - . _ ~ : @`.
///
/// ```
/// use nanogpt_image_controls::http::encode_segment;
/// assert_eq!(encode_segment("runware:106@1"), "runware:106@1");
/// assert_eq!(encode_segment("a b?#%"), "a%20b%3F%23%25");
/// ```
pub fn encode_segment(segment: &str) -> String {
    percent_encode(segment, b":@", UPPER_HEX)
}

/// Upper-case hex digits.
pub(crate) const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";
/// Lower-case hex digits.
pub(crate) const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// `text` with every byte percent-encoded (with the `hex` digits) except ASCII letters, digits,
/// `-._~` and the bytes in `keep`.
pub(crate) fn percent_encode(text: &str, keep: &[u8], hex: &[u8; 16]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep.contains(&b)
        {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                out.push(hex.get(usize::from(nibble)).map_or('0', |&h| char::from(h)));
            }
        }
    }
    out
}
