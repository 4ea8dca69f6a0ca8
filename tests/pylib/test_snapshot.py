"""Tests for fofxl.snapshot.percentile_snapshot (SPEC §2 "Percentile snapshot")."""

from __future__ import annotations

import calendar
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.errors import OptionError
from fofxl.percentiles import rolling_percentile
from fofxl.snapshot import percentile_snapshot

NAN = math.nan


def _days(*texts):
    return pd.DatetimeIndex(pd.to_datetime(list(texts))).as_unit("ns")


def test_quarter_mean_and_change_hand_worked():
    # the T0 report's tracking line, "amplitude 25.29% vs 10.41%, +14.88 pp", on small data
    dates = _days(
        "2022-11-30", "2022-12-30",  # Q4 2022: history only
        "2023-01-31", "2023-02-28", "2023-03-31",  # Q1 2023
        "2023-04-28", "2023-05-31", "2023-06-30",  # Q2 2023
    )  # fmt: skip
    amplitude = pd.Series([5.0, 3, 4, 1, 2, 6, 0, 7], index=dates, name="amplitude")
    before = amplitude.copy()
    snap = percentile_snapshot(amplitude, window=4)
    # percentiles (inc, window of 4 observations: #below / 3):
    #   2023-01-31: 3 observations only -> none
    #   2023-02-28: [5,3,4,1], x=1: 0 below -> 0
    #   2023-03-31: [3,4,1,2], x=2: 1 below -> 1/3
    #   2023-04-28: [4,1,2,6], x=6: 3 below -> 1
    #   2023-05-31: [1,2,6,0], x=0: 0 below -> 0
    #   2023-06-30: [2,6,0,7], x=7: 3 below -> 1
    q1 = (0 + 1 / 3) / 2  # 16.67%
    q2 = (1 + 0 + 1) / 3  # 66.67%
    assert snap.index.tolist() == list(_days("2023-03-31", "2023-06-30"))  # Q4 2022 has none
    assert snap.columns.tolist() == ["amplitude", "amplitude change"]
    assert snap["amplitude"].tolist() == pytest.approx([q1, q2])
    assert math.isnan(snap["amplitude change"].iloc[0])  # Q4 2022 had no percentile
    assert snap["amplitude change"].iloc[1] == pytest.approx(q2 - q1)  # +50.00 pp, a fraction
    assert snap["amplitude change"].iloc[1] == pytest.approx(0.5)
    pd.testing.assert_series_equal(amplitude, before)


def test_report_style_numbers():
    # "25% this quarter vs 10% last quarter, +15 pp", built with a window of 11 observations
    # (inc: pct = #below / 10)
    history = pd.Series(
        [10.0, 20, 30, 40, 50, 60, 70, 80, 90, 100], index=pd.bdate_range("2022-09-19", periods=10)
    )  # Q3 2022: 10 values, no full window yet
    later = pd.Series([15.0, 21.0, 35.0], index=_days("2022-12-30", "2023-01-31", "2023-02-28"))
    s = pd.concat([history, later]).rename("amplitude")
    snap = percentile_snapshot(s, window=11)
    # 2022-12-30: x=15 in [10..100, 15]: 1 below (10) -> 1/10 = 10%
    # 2023-01-31: x=21 in [20..100, 15, 21]: 2 below (20, 15) -> 2/10 = 20%
    # 2023-02-28: x=35 in [30..100, 15, 21, 35]: 3 below (30, 15, 21) -> 3/10 = 30%
    # Q4 2022 mean = 10%; Q1 2023 mean = (20% + 30%) / 2 = 25%; change = 25% − 10% = +15 pp
    assert snap.index.tolist() == list(_days("2022-12-31", "2023-03-31"))
    assert snap["amplitude"].tolist() == pytest.approx([0.10, 0.25])
    assert math.isnan(snap["amplitude change"].iloc[0])
    assert snap["amplitude change"].iloc[1] == pytest.approx(0.15)  # a fraction, not 15


