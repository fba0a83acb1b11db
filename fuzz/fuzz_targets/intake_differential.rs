//! Differential fuzz target for the Arrow intake and the engine: arbitrary bytes (invalid UTF-8
//! included), nulls and every Arrow string layout the intake takes, built as an Arrow C stream
//! import hands them over (without a UTF-8 check), then counted through the public path
//! `intake::from_arrow` -> `engine::{count, family, top_words}`.
//!
//! The oracle, for every input:
//! - bytes that are not UTF-8 are refused exactly as [`expected_refusal`] says (the first bad row
//!   of the whole column, counted across chunks), and any other error is a bad key that
//!   [`expected_refusal`] names too;
//! - otherwise every count, family value and the `top_words` ranking equal the naive references
//!   of `reference.rs` over the decoded rows, and null rows give `None`;
//! - nothing panics.
//!
//! An input is a header and a list of rows (see [`decode`]). Rows are raw bytes, or (a header
//! bit) pieces of an adversarial alphabet: the 29 Python whitespace code points, multi-byte
//! characters, the needle, and byte sequences that break UTF-8 in each way (lone continuation
//! byte, truncated sequences, overlong forms, a surrogate, a code point past U+10FFFF, 0xFF).
#![no_main]

mod reference;

use _internal::engine::{self, Family, Needle};
use _internal::error::WcError;
use _internal::intake::{self, Utf8Promise};
use libfuzzer_sys::fuzz_target;
use polars_arrow::array::{
    Array, BinaryViewArray, DictionaryArray, DictionaryKey, PrimitiveArray, StructArray, Utf8Array,
};
use polars_arrow::bitmap::Bitmap;
use polars_arrow::datatypes::{ArrowDataType, Field, IntegerType};
use polars_arrow::offset::{Offset, Offsets};
use wordcount_kernel::MatchOptions;

use reference::{reference_count, reference_lines, reference_split, reference_top};

/// The column's name in error messages.
const WHAT: &str = "the text";

// ---- the code under test ---------------------------------------------------------------------

/// What the package answers for one column.
#[derive(Debug, PartialEq)]
struct Answers {
    counts: Vec<Option<u32>>,
    family: Vec<Option<u32>>,
    top: Vec<(String, u64)>,
}

/// The public path an Arrow C stream takes, intake then engine. An error from any step is the
/// package's refusal: where the UTF-8 check happens (intake or engine) is the package's choice.
fn run(arrays: &[Box<dyn Array>], case: &Case) -> Result<Answers, WcError> {
    let column = intake::from_arrow(WHAT, arrays, Utf8Promise::Unchecked)?;
    let needle = Needle::One(Some(case.needle.as_str()));
    let counts = engine::count(&column, needle, case.options, false)?;
    let family = engine::family(&column, case.family, false)?;
    let no_filter = wordcount_kernel::WordFilter::default();
    let top = engine::top_words(&column, case.top_k, &no_filter, case.options, false)?;
    let rows = |counts: engine::Counts| -> Vec<Option<u32>> {
        counts
            .iter()
            .flat_map(|a| a.iter().map(|v| v.copied()))
            .collect()
    };
    Ok(Answers {
        counts: rows(counts),
        family: rows(family),
        top: top.into_iter().map(|(w, n)| (w.into_owned(), n)).collect(),
    })
}

// ---- decoding an input into a case -----------------------------------------------------------

/// One stored row: its bytes (kept even when null, as a producer may leave bytes under a null)
/// and its own validity bit.
#[derive(Clone, Debug)]
struct RawRow {
    bytes: Vec<u8>,
    valid: bool,
}

#[derive(Clone, Copy, Debug)]
enum Base {
    Utf8,
    LargeUtf8,
    Utf8View,
}

#[derive(Clone, Copy, Debug)]
enum Key {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl Key {
    const ALL: [Key; 8] = [
        Key::I8,
        Key::I16,
        Key::I32,
        Key::I64,
        Key::U8,
        Key::U16,
        Key::U32,
        Key::U64,
    ];

