//! The column engine: the only code that decides how a column is processed. Both adapters hand
//! it a [`TextColumn`] from the intake and get back output arrays; it owns
//! - the match options and their parsing;
//! - exact versus tokenizing dispatch (through [`NeedleMatcher`]);
//! - broadcasting a length-1 needle or text;
//! - the thread split over chunks and rows;
//! - counting each dictionary category once and gathering by code;
//! - the `count_many` columns, the `top_words` tally and the wc family;
//! - the output's validity, and exact counts for rows over 4 GiB (or an error naming the row).

use std::borrow::Cow;
use std::ops::Range;

use polars_arrow::array::{Array, PrimitiveArray};
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use polars_arrow::compute::utils::combine_validities_and;
use polars_arrow::datatypes::ArrowDataType;
use polars_core::runtime::RAYON;
use rayon::prelude::*;
use wordcount_kernel::{
    family, ManyCounter, MatchOptions, Mode, NeedleMatcher, WordFilter, WordTally,
};

use crate::error::{WcError, WcResult};
use crate::intake::{with_rows, TextChunk, TextColumn, TextLists};
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
    Ok(MatchOptions { mode, ignore_case })
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
            return count_one(text, only_row(needles), options, may_use_threads)
        }
        Needle::PerRow(needles) => needles,
    };
    let broadcast;
    let text = match (text.len(), needles.len()) {
        (t, n) if t == n => text,
        (1, n) => {
            broadcast = repeat_only_row(text, n);
            &broadcast
        }
        (texts, needles) => return Err(WcError::ShapeMismatch { texts, needles }),
    };
    let mut counts = Vec::new();
    let mut first_row = 0;
    for (text, needle) in aligned_pieces(text, needles) {
        let (texts, needles) = (readable(&text), readable(&needle));
        let mut values = count_per_row(&*texts, &*needles, may_use_threads, options);
        exact_long_rows(&text, first_row, &mut values, |i| {
            wordcount_kernel::count_with(texts.row(i), needles.row(i), options)
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
            .chunks
            .iter()
            .map(|chunk| PrimitiveArray::new_null(ArrowDataType::UInt32, chunk.len()))
            .collect());
    };
    let matcher = NeedleMatcher::new(needle, options);
    per_chunk(text, may_use_threads, |chunk, first_row, threads| {
        row_values(
            chunk,
            first_row,
            threads,
            |rows, threads| with_rows!(rows, a => count_matcher(a, threads, &matcher)),
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
        let long = long_rows(chunk);
        if !long.is_empty() {
            let rows = readable(chunk);
            for i in long {
                for (column, count) in columns.iter_mut().zip(exact(rows.row(i))) {
                    if let Some(slot) = column.get_mut(i) {
                        *slot = checked(count, first_row + i)?;
                    }
                }
            }
        }
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
            chunk,
            first_row,
            threads,
            |rows, threads| with_rows!(rows, a => map_rows(a, threads, kernel)),
            kernel,
        )
    })
}

/// The token frequencies of all non-null rows, the `k` most frequent (all when `None`) of the
/// words `filter` keeps, by count descending, then word. A dictionary's category is tokenized
/// once, weighted by the number of rows that use it.
pub fn top_words<'a>(
    text: &'a TextColumn,
    k: Option<usize>,
    filter: &WordFilter,
    options: MatchOptions,
    may_use_threads: bool,
) -> Vec<(Cow<'a, str>, u64)> {
    let mut tally = WordTally::default();
    for chunk in &text.chunks {
        tally_chunk(&mut tally, chunk, 0..chunk.len(), options, may_use_threads);
    }
    tally.top_filtered(k, filter)
}

