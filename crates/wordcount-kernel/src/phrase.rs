//! Phrases: a needle cut into tokens (`needle.split()`, or its Unicode words), counted where
//! that run of tokens occurs among the row's tokens, overlaps included:
//! `sum(toks[i:i+n] == ph for i in range(len(toks) - n + 1))`.
//!
//! A phrase of no tokens counts 0 (as an empty needle does) and a phrase of one token counts as
//! that token does; [`crate::NeedleMatcher`] sends both to the single-token paths, so the types
//! here see two tokens or more.
//!
//! Under the default options the row is not tokenized. The phrase's longest token (the rarest,
//! as a rule) is searched with `memmem` as a whole word, and each hit is verified by walking the
//! Python whitespace on either side of it and comparing the neighbouring tokens in place. The
//! text may separate tokens with any run of any of the 29 whitespace code points, so the
//! phrase's own bytes ("new york") cannot be searched as one string. Under `ignore_case` or
//! `mode="words"` the row's tokens stream through a Knuth-Morris-Pratt matcher over tokens.

use std::borrow::Cow;

use memchr::memmem::Finder;

use super::options::MatchOptions;
use super::tokens::{for_each_counted_token, lowercase};
use super::whitespace::{
    is_ascii_py_whitespace, is_left_edge, is_right_edge, is_whole_word_at, split_py_whitespace,
    whitespace_len_at,
};

/// A phrase of two tokens or more, prepared once for many rows.
pub struct PhraseMatcher<'n> {
    /// The phrase's tokens, lowercased when ignoring case.
    tokens: Vec<Cow<'n, str>>,
    /// The Knuth-Morris-Pratt table: `fallback[j]` is how many tokens stay matched after a
    /// mismatch (or a hit) following `j + 1` matched tokens.
    fallback: Vec<usize>,
    /// The search for the longest token, for the default options.
    anchor: Option<Anchor<'n>>,
    /// The options each token is compared under (without `phrase`).
    options: MatchOptions,
}

/// The token a row is searched for, and its place in the phrase.
struct Anchor<'n> {
    index: usize,
    finder: Finder<'n>,
}

impl<'n> PhraseMatcher<'n> {
    /// `tokens` are the needle's tokens as `options.mode` cuts them; `options` are compared
    /// per token (their `phrase` flag is ignored).
    pub fn new(tokens: Vec<&'n str>, options: MatchOptions) -> Self {
        let options = options.per_token();
        let anchor = options.is_exact_whitespace().then(|| {
            // The first of the longest tokens; `max_by_key` would keep the last.
            let (index, token) = tokens.iter().enumerate().fold((0, ""), |best, (i, &t)| {
                if t.len() > best.1.len() {
                    (i, t)
                } else {
                    best
                }
            });
            Anchor {
                index,
                finder: Finder::new(token.as_bytes()),
            }
        });
        let tokens: Vec<Cow<'n, str>> = tokens
            .into_iter()
            .map(|t| {
                if options.ignore_case {
                    Cow::Owned(lowercase(t))
                } else {
                    Cow::Borrowed(t)
                }
            })
            .collect();
        let fallback = kmp_table(&tokens);
        Self {
            tokens,
            fallback,
            anchor,
            options,
        }
    }

    /// Occurrences of the phrase among the tokens of `text`, overlapping ones included.
    pub fn count(&self, text: &str) -> u64 {
        if self.tokens.is_empty() {
            return 0;
        }
        match &self.anchor {
            Some(anchor) => self.count_anchored(text.as_bytes(), anchor),
            None => self.count_streamed(text),
        }
    }

    /// Every whole-word hit of the anchor token whose neighbours are the rest of the phrase.
    /// `find_iter` skips the bytes of each hit, which loses nothing: two whole-word hits of one
    /// token never overlap (see `WordCounter::count_bytes`).
    fn count_anchored(&self, row: &[u8], anchor: &Anchor<'_>) -> u64 {
        let len = anchor.finder.needle().len();
        let (before, after) = match self.tokens.split_at_checked(anchor.index) {
            Some((before, [_, after @ ..])) => (before, after),
            _ => return 0,
        };
        anchor
            .finder
            .find_iter(row)
            .filter(|&at| {
                is_left_edge(row, at)
                    && is_right_edge(row, at + len)
                    && followed_by(row, at + len, after.iter().map(AsRef::as_ref))
                    && preceded_by(row, at, before.iter().rev().map(AsRef::as_ref))
            })
            .count() as u64
    }

