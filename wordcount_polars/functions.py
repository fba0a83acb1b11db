"""The typed function API: each function takes a text expression (or a column name) and returns
a ``pl.Expr``. The ``.wc`` namespace methods call these, so both spellings build the same
expression, through the one plugin call in ``_plugin.py``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union

import polars as pl

from wordcount_polars._plugin import call_plugin
from wordcount_polars._validation import (
    Mode,
    Needle,
    check_needles,
    match_kwargs,
    mode_kwargs,
    needle_expr,
    needle_kwargs,
    text_expr,
    top_words_kwargs,
)

IntoTextExpr = Union[str, pl.Expr]


def count(
    expr: IntoTextExpr,
    needle: Needle,
    *,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
    phrase: bool = False,
) -> pl.Expr:
    """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

    Tokens are separated by runs of Python whitespace (the 29 code points of ``str.isspace``);
    comparison is exact, code point by code point. A needle that is empty or contains whitespace
    counts 0, unless ``phrase=True``. A null text or needle gives null.

    Args:
        expr: the String column, as an expression or a column name.
        needle: a ``str`` counted in every row, or a String expression compared row by row
            (a length-1 expression is broadcast).
        ignore_case: match when the token's ``str.lower()`` equals the needle's.
        mode: ``"whitespace"`` (``str.split()`` tokens) or ``"words"`` (Unicode words, UAX #29,
            so punctuation around a word does not stick to it).
        phrase: cut the needle into tokens as ``mode`` cuts the text, and count where that run
            of tokens occurs, overlaps included:
            ``sum(toks[i:i+n] == ph for i in range(len(toks) - n + 1))``. A needle of no tokens
            counts 0; one of a single token counts as that token.

    Returns:
        A ``UInt32`` expression.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> df = pl.DataFrame({"text": ["a b a", "ab A.", None]})
        >>> df.select(wc.count("text", "a"))["text"].to_list()
        [2, 0, None]
        >>> df.select(wc.count("text", "a", ignore_case=True, mode="words"))["text"].to_list()
        [2, 1, None]
        >>> pl.select(wc.count(pl.lit("a b\ta  b a"), "a b", phrase=True)).item()
        2
    """
    return call_plugin(
        "wc_count",
        text_expr(expr, "count"),
        needle_expr(needle, "count"),
        kwargs=needle_kwargs("count", ignore_case, mode, phrase),
    )


def count_many(
    expr: IntoTextExpr,
    needles: list[str],
    *,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
    phrase: bool = False,
) -> pl.Expr:
    """Counts of several needles in one pass over each row. The options are those of
    :func:`count`; with ``phrase=True`` every needle is a phrase.

    Returns:
        A ``Struct`` expression with one ``UInt32`` field per needle, named by the needle.
        ``.struct.unnest()`` turns it into columns.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> df = pl.DataFrame({"text": ["a b a", "b c"]})
        >>> df.select(wc.count_many("text", ["a", "b", "z"])).unnest("text").rows()
        [(2, 1, 0), (0, 1, 0)]
    """
    kwargs = {"needles": check_needles(needles, "count_many")}
    kwargs.update(needle_kwargs("count_many", ignore_case, mode, phrase))
    return call_plugin("wc_count_many", text_expr(expr, "count_many"), kwargs=kwargs)


def words(expr: IntoTextExpr) -> pl.Expr:
    """``len(text.split())``: the number of whitespace-separated tokens, as ``UInt32``.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> pl.select(wc.words(pl.lit(" a  b\\tc "))).item()
        3
    """
    return call_plugin("wc_words", text_expr(expr, "words"))


def lines(expr: IntoTextExpr) -> pl.Expr:
    """``len(text.splitlines())``: the number of lines, as ``UInt32``.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> pl.select(wc.lines(pl.lit("a\\nb\\r\\nc\\n"))).item()
        3
    """
    return call_plugin("wc_lines", text_expr(expr, "lines"))


def chars(expr: IntoTextExpr) -> pl.Expr:
    """``len(text)``: the number of code points, as ``UInt32``.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> pl.select(wc.chars(pl.lit("café"))).item()
        4
    """
    return call_plugin("wc_chars", text_expr(expr, "chars"))


def bytes(expr: IntoTextExpr) -> pl.Expr:
    """``len(text.encode())``: the number of UTF-8 bytes, as ``UInt32``.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> pl.select(wc.bytes(pl.lit("café"))).item()
        5
    """
    return call_plugin("wc_bytes", text_expr(expr, "bytes"))


def top_words(
    expr: IntoTextExpr,
    k: int | None = None,
    *,
    exclude: Iterable[str] = (),
    min_count: int = 1,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
) -> pl.Expr:
    """The ``k`` most frequent tokens of the column (or of each group), an aggregation.

    Ties are broken by the word, ascending. With ``ignore_case=True`` the words are reported in
    lowercase. ``k=None`` keeps every word.

    ``exclude`` (any iterable of ``str``) leaves stop words out, compared as words are counted:
    under ``ignore_case=True`` ``"The"`` excludes ``the``, ``THE`` and ``The``; without it only
    ``The``. In either mode a stop word is compared whole, never split. ``min_count`` drops the
    words seen fewer times. Both apply before the cut to ``k``.

    In a ``group_by`` the groups are handed over together (the text is imploded to one list per
    group), so the plugin runs once, not once per group.

    Returns:
        A ``List(Struct({"word": String, "count": UInt64}))`` expression with one row.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> df = pl.DataFrame({"text": ["b a b", "c b a The the"]})
        >>> df.select(wc.top_words("text", 2)).item().to_list()
        [{'word': 'b', 'count': 3}, {'word': 'a', 'count': 2}]
        >>> df.select(
        ...     wc.top_words("text", exclude=["the"], min_count=2, ignore_case=True)
        ... ).item().to_list()
        [{'word': 'b', 'count': 3}, {'word': 'a', 'count': 2}]
    """
    kwargs = top_words_kwargs("top_words", k, exclude, min_count, ignore_case, mode)
    return call_plugin(
        "wc_top_words",
        text_expr(expr, "top_words").implode(),
        kwargs=kwargs,
    )


def split(expr: IntoTextExpr, *, mode: Mode = "whitespace") -> pl.Expr:
    """The tokens of each row: ``text.split()``, or its Unicode words with ``mode="words"``.

    The same tokens every count compares with the needle: runs of Python whitespace (all 29
    code points of ``str.isspace``, which ``str.split(" ")`` and ``extract_all(r"\\S+")``
    miss some of) separate them. A null row gives null; an empty or all-whitespace row gives
    an empty list.

    Returns:
        A ``List(String)`` expression.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> df = pl.DataFrame({"text": ["a  b\x1fc", "Don't stop, don't!", None]})
        >>> df.select(wc.split("text"))["text"].to_list()
        [['a', 'b', 'c'], ["Don't", 'stop,', "don't!"], None]
        >>> df.select(wc.split("text", mode="words"))["text"].to_list()
        [['a', 'b', 'c'], ["Don't", 'stop', "don't"], None]
    """
    return call_plugin("wc_split", text_expr(expr, "split"), kwargs=mode_kwargs("split", mode))


def frequencies(
    expr: IntoTextExpr,
    *,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
) -> pl.Expr:
    """Each row's bag of words: its distinct tokens with their counts, by count descending,
    then word ascending (code point order, as Python compares ``str``).

    Tokens are those of :func:`split`; with ``ignore_case=True`` they are counted, and reported,
    in their ``str.lower()`` form, as :func:`top_words` reports them. Elementwise, unlike
    ``top_words``: the streaming engine runs it batch by batch, so
    ``frequencies -> explode -> group_by -> sum`` ranks the words of data larger than memory
    (see docs/scaling.md). A null row gives null.

    Returns:
        A ``List(Struct({"word": String, "count": UInt32}))`` expression.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> df = pl.DataFrame({"text": ["b a B b", None]})
        >>> df.select(wc.frequencies("text"))["text"].to_list()
        [[{'word': 'b', 'count': 2}, {'word': 'B', 'count': 1}, {'word': 'a', 'count': 1}], None]
        >>> df.select(wc.frequencies("text", ignore_case=True))["text"].to_list()
        [[{'word': 'b', 'count': 3}, {'word': 'a', 'count': 1}], None]
    """
    return call_plugin(
        "wc_frequencies",
        text_expr(expr, "frequencies"),
        kwargs=match_kwargs("frequencies", ignore_case, mode),
    )
