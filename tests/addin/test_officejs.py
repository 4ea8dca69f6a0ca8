"""The UDFs through xlwings' Office.js call path (xlwings Lite and xlwings Server).

``xlwings.server.custom_functions_call`` receives the payload Excel sends: every argument a
matrix (``[[...]]``), dates as serial numbers, blanks as ``null``, errors as error objects,
omitted optional arguments as ``null``. It converts the arguments with the options the UDFs
registered, calls the function and converts the result. The results must be the classic ones
(the functions as imported for classic xlwings), converted as xlwings converts them (``None`` →
``""``, datetimes → date-formatted numbers); fofxl reads data ranges raw and writes its tables
ready (see ``fofxl_addin.officejs``), so this pins that its own conversion is xlwings' one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from excel_data import REQUIRED, SPEC, calls, classic_cells, navs_frame, serial

import fofxl_addin.udfs as classic_udfs  # imported here, before any test imports it for Office.js

NA = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}


def payload(value: Any) -> Any:
    """An argument as Office.js sends it (matrix, serial dates, null blanks)."""
    if value is None:
        return None
    rows = value if isinstance(value, list) else [[value]]
    if rows and not isinstance(rows[0], list):
        rows = [[v] for v in rows]
    return [[serial(c) if isinstance(c, dt.datetime) else c for c in row] for row in rows]


def as_officejs(result: Any, runtime: str) -> Any:
    """A classic result as xlwings writes it for Office.js."""
    rows = result if isinstance(result, list) else [[result]]

    def cell(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            number = serial(value)
            if runtime == "1.4":
                return {
                    "type": "FormattedNumber",
                    "basicValue": number,
                    "numberFormat": "yyyy-mm-dd",
                }
            return number
        return value

    return [[cell(v) for v in row] for row in rows]


def close(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(map(close, actual, expected))
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            close(actual[k], expected[k]) for k in expected
        )
    if isinstance(expected, float):
        return isinstance(actual, float) and actual == pytest.approx(expected, rel=1e-12)
    return actual == expected


def call(server: Any, module: Any, name: str, *args: Any, runtime: str = "1.4") -> Any:
    import xlwings

    data = {
        "func_name": name,
        "args": [payload(a) for a in args],
        "caller_address": "[Book1]Sheet1!Z1",
        "content_language": "en-US",
        "version": xlwings.__version__,
        "client": "Office.js",
        "runtime": runtime,
        "culture_info_name": "en-US",
        "date_format": "M/d/yyyy",
    }
    return asyncio.run(server.custom_functions_call(data, module))


def with_error_objects(rows: list[list[Any]]) -> list[list[Any]]:
    """Some blank value cells replaced by the #N/A error objects Office.js sends."""
    out = [list(r) for r in rows]
    done = 0
    for row in out[1:]:
        for j, v in enumerate(row):
            if v is None and done < 5:
                row[j] = NA
                done += 1
    return out


@pytest.mark.parametrize("runtime", ["1.4", "1.3"])
def test_every_function_equals_the_classic_call(officejs, runtime):
    server, module = officejs
    names = {name for name, _ in calls()}
    assert names >= {f"fof_{n.lower()}" for n in _available(module)}
    for name, args in calls():
        if not hasattr(module, name):
            continue
        classic = getattr(classic_udfs, name)(*args)
        office_args = [with_error_objects(a) if isinstance(a, list) else a for a in args]
        result = call(server, module, name, *office_args, runtime=runtime)
        assert close(result, as_officejs(classic, runtime)), name


def _available(module: Any) -> list[str]:
    return [name.removeprefix("FOF_") for name in module.FUNCTIONS]


def test_omitted_and_empty_options_take_the_defaults(officejs):
    server, module = officejs
    panel = navs_frame(n=900, k=2)
    dates, navs, _ = classic_cells(panel)
    default = module.fof_pctrank(dates, navs)
    for window in (None, [[None]], [[""]], 0):  # omitted, empty cell, "" and Office.js's 0
        result = call(server, module, "fof_pctrank", dates, navs, window, None, None)
        assert close(result, as_officejs(default, "1.4")), window


def test_errors_reach_the_cell_as_one_clear_message(officejs):
    server, module = officejs
    dates = [["date"], [dt.datetime(2024, 1, 5)], [dt.datetime(2024, 1, 12)]]
    bad = [["nav"], [1.0], [{"type": "Error", "basicValue": "#DIV/0!", "errorType": "Div0"}]]
    with pytest.raises(module.runtime.CellError) as err:
        call(server, module, "fof_drawdown", dates, bad)
    assert str(err.value) == (
        "FOF_DRAWDOWN: navs: row 3 holds the Excel error #DIV/0!; fix the formula in that cell "
        "or clear it."
    )
    import xlwings

    assert isinstance(err.value, xlwings.XlwingsError)  # xlwings Server shows its message


def test_meta_lists_every_function_with_generated_help(officejs):
    server, module = officejs
    meta = server.custom_functions_meta(module)
    functions = {f["name"]: f for f in meta["functions"]}
    assert set(functions) == set(module.FUNCTIONS)
    assert set(functions) <= set(SPEC)
    for name, function in functions.items():
        item = module.FUNCTIONS[name]
        assert function["description"] == item.description
        assert 0 < len(function["description"]) <= 255
        names = [p["name"] for p in function["parameters"]]
        assert names == [a for a, _ in SPEC[name]], name
        for parameter, (arg, default) in zip(function["parameters"], SPEC[name], strict=True):
            assert parameter["description"] == item.arguments[arg]
            assert "Positional argument" not in parameter["description"]
            assert 0 < len(parameter["description"]) <= 255
            assert parameter.get("optional", False) == (default is not REQUIRED), arg


