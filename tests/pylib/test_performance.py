"""Tests for fofxl.performance: hand-worked Table 1 cells, windows, a naive twin, empyrical."""

from __future__ import annotations

import doctest
import math

import empyrical
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fofxl.performance as performance_module
from fofxl.errors import InputError, OptionError
from fofxl.performance import DEFAULT_METRICS, METRICS, performance_table, stat
from fofxl.periods import periods_per_year, periods_per_year_columns

# Worked monthly example (P = 12, month-end spacing):
#   2022-11-30 1.00   first NAV: the series starts inside 2022
#   2022-12-30 1.10   +10%   (2022: base 1.00, n = 1)
#   2023-01-31 0.99   -10%   (2023: base = last NAV before the year = 1.10, so this counts)
#   2023-02-28 1.089  +10%
#   2023-03-31 1.1979 +10%   (2023: n = 3, a partial year annualized with its own n)
MONTHLY = pd.Series(
    [1.00, 1.10, 0.99, 1.089, 1.1979],
    index=pd.to_datetime(["2022-11-30", "2022-12-30", "2023-01-31", "2023-02-28", "2023-03-31"]),
    name="fund",
)


def complete_year(navs: pd.Series, year: int) -> bool:
    """SPEC §2, written out: a NAV before the year, and a NAV after it or a last NAV in the
    year on or after 25 December."""
    dates = navs.dropna().index
    inside = dates[dates.year == year]
    before = (dates.year < year).any()
    after = (dates.year > year).any()
    return bool(before and len(inside) and (after or inside[-1] >= pd.Timestamp(year, 12, 25)))


def year_expected(navs: pd.Series, metric: str, year: int, rf: float = 0.0) -> float:
    """A calendar-year cell from stat windows: the annualized figure of a partial year, the
    year's own return (and the Sharpe and Calmar built on it) for a complete one."""
    window = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    value = stat(navs, metric, rf=rf, **window)
    if not complete_year(navs, year) or metric not in ("ann_return", "sharpe", "calmar"):
        return value
    own = stat(navs, "total_return", **window)
    if metric == "ann_return":
        return own
    if metric == "sharpe":
        return (own - rf) / stat(navs, "ann_vol", **window)
    return own / abs(stat(navs, "max_dd", **window))


def cell(table: pd.DataFrame, series, metric: str, column):
    rows = table[(table["series"] == series) & (table["metric"] == metric)]
    assert len(rows) == 1, (series, metric)
    return rows.iloc[0][column]


# ---------------------------------------------------------------------------------------------
# stat: hand-worked figures
# ---------------------------------------------------------------------------------------------


def test_stat_full_history_worked():
    # returns 0.10, -0.10, 0.10, 0.10; n = 4; growth 1.1979 / 1.00
    assert stat(MONTHLY, "n") == 4
    assert stat(MONTHLY, "total_return") == pytest.approx(0.1979)
    assert stat(MONTHLY, "ann_return") == pytest.approx(1.1979 ** (12 / 4) - 1)
    # mean 0.05; deviations 0.05, -0.15, 0.05, 0.05; squares sum 0.03; / (n-1) = 0.01
    # std = 0.1, annualized 0.1 * sqrt(12)
    assert stat(MONTHLY, "ann_vol") == pytest.approx(0.1 * math.sqrt(12))
    # path 1.00 1.10 0.99 ...: worst 0.99 / 1.10 - 1 = -0.10
    assert stat(MONTHLY, "max_dd") == pytest.approx(-0.10)
    assert stat(MONTHLY, "calmar") == pytest.approx((1.1979**3 - 1) / 0.10)
    assert stat(MONTHLY, "pos_share") == 0.75
    assert stat(MONTHLY, "sharpe") == pytest.approx((1.1979**3 - 1) / (0.1 * math.sqrt(12)))
    # arithmetic: mean * P / vol = 0.05 * 12 / (0.1 sqrt 12) = 0.6 / 0.34641
    assert stat(MONTHLY, "sharpe_arithmetic") == pytest.approx(0.6 / (0.1 * math.sqrt(12)))
    # days: 2022-11-30 -> 2023-03-31 = 121 calendar days
    assert stat(MONTHLY, "ann_return_days") == pytest.approx(1.1979 ** (365 / 121) - 1)


def test_stat_risk_free_rate():
    vol = 0.1 * math.sqrt(12)
    ann = 1.1979**3 - 1
    assert stat(MONTHLY, "sharpe", rf=0.02) == pytest.approx((ann - 0.02) / vol)
    # arithmetic: (mean - rf / P) * P / vol = (0.05 - 0.02/12) * 12 / vol
    expected = (0.05 - 0.02 / 12) * 12 / vol
    assert stat(MONTHLY, "sharpe_arithmetic", rf="2%") == pytest.approx(expected)


