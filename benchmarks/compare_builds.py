"""Two builds of the plugin timed in one process, call for call, on the benchmark corpora.

    python benchmarks/compare_builds.py OLD_PACKAGE_DIR [NEW_PACKAGE_DIR]

Each directory is an installed ``wordcount_polars`` package (the folder holding
``_internal*.so``); the new one defaults to the package this Python imports. The calls alternate
old, new, old, new, ..., so both builds see the same load on this shared machine: the only fair
way to say what a change gained. Timing two builds in separate runs minutes apart measured the
machine as much as the change.

Two paths are compared, on every corpus ``run.py`` times (``corpora.NAMES``: generated, and
the real lines of ``real_lines.py``) and every needle it uses
(common, rare, absent, non-ASCII):

- ``polars``: ``pl.col("text").wc.count(needle).sum()`` on a one-chunk Polars column, as
  ``run.py`` times it; Polars loads both plugin libraries side by side. Plus ``count_many`` of
  100 needles on short rows.
- ``arrow``: the route the pandas accessor, ``wordcount_polars.arrow`` and Dask take into the
  kernel (an Arrow C stream, whose UTF-8 the kernel checks). Both builds' ``_internal`` extension
  modules are loaded in this process under different package names, and the installed
  package's Python code (``wordcount_polars.arrow``, the pandas accessor) runs with one or the
  other swapped in as ``wordcount_polars.arrow._internal``: the Python glue is the same for both,
  so the ratio is the Rust side's alone. Inputs: ``arrow.count`` on a large_string
  ChunkedArray, on one utf8 (``pa.string()``) array and on a string_view ChunkedArray, then
  ``s.wc.count(needle).sum()`` on ``pd.ArrowDtype(pa.large_string())`` and ``string[pyarrow]``
  Series.

With ``--paths lists``, ``wc.split()`` and ``wc.frequencies()`` on a one-chunk Polars column of
``EXTRAS_MB`` MB of the short and the long corpus, as ``benchmarks/lists.py`` times them (the
two builds' outputs must be equal).

Per cell: the medians of the old and new calls, their ratio old/new (above 1: the new build is
faster), the median of the per-pair ratios (each old call over the new call right after it,
which follows the load more closely), and the cost new/old - 1 (what the issue's 5% limit
reads). ``--markdown`` prints the tables in Markdown.

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
import importlib.machinery
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from corpora import EXTRAS_MB, NAMES, generate, load, most_common_tokens, needles, token_counts
from measure import timed
from polars.plugins import register_plugin_function

import wordcount_polars
from wordcount_polars import arrow as wc_arrow

OPTIONS = {"ignore_case": False, "mode": "whitespace"}
MB = 1_000_000
COST_LIMIT = 0.05  # the issue: the new intake costs at most 5% on every corpus


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


def list_function(path: Path, function: str) -> pl.Expr:
    """``wc_split`` or ``wc_frequencies`` of the build in ``path``."""
    kwargs = {"mode": "whitespace"} if function == "wc_split" else OPTIONS
    return register_plugin_function(
        plugin_path=path,
        function_name=function,
        args=[pl.col("text")],
        kwargs=kwargs,
        is_elementwise=True,
    )


def polars_lists(corpus: str, old: Path, new: Path, repeats: int) -> list[Row]:
    frame = pl.DataFrame({"text": pl.from_arrow(generate(corpus, int(EXTRAS_MB * MB)))}).rechunk()
    out = []
    for function in ("wc_split", "wc_frequencies"):
        exprs = {"old": list_function(old, function), "new": list_function(new, function)}
        assert frame.select(exprs["old"]).equals(frame.select(exprs["new"])), (corpus, function)
        s = alternate({k: (lambda e=e: frame.select(e)) for k, e in exprs.items()}, repeats)
        name = f"polars {function.replace('_', '.', 1)}()"
        out.append(Row(name, f"{corpus} {frame.height:,} rows", "", s["old"], s["new"]))
        report(out[-1])
    return out


def load_internal(package: Path, name: str) -> ModuleType:
    """The ``_internal`` extension module of the package in ``package``, loaded as
    ``name._internal`` (CPython finds ``PyInit__internal`` by the last component of the name),
    so two builds' modules can live in one process. The imported package's own module is
    returned as is."""
    if package.resolve() == Path(wordcount_polars.__file__).parent.resolve():
        return wordcount_polars._internal
    library = next(package.glob("_internal*.so"))
    fullname = f"{name}._internal"
    loader = importlib.machinery.ExtensionFileLoader(fullname, str(library))
    spec = importlib.util.spec_from_file_location(fullname, library, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return without_phrase_keyword(module)


def without_phrase_keyword(module: ModuleType) -> ModuleType:
    """``module`` as the current ``arrow.py`` calls it. A build from before ``phrase=`` existed
    (19c17d9, the build before the one intake) takes no such keyword, so its ``count_arrow``
    is wrapped to drop ``phrase=False``, the only value these timings pass."""
    try:
        module.count_arrow(pa.chunked_array([["a"]]), "a", phrase=False)
        return module
    except TypeError:
        pass
    wrapped = ModuleType(module.__name__)
    wrapped.__dict__.update(module.__dict__)

    def count_arrow(data: Any, needle: Any, *, phrase: bool = False, **options: Any) -> Any:
        if phrase:
            raise ValueError(f"{module.__name__} predates phrase=True")
        return module.count_arrow(data, needle, **options)

    wrapped.count_arrow = count_arrow  # type: ignore[attr-defined]
    return wrapped


class Row:
    def __init__(self, path: str, corpus: str, case: str, old: list[float], new: list[float]):
        self.path, self.corpus, self.case = path, corpus, case
        self.old = statistics.median(old)
        self.new = statistics.median(new)
        self.paired = statistics.median(o / n for o, n in zip(old, new))

    @property
    def ratio(self) -> float:
        return self.old / self.new

    @property
    def cost(self) -> float:
        return self.new / self.old - 1


def alternate(calls: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[float]]:
    """One untimed warm-up each, then ``repeats`` rounds of old, new (GC paused per call)."""
    for call in calls.values():
        call()
    seconds: dict[str, list[float]] = {k: [] for k in calls}
    for _ in range(repeats):
        for which, call in calls.items():
            seconds[which].append(timed(call)[0])
    return seconds


def polars_rows(
    corpus: str,
    rows: pa.ChunkedArray,
    picked: dict[str, str],
    old: Path,
    new: Path,
    repeats: int,
) -> list[Row]:
    frame = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    out = []
    for kind, needle in picked.items():
        exprs = {"old": count(old, needle), "new": count(new, needle)}
        results = {k: frame.select(e).item() for k, e in exprs.items()}
        assert results["old"] == results["new"], (corpus, needle, results)
        calls = {k: (lambda e=e: frame.select(e)) for k, e in exprs.items()}
        s = alternate(calls, repeats)
        out.append(Row("polars wc.count", corpus, f"{kind} {needle!r}", s["old"], s["new"]))
        report(out[-1])
    return out


def polars_many(old: Path, new: Path, repeats: int, mb: float) -> Row:
    frame = pl.DataFrame({"text": pl.from_arrow(generate("short", int(mb * MB)))}).rechunk()
    needles = most_common_tokens(frame["text"].to_list(), 100)
    exprs = {"old": count_many(old, needles), "new": count_many(new, needles)}
    assert frame.select(exprs["old"]).equals(frame.select(exprs["new"]))
    s = alternate({k: (lambda e=e: frame.select(e)) for k, e in exprs.items()}, repeats)
    row = Row("polars wc.count_many(100)", f"short {frame.height:,} rows", "", s["old"], s["new"])
    report(row)
    return row


def arrow_inputs(rows: pa.ChunkedArray) -> dict[str, tuple[Any, Callable[[Any, str], int]]]:
    """What each Arrow-path case passes, and how it totals the counts."""

    def arrow_total(data: Any, needle: str) -> int:
        return pc.sum(wc_arrow.count(data, needle)).as_py() or 0

    def pandas_total(series: pd.Series, needle: str) -> int:
        return int(series.wc.count(needle).sum())

    return {
        "arrow.count large_string stream": (rows, arrow_total),
        "arrow.count utf8 array": (rows.combine_chunks().cast(pa.string()), arrow_total),
        "arrow.count string_view stream": (rows.cast(pa.string_view()), arrow_total),
        "pandas ArrowDtype(large_string)": (
            pd.Series(pd.arrays.ArrowExtensionArray(rows), name="text"),
            pandas_total,
        ),
        "pandas string[pyarrow]": (
            pd.Series(pd.StringDtype("pyarrow").__from_arrow__(rows), name="text"),
            pandas_total,
        ),
    }


def arrow_rows(
    corpus: str,
    rows: pa.ChunkedArray,
    picked: dict[str, str],
    modules: dict[str, ModuleType],
    repeats: int,
) -> list[Row]:
    out = []
    for path, (data, total) in arrow_inputs(rows).items():
        for kind, needle in picked.items():
            results = {}
            calls = {}
            for which, module in modules.items():

                def call(
                    module: ModuleType = module,
                    data: Any = data,
                    total: Callable[[Any, str], int] = total,
                    needle: str = needle,
                ) -> int:
                    wc_arrow._internal = module  # type: ignore[attr-defined]
                    return total(data, needle)

                results[which] = call()
                calls[which] = call
            assert results["old"] == results["new"], (path, corpus, needle, results)
            s = alternate(calls, repeats)
            out.append(Row(path, corpus, f"{kind} {needle!r}", s["old"], s["new"]))
            report(out[-1])
    return out


def report(row: Row) -> None:
    print(
        f"  {row.path:34} {row.corpus:8} {row.case:22} old {row.old * 1e3:8.1f} ms  "
        f"new {row.new * 1e3:8.1f} ms  old/new {row.ratio:.3f} (paired {row.paired:.3f})  "
        f"cost {row.cost * 100:+.1f}%",
        file=sys.stderr,
        flush=True,
    )


def markdown(rows: list[Row]) -> str:
    lines = [
        "| path | corpus | needle | old | new | old/new | paired old/new | cost (new/old - 1) |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cost = f"{r.cost * 100:+.1f}%"
        if r.cost > COST_LIMIT:
            cost = f"**{cost}**"
        lines.append(
            f"| {r.path} | {r.corpus} | {r.case} | {r.old * 1e3:,.1f} ms | {r.new * 1e3:,.1f} ms "
            f"| {r.ratio:.3f} | {r.paired:.3f} | {cost} |"
        )
    return "\n".join(lines)


def pivot(rows: list[Row]) -> str:
    """old/new per path and corpus (rows) and needle kind (columns), in Markdown; a ratio under
    1/1.05 (a cost over 5%) in bold."""
    kinds = list(dict.fromkeys(r.case.split(" ")[0] for r in rows if r.case))
    lines = [
        "| path | corpus | " + " | ".join(kinds) + " |",
        "|---|---|" + "---:|" * len(kinds),
    ]
    groups: dict[tuple[str, str], dict[str, Row]] = {}
    for r in rows:
        groups.setdefault((r.path, r.corpus), {})[r.case.split(" ")[0] if r.case else ""] = r
    for (path, corpus), cells in groups.items():
        shown = []
        for kind in kinds if "" not in cells else [""]:
            r = cells[kind]
            text = f"{r.ratio:.2f}"
            shown.append(f"**{text}**" if r.cost > COST_LIMIT else text)
        lines.append(f"| {path} | {corpus} | " + " | ".join(shown) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=Path(wordcount_polars.__file__).parent)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--mb", type=float, default=64, help="MB of text per corpus (run.py's)")
    parser.add_argument("--corpora", default=",".join(NAMES), help="comma-separated")
    parser.add_argument(
        "--paths", default="polars,arrow", help="comma-separated: polars, arrow, lists"
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args()
    paths = set(args.paths.split(","))

    print(f"old: {args.old}\nnew: {args.new}")
    print(
        f"medians of {args.repeats} alternating calls; {args.mb:g} MB per corpus; "
        f"POLARS_MAX_THREADS={os.environ.get('POLARS_MAX_THREADS', 'unset')}; "
        f"load average at start {' / '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    modules = {"old": load_internal(args.old, "wc_old"), "new": load_internal(args.new, "wc_new")}
    started = time.perf_counter()
    rows: list[Row] = []
    for corpus in args.corpora.split(","):
        if paths & {"polars", "arrow"}:
            data = load(corpus, int(args.mb * MB))
            picked = needles(corpus, token_counts(data))
            if "polars" in paths:
                rows += polars_rows(corpus, data, picked, args.old, args.new, args.repeats)
            if "arrow" in paths:
                rows += arrow_rows(corpus, data, picked, modules, args.repeats)
            del data
        if "lists" in paths and corpus in ("short", "long"):
            rows += polars_lists(corpus, args.old, args.new, args.repeats)
    if "polars" in paths:
        rows.append(polars_many(args.old, args.new, args.repeats, EXTRAS_MB))
    wc_arrow._internal = modules["new"]  # type: ignore[attr-defined]

    if args.markdown:
        print(markdown(rows))
        print("\nold/new by needle (bold: a cost over 5%, i.e. old/new below 1/1.05 = 0.952):\n")
        print(pivot(rows))
    else:
        for r in rows:
            print(
                f"{r.path:34} {r.corpus:8} {r.case:22} old {r.old * 1e3:8.1f} ms  new "
                f"{r.new * 1e3:8.1f} ms  old/new {r.ratio:.3f} (paired {r.paired:.3f})  "
                f"cost {r.cost * 100:+.1f}%"
            )
    print(
        f"\nCost (new/old - 1) per path and corpus, best to worst needle (limit +{COST_LIMIT:.0%}):"
    )
    groups: dict[tuple[str, str], list[Row]] = {}
    for r in rows:
        groups.setdefault((r.path, r.corpus), []).append(r)
    for (path, corpus), group in groups.items():
        costs = [r.cost for r in group]
        flag = "  OVER" if max(costs) > COST_LIMIT else ""
        print(
            f"  {path:34} {corpus:20} {min(costs) * 100:+7.1f}% .. {max(costs) * 100:+7.1f}%{flag}"
        )
    over = [r for r in rows if r.cost > COST_LIMIT]
    worst = max(rows, key=lambda r: r.cost)
    print(
        f"{len(over)} of {len(rows)} cells cost more than +{COST_LIMIT:.0%}; worst "
        f"{worst.cost * 100:+.1f}% ({worst.path}, {worst.corpus}, {worst.case})"
    )
    print(
        f"wall {(time.perf_counter() - started) / 60:.1f} min; load average at end "
        f"{' / '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