def test_dates_leave_as_dates(officejs):
    server, module = officejs
    dates = [["date"], [dt.datetime(2024, 1, 3)], [dt.datetime(2024, 1, 10)]]
    navs = [["nav"], [1.0], [1.1]]
    out = call(server, module, "fof_returns", dates, navs, "W")
    assert out[0] == ["date", "nav"]
    assert out[1][0] == {
        "type": "FormattedNumber",
        "basicValue": serial(pd.Timestamp("2024-01-12")),
        "numberFormat": "yyyy-mm-dd",
    }
    assert out[1][1] == pytest.approx(0.1)
    assert not np.isnan(out[1][1])


def _blanks_as(rows: list[list[Any]], blank: Any) -> list[list[Any]]:
    return [[blank if cell is None else cell for cell in row] for row in rows]


def test_blanks_as_empty_text_and_rows_along_a_row_read_as_in_classic(officejs):
    """Data ranges arrive raw: a formula's "" is a blank, as null is, and a one-row range (a flat
    list after xlwings' unwrapping) is still one row, read along it."""
    server, module = officejs
    panel = navs_frame(n=120, k=3)
    dates, navs, _ = classic_cells(panel)
    classic = classic_udfs.fof_drawdown(dates, navs)
    result = call(server, module, "fof_drawdown", _blanks_as(dates, ""), _blanks_as(navs, ""))
    assert close(result, as_officejs(classic, "1.4"))
    along = [list(row) for row in zip(*dates[1:40], strict=True)]
    values = [list(row) for row in zip(*[[r[0]] for r in navs[1:40]], strict=True)]
    classic_row = classic_udfs.fof_pctrank(along, values, 10)
    assert len(classic_row) == 1 and len(classic_row[0]) == 39  # written back along the row
    assert close(
        call(server, module, "fof_pctrank", along, values, 10), as_officejs(classic_row, "1.4")
    )


def test_data_ranges_and_results_skip_xlwings_cell_conversion(officejs, monkeypatch):
    """The cells of data ranges and of fofxl's tables are not converted one by one by xlwings
    (0.3 µs and 1 µs a cell): its per-cell functions are never called for them."""
    server, module = officejs
    from xlwings.pro import _xlofficejs

    seen = {"in": 0, "out": 0}
    clean, prepare = (
        _xlofficejs._clean_value_data_element,
        _xlofficejs.Engine.prepare_xl_data_element,
    )

    def counted_clean(*args: Any) -> Any:
        seen["in"] += 1
        return clean(*args)

    def counted_prepare(*args: Any) -> Any:
        seen["out"] += 1
        return prepare(*args)

    monkeypatch.setattr(_xlofficejs, "_clean_value_data_element", counted_clean)
    monkeypatch.setattr(
        _xlofficejs.Engine, "prepare_xl_data_element", staticmethod(counted_prepare)
    )
    panel = navs_frame(n=200, k=4)
    dates, navs, _ = classic_cells(panel)
    for name in ("fof_drawdown", "fof_returns"):
        result = call(server, module, name, dates, navs)
        assert close(result, as_officejs(getattr(classic_udfs, name)(dates, navs), "1.4")), name
    assert seen == {"in": 0, "out": 0}
    call(server, module, "fof_returns", dates, navs, "M")  # an option: one cell, by xlwings
    assert seen["in"] == 1


def test_xlwings_lite_jsnull_blanks_are_blanks(officejs, monkeypatch):
    """xlwings Lite (Pyodide >= 0.28) passes a range's empty cells as ``JsNull``; read as None."""
    server, module = officejs

    class JsNull:  # Pyodide's sentinel type, which outside Pyodide does not exist
        def __repr__(self) -> str:
            return "jsnull"

    jsnull = JsNull()
    monkeypatch.setattr(module._officejs, "JsNull", JsNull)
    panel = navs_frame(n=150, k=3)
    dates, navs, _ = classic_cells(panel)
    classic = classic_udfs.fof_drawdown(dates, navs)
    result = call(
        server, module, "fof_drawdown", _blanks_as(dates, jsnull), _blanks_as(navs, jsnull)
    )
    assert close(result, as_officejs(classic, "1.4"))
    untouched = [[1.0, None], [2.0, 3.0]]
    assert module._officejs.RangeIn.read_value(untouched, {}) is untouched


def test_a_required_option_typed_as_0_is_not_called_blank(officejs):
    # Office.js sends an empty cell as 0, so a 0 in a required option cannot be told from
    # nothing: the message says both, rather than "blank" of a cell holding 0 (QA12 E-ROLL0)
    server, module = officejs
    dates = [["date"]] + [[dt.datetime(2024, 1, 1) + dt.timedelta(days=i)] for i in range(5)]
    navs = [["nav"]] + [[1.0 + i / 10] for i in range(5)]
    with pytest.raises(module.runtime.CellError) as err:
        call(server, module, "fof_rolldd", dates, navs, 0)
    assert str(err.value) == (
        "FOF_ROLLDD: window is 0 or an empty cell (Excel sends both as 0 here); give a whole "
        "number of observations such as 20, or a span such as 3Y."
    )
    with pytest.raises(module.runtime.CellError) as err:
        call(server, module, "fof_rolldd", dates, navs, None)
    assert "window is blank;" in str(err.value)
