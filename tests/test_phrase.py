"""``count(needle, phrase=True)``: the needle's tokens counted as a run of consecutive tokens of
the row, against the issue's definition in tests/reference.py (``phrase_count``), on Polars and
pandas, with every option, per-row needles and ``count_many``; and the edges the docs promise.
tests/test_surfaces.py holds Arrow and Dask to the same answers."""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE, count_with, phrase_count, split_count

import wordcount_polars as wc
from wordcount_polars import arrow

# Tokens that make hits and near misses likely: case variants (final sigma and the Kelvin sign
# among them), multi-byte letters, punctuation that words mode drops and that glues tokens in
# whitespace mode, and the look-alikes that are not whitespace.
TOKENS = [
    "a",
    "A",
    "b",
    "ab",
    "a.",
    "é",
    "É",
    "東京",
    "🙂",
    "\u03a3",
    "\u03c3",
    "\u03c2",
    "K",
    "\u212a",
    "'",
]
PIECES = [*PY_WHITESPACE, *LOOK_ALIKES, *TOKENS]
OPTIONS: list[dict[str, Any]] = [
    {},
    {"ignore_case": True},
    {"mode": "words"},
    {"ignore_case": True, "mode": "words"},
]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

separators = st.lists(st.sampled_from(PY_WHITESPACE), min_size=1, max_size=3).map("".join)


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """Zero to four tokens, each run of whitespace drawn from all 29, often padded."""
    words = draw(st.lists(st.sampled_from(TOKENS), max_size=4))
    parts = [draw(separators) if draw(st.booleans()) else ""]
    for word in words:
        parts += [word, draw(separators)]
    if parts and not draw(st.booleans()):
        parts.pop()
    return "".join(parts)


@st.composite
def columns(draw: st.DrawFn) -> tuple[list[str | None], list[str]]:
    """Up to 20 rows (some null) made of every Python whitespace, look-alikes, multi-byte
    letters, the phrases' own characters and the phrases themselves; 1-3 distinct phrases."""
    needles = draw(st.lists(phrases(), min_size=1, max_size=3, unique=True))
    own = [c for n in needles for c in n]
    piece = st.one_of(st.sampled_from(PIECES + own), st.sampled_from(needles))
    row = st.lists(piece, max_size=16).map("".join)
    rows = draw(st.lists(st.one_of(row, row, row, st.none()), max_size=20))
    return rows, needles


def listed(values: Any) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values]


def per_row_needles(rows: list[str | None], needles: list[str]) -> list[str]:
    """Each row's own first two tokens (a sure hit) or one of the phrases, in turn."""
    out = []
    for i, row in enumerate(rows):
        own = (row or "").split()[:2]
        out.append("\u3000".join(own) if i % 2 and own else needles[i % len(needles)])
    return out


@SETTINGS
@given(case=columns(), options=st.sampled_from(OPTIONS))
def test_polars_equals_the_definition(
    case: tuple[list[str | None], list[str]], options: dict[str, Any]
) -> None:
    rows, needles = case
    per_row = per_row_needles(rows, needles)
    df = pl.DataFrame(
        {"text": rows, "needle": per_row}, schema={"text": pl.String, "needle": pl.String}
    )
    text = pl.col("text").wc
    for needle in needles:
        got = df.select(text.count(needle, phrase=True, **options)).to_series().to_list()
        assert got == [phrase_count(r, needle, **options) for r in rows], needle
    got = df.select(text.count(pl.col("needle"), phrase=True, **options)).to_series().to_list()
    assert got == [phrase_count(r, n, **options) for r, n in zip(rows, per_row)]
    structs = df.select(text.count_many(needles, phrase=True, **options)).to_series().to_list()
    for needle in needles:
        got = [None if s is None else s[needle] for s in structs]
        assert got == [phrase_count(r, needle, **options) for r in rows], needle


@SETTINGS
@given(
    case=columns(),
    options=st.sampled_from(OPTIONS),
    dtype=st.sampled_from([object, "string[python]", "string[pyarrow]"]),
)
def test_pandas_equals_the_definition(
    case: tuple[list[str | None], list[str]], options: dict[str, Any], dtype: Any
) -> None:
    rows, needles = case
    series = pd.Series(rows, dtype=dtype)
    per_row = pd.Series(per_row_needles(rows, needles), dtype=dtype)
    for needle in needles:
        got = listed(series.wc.count(needle, phrase=True, **options))
        assert got == [phrase_count(r, needle, **options) for r in rows], needle
    got = listed(series.wc.count(per_row, phrase=True, **options))
    assert got == [phrase_count(r, n, **options) for r, n in zip(rows, per_row)]
    frame = series.wc.count_many(needles, phrase=True, **options)
    for needle in needles:
        assert listed(frame[needle]) == [phrase_count(r, needle, **options) for r in rows]


@settings(max_examples=40, deadline=None)
@given(case=columns(), repeat=st.integers(20, 60), options=st.sampled_from(OPTIONS[:2]))
def test_long_rows_equal_the_definition(
    case: tuple[list[str | None], list[str]], repeat: int, options: dict[str, Any]
) -> None:
    """Rows of several hundred bytes, in one buffer: the prepared search and, per row, the
    one-off search over 512 bytes (which builds a ``memmem`` searcher)."""
    rows, needles = case
    long_rows = [" ".join([r] * repeat) if r is not None else None for r in rows]
    per_row = per_row_needles(long_rows, needles)
    schema = {"text": pl.String, "needle": pl.String}
    df = pl.DataFrame({"text": long_rows, "needle": per_row}, schema=schema)
    for needle in needles:
        got = df.select(pl.col("text").wc.count(needle, phrase=True, **options)).to_series()
        assert got.to_list() == [phrase_count(r, needle, **options) for r in long_rows]
    got = df.select(pl.col("text").wc.count(pl.col("needle"), phrase=True, **options))
    assert got.to_series().to_list() == [
        phrase_count(r, n, **options) for r, n in zip(long_rows, per_row)
    ]


