"""`wc.count` on hand-picked cases, on both the Polars and the pandas path, against the
reference ``text.split().count(needle)``."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest
from reference import LOOK_ALIKES, PY_WHITESPACE, count_ocurrences, split_count

import wordcount_polars as wc

CASES = [
    pytest.param("", "a", id="empty-text"),
    pytest.param("a", "", id="empty-needle"),
    pytest.param("a a a", "a", id="adjacent-repeats"),
    pytest.param("b-a a.", "a", id="punctuation-is-part-of-token"),
    pytest.param("aa aaa aa a", "aa", id="needle-inside-longer-tokens"),
    pytest.param("a", "aaaa", id="needle-longer-than-text"),
    pytest.param("a b", "a b", id="needle-with-space"),
    pytest.param("a\tb", "a\tb", id="needle-with-tab"),
    pytest.param("a\u3000b", "a\u3000b", id="needle-with-ideographic-space"),
    pytest.param("Café café CAFÉ", "café", id="case-sensitive"),
    pytest.param("cafe\u0301 café", "café", id="no-normalisation"),
    pytest.param("東京 東京都 東京", "東京", id="cjk"),
    pytest.param("🙂 🙂🙂 x🙂 🙂", "🙂", id="emoji"),
    pytest.param("straße\u00a0straße", "straße", id="multibyte-needle-nbsp"),
    pytest.param(" \t\n a \r\n", "a", id="surrounding-whitespace"),
    *(
        pytest.param(f"{ws}a{ws}a{ws}ab{ws}", "a", id=f"whitespace-U+{ord(ws):04X}")
        for ws in PY_WHITESPACE
    ),
    *(pytest.param(f"a{ch}a a", "a", id=f"look-alike-U+{ord(ch):04X}") for ch in LOOK_ALIKES),
]


def test_python_has_29_whitespace_code_points() -> None:
    assert len(PY_WHITESPACE) == 29
    assert {"\x1c", "\x1d", "\x1e", "\x1f"} <= set(PY_WHITESPACE)


@pytest.mark.parametrize(("text", "needle"), CASES)
def test_polars_matches_reference(text: str, needle: str) -> None:
    out = pl.DataFrame({"text": [text]}).select(pl.col("text").wc.count(needle))
    assert out.schema == {"text": pl.UInt32}
    assert out["text"].to_list() == [split_count(text, needle)]


@pytest.mark.parametrize(("text", "needle"), CASES)
def test_function_api_matches_namespace(text: str, needle: str) -> None:
    df = pl.DataFrame({"text": [text]})
    assert df.select(wc.count("text", needle)).equals(df.select(pl.col("text").wc.count(needle)))


@pytest.mark.parametrize(("text", "needle"), CASES)
def test_pandas_matches_reference(text: str, needle: str) -> None:
    assert pd.Series([text]).wc.count(needle).tolist() == [split_count(text, needle)]


@pytest.mark.parametrize(("text", "needle"), CASES)
def test_talk_function_agrees_with_contract(text: str, needle: str) -> None:
    # The seed's function and `split().count` are the same contract; this guards the reference.
    if needle and not any(ch.isspace() for ch in needle):
        assert count_ocurrences(text, needle) == split_count(text, needle)


def test_null_rows_give_null() -> None:
    df = pl.DataFrame({"text": ["a a", None, "a"]})
    assert df.select(pl.col("text").wc.count("a"))["text"].to_list() == [2, None, 1]


def test_real_text() -> None:
    from wordcount_polars.sample import sample_rows

    rows = sample_rows(2_000)
    df = pl.DataFrame({"text": rows})
    s = pd.Series(rows)
    for needle in ["the", "the.", "(the)", "café", "東京", "🙂", "id=42", "absent"]:
        expected = [split_count(r, needle) for r in rows]
        assert df.select(pl.col("text").wc.count(needle))["text"].to_list() == expected, needle
        assert s.wc.count(needle).tolist() == expected, needle
