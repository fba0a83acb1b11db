//! Many needles in one pass over the text.
//!
//! The exact path builds one Aho-Corasick automaton over all needles and walks every
//! (overlapping) hit once, keeping those with whitespace on both sides. Because needles are
//! distinct and contain no whitespace, a whole token equals at most one needle, so no token is
//! counted twice. Case-insensitive or word-mode counting tokenizes once and looks each token up.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use super::options::MatchOptions;
use super::tokens::{lowercase, normalized, tokens};
use super::whitespace::{has_no_py_whitespace, is_left_edge, is_right_edge};

/// Several needles prepared once for many rows; output slot `i` counts needle `i`.
pub struct ManyCounter {
    /// How many needles (output slots) there are.
    width: usize,
    search: Search,
}

enum Search {
    Exact {
        automaton: AhoCorasick,
        /// Output slot of each automaton pattern (needles that can never match are left out).
        slot_of_pattern: Vec<usize>,
    },
    Tokenized {
        /// Output slots of each (lowercased, when ignoring case) needle.
        slots_of_needle: HashMap<String, Vec<usize>>,
        options: MatchOptions,
    },
}

impl ManyCounter {
    /// The number of output slots, one per needle given to [`ManyCounter::new`].
    pub fn width(&self) -> usize {
        self.width
    }

    /// Prepares `needles`; output slot `i` counts `needles[i]`. Errors only when the automaton
    /// cannot be built (it grows too large).
    pub fn new(needles: &[&str], options: MatchOptions) -> Result<Self, String> {
        if options.is_exact_whitespace() {
            let (slots, patterns): (Vec<usize>, Vec<&str>) = needles
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.is_empty() && has_no_py_whitespace(n))
                .map(|(i, n)| (i, *n))
                .unzip();
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .map_err(|e| format!("could not build the needle automaton: {e}"))?;
            return Ok(Self {
                width: needles.len(),
                search: Search::Exact {
                    automaton,
                    slot_of_pattern: slots,
                },
            });
        }
        let mut slots_of_needle: HashMap<String, Vec<usize>> = HashMap::new();
        for (slot, needle) in needles.iter().enumerate() {
            let key = if options.ignore_case {
                lowercase(needle)
            } else {
                (*needle).to_string()
            };
            slots_of_needle.entry(key).or_default().push(slot);
        }
        Ok(Self {
            width: needles.len(),
            search: Search::Tokenized {
                slots_of_needle,
                options,
            },
        })
    }

    /// Calls `on_hit(slot)` once for every token of `text` that equals needle `slot` (a
    /// token equal to several needles, possible only when a needle is repeated, calls it for
    /// each of them).
    pub fn for_each_hit(&self, text: &str, mut on_hit: impl FnMut(usize)) -> Result<(), String> {
        match &self.search {
            Search::Exact {
                automaton,
                slot_of_pattern,
            } => {
                // Overlapping search needs MatchKind::Standard, which `new` always sets; the
                // fallible form turns a broken invariant into an error instead of a panic.
                let hits = automaton
                    .try_find_overlapping_iter(text)
                    .map_err(|e| format!("needle search failed: {e}"))?;
                let bytes = text.as_bytes();
                for hit in hits {
                    if is_left_edge(bytes, hit.start()) && is_right_edge(bytes, hit.end()) {
                        if let Some(&slot) = slot_of_pattern.get(hit.pattern().as_usize()) {
                            on_hit(slot);
                        }
                    }
                }
            }
            Search::Tokenized {
                slots_of_needle,
                options,
            } => {
                for token in tokens(text, options.mode) {
                    let key = normalized(token, options.ignore_case);
                    for &slot in slots_of_needle.get(key.as_ref()).into_iter().flatten() {
                        on_hit(slot);
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds the counts of every needle in `text` to `out` (one slot per needle).
    pub fn count_into(&self, text: &str, out: &mut [u32]) -> Result<(), String> {
        self.for_each_hit(text, |slot| {
            if let Some(count) = out.get_mut(slot) {
                *count = count.saturating_add(1);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::count::tests::{adversarial_needle, adversarial_text};
    use crate::kernel::options::count_with;
    use crate::kernel::tokens::Mode;
    use proptest::prelude::*;

    fn many(text: &str, needles: &[&str], options: MatchOptions) -> Vec<u32> {
        let mut out = vec![0; needles.len()];
        let counter = ManyCounter::new(needles, options).expect("automaton");
        counter.count_into(text, &mut out).expect("search");
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]
        /// The naive twin of many needles is one single-needle count per needle.
        #[test]
        fn equals_one_count_per_needle(text in adversarial_text(), needles in prop::collection::btree_set(adversarial_needle(), 1..6), which in 0usize..4) {
            let options = MatchOptions { mode: if which % 2 == 0 { Mode::Whitespace } else { Mode::Words }, ignore_case: which >= 2 };
            let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
            let expected: Vec<u32> = needles.iter().map(|n| count_with(&text, n, options)).collect();
            prop_assert_eq!(many(&text, &needles, options), expected);
        }
    }
}
