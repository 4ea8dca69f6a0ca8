"""The conversion layer: what arrives, header rows, orientation, options, what leaves, errors."""

from __future__ import annotations

import datetime as dt
import sys
import types

import numpy as np
import pandas as pd
import pytest

from fofxl import InputError, OptionError
from fofxl_addin import cells


def test_grid_shapes():
    assert cells.grid(None) == []
    assert cells.grid([]) == []
    assert cells.grid(3.0) == [[3.0]]
    assert cells.grid([1, 2]) == [[1], [2]]  # a flat list is a column
    assert cells.grid([[1, 2], [3, 4]]) == [[1, 2], [3, 4]]
    assert cells.grid(((1,), (2,))) == [(1,), (2,)]
    assert cells.grid(np.array([1.0, 2.0])) == [[1.0], [2.0]]
    assert cells.grid(pd.Series([1.0, 2.0])) == [[1.0], [2.0]]
    assert cells.grid(pd.DataFrame({"a": [1.0], "b": [2.0]})) == [[1.0, 2.0]]
    with pytest.raises(InputError, match="rows of different lengths"):
        cells.grid([[1, 2], [3]])


def test_office_js_cell_values_become_plain_values():
    na = {"type": "Error", "basicValue": "#N/A", "errorType": "NotAvailable"}
    div0 = {"type": "Error", "errorType": "Div0"}
    number = {"type": "Double", "basicValue": 1.5}
    date = {"type": "FormattedNumber", "basicValue": 45107.0, "numberFormat": "yyyy-mm-dd"}
    assert cells.grid([[na, div0], [number, date]]) == [["#N/A", "#DIV/0!"], [1.5, 45107.0]]


@pytest.mark.parametrize(
    ("first", "header"),
    [
        ("date", True),
        ("日期", True),
        ("Date ", True),
        ("2023-06-30", False),  # a date as text is data
        ("45107", False),  # a serial as text too
        ("#N/A", False),  # blank
        ("#REF!", False),  # an error: reported with its row, not taken as a header
        ("", False),
        (None, False),
        (dt.datetime(2023, 6, 30), False),
        (45107.0, False),
    ],
)
def test_header_rule_for_dates(first, header):
    data = cells.read_dates([[first], [dt.datetime(2023, 7, 7)]]) if header else None
    if header:
        assert data.layout.header and list(data.dates) == [pd.Timestamp("2023-07-07")]
    else:
        assert not cells._is_header(first, of_dates=True)


def test_header_names_label_the_output_and_rows_count_the_header():
    dates = [["date"], [dt.datetime(2024, 1, 5)], [None], [dt.datetime(2024, 1, 12)]]
    values = [["alpha", None], [1.0, 2.0], [None, None], [1.1, "x"]]
    with pytest.raises(InputError, match=r"^values \(values 2\): row 4 is the text 'x'"):
        cells.read_dated(dates, values)
    values[3][1] = 2.2
    data = cells.read_dated(dates, values)
    assert data.names == ["alpha", "values 2"]
    assert data.layout == cells.Layout(header=True, by_row=False)
    assert data.frame.shape == (2, 2)
    assert data.aligned(data.frame) == [["alpha", "values 2"], [1.0, 2.0], [None, None], [1.1, 2.2]]


def test_duplicate_header_names_are_made_unique():
    data = cells.read_dated([["d"], [45107.0]], [["a", "a", ""], [1.0, 2.0, 3.0]])
    assert data.names == ["a", "a (2)", "values 3"]


def test_rows_run_along_a_row_in_and_out():
    dates = [["date", dt.datetime(2024, 1, 5), dt.datetime(2024, 1, 3), None]]
    values = [["nav", 2.0, 1.0, None]]
    data = cells.read_dated(dates, values)
    assert data.layout.by_row and data.layout.header
    assert list(data.frame.index) == [pd.Timestamp("2024-01-03"), pd.Timestamp("2024-01-05")]
    assert data.aligned(data.frame * 10) == [["nav", 20.0, 10.0, None]]


