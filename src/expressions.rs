//! The Polars adapter: expression functions that translate types and nothing else. Each reads
//! its inputs through the intake, lets the engine count, and wraps the engine's arrays as a
//! Series; errors are the engine's, named after the function. `plugin_function!` exports each
//! with its output-type function as the plugin's C entry points (`polars_plugin`).

use polars::prelude::*;
use polars_arrow::array::{Array, ListArray, PrimitiveArray, StructArray, Utf8ViewArray};
use polars_arrow::offset::OffsetsBuffer;
use pyo3_polars::derive::CallerContext;
use serde::Deserialize;
use wordcount_kernel::{MatchOptions, WordFilter};

use crate::engine::{self, Counts, Family, ListOf, Needle};
use crate::intake::{self, TextColumn};
use crate::polars_plugin::{plugin_function, PluginInput};

/// The names the argument checks use for the plugin's inputs, in order.
const INPUT_NAMES: [&str; 2] = ["the text", "the needle"];

/// Checks that there are `N` inputs and that each is text, returning the first field.
fn text_fields<'a, const N: usize>(fields: &'a [Field], function: &str) -> PolarsResult<&'a Field> {
    let (Ok(checked), Some(first)) = (<&[Field; N]>::try_from(fields), fields.first()) else {
        polars_bail!(InvalidOperation: "{function} takes {N} input(s), got {}", fields.len());
    };
    for (field, what) in checked.iter().zip(INPUT_NAMES) {
        intake::check_polars_dtype(what, field.dtype()).map_err(|e| e.into_polars(function))?;
    }
    Ok(first)
}

/// The inputs as the intake's columns, `N` of them.
fn text_columns<const N: usize>(
    inputs: &[PluginInput],
    function: &str,
) -> PolarsResult<[TextColumn; N]> {
    let Ok(inputs) = <&[PluginInput; N]>::try_from(inputs) else {
        polars_bail!(InvalidOperation: "{function} takes {N} input(s), got {}", inputs.len());
    };
    let mut columns = Vec::with_capacity(N);
    for (input, what) in inputs.iter().zip(INPUT_NAMES) {
        columns.push(input.text(what).map_err(|e| e.into_polars(function))?);
    }
    columns
        .try_into()
        .map_err(|_| polars_err!(InvalidOperation: "{function} takes {N} input(s)"))
}

fn uint32_output(input_fields: &[Field], function: &str) -> PolarsResult<Field> {
    let text = text_fields::<1>(input_fields, function)?;
    Ok(Field::new(text.name().clone(), DataType::UInt32))
}

/// The engine's arrays as a `UInt32` Series. An empty column still gets one (empty) chunk:
/// Polars' own operations expect at least one.
fn to_series(name: PlSmallStr, counts: Counts) -> Series {
    if counts.is_empty() {
        return UInt32Chunked::from_vec(name, Vec::new()).into_series();
    }
    UInt32Chunked::from_chunk_iter(name, counts).into_series()
}

/// The options shared by the counting functions, as the Python layer passes them.
#[derive(Deserialize)]
struct MatchKwargs {
    ignore_case: bool,
    mode: String,
}

impl MatchKwargs {
    fn options(&self, function: &str) -> PolarsResult<MatchOptions> {
        engine::parse_options(&self.mode, self.ignore_case).map_err(|e| e.into_polars(function))
    }
}

/// The options of the functions that take needles: the shared ones and `phrase`.
#[derive(Deserialize)]
struct NeedleKwargs {
    #[serde(flatten)]
    options: MatchKwargs,
    #[serde(default)]
    phrase: bool,
}

impl NeedleKwargs {
    fn options(&self, function: &str) -> PolarsResult<MatchOptions> {
        let MatchKwargs { ignore_case, mode } = &self.options;
        engine::parse_count_options(mode, *ignore_case, self.phrase)
            .map_err(|e| e.into_polars(function))
    }
}

// ---------------------------------------------------------------------------------------------
// wc.count

fn count_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let text = text_fields::<2>(input_fields, "wc.count")?;
    Ok(Field::new(text.name().clone(), DataType::UInt32))
}

/// `inputs[0]` is the text, `inputs[1]` the needle column (one row, or one per row).
fn wc_count(
    inputs: &[PluginInput],
    context: CallerContext,
    kwargs: NeedleKwargs,
) -> PolarsResult<Series> {
    let options = kwargs.options("wc.count")?;
    let [text, needles] = text_columns::<2>(inputs, "wc.count")?;
    let counts = engine::count(
        &text,
        Needle::PerRow(&needles),
        options,
        !context.parallel(),
    )
    .map_err(|e| e.into_polars("wc.count"))?;
    // A length-1 text broadcast against a needle column is named after the text too.
    Ok(to_series(inputs[0].name().clone(), counts))
}

