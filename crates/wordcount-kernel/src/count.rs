//! Whole-word counting of one needle: `text.split().count(needle)` without tokenizing.
//!
//! The needle is searched with `memchr::memmem` and a hit is accepted only where both of its
//! neighbours are Python whitespace or the edge of the row. This never allocates per row and
//! touches each byte of the text about once.

use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};

use memchr::memmem::Finder;

use super::sweep;
use super::whitespace::{has_no_py_whitespace, is_left_edge, is_right_edge, is_whole_word_at};

/// A needle prepared once and searched in many rows.
///
/// A needle that is empty or contains whitespace can never equal a token of `str.split()`, so
/// it is kept as `None` and every row counts 0.
pub struct WordCounter<'n> {
    finder: Option<Finder<'n>>,
    /// Whether the needle turned out to be common in the text, decided once per call on the
    /// first large buffer (see [`Density`]). Shared by the threads of one call.
    density: AtomicU8,
}

/// How a buffer of rows is searched, chosen from how often the needle occurs in it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Density {
    /// Not decided yet: no buffer of [`SAMPLE_BYTES`] has been seen.
    Unknown = 0,
    /// Few substring hits: `memmem` skips between them at close to memchr speed.
    Sparse = 1,
    /// Substring hits every few hundred bytes or more often: sweep every position instead.
    Dense = 2,
}

/// Bytes of the first large buffer searched with `memmem` to decide the [`Density`].
const SAMPLE_BYTES: usize = 64 * 1024;

/// A needle with more substring hits than one per this many bytes is [`Density::Dense`]. At
/// about 30 ns per `memmem` hit and a sweep of about 0.2 ns per byte, the sweep wins from
/// roughly one hit per 150 bytes; the margin keeps rare needles on `memmem`, whose speed on
/// them is close to memchr's.
const DENSE_BYTES_PER_HIT: usize = 256;

/// Average row length from which a common needle is swept rather than searched. On shorter
/// rows the two direct checks per row (first and last position) cost more than `memmem`
/// loses to frequent hits; measured on the benchmark corpora, 37-byte rows are faster with
/// `memmem` and 154-byte rows with the sweep.
const MIN_SWEEP_ROW_BYTES: usize = 128;

/// Buffers (or runs of rows, for Polars views) shorter than this are searched with `memmem`
/// even for a common needle: the sweep classifies the last [`sweep::WIDTH`] positions of a
/// buffer one at a time, which on a short buffer (a lone row of a sorted column) would be most
/// of it.
const MIN_SWEEP_BUFFER_BYTES: usize = 16 * sweep::WIDTH;

impl<'n> WordCounter<'n> {
    pub fn new(needle: &'n str) -> Self {
        let can_match = !needle.is_empty() && has_no_py_whitespace(needle);
        Self {
            finder: can_match.then(|| Finder::new(needle.as_bytes())),
            density: AtomicU8::new(Density::Unknown as u8),
        }
    }

    /// Number of whitespace-separated tokens of `text` equal to the needle.
    #[inline]
    pub fn count(&self, text: &str) -> u64 {
        self.count_bytes(text.as_bytes())
    }

    /// [`count`](Self::count) on the UTF-8 bytes of one row.
    ///
    /// `find_iter` reports non-overlapping hits. Skipping the bytes of a rejected hit loses
    /// nothing: a hit starts on a char boundary, so any later hit starting inside it would have
    /// a needle code point (never whitespace) as its left neighbour and be rejected too.
    #[inline]
    pub fn count_bytes(&self, row: &[u8]) -> u64 {
        let Some(finder) = &self.finder else {
            return 0;
        };
        let len = finder.needle().len();
        if row.len() < len {
            return 0;
        }
        finder
            .find_iter(row)
            .filter(|&start| is_left_edge(row, start) && is_right_edge(row, start + len))
            .count() as u64
    }

