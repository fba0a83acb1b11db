"""Data a user can hand the package that lies at the edge of what the intake reads: text that is
not valid UTF-8, Polars Categorical and Enum columns, Arrow dictionaries and structs with their
own nulls, odd chunkings and offsets, other producers' streams, and a row too long for a
UInt32 count.

Each input runs in its own child process (tests/child_process.py), so a segfault or an abort
fails its test and no other. Every answer is the plain-Python reference's on the decoded rows
(the reference answers of tests/test_surfaces.py's operations), or an ordinary exception whose
message names the problem.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from child_process import attempt, call_in_child
from reference import count_with, split_count
from test_surfaces import (
    ALL_ROWS,
    ArrowSurface,
    PolarsSurface,
    Rows,
    expected_answers,
    per_row_needles,
    run_ops,
)

import wordcount_polars  # noqa: F401  (registers .wc on Polars and pandas)
from wordcount_polars import arrow

MODULE = "test_data_boundary"


def answers_of(rows: Rows) -> Any:
    """The reference answers for ``rows``, with their per-row needles."""
    return expected_answers(tuple(rows), tuple(per_row_needles(rows)))


# --- 1. text that is not valid UTF-8 --------------------------------------------------------

# pyarrow's Parquet reader does not validate UTF-8, so these bytes reach the package as strings.
BAD_UTF8 = {
    # rows, and the first bad row.
    "row-0": ([b"a \xff a \xc3", b"b a"], 0),
    "row-1": ([b"ok", b"a \xff"], 1),
    # A truncated sequence at the very end of the row, in the second row group (chunk).
    "row-3-second-chunk": ([b"ok", None, b"a b", b"a \xe6\x9d"], 3),
}
# Rows per Parquet row group, so that "row-3-second-chunk" is read as two chunks.
ROW_GROUP_SIZE = 2


def write_bad_parquet(layout: str, path: str) -> None:
    rows, _ = BAD_UTF8[layout]
    texts = pa.array(rows, type=pa.binary()).view(pa.string())
    pq.write_table(pa.table({"t": texts}), path, row_group_size=ROW_GROUP_SIZE)


def bad_pandas() -> pd.Series:
    return pd.read_parquet("bad.parquet")["t"]


def bad_table() -> pa.Table:
    return pq.read_table("bad.parquet")


def bad_binary(layout: str, binary_type: pa.DataType) -> pa.Array:
    return pa.array(BAD_UTF8[layout][0], type=binary_type)


def valid_needles(n: int) -> pd.Series:
    return pd.Series(["a"] * n, dtype="str")


# Each call on the bad rows, as the child makes it (its working directory holds bad.parquet).
BAD_UTF8_CALLS: dict[str, Callable[[str], object]] = {
    "pandas-words": lambda _: bad_pandas().wc.words(),
    "pandas-count-ignore_case": lambda _: bad_pandas().wc.count("A", ignore_case=True),
    "pandas-count-words-mode": lambda _: bad_pandas().wc.count("a", mode="words"),
    "pandas-top_words": lambda _: bad_pandas().wc.top_words(),
    "pandas-count_many": lambda _: bad_pandas().wc.count_many(["a", "b"]),
    "pandas-count-per-row": lambda _: bad_pandas().wc.count(valid_needles(len(bad_pandas()))),
    "arrow-table-count-words-mode": lambda _: arrow.count(bad_table(), "a", mode="words"),
    "arrow-table-count": lambda _: arrow.count(bad_table(), "a"),
    "arrow-table-count_many": lambda _: arrow.count_many(bad_table(), ["a", "b"]),
    "arrow-table-chars": lambda _: arrow.family(bad_table(), "chars"),
    "arrow-table-top_words": lambda _: arrow.top_words(bad_table(), 2),
    "arrow-large_string-count": lambda layout: arrow.count(
        bad_binary(layout, pa.large_binary()).view(pa.large_string()), "a"
    ),
    "arrow-string_view-count": lambda layout: arrow.count(
        bad_binary(layout, pa.binary_view()).view(pa.string_view()), "a"
    ),
    # The needles are the bad strings, the text is fine.
    "arrow-needle-stream": lambda layout: arrow.count(
        pa.array(["a"] * len(BAD_UTF8[layout][0])),
        bad_binary(layout, pa.binary()).view(pa.string()),
    ),
}
# The issue's five calls with the first bad row first and second; the other calls with the
# second; two calls with the bad row in the second chunk.
REPRODUCER_CALLS = [
    "pandas-words",
    "pandas-count-ignore_case",
    "pandas-count-words-mode",
    "pandas-top_words",
    "arrow-table-count-words-mode",
]
BAD_UTF8_CASES = [
    *((call, layout) for call in REPRODUCER_CALLS for layout in ("row-0", "row-1")),
    *((call, "row-1") for call in BAD_UTF8_CALLS if call not in REPRODUCER_CALLS),
    ("pandas-words", "row-3-second-chunk"),
    ("arrow-table-count", "row-3-second-chunk"),
]


def bad_utf8_in_child(call: str, layout: str) -> object:
    write_bad_parquet(layout, "bad.parquet")
    # The repr of what a call gave instead of failing, to show in the test's failure.
    return attempt(lambda: repr(BAD_UTF8_CALLS[call](layout))[:2000])


@pytest.mark.parametrize(
    ("call", "layout"), BAD_UTF8_CASES, ids=["-".join(c) for c in BAD_UTF8_CASES]
)
def test_invalid_utf8_is_a_value_error_naming_the_first_bad_row(
    call: str, layout: str, tmp_path: Path
) -> None:
    got = call_in_child(MODULE, "bad_utf8_in_child", call, layout, cwd=tmp_path)
    assert got.get("error") == "ValueError", got
    message = got["message"]
    assert "not valid UTF-8" in message
    bad_row = BAD_UTF8[layout][1]
    assert re.findall(r"\brow (\d+)\b", message) == [str(bad_row)], message


def test_the_bad_utf8_really_reaches_the_package_unchecked(tmp_path: Path) -> None:
    # The premise: pyarrow and pandas hand these rows over as strings without a complaint.
    path = str(tmp_path / "bad.parquet")
    write_bad_parquet("row-0", path)
    table = pq.read_table(path)
    assert table.schema.field("t").type == pa.string()
    with pytest.raises(pa.ArrowInvalid):
        table.column("t").validate(full=True)
    assert pd.read_parquet(path)["t"].dtype == "str"
    layout = "row-3-second-chunk"
    write_bad_parquet(layout, path)
    assert pq.read_table(path).column("t").num_chunks == 2


# --- 2. Polars Categorical and Enum -----------------------------------------------------------

TEN_VALUES = ["a b a", "A a", "東京 a", "café", "", "a\u3000a\u001fa", "b", "a a a a", "x y", "a"]
# Values only outside the slice of "categorical-slice-lacks-categories".
OUTSIDE_THE_SLICE = ["only before a", "only after a a"]


def categorical(rows: Rows) -> pl.Series:
    return pl.Series(rows, dtype=pl.String).cast(pl.Categorical)


def slice_lacking_categories() -> pl.Series:
    rows = [OUTSIDE_THE_SLICE[0], *ALL_ROWS, OUTSIDE_THE_SLICE[1]]
    return categorical(rows)[1:-1]


def enum_with_unused_categories(rows: Rows) -> pl.Series:
    used = sorted({r for r in rows if r is not None})
    return pl.Series(rows, dtype=pl.String).cast(pl.Enum(["unused a", *used, "a unused"]))


TWO_THOUSAND = [None if i % 13 == 0 else TEN_VALUES[i % 10] for i in range(2000)]
# More categories than 8-bit codes hold, so the Enum's physical type is UInt16.
THREE_HUNDRED = [f"w{i} a{' a' * (i % 3)}\u2003x" for i in range(300)]
SIX_HUNDRED_ROWS = [None if i % 17 == 0 else THREE_HUNDRED[(i * 7) % 300] for i in range(600)]


def struct_of_categorical(rows: Rows, outer_null: set[int]) -> pl.Series:
    """A one-field struct over a Categorical, null itself at the rows in ``outer_null``."""
    frame = pl.DataFrame(
        {"x": categorical(rows), "keep": [i not in outer_null for i in range(len(rows))]}
    )
    return frame.select(pl.when(pl.col("keep")).then(pl.struct("x")).alias("s")).to_series()


@dataclass(frozen=True)
class PolarsCase:
    """A Polars text column and the strings it holds."""

    build: Callable[[], pl.Series]
    rows: Rows


POLARS_CASES = {
    "categorical-one-row": PolarsCase(lambda: categorical(["a b a"]), ["a b a"]),
    "categorical": PolarsCase(lambda: categorical(ALL_ROWS), ALL_ROWS),
    "categorical-all-null": PolarsCase(lambda: categorical([None, None]), [None, None]),
    "categorical-empty": PolarsCase(lambda: categorical([]), []),
    "categorical-slice-lacks-categories": PolarsCase(slice_lacking_categories, ALL_ROWS),
    "categorical-2000-rows-10-categories": PolarsCase(
        lambda: categorical(TWO_THOUSAND), TWO_THOUSAND
    ),
    "categorical-chunked": PolarsCase(
        lambda: pl.concat([categorical(ALL_ROWS[:20]), categorical(ALL_ROWS[20:])], rechunk=False),
        ALL_ROWS,
    ),
    "enum-unused-categories": PolarsCase(lambda: enum_with_unused_categories(ALL_ROWS), ALL_ROWS),
    "enum-sliced": PolarsCase(
        lambda: enum_with_unused_categories(TWO_THOUSAND)[5:300], TWO_THOUSAND[5:300]
    ),
    "enum-16-bit-codes": PolarsCase(
        lambda: pl.Series(SIX_HUNDRED_ROWS, dtype=pl.Enum(THREE_HUNDRED)), SIX_HUNDRED_ROWS
    ),
    "struct-of-categorical": PolarsCase(
        lambda: struct_of_categorical(ALL_ROWS, {1, 4}),
        [None if i in {1, 4} else r for i, r in enumerate(ALL_ROWS)],
    ),
}


def self_needle_ops(df: pl.DataFrame) -> dict[str, object]:
    """The text column is its own per-row needle, a Categorical needle for a Categorical text."""
    text = pl.col("text")
    return {
        "count-self": attempt(lambda: df.select(text.wc.count(text)).to_series().to_list()),
        "count-self-ignore_case": attempt(
            lambda: df.select(text.wc.count(text, ignore_case=True)).to_series().to_list()
        ),
    }


def self_needle_answers(rows: Rows) -> dict[str, object]:
    return {
        "count-self": {"value": [split_count(r, r) for r in rows]},
        "count-self-ignore_case": {"value": [count_with(r, r, ignore_case=True) for r in rows]},
    }


def polars_case_in_child(case_id: str) -> object:
    case = POLARS_CASES[case_id]
    needles = pl.Series(per_row_needles(case.rows), dtype=pl.String)
    df = pl.DataFrame({"text": case.build(), "needle": needles})
    return {**run_ops(PolarsSurface(), df), **self_needle_ops(df)}


@pytest.mark.parametrize("case_id", POLARS_CASES)
def test_polars_categorical_and_enum_count_as_their_strings(case_id: str, tmp_path: Path) -> None:
    rows = POLARS_CASES[case_id].rows
    got = call_in_child(MODULE, "polars_case_in_child", case_id, cwd=tmp_path)
    assert got == {**answers_of(rows), **self_needle_answers(rows)}


def known_categories(series: pl.Series) -> list[str]:
    """Every category a Categorical's mapping holds, not only those its rows use: polars 2.x
    reads them from the dtype, polars 1.x (which has no `Categories.to_series`) from
    `cat.get_categories`, which 2.x removed."""
    categories = series.dtype.categories  # type: ignore[attr-defined]
    if hasattr(categories, "to_series"):
        return list(categories.to_series().to_list())
    return list(series.cat.get_categories().to_list())


def test_polars_cases_hold_what_they_are_named_for() -> None:
    for case_id, case in POLARS_CASES.items():
        series = case.build()
        if case_id.startswith("struct"):
            assert series.dtype == pl.Struct({"x": pl.Categorical}), case_id
            field = series.struct.field("x").to_list()
            rows = [None if null else v for v, null in zip(field, series.is_null().to_list())]
            assert rows == case.rows, case_id
            continue
        assert series.to_list() == case.rows, case_id
        kind = pl.Enum if case_id.startswith("enum") else pl.Categorical
        assert series.dtype == kind, case_id
    assert POLARS_CASES["enum-16-bit-codes"].build().to_physical().dtype == pl.UInt16
    sliced = POLARS_CASES["categorical-slice-lacks-categories"].build()
    assert not set(OUTSIDE_THE_SLICE) & set(sliced.to_list())
    assert set(OUTSIDE_THE_SLICE) <= set(known_categories(sliced))
    enum = POLARS_CASES["enum-unused-categories"].build()
    assert {"unused a", "a unused"} <= set(enum.dtype.categories.to_list())
    two_thousand = POLARS_CASES["categorical-2000-rows-10-categories"].build()
    assert two_thousand.len() == 2000 and two_thousand.drop_nulls().n_unique() == 10
    assert POLARS_CASES["categorical-chunked"].build().n_chunks() == 2


# --- 3. Arrow data of every shape the intake may be handed ---------------------------------


@dataclass(frozen=True)
class ArrowCase:
    """Arrow data and the strings it holds; ``rows`` is None for data that must be refused with
    a TypeError whose message holds ``refused_as`` (the type as pyarrow prints it)."""

    build: Callable[[], Any]
    rows: Rows | None = None
    refused_as: str = ""


DICTIONARY = ["a b a", None, "東京 a", "", "A a\u3000a", "café", "never used a"]
KEYS = [0, 2, None, 1, 4, 4, 5, None, 3, 0, 2, 0]
DECODED = [None if k is None else DICTIONARY[k] for k in KEYS]
# Every signed key type and an unsigned one, each value type with two of them (int32 keys over
# large_string values are "dictionary-from-dictionary-encode" below).
KEY_AND_VALUE_TYPES = [
    ("int8", "string"),
    ("int16", "large_string"),
    ("int32", "string_view"),
    ("int64", "string"),
    ("uint8", "string_view"),
]


def dictionary(
    keys: Sequence[int | None], values: Rows, key_type: str = "int32", value_type: str = "string"
) -> pa.DictionaryArray:
    arrow_keys = pa.array(keys, type=getattr(pa, key_type)())
    return pa.DictionaryArray.from_arrays(
        arrow_keys, pa.array(values, type=getattr(pa, value_type)())
    )


def one_field_struct(child: Any, mask: list[bool] | None = None) -> pa.StructArray:
    return pa.StructArray.from_arrays(
        [child], names=["x"], mask=None if mask is None else pa.array(mask)
    )


STRUCT_OWN_NULLS = ["a a", "a a a", "a"]
STRUCT_MASK = [False, True, False]
# Nulls of the struct and of its field, in different rows.
FIELD_WITH_NULLS = ["a a", "x", None, "a", "b a"]
FIELD_MASK = [False, True, False, False, True]


def masked(rows: Rows, mask: list[bool]) -> Rows:
    return [None if hidden else r for r, hidden in zip(rows, mask)]


def duckdb_relation() -> Any:
    import duckdb

    connection = duckdb.connect()
    connection.register("texts", pa.table({"i": list(range(len(DUCKDB_ROWS))), "t": DUCKDB_ROWS}))
    return connection.sql("SELECT t FROM texts ORDER BY i")


DUCKDB_ROWS = [None if i % 7 == 0 else f"a b {i % 5} a{i % 3}" for i in range(300)]
EVERY_STRING_TYPE = ["string", "large_string", "string_view"]

ARROW_CASES: dict[str, ArrowCase] = {
    # Dictionaries over each key type and each value type, with null keys and a null value.
    **{
        f"dictionary-{k}-{v}": ArrowCase(
            functools.partial(dictionary, KEYS, DICTIONARY, k, v), DECODED
        )
        for k, v in KEY_AND_VALUE_TYPES
    },
    "dictionary-sliced": ArrowCase(lambda: dictionary(KEYS, DICTIONARY).slice(3, 7), DECODED[3:10]),
    "dictionary-all-keys-null": ArrowCase(
        lambda: dictionary([None, None], DICTIONARY), [None, None]
    ),
    "dictionary-empty": ArrowCase(lambda: dictionary([], DICTIONARY), []),
    # Chunks with different dictionaries, and an empty chunk between them.
    "dictionary-chunked": ArrowCase(
        lambda: pa.chunked_array(
            [
                dictionary(KEYS, DICTIONARY),
                dictionary([], ["z"]),
                dictionary([1, 0, None], ["b a", "a"]),
            ]
        ),
        [*DECODED, "a", "b a", None],
    ),
    "dictionary-from-dictionary-encode": ArrowCase(
        lambda: pa.array(ALL_ROWS, type=pa.large_string()).dictionary_encode(), ALL_ROWS
    ),
    # Structs with one string field: the struct's own nulls are nulls.
    "struct-own-nulls": ArrowCase(
        lambda: one_field_struct(pa.array(STRUCT_OWN_NULLS), STRUCT_MASK),
        masked(STRUCT_OWN_NULLS, STRUCT_MASK),
    ),
    "struct-own-and-field-nulls": ArrowCase(
        lambda: one_field_struct(pa.array(FIELD_WITH_NULLS, pa.large_string()), FIELD_MASK),
        masked(FIELD_WITH_NULLS, FIELD_MASK),
    ),
    "struct-own-nulls-sliced": ArrowCase(
        lambda: one_field_struct(pa.array(FIELD_WITH_NULLS, pa.string_view()), FIELD_MASK).slice(1),
        masked(FIELD_WITH_NULLS, FIELD_MASK)[1:],
    ),
    "struct-of-a-dictionary": ArrowCase(
        lambda: one_field_struct(dictionary(KEYS, DICTIONARY, "int16")), DECODED
    ),
    "struct-of-a-dictionary-own-nulls": ArrowCase(
        lambda: one_field_struct(
            dictionary(KEYS[:5], DICTIONARY), [True, False, False, True, False]
        ),
        masked(DECODED[:5], [True, False, False, True, False]),
    ),
    # Offsets, chunks and empties of every string type.
    **{
        f"sliced-{t}": ArrowCase(
            lambda t=t: pa.array(ALL_ROWS, type=getattr(pa, t)()).slice(3, 50), ALL_ROWS[3:53]
        )
        for t in EVERY_STRING_TYPE
    },
    **{
        f"chunked-sliced-{t}": ArrowCase(
            lambda t=t: pa.chunked_array(
                [ALL_ROWS[:10], [], ALL_ROWS[10:30], [], ALL_ROWS[30:]], type=getattr(pa, t)()
            ).slice(5, 40),
            ALL_ROWS[5:45],
        )
        for t in EVERY_STRING_TYPE
    },
    **{
        f"empty-{t}": ArrowCase(lambda t=t: pa.array([], type=getattr(pa, t)()), [])
        for t in EVERY_STRING_TYPE
    },
    "chunked-no-chunks": ArrowCase(lambda: pa.chunked_array([], type=pa.string()), []),
    "chunked-only-empty-chunks": ArrowCase(
        lambda: pa.chunked_array([[], []], type=pa.large_string()), []
    ),
    "chunked-empty-chunk-first": ArrowCase(
        lambda: pa.chunked_array([[], ALL_ROWS], type=pa.string_view()), ALL_ROWS
    ),
    "all-null": ArrowCase(lambda: pa.array([None, None, None], type=pa.string()), [None] * 3),
    # Tables and record batches with one string column.
    "table-one-string-column": ArrowCase(
        lambda: pa.table(
            {"t": pa.chunked_array([ALL_ROWS[:7], [], ALL_ROWS[7:]], type=pa.large_string())}
        ),
        ALL_ROWS,
    ),
    "table-sliced": ArrowCase(
        lambda: pa.table({"t": pa.array(ALL_ROWS, type=pa.string())}).slice(2, 30), ALL_ROWS[2:32]
    ),
    "table-one-dictionary-column": ArrowCase(
        lambda: pa.table({"t": dictionary(KEYS, DICTIONARY)}), DECODED
    ),
    "record-batch-one-string-column": ArrowCase(
        lambda: pa.record_batch({"t": pa.array(ALL_ROWS, type=pa.string_view())}), ALL_ROWS
    ),
    # Another producer's stream.
    "duckdb-relation": ArrowCase(duckdb_relation, DUCKDB_ROWS),
}


# Data that holds no text: each must be refused with a TypeError naming its type.
def refused(data: Callable[[], Any], name: str | None = None) -> ArrowCase:
    return ArrowCase(data, None, name if name is not None else str(data().type))


REFUSED_CASES: dict[str, ArrowCase] = {
    "binary": refused(lambda: pa.array([b"a b"], type=pa.binary())),
    "large_binary": refused(lambda: pa.array([b"a b"], type=pa.large_binary())),
    "binary_view": refused(lambda: pa.array([b"a b"], type=pa.binary_view())),
    "int64": refused(lambda: pa.array([1, 2])),
    "list": refused(lambda: pa.array([["a"], ["b"]])),
    "struct-two-fields": refused(lambda: pa.array([{"x": "a", "y": "b"}])),
    "struct-int-field": refused(lambda: pa.array([{"x": 1}, None])),
    "dictionary-of-int": refused(
        lambda: pa.array([1, 2, 1]).dictionary_encode(), "dictionary<values=int64"
    ),
}
REFUSING_CALLS: dict[str, Callable[[Any], object]] = {
    "count": lambda data: arrow.count(data, "a"),
    "count_many": lambda data: arrow.count_many(data, ["a", "b"]),
    "family": lambda data: arrow.family(data, "words"),
    "top_words": lambda data: arrow.top_words(data, 3),
}


def arrow_case_in_child(case_id: str) -> object:
    if case_id in REFUSED_CASES:
        data = REFUSED_CASES[case_id].build()
        return {
            name: attempt(functools.partial(call, data)) for name, call in REFUSING_CALLS.items()
        }
    case = ARROW_CASES[case_id]
    rows = case.rows
    assert rows is not None
    needles = pa.array(per_row_needles(rows), type=pa.string())
    return run_ops(ArrowSurface(), (case.build(), needles))


@pytest.mark.parametrize("case_id", ARROW_CASES)
def test_arrow_data_counts_as_its_strings(case_id: str, tmp_path: Path) -> None:
    if case_id.startswith("duckdb"):
        pytest.importorskip("duckdb")
    rows = ARROW_CASES[case_id].rows
    assert rows is not None
    got = call_in_child(MODULE, "arrow_case_in_child", case_id, cwd=tmp_path)
    assert got == answers_of(rows)


@pytest.mark.parametrize("case_id", REFUSED_CASES)
def test_arrow_data_without_text_is_a_type_error_naming_the_type(
    case_id: str, tmp_path: Path
) -> None:
    got = call_in_child(MODULE, "arrow_case_in_child", case_id, cwd=tmp_path)
    name = REFUSED_CASES[case_id].refused_as
    for call, answer in got.items():
        assert answer.get("error") == "TypeError", (call, answer)
        assert name in answer["message"], (call, answer)


def decoded(data: Any) -> Rows:
    """The strings that pyarrow (or DuckDB) reads out of ``data``: a struct's row is null when
    the struct's own validity says so."""
    if isinstance(data, (pa.Table, pa.RecordBatch)):
        return data.column(0).to_pylist()
    if hasattr(data, "fetchall"):
        return [row[0] for row in data.fetchall()]
    if pa.types.is_struct(data.type):
        return [None if row is None else row["x"] for row in data.to_pylist()]
    return data.to_pylist()


