"""xlwings, imported without the plotting libraries it loads eagerly but needs only for pictures.

``import xlwings`` imports matplotlib (and plotly and PIL) whenever they are installed, to
recognise a figure passed to ``Sheet.pictures.add``: in such an environment that doubles the
cost of importing the add-in, for functions that never draw. :data:`xw` is xlwings imported with
those libraries hidden; the module attributes through which xlwings reaches them are then
:class:`_OnDemand` stand-ins that import the library the first time xlwings uses it, so pictures
still work. When xlwings (or the library) is already imported, nothing is hidden or replaced.

xlwings' check for Pyodide's ``JsNull`` in Office.js arguments is also answered once (see
:func:`_jsnull_check`).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType
from typing import Any

__all__ = ["arg", "func", "ret", "xw"]

#: The submodules xlwings imports with matplotlib (and then reaches as attributes).
_MATPLOTLIB = ("matplotlib.figure", "matplotlib.pyplot", "matplotlib.backends.backend_agg")
#: The plotting imports of xlwings, as (xlwings module, attribute, library module, submodules
#: xlwings imports with it).
_PLOTTING = (
    ("xlwings.utils", "mpl", "matplotlib", _MATPLOTLIB),
    ("xlwings.utils", "plt", "matplotlib.pyplot", _MATPLOTLIB),
    ("xlwings.utils", "plotly_go", "plotly.graph_objects", ()),
    ("xlwings.main", "mpl", "matplotlib", _MATPLOTLIB),
    ("xlwings.main", "PIL", "PIL", ()),
)


class _OnDemand(ModuleType):
    """Stand-in for a library: true when it is installed; imports it on first attribute use."""

    def __init__(self, name: str, submodules: tuple[str, ...]) -> None:
        super().__init__(name)
        self._submodules = submodules

    def __bool__(self) -> bool:
        return importlib.util.find_spec(self.__name__.partition(".")[0]) is not None

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        module = importlib.import_module(self.__name__)
        for submodule in self._submodules:
            importlib.import_module(submodule)
        return getattr(module, attribute)


def _load() -> ModuleType:
    if "xlwings" in sys.modules:
        return sys.modules["xlwings"]
    hidden = {
        library.partition(".")[0]
        for _, _, library, _ in _PLOTTING
        if library.partition(".")[0] not in sys.modules
    }
    for name in hidden:  # None in sys.modules: importing it raises ImportError
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import xlwings
    finally:
        for name in hidden:
            del sys.modules[name]
    for owner, attribute, library, submodules in _PLOTTING:
        module = sys.modules.get(owner)
        if library.partition(".")[0] in hidden and module is not None:
            setattr(module, attribute, _OnDemand(library, submodules))
    return xlwings


def _jsnull_check(utils: Any) -> None:
    """Answer once xlwings' question whether Pyodide's ``JsNull`` exists, not once per cell.

    xlwings (since its pull request 2714) reads every cell of an Office.js argument through
    ``xlwings.utils.is_jsnull``. That function imports ``pyodide.ffi`` on each call, and outside
    Pyodide (xlwings Server) the import fails each time: about 50 µs a cell, 52 s for a
    1,040,000-cell fund panel. The answer cannot change within a process, so it is looked up
    here once; the check keeps its meaning (False outside Pyodide, ``isinstance`` in it).
    """
    if not callable(getattr(utils, "is_jsnull", None)):
        return  # an xlwings without the check
    JsNull = jsnull_type()
    if JsNull is None:
        utils.is_jsnull = _never_jsnull
    else:
        utils.is_jsnull = lambda value: isinstance(value, JsNull)  # as xlwings checks it


def jsnull_type() -> type | None:
    """Pyodide's ``JsNull`` (xlwings Lite's blank cell, Pyodide >= 0.28); None elsewhere."""
    try:
        from pyodide.ffi import JsNull  # type: ignore[import-not-found]
    except ImportError:
        return None
    return JsNull


def _never_jsnull(value: Any) -> bool:
    """``xlwings.utils.is_jsnull`` outside Pyodide: no value is ``JsNull``."""
    return False


xw = _load()
_jsnull_check(sys.modules["xlwings.utils"])
arg, func, ret = xw.arg, xw.func, xw.ret