def test_a_row_of_values_beside_a_column_of_dates_is_turned():
    dates = [[45292.0], [45293.0], [45294.0]]
    data = cells.read_dated(dates, [[1.0, 2.0, 3.0]])
    assert data.frame.iloc[:, 0].tolist() == [1.0, 2.0, 3.0]
    assert not data.layout.by_row


def test_value_without_a_date_is_an_error_not_dropped():
    with pytest.raises(InputError, match=r"^dates: row 2 is blank but values has a value"):
        cells.read_dated([[45292.0], [None]], [[1.0], [2.0]])


def test_empty_and_mismatched_ranges():
    with pytest.raises(InputError, match="^dates is empty"):
        cells.read_dated(None, [[1.0]])
    with pytest.raises(InputError, match="^dates has 2 columns"):
        cells.read_dated([[45292.0, 45293.0], [45294.0, 45295.0]], [[1.0], [2.0]])
    with pytest.raises(InputError, match="^dates has 2 rows but values has 3"):
        cells.read_dated([[45292.0], [45293.0]], [[1.0], [2.0], [3.0]])


def test_undated_ranges_and_positions():
    data = cells.read_undated({"highs": [["h"], [2.0], [None]], "lows": [["l"], [1.0], [0.5]]})
    assert data.layout.header and data.first_row == 2
    assert data.names == {"highs": ["h"], "lows": ["l"]}
    assert data.numbers("highs")[:, 0].tolist()[0] == 2.0
    assert list(data.positions) == [pd.Timestamp("1700-01-01"), pd.Timestamp("1700-01-02")]
    assert data.series("lows").tolist() == [1.0, 0.5]
    error = InputError("highs: on 1700-01-02 the high 1 is below the low 2; check it.")
    assert str(data.rows_in(error)) == "highs: in row 3 the high 1 is below the low 2; check it."
    assert data.texts("highs")[:, 0].tolist() == ["2", None]


# ------------------------------------------------------------------------------ options


def test_options_blank_means_default():
    for blank in (None, "", "  ", [[None]], [[""]]):
        assert cells.text_option(blank, "freq", "W") == "W"
        assert cells.window_option(blank, "window", "3Y") == "3Y"
        assert cells.number_option(blank, "rf", 0) == 0
        assert cells.date_option(blank, "start") is None
        assert cells.bool_option(blank, "total", False) is False
        assert cells.list_option(blank, "order") is None


def test_na_in_an_option_is_refused_not_taken_for_the_default():
    """#N/A in an option cell is a failed lookup (VLOOKUP, MATCH): using the default instead
    would silently change the answer."""
    for value in ("#N/A", [["#N/A"]], [[{"type": "Error", "basicValue": "#N/A"}]]):
        with pytest.raises(OptionError, match=r"^window holds the Excel error #N/A; fix"):
            cells.window_option(value, "window", "3Y")
        with pytest.raises(OptionError, match="freq holds the Excel error #N/A"):
            cells.text_option(value, "freq", "W")


def test_options_values():
    assert cells.window_option(20.0, "window", 20) == 20
    assert cells.window_option([["3Y"]], "window", 20) == "3Y"
    assert cells.number_option("0.5%", "rf", 0) == 0.005
    assert cells.number_option(5.0, "top", 5) == 5 and isinstance(
        cells.number_option(5.0, "top", 5), int
    )
    assert cells.date_option(45107.0, "start") == pd.Timestamp("2023-06-30")
    assert cells.date_option("2023-06-30", "end") == pd.Timestamp("2023-06-30")
    assert cells.bool_option(True, "total", False) is True
    assert cells.bool_option("FALSE", "total", True) is False
    assert cells.bool_option(1.0, "total", False) is True
    assert cells.list_option("a,b", "labels") == "a,b"
    assert cells.list_option([["a"], ["b"], [None]], "labels") == ["a", "b"]
    assert cells.list_option([["x", 2.0]], "order") == ["x", "2"]
    assert cells.numbers_option([[0], ["1%"], [None]], "breaks") == [0.0, 0.01]
    assert cells.numbers_option("0,1", "breaks") == "0,1"


