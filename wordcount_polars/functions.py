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
    needle_expr,
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
) -> pl.Expr:
    """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

    Tokens are separated by runs of Python whitespace (the 29 code points of ``str.isspace``);
    comparison is exact, code point by code point. A needle that is empty or contains whitespace
    counts 0. A null text or needle gives null.

    Args:
        expr: the String column, as an expression or a column name.
        needle: a ``str`` counted in every row, or a String expression compared row by row
            (a length-1 expression is broadcast).
        ignore_case: match when the token's ``str.lower()`` equals the needle's.
        mode: ``"whitespace"`` (``str.split()`` tokens) or ``"words"`` (Unicode words, UAX #29,
            so punctuation around a word does not stick to it).

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
    """
    return call_plugin(
        "wc_count",
        text_expr(expr, "count"),
        needle_expr(needle, "count"),
        kwargs=match_kwargs("count", ignore_case, mode),
    )


def count_many(
    expr: IntoTextExpr,
    needles: list[str],
    *,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
) -> pl.Expr:
    """Counts of several needles in one pass over each row.

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
    kwargs.update(match_kwargs("count_many", ignore_case, mode))
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
