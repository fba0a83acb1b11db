"""What the first query of a fresh process leaves resident: Polars' own, then our plugin's.

    python benchmarks/first_call_memory.py            # our first call in a fresh process
    python benchmarks/first_call_memory.py --native   # one native query first, then ours

Polars starts its query engine on the first query of a process, whatever the query is; our
plugin's first call also loads its own code pages and thread pool. Run with ``--native`` the
two are told apart: the first figure is Polars' start-up, the second is ours alone. The memory
section of ``benchmarks/run.py`` bills the method only for the second (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import gc

import polars as pl
from measure import proc_status_kb

import wordcount_polars  # noqa: F401  (registers .wc; importing loads the plugin library)


def rss_kb() -> int:
    rss = proc_status_kb("VmRSS")
    if rss is None:
        raise RuntimeError("no VmRSS in /proc/self/status (this needs Linux)")
    return rss


def grew(before: int) -> int:
    gc.collect()
    return rss_kb() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--native", action="store_true", help="run a native query first")
    args = parser.parse_args()
    df = pl.DataFrame({"text": ["a b c"]})
    gc.collect()
    before = rss_kb()
    if args.native:
        df.select(pl.col("text").str.len_bytes().sum()).item()
        print(f"native first query: {grew(before):,} kB")
        before = rss_kb()
    df.select(pl.col("text").wc.count("a").sum()).item()
    print(f"wc.count first call: {grew(before):,} kB")


if __name__ == "__main__":
    main()
