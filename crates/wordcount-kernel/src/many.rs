//! Many needles in one pass over the text.
//!
//! Each row is tokenized once (`str.split()`, or UAX #29 words) and every token is looked up
//! in a hash map of the needles: one scan, whatever the number of needles. An Aho-Corasick
//! automaton was the first version; with common needles it reports every occurrence inside
//! other words too ("the" in "other"), and on the benchmark corpora the lookup was 1.3-1.7x
//! faster (`benchmarks/kernel_scan`, `many` mode). Needles that are empty or contain
//! whitespace never equal a token, so they count 0 without a special case.
//!
//! With `phrase`, each needle is cut into tokens first: a phrase of no tokens counts 0, one of
//! a single token is looked up as above, and longer ones are found by their first token, then
//! compared with the tokens that follow it (the row's tokens are then kept for the row).

use std::borrow::Cow;
use std::collections::HashMap;

use super::options::MatchOptions;
use super::tokens::{for_each_counted_token, lowercase, tokens};

/// Several needles prepared once for many rows; output slot `i` counts needle `i`.
pub struct ManyCounter {
    /// How many needles (output slots) there are.
    width: usize,
    /// The output slots of each needle (lowercased when ignoring case). foldhash, as in the
    /// word tally: hashing every token is the main cost.
    slots_of_needle: HashMap<String, Slots, foldhash::fast::RandomState>,
    /// Phrases of two tokens or more, by their first token (empty without `phrase`).
    phrases_by_first: HashMap<String, Vec<Phrase>, foldhash::fast::RandomState>,
    /// The options each token is counted under (without `phrase`).
    options: MatchOptions,
}

/// A phrase of two tokens or more: its output slot and the tokens after its first.
struct Phrase {
    slot: usize,
    rest: Vec<String>,
}

/// The slots of one needle: the first inline, repeats (which the Python API refuses, but the
/// kernel allows) in a vector, so a lookup hit reads no second allocation.
struct Slots {
    first: usize,
    repeats: Vec<usize>,
}

impl ManyCounter {
    /// The number of output slots, one per needle given to [`ManyCounter::new`].
    pub fn width(&self) -> usize {
        self.width
    }

    /// Prepares `needles`; output slot `i` counts `needles[i]`.
    pub fn new(needles: &[&str], options: MatchOptions) -> Self {
        let key_of = |token: &str| {
            if options.ignore_case {
                lowercase(token)
            } else {
                token.to_string()
            }
        };
        let mut slots_of_needle: HashMap<String, Slots, _> = HashMap::default();
        let mut phrases_by_first: HashMap<String, Vec<Phrase>, _> = HashMap::default();
        for (slot, needle) in needles.iter().enumerate() {
            let key = if options.phrase {
                let mut cut = tokens(needle, options.mode).map(key_of);
                match (cut.next(), cut.next()) {
                    (None, _) => continue,
                    (Some(only), None) => only,
                    (Some(first), Some(second)) => {
                        let rest = std::iter::once(second).chain(cut).collect();
                        phrases_by_first
                            .entry(first)
                            .or_default()
                            .push(Phrase { slot, rest });
                        continue;
                    }
                }
            } else {
                key_of(needle)
            };
            slots_of_needle
                .entry(key)
                .and_modify(|slots| slots.repeats.push(slot))
                .or_insert(Slots {
                    first: slot,
                    repeats: Vec::new(),
                });
        }
        Self {
            width: needles.len(),
            slots_of_needle,
            phrases_by_first,
            options: options.per_token(),
        }
    }

    /// Calls `on_hit(slot)` once for every token of `text` that equals needle `slot` (a
    /// token equal to several needles, possible only when a needle is repeated, calls it for
    /// each of them).
    #[inline]
    pub fn for_each_hit(&self, text: &str, mut on_hit: impl FnMut(usize)) {
        if !self.phrases_by_first.is_empty() {
            return self.for_each_hit_with_phrases(text, on_hit);
        }
        for_each_counted_token(text, self.options, |key| {
            self.single_hits(&key, &mut on_hit)
        });
    }

