"""The sections beyond one needle per corpus: per-row needles, many needles, top words,
phrases.

``count_many`` and ``top_words`` are newer APIs: each is probed with ``hasattr`` and its rows are
left out (and the section says so) until the installed package has it. The Polars-native and
Python rows always run, so the comparison is ready the day the API lands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
from corpora import generate
from measure import time_round_robin
from methods import TOKEN_CLASS, WS_CLASS, has_pandas_api, has_polars_api, padded_text

TOP_K = 10
N_NEEDLES = 100
# Phrases of the short corpus: one that cannot overlap itself and a common one that can.
PHRASES = ["to the", "the the"]


@dataclass(frozen=True)
class Entry:
    name: str
    fn: Callable[[], Any]  # bound to its data; returns something ``check`` understands
    exact: bool  # claims the contract
    ours: bool = False
    slow: bool = False  # run on the section's Python subsample (and scaled)
    floor: bool = False  # not a count: a cost every method of the section pays at least


def _section(
    title: str,
    description: str,
    entries: list[Entry],
    check: Callable[[Any, bool], bool],
    full_bytes: int,
    sub_bytes: int,
    repeats: int,
    missing: list[str],
) -> dict[str, Any]:
    """Times ``entries`` round-robin and checks each result (``check(result, on_subsample)``)."""
    timings = time_round_robin({e.name: e.fn for e in entries}, repeats)
    rows = []
    for e in entries:
        t = timings[e.name]
        timed_bytes = sub_bytes if e.slow else full_bytes
        rows.append(
            {
                "method": e.name,
                "ours": e.ours,
                "exact_claim": e.exact,
                "slow": e.slow,
                "timed_bytes": timed_bytes,
                "median_s": t.median,
                "seconds": t.seconds,
                "mbps": timed_bytes / t.median / 1e6,
                "matches": None if e.floor else bool(check(t.result, e.slow)),
            }
        )
    return {
        "title": title,
        "description": description,
        "bytes": full_bytes,
        "rows": rows,
        "missing": missing,
    }


def _python_rows(rows: pa.ChunkedArray) -> list[str]:
    return rows.to_pylist()


# --- per-row needles -------------------------------------------------------------------------


def per_row_needles(
    rows: pa.ChunkedArray, words: list[str], seed: int, sub_rows: int, repeats: int
) -> dict[str, Any]:
    """Each row gets its own needle (drawn from ``words``): ``wc.count(pl.col("word"))``
    against the exact Polars-native expressions that accept a per-row pattern."""
    rng = np.random.default_rng([seed, 77])
    needles = [words[i] for i in rng.integers(0, len(words), size=len(rows))]
    texts = _python_rows(rows)
    df = pl.DataFrame({"text": pl.from_arrow(rows), "word": needles}).rechunk()
    reference = sum(t.split().count(w) for t, w in zip(texts, needles))
    sub = list(zip(texts[:sub_rows], needles[:sub_rows]))
    sub_reference = sum(t.split().count(w) for t, w in sub)
    pattern = pl.lit(" ") + pl.col("word") + pl.lit(" ")
    series = pd.Series(pd.arrays.ArrowExtensionArray(rows), name="text")
    needle_series = pd.Series(needles, dtype=pd.ArrowDtype(pa.large_string()))
    entries = [
        Entry(
            'ours: polars wc.count(pl.col("word"))',
            lambda: df.select(pl.col("text").wc.count(pl.col("word")).sum()).item(),
            True,
            ours=True,
        ),
    ]
    missing = []
    if _pandas_per_row_works():
        entries.append(
            Entry(
                "ours: pandas wc.count(needle Series) [large_string[pyarrow]]",
                lambda: int(series.wc.count(needle_series).sum()),
                True,
                ours=True,
            )
        )
    else:
        missing.append("pd.Series.wc.count(<needle Series>)")
    entries += [
        Entry(
            "polars: replace_all(pyws+, 2 spaces), pad, count_matches(per-row literal)",
            lambda: df.select(padded_text().str.count_matches(pattern, literal=True).sum()).item(),
            True,
        ),
        Entry(
            "polars: extract_all([^pyws]+), explode, == word, sum",
            lambda: (
                df.select(pl.col("text").str.extract_all(TOKEN_CLASS + "+").alias("tok"), "word")
                .explode("tok")
                .select((pl.col("tok") == pl.col("word")).sum())
                .item()
            ),
            True,
        ),
        Entry(
            "python: text.split().count(word) per row",
            lambda: sum(t.split().count(w) for t, w in sub),
            True,
            slow=True,
        ),
    ]
    full_bytes = sum(len(t.encode()) for t in texts)
    sub_bytes = sum(len(t.encode()) for t, _ in sub)
    return _section(
        "Per-row needles",
        f"{len(rows):,} short rows, each with its own needle drawn from {words}",
        entries,
        lambda result, on_sub: result == (sub_reference if on_sub else reference),
        full_bytes,
        sub_bytes,
        repeats,
        missing,
    )


def _pandas_per_row_works() -> bool:
    """Older releases take only a str needle in pandas; probe instead of guessing."""
    dtype = pd.ArrowDtype(pa.large_string())
    try:
        counts = pd.Series(["a b a"], dtype=dtype).wc.count(pd.Series(["a"], dtype=dtype))
    except (TypeError, ValueError, AttributeError):
        return False
    return int(counts.sum()) == 2


# --- many needles ----------------------------------------------------------------------------


def _struct_totals(frame: pl.DataFrame, needles: list[str]) -> dict[str, int]:
    """Per-needle totals from a one-column frame of structs with one field per needle (matched
    by position, so the field names do not matter)."""
    totals = frame.unnest(frame.columns[0]).sum().row(0)
    return {n: int(v or 0) for n, v in zip(needles, totals)}


def many_needles(rows: pa.ChunkedArray, extra: list[str], repeats: int) -> dict[str, Any]:
    """100 needles at once (``count_many``) against one ``count`` and 100 separate ``count``s."""
    texts = _python_rows(rows)
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(t.split())
    needles = list(dict.fromkeys(extra + [w for w, _ in counts.most_common(N_NEEDLES)]))
    needles = needles[:N_NEEDLES]
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    series = pd.Series(pd.arrays.ArrowExtensionArray(rows), name="text")
    text = pl.col("text")

    def separate() -> dict[str, int]:
        exprs = [text.wc.count(n).sum().alias(f"n{i}") for i, n in enumerate(needles)]
        return {n: int(v) for n, v in zip(needles, df.select(exprs).row(0))}

    def native_is_in() -> dict[str, int]:
        tokens = df.select(text.str.extract_all(TOKEN_CLASS + "+").explode().alias("w"))
        found = dict(tokens.filter(pl.col("w").is_in(needles))["w"].value_counts().iter_rows())
        return {n: int(found.get(n, 0)) for n in needles}

    def check(result: dict[str, int], _on_sub: bool) -> bool:
        # The one-needle row answers for its needle only; every other row for all of them.
        return len(result) in (1, len(needles)) and all(counts[n] == v for n, v in result.items())

    entries = [
        Entry(
            f"ours: polars wc.count, 1 needle ({needles[0]!r})",
            lambda: {needles[0]: df.select(text.wc.count(needles[0]).sum()).item()},
            True,
            ours=True,
        ),
        Entry(f"ours: polars {len(needles)} x wc.count in one select", separate, True, ours=True),
    ]
    missing = []
    if has_polars_api("count_many"):
        entries.append(
            Entry(
                f"ours: polars wc.count_many({len(needles)} needles)",
                lambda: _struct_totals(df.select(text.wc.count_many(needles)), needles),
                True,
                ours=True,
            )
        )
    else:
        missing.append("pl.Expr.wc.count_many")
    if has_pandas_api("count_many"):
        # The result's dtype follows the Series' (.str.count's): int64[pyarrow] columns, Int64
        # columns, and one numpy int64 block for pandas 3's default `str`.
        pandas_series = {
            "large_string[pyarrow]": series,
            "string[pyarrow]": series.astype("string[pyarrow]"),
            "str": series.astype("str"),
        }
        for dtype, s in pandas_series.items():
            entries.append(
                Entry(
                    f"ours: pandas wc.count_many({len(needles)} needles) [{dtype}]",
                    lambda s=s: _pandas_many(s.wc.count_many(needles), needles),
                    True,
                    ours=True,
                )
            )
    else:
        missing.append("pd.Series.wc.count_many")
    entries.append(
        Entry("polars: extract_all([^pyws]+), explode, is_in, value_counts", native_is_in, True)
    )

    def output_floor() -> int:
        # What any count_many must at least do on these rows: write 100 UInt32 columns as long
        # as the text (fresh memory, as a new result is) and read them back to sum them.
        columns = np.ones((len(needles), len(rows)), dtype=np.uint32)
        return int(columns.sum())

    entries.append(
        Entry(
            f"floor: write and sum {len(needles)} UInt32 columns (the output alone)",
            output_floor,
            False,
            floor=True,
        )
    )
    full_bytes = sum(len(t.encode()) for t in texts)
    return _section(
        "Many needles",
        f"{len(rows):,} short rows; {len(needles)} needles: {extra} and the most common tokens",
        entries,
        check,
        full_bytes,
        full_bytes,
        repeats,
        missing,
    )


# --- top words -------------------------------------------------------------------------------


def _top_ok(result: list[tuple[str, int]], counts: Counter[str], k: int) -> bool:
    """Tie-tolerant: every reported word has its true count, and the reported counts are the k
    largest true counts."""
    if len(result) != min(k, len(counts)):
        return False
    if any(counts.get(w, -1) != c for w, c in result):
        return False
    return sorted((c for _, c in result), reverse=True) == [c for _, c in counts.most_common(k)]


def _pairs(value: Any) -> list[tuple[str, int]]:
    """top_words' List(Struct{word, count}) cell (a Series of structs) as (word, count) pairs."""
    items = value.to_list() if hasattr(value, "to_list") else value
    return [(d["word"], int(d["count"])) for d in items]


