"""Writes the benchmark corpora for the kernel-scan harness: ``<name>.txt`` (the rows' UTF-8
bytes, concatenated) and ``<name>.offsets`` (little-endian u64 row offsets, one more than rows).

    python benchmarks/kernel_scan/dump_corpus.py [--mb 64] [--seed 0]

Same generator, size and seed as ``benchmarks/run.py``, so the rows are the ones in
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import corpora  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=64)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = HERE / "target" / "corpora"
    out.mkdir(parents=True, exist_ok=True)
    for name in corpora.NAMES:
        try:
            rows = corpora.load(name, int(args.mb * 1e6), args.seed)
        except FileNotFoundError as missing:
            print(f"{name}: skipped, {missing}")
            continue
        array = pa.concat_arrays([c.cast(pa.large_string()) for c in rows.chunks])
        offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)
        offsets = offsets[array.offset : array.offset + len(array) + 1]
        data = array.buffers()[2].to_pybytes()[offsets[0] : offsets[-1]]
        (offsets - offsets[0]).astype("<u8").tofile(out / f"{name}.offsets")
        (out / f"{name}.txt").write_bytes(data)
        print(f"{name}: {len(array):,} rows, {len(data):,} bytes -> {out}")


if __name__ == "__main__":
    main()
