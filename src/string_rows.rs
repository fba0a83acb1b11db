//! The Arrow string layouts the intake hands to the engine, read in place, and the loops that
//! run the kernel over one chunk of rows (on several threads when it pays).
//!
//! Polars stores strings as views (`Utf8ViewArray`); pyarrow and pandas usually hand us offset
//! arrays (`Utf8Array<i32>` / `Utf8Array<i64>`). Reading all three in place is what lets the
//! pandas path skip the ~14 ms per 1M rows that rebuilding views would cost.

use std::ops::Range;

use polars_arrow::array::{Utf8Array, Utf8ViewArray, View};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::offset::Offset;
use polars_buffer::Buffer;
use polars_core::runtime::RAYON;
use rayon::prelude::*;

use crate::intake::{self, Utf8Promise, MAX_INLINE_VIEW};

use wordcount_kernel::{
    count_with, ManyCounter, MatchOptions, NeedleMatcher, WordCounter, WordTally,
};

/// Below this many text bytes per thread a column is counted on the calling thread: splitting
/// costs a few microseconds, which only pays once the scan itself takes longer than that.
pub const MIN_BYTES_PER_THREAD: usize = 1 << 20;

/// The rows of an Arrow string array. Null rows read as whatever the slot holds (normally "");
/// the caller masks them with the array's validity.
pub trait StringRows: Sync {
    fn row_count(&self) -> usize;
    fn row(&self, i: usize) -> &str;
    /// Bytes of text referenced by the rows, or any number of at least `limit` once that is
    /// certain: it only decides whether splitting the work pays, so it may stop counting there.
    fn text_bytes_up_to(&self, limit: usize) -> usize;

    /// Checks that the rows from `rows.start` on are UTF-8, about `budget` bytes of them and
    /// at least one row (never past `rows.end`). Returns where the checked rows end, or the
    /// first row that is not UTF-8. [`fill_rows`] calls it block by block for data whose
    /// producer did not promise UTF-8; the checks themselves are the intake's.
    fn check_utf8_block(&self, rows: Range<usize>, budget: usize) -> Result<usize, usize>;

    /// Writes the needle's count for each row of `rows` into `out` (same length). The default
    /// searches row by row; layouts that store rows one after another override it to search
    /// their buffers in one pass.
    fn count_into(&self, counter: &WordCounter, rows: Range<usize>, out: &mut [u32]) {
        for (i, slot) in rows.zip(out) {
            *slot = narrow(counter.count(self.row(i)));
        }
    }

    /// The data buffers that hold the rows' text, for outputs that point into them instead of
    /// copying it (the views of `split`); none when the layout keeps no such buffers.
    fn text_buffers(&self) -> Buffer<Buffer<u8>> {
        Buffer::new()
    }

    /// Which of [`text_buffers`](Self::text_buffers) holds row `i`'s bytes, when one does. A
    /// hint: the reader of the buffers still checks that the row lies inside it.
    fn row_buffer(&self, _i: usize) -> Option<u32> {
        None
    }
}

/// A borrowed layout reads as the layout itself, so the engine can box a reader over a chunk.
impl<T: StringRows + ?Sized> StringRows for &T {
    fn row_count(&self) -> usize {
        (**self).row_count()
    }
    #[inline]
    fn row(&self, i: usize) -> &str {
        (**self).row(i)
    }
    fn text_bytes_up_to(&self, limit: usize) -> usize {
        (**self).text_bytes_up_to(limit)
    }
    fn check_utf8_block(&self, rows: Range<usize>, budget: usize) -> Result<usize, usize> {
        (**self).check_utf8_block(rows, budget)
    }
    fn count_into(&self, counter: &WordCounter, rows: Range<usize>, out: &mut [u32]) {
        (**self).count_into(counter, rows, out);
    }
    fn text_buffers(&self) -> Buffer<Buffer<u8>> {
        (**self).text_buffers()
    }
    #[inline]
    fn row_buffer(&self, i: usize) -> Option<u32> {
        (**self).row_buffer(i)
    }
}

impl StringRows for Utf8ViewArray {
    fn row_count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn row(&self, i: usize) -> &str {
        self.value(i)
    }
    /// Polars caches the total on an array, but each plugin call sees a freshly imported one,
    /// where computing it is a pass over every view (about 9% of a short-row count). The view
    /// lengths are summed only until `limit` is reached.
    fn text_bytes_up_to(&self, limit: usize) -> usize {
        if let Some(total) = self.try_total_bytes_len() {
            return total;
        }
        let mut total = 0usize;
        for block in self.views().chunks(1024) {
            total += block.iter().map(|v| v.length as usize).sum::<usize>();
            if total >= limit {
                break;
            }
        }
        total
    }

