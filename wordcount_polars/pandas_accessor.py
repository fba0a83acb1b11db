"""``pd.Series.wc``: the pandas face of the same Rust kernel.

This module holds the pandas conventions, and only those: which Series have ``.wc`` (the rule
of ``.str``), the result dtypes and missing values of ``Series.str.count``, and index alignment
of a needle per row as ``Series.str.cat`` aligns. Arguments are checked by
``wordcount_polars._validation``; the Series reach the kernel through
``wordcount_polars.arrow``, which reads Arrow-backed strings in place and converts others once.

Rows holding lone surrogates (which a Python ``str`` can hold and Arrow cannot) are computed by
``wordcount_polars._python_fallback``; see docs/pandas.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, NoReturn

import numpy as np
import pandas as pd

from wordcount_polars import _python_fallback, arrow
from wordcount_polars._validation import (
    Mode,
    check_exclude,
    check_needle,
    check_needles,
    match_kwargs,
    mode_kwargs,
    needle_kwargs,
    top_words_kwargs,
)

if TYPE_CHECKING:
    from typing_extensions import TypeGuard

_ARROW_STRING_TYPES = ("string", "large_string", "string_view")
# What pandas' `.str` accepts, by `infer_dtype` of the values (pandas/core/strings/accessor.py).
_STRING_VALUE_KINDS = ("string", "empty", "bytes", "mixed", "mixed-integer")


def _is_arrow_string(dtype: object) -> TypeGuard[pd.ArrowDtype]:
    return isinstance(dtype, pd.ArrowDtype) and str(dtype.pyarrow_dtype) in _ARROW_STRING_TYPES


def accepts_dtype(dtype: object) -> bool:
    """True for the dtypes that can hold strings: ``object``, pandas' string dtypes, Arrow
    strings and categoricals of those. Decided from the dtype alone, so it serves Dask, whose
    meta has no values; the accessor also checks an ``object`` Series' values, as ``.str``
    does."""
    if isinstance(dtype, pd.CategoricalDtype):
        return accepts_dtype(dtype.categories.dtype)
    return isinstance(dtype, pd.StringDtype) or dtype == np.dtype(object) or _is_arrow_string(dtype)


def check_series_needle(needle: object, series_type: type, kind: str) -> object:
    """``count``'s needle: a ``str``, or a Series of ``series_type`` (pandas' or Dask's, called
    ``kind`` in the message) whose dtype holds strings."""
    return check_needle(
        needle,
        "count",
        per_row=lambda n: isinstance(n, series_type),
        per_row_kind=kind,
        holds_strings=accepts_dtype,
    )


def _inferred_kind(series: pd.Series) -> str | None:
    """pandas' inferred dtype of the values where the dtype alone does not say they are
    strings (``object``, and categoricals of ``object``); None for other dtypes."""
    values = series.cat.categories if isinstance(series.dtype, pd.CategoricalDtype) else series
    if values.dtype != np.dtype(object):
        return None
    return str(pd.api.types.infer_dtype(values, skipna=True))


def not_string_values(dtype: object, kind: str | None = None) -> AttributeError:
    """The error of ``.wc`` on a Series without strings (of ``dtype``, or of values pandas
    infers as ``kind``), for the pandas and the Dask accessor."""
    # AttributeError makes `s.wc` itself fail, as `s.str` does for non-strings.
    holding = f" holding {kind} values" if kind else ""
    return AttributeError(f"Can only use .wc accessor with string values, not {dtype}{holding}")


# --- Series to Arrow ---------------------------------------------------------------------------


def _to_arrow(series: pd.Series) -> tuple[Any, list[int]]:
    """The Series' values as Arrow strings, with the positions of the rows Arrow cannot hold
    (lone surrogates), which are null in the Arrow data."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        series = series.astype(series.cat.categories.dtype)
    if series.dtype == np.dtype(object):
        return _python_values_to_arrow(series.to_numpy(dtype=object))
    pa = arrow.require_pyarrow()
    try:
        # Arrow-backed arrays hand over their ChunkedArray as is; python-backed ones convert once.
        return pa.array(series.array), []
    except UnicodeEncodeError:
        # A python-backed string dtype holding lone surrogates.
        return _python_values_to_arrow(series.to_numpy(dtype=object))


