"""Tests for fofxl.screening: the screen and the trailing-window table (SPEC §9)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fofxl.screening as screening_module
from fofxl.errors import OptionError
from fofxl.performance import stat
from fofxl.screening import SCREEN_METRICS, screen, trailing


def cell(table, series, metric, column):
    rows = table[(table["series"] == series) & (table["metric"] == metric)]
    assert len(rows) == 1
    return rows.iloc[0][column]


# ---------------------------------------------------------------------------------------------
# screen
# ---------------------------------------------------------------------------------------------


def test_screen_worked_two_funds():
    # a: 1.0 1.1 0.99 1.089 -> returns +10%, -10%, +10%; max_dd 0.99 / 1.1 - 1 = -0.1
    # b: starts in February: base 1.0 (its first NAV), returns +5%, 0
    navs = pd.DataFrame(
        {"a": [1.0, 1.1, 0.99, 1.089], "b": [np.nan, 1.0, 1.05, 1.05]},
        index=pd.date_range("2024-01-31", periods=4, freq="ME"),
    )
    table = screen(navs, "total_return,max_dd,n,worst,downside_vol", periods_per_year=12)
    assert table.columns.tolist() == ["series", "total_return", "max_dd", "n", "worst",
                                      "downside_vol"]  # fmt: skip
    a, b = table.iloc[0], table.iloc[1]
    assert a["total_return"] == pytest.approx(0.089)
    assert a["max_dd"] == pytest.approx(-0.1)
    assert a["n"] == 3
    assert a["worst"] == pytest.approx(-0.1)
    # min(r, 0)^2: 0.01 over n = 3, × sqrt(12)
    assert a["downside_vol"] == pytest.approx(math.sqrt(0.01 / 3) * math.sqrt(12))
    assert b["total_return"] == pytest.approx(0.05)
    assert b["n"] == 2
    assert b["downside_vol"] == 0.0


def test_screen_default_columns_and_window():
    rng = np.random.default_rng(2)
    dates = pd.date_range("2020-01-03", periods=200, freq="W-FRI")
    navs = pd.DataFrame(
        np.exp(np.cumsum(rng.normal(0.001, 0.02, (200, 3)), axis=0)),
        index=dates,
        columns=["x", "y", "z"],
    )
    table = screen(navs, start="2021-01-01", end="2022-06-30")
    assert table.columns.tolist() == ["series", *SCREEN_METRICS]
    for j, name in enumerate(navs.columns):
        for metric in SCREEN_METRICS:
            expected = stat(navs[name], metric, "2021-01-01", "2022-06-30")
            assert table.iloc[j][metric] == pytest.approx(expected)


def test_screen_bench_metrics_equal_stat():
    rng = np.random.default_rng(3)
    dates = pd.date_range("2020-01-03", periods=120, freq="W-FRI")
    navs = pd.DataFrame(
        np.exp(np.cumsum(rng.normal(0.001, 0.02, (120, 2)), axis=0)), index=dates,
        columns=["p", "q"],
    )  # fmt: skip
    navs.iloc[:30, 1] = np.nan
    bench = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.01, 400))),
                      index=pd.date_range("2019-12-01", periods=400, freq="D"))  # fmt: skip
    metrics = ["beta", "tracking_error", "up_capture", "win_rate", "excess_max_dd", "var_99"]
    table = screen(navs, metrics, bench=bench)
    for j, name in enumerate(navs.columns):
        for metric in metrics:
            assert table.iloc[j][metric] == pytest.approx(stat(navs[name], metric, bench=bench))


def test_screen_short_span_has_only_count_total_best_worst():
    navs = pd.DataFrame({"a": [1.0, 1.2]}, index=pd.date_range("2024-01-01", periods=2))
    row = screen(navs, "n,total_return,best,worst,ann_return,max_dd,sortino").iloc[0]
    assert row["n"] == 1
    assert row["total_return"] == pytest.approx(0.2)
    assert row["best"] == row["worst"] == pytest.approx(0.2)
    assert math.isnan(row["ann_return"]) and math.isnan(row["max_dd"])
    assert math.isnan(row["sortino"])


def test_screen_errors():
    navs = pd.DataFrame({"a": [1.0, 1.2, 1.3]}, index=pd.date_range("2024-01-01", periods=3))
    with pytest.raises(OptionError, match="benchmark"):
        screen(navs, "beta")
    with pytest.raises(OptionError, match="not known"):
        screen(navs, "sharpe,gamma")


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 9), st.integers(0, 2**31))
def test_screen_blocks_equal_one_block(n_funds, seed):
    # a universe is processed in blocks of funds: the result must not depend on the blocking
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2022-01-07", periods=40, freq="W-FRI")
    x = np.exp(np.cumsum(rng.normal(0, 0.02, (40, n_funds)), axis=0))
    x[rng.random(x.shape) < 0.2] = np.nan
    navs = pd.DataFrame(x, index=dates, columns=[f"f{j}" for j in range(n_funds)])
    navs = navs.loc[navs.notna().any(axis=1)]
    metrics = "ann_return,max_dd,sortino,cvar_95,longest_dd_days"
    whole = screen(navs, metrics)
    saved = screening_module._FUNDS_PER_BLOCK
    try:
        screening_module._FUNDS_PER_BLOCK = 2
        blocked = screen(navs, metrics)
    finally:
        screening_module._FUNDS_PER_BLOCK = saved
    pd.testing.assert_frame_equal(whole, blocked)


# ---------------------------------------------------------------------------------------------
# trailing windows
# ---------------------------------------------------------------------------------------------

# month ends through 2024-03-31; fund "old" from 2022-12-31, "new" starts 2024-01-31
MONTH_ENDS = pd.to_datetime(
    ["2022-12-31", "2023-06-30", "2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31"]
)
POOL = pd.DataFrame(
    {
        "old": [1.00, 1.05, 1.10, 1.21, 1.10, 1.155],
        "new": [np.nan, np.nan, np.nan, 1.00, 1.02, 1.071],
    },
    index=MONTH_ENDS,
)


def test_trailing_worked_windows():
    table = trailing(POOL, "1M,3M,YTD,1Y,SI,2Y")
    assert table.columns.tolist() == ["series", "metric", "1M", "3M", "YTD", "1Y", "SI", "2Y"]
    # as of 2024-03-31. 1M: start = EDATE(03-31, -1) = 2024-02-29 (clipped): base 1.10
    assert cell(table, "old", "total_return", "1M") == pytest.approx(1.155 / 1.10 - 1)
    # 3M: start 2023-12-31: base 1.10 -> 1.155
    assert cell(table, "old", "total_return", "3M") == pytest.approx(1.155 / 1.10 - 1)
    # YTD: start 2023-12-31, the same base
    assert cell(table, "old", "total_return", "YTD") == pytest.approx(0.05)
    # 1Y: start 2023-03-31: base = last NAV on or before = 1.00 (2022-12-31)
    assert cell(table, "old", "total_return", "1Y") == pytest.approx(0.155)
    assert cell(table, "old", "total_return", "SI") == pytest.approx(0.155)
    # 2Y: start 2022-03-31 is before the first NAV: no value, never a shorter window
    assert math.isnan(cell(table, "old", "total_return", "2Y"))
    # "new" started 2024-01-31: YTD, 3M (start 2023-12-31) and 1Y are empty; 1M and SI not
    assert math.isnan(cell(table, "new", "total_return", "YTD"))
    assert math.isnan(cell(table, "new", "total_return", "3M"))
    assert math.isnan(cell(table, "new", "total_return", "1Y"))
    assert cell(table, "new", "total_return", "1M") == pytest.approx(1.071 / 1.02 - 1)
    assert cell(table, "new", "total_return", "SI") == pytest.approx(0.071)
    assert cell(table, "new", "periods_per_year", "SI") == 12


def test_trailing_as_of_and_stale_fund():
    # as of 2024-02-15: 1M start 2024-01-15, base 1.10 (2023-12-31), end 1.21 (2024-01-31)
    table = trailing(POOL, "1M,SI", as_of="2024-02-15")
    assert cell(table, "old", "total_return", "1M") == pytest.approx(0.1)
    # a fund with no NAV after the start up to d has no value
    stale = POOL.copy()
    stale.loc["2024-02-29":, "old"] = np.nan
    table = trailing(stale, "1M")
    assert math.isnan(cell(table, "old", "total_return", "1M"))


def test_trailing_edate_month_end():
    # 31 March − 1M = 29 February 2024: a NAV dated 2024-02-29 is the base, not 03-01
    navs = pd.Series(
        [1.0, 1.1, 1.2],
        index=pd.to_datetime(["2024-02-29", "2024-03-01", "2024-03-31"]),
        name="f",
    )
    table = trailing(navs, "1M")
    assert cell(table, "f", "total_return", "1M") == pytest.approx(0.2)


@pytest.mark.parametrize("as_of", [None, "2024-03-31", "2024-02-15"])
def test_trailing_reads_dates_with_a_time_of_day_as_their_days(as_of):
    # NAVs stamped 15:00 (a database export): the NAV on a window's start day is its base,
    # as with midnight dates; the figures are the same to the last bit
    at_three = POOL.set_axis(POOL.index + pd.Timedelta(hours=15))
    windows = "1M,3M,YTD,1Y,SI,2Y"
    expected = trailing(POOL, windows, as_of=as_of)
    pd.testing.assert_frame_equal(trailing(at_three, windows, as_of=as_of), expected)
    # hand-worked: base 1.10 (2023-12-31 15:00) for 3M and YTD as of 2024-03-31
    if as_of is None:
        assert cell(expected, "old", "total_return", "YTD") == pytest.approx(0.05)


def test_trailing_other_metrics_equal_stat_windows():
    rng = np.random.default_rng(9)
    dates = pd.date_range("2019-01-04", periods=300, freq="W-FRI")
    navs = pd.Series(np.exp(np.cumsum(rng.normal(0.001, 0.02, 300))), index=dates, name="f")
    table = trailing(navs, "6M,1Y,18M", metrics="ann_return,max_dd,sortino,var_95")
    d = dates[-1]
    for window, months in (("6M", 6), ("1Y", 12), ("18M", 18)):
        start = d - pd.DateOffset(months=months)
        for metric in ("ann_return", "max_dd", "sortino", "var_95"):
            # stat's [start, end] base is the last NAV *before* start: shift one day
            expected = stat(navs, metric, start + pd.Timedelta(days=1), d)
            assert cell(table, "f", metric, window) == pytest.approx(expected), (window, metric)


def test_trailing_errors():
    with pytest.raises(OptionError, match="not a window"):
        trailing(POOL, "1M,last year")
    with pytest.raises(OptionError, match="benchmark"):
        trailing(POOL, "1M", metrics="beta")


def test_doctests():
    result = doctest.testmod(screening_module, extraglobs={"pd": pd}, verbose=False)
    assert result.attempted > 0 and result.failed == 0