def test_stat_window_uses_previous_nav_as_base():
    # [2023-02-01, 2023-03-31]: base = 0.99 (2023-01-31), returns +10%, +10%
    window = {"start": "2023-02-01", "end": "2023-03-31"}
    assert stat(MONTHLY, "n", **window) == 2
    assert stat(MONTHLY, "total_return", **window) == pytest.approx(1.1979 / 0.99 - 1)
    assert stat(MONTHLY, "ann_return", **window) == pytest.approx(1.21 ** (12 / 2) - 1)
    assert stat(MONTHLY, "max_dd", **window) == 0.0
    assert math.isnan(stat(MONTHLY, "calmar", **window))  # no drawdown: Calmar is empty
    # the first return of a window counts: [2023-01-01, 2023-01-31] has base 1.10
    assert stat(MONTHLY, "total_return", start="2023-01-01", end="2023-01-31") == pytest.approx(
        -0.10
    )
    # [2023-01-01, 2023-02-28]: path 1.10 (base), 0.99, 1.089; worst 0.99 / 1.10 - 1 = -0.10
    assert stat(MONTHLY, "max_dd", start="2023-01-01", end="2023-02-28") == pytest.approx(-0.10)
    # no NAV before start: the base is the first NAV
    assert stat(MONTHLY, "n", start="2000-01-01") == 4
    # P stays the one of the whole history (12) for a short window: [2023-02-01, ...] has
    # n = 2, so (1.1979 / 0.99)^(12/2) - 1 = 1.21^6 - 1 (checked above); a one-return window
    # ([2023-03-01, ...]: 1.089 -> 1.1979) has only n and total_return (SPEC §8)
    assert stat(MONTHLY, "n", start="2023-03-01") == 1
    assert stat(MONTHLY, "total_return", start="2023-03-01") == pytest.approx(1.1979 / 1.089 - 1)
    assert math.isnan(stat(MONTHLY, "ann_return", start="2023-03-01"))


def test_stat_window_end_holds_the_whole_end_day():
    # end=2023-03-31 includes a NAV stamped 2023-03-31 15:00 (the help says "included"); an
    # end given with a time stops at that time
    at_three = MONTHLY.set_axis(MONTHLY.index + pd.Timedelta(hours=15))
    for start, end in (("2023-02-01", "2023-03-31"), ("2023-01-01", "2023-02-28")):
        assert stat(at_three, "total_return", start, end) == stat(
            MONTHLY, "total_return", start, end
        )
    before = pd.Timestamp("2023-03-31 14:00")
    assert stat(at_three, "n", end=before) == stat(MONTHLY, "n", end="2023-02-28")


def test_stat_window_without_returns():
    assert stat(MONTHLY, "n", start="2024-01-01") == 0
    assert math.isnan(stat(MONTHLY, "ann_return", start="2024-01-01"))
    assert stat(MONTHLY, "n", start="2023-01-05", end="2023-01-20") == 0  # no date inside
    assert math.isnan(stat(MONTHLY, "max_dd", start="2023-01-05", end="2023-01-20"))
    with pytest.raises(OptionError, match="is after end"):
        stat(MONTHLY, "n", start="2023-03-01", end="2023-01-01")


def test_stat_one_observation_and_two():
    one = MONTHLY.iloc[:1]
    assert stat(one, "n") == 0
    for metric in ("ann_return", "ann_vol", "max_dd", "sharpe", "calmar", "total_return"):
        assert math.isnan(stat(one, metric)), metric
    two = MONTHLY.iloc[:2]  # a single return: ann_vol needs two
    assert stat(two, "n") == 1
    assert math.isnan(stat(two, "ann_vol"))
    assert math.isnan(stat(two, "sharpe"))
    assert stat(two, "total_return") == pytest.approx(0.10)


#: What a span with a single return keeps (SPEC §8); every other metric is empty.
SHORT_SPAN = ("n", "total_return", "best", "worst")


def test_stat_single_return_shows_only_n_total_best_worst():
    # 1.00 (2022-11-30) -> 1.10 (2022-12-30): one return +10%. SPEC §8: fewer than 2 returns
    # leave only n = 1, total_return = best = worst = 0.10; before, ann_return showed
    # 1.1^12 - 1, max_dd 0, pos_share 1 and ann_return_days 1.1^(365/30) - 1
    two = MONTHLY.iloc[:2]
    assert stat(two, "n") == 1
    for metric in ("total_return", "best", "worst"):
        assert stat(two, metric) == pytest.approx(0.10), metric
    for metric in [*METRICS, *performance_module.CATALOGUE_METRICS, "var_99"]:
        if metric not in SHORT_SPAN:
            assert math.isnan(stat(two, metric)), metric
    # the same through a window of the full MONTHLY: [2023-02-01, 2023-02-28] holds one
    # return, from 0.99 (2023-01-31) to 1.089
    window = {"start": "2023-02-01", "end": "2023-02-28"}
    assert stat(MONTHLY, "total_return", **window) == pytest.approx(1.089 / 0.99 - 1)
    for metric in ("ann_return", "ann_return_days", "max_dd", "calmar", "pos_share"):
        assert math.isnan(stat(MONTHLY, metric, **window)), metric
    # a DataFrame: each column on its own; "b" has two returns (1.0 -> 1.2 -> 0.9) in the
    # window [2022-12-01, ...] (base 1.0 on 2022-11-30), "a" only one
    frame = pd.DataFrame(
        {"a": [1.0, 1.1, np.nan], "b": [1.0, 1.2, 0.9]},
        index=pd.to_datetime(["2022-11-30", "2022-12-30", "2023-01-31"]),
    )
    max_dd = stat(frame, "max_dd", start="2022-12-01")
    assert math.isnan(max_dd["a"])
    assert max_dd["b"] == pytest.approx(0.9 / 1.2 - 1)
    assert stat(frame, "worst", start="2022-12-01").tolist() == pytest.approx([0.1, 0.9 / 1.2 - 1])


