//! Many needles in one pass over the text.
//!
//! Each row is tokenized once (`str.split()`, or UAX #29 words) and every token is looked up
//! in a hash map of the needles: one scan, whatever the number of needles. An Aho-Corasick
//! automaton was the first version; with common needles it reports every occurrence inside
//! other words too ("the" in "other"), and on the benchmark corpora the lookup was 1.3-1.7x
//! faster (`benchmarks/kernel_scan`, `many` mode). Needles that are empty or contain
//! whitespace never equal a token, so they count 0 without a special case.

use std::collections::HashMap;

use super::options::MatchOptions;
use super::tokens::{for_each_counted_token, lowercase};

/// Several needles prepared once for many rows; output slot `i` counts needle `i`.
pub struct ManyCounter {
    /// How many needles (output slots) there are.
    width: usize,
    /// The output slots of each needle (lowercased when ignoring case). foldhash, as in the
    /// word tally: hashing every token is the main cost.
    slots_of_needle: HashMap<String, Slots, foldhash::fast::RandomState>,
    options: MatchOptions,
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
        let mut slots_of_needle: HashMap<String, Slots, _> = HashMap::default();
        for (slot, needle) in needles.iter().enumerate() {
            let key = if options.ignore_case {
                lowercase(needle)
            } else {
                (*needle).to_string()
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
            options,
        }
    }

    /// Calls `on_hit(slot)` once for every token of `text` that equals needle `slot` (a
    /// token equal to several needles, possible only when a needle is repeated, calls it for
    /// each of them).
    #[inline]
    pub fn for_each_hit(&self, text: &str, mut on_hit: impl FnMut(usize)) {
        for_each_counted_token(text, self.options, |key| {
            if let Some(slots) = self.slots_of_needle.get(key.as_ref()) {
                on_hit(slots.first);
                slots.repeats.iter().for_each(|&slot| on_hit(slot));
            }
        });
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
            let options = MatchOptions { mode: if which % 2 == 0 { Mode::Whitespace } else { Mode::Words }, ignore_case: which >= 2 };
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let expected: Vec<u32> = needles.iter().map(|n| count_with(&text, n, options) as u32).collect();
            prop_assert_eq!(many(&text, &needles, options), expected);
        }
    }
}
