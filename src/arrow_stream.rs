//! The Arrow adapter: any producer of `__arrow_c_stream__` (pyarrow, pandas with Arrow
//! storage, Polars, DuckDB, Spark, Ray, ...) hands its arrays over through the C stream
//! interface, the intake reads them in place (validating their UTF-8, which a C stream does not
//! promise), the engine counts, and the result goes back as a `UInt32` array through the C data
//! interface. This is the pandas accessor's and Dask's route into the engine.

use std::ffi::CStr;

use numpy::PyArray1;
use polars_arrow::array::{
    Array, ListArray, PrimitiveArray, StructArray, Utf8Array, Utf8ViewArray,
};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{
    export_array_to_c, export_field_to_c, ArrowArrayStream, ArrowArrayStreamReader,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use wordcount_kernel::WordFilter;

use crate::engine::{self, Family, ListOf, Needle};
use crate::error::{WcError, WcResult};
use crate::intake::{self, TextColumn, Utf8Promise};

type CapsulePair<'py> = (Bound<'py, PyCapsule>, Bound<'py, PyCapsule>);

/// `count_many_arrow`'s `int64_block`: the counts (needle after needle) and the rows that are not null (None
/// when none is).
type CountsBlock<'py> = (
    Bound<'py, PyArray1<i64>>,
    Option<Bound<'py, PyArray1<bool>>>,
);

const STREAM_CAPSULE: &CStr = c"arrow_array_stream";
const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";

/// The arrays of a C stream, read into the intake's column, their UTF-8 (which the C data
/// interface does not promise) still to be checked as the engine reads them. Run without the
/// GIL: a dictionary's values are checked here.
fn text_of(what: &'static str, arrays: &[Box<dyn Array>]) -> WcResult<TextColumn> {
    intake::from_arrow(what, arrays, Utf8Promise::Unchecked)
}

/// Moves the stream out of an `arrow_array_stream` capsule and reads every chunk, after
/// checking its type. `what` names the argument in errors.
fn import_arrays(
    what: &'static str,
    function: &str,
    data: &Bound<'_, PyAny>,
) -> PyResult<Vec<Box<dyn Array>>> {
    let type_name = data.get_type().name()?;
    if !data.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "{function}: {what} must be an Arrow array or stream (an object with \
             __arrow_c_stream__), got {type_name}"
        )));
    }
    let capsule = data.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(STREAM_CAPSULE))?;
    // SAFETY: the Arrow PyCapsule protocol guarantees that a capsule named "arrow_array_stream"
    // points to a valid ArrowArrayStream, and lets the consumer move it out as long as it leaves
    // a released (release == NULL) struct behind, which `ArrowArrayStream::empty()` is. The
    // capsule is alive for the duration of this call, so the pointer is valid here.
    let stream = unsafe {
        std::ptr::replace(
            pointer.cast::<ArrowArrayStream>().as_ptr(),
            ArrowArrayStream::empty(),
        )
    };
    // SAFETY: the stream came from a producer of the C stream interface (see above).
    let mut reader = unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }
        .map_err(|e| PyValueError::new_err(format!("could not read the Arrow stream: {e}")))?;
    intake::check_arrow_dtype(what, reader.field().dtype()).map_err(|e| e.into_py(function))?;
    let mut chunks = Vec::new();
    // SAFETY: each array comes from the same C stream producer, which fulfils the C data
    // interface for the schema checked above: its buffers are as long as its lengths and
    // offsets say. That the strings are UTF-8 is not part of that promise; the intake validates
    // them before any row is read as `str`.
    while let Some(chunk) = unsafe { reader.next() } {
        let chunk = chunk
            .map_err(|e| PyValueError::new_err(format!("could not read the Arrow stream: {e}")))?;
        chunks.push(chunk);
    }
    Ok(chunks)
}

/// Exports a `UInt32` array as the `(arrow_schema, arrow_array)` capsule pair that
/// `__arrow_c_array__` returns, so that `pyarrow.array(...)` can import it without a copy.
fn export_capsules<'py>(
    py: Python<'py>,
    array: PrimitiveArray<u32>,
) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
    export_array_capsules(py, "count", array.boxed())
}

/// Exports any array as a capsule pair (see [`export_capsules`]), its field named `name`.
fn export_array_capsules<'py>(
    py: Python<'py>,
    name: &str,
    array: Box<dyn Array>,
) -> PyResult<CapsulePair<'py>> {
    let field = Field::new(name.into(), array.dtype().clone(), true);
    // The capsules own the structs; their destructors call `release` unless the consumer has
    // moved the struct out first, as the C data interface requires.
    let schema = PyCapsule::new_with_value(py, export_field_to_c(&field), SCHEMA_CAPSULE)?;
    let array = PyCapsule::new_with_value(py, export_array_to_c(array), ARRAY_CAPSULE)?;
    Ok((schema, array))
}