def test_table_year_with_a_single_return_is_blank_but_n_and_total_return():
    # 2022 partial (the series starts inside it): base 1.00, one return to 1.10.
    # 2023 complete: base 1.10, path 0.99, 1.089, 1.0 (to 2023-12-29): n = 3.
    # 2024 partial (the data ends in January): base 1.0, one return to 0.95.
    navs = pd.Series(
        [1.00, 1.10, 0.99, 1.089, 1.0, 0.95],
        index=pd.to_datetime(
            ["2022-11-30", "2022-12-30", "2023-06-30", "2023-09-29", "2023-12-29", "2024-01-31"]
        ),
        name="f",
    )
    rows = [*METRICS, "best", "worst", "sortino", "var_95"]
    table = performance_table(navs, metrics=rows, periods_per_year=12)
    assert list(table.columns) == ["series", "metric", 2022, 2023, 2024, "full"]
    for year, total in ((2022, 0.10), (2024, 0.95 / 1.0 - 1)):
        assert cell(table, "f", "n", year) == 1
        for metric in ("total_return", "best", "worst"):
            assert cell(table, "f", metric, year) == pytest.approx(total), (year, metric)
        for metric in rows:
            if metric not in SHORT_SPAN:
                assert math.isnan(cell(table, "f", metric, year)), (year, metric)
        assert cell(table, "f", "periods_per_year", year) == 12  # P stays shown
    # 2023 (3 returns, complete: its own return 1.0 / 1.1 - 1) and the full span (5 returns)
    # keep their figures
    assert cell(table, "f", "ann_return", 2023) == pytest.approx(1.0 / 1.1 - 1)
    assert cell(table, "f", "max_dd", 2023) == pytest.approx(0.99 / 1.1 - 1)
    assert cell(table, "f", "pos_share", 2023) == pytest.approx(1 / 3)
    assert cell(table, "f", "n", "full") == 5
    assert cell(table, "f", "ann_return", "full") == pytest.approx(0.95 ** (12 / 5) - 1)
    assert cell(table, "f", "max_dd", "full") == pytest.approx(0.95 / 1.1 - 1)


def test_stat_nav_gap_spans_the_blank():
    # a blank NAV is a missing observation: 1.00, 1.10, (blank), 1.21 gives returns
    # +10%, +10% (the second spans the gap), n = 2
    navs = pd.Series(
        [1.00, 1.10, np.nan, 1.21], index=pd.date_range("2024-01-31", periods=4, freq="ME")
    )
    assert stat(navs, "n") == 2
    assert stat(navs, "total_return") == pytest.approx(0.21)
    assert stat(navs, "pos_share") == 1.0
    assert stat(navs, "ann_vol") == pytest.approx(0.0, abs=1e-15)


def test_stat_periods_per_year_override():
    # four business days, P inferred 252; the analyst's 242 replaces it
    navs = pd.Series([1.0, 1.01, 0.99, 1.02], index=pd.bdate_range("2024-03-04", periods=4))
    growth = 1.02
    assert stat(navs, "ann_return") == pytest.approx(growth ** (252 / 3) - 1)
    assert stat(navs, "ann_return", periods_per_year=242) == pytest.approx(growth ** (242 / 3) - 1)
    returns = np.array([0.01, 0.99 / 1.01 - 1, 1.02 / 0.99 - 1])
    assert stat(navs, "ann_vol", periods_per_year=242) == pytest.approx(
        returns.std(ddof=1) * math.sqrt(242)
    )


def test_stat_days_option():
    # 2024-01-01 -> 2024-10-01: 31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 = 274 calendar
    # days, growth 1.04
    navs = pd.Series(
        [1.0, 1.02, 1.05, 1.04],
        index=pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"]),
    )
    assert stat(navs, "ann_return_days") == pytest.approx(1.04 ** (365 / 274) - 1)
    # window: base 1.02 (2024-04-01) -> 1.04 on 2024-10-01 (two returns),
    # 30 + 31 + 30 + 31 + 31 + 30 = 183 days
    assert stat(navs, "ann_return_days", start="2024-05-01") == pytest.approx(
        (1.04 / 1.02) ** (365 / 183) - 1
    )
    # one return (base 1.05 on 2024-07-01 -> 1.04): no annualized figure (SPEC §8)
    assert math.isnan(stat(navs, "ann_return_days", start="2024-08-01"))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metric": "gamma"}, "metric='gamma' is not known"),
        ({"metric": "sharpe", "rf": 2}, "rf=2"),
        ({"metric": "sharpe", "rf": "abc"}, "rf='abc'"),
        ({"metric": "ann_return", "periods_per_year": 0}, "periods_per_year=0"),
        ({"metric": "ann_return", "start": "someday"}, "start"),
    ],
)
def test_stat_option_errors(kwargs, match):
    with pytest.raises(OptionError if "start" not in kwargs else InputError, match=match):
        stat(MONTHLY, **kwargs)


