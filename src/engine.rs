//! The column engine: the only code that decides how a column is processed. Both adapters hand
//! it a [`TextColumn`] from the intake and get back output arrays; it owns
//! - the match options and their parsing;
//! - exact, tokenizing or phrase dispatch (through [`NeedleMatcher`]);
//! - broadcasting a length-1 needle or text;
//! - the thread split over chunks and rows;
//! - counting each dictionary category once and gathering by code;
//! - the `count_many` columns, the `top_words` tally and the wc family;
//! - the per-row lists of `split` and `frequencies`;
//! - the output's validity, and exact counts for rows over 4 GiB (or an error naming the row).

use std::borrow::Cow;
use std::ops::Range;

use polars_arrow::array::{Array, ListArray, PrimitiveArray, StructArray, Utf8ViewArray, View};
use polars_arrow::bitmap::{Bitmap, MutableBitmap};
use polars_arrow::compute::utils::combine_validities_and;
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::offset::OffsetsBuffer;
use polars_arrow::types::NativeType;
use polars_buffer::Buffer;
use polars_core::runtime::RAYON;
use rayon::prelude::*;
use wordcount_kernel::{
    family, for_each_token, BagOfWords, ManyCounter, MatchOptions, Mode, NeedleMatcher, WordFilter,
    WordTally,
};

use crate::error::{WcError, WcResult};
use crate::huge_pages;
use crate::intake::{with_rows, TextChunk, TextColumn, TextLists, Utf8Promise};
use crate::string_rows::{
    column_slices, count_many_columns, count_matcher, count_per_row, map_row_ranges, map_rows,
    tally_rows, CodedRows, StringRows, MIN_BYTES_PER_THREAD,
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
    per_row_values(
        text,
        may_use_threads,
        |rows, threads, utf8| with_rows!(rows, a => count_matcher(a, threads, utf8, &matcher)),
        |row| matcher.count(row),
    )
}

/// The counts of several needles, needle after needle in one buffer: needle `j`'s count of
/// row `i` is `values[j * rows + i]`. One buffer serves every output: Polars and Arrow take
/// each needle's column as a slice of it (no copy), pandas takes it whole as one 2-D block.
pub struct ManyCounts<T> {
    pub values: Vec<T>,
    pub rows: usize,
    pub width: usize,
    /// The text's validity, which every needle's column shares.
    pub validity: Option<Bitmap>,
}

impl<T: NativeType> ManyCounts<T> {
    /// One array per needle, each a slice of the one buffer.
    pub fn into_arrays(self) -> Vec<PrimitiveArray<T>> {
        let whole = PrimitiveArray::from_vec(self.values);
        (0..self.width)
            .map(|j| {
                whole
                    .clone()
                    .sliced(j * self.rows, self.rows)
                    .with_validity(self.validity.clone())
            })
            .collect()
    }
}

/// The counts of several needles in one pass over the rows, written as `T` (`u32` for Polars
/// and Arrow, `i64` for pandas) straight into the one output buffer.
pub fn count_many<T>(
    text: &TextColumn,
    needles: &[&str],
    options: MatchOptions,
    may_use_threads: bool,
) -> WcResult<ManyCounts<T>>
where
    T: From<u32> + Copy + Default + Send,
{
    let counter = ManyCounter::new(needles, options);
    let (rows, width) = (text.len(), needles.len());
    let mut values = huge_pages::zeroed(rows * width);
    // Each chunk's rows of every column, for that chunk alone to write.
    let mut blocks: Vec<Vec<&mut [T]>> = text.chunk_lengths().map(|_| Vec::new()).collect();
    for column in column_slices(&mut values, rows, width) {
        let mut rest = column;
        for (block, len) in blocks.iter_mut().zip(text.chunk_lengths()) {
            let (part, after) = rest.split_at_mut(len.min(rest.len()));
            block.push(part);
            rest = after;
        }
    }
    per_chunk_with(
        text,
        Utf8Check::Upfront,
        may_use_threads,
        blocks,
        |chunk, first_row, threads, mut block| {
            match chunk {
                TextChunk::Plain(rows) => {
                    with_rows!(rows, a => count_many_columns(a, threads, &counter, &mut block))
                }
                TextChunk::Coded { codes, categories } => {
                    let categories_len = categories.len();
                    let mut per_category = vec![0u32; categories_len * width];
                    let mut category_columns =
                        column_slices(&mut per_category, categories_len, width);
                    with_rows!(categories, a => {
                        count_many_columns(a, threads, &counter, &mut category_columns)
                    });
                    for (column, counts) in block.iter_mut().zip(&category_columns) {
                        gather_into(column, counts, codes.values());
                    }
                }
            }
            for_long_rows(chunk, |rows, i| {
                let mut counts = vec![0u64; width];
                counter.for_each_hit(rows.row(i), |slot| {
                    if let Some(n) = counts.get_mut(slot) {
                        *n += 1;
                    }
                });
                for (column, count) in block.iter_mut().zip(counts) {
                    set_exact(column, i, first_row, count)?;
                }
                Ok(())
            })
        },
    )?;
    let validity = concatenate_validities(text.chunks_validity());
    Ok(ManyCounts {
        values,
        rows,
        width,
        validity,
    })
}