plugin_function!(wc_count, output: count_output, compute: wc_count, kwargs: NeedleKwargs);

// ---------------------------------------------------------------------------------------------
// wc.count_many

#[derive(Deserialize)]
struct CountManyKwargs {
    needles: Vec<String>,
    #[serde(flatten)]
    options: NeedleKwargs,
}

fn count_many_output(input_fields: &[Field], kwargs: CountManyKwargs) -> PolarsResult<Field> {
    let text = text_fields::<1>(input_fields, "wc.count_many")?;
    let fields = kwargs
        .needles
        .iter()
        .map(|n| Field::new(n.as_str().into(), DataType::UInt32))
        .collect();
    Ok(Field::new(text.name().clone(), DataType::Struct(fields)))
}

/// One `UInt32` field per needle, all counted in a single pass over each row.
fn wc_count_many(
    inputs: &[PluginInput],
    context: CallerContext,
    kwargs: CountManyKwargs,
) -> PolarsResult<Series> {
    let options = kwargs.options.options("wc.count_many")?;
    let [text] = text_columns::<1>(inputs, "wc.count_many")?;
    let needles: Vec<&str> = kwargs.needles.iter().map(String::as_str).collect();
    let columns = engine::count_many::<u32>(&text, &needles, options, !context.parallel())
        .map_err(|e| e.into_polars("wc.count_many"))?;
    let fields: Vec<Series> = columns
        .into_arrays()
        .into_iter()
        .zip(&needles)
        .map(|(counts, needle)| to_series((*needle).into(), vec![counts]))
        .collect();
    let name = inputs[0].name().clone();
    Ok(StructChunked::from_series(name, text.len(), fields.iter())?.into_series())
}

plugin_function!(
    wc_count_many,
    output_kwargs: count_many_output,
    compute: wc_count_many,
    kwargs: CountManyKwargs
);

// ---------------------------------------------------------------------------------------------
// The wc family: words, lines, chars, bytes.

fn family_series(
    inputs: &[PluginInput],
    context: CallerContext,
    which: Family,
    function: &str,
) -> PolarsResult<Series> {
    let [text] = text_columns::<1>(inputs, function)?;
    let counts =
        engine::family(&text, which, !context.parallel()).map_err(|e| e.into_polars(function))?;
    Ok(to_series(inputs[0].name().clone(), counts))
}

/// One member of the family: its output-type function, its expression function and their entry
/// points.
macro_rules! family_expr {
    ($name:ident, $output:ident, $which:expr, $label:literal) => {
        fn $output(fields: &[Field]) -> PolarsResult<Field> {
            uint32_output(fields, $label)
        }

        fn $name(inputs: &[PluginInput], context: CallerContext) -> PolarsResult<Series> {
            family_series(inputs, context, $which, $label)
        }

        plugin_function!($name, output: $output, compute: $name);
    };
}

family_expr!(wc_words, words_output, Family::Words, "wc.words");
family_expr!(wc_lines, lines_output, Family::Lines, "wc.lines");
family_expr!(wc_chars, chars_output, Family::Chars, "wc.chars");
family_expr!(wc_bytes, bytes_output, Family::Bytes, "wc.bytes");

// ---------------------------------------------------------------------------------------------
// wc.top_words

#[derive(Deserialize)]
struct TopWordsKwargs {
    k: Option<usize>,
    exclude: Vec<String>,
    min_count: u64,
    #[serde(flatten)]
    options: MatchKwargs,
}

/// The entries of a `top_words` list.
fn top_words_entry() -> DataType {
    DataType::Struct(vec![
        Field::new("word".into(), DataType::String),
        Field::new("count".into(), DataType::UInt64),
    ])
}

/// The input is the text imploded to one list per group (or one for a whole column in
/// `select`), so a `group_by` calls the plugin once for all its groups.
fn top_words_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let [text] = input_fields else {
        polars_bail!(InvalidOperation: "wc.top_words takes 1 input(s), got {}", input_fields.len());
    };
    intake::check_polars_list_dtype(INPUT_NAMES[0], text.dtype())
        .map_err(|e| e.into_polars("wc.top_words"))?;
    Ok(Field::new(
        text.name().clone(),
        DataType::List(Box::new(top_words_entry())),
    ))
}

