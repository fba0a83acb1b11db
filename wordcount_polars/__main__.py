"""``python -m wordcount_polars``: the ``wordcount-polars`` command line (see docs/cli.md).

With no arguments it runs the demo: counts in the built-in sample corpus with Polars and pandas,
checked against Python's own ``text.split().count(needle)``.
"""

from __future__ import annotations

import sys

from wordcount_polars.cli import main

if __name__ == "__main__":
    sys.exit(main())
