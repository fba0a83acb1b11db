"""Arrow-level entry points: any object with ``__arrow_c_stream__`` or ``__arrow_c_array__``
(pyarrow, pandas, Polars, DuckDB, ...) in, pyarrow arrays out.

This is the route the pandas accessor takes into the Rust kernel, and the building block for
Spark's ``mapInArrow`` or Ray's ``map_batches``. Arrow string buffers are read in place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from wordcount_polars import _internal
from wordcount_polars._validation import (
    Mode,
    check_family,
    check_needle,
    check_needles,
    match_kwargs,
    mode_kwargs,
    needle_kwargs,
    top_words_kwargs,
)

# Lone surrogates: code points a Python str may hold but UTF-8, and so Arrow, cannot.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def require_pyarrow() -> Any:
    """The ``pyarrow`` module, imported on first use so that ``import wordcount_polars`` does
    not import it; an ImportError that says what to install when it is missing."""
    try:
        import pyarrow
    except ImportError as error:  # pragma: no cover - exercised only without pyarrow
        raise ImportError(
            "wordcount_polars.arrow and the pandas accessor need pyarrow: pip install pyarrow"
        ) from error
    return pyarrow


class _ArrowArrayCapsules:
    """Holds a capsule pair from the kernel, so pyarrow can import it by the
    ``__arrow_c_array__`` protocol without a copy."""

    def __init__(self, capsules: tuple[object, object]) -> None:
        self._capsules = capsules

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self._capsules


def _to_pyarrow(capsules: tuple[object, object]) -> Any:
    return require_pyarrow().array(_ArrowArrayCapsules(capsules))


def is_arrow_data(data: object) -> bool:
    """True for anything the kernel reads through the Arrow C interfaces."""
    return hasattr(data, "__arrow_c_stream__") or hasattr(data, "__arrow_c_array__")


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` holds a surrogate code point, which has no UTF-8 form."""
    return _LONE_SURROGATE.search(text) is not None


def python_strings(values: Any) -> tuple[Any, list[int]]:
    """An object ndarray of ``str`` and None as a ``large_string`` array. A ``str`` holding a
    lone surrogate, which Arrow cannot hold, becomes null; the second item lists the positions
    of those rows (empty for ordinary text, which converts in one call)."""
    pa = require_pyarrow()
    try:
        return pa.array(values, type=pa.large_string()), []
    except UnicodeEncodeError:
        # Only data with lone surrogates pays for finding them.
        unencodable = [
            i for i, v in enumerate(values) if isinstance(v, str) and has_lone_surrogate(v)
        ]
        values = values.copy()
        values[unencodable] = None
        return pa.array(values, type=pa.large_string()), unencodable


def with_rows_replaced(counts: Any, replacements: Mapping[int, int | None]) -> Any:
    """A copy of the pyarrow integer array ``counts`` with the given positions set to the
    given values (None for null)."""
    if not replacements:
        return counts
    values = counts.to_pylist()
    for position, value in replacements.items():
        values[position] = value
    return require_pyarrow().array(values, type=counts.type)


def as_arrow_stream(data: Any) -> Any:
    """``data`` as an object with ``__arrow_c_stream__``, without copying Arrow data."""
    if hasattr(data, "__arrow_c_stream__"):
        return data
    pyarrow = require_pyarrow()
    if hasattr(data, "__arrow_c_array__"):
        return pyarrow.chunked_array([pyarrow.array(data)])
    raise TypeError(
        "expected an Arrow array or stream (an object with __arrow_c_array__ or "
        f"__arrow_c_stream__), got {type(data).__name__}"
    )


def count(
    data: Any,
    needle: Any,
    *,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
    phrase: bool = False,
) -> Any:
    """Whole-word count of ``needle`` (``text.split().count(needle)``) in each string of ``data``.

    Args:
        data: Arrow string data: utf8, large_utf8 or utf8_view, as an array or a stream.
        needle: the word to count, or Arrow string data with one needle per row.
        ignore_case: compare ``str.lower()`` forms.
        mode: ``"whitespace"`` or ``"words"`` (Unicode words).
        phrase: count the needle's tokens as a run of consecutive tokens (see
            ``wordcount_polars.count``).

    Returns:
        A ``pyarrow.UInt32Array``; a null string gives null.

    Example:
        >>> import pyarrow as pa
        >>> from wordcount_polars import arrow
        >>> arrow.count(pa.array(["a b a", None, "ab a"]), "a").to_pylist()
        [2, None, 1]
        >>> arrow.count(pa.array(["new\u3000york, new york"]), "new york", phrase=True).to_pylist()
        [1]
    """
    options = needle_kwargs("count", ignore_case, mode, phrase)
    needle = check_needle(needle, "count", per_row=is_arrow_data, per_row_kind="Arrow string data")
    if not isinstance(needle, str):
        needle = as_arrow_stream(needle)
    capsules = _internal.count_arrow(as_arrow_stream(data), needle, **options)
    return _to_pyarrow(capsules)


