"""The T0 report's Regimes page (issue 13): tests by weeks and pooled side by side, the reading
line, the per-product table sorted by spread and its chart, on the rendered demo report.

The numbers are checked against scipy on regimes labelled here with plain pandas loops (weekly
mean turnover, 3-year PERCENTRANK.INC, 20%/80%), independent of fofxl's labelling."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _report_helpers import block, sheet_frame
from openpyxl.utils.cell import get_column_letter
from scipy import stats

from fofxl_report.formulas import parse_ref

SECTIONS = (6, 15, 24)  # first row of each indicator's section (turnover, volatility, amplitude)
PRODUCTS = 34


def _week_end(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return index + pd.to_timedelta((4 - index.day_of_week) % 7, unit="D")


def _turnover_regimes(market: pd.DataFrame) -> pd.Series:
    daily = market["turnover"].dropna()
    weekly = daily.groupby(_week_end(daily.index)).mean()
    labels = {}
    for t, x in weekly.items():
        start = t - pd.DateOffset(years=3)
        if weekly.index[0] > start:
            continue
        window = weekly[(weekly.index > start) & (weekly.index <= t)]
        pct = (window < x).sum() / (len(window) - 1)
        labels[t] = "high" if pct > 0.8 else "low" if pct < 0.2 else "balance"
    return pd.Series(labels)


def _raw(ws, row: int, col: int) -> list[list]:
    return block(ws, f"{get_column_letter(col)}{row}", 11)


@pytest.fixture(scope="module")
def page(rendered):
    r = rendered["t0"]
    return r["wb"]["Regimes"], r


def test_page_formulas_in_the_template(rendered):
    ws = rendered["t0"]["template"]["Regimes"]
    period, pooled = ws["AA9"].value.text, ws["AM9"].value.text
    assert period.startswith("=FOF_REGIMETEST(INDEX(_xlfn.ANCHORARRAY(Calc!AM1), 0, 1)")
    assert "mkt_turnover, set_window, set_low, set_high" in period
    assert period.endswith('"period")') and pooled.endswith('"pooled")')
    assert "FOF_VOL(mkt_dates, mkt_close, set_vol_window)" in ws["AA18"].value.text
    assert "FOF_AMPLITUDE(mkt_high, mkt_low, mkt_close)" in ws["AA27"].value.text
    products = ws[f"B{PRODUCTS + 2}"].value.text
    assert products.startswith("=FOF_REGIMEPRODUCTS(") and products.endswith(", , , TRUE)")


def test_rendered_without_issues(page):
    _, r = page
    assert r["report"].issues == []


def test_tests_match_scipy_on_independent_labels(page):
    ws, r = page
    wb = r["wb"]
    returns = pd.DataFrame(block(wb["Calc"], "AM1"))
    header, body = returns.iloc[0].tolist(), returns.iloc[1:]
    frame = pd.DataFrame(
        body.iloc[:, 1:].to_numpy(dtype=float),
        index=pd.DatetimeIndex(body.iloc[:, 0]),
        columns=header[1:],
    )
    labels = _turnover_regimes(sheet_frame(wb["Market"]))
    week = _week_end(frame.index)
    regime = labels.reindex(week).to_numpy()
    pooled = {k: frame.to_numpy()[regime == k].ravel() for k in ("low", "balance", "high")}
    pooled = {k: v[~np.isnan(v)] for k, v in pooled.items()}
    # by weeks: the mean of all product returns dated in the week
    sums = frame.groupby(week).sum(min_count=1).sum(axis=1, min_count=1)
    counts = frame.groupby(week).count().sum(axis=1)
    weekly_mean = (sums / counts).dropna()
    week_regime = labels.reindex(weekly_mean.index).to_numpy()
    by_week = {k: weekly_mean.to_numpy()[week_regime == k] for k in ("low", "balance", "high")}
    for unit, col, groups in (("period", 27, by_week), ("pooled", 39, pooled)):
        raw = _raw(ws, 9, col)
        assert raw[0][:4] == ["test", "a", "b", "unit"]
        welch, mwu, kw = raw[1], raw[2], raw[3]
        assert welch[3] == unit
        ref = stats.ttest_ind(groups["high"], groups["low"], equal_var=False)
        assert (welch[4], welch[5]) == (len(groups["high"]), len(groups["low"]))
        assert welch[6] == pytest.approx(groups["high"].mean(), rel=1e-9)
        assert welch[8] == pytest.approx(ref.statistic, rel=1e-9)
        assert welch[10] == pytest.approx(ref.pvalue, rel=1e-8)
        ref_u = stats.mannwhitneyu(groups["high"], groups["low"], method="asymptotic")
        assert mwu[8] == pytest.approx(ref_u.statistic) and mwu[10] == pytest.approx(
            ref_u.pvalue, rel=1e-8
        )
        ref_h = stats.kruskal(groups["low"], groups["balance"], groups["high"])
        assert kw[8] == pytest.approx(ref_h.statistic, rel=1e-9)
        assert kw[4] == sum(len(g) for g in groups.values())
    assert _raw(ws, 9, 39)[3][4] > 5 * _raw(ws, 9, 27)[3][4]  # pooled n: 6× the weeks


@pytest.mark.parametrize("top", SECTIONS)
def test_shown_tables_pick_the_raw_columns_and_the_reading_quotes_them(page, top):
    ws, _ = page
    first = top + 3
    period, pooled = _raw(ws, first, 27), _raw(ws, first, 39)
    left = block(ws, f"B{first}", 8)
    right = block(ws, f"K{first}", 7)
    assert left == [[row[i - 1] for i in (1, 5, 6, 7, 8, 9, 10, 11)] for row in period]
    assert right == [[row[i - 1] for i in (5, 6, 7, 8, 9, 10, 11)] for row in pooled]
    spread = (period[1][6] - period[1][7]) * 100
    p = period[1][10]
    shown_p = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    ratio = pooled[3][4] / period[3][4]
    expected = (
        f"high vs low: {spread:+.2f} pp a week, {shown_p} by weeks; "
        f"pooled product-weeks overstate n {ratio:.1f}×"
    )
    assert ws[f"B{top + 1}"].value == expected


def test_products_sorted_by_spread_with_the_contrarian_last_and_charted(page):
    ws, r = page
    table = block(ws, f"B{PRODUCTS + 2}", 11)
    assert table[0] == ["product", "n_low", "n_balance", "n_high", "mean_low", "mean_balance",
                        "mean_high", "spread", "t", "p_value", "rank"]  # fmt: skip
    rows = table[1:]
    spreads = [row[7] for row in rows]
    assert spreads == sorted(spreads, reverse=True)
    assert [row[10] for row in rows] == list(range(1, len(rows) + 1))
    assert rows[-1][0] == "T0-5" and rows[-1][7] < 0 < rows[-2][7]
    for row in rows:
        assert row[7] == pytest.approx(row[6] - row[4], rel=1e-12)
    charts = [c for c in ws._charts]
    assert len(charts) == 1
    series = charts[0].series[0]
    cats = parse_ref((series.cat.strRef or series.cat.numRef).f)
    vals = parse_ref(series.val.numRef.f)
    assert (cats.min_col, vals.min_col) == (2, 9)  # product, spread
    assert cats.min_row == vals.min_row == PRODUCTS + 3
    assert vals.max_row == PRODUCTS + 2 + len(rows)
    assert not math.isnan(sum(spreads))
