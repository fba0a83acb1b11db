//! Polars adapters: dtype checks with the dtype's name in the error, options parsing,
//! broadcasting of a length-1 argument, and building the output arrays. The counting itself is
//! the kernel's.

use polars::prelude::*;
use polars_arrow::array::{Array, PrimitiveArray, Utf8ViewArray};
use polars_arrow::compute::utils::combine_validities_and;
use pyo3_polars::derive::{polars_expr, CallerContext};
use serde::Deserialize;

use crate::kernel::{family, ManyCounter, MatchOptions, Mode, NeedleMatcher, WordTally};
use crate::string_rows::{
    count_many_columns, count_matcher, count_per_row, map_chunk_rows, map_rows, tally_rows,
};

// ---------------------------------------------------------------------------------------------
// Shared: dtype checks, options, output building.

/// The single place that turns an input into a `StringChunked`, so every function reports a
/// wrong dtype the same way.
fn expect_string<'a>(
    s: &'a Series,
    function: &str,
    argument: &str,
) -> PolarsResult<&'a StringChunked> {
    expect_string_dtype(s.dtype(), function, argument)?;
    s.str()
}

/// The same check on a schema field, run by the output-type functions so that a wrong column
/// fails at `collect_schema()`, before anything is computed.
fn expect_string_dtype(dtype: &DataType, function: &str, argument: &str) -> PolarsResult<()> {
    match dtype {
        DataType::String => Ok(()),
        other => polars_bail!(
            InvalidOperation: "{function}: {argument} must be a String column, got dtype {other}"
        ),
    }
}

/// Checks that there are `N` inputs and that all are String, returning the first field.
fn string_fields<'a, const N: usize>(
    fields: &'a [Field],
    function: &str,
) -> PolarsResult<&'a Field> {
    let names = ["the text", "the needle"];
    let (Ok(checked), Some(first)) = (<&[Field; N]>::try_from(fields), fields.first()) else {
        polars_bail!(InvalidOperation: "{function} takes {N} input(s), got {}", fields.len());
    };
    for (field, argument) in checked.iter().zip(names) {
        expect_string_dtype(field.dtype(), function, argument)?;
    }
    Ok(first)
}

/// The options shared by the counting functions, as the Python layer passes them.
#[derive(Deserialize)]
struct MatchKwargs {
    ignore_case: bool,
    mode: String,
}

impl MatchKwargs {
    fn options(&self, function: &str) -> PolarsResult<MatchOptions> {
        let Some(mode) = Mode::parse(&self.mode) else {
            polars_bail!(
                InvalidOperation: "{function}: mode must be one of {:?}, got {:?}", Mode::NAMES, self.mode
            );
        };
        Ok(MatchOptions {
            mode,
            ignore_case: self.ignore_case,
        })
    }
}

/// `values_of` applied to every chunk of `text`; null rows stay null. This is also the no-null
/// fast path: the values are written straight into the output buffer and the input's validity
/// (none, when there are no nulls) is reused as is.
fn map_chunks(
    text: &StringChunked,
    may_use_threads: bool,
    values_of: impl Fn(&Utf8ViewArray, bool) -> Vec<u32> + Sync,
) -> UInt32Chunked {
    let arrays: Vec<&Utf8ViewArray> = text.downcast_iter().collect();
    let values = map_chunk_rows(&arrays, may_use_threads, values_of);
    let chunks = arrays.iter().zip(values).map(|(arr, values)| {
        PrimitiveArray::from_vec(values).with_validity(arr.validity().cloned())
    });
    UInt32Chunked::from_chunk_iter(text.name().clone(), chunks)
}

/// `per_row` applied to every row of `text`; null rows stay null.
fn map_text(
    text: &StringChunked,
    may_use_threads: bool,
    per_row: impl Fn(&str) -> u32 + Sync,
) -> UInt32Chunked {
    map_chunks(text, may_use_threads, |arr, threads| {
        map_rows(arr, threads, &per_row)
    })
}

