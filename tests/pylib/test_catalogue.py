"""Tests for the §8 metric catalogue (fofxl.catalogue through fofxl.performance.stat/table).

Hand-worked figures with the arithmetic written out, cross-checks with empyrical and scipy
where the definitions agree, and a naive loop twin of the vectorised kernel under hypothesis.
"""

from __future__ import annotations

import math

import empyrical
import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.catalogue import BENCH_METRICS, CATALOGUE_METRICS
from fofxl.errors import OptionError
from fofxl.performance import ALL_METRICS, metric_name, performance_table, stat

# Worked monthly example (P = 12):
#   date        nav      r      bench   b
#   2024-01-31  1.00            1.00
#   2024-02-29  1.10    +0.10   1.05   +0.05
#   2024-03-31  0.99    -0.10   1.05    0
#   2024-04-30  0.891   -0.10   0.945  -0.10
#   2024-05-31  1.0692  +0.20   1.0395 +0.10
#   2024-06-30  1.17612 +0.10   1.0395  0
DATES = pd.to_datetime(
    ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"]
)
NAV = pd.Series([1.00, 1.10, 0.99, 0.891, 1.0692, 1.17612], index=DATES, name="fund")
BENCH = pd.Series([1.00, 1.05, 1.05, 0.945, 1.0395, 1.0395], index=DATES, name="bench")
R = np.array([0.10, -0.10, -0.10, 0.20, 0.10])
B = np.array([0.05, 0.0, -0.10, 0.10, 0.0])


def test_downside_vol_and_sortino_worked():
    # min(r, 0): 0, -0.1, -0.1, 0, 0 -> squares 0.02, / n = 5 -> 0.004
    downside = math.sqrt(0.004) * math.sqrt(12)
    assert stat(NAV, "downside_vol") == pytest.approx(downside)
    # mean(r) = 0.2 / 5 = 0.04
    assert stat(NAV, "sortino") == pytest.approx(0.04 * 12 / downside)
    # rf = 6%: m = 0.005; r - m: 0.095, -0.105, -0.105, 0.195, 0.095 -> 2 * 0.105^2 / 5
    downside_rf = math.sqrt(2 * 0.105**2 / 5) * math.sqrt(12)
    assert stat(NAV, "downside_vol", rf=0.06) == pytest.approx(downside_rf)
    assert stat(NAV, "sortino", rf=0.06) == pytest.approx(0.035 * 12 / downside_rf)


def test_skew_and_kurt_worked():
    # deviations from 0.04: 0.06, -0.14, -0.14, 0.16, 0.06
    # m2 = 0.072, s^2 = 0.072 / 4 = 0.018; m3 = -0.00096; m4 = 0.0014496
    s = math.sqrt(0.018)
    assert stat(NAV, "skew") == pytest.approx(5 / (4 * 3) * (-0.00096) / s**3)
    kurt = 5 * 6 / (4 * 3 * 2) * 0.0014496 / s**4 - 3 * 4**2 / (3 * 2)
    assert stat(NAV, "kurt") == pytest.approx(kurt)


def test_var_and_cvar_worked():
    # sorted returns -0.1, -0.1, 0.1, 0.1, 0.2
    # var_95: h = 4 * 0.05 = 0.2 -> -0.1 + 0.2 * 0 = -0.1
    assert stat(NAV, "var_95") == pytest.approx(-0.1)
    # var_60: h = 4 * 0.4 = 1.6 -> -0.1 + 0.6 * (0.1 - -0.1) = 0.02: a gain is shown too
    assert stat(NAV, "var_60") == pytest.approx(0.02)
    # cvar_60: k = floor(1.6) + 1 = 2 -> mean(-0.1, -0.1)
    assert stat(NAV, "cvar_60") == pytest.approx(-0.1)
    # cvar_50: h = 2 -> k = 3 -> (-0.1 - 0.1 + 0.1) / 3
    assert stat(NAV, "cvar_50") == pytest.approx(-0.1 / 3)
    # cvar_95: k = floor(0.2) + 1 = 1 -> the worst return
    assert stat(NAV, "CVaR_95.0") == pytest.approx(-0.1)