    fn check_utf8_block(&self, rows: Range<usize>, budget: usize) -> Result<usize, usize> {
        intake::check_view_rows(self, rows, budget)
    }

    fn text_buffers(&self) -> Buffer<Buffer<u8>> {
        Utf8ViewArray::data_buffers(self).clone()
    }

    /// An inline row (at most 12 bytes) is in no buffer; its tokens are inline as well.
    #[inline]
    fn row_buffer(&self, i: usize) -> Option<u32> {
        self.views()
            .get(i)
            .filter(|view| view.length > MAX_INLINE_VIEW)
            .map(|view| view.buffer_idx)
    }

    /// Short strings are counted in place inside their views. Long ones are grouped into runs:
    /// consecutive views into the same data buffer whose offsets increase without overlap, as a
    /// builder writes them. Each run's region of the buffer is searched once, and each hit goes
    /// to the row whose span holds it. Views out of order (after a sort or gather) just make
    /// shorter runs, down to one row per run.
    fn count_into(&self, counter: &WordCounter, rows: Range<usize>, out: &mut [u32]) {
        let (Some(views), Some(out)) = (self.views().get(rows.clone()), out.get_mut(..rows.len()))
        else {
            return;
        };
        let buffers = self.data_buffers();
        let mut run_start = 0;
        while run_start < views.len() {
            let limit = views.len().min(run_start + MAX_RUN_VIEWS);
            let (Some(candidates), Some(candidate_out)) =
                (views.get(run_start..limit), out.get_mut(run_start..limit))
            else {
                return; // `out` is as long as `views`; not reachable
            };
            // One pass finds the run and counts its inline strings in place: the first long
            // view sets the buffer and region, and the run ends before a long view that is in
            // another buffer or starts before the region's end.
            let mut lead: Option<&View> = None;
            let mut region_end = 0;
            let (mut run_len, mut long_views) = (0, 0);
            for (view, slot) in candidates.iter().zip(candidate_out.iter_mut()) {
                if let Some(inline) = view.get_inlined_slice() {
                    *slot = narrow(counter.count_bytes(inline));
                } else {
                    let (offset, length) = (view.offset as usize, view.length as usize);
                    match lead {
                        Some(lead) if lead.buffer_idx != view.buffer_idx || offset < region_end => {
                            break;
                        }
                        Some(_) => {}
                        None => lead = Some(view),
                    }
                    region_end = offset + length;
                    long_views += 1;
                }
                run_len += 1;
            }
            let run_end = run_start + run_len;
            let Some(lead) = lead else {
                run_start = run_end; // only inline views
                continue;
            };
            let region_start = lead.offset as usize;
            let region = buffers
                .get(lead.buffer_idx as usize)
                .and_then(|b| b.get(region_start..region_end));
            let (Some(run), Some(run_out)) = (
                views.get(run_start..run_end),
                out.get_mut(run_start..run_end),
            ) else {
                return; // not reachable: `run_end <= limit`
            };
            let in_region = |view: &View| {
                (view.length > MAX_INLINE_VIEW).then(|| {
                    let start = view.offset as usize - region_start;
                    start..start + view.length as usize
                })
            };
            match region {
                Some(region) => counter
                    .scanner(region, region.len() / long_views.max(1))
                    .count_spans(run.iter().map(in_region), run_out),
                // Not reachable for a valid array; read the rows the slow, checked way.
                None => {
                    for (i, (view, slot)) in run.iter().zip(run_out).enumerate() {
                        if view.length > MAX_INLINE_VIEW {
                            *slot = narrow(counter.count(self.value(rows.start + run_start + i)));
                        }
                    }
                }
            }
            run_start = run_end;
        }
    }
}

/// Views in one run at most. A run's views are read twice, to find the run and to hand its
/// spans to the scanner; cut at 4,096 views (64 KB), they are still in the L2 cache the second
/// time. Whole-column runs read the views array (16 bytes a row: 29 MB for 1.8 million short
/// rows, half as much as their text) from memory twice. A cut costs one `memmem` restart.
const MAX_RUN_VIEWS: usize = 4096;

