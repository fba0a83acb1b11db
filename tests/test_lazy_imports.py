"""``import wordcount_polars`` imports neither pandas nor pyarrow, and ``pd.Series.wc`` is there
whichever of the two a program imports first. Each case runs in a fresh interpreter, since this
one has imported everything already."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import wordcount_polars

# The child imports the same package as this process: the source tree or the installed one.
PACKAGE_ROOT = str(Path(wordcount_polars.__file__).resolve().parent.parent)

# The accessor must count, not merely exist: compared with str.split() in the child.
USE_THE_ACCESSOR = """
import pandas as pd
texts = ["a b a", None, "a"]
counts = pd.Series(texts, dtype=object).wc.count("a").tolist()
expected = [float(t.split().count("a")) if t is not None else None for t in texts]
assert [None if c != c else c for c in counts] == expected, counts
print("counted")
"""


def run_child(code: str, tmp_path: Path) -> list[str]:
    environment = {**os.environ, "PYTHONPATH": PACKAGE_ROOT}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_import_alone_imports_neither_pandas_nor_pyarrow(tmp_path: Path) -> None:
    code = """
    import sys
    import polars as pl
    import wordcount_polars
    from wordcount_polars import arrow  # imports pyarrow only when called
    assert pl.select(pl.lit("a b a").wc.count("a")).item() == 2
    print(wordcount_polars.__file__)
    print(sorted(name for name in ("pandas", "pyarrow") if name in sys.modules))
    """
    lines = run_child(code, tmp_path)
    assert lines[0].startswith(PACKAGE_ROOT)
    assert lines[1] == "[]"


@pytest.mark.parametrize(
    "imports",
    ["import wordcount_polars\nimport pandas", "import pandas\nimport wordcount_polars"],
    ids=["wordcount_polars-first", "pandas-first"],
)
def test_accessor_is_registered_in_either_import_order(imports: str, tmp_path: Path) -> None:
    assert run_child(imports + "\n" + USE_THE_ACCESSOR, tmp_path) == ["counted"]


def test_pandas_imported_by_another_package_gets_the_accessor(tmp_path: Path) -> None:
    pytest.importorskip("dask.dataframe")
    code = "import wordcount_polars\nimport dask.dataframe\n" + USE_THE_ACCESSOR
    assert run_child(code, tmp_path) == ["counted"]


def test_the_import_hook_leaves_no_trace_once_pandas_is_imported(tmp_path: Path) -> None:
    code = """
    import sys
    import wordcount_polars
    print(sum(type(f).__module__ == "wordcount_polars._pandas_hook" for f in sys.meta_path))
    import pandas
    print(sum(type(f).__module__ == "wordcount_polars._pandas_hook" for f in sys.meta_path))
    # pandas' module and spec name its own loader again.
    print(type(pandas.__loader__).__module__, type(pandas.__spec__.loader).__module__)
    import importlib
    importlib.reload(pandas)
    print("reloaded")
    """
    lines = run_child(code, tmp_path)
    assert lines[:2] == ["1", "0"]
    assert "wordcount_polars" not in lines[2]
    assert lines[3] == "reloaded"


def test_a_failed_pandas_import_leaves_the_hook_for_the_next_attempt(tmp_path: Path) -> None:
    # A stand-in `pandas` found first, which fails to import; then the real one.
    fake = tmp_path / "fake"
    (fake / "pandas").mkdir(parents=True)
    (fake / "pandas" / "__init__.py").write_text('raise ImportError("the stand-in fails")\n')
    code = f"""
    import sys
    sys.path.insert(0, {str(fake)!r})
    import wordcount_polars
    try:
        import pandas
    except ImportError as error:
        print(error)
    sys.path.remove({str(fake)!r})
    """
    lines = run_child(textwrap.dedent(code) + USE_THE_ACCESSOR, tmp_path)
    assert lines == ["the stand-in fails", "counted"]
