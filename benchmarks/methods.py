"""Every way the suite counts a needle, in one registry (``METHODS``), plus the inputs they read.

A method takes one prepared input (a Polars DataFrame, a pandas Series, a list of str, ...) and
a needle and returns the total count over all rows, so every method can be checked against the
reference total. ``exact`` records whether the method *claims* the contract
``text.split().count(needle)``; the run checks the claim against the reference anyway.

Imports of optional libraries (duckdb) are deferred to the method that needs them, so the suite
still runs where they are missing (e.g. the CI venv that only has the test extras).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from corpora import concatenated_bytes  # benchmark-local module beside this one

import wordcount_polars  # noqa: F401  (registers pl.Expr.wc and pd.Series.wc)
from wordcount_polars import arrow as wc_arrow

# The talk's function, verbatim: the package keeps the one copy (its `bench` command runs it too).
from wordcount_polars.cli import count_ocurrences

# Python's whitespace, read off the interpreter: the 29 code points of str.isspace().
PY_WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
# The same set as a regex class; \x{...} escapes are understood by Rust's regex and RE2 alike.
WS_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_WHITESPACE) + "]"
TOKEN_CLASS = "[^" + WS_CLASS[1:]


class Inputs:
    """The representations of one corpus that methods read, each built on first use.

    Building lazily lets a memory-measuring child build only what its method reads, so its
    baseline is that representation and nothing else.
    """

    def __init__(self, rows: pa.ChunkedArray) -> None:
        self.rows = rows  # large_string, the generator's output

    @cached_property
    def polars(self) -> pl.DataFrame:
        # One chunk, as a freshly loaded column would be: Polars' native string-view layout.
        return pl.DataFrame({"text": pl.from_arrow(self.rows)}).rechunk()

    @cached_property
    def pandas_large_string(self) -> pd.Series:
        # pd.ArrowDtype(pa.large_string()): wraps the Arrow buffers without a copy.
        return pd.Series(pd.arrays.ArrowExtensionArray(self.rows), name="text")

    @cached_property
    def pandas_string_pyarrow(self) -> pd.Series:
        # "string[pyarrow]" (StringDtype("pyarrow")), the pandas string dtype most users have.
        return pd.Series(pd.StringDtype("pyarrow").__from_arrow__(self.rows), name="text")

    @cached_property
    def arrow(self) -> pa.ChunkedArray:
        return self.rows

    @cached_property
    def python(self) -> list[str]:
        return self.rows.to_pylist()

    @cached_property
    def bytes(self) -> bytes:
        return concatenated_bytes(self.rows)

    @cached_property
    def duckdb(self) -> Any:
        # A native DuckDB table (copied in once), so DuckDB is timed on its own storage rather
        # than on an Arrow scan.
        import duckdb

        con = duckdb.connect()
        source = pa.table({"text": self.rows})  # noqa: F841  (found by DuckDB's replacement scan)
        con.execute("CREATE TABLE t AS SELECT text FROM source")
        return con

    def get(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class Method:
    name: str
    fn: Callable[[Any, str], int | None]
    exact: bool  # claims to compute text.split().count(needle)
    reads: str  # which Inputs representation it takes
    family: str  # ours / polars / pandas / pyarrow / duckdb / python / limit
    # Which rows it is timed on: "full" corpus, or the leading rows of the "native" (tokenising
    # baselines) or "python" (pure Python) subsample; see run.py's --*-subsample flags.
    sample: str = "full"
    note: str = ""
    # An optional check whether the method can run here (library installed, API present).
    available: Callable[[], bool] = lambda: True


# --- our paths -----------------------------------------------------------------------------


def ours_polars(df: pl.DataFrame, needle: str) -> int:
    return df.select(pl.col("text").wc.count(needle).sum()).item()


def ours_pandas(s: pd.Series, needle: str) -> int:
    return int(s.wc.count(needle).sum())


def ours_arrow(rows: pa.ChunkedArray, needle: str) -> int:
    return pc.sum(wc_arrow.count(rows, needle)).as_py() or 0


# --- pure Python ---------------------------------------------------------------------------


def python_reference(rows: list[str], needle: str) -> int:
    return sum(count_ocurrences(row, needle) for row in rows)


def python_split_count(rows: list[str], needle: str) -> int:
    return sum(row.split().count(needle) for row in rows)


# --- Polars-native expressions -------------------------------------------------------------


def polars_extract_nonspace(df: pl.DataFrame, needle: str) -> int:
    # The obvious regex: Rust's \S treats U+001C..U+001F as token characters, Python does not.
    expr = pl.col("text").str.extract_all(r"\S+").list.count_matches(needle)
    return df.select(expr.sum()).item()


def polars_extract_pyclass(df: pl.DataFrame, needle: str) -> int:
    # The same with Python's exact whitespace class spelled out: exact, same cost profile.
    expr = pl.col("text").str.extract_all(TOKEN_CLASS + "+").list.count_matches(needle)
    return df.select(expr.sum()).item()


def padded_text() -> pl.Expr:
    """Every whitespace run becomes two spaces and the row gets one space on each side, so a
    token equal to the needle is exactly a non-overlapping " needle " (neighbours no longer share
    a separator). Exact for non-empty, whitespace-free needles, which is all this suite uses."""
    return pl.lit(" ") + pl.col("text").str.replace_all(WS_CLASS + "+", "  ") + pl.lit(" ")


def polars_pad_literal(df: pl.DataFrame, needle: str) -> int:
    expr = padded_text().str.count_matches(f" {needle} ", literal=True)
    return df.select(expr.sum()).item()


def polars_split_space(df: pl.DataFrame, needle: str) -> int:
    # Splits on " " only: tabs, newlines and other whitespace stay inside tokens.
    expr = pl.col("text").str.split(" ").list.count_matches(needle)
    return df.select(expr.sum()).item()


# --- pandas, pyarrow, DuckDB ---------------------------------------------------------------


def pandas_split_map(s: pd.Series, needle: str) -> int:
    # On string[pyarrow] this splits in Arrow, then every row becomes a Python list for .count.
    counts = s.str.split().map(lambda toks: toks.count(needle), na_action="ignore")
    return int(counts.sum())


def pyarrow_split_whitespace(rows: pa.ChunkedArray, needle: str) -> int:
    tokens = pc.list_flatten(pc.utf8_split_whitespace(rows))
    return pc.sum(pc.equal(tokens, pa.scalar(needle, tokens.type))).as_py() or 0


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def duckdb_split_filter(con: Any, needle: str) -> int:
    # RE2 understands the same \x{...} class; the lambda keyword is DuckDB >= 1.3 syntax.
    query = (
        f"SELECT sum(len(list_filter(regexp_split_to_array(text, {_sql_string(WS_CLASS + '+')}),"
        f" lambda x: x = {_sql_string(needle)}))) FROM t"
    )
    return int(con.execute(query).fetchone()[0] or 0)


def duckdb_available() -> bool:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


# --- the limit -----------------------------------------------------------------------------


def memchr_scan(raw: bytes, needle: str) -> None:
    # One memchr pass over the same bytes, for an absent byte: the speed of just reading them.
    raw.find(b"\x00")
    return None


METHODS: list[Method] = [
    Method(
        "ours: polars wc.count",
        ours_polars,
        True,
        "polars",
        "ours",
        note='`df.select(pl.col("text").wc.count(needle).sum())` on an eager one-chunk frame',
    ),
    Method(
        "ours: pandas wc.count [large_string[pyarrow]]",
        ours_pandas,
        True,
        "pandas_large_string",
        "ours",
        note="`s.wc.count(needle).sum()`, dtype `pd.ArrowDtype(pa.large_string())`",
    ),
    Method(
        "ours: pandas wc.count [string[pyarrow]]",
        ours_pandas,
        True,
        "pandas_string_pyarrow",
        "ours",
        note='`s.wc.count(needle).sum()`, dtype `"string[pyarrow]"`',
    ),
    Method(
        "ours: arrow.count (pyarrow array)",
        ours_arrow,
        True,
        "arrow",
        "ours",
        note="`pc.sum(wordcount_polars.arrow.count(chunked_array, needle))`",
    ),
    Method(
        "python: count_ocurrences per row",
        python_reference,
        True,
        "python",
        "python",
        sample="python",
        note="the talk's function (splitlines, split, compare) summed over a list of str",
    ),
    Method(
        "python: str.split().count per row",
        python_split_count,
        True,
        "python",
        "python",
        sample="python",
        note="`sum(row.split().count(needle) for row in rows)`: the contract itself",
    ),
    Method(
        r"polars: extract_all(\S+).list.count_matches",
        polars_extract_nonspace,
        False,
        "polars",
        "polars",
        sample="native",
        note=r"the obvious expression; Rust's `\S` keeps U+001C..U+001F inside tokens",
    ),
    Method(
        "polars: extract_all([^pyws]+).list.count_matches",
        polars_extract_pyclass,
        True,
        "polars",
        "polars",
        sample="native",
        note="the same with Python's 29 whitespace code points spelled out as a class",
    ),
    Method(
        "polars: replace_all(pyws+, 2 spaces), pad, count_matches literal",
        polars_pad_literal,
        True,
        "polars",
        "polars",
        sample="native",
        note="every whitespace run becomes two spaces, the row is padded with one space each "
        'side, then `str.count_matches(" needle ", literal=True)`; exact for non-empty '
        "whitespace-free needles, and tokenises nothing",
    ),
    Method(
        'polars: split(" ").list.count_matches',
        polars_split_space,
        False,
        "polars",
        "polars",
        sample="native",
        note="splits on the space character only: tabs, newlines and NBSP stay inside tokens",
    ),
    Method(
        "pandas: str.split().map(list.count) [string[pyarrow]]",
        pandas_split_map,
        True,
        "pandas_string_pyarrow",
        "pandas",
        sample="python",
        note="`s.str.split().map(lambda toks: toks.count(needle)).sum()`",
    ),
    Method(
        "pyarrow: utf8_split_whitespace, flatten, equal, sum",
        pyarrow_split_whitespace,
        True,
        "arrow",
        "pyarrow",
        sample="native",
        note="Arrow's whitespace set matched Python's on all 29 code points and the four "
        "look-alikes when checked by hand with pyarrow 26; the totals check it on every run",
    ),
    Method(
        "duckdb: regexp_split_to_array([pyws]+), list_filter",
        duckdb_split_filter,
        True,
        "duckdb",
        "duckdb",
        sample="native",
        available=duckdb_available,
        note="`sum(len(list_filter(regexp_split_to_array(text, '[pyws]+'), lambda x: "
        "x = needle)))` on a native DuckDB table",
    ),
    Method(
        'limit: bytes.find(b"\\x00") (one memchr scan)',
        memchr_scan,
        False,
        "bytes",
        "limit",
        note="not a count: one memchr pass over the concatenated UTF-8 bytes, for a byte that "
        "never occurs; the speed of reading the bytes once",
    ),
]

OURS_POLARS = METHODS[0].name
REFERENCE = "python: count_ocurrences per row"
MEMCHR = METHODS[-1].name


def by_name(name: str) -> Method:
    for method in METHODS:
        if method.name == name:
            return method
    raise KeyError(name)


# --- APIs that may not exist yet (count_many, top_words): probed, never assumed ----------------


def has_polars_api(name: str) -> bool:
    return hasattr(pl.col("text").wc, name)


def has_pandas_api(name: str) -> bool:
    return hasattr(pd.Series(["a"], dtype="string[pyarrow]").wc, name)
