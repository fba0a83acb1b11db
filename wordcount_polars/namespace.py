"""The ``.wc`` expression namespace: explicit, typed methods that call the function API."""

from __future__ import annotations

import polars as pl

from wordcount_polars import functions
from wordcount_polars._validation import Needle


@pl.api.register_expr_namespace("wc")
class WordCountNamespace:
    """Whole-word counting on a String expression: ``pl.col("text").wc.count("a")``."""

    def __init__(self, expr: pl.Expr) -> None:
        self._expr = expr

    def count(self, needle: Needle) -> pl.Expr:
        """Whole-word count of ``needle`` in each row; see :func:`wordcount_polars.count`."""
        return functions.count(self._expr, needle)