def test_stat_metric_aliases_and_case():
    assert stat(MONTHLY, "MAX_DD") == stat(MONTHLY, "max_drawdown") == stat(MONTHLY, "max_dd")


# ---------------------------------------------------------------------------------------------
# performance_table
# ---------------------------------------------------------------------------------------------


def test_table_layout_and_worked_cells():
    table = performance_table(MONTHLY)
    assert list(table.columns) == ["series", "metric", 2022, 2023, "full"]
    assert all(isinstance(c, int) for c in table.columns[2:4])
    assert table["metric"].tolist() == [*DEFAULT_METRICS, "periods_per_year"]
    assert set(table["series"]) == {"fund"}
    # 2022: base 1.00 (first NAV), one return +10%: fewer than 2 returns, so of the default
    # rows none is shown (only n, total_return, best, worst would be; SPEC §8)
    for metric in DEFAULT_METRICS:
        assert math.isnan(cell(table, "fund", metric, 2022)), metric
    # 2023: base 1.10 (last NAV of 2022), returns -10%, +10%, +10%; growth 1.089, n = 3
    ann_2023 = 1.089 ** (12 / 3) - 1
    assert cell(table, "fund", "ann_return", 2023) == pytest.approx(ann_2023)
    assert cell(table, "fund", "max_dd", 2023) == pytest.approx(-0.10)
    assert cell(table, "fund", "calmar", 2023) == pytest.approx(ann_2023 / 0.10)
    # returns -0.1, 0.1, 0.1: variance (0.03 - 3 (1/30)^2) / 2 = 1/75, vol sqrt(12/75) = 0.4
    assert cell(table, "fund", "sharpe", 2023) == pytest.approx(ann_2023 / 0.4)
    assert cell(table, "fund", "ann_return", "full") == pytest.approx(1.1979**3 - 1)
    assert cell(table, "fund", "periods_per_year", 2023) == 12
    assert cell(table, "fund", "periods_per_year", "full") == 12


def test_table_year_cells_equal_stat_windows():
    table = performance_table(MONTHLY, metrics=METRICS)
    for metric in METRICS:
        for year in (2022, 2023):
            expected = stat(MONTHLY, metric, start=f"{year}-01-01", end=f"{year}-12-31")
            got = cell(table, "fund", metric, year)
            assert got == pytest.approx(expected, nan_ok=True, rel=1e-12), (metric, year)
        assert cell(table, "fund", metric, "full") == pytest.approx(
            stat(MONTHLY, metric), nan_ok=True, rel=1e-12
        )


def test_table_sharpe_method_names_the_row():
    arithmetic = performance_table(MONTHLY, sharpe="arithmetic")
    assert "sharpe_arithmetic" in arithmetic["metric"].tolist()
    assert "sharpe" not in arithmetic["metric"].tolist()
    # 2023: mean 1/30, * 12 / 0.4 = 1.0
    assert cell(arithmetic, "fund", "sharpe_arithmetic", 2023) == pytest.approx(1.0)
    both = performance_table(MONTHLY, metrics="sharpe, sharpe_arithmetic")
    assert both["metric"].tolist() == ["sharpe", "sharpe_arithmetic", "periods_per_year"]


def test_table_several_series_different_starts_and_gaps():
    # 2021-12-31 .. 2023-12-31: 2021 holds only the first NAVs (no return), so no column
    dates = pd.date_range("2021-12-31", periods=25, freq="ME")
    rng = np.random.default_rng(3)
    a = np.exp(np.cumsum(rng.normal(0.005, 0.03, 25)))
    b = np.exp(np.cumsum(rng.normal(0.0, 0.02, 25)))
    b[:8] = np.nan  # starts in August 2022
    b[15] = np.nan  # and misses a month in 2023
    panel = pd.DataFrame({"A": a, "B": b}, index=dates)
    table = performance_table(panel, metrics=METRICS)
    assert list(table.columns) == ["series", "metric", 2022, 2023, "full"]
    assert table["series"].tolist() == ["A"] * 11 + ["B"] * 11
    for name in panel:
        own = panel[name].dropna()
        for metric in METRICS:
            for year in (2022, 2023):
                expected = year_expected(own, metric, year)
                got = cell(table, name, metric, year)
                assert got == pytest.approx(expected, nan_ok=True, rel=1e-10, abs=1e-14)
    # A: both years complete (2021-12-31 before 2022; 2023 ends on 31 December)
    assert complete_year(panel["A"], 2022) and complete_year(panel["A"], 2023)
    assert cell(table, "A", "ann_return", 2022) == pytest.approx(a[12] / a[0] - 1, rel=1e-12)
    # B: 2022 partial (starts in August), 2023 complete
    assert not complete_year(panel["B"], 2022) and complete_year(panel["B"], 2023)


