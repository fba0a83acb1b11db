//! The column engine: the only code that decides how a column is processed. Both adapters hand
//! it a [`TextColumn`] from the intake and get back output arrays; it owns
//! - the match options and their parsing;
//! - exact, tokenizing or phrase dispatch (through [`NeedleMatcher`]);
//! - broadcasting a length-1 needle or text;
//! - the thread split over chunks and rows;
//! - counting each dictionary category once and gathering by code;
//! - the `count_many` columns, the `top_words` tally and the wc family;
//! - the output's validity, and exact counts for rows over 4 GiB (or an error naming the row).

use std::borrow::Cow;

use polars_arrow::array::{Array, PrimitiveArray};
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use polars_arrow::compute::utils::combine_validities_and;
use polars_arrow::datatypes::ArrowDataType;
use polars_core::runtime::RAYON;
use rayon::prelude::*;
use wordcount_kernel::{family, ManyCounter, MatchOptions, Mode, NeedleMatcher, WordTally};

use crate::error::{WcError, WcResult};
use crate::intake::{with_rows, TextChunk, TextColumn, Utf8Promise};
use crate::string_rows::{
    count_many_columns, count_matcher, count_per_row, map_rows, tally_rows, CodedRows, StringRows,
    MIN_BYTES_PER_THREAD,
};

/// One output array per chunk of the text (or per aligned piece, for per-row needles).
pub type Counts = Vec<PrimitiveArray<u32>>;

/// The options as the Python layer passes them (`mode` by name).
pub fn parse_options(mode: &str, ignore_case: bool) -> WcResult<MatchOptions> {
    let Some(mode) = Mode::parse(mode) else {
        return Err(WcError::BadArgument(format!(
            "mode must be one of {:?}, got {mode:?}",
            Mode::NAMES
        )));
    };
    Ok(MatchOptions {
        mode,
        ignore_case,
        phrase: false,
    })
}

/// The options of the functions that take needles (`count`, `count_many`): those of
/// [`parse_options`], and whether each needle is a phrase (a run of tokens).
pub fn parse_count_options(mode: &str, ignore_case: bool, phrase: bool) -> WcResult<MatchOptions> {
    Ok(MatchOptions {
        phrase,
        ..parse_options(mode, ignore_case)?
    })
}

/// The wc family: a count of the text alone.
#[derive(Clone, Copy, Debug)]
pub enum Family {
    Words,
    Lines,
    Chars,
    Bytes,
}

