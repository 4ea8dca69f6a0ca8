"""Fixtures of the add-in tests (helpers and data live in excel_data.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def officejs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """xlwings and the add-in imported afresh as under Office.js (xlwings Lite / Server).

    Yields ``(xlwings.server, fofxl_addin.udfs)``; afterwards the modules imported before the
    test are restored, so other tests keep the plain-Python decorators.
    """
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")

    def ours(name: str) -> bool:
        return name.split(".")[0] in ("xlwings", "fofxl_addin", "main")

    saved = {name: module for name, module in sys.modules.items() if ours(name)}
    for name in saved:
        del sys.modules[name]
    try:
        import xlwings.server

        import fofxl_addin.udfs

        yield xlwings.server, fofxl_addin.udfs
    finally:
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
