"""``pd.Series.wc``: the pandas face of the same Rust kernel.

The Series goes to the kernel through the Arrow C stream intake (``wordcount_polars.arrow``):
Arrow-backed strings are read in place, other strings are converted once. Results follow the
dtype and missing-value conventions of ``Series.str.count`` for the same Series.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, TypeVar

import numpy as np
import pandas as pd

from wordcount_polars import arrow
from wordcount_polars._validation import (
    Mode,
    check_k,
    check_needle,
    check_needles,
    match_kwargs,
)

if TYPE_CHECKING:
    from typing_extensions import TypeGuard

_ARROW_STRING_TYPES = ("string", "large_string", "string_view")
_Result = TypeVar("_Result", pd.Series, pd.DataFrame)


def _is_arrow_string(dtype: object) -> TypeGuard[pd.ArrowDtype]:
    return isinstance(dtype, pd.ArrowDtype) and str(dtype.pyarrow_dtype) in _ARROW_STRING_TYPES


def accepts_dtype(dtype: object) -> bool:
    """True for the dtypes ``.wc`` accepts: decided from the dtype alone, never the values (so
    it serves Dask too, whose meta has no values)."""
    if isinstance(dtype, pd.CategoricalDtype):
        return accepts_dtype(dtype.categories.dtype)
    return isinstance(dtype, pd.StringDtype) or dtype == np.dtype(object) or _is_arrow_string(dtype)


def _to_arrow(series: pd.Series) -> Any:
    """The Series' values as Arrow strings; non-strings in an object Series become null."""
    pa = arrow.require_pyarrow()
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(object)
    if series.dtype == np.dtype(object):
        values = series.to_numpy(dtype=object)
        is_str = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
        # numpy's stubs reject None as the fill value, which gives an object array holding None.
        return pa.array(np.where(is_str, values, None), type=pa.large_string())  # type: ignore[call-overload]
    # Arrow-backed arrays hand over their ChunkedArray as is; python-backed ones convert once.
    return pa.array(series.array)


def _wrap_counts(counts: Any, like: pd.Series) -> pd.Series:
    """Counts (a pyarrow UInt32 array) as a Series with ``like``'s index, in the dtype
    ``like.str.count`` would give."""
    pa = arrow.require_pyarrow()
    dtype = like.dtype
    if _is_arrow_string(dtype):
        target = pa.int64() if str(dtype.pyarrow_dtype) == "large_string" else pa.int32()
        values: Any = pd.arrays.ArrowExtensionArray(counts.cast(target))
    elif isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA:
        if counts.null_count == 0:
            # The common case in two passes (no fill, no null scan): a zero-copy view of the
            # counts widened once, and an all-False mask.
            filled = counts.to_numpy().astype(np.int64)
            mask = np.zeros(len(counts), dtype=bool)
        else:
            filled = counts.fill_null(0).to_numpy().astype(np.int64)
            mask = counts.is_null().to_numpy(zero_copy_only=False)
        values = pd.arrays.IntegerArray(filled, mask)
    elif counts.null_count > 0:
        values = counts.to_numpy(zero_copy_only=False).astype(np.float64)
    else:
        values = counts.to_numpy().astype(np.int64)
    return pd.Series(values, index=like.index, name=like.name, copy=False)


def _take_codes(values: Any, codes: np.ndarray) -> Any:
    """``values[codes]``, with code -1 (a missing value) giving a missing result."""
    missing = bool((codes == -1).any())
    return pd.api.extensions.take(values, codes, allow_fill=missing)


def _per_category(series: pd.Series, compute: Callable[[pd.Series], _Result]) -> _Result:
    """Computes each category once and maps the results through the codes, as ``.str`` does."""
    per_category = compute(pd.Series(series.cat.categories))
    codes = series.cat.codes.to_numpy()
    if isinstance(per_category, pd.DataFrame):
        columns = {c: _take_codes(per_category[c].array, codes) for c in per_category.columns}
        return pd.DataFrame(columns, index=series.index)
    values = _take_codes(per_category.array, codes)
    return pd.Series(values, index=series.index, name=series.name, copy=False)


