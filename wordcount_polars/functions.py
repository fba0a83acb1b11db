"""The typed function API: each function takes a text expression and returns a ``pl.Expr``.

The ``.wc`` namespace methods call these, so both spellings build the same expression.
"""

from __future__ import annotations

from typing import Union

import polars as pl

from wordcount_polars._plugin import call_plugin
from wordcount_polars._validation import Needle, needle_expr, text_expr

IntoTextExpr = Union[str, pl.Expr]


def count(expr: IntoTextExpr, needle: Needle) -> pl.Expr:
    """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

    Tokens are separated by runs of Python whitespace (the 29 code points of ``str.isspace``);
    comparison is exact, code point by code point. A needle that is empty or contains whitespace
    counts 0. A null text or needle gives null.

    Args:
        expr: the String column, as an expression or a column name.
        needle: a ``str`` counted in every row, or a String expression compared row by row
            (a length-1 expression is broadcast).

    Returns:
        A ``UInt32`` expression.

    Example:
        >>> import polars as pl
        >>> import wordcount_polars as wc
        >>> df = pl.DataFrame({"text": ["a b a", "ab a", None]})
        >>> df.select(wc.count("text", "a"))["text"].to_list()
        [2, 1, None]
    """
    return call_plugin("wc_count", text_expr(expr, "count"), needle_expr(needle, "count"))
