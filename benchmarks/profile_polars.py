"""Runs one of our Polars calls on a benchmark corpus many times, for ``perf record``.

The kernel harness (``kernel_scan``) profiles the kernel alone; this profiles what a Polars user
runs, adapters and all, so that ``perf report`` shows where a call's time goes:

    POLARS_MAX_THREADS=1 perf record -o /tmp/perf.data \\
        python benchmarks/profile_polars.py count short INFO
    POLARS_MAX_THREADS=1 perf record -o /tmp/perf.data \\
        python benchmarks/profile_polars.py count_many short 100
    perf report -i /tmp/perf.data --no-children

    POLARS_MAX_THREADS=1 perf record -g -o /tmp/perf.data \\
        python benchmarks/profile_polars.py top_words_groups short 100000

``count`` takes a needle; ``count_many`` a number of needles: the most common tokens of the
corpus's first ``EXTRAS_MB`` MB, as in the benchmark's *Many needles* section (on the short
corpus, the same 430,080 rows). ``top_words_groups`` takes a number of groups of 10 rows, each
ranked by ``group_by("g").agg(pl.col("text").wc.top_words(3))``. ``split`` and ``frequencies``
take no needle and run on the first ``EXTRAS_MB`` MB, as in the *split* and *frequencies*
sections:

    POLARS_MAX_THREADS=1 perf record -g -o /tmp/perf.data \\
        python benchmarks/profile_polars.py split short

Each call's median time is printed at the end.
"""

from __future__ import annotations

import argparse
import statistics
import time

import polars as pl
from corpora import EXTRAS_MB, NAMES, load, most_common_tokens

import wordcount_polars  # noqa: F401  (registers .wc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "function",
        choices=("count", "count_many", "top_words_groups", "split", "frequencies"),
    )
    parser.add_argument("corpus", choices=NAMES)
    parser.add_argument(
        "needle",
        nargs="?",
        default="",
        help="the needle, for count_many the number of needles, for top_words_groups the groups",
    )
    parser.add_argument("--mb", type=float, default=64.0, help="MB of text for count (default 64)")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()

    mb = {"count": args.mb, "top_words_groups": 60.0}.get(args.function, EXTRAS_MB)
    df = pl.DataFrame({"text": pl.from_arrow(load(args.corpus, int(mb * 1e6)))}).rechunk()
    text = pl.col("text")
    if args.function == "top_words_groups":
        groups = int(args.needle)
        df = df.head(groups * 10).with_columns(g=pl.int_range(0, pl.len()) // 10)
        query = lambda: df.group_by("g").agg(text.wc.top_words(3))  # noqa: E731
    elif args.function in ("split", "frequencies"):
        expr = getattr(text.wc, args.function)()
        query = lambda: df.select(expr)  # noqa: E731
    elif args.function == "count":
        expr = text.wc.count(args.needle).sum()
        query = lambda: df.select(expr)  # noqa: E731
    else:
        needles = most_common_tokens(df["text"].to_list(), int(args.needle))
        expr = text.wc.count_many(needles)
        query = lambda: df.select(expr)  # noqa: E731
    query()  # warm-up: loads the plugin
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        query()
        seconds.append(time.perf_counter() - start)
    print(
        f"{args.function} on {df.height:,} {args.corpus} rows: "
        f"median {statistics.median(seconds) * 1e3:.1f} ms over {args.repeats} calls"
    )


if __name__ == "__main__":
    main()
