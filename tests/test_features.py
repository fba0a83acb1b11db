"""Per-row needles, count_many, ignore_case, mode="words", the wc family and top_words, on the
Polars namespace, the function API and the pandas accessor, against plain-Python references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE, count_with, split_count, tokens, top_words

import wordcount_polars as wc

ROWS = [
    "The cat, the hat. THE end",
    "(the) the, THE don't e-mail",
    None,
    "ΟΔΟΣ οδος Straße STRASSE İi",
    "",
    "a\u3000b\x1fa a.b 東京 東京",
]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters both UAX #29 implementations (Rust's and uniseg's) agree on, with every whitespace.
WORD_ALPHABET = [*PY_WHITESPACE, *LOOK_ALIKES, "a", "B", "é", "Σ", "ς", "'", ".", ",", "-", "1"]
row_strategy = st.one_of(st.none(), st.text(alphabet=WORD_ALPHABET, max_size=25))
needle_strategy = st.text(alphabet=["a", "B", "é", "Σ", "\u03c3", "'", "1"], min_size=1, max_size=3)


def polars_col(rows: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"text": rows}, schema={"text": pl.String})


def pandas_values(series: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in series]


# --- per-row needles --------------------------------------------------------------------------


def test_per_row_needle_column() -> None:
    needles = ["the", "the", "x", "οδος", "", "東京"]
    df = polars_col(ROWS).with_columns(needle=pl.Series(needles))
    out = df.select(pl.col("text").wc.count(pl.col("needle")))["text"].to_list()
    assert out == [split_count(r, n) for r, n in zip(ROWS, needles)]


def test_per_row_null_needle_gives_null() -> None:
    df = pl.DataFrame({"text": ["a", "a"], "needle": ["a", None]})
    assert df.select(pl.col("text").wc.count(pl.col("needle")))["text"].to_list() == [1, None]


def test_length_one_needle_expression_is_broadcast() -> None:
    out = polars_col(ROWS).select(pl.col("text").wc.count(pl.lit("the")))["text"].to_list()
    assert out == [split_count(r, "the") for r in ROWS]


def test_pandas_per_row_needles_align_on_index() -> None:
    s = pd.Series(["a b a", "b b", "c"], index=[10, 20, 30], dtype="string[pyarrow]")
    needles = pd.Series(["b", "c", "a"], index=[20, 30, 10])  # same labels, other order
    out = s.wc.count(needles)
    assert out.index.tolist() == [10, 20, 30]
    expected = [split_count(t, n) for t, n in [("a b a", "a"), ("b b", "b"), ("c", "c")]]
    assert pandas_values(out) == expected


@SETTINGS
@given(st.lists(st.tuples(row_strategy, st.one_of(st.none(), needle_strategy)), max_size=10))
def test_per_row_needles_both_paths(pairs: list[tuple[str | None, str | None]]) -> None:
    rows = [r for r, _ in pairs]
    needles = [n for _, n in pairs]
    expected = [split_count(r, n) for r, n in pairs]
    df = pl.DataFrame({"t": rows, "n": needles}, schema={"t": pl.String, "n": pl.String})
    assert df.select(pl.col("t").wc.count(pl.col("n")))["t"].to_list() == expected
    got = pd.Series(rows, dtype="string[pyarrow]").wc.count(pd.Series(needles, dtype=object))
    assert pandas_values(got) == expected


# --- ignore_case and mode ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["whitespace", "words"])
@pytest.mark.parametrize("ignore_case", [False, True], ids=["exact", "ignore-case"])
@pytest.mark.parametrize("needle", ["the", "THE", "οδος", "straße", "don't", "e", "i̇", "東京"])
def test_options_match_reference(needle: str, ignore_case: bool, mode: str) -> None:
    expected = [count_with(r, needle, ignore_case, mode) for r in ROWS]
    polars_out = polars_col(ROWS).select(
        pl.col("text").wc.count(needle, ignore_case=ignore_case, mode=mode)  # type: ignore[arg-type]
    )
    assert polars_out["text"].to_list() == expected
    pandas_out = pd.Series(ROWS).wc.count(needle, ignore_case=ignore_case, mode=mode)  # type: ignore[arg-type]
    assert pandas_values(pandas_out) == expected


def test_words_mode_examples_from_the_issue() -> None:
    df = pl.DataFrame({"text": ["(the) the, THE", "don't", "e-mail"]})
    out = df.select(
        the=pl.col("text").wc.count("the", mode="words"),
        THE=pl.col("text").wc.count("THE", mode="words"),
        dont=pl.col("text").wc.count("don't", mode="words"),
        mail=pl.col("text").wc.count("mail", mode="words"),
    )
    assert out.rows() == [(2, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)]


@SETTINGS
@given(
    st.lists(row_strategy, max_size=8),
    needle_strategy,
    st.booleans(),
    st.sampled_from(["whitespace", "words"]),
)
def test_options_property(
    rows: list[str | None], needle: str, ignore_case: bool, mode: str
) -> None:
    expected = [count_with(r, needle, ignore_case, mode) for r in rows]
    out = polars_col(rows).select(
        pl.col("text").wc.count(needle, ignore_case=ignore_case, mode=mode)
    )  # type: ignore[arg-type]
    assert out["text"].to_list() == expected
    got = pd.Series(rows, dtype="string[pyarrow]").wc.count(
        needle, ignore_case=ignore_case, mode=mode
    )  # type: ignore[arg-type]
    assert pandas_values(got) == expected


# --- count_many -------------------------------------------------------------------------------

NEEDLES = ["the", "THE", "a", "東京", "don't", "absent", "a b"]


@pytest.mark.parametrize("mode", ["whitespace", "words"])
@pytest.mark.parametrize("ignore_case", [False, True], ids=["exact", "ignore-case"])
def test_count_many_equals_one_count_per_needle(ignore_case: bool, mode: str) -> None:
    out = polars_col(ROWS).select(
        pl.col("text").wc.count_many(NEEDLES, ignore_case=ignore_case, mode=mode)  # type: ignore[arg-type]
    )
    assert out.schema["text"] == pl.Struct({n: pl.UInt32 for n in NEEDLES})
    unnested = out.unnest("text")
    for needle in NEEDLES:
        assert unnested[needle].to_list() == [
            count_with(r, needle, ignore_case, mode) for r in ROWS
        ]
    frame = pd.Series(ROWS).wc.count_many(NEEDLES, ignore_case=ignore_case, mode=mode)  # type: ignore[arg-type]
    assert list(frame.columns) == NEEDLES
    for needle in NEEDLES:
        assert pandas_values(frame[needle]) == [
            count_with(r, needle, ignore_case, mode) for r in ROWS
        ]


def test_count_many_schema_without_computing() -> None:
    lf = polars_col(ROWS).lazy().select(wc.count_many("text", ["x", "y"]))
    assert lf.collect_schema() == pl.Schema({"text": pl.Struct({"x": pl.UInt32, "y": pl.UInt32})})


def test_count_many_streaming() -> None:
    rows = [f"a b {i % 3} a" for i in range(30_000)]
    out = (
        polars_col(rows)
        .lazy()
        .select(pl.col("text").wc.count_many(["a", "0"]))
        .collect(engine="streaming")
    )
    assert out.unnest("text").rows()[:3] == [(2, 1), (2, 0), (2, 0)]


def test_count_many_pandas_keeps_index_and_dtype() -> None:
    s = pd.Series(["a a", None, "b"], index=["x", "y", "z"], dtype="string[python]")
    frame = s.wc.count_many(["a", "b"])
    assert frame.index.tolist() == ["x", "y", "z"]
    assert frame.dtypes.tolist() == ["Int64", "Int64"]
    assert pandas_values(frame["a"]) == [2, None, 0]


@SETTINGS
@given(
    st.lists(row_strategy, max_size=8),
    st.lists(needle_strategy, min_size=1, max_size=5, unique=True),
)
def test_count_many_property(rows: list[str | None], needles: list[str]) -> None:
    out = polars_col(rows).select(pl.col("text").wc.count_many(needles)).unnest("text")
    for needle in needles:
        assert out[needle].to_list() == [split_count(r, needle) for r in rows]


def test_count_many_with_100_needles() -> None:
    needles = [f"w{i}" for i in range(100)]
    rows = [" ".join(f"w{(i * 7 + j) % 120}" for j in range(30)) for i in range(200)]
    out = polars_col(rows).select(pl.col("text").wc.count_many(needles)).unnest("text")
    for needle in needles[::9]:
        assert out[needle].to_list() == [split_count(r, needle) for r in rows]


# --- the wc family ----------------------------------------------------------------------------

FAMILY = {
    "words": lambda t: len(t.split()),
    "lines": lambda t: len(t.splitlines()),
    "chars": len,
    "bytes": lambda t: len(t.encode()),
}
FAMILY_ROWS = [*ROWS, "a\r\nb\rc\n\nd\x1c\x85\u2028", "\n", "🙂é"]


@pytest.mark.parametrize("name", FAMILY)
def test_family_both_paths(name: str) -> None:
    expected = [None if r is None else FAMILY[name](r) for r in FAMILY_ROWS]
    out = polars_col(FAMILY_ROWS).select(getattr(pl.col("text").wc, name)())
    assert out.schema == {"text": pl.UInt32}
    assert out["text"].to_list() == expected
    assert polars_col(FAMILY_ROWS).select(getattr(wc, name)("text")).equals(out)
    assert pandas_values(getattr(pd.Series(FAMILY_ROWS).wc, name)()) == expected


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=8))
def test_family_property(rows: list[str | None]) -> None:
    df = polars_col(rows)
    out = df.select(*(getattr(pl.col("text").wc, n)().alias(n) for n in FAMILY))
    for name, ref in FAMILY.items():
        assert out[name].to_list() == [None if r is None else ref(r) for r in rows]


# --- top_words --------------------------------------------------------------------------------


def as_pairs(value: pl.Series) -> list[tuple[str, int]]:
    return [(d["word"], d["count"]) for d in value.to_list()]


@pytest.mark.parametrize("k", [None, 0, 1, 3, 100])
@pytest.mark.parametrize("mode", ["whitespace", "words"])
@pytest.mark.parametrize("ignore_case", [False, True], ids=["exact", "ignore-case"])
def test_top_words_both_paths(k: int | None, ignore_case: bool, mode: str) -> None:
    expected = top_words(ROWS, k, ignore_case, mode)
    out = polars_col(ROWS).select(
        pl.col("text").wc.top_words(k, ignore_case=ignore_case, mode=mode)
    )  # type: ignore[arg-type]
    assert out.schema["text"] == pl.List(pl.Struct({"word": pl.String, "count": pl.UInt64}))
    assert as_pairs(out["text"][0]) == expected
    frame = pd.Series(ROWS).wc.top_words(k, ignore_case=ignore_case, mode=mode)  # type: ignore[arg-type]
    assert list(frame.columns) == ["word", "count"]
    assert list(zip(frame["word"], frame["count"].astype(int))) == expected


def test_top_words_per_group() -> None:
    df = pl.DataFrame({"g": [1, 2, 1, 2, 1, 2], "text": ROWS})
    out = df.group_by("g").agg(pl.col("text").wc.top_words(2)).sort("g")
    for g, value in zip(out["g"], out["text"]):
        group_rows = [r for r, gg in zip(ROWS, df["g"]) if gg == g]
        assert as_pairs(value) == top_words(group_rows, 2)


# Any whole number is a k, numpy's too; beyond the number of words it means all of them.
K_OF_EVERY_KIND = {
    "np.int64": np.int64(2),
    "np.uint8": np.uint8(1),
    "np.int32-large": np.int32(2**31 - 1),
    "2**63-1": 2**63 - 1,
    "2**63": 2**63,
    "2**70": 2**70,
    "np.uint64-max": np.uint64(2**64 - 1),
}


@pytest.mark.parametrize("k", K_OF_EVERY_KIND.values(), ids=K_OF_EVERY_KIND)
def test_top_words_takes_any_whole_number_k(k: object) -> None:
    from wordcount_polars import arrow

    expected = top_words(ROWS, int(k))  # type: ignore[call-overload]
    out = polars_col(ROWS).select(pl.col("text").wc.top_words(k))  # type: ignore[arg-type]
    assert as_pairs(out["text"][0]) == expected
    out = polars_col(ROWS).select(wc.top_words("text", k))  # type: ignore[arg-type]
    assert as_pairs(out["text"][0]) == expected
    frame = pd.Series(ROWS).wc.top_words(k)  # type: ignore[arg-type]
    assert list(zip(frame["word"], frame["count"])) == expected
    assert arrow.top_words(pa.array(ROWS), k) == expected  # type: ignore[arg-type]


@SETTINGS
@given(st.lists(row_strategy, max_size=10), st.one_of(st.none(), st.integers(0, 5)))
def test_top_words_property(rows: list[str | None], k: int | None) -> None:
    out = polars_col(rows).select(pl.col("text").wc.top_words(k))
    assert as_pairs(out["text"][0]) == top_words(rows, k)
    frame = pd.Series(rows, dtype=object).wc.top_words(k)
    assert list(zip(frame["word"], frame["count"].astype(int))) == top_words(rows, k)


def test_tokens_reference_helper() -> None:
    # Guards the test reference itself against a known UAX #29 example.
    assert tokens("(the) the, THE don't e-mail", "words") == [
        "the",
        "the",
        "THE",
        "don't",
        "e",
        "mail",
    ]
    assert np.array_equal(tokens("a  b"), ["a", "b"])
