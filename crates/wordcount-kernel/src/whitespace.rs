//! Python's whitespace set and the token-boundary rule.
//!
//! Every routine in the kernel decides "is this a token edge?" through this file, so that the
//! contract (`count(text, needle) == text.split().count(needle)`) has exactly one definition of
//! whitespace. Python's `str.split()` with no argument splits on runs of the 29 code points for
//! which `str.isspace()` is true. Rust's `char::is_whitespace` differs: it omits the four
//! information separators U+001C..=U+001F, so it must not be used anywhere in the kernel.

/// The 29 code points Python's `str.split()` treats as whitespace, in code point order.
pub const PY_WHITESPACE: [char; 29] = [
    '\u{09}', '\u{0A}', '\u{0B}', '\u{0C}', '\u{0D}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{1F}',
    '\u{20}', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}',
    '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}',
    '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
];

/// Bit `b` is set when ASCII byte `b` is Python whitespace (0x09..=0x0D, 0x1C..=0x20).
/// A single shift-and-mask keeps the ASCII test branch-free on the hot path.
const ASCII_WHITESPACE_MASK: u128 = (0b1_1111 << 0x09) | (0b1_1111 << 0x1C);

/// True when `c` is whitespace for Python's `str.split()` / `str.isspace()`.
#[inline]
pub fn is_py_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | '\u{1C}'..='\u{20}'
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// True when the ASCII byte `b` is Python whitespace. Bytes >= 0x80 give false.
#[inline]
pub fn is_ascii_py_whitespace(b: u8) -> bool {
    b < 0x80 && (ASCII_WHITESPACE_MASK >> b) & 1 == 1
}

/// True when `s` contains no Python whitespace. A needle must pass this (and be non-empty) to
/// match anything, because a token never contains whitespace.
pub fn has_no_py_whitespace(s: &str) -> bool {
    !s.chars().any(is_py_whitespace)
}

/// True when a token may end just before byte `at` of the row `row`: `at` is the start of the
/// row or the code point before it is whitespace.
///
/// Works on bytes so that a row can be a span of a larger buffer. Only a non-ASCII neighbour is
/// decoded. A row that is not valid UTF-8 around `at` gives false (the candidate is rejected)
/// rather than a panic.
#[inline]
pub fn is_left_edge(row: &[u8], at: usize) -> bool {
    if at == 0 {
        return true;
    }
    let Some(&last) = row.get(at - 1) else {
        return false;
    };
    if last < 0x80 {
        return is_ascii_py_whitespace(last);
    }
    // The code point before `at` starts at the nearest non-continuation byte, at most 4 back.
    let lowest = at.saturating_sub(4);
    let start = (lowest..at)
        .rev()
        .find(|&i| row.get(i).is_some_and(|&b| !is_continuation(b)))
        .unwrap_or(lowest);
    decode_one(row.get(start..at)).is_some_and(is_py_whitespace)
}

/// True when a token may start at byte `at` of the row `row`: `at` is the end of the row or the
/// code point starting there is whitespace.
#[inline]
pub fn is_right_edge(row: &[u8], at: usize) -> bool {
    let Some(&first) = row.get(at) else {
        return at == row.len();
    };
    if first < 0x80 {
        return is_ascii_py_whitespace(first);
    }
    let width = match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    decode_one(row.get(at..(at + width).min(row.len()))).is_some_and(is_py_whitespace)
}

/// True when `needle` is a whole token of `row` at byte `at`: the bytes match and both
/// neighbours are edges.
///
/// A byte loop, not slice `==`: needles are a few bytes, and a `memcmp` call per candidate
/// costs more than the comparison itself.
#[inline(always)]
pub fn is_whole_word_at(row: &[u8], at: usize, needle: &[u8]) -> bool {
    row.get(at..at + needle.len())
        .is_some_and(|bytes| bytes.iter().zip(needle).all(|(a, b)| a == b))
        && is_left_edge(row, at)
        && is_right_edge(row, at + needle.len())
}

/// The UTF-8 length of the Python whitespace code point that starts at `bytes[at]`, or 0 when
/// none does. Only the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 can start a multi-byte one, so
/// every other byte is decided by itself.
#[inline]
pub fn whitespace_len_at(bytes: &[u8], at: usize) -> usize {
    let Some(&lead) = bytes.get(at) else {
        return 0;
    };
    if lead < 0x80 {
        return usize::from(is_ascii_py_whitespace(lead));
    }
    let tail = bytes.get(at + 1..).unwrap_or_default();
    match (lead, tail) {
        (0xC2, [0x85 | 0xA0, ..]) => 2,
        (0xE1, [0x9A, 0x80, ..])
        | (0xE2, [0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..])
        | (0xE2, [0x81, 0x9F, ..])
        | (0xE3, [0x80, 0x80, ..]) => 3,
        _ => 0,
    }
}

