"""Differential tests: every Python path of the package against the plain-Python references in
tests/reference.py, on adversarial Unicode, many cases per call.

Each Hypothesis example is a batch of rows (and a few needles) evaluated in one Polars or pandas
call under every option, so one example compares hundreds of (row, needle, options) cases.
Quick by default; ``WORDCOUNT_LONG_FUZZ=1`` runs enough examples to compare at least
1,000,000 cases, and the last test prints (and checks) the total. See docs/fuzzing.md.

Which arbitrary characters a case may hold depends on the Unicode tables it touches (Python
3.11: Unicode 14; Rust's lowercase and word-break tables: 17; `uniseg`: 16). Exact counts and the
wc family touch none beyond whitespace and line breaks and draw any code point; case-insensitive
whitespace-mode cases draw characters assigned in Python's ``unicodedata`` (category other than
Cn); word-mode cases draw from a fixed list, because the two word-break tables disagree on some
assigned characters. docs/fuzzing.md has the details.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import product
from typing import Optional

import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import LOOK_ALIKES, PY_WHITESPACE, count_with, split_count, tokens, top_words

import wordcount_polars  # noqa: F401  (registers the .wc namespaces)

LONG = os.environ.get("WORDCOUNT_LONG_FUZZ") == "1"
LONG_MODE_CASES = 1_000_000
ROWS_PER_EXAMPLE = 50

# Letters whose lowercase is longer, context-dependent (final sigma), or another letter's
# (Kelvin sign), multi-byte letters, digits and the punctuation UAX #29 treats specially.
LETTERS = [
    "a",
    "b",
    "A",
    "B",
    "\u00e9",  # e with acute
    "\u00c9",  # E with acute
    "\u00df",  # sharp s: uppercase is "SS"
    "\u1e9e",  # capital sharp s
    "\u03c3",  # small sigma
    "\u03a3",  # capital sigma: final sigma rule
    "\u03c2",  # final sigma
    "\u0130",  # I with dot above: lowercases to two code points
    "i",
    "\u0131",  # dotless i
    "\u0307",  # combining dot above
    "K",
    "\u212a",  # Kelvin sign: lowercases to "k"
    "\u01c5",  # titlecase DZ with caron
    "\u6771",  # CJK
    "\U0001f642",  # emoji, four UTF-8 bytes
    "\u200d",  # zero-width joiner
    "1",
    "'",
    ".",
    "-",
    "_",
    ",",
    ":",
]
ALPHABET = [*PY_WHITESPACE, *LOOK_ALIKES, *LETTERS]
# Needles are mostly letters; whitespace and look-alikes make needles that can never match.
NEEDLE_CHARS = [*LETTERS[:20], " ", "\x1c", "\u3000", "\u200b", "\u202f"]

# Arbitrary characters for the exact count and the wc family: any code point.
any_chars = st.characters(exclude_categories=("Cs",))
# For case-insensitive whitespace-mode cases: characters assigned in Python's Unicode tables.
assigned_chars = st.characters(exclude_categories=("Cn", "Cs"))
# Word-mode cases draw from a fixed list instead: the word-break tables of the reference
# (`uniseg`, Unicode 16) and of the kernel (`unicode-segmentation`, Unicode 17) differ on some
# assigned characters (U+00B8 CEDILLA is Other in one, ALetter in the other). These are
# long-assigned letters of many scripts with unusual case mappings, digits, numerals and other
# word-break classes (Katakana, Hebrew_Letter, Numeric). They leave out the Other_Alphabetic
# marks, where the reference's `str.isalnum` test and the documented definition part ways
# (pinned by a test at the end).
WORDS_MODE_EXTRAS = [
    *"\u0414\u0434\u0531\u0561\u10a0\u2d00\u13a0\uab70",  # Cyrillic, Armenian, Georgian, Cherokee
    *"\u05d0\u0628\u30ab\u3072\ud55c\uff21\uff41",  # Hebrew, Arabic, kana, Hangul, fullwidth
    *"\u00ba\u00aa\u00b5\u017f\u1ffc\u2126\u212b",  # ordinals, micro, long s, ohm, angstrom
    *"\u0663\u00bd\u216b\u217b\ufb01\u01c8",  # digits, numerals, ligature, titlecase
]
words_mode_chars = st.sampled_from(WORDS_MODE_EXTRAS)

# The option combinations in two groups, each with the arbitrary characters its cases may draw.
OPTION_GROUPS = {
    "whitespace": ([(False, "whitespace"), (True, "whitespace")], assigned_chars),
    "words": ([(False, "words"), (True, "words")], words_mode_chars),
}


def is_assigned(text: str) -> bool:
    return all(unicodedata.category(c) != "Cn" for c in text)


@st.composite
def batches(
    draw: st.DrawFn, extra_chars: st.SearchStrategy[str]
) -> tuple[list[str | None], list[str]]:
    """``ROWS_PER_EXAMPLE`` rows (some null) and 1-5 distinct needles. Rows are made of the
    adversarial alphabet, the needles' own characters, whole needles and arbitrary characters,
    so whole-token hits and near misses are both common."""
    needle = st.text(st.one_of(st.sampled_from(NEEDLE_CHARS), extra_chars), max_size=4)
    needles = draw(st.lists(needle, min_size=1, max_size=5, unique=True))
    own_chars = [c for n in needles for c in n]
    piece = st.one_of(
        st.sampled_from(ALPHABET + own_chars),
        st.sampled_from(needles),
        extra_chars,
    )
    row = st.lists(piece, max_size=20).map("".join)
    rows = draw(
        st.lists(
            st.one_of(row, row, row, st.none()),
            min_size=ROWS_PER_EXAMPLE,
            max_size=ROWS_PER_EXAMPLE,
        )
    )
    return rows, needles


# --- the reference, tokenizing each row once -------------------------------------------------


@lru_cache(maxsize=1 << 14)
def reference_tokens(text: str, mode: str) -> tuple[str, ...]:
    # `uniseg` (the word-mode reference) takes milliseconds per row; a batch compares every row
    # with every needle under every option, so each row is tokenized once per mode.
    return tuple(tokens(text, mode))


def expected_count(
    text: str | None, needle: str | None, ignore_case: bool, mode: str
) -> int | None:
    """``reference.count_with`` over the cached tokens (``test_cached_reference_is_count_with``
    checks that the two agree)."""
    if text is None or needle is None:
        return None
    toks = reference_tokens(text, mode)
    if ignore_case:
        folded = needle.lower()
        return sum(t.lower() == folded for t in toks)
    return toks.count(needle)


# --- comparing, and counting what was compared -----------------------------------------------

compared_cases: Counter[str] = Counter()


def assert_same(test: str, got: list[object], expected: list[object], labels: list[object]) -> None:
    """Compares two equally long lists of results; on failure names the first few cases."""
    assert len(got) == len(expected) == len(labels)
    mismatches = [
        {"case": label, "got": g, "expected": e}
        for label, g, e in zip(labels, got, expected)
        if g != e
    ]
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:3]}"
    compared_cases[test] += len(expected)


def settings_for(quick_examples: int, long_examples: int) -> settings:
    return settings(
        max_examples=long_examples if LONG else quick_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def text_frame(rows: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"text": rows}, schema={"text": pl.String})


def pandas_values(values: pd.Series) -> list[int | None]:
    """Counts as plain ints, missing as None, whatever dtype ``.str.count`` conventions gave."""
    return [None if pd.isna(v) else int(v) for v in values]


PANDAS_DTYPES = ["string[pyarrow]", "string[python]", "object", "category"]


# --- the tests -------------------------------------------------------------------------------


# Optional, not `str | None`: a runtime alias, and the wheel is tested on Python 3.9 too.
Batch = tuple[list[Optional[str]], list[str]]
Options = list[tuple[bool, str]]


def draw_group(group: str, data: st.DataObject) -> tuple[Options, Batch]:
    """The group's option combinations, and a batch drawn with the group's characters."""
    options, extra_chars = OPTION_GROUPS[group]
    return options, data.draw(batches(extra_chars), label="batch")


@pytest.mark.parametrize("group", OPTION_GROUPS)
@settings_for(quick_examples=8, long_examples=200)
@given(data=st.data())
def test_cached_reference_is_count_with(group: str, data: st.DataObject) -> None:
    options, (rows, needles) = draw_group(group, data)
    cases = list(product(rows, needles, options))
    got = [expected_count(r, n, ic, m) for r, n, (ic, m) in cases]
    expected = [count_with(r, n, ic, m) for r, n, (ic, m) in cases]
    assert_same("cached reference", got, expected, cases)


@settings_for(quick_examples=50, long_examples=300)
@given(batches(any_chars))
def test_polars_exact_count_any_code_point(batch: Batch) -> None:
    rows, needles = batch
    out = text_frame(rows).select(
        pl.col("text").wc.count(n).alias(str(i)) for i, n in enumerate(needles)
    )
    cases = list(product(range(len(needles)), range(len(rows))))
    got = [out[str(i)][r] for i, r in cases]
    expected = [split_count(rows[r], needles[i]) for i, r in cases]
    assert_same("polars count, exact", got, expected, [(rows[r], needles[i]) for i, r in cases])


@pytest.mark.parametrize("group", OPTION_GROUPS)
@settings_for(quick_examples=40, long_examples=500)
@given(data=st.data())
def test_polars_count_every_option(group: str, data: st.DataObject) -> None:
    options, (rows, needles) = draw_group(group, data)
    combos = list(product(needles, options))
    out = text_frame(rows).select(
        pl.col("text").wc.count(n, ignore_case=ic, mode=m).alias(str(i))
        for i, (n, (ic, m)) in enumerate(combos)
    )
    cases = list(product(range(len(combos)), range(len(rows))))
    got = [out[str(c)][r] for c, r in cases]
    expected = [expected_count(rows[r], combos[c][0], *combos[c][1]) for c, r in cases]
    labels = [(rows[r], *combos[c]) for c, r in cases]
    assert_same("polars count, all options", got, expected, labels)


@pytest.mark.parametrize("group", OPTION_GROUPS)
@settings_for(quick_examples=25, long_examples=400)
@given(data=st.data())
def test_polars_count_needle_per_row(group: str, data: st.DataObject) -> None:
    options, (rows, needles) = draw_group(group, data)
    # Each row's needle: one of the drawn needles, the row's own first token (a sure hit), or
    # null.
    per_row: list[str | None] = []
    for i, row in enumerate(rows):
        if i % 7 == 6:
            per_row.append(None)
        elif i % 3 == 0 and row and row.split():
            per_row.append(row.split()[0])
        else:
            per_row.append(needles[i % len(needles)])
    frame = pl.DataFrame(
        {"text": rows, "needle": per_row}, schema={"text": pl.String, "needle": pl.String}
    )
    out = frame.select(
        pl.col("text").wc.count(pl.col("needle"), ignore_case=ic, mode=m).alias(str(o))
        for o, (ic, m) in enumerate(options)
    )
    cases = list(product(range(len(options)), range(len(rows))))
    got = [out[str(o)][r] for o, r in cases]
    expected = [expected_count(rows[r], per_row[r], *options[o]) for o, r in cases]
    labels = [(rows[r], per_row[r], options[o]) for o, r in cases]
    assert_same("polars count, needle per row", got, expected, labels)


@pytest.mark.parametrize("group", OPTION_GROUPS)
@settings_for(quick_examples=40, long_examples=500)
@given(data=st.data())
def test_polars_count_many(group: str, data: st.DataObject) -> None:
    options, (rows, needles) = draw_group(group, data)
    # NUL needles are refused up front (test_nul_needle_in_count_many_is_rejected_...).
    needles = [n for n in needles if "\x00" not in n] or ["a"]
    out = text_frame(rows).select(
        pl.col("text").wc.count_many(needles, ignore_case=ic, mode=m).alias(str(o))
        for o, (ic, m) in enumerate(options)
    )
    got: list[object] = []
    expected: list[object] = []
    labels: list[object] = []
    for o, (ic, m) in enumerate(options):
        for r, result in enumerate(out[str(o)].to_list()):
            for n in needles:
                # A null row gives a null struct or a struct of nulls; both mean "no count".
                got.append(None if result is None else result[n])
                expected.append(expected_count(rows[r], n, ic, m))
                labels.append((rows[r], n, ic, m))
    assert_same("polars count_many", got, expected, labels)


FAMILY_REFERENCES = {
    "words": lambda t: len(t.split()),
    "lines": lambda t: len(t.splitlines()),
    "chars": len,
    "bytes": lambda t: len(t.encode()),
}


@settings_for(quick_examples=40, long_examples=300)
@given(batches(any_chars))
def test_polars_family(batch: Batch) -> None:
    rows, _ = batch
    out = text_frame(rows).select(
        getattr(pl.col("text").wc, name)().alias(name) for name in FAMILY_REFERENCES
    )
    for name, reference in FAMILY_REFERENCES.items():
        expected = [None if r is None else reference(r) for r in rows]
        assert_same(f"polars {name}", out[name].to_list(), expected, rows)


@pytest.mark.parametrize("group", OPTION_GROUPS)
@settings_for(quick_examples=15, long_examples=150)
@given(data=st.data())
def test_polars_top_words(group: str, data: st.DataObject) -> None:
    options, (rows, _) = draw_group(group, data)
    k = data.draw(st.one_of(st.none(), st.integers(0, 12)), label="k")
    out = text_frame(rows).select(
        pl.col("text").wc.top_words(k, ignore_case=ic, mode=m).alias(str(o))
        for o, (ic, m) in enumerate(options)
    )
    for o, (ic, m) in enumerate(options):
        got = [(e["word"], e["count"]) for e in out[str(o)].item()]
        expected = top_words(rows, k, ignore_case=ic, mode=m)
        assert got == expected, (rows, k, ic, m)
        # One case per ranked entry, and one for an empty ranking.
        compared_cases["polars top_words"] += max(1, len(expected))


@pytest.mark.parametrize("group", OPTION_GROUPS)
@settings_for(quick_examples=20, long_examples=300)
@given(data=st.data())
def test_pandas_accessor(group: str, data: st.DataObject) -> None:
    options, (rows, needles) = draw_group(group, data)
    dtype = data.draw(st.sampled_from(PANDAS_DTYPES), label="dtype")
    series = pd.Series(rows, dtype=dtype)
    for ic, m in options:
        for n in needles:
            got = pandas_values(series.wc.count(n, ignore_case=ic, mode=m))
            expected = [expected_count(r, n, ic, m) for r in rows]
            assert_same("pandas count", got, expected, [(r, n, ic, m) for r in rows])
        # NUL needles are refused up front (test_nul_needle_in_count_many_is_rejected_...).
        many = [n for n in needles if "\x00" not in n] or ["a"]
        frame = series.wc.count_many(many, ignore_case=ic, mode=m)
        for n in many:
            expected = [expected_count(r, n, ic, m) for r in rows]
            got = pandas_values(frame[n])
            assert_same("pandas count_many", got, expected, [(r, n, ic, m) for r in rows])
        per_row = pd.Series([needles[i % len(needles)] for i in range(len(rows))], dtype=dtype)
        got = pandas_values(series.wc.count(per_row, ignore_case=ic, mode=m))
        expected = [expected_count(r, n, ic, m) for r, n in zip(rows, per_row)]
        assert_same("pandas count, needle per row", got, expected, list(zip(rows, per_row)))
    for name, reference in FAMILY_REFERENCES.items():
        got = pandas_values(getattr(series.wc, name)())
        expected = [None if r is None else reference(r) for r in rows]
        assert_same(f"pandas {name}", got, expected, rows)


def test_batches_cover_the_alphabet() -> None:
    """The adversarial alphabet holds every Python whitespace, and its letters are assigned in
    Python's Unicode tables (so they may appear in case-folding and word-mode cases)."""
    assert set(PY_WHITESPACE) <= set(ALPHABET)
    assert len(PY_WHITESPACE) == 29
    assert is_assigned("".join(LETTERS + NEEDLE_CHARS + WORDS_MODE_EXTRAS))