def test_indicators_on_their_own_dates_monthly_with_a_gap():
    index = _days("2024-01-10", "2024-01-20", "2024-01-30", "2024-02-10", "2024-04-10",
                  "2024-04-20")  # fmt: skip
    frame = pd.DataFrame(
        {
            "turnover": [1.0, 3.0, 2.0, 4.0, 0.0, 5.0],
            "vol": [2.0, NAN, 1.0, NAN, 3.0, 0.5],
        },
        index=index,
    )
    snap = percentile_snapshot(frame, window=2, period="M")
    # turnover (window 2, inc = #below / 1): 01-20 [1,3] 1; 01-30 [3,2] 0; 02-10 [2,4] 1;
    #   04-10 [4,0] 0; 04-20 [0,5] 1 -> Jan (1+0)/2 = 0.5, Feb 1, Mar none, Apr (0+1)/2 = 0.5
    # vol on its own dates 01-10, 01-30, 04-10, 04-20: 01-30 [2,1] 0; 04-10 [1,3] 1;
    #   04-20 [3,0.5] 0 -> Jan 0, Feb none, Apr 0.5
    assert snap.index.tolist() == list(_days("2024-01-31", "2024-02-29", "2024-04-30"))
    assert snap.columns.tolist() == ["turnover", "turnover change", "vol", "vol change"]
    np.testing.assert_allclose(snap["turnover"], [0.5, 1.0, 0.5])
    # change: Feb − Jan = +0.5; Apr − Mar: March has no percentile -> NaN
    np.testing.assert_allclose(snap["turnover change"], [NAN, 0.5, NAN])
    np.testing.assert_allclose(snap["vol"], [0.0, NAN, 0.5])
    np.testing.assert_allclose(snap["vol change"], [NAN, NAN, NAN])


def test_weeks_end_on_friday_and_years():
    # Mon 2024-01-01 ... Wed 2024-01-10
    s = pd.Series([1.0, 2, 3, 0, 5, 6, 7, 8], index=pd.bdate_range("2024-01-01", periods=8))
    weekly = percentile_snapshot(s, window=2, period="W")
    # pct: 01-02 1, 01-03 1, 01-04 0, 01-05 1 | 01-08 1, 01-09 1, 01-10 1
    assert weekly.index.tolist() == list(_days("2024-01-05", "2024-01-12"))
    np.testing.assert_allclose(weekly.iloc[:, 0], [0.75, 1.0])
    np.testing.assert_allclose(weekly.iloc[:, 1], [NAN, 0.25])
    yearly = percentile_snapshot(s, window=2, period="Y")
    assert yearly.index.tolist() == list(_days("2024-12-31"))
    assert weekly.columns.tolist() == ["values", "values change"]  # unnamed series


def test_no_percentile_yet_gives_an_empty_table():
    s = pd.Series([1.0, 2.0], index=_days("2024-01-01", "2024-01-02"), name="x")
    snap = percentile_snapshot(s)  # 3Y window: far from full
    assert snap.empty and snap.columns.tolist() == ["x", "x change"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"period": "native"}, "period='native' is not a frequency; use one of: W, M, Q, Y"),
        ({"period": "X"}, "period='X'"),
        ({"method": "avg"}, "method='avg'"),
        ({"window": 0}, "window=0"),
    ],
)
def test_option_errors(options, message):
    s = pd.Series([1.0, 2.0], index=_days("2024-01-01", "2024-01-02"))
    with pytest.raises(OptionError, match=message):
        percentile_snapshot(s, **options)


def _quarter_end(day):
    month = 3 * ((day.month - 1) // 3 + 1)
    return pd.Timestamp(day.year, month, calendar.monthrange(day.year, month)[1])


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(1, 40), min_size=1, max_size=40),
    st.lists(st.integers(0, 3), min_size=40, max_size=40),
    st.integers(1, 6),
)
def test_matches_naive_period_loop(gaps, values, window):
    dates = pd.Timestamp("2023-01-02") + pd.to_timedelta(np.cumsum(gaps), unit="D")
    s = pd.Series([float(v) for v in values[: len(gaps)]], index=dates.as_unit("ns"), name="v")
    snap = percentile_snapshot(s, window=window)
    pct = rolling_percentile(s, window)
    sums: dict[pd.Timestamp, list[float]] = {}
    for day, p in pct.items():
        if not math.isnan(p):
            sums.setdefault(_quarter_end(day), []).append(p)
    means = {end: sum(ps) / len(ps) for end, ps in sums.items()}
    assert snap.index.tolist() == sorted(means)
    for end, row in snap.iterrows():
        assert row["v"] == pytest.approx(means[end])
        previous = _quarter_end(end - pd.offsets.QuarterEnd(1))
        if previous in means:
            assert row["v change"] == pytest.approx(means[end] - means[previous])
        else:
            assert math.isnan(row["v change"])
        assert 0 <= row["v"] <= 1