def _python_values_to_arrow(values: np.ndarray) -> tuple[Any, list[int]]:
    """Python objects as Arrow strings: a value that is not a ``str`` is null, as ``.str``
    treats it as missing."""
    is_str = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    # numpy's stubs reject None as the fill value, which gives an object array holding None.
    return arrow.python_strings(np.where(is_str, values, None))  # type: ignore[call-overload]


def _per_category(series: pd.Series, compute: Callable[[pd.Series], Counts]) -> Counts:
    """Today's categorical path: ``compute`` runs on the categories, once each, and its rows are
    taken through the codes (code -1, a missing value, gives a missing count).

    Once the Rust intake reads Arrow dictionary arrays (counting each category once), this
    whole function becomes ``compute`` on the ``pa.DictionaryArray`` of codes and categories,
    except for categories with lone surrogates, which no Arrow dictionary can hold: those keep
    going through the Python fallback.
    """
    try:
        per_category = compute(pd.Series(series.cat.categories))
    except ValueError:
        # A message naming a row would name a category's place among the categories: compute
        # on the rows themselves, so that it names a row of `series`.
        compute(series.astype(series.cat.categories.dtype))
        raise
    return per_category.take(series.cat.codes.to_numpy())


# --- results in the dtypes of .str.count ---------------------------------------------------------


class Counts(NamedTuple):
    """Counts of one or more needles, as every result is built from them: ``values`` is an
    ``int64`` array of rows x needles with each needle's column contiguous (Fortran order),
    ``valid`` a ``bool`` array of the rows that are not missing, or None when none is."""

    values: np.ndarray
    valid: np.ndarray | None

    @classmethod
    def of(cls, values: np.ndarray, valid: np.ndarray | None) -> Counts:
        """``valid`` is None when every row is."""
        return cls(values, None if valid is None or valid.all() else valid)

    @classmethod
    def of_arrow(cls, counts: Any) -> Counts:
        """One needle's counts from a pyarrow integer array."""
        if counts.null_count == 0:
            # A zero-copy view of the counts, widened once.
            return cls(counts.to_numpy().astype(np.int64)[:, None], None)
        filled = counts.fill_null(0).to_numpy().astype(np.int64)[:, None]
        return cls(filled, counts.is_valid().to_numpy(zero_copy_only=False))

    def take(self, codes: np.ndarray) -> Counts:
        """Row ``i`` is row ``codes[i]``; a code of -1 gives a missing row."""
        missing = codes < 0
        rows, width = self.values.shape
        if rows == 0:
            # Only missing rows can point into no rows.
            return Counts.of(np.zeros((len(codes), width), dtype=np.int64, order="F"), ~missing)
        indices = np.where(missing, 0, codes)
        # Taken on the transpose so that each needle's column stays contiguous.
        values = self.values.T.take(indices, axis=1).T
        valid = ~missing if self.valid is None else self.valid[indices] & ~missing
        return Counts.of(values, valid)


def _counts_as_series(counts: Counts, text: pd.Series) -> pd.Series:
    """One needle's counts (a column per row of ``text``) as a Series with ``text``'s index
    and name, in the dtype ``text.str.count`` gives."""
    values = _in_str_count_dtype(counts, text)
    column = values[:, 0] if isinstance(values, np.ndarray) else values[0]
    return pd.Series(column, index=text.index, name=text.name, copy=False)


