"""Argument checks shared by the Polars functions and the pandas accessor.

They run when an expression is built, while the user's own line is still on the stack.
"""

from __future__ import annotations

from typing import Union

import polars as pl

Needle = Union[str, pl.Expr, pl.Series]


def needle_expr(needle: object, function: str) -> pl.Expr:
    """The needle as a String expression: a ``str`` becomes a literal, an expression or Series
    is used row by row (a length-1 one is broadcast)."""
    if isinstance(needle, str):
        return pl.lit(needle, dtype=pl.String)
    if isinstance(needle, pl.Expr):
        return needle
    if isinstance(needle, pl.Series):
        return pl.lit(needle)
    raise TypeError(
        f"{function}: needle must be a str or a polars String expression, "
        f"got {type(needle).__name__}"
    )


def text_expr(text: object, function: str) -> pl.Expr:
    """The text as an expression: a ``str`` names a column, as in ``pl.col``."""
    if isinstance(text, str):
        return pl.col(text)
    if isinstance(text, pl.Expr):
        return text
    raise TypeError(
        f"{function}: text must be a column name or a polars expression, got {type(text).__name__}"
    )
