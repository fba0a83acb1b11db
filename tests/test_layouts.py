"""Memory layouts the kernel must read correctly, on the Polars path, the pandas path and the
Arrow path, each compared with the plain-Python reference.

Polars stores strings as views: a string of up to 12 bytes lives inside its 16-byte view, a
longer one keeps a 4-byte prefix there and points into one of several data buffers. Slices,
chunks, gathers and imports all change which buffer and offset a row is read from; the rows
below are built so that each of those layouts actually occurs (and the tests check that it
does before relying on it).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from reference import frequencies as reference_frequencies
from reference import split_count
from reference import top_words as reference_top_words

import wordcount_polars  # noqa: F401  (registers .wc)
from wordcount_polars import arrow

# The longest string a Polars view stores inline; one byte more goes to a data buffer.
INLINE_MAX_BYTES = 12
# Polars starts a view array's first data buffer at 8 KiB and doubles the next ones, so a
# row of this size is larger than the buffer a builder would start with.
LARGER_THAN_FIRST_BUFFER = 20_000

NEEDLE = "needle"
TWELVE = "abcdefghijkl"
THIRTEEN = "abcdefghijklm"
NEEDLES = [NEEDLE, "a", TWELVE, THIRTEEN, "café", "needl", ""]
COUNT_MANY_NEEDLES = [n for n in NEEDLES if n]

# Rows of exactly 12 and 13 UTF-8 bytes, with the needle at the very start or the very end.
BOUNDARY_ROWS = [
    "needle abcde",  # 12, needle first
    "abcde needle",  # 12, needle last
    "needle abcdef",  # 13, needle first
    "abcdef needle",  # 13, needle last
    "needleneedle",  # 12, one token that merely contains the needle twice
    "needle\tneedl",  # 12
    "needl\u3000needle",  # 14: U+3000 takes 3 bytes
    "x\u3000needle",  # 10
    "café needle",  # 12: é takes 2 bytes
    "café\tneedle!",  # 13, the token is "needle!"
    TWELVE,
    THIRTEEN,
    f"{TWELVE} a",
    f"a {TWELVE}",
    "a" * 11 + "\u2003",  # 14: U+2003 EM SPACE at the very end
    "\u001f" + "a" * 11,  # 12: U+001F (a Python whitespace) at the very start
    "needle",
    "",
    " " * 12,
    " " * 13,
]


def mixed_rows(n_rows: int, seed: int) -> list[str | None]:
    """Short inline rows, 12/13-byte rows, long rows and rows bigger than a data buffer, with
    nulls, in a deterministic shuffle."""
    rng = random.Random(seed)
    vocabulary = [NEEDLE, "a", "café", TWELVE, THIRTEEN, "needl", "東京", "x" * 30]
    separators = [" ", "  ", "\t", "\n", "\u3000", "\u00a0", "\u001c"]
    rows: list[str | None] = []
    for i in range(n_rows):
        kind = i % 7
        if kind == 0:
            rows.append(None)
        elif kind == 1:
            rows.append(BOUNDARY_ROWS[i % len(BOUNDARY_ROWS)])
        else:
            words = {2: 1, 3: 2, 4: 20, 5: 150}.get(kind, LARGER_THAN_FIRST_BUFFER // 6)
            parts = [rng.choice(vocabulary) for _ in range(words)]
            rows.append("".join(p + rng.choice(separators) for p in parts).rstrip())
    return rows


MIXED_ROWS = mixed_rows(120, seed=1)


# --- checks against the reference --------------------------------------------------------------


def expected_counts(rows: Sequence[str | None], needle: str) -> list[int | None]:
    return [split_count(r, needle) for r in rows]


def expected_family(rows: Sequence[str | None], which: str) -> list[int | None]:
    measure: dict[str, Callable[[str], int]] = {
        "words": lambda t: len(t.split()),
        "lines": lambda t: len(t.splitlines()),
        "chars": len,
        "bytes": lambda t: len(t.encode()),
    }
    return [None if r is None else measure[which](r) for r in rows]


def check_polars(series: pl.Series) -> None:
    """Every function on ``series`` equals the reference on ``series.to_list()``."""
    rows = series.to_list()
    df = series.alias("text").to_frame()
    text = pl.col("text")
    for needle in NEEDLES:
        got = df.select(text.wc.count(needle)).to_series().to_list()
        assert got == expected_counts(rows, needle), needle
    many = df.select(text.wc.count_many(COUNT_MANY_NEEDLES)).unnest("text")
    for needle in COUNT_MANY_NEEDLES:
        assert many[needle].to_list() == expected_counts(rows, needle), needle
    for which in ("words", "lines", "chars", "bytes"):
        got = df.select(getattr(text.wc, which)()).to_series().to_list()
        assert got == expected_family(rows, which), which
    # The needle column has the same layout as the text: each row counted against itself.
    self_counts = df.select(text.wc.count(text)).to_series().to_list()
    assert self_counts == [split_count(r, r) for r in rows]
    top = df.select(text.wc.top_words()).item().to_list()
    assert [(t["word"], t["count"]) for t in top] == reference_top_words(rows, None)
    check_lists(
        df.select(text.wc.split()).to_series().to_list(),
        df.select(text.wc.frequencies()).to_series().to_list(),
        rows,
    )


def check_lists(split: list[object], bags: list[object], rows: Sequence[str | None]) -> None:
    """``split`` and ``frequencies`` results (lists per row; entries as dicts or tuples, missing
    rows as None, NaN or NA) equal the reference on ``rows``."""
    assert len(split) == len(bags) == len(rows)
    missing = [r is None for r in rows]
    assert [not isinstance(s, list) for s in split] == missing
    assert [not isinstance(b, list) for b in bags] == missing
    assert [s if isinstance(s, list) else None for s in split] == [
        None if r is None else r.split() for r in rows
    ]
    got = [
        [(e["word"], e["count"]) if isinstance(e, dict) else e for e in b]
        if isinstance(b, list)
        else None
        for b in bags
    ]
    assert got == [reference_frequencies(r) for r in rows]


def pandas_rows(series: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else v for v in series]


def check_pandas(series: pd.Series) -> None:
    """Every function on ``series`` equals the reference, keeps the index and name, and has the
    dtype ``.str.count`` gives."""
    rows = pandas_rows(series)
    for needle in NEEDLES:
        out = series.wc.count(needle)
        assert out.dtype == series.str.count(re.escape(needle)).dtype
        assert out.index.equals(series.index)
        assert out.name == series.name
        assert pandas_rows(out) == expected_counts(rows, needle), needle
    many = series.wc.count_many(COUNT_MANY_NEEDLES)
    assert many.index.equals(series.index)
    for needle in COUNT_MANY_NEEDLES:
        assert pandas_rows(many[needle]) == expected_counts(rows, needle), needle
    for which in ("words", "lines", "chars", "bytes"):
        assert pandas_rows(getattr(series.wc, which)()) == expected_family(rows, which), which
    top = series.wc.top_words()
    assert list(zip(top["word"], top["count"])) == reference_top_words(rows, None)
    split, bags = series.wc.split(), series.wc.frequencies()
    assert split.index.equals(series.index) and bags.index.equals(series.index)
    assert split.name == series.name and bags.name == series.name
    check_lists(split.tolist(), bags.tolist(), rows)


def check_arrow(data: object, rows: list[str | None]) -> None:
    """The Arrow functions on ``data`` (anything with ``__arrow_c_stream__`` or
    ``__arrow_c_array__``) equal the reference on ``rows``."""
    for needle in NEEDLES:
        assert arrow.count(data, needle).to_pylist() == expected_counts(rows, needle), needle
    many = arrow.count_many(data, COUNT_MANY_NEEDLES)
    for needle in COUNT_MANY_NEEDLES:
        assert many[needle].to_pylist() == expected_counts(rows, needle), needle
    assert arrow.family(data, "words").to_pylist() == expected_family(rows, "words")
    assert arrow.top_words(data, None) == reference_top_words(rows, None)
    split, bags = arrow.split(data), arrow.frequencies(data)
    check_lists(split.to_pylist(), bags.to_pylist(), rows)


def data_buffer_counts(series: pl.Series) -> list[int]:
    """How many data buffers each chunk's view array has (inline-only chunks have none)."""
    counts = []
    for chunk in series.get_chunks():
        views = chunk.to_arrow(compat_level=pl.CompatLevel.newest())
        assert views.type == pa.string_view()
        # string_view buffers are: validity, views, then the data buffers.
        counts.append(len(views.buffers()) - 2)
    return counts