def test_cvar_k_is_not_moved_by_rounding():
    # n = 21: (n - 1) * 0.05 = 1 exactly in decimal; k = 2 whatever binary 0.05 rounds to
    navs = pd.Series(
        np.cumprod(np.r_[1.0, 1 + np.linspace(-0.05, 0.05, 21)]),
        index=pd.date_range("2024-01-01", periods=22, freq="D"),
    )
    r = np.sort(navs.pct_change().dropna().to_numpy())
    assert stat(navs, "cvar_95") == pytest.approx((r[0] + r[1]) / 2)
    assert stat(navs, "var_95") == pytest.approx(r[1])


def test_best_worst_ulcer_omega_worked():
    assert stat(NAV, "best") == pytest.approx(0.2)
    assert stat(NAV, "worst") == pytest.approx(-0.1)
    # running max 1, 1.1, 1.1, 1.1, 1.1, 1.17612; dd on the 5 return dates:
    # 0, -0.1, -0.19, 1.0692 / 1.1 - 1 = -0.028, 0
    ulcer = math.sqrt((0.1**2 + 0.19**2 + 0.028**2) / 5)
    assert stat(NAV, "ulcer") == pytest.approx(ulcer)
    # gains 0.1 + 0.2 + 0.1 = 0.4; losses 0.1 + 0.1 = 0.2
    assert stat(NAV, "omega") == pytest.approx(2.0)


def test_drawdown_days_worked():
    # peak 2024-02-29, trough 2024-04-30 (61 days), recovery 2024-06-30 (61 days later)
    assert stat(NAV, "max_dd_days") == 61
    assert stat(NAV, "recovery_days") == 61
    # under water from 2024-02-29 to 2024-06-30: 122 days
    assert stat(NAV, "longest_dd_days") == 122
    # not recovered at the end of a window: recovery empty, longest runs to the last date
    assert math.isnan(stat(NAV, "recovery_days", end="2024-05-31"))
    assert stat(NAV, "longest_dd_days", end="2024-05-31") == 92  # 02-29 -> 05-31


def test_drawdown_days_earliest_of_equal_depths_and_no_drawdown():
    # two -20% episodes: 01-01 -> 01-03 (recovered 01-05), then 01-05 -> 01-10 (open)
    navs = pd.Series(
        [1.0, 0.9, 0.8, 0.9, 1.0, 0.9, 0.8],
        index=pd.to_datetime(
            [
                "2024-01-01",
                "2024-01-02",
                "2024-01-03",
                "2024-01-04",
                "2024-01-05",
                "2024-01-08",
                "2024-01-10",
            ]
        ),
    )
    assert stat(navs, "max_dd_days") == 2
    assert stat(navs, "recovery_days") == 2
    assert stat(navs, "longest_dd_days") == 5  # the open episode 01-05 -> 01-10
    rising = pd.Series([1.0, 1.1, 1.2], index=pd.date_range("2024-01-01", periods=3))
    assert stat(rising, "max_dd_days") == 0
    assert stat(rising, "longest_dd_days") == 0
    assert math.isnan(stat(rising, "recovery_days"))
    assert math.isnan(stat(rising, "omega"))  # no loss: empty, never inf


def test_window_base_is_the_nav_before_start():
    # from 2024-04-01: base 0.891 (04-30 is the first date) ... no: base = last NAV before
    # start = 0.99 (2024-03-31); returns -0.1, 0.2, 0.1; path 0.99 0.891 1.0692 1.17612
    assert stat(NAV, "worst", start="2024-04-01") == pytest.approx(-0.1)
    assert stat(NAV, "max_dd_days", start="2024-04-01") == 30  # 03-31 -> 04-30
    assert stat(NAV, "recovery_days", start="2024-04-01") == 31  # 04-30 -> 05-31