impl<O: Offset> StringRows for Utf8Array<O> {
    fn row_count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn row(&self, i: usize) -> &str {
        self.value(i)
    }
    fn text_bytes_up_to(&self, _limit: usize) -> usize {
        self.offsets().range().to_usize()
    }

    fn check_utf8_block(&self, rows: Range<usize>, budget: usize) -> Result<usize, usize> {
        intake::check_offset_rows(self, rows, budget)
    }

    /// The values buffer, in which every row lies.
    fn text_buffers(&self) -> Buffer<Buffer<u8>> {
        Buffer::from(vec![self.values().clone()])
    }

    #[inline]
    fn row_buffer(&self, _i: usize) -> Option<u32> {
        Some(0)
    }

    /// Offset arrays store rows back to back, so the whole range is one run: the scanner is
    /// given just the range's bytes, so that a search never runs on into rows another block
    /// or thread counts.
    fn count_into(&self, counter: &WordCounter, rows: Range<usize>, out: &mut [u32]) {
        let offsets = self.offsets().buffer();
        let Some(bounds) = offsets.get(rows.start..=rows.end) else {
            return;
        };
        let (Some(first), Some(last)) = (bounds.first(), bounds.last()) else {
            return;
        };
        let base = first.to_usize();
        let Some(text) = self.values().get(base..last.to_usize()) else {
            return; // not reachable for a valid array
        };
        let spans = bounds.windows(2).map(|pair| {
            let start = pair[0].to_usize().checked_sub(base)?;
            let end = pair[1].to_usize().checked_sub(base)?;
            Some(start..end)
        });
        counter
            .scanner(text, text.len() / rows.len().max(1))
            .count_spans(spans, out);
    }
}

/// Rows given as codes into other rows (a dictionary's categories): row `i` is
/// `categories.row(codes[i])`. The engine counts categories once and gathers; this is for the
/// paths that must read each row, such as one needle per row.
pub struct CodedRows<'a, C: StringRows + ?Sized> {
    pub codes: &'a [u32],
    pub categories: &'a C,
}

impl<C: StringRows + ?Sized> StringRows for CodedRows<'_, C> {
    fn row_count(&self) -> usize {
        self.codes.len()
    }
    #[inline]
    fn row(&self, i: usize) -> &str {
        // The intake checked every valid row's code; a null row's code is 0, and a column with
        // no categories has only null rows, which read as "".
        match self.codes.get(i) {
            Some(&code) if (code as usize) < self.categories.row_count() => {
                self.categories.row(code as usize)
            }
            _ => "",
        }
    }
    fn text_bytes_up_to(&self, _limit: usize) -> usize {
        0
    }
    /// The intake checks a dictionary's categories when it reads them in.
    fn check_utf8_block(&self, rows: Range<usize>, _budget: usize) -> Result<usize, usize> {
        Ok(rows.end)
    }
}

/// How many rows each thread takes, or `None` to stay on the calling thread: when Polars
/// already runs this expression in parallel, when the pool has one thread, or when the column
/// is too small for the split to pay.
fn rows_per_thread<R: StringRows + ?Sized>(rows: &R, may_use_threads: bool) -> Option<usize> {
    let n = rows.row_count();
    let threads = RAYON.current_num_threads().max(1);
    let enough = MIN_BYTES_PER_THREAD * threads;
    let worth_splitting = n >= 2 * threads && rows.text_bytes_up_to(enough) >= enough;
    (may_use_threads && threads > 1 && worth_splitting).then(|| n.div_ceil(threads))
}

/// Bytes of text checked for UTF-8 at a time, just before they are counted: small enough to
/// still be in the L2 cache when the count reads them, so the check adds little more than its
/// own instructions rather than a second trip through memory. (Unit tests use a tiny block, so
/// that their few rows cross many block boundaries.)
const CHECK_BLOCK_BYTES: usize = if cfg!(test) { 7 } else { 128 * 1024 };