/// Elementwise over lists: each list's `k` most frequent tokens, as a list of `{word, count}`
/// structs sorted by count descending, then word ascending.
fn wc_top_words(
    inputs: &[PluginInput],
    context: CallerContext,
    kwargs: TopWordsKwargs,
) -> PolarsResult<Series> {
    let options = kwargs.options.options("wc.top_words")?;
    let [input] = inputs else {
        polars_bail!(InvalidOperation: "wc.top_words takes 1 input(s), got {}", inputs.len());
    };
    let lists = input
        .series(INPUT_NAMES[0])
        .and_then(|series| intake::lists_from_series(INPUT_NAMES[0], series))
        .map_err(|e| e.into_polars("wc.top_words"))?;
    let filter = WordFilter::new(
        kwargs.exclude.iter().map(String::as_str),
        kwargs.min_count,
        options,
    );
    let ranked =
        engine::top_words_per_list(&lists, kwargs.k, &filter, options, !context.parallel());
    let words = Utf8ViewArray::from_slice_values(&ranked.words);
    let counts = PrimitiveArray::from_vec(ranked.counts);
    let entry_dtype = top_words_entry();
    let entries = StructArray::new(
        entry_dtype.to_arrow(CompatLevel::newest()),
        words.len(),
        vec![words.boxed(), counts.boxed()],
        None,
    );
    let offsets = OffsetsBuffer::try_from(ranked.offsets)?;
    let list = ListArray::<i64>::new(
        ListArray::<i64>::default_datatype(entries.dtype().clone()),
        offsets,
        entries.boxed(),
        ranked.validity,
    );
    let dtype = DataType::List(Box::new(entry_dtype));
    Series::from_chunk_and_dtype(input.name().clone(), list.boxed(), &dtype)
}

plugin_function!(
    wc_top_words,
    output: top_words_output,
    compute: wc_top_words,
    kwargs: TopWordsKwargs
);

// ---------------------------------------------------------------------------------------------
// wc.split and wc.frequencies: one list per row.

/// The engine's list arrays as a `List` Series (one chunk each; an empty column still gets
/// one, empty, chunk).
fn lists_to_series(name: PlSmallStr, lists: engine::Lists, of: ListOf) -> PolarsResult<Series> {
    let mut arrays: Vec<ArrayRef> = lists.into_iter().map(|a| a.boxed()).collect();
    if arrays.is_empty() {
        arrays.push(ListArray::<i64>::new_empty(of.list_dtype()).boxed());
    }
    Series::from_arrow_chunks(name, arrays)
}

#[derive(Deserialize)]
struct SplitKwargs {
    mode: String,
}

fn split_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let text = text_fields::<1>(input_fields, "wc.split")?;
    Ok(Field::new(
        text.name().clone(),
        DataType::List(Box::new(DataType::String)),
    ))
}

/// Each row's tokens: `text.split()`, or its Unicode words with `mode="words"`.
fn wc_split(
    inputs: &[PluginInput],
    context: CallerContext,
    kwargs: SplitKwargs,
) -> PolarsResult<Series> {
    let options =
        engine::parse_options(&kwargs.mode, false).map_err(|e| e.into_polars("wc.split"))?;
    let [text] = text_columns::<1>(inputs, "wc.split")?;
    let lists = engine::split(&text, options.mode, !context.parallel())
        .map_err(|e| e.into_polars("wc.split"))?;
    lists_to_series(
        inputs[0].name().clone(),
        lists,
        ListOf::Tokens(options.mode),
    )
}

plugin_function!(wc_split, output: split_output, compute: wc_split, kwargs: SplitKwargs);

fn frequencies_output(input_fields: &[Field]) -> PolarsResult<Field> {
    let text = text_fields::<1>(input_fields, "wc.frequencies")?;
    let entry = DataType::Struct(vec![
        Field::new("word".into(), DataType::String),
        Field::new("count".into(), DataType::UInt32),
    ]);
    Ok(Field::new(
        text.name().clone(),
        DataType::List(Box::new(entry)),
    ))
}

/// Each row's bag of words: `{word, count}` structs by count descending, then word.
fn wc_frequencies(
    inputs: &[PluginInput],
    context: CallerContext,
    kwargs: MatchKwargs,
) -> PolarsResult<Series> {
    let options = kwargs.options("wc.frequencies")?;
    let [text] = text_columns::<1>(inputs, "wc.frequencies")?;
    let lists = engine::frequencies(&text, options, !context.parallel())
        .map_err(|e| e.into_polars("wc.frequencies"))?;
    lists_to_series(
        inputs[0].name().clone(),
        lists,
        ListOf::Frequencies(options),
    )
}

plugin_function!(
    wc_frequencies,
    output: frequencies_output,
    compute: wc_frequencies,
    kwargs: MatchKwargs
);
