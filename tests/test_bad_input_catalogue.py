"""The catalogue of bad input: every way a caller can hand the package something it cannot
count, and the error each one gets.

Each Python case raises a named exception whose message names the offending dtype or argument;
Rust panic text never reaches the user, and no case aborts the process (the whole catalogue is
replayed once in a child process to prove it). The CLI cases exit non-zero with exactly one
line on stderr and leave no output file behind.

``tests/test_errors.py`` checks some of these in more depth (schema-time failures, more argument
types); this file is the one list of them all.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from child_process import CRASH_MARKERS, run_python
from reference import ARROW_TEXT, POLARS_TEXT, split_count
from reference import top_words as reference_top_words

import wordcount_polars as wc
from wordcount_polars import arrow


@dataclass(frozen=True)
class Case:
    """One bad call: ``run()`` must raise ``error`` with ``fragment`` in its message."""

    id: str
    run: Callable[[], object]
    error: type[BaseException]
    fragment: str


def polars_frame(series: pl.Series) -> pl.DataFrame:
    return series.alias("text").to_frame()


# --- wrong text dtypes -------------------------------------------------------------------------

# Each wrong column, with the dtype name as Polars prints it in its own messages.
POLARS_WRONG_COLUMNS = {
    "Int": (pl.Series([1, 2]), "i64"),
    "Binary": (pl.Series([b"a", b"b"]), "binary"),
    "List": (pl.Series([["a"], ["b"]]), "list[str]"),
    # Two fields: a struct of one String field is read as that field.
    "Struct": (pl.Series([{"x": "a", "y": "b"}, {"x": "b", "y": "c"}]), "struct[2]"),
    "Null": (pl.Series([None, None]), "null"),
}
# The same dtypes as Arrow arrays, with the name the Arrow intake gives them.
# The message names the type as pyarrow prints it (str(array.type)).
ARROW_WRONG_ARRAYS = {
    name: (array, str(array.type))
    for name, array in {
        "Int": pa.array([1, 2]),
        "Binary": pa.array([b"a", b"b"]),
        "List": pa.array([["a"], ["b"]]),
        # Two fields: a struct of one string field is read as that field (with its nulls).
        "Struct": pa.array([{"x": "a", "y": "b"}, {"x": "b", "y": "c"}]),
        "Null": pa.array([None, None]),
    }.items()
}
# The same dtypes as pandas Series, with the dtype name pandas prints.
PANDAS_WRONG_SERIES = {
    "Int": (lambda: pd.Series([1, 2]), "int64"),
    "Binary": (lambda: pd.Series(pa.array([b"a"]), dtype=pd.ArrowDtype(pa.binary())), "binary"),
    "List": (
        lambda: pd.Series(pa.array([["a"]]), dtype=pd.ArrowDtype(pa.list_(pa.string()))),
        "list<item: string>",
    ),
    "Struct": (
        lambda: pd.Series(
            pa.array([{"x": "a"}]), dtype=pd.ArrowDtype(pa.struct([("x", pa.string())]))
        ),
        "struct<x: string>",
    ),
    "Null": (lambda: pd.Series(pa.array([None]), dtype=pd.ArrowDtype(pa.null())), "null"),
}

# The call each function makes on a column, in the Polars and the Arrow spelling.
POLARS_CALLS: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "count": lambda e: e.wc.count("a"),
    "count_many": lambda e: e.wc.count_many(["a", "b"]),
    "words": lambda e: e.wc.words(),
    "top_words": lambda e: e.wc.top_words(3),
    "split": lambda e: e.wc.split(),
    "frequencies": lambda e: e.wc.frequencies(),
}
ARROW_CALLS: dict[str, Callable[[object], object]] = {
    "count": lambda data: arrow.count(data, "a"),
    "count_many": lambda data: arrow.count_many(data, ["a", "b"]),
    "words": lambda data: arrow.family(data, "words"),
    "top_words": lambda data: arrow.top_words(data, 3),
    "split": lambda data: arrow.split(data),
    "frequencies": lambda data: arrow.frequencies(data),
}


def _polars_dtype_case(dtype: str, function: str) -> Case:
    series, printed = POLARS_WRONG_COLUMNS[dtype]
    call = POLARS_CALLS[function]
    return Case(
        id=f"polars-{function}-{dtype}",
        run=lambda: polars_frame(series).select(call(pl.col("text"))),
        error=pl.exceptions.ComputeError,
        fragment=f"wc.{function}: the text must be {POLARS_TEXT}, got dtype {printed}",
    )


def _arrow_dtype_case(dtype: str, function: str) -> Case:
    data, printed = ARROW_WRONG_ARRAYS[dtype]
    call = ARROW_CALLS[function]
    return Case(
        id=f"arrow-{function}-{dtype}",
        run=lambda: call(data),
        error=TypeError,
        fragment=f"{function}: the text must be {ARROW_TEXT}, got {printed}",
    )


def _pandas_dtype_case(dtype: str) -> Case:
    make, printed = PANDAS_WRONG_SERIES[dtype]
    return Case(
        id=f"pandas-accessor-{dtype}",
        run=lambda: make().wc,
        error=AttributeError,
        fragment=f"Can only use .wc accessor with string values, not {printed}",
    )


DTYPE_CASES = [
    *(_polars_dtype_case(d, f) for f in POLARS_CALLS for d in POLARS_WRONG_COLUMNS),
    *(_arrow_dtype_case(d, f) for f in ARROW_CALLS for d in ARROW_WRONG_ARRAYS),
    *(_pandas_dtype_case(d) for d in PANDAS_WRONG_SERIES),
]

# --- bad needles --------------------------------------------------------------------------------

BAD_NEEDLES = {"None": None, "int": 1, "bytes": b"a"}


def _needle_cases(name: str, needle: object) -> list[Case]:
    got = type(needle).__name__
    return [
        Case(
            f"polars-needle-{name}",
            lambda: pl.col("text").wc.count(needle),  # type: ignore[arg-type]
            TypeError,
            f"count: needle must be a str or a polars String expression, got {got}",
        ),
        Case(
            f"function-needle-{name}",
            lambda: wc.count("text", needle),  # type: ignore[arg-type]
            TypeError,
            f"count: needle must be a str or a polars String expression, got {got}",
        ),
        Case(
            f"pandas-needle-{name}",
            lambda: pd.Series(["a"]).wc.count(needle),  # type: ignore[arg-type]
            TypeError,
            f"count: needle must be a str or a pandas string Series, got {got}",
        ),
        Case(
            f"arrow-needle-{name}",
            lambda: arrow.count(pa.array(["a"]), needle),
            TypeError,
            f"count: needle must be a str or Arrow string data, got {got}",
        ),
    ]


THREE_ROWS = pl.DataFrame({"text": ["a b", "b", "a a"], "n": [1, 2, 3]})

PER_ROW_NEEDLE_CASES = [
    Case(
        "polars-needle-column-Int64",
        lambda: THREE_ROWS.select(pl.col("text").wc.count(pl.col("n"))),
        pl.exceptions.ComputeError,
        f"needle must be {POLARS_TEXT}, got dtype i64",
    ),
    Case(
        "polars-needle-column-Binary",
        lambda: THREE_ROWS.select(pl.col("text").wc.count(pl.col("n").cast(pl.Binary))),
        pl.exceptions.ComputeError,
        f"needle must be {POLARS_TEXT}, got dtype binary",
    ),
    Case(
        "polars-needle-series-wrong-length",
        lambda: THREE_ROWS.select(pl.col("text").wc.count(pl.Series(["a", "b"]))),
        pl.exceptions.ComputeError,
        "needle has 2 rows but the text has 3",
    ),
    Case(
        "pandas-needle-series-int64",
        lambda: pd.Series(["a", "b"]).wc.count(pd.Series([1, 2])),
        TypeError,
        "the needle Series must hold strings, got int64",
    ),
    Case(
        "pandas-needle-series-float64",
        lambda: pd.Series(["a", "b"]).wc.count(pd.Series([1.5, None])),
        TypeError,
        "the needle Series must hold strings, got float64",
    ),
    Case(
        "arrow-needle-array-Int64",
        lambda: arrow.count(pa.array(["a", "b"]), pa.array([1, 2])),
        TypeError,
        "got int64",
    ),
    Case(
        "arrow-needle-array-wrong-length",
        lambda: arrow.count(pa.array(["a", "b", "c"]), pa.array(["a", "b"])),
        ValueError,
        "count: the needle has 2 rows but the text has 3",
    ),
]

# --- count_many needles, mode, k, other arguments -----------------------------------------------

BAD_NEEDLE_LISTS = {
    "empty": ([], ValueError, "count_many: needles must not be empty"),
    "duplicate": (["a", "b", "a"], ValueError, "count_many: needles must be distinct"),
    "int": (["a", 1], TypeError, "count_many: every needle must be a str, got int"),
    "None": (["a", None], TypeError, "count_many: every needle must be a str, got NoneType"),
    "bytes": ([b"a"], TypeError, "count_many: every needle must be a str, got bytes"),
    "bare-str": ("ab", TypeError, "count_many: needles must be a list of str, got str"),
}
# The arguments are deliberately of the wrong type, hence `Any`.
COUNT_MANY_RUNNERS: dict[str, Callable[[Any], object]] = {
    "polars": lambda needles: pl.col("text").wc.count_many(needles),
    "pandas": lambda needles: pd.Series(["a"]).wc.count_many(needles),
    "arrow": lambda needles: arrow.count_many(pa.array(["a"]), needles),
}


def _count_many_case(path: str, name: str) -> Case:
    needles, error, fragment = BAD_NEEDLE_LISTS[name]
    runner = COUNT_MANY_RUNNERS[path]
    return Case(f"{path}-count_many-{name}", lambda: runner(needles), error, fragment)


# Every function that takes `mode`, in each spelling, called with an unknown mode.
MODE_CALLS: dict[str, Callable[[Any], object]] = {
    "polars-count": lambda mode: pl.col("text").wc.count("a", mode=mode),
    "polars-count_many": lambda mode: pl.col("text").wc.count_many(["a"], mode=mode),
    "polars-top_words": lambda mode: pl.col("text").wc.top_words(2, mode=mode),
    "pandas-count": lambda mode: pd.Series(["a"]).wc.count("a", mode=mode),
    "pandas-count_many": lambda mode: pd.Series(["a"]).wc.count_many(["a"], mode=mode),
    "pandas-top_words": lambda mode: pd.Series(["a"]).wc.top_words(2, mode=mode),
    "arrow-count": lambda mode: arrow.count(pa.array(["a"]), "a", mode=mode),
    "arrow-count_many": lambda mode: arrow.count_many(pa.array(["a"]), ["a"], mode=mode),
    "arrow-top_words": lambda mode: arrow.top_words(pa.array(["a"]), 2, mode=mode),
    "polars-split": lambda mode: pl.col("text").wc.split(mode=mode),
    "polars-frequencies": lambda mode: pl.col("text").wc.frequencies(mode=mode),
    "pandas-split": lambda mode: pd.Series(["a"]).wc.split(mode=mode),
    "pandas-frequencies": lambda mode: pd.Series(["a"]).wc.frequencies(mode=mode),
    "arrow-split": lambda mode: arrow.split(pa.array(["a"]), mode=mode),
    "arrow-frequencies": lambda mode: arrow.frequencies(pa.array(["a"]), mode=mode),
}


def _mode_case(name: str) -> Case:
    call = MODE_CALLS[name]
    function = name.split("-", 1)[1]
    return Case(
        f"{name}-unknown-mode",
        lambda: call("chars"),
        ValueError,
        f"{function}: mode must be one of 'whitespace', 'words', got 'chars'",
    )


OTHER_ARGUMENT_CASES = [
    Case(
        "polars-top_words-negative-k",
        lambda: pl.col("text").wc.top_words(-1),
        ValueError,
        "top_words: k must be >= 0, got -1",
    ),
    Case(
        "pandas-top_words-negative-k",
        lambda: pd.Series(["a"]).wc.top_words(-3),
        ValueError,
        "top_words: k must be >= 0, got -3",
    ),
    Case(
        "arrow-top_words-negative-k",
        lambda: arrow.top_words(pa.array(["a"]), -2),
        ValueError,
        "top_words: k must be >= 0, got -2",
    ),
    Case(
        "polars-top_words-float-k",
        lambda: pl.col("text").wc.top_words(2.5),  # type: ignore[arg-type]
        TypeError,
        "top_words: k must be an int or None, got float",
    ),
    Case(
        "polars-count-ignore_case-str",
        lambda: pl.col("text").wc.count("a", ignore_case="yes"),  # type: ignore[arg-type]
        TypeError,
        "count: ignore_case must be a bool, got str",
    ),
    Case(
        "function-text-int",
        lambda: wc.count(1, "a"),  # type: ignore[arg-type]
        TypeError,
        "count: text must be a column name or a polars expression, got int",
    ),
    Case(
        "arrow-data-list",
        lambda: arrow.count(["a b"], "a"),
        TypeError,
        "expected an Arrow array or stream",
    ),
    Case(
        "arrow-family-unknown",
        lambda: arrow.family(pa.array(["a"]), "sentences"),
        ValueError,
        "sentences",
    ),
    Case(
        "polars-top_words-bool-k",
        lambda: pl.col("text").wc.top_words(True),
        TypeError,
        "top_words: k must be an int or None, got bool",
    ),
]

# --- pandas: values, not dtypes --------------------------------------------------------------

# A lone surrogate, which a Python str holds and UTF-8 cannot.
SURROGATE_TEXT = pd.Series(["a b", "a \ud800 a"], dtype=object, index=["x", "y"])

PANDAS_VALUE_CASES = [
    Case(
        "pandas-object-of-integers",
        lambda: pd.Series([1, 2], dtype=object).wc,
        AttributeError,
        "Can only use .wc accessor with string values, not object holding integer values",
    ),
    Case(
        "pandas-object-of-bytes",
        lambda: pd.Series([b"a", None], dtype=object).wc.count("a"),
        TypeError,
        "Cannot use .wc.count with values of inferred dtype 'bytes'.",
    ),
    Case(
        "pandas-bytes-of-lone-surrogate",
        lambda: SURROGATE_TEXT.wc.bytes(),
        ValueError,
        "bytes: the text at index 'y' (row 1) holds the lone surrogate '\\ud800'",
    ),
    Case(
        "pandas-words-mode-lone-surrogate",
        lambda: SURROGATE_TEXT.wc.count("a", mode="words"),
        ValueError,
        "count: the text at index 'y' (row 1) holds the lone surrogate '\\ud800'",
    ),
]

CASES: list[Case] = [
    *DTYPE_CASES,
    *(case for name, needle in BAD_NEEDLES.items() for case in _needle_cases(name, needle)),
    *PER_ROW_NEEDLE_CASES,
    *(_count_many_case(p, n) for p in COUNT_MANY_RUNNERS for n in BAD_NEEDLE_LISTS),
    *(_mode_case(name) for name in MODE_CALLS),
    *OTHER_ARGUMENT_CASES,
    *PANDAS_VALUE_CASES,
]


def test_catalogue_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_raises_a_named_error(case: Case) -> None:
    with pytest.raises(case.error) as info:
        case.run()
    message = str(info.value)
    assert case.fragment in message
    for marker in CRASH_MARKERS:
        assert marker not in message


# The child replays every case and prints the ids of those that raised the expected error;
# an abort (a panic across the FFI boundary, a segfault) ends it with a signal instead.
REPLAY_IN_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import test_bad_input_catalogue as catalogue
survived = []
for case in catalogue.CASES:
    try:
        case.run()
    except case.error:
        survived.append(case.id)
print(json.dumps(survived))
"""