def test_arrow_cases_hold_what_they_are_named_for() -> None:
    for case_id, case in ARROW_CASES.items():
        if case_id.startswith("duckdb") and importlib.util.find_spec("duckdb") is None:
            continue
        data = case.build()
        assert decoded(data) == case.rows, case_id
    for case_id in ARROW_CASES:
        if case_id.startswith(("sliced-", "dictionary-sliced", "struct-own-nulls-sliced")):
            assert ARROW_CASES[case_id].build().offset > 0, case_id
    types = {ARROW_CASES[f"dictionary-{k}-{v}"].build().type for k, v in KEY_AND_VALUE_TYPES}
    assert {str(t.index_type) for t in types} == {k for k, _ in KEY_AND_VALUE_TYPES}
    assert {str(t.value_type) for t in types} == {"string", "large_string", "string_view"}
    # A null value in the dictionary, reached by a valid key, as well as null keys.
    assert DICTIONARY[KEYS[3]] is None and None in KEYS
    chunked = ARROW_CASES["dictionary-chunked"].build()
    assert chunked.chunk(0).dictionary != chunked.chunk(2).dictionary
    assert ARROW_CASES["chunked-no-chunks"].build().num_chunks == 0


# --- 4. a row too long for a UInt32 count -------------------------------------------------------

