//! wordcount_polars: exact whole-word counting (`text.split().count(needle)`) for Polars and
//! pandas.
//!
//! Layers, from the inside out (docs/architecture.md draws them):
//! - the `wordcount-kernel` crate: `&str` rows in, counts out; no Polars, Arrow or PyO3 types.
//! - [`string_rows`]: the Arrow string layouts the kernel reads in place, and its row loops.
//! - [`intake`]: every input, Polars or Arrow, as the engine's chunks of valid UTF-8 rows.
//! - [`engine`]: how a column is processed, for both adapters.
//! - [`expressions`]: the Polars adapter (the expression functions behind `pl.col(...).wc`).
//! - [`polars_plugin`]: the C entry points Polars calls, which hand those functions their
//!   inputs (a Categorical stays the dictionary the host exported).
//! - [`arrow_stream`]: the Arrow C stream adapter, used by pandas, Dask and any Arrow producer.
//! - [`huge_pages`]: how fresh output buffers are backed.
//! - [`error`]: the one error type, turned into a Polars or a Python error by each adapter.
//! - this file: the `wordcount_polars._internal` Python module.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod arrow_stream;
pub mod engine;
pub mod error;
pub mod expressions;
pub mod huge_pages;
pub mod intake;
pub mod polars_plugin;
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
    m.add_function(wrap_pyfunction!(arrow_stream::count_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_stream::count_many_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_stream::family_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_stream::top_words_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_stream::split_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow_stream::frequencies_arrow, m)?)?;
    Ok(())
}