    /// A scanner that counts many rows stored one after another in `buffer` with one forward
    /// pass, instead of one search per row; see [`SpanScanner`]. The sweep costs a little per
    /// row, so it is only chosen when `average_row_len` (an estimate is fine) is at least
    /// [`MIN_SWEEP_ROW_BYTES`].
    pub fn scanner<'a>(&'a self, buffer: &'a [u8], average_row_len: usize) -> SpanScanner<'a, 'n> {
        let dense = average_row_len >= MIN_SWEEP_ROW_BYTES
            && buffer.len() >= MIN_SWEEP_BUFFER_BYTES
            && self.density(buffer) == Density::Dense;
        self.scanner_with(buffer, dense)
    }

    /// A [`SpanScanner`] that sweeps (`dense`) or searches with `memmem`; both count the same.
    pub fn scanner_with<'a>(&'a self, buffer: &'a [u8], dense: bool) -> SpanScanner<'a, 'n> {
        let pass = if dense {
            Pass::Sweep(sweep::Windows::default())
        } else {
            Pass::Search {
                searched_from: usize::MAX,
                next_hit: None,
            }
        };
        SpanScanner {
            counter: self,
            buffer,
            pass,
        }
    }

    /// The needle's density, sampled from the first buffer of at least [`SAMPLE_BYTES`]. A
    /// smaller buffer before that is searched with `memmem`, which is never wrong, only slower
    /// on common needles.
    fn density(&self, buffer: &[u8]) -> Density {
        let known = match self.density.load(Ordering::Relaxed) {
            1 => Density::Sparse,
            2 => Density::Dense,
            _ => Density::Unknown,
        };
        let Some(finder) = &self.finder else {
            return Density::Sparse;
        };
        if known != Density::Unknown || !sweep::available() {
            return known;
        }
        let Some(sample) = buffer.get(..SAMPLE_BYTES) else {
            return Density::Unknown;
        };
        let dense_at = SAMPLE_BYTES / DENSE_BYTES_PER_HIT;
        let density = if finder.find_iter(sample).take(dense_at).count() == dense_at {
            Density::Dense
        } else {
            Density::Sparse
        };
        // Threads racing here sample the same kind of text; whichever stores last is as good.
        self.density.store(density as u8, Ordering::Relaxed);
        density
    }
}

/// Counts rows that are spans of one buffer, visited in increasing, non-overlapping order.
///
/// Short rows make a per-row search pay its setup cost every few dozen bytes. Here the buffer
/// itself is searched in one forward pass and each hit is handed to the row that contains it,
/// so the cost is close to a single scan of the buffer.
pub struct SpanScanner<'a, 'n> {
    counter: &'a WordCounter<'n>,
    buffer: &'a [u8],
    pass: Pass,
}

/// The state of a [`SpanScanner`]'s forward pass.
enum Pass {
    /// `memmem` hits, for rare needles. A hit that straddles two rows, or lies in a gap
    /// between rows, belongs to no row: the search restarts at the next row's start, which is
    /// where a hit hidden under the straddling one could begin.
    Search {
        /// Where `next_hit` was searched from; `usize::MAX` before the first search.
        searched_from: usize,
        /// The first hit at or after `searched_from`, `None` when there is none in the buffer.
        next_hit: Option<usize>,
    },
    /// Windows of classified positions, for common needles; see [`sweep::count_rows`].
    Sweep(sweep::Windows),
}

impl SpanScanner<'_, '_> {
    /// [`count_span`](Self::count_span) for a run of rows at once, written to `out` slot by
    /// slot; a `None` span leaves its slot alone (the caller counts that row another way).
    ///
    /// Both passes walk the rows in one loop with the pass's state kept between rows: on short
    /// rows a call per row costs more than the row's bytes. Counts are `u32`, so every span must
    /// be at most `u32::MAX` bytes long (a row that long holds fewer hits than that); longer rows
    /// are counted one by one with [`WordCounter::count_bytes`].
    pub fn count_spans<I>(&mut self, spans: I, out: &mut [u32])
    where
        I: Iterator<Item = Option<Range<usize>>>,
    {
        let Some(finder) = &self.counter.finder else {
            for (span, slot) in spans.zip(out) {
                if span.is_some() {
                    *slot = 0;
                }
            }
            return;
        };
        match &mut self.pass {
            Pass::Search {
                searched_from,
                next_hit,
            } => search_rows(self.buffer, finder, spans, out, searched_from, next_hit),
            Pass::Sweep(windows) => {
                sweep::count_rows(self.buffer, finder.needle(), spans, out, windows);
            }
        }
    }

