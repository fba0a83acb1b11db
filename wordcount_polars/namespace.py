"""The ``.wc`` expression namespace: explicit, typed methods that call the function API."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from wordcount_polars import functions
from wordcount_polars._validation import Mode, Needle


@pl.api.register_expr_namespace("wc")
class WordCountNamespace:
    """Whole-word counting on a String expression: ``pl.col("text").wc.count("a")``."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def count(
        self,
        needle: Needle,
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        phrase: bool = False,
    ) -> pl.Expr:
        """Whole-word count of ``needle`` in each row; see :func:`wordcount_polars.count`."""
        return functions.count(
            self._expr, needle, ignore_case=ignore_case, mode=mode, phrase=phrase
        )

    def count_many(
        self,
        needles: list[str],
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        phrase: bool = False,
    ) -> pl.Expr:
        """Counts of several needles in one pass; see :func:`wordcount_polars.count_many`."""
        return functions.count_many(
            self._expr, needles, ignore_case=ignore_case, mode=mode, phrase=phrase
        )

    def words(self) -> pl.Expr:
        """``len(text.split())``; see :func:`wordcount_polars.words`."""
        return functions.words(self._expr)

    def lines(self) -> pl.Expr:
        """``len(text.splitlines())``; see :func:`wordcount_polars.lines`."""
        return functions.lines(self._expr)

    def chars(self) -> pl.Expr:
        """``len(text)``; see :func:`wordcount_polars.chars`."""
        return functions.chars(self._expr)

    def bytes(self) -> pl.Expr:
        """``len(text.encode())``; see :func:`wordcount_polars.bytes`."""
        return functions.bytes(self._expr)

    def top_words(
        self,
        k: int | None = None,
        *,
        exclude: Iterable[str] = (),
        min_count: int = 1,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
    ) -> pl.Expr:
        """The ``k`` most frequent tokens; see :func:`wordcount_polars.top_words`."""
        return functions.top_words(
            self._expr,
            k,
            exclude=exclude,
            min_count=min_count,
            ignore_case=ignore_case,
            mode=mode,
        )

    def split(self, *, mode: Mode = "whitespace") -> pl.Expr:
        """Each row's tokens, ``text.split()``; see :func:`wordcount_polars.split`."""
        return functions.split(self._expr, mode=mode)

    def frequencies(self, *, ignore_case: bool = False, mode: Mode = "whitespace") -> pl.Expr:
        """Each row's bag of words; see :func:`wordcount_polars.frequencies`."""
        return functions.frequencies(self._expr, ignore_case=ignore_case, mode=mode)