/// Words, lines, chars or bytes of every row.
pub fn family(text: &TextColumn, which: Family, may_use_threads: bool) -> WcResult<Counts> {
    let kernel = which.kernel();
    per_row_values(
        text,
        may_use_threads,
        |rows, threads, utf8| with_rows!(rows, a => map_rows(a, threads, utf8, kernel)),
        kernel,
    )
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
) -> WcResult<Vec<(Cow<'a, str>, u64)>> {
    let mut tally = WordTally::default();
    for chunk in text.checked_chunks()? {
        tally_chunk(&mut tally, chunk, 0..chunk.len(), options, may_use_threads);
    }
    Ok(tally.top_filtered(k, filter))
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
    let mut parts: Vec<PrimitiveArray<u32>> =
        counts.into_iter().filter(|a| !a.is_empty()).collect();
    if parts.len() <= 1 {
        return parts
            .pop()
            .unwrap_or_else(|| PrimitiveArray::from_vec(Vec::new()));
    }
    let mut values = Vec::with_capacity(parts.iter().map(|a| a.len()).sum());
    for part in &parts {
        values.extend_from_slice(part.values());
    }
    let validity = concatenate_validities(parts.iter().map(|a| (a.len(), a.validity())));
    PrimitiveArray::from_vec(values).with_validity(validity)
}

/// The validities of consecutive parts (each `(length, validity)`) as one, None when no part
/// has a null.
fn concatenate_validities<'a>(
    parts: impl Iterator<Item = (usize, Option<&'a Bitmap>)> + Clone,
) -> Option<Bitmap> {
    if parts
        .clone()
        .all(|(_, v)| v.is_none_or(|v| v.unset_bits() == 0))
    {
        return None;
    }
    let mut validity = MutableBitmap::new();
    for (len, part) in parts {
        match part {
            Some(bits) => validity.extend_from_bitmap(bits),
            None => validity.extend_constant(len, true),
        }
    }
    Some(validity.into())
}

// ---------------------------------------------------------------------------------------------
// How a chunk is processed.

/// `f(chunk, first_row, may_use_threads)` for every chunk, in order. Many chunks (at least two
/// per thread, as pyarrow and pandas often hand over) are spread over the threads whole, each
/// counted on one thread; fewer chunks go one after another, each split over the threads.
/// Either way every thread has work, without a split and a join per chunk.
///
/// `check` says how the rows' UTF-8 is checked, so that every operation has to choose.
fn per_chunk<T, F>(
    text: &TextColumn,
    check: Utf8Check,
    may_use_threads: bool,
    f: F,
) -> WcResult<Vec<T>>
where
    T: Send,
    F: Fn(&TextChunk, usize, bool) -> WcResult<T> + Sync,
{
    let no_state = text.chunk_lengths().map(|_| ()).collect();
    per_chunk_with(
        text,
        check,
        may_use_threads,
        no_state,
        |chunk, first_row, threads, ()| f(chunk, first_row, threads),
    )
}

/// [`per_chunk`], handing each chunk's call its own item of `states` (one per chunk, in
/// order; the output slices that chunk alone writes).
fn per_chunk_with<S, T, F>(
    text: &TextColumn,
    check: Utf8Check,
    may_use_threads: bool,
    states: Vec<S>,
    f: F,
) -> WcResult<Vec<T>>
where
    S: Send,
    T: Send,
    F: Fn(&TextChunk, usize, bool, S) -> WcResult<T> + Sync,
{
    let chunks = match check {
        Utf8Check::Upfront => text.checked_chunks()?,
        Utf8Check::InRowLoops => text.chunks_to_check().0,
    };
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
                .zip(states)
                .map(|((chunk, first_row), state)| f(chunk, first_row, false, state))
                .collect()
        })
    } else {
        chunks
            .iter()
            .zip(first_rows)
            .zip(states)
            .map(|((chunk, first_row), state)| f(chunk, first_row, may_use_threads, state))
            .collect()
    }
}

