//! Whole-word counting of one needle: `text.split().count(needle)` without tokenizing.
//!
//! The needle is searched with `memchr::memmem` and a hit is accepted only where both of its
//! neighbours are Python whitespace or the edge of the row. This never allocates per row and
//! touches each byte of the text about once.

use memchr::memmem::Finder;

use super::whitespace::{has_no_py_whitespace, is_left_edge, is_right_edge};

/// A needle prepared once and searched in many rows.
///
/// A needle that is empty or contains whitespace can never equal a token of `str.split()`, so
/// it is kept as `None` and every row counts 0.
pub struct WordCounter<'n> {
    finder: Option<Finder<'n>>,
}

impl<'n> WordCounter<'n> {
    pub fn new(needle: &'n str) -> Self {
        let can_match = !needle.is_empty() && has_no_py_whitespace(needle);
        Self {
            finder: can_match.then(|| Finder::new(needle.as_bytes())),
        }
    }

    /// Number of whitespace-separated tokens of `text` equal to the needle.
    ///
    /// `find_iter` reports non-overlapping hits. Skipping the bytes of a rejected hit loses
    /// nothing: a hit starts on a char boundary, so any later hit starting inside it would have
    /// a needle code point (never whitespace) as its left neighbour and be rejected too.
    #[inline]
    pub fn count(&self, text: &str) -> u32 {
        let Some(finder) = &self.finder else {
            return 0;
        };
        let len = finder.needle().len();
        let hits = finder
            .find_iter(text.as_bytes())
            .filter(|&start| is_left_edge(text, start) && is_right_edge(text, start + len))
            .count();
        // A row is at most u32::MAX bytes in Arrow string views and a token needs at least two
        // bytes (itself and a separator) except the last, so this cannot saturate in practice.
        u32::try_from(hits).unwrap_or(u32::MAX)
    }
}

/// `text.split().count(needle)`, as Python computes it.
pub fn count(text: &str, needle: &str) -> u32 {
    WordCounter::new(needle).count(text)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::kernel::whitespace::{is_py_whitespace, PY_WHITESPACE};
    use proptest::prelude::*;

    /// The naive twin: tokenize exactly as Python's `str.split()` and compare tokens.
    pub(crate) fn naive_count(text: &str, needle: &str) -> u32 {
        text.split(is_py_whitespace)
            .filter(|t| !t.is_empty() && *t == needle)
            .count() as u32
    }

    #[test]
    fn examples_from_the_contract() {
        let cases = [
            ("a a a", "a", 3),
            ("b-a a.", "a", 0),
            ("a\u{1c}a\u{1f}a", "a", 3),
            ("a\u{200b}a a", "a", 1),
            ("", "a", 0),
            ("a", "", 0),
            ("a b", "a b", 0),
            ("aa aaa aa", "aa", 2),
            ("x\u{3000}ß\u{a0}ß", "ß", 2),
            ("Straße straße", "straße", 1),
            ("a", "aaaa", 0),
        ];
        for (text, needle, expected) in cases {
            assert_eq!(count(text, needle), expected, "{text:?} / {needle:?}");
            assert_eq!(
                naive_count(text, needle),
                expected,
                "naive {text:?} / {needle:?}"
            );
        }
    }

    #[test]
    fn every_python_whitespace_separates() {
        for ws in PY_WHITESPACE {
            let text = format!("{ws}a{ws}a{ws}");
            assert_eq!(count(&text, "a"), 2, "{:#x}", ws as u32);
        }
    }

    /// Text drawn from an alphabet that makes hits and near-misses likely: every Python
    /// whitespace, the look-alikes that are not whitespace, multi-byte letters and the needle's
    /// own characters.
    pub(crate) fn adversarial_text() -> impl Strategy<Value = String> {
        let mut alphabet: Vec<char> = PY_WHITESPACE.to_vec();
        alphabet.extend([
            'a', 'b', 'é', 'ß', '中', '😀', '\u{200b}', '\u{feff}', '\u{180e}', '\u{2060}', '.',
            '-',
        ]);
        prop::collection::vec(prop::sample::select(alphabet), 0..40)
            .prop_map(|chars| chars.into_iter().collect())
    }

    pub(crate) fn adversarial_needle() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!['a', 'b', 'é', '中', '😀', ' ', '\u{1c}']),
            0..4,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn matches_naive_on_adversarial_text(text in adversarial_text(), needle in adversarial_needle()) {
            prop_assert_eq!(count(&text, &needle), naive_count(&text, &needle));
        }

        #[test]
        fn matches_naive_on_any_string(text in any::<String>(), needle in "\\PC{0,3}") {
            prop_assert_eq!(count(&text, &needle), naive_count(&text, &needle));
        }

        #[test]
        fn needle_built_from_text_is_found(words in prop::collection::vec("[a-c]{1,3}", 1..10), sep in prop::sample::select(PY_WHITESPACE.to_vec()), pick in 0usize..10) {
            let text = words.join(&sep.to_string());
            let needle = &words[pick % words.len()];
            prop_assert_eq!(count(&text, needle), naive_count(&text, needle));
        }
    }
}
