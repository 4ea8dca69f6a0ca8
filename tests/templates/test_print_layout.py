"""How the reports print: labels and dates that fit their cells, the correlation matrix's page,
the peer-rank columns, the charts' date axes and the snapshot's percentage points (the QA pass
over the PDFs, finding 23). Widths are Excel character widths (openpyxl's, less the 0.71 of
padding XlsxWriter adds), calibrated on the LibreOffice PDFs at the templates' 10-point font
(13 cut the label, 7.5 shows the date)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from fofxl_report.numfmt import excel_text
from fofxl_report.render import render
from fofxl_templates.layouts import screening
from fofxl_templates.workbook import PP_FORMAT

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ALL = ("t0_environment", "quant_monitor", "screening", "fof_portfolio")
#: what "报告日期 Report date" (bold, 10 pt) needs, and what "2024-06-28" (10 pt) needs
LABEL_WIDTH = 14
DATE_WIDTH = 7.5


def _width(ws, col: int) -> float:
    dim = ws.column_dimensions[get_column_letter(col)]
    return dim.width - 0.71 if dim.customWidth else 8.43


def _cell_width(ws, coordinate: str) -> float:
    """The width of a cell, or of the merged range it starts."""
    for merged in ws.merged_cells.ranges:
        if merged.coord.startswith(coordinate + ":"):
            return sum(_width(ws, c) for c in range(merged.min_col, merged.max_col + 1))
    return _width(ws, column_index_from_string(re.sub(r"\d", "", coordinate)))


@pytest.mark.parametrize("name", ALL)
def test_the_report_date_and_its_label_fit_their_cells(name):
    wb = openpyxl.load_workbook(TEMPLATES / f"{name}.xlsx")
    pages = [ws for ws in wb.worksheets if str(ws["B3"].value).startswith("报告日期")]
    assert pages
    for ws in pages:
        assert _cell_width(ws, "B3") >= LABEL_WIDTH, f"{ws.title}: the label is cut"
        assert _cell_width(ws, "C3") >= DATE_WIDTH, f"{ws.title}: the date shows ###"


@pytest.fixture(scope="module")
def six_funds(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The screening report on a pool of 6 funds (the template is formatted for 36)."""
    from fofxl.io.demo_data import generate

    folder = tmp_path_factory.mktemp("six")
    demo = generate()
    demo["quant_pool"].dropna(how="all").to_csv(folder / "pool.csv", index_label="date")
    demo["benchmarks"].to_csv(folder / "idx.csv", index_label="date")
    out = folder / "six.xlsx"
    data = [f"Pool={folder / 'pool.csv'}", f"Indices={folder / 'idx.csv'}"]
    report = render(TEMPLATES / "screening.xlsx", out, data=data, settings=["fund="])
    assert not report.issues, report.issues
    return openpyxl.load_workbook(out)


def test_the_correlation_page_prints_the_matrix_one_page_wide(six_funds):
    ws = six_funds["Correlation"]
    row = screening.CORR_FIRST
    n = 6
    assert ws.cell(row, 2 + n).value is not None and ws.cell(row, 3 + n).value is None
    # as wide as the matrix, or as CORR_PRINT_MIN funds (the page header shows whole)
    area = str(ws.print_area).rpartition("!")[2].replace("$", "")
    last = get_column_letter(2 + max(n, screening.CORR_PRINT_MIN))
    assert area == f"A1:{last}{row + n}"
    # one page wide, as many pages down as needed (a big pool prints as a colour map)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    # the header band is no wider than the matrix: its fill is a conditional format on the
    # names, no cell past the matrix is filled
    for col in range(3 + n, 2 + 36 + 2):
        assert ws.cell(row, col).fill.fill_type is None, get_column_letter(col)
    rules = {
        str(cf.sqref): [r.formula for r in cf.rules if r.type == "expression"]
        for cf in ws.conditional_formatting
    }
    band = f"B{row}:{get_column_letter(2 + screening.CORR_FORMAT_MAX)}{row}"
    assert rules.get(band) == [[f'B{row}<>""']]


