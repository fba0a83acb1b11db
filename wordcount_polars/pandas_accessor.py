"""``pd.Series.wc``: the pandas face of the same Rust kernel.

The Series goes to the kernel through the Arrow C stream intake (``wordcount_polars.arrow``):
Arrow-backed strings are read in place, other strings are converted once. Results follow the
dtype and missing-value conventions of ``Series.str.count`` for the same Series.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from wordcount_polars import arrow

_ARROW_STRING_TYPES = ("string", "large_string", "string_view")


def _is_arrow_string(dtype: object) -> bool:
    return isinstance(dtype, pd.ArrowDtype) and str(dtype.pyarrow_dtype) in _ARROW_STRING_TYPES


def _is_string_dtype(dtype: object) -> bool:
    """True for the dtypes ``.wc`` accepts: decided from the dtype alone, never the values."""
    if isinstance(dtype, pd.CategoricalDtype):
        return _is_string_dtype(dtype.categories.dtype)
    return isinstance(dtype, pd.StringDtype) or dtype == np.dtype(object) or _is_arrow_string(dtype)


def _to_arrow(series: pd.Series) -> Any:
    """The Series' values as Arrow strings; non-strings in an object Series become null."""
    pa = arrow._require_pyarrow()
    if series.dtype == np.dtype(object):
        values = series.to_numpy(dtype=object)
        is_str = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
        return pa.array(np.where(is_str, values, None), type=pa.large_string())
    # Arrow-backed arrays hand over their ChunkedArray as is; python-backed ones convert once.
    return pa.array(series.array)


def _wrap_counts(counts: Any, series: pd.Series) -> pd.Series:
    """Counts (a pyarrow UInt32 array) as a Series with ``series``' index and name, in the dtype
    ``series.str.count`` would give."""
    pa = arrow._require_pyarrow()
    dtype = series.dtype
    has_missing = counts.null_count > 0
    if _is_arrow_string(dtype):
        target = pa.int64() if str(dtype.pyarrow_dtype) == "large_string" else pa.int32()
        values: Any = pd.arrays.ArrowExtensionArray(counts.cast(target))
    elif isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA:
        filled = counts.fill_null(0).to_numpy().astype(np.int64)
        mask = counts.is_null().to_numpy(zero_copy_only=False)
        values = pd.arrays.IntegerArray(filled, mask)
    elif has_missing:
        values = counts.to_numpy(zero_copy_only=False).astype(np.float64)
    else:
        values = counts.to_numpy().astype(np.int64)
    return pd.Series(values, index=series.index, name=series.name, copy=False)


def _per_category(series: pd.Series, count_values: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Counts each category once and maps the results through the codes, as ``.str`` does."""
    categories = pd.Series(series.cat.categories)
    per_category = count_values(categories).array
    codes = series.cat.codes.to_numpy()
    missing = codes == -1
    values = pd.api.extensions.take(per_category, codes, allow_fill=bool(missing.any()))
    return pd.Series(values, index=series.index, name=series.name, copy=False)


@pd.api.extensions.register_series_accessor("wc")
class WordCountAccessor:
    """Whole-word counting on a pandas string Series: ``s.wc.count("a")``."""

    def __init__(self, series: pd.Series) -> None:
        if not _is_string_dtype(series.dtype):
            # AttributeError makes `s.wc` itself fail, as `s.str` does for non-strings.
            raise AttributeError(
                f"Can only use .wc accessor with string values, not {series.dtype}"
            )
        self._series = series

    def count(self, needle: str) -> pd.Series:
        """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars  # registers .wc
            >>> pd.Series(["a b a", "ab a"]).wc.count("a").tolist()
            [2, 1]
        """
        if not isinstance(needle, str):
            raise TypeError(f"count: needle must be a str, got {type(needle).__name__}")
        return self._apply(lambda s: _wrap_counts(arrow.count(_to_arrow(s), needle), s))

    def _apply(self, count_values: Callable[[pd.Series], pd.Series]) -> pd.Series:
        if isinstance(self._series.dtype, pd.CategoricalDtype):
            return _per_category(self._series, count_values)
        return count_values(self._series)
