"""Tests for fofxl.indicators: realized volatility and amplitude (SPEC §2 "Indicators")."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fofxl.errors import InputError, OptionError
from fofxl.indicators import amplitude, realized_volatility


def _dates(n, start="2024-01-01"):
    return pd.bdate_range(start, periods=n).as_unit("ns")


def test_realized_volatility_hand_worked():
    closes = pd.Series([100.0, 101.0, 99.0, 100.0, 102.0], index=_dates(5))
    vol = realized_volatility(closes, window=3)
    # log returns: ln(101/100), ln(99/101), ln(100/99), ln(102/100)
    lr = [math.log(101 / 100), math.log(99 / 101), math.log(100 / 99), math.log(102 / 100)]

    def sample_std(xs):
        m = sum(xs) / len(xs)
        return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))

    # NaN until 3 log returns exist: rows 0, 1, 2
    assert vol.isna().tolist() == [True, True, True, False, False]
    assert vol.iloc[3] == pytest.approx(sample_std(lr[0:3]) * math.sqrt(252))  # 0.27496...
    assert vol.iloc[4] == pytest.approx(sample_std(lr[1:4]) * math.sqrt(252))
    assert vol.index.equals(closes.index)


def test_realized_volatility_default_window_20_and_p_override():
    rng = np.random.default_rng(1)
    closes = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, 30))), index=_dates(30))
    vol = realized_volatility(closes)
    assert vol.iloc[:20].isna().all() and vol.iloc[20:].notna().all()
    lr = np.diff(np.log(closes.to_numpy()))
    assert vol.iloc[25] == pytest.approx(np.std(lr[5:25], ddof=1) * math.sqrt(252))
    vol_242 = realized_volatility(closes, periods_per_year=242)
    assert vol_242.iloc[25] == pytest.approx(vol.iloc[25] * math.sqrt(242 / 252))
    inferred = realized_volatility(closes, periods_per_year=None)  # business days -> 252
    pd.testing.assert_series_equal(inferred, vol)


def test_realized_volatility_blank_close_is_skipped():
    closes = pd.Series([100.0, np.nan, 101.0, 99.0, 100.0], index=_dates(5))
    vol = realized_volatility(closes, window=3)
    # the blank row is dropped: the first log return is ln(101/100), spanning it
    assert len(vol) == 4
    lr = np.log([101 / 100, 99 / 101, 100 / 99])
    assert vol.iloc[3] == pytest.approx(np.std(lr, ddof=1) * math.sqrt(252))


def test_realized_volatility_errors():
    closes = pd.Series([100.0, 101.0, -1.0], index=_dates(3))
    with pytest.raises(InputError, match="a price must be > 0"):
        realized_volatility(closes)
    good = pd.Series([100.0, 101.0, 102.0], index=_dates(3))
    with pytest.raises(OptionError, match="window=1"):
        realized_volatility(good, window=1)
    with pytest.raises(OptionError, match="window"):
        realized_volatility(good, window="1M")
    with pytest.raises(OptionError, match="periods_per_year"):
        realized_volatility(good, periods_per_year=0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(50, 150), min_size=1, max_size=40),
    st.integers(2, 10),
)
def test_realized_volatility_matches_naive_loop(prices, window):
    closes = pd.Series(prices, index=_dates(len(prices)))
    before = closes.copy()
    vol = realized_volatility(closes, window=window)
    for t in range(len(prices)):
        if t < window:
            assert math.isnan(vol.iloc[t])
        else:
            lr = [math.log(prices[i] / prices[i - 1]) for i in range(t - window + 1, t + 1)]
            m = sum(lr) / window
            std = math.sqrt(sum((x - m) ** 2 for x in lr) / (window - 1))
            assert vol.iloc[t] == pytest.approx(std * math.sqrt(252), rel=1e-9, abs=1e-12)
    pd.testing.assert_series_equal(closes, before)


# ---------------------------------------------------------------- amplitude


def test_amplitude_hand_worked_on_union_of_dates():
    d = pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"]).as_unit("ns")
    highs = pd.Series([10.5, 10.8, 10.6, 10.9], index=d)
    lows = pd.Series([9.5, 10.0, 10.1, 10.2], index=d)
    # the close of 4 Jan is missing: 5 Jan uses the last close before it (3 Jan)
    closes = pd.Series([10.0, 10.4, 10.5], index=d[[0, 1, 3]])
    amp = amplitude(highs, lows, closes)
    assert amp.index.equals(d)
    assert math.isnan(amp.iloc[0])  # no previous close
    assert amp.iloc[1] == pytest.approx((10.8 - 10.0) / 10.0)  # 0.08
    assert amp.iloc[2] == pytest.approx((10.6 - 10.1) / 10.4)  # 0.048077
    assert amp.iloc[3] == pytest.approx((10.9 - 10.2) / 10.4)  # previous close of 3 Jan


def test_amplitude_blank_high_gives_blank_and_union_adds_rows():
    d = pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"]).as_unit("ns")
    highs = pd.Series([10.5, 10.8], index=d[:2])
    lows = pd.Series([9.5, 10.0, 10.1], index=d)
    closes = pd.Series([10.0, 10.4, 10.3], index=d)
    amp = amplitude(highs, lows, closes)
    assert amp.index.equals(d)
    assert amp.isna().tolist() == [True, False, True]  # 4 Jan has no high


def test_amplitude_high_below_low_names_the_date():
    d = pd.to_datetime(["2024-01-02", "2024-01-03"]).as_unit("ns")
    highs = pd.Series([10.5, 9.0], index=d)
    lows = pd.Series([9.5, 10.0], index=d)
    closes = pd.Series([10.0, 10.4], index=d)
    with pytest.raises(InputError, match="2024-01-03.*high 9 is below the low 10"):
        amplitude(highs, lows, closes)
    with pytest.raises(InputError, match="lows.*price must be > 0"):
        amplitude(highs, lows * 0, closes)


def test_amplitude_inputs_not_mutated():
    d = _dates(5)
    rng = np.random.default_rng(3)
    closes = pd.Series(10 + rng.random(5), index=d)
    highs, lows = closes + 0.5, closes - 0.5
    copies = [s.copy() for s in (highs, lows, closes)]
    amplitude(highs, lows, closes)
    for s, c in zip((highs, lows, closes), copies, strict=True):
        pd.testing.assert_series_equal(s, c)


def test_amplitude_panel_matches_pandas_column_by_column():
    """A panel is one pass over all instruments; each column still spans its own dates: its
    previous close is its own last close before the date, its rows are those it has a price
    on (pandas, one column at a time, as the independent reference)."""
    rng = np.random.default_rng(11)
    days = pd.bdate_range("2021-01-04", periods=250)
    closes = pd.DataFrame(
        10 * np.exp(rng.normal(0, 0.01, (250, 6)).cumsum(axis=0)),
        index=days,
        columns=list("ABCDEF"),
    )
    highs = closes * (1 + 0.02 * rng.random(closes.shape))
    lows = closes * (1 - 0.02 * rng.random(closes.shape))
    for frame in (highs, lows, closes):
        frame[rng.random(frame.shape) < 0.1] = np.nan
    for frame in (highs, lows, closes):
        frame.iloc[:30, 2] = np.nan  # C starts late
    highs = highs.iloc[1:]  # the three ranges need not share their dates
    amp = amplitude(highs, lows, closes)
    for name in closes.columns:
        h, lo, c = (f[name].dropna() for f in (highs, lows, closes))
        dates = h.index.union(lo.index).union(c.index)
        previous = c.reindex(dates).ffill().shift(1)
        expected = (h.reindex(dates) - lo.reindex(dates)) / previous
        got = amp[name].reindex(dates)
        assert np.allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-15, equal_nan=True)
        assert amp[name].drop(dates).isna().all()  # another instrument's dates: blank
    assert amp.index.equals(days)  # every day some instrument has a price


def test_amplitude_panel_names_the_instrument_of_a_high_below_the_low():
    days = pd.bdate_range("2024-01-01", periods=4)
    closes = pd.DataFrame({"A": [10.0, 10.2, 10.1, 10.3], "B": [5.0, 5.1, 5.2, 5.3]}, index=days)
    highs, lows = closes + 0.2, closes - 0.2
    highs.iloc[2, 1] = 4.0
    with pytest.raises(InputError, match=r"2024-01-03 the high 4 is below the low 5 \(B\)"):
        amplitude(highs, lows, closes)


def test_realized_volatility_panel_matches_pandas_column_by_column():
    """A panel is one pass over all columns; each column keeps its own observations (returns
    span its blanks), its own P (a weekly column beside daily ones) and its own start: the
    two-pass sample std of that column alone (numpy), to 1e-13, also where the returns barely
    vary (pandas' running formula is 1e-7 off there), and pandas elsewhere."""
    rng = np.random.default_rng(12)
    days = pd.bdate_range("2019-01-01", periods=800)
    closes = pd.DataFrame(
        10 * np.exp(rng.normal(0, 0.012, (800, 5)).cumsum(axis=0)),
        index=days,
        columns=list("ABCDE"),
    )
    closes["B"] = closes["B"].where(rng.random(800) > 0.1)  # holes
    closes.loc[: days[199], "C"] = np.nan  # starts late
    closes["D"] = closes["D"].where(days.day_of_week == 4)  # weekly
    closes["E"] = 100 * np.exp(np.arange(800) * 1e-4 + rng.normal(0, 1e-9, 800))  # smooth
    vol = realized_volatility(closes, window=20, periods_per_year=None)
    for name in closes.columns:
        own = closes[name].dropna()
        scale = np.sqrt({"D": 52}.get(name, 252))
        returns = np.diff(np.log(own.to_numpy()))
        two_pass = np.lib.stride_tricks.sliding_window_view(returns, 20).std(axis=1, ddof=1)
        got = vol[name].reindex(own.index).to_numpy()
        assert np.isnan(got[:20]).all(), name
        assert np.allclose(got[20:], two_pass * scale, rtol=1e-13, atol=0), name
        if name != "E":
            pandas = np.log(own).diff().rolling(20).std().to_numpy()[20:] * scale
            assert np.allclose(got[20:], pandas, rtol=1e-9), name
        assert vol[name].drop(own.index).isna().all()