impl Family {
    pub const NAMES: [&'static str; 4] = ["words", "lines", "chars", "bytes"];

    pub fn parse(name: &str) -> WcResult<Self> {
        match name {
            "words" => Ok(Self::Words),
            "lines" => Ok(Self::Lines),
            "chars" => Ok(Self::Chars),
            "bytes" => Ok(Self::Bytes),
            other => Err(WcError::BadArgument(format!(
                "which must be one of {:?}, got {other:?}",
                Self::NAMES
            ))),
        }
    }

    fn kernel(self) -> fn(&str) -> u64 {
        match self {
            Self::Words => family::words,
            Self::Lines => family::lines,
            Self::Chars => family::chars,
            Self::Bytes => family::bytes,
        }
    }
}

/// The needle argument of `count`.
pub enum Needle<'a> {
    /// One needle for every row; `None` (a null needle) gives null rows.
    One(Option<&'a str>),
    /// A column of needles: one per row, or one row broadcast to all.
    PerRow(&'a TextColumn),
}

// ---------------------------------------------------------------------------------------------
// Operations.

/// Whole-word counts of the needle in every row.
pub fn count(
    text: &TextColumn,
    needle: Needle<'_>,
    options: MatchOptions,
    may_use_threads: bool,
) -> WcResult<Counts> {
    let needles = match needle {
        Needle::One(needle) => return count_one(text, needle, options, may_use_threads),
        Needle::PerRow(needles) if needles.len() == 1 => {
            let needle = only_row(needles.checked_chunks()?);
            return count_one(text, needle, options, may_use_threads);
        }
        Needle::PerRow(needles) => needles,
    };
    let text_of_what = text.what();
    // Each row is read with its own needle: both columns are checked whole first.
    let (text_chunks, needle_chunks) = (text.checked_chunks()?, needles.checked_chunks()?);
    let broadcast;
    let text_chunks = match (text.len(), needles.len()) {
        (t, n) if t == n => text_chunks,
        (1, n) => {
            broadcast = repeat_only_row(text_chunks, n);
            &broadcast
        }
        (texts, needles) => return Err(WcError::ShapeMismatch { texts, needles }),
    };
    let mut counts = Vec::new();
    let mut first_row = 0;
    for (text, needle) in aligned_pieces(text_chunks, needle_chunks) {
        let (texts, needles) = (readable(&text), readable(&needle));
        let mut values = count_per_row(
            &*texts,
            &*needles,
            may_use_threads,
            Utf8Promise::Kept,
            options,
        )
        .map_err(|row| invalid_utf8(text_of_what, first_row + row))?;
        for_long_rows(&text, |texts, i| {
            let count = wordcount_kernel::count_with(texts.row(i), needles.row(i), options);
            set_exact(&mut values, i, first_row, count)
        })?;
        let validity = combine_validities_and(text.validity(), needle.validity());
        counts.push(PrimitiveArray::from_vec(values).with_validity(validity));
        first_row += text.len();
    }
    Ok(counts)
}

fn count_one(
    text: &TextColumn,
    needle: Option<&str>,
    options: MatchOptions,
    may_use_threads: bool,
) -> WcResult<Counts> {
    let Some(needle) = needle else {
        return Ok(text
            .chunk_lengths()
            .map(|len| PrimitiveArray::new_null(ArrowDataType::UInt32, len))
            .collect());
    };
    let matcher = NeedleMatcher::new(needle, options);
    per_chunk(text, may_use_threads, |chunk, first_row, threads| {
        row_values(
            text,
            chunk,
            first_row,
            threads,
            |rows, threads, utf8| with_rows!(rows, a => count_matcher(a, threads, utf8, &matcher)),
            |row| matcher.count(row),
        )
    })
}

/// The counts of several needles in one pass over the rows: one [`Counts`] per needle.
pub fn count_many(
    text: &TextColumn,
    needles: &[&str],
    options: MatchOptions,
    may_use_threads: bool,
) -> WcResult<Vec<Counts>> {
    let counter = ManyCounter::new(needles, options);
    text.checked_chunks()?;
    let per_chunk_columns = per_chunk(text, may_use_threads, |chunk, first_row, threads| {
        let exact = |row: &str| {
            let mut counts = vec![0u64; needles.len()];
            counter.for_each_hit(row, |slot| {
                if let Some(n) = counts.get_mut(slot) {
                    *n += 1;
                }
            });
            counts
        };
        let columns = match chunk {
            TextChunk::Plain(rows) => {
                with_rows!(rows, a => count_many_columns(a, threads, &counter))
            }
            TextChunk::Coded { codes, categories } => {
                let per_category =
                    with_rows!(categories, a => count_many_columns(a, threads, &counter));
                per_category
                    .iter()
                    .map(|column| gather(column, codes.values()))
                    .collect()
            }
        };
        let mut columns = columns;
        for_long_rows(chunk, |rows, i| {
            for (column, count) in columns.iter_mut().zip(exact(rows.row(i))) {
                set_exact(column, i, first_row, count)?;
            }
            Ok(())
        })?;
        Ok(columns
            .into_iter()
            .map(|values| PrimitiveArray::from_vec(values).with_validity(chunk.validity().cloned()))
            .collect::<Vec<_>>())
    })?;
    // Chunk-major to needle-major.
    let mut by_needle: Vec<Counts> = (0..needles.len()).map(|_| Vec::new()).collect();
    for chunk_columns in per_chunk_columns {
        for (column, array) in by_needle.iter_mut().zip(chunk_columns) {
            column.push(array);
        }
    }
    Ok(by_needle)
}

/// Words, lines, chars or bytes of every row.
pub fn family(text: &TextColumn, which: Family, may_use_threads: bool) -> WcResult<Counts> {
    let kernel = which.kernel();
    per_chunk(text, may_use_threads, |chunk, first_row, threads| {
        row_values(
            text,
            chunk,
            first_row,
            threads,
            |rows, threads, utf8| with_rows!(rows, a => map_rows(a, threads, utf8, kernel)),
            kernel,
        )
    })
}

/// The token frequencies of all non-null rows, the `k` most frequent (all when `None`) by
/// count descending, then word. A dictionary's category is tokenized once, weighted by the
/// number of rows that use it.
pub fn top_words(
    text: &TextColumn,
    k: Option<usize>,
    options: MatchOptions,
    may_use_threads: bool,
) -> WcResult<Vec<(Cow<'_, str>, u64)>> {
    let mut tally = WordTally::default();
    for chunk in text.checked_chunks()? {
        match chunk {
            TextChunk::Plain(rows) => {
                let part =
                    with_rows!(rows, a => tally_rows(a, a.validity(), may_use_threads, options));
                tally.merge(part);
            }
            TextChunk::Coded { codes, categories } => {
                let mut uses = vec![0u64; categories.len()];
                for (i, &code) in codes.values().iter().enumerate() {
                    let valid = codes.validity().is_none_or(|v| v.get_bit(i));
                    if let Some(n) = uses.get_mut(code as usize).filter(|_| valid) {
                        *n += 1;
                    }
                }
                with_rows!(categories, a => {
                    for (category, &times) in uses.iter().enumerate() {
                        if times > 0 {
                            tally.add_row_times(a.row(category), times, options);
                        }
                    }
                });
            }
        }
    }
    Ok(tally.top(k))
}

/// The arrays of [`Counts`] as one array, as the Arrow entry returns it. A single chunk (the
/// usual case) is returned as it is, without a copy.
pub fn concatenate(counts: Counts) -> PrimitiveArray<u32> {
    let mut counts = counts.into_iter().filter(|a| !a.is_empty());
    let Some(first) = counts.next() else {
        return PrimitiveArray::from_vec(Vec::new());
    };
    let rest: Vec<PrimitiveArray<u32>> = counts.collect();
    if rest.is_empty() {
        return first;
    }
    let parts: Vec<PrimitiveArray<u32>> = std::iter::once(first).chain(rest).collect();
    let mut values = Vec::with_capacity(parts.iter().map(|a| a.len()).sum());
    let any_null = parts.iter().any(|a| a.null_count() > 0);
    let mut validity = any_null.then(|| MutableBitmap::with_capacity(values.capacity()));
    for part in &parts {
        values.extend_from_slice(part.values());
        if let Some(validity) = validity.as_mut() {
            match part.validity() {
                Some(bits) => validity.extend_from_bitmap(bits),
                None => validity.extend_constant(part.len(), true),
            }
        }
    }
    PrimitiveArray::from_vec(values).with_validity(validity.map(Bitmap::from))
}

// ---------------------------------------------------------------------------------------------
// How a chunk is processed.

/// `f(chunk, first_row, may_use_threads)` for every chunk, in order. Many chunks (at least two
/// per thread, as pyarrow and pandas often hand over) are spread over the threads whole, each
/// counted on one thread; fewer chunks go one after another, each split over the threads.
/// Either way every thread has work, without a split and a join per chunk.
///
/// `f` may read a chunk's plain rows only through the loops that check them (`row_values`), or
/// after the column's [`TextColumn::checked_chunks`].
fn per_chunk<T, F>(text: &TextColumn, may_use_threads: bool, f: F) -> WcResult<Vec<T>>
where
    T: Send,
    F: Fn(&TextChunk, usize, bool) -> WcResult<T> + Sync,
{
    let (chunks, _) = text.chunks_to_check();
    let first_rows: Vec<usize> = chunks
        .iter()
        .scan(0, |next, chunk| {
            let first = *next;
            *next += chunk.len();
            Some(first)
        })
        .collect();
    let threads = RAYON.current_num_threads().max(1);
    let spread = may_use_threads
        && threads > 1
        && chunks.len() >= 2 * threads
        && enough_text(chunks, MIN_BYTES_PER_THREAD * threads);
    if spread {
        RAYON.install(|| {
            chunks
                .par_iter()
                .zip(first_rows)
                .map(|(chunk, first_row)| f(chunk, first_row, false))
                .collect()
        })
    } else {
        chunks
            .iter()
            .zip(first_rows)
            .map(|(chunk, first_row)| f(chunk, first_row, may_use_threads))
            .collect()
    }
}

/// Whether the column holds at least `enough` bytes of text, counted only until that is known.
fn enough_text(chunks: &[TextChunk], enough: usize) -> bool {
    let mut seen = 0usize;
    for chunk in chunks {
        seen += match chunk {
            TextChunk::Plain(rows) => with_rows!(rows, a => a.text_bytes_up_to(enough - seen)),
            // Gathering by code costs about as much as a few bytes of text per row.
            TextChunk::Coded { codes, .. } => codes.len() * 4,
        };
        if seen >= enough {
            return true;
        }
    }
    false
}

/// One `u32` per row of `chunk` (of `text`), with the chunk's validity: `plain(rows,
/// threads, utf8)` counts a run of rows (a plain chunk's, or a dictionary's categories, which
/// are then gathered by code), checking their UTF-8 block by block as `utf8` requires, and
/// `exact(row)` recounts any row over 4 GiB.
fn row_values(
    text: &TextColumn,
    chunk: &TextChunk,
    first_row: usize,
    threads: bool,
    plain: impl Fn(&crate::intake::Rows, bool, Utf8Promise) -> Result<Vec<u32>, usize>,
    exact: impl Fn(&str) -> u64,
) -> WcResult<PrimitiveArray<u32>> {
    let (_, utf8) = text.chunks_to_check();
    let mut values = match chunk {
        TextChunk::Plain(rows) => {
            plain(rows, threads, utf8).map_err(|row| invalid_utf8(text.what(), first_row + row))?
        }
        // The intake checked the categories.
        TextChunk::Coded { codes, categories } => {
            let per_category = plain(categories, threads, Utf8Promise::Kept)
                .map_err(|_| invalid_utf8(text.what(), first_row))?;
            gather(&per_category, codes.values())
        }
    };
    for_long_rows(chunk, |rows, i| {
        set_exact(&mut values, i, first_row, exact(rows.row(i)))
    })?;
    Ok(PrimitiveArray::from_vec(values).with_validity(chunk.validity().cloned()))
}

/// `per_category[code]` for every code; a null row's code reads a count that its validity
/// then hides.
fn gather(per_category: &[u32], codes: &[u32]) -> Vec<u32> {
    codes
        .iter()
        .map(|&code| per_category.get(code as usize).copied().unwrap_or(0))
        .collect()
}

/// The rows of a chunk over 4 GiB: the only ones whose count may not fit a `u32`.
fn long_rows(chunk: &TextChunk) -> Vec<usize> {
    match chunk {
        TextChunk::Plain(rows) => rows.rows_longer_than_u32(),
        TextChunk::Coded { codes, categories } => {
            let long = categories.rows_longer_than_u32();
            if long.is_empty() {
                return long;
            }
            (0..codes.len())
                .filter(|&i| {
                    codes.validity().is_none_or(|v| v.get_bit(i))
                        && codes
                            .values()
                            .get(i)
                            .is_some_and(|&c| long.contains(&(c as usize)))
                })
                .collect()
        }
    }
}

/// Runs `f(rows, i)` for every row `i` of the chunk over 4 GiB (the rows whose counts may not
/// fit a `u32`), with a reader of the chunk's rows made only when there is such a row.
fn for_long_rows(
    chunk: &TextChunk,
    mut f: impl FnMut(&dyn StringRows, usize) -> WcResult<()>,
) -> WcResult<()> {
    let long = long_rows(chunk);
    if long.is_empty() {
        return Ok(());
    }
    let rows = readable(chunk);
    long.into_iter().try_for_each(|i| f(&*rows, i))
}

/// Stores the exact count of row `i` of a chunk (whose first row is `first_row` in the
/// column), or fails naming the row when it does not fit a `u32`.
fn set_exact(values: &mut [u32], i: usize, first_row: usize, count: u64) -> WcResult<()> {
    if let Some(slot) = values.get_mut(i) {
        *slot = u32::try_from(count).map_err(|_| WcError::CountTooLarge {
            row: first_row + i,
            count,
        })?;
    }
    Ok(())
}

fn invalid_utf8(what: &'static str, row: usize) -> WcError {
    WcError::InvalidUtf8 { what, row }
}

/// A chunk's rows read one by one, whatever its layout: for the paths that visit each row
/// (one needle per row, and the rare rows over 4 GiB).
fn readable(chunk: &TextChunk) -> Box<dyn StringRows + '_> {
    match chunk {
        TextChunk::Plain(rows) => with_rows!(rows, a => Box::new(a)),
        TextChunk::Coded { codes, categories } => {
            with_rows!(categories, a => Box::new(CodedRows { codes: codes.values(), categories: a }))
        }
    }
}

/// The only row of a one-row column's checked chunks (`None` when it is null).
fn only_row(chunks: &[TextChunk]) -> Option<&str> {
    let chunk = chunks.iter().find(|c| !c.is_empty())?;
    if chunk.validity().is_some_and(|v| !v.get_bit(0)) {
        return None;
    }
    Some(match chunk {
        TextChunk::Plain(rows) => with_rows!(rows, a => a.row(0)),
        TextChunk::Coded { codes, categories } => {
            let code = *codes.values().first()? as usize;
            with_rows!(categories, a => (code < a.len()).then(|| a.row(code))?)
        }
    })
}

/// The one row of a one-row column's checked chunks as `n` rows (codes all 0 over that row).
fn repeat_only_row(chunks: &[TextChunk], n: usize) -> Vec<TextChunk> {
    let Some(chunk) = chunks.iter().find(|c| !c.is_empty()) else {
        return Vec::new();
    };
    let valid = chunk.validity().is_none_or(|v| v.get_bit(0));
    let validity = (!valid).then(|| Bitmap::new_zeroed(n));
    let (code, categories) = match chunk {
        TextChunk::Plain(rows) => (0, rows.sliced(0, 1)),
        TextChunk::Coded { codes, categories } => (
            codes.values().first().copied().unwrap_or(0),
            categories.clone(),
        ),
    };
    vec![TextChunk::Coded {
        codes: PrimitiveArray::from_vec(vec![code; n]).with_validity(validity),
        categories,
    }]
}

/// The two columns (of equal length) cut at every chunk boundary of either, so that each pair
/// holds the same rows of the text and of the needles. Slicing copies no data.
fn aligned_pieces(texts: &[TextChunk], needles: &[TextChunk]) -> Vec<(TextChunk, TextChunk)> {
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
