"""The one place that calls ``register_plugin_function``.

Every Polars expression of this package is built here, so the plugin's location and the flags
that tell Polars how to schedule it are decided once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from polars.plugins import register_plugin_function

# The compiled `_internal` library sits beside this file; Polars loads plugin symbols from it.
PLUGIN_PATH = Path(__file__).parent


def call_plugin(
    function_name: str,
    *args: pl.Expr,
    kwargs: dict[str, Any] | None = None,
    is_elementwise: bool = True,
    returns_scalar: bool = False,
) -> pl.Expr:
    """An expression that runs the Rust function ``function_name`` on ``args``.

    Row-wise functions are elementwise, which lets Polars run them on streaming batches and on
    parallel chunks.
    """
    return register_plugin_function(
        plugin_path=PLUGIN_PATH,
        function_name=function_name,
        args=list(args),
        kwargs=kwargs,
        is_elementwise=is_elementwise,
        returns_scalar=returns_scalar,
    )