def top_words(
    corpus: str, rows: pa.ChunkedArray, sub_rows: int, repeats: int, k: int = TOP_K
) -> dict[str, Any]:
    """``top_words(k)`` against ``extract_all(r"\\S+").explode().value_counts()``."""
    texts = _python_rows(rows)
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(t.split())
    sub = texts[:sub_rows]
    sub_counts: Counter[str] = Counter()
    for t in sub:
        sub_counts.update(t.split())
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    series = pd.Series(pd.arrays.ArrowExtensionArray(rows), name="text")

    def value_counts(pattern: str) -> list[tuple[str, int]]:
        words = pl.col("text").str.extract_all(pattern).explode()
        top = df.select(words.value_counts(sort=True).head(k)).unnest("text")
        return [(w, int(c)) for w, c in top.iter_rows()]

    def python_counter() -> list[tuple[str, int]]:
        c: Counter[str] = Counter()
        for t in sub:
            c.update(t.split())
        return c.most_common(k)

    entries = []
    missing = []
    if has_polars_api("top_words"):
        entries.append(
            Entry(
                f"ours: polars wc.top_words({k})",
                lambda: _pairs(df.select(pl.col("text").wc.top_words(k)).item()),
                True,
                ours=True,
            )
        )
    else:
        missing.append("pl.Expr.wc.top_words")
    if has_pandas_api("top_words"):
        entries.append(
            Entry(
                f"ours: pandas wc.top_words({k})",
                lambda: _pandas_top(series.wc.top_words(k)),
                True,
                ours=True,
            )
        )
    else:
        missing.append("pd.Series.wc.top_words")
    entries += [
        Entry(
            r"polars: extract_all(\S+).explode().value_counts()",
            lambda: value_counts(r"\S+"),
            False,
        ),
        Entry(
            "polars: extract_all([^pyws]+).explode().value_counts()",
            lambda: value_counts(TOKEN_CLASS + "+"),
            True,
        ),
        Entry("python: Counter(text.split()).most_common", python_counter, True, slow=True),
    ]
    full_bytes = sum(len(t.encode()) for t in texts)
    sub_bytes = sum(len(t.encode()) for t in sub)
    return _section(
        f"Top {k} words ({corpus})",
        f"{len(rows):,} rows of the {corpus} corpus",
        entries,
        lambda result, on_sub: _top_ok(result, sub_counts if on_sub else counts, k),
        full_bytes,
        sub_bytes,
        repeats,
        missing,
    )


