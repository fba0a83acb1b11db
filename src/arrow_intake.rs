//! Arrow C stream intake: any producer of `__arrow_c_stream__` (pyarrow, pandas with Arrow
//! storage, Polars, DuckDB, ...) hands its string buffers to the kernel without a copy, and gets
//! back a `UInt32` Arrow array through the C data interface.
//!
//! This is the pandas accessor's route into the kernel: reading `Utf8Array<i64>` in place avoids
//! rebuilding the strings into Polars' view layout.

use std::ffi::CStr;

use polars_arrow::array::{Array, PrimitiveArray, Utf8Array, Utf8ViewArray};
use polars_arrow::bitmap::MutableBitmap;
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{
    export_array_to_c, export_field_to_c, ArrowArrayStream, ArrowArrayStreamReader,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::kernel::WordCounter;
use crate::string_rows::{map_rows, StringRows};

const STREAM_CAPSULE: &CStr = c"arrow_array_stream";
const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";

/// One imported chunk, viewed as rows of text plus its validity.
fn as_string_rows(array: &dyn Array) -> Option<&dyn StringRows> {
    let any = array.as_any();
    if let Some(a) = any.downcast_ref::<Utf8Array<i64>>() {
        return Some(a);
    }
    if let Some(a) = any.downcast_ref::<Utf8Array<i32>>() {
        return Some(a);
    }
    any.downcast_ref::<Utf8ViewArray>()
        .map(|a| a as &dyn StringRows)
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
    if !matches!(
        dtype,
        ArrowDataType::Utf8 | ArrowDataType::LargeUtf8 | ArrowDataType::Utf8View
    ) {
        return Err(PyTypeError::new_err(format!(
            "expected Arrow string data (utf8, large_utf8 or utf8_view), got {dtype:?}"
        )));
    }
    let mut chunks = Vec::new();
    // SAFETY: each array comes from the same C stream producer, which fulfils the C data
    // interface for the schema checked above.
    while let Some(chunk) = unsafe { reader.next() } {
        chunks.push(
            chunk.map_err(|e| {
                PyValueError::new_err(format!("could not read the Arrow stream: {e}"))
            })?,
        );
    }
    Ok(chunks)
}

/// Runs `per_row` over every row of every chunk and concatenates the results into one
/// `UInt32` array; a null row gives null.
fn map_chunks(
    chunks: &[Box<dyn Array>],
    per_row: impl Fn(&str) -> u32 + Sync,
) -> PyResult<PrimitiveArray<u32>> {
    let total: usize = chunks.iter().map(|c| c.len()).sum();
    let mut values = Vec::with_capacity(total);
    let any_nulls = chunks.iter().any(|c| c.null_count() > 0);
    let mut validity = any_nulls.then(|| MutableBitmap::with_capacity(total));
    for chunk in chunks {
        let Some(rows) = as_string_rows(chunk.as_ref()) else {
            return Err(PyTypeError::new_err(format!(
                "expected Arrow string data, got {:?}",
                chunk.dtype()
            )));
        };
        values.extend(map_rows(rows, true, &per_row));
        if let Some(validity) = validity.as_mut() {
            match chunk.validity() {
                Some(bits) => validity.extend_from_bitmap(bits),
                None => validity.extend_constant(chunk.len(), true),
            }
        }
    }
    Ok(PrimitiveArray::from_vec(values).with_validity(validity.map(Into::into)))
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

/// `text.split().count(needle)` for every row of an Arrow string array or stream.
///
/// Returns the `(schema, array)` capsules of a `UInt32` array (nulls where the text is null).
#[pyfunction]
pub fn count_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    needle: &str,
) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
    let chunks = import_string_chunks(data)?;
    let counter = WordCounter::new(needle);
    let counts = py.detach(|| map_chunks(&chunks, |row| counter.count(row)))?;
    export_capsules(py, counts)
}
