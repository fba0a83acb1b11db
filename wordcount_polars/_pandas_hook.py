"""Registers ``pd.Series.wc`` when pandas is imported, without importing pandas.

``import wordcount_polars`` must not import pandas (nor, through it, pyarrow): a Polars-only
program should not pay for them. Yet ``.wc`` must be on pandas Series whichever is imported
first. So when pandas is already imported the accessor is registered at once; otherwise a finder
on ``sys.meta_path`` waits for the import of ``pandas`` and wraps its loader, registering the
accessor right after pandas' ``__init__`` has run, before the importing line gets the module.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Sequence
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

ACCESSOR_MODULE = "wordcount_polars.pandas_accessor"


def register_pandas_accessor() -> None:
    """``.wc`` on pandas Series now if pandas is imported, else as soon as it is."""
    if "pandas" in sys.modules:
        importlib.import_module(ACCESSOR_MODULE)
    elif not any(isinstance(finder, _PandasImportFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _PandasImportFinder())


class _PandasImportFinder(MetaPathFinder):
    """Finds nothing itself: asks the other finders for ``pandas`` and hands back their spec
    with a loader that registers the accessor after executing pandas."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname != "pandas":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _RegisteringLoader(spec.loader, self)
                return spec
        return None


class _RegisteringLoader(Loader):
    """pandas' own loader, which then registers the accessor and steps out of the way."""

    def __init__(self, loader: Loader, finder: _PandasImportFinder) -> None:
        self._loader = loader
        self._finder = finder

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # pandas' spec and module name its real loader again (importlib.reload, resources).
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        # Only once pandas imported: a failed import leaves the finder for the next attempt.
        if self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)
        try:
            importlib.import_module(ACCESSOR_MODULE)
        except Exception as error:
            # The user imported pandas, which worked: a failure of ours must not undo that.
            warnings.warn(
                f"wordcount_polars could not register pd.Series.wc: {error!r}",
                RuntimeWarning,
                stacklevel=2,
            )
