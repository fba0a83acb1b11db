"""`Series.wc` on every pandas string dtype: same kernel, and the same result dtype and
missing-value convention as `Series.str.count` gives for the same Series."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from reference import count_with, split_count
from reference import frequencies as reference_frequencies
from reference import top_words as reference_top_words

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


# --- which Series have .wc: pandas' own rule for .str -------------------------------------------

# Object Series whose values pandas infers as something other than strings: `.str` refuses them.
OBJECT_WITHOUT_STRINGS = {
    "integers": [1, 2],
    "integers-and-missing": [None, 1],
    "floats": [1.5, None],
    "bools": [True, False],
    "dates": [pd.Timestamp("2024-01-01"), None],
}
# Object Series `.str` accepts: strings, nothing but missing values, and mixtures.
OBJECT_ACCEPTED = {
    "strings": ["a b a", "a"],
    "strings-and-missing": ["a b a", None, np.nan],
    "all-missing": [None, np.nan, pd.NA],
    "mixed": ["a a", 1.5, None, b"a"],
    "mixed-integer": ["a a", 1, None],
    "empty": [],
}


@pytest.mark.parametrize("values", OBJECT_WITHOUT_STRINGS.values(), ids=OBJECT_WITHOUT_STRINGS)
@pytest.mark.parametrize("categorical", [False, True], ids=["object", "categorical"])
def test_object_series_without_strings_has_no_wc_like_str(values, categorical) -> None:
    series = pd.Series(values, dtype=object)
    if categorical:
        series = series.astype("category")
    with pytest.raises(AttributeError, match=r"Can only use \.str accessor"):
        series.str  # noqa: B018
    with pytest.raises(AttributeError, match=r"Can only use \.wc accessor with string values"):
        series.wc  # noqa: B018


@pytest.mark.parametrize("values", OBJECT_ACCEPTED.values(), ids=OBJECT_ACCEPTED)
def test_object_series_that_str_accepts_counts_like_str_count(values) -> None:
    series = pd.Series(values, dtype=object, name="mixed")
    result = series.wc.count("a")
    pd.testing.assert_series_equal(result, series.str.count("a"))
    expected = [split_count(v, "a") if isinstance(v, str) else None for v in values]
    assert [None if pd.isna(v) else int(v) for v in result] == expected


def test_all_missing_object_series_follows_str_count_in_every_function() -> None:
    # .str.count and .str.len return an object Series holding the missing values as they were.
    series = pd.Series([None, np.nan, pd.NA], dtype=object, index=[5, 6, 7], name="t")
    str_count = series.str.count("a")
    assert str_count.dtype == np.dtype(object)
    pd.testing.assert_series_equal(series.wc.count("a"), str_count)
    pd.testing.assert_series_equal(
        series.wc.count(pd.Series(["a"] * 3, index=[5, 6, 7])), str_count
    )
    for which in ("words", "lines", "chars", "bytes"):
        pd.testing.assert_series_equal(getattr(series.wc, which)(), series.str.len())
    frame = series.wc.count_many(["a", "b"])
    for needle in ("a", "b"):
        pd.testing.assert_series_equal(frame[needle], str_count.rename(needle))
    assert series.wc.top_words().empty


def test_object_series_of_bytes_is_refused_like_str_count() -> None:
    series = pd.Series([b"a b", None], dtype=object)
    with pytest.raises(
        TypeError, match=r"Cannot use \.str\.count with values of inferred dtype 'bytes'"
    ):
        series.str.count("a")
    for call in (
        lambda wc: wc.count("a"),
        lambda wc: wc.count_many(["a"]),
        lambda wc: wc.words(),
        lambda wc: wc.top_words(),
    ):
        with pytest.raises(
            TypeError, match=r"Cannot use \.wc\.\w+ with values of inferred dtype 'bytes'"
        ):
            call(series.wc)


# --- categoricals: the dtype .str.count gives, per categories dtype ------------------------------

CATEGORICAL_SERIES = {
    "arrow-string": pd.ArrowDtype(pa.string()),
    "arrow-large-string": pd.ArrowDtype(pa.large_string()),
    "string[pyarrow]": "string[pyarrow]",
    "string[python]": "string[python]",
    "str": "str",
    "object": object,
}


@pytest.mark.parametrize("dtype", CATEGORICAL_SERIES.values(), ids=CATEGORICAL_SERIES)
@pytest.mark.parametrize("rows", [ROWS, ROWS_NA], ids=["no-missing", "missing"])
def test_categorical_of_every_string_dtype_matches_str_count(dtype, rows) -> None:
    series = pd.Series(rows * 2, dtype=dtype, index=range(10, 10 + 2 * len(rows)), name="t")
    series = series.astype("category")
    result = series.wc.count("a")
    assert_like_str_count(result, series, "a")
    pd.testing.assert_series_equal(result, series.str.count("a"))
    frame = series.wc.count_many(["a", "b"])
    pd.testing.assert_series_equal(frame["b"], series.str.count("b").rename("b"))
    words = series.wc.words()
    assert words.dtype == result.dtype
    texts = [None if pd.isna(v) else v for v in series]
    assert [None if pd.isna(v) else int(v) for v in words] == [
        None if t is None else len(t.split()) for t in texts
    ]


# --- needles per row: aligned as .str.cat aligns ------------------------------------------------

# (text index, needle index): pandas' str.cat decides the pairing of every case.
ALIGNMENTS = {
    "same": ([10, 20, 30], [10, 20, 30]),
    "reordered-and-missing": ([10, 20, 30], [20, 10]),
    "extra-needle-labels": ([10, 20, 30], [40, 30, 20, 10]),
    "disjoint": ([10, 20, 30], [1, 2, 3]),
    "duplicate-needle-labels": ([10, 20, 30], [10, 10, 20]),
    "duplicate-text-labels": ([10, 10, 20], [20, 10]),
    "duplicates-in-both-same-index": ([10, 10, 20], [10, 10, 20]),
    "duplicates-in-both-other-order": ([10, 10, 20], [20, 10, 10]),
}
TEXTS = ["a b a", "b b a", "c a", "a"]
NEEDLES = ["b", "a", "c", "a"]


@pytest.mark.parametrize(("text_index", "needle_index"), ALIGNMENTS.values(), ids=ALIGNMENTS)
@pytest.mark.parametrize("dtype", ["object", "string[pyarrow]", "category"])
def test_needles_per_row_align_like_str_cat(text_index, needle_index, dtype) -> None:
    text = pd.Series(TEXTS[: len(text_index)], index=text_index, name="text", dtype=dtype)
    needles = pd.Series(NEEDLES[: len(needle_index)], index=needle_index, dtype="string[pyarrow]")
    # str.cat pairs the rows; a separator that no text holds splits each pair again.
    joined = text.astype(object).str.cat(needles.astype(object), sep="|")
    pairs = [None if pd.isna(j) else j.split("|") for j in joined]

    result = text.wc.count(needles)

    assert result.index.equals(joined.index)
    assert result.name == "text"
    assert [None if pd.isna(v) else int(v) for v in result] == [
        None if pair is None else split_count(*pair) for pair in pairs
    ]
    # The dtype .str.count gives for the text, with missing values where a needle is missing.
    str_count = text.str.count("a")
    if any(pair is None for pair in pairs) and str_count.dtype == np.int64:
        assert result.dtype == np.float64
    else:
        assert result.dtype == str_count.dtype


# --- lone surrogates: the rows Arrow cannot hold ------------------------------------------------

SURROGATE_ROWS = ["a \ud800 a", None, "a b a", "\udcff a\u3000a\x1fA", "x\ud800", "", "A a"]
SURROGATE_INDEX = [f"r{i}" for i in range(len(SURROGATE_ROWS))]
PYTHON_STRING_DTYPES = {
    "object": object,
    "string[python]": "string[python]",
    "str-python": pd.StringDtype("python", na_value=np.nan),
    "categorical-object": "category",
}


def surrogate_series(dtype) -> pd.Series:
    if dtype == "category":
        # pandas 3 infers its Arrow-backed `str` for the categories of a plain list, which cannot
        # hold lone surrogates: the categories are given as an object Index instead.
        categories = pd.Index(sorted({r for r in SURROGATE_ROWS if r is not None}), dtype=object)
        codes = [-1 if r is None else categories.get_loc(r) for r in SURROGATE_ROWS]
        values = pd.Categorical.from_codes(codes, categories=categories)
        return pd.Series(values, index=SURROGATE_INDEX, name="t")
    return pd.Series(SURROGATE_ROWS, dtype=dtype, index=SURROGATE_INDEX, name="t")


def plain_values(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values]


@pytest.mark.parametrize("dtype", PYTHON_STRING_DTYPES.values(), ids=PYTHON_STRING_DTYPES)
@pytest.mark.parametrize("needle", ["a", "A", "\ud800", "x\ud800", "b"])
@pytest.mark.parametrize("ignore_case", [False, True])
def test_lone_surrogates_count_like_the_reference(dtype, needle, ignore_case) -> None:
    series = surrogate_series(dtype)
    result = series.wc.count(needle, ignore_case=ignore_case)
    # .str.count accepts lone surrogates too: same dtype and missing values.
    str_count = series.str.count(re.escape(needle))
    assert result.dtype == str_count.dtype
    assert result.isna().tolist() == str_count.isna().tolist()
    assert result.index.equals(series.index)
    assert plain_values(result) == [count_with(t, needle, ignore_case) for t in SURROGATE_ROWS]


def test_lone_surrogates_in_the_pandas_example_of_the_issue() -> None:
    assert pd.Series(["a \ud800 a"], dtype=object).wc.count("a").tolist() == [2]


@pytest.mark.parametrize("dtype", PYTHON_STRING_DTYPES.values(), ids=PYTHON_STRING_DTYPES)
def test_lone_surrogates_in_count_many_and_needles_per_row(dtype) -> None:
    series = surrogate_series(dtype)
    needles = ["a", "\ud800", "x\ud800", "A"]
    frame = series.wc.count_many(needles, ignore_case=True)
    for needle in needles:
        assert plain_values(frame[needle]) == [count_with(t, needle, True) for t in SURROGATE_ROWS]
    assert plain_values(series.wc.count_many(["a", "b"])["a"]) == [
        count_with(t, "a") for t in SURROGATE_ROWS
    ]
    per_row = pd.Series(
        ["a", "a", "\ud800", "a", "x\ud800", None, "a"], index=series.index, dtype=object
    )
    assert plain_values(series.wc.count(per_row)) == [
        count_with(t, n) for t, n in zip(SURROGATE_ROWS, per_row)
    ]
    # Surrogate needles per row against text Arrow holds.
    clean_texts, odd_needles = ["a b", "b"], ["\ud800", "b"]
    clean = pd.Series(clean_texts, dtype="string[pyarrow]")
    assert plain_values(clean.wc.count(pd.Series(odd_needles, dtype=object))) == [
        split_count(t, n) for t, n in zip(clean_texts, odd_needles)
    ]


@pytest.mark.parametrize("dtype", PYTHON_STRING_DTYPES.values(), ids=PYTHON_STRING_DTYPES)
@pytest.mark.parametrize("ignore_case", [False, True])
def test_lone_surrogates_in_split_and_frequencies(dtype, ignore_case) -> None:
    series = surrogate_series(dtype)
    split = series.wc.split()
    # .str.split accepts lone surrogates too: the same dtype and missing values.
    str_split = series.str.split()
    assert split.dtype == str_split.dtype
    assert split.isna().tolist() == str_split.isna().tolist()
    assert [v if isinstance(v, list) else None for v in split] == [
        None if t is None else t.split() for t in SURROGATE_ROWS
    ]
    bags = series.wc.frequencies(ignore_case=ignore_case)
    assert bags.index.equals(series.index)
    assert [v if isinstance(v, list) else None for v in bags] == [
        reference_frequencies(t, ignore_case) for t in SURROGATE_ROWS
    ]
    with pytest.raises(ValueError, match="lone surrogate"):
        series.wc.split(mode="words")


@pytest.mark.parametrize("dtype", PYTHON_STRING_DTYPES.values(), ids=PYTHON_STRING_DTYPES)
def test_lone_surrogates_in_the_family(dtype) -> None:
    series = surrogate_series(dtype)
    references = {
        "words": lambda t: len(t.split()),
        "lines": lambda t: len(t.splitlines()),
        "chars": len,
    }
    for which, reference in references.items():
        result = getattr(series.wc, which)()
        assert plain_values(result) == [None if t is None else reference(t) for t in SURROGATE_ROWS]
    # len(text.encode()) raises in Python for a lone surrogate; so does bytes, naming the row.
    with pytest.raises(UnicodeEncodeError):
        SURROGATE_ROWS[0].encode()
    with pytest.raises(
        ValueError,
        match=r"bytes: the text at index 'r0' \(row 0\) holds the lone surrogate '\\ud800'",
    ):
        series.wc.bytes()


@pytest.mark.parametrize("dtype", PYTHON_STRING_DTYPES.values(), ids=PYTHON_STRING_DTYPES)
@pytest.mark.parametrize("ignore_case", [False, True])
@pytest.mark.parametrize("k", [None, 0, 2, 2**63])
def test_lone_surrogates_in_top_words(dtype, ignore_case, k) -> None:
    series = surrogate_series(dtype)
    top = series.wc.top_words(k, ignore_case=ignore_case)
    expected = reference_top_words(SURROGATE_ROWS, None, ignore_case=ignore_case)
    assert list(zip(top["word"], top["count"])) == expected[:k]
    assert top["count"].dtype == np.int64


@pytest.mark.parametrize("dtype", PYTHON_STRING_DTYPES.values(), ids=PYTHON_STRING_DTYPES)
@pytest.mark.parametrize(
    "call",
    [
        lambda wc: wc.count("a", mode="words"),
        lambda wc: wc.count(
            pd.Series(["a"] * len(SURROGATE_ROWS), index=SURROGATE_INDEX), mode="words"
        ),
        lambda wc: wc.count_many(["a", "b"], mode="words"),
        lambda wc: wc.top_words(3, mode="words"),
    ],
    ids=["count", "count-per-row", "count_many", "top_words"],
)
def test_lone_surrogates_in_words_mode_raise_naming_the_row(dtype, call) -> None:
    with pytest.raises(
        ValueError, match=r"the text at index 'r0' \(row 0\) holds the lone surrogate.*mode='words'"
    ):
        call(surrogate_series(dtype).wc)


def test_lone_surrogate_needle_in_words_mode_counts_zero_on_clean_text() -> None:
    series = pd.Series(["a \ud800 b", None], dtype="string[python]")
    clean = pd.Series(["a b", None, "c"], dtype="string[pyarrow]")
    assert plain_values(clean.wc.count("\ud800", mode="words")) == [0, None, 0]
    with pytest.raises(ValueError, match="mode='words'"):
        series.wc.count("a", mode="words")


@pytest.mark.parametrize("make", SERIES.values(), ids=SERIES.keys())
def test_count_many_columns_are_set_independently(make) -> None:
    # The columns share one block of counts (and Int64 masks one allocation): setting a value
    # in one column, here on a missing row, leaves the others as they were.
    series = make(ROWS_NA)
    frame = series.wc.count_many(["a", "b"])
    before = frame["b"].copy()
    frame.iloc[1, 0] = 5
    frame.iloc[0, 0] = 7
    assert frame.iloc[:2, 0].tolist() == [7, 5]
    pd.testing.assert_series_equal(frame["b"], before)
    assert_like_str_count(frame["b"], series.rename("b"), "b")