    fn is_signed(self) -> bool {
        matches!(self, Key::I8 | Key::I16 | Key::I32 | Key::I64)
    }
}

#[derive(Debug)]
struct Case {
    base: Base,
    /// `Some`: a dictionary with this key type whose values are `rows`, and one key per stored
    /// row of the array (`None`: a null key).
    dictionary: Option<(Key, Vec<Option<i64>>)>,
    /// `Some`: the array is the one field of a struct, and bit `i % 16` of the mask says whether
    /// the struct's row `i` is valid.
    struct_mask: Option<u16>,
    /// Stored rows left out by the slice, at the front and at the back.
    slice: (usize, usize),
    /// `Some(k)`: the visible rows are handed over as two chunks, the first of `k` rows.
    split: Option<usize>,
    rows: Vec<RawRow>,
    needle: String,
    options: MatchOptions,
    family: Family,
    top_k: Option<usize>,
}

/// Byte sequences that are not UTF-8, each a different way to break it.
const BROKEN: [&[u8]; 9] = [
    b"\x80",             // a continuation byte alone
    b"\xc3",             // a 2-byte sequence cut short
    b"\xe4\xb8",         // a 3-byte sequence cut short
    b"\xf0\x9f\x98",     // a 4-byte sequence cut short
    b"\xc0\x80",         // an overlong NUL
    b"\xe0\x80\xaf",     // an overlong '/'
    b"\xed\xa0\x80",     // a surrogate (U+D800)
    b"\xf4\x90\x80\x80", // past U+10FFFF
    b"\xff",             // never in UTF-8
];

/// Valid pieces besides the whitespace: ASCII, multi-byte characters, look-alikes of whitespace
/// that Python does not split on, and case pairs.
const VALID: [&str; 14] = [
    "a", "b", "A", "ab", "é", "É", "中", "😀", "\u{200B}", "\u{FEFF}", "ß", "İ", "K", "\u{212A}",
];

/// Characters needles are made of in structured inputs.
const NEEDLE_ALPHABET: [char; 12] = [
    'a', 'b', 'A', 'é', 'É', '中', '😀', 'ß', 'İ', ' ', '\u{3000}', '\u{212A}',
];

const MAX_ROWS: usize = 64;

/// A cursor over the input that reads 0 once it is exhausted, so every input decodes.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn next(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.0.split_at(n.min(self.0.len()));
        self.0 = rest;
        head
    }
}