def count_many(
    data: Any,
    needles: list[str],
    *,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
    phrase: bool = False,
) -> Any:
    """Counts of several needles in one pass: a ``pyarrow.Table`` with one ``UInt32`` column per
    needle (phrases with ``phrase=True``)."""
    needles = check_needles(needles, "count_many")
    options = needle_kwargs("count_many", ignore_case, mode, phrase)
    columns = _internal.count_many_arrow(as_arrow_stream(data), needles, **options)
    return require_pyarrow().table([_to_pyarrow(c) for c in columns], names=needles)


def count_many_block(data: Any, needles: list[str], options: dict[str, Any]) -> tuple[Any, Any]:
    """Counts of several needles in one pass as pandas builds a frame from them: an ``int64``
    numpy block of rows x needles in Fortran order (each needle's column contiguous), written
    by the kernel and handed over without a copy, and a ``bool`` array of the rows that are
    not null (None when no row is). ``needles`` and ``options`` are checked already
    (``check_needles``, ``needle_kwargs``)."""
    values, valid = _internal.count_many_arrow(
        as_arrow_stream(data), needles, **options, int64_block=True
    )
    return values.reshape(len(needles), len(values) // len(needles)).T, valid


def family(data: Any, which: str) -> Any:
    """``words``, ``lines``, ``chars`` or ``bytes`` of each string, as a ``UInt32Array``."""
    which = check_family(which)
    return _to_pyarrow(_internal.family_arrow(as_arrow_stream(data), which))


def top_words(
    data: Any,
    k: int | None = None,
    *,
    exclude: Iterable[str] = (),
    min_count: int = 1,
    ignore_case: bool = False,
    mode: Mode = "whitespace",
) -> list[tuple[str, int]]:
    """The ``k`` most frequent tokens as ``(word, count)`` pairs, by count descending, then
    word; ``exclude`` and ``min_count`` as in :func:`wordcount_polars.top_words`."""
    kwargs = top_words_kwargs("top_words", k, exclude, min_count, ignore_case, mode)
    return _internal.top_words_arrow(as_arrow_stream(data), **kwargs)


def _lists_to_pyarrow(pieces: list[tuple[object, object]]) -> Any:
    """The kernel's list pieces (row order) as one pyarrow array."""
    arrays = [_to_pyarrow(piece) for piece in pieces]
    return arrays[0] if len(arrays) == 1 else require_pyarrow().concat_arrays(arrays)


def split(data: Any, *, mode: Mode = "whitespace") -> Any:
    """The tokens of each string: ``text.split()``, or its Unicode words with
    ``mode="words"``.

    Returns:
        A ``pyarrow.LargeListArray`` of ``large_string``; a null string gives null.

    Example:
        >>> import pyarrow as pa
        >>> from wordcount_polars import arrow
        >>> arrow.split(pa.array(["a\u3000b a", None, ""])).to_pylist()
        [['a', 'b', 'a'], None, []]
    """
    options = mode_kwargs("split", mode)
    return _lists_to_pyarrow(_internal.split_arrow(as_arrow_stream(data), **options))


def frequencies(data: Any, *, ignore_case: bool = False, mode: Mode = "whitespace") -> Any:
    """Each string's bag of words, by count descending, then word.

    Returns:
        A ``pyarrow.LargeListArray`` of ``struct<word: large_string, count: uint32>``; a null
        string gives null.

    Example:
        >>> import pyarrow as pa
        >>> from wordcount_polars import arrow
        >>> arrow.frequencies(pa.array(["b a b", None])).to_pylist()
        [[{'word': 'b', 'count': 2}, {'word': 'a', 'count': 1}], None]
    """
    options = match_kwargs("frequencies", ignore_case, mode)
    return _lists_to_pyarrow(_internal.frequencies_arrow(as_arrow_stream(data), **options))


def to_python_lists(lists: Any) -> list[list[Any] | None]:
    """A pyarrow list array (of strings, or of ``{word, count}`` structs) as Python lists, a
    struct entry as a ``(word, count)`` tuple, a null row as None. Each value is converted
    once, rather than row by row as ``to_pylist`` builds dicts."""
    if isinstance(lists, require_pyarrow().ChunkedArray):
        lists = lists.combine_chunks()
    # `offsets` follows a slice, `values` is the whole child: offsets index into it as they are.
    offsets = lists.offsets.to_numpy().tolist()
    values = lists.values
    flat: list[Any]
    if require_pyarrow().types.is_struct(values.type):
        flat = list(zip(values.field("word").to_pylist(), values.field("count").to_pylist()))
    else:
        flat = values.to_pylist()
    valid = lists.is_valid().to_numpy(zero_copy_only=False).tolist()
    return [
        flat[start:end] if is_valid else None
        for start, end, is_valid in zip(offsets, offsets[1:], valid)
    ]
