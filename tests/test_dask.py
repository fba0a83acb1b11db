"""`dd.Series.wc` on a real multi-process cluster and on the threaded scheduler: the same results
as the pandas accessor on the whole Series, with one dtype for every partition."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
from reference import LOOK_ALIKES, PY_WHITESPACE, count_with, split_count
from reference import top_words as reference_top_words

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import wordcount_polars.dask  # noqa: E402, F401  (registers dd.Series.wc)
from wordcount_polars.sample import sample_rows  # noqa: E402

# Rows chosen so that some partitions have missing values and others do not: with pandas'
# conventions those partitions would get float64 and int64 counts respectively.
SPECIAL_ROWS = [
    None,
    "a a a",
    "A a \u00e9 a\u3000a",
    "a" + "".join(PY_WHITESPACE) + "a",
    *(f"a{c}a a" for c in LOOK_ALIKES),
    "",
    "東京 a 東京 🙂 a",
    None,
    "café cafe\u0301 café",
]
# Of four partitions, only the first and the last have missing values.
ROWS = [None, *sample_rows(n_rows=160, words_per_row=9, seed=3), *SPECIAL_ROWS]
N_PARTITIONS = 4

DTYPES = {
    "object": object,
    "str": "str",
    "string[pyarrow]": "string[pyarrow]",
    "string[python]": "string[python]",
}


def pandas_series(dtype: object) -> pd.Series:
    # A sorted index with gaps, so the Dask Series has known divisions that are not 0..n-1.
    index = pd.Index(np.arange(len(ROWS)) * 3 + 100, name="row")
    return pd.Series(ROWS, index=index, dtype=dtype, name="text")


def dask_series(series: pd.Series, npartitions: int = N_PARTITIONS):
    # Dask would turn an object Series into string[pyarrow]; the object case must stay object.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_pandas(series, npartitions=npartitions, sort=True)


def stable_dtype(pandas_dtype: object) -> object:
    """The documented choice: pandas' int64/float64 pair becomes float64 always."""
    return np.dtype(np.float64) if pandas_dtype in (np.int64, np.float64) else pandas_dtype


def texts(series: pd.Series) -> list[str | None]:
    return [None if pd.isna(v) else v for v in series]


def plain(values: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in values]


