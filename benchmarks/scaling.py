"""Counts one needle in one Parquet corpus with Polars, Dask, Spark and Ray, on this machine.

docs/scaling.md quotes its output. Every engine reads the same folder of Parquet files with
its own reader and sums the counts of the same needle; the totals must all equal the Polars
path's, or the script exits non-zero. Each engine is timed as a user meets it: starting it (a
session, a cluster), then the count from the files to the total, a first time (which also starts
its worker processes) and then ``--repeats`` more times, of which the median is given.

    pip install dist/*.whl pyspark ray "pandas>=2.2,<3" "dask[dataframe,distributed]"
    python benchmarks/scaling.py --mb 256 --needle the

Spark also needs Java (17 here). Engines run in this order in one process: polars,
polars-streaming, dask, spark, ray; ``--engines`` picks some.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "scaling.md"
ENGINES = ("polars", "polars-streaming", "dask", "spark", "ray")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def recipes() -> types.SimpleNamespace:
    """The Spark and Ray recipes, executed out of docs/scaling.md (as the tests do)."""
    blocks = re.findall(r"```python\n(# recipe:.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    module = types.ModuleType("scaling_recipes")
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), module.__dict__)
    return types.SimpleNamespace(**module.__dict__)


def write_corpus(
    folder: Path, corpus: str, mb: float, files: int, row_group_rows: int
) -> dict[str, Any]:
    """``mb`` MB of text of corpus ``corpus`` (seed 0), as ``files`` Parquet files in
    ``folder`` with columns id and text."""
    import polars as pl

    sys.path.insert(0, str(HERE))
    from corpora import generate

    text = pl.Series("text", generate(corpus, int(mb * 1_000_000), seed=0))
    frame = pl.DataFrame({"id": pl.int_range(len(text), eager=True, dtype=pl.Int64), "text": text})
    size = -(-frame.height // files)
    for i in range(files):
        part = frame.slice(i * size, size)
        part.write_parquet(folder / f"part-{i:03}.parquet", row_group_size=row_group_rows)
    return {
        "corpus": corpus,
        "text_bytes": int(text.str.len_bytes().sum()),
        "rows": len(text),
        "files": files,
        "parquet_bytes": sum(f.stat().st_size for f in folder.glob("*.parquet")),
        "row_group_rows": row_group_rows,
    }


def time_engine(start: Callable[[], Any], count: Callable[[Any], int], repeats: int) -> dict:
    t0 = time.perf_counter()
    handle = start()
    started = time.perf_counter() - t0
    t0 = time.perf_counter()
    total = count(handle)
    first = time.perf_counter() - t0
    again = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        assert count(handle) == total, "the same count gave another total"
        again.append(time.perf_counter() - t0)
    return {
        "start_s": round(started, 3),
        "first_s": round(first, 3),
        "median_s": round(statistics.median(again), 3) if again else None,
        "runs_s": [round(s, 3) for s in again],
        "total": total,
        "handle": handle,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=256, help="MB of text (default 256)")
    parser.add_argument("--corpus", default="unicode", help="benchmarks/corpora.py corpus")
    parser.add_argument("--needle", default="the")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--files", type=int, default=8, help="Parquet files (default 8)")
    parser.add_argument("--row-group-rows", type=int, default=100_000)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {sorted(unknown)}")

    import polars as pl

    import wordcount_polars

    needle = args.needle
    load_before = [round(x, 2) for x in os.getloadavg()]
    folder = Path(tempfile.mkdtemp(prefix="wordcount-scaling-"))
    path = folder / "*.parquet"  # Polars and Dask read the glob, Spark and Ray the folder
    log(f"writing {args.mb} MB of the {args.corpus} corpus to {folder}")
    data = write_corpus(folder, args.corpus, args.mb, args.files, args.row_group_rows)
    log(json.dumps(data))
    r = recipes()
    results: dict[str, dict] = {}

    def run(name: str, start: Callable[[], Any], count: Callable[[Any], int], stop=None) -> None:
        if name not in engines:
            return
        log(f"--- {name}")
        result = time_engine(start, count, args.repeats)
        handle = result.pop("handle")
        if stop is not None:
            stop(handle)
        results[name] = result
        log(json.dumps(result))

    text = pl.col("text").wc.count(needle).sum()
    run(
        "polars",
        lambda: None,
        lambda _: pl.read_parquet(path, columns=["text"]).select(text).item(),
    )
    run(
        "polars-streaming",
        lambda: None,
        lambda _: pl.scan_parquet(path).select(text).collect(engine="streaming").item(),
    )

    def dask_start():
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
        return cluster, Client(cluster)

    def dask_count(handle) -> int:
        import dask.dataframe as dd

        import wordcount_polars.dask  # noqa: F401  (registers .wc on Dask Series)

        ddf = dd.read_parquet(str(path), columns=["text"], split_row_groups=True)
        return int(ddf["text"].wc.count(needle).sum().compute())

    def dask_stop(handle) -> None:
        cluster, client = handle
        client.close()
        cluster.close()

    run("dask", dask_start, dask_count, dask_stop)

    def spark_start():
        from pyspark.sql import SparkSession

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        return (
            SparkSession.builder.master("local[2]")
            .appName("wordcount_polars-scaling")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "4g")
            .getOrCreate()
        )

    def spark_count(spark) -> int:
        counted = r.count_with_spark(spark.read.parquet(str(folder)), needle)
        return int(counted.agg({"n": "sum"}).collect()[0][0])

    run("spark", spark_start, spark_count, lambda spark: spark.stop())

    def ray_start():
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        return ray

    def ray_count(ray) -> int:
        return int(r.count_with_ray(ray.data.read_parquet(str(folder)), needle).sum("n"))

    run("ray", ray_start, ray_count, lambda ray: ray.shutdown())

    reference = next(iter(results.values()))["total"] if results else None
    versions = {"wordcount_polars": wordcount_polars.__version__, "polars": pl.__version__}
    for module in ("dask", "pyspark", "ray", "pyarrow", "pandas"):
        try:
            versions[module] = __import__(module).__version__
        except ImportError:
            pass
    report = {
        "command": " ".join(["python", "benchmarks/scaling.py", *(argv or sys.argv[1:])]),
        "machine": f"{platform.processor() or platform.machine()}, nproc {os.cpu_count()}",
        "python": platform.python_version(),
        "loadavg_before_after": [load_before, [round(x, 2) for x in os.getloadavg()]],
        "versions": versions,
        "data": data,
        "needle": needle,
        "results": results,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print("\n| engine | start (s) | first count (s) | median count (s) | MB/s | total |")
    print("|---|---|---|---|---|---|")
    for name, res in results.items():
        median = res["median_s"] or res["first_s"]
        rate = data["text_bytes"] / 1e6 / median
        print(
            f"| {name} | {res['start_s']} | {res['first_s']} | {median} | {rate:,.0f} "
            f"| {res['total']:,} |"
        )
    wrong = {n: res["total"] for n, res in results.items() if res["total"] != reference}
    if wrong:
        log(f"totals differ from the first engine's ({reference}): {wrong}")
        return 1
    for file in folder.iterdir():
        file.unlink()
    folder.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
