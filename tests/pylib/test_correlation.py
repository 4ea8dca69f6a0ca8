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
from fofxl.correlation import CORRELATION_METHODS, correlation_matrix
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


def naive_correlation(ra, rb, method):
    """Pearson (or Spearman: Pearson of average ranks) of two lists, one pass per sum, in
    plain Python; NaN when either list is constant."""
    if len(set(ra)) < 2 or len(set(rb)) < 2:
        return math.nan
    if method == "spearman":
        ra, rb = list(scipy.stats.rankdata(ra)), list(scipy.stats.rankdata(rb))
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    sab = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    saa = sum((x - ma) ** 2 for x in ra)
    sbb = sum((y - mb) ** 2 for y in rb)
    return max(-1.0, min(1.0, sab / math.sqrt(saa * sbb)))


@st.composite
def pools(draw):
    """Weekly pools with random gaps, monthly reporters, staggered spans, constant NAVs and
    NAVs on a coarse grid (tied returns)."""
    n_series = draw(st.integers(2, 7))
    n_weeks = draw(st.integers(3, 70))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = np.exp(np.cumsum(rng.normal(0.001, 0.02, (n_weeks, n_series)), axis=0))
    rows = np.arange(n_weeks)
    for j in range(n_series):
        kind = draw(st.sampled_from(["gaps", "gaps", "monthly", "constant", "ties", "clean"]))
        if kind == "monthly":
            x[rows % 4 != draw(st.integers(0, 3)), j] = np.nan
        elif kind == "constant":
            x[:, j] = 1.25
        elif kind == "ties":
            x[:, j] = 1.0 + rng.integers(0, 4, n_weeks) / 8
        if kind != "clean":
            x[rng.random(n_weeks) < draw(st.floats(0.0, 0.5)), j] = np.nan
        start, stop = sorted(draw(st.lists(st.integers(0, n_weeks), min_size=2, max_size=2)))
        x[(rows < start) | (rows > stop), j] = np.nan
    dates = pd.date_range("2024-01-05", periods=n_weeks, freq="W-FRI")
    navs = pd.DataFrame(x, index=dates, columns=[f"s{j}" for j in range(n_series)])
    return navs.loc[navs.notna().any(axis=1)]


@settings(max_examples=300, deadline=None)
@given(pools(), st.integers(2, 9), st.sampled_from(CORRELATION_METHODS))
def test_matches_naive_per_pair_loop(navs, min_periods, method):
    # the whole-pool sums (Pearson) and the per-pair path (Spearman) against a per-pair loop
    # on each pair's common periods, to 1e-12
    got = correlation_matrix(navs, method=method, min_periods=min_periods).to_numpy()
    columns = [navs.iloc[:, j].tolist() for j in range(navs.shape[1])]
    for i in range(navs.shape[1]):
        assert got[i, i] == 1.0
        for j in range(i + 1, navs.shape[1]):
            ra, rb = naive_pair(columns[i], columns[j])
            if len(ra) < min_periods:
                expected = math.nan
            else:
                expected = naive_correlation(ra, rb, method)
            assert got[i, j] == pytest.approx(expected, abs=1e-12, nan_ok=True), (i, j)
            assert got[j, i] == got[i, j] or math.isnan(expected)


def test_pearson_matches_pandas_on_a_pool_without_gaps():
    # without missing NAVs inside a span, common-period returns are each series' own weekly
    # returns on the weeks both report: pandas' pairwise DataFrame.corr
    rng = np.random.default_rng(11)
    weeks, n_series = 300, 60
    x = np.exp(np.cumsum(rng.normal(0.001, 0.02, (weeks, n_series)), axis=0))
    rows = np.arange(weeks)[:, None]
    start = rng.integers(0, 200, n_series)
    stop = np.where(rng.random(n_series) < 0.3, rng.integers(150, weeks, n_series), weeks)
    x[(rows < start) | (rows >= stop)] = np.nan
    navs = pd.DataFrame(x, index=pd.date_range("2019-01-04", periods=weeks, freq="W-FRI"))
    got = correlation_matrix(navs, min_periods=12)
    expected = navs.pct_change(fill_method=None).corr(min_periods=12)
    assert np.isnan(got.to_numpy()).sum() > 0  # some pairs overlap too little
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-12)


@st.composite
def wide_pools(draw):
    """Pools of many series with scattered single missing weeks, so that many series miss
    the same or neighbouring weeks (the pool-wide sums group them by week), a few longer
    gaps, monthly reporters and staggered spans."""
    n_series = draw(st.integers(8, 30))
    n_weeks = draw(st.integers(15, 120))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = np.exp(np.cumsum(rng.normal(0.001, 0.02, (n_weeks, n_series)), axis=0))
    x[rng.random(x.shape) < draw(st.floats(0.02, 0.3))] = np.nan
    rows = np.arange(n_weeks)[:, None]
    gaps = rng.random(n_series) < 0.2  # a run of 2-4 missing weeks
    at = rng.integers(0, n_weeks, n_series)
    x[gaps & (rows >= at) & (rows < at + rng.integers(2, 5, n_series))] = np.nan
    x[:, rng.random(n_series) < 0.1] *= np.where(rows % 4 == 0, 1.0, np.nan)  # monthly
    start = np.where(rng.random(n_series) < 0.4, rng.integers(0, n_weeks, n_series), 0)
    x[rows < start] = np.nan
    dates = pd.date_range("2020-01-03", periods=n_weeks, freq="W-FRI")
    navs = pd.DataFrame(x, index=dates, columns=[f"s{j}" for j in range(n_series)])
    return navs.loc[navs.notna().any(axis=1)]


@settings(max_examples=150, deadline=None)
@given(wide_pools(), st.integers(2, 6))
def test_wide_pool_matches_naive_per_pair_loop(navs, min_periods):
    # every pair of a wide pool against the per-pair loop, to 1e-12, NaN where it has fewer
    # than min_periods common returns or a constant one
    got = correlation_matrix(navs, min_periods=min_periods).to_numpy()
    columns = [navs.iloc[:, j].tolist() for j in range(navs.shape[1])]
    for i in range(navs.shape[1]):
        for j in range(i + 1, navs.shape[1]):
            ra, rb = naive_pair(columns[i], columns[j])
            expected = naive_correlation(ra, rb, "pearson") if len(ra) >= min_periods else math.nan
            assert got[i, j] == pytest.approx(expected, abs=1e-12, nan_ok=True), (i, j)
            assert got[j, i] == got[i, j] or math.isnan(expected)