def test_bench_metrics_worked():
    ann = 1.17612 ** (12 / 5) - 1
    bench_ann = 1.0395 ** (12 / 5) - 1
    assert stat(NAV, "bench_return", bench=BENCH) == pytest.approx(bench_ann)
    assert stat(NAV, "excess_return", bench=BENCH) == pytest.approx(ann - bench_ann)
    # a = r - b: 0.05, -0.1, 0, 0.1, 0.1; mean 0.03; squared deviations sum 0.028
    te = math.sqrt(0.028 / 4) * math.sqrt(12)
    assert stat(NAV, "tracking_error", bench=BENCH) == pytest.approx(te)
    assert stat(NAV, "information_ratio", bench=BENCH) == pytest.approx((ann - bench_ann) / te)
    # cov sum 0.033, var(b) sum 0.022, var(r) sum 0.072
    assert stat(NAV, "beta", bench=BENCH) == pytest.approx(1.5)
    assert stat(NAV, "correlation", bench=BENCH) == pytest.approx(0.033 / math.sqrt(0.022 * 0.072))
    assert stat(NAV, "alpha", bench=BENCH) == pytest.approx(ann - 1.5 * bench_ann)
    # rf = 2%: alpha = ann - rf - beta (bench - rf)
    assert stat(NAV, "alpha", rf=0.02, bench=BENCH) == pytest.approx(
        ann - 0.02 - 1.5 * (bench_ann - 0.02)
    )
    # b > 0 in periods 1 and 4: mean r 0.15 / mean b 0.075; b < 0 in period 3 only
    assert stat(NAV, "up_capture", bench=BENCH) == pytest.approx(2.0)
    assert stat(NAV, "down_capture", bench=BENCH) == pytest.approx(1.0)
    # r > b in periods 1, 4, 5 (period 3 is a tie: not a win)
    assert stat(NAV, "win_rate", bench=BENCH) == pytest.approx(3 / 5)
    # ratio nav / bench: 1, 1.047619, 0.942857, 0.942857, 1.028571, 1.131429 -> 0.9 - 1
    assert stat(NAV, "excess_max_dd", bench=BENCH) == pytest.approx(-0.1)


def test_bench_taken_as_of_each_fund_date():
    # the benchmark on other dates: the level on or before each fund date is used
    daily = pd.Series(
        [1.00, 9.99, 1.05, 1.05, 0.945, 1.0395, 1.0395],
        index=pd.to_datetime(
            [
                "2024-01-31",
                "2024-02-15",
                "2024-02-28",
                "2024-03-29",
                "2024-04-30",
                "2024-05-30",
                "2024-06-28",
            ]
        ),
    )
    for metric in BENCH_METRICS:
        assert stat(NAV, metric, bench=daily) == pytest.approx(stat(NAV, metric, bench=BENCH))


def test_fund_dates_before_the_benchmark_are_dropped():
    # the benchmark starts 2024-03-31: the pair starts there, with three returns (n = 3)
    late = BENCH.iloc[2:]
    bench_ann = (1.0395 / 1.05) ** (12 / 3) - 1
    assert stat(NAV, "bench_return", bench=late) == pytest.approx(bench_ann)
    assert stat(NAV, "excess_return", bench=late) == pytest.approx(
        (1.17612 / 0.99) ** (12 / 3) - 1 - bench_ann
    )
    # ratio 0.99/1.05, 0.891/0.945 (equal), then up: no excess drawdown
    assert stat(NAV, "excess_max_dd", bench=late) == pytest.approx(0.0, abs=1e-12)


def test_bench_metric_without_bench_says_so():
    with pytest.raises(OptionError, match="beta is measured against a benchmark"):
        stat(NAV, "beta")
    with pytest.raises(OptionError, match="bench_dates and bench_navs"):
        performance_table(NAV, metrics="ann_return,tracking_error")


def test_metric_names():
    assert metric_name("VaR_99") == "var_99"
    assert metric_name("cvar_97.50") == "cvar_97.5"
    assert set(CATALOGUE_METRICS) | set(BENCH_METRICS) <= set(ALL_METRICS)
    with pytest.raises(OptionError, match="outside"):
        metric_name("var_100")


def test_fewer_than_two_returns_only_count_total_best_worst():
    one = NAV.iloc[:2]
    assert stat(one, "best") == pytest.approx(0.1)
    assert stat(one, "worst") == pytest.approx(0.1)
    for metric in (
        "downside_vol",
        "sortino",
        "skew",
        "var_95",
        "cvar_95",
        "ulcer",
        "omega",
        "max_dd_days",
        "longest_dd_days",
    ):
        assert math.isnan(stat(one, metric)), metric
    for metric in BENCH_METRICS:
        assert math.isnan(stat(one, metric, bench=BENCH)), metric


