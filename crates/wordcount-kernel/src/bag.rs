//! One row at a time: its tokens in order (`split`) and its bag of words (`frequencies`).
//!
//! - [`for_each_token`] is `text.split()` in `Mode::Whitespace` and the Unicode words of
//!   [`crate::tokens::tokens`] in `Mode::Words`: the same cut as every count uses.
//! - [`BagOfWords`] counts a row's tokens as `count` counts them (lowercased with
//!   `ignore_case`, the spelling `top_words` reports) and orders them by count descending, then
//!   word ascending in code point order, as `top_words` does for a whole column.

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

use super::options::{MatchOptions, Mode};
use super::tokens::for_each_counted_token;
use super::whitespace::whitespace_len_at;

/// Calls `f` with every token of `text` under `mode`, in order. Each mode has its own loop, so
/// `f` is inlined into both and no iterator is boxed.
#[inline]
pub fn for_each_token<'t>(text: &'t str, mode: Mode, f: impl FnMut(&'t str)) {
    match mode {
        Mode::Whitespace => for_each_py_token(text, f),
        Mode::Words => text.unicode_words().for_each(f),
    }
}

/// The tokens of `text.split()`, as [`split_py_whitespace`] yields them, in a loop that steps
/// over printable ASCII (0x21..=0x7E, which is never whitespace) eight bytes at a time, and one
/// at a time near the end of the text, and asks [`whitespace_len_at`] only about the other
/// bytes. A token's end is then found without a branch per byte, whose misprediction at every
/// token's end `perf` showed as most of `split`'s tokenizing.
#[inline]
fn for_each_py_token<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        // Whitespace before the token.
        loop {
            match whitespace_len_at(bytes, at) {
                0 => break,
                width => at += width,
            }
        }
        if at >= bytes.len() {
            return;
        }
        let start = at;
        at += 1;
        loop {
            if let Some(&eight) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
                let others = not_printable_ascii(u64::from_le_bytes(eight));
                if others == 0 {
                    at += 8;
                    continue;
                }
                // Little-endian: the lowest flagged lane is the first such byte.
                at += (others.trailing_zeros() / 8) as usize;
            }
            // Continuation bytes never start whitespace, so stepping one byte at a time is
            // exact.
            match bytes.get(at) {
                Some(&b) if b.wrapping_sub(0x21) < 0x5E || whitespace_len_at(bytes, at) == 0 => {
                    at += 1;
                }
                _ => break,
            }
        }
        // Both ends are char boundaries: after a whole whitespace code point (or the start),
        // and at the start of one or the end of the text.
        if let Some(token) = text.get(start..at) {
            f(token);
        }
    }
}

/// The high bit of each byte of `word` that is not printable ASCII (0x21..=0x7E), the only
/// bytes that may start whitespace; every other bit clear. Each lane is computed on its own
/// seven low bits, so no carry crosses into the next.
#[inline(always)]
fn not_printable_ascii(word: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    let at_least_0x21 = low + 0x5F5F_5F5F_5F5F_5F5F;
    let at_least_0x7f = low + 0x0101_0101_0101_0101;
    (!at_least_0x21 | at_least_0x7f | word) & HIGH
}

/// Rows with more tokens than this are counted in a hash map, fewer by sorting the tokens.
const SORT_AT_MOST: usize = 128;

/// A row's bag of words, with buffers kept from one row to the next so that a column of short
/// rows allocates only when a row has more tokens than any before it.
///
/// Short rows (a handful of tokens, far the most common) are sorted and counted in runs: a sort
/// of a few borrowed slices costs less than hashing each one, and it leaves the words in the
/// order the ties need. A long row repeats its words, so it is hashed (foldhash, as
/// [`crate::WordTally`]) and only the distinct words are sorted: on documents of ~20 KB that
/// was 2x faster than sorting every token.
#[derive(Default)]
pub struct BagOfWords<'t> {
    tokens: Vec<Cow<'t, str>>,
    counts: HashMap<Cow<'t, str>, u64, foldhash::fast::RandomState>,
    entries: Vec<(Cow<'t, str>, u64)>,
}

