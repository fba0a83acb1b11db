//! Tokenizers and case folding for the options beyond the default exact count: `mode="words"`
//! (UAX #29 words) and `ignore_case=True` (Python's `str.lower`).
//!
//! The default path (`count.rs`) never tokenizes; these routines do, because a case-folded or
//! word-segmented match cannot be found by a byte search alone.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::options::{MatchOptions, Mode};
use super::whitespace::split_py_whitespace;

/// The tokens of `text` under `mode`, in order.
pub fn tokens(text: &str, mode: Mode) -> Box<dyn Iterator<Item = &str> + '_> {
    match mode {
        Mode::Whitespace => Box::new(split_py_whitespace(text)),
        Mode::Words => Box::new(text.unicode_words()),
    }
}

/// Calls `f` with every token of `text` as it is counted under `options`: cut by
/// `options.mode`, and lowercased when ignoring case (borrowed from `text` whenever that changes
/// nothing).
///
/// The default options take a branch of their own, with no boxed iterator and no case check per
/// token, and `f` is inlined into each branch: `count_many` and `top_words` spend most of their
/// time here (an iterator chaining the two branches measured a third slower).
#[inline]
pub fn for_each_counted_token<'t>(
    text: &'t str,
    options: MatchOptions,
    mut f: impl FnMut(Cow<'t, str>),
) {
    if options.is_exact_whitespace() {
        split_py_whitespace(text).for_each(|token| f(Cow::Borrowed(token)));
    } else {
        tokens(text, options.mode).for_each(|token| f(normalized(token, options.ignore_case)));
    }
}

/// Python's `str.lower()`: full case mappings and the final-sigma rule, which Rust's
/// `str::to_lowercase` implements the same way. ASCII text takes a copy-free comparison path in
/// [`lowercase_eq`], so this is only reached for non-ASCII tokens.
pub fn lowercase(text: &str) -> String {
    text.to_lowercase()
}

/// True when `token.lower() == lowered_needle`, where `lowered_needle` is already lowercase.
#[inline]
pub fn lowercase_eq(token: &str, lowered_needle: &str) -> bool {
    if token.is_ascii() {
        // ASCII lowercases byte by byte and stays ASCII, so lengths must agree.
        token.len() == lowered_needle.len()
            && token
                .bytes()
                .zip(lowered_needle.bytes())
                .all(|(t, n)| t.to_ascii_lowercase() == n)
    } else {
        token.to_lowercase() == lowered_needle
    }
}

/// A token of `text` as it is counted: itself, or its lowercase when ignoring case.
pub fn normalized(token: &str, ignore_case: bool) -> Cow<'_, str> {
    if ignore_case && token.chars().any(|c| c.is_uppercase() || !c.is_ascii()) {
        Cow::Owned(lowercase(token))
    } else {
        Cow::Borrowed(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mode_follows_uax29() {
        let words: Vec<&str> = tokens("(the) the, THE don't e-mail", Mode::Words).collect();
        assert_eq!(words, ["the", "the", "THE", "don't", "e", "mail"]);
    }

    #[test]
    fn whitespace_mode_is_str_split() {
        let toks: Vec<&str> = tokens("\u{1c}a\u{3000}b  c\u{200b}d ", Mode::Whitespace).collect();
        assert_eq!(toks, ["a", "b", "c\u{200b}d"]);
    }

    #[test]
    fn lowercase_has_final_sigma_and_full_mappings() {
        assert_eq!(lowercase("ΟΔΟΣ"), "οδος");
        assert_eq!(lowercase("İ"), "i\u{307}");
        assert!(lowercase_eq("ΟΔΟΣ", "οδος"));
        assert!(lowercase_eq("HeLLo", "hello"));
        assert!(!lowercase_eq("HeLLo", "hell"));
    }

    #[test]
    fn normalized_keeps_lowercase_ascii_borrowed() {
        assert!(matches!(
            normalized("abc", true),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(normalized("ÀB", true), "àb");
        assert_eq!(normalized("ÀB", false), "ÀB");
    }
}
