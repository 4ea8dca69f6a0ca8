"""Tests for fofxl.excess: hand-worked ratio and diff, missing dates, a naive twin, properties."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fofxl.excess as excess_module
from fofxl.errors import InputError, OptionError
from fofxl.excess import excess_nav

D = pd.date_range("2024-01-05", periods=6, freq="W-FRI")

#        week 1  week 2  week 3  week 4  week 5  week 6
# fund   1.00    1.10    1.21    1.331   1.21    1.331
# bench  100     105     --      110     99      108.9
# the bench lacks week 3: that date is blank and week 4's returns span it
FUND = pd.Series([1.00, 1.10, 1.21, 1.331, 1.21, 1.331], index=D, name="fund")
BENCH = pd.Series([100.0, 105.0, 110.0, 99.0, 108.9], index=D[[0, 1, 3, 4, 5]], name="index")


def test_ratio_worked_example():
    result = excess_nav(FUND, BENCH)
    assert isinstance(result, pd.Series) and result.name == "fund"
    assert result.index.equals(D)
    expected = [
        1.0,  # first common date
        (1.10 / 1.00) / (105 / 100),  # 1.047619
        math.nan,  # the benchmark lacks this date
        (1.331 / 1.00) / (110 / 100),  # 1.21
        (1.21 / 1.00) / (99 / 100),  # 1.222222
        (1.331 / 1.00) / (108.9 / 100),  # 1.222222
    ]
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=1e-14)


def test_diff_worked_example():
    # returns between consecutive common dates (week 4's spans the bench's gap):
    #   week 2: r = 0.10,            rb = 0.05           -> 1 + 0.05      = 1.05
    #   week 4: r = 1.331/1.10 - 1,  rb = 110/105 - 1    -> 0.21 - 0.047619 = 0.162381
    #   week 5: r = 1.21/1.331 - 1,  rb = 99/110 - 1     -> -0.090909 + 0.1 = 0.009091
    #   week 6: r = 0.10,            rb = 0.10           -> 0
    steps = [0.05, (1.331 / 1.10 - 1) - (110 / 105 - 1), (1.21 / 1.331 - 1) - (99 / 110 - 1), 0.0]
    levels = np.cumprod([1.0] + [1 + s for s in steps])
    result = excess_nav(FUND, BENCH, method="diff")
    assert math.isnan(result.iloc[2])
    np.testing.assert_allclose(result.drop(D[2]).to_numpy(), levels, rtol=1e-14)
    assert result.iloc[1] == pytest.approx(1.05)


def test_first_common_date_later_than_the_fund_start():
    # the bench starts in week 3: earlier fund dates are blank, week 3 is the base (1.0)
    bench = pd.Series([50.0, 55.0], index=D[[2, 3]])
    result = excess_nav(FUND, bench)
    assert result.iloc[:2].isna().all()
    assert result.iloc[2] == 1.0
    assert result.iloc[3] == pytest.approx((1.331 / 1.21) / (55 / 50))
    assert result.iloc[4:].isna().all()  # bench ends: blank after


def test_fund_blank_and_bench_only_dates():
    # a blank fund NAV is dropped (cleaned index); bench dates the fund lacks are ignored
    fund = pd.Series([1.0, np.nan, 1.2], index=D[:3])
    bench = pd.Series([10.0, 11.0, 12.0, 13.0], index=D[:4])
    ratio = excess_nav(fund, bench)
    assert list(ratio.index) == [D[0], D[2]]
    assert ratio.tolist() == pytest.approx([1.0, 1.2 / 1.2])
    diff = excess_nav(fund, bench, method="diff")
    assert diff.tolist() == pytest.approx([1.0, 1 + (0.2 - 0.2)])


def test_no_common_date_is_all_blank():
    bench = pd.Series([1.0, 2.0], index=pd.to_datetime(["2020-01-01", "2020-01-02"]))
    assert excess_nav(FUND, bench).isna().all()
    assert excess_nav(FUND, bench, method="diff").isna().all()


def test_panel_equals_series_form():
    panel = pd.DataFrame({"a": FUND.to_numpy(), "b": [np.nan, 2.0, 2.2, np.nan, 2.1, 2.3]}, index=D)
    for method in ("ratio", "diff"):
        result = excess_nav(panel, BENCH, method=method)
        assert isinstance(result, pd.DataFrame) and list(result.columns) == ["a", "b"]
        for name in panel:
            single = excess_nav(panel[name], BENCH, method=method)
            pd.testing.assert_series_equal(
                result[name].reindex(single.index), single, check_names=False
            )
            assert result[name][panel[name].isna()].isna().all()


def test_options_and_errors():
    assert excess_nav(FUND, BENCH, method="Difference").equals(
        excess_nav(FUND, BENCH, method="diff")
    )
    with pytest.raises(OptionError, match="method='log' is not known"):
        excess_nav(FUND, BENCH, method="log")
    with pytest.raises(InputError, match="bench"):
        excess_nav(FUND, pd.Series([1.0, -1.0], index=D[:2]))


def naive_excess(fund: pd.Series, bench: pd.Series, method: str) -> list[float]:
    fund, bench = fund.dropna(), bench.dropna()
    out, base, prev, level = [], None, None, 1.0
    for date, nav in fund.items():
        if date not in bench.index:
            out.append(math.nan)
            continue
        ref = bench[date]
        if base is None:
            base = prev = (nav, ref)
            out.append(1.0)
            continue
        if method == "ratio":
            out.append((nav / base[0]) / (ref / base[1]))
        else:
            level *= 1 + (nav / prev[0] - 1) - (ref / prev[1] - 1)
            out.append(level)
        prev = (nav, ref)
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(0.5, 2.0)), min_size=1, max_size=25),
    st.lists(st.one_of(st.none(), st.floats(50, 150)), min_size=1, max_size=25),
    st.sampled_from(["ratio", "diff"]),
)
def test_matches_naive_loop(fund_values, bench_values, method):
    fund = pd.Series(
        [np.nan if v is None else v for v in fund_values],
        index=pd.date_range("2023-01-02", periods=len(fund_values), freq="B"),
    )
    bench = pd.Series(
        [np.nan if v is None else v for v in bench_values],
        index=pd.date_range("2023-01-04", periods=len(bench_values), freq="B"),
    )
    result = excess_nav(fund, bench, method=method)
    expected = naive_excess(fund, bench, method)
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.floats(0.01, 100), st.floats(0.01, 100), st.sampled_from(["ratio", "diff"]))
def test_scaling_fund_or_bench_changes_nothing(k, m, method):
    base = excess_nav(FUND, BENCH, method=method)
    scaled = excess_nav(FUND * k, BENCH * m, method=method)
    np.testing.assert_allclose(scaled.to_numpy(), base.to_numpy(), rtol=1e-12)


def test_inputs_never_mutated():
    fund, bench = FUND.copy(), BENCH.copy()
    panel = pd.DataFrame({"a": FUND, "b": FUND * 2})
    panel_copy = panel.copy()
    excess_nav(fund, bench, method="diff")
    excess_nav(panel, bench)
    pd.testing.assert_series_equal(fund, FUND)
    pd.testing.assert_series_equal(bench, BENCH)
    pd.testing.assert_frame_equal(panel, panel_copy)


def test_docstring_examples():
    result = doctest.testmod(excess_module, extraglobs={"pd": pd}, verbose=False)
    assert result.failed == 0 and result.attempted > 0


def test_each_fund_against_its_own_benchmark():
    """bench with one column per fund: column k against bench column k (hand-worked)."""
    dates = pd.date_range("2024-01-05", periods=3, freq="W-FRI")
    funds = pd.DataFrame({"A": [1.0, 1.1, 1.21], "B": [2.0, 2.0, 2.2]}, index=dates)
    bench = pd.DataFrame({"x": [100.0, 105.0, 105.0], "y": [10.0, np.nan, 11.0]}, index=dates)
    out = excess_nav(funds, bench)
    # A: (1.1/1)/(105/100) = 1.047619..., (1.21)/(1.05) = 1.152380...
    assert np.allclose(out["A"], [1.0, 1.1 / 1.05, 1.21 / 1.05])
    # B: the benchmark lacks the second date: blank there; (2.2/2)/(11/10) = 1
    assert out["B"].iloc[0] == 1.0 and np.isnan(out["B"].iloc[1])
    assert out["B"].iloc[2] == pytest.approx(1.0)
    with pytest.raises(InputError, match="one per fund"):
        excess_nav(funds, pd.concat([bench, bench], axis=1))
