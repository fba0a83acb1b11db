//! Differential fuzz target: every public kernel routine against a naive reference written
//! independently of the kernel (`reference.rs`, shared with the intake target). Any
//! disagreement panics, which libFuzzer reports as a crash and saves as a reproducer.
//!
//! An input is decoded one of two ways (the low bit of its first byte chooses):
//! - lossy: the bytes are split into needles and a text and made UTF-8 with
//!   `String::from_utf8_lossy`, so every byte sequence is reachable;
//! - structured: the bytes index an adversarial alphabet (all 29 Python whitespace code points,
//!   the four look-alikes that are not whitespace, multi-byte and case-mapping letters) and the
//!   needles' own characters and whole needles, so whole-token hits and near misses are common.
#![no_main]

mod reference;

use libfuzzer_sys::fuzz_target;

// The kernel crate itself (crates/wordcount-kernel), so the fuzzed code is the shipped code
// without building Polars or PyO3.
use wordcount_kernel as kernel;
use wordcount_kernel::{
    count, count_with, family, ManyCounter, MatchOptions, NeedleMatcher, WordCounter, WordTally,
};

use reference::{
    fold, reference_count, reference_lines, reference_split, reference_tokens, reference_top,
    PYTHON_WHITESPACE,
};

/// The phrase count: `sum(toks[i:i+n] == ph for i in range(len(toks) - n + 1))`, with both
/// cut by the mode and folded token by token; a needle of no tokens counts 0.
fn reference_phrase(text: &str, needle: &str, options: MatchOptions) -> u64 {
    let cut = |s: &str| -> Vec<String> {
        reference_tokens(s, options.mode)
            .into_iter()
            .map(|t| fold(t, options.ignore_case))
            .collect()
    };
    let (toks, phrase) = (cut(text), cut(needle));
    if phrase.is_empty() || phrase.len() > toks.len() {
        return 0;
    }
    let hits = toks.windows(phrase.len()).filter(|w| *w == phrase).count();
    u64::try_from(hits).expect("a token count fits u64")
}

// ---- decoding an input into a case ---------------------------------------------------------

/// Characters the structured text is made of, besides the 29 whitespace code points and the
/// needles' own characters: the look-alikes Python does not split on; letters with multi-byte,
/// length-changing or context-dependent lowercase forms; digits and punctuation that UAX #29
/// treats specially.
const TEXT_EXTRAS: [char; 30] = [
    '\u{200B}', '\u{180E}', '\u{FEFF}', '\u{2060}', 'a', 'b', 'A', 'B', 'é', 'É', 'ß', 'ẞ', 'σ',
    'Σ', 'ς', 'İ', 'i', 'ı', '\u{307}', 'K', '\u{212A}', 'ǅ', '中', '😀', '1', '.', '-', '\'', '_',
    ':',
];

/// Characters structured needles are made of: letters, and whitespace and look-alikes so that
/// needles that can never match a token are exercised too.
const NEEDLE_ALPHABET: [char; 23] = [
    'a', 'b', 'A', 'é', 'É', 'ß', 'σ', 'Σ', 'ς', 'İ', 'i', '\u{307}', '中', '😀', '\'', '.', ' ',
    '\u{1C}', '\u{3000}', '\u{200B}', '\u{202F}', 'K', '\u{212A}',
];

struct Case {
    text: String,
    needles: Vec<String>,
    top_k: Option<usize>,
}

fn decode(data: &[u8]) -> Option<Case> {
    let (&control, rest) = data.split_first()?;
    let top_k = (control & 0b10 != 0).then_some(usize::from(control >> 2) % 8);
    let (text, needles) = if control & 1 == 0 {
        decode_lossy(rest)?
    } else {
        decode_structured(rest)?
    };
    Some(Case {
        text,
        needles,
        top_k,
    })
}

/// First byte: length of the needle region; needles in it are separated by 0xFF (never part of
/// valid UTF-8, so no reachable needle is lost); the rest is the text.
fn decode_lossy(data: &[u8]) -> Option<(String, Vec<String>)> {
    let (&len, rest) = data.split_first()?;
    let (needle_bytes, text_bytes) = rest.split_at(usize::from(len).min(rest.len()));
    let needles = needle_bytes
        .split(|&b| b == 0xFF)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    Some((String::from_utf8_lossy(text_bytes).into_owned(), needles))
}

