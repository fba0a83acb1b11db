"""The top words of a text file larger than memory, with Polars' streaming engine:
``frequencies -> explode -> group_by(word).sum() -> top_k``. docs/scaling.md quotes its output.

    python benchmarks/top_streaming.py --make-gb 5 --text /tmp/wc-5gb.txt   # write the file once
    python benchmarks/top_streaming.py --text /tmp/wc-5gb.txt

The file is lines of the benchmark's short and long corpora (log lines and prose), written
over and over until it reaches the size. The pipeline runs in a fresh child interpreter, which
reports its peak resident memory (``VmHWM``, see docs/scaling.md for why not ``ru_maxrss``),
its wall time and the top words; ``--check`` also counts the file in plain Python
(``collections.Counter`` over ``line.split()``) and compares.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import json, sys, time
import polars as pl
import wordcount_polars as wc

path, k = sys.argv[1], int(sys.argv[2])
start = time.perf_counter()
top = (
    pl.scan_lines(path, name="text")
    .select(wc.frequencies("text").alias("bag"))
    .explode("bag")
    .unnest("bag")
    .group_by("word")
    .agg(pl.col("count").cast(pl.UInt64).sum())
    .drop_nulls("word")  # rows without a token explode to one null entry
    .sort(["count", "word"], descending=[True, False])
    .head(k)
    .collect(engine="streaming")
)
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb * 1024 / 1e6, "top": top.rows()}))
"""


def make_file(path: Path, gigabytes: float) -> None:
    """Writes ``gigabytes`` (10^9 bytes) of corpus lines to ``path``."""
    sys.path.insert(0, str(HERE))
    import corpora

    block = (
        "\n".join(
            line.replace("\r", " ")
            for name in ("short", "long")
            for row in corpora.generate(name, 50_000_000, seed=1).to_pylist()
            for line in row.split("\n")
        ).encode()
        + b"\n"
    )
    target = int(gigabytes * 1e9)
    with open(path, "wb") as file:
        written = 0
        while written < target:
            file.write(block)
            written += len(block)


def python_top(path: Path, k: int) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8", newline="\n") as file:
        for line in file:
            counts.update(line.removesuffix("\n").removesuffix("\r").split())
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:k]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", type=Path, required=True, help="the text file")
    parser.add_argument("--make-gb", type=float, help="write a file of this many GB first")
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--check", action="store_true", help="compare with plain Python")
    args = parser.parse_args(argv)
    if args.make_gb:
        make_file(args.text, args.make_gb)
    size = args.text.stat().st_size
    print(f"{args.text}: {size / 1e9:.2f} GB")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(args.text), str(args.k)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    result = json.loads(done.stdout.splitlines()[-1])
    print(
        f"streaming frequencies -> explode -> group_by -> top {args.k}: "
        f"{result['seconds']:.1f} s ({time.perf_counter() - started:.1f} s with start-up), "
        f"peak RSS {result['peak_mb']:.0f} MB"
    )
    for word, count in result["top"]:
        print(f"{count:>14,}  {word}")
    if args.check:
        expected = python_top(args.text, args.k)
        got = [(w, c) for w, c in result["top"]]
        print("plain Python agrees" if got == expected else f"DIFFERS from Python: {expected}")
        return 0 if got == expected else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