    /// The slots of the needle (of one token) equal to `key`.
    #[inline]
    fn single_hits(&self, key: &str, on_hit: &mut impl FnMut(usize)) {
        if let Some(slots) = self.slots_of_needle.get(key) {
            on_hit(slots.first);
            slots.repeats.iter().for_each(|&slot| on_hit(slot));
        }
    }

    /// [`for_each_hit`](Self::for_each_hit) when some needles are phrases of several tokens:
    /// the row's tokens are kept, so that a phrase found by its first token can be compared
    /// with the tokens after it.
    fn for_each_hit_with_phrases(&self, text: &str, mut on_hit: impl FnMut(usize)) {
        let mut row: Vec<Cow<'_, str>> = Vec::new();
        for_each_counted_token(text, self.options, |token| row.push(token));
        for (i, key) in row.iter().enumerate() {
            self.single_hits(key, &mut on_hit);
            let Some(phrases) = self.phrases_by_first.get(key.as_ref()) else {
                continue;
            };
            let after = row.get(i + 1..).unwrap_or_default();
            for phrase in phrases {
                let fits = after.len() >= phrase.rest.len();
                if fits && phrase.rest.iter().zip(after).all(|(p, t)| p == t) {
                    on_hit(phrase.slot);
                }
            }
        }
    }

    /// Adds the counts of every needle in `text` to `out` (one slot per needle).
    pub fn count_into(&self, text: &str, out: &mut [u32]) {
        self.for_each_hit(text, |slot| {
            if let Some(count) = out.get_mut(slot) {
                *count = count.saturating_add(1);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::tests::{adversarial_needle, adversarial_text};
    use crate::matcher::count_with;
    use crate::options::Mode;
    use proptest::prelude::*;

    fn many(text: &str, needles: &[&str], options: MatchOptions) -> Vec<u32> {
        let mut out = vec![0; needles.len()];
        ManyCounter::new(needles, options).count_into(text, &mut out);
        out
    }

    #[test]
    fn overlapping_needles_are_each_counted_as_whole_tokens() {
        let needles = ["a", "aa", "aaa", "b a", ""];
        assert_eq!(
            many("a aa aaa aaaa a", &needles, MatchOptions::default()),
            [2, 1, 1, 0, 0]
        );
    }

    #[test]
    fn a_repeated_needle_fills_each_of_its_slots() {
        let needles = ["a", "b", "a"];
        assert_eq!(many("a b a", &needles, MatchOptions::default()), [2, 1, 2]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        /// The naive twin of many needles is one single-needle count per needle.
        #[test]
        fn equals_one_count_per_needle(text in adversarial_text(), needles in prop::collection::btree_set(adversarial_needle(), 1..6), which in 0usize..4) {
            let options = MatchOptions { mode: if which % 2 == 0 { Mode::Whitespace } else { Mode::Words }, ignore_case: which >= 2, phrase: false };
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let expected: Vec<u32> = needles.iter().map(|n| count_with(&text, n, options) as u32).collect();
            prop_assert_eq!(many(&text, &needles, options), expected);
        }

        /// The same with phrases: each slot counts as its needle alone does.
        #[test]
        fn phrases_equal_one_count_per_needle(text in adversarial_text(), needles in prop::collection::btree_set("[ab中 \u{1c}\u{3000}.]{0,7}", 1..6), which in 0usize..4) {
            let options = MatchOptions { phrase: true, ..MatchOptions::ALL[which] };
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let expected: Vec<u32> = needles.iter().map(|n| count_with(&text, n, options) as u32).collect();
            prop_assert_eq!(many(&text, &needles, options), expected);
        }
    }

    #[test]
    fn phrases_share_a_first_token_and_overlap() {
        let options = MatchOptions {
            phrase: true,
            ..MatchOptions::default()
        };
        let needles = ["a a", "a", "a b", " ", "a\ta  a", "b  a"];
        assert_eq!(many("a a a b a", &needles, options), [2, 4, 1, 0, 1, 1]);
    }
}
