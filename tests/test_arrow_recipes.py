"""`wordcount_polars.arrow` on every Arrow producer it claims to read, and the Spark `mapInArrow`
and Ray `map_batches` recipes of docs/scaling.md, executed from the page itself."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
import types
from pathlib import Path

import polars as pl
import pytest
from reference import LOOK_ALIKES, PY_WHITESPACE, split_count

from wordcount_polars import arrow

pa = pytest.importorskip("pyarrow")

DOC = Path(__file__).resolve().parent.parent / "docs" / "scaling.md"

ROWS = [
    "a b a",
    None,
    "",
    "a" + "".join(PY_WHITESPACE) + "a",
    *(f"a{c}a a" for c in LOOK_ALIKES),
    "東京 a 🙂 a\u3000a",
    "café a",
    "A a",
]
EXPECTED = [split_count(t, "a") for t in ROWS]


def load_recipes() -> types.SimpleNamespace:
    """Executes every ```python block of docs/scaling.md that starts with `# recipe:`.

    The functions are defined in a module that is not in sys.modules, so Spark's cloudpickle
    ships them by value to its Python workers, as it would ship a user's script."""
    blocks = re.findall(r"```python\n(# recipe:.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 2, "docs/scaling.md should hold the Spark and the Ray recipe"
    module = types.ModuleType("scaling_recipes")
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), module.__dict__)
    return types.SimpleNamespace(**module.__dict__)


RECIPES = load_recipes()


# --- arrow.count on each Arrow producer ------------------------------------------------------

STRING_TYPES = {"string": pa.string(), "large_string": pa.large_string()}
if hasattr(pa, "string_view"):
    STRING_TYPES["string_view"] = pa.string_view()


@pytest.mark.parametrize("arrow_type", STRING_TYPES.values(), ids=STRING_TYPES.keys())
def test_count_on_pyarrow_arrays(arrow_type) -> None:
    data = pa.array(ROWS, type=arrow_type)
    result = arrow.count(data, "a")
    assert result.type == pa.uint32()
    assert result.to_pylist() == EXPECTED


@pytest.mark.parametrize("arrow_type", STRING_TYPES.values(), ids=STRING_TYPES.keys())
def test_count_on_sliced_and_chunked_arrays(arrow_type) -> None:
    whole = pa.array(ROWS, type=arrow_type)
    # A slice has a non-zero offset into its buffers.
    assert arrow.count(whole.slice(2, 5), "a").to_pylist() == EXPECTED[2:7]
    chunked = pa.chunked_array(
        [whole.slice(0, 3), pa.array([], type=arrow_type), whole.slice(3)], type=arrow_type
    )
    assert chunked.num_chunks == 3
    assert arrow.count(chunked, "a").to_pylist() == EXPECTED


def test_count_on_polars_series() -> None:
    series = pl.Series("text", ROWS)
    assert hasattr(series, "__arrow_c_stream__")
    assert arrow.count(series, "a").to_pylist() == EXPECTED
    # Several chunks in the Series.
    rechunked = pl.concat([series.slice(0, 4), series.slice(4)], rechunk=False)
    assert rechunked.n_chunks() == 2
    assert arrow.count(rechunked, "a").to_pylist() == EXPECTED


def test_count_on_duckdb_results() -> None:
    duckdb = pytest.importorskip("duckdb")
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t (i INTEGER, text VARCHAR)")
        connection.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(ROWS)))
        relation = connection.sql("SELECT text FROM t ORDER BY i")
        # A relation's Arrow stream is a table (a struct per row); its column is the string data.
        column = relation.to_arrow_table().column("text")
        assert arrow.count(column, "a").to_pylist() == EXPECTED
        # to_arrow_reader is newer than duckdb 1.4 (the newest on Python 3.9), which has only
        # fetch_arrow_reader; both take the batch size.
        reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
        per_batch = [arrow.count(batch.column("text"), "a").to_pylist() for batch in reader(3)]
        assert [n for counts in per_batch for n in counts] == EXPECTED


# --- the recipes' per-batch functions, without Spark or Ray -----------------------------------


def record_batches(arrow_type) -> list:
    ids = pa.array(range(len(ROWS)), type=pa.int64())
    text = pa.array(ROWS, type=arrow_type)
    whole = pa.RecordBatch.from_arrays([ids, text], names=["id", "text"])
    return [whole.slice(0, 4), whole.slice(4, 0), whole.slice(4)]


@pytest.mark.parametrize("arrow_type", STRING_TYPES.values(), ids=STRING_TYPES.keys())
def test_spark_recipe_batch_function(arrow_type) -> None:
    batches = record_batches(arrow_type)
    out = list(RECIPES.count_in_batches(iter(batches), "a", text="text", out="n"))

    assert [b.num_rows for b in out] == [b.num_rows for b in batches]
    for before, after in zip(batches, out):
        assert after.schema.names == ["id", "text", "n"]
        assert after.schema.field("n").type == pa.int64()
        assert after.column("text").equals(before.column("text"))
    assert [n for b in out for n in b.column("n").to_pylist()] == EXPECTED


@pytest.mark.parametrize("arrow_type", STRING_TYPES.values(), ids=STRING_TYPES.keys())
def test_ray_recipe_batch_function(arrow_type) -> None:
    table = pa.Table.from_batches(record_batches(arrow_type))
    assert table.column("text").num_chunks == 3

    out = RECIPES.count_in_table(table, "a")

    assert out.column_names == ["id", "text", "n"]
    assert out.schema.field("n").type == pa.uint32()
    assert out.column("n").to_pylist() == EXPECTED
    assert out.column("id").to_pylist() == list(range(len(ROWS)))


# --- the recipes on the engines, when they are installed -------------------------------------


def _java_available() -> bool:
    return bool(os.environ.get("JAVA_HOME") or shutil.which("java"))


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed (optional)"
)
@pytest.mark.skipif(not _java_available(), reason="Spark needs Java: no JAVA_HOME, no java")
def test_spark_recipe_on_local_session(tmp_path) -> None:
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as patch:
        # Spark's Python workers start in the JVM's working directory and run this interpreter:
        # a temporary directory keeps the source tree off their sys.path.
        patch.chdir(tmp_path)
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("wordcount_polars-recipe")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            # Small Arrow batches: each task sees several.
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "3")
            .getOrCreate()
        )
        try:
            df = spark.createDataFrame(list(enumerate(ROWS)), "id long, text string")
            counted = RECIPES.count_with_spark(df.repartition(2), "a")
            assert counted.schema.simpleString() == "struct<id:bigint,text:string,n:bigint>"
            rows = sorted(counted.collect(), key=lambda row: row["id"])
        finally:
            spark.stop()

    assert [row["text"] for row in rows] == ROWS
    assert [row["n"] for row in rows] == EXPECTED


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray is not installed")
def test_ray_recipe_on_local_ray(tmp_path) -> None:
    import ray

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        ray.init(num_cpus=2, include_dashboard=False)
        try:
            dataset = ray.data.from_arrow(pa.table({"id": range(len(ROWS)), "text": ROWS}))
            rows = sorted(RECIPES.count_with_ray(dataset, "a").take_all(), key=lambda r: r["id"])
        finally:
            ray.shutdown()

    assert [row["text"] for row in rows] == ROWS
    assert [row["n"] for row in rows] == EXPECTED
