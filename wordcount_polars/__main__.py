"""``python -m wordcount_polars``: count words in the built-in sample corpus with Polars and
pandas, and check both against Python's own ``text.split().count(needle)``."""

from __future__ import annotations

import sys

import polars as pl

import wordcount_polars  # noqa: F401  (registers .wc)
from wordcount_polars.sample import sample_rows


def main(argv: list[str] | None = None) -> int:
    needles = (argv if argv is not None else sys.argv[1:]) or [
        "the",
        "data",
        "café",
        "東京",
        "missing",
    ]
    rows = sample_rows()
    df = pl.DataFrame({"text": rows})
    totals = df.select([pl.col("text").wc.count(n).sum().alias(n) for n in needles]).row(0)
    try:
        import pandas as pd
    except ImportError:
        pandas_totals = None
    else:
        s = pd.Series(rows, name="text")
        pandas_totals = [int(s.wc.count(n).sum()) for n in needles]
    print(f"{len(rows)} sample rows, {sum(len(r.encode()) for r in rows)} bytes")
    print(f"{'needle':<10} {'polars':>8} {'pandas':>8} {'python':>8}")
    ok = True
    for i, needle in enumerate(needles):
        expected = sum(row.split().count(needle) for row in rows)
        pd_total = pandas_totals[i] if pandas_totals is not None else "-"
        ok &= totals[i] == expected and pd_total in (expected, "-")
        print(f"{needle:<10} {totals[i]:>8} {pd_total!s:>8} {expected:>8}")
    print("all paths agree with text.split().count(needle)" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
