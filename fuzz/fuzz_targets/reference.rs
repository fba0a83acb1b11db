//! The naive references both fuzz targets compare against, written independently of the
//! package: Python's `str.split()`, `str.splitlines()`, word tokens, case folding and the
//! `top_words` ranking. Each target includes this file as its `reference` module.

use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;
use wordcount_kernel::{MatchOptions, Mode};

/// The code points for which Python's `str.isspace()` is true (what `str.split()` splits on),
/// typed in from the Python documentation, not taken from the kernel.
pub const PYTHON_WHITESPACE: [u32; 29] = [
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001,
    0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F,
    0x205F, 0x3000,
];

/// The code points `str.splitlines()` breaks on (`\r\n` counts as one break).
pub const PYTHON_LINE_BREAKS: [u32; 10] = [
    0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029,
];

pub fn reference_is_space(c: char) -> bool {
    PYTHON_WHITESPACE.contains(&u32::from(c))
}

/// `text.split()`: maximal runs of non-whitespace, found by walking the code points.
pub fn reference_split(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (reference_is_space(c), start) {
            (true, Some(s)) => {
                tokens.push(&text[s..at]);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(&text[s..]);
    }
    tokens
}

pub fn reference_tokens(text: &str, mode: Mode) -> Vec<&str> {
    match mode {
        Mode::Whitespace => reference_split(text),
        Mode::Words => text.unicode_words().collect(),
    }
}

/// A token as it is compared: itself, or `str.lower()` of it when ignoring case.
pub fn fold(token: &str, ignore_case: bool) -> String {
    if ignore_case {
        token.to_lowercase()
    } else {
        token.to_string()
    }
}

/// `sum(fold(t) == fold(needle) for t in tokens(text))`.
pub fn reference_count(text: &str, needle: &str, options: MatchOptions) -> u64 {
    let needle = fold(needle, options.ignore_case);
    let hits = reference_tokens(text, options.mode)
        .into_iter()
        .filter(|t| fold(t, options.ignore_case) == needle)
        .count();
    u64::try_from(hits).expect("a token count fits u64")
}

/// `len(text.splitlines())`, following CPython's loop: a line ends at each break, and text after
/// the last break is one more line.
pub fn reference_lines(text: &str) -> u64 {
    let chars: Vec<char> = text.chars().collect();
    let (mut lines, mut line_start, mut i) = (0u64, 0usize, 0usize);
    while i < chars.len() {
        if PYTHON_LINE_BREAKS.contains(&u32::from(chars[i])) {
            let crlf = chars[i] == '\r' && chars.get(i + 1) == Some(&'\n');
            i += if crlf { 2 } else { 1 };
            lines += 1;
            line_start = i;
        } else {
            i += 1;
        }
    }
    lines + u64::from(line_start < chars.len())
}

/// Counts every folded token of every row, sorts by count descending then word, keeps `k`.
pub fn reference_top(rows: &[&str], k: Option<usize>, options: MatchOptions) -> Vec<(String, u64)> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for row in rows {
        for token in reference_tokens(row, options.mode) {
            *counts.entry(fold(token, options.ignore_case)).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, u64)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if let Some(k) = k {
        ranked.truncate(k);
    }
    ranked
}