SLOW = bool(os.environ.get("CI") or os.environ.get("WORDCOUNT_SLOW") == "1")
# Over 4 GiB: the row's byte and char counts do not fit UInt32; its count of "a" does.
HUGE_ROW_BYTES = 2**32 + 10


def huge_row_test(test: Callable[..., None]) -> Callable[..., None]:
    """Runs only when slow tests are on. Each child holds about 9-13 GB, so under pytest-xdist
    (the README's test command) these tests share one worker and never run two at once."""
    on_one_worker = pytest.mark.xdist_group("rows over 4 GiB")(test)
    return pytest.mark.skipif(
        not SLOW, reason="a 4 GiB row (~9-13 GB RAM): runs when CI or WORDCOUNT_SLOW=1"
    )(on_one_worker)


def alternating_bytes(n: int) -> np.ndarray:
    """``n`` bytes of "a a a ...": "a" at even offsets, a space at odd ones."""
    buffer = np.empty(n, np.uint8)
    buffer[0::2] = ord("a")
    buffer[1::2] = ord(" ")
    return buffer


def alternating_expected(n: int) -> dict[str, int]:
    """The counts of ``alternating_bytes(n)`` as text, from ``n`` alone."""
    return {"a": (n + 1) // 2, "words": (n + 1) // 2, "chars": n, "bytes": n}


def test_alternating_formula_agrees_with_the_reference() -> None:
    for n in (0, 1, 2, 7, 10, 1001):
        text = alternating_bytes(n).tobytes().decode()
        expected = alternating_expected(n)
        assert expected["a"] == split_count(text, "a")
        assert expected["words"] == len(text.split())
        assert expected["chars"] == len(text) and expected["bytes"] == len(text.encode())
    assert alternating_expected(HUGE_ROW_BYTES)["a"] < 2**32 <= HUGE_ROW_BYTES


def huge_row_in_child(call: str) -> object:
    n = HUGE_ROW_BYTES
    offsets = pa.py_buffer(np.array([0, n], np.int64))
    data = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(alternating_bytes(n)))
    calls: dict[str, Callable[[], object]] = {
        "count-a": lambda: arrow.count(data, "a").to_pylist(),
        "words": lambda: arrow.family(data, "words").to_pylist(),
        "bytes": lambda: arrow.family(data, "bytes").to_pylist(),
        "chars": lambda: arrow.family(data, "chars").to_pylist(),
    }
    return attempt(calls[call])


@huge_row_test
@pytest.mark.parametrize("call", ["count-a", "words"])
def test_count_of_a_row_over_4_gib_is_exact(call: str, tmp_path: Path) -> None:
    got = call_in_child(MODULE, "huge_row_in_child", call, cwd=tmp_path, timeout=1800)
    key = "a" if call == "count-a" else call
    assert got == {"value": [alternating_expected(HUGE_ROW_BYTES)[key]]}


@huge_row_test
@pytest.mark.parametrize("call", ["bytes", "chars"])
def test_count_over_uint32_is_a_value_error_not_a_saturated_count(
    call: str, tmp_path: Path
) -> None:
    got = call_in_child(MODULE, "huge_row_in_child", call, cwd=tmp_path, timeout=1800)
    assert got.get("error") == "ValueError", got
    assert "row 0" in got["message"] and "UInt32" in got["message"], got
