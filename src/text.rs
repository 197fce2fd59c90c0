//! Substring search over byte windows.
//!
//! `str`'s `find`, `contains`, `split_once` and `replace` with a string pattern link core's
//! Two-Way searcher (≈ 2 KB of wasm; replacing it here: −0.58 KB brotli). What the library searches is short (URLs, content types,
//! error bodies, a catalog value's text), so a plain search serves as well.
//!
//! A match of a whole (valid UTF-8) needle starts and ends on character boundaries, so the
//! offsets are valid string indices.

/// The byte offset of the first `needle` in `hay` (0 for an empty needle).
///
/// Finds each candidate by its first byte and compares the rest in place, without a `memcmp`
/// call per candidate: the catalog scan asks this of every model's `supported_parameters`
/// (`parseCatalog` measured as fast as with core's searcher).
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    let mut from = 0;
    loop {
        let at = from + hay.get(from..)?.iter().position(|&b| b == first)?;
        let after = hay.get(at + 1..)?;
        if after.len() >= rest.len() && after.iter().zip(rest).all(|(a, b)| a == b) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Whether `hay` contains `needle`.
pub(crate) fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `s` split around the first `separator`.
pub(crate) fn split_once<'a>(s: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let at = find(s, separator)?;
    Some((s.get(..at)?, s.get(at + separator.len()..)?))
}

/// `s` with every `from` replaced by `to` (`s` itself for an empty `from`).
pub(crate) fn replace(s: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((before, after)) = split_once(rest, from).filter(|_| !from.is_empty()) {
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The same answers as `str`'s own, on texts with multi-byte characters.
        #[test]
        fn answers_as_str_does(
            hay in "[ab:/é€\u{1F600}]{0,12}",
            needle in "[ab:/é€\u{1F600}]{1,3}",
            to in "[xé]{0,2}",
        ) {
            prop_assert_eq!(find(&hay, &needle), hay.find(needle.as_str()));
            prop_assert_eq!(contains(&hay, &needle), hay.contains(needle.as_str()));
            prop_assert_eq!(split_once(&hay, &needle), hay.split_once(needle.as_str()));
            prop_assert_eq!(replace(&hay, &needle, &to), hay.replace(needle.as_str(), &to));
        }
    }

    #[test]
    fn empty_needles() {
        assert_eq!(find("abc", ""), Some(0));
        assert_eq!(replace("abc", "", "x"), "abc");
        assert_eq!(find("", "a"), None);
        assert_eq!(split_once("a://b", "://"), Some(("a", "b")));
    }
}