/// The tokens of `text.split()`: runs of non-whitespace, found on bytes (no char decoding).
pub fn split_py_whitespace(text: &str) -> PyWhitespaceTokens<'_> {
    PyWhitespaceTokens { text, pos: 0 }
}

/// Iterator of [`split_py_whitespace`].
pub struct PyWhitespaceTokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for PyWhitespaceTokens<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut at = self.pos;
        loop {
            if at >= bytes.len() {
                self.pos = bytes.len();
                return None;
            }
            match whitespace_len_at(bytes, at) {
                0 => break,
                width => at += width,
            }
        }
        let start = at;
        // Continuation bytes never start whitespace, so stepping one byte at a time is exact.
        while at < bytes.len() && whitespace_len_at(bytes, at) == 0 {
            at += 1;
        }
        self.pos = at;
        // Both ends are char boundaries: after a whole whitespace code point, and at the start
        // of one or the end of the text.
        self.text.get(start..at)
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The single code point encoded by `bytes`, if they are exactly one valid UTF-8 code point.
fn decode_one(bytes: Option<&[u8]>) -> Option<char> {
    let mut chars = std::str::from_utf8(bytes?).ok()?.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_29_distinct_sorted_code_points() {
        assert!(PY_WHITESPACE.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(PY_WHITESPACE.len(), 29);
    }

    #[test]
    fn predicate_agrees_with_table_on_every_code_point() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(
                is_py_whitespace(c),
                PY_WHITESPACE.contains(&c),
                "{:#x}",
                c as u32
            );
        }
    }

    #[test]
    fn ascii_mask_agrees_with_predicate() {
        for b in 0..=255u8 {
            let expected = b < 0x80 && is_py_whitespace(b as char);
            assert_eq!(is_ascii_py_whitespace(b), expected, "{b:#x}");
        }
    }

    #[test]
    fn differs_from_rust_whitespace_exactly_on_information_separators() {
        let differ: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_py_whitespace(c) != c.is_whitespace())
            .collect();
        assert_eq!(differ, vec!['\u{1C}', '\u{1D}', '\u{1E}', '\u{1F}']);
    }

    /// Naive twin of the edge tests: decode the whole row and look at the neighbouring char.
    fn naive_edges(row: &str, at: usize) -> (bool, bool) {
        let left = row[..at].chars().next_back().is_none_or(is_py_whitespace);
        let right = row[at..].chars().next().is_none_or(is_py_whitespace);
        (left, right)
    }

    #[test]
    fn edges_agree_with_decoding_at_every_boundary() {
        let mut row = String::new();
        for (i, c) in (0..=0x10FFFFu32).filter_map(char::from_u32).enumerate() {
            if i % 97 == 0 || is_py_whitespace(c) {
                row.push(c);
                row.push('x');
            }
        }
        for at in (0..=row.len()).filter(|&at| row.is_char_boundary(at)) {
            let expected = naive_edges(&row, at);
            assert_eq!(
                (
                    is_left_edge(row.as_bytes(), at),
                    is_right_edge(row.as_bytes(), at)
                ),
                expected,
                "{at}"
            );
        }
    }

    #[test]
    fn whitespace_len_agrees_with_the_predicate_on_every_code_point() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if is_py_whitespace(c) { bytes.len() } else { 0 };
            assert_eq!(whitespace_len_at(bytes, 0), expected, "{:#x}", c as u32);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The byte tokenizer is `str::split` on the predicate, empty pieces dropped.
        #[test]
        fn split_matches_char_split(text in crate::count::tests::adversarial_text()) {
            let naive: Vec<&str> = text.split(is_py_whitespace).filter(|t| !t.is_empty()).collect();
            let fast: Vec<&str> = split_py_whitespace(&text).collect();
            proptest::prop_assert_eq!(fast, naive);
        }

        #[test]
        fn split_matches_char_split_on_any_string(text in "\\PC*") {
            let naive: Vec<&str> = text.split(is_py_whitespace).filter(|t| !t.is_empty()).collect();
            let fast: Vec<&str> = split_py_whitespace(&text).collect();
            proptest::prop_assert_eq!(fast, naive);
        }
    }

    #[test]
    fn look_alikes_are_not_whitespace() {
        for c in ['\u{200B}', '\u{180E}', '\u{FEFF}', '\u{2060}'] {
            assert!(!is_py_whitespace(c));
        }
    }
}
