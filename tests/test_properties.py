"""Hypothesis property tests: the Polars and pandas paths against the reference
``text.split().count(needle)`` on adversarial Unicode."""

from __future__ import annotations

import re

import pandas as pd
import polars as pl
import pyarrow as pa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE, count_ocurrences, count_with, split_count

import wordcount_polars  # noqa: F401
from wordcount_polars import arrow

# Every Python whitespace, the look-alikes, multi-byte letters and punctuation.
ALPHABET = [*PY_WHITESPACE, *LOOK_ALIKES, "a", "b", "é", "ß", "東", "🙂", ".", "-"]
NEEDLE_CHARS = ["a", "b", "é", "東", "🙂", " ", "\x1c", "\u3000"]

needles = st.text(alphabet=NEEDLE_CHARS, min_size=0, max_size=3)


@st.composite
def texts_and_needle(draw: st.DrawFn) -> tuple[list[str | None], str]:
    needle = draw(needles)
    # The needle's own characters and the needle itself appear often, so hits are common.
    pieces = (
        st.sampled_from([*ALPHABET, needle, needle, *needle])
        if needle
        else st.sampled_from(ALPHABET)
    )
    row = st.lists(pieces, max_size=30).map("".join)
    rows = draw(st.lists(st.one_of(row, st.none(), st.text(max_size=20)), max_size=12))
    return rows, needle


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts_and_needle())
def test_polars_path(case: tuple[list[str | None], str]) -> None:
    rows, needle = case
    out = pl.DataFrame({"text": rows}, schema={"text": pl.String}).select(
        pl.col("text").wc.count(needle)
    )
    assert out["text"].to_list() == [split_count(r, needle) for r in rows]


@SETTINGS
@given(texts_and_needle())
def test_pandas_path(case: tuple[list[str | None], str]) -> None:
    rows, needle = case
    out = pd.Series(rows, dtype="string[pyarrow]").wc.count(needle)
    assert [None if pd.isna(v) else v for v in out] == [split_count(r, needle) for r in rows]


@SETTINGS
@given(texts_and_needle())
def test_talk_function(case: tuple[list[str | None], str]) -> None:
    rows, needle = case
    texts = [r for r in rows if r is not None]
    out = pl.DataFrame({"text": texts}, schema={"text": pl.String}).select(
        pl.col("text").wc.count(needle)
    )
    if needle and not any(c.isspace() for c in needle):
        assert out["text"].to_list() == [count_ocurrences(t, needle) for t in texts]


@SETTINGS
@given(
    st.lists(st.one_of(st.text(alphabet=ALPHABET, max_size=30), st.none()), max_size=10), needles
)
def test_per_row_needle_column(rows: list[str | None], needle: str) -> None:
    needle_col = [needle if i % 2 else (r or "a").split(" ")[0] for i, r in enumerate(rows)]
    df = pl.DataFrame(
        {"text": rows, "needle": needle_col}, schema={"text": pl.String, "needle": pl.String}
    )
    out = df.select(pl.col("text").wc.count(pl.col("needle")))["text"].to_list()
    assert out == [split_count(r, n) for r, n in zip(rows, needle_col)]


# --- split and frequencies -----------------------------------------------------------------

# Whole tokens as well as characters, so that rows repeat words (counts above 1) and differ
# only in case (ties that ignore_case merges; "ΣΑΣ" ends in a final sigma when lowered).
TOKENS = ["a", "A", "ab", "é", "É", "東京", "🙂", "ΣΑΣ", "σας"]
list_rows = st.lists(
    st.one_of(
        st.lists(st.sampled_from([*ALPHABET, *TOKENS]), max_size=30).map("".join),
        st.text(max_size=20),
        st.none(),
    ),
    max_size=12,
)


def python_frequencies(text: str | None, ignore_case: bool) -> list[tuple[str, int]] | None:
    """``collections.Counter`` of ``text.split()``, sorted by (-count, word)."""
    if text is None:
        return None
    from collections import Counter

    counted = Counter(t.lower() if ignore_case else t for t in text.split())
    return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))


@SETTINGS
@given(list_rows, st.booleans())
def test_split_and_frequencies_polars_path(rows: list[str | None], ignore_case: bool) -> None:
    df = pl.DataFrame({"text": rows}, schema={"text": pl.String})
    split = df.select(pl.col("text").wc.split())["text"].to_list()
    assert split == [None if r is None else r.split() for r in rows]
    bags = df.select(pl.col("text").wc.frequencies(ignore_case=ignore_case))["text"].to_list()
    got = [None if b is None else [(e["word"], e["count"]) for e in b] for b in bags]
    assert got == [python_frequencies(r, ignore_case) for r in rows]