def test_every_case_survives_in_a_child_process(tmp_path: Path) -> None:
    tests_dir = str(Path(__file__).parent)
    # cwd outside the repository, so the child imports the installed package.
    done = run_python(REPLAY_IN_CHILD, tests_dir, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [case.id for case in CASES]
    for marker in CRASH_MARKERS:
        assert marker not in done.stderr


# --- pandas: values that are not strings -----------------------------------------------------


def test_pandas_object_series_with_non_strings_gives_missing_like_str() -> None:
    rows = ["a b a", 1, None, b"a", ["a"], 2.5, "a", {"a": 1}, "b a"]
    series = pd.Series(rows, dtype=object, index=[9, 8, 7, 6, 5, 4, 3, 2, 1], name="mixed")
    out = series.wc.count("a")
    str_count = series.str.count("a")
    assert out.dtype == str_count.dtype
    assert out.isna().tolist() == str_count.isna().tolist()
    assert out.index.equals(series.index)
    assert out.name == "mixed"
    expected = [split_count(r, "a") if isinstance(r, str) else None for r in rows]
    assert [None if math.isnan(v) else int(v) for v in out] == expected


def test_pandas_object_series_with_non_strings_in_other_functions() -> None:
    rows = ["a b a", 1, None, b"a", "b"]
    series = pd.Series(rows, dtype=object)
    strings = [r for r in rows if isinstance(r, str)]
    missing = [not isinstance(r, str) for r in rows]
    assert series.wc.words().isna().tolist() == missing
    assert series.wc.count_many(["a", "b"]).isna().all(axis=1).tolist() == missing
    # top_words skips what is missing, as the reference skips None.
    top = series.wc.top_words()
    assert list(zip(top["word"], top["count"])) == reference_top_words(strings, None)


# --- the command line ---------------------------------------------------------------------

NEEDLE = "a"
OUTPUT_NAME = "per_row.csv"


def _write_csv(directory: Path) -> Path:
    path = directory / "data.csv"
    path.write_text("text,other\na b a,1\nb,2\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class CliCase:
    """``make_args(tmp_path)`` builds the inputs and returns the arguments after ``count``;
    the single stderr line must contain every fragment."""

    id: str
    make_args: Callable[[Path], list[str]]
    fragments: tuple[str, ...]


def _non_utf8_file(directory: Path) -> list[str]:
    path = directory / "latin1.txt"
    path.write_bytes("café au lait\n".encode("latin-1"))
    return [NEEDLE, str(path)]


def _non_utf8_csv(directory: Path) -> list[str]:
    path = directory / "latin1.csv"
    path.write_bytes("text\ncafé au lait\n".encode("latin-1"))
    return [NEEDLE, str(path), "--column", "text"]


def _binary_file(directory: Path) -> list[str]:
    path = directory / "blob.txt"
    path.write_bytes(bytes(range(256)) * 4)
    return [NEEDLE, str(path)]


def _corrupt_parquet(directory: Path) -> list[str]:
    path = directory / "broken.parquet"
    path.write_bytes(bytes(range(256)) * 4)
    return [NEEDLE, str(path)]


def _unknown_suffix_not_utf8(directory: Path) -> list[str]:
    # Any unknown suffix is read as text (tests/test_cli.py counts one), so bad bytes in it are
    # a text file's UTF-8 error, named with the file.
    path = directory / "blob.bin"
    path.write_bytes(b"a b\n\xff\xfe a\n")
    return [NEEDLE, str(path)]


def _directory(directory: Path) -> list[str]:
    folder = directory / "a_folder"
    folder.mkdir()
    return [NEEDLE, str(folder)]


def _empty_csv(directory: Path) -> list[str]:
    path = directory / "empty.csv"
    path.write_bytes(b"")
    return [NEEDLE, str(path), "--column", "text"]


def _empty_ndjson(directory: Path) -> list[str]:
    path = directory / "empty.ndjson"
    path.write_bytes(b"")
    return [NEEDLE, str(path)]


def _missing_column(directory: Path) -> list[str]:
    return [NEEDLE, str(_write_csv(directory)), "--column", "body"]


def _numeric_column(directory: Path) -> list[str]:
    path = directory / "rows.ndjson"
    path.write_text('{"text": "a b", "n": 1}\n{"text": "a", "n": 2}\n', encoding="utf-8")
    return [NEEDLE, str(path), "--column", "n"]


def _second_path_missing(directory: Path) -> list[str]:
    # The first file is fine: the error on the second must still leave no output behind.
    return [NEEDLE, str(_write_csv(directory)), str(directory / "gone.csv"), "--column", "text"]


def _second_path_not_utf8(directory: Path) -> list[str]:
    # The failure comes while counting, after the first file's rows were already written out.
    good = _write_csv(directory)
    _non_utf8_csv(directory)
    return [NEEDLE, str(good), str(directory / "latin1.csv"), "--column", "text"]


CLI_CASES = [
    CliCase("missing-file", lambda d: [NEEDLE, str(d / "nope.txt")], ("nope.txt", "No such file")),
    CliCase("second-file-missing", _second_path_missing, ("gone.csv", "No such file")),
    CliCase("missing-column", _missing_column, ("data.csv", "no column 'body'")),
    CliCase("numeric-column", _numeric_column, ("rows.ndjson", "'n'", "not a String column")),
    CliCase("non-utf8-text", _non_utf8_file, ("latin1.txt", "not valid UTF-8")),
    CliCase("second-file-not-utf8", _second_path_not_utf8, ("latin1.csv", "not valid UTF-8")),
    CliCase("binary-file", _binary_file, ("blob.txt", "not valid UTF-8")),
    CliCase("corrupt-parquet", _corrupt_parquet, ("broken.parquet",)),
    CliCase("unknown-suffix-not-utf8", _unknown_suffix_not_utf8, ("blob.bin", "not valid UTF-8")),
    CliCase("directory", _directory, ("a_folder", "directory")),
    CliCase("empty-csv", _empty_csv, ("empty.csv", "empty file")),
    CliCase("empty-ndjson", _empty_ndjson, ("empty.ndjson", "empty file")),
]


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # cwd outside the repository, so the child imports the installed package.
    return subprocess.run(
        [sys.executable, "-m", "wordcount_polars", "count", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], fragments: tuple[str, ...]):
    assert done.returncode != 0, done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("wordcount-polars: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    for marker in CRASH_MARKERS:
        assert marker not in done.stderr


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_cli_bad_input_exits_with_one_line(case: CliCase, tmp_path: Path) -> None:
    pytest.importorskip("wordcount_polars.cli")
    args = case.make_args(tmp_path)
    output = tmp_path / OUTPUT_NAME
    done = run_cli([*args, "--per-row", str(output)], tmp_path)
    assert_one_line_error(done, case.fragments)
    assert not output.exists(), "a failed run must not leave an output file"
    # Nor a temporary file on its way to becoming one.
    assert [p.name for p in tmp_path.iterdir() if OUTPUT_NAME in p.name] == []


def test_cli_failure_keeps_an_existing_output_file(tmp_path: Path) -> None:
    pytest.importorskip("wordcount_polars.cli")
    output = tmp_path / OUTPUT_NAME
    output.write_text("previous results\n", encoding="utf-8")
    done = run_cli([*_second_path_missing(tmp_path), "--per-row", str(output)], tmp_path)
    assert_one_line_error(done, ("gone.csv",))
    assert output.read_text(encoding="utf-8") == "previous results\n"


def test_cli_good_input_counts_like_the_reference(tmp_path: Path) -> None:
    # The control for the cases above: good input, including an empty text file (no lines,
    # so a count of 0, unlike an empty CSV, which lacks its header), succeeds.
    pytest.importorskip("wordcount_polars.cli")
    data = _write_csv(tmp_path)
    empty_text = tmp_path / "empty.txt"
    empty_text.write_bytes(b"")
    output = tmp_path / OUTPUT_NAME
    args = [NEEDLE, str(data), str(empty_text), "--column", "text", "--per-row", str(output)]
    done = run_cli(args, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data_total = sum(split_count(t, NEEDLE) for t in ["a b a", "b"])
    assert done.stdout.splitlines() == [
        f"{data}\t{data_total}",
        f"{empty_text}\t0",
        f"total\t{data_total}",
    ]
    per_row = pl.read_csv(output)
    assert per_row["count"].to_list() == [split_count(t, NEEDLE) for t in ["a b a", "b"]]