def test_option_errors_say_what_to_do():
    with pytest.raises(OptionError, match=r"^window is a range of 2×1 cells; give one value"):
        cells.window_option([[1], [2]], "window", 20)
    with pytest.raises(OptionError, match=r"^rf='abc' is not a number"):
        cells.number_option("abc", "rf", 0)
    with pytest.raises(OptionError, match=r"^rf=True is TRUE/FALSE, not a number; give a number"):
        cells.number_option(True, "rf", 0)
    with pytest.raises(OptionError, match=r"^window holds the Excel error #REF!"):
        cells.window_option("#REF!", "window", 20)
    with pytest.raises(OptionError, match=r"^total='maybe' is not TRUE or FALSE"):
        cells.bool_option("maybe", "total", False)
    with pytest.raises(OptionError, match=r"^start is .someday., not a date"):
        cells.date_option("someday", "start")


def test_office_js_zero_from_an_empty_cell(monkeypatch):
    assert cells.window_option(0, "window", "3Y") == 0  # classic: 0 is 0 (pylib says why)
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    assert cells.officejs()
    assert cells.window_option(0, "window", "3Y") == "3Y"
    assert cells.text_option(0.0, "freq", "W") == "W"
    assert cells.date_option(0, "start") is None
    assert cells.number_option(0, "low", 0.2, zero_is_blank=False) == 0  # a real threshold
    assert cells.bool_option(0, "total", True) is False


# --------------------------------------------------------------------------- what leaves


def test_out_cells():
    assert cells.out_cell(np.float64(1.5)) == 1.5 and type(cells.out_cell(np.float64(1.5))) is float
    assert cells.out_cell(np.nan) is None and cells.out_cell(pd.NaT) is None
    assert cells.out_cell(np.int64(3)) == 3 and type(cells.out_cell(np.int64(3))) is int
    assert cells.out_cell(np.bool_(True)) is True
    assert cells.out_cell(pd.Timestamp("2024-01-05")) == dt.datetime(2024, 1, 5)
    assert cells.out_cell(np.datetime64("2024-01-05")) == dt.datetime(2024, 1, 5)
    assert cells.out_cell(None) is None and cells.out_cell("x") == "x"


def test_table_has_a_header_and_dates_as_dates():
    frame = pd.DataFrame(
        {"a": [1.0, np.nan], 2024: [np.nan, 2.0], "when": pd.to_datetime(["2024-01-05", None])},
        index=pd.to_datetime(["2024-01-05", "2024-01-12"]),
    )
    assert cells.table(frame, index="date") == [
        ["date", "a", 2024, "when"],
        [dt.datetime(2024, 1, 5), 1.0, None, dt.datetime(2024, 1, 5)],
        [dt.datetime(2024, 1, 12), None, 2.0, None],
    ]
    assert cells.table(frame[["a"]]) == [["a"], [1.0], [None]]


# -------------------------------------------------------------------------------- errors


def test_excel_errors_wraps_fof_errors_and_hides_internals():
    @cells.excel_errors("FOF_X")
    def fails(kind):
        if kind == "fof":
            raise OptionError("low=20 is outside [0, 1]; thresholds are fractions: try 0.2")
        raise KeyError("internal detail")

    with pytest.raises(cells.CellError) as err:
        fails("fof")
    assert str(err.value) == "FOF_X: low=20 is outside [0, 1]; thresholds are fractions: try 0.2"
    with pytest.raises(cells.CellError) as err:
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
    base = cells._error_base()
    assert base is COMException
    error = cells._cell_error_class(base)("FOF_X: navs: row 3 is -1; a NAV must be > 0")
    assert error.description == "FOF_X: navs: row 3 is -1; a NAV must be > 0"
    assert error.scode == -2147467259 and str(error) == error.description
    monkeypatch.setenv("XLWINGS_ON_SERVER", "true")
    assert cells._error_base() is not COMException  # Office.js: an XlwingsError