@SETTINGS
@given(list_rows, st.booleans(), st.sampled_from([object, "string[pyarrow]", "category"]))
def test_split_and_frequencies_pandas_path(
    rows: list[str | None], ignore_case: bool, dtype: object
) -> None:
    series = pd.Series(rows, dtype=object).astype(dtype)  # type: ignore[call-overload]
    split = series.wc.split()
    assert split.index.equals(series.index)
    assert [None if not isinstance(v, list) else v for v in split] == [
        None if r is None else r.split() for r in rows
    ]
    bags = series.wc.frequencies(ignore_case=ignore_case)
    assert [None if not isinstance(v, list) else v for v in bags] == [
        python_frequencies(r, ignore_case) for r in rows
    ]


# --- pandas count_many: every string dtype, nulls, slices and chunks -----------------------------

PANDAS_DTYPES = [
    object,
    "str",
    "string[python]",
    "string[pyarrow]",
    "category",
    pd.ArrowDtype(pa.large_string()),
    pd.ArrowDtype(pa.string()),
    "chunked",
]


def pandas_series(rows: list[str | None], dtype: object, cut: int) -> pd.Series:
    """``rows`` as a Series of ``dtype``; "chunked" is Arrow large strings in two chunks cut
    at ``cut``."""
    if dtype == "chunked":
        chunks = pa.chunked_array([rows[:cut], rows[cut:]], type=pa.large_string())
        return pd.Series(pd.arrays.ArrowExtensionArray(chunks))
    if dtype == "category":
        # A text column read as categories: its categories are text even when every row is
        # missing (built straight from [None], they would be float64, which `.str` refuses).
        return pd.Series(rows, dtype=object).astype("category")
    # Built in the dtype, not cast to it: pandas 2's `astype("str")` turns None into "None".
    return pd.Series(rows, dtype=dtype)  # type: ignore[call-overload]


@st.composite
def rows_and_needles(draw: st.DrawFn) -> tuple[list[str | None], list[str]]:
    needle = st.text(alphabet=NEEDLE_CHARS, min_size=1, max_size=3)
    found = draw(st.lists(needle, min_size=1, max_size=4, unique=True))
    pieces = st.sampled_from([*ALPHABET, *found, *found, *"".join(found)])
    row = st.lists(pieces, max_size=30).map("".join)
    rows = draw(st.lists(st.one_of(row, st.none(), st.text(max_size=20)), max_size=12))
    return rows, found


@SETTINGS
@given(
    rows_and_needles(),
    st.sampled_from(PANDAS_DTYPES),
    st.integers(0, 12),
    st.integers(0, 3),
    st.booleans(),
    st.booleans(),
)
# A missing row alone: pandas 2's `astype("str")` once made it the string "None" here, and a
# category Series built from it alone once had float64 categories.
@example(([None], ["a"]), "str", 0, 0, False, False)
@example(([None], ["a"]), "category", 0, 0, False, False)
def test_pandas_count_many(
    case: tuple[list[str | None], list[str]],
    dtype: object,
    cut: int,
    offset: int,
    ignore_case: bool,
    phrase: bool,
) -> None:
    rows, needles = case
    # A slice of a longer Series: its Arrow data starts at an offset.
    series = pandas_series(["pad"] * offset + rows, dtype, cut + offset).iloc[offset:]
    frame = series.wc.count_many(needles, ignore_case=ignore_case, phrase=phrase)
    assert frame.columns.tolist() == needles
    assert frame.index.equals(series.index)
    for needle in needles:
        column = frame[needle]
        assert column.dtype == series.str.count(re.escape(needle)).dtype, needle
        assert [None if pd.isna(v) else v for v in column] == [
            count_with(r, needle, ignore_case, phrase=phrase) for r in rows
        ], needle


# Tokens past the 12 bytes of an inline view, whose list entries point into the input's own
# buffers rather than copies; rows of a few of them are past 12 bytes too.
LONG_TOKENS = ["twelve_bytes", "thirteen_byte", "longer-token-é東🙂", "a" * 40]
long_token_rows = st.lists(
    st.one_of(
        st.lists(st.sampled_from([*ALPHABET, *TOKENS, *LONG_TOKENS]), max_size=20).map("".join),
        st.none(),
    ),
    max_size=12,
)


@SETTINGS
@given(long_token_rows, long_token_rows, st.integers(0, 24))
def test_split_of_sliced_two_chunk_columns(
    head: list[str | None], tail: list[str | None], cut: int
) -> None:
    """A column of two chunks, sliced: Polars' views and Arrow's offset arrays both."""
    expected = [None if r is None else r.split() for r in (head + tail)[cut:]]
    chunks = [pl.Series("text", rows, dtype=pl.String) for rows in (head, tail)]
    series = pl.concat(chunks, rechunk=False).slice(cut)
    assert series.to_frame().select(pl.col("text").wc.split())["text"].to_list() == expected
    for string_type in (pa.string(), pa.large_string(), pa.string_view()):
        data = pa.chunked_array([head, tail], type=string_type).slice(cut)
        assert arrow.split(data).to_pylist() == expected
