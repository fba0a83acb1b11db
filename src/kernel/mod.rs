//! The kernel: plain `&str` in, counts out. It knows nothing of Polars, Arrow or PyO3, so it
//! can be tested and fuzzed on its own, and every adapter shares it.
//!
//! - `whitespace`: Python's whitespace set and the token-edge rule (the one definition).
//! - `count`: one needle, exact, by byte search (the fast path).
//! - `sweep`: SIMD candidate masks for needles too common for `memmem` to skip ahead.
//! - `tokens`, `options`: word mode, case folding, and the choice between the two paths.
//! - `many`: many needles in one pass.
//! - `family`: words, lines, chars, bytes.
//! - `top`: corpus-wide word frequencies.

pub mod count;
pub mod family;
pub mod many;
pub mod options;
pub mod sweep;
pub mod tokens;
pub mod top;
pub mod whitespace;

pub use count::{count, WordCounter};
pub use many::ManyCounter;
pub use options::{count_with, MatchOptions, NeedleMatcher};
pub use tokens::Mode;
pub use top::WordTally;
