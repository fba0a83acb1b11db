"""Arrow-level entry points: any object with ``__arrow_c_stream__`` or ``__arrow_c_array__``
(pyarrow, pandas, Polars, DuckDB, ...) in, a pyarrow array out.

This is the route the pandas accessor takes into the Rust kernel, and the building block for
Spark's ``mapInArrow`` or Ray's ``map_batches``.
"""

from __future__ import annotations

from typing import Any

from wordcount_polars import _internal

try:
    import pyarrow as pa
except ImportError:  # pragma: no cover - exercised only without pyarrow
    pa = None


def _require_pyarrow() -> Any:
    if pa is None:
        raise ImportError(
            "wordcount_polars.arrow and the pandas accessor need pyarrow: pip install pyarrow"
        )
    return pa


class _ArrowArrayCapsules:
    """Holds the capsule pair the kernel returns, so pyarrow can import it by the
    ``__arrow_c_array__`` protocol without a copy."""

    def __init__(self, schema: object, array: object) -> None:
        self._capsules = (schema, array)

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self._capsules


def as_arrow_stream(data: Any) -> Any:
    """``data`` as an object with ``__arrow_c_stream__``, without copying Arrow data."""
    if hasattr(data, "__arrow_c_stream__"):
        return data
    pyarrow = _require_pyarrow()
    if hasattr(data, "__arrow_c_array__"):
        return pyarrow.chunked_array([pyarrow.array(data)])
    raise TypeError(
        "expected an Arrow array or stream (an object with __arrow_c_array__ or "
        f"__arrow_c_stream__), got {type(data).__name__}"
    )


def count(data: Any, needle: str) -> Any:
    """Whole-word count of ``needle`` (``text.split().count(needle)``) in each string of ``data``.

    Args:
        data: Arrow string data: utf8, large_utf8 or utf8_view, as an array or a stream.
        needle: the word to count.

    Returns:
        A ``pyarrow.UInt32Array``; a null string gives null.

    Example:
        >>> import pyarrow as pa
        >>> from wordcount_polars import arrow
        >>> arrow.count(pa.array(["a b a", None, "ab a"]), "a").to_pylist()
        [2, None, 1]
    """
    if not isinstance(needle, str):
        raise TypeError(f"count: needle must be a str, got {type(needle).__name__}")
    pyarrow = _require_pyarrow()
    schema, array = _internal.count_arrow(as_arrow_stream(data), needle)
    return pyarrow.array(_ArrowArrayCapsules(schema, array))
