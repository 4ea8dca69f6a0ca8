"""Labels that follow the settings and the data, or say nothing they cannot know: the
portfolio's benchmark named in its metrics heading, no "weekly" or "trading days" fixed on
a chart or table that takes any frequency, the T0 report's weeks or months as its index's."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from fofxl import _options
from fofxl_report.render import render
from fofxl_templates.layouts import t0_regimes

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


def _texts(wb: openpyxl.Workbook, sheets: tuple[str, ...]) -> dict[str, str]:
    return {
        f"{name}!{c.coordinate}": c.value
        for name in sheets
        for row in wb[name].iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


def _chart_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))


def test_t0_labels_follow_a_monthly_index(tmp_path, rendered):
    # freq written as an analyst may write it: every fofxl function reads "monthly" as M, and
    # the Regimes page said "by weeks" whatever the index's frequency
    out = tmp_path / "t0_monthly.xlsx"
    report = render(
        TEMPLATES / "t0_environment.xlsx", out, settings=["freq=monthly", "max_gap=35D"]
    )
    assert report.issues == []
    for path, word, zh in ((out, "month", "月"), (rendered["t0"]["path"], "week", "周")):
        other = "week" if word == "month" else "month"
        wb = openpyxl.load_workbook(path)
        texts = _texts(wb, ("Report", "Regimes", "Figures", "Calc"))
        wrong = {k: v for k, v in texts.items() if other in v.lower()}
        assert wrong == {}, wrong
        regimes = wb["Regimes"]
        assert f"By {word}s: one observation per {word} =" in regimes["B3"].value
        for top in (6, 15, 24):
            assert f" pp a {word}, " in regimes[f"B{top + 1}"].value
            assert (
                f" by {word}s; pooled product-{word}s overstate n " in regimes[f"B{top + 1}"].value
            )
            assert regimes[f"B{top + 2}"].value == (
                f"按{zh} by {word}s (one observation per {word}): a = high, b = low"
            )
            assert regimes[f"K{top + 2}"].value == (
                f"合并 pooled product-{word}s (as Tables 3–5): a = high, b = low"
            )
        assert f"mean {word}ly return in high-turnover {word}s" in regimes["B35"].value
        (chart,) = regimes._charts
        name = chart.series[0].tx.strRef.f
        assert name == "Regimes!$AA$34"
        assert regimes["AA34"].value == f"high − low spread ({word}ly mean return)"
        # (chart axes count years in months: <c:majorTimeUnit val="months"/>)
        assert ("week" if word == "month" else "monthly") not in _chart_xml(path).lower()
        assert f"pooled {word}ly returns" in wb["Report"]["B22"].value
        assert wb["Calc"]["AL1"].value == f"T0策略{zh}收益 T0 {word}ly return"


def test_t0_monthly_words_are_the_freq_values_fofxl_reads_as_months():
    monthly = {key for key, value in _options._FREQ_ALIASES.items() if value == "M"}
    assert {m.lower() for m in t0_regimes.MONTHLY} == monthly


def test_portfolio_nav_chart_title_names_no_frequency():
    # the portfolio NAV is on the freq grid of Settings (W or M): its chart said "(weekly)"
    charts = _chart_xml(TEMPLATES / "fof_portfolio.xlsx")
    assert "Portfolio NAV vs benchmark" in charts and "weekly" not in charts