    /// The count for the row `buffer[start..end]`. Spans must come in increasing order and not
    /// overlap; a span out of order gives a correct count but may search again.
    pub fn count_span(&mut self, start: usize, end: usize) -> u32 {
        let mut count = 0;
        self.count_spans(
            std::iter::once(Some(start..end)),
            std::slice::from_mut(&mut count),
        );
        count
    }
}

/// The search pass of [`SpanScanner::count_spans`]: `memmem` runs ahead through the buffer,
/// and each hit is handed to the row whose span holds it. `next_hit` is the first hit at or
/// after `searched_from` (`None`: none in the rest of the buffer), kept across calls.
///
/// A row that ends before the next hit counts 0 without a search, and once no hit is left every
/// remaining row is set to 0 in a plain loop, so `memmem` runs over the buffer once. A hit
/// that straddles two rows, or lies in a gap between rows, belongs to no row, and the search
/// restarts at the next row's start, where a hit hidden under it could begin. So does a row
/// that starts before the hit last searched from (spans out of order).
#[inline(always)]
fn search_rows<I>(
    buffer: &[u8],
    finder: &Finder<'_>,
    spans: I,
    out: &mut [u32],
    searched_from: &mut usize,
    next_hit: &mut Option<usize>,
) where
    I: Iterator<Item = Option<Range<usize>>>,
{
    let len = finder.needle().len();
    let find_from = |from: usize| {
        buffer
            .get(from..)
            .and_then(|rest| finder.find(rest))
            .map(|i| from + i)
    };
    let mut rows = spans.zip(out);
    while let Some((span, slot)) = rows.next() {
        let Some(Range { start, end }) = span else {
            continue;
        };
        let known = *searched_from <= start && next_hit.is_none_or(|hit| hit >= start);
        if !known {
            *searched_from = start;
            *next_hit = find_from(start);
            if next_hit.is_none() {
                *slot = 0;
                return zero_rest(rows, *searched_from, buffer, finder);
            }
        }
        let mut hits = 0u32;
        while let Some(hit) = next_hit.filter(|&hit| hit + len <= end) {
            if let Some(row) = buffer.get(start..end) {
                let at = hit - start;
                if is_left_edge(row, at) && is_right_edge(row, at + len) {
                    hits = hits.saturating_add(1);
                }
            }
            *searched_from = hit + len;
            *next_hit = find_from(hit + len);
            if next_hit.is_none() {
                *slot = hits;
                return zero_rest(rows, *searched_from, buffer, finder);
            }
        }
        *slot = hits;
    }
}