// ---------------------------------------------------------------------------------------------
// wc.count

fn count_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let text = string_fields::<2>(input_fields, "wc.count")?;
    Ok(Field::new(text.name().clone(), DataType::UInt32))
}

/// `inputs[0]` is the text, `inputs[1]` the needle: a length-1 needle is broadcast, otherwise
/// it is compared row by row (a length-1 text is broadcast against it).
#[polars_expr(output_type_func=count_output)]
fn wc_count(
    inputs: &[Series],
    context: CallerContext,
    kwargs: MatchKwargs,
) -> PolarsResult<Series> {
    let [text, needle] = inputs else {
        polars_bail!(InvalidOperation: "wc.count takes a text and a needle, got {} inputs", inputs.len());
    };
    let text = expect_string(text, "wc.count", "the text")?;
    let needle = expect_string(needle, "wc.count", "the needle")?;
    let options = kwargs.options("wc.count")?;

    let out: UInt32Chunked = if needle.len() == 1 {
        match needle.get(0) {
            None => UInt32Chunked::full_null(text.name().clone(), text.len()),
            Some(needle) => {
                let matcher = NeedleMatcher::new(needle, options);
                map_chunks(text, !context.parallel(), |arr, threads| {
                    count_matcher(arr, threads, &matcher)
                })
            }
        }
    } else if text.len() == needle.len() || text.len() == 1 {
        let text = if text.len() == 1 {
            text.new_from_index(0, needle.len())
        } else {
            text.clone()
        };
        // One chunk each, so that row `i` of the text meets row `i` of the needles.
        let (text, needle) = (text.rechunk(), needle.rechunk());
        let arrays = (text.downcast_iter().next(), needle.downcast_iter().next());
        let out = match arrays {
            (Some(texts), Some(needles)) => {
                let values = count_per_row(texts, needles, !context.parallel(), options);
                let validity = combine_validities_and(texts.validity(), needles.validity());
                let array = PrimitiveArray::from_vec(values).with_validity(validity);
                UInt32Chunked::with_chunk(text.name().clone(), array)
            }
            // No chunk at all: an empty column.
            _ => UInt32Chunked::from_vec(text.name().clone(), Vec::new()),
        };
        out
    } else {
        polars_bail!(
            ShapeMismatch: "wc.count: the needle has {} rows but the text has {}; pass one needle or one per row",
            needle.len(), text.len()
        );
    };
    Ok(out.into_series())
}

// ---------------------------------------------------------------------------------------------
// wc.count_many

#[derive(Deserialize)]
struct CountManyKwargs {
    needles: Vec<String>,
    ignore_case: bool,
    mode: String,
}

fn count_many_output(input_fields: &[Field], kwargs: CountManyKwargs) -> PolarsResult<Field> {
    let text = string_fields::<1>(input_fields, "wc.count_many")?;
    let fields = kwargs
        .needles
        .iter()
        .map(|n| Field::new(n.as_str().into(), DataType::UInt32))
        .collect();
    Ok(Field::new(text.name().clone(), DataType::Struct(fields)))
}

/// One `UInt32` field per needle, all counted in a single pass over each row.
#[polars_expr(output_type_func_with_kwargs=count_many_output)]
fn wc_count_many(
    inputs: &[Series],
    context: CallerContext,
    kwargs: CountManyKwargs,
) -> PolarsResult<Series> {
    let [text] = inputs else {
        polars_bail!(InvalidOperation: "wc.count_many takes one text column, got {} inputs", inputs.len());
    };
    let text = expect_string(text, "wc.count_many", "the text")?;
    let options = MatchKwargs {
        ignore_case: kwargs.ignore_case,
        mode: kwargs.mode,
    }
    .options("wc.count_many")?;
    let needles: Vec<&str> = kwargs.needles.iter().map(String::as_str).collect();
    let counter = ManyCounter::new(&needles, options);
    // One output column per needle, built chunk by chunk.
    let mut columns: Vec<Vec<PrimitiveArray<u32>>> = vec![Vec::new(); needles.len()];
    for arr in text.downcast_iter() {
        let counts = count_many_columns(arr, !context.parallel(), &counter);
        for (values, column) in counts.into_iter().zip(columns.iter_mut()) {
            column.push(PrimitiveArray::from_vec(values).with_validity(arr.validity().cloned()));
        }
    }
    let fields: Vec<Series> = columns
        .into_iter()
        .zip(&needles)
        .map(|(chunks, needle)| {
            UInt32Chunked::from_chunk_iter((*needle).into(), chunks).into_series()
        })
        .collect();
    Ok(StructChunked::from_series(text.name().clone(), text.len(), fields.iter())?.into_series())
}

