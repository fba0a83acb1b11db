"""Argument checks shared by the Polars functions, the pandas accessor and the Arrow functions.

They run when an expression is built, while the user's own line is still on the stack, and
they are the one place where the error messages are worded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal, Union

import polars as pl

Needle = Union[str, pl.Expr, pl.Series]
Mode = Literal["whitespace", "words"]
MODES: tuple[str, ...] = ("whitespace", "words")


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


def match_kwargs(function: str, ignore_case: object, mode: object) -> dict[str, Any]:
    """The options every counting function takes, checked and ready for the Rust side."""
    if not isinstance(ignore_case, bool):
        raise TypeError(f"{function}: ignore_case must be a bool, got {type(ignore_case).__name__}")
    if mode not in MODES:
        allowed = ", ".join(repr(m) for m in MODES)
        raise ValueError(f"{function}: mode must be one of {allowed}, got {mode!r}")
    return {"ignore_case": ignore_case, "mode": mode}


def check_needles(needles: object, function: str) -> list[str]:
    """A non-empty list of distinct ``str`` needles (they become struct fields / columns)."""
    if isinstance(needles, (str, bytes)) or not isinstance(needles, Sequence):
        raise TypeError(f"{function}: needles must be a list of str, got {type(needles).__name__}")
    needles = list(needles)
    if not needles:
        raise ValueError(f"{function}: needles must not be empty")
    for needle in needles:
        if not isinstance(needle, str):
            raise TypeError(
                f"{function}: every needle must be a str, got {type(needle).__name__} ({needle!r})"
            )
    with_nul = [n for n in needles if "\x00" in n]
    if with_nul:
        # Needles name struct fields, which cross the Arrow C interface as C strings.
        raise ValueError(f"{function}: needles cannot contain the NUL character, got {with_nul}")
    duplicates = sorted(n for n, times in Counter(needles).items() if times > 1)
    if duplicates:
        raise ValueError(f"{function}: needles must be distinct, repeated: {duplicates}")
    return needles


def check_k(k: object, function: str) -> int | None:
    if k is None:
        return None
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"{function}: k must be an int or None, got {type(k).__name__}")
    if k < 0:
        raise ValueError(f"{function}: k must be >= 0, got {k}")
    return k
