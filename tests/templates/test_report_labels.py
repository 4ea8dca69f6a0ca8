"""Labels that follow the settings and the data, or say nothing they cannot know: the
portfolio's benchmark named in its metrics heading, no "weekly" or "trading days" fixed on
a chart or table that takes any frequency."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from fofxl_report.render import render

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_portfolio_metrics_heading_names_the_benchmark_set(tmp_path):
    out = tmp_path / "fof.xlsx"
    report = render(TEMPLATES / "fof_portfolio.xlsx", out, settings=["benchmark=csi500"])
    assert report.issues == []
    headings = [
        c.value
        for row in openpyxl.load_workbook(out)["Report"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("指标 Metrics")
    ]
    assert headings == [
        "指标 Metrics since the portfolio's start (against csi500 for beta and information ratio)"
    ]


def test_no_fixed_frequency_in_labels_of_tables_that_take_any():
    quant = openpyxl.load_workbook(TEMPLATES / "quant_monitor.xlsx")
    assert "trading days" not in quant["Episodes"]["B2"].value
    with zipfile.ZipFile(TEMPLATES / "quant_monitor.xlsx") as z:
        charts = "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")
        )
    assert "Excess NAV" in charts and "(weekly" not in charts
    screening = openpyxl.load_workbook(TEMPLATES / "screening.xlsx")
    subtitle = screening["Correlation"]["B2"].value
    assert "weekly" not in subtitle and "corr_freq" in subtitle