/// First byte: number of needles (1..=4); each needle is a length byte (0..=4 characters) and
/// that many alphabet indices. Each remaining byte adds to the text one character of the
/// alphabet (below 128), or one of the needles' characters or a whole needle (128 and above).
fn decode_structured(data: &[u8]) -> Option<(String, Vec<String>)> {
    let (&spec, mut rest) = data.split_first()?;
    let mut needles = Vec::new();
    for _ in 0..=(spec & 0b11) {
        let Some((&len, after)) = rest.split_first() else {
            break;
        };
        let take = usize::from(len % 5).min(after.len());
        let needle: String = after[..take]
            .iter()
            .map(|&b| NEEDLE_ALPHABET[usize::from(b) % NEEDLE_ALPHABET.len()])
            .collect();
        needles.push(needle);
        rest = &after[take..];
    }
    if needles.is_empty() {
        return None;
    }
    let mut alphabet: Vec<char> = PYTHON_WHITESPACE
        .iter()
        .map(|&c| char::from_u32(c).expect("a whitespace code point is a char"))
        .collect();
    alphabet.extend(TEXT_EXTRAS);
    let needle_chars: Vec<char> = needles.iter().flat_map(|n| n.chars()).collect();
    let mut text = String::new();
    for &b in rest {
        let b = usize::from(b);
        if b < 128 {
            text.push(alphabet[b % alphabet.len()]);
        } else if b % 2 == 0 || needle_chars.is_empty() {
            text.push_str(&needles[(b / 2) % needles.len()]);
        } else {
            text.push(needle_chars[(b / 2) % needle_chars.len()]);
        }
    }
    Some((text, needles))
}

// ---- the comparisons -----------------------------------------------------------------------

fn check_single_needle(text: &str, needle: &str) {
    let expected = reference_count(text, needle, MatchOptions::default());
    assert_eq!(
        count(text, needle),
        expected,
        "count mismatch: text={text:?} needle={needle:?}"
    );
    assert_eq!(
        WordCounter::new(needle).count(text),
        expected,
        "WordCounter mismatch: text={text:?} needle={needle:?}"
    );
    for options in MatchOptions::ALL {
        assert_eq!(
            count_with(text, needle, options),
            reference_count(text, needle, options),
            "count_with mismatch: text={text:?} needle={needle:?} options={options:?}"
        );
    }
}

/// The text cut into rows (every `stride` chars) and counted by the buffer scanner, in both of
/// its passes (memmem search and SIMD sweep), against the reference per row.
fn check_scanner(text: &str, needle: &str, stride: usize) {
    let mut bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .step_by(stride.max(1))
        .collect();
    bounds.push(text.len());
    let counter = WordCounter::new(needle);
    let expected: Vec<u32> = bounds
        .windows(2)
        .map(|span| {
            let count = reference_count(&text[span[0]..span[1]], needle, MatchOptions::default());
            u32::try_from(count).expect("a fuzz row is far below u32::MAX tokens")
        })
        .collect();
    for dense in [false, true] {
        // One row per call, and all rows in one call (as the adapters count a buffer).
        let mut scanner = counter.scanner_with(text.as_bytes(), dense);
        for (span, &want) in bounds.windows(2).zip(&expected) {
            assert_eq!(
                scanner.count_span(span[0], span[1]),
                want,
                "scanner mismatch (dense: {dense}): row={:?} needle={needle:?}",
                &text[span[0]..span[1]]
            );
        }
        let mut batched = vec![u32::MAX; expected.len()];
        counter.scanner_with(text.as_bytes(), dense).count_spans(
            bounds.windows(2).map(|span| Some(span[0]..span[1])),
            &mut batched,
        );
        assert_eq!(
            batched, expected,
            "batched scanner mismatch (dense: {dense}): text={text:?} needle={needle:?}"
        );
    }
    for base in [0, 1, text.len() / 3, text.len().saturating_sub(300)] {
        assert_eq!(
            kernel::sweep::window(text.as_bytes(), base, needle.as_bytes()),
            kernel::sweep::window_naive(text.as_bytes(), base, needle.as_bytes()),
            "sweep window mismatch at {base}: text={text:?} needle={needle:?}"
        );
    }
}

