"""Errors leave an Excel function as one message, in each runtime's own exception."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from fofxl import OptionError
from fofxl_addin import runtime


def test_excel_errors_wraps_fof_errors_and_hides_internals():
    @runtime.excel_errors("FOF_X")
    def fails(kind):
        if kind == "fof":
            raise OptionError("low=20 is outside [0, 1]; thresholds are fractions: try 0.2")
        raise KeyError("internal detail")

    with pytest.raises(runtime.CellError) as err:
        fails("fof")
    assert str(err.value) == "FOF_X: low=20 is outside [0, 1]; thresholds are fractions: try 0.2"
    with pytest.raises(runtime.CellError) as err:
        fails("other")
    assert "internal detail" not in str(err.value) and "KeyError" not in str(err.value)
    assert fails.__wrapped__.__name__ == "fails"


def test_classic_windows_error_is_a_com_exception(monkeypatch):
    # pywin32 is Windows-only: a stand-in with its constructor's signature shows what
    # classic xlwings gets. pywin32 copies `description` into Err.Description, which the
    # generated VBA wrapper returns as the cell value.
    class COMException(Exception):
        def __init__(self, description=None, scode=None, source=None):
            super().__init__(scode, description)
            self.description, self.scode = description, scode

    fake = types.ModuleType("win32com.server.exception")
    fake.COMException = COMException
    monkeypatch.setitem(sys.modules, "win32com", types.ModuleType("win32com"))
    monkeypatch.setitem(sys.modules, "win32com.server", types.ModuleType("win32com.server"))
    monkeypatch.setitem(sys.modules, "win32com.server.exception", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("XLWINGS_ON_SERVER", raising=False)
    base = runtime._error_base()
    assert base is COMException
    error = runtime._cell_error_class(base)("FOF_X: navs: row 3 is -1; a NAV must be > 0")
    assert error.description == "FOF_X: navs: row 3 is -1; a NAV must be > 0"
    assert error.scode == -2147467259 and str(error) == error.description
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    assert runtime._error_base() is not COMException  # Office.js: an XlwingsError


@pytest.mark.parametrize("fails", [False, True])
def test_the_garbage_collector_resumes_after_a_call(fails):
    @runtime.excel_errors("FOF_TEST")
    def udf():
        assert not gc.isenabled()  # paused while cells are converted
        if fails:
            raise OptionError("window=0 is not a count; give 20.")
        return 1

    assert gc.isenabled()
    if fails:
        with pytest.raises(runtime.CellError):
            udf()
    else:
        assert udf() == 1
    assert gc.isenabled()
