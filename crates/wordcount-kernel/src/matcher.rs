//! One needle under the user's options: the fast exact path, a tokenizing path when the match
//! is case-insensitive or by Unicode words, or a phrase of several tokens.

use std::borrow::Cow;

use super::count::WordCounter;
use super::options::MatchOptions;
use super::phrase::{self, PhraseMatcher};
use super::tokens::{lowercase, lowercase_eq, tokens};

/// A needle prepared once for many rows.
// The exact variant holds memchr's Finder inline (~300 bytes). Boxing it would cost an
// allocation per row when needles come one per row, which is the case this type is built for.
#[allow(clippy::large_enum_variant)]
pub enum NeedleMatcher<'n> {
    /// `text.split().count(needle)`: a byte search with whitespace edges.
    Exact(WordCounter<'n>),
    /// Tokens compared one by one; `needle` is already lowercase when ignoring case.
    Tokenized {
        needle: Cow<'n, str>,
        options: MatchOptions,
    },
    /// A phrase of two tokens or more (`options.phrase`).
    Phrase(PhraseMatcher<'n>),
}

impl<'n> NeedleMatcher<'n> {
    pub fn new(needle: &'n str, options: MatchOptions) -> Self {
        if options.phrase {
            // A phrase of no tokens counts 0, as an empty needle does, and a phrase of one token
            // counts as that token: both take the single-needle paths (the exact one searches
            // whole buffers at once).
            let mut cut: Vec<&'n str> = tokens(needle, options.mode).collect();
            return match cut.len() {
                0 => Self::Exact(WordCounter::new("")),
                1 => Self::new(cut.swap_remove(0), options.per_token()),
                _ => Self::Phrase(PhraseMatcher::new(cut, options)),
            };
        }
        if options.is_exact_whitespace() {
            return Self::Exact(WordCounter::new(needle));
        }
        let needle = if options.ignore_case {
            Cow::Owned(lowercase(needle))
        } else {
            Cow::Borrowed(needle)
        };
        Self::Tokenized { needle, options }
    }

    /// Number of tokens of `text` that match the needle.
    pub fn count(&self, text: &str) -> u64 {
        match self {
            Self::Exact(counter) => counter.count(text),
            Self::Tokenized { needle, options } => tokens(text, options.mode)
                .filter(|t| {
                    if options.ignore_case {
                        lowercase_eq(t, needle)
                    } else {
                        t == needle
                    }
                })
                .count() as u64,
            Self::Phrase(phrase) => phrase.count(text),
        }
    }
}

/// `count` with options, for a needle used once (one needle per row): the exact case skips
/// building a `memmem::Finder` on short rows (see [`super::count::count`]).
pub fn count_with(text: &str, needle: &str, options: MatchOptions) -> u64 {
    if options.is_exact_whitespace() {
        return super::count::count(text, needle);
    }
    if options.phrase && options.per_token().is_exact_whitespace() {
        return phrase::count_exact_once(text, needle);
    }
    NeedleMatcher::new(needle, options).count(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::tests::{adversarial_needle, adversarial_text};
    use crate::options::Mode;
    use crate::whitespace::is_py_whitespace;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// Naive twin: tokenize, lowercase every token and the needle, compare.
    fn naive(text: &str, needle: &str, options: MatchOptions) -> u64 {
        let toks: Vec<&str> = match options.mode {
            Mode::Whitespace => text
                .split(is_py_whitespace)
                .filter(|t| !t.is_empty())
                .collect(),
            Mode::Words => text.unicode_words().collect(),
        };
        let fold = |s: &str| {
            if options.ignore_case {
                s.to_lowercase()
            } else {
                s.to_string()
            }
        };
        toks.iter().filter(|t| fold(t) == fold(needle)).count() as u64
    }

    #[test]
    fn examples() {
        let words = MatchOptions {
            mode: Mode::Words,
            ignore_case: false,
            phrase: false,
        };
        assert_eq!(count_with("(the) the, THE", "the", words), 2);
        assert_eq!(count_with("(the) the, THE", "THE", words), 1);
        assert_eq!(count_with("don't don t", "don't", words), 1);
        let folded = MatchOptions {
            mode: Mode::Whitespace,
            ignore_case: true,
            phrase: false,
        };
        assert_eq!(count_with("ΟΔΟΣ οδος Straße STRASSE", "οδος", folded), 2);
        assert_eq!(count_with("Straße STRASSE", "straße", folded), 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn matches_naive(text in adversarial_text(), needle in adversarial_needle(), which in 0usize..4) {
            let options = MatchOptions::ALL[which];
            prop_assert_eq!(count_with(&text, &needle, options), naive(&text, &needle, options));
        }

        #[test]
        fn matches_naive_with_cased_letters(text in "[aAσΣςİi\u{307} .,'-]{0,30}", needle in "[aAσΣς'İi]{1,3}", which in 0usize..4) {
            let options = MatchOptions::ALL[which];
            prop_assert_eq!(count_with(&text, &needle, options), naive(&text, &needle, options));
        }
    }
}
