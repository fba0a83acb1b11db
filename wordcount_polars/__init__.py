"""wordcount_polars: exact whole-word counts for Polars and pandas text columns, in Rust.

``import wordcount_polars`` registers the ``.wc`` namespace on Polars expressions and, when
pandas is installed, the ``.wc`` accessor on pandas Series. Both run the same Rust kernel.
pandas and pyarrow are not imported here: the accessor is registered when pandas is imported,
before or after this package (see ``_pandas_hook``).
"""

from __future__ import annotations

import polars as _polars

from wordcount_polars._version_guard import check_polars_version

check_polars_version(_polars.__version__)

from wordcount_polars import _pandas_hook  # noqa: E402
from wordcount_polars import namespace as _namespace  # noqa: E402, F401  (registers pl.Expr.wc)
from wordcount_polars._internal import __version__  # noqa: E402
from wordcount_polars.functions import (  # noqa: E402
    bytes,
    chars,
    count,
    count_many,
    frequencies,
    lines,
    split,
    top_words,
    words,
)
from wordcount_polars.typed import WcExpr, col  # noqa: E402

_pandas_hook.register_pandas_accessor()

__all__ = [
    "WcExpr",
    "__version__",
    "bytes",
    "chars",
    "col",
    "count",
    "count_many",
    "frequencies",
    "lines",
    "split",
    "top_words",
    "words",
]