def test_table_rows_equal_stat_windows_for_catalogue():
    rng = np.random.default_rng(5)
    dates = pd.date_range("2021-03-05", periods=150, freq="W-FRI")
    navs = pd.Series(np.exp(np.cumsum(rng.normal(0.001, 0.02, 150))), index=dates, name="f")
    bench = pd.Series(np.exp(np.cumsum(rng.normal(0.001, 0.015, 150))), index=dates)
    metrics = ["sortino", "var_95", "cvar_99", "ulcer", "max_dd_days", "beta", "win_rate"]
    table = performance_table(navs, metrics=metrics, bench=bench)
    for metric in metrics:
        row = table[table["metric"] == metric].iloc[0]
        for year in (2021, 2022, 2023):
            expected = stat(navs, metric, f"{year}-01-01", f"{year}-12-31", bench=bench)
            assert row[year] == pytest.approx(expected, nan_ok=True), (metric, year)
        assert row["full"] == pytest.approx(stat(navs, metric, bench=bench), nan_ok=True)


# ---------------------------------------------------------------------------------------------
# cross-checks with empyrical and scipy (same definitions)
# ---------------------------------------------------------------------------------------------


def _random_pair(seed: int, n: int = 260):
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2019-01-04", periods=n, freq="W-FRI")
    b = rng.normal(0.001, 0.02, n)
    r = 0.7 * b + rng.normal(0.0005, 0.01, n)
    nav = pd.Series(np.cumprod(np.r_[1.0, 1 + r[1:]]), index=dates)
    bench = pd.Series(np.cumprod(np.r_[1.0, 1 + b[1:]]), index=dates)
    return nav, bench, nav.pct_change().dropna(), bench.pct_change().dropna()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_empyrical(seed):
    nav, bench, r, b = _random_pair(seed)
    rf = 0.026
    mar = rf / 52
    assert stat(nav, "sortino", rf=rf) == pytest.approx(
        empyrical.sortino_ratio(r, required_return=mar, period="weekly")
    )
    assert stat(nav, "downside_vol", rf=rf) == pytest.approx(
        empyrical.downside_risk(r, required_return=mar, period="weekly")
    )
    assert stat(nav, "beta", bench=bench) == pytest.approx(empyrical.beta(r, b))
    assert stat(nav, "cvar_95") == pytest.approx(empyrical.conditional_value_at_risk(r))
    assert stat(nav, "var_95") == pytest.approx(np.percentile(r, 5))
    assert stat(nav, "tracking_error", bench=bench) == pytest.approx(
        np.std(r - b, ddof=1) * math.sqrt(52)
    )
    # capture as SPEC §8 / PA geometric=FALSE: arithmetic means on the benchmark's up periods
    up, down = b > 0, b < 0
    assert stat(nav, "up_capture", bench=bench) == pytest.approx(r[up].mean() / b[up].mean())
    assert stat(nav, "down_capture", bench=bench) == pytest.approx(r[down].mean() / b[down].mean())


@pytest.mark.parametrize("seed", [4, 5])
def test_against_scipy(seed):
    nav, bench, r, b = _random_pair(seed)
    assert stat(nav, "skew") == pytest.approx(scipy.stats.skew(r, bias=False))
    assert stat(nav, "kurt") == pytest.approx(scipy.stats.kurtosis(r, bias=False))
    assert stat(nav, "correlation", bench=bench) == pytest.approx(scipy.stats.pearsonr(r, b)[0])
    assert stat(nav, "skew") == pytest.approx(r.skew())
    assert stat(nav, "kurt") == pytest.approx(r.kurt())


# ---------------------------------------------------------------------------------------------
# naive loop twin
# ---------------------------------------------------------------------------------------------


