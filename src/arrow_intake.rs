//! Arrow C stream intake: any producer of `__arrow_c_stream__` (pyarrow, pandas with Arrow
//! storage, Polars, DuckDB, ...) hands its string buffers to the kernel without a copy, and gets
//! back a `UInt32` Arrow array through the C data interface.
//!
//! This is the pandas accessor's route into the kernel: reading `Utf8Array<i64>` in place avoids
//! rebuilding the strings into Polars' view layout.

use std::ffi::CStr;

use polars_arrow::array::{Array, PrimitiveArray, StructArray, Utf8Array, Utf8ViewArray};
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use polars_arrow::compute::utils::combine_validities_and;
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{
    export_array_to_c, export_field_to_c, ArrowArrayStream, ArrowArrayStreamReader,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::kernel::{family, ManyCounter, MatchOptions, Mode, NeedleMatcher, WordTally};
use crate::string_rows::{
    count_many_columns, count_matcher, count_per_row, map_chunk_rows, map_rows, tally_rows,
    StringRows,
};

type CapsulePair<'py> = (Bound<'py, PyCapsule>, Bound<'py, PyCapsule>);

const STREAM_CAPSULE: &CStr = c"arrow_array_stream";
const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";

/// One imported chunk, viewed as rows of text (its validity stays on the array).
fn as_string_rows(array: &dyn Array) -> PyResult<&dyn StringRows> {
    let any = array.as_any();
    if let Some(a) = any.downcast_ref::<Utf8Array<i64>>() {
        return Ok(a);
    }
    if let Some(a) = any.downcast_ref::<Utf8Array<i32>>() {
        return Ok(a);
    }
    any.downcast_ref::<Utf8ViewArray>()
        .map(|a| a as &dyn StringRows)
        .ok_or_else(|| {
            PyTypeError::new_err(format!(
                "expected Arrow string data, got {}",
                type_name_of(array.dtype())
            ))
        })
}

/// Moves the stream out of an `arrow_array_stream` capsule and reads every chunk.
fn import_string_chunks(data: &Bound<'_, PyAny>) -> PyResult<Vec<Box<dyn Array>>> {
    let type_name = data.get_type().name()?;
    if !data.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow array or stream (an object with __arrow_c_stream__), got {type_name}"
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
    let dtype = reader.field().dtype().clone();
    // A table with a single string column (DuckDB, pyarrow.Table) streams as a one-field
    // struct; its column is the data.
    let single_column = matches!(&dtype, ArrowDataType::Struct(fields) if fields.len() == 1 && is_string_type(fields[0].dtype()));
    if !is_string_type(&dtype) && !single_column {
        return Err(PyTypeError::new_err(format!(
            "expected Arrow string data (string, large_string or string_view), got {}",
            type_name_of(&dtype)
        )));
    }
    let mut chunks = Vec::new();
    // SAFETY: each array comes from the same C stream producer, which fulfils the C data
    // interface for the schema checked above.
    while let Some(chunk) = unsafe { reader.next() } {
        let chunk = chunk
            .map_err(|e| PyValueError::new_err(format!("could not read the Arrow stream: {e}")))?;
        let chunk = match chunk.as_any().downcast_ref::<StructArray>() {
            Some(table) if single_column => table.values().first().cloned().unwrap_or(chunk),
            _ => chunk,
        };
        chunks.push(chunk);
    }
    Ok(chunks)
}

fn is_string_type(dtype: &ArrowDataType) -> bool {
    matches!(
        dtype,
        ArrowDataType::Utf8 | ArrowDataType::LargeUtf8 | ArrowDataType::Utf8View
    )
}

/// An Arrow type as pyarrow prints it, for error messages (`list<item: string>` rather than the
/// Rust structure).
fn type_name_of(dtype: &ArrowDataType) -> String {
    match dtype {
        ArrowDataType::Utf8 => "string".into(),
        ArrowDataType::LargeUtf8 => "large_string".into(),
        ArrowDataType::Utf8View => "string_view".into(),
        ArrowDataType::Binary => "binary".into(),
        ArrowDataType::LargeBinary => "large_binary".into(),
        ArrowDataType::BinaryView => "binary_view".into(),
        ArrowDataType::List(f) | ArrowDataType::LargeList(f) => {
            format!("list<{}: {}>", f.name, type_name_of(f.dtype()))
        }
        ArrowDataType::Struct(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.name, type_name_of(f.dtype())))
                .collect();
            format!("struct<{}>", inner.join(", "))
        }
        ArrowDataType::Dictionary(_, values, _) => {
            format!("dictionary<values={}>", type_name_of(values))
        }
        other => format!("{other:?}").to_lowercase(),
    }
}