/// The Python API only passes distinct needles (it rejects repeats), so so does this check.
fn check_many_needles(text: &str, needles: &[&str]) {
    for options in MatchOptions::ALL {
        let counter = ManyCounter::new(needles, options);
        // `count_into` adds to what is already in `out`; start from distinct values to see that.
        let start: Vec<u32> = (0..needles.len())
            .map(|i| u32::try_from(i).expect("few needles"))
            .collect();
        let mut out = start.clone();
        counter.count_into(text, &mut out);
        let expected: Vec<u32> = needles
            .iter()
            .zip(&start)
            .map(|(n, s)| {
                let count = reference_count(text, n, options);
                s + u32::try_from(count).expect("a fuzz row is far below u32::MAX tokens")
            })
            .collect();
        assert_eq!(
            out, expected,
            "ManyCounter mismatch: text={text:?} needles={needles:?} options={options:?}"
        );
    }
}

/// Every needle as a phrase, under every option combination: one needle prepared
/// (`NeedleMatcher`), used once (`count_with`), and all of them at once (`ManyCounter`).
fn check_phrases(text: &str, needles: &[&str]) {
    for base in MatchOptions::ALL {
        let options = MatchOptions {
            phrase: true,
            ..base
        };
        let expected: Vec<u64> = needles
            .iter()
            .map(|n| reference_phrase(text, n, options))
            .collect();
        for (needle, &want) in needles.iter().zip(&expected) {
            assert_eq!(
                NeedleMatcher::new(needle, options).count(text),
                want,
                "phrase NeedleMatcher mismatch: text={text:?} needle={needle:?} {options:?}"
            );
            assert_eq!(
                count_with(text, needle, options),
                want,
                "phrase count_with mismatch: text={text:?} needle={needle:?} {options:?}"
            );
        }
        let mut out = vec![0u32; needles.len()];
        ManyCounter::new(needles, options).count_into(text, &mut out);
        let want: Vec<u32> = expected
            .iter()
            .map(|&n| u32::try_from(n).expect("a fuzz row is far below u32::MAX tokens"))
            .collect();
        assert_eq!(
            out, want,
            "phrase ManyCounter mismatch: text={text:?} needles={needles:?} {options:?}"
        );
    }
}

fn check_family(text: &str) {
    let words = u64::try_from(reference_split(text).len()).expect("a token count fits u64");
    assert_eq!(family::words(text), words, "words mismatch: text={text:?}");
    assert_eq!(
        family::lines(text),
        reference_lines(text),
        "lines mismatch: text={text:?}"
    );
    let chars = u64::try_from(text.chars().count()).expect("a length fits u64");
    assert_eq!(family::chars(text), chars, "chars mismatch: text={text:?}");
    let bytes = u64::try_from(text.len()).expect("a length fits u64");
    assert_eq!(family::bytes(text), bytes, "bytes mismatch: text={text:?}");
}

fn check_top_words(rows: &[&str], k: Option<usize>) {
    for options in MatchOptions::ALL {
        let expected = reference_top(rows, k, options);
        let owned = |top: Vec<(std::borrow::Cow<'_, str>, u64)>| -> Vec<(String, u64)> {
            top.into_iter().map(|(w, n)| (w.into_owned(), n)).collect()
        };

        let mut whole = WordTally::default();
        for row in rows {
            whole.add_row(row, options);
        }
        assert_eq!(
            owned(whole.top(k)),
            expected,
            "WordTally mismatch: rows={rows:?} k={k:?} options={options:?}"
        );

        // The tree-reduction path: first row in one tally, the others in another, merged.
        let (first, others) = rows.split_at(1.min(rows.len()));
        let mut left = WordTally::default();
        first.iter().for_each(|row| left.add_row(row, options));
        let mut right = WordTally::default();
        others.iter().for_each(|row| right.add_row(row, options));
        left.merge(right);
        assert_eq!(
            owned(left.top(k)),
            expected,
            "WordTally::merge mismatch: rows={rows:?} k={k:?} options={options:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(case) = decode(data) else {
        return;
    };
    let text = case.text.as_str();
    for needle in &case.needles {
        check_single_needle(text, needle);
        check_scanner(text, needle, 1 + data.len() % 97);
    }
    let mut distinct: Vec<&str> = Vec::new();
    for needle in &case.needles {
        if !distinct.contains(&needle.as_str()) {
            distinct.push(needle);
        }
    }
    check_many_needles(text, &distinct);
    check_phrases(text, &distinct);
    check_family(text);
    let rows: Vec<&str> = std::iter::once(text)
        .chain(distinct.iter().copied())
        .collect();
    check_top_words(&rows, case.top_k);
});