/// Runs `fill(row_range, out_slice)` over all rows, one output value per row, splitting the
/// rows into one contiguous range per thread when that pays. Each range writes its own slice
/// of the output, so the result needs no reordering.
///
/// With [`Utf8Promise::Unchecked`] every block of rows is checked for UTF-8 right before
/// `fill` reads it; the first row that is not UTF-8 (the lowest over all threads) is the
/// error, and no row after a bad block is read.
fn fill_rows<R, F>(
    rows: &R,
    may_use_threads: bool,
    utf8: Utf8Promise,
    fill: F,
) -> Result<Vec<u32>, usize>
where
    R: StringRows + ?Sized,
    F: Fn(Range<usize>, &mut [u32]) + Sync,
{
    let fill_checked = |range: Range<usize>, out: &mut [u32]| -> Result<(), usize> {
        if utf8 == Utf8Promise::Kept {
            fill(range, out);
            return Ok(());
        }
        let mut at = range.start;
        while at < range.end {
            let end = rows.check_utf8_block(at..range.end, CHECK_BLOCK_BYTES)?;
            let block = out.get_mut(at - range.start..end - range.start);
            match block {
                Some(block) if end > at => fill(at..end, block),
                _ => return Err(at), // not reachable: a check moves on or fails
            }
            at = end;
        }
        Ok(())
    };
    let n = rows.row_count();
    let mut out: Vec<u32> = crate::huge_pages::zeroed(n);
    match rows_per_thread(rows, may_use_threads) {
        None => fill_checked(0..n, &mut out)?,
        Some(per_thread) => {
            let first_bad = RAYON.install(|| {
                out.par_chunks_mut(per_thread)
                    .enumerate()
                    .filter_map(|(part, block)| {
                        let first = part * per_thread;
                        fill_checked(first..first + block.len(), block).err()
                    })
                    .min()
            });
            if let Some(row) = first_bad {
                return Err(row);
            }
        }
    }
    Ok(out)
}

/// `f(range)` over contiguous ranges of the rows that together cover them all, in row order:
/// one range per thread when splitting pays (see [`rows_per_thread`]), else one range of every
/// row. For outputs that are built per range, such as the list arrays of `split`.
pub fn map_row_ranges<R, T, F>(rows: &R, may_use_threads: bool, f: F) -> Vec<T>
where
    R: StringRows + ?Sized,
    T: Send,
    F: Fn(Range<usize>) -> T + Sync,
{
    let n = rows.row_count();
    match rows_per_thread(rows, may_use_threads) {
        None => vec![f(0..n)],
        Some(per_thread) => RAYON.install(|| {
            (0..n.div_ceil(per_thread))
                .into_par_iter()
                .map(|part| f(part * per_thread..((part + 1) * per_thread).min(n)))
                .collect()
        }),
    }
}

/// The exact whole-word count of one needle in every row, searching buffers in one pass.
pub fn count_rows<R: StringRows + ?Sized>(
    rows: &R,
    may_use_threads: bool,
    utf8: Utf8Promise,
    counter: &WordCounter,
) -> Result<Vec<u32>, usize> {
    fill_rows(rows, may_use_threads, utf8, |range, out| {
        rows.count_into(counter, range, out);
    })
}

/// One needle under any options in every row: the exact matcher searches whole buffers at
/// once, the tokenizing ones (ignore_case, words) go row by row.
pub fn count_matcher<R: StringRows + ?Sized>(
    rows: &R,
    may_use_threads: bool,
    utf8: Utf8Promise,
    matcher: &NeedleMatcher,
) -> Result<Vec<u32>, usize> {
    match matcher {
        NeedleMatcher::Exact(counter) => count_rows(rows, may_use_threads, utf8, counter),
        tokenized => map_rows(rows, may_use_threads, utf8, |row| tokenized.count(row)),
    }
}

/// The count of each row's own needle: row `i` of `needles` in row `i` of `texts` (the two are
/// equally long), split over the threads as for one needle. A needle used once cannot share
/// any preparation between rows, so each row is one [`count_with`] call.
/// `utf8` is the texts' promise; the needles must be checked already.
pub fn count_per_row<T, N>(
    texts: &T,
    needles: &N,
    may_use_threads: bool,
    utf8: Utf8Promise,
    options: MatchOptions,
) -> Result<Vec<u32>, usize>
where
    T: StringRows + ?Sized,
    N: StringRows + ?Sized,
{
    fill_rows(texts, may_use_threads, utf8, |range, out| {
        for (i, slot) in range.zip(out) {
            *slot = narrow(count_with(texts.row(i), needles.row(i), options));
        }
    })
}

/// `f` applied to every row, in row order.
pub fn map_rows<R, F>(
    rows: &R,
    may_use_threads: bool,
    utf8: Utf8Promise,
    f: F,
) -> Result<Vec<u32>, usize>
where
    R: StringRows + ?Sized,
    F: Fn(&str) -> u64 + Sync,
{
    fill_rows(rows, may_use_threads, utf8, |range, out| {
        for (i, slot) in range.zip(out) {
            *slot = narrow(f(rows.row(i)));
        }
    })
}