    /// Knuth-Morris-Pratt over the row's counted tokens: each token is compared a bounded
    /// number of times, and no token is kept.
    fn count_streamed(&self, text: &str) -> u64 {
        let n = self.tokens.len();
        let (mut matched, mut hits) = (0usize, 0u64);
        for_each_counted_token(text, self.options, |token| {
            let token = token.as_ref();
            loop {
                if self.tokens.get(matched).is_some_and(|t| t == token) {
                    matched += 1;
                    break;
                }
                if matched == 0 {
                    break;
                }
                matched = self.fallback.get(matched - 1).copied().unwrap_or(0);
            }
            if matched == n {
                hits += 1;
                matched = self.fallback.get(n - 1).copied().unwrap_or(0);
            }
        });
        hits
    }
}

/// The Knuth-Morris-Pratt failure function over tokens: `table[j]` is the length of the longest
/// proper prefix of `tokens[..=j]` that is also a suffix of it.
fn kmp_table<T: PartialEq>(tokens: &[T]) -> Vec<usize> {
    let mut table = vec![0usize; tokens.len()];
    let mut k = 0;
    for j in 1..tokens.len() {
        while k > 0 && tokens.get(j) != tokens.get(k) {
            k = table.get(k - 1).copied().unwrap_or(0);
        }
        if tokens.get(j) == tokens.get(k) {
            k += 1;
        }
        if let Some(slot) = table.get_mut(j) {
            *slot = k;
        }
    }
    table
}

/// True when the tokens of `rest` follow one another in `row` from byte `at`, each after a run
/// of whitespace. `at` is a right edge: the end of the row, or whitespace.
#[inline]
fn followed_by<'a>(row: &[u8], mut at: usize, rest: impl Iterator<Item = &'a str>) -> bool {
    for token in rest {
        loop {
            match whitespace_len_at(row, at) {
                0 => break,
                width => at += width,
            }
        }
        // After the run, `at` is the end of the row (no token fits) or a token's first byte.
        if !is_whole_word_at(row, at, token.as_bytes()) {
            return false;
        }
        at += token.len();
    }
    true
}

/// True when the tokens of `rest` (nearest first) precede byte `at` of `row`, each before a
/// run of whitespace. `at` is a left edge: the start of the row, or just after whitespace.
#[inline]
fn preceded_by<'a>(row: &[u8], mut at: usize, rest: impl Iterator<Item = &'a str>) -> bool {
    for token in rest {
        at = whitespace_run_start(row, at);
        let Some(start) = at.checked_sub(token.len()) else {
            return false;
        };
        if !is_whole_word_at(row, start, token.as_bytes()) {
            return false;
        }
        at = start;
    }
    true
}

/// Where the run of Python whitespace that ends at byte `at` of `row` starts (`at` itself when
/// none ends there). Python's multi-byte whitespace is two bytes (lead 0xC2) or three (lead
/// 0xE1, 0xE2 or 0xE3); a lead byte is never a continuation byte, so reading the code point
/// that ends at `at` from its lead, two or three bytes back, is unambiguous in valid UTF-8.
#[inline]
fn whitespace_run_start(row: &[u8], mut at: usize) -> usize {
    loop {
        let Some(&last) = at.checked_sub(1).and_then(|i| row.get(i)) else {
            return at;
        };
        if last < 0x80 {
            if !is_ascii_py_whitespace(last) {
                return at;
            }
            at -= 1;
        } else if at >= 2 && whitespace_len_at(row, at - 2) == 2 {
            at -= 2;
        } else if at >= 3 && whitespace_len_at(row, at - 3) == 3 {
            at -= 3;
        } else {
            return at;
        }
    }
}

/// Rows up to this many bytes are searched for a one-off phrase's first token without building
/// a `memmem::Finder` (as [`crate::count::count`] does for a single needle).
const ONE_SHOT_MAX_BYTES: usize = 512;

