"""pandas ``s.wc.count_many(needles)`` against the Polars path on the same rows, per pandas
string dtype, calls alternating so that both see the same load on this shared machine.

    python benchmarks/pandas_many.py [--corpora short long] [--needles 3 100] [--repeats 15]
    python benchmarks/pandas_many.py --parts [--corpora short] [--needles 100]

Rows: the first ``EXTRAS_MB`` MB of each corpus (on the short corpus, the 430,080 rows of
run.py's *Many needles* section); needles: the most common tokens. Each pandas call is timed as
a user runs it, result summed (``frame.sum()``), and so is the Polars call
(``df.select(pl.col("text").wc.count_many(needles)).unnest("text").sum()``). Prints the
medians and their ratio pandas/Polars per cell.

``--parts`` times each path's two steps apart, again alternating: the call that builds the
counts (``df.select(...)``, ``s.wc.count_many(needles)``) and the sum over that result (Polars'
``unnest("text").sum()`` over ``UInt32``, pandas' ``frame.sum()`` over its dtype), with
the budget that 1.25x the Polars path leaves the pandas call once pandas' own sum is paid.

Run it from the repository root with the package importable (``PYTHONPATH=$PWD`` for a source
tree with its built extension).
"""

from __future__ import annotations

import argparse
import os
import statistics
from typing import Callable

import pandas as pd
import polars as pl
import pyarrow as pa
from corpora import EXTRAS_MB, generate, most_common_tokens
from measure import time_round_robin

import wordcount_polars  # noqa: F401  (registers .wc)

DTYPES = {
    "large_string[pyarrow]": lambda rows: pd.Series(pd.arrays.ArrowExtensionArray(rows)),
    "string[pyarrow]": lambda rows: pd.Series(rows.to_pandas(), dtype="string[pyarrow]"),
    "str (pandas 3 default)": lambda rows: pd.Series(rows.to_pandas(), dtype="str"),
    "object": lambda rows: pd.Series(rows.to_pylist(), dtype=object),
}


def _polars_call(df: pl.DataFrame, needles: list[str]) -> Callable[[], tuple[int, ...]]:
    expr = pl.col("text").wc.count_many(needles)
    return lambda: df.select(expr).unnest("text").sum().row(0)


def _pandas_call(series: pd.Series, needles: list[str]) -> Callable[[], tuple[int, ...]]:
    return lambda: tuple(series.wc.count_many(needles).sum())


def _columns(corpus: str, dtypes: list[str]) -> tuple[pl.DataFrame, dict[str, pd.Series]]:
    """The corpus' rows as one Polars column and as a pandas Series of each dtype asked for."""
    rows: pa.ChunkedArray = generate(corpus, int(EXTRAS_MB * 1e6))
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    return df, {name: make(rows) for name, make in DTYPES.items() if name in dtypes}


def _parts(
    df: pl.DataFrame, series: dict[str, pd.Series], needles: list[str], repeats: int
) -> None:
    """Each path's call and its sum, timed apart: where the pandas path's time goes."""
    expr = pl.col("text").wc.count_many(needles)
    polars_counts = df.select(expr)

    def polars_sum() -> pl.DataFrame:
        return polars_counts.unnest("text").sum()

    expected = tuple(map(int, polars_sum().row(0)))
    calls: dict[str, Callable[[], object]] = {
        "polars call": lambda: df.select(expr),
        "polars sum": polars_sum,
    }
    for name, s in series.items():
        counts = s.wc.count_many(needles)
        assert tuple(map(int, counts.sum())) == expected, name
        calls[f"{name} call"] = lambda s=s: s.wc.count_many(needles)
        calls[f"{name} sum"] = lambda counts=counts: counts.sum()
    timings = time_round_robin(calls, repeats)
    ms = {name: statistics.median(t.seconds) * 1e3 for name, t in timings.items()}
    polars_total = ms["polars call"] + ms["polars sum"]
    print(
        f"polars: call {ms['polars call']:.1f} ms + sum {ms['polars sum']:.1f} ms "
        f"= {polars_total:.1f} ms; 1.25x of it: {1.25 * polars_total:.1f} ms"
    )
    for name in series:
        call, total_sum = ms[f"{name} call"], ms[f"{name} sum"]
        print(
            f"{name}: call {call:.1f} ms + sum {total_sum:.1f} ms = {call + total_sum:.1f} ms "
            f"({(call + total_sum) / polars_total:.2f}x); the call's budget after its sum: "
            f"{1.25 * polars_total - total_sum:.1f} ms, its time over the Polars call: "
            f"{call / ms['polars call']:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", nargs="+", default=["short", "long"])
    parser.add_argument("--needles", nargs="+", type=int, default=[3, 100])
    parser.add_argument("--dtypes", nargs="+", default=list(DTYPES), choices=list(DTYPES))
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--parts", action="store_true", help="time each call and its sum apart")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    if args.parts:
        for corpus in args.corpora:
            df, series = _columns(corpus, args.dtypes)
            for k in args.needles:
                print(f"\n{corpus}, {k} needles, {len(df):,} rows")
                _parts(df, series, most_common_tokens(df["text"].to_list(), k), args.repeats)
        print(f"load average after: {os.getloadavg()}")
        return
    print("| corpus | needles | pandas dtype | Polars ms | pandas ms | pandas/Polars |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for corpus in args.corpora:
        df, series = _columns(corpus, args.dtypes)
        for k in args.needles:
            needles = most_common_tokens(df["text"].to_list(), k)
            calls = {"polars": _polars_call(df, needles)}
            for name, s in series.items():
                calls[name] = _pandas_call(s, needles)
            timings = time_round_robin(calls, args.repeats)
            expected = timings["polars"].result
            polars_s = statistics.median(timings["polars"].seconds)
            for name in series:
                t = timings[name]
                assert tuple(map(int, t.result)) == tuple(map(int, expected)), name
                median = statistics.median(t.seconds)
                print(
                    f"| {corpus} | {len(needles)} | {name} | {polars_s * 1e3:.1f} | "
                    f"{median * 1e3:.1f} | {median / polars_s:.2f}x |"
                )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
