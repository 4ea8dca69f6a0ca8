"""Tests for fofxl.correlation (SPEC §9): common periods per pair, Spearman, a naive twin."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

import fofxl.correlation as correlation_module
from fofxl.correlation import correlation_matrix
from fofxl.errors import OptionError


def test_monthly_reporter_against_weekly_gives_monthly_pairs():
    # weekly fund w on every Friday; monthly fund m only on the last Friday of each month
    fridays = pd.date_range("2024-01-05", "2024-06-28", freq="W-FRI")
    rng = np.random.default_rng(1)
    w = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.02, len(fridays)))), index=fridays)
    last_fridays = w.groupby(w.index.to_period("M")).tail(1).index
    m = pd.Series(np.exp(np.cumsum(rng.normal(0, 0.02, len(last_fridays)))), index=last_fridays)
    navs = pd.DataFrame({"w": w, "m": m})
    got = correlation_matrix(navs, min_periods=2).loc["w", "m"]
    # by hand: both have NAVs at the 6 month-end Fridays -> 5 monthly returns each
    rw = w.loc[last_fridays].pct_change().dropna()
    rm = m.pct_change().dropna()
    assert len(rw) == 5
    assert got == pytest.approx(np.corrcoef(rw, rm)[0, 1])
    # with the default min_periods = 12 the pair has too few returns
    assert math.isnan(correlation_matrix(navs).loc["w", "m"])
    assert correlation_matrix(navs).loc["w", "w"] == 1.0


def test_worked_pearson_and_spearman():
    # returns a: +10%, -10%, +20%; b: +20%, -10%, +10%  (NAVs on consecutive Fridays)
    navs = pd.DataFrame(
        {"a": [1.0, 1.1, 0.99, 1.188], "b": [1.0, 1.2, 1.08, 1.188]},
        index=pd.date_range("2024-01-05", periods=4, freq="W-FRI"),
    )
    # means 0.0667 both; deviations a: .0333 -.1667 .1333, b: .1333 -.1667 .0333
    # cov = .00444 + .02778 + .00444 = .03667; var = .00111 + .02778 + .01778 = .04667
    assert correlation_matrix(navs, min_periods=3).loc["a", "b"] == pytest.approx(
        0.03667 / 0.04667, rel=1e-3
    )
    # ranks a: 2 1 3, b: 3 1 2 -> Spearman 1 - 6 * (1 + 0 + 1) / (3 * 8) = 0.5
    assert correlation_matrix(navs, method="spearman", min_periods=3).loc[
        "a", "b"
    ] == pytest.approx(0.5)


def test_spearman_against_scipy_and_monthly_freq():
    rng = np.random.default_rng(7)
    dates = pd.bdate_range("2020-01-01", periods=700)
    x = np.exp(np.cumsum(rng.normal(0, 0.01, (700, 3)), axis=0))
    navs = pd.DataFrame(x, index=dates, columns=list("abc"))
    ends = navs.resample("ME").last().pct_change().dropna()
    got = correlation_matrix(navs, freq="M", method="spearman")
    for i, j in (("a", "b"), ("a", "c"), ("b", "c")):
        assert got.loc[i, j] == pytest.approx(scipy.stats.spearmanr(ends[i], ends[j])[0])
        assert got.loc[j, i] == got.loc[i, j]


def test_errors():
    navs = pd.DataFrame(
        {"a": [1.0, 1.1]}, index=pd.date_range("2024-01-05", periods=2, freq="W-FRI")
    )
    with pytest.raises(OptionError, match="min_periods"):
        correlation_matrix(navs, min_periods=1)
    with pytest.raises(OptionError, match="method"):
        correlation_matrix(navs, method="kendall")


def naive_pair(levels_a, levels_b):
    both = [
        k for k in range(len(levels_a)) if levels_a[k] == levels_a[k] and levels_b[k] == levels_b[k]
    ]
    ra = [levels_a[k] / levels_a[p] - 1 for p, k in zip(both, both[1:], strict=False)]
    rb = [levels_b[k] / levels_b[p] - 1 for p, k in zip(both, both[1:], strict=False)]
    return ra, rb


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 5), st.integers(0, 2**31), st.floats(0.0, 0.6))
def test_matches_naive_pairs_with_gaps(n_series, seed, gap_share):
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2023-01-02", periods=90, freq="D")
    x = np.exp(np.cumsum(rng.normal(0, 0.02, (90, n_series)), axis=0))
    x[rng.random(x.shape) < gap_share] = np.nan
    navs = pd.DataFrame(x, index=dates, columns=[f"s{j}" for j in range(n_series)])
    navs = navs.loc[navs.notna().any(axis=1)]
    got = correlation_matrix(navs, min_periods=3)
    friday = navs.index + pd.to_timedelta((4 - navs.index.day_of_week) % 7, "D")
    weekly = navs.groupby(friday).last()
    for i in range(n_series):
        for j in range(i + 1, n_series):
            ra, rb = naive_pair(weekly.iloc[:, i].tolist(), weekly.iloc[:, j].tolist())
            if len(ra) < 3:
                assert math.isnan(got.iloc[i, j])
                continue
            with np.errstate(invalid="ignore", divide="ignore"):
                expected = np.corrcoef(ra, rb)[0, 1]
            assert got.iloc[i, j] == pytest.approx(expected, abs=1e-9, nan_ok=True)
            assert got.iloc[j, i] == got.iloc[i, j] or math.isnan(expected)


def test_doctests():
    result = doctest.testmod(correlation_module, extraglobs={"pd": pd}, verbose=False)
    assert result.attempted > 0 and result.failed == 0
