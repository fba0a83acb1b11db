//! A candidate sweep for needles that are common in the text.
//!
//! `memmem` is fastest when hits are rare: it skips ahead with a prefilter and pays a fixed
//! cost (tens of nanoseconds) for every hit it returns. A needle like "the" occurs inside some
//! word every few dozen bytes of English, so that per-hit cost, not the scan, sets the speed.
//! The sweep instead classifies 256 positions per step with AVX2 compares, and splits them into
//! certain hits, which are only counted, and the few candidates that need an exact check. The
//! last `WIDTH + needle.len()` bytes of a buffer are classified by the plain reference, one
//! position at a time, because the vector loads would run past its end.

use std::ops::Range;

use super::whitespace::{is_ascii_py_whitespace, is_whole_word_at};

/// Needles up to this many bytes are compared completely by the SIMD pass, so a hit between
/// two ASCII whitespace bytes is certain without looking at it again.
pub const FULLY_COMPARED: usize = 4;

/// Positions classified per call: enough that the call itself is a small part of the cost.
pub const WIDTH: usize = 256;

/// Words of 64 positions in a [`Window`].
const WORDS: usize = WIDTH / 64;

/// The positions `base..base + WIDTH` of a buffer, one bit each: bit `i % 64` of word `i / 64`
/// is position `base + i`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// Certain whole-word hits: the needle (at most [`FULLY_COMPARED`] bytes) is there and both
    /// neighbours are ASCII Python whitespace.
    pub hits: [u64; WORDS],
    /// Possible hits that need an exact check: the first and last bytes of the needle are
    /// there, each neighbour is ASCII whitespace or a non-ASCII byte (which may belong to a
    /// multi-byte whitespace), and the position is not in `hits`.
    pub maybe: [u64; WORDS],
}

/// Classifies positions `base..base + WIDTH` of `buffer`. Every whole-word hit whose neighbours
/// both lie inside `buffer` is in `hits` or `maybe`; neighbours outside `buffer` count as
/// "maybe" edges, so the caller checks those positions exactly.
///
/// The one-position-at-a-time reference is [`window_naive`]; the SIMD version equals it.
#[inline]
pub fn window(buffer: &[u8], base: usize, needle: &[u8]) -> Window {
    #[cfg(target_arch = "x86_64")]
    {
        if avx2::usable(buffer, base, needle) {
            let mut out = Window::default();
            // SAFETY: `usable` checks the CPU and exactly the preconditions of `window`.
            unsafe { avx2::window(buffer, base, needle, &mut out) };
            return out;
        }
    }
    window_naive(buffer, base, needle)
}

/// The plain reference of [`window`].
pub fn window_naive(buffer: &[u8], base: usize, needle: &[u8]) -> Window {
    let (Some(&first), Some(&last)) = (needle.first(), needle.last()) else {
        return Window::default();
    };
    let len = needle.len();
    let mut out = Window::default();
    for i in 0..WIDTH {
        let p = base + i;
        let left = p.checked_sub(1).and_then(|q| buffer.get(q)).copied();
        let right = buffer.get(p + len).copied();
        let ends_match = buffer.get(p) == Some(&first) && buffer.get(p + len - 1) == Some(&last);
        let certain = len <= FULLY_COMPARED
            && buffer.get(p..p + len) == Some(needle)
            && left.is_some_and(is_ascii_py_whitespace)
            && right.is_some_and(is_ascii_py_whitespace);
        let possible = ends_match && left.is_none_or(may_be_edge) && right.is_none_or(may_be_edge);
        if certain {
            out.hits[i / 64] |= 1 << (i % 64);
        } else if possible {
            out.maybe[i / 64] |= 1 << (i % 64);
        }
    }
    out
}

/// True when byte `b` next to a hit may be (part of) Python whitespace.
#[inline]
pub fn may_be_edge(b: u8) -> bool {
    b >= 0x80 || is_ascii_py_whitespace(b)
}