def _counts_as_frame(counts: Counts, names: list[str], text: pd.Series) -> pd.DataFrame:
    """One column per needle, named by it, each in the dtype ``text.str.count`` gives."""
    values = _in_str_count_dtype(counts, text)
    # pandas 3 would make the column labels Arrow-backed strings, which cannot hold a needle
    # with a lone surrogate; plain Python str labels can.
    labels = pd.Index(names, dtype=object) if any(map(arrow.has_lone_surrogate, names)) else names
    if isinstance(values, np.ndarray):
        # One 2-D block, taken as it is.
        return pd.DataFrame(values, index=text.index, columns=labels, copy=False)
    frame = pd.DataFrame(dict(enumerate(values)), index=text.index, copy=False)
    frame.columns = labels
    return frame


def _in_str_count_dtype(counts: Counts, text: pd.Series) -> np.ndarray | list[Any]:
    """The counts in the dtype ``text.str.count`` gives: a 2-D numpy array (rows x needles)
    for numpy's dtypes, one extension array per needle for the others."""
    dtype = text.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        # `.str` on a categorical computes on the categories and takes through the codes:
        # Int64 for pandas' NA-backed strings, numpy's int64 or float64 for all others
        # (Arrow strings included).
        dtype = dtype.categories.dtype
        return _masked_ints(counts) if _is_na_string(dtype) else _numpy_ints(counts)
    if _is_arrow_string(dtype):
        return _arrow_ints(counts, large=str(dtype.pyarrow_dtype) == "large_string")
    if _is_na_string(dtype):
        return _masked_ints(counts)
    valid = counts.valid
    if len(text) and valid is not None and not valid.any() and _inferred_kind(text) == "empty":
        # `.str.count` on an object Series of missing values only returns them as they are,
        # in an object Series (its map over no strings has nothing to convert).
        missing = text.to_numpy(dtype=object)
        return np.repeat(missing[:, None], counts.values.shape[1], axis=1)
    return _numpy_ints(counts)


def _is_na_string(dtype: object) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA


def _arrow_ints(counts: Counts, large: bool) -> list[Any]:
    """``int64[pyarrow]`` columns (``int32[pyarrow]`` unless ``large``), missing as null: each
    column's values are the block's, read in place."""
    pa = arrow.require_pyarrow()
    rows = len(counts.values)
    validity = None if counts.valid is None else pa.array(counts.valid).buffers()[1]
    columns = []
    for column in counts.values.T:
        values = pa.Array.from_buffers(pa.int64(), rows, [validity, pa.py_buffer(column)])
        columns.append(pd.arrays.ArrowExtensionArray(values if large else values.cast(pa.int32())))
    return columns


def _masked_ints(counts: Counts) -> list[Any]:
    """``Int64`` columns, missing as ``<NA>``: each column's values are the block's, read in
    place, each with a mask of its own (pandas may set one column's values in place)."""
    rows, width = counts.values.shape
    # One allocation for all the masks (numpy backs one that large with huge pages, which
    # faults in far fewer pages than a hundred small ones), one row of it per column.
    if counts.valid is None:
        masks = np.zeros((width, rows), dtype=bool)
    else:
        masks = np.repeat(~counts.valid[None, :], width, axis=0)
    return [pd.arrays.IntegerArray(column, mask) for column, mask in zip(counts.values.T, masks)]


def _numpy_ints(counts: Counts) -> np.ndarray:
    """numpy's ``int64``, or ``float64`` with ``NaN`` as soon as a value is missing."""
    if counts.valid is None:
        return counts.values
    values = counts.values.astype(np.float64)
    values[~counts.valid] = np.nan
    return values


# --- needles per row, aligned as str.cat aligns ---------------------------------------------------


