//! Polars adapters: dtype checks with the dtype's name in the error, broadcasting of a length-1
//! argument, and building the `UInt32` output. The counting itself is the kernel's.

use polars::prelude::*;
use polars_arrow::array::{Array, PrimitiveArray, Utf8ViewArray};
use pyo3_polars::derive::{polars_expr, CallerContext};

use crate::kernel::WordCounter;
use crate::string_rows::map_rows;

/// The single place that turns an input into a `StringChunked`, so every function reports a
/// wrong dtype the same way (at `collect_schema()` time through `uint32_output` as well).
fn expect_string<'a>(
    s: &'a Series,
    function: &str,
    argument: &str,
) -> PolarsResult<&'a StringChunked> {
    match s.dtype() {
        DataType::String => s.str(),
        other => polars_bail!(
            InvalidOperation: "{function}: {argument} must be a String column, got dtype {other}"
        ),
    }
}

fn expect_string_field(field: &Field, function: &str, argument: &str) -> PolarsResult<()> {
    match field.dtype() {
        DataType::String => Ok(()),
        other => polars_bail!(
            InvalidOperation: "{function}: {argument} must be a String column, got dtype {other}"
        ),
    }
}

/// Output schema of `wc.count`: checks the dtypes before anything is computed, so a wrong
/// column fails at `collect_schema()` and not halfway through a pipeline.
fn count_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let [text, needle] = input_fields else {
        polars_bail!(InvalidOperation: "wc.count takes a text and a needle, got {} inputs", input_fields.len());
    };
    expect_string_field(text, "wc.count", "the text")?;
    expect_string_field(needle, "wc.count", "the needle")?;
    Ok(Field::new(text.name().clone(), DataType::UInt32))
}

/// Counts of one needle in every row of one chunk; null rows stay null.
fn count_chunk(
    arr: &Utf8ViewArray,
    counter: &WordCounter,
    may_use_threads: bool,
) -> PrimitiveArray<u32> {
    let values = map_rows(arr, may_use_threads, |row| counter.count(row));
    PrimitiveArray::from_vec(values).with_validity(arr.validity().cloned())
}

/// `inputs[0]` is the text, `inputs[1]` the needle: a length-1 column is broadcast, otherwise
/// it is compared row by row.
#[polars_expr(output_type_func=count_output)]
fn wc_count(inputs: &[Series], context: CallerContext) -> PolarsResult<Series> {
    let [text, needle] = inputs else {
        polars_bail!(InvalidOperation: "wc.count takes a text and a needle, got {} inputs", inputs.len());
    };
    let text = expect_string(text, "wc.count", "the text")?;
    let needle = expect_string(needle, "wc.count", "the needle")?;
    let may_use_threads = !context.parallel();

    let out: UInt32Chunked = if needle.len() == 1 {
        match needle.get(0) {
            None => UInt32Chunked::full_null(text.name().clone(), text.len()),
            Some(needle) => {
                let counter = WordCounter::new(needle);
                let chunks = text
                    .downcast_iter()
                    .map(|arr| count_chunk(arr, &counter, may_use_threads));
                UInt32Chunked::from_chunk_iter(text.name().clone(), chunks)
            }
        }
    } else if text.len() == needle.len() || text.len() == 1 {
        let text = if text.len() == 1 {
            text.new_from_index(0, needle.len())
        } else {
            text.clone()
        };
        let mut out: UInt32Chunked = text
            .iter()
            .zip(needle.iter())
            .map(|(row, needle)| Some(WordCounter::new(needle?).count(row?)))
            .collect();
        out.rename(text.name().clone());
        out
    } else {
        polars_bail!(
            ShapeMismatch: "wc.count: the needle has {} rows but the text has {}; pass one needle or one per row",
            needle.len(), text.len()
        );
    };
    Ok(out.into_series())
}
