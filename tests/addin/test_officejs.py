"""The UDFs through xlwings' Office.js call path (xlwings Lite and xlwings Server).

``xlwings.server.custom_functions_call`` receives the payload Excel sends: every argument a
matrix (``[[...]]``), dates as serial numbers, blanks as ``null``, errors as error objects,
omitted optional arguments as ``null``. It converts the arguments with the options the UDFs
registered (``ndim=2``, ``err_to_str``), calls the function and converts the result
(``None`` → ``""``, datetimes → date-formatted numbers). The results must be the classic ones,
converted the same way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest
from excel_data import REQUIRED, SPEC, calls, classic_cells, navs_frame, serial

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
        classic = getattr(module, name)(*args)
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
