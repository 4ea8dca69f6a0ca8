"""The renderer engine's TEXT (plain number formats) and IF: what Excel displays, by hand."""

from __future__ import annotations

import openpyxl
import pytest

from fofxl_report.evaluate import Evaluator
from fofxl_report.numfmt import UnsupportedFormat, excel_text


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.0039, "+0.00%;-0.00%", "+0.39%"),
        (-0.0039, "+0.00%;-0.00%", "-0.39%"),
        (0.39, '+0.00" pp";-0.00" pp"', "+0.39 pp"),
        (0.125, "0.00", "0.13"),  # half away from zero, like Excel
        (1.005, "0.00", "1.01"),  # Excel rounds the 15-digit value 1.005
        (2.5, "0", "3"),
        (-2.5, "0", "-3"),
        (0.4, "0", "0"),
        (1234567.891, "#,##0.00", "1,234,567.89"),
        (999.5, "#,##0", "1,000"),
        (6.02, '0"×"', "6×"),
        (6.02, "0\\x", "6x"),
        (0.0031, "0.000", "0.003"),
        (0.0, "+0.00;-0.00;0", "0"),
        (0.5, "0%", "50%"),
        (12.0, "00.0", "12.0"),
        (3.0, "000", "003"),
        (0.75, "#.00", ".75"),
    ],
)
def test_excel_text(value, fmt, shown):
    assert excel_text(value, fmt) == shown


@pytest.mark.parametrize("fmt", ["yyyy-mm-dd", "0.0E+00", "[Red]0.00", "# ?/?", '0;0;0;"x"'])
def test_unsupported_formats_are_refused(fmt):
    with pytest.raises(UnsupportedFormat):
        excel_text(1.5, fmt)


def test_text_and_if_in_a_workbook():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "R"
    ws["A1"] = 0.0039
    ws["A2"] = 0.00004
    ws["B1"] = '="spread "&TEXT(A1, "+0.00%;-0.00%")&" a week"'
    ws["B2"] = '=IF(A2 < 0.001, "p < 0.001", "p = "&TEXT(A2, "0.000"))'
    ws["B3"] = '=IF(A1 < 0.001, "p < 0.001", "p = "&TEXT(A1, "0.000"))'
    ws["B4"] = "=IF(A1 > 0, 1, 1/0)"  # the branch not taken is not evaluated
    ws["B5"] = '=TEXT(A1, "yyyy")'
    ws["B6"] = '=TEXT("n/a", "0.00")'  # text passes through, as in Excel
    ev = Evaluator(wb, {})
    issues = {i.cell: i for i in ev.run()}
    res = ev.results()
    assert res[("R", 1, 2)].rows == [["spread +0.39% a week"]]
    assert res[("R", 2, 2)].rows == [["p < 0.001"]]
    assert res[("R", 3, 2)].rows == [["p = 0.004"]]
    assert res[("R", 4, 2)].rows == [[1]]
    assert issues["R!B5"].kind == "unsupported" and "TEXT" in issues["R!B5"].message
    assert res[("R", 6, 2)].rows == [["n/a"]]
    assert set(issues) == {"R!B5"}


def test_iferror_catches_an_error_raised_inside_its_value():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "R"
    ws["A1"], ws["A2"] = "a", "b"
    ws["B1"] = '=IFERROR(MATCH("z", A1:A2, 0), 1)'  # not found: the fallback
    ws["B2"] = '=IFERROR(MATCH("b", A1:A2, 0), 1)'  # found: the value
    ws["B3"] = "=IFERROR(1/0, -1)"
    ws["B4"] = "=IFERROR(NOSUCHFUNCTION(1), 0)"  # unsupported stays reported, never hidden
    ev = Evaluator(wb, {})
    issues = {i.cell: i for i in ev.run()}
    res = ev.results()
    assert res[("R", 1, 2)].rows == [[1]]
    assert res[("R", 2, 2)].rows == [[2.0]]
    assert res[("R", 3, 2)].rows == [[-1]]
    assert set(issues) == {"R!B4"} and issues["R!B4"].kind == "unsupported"
