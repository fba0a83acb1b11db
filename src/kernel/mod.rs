//! The kernel: plain `&str` in, counts out. It knows nothing of Polars, Arrow or PyO3, so it
//! can be tested and fuzzed on its own, and every adapter shares it.

pub mod count;
pub mod whitespace;

pub use count::{count, WordCounter};
