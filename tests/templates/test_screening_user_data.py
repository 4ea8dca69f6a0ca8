"""The screening report on an analyst's pool: a benchmark or fund named on Settings that the
data does not have is said in the report (never another series used silently), and a pool of
hundreds of funds fits (the table spills down freely, the PDF's print area follows)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from _report_helpers import block
from openpyxl.utils.cell import range_boundaries

from fofxl_report.render import render
from fofxl_templates.layouts import screening as layout

SCREENING = Path(__file__).resolve().parents[2] / "templates" / "screening.xlsx"
SPAN = ["report_date=2023-12-29", "start=2021-01-01", "end=2023-12-29"]


def _write_pool(folder: Path, n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    fridays = pd.date_range("2020-01-03", "2023-12-29", freq="W-FRI")
    navs = np.cumprod(1 + rng.normal(0.001, 0.02, (len(fridays), n)), axis=0)
    pd.DataFrame(navs, index=fridays, columns=[f"基金{k:03d}" for k in range(n)]).to_csv(
        folder / "pool.csv", index_label="date"
    )
    idx = 5000 * np.cumprod(1 + rng.normal(0.0005, 0.025, (len(fridays), 2)), axis=0)
    pd.DataFrame(idx, index=fridays, columns=["SP500 TR", "US 10Y TR"]).to_csv(
        folder / "idx.csv", index_label="date"
    )


def _render(folder: Path, *settings: str, pdf: bool = False):
    out = folder / "screen.xlsx"
    report = render(
        SCREENING,
        out,
        data=[f"Pool={folder / 'pool.csv'}", f"Indices={folder / 'idx.csv'}"],
        settings=[*SPAN, *settings],
        pdf=pdf,
    )
    return report, openpyxl.load_workbook(out)


def test_a_mistyped_benchmark_or_fund_is_said_not_replaced_by_the_first(tmp_path):
    _write_pool(tmp_path, 5)
    report, wb = _render(tmp_path, "bench=SP50", "fund=基金999")
    screen, fund = wb["Screen"], wb["Fund"]
    assert screen["C4"].value == (
        "✗ bench 'SP50' is not a column of Indices: set bench to one of its headers (Settings)"
    )
    assert fund["C4"].value == (
        "✗ fund '基金999' is not a column of Pool: set fund to one of its headers (Settings)"
    )
    at = layout.screen_columns()
    anchor = screen.cell(row=layout.SCREEN_FIRST, column=at["screen"] + 1).value
    assert "'SP50' is not in the list (SP500 TR, US 10Y TR)" in anchor
    assert "'基金999' is not in the list (基金000" in fund[layout.FUND_GRID].value
    # no number computed against another benchmark, nor another fund's months
    assert not [
        c.value
        for ws in (screen, fund)
        for row in ws.iter_rows(min_row=layout.SCREEN_FIRST)
        for c in row
        if isinstance(c.value, int | float)
    ]
    failed = {issue.cell.split("!")[0] for issue in report.issues}
    assert failed == {"Screen", "Fund", "Calc"}
    # the right names (any case, as Excel's XMATCH) and blanks (the first column) work
    report, wb = _render(tmp_path, "bench=us 10y tr", "fund=")
    assert report.issues == []
    assert wb["Screen"]["C4"].value == "US 10Y TR" and wb["Fund"]["C4"].value == "基金000"
    assert block(wb["Fund"], layout.FUND_GRID)[0][0] == "year"


def test_a_pool_of_300_funds_spills_whole_and_prints_whole(tmp_path):
    n = 300
    _write_pool(tmp_path, n)
    report, wb = _render(tmp_path, "bench=SP500 TR", "fund=")
    assert report.issues == []
    ws = wb["Screen"]
    at = layout.screen_columns()
    first = layout.SCREEN_FIRST
    names = [ws.cell(row=first + k, column=at["screen"] + 1).value for k in range(1, n + 1)]
    assert names == [f"基金{k:03d}" for k in range(n)]
    for col in (at["strategy"], at["screen"] + 1, at["rank"]):  # labels, metrics, ranks
        assert ws.cell(row=first + n, column=col + 1).value is not None
        assert ws.cell(row=first + n + 1, column=col + 1).value is None
    # the definitions note is above the table, out of its way
    note = ws[layout.SCREEN_NOTE]
    assert note.value.startswith("Definitions:") and note.row < first
    area = str(ws.print_area).rpartition("!")[2].replace("$", "")
    _, _, max_col, max_row = range_boundaries(area)
    assert max_row >= first + n and max_col >= at["rank"] + 3
    # the number formats of the template's rows carry on down the table
    ratio = 1 + [m for m, _ in layout.SCREEN_METRICS].index(layout.RANK_METRIC)
    assert ws.cell(row=first + n, column=at["screen"] + 1 + ratio).number_format == "0.00"