/// The `top_words` answer of every list, as `implode()` hands over the groups of a `group_by`:
/// list `i` ranks the words of its rows alone. Many lists are spread over the threads, each
/// ranked on one; a few (a whole column is one list) are ranked one after another, each split
/// over the threads as [`top_words`] splits a column.
pub fn top_words_per_list<'a>(
    lists: &'a TextLists,
    k: Option<usize>,
    filter: &WordFilter,
    options: MatchOptions,
    may_use_threads: bool,
) -> RankedLists<'a> {
    // Every list as (its chunk, its rows), or None when it is null.
    let mut jobs: Vec<Option<(&TextChunk, Range<usize>)>> = Vec::new();
    for list in &lists.chunks {
        let offsets = list.offsets.buffer();
        for (i, bounds) in offsets.windows(2).enumerate() {
            let valid = list.validity.as_ref().is_none_or(|v| v.get_bit(i));
            let rows = bounds[0].max(0) as usize..bounds[1].max(bounds[0]) as usize;
            jobs.push(valid.then_some((&list.values, rows)));
        }
    }
    let rank = |job: &Option<(&'a TextChunk, Range<usize>)>, threads: bool| {
        job.as_ref().map(|(chunk, rows)| {
            let mut tally = WordTally::default();
            tally_chunk(&mut tally, chunk, rows.clone(), options, threads);
            tally.top_filtered(k, filter)
        })
    };
    let threads = RAYON.current_num_threads();
    let ranked: Vec<Option<Ranking<'a>>> =
        if may_use_threads && threads > 1 && jobs.len() >= MIN_LISTS_PER_THREAD * threads {
            RAYON.install(|| {
                jobs.par_iter()
                    .with_min_len(MIN_LISTS_PER_THREAD)
                    .map(|job| rank(job, false))
                    .collect()
            })
        } else {
            jobs.iter().map(|job| rank(job, may_use_threads)).collect()
        };
    let mut out = RankedLists {
        words: Vec::with_capacity(ranked.iter().flatten().map(Vec::len).sum()),
        counts: Vec::with_capacity(ranked.len()),
        offsets: Vec::with_capacity(ranked.len() + 1),
        validity: None,
    };
    out.offsets.push(0);
    let any_null = ranked.iter().any(Option::is_none);
    let mut validity = any_null.then(|| MutableBitmap::with_capacity(ranked.len()));
    for list in ranked {
        if let Some(validity) = validity.as_mut() {
            validity.push(list.is_some());
        }
        for (word, n) in list.into_iter().flatten() {
            out.words.push(word);
            out.counts.push(n);
        }
        out.offsets.push(out.words.len() as i64);
    }
    out.validity = validity.map(Bitmap::from);
    out
}

/// One list's words and counts, most frequent first.
type Ranking<'a> = Vec<(Cow<'a, str>, u64)>;

/// Lists below this many per thread are ranked on the calling thread: a group's ranking takes
/// about a microsecond, and handing work to another thread costs several.
const MIN_LISTS_PER_THREAD: usize = 64;

/// The rankings of [`top_words_per_list`], flattened: list `i` is entries
/// `offsets[i]..offsets[i + 1]` of `words` and `counts`, and null where `validity` says so.
pub struct RankedLists<'a> {
    pub words: Vec<Cow<'a, str>>,
    pub counts: Vec<u64>,
    pub offsets: Vec<i64>,
    pub validity: Option<Bitmap>,
}

