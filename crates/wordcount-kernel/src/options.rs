//! The options every counting function takes: how a row is cut into tokens, and whether case
//! is folded. Plain data, so that every other module can import it without a cycle.

/// The options every counting function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchOptions {
    pub mode: Mode,
    pub ignore_case: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self {
            mode: Mode::Whitespace,
            ignore_case: false,
        }
    }
}

impl MatchOptions {
    /// Every combination of mode and case folding, for tests that must cover them all.
    pub const ALL: [Self; 4] = [
        Self {
            mode: Mode::Whitespace,
            ignore_case: false,
        },
        Self {
            mode: Mode::Whitespace,
            ignore_case: true,
        },
        Self {
            mode: Mode::Words,
            ignore_case: false,
        },
        Self {
            mode: Mode::Words,
            ignore_case: true,
        },
    ];

    /// The default options have an exact, non-tokenizing fast path.
    pub fn is_exact_whitespace(&self) -> bool {
        *self == Self::default()
    }
}

/// How a row is cut into tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Runs of Python whitespace separate tokens: `str.split()`.
    Whitespace,
    /// Unicode words by UAX #29 (`unicode_words`): punctuation is dropped, "don't" stays one word.
    Words,
}

impl Mode {
    pub const NAMES: [&'static str; 2] = ["whitespace", "words"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "whitespace" => Some(Self::Whitespace),
            "words" => Some(Self::Words),
            _ => None,
        }
    }
}
