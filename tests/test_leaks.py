"""Repeated calls do not leak: 1,000 rounds of the main entry points leave the peak resident
memory of the process where the warm-up left it, within a few MB.

The check runs in a child process so that nothing else the test session has done (or will do)
moves its peak. Peak RSS (``ru_maxrss``) only ever grows, so "peak after 1,000 rounds minus peak
after warm-up" is the most any leak could have added, from Rust, Arrow or Python alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# ru_maxrss is in KB on Linux (bytes on macOS; Windows has no `resource`).
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads ru_maxrss in KB")

ROWS = 10_000
WARM_UP_ROUNDS = 50
ROUNDS = 1_000
# The five calls per round; each returns at least ROWS * 4 bytes of UInt32 counts (pandas'
# int64 / float64 results are 8 bytes a row), and the Arrow call also imports a freshly built
# text array, so a leaked result or a leaked import grows memory by at least 40 KB per call:
# 40 MB over 1,000 rounds, or 200 MB if every call leaks its result. Warm-up already fills the
# allocator's free lists and Polars' caches, so an honest run stays within a few hundred KB
# (measured: 0.3 MB); 8 MB leaves room for allocator noise and still catches a leak of a fifth
# of a single result per round.
MAX_GROWTH_KB = 8 * 1024

CHILD = f"""
import json, resource
import pandas as pd, polars as pl, pyarrow as pa, pyarrow.compute as pc
import wordcount_polars
from wordcount_polars import arrow
from wordcount_polars.sample import sample_rows

rows = sample_rows(n_rows={ROWS}, words_per_row=2, seed=3)
frame = pl.DataFrame({{"text": rows}})
series = pd.Series(rows, dtype="str")
large_strings = pa.array(rows, type=pa.large_string())
needles = ["the", "data", "café"]

def one_round():
    frame.select(pl.col("text").wc.count("the"))
    frame.select(pl.col("text").wc.count_many(needles))
    frame.select(pl.col("text").wc.top_words(10))
    series.wc.count("the")
    # A new array each time, so that an import that is never released shows as growth.
    arrow.count(pc.utf8_lower(large_strings), "the")

def peak_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux

for _ in range({WARM_UP_ROUNDS}):
    one_round()
after_warm_up = peak_kb()
for _ in range({ROUNDS}):
    one_round()
print(json.dumps({{"after_warm_up": after_warm_up, "after_rounds": peak_kb()}}))
"""


def test_repeated_calls_do_not_grow_peak_rss(tmp_path: Path) -> None:
    # cwd outside the repository, so the child imports the installed package.
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    peaks = json.loads(done.stdout)
    growth_kb = peaks["after_rounds"] - peaks["after_warm_up"]
    assert growth_kb < MAX_GROWTH_KB, f"peak RSS grew by {growth_kb} KB over {ROUNDS} rounds"
