//! The `wc` family: words, lines, chars and bytes of a row, as Python counts them.

use super::whitespace::{is_ascii_py_whitespace, is_py_whitespace};

/// `len(text.split())`: the number of whitespace-separated tokens.
pub fn words(text: &str) -> u64 {
    let mut count = 0u64;
    let mut in_token = false;
    for c in text.chars() {
        let is_space = if c.is_ascii() {
            is_ascii_py_whitespace(c as u8)
        } else {
            is_py_whitespace(c)
        };
        if !is_space && !in_token {
            count += 1;
        }
        in_token = !is_space;
    }
    count
}

/// True for the code points `str.splitlines()` breaks on. `\r\n` is one break, handled by the
/// caller.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `len(text.splitlines())`: line breaks, with `\r\n` as one, plus a last line without a break.
pub fn lines(text: &str) -> u64 {
    let mut count = 0u64;
    let mut chars = text.chars().peekable();
    let mut line_open = false;
    while let Some(c) = chars.next() {
        if is_line_break(c) {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            count += 1;
            line_open = false;
        } else {
            line_open = true;
        }
    }
    count + u64::from(line_open)
}

/// `len(text)`: code points.
pub fn chars(text: &str) -> u64 {
    text.chars().count() as u64
}

/// `len(text.encode())`: UTF-8 bytes.
pub fn bytes(text: &str) -> u64 {
    text.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::tests::adversarial_text;
    use proptest::prelude::*;

    #[test]
    fn lines_like_splitlines() {
        for (text, n) in [
            ("", 0),
            ("a", 1),
            ("a\n", 1),
            ("a\nb", 2),
            ("\n", 1),
            ("\r\n", 1),
            ("\n\n", 2),
            ("a\r\rb", 3),
            ("a\u{2028}b\u{85}", 2),
        ] {
            assert_eq!(lines(text), n, "{text:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn words_is_token_count(text in adversarial_text()) {
            prop_assert_eq!(words(&text) as usize, text.split(is_py_whitespace).filter(|t| !t.is_empty()).count());
        }

        #[test]
        fn chars_and_bytes(text in any::<String>()) {
            prop_assert_eq!(chars(&text) as usize, text.chars().count());
            prop_assert_eq!(bytes(&text) as usize, text.len());
        }

        #[test]
        fn lines_counts_breaks(text in "[a\n\r\u{0b}\u{0c}\u{1c}\u{1d}\u{1e}\u{1f}\u{85}\u{2028}\u{2029} ]{0,20}") {
            // Naive twin: split on every break code point, joining \r\n first.
            let joined = text.replace("\r\n", "\n");
            let pieces: Vec<&str> = joined.split(is_line_break).collect();
            let expected = if joined.is_empty() { 0 } else if joined.ends_with(is_line_break) { pieces.len() - 1 } else { pieces.len() };
            prop_assert_eq!(lines(&text) as usize, expected);
        }
    }
}