GROUP_ROWS = 10
GROUP_K = 3


def _group_pairs(frame: pl.DataFrame, words: str, counts: str) -> dict[int, list[tuple[str, int]]]:
    """A per-group ranking as {group: [(word, count), ...]}, from one row per group with list
    columns ``words`` and ``counts``."""
    return {
        g: list(zip(w, (int(c) for c in n)))
        for g, w, n in frame.select("g", words, counts).iter_rows()
    }


def top_words_per_group(rows: pa.ChunkedArray, groups: int, repeats: int) -> dict[str, Any]:
    """``group_by(g).agg(wc.top_words(3))`` over ``groups`` groups of ``GROUP_ROWS`` short rows,
    against Polars' own pipeline: tokens, explode, ``group_by(g, w).len()``, sort, then
    ``group_by(g).head(3)``. The native tokens come from ``extract_all(r"\\S+")`` (which misses
    U+001C-U+001F; the short corpus has none, so its answer is checked like ours) and from the
    exact class of Python's whitespace."""
    n = groups * GROUP_ROWS
    texts = rows.slice(0, n)
    df = pl.DataFrame(
        {"g": pl.int_range(0, n, eager=True) // GROUP_ROWS, "text": pl.from_arrow(texts)}
    )
    df = df.rechunk()
    python_rows = texts.to_pylist()
    expected: dict[int, list[tuple[str, int]]] = {}
    for g in range(groups):
        counts: Counter[str] = Counter()
        for t in python_rows[g * GROUP_ROWS : (g + 1) * GROUP_ROWS]:
            counts.update(t.split())
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        expected[g] = ranked[:GROUP_K]

    def ours() -> tuple[str, pl.DataFrame]:
        return "ours", df.group_by("g").agg(pl.col("text").wc.top_words(GROUP_K))

    def native(pattern: str) -> tuple[str, pl.DataFrame]:
        top = (
            df.select("g", w=pl.col("text").str.extract_all(pattern))
            .explode("w")
            .drop_nulls("w")
            .group_by("g", "w")
            .len()
            .sort(["g", "len", "w"], descending=[False, True, False])
            .group_by("g", maintain_order=True)
            .head(GROUP_K)
        )
        return "native", top

    def check(result: tuple[str, pl.DataFrame], _on_sub: bool) -> bool:
        """Converted outside the timing: each group's (word, count) pairs, in order."""
        kind, frame = result
        if kind == "ours":
            field = pl.col("text").list.eval
            frame = frame.select(
                "g",
                w=field(pl.element().struct.field("word")),
                c=field(pl.element().struct.field("count")),
            )
        else:
            frame = frame.group_by("g", maintain_order=True).agg(w="w", c="len")
        return _group_pairs(frame, "w", "c") == expected

    entries = []
    missing = []
    if has_polars_api("top_words"):
        entries.append(
            Entry(f"ours: polars group_by.agg(wc.top_words({GROUP_K}))", ours, True, ours=True)
        )
    else:
        missing.append("pl.Expr.wc.top_words")
    entries += [
        Entry(
            r"polars: extract_all(\S+) -> explode -> group_by(g, w).len() -> sort -> head(3)",
            lambda: native(r"\S+"),
            False,
        ),
        Entry(
            "polars: extract_all([^pyws]+) -> explode -> group_by(g, w).len() -> sort -> head(3)",
            lambda: native(TOKEN_CLASS + "+"),
            True,
        ),
    ]
    full_bytes = sum(len(t.encode()) for t in python_rows)
    return _section(
        f"Top words per group ({groups:,} groups)",
        f"{groups:,} groups of {GROUP_ROWS} rows of the short corpus, top {GROUP_K} of each "
        "(the answers are checked against collections.Counter after the timing)",
        entries,
        check,
        full_bytes,
        full_bytes,
        repeats,
        missing,
    )


def _pandas_top(result: Any) -> list[tuple[str, int]]:
    """pandas top_words' shape is not fixed yet: accept a Series of word -> count, a DataFrame
    with word/count columns, or a list of pairs/dicts."""
    if isinstance(result, pd.Series):
        if result.dtype == object and len(result) == 1:
            return _pandas_top(result.iloc[0])
        return [(str(w), int(c)) for w, c in result.items()]
    if isinstance(result, pd.DataFrame):
        return [(str(w), int(c)) for w, c in zip(result["word"], result["count"])]
    return [
        (d["word"], int(d["count"])) if isinstance(d, dict) else (d[0], int(d[1])) for d in result
    ]


def _pandas_many(result: Any, needles: list[str]) -> dict[str, int]:
    """pandas count_many's shape is not fixed yet: a DataFrame with one column per needle (in
    order) or a Series of dicts/structs."""
    if isinstance(result, pd.DataFrame):
        return {n: int(v) for n, v in zip(needles, result.sum())}
    frame = pd.DataFrame(list(result))
    return {n: int(v) for n, v in zip(needles, frame.sum())}


# --- categorical columns ---------------------------------------------------------------------


def distinct_lines(n: int, seed: int) -> list[str]:
    """``n`` distinct rows of the short corpus (log lines), in the order they first appear."""
    lines: dict[str, None] = {}
    size = 100_000
    while len(lines) < n:
        for line in generate("short", size, seed).to_pylist():
            lines.setdefault(line, None)
            if len(lines) == n:
                break
        size *= 2
    return list(lines)


def categorical(
    n_rows: int, n_categories: int, needle: str, seed: int, repeats: int
) -> dict[str, Any]:
    """``wc.count(needle).sum()`` on a Categorical and an Enum column against the same column
    cast to String: the intake hands the engine each category once, then the codes."""
    categories = distinct_lines(n_categories, seed)
    rng = np.random.default_rng([seed, 78])
    codes = rng.integers(0, len(categories), size=n_rows)
    text = pl.Series("text", categories).gather(codes)
    frames = {
        "String": pl.DataFrame({"t": text}).rechunk(),
        "Categorical": pl.DataFrame({"t": text.cast(pl.Categorical)}).rechunk(),
        "Enum": pl.DataFrame({"t": text.cast(pl.Enum(categories))}).rechunk(),
    }
    per_category = np.array([c.split().count(needle) for c in categories], dtype=np.int64)
    reference = int(per_category[codes].sum())

    def ours(frame: pl.DataFrame) -> Callable[[], int]:
        return lambda: frame.select(pl.col("t").wc.count(needle).sum()).item()

    entries = [
        Entry(f"ours: polars wc.count on {dtype}", ours(frame), True, ours=True)
        for dtype, frame in frames.items()
        if dtype != "String"
    ]
    entries.append(
        Entry("ours: polars wc.count on the column cast to String", ours(frames["String"]), True)
    )
    full_bytes = int(text.str.len_bytes().sum())
    return _section(
        f"Categorical ({n_rows:,} rows, {len(categories):,} categories)",
        f"{n_rows:,} rows drawn uniformly from {len(categories):,} distinct lines of the short "
        f"corpus, needle {needle!r}: `df.select(pl.col('t').wc.count(needle).sum())` on the "
        "column as `pl.Categorical`, as `pl.Enum` of the lines, and cast to `pl.String`; MB/s "
        "is the String column's bytes over the time",
        entries,
        lambda result, _on_sub: result == reference,
        full_bytes,
        full_bytes,
        repeats,
        [],
    )


# --- phrases ---------------------------------------------------------------------------------


def phrase_count(text: str, phrase: str) -> int:
    """The issue's definition of ``count(phrase, phrase=True)`` for one row."""
    toks, words = text.split(), phrase.split()
    n = len(words)
    return sum(toks[i : i + n] == words for i in range(len(toks) - n + 1)) if n else 0


def _phrase_works() -> bool:
    """Older releases have no ``phrase=``; probe instead of guessing."""
    try:
        got = pl.select(pl.lit("a b a b").wc.count("a b", phrase=True)).item()
    except TypeError:
        return False
    return int(got) == 2


def phrases(rows: pa.ChunkedArray, phrase: str, sub_rows: int, repeats: int) -> dict[str, Any]:
    """``wc.count(phrase, phrase=True)`` against the Polars-native expressions that count a run
    of tokens: a literal search in text whose whitespace runs are made two spaces (exact only
    for a phrase that cannot overlap itself: its matches do not overlap), and two token-list
    pipelines that compare each token and the ones after it (exact for any phrase)."""
    words = phrase.split()
    texts = _python_rows(rows)
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    series = pd.Series(pd.arrays.ArrowExtensionArray(rows), name="text")
    reference = sum(phrase_count(t, phrase) for t in texts)
    sub = texts[:sub_rows]
    sub_reference = sum(phrase_count(t, phrase) for t in sub)
    tokens = pl.col("text").str.extract_all(TOKEN_CLASS + "+")
    # Token i of the phrase equals the token i places after each token.
    run_of = [pl.element().shift(-i) == w for i, w in enumerate(words)]
    literal = " " + "  ".join(words) + " "
    entries = []
    missing = []
    if _phrase_works():
        entries += [
            Entry(
                f"ours: polars wc.count({phrase!r}, phrase=True)",
                lambda: df.select(pl.col("text").wc.count(phrase, phrase=True).sum()).item(),
                True,
                ours=True,
            ),
            Entry(
                f"ours: pandas wc.count({phrase!r}, phrase=True) [large_string[pyarrow]]",
                lambda: int(series.wc.count(phrase, phrase=True).sum()),
                True,
                ours=True,
            ),
        ]
    else:
        missing.append("wc.count(..., phrase=True)")

    def exploded(row_tokens: pl.Expr) -> Callable[[], int]:
        # Shifted over the whole exploded column; the row index keeps a run inside one row.
        def run() -> int:
            by_row = df.with_row_index("row").select("row", row_tokens.alias("tok"))
            by_row = by_row.explode("tok")
            same_run = [
                (pl.col("tok").shift(-i) == w) & (pl.col("row").shift(-i) == pl.col("row"))
                for i, w in enumerate(words)
            ]
            return int(by_row.select(pl.all_horizontal(same_run).sum()).item())

        return run

    # Whitespace runs made one space, then split on it: the tokens, and an empty string first
    # or last when the row starts or ends with whitespace (it equals no word of the phrase).
    split_tokens = pl.col("text").str.replace_all(WS_CLASS + "+", " ").str.split(" ")

    entries += [
        Entry(
            f"polars: replace_all(pyws+, 2 spaces), pad, count_matches({literal!r}, literal)",
            lambda: df.select(
                padded_text().str.count_matches(literal, literal=True).cast(pl.UInt64).sum()
            ).item(),
            False,
        ),
        Entry(
            "polars: extract_all([^pyws]+).list.eval(all_horizontal(shift(-i) == word_i).sum())",
            lambda: df.select(
                tokens.list.eval(pl.all_horizontal(run_of).sum()).list.first().sum()
            ).item(),
            True,
        ),
        Entry(
            "polars: extract_all([^pyws]+), explode, shift(-i) == word_i in the same row, sum",
            exploded(tokens),
            True,
        ),
        Entry(
            "polars: replace_all(pyws+, ' '), split(' '), explode, shift(-i) == word_i in the "
            "same row, sum",
            exploded(split_tokens),
            True,
        ),
        Entry(
            "python: the issue's definition per row",
            lambda: sum(phrase_count(t, phrase) for t in sub),
            True,
            slow=True,
        ),
    ]
    full_bytes = sum(len(t.encode()) for t in texts)
    sub_bytes = sum(len(t.encode()) for t in sub)
    overlaps = any(words[:k] == words[-k:] for k in range(1, len(words)))
    return _section(
        f"Phrase {phrase!r}",
        f"{len(rows):,} short rows, {reference:,} occurrences of the phrase {phrase!r} (which "
        + ("can" if overlaps else "cannot")
        + " overlap itself); the exact rows are checked against "
        "`sum(toks[i:i+n] == ph for i in range(len(toks) - n + 1))` summed over the rows",
        entries,
        lambda result, on_sub: result == (sub_reference if on_sub else reference),
        full_bytes,
        sub_bytes,
        repeats,
        missing,
    )


# --- split and frequencies ---------------------------------------------------------------------


def _python_lists(value: Any) -> list[Any]:
    """Per-row lists from any of the methods (a Polars Series, a pandas Series, a list), each
    ``{word, count}`` struct as a ``(word, count)`` tuple and a missing row as None."""
    rows = value.to_list() if hasattr(value, "to_list") else list(value)
    return [
        None
        if row is None or row is pd.NA
        else [(e["word"], e["count"]) if isinstance(e, dict) else e for e in row]
        for row in rows
    ]


def _text_bytes(texts: list[str], sub: list[str]) -> tuple[int, int]:
    """UTF-8 bytes of all the rows and of the Python subsample."""
    return sum(len(t.encode()) for t in texts), sum(len(t.encode()) for t in sub)


def split_tokens(corpus: str, rows: pa.ChunkedArray, sub_rows: int, repeats: int) -> dict[str, Any]:
    """``wc.split()`` against Polars' ``extract_all(r"\\S+")`` and ``str.split(" ")``."""
    texts = _python_rows(rows)
    expected = [t.split() for t in texts]
    sub = texts[:sub_rows]
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    series = pd.Series(pd.arrays.ArrowExtensionArray(rows), name="text")
    text = pl.col("text")
    entries = []
    missing = []
    if has_polars_api("split"):
        entries.append(
            Entry("ours: polars wc.split()", lambda: df.select(text.wc.split()), True, ours=True)
        )
    else:
        missing.append("pl.Expr.wc.split")
    if has_pandas_api("split"):
        entries.append(
            Entry(
                "ours: pandas wc.split() (Arrow strings)",
                lambda: series.wc.split(),
                True,
                ours=True,
            )
        )
    else:
        missing.append("pd.Series.wc.split")
    entries += [
        Entry(
            r"polars: str.extract_all(\S+)", lambda: df.select(text.str.extract_all(r"\S+")), False
        ),
        Entry(
            "polars: str.extract_all([^pyws]+)",
            lambda: df.select(text.str.extract_all(TOKEN_CLASS + "+")),
            True,
        ),
        Entry('polars: str.split(" ")', lambda: df.select(text.str.split(" ")), False),
        Entry(
            "python: [t.split() for t in texts]", lambda: [t.split() for t in sub], True, slow=True
        ),
    ]

    def check(result: Any, on_sub: bool) -> bool:
        if isinstance(result, pl.DataFrame):
            result = result.to_series()
        got = _python_lists(result)
        return got == (expected[: len(sub)] if on_sub else expected)

    title = f"split ({corpus})"
    what = f"{len(rows):,} rows of the {corpus} corpus: each row's tokens as a list"
    return _section(title, what, entries, check, *_text_bytes(texts, sub), repeats, missing)


def frequencies(corpus: str, rows: pa.ChunkedArray, sub_rows: int, repeats: int) -> dict[str, Any]:
    """``wc.frequencies()`` against the Polars-native bags of words per row."""
    texts = _python_rows(rows)
    sub = texts[:sub_rows]

    def python_bags(part: list[str]) -> list[list[tuple[str, int]]]:
        return [
            sorted(Counter(t.split()).items(), key=lambda pair: (-pair[1], pair[0])) for t in part
        ]

    expected = python_bags(texts)
    df = pl.DataFrame({"text": pl.from_arrow(rows)}).rechunk()
    text = pl.col("text")
    el = pl.element()
    counted = el.value_counts().struct.rename_fields(["word", "count"])
    # Per row: the tokens' value_counts, then sorted by count descending and word (a second
    # list.eval: the struct column must exist before it can be sorted by its fields).
    per_row_value_counts = (
        text.str.extract_all(TOKEN_CLASS + "+")
        .list.eval(counted)
        .list.eval(
            el.sort_by(el.struct.field("count"), el.struct.field("word"), descending=[True, False])
        )
    )

    def explode_group_by(pattern: str) -> pl.DataFrame:
        """extract_all -> explode -> (row, word) counts -> sorted -> one list per row."""
        tokens = df.with_row_index("row").select("row", word=text.str.extract_all(pattern))
        counts = tokens.explode("word").drop_nulls("word").group_by("row", "word").len("count")
        ranked = counts.sort(["row", "count", "word"], descending=[False, True, False])
        bags = ranked.group_by("row", maintain_order=True).agg(pl.struct("word", "count"))
        # Rows without a token have no group: join them back as empty lists.
        every_row = df.with_row_index("row").select("row").join(bags, on="row", how="left")
        return every_row.select(pl.col("word").fill_null([]))

    entries = []
    missing = []
    if has_polars_api("frequencies"):
        entries.append(
            Entry(
                "ours: polars wc.frequencies()",
                lambda: df.select(text.wc.frequencies()),
                True,
                ours=True,
            )
        )
    else:
        missing.append("pl.Expr.wc.frequencies")
    entries += [
        Entry(
            "polars: extract_all([^pyws]+).list.eval(value_counts, sort_by)",
            lambda: df.select(per_row_value_counts),
            True,
        ),
        Entry(
            "polars: extract_all([^pyws]+), explode, group_by(row, word).len(), sort, implode",
            lambda: explode_group_by(TOKEN_CLASS + "+"),
            True,
        ),
        Entry(
            r"polars: extract_all(\S+), explode, group_by(row, word).len(), sort, implode",
            lambda: explode_group_by(r"\S+"),
            False,
        ),
        Entry("python: Counter(t.split()), sorted", lambda: python_bags(sub), True, slow=True),
    ]

    def check(result: Any, on_sub: bool) -> bool:
        if isinstance(result, pl.DataFrame):
            result = result.to_series()
        got = _python_lists(result)
        want = expected[: len(sub)] if on_sub else expected
        return [None if g is None else [tuple(e) for e in g] for g in got] == want

    title = f"frequencies ({corpus})"
    what = (
        f"{len(rows):,} rows of the {corpus} corpus: each row's bag of words, by count "
        "descending then word"
    )
    return _section(title, what, entries, check, *_text_bytes(texts, sub), repeats, missing)


if __name__ == "__main__":
    # One section on its own: `python benchmarks/extras.py phrase [MB] [REPEATS]` prints the
    # phrase sections' tables, as `python benchmarks/run.py` writes them into docs/benchmarks.md.
    import sys

    import corpora
    import report

    if sys.argv[1:2] != ["phrase"]:
        sys.exit("usage: python benchmarks/extras.py phrase [MB] [REPEATS]")
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else corpora.EXTRAS_MB
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    short = generate("short", int(mb * 1e6), 0)
    sub_rows = max(1, len(short) // 16)
    sections = [phrases(short, p, sub_rows, repeats) for p in PHRASES]
    print("\n".join(report.extras_section(sections)))