/// Whole-word counts of `needle` in every row of an Arrow string array or stream.
///
/// `needle` is a `str`, or Arrow string data with one needle per row (or one row, which is then
/// every row's needle); with `phrase`, each needle is a run of tokens. Returns the
/// `(schema, array)` capsules of a `UInt32` array (null where the text or needle is null).
#[pyfunction]
#[pyo3(signature = (data, needle, *, ignore_case = false, mode = "whitespace", phrase = false))]
pub fn count_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    needle: &Bound<'py, PyAny>,
    ignore_case: bool,
    mode: &str,
    phrase: bool,
) -> PyResult<CapsulePair<'py>> {
    let options =
        engine::parse_count_options(mode, ignore_case, phrase).map_err(|e| e.into_py("count"))?;
    let texts = import_arrays("the text", "count", data)?;
    let one_needle = needle.extract::<String>().ok();
    let needles = match one_needle {
        Some(_) => Vec::new(),
        None => import_arrays("the needle", "count", needle)?,
    };
    let counts = py.detach(|| {
        let text = text_of("the text", &texts)?;
        match &one_needle {
            Some(needle) => engine::count(&text, Needle::One(Some(needle)), options, true),
            None => {
                let needles = text_of("the needle", &needles)?;
                engine::count(&text, Needle::PerRow(&needles), options, true)
            }
        }
    });
    export_counts(py, "count", counts)
}

/// Counts of several needles in one pass: one `(schema, array)` capsule pair per needle, or
/// with `int64_block` the counts as pandas takes them, `(values, valid)`, where `values` is a
/// 1-D `int64` numpy array holding needle after needle (row count each; the 2-D block is its
/// reshape, without a copy) and `valid` a `bool` array of the rows that are not null, or None
/// when none is.
#[pyfunction]
#[pyo3(signature = (data, needles, *, ignore_case = false, mode = "whitespace", phrase = false, int64_block = false))]
pub fn count_many_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    needles: Vec<String>,
    ignore_case: bool,
    mode: &str,
    phrase: bool,
    int64_block: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let options = engine::parse_count_options(mode, ignore_case, phrase)
        .map_err(|e| e.into_py("count_many"))?;
    let texts = import_arrays("the text", "count_many", data)?;
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    let text = text_of("the text", &texts).map_err(|e| e.into_py("count_many"))?;
    if int64_block {
        let counts = py
            .detach(|| engine::count_many::<i64>(&text, &needles, options, true))
            .map_err(|e| e.into_py("count_many"))?;
        let valid = counts
            .validity
            .map(|bits| PyArray1::from_iter(py, bits.iter()));
        // The buffer moves into the numpy array: no copy.
        let block: CountsBlock<'py> = (PyArray1::from_vec(py, counts.values), valid);
        return Ok(block.into_pyobject(py)?.into_any());
    }
    let columns = py
        .detach(|| engine::count_many::<u32>(&text, &needles, options, true))
        .map_err(|e| e.into_py("count_many"))?;
    let pairs = columns
        .into_arrays()
        .into_iter()
        .map(|counts| export_capsules(py, counts))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(pairs.into_pyobject(py)?.into_any())
}

/// `words`, `lines`, `chars` or `bytes` of every row, as a `UInt32` capsule pair.
#[pyfunction]
pub fn family_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    which: &str,
) -> PyResult<CapsulePair<'py>> {
    let family = Family::parse(which).map_err(|e| e.into_py("family"))?;
    // Errors are named after the member the user called (`words`, ...).
    let texts = import_arrays("the text", which, data)?;
    let counts = py.detach(|| engine::family(&text_of("the text", &texts)?, family, true));
    export_counts(py, which, counts)
}

/// The `k` most frequent tokens (all when `k` is None) seen at least `min_count` times and not
/// in `exclude`, by count descending then word.
#[pyfunction]
#[pyo3(signature = (data, k = None, *, ignore_case = false, mode = "whitespace", exclude = Vec::new(), min_count = 1))]
pub fn top_words_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    k: Option<usize>,
    ignore_case: bool,
    mode: &str,
    exclude: Vec<String>,
    min_count: u64,
) -> PyResult<Vec<(String, u64)>> {
    let options = engine::parse_options(mode, ignore_case).map_err(|e| e.into_py("top_words"))?;
    let texts = import_arrays("the text", "top_words", data)?;
    py.detach(|| {
        let text = text_of("the text", &texts)?;
        let filter = WordFilter::new(exclude.iter().map(String::as_str), min_count, options);
        Ok(engine::top_words(&text, k, &filter, options, true)?
            .into_iter()
            .map(|(word, n)| (word.into_owned(), n))
            .collect())
    })
    .map_err(|e: crate::error::WcError| e.into_py("top_words"))
}

