"""Rendered report numbers equal direct pylib calls on the same data, cell by cell.

The data is read back from the template's own data sheets (what the formulas see), so these
tests hold whatever the bundled demo data is.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _report_helpers import block, close, sheet_frame

from fofxl import (
    composite,
    drawdowns,
    excess,
    indicators,
    performance,
    regime_table,
    returns,
    snapshot,
)


def _t0_inputs(template):
    market = sheet_frame(template["Market"])
    t0 = sheet_frame(template["T0"])
    mn = sheet_frame(template["Neutral"])
    idx_t0 = composite.composite_index(t0, freq="W", min_age="0M", max_gap="14D", rebalance="M")
    idx_mn = composite.composite_index(mn, freq="W", min_age="6M", max_gap="14D", rebalance="M")
    return market, t0, idx_t0, idx_mn


def test_table1_equals_performance_table(rendered):
    r = rendered["t0"]
    market, t0, idx_t0, idx_mn = _t0_inputs(r["template"])
    # each index on its own dates, the two joined (the market-neutral index starts earlier:
    # its first years are its own, not cut to the T0 index's)
    navs = pd.concat(
        {"T0策略": idx_t0["index"], "市场中性策略": idx_mn["index"]}, axis=1, sort=True
    )
    assert idx_mn.index[0] < idx_t0.index[0]
    expected = performance.performance_table(
        navs,
        by="year",
        rf=0.0,
        periods_per_year=52,
        metrics=["ann_return", "max_dd", "sharpe", "calmar"],
    )
    got = block(r["wb"]["Report"], "B7")
    header = [str(int(h)) if isinstance(h, float) else str(h) for h in got[0]]
    assert header[:2] == ["series", "metric"]
    exp = expected.set_index(["series", "metric"])
    exp.columns = [str(c) for c in exp.columns]
    assert len(got) - 1 == len(exp)
    checked = 0
    for row in got[1:]:
        for name, value in zip(header[2:], row[2:], strict=True):
            assert close(value, exp.loc[(row[0], row[1]), name]), (row[0], row[1], name)
            checked += 1
    assert checked >= 2 * 4 * 7


@pytest.mark.parametrize(
    ("anchor", "indicator"),
    [("B23", "turnover"), ("B31", "volatility"), ("B39", "amplitude")],
)
def test_tables_3_to_5_equal_regime_stats(rendered, anchor, indicator):
    r = rendered["t0"]
    market, t0, _, _ = _t0_inputs(r["template"])
    series = {
        "turnover": market["turnover"],
        "volatility": indicators.realized_volatility(market["close"], 20),
        "amplitude": indicators.amplitude(market["high"], market["low"], market["close"]),
    }[indicator]
    weekly = returns.periodic_returns(t0, "W")
    expected = regime_table.regime_stats(weekly, series, window="3Y", low=0.2, high=0.8)
    got = block(r["wb"]["Report"], anchor)
    header = got[0]
    assert [row[0] for row in got[1:]] == list(expected.index)
    for row in got[1:]:
        for name, value in zip(header[1:], row[1:], strict=True):
            assert close(value, expected.loc[row[0], name]), (indicator, row[0], name)


def test_tracking_snapshot_equals_percentile_snapshot(rendered):
    r = rendered["t0"]
    market = sheet_frame(r["template"]["Market"])
    values = pd.DataFrame(
        {
            "turnover": market["turnover"],
            "volatility": indicators.realized_volatility(market["close"], 20),
            "amplitude": indicators.amplitude(market["high"], market["low"], market["close"]),
        }
    )
    expected = snapshot.percentile_snapshot(values, window="3Y", period="Q")
    ws = r["wb"]["Report"]
    anchor = next(f"B{c.row}" for c in ws["B"] if isinstance(c.value, str) and c.value == "period")
    got = block(ws, anchor)
    header = got[0]
    rows = {pd.Timestamp(row[0]): row for row in got[1:]}
    assert len(rows) == len(expected.dropna(how="all"))
    for date, exp_row in expected.dropna(how="all").iterrows():
        row = rows[pd.Timestamp(date)]
        for name, value in zip(header[1:], row[1:], strict=True):
            # the report shows the changes in percentage points (× 100), the percentiles as
            # fractions under a percent format
            scale = 100 if name.endswith(" change") else 1
            assert close(value, scale * exp_row[name]), (date, name)


def test_monitor_equals_excess_and_drawdowns(rendered):
    r = rendered["quant"]
    template = r["template"]
    products = sheet_frame(template["Products"])
    indices = sheet_frame(template["Indices"])
    settings = template["Settings"]
    first = int(template.defined_names["bench_products"].attr_text.split("$")[2].rstrip(":"))
    bench_of = {
        settings.cell(row=i, column=1).value: settings.cell(row=i, column=2).value
        for i in range(first, first + products.shape[1])
    }
    ws = r["wb"]["Monitor"]
    ytd, report_date = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-28")
    for k, name in enumerate(products.columns):
        row = 7 + k
        assert ws[f"B{row}"].value == name
        nav = products[name].dropna()
        ex = excess.excess_nav(nav, indices[bench_of[name]], method="ratio").dropna()
        assert ws[f"C{row}"].value == bench_of[name]
        assert close(
            ws[f"D{row}"].value, performance.stat(ex, "total_return", start=ytd, end=report_date)
        )
        assert close(ws[f"E{row}"].value, drawdowns.max_drawdown(ex, None, report_date))
        roll = drawdowns.rolling_max_drawdown(ex, 4)
        assert close(ws[f"F{row}"].value, roll.min())
        assert pd.Timestamp(ws[f"G{row}"].value) == roll.idxmin()
        assert close(ws[f"H{row}"].value, ex.loc[:report_date].iloc[-1])
    for k, name in enumerate(indices.columns):
        row = 7 + k
        assert ws[f"J{row}"].value == name
        start, end = pd.Timestamp("2023-11-20"), pd.Timestamp("2024-02-07")
        assert close(ws[f"K{row}"].value, drawdowns.max_drawdown(indices[name], start, end))
        assert close(
            ws[f"L{row}"].value,
            performance.stat(indices[name], "total_return", start=start, end=end),
        )