# --- Polars layouts -----------------------------------------------------------------------------


def chunks_of_different_buffer_counts() -> pl.Series:
    inline_only = pl.Series(["a", "needle", TWELVE, None, "", "a needle"])
    one_buffer = pl.Series([THIRTEEN, "needle " * 3, f"{THIRTEEN} needle"])
    # Many rows of ~1 KB outgrow the first (8 KiB) buffer and several doubled ones after it.
    many_buffers = pl.Series([f"needle {'a café ' * 150}needle" for _ in range(100)])
    bigger_than_a_buffer = pl.Series([f"{'needle ' * (LARGER_THAN_FIRST_BUFFER // 7 + 1)}x", "a"])
    return pl.concat(
        [inline_only, one_buffer, many_buffers, bigger_than_a_buffer, inline_only],
        rechunk=False,
    )


def many_small_chunks() -> pl.Series:
    pieces = [pl.Series(MIXED_ROWS[i : i + 3]) for i in range(0, 60, 3)]
    return pl.concat(pieces, rechunk=False)


def appended() -> pl.Series:
    series = pl.Series(MIXED_ROWS[:40])
    series.append(pl.Series(BOUNDARY_ROWS))
    series.append(pl.Series(MIXED_ROWS[40:]))
    return series


def past_a_run_of_views() -> pl.Series:
    """Short rows (inline and long, with nulls) well past 4,096 views: the engine cuts a run of
    back-to-back views there, so rows and hits sit on both sides of several cuts."""
    short = [r for r in MIXED_ROWS if r is None or len(r.encode()) < 400]
    rows = (BOUNDARY_ROWS + short) * (10_000 // (len(BOUNDARY_ROWS) + len(short)) + 1)
    return pl.Series(rows[:10_000])


MIXED_FRAME_ROWS = {"text": MIXED_ROWS, "key": list(range(len(MIXED_ROWS)))}

POLARS_LAYOUTS: dict[str, Callable[[], pl.Series]] = {
    "boundary-12-13-bytes": lambda: pl.Series(BOUNDARY_ROWS),
    "mixed": lambda: pl.Series(MIXED_ROWS),
    "slice-method": lambda: pl.Series(MIXED_ROWS).slice(3, 100),
    "slice-getitem": lambda: pl.Series(MIXED_ROWS)[3:],
    "slice-of-boundary-rows": lambda: pl.Series(BOUNDARY_ROWS)[5:17],
    "slice-across-chunks": lambda: chunks_of_different_buffer_counts().slice(4, 110),
    "chunks-of-different-buffer-counts": chunks_of_different_buffer_counts,
    "many-small-chunks": many_small_chunks,
    "appended": appended,
    "all-null": lambda: pl.Series([None, None, None], dtype=pl.String),
    "all-null-sliced": lambda: pl.Series([None] * 9, dtype=pl.String)[4:],
    "empty": lambda: pl.Series([], dtype=pl.String),
    "past-a-run-of-views": past_a_run_of_views,
    "past-a-run-of-views-sliced": lambda: past_a_run_of_views().slice(1_001, 8_000),
    "empty-slice": lambda: pl.Series(MIXED_ROWS)[7:7],
    "sorted": lambda: pl.DataFrame(MIXED_FRAME_ROWS).sort("text")["text"],
    "sorted-descending": lambda: pl.Series(MIXED_ROWS).sort(descending=True, nulls_last=True),
    "shuffled": lambda: pl.DataFrame(MIXED_FRAME_ROWS).sample(fraction=1, shuffle=True, seed=0)[
        "text"
    ],
    "filtered": lambda: pl.DataFrame(MIXED_FRAME_ROWS).filter(
        pl.col("text").str.len_bytes() > INLINE_MAX_BYTES
    )["text"],
    "gathered-reversed-with-repeats": lambda: pl.Series(MIXED_ROWS).gather(
        [*range(len(MIXED_ROWS) - 1, -1, -1), 5, 5, 0]
    ),
    "from-arrow-large-string-chunks": lambda: pl.Series(
        pl.from_arrow(
            pa.chunked_array([MIXED_ROWS[:50], MIXED_ROWS[50:], []], type=pa.large_string()),
            rechunk=False,
        )
    ),
    "from-arrow-string-view-chunks": lambda: pl.Series(
        pl.from_arrow(
            pa.chunked_array(
                [BOUNDARY_ROWS, MIXED_ROWS[:70], MIXED_ROWS[70:]], type=pa.string_view()
            ),
            rechunk=False,
        )
    ),
    "from-arrow-sliced-string": lambda: pl.Series(
        pl.from_arrow(pa.array(MIXED_ROWS, type=pa.string()).slice(9, 80))
    ),
}


@pytest.mark.parametrize("make", POLARS_LAYOUTS.values(), ids=POLARS_LAYOUTS.keys())
def test_polars_layout_matches_reference(make: Callable[[], pl.Series]) -> None:
    series = make()
    assert series.dtype == pl.String
    check_polars(series)


@pytest.mark.parametrize("make", POLARS_LAYOUTS.values(), ids=POLARS_LAYOUTS.keys())
def test_polars_layout_in_lazy_streaming_engine(make: Callable[[], pl.Series]) -> None:
    series = make()
    rows = series.to_list()
    lf = series.alias("text").to_frame().lazy().select(pl.col("text").wc.count(NEEDLE))
    assert lf.collect(engine="streaming")["text"].to_list() == expected_counts(rows, NEEDLE)
    text = pl.col("text")
    lists = series.alias("text").to_frame().lazy().select(text.wc.split(), f=text.wc.frequencies())
    got = lists.collect(engine="streaming")
    check_lists(got["text"].to_list(), got["f"].to_list(), rows)


def test_boundary_rows_sit_on_both_sides_of_the_inline_limit() -> None:
    sizes = {len(r.encode()) for r in BOUNDARY_ROWS}
    assert {INLINE_MAX_BYTES, INLINE_MAX_BYTES + 1} <= sizes
    for needle in (NEEDLE, TWELVE, THIRTEEN):
        hits = [r for r in BOUNDARY_ROWS if split_count(r, needle)]
        assert any(r.startswith(needle) for r in hits)
        assert any(r.endswith(needle) for r in hits)


def test_chunks_really_have_different_buffer_counts() -> None:
    series = chunks_of_different_buffer_counts()
    assert series.n_chunks() == 5
    buffers = data_buffer_counts(series)
    assert buffers[0] == 0 and buffers[-1] == 0  # inline strings only
    assert buffers[1] == 1
    assert buffers[2] >= 3
    assert buffers[3] >= 1
    assert len(series.get_chunks()[3][0].encode()) > LARGER_THAN_FIRST_BUFFER


def test_other_chunked_layouts_really_are_chunked() -> None:
    assert many_small_chunks().n_chunks() == 20
    assert appended().n_chunks() == 3
    assert POLARS_LAYOUTS["from-arrow-string-view-chunks"]().n_chunks() >= 2
    assert POLARS_LAYOUTS["from-arrow-large-string-chunks"]().n_chunks() >= 2
    # The mixed rows need several data buffers, so sorting and shuffling scatter the views.
    assert data_buffer_counts(pl.Series(MIXED_ROWS)) != [0]
    assert max(data_buffer_counts(pl.Series(MIXED_ROWS))) >= 2


def test_gathered_rows_keep_views_into_the_original_buffers() -> None:
    # A sort gathers views without copying the strings: the sorted column reads the same data
    # buffers in another order, which is the layout the kernel must follow.
    original = pl.Series(MIXED_ROWS)
    shuffled = pl.DataFrame(MIXED_FRAME_ROWS).sample(fraction=1, shuffle=True, seed=0)
    assert shuffled["key"].to_list() != sorted(shuffled["key"].to_list())
    assert data_buffer_counts(shuffled["text"]) == data_buffer_counts(original)
    check_polars(shuffled["text"])


def test_needle_longer_than_every_row() -> None:
    longest = max(len(r) for r in MIXED_ROWS if r is not None)
    for needle in ("n" * (longest + 1), THIRTEEN * (longest // 13 + 2)):
        df = pl.DataFrame({"text": MIXED_ROWS})
        got = df.select(pl.col("text").wc.count(needle))["text"].to_list()
        assert got == expected_counts(MIXED_ROWS, needle)
        series = pd.Series(MIXED_ROWS, dtype="string[pyarrow]")
        assert pandas_rows(series.wc.count(needle)) == expected_counts(MIXED_ROWS, needle)


def test_per_row_needles_from_a_differently_laid_out_column() -> None:
    # Text and needles come from different chunkings and buffers.
    text = chunks_of_different_buffer_counts()
    needle_rows = [NEEDLES[i % len(NEEDLES)] for i in range(len(text))]
    needles = pl.concat(
        [pl.Series(needle_rows[:7]), pl.Series(needle_rows[7:])], rechunk=False
    ).sort()
    df = pl.DataFrame({"text": text, "needle": needles})
    got = df.select(pl.col("text").wc.count(pl.col("needle")))["text"].to_list()
    assert got == [split_count(t, n) for t, n in zip(text.to_list(), needles.to_list())]


@pytest.mark.parametrize("ignore_case", [False, True], ids=["exact", "ignore-case"])
def test_arrow_per_row_needles_with_chunk_boundaries_that_do_not_line_up(
    ignore_case: bool,
) -> None:
    # The text and the needles are cut into pieces at every chunk boundary of either stream;
    # empty chunks, nulls on both sides and a row longer than one SIMD window included.
    long_row = " ".join(["a", "A", "b"] * 200)
    rows = ["a b a", None, "b", "a a", long_row, "c a", "", "a", "b b b", None, "A b"]
    needles = ["a", "a", None, "a", "a", "c", "x", "a", "b", "b", "b"]
    texts = pa.chunked_array([rows[:3], [], rows[3:4], rows[4:9], rows[9:]], type=pa.large_string())
    needle_stream = pa.chunked_array([needles[:1], needles[1:6], [], needles[6:]], type=pa.string())
    got = arrow.count(texts, needle_stream, ignore_case=ignore_case)
    fold = str.lower if ignore_case else str
    expected = [
        None if t is None or n is None else [fold(w) for w in t.split()].count(fold(n))
        for t, n in zip(rows, needles)
    ]
    assert got.type == pa.uint32()
    assert got.to_pylist() == expected


# --- pandas layouts -----------------------------------------------------------------------------


def arrow_backed(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(pd.arrays.ArrowExtensionArray(values))


PANDAS_LAYOUTS: dict[str, Callable[[], pd.Series]] = {
    "str": lambda: pd.Series(MIXED_ROWS, dtype="str"),
    "str-sliced": lambda: pd.Series(MIXED_ROWS, dtype="str").iloc[5:],
    "string[pyarrow]-sliced": lambda: pd.Series(MIXED_ROWS, dtype="string[pyarrow]").iloc[5:],
    "string[pyarrow]-boundary": lambda: pd.Series(BOUNDARY_ROWS, dtype="string[pyarrow]"),
    "string[python]-sliced": lambda: pd.Series(MIXED_ROWS, dtype="string[python]").iloc[3:90],
    "object-sliced": lambda: pd.Series(MIXED_ROWS, dtype=object).iloc[7:],
    "arrow-large-string-chunked": lambda: arrow_backed(
        pa.chunked_array(
            [MIXED_ROWS[:30], [], BOUNDARY_ROWS, MIXED_ROWS[30:]], type=pa.large_string()
        )
    ),
    "arrow-large-string-chunked-sliced": lambda: arrow_backed(
        pa.chunked_array([MIXED_ROWS[:30], MIXED_ROWS[30:]], type=pa.large_string())
    ).iloc[25:100],
    "arrow-string-sliced-chunks": lambda: arrow_backed(
        pa.chunked_array(
            [
                pa.array(MIXED_ROWS, type=pa.string()).slice(3, 40),
                pa.array(BOUNDARY_ROWS, type=pa.string()).slice(1),
            ]
        )
    ),
    "str-all-null": lambda: pd.Series([None, None, None], dtype="str"),
    "string[pyarrow]-all-null": lambda: pd.Series([None, None], dtype="string[pyarrow]"),
    "arrow-large-string-all-null": lambda: pd.Series(
        [None, None], dtype=pd.ArrowDtype(pa.large_string())
    ),
    "str-empty": lambda: pd.Series([], dtype="str"),
    "string[pyarrow]-empty": lambda: pd.Series([], dtype="string[pyarrow]"),
    "object-empty": lambda: pd.Series([], dtype=object),
    "arrow-large-string-empty": lambda: pd.Series([], dtype=pd.ArrowDtype(pa.large_string())),
    "non-default-index": lambda: pd.Series(
        MIXED_ROWS[:20], index=range(100, 140, 2), name="body", dtype="str"
    ),
    "duplicate-index": lambda: pd.Series(
        BOUNDARY_ROWS, index=[i // 3 for i in range(len(BOUNDARY_ROWS))], name=("a", 1)
    ),
    "string-index": lambda: pd.Series(
        BOUNDARY_ROWS,
        index=[f"row{i}" for i in range(len(BOUNDARY_ROWS))],
        dtype="string[pyarrow]",
        name="body",
    ),
}

if pd.Series([], dtype="str").dtype == np.dtype(object):
    # pandas < 3 (the newest on Python 3.9 and 3.10) reads dtype="str" as object, and an
    # all-None object Series is the one deliberate dtype difference from `.str.count`, which
    # test_pandas_all_null_object_series covers: the case is about pandas 3's str dtype.
    del PANDAS_LAYOUTS["str-all-null"]


@pytest.mark.parametrize("make", PANDAS_LAYOUTS.values(), ids=PANDAS_LAYOUTS.keys())
def test_pandas_layout_matches_reference(make: Callable[[], pd.Series]) -> None:
    check_pandas(make())


def test_pandas_all_null_object_series() -> None:
    # `.str.count` on an all-None object Series gives object None (pandas cannot infer a
    # number type from no values); `.wc` gives float NaN, as for any object Series with
    # missing values. The values, index and name are what matter here.
    series = pd.Series([None, None], dtype=object, index=[5, 5], name="t")
    out = series.wc.count(NEEDLE)
    assert out.isna().all() and len(out) == 2
    assert out.index.equals(series.index) and out.name == "t"


def test_pandas_string_view_from_sorted_polars_column() -> None:
    # Views pointing into Polars' buffers out of order, handed to pandas without a copy.
    views = pl.Series(MIXED_ROWS).sort().to_arrow(compat_level=pl.CompatLevel.newest())
    assert views.type == pa.string_view()
    series = arrow_backed(views)
    rows = pandas_rows(series)
    assert pandas_rows(series.wc.count(NEEDLE)) == expected_counts(rows, NEEDLE)
    top = series.wc.top_words()
    assert list(zip(top["word"], top["count"])) == reference_top_words(rows, None)


def test_pandas_per_row_needles_keep_the_duplicate_index() -> None:
    index = [3, 3, 1, 1, 0] * 4
    text = pd.Series(BOUNDARY_ROWS, index=index, name="body", dtype="string[pyarrow]")
    needles = pd.Series([NEEDLES[i % len(NEEDLES)] for i in range(20)], index=index, dtype="str")
    out = text.wc.count(needles)
    assert out.index.equals(text.index) and out.name == "body"
    assert pandas_rows(out) == [split_count(t, n) for t, n in zip(BOUNDARY_ROWS, needles)]


def test_pandas_per_row_needles_are_aligned_on_the_index() -> None:
    text = pd.Series(BOUNDARY_ROWS, index=range(len(BOUNDARY_ROWS)), dtype="str")
    needle_rows = [NEEDLES[i % len(NEEDLES)] for i in range(len(BOUNDARY_ROWS))]
    needles = pd.Series(needle_rows, index=range(len(BOUNDARY_ROWS)), dtype="str")[::-1]
    out = text.wc.count(needles)
    assert pandas_rows(out) == [split_count(t, n) for t, n in zip(BOUNDARY_ROWS, needle_rows)]


# --- Arrow layouts ------------------------------------------------------------------------------

# Each layout, as the object handed to the Arrow functions and the rows it holds.
ARROW_LAYOUTS: dict[str, Callable[[], pa.Array | pa.ChunkedArray | pl.Series]] = {
    "string-sliced": lambda: pa.array(MIXED_ROWS, type=pa.string()).slice(5, 90),
    "large-string-chunked": lambda: pa.chunked_array(
        [MIXED_ROWS[:10], [], MIXED_ROWS[10:]], type=pa.large_string()
    ),
    "string-view-chunked": lambda: pa.chunked_array(
        [BOUNDARY_ROWS, MIXED_ROWS], type=pa.string_view()
    ),
    "string-view-sliced": lambda: pa.array(MIXED_ROWS, type=pa.string_view()).slice(11),
    "polars-views-out-of-order": lambda: (
        pl.DataFrame(MIXED_FRAME_ROWS)
        .sample(fraction=1, shuffle=True, seed=0)["text"]
        .to_arrow(compat_level=pl.CompatLevel.newest())
    ),
    # A Polars Series is Arrow data too (__arrow_c_stream__), one stream chunk per chunk.
    "polars-series-chunks-of-different-buffer-counts": chunks_of_different_buffer_counts,
}


@pytest.mark.parametrize("make", ARROW_LAYOUTS.values(), ids=ARROW_LAYOUTS.keys())
def test_arrow_layout_matches_reference(
    make: Callable[[], pa.Array | pa.ChunkedArray | pl.Series],
) -> None:
    data = make()
    rows = data.to_list() if isinstance(data, pl.Series) else data.to_pylist()
    check_arrow(data, rows)


# --- one row of ~100 MB ------------------------------------------------------------------------

# One repeated unit: two whole-word hits of NEEDLE, a near miss, a non-ASCII word, and Python
# whitespace that is not ASCII (U+3000, 3 bytes in UTF-8).
BIG_UNIT = f"{NEEDLE} café {NEEDLE}x\t{NEEDLE}\u3000"
HITS_PER_UNIT = 2
WORDS_PER_UNIT = 4
BIG_ROW_BYTES = 100_000_000


def big_row(repetitions: int) -> str:
    """Starts with the needle (the unit does) and ends with it, with no whitespace after."""
    return BIG_UNIT * repetitions + NEEDLE


def big_row_expected(repetitions: int) -> dict[str, int]:
    """The counts of ``big_row(repetitions)``, from the repetition count alone."""
    return {
        NEEDLE: HITS_PER_UNIT * repetitions + 1,
        "café": repetitions,
        f"{NEEDLE}x": repetitions,
        "words": WORDS_PER_UNIT * repetitions + 1,
        "bytes": len(BIG_UNIT.encode()) * repetitions + len(NEEDLE.encode()),
    }


def test_big_row_formula_agrees_with_the_reference() -> None:
    for repetitions in (0, 1, 7, 1000):
        row = big_row(repetitions)
        expected = big_row_expected(repetitions)
        for needle in (NEEDLE, "café", f"{NEEDLE}x"):
            assert expected[needle] == split_count(row, needle)
        assert expected["words"] == len(row.split())
        assert expected["bytes"] == len(row.encode())


@pytest.fixture(scope="module")
def hundred_mb_row() -> tuple[str, int]:
    repetitions = BIG_ROW_BYTES // len(BIG_UNIT.encode())
    return big_row(repetitions), repetitions


def test_single_100mb_row_polars(hundred_mb_row: tuple[str, int]) -> None:
    row, repetitions = hundred_mb_row
    expected = big_row_expected(repetitions)
    assert expected["bytes"] >= BIG_ROW_BYTES - len(BIG_UNIT.encode())
    df = pl.DataFrame({"text": [row, "needle", None]})
    text = pl.col("text")
    out = df.select(
        count=text.wc.count(NEEDLE),
        many=text.wc.count_many([NEEDLE, "café", f"{NEEDLE}x"]),
        words=text.wc.words(),
        bytes=text.wc.bytes(),
    ).unnest("many")
    first = out.row(0, named=True)
    assert first["count"] == first[NEEDLE] == expected[NEEDLE]
    assert first["café"] == expected["café"]
    assert first[f"{NEEDLE}x"] == expected[f"{NEEDLE}x"]
    assert first["words"] == expected["words"]
    assert first["bytes"] == expected["bytes"]
    assert out["count"].to_list()[1:] == [1, None]


def test_single_100mb_row_pandas(hundred_mb_row: tuple[str, int]) -> None:
    row, repetitions = hundred_mb_row
    expected = big_row_expected(repetitions)
    series = pd.Series(["needle", row], dtype="str", index=[7, 7], name="big")
    out = series.wc.count(NEEDLE)
    assert out.tolist() == [1, expected[NEEDLE]]
    assert out.index.tolist() == [7, 7] and out.name == "big"
    assert series.wc.words().tolist() == [1, expected["words"]]
    top = series.wc.top_words(2)
    assert list(zip(top["word"], top["count"])) == [
        (NEEDLE, expected[NEEDLE] + 1),
        ("café", expected["café"]),
    ]
