"""The commands: ``count``, ``top``, ``bench`` and ``demo``, each reading its inputs through
``sources`` and printing through ``output``."""

from __future__ import annotations

import contextlib
import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import polars as pl
from tqdm import tqdm

from wordcount_polars._validation import Mode
from wordcount_polars.cli.output import Output, print_counts, print_words, progress
from wordcount_polars.cli.sources import (
    CliError,
    ReadOptions,
    Source,
    describe,
    errors_about,
    open_sources,
    stream_batches,
)
from wordcount_polars.functions import count as wc_count
from wordcount_polars.functions import count_many as wc_count_many
from wordcount_polars.functions import top_words as wc_top_words
from wordcount_polars.sample import sample_rows

PER_ROW_SUFFIXES = (".parquet", ".csv")


@dataclass(frozen=True)
class MatchOptions:
    ignore_case: bool
    mode: Mode
    phrase: bool = False


def bytes_progress(sources: Sequence[Source]) -> tqdm[NoReturn]:
    """A bar over the bytes of all the sources' files (the sample corpus has none)."""
    return progress(sum(source.size() for source in sources) or None, "B")


def text_bytes(batch: pl.DataFrame) -> int:
    """About how many bytes of the file a batch came from: its text and one separator a row."""
    lengths = batch.select(pl.col(batch.columns[0]).str.len_bytes().fill_null(0).sum()).item()
    return int(lengths or 0) + batch.height


# --- count ---------------------------------------------------------------------------------------


def count_totals(
    sources: Sequence[Source], needles: Sequence[str], options: MatchOptions
) -> list[list[int]]:
    """Each source's total of each needle, in one pass (``count_many``) over each source."""
    totals = []
    with bytes_progress(sources) as bar:
        for source in sources:
            bar.set_description(source.label)
            sums = [0] * len(needles)
            expr = wc_count_many(
                source.column,
                list(needles),
                ignore_case=options.ignore_case,
                mode=options.mode,
                phrase=options.phrase,
            )

            def add_batch(
                batch: pl.DataFrame, expr: pl.Expr = expr, sums: list[int] = sums
            ) -> None:
                row = batch.select(expr.alias("c")).unnest("c").cast(pl.UInt64).sum().row(0)
                for i, value in enumerate(row):
                    sums[i] += int(value or 0)
                bar.update(text_bytes(batch))

            stream_batches(source, add_batch)
            totals.append(sums)
    return totals


def count_per_row(
    sources: Sequence[Source], needle: str, options: MatchOptions, out: Path
) -> list[list[int]]:
    """Writes the per-row counts of every source to ``out`` and returns each source's total.

    Each source is first written to its own part file, so an error names the file it came from;
    ``out`` appears only once everything has succeeded, by renaming a temporary file beside it.
    """
    totals = []
    named = len(sources) > 1
    temporary_out = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    expr = wc_count(
        pl.col("text"),
        needle,
        ignore_case=options.ignore_case,
        mode=options.mode,
        phrase=options.phrase,
    )
    try:
        with tempfile.TemporaryDirectory(prefix="wc-per-row-") as parts_directory:
            parts = []
            with bytes_progress(sources) as bar:
                for index, source in enumerate(sources):
                    bar.set_description(source.label)
                    columns = [pl.lit(source.label, dtype=pl.String).alias("file")] if named else []
                    text = pl.col(source.column).alias("text")
                    columns += [pl.col("row"), expr.alias("count")]
                    part = Path(parts_directory) / f"{index}.parquet"
                    with errors_about(source):
                        query = (
                            source.frame.with_row_index("row").with_columns(text).select(columns)
                        )
                        query.sink_parquet(part, engine="streaming")
                        total = pl.scan_parquet(part).select(pl.col("count").cast(pl.UInt64).sum())
                        totals.append([int(total.collect().item())])
                    parts.append(part)
                    bar.update(source.size())
            try:
                merged = pl.scan_parquet(parts)
                if out.suffix.lower() == ".csv":
                    merged.sink_csv(temporary_out, engine="streaming")
                else:
                    merged.sink_parquet(temporary_out, engine="streaming")
                os.replace(temporary_out, out)
            except (pl.exceptions.PolarsError, OSError) as err:
                raise CliError(f"{out}: {describe(err)}") from err
    finally:
        temporary_out.unlink(missing_ok=True)
    return totals


def warn_about_phrases(needles: Sequence[str]) -> None:
    """Tells on stderr about each needle that holds whitespace around or between words: it
    never equals a word, so it counts 0, where ``--phrase`` would count its words."""
    for needle in needles:
        words = needle.split()
        if words and words != [needle]:
            print(
                f"wordcount-polars: warning: the needle {needle!r} holds whitespace, so it never "
                "equals a word and counts 0; add --phrase to count it as a phrase",
                file=sys.stderr,
            )