def test_table_series_starting_mid_year_and_empty_years():
    # B starts in 2023: its 2022 cells are empty and n is 0
    dates = pd.to_datetime(["2022-06-30", "2022-12-30", "2023-06-30", "2023-12-29"])
    panel = pd.DataFrame({"A": [1.0, 1.1, 1.0, 1.2], "B": [np.nan, np.nan, 2.0, 2.5]}, index=dates)
    table = performance_table(panel, metrics="ann_return,total_return,n", periods_per_year=2)
    # A's 2022: base 1.0 (first NAV), one return +10%: n and total_return only (SPEC §8)
    assert cell(table, "A", "n", 2022) == 1
    assert cell(table, "A", "total_return", 2022) == pytest.approx(0.10)
    assert math.isnan(cell(table, "A", "ann_return", 2022))
    # A's 2023: base 1.1, returns to 1.0 and 1.2; complete (last NAV on 29 December): its
    # own return 1.2 / 1.1 - 1
    assert cell(table, "A", "ann_return", 2023) == pytest.approx(1.2 / 1.1 - 1)
    assert math.isnan(cell(table, "B", "ann_return", 2022))
    assert cell(table, "B", "n", 2022) == 0
    assert math.isnan(cell(table, "B", "periods_per_year", 2022))
    # B's 2023 base is its first NAV (2.0): one return +25%, so only n and total_return
    assert cell(table, "B", "n", 2023) == 1
    assert cell(table, "B", "total_return", 2023) == pytest.approx(2.5 / 2.0 - 1)
    assert math.isnan(cell(table, "B", "ann_return", 2023))
    assert cell(table, "B", "periods_per_year", 2023) == 2


def test_complete_year_of_245_trading_days_shows_its_own_return():
    # 2019 with 245 trading days (P inferred 252): returns alternate +1%, -0.5% from the
    # 2018-12-31 base; 123 rises and 122 falls. A complete year: ann_return is the year's
    # own return, not (1 + R)^(252/245) - 1; Sharpe and Calmar use it.
    days = pd.bdate_range("2019-01-01", periods=260)[:245]
    assert days[-1].year == 2019
    dates = pd.DatetimeIndex([pd.Timestamp("2018-12-31"), *days, pd.Timestamp("2020-01-02")])
    steps = np.where(np.arange(245) % 2 == 0, 0.01, -0.005)
    navs = pd.Series(np.cumprod(np.r_[1.0, 1 + steps, 1.0]), index=dates)
    table = performance_table(navs, metrics="ann_return,sharpe,calmar,ann_vol,n")
    own = 1.01**123 * 0.995**122 - 1
    assert cell(table, "navs", "n", 2019) == 245
    assert cell(table, "navs", "ann_return", 2019) == pytest.approx(own, rel=1e-12)
    vol = np.std(steps, ddof=1) * math.sqrt(252)
    assert cell(table, "navs", "ann_vol", 2019) == pytest.approx(vol, rel=1e-9)
    assert cell(table, "navs", "sharpe", 2019) == pytest.approx(own / vol, rel=1e-9)
    assert cell(table, "navs", "calmar", 2019) == pytest.approx(own / 0.005, rel=1e-9)
    with_rf = performance_table(navs, metrics="sharpe", rf=0.02)
    assert cell(with_rf, "navs", "sharpe", 2019) == pytest.approx((own - 0.02) / vol, rel=1e-9)
    # the full span keeps the annualized form (246 returns)
    whole = 1.01**123 * 0.995**122
    assert cell(table, "navs", "ann_return", "full") == pytest.approx(
        whole ** (252 / 246) - 1, rel=1e-12
    )


def test_fund_starting_in_march_is_partial_then_complete():
    # monthly NAVs from 2019-03-29: 2019 has no NAV before it (partial: 9 returns Apr-Dec,
    # annualized with P = 12), 2020 has (complete: its own return)
    dates = pd.date_range("2019-03-31", "2020-12-31", freq="ME")
    navs = pd.Series(1.0 * 1.02 ** np.arange(len(dates)), index=dates, name="f")
    navs.iloc[10] *= 0.9  # a dip in January 2020
    table = performance_table(navs, metrics="ann_return,n")
    assert cell(table, "f", "n", 2019) == 9
    r2019 = navs["2019-12-31"] / navs["2019-03-31"]
    assert cell(table, "f", "ann_return", 2019) == pytest.approx(r2019 ** (12 / 9) - 1)
    r2020 = navs["2020-12-31"] / navs["2019-12-31"]
    assert cell(table, "f", "n", 2020) == 12
    assert cell(table, "f", "ann_return", 2020) == pytest.approx(r2020 - 1, rel=1e-12)