/// True when this machine can sweep at SIMD speed; elsewhere `memmem` alone is used (the
/// sweep would still be exact, only slow).
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        avx2::detected()
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// The window a scan over one buffer last classified, reused by the next row while its
/// positions are inside it.
#[derive(Clone, Copy, Debug)]
pub struct Windows {
    /// The first position `window` describes; `usize::MAX` before the first window.
    base: usize,
    window: Window,
}

impl Default for Windows {
    fn default() -> Self {
        Self {
            base: usize::MAX,
            window: Window::default(),
        }
    }
}

/// The counts of `needle` in the rows `spans` of `buffer`, visited in increasing order and
/// written to `out` slot by slot (a `None` span leaves its slot alone). The windows look at
/// neighbours in the buffer, which for a row's first and last possible hit lie outside the
/// row: those two positions are checked directly, the ones between are read from the windows
/// (certain hits counted, possible ones checked).
///
/// Taking all the rows of a buffer in one call keeps the per-row work down to a few
/// instructions on short rows, where a call per row would cost more than the row's bytes.
pub fn count_rows<I>(buffer: &[u8], needle: &[u8], spans: I, out: &mut [u32], windows: &mut Windows)
where
    I: Iterator<Item = Option<Range<usize>>>,
{
    #[cfg(target_arch = "x86_64")]
    {
        if avx2::detected() {
            // SAFETY: the CPU has the features `avx2::count_rows` is compiled for.
            unsafe { avx2::count_rows(buffer, needle, spans, out, windows) };
            return;
        }
    }
    let classify = |buffer: &[u8], base: usize, needle: &[u8], out: &mut Window| {
        *out = window(buffer, base, needle);
    };
    count_rows_with(buffer, needle, spans, out, windows, &classify);
}

/// The loop of [`count_rows`] with the window classifier given, inlined into each caller so
/// that it is compiled with the caller's CPU features (`popcnt` and `tzcnt` for the bit loops).
#[inline(always)]
fn count_rows_with<I>(
    buffer: &[u8],
    needle: &[u8],
    spans: I,
    out: &mut [u32],
    windows: &mut Windows,
    classify: &impl Fn(&[u8], usize, &[u8], &mut Window),
) where
    I: Iterator<Item = Option<Range<usize>>>,
{
    for (span, slot) in spans.zip(out) {
        if let Some(span) = span {
            *slot = count_row_with(buffer, needle, span, windows, classify);
        }
    }
}