def test_the_peer_count_keeps_clear_of_the_data_bar_of_top(six_funds):
    ws = six_funds["Screen"]
    at = screening.screen_columns()["rank"] + 1  # 1-based: rank, count, top
    row = screening.SCREEN_FIRST
    assert [ws.cell(row, at + j).value for j in range(3)] == ["rank", "count", "top"]
    for r in range(row + 1, row + 7):
        assert ws.cell(r, at + 1).alignment.horizontal == "center"
        assert ws.cell(r, at).alignment.horizontal == "center"


def _date_axes(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    found = (re.findall(r"<(?:c:)?dateAx>.*?</(?:c:)?dateAx>", xml, re.S) for xml in charts)
    return [axis for axes in found for axis in axes]


@pytest.mark.parametrize("name", ALL)
def test_date_axes_label_each_year(name):
    # half-year "yyyy-mm" labels ran into one another on 11 years of data
    axes = _date_axes(TEMPLATES / f"{name}.xlsx")
    # (the bar charts' secondary date axis is hidden: the line over it shares the dates)
    shown = [a for a in axes if '<c:delete val="1"/>' not in a]
    assert shown
    for axis in shown:
        assert '<c:majorUnit val="12"/>' in axis and '<c:majorTimeUnit val="months"/>' in axis
        assert 'formatCode="yyyy"' in axis


def test_the_rendered_excess_nav_chart_keeps_yearly_labels(rendered):
    axes = _date_axes(rendered["quant"]["path"])
    assert len(axes) == 3
    for axis in axes:
        assert re.search(r'<(c:)?majorUnit val="12(\.0)?"\s*/>', axis), axis
        assert 'formatCode="yyyy"' in axis


def test_the_snapshot_shows_changes_in_percentage_points(rendered):
    # SPEC §1: amplitude 25.29% vs 10.41%, +14.88 pp (not "+14.88%")
    ws = rendered["t0"]["wb"]["Report"]
    calc = rendered["t0"]["wb"]["Calc"]
    row = next(c.row for c in ws["B"] if c.value == "period")
    assert calc["AE1"].value == "period"
    header = [ws.cell(row, 2 + j).value for j in range(7)]
    changes = [j for j, name in enumerate(header) if name.endswith(" change")]
    assert changes == [2, 4, 6]
    first, second = row + 1, row + 2
    for j in changes:
        assert ws.cell(first, 2 + j).value is None  # no previous quarter: blank, not +0.00 pp
        got, raw = ws.cell(second, 2 + j), calc.cell(3, 31 + j).value
        assert got.number_format == PP_FORMAT == '+0.00" pp";-0.00" pp";0.00" pp"'
        assert got.value == pytest.approx(100 * raw)
        assert ws.cell(second, 1 + j).number_format == "0.00%"  # the percentile itself
    assert excel_text(14.88, PP_FORMAT) == "+14.88 pp"


def test_the_t0_returns_follow_the_index_frequency(rendered, tmp_path):
    # monthly (freq=M): Tables 3–5 pool monthly returns, and the labels say so
    out = tmp_path / "t0m.xlsx"
    report = render(TEMPLATES / "t0_environment.xlsx", out, settings=["freq=M", "max_gap=35D"])
    assert not report.issues, report.issues
    for wb, period, zh in (
        (rendered["t0"]["wb"], "weekly", "周"),
        (openpyxl.load_workbook(out), "monthly", "月"),
    ):
        calc, rep = wb["Calc"], wb["Report"]
        assert f"pooled {period} returns" in rep["B22"].value
        assert calc["AL1"].value == f"T0策略{zh}收益 T0 {period} return"
        for anchor in ("O", "R", "AM"):  # the index's returns, an indicator's means, pooled
            dates = [calc[f"{anchor}{r}"].value for r in range(2, 5)]
            if period == "monthly":
                assert all((d + dt.timedelta(days=1)).day == 1 for d in dates), (anchor, dates)
            else:
                assert all(d.weekday() == 4 for d in dates), (anchor, dates)
