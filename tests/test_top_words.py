"""``top_words`` with stop words and a floor, over a whole column and per group, against the
plain-Python reference (``collections.Counter`` over ``text.split()``, filtered, sorted by
``(-count, word)``), on Polars and pandas."""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE
from reference import top_words as reference_top_words

import wordcount_polars  # noqa: F401  (registers .wc)

# Case-mapping oddities (final sigma, sharp s, Kelvin sign), multi-byte letters and plain ones.
LETTERS = [*"abAB\u00e9\u00c9\u00df\u03a3\u03c3\u03c2K\u212a\u6771\U0001f642"]
WORDS = ["a", "A", "the", "The", "ab", "\u00e9\u00e9", "\u03a3\u03c3", "\u6771"]
OPTIONS = [{}, {"ignore_case": True}]

row = st.lists(
    st.one_of(st.sampled_from([*PY_WHITESPACE, *LOOK_ALIKES, *LETTERS]), st.sampled_from(WORDS)),
    max_size=14,
).map("".join)
rows = st.lists(st.one_of(row, row, row, st.none()), max_size=40)
stop_words = st.lists(st.sampled_from([*WORDS, *LETTERS, "THE", "\u00c9\u00c9"]), max_size=5)
ks = st.one_of(st.none(), st.integers(0, 4))
floors = st.integers(1, 3)


def pairs(entries: list[dict[str, Any]] | None) -> list[tuple[str, int]]:
    return [(e["word"], e["count"]) for e in entries or []]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=rows,
    groups=st.integers(1, 6),
    k=ks,
    exclude=stop_words,
    min_count=floors,
    options=st.sampled_from(OPTIONS),
)
def test_polars_per_group_equals_the_reference(
    texts: list[str | None],
    groups: int,
    k: int | None,
    exclude: list[str],
    min_count: int,
    options: dict[str, Any],
) -> None:
    keys = [i % groups for i in range(len(texts))]
    df = pl.DataFrame({"g": keys, "t": texts}, schema={"g": pl.Int64, "t": pl.String})
    expr = pl.col("t").wc.top_words(k, exclude=exclude, min_count=min_count, **options)
    got = df.group_by("g").agg(expr).sort("g")
    for key, entries in got.iter_rows():
        members = [t for t, g in zip(texts, keys) if g == key]
        assert pairs(entries) == reference_top_words(
            members, k, exclude=exclude, min_count=min_count, **options
        ), key
    whole = df.select(expr).item()
    expected = reference_top_words(texts, k, exclude=exclude, min_count=min_count, **options)
    assert pairs(whole.to_list()) == expected
    # The same groups as a window, and as a Categorical column.
    windows = df.with_columns(top=expr.over("g"))
    for key, entries in windows.select("g", "top").unique("g").iter_rows():
        assert pairs(entries) == pairs(got.filter(pl.col("g") == key).item(0, 1).to_list())
    categorical = df.with_columns(pl.col("t").cast(pl.Categorical))
    assert categorical.group_by("g").agg(expr).sort("g").equals(got)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=rows, k=ks, exclude=stop_words, min_count=floors, options=st.sampled_from(OPTIONS))
def test_pandas_equals_the_reference(
    texts: list[str | None],
    k: int | None,
    exclude: list[str],
    min_count: int,
    options: dict[str, Any],
) -> None:
    expected = reference_top_words(texts, k, exclude=exclude, min_count=min_count, **options)
    for dtype in (object, "string[pyarrow]"):
        frame = pd.Series(texts, dtype=dtype).wc.top_words(
            k, exclude=iter(exclude), min_count=min_count, **options
        )
        assert list(zip(frame["word"], frame["count"].tolist())) == expected, dtype


def test_pandas_lone_surrogate_stop_word_applies_to_python_rows() -> None:
    series = pd.Series(["a \ud800 \ud800 b", "a b b"], dtype=object)
    frame = series.wc.top_words(exclude=["\ud800", "a"])
    assert list(zip(frame["word"], frame["count"])) == [("b", 3)]
    # The Python rows are ranked in Python: the stop words fold there too, and the floor holds.
    folded = pd.Series(["The \ud800 the", "THE x x", "y"], dtype=object)
    frame = folded.wc.top_words(exclude=["tHe"], min_count=2, ignore_case=True)
    expected = reference_top_words(
        list(folded), None, exclude=["tHe"], min_count=2, ignore_case=True
    )
    assert list(zip(frame["word"], frame["count"])) == expected == [("x", 2)]


def test_many_groups_in_one_call_keep_their_order_and_nulls() -> None:
    # More groups than one thread takes, so the lists are spread over the threads.
    n = 5_000
    df = pl.DataFrame(
        {"g": [i // 3 for i in range(3 * n)], "t": [f"w{i % 7} x" for i in range(3 * n)]}
    )
    got = df.group_by("g", maintain_order=True).agg(pl.col("t").wc.top_words(2, min_count=2))
    texts = df["t"].to_list()
    for key, entries in got.iter_rows():
        assert pairs(entries) == reference_top_words(texts[3 * key : 3 * key + 3], 2, min_count=2)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"exclude": "the"}, TypeError, "exclude must be an iterable of str, got str"),
        ({"exclude": 3}, TypeError, "exclude must be an iterable of str, got int"),
        ({"exclude": ["a", 1]}, TypeError, "every excluded word must be a str, got int"),
        ({"min_count": 0}, ValueError, "min_count must be >= 1, got 0"),
        ({"min_count": 1.5}, TypeError, "min_count must be an int or None, got float"),
        ({"min_count": None}, TypeError, "min_count must be an int, got None"),
    ],
)
def test_bad_arguments_name_themselves(kwargs: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        pl.col("t").wc.top_words(3, **kwargs)
    with pytest.raises(error, match=message):
        pd.Series(["a"]).wc.top_words(3, **kwargs)
    from wordcount_polars import arrow

    with pytest.raises(error, match=message):
        arrow.top_words(["a"], 3, **kwargs)