/// A row's count as the `u32` the loops store. A row of at most `u32::MAX` bytes cannot count
/// more than that, so this never saturates there; the engine recounts longer rows exactly
/// (`engine::exact_long_rows`) and reports a count that does not fit.
#[inline]
pub fn narrow(count: u64) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Counts in the scratch block of [`count_many_columns`] (128 KB, which stays in the L2
/// cache): 256 rows of 128 needles, and fewer rows per batch for more needles.
const MANY_SCRATCH_COUNTS: usize = 32 * 1024;

/// The counts of every needle of `counter` in every row, written into `columns` (one slice per
/// needle, each as long as the rows), widened to the output's integer type as they are copied.
///
/// With 100 needles the output is 100 times one count's, and writing it is a large part of the
/// cost on short rows. Hits are added into a small column-major scratch block of at most 256
/// rows, which is then copied into each column in one sequential run:
/// adding each hit straight into its column instead touches 100 columns at scattered places
/// row after row, and `perf` put a third of a call on the benchmark's short rows on those
/// loads (the block made the call 1.25-1.32x faster). Threads, when they pay, take one block
/// of rows each and write only their block of every column.
pub fn count_many_columns<R, T>(
    rows: &R,
    may_use_threads: bool,
    counter: &ManyCounter,
    columns: &mut [&mut [T]],
) where
    R: StringRows + ?Sized,
    T: From<u32> + Copy + Send,
{
    let width = counter.width();
    // Every row of `first..` adds its hits into `block` (the rows' slice of each column).
    let fill = |first: usize, block: &mut [&mut [T]]| {
        let block_len = block.first().map_or(0, |column| column.len());
        let batch_rows = (MANY_SCRATCH_COUNTS / width.max(1)).clamp(1, 256);
        // Column-major: needle `slot`'s count for row `r` of the batch is at
        // `slot * batch_rows + r`.
        let mut scratch = vec![0u32; width * batch_rows];
        for batch_start in (0..block_len).step_by(batch_rows) {
            let batch_len = batch_rows.min(block_len - batch_start);
            scratch.fill(0);
            for r in 0..batch_len {
                counter.for_each_hit(rows.row(first + batch_start + r), |slot| {
                    if let Some(count) = scratch.get_mut(slot * batch_rows + r) {
                        *count = count.saturating_add(1);
                    }
                });
            }
            let batch = batch_start..batch_start + batch_len;
            for (column, counts) in block.iter_mut().zip(scratch.chunks(batch_rows)) {
                if let Some(to) = column.get_mut(batch.clone()) {
                    for (to, &from) in to.iter_mut().zip(counts) {
                        *to = T::from(from);
                    }
                }
            }
        }
    };
    match rows_per_thread(rows, may_use_threads) {
        None => fill(0, columns),
        Some(per_thread) => {
            let mut blocks: Vec<Vec<&mut [T]>> = Vec::new();
            for column in columns.iter_mut() {
                for (part, rows_of_part) in column.chunks_mut(per_thread).enumerate() {
                    if blocks.len() <= part {
                        blocks.push(Vec::new());
                    }
                    if let Some(block) = blocks.get_mut(part) {
                        block.push(rows_of_part);
                    }
                }
            }
            RAYON.install(|| {
                blocks
                    .into_par_iter()
                    .enumerate()
                    .for_each(|(part, mut block)| fill(part * per_thread, &mut block));
            });
        }
    }
}

/// `values` (needle after needle, `rows` counts each) as one slice per needle: `width` of
/// them, empty when there are no rows.
pub fn column_slices<T>(values: &mut [T], rows: usize, width: usize) -> Vec<&mut [T]> {
    if rows == 0 {
        return (0..width).map(|_| <&mut [T]>::default()).collect();
    }
    values.chunks_mut(rows).collect()
}

/// The token frequencies of all non-null rows (`validity` bit set, or no validity), one tally
/// per thread merged at the end when that pays.
pub fn tally_rows<'a, R: StringRows + ?Sized>(
    rows: &'a R,
    validity: Option<&Bitmap>,
    range: Range<usize>,
    may_use_threads: bool,
    options: MatchOptions,
) -> WordTally<'a> {
    let tally_range = |range: Range<usize>| {
        let mut tally = WordTally::with_capacity(expected_words(rows, range.clone()));
        for i in range {
            if validity.is_none_or(|v| v.get(i).unwrap_or(false)) {
                tally.add_row(rows.row(i), options);
            }
        }
        tally
    };
    // Only a whole chunk is split: a range is one group of many, ranked on one thread.
    if range.start != 0 || range.end != rows.row_count() {
        return tally_range(range);
    }
    let mut parts = map_row_ranges(rows, may_use_threads, tally_range).into_iter();
    let mut all = parts.next().unwrap_or_default();
    for part in parts {
        all.merge(part);
    }
    all
}