/// One row of [`count_rows_with`].
#[inline(always)]
fn count_row_with(
    buffer: &[u8],
    needle: &[u8],
    span: Range<usize>,
    windows: &mut Windows,
    classify: &impl Fn(&[u8], usize, &[u8], &mut Window),
) -> u32 {
    let Some(row) = buffer.get(span.clone()) else {
        return 0;
    };
    let len = needle.len();
    let Some(last) = row.len().checked_sub(len) else {
        return 0;
    };
    let is_hit_at = |at: usize| is_whole_word_at(row, at, needle);
    let mut hits = u32::from(is_hit_at(0));
    if last == 0 {
        return hits;
    }
    hits += u32::from(is_hit_at(last));
    // Interior positions 1..last, as buffer positions.
    let (mut from, to) = (span.start + 1, span.start + last);
    while from < to {
        if !(windows.base..windows.base.saturating_add(WIDTH)).contains(&from) {
            windows.base = from;
            classify(buffer, from, needle, &mut windows.window);
        }
        let (word, offset) = ((from - windows.base) / 64, (from - windows.base) % 64);
        let take = (64 - offset).min(to - from);
        let in_row = |words: &[u64; WORDS]| {
            let bits = words.get(word).copied().unwrap_or(0);
            (bits >> offset) & (u64::MAX >> (64 - take))
        };
        hits = hits.saturating_add(in_row(&windows.window.hits).count_ones());
        let mut maybe = in_row(&windows.window.maybe);
        while maybe != 0 {
            let at = from + maybe.trailing_zeros() as usize - span.start;
            hits = hits.saturating_add(u32::from(is_hit_at(at)));
            maybe &= maybe - 1;
        }
        from += take;
    }
    hits
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Window, FULLY_COMPARED, WIDTH};
    use std::arch::x86_64::{
        __m256i, _mm256_and_si256, _mm256_andnot_si256, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8,
        _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256,
        _mm256_set1_epi8, _mm256_setzero_si256, _mm256_sub_epi8,
    };

    /// True when the CPU has the features this module is compiled for (std caches the check).
    #[inline]
    pub(super) fn detected() -> bool {
        std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
            && std::arch::is_x86_feature_detected!("bmi1")
    }

    /// True when [`window`] may be called: the CPU has the features, the needle is not empty,
    /// and every load stays inside the buffer: the lowest byte read is `base - 1`, the highest
    /// `base + WIDTH - 32 + len + 31`.
    #[inline]
    pub(super) fn usable(buffer: &[u8], base: usize, needle: &[u8]) -> bool {
        in_bounds(buffer, base, needle) && detected()
    }

    #[inline]
    fn in_bounds(buffer: &[u8], base: usize, needle: &[u8]) -> bool {
        !needle.is_empty()
            && base >= 1
            && base
                .checked_add(WIDTH + needle.len())
                .is_some_and(|end| end <= buffer.len())
    }

    /// [`super::count_rows`] compiled for AVX2, with its windows classified here.
    ///
    /// # Safety
    /// [`detected`] returned true.
    #[target_feature(enable = "avx2,popcnt,bmi1")]
    pub(super) unsafe fn count_rows<I>(
        buffer: &[u8],
        needle: &[u8],
        spans: I,
        out: &mut [u32],
        windows: &mut super::Windows,
    ) where
        I: Iterator<Item = Option<std::ops::Range<usize>>>,
    {
        let classify = |buffer: &[u8], base: usize, needle: &[u8], out: &mut Window| {
            if in_bounds(buffer, base, needle) {
                // SAFETY: the CPU features are the caller's contract, the bounds checked here.
                unsafe { window(buffer, base, needle, out) }
            } else {
                *out = super::window_naive(buffer, base, needle);
            }
        };
        super::count_rows_with(buffer, needle, spans, out, windows, &classify);
    }

    /// Lanes holding a byte in `lo..=hi` (unsigned), as all-ones.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn in_range(v: __m256i, lo: u8, hi: u8) -> __m256i {
        let shifted = _mm256_sub_epi8(v, _mm256_set1_epi8(lo as i8));
        let clamped = _mm256_min_epu8(shifted, _mm256_set1_epi8((hi - lo) as i8));
        _mm256_cmpeq_epi8(clamped, shifted)
    }

    /// Lanes holding ASCII Python whitespace: 0x09..=0x0D or 0x1C..=0x20.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn ascii_whitespace(v: __m256i) -> __m256i {
        _mm256_or_si256(in_range(v, 0x09, 0x0D), in_range(v, 0x1C, 0x20))
    }

    /// Lanes holding a non-ASCII byte (negative as `i8`).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn non_ascii(v: __m256i) -> __m256i {
        _mm256_cmpgt_epi8(_mm256_setzero_si256(), v)
    }

    /// Loads the 32 bytes at `buffer[at..at + 32]`.
    ///
    /// # Safety
    /// `at + 32 <= buffer.len()`.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn load(buffer: &[u8], at: usize) -> __m256i {
        // SAFETY: in bounds by the caller's contract; `loadu` allows any alignment.
        unsafe { _mm256_loadu_si256(buffer.as_ptr().add(at).cast()) }
    }

    /// # Safety
    /// [`usable`] returned true for these arguments.
    #[inline]
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn window(buffer: &[u8], base: usize, needle: &[u8], out: &mut Window) {
        let len = needle.len();
        let byte = |k: usize| _mm256_set1_epi8(needle.get(k).copied().unwrap_or(0) as i8);
        let (first, last) = (byte(0), byte(len - 1));
        // The middle bytes of a short needle; `len <= FULLY_COMPARED` keeps this to two.
        let middle: &[u8] = needle
            .get(1..len - 1)
            .filter(|_| len <= FULLY_COMPARED)
            .unwrap_or(&[]);
        // Certain and possible hits at the 32 positions from `at`, one bit each.
        let block = |at: usize| -> (u64, u64) {
            // SAFETY (this and the loads below): every load starts between
            // `at - 1 >= base - 1 >= 0` and `at + len <= base + WIDTH - 32 + len`, so it ends at
            // most at `base + WIDTH + len`, which `usable` checked against the buffer's length.
            let (left, right) = unsafe { (load(buffer, at - 1), load(buffer, at + len)) };
            // SAFETY: as above.
            let (here, end) = unsafe { (load(buffer, at), load(buffer, at + len - 1)) };
            let ends_match =
                _mm256_and_si256(_mm256_cmpeq_epi8(here, first), _mm256_cmpeq_epi8(end, last));
            let mut text_match = ends_match;
            for (k, &b) in middle.iter().enumerate() {
                // SAFETY: as above, `1 + k < len`.
                let here = unsafe { load(buffer, at + 1 + k) };
                text_match = _mm256_and_si256(
                    text_match,
                    _mm256_cmpeq_epi8(here, _mm256_set1_epi8(b as i8)),
                );
            }
            let (left_ws, right_ws) = (ascii_whitespace(left), ascii_whitespace(right));
            let left_edge = _mm256_or_si256(left_ws, non_ascii(left));
            let right_edge = _mm256_or_si256(right_ws, non_ascii(right));
            let possible = _mm256_and_si256(ends_match, _mm256_and_si256(left_edge, right_edge));
            let certain = if len <= FULLY_COMPARED {
                _mm256_and_si256(text_match, _mm256_and_si256(left_ws, right_ws))
            } else {
                _mm256_setzero_si256()
            };
            let maybe = _mm256_andnot_si256(certain, possible);
            // `as u32` reinterprets the 32 lane bits of each mask.
            (
                u64::from(_mm256_movemask_epi8(certain) as u32),
                u64::from(_mm256_movemask_epi8(maybe) as u32),
            )
        };
        // Each word is stored once, whole: the readers load words, never the whole window,
        // so no wide load has to wait for narrow stores.
        for (word, (hits, maybe)) in out.hits.iter_mut().zip(&mut out.maybe).enumerate() {
            let at = base + 64 * word;
            let ((hits_low, maybe_low), (hits_high, maybe_high)) = (block(at), block(at + 32));
            *hits = hits_low | (hits_high << 32);
            *maybe = maybe_low | (maybe_high << 32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes chosen to sit on both sides of every boundary the SIMD classes draw.
    fn interesting_bytes() -> Vec<u8> {
        vec![
            b'a', b'b', b' ', b'\t', 0x08, 0x09, 0x0d, 0x0e, 0x1b, 0x1c, 0x1f, 0x20, 0x21, 0x7f,
            0x80, 0x85, 0xc2, 0xa0, 0xe3, 0xff,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The SIMD window equals the one-position-at-a-time reference wherever it applies
        /// (on a machine without AVX2 both sides are the reference and this proves nothing).
        #[test]
        fn simd_window_matches_naive(
            buffer in prop::collection::vec(prop::sample::select(interesting_bytes()), 0..400),
            needle in prop::collection::vec(prop::sample::select(vec![b'a', b'b', 0xc2, 0xa0]), 1..7),
            base in 0usize..140,
        ) {
            prop_assert_eq!(window(&buffer, base, &needle), window_naive(&buffer, base, &needle));
        }
    }

    #[test]
    fn every_byte_value_is_classified_like_the_reference() {
        for needle in [&b"x"[..], b"xy", b"xyzzy"] {
            for b in 0..=255u8 {
                let mut buffer = vec![b'.'; 300];
                buffer[20] = b;
                buffer[21..21 + needle.len()].copy_from_slice(needle);
                buffer[21 + needle.len()] = b;
                assert_eq!(
                    window(&buffer, 1, needle),
                    window_naive(&buffer, 1, needle),
                    "{b:#x}"
                );
            }
        }
    }
}
