"""Every surface gives the same answers: Polars (a DataFrame column), pandas (a Series of the
matching dtype), ``wordcount_polars.arrow`` (pyarrow data) and Dask (``dd.from_pandas``, two
partitions, the synchronous scheduler), each held to the plain-Python reference of
tests/reference.py, for every input case and every operation.

One child process per input case computes every operation on every surface (a crash in one
layout fails that case's tests, not the run); the tests compare its answers, cell by cell,
with the reference computed here. A Hypothesis test then draws random columns through the
Polars, pandas and Arrow surfaces in this process.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from child_process import attempt, call_in_child
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE, count_with, family
from reference import frequencies as reference_frequencies
from reference import split as reference_split
from reference import top_words as reference_top_words

import wordcount_polars  # noqa: F401  (registers .wc on Polars and pandas)
from wordcount_polars import arrow

# Needles: hits, a case variant, multi-byte, the empty needle and needles holding whitespace or
# a look-alike (both count 0 unless a look-alike glues the token).
NEEDLES = ["a", "A", "café", "東京", "🙂", "", "a b", "a\u200b"]
# count_many needles name struct fields and columns: no empty one.
MANY_NEEDLES = [n for n in NEEDLES if n]
# Phrases: two tokens (hits across every whitespace run, and across case), one token padded with
# whitespace (the plain count of "a"), multi-byte tokens, whitespace only (no tokens: 0) and a
# look-alike that glues two tokens into one.
PHRASES = ["a a", "a b", " a\u3000", "café a", "東京 a 東京", "A a", "\u2003", "a\u200b a"]
FAMILY = ("words", "lines", "chars", "bytes")

Rows = list[Optional[str]]  # a runtime alias: `str | None` needs Python 3.10


def per_row_needles(rows: Rows) -> Rows:
    """One needle a row: nulls, each row's own first token (a sure hit), its first two tokens
    joined by a tab (a sure phrase hit) and the needles."""
    needles: Rows = []
    for i, row in enumerate(rows):
        if i % 5 == 4:
            needles.append(None)
        elif i % 3 == 0 and row is not None and row.split():
            needles.append(row.split()[0])
        elif i % 3 == 1 and row is not None and len(row.split()) >= 2:
            needles.append("\t".join(row.split()[:2]))
        else:
            needles.append(NEEDLES[i % len(NEEDLES)])
    return needles


# --- input cases ---------------------------------------------------------------------------

# Layouts: how each surface holds the rows.
PLAIN, SLICED, CHUNKED, CATEGORICAL, LARGE_STRING, STRING_VIEW = (
    "plain",
    "sliced",
    "chunked",
    "categorical",
    "large_string",
    "string_view",
)
# Rows before and after the slice of the SLICED layout, so that the slice has an offset.
SLICE_PADDING = (["a a a", None, "東京"], ["a", "A a"])


@dataclass(frozen=True)
class Case:
    """The rows, how every surface lays them out, and the pandas dtype of the plain layout."""

    id: str
    rows: Rows
    layout: str = PLAIN
    pandas_dtype: Any = object
    needles: Rows = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needles", per_row_needles(self.rows))

    def chunks(self) -> list[Rows]:
        """The rows cut in three, with an empty chunk between."""
        third = len(self.rows) // 3
        return [self.rows[:third], [], self.rows[third : 2 * third], self.rows[2 * third :]]

    def padded(self) -> tuple[Rows, int]:
        """The rows with padding on both sides, and where they start."""
        before, after = SLICE_PADDING
        return [*before, *self.rows, *after], len(before)


WITH_NULLS = ["a b a", None, "b a", None, "café a", "a", "A a", None]
EVERY_WHITESPACE = [
    *(f"a{c}a{c}{c}b" for c in PY_WHITESPACE),
    "".join(PY_WHITESPACE),
    "a" + "".join(PY_WHITESPACE) + "a" + "".join(PY_WHITESPACE),
]
MULTI_BYTE = [
    "東京 a 東京",
    "café cafe\u0301 café CAFÉ",
    "🙂 a🙂 🙂\u3000🙂",
    "É é Ÿ ÿ",
    "ß SS ss",
    "\u03a3 \u03c3 \u03c2 \u0391\u03a3",  # sigma: capital, small, final
    "a\u00a0東京\u2003a",
]
LOOK_ALIKE_ROWS = [
    *(f"a{c}a a" for c in LOOK_ALIKES),
    *(f"a {c} a{c} a" for c in LOOK_ALIKES),
]
EMPTY_STRINGS = ["", " ", "", None, "\u3000", "a", "\n\n", ""]
ALL_ROWS = [*WITH_NULLS, *EVERY_WHITESPACE, *MULTI_BYTE, *LOOK_ALIKE_ROWS, *EMPTY_STRINGS]
# Few distinct values, so that a categorical has many rows per category.
REPEATED = [WITH_NULLS[i % len(WITH_NULLS)] for i in range(40)] + MULTI_BYTE

CASES = [
    Case("plain-with-nulls", WITH_NULLS, pandas_dtype=object),
    Case("every-whitespace", EVERY_WHITESPACE, pandas_dtype="string[python]"),
    Case("multi-byte", MULTI_BYTE, pandas_dtype="string[pyarrow]"),
    Case("look-alikes", LOOK_ALIKE_ROWS, pandas_dtype="str"),
    Case("empty-strings", EMPTY_STRINGS, pandas_dtype=object),
    Case("no-rows", [], pandas_dtype="string[python]"),
    Case("sliced", ALL_ROWS, SLICED),
    Case("chunked", ALL_ROWS, CHUNKED),
    Case("categorical", REPEATED + ALL_ROWS, CATEGORICAL),
    Case("large_string", ALL_ROWS, LARGE_STRING),
    Case("string_view", ALL_ROWS, STRING_VIEW),
]
CASES_BY_ID = {case.id: case for case in CASES}
MODULE = "test_surfaces"


# --- the surfaces ----------------------------------------------------------------------------


def as_python(value: Any) -> int | None:
    """A count as a plain int, with every kind of missing value (None, NaN, pd.NA) as None."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def listed(values: Any) -> list[int | None]:
    return [as_python(v) for v in values]