def partition_dtypes(collection, scheduler) -> list[object]:
    parts = dask.compute(*collection.to_delayed(), scheduler=scheduler)
    return [p.dtype if isinstance(p, pd.Series) else p.dtypes.to_dict() for p in parts]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """Two worker processes with one thread each. They start with a temporary working
    directory, so that they import the installed package, not the source tree."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path_factory.mktemp("dask-workers"))
        cluster = distributed.LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None
        )
        client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _imported_accessor() -> bool:
    return "wordcount_polars.dask" in sys.modules


@pytest.mark.parametrize("dtype", DTYPES.values(), ids=DTYPES.keys())
def test_count_on_cluster_equals_pandas(client, dtype) -> None:
    series = pandas_series(dtype)
    lazy = dask_series(series).wc.count("a")
    expected = series.wc.count("a")

    result = client.compute(lazy).result()

    assert lazy.dtype == stable_dtype(expected.dtype)
    pd.testing.assert_series_equal(result, expected.astype(lazy.dtype))
    assert plain(result) == [split_count(t, "a") for t in texts(series)]
    # The work ran in the worker processes, which imported the accessor module.
    assert all(client.run(_imported_accessor).values())


@pytest.mark.parametrize("dtype", DTYPES.values(), ids=DTYPES.keys())
def test_every_partition_has_the_meta_dtype(client, dtype) -> None:
    lazy = dask_series(pandas_series(dtype)).wc.count("a")
    assert partition_dtypes(lazy, client.get) == [lazy.dtype] * N_PARTITIONS


@pytest.mark.parametrize("dtype", DTYPES.values(), ids=DTYPES.keys())
def test_count_many_and_family_on_cluster(client, dtype) -> None:
    series = pandas_series(dtype)
    ds = dask_series(series)
    needles = ["a", "the", "東京", "café"]

    many = ds.wc.count_many(needles, ignore_case=True)
    expected_many = series.wc.count_many(needles, ignore_case=True)
    result_many = client.compute(many).result()
    pd.testing.assert_frame_equal(
        result_many,
        expected_many.astype({n: stable_dtype(expected_many[n].dtype) for n in needles}),
    )
    assert partition_dtypes(many, client.get) == [many.dtypes.to_dict()] * N_PARTITIONS
    for needle in needles:
        assert plain(result_many[needle]) == [
            count_with(t, needle, ignore_case=True) for t in texts(series)
        ]

    for which in ("words", "lines", "chars", "bytes"):
        lazy = getattr(ds.wc, which)()
        expected = getattr(series.wc, which)()
        pd.testing.assert_series_equal(
            client.compute(lazy).result(), expected.astype(stable_dtype(expected.dtype))
        )


@pytest.mark.parametrize("dtype", ["string[pyarrow]", object], ids=["string[pyarrow]", "object"])
@pytest.mark.parametrize("k", [None, 0, 1, 7])
def test_top_words_tree_reduction_equals_pandas(client, dtype, k) -> None:
    series = pandas_series(dtype)
    # split_every=2 over 4 partitions: a combine level before the final aggregate.
    lazy = dask_series(series).wc.top_words(k, split_every=2)
    assert isinstance(lazy, dd.DataFrame)

    result = client.compute(lazy).result()

    pd.testing.assert_frame_equal(result, series.wc.top_words(k))
    assert list(zip(result["word"], result["count"])) == reference_top_words(texts(series), k)


@pytest.mark.parametrize("mode", ["whitespace", "words"])
def test_top_words_options_on_cluster(client, mode) -> None:
    series = pandas_series("string[pyarrow]")
    lazy = dask_series(series).wc.top_words(5, ignore_case=True, mode=mode)
    pd.testing.assert_frame_equal(
        client.compute(lazy).result(), series.wc.top_words(5, ignore_case=True, mode=mode)
    )


def test_per_row_needles_with_other_partitioning(client) -> None:
    series = pandas_series("string[pyarrow]")
    needles = pd.Series(
        ["a", "the", None, "東京"] * (len(ROWS) // 4) + ["a"] * (len(ROWS) % 4),
        index=series.index,
        dtype="string[pyarrow]",
    )
    # Three needle partitions against four text partitions: split at the text's divisions.
    lazy = dask_series(series).wc.count(dask_series(needles, npartitions=3))

    result = client.compute(lazy).result()

    pd.testing.assert_series_equal(result, series.wc.count(needles))
    assert plain(result) == [split_count(t, n) for t, n in zip(texts(series), texts(needles))]


# --- the default scheduler: threads in this process -----------------------------------------


@pytest.mark.parametrize("dtype", DTYPES.values(), ids=DTYPES.keys())
def test_threaded_scheduler(dtype) -> None:
    series = pandas_series(dtype)
    ds = dask_series(series, npartitions=5)

    count = ds.wc.count("a", mode="words")
    expected = series.wc.count("a", mode="words")
    pd.testing.assert_series_equal(
        count.compute(scheduler="threads"), expected.astype(stable_dtype(expected.dtype))
    )
    assert partition_dtypes(count, "threads") == [count.dtype] * 5
    pd.testing.assert_frame_equal(
        ds.wc.top_words(10).compute(scheduler="threads"), series.wc.top_words(10)
    )


@pytest.mark.parametrize("k", [np.int64(3), 2**63, 2**70], ids=["np.int64", "2**63", "2**70"])
def test_top_words_takes_any_whole_number_k(k) -> None:
    series = pandas_series("string[pyarrow]")
    lazy = dask_series(series).wc.top_words(k, split_every=np.int64(2))
    result = lazy.compute(scheduler="threads")
    pd.testing.assert_frame_equal(result, series.wc.top_words(k))
    assert list(zip(result["word"], result["count"])) == reference_top_words(texts(series), int(k))


def test_categorical_series() -> None:
    series = pandas_series("category")
    lazy = dask_series(series).wc.count("a")
    expected = series.wc.count("a")
    pd.testing.assert_series_equal(
        lazy.compute(scheduler="threads"), expected.astype(stable_dtype(expected.dtype))
    )
    assert partition_dtypes(lazy, "threads") == [lazy.dtype] * N_PARTITIONS


def test_partition_of_missing_values_only() -> None:
    # pandas gives such a partition's counts as an object Series of the missing values
    # themselves (as .str.count does); the Dask result stays float64, NaN for each.
    series = pd.Series(["a b a", "a", None, pd.NA, np.nan, None], dtype=object, name="text")
    ds = dask_series(series, npartitions=2)
    assert dask.compute(*ds.to_delayed())[1].isna().all()
    for lazy, expected in [
        (ds.wc.count("a"), series.wc.count("a")),
        (ds.wc.words(), series.wc.words()),
        (ds.wc.count_many(["a", "b"]), series.wc.count_many(["a", "b"])),
    ]:
        result = lazy.compute(scheduler="threads")
        if isinstance(expected, pd.Series):
            pd.testing.assert_series_equal(result, expected)
        else:
            pd.testing.assert_frame_equal(result, expected)
        assert (
            partition_dtypes(lazy, "threads")
            == [lazy.dtype if isinstance(expected, pd.Series) else lazy.dtypes.to_dict()] * 2
        )
    assert plain(ds.wc.count("a").compute(scheduler="threads")) == [
        split_count(t, "a") for t in texts(series)
    ]


def test_empty_partitions() -> None:
    series = pd.Series(["a b", None, "b"], dtype="string[pyarrow]")
    # Seven partitions for three rows: most are empty.
    ds = dd.from_pandas(series, npartitions=3).repartition(npartitions=7)
    pd.testing.assert_frame_equal(
        ds.wc.top_words(None).compute(scheduler="threads"), series.wc.top_words(None)
    )
    pd.testing.assert_series_equal(
        ds.wc.count("b").compute(scheduler="threads"), series.wc.count("b")
    )


# --- arguments are checked when the call is made, not at compute time ----------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda s: s.wc.count(3), TypeError, "needle must be a str"),
        (lambda s: s.wc.count("a", mode="lines"), ValueError, "mode must be one of"),
        (lambda s: s.wc.count("a", ignore_case=1), TypeError, "ignore_case must be a bool"),
        (lambda s: s.wc.count(s.str.len()), TypeError, "needle Series must hold strings"),
        (lambda s: s.wc.count_many([]), ValueError, "needles must not be empty"),
        (lambda s: s.wc.count_many(["a", "a"]), ValueError, "needles must be distinct"),
        (lambda s: s.wc.top_words(-1), ValueError, "k must be >= 0"),
        (lambda s: s.wc.top_words("3"), TypeError, "k must be an int or None"),
        (lambda s: s.wc.top_words(True), TypeError, "k must be an int or None, got bool"),
        (lambda s: s.wc.top_words(3, split_every=1), ValueError, "split_every must be >= 2"),
        (lambda s: s.wc.top_words(3, split_every=2.0), TypeError, "split_every must be an int"),
    ],
)
def test_bad_arguments_fail_at_call_time(call, error, message) -> None:
    ds = dask_series(pandas_series("string[pyarrow]"))
    with pytest.raises(error, match=message):
        call(ds)


def test_accessor_refuses_non_strings() -> None:
    ds = dd.from_pandas(pd.Series([1, 2, 3]), npartitions=2)
    with pytest.raises(AttributeError, match=r"Can only use \.wc accessor with string values"):
        ds.wc  # noqa: B018