/// Adds the tokens of `rows` of `chunk` to `tally`.
fn tally_chunk<'a>(
    tally: &mut WordTally<'a>,
    chunk: &'a TextChunk,
    rows: Range<usize>,
    options: MatchOptions,
    may_use_threads: bool,
) {
    match chunk {
        TextChunk::Plain(plain) => {
            let part = with_rows!(plain, a => {
                tally_rows(a, a.validity(), rows, may_use_threads, options)
            });
            tally.merge(part);
        }
        TextChunk::Coded { codes, categories } => {
            let code_of = |i: usize| {
                let valid = codes.validity().is_none_or(|v| v.get_bit(i));
                codes.values().get(i).filter(|_| valid).map(|&c| c as usize)
            };
            with_rows!(categories, a => {
                if rows.len() < a.len() {
                    // Fewer rows than categories (a group): each row's category as it comes.
                    for code in rows.filter_map(code_of) {
                        if code < a.len() {
                            tally.add_row(a.row(code), options);
                        }
                    }
                } else {
                    let mut uses = vec![0u64; a.len()];
                    for code in rows.filter_map(code_of) {
                        if let Some(n) = uses.get_mut(code) {
                            *n += 1;
                        }
                    }
                    for (category, &times) in uses.iter().enumerate() {
                        if times > 0 {
                            tally.add_row_times(a.row(category), times, options);
                        }
                    }
                }
            });
        }
    }
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
fn per_chunk<T, F>(text: &TextColumn, may_use_threads: bool, f: F) -> WcResult<Vec<T>>
where
    T: Send,
    F: Fn(&TextChunk, usize, bool) -> WcResult<T> + Sync,
{
    let first_rows: Vec<usize> = text
        .chunks
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
        && text.chunks.len() >= 2 * threads
        && enough_text(text, MIN_BYTES_PER_THREAD * threads);
    if spread {
        RAYON.install(|| {
            text.chunks
                .par_iter()
                .zip(first_rows)
                .map(|(chunk, first_row)| f(chunk, first_row, false))
                .collect()
        })
    } else {
        text.chunks
            .iter()
            .zip(first_rows)
            .map(|(chunk, first_row)| f(chunk, first_row, may_use_threads))
            .collect()
    }
}

/// Whether the column holds at least `enough` bytes of text, counted only until that is known.
fn enough_text(text: &TextColumn, enough: usize) -> bool {
    let mut seen = 0usize;
    for chunk in &text.chunks {
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

/// One `u32` per row of `chunk`, with the chunk's validity: `plain(rows, threads)` counts a
/// run of rows (a plain chunk's, or a dictionary's categories, which are then gathered by
/// code), and `exact(row)` recounts any row over 4 GiB.
fn row_values(
    chunk: &TextChunk,
    first_row: usize,
    threads: bool,
    plain: impl Fn(&crate::intake::Rows, bool) -> Vec<u32>,
    exact: impl Fn(&str) -> u64,
) -> WcResult<PrimitiveArray<u32>> {
    let mut values = match chunk {
        TextChunk::Plain(rows) => plain(rows, threads),
        TextChunk::Coded { codes, categories } => {
            gather(&plain(categories, threads), codes.values())
        }
    };
    let rows = readable(chunk);
    exact_long_rows(chunk, first_row, &mut values, |i| exact(rows.row(i)))?;
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

/// Replaces the count of every row over 4 GiB by `exact(row)`, or fails naming the row when
/// that count does not fit a `u32`.
fn exact_long_rows(
    chunk: &TextChunk,
    first_row: usize,
    values: &mut [u32],
    exact: impl Fn(usize) -> u64,
) -> WcResult<()> {
    for i in long_rows(chunk) {
        if let Some(slot) = values.get_mut(i) {
            *slot = checked(exact(i), first_row + i)?;
        }
    }
    Ok(())
}

fn checked(count: u64, row: usize) -> WcResult<u32> {
    u32::try_from(count).map_err(|_| WcError::CountTooLarge { row, count })
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

/// The only row of a one-row column (`None` when it is null).
fn only_row(column: &TextColumn) -> Option<&str> {
    let chunk = column.chunks.iter().find(|c| !c.is_empty())?;
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

/// The one row of `column` as a column of `n` rows (codes all 0 over that row).
fn repeat_only_row(column: &TextColumn, n: usize) -> TextColumn {
    let Some(chunk) = column.chunks.iter().find(|c| !c.is_empty()) else {
        return TextColumn { chunks: Vec::new() };
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
    TextColumn {
        chunks: vec![TextChunk::Coded {
            codes: PrimitiveArray::from_vec(vec![code; n]).with_validity(validity),
            categories,
        }],
    }
}

/// The two columns (of equal length) cut at every chunk boundary of either, so that each pair
/// holds the same rows of the text and of the needles. Slicing copies no data.
fn aligned_pieces(texts: &TextColumn, needles: &TextColumn) -> Vec<(TextChunk, TextChunk)> {
    let mut text_chunks = texts.chunks.iter().filter(|c| !c.is_empty());
    let mut needle_chunks = needles.chunks.iter().filter(|c| !c.is_empty());
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
