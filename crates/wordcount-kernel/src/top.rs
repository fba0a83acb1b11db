//! Corpus-wide word frequencies: the classic WordCount job.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::options::MatchOptions;
use super::tokens::{for_each_counted_token, normalized};

/// Which words a ranking reports: those counted at least `min_count` times that are not
/// excluded. Excluded words are compared as tokens are counted: lowercased under
/// `ignore_case`, and whole (a stop word is never split, in either mode).
#[derive(Default)]
pub struct WordFilter {
    exclude: HashSet<String, foldhash::fast::RandomState>,
    min_count: u64,
}

impl WordFilter {
    pub fn new<'w>(
        exclude: impl IntoIterator<Item = &'w str>,
        min_count: u64,
        options: MatchOptions,
    ) -> Self {
        let exclude = exclude
            .into_iter()
            .map(|word| normalized(word, options.ignore_case).into_owned())
            .collect();
        Self { exclude, min_count }
    }

    #[inline]
    fn keeps(&self, word: &str, count: u64) -> bool {
        count >= self.min_count && (self.exclude.is_empty() || !self.exclude.contains(word))
    }
}

/// Token frequencies over many rows. Tokens borrow from the rows unless case folding had to
/// build a new string.
///
/// Hashing every token is most of the work, so the map uses foldhash (the hasher of
/// hashbrown and Polars) rather than the DoS-resistant default SipHash: the keys are the
/// user's own text, hashed in one call, and never exposed to an adversary's timing.
#[derive(Default)]
pub struct WordTally<'a> {
    counts: HashMap<Cow<'a, str>, u64, foldhash::fast::RandomState>,
}

impl<'a> WordTally<'a> {
    /// A tally with room for `words` distinct words before it grows.
    pub fn with_capacity(words: usize) -> Self {
        Self {
            counts: HashMap::with_capacity_and_hasher(words, Default::default()),
        }
    }

    pub fn add_row(&mut self, text: &'a str, options: MatchOptions) {
        self.add_row_times(text, 1, options);
    }

    /// Adds the tokens of `text` as if it were `times` rows: a dictionary's category, once for
    /// all the rows that use it.
    pub fn add_row_times(&mut self, text: &'a str, times: u64, options: MatchOptions) {
        for_each_counted_token(text, options, |token| {
            *self.counts.entry(token).or_insert(0) += times;
        });
    }

    /// Adds another tally's counts (the merge step of a tree reduction).
    pub fn merge(&mut self, mut other: WordTally<'a>) {
        // Re-insert the smaller tally's words into the larger one.
        if self.counts.len() < other.counts.len() {
            std::mem::swap(&mut self.counts, &mut other.counts);
        }
        for (word, n) in other.counts {
            *self.counts.entry(word).or_insert(0) += n;
        }
    }

    /// The `k` most frequent words (all when `None`), by count descending, then word ascending
    /// in code point order.
    pub fn top(self, k: Option<usize>) -> Vec<(Cow<'a, str>, u64)> {
        self.top_filtered(k, &WordFilter::default())
    }

    /// [`WordTally::top`] of the words `filter` keeps: the floor and the stop words apply
    /// before the cut to `k`.
    pub fn top_filtered(self, k: Option<usize>, filter: &WordFilter) -> Vec<(Cow<'a, str>, u64)> {
        let mut entries: Vec<(Cow<'a, str>, u64)> = self
            .counts
            .into_iter()
            .filter(|(word, n)| filter.keeps(word, *n))
            .collect();
        let order =
            |a: &(Cow<str>, u64), b: &(Cow<str>, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
        if let Some(k) = k.filter(|&k| k < entries.len()) {
            // Partition first so only the k kept entries are sorted.
            if k > 0 {
                entries.select_nth_unstable_by(k - 1, order);
            }
            entries.truncate(k);
        }
        entries.sort_unstable_by(order);
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::tests::adversarial_text;
    use crate::options::Mode;
    use crate::tokens::tokens;
    use proptest::prelude::*;

    fn top_of(rows: &[String], k: Option<usize>, options: MatchOptions) -> Vec<(String, u64)> {
        let mut tally = WordTally::default();
        rows.iter().for_each(|r| tally.add_row(r, options));
        tally
            .top(k)
            .into_iter()
            .map(|(w, n)| (w.into_owned(), n))
            .collect()
    }

    #[test]
    fn ties_break_by_word() {
        let rows = vec!["b a c b a".to_string(), "C c".to_string()];
        let got = top_of(&rows, Some(3), MatchOptions::default());
        assert_eq!(got, [("a".into(), 2), ("b".into(), 2), ("c".into(), 2)]);
        let folded = top_of(
            &rows,
            Some(1),
            MatchOptions {
                mode: Mode::Whitespace,
                ignore_case: true,
                phrase: false,
            },
        );
        assert_eq!(folded, [("c".into(), 3)]);
        assert!(top_of(&rows, Some(0), MatchOptions::default()).is_empty());
    }

    #[test]
    fn filter_folds_stop_words_and_applies_the_floor() {
        let rows = ["The the THE a a b Ä ä".to_string()];
        let folded = MatchOptions {
            mode: Mode::Whitespace,
            ignore_case: true,
            ..MatchOptions::default()
        };
        let mut tally = WordTally::default();
        rows.iter().for_each(|r| tally.add_row(r, folded));
        let filter = WordFilter::new(["THE", "Ä"], 2, folded);
        let got: Vec<(String, u64)> = tally
            .top_filtered(None, &filter)
            .into_iter()
            .map(|(w, n)| (w.into_owned(), n))
            .collect();
        assert_eq!(got, [("a".to_string(), 2)]);
        // Case-sensitive: only the exact stop word goes.
        let mut tally = WordTally::default();
        rows.iter()
            .for_each(|r| tally.add_row(r, MatchOptions::default()));
        let filter = WordFilter::new(["the"], 1, MatchOptions::default());
        let got: Vec<String> = tally
            .top_filtered(Some(3), &filter)
            .into_iter()
            .map(|(w, _)| w.into_owned())
            .collect();
        assert_eq!(got, ["a", "THE", "The"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Naive twin: count every token in a map, sort everything, cut.
        #[test]
        fn matches_full_sort(rows in prop::collection::vec(adversarial_text(), 0..6), k in prop::option::of(0usize..6)) {
            let mut naive: HashMap<String, u64> = HashMap::new();
            for r in &rows {
                for t in tokens(r, Mode::Whitespace) {
                    *naive.entry(t.to_string()).or_insert(0) += 1;
                }
            }
            let mut naive: Vec<(String, u64)> = naive.into_iter().collect();
            naive.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            if let Some(k) = k { naive.truncate(k); }
            prop_assert_eq!(top_of(&rows, k, MatchOptions::default()), naive);
        }
    }
}
