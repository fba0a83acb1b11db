"""Eight Python threads calling the Polars, pandas and Arrow paths at once get the same results
as one thread does, and as the plain-Python reference.

Each thread works on shared data (the same DataFrame, Series and Arrow array, read by all) and
on data of its own. Some columns are over the size at which the kernel splits its work over
Polars' thread pool, so those calls also run the pool from several Python threads at once.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from reference import split_count
from reference import top_words as reference_top_words

import wordcount_polars  # noqa: F401  (registers .wc)
from wordcount_polars import arrow
from wordcount_polars.sample import sample_rows

THREADS = 8
ROUNDS = 2
NEEDLES = ["the", "data", "café", "東京"]
TOP_K = 10


class Corpus:
    """One column of text in each library's form, plus what the reference says about it."""

    def __init__(self, rows: list[str | None]) -> None:
        self.rows = rows
        self.frame = pl.DataFrame({"text": rows})
        self.series = pd.Series(rows, dtype="str")
        self.object_series = pd.Series(rows, dtype=object)
        self.arrow = pa.array(rows, type=pa.large_string())
        self.needle_rows = [NEEDLES[i % len(NEEDLES)] for i in range(len(rows))]
        self.expected = reference_results(self)


def with_nulls(rows: list[str]) -> list[str | None]:
    return [None if i % 11 == 0 else row for i, row in enumerate(rows)]


def reference_results(corpus: Corpus) -> dict[str, Any]:
    rows = corpus.rows
    counts = {n: [split_count(r, n) for r in rows] for n in NEEDLES}
    return {
        "polars.count": counts[NEEDLES[0]],
        "polars.count_many": {n: counts[n] for n in NEEDLES},
        "polars.count_per_row": [split_count(r, n) for r, n in zip(rows, corpus.needle_rows)],
        "polars.words": [None if r is None else len(r.split()) for r in rows],
        "polars.top_words": reference_top_words(rows, TOP_K),
        "pandas.count": counts[NEEDLES[1]],
        "pandas.count_object": counts[NEEDLES[2]],
        "pandas.count_many": {n: counts[n] for n in NEEDLES},
        "pandas.top_words": reference_top_words(rows, TOP_K),
        "arrow.count": counts[NEEDLES[3]],
    }


def missing_as_none(values: Any) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values]


# Every call a thread makes. Each returns the package's own result object, so the threads
# spend their time in the package rather than in converting results.
CALLS: dict[str, Callable[[Corpus], Any]] = {
    "polars.count": lambda c: c.frame.select(pl.col("text").wc.count(NEEDLES[0]))["text"],
    "polars.count_many": lambda c: c.frame.select(pl.col("text").wc.count_many(NEEDLES)),
    "polars.count_per_row": lambda c: c.frame.with_columns(needle=pl.Series(c.needle_rows)).select(
        pl.col("text").wc.count(pl.col("needle"))
    )["text"],
    "polars.words": lambda c: c.frame.select(pl.col("text").wc.words())["text"],
    "polars.top_words": lambda c: c.frame.select(pl.col("text").wc.top_words(TOP_K)),
    "pandas.count": lambda c: c.series.wc.count(NEEDLES[1]),
    "pandas.count_object": lambda c: c.object_series.wc.count(NEEDLES[2]),
    "pandas.count_many": lambda c: c.series.wc.count_many(NEEDLES),
    "pandas.top_words": lambda c: c.series.wc.top_words(TOP_K),
    "arrow.count": lambda c: arrow.count(c.arrow, NEEDLES[3]),
}


def as_plain(name: str, result: Any) -> Any:
    """A result as plain Python values, in the shape of ``reference_results``."""
    if name == "polars.count_many":
        return result.unnest("text").to_dict(as_series=False)
    if name == "polars.top_words":
        return [(t["word"], t["count"]) for t in result.item().to_list()]
    if name == "pandas.count_many":
        return {n: missing_as_none(column) for n, column in result.items()}
    if name == "pandas.top_words":
        return [(w, int(n)) for w, n in result.itertuples(index=False)]
    if name.startswith("pandas."):
        return missing_as_none(result)
    return result.to_list() if isinstance(result, pl.Series) else result.to_pylist()


def identical(left: Any, right: Any) -> bool:
    """Same values, nulls, dtype and (for pandas) index and names."""
    if isinstance(left, (pd.Series, pd.DataFrame)):
        same_dtypes = (
            left.dtype == right.dtype
            if isinstance(left, pd.Series)
            else left.dtypes.equals(right.dtypes)
        )
        return same_dtypes and left.equals(right)
    return left.equals(right)


def run_all(corpus: Corpus) -> dict[str, Any]:
    return {name: call(corpus) for name, call in CALLS.items()}


@pytest.fixture(scope="module")
def shared() -> Corpus:
    # ~2.4 MB of text: over the 2 MiB at which the kernel splits a column over its thread pool.
    return Corpus(with_nulls(sample_rows(n_rows=55_000, words_per_row=10, seed=0)))


@pytest.fixture(scope="module")
def own() -> list[Corpus]:
    return [
        Corpus(with_nulls(sample_rows(n_rows=3_000, words_per_row=5, seed=100 + i)))
        for i in range(THREADS)
    ]


@pytest.fixture(scope="module")
def single_threaded(shared: Corpus, own: list[Corpus]) -> list[dict[str, Any]]:
    return [run_all(c) for c in [shared, *own]]


def test_single_thread_matches_reference(
    shared: Corpus, own: list[Corpus], single_threaded: list[dict[str, Any]]
) -> None:
    assert sum(len(r.encode()) for r in shared.rows if r) > 2 * 1024 * 1024
    for corpus, results in zip([shared, *own], single_threaded):
        assert {name: as_plain(name, r) for name, r in results.items()} == corpus.expected


def test_eight_threads_match_single_thread_and_reference(
    shared: Corpus, own: list[Corpus], single_threaded: list[dict[str, Any]]
) -> None:
    # The single-threaded results equal the reference (the test above), so equal to them
    # means equal to the reference too.
    corpora = [shared, *own]

    def worker(index: int) -> list[tuple[int, dict[str, Any]]]:
        mine = 1 + index  # the position of this thread's own corpus in `corpora`
        results = []
        for round_number in range(ROUNDS):
            # Alternate the order so that threads are in different calls at the same moment.
            order = [0, mine] if (index + round_number) % 2 else [mine, 0]
            results.extend((position, run_all(corpora[position])) for position in order)
        return results

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        per_thread = list(pool.map(worker, range(THREADS)))

    assert len(per_thread) == THREADS
    for results in per_thread:
        assert len(results) == 2 * ROUNDS
        for position, result in results:
            for name, value in result.items():
                assert identical(value, single_threaded[position][name]), name
    # And the last round of each thread, converted, is the reference itself.
    for results in per_thread:
        position, result = results[-1]
        plain = {name: as_plain(name, r) for name, r in result.items()}
        assert plain == corpora[position].expected
