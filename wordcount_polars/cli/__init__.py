"""The ``wordcount-polars`` command line (also ``python -m wordcount_polars``).

``count`` and ``top`` read text (any file not named as a table), CSV/TSV, Parquet and NDJSON
files, gzip or zstd compressed or not, through Polars lazy scans and the streaming engine, so a
file larger than memory works; ``bench`` compares ``wc.count`` with the talk's function and
with Polars-native expressions; with no command, a short demo runs on the built-in sample
corpus. docs/cli.md describes every command and its output. The work is split by job:
``sources`` opens inputs, ``commands`` runs the commands, ``output`` prints.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl

import wordcount_polars
from wordcount_polars._validation import MODES, Mode
from wordcount_polars.cli.commands import (
    DEMO_NEEDLES,
    MatchOptions,
    bench_rows,
    count_ocurrences,
    file_rows,
    run_bench,
    run_count,
    run_demo,
    run_top,
)
from wordcount_polars.cli.output import OUTPUTS, Output
from wordcount_polars.cli.sources import (
    FORMATS,
    SAMPLE_LABEL,
    TEXT_COLUMN,
    CliError,
    Format,
    ReadOptions,
    describe,
    first_line,
)

__all__ = ["SAMPLE_LABEL", "TEXT_COLUMN", "bench_rows", "build_parser", "count_ocurrences", "main"]

PROG = "wordcount-polars"


def at_least(minimum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {number}")
        return number

    parse.__name__ = "int"  # argparse names the type in "invalid int value"
    return parse


def add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--column",
        metavar="COL",
        help="the text column of table inputs, by name or 1-based number (default: the only "
        "String column); text inputs have one row per line and ignore it",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="read every input as this format (default: by suffix; any unknown suffix is text)",
    )
    parser.add_argument(
        "--separator",
        metavar="CHAR",
        help="the CSV/TSV field separator (default: ',' or tab, or what the header shows)",
    )
    parser.add_argument(
        "--no-header",
        dest="header",
        action="store_false",
        help="CSV/TSV files have no header row (columns are then named column_1, ...)",
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
    parser.add_argument(
        "--output", choices=OUTPUTS, default="table", help="table (default), json or csv"
    )


PATHS_HELP = (
    "files to read: .csv, .tsv, .parquet, .ndjson/.jsonl, anything else as text (one row per "
    "line), each optionally .gz or .zst; - for standard input; none: the sample corpus"
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
        help="count words in files",
        description="Print how often NEEDLE (or each -e NEEDLE) occurs as a whole word in each "
        "file, then the overall total when there are several files.",
    )
    count.add_argument(
        "args",
        metavar="[NEEDLE] PATH",
        nargs="*",
        help=f"the needle, unless -e is given, then the paths; {PATHS_HELP}",
    )
    count.add_argument(
        "-e",
        dest="needles",
        metavar="NEEDLE",
        action="append",
        help="a needle to count; repeat for several, counted in one pass",
    )
    add_read_options(count)
    count.add_argument(
        "--phrase",
        action="store_true",
        help="count each needle as a phrase: its words one after another in a row, separated "
        "by any whitespace (without it a needle holding whitespace counts 0)",
    )
    count.add_argument(
        "--per-row",
        metavar="OUT",
        type=Path,
        help="also write each row's count to OUT (.parquet or .csv)",
    )

    top = commands.add_parser(
        "top",
        help="the most frequent words",
        description="Print the K most frequent words of all files together, by count, then word.",
    )
    top.add_argument("paths", metavar="PATH", nargs="*", help=PATHS_HELP)
    how_many = top.add_mutually_exclusive_group()
    how_many.add_argument("-k", type=at_least(1), default=20, help="how many words (default 20)")
    how_many.add_argument("--all", action="store_true", help="every word")
    top.add_argument(
        "--min-count", type=at_least(1), default=1, metavar="N", help="only words seen N times"
    )
    top.add_argument(
        "--exclude", type=Path, metavar="FILE", help="leave out the words of FILE, one a line"
    )
    add_read_options(top)

    bench = commands.add_parser(
        "bench",
        help="compare wc.count with the talk's function and Polars-native expressions",
        description="Time wc.count, the talk's count_ocurrences and two Polars-native "
        "expressions on the rows of PATHs (or generated text); print MB/s, time relative to "
        "wc.count, and whether each total equals the talk's function's.",
    )
    bench.add_argument("paths", metavar="PATH", nargs="*", help=PATHS_HELP)
    bench.add_argument(
        "--rows", type=at_least(1), default=300_000, help="generated rows (default 300000)"
    )
    bench.add_argument("--repeat", type=at_least(1), default=3, help="runs per method (median)")
    bench.add_argument("--needle", default="the", help="the word to count (default: the)")
    add_read_options(bench)

    demo = commands.add_parser(
        "demo",
        help="the demo run with no command",
        description="Count NEEDLEs in the sample corpus with Polars and pandas next to Python's "
        "text.split().count(needle); exit 0 when all agree.",
    )
    demo.add_argument("needles", metavar="NEEDLE", nargs="*")
    return parser


def as_mode(value: str) -> Mode:
    return "words" if value == "words" else "whitespace"


def as_format(value: str | None) -> Format | None:
    return next((fmt for fmt in FORMATS if fmt == value), None)


def as_output(value: str) -> Output:
    return next((output for output in OUTPUTS if output == value), "table")


def dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    command: str | None = args.command
    if command is None:
        return run_demo(DEMO_NEEDLES)
    if command == "demo":
        return run_demo(args.needles)
    read = ReadOptions(args.column, as_format(args.format), args.separator, args.header)
    if args.separator is not None and len(args.separator) != 1:
        parser.error(f"--separator must be one character, got {args.separator!r}")
    if command == "bench":
        if args.paths:
            rows = file_rows(args.paths, read)
            return run_bench(rows, f"{', '.join(args.paths)}: ", args.repeat, args.needle)
        return run_bench(bench_rows(args.rows), "", args.repeat, args.needle)
    phrase: bool = command == "count" and args.phrase
    options = MatchOptions(args.ignore_case, as_mode(args.mode), phrase)
    output = as_output(args.output)
    if command == "count":
        positional: list[str] = args.args
        needles: list[str] | None = args.needles
        if needles is None:
            if not positional:
                parser.error("count: give a NEEDLE or -e NEEDLE")
            needles, positional = positional[:1], positional[1:]
        per_row: Path | None = args.per_row
        return run_count(needles, positional, read, options, per_row, output)
    k: int | None = None if args.all else args.k
    exclude: Path | None = args.exclude
    return run_top(args.paths, k, read, options, args.min_count, exclude, output)


def report_error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status (argparse exits 2 on a usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return dispatch(parser, args)
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