// ---------------------------------------------------------------------------------------------
// The wc family: words, lines, chars, bytes.

/// A row-wise `UInt32` function of the text alone, with its output-type function.
macro_rules! family_expr {
    ($name:ident, $output:ident, $label:literal, $kernel:path) => {
        fn $output(input_fields: &[Field]) -> PolarsResult<Field> {
            let text = string_fields::<1>(input_fields, $label)?;
            Ok(Field::new(text.name().clone(), DataType::UInt32))
        }

        #[polars_expr(output_type_func=$output)]
        fn $name(inputs: &[Series], context: CallerContext) -> PolarsResult<Series> {
            let [text] = inputs else {
                polars_bail!(InvalidOperation: "{} takes one text column, got {} inputs", $label, inputs.len());
            };
            let text = expect_string(text, $label, "the text")?;
            Ok(map_text(text, !context.parallel(), $kernel).into_series())
        }
    };
}

family_expr!(wc_words, words_output, "wc.words", family::words);
family_expr!(wc_lines, lines_output, "wc.lines", family::lines);
family_expr!(wc_chars, chars_output, "wc.chars", family::chars);
family_expr!(wc_bytes, bytes_output, "wc.bytes", family::bytes);

// ---------------------------------------------------------------------------------------------
// wc.top_words

#[derive(Deserialize)]
struct TopWordsKwargs {
    k: Option<usize>,
    ignore_case: bool,
    mode: String,
}

fn top_words_dtype() -> DataType {
    DataType::List(Box::new(DataType::Struct(vec![
        Field::new("word".into(), DataType::String),
        Field::new("count".into(), DataType::UInt64),
    ])))
}

fn top_words_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let text = string_fields::<1>(input_fields, "wc.top_words")?;
    Ok(Field::new(text.name().clone(), top_words_dtype()))
}

/// An aggregation: the `k` most frequent tokens of the whole column (or group), as one list of
/// `{word, count}` structs sorted by count descending, then word ascending.
#[polars_expr(output_type_func=top_words_output)]
fn wc_top_words(
    inputs: &[Series],
    context: CallerContext,
    kwargs: TopWordsKwargs,
) -> PolarsResult<Series> {
    let [text] = inputs else {
        polars_bail!(InvalidOperation: "wc.top_words takes one text column, got {} inputs", inputs.len());
    };
    let text = expect_string(text, "wc.top_words", "the text")?;
    let options = MatchKwargs {
        ignore_case: kwargs.ignore_case,
        mode: kwargs.mode,
    }
    .options("wc.top_words")?;
    let mut tally = WordTally::default();
    for arr in text.downcast_iter() {
        tally.merge(tally_rows(
            arr,
            arr.validity(),
            !context.parallel(),
            options,
        ));
    }
    let top = tally.top(kwargs.k);
    let words: StringChunked = top.iter().map(|(w, _)| Some(w.as_ref())).collect();
    let counts: UInt64Chunked = top.iter().map(|(_, n)| Some(*n)).collect();
    let fields = [
        words.with_name("word".into()).into_series(),
        counts.with_name("count".into()).into_series(),
    ];
    let entries = StructChunked::from_series(text.name().clone(), top.len(), fields.iter())?;
    let list = entries.into_series().implode()?;
    Ok(list.with_name(text.name().clone()).into_series())
}