/// The rest of [`search_rows`] once the buffer holds no hit from `searched_from` on: every row
/// left that starts there or later counts 0. It is reached only where a search comes back
/// empty, so the rows before it cost nothing extra. A row out of order (starting before
/// `searched_from`) is searched on its own.
#[inline(always)]
fn zero_rest<'o, I>(rows: I, searched_from: usize, buffer: &[u8], finder: &Finder<'_>)
where
    I: Iterator<Item = (Option<Range<usize>>, &'o mut u32)>,
{
    let len = finder.needle().len();
    for (span, slot) in rows {
        let Some(span) = span else {
            continue;
        };
        *slot = match buffer.get(span.clone()) {
            Some(row) if span.start < searched_from => finder
                .find_iter(row)
                .filter(|&at| is_left_edge(row, at) && is_right_edge(row, at + len))
                .count()
                .try_into()
                .unwrap_or(u32::MAX),
            _ => 0,
        };
    }
}

/// Rows up to this many bytes are counted without building a `memmem::Finder`, whose setup
/// (a few hundred nanoseconds) costs more than checking every occurrence of the needle's first
/// byte in a short row.
const ONE_SHOT_MAX_BYTES: usize = 512;

/// `text.split().count(needle)`, as Python computes it, for a needle used once: the
/// one-needle-per-row case, where no setup can be shared between rows.
pub fn count(text: &str, needle: &str) -> u64 {
    let (row, bytes) = (text.as_bytes(), needle.as_bytes());
    if row.len() > ONE_SHOT_MAX_BYTES {
        return WordCounter::new(needle).count(text);
    }
    let Some(&first) = bytes.first() else {
        return 0;
    };
    if !has_no_py_whitespace(needle) {
        return 0;
    }
    // Every position is checked on its own: two whole-word hits of one needle never overlap,
    // because the later one's left neighbour would be a (non-whitespace) needle byte.
    memchr::memchr_iter(first, row)
        .filter(|&at| is_whole_word_at(row, at, bytes))
        .count() as u64
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::whitespace::{is_py_whitespace, PY_WHITESPACE};
    use proptest::prelude::*;

    /// The naive twin: tokenize exactly as Python's `str.split()` and compare tokens.
    pub(crate) fn naive_count(text: &str, needle: &str) -> u64 {
        text.split(is_py_whitespace)
            .filter(|t| !t.is_empty() && *t == needle)
            .count() as u64
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
        for dense in [false, true] {
            let mut scan = counter.scanner_with(&buffer, dense);
            let got: Vec<u32> = spans.iter().map(|&(s, e)| scan.count_span(s, e)).collect();
            assert_eq!(got, [0, 1], "dense: {dense}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn scanner_matches_naive_per_row(rows in prop::collection::vec(adversarial_text(), 0..40), gaps in prop::collection::vec(0usize..3, 1..4), needle in adversarial_needle()) {
            let (buffer, spans) = spans_of(&rows, &gaps);
            let counter = WordCounter::new(&needle);
            let expected: Vec<u32> = rows.iter().map(|r| naive_count(r, &needle) as u32).collect();
            for dense in [false, true] {
                let mut scan = counter.scanner_with(&buffer, dense);
                let got: Vec<u32> = spans.iter().map(|&(s, e)| scan.count_span(s, e)).collect();
                prop_assert_eq!(&got, &expected, "dense: {}", dense);
                // The batched form, with every third row left to the caller (its slot untouched).
                let mut batched = vec![u32::MAX; spans.len()];
                let every_third = spans.iter().enumerate().map(|(i, &(s, e))| (i % 3 != 2).then_some(s..e));
                counter.scanner_with(&buffer, dense).count_spans(every_third, &mut batched);
                let expected_batched: Vec<u32> = expected.iter().enumerate().map(|(i, &n)| if i % 3 == 2 { u32::MAX } else { n }).collect();
                prop_assert_eq!(&batched, &expected_batched, "count_spans, dense: {}", dense);
            }
        }

        /// Spans out of order (not how the adapters call it) still count right, row by row.
        #[test]
        fn scanner_matches_naive_on_spans_out_of_order(rows in prop::collection::vec(adversarial_text(), 1..30), needle in adversarial_needle(), seed in any::<u64>()) {
            let (buffer, spans) = spans_of(&rows, &[1]);
            let mut order: Vec<usize> = (0..spans.len()).collect();
            // A deterministic shuffle from the seed (Fisher-Yates on a linear congruential sequence).
            let mut state = seed;
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            let counter = WordCounter::new(&needle);
            let expected: Vec<u32> = order.iter().map(|&i| naive_count(&rows[i], &needle) as u32).collect();
            for dense in [false, true] {
                let mut got = vec![u32::MAX; order.len()];
                let shuffled = order.iter().map(|&i| Some(spans[i].0..spans[i].1));
                counter.scanner_with(&buffer, dense).count_spans(shuffled, &mut got);
                prop_assert_eq!(&got, &expected, "dense: {}", dense);
            }
        }

        #[test]
        fn matches_naive_on_adversarial_text(text in adversarial_text(), needle in adversarial_needle()) {
            prop_assert_eq!(count(&text, &needle), naive_count(&text, &needle));
            prop_assert_eq!(WordCounter::new(&needle).count(&text), naive_count(&text, &needle));
        }

        /// Rows longer than [`ONE_SHOT_MAX_BYTES`] take the `Finder` path of [`count`].
        #[test]
        fn long_rows_match_naive(parts in prop::collection::vec(adversarial_text(), 10..40), needle in adversarial_needle()) {
            let text = parts.join(&needle);
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
