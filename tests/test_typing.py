"""Static typing: ``mypy --strict`` on the package and on a user's file, and ``stubtest`` on the
stub of the compiled module.

mypy reads the source tree (mypy.ini puts it first on its path), so these check what is in the
repository; stubtest compares the repository's ``_internal.pyi`` with the installed compiled
module. The first mypy run takes about 30 s (it analyses the polars, pandas and numpy stubs);
the others reuse its cache.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mypy.api
import pytest
import typing_user_example

ROOT = Path(__file__).resolve().parent.parent
MYPY_INI = ROOT / "mypy.ini"
USER_EXAMPLE = ROOT / "tests" / "typing_user_example.py"


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy_cache")


def run_mypy(cache: Path, *args: str) -> tuple[str, int]:
    stdout, stderr, status = mypy.api.run(
        ["--config-file", str(MYPY_INI), "--cache-dir", str(cache), "--strict", *args]
    )
    return stdout + stderr, status


def test_mypy_strict_is_clean_on_the_package(mypy_cache: Path) -> None:
    output, status = run_mypy(mypy_cache, "-p", "wordcount_polars")
    assert status == 0, output


def test_mypy_strict_is_clean_on_the_user_example(mypy_cache: Path) -> None:
    output, status = run_mypy(mypy_cache, str(USER_EXAMPLE))
    assert status == 0, output


def test_the_user_example_runs() -> None:
    # The file type-checks; this proves it also computes what its assertions say.
    typing_user_example.main()


# Each line is a mistake a type checker must report, with the error code it must give. A line
# that passes would mean `.wc` (or an argument) is typed as Any, or is not typed at all.
MISUSES = {
    'pl.col("text").wc.count("a")': "attr-defined",  # why wordcount_polars.col exists
    'wc.col("text").wc.count(1)': "arg-type",
    'wc.col("text").wc.count("a", mode="lines")': "arg-type",
    'wc.col.text.wc.top_words("3")': "arg-type",
    'wc.count("text", "a", ignore_case="yes")': "arg-type",
    'wc.col("text").wc.count_many("a")': "arg-type",
    'wc.col("text").wc.no_such_method()': "attr-defined",
    'WordCountAccessor(pd.Series(["a"])).count(["a"])': "arg-type",
    'WordCountAccessor(pd.Series(["a"])).count_many("a")': "arg-type",
    'x: pd.Series = WordCountAccessor(pd.Series(["a"])).top_words(2)': "assignment",
}
MISUSE_PRELUDE = [
    "import pandas as pd",
    "import polars as pl",
    "import wordcount_polars as wc",
    "from wordcount_polars.pandas_accessor import WordCountAccessor",
]


def test_mypy_reports_each_misuse(mypy_cache: Path) -> None:
    program = "\n".join([*MISUSE_PRELUDE, *MISUSES]) + "\n"
    output, status = run_mypy(mypy_cache, "--show-error-codes", "-c", program)
    assert status == 1, output
    first_line = len(MISUSE_PRELUDE) + 1
    for line_number, (line, code) in enumerate(MISUSES.items(), start=first_line):
        reported = [o for o in output.splitlines() if o.startswith(f"<string>:{line_number}:")]
        assert any(o.endswith(f"[{code}]") for o in reported), (
            f"mypy gave no [{code}] error for {line!r}; its output:\n{output}"
        )
    # Nothing else may fail: the prelude type-checks.
    assert not any(
        o.startswith(f"<string>:{n}:") for o in output.splitlines() for n in range(1, first_line)
    ), output


def run_stubtest(stub_root: Path, workdir: Path) -> subprocess.CompletedProcess[str]:
    """stubtest on ``wordcount_polars._internal``: the stub found under ``stub_root`` against the
    installed compiled module (``workdir`` must not contain the source tree)."""
    # Only the stub is compared; following the package's imports into the polars and pandas stubs
    # would add ~40 s and check nothing more.
    config = workdir / "stubtest.ini"
    config.write_text(f"[mypy]\nmypy_path = {stub_root}\nfollow_imports = skip\n")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy.stubtest",
            "wordcount_polars._internal",
            "--mypy-config-file",
            str(config),
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )


def test_stubtest_is_clean_on_the_compiled_module(tmp_path: Path) -> None:
    result = run_stubtest(ROOT, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_stubtest_catches_a_stub_that_drifted(tmp_path: Path) -> None:
    # Renaming a parameter in a copy of the stub must make stubtest fail, or the check above
    # could be passing by not comparing anything.
    stub = (ROOT / "wordcount_polars" / "_internal.pyi").read_text(encoding="utf-8")
    drifted = stub.replace(
        "def family_arrow(data: Any, which: str)", "def family_arrow(data: Any, kind: str)"
    )
    assert drifted != stub, "the stub no longer declares family_arrow(data, which)"
    package = tmp_path / "stubs" / "wordcount_polars"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "_internal.pyi").write_text(drifted, encoding="utf-8")
    workdir = tmp_path / "work"
    workdir.mkdir()
    result = run_stubtest(tmp_path / "stubs", workdir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'stub parameter "kind" differs from runtime parameter "which"' in result.stdout