/// The input format:
/// - byte 0, the layout: bits 0-1 the string type (0 utf8, 1 large_utf8, 2 and 3 utf8_view),
///   bit 2 a dictionary of it, bit 3 in a struct, bit 4 sliced, bit 5 in two chunks, bit 6
///   structured rows;
/// - byte 1: bits 0-1 the match options, bits 2-3 the family function, bit 4 `top_words` with
///   `k` = bits 5-7 (else all words);
/// - byte 2: the dictionary's key type (low 3 bits); byte 3: rows sliced off at the front (low
///   nibble) and at the back (high nibble); byte 4: where the chunks split; bytes 5-6: the
///   struct's validity mask;
/// - the needle: a length byte (at most 7 bytes or characters), then its bytes (raw inputs,
///   made UTF-8 with `from_utf8_lossy`) or indices into [`NEEDLE_ALPHABET`];
/// - a dictionary's keys: a count byte (at most 64), then one byte per key: 0xFF a null key,
///   0xF8..=0xFE a key outside the dictionary (negative for odd bytes and signed keys), any other
///   byte that modulo the number of values;
/// - the rows, to the end: a row header (bit 7 null, low 6 bits the length) and that many bytes,
///   raw, or in structured inputs each an index into the pieces (whitespace, [`VALID`],
///   [`BROKEN`]) when below 0xC0, else the needle.
fn decode(data: &[u8]) -> Case {
    let mut input = Bytes(data);
    let (layout, ops, key, slice, split) = (
        input.next(),
        input.next(),
        input.next(),
        input.next(),
        input.next(),
    );
    let mask = u16::from_le_bytes([input.next(), input.next()]);
    let structured = layout & 0x40 != 0;

    let needle_len = usize::from(input.next() % 8);
    let needle_bytes = input.take(needle_len);
    let needle = if structured {
        needle_bytes
            .iter()
            .map(|&b| NEEDLE_ALPHABET[usize::from(b) % NEEDLE_ALPHABET.len()])
            .collect()
    } else {
        String::from_utf8_lossy(needle_bytes).into_owned()
    };

    let keys = (layout & 0b100 != 0).then(|| {
        let n = usize::from(input.next()) % (MAX_ROWS + 1);
        input.take(n).to_vec()
    });

    let whitespace: Vec<String> = reference::PYTHON_WHITESPACE
        .iter()
        .filter_map(|&c| char::from_u32(c))
        .map(String::from)
        .collect();
    let mut pieces: Vec<&[u8]> = whitespace.iter().map(|w| w.as_bytes()).collect();
    pieces.extend(VALID.iter().map(|v| v.as_bytes()));
    pieces.extend(BROKEN);

    let mut rows = Vec::new();
    while !input.0.is_empty() && rows.len() < MAX_ROWS {
        let header = input.next();
        let body = input.take(usize::from(header & 0x3F));
        let bytes = if structured {
            body.iter()
                .flat_map(|&b| match b {
                    0..0xC0 => pieces[usize::from(b) % pieces.len()],
                    _ => needle.as_bytes(),
                })
                .copied()
                .collect()
        } else {
            body.to_vec()
        };
        rows.push(RawRow {
            bytes,
            valid: header & 0x80 == 0,
        });
    }

    let key_type = Key::ALL[usize::from(key % 8)];
    let dictionary = keys.map(|keys| {
        let n_values = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        let keys: Vec<Option<i64>> = keys
            .iter()
            .map(|&b| match b {
                0xFF => None,
                0xF8..=0xFE if key_type.is_signed() && b % 2 == 1 => Some(-1 - i64::from(b & 7)),
                0xF8..=0xFE => Some(n_values + i64::from(b & 7)),
                _ if n_values == 0 => Some(0),
                _ => Some(i64::from(b) % n_values),
            })
            .collect();
        (key_type, keys)
    });
    let stored = dictionary
        .as_ref()
        .map_or(rows.len(), |(_, keys)| keys.len());
    let front = if layout & 0x10 != 0 {
        usize::from(slice & 0xF).min(stored)
    } else {
        0
    };
    let back = if layout & 0x10 != 0 {
        usize::from(slice >> 4).min(stored - front)
    } else {
        0
    };
    let visible = stored - front - back;

    Case {
        base: match layout & 0b11 {
            0 => Base::Utf8,
            1 => Base::LargeUtf8,
            _ => Base::Utf8View,
        },
        dictionary,
        struct_mask: (layout & 0b1000 != 0).then_some(mask),
        slice: (front, back),
        split: (layout & 0x20 != 0).then(|| usize::from(split) % (visible + 1)),
        rows,
        needle,
        options: MatchOptions::ALL[usize::from(ops & 0b11)],
        family: [Family::Words, Family::Lines, Family::Chars, Family::Bytes]
            [usize::from((ops >> 2) & 0b11)],
        top_k: (ops & 0x10 != 0).then_some(usize::from(ops >> 5)),
    }
}

// ---- building the arrays, unchecked --------------------------------------------------------

/// Whether the struct's row `i` is valid under `mask`.
fn is_set(mask: u16, i: usize) -> bool {
    (mask >> (i % 16)) & 1 == 1
}

fn validity(valid: impl Iterator<Item = bool>) -> Option<Bitmap> {
    let bits: Bitmap = valid.collect();
    (bits.unset_bits() > 0).then_some(bits)
}

/// The rows as one array of `base`, built without the UTF-8 check, as the Arrow C data
/// interface imports them.
fn string_array(base: Base, rows: &[RawRow]) -> Box<dyn Array> {
    let bytes: Vec<&[u8]> = rows.iter().map(|r| r.bytes.as_slice()).collect();
    let validity = validity(rows.iter().map(|r| r.valid));
    match base {
        Base::Utf8 => offsets_array::<i32>(ArrowDataType::Utf8, &bytes, validity),
        Base::LargeUtf8 => offsets_array::<i64>(ArrowDataType::LargeUtf8, &bytes, validity),
        // Rows of up to 12 bytes are stored inline in their view, longer ones in a buffer.
        // SAFETY: the strings are deliberately not checked, which is what a C stream import
        // hands over and what the package must refuse or read safely.
        Base::Utf8View => unsafe {
            BinaryViewArray::from_slice_values(&bytes)
                .with_validity(validity)
                .to_utf8view_unchecked()
                .boxed()
        },
    }
}

