"""Argument checks for every surface: the Polars functions, the pandas and Dask accessors and the
Arrow functions.

They run when an expression or a lazy collection is built, while the user's own line is still on
the stack, and they are the one place where the error messages are worded. Each surface says
what it takes as a needle per row; the checks and messages are the same for all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from numbers import Integral
from typing import Any, Callable, Literal, Union

import polars as pl

Needle = Union[str, pl.Expr, pl.Series]
Mode = Literal["whitespace", "words"]
MODES: tuple[str, ...] = ("whitespace", "words")
# The wc family functions, by the name `family` takes.
FAMILY: tuple[str, ...] = ("words", "lines", "chars", "bytes")

# The largest k the Rust side takes: Polars hands plugin kwargs over as a pickle, which carries
# integers as i64. No column holds more distinct words, so a larger k means the same: all of them.
LARGEST_K = 2**63 - 1


def check_needle(
    needle: object,
    function: str,
    *,
    per_row: Callable[[object], bool],
    per_row_kind: str,
    holds_strings: Callable[[Any], bool] | None = None,
) -> object:
    """``needle`` if it is a ``str`` or a needle per row of this surface (``per_row(needle)``,
    named ``per_row_kind`` in the message). ``holds_strings``, when given, checks the per-row
    needle's dtype."""
    if isinstance(needle, str):
        return needle
    if not per_row(needle):
        raise TypeError(
            f"{function}: needle must be a str or {per_row_kind}, got {type(needle).__name__}"
        )
    dtype = getattr(needle, "dtype", None)
    if holds_strings is not None and not holds_strings(dtype):
        raise TypeError(f"{function}: the needle Series must hold strings, got {dtype}")
    return needle


def needle_expr(needle: object, function: str) -> pl.Expr:
    """The needle as a String expression: a ``str`` becomes a literal, an expression or Series
    is used row by row (a length-1 one is broadcast)."""
    checked = check_needle(
        needle,
        function,
        per_row=lambda n: isinstance(n, (pl.Expr, pl.Series)),
        per_row_kind="a polars String expression",
    )
    if isinstance(checked, str):
        return pl.lit(checked, dtype=pl.String)
    if isinstance(checked, pl.Series):
        return pl.lit(checked)
    assert isinstance(checked, pl.Expr)
    return checked


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


def needle_kwargs(
    function: str, ignore_case: object, mode: object, phrase: object
) -> dict[str, Any]:
    """The options of the functions that take needles (``count``, ``count_many``): those of
    ``match_kwargs`` and ``phrase``, checked and ready for the Rust side."""
    options = match_kwargs(function, ignore_case, mode)
    if not isinstance(phrase, bool):
        raise TypeError(f"{function}: phrase must be a bool, got {type(phrase).__name__}")
    options["phrase"] = phrase
    return options


def mode_kwargs(function: str, mode: object) -> dict[str, Any]:
    """The ``mode`` of the functions that take no ``ignore_case`` (``split``), checked as
    :func:`match_kwargs` checks it."""
    return {"mode": match_kwargs(function, False, mode)["mode"]}


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


def check_family(which: object, function: str = "family") -> str:
    """One of the wc family's names: ``words``, ``lines``, ``chars`` or ``bytes``."""
    if which not in FAMILY:
        allowed = ", ".join(map(repr, FAMILY))
        raise ValueError(f"{function}: which must be one of {allowed}, got {which!r}")
    return str(which)


def _whole_number(value: object, name: str, function: str) -> int | None:
    """``value`` as a Python int: any integer, numpy's included, but not a bool; None stays."""
    if value is None:
        return None
    # numpy's integers register as numbers.Integral; bool is one too, and numpy.bool_ is not.
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{function}: {name} must be an int or None, got {type(value).__name__}")
    return int(value)


def check_k(k: object, function: str) -> int | None:
    """How many words ``top_words`` keeps: None for all, else a whole number >= 0, capped at
    ``LARGEST_K`` (which already means all)."""
    whole = _whole_number(k, "k", function)
    if whole is None:
        return None
    if whole < 0:
        raise ValueError(f"{function}: k must be >= 0, got {whole}")
    return min(whole, LARGEST_K)


def check_split_every(split_every: object, function: str) -> int | None:
    """How many partitions a tree reduction merges at a time: None for Dask's default, else
    a whole number >= 2."""
    whole = _whole_number(split_every, "split_every", function)
    if whole is not None and whole < 2:
        raise ValueError(f"{function}: split_every must be >= 2, got {whole}")
    return whole


def check_exclude(exclude: object, function: str) -> list[str]:
    """The stop words of ``top_words``: any iterable of ``str`` (a bare ``str`` is refused, as it
    would be read as its characters), as a list."""
    if isinstance(exclude, (str, bytes)) or not isinstance(exclude, Iterable):
        raise TypeError(
            f"{function}: exclude must be an iterable of str, got {type(exclude).__name__}"
        )
    words = list(exclude)
    for word in words:
        if not isinstance(word, str):
            raise TypeError(
                f"{function}: every excluded word must be a str, got {type(word).__name__} "
                f"({word!r})"
            )
    return words


def check_min_count(min_count: object, function: str) -> int:
    """The floor of ``top_words``: a whole number >= 1 (1 keeps every word)."""
    whole = _whole_number(min_count, "min_count", function)
    if whole is None:
        raise TypeError(f"{function}: min_count must be an int, got None")
    if whole < 1:
        raise ValueError(f"{function}: min_count must be >= 1, got {whole}")
    return min(whole, LARGEST_K)


def top_words_kwargs(
    function: str, k: object, exclude: object, min_count: object, ignore_case: object, mode: object
) -> dict[str, Any]:
    """Every argument of ``top_words``, checked and ready for the Rust side.

    Excluded words are compared as the words are counted: lowercased (``str.lower()``) under
    ``ignore_case``, whole in either mode. A word no UTF-8 text can hold (a lone surrogate)
    matches no token the Rust side sees, so it is left out of what crosses to Rust.
    """
    kwargs = {
        "k": check_k(k, function),
        "exclude": [w for w in check_exclude(exclude, function) if _utf8(w)],
        "min_count": check_min_count(min_count, function),
    }
    kwargs.update(match_kwargs(function, ignore_case, mode))
    return kwargs


def _utf8(word: str) -> bool:
    try:
        word.encode()
    except UnicodeEncodeError:
        return False
    return True
