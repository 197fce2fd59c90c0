//! Reading image values (input images and masks) without copying their data.
//!
//! An image value is a string — a `data:image/…` URL or an `http(s)` URL — or an object
//! `{url?, dataUrl?, bytes?, type?, name?, width?, height?}` (`dataUrl` wins over `url`).
//! The images control takes an array of them, or a single one.

use crate::json::OwnedValue as Value;

/// What could be read from one image value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ImageInfo<'a> {
    /// The URL that would be sent.
    pub url: &'a str,
    /// Format from the MIME type or file extension (`png`, `jpeg`, …), as written.
    pub format: Option<&'a str>,
    /// Decoded size in bytes, when known.
    pub bytes: Option<u64>,
    /// Width in pixels, when the caller said.
    pub width: Option<f64>,
    /// Height in pixels, when the caller said.
    pub height: Option<f64>,
}

/// Why an image value cannot be used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ImageProblem<'a> {
    /// Not a string or an object.
    WrongType,
    /// Neither a data URL nor an `http(s)` URL.
    NotUrl,
    /// A data URL or `type` whose MIME type is not an image.
    NotImage(&'a str),
}

/// The items of an images value: `None` when there is no value, `Err` when it is not one.
pub(crate) fn items(value: Option<&Value>) -> Result<&[Value], ()> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(Value::String(s)) if s.is_empty() => Ok(&[]),
        Some(single @ (Value::String(_) | Value::Object(_))) => Ok(std::slice::from_ref(single)),
        Some(_) => Err(()),
    }
}

/// Reads one image value.
pub(crate) fn read(value: &Value) -> Result<ImageInfo<'_>, ImageProblem<'_>> {
    match value {
        Value::String(s) => read_url(s),
        Value::Object(obj) => {
            let url = ["dataUrl", "url"]
                .iter()
                .find_map(|k| obj.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()))
                .ok_or(ImageProblem::NotUrl)?;
            let mut info = read_url(url)?;
            if let Some(mime) = obj
                .get("type")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                info.format = Some(mime_format(mime).ok_or(ImageProblem::NotImage(mime))?);
            }
            if info.format.is_none() {
                info.format = obj.get("name").and_then(Value::as_str).and_then(extension);
            }
            if let Some(bytes) = obj.get("bytes").and_then(Value::as_f64) {
                if bytes.is_finite() && bytes >= 0.0 {
                    // Saturating float-to-int cast; sizes beyond u64 are absurd anyway.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let bytes = bytes.ceil() as u64;
                    info.bytes = Some(bytes);
                }
            }
            info.width = obj.get("width").and_then(Value::as_f64);
            info.height = obj.get("height").and_then(Value::as_f64);
            Ok(info)
        }
        _ => Err(ImageProblem::WrongType),
    }
}

/// The URL of an image value, moved out of it (no copy of megabyte data URLs).
pub(crate) fn into_url(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.into_owned()),
        Value::Object(mut obj) => ["dataUrl", "url"].iter().find_map(|k| match obj.remove(k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.into_owned()),
            _ => None,
        }),
        _ => None,
    }
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn read_url(s: &str) -> Result<ImageInfo<'_>, ImageProblem<'_>> {
    let s_trim = s.trim_start();
    if starts_with_ignore_case(s_trim, "data:") {
        let rest = s_trim.get(5..).unwrap_or("");
        let (header, data) = rest.split_once(',').ok_or(ImageProblem::NotUrl)?;
        let mut parts = header.split(';');
        let mime = parts.next().unwrap_or("").trim();
        let base64 = parts.any(|p| p.trim().eq_ignore_ascii_case("base64"));
        let format = mime_format(mime).ok_or(ImageProblem::NotImage(mime))?;
        let bytes = if base64 {
            let len = data.trim_end().len() as u64;
            let padding = data
                .trim_end()
                .bytes()
                .rev()
                .take(2)
                .filter(|b| *b == b'=')
                .count() as u64;
            (len * 3 / 4).saturating_sub(padding)
        } else {
            data.len() as u64
        };
        return Ok(ImageInfo {
            url: s,
            format: Some(format),
            bytes: Some(bytes),
            width: None,
            height: None,
        });
    }
    let after_scheme = if starts_with_ignore_case(s_trim, "https://") {
        s_trim.get(8..)
    } else if starts_with_ignore_case(s_trim, "http://") {
        s_trim.get(7..)
    } else {
        None
    };
    match after_scheme {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') => {
            let path = rest.split(['?', '#']).next().unwrap_or("");
            let format = path.split_once('/').and_then(|(_, p)| extension(p));
            Ok(ImageInfo {
                url: s,
                format,
                bytes: None,
                width: None,
                height: None,
            })
        }
        _ => Err(ImageProblem::NotUrl),
    }
}