/// Runs `values_of` over every chunk and concatenates the results into one `UInt32` array; a
/// null row gives null.
fn map_chunks(
    chunks: &[Box<dyn Array>],
    values_of: impl Fn(&dyn StringRows, bool) -> Vec<u32> + Sync,
) -> PyResult<PrimitiveArray<u32>> {
    let rows = chunks
        .iter()
        .map(|chunk| as_string_rows(chunk.as_ref()))
        .collect::<PyResult<Vec<&dyn StringRows>>>()?;
    let mut values = Vec::new();
    for part in map_chunk_rows(&rows, true, |rows, threads| values_of(rows, threads)) {
        append_part(&mut values, part);
    }
    Ok(PrimitiveArray::from_vec(values).with_validity(concat_validity(chunks)))
}

/// Appends one chunk's values to the column built so far; the first part is taken as it is,
/// so a one-chunk input (the usual case) is never copied.
fn append_part(column: &mut Vec<u32>, part: Vec<u32>) {
    if column.is_empty() {
        *column = part;
    } else {
        column.extend(part);
    }
}

/// The validity of the chunks laid end to end; `None` when no row is null.
fn concat_validity(chunks: &[Box<dyn Array>]) -> Option<Bitmap> {
    let parts: Vec<(usize, Option<Bitmap>)> = chunks
        .iter()
        .map(|chunk| (chunk.len(), chunk.validity().cloned()))
        .collect();
    concat_bitmaps(&parts)
}

/// Validity bitmaps of `(length, bitmap)` parts laid end to end (`None`: all valid); `None`
/// when no row is null.
fn concat_bitmaps(parts: &[(usize, Option<Bitmap>)]) -> Option<Bitmap> {
    if parts
        .iter()
        .all(|(_, bits)| bits.as_ref().is_none_or(|b| b.unset_bits() == 0))
    {
        return None;
    }
    let mut validity = MutableBitmap::with_capacity(parts.iter().map(|(len, _)| len).sum());
    for (len, bits) in parts {
        match bits {
            Some(bits) => validity.extend_from_bitmap(bits),
            None => validity.extend_constant(*len, true),
        }
    }
    Some(validity.into())
}

/// Exports a `UInt32` array as the `(arrow_schema, arrow_array)` capsule pair that
/// `__arrow_c_array__` returns, so that `pyarrow.array(...)` can import it without a copy.
fn export_capsules<'py>(
    py: Python<'py>,
    array: PrimitiveArray<u32>,
) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
    let field = Field::new("count".into(), ArrowDataType::UInt32, true);
    // The capsules own the structs; their destructors call `release` unless the consumer has
    // moved the struct out first, as the C data interface requires.
    let schema = PyCapsule::new_with_value(py, export_field_to_c(&field), SCHEMA_CAPSULE)?;
    let array = PyCapsule::new_with_value(py, export_array_to_c(array.boxed()), ARRAY_CAPSULE)?;
    Ok((schema, array))
}