/// How an operation has the UTF-8 of Arrow C stream text checked before it reads the rows.
#[derive(Clone, Copy)]
enum Utf8Check {
    /// The whole column first, for operations that read rows in their own order.
    Upfront,
    /// Block by block in the row loops of `row_values`, each block just before it is counted.
    /// Only `f`s that read plain rows through `row_values` may ask for this.
    InRowLoops,
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

/// [`row_values`] of every chunk: the operations that give one `u32` per row.
fn per_row_values<P, E>(
    text: &TextColumn,
    may_use_threads: bool,
    plain: P,
    exact: E,
) -> WcResult<Counts>
where
    P: Fn(&crate::intake::Rows, bool, Utf8Promise) -> Result<Vec<u32>, usize> + Sync,
    E: Fn(&str) -> u64 + Sync,
{
    per_chunk(
        text,
        Utf8Check::InRowLoops,
        may_use_threads,
        |chunk, first_row, threads| row_values(text, chunk, first_row, threads, &plain, &exact),
    )
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
    let mut values = huge_pages::zeroed(codes.len());
    gather_into(&mut values, per_category, codes);
    values
}

/// Row `i` of `out` is `per_category[codes[i]]` (0 for a code out of range, a null row's).
fn gather_into<T: From<u32>>(out: &mut [T], per_category: &[u32], codes: &[u32]) {
    for (slot, &code) in out.iter_mut().zip(codes) {
        *slot = T::from(per_category.get(code as usize).copied().unwrap_or(0));
    }
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
fn set_exact<T: From<u32>>(
    values: &mut [T],
    i: usize,
    first_row: usize,
    count: u64,
) -> WcResult<()> {
    if let Some(slot) = values.get_mut(i) {
        *slot = T::from(checked(count, first_row + i)?);
    }
    Ok(())
}

/// A count as the `u32` of the output, or an error naming its row when it does not fit.
fn checked(count: u64, row: usize) -> WcResult<u32> {
    u32::try_from(count).map_err(|_| WcError::CountTooLarge { row, count })
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

// ---------------------------------------------------------------------------------------------
// Per-row lists: `split` and `frequencies`.

/// What each row's list holds.
#[derive(Clone, Copy, Debug)]
pub enum ListOf {
    /// The row's tokens in order: `text.split()`, or the Unicode words.
    Tokens(Mode),
    /// The row's distinct tokens as counted under the options, each with its count, by count
    /// descending, then word.
    Frequencies(MatchOptions),
}

impl ListOf {
    /// The Arrow type of one list entry: a string, or a `{word, count}` struct.
    pub fn entry_dtype(self) -> ArrowDataType {
        match self {
            Self::Tokens(_) => ArrowDataType::Utf8View,
            Self::Frequencies(_) => ArrowDataType::Struct(vec![
                Field::new("word".into(), ArrowDataType::Utf8View, true),
                Field::new("count".into(), ArrowDataType::UInt32, true),
            ]),
        }
    }

    /// The Arrow type of the output: a large list of entries (what a Polars `List` is).
    pub fn list_dtype(self) -> ArrowDataType {
        ListArray::<i64>::default_datatype(self.entry_dtype())
    }
}

/// One `LargeList` array per piece of the column, in row order: a chunk may come back in
/// several pieces when its rows were split over threads.
pub type Lists = Vec<ListArray<i64>>;

/// The tokens of every row (`text.split()`, or the Unicode words in `Mode::Words`).
pub fn split(text: &TextColumn, mode: Mode, may_use_threads: bool) -> WcResult<Lists> {
    lists(text, ListOf::Tokens(mode), may_use_threads)
}

/// The bag of words of every row: its distinct tokens (lowercased with `ignore_case`, as
/// `top_words` reports them) with their counts, by count descending, then word.
pub fn frequencies(
    text: &TextColumn,
    options: MatchOptions,
    may_use_threads: bool,
) -> WcResult<Lists> {
    lists(text, ListOf::Frequencies(options), may_use_threads)
}

fn lists(text: &TextColumn, of: ListOf, may_use_threads: bool) -> WcResult<Lists> {
    let pieces = per_chunk(
        text,
        Utf8Check::Upfront,
        may_use_threads,
        |chunk, first_row, threads| {
            match chunk {
                TextChunk::Plain(rows) => with_rows!(rows, a => {
                    map_row_ranges(a, threads, |range| {
                        let validity = a.validity().map(|v| v.clone().sliced(range.start, range.len()));
                        build_lists(a, range.clone(), first_row, of)?.into_array(of, validity)
                    })
                    .into_iter()
                    .collect::<WcResult<Lists>>()
                }),
                TextChunk::Coded { codes, categories } => {
                    // Each category's list once; the rows take theirs by code. (A token over 4 GiB
                    // in a category is reported with the category's place for its row.)
                    let per_category =
                        with_rows!(categories, a => build_lists(a, 0..a.len(), first_row, of))?;
                    Ok(vec![per_category
                        .gather(codes)?
                        .into_array(of, codes.validity().cloned())?])
                }
            }
        },
    )?;
    Ok(pieces.into_iter().flatten().collect())
}

/// The most views `build_lists` reserves up front (16 bytes each).
const MAX_VIEWS_RESERVED: usize = 1 << 26;

/// Lists before they become an Arrow array: row `i` holds entries
/// `offsets[i]..offsets[i + 1]` of `words` (and of `counts`, for frequencies).
struct BuiltLists {
    offsets: Vec<i64>,
    words: Utf8ViewArray,
    counts: Vec<u32>,
}

/// The lists of `rows.row(i)` for `i` in `range`; `first_row` is the chunk's first row in the
/// column, for errors. Null rows read as "" (an empty list, which their validity hides).
fn build_lists<R: StringRows + ?Sized>(
    rows: &R,
    range: Range<usize>,
    first_row: usize,
    of: ListOf,
) -> WcResult<BuiltLists> {
    let mut offsets = Vec::with_capacity(range.len() + 1);
    huge_pages::advise(&offsets);
    offsets.push(0i64);
    // Room for a token per 4 bytes of text (log lines and prose have about one per 5-6), so
    // that most columns fill the views without growing them, which copies every view so far.
    // Pages of the reserve that stay unused are never touched, so they cost no memory; the
    // reserve stops at 1 GiB of address space (2^26 views), past which the views grow.
    let rows_bytes = rows.text_bytes_up_to(usize::MAX) / rows.row_count().max(1) * range.len();
    let reserve = (rows_bytes / 4 + range.len()).min(MAX_VIEWS_RESERVED);
    let buffers = rows.text_buffers();
    let mut words = ViewsBuilder::with_capacity(reserve, buffers.clone());
    let mut counts = Vec::new();
    let mut bag = BagOfWords::default();
    for i in range {
        let row = rows.row(i);
        let buffer = rows.row_buffer(i);
        words.begin_row(row, buffer);
        let readable = readable_from(row, buffer.and_then(|b| buffers.get(b as usize)));
        match of {
            ListOf::Tokens(mode) => {
                for_each_token(row, mode, |token| words.push_from(token, readable))
            }
            ListOf::Frequencies(options) => {
                for (word, n) in bag.of_row(row, options) {
                    words.push_from(word, readable);
                    counts.push(checked(*n, first_row + i)?);
                }
            }
        }
        if let Some(bytes) = words.too_long.take() {
            return Err(WcError::TokenTooLong {
                row: first_row + i,
                bytes,
            });
        }
        offsets.push(words.len() as i64);
    }
    Ok(BuiltLists {
        offsets,
        words: words.finish(),
        counts,
    })
}

impl BuiltLists {
    /// Row `i` is the list of `codes[i]`: entries are copied as views into the same buffers,
    /// so no string is copied. A null row's code gives an empty list.
    fn gather(&self, codes: &PrimitiveArray<u32>) -> WcResult<BuiltLists> {
        let mut offsets = Vec::with_capacity(codes.len() + 1);
        offsets.push(0i64);
        let mut views: Vec<View> = Vec::new();
        let mut counts = Vec::new();
        let category_views = self.words.views();
        for (i, &code) in codes.values().iter().enumerate() {
            let valid = codes.validity().is_none_or(|v| v.get_bit(i));
            let code = code as usize;
            let entries = match (self.offsets.get(code), self.offsets.get(code + 1)) {
                (Some(&start), Some(&end)) if valid => start as usize..end as usize,
                _ => 0..0,
            };
            if let Some(entry_views) = category_views.get(entries.clone()) {
                views.extend_from_slice(entry_views);
            }
            if let Some(entry_counts) = self.counts.get(entries) {
                counts.extend_from_slice(entry_counts);
            }
            offsets.push(views.len() as i64);
        }
        let total_bytes = views.iter().map(|v| v.length as usize).sum();
        // SAFETY: every view is a copy of a view of `self.words`, a valid UTF-8 view array
        // whose data buffers are handed over unchanged, so each still points at whole UTF-8
        // strings inside them; the array has no validity.
        let words = unsafe {
            Utf8ViewArray::new_unchecked(
                ArrowDataType::Utf8View,
                views.into(),
                self.words.data_buffers().clone(),
                None,
                Some(total_bytes),
                self.words.total_buffer_len(),
            )
        };
        Ok(BuiltLists {
            offsets,
            words,
            counts,
        })
    }

    fn into_array(self, of: ListOf, validity: Option<Bitmap>) -> WcResult<ListArray<i64>> {
        // Not reachable: the offsets grow with the entries pushed, and the types are `of`'s.
        let internal = |e: polars::prelude::PolarsError| WcError::Internal(e.to_string());
        let offsets = OffsetsBuffer::try_from(self.offsets).map_err(internal)?;
        let entries: Box<dyn Array> = match of {
            ListOf::Tokens(_) => self.words.boxed(),
            ListOf::Frequencies(_) => {
                let len = self.words.len();
                let counts = PrimitiveArray::from_vec(self.counts).boxed();
                StructArray::try_new(
                    of.entry_dtype(),
                    len,
                    vec![self.words.boxed(), counts],
                    None,
                )
                .map_err(internal)?
                .boxed()
            }
        };
        ListArray::<i64>::try_new(of.list_dtype(), offsets, entries, validity).map_err(internal)
    }
}

/// Strings written as Arrow views without copying text where it can be avoided: a string of up
/// to 12 bytes inside its view; a longer one that lies inside the current row, when the row
/// lies in one of the input's data buffers, as a view into that buffer (the output shares the
/// input's buffers); any other (a lowercased word, a row outside any buffer, an offset past
/// `u32::MAX`) copied into a data buffer of its own. `MutableBinaryViewArray` copies every
/// long string through a call per string, which `perf` showed as a sixth of `split` on short
/// rows; here the push is inlined into the token loop.
struct ViewsBuilder {
    views: Vec<View>,
    /// The input's data buffers; a view into one has its place here as `buffer_idx`.
    shared: Buffer<Buffer<u8>>,
    /// Whether any view points into `shared` (else the output need not keep them alive).
    shared_used: bool,
    /// The current row, when it lies inside one of `shared`.
    row: Option<SharedRow>,
    /// Closed buffers of copied strings; a view's `buffer_idx` is `shared.len()` + its place.
    copied: Vec<Vec<u8>>,
    current: Vec<u8>,
    total_bytes: usize,
    /// The length of a string left out for being longer than a view can say (`u32::MAX`
    /// bytes; only a row over 4 GiB can hold one), for the caller to report.
    too_long: Option<usize>,
}

/// The bytes of `row` and, when it lies in `buffer`, the bytes after it there: memory that
/// [`ViewsBuilder::push_from`] may read past the end of a token.
#[inline]
fn readable_from<'a>(row: &'a str, buffer: Option<&'a Buffer<u8>>) -> &'a [u8] {
    let after_row = buffer.and_then(|buffer| {
        let offset = (row.as_ptr() as usize).checked_sub(buffer.as_ptr() as usize)?;
        buffer.get(offset..).filter(|rest| rest.len() >= row.len())
    });
    after_row.unwrap_or(row.as_bytes())
}

/// `View::new_inline` of the first `len` (at most 12) of the 12 bytes `twelve`: one load,
/// masked, with no branch on the length.
#[inline(always)]
fn inline_view_of_prefix(twelve: &[u8; 12], len: usize) -> View {
    let mut wide = [0u8; 16];
    wide[..12].copy_from_slice(twelve);
    let data = u128::from_le_bytes(wide) & ((1u128 << (len * 8)) - 1);
    View::from(len as u128 | data << 32)
}

/// `View::new_inline(bytes)` for `bytes` of at most 12, built in registers from two loads that
/// may overlap (as `memcpy` copies a short length). `View::new_inline` copies through memory with
/// a `memcpy` call and then reads the view back whole, which stalls on the store: `perf` put
/// a third of `split` on short rows there. Out of line: [`ViewsBuilder::push_from`] takes it
/// only for a string near the end of its memory, and the token loops inline the rest.
#[inline(never)]
fn inline_view(bytes: &[u8]) -> View {
    let len = bytes.len();
    let data = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(&head), Some(&tail)) => {
            let (head, tail) = (u64::from_le_bytes(head), u64::from_le_bytes(tail));
            u128::from(head) | u128::from(tail) << ((len - 8) * 8)
        }
        _ => match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
            (Some(&head), Some(&tail)) => {
                let (head, tail) = (u32::from_le_bytes(head), u32::from_le_bytes(tail));
                u128::from(head) | u128::from(tail) << ((len - 4) * 8)
            }
            // 0 to 3 bytes: the first, middle and last (some of them the same byte).
            _ => match (bytes.first(), bytes.get(len / 2), bytes.last()) {
                (Some(&first), Some(&middle), Some(&last)) => {
                    u128::from(first)
                        | u128::from(middle) << (len / 2 * 8)
                        | u128::from(last) << ((len - 1) * 8)
                }
                _ => 0,
            },
        },
    };
    // A view is its length in the low 32 bits, then the bytes, then zeros (little-endian).
    View::from(len as u128 | data << 32)
}