/// `image/png` → `png`; `image/svg+xml` → `svg`; `None` for a MIME type that is not an image.
fn mime_format(mime: &str) -> Option<&str> {
    let mime = mime.trim();
    if !starts_with_ignore_case(mime, "image/") {
        return None;
    }
    let sub = mime.get(6..)?;
    let sub = sub.split(['+', ';']).next().unwrap_or(sub).trim();
    (!sub.is_empty()).then_some(sub)
}

/// The file extension of a name or path, when it names an image format.
fn extension(name: &str) -> Option<&str> {
    let (_, ext) = name.rsplit_once('.')?;
    const KNOWN: [&str; 10] = [
        "png", "jpg", "jpeg", "webp", "gif", "avif", "heic", "heif", "bmp", "tiff",
    ];
    KNOWN
        .iter()
        .any(|k| k.eq_ignore_ascii_case(ext))
        .then_some(ext)
}

/// Format names compared case-insensitively, with `jpg` = `jpeg` and `tif` = `tiff`.
pub(crate) fn same_format(a: &str, b: &str) -> bool {
    fn canon(s: &str) -> &str {
        if s.eq_ignore_ascii_case("jpg") {
            "jpeg"
        } else if s.eq_ignore_ascii_case("tif") {
            "tiff"
        } else {
            s
        }
    }
    canon(a).eq_ignore_ascii_case(canon(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_url() {
        let v = json!("data:image/png;base64,AAAAAA==");
        let info = read(&v).unwrap();
        assert_eq!(info.format, Some("png"));
        assert_eq!(info.bytes, Some(4));
        let v = json!("data:image/svg+xml;base64,AAAA");
        assert_eq!(read(&v).unwrap().format, Some("svg"));
        let v = json!("data:text/plain;base64,AAAA");
        assert_eq!(read(&v), Err(ImageProblem::NotImage("text/plain")));
        assert_eq!(read(&json!("data:image/png")), Err(ImageProblem::NotUrl));
    }

    #[test]
    fn http_url() {
        let v = json!("https://x.test/a/cat.JPG?x=1");
        let info = read(&v).unwrap();
        assert_eq!(info.format, Some("JPG"));
        assert_eq!(info.bytes, None);
        assert_eq!(read(&json!("https://x.test/a")).unwrap().format, None);
        assert_eq!(read(&json!("https://x.test")).unwrap().format, None);
        assert_eq!(
            read(&json!("ftp://x.test/a.png")),
            Err(ImageProblem::NotUrl)
        );
        assert_eq!(read(&json!("https://")), Err(ImageProblem::NotUrl));
        assert_eq!(
            read(&json!("javascript:alert(1)")),
            Err(ImageProblem::NotUrl)
        );
        assert_eq!(read(&json!("/relative.png")), Err(ImageProblem::NotUrl));
    }

    #[test]
    fn object() {
        let v = json!({"url": "https://x.test/a", "type": "image/webp", "bytes": 10, "width": 5});
        let info = read(&v).unwrap();
        assert_eq!(
            (info.format, info.bytes, info.width),
            (Some("webp"), Some(10), Some(5.0))
        );
        let v = json!({"dataUrl": "data:image/png;base64,AAAA", "url": "https://x.test/b.gif"});
        assert_eq!(read(&v).unwrap().url, "data:image/png;base64,AAAA");
        let v = json!({"url": "https://x.test/a", "name": "cat.gif"});
        assert_eq!(read(&v).unwrap().format, Some("gif"));
        assert_eq!(read(&json!({"name": "a.png"})), Err(ImageProblem::NotUrl));
        assert_eq!(read(&json!(4)), Err(ImageProblem::WrongType));
        let v = json!({"url": "https://x.test/a", "type": "application/pdf"});
        assert_eq!(read(&v), Err(ImageProblem::NotImage("application/pdf")));
    }

    #[test]
    fn into_url_moves() {
        let v = json!({"dataUrl": "", "url": "https://x.test/a"});
        assert_eq!(into_url(v).as_deref(), Some("https://x.test/a"));
        assert_eq!(
            into_url(json!("data:image/png;base64,AA")).as_deref(),
            Some("data:image/png;base64,AA")
        );
    }

    #[test]
    fn formats() {
        assert!(same_format("JPG", "jpeg"));
        assert!(same_format("png", "PNG"));
        assert!(!same_format("png", "gif"));
    }
}
