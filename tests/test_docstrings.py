"""Every ``>>>`` example in the installed package's docstrings runs and prints what it says.

(tests/test_docs.py does the same for README.md and docs/*.md.)
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import wordcount_polars

MODULES = sorted(
    f"wordcount_polars.{info.name}" for info in pkgutil.iter_modules(wordcount_polars.__path__)
)
# Modules whose docstrings are meant to carry examples: losing them all is a failure too.
MODULES_WITH_EXAMPLES = {
    "wordcount_polars.arrow",
    "wordcount_polars.functions",
    "wordcount_polars.pandas_accessor",
    "wordcount_polars.typed",
}


def test_the_modules_with_examples_exist() -> None:
    assert sorted(MODULES_WITH_EXAMPLES - set(MODULES)) == []


@pytest.mark.parametrize("module_name", ["wordcount_polars", *MODULES])
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    # Names re-exported from other modules are tested in their own module, once.
    tests = [t for t in finder.find(module) if t.examples and t.filename == module.__file__]
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {module_name}"
    if module_name in MODULES_WITH_EXAMPLES:
        assert result.attempted > 0, f"{module_name} has no docstring examples left"