impl<'t> BagOfWords<'t> {
    /// The distinct tokens of `text` under `options` with their counts, by count descending,
    /// then word ascending (code point order, as Python compares `str`).
    pub fn of_row(&mut self, text: &'t str, options: MatchOptions) -> &[(Cow<'t, str>, u64)] {
        self.tokens.clear();
        self.entries.clear();
        let tokens = &mut self.tokens;
        if options.is_exact_whitespace() {
            for_each_py_token(text, |token| tokens.push(Cow::Borrowed(token)));
        } else {
            for_each_counted_token(text, options, |token| tokens.push(token));
        }
        if self.tokens.len() <= SORT_AT_MOST {
            // UTF-8 bytes compare in code point order, so `str`'s `Ord` is Python's.
            self.tokens.sort_unstable();
            for token in self.tokens.drain(..) {
                match self.entries.last_mut() {
                    Some((word, n)) if *word == token => *n += 1,
                    _ => self.entries.push((token, 1)),
                }
            }
            // Stable: equal counts keep the ascending word order of the runs.
            self.entries.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        } else {
            for token in self.tokens.drain(..) {
                *self.counts.entry(token).or_insert(0) += 1;
            }
            self.entries.extend(self.counts.drain());
            self.entries
                .sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::tests::adversarial_text;
    use crate::whitespace::is_py_whitespace;
    use proptest::prelude::*;

    /// Naive twin of the whitespace split: `str::split` on the predicate, empty pieces dropped.
    fn naive_split(text: &str) -> Vec<&str> {
        text.split(is_py_whitespace)
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn split(text: &str, mode: Mode) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_token(text, mode, |t| out.push(t));
        out
    }

    /// Naive twin of a bag of words: a hash map of owned tokens, then a full sort by
    /// (count descending, word ascending).
    fn naive_frequencies(text: &str, options: MatchOptions) -> Vec<(String, u64)> {
        let mut counts: HashMap<String, u64> = HashMap::new();
        for token in split(text, options.mode) {
            let token = if options.ignore_case {
                token.to_lowercase()
            } else {
                token.to_string()
            };
            *counts.entry(token).or_insert(0) += 1;
        }
        let mut entries: Vec<(String, u64)> = counts.into_iter().collect();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        entries
    }

    fn frequencies(text: &str, options: MatchOptions) -> Vec<(String, u64)> {
        BagOfWords::default()
            .of_row(text, options)
            .iter()
            .map(|(w, n)| (w.to_string(), *n))
            .collect()
    }

    #[test]
    fn split_is_python_split_and_words_are_unicode_words() {
        assert_eq!(
            split("\u{1c}a\u{3000}b  c\u{200b}d ", Mode::Whitespace),
            ["a", "b", "c\u{200b}d"]
        );
        assert_eq!(
            split("(the) don't e-mail", Mode::Words),
            ["the", "don't", "e", "mail"]
        );
        assert!(split("", Mode::Whitespace).is_empty());
    }

    #[test]
    fn frequencies_order_by_count_then_word_and_fold_case() {
        let got = frequencies("b a c b a B", MatchOptions::default());
        let expected = [("a", 2), ("b", 2), ("B", 1), ("c", 1)].map(|(w, n)| (w.to_string(), n));
        assert_eq!(got, expected);
        let folded = MatchOptions {
            mode: Mode::Whitespace,
            ignore_case: true,
            ..MatchOptions::default()
        };
        let expected = [("b", 3), ("a", 2), ("c", 1)].map(|(w, n)| (w.to_string(), n));
        assert_eq!(frequencies("b a c b a B", folded), expected);
        assert_eq!(frequencies("ΟΔΟΣ οδος", folded), [("οδος".to_string(), 2)]);
    }

    #[test]
    fn buffers_are_reused_without_leaking_between_rows() {
        let mut bag = BagOfWords::default();
        let options = MatchOptions::default();
        assert_eq!(bag.of_row("x y x", options).len(), 2);
        assert!(bag.of_row("  ", options).is_empty());
        let last: Vec<(String, u64)> = bag
            .of_row("z", options)
            .iter()
            .map(|(w, n)| (w.to_string(), *n))
            .collect();
        assert_eq!(last, [("z".to_string(), 1)]);
    }

    /// Every byte value in every lane, next to lanes that would carry or borrow into it.
    #[test]
    fn not_printable_ascii_flags_exactly_the_other_bytes() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                for fill in [0x00u8, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xFF] {
                    let mut eight = [fill; 8];
                    eight[lane] = b;
                    let flags = not_printable_ascii(u64::from_le_bytes(eight)).to_le_bytes();
                    for (i, (&byte, &flag)) in eight.iter().zip(&flags).enumerate() {
                        let other = !(0x21..=0x7E).contains(&byte);
                        assert_eq!(flag, if other { 0x80 } else { 0 }, "{eight:?} lane {i}");
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Mostly printable ASCII, so that the eight-byte steps run, broken at every offset by
        /// whitespace (one and several bytes), non-ASCII letters, DEL and other controls.
        #[test]
        fn split_matches_naive_on_ascii_runs(text in "[a-z~!]{0,20}([\t \x1c\x1f\x7f\x00\u{85}\u{a0}\u{3000}\u{2009}é東🙂]{0,2}[a-z~!]{0,20}){0,6}") {
            prop_assert_eq!(split(&text, Mode::Whitespace), naive_split(&text));
        }

        #[test]
        fn split_matches_naive_on_any_string(text in "\\PC*") {
            prop_assert_eq!(split(&text, Mode::Whitespace), naive_split(&text));
        }

        #[test]
        fn split_matches_naive(text in adversarial_text()) {
            prop_assert_eq!(split(&text, Mode::Whitespace), naive_split(&text));
            let iterated: Vec<&str> = crate::whitespace::split_py_whitespace(&text).collect();
            prop_assert_eq!(split(&text, Mode::Whitespace), iterated);
            let words: Vec<&str> = crate::tokens::tokens(&text, Mode::Words).collect();
            prop_assert_eq!(split(&text, Mode::Words), words);
        }

        /// Rows long enough for the hash map, from few words so that counts run high.
        #[test]
        fn long_rows_match_naive(words in prop::collection::vec(prop::sample::select(vec!["a", "b", "A", "é", "É", "ΣΑΣ", "σας", "中", "a.b"]), 0..400), separators in prop::collection::vec(prop::sample::select(crate::whitespace::PY_WHITESPACE.to_vec()), 1..8)) {
            let row: String = words.iter().zip(separators.iter().cycle()).map(|(w, s)| format!("{w}{s}")).collect();
            let mut bag = BagOfWords::default();
            for options in MatchOptions::ALL {
                let got: Vec<(String, u64)> =
                    bag.of_row(&row, options).iter().map(|(w, n)| (w.to_string(), *n)).collect();
                prop_assert_eq!(got, naive_frequencies(&row, options), "{:?}", options);
            }
        }

        #[test]
        fn frequencies_match_naive(rows in prop::collection::vec(adversarial_text(), 1..4)) {
            // One bag reused over several rows, as the engine uses it.
            let mut bag = BagOfWords::default();
            for row in &rows {
                for options in MatchOptions::ALL {
                    let got: Vec<(String, u64)> =
                        bag.of_row(row, options).iter().map(|(w, n)| (w.to_string(), *n)).collect();
                    prop_assert_eq!(got, naive_frequencies(row, options), "{:?}", options);
                }
            }
        }
    }
}