/// Where the current row lies: the addresses of its bytes and of the start of the shared
/// buffer that holds them, checked when the row begins.
#[derive(Clone, Copy)]
struct SharedRow {
    start: usize,
    end: usize,
    buffer_idx: u32,
    buffer_start: usize,
}

impl ViewsBuilder {
    fn with_capacity(views: usize, shared: Buffer<Buffer<u8>>) -> Self {
        let views = Vec::with_capacity(views);
        huge_pages::advise(&views);
        Self {
            views,
            shared,
            shared_used: false,
            row: None,
            copied: Vec::new(),
            current: Vec::new(),
            total_bytes: 0,
            too_long: None,
        }
    }

    fn len(&self) -> usize {
        self.views.len()
    }

    /// Starts a row whose strings follow: `buffer` is the layout's hint of which shared buffer
    /// holds it, believed only when the row's bytes do lie inside that buffer.
    #[inline]
    fn begin_row(&mut self, row: &str, buffer: Option<u32>) {
        self.row = buffer.and_then(|buffer_idx| {
            let held = self
                .shared
                .get(buffer_idx as usize)?
                .as_slice()
                .as_ptr_range();
            let bytes = row.as_bytes().as_ptr_range();
            let inside = held.start <= bytes.start && bytes.end <= held.end;
            inside.then_some(SharedRow {
                start: bytes.start as usize,
                end: bytes.end as usize,
                buffer_idx,
                buffer_start: held.start as usize,
            })
        });
    }

