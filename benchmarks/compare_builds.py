"""Two builds of the plugin timed in one process, call for call, on the benchmark corpora.

    python benchmarks/compare_builds.py OLD_PACKAGE_DIR [NEW_PACKAGE_DIR]

Each directory is an installed ``wordcount_polars`` package (the folder holding
``_internal*.so``); the new one defaults to the package this Python imports. Polars loads both
libraries side by side, and the calls alternate old, new, old, new, ..., so both builds see the
same load on this shared machine: the only fair way to say what a change gained. Timing two
builds in separate runs minutes apart measured the machine as much as the change.

To get an old build, install a wheel of the old commit into a virtual environment with its own
``CARGO_TARGET_DIR`` (a shared one may hand back the newer library unchanged):

    git worktree add /tmp/old OLD_COMMIT && cd /tmp/old
    CARGO_TARGET_DIR=/tmp/old-target pip wheel --no-deps -w /tmp/old-dist .
    python -m venv --system-site-packages /tmp/old-venv
    /tmp/old-venv/bin/pip install --no-deps /tmp/old-dist/*.whl

Run it with ``POLARS_MAX_THREADS=1`` as well as without, since a change may move the two apart.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Callable

import polars as pl
from corpora import EXTRAS_MB, generate, most_common_tokens
from polars.plugins import register_plugin_function

import wordcount_polars

OPTIONS = {"ignore_case": False, "mode": "whitespace"}


def count(path: Path, needle: str) -> pl.Expr:
    return register_plugin_function(
        plugin_path=path,
        function_name="wc_count",
        args=[pl.col("text"), pl.lit(needle)],
        kwargs=OPTIONS,
        is_elementwise=True,
    ).sum()


def count_many(path: Path, needles: list[str]) -> pl.Expr:
    return register_plugin_function(
        plugin_path=path,
        function_name="wc_count_many",
        args=[pl.col("text")],
        kwargs={"needles": needles, **OPTIONS},
        is_elementwise=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=Path(wordcount_polars.__file__).parent)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    def frame(corpus: str, mb: float) -> pl.DataFrame:
        return pl.DataFrame({"text": pl.from_arrow(generate(corpus, int(mb * 1e6)))}).rechunk()

    short, long, many_rows = frame("short", 64), frame("long", 64), frame("short", EXTRAS_MB)
    needles = most_common_tokens(many_rows["text"].to_list(), 100)
    cases: dict[str, tuple[pl.DataFrame, Callable[[Path], pl.Expr]]] = {
        "short, count('INFO')": (short, lambda p: count(p, "INFO")),
        "short, count('wombat')": (short, lambda p: count(p, "wombat")),
        "long, count('the')": (long, lambda p: count(p, "the")),
        f"short {many_rows.height:,} rows, count_many(100)": (
            many_rows,
            lambda p: count_many(p, needles),
        ),
    }
    print(f"old: {args.old}\nnew: {args.new}\nmedians of {args.repeats} alternating calls")
    for name, (frame, build) in cases.items():
        exprs = {"old": build(args.old), "new": build(args.new)}
        assert frame.select(exprs["old"]).equals(frame.select(exprs["new"])), name
        seconds: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(args.repeats):
            for which, expr in exprs.items():
                start = time.perf_counter()
                frame.select(expr)
                seconds[which].append(time.perf_counter() - start)
        old, new = (statistics.median(seconds[k]) * 1e3 for k in ("old", "new"))
        print(f"{name:40} old {old:7.1f} ms  new {new:7.1f} ms  old/new {old / new:.2f}x")


if __name__ == "__main__":
    main()