def naive(dates, navs, bench_levels, P, rf, level=95.0):
    """One series, plain Python: every catalogue metric straight from SPEC §8."""
    pts = [(d, v, bl) for d, v, bl in zip(dates, navs, bench_levels, strict=True) if v == v]
    out = {}
    r = [pts[i][1] / pts[i - 1][1] - 1 for i in range(1, len(pts))]
    n = len(r)
    out["best"] = max(r) if r else math.nan
    out["worst"] = min(r) if r else math.nan
    if n < 2:
        return out
    m = rf / P
    mean = sum(r) / n
    down = math.sqrt(sum(min(x - m, 0) ** 2 for x in r) / n) * math.sqrt(P)
    out["downside_vol"] = down
    out["sortino"] = (mean - m) * P / down if down > 0 else math.nan
    s = sorted(r)
    alpha = (100 - level) / 100
    h = round((n - 1) * alpha, 9)
    lo = math.floor(h)
    out["var"] = s[lo] + (h - lo) * (s[min(lo + 1, n - 1)] - s[lo])
    out["cvar"] = sum(s[: lo + 1]) / (lo + 1)
    gain = sum(max(x - m, 0) for x in r)
    loss = sum(max(m - x, 0) for x in r)
    out["omega"] = gain / loss if loss > 0 else math.nan
    # drawdowns and episodes, one date at a time
    peak_v, peak_d = pts[0][1], pts[0][0]
    worst, trough_d, worst_peak_d, worst_peak_v = 0.0, None, None, None
    longest, sq, under = 0.0, 0.0, False
    for d, v, _ in pts[1:]:
        if v >= peak_v:  # at a new max: an open episode recovers here
            if under:
                longest = max(longest, (d - peak_d).days)
            peak_v, peak_d, under = v, d, False
        else:
            under = True
            longest = max(longest, (d - peak_d).days)
        dd = v / peak_v - 1
        sq += dd * dd
        if dd < worst:
            worst, trough_d, worst_peak_d, worst_peak_v = dd, d, peak_d, peak_v
    out["ulcer"] = math.sqrt(sq / n)
    out["longest_dd_days"] = longest
    if trough_d is None:
        out["max_dd_days"], out["recovery_days"] = 0, math.nan
    else:
        out["max_dd_days"] = (trough_d - worst_peak_d).days
        later = [d for d, v, _ in pts if d > trough_d and v >= worst_peak_v]
        out["recovery_days"] = (later[0] - trough_d).days if later else math.nan
    # relative to the benchmark on the fund dates that have one
    pair = [(v, bl) for _, v, bl in pts if bl == bl]
    if len(pair) >= 3:
        rr = [pair[i][0] / pair[i - 1][0] - 1 for i in range(1, len(pair))]
        bb = [pair[i][1] / pair[i - 1][1] - 1 for i in range(1, len(pair))]
        k = len(rr)
        ann = (pair[-1][0] / pair[0][0]) ** (P / k) - 1
        bann = (pair[-1][1] / pair[0][1]) ** (P / k) - 1
        out["excess_return"] = ann - bann
        mr, mb = sum(rr) / k, sum(bb) / k
        cov = sum((x - mr) * (y - mb) for x, y in zip(rr, bb, strict=True))
        vb = sum((y - mb) ** 2 for y in bb)
        flat = math.sqrt(vb / (k - 1)) <= 16 * np.finfo(float).eps * (1 + abs(mb))
        out["beta"] = math.nan if flat else cov / vb
        # a tie is not a win, also when NAV rounding leaves r and b a few ulps apart
        noise = 16 * np.finfo(float).eps
        wins = [x - y > noise * (1 + abs(x) + abs(y)) for x, y in zip(rr, bb, strict=True)]
        out["win_rate"] = sum(wins) / k
        ups = [(x, y) for x, y in zip(rr, bb, strict=True) if y > 0]
        out["up_capture"] = (
            (sum(x for x, _ in ups) / len(ups)) / (sum(y for _, y in ups) / len(ups))
            if ups
            else math.nan
        )
        ratio = [v / bl for v, bl in pair]
        top, worst_x = ratio[0], 0.0
        for x in ratio:
            top = max(top, x)
            worst_x = min(worst_x, x / top - 1)
        out["excess_max_dd"] = worst_x
    return out


NAIVE_NAMES = {"var": "var_90", "cvar": "cvar_90"}


def _step_paths(length: int):
    """Up to 4 funds' weekly steps (None: no NAV that week)."""
    step = st.one_of(st.none(), st.floats(-0.2, 0.25, allow_nan=False))
    return st.lists(st.lists(step, min_size=length, max_size=length), min_size=1, max_size=4)