    /// Appends `text`, or sets `too_long` when it is longer than a view can say. `readable`
    /// is memory that `text` usually lies in (its row, and what follows the row in its
    /// buffer): a short string there is read as 12 bytes at once and masked to its length.
    #[inline(always)]
    fn push_from(&mut self, text: &str, readable: &[u8]) {
        let bytes = text.as_bytes();
        if bytes.len() > View::MAX_INLINE_SIZE as usize {
            self.push_long(bytes);
            return;
        }
        self.total_bytes += bytes.len();
        let start = (bytes.as_ptr() as usize).wrapping_sub(readable.as_ptr() as usize);
        // `start` is the string's place in `readable` when it lies there, else too large.
        // Each branch pushes its own view: one chosen between the two and pushed after is kept
        // in a stack slot, the stall `push_inline` avoids.
        match readable.get(start..).and_then(|r| r.first_chunk::<12>()) {
            Some(twelve) => self.push_inline(inline_view_of_prefix(twelve, bytes.len())),
            None => self.push_inline(inline_view(bytes)),
        }
    }

    /// Pushes `view`, built in registers, with no call between building and storing it:
    /// `Vec::push` keeps its value in a stack slot across its growth path, which the store
    /// then reads back whole, a store-forwarding stall (`perf` put a quarter of `split` on
    /// short rows on the store after it).
    #[inline(always)]
    fn push_inline(&mut self, view: View) {
        self.views.reserve(1);
        let len = self.views.len();
        if let Some(slot) = self.views.spare_capacity_mut().first_mut() {
            slot.write(view);
            // SAFETY: the slot at `len`, the first past the initialised views, was just
            // written, so the first `len + 1` views are initialised (the slot exists only
            // when the capacity is at least `len + 1`, which `reserve(1)` ensures).
            unsafe { self.views.set_len(len + 1) };
        }
    }

