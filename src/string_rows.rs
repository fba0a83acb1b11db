//! The Arrow string layouts both adapters hand to the kernel, and the one loop that runs a
//! per-row kernel over them (on several threads when it pays).
//!
//! Polars stores strings as views (`Utf8ViewArray`); pyarrow and pandas usually hand us offset
//! arrays (`Utf8Array<i32>` / `Utf8Array<i64>`). Reading all three in place is what lets the
//! pandas path skip the ~14 ms per 1M rows that rebuilding views would cost.

use polars_arrow::array::{Utf8Array, Utf8ViewArray};
use polars_arrow::offset::Offset;
use polars_core::runtime::RAYON;
use rayon::prelude::*;

/// Below this many text bytes a column is counted on the calling thread: splitting costs a few
/// microseconds, which only pays once the scan itself takes longer than that.
const MIN_BYTES_PER_THREAD: usize = 1 << 20;

/// Random access to the rows of an Arrow string array. Null rows read as whatever the slot
/// holds (normally ""); the caller masks them with the array's validity.
pub trait StringRows: Sync {
    fn row_count(&self) -> usize;
    fn row(&self, i: usize) -> &str;
    /// Bytes of text referenced by the rows, used only to decide whether to split the work.
    fn text_bytes(&self) -> usize;
}

impl StringRows for Utf8ViewArray {
    fn row_count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn row(&self, i: usize) -> &str {
        self.value(i)
    }
    fn text_bytes(&self) -> usize {
        self.total_bytes_len()
    }
}

impl<O: Offset> StringRows for Utf8Array<O> {
    fn row_count(&self) -> usize {
        self.len()
    }
    #[inline]
    fn row(&self, i: usize) -> &str {
        self.value(i)
    }
    fn text_bytes(&self) -> usize {
        self.offsets().range().to_usize()
    }
}

/// How many rows each thread takes, or `None` to stay on the calling thread: when Polars
/// already runs this expression in parallel, when the pool has one thread, or when the column
/// is too small for the split to pay.
fn rows_per_thread<R: StringRows + ?Sized>(rows: &R, may_use_threads: bool) -> Option<usize> {
    let n = rows.row_count();
    let threads = RAYON.current_num_threads().max(1);
    let worth_splitting = rows.text_bytes() >= MIN_BYTES_PER_THREAD * 2 && n >= 2 * threads;
    (may_use_threads && threads > 1 && worth_splitting).then(|| n.div_ceil(threads))
}

/// `f` applied to every row, in row order.
///
/// When `may_use_threads` is true (Polars is not already running this expression in parallel)
/// and the column is large, the rows are split into one contiguous range per thread of Polars'
/// pool. Each range writes its own slice of the output, so the result needs no reordering.
pub fn map_rows<R, F>(rows: &R, may_use_threads: bool, f: F) -> Vec<u32>
where
    R: StringRows + ?Sized,
    F: Fn(&str) -> u32 + Sync,
{
    let n = rows.row_count();
    let Some(per_thread) = rows_per_thread(rows, may_use_threads) else {
        return (0..n).map(|i| f(rows.row(i))).collect();
    };
    let mut out = vec![0u32; n];
    RAYON.install(|| {
        out.par_chunks_mut(per_thread)
            .enumerate()
            .for_each(|(part, slots)| {
                let first = part * per_thread;
                for (offset, slot) in slots.iter_mut().enumerate() {
                    *slot = f(rows.row(first + offset));
                }
            })
    });
    out
}

/// Like [`map_rows`] for kernels that write `width` numbers per row: the result is row-major,
/// `width` values per row. The first error of `f` is returned.
pub fn map_rows_wide<R, F>(
    rows: &R,
    may_use_threads: bool,
    width: usize,
    f: F,
) -> Result<Vec<u32>, String>
where
    R: StringRows + ?Sized,
    F: Fn(&str, &mut [u32]) -> Result<(), String> + Sync,
{
    let n = rows.row_count();
    let mut out = vec![0u32; n * width];
    if width == 0 {
        return Ok(out);
    }
    let fill = |first_row: usize, block: &mut [u32]| -> Result<(), String> {
        for (offset, slots) in block.chunks_mut(width).enumerate() {
            f(rows.row(first_row + offset), slots)?;
        }
        Ok(())
    };
    match rows_per_thread(rows, may_use_threads) {
        None => fill(0, &mut out)?,
        Some(per_thread) => RAYON.install(|| {
            out.par_chunks_mut(per_thread * width)
                .enumerate()
                .try_for_each(|(part, block)| fill(part * per_thread, block))
        })?,
    }
    Ok(out)
}
