"""`Series.wc` on every pandas string dtype: same kernel, and the same result dtype and
missing-value convention as `Series.str.count` gives for the same Series."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from reference import split_count

import wordcount_polars  # noqa: F401

ROWS = ["a b a", "a", "b", "a\u3000a a", ""]
ROWS_NA = ["a b a", None, "a", "é a"]

SERIES = {
    "str": lambda rows: pd.Series(rows),
    "str-python": lambda rows: pd.Series(rows, dtype=pd.StringDtype("python", na_value=np.nan)),
    "string[python]": lambda rows: pd.Series(rows, dtype="string[python]"),
    "string[pyarrow]": lambda rows: pd.Series(rows, dtype="string[pyarrow]"),
    "object": lambda rows: pd.Series(rows, dtype=object),
    "arrow-large-string": lambda rows: pd.Series(rows, dtype=pd.ArrowDtype(pa.large_string())),
    "arrow-string": lambda rows: pd.Series(rows, dtype=pd.ArrowDtype(pa.string())),
    "categorical": lambda rows: pd.Series(rows, dtype="category"),
    "categorical-string[python]": lambda rows: pd.Series(rows, dtype="string[python]").astype(
        "category"
    ),
}


def assert_like_str_count(result: pd.Series, series: pd.Series, needle: str) -> None:
    """Same dtype, index, name and missing positions as ``.str.count``; values from the
    reference."""
    str_count = series.str.count(re.escape(needle))
    assert result.dtype == str_count.dtype
    assert result.index.equals(series.index)
    assert result.name == series.name
    assert result.isna().tolist() == series.isna().tolist()
    values = [None if pd.isna(v) else int(v) for v in result]
    texts = [None if pd.isna(v) else v for v in series]
    assert values == [split_count(t, needle) for t in texts]


@pytest.mark.parametrize("make", SERIES.values(), ids=SERIES.keys())
@pytest.mark.parametrize("rows", [ROWS, ROWS_NA], ids=["no-missing", "missing"])
def test_dtype_convention_matches_str_count(make, rows) -> None:
    series = make(rows)
    assert_like_str_count(series.wc.count("a"), series, "a")


def test_index_and_name_are_kept() -> None:
    s = pd.Series(ROWS, index=[10, 3, 3, -1, 7], name="body")
    out = s.wc.count("a")
    assert out.name == "body"
    assert out.index.tolist() == [10, 3, 3, -1, 7]
    assert out.tolist() == [split_count(r, "a") for r in ROWS]


def test_object_with_non_strings_gives_nan() -> None:
    s = pd.Series(["a a", 1, None, b"a", "a"], dtype=object)
    out = s.wc.count("a")
    assert out.dtype == np.float64
    assert out.isna().tolist() == [False, True, True, True, False]
    assert out.dropna().tolist() == [2.0, 1.0]


def test_categorical_counts_each_category_once() -> None:
    s = pd.Series(["a a", "b", "a a", None, "b"], dtype="category")
    out = s.wc.count("a")
    assert out.isna().tolist() == [False, False, False, True, False]
    assert out.dropna().tolist() == [2.0, 0.0, 2.0, 0.0]


def test_chunked_arrow_storage() -> None:
    chunks = pa.chunked_array([["a a", "b"], [None, "a"], []], type=pa.large_string())
    s = pd.Series(pd.arrays.ArrowExtensionArray(chunks))
    out = s.wc.count("a")
    assert out.dtype == "int64[pyarrow]"
    assert [None if pd.isna(v) else v for v in out] == [2, 0, None, 1]


def test_empty_series() -> None:
    out = pd.Series([], dtype="string[pyarrow]").wc.count("a")
    assert len(out) == 0 and out.dtype == "Int64"


@pytest.mark.parametrize(
    "series",
    [
        pd.Series([1, 2]),
        pd.Series([1.5]),
        pd.Series([True]),
        pd.Series([b"a"], dtype="S1"),
        pd.Series(pd.to_datetime(["2024-01-01"])),
        pd.Series([1, 2], dtype="category"),
    ],
    ids=["int", "float", "bool", "bytes", "datetime", "categorical-int"],
)
def test_non_string_series_has_no_wc(series: pd.Series) -> None:
    with pytest.raises(AttributeError, match=r"Can only use \.wc accessor with string values"):
        series.wc  # noqa: B018
