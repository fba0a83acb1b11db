"""A user's module written against wordcount_polars' typed API.

tests/test_typing.py checks this file with ``mypy --strict`` and runs ``main()``. It never
writes ``pl.col("text").wc`` or ``series.wc``: both namespaces are registered at runtime, so
type checkers cannot see them. The typed spellings are ``wordcount_polars.col("text").wc``, the
function API (``wordcount_polars.count(expr, needle)``) and, for pandas,
``WordCountAccessor(series)``. ``assert_type`` makes mypy fail if one of them lost its type.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
import polars as pl
from typing_extensions import assert_type

import wordcount_polars as wc
from wordcount_polars.namespace import WordCountNamespace
from wordcount_polars.pandas_accessor import WordCountAccessor
from wordcount_polars.sample import sample_rows

KEYWORDS = ["error", "warn", "the"]


def keyword_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """One UInt32 column per keyword beside the text."""
    hits = wc.col("text").wc.count_many(KEYWORDS).alias("hits")
    assert_type(hits, pl.Expr)
    return frame.with_columns(hits).unnest("hits")


def corpus_summary(frame: pl.LazyFrame, needle: str) -> dict[str, int]:
    """Totals over the corpus, built with each typed spelling."""
    text = wc.col("text")
    assert_type(text, wc.WcExpr)
    assert_type(text.wc, WordCountNamespace)
    stripped = pl.col("text").str.strip_chars()
    totals = frame.select(
        rows=pl.len(),
        words=text.wc.words().sum(),
        exact=text.wc.count(needle).sum(),
        any_case=text.wc.count(needle, ignore_case=True).sum(),
        unicode_words=wc.col.text.wc.count(needle, mode="words").sum(),
        # Any other expression goes through the function API or the namespace class.
        via_function=wc.count(stripped, needle).sum(),
        via_namespace=WordCountNamespace(stripped).count(needle).sum(),
        per_row_needle=text.wc.count(pl.col("needle")).sum(),
    ).collect()
    return {name: int(totals[name].item()) for name in totals.columns}


def most_common(frame: pl.DataFrame, k: int) -> list[tuple[str, int]]:
    """The ``k`` most frequent tokens of the column, as (word, count) pairs."""
    entries = frame.select(wc.col("text").wc.top_words(k)).item()
    return [(entry["word"], entry["count"]) for entry in entries.to_list()]


def pandas_report(series: pd.Series[str], needle: str) -> tuple[pd.Series, pd.DataFrame]:
    """Per-row counts of ``needle`` and of the keywords, through the typed accessor."""
    accessor = WordCountAccessor(series)  # the same object as `series.wc`, with a type
    counts = accessor.count(needle)
    assert_type(counts, pd.Series)
    keyword_frame = accessor.count_many(KEYWORDS)
    assert_type(keyword_frame, pd.DataFrame)
    return counts, keyword_frame


def main() -> None:
    """Runs every function above on the built-in sample corpus and checks the results against
    plain Python (``text.split()``)."""
    rows = sample_rows(n_rows=200)
    needles = [row.split()[0] for row in rows]
    frame = pl.DataFrame({"text": rows, "needle": needles})

    keywords = keyword_columns(frame)
    for keyword in KEYWORDS:
        assert keywords[keyword].to_list() == [row.split().count(keyword) for row in rows]

    summary = corpus_summary(frame.lazy(), "the")
    exact = sum(row.split().count("the") for row in rows)
    assert summary["rows"] == len(rows)
    assert summary["words"] == sum(len(row.split()) for row in rows)
    assert summary["exact"] == exact
    assert summary["any_case"] == sum(
        [token.lower() for token in row.split()].count("the") for row in rows
    )
    assert summary["any_case"] > exact, "the sample corpus contains 'The'"
    assert summary["via_function"] == summary["via_namespace"] == exact
    assert summary["per_row_needle"] == sum(
        row.split().count(needle) for row, needle in zip(rows, needles)
    )

    # Most frequent first, ties broken by the word.
    token_counts = Counter(token for row in rows for token in row.split())
    by_rank = sorted(token_counts.items(), key=lambda pair: (-pair[1], pair[0]))
    assert most_common(frame, 3) == by_rank[:3]

    series = pd.Series(rows, name="text", dtype="string")
    counts, keyword_frame = pandas_report(series, "the")
    assert counts.tolist() == [row.split().count("the") for row in rows]
    assert keyword_frame.columns.tolist() == KEYWORDS
    # `series.wc` is the same accessor, untyped: pandas-stubs give unknown attributes the type
    # of the Series' values, so mypy would take `series.wc.count("the")` for `str.count`.
    untyped_accessor: Any = series.wc
    assert counts.equals(untyped_accessor.count("the"))


if __name__ == "__main__":
    main()