@pytest.mark.parametrize(
    ("last", "complete"),
    [("2023-06-25", False), ("2023-12-22", False), ("2023-12-25", True), ("2023-12-29", True)],
)
def test_data_ending_inside_the_year_is_partial(last, complete):
    # the source report's 2023 runs to 25 June: 6 returns from the 2022-12-30 base, so 2023
    # is annualized with its own n; a last NAV on or after 25 December makes it complete
    dates = pd.DatetimeIndex(
        ["2022-11-30", "2022-12-30", "2023-01-31", "2023-02-28", "2023-03-31", "2023-04-28",
         "2023-05-31", last]
    )  # fmt: skip
    navs = pd.Series([1.0, 1.0, 1.03, 1.01, 1.05, 1.04, 1.06, 1.08], index=dates, name="f")
    table = performance_table(navs, metrics="ann_return,calmar", periods_per_year=12)
    growth = 1.08 / 1.0
    expected = growth - 1 if complete else growth ** (12 / 6) - 1
    assert cell(table, "f", "ann_return", 2023) == pytest.approx(expected, rel=1e-12)
    worst = 1.01 / 1.03 - 1
    assert cell(table, "f", "calmar", 2023) == pytest.approx(expected / -worst, rel=1e-12)
    # stat over the same [start, end] span keeps (1 + R)^(P/n) - 1 (SPEC §2)
    assert stat(navs, "ann_return", start="2023-01-01", end="2023-12-31", periods_per_year=12) == (
        pytest.approx(growth ** (12 / 6) - 1, rel=1e-12)
    )


def test_table_periods_per_year_inferred_per_series():
    weekly = pd.Series(
        np.linspace(1, 1.1, 30), index=pd.date_range("2023-01-06", periods=30, freq="W-FRI")
    )
    monthly = pd.Series(
        np.linspace(1, 1.1, 8), index=pd.date_range("2023-01-31", periods=8, freq="ME")
    )
    panel = pd.concat({"w": weekly, "m": monthly}, axis=1, sort=True)
    table = performance_table(panel)
    assert cell(table, "w", "periods_per_year", "full") == 52
    assert cell(table, "m", "periods_per_year", "full") == 12
    overridden = performance_table(panel, periods_per_year=242)
    assert (overridden[overridden["metric"] == "periods_per_year"]["full"] == 242).all()


def test_table_by_full_and_one_observation():
    table = performance_table(MONTHLY, by="full")
    assert list(table.columns) == ["series", "metric", "full"]
    single = performance_table(MONTHLY.iloc[:1])
    assert list(single.columns) == ["series", "metric", "full"]
    assert single["full"].isna().all()
    empty = performance_table(MONTHLY.iloc[:0])
    assert list(empty.columns) == ["series", "metric", "full"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"by": "month"}, "by='month'"),
        ({"sharpe": "sortino"}, "sharpe='sortino'"),
        ({"metrics": "ann_return,gamma"}, "metrics='gamma'"),
        ({"metrics": ","}, "names no metric"),
        ({"rf": 5}, "rf=5"),
        ({"periods_per_year": -1}, "periods_per_year=-1"),
    ],
)
def test_table_option_errors(kwargs, match):
    with pytest.raises(OptionError, match=match):
        performance_table(MONTHLY, **kwargs)


def test_table_metrics_as_list_and_blank_default():
    table = performance_table(MONTHLY, metrics=["n", "pos_share", "periods_per_year"])
    assert table["metric"].tolist() == ["n", "pos_share", "periods_per_year"]
    assert performance_table(MONTHLY, metrics="")["metric"].tolist()[:4] == list(DEFAULT_METRICS)


@pytest.mark.parametrize(
    "levels",
    [
        [1e20, 3e20, 2e20, 1e-5, 2e-5, 1.5e-5],  # a fall by more than 2^64 between years
        [1e300, 1.5e300, 1.2e300, 1.7e300, 1.6e300, 1.1e300],  # would overflow when scaled
        [1e-300, 2e-300, 1.5e-300, 3e-300, 2.5e-300, 1e-300],  # tiny NAVs
    ],
)
def test_table_extreme_nav_levels_stay_exact(levels):
    # the years' running maxima share one pass only when that is exact; otherwise (or near
    # the float range's ends) each year is done on its own
    # a first NAV on 2019-12-31 equal to the next gives 2020 two returns too (a year with one
    # return would show no max_dd, SPEC §8)
    dates = pd.to_datetime(
        ["2019-12-31", "2020-06-30", "2020-12-31", "2021-06-30", "2021-12-31", "2022-06-30",
         "2022-12-30"]
    )  # fmt: skip
    navs = pd.Series([levels[0], *levels], index=dates, name="x")
    table = performance_table(navs, metrics="max_dd,total_return,n", periods_per_year=2)
    for year in (2020, 2021, 2022):
        for metric in ("max_dd", "total_return", "n"):
            expected = stat(navs, metric, start=f"{year}-01-01", end=f"{year}-12-31")
            assert cell(table, "x", metric, year) == pytest.approx(expected, rel=1e-12)
    assert cell(table, "x", "max_dd", "full") == pytest.approx(stat(navs, "max_dd"), rel=1e-12)
    # by hand for the first: 2021 base 3e20 (end of 2020), low 1e-5: -1 + 1e-5 / 3e20
    if levels[0] == 1e20:
        assert cell(table, "x", "max_dd", 2021) == pytest.approx(1e-5 / 3e20 - 1)


# ---------------------------------------------------------------------------------------------
# naive twin on random panels
# ---------------------------------------------------------------------------------------------