def check_per_row_target(out: Path) -> None:
    if out.suffix.lower() not in PER_ROW_SUFFIXES:
        raise CliError(f"--per-row: {out} must end in .parquet or .csv")
    if not out.parent.is_dir():
        raise CliError(f"--per-row: {out.parent} is not a directory")
    if out.is_dir():
        raise CliError(f"--per-row: {out} is a directory")


def run_count(
    needles: Sequence[str],
    paths: Sequence[str],
    read: ReadOptions,
    options: MatchOptions,
    per_row: Path | None,
    output: Output,
) -> int:
    # A needle given twice is counted once (count_many names its fields by needle).
    needles = list(dict.fromkeys(needles))
    if not options.phrase:
        warn_about_phrases(needles)
    if per_row is not None:
        if len(needles) > 1:
            raise CliError("--per-row counts one needle; give one -e")
        check_per_row_target(per_row)
    with contextlib.ExitStack() as stack:
        sources = open_sources(paths, read, stack)
        if per_row is None:
            totals = count_totals(sources, needles, options)
        else:
            totals = count_per_row(sources, needles[0], options, per_row)
    print_counts([source.label for source in sources], needles, totals, output)
    return 0


# --- top -----------------------------------------------------------------------------------------


def word_counts(
    batch: pl.DataFrame, options: MatchOptions, exclude: Sequence[str] = ()
) -> pl.DataFrame:
    """Every token of ``batch`` but the stop words with its count, as columns ``word`` and
    ``count``."""
    column = batch.columns[0]
    top = wc_top_words(
        column, None, exclude=exclude, ignore_case=options.ignore_case, mode=options.mode
    )
    ranked = batch.select(top.alias("top")).explode("top").unnest("top")
    # An empty batch explodes to one null row.
    return ranked.filter(pl.col("word").is_not_null())