/// `utf8` (`O` = i32) or `large_utf8` (`O` = i64) rows, not checked for UTF-8.
fn offsets_array<O: Offset>(
    dtype: ArrowDataType,
    bytes: &[&[u8]],
    validity: Option<Bitmap>,
) -> Box<dyn Array> {
    let offsets = Offsets::<O>::try_from_lengths(bytes.iter().map(|b| b.len()))
        .expect("a fuzz input is far below 2 GiB");
    // SAFETY: the offsets are built from the rows' lengths and so lie inside the values; the
    // strings are deliberately not checked, as for views above.
    unsafe { Utf8Array::<O>::new_unchecked(dtype, offsets.into(), bytes.concat().into(), validity) }
        .boxed()
}

fn dictionary_of<K: DictionaryKey + TryFrom<i64>>(
    integer: IntegerType,
    keys: &[Option<i64>],
    values: Box<dyn Array>,
) -> Box<dyn Array> {
    let keys: PrimitiveArray<K> = keys
        .iter()
        .map(|k| k.map(|k| K::try_from(k).ok().expect("keys are chosen to fit")))
        .collect();
    let dtype = ArrowDataType::Dictionary(integer, Box::new(values.dtype().clone()), false);
    // SAFETY: the keys are deliberately not checked against the values (a C stream import does
    // not check them); the intake must check every key it uses.
    unsafe { DictionaryArray::<K>::try_new_unchecked(dtype, keys, values) }
        .expect("the key and value types are a dictionary's")
        .boxed()
}

/// The case's chunks: the whole stored array, in its dictionary and struct if any, sliced and
/// cut in two as the case says.
fn arrays(case: &Case) -> Vec<Box<dyn Array>> {
    let mut array = string_array(case.base, &case.rows);
    if let Some((key, keys)) = &case.dictionary {
        array = match key {
            Key::I8 => dictionary_of::<i8>(IntegerType::Int8, keys, array),
            Key::I16 => dictionary_of::<i16>(IntegerType::Int16, keys, array),
            Key::I32 => dictionary_of::<i32>(IntegerType::Int32, keys, array),
            Key::I64 => dictionary_of::<i64>(IntegerType::Int64, keys, array),
            Key::U8 => dictionary_of::<u8>(IntegerType::UInt8, keys, array),
            Key::U16 => dictionary_of::<u16>(IntegerType::UInt16, keys, array),
            Key::U32 => dictionary_of::<u32>(IntegerType::UInt32, keys, array),
            Key::U64 => dictionary_of::<u64>(IntegerType::UInt64, keys, array),
        };
    }
    if let Some(mask) = case.struct_mask {
        let len = array.len();
        let field = Field::new("text".into(), array.dtype().clone(), true);
        array = StructArray::new(
            ArrowDataType::Struct(vec![field]),
            len,
            vec![array],
            validity((0..len).map(|i| is_set(mask, i))),
        )
        .boxed();
    }
    let (front, back) = case.slice;
    let visible = array.len() - front - back;
    match case.split {
        Some(k) => vec![
            slice(array.as_ref(), front, k),
            slice(array.as_ref(), front + k, visible - k),
        ],
        None => vec![slice(array.as_ref(), front, visible)],
    }
}

/// Rows `offset..offset + len` of `array`, sharing its buffers. Unlike `Array::sliced`, an
/// empty slice keeps its dictionary values, as an empty batch of a C stream may.
fn slice(array: &dyn Array, offset: usize, len: usize) -> Box<dyn Array> {
    let mut sliced = array.to_boxed();
    sliced.slice(offset, len);
    sliced
}

// ---- the oracle ------------------------------------------------------------------------------

/// One visible row as the reference sees it.
struct Row<'a> {
    /// The bytes the row reads (a dictionary row: its value's), when its key is valid and inside
    /// the dictionary.
    bytes: Option<&'a [u8]>,
    /// Whether the row is valid: its own bit (a dictionary row: its key's and its value's) and
    /// the struct's.
    valid: bool,
    /// A dictionary row whose valid key lies outside the dictionary.
    bad_key: bool,
    /// A dictionary row whose key is valid, whatever the value or the struct says.
    key_valid: bool,
}

