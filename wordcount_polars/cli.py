"""The ``wordcount-polars`` command line (also ``python -m wordcount_polars``).

``count`` and ``top`` read text, CSV/TSV, Parquet and NDJSON files through Polars lazy scans and
the streaming engine, so a file larger than memory works; ``bench`` compares ``wc.count`` with
Python's reference and with Polars-native expressions; with no command, a short demo runs on
the built-in sample corpus. docs/cli.md describes every command and its output.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import polars as pl
from polars.io.plugins import register_io_source
from tqdm import tqdm

import wordcount_polars
from wordcount_polars._validation import MODES, Mode
from wordcount_polars.functions import count as wc_count
from wordcount_polars.functions import top_words as wc_top_words
from wordcount_polars.sample import sample_rows

PROG = "wordcount-polars"
STDIN = "-"
SAMPLE_LABEL = "<sample>"
TEXT_COLUMN = "line"
SAMPLE_COLUMN = "text"
CSV_SEPARATORS = {".csv": ",", ".tsv": "\t"}
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
KNOWN_SUFFIXES = (".txt", *CSV_SEPARATORS, ".parquet", *NDJSON_SUFFIXES)
PER_ROW_SUFFIXES = (".parquet", ".csv")
# Rows handed from the streaming engine to `top` at a time: large enough that the per-batch
# Python work is negligible, small enough that a batch of long rows stays well inside memory.
TOP_BATCH_ROWS = 100_000
# Bytes read per block by the pure-Python line reader (used where Polars has no scan_lines).
LINE_BLOCK_BYTES = 1 << 22


class CliError(Exception):
    """A failure explained in one line; ``main`` prints it and exits non-zero."""


@dataclass(frozen=True)
class MatchOptions:
    column: str | None
    ignore_case: bool
    mode: Mode


@dataclass(frozen=True)
class Source:
    """One input: what to call it, the lazy scan, and which of its columns holds the text."""

    label: str
    frame: pl.LazyFrame
    column: str


# --- reading inputs ----------------------------------------------------------------------------


def scan_text_lines(path: Path) -> pl.LazyFrame:
    """The lines of a UTF-8 text file as a String column ``line``: the file split at ``\\n``,
    one ``\\r`` before each ``\\n`` dropped, and no extra row after a final ``\\n``. Every other
    character (tabs, other line separators, a BOM, NUL) stays in its row."""
    scan_lines: Callable[..., pl.LazyFrame] | None = getattr(pl, "scan_lines", None)
    if scan_lines is not None:
        return scan_lines(path, name=TEXT_COLUMN)
    return scan_text_lines_in_python(path)


def scan_text_lines_in_python(path: Path) -> pl.LazyFrame:
    """``scan_text_lines`` for Polars releases without ``pl.scan_lines`` (before 1.38): a lazy
    source that reads the file block by block. (``scan_csv`` cannot stand in: it drops a BOM and
    an empty first line has no column.)"""

    def lines_of(block: bytes, offset: int) -> pl.DataFrame:
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ValueError(f"invalid utf-8 at byte {offset + err.start}") from None
        lines = pl.Series(TEXT_COLUMN, [text]).str.split("\n").explode().str.strip_suffix("\r")
        return lines.to_frame()

    def generate(
        with_columns: list[str] | None,
        predicate: pl.Expr | None,
        n_rows: int | None,
        batch_size: int | None,
    ) -> Iterator[pl.DataFrame]:
        remaining = n_rows
        offset = 0
        pending = b""
        with open(path, "rb") as file:
            while remaining is None or remaining > 0:
                block = file.read(LINE_BLOCK_BYTES)
                if not block:
                    # What follows the last "\n" is one more line, unless it is empty.
                    if not pending:
                        return
                    data, pending = pending, b""
                else:
                    data = pending + block
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        pending = data
                        continue
                    data, pending = data[:cut], data[cut + 1 :]
                frame = lines_of(data, offset)
                offset += len(data) + 1
                if predicate is not None:
                    frame = frame.filter(predicate)
                if remaining is not None:
                    frame = frame.head(remaining)
                    remaining -= frame.height
                yield frame

    return register_io_source(generate, schema={TEXT_COLUMN: pl.String})


def first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return lines[0] if lines else type(err).__name__


def describe(err: BaseException) -> str:
    """A one-line reason for an error from reading or computing on a file."""
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    message = first_line(err)
    if re.search(r"utf-?8", message, re.IGNORECASE):
        position = re.search(r"at byte \d+", message)
        return "not valid UTF-8" + (f" ({position.group(0)})" if position else "")
    return message


@contextlib.contextmanager
def errors_about(label: str) -> Iterator[None]:
    """Turns what reading ``label`` can raise into a ``CliError`` that names it."""
    try:
        yield
    except CliError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError) as err:
        raise CliError(f"{label}: {describe(err)}") from err


def format_columns(schema: pl.Schema) -> str:
    return ", ".join(f"{name} ({dtype})" for name, dtype in schema.items()) or "none"


def pick_column(label: str, schema: pl.Schema, requested: str | None) -> str:
    """The text column: the one asked for, which must be a String, or else the only String."""
    if requested is not None:
        if requested not in schema:
            raise CliError(f"{label}: no column {requested!r} (columns: {format_columns(schema)})")
        dtype = schema[requested]
        if dtype != pl.String:
            raise CliError(f"{label}: column {requested!r} is {dtype}, not a String column")
        return requested
    strings = [name for name, dtype in schema.items() if dtype == pl.String]
    if len(strings) == 1:
        return strings[0]
    if not strings:
        raise CliError(f"{label}: no String column to count in (columns: {format_columns(schema)})")
    raise CliError(
        f"{label}: several String columns ({', '.join(strings)}); choose one with --column"
    )


def open_tabular(label: str, path: Path, suffix: str, requested: str | None) -> Source:
    if suffix in CSV_SEPARATORS:
        separator = CSV_SEPARATORS[suffix]
        if path.stat().st_size == 0:
            raise CliError(f"{label}: empty file (a {suffix[1:].upper()} file needs a header row)")
        # Every CSV field is text, so the column is read as String whatever it looks like;
        # only the choice of a default column looks at the types Polars would infer.
        frame = pl.scan_csv(path, separator=separator, infer_schema=False)
        if requested is None:
            inferred = pl.scan_csv(path, separator=separator).collect_schema()
            column = pick_column(label, inferred, None)
        else:
            column = pick_column(label, frame.collect_schema(), requested)
        # An empty field is empty text (Polars releases differ on reading it as null or "").
        return Source(label, frame.with_columns(pl.col(column).fill_null("")), column)
    if suffix == ".parquet":
        frame = pl.scan_parquet(path)
    else:
        if path.stat().st_size == 0:
            raise CliError(f"{label}: empty file (no JSON lines to read a schema from)")
        frame = pl.scan_ndjson(path)
    return Source(label, frame, pick_column(label, frame.collect_schema(), requested))


def open_source(label: str, path: Path, column: str | None) -> Source:
    """Checks that ``path`` is a readable file of a known type and sets up its lazy scan."""
    with errors_about(label):
        # Opening it here reports a missing, unreadable or directory path in the usual words.
        with open(path, "rb"):
            pass
        suffix = path.suffix.lower()
        if label == STDIN or suffix == ".txt":
            return Source(label, scan_text_lines(path), TEXT_COLUMN)
        if suffix not in KNOWN_SUFFIXES:
            known = ", ".join(KNOWN_SUFFIXES)
            raise CliError(f"{label}: unknown file type {path.suffix!r} (expected {known} or -)")
        return open_tabular(label, path, suffix, column)


def spool_stdin(directory: Path) -> Path:
    """Standard input copied to a file, so it is scanned like any text file."""
    path = directory / "stdin.txt"
    with open(path, "wb") as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool, LINE_BLOCK_BYTES)
    return path


def open_sources(
    paths: Sequence[str], options: MatchOptions, stack: contextlib.ExitStack
) -> list[Source]:
    if not paths:
        frame = pl.LazyFrame({SAMPLE_COLUMN: sample_rows()}, schema={SAMPLE_COLUMN: pl.String})
        return [Source(SAMPLE_LABEL, frame, SAMPLE_COLUMN)]
    if list(paths).count(STDIN) > 1:
        raise CliError("standard input (-) can be read only once")
    sources = []
    for name in paths:
        if name == STDIN:
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wc-")))
            path = spool_stdin(directory)
        else:
            path = Path(name)
        sources.append(open_source(name, path, options.column))
    return sources


# --- progress ----------------------------------------------------------------------------------


def progress(total: int | None, unit: str, show: bool = True) -> tqdm[NoReturn]:
    """A progress bar on stderr, drawn only for a person watching a terminal."""
    return tqdm(
        total=total,
        unit=unit,
        unit_scale=total is None,
        file=sys.stderr,
        disable=not (show and sys.stderr.isatty()),
        leave=False,
        dynamic_ncols=True,
    )


# --- count -------------------------------------------------------------------------------------


def count_expr(source: Source, needle: str, options: MatchOptions) -> pl.Expr:
    return wc_count(source.column, needle, ignore_case=options.ignore_case, mode=options.mode)


def count_totals(sources: Sequence[Source], needle: str, options: MatchOptions) -> list[int]:
    totals = []
    with progress(len(sources), "file", show=len(sources) > 1) as bar:
        for source in sources:
            bar.set_description(source.label)
            query = source.frame.select(count_expr(source, needle, options).cast(pl.UInt64).sum())
            with errors_about(source.label):
                totals.append(int(query.collect(engine="streaming").item()))
            bar.update()
    return totals


def count_per_row(
    sources: Sequence[Source], needle: str, options: MatchOptions, out: Path
) -> list[int]:
    """Writes the per-row counts of every source to ``out`` and returns each source's total.

    Each source is first written to its own part file, so an error names the file it came from;
    ``out`` appears only once everything has succeeded, by renaming a temporary file beside it.
    """
    totals = []
    named = len(sources) > 1
    temporary_out = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        with tempfile.TemporaryDirectory(prefix="wc-per-row-") as parts_directory:
            parts = []
            with progress(len(sources), "file", show=len(sources) > 1) as bar:
                for index, source in enumerate(sources):
                    bar.set_description(source.label)
                    columns = [pl.lit(source.label, dtype=pl.String).alias("file")] if named else []
                    columns += [pl.col("row"), count_expr(source, needle, options).alias("count")]
                    part = Path(parts_directory) / f"{index}.parquet"
                    with errors_about(source.label):
                        query = source.frame.with_row_index("row").select(columns)
                        query.sink_parquet(part, engine="streaming")
                        total = pl.scan_parquet(part).select(pl.col("count").cast(pl.UInt64).sum())
                        totals.append(int(total.collect().item()))
                    parts.append(part)
                    bar.update()
            with errors_about(str(out)):
                merged = pl.scan_parquet(parts)
                if out.suffix.lower() == ".csv":
                    merged.sink_csv(temporary_out, engine="streaming")
                else:
                    merged.sink_parquet(temporary_out, engine="streaming")
                os.replace(temporary_out, out)
    finally:
        temporary_out.unlink(missing_ok=True)
    return totals


def check_per_row_target(out: Path) -> None:
    if out.suffix.lower() not in PER_ROW_SUFFIXES:
        raise CliError(f"--per-row: {out} must end in .parquet or .csv")
    if not out.parent.is_dir():
        raise CliError(f"--per-row: {out.parent} is not a directory")
    if out.is_dir():
        raise CliError(f"--per-row: {out} is a directory")


def run_count(
    needle: str, paths: Sequence[str], options: MatchOptions, per_row: Path | None
) -> int:
    if per_row is not None:
        check_per_row_target(per_row)
    with contextlib.ExitStack() as stack:
        sources = open_sources(paths, options, stack)
        if per_row is None:
            totals = count_totals(sources, needle, options)
        else:
            totals = count_per_row(sources, needle, options, per_row)
    for source, total in zip(sources, totals):
        print(f"{source.label}\t{total}")
    if len(sources) > 1:
        print(f"total\t{sum(totals)}")
    return 0


# --- top ---------------------------------------------------------------------------------------


def word_counts(batch: pl.DataFrame, column: str, options: MatchOptions) -> pl.DataFrame:
    """Every token of ``batch`` with its count, as columns ``word`` and ``count``."""
    top = wc_top_words(column, None, ignore_case=options.ignore_case, mode=options.mode)
    ranked = batch.select(top.alias("top")).explode("top").unnest("top")
    # An empty batch explodes to one null row.
    return ranked.filter(pl.col("word").is_not_null())


def merge_counts(counts: Sequence[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(counts).group_by("word").agg(pl.col("count").sum())


def top_words(sources: Sequence[Source], k: int, options: MatchOptions) -> list[tuple[str, int]]:
    """The ``k`` most frequent tokens over all sources, by count, then word.

    Each source streams through in batches; only the running vocabulary stays in memory.
    (``sink_batches`` rather than ``collect_batches``: on Polars 1.34 the latter ends the
    iteration quietly when reading fails.)
    """
    merged = [pl.DataFrame(schema={"word": pl.String, "count": pl.UInt64})]
    with progress(None, "row") as bar:
        for source in sources:
            bar.set_description(source.label)

            def add_batch(batch: pl.DataFrame, column: str = source.column) -> None:
                merged[0] = merge_counts([merged[0], word_counts(batch, column, options)])
                bar.update(batch.height)

            with errors_about(source.label):
                # polars 1.x stubs type the callback differently; the call is the same.
                source.frame.select(source.column).sink_batches(  # type: ignore[call-overload,unused-ignore]
                    add_batch, chunk_size=TOP_BATCH_ROWS, engine="streaming"
                )
    ranked = merged[0].sort(["count", "word"], descending=[True, False]).head(k)
    return [(str(word), int(count)) for word, count in ranked.iter_rows()]


def run_top(paths: Sequence[str], k: int, options: MatchOptions) -> int:
    with contextlib.ExitStack() as stack:
        sources = open_sources(paths, options, stack)
        ranked = top_words(sources, k, options)
    for word, count in ranked:
        print(f"{word}\t{count}")
    return 0


# --- bench -------------------------------------------------------------------------------------


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


def run_bench(n_rows: int, repeat: int, needle: str) -> int:
    rows = bench_rows(n_rows)
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
        f"bench: {n_rows} rows, {megabytes:.2f} MB of text, needle {needle!r}, "
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


# --- demo (no command) -------------------------------------------------------------------------

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


# --- arguments ---------------------------------------------------------------------------------


def non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {number}")
    return number


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {number}")
    return number


def add_match_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--column",
        metavar="COL",
        help="the text column of CSV/TSV/Parquet/NDJSON inputs (default: the only String "
        "column); text inputs have one row per line and ignore it",
    )
    parser.add_argument(
        "--ignore-case", action="store_true", help="compare the str.lower() forms of words"
    )
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="whitespace",
        help="whitespace: tokens of str.split() (default); words: Unicode words (UAX #29)",
    )


PATHS_HELP = (
    "files to read: .txt (one row per line), .csv, .tsv, .parquet, .ndjson/.jsonl, "
    "or - for standard input (text); none: the built-in sample corpus"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Exact whole-word counts (text.split().count(needle)) over text and table "
        "files, with Polars. With no command: a demo on the built-in sample corpus.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {wordcount_polars.__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    count = commands.add_parser(
        "count",
        help="count a word in files",
        description="Print how often NEEDLE occurs as a whole word in each file (PATH<TAB>N), "
        "then the overall total when there are several files.",
    )
    count.add_argument("needle", metavar="NEEDLE")
    count.add_argument("paths", metavar="PATH", nargs="*", help=PATHS_HELP)
    add_match_options(count)
    count.add_argument(
        "--per-row",
        metavar="OUT",
        type=Path,
        help="also write each row's count to OUT (.parquet or .csv)",
    )

    top = commands.add_parser(
        "top",
        help="the most frequent words",
        description="Print the K most frequent words of all files together (WORD<TAB>N), "
        "by count, then word.",
    )
    top.add_argument("paths", metavar="PATH", nargs="*", help=PATHS_HELP)
    top.add_argument("-k", type=non_negative_int, default=20, help="how many words (default 20)")
    add_match_options(top)

    bench = commands.add_parser(
        "bench",
        help="compare wc.count with Python and Polars-native expressions",
        description="Time wc.count, the Python reference and two Polars-native expressions on "
        "generated text; print MB/s, time relative to wc.count, and whether each total equals "
        "Python's.",
    )
    bench.add_argument("--rows", type=positive_int, default=300_000, help="default 300000")
    bench.add_argument("--repeat", type=positive_int, default=3, help="runs per method (median)")
    bench.add_argument("--needle", default="the", help="the word to count (default: the)")

    demo = commands.add_parser(
        "demo",
        help="the demo run with no command",
        description="Count NEEDLEs in the sample corpus with Polars and pandas next to Python's "
        "text.split().count(needle); exit 0 when all agree.",
    )
    demo.add_argument("needles", metavar="NEEDLE", nargs="*")
    return parser


def as_mode(value: str) -> Mode:
    if value == "words":
        return "words"
    return "whitespace"


def dispatch(args: argparse.Namespace) -> int:
    command: str | None = args.command
    if command is None:
        return run_demo(DEMO_NEEDLES)
    if command == "demo":
        return run_demo(args.needles)
    if command == "bench":
        return run_bench(args.rows, args.repeat, args.needle)
    options = MatchOptions(args.column, args.ignore_case, as_mode(args.mode))
    if command == "count":
        per_row: Path | None = args.per_row
        return run_count(args.needle, args.paths, options, per_row)
    return run_top(args.paths, args.k, options)


def report_error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status (argparse exits 2 on a usage error)."""
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except CliError as err:
        return report_error(str(err))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (pl.exceptions.PolarsError, OSError, ValueError, TypeError) as err:
        return report_error(describe(err))
    except Exception as err:  # a bug: still one line, but say what it was
        return report_error(f"unexpected {type(err).__name__}: {first_line(err)}")


if __name__ == "__main__":
    sys.exit(main())