def _align_like_str_cat(text: pd.Series, needles: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``text`` and ``needles`` aligned as ``text.str.cat(needles)`` aligns them: by position
    when the indexes are equal, else a left join on the labels (a text row whose label is
    missing from the needles gets a missing needle; a label repeated in both pairs every text
    row with every needle row of that label)."""
    if text.index.equals(needles.index):
        return text, needles
    # str.cat's own steps: the needles as a one-column frame, then Series.align.
    others = pd.concat([needles], axis=1, join="outer", keys=[0], sort=False)
    aligned_text, aligned_others = text.align(others, join="left")
    return aligned_text, aligned_others[0]


# --- rows with lone surrogates --------------------------------------------------------------------


def _raise_for_lone_surrogate(function: str, text: pd.Series, position: int, why: str) -> NoReturn:
    value = text.iloc[position]
    surrogate = next(c for c in value if arrow.has_lone_surrogate(c))
    raise ValueError(
        f"{function}: the text at index {text.index[position]!r} (row {position}) holds the lone "
        f"surrogate {surrogate!r}, which has no UTF-8 form; {why}"
    )


_WORDS_MODE_WHY = (
    "mode='words' runs in the Rust kernel only, which reads UTF-8, and has no exact Python "
    "equal to fall back on; use mode='whitespace' or replace the surrogates first"
)


def _refuse_words_phrase_with_surrogate(needle: str, options: dict[str, Any]) -> None:
    """A phrase is cut into Unicode words by the Rust kernel only, which cannot be handed a
    needle holding a lone surrogate (in whitespace mode such a needle simply never matches)."""
    if options["phrase"] and options["mode"] != "whitespace" and arrow.has_lone_surrogate(needle):
        surrogate = next(c for c in needle if arrow.has_lone_surrogate(c))
        raise ValueError(
            f"count: the needle {needle!r} holds the lone surrogate {surrogate!r}, which has no "
            f"UTF-8 form; {_WORDS_MODE_WHY}"
        )


class _ArrowText:
    """A Series as the kernel reads it: its Arrow strings, and the rows to compute in Python."""

    def __init__(self, series: pd.Series) -> None:
        self.series = series
        self.data, self.python_rows = _to_arrow(series)

    def text(self, position: int) -> str:
        value: str = self.series.iloc[position]
        return value

    def require_whitespace_mode(self, function: str, mode: str) -> None:
        if self.python_rows and mode != "whitespace":
            _raise_for_lone_surrogate(function, self.series, self.python_rows[0], _WORDS_MODE_WHY)

    def count(self, needle: str, options: dict[str, Any]) -> Any:
        """Kernel counts of a ``str`` needle, with the Python rows filled in."""
        self.require_whitespace_mode("count", options["mode"])
        _refuse_words_phrase_with_surrogate(needle, options)
        if arrow.has_lone_surrogate(needle):
            # No token of text Arrow holds can equal a needle with a lone surrogate, nor its
            # lowercase (lower() keeps surrogates), and a phrase holding one has such a token:
            # 0 for every row, null for a null text, which is what the empty needle gives.
            counts = arrow.count(self.data, "", **options)
        else:
            counts = arrow.count(self.data, needle, **options)
        ignore_case, phrase = options["ignore_case"], options["phrase"]
        return arrow.with_rows_replaced(
            counts,
            {
                p: _python_fallback.count(self.text(p), needle, ignore_case, phrase)
                for p in self.python_rows
            },
        )


# --- per-row lists, as Series.str.split gives them ------------------------------------------------


def _missing_list(text: pd.Series, value: object) -> object:
    """What ``.str.split`` gives for a row without a string: an ``object`` Series keeps a
    missing value as it is (None, NaN, pd.NA) and gives NaN for a non-string, a pandas string
    dtype gives its own missing value, a categorical NaN."""
    dtype = text.dtype
    if isinstance(dtype, pd.StringDtype):
        return dtype.na_value
    missing: Any = value
    if dtype == np.dtype(object) and pd.api.types.is_scalar(missing) and pd.isna(missing):
        return missing
    return np.nan


def _python_lists(
    series: pd.Series,
    function: str,
    mode: str,
    arrow_lists: Callable[[Any], Any],
    fallback: Callable[[str], list[Any]],
) -> list[list[Any] | None]:
    """``arrow_lists`` (a function of ``wordcount_polars.arrow``) on the Series as Python
    lists, the rows Arrow cannot hold computed by ``fallback``; None for a missing row."""
    rows = _ArrowText(series)
    rows.require_whitespace_mode(function, mode)
    lists = arrow.to_python_lists(arrow_lists(rows.data))
    for position in rows.python_rows:
        lists[position] = fallback(rows.text(position))
    return lists


def _lists_as_series(
    series: pd.Series,
    function: str,
    mode: str,
    arrow_lists: Callable[[Any], Any],
    fallback: Callable[[str], list[Any]],
    arrow_entry: Callable[[Any], Any],
) -> pd.Series:
    """Per-row lists in the form ``.str.split`` gives: for an Arrow string dtype, an Arrow
    list Series of ``arrow_entry(string type)``; otherwise an ``object`` Series of Python
    lists, a categorical's computed once per category (each row gets its own copy)."""
    dtype = series.dtype
    if _is_arrow_string(dtype):
        pa = arrow.require_pyarrow()
        target = pa.list_(arrow_entry(dtype.pyarrow_dtype))
        arrow_values = arrow_lists(pa.array(series.array)).cast(target)
        return pd.Series(
            pd.arrays.ArrowExtensionArray(arrow_values),
            index=series.index,
            name=series.name,
            copy=False,
        )
    lists: list[Any]
    if isinstance(dtype, pd.CategoricalDtype):
        categories = pd.Series(dtype.categories)
        try:
            per_category = _python_lists(categories, function, mode, arrow_lists, fallback)
        except ValueError:
            # Name the row, not the category: the same error, raised from the rows.
            _python_lists(
                series.astype(dtype.categories.dtype), function, mode, arrow_lists, fallback
            )
            raise
        codes = series.cat.codes.to_numpy().tolist()
        # A category is a string, so its list is never None.
        lists = [None if code < 0 else list(per_category[code] or ()) for code in codes]
    else:
        lists = _python_lists(series, function, mode, arrow_lists, fallback)
    values = [
        _missing_list(series, original) if row is None else row
        for row, original in zip(lists, series.array)
    ]
    return pd.Series(values, index=series.index, name=series.name, dtype=object)


# --- the accessor --------------------------------------------------------------------------------


@pd.api.extensions.register_series_accessor("wc")
class WordCountAccessor:
    """Whole-word counting on a pandas string Series: ``s.wc.count("a")``."""

    def __init__(self, series: pd.Series) -> None:
        if not accepts_dtype(series.dtype):
            raise not_string_values(series.dtype)
        kind = _inferred_kind(series)
        if kind is not None and kind not in _STRING_VALUE_KINDS:
            raise not_string_values(series.dtype, kind)
        self._series = series
        self._inferred_kind = kind

    def _check_not_bytes(self, function: str) -> None:
        # As `.str.count` and the other string methods refuse a Series of bytes.
        if self._inferred_kind == "bytes":
            raise TypeError(f"Cannot use .wc.{function} with values of inferred dtype 'bytes'.")

    def _compute(self, compute: Callable[[pd.Series], Counts]) -> Counts:
        """``compute`` on this Series, a categorical once per category."""
        if isinstance(self._series.dtype, pd.CategoricalDtype):
            return _per_category(self._series, compute)
        return compute(self._series)

    def count(
        self,
        needle: str | pd.Series,
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        phrase: bool = False,
    ) -> pd.Series:
        """Whole-word count of ``needle`` in each row: ``text.split().count(needle)``.

        ``needle`` is a ``str``, or a string Series with one needle per row, aligned as
        ``Series.str.cat`` aligns: by position when the indexes are equal, else by label (a
        left join). The result has this Series' index (after that alignment) and name, and the
        dtype ``.str.count`` gives. ``phrase=True`` counts the needle's tokens as a run of
        consecutive tokens (see ``wordcount_polars.count``).

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars  # registers .wc
            >>> pd.Series(["a b a", "ab A"]).wc.count("a", ignore_case=True).tolist()
            [2, 1]
            >>> pd.Series(["New York, new\tyork"]).wc.count("new york", phrase=True).tolist()
            [1]
        """
        options = needle_kwargs("count", ignore_case, mode, phrase)
        checked = check_series_needle(needle, pd.Series, "a pandas string Series")
        self._check_not_bytes("count")
        if isinstance(checked, pd.Series):
            return self._count_per_row(checked, options)
        return _counts_as_series(self._count_one(str(checked), options), self._series)

    def _count_one(self, word: str, options: dict[str, Any]) -> Counts:
        return self._compute(lambda s: Counts.of_arrow(_ArrowText(s).count(word, options)))

    def _count_per_row(self, needles: pd.Series, options: dict[str, Any]) -> pd.Series:
        text, needles = _align_like_str_cat(self._series, needles)
        text_rows, needle_rows = _ArrowText(text), _ArrowText(needles)
        counts = arrow.count(text_rows.data, needle_rows.data, **options)
        fallback: dict[int, int | None] = {}
        for position in sorted({*text_rows.python_rows, *needle_rows.python_rows}):
            text_value, needle_value = text.iloc[position], needles.iloc[position]
            if not (isinstance(text_value, str) and isinstance(needle_value, str)):
                fallback[position] = None
            elif arrow.has_lone_surrogate(text_value) and options["mode"] != "whitespace":
                _raise_for_lone_surrogate("count", text, position, _WORDS_MODE_WHY)
            else:
                # With the surrogate in the needle only, no token equals it, in either mode
                # (a phrase in words mode aside, which is refused).
                _refuse_words_phrase_with_surrogate(needle_value, options)
                fallback[position] = _python_fallback.count(
                    text_value, needle_value, options["ignore_case"], options["phrase"]
                )
        return _counts_as_series(Counts.of_arrow(arrow.with_rows_replaced(counts, fallback)), text)

    def count_many(
        self,
        needles: list[str],
        *,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
        phrase: bool = False,
    ) -> pd.DataFrame:
        """Counts of several needles in one pass: a DataFrame with one column per needle
        (phrases with ``phrase=True``).

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars
            >>> pd.Series(["a b a", "b"]).wc.count_many(["a", "b"])
               a  b
            0  2  1
            1  0  1
        """
        needles = check_needles(needles, "count_many")
        options = needle_kwargs("count_many", ignore_case, mode, phrase)
        self._check_not_bytes("count_many")
        if any(arrow.has_lone_surrogate(n) for n in needles):
            # The kernel takes needles as UTF-8; one count each is exact, if slower.
            each = [self._count_one(n, options) for n in needles]
            values = np.asfortranarray(np.hstack([c.values for c in each]))
            return _counts_as_frame(Counts(values, each[0].valid), needles, self._series)

        def compute(s: pd.Series) -> Counts:
            rows = _ArrowText(s)
            rows.require_whitespace_mode("count_many", mode)
            values, valid = arrow.count_many_block(rows.data, needles, options)
            for p in rows.python_rows:
                # A null in the Arrow data, a string in the Series.
                values[p] = [
                    _python_fallback.count(rows.text(p), n, ignore_case, phrase) for n in needles
                ]
                valid[p] = True
            return Counts.of(values, valid)

        return _counts_as_frame(self._compute(compute), needles, self._series)

    def _family(self, which: str) -> pd.Series:
        self._check_not_bytes(which)

        def compute(s: pd.Series) -> Counts:
            rows = _ArrowText(s)
            if rows.python_rows and which == "bytes":
                why = "len(text.encode()) raises UnicodeEncodeError for it in Python too"
                _raise_for_lone_surrogate(which, s, rows.python_rows[0], why)
            counts = arrow.family(rows.data, which)
            return Counts.of_arrow(
                arrow.with_rows_replaced(
                    counts,
                    {p: _python_fallback.family(rows.text(p), which) for p in rows.python_rows},
                )
            )

        return _counts_as_series(self._compute(compute), self._series)

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
        """``len(text.encode())`` (UTF-8 bytes) of each row. A row holding a lone surrogate
        raises ``ValueError`` naming it, as ``text.encode()`` raises in Python."""
        return self._family("bytes")

    def top_words(
        self,
        k: int | None = None,
        *,
        exclude: Iterable[str] = (),
        min_count: int = 1,
        ignore_case: bool = False,
        mode: Mode = "whitespace",
    ) -> pd.DataFrame:
        """The ``k`` most frequent tokens: a DataFrame with columns ``word`` and ``count``,
        by count descending, then word. ``exclude`` and ``min_count`` as in
        :func:`wordcount_polars.top_words`: stop words are compared as words are counted
        (lowercased under ``ignore_case``), and words seen fewer than ``min_count`` times are
        dropped, before the cut to ``k``.

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars
            >>> pd.Series(["b a b", "c b a"]).wc.top_words(2)
              word  count
            0    b      3
            1    a      2
        """
        kwargs = top_words_kwargs("top_words", k, exclude, min_count, ignore_case, mode)
        self._check_not_bytes("top_words")
        rows = _ArrowText(self._series)
        rows.require_whitespace_mode("top_words", mode)
        if not rows.python_rows:
            pairs = arrow.top_words(rows.data, **kwargs)
        else:
            # Every kernel count, merged with the Python rows' tokens, then ranked as the
            # kernel ranks. The stop words go in whole: a lone surrogate one may match here.
            options = match_kwargs("top_words", ignore_case, mode)
            tally = Counter(dict(arrow.top_words(rows.data, None, **options)))
            for position in rows.python_rows:
                tally.update(_python_fallback.tokens(rows.text(position), ignore_case))
            stop_words = check_exclude(exclude, "top_words")
            pairs = _python_fallback.rank(
                tally, kwargs["k"], stop_words, kwargs["min_count"], ignore_case
            )
        words = [w for w, _ in pairs]
        counts = np.array([n for _, n in pairs], dtype=np.int64)
        return pd.DataFrame({"word": pd.Series(words, dtype=object), "count": counts})

    def split(self, *, mode: Mode = "whitespace") -> pd.Series:
        """The tokens of each row: ``text.split()``, or its Unicode words with
        ``mode="words"``.

        The result follows ``Series.str.split()``: an Arrow string Series gives an Arrow
        ``list`` Series of the same string type; any other gives an ``object`` Series of Python
        lists, with a missing row as ``.str.split`` has it (None or NaN for ``object``, the
        dtype's missing value for pandas' string dtypes, NaN for a categorical).

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars
            >>> pd.Series(["a\x1fb  a", None, ""], dtype=object).wc.split().tolist()
            [['a', 'b', 'a'], None, []]
        """
        options = mode_kwargs("split", mode)
        self._check_not_bytes("split")
        return _lists_as_series(
            self._series,
            "split",
            mode,
            lambda data: arrow.split(data, **options),
            str.split,
            lambda string: string,
        )

    def frequencies(self, *, ignore_case: bool = False, mode: Mode = "whitespace") -> pd.Series:
        """Each row's bag of words, by count descending, then word: a list of
        ``(word, count)`` tuples per row, as ``collections.Counter(text.split())`` would give
        them sorted by ``(-count, word)``.

        An Arrow string Series gives an Arrow ``list<struct<word, count: int64>>`` Series
        instead (its rows read back as dicts); missing rows are as in :meth:`split`.

        Example:
            >>> import pandas as pd
            >>> import wordcount_polars
            >>> pd.Series(["b a B b", None], dtype=object).wc.frequencies(ignore_case=True).tolist()
            [[('b', 3), ('a', 1)], None]
        """
        options = match_kwargs("frequencies", ignore_case, mode)
        self._check_not_bytes("frequencies")

        def arrow_entry(string: Any) -> Any:
            pa = arrow.require_pyarrow()
            return pa.struct([("word", string), ("count", pa.int64())])

        return _lists_as_series(
            self._series,
            "frequencies",
            mode,
            lambda data: arrow.frequencies(data, **options),
            lambda text: _python_fallback.frequencies(text, ignore_case),
            arrow_entry,
        )