def is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def listed_lists(values: Any) -> list[list[Any] | None]:
    """Per-row lists as plain lists, every kind of missing row as None and every
    ``{word, count}`` entry (a dict from Arrow, a tuple from pandas) as a ``(word, count)``
    tuple."""
    return [
        None
        if is_missing(row)
        else [(e["word"], e["count"]) if isinstance(e, dict) else e for e in row]
        for row in values
    ]


class PolarsSurface:
    """A DataFrame with the text column "text" and the per-row needles "needle"."""

    name = "polars"

    def prepare(self, case: Case) -> pl.DataFrame:
        rows = case.rows
        if case.layout == SLICED:
            padded, start = case.padded()
            text = pl.Series(padded, dtype=pl.String)[start : start + len(rows)]
        elif case.layout == CHUNKED:
            chunks = [pl.Series(c, dtype=pl.String) for c in case.chunks()]
            text = pl.concat(chunks, rechunk=False)
        elif case.layout == CATEGORICAL:
            text = pl.Series(rows, dtype=pl.String).cast(pl.Categorical)
        elif case.layout in (LARGE_STRING, STRING_VIEW):
            arrow_type = pa.large_string() if case.layout == LARGE_STRING else pa.string_view()
            text = pl.Series(pl.from_arrow(pa.array(rows, arrow_type)))
        else:
            text = pl.Series(rows, dtype=pl.String)
        return pl.DataFrame({"text": text, "needle": pl.Series(case.needles, dtype=pl.String)})

    def _column(self, df: pl.DataFrame, expr: pl.Expr) -> pl.Series:
        return df.select(expr).to_series()

    def count(self, df: pl.DataFrame, needle: str, **options: Any) -> list[int | None]:
        return self._column(df, pl.col("text").wc.count(needle, **options)).to_list()

    def count_per_row(self, df: pl.DataFrame, **options: Any) -> list[int | None]:
        expr = pl.col("text").wc.count(pl.col("needle"), **options)
        return self._column(df, expr).to_list()

    def count_many(
        self, df: pl.DataFrame, needles: list[str], **options: Any
    ) -> dict[str, list[int | None]]:
        structs = self._column(df, pl.col("text").wc.count_many(needles, **options)).to_list()
        # A null row gives a null struct or a struct of nulls; both mean "no count".
        return {n: [None if s is None else s[n] for s in structs] for n in needles}

    def family(self, df: pl.DataFrame, which: str) -> list[int | None]:
        return self._column(df, getattr(pl.col("text").wc, which)()).to_list()

    def top_words(self, df: pl.DataFrame, k: int | None, **options: Any) -> list[tuple[str, int]]:
        entries = self._column(df, pl.col("text").wc.top_words(k, **options)).item().to_list()
        return [(e["word"], e["count"]) for e in entries]

    def split(self, df: pl.DataFrame, **options: Any) -> list[Any]:
        return listed_lists(self._column(df, pl.col("text").wc.split(**options)).to_list())

    def frequencies(self, df: pl.DataFrame, **options: Any) -> list[Any]:
        column = self._column(df, pl.col("text").wc.frequencies(**options))
        return listed_lists(column.to_list())