/// The phrase count of a needle used once (one needle per row) under the default options,
/// with no allocation: the first token is searched, the rest verified in place.
pub(crate) fn count_exact_once(text: &str, needle: &str) -> u64 {
    let mut tokens = split_py_whitespace(needle);
    let Some(first) = tokens.next() else {
        return 0;
    };
    if tokens.next().is_none() {
        return super::count::count(text, first);
    }
    let row = text.as_bytes();
    let len = first.len();
    let rest = || split_py_whitespace(needle).skip(1);
    if row.len() > ONE_SHOT_MAX_BYTES {
        return Finder::new(first.as_bytes())
            .find_iter(row)
            .filter(|&at| {
                is_left_edge(row, at)
                    && is_right_edge(row, at + len)
                    && followed_by(row, at + len, rest())
            })
            .count() as u64;
    }
    let Some(&lead) = first.as_bytes().first() else {
        return 0;
    };
    memchr::memchr_iter(lead, row)
        .filter(|&at| {
            is_whole_word_at(row, at, first.as_bytes()) && followed_by(row, at + len, rest())
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::tests::adversarial_text;
    use crate::matcher::{count_with, NeedleMatcher};
    use crate::options::Mode;
    use crate::tokens::tokens;
    use crate::whitespace::PY_WHITESPACE;
    use proptest::prelude::*;

    /// The naive twin, the definition itself: cut both, lowercase both when ignoring case, and
    /// compare every window of the row's tokens with the phrase.
    pub(crate) fn naive(text: &str, needle: &str, options: MatchOptions) -> u64 {
        let cut = |s: &str| -> Vec<String> {
            tokens(s, options.mode)
                .map(|t| {
                    if options.ignore_case {
                        t.to_lowercase()
                    } else {
                        t.to_string()
                    }
                })
                .collect()
        };
        let (toks, phrase) = (cut(text), cut(needle));
        if phrase.is_empty() || phrase.len() > toks.len() {
            return 0;
        }
        toks.windows(phrase.len()).filter(|w| *w == phrase).count() as u64
    }

    fn phrase_options(base: MatchOptions) -> MatchOptions {
        MatchOptions {
            phrase: true,
            ..base
        }
    }

    /// Both ways of counting under `options`: prepared once, and used once.
    fn both(text: &str, needle: &str, options: MatchOptions) -> (u64, u64) {
        (
            NeedleMatcher::new(needle, options).count(text),
            count_with(text, needle, options),
        )
    }

    #[test]
    fn examples() {
        let exact = phrase_options(MatchOptions::default());
        let cases = [
            ("new york, new york", "new york", 1),
            ("new york new york", "new york", 2),
            ("new\t york\u{3000}new\u{1c}york", "new york", 2),
            ("a a a", "a a", 2),
            ("a a a a", "a  a\ta", 2),
            ("newyork new  york", "new york", 1),
            ("anew york", "new york", 0),
            ("new yorker", "new york", 0),
            ("out of memory: out of memory", "out of memory", 1),
            ("x y", "", 0),
            ("x y", " \t ", 0),
            ("x y x", " x ", 2),
            ("东京 ß 东京 ß", "ß 东京", 1),
            ("of the of the", "the of", 1),
        ];
        for (text, needle, expected) in cases {
            assert_eq!(
                naive(text, needle, exact),
                expected,
                "naive {text:?} / {needle:?}"
            );
            assert_eq!(
                both(text, needle, exact),
                (expected, expected),
                "{text:?} / {needle:?}"
            );
        }
        let folded = phrase_options(MatchOptions::ALL[1]);
        assert_eq!(both("New YORK new york", "NEW York", folded), (2, 2));
        let words = phrase_options(MatchOptions::ALL[2]);
        assert_eq!(
            both("(new york), e-mail!", "new, york e mail", words),
            (1, 1)
        );
        assert_eq!(both("(new york), e-mail!", "york mail", words), (0, 0));
        assert_eq!(both("(new york), e-mail!", "york e-mail", words), (1, 1));
    }

    #[test]
    fn the_anchor_is_the_longest_token() {
        let matcher = PhraseMatcher::new(vec!["a", "bcd", "ef", "bcd"], MatchOptions::default());
        assert_eq!(matcher.anchor.as_ref().map(|a| a.index), Some(1));
        assert_eq!(matcher.count("a bcd ef bcd ef bcd"), 1);
    }

    #[test]
    fn whitespace_runs_are_walked_both_ways_over_every_whitespace() {
        let exact = phrase_options(MatchOptions::default());
        for ws in PY_WHITESPACE {
            let text = format!("{ws}x{ws}{ws}longest{ws}y{ws}ab{ws}");
            assert_eq!(
                both(&text, "x longest y", exact),
                (1, 1),
                "{:#x}",
                ws as u32
            );
            assert_eq!(
                both(&text, "longest y ab", exact),
                (1, 1),
                "{:#x}",
                ws as u32
            );
        }
    }

    #[test]
    fn kmp_table_of_repeating_tokens() {
        assert_eq!(kmp_table(&["a", "b", "a", "b", "c"]), [0, 0, 1, 2, 0]);
        assert_eq!(kmp_table(&["a", "a", "a"]), [0, 1, 2]);
    }

    /// Needles made of the text's own characters, and of whitespace, so that phrases of one,
    /// two and three tokens (and none) are drawn.
    fn phrase_needle() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                'a', 'b', 'é', '中', ' ', ' ', '\u{1c}', '\u{3000}', '.',
            ]),
            0..8,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    /// Rows made of the needle's tokens and look-alikes, joined by any whitespace, so hits and
    /// near misses are common.
    fn rows_of_tokens() -> impl Strategy<Value = String> {
        let token = prop::sample::select(vec!["a", "b", "ab", "a.", "é", "中", "A", "É"]);
        let sep = prop::sample::select(PY_WHITESPACE.to_vec());
        prop::collection::vec((token, sep, any::<bool>()), 0..16).prop_map(|parts| {
            let mut row = String::new();
            for (token, sep, double) in parts {
                row.push_str(token);
                row.push(sep);
                if double {
                    row.push(sep);
                }
            }
            row
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn matches_naive_on_adversarial_text(text in adversarial_text(), needle in phrase_needle(), which in 0usize..4) {
            let options = phrase_options(MatchOptions::ALL[which]);
            let expected = naive(&text, &needle, options);
            prop_assert_eq!(both(&text, &needle, options), (expected, expected));
        }

        #[test]
        fn matches_naive_on_token_rows(text in rows_of_tokens(), needle in phrase_needle(), which in 0usize..4) {
            let options = phrase_options(MatchOptions::ALL[which]);
            let expected = naive(&text, &needle, options);
            prop_assert_eq!(both(&text, &needle, options), (expected, expected));
        }

        /// A needle built from the row's own tokens, so that most draws hit; rows long enough
        /// for the one-off count's `Finder` path.
        #[test]
        fn phrases_taken_from_the_row(text in rows_of_tokens(), start in 0usize..16, len in 1usize..4, repeat in 1usize..40, which in 0usize..4) {
            let text = text.repeat(repeat);
            let toks: Vec<&str> = tokens(&text, Mode::Whitespace).collect();
            let needle = toks.iter().skip(start % toks.len().max(1)).take(len).copied().collect::<Vec<_>>().join(" ");
            let options = phrase_options(MatchOptions::ALL[which]);
            let expected = naive(&text, &needle, options);
            prop_assert_eq!(both(&text, &needle, options), (expected, expected));
        }

        /// A phrase of one token counts as the plain count of that token.
        #[test]
        fn one_token_is_the_plain_count(text in adversarial_text(), token in "[abé中.]{1,3}", pad in prop::sample::select(PY_WHITESPACE.to_vec()), which in 0usize..4) {
            let options = MatchOptions::ALL[which];
            let needle = format!("{pad}{token}{pad}");
            let cut: Vec<&str> = tokens(&needle, options.mode).collect();
            if let [only] = cut.as_slice() {
                let plain = count_with(&text, only, options);
                prop_assert_eq!(both(&text, &needle, phrase_options(options)), (plain, plain));
            }
        }
    }
}
