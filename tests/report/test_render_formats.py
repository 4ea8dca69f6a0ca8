"""Number formats of spilled tables in a workbook whose cells are General (QA13 NF-…).

An analyst's own workbook formats nothing: the dates of a spilled table get a date format and
its numbers stay General, never the date format of the column beside them.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.styles.numbers import is_date_format

from fofxl_report.render import render


def _plain_workbook(path):
    """Weekly NAVs of two funds on sheet D; fofxl tables on sheet R; every cell General."""
    wb = openpyxl.Workbook()
    r = wb.active
    r.title = "R"
    d = wb.create_sheet("D")
    d.append(["date", "a", "b"])
    for i in range(60):
        day = dt.datetime(2023, 1, 6) + dt.timedelta(days=7 * i)
        d.append([day, 1 + 0.002 * i + 0.01 * (i % 3), 0.98 + 0.001 * i])
    n = 61
    w = wb.create_sheet("W")
    w.append(["a", "b"])
    w.append([0.5, 0.5])
    r["A1"] = f'=FOF_RETURNS(D!A1:A{n}, D!B1:C{n}, "M")'
    r["F1"] = f"=FOF_DDTABLE(D!A1:A{n}, D!B1:B{n}, 3)"
    r["P1"] = f'=FOF_RESAMPLE(D!A1:A{n}, D!B1:C{n}, "M")'
    r["T1"] = f"=FOF_PORTFOLIO(D!A1:A{n}, D!B1:C{n}, W!A1:B2)"
    wb.save(path)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plain")
    src, out = folder / "plain.xlsx", folder / "out.xlsx"
    _plain_workbook(src)
    report = render(src, out)
    assert report.issues == []
    return openpyxl.load_workbook(out)["R"]


@pytest.mark.parametrize("anchor", ["A1", "F1", "P1", "T1"])
def test_numbers_beside_a_date_column_are_not_given_a_date_format(rendered, anchor):
    ws = rendered
    row, col = ws[anchor].row, ws[anchor].column
    numbers = dates = 0
    for r in ws.iter_rows(min_row=row + 1, max_row=row + 6, min_col=col, max_col=col + 7):
        for cell in r:
            if isinstance(cell.value, dt.datetime):
                dates += 1
                assert is_date_format(cell.number_format), cell.coordinate
            elif isinstance(cell.value, (int, float)):
                numbers += 1
                assert cell.number_format == "General", (cell.coordinate, cell.value)
    assert numbers and dates


def test_a_date_column_of_default_width_is_widened_for_its_dates(rendered):
    """At Excel's default width (8.43) a yyyy-mm-dd date shows as ####."""
    assert rendered.column_dimensions["A"].width == pytest.approx(10.7)  # FOF_RETURNS' dates
    assert "B" not in rendered.column_dimensions  # its returns: left as they were


def test_a_borrowed_style_keeps_its_font_and_a_template_column_keeps_its_format(tmp_path):
    """The cells beside a formatted date cell take its font, not its date format; a column the
    template formatted keeps its own format."""
    src, out = tmp_path / "t.xlsx", tmp_path / "out.xlsx"
    _plain_workbook(src)
    wb = openpyxl.load_workbook(src)
    r = wb["R"]
    r["P2"].font = Font(bold=True)  # the first date of the FOF_RESAMPLE block, bold
    r.column_dimensions["R"].number_format = "0.00%"  # its second value column
    r.column_dimensions["P"].width = 20  # its dates' column, widened by the analyst
    wb.save(src)
    render(src, out)
    ws = openpyxl.load_workbook(out)["R"]
    assert isinstance(ws["P2"].value, dt.datetime) and ws["P2"].number_format == "yyyy-mm-dd"
    assert isinstance(ws["Q2"].value, float)
    assert ws["Q2"].font.b and ws["Q2"].number_format == "General"
    assert ws["R3"].number_format == "0.00%"
    assert ws.column_dimensions["P"].width == 20
