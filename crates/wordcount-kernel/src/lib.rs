//! The wordcount kernel: plain `&str` rows in, counts out. It knows nothing of Polars, Arrow or
//! PyO3, so it can be tested and fuzzed on its own, and every adapter shares it.
//!
//! - `whitespace`: Python's whitespace set and the token-edge rule (the one definition).
//! - `count`: one needle, exact, by byte search (the fast path).
//! - `sweep`: SIMD candidate masks for needles too common for `memmem` to skip ahead.
//! - `options`: the match options (mode, case folding), plain data.
//! - `tokens`: word mode and case folding.
//! - `matcher`: one needle under any options, choosing between the exact, tokenizing and phrase
//!   paths.
//! - `phrase`: a needle of several tokens, counted as a run of consecutive tokens.
//! - `many`: many needles in one pass.
//! - `family`: words, lines, chars, bytes.
//! - `top`: corpus-wide word frequencies.
//! - `bag`: one row's tokens in order (`split`) and its bag of words (`frequencies`).
//!
//! A count of one row is a `u64`: a row can be longer than 4 GiB. Callers that store `u32`
//! narrow it themselves and decide what a count past `u32::MAX` means.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod bag;
pub mod count;
pub mod family;
pub mod many;
pub mod matcher;
pub mod options;
pub mod phrase;
pub mod sweep;
pub mod tokens;
pub mod top;
pub mod whitespace;

pub use bag::{for_each_token, BagOfWords};
pub use count::{count, WordCounter};
pub use many::ManyCounter;
pub use matcher::{count_with, NeedleMatcher};
pub use options::{MatchOptions, Mode};
pub use top::{WordFilter, WordTally};