def _panel(steps, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """NAVs compounded from ``steps`` (rounded to 10 decimals), funds with no NAV left out."""
    cols = {}
    for j, path in enumerate(steps):
        level, values = 1.0, []
        for x in path:
            level = level if x is None else level * (1 + x)
            values.append(math.nan if x is None else round(level, 10))
        cols[f"f{j}"] = values
    panel = pd.DataFrame(cols, index=dates)
    return panel.loc[:, panel.notna().any()]


@settings(max_examples=40, deadline=None)
@given(
    _step_paths(18),
    st.lists(st.floats(-0.1, 0.1, allow_nan=False), min_size=18, max_size=18),
    st.integers(0, 6),
)
def test_panel_kernel_matches_naive_loop(steps, bench_steps, bench_lag):
    dates = pd.date_range("2023-01-06", periods=18, freq="W-FRI")
    panel = _panel(steps, dates)
    if panel.empty:
        return
    bench = pd.Series(np.cumprod(1 + np.array(bench_steps)), index=dates).iloc[bench_lag:]
    bench_levels = bench.reindex(dates).to_numpy()
    names = [
        "best",
        "worst",
        "downside_vol",
        "sortino",
        "var_90",
        "cvar_90",
        "omega",
        "ulcer",
        "max_dd_days",
        "recovery_days",
        "longest_dd_days",
        "excess_return",
        "beta",
        "win_rate",
        "up_capture",
        "excess_max_dd",
    ]
    table = performance_table(
        panel, by="full", metrics=names, bench=bench, rf=0.01, periods_per_year=52
    )
    for name in panel.columns:
        expected = naive(list(dates), panel[name].tolist(), list(bench_levels), 52, 0.01, 90.0)
        for metric in names:
            key = {"var_90": "var", "cvar_90": "cvar"}.get(metric, metric)
            got = table[(table["series"] == name) & (table["metric"] == metric)]["full"].iloc[0]
            want = expected.get(key, math.nan)
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12, nan_ok=True), (name, metric)


RETURN_ONLY = ["best", "worst", "downside_vol", "sortino", "var_90", "cvar_90", "omega"]


@settings(max_examples=40, deadline=None)
@given(_step_paths(40), st.sampled_from([0.0, 0.01]))
def test_per_year_metrics_of_returns_match_naive_loop_on_each_year(steps, rf):
    # metrics that need only returns are read from the panel's returns of the whole history,
    # sliced per year; the naive loop takes each year's NAVs after the last NAV before it
    panel = _panel(steps, pd.date_range("2023-10-06", periods=40, freq="W-FRI"))
    if panel.empty:
        return
    table = performance_table(panel, metrics=RETURN_ONLY, rf=rf, periods_per_year=52)
    for name in panel.columns:
        navs = panel[name].dropna()
        for year in (2023, 2024):
            before = navs[navs.index.year < year].iloc[-1:]
            span = pd.concat([before, navs[navs.index.year == year]])
            if span.empty:
                continue
            expected = naive(list(span.index), span.tolist(), [math.nan] * len(span), 52, rf, 90.0)
            rows = table[table["series"] == name].set_index("metric")
            for metric in RETURN_ONLY:
                key = {"var_90": "var", "cvar_90": "cvar"}.get(metric, metric)
                got = rows.loc[metric, year] if year in rows else math.nan
                want = expected.get(key, math.nan)
                assert got == pytest.approx(want, rel=1e-9, abs=1e-12, nan_ok=True), (
                    name,
                    metric,
                    year,
                )


def test_complete_year_rows_use_the_years_own_returns_for_the_benchmark_too():
    # 2022 is complete (NAVs before and after it): ann_return is 2022's own return, and so
    # are the benchmark's in bench_return / excess_return; 2023 stops in June: annualized
    rng = np.random.default_rng(11)
    dates = pd.date_range("2021-12-03", "2023-06-30", freq="W-FRI")
    navs = pd.Series(np.exp(np.cumsum(rng.normal(0.001, 0.02, len(dates)))), index=dates)
    bench = pd.Series(np.exp(np.cumsum(rng.normal(0.0, 0.01, len(dates)))), index=dates)
    table = performance_table(navs, metrics="ann_return,bench_return,excess_return", bench=bench)
    row = table.set_index("metric")
    base, end = navs[:"2021-12-31"].iloc[-1], navs[:"2022-12-31"].iloc[-1]
    b_base, b_end = bench[:"2021-12-31"].iloc[-1], bench[:"2022-12-31"].iloc[-1]
    assert row.loc["ann_return", 2022] == pytest.approx(end / base - 1)
    assert row.loc["bench_return", 2022] == pytest.approx(b_end / b_base - 1)
    assert row.loc["excess_return", 2022] == pytest.approx(end / base - b_end / b_base)
    n23 = len(navs["2023"])
    b_last = bench.iloc[-1]
    assert row.loc["bench_return", 2023] == pytest.approx((b_last / b_end) ** (52 / n23) - 1)