fn export_counts<'py>(
    py: Python<'py>,
    function: &str,
    counts: WcResult<engine::Counts>,
) -> PyResult<CapsulePair<'py>> {
    let counts = counts.map_err(|e| e.into_py(function))?;
    export_capsules(py, engine::concatenate(counts))
}

/// The engine's list arrays as capsule pairs, one per piece, in row order (at least one, so
/// that an empty column still carries its type).
fn export_lists<'py>(
    py: Python<'py>,
    function: &str,
    of: ListOf,
    lists: WcResult<engine::Lists>,
) -> PyResult<Vec<CapsulePair<'py>>> {
    let mut lists = lists.map_err(|e| e.into_py(function))?;
    if lists.is_empty() {
        lists.push(ListArray::new_empty(of.list_dtype()));
    }
    lists
        .into_iter()
        .map(|list| {
            let list = with_large_strings(list.boxed()).map_err(|e| e.into_py(function))?;
            export_array_capsules(py, function, list)
        })
        .collect()
}

/// `array` with its strings, at any depth of lists and structs, as `large_string` rather than
/// Polars' `string_view`: pyarrow reads views only from version 16 on, and the package
/// supports pyarrow 14.
fn with_large_strings(array: Box<dyn Array>) -> WcResult<Box<dyn Array>> {
    let internal = |e: polars::prelude::PolarsError| WcError::Internal(e.to_string());
    let any = array.as_any();
    if let Some(strings) = any.downcast_ref::<Utf8ViewArray>() {
        let values = Utf8Array::<i64>::from_trusted_len_values_iter(strings.values_iter());
        return Ok(values.with_validity(strings.validity().cloned()).boxed());
    }
    if let Some(list) = any.downcast_ref::<ListArray<i64>>() {
        let values = with_large_strings(list.values().clone())?;
        let dtype = ListArray::<i64>::default_datatype(values.dtype().clone());
        let validity = list.validity().cloned();
        return Ok(
            ListArray::<i64>::try_new(dtype, list.offsets().clone(), values, validity)
                .map_err(internal)?
                .boxed(),
        );
    }
    if let Some(entries) = any.downcast_ref::<StructArray>() {
        let values = entries
            .values()
            .iter()
            .map(|field| with_large_strings(field.clone()))
            .collect::<WcResult<Vec<_>>>()?;
        let fields = entries
            .fields()
            .iter()
            .zip(&values)
            .map(|(field, array)| Field::new(field.name.clone(), array.dtype().clone(), true))
            .collect();
        let validity = entries.validity().cloned();
        let dtype = ArrowDataType::Struct(fields);
        return Ok(StructArray::try_new(dtype, entries.len(), values, validity)
            .map_err(internal)?
            .boxed());
    }
    Ok(array)
}

/// The tokens of every row (`text.split()`, or the Unicode words with `mode="words"`): one
/// `(schema, array)` capsule pair of a `large_list<large_string>` array per piece, in row order.
#[pyfunction]
#[pyo3(signature = (data, *, mode = "whitespace"))]
pub fn split_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    mode: &str,
) -> PyResult<Vec<CapsulePair<'py>>> {
    let options = engine::parse_options(mode, false).map_err(|e| e.into_py("split"))?;
    let texts = import_arrays("the text", "split", data)?;
    let lists = py.detach(|| engine::split(&text_of("the text", &texts)?, options.mode, true));
    export_lists(py, "split", ListOf::Tokens(options.mode), lists)
}

/// The bag of words of every row: capsule pairs of `large_list<struct<word: large_string,
/// count: uint32>>` arrays, in row order, each list by count descending, then word.
#[pyfunction]
#[pyo3(signature = (data, *, ignore_case = false, mode = "whitespace"))]
pub fn frequencies_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    ignore_case: bool,
    mode: &str,
) -> PyResult<Vec<CapsulePair<'py>>> {
    let options = engine::parse_options(mode, ignore_case).map_err(|e| e.into_py("frequencies"))?;
    let texts = import_arrays("the text", "frequencies", data)?;
    let lists = py.detach(|| engine::frequencies(&text_of("the text", &texts)?, options, true));
    export_lists(py, "frequencies", ListOf::Frequencies(options), lists)
}
