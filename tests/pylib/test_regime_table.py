"""Tests for fofxl.regime_table (SPEC §2 "Period alignment"; Tables 3–5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.buckets import bucket_stats
from fofxl.errors import OptionError
from fofxl.regime_table import regime_stats, return_regimes


def _ts(*texts):
    return pd.to_datetime(list(texts)).as_unit("ns")


# Daily indicator over six weeks (weeks end on Friday):
#   W1 (Fri 5 Jan):  3 Jan 1.0,  5 Jan 3.0   mean 2.0  last 3.0
#   W2 (Fri 12 Jan): 8 Jan 4.0, 10 Jan 6.0   mean 5.0  last 6.0
#   W3 (Fri 19 Jan): 16 Jan 2.0, 18 Jan 1.0  mean 1.5  last 1.0  (Friday 19 Jan a holiday)
#   W4 (Fri 26 Jan): 22 Jan 7.0, 26 Jan 5.0  mean 6.0  last 5.0
#   W5 (Fri 2 Feb):  29 Jan 3.0,  2 Feb 4.0  mean 3.5  last 4.0
#   W6 (Fri 9 Feb):   5 Feb 8.0              mean 8.0  last 8.0
INDICATOR = pd.Series(
    [1.0, 3.0, 4.0, 6.0, 2.0, 1.0, 7.0, 5.0, 3.0, 4.0, 8.0],
    index=_ts(
        "2024-01-03",
        "2024-01-05",
        "2024-01-08",
        "2024-01-10",
        "2024-01-16",
        "2024-01-18",
        "2024-01-22",
        "2024-01-26",
        "2024-01-29",
        "2024-02-02",
        "2024-02-05",
    ),
    name="turnover",
)
# Weekly returns of two products from W3 on; W3's NAV date is Thursday 18 Jan (holiday Friday).
RETURNS = pd.DataFrame(
    {"A": [0.01, 0.02, -0.01, 0.03], "B": [-0.02, np.nan, 0.01, 0.05]},
    index=_ts("2024-01-18", "2024-01-26", "2024-02-02", "2024-02-09"),
)


def test_hand_worked_weekly_regimes():
    # window = 3 weekly periods, inc: pct = #(window values < x) / (3 - 1)
    #   W3: window [2.0, 5.0, 1.5], x = 1.5: 0 below -> 0.0 -> low
    #   W4: window [5.0, 1.5, 6.0], x = 6.0: 2 below -> 1.0 -> high
    #   W5: window [1.5, 6.0, 3.5], x = 3.5: 1 below -> 0.5 -> balance
    #   W6: window [6.0, 3.5, 8.0], x = 8.0: 2 below -> 1.0 -> high
    regimes = return_regimes(RETURNS, INDICATOR, window=3)
    assert regimes.index.equals(RETURNS.index)
    assert regimes["A"].tolist() == ["low", "high", "balance", "high"]
    assert regimes["B"].tolist() == ["low", None, "balance", "high"]  # blank return: no label
    table = regime_stats(RETURNS, INDICATOR, window=3, total=True)
    assert list(table.index) == ["low", "balance", "high", "total"]
    # pooled product-weeks: low 0.01, -0.02 | balance -0.01, 0.01 | high 0.02, 0.03, 0.05
    assert table["count"].tolist() == [2, 2, 3, 7]
    assert table.loc["low", "mean"] == pytest.approx((0.01 - 0.02) / 2)
    assert table.loc["balance", "mean"] == pytest.approx(0.0)
    assert table.loc["high", "mean"] == pytest.approx((0.02 + 0.03 + 0.05) / 3)
    assert table.loc["high", "50%"] == pytest.approx(0.03)
    assert table.loc["high", ">0 share"] == 1.0


def test_indicator_history_before_first_return_counts():
    # The returns start in W3; W3's window uses W1 and W2, which precede every return.
    full = return_regimes(RETURNS["A"], INDICATOR, window=3)
    assert full.iloc[0] == "low"
    # Cut the indicator at the first return's week: W3 no longer has a full window.
    cut = return_regimes(RETURNS["A"], INDICATOR["2024-01-13":], window=3)
    # W3: 1 value in the window -> blank; W4: [1.5, 6.0] not full -> blank;
    # W5: [1.5, 6.0, 3.5] -> balance (as before)
    assert cut.tolist() == [None, None, "balance", "high"]
    assert regime_stats(RETURNS["A"], INDICATOR["2024-01-13":], window=3)["count"].sum() == 2


def test_agg_last():
    # last values 3, 6, 1, 5, 4, 8
    #   W3: [3, 6, 1], x = 1: 0 below -> low;  W4: [6, 1, 5], x = 5: 1 below -> 0.5 balance
    #   W5: [1, 5, 4], x = 4: 1 below -> balance;  W6: [5, 4, 8], x = 8 -> 1.0 high
    regimes = return_regimes(RETURNS["A"], INDICATOR, window=3, agg="last")
    assert regimes.tolist() == ["low", "balance", "balance", "high"]


def test_lag_uses_earlier_periods_regime():
    # weekly regimes W2 none, W3 low, W4 high, W5 balance
    regimes = return_regimes(RETURNS["A"], INDICATOR, window=3, lag=1)
    assert regimes.tolist() == [None, "low", "high", "balance"]
    regimes2 = return_regimes(RETURNS["A"], INDICATOR, window=3, lag=2)
    assert regimes2.tolist() == [None, None, "low", "high"]


def test_span_window_and_thresholds_and_labels():
    # "2W" = 14 days: window holds weeks dated after t - 14 days (this week and the last);
    # full once the first week is <= t - 14 days (from W3).
    #   W3: [5.0, 1.5] x = 1.5 -> 0/1 = 0 -> calm;  W4: [1.5, 6.0] -> 1 -> stressed
    #   W5: [6.0, 3.5] -> 0 -> calm;  W6: [3.5, 8.0] -> 1 -> stressed
    regimes = return_regimes(RETURNS["A"], INDICATOR, window="2W", labels="calm,normal,stressed")
    assert regimes.tolist() == ["calm", "stressed", "calm", "stressed"]
    table = regime_stats(RETURNS["A"], INDICATOR, window="2W", labels="calm,normal,stressed")
    assert list(table.index) == ["calm", "normal", "stressed"]
    assert table["count"].tolist() == [2, 0, 2]
    # with low = 0 and high = 1 everything is balance (the thresholds themselves are balance)
    flat = return_regimes(RETURNS["A"], INDICATOR, window=3, low=0, high=1)
    assert flat.tolist() == ["balance"] * 4


def test_monthly_returns_use_monthly_means():
    days = pd.bdate_range("2024-01-01", "2024-04-30").as_unit("ns")
    level = {1: 1.0, 2: 3.0, 3: 2.0, 4: 4.0}  # every day of a month has the same value
    indicator = pd.Series([level[d.month] for d in days], index=days)
    # month ends (29 Mar is the last business day of March: still March)
    returns = pd.Series([0.01, -0.01, 0.02], index=_ts("2024-02-29", "2024-03-29", "2024-04-30"))
    # window = 2 months: Feb [1, 3] x = 3 -> 1 high; Mar [3, 2] -> 0 low; Apr [2, 4] -> high
    assert return_regimes(returns, indicator, window=2).tolist() == ["high", "low", "high"]


def test_daily_returns_use_the_daily_indicator():
    days = pd.bdate_range("2024-01-01", periods=12).as_unit("ns")
    indicator = pd.Series([5, 3, 4, 1, 2, 6, 7, 2, 3, 9, 1, 4], index=days, dtype=float)
    returns = pd.Series(np.linspace(-0.01, 0.01, 8), index=days[4:])
    regimes = return_regimes(returns, indicator, window=4)
    # on day t the window is the last 4 indicator values:
    #   day 4 (2): [3, 4, 1, 2] -> 1 below / 3 = 0.333 balance
    #   day 5 (6): [4, 1, 2, 6] -> 3/3 = 1 high;  day 6 (7): [1, 2, 6, 7] -> high
    #   day 7 (2): [2, 6, 7, 2] -> 0/3 low;  day 8 (3): [6, 7, 2, 3] -> 1/3 balance
    #   day 9 (9): [7, 2, 3, 9] -> 3/3 high;  day 10 (1): [2, 3, 9, 1] -> 0/3 low
    #   day 11 (4): [3, 9, 1, 4] -> 2/3 balance
    assert regimes.tolist() == [
        "balance",
        "high",
        "high",
        "low",
        "balance",
        "high",
        "low",
        "balance",
    ]


def test_regime_stats_is_bucket_stats_of_return_regimes():
    rng = np.random.default_rng(5)
    days = pd.bdate_range("2019-01-01", "2023-12-31").as_unit("ns")
    indicator = pd.Series(np.exp(rng.normal(size=len(days))), index=days)
    fridays = pd.date_range("2020-01-03", "2023-12-29", freq="W-FRI").as_unit("ns")
    returns = pd.DataFrame(rng.normal(0, 0.01, (len(fridays), 4)), index=fridays)
    returns.iloc[::7, 1] = np.nan
    before = returns.copy(), indicator.copy()
    regimes = return_regimes(returns, indicator)
    expected = bucket_stats(returns, regimes, order=("low", "balance", "high"), total=True)
    table = regime_stats(returns, indicator, total=True)
    pd.testing.assert_frame_equal(table, expected)
    # the indicator starts in January 2019 and 3Y needs its first week <= t - 3Y, so only
    # returns from January 2022 on are labelled; the total counts exactly the labelled ones
    labelled = regimes.notna().to_numpy()
    assert table.loc["total", "count"] == labelled.sum()
    assert not labelled[fridays < pd.Timestamp("2022-01-01")].any()
    assert labelled[(fridays >= pd.Timestamp("2022-01-07"))].sum() > 0
    pd.testing.assert_frame_equal(returns, before[0])
    pd.testing.assert_series_equal(indicator, before[1])


def test_option_errors():
    with pytest.raises(OptionError, match="mean, last"):
        regime_stats(RETURNS, INDICATOR, window=3, agg="median")
    for bad in (-1, 1.5, True, "x"):
        with pytest.raises(OptionError, match="lag"):
            return_regimes(RETURNS, INDICATOR, window=3, lag=bad)
    with pytest.raises(OptionError, match="labels"):
        regime_stats(RETURNS, INDICATOR, window=3, labels="a,b")
    with pytest.raises(OptionError, match="low=20"):
        regime_stats(RETURNS, INDICATOR, window=3, low=20)


def _naive_weekly_regimes(returns: pd.Series, indicator: pd.Series, window: int) -> list:
    """Loop version: weekly means, trailing-window inc percentiles, labels, per return."""
    weeks: dict[pd.Timestamp, list[float]] = {}
    for date, value in indicator.items():
        friday = date + pd.Timedelta(days=(4 - date.day_of_week) % 7)
        weeks.setdefault(friday, []).append(value)
    keys = sorted(weeks)
    means = [sum(weeks[k]) / len(weeks[k]) for k in keys]
    label = {}
    for i, key in enumerate(keys):
        if i + 1 < window:
            continue
        trailing = means[i + 1 - window : i + 1]
        pct = sum(v < means[i] for v in trailing) / (window - 1)
        label[key] = "low" if pct < 0.2 else "high" if pct > 0.8 else "balance"
    out = []
    for date in returns.index:
        friday = date + pd.Timedelta(days=(4 - date.day_of_week) % 7)
        out.append(label.get(friday))
    return out


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0.1, 10), min_size=5, max_size=80),
    st.integers(2, 6),
    st.integers(0, 2**31),
)
def test_matches_naive_loop(values, window, seed):
    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2024-01-01", periods=len(values)).as_unit("ns")
    keep = rng.random(len(days)) > 0.2
    keep[0] = True
    indicator = pd.Series(values, index=days)[keep]
    fridays = pd.date_range("2024-01-05", days[-1], freq="W-FRI").as_unit("ns")
    start = int(rng.integers(0, max(len(fridays) - 2, 1)))
    returns = pd.Series(rng.normal(0, 0.01, len(fridays)), index=fridays)[start:]
    if len(returns) < 2:
        return
    got = return_regimes(returns, indicator, window=window)
    assert got.tolist() == _naive_weekly_regimes(returns, indicator, window)
