"""Runs one of our Polars calls on a benchmark corpus many times, for ``perf record``.

The kernel harness (``kernel_scan``) profiles the kernel alone; this profiles what a Polars user
runs, adapters and all, so that ``perf report`` shows where a call's time goes:

    POLARS_MAX_THREADS=1 perf record -o /tmp/perf.data \\
        python benchmarks/profile_polars.py count short INFO
    POLARS_MAX_THREADS=1 perf record -o /tmp/perf.data \\
        python benchmarks/profile_polars.py count_many short 100
    perf report -i /tmp/perf.data --no-children

``count`` takes a needle; ``count_many`` a number of needles (the corpus's most common tokens,
as in the benchmark's *Many needles* section, which uses the same 430,080 short rows). Each
call's median time is printed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

import polars as pl
from corpora import generate

import wordcount_polars  # noqa: F401  (registers .wc)

MANY_ROWS = 430_080  # the rows of the benchmark's Many needles section (its native subsample)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("function", choices=("count", "count_many"))
    parser.add_argument("corpus", choices=("short", "long", "unicode"))
    parser.add_argument("needle", help="the needle, or for count_many the number of needles")
    parser.add_argument("--mb", type=float, default=64.0, help="MB of text (default 64)")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()

    rows = generate(args.corpus, int(args.mb * 1e6))
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    text = pl.col("text")
    if args.function == "count":
        expr = text.wc.count(args.needle).sum()
    else:
        df = df.head(MANY_ROWS)
        counts: Counter[str] = Counter()
        for row in df["text"].to_list():
            counts.update(row.split())
        needles = [w for w, _ in counts.most_common(int(args.needle))]
        expr = text.wc.count_many(needles)
    df.select(expr)  # warm-up: loads the plugin
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        df.select(expr)
        seconds.append(time.perf_counter() - start)
    print(
        f"{args.function} on {df.height:,} {args.corpus} rows: "
        f"median {statistics.median(seconds) * 1e3:.1f} ms over {args.repeats} calls"
    )


if __name__ == "__main__":
    main()
