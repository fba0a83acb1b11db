//! wordcount_polars: exact whole-word counting (`text.split().count(needle)`) for Polars and
//! pandas.
//!
//! Layers, from the inside out:
//! - [`kernel`]: `&str` in, counts out; no Polars, Arrow or PyO3 types.
//! - [`string_rows`]: the Arrow string layouts the kernel reads in place.
//! - [`expressions`]: the `#[polars_expr]` adapters behind `pl.col(...).wc`.
//! - [`arrow_intake`]: the Arrow C stream entry used by pandas and other Arrow producers.
//! - this file: the `wordcount_polars._internal` Python module.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod arrow_intake;
pub mod expressions;
pub mod kernel;
pub mod string_rows;

use pyo3::prelude::*;

// Polars' own allocator, shared with the Python polars process, so buffers handed across the
// plugin boundary are freed by the allocator that made them.
#[cfg(not(test))]
#[global_allocator]
static ALLOC: pyo3_polars::PolarsAllocator = pyo3_polars::PolarsAllocator::new();

#[pymodule]
fn _internal(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(arrow_intake::count_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_intake::count_many_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_intake::family_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_intake::top_words_arrow, m)?)?;
    Ok(())
}
