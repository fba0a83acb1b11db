"""`wc.count` in every place a Polars user puts an expression, and on every string layout."""

from __future__ import annotations

import polars as pl
import pytest
from reference import split_count

import wordcount_polars  # noqa: F401

ROWS = ["a b a", "a", None, "b b", "x a\u3000a", "", "a" * 13, "a " * 20]
GROUPS = ["g1", "g2", "g1", "g2", "g1", "g2", "g1", "g2"]


def expected(rows: list[str | None], needle: str = "a") -> list[int | None]:
    return [split_count(r, needle) for r in rows]


@pytest.fixture
def df() -> pl.DataFrame:
    return pl.DataFrame({"text": ROWS, "group": GROUPS})


def test_select(df: pl.DataFrame) -> None:
    out = df.select(pl.col("text").wc.count("a"))
    assert out.schema == {"text": pl.UInt32}
    assert out["text"].to_list() == expected(ROWS)


def test_with_columns_alias(df: pl.DataFrame) -> None:
    out = df.with_columns(n=pl.col("text").wc.count("a"))
    assert out.columns == ["text", "group", "n"]
    assert out["n"].to_list() == expected(ROWS)


@pytest.mark.parametrize("engine", ["in-memory", "streaming"])
def test_lazy_engines(df: pl.DataFrame, engine: str) -> None:
    lf = df.lazy().with_columns(n=pl.col("text").wc.count("a")).filter(pl.col("n") > 0)
    out = lf.collect(engine=engine)  # type: ignore[arg-type]
    want = [(r, n) for r, n in zip(ROWS, expected(ROWS)) if n]
    assert list(zip(out["text"], out["n"])) == want


def test_streaming_many_batches() -> None:
    rows = [f"a {'b ' * (i % 7)}a" if i % 5 else None for i in range(50_000)]
    lf = pl.LazyFrame({"text": rows}).select(pl.col("text").wc.count("a"))
    assert lf.collect(engine="streaming")["text"].to_list() == expected(rows)


def test_collect_schema_without_computing(df: pl.DataFrame) -> None:
    lf = df.lazy().select(n=pl.col("text").wc.count("a"), t=pl.col("text"))
    assert lf.collect_schema() == pl.Schema({"n": pl.UInt32, "t": pl.String})


def test_group_by_sum(df: pl.DataFrame) -> None:
    out = df.group_by("group").agg(pl.col("text").wc.count("a").sum()).sort("group")
    per_row = expected(ROWS)
    want = {g: sum(n or 0 for n, gg in zip(per_row, GROUPS) if gg == g) for g in ("g1", "g2")}
    assert dict(zip(out["group"], out["text"])) == want


def test_group_by_list(df: pl.DataFrame) -> None:
    out = df.group_by("group", maintain_order=True).agg(pl.col("text").wc.count("a"))
    per_row = expected(ROWS)
    for g, counts in zip(out["group"], out["text"]):
        assert counts.to_list() == [n for n, gg in zip(per_row, GROUPS) if gg == g]


def test_over(df: pl.DataFrame) -> None:
    out = df.select(pl.col("text").wc.count("a").sum().over("group"))
    per_row = expected(ROWS)
    totals = {g: sum(n or 0 for n, gg in zip(per_row, GROUPS) if gg == g) for g in ("g1", "g2")}
    assert out["text"].to_list() == [totals[g] for g in GROUPS]


def test_sliced_series() -> None:
    s = pl.Series("text", ROWS * 3)
    for offset, length in [(1, 5), (3, 10), (7, 1), (0, 0)]:
        sliced = s.slice(offset, length)
        out = sliced.to_frame().select(pl.col("text").wc.count("a"))["text"].to_list()
        assert out == expected(sliced.to_list())


def test_multi_chunk_series() -> None:
    parts = [
        pl.Series("text", ROWS[:3]),
        pl.Series("text", ROWS[3:]),
        pl.Series("text", ["a " * 100]),
    ]
    s = pl.concat(parts, rechunk=False)
    assert s.n_chunks() == 3
    out = s.to_frame().select(pl.col("text").wc.count("a"))["text"]
    assert out.to_list() == expected(s.to_list())


def test_all_null_and_empty_columns() -> None:
    all_null = pl.DataFrame({"text": [None, None]}, schema={"text": pl.String})
    assert all_null.select(pl.col("text").wc.count("a"))["text"].to_list() == [None, None]
    empty = pl.DataFrame({"text": []}, schema={"text": pl.String})
    out = empty.select(pl.col("text").wc.count("a"))
    assert out.schema == {"text": pl.UInt32} and out.height == 0


@pytest.mark.parametrize("length", [1, 11, 12, 13, 14, 100, 10_000])
def test_inline_and_buffer_strings(length: int) -> None:
    # Views keep strings of up to 12 bytes inline and longer ones in data buffers.
    text = ("a " * length)[:length]
    rows = [text, text + " a", "é" * (length // 2) + " a"]
    out = pl.DataFrame({"text": rows}).select(pl.col("text").wc.count("a"))["text"].to_list()
    assert out == expected(rows)


def test_large_column_uses_threads_consistently() -> None:
    # Large enough (several MB) for the adapter to split the work across threads.
    rows = [f"row {i} a {'a ' * (i % 13)} ba" for i in range(200_000)]
    out = pl.DataFrame({"text": rows}).select(pl.col("text").wc.count("a"))["text"].to_list()
    assert out == expected(rows)


def test_needle_from_literal_expression(df: pl.DataFrame) -> None:
    out = df.select(pl.col("text").wc.count(pl.lit("b")))
    assert out["text"].to_list() == expected(ROWS, "b")
