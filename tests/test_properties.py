"""Hypothesis property tests: the Polars and pandas paths against the reference
``text.split().count(needle)`` on adversarial Unicode."""

from __future__ import annotations

import pandas as pd
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE, count_ocurrences, split_count

import wordcount_polars  # noqa: F401

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