def arrow_backed(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(pd.arrays.ArrowExtensionArray(values))


class PandasSurface:
    """A Series of the case's dtype and a needle Series on the same index; ``_done`` is where
    the Dask surface computes its lazy results."""

    name = "pandas"

    def series(self, case: Case) -> pd.Series:
        rows = case.rows
        if case.layout == SLICED:
            padded, start = case.padded()
            return pd.Series(padded, dtype="string[pyarrow]").iloc[start : start + len(rows)]
        if case.layout == CHUNKED:
            return arrow_backed(pa.chunked_array(case.chunks(), type=pa.large_string()))
        if case.layout == CATEGORICAL:
            # Categories of strings even when every row is null (pd.Series([None],
            # dtype="category") has float categories, which `.str` itself refuses).
            return pd.Series(rows, dtype=object).astype("category")
        if case.layout == LARGE_STRING:
            return pd.Series(rows, dtype=pd.ArrowDtype(pa.large_string()))
        if case.layout == STRING_VIEW:
            return arrow_backed(pa.array(rows, type=pa.string_view()))
        return pd.Series(rows, dtype=case.pandas_dtype)

    def prepare(self, case: Case) -> tuple[Any, Any]:
        text = self.series(case)
        # The needles in the text's own dtype (a categorical's needles as plain strings).
        dtype = object if isinstance(text.dtype, pd.CategoricalDtype) else text.dtype
        return text, pd.Series(case.needles, index=text.index, dtype=dtype)

    def _done(self, result: Any) -> Any:
        return result

    def count(self, data: tuple[Any, Any], needle: str, **options: Any) -> list[int | None]:
        return listed(self._done(data[0].wc.count(needle, **options)))

    def count_per_row(self, data: tuple[Any, Any], **options: Any) -> list[int | None]:
        text, needles = data
        return listed(self._done(text.wc.count(needles, **options)))

    def count_many(
        self, data: tuple[Any, Any], needles: list[str], **options: Any
    ) -> dict[str, list[int | None]]:
        frame = self._done(data[0].wc.count_many(needles, **options))
        return {n: listed(frame[n]) for n in needles}

    def family(self, data: tuple[Any, Any], which: str) -> list[int | None]:
        return listed(self._done(getattr(data[0].wc, which)()))

    def top_words(
        self, data: tuple[Any, Any], k: int | None, **options: Any
    ) -> list[tuple[str, int]]:
        frame = self._done(data[0].wc.top_words(k, **options))
        return [(w, int(c)) for w, c in zip(frame["word"], frame["count"])]

    def split(self, data: tuple[Any, Any], **options: Any) -> list[Any]:
        return listed_lists(self._done(data[0].wc.split(**options)))

    def frequencies(self, data: tuple[Any, Any], **options: Any) -> list[Any]:
        return listed_lists(self._done(data[0].wc.frequencies(**options)))


class DaskSurface(PandasSurface):
    """The pandas Series of the same case in two Dask partitions."""

    name = "dask"

    def prepare(self, case: Case) -> tuple[Any, Any]:
        import dask
        import dask.dataframe as dd

        import wordcount_polars.dask  # noqa: F401  (registers dd.Series.wc)

        text, needles = super().prepare(case)
        # Dask would turn an object Series into string[pyarrow]; keep the case's dtype.
        with dask.config.set({"dataframe.convert-string": False}):
            return (
                dd.from_pandas(text, npartitions=2),
                dd.from_pandas(needles, npartitions=2),
            )

    def _done(self, result: Any) -> Any:
        return result.compute(scheduler="synchronous")


class ArrowSurface:
    """pyarrow data of the case's layout, and the per-row needles as a string array."""

    name = "arrow"

    def prepare(self, case: Case) -> tuple[Any, Any]:
        rows = case.rows
        data: Any
        if case.layout == SLICED:
            padded, start = case.padded()
            data = pa.array(padded, type=pa.string()).slice(start, len(rows))
        elif case.layout == CHUNKED:
            data = pa.chunked_array(case.chunks(), type=pa.string())
        elif case.layout == CATEGORICAL:
            data = pa.array(rows, type=pa.string()).dictionary_encode()
        elif case.layout == LARGE_STRING:
            data = pa.array(rows, type=pa.large_string())
        elif case.layout == STRING_VIEW:
            data = pa.array(rows, type=pa.string_view())
        else:
            data = pa.array(rows, type=pa.string())
        return data, pa.array(case.needles, type=pa.string())

    def count(self, data: tuple[Any, Any], needle: str, **options: Any) -> list[int | None]:
        return arrow.count(data[0], needle, **options).to_pylist()

    def count_per_row(self, data: tuple[Any, Any], **options: Any) -> list[int | None]:
        return arrow.count(data[0], data[1], **options).to_pylist()

    def count_many(
        self, data: tuple[Any, Any], needles: list[str], **options: Any
    ) -> dict[str, list[int | None]]:
        table = arrow.count_many(data[0], needles, **options)
        return {n: table.column(n).to_pylist() for n in needles}

    def family(self, data: tuple[Any, Any], which: str) -> list[int | None]:
        return arrow.family(data[0], which).to_pylist()

    def top_words(
        self, data: tuple[Any, Any], k: int | None, **options: Any
    ) -> list[tuple[str, int]]:
        return arrow.top_words(data[0], k, **options)

    def split(self, data: tuple[Any, Any], **options: Any) -> list[Any]:
        return listed_lists(arrow.split(data[0], **options).to_pylist())

    def frequencies(self, data: tuple[Any, Any], **options: Any) -> list[Any]:
        return listed_lists(arrow.frequencies(data[0], **options).to_pylist())


SURFACES = {s.name: s for s in (PolarsSurface(), PandasSurface(), ArrowSurface(), DaskSurface())}


# --- the operations: what each surface is asked, and what the reference answers -------------

IGNORE_CASE = {"ignore_case": True}
WORDS = {"mode": "words"}
BOTH = {"ignore_case": True, "mode": "words"}
PHRASE = {"phrase": True}


@dataclass(frozen=True)
class Op:
    """``run(surface, data)`` asks a surface; ``expected(rows, needles)`` is the reference."""

    run: Callable[[Any, Any], object]
    expected: Callable[[Rows, Rows], object]


def count_op(options: dict[str, Any]) -> Op:
    needles = PHRASES if options.get("phrase") else NEEDLES
    return Op(
        run=lambda s, d: {n: s.count(d, n, **options) for n in needles},
        expected=lambda rows, _: {n: [count_with(r, n, **options) for r in rows] for n in needles},
    )


def per_row_op(options: dict[str, Any]) -> Op:
    return Op(
        run=lambda s, d: s.count_per_row(d, **options),
        expected=lambda rows, needles: [count_with(r, n, **options) for r, n in zip(rows, needles)],
    )


def count_many_op(options: dict[str, Any]) -> Op:
    needles = PHRASES if options.get("phrase") else MANY_NEEDLES
    return Op(
        run=lambda s, d: s.count_many(d, needles, **options),
        expected=lambda rows, _: {n: [count_with(r, n, **options) for r in rows] for n in needles},
    )


def family_op(which: str) -> Op:
    return Op(
        run=lambda s, d: s.family(d, which),
        expected=lambda rows, _: [family(r, which) for r in rows],
    )


def top_words_op(k: int | None, options: dict[str, Any]) -> Op:
    return Op(
        run=lambda s, d: s.top_words(d, k, **options),
        expected=lambda rows, _: reference_top_words(rows, k, **options),
    )


def split_op(options: dict[str, Any]) -> Op:
    return Op(
        run=lambda s, d: s.split(d, **options),
        expected=lambda rows, _: [reference_split(r, **options) for r in rows],
    )


def frequencies_op(options: dict[str, Any]) -> Op:
    return Op(
        run=lambda s, d: s.frequencies(d, **options),
        expected=lambda rows, _: [reference_frequencies(r, **options) for r in rows],
    )


OPS: dict[str, Op] = {
    "count": count_op({}),
    "count-ignore_case": count_op(IGNORE_CASE),
    "count-words": count_op(WORDS),
    "count-words-ignore_case": count_op(BOTH),
    "count-per-row": per_row_op({}),
    "count-per-row-words-ignore_case": per_row_op(BOTH),
    "count_many": count_many_op({}),
    "count_many-ignore_case": count_many_op(IGNORE_CASE),
    "count_many-words": count_many_op(WORDS),
    "count-phrase": count_op(PHRASE),
    "count-phrase-ignore_case": count_op({**PHRASE, **IGNORE_CASE}),
    "count-phrase-words-ignore_case": count_op({**PHRASE, **BOTH}),
    "count-per-row-phrase": per_row_op(PHRASE),
    "count-per-row-phrase-words": per_row_op({**PHRASE, **WORDS}),
    "count_many-phrase-ignore_case": count_many_op({**PHRASE, **IGNORE_CASE}),
    "count_many-phrase-words": count_many_op({**PHRASE, **WORDS}),
    **{which: family_op(which) for which in FAMILY},
    "top_words-3": top_words_op(3, {}),
    "top_words-all-ignore_case": top_words_op(None, IGNORE_CASE),
    "top_words-5-words": top_words_op(5, WORDS),
    "split": split_op({}),
    "split-words": split_op(WORDS),
    "frequencies": frequencies_op({}),
    "frequencies-ignore_case": frequencies_op(IGNORE_CASE),
    "frequencies-words-ignore_case": frequencies_op(BOTH),
    "top_words-exclude-min_count": top_words_op(4, {"exclude": ["a", "The", "é"], "min_count": 2}),
    "top_words-exclude-ignore_case": top_words_op(
        None, {**IGNORE_CASE, "exclude": ("THE", "ß", "a"), "min_count": 1}
    ),
}


def run_ops(surface: Any, data: Any) -> dict[str, dict[str, object]]:
    """Every operation on one surface, each answer or ordinary exception kept."""
    return {name: attempt(functools.partial(op.run, surface, data)) for name, op in OPS.items()}


def json_shaped(value: object) -> object:
    """``value`` as it comes back through JSON (tuples become lists)."""
    return json.loads(json.dumps(value))


@functools.cache
def expected_answers(rows: tuple[str | None, ...], needles: tuple[str | None, ...]) -> Any:
    """What ``run_ops`` must return for these rows: every operation's reference answer, in the
    shape JSON gives back (cached: the word-mode reference is slow)."""
    answers = {name: {"value": op.expected(list(rows), list(needles))} for name, op in OPS.items()}
    return json_shaped(answers)


def surfaces_in_child(case_id: str) -> dict[str, object]:
    """Runs in the child: every operation of one case on every surface."""
    case = CASES_BY_ID[case_id]
    results: dict[str, object] = {}
    for name, surface in SURFACES.items():
        prepared = attempt(functools.partial(surface.prepare, case))
        if "error" in prepared:
            results[name] = {"prepare": prepared}
            continue
        results[name] = run_ops(surface, prepared["value"])
    return results


@pytest.fixture(scope="module")
def child_results(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Any]:
    """Each case's answers from its own child process, computed once; a child that crashed is
    remembered too, so that each of its case's tests reports the crash without a new child."""
    cwd = tmp_path_factory.mktemp("surfaces")

    @functools.cache
    def answers(case_id: str) -> Any:
        try:
            return call_in_child(MODULE, "surfaces_in_child", case_id, cwd=cwd)
        except Exception as crash:
            return {"crash": f"{type(crash).__name__}: {crash}"}

    return answers


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_surface_equals_the_reference(
    case: Case, op: str, surface: str, child_results: Callable[[str], Any]
) -> None:
    results = child_results(case.id)
    if "crash" in results:
        pytest.fail(f"the child of case {case.id} crashed: {results['crash']}")
    answers = results[surface]
    cannot_partition = answers.get("prepare", {}).get("error") == "NotImplementedError"
    if surface == "dask" and case.layout == STRING_VIEW and cannot_partition:
        # The input itself cannot be built: older Dask (2024.8, the newest on Python 3.9)
        # cannot split a string_view Series into partitions.
        pytest.skip(f"this Dask cannot partition string_view: {answers['prepare']['message']}")
    assert "prepare" not in answers, answers
    assert answers[op] == expected_answers(tuple(case.rows), tuple(case.needles))[op]


def test_cases_hold_what_they_are_named_for() -> None:
    """The layouts are what the ids say, on every surface, before anything is counted."""
    polars, pandas_, arrow_ = (SURFACES[n] for n in ("polars", "pandas", "arrow"))
    by_id = CASES_BY_ID
    assert set(PY_WHITESPACE) <= set("".join(EVERY_WHITESPACE))
    assert all(c in "".join(LOOK_ALIKE_ROWS) for c in LOOK_ALIKES)
    assert by_id["chunked"].chunks()[1] == []
    assert polars.prepare(by_id["chunked"])["text"].n_chunks() >= 3
    assert polars.prepare(by_id["categorical"])["text"].dtype == pl.Categorical
    assert arrow_.prepare(by_id["sliced"])[0].offset == len(SLICE_PADDING[0])
    assert pa.types.is_dictionary(arrow_.prepare(by_id["categorical"])[0].type)
    assert arrow_.prepare(by_id["string_view"])[0].type == pa.string_view()
    assert pandas_.series(by_id["categorical"]).dtype == "category"
    sliced = pandas_.series(by_id["sliced"])
    assert pa.array(sliced.array).offset == len(SLICE_PADDING[0])
    assert sliced.tolist() == [pd.NA if r is None else r for r in ALL_ROWS]
    assert arrow_backed(pa.array(["a"], pa.string_view())).dtype == pd.ArrowDtype(pa.string_view())
    # The categorical case repeats its categories many times.
    categorical = by_id["categorical"].rows
    assert len(categorical) - len(set(categorical)) >= 40


# --- random columns ----------------------------------------------------------------------------

# Letters whose case mapping or word-break class is unusual, multi-byte ones among them; all of
# them are in tests/test_differential.py's alphabet, where the word-mode references agree.
LETTERS = [*"abA\u00e9\u00c9\u00df\u03a3\u03c3\u03c2K\u212a\u6771\U0001f6421.'"]
PIECES = [*PY_WHITESPACE, *LOOK_ALIKES, *LETTERS]
OPTIONS = [{}, IGNORE_CASE, WORDS, BOTH]
# Layouts that hold plain strings (the categorical and dictionary ones run in children above,
# and in tests/test_data_boundary.py).
RANDOM_LAYOUTS = {
    "polars": [PLAIN, SLICED, CHUNKED, LARGE_STRING, STRING_VIEW],
    "arrow": [PLAIN, SLICED, CHUNKED, LARGE_STRING, STRING_VIEW],
    "pandas": [PLAIN, SLICED, CHUNKED, CATEGORICAL, LARGE_STRING, STRING_VIEW],
}
PANDAS_DTYPES = [object, "str", "string[python]", "string[pyarrow]"]


@st.composite
def random_cases(draw: st.DrawFn, surface: str) -> tuple[Case, list[str]]:
    """Up to 30 rows, some null, made of every Python whitespace, look-alikes, multi-byte
    letters and the needles' own characters and whole needles; 1-3 distinct needles."""
    needle = st.text(st.sampled_from([*LETTERS, " ", "\u3000"]), min_size=1, max_size=3)
    needles = draw(st.lists(needle, min_size=1, max_size=3, unique=True))
    piece = st.one_of(
        st.sampled_from(PIECES + [c for n in needles for c in n]), st.sampled_from(needles)
    )
    row = st.lists(piece, max_size=12).map("".join)
    rows = draw(st.lists(st.one_of(row, row, row, st.none()), max_size=30))
    layout = draw(st.sampled_from(RANDOM_LAYOUTS[surface]))
    dtype = draw(st.sampled_from(PANDAS_DTYPES))
    return Case("random", rows, layout, pandas_dtype=dtype), needles


@pytest.mark.parametrize("surface", RANDOM_LAYOUTS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_columns_equal_the_reference(surface: str, data: st.DataObject) -> None:
    case, needles = data.draw(random_cases(surface), label="case")
    options = data.draw(st.sampled_from(OPTIONS), label="options")
    k = data.draw(st.one_of(st.none(), st.integers(0, 5)), label="k")
    exclude = data.draw(st.lists(st.sampled_from([*LETTERS, *needles])), label="exclude")
    min_count = data.draw(st.integers(1, 3), label="min_count")
    runner = SURFACES[surface]
    prepared = runner.prepare(case)
    rows = case.rows
    for needle in needles:
        expected = [count_with(r, needle, **options) for r in rows]
        assert runner.count(prepared, needle, **options) == expected, needle
    expected_per_row = [count_with(r, n, **options) for r, n in zip(rows, case.needles)]
    assert runner.count_per_row(prepared, **options) == expected_per_row
    assert runner.count_many(prepared, needles, **options) == {
        n: [count_with(r, n, **options) for r in rows] for n in needles
    }
    for which in FAMILY:
        assert runner.family(prepared, which) == [family(r, which) for r in rows], which
    assert runner.top_words(prepared, k, **options) == reference_top_words(rows, k, **options)
    assert runner.split(prepared, mode=options.get("mode", "whitespace")) == [
        reference_split(r, options.get("mode", "whitespace")) for r in rows
    ]
    assert runner.frequencies(prepared, **options) == [
        reference_frequencies(r, **options) for r in rows
    ]
    filtered = {**options, "exclude": exclude, "min_count": min_count}
    assert runner.top_words(prepared, k, **filtered) == reference_top_words(rows, k, **filtered)
