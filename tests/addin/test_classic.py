"""Classic xlwings registration, checked with xlwings' own classic decorators and VBA generator.

Classic xlwings (Windows, pywin32) is not importable here, so pywin32's modules are replaced by
empty stand-ins just long enough to import ``xlwings.udfs`` (the classic implementation): its
``xlfunc``/``xlarg``/``xlret`` decorate a fresh copy of the add-in, and
``generate_vba_wrapper`` writes the VBA that "Import Functions" would import. What Excel then
does with that VBA (Function Wizard texts via MacroOptions, COM calls) needs Windows Excel.
"""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from excel_data import SPEC


@pytest.fixture
def classic(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any]]:
    stand_ins = {
        "pythoncom": {"CoInitialize": lambda: None},
        "pywintypes": {"com_error": Exception},
        "win32com": {},
        "win32com.client": {"Dispatch": lambda *args, **kwargs: None},
    }
    for name, attributes in stand_ins.items():
        module = types.ModuleType(name)
        for key, value in attributes.items():
            setattr(module, key, value)
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delenv("XLWINGS_ON_SERVER", raising=False)
    saved = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "fofxl_addin"}
    for name in saved:
        del sys.modules[name]
    import xlwings
    import xlwings.udfs as classic_udfs

    monkeypatch.setattr(xlwings, "func", classic_udfs.xlfunc)
    monkeypatch.setattr(xlwings, "arg", classic_udfs.xlarg)
    monkeypatch.setattr(xlwings, "ret", classic_udfs.xlret)
    try:
        import fofxl_addin.udfs

        yield classic_udfs, fofxl_addin.udfs
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == "fofxl_addin"]:
            del sys.modules[name]
        sys.modules.update(saved)
        sys.modules.pop("xlwings.udfs", None)
        if hasattr(xlwings, "udfs"):
            delattr(xlwings, "udfs")


def test_registration_metadata(classic):
    _, module = classic
    for name, item in module.FUNCTIONS.items():
        info = item.function.__xlfunc__
        assert info["name"] == name  # the VBA function, as Excel shows it: FOF_<NAME>
        assert info["category"] == "fofxl"
        assert info["ret"]["doc"] == item.description and len(item.description) <= 255
        args = {a["name"]: a for a in info["args"]}
        assert list(args) == [arg for arg, _ in SPEC[name]]
        for arg, spec_default in SPEC[name]:
            assert args[arg]["doc"] == item.arguments[arg]
            assert not args[arg]["doc"].startswith("Positional argument")
            assert ("optional" in args[arg]) == (spec_default is not ...)
        assert getattr(module, name) is item.function  # CallUDF looks the Excel name up


def test_range_arguments_arrive_as_lists_of_rows_with_errors_as_text(classic):
    _, module = classic
    args = {a["name"]: a for a in module.fof_drawdown.__xlfunc__["args"]}
    assert args["dates"]["options"]["ndim"] == 2 and args["navs"]["options"]["ndim"] == 2
    assert args["dates"]["options"]["err_to_str"] is True
    window = {a["name"]: a for a in module.fof_pctrank.__xlfunc__["args"]}["window"]
    assert "ndim" not in window["options"] and window["optional"] == "3Y"


def test_generated_vba(classic):
    classic_udfs, module = classic

    class Workbook:
        Name = "fofxl-starter.xlsm"

    out = io.StringIO()
    classic_udfs.generate_vba_wrapper("fofxl_addin.udfs", module, out, Workbook())
    vba = out.getvalue()
    assert vba.count("End Function") == len(module.FUNCTIONS) == len(SPEC)
    assert "Function FOF_PCTRANK(dates, values, Optional window, Optional method, " in vba
    assert 'XLPy.CallUDF("fofxl_addin.udfs", "FOF_PCTRANK", Array(dates, values,' in vba
    assert "Function FOF_VERSION()" in vba
    assert "FOF_PCTRANK = Err.Description" in vba  # a raised error's text becomes the value
