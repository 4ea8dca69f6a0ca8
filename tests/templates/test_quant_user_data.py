"""The quant monitor on settings and data that are not the demo's: an earlier report date (every
figure of the summary, the worst N-day window included, is as of that date)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from _report_helpers import block, close, sheet_frame

from fofxl import drawdowns, excess
from fofxl_report.render import render

QUANT = Path(__file__).resolve().parents[2] / "templates" / "quant_monitor.xlsx"


def test_worst_n_day_excess_drawdown_is_as_of_the_report_date(tmp_path):
    report_date = pd.Timestamp("2023-12-29")
    out = tmp_path / "qm.xlsx"
    report = render(QUANT, out, settings=[f"report_date={report_date.date()}"])
    assert report.issues == []
    wb = openpyxl.load_workbook(out)
    products, indices = sheet_frame(wb["Products"]), sheet_frame(wb["Indices"])
    got = block(wb["Monitor"], "B6")
    assert got[0][4].startswith("最差N日") and got[0][5].startswith("日期")
    later = 0  # products whose worst window of all comes after the report date
    for row in got[1:]:
        ex = excess.excess_nav(products[row[0]].dropna(), indices[row[1]]).dropna()
        roll = drawdowns.rolling_max_drawdown(ex, 4)
        upto = roll.loc[:report_date]
        assert close(row[4], upto.min()), row[0]
        assert pd.Timestamp(row[5]) == upto.idxmin() <= report_date, row[0]
        later += roll.idxmin() > report_date
    assert later > 0  # the demo's 2024 crisis: the case QA saw (a 2024-02-07 date)
