"""Measurement subprocess: one method's peak memory, or our path's time under a thread limit.

Run by ``measure.run_child``; prints one JSON line. A fresh process per measurement keeps peaks
and thread pools independent: POLARS_MAX_THREADS is read once, when Polars (and our plugin's
copy of its thread pool) starts.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics

import pyarrow as pa
from measure import peak_rss_kb, proc_status_kb, reset_peak_rss, timed
from methods import Inputs, by_name, ours_polars

# Representations that copy the text out of the Arrow table: the table is dropped after
# building them, so the baseline holds one copy of the data, as a real session would.
COPIES = ("polars", "python", "bytes", "duckdb")


def load_rows(path: str) -> pa.ChunkedArray:
    # Read into ordinary (anonymous) memory, not a memory map: mapped pages would only become
    # resident when the measured method first touches them and be billed to it.
    with pa.OSFile(path) as source:
        return pa.ipc.open_file(source).read_all().column("text")


def measure_memory(path: str, reads: str, method: str | None, needle: str) -> dict[str, object]:
    rows = load_rows(path)
    # A one-row copy (not a slice, which would keep the whole column's buffers alive).
    one_row = Inputs(pa.chunked_array([pa.array(rows.slice(0, 1).to_pylist(), rows.type)]))
    inputs = Inputs(rows)
    data = inputs.get(reads)
    if reads in COPIES:
        inputs.rows = None  # type: ignore[assignment]
    del rows
    if reads == "polars":
        # Polars starts its query engine (thread pool, code pages) on the first query of a
        # process, about 8 MB that any Polars expression pays, native or plugin. Start it in
        # every child that reads a DataFrame, the baseline too, so that a method's first call
        # is billed only for what it loads itself.
        import polars as pl

        pl.DataFrame({"x": [1]}).select(pl.col("x").sum())
    gc.collect()
    rss_built = proc_status_kb("VmRSS")
    seconds = None
    fn = by_name(method).fn if method is not None else None
    if fn is not None:
        # Warm up on the one-row input: the first call pays once for loading code and starting
        # thread pools (about 5 MB for our plugin), which says nothing about the column's cost.
        fn(one_row.get(reads), needle)
        gc.collect()
    rss_before = proc_status_kb("VmRSS")
    reset_ok = reset_peak_rss()
    if fn is not None:
        seconds, _result = timed(lambda: fn(data, needle))
    return {
        "rss_built_kb": rss_built,
        "rss_before_kb": rss_before,
        "peak_kb": peak_rss_kb(),
        "peak_reset": reset_ok,
        "seconds": seconds,
    }


def measure_threads(path: str, needle: str, repeats: int) -> dict[str, object]:
    import polars as pl

    df = Inputs(load_rows(path)).polars
    ours_polars(df, needle)  # warm-up: loads the plugin
    times = [timed(lambda: ours_polars(df, needle))[0] for _ in range(repeats)]
    return {"median_s": statistics.median(times), "threads": pl.thread_pool_size()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("memory", "threads"))
    parser.add_argument("--ipc", required=True, help="Arrow IPC file with a 'text' column")
    parser.add_argument("--needle", required=True)
    parser.add_argument("--reads", default="polars", help="Inputs representation to build")
    parser.add_argument("--method", help="registry method name; omitted = baseline")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.mode == "memory":
        report = measure_memory(args.ipc, args.reads, args.method, args.needle)
    else:
        report = measure_threads(args.ipc, args.needle, args.repeats)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