def naive_stats(
    navs: pd.Series, start, end, periods: float, rf: float, year: int | None = None
) -> dict[str, float]:
    """Deliberately plain: pick the path, loop over it, apply SPEC §2 line by line.

    With ``year``, the span is that calendar year: a complete one (a NAV before it, and a NAV
    after it or a last NAV on or after 25 December) shows its own return as ann_return."""
    dates, values = list(navs.index), list(navs.to_numpy())
    inside = [i for i, d in enumerate(dates) if start <= d <= end]
    nan = math.nan
    if not inside or (inside[0] == 0 and len(inside) == 1):
        return {"n": 0.0, **{m: nan for m in METRICS if m != "n"}}
    base = inside[0] - 1 if inside[0] > 0 else 0
    path = values[base : inside[-1] + 1]
    returns = [path[i] / path[i - 1] - 1 for i in range(1, len(path))]
    n = len(returns)
    growth = path[-1] / path[0]
    if n < 2:  # SPEC §8: fewer than 2 returns, only n and total_return (and best, worst)
        return {**{m: nan for m in METRICS}, "n": float(n), "total_return": growth - 1}
    ann = growth ** (periods / n) - 1
    if year is not None:
        last_in_year = dates[inside[-1]]
        has_after = inside[-1] + 1 < len(dates)
        late = last_in_year.month == 12 and last_in_year.day >= 25
        if inside[0] > 0 and (has_after or late):
            ann = growth - 1
    mean = sum(returns) / n
    vol = nan
    if n >= 2:
        vol = math.sqrt(sum((r - mean) ** 2 for r in returns) / (n - 1)) * math.sqrt(periods)
    peak, worst = path[0], 0.0
    for v in path:
        peak = max(peak, v)
        worst = min(worst, v / peak - 1)
    days = (dates[inside[-1]] - dates[base]).days
    return {
        "n": float(n),
        "ann_return": ann,
        "ann_return_days": growth ** (365 / days) - 1 if days > 0 else nan,
        "ann_vol": vol,
        "max_dd": worst,
        "sharpe": (ann - rf) / vol if vol > 0 else nan,
        "sharpe_arithmetic": (mean - rf / periods) * periods / vol if vol > 0 else nan,
        "calmar": ann / abs(worst) if worst < 0 else nan,
        "total_return": growth - 1,
        "pos_share": sum(r > 0 for r in returns) / n,
    }


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 4),
    st.integers(2, 60),
    st.sampled_from(["W-FRI", "ME", "B"]),
    st.floats(-0.05, 0.05),
    st.randoms(use_true_random=False),
)
def test_table_matches_naive_loop(n_series, length, freq, rf, rnd):
    dates = pd.date_range("2019-11-01", periods=length, freq=freq)
    rng = np.random.default_rng(rnd.randrange(2**32))
    data = np.exp(np.cumsum(rng.normal(0.0, 0.03, (length, n_series)), axis=0))
    for j in range(n_series):  # staggered starts, ends and blanks
        start = rnd.randrange(length)
        data[:start, j] = np.nan
        if rnd.random() < 0.3:
            data[rnd.randrange(start, length) + 1 :, j] = np.nan
        if rnd.random() < 0.5:
            data[rnd.randrange(length), j] = np.nan
    panel = pd.DataFrame(data, index=dates, columns=[f"s{j}" for j in range(n_series)])
    panel = panel.dropna(how="all")
    if panel.empty:
        return
    table = performance_table(panel, rf=rf, metrics=METRICS)
    years = [c for c in table.columns if isinstance(c, int)]
    for name in panel.columns:
        own = panel[name].dropna()
        periods = periods_per_year(own.index)
        spans = [(pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31 23:59"), y) for y in years]
        spans.append((pd.Timestamp.min, pd.Timestamp.max, "full"))
        for lo, hi, column in spans:
            year = column if isinstance(column, int) else None
            expected = naive_stats(own, lo, hi, periods, rf, year)
            for metric in METRICS:
                got = cell(table, name, metric, column)
                assert got == pytest.approx(expected[metric], rel=1e-9, abs=1e-12, nan_ok=True), (
                    name,
                    column,
                    metric,
                )


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 40), st.randoms(use_true_random=False))
def test_stat_matches_naive_loop_on_windows(length, rnd):
    dates = pd.date_range("2022-01-03", periods=length, freq="W-MON")
    rng = np.random.default_rng(rnd.randrange(2**32))
    navs = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.04, length))), index=dates)
    lo = dates[0] + pd.Timedelta(days=rnd.randrange(-10, 7 * length))
    hi = lo + pd.Timedelta(days=rnd.randrange(0, 7 * length))
    expected = naive_stats(navs, lo, hi, 52.0, 0.01)
    for metric in METRICS:
        got = stat(navs, metric, start=lo, end=hi, rf=0.01)
        assert got == pytest.approx(expected[metric], rel=1e-9, abs=1e-12, nan_ok=True), metric


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([0.25, 0.5, 1, 1.5, 2, 3, 7, 8, 9, 30, 35, 36, 90, 100, 120]), max_size=9
    ),
    st.lists(st.lists(st.booleans(), min_size=10, max_size=10), min_size=1, max_size=5),
)
def test_periods_per_year_columns_equals_the_scalar_rule(gaps, masks):
    days = np.concatenate([[0.0], np.cumsum(gaps)])
    dates = pd.DatetimeIndex(pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D"))
    observed = np.array([mask[: len(dates)] for mask in masks]).T
    expected = [periods_per_year(dates[observed[:, j]]) for j in range(observed.shape[1])]
    assert periods_per_year_columns(dates, observed).tolist() == expected


# ---------------------------------------------------------------------------------------------
# empyrical, where the definitions agree
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def weekly_fund():
    rng = np.random.default_rng(11)
    dates = pd.date_range("2015-01-02", periods=400, freq="W-FRI")
    return pd.Series(np.exp(np.cumsum(rng.normal(0.0015, 0.025, 400))), index=dates)


def test_matches_empyrical(weekly_fund):
    returns = weekly_fund.pct_change().dropna()
    # empyrical.annual_return = (1 + cumulative)^(P / n) - 1: our form with P given
    assert stat(weekly_fund, "ann_return", periods_per_year=52) == pytest.approx(
        empyrical.annual_return(returns, annualization=52), rel=1e-12
    )
    assert stat(weekly_fund, "ann_vol") == pytest.approx(
        empyrical.annual_volatility(returns, annualization=52), rel=1e-12
    )
    # empyrical's Sharpe is the arithmetic one, with a per-period risk-free rate
    assert stat(weekly_fund, "sharpe_arithmetic", rf=0.03) == pytest.approx(
        empyrical.sharpe_ratio(returns, risk_free=0.03 / 52, annualization=52), rel=1e-12
    )
    assert stat(weekly_fund, "max_dd") == pytest.approx(empyrical.max_drawdown(returns), rel=1e-12)
    # Calmar: empyrical divides its annual return by |max drawdown| over the same returns
    assert stat(weekly_fund, "calmar", periods_per_year=52) == pytest.approx(
        empyrical.calmar_ratio(returns, annualization=52), rel=1e-12
    )


def test_year_cells_match_empyrical_on_that_years_returns(weekly_fund):
    # a calendar-year row takes the returns dated in the year (the first spans new year)
    table = performance_table(weekly_fund, metrics="ann_return,ann_vol,max_dd")
    returns = weekly_fund.pct_change().dropna()
    for year in (2016, 2017, 2018):
        r = returns[returns.index.year == year]
        # complete years: the year's own return, not annualized (SPEC §2)
        assert cell(table, weekly_fund.name or "navs", "ann_return", year) == pytest.approx(
            empyrical.cum_returns_final(r), rel=1e-12
        )
        assert cell(table, "navs", "ann_vol", year) == pytest.approx(
            empyrical.annual_volatility(r, annualization=52), rel=1e-12
        )
        assert cell(table, "navs", "max_dd", year) == pytest.approx(
            empyrical.max_drawdown(r), rel=1e-12
        )


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 80), st.floats(0.01, 1000.0), st.randoms(use_true_random=False))
def test_scaling_navs_changes_nothing(length, k, rnd):
    rng = np.random.default_rng(rnd.randrange(2**32))
    dates = pd.date_range("2020-10-02", periods=length, freq="W-FRI")
    navs = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.03, length))), index=dates, name="x")
    original = performance_table(navs, metrics=METRICS)
    scaled = performance_table(navs * k, metrics=METRICS)
    values = original.columns[2:]
    np.testing.assert_allclose(
        scaled[values].to_numpy(float), original[values].to_numpy(float), rtol=1e-9, atol=1e-12
    )


