"""xlwings Lite: the paste-in files, and fofxl within Pyodide's limits (no threads, no files).

What runs here is CPython with the Office.js code path of xlwings; Pyodide itself (and Excel)
is not available. Threads and file access are forbidden by patching, the way Pyodide forbids
them.
"""

from __future__ import annotations

import ast
import builtins
import importlib.util
import io
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from excel_data import calls

from fofxl import _parallel, drawdowns, percentiles

LITE = Path(__file__).resolve().parents[2] / "addin" / "lite"
PACKAGES = [
    Path(__file__).resolve().parents[2] / p
    for p in ("pylib/fofxl", "addin/fofxl_addin", "addin/fofxl_report")
]


def test_main_imports_every_function_from_the_registry():
    from fofxl_addin import udfs

    tree = ast.parse((LITE / "main.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "fofxl_addin.udfs"
        for alias in node.names
    }
    assert imported == {"*"}  # no second list of the functions to keep up to date
    namespace: dict[str, object] = {}
    exec("from fofxl_addin.udfs import *", namespace)
    for name, item in udfs.FUNCTIONS.items():
        assert namespace[name.lower()] is item.function


def test_requirements():
    text = (LITE / "requirements.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if not line.startswith("#")]
    assert "fofxl" in lines and "xlwings" in lines


def test_main_registers_functions_and_the_refresh_script(officejs):
    server, udfs = officejs
    spec = importlib.util.spec_from_file_location("main", LITE / "main.py")
    main = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(main)
    meta = server.custom_functions_meta(main)
    assert {f["name"] for f in meta["functions"]} == set(udfs.FUNCTIONS)
    scripts = server.custom_scripts_meta(main)
    assert "refresh_report" in [s["function_name"] for s in scripts]


def test_no_thread_and_no_file_is_needed(monkeypatch):
    from fofxl_addin import udfs

    work = calls()  # built before files are forbidden
    # libraries load lazily (FOF_REGIMETEST imports scipy.stats on first use, which reads
    # package metadata): imported here, as Pyodide has them; the UDFs must need no user file
    importlib.import_module("scipy.stats")

    def no_threads(self):
        raise RuntimeError("can't start new thread")

    def no_files(*args, **kwargs):
        raise OSError("no local files in xlwings Lite")

    monkeypatch.setattr(threading.Thread, "start", no_threads)
    monkeypatch.setattr(builtins, "open", no_files)
    monkeypatch.setattr(io, "open", no_files)
    for name, args in work:
        getattr(udfs, name)(*args)


@pytest.mark.parametrize("can_thread", [True, False])
def test_percentiles_without_threads_equal_with_threads(monkeypatch, can_thread):
    rng = np.random.default_rng(2)
    panel = pd.DataFrame(
        rng.normal(size=(3000, 6)), index=pd.bdate_range("2010-01-01", periods=3000)
    )
    expected = percentiles.rolling_percentile(panel, 500)  # big enough for the threaded path
    navs = pd.DataFrame(np.exp(rng.normal(0, 0.01, size=(600, 500)).cumsum(axis=0)))
    navs.index = pd.date_range("2010-01-01", periods=600, freq="W-FRI")
    expected_dd = drawdowns.drawdown(navs)  # two column halves on two threads

    def no_threads(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", no_threads)
    monkeypatch.setattr(_parallel, "CAN_THREAD", can_thread)
    pd.testing.assert_frame_equal(percentiles.rolling_percentile(panel, 500), expected)
    pd.testing.assert_frame_equal(drawdowns.drawdown(navs), expected_dd)


def test_packages_are_pure_python():
    # A wheel of fofxl is py3-none-any: nothing to compile, which Pyodide needs (micropip).
    compiled = {".c", ".cpp", ".pyx", ".so", ".pyd", ".dll"}
    for package in PACKAGES:
        assert not [p for p in package.rglob("*") if p.suffix in compiled], package
