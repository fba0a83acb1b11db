//! The one error type of the extension. The intake and the engine report what went wrong in
//! the user's terms (the dtype, the argument, the row); each adapter turns it into its own
//! error once: a `PolarsError` for the plugin, an ordinary Python exception for the Arrow entry.

use std::fmt;

use polars::prelude::PolarsError;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::PyErr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WcError {
    /// The input is not text we can read: `accepted` lists what is, in the terms of the user's
    /// library, and `found` is the dtype as that library prints it.
    WrongType {
        what: &'static str,
        accepted: &'static str,
        found: String,
    },
    /// An argument outside what the function takes (a mode, a `which`, a needle count).
    BadArgument(String),
    /// Bytes that are not UTF-8, in `row` (counted from 0 over the whole column).
    InvalidUtf8 { what: &'static str, row: usize },
    /// A dictionary key that points outside its dictionary.
    KeyOutOfRange {
        row: usize,
        key: String,
        categories: usize,
    },
    /// A row's count does not fit the `UInt32` output (only a row over 4 GiB can do that).
    CountTooLarge { row: usize, count: u64 },
    /// A token longer than an Arrow string view holds (`u32::MAX` bytes), in a row over 4 GiB.
    TokenTooLong { row: usize, bytes: usize },
    /// A broken invariant of the extension itself (a bug to report), never the user's input.
    Internal(String),
    /// Two columns that must be equally long (or one of them of length 1) are not.
    ShapeMismatch { texts: usize, needles: usize },
}

pub type WcResult<T> = Result<T, WcError>;

impl fmt::Display for WcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongType {
                what,
                accepted,
                found,
            } => write!(f, "{what} must be {accepted}, got {found}"),
            Self::BadArgument(message) => f.write_str(message),
            Self::InvalidUtf8 { what, row } => {
                write!(f, "{what} is not valid UTF-8 in row {row}")
            }
            Self::KeyOutOfRange {
                row,
                key,
                categories,
            } => write!(
                f,
                "row {row} has dictionary key {key}, outside its {categories} categories"
            ),
            Self::CountTooLarge { row, count } => write!(
                f,
                "row {row} counts {count}, more than UInt32 holds (4294967295); \
                 split the row or count it in parts"
            ),
            Self::TokenTooLong { row, bytes } => write!(
                f,
                "row {row} has a token of {bytes} bytes, more than an Arrow string holds \
                 (4294967295)"
            ),
            Self::Internal(message) => write!(f, "internal error (please report): {message}"),
            Self::ShapeMismatch { texts, needles } => write!(
                f,
                "the needle has {needles} rows but the text has {texts}; pass one needle or one per row"
            ),
        }
    }
}

impl std::error::Error for WcError {}

impl WcError {
    /// The error as the Polars plugin raises it, prefixed with the function's name.
    pub fn into_polars(self, function: &str) -> PolarsError {
        let message = format!("{function}: {self}").into();
        match self {
            Self::WrongType { .. } | Self::BadArgument(_) => PolarsError::InvalidOperation(message),
            Self::ShapeMismatch { .. } => PolarsError::ShapeMismatch(message),
            _ => PolarsError::ComputeError(message),
        }
    }

    /// The error as the Arrow entry points raise it: `TypeError` for a wrong type, otherwise
    /// `ValueError`, prefixed with the function's name.
    pub fn into_py(self, function: &str) -> PyErr {
        let message = format!("{function}: {self}");
        match self {
            Self::WrongType { .. } => PyTypeError::new_err(message),
            _ => PyValueError::new_err(message),
        }
    }
}