    /// [`push_from`](Self::push_from) of a string over 12 bytes. Out of line, so that the token loops
    /// inline the short case (most tokens) and no call is made per token.
    #[inline(never)]
    fn push_long(&mut self, bytes: &[u8]) {
        if bytes.len() > u32::MAX as usize {
            self.too_long = Some(bytes.len());
            return;
        }
        self.total_bytes += bytes.len();
        if let Some(row) = self.row {
            let start = bytes.as_ptr() as usize;
            if row.start <= start && start + bytes.len() <= row.end {
                if let Ok(offset) = u32::try_from(start - row.buffer_start) {
                    // These are the very bytes of the shared buffer: the row lies inside it
                    // (checked by `begin_row`) and `bytes` inside the row.
                    self.views
                        .push(View::new_from_bytes(bytes, row.buffer_idx, offset));
                    self.shared_used = true;
                    return;
                }
            }
        }
        self.push_copy(bytes);
    }

    fn push_copy(&mut self, bytes: &[u8]) {
        // A view's offset is a u32: a buffer that would pass it is closed and a new one begun.
        if self.current.len() + bytes.len() > u32::MAX as usize {
            self.close_buffer();
        }
        let offset = self.current.len() as u32;
        self.current.extend_from_slice(bytes);
        let buffer_idx = (self.shared.len() + self.copied.len()) as u32;
        self.views
            .push(View::new_from_bytes(bytes, buffer_idx, offset));
    }

    fn close_buffer(&mut self) {
        if !self.current.is_empty() {
            self.copied.push(std::mem::take(&mut self.current));
        }
    }

