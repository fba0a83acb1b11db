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


# --- the recipes on the engines ----------------------------------------------------------------
#
# Marked `engines`: they need pyspark with Java, and ray, which are no dependency of this
# project. Outside CI a missing engine skips them; under CI (CI set) it fails them, so a CI run
# can never pass with them quietly skipped. CI runs them in their own venv (`pytest -m engines`,
# see .ci/run); the other runs deselect them with `-m "not engines"`.

ON_CI = bool(os.environ.get("CI"))


def _java_available() -> bool:
    return bool(os.environ.get("JAVA_HOME") or shutil.which("java"))


def require(module: str) -> None:
    """Skips the test when ``module`` cannot be imported (Spark also needs Java), or fails it
    under CI."""
    missing = None
    if importlib.util.find_spec(module) is None:
        missing = f"{module} is not installed"
    elif module == "pyspark" and not _java_available():
        missing = "Spark needs Java: no JAVA_HOME, no java on PATH"
    if missing is None:
        return
    if ON_CI:
        pytest.fail(f"{missing}; CI must run the {module} recipe, not skip it", pytrace=False)
    pytest.skip(f"{missing} (optional outside CI)")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """One `local[2]` session for the module's Spark tests."""
    require("pyspark")
    from pyspark.sql import SparkSession

    with pytest.MonkeyPatch.context() as patch:
        # Spark's Python workers start in the JVM's working directory and run this interpreter:
        # a temporary directory keeps the source tree off their sys.path.
        patch.chdir(tmp_path_factory.mktemp("spark"))
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[2]")
            .appName("wordcount_polars-recipe")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate()
        )
        try:
            yield session
        finally:
            session.stop()


@pytest.fixture(scope="module")
def ray_local(tmp_path_factory):
    """A local Ray with two CPUs for the module's Ray tests."""
    require("ray")
    import ray

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("ray"))
        ray.init(num_cpus=2, include_dashboard=False)
        try:
            yield ray
        finally:
            ray.shutdown()


@pytest.mark.engines
def test_spark_recipe_on_local_session(spark) -> None:
    # Small Arrow batches: each task sees several.
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "3")
    try:
        df = spark.createDataFrame(list(enumerate(ROWS)), "id long, text string")
        counted = RECIPES.count_with_spark(df.repartition(2), "a")
        assert counted.schema.simpleString() == "struct<id:bigint,text:string,n:bigint>"
        rows = sorted(counted.collect(), key=lambda row: row["id"])
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")

    assert [row["text"] for row in rows] == ROWS
    assert [row["n"] for row in rows] == EXPECTED


@pytest.mark.engines
def test_ray_recipe_on_local_ray(ray_local) -> None:
    dataset = ray_local.data.from_arrow(pa.table({"id": range(len(ROWS)), "text": ROWS}))
    rows = sorted(RECIPES.count_with_ray(dataset, "a").take_all(), key=lambda r: r["id"])

    assert [row["text"] for row in rows] == ROWS
    assert [row["n"] for row in rows] == EXPECTED


# --- the recipes on a real corpus, against the Polars path -----------------------------------
#
# benchmarks/corpora.py's seeded Unicode corpus (accents, CJK, emoji, other scripts, non-ASCII
# whitespace), 16 MB of text with every 50th row null, as a folder of four Parquet files of
# several row groups each: Spark and Ray read it with their own Parquet readers and split it
# into tasks their own way. For every needle, every row's count must equal the Polars path's,
# and so must the total. The needles are counted in one pass of the engine: the recipe applied
# once per needle, each into its own column.

CORPUS_MB = 16
CORPUS_FILES = 4
CORPUS_NEEDLES = ("the", "東京", "🙂", "quokka", "wombat")


