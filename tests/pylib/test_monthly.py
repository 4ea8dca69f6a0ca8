"""Tests for fofxl.monthly: the monthly return grid (SPEC §9)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest

import fofxl.monthly as monthly_module
from fofxl.monthly import MONTHS, monthly_table
from fofxl.performance import performance_table


def test_worked_grid():
    # first NAV 2023-11-15 1.00; Nov end 1.02 (+2% from the first NAV); no NAV in December;
    # Jan 1.0506 (+3% over two months); Feb 1.0506 (0); mid-March only (03-15 1.08 is the
    # last in March): +2.798...%
    navs = pd.Series(
        [1.00, 1.02, 1.0506, 1.0506, 1.08],
        index=pd.to_datetime(["2023-11-15", "2023-11-30", "2024-01-31", "2024-02-29",
                              "2024-03-15"]),
        name="f",
    )  # fmt: skip
    table = monthly_table(navs)
    assert table.columns.tolist() == ["year", *MONTHS, "total"]
    assert table["year"].tolist() == [2023, 2024]
    y23, y24 = table.iloc[0], table.iloc[1]
    assert y23["Nov"] == pytest.approx(0.02)
    assert math.isnan(y23["Dec"]) and math.isnan(y23["Jan"])
    assert y23["total"] == pytest.approx(0.02)
    assert y24["Jan"] == pytest.approx(1.0506 / 1.02 - 1)
    assert y24["Feb"] == pytest.approx(0.0)
    assert y24["Mar"] == pytest.approx(1.08 / 1.0506 - 1)
    assert math.isnan(y24["Apr"])
    # the year's total compounds its months: 1.08 / 1.02 - 1
    assert y24["total"] == pytest.approx(1.08 / 1.02 - 1)


def test_first_month_with_a_single_nav_is_empty():
    navs = pd.Series([1.0, 1.1], index=pd.to_datetime(["2024-01-31", "2024-02-29"]), name="f")
    row = monthly_table(navs).iloc[0]
    assert math.isnan(row["Jan"])
    assert row["Feb"] == pytest.approx(0.1)


def test_panel_blocks_and_year_total_equals_calendar_year_row():
    rng = np.random.default_rng(4)
    dates = pd.bdate_range("2021-03-10", "2024-05-20")
    x = np.exp(np.cumsum(rng.normal(0, 0.01, (len(dates), 2)), axis=0))
    x[:200, 1] = np.nan
    x[rng.random(x.shape) < 0.3] = np.nan
    navs = pd.DataFrame(x, index=dates, columns=["a", "b"])
    table = monthly_table(navs)
    assert table.columns[0] == "series"
    per_year = performance_table(navs, metrics="total_return")
    for name in ("a", "b"):
        block = table[table["series"] == name]
        first_year = navs[name].first_valid_index().year
        assert block["year"].tolist() == list(range(first_year, 2025))
        for _, row in block.iterrows():
            expected = per_year[
                (per_year["series"] == name) & (per_year["metric"] == "total_return")
            ][row["year"]].iloc[0]
            assert row["total"] == pytest.approx(expected)  # fmt: skip
    # each month against pandas: month-end NAVs' pct_change (months after the first)
    ends = navs["a"].dropna().resample("ME").last()
    expected = ends.pct_change(fill_method=None).dropna()
    block = table[table["series"] == "a"].set_index("year")
    for date, value in expected.items():
        assert block.loc[date.year, MONTHS[date.month - 1]] == pytest.approx(value)


def test_doctests():
    result = doctest.testmod(monthly_module, extraglobs={"pd": pd}, verbose=False)
    assert result.attempted > 0 and result.failed == 0