    fn finish(mut self) -> Utf8ViewArray {
        self.close_buffer();
        // Unused shared buffers are replaced by empty ones, which keep the copied buffers'
        // places without keeping the input's text alive.
        let buffers: Buffer<Buffer<u8>> = match (self.shared_used, self.copied.is_empty()) {
            (true, true) => self.shared,
            (false, true) => Buffer::new(),
            (used, false) => self
                .shared
                .iter()
                .map(|buffer| if used { buffer.clone() } else { Buffer::new() })
                .chain(self.copied.into_iter().map(Buffer::from))
                .collect::<Vec<_>>()
                .into(),
        };
        let total_buffer_len = buffers.iter().map(|buffer| buffer.len()).sum();
        // SAFETY: each view was made from a whole `&str` (valid UTF-8, as the rows were checked
        // before they were read): by `View::new_inline`, or by `View::new_from_bytes` with the
        // index and offset where exactly those bytes lie in `buffers`: in a shared buffer
        // (`push` checked the string's addresses lie inside the row and `begin_row` that the
        // row's lie inside that buffer, which is immutable and kept whole here whenever a view
        // points into it), or in the copied buffer they were just written to, which follows
        // the shared ones unchanged. The array has no validity.
        unsafe {
            Utf8ViewArray::new_unchecked(
                ArrowDataType::Utf8View,
                self.views.into(),
                buffers,
                None,
                Some(self.total_bytes),
                total_buffer_len,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use polars_arrow::array::Utf8Array;
    use proptest::prelude::*;
    use wordcount_kernel::whitespace::{is_py_whitespace, PY_WHITESPACE};

    use super::*;
    use crate::intake::{from_arrow, Utf8Promise};

    /// `text.split()` by its definition: the pieces between Python whitespace, empty ones
    /// dropped.
    fn naive_split(text: &str) -> Vec<String> {
        text.split(is_py_whitespace)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    }

    /// `Counter(text.split())` sorted by count descending, then word.
    fn naive_frequencies(text: &str) -> Vec<(String, u32)> {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for token in naive_split(text) {
            *counts.entry(token).or_default() += 1;
        }
        let mut entries: Vec<(String, u32)> = counts.into_iter().collect();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        entries
    }

    /// Rows of tokens short and long (past the 12 bytes of an inline view), multi-byte
    /// characters and every Python whitespace character, some null.
    fn rows() -> impl Strategy<Value = Vec<Option<String>>> {
        let mut pieces: Vec<String> = PY_WHITESPACE.iter().map(char::to_string).collect();
        pieces.extend(
            [
                "a",
                "é",
                "東",
                "🙂",
                "ab",
                "twelve_bytes",
                "thirteen_byte",
                "longer-token-é-東-🙂",
            ]
            .map(String::from),
        );
        let row =
            prop::collection::vec(prop::sample::select(pieces), 0..24).prop_map(|p| p.concat());
        prop::collection::vec(prop::option::weighted(0.9, row), 0..16)
    }

    /// The rows as a view array, a `large_utf8` array and a `utf8` array, each sliced from a
    /// longer array (so that offsets and views do not start at the buffers' starts).
    fn layouts(rows: &[Option<String>], lead: &[Option<String>]) -> Vec<Box<dyn Array>> {
        let all: Vec<Option<&str>> = lead.iter().chain(rows).map(Option::as_deref).collect();
        let (start, len) = (lead.len(), rows.len());
        vec![
            Utf8ViewArray::from_slice(&all).sliced(start, len).boxed(),
            Utf8Array::<i64>::from(&all).sliced(start, len).boxed(),
            Utf8Array::<i32>::from(&all).sliced(start, len).boxed(),
        ]
    }

    /// The lists of `lists` as owned rows, null lists as `None`.
    fn split_rows(lists: &Lists) -> Vec<Option<Vec<String>>> {
        lists
            .iter()
            .flat_map(|list| {
                (0..list.len()).map(move |i| {
                    list.is_valid(i).then(|| {
                        let entries = list.value(i);
                        let words = entries.as_any().downcast_ref::<Utf8ViewArray>().unwrap();
                        words.values_iter().map(String::from).collect()
                    })
                })
            })
            .collect()
    }

    /// Every string of over 12 bytes in the lists points into one of `inputs`' buffers.
    fn long_words_are_shared(lists: &Lists, inputs: &[Box<dyn Array>]) -> bool {
        let ranges: Vec<std::ops::Range<*const u8>> = inputs
            .iter()
            .flat_map(|a| -> Vec<std::ops::Range<*const u8>> {
                let any = a.as_any();
                if let Some(views) = any.downcast_ref::<Utf8ViewArray>() {
                    views
                        .data_buffers()
                        .iter()
                        .map(|b| b.as_slice().as_ptr_range())
                        .collect()
                } else if let Some(offsets) = any.downcast_ref::<Utf8Array<i64>>() {
                    vec![offsets.values().as_slice().as_ptr_range()]
                } else if let Some(offsets) = any.downcast_ref::<Utf8Array<i32>>() {
                    vec![offsets.values().as_slice().as_ptr_range()]
                } else {
                    Vec::new()
                }
            })
            .collect();
        lists.iter().all(|list| {
            let words = list
                .values()
                .as_any()
                .downcast_ref::<Utf8ViewArray>()
                .unwrap();
            words.values_iter().filter(|w| w.len() > 12).all(|w| {
                let bytes = w.as_bytes().as_ptr_range();
                ranges
                    .iter()
                    .any(|r| r.start <= bytes.start && bytes.end <= r.end)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// `split` is `text.split()` in every layout, sliced and in two chunks, on one thread
        /// and several; no string of a view or offset input is copied; `frequencies` (which
        /// shares the output builder) is `Counter(text.split())` in order.
        #[test]
        fn split_and_frequencies_match_the_naive_reference(
            rows in rows(),
            lead in rows(),
            cut in 0usize..16,
        ) {
            let cut = cut.min(rows.len());
            let expected: Vec<Option<Vec<String>>> =
                rows.iter().map(|r| r.as_deref().map(naive_split)).collect();
            let expected_bags: Vec<Option<Vec<(String, u32)>>> =
                rows.iter().map(|r| r.as_deref().map(naive_frequencies)).collect();
            for (head, tail) in layouts(&rows[..cut], &lead)
                .into_iter()
                .zip(layouts(&rows[cut..], &lead))
            {
                let inputs = [head, tail];
                for promise in [Utf8Promise::Kept, Utf8Promise::Unchecked] {
                    let column = from_arrow("the text", &inputs, promise).unwrap();
                    for threads in [false, true] {
                        let lists = split(&column, Mode::Whitespace, threads).unwrap();
                        prop_assert_eq!(&split_rows(&lists), &expected);
                        prop_assert!(long_words_are_shared(&lists, &inputs));
                        let bags = frequencies(&column, MatchOptions::default(), threads).unwrap();
                        let got: Vec<Option<Vec<(String, u32)>>> = bags
                            .iter()
                            .flat_map(|list| {
                                (0..list.len()).map(move |i| {
                                    list.is_valid(i).then(|| {
                                        let entries = list.value(i);
                                        let entries =
                                            entries.as_any().downcast_ref::<StructArray>().unwrap();
                                        let words = entries.values()[0]
                                            .as_any()
                                            .downcast_ref::<Utf8ViewArray>()
                                            .unwrap();
                                        let counts = entries.values()[1]
                                            .as_any()
                                            .downcast_ref::<PrimitiveArray<u32>>()
                                            .unwrap();
                                        words
                                            .values_iter()
                                            .map(String::from)
                                            .zip(counts.values().iter().copied())
                                            .collect()
                                    })
                                })
                            })
                            .collect();
                        prop_assert_eq!(&got, &expected_bags);
                    }
                }
            }
        }
    }

    /// `inline_view` is `View::new_inline` for every length an inline view holds.
    #[test]
    fn inline_view_is_new_inline() {
        let text = "abcdefghijklé東";
        for start in 0..4 {
            for len in 0..=12 {
                let bytes = &text.as_bytes()[start..start + len];
                assert_eq!(inline_view(bytes), View::new_inline(bytes), "{bytes:?}");
            }
        }
    }

    /// Lowercased words are new strings: they are copied after the shared buffers, and the
    /// others still point into the input.
    #[test]
    fn lowercased_words_are_copied_next_to_shared_ones() {
        let rows = ["ÉCOLE-PRIMAIRE-Ü école-primaire-ü Ünchanged-lower abcdefghijklmnop"];
        let input = Utf8ViewArray::from_slice_values(rows).boxed();
        let column =
            from_arrow("the text", std::slice::from_ref(&input), Utf8Promise::Kept).unwrap();
        let options = MatchOptions {
            ignore_case: true,
            ..MatchOptions::default()
        };
        let bags = frequencies(&column, options, false).unwrap();
        let entries = bags[0].value(0);
        let entries = entries.as_any().downcast_ref::<StructArray>().unwrap();
        let words = entries.values()[0]
            .as_any()
            .downcast_ref::<Utf8ViewArray>()
            .unwrap();
        let got: Vec<&str> = words.values_iter().collect();
        assert_eq!(
            got,
            ["école-primaire-ü", "abcdefghijklmnop", "ünchanged-lower"]
        );
        // One shared buffer (the input's) and one of copied words.
        assert_eq!(words.data_buffers().len(), 2);
    }
}