fn visible_rows(case: &Case) -> Vec<Row<'_>> {
    let struct_valid = |i: usize| case.struct_mask.is_none_or(|m| is_set(m, i));
    let (front, back) = case.slice;
    let stored = case
        .dictionary
        .as_ref()
        .map_or(case.rows.len(), |(_, keys)| keys.len());
    (front..stored - back)
        .map(|i| match &case.dictionary {
            None => {
                let row = &case.rows[i];
                Row {
                    bytes: Some(&row.bytes),
                    valid: row.valid && struct_valid(i),
                    bad_key: false,
                    key_valid: true,
                }
            }
            Some((_, keys)) => {
                let value =
                    keys[i].and_then(|k| usize::try_from(k).ok().and_then(|k| case.rows.get(k)));
                Row {
                    bytes: value.map(|v| v.bytes.as_slice()),
                    valid: value.is_some_and(|v| v.valid) && struct_valid(i),
                    bad_key: keys[i].is_some() && value.is_none(),
                    key_valid: keys[i].is_some(),
                }
            }
        })
        .collect()
}

fn is_utf8(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
}

/// The error the package must answer with, if any. Chunk by chunk, the first chunk with a
/// problem decides:
/// - plain rows: the first row whose stored bytes are not UTF-8, null or not (a producer's bytes
///   under a null are still read by the whole-buffer check);
/// - a dictionary: first a valid key outside the dictionary (`KeyOutOfRange` at its row); then,
///   if any value is not UTF-8 (the engine counts every value, even one no row uses), the first
///   row whose valid key points at such a value (even under a null value or a null struct row),
///   or else a `BadArgument` naming the first bad value.
fn expected_refusal(case: &Case, rows: &[Row<'_>]) -> Option<WcError> {
    let bounds: Vec<(usize, usize)> = match case.split {
        Some(k) => vec![(0, k), (k, rows.len())],
        None => vec![(0, rows.len())],
    };
    for (start, end) in bounds {
        let chunk = &rows[start..end];
        let first =
            |pred: &dyn Fn(&Row<'_>) -> bool| chunk.iter().position(pred).map(|i| start + i);
        let Some((_, keys)) = &case.dictionary else {
            if let Some(row) = first(&|r| r.bytes.is_some_and(|b| !is_utf8(b))) {
                return Some(WcError::InvalidUtf8 { what: WHAT, row });
            }
            continue;
        };
        if let Some(row) = first(&|r| r.bad_key) {
            // The package prints the key with `Debug` of its own type: the same digits for
            // every integer type.
            let key = keys[case.slice.0 + row].map_or_else(String::new, |k| k.to_string());
            return Some(WcError::KeyOutOfRange {
                row,
                key,
                categories: case.rows.len(),
            });
        }
        if let Some(value) = case.rows.iter().position(|v| !is_utf8(&v.bytes)) {
            return Some(
                match first(&|r| r.key_valid && r.bytes.is_some_and(|b| !is_utf8(b))) {
                    Some(row) => WcError::InvalidUtf8 { what: WHAT, row },
                    None => WcError::BadArgument(format!(
                        "{WHAT} has a dictionary value that is not valid UTF-8 (value {value})"
                    )),
                },
            );
        }
    }
    None
}

/// What the package must answer when it refuses nothing.
fn expected_answers(case: &Case, rows: &[Row<'_>]) -> Answers {
    let texts: Vec<Option<&str>> = rows
        .iter()
        .map(|r| {
            r.valid
                .then(|| {
                    r.bytes
                        .map(|b| std::str::from_utf8(b).expect("checked UTF-8"))
                })
                .flatten()
        })
        .collect();
    let per_row = |f: &dyn Fn(&str) -> usize| -> Vec<Option<u32>> {
        texts
            .iter()
            .map(|t| t.map(|t| u32::try_from(f(t)).expect("a fuzz row is short")))
            .collect()
    };
    let needle = case.needle.as_str();
    let counts = per_row(&|t| {
        usize::try_from(reference_count(t, needle, case.options)).expect("a fuzz row is short")
    });
    let family = per_row(&|t| match case.family {
        Family::Words => reference_split(t).len(),
        Family::Lines => usize::try_from(reference_lines(t)).expect("a fuzz row is short"),
        Family::Chars => t.chars().count(),
        Family::Bytes => t.len(),
    });
    let valid: Vec<&str> = texts.iter().flatten().copied().collect();
    Answers {
        counts,
        family,
        top: reference_top(&valid, case.top_k, case.options),
    }
}

fuzz_target!(|data: &[u8]| {
    let case = decode(data);
    let rows = visible_rows(&case);
    let got = run(&arrays(&case), &case);
    match expected_refusal(&case, &rows) {
        Some(error) => assert_eq!(got, Err(error), "case: {case:?}"),
        None => assert_eq!(got, Ok(expected_answers(&case, &rows)), "case: {case:?}"),
    }
});