# --- the edges -----------------------------------------------------------------------------------

ROWS = ["new york", "new\t york\u3000new york", "New York", "newyork", "new york,", "", None]


def polars_count(rows: list[str | None], needle: str, **options: Any) -> list[int | None]:
    frame = pl.DataFrame({"t": rows}, schema={"t": pl.String})
    return frame.select(wc.count("t", needle, **options)).to_series().to_list()


def test_every_whitespace_run_separates_the_phrase() -> None:
    rows = [f"x new{ws}york{ws}{ws}new york x" for ws in PY_WHITESPACE]
    assert polars_count(rows, "new york", phrase=True) == [2] * len(PY_WHITESPACE)
    # A look-alike is not whitespace: it glues the two words into one token.
    assert polars_count([f"new{c}york" for c in LOOK_ALIKES], "new york", phrase=True) == [0] * 4


def test_overlapping_occurrences_all_count() -> None:
    assert polars_count(["a a a a", "a b a b a"], "a a", phrase=True) == [3, 0]
    assert polars_count(["a b a b a"], "a b a", phrase=True) == [2]


@pytest.mark.parametrize("needle", ["", " ", "\t\u3000\x1c"], ids=["empty", "space", "mixed"])
def test_a_phrase_of_no_tokens_counts_zero_and_null_stays_null(needle: str) -> None:
    expected = [None if r is None else 0 for r in ROWS]
    assert polars_count(ROWS, needle, phrase=True) == expected
    assert listed(pd.Series(ROWS, dtype=object).wc.count(needle, phrase=True)) == expected


@pytest.mark.parametrize("options", OPTIONS, ids=["exact", "ignore_case", "words", "both"])
@pytest.mark.parametrize("needle", ["new", " new\t", "York"])
def test_one_token_is_the_plain_count(needle: str, options: dict[str, Any]) -> None:
    plain = polars_count(ROWS, needle.strip(), **options)
    assert polars_count(ROWS, needle, phrase=True, **options) == plain
    assert plain == [count_with(r, needle.strip(), **options) for r in ROWS]


def test_without_phrase_a_needle_holding_whitespace_counts_zero() -> None:
    assert polars_count(ROWS, "new york") == [split_count(r, "new york") for r in ROWS]
    assert polars_count(ROWS, "new york") == [0, 0, 0, 0, 0, 0, None]
    assert polars_count(ROWS, "new york", phrase=True) == [1, 2, 0, 0, 0, 0, None]
    assert polars_count(ROWS, "new york", phrase=True, ignore_case=True) == [1, 2, 1, 0, 0, 0, None]
    # In words mode the comma is not part of a word.
    words = polars_count(ROWS, "new york", phrase=True, mode="words")
    assert words == [1, 2, 0, 0, 1, 0, None]


def test_words_mode_cuts_the_needle_into_words_too() -> None:
    rows = ["send an e-mail (today)", "e mail"]
    assert polars_count(rows, "e-mail today", phrase=True, mode="words") == [1, 0]
    assert polars_count(rows, "e-mail today", phrase=True) == [0, 0]


@pytest.mark.parametrize("bad", [1, None, "yes"])
def test_phrase_must_be_a_bool_on_every_surface(bad: object) -> None:
    series = pd.Series(["a b"])
    calls = [
        lambda: wc.count("t", "a", phrase=bad),
        lambda: wc.count_many("t", ["a"], phrase=bad),
        lambda: pl.col("t").wc.count("a", phrase=bad),
        lambda: series.wc.count("a", phrase=bad),
        lambda: series.wc.count_many(["a"], phrase=bad),
        lambda: arrow.count(pa.array(["a"]), "a", phrase=bad),
        lambda: arrow.count_many(pa.array(["a"]), ["a"], phrase=bad),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="phrase must be a bool"):
            call()


def test_pandas_rows_with_lone_surrogates_are_counted_in_python() -> None:
    rows = ["a \ud800 a a", "a a", None, "\ud800"]
    series = pd.Series(rows, dtype=object)
    expected = [phrase_count(r, "a a") for r in rows]
    assert listed(series.wc.count("a a", phrase=True)) == expected == [1, 1, None, 0]
    frame = series.wc.count_many(["a a", "\ud800 a"], phrase=True)
    assert listed(frame["a a"]) == expected
    assert listed(frame["\ud800 a"]) == [phrase_count(r, "\ud800 a") for r in rows]
    needles = pd.Series(["\ud800 a", "a a", "a", "a"], dtype=object)
    assert listed(series.wc.count(needles, phrase=True)) == [1, 1, None, 0]


def test_pandas_refuses_a_words_phrase_holding_a_lone_surrogate() -> None:
    series = pd.Series(["a b"], dtype=object)
    with pytest.raises(ValueError, match="lone surrogate"):
        series.wc.count("a \ud800", phrase=True, mode="words")
    # Whitespace mode needs no segmentation: the surrogate's token matches nothing.
    assert listed(series.wc.count("a \ud800", phrase=True)) == [0]


def test_categorical_text_counts_each_category_once_with_the_same_answer() -> None:
    rows = ["a b a b", "b a", None, "a b a b", "x"] * 3
    frame = pl.DataFrame({"t": rows}, schema={"t": pl.Categorical})
    got = frame.select(pl.col("t").wc.count("a b", phrase=True)).to_series().to_list()
    assert got == [phrase_count(r, "a b") for r in rows]