fn parse_options(mode: &str, ignore_case: bool) -> PyResult<MatchOptions> {
    let Some(mode) = Mode::parse(mode) else {
        return Err(PyValueError::new_err(format!(
            "mode must be one of {:?}, got {mode:?}",
            Mode::NAMES
        )));
    };
    Ok(MatchOptions { mode, ignore_case })
}

/// Every row of every chunk in order, `None` for a null row.
fn optional_rows(chunks: &[Box<dyn Array>]) -> PyResult<impl Iterator<Item = Option<&str>>> {
    let per_chunk = chunks
        .iter()
        .map(|chunk| {
            let rows = as_string_rows(chunk.as_ref())?;
            let validity = chunk.validity();
            Ok((0..chunk.len())
                .map(move |i| validity.is_none_or(|v| v.get_bit(i)).then(|| rows.row(i))))
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(per_chunk.into_iter().flatten())
}

/// Counts with one needle per row: `needles` is a second Arrow string stream of equal length,
/// or of one row, which is then every row's needle (as Polars broadcasts a length-1 needle).
fn count_with_needle_stream(
    texts: &[Box<dyn Array>],
    needles: &[Box<dyn Array>],
    options: MatchOptions,
) -> PyResult<PrimitiveArray<u32>> {
    let (n_texts, n_needles): (usize, usize) = (
        texts.iter().map(|c| c.len()).sum(),
        needles.iter().map(|c| c.len()).sum(),
    );
    if n_needles == 1 {
        return match optional_rows(needles)?.next().flatten() {
            Some(needle) => {
                let matcher = NeedleMatcher::new(needle, options);
                map_chunks(texts, |rows, threads| {
                    count_matcher(rows, threads, &matcher)
                })
            }
            None => Ok(PrimitiveArray::new_null(ArrowDataType::UInt32, n_texts)),
        };
    }
    if n_texts != n_needles {
        return Err(PyValueError::new_err(format!(
            "count: {n_needles} needles for {n_texts} rows of text; pass one needle or one per row"
        )));
    }
    let pieces = aligned_pieces(texts, needles);
    let mut values = Vec::new();
    for (text, needle) in &pieces {
        let (text_rows, needle_rows) = (
            as_string_rows(text.as_ref())?,
            as_string_rows(needle.as_ref())?,
        );
        append_part(
            &mut values,
            count_per_row(text_rows, needle_rows, true, options),
        );
    }
    let validities: Vec<(usize, Option<Bitmap>)> = pieces
        .iter()
        .map(|(text, needle)| {
            let both = combine_validities_and(text.validity(), needle.validity());
            (text.len(), both)
        })
        .collect();
    Ok(PrimitiveArray::from_vec(values).with_validity(concat_bitmaps(&validities)))
}

/// The two streams (of equal length) cut at every chunk boundary of either, so that each pair
/// holds the same rows of the text and of the needles. Slicing copies no data.
fn aligned_pieces(
    texts: &[Box<dyn Array>],
    needles: &[Box<dyn Array>],
) -> Vec<(Box<dyn Array>, Box<dyn Array>)> {
    let mut text_chunks = texts.iter().filter(|c| !c.is_empty());
    let mut needle_chunks = needles.iter().filter(|c| !c.is_empty());
    let (mut text, mut needle) = (text_chunks.next(), needle_chunks.next());
    let (mut text_at, mut needle_at) = (0, 0);
    let mut pieces = Vec::new();
    while let (Some(text_chunk), Some(needle_chunk)) = (text, needle) {
        let len = (text_chunk.len() - text_at).min(needle_chunk.len() - needle_at);
        pieces.push((
            text_chunk.sliced(text_at, len),
            needle_chunk.sliced(needle_at, len),
        ));
        (text_at, needle_at) = (text_at + len, needle_at + len);
        if text_at == text_chunk.len() {
            (text, text_at) = (text_chunks.next(), 0);
        }
        if needle_at == needle_chunk.len() {
            (needle, needle_at) = (needle_chunks.next(), 0);
        }
    }
    pieces
}

/// Whole-word counts of `needle` in every row of an Arrow string array or stream.
///
/// `needle` is a `str`, or Arrow string data with one needle per row. Returns the
/// `(schema, array)` capsules of a `UInt32` array (null where the text or needle is null).
#[pyfunction]
#[pyo3(signature = (data, needle, *, ignore_case = false, mode = "whitespace"))]
pub fn count_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    needle: &Bound<'py, PyAny>,
    ignore_case: bool,
    mode: &str,
) -> PyResult<CapsulePair<'py>> {
    let options = parse_options(mode, ignore_case)?;
    let chunks = import_string_chunks(data)?;
    let counts = if let Ok(needle) = needle.extract::<String>() {
        let matcher = NeedleMatcher::new(&needle, options);
        py.detach(|| {
            map_chunks(&chunks, |rows, threads| {
                count_matcher(rows, threads, &matcher)
            })
        })?
    } else {
        let needles = import_string_chunks(needle)?;
        py.detach(|| count_with_needle_stream(&chunks, &needles, options))?
    };
    export_capsules(py, counts)
}

