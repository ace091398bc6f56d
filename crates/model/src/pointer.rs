//! JSON Pointers (RFC 6901): the one place where their reference tokens are escaped and read.

use std::borrow::Cow;

/// A reference token as it appears in a pointer: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// A reference token as its key: `~1` becomes `/`, then `~0` becomes `~` (in that order, so
/// that `~01` reads as `~1`).
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Appends `/` and the escaped `token` to `pointer`.
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&escape(token));
}

/// `pointer` with `/` and the escaped `token` appended.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push(&mut out, token);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_read_back_as_rfc_6901_says() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        // RFC 6901, section 4: "~01" is "~1", not "/".
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(escape("~1"), "~01");
        assert!(matches!(escape("plain"), Cow::Borrowed("plain")));
        assert_eq!(join("/skills", "a/b"), "/skills/a~1b");
        assert_eq!(join("", "0"), "/0");
        for key in ["", "~", "/", "~0", "~1", "a~/b", "//~~"] {
            assert_eq!(unescape(&escape(key)), key);
        }
    }
}
