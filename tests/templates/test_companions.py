"""The templates' companion modules (``templates/<workbook>.py``): "Run main" refreshes the book.

The classic xlwings ribbon's "Run main" imports the Python file named like the workbook and
calls its ``main()``; here the calling book is a stand-in and the refresh is recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("module", ["t0_environment", "quant_monitor", "fof_portfolio"])
def test_companion_modules_have_main(module):
    sys.path.insert(0, str(TEMPLATES))
    try:
        mod = __import__(module)
    finally:
        sys.path.remove(str(TEMPLATES))
    assert callable(mod.main)


@pytest.mark.parametrize("module", ["t0_environment", "quant_monitor", "fof_portfolio"])
def test_companion_main_refreshes_the_calling_book(module, monkeypatch):
    """ "Run main": main() refreshes the book that called it and reports on the status bar."""
    import xlwings as xw

    calls = []

    class App:
        status_bar = None

    class Caller:
        app = App()

    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: Caller()))
    import fofxl_report.refresh as refresh_module

    def fake_refresh(book):
        calls.append(book)
        return refresh_module.RefreshResult(updated=["Market"])

    monkeypatch.setattr(refresh_module, "refresh", fake_refresh)
    sys.path.insert(0, str(TEMPLATES))
    try:
        mod = __import__(module)
    finally:
        sys.path.remove(str(TEMPLATES))
    mod.main()
    assert len(calls) == 1 and calls[0].book is not None
    assert Caller.app.status_bar == "fofxl refresh: Market"