def test_total_compared_cases(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reports how many cases this module compared; in long mode, checks the 1,000,000 floor
    when every differential test of the module ran in this session (pytest keeps file order,
    so this test runs after them)."""
    total = sum(compared_cases.values())
    breakdown = ", ".join(f"{name}: {n:,}" for name, n in sorted(compared_cases.items()))
    with capsys.disabled():
        mode = "long" if LONG else "quick"
        print(f"\ndifferential ({mode}): {total:,} cases compared ({breakdown})")
    module_tests = {
        name for name, value in globals().items() if name.startswith("test_") and callable(value)
    }
    ran = {item.name for item in request.session.items if item.module is request.module}
    if LONG and module_tests <= ran:
        assert total >= LONG_MODE_CASES, f"long mode compared only {total:,} cases"


# --- where the contract and the test reference part ways -------------------------------------


def test_words_mode_counts_a_word_of_other_alphabetic_marks_as_unicode_words_does() -> None:
    # Word mode is unicode-segmentation's `unicode_words` (docs/semantics.md, "Word mode"): a
    # UAX #29 segment is a word when it has an Alphabetic or Numeric code point, and Unicode's
    # Alphabetic includes the Other_Alphabetic marks. The test reference approximates that
    # test with `str.isalnum`, which counts no marks, so the property tests leave these marks
    # out of their alphabet and this test pins the documented answer instead.
    text = "\u093e"  # DEVANAGARI VOWEL SIGN AA, category Mc, Other_Alphabetic
    assert pl.select(pl.lit(text).wc.count(text, mode="words")).item() == 1
    tops = pl.select(pl.lit("a \u0345").wc.top_words(mode="words")).item().to_list()
    assert sorted(entry["word"] for entry in tops) == [" \u0345", "a"]


def test_nul_needle_in_count_many_is_rejected_before_the_plugin_runs() -> None:
    # Struct field names cross the Arrow C interface as C strings, so a NUL in a needle would
    # make the plugin panic; the argument check refuses it with a clear error instead.
    with pytest.raises(ValueError, match="NUL"):
        text_frame(["a \x00 b"]).select(pl.col("text").wc.count_many(["\x00"]))
