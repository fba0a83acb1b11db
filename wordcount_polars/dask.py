"""``dd.Series.wc``: the pandas accessor, run partition by partition on a Dask Series.

``import wordcount_polars.dask`` registers the accessor. Every method checks its arguments when
it is called, builds a lazy Dask collection, and leaves the work to the scheduler: the
per-row methods are one ``map_partitions`` over the pandas accessor, ``top_words`` is a tree
reduction of per-partition counts.

Result dtypes are fixed by the Series' dtype, never by the values of a partition. pandas gives
``int64`` for a ``str`` or ``object`` Series without missing values and ``float64`` as soon as
one is missing, so partitions of one Dask Series could disagree; here those results are always
``float64`` (the dtype pandas gives whenever a value is missing). Every other dtype keeps what
pandas gives, since it holds missing values itself (``Int64``, ``int32[pyarrow]``, ...). See
docs/scaling.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable, TypeVar

import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.dataframe.dispatch import meta_nonempty
from dask.dataframe.extensions import register_series_accessor

from wordcount_polars._validation import (
    Mode,
    check_exclude,
    check_needles,
    check_split_every,
    match_kwargs,
    mode_kwargs,
    needle_kwargs,
    top_words_kwargs,
)

# Registers pd.Series.wc, which the partitions use.
from wordcount_polars.pandas_accessor import (
    accepts_dtype,
    check_series_needle,
    not_string_values,
)

# Dask's collections are untyped (their methods have no annotations), so the Dask objects that
# pass through here are ``Any``, named for the reader.
DaskSeries = Any  # a dask.dataframe.Series
DaskDataFrame = Any  # a dask.dataframe.DataFrame

_Accessor = TypeVar("_Accessor")
# The same function, annotated: registering keeps the class as it is.
_register_accessor: Callable[[str], Callable[[type[_Accessor]], type[_Accessor]]] = (
    register_series_accessor
)


def _stable_dtype(dtype: Any) -> Any:
    """The dtype every partition's result is cast to: pandas' ``int64`` becomes ``float64``,
    because pandas itself switches to ``float64`` for the same Series when a value is missing;
    extension dtypes carry missing values and are kept."""
    return np.dtype(np.float64) if dtype == np.dtype(np.int64) else dtype


def _stable_series_meta(pandas_result: pd.Series) -> pd.Series:
    """Empty meta for a per-row result computed by the pandas accessor on sample rows."""
    return pandas_result.iloc[:0].astype(_stable_dtype(pandas_result.dtype))


def _stable_frame_meta(pandas_result: pd.DataFrame) -> pd.DataFrame:
    dtypes = {column: _stable_dtype(dtype) for column, dtype in pandas_result.dtypes.items()}
    return pandas_result.iloc[:0].astype(dtypes)


def _missing_as_nan(result: pd.Series) -> pd.Series:
    """``result`` with NaN for missing values if pandas returned an ``object`` Series: as
    ``.str.count`` does, it returns a partition of ``object`` values that are all missing as
    those values themselves (None, NaN, pd.NA), and pd.NA has no float form."""
    if result.dtype != np.dtype(object):
        return result
    return pd.Series(np.nan, index=result.index, name=result.name, dtype=np.float64)


def _cast_series(result: pd.Series, meta: pd.Series) -> pd.Series:
    """The partition's result in the meta's dtype: a no-op unless pandas chose ``int64`` (or,
    for a partition without a string, ``object``) where the meta (the stable dtype) says
    ``float64``."""
    return _missing_as_nan(result).astype(meta.dtype)


def _cast_frame(result: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    if (result.dtypes == np.dtype(object)).any():
        result = result.apply(_missing_as_nan)
    return result.astype(meta.dtypes.to_dict())


# The partition functions are module-level so that distributed workers unpickle them by name
# (importing this module, and with it the pandas accessor).


def _count_partition(
    part: pd.Series, needle: str | pd.Series, options: dict[str, Any], meta: pd.Series
) -> pd.Series:
    result: pd.Series = part.wc.count(needle, **options)
    return _cast_series(result, meta)


def _count_many_partition(
    part: pd.Series, needles: list[str], options: dict[str, Any], meta: pd.DataFrame
) -> pd.DataFrame:
    result: pd.DataFrame = part.wc.count_many(needles, **options)
    return _cast_frame(result, meta)


def _family_partition(part: pd.Series, which: str, meta: pd.Series) -> pd.Series:
    result: pd.Series = getattr(part.wc, which)()
    return _cast_series(result, meta)


def _lists_partition(
    part: pd.Series, method: str, options: dict[str, Any], meta: pd.Series
) -> pd.Series:
    """``split`` or ``frequencies`` of one partition: lists per row, in the meta's dtype
    (``object``, or an Arrow list type for an Arrow string Series)."""
    result: pd.Series = getattr(part.wc, method)(**options)
    return result.astype(meta.dtype)


def _word_counts(part: pd.Series, options: dict[str, Any]) -> pd.DataFrame:
    """All token counts of one partition but the stop words, as the DataFrame[word, count] the
    reduction concatenates. (The floor waits for the totals.)"""
    counts: pd.DataFrame = part.wc.top_words(None, **options)
    return counts


def _merge_word_counts(frames: pd.DataFrame) -> pd.DataFrame:
    """Sums the counts of each word over concatenated per-partition counts."""
    summed = frames.groupby("word", sort=False)["count"].sum()
    # groupby infers pandas' `str` dtype for the keys; the words stay `object` as in pandas'
    # top_words.
    return pd.DataFrame(
        {
            "word": pd.Series(summed.index.to_numpy(dtype=object), dtype=object),
            "count": summed.to_numpy(dtype=np.int64),
        }
    )


def _rank_word_counts(frames: pd.DataFrame, k: int | None, min_count: int) -> pd.DataFrame:
    """The final step: merged counts of at least ``min_count``, by count descending, then word
    (code point order, as Python compares ``str``), cut to ``k``."""
    merged = _merge_word_counts(frames)
    merged = merged[merged["count"] >= min_count]
    ranked = merged.sort_values(["count", "word"], ascending=[False, True], kind="stable")
    if k is not None:
        ranked = ranked.head(k)
    return ranked.reset_index(drop=True)


def _top_words_meta() -> pd.DataFrame:
    return pd.DataFrame(
        {"word": pd.Series([], dtype=object), "count": np.array([], dtype=np.int64)}
    )


@_register_accessor("wc")
class DaskWordCountAccessor:
    """Whole-word counting on a Dask string Series: ``ds.wc.count("a")``, lazily.

    The methods and their arguments are those of the pandas accessor ``pd.Series.wc``; the
    results are Dask collections with the same index and name.
    """

    def __init__(self, series: DaskSeries) -> None:
        if not accepts_dtype(series.dtype):
            raise not_string_values(series.dtype)
        self._series = series

    def _sample(self) -> pd.Series:
        """A few made-up rows of this Series' dtype, to learn the pandas result dtype."""
        meta = self._series._meta
        try:
            sample: pd.Series = meta_nonempty(meta)
        except NotImplementedError:
            # Dask makes its sample with pyarrow's `take`, which has no string_view kernel
            # (pyarrow's ArrowNotImplementedError); a string and a missing value serve as well.
            sample = pd.Series(["a", None], dtype=meta.dtype, name=meta.name)
        return sample

    def _aligned(self, other: DaskSeries) -> DaskSeries:
        """``other`` split at this Series' divisions when both are known and differ, so that
        partition i of each covers the same index range; otherwise it is used as it is, and
        Dask insists on the same number of partitions."""
        text = self._series
        if text.known_divisions and other.known_divisions and other.divisions != text.divisions:
            return other.repartition(divisions=text.divisions, force=True)
        return other

    def count(
        self,
        needle: str | DaskSeries,
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        phrase: bool = False,
    ) -> DaskSeries:
        """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

        ``needle`` is a ``str``, or a Dask string Series partitioned like this one (the same
        divisions, or the same number of partitions) with one needle per row. ``phrase=True``
        counts the needle's tokens as a run of consecutive tokens.
        """
        options = needle_kwargs("count", ignore_case, mode, phrase)
        needle = check_series_needle(needle, dd.Series, "a Dask string Series")
        if isinstance(needle, dd.Series):
            needle = self._aligned(needle)
        # The result dtype depends on the text's dtype only, so a literal needle gives the meta.
        meta = _stable_series_meta(self._sample().wc.count("a", **options))
        return self._series.map_partitions(_count_partition, needle, options, meta, meta=meta)

    def count_many(
        self,
        needles: list[str],
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        phrase: bool = False,
    ) -> DaskDataFrame:
        """Counts of several needles in one pass: a Dask DataFrame with one column per
        needle (phrases with ``phrase=True``)."""
        needles = check_needles(needles, "count_many")
        options = needle_kwargs("count_many", ignore_case, mode, phrase)
        meta = _stable_frame_meta(self._sample().wc.count_many(needles, **options))
        return self._series.map_partitions(_count_many_partition, needles, options, meta, meta=meta)

    def _family(self, which: str) -> DaskSeries:
        meta = _stable_series_meta(getattr(self._sample().wc, which)())
        return self._series.map_partitions(_family_partition, which, meta, meta=meta)

    def words(self) -> DaskSeries:
        """``len(text.split())`` of each row."""
        return self._family("words")

    def lines(self) -> DaskSeries:
        """``len(text.splitlines())`` of each row."""
        return self._family("lines")

    def chars(self) -> DaskSeries:
        """``len(text)`` (code points) of each row."""
        return self._family("chars")

    def bytes(self) -> DaskSeries:
        """``len(text.encode())`` (UTF-8 bytes) of each row."""
        return self._family("bytes")

    def _lists(self, method: str, options: dict[str, Any]) -> DaskSeries:
        meta = getattr(self._sample().wc, method)(**options).iloc[:0]
        return self._series.map_partitions(_lists_partition, method, options, meta, meta=meta)

    def split(self, *, mode: Mode = "whitespace") -> DaskSeries:
        """The tokens of each row (``text.split()``, or the Unicode words with
        ``mode="words"``), as pandas' ``split`` gives them, partition by partition."""
        return self._lists("split", mode_kwargs("split", mode))

    def frequencies(self, *, ignore_case: bool = False, mode: Mode = "whitespace") -> DaskSeries:
        """Each row's bag of words, as pandas' ``frequencies`` gives it, partition by
        partition."""
        return self._lists("frequencies", match_kwargs("frequencies", ignore_case, mode))

    def top_words(
        self,
        k: int | None = None,
        *,
        exclude: Iterable[str] = (),
        min_count: int = 1,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        split_every: int | None = None,
    ) -> DaskDataFrame:
        """The ``k`` most frequent tokens, as a one-partition Dask DataFrame that computes to
        what pandas' ``top_words(k)`` gives for the whole Series: columns ``word`` and
        ``count``, by count descending, then word.

        Each partition is counted in full, and the counts are summed in a tree of
        ``split_every`` partitions at a time (Dask's default when None) before the ranking.
        ``exclude`` and ``min_count`` as in pandas: the stop words are left out of each
        partition's counts, the floor applies to the totals.
        """
        kwargs = top_words_kwargs("top_words", k, exclude, min_count, ignore_case, mode)
        # The whole list (lone surrogates included: a pandas partition may hold them).
        options = {
            "exclude": check_exclude(exclude, "top_words"),
            **match_kwargs("top_words", ignore_case, mode),
        }
        split_every = check_split_every(split_every, "top_words")
        return self._series.reduction(
            _word_counts,
            aggregate=_rank_word_counts,
            combine=_merge_word_counts,
            meta=_top_words_meta(),
            token="wc-top-words",
            split_every=split_every,
            chunk_kwargs={"options": options},
            aggregate_kwargs={"k": kwargs["k"], "min_count": kwargs["min_count"]},
        )


__all__ = ["DaskWordCountAccessor"]
