"""Refuse to import beside a Python polars outside the tested range.

A plugin built on the polars 0.55 crates loads through Polars' stable plugin interface, but only
the range below is tested. Outside it the failure would otherwise come at first use, as a
cryptic plugin-version or FFI error, or worse, not at all.
"""

from __future__ import annotations

import re

# Keep in sync with the `polars` requirement in pyproject.toml (a test checks this).
MIN_POLARS = (1, 34, 0)
BELOW_POLARS = (3, 0, 0)
SUPPORTED_RANGE = "polars>=1.34,<3"


def parse_version(version: str) -> tuple[int, int, int]:
    """The numeric (major, minor, patch) of a version string such as '2.1.0' or '1.34.0b1'."""
    numbers = [int(p) for p in re.findall(r"\d+", version)[:3]]
    numbers += [0] * (3 - len(numbers))
    return numbers[0], numbers[1], numbers[2]


def check_polars_version(version: str) -> None:
    """Raise ImportError naming the supported range when ``version`` is outside it."""
    if not MIN_POLARS <= parse_version(version) < BELOW_POLARS:
        raise ImportError(
            f"wordcount_polars supports {SUPPORTED_RANGE}, but polars {version} is installed; "
            f'install a supported version, e.g. pip install "{SUPPORTED_RANGE}"'
        )
