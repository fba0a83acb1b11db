# Type stub for the compiled Rust module `wordcount_polars._internal` (src/lib.rs).
# Keep in sync with the #[pyfunction]s registered there; tests/test_stub.py checks it.
from typing import Any

__version__: str

def count_arrow(data: Any, needle: str) -> tuple[object, object]:
    """Whole-word counts of `needle` in Arrow string data (any `__arrow_c_stream__` object).

    Returns the `(arrow_schema, arrow_array)` capsules of a UInt32 array.
    """