@pd.api.extensions.register_series_accessor("wc")
class WordCountAccessor:
    """Whole-word counting on a pandas string Series: ``s.wc.count("a")``."""

    def __init__(self, series: pd.Series) -> None:
        if not accepts_dtype(series.dtype):
            # AttributeError makes `s.wc` itself fail, as `s.str` does for non-strings.
            raise AttributeError(
                f"Can only use .wc accessor with string values, not {series.dtype}"
            )
        self._series = series

    def _apply(self, compute: Callable[[pd.Series], _Result]) -> _Result:
        if isinstance(self._series.dtype, pd.CategoricalDtype):
            return _per_category(self._series, compute)
        return compute(self._series)

    def count(
        self,
        needle: str | pd.Series,
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
    ) -> pd.Series:
        """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

        ``needle`` is a ``str``, or a string Series aligned on the index with one needle per
        row. The result has this Series' index and name, and the dtype ``.str.count`` gives.

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars  # registers .wc
            >>> pd.Series(["a b a", "ab A"]).wc.count("a", ignore_case=True).tolist()
            [2, 1]
        """
        options = match_kwargs("count", ignore_case, mode)
        checked = check_needle(
            needle,
            "count",
            per_row=lambda n: isinstance(n, pd.Series),
            per_row_kind="a pandas string Series",
            holds_strings=accepts_dtype,
        )
        if isinstance(checked, pd.Series):
            return self._count_per_row(checked, options)
        word = str(checked)
        return self._apply(lambda s: _wrap_counts(arrow.count(_to_arrow(s), word, **options), s))

    def _count_per_row(self, needles: pd.Series, options: dict[str, Any]) -> pd.Series:
        if not needles.index.equals(self._series.index):
            needles = needles.reindex(self._series.index)
        text = self._series
        if isinstance(text.dtype, pd.CategoricalDtype):
            text = text.astype(text.dtype.categories.dtype)
        counts = arrow.count(_to_arrow(text), _to_arrow(needles), **options)
        # pandas-stubs' rename takes only scalar names, but a Series name is any Hashable.
        return _wrap_counts(counts, text).rename(self._series.name)  # type: ignore[call-overload,no-any-return]

    def count_many(
        self,
        needles: list[str],
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
    ) -> pd.DataFrame:
        """Counts of several needles in one pass: a DataFrame with one column per needle.

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars
            >>> pd.Series(["a b a", "b"]).wc.count_many(["a", "b"])
               a  b
            0  2  1
            1  0  1
        """
        needles = check_needles(needles, "count_many")
        options = match_kwargs("count_many", ignore_case, mode)

        def compute(s: pd.Series) -> pd.DataFrame:
            table = arrow.count_many(_to_arrow(s), needles, **options)
            columns = {
                n: _wrap_counts(table.column(i).combine_chunks(), s) for i, n in enumerate(needles)
            }
            return pd.DataFrame(columns, index=s.index)

        return self._apply(compute)

    def _family(self, which: str) -> pd.Series:
        return self._apply(lambda s: _wrap_counts(arrow.family(_to_arrow(s), which), s))

    def words(self) -> pd.Series:
        """``len(text.split())`` of each row."""
        return self._family("words")

    def lines(self) -> pd.Series:
        """``len(text.splitlines())`` of each row."""
        return self._family("lines")

    def chars(self) -> pd.Series:
        """``len(text)`` (code points) of each row."""
        return self._family("chars")

    def bytes(self) -> pd.Series:
        """``len(text.encode())`` (UTF-8 bytes) of each row."""
        return self._family("bytes")

    def top_words(
        self,
        k: int | None = None,
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
    ) -> pd.DataFrame:
        """The ``k`` most frequent tokens: a DataFrame with columns ``word`` and ``count``,
        by count descending, then word.

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars
            >>> pd.Series(["b a b", "c b a"]).wc.top_words(2)
              word  count
            0    b      3
            1    a      2
        """
        k = check_k(k, "top_words")
        options = match_kwargs("top_words", ignore_case, mode)
        pairs = arrow.top_words(_to_arrow(self._series), k, **options)
        words = [w for w, _ in pairs]
        counts = np.array([n for _, n in pairs], dtype=np.int64)
        return pd.DataFrame({"word": pd.Series(words, dtype=object), "count": counts})
