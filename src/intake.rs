//! The intake: the only code that knows how text arrives. Every input, from Polars or from an
//! Arrow C stream, becomes a [`TextColumn`]: chunks of rows the kernel reads in place, each
//! either plain string rows or dictionary codes over a small set of categories.
//!
//! What it accepts:
//! - Polars String, Categorical and Enum, and a struct of one such field;
//! - Arrow utf8, large_utf8 and utf8_view, a dictionary of any of them (any integer key), and
//!   a struct of one such field (a one-column table streams as one), with the struct's nulls;
//! - sliced and chunked arrays of all of these.
//!
//! What it guarantees, so that the engine and the kernel can read rows as `&str`:
//! - every row is valid UTF-8: Polars guarantees it for its own strings, and anything read from
//!   an Arrow C stream, whose producer may not have checked (pyarrow's Parquet reader does not),
//!   is validated here with polars-arrow's vectorised (simdutf8) validators;
//! - every dictionary code of a valid row points inside its categories;
//! - a row is null exactly when its validity bit is unset: a struct's own nulls and a null
//!   category are folded into the chunk's validity.

use std::borrow::Cow;
use std::ops::Range;

use polars::prelude::{
    CategoricalPhysical, ChunkedArray, CompatLevel, DataType, PolarsError, PolarsNumericType,
    Series,
};
use polars_arrow::array::specification::try_check_utf8;
use polars_arrow::array::{
    Array, DictionaryArray, DictionaryKey, PrimitiveArray, StructArray, Utf8Array, Utf8ViewArray,
};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::compute::utils::combine_validities_and;
use polars_arrow::datatypes::{ArrowDataType, IntegerType};
use polars_arrow::offset::{Offset, OffsetsBuffer};
use polars_arrow::types::NativeType;
use polars_buffer::Buffer;
use polars_core::prelude::CategoricalMapping;

use crate::error::{WcError, WcResult};

/// One chunk of string rows in one of the Arrow layouts the kernel reads in place. Its validity
/// (on the array) says which rows are null.
#[derive(Clone)]
pub enum Rows {
    Views(Utf8ViewArray),
    Offsets32(Utf8Array<i32>),
    Offsets64(Utf8Array<i64>),
}

/// Runs `$body` with `$rows` bound to the concrete array inside a [`Rows`], so that the
/// engine's loops are compiled for each layout rather than called through a vtable per row.
macro_rules! with_rows {
    ($rows:expr, $name:ident => $body:expr) => {
        match $rows {
            $crate::intake::Rows::Views($name) => $body,
            $crate::intake::Rows::Offsets32($name) => $body,
            $crate::intake::Rows::Offsets64($name) => $body,
        }
    };
}
pub(crate) use with_rows;