def merge_counts(counts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(counts).group_by("word").agg(pl.col("count").sum())


def read_words(path: Path) -> list[str]:
    """A stop-word list: one word a line, blank lines skipped."""
    try:
        with open(path, encoding="utf-8") as file:
            return [word for line in file if (word := line.strip())]
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not valid UTF-8"
        raise CliError(f"--exclude: {path}: {reason}") from err


def top_words(
    sources: Sequence[Source],
    k: int | None,
    options: MatchOptions,
    min_count: int = 1,
    exclude: Sequence[str] = (),
) -> list[tuple[str, int]]:
    """The ``k`` (None: all) most frequent tokens over all sources with at least ``min_count``
    occurrences, leaving out ``exclude`` (compared as words are counted, so lowercased under
    ``--ignore-case``), by count, then word. Each source streams through in batches; only the
    running vocabulary stays in memory; the floor applies to the totals."""
    merged = [pl.DataFrame(schema={"word": pl.String, "count": pl.UInt64})]
    with bytes_progress(sources) as bar:
        for source in sources:
            bar.set_description(source.label)

            def add_batch(batch: pl.DataFrame) -> None:
                merged[0] = merge_counts([merged[0], word_counts(batch, options, exclude)])
                bar.update(text_bytes(batch))

            stream_batches(source, add_batch)
    ranked = merged[0].filter(pl.col("count") >= min_count)
    ranked = ranked.sort(["count", "word"], descending=[True, False])
    if k is not None:
        ranked = ranked.head(k)
    return [(str(word), int(count)) for word, count in ranked.iter_rows()]


def run_top(
    paths: Sequence[str],
    k: int | None,
    read: ReadOptions,
    options: MatchOptions,
    min_count: int,
    exclude: Path | None,
    output: Output,
) -> int:
    stop_words = read_words(exclude) if exclude is not None else []
    with contextlib.ExitStack() as stack:
        sources = open_sources(paths, read, stack)
        ranked = top_words(sources, k, options, min_count, stop_words)
    print_words(ranked, output)
    return 0


# --- bench ---------------------------------------------------------------------------------------


def count_ocurrences(contents: str, needle: str) -> int:
    """The talk's function, the project's seed and the reference ``bench`` checks against."""
    total = 0
    for line in contents.splitlines():
        for word in line.split():
            if word == needle:
                total += 1
    return total


def bench_rows(n_rows: int) -> list[str]:
    """``n_rows`` rows of the sample corpus; a long corpus repeats its first 20,000 rows, which
    leaves throughput as it is and keeps generating it quick."""
    base = sample_rows(min(n_rows, 20_000), words_per_row=12)
    return (base * (n_rows // len(base) + 1))[:n_rows]


def file_rows(paths: Sequence[str], read: ReadOptions) -> list[str]:
    """The text rows of the files, nulls left out, as ``bench`` times them."""
    rows: list[str] = []
    with contextlib.ExitStack() as stack:
        for source in open_sources(paths, read, stack):
            with errors_about(source):
                frame = source.frame.select(source.column).collect(engine="streaming")
            rows += [row for row in frame.to_series() if row is not None]
    return rows


@dataclass(frozen=True)
class BenchResult:
    name: str
    seconds: float
    total: int


def median_seconds(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """The median wall time of ``repeat`` runs after an untimed warm-up run (which loads the
    plugin and fills caches), and the total the last run returned."""
    total = run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        total = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), total


def run_bench(rows: list[str], described: str, repeat: int, needle: str) -> int:
    contents = "\n".join(rows)
    frame = pl.DataFrame({"text": rows}, schema={"text": pl.String})
    megabytes = len(contents.encode()) / 1e6

    def polars_total(expr: pl.Expr) -> Callable[[], int]:
        return lambda: int(frame.select(expr.cast(pl.UInt64).sum()).item())

    text = pl.col("text")
    methods: list[tuple[str, Callable[[], int]]] = [
        ("wc.count (this package)", polars_total(wc_count(text, needle))),
        ("count_ocurrences (Python)", lambda: count_ocurrences(contents, needle)),
        (
            r'str.extract_all(r"\S+").list.count_matches',
            polars_total(text.str.extract_all(r"\S+").list.count_matches(needle)),
        ),
        (
            'str.split(" ").list.count_matches',
            polars_total(text.str.split(" ").list.count_matches(needle)),
        ),
    ]
    print(
        f"bench: {described}{len(rows)} rows, {megabytes:.2f} MB of text, needle {needle!r}, "
        f"median of {repeat} run{'s' if repeat > 1 else ''}"
    )
    results = []
    with progress(len(methods), "method") as bar:
        for name, run in methods:
            bar.set_description(name)
            seconds, total = median_seconds(run, repeat)
            results.append(BenchResult(name, seconds, total))
            bar.update()
    reference = results[1].total
    ours = results[0].seconds
    print(f"{'method':<44} {'MB/s':>9} {'time/ours':>10} {'total':>10}  same as Python")
    for result in results:
        throughput = megabytes / result.seconds if result.seconds > 0 else float("inf")
        ratio = result.seconds / ours if ours > 0 else float("inf")
        agrees = "yes" if result.total == reference else "NO"
        print(f"{result.name:<44} {throughput:>9.1f} {ratio:>9.2f}x {result.total:>10}  {agrees}")
    return 0 if results[0].total == reference else 1


# --- demo ----------------------------------------------------------------------------------------

DEMO_NEEDLES = ("the", "data", "café", "東京", "missing")


def pandas_totals(rows: list[str], needles: Sequence[str]) -> list[int] | None:
    """The needles' totals through the pandas accessor, or None without pandas."""
    try:
        import pandas as pd

        from wordcount_polars.pandas_accessor import WordCountAccessor
    except ImportError:
        return None
    accessor = WordCountAccessor(pd.Series(rows, name="text"))
    return [int(accessor.count(needle).sum()) for needle in needles]


def run_demo(needles: Sequence[str]) -> int:
    """Counts a few needles in the sample corpus with Polars and pandas, next to Python's
    ``text.split().count(needle)``; exits 0 when all agree."""
    needles = list(needles) or list(DEMO_NEEDLES)
    rows = sample_rows()
    frame = pl.DataFrame({"text": rows})
    polars_totals = frame.select(
        [wc_count("text", needle).sum().alias(str(i)) for i, needle in enumerate(needles)]
    ).row(0)
    from_pandas = pandas_totals(rows, needles)
    print(f"{len(rows)} sample rows, {sum(len(row.encode()) for row in rows)} bytes")
    print(f"{'needle':<10} {'polars':>8} {'pandas':>8} {'python':>8}")
    agree = True
    for i, needle in enumerate(needles):
        expected = sum(row.split().count(needle) for row in rows)
        pandas_total = "-" if from_pandas is None else str(from_pandas[i])
        agree &= polars_totals[i] == expected and pandas_total in (str(expected), "-")
        print(f"{needle:<10} {polars_totals[i]:>8} {pandas_total:>8} {expected:>8}")
    print("all paths agree with text.split().count(needle)" if agree else "MISMATCH")
    return 0 if agree else 1
