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
    #[inline]
    pub fn count(&self, text: &str) -> u32 {
        self.count_bytes(text.as_bytes())
    }

    /// [`count`](Self::count) on the UTF-8 bytes of one row.
    ///
    /// `find_iter` reports non-overlapping hits. Skipping the bytes of a rejected hit loses
    /// nothing: a hit starts on a char boundary, so any later hit starting inside it would have
    /// a needle code point (never whitespace) as its left neighbour and be rejected too.
    #[inline]
    pub fn count_bytes(&self, row: &[u8]) -> u32 {
        let Some(finder) = &self.finder else {
            return 0;
        };
        let len = finder.needle().len();
        if row.len() < len {
            return 0;
        }
        let hits = finder
            .find_iter(row)
            .filter(|&start| is_left_edge(row, start) && is_right_edge(row, start + len))
            .count();
        // A row is at most u32::MAX bytes in Arrow string views, so this cannot saturate.
        u32::try_from(hits).unwrap_or(u32::MAX)
    }

    /// A scanner that counts many rows stored one after another in `buffer` with one forward
    /// search, instead of one search per row; see [`SpanScanner`].
    pub fn scanner<'a>(&'a self, buffer: &'a [u8]) -> SpanScanner<'a, 'n> {
        SpanScanner {
            counter: self,
            buffer,
            searched_from: usize::MAX,
            next_hit: None,
        }
    }
}

/// Counts rows that are spans of one buffer, visited in increasing, non-overlapping order.
///
/// Short rows make a per-row search pay its setup cost every few dozen bytes. Here the needle
/// is searched in the buffer itself and each hit is handed to the row that contains it, so the
/// cost is close to a single memchr scan of the buffer. A hit that straddles two rows, or lies
/// in a gap between rows, belongs to no row: the search restarts at the next row's start, which
/// is where a hit hidden under the straddling one could begin.
pub struct SpanScanner<'a, 'n> {
    counter: &'a WordCounter<'n>,
    buffer: &'a [u8],
    /// Where `next_hit` was searched from; `usize::MAX` before the first search.
    searched_from: usize,
    /// The first hit at or after `searched_from`, `None` when there is none in the buffer.
    next_hit: Option<usize>,
}

impl SpanScanner<'_, '_> {
    fn search(&mut self, finder: &Finder<'_>, from: usize) {
        self.searched_from = from;
        self.next_hit = self
            .buffer
            .get(from..)
            .and_then(|rest| finder.find(rest))
            .map(|i| from + i);
    }

    /// The count for the row `buffer[start..end]`. Spans must come in increasing order and not
    /// overlap; a span out of order gives a correct count but may search again.
    pub fn count_span(&mut self, start: usize, end: usize) -> u32 {
        let Some(finder) = &self.counter.finder else {
            return 0;
        };
        let len = finder.needle().len();
        let Some(row) = self.buffer.get(start..end) else {
            return 0;
        };
        if row.len() < len {
            return 0;
        }
        let known = self.searched_from <= start && self.next_hit.is_none_or(|hit| hit >= start);
        if !known {
            self.search(finder, start);
        }
        let mut hits = 0u32;
        while let Some(hit) = self.next_hit.filter(|&hit| hit + len <= end) {
            let at = hit - start;
            if is_left_edge(row, at) && is_right_edge(row, at + len) {
                hits = hits.saturating_add(1);
            }
            self.search(finder, hit + len);
        }
        hits
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

    /// Rows laid out in one buffer with optional gaps between them, as Arrow views may be.
    fn spans_of(rows: &[String], gaps: &[usize]) -> (Vec<u8>, Vec<(usize, usize)>) {
        let mut buffer = Vec::new();
        let mut spans = Vec::new();
        for (row, gap) in rows.iter().zip(gaps.iter().cycle()) {
            buffer.extend(std::iter::repeat_n(b'a', *gap));
            spans.push((buffer.len(), buffer.len() + row.len()));
            buffer.extend_from_slice(row.as_bytes());
        }
        (buffer, spans)
    }

    #[test]
    fn scanner_restarts_after_a_hit_straddling_two_rows() {
        // Buffer "aaa": the first hit "aa" spans both rows and hides the second row's own "aa".
        let rows = ["a".to_string(), "aa".to_string()];
        let (buffer, spans) = spans_of(&rows, &[0]);
        let counter = WordCounter::new("aa");
        let mut scan = counter.scanner(&buffer);
        let got: Vec<u32> = spans.iter().map(|&(s, e)| scan.count_span(s, e)).collect();
        assert_eq!(got, [0, 1]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn scanner_matches_naive_per_row(rows in prop::collection::vec(adversarial_text(), 0..12), gaps in prop::collection::vec(0usize..3, 1..4), needle in adversarial_needle()) {
            let (buffer, spans) = spans_of(&rows, &gaps);
            let counter = WordCounter::new(&needle);
            let mut scan = counter.scanner(&buffer);
            let got: Vec<u32> = spans.iter().map(|&(s, e)| scan.count_span(s, e)).collect();
            let expected: Vec<u32> = rows.iter().map(|r| naive_count(r, &needle)).collect();
            prop_assert_eq!(got, expected);
        }

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
