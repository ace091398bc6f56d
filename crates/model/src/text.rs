//! Characters that XML 1.0 cannot carry.
//!
//! JSON can hold any Unicode scalar value in a string; XML 1.0 (section 2.2, production `Char`)
//! cannot hold the C0 control characters other than tab, line feed and carriage return, nor
//! U+FFFE and U+FFFF, not even as character references. A canonical value holding one is a
//! finding (`text.xml-character`), an XML input holding one is refused, and an XML encoder that
//! meets one reports the value as a loss instead of writing a document no parser reads.

/// Whether XML 1.0 allows `c` in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `code` (from a character reference) names a character XML 1.0 allows.
pub fn is_xml_code_point(code: u32) -> bool {
    char::from_u32(code).is_some_and(is_xml_char)
}

/// The first character of `text` that XML 1.0 forbids, with its position in characters
/// (1-based); `None` when every character is allowed.
pub fn first_non_xml_char(text: &str) -> Option<(usize, char)> {
    // Only bytes below 0x20 and the lead byte of U+FFFE/U+FFFF (0xEF) can start a forbidden
    // character in UTF-8: the common case is one pass over the bytes without decoding.
    if !text.bytes().any(|b| b < 0x20 || b == 0xEF) {
        return None;
    }
    text.chars()
        .enumerate()
        .find(|(_, c)| !is_xml_char(*c))
        .map(|(index, c)| (index + 1, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forbidden_characters_are_those_of_xml_1_0() {
        assert_eq!(first_non_xml_char("Jansen\tvan\r\nDam"), None);
        assert_eq!(first_non_xml_char("één loket €"), None);
        assert_eq!(first_non_xml_char("a\u{1}b"), Some((2, '\u{1}')));
        assert_eq!(first_non_xml_char("ab\u{0}"), Some((3, '\u{0}')));
        assert_eq!(first_non_xml_char("x\u{FFFE}"), Some((2, '\u{FFFE}')));
        assert_eq!(first_non_xml_char("\u{FFFF}"), Some((1, '\u{FFFF}')));
        assert_eq!(first_non_xml_char("\u{FFFD}\u{1F600}"), None);
        assert!(!is_xml_code_point(0) && !is_xml_code_point(0x1F) && !is_xml_code_point(0xD800));
        assert!(!is_xml_code_point(0x11_0000) && !is_xml_code_point(0xFFFE));
        assert!(is_xml_code_point(0x9) && is_xml_code_point(0x20) && is_xml_code_point(0x10_FFFF));
        // DEL and the C1 controls are allowed by XML 1.0.
        assert!(is_xml_code_point(0x7F) && is_xml_code_point(0x85));
    }
}
