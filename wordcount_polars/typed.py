"""``.wc`` for type checkers: ``wordcount_polars.col`` is ``pl.col`` typed with the namespace.

``import wordcount_polars`` registers ``.wc`` on every ``pl.Expr`` at runtime, which mypy and
pyright cannot see: for them ``pl.col("text").wc`` is an error (``"Expr" has no attribute
"wc"``). ``wordcount_polars.col`` builds the very same expressions, but its return type,
[`WcExpr`][wordcount_polars.typed.WcExpr], declares ``.wc``:

    >>> import polars as pl
    >>> import wordcount_polars as wc
    >>> df = pl.DataFrame({"text": ["a b a", None]})
    >>> df.select(wc.col("text").wc.count("a"))["text"].to_list()
    [2, None]
    >>> df.select(wc.col.text.wc.words())["text"].to_list()
    [3, None]

Any other expression (``pl.col("text").str.strip_chars()``, ``pl.lit(...)``) is a plain
``pl.Expr`` for type checkers; pass it to the function API, ``wc.count(expr, "a")``, or wrap it
in the namespace class, ``WordCountNamespace(expr).count("a")``. Both are fully typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Union, cast

import polars as pl

from wordcount_polars.namespace import WordCountNamespace

# What `pl.col` accepts as a column selector besides names: a dtype (instance or class).
DataTypeLike = Union[pl.DataType, type[pl.DataType]]

__all__ = ["DataTypeLike", "WcCol", "WcExpr", "col"]


class WcExpr(pl.Expr):
    """A ``pl.Expr`` whose ``.wc`` namespace type checkers know: the return type of
    [`col`][wordcount_polars.typed.col].

    It exists for type checkers only. ``col`` returns ordinary ``pl.Expr`` objects, which have
    ``.wc`` because importing ``wordcount_polars`` registered it, so ``isinstance(expr, WcExpr)``
    is false at runtime. Methods of the expression (``.alias()``, ``.str.strip_chars()``, ...)
    are typed by Polars as returning ``pl.Expr``, so ``.wc`` belongs right after ``col(...)``.
    """

    @property
    def wc(self) -> WordCountNamespace:
        """Whole-word counting on this expression; see
        [`WordCountNamespace`][wordcount_polars.namespace.WordCountNamespace]."""
        return WordCountNamespace(self)


class WcCol:
    """The type of [`col`][wordcount_polars.typed.col]: ``pl.col`` with
    [`WcExpr`][wordcount_polars.typed.WcExpr] results."""

    def __call__(
        self,
        name: str | DataTypeLike | Iterable[str] | Iterable[DataTypeLike],
        *more_names: str | DataTypeLike,
    ) -> WcExpr:
        """``pl.col(name, *more_names)``: one column by name, several by names, or all columns
        of a dtype (``col(pl.String)`` counts in every String column)."""
        # The cast only adds `.wc`, which every pl.Expr has once this package is imported.
        return cast(WcExpr, pl.col(name, *more_names))

    def __getattr__(self, name: str) -> WcExpr:
        """``col.text`` is ``col("text")``, as ``pl.col.text`` is ``pl.col("text")``."""
        # Dunder lookups (copy, pickle, inspect.unwrap, doctest) must not become columns.
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return cast(WcExpr, getattr(pl.col, name))


col = WcCol()
"""``pl.col``, typed so that ``col("text").wc.count("a")`` passes ``mypy --strict``."""
