"""The installed package: typing markers, the stub of the compiled module, the version guard."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

import wordcount_polars
from wordcount_polars import _internal
from wordcount_polars._version_guard import SUPPORTED_RANGE, check_polars_version, parse_version

ROOT = Path(__file__).resolve().parent.parent


def test_py_typed_and_stub_are_installed() -> None:
    package = resources.files("wordcount_polars")
    assert package.joinpath("py.typed").is_file()
    assert package.joinpath("_internal.pyi").is_file()


def test_stub_lists_exactly_the_compiled_names() -> None:
    stub = ast.parse((ROOT / "wordcount_polars" / "_internal.pyi").read_text())
    in_stub = {n.name for n in stub.body if isinstance(n, ast.FunctionDef)} | {
        n.target.id for n in stub.body if isinstance(n, ast.AnnAssign)
    }
    compiled = {n for n in dir(_internal) if not n.startswith("_")} | {"__version__"}
    assert in_stub == compiled


def test_declared_range_matches_guard() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    declared = re.search(r'"(polars>=[^"]+)"', pyproject)
    assert declared is not None and declared.group(1) == SUPPORTED_RANGE


@pytest.mark.parametrize(
    ("version", "ok"),
    [("0.20.31", False), ("1.33.1", False), ("1.34.0", True), ("2.1.0", True), ("3.0.0", False)],
)
def test_guard_accepts_only_the_range(version: str, ok: bool) -> None:
    if ok:
        check_polars_version(version)
    else:
        with pytest.raises(ImportError, match=re.escape(SUPPORTED_RANGE)):
            check_polars_version(version)


def test_parse_version() -> None:
    assert parse_version("2.1.0") == (2, 1, 0)
    assert parse_version("1.34.0b1") == (1, 34, 0)
    assert parse_version("2") == (2, 0, 0)


def test_import_beside_old_polars_is_import_error(tmp_path: Path) -> None:
    # A stand-in `polars` that reports an old version, found ahead of the real one.
    fake = tmp_path / "polars"
    fake.mkdir()
    (fake / "__init__.py").write_text('__version__ = "0.19.0"\n')
    code = textwrap.dedent(
        """
        try:
            import wordcount_polars
        except ImportError as e:
            print("ImportError:", e)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"supports {SUPPORTED_RANGE}, but polars 0.19.0 is installed" in done.stdout


def test_version_is_exposed() -> None:
    assert wordcount_polars.__version__ == _internal.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", wordcount_polars.__version__)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_reaches_into_another_modules_private_names() -> None:
    # Private modules (_validation, _internal, ...) are shared inside the package; the private
    # names inside a module are its own.
    package = ROOT / "wordcount_polars"
    modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in package.rglob("*.py*")
    }
    reaches = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported_modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "wordcount_polars"
            ):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in modules:
                        imported_modules.add(alias.asname or alias.name)
                    elif _private(alias.name):
                        reaches.append(f"{path.name}: from {node.module} import {alias.name}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported_modules
                and _private(node.attr)
            ):
                reaches.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert reaches == []
