"""The FoF portfolio report (``templates/fof_portfolio.xlsx``) rendered on the bundled data.

Its numbers are checked against independent computations on the workbook's own Funds and
Settings sheets: the portfolio NAV against the naive loop twin of SPEC §11 (written with Python
loops in ``tests/pylib/test_portfolio.py``), contributions against plain sums of the rendered
period returns, the monthly grid and trailing returns against pandas on the rendered NAV.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from fofxl_report.render import render
from fofxl_templates.layouts import fof_portfolio

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "fof_portfolio.xlsx"
_BAD_TEXT = ("#VALUE!", "#SPILL!", "#NAME?", "#REF!", "#N/A", "Traceback", "FOF_")


def _twin() -> Any:
    spec = importlib.util.spec_from_file_location(
        "portfolio_twin", ROOT / "tests" / "pylib" / "test_portfolio.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("portfolio") / "fof_portfolio.xlsx"
    report = render(TEMPLATE, out)
    assert report.issues == []
    return openpyxl.load_workbook(out)


def _block(ws: Any, row: int, col: int) -> pd.DataFrame:
    """The table whose header starts at (row, col), 1-based, down to the first blank row."""
    header = []
    c = col
    while ws.cell(row, c).value is not None:
        header.append(ws.cell(row, c).value)
        c += 1
    rows = []
    r = row + 1
    while ws.cell(r, col).value is not None:
        rows.append([ws.cell(r, col + k).value for k in range(len(header))])
        r += 1
    return pd.DataFrame(rows, columns=header)


def _frame(ws: Any) -> pd.DataFrame:
    """A data sheet (date + one column per series) as a frame."""
    values = list(ws.values)
    frame = pd.DataFrame(values[1:], columns=values[0]).set_index("date")
    frame.index = pd.to_datetime(frame.index)
    return frame.astype(float)


def _find(ws: Any, text: str) -> int:
    for row in ws.iter_rows(min_col=2, max_col=2):
        if isinstance(row[0].value, str) and row[0].value.startswith(text):
            return row[0].row
    raise AssertionError(f"no section {text!r}")


def test_rendered_report_is_finished_and_labelled_synthetic(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and ws.title not in ("Log", "xlwings.conf"):
                    assert not v.startswith("="), f"{ws.title}!{cell.coordinate} kept {v}"
                    assert not any(b in v for b in _BAD_TEXT), f"{ws.title}!{cell.coordinate}"
    assert "SYNTHETIC" in book["Report"]["E3"].value
    assert book.sheetnames[:2] == ["Report", "Charts"]


def test_portfolio_nav_matches_the_naive_loop_on_the_sheets(book):
    funds = _frame(book["Funds"])
    weights = _block(book["Settings"], _find_weights(book), 1)
    rows = [
        (d.date(), {f: float(w) for f, w in r.items() if f not in ("date", "cash")})
        for d, r in zip(weights["date"], weights.to_dict("records"), strict=True)
    ]
    assert len(rows) == 2 and rows[1][0] == dt.date(2023, 7, 1)  # the dated reallocation
    grid, nav, rets, _, _ = _twin()._naive(funds, rows, "M", "W")
    calc = _block(book["Calc"], 1, 1)
    assert [d.date() for d in calc["date"]] == grid
    np.testing.assert_allclose(calc["nav"].astype(float), nav, rtol=1e-10)


def _find_weights(book: Any) -> int:
    ws = book["Settings"]
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "date":
            return row[0].row
    raise AssertionError("no weights table")


def test_contributions_add_up_to_the_rendered_period_returns(book):
    calc = _block(book["Calc"], 1, 1)
    ws = book["Report"]
    contrib = _block(ws, _find(ws, "收益贡献") + 1, 2).set_index("fund")
    assert list(contrib.index) == [name for _, name in fof_portfolio.FUNDS] + ["total"]
    dates = pd.to_datetime(calc["date"])
    inside = (dates >= "2024-01-01") & (dates <= "2024-06-28")
    returns = calc.loc[inside, "return"].astype(float)
    assert contrib.loc["total", "contribution"] == pytest.approx(returns.sum(), rel=1e-12)
    assert contrib["contribution"].iloc[:-1].sum() == pytest.approx(returns.sum(), rel=1e-10)
    assert contrib.loc["total", "fund_return"] == pytest.approx(np.prod(1 + returns) - 1, rel=1e-10)
    assert contrib["share"].iloc[:-1].sum() == pytest.approx(1.0, rel=1e-10)
    # after the 2023-07-01 reallocation the weights drift around 15/15/15/10/10/10/10/10
    np.testing.assert_allclose(
        contrib["avg_weight"].iloc[:-1], fof_portfolio.WEIGHTS[1][1], atol=0.01
    )


def test_monthly_grid_and_trailing_returns_follow_the_rendered_nav(book):
    calc = _block(book["Calc"], 1, 1)
    nav = pd.Series(calc["nav"].astype(float).to_numpy(), index=pd.to_datetime(calc["date"]))
    ws = book["Report"]
    monthly = _block(ws, _find(ws, "月度收益") + 1, 2).set_index("year")
    year_end = nav.groupby(nav.index.year).last()
    assert monthly.loc[2022, "total"] == pytest.approx(year_end[2022] / year_end[2021] - 1)
    month_end = nav.groupby(nav.index.to_period("M")).last()
    assert monthly.loc[2023, "Mar"] == pytest.approx(
        month_end[pd.Period("2023-03")] / month_end[pd.Period("2023-02")] - 1
    )
    trailing = _block(ws, _find(ws, "区间业绩") + 1, 2)
    row = trailing[(trailing["series"] == "portfolio") & (trailing["metric"] == "total_return")]
    assert row["SI"].iloc[0] == pytest.approx(nav.iloc[-1] / nav.iloc[0] - 1, rel=1e-10)
    assert row["YTD"].iloc[0] == pytest.approx(nav.iloc[-1] / year_end[2023] - 1, rel=1e-10)


def test_episode_columns_carry_their_own_formats(book):
    # FOF_DDTABLE leads with a series column: dates under peak/trough/recovery, a percentage
    # under depth, whole numbers under the lengths (a depth shown as "0" would be wrong)
    ws = book["Report"]
    head = _find(ws, "回撤区间") + 1
    header = [ws.cell(head, c).value for c in range(2, 10)]
    assert header[:5] == ["series", "peak", "trough", "recovery", "depth"]
    first = head + 1
    formats = {name: ws.cell(first, 2 + k).number_format for k, name in enumerate(header)}
    assert all("yy" in formats[c] for c in ("peak", "trough", "recovery"))
    assert "%" in formats["depth"]
    assert ws.cell(first, 6).value < 0
    assert "%" not in formats["peak_to_trough"] and "yy" not in formats["peak_to_trough"]
