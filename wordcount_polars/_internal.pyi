# Type stub for the compiled Rust module `wordcount_polars._internal` (src/lib.rs and
# src/arrow_stream.rs). Keep in sync with the #[pyfunction]s; tests/test_packaging.py checks the
# names and mypy's stubtest the signatures.
from typing import Any

# pyo3 lists the module's functions in a runtime `__all__`; stubtest checks this copy against it.
__all__ = [
    "__version__",
    "count_arrow",
    "count_many_arrow",
    "family_arrow",
    "frequencies_arrow",
    "split_arrow",
    "top_words_arrow",
]

__version__: str

def count_arrow(
    data: Any,
    needle: Any,
    *,
    ignore_case: bool = False,
    mode: str = "whitespace",
    phrase: bool = False,
) -> tuple[object, object]:
    """Whole-word counts in Arrow string data; the (arrow_schema, arrow_array) capsules of a
    UInt32 array. `needle` is a str or Arrow string data with one needle per row; with
    `phrase`, each needle is a run of tokens."""

def count_many_arrow(
    data: Any,
    needles: list[str],
    *,
    ignore_case: bool = False,
    mode: str = "whitespace",
    phrase: bool = False,
    int64_block: bool = False,
) -> Any:
    """Counts of several needles in one pass: a list of one capsule pair per needle, or with
    `int64_block` a pair (an int64 numpy array holding needle after needle, a bool numpy array
    of the rows that are not null or None when none is)."""

def family_arrow(data: Any, which: str) -> tuple[object, object]:
    """`words`, `lines`, `chars` or `bytes` of every row: a UInt32 capsule pair."""

def top_words_arrow(
    data: Any,
    k: int | None = None,
    *,
    ignore_case: bool = False,
    mode: str = "whitespace",
    exclude: list[str] = ...,
    min_count: int = 1,
) -> list[tuple[str, int]]:
    """The k most frequent tokens (all when k is None) seen at least min_count times and not
    in exclude, by count descending, then word."""

def split_arrow(data: Any, *, mode: str = "whitespace") -> list[tuple[object, object]]:
    """The tokens of every row: capsule pairs of large_list<large_string> arrays, one per
    piece of the column, in row order."""

def frequencies_arrow(
    data: Any, *, ignore_case: bool = False, mode: str = "whitespace"
) -> list[tuple[object, object]]:
    """Every row's bag of words: capsule pairs of large_list<struct<word, count>> arrays, one
    per piece of the column, in row order."""