/// Counts of several needles in one pass; one `(schema, array)` capsule pair per needle.
#[pyfunction]
#[pyo3(signature = (data, needles, *, ignore_case = false, mode = "whitespace"))]
pub fn count_many_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    needles: Vec<String>,
    ignore_case: bool,
    mode: &str,
) -> PyResult<Vec<CapsulePair<'py>>> {
    let options = parse_options(mode, ignore_case)?;
    let chunks = import_string_chunks(data)?;
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    let counter = ManyCounter::new(&needles, options);
    let columns = py.detach(|| -> PyResult<Vec<PrimitiveArray<u32>>> {
        let mut columns = vec![Vec::new(); needles.len()];
        for chunk in &chunks {
            let rows = as_string_rows(chunk.as_ref())?;
            let counts = count_many_columns(rows, true, &counter);
            for (values, column) in counts.into_iter().zip(columns.iter_mut()) {
                append_part(column, values);
            }
        }
        let validity = concat_validity(&chunks);
        Ok(columns
            .into_iter()
            .map(|values| PrimitiveArray::from_vec(values).with_validity(validity.clone()))
            .collect())
    })?;
    columns
        .into_iter()
        .map(|column| export_capsules(py, column))
        .collect()
}

/// `words`, `lines`, `chars` or `bytes` of every row, as a `UInt32` capsule pair.
#[pyfunction]
pub fn family_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    which: &str,
) -> PyResult<CapsulePair<'py>> {
    let kernel: fn(&str) -> u32 = match which {
        "words" => family::words,
        "lines" => family::lines,
        "chars" => family::chars,
        "bytes" => family::bytes,
        other => {
            return Err(PyValueError::new_err(format!(
                "which must be one of 'words', 'lines', 'chars', 'bytes', got {other:?}"
            )))
        }
    };
    let chunks = import_string_chunks(data)?;
    let counts =
        py.detach(|| map_chunks(&chunks, |rows, threads| map_rows(rows, threads, kernel)))?;
    export_capsules(py, counts)
}

/// The `k` most frequent tokens (all when `k` is None), by count descending then word.
#[pyfunction]
#[pyo3(signature = (data, k = None, *, ignore_case = false, mode = "whitespace"))]
pub fn top_words_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    k: Option<usize>,
    ignore_case: bool,
    mode: &str,
) -> PyResult<Vec<(String, u64)>> {
    let options = parse_options(mode, ignore_case)?;
    let chunks = import_string_chunks(data)?;
    py.detach(|| {
        let mut tally = WordTally::default();
        for chunk in &chunks {
            let rows = as_string_rows(chunk.as_ref())?;
            tally.merge(tally_rows(rows, chunk.validity(), true, options));
        }
        Ok(tally
            .top(k)
            .into_iter()
            .map(|(word, n)| (word.into_owned(), n))
            .collect())
    })
}
