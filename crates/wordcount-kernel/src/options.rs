//! The options every counting function takes: how a row is cut into tokens, whether case is
//! folded, and whether a needle is a phrase. Plain data, so that every other module can import it
//! without a cycle.

/// The options every counting function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchOptions {
    pub mode: Mode,
    pub ignore_case: bool,
    /// The needle is cut into tokens by `mode`, and a hit is that run of consecutive tokens of
    /// the row (see `phrase.rs`). Only the needle-taking functions read it; a needle of one
    /// token counts as that token does without it.
    pub phrase: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        Self {
            mode: Mode::Whitespace,
            ignore_case: false,
            phrase: false,
        }
    }
}

impl MatchOptions {
    /// Every combination of mode and case folding (not phrases), for tests that must cover them
    /// all.
    pub const ALL: [Self; 4] = [
        Self {
            mode: Mode::Whitespace,
            ignore_case: false,
            phrase: false,
        },
        Self {
            mode: Mode::Whitespace,
            ignore_case: true,
            phrase: false,
        },
        Self {
            mode: Mode::Words,
            ignore_case: false,
            phrase: false,
        },
        Self {
            mode: Mode::Words,
            ignore_case: true,
            phrase: false,
        },
    ];

    /// The default options have an exact, non-tokenizing fast path.
    pub fn is_exact_whitespace(&self) -> bool {
        *self == Self::default()
    }

    /// The options one token of a phrase is compared under: these without `phrase`.
    pub fn per_token(self) -> Self {
        Self {
            phrase: false,
            ..self
        }
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