/// Room for the distinct words of a few rows, so a small tally (a group of a `group_by`) fills
/// its map without growing it step by step; a token takes at least two bytes with its
/// separator, and most take more. Large ranges start at a bound and grow as usual.
fn expected_words<R: StringRows + ?Sized>(rows: &R, range: Range<usize>) -> usize {
    const MOST: usize = 1024;
    let mut bytes = 0;
    for i in range {
        bytes += rows.row(i).len();
        if bytes >= 4 * MOST {
            return MOST;
        }
    }
    bytes / 4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rows` rows of about `row_bytes` bytes each, built from tokens that are often needles,
    /// joined by assorted Python whitespace; deterministic (a linear congruential generator).
    fn rows_of(rows: usize, row_bytes: usize) -> Vec<String> {
        let tokens = ["a", "b", "ab", "é", "中", "a.", "x"];
        let separators = [" ", "\t", "\u{1c}", "\u{3000}", "  "];
        let mut state = 12345u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        (0..rows)
            .map(|_| {
                let mut row = String::new();
                while row.len() < row_bytes {
                    row.push_str(tokens[next(tokens.len())]);
                    row.push_str(separators[next(separators.len())]);
                }
                row
            })
            .collect()
    }

    /// `count_many_columns` into one buffer, read back as one `Vec` per needle.
    fn many_columns<R: StringRows, T: From<u32> + Copy + Default + Send>(
        rows: &R,
        threads: bool,
        counter: &ManyCounter,
    ) -> Vec<Vec<T>> {
        let (n, width) = (rows.row_count(), counter.width());
        let mut values = vec![T::default(); n * width];
        count_many_columns(
            rows,
            threads,
            counter,
            &mut column_slices(&mut values, n, width),
        );
        values.chunks(n).map(<[T]>::to_vec).collect()
    }

    /// `count_many_columns` equals the kernel's one-row count (`ManyCounter::count_into`, which
    /// the kernel's property tests hold to one count per needle) on every row: across the
    /// scratch batches, for a width that shrinks the batch, and split over the threads.
    #[test]
    fn count_many_columns_matches_one_count_per_needle() {
        // 3,000 rows of 800 bytes: more than 2 MB, so the two-thread pool splits them.
        let rows = rows_of(3000, 800);
        let views = Utf8ViewArray::from_slice_values(&rows);
        let offsets = Utf8Array::<i64>::from_slice(&rows);
        // 300 needles (the batch is then 109 rows), most of which never occur.
        let mut needles: Vec<String> = ["a", "b", "ab", "é", "中", "x"].map(String::from).into();
        needles.extend((0..294).map(|i| format!("n{i}")));
        let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
        for options in MatchOptions::ALL {
            let counter = ManyCounter::new(&needles, options);
            let mut expected = vec![vec![0u32; rows.len()]; needles.len()];
            for (i, row) in rows.iter().enumerate() {
                let mut counts = vec![0u32; needles.len()];
                counter.count_into(row, &mut counts);
                for (column, count) in expected.iter_mut().zip(counts) {
                    column[i] = count;
                }
            }
            assert!(
                expected[0].iter().any(|&n| n > 1),
                "the rows hold the needles"
            );
            let expected_i64: Vec<Vec<i64>> = expected
                .iter()
                .map(|column| column.iter().map(|&n| i64::from(n)).collect())
                .collect();
            for threads in [false, true] {
                assert_eq!(
                    many_columns::<_, u32>(&views, threads, &counter),
                    expected,
                    "views, threads: {threads}, {options:?}"
                );
                assert_eq!(
                    many_columns::<_, u32>(&offsets, threads, &counter),
                    expected,
                    "offsets, threads: {threads}, {options:?}"
                );
                assert_eq!(
                    many_columns::<_, i64>(&offsets, threads, &counter),
                    expected_i64,
                    "offsets as i64, threads: {threads}, {options:?}"
                );
            }
        }
    }
}