impl Rows {
    pub fn len(&self) -> usize {
        with_rows!(self, a => a.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn validity(&self) -> Option<&Bitmap> {
        with_rows!(self, a => a.validity())
    }

    /// Rows `offset..offset + len`; the caller keeps the range inside the chunk.
    pub fn sliced(&self, offset: usize, len: usize) -> Self {
        match self {
            Self::Views(a) => Self::Views(a.clone().sliced(offset, len)),
            Self::Offsets32(a) => Self::Offsets32(a.clone().sliced(offset, len)),
            Self::Offsets64(a) => Self::Offsets64(a.clone().sliced(offset, len)),
        }
    }

    fn with_validity(self, validity: Option<Bitmap>) -> Self {
        match self {
            Self::Views(a) => Self::Views(a.with_validity(validity)),
            Self::Offsets32(a) => Self::Offsets32(a.with_validity(validity)),
            Self::Offsets64(a) => Self::Offsets64(a.with_validity(validity)),
        }
    }

    /// The rows longer than `u32::MAX` bytes, whose counts may not fit the `UInt32` output. Only
    /// 64-bit offsets can hold one, and only when the chunk's text is that long in all.
    pub fn rows_longer_than_u32(&self) -> Vec<usize> {
        let Self::Offsets64(a) = self else {
            return Vec::new();
        };
        let limit = u32::MAX as usize;
        if a.offsets().range() <= limit as i64 {
            return Vec::new();
        }
        (0..a.len())
            .filter(|&i| a.offsets().length_at(i) > limit)
            .collect()
    }

    /// The bytes of row `i`, read without assuming UTF-8 (and `None` if the row's bounds lie
    /// outside its buffer): what the validation reads to name a bad row.
    fn row_bytes(&self, i: usize) -> Option<&[u8]> {
        match self {
            Self::Views(a) => view_row_bytes(a, i),
            Self::Offsets32(a) => offset_row_bytes(a, i),
            Self::Offsets64(a) => offset_row_bytes(a, i),
        }
    }

    /// Whether every row is UTF-8: whole buffers at once (ASCII first, then simdutf8), as
    /// polars-arrow validates arrays it builds itself.
    fn is_utf8(&self) -> bool {
        match self {
            Self::Views(a) => a.to_binview().validate_utf8().is_ok(),
            Self::Offsets32(a) => try_check_utf8(a.offsets().buffer(), a.values()).is_ok(),
            Self::Offsets64(a) => try_check_utf8(a.offsets().buffer(), a.values()).is_ok(),
        }
    }

    /// The first row that is not UTF-8, if any: the whole-buffer check first, and only when it
    /// fails a row-by-row search for the message.
    fn first_invalid_row(&self) -> Option<usize> {
        if self.is_utf8() {
            return None;
        }
        (0..self.len()).find(|&i| {
            self.row_bytes(i)
                .is_none_or(|bytes| simdutf8::basic::from_utf8(bytes).is_err())
        })
    }
}

/// Checks that the rows of `a` from `rows.start` on are UTF-8, about `budget` bytes of them
/// and at least one row (never past `rows.end`). Returns the end of the rows checked, or the
/// first row that is not UTF-8 (or whose offsets are out of order or out of bounds).
///
/// The rows lie back to back, so the block is one slice: all-ASCII text (the usual case) is
/// settled by one `is_ascii`; otherwise simdutf8 checks the slice and each row start must fall
/// on a character boundary. Only a failing block is then searched row by row for the message.
pub(crate) fn check_offset_rows<O: Offset>(
    a: &Utf8Array<O>,
    rows: Range<usize>,
    budget: usize,
) -> Result<usize, usize> {
    if rows.is_empty() {
        return Ok(rows.end);
    }
    let offsets = a.offsets().buffer();
    let values = a.values().as_slice();
    let in_bounds = offsets.get(rows.start..=rows.end);
    let Some((&first, rest)) = in_bounds.and_then(<[O]>::split_first) else {
        return Err(rows.start);
    };
    let base = first.to_usize();
    // Rows whose end lies within `budget` bytes of the block's start, and at least one.
    let within = rest.partition_point(|end| end.to_usize().saturating_sub(base) <= budget);
    let stop = rows.start + within.max(1);
    let starts = offsets.get(rows.start..=stop).unwrap_or_default();
    // A fold rather than `all`: without the early exit it compiles to vector compares, which
    // matters on short rows, where this reads as many offset bytes as a fifth of the text.
    let ordered = starts
        .windows(2)
        .fold(true, |ordered, pair| ordered & (pair[0] <= pair[1]));
    // Row starts inside the block (in order, so at or after `base`); the block's own start and
    // end are checked by simdutf8.
    let interior = starts
        .get(1..starts.len().saturating_sub(1))
        .unwrap_or_default();
    let block = starts
        .last()
        .and_then(|end| values.get(base..end.to_usize()));
    let valid = match block {
        Some(block) if ordered => {
            block.is_ascii()
                || simdutf8::basic::from_utf8(block).is_ok_and(|text| {
                    interior
                        .iter()
                        .all(|start| text.is_char_boundary(start.to_usize() - base))
                })
        }
        _ => false,
    };
    if valid {
        return Ok(stop);
    }
    Err((rows.start..stop)
        .find(|&i| offset_row_bytes(a, i).is_none_or(|b| simdutf8::basic::from_utf8(b).is_err()))
        .unwrap_or(rows.start))
}

/// [`check_offset_rows`] for views, until about `budget` bytes are checked. Short strings are
/// checked inside their views; long ones in runs (consecutive views whose bytes lie back to
/// back in one data buffer, as builders write them), each run's bytes as one slice, so that
/// short rows do not pay a call per row. A view out of its buffer's bounds is not UTF-8.
pub(crate) fn check_view_rows(
    a: &Utf8ViewArray,
    rows: Range<usize>,
    budget: usize,
) -> Result<usize, usize> {
    let Some(views) = a.views().get(rows.clone()) else {
        return Err(rows.start);
    };
    let mut seen = 0usize;
    let block_len = views
        .iter()
        .position(|view| {
            seen += view.length as usize;
            seen >= budget
        })
        .map_or(views.len(), |last| last + 1);
    let block = views.get(..block_len).unwrap_or_default();
    let buffers = a.data_buffers();
    // The first bad view of a run, if any (`None` when the whole run is UTF-8).
    let bad_in_run = |run: &ViewRun| -> Option<usize> {
        let members = block.get(run.first..run.end).unwrap_or_default();
        let bytes = buffers
            .get(run.buffer as usize)
            .and_then(|b| b.get(run.start..run.stop));
        let valid = bytes.is_some_and(|bytes| {
            bytes.is_ascii()
                || simdutf8::basic::from_utf8(bytes).is_ok_and(|text| {
                    members
                        .iter()
                        .filter(|v| v.length > MAX_INLINE_VIEW)
                        .all(|v| {
                            (v.offset as usize)
                                .checked_sub(run.start)
                                .is_some_and(|at| text.is_char_boundary(at))
                        })
                })
        });
        if valid {
            return None;
        }
        let bad = (run.first..run.end).find(|&k| {
            view_row_bytes(a, rows.start + k).is_none_or(|b| simdutf8::basic::from_utf8(b).is_err())
        });
        Some(bad.unwrap_or(run.first))
    };
    let mut run: Option<ViewRun> = None;
    for (k, view) in block.iter().enumerate() {
        if view.length <= MAX_INLINE_VIEW {
            let valid = view
                .get_inlined_slice()
                .is_some_and(|b| b.is_ascii() || simdutf8::basic::from_utf8(b).is_ok());
            if !valid {
                // An open run holds only earlier rows, whose errors come first.
                let bad = run.as_ref().and_then(&bad_in_run).unwrap_or(k);
                return Err(rows.start + bad);
            }
            continue;
        }
        let (offset, length) = (view.offset as usize, view.length as usize);
        let stop = offset.saturating_add(length);
        match run.as_mut() {
            Some(open) if open.buffer == view.buffer_idx && open.stop == offset => {
                open.stop = stop;
                open.end = k + 1;
            }
            _ => {
                if let Some(bad) = run.as_ref().and_then(&bad_in_run) {
                    return Err(rows.start + bad);
                }
                run = Some(ViewRun {
                    first: k,
                    end: k + 1,
                    buffer: view.buffer_idx,
                    start: offset,
                    stop,
                });
            }
        }
    }
    if let Some(bad) = run.as_ref().and_then(&bad_in_run) {
        return Err(rows.start + bad);
    }
    Ok(rows.start + block_len)
}

/// Strings of up to this many bytes live inside the view itself (the Arrow view layout).
pub(crate) const MAX_INLINE_VIEW: u32 = 12;

/// Long views `first..end` of a block (inline ones may sit between them) whose bytes are
/// `start..stop` of data buffer `buffer`, back to back.
struct ViewRun {
    first: usize,
    end: usize,
    buffer: u32,
    start: usize,
    stop: usize,
}

fn view_row_bytes(a: &Utf8ViewArray, i: usize) -> Option<&[u8]> {
    let view = a.views().get(i)?;
    match view.get_inlined_slice() {
        Some(inline) => Some(inline),
        None => {
            let buffer = a.data_buffers().get(view.buffer_idx as usize)?;
            let start = view.offset as usize;
            buffer.get(start..start.checked_add(view.length as usize)?)
        }
    }
}

fn offset_row_bytes<O: Offset>(a: &Utf8Array<O>, i: usize) -> Option<&[u8]> {
    let offsets = a.offsets().buffer();
    let (start, end) = (offsets.get(i)?.to_usize(), offsets.get(i + 1)?.to_usize());
    a.values().get(start..end)
}

/// One chunk of a text column.
#[derive(Clone)]
pub enum TextChunk {
    /// Each row's text stored in place.
    Plain(Rows),
    /// Row `i` is `categories` row `codes[i]`; the codes' validity says which rows are null.
    /// Every code lies inside `categories`, a null row's too (though it is never read).
    /// Dictionary arrays and Polars categoricals arrive this way, so that each category is
    /// counted once however many rows use it.
    Coded {
        codes: PrimitiveArray<u32>,
        categories: Rows,
    },
}

impl TextChunk {
    pub fn len(&self) -> usize {
        match self {
            Self::Plain(rows) => rows.len(),
            Self::Coded { codes, .. } => codes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn validity(&self) -> Option<&Bitmap> {
        match self {
            Self::Plain(rows) => rows.validity(),
            Self::Coded { codes, .. } => codes.validity(),
        }
    }

    /// Rows `offset..offset + len`, sharing the data.
    pub fn sliced(&self, offset: usize, len: usize) -> Self {
        match self {
            Self::Plain(rows) => Self::Plain(rows.sliced(offset, len)),
            Self::Coded { codes, categories } => Self::Coded {
                codes: codes.clone().sliced(offset, len),
                categories: categories.clone(),
            },
        }
    }

    /// The first plain row that is not UTF-8 (a dictionary's categories are checked when it is
    /// read in).
    fn first_invalid_plain_row(&self) -> Option<usize> {
        match self {
            Self::Plain(rows) => rows.first_invalid_row(),
            Self::Coded { .. } => None,
        }
    }

    /// The chunk with `outer` (a struct's validity) as well as its own.
    fn with_outer_validity(self, outer: Option<&Bitmap>) -> Self {
        if outer.is_none() {
            return self;
        }
        match self {
            Self::Plain(rows) => {
                let validity = combine_validities_and(rows.validity(), outer);
                Self::Plain(rows.with_validity(validity))
            }
            Self::Coded { codes, categories } => {
                let validity = combine_validities_and(codes.validity(), outer);
                Self::Coded {
                    codes: codes.with_validity(validity),
                    categories,
                }
            }
        }
    }
}

/// A whole input column: its chunks in order, what the user calls it (for errors), and whether
/// its plain rows are known to be UTF-8.
///
/// The chunks are private so that no path reads a row before its UTF-8 is checked: the engine
/// gets them either checked whole ([`checked_chunks`](Self::checked_chunks)) or with the duty
/// to check each block of rows just before reading it
/// ([`chunks_to_check`](Self::chunks_to_check)), which the row loops of `string_rows` do
/// while the block is still in cache.
pub struct TextColumn {
    chunks: Vec<TextChunk>,
    what: &'static str,
    utf8: Utf8Promise,
}

impl TextColumn {
    /// A column of already valid chunks (rows the engine builds itself).
    pub fn of_checked(what: &'static str, chunks: Vec<TextChunk>) -> Self {
        Self {
            chunks,
            what,
            utf8: Utf8Promise::Kept,
        }
    }

    pub fn len(&self) -> usize {
        self.chunks.iter().map(TextChunk::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The argument this column is, as errors name it ("the text", "the needle").
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The length of each chunk: enough to shape an all-null result without reading a row.
    pub fn chunk_lengths(&self) -> impl Iterator<Item = usize> + '_ {
        self.chunks.iter().map(TextChunk::len)
    }

    /// The length and validity of each chunk, in order.
    pub fn chunks_validity(&self) -> impl Iterator<Item = (usize, Option<&Bitmap>)> + Clone {
        self.chunks.iter().map(|c| (c.len(), c.validity()))
    }

    /// The chunks, every plain row checked to be UTF-8 first when the producer did not promise
    /// it (one pass over the bytes): for the paths that read rows in their own order.
    pub fn checked_chunks(&self) -> WcResult<&[TextChunk]> {
        if self.utf8 == Utf8Promise::Unchecked {
            let mut first_row = 0;
            for chunk in &self.chunks {
                if let Some(row) = chunk.first_invalid_plain_row() {
                    return Err(WcError::InvalidUtf8 {
                        what: self.what,
                        row: first_row + row,
                    });
                }
                first_row += chunk.len();
            }
        }
        Ok(&self.chunks)
    }

    /// The chunks as they are, with the promise on their plain rows. With
    /// [`Utf8Promise::Unchecked`] the caller must check every block of plain rows
    /// ([`StringRows::check_utf8_block`](crate::string_rows::StringRows::check_utf8_block))
    /// before reading it; a dictionary's categories are checked by the intake already.
    pub fn chunks_to_check(&self) -> (&[TextChunk], Utf8Promise) {
        (&self.chunks, self.utf8)
    }
}

/// Whether the producer of some Arrow data guarantees that its strings are UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf8Promise {
    /// Polars' own arrays: Polars validates strings when it builds them.
    Kept,
    /// Imported through the C data interface: checked before any row is read (see
    /// [`TextColumn`]).
    Unchecked,
}

// ---------------------------------------------------------------------------------------------
// Types, checked before any data is read.

/// Checks a Polars dtype; the output-type functions call this so that a wrong column fails at
/// `collect_schema()`, before anything is computed.
pub fn check_polars_dtype(what: &'static str, dtype: &DataType) -> WcResult<()> {
    match dtype {
        DataType::String | DataType::Categorical(..) | DataType::Enum(..) => Ok(()),
        DataType::Struct(fields)
            if fields.len() == 1
                && fields
                    .iter()
                    .all(|f| !matches!(f.dtype(), DataType::Struct(_))) =>
        {
            fields
                .iter()
                .try_for_each(|f| check_polars_dtype(what, f.dtype()))
                .map_err(|_| wrong_polars_type(what, dtype))
        }
        other => Err(wrong_polars_type(what, other)),
    }
}

/// What the Polars adapter reads, as its errors say it.
const POLARS_TEXT: &str = "a String, Categorical or Enum column (or a struct of one such field)";
/// What the Arrow adapter reads, as its errors say it (pyarrow's type names).
const ARROW_TEXT: &str =
    "Arrow strings (string, large_string, string_view, a dictionary of them, or a struct of one)";

fn wrong_polars_type(what: &'static str, dtype: &DataType) -> WcError {
    WcError::WrongType {
        what,
        accepted: POLARS_TEXT,
        found: format!("dtype {dtype}"),
    }
}

/// Checks an Arrow type (of a stream's schema, before its chunks are read).
pub fn check_arrow_dtype(what: &'static str, dtype: &ArrowDataType) -> WcResult<()> {
    let is_text = |dtype: &ArrowDataType| match dtype {
        ArrowDataType::Dictionary(_, values, _) => is_string_type(values),
        other => is_string_type(other),
    };
    let accepted = match dtype {
        ArrowDataType::Struct(fields) => {
            fields.len() == 1 && fields.iter().all(|f| is_text(f.dtype()))
        }
        other => is_text(other),
    };
    if accepted {
        Ok(())
    } else {
        Err(WcError::WrongType {
            what,
            accepted: ARROW_TEXT,
            found: arrow_type_name(dtype),
        })
    }
}

fn is_string_type(dtype: &ArrowDataType) -> bool {
    matches!(
        dtype,
        ArrowDataType::Utf8 | ArrowDataType::LargeUtf8 | ArrowDataType::Utf8View
    )
}

/// An Arrow type as pyarrow prints it (`list<item: string>` rather than the Rust structure).
pub fn arrow_type_name(dtype: &ArrowDataType) -> String {
    match dtype {
        ArrowDataType::Utf8 => "string".into(),
        ArrowDataType::LargeUtf8 => "large_string".into(),
        ArrowDataType::Utf8View => "string_view".into(),
        ArrowDataType::Binary => "binary".into(),
        ArrowDataType::LargeBinary => "large_binary".into(),
        ArrowDataType::BinaryView => "binary_view".into(),
        ArrowDataType::List(f) | ArrowDataType::LargeList(f) => {
            format!("list<{}: {}>", f.name, arrow_type_name(f.dtype()))
        }
        ArrowDataType::Struct(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.name, arrow_type_name(f.dtype())))
                .collect();
            format!("struct<{}>", inner.join(", "))
        }
        ArrowDataType::Dictionary(_, values, _) => {
            format!("dictionary<values={}>", arrow_type_name(values))
        }
        other => format!("{other:?}").to_lowercase(),
    }
}

// ---------------------------------------------------------------------------------------------
// Polars Series.

/// A Polars column as the engine's chunks. Strings are Polars' own views, read in place;
/// categoricals become codes over the categories the column uses.
pub fn from_series(what: &'static str, series: &Series) -> WcResult<TextColumn> {
    check_polars_dtype(what, series.dtype())?;
    let chunks = match series.dtype() {
        DataType::Categorical(_, mapping) | DataType::Enum(_, mapping) => {
            let read = |e: PolarsError| internal(what, e);
            match series.dtype().cat_physical().map_err(read)? {
                CategoricalPhysical::U8 => {
                    categorical_chunks(series.cat8().map_err(read)?.physical(), mapping)
                }
                CategoricalPhysical::U16 => {
                    categorical_chunks(series.cat16().map_err(read)?.physical(), mapping)
                }
                CategoricalPhysical::U32 => {
                    categorical_chunks(series.cat32().map_err(read)?.physical(), mapping)
                }
            }
        }
        _ => {
            // Strings hand over their arrays as they are; a struct converts to Arrow's
            // struct, whose one field is then read like any Arrow input.
            let mut first_row = 0;
            let mut chunks = Vec::with_capacity(series.n_chunks());
            for i in 0..series.n_chunks() {
                let array = series.to_arrow(i, CompatLevel::newest());
                chunks.push(arrow_chunk(
                    what,
                    array.as_ref(),
                    first_row,
                    Utf8Promise::Kept,
                )?);
                first_row += array.len();
            }
            chunks
        }
    };
    Ok(TextColumn {
        chunks,
        what,
        utf8: Utf8Promise::Kept,
    })
}

/// A List column of text, one list per row: how `implode()` hands `top_words` every group at
/// once. Each chunk's lists index into its values, which are read like any text column.
pub struct TextLists {
    pub chunks: Vec<TextList>,
}

/// One chunk of a [`TextLists`]: list `i` is rows `offsets[i]..offsets[i + 1]` of `values`,
/// and null where `validity` says so.
pub struct TextList {
    pub offsets: OffsetsBuffer<i64>,
    pub validity: Option<Bitmap>,
    pub values: TextChunk,
}

/// Checks the dtype of a List column of text, naming the inner dtype when it is not text.
pub fn check_polars_list_dtype(what: &'static str, dtype: &DataType) -> WcResult<()> {
    match dtype {
        DataType::List(inner) => check_polars_dtype(what, inner),
        other => Err(wrong_polars_type(what, other)),
    }
}

pub fn lists_from_series(what: &'static str, series: &Series) -> WcResult<TextLists> {
    check_polars_list_dtype(what, series.dtype())?;
    let lists = series.list().map_err(|e| internal(what, e))?;
    // `get_inner` keeps the list chunks' values as they are, one values chunk per list chunk.
    let values = from_series(what, &lists.get_inner())?;
    if values.chunks.len() != lists.chunks().len() {
        return Err(internal(
            what,
            "the lists and their values have different chunks",
        ));
    }
    let chunks = lists
        .downcast_iter()
        .zip(values.chunks)
        .map(|(array, values)| TextList {
            offsets: array.offsets().clone(),
            validity: array.validity().cloned(),
            values,
        })
        .collect();
    Ok(TextLists { chunks })
}

fn categorical_chunks<T>(codes: &ChunkedArray<T>, mapping: &CategoricalMapping) -> Vec<TextChunk>
where
    T: PolarsNumericType,
    T::Native: Into<u32>,
{
    codes
        .downcast_iter()
        .map(|codes| categorical_chunk(codes, mapping))
        .collect()
}

/// A Polars categorical chunk as codes over only the categories it uses, numbered in order of
/// first use: Polars' categories can be shared by the whole process and be far more than one
/// column holds. (Read through the physical codes of each width, which needs no Polars
/// feature for 8- and 16-bit Series.)
fn categorical_chunk<N: NativeType + Into<u32>>(
    codes: &PrimitiveArray<N>,
    mapping: &CategoricalMapping,
) -> TextChunk {
    let validity = codes.validity();
    let is_valid = |i: usize| validity.is_none_or(|v| v.get_bit(i));
    let largest = (0..codes.len())
        .filter(|&i| is_valid(i))
        .filter_map(|i| codes.values().get(i).map(|&c| c.into()))
        .max();
    let mut dense_of = vec![u32::MAX; largest.map_or(0, |c| c as usize + 1)];
    let mut used: Vec<&str> = Vec::new();
    let dense_codes: Vec<u32> = codes
        .values()
        .iter()
        .enumerate()
        .map(|(i, &code)| {
            let code: u32 = code.into();
            let slot = is_valid(i)
                .then(|| dense_of.get_mut(code as usize))
                .flatten();
            match slot {
                Some(dense) if *dense != u32::MAX => *dense,
                Some(dense) => {
                    *dense = used.len() as u32;
                    used.push(mapping.cat_to_str(code).unwrap_or(""));
                    *dense
                }
                None => 0,
            }
        })
        .collect();
    TextChunk::Coded {
        codes: PrimitiveArray::from_vec(dense_codes).with_validity(validity.cloned()),
        categories: Rows::Views(Utf8ViewArray::from_slice_values(&used)),
    }
}

fn internal(what: &'static str, error: impl std::fmt::Display) -> WcError {
    WcError::BadArgument(format!("could not read {what}: {error}"))
}

// ---------------------------------------------------------------------------------------------
// Arrow arrays.

/// Arrow chunks (from a C stream, or converted from Polars) as the engine's chunks.
pub fn from_arrow(
    what: &'static str,
    arrays: &[Box<dyn Array>],
    promise: Utf8Promise,
) -> WcResult<TextColumn> {
    let mut first_row = 0;
    let mut chunks = Vec::with_capacity(arrays.len());
    for array in arrays {
        chunks.push(arrow_chunk(what, array.as_ref(), first_row, promise)?);
        first_row += array.len();
    }
    Ok(TextColumn {
        chunks,
        what,
        utf8: promise,
    })
}

/// One Arrow array as a chunk; `first_row` is its first row's number in the whole column, for
/// error messages.
fn arrow_chunk(
    what: &'static str,
    array: &dyn Array,
    first_row: usize,
    promise: Utf8Promise,
) -> WcResult<TextChunk> {
    check_arrow_dtype(what, array.dtype())?;
    let any = array.as_any();
    if let Some(table) = any.downcast_ref::<StructArray>() {
        let [field] = table.values() else {
            return Err(wrong_arrow_type(what, array));
        };
        let inner = arrow_chunk(what, field.as_ref(), first_row, promise)?;
        return Ok(inner.with_outer_validity(table.validity()));
    }
    if let Some(rows) = as_rows(array) {
        // Plain rows are checked by the engine, block by block as it reads them (see
        // `TextColumn`), which costs far less than a pass of its own over every byte.
        return Ok(TextChunk::Plain(rows));
    }
    let ArrowDataType::Dictionary(key_type, _, _) = array.dtype() else {
        return Err(wrong_arrow_type(what, array));
    };
    macro_rules! coded {
        ($key:ty) => {
            match any.downcast_ref::<DictionaryArray<$key>>() {
                Some(dictionary) => coded_chunk(what, dictionary, first_row, promise),
                None => Err(wrong_arrow_type(what, array)),
            }
        };
    }
    match key_type {
        IntegerType::Int8 => coded!(i8),
        IntegerType::Int16 => coded!(i16),
        IntegerType::Int32 => coded!(i32),
        IntegerType::Int64 => coded!(i64),
        IntegerType::UInt8 => coded!(u8),
        IntegerType::UInt16 => coded!(u16),
        IntegerType::UInt32 => coded!(u32),
        IntegerType::UInt64 => coded!(u64),
        _ => Err(wrong_arrow_type(what, array)),
    }
}

fn wrong_arrow_type(what: &'static str, array: &dyn Array) -> WcError {
    WcError::WrongType {
        what,
        accepted: ARROW_TEXT,
        found: arrow_type_name(array.dtype()),
    }
}

fn as_rows(array: &dyn Array) -> Option<Rows> {
    let any = array.as_any();
    if let Some(a) = any.downcast_ref::<Utf8ViewArray>() {
        return Some(Rows::Views(a.clone()));
    }
    if let Some(a) = any.downcast_ref::<Utf8Array<i32>>() {
        return Some(Rows::Offsets32(a.clone()));
    }
    any.downcast_ref::<Utf8Array<i64>>()
        .map(|a| Rows::Offsets64(a.clone()))
}

/// A dictionary array as codes over its values. Every valid row's key is checked to lie inside
/// the values (the engine indexes by it), a row whose value is null becomes a null row, and
/// invalid UTF-8 in a value is reported at the first row that uses it.
fn coded_chunk<K: DictionaryKey>(
    what: &'static str,
    dictionary: &DictionaryArray<K>,
    first_row: usize,
    promise: Utf8Promise,
) -> WcResult<TextChunk> {
    let values = dictionary.values();
    let categories =
        as_rows(values.as_ref()).ok_or_else(|| wrong_arrow_type(what, values.as_ref()))?;
    let keys = dictionary.keys();
    let n_categories = categories.len();
    // Codes are u32 indexes into the values, in range for every row (a null row's is never
    // read).
    if u32::try_from(n_categories).is_err() {
        return Err(WcError::BadArgument(format!(
            "{what} has {n_categories} dictionary values, more than {} (u32 codes)",
            u32::MAX
        )));
    }
    let codes: Buffer<u32> = match shared_codes(keys, n_categories) {
        Some(codes) => codes,
        None => converted_codes(keys, n_categories, first_row)?,
    };
    if promise == Utf8Promise::Unchecked && !categories.is_utf8() {
        let bad: Vec<bool> = (0..n_categories)
            .map(|c| {
                categories
                    .row_bytes(c)
                    .is_none_or(|bytes| simdutf8::basic::from_utf8(bytes).is_err())
            })
            .collect();
        let row = (0..codes.len()).find(|&i| {
            keys.validity().is_none_or(|v| v.get_bit(i))
                && codes
                    .get(i)
                    .is_some_and(|&c| bad.get(c as usize) == Some(&true))
        });
        // The engine counts every category, so a bad one no row uses is refused too.
        return Err(match row {
            Some(row) => WcError::InvalidUtf8 {
                what,
                row: first_row + row,
            },
            None => WcError::BadArgument(format!(
                "{what} has a dictionary value that is not valid UTF-8 (value {})",
                bad.iter().position(|&b| b).unwrap_or(0)
            )),
        });
    }
    let mut validity: Option<Cow<'_, Bitmap>> = keys.validity().map(Cow::Borrowed);
    if let Some(null_categories) = categories.validity().filter(|v| v.unset_bits() > 0) {
        // A row whose category is null is a null row.
        let category_valid: Bitmap = codes
            .iter()
            .map(|&code| null_categories.get(code as usize).unwrap_or(false))
            .collect();
        validity =
            combine_validities_and(validity.as_deref(), Some(&category_valid)).map(Cow::Owned);
    }
    Ok(TextChunk::Coded {
        codes: PrimitiveArray::new(ArrowDataType::UInt32, codes, validity.map(Cow::into_owned)),
        categories,
    })
}

/// The keys themselves as codes, when they are `u32` and every one of them, a null row's too,
/// lies inside the `n_categories` values (as Polars exports a Categorical): the column's codes
/// are then shared rather than copied, which on millions of rows over few categories is a
/// large part of the call.
fn shared_codes<K: DictionaryKey>(
    keys: &PrimitiveArray<K>,
    n_categories: usize,
) -> Option<Buffer<u32>> {
    let keys = (keys as &dyn Array)
        .as_any()
        .downcast_ref::<PrimitiveArray<u32>>()?;
    // A maximum rather than `all`: without the early exit it compiles to vector code.
    let largest = keys
        .values()
        .iter()
        .fold(0u32, |largest, &key| largest.max(key));
    let in_range = keys.is_empty() || (largest as usize) < n_categories;
    in_range.then(|| keys.values().clone())
}

/// The keys converted to `u32` codes, checked: a valid row's key must lie inside the
/// `n_categories` values; null rows get 0 (never read).
fn converted_codes<K: DictionaryKey>(
    keys: &PrimitiveArray<K>,
    n_categories: usize,
    first_row: usize,
) -> WcResult<Buffer<u32>> {
    // u32::MAX marks a key outside the values. Two plain passes rather than one with an early
    // exit: the conversion then compiles to vector code, which matters on a column of millions
    // of rows over few categories.
    let code_of = |key: K| -> u32 {
        match TryInto::<usize>::try_into(key) {
            Ok(k) if k < n_categories => k as u32,
            _ => u32::MAX,
        }
    };
    let codes: Vec<u32> = match keys.validity().filter(|v| v.unset_bits() > 0) {
        None => keys.values().iter().map(|&k| code_of(k)).collect(),
        Some(valid) => keys
            .values()
            .iter()
            .zip(valid.iter())
            .map(|(&k, is_valid)| if is_valid { code_of(k) } else { 0 })
            .collect(),
    };
    match codes.iter().position(|&code| code == u32::MAX) {
        Some(row) => Err(WcError::KeyOutOfRange {
            row: first_row + row,
            key: format!("{:?}", keys.value(row)),
            categories: n_categories,
        }),
        None => Ok(codes.into()),
    }
}

#[cfg(test)]
mod tests {
    use polars_arrow::array::{BinaryViewArray, Utf8Array};
    use polars_arrow::offset::Offsets;
    use proptest::prelude::*;
    use wordcount_kernel::{MatchOptions, NeedleMatcher};

    use super::*;
    use crate::engine::{self, Needle};

    /// A row as a producer might hand it over: `None` is null (stored as no bytes), and the
    /// bytes may or may not be UTF-8.
    type RawRow = Option<Vec<u8>>;

    fn validity_of(rows: &[RawRow]) -> Option<Bitmap> {
        let bits: Bitmap = rows.iter().map(Option::is_some).collect();
        (bits.unset_bits() > 0).then_some(bits)
    }

    /// The rows in each layout, built without the UTF-8 check the intake must make itself.
    fn unchecked_layouts(rows: &[RawRow]) -> Vec<Box<dyn Array>> {
        let bytes: Vec<&[u8]> = rows.iter().map(|r| r.as_deref().unwrap_or(b"")).collect();
        let values: Vec<u8> = bytes.concat();
        let lengths = bytes.iter().map(|b| b.len());
        let validity = validity_of(rows);
        let offsets32 = Offsets::<i32>::try_from_lengths(lengths.clone()).unwrap();
        let offsets64 = Offsets::<i64>::try_from_lengths(lengths).unwrap();
        // SAFETY (test only): the offsets and buffers agree; the strings are deliberately not
        // checked, which is the producer's behaviour the intake must survive.
        unsafe {
            vec![
                Utf8Array::<i32>::new_unchecked(
                    ArrowDataType::Utf8,
                    offsets32.into(),
                    values.clone().into(),
                    validity.clone(),
                )
                .boxed(),
                Utf8Array::<i64>::new_unchecked(
                    ArrowDataType::LargeUtf8,
                    offsets64.into(),
                    values.into(),
                    validity.clone(),
                )
                .boxed(),
                BinaryViewArray::from_slice_values(&bytes)
                    .with_validity(validity)
                    .to_utf8view_unchecked()
                    .boxed(),
            ]
        }
    }

    /// Short rows from an alphabet of Python whitespace, the needle, multi-byte characters and
    /// bytes that break UTF-8 (a lone continuation byte, a truncated sequence, 0xFF).
    fn raw_row() -> impl Strategy<Value = RawRow> {
        let pieces: Vec<&[u8]> = vec![
            b"a",
            b" ",
            b"\t",
            b"\x1c",
            "\u{3000}".as_bytes(),
            "é".as_bytes(),
            "中".as_bytes(),
            b"\x80",
            b"\xc3",
            b"\xff",
            b"ab",
        ];
        prop::option::weighted(
            0.9,
            prop::collection::vec(prop::sample::select(pieces), 0..16).prop_map(|p| p.concat()),
        )
    }

    fn naive_counts(rows: &[RawRow], needle: &str) -> Vec<Option<u32>> {
        let matcher = NeedleMatcher::new(needle, MatchOptions::default());
        rows.iter()
            .map(|r| {
                r.as_ref().map(|b| {
                    let text = std::str::from_utf8(b).unwrap();
                    let tokens =
                        text.split(|c: char| wordcount_kernel::whitespace::is_py_whitespace(c));
                    let naive = tokens.filter(|t| *t == needle).count() as u32;
                    assert_eq!(u64::from(naive), matcher.count(text));
                    naive
                })
            })
            .collect()
    }

    /// The engine's count of "a" in every row, nulls as `None`.
    fn counts_of_a(column: &TextColumn) -> Vec<Option<u32>> {
        let options = MatchOptions::default();
        let counts = engine::count(column, Needle::One(Some("a")), options, false).unwrap();
        counts
            .iter()
            .flat_map(|a| a.iter().map(|v| v.copied()))
            .collect()
    }

    /// The error of every way the engine reads a column: the block-by-block check of the
    /// counting loops (exact and tokenizing, and the family) and the whole-column check of
    /// the other paths. `None` where a path succeeds.
    fn errors_of_every_path(column: &TextColumn) -> Vec<Option<WcError>> {
        let exact = MatchOptions::default();
        let tokenizing = MatchOptions {
            ignore_case: true,
            ..exact
        };
        vec![
            engine::count(column, Needle::One(Some("a")), exact, false).err(),
            engine::count(column, Needle::One(Some("a")), tokenizing, false).err(),
            engine::family(column, engine::Family::Words, false).err(),
            engine::top_words(
                column,
                None,
                &wordcount_kernel::WordFilter::default(),
                exact,
                false,
            )
            .err(),
            engine::count_many::<u32>(column, &["a", "b"], exact, false).err(),
            engine::split(column, exact.mode, false).err(),
            engine::frequencies(column, exact, false).err(),
        ]
    }

    /// A dictionary of `keys` (null where `validity` says) over `values`, the keys not checked
    /// against the values: the intake must do that itself.
    fn unchecked_dictionary<K: DictionaryKey>(
        keys: Vec<K>,
        validity: Bitmap,
        values: Box<dyn Array>,
    ) -> Box<dyn Array> {
        let keys = PrimitiveArray::<K>::from_vec(keys).with_validity(Some(validity));
        let dtype = ArrowDataType::Dictionary(K::KEY_TYPE, Box::new(ArrowDataType::Utf8), false);
        // SAFETY (test only): the keys are deliberately left unchecked, so that the test can
        // hand the intake keys outside the values; nothing here reads them.
        unsafe { DictionaryArray::<K>::try_new_unchecked(dtype, keys, values) }
            .unwrap()
            .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// Arbitrary bytes through the Arrow intake, in two chunks and every layout: invalid
        /// UTF-8 is an error naming exactly the first bad row of the whole column, and valid
        /// text counts as the naive reference does.
        #[test]
        fn unchecked_bytes_are_refused_at_the_first_bad_row_or_counted_exactly(
            rows in prop::collection::vec(raw_row(), 0..24),
            split in 0usize..24,
        ) {
            let split = split.min(rows.len());
            let first_bad = rows.iter().position(|r| {
                r.as_ref().is_some_and(|b| std::str::from_utf8(b).is_err())
            });
            for (head, tail) in unchecked_layouts(&rows[..split])
                .into_iter()
                .zip(unchecked_layouts(&rows[split..]))
            {
                // Plain rows are checked as the engine reads them, not when they come in.
                let column = from_arrow("the text", &[head, tail], Utf8Promise::Unchecked);
                prop_assert!(column.is_ok());
                let column = column.unwrap();
                match first_bad {
                    Some(row) => {
                        let refused = Some(WcError::InvalidUtf8 { what: "the text", row });
                        for error in errors_of_every_path(&column) {
                            prop_assert_eq!(&error, &refused);
                        }
                    }
                    None => {
                        prop_assert_eq!(counts_of_a(&column), naive_counts(&rows, "a"));
                        prop_assert!(errors_of_every_path(&column).iter().all(Option::is_none));
                    }
                }
            }
        }

        /// A dictionary answers as its decoded rows do, with `i32` keys and with the `u32` keys
        /// a Polars Categorical exports (which the intake may share as its codes); a valid
        /// row's key outside the dictionary is an error naming its row, a null row's key is
        /// never read, whatever it holds, and a null category makes a null row.
        #[test]
        fn dictionaries_count_like_their_decoded_rows(
            categories in prop::collection::vec(raw_row(), 0..6),
            keys in prop::collection::vec((prop::bool::weighted(0.9), -1i32..7), 0..20),
            unsigned in any::<bool>(),
        ) {
            let categories: Vec<RawRow> = categories
                .into_iter()
                .map(|c| c.filter(|b| std::str::from_utf8(b).is_ok()))
                .collect();
            let values = Utf8Array::<i32>::from(
                categories
                    .iter()
                    .map(|c| c.as_ref().map(|b| std::str::from_utf8(b).unwrap()))
                    .collect::<Vec<_>>(),
            )
            .boxed();
            let validity: Bitmap = keys.iter().map(|&(valid, _)| valid).collect();
            let dictionary = if unsigned {
                let raw = keys.iter().map(|&(_, k)| k as u32).collect();
                unchecked_dictionary::<u32>(raw, validity, values)
            } else {
                let raw = keys.iter().map(|&(_, k)| k).collect();
                unchecked_dictionary::<i32>(raw, validity, values)
            };
            let got = from_arrow("the text", &[dictionary], Utf8Promise::Unchecked);
            let out_of_range = keys.iter().position(|&(valid, k)| {
                valid && (k < 0 || k as usize >= categories.len())
            });
            match (out_of_range, got) {
                (Some(row), Err(WcError::KeyOutOfRange { row: got_row, .. })) => {
                    prop_assert_eq!(got_row, row);
                }
                (None, Ok(column)) => {
                    let decoded: Vec<RawRow> = keys
                        .iter()
                        .map(|&(valid, k)| {
                            if valid { categories[k as usize].clone() } else { None }
                        })
                        .collect();
                    prop_assert_eq!(counts_of_a(&column), naive_counts(&decoded, "a"));
                }
                (expected, got) => {
                    prop_assert!(false, "expected key error at {:?}, got {:?}", expected, got.err());
                }
            }
        }
    }
}
