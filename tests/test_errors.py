"""Bad input raises a Python exception that names the problem; no panic text, no abort."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from reference import POLARS_TEXT

import wordcount_polars as wc
from wordcount_polars import arrow

# Each wrong column, with the dtype name as Polars itself prints it in error messages.
WRONG_COLUMNS = {
    "Int64": (pl.Series("text", [1, 2]), "got dtype i64"),
    "Binary": (pl.Series("text", [b"a", b"b"]), "got dtype binary"),
    "List": (pl.Series("text", [["a"], ["b"]]), "got dtype list[str]"),
    # Two fields: a struct of one String field is read as that field.
    "Struct": (
        pl.Series("text", [{"x": "a", "y": "b"}, {"x": "b", "y": "c"}]),
        "got dtype struct[2]",
    ),
    "Null": (pl.Series("text", [None, None]), "got dtype null"),
}


@pytest.mark.parametrize("dtype_name", WRONG_COLUMNS)
def test_wrong_dtype_names_the_dtype(dtype_name: str) -> None:
    series, dtype_text = WRONG_COLUMNS[dtype_name]
    with pytest.raises(pl.exceptions.PolarsError) as info:
        series.to_frame().select(pl.col("text").wc.count("a"))
    message = str(info.value)
    assert f"wc.count: the text must be {POLARS_TEXT}" in message
    assert dtype_text in message
    assert "panic" not in message.lower()


@pytest.mark.parametrize("dtype_name", WRONG_COLUMNS)
def test_wrong_dtype_fails_at_schema_time(dtype_name: str) -> None:
    lf = WRONG_COLUMNS[dtype_name][0].to_frame().lazy().select(pl.col("text").wc.count("a"))
    with pytest.raises(pl.exceptions.PolarsError, match=re.escape(POLARS_TEXT)):
        lf.collect_schema()


@pytest.mark.parametrize(
    "needle", [None, 1, b"a", 1.5, ["a"]], ids=["None", "int", "bytes", "float", "list"]
)
def test_non_str_needle_is_type_error_at_build_time(needle: object) -> None:
    with pytest.raises(TypeError, match=f"needle must be a str.*got {type(needle).__name__}"):
        pl.col("text").wc.count(needle)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needle must be a str"):
        wc.count("text", needle)  # type: ignore[arg-type]


@pytest.mark.parametrize("needle", [None, 1, b"a"], ids=["None", "int", "bytes"])
def test_pandas_non_str_needle(needle: object) -> None:
    expected = f"needle must be a str or a pandas string Series, got {type(needle).__name__}"
    with pytest.raises(TypeError, match=expected):
        pd.Series(["a"]).wc.count(needle)  # type: ignore[arg-type]


def test_needle_column_of_wrong_dtype() -> None:
    df = pl.DataFrame({"text": ["a"], "n": [1]})
    with pytest.raises(
        pl.exceptions.PolarsError,
        match=re.escape(f"needle must be {POLARS_TEXT}, got dtype i64"),
    ):
        df.select(pl.col("text").wc.count(pl.col("n")))


def test_needle_column_of_wrong_length() -> None:
    df = pl.DataFrame({"text": ["a", "b", "c"]})
    with pytest.raises(pl.exceptions.PolarsError, match="needle has 2 rows but the text has 3"):
        df.select(pl.col("text").wc.count(pl.Series(["a", "b"])))


def test_text_argument_of_wrong_type() -> None:
    with pytest.raises(
        TypeError, match="text must be a column name or a polars expression, got int"
    ):
        wc.count(1, "a")  # type: ignore[arg-type]


def test_errors_do_not_abort_the_process(tmp_path) -> None:
    # Run the bad calls in a child: an abort would show as a signal exit code, not 0.
    code = (
        "import polars as pl, wordcount_polars\n"
        "for s in [pl.Series([1]), pl.Series([b'a']), pl.Series([None])]:\n"
        "    try: s.to_frame('t').select(pl.col('t').wc.count('a'))\n"
        "    except pl.exceptions.PolarsError: pass\n"
        "print('alive')\n"
    )
    # Run outside the source tree, so the child imports the installed package.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "alive"
    assert "panicked" not in done.stderr


@pytest.mark.parametrize(
    ("needles", "error", "message"),
    [
        ([], ValueError, "needles must not be empty"),
        (["a", "b", "a"], ValueError, r"needles must be distinct, repeated: \['a'\]"),
        (["a", 1], TypeError, "every needle must be a str, got int"),
        (["a", None], TypeError, "every needle must be a str, got NoneType"),
        ("ab", TypeError, "needles must be a list of str, got str"),
    ],
    ids=["empty", "duplicate", "int", "None", "bare-str"],
)
def test_count_many_bad_needles(needles: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        pl.col("text").wc.count_many(needles)  # type: ignore[arg-type]
    with pytest.raises(error, match=message):
        pd.Series(["a"]).wc.count_many(needles)  # type: ignore[arg-type]


@pytest.mark.parametrize("call", ["count", "count_many", "top_words", "split", "frequencies"])
def test_unknown_mode_names_the_allowed_ones(call: str) -> None:
    args = {"count": ("a",), "count_many": (["a"],)}.get(call, ())
    pattern = r"mode must be one of 'whitespace', 'words', got 'chars'"
    with pytest.raises(ValueError, match=pattern):
        getattr(pl.col("text").wc, call)(*args, mode="chars")
    with pytest.raises(ValueError, match=pattern):
        getattr(pd.Series(["a"]).wc, call)(*args, mode="chars")


def test_ignore_case_must_be_bool() -> None:
    with pytest.raises(TypeError, match="ignore_case must be a bool, got str"):
        pl.col("text").wc.count("a", ignore_case="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("k", "error"),
    [
        (-1, ValueError),
        (np.int64(-1), ValueError),
        (1.5, TypeError),
        ("3", TypeError),
        (True, TypeError),
        (np.bool_(True), TypeError),
        (np.float64(2.0), TypeError),
    ],
    ids=["-1", "np.int64(-1)", "1.5", "str", "True", "np.bool_", "np.float64"],
)
def test_top_words_bad_k(k: object, error: type) -> None:
    with pytest.raises(error, match="k must be"):
        pl.col("text").wc.top_words(k)  # type: ignore[arg-type]
    with pytest.raises(error, match="k must be"):
        pd.Series(["a"]).wc.top_words(k)  # type: ignore[arg-type]
    with pytest.raises(error, match="k must be"):
        arrow.top_words(pa.array(["a"]), k)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "function", ["words", "lines", "chars", "bytes", "top_words", "split", "frequencies"]
)
def test_other_functions_name_wrong_dtype(function: str) -> None:
    df = pl.DataFrame({"text": [1, 2]})
    with pytest.raises(
        pl.exceptions.PolarsError,
        match=re.escape(f"wc.{function}: the text must be {POLARS_TEXT}, got dtype i64"),
    ):
        df.select(getattr(pl.col("text").wc, function)())


def test_pandas_needle_series_of_wrong_dtype() -> None:
    with pytest.raises(TypeError, match="the needle Series must hold strings, got int64"):
        pd.Series(["a"]).wc.count(pd.Series([1]))


def test_internal_panic_surfaces_as_python_exception(tmp_path) -> None:
    # A deliberately triggered internal failure: bypass the argument checks and hand the plugin
    # a NUL needle, which polars-arrow cannot export as a struct field name and panics on. The
    # plugin macro must catch it and raise in Python; the process must live on, without
    # printing the panic.
    code = (
        "import polars as pl, wordcount_polars\n"
        "from wordcount_polars._plugin import call_plugin\n"
        "kwargs = {'needles': ['\\x00'], 'ignore_case': False, 'mode': 'whitespace'}\n"
        "expr = call_plugin('wc_count_many', pl.col('text'), kwargs=kwargs)\n"
        "try:\n"
        "    pl.DataFrame({'text': ['a']}).select(expr)\n"
        "except pl.exceptions.ComputeError as e:\n"
        "    print('raised:', str(e).splitlines()[0])\n"
        "print('alive')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["raised: the plugin panicked", "alive"]
    assert "panicked at" not in done.stderr