def test_inputs_never_mutated():
    panel = pd.DataFrame(
        {"a": MONTHLY.to_numpy(), "b": [np.nan, 2.0, np.nan, 2.2, 2.1]}, index=MONTHLY.index
    )
    panel_copy, series_copy = panel.copy(), MONTHLY.copy()
    performance_table(panel, metrics=METRICS)
    performance_table(MONTHLY)
    for metric in METRICS:
        stat(MONTHLY, metric, start="2023-01-01")
    pd.testing.assert_frame_equal(panel, panel_copy)
    pd.testing.assert_series_equal(MONTHLY, series_copy)


def test_docstring_examples():
    result = doctest.testmod(performance_module, extraglobs={"pd": pd}, verbose=False)
    assert result.failed == 0 and result.attempted > 0


def test_calmar_is_blank_on_a_rounding_level_drawdown():
    # the last NAV repeats the one before up to rounding: no drawdown, so no Calmar, whatever
    # the NAV level (scaling by 42 moves the noise, not the answer)
    dates = pd.to_datetime(["2020-01-06", "2020-01-07", "2020-01-08", "2020-01-09"])
    navs = pd.Series([1.25, 1.5625, 1.953125, 1.9531249999999984], index=dates)
    for k in (1.0, 42.0):
        table = performance_table(navs * k, metrics="calmar,max_dd")
        assert math.isnan(cell(table, "navs", "calmar", "full"))
        assert cell(table, "navs", "max_dd", "full") == pytest.approx(0.0, abs=1e-15)
    real = pd.Series([1.0, 1.1, 1.0999, 1.2], index=dates)
    assert stat(real, "calmar") == pytest.approx(stat(real, "ann_return") / (1 - 1.0999 / 1.1))
