"""Polars streaming: `scan_parquet -> with_columns(wc...) -> sink_parquet` is correct, and on
about 1 GB of text its peak memory stays under 1 GB.

The big test runs when the environment variable CI is set (CI sets CI=true) or WORDCOUNT_SLOW=1;
its files (about 90 MB on disk, as the repeated text compresses well) are removed afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from reference import LOOK_ALIKES, PY_WHITESPACE, split_count

import wordcount_polars  # noqa: F401
from wordcount_polars.sample import sample_rows

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

NEEDLE = "a"
# Distinct rows; the files repeat them, so the expected counts are the reference's counts of
# each template times its number of repetitions.
TEMPLATES: list[str | None] = [
    *sample_rows(n_rows=60, words_per_row=14, seed=7),
    None,
    "",
    "a" + "".join(PY_WHITESPACE) + "a",
    *(f"a{c}a a" for c in LOOK_ALIKES),
    "東京 a 🙂 a\u3000a",
]


def write_repeated(path: Path, templates: list[str | None], times_per_write: int, writes: int):
    """A parquet file holding ``templates`` repeated ``times_per_write * writes`` times, written
    one row group at a time, so that writing it needs only one block in memory."""
    block = pa.table({"text": pa.array(templates * times_per_write, type=pa.large_string())})
    # No dictionary encoding: every row is stored, and read back, as its own string.
    with pq.ParquetWriter(path, block.schema, use_dictionary=False, compression="snappy") as w:
        for _ in range(writes):
            w.write_table(block)


def expected_counts(templates: list[str | None], repetitions: int) -> Counter:
    """How many rows have each count value (None for a null text)."""
    counts: Counter = Counter()
    for template in templates:
        counts[split_count(template, NEEDLE)] += repetitions
    return counts


def text_bytes(templates: list[str | None]) -> int:
    return sum(len(t.encode()) for t in templates if t is not None)


def test_sink_parquet_is_correct_row_by_row(tmp_path) -> None:
    """A few MB through the streaming engine, checked row by row against the reference."""
    source, sink = tmp_path / "in.parquet", tmp_path / "out.parquet"
    repetitions = 1_000  # about 4 MB of text, in four row groups
    write_repeated(source, TEMPLATES, times_per_write=250, writes=repetitions // 250)
    needles = {0: "a", 1: "the", 2: None, 3: "東京"}

    (
        pl.scan_parquet(source)
        .with_row_index("row")
        .with_columns(
            needle=(pl.col("row") % len(needles)).replace_strict(needles, return_dtype=pl.String)
        )
        .with_columns(
            n=pl.col("text").wc.count(NEEDLE),
            per_row=pl.col("text").wc.count(pl.col("needle")),
            words=pl.col("text").wc.words(),
        )
        .sink_parquet(sink)
    )

    out = pl.read_parquet(sink)
    texts = (TEMPLATES * repetitions)[: out.height]
    assert out.height == len(TEMPLATES) * repetitions
    assert out["text"].to_list() == texts
    assert out["n"].dtype == pl.UInt32
    assert out["n"].to_list() == [split_count(t, NEEDLE) for t in texts]
    assert out["per_row"].to_list() == [
        split_count(t, n) for t, n in zip(texts, out["needle"].to_list())
    ]
    assert out["words"].to_list() == [None if t is None else len(t.split()) for t in texts]


# Runs in a fresh interpreter, whose peak RSS is read from VmHWM in /proc/self/status: the peak of
# this program image, which starts afresh at exec. Not ru_maxrss: at exec Linux folds the peak of
# the address space being left into it, and subprocess starts the child with vfork, in pytest's
# address space, so ru_maxrss would be at least pytest's own peak so far (about 1 GB after the
# 100 MB-row tests of the full suite; the pipeline alone peaks near 600 MB). The working directory
# is the temporary one, so the installed package is imported, not the source tree.
PIPELINE = textwrap.dedent(
    """
    import json, sys
    import polars as pl
    import wordcount_polars

    source, sink = sys.argv[1], sys.argv[2]
    (
        pl.scan_parquet(source)
        .with_columns(n=pl.col("text").wc.count({needle!r}))
        .sink_parquet(sink)
    )
    with open("/proc/self/status") as status:
        peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    peak_bytes = peak_kib * 1024

    totals = (
        pl.scan_parquet(sink)
        .select(
            rows=pl.len(),
            total=pl.col("n").sum(),
            text_bytes=pl.col("text").str.len_bytes().sum(),
        )
        .collect()
        .row(0, named=True)
    )
    histogram = pl.scan_parquet(sink).group_by("n").agg(rows=pl.len()).collect().rows()
    print(json.dumps({{"peak_bytes": peak_bytes, "histogram": histogram, **totals}}))
    """
).format(needle=NEEDLE)

ONE_GB = 1_000_000_000


@pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("WORDCOUNT_SLOW") == "1"),
    reason="1 GB streaming test: runs when CI or WORDCOUNT_SLOW=1 is set",
)
@pytest.mark.skipif(sys.platform != "linux", reason="reads the peak RSS from /proc/self/status")
def test_streaming_one_gigabyte_keeps_memory_bounded(tmp_path) -> None:
    source, sink = tmp_path / "big.parquet", tmp_path / "big-out.parquet"
    times_per_write = 2_000  # blocks of about 8 MB of text
    writes = -(-ONE_GB // (text_bytes(TEMPLATES) * times_per_write))
    repetitions = times_per_write * writes
    try:
        write_repeated(source, TEMPLATES, times_per_write, writes)
        child = subprocess.run(
            [sys.executable, "-c", PIPELINE, str(source), str(sink)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert child.returncode == 0, child.stderr
        report = json.loads(child.stdout)
    finally:
        source.unlink(missing_ok=True)
        sink.unlink(missing_ok=True)

    expected = expected_counts(TEMPLATES, repetitions)
    assert text_bytes(TEMPLATES) * repetitions >= ONE_GB
    assert report["rows"] == len(TEMPLATES) * repetitions
    assert report["text_bytes"] == text_bytes(TEMPLATES) * repetitions
    assert report["total"] == sum(n * rows for n, rows in expected.items() if n is not None)
    assert Counter(dict(report["histogram"])) == expected
    # Printed for the record (docs/scaling.md quotes a run); shown with `pytest -s`.
    print(f"\npeak RSS of the streaming pipeline: {report['peak_bytes'] / 1e6:.0f} MB")
    assert report["peak_bytes"] < ONE_GB