def needle_column(i: int) -> str:
    return f"n{i}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, pl.DataFrame]:
    """The corpus' folder, and the Polars path's counts per row (columns id, then one per
    needle, named by needle_column)."""
    sys.path.insert(0, str(DOC.parent.parent / "benchmarks"))
    try:
        from corpora import generate
    finally:
        sys.path.pop(0)
    text = pl.Series("text", generate("unicode", CORPUS_MB * 1_000_000, seed=7))
    frame = pl.DataFrame({"id": pl.int_range(len(text), eager=True, dtype=pl.Int64), "text": text})
    frame = frame.with_columns(
        text=pl.when(pl.col("id") % 50 == 7).then(None).otherwise(pl.col("text"))
    )
    folder = tmp_path_factory.mktemp("corpus")
    size = -(-frame.height // CORPUS_FILES)
    for i in range(CORPUS_FILES):
        frame.slice(i * size, size).write_parquet(
            folder / f"part-{i}.parquet", row_group_size=8_000
        )
    expected = pl.scan_parquet(folder / "*.parquet").select(
        "id",
        *(pl.col("text").wc.count(n).alias(needle_column(i)) for i, n in enumerate(CORPUS_NEEDLES)),
    )
    return folder, expected.collect().sort("id")


def test_corpus_is_real(corpus) -> None:
    """The corpus is what the engine tests claim: large, several files of several row groups,
    with nulls, and the Polars path's counts agree with Python's split() on a sample of rows."""
    folder, expected = corpus
    import pyarrow.parquet as pq

    files = sorted(folder.glob("*.parquet"))
    assert len(files) == CORPUS_FILES
    assert all(pq.ParquetFile(f).metadata.num_row_groups >= 2 for f in files)
    assert expected.height == sum(pq.ParquetFile(f).metadata.num_rows for f in files) > 50_000
    assert expected["id"].to_list() == list(range(expected.height))
    text = pl.read_parquet(folder / "*.parquet").sort("id")["text"]
    assert text.null_count() == expected.height // 50 + (expected.height % 50 > 7)
    assert text.str.len_bytes().sum() > (CORPUS_MB - 1) * 1_000_000 * 49 / 50
    sample = text.gather_every(97).to_list()
    for i, needle in enumerate(CORPUS_NEEDLES):
        column = expected[needle_column(i)].gather_every(97).to_list()
        assert column == [None if t is None else t.split().count(needle) for t in sample]
    totals = [expected[needle_column(i)].sum() for i in range(len(CORPUS_NEEDLES))]
    assert totals[0] > 10_000 and totals[1] > 1_000 and totals[-1] == 0  # the, 東京, wombat


def assert_counts_equal(got: pl.DataFrame, expected: pl.DataFrame) -> None:
    got = got.sort("id")
    assert got["id"].to_list() == expected["id"].to_list()
    for i, needle in enumerate(CORPUS_NEEDLES):
        name = needle_column(i)
        assert got[name].sum() == expected[name].sum(), needle
        assert got[name].cast(pl.UInt32).to_list() == expected[name].to_list(), needle


@pytest.mark.engines
def test_spark_recipe_on_corpus(spark, corpus) -> None:
    folder, expected = corpus
    counted = spark.read.parquet(str(folder))
    for i, needle in enumerate(CORPUS_NEEDLES):
        counted = RECIPES.count_with_spark(counted, needle, out=needle_column(i))
    assert counted.rdd.getNumPartitions() >= 2  # the work really is split
    names = [needle_column(i) for i in range(len(CORPUS_NEEDLES))]
    # The totals as Spark sums them, and every row's counts.
    from pyspark.sql import functions as F

    totals = counted.agg(*(F.sum(name).alias(name) for name in names)).collect()[0]
    assert [totals[name] for name in names] == [expected[n].sum() for n in names]
    assert_counts_equal(pl.from_arrow(counted.select("id", *names).toArrow()), expected)


@pytest.mark.engines
def test_ray_recipe_on_corpus(ray_local, corpus) -> None:
    folder, expected = corpus
    counted = ray_local.data.read_parquet(str(folder))
    for i, needle in enumerate(CORPUS_NEEDLES):
        counted = RECIPES.count_with_ray(counted, needle, out=needle_column(i))
    names = [needle_column(i) for i in range(len(CORPUS_NEEDLES))]
    # Ray chooses the blocks (map_batches' default batch_size, None, is one batch per block) and
    # runs the recipe in its worker processes.
    tables = ray_local.get(counted.select_columns(["id", *names]).to_arrow_refs())
    assert_counts_equal(pl.concat([pl.from_arrow(t) for t in tables]), expected)
    # The totals as Ray sums them.
    totals = counted.sum(names)
    assert [totals[f"sum({name})"] for name in names] == [expected[n].sum() for n in names]
