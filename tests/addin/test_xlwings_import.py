"""Importing the add-in stays light: no plotting library (nor scipy) is loaded until needed.

Each check runs in a fresh interpreter, since this test session has imported much already.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "plotly", "PIL", "scipy")


def _run(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


_LOADED = (
    "import json, sys; {before}import fofxl_addin.udfs; "
    "print(json.dumps(sorted({{m.partition('.')[0] for m in sys.modules}} & set({heavy}))))"
)


@pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="matplotlib is not installed"
)
def test_importing_the_udfs_loads_no_plotting_library():
    loaded = _run(_LOADED.format(before="", heavy=HEAVY))
    assert loaded == []


@pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="matplotlib is not installed"
)
def test_xlwings_still_reaches_matplotlib_for_pictures():
    """xlwings' picture support finds matplotlib when it is first used, not at import."""
    code = (
        "import json, sys; import fofxl_addin.udfs; import xlwings.utils as u; "
        "lazy = 'matplotlib' not in sys.modules; present = bool(u.mpl); "
        "import matplotlib.figure, matplotlib.pyplot; "
        "print(json.dumps([lazy, present, u.mpl.figure.Figure is matplotlib.figure.Figure, "
        "u.plt.close is matplotlib.pyplot.close, "
        "u.mpl.backends.backend_agg.FigureCanvas.__name__]))"
    )
    assert _run(code) == [True, True, True, True, "FigureCanvasAgg"]


@pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="matplotlib is not installed"
)
def test_an_already_imported_matplotlib_is_used_as_is():
    code = (
        "import json, matplotlib; import fofxl_addin.udfs; import xlwings.utils as u; "
        "print(json.dumps([u.mpl is matplotlib]))"
    )
    assert _run(code) == [True]


def test_the_udfs_work_without_scipy_loaded_until_a_test_needs_it():
    """FOF_REGIMETEST's statistics import scipy.stats on first use, and then compute."""
    code = (
        "import json, sys; import fofxl_addin.udfs; before = 'scipy' in sys.modules; "
        "from fofxl.regime_inference import _welch; import numpy as np; "
        "t = _welch(np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 7.0]))[0]; "
        "print(json.dumps([before, t]))"
    )
    before, t = _run(code)
    # Welch's t by hand: means 2 and 13/3, variances 1 and 19/3 (n = 3 each)
    expected = (2.0 - 13.0 / 3.0) / ((1.0 / 3.0 + (19.0 / 3.0) / 3.0) ** 0.5)
    assert before is False
    assert t == pytest.approx(expected, rel=1e-12)


class _Watch:
    """A meta path finder that records each import of ``pyodide`` asked for (finds nothing)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "pyodide":
            self.asked.append(name)
        return None


def test_office_js_cells_do_not_import_pyodide_once_per_cell(monkeypatch):
    # xlwings asks is_jsnull of every Office.js cell; outside Pyodide its import of
    # pyodide.ffi failed on every call (52 s for a million cells): now it is answered once
    import xlwings.utils

    import fofxl_addin.udfs  # noqa: F401  (installs the check)

    watch = _Watch()
    monkeypatch.setattr(sys, "meta_path", [watch, *sys.meta_path])
    assert [xlwings.utils.is_jsnull(cell) for cell in (None, 1.0, "", "x")] == [False] * 4
    assert watch.asked == []


def test_the_jsnull_check_keeps_its_meaning_inside_pyodide(monkeypatch):
    import types

    from fofxl_addin import _xlwings

    class JsNull:  # Pyodide's sentinel for JavaScript's null
        pass

    ffi = types.ModuleType("pyodide.ffi")
    ffi.JsNull = JsNull
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.setitem(sys.modules, "pyodide.ffi", ffi)
    utils = types.SimpleNamespace(is_jsnull=lambda value: None)
    _xlwings._jsnull_check(utils)
    assert utils.is_jsnull(JsNull()) is True
    assert utils.is_jsnull(None) is False
    older = types.SimpleNamespace()  # an xlwings without the check is left alone
    _xlwings._jsnull_check(older)
    assert not hasattr(older, "is_jsnull")
